from django.contrib import admin

from liaison.audit.admin_mixins import AuditedAdmin
from liaison.registry import models


@admin.register(models.LiaisonOrganization)
class LiaisonOrganizationAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "time_zone", "lead_time_days")


@admin.register(models.Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "liaison_org", "role")
    list_filter = ("role", "liaison_org")


@admin.register(models.InterestCategory)
class InterestCategoryAdmin(AuditedAdmin):
    list_display = ("name", "code", "is_iso", "order")


class RelationshipInline(admin.TabularInline):
    model = models.Relationship
    extra = 0


@admin.register(models.Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ("acronym", "name", "kind", "liaison_org")
    list_filter = ("kind", "liaison_org")
    search_fields = ("name", "acronym")
    inlines = [RelationshipInline]


class RepresentativeInline(admin.TabularInline):
    model = models.Representative
    extra = 0


class CommunicationInline(admin.TabularInline):
    model = models.Communication
    extra = 0


@admin.register(models.Relationship)
class RelationshipAdmin(AuditedAdmin):
    list_display = ("organization", "formality", "iso_category", "established_on")
    inlines = [RepresentativeInline, CommunicationInline]


@admin.register(models.Topic)
class TopicAdmin(AuditedAdmin):
    list_display = ("name", "liaison_org")


class SubscriptionInline(admin.TabularInline):
    model = models.Subscription
    extra = 0


@admin.register(models.Stakeholder)
class StakeholderAdmin(AuditedAdmin):
    list_display = ("name", "kind", "email", "consent_to_contact", "willing_to_participate")
    list_filter = ("kind", "categories", "consent_to_contact", "liaison_org")
    search_fields = ("name", "email", "affiliation")
    filter_horizontal = ("categories",)
    inlines = [SubscriptionInline]

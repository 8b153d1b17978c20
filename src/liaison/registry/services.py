"""Writes to the registry. Each runs in one transaction and records an audit event."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from liaison.audit.services import audit_record, create_recorded, update_recorded
from liaison.registry.models import (
    Communication,
    LiaisonOrganization,
    Membership,
    Organization,
    Relationship,
    Representative,
    Stakeholder,
    Subscription,
    Topic,
)


@transaction.atomic
def liaison_org_create(*, actor, **fields: Any) -> LiaisonOrganization:
    org = LiaisonOrganization(**fields)
    org.full_clean()
    org.save()
    audit_record(actor=actor, verb="liaison_org.create", target=org, liaison_org=org,
                 summary=f"liaison organization “{org}” created")
    return org


@transaction.atomic
def user_create(*, actor, username: str, email: str, password: str, first_name: str = "",
                last_name: str = "", is_staff: bool = False):
    """Create a sign-in account (the password is hashed; never logged)."""
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, first_name=first_name,
        last_name=last_name, is_staff=is_staff,
    )
    audit_record(actor=actor, verb="user.create", target=user,
                 summary=f"account {username} created")
    return user


@transaction.atomic
def membership_grant(*, actor, user, liaison_org: LiaisonOrganization, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, liaison_org=liaison_org, role=role
    )
    if created:
        audit_record(actor=actor, verb="membership.grant", target=membership,
                     liaison_org=liaison_org, summary=f"{user} granted role {role}")
    return membership


@transaction.atomic
def organization_create(*, actor, liaison_org, **fields: Any) -> Organization:
    return create_recorded(Organization, actor=actor, verb="organization.create",
                           liaison_org=liaison_org,
                           fields={"liaison_org": liaison_org, **fields})


@transaction.atomic
def organization_update(*, actor, organization: Organization, **fields: Any) -> Organization:
    return update_recorded(organization, actor=actor, verb="organization.update",
                           liaison_org=organization.liaison_org, fields=fields)


@transaction.atomic
def relationship_create(*, actor, liaison_org, **fields: Any) -> Relationship:
    return create_recorded(Relationship, actor=actor, verb="relationship.create",
                           liaison_org=liaison_org,
                           fields={"liaison_org": liaison_org, **fields})


@transaction.atomic
def relationship_update(*, actor, relationship: Relationship, **fields: Any) -> Relationship:
    return update_recorded(relationship, actor=actor, verb="relationship.update",
                           liaison_org=relationship.liaison_org, fields=fields)


@transaction.atomic
def representative_appoint(*, actor, relationship: Relationship,
                           **fields: Any) -> Representative:
    return create_recorded(Representative, actor=actor, verb="representative.appoint",
                           liaison_org=relationship.liaison_org,
                           fields={"relationship": relationship, **fields})


@transaction.atomic
def representative_update(*, actor, representative: Representative,
                          **fields: Any) -> Representative:
    return update_recorded(representative, actor=actor, verb="representative.update",
                           liaison_org=representative.relationship.liaison_org, fields=fields)


@transaction.atomic
def communication_log(*, actor, relationship: Relationship, **fields: Any) -> Communication:
    return create_recorded(Communication, actor=actor, verb="communication.log",
                           liaison_org=relationship.liaison_org,
                           fields={"relationship": relationship, **fields})


@transaction.atomic
def topic_create(*, actor, liaison_org, name: str) -> Topic:
    return create_recorded(Topic, actor=actor, verb="topic.create", liaison_org=liaison_org,
                           fields={"liaison_org": liaison_org, "name": name})


def _consent_fields(fields: dict[str, Any], before: bool | None) -> dict[str, Any]:
    if "consent_to_contact" in fields and fields["consent_to_contact"] != before:
        return {**fields, "consent_changed_at": timezone.now()}
    return fields


@transaction.atomic
def stakeholder_create(*, actor, liaison_org, categories=(), **fields: Any) -> Stakeholder:
    fields = _consent_fields(fields, False)
    return create_recorded(Stakeholder, actor=actor, verb="stakeholder.create",
                           liaison_org=liaison_org,
                           fields={"liaison_org": liaison_org, **fields},
                           m2m={"categories": list(categories)})


@transaction.atomic
def stakeholder_update(*, actor, stakeholder: Stakeholder, categories=None,
                       **fields: Any) -> Stakeholder:
    fields = _consent_fields(fields, stakeholder.consent_to_contact)
    m2m = {"categories": list(categories)} if categories is not None else None
    return update_recorded(stakeholder, actor=actor, verb="stakeholder.update",
                           liaison_org=stakeholder.liaison_org, fields=fields, m2m=m2m)


@transaction.atomic
def subscription_add(*, actor, stakeholder: Stakeholder, organization: Organization | None = None,
                     topic: Topic | None = None) -> Subscription:
    return create_recorded(Subscription, actor=actor, verb="subscription.add",
                           liaison_org=stakeholder.liaison_org,
                           fields={"stakeholder": stakeholder, "organization": organization,
                                   "topic": topic})


@transaction.atomic
def subscription_remove(*, actor, subscription: Subscription) -> None:
    stakeholder = subscription.stakeholder
    audit_record(actor=actor, verb="subscription.remove", target=subscription,
                 liaison_org=stakeholder.liaison_org,
                 summary=f"{stakeholder} no longer follows "
                 f"{subscription.organization or subscription.topic}")
    subscription.delete()


@transaction.atomic
def stakeholder_set_subscriptions(*, actor, stakeholder: Stakeholder, organizations,
                                  topics) -> None:
    """Make the stakeholder follow exactly ``organizations`` and ``topics``."""
    current = list(stakeholder.subscriptions.all())
    wanted_orgs = {o.pk for o in organizations}
    wanted_topics = {t.pk for t in topics}
    for sub in current:
        if (sub.organization_id and sub.organization_id not in wanted_orgs) or (
            sub.topic_id and sub.topic_id not in wanted_topics
        ):
            subscription_remove(actor=actor, subscription=sub)
    have_orgs = {s.organization_id for s in current if s.organization_id}
    have_topics = {s.topic_id for s in current if s.topic_id}
    for org in organizations:
        if org.pk not in have_orgs:
            subscription_add(actor=actor, stakeholder=stakeholder, organization=org)
    for topic in topics:
        if topic.pk not in have_topics:
            subscription_add(actor=actor, stakeholder=stakeholder, topic=topic)

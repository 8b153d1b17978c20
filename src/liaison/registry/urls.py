from django.urls import path

from liaison.registry import views

app_name = "registry"
urlpatterns = [
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/new/", views.organization_new, name="organization_new"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/liaisons/new/", views.relationship_new,
         name="relationship_new"),
    path("liaisons/<int:pk>/edit/", views.relationship_edit, name="relationship_edit"),
    path("liaisons/<int:pk>/representatives/new/", views.representative_new,
         name="representative_new"),
    path("liaisons/<int:pk>/communications/new/", views.communication_new,
         name="communication_new"),
    path("stakeholders/", views.stakeholders, name="stakeholders"),
    path("stakeholders/new/", views.stakeholder_new, name="stakeholder_new"),
    path("stakeholders/<int:pk>/", views.stakeholder_detail, name="stakeholder"),
    path("stakeholders/<int:pk>/edit/", views.stakeholder_edit, name="stakeholder_edit"),
]

"""Writes made in the Django admin land in the audit trail too."""

from django.urls import reverse

from liaison.audit.models import AuditEvent
from liaison.audit.selectors import verify_chain
from liaison.projects import services
from liaison.registry.models import Role


def test_admin_change_records_an_event_with_the_changes(client, make_user, org):
    admin_user = make_user(Role.ADMIN, username="root")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    project = services.project_create(actor=None, liaison_org=org, reference="ISO/NP 12345",
                                      title="Old title", stage_code="10.99")
    client.force_login(admin_user)
    url = reverse("admin:projects_project_change", args=[project.pk])
    form = {"liaison_org": org.pk, "reference": "ISO/NP 12345", "title": "New title",
            "stage_code": "20.00", "scope": "", "approved_on": "",
            **{f"{prefix}-{key}": value
               for prefix in ("declared_groups", "documents", "ballots")
               for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()}}
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(verb="admin.change").get()
    assert event.actor == admin_user and event.liaison_org == org
    assert event.data["changes"]["title"] == ["Old title", "New title"]
    assert event.data["changes"]["stage_code"] == ["10.99", "20.00"]
    assert verify_chain().intact

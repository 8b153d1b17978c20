"""Every consultation page renders for the roles that use it; the admin is read-mostly and
audited; the demo consultation loads once with its comments."""

import pytest
from django.urls import reverse

from liaison.audit.models import AuditEvent
from liaison.consultations import services
from liaison.consultations.demo import COMMENTS, load_demo_consultations
from liaison.consultations.models import Comment, Consultation
from liaison.consultations.states import State
from liaison.registry import services as registry
from liaison.registry.models import Role
from tests.consultations.helpers import pass_deadline
from tests.snapshots import row_counts


@pytest.fixture
def comment(consultation, alice):
    return services.comment_create(actor=alice[0], consultation=consultation, author=alice[1],
                                   comment="A draft", type="te")


def test_pages_render_for_the_stakeholder(client, consultation, alice, comment):
    client.force_login(alice[0])
    for url in [reverse("consultations:list"),
                reverse("consultations:project", args=[consultation.project_id]),
                reverse("consultations:detail", args=[consultation.pk]),
                reverse("consultations:comment_new", args=[consultation.pk]),
                reverse("consultations:comment_edit", args=[consultation.pk, comment.pk]),
                reverse("consultations:upload", args=[consultation.pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get(reverse("consultations:export",
                              args=[consultation.pk, "docx"])).status_code == 403
    assert client.post(reverse("consultations:close", args=[consultation.pk])).status_code == 403


def test_pages_render_for_the_coordinator(client, coordinator, consultation):
    client.force_login(coordinator)
    for url in [reverse("consultations:list"),
                reverse("consultations:new", args=[consultation.project_id]),
                reverse("consultations:edit", args=[consultation.pk]),
                reverse("consultations:detail", args=[consultation.pk]),
                reverse("consultations:upload", args=[consultation.pk]),
                reverse("projects:detail", args=[consultation.project_id])]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("consultations:upload", args=[consultation.pk])).content.decode()
    assert "On behalf of stakeholder" in page
    response = client.get(reverse("consultations:export", args=[consultation.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert client.get(reverse("consultations:export",
                              args=[consultation.pk, "pdf"])).status_code == 404


def test_admin_lists_comments_read_only_and_opens_through_the_service(
        client, org, coordinator, consultation, comment):
    admin = registry.user_create(actor=None, username="root", email="root@example.org",
                                 password="x-very-long-password-1", is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert client.get(reverse("admin:consultations_comment_changelist")).status_code == 200
    url = reverse("admin:consultations_comment_change", args=[comment.pk])
    client.post(url, {"comment": "Changed in the admin"})
    comment.refresh_from_db()
    assert comment.comment == "A draft"
    before = row_counts()
    response = client.post(reverse("admin:consultations_consultation_changelist"),
                           {"action": "close_consultations",
                            "_selected_action": [consultation.pk]})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == State.OPEN  # before the deadline: a reason is needed
    assert row_counts() == before
    pass_deadline(consultation)
    client.post(reverse("admin:consultations_consultation_changelist"),
                {"action": "close_consultations", "_selected_action": [consultation.pk]})
    consultation.refresh_from_db()
    assert consultation.state == State.CLOSED
    assert AuditEvent.objects.filter(verb="consultation.close", actor=admin,
                                     data__early=False).exists()


def test_demo_consultations_load_once(org, coordinator, make_user):
    from liaison.projects import services as project_services

    project_services.project_create(actor=coordinator, liaison_org=org,
                                    reference="ISO/DIS 15836-2", title="DC part 2",
                                    stage_code="40.20")
    sofia = make_user(Role.STAKEHOLDER, username="sofia")
    for i, name in enumerate(sorted({c[0] for c in COMMENTS})):
        registry.stakeholder_create(actor=coordinator, liaison_org=org, name=name,
                                    email=f"s{i}@example.org",
                                    user=sofia if name == "Sofia Marquez" else None)
    consultation = load_demo_consultations(org, coordinator)
    assert consultation.state == State.OPEN and not consultation.deadline_passed()
    assert consultation.comments.count() == len(COMMENTS) == 12
    assert consultation.comments.filter(status=Comment.Status.DRAFT).get().author.user == sofia
    assert load_demo_consultations(org, coordinator) == consultation
    assert Consultation.objects.count() == 1

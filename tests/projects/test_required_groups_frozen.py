"""The groups that must be involved are part of the consensus rule: while a consultation of
the project decides its position they do not change — not by the service, the project's page
or the admin — so no verdict turns without a reason. Supporting groups, which the rule does
not read, still change."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liaison.consensus import services as consensus
from liaison.consultations.models import Consultation
from liaison.projects import services
from liaison.registry import services as registry
from liaison.registry.models import InterestCategory
from tests.builders import open_consultation_on_the_dis
from tests.snapshots import row_counts


@pytest.fixture
def cats(db):
    return {c.code: c for c in InterestCategory.objects.all()}


@pytest.fixture
def deciding(org, coordinator, cats) -> Consultation:
    """A consultation consolidating its position; its project requires industry."""
    consultation = open_consultation_on_the_dis(org, coordinator)
    services.project_declare_groups(actor=coordinator, project=consultation.project,
                                    supporting=[], required=[cats["industry"]])
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=20), deadline=now - dt.timedelta(minutes=1))
    consultation.refresh_from_db()
    return consensus.consolidation_start(actor=coordinator, consultation=consultation)


def _required(project) -> set[str]:
    return {d.category.code for d in project.declared_groups.filter(kind="required")}


def test_the_service_refuses_to_change_required_groups_while_a_position_is_decided(
        coordinator, deciding, cats):
    project = deciding.project
    before = row_counts()
    with pytest.raises(ValidationError, match="whose position is being decided"):
        services.project_declare_groups(actor=coordinator, project=project, supporting=[],
                                        required=[])
    assert _required(project) == {"industry"} and row_counts() == before
    services.project_declare_groups(actor=coordinator, project=project,
                                    supporting=[cats["academic"]], required=[cats["industry"]])
    assert {d.category.code for d in project.declared_groups.all()} == {"industry", "academic"}


def test_the_project_page_shows_the_refusal_on_the_field(client, coordinator, deciding, cats):
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(reverse("projects:groups", args=[deciding.project.pk]),
                           {"required": [cats["consumers"].pk]})
    assert response.status_code == 400
    assert "Comments on the DIS" in response.content.decode()
    assert "they change once it is submitted" in response.content.decode()
    assert _required(deciding.project) == {"industry"} and row_counts() == before


def test_the_admin_shows_declared_groups_read_only(client, deciding):
    root = registry.user_create(actor=None, username="root", email="root@example.org",
                                password="x-very-long-password-1", is_staff=True)
    root.is_superuser = True
    root.save()
    client.force_login(root)
    page = client.get(reverse("admin:projects_project_change",
                              args=[deciding.project.pk])).content.decode()
    assert "declared_groups-0-category" not in page  # shown, not editable
    assert 'name="documents-TOTAL_FORMS"' in page

"""Published versions never change; editing makes a new version; the rule in force at a date
is the last published before it; each consultation keeps the version in force when it opened."""

import datetime as dt
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liaison.audit.models import AuditEvent
from liaison.core.rules import ConsensusRule
from liaison.process import selectors, services
from liaison.process.models import ProcessVersion, PublishedVersionImmutable
from tests.process.conftest import T1, T2
from tests.snapshots import row_counts


def test_a_published_version_cannot_be_changed_or_deleted(v1):
    v1.scope = "Rewritten behind everyone's back."
    with pytest.raises(PublishedVersionImmutable):
        v1.save()
    with pytest.raises(PublishedVersionImmutable):
        ProcessVersion.objects.get(pk=v1.pk).delete()
    assert ProcessVersion.objects.get(pk=v1.pk).scope.startswith("This process covers")


def test_editing_after_publication_creates_the_next_version_as_a_draft(v1, org, coordinator):
    draft = services.process_draft_save(actor=coordinator, liaison_org=org,
                                        scope="A wider scope.")
    assert (draft.number, draft.status) == (2, ProcessVersion.Status.DRAFT)
    assert draft.pk != v1.pk
    assert draft.stakeholder_identification == v1.stakeholder_identification  # copied
    v1.refresh_from_db()
    assert v1.scope == "This process covers every ISO project we take part in."
    again = services.process_draft_save(actor=coordinator, liaison_org=org, min_members=5)
    assert again.pk == draft.pk  # one draft at a time: edits go to it
    assert (again.scope, again.min_members) == ("A wider scope.", 5)
    verbs = list(AuditEvent.objects.filter(object_type="process.processversion")
                 .values_list("verb", flat=True).order_by("seq"))
    assert verbs == ["process.draft_create", "process.publish", "process.draft_create",
                     "process.draft_update"]


def test_editing_through_the_page_leaves_the_published_version_alone(client, coordinator,
                                                                      v1):
    client.force_login(coordinator)
    form = client.get(reverse("process:edit"))
    assert "Start version 2" in form.content.decode()
    data = {name: value for name, value in selectors.editable_values(v1).items()}
    data.update(scope="Scope of version 2.", required_groups_important="on",
                required_groups_must_take_position="on", fundamental_objections_block="on")
    response = client.post(reverse("process:edit"), data)
    assert response.status_code == 302
    v1.refresh_from_db()
    assert v1.scope == "This process covers every ISO project we take part in."
    assert selectors.draft_of(v1.liaison_org).scope == "Scope of version 2."


def test_publishing_needs_a_change_note_and_answers_400_without_one(client, coordinator,
                                                                    v2_draft):
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(reverse("process:publish"), {"change_note": "  "})
    assert response.status_code == 400
    assert row_counts() == before
    response = client.post(reverse("process:publish"), {"change_note": "m lowered."})
    assert response.status_code == 302
    v2_draft.refresh_from_db()
    assert v2_draft.is_published and v2_draft.published_by == coordinator


@pytest.mark.parametrize("value", ["0", "1.5", "abc", "-1/3"])
def test_a_threshold_outside_zero_to_one_is_rejected(org, coordinator, value):
    with pytest.raises(ValidationError):
        services.process_draft_save(actor=coordinator, liaison_org=org,
                                    opposition_threshold=value)
    assert not ProcessVersion.objects.exists()


def test_the_rule_in_force_is_the_last_published_at_that_date(org, v2):
    v1 = ProcessVersion.objects.get(liaison_org=org, number=1)
    assert selectors.rule_in_force(org, at=T1 - dt.timedelta(minutes=1)) is None
    assert selectors.rule_in_force(org, at=T1) == v1
    assert selectors.rule_in_force(org, at=T2 - dt.timedelta(seconds=1)) == v1
    assert selectors.rule_in_force(org, at=T2) == v2
    assert selectors.rule_in_force(org) == v2


def test_a_draft_is_never_in_force(org, v2_draft):
    assert selectors.rule_in_force(org).number == 1


def test_the_version_becomes_the_pure_consensus_rule(org, v2):
    rule = selectors.as_consensus_rule(v2, required_groups=["consumers"])
    assert isinstance(rule, ConsensusRule)
    assert rule.opposition_threshold == 1 / 3
    assert rule.support_threshold == 0.75
    assert rule.min_members == 2
    assert rule.required_groups == frozenset({"consumers"})
    assert rule.version == "tmi-process-v2"
    assert v2.theta == Fraction(1, 3)


def test_required_groups_are_not_passed_on_when_the_rule_says_they_are_not_important(
        org, coordinator, v1):
    draft = services.process_draft_save(actor=coordinator, liaison_org=org,
                                        required_groups_important=False)
    rule = selectors.as_consensus_rule(draft, required_groups=["consumers"])
    assert rule.required_groups == frozenset()


@pytest.fixture
def consultation(org, coordinator):
    from liaison.consultations.services import consultation_create
    from liaison.projects.services import project_create

    project = project_create(actor=coordinator, liaison_org=org, reference="ISO/NP 12345",
                             title="Metadata profiles", stage_code="10.99")
    return consultation_create(actor=coordinator, liaison_org=org, project=project,
                               title="Comments on the NP",
                               deadline=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))


def test_a_consultation_keeps_the_version_in_force_when_it_opened(org, coordinator, v1,
                                                                   consultation):
    record = services.consultation_record_process(actor=coordinator, consultation=consultation)
    assert record.process_version == v1
    draft = services.process_draft_save(actor=coordinator, liaison_org=org, min_members=7)
    services.process_publish(actor=coordinator, version=draft, change_note="m = 7")
    again = services.consultation_record_process(actor=coordinator, consultation=consultation)
    assert again.pk == record.pk and again.process_version == v1
    assert selectors.process_of_consultation(consultation) == v1
    assert selectors.rule_for_consultation(consultation).min_members == 3
    assert AuditEvent.objects.filter(verb="consultation.record_process").count() == 1


def test_nothing_is_recorded_before_any_process_is_published(org, coordinator, consultation):
    assert services.consultation_record_process(actor=coordinator,
                                                consultation=consultation) is None
    assert selectors.rule_for_consultation(consultation) is None


def test_the_admin_cannot_change_the_version_a_consultation_is_judged_by(
        client, org, coordinator, v1, v2, consultation):
    """The record is made once, at opening: the admin shows it but offers no change, and a
    crafted POST changes nothing."""
    from liaison.registry import services as registry

    record = services.consultation_record_process(actor=coordinator, consultation=consultation)
    assert record.process_version == v2  # in force when it opened
    root = registry.user_create(actor=None, username="root", email="root@example.org",
                                password="x-very-long-password-1", is_staff=True)
    root.is_superuser = True
    root.save()
    client.force_login(root)
    url = reverse("admin:process_consultationprocess_change", args=[record.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="process_version"' not in page.content.decode()
    before = row_counts()
    response = client.post(url, {"consultation": consultation.pk, "process_version": v1.pk})
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.process_version == v2 and row_counts() == before
    assert client.get(reverse("admin:process_consultationprocess_add")).status_code == 403

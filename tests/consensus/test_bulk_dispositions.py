"""Bulk dispositions: many comments (or whole groups of the analysis) get one disposition
and one reason at once, all or nothing, one audit event per comment plus one for the step;
the last step can be undone while the position is not finalized. Refusals change nothing and
are shown next to the rows concerned."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from liaison.audit.models import AuditEvent
from liaison.audit.selectors import verify_chain
from liaison.consensus import services
from liaison.consensus.models import Disposition
from tests.consensus.test_finalize_submit import drafted  # noqa: F401 (fixture)
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db


def _state(comments) -> dict[str, tuple | None]:
    """What the dispositions page shows for each comment."""
    got = {d.comment_id: (d.kind, d.draft_id, d.reason)
           for d in Disposition.objects.filter(comment__in=comments)}
    return {c.reference: got.get(c.pk) for c in comments}


def test_a_bulk_step_disposes_of_every_comment_and_is_audited_per_comment(
        world, coordinator):
    c3, c4 = world["comments"][2:]
    batch = services.dispositions_set_bulk(actor=coordinator, comments=[c3, c4],
                                           kind="noted", reason="Kept for the revision.")
    assert _state([c3, c4]) == {c3.reference: ("noted", None, "Kept for the revision."),
                                c4.reference: ("noted", None, "Kept for the revision.")}
    events = AuditEvent.objects.filter(verb="disposition.set", data__batch=batch.pk)
    assert sorted(e.data["comment"] for e in events) == [c3.pk, c4.pk]
    step = AuditEvent.objects.get(verb="dispositions.bulk")
    assert step.data["comments"] == [c3.pk, c4.pk] and step.data["reason"] == (
        "Kept for the revision.")
    assert verify_chain().intact  # the events of a step are chained and sealed like any other


def test_all_or_nothing_the_refused_comments_are_named(world, drafted, coordinator):  # noqa: F811
    c1, _c2, c3, _c4 = world["comments"]
    before, shown = row_counts(), _state(world["comments"])
    with pytest.raises(services.BulkRefused) as refused:
        services.dispositions_set_bulk(actor=coordinator, comments=[c3, c1],
                                       kind="not_carried", reason="Out of scope.")
    assert list(refused.value.by_comment) == [c1.pk]
    assert f"{c1.reference} is still a source" in refused.value.by_comment[c1.pk][0]
    assert row_counts() == before and _state(world["comments"]) == shown


def test_a_reason_is_required_once_for_the_whole_step(world, coordinator):
    c3, c4 = world["comments"][2:]
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        services.dispositions_set_bulk(actor=coordinator, comments=[c3, c4], kind="noted",
                                       reason="  ")
    assert refused.value.message_dict == {"reason": ["Give the reason for this disposition."]}
    assert row_counts() == before


def test_undo_gives_back_what_each_comment_had(world, drafted, coordinator):  # noqa: F811
    c1, c2, c3, c4 = world["comments"]
    services.disposition_set(actor=coordinator, comment=c4, kind="accepted_changes",
                             reason="Typo fixed.")
    before = _state(world["comments"])
    services.dispositions_set_bulk(actor=coordinator, comments=[c3, c4], kind="merged",
                                   draft=drafted)
    assert set(drafted.sources.all()) == {c1, c2, c3, c4}
    services.dispositions_undo_last_bulk(actor=coordinator,
                                         consultation=world["consultation"])
    assert _state(world["comments"]) == before
    assert set(drafted.sources.all()) == {c1, c2}  # taken out again: the step put them there
    assert AuditEvent.objects.filter(verb="disposition.undo").count() == 2
    assert AuditEvent.objects.filter(verb="dispositions.bulk_undo").count() == 1
    with pytest.raises(ValidationError, match="no bulk step to undo"):
        services.dispositions_undo_last_bulk(actor=coordinator,
                                             consultation=world["consultation"])


def test_undo_is_refused_when_a_comment_was_disposed_of_again(world, coordinator):
    c3, c4 = world["comments"][2:]
    services.dispositions_set_bulk(actor=coordinator, comments=[c3, c4], kind="noted",
                                   reason="Later.")
    services.disposition_set(actor=coordinator, comment=c4, kind="accepted", reason="Done.")
    before, shown = row_counts(), _state([c3, c4])
    with pytest.raises(ValidationError, match=f"disposed of again since: {c4.reference}"):
        services.dispositions_undo_last_bulk(actor=coordinator,
                                             consultation=world["consultation"])
    assert row_counts() == before and _state([c3, c4]) == shown


def test_undo_is_refused_once_the_position_is_finalized(world, drafted,  # noqa: F811
                                                        coordinator):
    c3, c4 = world["comments"][2:]
    services.dispositions_set_bulk(actor=coordinator, comments=[c3, c4], kind="noted",
                                   reason="Kept for the revision.")
    services.position_finalize(actor=coordinator, consultation=world["consultation"])
    before, shown = row_counts(), _state([c3, c4])
    with pytest.raises(ValidationError, match="while the consultation is"):
        services.dispositions_undo_last_bulk(actor=coordinator,
                                             consultation=world["consultation"])
    assert row_counts() == before and _state([c3, c4]) == shown


# ------------------------------------------------------------------ the page


def test_the_page_ticks_rows_and_records_them_in_one_submission(world, coordinator, client):
    consultation = world["consultation"]
    c3, c4 = world["comments"][2:]
    client.force_login(coordinator)
    url = f"/consensus/{consultation.pk}/dispositions/"
    page = client.get(url).content.decode()
    assert f'form="bulk" name="comments" value="{c3.pk}"' in page  # works without script
    response = client.post(f"{url}bulk/", {"comments": [c3.pk, c4.pk], "kind": "noted",
                                           "reason": "Kept for the revision."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Disposition recorded for 2 comments." in page
    assert 'data-testid="undo"' in page and "Undo the last bulk step (2 comments)" in page
    assert _state([c3, c4])[c3.reference] == ("noted", None, "Kept for the revision.")
    response = client.post(f"{url}undo/")
    assert response.status_code == 302
    assert _state([c3, c4]) == {c3.reference: None, c4.reference: None}
    assert 'data-testid="undo"' not in client.get(url).content.decode()


def test_a_whole_cluster_is_ticked_at_once(world, coordinator, client):
    consultation = world["consultation"]
    c1, c2 = world["comments"][:2]
    services.analysis_refresh(actor=coordinator, consultation=consultation)
    client.force_login(coordinator)
    url = f"/consensus/{consultation.pk}/dispositions/"
    page = client.get(url).content.decode()
    assert 'name="groups" value="redundant-1"' in page
    assert f"Cluster 1: {c1.reference}, {c2.reference}" in page
    response = client.post(f"{url}bulk/", {"groups": ["redundant-1"], "kind": "accepted",
                                           "reason": "Cited in 5.2.7."})
    assert response.status_code == 302
    assert _state([c1, c2]) == {c1.reference: ("accepted", None, "Cited in 5.2.7."),
                                c2.reference: ("accepted", None, "Cited in 5.2.7.")}


def test_a_refused_step_shows_the_error_next_to_the_row(world, drafted,  # noqa: F811
                                                        coordinator, client):
    consultation = world["consultation"]
    c1, _c2, c3, _c4 = world["comments"]
    client.force_login(coordinator)
    before, shown = row_counts(), _state(world["comments"])
    url = f"/consensus/{consultation.pk}/dispositions/bulk/"
    response = client.post(url, {"comments": [c1.pk, c3.pk], "kind": "not_carried",
                                  "reason": "Out of scope."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was recorded: 1 comment cannot take this disposition" in page
    row = page[page.index(f'id="c{c1.pk}"'):page.index(f'id="c{c3.pk}"')]
    assert 'data-testid="row-bulk-error"' in row and "is still a source" in row
    assert f'value="{c3.pk}" id="tick-{c3.pk}" aria-label="Tick {c3.reference}" checked' in page
    assert 'value="Out of scope."' in page  # what was typed is kept
    response = client.post(url, {"comments": [c3.pk], "kind": "noted", "reason": ""})
    assert response.status_code == 400
    assert 'data-testid="bulk-reason-error"' in response.content.decode()
    response = client.post(url, {"kind": "noted", "reason": "x"})
    assert response.status_code == 400
    assert "Tick at least one comment or group." in response.content.decode()
    assert row_counts() == before and _state(world["comments"]) == shown


def test_undo_with_nothing_to_undo_is_told_on_the_page(world, coordinator, client):
    consultation = world["consultation"]
    client.force_login(coordinator)
    before = row_counts()
    response = client.post(f"/consensus/{consultation.pk}/dispositions/undo/")
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="undo-error"' in page and "no bulk step to undo" in page
    assert 'data-testid="dispositions"' in page  # the page itself, not a bare refusal
    assert row_counts() == before


def test_a_stakeholder_cannot_use_bulk_dispositions(world, client):
    consultation = world["consultation"]
    c3 = world["comments"][2]
    client.force_login(world["cy"][0])
    before = row_counts()
    response = client.post(f"/consensus/{consultation.pk}/dispositions/bulk/",
                           {"comments": [c3.pk], "kind": "noted", "reason": "x"})
    assert response.status_code == 403
    assert client.post(f"/consensus/{consultation.pk}/dispositions/undo/").status_code == 403
    assert row_counts() == before

"""Dispositions are consistent by construction: one state per comment, its draft link
implied by the state, enforced by the service, the model and the database; the page cannot
submit a contradictory pair; ``liaison consensus check-dispositions`` reports old rows."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from liaison.consensus import services
from liaison.consensus.models import Disposition
from tests.consensus.test_finalize_submit import drafted  # noqa: F401 (fixture)
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db


def test_the_service_refuses_contradictory_pairs(world, drafted, coordinator):  # noqa: F811
    c1, _c2, c3, _c4 = world["comments"]
    before = row_counts()
    with pytest.raises(services.ValidationError) as noted_with_draft:
        services.disposition_set(actor=coordinator, comment=c3, kind="noted", draft=drafted,
                                 reason="Out of scope.")
    assert "feeds no consensus comment" in str(noted_with_draft.value)
    with pytest.raises(services.ValidationError) as merged_nowhere:
        services.disposition_set(actor=coordinator, comment=c3, kind="merged")
    assert "Name the consensus comment" in str(merged_nowhere.value)
    with pytest.raises(services.ValidationError) as still_a_source:
        services.disposition_set(actor=coordinator, comment=c1, kind="not_carried",
                                 reason="Dropped.")
    assert (f"{c1.reference} is still a source of the consensus comment "
            f"{drafted.reference}") in str(still_a_source.value)
    assert row_counts() == before
    assert Disposition.objects.get(comment=c1).kind == "merged"


def test_the_database_refuses_a_link_the_kind_forbids(world, drafted):  # noqa: F811
    c1 = world["comments"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Disposition.objects.filter(comment=c1).update(kind="noted", reason="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Disposition.objects.filter(comment=c1).update(draft=None)  # merged into nothing


def test_the_page_shows_the_error_next_to_the_field(world, drafted, coordinator,  # noqa: F811
                                                    client):
    consultation = world["consultation"]
    c1, _c2, c3, _c4 = world["comments"]
    client.force_login(coordinator)
    before = row_counts()
    url = f"/consensus/{consultation.pk}/dispositions/"
    response = client.post(f"{url}{c3.pk}/", {"kind": "noted", "draft": drafted.pk,
                                              "reason": "Out of scope."})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="draft-error"' in page and "feeds no consensus comment" in page
    assert 'value="Out of scope."' in page  # what was typed is kept
    response = client.post(f"{url}{c1.pk}/", {"kind": "not_carried", "reason": "Dropped."})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="kind-error"' in page and drafted.reference in page
    assert row_counts() == before


def test_check_dispositions_reports_a_row_edited_in_the_database(world, drafted,  # noqa: F811
                                                                 capsys):
    call_command("consensus", "check-dispositions")
    assert "No contradictory disposition." in capsys.readouterr().out
    c1 = world["comments"][0]
    # made contradictory behind the service's back: not carried, yet still a source
    Disposition.objects.filter(comment=c1).update(kind="not_carried", draft=None,
                                                  reason="Dropped.")
    with pytest.raises(CommandError) as failed:
        call_command("consensus", "check-dispositions",
                     "--consultation", str(world["consultation"].pk))
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert (f"comment {c1.reference} (#{c1.pk}), not_carried: still a source of the active "
            f"consensus comment {drafted.reference}") in out


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_chromium_the_draft_select_follows_the_kind(world, drafted, coordinator,  # noqa: F811
                                                       page):
    from tests.browser.test_consensus_workflow import sign_in

    c1 = world["comments"][0]
    sign_in(page, coordinator.username)
    page.goto(f"/consensus/{world['consultation'].pk}/dispositions/")
    kind, draft = page.locator(f"#kind-{c1.pk}"), page.locator(f"#draft-{c1.pk}")
    assert draft.input_value() == drafted.reference and draft.is_enabled()
    kind.select_option("noted")
    assert draft.input_value() == "" and draft.is_disabled()
    kind.select_option("accepted")
    assert draft.is_enabled()

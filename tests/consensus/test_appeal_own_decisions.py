"""A stakeholder appeals the consensus decisions that concern them, and only those: their
comment's disposition (from the page "What became of my comments"), the verdict on a draft
they took a position on. Another's disposition, or a verdict on a draft they did not take a
position on, is a 404 on the filing page that prints nothing of it, and the service refuses
it; nothing is stored. A panel member who states a position on the draft after being seated
may not decide."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from liaison.appeals import services as appeals
from liaison.appeals.links import appeal_url
from liaison.appeals.models import Appeal
from liaison.consensus import services
from liaison.registry.models import Role
from tests.snapshots import row_counts

pytestmark = pytest.mark.django_db

GROUNDS = {"summary": "BCP 47 is what every catalogue uses.",
           "grounds": "The reason given ignores that ISO 639-2 cannot tag regional variants."}
REASON = "ISO 639-2 is what the standard family uses."


@pytest.fixture
def cy_disposed(world, coordinator):
    """cy's comment (on 5.2.20) is noted, not carried into a draft."""
    return services.disposition_set(actor=coordinator, comment=world["comments"][2],
                                    kind="noted", reason=REASON)


def test_a_stakeholder_appeals_their_disposition_from_their_outcome_page(client, world,
                                                                         cy_disposed):
    cy = world["cy"][0]
    client.force_login(cy)
    outcome = client.get(reverse("consensus:outcome", args=[world["consultation"].pk]))
    html = outcome.content.decode()
    url = appeal_url(cy_disposed)
    assert "Appeal this disposition" in html and url.replace("&", "&amp;") in html
    form = client.get(url)
    assert form.status_code == 200 and "Appeals accepted until" in form.content.decode()
    response = client.post(url, GROUNDS)
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.appellant, appeal.subject, appeal.state) == (cy, cy_disposed, "filed")
    assert appeal.reference == "APL-1"
    assert "APL-1" in client.get(response["Location"]).content.decode()


def test_another_stakeholders_disposition_cannot_be_named(client, world, cy_disposed):
    ana = world["ana"][0]
    client.force_login(ana)
    outcome = client.get(reverse("consensus:outcome", args=[world["consultation"].pk]))
    assert appeal_url(cy_disposed).replace("&", "&amp;") not in outcome.content.decode()
    before = row_counts()
    for response in (client.get(appeal_url(cy_disposed)),
                     client.post(appeal_url(cy_disposed), GROUNDS)):
        assert response.status_code == 404
        assert REASON not in response.content.decode()
        assert str(cy_disposed) not in response.content.decode()
    with pytest.raises(PermissionDenied, match="only a decision that concerns you"):
        appeals.appeal_file(actor=ana, subject=cy_disposed, **GROUNDS)
    assert row_counts() == before


@pytest.fixture
def finalized(world, coordinator):
    """A draft from ana's and ben's comments; ana supports it, ben states nothing; every
    comment disposed; the position finalized (the verdict is then a recorded decision)."""
    consultation = world["consultation"]
    draft = services.draft_create(actor=coordinator, consultation=consultation,
                                  comments=world["comments"][:2])
    services.position_state(actor=world["ana"][0], draft=draft, value=1)
    for c in world["comments"][:2]:
        services.disposition_set(actor=coordinator, comment=c, kind="merged", draft=draft)
    for c in world["comments"][2:]:
        services.disposition_set(actor=coordinator, comment=c, kind="noted", reason=REASON)
    services.position_finalize(actor=coordinator, consultation=consultation)
    return draft


def test_the_verdict_is_appealed_by_those_who_took_a_position_only(client, world,
                                                                   finalized):
    draft_page = reverse("consensus:draft", args=[world["consultation"].pk, finalized.pk])
    ben = world["ben"][0]
    client.force_login(ben)
    assert "Appeal this verdict" not in client.get(draft_page).content.decode()
    before = row_counts()
    assert client.get(appeal_url(finalized)).status_code == 404
    assert client.post(appeal_url(finalized), GROUNDS).status_code == 404
    with pytest.raises(PermissionDenied):
        appeals.appeal_file(actor=ben, subject=finalized, **GROUNDS)
    assert row_counts() == before

    client.force_login(world["ana"][0])
    assert "Appeal this verdict" in client.get(draft_page).content.decode()
    assert client.post(appeal_url(finalized), GROUNDS).status_code == 302
    assert Appeal.objects.get().subject == finalized


def test_a_member_who_states_a_position_after_being_seated_may_not_decide(
        world, coordinator, make_user):
    """ana appeals her comment's disposition (merged into a draft) while the position is
    being consolidated; paula, seated, then states a position on that draft."""
    from liaison.registry import services as registry

    draft = services.draft_create(actor=coordinator, consultation=world["consultation"],
                                  comments=world["comments"][:1])
    merged = services.disposition_set(actor=coordinator, comment=world["comments"][0],
                                      kind="merged", draft=draft)
    appeal = appeals.appeal_file(actor=world["ana"][0], subject=merged, **GROUNDS)
    paula = make_user(Role.APPEALS_PANEL, username="paula")
    appeals.appeal_panel_set(actor=coordinator, appeal=appeal, members=[paula])
    appeals.appeal_admissibility(actor=coordinator, appeal=appeal, admissible=True)
    appeals.appeal_review_start(actor=coordinator, appeal=appeal)
    registry.membership_grant(actor=None, user=paula, liaison_org=world["consultation"]
                              .liaison_org, role=Role.EXPERT)
    services.position_state(actor=paula, draft=draft, value=1)
    before = row_counts()
    with pytest.raises(appeals.PanelConflicted,
                       match=f"paula: took part in the decision: stated a position on "
                             f"{draft.reference}"):
        appeals.appeal_decide(actor=paula, appeal=appeal, outcome="dismissed",
                              reasons="The comment was taken up in full.")
    assert row_counts() == before
    appeal.refresh_from_db()
    assert appeal.state == "under_review"

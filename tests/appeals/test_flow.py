"""A whole appeal through the pages: notices reach the real SMTP server at every step, the
panel decides, and the outcome is public (anonymous GET) — a non-decided appeal is not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from liaison.appeals import services
from liaison.appeals.links import appeal_url
from liaison.appeals.models import Appeal
from liaison.notices.models import Notice
from liaison.notices.selectors import step_notices
from tests.appeals.conftest import GROUNDS
from tests.notices.smtp import text
from tests.snapshots import row_counts


def _post(client, user, url, data, capture):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def _mail(smtp_server, start: int) -> list[tuple[str, str]]:
    return sorted((str(m["To"]), str(m["Subject"])) for m in smtp_server.messages[start:])


def test_an_appeal_from_filing_to_public_outcome(client, world, smtp_server,
                                                 django_capture_on_commit_callbacks):
    cap = django_capture_on_commit_callbacks
    _post(client, world.olga, appeal_url(world.decision), GROUNDS, cap)
    appeal = Appeal.objects.get()
    ref = appeal.reference
    filed = f"[TMI] Appeal {ref} filed"
    # the appellant, and the coordinators who judge its admissibility (the trigger table)
    assert _mail(smtp_server, 0) == [("coordinator@example.org", filed),
                                     ("deputy@example.org", filed), ("olga@example.org", filed)]
    message = smtp_server.to("olga@example.org")[0]
    assert message["Auto-Submitted"] == "auto-generated"
    body = text(message)
    assert GROUNDS["summary"] in body and "Admissibility due" in body
    assert f"/appeals/{appeal.pk}/" in body

    n = len(smtp_server.messages)
    _post(client, world.coordinator, reverse("appeals:admissibility", args=[appeal.pk]),
          {"admissible": "yes", "reason": ""}, cap)
    assert _mail(smtp_server, n) == [("olga@example.org", f"[TMI] Appeal {ref} admitted")]
    assert "Decision due" in text(smtp_server.messages[-1])

    n = len(smtp_server.messages)
    _post(client, world.coordinator, reverse("appeals:panel", args=[appeal.pk]),
          {"members": [world.pat.pk]}, cap)
    appointed = f"[TMI] Appeal {ref}: panel appointed"
    assert _mail(smtp_server, n) == [("olga@example.org", appointed),
                                     ("pat@example.org", appointed)]
    to_pat = next(m for m in smtp_server.messages[n:] if m["To"] == "pat@example.org")
    assert "panel that will decide appeal" in text(to_pat)

    n = len(smtp_server.messages)
    _post(client, world.coordinator, reverse("appeals:review", args=[appeal.pk]), {}, cap)
    assert _mail(smtp_server, n) == [("olga@example.org", f"[TMI] Appeal {ref} under review"),
                                     ("pat@example.org", f"[TMI] Appeal {ref} under review")]

    # before the decision the outcome is not public
    client.logout()
    assert client.get(reverse("appeals:outcome", args=[appeal.pk])).status_code == 404

    n = len(smtp_server.messages)
    client.force_login(world.pat)
    assert client.get(reverse("appeals:decide", args=[appeal.pk])).status_code == 200
    _post(client, world.pat, reverse("appeals:decide", args=[appeal.pk]),
          {"outcome": "partly_upheld",
           "reasons": "The survey ran 10 days; ISO guidance asks for adequate time."}, cap)
    assert _mail(smtp_server, n) == [("olga@example.org", f"[TMI] Appeal {ref} decided"),
                                     ("pat@example.org", f"[TMI] Appeal {ref} decided")]
    assert "partly upheld" in text(smtp_server.messages[-1])

    # anyone can read the outcome; no personal data beyond organizations and roles
    client.logout()
    public = client.get(reverse("appeals:outcome", args=[appeal.pk]))
    assert public.status_code == 200
    page = public.content.decode()
    for shown in ("Partly upheld", "adequate time", GROUNDS["summary"],
                  "a stakeholder from Open Archives Group", "involvement decision #",
                  "the appeals panel of Test Metadata Initiative"):
        assert shown in page, shown
    for hidden in ("olga", "Olga", "pat", GROUNDS["grounds"], "Little support"):
        assert hidden not in page, hidden
    listing = client.get(reverse("appeals:outcomes")).content.decode()
    assert ref in listing and "Partly upheld".lower() in listing.lower()
    feed = client.get(reverse("appeals:outcomes_feed"))
    assert feed.status_code == 200 and b"tag:liaison,2026:appeal-" in feed.content

    n = len(smtp_server.messages)
    _post(client, world.coordinator, reverse("appeals:close", args=[appeal.pk]),
          {"note": ""}, cap)
    assert _mail(smtp_server, n) == [("olga@example.org", f"[TMI] Appeal {ref} closed"),
                                     ("pat@example.org", f"[TMI] Appeal {ref} closed")]
    assert client.get(reverse("appeals:outcome", args=[appeal.pk])).status_code == 200

    notices = step_notices(appeal=appeal.pk).filter(channel=Notice.Channel.EMAIL)
    assert notices.count() == 12  # 3 + 1 + 2 (panel) + 2 + 2 + 2
    assert set(notices.values_list("state", flat=True)) == {"sent"}
    detail = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    for step in ("Filed", "Admissible", "Under review", "Decided", "Closed"):
        assert step.lower() in detail.lower()


def test_a_mail_server_that_is_down_keeps_the_notice_for_a_retry_and_keeps_the_appeal(
        world, smtp_server, django_capture_on_commit_callbacks):
    smtp_server.down()
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    notice = step_notices(appeal=appeal.pk).get(channel=Notice.Channel.EMAIL,
                                                address="olga@example.org")
    assert notice.state == "failed" and notice.last_error and notice.next_attempt_at
    assert Appeal.objects.filter(pk=appeal.pk, state="filed").exists()


def test_an_inadmissible_appeal_needs_a_reason_and_is_not_published(
        client, world, smtp_server, django_capture_on_commit_callbacks):
    appeal = services.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    client.force_login(world.coordinator)
    url = reverse("appeals:admissibility", args=[appeal.pk])
    before = row_counts()
    assert client.post(url, {"admissible": "no", "reason": ""}).status_code == 400
    assert row_counts() == before
    _post(client, world.coordinator, url, {"admissible": "no",
                                           "reason": "Filed against a draft, not a decision."},
          django_capture_on_commit_callbacks)
    assert "Filed against a draft" in text(smtp_server.messages[-1])
    client.logout()
    assert client.get(reverse("appeals:outcome", args=[appeal.pk])).status_code == 404


@pytest.mark.parametrize("state", ["filed", "admissible", "under_review"])
def test_a_non_decided_appeal_is_404_publicly(client, world, state):
    appeal = services.appeal_file(actor=world.olga, subject=world.decision, **GROUNDS)
    services.appeal_panel_set(actor=world.coordinator, appeal=appeal, members=[world.pat])
    if state != "filed":
        services.appeal_admissibility(actor=world.coordinator, appeal=appeal, admissible=True)
    if state == "under_review":
        services.appeal_review_start(actor=world.coordinator, appeal=appeal)
    assert client.get(reverse("appeals:outcome", args=[appeal.pk])).status_code == 404
    assert appeal.reference not in client.get(reverse("appeals:outcomes")).content.decode()

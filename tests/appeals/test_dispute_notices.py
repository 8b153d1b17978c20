"""Disputes are no longer silent: opening, mediation, resolution and escalation each tell the
objector and the coordinators (the trigger table), once each, in their language, by e-mail
(the real SMTP server) and in the app; escalation then tells of the appeal it files."""

from __future__ import annotations

from django.urls import reverse

from liaison.appeals import services
from liaison.appeals.models import Appeal
from liaison.registry.models import Stakeholder
from tests.notices.smtp import text


def _told(smtp_server, start: int = 0) -> list[tuple[str, str]]:
    return sorted((str(m["To"]), str(m["Subject"])) for m in smtp_server.messages[start:])


def test_each_dispute_step_tells_the_objector_and_the_coordinators(
        world, smtp_server, client, django_capture_on_commit_callbacks):
    Stakeholder.objects.filter(user=world.olga).update(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        dispute = services.dispute_open(actor=world.coordinator, subject=world.decision,
                                        objector=world.olga, argument="Fundamentally wrong.")
    ref = dispute.reference
    assert _told(smtp_server) == [("coordinator@example.org", f"[TMI] Dispute {ref} opened"),
                                  ("deputy@example.org", f"[TMI] Dispute {ref} opened"),
                                  ("olga@example.org", f"[TMI] Différend {ref} ouvert")]
    body = text(smtp_server.to("olga@example.org")[0])
    assert "objection fondamentale" in body
    assert reverse("appeals:dispute", args=[dispute.pk]) in body

    n = len(smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True):
        services.dispute_mediate(actor=world.coordinator, dispute=dispute)
    assert _told(smtp_server, n) == [
        ("coordinator@example.org", f"[TMI] Dispute {ref} in mediation"),
        ("deputy@example.org", f"[TMI] Dispute {ref} in mediation"),
        ("olga@example.org", f"[TMI] Différend {ref} en médiation")]

    n = len(smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.dispute_escalate(actor=world.coordinator, dispute=dispute,
                                           note="No agreement after two calls.")
    aref = appeal.reference
    assert _told(smtp_server, n) == [
        ("coordinator@example.org", f"[TMI] Appeal {aref} filed"),
        ("coordinator@example.org", f"[TMI] Dispute {ref} escalated to an appeal"),
        ("deputy@example.org", f"[TMI] Appeal {aref} filed"),
        ("deputy@example.org", f"[TMI] Dispute {ref} escalated to an appeal"),
        ("olga@example.org", f"[TMI] Différend {ref} porté en recours"),
        ("olga@example.org", f"[TMI] Recours {aref} déposé")]
    assert Appeal.objects.get().dispute_id == dispute.pk

    # in the app too: the objector's notices page, in French
    client.force_login(world.olga)
    inbox = client.get(reverse("notices:inbox")).content.decode()
    for heading in (f"Différend {ref} ouvert", f"Différend {ref} en médiation",
                    f"Différend {ref} porté en recours", f"Recours {aref} déposé"):
        assert heading in inbox, heading
    # a panel member who is not concerned is told nothing
    client.force_login(world.pat)
    assert ref not in client.get(reverse("notices:inbox")).content.decode()


def test_a_resolved_dispute_is_told_once_to_each(world, smtp_server,
                                                 django_capture_on_commit_callbacks):
    dispute = services.dispute_open(actor=world.coordinator, subject=world.decision,
                                    objector=world.olga, argument="Fundamentally wrong.")
    services.dispute_mediate(actor=world.coordinator, dispute=dispute)
    n = len(smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True):
        services.dispute_resolve(actor=world.coordinator, dispute=dispute,
                                 resolution="The decision was reworded.")
    told = [str(m["To"]) for m in smtp_server.messages[n:]]
    assert sorted(told) == ["coordinator@example.org", "deputy@example.org",
                            "olga@example.org"]

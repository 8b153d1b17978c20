"""The demo data and the `liaison` command as a user runs them (real processes, a real file
database)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from liaison.core.stages import stage
from liaison.projects.models import Project
from liaison.registry.models import Membership, Relationship, Role, Stakeholder


def test_demo_is_realistic_and_idempotent(db):
    call_command("demo", verbosity=0)
    call_command("demo", verbosity=0)
    assert Stakeholder.objects.count() >= 40
    kinds = set(Stakeholder.objects.values_list("kind", flat=True))
    assert kinds == {"person", "organization"}
    used = set(Stakeholder.objects.values_list("categories__code", flat=True))
    assert len(used) == 8
    formal = Relationship.objects.get(organization__acronym="ISO/TC 46/SC 4")
    assert formal.formality == "formal" and formal.iso_category == "A"
    assert Relationship.objects.filter(formality="informal").exists()
    assert formal.representatives.filter(kind="principal").exists()
    assert formal.representatives.filter(kind="expert", term_end__isnull=False).exists()
    stages = {stage(p.stage_code).stage for p in Project.objects.all()}
    assert len(stages) == 3
    for project in Project.objects.all():
        kinds = set(project.declared_groups.values_list("kind", flat=True))
        assert kinds == {"supporting", "required"}
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)


def test_demo_shows_content_in_every_area_once(db):
    from liaison.appeals.models import Appeal, Dispute
    from liaison.audit.models import AuditEvent
    from liaison.committees.models import Decision, Meeting, MeetingInput
    from liaison.consensus.models import Disposition, Draft, Message, Objection, Position
    from liaison.consultations.models import Consultation
    from liaison.metrics.models import ProcessReview
    from liaison.notices.models import Announcement, DeliveryAttempt, Notice

    call_command("demo", verbosity=0)
    counts = {m: m.objects.count() for m in (Draft, Position, Disposition, Message, Meeting,
                                             Decision, Appeal, Dispute, Announcement,
                                             ProcessReview, AuditEvent)}
    call_command("demo", verbosity=0)  # idempotent: nothing duplicated
    assert {m: m.objects.count() for m in counts} == counts

    announcement = Announcement.objects.get(kind="project")
    # Each demo consultation was opened by announcing it, not silently.
    assert set(Announcement.objects.filter(kind="consultation")
               .values_list("consultation__title", flat=True)) == set(
        Consultation.objects.values_list("title", flat=True))
    emails = Notice.objects.filter(announcement=announcement, channel="email")
    assert emails.exists() and not emails.exclude(state="sent").exists()
    assert DeliveryAttempt.objects.filter(ok=True, notice__announcement=announcement).count() \
        == emails.count()
    # the demo's dispute and appeal steps told those concerned (the trigger table)
    assert {"step.dispute_open", "step.appeal_filed", "step.appeal_decided"} <= set(
        Announcement.objects.filter(kind="step").values_list("trigger", flat=True))
    past = Consultation.objects.get(title="DCMI comments on ISO/CD 23081-4")
    assert past.deadline_passed() and past.state == "consolidating"
    assert past.comments.filter(status="submitted").count() >= 8
    drafts = Draft.objects.filter(consultation=past)
    assert drafts.count() >= 3 and Position.objects.filter(consultation=past).count() >= 9
    objection = Objection.objects.get(consultation=past)
    assert objection.state == "disputed"
    assert Dispute.objects.get().subject == objection
    assert not past.comments.filter(disposition__isnull=True).exists()
    assert Message.objects.filter(draft__consultation=past).count() >= 2
    decision = Decision.objects.get()
    assert decision.drafts.exists() and decision.meeting.minutes
    assert Position.objects.filter(meeting=decision.meeting).exists()
    assert MeetingInput.objects.filter(draft__isnull=False).exists()
    appeal = Appeal.objects.get()
    assert appeal.is_published and appeal.outcome == "partly_upheld"
    assert ProcessReview.objects.get().led_to.exists()


def run_liaison(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LIAISON_HOME": str(home), "DATABASE_URL": "sqlite:///var/cli.sqlite3"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "-m", "liaison.cli", *args], env=env, cwd=home,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="tampers with a SQLite file; the chain logic is tested on both "
                           "databases in tests/audit")
def test_audit_verify_exit_codes_on_a_real_database(tmp_path):
    assert run_liaison(tmp_path, "migrate", "-v0").returncode == 0
    assert run_liaison(tmp_path, "demo").returncode == 0
    ok = run_liaison(tmp_path, "audit", "verify")
    assert ok.returncode == 0 and "audit trail intact" in ok.stdout

    with sqlite3.connect(tmp_path / "var" / "cli.sqlite3") as db:
        db.execute("UPDATE audit_auditevent SET summary = 'nothing happened' WHERE seq = 42")
    broken = run_liaison(tmp_path, "audit", "verify")
    assert broken.returncode == 1
    assert "audit trail broken at event 42: its content was altered" in broken.stderr

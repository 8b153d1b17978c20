"""Step notices through the trigger table: "everyone told of the consultation" means those
told when it opened who still consent; each once, in their language; the equal-access report
stays the report of the opening; the coordinator sees the step's deliveries."""

from __future__ import annotations

from django.urls import reverse

from liaison.notices import services
from liaison.notices.audience import Criteria
from liaison.notices.models import Announcement, Notice
from liaison.notices.recipients import Scope
from liaison.notices.report import equal_access
from liaison.registry.models import Stakeholder
from tests.notices.smtp import text


def test_those_told_of_the_consultation_who_still_consent_are_told_of_its_steps(
        client, world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    consultation = world.consultation()
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_announce(actor=coordinator, consultation=consultation,
                                       criteria=Criteria(), subject="Comments wanted")
    before = equal_access(consultation)
    Stakeholder.objects.filter(pk=world.s["Bob"].pk).update(consent_to_contact=False)
    Stakeholder.objects.filter(pk=world.s["Carol"].pk).update(language="fr")
    n = len(smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True):
        step = services.step_tell(
            actor=coordinator, trigger="step.drafts_ready", target=consultation,
            scope=Scope(world.org, consultation), summary="drafts ready",
            context={"title": consultation.title, "n": 2, "path": "/somewhere/"})
    mails = {str(m["To"]): m for m in smtp_server.messages[n:]}
    assert sorted(smtp_server.recipients[n:]) == ["alice@example.org", "carol@example.org"]
    assert str(mails["carol@example.org"]["Subject"]) == (
        f"[TMI] Projets prêts pour votre position\u00a0: {consultation.title}")
    assert str(mails["alice@example.org"]["Subject"]) == (
        f"[TMI] Drafts ready for your position: {consultation.title}")
    assert "https://liaison.example.org/somewhere/" in text(mails["alice@example.org"])
    in_app = set(Notice.objects.filter(announcement=step, channel=Notice.Channel.IN_APP)
                 .values_list("stakeholder__name", flat=True))
    assert in_app == {"Alice", "Carol", "Gina"}  # Gina has no address: in the app only

    after = equal_access(consultation)
    assert (after.told, after.spread.seconds) == (before.told, before.spread.seconds)

    client.force_login(coordinator)
    listing = client.get(reverse("notices:list"))
    assert listing.status_code == 200 and "drafts ready" in listing.content.decode()
    page = client.get(reverse("notices:announcement", args=[step.pk]))
    assert page.status_code == 200 and "alice@example.org" in page.content.decode()
    assert Announcement.objects.get(pk=step.pk).kind == Announcement.Kind.STEP


def test_the_trigger_table_is_edited_in_the_admin_and_the_change_is_audited(
        client, django_user_model):
    from liaison.audit.models import AuditEvent
    from liaison.notices.models import Trigger

    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    trigger = Trigger.objects.get(slug="step.verdict")
    url = reverse("admin:notices_trigger_change", args=[trigger.pk])
    page = client.get(url)
    assert page.status_code == 200 and "the appeals panel" in page.content.decode()
    response = client.post(url, {"slug": trigger.slug, "description": trigger.description,
                                 "roles": ["coordinators", "told"], "in_app": "on"})
    assert response.status_code == 302
    trigger.refresh_from_db()
    assert (trigger.roles, trigger.in_app, trigger.email) == (["coordinators", "told"], True,
                                                              False)
    assert AuditEvent.objects.filter(verb="admin.change").exists()


def test_a_step_whose_trigger_row_is_missing_is_told_by_its_default(
        world, coordinator, smtp_server, django_capture_on_commit_callbacks):
    """A database flushed, or created before the trigger existed: the default table in code
    tells the same people, and the row comes back for the admin to edit."""
    from liaison.notices.models import Trigger

    consultation = world.consultation()
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_announce(actor=coordinator, consultation=consultation,
                                       criteria=Criteria(), subject="Comments wanted")
    Trigger.objects.filter(slug="step.drafts_ready").delete()
    n = len(smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True):
        services.step_tell(
            actor=coordinator, trigger="step.drafts_ready", target=consultation,
            scope=Scope(world.org, consultation), summary="drafts ready",
            context={"title": consultation.title, "n": 2, "path": "/somewhere/"})
    assert sorted(smtp_server.recipients[n:]) == sorted(
        world.emails("Alice", "Bob", "Carol"))
    assert Trigger.objects.get(slug="step.drafts_ready").roles == [
        "committee_members", "commenters", "told"]


def test_the_admin_cannot_make_a_step_tell_nobody(client, django_user_model):
    """No role, or no channel, is refused on the form with its reason; the slug (the step the
    code names) is read-only and a trigger is never deleted; nothing changes."""
    from liaison.notices.models import Trigger
    from tests.snapshots import row_counts

    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    trigger = Trigger.objects.get(slug="step.verdict")
    kept = (trigger.roles, trigger.in_app, trigger.email)
    url = reverse("admin:notices_trigger_change", args=[trigger.pk])
    assert 'name="slug"' not in client.get(url).content.decode()
    before = row_counts()
    nobody = client.post(url, {"description": trigger.description, "in_app": "on",
                               "email": "on"})
    assert nobody.status_code == 200  # the admin re-shows its form with the error
    assert "Choose who is told: a step tells someone." in nobody.content.decode()
    silent = client.post(url, {"description": trigger.description, "roles": ["told"]})
    assert "Choose how they are told" in silent.content.decode()
    renamed = client.post(url, {"slug": "step.nothing", "description": "x",
                                "roles": ["told"], "in_app": "on"})
    assert renamed.status_code == 302
    assert client.post(reverse("admin:notices_trigger_delete", args=[trigger.pk]),
                       {"post": "yes"}).status_code == 403
    trigger.refresh_from_db()
    assert trigger.slug == "step.verdict"
    assert Trigger.objects.filter(slug="step.nothing").count() == 0
    # the valid edit above (roles and channel) went through, audited; the refused ones did not
    assert (trigger.roles, trigger.in_app, trigger.email) == (["told"], True, False) != kept
    assert row_counts()["audit.AuditEvent"] == before["audit.AuditEvent"] + 1

"""Each stakeholder gets the announcement e-mail in their own language, through a real SMTP
server: the same batch, the same documents and deadline, French for those who chose French."""

from __future__ import annotations

from liaison.notices import services
from liaison.notices.audience import Criteria
from liaison.projects import services as projects
from liaison.registry import services as registry
from tests.i18n.conftest import DEADLINE
from tests.notices.conftest import IMMEDIATE


def test_a_french_speaking_stakeholder_is_written_to_in_french(
        org, coordinator, settings, smtp_server, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    committee = registry.organization_create(actor=coordinator, liaison_org=org,
                                             name="ISO/TC 46/SC 4", kind="iso_committee")
    project = projects.project_create(actor=coordinator, liaison_org=org,
                                      reference="ISO/DIS 15836-2", title="Dublin Core part 2",
                                      stage_code="40.20", committee=committee)
    document = projects.document_add(actor=coordinator, project=project, title="DIS text",
                                     number="N 1234")
    for name, language in (("Amélie", "fr"), ("Bob", "en")):
        member = registry.stakeholder_create(
            actor=coordinator, liaison_org=org, name=name, email=f"{name[0].lower()}@example.org",
            consent_to_contact=True, language=language, time_zone="Europe/Paris")
        registry.subscription_add(actor=coordinator, stakeholder=member, organization=committee)

    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_send(actor=coordinator, project=project, criteria=Criteria(),
                                   subject="ISO/DIS 15836-2", documents=[document],
                                   deadline=DEADLINE)

    mail = {m["To"]: (m.get_body(preferencelist=("plain",)).get_content(),
                      m.get_body(preferencelist=("html",)).get_content())
            for m in smtp_server.messages}
    assert set(mail) == {"a@example.org", "b@example.org"}
    text, html = mail["a@example.org"]
    assert text.startswith("Bonjour,")
    assert "TMI annonce le projet ISO ISO/DIS 15836-2 — Dublin Core part 2." in text
    # French typography: a no-break space (U+00A0) before the colon, none in the time
    lines = text.splitlines()
    assert "Date limite\u00a0: 15 mars 2031, 12:59 (Europe/Paris) — 2031-03-15 11:59 UTC" in lines
    assert "Documents\u00a0:" in lines and "- N 1234 DIS text" in lines
    assert "Cet avis dans l’application\u00a0: http" in text and "Hello" not in text
    assert '<html lang="fr">' in html and "Bonjour," in html
    assert "<strong>Date limite\u00a0:</strong>" in html and "15 mars 2031" in html
    text, html = mail["b@example.org"]
    assert text.startswith("Hello,") and "Bonjour" not in text
    assert "Deadline: 15 March 2031, 12:59 (Europe/Paris) — 2031-03-15 11:59 UTC" in text
    assert '<html lang="en">' in html


def test_an_invitation_is_written_in_the_invitees_language(
        org, coordinator, smtp_server, settings, django_capture_on_commit_callbacks):
    from liaison.accounts import services as accounts

    settings.TASKS = {"default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}  # the notices worker
    invitee = registry.stakeholder_create(actor=coordinator, liaison_org=org, name="Amélie",
                                          email="amelie@example.org", consent_to_contact=True,
                                          language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        accounts.invitation_issue(actor=coordinator, stakeholder=invitee, email=True)
    [message] = smtp_server.messages
    assert message["Subject"] == ("Votre invitation à participer aux travaux de normalisation "
                                  "de TMI")
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert text.startswith("Bonjour Amélie,") and "Le lien est valable jusqu’au" in text

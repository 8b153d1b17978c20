"""Notices fixtures: a real SMTP server, tasks run immediately, a project with stakeholders
who match it in every way (and some who do not)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liaison.consultations.models import Consultation
from liaison.projects import services as projects
from liaison.registry import services as registry
from liaison.registry.models import InterestCategory, Stakeholder
from tests.notices.smtp import smtp_server  # noqa: F401 (a fixture)

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE
    settings.LIAISON_BASE_URL = "https://liaison.example.org"


class World:
    """The test organization's project and its stakeholders, by first name."""

    def __init__(self, org, coordinator):
        cats = {c.code: c for c in InterestCategory.objects.all()}
        self.org = org
        self.committee = registry.organization_create(
            actor=coordinator, liaison_org=org, name="ISO/TC 46/SC 4", acronym="ISO/TC 46/SC 4",
            kind="iso_committee")
        other_committee = registry.organization_create(
            actor=coordinator, liaison_org=org, name="W3C", acronym="W3C")
        self.topic = registry.topic_create(actor=coordinator, liaison_org=org,
                                           name="metadata vocabularies")
        self.project = projects.project_create(
            actor=coordinator, liaison_org=org, reference="ISO/DIS 15836-2",
            title="Dublin Core part 2", stage_code="40.20", committee=self.committee,
            topics=[self.topic])
        projects.project_declare_groups(actor=coordinator, project=self.project,
                                        supporting=[], required=[cats["industry"]])
        self.documents = [
            projects.document_add(actor=coordinator, project=self.project, title="DIS text",
                                  number="N 1234", url="https://example.org/n1234.pdf"),
            projects.document_add(actor=coordinator, project=self.project,
                                  title="Explanatory report", number="N 1235"),
        ]
        self.s: dict[str, Stakeholder] = {}

        def person(name, *, consent=True, follows=(), categories=(), tz="UTC", lang="en"):
            s = registry.stakeholder_create(
                actor=coordinator, liaison_org=org, name=name,
                email=f"{name.lower()}@example.org", consent_to_contact=consent,
                time_zone=tz, language=lang, categories=[cats[c] for c in categories])
            for target in follows:
                kwargs = {"topic": target} if target is self.topic else {"organization": target}
                registry.subscription_add(actor=coordinator, stakeholder=s, **kwargs)
            self.s[name] = s
            return s

        person("Alice", follows=[self.committee], tz="Europe/Paris")
        person("Bob", follows=[self.topic])
        person("Carol", categories=["industry"])
        person("Dave", consent=False, follows=[self.committee])
        person("Erin", follows=[other_committee], categories=["academic"])
        gina = person("Gina", follows=[self.committee])
        Stakeholder.objects.filter(pk=gina.pk).update(email="")  # legacy record, no address
        gina.refresh_from_db()

    def emails(self, *names: str) -> set[str]:
        return {f"{n.lower()}@example.org" for n in names}

    def consultation(self, *, days: float = 10, reminder_days: int = 3, kind="comments",
                     **fields) -> Consultation:
        now = timezone.now()
        return Consultation.objects.create(
            liaison_org=self.org, project=self.project, title="Comments on the DIS",
            kind=kind, opens_at=now - dt.timedelta(hours=1),
            deadline=(now + dt.timedelta(days=days)).replace(second=0, microsecond=0),
            reminder_days=reminder_days, document=self.documents[0], **fields)


@pytest.fixture
def world(org, coordinator) -> World:
    return World(org, coordinator)

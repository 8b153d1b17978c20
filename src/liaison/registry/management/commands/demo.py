"""``liaison demo``: load a realistic demonstration organization (idempotent).

DCMI with a formal category-A liaison to ISO/TC 46/SC 4 and an informal one to the W3C
Dataset Exchange Working Group; principals and experts with terms; 48 stakeholders spread
over ISO's interest categories; three ISO projects at different stages with the groups their
proposers declared; one sign-in account per role; and activity in every area: an
announcement with its delivery log, a consultation past its deadline consolidated into draft
consensus comments with positions (one fundamental objection, in a dispute), a discussion and
dispositions, a mirror committee meeting whose decision names the drafts, an appeal decided
and published, and a process review.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from liaison.appeals.demo import load_demo_appeal
from liaison.audit.models import AuditEvent
from liaison.committees.demo import load_demo_committee
from liaison.consensus.demo import load_demo_consensus
from liaison.consultations.demo import load_demo_consultations
from liaison.process.demo import load_demo_process
from liaison.projects import services as project_services
from liaison.projects.models import Engagement
from liaison.registry import services
from liaison.registry.categories import ensure_iso_categories
from liaison.registry.management.commands._demo_activity import (
    load_demo_announcement,
    load_demo_process_review,
)
from liaison.registry.models import (
    LiaisonOrganization,
    Organization,
    Relationship,
    Representative,
    Role,
    Stakeholder,
)

DEMO_PASSWORD = "liaison-demo-2026"
DEMO_MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
ACCOUNTS = [
    ("admin", "Ada", "Admin", Role.ADMIN),
    ("coordinator", "Claire", "Dubois", Role.COORDINATOR),
    ("expert", "Erik", "Lindqvist", Role.EXPERT),
    ("committee", "Kofi", "Mensah", Role.COMMITTEE_MEMBER),
    ("stakeholder", "Sofia", "Marquez", Role.STAKEHOLDER),
    ("panel", "Priya", "Raman", Role.APPEALS_PANEL),
]

FIRST = ["Anna", "Ben", "Chloé", "David", "Elena", "Farid", "Greta", "Hiro", "Inès", "Jonas",
         "Kim", "Lucía", "Marc", "Nadia", "Omar", "Paula", "Quentin", "Rosa", "Sven", "Tomás",
         "Uma", "Victor", "Wen", "Yara", "Zoltan", "Aiko", "Bruno", "Carmen"]
LAST = ["Schmidt", "Martin", "Okafor", "Rossi", "Nakamura", "Bernard", "Kowalski", "Silva",
        "Haddad", "Jensen", "Moreau", "Novak", "Petrov", "García", "Tanaka", "Dupont"]
MEMBER_ORGS = [
    ("National Library of Finland", "government", "FI"),
    ("Bibliothèque nationale de France", "government", "FR"),
    ("OCLC", "industry", "US"),
    ("Ex Libris", "industry", "IL"),
    ("Europeana Foundation", "ngo", "NL"),
    ("Wikimedia Deutschland", "ngo", "DE"),
    ("University of Tsukuba", "academic", "JP"),
    ("Kent State University iSchool", "academic", "US"),
    ("Consumers' Digital Rights Forum", "consumers", "BE"),
    ("Library Workers' Union", "labour", "GB"),
    ("EDItEUR", "standards-application", "GB"),
    ("Schema.org community", "other", "US"),
]
PERSON_CATEGORIES = ["industry", "government", "academic", "academic", "standards-application",
                     "ngo", "consumers", "labour", "industry", "other", "government", "academic"]


class Command(BaseCommand):
    help = "Load the demonstration organization, stakeholders, projects and accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--smtp", action="store_true",
            help="send the demo's mail through the configured SMTP server (make run points it "
                 "at its local mail catcher, so the outbox page shows it)")

    def handle(self, *args, smtp: bool = False, **options):
        # Demo addresses are fictitious: mail (notices, invitations, …) goes to an in-memory
        # outbox while the demo loads, so the delivery logs are real and nothing leaves; with
        # --smtp (make run) it goes to the configured server, there the local mail catcher.
        if smtp:
            loaded = self._load_all()
        else:
            with override_settings(MAILERS=DEMO_MAILERS):
                loaded = self._load_all()
        if loaded:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already loaded.")
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for username, first, last, role in ACCOUNTS:
            self.stdout.write(f"  {username:<12} {first} {last} — {role.label}")
        self._proof()

    def _proof(self) -> None:
        """Publish today's chain head and say where the keys that sign it come from."""
        from liaison.audit.heads import chain_head_publish
        from liaison.audit.keys import key_sources

        published = chain_head_publish()
        self.stdout.write(f"Chain head of {published.date} published at /proof/heads/ "
                          f"(event {published.count}); " + "; ".join(key_sources()))

    def _load_all(self) -> bool:
        """Every part is idempotent: a database loaded by an older demo gets the new parts."""
        from django.contrib.auth import get_user_model

        before = AuditEvent.objects.count()
        with transaction.atomic():
            org = LiaisonOrganization.objects.filter(slug="dcmi").first()
            if org is None:
                org, coordinator = self._load()
            else:
                coordinator = get_user_model().objects.get(username="coordinator")
            load_demo_process(org, coordinator)
            load_demo_consultations(org, coordinator)
            past = load_demo_consensus(org, coordinator)
            load_demo_committee(org, coordinator, past)
            load_demo_appeal(org, coordinator, past)
            load_demo_announcement(org, coordinator)
            load_demo_process_review(org, coordinator)
        return AuditEvent.objects.count() != before


    def _load(self) -> tuple[LiaisonOrganization, object]:
        rng = random.Random(15836)
        cat = ensure_iso_categories()
        org = services.liaison_org_create(
            actor=None, name="Dublin Core Metadata Initiative", short_name="DCMI", slug="dcmi",
            website="https://www.dublincore.org/", time_zone="Europe/London", lead_time_days=14)
        users = {}
        hashed = make_password(DEMO_PASSWORD)  # once: the accounts share a public password
        for username, first, last, role in ACCOUNTS:
            user = services.user_create(
                actor=None, username=username, email=f"{username}@demo.liaison.test",
                password=None, first_name=first, last_name=last,
                is_staff=role == Role.ADMIN)
            user.password = hashed
            user.is_superuser = role == Role.ADMIN
            user.save(update_fields=["password", "is_superuser"])
            services.membership_grant(actor=None, user=user, liaison_org=org, role=role)
            users[username] = user
        actor = users["coordinator"]

        sc4 = services.organization_create(
            actor=actor, liaison_org=org, name="Technical interoperability",
            acronym="ISO/TC 46/SC 4",
            kind=Organization.Kind.ISO_COMMITTEE, website="https://www.iso.org/committee/48798.html")
        sc11 = services.organization_create(
            actor=actor, liaison_org=org, name="Archives/records management",
            acronym="ISO/TC 46/SC 11", kind=Organization.Kind.ISO_COMMITTEE)
        w3c = services.organization_create(
            actor=actor, liaison_org=org, name="W3C Dataset Exchange Working Group",
            acronym="W3C DXWG", kind=Organization.Kind.CONSORTIUM,
            website="https://www.w3.org/groups/wg/dx/")
        formal = services.relationship_create(
            actor=actor, liaison_org=org, organization=sc4,
            formality=Relationship.Formality.FORMAL, iso_category=Relationship.IsoCategory.A,
            established_on=dt.date(2003, 4, 1),
            scope="Dublin Core (ISO 15836) and metadata interoperability.")
        informal = services.relationship_create(
            actor=actor, liaison_org=org, organization=w3c,
            formality=Relationship.Formality.INFORMAL, established_on=dt.date(2017, 6, 1),
            scope="DCAT and application profiles.")
        services.representative_appoint(
            actor=actor, relationship=formal, kind=Representative.Kind.PRINCIPAL,
            name="Claire Dubois", email="coordinator@demo.liaison.test", user=actor,
            term_start=dt.date(2024, 1, 1), term_end=dt.date(2026, 12, 31))
        services.representative_appoint(
            actor=actor, relationship=formal, kind=Representative.Kind.EXPERT,
            name="Erik Lindqvist", email="expert@demo.liaison.test", user=users["expert"],
            term_start=dt.date(2025, 1, 1), term_end=dt.date(2027, 12, 31),
            working_groups="WG 2, WG 12")
        services.representative_appoint(
            actor=actor, relationship=formal, kind=Representative.Kind.EXPERT,
            name="Aiko Tanaka", email="aiko.tanaka@demo.liaison.test",
            term_start=dt.date(2022, 1, 1), term_end=dt.date(2024, 12, 31), working_groups="WG 2")
        services.representative_appoint(
            actor=actor, relationship=informal, kind=Representative.Kind.PRINCIPAL,
            name="Kofi Mensah", email="committee@demo.liaison.test", user=users["committee"],
            term_start=dt.date(2025, 6, 1))
        now = timezone.now()
        for days, direction, subject, ref in [
            (120, "inward", "Call for experts: revision of ISO 15836-2", "ISO/TC 46/SC 4 N 2201"),
            (95, "outward", "DCMI nominates experts to WG 2", "DCMI-LIA-2026-07"),
            (40, "inward", "DIS 15836-2 circulated for ballot", "ISO/TC 46/SC 4 N 2260"),
        ]:
            services.communication_log(
                actor=actor, relationship=formal, direction=direction,
                occurred_at=now - dt.timedelta(days=days), subject=subject,
                counterpart="ISO/TC 46/SC 4 secretariat", reference=ref)
        services.communication_log(
            actor=actor, relationship=informal, direction="outward",
            occurred_at=now - dt.timedelta(days=30), subject="Comments on DCAT 3 profile",
            counterpart="W3C DXWG chairs")

        topics = {name: services.topic_create(actor=actor, liaison_org=org, name=name)
                  for name in ["Metadata vocabularies", "Application profiles",
                               "Bibliographic data exchange", "Records management metadata"]}

        stakeholders: list[Stakeholder] = []
        for name, code, country in MEMBER_ORGS:
            stakeholders.append(services.stakeholder_create(
                actor=actor, liaison_org=org, kind=Stakeholder.Kind.ORGANIZATION, name=name,
                email=f"standards@{name.lower().split()[0].strip(chr(39))}.demo.liaison.test",
                country=country, categories=[cat[code]], consent_to_contact=True,
                willing_to_participate=rng.random() < 0.5))
        used = set()
        sofia = services.stakeholder_create(
            actor=actor, liaison_org=org, name="Sofia Marquez",
            email="stakeholder@demo.liaison.test", affiliation="Universidad de Salamanca",
            country="ES", categories=[cat["academic"]], consent_to_contact=True,
            willing_to_participate=True, user=users["stakeholder"], time_zone="Europe/Madrid",
            language="en")
        stakeholders.append(sofia)
        while len(stakeholders) < 48:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if (first, last) in used:
                continue
            used.add((first, last))
            code = PERSON_CATEGORIES[len(stakeholders) % len(PERSON_CATEGORIES)]
            extra = [cat["standards-application"]] if rng.random() < 0.15 else []
            stakeholders.append(services.stakeholder_create(
                actor=actor, liaison_org=org, name=f"{first} {last}",
                email=f"{first}.{last}@demo.liaison.test".lower().replace("é", "e")
                .replace("í", "i").replace("á", "a").replace("è", "e").replace("ç", "c"),
                affiliation=rng.choice(["", "Metadata consultancy", "City archive",
                                        "University library", "Publisher"]),
                categories=[cat[code], *extra], consent_to_contact=rng.random() < 0.9,
                willing_to_participate=rng.random() < 0.35,
                language=rng.choice(["", "en", "fr"])))  # "": never chose, the browser's
        for s in stakeholders:
            follows = rng.sample([sc4, sc11, w3c], k=rng.choice([1, 1, 2]))
            themes = rng.sample(list(topics.values()), k=rng.choice([0, 1, 2]))
            services.stakeholder_set_subscriptions(actor=actor, stakeholder=s,
                                                   organizations=follows, topics=themes)

        projects = [
            dict(reference="ISO/DIS 15836-2",
                 title="Information and documentation — The Dublin Core metadata element set — "
                       "Part 2: DCMI Properties and classes",
                 committee=sc4, stage_code="40.20", approved_on=dt.date(2025, 3, 14),
                 topics=[topics["Metadata vocabularies"]], is_public=True,
                 supporting=["academic", "government", "standards-application"],
                 required=["industry", "government", "academic", "consumers"],
                 engaged=18),
            dict(reference="ISO/NP 18735",
                 title="Information and documentation — Metadata application profiles — "
                       "Description and validation",
                 committee=sc4, stage_code="10.99", approved_on=now.date() - dt.timedelta(days=9),
                 topics=[topics["Application profiles"]], is_public=True,
                 supporting=["academic", "ngo"],
                 required=["industry", "academic", "ngo", "labour"], engaged=6),
            dict(reference="ISO/CD 23081-4",
                 title="Information and documentation — Records management processes — "
                       "Metadata for records — Part 4: Dublin Core mapping",
                 committee=sc11, stage_code="30.20", approved_on=dt.date(2024, 10, 2),
                 topics=[topics["Records management metadata"]], is_public=False,
                 supporting=["government"], required=["government", "industry"], engaged=4),
        ]
        for spec in projects:
            supporting = [cat[c] for c in spec.pop("supporting")]
            required = [cat[c] for c in spec.pop("required")]
            n_engaged = spec.pop("engaged")
            project = project_services.project_create(actor=actor, liaison_org=org, **spec)
            project_services.project_declare_groups(actor=actor, project=project,
                                                    supporting=supporting, required=required)
            project_services.document_add(
                actor=actor, project=project, title=f"{spec['reference']} draft text",
                number=f"{spec['committee']} N {rng.randint(2100, 2300)}",
                stage_code=spec["stage_code"], circulated_on=now.date() - dt.timedelta(days=20))
            opens = now - dt.timedelta(days=10)
            project_services.ballot_add(
                actor=actor, project=project,
                label=f"{spec['reference'].split('/')[1].split()[0]} ballot",
                opens_at=opens.replace(hour=0, minute=0, second=0, microsecond=0),
                closes_at=(opens + dt.timedelta(weeks=12)).replace(hour=23, minute=59,
                                                                   second=0, microsecond=0))
            # Engage stakeholders, leaving labour and consumers thin so coverage shows gaps.
            pool = [s for s in stakeholders
                    if not {c.code for c in s.categories.all()} & {"labour", "consumers"}]
            for s in rng.sample(pool, k=n_engaged):
                project_services.engagement_record(
                    actor=actor, project=project, stakeholder=s,
                    level=rng.choice([Engagement.Level.INTERESTED,
                                      Engagement.Level.PARTICIPATING]),
                    source="interest survey")
        return org, actor

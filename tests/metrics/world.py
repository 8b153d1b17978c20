"""A small hand-built data set for the self-assessment figures and the evidence pack.

* project P "ISO/DIS 15836-2" approved 30 days ago (UTC), requires industry and consumers;
  project Q "ISO/NP 18735" approved 10 days ago, never announced; project R without approval;
* stakeholders with accounts: ann (industry), bob (industry), cat (consumers),
  dan (academic + industry); all consent to be contacted;
* the consultation on P is opened by an announcement to the industry, consumers and academic
  categories: ann, bob, cat and dan are told;
* comments: ann (2), dan (1); bob and cat do not comment → 2 of 4 responded;
* after the deadline: draft 1 from ann's first comment, draft 2 from dan's comment ("merged"
  dispositions: 2 of 3 comments dispositioned);
* positions: draft 1 — ann, cat, dan support; draft 2 — ann and dan support, cat opposes
  (consumers, a required group, sustain opposition) → 1 of 2 drafts reach consensus.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from liaison.consensus import services as consensus
from liaison.consensus.models import Draft, Position
from liaison.consultations import services as consultations
from liaison.consultations.models import Comment, Consultation
from liaison.notices import services as notices
from liaison.notices.audience import Criteria
from liaison.projects import services as projects
from liaison.registry import services as registry
from liaison.registry.categories import ensure_iso_categories
from liaison.registry.models import Role


@dataclass
class World:
    org: object
    coordinator: object
    project: object
    consultation: Consultation
    people: dict
    comments: list[Comment]
    drafts: list[Draft]


def pass_deadline(consultation: Consultation) -> None:
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=20), deadline=now - dt.timedelta(minutes=1))
    consultation.refresh_from_db()


def build(org, coordinator, make_user) -> World:
    cats = ensure_iso_categories()
    today = timezone.now().astimezone(dt.UTC).date()
    p = projects.project_create(actor=coordinator, liaison_org=org, reference="ISO/DIS 15836-2",
                                title="Dublin Core — Part 2", stage_code="40.20",
                                approved_on=today - dt.timedelta(days=30))
    projects.project_declare_groups(actor=coordinator, project=p, supporting=[],
                                    required=[cats["industry"], cats["consumers"]])
    projects.project_create(actor=coordinator, liaison_org=org, reference="ISO/NP 18735",
                            title="Application profiles", stage_code="10.99",
                            approved_on=today - dt.timedelta(days=10))
    projects.project_create(actor=coordinator, liaison_org=org, reference="ISO/CD 23081-4",
                            title="Records metadata", stage_code="30.20")
    people = {}
    for name, codes in [("ann", ["industry"]), ("bob", ["industry"]), ("cat", ["consumers"]),
                        ("dan", ["academic", "industry"])]:
        user = make_user(Role.STAKEHOLDER, username=name)
        people[name] = (user, registry.stakeholder_create(
            actor=coordinator, liaison_org=org, name=name.title(),
            email=f"{name}@example.org", user=user, consent_to_contact=True,
            categories=[cats[c] for c in codes]))
    c = consultations.consultation_create(
        actor=coordinator, liaison_org=org, project=p, title="Comments on the DIS",
        deadline=timezone.now() + dt.timedelta(days=10))
    notices.consultation_announce(
        actor=coordinator, consultation=c, subject="Comments on the DIS, please",
        criteria=Criteria(committee=False, topics=False, required_groups=False,
                          categories=tuple(cats[k].pk for k in
                                           ("industry", "consumers", "academic"))))
    c.refresh_from_db()

    def comment(who, clause, text):
        user, author = people[who]
        return consultations.comment_create(
            actor=user, consultation=c, author=author, submit=True, clause=clause,
            type="te", comment=text, proposed_change="Change it.")

    comments = [comment("ann", "5.2.7", "The definition of creator must cite ISO 8601-2."),
                comment("dan", "5.2.20", "Language tags should follow BCP 47."),
                comment("ann", "1", "Typo in the scope: metdata.")]
    pass_deadline(c)
    consensus.consolidation_start(actor=coordinator, consultation=c)
    c.refresh_from_db()
    d1 = consensus.draft_create(actor=coordinator, consultation=c, comments=[comments[0]])
    d2 = consensus.draft_create(actor=coordinator, consultation=c, comments=[comments[1]])
    support, oppose = int(Position.Value.SUPPORT), int(Position.Value.OPPOSE)
    for who, draft, value in [("ann", d1, support), ("cat", d1, support), ("dan", d1, support),
                              ("ann", d2, support), ("cat", d2, oppose), ("dan", d2, support)]:
        user, profile = people[who]
        consensus.position_state(actor=user, draft=draft, value=value, stakeholder=profile)
    return World(org, coordinator, p, c, people, comments, [d1, d2])

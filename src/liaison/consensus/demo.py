"""Demonstration consolidation: DCMI's call for comments on ISO/CD 23081-4, past its deadline.

:func:`load_demo_consensus` (called by ``liaison demo``, idempotent) records, through the
services, a consultation that opened 45 days ago and closed 12 days ago with ten comments
(:func:`clock` runs the services as of those days, so the audit trail tells the story in
order), then — today — the consolidation: the analysis, draft consensus comments from the
clusters, positions of the demo accounts (among them a fundamental objection, referred to a
dispute in mediation), a discussion thread, and a disposition for every comment.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator
from unittest import mock

from django.contrib.auth import get_user_model
from django.utils import timezone

from liaison.consensus import discussion, disputes, services
from liaison.consensus.models import Draft
from liaison.consultations import services as consultations
from liaison.consultations.demo import open_by_announcing
from liaison.consultations.models import Comment, Consultation
from liaison.projects.models import Project
from liaison.registry.models import Stakeholder

TITLE = "DCMI comments on ISO/CD 23081-4"
REFERENCE = "ISO/CD 23081-4"

#: (stakeholder, clause, type, comment, proposed change)
COMMENTS = [
    ("National Library of Finland", "6.1", "te",
     "The mapping of dc:date to the records-management 'date of capture' loses the "
     "distinction between creation and capture.",
     "Map dc:date to 'date of creation' and add dcterms:dateSubmitted for capture."),
    ("Bibliothèque nationale de France", "6.1", "te",
     "Mapping dc:date to the date of capture confuses creation and capture of the record.",
     "Map dc:date to the creation date; use dcterms:dateSubmitted for capture."),
    ("OCLC", "6.4", "te",
     "dc:creator is mapped to 'agent' without saying which agent role applies.",
     "State that dc:creator maps to the agent with the role 'creator'."),
    ("Europeana Foundation", "6.4", "te",
     "The creator mapping should say the agent's role is 'creator'.",
     "Add the role 'creator' to the mapping of dc:creator."),
    ("Ex Libris", "3.2", "ed", "The term 'metadata schema' is defined twice (3.2 and 3.9).",
     "Delete the definition in 3.9."),
    ("University of Tsukuba", "7", "ge",
     "Clause 7 gives no example in a syntax other than XML.",
     "Add a JSON-LD example of a mapped record."),
    ("Consumers' Digital Rights Forum", "6.7", "te",
     "dc:rights is mapped to 'access rules' only; personal-data restrictions are lost.",
     "Map dc:rights also to the 'disposal and privacy' elements."),
    ("Library Workers' Union", "5", "ge",
     "The mapping assumes automated capture; manual registration by staff is not covered.",
     "Add a note on records registered manually."),
    ("Sofia Marquez", "6.7", "te",
     "Mapping dc:rights to access rules alone ignores licences of published records.",
     "Map dc:rights to both the access rules and the licence element."),
    ("Sofia Marquez", "5.1", "ge",
     "Small archives register most records by hand; the mapping covers automated capture "
     "only.", "Add a clause on records registered manually by staff."),
    ("EDItEUR", "Annex A", "ed", "Table A.1 lists the elements in no evident order.",
     "Order Table A.1 alphabetically."),
]

DISCUSSION = [
    ("coordinator", "Both comments on 6.1 ask for the same change; the merged text keeps the "
                    "Finnish wording. Any objection to citing dcterms:dateSubmitted?"),
    ("expert", "None from WG 2: dateSubmitted is already used that way in DCAT."),
    ("committee", "The mirror committee discussed it on Tuesday and supports the draft."),
]


@contextlib.contextmanager
def clock(at: dt.datetime) -> Iterator[None]:
    """Run the services as of ``at`` (time still flows from there): the demo's history is
    recorded with the dates it would have had."""
    start, real_now = time.monotonic(), timezone.now
    with mock.patch.object(timezone, "now",
                           lambda: at + dt.timedelta(seconds=time.monotonic() - start)):
        yield
    assert timezone.now is real_now


def _past_consultation(org, actor, project) -> Consultation:
    now = timezone.now()
    opened = now - dt.timedelta(days=45)
    with clock(opened):
        consultation = consultations.consultation_create(
            actor=actor, liaison_org=org, project=project, title=TITLE,
            document=project.documents.first(),
            instructions="Please comment on the CD text in ISO's comment form.",
            opens_at=opened, deadline=(now - dt.timedelta(days=12)).replace(
                hour=17, minute=0, second=0, microsecond=0))
        consultation = open_by_announcing(actor, consultation)
    people = {s.name: s for s in Stakeholder.objects.filter(liaison_org=org)}
    for day, (name, clause, kind, text, change) in enumerate(COMMENTS):
        author = people.get(name)
        if author is None:
            continue
        with clock(opened + dt.timedelta(days=3 + 3 * day, hours=9)):
            consultations.comment_create(
                actor=author.user or actor, consultation=consultation, author=author,
                submit=True, channel=Comment.Channel.WEB if author.user else
                Comment.Channel.EMAIL, clause=clause, type=kind, comment=text,
                proposed_change=change)
    return consultation


def load_demo_consensus(org, actor) -> Consultation | None:
    """The past consultation and its consolidation (see the module docstring); returns it
    (None when the project is missing)."""
    project = Project.objects.filter(liaison_org=org, reference=REFERENCE).first()
    if project is None:
        return None
    found = Consultation.objects.filter(liaison_org=org, project=project, title=TITLE).first()
    if found is not None:
        return found
    consultation = _past_consultation(org, actor, project)
    services.consolidation_start(actor=actor, consultation=consultation)
    consultation.refresh_from_db()
    # The coordinator drafts one consensus comment per clause that several commenters
    # raised (the analysis's clusters, where it found them, say the same).
    by_clause: dict[str, list[Comment]] = {}
    for c in Comment.objects.filter(consultation=consultation).order_by("number"):
        by_clause.setdefault(c.clause, []).append(c)
    drafts = [services.draft_create(actor=actor, consultation=consultation, comments=group)
              for clause, group in by_clause.items() if len(group) > 1]
    services.drafts_order_by_clause(actor=actor, consultation=consultation)
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["admin", "coordinator", "expert", "committee", "stakeholder"])}
    _positions(org, drafts, users)
    _dispositions(actor, consultation)
    for username, text in DISCUSSION:
        if drafts and username in users:
            discussion.message_post(actor=users[username], draft=drafts[0], text=text)
    return consultation


def _positions(org, drafts: list[Draft], users) -> None:
    from liaison.consultations.selectors import stakeholder_of

    for i, draft in enumerate(drafts):
        for username in ("admin", "coordinator", "expert"):
            if username in users:
                services.position_state(actor=users[username], draft=draft,
                                        value=1 if (i + len(username)) % 3 else 2)
    sofia = users.get("stakeholder")
    rights = next((d for d in drafts if d.clause == "6.7"), None)
    if sofia is None or rights is None:
        return
    objection = services.position_state(
        actor=sofia, draft=rights, value=-2, stakeholder=stakeholder_of(sofia, org),
        argument="Licences of published records are not access rules: mapping dc:rights "
                 "to access rules alone would make our open-licence statements invalid.")
    coordinator = users.get("coordinator")
    dispute = disputes.objection_dispute(actor=coordinator,
                                         objection=objection.objections.get())
    from liaison.appeals.services import dispute_mediate

    dispute_mediate(actor=coordinator, dispute=dispute,
                    note="Call with Sofia Marquez and WG 2 planned for next week.")


def _dispositions(actor, consultation: Consultation) -> None:
    reasons = {"ed": ("accepted", "Editorial: the secretariat will fix it."),
               "ge": ("noted", "Useful for the next revision; outside this CD's scope.")}
    for comment in Comment.objects.filter(consultation=consultation,
                                          disposition__isnull=True):
        kind, reason = reasons.get(comment.type, (
            "not_carried", "Not supported by the other categories; see the discussion."))
        services.disposition_set(actor=actor, comment=comment, kind=kind, reason=reason)

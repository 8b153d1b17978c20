"""Demonstration data: a published version 1 of the organization's process, adapted from the
ISO guidance for liaison organizations, and a draft version 2 that tightens the rule.

``load_demo_process(org, actor)`` is idempotent: it does nothing once the organization has
any process version.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from liaison.process import services
from liaison.process.models import ProcessVersion

SCOPE = """This document describes how {name} engages its stakeholders on ISO work and how it \
decides the consensus comments it submits as a liaison organization. It applies to every ISO \
project in which {short} takes part, from the approval of a new work item to the final ballot.

The approach is {short}'s own decision (ISO guidance, principle 1); it is public so that every \
stakeholder, and ISO, can see how positions are reached."""

IDENTIFICATION = """When ISO approves a new project, the coordinator identifies potential \
stakeholders:
- those who follow the responsible ISO committee or one of the project's topics;
- the groups the proposer declared as supporting the project or as groups that should, as a \
minimum, be involved;
- anyone who asks to take part.

Each stakeholder records their **interest categories** (ISO's eight: industry and commerce, \
government, consumers, labour, academic and research bodies, standards application, NGOs, \
other) and whether they are willing to take part on an ongoing basis. Where a required group has \
no engaged stakeholder, the coordinator reaches out to it actively."""

NOTICE = """Every stakeholder who matches a project is told **at the same time, with the same \
documents and the same deadline**, at the earliest appropriate opportunity. Each notice and its \
delivery are logged, and an equal-access report shows who was told what and when.

Input is accepted through several channels:
- the web form and the uploaded ISO comment template (.docx) or spreadsheet (.xlsx);
- public project pages, news items, an Atom feed and a calendar of deadlines;
- input given at a meeting of the internal mirror committee, recorded with its source;
- the API, for member organizations that collect comments themselves."""

COLLECTION = """Consultations close at a stated minute, normally {lead} days before the ISO \
ballot closes. Comments use the ISO form: clause, paragraph, type (general, technical, \
editorial), the comment and the proposed change. Comments stay private to their author until \
the deadline, so that no stakeholder is influenced by another's before giving their own view.

Redundant comments are grouped and contradictory ones flagged; the coordinator drafts \
consensus comments that keep a link to every comment they rest on."""

RULE = """Stakeholders state a position on each draft consensus comment: support, can live \
with it, oppose, or fundamental objection (with its argument). Abstentions are left out of the \
shares.

Consensus follows the definition of the ISO/IEC Directives, Part 1: general agreement, \
characterized by the absence of sustained opposition to substantial issues by any important \
part of the concerned interests. The figures below make that definition measurable; they are \
published with each version of this process and apply to every consultation opened while the \
version is in force."""

DISPOSITIONS = """Every view expressed is addressed. Each comment receives a disposition \
before the position is finalized: merged into a consensus comment, accepted, accepted with \
changes, noted, or not carried forward, always with the reason. The consensus comments go back \
to everyone who took part, and each stakeholder sees what became of their own comments.

Editorial revision after consensus is possible only for a recorded political or legal reason, \
and is shown as a difference against the agreed text."""

DISPUTES = """A fundamental objection that cannot be overcome opens a dispute. Any participant \
may appeal a decision (an involvement decision, a disposition, a consensus verdict or a \
submission) within 14 days, stating the grounds.

An appeals panel of three, none of whom took part in the decision under appeal, decides within \
30 days. Its decision and reasons are published."""

REVIEW = """{short} reviews this process every year against its own figures: time from ISO \
approval to first notice, response rate by interest category, share of comments with \
dispositions, consensus reached and appeals. Each review is recorded with its findings and the \
version of this process it led to."""


def _texts(org) -> dict[str, str]:
    values = {"name": org.name, "short": org.short_name or org.name,
              "lead": org.lead_time_days}
    return {
        "scope": SCOPE.format(**values),
        "stakeholder_identification": IDENTIFICATION,
        "notice_and_channels": NOTICE,
        "comment_collection": COLLECTION.format(**values),
        "consensus_rule": RULE,
        "dispositions": DISPOSITIONS,
        "disputes_and_appeals": DISPUTES,
        "review": REVIEW.format(**values),
    }


@transaction.atomic
def load_demo_process(org, actor) -> list[ProcessVersion]:
    """Publish version 1 (dated 120 days ago) and draft version 2 for ``org``."""
    if ProcessVersion.objects.filter(liaison_org=org).exists():
        return list(ProcessVersion.objects.filter(liaison_org=org).order_by("number"))
    v1 = services.process_draft_save(actor=actor, liaison_org=org, **_texts(org))
    v1 = services.process_publish(
        actor=actor, version=v1, at=timezone.now() - dt.timedelta(days=120),
        change_note="First published version, adapted from ISO's guidance for liaison "
                    "organizations on stakeholder engagement and consensus.")
    v2 = services.process_draft_save(
        actor=actor, liaison_org=org, min_members=2,
        disputes_and_appeals=DISPUTES.replace("within 14 days", "within 21 days"),
        review=REVIEW.format(short=org.short_name or org.name)
        + "\n\nThe 2026 review found that small categories were never counted as important; "
          "this draft lowers m from 3 to 2 and gives appellants 21 days instead of 14.",
    )
    return [v1, v2]

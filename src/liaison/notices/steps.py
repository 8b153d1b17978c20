"""What a step notice says, per trigger, in the active language.

A step announcement stores only its trigger's slug and a small ``context`` (references, the
title, the path of the page to open, a count, a deadline, an outcome code); the subject and
the text are written here, at the moment they are shown or mailed, in the language of the one
who reads them. Every recipient of a step is told the same thing (no personal salutation).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext


def _when(context: dict, key: str = "deadline") -> str:
    """The date-time ``context[key]`` in the active time zone, with UTC."""
    raw = context.get(key)
    if not raw:
        return ""
    at = dt.datetime.fromisoformat(raw)
    local = timezone.localtime(at)
    zone = timezone.get_current_timezone_name()
    return (f"{formats.date_format(local, 'DATETIME_FORMAT')} ({zone})"
            f" — {at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC")


def _outcome(code: str) -> str:
    from liaison.appeals.states import Outcome

    return str(Outcome(code).label) if code in Outcome.values else code


def _appeal(sentence: str) -> Callable[[dict], str]:
    """An appeal step's text: the sentence, then what the appeal is about and its dates."""
    def text(c: dict) -> str:
        lines = [_(sentence) % {**c, "outcome": _outcome(c.get("outcome", ""))}, ""]
        details = (("title", _("Against:")), ("summary", _("Summary of the grounds:")),
                   ("admissibility_due", _("Admissibility due:")),
                   ("decision_due", _("Decision due:")),
                   ("reason", _("Why it is inadmissible:")), ("reasons", _("Reasons:")))
        for key, label in details:
            if c.get(key):
                value = _when(c, key) if key.endswith("_due") else c[key]
                lines.append(label + " " + value)
        return "\n".join(lines)
    return text


#: slug → (subject, text): each a function of the context, called in the reader's language.
MESSAGES: dict[str, tuple[Callable[[dict], str], Callable[[dict], str]]] = {
    "step.drafts_ready": (
        lambda c: _("Drafts ready for your position: %(title)s") % c,
        lambda c: _("The draft consensus comments of “%(title)s” (%(n)s) are ready: please "
                    "state your position on each of them before %(when)s.") % {
            **c, "when": _when(c)} if c.get("deadline") else
        _("The draft consensus comments of “%(title)s” (%(n)s) are ready: please state your "
          "position on each of them.") % c),
    "step.positions_closing": (
        lambda c: _("Positions close soon: %(title)s") % c,
        lambda c: _("Positions on the draft consensus comments of “%(title)s” close on "
                    "%(when)s. State or review yours before then.") % {**c, "when": _when(c)}),
    "positions.review": (
        lambda c: _("Draft %(ref)s changed: please review your position") % c,
        lambda c: _("The draft consensus comment %(ref)s of “%(title)s” was changed after you "
                    "stated your position on it. Your position is kept but marked for review; "
                    "please read the new text and confirm or change it.") % c),
    "step.verdict": (
        lambda c: _("Verdict reached: %(title)s") % c,
        lambda c: (_("The position on “%(title)s” was finalized: consensus was reached on its "
                     "%(n)s draft consensus comment(s).") if c.get("consensus") else
                   _("The position on “%(title)s” was finalized without consensus on every "
                     "draft consensus comment (%(n)s in all); see the verdict.")) % c),
    "consensus.outcome": (
        lambda c: _("Outcome: %(title)s") % c,
        lambda c: _("The consensus position on “%(title)s” was submitted with %(n)s consensus "
                    "comment(s). See what became of each comment.") % c),
    "observations.pass_on": (
        lambda c: _("Secretariat's observations: %(title)s") % c,
        lambda c: _("The committee secretariat has answered the consensus comments of "
                    "“%(title)s” that your comments fed into. Read the observations.") % c),
    "step.dispute_open": (
        lambda c: _("Dispute %(ref)s opened") % c,
        lambda c: _("A fundamental objection about %(title)s could not be overcome: dispute "
                    "%(ref)s is opened.") % c),
    "step.dispute_mediation": (
        lambda c: _("Dispute %(ref)s in mediation") % c,
        lambda c: _("Dispute %(ref)s about %(title)s has gone to mediation.") % c),
    "step.dispute_resolved": (
        lambda c: _("Dispute %(ref)s resolved") % c,
        lambda c: _("Dispute %(ref)s about %(title)s was resolved.") % c),
    "step.dispute_escalated": (
        lambda c: _("Dispute %(ref)s escalated to an appeal") % c,
        lambda c: _("Mediation did not resolve dispute %(ref)s about %(title)s: it is "
                    "escalated to an appeal.") % c),
    "step.appeal_filed": (
        lambda c: _("Appeal %(ref)s filed") % c,
        _appeal(gettext_noop("Appeal %(ref)s was filed."))),
    "step.appeal_admissible": (
        lambda c: _("Appeal %(ref)s admitted") % c,
        _appeal(gettext_noop("Appeal %(ref)s was found admissible; the panel will decide it."))),
    "step.appeal_inadmissible": (
        lambda c: _("Appeal %(ref)s inadmissible") % c,
        _appeal(gettext_noop("Appeal %(ref)s was declared inadmissible."))),
    "step.appeal_panel": (
        lambda c: _("Appeal %(ref)s: panel appointed") % c,
        _appeal(gettext_noop("The panel that will decide appeal %(ref)s was appointed."))),
    "step.appeal_under_review": (
        lambda c: _("Appeal %(ref)s under review") % c,
        _appeal(gettext_noop("The panel has started its review of appeal %(ref)s."))),
    "step.appeal_decided": (
        lambda c: _("Appeal %(ref)s decided") % c,
        _appeal(gettext_noop("The panel decided appeal %(ref)s: %(outcome)s."))),
    "step.appeal_closed": (
        lambda c: _("Appeal %(ref)s closed") % c,
        _appeal(gettext_noop("Appeal %(ref)s is closed."))),
}


def _message(announcement) -> tuple[Callable[[dict], str], Callable[[dict], str]]:
    return MESSAGES.get(announcement.trigger, (
        lambda c: announcement.subject, lambda c: announcement.message))


def subject(announcement) -> str:
    org = announcement.liaison_org
    return pgettext("step notice subject", "[%(org)s] %(subject)s") % {
        "org": org.short_name or org.name,
        "subject": _message(announcement)[0](announcement.context)}


def body(announcement) -> str:
    return _message(announcement)[1](announcement.context)

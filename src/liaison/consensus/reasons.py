"""A verdict's reasons in the reader's language.

The pure core gives each reason as a :class:`liaison.core.reasons.Reason`: its English sentence
with a ``code`` and figures. :func:`say` looks the code up in :data:`MESSAGES` and fills the
translated message with the figures (shares as whole percentages, the ``%`` sign placed by the
translation). Anything else, such as the English text stored with a finalized position or a
submission, is shown as it was stored: records are never rewritten.

In English, :func:`say` gives exactly the core's sentence (``tests/i18n`` checks every code).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.translation import gettext, ngettext

from liaison.core.reasons import Reason


def _whole_pct(x: object) -> str:
    return f"{100 * float(x):.0f}"  # type: ignore[arg-type]


def _sustained(p: Mapping[str, object], basis: str) -> str:
    return basis % {"category": p["category"], "against": p["against"], "taking": p["taking"],
                    "share": _whole_pct(p["share"]), "theta": _whole_pct(p["theta"])}


def _support(p: Mapping[str, object], message: str) -> str:
    return message % {"in_favour": p["in_favour"], "taking": p["taking"],
                      "share": _whole_pct(p["share"]), "tau": _whole_pct(p["tau"])}


#: code → the message in the active language, filled with the reason's params.
MESSAGES: dict[str, Callable[[Mapping[str, object]], str]] = {
    "no_sustained_opposition": lambda p: gettext("no sustained opposition in any category"),
    "sustained_opposition_members": lambda p: _sustained(p, gettext(
        "sustained opposition in '%(category)s': %(against)s of %(taking)s (%(share)s%%) "
        "oppose, at or above θ = %(theta)s%% (%(taking)s took a position)")),
    "sustained_opposition_required": lambda p: _sustained(p, gettext(
        "sustained opposition in '%(category)s': %(against)s of %(taking)s (%(share)s%%) "
        "oppose, at or above θ = %(theta)s%% (a required group)")),
    "required_group_silent": lambda p: gettext(
        "required group '%(category)s' took no position") % {"category": p["category"]},
    "required_group_abstained": lambda p: gettext(
        "required group '%(category)s' abstained (an abstention is a position)")
    % {"category": p["category"]},
    "objections_unresolved": lambda p: ngettext(
        "%(count)s unresolved fundamental objection",
        "%(count)s unresolved fundamental objections", p["count"]) % {"count": p["count"]},
    "objections_not_blocking": lambda p: ngettext(
        "%(count)s fundamental objection (not blocking under this rule)",
        "%(count)s fundamental objections (not blocking under this rule)",
        p["count"]) % {"count": p["count"]},
    "nobody_took_position": lambda p: gettext("nobody took a position"),
    "support_below": lambda p: _support(p, gettext(
        "overall support %(in_favour)s of %(taking)s (%(share)s%%) is below τ = %(tau)s%%")),
    "support_reached": lambda p: _support(p, gettext(
        "overall support %(in_favour)s of %(taking)s (%(share)s%%) is at or above "
        "τ = %(tau)s%%")),
    "no_drafts": lambda p: gettext("there is no draft consensus comment yet"),
    "drafts_not_all": lambda p: ngettext(
        "%(reaching)s of %(total)s drafts reach consensus; not yet: %(failing)s",
        "%(reaching)s of %(total)s drafts reach consensus; not yet: %(failing)s",
        p["reaching"]) % {"reaching": p["reaching"], "total": p["total"],
                          "failing": ", ".join(map(str, p["failing"]))},
    "drafts_all": lambda p: gettext(
        "all %(total)s drafts reach consensus under rule %(rule)s") % {
            "total": p["total"], "rule": p["rule"]},
    "awaiting_review": lambda p: ngettext(
        "%(count)s position(s) were given on an earlier text and await review",
        "%(count)s position(s) were given on an earlier text and await review",
        p["count"]) % {"count": p["count"]},
}


def say(reason: object) -> str:
    """The reason in the active language; stored text (a plain string) as it is."""
    if isinstance(reason, Reason):
        return MESSAGES[reason.code](reason.params)
    return str(reason)

"""The process check of one consultation (``liaison audit check-process``, the consultation's
process-check page, ``process-check.json`` in the evidence pack).

The rules are pure (:mod:`liaison.core.process_check`); this module reads what they need: the
consultation's audit events (the same ones an evidence pack marks as concerning it) and the
current records the trail refers to — the submitted input comments, the drafts' references,
and the objections, disputes and appeals still running. :func:`say` words a finding in the
reader's language (in English it is exactly the core's sentence).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy

from liaison.audit.evidence import _appeals_about, _model, related_objects
from liaison.audit.models import AuditEvent
from liaison.core import process_check as core
from liaison.core.process_check import Facts, Report, Running


def consultation_events(consultation, keys: set[tuple[str, str]] | None = None) -> list[dict]:
    """The audit events about the consultation or its records, oldest first."""
    keys = related_objects(consultation) if keys is None else keys
    by_type: dict[str, set[str]] = {}
    for label, pk in keys:
        by_type.setdefault(label, set()).add(pk)
    about = Q(data__consultation=consultation.pk)
    for label, ids in by_type.items():
        about |= Q(object_type=label, object_id__in=ids)
    return list(AuditEvent.objects.filter(about).order_by("seq").values(
        "seq", "at", "verb", "object_type", "object_id", "data"))


#: Appeals and disputes in these states are over.
CONCLUDED = {"dispute": {"resolved", "escalated"},
             "appeal": {"inadmissible", "decided", "closed"}}


def _iso(moment) -> str:
    return moment.isoformat() if moment is not None else ""


def facts_of(consultation, keys: set[tuple[str, str]] | None = None) -> Facts:
    """What the rules read from the current records (the consultation's row re-read, so a
    stale instance cannot hide a change)."""
    from liaison.consultations.selectors import submitted_comments

    keys = related_objects(consultation) if keys is None else keys
    comments = {c.pk: c.reference for c in submitted_comments(consultation)}
    drafts: dict[int, str] = {}
    disposed: frozenset[int] = frozenset()
    running: list[Running] = []
    concluded = {"objection": 0, "dispute": 0, "appeal": 0}
    if _model("consensus.Draft") is not None:
        from liaison.consensus.models import Disposition, Draft, Objection

        drafts = {d.pk: d.reference for d in Draft.objects.filter(consultation=consultation)}
        disposed = frozenset(Disposition.objects.filter(consultation=consultation)
                             .values_list("comment_id", flat=True))
        for o in (Objection.objects.filter(consultation=consultation)
                  .select_related("draft").order_by("raised_at", "pk")):
            if o.state in Objection.BLOCKING:
                running.append(Running("objection", o.draft.reference, o.state,
                                       _iso(o.raised_at), blocking=True))
            else:
                concluded["objection"] += 1
    for item in _appeals_about(consultation, keys):
        kind = item._meta.model_name
        if item.state in CONCLUDED[kind]:
            concluded[kind] += 1
        else:
            running.append(Running(kind, item.reference, item.state, _iso(
                getattr(item, "filed_at", None) or getattr(item, "opened_at", None))))
    title, state, deadline = (type(consultation).objects.filter(pk=consultation.pk)
                              .values_list("title", "state", "deadline").get())
    return Facts(consultation=consultation.pk, title=title, state=state,
                 deadline=_iso(deadline),
                 comments=comments, drafts=drafts, disposed=disposed, running=tuple(running),
                 concluded=concluded)


def process_check(consultation, keys: set[tuple[str, str]] | None = None) -> Report:
    """The process check of ``consultation`` as it stands now (``keys``: its records as
    :func:`liaison.audit.evidence.related_objects` names them, when the caller has them)."""
    keys = related_objects(consultation) if keys is None else keys
    rows = consultation_events(consultation, keys)
    for row in rows:
        row["at"] = row["at"].isoformat()
    return core.check(rows, facts_of(consultation, keys))


# ------------------------------------------------------------------ in the reader's language

TITLES: dict[str, object] = {
    "equal_access": gettext_lazy("Openness and equal access: everyone told in one batch"),
    "input_window": gettext_lazy("Timeliness: the input window as announced"),
    "views_addressed": gettext_lazy("Every view addressed"),
    "consensus": gettext_lazy("Consensus on every draft"),
    "due_process": gettext_lazy("Due process: objections, disputes and appeals concluded"),
}

STATUSES: dict[str, object] = {
    core.PASSED: gettext_lazy("passed"),
    core.EXCEPTIONS: gettext_lazy("passed with recorded exceptions"),
    core.BROKEN: gettext_lazy("broken"),
    core.PENDING: gettext_lazy("not concluded yet"),
}

#: what is still running, as a finding names it before its reference ("dispute D-3")
KINDS: dict[str, object] = {
    "objection": gettext_lazy("the fundamental objection to"),
    "dispute": pgettext_lazy("process check: before its reference", "dispute"),
    "appeal": pgettext_lazy("process check: before its reference", "appeal"),
}


def _when(value: object) -> str:
    """An ISO datetime in the reader's time zone and format."""
    if not value:
        return "—"
    moment = dt.datetime.fromisoformat(str(value))
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _state(kind: str, state: str) -> str:
    """A state code as its label in the reader's language."""
    labels: dict[str, Mapping] = {}
    if _model("consensus.Objection") is not None:
        from liaison.consensus.models import Objection

        labels["objection"] = dict(Objection.State.choices)
    if _model("appeals.Appeal") is not None:
        from liaison.appeals.states import AppealState, DisputeState

        labels["dispute"] = dict(DisputeState.choices)
        labels["appeal"] = dict(AppealState.choices)
    return str(labels.get(kind, {}).get(state, state))


def _consultation_state(state: object) -> str:
    from liaison.consultations.states import State

    return str(dict(State.choices).get(str(state), state))


def _p(p: Mapping[str, object]) -> dict[str, object]:
    return {k: (_when(v) if k in core.DATE_PARAMS else v) for k, v in p.items()}


#: code → the message in the active language, filled with the finding's params.
MESSAGES: dict[str, Callable[[Mapping[str, object]], str]] = {
    "not_opened": lambda p: gettext("not opened yet"),
    "announced": lambda p: gettext(
        "opened %(opened)s; %(told)s stakeholder(s) told in one batch at %(at)s (%(email)s "
        "also by e-mail)") % _p(p),
    "without_notice": lambda p: gettext("opened %(opened)s without notice: %(reason)s") % _p(p),
    "not_announced": lambda p: gettext("opened %(opened)s and nobody was told") % _p(p),
    "announced_late": lambda p: gettext(
        "opened %(opened)s but announced only at %(at)s") % _p(p),
    "batches": lambda p: gettext(
        "the opening was announced in %(count)s batches, not one") % _p(p),
    "window_kept": lambda p: gettext(
        "input taken until the announced deadline %(deadline)s") % _p(p),
    "window_open": lambda p: gettext("open for input until %(deadline)s") % _p(p),
    "closed_early": lambda p: gettext(
        "closed at %(at)s, before the announced deadline %(deadline)s: %(reason)s "
        "(%(told)s told)") % _p(p),
    "closed_early_no_reason": lambda p: gettext(
        "closed at %(at)s, before the announced deadline %(deadline)s, with no reason "
        "recorded") % _p(p),
    "extended": lambda p: gettext(
        "deadline moved on %(at)s from %(old)s to %(new)s: %(reason)s (%(told)s told)") % _p(p),
    "extended_no_reason": lambda p: gettext(
        "deadline moved on %(at)s from %(old)s to %(new)s with no reason recorded") % _p(p),
    "reopened": lambda p: gettext(
        "reopened at %(at)s until %(deadline)s: %(reason)s (%(told)s told)") % _p(p),
    "reopened_no_reason": lambda p: gettext(
        "reopened at %(at)s with no reason recorded") % _p(p),
    "no_window_notice": lambda p: gettext(
        "the change of %(at)s was not announced to those told") % _p(p),
    "notice_missed": lambda p: gettext(
        "the change of %(at)s did not reach %(count)s stakeholder(s) told at opening") % _p(p),
    "state_outside_trail": lambda p: gettext(
        "the consultation is “%(state)s” but its audit trail ends at “%(trail)s”: its state "
        "was changed outside the application") % {
            "state": _consultation_state(p["state"]), "trail": _consultation_state(p["trail"])},
    "all_addressed": lambda p: ngettext(
        "the %(count)s input comment has a disposition",
        "all %(count)s input comments have a disposition", p["count"]) % _p(p),
    "not_addressed": lambda p: gettext("no disposition for %(refs)s") % {
        "refs": ", ".join(map(str, p["refs"]))},  # type: ignore[call-overload]
    "addressing": lambda p: gettext(
        "%(addressed)s of %(count)s input comment(s) have a disposition so far") % _p(p),
    "not_finalized": lambda p: gettext("the position is not finalized yet"),
    "all_consensus": lambda p: gettext(
        "all %(count)s draft(s) reached consensus when the position was finalized at "
        "%(at)s") % _p(p),
    "override": lambda p: gettext("%(ref)s submitted without consensus: %(reason)s") % _p(p),
    "withdrawn": lambda p: gettext("%(ref)s withdrawn: %(reason)s") % _p(p),
    "no_consensus": lambda p: gettext(
        "%(ref)s lacked consensus when the position was finalized at %(at)s, with no "
        "override or withdrawal recorded") % _p(p),
    "concluded": lambda p: gettext(
        "%(objections)s objection(s), %(disputes)s dispute(s) and %(appeals)s appeal(s), all "
        "concluded") % _p(p),
    "running": lambda p: gettext("%(what)s %(ref)s still %(state)s (since %(since)s)") % {
        **_p(p), "what": KINDS.get(str(p["about"]), p["about"]),
        "state": _state(str(p["about"]), str(p["state"]))},
    "finalized_over_objection": lambda p: gettext(
        "the position was finalized while %(what)s %(ref)s was still %(state)s") % {
        **_p(p), "what": KINDS["objection"], "state": _state("objection", str(p["state"]))},
}


def say(finding: core.Finding) -> str:
    """The finding in the active language."""
    return MESSAGES[finding.code](finding.params)

"""Was this consultation fair? The process check, principle by principle (pure: events in,
findings out).

The input is the consultation's audit events, oldest first (``seq``, ``at`` as an ISO
datetime, ``verb``, ``object_type``, ``object_id``, ``data``), and :class:`Facts` read from the
current records the trail refers to (the submitted comments, the drafts' references, what is
still running). Each of the five principles of the seed (MISSION capabilities 4, 10, 9/12, 14)
gets a :class:`PrincipleResult`:

* ``passed``      — the trail shows the rule kept;
* ``exceptions``  — a rule was set aside, each time with a recorded reason (listed);
* ``broken``      — a rule was set aside with no recorded reason (named, with when);
* ``pending``     — not due yet (the position is not finalized) or still running (named).

A :class:`Finding` is its English sentence plus a ``code`` and ``params``, so the web pages
can say it in the reader's language (``liaison.audit.process_check``). Rules:

1. **Equal access** — the first ``consultation.open`` comes with one ``announcement.consultation``
   batch (within :data:`SAME_BATCH` of it), or carries ``without_notice_reason``.
2. **Input window** — input closes at or after the announced deadline; every early close
   (``early`` + ``reason``), extension (``consultation.extend`` + ``reason``) and reopening
   (``reopen`` + ``reason``) has its reason and an ``announcement.window_change`` batch that
   reaches everyone told at opening; a deadline moved by ``consultation.update`` after
   opening has neither. The state in the records must be the trail's last state.
3. **Every view addressed** — once finalized, every submitted input comment has a
   disposition, both in the trail (``disposition.set``, or a source of ``draft.create``) and
   in the records.
4. **Consensus** — every draft in the last ``consensus.finalize`` verdict reached consensus,
   or was overridden (``overrides`` / ``draft.override``) or withdrawn (``draft.withdraw``)
   with a reason.
5. **Due process** — no objection, dispute or appeal still running; a finalized position
   with a fundamental objection still open is broken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: An announcement this close to the opening is the opening's own batch.
SAME_BATCH = dt.timedelta(minutes=5)

PASSED, EXCEPTIONS, BROKEN, PENDING = "passed", "exceptions", "broken", "pending"
INFO, EXCEPTION, BREACH, RUNNING = "info", "exception", "broken", "running"

#: principle key → its English title (named as in the seed and MISSION.md).
PRINCIPLES: dict[str, str] = {
    "equal_access": "Openness and equal access: everyone told in one batch",
    "input_window": "Timeliness: the input window as announced",
    "views_addressed": "Every view addressed",
    "consensus": "Consensus on every draft",
    "due_process": "Due process: objections, disputes and appeals concluded",
}

#: params holding an ISO datetime (pages show them in the reader's time zone).
DATE_PARAMS = frozenset({"at", "opened", "deadline", "old", "new", "since"})


def when(value: object) -> str:
    """An ISO datetime as ``2026-12-08 03:22 UTC`` (empty when absent)."""
    if not value:
        return "—"
    moment = dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


#: what is still running, as a sentence names it before its reference.
WHAT = {"objection": "the fundamental objection to", "dispute": "dispute", "appeal": "appeal"}


#: the states of what may still be running, as the English pages name them
STATE_WORDS = {"open": "open", "disputed": "referred to a dispute", "mediation": "in mediation",
               "filed": "filed", "admissible": "admissible", "under_review": "under review"}


def _state(p: Mapping[str, object]) -> str:
    return STATE_WORDS.get(str(p["state"]), str(p["state"]))


def _refs(p: Mapping[str, object]) -> str:
    return ", ".join(map(str, p["refs"]))  # type: ignore[arg-type]


#: code → the English sentence built from the params.
ENGLISH: dict[str, Callable[[Mapping[str, object]], str]] = {
    "not_opened": lambda p: "not opened yet",
    "announced": lambda p: (
        f"opened {when(p['opened'])}; {p['told']} stakeholder(s) told in one batch at "
        f"{when(p['at'])} ({p['email']} also by e-mail)"),
    "without_notice": lambda p: f"opened {when(p['opened'])} without notice: {p['reason']}",
    "not_announced": lambda p: f"opened {when(p['opened'])} and nobody was told",
    "announced_late": lambda p: (
        f"opened {when(p['opened'])} but announced only at {when(p['at'])}"),
    "batches": lambda p: f"the opening was announced in {p['count']} batches, not one",
    "window_kept": lambda p: f"input taken until the announced deadline {when(p['deadline'])}",
    "window_open": lambda p: f"open for input until {when(p['deadline'])}",
    "closed_early": lambda p: (
        f"closed at {when(p['at'])}, before the announced deadline {when(p['deadline'])}: "
        f"{p['reason']} ({p['told']} told)"),
    "closed_early_no_reason": lambda p: (
        f"closed at {when(p['at'])}, before the announced deadline {when(p['deadline'])}, "
        "with no reason recorded"),
    "extended": lambda p: (
        f"deadline moved on {when(p['at'])} from {when(p['old'])} to {when(p['new'])}: "
        f"{p['reason']} ({p['told']} told)"),
    "extended_no_reason": lambda p: (
        f"deadline moved on {when(p['at'])} from {when(p['old'])} to {when(p['new'])} "
        "with no reason recorded"),
    "reopened": lambda p: (
        f"reopened at {when(p['at'])} until {when(p['deadline'])}: {p['reason']} "
        f"({p['told']} told)"),
    "reopened_no_reason": lambda p: (
        f"reopened at {when(p['at'])} with no reason recorded"),
    "no_window_notice": lambda p: (
        f"the change of {when(p['at'])} was not announced to those told"),
    "notice_missed": lambda p: (
        f"the change of {when(p['at'])} did not reach {p['count']} stakeholder(s) told at "
        "opening"),
    "state_outside_trail": lambda p: (
        f"the consultation is '{p['state']}' but its audit trail ends at '{p['trail']}': its "
        "state was changed outside the application"),
    "all_addressed": lambda p: f"all {p['count']} input comment(s) have a disposition",
    "not_addressed": lambda p: f"no disposition for {_refs(p)}",
    "addressing": lambda p: (
        f"{p['addressed']} of {p['count']} input comment(s) have a disposition so far"),
    "not_finalized": lambda p: "the position is not finalized yet",
    "all_consensus": lambda p: (
        f"all {p['count']} draft(s) reached consensus when the position was finalized at "
        f"{when(p['at'])}"),
    "override": lambda p: f"{p['ref']} submitted without consensus: {p['reason']}",
    "withdrawn": lambda p: f"{p['ref']} withdrawn: {p['reason']}",
    "no_consensus": lambda p: (
        f"{p['ref']} lacked consensus when the position was finalized at {when(p['at'])}, "
        "with no override or withdrawal recorded"),
    "concluded": lambda p: (
        f"{p['objections']} objection(s), {p['disputes']} dispute(s) and {p['appeals']} "
        "appeal(s), all concluded"),
    "running": lambda p: (
        f"{WHAT[str(p['about'])]} {p['ref']} still {_state(p)} (since {when(p['since'])})"),
    "finalized_over_objection": lambda p: (
        f"the position was finalized while {WHAT['objection']} {p['ref']} was still "
        f"{_state(p)}"),
}


class Finding(str):
    """One finding, equal to its English sentence, with ``code``, ``kind`` and ``params``."""

    code: str
    kind: str
    params: Mapping[str, object]

    def __new__(cls, code: str, kind: str = INFO, **params: object) -> Finding:
        frozen = MappingProxyType(dict(params))
        self = super().__new__(cls, ENGLISH[code](frozen))
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "params", frozen)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Finding cannot be changed")

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "kind": self.kind, "text": str(self),
                "params": dict(self.params)}


@dataclass(frozen=True)
class PrincipleResult:
    key: str
    findings: tuple[Finding, ...]

    @property
    def title(self) -> str:
        return PRINCIPLES[self.key]

    @property
    def status(self) -> str:
        kinds = {f.kind for f in self.findings}
        for kind, status in ((BREACH, BROKEN), (RUNNING, PENDING), (EXCEPTION, EXCEPTIONS)):
            if kind in kinds:
                return status
        return PASSED

    def as_dict(self) -> dict[str, object]:
        return {"principle": self.key, "title": self.title, "status": self.status,
                "findings": [f.as_dict() for f in self.findings]}


@dataclass(frozen=True)
class Report:
    consultation: int
    title: str
    principles: tuple[PrincipleResult, ...]

    @property
    def fair(self) -> bool:
        """No principle broken without a recorded reason."""
        return all(p.status != BROKEN for p in self.principles)

    @property
    def broken(self) -> list[str]:
        return [p.key for p in self.principles if p.status == BROKEN]

    def as_dict(self) -> dict[str, object]:
        return {"consultation": self.consultation, "title": self.title, "fair": self.fair,
                "broken": self.broken, "principles": [p.as_dict() for p in self.principles]}

    def text(self) -> str:
        """The report as plain text (the command's output, ``process-check.md`` in a pack)."""
        lines = [f"# Process check of consultation #{self.consultation} “{self.title}”", "",
                 "Fair: no principle broken." if self.fair else
                 "NOT FAIR: broken without a recorded reason: " + ", ".join(self.broken), ""]
        for p in self.principles:
            lines.append(f"## {p.title}: {p.status.upper()}")
            lines += [f"- [{f.kind}] {f}" for f in p.findings]
            lines.append("")
        return "\n".join(lines)


@dataclass(frozen=True)
class Running:
    """An objection, dispute or appeal not concluded (from the current records)."""

    kind: str  # "objection" | "dispute" | "appeal"
    ref: str
    state: str
    since: str  # ISO datetime
    blocking: bool = False  # an objection that blocks finalization


@dataclass(frozen=True)
class Facts:
    consultation: int
    title: str
    state: str
    deadline: str  # ISO datetime, the deadline in the record
    comments: Mapping[int, str]  # submitted input comments: pk → reference
    drafts: Mapping[int, str]  # every draft: pk → reference
    disposed: frozenset[int] = frozenset()  # comments with a disposition in the records
    running: tuple[Running, ...] = ()
    concluded: Mapping[str, int] = field(default_factory=dict)


# ------------------------------------------------------------------ reading the events


@dataclass(frozen=True)
class Event:
    seq: int
    at: str
    verb: str
    object_type: str
    object_id: str
    data: Mapping[str, object]

    @classmethod
    def of(cls, row: Mapping[str, object]) -> Event:
        data = row.get("data")
        return cls(int(row["seq"]), str(row["at"]), str(row["verb"]),  # type: ignore[arg-type]
                   str(row.get("object_type", "")), str(row.get("object_id", "")),
                   data if isinstance(data, Mapping) else {})

    @property
    def moment(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at)


def _moment(value: object) -> dt.datetime | None:
    return dt.datetime.fromisoformat(str(value)) if value else None


def _reason(data: Mapping[str, object], key: str = "reason") -> str:
    return str(data.get(key) or "").strip()


def _is_consultation(e: Event, pk: int) -> bool:
    return e.object_type == "consultations.consultation" and e.object_id == str(pk)


def _announcements(events: list[Event], kind: str, pk: int) -> list[Event]:
    return [e for e in events if e.verb == f"announcement.{kind}"
            and str(e.data.get("consultation")) == str(pk)]


def _ids(data: Mapping[str, object], key: str) -> set[str]:
    value = data.get(key)
    return {str(v) for v in value} if isinstance(value, list | tuple) else set()


# ------------------------------------------------------------------ the five principles


def _opening(events: list[Event], facts: Facts) -> tuple[Event | None, Event | None]:
    """The first opening and the announcement batch that told of it (if any)."""
    pk = facts.consultation
    opening = next((e for e in events if e.verb == "consultation.open"
                    and _is_consultation(e, pk)), None)
    batches = _announcements(events, "consultation", pk)
    return opening, (batches[0] if batches else None)


def equal_access(events: list[Event], facts: Facts) -> PrincipleResult:
    opening, batch = _opening(events, facts)
    if opening is None:
        return PrincipleResult("equal_access", (Finding("not_opened", RUNNING),))
    found: list[Finding] = []
    batches = _announcements(events, "consultation", facts.consultation)
    reason = _reason(opening.data, "without_notice_reason")
    if batch is not None and abs(batch.moment - opening.moment) <= SAME_BATCH:
        found.append(Finding("announced", opened=opening.at, at=batch.at,
                             told=len(_ids(batch.data, "in_app")),
                             email=len(_ids(batch.data, "email"))))
    elif reason:
        found.append(Finding("without_notice", EXCEPTION, opened=opening.at, reason=reason))
    elif batch is not None:
        found.append(Finding("announced_late", BREACH, opened=opening.at, at=batch.at))
    else:
        found.append(Finding("not_announced", BREACH, opened=opening.at))
    if len(batches) > 1:
        found.append(Finding("batches", BREACH, count=len(batches)))
    return PrincipleResult("equal_access", tuple(found))


def _window_notice(events: list[Event], change: Event, told: set[str], pk: int
                   ) -> tuple[int, list[Finding]]:
    """The ``window_change`` batch recorded with ``change`` (how many told) and what it
    missed."""
    notice = next((e for e in _announcements(events, "window_change", pk)
                   if e.seq > change.seq and e.moment - change.moment <= SAME_BATCH), None)
    if notice is None:
        return 0, [Finding("no_window_notice", BREACH, at=change.at)]
    reached = _ids(notice.data, "in_app") | _ids(notice.data, "email")
    missed = told - reached
    return len(reached), ([Finding("notice_missed", BREACH, at=change.at, count=len(missed))]
                          if missed else [])


STATES = frozenset({"draft", "open", "closed", "consolidating", "finalized", "submitted"})


def _trail_state(events: list[Event], pk: int) -> str | None:
    """The state the consultation's last recorded transition led to."""
    states = [str(e.data["to"]) for e in events
              if _is_consultation(e, pk) and e.data.get("from") in STATES
              and e.data.get("to") in STATES]
    return states[-1] if states else None


def input_window(events: list[Event], facts: Facts) -> PrincipleResult:
    pk = facts.consultation
    opening, batch = _opening(events, facts)
    if opening is None:
        return PrincipleResult("input_window", (Finding("not_opened", RUNNING),))
    told = (_ids(batch.data, "in_app") | _ids(batch.data, "email")) if batch else set()
    deadline = _moment((batch.data.get("deadline") if batch else None)
                       or opening.data.get("deadline") or _first_deadline(events, pk, opening)
                       or facts.deadline)
    found: list[Finding] = []
    is_open = True
    for e in (e for e in events if e.seq > opening.seq and _is_consultation(e, pk)):
        if e.verb == "consultation.close" and e.data.get("from") == "open":
            is_open = False
            early = e.data.get("early")
            early = bool(early) if early is not None else (
                deadline is not None and e.moment < deadline)
            if not early:
                continue
            announced = _moment(e.data.get("announced_deadline")) or deadline
            reason = _reason(e.data)
            if not reason:
                found.append(Finding("closed_early_no_reason", BREACH, at=e.at,
                                     deadline=_iso(announced)))
                continue
            count, missing = _window_notice(events, e, told, pk)
            found += [Finding("closed_early", EXCEPTION, at=e.at, deadline=_iso(announced),
                              reason=reason, told=count), *missing]
        elif e.verb == "consultation.extend" or _deadline_update(e, is_open):
            old = e.data.get("from") if e.verb == "consultation.extend" else (
                e.data["changes"]["deadline"][0])  # type: ignore[index]
            new = e.data.get("to") if e.verb == "consultation.extend" else (
                e.data["changes"]["deadline"][1])  # type: ignore[index]
            deadline = _moment(new) or deadline
            reason = _reason(e.data)
            if not reason:
                found.append(Finding("extended_no_reason", BREACH, at=e.at, old=old, new=new))
                continue
            count, missing = _window_notice(events, e, told, pk)
            found += [Finding("extended", EXCEPTION, at=e.at, old=old, new=new, reason=reason,
                              told=count), *missing]
        elif e.verb == "consultation.open":
            is_open = True
            deadline = _moment(e.data.get("deadline")) or deadline
            reason = _reason(e.data)
            if not reason:
                found.append(Finding("reopened_no_reason", BREACH, at=e.at))
                continue
            count, missing = _window_notice(events, e, told, pk)
            found += [Finding("reopened", EXCEPTION, at=e.at, deadline=_iso(deadline),
                              reason=reason, told=count), *missing]
    if is_open and facts.state == "open":
        found.insert(0, Finding("window_open", RUNNING, deadline=_iso(deadline)))
    elif not any(f.code in ("closed_early", "closed_early_no_reason") for f in found):
        found.insert(0, Finding("window_kept", deadline=_iso(deadline)))
    trail = _trail_state(events, pk)
    if trail is not None and trail != facts.state:
        found.append(Finding("state_outside_trail", BREACH, state=facts.state, trail=trail))
    return PrincipleResult("input_window", tuple(found))


def _iso(moment: dt.datetime | None) -> str:
    return moment.isoformat() if moment is not None else ""


def _first_deadline(events: list[Event], pk: int, opening: Event) -> object:
    """The deadline in force when the consultation opened, from its creation and updates."""
    deadline: object = None
    for e in events:
        if e.seq > opening.seq:
            break
        if not _is_consultation(e, pk):
            continue
        values = e.data.get("values")
        if e.verb == "consultation.create" and isinstance(values, Mapping):
            deadline = values.get("deadline")
        changes = e.data.get("changes")
        if e.verb == "consultation.update" and isinstance(changes, Mapping) \
                and "deadline" in changes:
            deadline = changes["deadline"][1]  # type: ignore[index]
    return deadline


def _deadline_update(e: Event, is_open: bool) -> bool:
    changes = e.data.get("changes")
    return (is_open and e.verb == "consultation.update" and isinstance(changes, Mapping)
            and "deadline" in changes)


AFTER_FINALIZATION = ("finalized", "submitted")


def _addressed(events: list[Event]) -> set[str]:
    """Comments the trail gives a disposition: set one by one, or "merged into" a draft made
    from them."""
    out = {str(e.data.get("comment")) for e in events if e.verb == "disposition.set"}
    for e in events:
        values = e.data.get("values")
        if e.verb == "draft.create" and isinstance(values, Mapping):
            out |= _ids(values, "sources")
    return out


def views_addressed(events: list[Event], facts: Facts) -> PrincipleResult:
    addressed = _addressed(events)
    lacking = [ref for pk, ref in sorted(facts.comments.items())
               if str(pk) not in addressed or pk not in facts.disposed]
    if facts.state not in AFTER_FINALIZATION:
        return PrincipleResult("views_addressed", (Finding(
            "addressing", RUNNING, count=len(facts.comments),
            addressed=len(facts.comments) - len(lacking)),))
    if lacking:
        return PrincipleResult("views_addressed", (Finding("not_addressed", BREACH,
                                                           refs=lacking),))
    return PrincipleResult("views_addressed", (Finding("all_addressed",
                                                       count=len(facts.comments)),))


def _draft_ref(facts: Facts, draft: object, given: object = None) -> str:
    """A draft's reference: as recorded, else from the records, else its id."""
    if given:
        return str(given)
    key = str(draft)
    return facts.drafts.get(int(key), key) if key.isdigit() else key


def _set_aside(events: list[Event], facts: Facts, upto: int) -> dict[str, Finding]:
    """Drafts overridden or withdrawn with a reason, up to event ``upto`` (draft pk → the
    exception)."""
    out: dict[str, Finding] = {}
    for e in events:
        if e.seq > upto:
            break
        items: list[tuple[str, Mapping[str, object]]] = []
        if e.verb in ("draft.override", "draft.withdraw"):
            items.append((e.verb.split(".")[1], e.data))
        elif e.verb in ("consensus.finalize", "consensus.submit"):
            overrides = e.data.get("overrides")
            items += [("override", o) for o in (overrides if isinstance(overrides, list)
                                                else []) if isinstance(o, Mapping)]
        for kind, data in items:
            reason, draft = _reason(data), str(data.get("draft"))
            if reason:
                out[draft] = Finding("withdrawn" if kind == "withdraw" else "override",
                                     EXCEPTION, ref=_draft_ref(facts, draft, data.get("ref")),
                                     reason=reason, at=e.at)
    return out


def consensus(events: list[Event], facts: Facts) -> PrincipleResult:
    finals = [e for e in events if e.verb == "consensus.finalize"
              and _is_consultation(e, facts.consultation)]
    if facts.state not in AFTER_FINALIZATION or not finals:
        return PrincipleResult("consensus", (Finding("not_finalized", RUNNING),))
    final = finals[-1]
    submits = [e for e in events if e.verb == "consensus.submit" and e.seq > final.seq]
    aside = _set_aside(events, facts, submits[-1].seq if submits else final.seq)
    verdicts = final.data.get("drafts")
    verdicts = verdicts if isinstance(verdicts, Mapping) else {}
    found: list[Finding] = []
    for draft, verdict in sorted(verdicts.items(), key=lambda kv: str(kv[0])):
        reached = isinstance(verdict, Mapping) and bool(verdict.get("consensus"))
        if reached:
            continue
        if str(draft) in aside:
            found.append(aside.pop(str(draft)))
        else:
            found.append(Finding("no_consensus", BREACH, ref=_draft_ref(facts, draft),
                                 at=final.at))
    found += [f for f in aside.values() if f.code == "withdrawn"]
    if not any(f.kind == BREACH for f in found):
        found.insert(0, Finding("all_consensus", count=sum(
            1 for v in verdicts.values() if isinstance(v, Mapping) and v.get("consensus")),
            at=final.at))
    return PrincipleResult("consensus", tuple(found))


def due_process(events: list[Event], facts: Facts) -> PrincipleResult:
    found: list[Finding] = []
    for item in facts.running:
        found.append(Finding("running", RUNNING, about=item.kind, ref=item.ref,
                             state=item.state, since=item.since))
        if item.blocking and facts.state in AFTER_FINALIZATION:
            found.append(Finding("finalized_over_objection", BREACH, ref=item.ref,
                                 state=item.state))
    if not facts.running:
        found.append(Finding("concluded", objections=facts.concluded.get("objection", 0),
                             disputes=facts.concluded.get("dispute", 0),
                             appeals=facts.concluded.get("appeal", 0)))
    return PrincipleResult("due_process", tuple(found))


CHECKS = (equal_access, input_window, views_addressed, consensus, due_process)


def check(rows: Iterable[Mapping[str, object]], facts: Facts) -> Report:
    """The report on one consultation from its audit events (oldest first) and facts."""
    events = sorted((Event.of(r) for r in rows), key=lambda e: e.seq)
    return Report(consultation=facts.consultation, title=facts.title,
                  principles=tuple(rule(events, facts) for rule in CHECKS))

"""The process check's rules on hand-written audit events (no database): each principle
passes, passes with its recorded exceptions, is pending, or is broken naming what and when."""

from __future__ import annotations

import datetime as dt

from liaison.core.process_check import ENGLISH, Facts, Running, check

T0 = dt.datetime(2031, 3, 1, 9, 0, tzinfo=dt.UTC)
DEADLINE = T0 + dt.timedelta(days=21)
C = "consultations.consultation"


def at(minutes: float) -> str:
    return (T0 + dt.timedelta(minutes=minutes)).isoformat()


class Trail:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, verb: str, minutes: float, *, target: tuple[str, str] = (C, "1"),
            **data) -> Trail:
        self.rows.append({"seq": len(self.rows) + 1, "at": at(minutes), "verb": verb,
                          "object_type": target[0], "object_id": target[1], "data": data})
        return self

    def opened(self, told=(1, 2, 3), **data) -> Trail:
        self.add("consultation.open", 0, **{"from": "draft", "to": "open", **data})
        if told:
            self.add("announcement.consultation", 0.01, target=("notices.announcement", "9"),
                     consultation=1, deadline=DEADLINE.isoformat(), in_app=list(told),
                     email=list(told))
        return self

    def transition(self, verb: str, minutes: float, frm: str, to: str, **data) -> Trail:
        return self.add(verb, minutes, **{"from": frm, "to": to, **data})


def facts(state: str = "open", **kw) -> Facts:
    return Facts(consultation=1, title="Comments on the DIS", state=state,
                 deadline=DEADLINE.isoformat(), comments=kw.pop("comments", {}),
                 drafts=kw.pop("drafts", {}), **kw)


def result(trail: Trail, f: Facts, key: str):
    return next(p for p in check(trail.rows, f).principles if p.key == key)


def test_every_code_has_an_english_sentence():
    assert set(ENGLISH) >= {"announced", "not_announced", "closed_early_no_reason",
                            "no_consensus", "running"}


def test_opening_with_its_announcement_is_equal_access():
    p = result(Trail().opened(), facts(), "equal_access")
    assert p.status == "passed"
    assert str(p.findings[0]) == ("opened 2031-03-01 09:00 UTC; 3 stakeholder(s) told in one "
                                  "batch at 2031-03-01 09:00 UTC (3 also by e-mail)")


def test_opening_without_notice_needs_its_reason():
    broken = result(Trail().opened(told=()), facts(), "equal_access")
    assert broken.status == "broken"
    assert str(broken.findings[0]) == "opened 2031-03-01 09:00 UTC and nobody was told"
    trial = result(Trail().opened(told=(), without_notice_reason="internal trial"), facts(),
                   "equal_access")
    assert trial.status == "exceptions"
    assert "without notice: internal trial" in trial.findings[0]


def test_an_announcement_a_day_after_opening_is_late():
    trail = Trail().add("consultation.open", 0, **{"from": "draft", "to": "open"})
    trail.add("announcement.consultation", 24 * 60, target=("notices.announcement", "9"),
              consultation=1, in_app=[1], email=[])
    p = result(trail, facts(), "equal_access")
    assert p.status == "broken"
    assert str(p.findings[0]) == ("opened 2031-03-01 09:00 UTC but announced only at "
                                  "2031-03-02 09:00 UTC")


def test_closing_at_the_deadline_keeps_the_window():
    trail = Trail().opened().transition("consultation.close", 21 * 24 * 60 + 1, "open",
                                        "closed", by="consolidation")
    trail.transition("consensus.start", 21 * 24 * 60 + 1, "closed", "consolidating")
    p = result(trail, facts("consolidating"), "input_window")
    assert p.status == "passed"
    assert str(p.findings[0]) == "input taken until the announced deadline 2031-03-22 09:00 UTC"


def test_an_early_close_without_the_agreed_keys_is_judged_by_the_deadline():
    trail = Trail().opened().transition("consultation.close", 60, "open", "closed")
    p = result(trail, facts("closed"), "input_window")
    assert p.status == "broken"
    assert str(p.findings[0]) == ("closed at 2031-03-01 10:00 UTC, before the announced "
                                  "deadline 2031-03-22 09:00 UTC, with no reason recorded")


def test_an_extension_with_its_reason_and_notice_is_an_exception():
    new = (DEADLINE + dt.timedelta(days=7)).isoformat()
    trail = Trail().opened()
    trail.add("consultation.extend", 60, **{"from": DEADLINE.isoformat(), "to": new,
                                            "reason": "the DIS text came late"})
    trail.add("announcement.window_change", 60.01, target=("notices.announcement", "10"),
              consultation=1, in_app=[1, 2, 3], email=[1, 2, 3], reason="the DIS text came late")
    p = result(trail, facts(), "input_window")
    assert p.status == "pending"  # still open: the window is not over
    assert ("deadline moved on 2031-03-01 10:00 UTC from 2031-03-22 09:00 UTC to 2031-03-29 "
            "09:00 UTC: the DIS text came late (3 told)") in p.findings
    assert str(p.findings[0]) == "open for input until 2031-03-29 09:00 UTC"


def test_a_deadline_moved_by_an_edit_after_opening_is_broken():
    trail = Trail().opened()
    trail.add("consultation.update", 60, changes={"deadline": [DEADLINE.isoformat(),
                                                               at(120)]})
    p = result(trail, facts(), "input_window")
    assert p.status == "broken"
    assert any("with no reason recorded" in f for f in p.findings)


def test_a_reopening_without_a_reason_or_notice_is_broken():
    trail = Trail().opened().transition("consultation.close", 21 * 24 * 60 + 1, "open",
                                        "closed")
    trail.transition("consultation.open", 21 * 24 * 60 + 5, "closed", "open")
    assert result(trail, facts(), "input_window").status == "broken"
    with_reason = Trail().opened().transition("consultation.close", 21 * 24 * 60 + 1, "open",
                                              "closed")
    with_reason.transition("consultation.open", 21 * 24 * 60 + 5, "closed", "open",
                           reopen=True, reason="one group was missed")
    p = result(with_reason, facts(), "input_window")
    assert p.status == "broken"
    assert [f.code for f in p.findings if f.kind == "broken"] == ["no_window_notice"]


def test_a_state_the_trail_does_not_know_is_broken():
    p = result(Trail().opened(), facts("submitted"), "input_window")
    assert p.status == "broken"
    assert p.findings[-1].code == "state_outside_trail"


def test_every_comment_needs_a_disposition_once_finalized():
    trail = Trail().opened()
    trail.add("draft.create", 100, target=("consensus.draft", "5"),
              values={"sources": [11]})
    trail.add("disposition.set", 101, target=("consensus.disposition", "1"), comment=12,
              kind="noted")
    comments = {11: "TMI-001", 12: "TMI-002", 13: "TMI-003"}
    pending = result(trail, facts("consolidating", comments=comments,
                                  disposed=frozenset({11, 12})), "views_addressed")
    assert pending.status == "pending"
    assert str(pending.findings[0]) == ("2 of 3 input comment(s) have a disposition so far")
    broken = result(trail, facts("finalized", comments=comments,
                                 disposed=frozenset({11, 12})), "views_addressed")
    assert str(broken.findings[0]) == "no disposition for TMI-003"
    # recorded in the trail but gone from the records
    gone = result(trail, facts("finalized", comments={11: "TMI-001"}), "views_addressed")
    assert str(gone.findings[0]) == "no disposition for TMI-001"


def _finalized(trail: Trail, verdicts: dict, **data) -> Trail:
    return trail.transition("consensus.finalize", 500, "consolidating", "finalized",
                            drafts={k: {"consensus": v} for k, v in verdicts.items()}, **data)


def test_a_draft_without_consensus_needs_an_override_or_a_withdrawal():
    drafts = {5: "TMI-001", 6: "TMI-002", 7: "TMI-003"}
    broken = result(_finalized(Trail().opened(), {"5": True, "6": False}),
                    facts("finalized", drafts=drafts), "consensus")
    assert broken.status == "broken"
    assert [str(f) for f in broken.findings] == [
        "TMI-002 lacked consensus when the position was finalized at 2031-03-01 17:20 UTC, "
        "with no override or withdrawal recorded"]

    trail = Trail().opened()
    trail.add("draft.withdraw", 400, target=("consensus.draft", "7"), draft=7, ref="TMI-003",
              reason="out of scope")
    _finalized(trail, {"5": True, "6": False},
               overrides=[{"draft": 6, "ref": "TMI-002", "reason": "legal: the regulation "
                                                                   "changed"}])
    ok = result(trail, facts("finalized", drafts=drafts), "consensus")
    assert ok.status == "exceptions"
    assert [str(f) for f in ok.findings] == [
        "all 1 draft(s) reached consensus when the position was finalized at "
        "2031-03-01 17:20 UTC",
        "TMI-002 submitted without consensus: legal: the regulation changed",
        "TMI-003 withdrawn: out of scope"]


def test_an_override_without_a_reason_is_no_override():
    trail = Trail().opened()
    _finalized(trail, {"6": False}, overrides=[{"draft": 6, "ref": "TMI-002", "reason": " "}])
    assert result(trail, facts("finalized", drafts={6: "TMI-002"}), "consensus").status \
        == "broken"


def test_running_objections_disputes_and_appeals_are_named():
    running = (Running("dispute", "D-3", "mediation", at(300)),
               Running("objection", "TMI-002", "open", at(200), blocking=True))
    p = result(Trail().opened(), facts("consolidating", running=running), "due_process")
    assert p.status == "pending"
    assert str(p.findings[0]) == "dispute D-3 still in mediation (since 2031-03-01 14:00 UTC)"
    finalized = result(Trail().opened(), facts("finalized", running=running), "due_process")
    assert finalized.status == "broken"
    assert ("the position was finalized while the fundamental objection to TMI-002 was still "
            "open") in finalized.findings
    done = result(Trail().opened(), facts("submitted", concluded={"objection": 1,
                                                                   "appeal": 1}),
                  "due_process")
    assert done.status == "passed"
    assert str(done.findings[0]) == ("1 objection(s), 0 dispute(s) and 1 appeal(s), all "
                                     "concluded")


def test_the_report_is_fair_unless_a_principle_is_broken():
    report = check(Trail().opened(told=()).rows, facts())
    assert not report.fair and report.broken == ["equal_access"]
    assert "NOT FAIR: broken without a recorded reason: equal_access" in report.text()
    assert report.as_dict()["principles"][0]["findings"][0]["code"] == "not_announced"

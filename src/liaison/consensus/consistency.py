"""Dispositions that contradict what the rest of the record says (rows written before the
rules of ``Disposition.clean`` and ``services.disposition_set`` held, or edited in the
database directly). ``liaison consensus check-dispositions`` reports them.

A disposition contradicts the record when:

* it is "merged" and names no draft;
* it is "noted" or "not carried forward" and names a draft;
* it is "not carried forward" while its comment is a source of an active draft;
* it names a draft that was withdrawn (a withdrawn draft's sources are not carried forward).
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison.consensus.models import Disposition, Draft


@dataclass(frozen=True)
class Contradiction:
    consultation_id: int
    comment_id: int
    comment: str
    kind: str
    problem: str

    def line(self) -> str:
        return (f"consultation {self.consultation_id}, comment {self.comment} "
                f"(#{self.comment_id}), {self.kind}: {self.problem}")


def contradictory_dispositions(consultation_id: int | None = None) -> list[Contradiction]:
    """Every contradictory disposition (of one consultation, or all), by consultation and
    comment number."""
    rows = Disposition.objects.select_related("comment", "draft").order_by(
        "consultation_id", "comment__number")
    if consultation_id is not None:
        rows = rows.filter(consultation_id=consultation_id)
    feeding: dict[int, list[str]] = {}
    for draft in (Draft.objects.filter(status=Draft.Status.ACTIVE,
                                       sources__disposition__kind=Disposition.Kind.NOT_CARRIED)
                  .prefetch_related("sources").order_by("order", "number").distinct()):
        for source in draft.sources.all():
            feeding.setdefault(source.pk, []).append(draft.reference)
    out = []
    for d in rows:
        problems = []
        if d.kind in Disposition.NEEDS_DRAFT and d.draft_id is None:
            problems.append("merged, but names no consensus comment")
        if d.kind in Disposition.NO_DRAFT and d.draft_id is not None:
            problems.append(f"names the consensus comment {d.draft.reference}, which this "
                            "kind never feeds")
        if d.kind == Disposition.Kind.NOT_CARRIED and d.comment_id in feeding:
            problems.append("still a source of the active consensus comment "
                            + ", ".join(feeding[d.comment_id]))
        if d.draft_id is not None and d.draft.status == Draft.Status.WITHDRAWN:
            problems.append(f"names {d.draft.reference}, which was withdrawn")
        out += [Contradiction(d.consultation_id, d.comment_id, d.comment.reference, d.kind, p)
                for p in problems]
    return out

"""The organization's published consensus rule, and its evaluation on counted positions.

For each statement, with ``s_g`` and ``o_g`` the support and opposition shares of category *g*
among those who took a position (abstentions left out):

- **sustained opposition** in *g*: ``o_g ≥ θ`` and *g* is important: at least ``m`` of its
  members took a position, or *g* is one of the project's required groups;
- any unresolved **fundamental objection** blocks consensus (if the rule says so);
- a required group that took no position blocks consensus (if the rule says so); an
  abstention is a position: a required group whose members all abstained has taken one (the
  verdict says it abstained, and it does not block);
- **consensus**: none of the above and the overall support share ``s ≥ τ``.

Nobody taking a position is never consensus. Every verdict carries its reasons in plain words
(:class:`liaison.core.reasons.Reason`: English text, with a code and figures to translate);
a reason names a category by its label (``labels``: code → label, e.g. ``government`` →
``Government``), never by its code, which stays only in ``sustained_opposition``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from liaison.core.consensus import CategoryFigures, Tally
from liaison.core.reasons import Reason


@dataclass(frozen=True)
class ConsensusRule:
    """θ (``opposition_threshold``), τ (``support_threshold``), m (``min_members``), the
    required groups, and whether fundamental objections block; ``version`` labels the rule as
    published."""

    version: str = "liaison-default-1"
    opposition_threshold: float = 1 / 3
    support_threshold: float = 2 / 3
    min_members: int = 3
    required_groups: frozenset[str] = frozenset()
    fundamental_objections_block: bool = True
    required_groups_must_take_position: bool = True

    def __post_init__(self) -> None:
        if not 0.0 < self.opposition_threshold <= 1.0:
            raise ValueError("opposition threshold θ must lie in (0, 1]")
        if not 0.0 < self.support_threshold <= 1.0:
            raise ValueError("support threshold τ must lie in (0, 1]")
        if self.min_members < 1:
            raise ValueError("min_members m must be at least 1")
        object.__setattr__(self, "required_groups", frozenset(self.required_groups))

    def as_dict(self) -> dict[str, object]:
        """The rule, JSON-ready."""
        return {
            "version": self.version,
            "opposition_threshold": self.opposition_threshold,
            "support_threshold": self.support_threshold,
            "min_members": self.min_members,
            "required_groups": sorted(self.required_groups),
            "fundamental_objections_block": self.fundamental_objections_block,
            "required_groups_must_take_position": self.required_groups_must_take_position,
        }


DEFAULT_RULE = ConsensusRule()


@dataclass(frozen=True)
class Verdict:
    """The rule's verdict on one statement. Shares are None (never NaN) when nobody took a
    position."""

    statement: str
    consensus: bool
    support_share: float | None
    opposition_share: float | None
    sustained_opposition: tuple[str, ...]
    fundamental_objections: int
    reasons: tuple[Reason, ...]
    rule_version: str

    def as_dict(self) -> dict[str, object]:
        """The verdict, JSON-ready."""
        return {
            "statement": self.statement,
            "consensus": self.consensus,
            "support_share": self.support_share,
            "opposition_share": self.opposition_share,
            "sustained_opposition": list(self.sustained_opposition),
            "fundamental_objections": self.fundamental_objections,
            "reasons": [r.text() for r in self.reasons],
            "rule_version": self.rule_version,
        }


def evaluate_statement(
    statement: str,
    overall: Tally,
    by_category: dict[str, Tally],
    rule: ConsensusRule = DEFAULT_RULE,
    objections_resolved: bool = False,
    labels: Mapping[str, str] | None = None,
) -> Verdict:
    """Apply ``rule`` to one statement's tallies (see the module docstring); ``labels`` gives
    the label a reason names each category by (its code when it has none)."""
    label = (labels or {}).get
    reasons: list[Reason] = []
    blocked = False
    sustained: list[str] = []
    for name in sorted(by_category):
        t = by_category[name]
        o = t.opposition_share
        if o is None:
            continue
        important = t.taking_position >= rule.min_members or name in rule.required_groups
        if o >= rule.opposition_threshold and important:
            by_members = t.taking_position >= rule.min_members
            sustained.append(name)
            reasons.append(Reason(
                "sustained_opposition_members" if by_members else "sustained_opposition_required",
                category=label(name, name), against=t.against, taking=t.taking_position, share=o,
                theta=rule.opposition_threshold))
    if sustained:
        blocked = True
    if rule.required_groups_must_take_position:
        for name in sorted(rule.required_groups):
            t = by_category.get(name)
            if t is not None and t.taking_position == 0 and t.abstain:
                reasons.append(Reason("required_group_abstained", category=label(name, name)))
            elif t is None or t.taking_position == 0:
                blocked = True
                reasons.append(Reason("required_group_silent", category=label(name, name)))
    n_fundamental = overall.fundamental_objection
    if n_fundamental and not objections_resolved:
        if rule.fundamental_objections_block:
            blocked = True
            reasons.append(Reason("objections_unresolved", count=n_fundamental))
        else:
            reasons.append(Reason("objections_not_blocking", count=n_fundamental))
    s = overall.support_share
    if s is None:
        blocked = True
        reasons.append(Reason("nobody_took_position"))
    else:
        below = s < rule.support_threshold
        blocked = blocked or below
        reasons.append(Reason("support_below" if below else "support_reached",
                              in_favour=overall.in_favour, taking=overall.taking_position,
                              share=s, tau=rule.support_threshold))
    if not blocked:
        reasons.insert(0, Reason("no_sustained_opposition"))
    return Verdict(
        statement=statement,
        consensus=not blocked,
        support_share=s,
        opposition_share=overall.opposition_share,
        sustained_opposition=tuple(sustained),
        fundamental_objections=n_fundamental,
        reasons=tuple(reasons),
        rule_version=rule.version,
    )


def evaluate(
    figures: CategoryFigures,
    rule: ConsensusRule = DEFAULT_RULE,
    resolved_objections: Collection[str] = (),
    labels: Mapping[str, str] | None = None,
) -> list[Verdict]:
    """Apply ``rule`` to every statement of ``figures``; ``resolved_objections`` names the
    statements whose fundamental objections have been resolved; ``labels`` as in
    :func:`evaluate_statement`."""
    resolved = set(resolved_objections)
    verdicts = []
    for j, statement in enumerate(figures.statements):
        by_cat = {name: figures.tally(j, g) for g, name in enumerate(figures.categories)}
        verdicts.append(
            evaluate_statement(statement, figures.tally(j), by_cat, rule, statement in resolved,
                               labels)
        )
    return verdicts

"""What the pages and the exports show of a version: its rule figures in words, and the
difference between two versions (difflib, word by word, as ``<del>``/``<ins>``)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from fractions import Fraction

from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from liaison.process.models import SECTIONS, ProcessVersion

TOKEN = re.compile(r"\s+|[^\s]+")


def share(value: Fraction) -> str:
    """``1/3 (33.3%)``; a share that is a whole percentage shows as ``40%``. The decimal
    separator is the active language's (``33,3%`` in French)."""
    pct = float(value) * 100
    sep = get_format("DECIMAL_SEPARATOR")
    if value.denominator in (1, 2, 4, 5, 10, 20, 25, 50, 100):
        return f"{pct:g}%".replace(".", sep)
    return f"{value.numerator}/{value.denominator} ({pct:.1f}%)".replace(".", sep)


def _yes(flag: bool) -> str:
    return _("yes") if flag else _("no")


def rule_rows(version: ProcessVersion) -> list[tuple[str, str]]:
    """The consensus rule's figures as ``(label, value)`` rows, in plain words."""
    return [
        (_("Opposition threshold θ"), share(version.theta)),
        (_("Support threshold τ"), share(version.tau)),
        (_("Members who must take a position for a category to be important (m)"),
         str(version.min_members)),
        (_("Groups a project requires are always important"),
         _yes(version.required_groups_important)),
        (_("A required group that took no position blocks consensus"),
         _yes(version.required_groups_must_take_position)),
        (_("An unresolved fundamental objection blocks consensus"),
         _yes(version.fundamental_objections_block)),
    ]


def rule_summary(version: ProcessVersion) -> str:
    """One sentence stating the rule."""
    return _(
        "Consensus on a comment means: no important category sustains opposition (an "
        "opposition share of at least θ = %(theta)s among its members who took a position), "
        "and overall support of at least τ = %(tau)s. A category is important when at least "
        "m = %(m)s of its members took a position%(required)s."
    ) % {"theta": share(version.theta), "tau": share(version.tau), "m": version.min_members,
         "required": _(", or when the project requires it")
         if version.required_groups_important else ""}


def word_diff(old: str, new: str) -> SafeString:
    """``new`` against ``old``, word by word: removed words in ``<del>``, added in ``<ins>``."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    html = "".join(str(piece) for piece in out).replace("\n", "<br>\n")
    return mark_safe(html)  # every piece of text was escaped


@dataclass
class SectionDiff:
    label: str
    changed: bool
    html: SafeString


@dataclass
class RuleDiff:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass
class VersionDiff:
    old: ProcessVersion
    new: ProcessVersion
    title: SectionDiff
    sections: list[SectionDiff]
    rule: list[RuleDiff]

    @property
    def changed(self) -> bool:
        return (self.title.changed or any(s.changed for s in self.sections)
                or any(r.changed for r in self.rule))


def version_diff(old: ProcessVersion, new: ProcessVersion) -> VersionDiff:
    """Every section and rule figure of ``new`` compared with ``old``."""
    sections = [SectionDiff(str(label), getattr(old, name) != getattr(new, name),
                            word_diff(getattr(old, name), getattr(new, name)))
                for name, label in SECTIONS]
    rule = [RuleDiff(label, before, after)
            for (label, before), (_label, after) in zip(rule_rows(old), rule_rows(new),
                                                         strict=True)]
    title = SectionDiff(_("Title"), old.title != new.title, word_diff(old.title, new.title))
    return VersionDiff(old=old, new=new, title=title, sections=sections, rule=rule)

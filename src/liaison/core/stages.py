"""ISO harmonized stage codes (ISO/IEC Directives, Part 1, Annex SD).

A stage code is ``SS.ss``: the stage (00 preliminary … 95 withdrawal) and the sub-stage
(00 registration, 20 start of main action, 60 completion of main action, 9x decision).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STAGE_CODE = re.compile(r"^\d{2}\.\d{2}$")


@dataclass(frozen=True)
class Stage:
    code: str
    name: str

    @property
    def stage(self) -> str:
        """The two-digit stage (``40`` for ``40.20``)."""
        return self.code[:2]

    @property
    def document_prefix(self) -> str:
        """The usual document abbreviation at this stage (NP, WD, CD, DIS, FDIS …)."""
        return STAGE_DOCUMENTS[self.stage]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


STAGE_NAMES: dict[str, str] = {
    "00": "Preliminary",
    "10": "Proposal",
    "20": "Preparatory",
    "30": "Committee",
    "40": "Enquiry",
    "50": "Approval",
    "60": "Publication",
    "90": "Review",
    "95": "Withdrawal",
}

STAGE_DOCUMENTS: dict[str, str] = {
    "00": "PWI",
    "10": "NP",
    "20": "WD",
    "30": "CD",
    "40": "DIS",
    "50": "FDIS",
    "60": "IS",
    "90": "IS",
    "95": "IS",
}

_SUBSTAGES: tuple[tuple[str, str], ...] = (
    ("00.00", "Proposal for new project received"),
    ("00.20", "Proposal for new project under review"),
    ("00.60", "Close of review"),
    ("00.98", "Proposal for new project abandoned"),
    ("00.99", "Approval to ballot proposal for new project"),
    ("10.00", "Proposal for new project registered"),
    ("10.20", "New project ballot initiated"),
    ("10.60", "Close of voting"),
    ("10.92", "Proposal returned to submitter for further definition"),
    ("10.98", "New project rejected"),
    ("10.99", "New project approved"),
    ("20.00", "New project registered in TC/SC work programme"),
    ("20.20", "Working draft (WD) study initiated"),
    ("20.60", "Close of comment period"),
    ("20.98", "Project deleted"),
    ("20.99", "WD approved for registration as CD"),
    ("30.00", "Committee draft (CD) registered"),
    ("30.20", "CD study/ballot initiated"),
    ("30.60", "Close of voting/comment period"),
    ("30.92", "CD referred back to working group"),
    ("30.98", "Project deleted"),
    ("30.99", "CD approved for registration as DIS"),
    ("40.00", "DIS registered"),
    ("40.20", "DIS ballot initiated: 12 weeks"),
    ("40.60", "Close of voting"),
    ("40.93", "Full report circulated: decision for new DIS ballot"),
    ("40.98", "Project deleted"),
    ("40.99", "Full report circulated: DIS approved for registration as FDIS"),
    ("50.00", "Final text received or FDIS registered for formal approval"),
    ("50.20", "Proof sent to secretariat or FDIS ballot initiated: 8 weeks"),
    ("50.60", "Close of voting. Proof returned by secretariat"),
    ("50.92", "FDIS or proof referred back to TC or SC"),
    ("50.98", "Project deleted"),
    ("50.99", "FDIS or proof approved for publication"),
    ("60.00", "International Standard under publication"),
    ("60.60", "International Standard published"),
    ("90.00", "International Standard under periodical review"),
    ("90.20", "International Standard under systematic review"),
    ("90.60", "Close of review"),
    ("90.92", "International Standard to be revised"),
    ("90.93", "International Standard confirmed"),
    ("90.99", "Withdrawal of International Standard proposed by TC or SC"),
    ("95.20", "Withdrawal ballot initiated"),
    ("95.60", "Close of voting"),
    ("95.92", "Decision not to withdraw International Standard"),
    ("95.99", "Withdrawal of International Standard"),
)

STAGES: dict[str, Stage] = {code: Stage(code, name) for code, name in _SUBSTAGES}


class UnknownStage(ValueError):
    """Raised for a code that is not a harmonized stage code."""


def stage(code: str) -> Stage:
    """The stage for ``code`` (e.g. ``"40.20"``); raises :class:`UnknownStage` otherwise."""
    normalized = (code or "").strip()
    if normalized not in STAGES:
        raise UnknownStage(f"{code!r} is not an ISO harmonized stage code (e.g. 40.20)")
    return STAGES[normalized]


def stage_choices() -> list[tuple[str, str]]:
    """(code, "code name") pairs in stage order, for form choices."""
    return [(s.code, str(s)) for s in STAGES.values()]

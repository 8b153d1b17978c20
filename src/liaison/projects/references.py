"""ISO project references such as ``ISO/NP 12345``, ``ISO/DIS 15836-2`` or
``ISO/IEC 14882:2020``.

Rule: an issuing body (ISO, IEC, ISO/IEC, optionally with /IEEE, /ASTM …), optional stage
or deliverable prefixes (NP, AWI, WD, CD, DIS, FDIS, PRF, TS, TR, PAS, DTS, DTR, Amd …),
a number with optional parts (-2, -2-1) and an optional year (:2017). Two references that
differ only in case or spacing are the same project.
"""

from __future__ import annotations

import re

REFERENCE = re.compile(
    r"^(ISO|IEC|ISO/IEC|ISO/IEEE|ISO/ASTM|ISO/IEC/IEEE)"
    r"(/(PWI|NP|AWI|WD|CD|DIS|FDIS|PRF|TS|TR|PAS|DTS|DTR|DPAS|IWA|CD\s?TS|CD\s?TR))*"
    r"(\s(TS|TR|PAS|IWA|Guide))?"
    r"\s\d{1,6}(-\d{1,4})*(:\d{4})?"
    r"(/(Amd|AMD|DAmd|Cor|COR|DCOR)\s?\d+(:\d{4})?)?$",
    re.IGNORECASE,
)


def normalize_reference(reference: str) -> str:
    """Collapse whitespace and upper-case: the key under which references are unique."""
    return " ".join(reference.split()).upper()


def is_valid_reference(reference: str) -> bool:
    return bool(REFERENCE.match(" ".join(reference.split())))

"""Read positions into a :class:`~liaison.core.consensus.PositionMatrix`.

Formats, told apart by their header row:

- Pol.is ``votes.csv``: ``timestamp,datetime,comment-id,voter-id,vote`` (1 agree, -1 disagree,
  0 pass). Every vote ever cast; each voter's **last** vote (largest timestamp, then latest row)
  on a comment is kept.
- Pol.is ``participants-votes.csv`` (wide): ``participant[,xid],group-id,n-comments,n-votes,
  n-agree,n-disagree,<comment-id>...``; an empty cell is "not seen". ``group-id`` is kept
  aside.
- our positions CSV: ``participant,statement,position[,category]``. The same row twice is
  harmless; two different positions for one participant and statement is an error.
- a categories CSV: ``participant,category`` (one row per membership).

``parse_*`` functions are pure (lines in, values out); ``read_*`` only open files. Every
problem raises :class:`PositionsFormatError` (a ``ValueError``) naming the line.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from liaison.core.consensus import Position, PositionMatrix, parse_position

POLIS_VOTES_HEADER = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
POLIS_WIDE_PREFIX = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
POSITIONS_HEADER = ("participant", "statement", "position")
CATEGORIES_HEADER = ("participant", "category")
MAX_BYTES = 200 * 1024 * 1024


class PositionsFormatError(ValueError):
    """A positions file that cannot be read; ``line`` is the 1-based line (0 = whole file)."""

    def __init__(self, message: str, line: int = 0) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True)
class PositionsFile:
    """What a positions file held: the matrix, its format, and Pol.is's own group per
    participant when the file carries one (``None`` = not clustered by Pol.is)."""

    matrix: PositionMatrix
    format: str
    polis_groups: dict[str, int | None] = field(default_factory=dict)


def _rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(lines)
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                yield reader.line_num, [cell.strip() for cell in row]
    except csv.Error as exc:
        raise PositionsFormatError(f"not valid CSV ({exc})", reader.line_num) from None


def _header(rows: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    try:
        n, header = next(rows)
    except StopIteration:
        raise PositionsFormatError("the file is empty") from None
    return n, [h.lstrip("\ufeff").strip().lower() for h in header]


def detect_format(header: list[str]) -> str:
    """``polis-votes``, ``polis-participants-votes``, ``positions`` or ``categories``."""
    h = tuple(header)
    if h[:5] == POLIS_VOTES_HEADER:
        return "polis-votes"
    if h[:1] == ("participant",) and set(POLIS_WIDE_PREFIX) <= set(h):
        return "polis-participants-votes"
    if h[:3] == POSITIONS_HEADER:
        return "positions"
    if h[:2] == CATEGORIES_HEADER:
        return "categories"
    raise PositionsFormatError(
        "unknown format: the header is none of Pol.is votes.csv, Pol.is participants-votes.csv,"
        " participant,statement,position[,category] or participant,category",
        1,
    )


def _polis_vote(text: str, line: int) -> int:
    try:
        value = float(text)
    except ValueError:
        raise PositionsFormatError(f"unknown vote {text!r} (expected 1, -1 or 0)", line) from None
    if math.isnan(value) or value not in (-1.0, 0.0, 1.0):
        raise PositionsFormatError(f"unknown vote {text!r} (expected 1, -1 or 0)", line)
    return int(value)


def parse_polis_votes(lines: Iterable[str]) -> PositionMatrix:
    """Pol.is ``votes.csv``: keep each voter's last vote per comment (by timestamp)."""
    rows = _rows(lines)
    _, header = _header(rows)
    if detect_format(header) != "polis-votes":
        raise PositionsFormatError("not a Pol.is votes.csv header", 1)
    latest: dict[tuple[str, str], tuple[float, int, int]] = {}
    for n, row in rows:
        if len(row) < 5:
            raise PositionsFormatError(f"expected 5 columns, found {len(row)}", n)
        try:
            stamp = float(row[0])
        except ValueError:
            raise PositionsFormatError(f"timestamp {row[0]!r} is not a number", n) from None
        if math.isnan(stamp):
            raise PositionsFormatError("timestamp is NaN", n)
        if not row[2] or not row[3]:
            raise PositionsFormatError("comment-id and voter-id must not be empty", n)
        vote = _polis_vote(row[4], n)
        key = (row[3], row[2])
        if key not in latest or (stamp, n) >= latest[key][:2]:
            latest[key] = (stamp, n, vote)
    return PositionMatrix.from_triplets((p, s, v) for (p, s), (_, _, v) in latest.items())


def parse_polis_participants_votes(
    lines: Iterable[str],
) -> tuple[PositionMatrix, dict[str, int | None]]:
    """Pol.is ``participants-votes.csv``: the matrix and each participant's Pol.is group."""
    rows = _rows(lines)
    _, header = _header(rows)
    if detect_format(header) != "polis-participants-votes":
        raise PositionsFormatError("not a Pol.is participants-votes.csv header", 1)
    first = header.index("n-disagree") + 1
    group_col = header.index("group-id")
    statements = header[first:]
    triplets: list[tuple[str, str, int]] = []
    groups: dict[str, int | None] = {}
    for n, row in rows:
        pid = row[0]
        if not pid:
            raise PositionsFormatError("participant id is empty", n)
        if pid in groups:
            raise PositionsFormatError(f"participant {pid!r} appears twice", n)
        gid = row[group_col] if len(row) > group_col else ""
        try:
            groups[pid] = int(float(gid)) if gid and gid.lower() != "nan" else None
        except ValueError:
            raise PositionsFormatError(f"group-id {gid!r} is not a number", n) from None
        for sid, cell in zip(statements, row[first:], strict=False):
            if cell and cell.lower() != "nan":
                triplets.append((pid, sid, _polis_vote(cell, n)))
    matrix = PositionMatrix.from_triplets(triplets, extra_participants=groups)
    return matrix, groups


def parse_positions_csv(lines: Iterable[str]) -> PositionMatrix:
    """``participant,statement,position[,category]``; categories gathered per participant."""
    rows = _rows(lines)
    _, header = _header(rows)
    if detect_format(header) != "positions":
        raise PositionsFormatError("expected the header participant,statement,position", 1)
    has_cat = len(header) > 3 and header[3] == "category"
    seen: dict[tuple[str, str], tuple[Position, int]] = {}
    cats: dict[str, list[str]] = {}
    for n, row in rows:
        if len(row) < 3 or not row[0] or not row[1]:
            raise PositionsFormatError("participant, statement and position are required", n)
        try:
            pos = parse_position(row[2])
        except ValueError:
            raise PositionsFormatError(
                f"unknown position {row[2]!r} (expected support, can live with it, oppose, "
                "fundamental objection, abstain, or agree/disagree/pass)",
                n,
            ) from None
        key = (row[0], row[1])
        if key in seen and seen[key][0] != pos:
            raise PositionsFormatError(
                f"participant {row[0]!r} has two different positions on {row[1]!r} "
                f"(also line {seen[key][1]})",
                n,
            )
        seen.setdefault(key, (pos, n))
        if has_cat and len(row) > 3 and row[3]:
            for c in row[3].split(";"):
                if c.strip() and c.strip() not in cats.setdefault(row[0], []):
                    cats[row[0]].append(c.strip())
    return PositionMatrix.from_triplets(
        ((p, s, int(pos)) for (p, s), (pos, _) in seen.items()), categories=cats
    )


def parse_categories_csv(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``participant,category``, one row per membership (``a;b`` also splits)."""
    rows = _rows(lines)
    _, header = _header(rows)
    if detect_format(header) != "categories":
        raise PositionsFormatError("expected the header participant,category", 1)
    cats: dict[str, list[str]] = {}
    for n, row in rows:
        if len(row) < 2 or not row[0] or not row[1]:
            raise PositionsFormatError("participant and category are required", n)
        for c in row[1].split(";"):
            if c.strip() and c.strip() not in cats.setdefault(row[0], []):
                cats[row[0]].append(c.strip())
    return {p: tuple(cs) for p, cs in cats.items()}


def parse_positions(lines: list[str]) -> PositionsFile:
    """Any positions format, told apart by the header."""
    _, header = _header(_rows(lines[:1]))
    kind = detect_format(header)
    if kind == "polis-votes":
        return PositionsFile(parse_polis_votes(lines), kind)
    if kind == "polis-participants-votes":
        matrix, groups = parse_polis_participants_votes(lines)
        return PositionsFile(matrix, kind, groups)
    if kind == "positions":
        return PositionsFile(parse_positions_csv(lines), kind)
    raise PositionsFormatError("this is a categories file, not a positions file", 1)


def _read_lines(path: str | Path) -> list[str]:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise PositionsFormatError(f"{p} is larger than {MAX_BYTES // 2**20} MB")
        with p.open(encoding="utf-8-sig", newline="") as fh:
            return fh.read().splitlines(keepends=True)
    except UnicodeDecodeError:
        raise PositionsFormatError(f"{p} is not UTF-8 text") from None


def read_positions(path: str | Path) -> PositionsFile:
    """Open ``path`` and :func:`parse_positions` it (``OSError`` if it cannot be opened)."""
    return parse_positions(_read_lines(path))


def read_categories(path: str | Path) -> dict[str, tuple[str, ...]]:
    """Open ``path`` and :func:`parse_categories_csv` it."""
    return parse_categories_csv(_read_lines(path))

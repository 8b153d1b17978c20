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

``parse_*`` functions are pure (text in, values out: a file's bytes, or its lines); ``read_*``
only open files. Every problem raises :class:`PositionsFormatError` (a ``ValueError``) naming
the line.

Two readers, one result: a file is first read by column (:mod:`liaison.core.positions_columns`,
pyarrow: ~15x faster than row by row on 2 million votes); if anything in it is not plainly well
formed, the row-by-row reader below reads it again, and its result or its error (with the line
number) is the answer. Tests check both readers give the same matrix on real exports.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from liaison.core import positions_columns as columns
from liaison.core.consensus import Position, PositionMatrix, parse_position

POLIS_VOTES_HEADER = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
POLIS_WIDE_PREFIX = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
POSITIONS_HEADER = ("participant", "statement", "position")
CATEGORIES_HEADER = ("participant", "category")
#: The largest positions file read: an 8,000,000-vote Pol.is votes.csv is ~400 MB (the column
#: reader needs about twice the file in memory: bench_positions_process).
MAX_BYTES = 512 * 1024 * 1024

#: A file's text: its bytes (as read from disk) or its lines (each with its line ending).
Text = bytes | Iterable[str]


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


def polis_vote_value(text: str) -> int:
    """A Pol.is vote cell (already stripped) as -1, 0 or 1; ``ValueError`` otherwise."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if math.isnan(value) or value not in (-1.0, 0.0, 1.0):
        raise ValueError(f"unknown vote {text!r} (expected 1, -1 or 0)")
    return int(value)


def _polis_vote(text: str, line: int) -> int:
    try:
        return polis_vote_value(text)
    except ValueError as exc:
        raise PositionsFormatError(str(exc), line) from None


def polis_group_value(text: str) -> int | None:
    """A Pol.is ``group-id`` cell (already stripped): ``None`` when empty or NaN (not
    clustered); ``ValueError`` when it is not a finite number."""
    if not text or text.lower() == "nan":
        return None
    try:
        return int(float(text))
    except (ValueError, OverflowError):
        raise ValueError(f"group-id {text!r} is not a number") from None


def polis_cell_value(text: str) -> int | None:
    """A cell of a Pol.is ``participants-votes.csv`` (already stripped): ``None`` = not seen."""
    return None if not text or text.lower() == "nan" else polis_vote_value(text)


def _polis_votes_by_row(lines: Iterable[str]) -> PositionMatrix:
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


def _participants_votes_by_row(
    lines: Iterable[str],
) -> tuple[PositionMatrix, dict[str, int | None]]:
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
        try:
            groups[pid] = polis_group_value(row[group_col] if len(row) > group_col else "")
        except ValueError as exc:
            raise PositionsFormatError(str(exc), n) from None
        for sid, cell in zip(statements, row[first:], strict=False):
            if cell and cell.lower() != "nan":
                triplets.append((pid, sid, _polis_vote(cell, n)))
    matrix = PositionMatrix.from_triplets(triplets, extra_participants=groups)
    return matrix, groups


def _positions_csv_by_row(lines: Iterable[str]) -> PositionMatrix:
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


def _lines(text: Text) -> list[str]:
    if isinstance(text, bytes):
        try:
            return text.decode("utf-8-sig").splitlines(keepends=True)
        except UnicodeDecodeError:
            raise PositionsFormatError("the file is not UTF-8 text") from None
    return text if isinstance(text, list) else list(text)


def _bytes(text: Text) -> bytes | None:
    """The text as bytes for the column reader; None when lines lack their endings (then the
    row reader alone reads them)."""
    if isinstance(text, bytes):
        return text
    if any(not line.endswith(("\n", "\r")) for line in text[:-1]):
        return None
    return "".join(text).encode("utf-8")


def _first_line(text: bytes | list[str]) -> list[str]:
    """The file's first line (where the header must be), as the row reader sees it."""
    if isinstance(text, bytes):
        end = text.find(b"\n")
        text = _lines(text if end < 0 else text[:end + 1])
    return text[:1]


def _by_column(text: Text, fast: Callable, by_row: Callable):
    """``fast(data, header)`` on the text's bytes; the row reader when the file is not a plain
    case of its format (then its result, or its line-numbered error, is the answer)."""
    if not isinstance(text, bytes):
        text = text if isinstance(text, list) else list(text)
    data = _bytes(text)
    if data is not None:
        try:
            columns.check_plain_text(data)
            _, header = _header(_rows(_first_line(data)))
            return fast(data, header)
        except (columns.NotPlain, PositionsFormatError):
            pass
    return by_row(_lines(text))


def _polis_votes_by_column(data: bytes, header: list[str]) -> PositionMatrix:
    if detect_format(header) != "polis-votes":
        raise columns.NotPlain("header")
    stamps, comment, voter, vote = columns.read_columns(data, len(header), (0, 2, 3, 4),
                                                        numeric=(0,))
    votes = columns.word_codes(vote, lambda w: polis_vote_value(w.strip()))
    voters, comments = columns.id_codes(voter), columns.id_codes(comment)
    keep = columns.last_per_cell(voters.codes, comments.codes, stamps, len(comments.ids))
    return PositionMatrix(voters.ids, comments.ids, voters.codes[keep], comments.codes[keep],
                          votes[keep])


def parse_polis_votes(text: Text) -> PositionMatrix:
    """Pol.is ``votes.csv``: keep each voter's last vote per comment (by timestamp)."""
    return _by_column(text, _polis_votes_by_column, _polis_votes_by_row)


def _participants_votes_by_column(
    data: bytes, header: list[str]
) -> tuple[PositionMatrix, dict[str, int | None]]:
    if detect_format(header) != "polis-participants-votes" or len(set(header)) != len(header):
        raise columns.NotPlain("header")
    first = header.index("n-disagree") + 1
    group_col = header.index("group-id")
    if group_col >= first:
        raise columns.NotPlain("group-id among the statements")
    pid_column, group_column, *cells = columns.read_columns(
        data, len(header), [0, group_col, *range(first, len(header))])
    pids = columns.id_codes(pid_column)
    if len(pids.ids) != len(pid_column):
        raise columns.NotPlain("a participant twice")
    missing = -(2**62)
    group_of = columns.word_codes(group_column, lambda w: polis_group_value(w.strip()), missing)
    rows, codes, first_rows = [], [], []
    for cell in cells:
        values = columns.word_codes(cell, lambda w: polis_cell_value(w.strip()))
        r = np.flatnonzero(values != -128)
        rows.append(r)
        codes.append(values[r])
        first_rows.append(r[0] if r.size else -1)
    # the row reader's numbering: statements by the first row that voted on them (left to
    # right within a row), never-voted ones dropped; participants who voted, then the others
    voted = [j for j in sorted(range(len(cells)), key=lambda j: (first_rows[j], j))
             if first_rows[j] >= 0]
    all_rows = np.concatenate([rows[j] for j in voted] or [np.empty(0, np.int64)])
    all_cols = np.concatenate([np.full(rows[j].size, c) for c, j in enumerate(voted)]
                              or [np.empty(0, np.int64)])
    all_codes = np.concatenate([codes[j] for j in voted] or [np.empty(0, np.int64)])
    has_vote = np.zeros(len(pids.ids), dtype=bool)
    has_vote[all_rows] = True
    participants = np.concatenate([np.flatnonzero(has_vote), np.flatnonzero(~has_vote)])
    new_index = np.empty_like(participants)
    new_index[participants] = np.arange(participants.size)
    matrix = PositionMatrix(tuple(pids.ids[i] for i in participants),
                            tuple(header[first + j] for j in voted),
                            new_index[all_rows], all_cols, all_codes)
    groups = {pid: (None if g == missing else g)
              for pid, g in zip(pids.ids, group_of.tolist(), strict=True)}
    return matrix, groups


def parse_polis_participants_votes(
    text: Text,
) -> tuple[PositionMatrix, dict[str, int | None]]:
    """Pol.is ``participants-votes.csv``: the matrix and each participant's Pol.is group."""
    return _by_column(text, _participants_votes_by_column, _participants_votes_by_row)


def _position_code(word: str) -> int:
    return int(parse_position(word))


def _positions_csv_by_column(data: bytes, header: list[str]) -> PositionMatrix:
    if detect_format(header) != "positions":
        raise columns.NotPlain("header")
    has_cat = len(header) > 3 and header[3] == "category"
    read = columns.read_columns(data, len(header), (0, 1, 2, 3) if has_cat else (0, 1, 2))
    people, statements = columns.id_codes(read[0]), columns.id_codes(read[1])
    codes = columns.word_codes(read[2], _position_code)
    cell = people.codes * max(len(statements.ids), 1) + statements.codes
    _, first, inverse = np.unique(cell, return_index=True, return_inverse=True)
    if (codes != codes[first][inverse]).any():
        raise columns.NotPlain("two different positions in one cell")
    keep = np.sort(first)  # the first row of each cell, in file order
    cats: dict[str, list[str]] = {}
    if has_cat:
        raw, words = columns.distinct(read[3])
        pairs = np.stack([people.codes, raw], axis=1)
        _, at = np.unique(pairs, axis=0, return_index=True)
        for k in np.sort(at):  # each (participant, category cell) once, in file order
            pid = people.ids[people.codes[k]]
            for c in words[pairs[k, 1]].strip().split(";"):
                if c.strip() and c.strip() not in cats.setdefault(pid, []):
                    cats[pid].append(c.strip())
    return PositionMatrix(people.ids, statements.ids, people.codes[keep], statements.codes[keep],
                          codes[keep], {p: tuple(cs) for p, cs in cats.items()})


def parse_positions_csv(text: Text) -> PositionMatrix:
    """``participant,statement,position[,category]``; categories gathered per participant."""
    return _by_column(text, _positions_csv_by_column, _positions_csv_by_row)


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


def parse_positions(text: Text) -> PositionsFile:
    """Any positions format, told apart by the header."""
    if isinstance(text, bytes) and not columns.is_utf8(text):
        raise PositionsFormatError("the file is not UTF-8 text")
    if not isinstance(text, bytes):
        text = text if isinstance(text, list) else list(text)
    _, header = _header(_rows(_first_line(text)))
    kind = detect_format(header)
    if kind == "polis-votes":
        return PositionsFile(parse_polis_votes(text), kind)
    if kind == "polis-participants-votes":
        matrix, groups = parse_polis_participants_votes(text)
        return PositionsFile(matrix, kind, groups)
    if kind == "positions":
        return PositionsFile(parse_positions_csv(text), kind)
    raise PositionsFormatError("this is a categories file, not a positions file", 1)


def _read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    if p.stat().st_size > MAX_BYTES:
        raise PositionsFormatError(f"{p} is larger than {MAX_BYTES // 2**20} MB")
    return p.read_bytes()


def _named(path: str | Path, exc: PositionsFormatError) -> PositionsFormatError:
    """The "not UTF-8" error names the file, as it did when files were read as text."""
    if str(exc) == "the file is not UTF-8 text":
        return PositionsFormatError(f"{Path(path)} is not UTF-8 text")
    return exc


def read_positions(path: str | Path) -> PositionsFile:
    """Open ``path`` and :func:`parse_positions` it (``OSError`` if it cannot be opened)."""
    try:
        return parse_positions(_read_bytes(path))
    except PositionsFormatError as exc:
        raise _named(path, exc) from None


def read_categories(path: str | Path) -> dict[str, tuple[str, ...]]:
    """Open ``path`` and :func:`parse_categories_csv` it."""
    try:
        return parse_categories_csv(_lines(_read_bytes(path)))
    except PositionsFormatError as exc:
        raise _named(path, exc) from None

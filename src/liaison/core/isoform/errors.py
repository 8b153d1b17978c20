"""Problems found in an uploaded comment form, and the one exception that reports them.

Rule: every reader raises :class:`FormError` (a ``ValueError``) and nothing else for bad input.
A ``FormError`` carries every :class:`Problem` found (all rows are checked before raising), and
its message names the file, row and column of each problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: At most this many problems are spelled out in the message; the rest are counted.
MESSAGE_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file.

    ``row`` is the row as the user sees it in that file (sheet row in .xlsx, record number in
    .csv with the heading as record 1, row of the comment table in .docx), or None when the
    problem concerns the whole file. ``column`` is the column heading, or None.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file or "upload"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class FormError(ValueError):
    """The file was refused; ``problems`` lists why (never empty)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        if not self.problems:
            self.problems = [Problem("", None, None, "the file was refused")]
        super().__init__(self._message())

    def _message(self) -> str:
        shown = [str(p) for p in self.problems[:MESSAGE_PROBLEMS]]
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(f"... and {more} more problems")
        if len(shown) == 1:
            return shown[0]
        return f"{len(self.problems)} problems:\n" + "\n".join(shown)


def refuse(
    file: str, message: str, *, row: int | None = None, column: str | None = None
) -> FormError:
    """A ``FormError`` with a single problem (for ``raise refuse(...)``)."""
    return FormError([Problem(file, row, column, message)])

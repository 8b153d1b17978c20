"""ISO Online Standards Development (OSD) comment exports (.xlsx with OSD's own columns).

Import mapping (OSD column -> row field):

* Comment ID -> ``id``; User name -> ``mb`` (when blank: the prefix of a "US-001"-style ID);
* Clause nb -> ``clause`` (Clause Title has no place in the ISO form and is not kept);
* Subtype -> ``type`` (General/Technical/Editorial, normalised);
* Comment -> ``comment``;
* Proposed change and Proposal on Text -> ``proposed_change`` (joined by a blank line);
* Resolution status and Motivation -> ``observation`` (status on the first line);
* Feedbacks, Created Date, Resolution Date, Stage code are not kept; ``line`` and ``element``
  stay empty.

Export writes the same columns: Created Date carries the form's date, Resolution status the
first line of the observation when it is a usual observation word, Motivation the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .model import CommentForm, clean_text
from .rows import heading_key, id_prefix

OSD_COLUMNS: tuple[str, ...] = (
    "Comment ID",
    "User name",
    "Clause nb",
    "Clause Title",
    "Subtype",
    "Comment",
    "Proposal on Text",
    "Proposed change",
    "Feedbacks",
    "Created Date",
    "Resolution status",
    "Motivation",
    "Resolution Date",
    "Stage code",
)
_KEYS = {heading_key(name): name for name in OSD_COLUMNS}
#: Headings only OSD uses; three of them mark a sheet as an OSD export.
_OSD_ONLY = {heading_key(n) for n in OSD_COLUMNS} - {"comment id", "comment", "proposed change"}
#: The headings an OSD sheet must have.
OSD_REQUIRED = ("Comment",)
_SUBTYPES = {"ge": "General", "te": "Technical", "ed": "Editorial"}
#: Observation words used in practice; a first line equal to one goes to Resolution status.
RESOLUTION_WORDS = ("accepted", "accepted with modifications", "noted", "rejected")


def osd_columns(header: Sequence[str]) -> dict[str, int] | None:
    """OSD column name -> index when ``header`` is an OSD export heading row, else None."""
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        name = _KEYS.get(heading_key(text))
        if name is not None and name not in found:
            found[name] = index
    return found if len(set(found) & {_KEYS[k] for k in _OSD_ONLY}) >= 3 else None


def _join(separator: str, *parts: str) -> str:
    return separator.join(p for p in (clean_text(x) for x in parts) if p)


def osd_values(columns: Mapping[str, int], cells: Sequence[str]) -> dict[str, str]:
    """The row fields (see the module rule) from one OSD row."""

    def get(name: str) -> str:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    comment_id = clean_text(get("Comment ID"))
    return {
        "id": comment_id,
        "mb": clean_text(get("User name")) or id_prefix(comment_id) or "",
        "clause": get("Clause nb"),
        "type": get("Subtype"),
        "comment": get("Comment"),
        "proposed_change": _join("\n\n", get("Proposed change"), get("Proposal on Text")),
        "observation": _join("\n", get("Resolution status"), get("Motivation")),
    }


def osd_cells(form: CommentForm) -> list[list[str]]:
    """The OSD export rows (without heading) for a form."""
    out = []
    for row in form.rows:
        status, _, motivation = row.observation.partition("\n")
        if status.strip().lower() not in RESOLUTION_WORDS:
            status, motivation = "", row.observation
        values = {
            "Comment ID": row.id,
            "User name": row.mb,
            "Clause nb": row.clause,
            "Subtype": _SUBTYPES.get(row.type, ""),
            "Comment": row.comment,
            "Proposed change": row.proposed_change,
            "Created Date": form.date,
            "Resolution status": status.strip(),
            "Motivation": motivation.strip(),
        }
        out.append([values.get(name, "") for name in OSD_COLUMNS])
    return out

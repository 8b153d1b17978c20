"""Comments in the ISO comment-form structure (the 8 columns)."""

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from liaison.api.errors import Error
from liaison.api.schemas.common import text

CommentType = Literal["ge", "te", "ed", ""]
Code = text(40)
Place = text(250)
LongText = text()
#: The comment itself: some non-blank text.
CommentText = text(required=True)


class CommentOut(Schema):
    id: int
    number: int
    reference: str = Field(examples=["TMI-007"], description="the ID on the ISO form")
    mb: str = Field(examples=["TMI"], description="MB/NC or source")
    line: str = Field(examples=["412"])
    clause: str = Field(examples=["5.2.7"])
    element: str = Field(examples=["Usage note"], description="paragraph/figure/table")
    type: CommentType = Field(examples=["te"])
    comment: str = Field(examples=["ISO 8601-1 cannot express approximate dates."])
    proposed_change: str = Field(examples=["Recommend ISO 8601-2 (EDTF)."])
    observation: str = Field(description="observations of the secretariat")
    status: Literal["draft", "submitted"]
    is_late: bool
    channel: str = Field(examples=["api"])
    author_id: int | None
    author_name: str | None = Field(examples=["Alice Martin"])
    mine: bool = Field(description="written as your stakeholder profile")
    editable: bool = Field(description="you may edit it now (yours, and not frozen)")
    version: int = Field(description="send it back when editing (optimistic locking)")
    created_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    anchor_quote: str = Field("", description="the passage of the draft it is on")
    anchor: dict = Field(default_factory=dict, description="draft, sha256, clause, element, "
                         "index, page and lines of that passage")


class PlaceIn(Schema):
    """A passage of the consultation's draft, as its outline numbers it: the draft's id, the
    clause number and the element's index in the clause (from 0)."""

    draft: int = Field(ge=1, le=2**31 - 1, examples=[1])
    clause: Code = Field(examples=["4.1"])
    index: int = Field(ge=0, le=100_000, examples=[1])


class CommentIn(Schema):
    """A new comment; ``mb`` left blank becomes the organization's short name; ``place``
    anchors it to a passage of the consultation's draft (its quote and position are stored)."""

    mb: Code = Field("", examples=["TMI"])
    line: Code = Field("", examples=["412"])
    clause: Place = Field("", examples=["5.2.7"])
    element: Place = Field("", examples=["Usage note"])
    type: CommentType = Field("", examples=["te"])
    comment: CommentText = Field(examples=["ISO 8601-1 cannot express approximate dates."])
    proposed_change: LongText = Field("", examples=["Recommend ISO 8601-2 (EDTF)."])
    submit: bool = Field(False, description="submit now (else it is kept as your draft)")
    place: PlaceIn | None = Field(None, description="the passage of the draft it is on")


class CommentPatch(Schema):
    """Changes to one of your comments; fields left out stay as they are."""

    version: int = Field(ge=1, le=2**31 - 1, examples=[1],
                         description="the version you started from")
    mb: Code | None = None
    line: Code | None = None
    clause: Place | None = None
    element: Place | None = None
    type: CommentType | None = None
    comment: CommentText | None = None
    proposed_change: LongText | None = None
    submit: bool = Field(False, description="also submit a draft")


class CommentConflictOut(Error):
    """409: refused; ``current`` is the comment as saved when the edit was stale."""

    current: CommentOut | None = None

"""The consensus position: drafts, positions on them, dispositions of input comments."""

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from liaison.api.schemas.common import BodyId, text
from liaison.consensus.models import Disposition, Position

#: Position values by name (``Position.Value``): the API speaks names, not codes.
POSITION_NAMES = {value: value.name.lower() for value in Position.Value}
POSITION_VALUES = {name: value for value, name in POSITION_NAMES.items()}
PositionName = Literal["support", "can_live_with", "abstain", "oppose",
                       "fundamental_objection"]
DispositionKind = Literal["merged", "accepted", "accepted_changes", "noted", "not_carried"]
assert set(PositionName.__args__) == set(POSITION_VALUES)
assert set(DispositionKind.__args__) == set(Disposition.Kind.values)


class PositionOut(Schema):
    id: int
    draft_id: int
    draft_reference: str = Field(examples=["TMI-003"])
    user: str = Field(examples=["alice"])
    stakeholder: str | None = Field(examples=["Alice Martin"])
    value: PositionName
    argument: str
    draft_version: int = Field(description="the draft's version the position was stated on")
    needs_review: bool = Field(description="the draft changed since")
    stated_at: dt.datetime


class DraftOut(Schema):
    id: int
    reference: str = Field(examples=["TMI-003"])
    order: int
    mb: str
    line: str
    clause: str
    element: str
    type: Literal["ge", "te", "ed", ""]
    comment: str
    proposed_change: str
    observation: str
    version: int
    sources: list[int] = Field(description="ids of the input comments it was built from")
    my_position: PositionOut | None


class PositionIn(Schema):
    value: PositionName = Field(examples=["support"])
    argument: text(10_000) = Field("", description="required for a fundamental objection",
                                   examples=["The EDTF profile is not stable yet."])


class DispositionOut(Schema):
    comment_id: int
    comment_reference: str = Field(examples=["TMI-007"])
    author_name: str | None
    kind: DispositionKind | None = Field(description="null: no disposition yet")
    draft_id: int | None
    draft_reference: str | None
    reason: str
    decided_at: dt.datetime | None


class DispositionIn(Schema):
    kind: DispositionKind = Field(examples=["merged"])
    draft_id: BodyId | None = Field(None, description="required when merged")
    reason: text(10_000) = Field("", description="required unless merged",
                                 examples=["Out of the project's scope."])


class BulkDispositionIn(DispositionIn):
    comment_ids: list[BodyId] = Field(description="the submitted comments, all or none",
                                      min_length=1, max_length=5000, examples=[[12, 13]])


class BulkDispositionOut(Schema):
    batch_id: int
    comment_ids: list[int]
    undone: bool


class OutcomeOut(Schema):
    comment_id: int
    comment_reference: str
    kind: DispositionKind | None
    reason: str
    draft_reference: str | None = Field(description="the consensus comment it went into")


class ReasonIn(Schema):
    reason: text(10_000) = Field(description="required; recorded and shown with the position",
                                 examples=["Editorial revision for legal reasons: the "
                                           "national regulation requires this wording."])


class OverrideOut(Schema):
    draft_id: int
    draft_reference: str
    reason: str


class PositionStateOut(Schema):
    state: str
    overrides: list[OverrideOut] = Field(description="drafts finalized or submitted without "
                                                     "consensus, each with its reason")
    submission_id: int | None = None
    docx_sha256: str | None = None
    xlsx_sha256: str | None = None


class ActIn(Schema):
    """No fields: the request is the act (send ``{}``)."""

"""Consultations (calls for comments)."""

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

State = Literal["draft", "open", "closed", "consolidating", "finalized", "submitted"]


class ConsultationOut(Schema):
    id: int
    project_id: int
    project_reference: str = Field(examples=["ISO/DIS 15836-2"])
    title: str = Field(examples=["Comments on the DIS"])
    kind: Literal["comments", "survey"]
    state: State
    opens_at: dt.datetime
    deadline: dt.datetime = Field(description="exact to the minute; UTC")
    deadline_passed: bool
    late_policy: Literal["refuse", "flag"]


class AdmissionOut(Schema):
    allowed: bool = Field(description="whether new comments are taken now")
    late: bool = Field(description="taken, but flagged late")
    reason: str = Field(examples=["This consultation is not open for comments yet."])


class ConsultationDetailOut(ConsultationOut):
    instructions: str
    document: str | None = Field(examples=["ISO/TC 46/SC 4 N 2260"])
    ballot: str | None = Field(examples=["DIS ballot"])
    admission: AdmissionOut
    has_stakeholder_profile: bool = Field(
        description="you may comment only as your stakeholder profile")
    sees_all_submitted: bool = Field(
        description="coordinators always; others once the deadline has passed")

"""Projects and their coverage of the groups they must involve."""

import datetime as dt

from ninja import Schema
from pydantic import Field


class ProjectOut(Schema):
    id: int
    reference: str = Field(examples=["ISO/DIS 15836-2"])
    title: str = Field(examples=["Dublin Core — Part 2: DCMI Properties and classes"])
    stage_code: str = Field(examples=["40.20"])
    stage: str = Field(examples=["DIS ballot initiated"])
    committee: str | None = Field(examples=["ISO/TC 46/SC 4"])
    is_public: bool
    approved_on: dt.date | None
    updated_at: dt.datetime


class StakeholderRef(Schema):
    id: int
    name: str = Field(examples=["Alice Martin"])


class GroupCoverageOut(Schema):
    category: str = Field(examples=["consumers"], description="interest category code")
    category_name: str = Field(examples=["Consumers"])
    required: bool
    supporting: bool
    covered: bool
    engaged: list[StakeholderRef]
    potential: int = Field(description="stakeholders of the category who follow the "
                                       "project's committee or topics")


class CoverageOut(Schema):
    complete: bool = Field(description="every required group has an engaged stakeholder")
    uncovered_required: list[str] = Field(examples=[["consumers"]])
    groups: list[GroupCoverageOut]


class ProjectDetailOut(ProjectOut):
    scope: str
    coverage: CoverageOut

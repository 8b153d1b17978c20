"""A public project with a document, an open consultation, a draft one and a ballot, at exact
UTC minutes; and a project that is not public."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.consultations import services as consultations
from liaison.projects import services as projects
from tests.builders import TRIAL

DEADLINE = dt.datetime(2031, 3, 15, 11, 59, tzinfo=dt.UTC)
BALLOT_CLOSES = dt.datetime(2031, 4, 2, 22, 30, tzinfo=dt.UTC)


class Site:
    def __init__(self, org, coordinator):
        self.public = projects.project_create(
            actor=coordinator, liaison_org=org, reference="ISO/DIS 15836-2",
            title="Dublin Core part 2", stage_code="40.20", is_public=True,
            scope="Properties and classes.")
        self.document = projects.document_add(actor=coordinator, project=self.public,
                                              title="DIS text", number="ISO/TC 46/SC 4 N 2260",
                                              url="https://example.org/n2260.pdf")
        self.ballot = projects.ballot_add(
            actor=coordinator, project=self.public, label="DIS ballot",
            opens_at=BALLOT_CLOSES - dt.timedelta(weeks=12), closes_at=BALLOT_CLOSES)
        self.open = consultations.consultation_open(
            without_notice_reason=TRIAL,
            actor=coordinator, consultation=consultations.consultation_create(
                actor=coordinator, liaison_org=org, project=self.public,
                title="Comments on the DIS", deadline=DEADLINE))
        self.draft = consultations.consultation_create(
            actor=coordinator, liaison_org=org, project=self.public,
            title="Draft call not yet open", deadline=DEADLINE)
        self.private = projects.project_create(
            actor=coordinator, liaison_org=org, reference="ISO/NP 99999",
            title="Confidential work item", stage_code="10.99")
        self.private_call = consultations.consultation_open(
            without_notice_reason=TRIAL,
            actor=coordinator, consultation=consultations.consultation_create(
                actor=coordinator, liaison_org=org, project=self.private,
                title="Secret consultation", deadline=DEADLINE))
        projects.ballot_add(actor=coordinator, project=self.private, label="Secret ballot",
                            opens_at=BALLOT_CLOSES - dt.timedelta(weeks=12),
                            closes_at=BALLOT_CLOSES)


@pytest.fixture
def site(org, coordinator) -> Site:
    return Site(org, coordinator)

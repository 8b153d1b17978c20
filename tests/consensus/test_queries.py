"""The consolidation view reads a bounded number of queries, whatever the number of
comments (200 comments by 40 stakeholders here; the benchmark runs 2,000 by 300)."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from liaison.consensus import services
from liaison.consultations.models import Comment, Consultation
from liaison.registry.categories import ensure_iso_categories
from liaison.registry.models import Stakeholder
from tests.consensus.conftest import pass_deadline

pytestmark = pytest.mark.django_db


def _bulk(consultation, n_stakeholders: int, n_comments: int) -> None:
    cats = list(ensure_iso_categories().values())
    org = consultation.liaison_org
    Stakeholder.objects.bulk_create([Stakeholder(liaison_org=org, name=f"S{i:03d}",
                                                 email=f"s{i}@example.org")
                                     for i in range(n_stakeholders)])
    people = list(Stakeholder.objects.filter(liaison_org=org))
    rng = random.Random(0)
    through = Stakeholder.categories.through
    through.objects.bulk_create([through(stakeholder_id=s.pk, interestcategory_id=c.pk)
                                 for s in people for c in rng.sample(cats, 2)])
    topics = ["dates", "language tags", "identifiers", "creator", "rights", "coverage"]
    now = timezone.now()
    Comment.objects.bulk_create([Comment(
        consultation=consultation, number=i + 1, author=rng.choice(people), mb="TMI",
        clause=f"5.{rng.randint(1, 9)}.{rng.randint(1, 20)}", type=rng.choice(["te", "ge", "ed"]),
        comment=f"The text on {rng.choice(topics)} needs work, point {i % 37}.",
        proposed_change=f"Rewrite the part on {rng.choice(topics)}.",
        status=Comment.Status.SUBMITTED, submitted_at=now) for i in range(n_comments)])


def test_consolidation_view_queries_are_bounded(consultation, coordinator, client,
                                                django_assert_max_num_queries):
    _bulk(consultation, 40, 200)
    pass_deadline(consultation)
    services.consolidation_start(actor=coordinator, consultation=consultation)
    consultation = Consultation.objects.get(pk=consultation.pk)
    services.analysis_refresh(actor=coordinator, consultation=consultation)
    first = Comment.objects.filter(consultation=consultation).order_by("number")[:3]
    services.draft_create(actor=coordinator, consultation=consultation, comments=list(first))
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(f"/consensus/{consultation.pk}/")
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(f"/consensus/{consultation.pk}/?category=industry&page=2")
    assert response.status_code == 200


def test_dispositions_page_and_bulk_step_queries_are_bounded(
        consultation, coordinator, client, django_assert_max_num_queries):
    _bulk(consultation, 40, 200)
    pass_deadline(consultation)
    services.consolidation_start(actor=coordinator, consultation=consultation)
    consultation = Consultation.objects.get(pk=consultation.pk)
    comments = list(Comment.objects.filter(consultation=consultation).order_by("number"))
    for i in range(0, 30, 3):
        services.draft_create(actor=coordinator, consultation=consultation,
                              comments=comments[i:i + 3])
    client.force_login(coordinator)
    with django_assert_max_num_queries(25):
        response = client.get(f"/consensus/{consultation.pk}/dispositions/")
    assert response.status_code == 200
    with django_assert_max_num_queries(25):  # 170 comments, one step
        services.dispositions_set_bulk(actor=coordinator, comments=comments[30:],
                                       kind="noted", reason="For the revision.")
    with django_assert_max_num_queries(25):
        services.dispositions_undo_last_bulk(actor=coordinator, consultation=consultation)

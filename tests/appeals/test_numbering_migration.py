"""Disputes and appeals stored before numbering get their numbers in creation order, per
organization (migration ``appeals.0002_number_per_organization``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("appeals", "0001_initial")]
AFTER = [("appeals", "0003_number_required")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_existing_rows_are_numbered_per_organization_in_creation_order(org, other_org,
                                                                       make_user):
    user = make_user("stakeholder", username="olga")
    old = _migrate(BEFORE)
    try:
        Dispute = old.get_model("appeals", "Dispute")
        Appeal = old.get_model("appeals", "Appeal")
        ctype = old.get_model("contenttypes", "ContentType").objects.get(
            app_label="registry", model="liaisonorganization")
        now = timezone.now()
        common = {"subject_type_id": ctype.pk, "subject_id": "1", "subject_label": "x"}
        made = []
        for org_id in (org.pk, other_org.pk, org.pk):
            made.append(Dispute.objects.create(liaison_org_id=org_id, objector_id=user.pk,
                                               argument="a", **common).pk)
            Appeal.objects.create(
                liaison_org_id=org_id, appellant_id=user.pk, appellant_public="a",
                subject_public="x", summary="s", grounds="g", decision_at=now,
                window_days=14, window_source="default", window_ends_at=now,
                admissibility_due=now + dt.timedelta(days=7), decision_days=30, **common)
        new = _migrate(AFTER)
        numbered = dict(new.get_model("appeals", "Dispute").objects
                        .values_list("pk", "number"))
        assert [numbered[pk] for pk in made] == [1, 1, 2]
        assert sorted(new.get_model("appeals", "Appeal").objects.filter(liaison_org_id=org.pk)
                      .values_list("number", flat=True)) == [1, 2]
    finally:
        call_command("migrate", verbosity=0)

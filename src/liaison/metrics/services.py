"""Writes of the metrics app: process reviews (audited, tenant-checked)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.audit.services import create_recorded, update_recorded
from liaison.metrics.models import ProcessReview


def _check_versions(liaison_org, versions) -> list:
    versions = list(versions or [])
    foreign = [v for v in versions if v.liaison_org_id != liaison_org.pk]
    if foreign:
        raise ValidationError({"led_to": _("A process version of another organization "
                                           "cannot be linked.")})
    return versions


@transaction.atomic
def process_review_create(*, actor, liaison_org, led_to=(), **fields: Any) -> ProcessReview:
    versions = _check_versions(liaison_org, led_to)
    return create_recorded(ProcessReview, actor=actor, verb="process_review.create",
                           liaison_org=liaison_org,
                           fields={"liaison_org": liaison_org, "created_by": actor, **fields},
                           m2m={"led_to": versions})


@transaction.atomic
def process_review_update(*, actor, review: ProcessReview, led_to=None,
                          **fields: Any) -> ProcessReview:
    m2m = {}
    if led_to is not None:
        m2m["led_to"] = _check_versions(review.liaison_org, led_to)
    return update_recorded(review, actor=actor, verb="process_review.update",
                           liaison_org=review.liaison_org, fields=fields, m2m=m2m)

"""What a dispute or an appeal is about: any record, named by ``app_label.model`` and its pk.

Rules:

* **organization** of a record — the first that answers: a function of
  :data:`ORGANIZATION_OF` (other apps may append), the record's ``liaison_org``, the
  ``liaison_org`` of its ``consultation`` / ``project`` / ``committee`` / ``meeting.committee``
  / ``draft.consultation``, else the organization of its audit events. None: it cannot be
  appealed;
* **time of the decision** — a function of :data:`DECIDED_AT` (other apps may append), the
  record's ``decided_at``, else the time of the last audit event about it (the decision as it
  now stands). None: it is not a recorded decision and cannot be appealed;
* the **public label** names only the kind of record and its number (e.g. "involvement
  decision #12"), never what it says or who took it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from liaison.audit.selectors import events_for

#: ``f(obj) -> LiaisonOrganization | None``; the first non-None answer wins.
ORGANIZATION_OF: list[Callable[[models.Model], object | None]] = []
#: ``f(obj) -> aware datetime | None``; the first non-None answer wins.
DECIDED_AT: list[Callable[[models.Model], dt.datetime | None]] = []

_ORG_PATHS = ("liaison_org", "consultation.liaison_org", "project.liaison_org",
              "committee.liaison_org", "meeting.committee.liaison_org",
              "draft.consultation.liaison_org", "appeal.liaison_org")

#: Records that can never be appealed (the appeals app's own and the trail itself).
NOT_APPEALABLE = frozenset({"audit", "sessions", "contenttypes", "auth", "admin",
                            "django_tasks_db", "otp_totp", "security", "appeals"})


class UnknownSubject(LookupError):
    """No such record (or it may not be appealed)."""


def resolve(type_label: str, pk: str) -> models.Model:
    """The record named ``app_label.model`` with primary key ``pk``."""
    try:
        app_label, model_name = type_label.split(".", 1)
        model = apps.get_model(app_label, model_name)
    except (ValueError, LookupError) as exc:
        raise UnknownSubject(type_label) from exc
    if app_label in NOT_APPEALABLE:
        raise UnknownSubject(type_label)
    try:
        return model._default_manager.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise UnknownSubject(f"{type_label} {pk}") from exc


def type_label(obj: models.Model) -> str:
    return obj._meta.label_lower


def _follow(obj, path: str):
    for name in path.split("."):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


def organization_of(obj: models.Model):
    for hook in ORGANIZATION_OF:
        found = hook(obj)
        if found is not None:
            return found
    for path in _ORG_PATHS:
        found = _follow(obj, path)
        if found is not None and found._meta.label_lower == "registry.liaisonorganization":
            return found
    event = events_for(obj).exclude(liaison_org=None).select_related("liaison_org").first()
    return event.liaison_org if event else None


def decided_at(obj: models.Model) -> dt.datetime | None:
    for hook in DECIDED_AT:
        found = hook(obj)
        if found is not None:
            return found
    found = getattr(obj, "decided_at", None)
    if isinstance(found, dt.datetime):
        return found
    last = events_for(obj).order_by("-seq").first()
    return last.at if last else None


def public_label(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name} #{obj.pk}"


def content_type(obj: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(obj)

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
  decision #12"), never what it says or who took it;
* **what a participant may appeal** is an allow-list, :data:`APPEALABLE`: each kind of
  decision (``app_label.model``) with the rule saying whom it concerns (the owning app
  registers it, e.g. a disposition concerns its comment's author). Any other record, and a
  record of an allowed kind that does not concern the user, cannot be named on the filing
  page: :func:`appealable` refuses it exactly as it refuses a record that does not exist, so
  the page tells nothing about it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from liaison.audit.selectors import events_for

#: ``f(obj) -> LiaisonOrganization | None``; the first non-None answer wins.
ORGANIZATION_OF: list[Callable[[models.Model], object | None]] = []
#: ``f(obj) -> aware datetime | None``; the first non-None answer wins.
DECIDED_AT: list[Callable[[models.Model], dt.datetime | None]] = []

#: The kinds of decision a participant may appeal: ``app_label.model`` → ``f(user, record)
#: -> bool``, whether the record concerns that user. Nothing else can be appealed.
APPEALABLE: dict[str, Callable[[Any, models.Model], bool]] = {}

_ORG_PATHS = ("liaison_org", "consultation.liaison_org", "project.liaison_org",
              "committee.liaison_org", "meeting.committee.liaison_org",
              "draft.consultation.liaison_org", "appeal.liaison_org")


class UnknownSubject(LookupError):
    """No such record, or not one this user may appeal (told apart to nobody)."""


def concerns(user, obj: models.Model) -> bool:
    """Whether ``obj`` is of an appealable kind and concerns ``user``."""
    rule = APPEALABLE.get(obj._meta.label_lower)
    return bool(rule is not None and getattr(user, "is_authenticated", False)
                and rule(user, obj))


def appealable(user, type_label: str, pk: str, liaison_org) -> models.Model:
    """The decision ``type_label`` #``pk`` if ``user`` may appeal it: of a kind of
    :data:`APPEALABLE`, of ``liaison_org``, and concerning ``user``. Anything else raises
    :class:`UnknownSubject` — the same whether the record is missing, of another kind, of
    another organization or about someone else."""
    if type_label not in APPEALABLE:
        raise UnknownSubject(type_label)
    model = apps.get_model(type_label)
    try:
        obj = model._default_manager.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise UnknownSubject(type_label) from exc
    if organization_of(obj) != liaison_org or not concerns(user, obj):
        raise UnknownSubject(type_label)
    return obj


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

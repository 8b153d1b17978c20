"""Absolute links for e-mail, built from ``LIAISON_BASE_URL``.

Where a stakeholder responds depends on apps built beside this one, so the respond link is
found by trying URL names in order (the first that exists wins); another app may also register
its own resolver in :data:`RESPOND_RESOLVERS` (a callable ``announcement -> path or None``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import NoReverseMatch, reverse

#: (URL name, takes the consultation's pk) tried for a consultation, in order.
CONSULTATION_URLS: dict[str, list[str]] = {
    "survey": ["involvement:survey", "involvement:respond", "consultations:detail"],
    "comments": ["consultations:detail", "consultations:respond"],
}
#: URL names tried for a project announced without a consultation (take the project's pk).
PROJECT_URLS = ["public:project", "projects:detail"]

RESPOND_RESOLVERS: list[Callable[[object], str | None]] = []


def absolute(path: str) -> str:
    return settings.LIAISON_BASE_URL.rstrip("/") + path


def _first(names: list[str], pk: int) -> str | None:
    for name in names:
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return None


def respond_path(announcement) -> str | None:
    """Where a recipient of ``announcement`` gives their input (a path), if anywhere."""
    if announcement.kind == "step":  # the page of the step (``context["path"]``)
        return announcement.context.get("path") or None
    for resolver in RESPOND_RESOLVERS:
        path = resolver(announcement)
        if path:
            return path
    consultation = announcement.consultation
    if consultation is not None:
        return _first(CONSULTATION_URLS.get(consultation.kind, []), consultation.pk)
    return _first(PROJECT_URLS, announcement.project_id)


def notice_path(announcement) -> str:
    """The recipient's own copy of the notice in the app."""
    return reverse("notices:inbox_detail", args=[announcement.pk])

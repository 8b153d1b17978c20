"""Which language a request is answered in, and saving the one a signed-in user picks.

Rule: a signed-in user's saved language (the ``language`` of their stakeholder record in the
organization they work in, else of their first record) wins; a record whose language is ""
(no preference, "Browser's language") saves nothing, and such a user, like a user without a
stakeholder record (staff), keeps the one picked with the switcher (Django's language cookie);
everyone else gets the best match of the browser's ``Accept-Language``; English when nothing
matches.
The cookie and ``Accept-Language`` part is Django's ``LocaleMiddleware``; this module adds the
saved setting on top of it.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Lower

from liaison.registry.models import Stakeholder


def supported(code: str | None) -> bool:
    """Whether ``code`` is one of ``settings.LANGUAGES`` (``en``, ``fr``)."""
    return bool(code) and code in dict(settings.LANGUAGES)


def _profiles(user, liaison_org):
    profiles = Stakeholder.objects.filter(user=user)
    if liaison_org is not None:
        first = Case(When(liaison_org=liaison_org, then=Value(0)), default=Value(1),
                     output_field=IntegerField())
        return profiles.order_by(first, "pk")
    return profiles.order_by("pk")


def saved_language(user, liaison_org=None) -> str | None:
    """The language saved on ``user``'s stakeholder record, or ``None`` (anonymous, no
    record, no preference saved, or a code no longer offered)."""
    if not getattr(user, "is_authenticated", False):
        return None
    code = _profiles(user, liaison_org).values_list("language", flat=True).first()
    return code if supported(code) else None


def languages_by_address(liaison_org, addresses) -> dict[str, str]:
    """Each address (lower-cased) → the language saved on ``liaison_org``'s stakeholder record
    with that address (the first such record that has one), in one query; addresses without
    a saved language are left out."""
    wanted = {a.lower() for a in addresses if a}
    rows = (Stakeholder.objects.annotate(address=Lower("email"))
            .filter(liaison_org=liaison_org, address__in=wanted).exclude(language="")
            .order_by("-pk").values_list("address", "language"))
    return {address: code for address, code in rows if supported(code)}


def recipient_language(liaison_org, *, user=None, stakeholder=None, email: str = "") -> str:
    """The language of an e-mail to one person, whoever sends it: the language saved on their
    stakeholder record — ``stakeholder`` when given, else their record in ``liaison_org``
    found by ``user``, else by ``email`` (:func:`languages_by_address`) — or
    ``settings.LANGUAGE_CODE`` (English) when no record or no preference is saved."""
    code = stakeholder.language if stakeholder is not None else None
    if not code and user is not None:
        code = saved_language(user, liaison_org)
    if not code and email:
        code = languages_by_address(liaison_org, [email]).get(email.lower())
    return code if supported(code) else settings.LANGUAGE_CODE


def save_language(user, code: str) -> int:
    """Save ``code`` on every stakeholder record of ``user`` whose language differs (each
    change is an audited ``stakeholder.update``); returns how many records changed."""
    from liaison.registry.services import stakeholder_update

    changed = 0
    for stakeholder in Stakeholder.objects.filter(user=user).exclude(language=code):
        stakeholder_update(actor=user, stakeholder=stakeholder, language=code)
        changed += 1
    return changed

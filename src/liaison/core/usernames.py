"""One normalization of user names, used wherever a name identifies an account.

Sign-in, the sign-in lock, password reset and enrolment all key an account by
:func:`canonical_username`: Unicode NFKC (as Django's ``AbstractBaseUser.normalize_username``
does, so a fullwidth ``ａdmin`` is ``admin``) then case folding (so ``Admin`` and ``ADMIN``
are ``admin`` too). Two spellings that fold to the same name are one account: they share one
failure count, and enrolment refuses the second.
"""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 150


def canonical_username(name: str | None) -> str:
    """``name`` as the key of its account: NFKC, surrounding spaces removed, case-folded."""
    return unicodedata.normalize("NFKC", name or "").strip().casefold()[:MAX_LENGTH]

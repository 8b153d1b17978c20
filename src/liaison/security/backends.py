"""Authentication by canonical user name (:func:`liaison.core.usernames.canonical_username`).

The sign-in lock counts failures under the canonical name; authentication must find the
account under that same name, or a look-alike spelling (``ａdmin``, ``ADMIN``) would be
counted apart from the account it signs in to.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from liaison.core.usernames import canonical_username


def user_by_username(username: str):
    """The one account whose canonical name is ``username``'s, or ``None`` (also when two
    older accounts fold to the same name: neither is guessed)."""
    key = canonical_username(username)
    if not key:
        return None
    model = get_user_model()
    candidates = [u for u in model._default_manager.filter(**{
        f"{model.USERNAME_FIELD}__iexact": key}) if canonical_username(u.get_username()) == key]
    if len(candidates) == 1:
        return candidates[0]
    exact = model.normalize_username(username.strip())
    if not candidates:  # SQLite's iexact folds ASCII only: try the name as typed
        return model._default_manager.filter(**{model.USERNAME_FIELD: exact}).first()
    return next((u for u in candidates if u.get_username() == exact), None)


class UsernameBackend(ModelBackend):
    """Django's model backend, looking the account up by canonical name."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = user_by_username(username)
        if user is None:
            get_user_model()().set_password(password)  # same time as a wrong password
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

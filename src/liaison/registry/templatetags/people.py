"""``{{ user|display_name }}``: a person by their name (``registry.selectors.display_name``).

Every page, e-mail and export that names a person uses it; ``{{ user.get_username }}`` is
left for where an account is meant (sign-in, admin, the sign-out button)."""

from __future__ import annotations

from django import template

from liaison.registry import selectors

register = template.Library()


@register.filter
def display_name(user, liaison_org=None) -> str:
    """The person's name; ``""`` for nobody (so ``|default:`` can say who else)."""
    return selectors.display_name(user, liaison_org)

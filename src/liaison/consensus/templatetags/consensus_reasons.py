"""``{{ reason|say_reason }}``: a verdict's reason in the reader's language (see
liaison.consensus.reasons)."""

from django import template

from liaison.consensus.reasons import say

register = template.Library()


@register.filter
def say_reason(reason: object) -> str:
    return say(reason)

"""``{{ notice.last_error|delivery_fault:notice.next_attempt_at }}``: a failure in words."""

from django import template

from liaison.notices.faults import explain

register = template.Library()


@register.filter
def delivery_fault(error: str, next_attempt_at=None) -> str:
    return explain(error, next_attempt_at)

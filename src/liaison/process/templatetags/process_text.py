"""``{{ text|process_text }}``: a process section's Markdown-ish text as escaped HTML."""

from django import template

from liaison.process.text import to_html

register = template.Library()


@register.filter
def process_text(value: str):
    return to_html(value or "")

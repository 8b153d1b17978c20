"""``{% appeal_link obj %}``: the "Appeal this decision" link (see liaison.appeals.links)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from liaison.access.rules import can
from liaison.appeals.links import appeal_url

register = template.Library()


@register.simple_tag(takes_context=True)
def appeal_link(context, obj) -> str:
    request = context.get("request")
    if request is None or not can(request.user, "appeals.file",
                                  getattr(request, "liaison_org", None)):
        return ""
    return format_html('<a href="{}" class="appeal-link">{}</a>', appeal_url(obj),
                       _("Appeal this decision"))

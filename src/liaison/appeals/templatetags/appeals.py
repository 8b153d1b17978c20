"""``{% appeal_link obj [label] %}``: the "Appeal this decision" link (see
liaison.appeals.links), rendered only where the viewer may appeal ``obj``: they may file
appeals, ``obj`` is of an appealable kind that concerns them
(:func:`liaison.appeals.subjects.concerns`), it is a recorded decision and its appeal window
is open (the link then says until when)."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from liaison.access.rules import can
from liaison.appeals import subjects, terms
from liaison.appeals.links import appeal_url

register = template.Library()


@register.simple_tag(takes_context=True)
def appeal_link(context, obj, label: str = "") -> str:
    request = context.get("request")
    org = getattr(request, "liaison_org", None)
    if (obj is None or request is None or not can(request.user, "appeals.file", org)
            or not subjects.concerns(request.user, obj)
            or subjects.organization_of(obj) != org):
        return ""
    decided = subjects.decided_at(obj)
    if decided is None:
        return ""
    ends = terms.appeal_terms(org, decided).window_ends(decided)
    if timezone.now() > ends:
        return ""
    until = _("until %(end)s") % {
        "end": date_format(timezone.localtime(ends), "SHORT_DATETIME_FORMAT")}
    return format_html('<a href="{}" class="appeal-link">{}</a> <span class="muted">({})'
                       '</span>', appeal_url(obj), label or _("Appeal this decision"), until)

"""The process check of one consultation as a page (coordinators, committee members, admins):
the same report as ``liaison audit check-process``, in the reader's language."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from liaison.access.decorators import requires
from liaison.audit.process_check import STATUSES, TITLES, process_check, say
from liaison.consultations.models import Consultation
from liaison.consultations.selectors import consultation_of

#: how each status looks (app.css badges)
BADGES = {"passed": "ok", "exceptions": "neutral", "broken": "missing", "pending": "neutral"}


@requires("audit.process_check")
def process_check_page(request, pk: int):
    try:
        consultation = consultation_of(request.liaison_org, pk)
    except Consultation.DoesNotExist as exc:
        raise Http404 from exc
    report = process_check(consultation)
    principles = [{"key": p.key, "title": TITLES[p.key], "status": p.status,
                   "status_label": STATUSES[p.status], "badge": BADGES[p.status],
                   "findings": [{"kind": f.kind, "text": say(f)} for f in p.findings]}
                  for p in report.principles]
    return render(request, "audit/process_check.html", {
        "consultation": consultation, "report": report, "principles": principles})

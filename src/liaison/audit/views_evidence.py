"""Evidence packs for coordinators: a list of consultations, each with a download button
(POST: making a pack is recorded in the audit trail)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from liaison.access.decorators import requires
from liaison.audit.evidence import evidence_pack_create
from liaison.audit.models import AuditEvent
from liaison.consultations.models import Consultation
from liaison.consultations.selectors import consultation_of, consultations_of


@requires("audit.pack")
def pack_list(request):
    org = request.liaison_org
    recent = (AuditEvent.objects.filter(liaison_org=org, verb="evidence.pack")
              .select_related("actor").order_by("-seq")[:20])
    return render(request, "audit/packs.html", {
        "consultations": consultations_of(org).select_related("project"),
        "recent": recent})


@require_POST
@requires("audit.pack")
def pack_download(request, pk: int):
    try:
        consultation = consultation_of(request.liaison_org, pk)
    except Consultation.DoesNotExist as exc:
        raise Http404 from exc
    pack = evidence_pack_create(actor=request.user, consultation=consultation)
    response = HttpResponse(pack.data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
    response["X-Chain-Head"] = pack.manifest["chain"]["head"]
    return response

"""The audit trail page: newest first, paged, with the chain's state."""

from django.core.paginator import Paginator
from django.shortcuts import render

from liaison.access.decorators import requires
from liaison.audit.selectors import events_for_org, verify_chain


@requires("audit.view")
def audit_log(request):
    page = Paginator(events_for_org(request.liaison_org).select_related("actor"), 50).get_page(
        request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "chain": verify_chain()})

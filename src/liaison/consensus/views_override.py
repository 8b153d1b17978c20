"""A draft without consensus leaves the position only by an explicit act with a reason:
withdrawing it, or recording an override (the rules are ``services.draft_override`` and
``services.draft_withdraw``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.access.decorators import requires
from liaison.consensus import services
from liaison.consensus.forms import OverrideForm, WithdrawForm
from liaison.consensus.views import _data, consultation_or_404, draft_or_404
from liaison.pages import form_page


@requires("consensus.decide")
def draft_override(request, pk: int, draft_pk: int):
    consultation = consultation_or_404(request, pk)
    draft = draft_or_404(consultation, draft_pk)
    url = reverse("consensus:draft", args=[pk, draft.pk])
    return form_page(
        request, OverrideForm(_data(request)),
        save=lambda data: services.draft_override(actor=request.user, draft=draft,
                                                  reason=data["reason"]),
        title=_("Submit %(ref)s without consensus") % {"ref": draft.reference},
        cancel_url=url, success_url=reverse("consensus:drafts", args=[pk]),
        success_message=_("Override of %(ref)s recorded with its reason.")
        % {"ref": draft.reference},
        context={"consultation": consultation, "submit_label": _("Record the override"),
                 "intro": _("%(ref)s has no consensus under the organization's rule. It is "
                            "submitted only if you record why.") % {"ref": draft.reference}})


@requires("consensus.decide")
def draft_withdraw(request, pk: int, draft_pk: int):
    consultation = consultation_or_404(request, pk)
    draft = draft_or_404(consultation, draft_pk)
    url = reverse("consensus:draft", args=[pk, draft.pk])
    return form_page(
        request, WithdrawForm(_data(request)),
        save=lambda data: services.draft_withdraw(actor=request.user, draft=draft,
                                                  reason=data["reason"]),
        title=_("Withdraw %(ref)s") % {"ref": draft.reference},
        cancel_url=url, success_url=reverse("consensus:drafts", args=[pk]),
        success_message=_("%(ref)s withdrawn from the position.") % {"ref": draft.reference},
        context={"consultation": consultation, "submit_label": _("Withdraw the draft")})

"""The consolidation page's in-place triage: comments compared side by side (a word diff),
and comments merged into an existing draft from their row — an htmx request gets the group's
partial back, a plain POST a redirect to the page it came from."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from liaison.access.decorators import requires
from liaison.consensus import selectors, services
from liaison.consensus.diffs import word_diff
from liaison.consensus.forms import DraftField
from liaison.consensus.views import _flags, consultation_or_404, refusal

MAX_COMPARED = 12


@requires("consensus.view")
def compare(request, pk: int):
    """The comments ``?c=…`` side by side, each against the first, the words that differ
    marked (comment and proposed change)."""
    consultation = consultation_or_404(request, pk)
    ids = [int(x) for x in request.GET.getlist("c") if x.isdigit()][:MAX_COMPARED]
    found = {c.pk: c for c in selectors.input_comments(consultation, ids)}
    if len(found) != len(set(ids)):  # a comment of another consultation, or none at all
        raise Http404
    if len(ids) < 2:  # nothing to compare yet: say so (a link without its comments)
        return render(request, "consensus/refused.html", {
            "consultation": consultation,
            "lines": [_("Choose two comments or more to compare them side by side.")]},
            status=400)
    base, *others = [found[i] for i in ids]
    pairs = []
    for other in others:
        comment = word_diff(base.comment, other.comment)
        change = word_diff(base.proposed_change, other.proposed_change)
        pairs.append({"other": other, "comment": comment, "change": change})
    return render(request, "consensus/compare.html", {
        "consultation": consultation, "base": base, "pairs": pairs,
        "flags": _flags(request, consultation)})


def _back(request, pk: int) -> str:
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return reverse("consensus:consolidation", args=[pk])


@require_POST
@requires("consensus.decide")
def merge_into(request, pk: int):
    """The comments posted become "merged into" the draft chosen (and its sources), as one
    bulk step (so it can be undone on the dispositions page)."""
    consultation = consultation_or_404(request, pk)
    try:
        draft = DraftField(queryset=selectors.drafts_of(consultation)).clean(
            request.POST.get("draft", ""))
    except ValidationError:
        return refusal(request, consultation, _(
            "Choose the draft to merge into: one of this consultation's active drafts, by "
            "its ID (e.g. %(example)s).") % {"example": "TMI-CC007"}, 400)
    ids = [int(x) for x in request.POST.getlist("comments") if x.isdigit()]
    comments = selectors.input_comments(consultation, ids)
    if not comments or len(comments) != len(set(ids)):
        raise Http404
    try:
        services.dispositions_set_bulk(actor=request.user, comments=comments, kind="merged",
                                       draft=draft)
    except ValidationError as exc:
        return refusal(request, consultation, exc.messages, 409)
    done = ngettext("%(n)s comment merged into %(ref)s.", "%(n)s comments merged into %(ref)s.",
                    len(comments)) % {"n": len(comments), "ref": draft.reference}
    if request.headers.get("HX-Request"):  # the group again, in place
        view = selectors.consolidation(consultation, page=1)
        group = next(g for g in view.page.paginator.object_list
                     if any(r.pk == comments[0].pk for r in g.rows))
        return render(request, "consensus/consolidation.html#group", {
            "consultation": consultation, "group": group, "done": done,
            "flags": _flags(request, consultation),
            "drafts": list(selectors.drafts_of(consultation)), "here": _back(request, pk)})
    messages.success(request, done)
    return redirect(_back(request, pk))


@require_POST
@requires("consensus.draft")
def drafts_from_clusters(request, pk: int):
    """A draft for every redundancy cluster not yet drafted, in one step."""
    consultation = consultation_or_404(request, pk)
    try:
        made = services.drafts_from_clusters(actor=request.user, consultation=consultation)
    except ValidationError as exc:
        return refusal(request, consultation, exc.messages, 409)
    messages.success(request, ngettext(
        "%(n)s draft created, one per cluster.", "%(n)s drafts created, one per cluster.",
        len(made)) % {"n": len(made)})
    return redirect(_back(request, pk))

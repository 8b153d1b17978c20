"""Consolidation and drafting pages: thin views over forms, services and selectors.

Another organization's consultation, draft or objection is a 404. A refused write (wrong
state, stale edit, missing reason, finalization blocked) answers 4xx with a clear message
and stores nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.access.decorators import requires
from liaison.access.rules import can
from liaison.consensus import charts, coverage, discussion, disputes, selectors, services
from liaison.consensus.evaluation import evaluate_consultation
from liaison.consensus.forms import (
    DraftForm,
    MergeForm,
    MessageForm,
    PositionForm,
    ResolveForm,
    SourcesForm,
)
from liaison.consensus.models import Draft, Objection
from liaison.consultations import selectors as consultation_selectors
from liaison.consultations.models import Comment, Consultation
from liaison.consultations.states import State
from liaison.pages import form_page

#: States in which the comments are final and the consolidation view makes sense.
AFTER_DEADLINE = (State.CLOSED, State.CONSOLIDATING, State.FINALIZED, State.SUBMITTED)


def _data(request):
    return request.POST if request.method == "POST" else None


def consultation_or_404(request, pk: int) -> Consultation:
    try:
        return consultation_selectors.consultation_of(request.liaison_org, pk)
    except Consultation.DoesNotExist as exc:
        raise Http404 from exc


def draft_or_404(consultation: Consultation, pk: int) -> Draft:
    try:
        return selectors.draft_of(consultation, pk)
    except Draft.DoesNotExist as exc:
        raise Http404 from exc


def objection_or_404(consultation: Consultation, pk: int) -> Objection:
    try:
        return selectors.objection_of(consultation, pk)
    except Objection.DoesNotExist as exc:
        raise Http404 from exc


def refusal(request, consultation, message: str | list[str], status: int) -> HttpResponse:
    lines = message if isinstance(message, list) else [message]
    return render(request, "consensus/refused.html",
                  {"consultation": consultation, "lines": lines}, status=status)


def _after_deadline(consultation: Consultation) -> bool:
    return consultation.state in AFTER_DEADLINE or (
        consultation.state == State.OPEN and consultation.deadline_passed())


def _flags(request, consultation) -> dict[str, bool]:
    org = consultation.liaison_org
    return {name: can(request.user, f"consensus.{name}", org)
            for name in ("view", "draft", "position", "decide")}


@requires("consensus.view")
def consolidation(request, pk: int):
    consultation = consultation_or_404(request, pk)
    if not _after_deadline(consultation):
        return refusal(request, consultation, _(
            "The comments are consolidated after the deadline; this consultation is still "
            "%(state)s.") % {"state": consultation.get_state_display()}, 409)
    args = request.GET
    show = args.get("show", "all") if args.get("show") in selectors.SHOW else "all"
    # A GET writes nothing: when the comments changed since the stored analysis (or it was
    # never run) the page says so and offers "Run the analysis" (a POST to ``analyse``).
    cluster = args.get("cluster", "")
    view = selectors.consolidation(
        consultation, clause=args.get("clause", ""), type=args.get("type", ""),
        category=args.get("category", ""), show=show, page=args.get("page", 1),
        status=args.get("status") if args.get("status") in selectors.STATUSES else "",
        cluster=int(cluster) if cluster.isdigit() else None,
        contradicted=args.get("contradicted") == "1")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "consensus/consolidation.html", {
        "consultation": consultation, "view": view, "flags": _flags(request, consultation),
        "types": Comment.Type.choices, "query": query.urlencode(),
        "drafts": list(selectors.drafts_of(consultation)), "here": request.get_full_path(),
        "meeting_inputs": selectors.meeting_inputs_of(consultation)})


@require_POST
@requires("consensus.decide")
def start(request, pk: int):
    consultation = consultation_or_404(request, pk)
    try:
        services.consolidation_start(actor=request.user, consultation=consultation)
    except ValidationError as exc:
        return refusal(request, consultation, exc.messages, 409)
    messages.success(request, _("Consolidation has started: draft the consensus comments."))
    return redirect("consensus:consolidation", pk=pk)


@require_POST
@requires("consensus.draft")
def analyse(request, pk: int):
    consultation = consultation_or_404(request, pk)
    before = selectors.analysed(consultation)
    services.analysis_refresh(actor=request.user, consultation=consultation, force=True)
    messages.success(request, _("The comments were analysed again.") if before
                     else _("The comments were analysed."))
    return redirect("consensus:consolidation", pk=pk)


@require_POST
@requires("consensus.draft")
def draft_new(request, pk: int):
    """A draft from the comments ticked (a cluster, or one comment)."""
    consultation = consultation_or_404(request, pk)
    ids = [int(x) for x in request.POST.getlist("comments") if x.isdigit()]
    comments = selectors.input_comments(consultation, ids)
    if len(comments) != len(set(ids)):
        raise Http404
    rep = request.POST.get("representative", "")
    representative = next((c for c in comments if str(c.pk) == rep), None)
    try:
        draft = services.draft_create(actor=request.user, consultation=consultation,
                                      comments=comments, representative=representative)
    except ValidationError as exc:
        return refusal(request, consultation, exc.messages, 409)
    messages.success(request, _("Draft %(ref)s created from %(n)s comment(s).")
                     % {"ref": draft.reference, "n": len(comments)})
    return redirect("consensus:draft", pk=pk, draft_pk=draft.pk)


@requires("consultations.view")
def drafts(request, pk: int):
    consultation = consultation_or_404(request, pk)
    flags = _flags(request, consultation)
    if not (flags["view"] or flags["position"]):
        raise PermissionDenied
    return drafts_page(request, consultation, flags)


def drafts_page(request, consultation, flags, refused: list[str] | None = None,
                status: int = 200) -> HttpResponse:
    """The drafts in the position's order with their verdict and, for a draft lacking
    consensus, its override or the links to withdraw or override it; ``refused`` (a refused
    finalization or submission) is shown above them."""
    verdict = evaluate_consultation(consultation)
    lacking = {d.pk: d for d in coverage.lacking(consultation, verdict)}
    items = list(selectors.drafts_of(consultation))
    mine = selectors.my_positions(request.user, consultation)
    for draft in items:
        draft.result = verdict.of(draft.pk)
        draft.mine = mine.get(draft.pk)
        draft.lacking = draft.pk in lacking
        draft.override = lacking[draft.pk].override if draft.lacking else None
    return render(request, "consensus/drafts.html", {
        "consultation": consultation, "drafts": items, "verdict": verdict, "flags": flags,
        "refused": refused or [], "can_override": flags["decide"] and consultation.state in (
            State.CONSOLIDATING, State.FINALIZED),
        "submission": selectors.latest_submission(consultation)}, status=status)


@require_POST
@requires("consensus.draft")
def drafts_order(request, pk: int):
    consultation = consultation_or_404(request, pk)
    try:
        services.drafts_order_by_clause(actor=request.user, consultation=consultation)
    except ValidationError as exc:
        return refusal(request, consultation, exc.messages, 409)
    messages.success(request, _("The drafts are now in clause order."))
    return redirect("consensus:drafts", pk=pk)


def _draft_context(request, consultation, draft, **extra) -> dict:
    flags = _flags(request, consultation)
    verdict = evaluate_consultation(consultation)
    result = verdict.of(draft.pk)
    chart, rows = None, []
    if result is not None:
        names = dict(selectors.category_names(verdict.categories))
        rows = [(names.get(code, code), tally, code in result.verdict.sustained_opposition)
                for code, tally in result.by_category.items() if tally.taking_position
                or tally.abstain]
        chart = charts.category_bars(
            [(_("overall"), result.overall, bool(result.blocking_objections)), *rows],
            verdict.rule.opposition_threshold)
    mine = selectors.my_positions(request.user, consultation).get(draft.pk)
    objections = list(draft.objections.select_related("raised_by", "resolved_by"))
    found = selectors.disputes_of_objections(objections)
    for objection in objections:
        objection.dispute = found.get(objection.pk)
    return {
        "consultation": consultation, "draft": draft, "flags": flags, "result": result,
        "rule": verdict.rule, "chart": chart, "mine": mine,
        # each category row with its bar, so the table says the chart's shares in words
        "category_rows": [(*row, bar) for row, bar in zip(rows, chart.bars[1:], strict=True)]
        if chart else [],
        "sources": draft.sources.select_related("author").order_by("number"),
        "positions": selectors.positions_on(draft) if flags["view"] else [],
        "objections": objections,
        "revisions": selectors.revisions_of(draft),
        "thread": discussion.messages_on(draft),
        "can_discuss": consultation.state in discussion.OPEN_STATES
        and draft.status == Draft.Status.ACTIVE
        and discussion.can_discuss(request.user, consultation.liaison_org),
        "message_form": extra.pop("message_form", None) or MessageForm(),
        "decisions": selectors.decisions_on(draft),
        "meeting_inputs": selectors.meeting_inputs_on(draft),
        "position_form": extra.pop("position_form", None) or PositionForm(initial={
            "value": mine.value if mine else None, "argument": mine.argument if mine else ""}),
        "can_state": flags["position"] and consultation.state == State.CONSOLIDATING
        and draft.status == Draft.Status.ACTIVE,
        "override": coverage.shown(consultation).get(draft.pk),
        "can_override": flags["decide"] and result is not None
        and not result.verdict.consensus
        and consultation.state in (State.CONSOLIDATING, State.FINALIZED),
        **extra,
    }


@requires("consultations.view")
def draft_detail(request, pk: int, draft_pk: int):
    consultation = consultation_or_404(request, pk)
    draft = draft_or_404(consultation, draft_pk)
    context = _draft_context(request, consultation, draft)
    if not (context["flags"]["view"] or context["flags"]["position"]):
        raise PermissionDenied
    return render(request, "consensus/draft.html", context)


@requires("consensus.draft")
def draft_edit(request, pk: int, draft_pk: int):
    consultation = consultation_or_404(request, pk)
    draft = draft_or_404(consultation, draft_pk)
    late = consultation.state in services.AFTER_FINALIZATION
    form = DraftForm(_data(request), instance=draft, initial={"version": draft.version},
                     after_finalization=late)
    url = reverse("consensus:draft", args=[pk, draft.pk])
    context = {"consultation": consultation, "draft": draft, "late": late,
               "sources": draft.sources.select_related("author").order_by("number")}

    def save(data):
        try:
            return services.draft_update(
                actor=request.user, draft=draft, version=data["version"],
                changes={name: data.get(name, "") for name in Draft.TEXT_FIELDS},
                reason_kind=data.get("reason_kind", ""), reason=data.get("reason", ""))
        except services.DraftConflict as exc:
            context["conflict"] = exc.current  # keep the editor's text, show theirs
            form.data = form.data.copy()
            form.data["version"] = str(exc.current.version)
            raise

    response = form_page(request, form, save=save,
                         title=_("Edit draft %(ref)s") % {"ref": draft.reference},
                         cancel_url=url, success_url=url, success_message=_("Draft saved."),
                         template="consensus/draft_form.html", context=context)
    if "conflict" in context and response.status_code == 400:
        response.status_code = 409
    return response


@requires("consensus.draft")
def draft_split(request, pk: int, draft_pk: int):
    consultation = consultation_or_404(request, pk)
    draft = draft_or_404(consultation, draft_pk)
    url = reverse("consensus:draft", args=[pk, draft.pk])
    return form_page(
        request, SourcesForm(_data(request), draft=draft),
        save=lambda data: services.draft_split(
            actor=request.user, draft=draft,
            comments=selectors.input_comments(consultation, data["comments"])),
        title=_("Split draft %(ref)s") % {"ref": draft.reference}, cancel_url=url,
        success_url=lambda new: reverse("consensus:draft", args=[pk, new.pk]),
        success_message=_("The draft was split; edit the new one's text."))


@requires("consensus.draft")
def draft_merge(request, pk: int, draft_pk: int):
    consultation = consultation_or_404(request, pk)
    draft = draft_or_404(consultation, draft_pk)
    url = reverse("consensus:draft", args=[pk, draft.pk])
    return form_page(
        request, MergeForm(_data(request), draft=draft),
        save=lambda data: services.draft_merge(
            actor=request.user, target=draft,
            others=list(Draft.objects.filter(consultation=consultation,
                                             pk__in=[int(x) for x in data["drafts"]]))),
        title=_("Merge other drafts into %(ref)s") % {"ref": draft.reference},
        cancel_url=url, success_url=url,
        success_message=_("Merged; those who had taken a position are asked to review it."))


@require_POST
@requires("consensus.position")
def position(request, pk: int, draft_pk: int):
    """The signed-in user states their own position (never anyone else's)."""
    consultation = consultation_or_404(request, pk)
    draft = draft_or_404(consultation, draft_pk)
    form = PositionForm(request.POST)
    if form.is_valid():
        try:
            services.position_state(
                actor=request.user, draft=draft, value=form.cleaned_data["value"],
                argument=form.cleaned_data["argument"],
                stakeholder=consultation_selectors.stakeholder_of(request.user,
                                                                  consultation.liaison_org))
        except ValidationError as exc:
            return refusal(request, consultation, exc.messages, 409)
        messages.success(request, _("Your position on %(ref)s is recorded.")
                         % {"ref": draft.reference})
        return redirect("consensus:draft", pk=pk, draft_pk=draft.pk)
    return render(request, "consensus/draft.html",
                  _draft_context(request, consultation, draft, position_form=form), status=400)


@require_POST
@requires("consensus.decide")
def objection_resolve(request, pk: int, objection_pk: int):
    consultation = consultation_or_404(request, pk)
    objection = objection_or_404(consultation, objection_pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return refusal(request, consultation, _("Say how the objection was resolved."), 400)
    try:
        services.objection_resolve(actor=request.user, objection=objection,
                                   resolution=form.cleaned_data["resolution"])
    except ValidationError as exc:
        return refusal(request, consultation, exc.messages, 409)
    messages.success(request, _("The objection is recorded as resolved."))
    return redirect("consensus:draft", pk=pk, draft_pk=objection.draft_id)


@require_POST
@requires("consultations.view")
def message_post(request, pk: int, draft_pk: int):
    """Post to the draft's discussion thread (who may: see :mod:`liaison.consensus.
    discussion`; others get 403, bad input 400, a closed thread 409; nothing is stored)."""
    consultation = consultation_or_404(request, pk)
    draft = draft_or_404(consultation, draft_pk)
    form = MessageForm(request.POST)
    try:
        discussion.message_post(actor=request.user, draft=draft,
                                text=request.POST.get("text", ""))
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            return refusal(request, consultation, exc.messages, 409)
        form.is_valid()
        for message in exc.message_dict.get("text", exc.messages):
            form.add_error("text", message)
        context = _draft_context(request, consultation, draft, message_form=form)
        if not (context["flags"]["view"] or context["flags"]["position"]):
            raise PermissionDenied from exc
        return render(request, "consensus/draft.html", context, status=400)
    messages.success(request, _("Your message is posted to the discussion of %(ref)s.")
                     % {"ref": draft.reference})
    return redirect(reverse("consensus:draft", args=[pk, draft.pk]) + "#discussion")


@require_POST
@requires("consensus.decide")
def objection_dispute(request, pk: int, objection_pk: int):
    """The objection cannot be overcome: open a dispute about it (appeals app)."""
    consultation = consultation_or_404(request, pk)
    objection = objection_or_404(consultation, objection_pk)
    try:
        dispute = disputes.objection_dispute(actor=request.user, objection=objection)
    except ValidationError as exc:
        return refusal(request, consultation, exc.messages, 409)
    messages.success(request, _("Dispute %(ref)s is opened about the objection; it keeps "
                                "blocking finalization until the dispute is settled.")
                     % {"ref": dispute.reference})
    return redirect("consensus:draft", pk=pk, draft_pk=objection.draft_id)

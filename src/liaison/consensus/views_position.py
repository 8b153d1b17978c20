"""The position as a whole: verdict and pictures, dispositions, finalization, submission,
export, the secretariat's observations, and each stakeholder's outcome page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from liaison.access.decorators import requires
from liaison.consensus import (
    charts,
    coverage,
    export,
    selectors,
    services,
    verdict_sections,
)
from liaison.consensus.evaluation import evaluate_consultation
from liaison.consensus.forms import (
    BulkDispositionForm,
    DispositionForm,
    ObservationsForm,
    PositionCallForm,
)
from liaison.consensus.models import Disposition, Draft
from liaison.consensus.opinions import (
    MIN_PARTICIPANTS,
    cached_opinion_map,
    known_opinion_map,
)
from liaison.consensus.views import _flags, consultation_or_404, drafts_page, refusal
from liaison.consultations import forms_io
from liaison.consultations import selectors as consultation_selectors
from liaison.consultations.models import Comment
from liaison.pages import attach_errors, form_page


@requires("consultations.view")
def verdict(request, pk: int):
    consultation = consultation_or_404(request, pk)
    flags = _flags(request, consultation)
    if not (flags["view"] or flags["position"]):
        raise PermissionDenied
    result = evaluate_consultation(consultation)
    names = dict(selectors.category_names(result.categories))
    drafts = {d.pk: d for d in selectors.drafts_of(consultation).prefetch_related(None)}
    overrides = coverage.shown(consultation)
    items = []
    for d in result.drafts:
        rows = [(_("overall"), d.overall, bool(d.blocking_objections))]
        rows += [(names.get(code, code), tally, code in d.verdict.sustained_opposition)
                 for code, tally in d.by_category.items() if tally.taking_position
                 or tally.abstain]
        items.append({"draft": drafts[d.draft_id], "result": d,
                      "override": overrides.get(d.draft_id),
                      "chart": charts.category_bars(rows, result.rule.opposition_threshold)})
    known, groups = known_opinion_map(consultation.pk, result.matrix)
    return render(request, "consensus/verdict.html", {
        "consultation": consultation, "verdict": result, "flags": flags,
        "sections": [verdict_sections.section(consultation, item) for item in items],
        "opinions_known": known,
        **(_opinions_context(groups, {str(pk): d.reference for pk, d in drafts.items()})
           if known else {})})


def _opinions_context(groups, refs: dict[str, str]) -> dict:
    return {
        "groups": groups, "palette": charts.PALETTE,
        "points": charts.map_points(groups.coords, groups.labels) if groups else [],
        "group_rows": [] if groups is None else [
            {"n": g + 1, "size": groups.sizes[g], "colour": charts.PALETTE[g % 5],
             "representative": [(refs.get(s, s), side) for s, side in groups.representative[g]]
             if g < len(groups.representative) else []} for g in range(groups.k)],
        "min_participants": MIN_PARTICIPANTS}


@requires("consultations.view")
def opinions(request, pk: int):
    """The opinion groups of the verdict page, computed when asked: htmx fetches this section
    as soon as the verdict page is shown; without JavaScript its link opens it as a page."""
    consultation = consultation_or_404(request, pk)
    flags = _flags(request, consultation)
    if not (flags["view"] or flags["position"]):
        raise PermissionDenied
    result = evaluate_consultation(consultation)
    groups = cached_opinion_map(consultation.pk, result.matrix)
    refs = {str(d.pk): d.reference for d in Draft.objects.filter(consultation=consultation)}
    context = {"consultation": consultation, "flags": flags,
               **_opinions_context(groups, refs)}
    return render(request, "consensus/_opinions.html" if request.htmx
                  else "consensus/opinions.html", context)


@requires("consensus.decide")
def dispositions(request, pk: int):
    return _dispositions_page(request, consultation_or_404(request, pk))


def _dispositions_page(request, consultation, failed: tuple[int, DispositionForm] | None = None,
                       status: int = 200, bulk: BulkDispositionForm | None = None,
                       refused: dict[int, list[str]] | None = None,
                       undo_errors: list[str] | None = None):
    """Every input comment with its disposition and a form to change it; ``failed`` (comment
    pk, bound form) re-shows a refused change in its row, its errors next to their fields;
    ``bulk`` re-shows a refused bulk step with what was ticked, ``refused`` (comment pk →
    messages) the reason next to each comment concerned."""
    comments = selectors.dispositions_table(consultation)
    groups = selectors.disposition_groups(consultation)
    if bulk is None:
        bulk = _bulk_form(consultation, None, [c.pk for c in comments], groups)
    ticked = {int(v) for v in bulk.data.getlist("comments") if v.isdigit()} if bulk.is_bound \
        else set()
    ticked_groups = set(bulk.data.getlist("groups")) if bulk.is_bound else set()
    refs = {c.pk: c.reference for c in comments}
    for g in groups:
        g["refs"] = [refs[m] for m in g["members"] if m in refs]
        g["ticked"] = g["key"] in ticked_groups
    refused = refused or {}
    for c in comments:
        d = getattr(c, "disposition", None)
        c.current = {"kind": d.kind if d else "",
                     "draft": d.draft.reference if d and d.draft else "",
                     "reason": d.reason if d else ""}
        c.errors = {}
        c.ticked = c.pk in ticked
        c.bulk_error = " ".join(refused.get(c.pk, []))
        if failed is not None and failed[0] == c.pk:
            form = failed[1]
            c.current = {"kind": form.data.get("kind", ""),
                         "draft": form.data.get("draft") or "",
                         "reason": form.data.get("reason", "")}
            c.errors = {"form" if name == "__all__" else name: " ".join(errors)
                        for name, errors in form.errors.items()}
    missing = sum(1 for c in comments if not hasattr(c, "disposition"))
    return render(request, "consensus/dispositions.html", {
        "consultation": consultation, "comments": comments, "missing": missing,
        "form": DispositionForm(consultation=consultation), "flags": _flags(request,
                                                                            consultation),
        "bulk": bulk, "groups": groups, "undo_errors": undo_errors or [],
        "drafts": list(bulk.fields["draft"].queryset),
        "last_bulk": services.last_bulk(consultation),
        "no_draft": Disposition.NO_DRAFT,
        "blocking": services.missing_for_finalization(consultation)}, status=status)


def _bulk_form(consultation, data, comment_pks, groups) -> BulkDispositionForm:
    return BulkDispositionForm(data, consultation=consultation, comment_pks=comment_pks,
                               groups=groups)


@require_POST
@requires("consensus.decide")
def dispositions_bulk(request, pk: int):
    """One disposition for every comment ticked (and every member of a group ticked), all or
    nothing: a refusal re-shows the page (400) with what was ticked and typed, the reason next
    to each comment concerned; a state that forbids it is a 409 refusal."""
    consultation = consultation_or_404(request, pk)
    pks = list(Comment.objects.filter(consultation=consultation,
                                      status=Comment.Status.SUBMITTED)
               .values_list("pk", flat=True))
    form = _bulk_form(consultation, request.POST, pks,
                      selectors.disposition_groups(consultation))
    refused = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.dispositions_set_bulk(
                actor=request.user, kind=data["kind"], draft=data["draft"],
                reason=data["reason"],
                comments=selectors.input_comments(consultation, data["chosen"]))
        except services.BulkRefused as exc:
            refused = exc.by_comment
            form.add_error(None, ngettext(
                "Nothing was recorded: %(n)s comment cannot take this disposition (see its "
                "row).", "Nothing was recorded: %(n)s comments cannot take this disposition "
                "(see their rows).", len(refused)) % {"n": len(refused)})
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                return refusal(request, consultation, exc.messages, 409)
            attach_errors(form, exc)
        else:
            messages.success(request, ngettext(
                "Disposition recorded for %(n)s comment.",
                "Disposition recorded for %(n)s comments.", len(batch.entries))
                % {"n": len(batch.entries)})
            return redirect("consensus:dispositions", pk=pk)
    return _dispositions_page(request, consultation, bulk=form, refused=refused, status=400)


@require_POST
@requires("consensus.decide")
def dispositions_undo(request, pk: int):
    """Undo the last bulk step; a refusal is shown on the dispositions page (409)."""
    consultation = consultation_or_404(request, pk)
    try:
        batch = services.dispositions_undo_last_bulk(actor=request.user,
                                                     consultation=consultation)
    except ValidationError as exc:
        return _dispositions_page(request, consultation, undo_errors=exc.messages, status=409)
    messages.success(request, ngettext(
        "The last bulk step was undone: %(n)s comment has its former disposition again.",
        "The last bulk step was undone: %(n)s comments have their former disposition again.",
        len(batch.entries)) % {"n": len(batch.entries)})
    return redirect("consensus:dispositions", pk=pk)


@require_POST
@requires("consensus.decide")
def disposition_set(request, pk: int, comment_pk: int):
    """A refused change re-shows the page with the error in the comment's row (400), or the
    refusal (409) when the consultation's state forbids it; nothing is stored."""
    consultation = consultation_or_404(request, pk)
    try:
        comment = selectors.input_comment(consultation, comment_pk)
    except Comment.DoesNotExist as exc:
        raise Http404 from exc
    form = DispositionForm(request.POST, consultation=consultation)
    if form.is_valid():
        try:
            services.disposition_set(actor=request.user, comment=comment, **form.cleaned_data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                return refusal(request, consultation, exc.messages, 409)
            attach_errors(form, exc)
        else:
            messages.success(request, _("Disposition of %(ref)s recorded.")
                             % {"ref": comment.reference})
            return redirect(reverse("consensus:dispositions", args=[pk]) + f"#c{comment.pk}")
    return _dispositions_page(request, consultation, (comment.pk, form), status=400)


@require_POST
@requires("consensus.decide")
def finalize(request, pk: int):
    consultation = consultation_or_404(request, pk)
    try:
        services.position_finalize(actor=request.user, consultation=consultation)
    except services.FinalizationBlocked as exc:  # what is missing, on the drafts page
        return drafts_page(request, consultation, _flags(request, consultation),
                           refused=exc.messages, status=409)
    except ValidationError as exc:
        return refusal(request, consultation, exc.messages, 409)
    messages.success(request, _("The position is finalized. Any further edit needs a "
                                "recorded political or legal reason."))
    return redirect("consensus:drafts", pk=pk)


@requires("consensus.decide")
def positions_call(request, pk: int):
    """Ask for positions on the drafts until a closing date (everyone concerned is told)."""
    consultation = consultation_or_404(request, pk)
    call = getattr(consultation, "position_call", None)
    form = PositionCallForm(request.POST or None,
                            initial={"closes_at": call.closes_at} if call else None)
    return form_page(
        request, form, title=_("Ask for positions: %(title)s") % {"title": consultation.title},
        save=lambda data: services.positions_call(actor=request.user, consultation=consultation,
                                                  closes_at=data["closes_at"]),
        success_url=reverse("consensus:drafts", args=[pk]),
        success_message=_("Everyone concerned was told that the drafts await their positions."),
        cancel_url=reverse("consensus:drafts", args=[pk]))


@require_POST
@requires("consensus.decide")
def reopen(request, pk: int):
    consultation = consultation_or_404(request, pk)
    try:
        services.position_reopen(actor=request.user, consultation=consultation)
    except ValidationError as exc:
        return refusal(request, consultation, exc.messages, 409)
    messages.success(request, _("The position is open for drafting again."))
    return redirect("consensus:drafts", pk=pk)


@require_POST
@requires("consensus.decide")
def submit(request, pk: int):
    consultation = consultation_or_404(request, pk)
    try:
        submission = services.position_submit(actor=request.user, consultation=consultation)
    except services.FinalizationBlocked as exc:
        return drafts_page(request, consultation, _flags(request, consultation),
                           refused=exc.messages, status=409)
    except ValidationError as exc:
        return refusal(request, consultation, exc.messages, 409)
    messages.success(request, _("The position was submitted (.docx SHA-256 %(sha)s); everyone "
                                "who took part is told.") % {"sha": submission.docx_sha256})
    return redirect("consensus:drafts", pk=pk)


@requires("consensus.view")
def export_file(request, pk: int, fmt: str):
    """The submitted file itself once submitted; before that, the current drafts."""
    consultation = consultation_or_404(request, pk)
    if fmt not in export.FORMATS:
        raise Http404
    submission = selectors.latest_submission(consultation)
    if submission is not None:
        data = bytes(getattr(submission, fmt))
    else:
        files = export.position_files(consultation, selectors.drafts_of(consultation),
                                      coverage.overrides_in_force(consultation))
        data = files[fmt][0]
    response = HttpResponse(data, content_type=export.FORMATS[fmt][1])
    response["Content-Disposition"] = (
        f'attachment; filename="{export.filename(consultation, fmt)}"')
    return response


@requires("consensus.decide")
def observations(request, pk: int):
    consultation = consultation_or_404(request, pk)
    url = reverse("consensus:drafts", args=[pk])

    def save(data):
        upload = data["file"]
        parsed = forms_io.parse_upload(upload.read(), upload.name)
        return services.observations_import(
            actor=request.user, consultation=consultation, rows=parsed.form.rows,
            filename=parsed.filename, sha256=parsed.sha256)

    return form_page(
        request, ObservationsForm(request.POST or None, request.FILES or None), save=save,
        title=_("Import the secretariat's observations"), cancel_url=url, success_url=url,
        template="consensus/observations.html", context={"consultation": consultation},
        success_message=_("Observations imported and passed on to the commenters."))


@requires("consensus.position")
def outcome(request, pk: int):
    """What became of each of the signed-in stakeholder's comments."""
    consultation = consultation_or_404(request, pk)
    me = consultation_selectors.stakeholder_of(request.user, consultation.liaison_org)
    return render(request, "consensus/outcome.html", {
        "consultation": consultation, "me": me,
        "items": selectors.outcome_of(me, consultation),
        "overrides": coverage.shown(consultation),
        "final": consultation.state in services.AFTER_FINALIZATION,
        "drafts_url": reverse("consensus:drafts", args=[pk]),
        "Draft": Draft})

"""Consultation and comment pages: thin views over forms, services and selectors.

Another organization's consultation, or someone else's comment, is a 404. A refused write
(deadline passed, closed consultation, stale edit, bad file, a window change without its
reason) answers 4xx with a clear message and stores nothing. Opening, closing, moving the
deadline and reopening are pages that say what happens and ask for the reason, never one
click.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.access.decorators import requires
from liaison.access.rules import can
from liaison.audit.selectors import events_for
from liaison.consultations import drafts, forms_io, selectors, services
from liaison.consultations.admission import admission, deadline_text, edit_admission
from liaison.consultations.forms import (
    CloseForm,
    CommentForm,
    ConsultationForm,
    DraftUploadForm,
    OpenWithoutNoticeForm,
    PlacedCommentForm,
    UploadForm,
    WindowForm,
)
from liaison.consultations.models import Comment, Consultation, DraftDocument
from liaison.notices.selectors import opening_announcement
from liaison.pages import form_page
from liaison.projects.models import Project
from liaison.projects.selectors import project_of


def _data(request):
    return request.POST if request.method == "POST" else None


def _project(request, pk: int) -> Project:
    try:
        return project_of(request.liaison_org, pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc


def _consultation(request, pk: int) -> Consultation:
    try:
        return selectors.consultation_of(request.liaison_org, pk)
    except Consultation.DoesNotExist as exc:
        raise Http404 from exc


def _refusal(request, consultation, message: str, status: int) -> HttpResponse:
    return render(request, "consultations/refused.html",
                  {"consultation": consultation, "message": message}, status=status)


def _no_profile(request, consultation) -> HttpResponse:
    return _refusal(request, consultation, _(
        "Your account is not linked to a stakeholder profile in %(org)s, so you cannot comment "
        "yet. Ask the coordinator to link your account to your stakeholder profile.")
        % {"org": request.liaison_org}, 403)


@requires("consultations.view")
def consultation_list(request):
    return render(request, "consultations/list.html", {
        "consultations": selectors.consultations_of(request.liaison_org)
        .select_related("project"), "project": None})


@requires("consultations.view")
def project_consultations(request, project_pk: int):
    project = _project(request, project_pk)
    return render(request, "consultations/list.html", {
        "consultations": selectors.consultations_of(request.liaison_org).filter(
            project=project), "project": project})


@requires("consultations.manage")
def consultation_new(request, project_pk: int):
    project = _project(request, project_pk)
    org = request.liaison_org
    return form_page(
        request, ConsultationForm(_data(request), project=project),
        save=lambda data: services.consultation_create(actor=request.user, liaison_org=org,
                                                       project=project, **data),
        title=_("New consultation on %(ref)s") % {"ref": project.reference},
        cancel_url=reverse("consultations:project", args=[project.pk]),
        success_url=lambda c: reverse("consultations:detail", args=[c.pk]),
        success_message=_("Consultation saved as a draft; open it to take comments."))


@requires("consultations.manage")
def consultation_edit(request, pk: int):
    consultation = _consultation(request, pk)
    url = reverse("consultations:detail", args=[pk])
    return form_page(
        request, ConsultationForm(_data(request), instance=consultation,
                                  project=consultation.project),
        save=lambda data: services.consultation_update(actor=request.user,
                                                       consultation=consultation, **data),
        title=_("Edit %(title)s") % {"title": consultation.title}, cancel_url=url,
        success_url=url, success_message=_("Consultation saved."))


@requires("consultations.view")
def consultation_detail(request, pk: int):
    consultation = _consultation(request, pk)
    me = selectors.stakeholder_of(request.user, consultation.liaison_org)
    comments = list(selectors.visible_comments(request.user, consultation))
    manage = can(request.user, "consultations.manage", consultation.liaison_org)
    own = [c for c in comments if me is not None and c.author_id == me.pk]
    for comment in own:
        comment.consultation = consultation
        comment.editable = edit_admission(comment).allowed
    return render(request, "consultations/detail.html", {
        "consultation": consultation,
        "deadline": deadline_text(consultation),
        "admission": admission(consultation),
        "me": me,
        "own": own,
        "others": [c for c in comments if me is None or c.author_id != me.pk],
        "sees_all": selectors.sees_all_submitted(request.user, consultation),
        "manage": manage,
        "draft": selectors.current_draft(consultation),
        "events": events_for(consultation).order_by("-seq").prefetch_related(
            "actor__stakeholder_profiles")[:20] if manage else [],
        "announcement": opening_announcement(consultation)
        if can(request.user, "notices.report", consultation.liaison_org) else None,
    })


def _window_page(request, consultation: Consultation, form, *, save, title: str, intro: str,
                 submit_label: str, done: str) -> HttpResponse:
    """A change of the consultation's state or input window: a page that states what it does
    and asks for what the service needs (a reason, a deadline); a refusal is shown on it
    (400) and changes nothing."""
    url = reverse("consultations:detail", args=[consultation.pk])
    return form_page(request, form, save=save, title=title, success_url=url,
                     success_message=done, cancel_url=url,
                     context={"intro": intro, "submit_label": submit_label,
                              "consultation": consultation})


@requires("consultations.manage")
def consultation_open(request, pk: int):
    """Open a draft without announcing it (the main action announces: notices)."""
    consultation = _consultation(request, pk)
    return _window_page(
        request, consultation, OpenWithoutNoticeForm(_data(request)),
        save=lambda data: services.consultation_open(
            actor=request.user, consultation=consultation,
            without_notice_reason=data["without_notice_reason"]),
        title=_("Open “%(title)s” without notice") % {"title": consultation.title},
        intro=_("Nobody is told: stakeholders learn of this consultation only if they find "
                "it. A consultation normally opens by being announced to every matching "
                "stakeholder. Give the reason it is opened without notice; it is recorded."),
        submit_label=_("Open without notice"),
        done=_("The consultation is open for comments; nobody was told."))


@requires("consultations.manage")
def consultation_close(request, pk: int):
    """Close: a confirmation page stating the announced deadline; before it, a reason."""
    consultation = _consultation(request, pk)
    if consultation.deadline_passed():
        intro = _("The announced deadline (%(deadline)s) has passed: closing freezes the "
                  "comments.") % {"deadline": deadline_text(consultation)}
    else:
        intro = _("The announced deadline is %(deadline)s. Closing now ends input before it: "
                  "give the reason; it is recorded and told to every stakeholder who was "
                  "told of this consultation.") % {"deadline": deadline_text(consultation)}
    return _window_page(
        request, consultation, CloseForm(_data(request)),
        save=lambda data: services.consultation_close(
            actor=request.user, consultation=consultation, reason=data["reason"]),
        title=_("Close “%(title)s”") % {"title": consultation.title}, intro=intro,
        submit_label=_("Close the consultation"),
        done=_("The consultation is closed; its comments are frozen."))


@requires("consultations.manage")
def consultation_extend(request, pk: int):
    consultation = _consultation(request, pk)
    return _window_page(
        request, consultation, WindowForm(_data(request)),
        save=lambda data: services.consultation_extend(
            actor=request.user, consultation=consultation, deadline=data["deadline"],
            reason=data["reason"]),
        title=_("Change the deadline of “%(title)s”") % {"title": consultation.title},
        intro=_("The announced deadline is %(deadline)s. The new one and its reason are told "
                "to every stakeholder who was told of this consultation.")
        % {"deadline": deadline_text(consultation)},
        submit_label=_("Change the deadline and tell everyone"),
        done=_("The deadline was changed and everyone told was notified."))


@requires("consultations.manage")
def consultation_reopen(request, pk: int):
    consultation = _consultation(request, pk)
    return _window_page(
        request, consultation, WindowForm(_data(request)),
        save=lambda data: services.consultation_reopen(
            actor=request.user, consultation=consultation, deadline=data["deadline"],
            reason=data["reason"]),
        title=_("Reopen “%(title)s”") % {"title": consultation.title},
        intro=_("Input is taken again until the new deadline. It and the reason are told to "
                "every stakeholder who was told of this consultation."),
        submit_label=_("Reopen and tell everyone"),
        done=_("The consultation is open again and everyone told was notified."))


def _place(request, consultation: Consultation) -> drafts.DraftPlace | None:
    """The passage a new comment is placed on (query string, or the form's hidden fields on
    saving), looked up in the stored draft; None when the comment is not placed. A place
    that is not in this consultation's draft is a 404."""
    source = request.POST if request.method == "POST" else request.GET
    prefix = "place_" if request.method == "POST" else ""
    raw = {k: source.get(prefix + k) for k in ("draft", "clause", "index")}
    if not raw["draft"]:
        return None
    try:
        draft = selectors.draft_of(consultation, int(raw["draft"]))
        return drafts.place_in(draft, raw["clause"] or "", int(raw["index"] or ""))
    except (DraftDocument.DoesNotExist, LookupError, ValueError) as exc:
        raise Http404(drafts.refused_place_message()) from exc


@requires("comments.write")
def comment_new(request, pk: int):
    try:
        consultation = selectors.consultation_for_input(request.liaison_org, pk)
    except Consultation.DoesNotExist as exc:
        raise Http404 from exc
    me = selectors.stakeholder_of(request.user, consultation.liaison_org)
    if me is None:
        return _no_profile(request, consultation)
    decision = admission(consultation)
    if not decision.allowed:
        return _refusal(request, consultation, decision.reason, 409 if request.method == "POST"
                        else 403)
    place = _place(request, consultation)
    url = reverse("consultations:detail", args=[pk])
    initial = {"mb": services.default_mb(consultation)}
    form_class = CommentForm
    if place is not None:
        form_class = PlacedCommentForm
        initial.update(place.prefill(), place_draft=place.draft.pk, place_clause=place.clause,
                       place_index=place.index)
    return form_page(
        request, form_class(_data(request), initial=initial),
        save=lambda data: services.comment_create(
            actor=request.user, consultation=consultation, author=me,
            submit=request.POST.get("action") == "submit", place=place,
            **{k: v for k, v in data.items() if k != "version" and not k.startswith("place_")}),
        title=_("New comment on %(title)s") % {"title": consultation.title},
        cancel_url=url, success_url=url, template="consultations/comment_form.html",
        success_message=_("Comment saved."), context={"consultation": consultation,
                                                      "late": decision.late, "place": place})


@requires("comments.write")
def comment_edit(request, pk: int, comment_pk: int):
    consultation = _consultation(request, pk)
    try:
        comment = selectors.own_comment(request.user, consultation, comment_pk)
    except Comment.DoesNotExist as exc:
        raise Http404 from exc
    decision = edit_admission(comment)
    if not decision.allowed:
        return _refusal(request, consultation, decision.reason,
                        409 if request.method == "POST" else 403)
    url = reverse("consultations:detail", args=[pk])
    form = CommentForm(_data(request), instance=comment, initial={"version": comment.version})
    context = {"consultation": consultation, "comment": comment, "late": decision.late}

    def save(data):
        try:
            return services.comment_update(
                actor=request.user, comment=comment, version=data.get("version") or 0,
                changes={k: v for k, v in data.items() if k != "version"},
                submit=request.POST.get("action") == "submit")
        except services.CommentConflict as exc:
            # Keep the editor's text; let the next save start from the current version.
            context["conflict"] = exc.current
            form.data = form.data.copy()
            form.data["version"] = str(exc.current.version)
            raise

    return form_page(
        request, form, save=save,
        title=_("Edit comment %(ref)s") % {"ref": comment.reference},
        cancel_url=url, success_url=url, template="consultations/comment_form.html",
        success_message=_("Comment saved."), context=context)


@requires("comments.write")
def comments_upload(request, pk: int):
    """Upload a filled ISO form: a stakeholder's own comments, or (coordinators) comments
    received from a stakeholder or from the organization itself."""
    consultation = _consultation(request, pk)
    org = consultation.liaison_org
    on_behalf = can(request.user, "consultations.manage", org)
    me = selectors.stakeholder_of(request.user, org)
    if me is None and not on_behalf:
        return _no_profile(request, consultation)
    url = reverse("consultations:detail", args=[pk])

    def save(data):
        upload = data["file"]
        parsed = forms_io.parse_upload(upload.read(), upload.name)
        if on_behalf:
            author, channel = data.get("stakeholder"), data.get("channel")
        else:
            author, channel = me, Comment.Channel.UPLOAD
        return services.comments_import(
            actor=request.user, consultation=consultation, rows=parsed.form.rows,
            filename=parsed.filename, sha256=parsed.sha256, author=author, channel=channel,
            submit=data.get("submit", False) or on_behalf, keep_observations=on_behalf)

    return form_page(
        request, UploadForm(_data(request), request.FILES or None, liaison_org=org,
                            on_behalf=on_behalf),
        save=save, title=_("Upload an ISO comment form"), cancel_url=url, success_url=url,
        template="consultations/upload.html",
        success_message=_("The form was accepted: its comments are listed below."),
        context={"consultation": consultation,
                 "max_bytes": forms_io.upload_limits().max_bytes})


@requires("comments.export")
def comments_export(request, pk: int, fmt: str):
    consultation = _consultation(request, pk)
    if fmt not in forms_io.EXPORT_FORMATS:
        raise Http404
    response = HttpResponse(forms_io.export_bytes(consultation, fmt),
                            content_type=forms_io.EXPORT_FORMATS[fmt][1])
    response["Content-Disposition"] = (
        f'attachment; filename="{forms_io.export_filename(consultation, fmt)}"')
    return response


@requires("consultations.manage")
def draft_attach(request, pk: int):
    """Attach the draft under consultation; a refused file is shown on the page (400) and
    nothing is stored."""
    consultation = _consultation(request, pk)
    url = reverse("consultations:detail", args=[pk])

    def save(data):
        upload = data["file"]
        return services.draft_attach(actor=request.user, consultation=consultation,
                                     data=upload.read(), filename=upload.name)

    return form_page(
        request, DraftUploadForm(_data(request), request.FILES or None), save=save,
        title=_("Attach the draft"), cancel_url=url,
        success_url=lambda d: reverse("consultations:draft", args=[pk]),
        template="consultations/draft_attach.html",
        success_message=_("The draft was read: its outline is below."),
        context={"consultation": consultation,
                 "max_bytes": forms_io.upload_limits().max_bytes})


@requires("consultations.view")
def draft_outline(request, pk: int):
    """The current draft clause by clause, each paragraph, table and figure with its lines and
    a link that opens the comment form on it."""
    consultation = _consultation(request, pk)
    draft = selectors.current_draft(consultation)
    if draft is None:
        raise Http404
    me = selectors.stakeholder_of(request.user, consultation.liaison_org)
    return render(request, "consultations/draft_outline.html", {
        "consultation": consultation, "draft": draft,
        "structure": drafts.structure_of(draft),
        "can_comment": me is not None and admission(consultation).allowed})


@requires("consultations.view")
def draft_download(request, pk: int, draft_pk: int):
    """The draft's original file, byte for byte as attached."""
    consultation = _consultation(request, pk)
    try:
        draft = selectors.draft_file(consultation, draft_pk)
    except DraftDocument.DoesNotExist as exc:
        raise Http404 from exc
    kind = ("application/pdf" if draft.format == DraftDocument.Format.PDF else
            forms_io.EXPORT_FORMATS["docx"][1])
    response = HttpResponse(bytes(draft.content), content_type=kind)
    name = "".join(ch if ch.isalnum() or ch in "._-" else "-" for ch in draft.filename)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

"""Notice pages: announce (preview, then send), announcements and their delivery log, the
equal-access report (page and CSV), and the signed-in stakeholder's own notices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from liaison.access.decorators import requires
from liaison.consultations.models import Consultation
from liaison.notices import report as equal_access
from liaison.notices import selectors, services
from liaison.notices.audience import audience
from liaison.notices.deadlines import suggested_deadline
from liaison.notices.forms import AnnounceForm
from liaison.notices.models import Announcement, Notice
from liaison.pages import form_page
from liaison.projects.models import Project

PREVIEW_LIMIT = 500


def _data(request):
    return request.POST if request.method == "POST" else None


def _project(request, pk: int) -> Project:
    try:
        return Project.objects.get(liaison_org=request.liaison_org, pk=pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc


def _consultation(request, pk: int) -> Consultation:
    try:
        return Consultation.objects.select_related("project", "ballot", "document").get(
            liaison_org=request.liaison_org, pk=pk)
    except Consultation.DoesNotExist as exc:
        raise Http404 from exc


def _announce(request, form: AnnounceForm, *, project: Project, title: str, save,
              context: dict):
    """GET: the form. POST without ``send``: the preview. POST with ``send``: the service."""
    context = {**context, "project": project, "template_title": title}
    if request.method == "POST" and "send" not in request.POST:
        if not form.is_valid():
            return render(request, "notices/announce.html",
                          {"form": form, "title": title, **context}, status=400)
        found = audience(project, form.criteria())
        data = request.POST.copy()
        data["fingerprint"] = found.fingerprint()
        form = AnnounceForm(data, project=project, with_deadline="deadline" in form.fields)
        form.is_valid()
        return render(request, "notices/announce.html", {
            "form": form, "title": title, "audience": found,
            "shown": found.members[:PREVIEW_LIMIT], **context})
    return form_page(request, form, save=save, title=title, template="notices/announce.html",
                     success_url=lambda a: reverse("notices:announcement", args=[a.pk]),
                     success_message=lambda a: ngettext(
                         "Queued for %(n)s stakeholder: told in the app now; the e-mail is "
                         "being sent, and this page shows its delivery.",
                         "Queued for %(n)s stakeholders: told in the app now; the e-mails are "
                         "being sent, and this page shows their delivery.",
                         a.recipient_count) % {"n": a.recipient_count},
                     cancel_url=context.get("cancel_url", ""), context=context)


@requires("notices.announce")
def announce_project(request, pk: int):
    project = _project(request, pk)
    form = AnnounceForm(_data(request), project=project, initial={
        "subject": f"{project.reference} — {project.title}"[:200],
        "documents": list(project.documents.values_list("pk", flat=True))})
    return _announce(
        request, form, project=project,
        title=_("Announce %(ref)s") % {"ref": project.reference},
        context={"cancel_url": reverse("projects:detail", args=[pk])},
        save=lambda data: services.announcement_send(
            actor=request.user, project=project, criteria=form.criteria(),
            subject=data["subject"], message=data["message"], documents=data["documents"],
            deadline=data.get("deadline"), expected_fingerprint=data["fingerprint"]))


@requires("notices.announce")
def announce_consultation(request, pk: int):
    consultation = _consultation(request, pk)
    project = consultation.project
    form = AnnounceForm(_data(request), project=project, with_deadline=False, initial={
        "subject": f"{consultation.title} ({project.reference})"[:200],
        "message": consultation.instructions,
        "documents": [consultation.document_id] if consultation.document_id else []})
    return _announce(
        request, form, project=project,
        title=_("Open and announce “%(title)s”") % {"title": consultation.title},
        context={"consultation": consultation,
                 "cancel_url": reverse("consultations:detail", args=[pk]),
                 "suggested": suggested_deadline(consultation.ballot)
                 if consultation.ballot_id else None},
        save=lambda data: services.consultation_announce(
            actor=request.user, consultation=consultation, criteria=form.criteria(),
            subject=data["subject"], message=data["message"], documents=data["documents"],
            expected_fingerprint=data["fingerprint"]))


@requires("notices.report")
def announcement_list(request):
    return render(request, "notices/list.html", {
        "announcements": selectors.announcements_of(request.liaison_org)[:200],
        "drafts": Consultation.objects.filter(liaison_org=request.liaison_org,
                                              state="draft").select_related("project"),
    })


@requires("notices.report")
def announcement_detail(request, pk: int, *, status: int = 200):
    try:
        announcement = selectors.announcement_of(request.liaison_org, pk)
    except Announcement.DoesNotExist as exc:
        raise Http404 from exc
    progress = selectors.delivery_progress(announcement)
    if request.htmx and request.GET.get("part") == "progress":  # the page polls while sending
        return render(request, "notices/announcement.html#progress",
                      {"announcement": announcement, "progress": progress})
    notices = (announcement.notices.filter(channel=Notice.Channel.EMAIL)
               .select_related("stakeholder").order_by("stakeholder__name"))
    return render(request, "notices/announcement.html", {
        "announcement": announcement, "counts": selectors.delivery_counts(announcement),
        "progress": progress, "notices": notices[:PREVIEW_LIMIT], "n_notices": notices.count(),
    }, status=status)


@require_POST
@requires("notices.announce")
def announcement_retry(request, pk: int):
    """"Retry now": the announcement's e-mails waiting for their next try are tried now."""
    try:
        announcement = selectors.announcement_of(request.liaison_org, pk)
    except Announcement.DoesNotExist as exc:
        raise Http404 from exc
    try:
        n = services.notices_retry_now(actor=request.user, announcement=announcement)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return announcement_detail(request, pk, status=409)
    messages.success(request, ngettext(
        "Trying again now: %(n)s e-mail.", "Trying again now: %(n)s e-mails.", n) % {"n": n})
    return redirect("notices:announcement", pk)


@requires("notices.report")
def consultation_report(request, pk: int):
    consultation = _consultation(request, pk)
    return render(request, "notices/report.html",
                  {"consultation": consultation, "report": equal_access.equal_access(
                      consultation)})


@requires("notices.report")
def consultation_report_csv(request, pk: int):
    consultation = _consultation(request, pk)
    body = equal_access.as_csv(equal_access.equal_access(consultation))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="equal-access-consultation-{consultation.pk}.csv"')
    return response


@login_required
def inbox(request):
    return render(request, "notices/inbox.html",
                  {"notices": selectors.own_notices(request.user)[:200]})


@login_required
def inbox_detail(request, pk: int):
    try:
        notice = selectors.own_notice(request.user, pk)
    except Notice.DoesNotExist as exc:
        raise Http404 from exc
    from liaison.notices.links import respond_path

    return render(request, "notices/inbox_detail.html", {
        "notice": notice, "announcement": notice.announcement,
        "respond_url": respond_path(notice.announcement)})


@login_required
@require_POST
def inbox_read(request, pk: int):
    try:
        notice = selectors.own_notice(request.user, pk)
    except Notice.DoesNotExist as exc:
        raise Http404 from exc
    services.notice_mark_read(actor=request.user, notice=notice)
    return redirect("notices:inbox")

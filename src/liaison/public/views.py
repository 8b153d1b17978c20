"""Public pages: anyone may read them, no sign-in. Every page links the Atom and iCalendar
feeds with ``<link rel="alternate">`` (``public/base.html``)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from liaison.projects.models import Project
from liaison.public import selectors
from liaison.public.models import NewsItem


def home(request):
    """The public front page: what the organization works on, open consultations, news."""
    return render(request, "public/home.html", {
        "projects": selectors.public_projects(),
        "consultations": selectors.open_consultations(),
        "news": selectors.published_news()[:5],
    })


def project(request, pk: int):
    """One public project: documents, ballots, consultations and deadlines, news."""
    try:
        item = selectors.public_project(pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "public/project.html", {
        "project": item,
        "documents": item.documents.all(),
        "ballots": item.ballots.all(),
        "consultations": selectors.public_consultations().filter(project=item),
        "submitted": selectors.submitted_positions(item),
        "news": selectors.published_news().filter(project=item),
    })


def news(request):
    return render(request, "public/news.html", {"items": selectors.published_news()[:100]})


def news_item(request, pk: int):
    try:
        item = selectors.published_news().get(pk=pk)
    except NewsItem.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "public/news_item.html", {"item": item})


def outreach(request):
    """The published outreach log: what was announced, when, to how many."""
    return render(request, "public/outreach.html", {"entries": selectors.outreach_log()})


def deadlines(request):
    return render(request, "public/deadlines.html", {"deadlines": selectors.deadlines()})

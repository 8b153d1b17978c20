"""The coordinator's news desk: list and write the public site's news items (signed in;
routed under ``/involvement/news/``, see that app's urls)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.access.decorators import requires
from liaison.pages import form_page
from liaison.public import selectors, services
from liaison.public.forms import NewsItemForm


@requires("news.write")
def news_list(request):
    return render(request, "public/desk_list.html",
                  {"items": selectors.news_of(request.liaison_org), "now": timezone.now()})


@requires("news.write")
def news_new(request):
    org = request.liaison_org
    return form_page(
        request, NewsItemForm(request.POST if request.method == "POST" else None,
                              liaison_org=org),
        save=lambda data: services.news_publish(actor=request.user, liaison_org=org, **data),
        title=_("Write a news item"), cancel_url=reverse("involvement:news"),
        success_url=reverse("involvement:news"), success_message=_("News item saved."),
    )

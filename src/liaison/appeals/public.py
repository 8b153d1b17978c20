"""Public outcome pages (no sign-in) and their Atom feed.

Published: decided appeals (and closed ones that were decided) of every organization. What
is shown (docs/appeals.md): the organization, the kind and number of the decision appealed
against, the appellant as an organization's name or a role — never a person's name — the
summary of the grounds, the dates, the outcome and the panel's reasons. Not shown: the full
grounds, who the appellant or the panel members are, the notices. Any other appeal is a 404.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from liaison.appeals import selectors
from liaison.appeals.models import Appeal


def outcomes(request):
    return render(request, "appeals/public_list.html",
                  {"appeals": selectors.published_appeals()[:200]})


def outcome(request, pk: int):
    try:
        appeal = selectors.published_appeals().get(pk=pk)
    except Appeal.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "appeals/public_detail.html", {"appeal": appeal})


class OutcomesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Appeal outcomes")
    subtitle = _("Appeals decided by the organizations' appeals panels, with their reasons.")

    def link(self) -> str:
        return reverse("appeals:outcomes")

    def items(self):
        return selectors.published_appeals()[:100]

    def item_title(self, item: Appeal) -> str:
        return f"{item.liaison_org}: {item.reference} {item.get_outcome_display()}"

    def item_description(self, item: Appeal) -> str:
        return f"{item.subject_public} — {item.summary}\n\n{item.reasons}"

    def item_link(self, item: Appeal) -> str:
        return reverse("appeals:outcome", args=[item.pk])

    def item_guid(self, item: Appeal) -> str:
        return f"tag:liaison,2026:appeal-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Appeal) -> dt.datetime:
        return item.decided_at

    def item_updateddate(self, item: Appeal) -> dt.datetime:
        return item.decided_at

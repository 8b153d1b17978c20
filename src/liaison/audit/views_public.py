"""What anyone may fetch to check the organization's proof (no sign-in):

* ``/.well-known/liaison-signing-key``: the public signing keys, current and retired (JSON),
  for ``liaison audit verify --pack FILE --key`` and ``--against``;
* ``/proof/heads/``: the daily chain heads, signed, with their JSON (``heads.json``, one
  statement per day) and an Atom feed, so copies are kept outside the database.
"""

from __future__ import annotations

import datetime as dt
import json

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.audit.keys import published_keys
from liaison.audit.models import PublishedHead

RECENT = 100


def signing_keys(request) -> JsonResponse:
    return JsonResponse({
        "keys": published_keys(),
        "note": "Ed25519 public keys (base64 of the raw 32 bytes) that sign this "
                "organization's evidence packs and daily chain heads; retired keys stay "
                "listed so older signatures still verify.",
        "heads": request.build_absolute_uri(reverse("proof:heads")),
    }, json_dumps_params={"indent": 2})


def heads(request):
    return render(request, "audit/heads.html", {
        "heads": PublishedHead.objects.all()[:RECENT], "keys": published_keys()})


def heads_json(request) -> HttpResponse:
    documents = [h.document for h in PublishedHead.objects.all()[:RECENT]]
    return JsonResponse({"heads": documents}, json_dumps_params={"indent": 2})


def head_json(request, date: str) -> HttpResponse:
    published = PublishedHead.objects.filter(date=date).first() if _is_date(date) else None
    if published is None:
        raise Http404
    response = HttpResponse(json.dumps(published.document, indent=2) + "\n",
                            content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="chain-head-{date}.json"'
    return response


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class HeadsFeed(Feed):
    """One entry per published head; its content is the signed statement itself."""

    feed_type = Atom1Feed
    title = gettext_lazy("Audit chain heads")
    subtitle = gettext_lazy("Once a day, the head of our audit trail, signed: keep a copy "
                            "to be able to show later that no record was rewritten.")

    def link(self) -> str:
        return reverse("proof:heads")

    def items(self):
        return PublishedHead.objects.all()[:RECENT]

    def item_title(self, item: PublishedHead) -> str:
        return _("Chain head of %(date)s: event %(count)s") % {"date": item.date,
                                                                "count": item.count}

    def item_description(self, item: PublishedHead) -> str:
        return json.dumps(item.document, sort_keys=True)

    def item_link(self, item: PublishedHead) -> str:
        return reverse("proof:head", args=[item.date.isoformat()])

    def item_guid(self, item: PublishedHead) -> str:
        return f"tag:liaison,2026:chain-head-{item.date.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: PublishedHead):
        return item.published_at

    def item_updateddate(self, item: PublishedHead):
        return item.published_at

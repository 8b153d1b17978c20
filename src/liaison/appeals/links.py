"""The link other apps put next to a decision: ``/appeals/new/?type=<app_label.model>&id=<pk>``.

In Python: ``appeal_url(obj)``; in a template: ``{% load appeals %}{% appeal_link obj %}``
(renders "Appeal this decision", or nothing for a viewer who may not file appeals).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import models
from django.urls import reverse


def appeal_url(obj: models.Model) -> str:
    return reverse("appeals:new") + "?" + urlencode({"type": obj._meta.label_lower,
                                                     "id": obj.pk})

"""Built-in participants-of hooks (see :mod:`liaison.appeals.conflicts`).

* ``named_people``: the users a decided record names in its own fields ``decided_by``,
  ``created_by``, ``raised_by``, ``published_by``, ``user`` or ``stakeholder``;
* ``survey_respondents`` (when ``liaison.involvement`` is installed): for an involvement
  decision, every stakeholder who answered the interest survey it rests on — their input is
  what the decision weighed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from liaison.appeals.conflicts import PARTICIPANTS_OF

PEOPLE_FIELDS = ("decided_by", "created_by", "raised_by", "published_by", "user",
                 "stakeholder")


def named_people(obj) -> Iterable[Any]:
    for name in PEOPLE_FIELDS:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not getattr(field, "many_to_one", False):
            continue
        person = getattr(obj, name, None)
        if person is not None:
            yield person, _("named as %(field)s of the decision") % {
                "field": field.verbose_name}


def survey_respondents(obj) -> Iterable[Any]:
    if obj._meta.label_lower != "involvement.involvementdecision":
        return []
    responses = apps.get_model("involvement", "SurveyResponse").objects.filter(
        consultation_id=obj.consultation_id).select_related("stakeholder__user")
    return [(r.stakeholder, _("answered the interest survey the decision rests on"))
            for r in responses]


PARTICIPANTS_OF.append(named_people)
if apps.is_installed("liaison.involvement"):
    PARTICIPANTS_OF.append(survey_respondents)

"""Reads for the signed-in stakeholder: their profile and the consultations relevant to them.

*Relevant*: an open consultation on a project whose committee or one of whose topics the
stakeholder follows, or with which they are engaged (informed, interested or participating).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from liaison.consultations.models import Comment, Consultation
from liaison.consultations.states import State
from liaison.registry.models import Stakeholder


def own_profile(user, liaison_org) -> Stakeholder | None:
    """``user``'s stakeholder profile in ``liaison_org`` (the first, if several)."""
    if not getattr(user, "is_authenticated", False) or liaison_org is None:
        return None
    return (Stakeholder.objects.filter(user=user, liaison_org=liaison_org)
            .select_related("liaison_org").order_by("pk").first())


def relevant_consultations(stakeholder: Stakeholder) -> QuerySet[Consultation]:
    followed = (Q(project__committee__subscriptions__stakeholder=stakeholder)
                | Q(project__topics__subscriptions__stakeholder=stakeholder)
                | Q(project__engagements__stakeholder=stakeholder))
    ids = (Consultation.objects.filter(liaison_org=stakeholder.liaison_org, state=State.OPEN)
           .filter(followed).values("pk"))
    return (Consultation.objects.filter(pk__in=ids).select_related("project")
            .order_by("deadline", "pk"))


def responded_ids(stakeholder: Stakeholder, consultations) -> set[int]:
    """Which of ``consultations`` the stakeholder has answered (a submitted comment or a
    survey answer)."""
    from liaison.involvement.models import SurveyResponse

    pks = [c.pk for c in consultations]
    done = set(Comment.objects.filter(consultation_id__in=pks, author=stakeholder,
                                      status=Comment.Status.SUBMITTED)
               .values_list("consultation_id", flat=True))
    done |= set(SurveyResponse.objects.filter(consultation_id__in=pks, stakeholder=stakeholder)
                .values_list("consultation_id", flat=True))
    return done

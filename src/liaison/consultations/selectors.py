"""Reads about consultations and comments, scoped to one liaison organization.

Who sees which comments (:func:`visible_comments`):

* everyone sees their own comments (their stakeholder profile's), drafts included;
* coordinators and administrators (``consultations.manage``) see submitted comments at any
  time, never anyone else's drafts;
* everybody else sees other people's submitted comments only from the deadline on;
* nobody ever sees another person's draft.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from liaison.access.rules import can
from liaison.consultations.models import Comment, Consultation, DraftDocument
from liaison.registry.models import Stakeholder


def consultations_of(liaison_org) -> QuerySet[Consultation]:
    return (Consultation.objects.filter(liaison_org=liaison_org)
            .select_related("project", "document", "liaison_org")
            .annotate(n_submitted=Count("comments", filter=Q(
                comments__status=Comment.Status.SUBMITTED))))


def consultation_of(liaison_org, pk: int) -> Consultation:
    """One consultation of ``liaison_org`` (``DoesNotExist`` for another organization's)."""
    return (Consultation.objects.select_related("project", "document", "ballot", "liaison_org")
            .get(liaison_org=liaison_org, pk=pk))


def consultation_for_input(liaison_org, pk: int) -> Consultation:
    """Like :func:`consultation_of`, for the comment pages: nothing joined (they show only
    the consultation's own fields; its organization is ``liaison_org``)."""
    consultation = Consultation.objects.get(liaison_org=liaison_org, pk=pk)
    consultation.liaison_org = liaison_org
    return consultation


def stakeholder_of(user, liaison_org) -> Stakeholder | None:
    """The stakeholder profile ``user`` comments as in ``liaison_org``, or None."""
    if not getattr(user, "is_authenticated", False) or liaison_org is None:
        return None
    return (Stakeholder.objects.filter(liaison_org_id=liaison_org.pk, user_id=user.pk)
            .order_by("pk").first())


def sees_all_submitted(user, consultation: Consultation) -> bool:
    """Coordinators always; others once the deadline has passed."""
    return (can(user, "consultations.manage", consultation.liaison_org)
            or consultation.deadline_passed())


def visible_comments(user, consultation: Consultation) -> QuerySet[Comment]:
    """The comments of ``consultation`` that ``user`` may read (rules above)."""
    me = stakeholder_of(user, consultation.liaison_org)
    allowed = Q(author=me) if me is not None else Q(pk__in=[])
    if sees_all_submitted(user, consultation):
        allowed |= Q(status=Comment.Status.SUBMITTED)
    return (consultation.comments.filter(allowed)
            .select_related("author", "entered_by").order_by("number"))


def own_comment(user, consultation: Consultation, pk: int) -> Comment:
    """A comment of ``consultation`` written by ``user``'s stakeholder profile
    (``DoesNotExist`` otherwise, shown as 404)."""
    me = stakeholder_of(user, consultation.liaison_org)
    if me is None:
        raise Comment.DoesNotExist
    return consultation.comments.select_related("consultation__liaison_org").get(
        pk=pk, author=me)


def submitted_comments(consultation: Consultation) -> QuerySet[Comment]:
    """What the organization's export carries: every submitted comment, in number order."""
    return consultation.comments.filter(status=Comment.Status.SUBMITTED).order_by("number")


def current_draft(consultation: Consultation) -> DraftDocument | None:
    """The draft attached last to ``consultation`` (its file's bytes not loaded), if any."""
    return consultation.drafts.defer("content").first()


def draft_of(consultation: Consultation, pk: int) -> DraftDocument:
    """One draft of ``consultation`` (``DoesNotExist`` for another consultation's)."""
    return consultation.drafts.defer("content").get(pk=pk)


def draft_file(consultation: Consultation, pk: int) -> DraftDocument:
    """One draft of ``consultation`` with its original file."""
    return consultation.drafts.get(pk=pk)

"""Writes for disputes and appeals. Each runs in one transaction, moves state only through
:func:`liaison.appeals.states.check_transition` (in :func:`_move` / :func:`_move_dispute`),
records an audit event, and tells those the trigger table names for the step
(``notices.services.step_tell``: in the app, and by e-mail after the commit).

Interfaces for other apps:

* ``dispute_open(*, actor, subject, objector, argument)`` — the consensus workflow calls it
  for a fundamental objection that could not be overcome (``subject``: any record, e.g. the
  draft or the position; ``objector``: a user or a stakeholder profile with a user);
* :data:`DISPUTE_LISTENERS` / :data:`APPEAL_LISTENERS` — ``f(obj, state)`` called inside the
  transaction after every state change (e.g. to resolve the consensus objection).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from liaison.appeals import conflicts, subjects, terms
from liaison.appeals.models import (
    Appeal,
    AppealSettings,
    AppealTransition,
    Dispute,
    DisputeTransition,
    PanelMember,
)
from liaison.appeals.states import (
    PANEL_OPEN,
    AppealState,
    DisputeState,
    Outcome,
    check_transition,
)
from liaison.audit.services import audit_record, create_recorded, update_recorded
from liaison.notices.recipients import Scope
from liaison.notices.services import step_tell
from liaison.registry.models import LiaisonOrganization, Membership, Role, Stakeholder
from liaison.registry.selectors import display_name


class PanelConflicted(ValidationError):
    """A panel act refused because someone acting on it is now conflicted (pages: 409)."""


DISPUTE_LISTENERS: list[Callable[[Dispute, str], Any]] = []
APPEAL_LISTENERS: list[Callable[[Appeal, str], Any]] = []


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _local(at: dt.datetime, liaison_org) -> str:
    zone = zoneinfo.ZoneInfo(liaison_org.time_zone or "UTC")
    local = timezone.localtime(at, zone)
    when = f"{date_format(local, 'SHORT_DATE_FORMAT')} {date_format(local, 'TIME_FORMAT')}"
    return f"{when} ({liaison_org.time_zone})"


def _next_number(model, liaison_org) -> int:
    """The next number of ``model`` (dispute or appeal) in the organization: one numbering
    per kind, given once (the organization's row is locked so two filings cannot take the
    same number; the unique constraint is the backstop)."""
    LiaisonOrganization.objects.select_for_update().filter(pk=liaison_org.pk).first()
    last = model.objects.filter(liaison_org=liaison_org).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def is_participant(user, liaison_org) -> bool:
    """A member of the organization (any role) or a user with a stakeholder profile in it."""
    return (Membership.objects.filter(user=user, liaison_org=liaison_org).exists()
            or Stakeholder.objects.filter(user=user, liaison_org=liaison_org).exists())


def appellant_public(user, liaison_org) -> str:
    """What the public page says about the appellant: an organization's name or a role,
    never a person's name."""
    profile = (Stakeholder.objects.filter(user=user, liaison_org=liaison_org)
               .order_by("pk").first())
    if profile is not None and profile.kind == Stakeholder.Kind.ORGANIZATION:
        return profile.name
    if profile is not None and profile.affiliation:
        return _("a stakeholder from %(org)s") % {"org": profile.affiliation}
    roles = sorted(Membership.objects.filter(user=user, liaison_org=liaison_org)
                   .values_list("role", flat=True))
    if roles:
        return _("a participant (%(role)s)") % {
            "role": ", ".join(str(Role(r).label) for r in roles)}
    return _("a stakeholder")


# ------------------------------------------------------------------ settings


@transaction.atomic
def appeal_settings_save(*, actor, liaison_org, **fields: Any) -> AppealSettings:
    found = AppealSettings.objects.filter(liaison_org=liaison_org).first()
    if found is None:
        return create_recorded(AppealSettings, actor=actor, verb="appeals.settings",
                               liaison_org=liaison_org,
                               fields={"liaison_org": liaison_org, **fields})
    return update_recorded(found, actor=actor, verb="appeals.settings",
                           liaison_org=liaison_org, fields=fields)


# ------------------------------------------------------------------ disputes


def _move_dispute(dispute: Dispute, target: str, *, actor, note: str = "",
                  **fields: Any) -> Dispute:
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    check_transition(dispute.state, target, dispute=True)
    before = dispute.state
    dispute.state = target
    for name, value in fields.items():
        setattr(dispute, name, value)
    dispute.save()
    DisputeTransition.objects.create(dispute=dispute, from_state=before, to_state=target,
                                     actor=_user(actor), note=note)
    audit_record(actor=actor, verb=f"dispute.{target}", target=dispute,
                 liaison_org=dispute.liaison_org,
                 summary=f"dispute {dispute.reference}: {before} → {target}",
                 data={"from": before, "to": target, "note": note, **fields})
    _notify_dispute(dispute, target, actor=actor)
    for listener in DISPUTE_LISTENERS:
        listener(dispute, target)
    return dispute


@transaction.atomic
def dispute_open(*, actor, subject, objector, argument: str) -> Dispute:
    """Open a dispute about ``subject`` for ``objector``'s fundamental objection."""
    user = objector if isinstance(objector, get_user_model()) else getattr(objector, "user",
                                                                            None)
    if user is None:
        raise ValidationError(_("The objector has no account: a dispute needs one."))
    if not (argument or "").strip():
        raise ValidationError({"argument": _("Give the argument of the objection.")})
    org = subjects.organization_of(subject)
    if org is None:
        raise ValidationError(_("This record belongs to no organization."))
    dispute = Dispute(liaison_org=org, number=_next_number(Dispute, org),
                      subject_type=subjects.content_type(subject),
                      subject_id=str(subject.pk), subject_label=str(subject)[:300],
                      objector=user, argument=argument.strip(), opened_by=_user(actor))
    dispute.full_clean()
    dispute.save()
    DisputeTransition.objects.create(dispute=dispute, to_state=DisputeState.OPEN,
                                     actor=_user(actor))
    audit_record(actor=actor, verb="dispute.open", target=dispute, liaison_org=org,
                 summary=f"dispute {dispute.reference} opened about {dispute.subject_label}",
                 data={"subject": f"{subjects.type_label(subject)}:{subject.pk}",
                       "objector": user.pk, "argument": dispute.argument})
    _notify_dispute(dispute, DisputeState.OPEN, actor=actor)
    return dispute


@transaction.atomic
def dispute_mediate(*, actor, dispute: Dispute, note: str = "") -> Dispute:
    return _move_dispute(dispute, DisputeState.MEDIATION, actor=actor, note=note.strip())


@transaction.atomic
def dispute_resolve(*, actor, dispute: Dispute, resolution: str) -> Dispute:
    if not (resolution or "").strip():
        raise ValidationError({"resolution": _("Say how the dispute was resolved.")})
    return _move_dispute(dispute, DisputeState.RESOLVED, actor=actor,
                         resolution=resolution.strip(), closed_at=timezone.now())


@transaction.atomic
def dispute_escalate(*, actor, dispute: Dispute, note: str) -> Appeal:
    """Mediation failed: the objector's appeal against the subject is filed for them (the
    decision window does not apply — the dispute was opened in time)."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why mediation did not resolve the dispute.")})
    dispute = _move_dispute(dispute, DisputeState.ESCALATED, actor=actor, note=note.strip(),
                            closed_at=timezone.now())
    mediation = _("Mediation:")
    grounds = f"{dispute.argument}\n\n{mediation} {note.strip()}"
    return _file(actor=actor, appellant=dispute.objector, subject=dispute.subject,
                 summary=_("Escalated from dispute %(ref)s") % {"ref": dispute.reference},
                 grounds=grounds, dispute=dispute)


# ------------------------------------------------------------------ appeals


def _iso(at: dt.datetime | None) -> str:
    return at.isoformat() if at else ""


def _notify(appeal: Appeal, step: str, *, actor) -> None:
    """Tell of the appeal's ``step`` those the trigger ``step.appeal_<step>`` names (the
    appellant and the panel by default), in the app and by e-mail after the commit."""
    step_tell(actor=actor, trigger=f"step.appeal_{step}", target=appeal,
              scope=Scope(appeal.liaison_org, appeal=appeal),
              summary=f"appeal {appeal.reference}: {step} notice",
              context={"ref": appeal.reference, "title": appeal.subject_label,
                       "summary": appeal.summary, "outcome": appeal.outcome,
                       "reasons": appeal.reasons, "reason": appeal.inadmissible_reason,
                       "admissibility_due": _iso(appeal.admissibility_due)
                       if step == AppealState.FILED else "",
                       "decision_due": _iso(appeal.decision_due)
                       if step not in (AppealState.DECIDED, AppealState.CLOSED) else "",
                       "appeal": appeal.pk,
                       "path": reverse("appeals:detail", args=[appeal.pk])})


def _notify_dispute(dispute: Dispute, step: str, *, actor) -> None:
    """Tell of the dispute's ``step`` those the trigger ``step.dispute_<step>`` names (the
    objector and the coordinators by default)."""
    step_tell(actor=actor, trigger=f"step.dispute_{step}", target=dispute,
              scope=Scope(dispute.liaison_org, dispute=dispute),
              summary=f"dispute {dispute.reference}: {step} notice",
              context={"ref": dispute.reference, "title": dispute.subject_label,
                       "dispute": dispute.pk,
                       "path": reverse("appeals:dispute", args=[dispute.pk])})


def _move(appeal: Appeal, target: str, *, actor, note: str = "", **fields: Any) -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    check_transition(appeal.state, target)
    before = appeal.state
    appeal.state = target
    for name, value in fields.items():
        setattr(appeal, name, value)
    appeal.save()
    AppealTransition.objects.create(appeal=appeal, from_state=before, to_state=target,
                                    actor=_user(actor), note=note)
    audit_record(actor=actor, verb=f"appeal.{target}", target=appeal,
                 liaison_org=appeal.liaison_org,
                 summary=f"appeal {appeal.reference}: {before} → {target}",
                 data={"from": before, "to": target, "note": note, **fields})
    _notify(appeal, target, actor=actor)
    for listener in APPEAL_LISTENERS:
        listener(appeal, target)
    return appeal


def _file(*, actor, appellant, subject, summary: str, grounds: str,
          dispute: Dispute | None = None, now: dt.datetime | None = None) -> Appeal:
    now = now or timezone.now()
    org = subjects.organization_of(subject)
    decided = subjects.decided_at(subject)
    if org is None or decided is None:
        raise ValidationError(_("This record is not a recorded decision of an organization: "
                                "it cannot be appealed."))
    errors = {}
    if not (grounds or "").strip():
        errors["grounds"] = _("Give the grounds of the appeal.")
    if not (summary or "").strip():
        errors["summary"] = _("Summarize the grounds in one or two sentences.")
    if errors:
        raise ValidationError(errors)
    if not is_participant(appellant, org):
        raise ValidationError(_("Only a stakeholder or member of %(org)s may appeal its "
                                "decisions.") % {"org": org})
    rules = terms.appeal_terms(org, decided)
    ends = rules.window_ends(decided)
    if dispute is None and now > ends:
        raise ValidationError(
            _("The appeal window for this decision closed on %(end)s: appeals are accepted "
              "for %(days)s days after the decision of %(at)s (set by %(source)s). This "
              "appeal was not filed.")
            % {"end": _local(ends, org), "days": rules.window_days,
               "at": _local(decided, org), "source": rules.window_source})
    ctype = subjects.content_type(subject)
    if Appeal.objects.filter(appellant=appellant, subject_type=ctype,
                             subject_id=str(subject.pk)).exclude(
            state__in=(AppealState.CLOSED, AppealState.INADMISSIBLE)).exists():
        raise ValidationError(_("You already have an appeal against this decision in "
                                "progress."))
    appeal = Appeal(liaison_org=org, number=_next_number(Appeal, org), subject_type=ctype,
                    subject_id=str(subject.pk),
                    subject_label=str(subject)[:300],
                    subject_public=subjects.public_label(subject)[:200],
                    appellant=appellant,
                    appellant_public=appellant_public(appellant, org)[:200],
                    summary=summary.strip(), grounds=grounds.strip(), decision_at=decided,
                    window_days=rules.window_days, window_source=rules.window_source[:200],
                    window_ends_at=ends, filed_at=now,
                    admissibility_due=now + dt.timedelta(days=rules.admissibility_days),
                    decision_days=rules.decision_days, dispute=dispute)
    appeal.full_clean()
    appeal.save()
    AppealTransition.objects.create(appeal=appeal, to_state=AppealState.FILED, at=now,
                                    actor=_user(actor))
    audit_record(actor=actor, verb="appeal.filed", target=appeal, liaison_org=org,
                 summary=f"appeal {appeal.reference} against {appeal.subject_label}",
                 data={"subject": f"{subjects.type_label(subject)}:{subject.pk}",
                       "appellant": appellant.pk, "summary": appeal.summary,
                       "grounds": appeal.grounds, "decision_at": decided,
                       "window_ends_at": ends, "window_source": rules.window_source,
                       "dispute": dispute.pk if dispute else None})
    _notify(appeal, AppealState.FILED, actor=actor)
    return appeal


@transaction.atomic
def appeal_file(*, actor, subject, summary: str, grounds: str,
                now: dt.datetime | None = None) -> Appeal:
    """``actor`` appeals the decision ``subject`` (inside the window, with grounds). Only a
    decision of an appealable kind that concerns them
    (:func:`liaison.appeals.subjects.concerns`)."""
    if not subjects.concerns(actor, subject):
        raise PermissionDenied(_("You may appeal only a decision that concerns you: your "
                                 "comment's disposition, the verdict on a draft you took a "
                                 "position on, the position submitted in a consultation you "
                                 "took part in, or an involvement decision of your "
                                 "organization."))
    return _file(actor=actor, appellant=actor, subject=subject, summary=summary,
                 grounds=grounds, now=now)


def _check_panel(appeal: Appeal, *, deciding=None) -> None:
    """Conflicts are checked at every panel act, not only when the panel is set: someone
    seated may have taken part in the decision since (e.g. stated a position on the draft).
    Admissibility and the review are refused while a seated member is conflicted (the panel
    must change first); a decision is refused to a member who is conflicted."""
    conflicted = conflicts.for_appeal(appeal)
    if deciding is not None:
        if deciding.pk in conflicted:
            raise PanelConflicted(
                _("You can no longer decide this appeal: %(who)s.")
                % {"who": conflicts.describe(deciding, conflicted[deciding.pk])})
        return
    seated = [m.user for m in appeal.panel.select_related("user")
              if m.user_id in conflicted]
    if seated:
        raise PanelConflicted(
            [_("%(who)s now has a conflict and cannot sit on the panel: change the panel "
               "first.") % {"who": conflicts.describe(u, conflicted[u.pk])} for u in seated])


@transaction.atomic
def appeal_admissibility(*, actor, appeal: Appeal, admissible: bool,
                         reason: str = "") -> Appeal:
    """Admit the appeal (its decision is then due ``decision_days`` later) or declare it
    inadmissible with the reason. Refused while a seated panel member is conflicted."""
    _check_panel(appeal)
    if admissible:
        now = timezone.now()
        return _move(appeal, AppealState.ADMISSIBLE, actor=actor, note=reason.strip(),
                     decision_due=now + dt.timedelta(days=appeal.decision_days))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the appeal is inadmissible.")})
    return _move(appeal, AppealState.INADMISSIBLE, actor=actor, note=reason.strip(),
                 inadmissible_reason=reason.strip())


def eligible_members(liaison_org):
    """Users holding the appeals-panel role in the organization."""
    return (get_user_model().objects.filter(memberships__liaison_org=liaison_org,
                                            memberships__role=Role.APPEALS_PANEL)
            .distinct().order_by("username"))


@transaction.atomic
def appeal_panel_set(*, actor, appeal: Appeal, members: Iterable) -> Appeal:
    """Set the panel. Every member must hold the appeals-panel role and must not have taken
    part in the decision (:func:`liaison.appeals.conflicts.conflicts`)."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.state not in PANEL_OPEN:
        raise ValidationError(_("The panel can no longer change: the appeal is %(state)s.")
                              % {"state": appeal.get_state_display()})
    members = list(dict.fromkeys(members))
    if not members:
        raise ValidationError({"members": _("Choose at least one panel member.")})
    eligible = set(eligible_members(appeal.liaison_org).values_list("pk", flat=True))
    problems = [_("%(name)s does not hold the appeals-panel role.")
                % {"name": display_name(u, appeal.liaison_org)}
                for u in members if u.pk not in eligible]
    conflicted = conflicts.for_appeal(appeal)
    problems += [_("%(who)s cannot sit on the panel.")
                 % {"who": conflicts.describe(u, conflicted[u.pk])}
                 for u in members if u.pk in conflicted]
    if problems:
        raise ValidationError({"members": problems})
    before = sorted(appeal.panel.values_list("user_id", flat=True))
    new = [u for u in members if u.pk not in before]
    appeal.panel.exclude(user__in=members).delete()
    for user in new:
        PanelMember.objects.create(appeal=appeal, user=user, appointed_by=_user(actor))
    after = sorted(u.pk for u in members)
    if before != after:
        audit_record(actor=actor, verb="appeal.panel", target=appeal,
                     liaison_org=appeal.liaison_org,
                     summary=f"appeal {appeal.reference}: panel of {len(after)} set",
                     data={"before": before, "after": after,
                           "checked_conflicts": {str(k): v for k, v in conflicted.items()}})
        _notify(appeal, "panel", actor=actor)
    return appeal


@transaction.atomic
def appeal_review_start(*, actor, appeal: Appeal) -> Appeal:
    """The panel starts its review; refused while a seated member is conflicted."""
    if not appeal.panel.exists():
        raise ValidationError(_("Appoint the panel before the review starts."))
    _check_panel(appeal)
    return _move(appeal, AppealState.UNDER_REVIEW, actor=actor)


def is_on_panel(user, appeal: Appeal) -> bool:
    return appeal.panel.filter(user_id=getattr(user, "pk", None)).exists()


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, outcome: str, reasons: str) -> Appeal:
    """The panel decides: upheld, partly upheld or dismissed, with reasons (published); a
    member who is now conflicted may not."""
    if not is_on_panel(actor, appeal):
        raise PermissionDenied(_("Only a member of this appeal's panel decides it."))
    _check_panel(appeal, deciding=actor)
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if not (reasons or "").strip():
        errors["reasons"] = _("Give the reasons for the decision.")
    if errors:
        raise ValidationError(errors)
    return _move(appeal, AppealState.DECIDED, actor=actor, outcome=outcome,
                 reasons=reasons.strip(), decided_at=timezone.now(), decided_by=_user(actor))


@transaction.atomic
def appeal_close(*, actor, appeal: Appeal, note: str = "") -> Appeal:
    return _move(appeal, AppealState.CLOSED, actor=actor, note=note.strip(),
                 closed_at=timezone.now())

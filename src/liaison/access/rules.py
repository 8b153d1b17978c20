"""Who may do what, declared as data and checked in one place.

Each action names the roles that may take it within a liaison organization. Superusers may
take every action. Object-level rules (a stakeholder edits only their own comments) live in
the app that owns the object and call :func:`has_role` for the role part.
"""

from __future__ import annotations

from liaison.registry.models import Membership, Role

STAFF = (Role.COORDINATOR, Role.ADMIN)

ACTIONS: dict[str, tuple[str, ...]] = {
    "registry.view": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.APPEALS_PANEL),
    "registry.edit": STAFF,
    "stakeholders.view": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER),
    "stakeholders.edit": STAFF,
    "projects.view": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.STAKEHOLDER,
                      Role.APPEALS_PANEL),
    "projects.edit": (*STAFF, Role.EXPERT),
    "audit.view": (*STAFF, Role.APPEALS_PANEL),
    # the development outbox: every e-mail `make run`'s mail catcher caught (outbox app)
    "outbox.read": STAFF,
    # announce a project / open a consultation to its stakeholders (notices app)
    "notices.announce": STAFF,
    # announcements, their delivery log and the equal-access report
    "notices.report": (*STAFF, Role.COMMITTEE_MEMBER, Role.APPEALS_PANEL),
    "consultations.view": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.STAKEHOLDER,
                           Role.APPEALS_PANEL),
    # create/edit/open/close, import on a stakeholder's behalf, see submitted comments any time
    "consultations.manage": STAFF,
    # write one's own comments (needs a stakeholder profile in the organization)
    "comments.write": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.STAKEHOLDER),
    "comments.export": STAFF,
    # answer an interest survey as one's own stakeholder profile (involvement app)
    "survey.answer": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.STAKEHOLDER),
    # survey results, the willing list, involvement decisions and their history
    "involvement.view": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.APPEALS_PANEL),
    "involvement.decide": STAFF,
    # write news items for the public site
    "news.write": STAFF,
    # issue an invitation link that creates a stakeholder's account
    "accounts.invite": STAFF,
    # one's own profile, subscriptions, consent, time zone and consultations
    "accounts.self": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.STAKEHOLDER,
                      Role.APPEALS_PANEL),
    # draft and publish the organization's process (process app); reading it is public
    "process.edit": STAFF,
    # internal mirror committees: read; create committees and appoint members
    "committees.view": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.APPEALS_PANEL),
    "committees.manage": STAFF,
    # consensus position: the consolidation view, drafts, verdicts (read)
    "consensus.view": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.APPEALS_PANEL),
    # create, edit, split, merge and order draft consensus comments
    "consensus.draft": (*STAFF, Role.EXPERT),
    # state one's own position on a draft, see what became of one's own comments
    "consensus.position": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.STAKEHOLDER),
    # dispositions, resolve objections, finalize, submit, import observations
    "consensus.decide": STAFF,
    # create and revoke one's own API tokens (the API itself checks the other actions)
    "api.tokens": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.STAKEHOLDER,
                   Role.APPEALS_PANEL),
    # appeals app: file an appeal against a decision (any participant); see all appeals;
    # admissibility, panel, review, closing; decide (also needs a seat on the appeal's panel)
    "appeals.file": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.STAKEHOLDER,
                     Role.APPEALS_PANEL),
    "appeals.view": (*STAFF, Role.COMMITTEE_MEMBER, Role.APPEALS_PANEL),
    "appeals.manage": STAFF,
    "appeals.decide": (Role.APPEALS_PANEL,),
    # disputes opened from fundamental objections: see all; mediation, resolution, escalation
    "disputes.view": (*STAFF, Role.EXPERT, Role.COMMITTEE_MEMBER, Role.APPEALS_PANEL),
    "disputes.manage": STAFF,
    # self-assessment (metrics app): the charts and process reviews; record reviews
    "metrics.view": (*STAFF, Role.COMMITTEE_MEMBER, Role.APPEALS_PANEL),
    "metrics.review": STAFF,
    # download a consultation's evidence pack (recorded in the audit trail)
    "audit.pack": STAFF,
    # the process check of a consultation: was it fair, principle by principle
    "audit.process_check": (*STAFF, Role.COMMITTEE_MEMBER),
}


def roles_of(user, liaison_org) -> set[str]:
    """The roles ``user`` holds in ``liaison_org`` (cached on the user object per request)."""
    if not getattr(user, "is_authenticated", False) or liaison_org is None:
        return set()
    cache = user.__dict__.setdefault("_liaison_roles", {})
    if liaison_org.pk not in cache:
        cache[liaison_org.pk] = set(
            Membership.objects.filter(user=user, liaison_org=liaison_org)
            .values_list("role", flat=True)
        )
    return cache[liaison_org.pk]


def remember_roles(user, roles: dict[int, set[str]]) -> None:
    """Seed :func:`roles_of`'s per-request cache with ``{organization pk: roles}``: every
    membership of ``user``, read at once by the organization middleware."""
    user.__dict__["_liaison_all_roles"] = roles
    user.__dict__.setdefault("_liaison_roles", {}).update(roles)


def remembered_roles(user) -> dict[int, set[str]] | None:
    """Every role of ``user`` by organization pk if :func:`remember_roles` ran for this
    request's user, else None (ask the database)."""
    return user.__dict__.get("_liaison_all_roles")


def has_role(user, liaison_org, *roles: str) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(roles_of(user, liaison_org) & set(roles))


def can(user, action: str, liaison_org) -> bool:
    """Whether ``user`` may take ``action`` (a key of :data:`ACTIONS`) in ``liaison_org``."""
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    if liaison_org is None:
        return False
    return has_role(user, liaison_org, *ACTIONS[action])

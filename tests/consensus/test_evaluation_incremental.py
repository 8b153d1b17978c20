"""The kept-in-memory, incremental evaluation gives exactly what a full recomputation with the
core (``liaison.core.consensus`` + ``liaison.core.rules``) gives, after any sequence of
position changes, edits (positions marked for review), resolved objections and category
changes, and after a rolled-back write. Transactional: the writes commit, as in production,
so the cache is really kept and updated."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison.consensus import evaluation, services
from liaison.consensus.models import Draft, Objection, Position
from liaison.consensus.rule import rule_for
from liaison.core.consensus import PositionMatrix, category_figures
from liaison.core.rules import evaluate
from liaison.registry.categories import ensure_iso_categories
from liaison.registry.models import InterestCategory, Role, Stakeholder

pytestmark = pytest.mark.django_db(transaction=True)


def _reference(consultation):
    """Everything from the database, through the core, with no cache."""
    rule = rule_for(consultation)
    draft_ids = list(Draft.objects.filter(consultation=consultation,
                                          status=Draft.Status.ACTIVE)
                     .order_by("order", "number").values_list("pk", flat=True))
    rows = list(Position.objects.filter(consultation=consultation, draft_id__in=draft_ids)
                .values_list("user_id", "draft_id", "value", "needs_review"))
    users = sorted({u for u, _d, _v, _r in rows})
    cats: dict[str, set[str]] = {}
    for user_id, code in (Stakeholder.categories.through.objects.filter(
            stakeholder__liaison_org_id=consultation.liaison_org_id, stakeholder__user_id__in=users)
            .values_list("stakeholder__user_id", "interestcategory__code")):
        cats.setdefault(str(user_id), set()).add(code)
    index = {u: i for i, u in enumerate(users)}
    column = {d: j for j, d in enumerate(draft_ids)}
    matrix = PositionMatrix(
        tuple(str(u) for u in users), tuple(str(d) for d in draft_ids),
        np.array([index[u] for u, _d, _v, _r in rows], dtype=np.int64),
        np.array([column[d] for _u, d, _v, _r in rows], dtype=np.int64),
        np.array([v for _u, _d, v, _r in rows], dtype=np.int8),
        {k: tuple(sorted(v)) for k, v in cats.items()})
    figures = category_figures(matrix)
    blocking = {d: Objection.objects.filter(draft_id=d, state__in=Objection.BLOCKING).count()
                for d in draft_ids}
    resolved = [str(d) for j, d in enumerate(draft_ids)
                if figures.overall[j, 4] > 0 and not blocking[d]]
    labels = dict(InterestCategory.objects.values_list("code", "name"))
    verdicts = evaluate(figures, rule, resolved, labels)
    drafts = [(d, verdicts[j], figures.tally(j),
               {name: figures.tally(j, g) for g, name in enumerate(figures.categories)},
               blocking[d]) for j, d in enumerate(draft_ids)]
    return {"drafts": drafts, "categories": figures.categories, "participants": len(users),
            "review": sum(1 for *_x, r in rows if r), "matrix": matrix,
            "consensus": bool(drafts) and all(v.consensus for _d, v, *_x in drafts)}


def _check(consultation) -> None:
    got = evaluation.evaluate_consultation(consultation)
    want = _reference(consultation)
    assert [(d.draft_id, d.verdict, d.overall, d.by_category, d.blocking_objections)
            for d in got.drafts] == want["drafts"]
    assert got.categories == want["categories"]
    assert got.participants == want["participants"]
    assert got.awaiting_review == want["review"]
    assert got.consensus == want["consensus"]
    assert got.matrix.participants == want["matrix"].participants
    assert got.matrix.statements == want["matrix"].statements
    assert dict(got.matrix.categories) == dict(want["matrix"].categories)
    np.testing.assert_array_equal(got.matrix.to_dense(), want["matrix"].to_dense())
    evaluation.forget(consultation.pk)
    assert evaluation.evaluate_consultation(consultation) == got  # a cold full load agrees


@pytest.fixture
def scene(world, coordinator, make_stakeholder, make_user):
    """The conftest world, three drafts, two more stakeholders (one in two categories) and a
    committee member without a profile (``uncategorized``)."""
    consultation = world["consultation"]
    c1, c2, c3, c4 = world["comments"]
    drafts = [services.draft_create(actor=coordinator, consultation=consultation, comments=cs)
              for cs in ([c1, c2], [c3], [c4])]
    dee = make_stakeholder("dee", "industry", "consumers")
    eve = make_stakeholder("eve", "academic")
    member = make_user(Role.COMMITTEE_MEMBER, username="max")
    profiles = [world[n][1] for n in ("ana", "ben", "cy")] + [dee[1], eve[1]]
    users = [world[n][0] for n in ("ana", "ben", "cy")] + [dee[0], eve[0], member]
    return {"consultation": consultation, "drafts": drafts, "users": users,
            "profiles": profiles, "coordinator": coordinator}


OPS = st.one_of(
    st.tuples(st.just("position"), st.integers(0, 5), st.integers(0, 2),
              st.sampled_from([2, 1, 0, -1, -2])),
    st.tuples(st.just("edit"), st.integers(0, 2)),
    st.tuples(st.just("resolve")),
    st.tuples(st.just("category"), st.integers(0, 4),
              st.sampled_from(["industry", "consumers", "academic", "ngo"])),
    st.tuples(st.just("evaluate")),
)


def _apply(scene, op, step: int) -> None:
    drafts, users, coordinator = scene["drafts"], scene["users"], scene["coordinator"]
    if op[0] == "position":
        _kind, who, which, value = op
        services.position_state(actor=users[who], draft=drafts[which], value=value,
                                argument="It contradicts clause 4." if value == -2 else "")
    elif op[0] == "edit":
        draft = Draft.objects.get(pk=drafts[op[1]].pk)
        services.draft_update(actor=coordinator, draft=draft, version=draft.version,
                              changes={"comment": f"{draft.comment} (edit {step})"})
    elif op[0] == "resolve":
        objection = Objection.objects.filter(consultation=scene["consultation"],
                                             state=Objection.State.OPEN).first()
        if objection is not None:
            services.objection_resolve(actor=coordinator, objection=objection,
                                       resolution="Explained at the meeting.")
    elif op[0] == "category":
        profile = scene["profiles"][op[1]]
        category = ensure_iso_categories()[op[2]]
        if profile.categories.filter(pk=category.pk).exists():
            profile.categories.remove(category)
        else:
            profile.categories.add(category)
    else:
        _check(scene["consultation"])


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(OPS, min_size=1, max_size=10))
def test_incremental_equals_full_recomputation(scene, ops):
    consultation = scene["consultation"]
    _check(consultation)  # fills the cache
    for step, op in enumerate(ops):
        _apply(scene, op, step)
    _check(consultation)


def test_a_rolled_back_write_is_not_kept(scene):
    consultation, drafts, users = scene["consultation"], scene["drafts"], scene["users"]
    services.position_state(actor=users[0], draft=drafts[0], value=1)
    _check(consultation)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.position_state(actor=users[1], draft=drafts[0], value=-2, argument="No.")
        inside = evaluation.evaluate_consultation(consultation).of(drafts[0].pk)
        assert inside.overall.fundamental_objection == 1  # its own write, seen
        raise RuntimeError
    # the next write gets the counter value the rolled-back one had
    services.position_state(actor=users[2], draft=drafts[1], value=1)
    result = evaluation.evaluate_consultation(consultation)
    assert result.of(drafts[0].pk).overall.fundamental_objection == 0
    _check(consultation)


def test_a_resolution_alone_changes_the_cached_verdict(scene):
    """No position changes, only the objection's state: the draft is evaluated again."""
    consultation, drafts, users = scene["consultation"], scene["drafts"], scene["users"]
    for who in (0, 1):
        services.position_state(actor=users[who], draft=drafts[0], value=1)
    services.position_state(actor=users[2], draft=drafts[0], value=-2, argument="No.")
    _check(consultation)
    assert not evaluation.evaluate_consultation(consultation).of(drafts[0].pk).verdict.consensus
    _apply(scene, ("resolve",), 0)
    _check(consultation)
    assert evaluation.evaluate_consultation(consultation).of(drafts[0].pk).verdict.consensus

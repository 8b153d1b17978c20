"""The consolidation view and re-evaluation at scale (issue 6).

Targets: the consolidation view of a consultation with 2,000 comments by 300 stakeholders
renders in under 300 ms (median, warm: the analysis is stored, the process has served the
page once) on PostgreSQL, with a bounded number of queries; re-evaluating the verdict after
one new position (stated through the service, as in production) takes under 100 ms; the
verdict page (200 drafts, each with its chart) answers in under 300 ms after a position
changed, and its first load in a fresh process is printed too (issue 14).

Database: ``DATABASE_URL`` from the environment. For PostgreSQL, a scratch database named
``<name>_bench_consensus`` is created next to the one named in the URL and dropped at the end
(nothing is written to the named database itself), e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:54329/liaison \
        .venv/bin/python -m benchmarks bench_consolidation

Without ``DATABASE_URL`` a throw-away SQLite file is used (figures then are not the target's).
Prints ``name: value unit`` lines and writes ``benchmarks/results/bench_consolidation.json``.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

N_COMMENTS = int(os.environ.get("BENCH_CONSOLIDATION_COMMENTS", "2000"))
N_STAKEHOLDERS = int(os.environ.get("BENCH_CONSOLIDATION_STAKEHOLDERS", "300"))
N_DRAFTS = int(os.environ.get("BENCH_CONSOLIDATION_DRAFTS", "200"))
RUNS = 15
TOPICS = ("approximate dates", "language tags", "identifiers", "the creator property",
          "rights statements", "spatial coverage", "the type vocabulary", "audience")


def _scratch_url(url: str) -> tuple[str, str, str]:
    """(scratch URL, admin URL to create/drop it, scratch database name)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "postgres"
    scratch = f"{name}_bench_consensus"
    return (urlunsplit(parts._replace(path="/" + scratch)),
            urlunsplit(parts._replace(path="/postgres")), scratch)


def _pg(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def _setup(home: Path) -> tuple[str, str | None, str | None]:
    url = os.environ.get("DATABASE_URL", "")
    admin = scratch = None
    if url.startswith(("postgres://", "postgresql://")):
        url, admin, scratch = _scratch_url(url)
        _pg(admin, f'DROP DATABASE IF EXISTS "{scratch}"')
        _pg(admin, f'CREATE DATABASE "{scratch}"')
    elif not url:
        url = f"sqlite:///{home / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ["LIAISON_HOME"] = str(home)
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url, admin, scratch


def _world():
    """An organization, 300 stakeholders with accounts in 1-2 ISO categories, 2,000 submitted
    comments (some near-duplicates), consolidation started and analysed, 200 drafts and a
    position by every stakeholder on every draft (bulk inserts: not what is measured)."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from liaison.consensus import services
    from liaison.consensus.models import Draft, Position
    from liaison.consultations.models import Comment, Consultation
    from liaison.consultations.states import State
    from liaison.projects.models import Project
    from liaison.registry.categories import ensure_iso_categories
    from liaison.registry.models import LiaisonOrganization, Membership, Role, Stakeholder

    rng = random.Random(0)
    cats = list(ensure_iso_categories().values())
    org = LiaisonOrganization.objects.create(name="Bench Org", short_name="BO", slug="bench")
    user_model = get_user_model()
    coordinator = user_model.objects.create_user("coordinator", "c@example.org", "x")
    Membership.objects.create(user=coordinator, liaison_org=org, role=Role.COORDINATOR)
    user_model.objects.bulk_create([user_model(username=f"u{i:04d}", email=f"u{i}@example.org")
                                    for i in range(N_STAKEHOLDERS)])
    users = list(user_model.objects.filter(username__startswith="u").order_by("username"))
    Stakeholder.objects.bulk_create([Stakeholder(liaison_org=org, name=f"Stakeholder {i:04d}",
                                                 email=f"u{i}@example.org", user=u)
                                     for i, u in enumerate(users)])
    people = list(Stakeholder.objects.filter(liaison_org=org).order_by("pk"))
    through = Stakeholder.categories.through
    through.objects.bulk_create([through(stakeholder_id=s.pk, interestcategory_id=c.pk)
                                 for s in people for c in rng.sample(cats, rng.randint(1, 2))])
    project = Project.objects.create(liaison_org=org, reference="ISO/DIS 15836-2",
                                     reference_key="ISO/DIS 15836-2", title="Dublin Core",
                                     stage_code="40.20")
    now = timezone.now()
    consultation = Consultation.objects.create(
        liaison_org=org, project=project, title="Bench consultation", state=State.CLOSED,
        opens_at=now - dt.timedelta(days=30), deadline=now - dt.timedelta(days=1))
    comments = []
    for i in range(N_COMMENTS):
        if i % 10 == 9:  # every tenth comment repeats an earlier one: redundancy to find
            twin = comments[rng.randrange(len(comments))]
            comments.append(Comment(
                consultation=consultation, number=i + 1, author=rng.choice(people), mb="BO",
                clause=twin.clause, type=twin.type, status=Comment.Status.SUBMITTED,
                comment=twin.comment, proposed_change=twin.proposed_change, submitted_at=now))
            continue
        topic = rng.choice(TOPICS)
        words = " ".join(rng.choice(("clarify", "the", "text", "example", "normative",
                                     "reference", "wording", "scope", "note", "term"))
                         for _ in range(rng.randint(8, 30)))
        comments.append(Comment(
            consultation=consultation, number=i + 1, author=rng.choice(people), mb="BO",
            clause=f"{rng.randint(1, 9)}.{rng.randint(1, 12)}",
            type=rng.choice(("te", "ge", "ed")), status=Comment.Status.SUBMITTED,
            comment=f"On {topic}: {words} ({i % 150}).",
            proposed_change=f"Reword the part on {topic}.", submitted_at=now))
    Comment.objects.bulk_create(comments, batch_size=1000)
    services.consolidation_start(actor=coordinator, consultation=consultation)
    consultation.refresh_from_db()
    analysis = services.analysis_refresh(actor=coordinator, consultation=consultation)
    Draft.objects.bulk_create([Draft(consultation=consultation, number=j + 1, order=j + 1,
                                     mb="BO", clause=f"{j % 9 + 1}.{j % 12 + 1}", type="te",
                                     comment=f"Consensus comment {j}.")
                               for j in range(N_DRAFTS)])
    drafts = list(Draft.objects.filter(consultation=consultation).order_by("number"))
    Position.objects.bulk_create([
        Position(consultation=consultation, draft=d, user=u, value=rng.choice((1, 1, 2, 0, -1)),
                 draft_version=1, stated_at=now)
        for d in drafts for u in users[1:]], batch_size=5000)
    return consultation, coordinator, users[0], drafts, analysis


def median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    from benchmarks import report

    with tempfile.TemporaryDirectory(prefix="bench-consolidation-") as tmp:
        url, admin, scratch = _setup(Path(tmp))
        try:
            return _run(report, url)
        finally:
            if admin:
                from django.db import connections

                connections.close_all()
                _pg(admin, f'DROP DATABASE IF EXISTS "{scratch}"')


def _run(report, url: str) -> int:
    from django.db import connection
    from django.test import Client

    from liaison.consensus import services
    from liaison.consensus.evaluation import evaluate_consultation, forget
    from liaison.consensus.opinions import opinion_map

    start = time.perf_counter()
    consultation, coordinator, newcomer, drafts, analysis = _world()
    setup_s = time.perf_counter() - start

    client = Client()
    client.force_login(coordinator)
    page = f"/consensus/{consultation.pk}/"
    assert client.get(page).status_code == 200  # warm
    view_ms = median_ms(lambda: client.get(page))
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(page)
    filtered_ms = median_ms(lambda: client.get(page + "?category=industry&type=te"))

    forget()
    start = time.perf_counter()
    evaluate_consultation(consultation)
    cold_ms = (time.perf_counter() - start) * 1000
    evaluate_consultation(consultation)  # warm
    warm_ms = median_ms(lambda: evaluate_consultation(consultation))
    reeval = []
    for draft in drafts[:RUNS]:
        services.position_state(actor=newcomer, draft=draft, value=1)
        start = time.perf_counter()
        result = evaluate_consultation(consultation)
        reeval.append((time.perf_counter() - start) * 1000)
    reeval_ms = statistics.median(reeval)
    services.position_state(actor=newcomer, draft=drafts[RUNS], value=-1)
    eval_queries: list[str] = []

    def count_eval(execute, sql, params, many, context):
        eval_queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_eval):
        evaluate_consultation(consultation)
    verdict_page = f"/consensus/{consultation.pk}/verdict/"
    forget()  # a fresh process: nothing evaluated yet
    start = time.perf_counter()
    assert client.get(verdict_page).status_code == 200
    verdict_first_ms = (time.perf_counter() - start) * 1000
    verdict_cold = []
    for value, draft in zip((1, -1, 2, 0, 1), drafts[RUNS + 1:RUNS + 6], strict=True):
        services.position_state(actor=newcomer, draft=draft, value=value)
        start = time.perf_counter()
        client.get(verdict_page)
        verdict_cold.append((time.perf_counter() - start) * 1000)
    verdict_cold_ms = statistics.median(verdict_cold)
    start = time.perf_counter()
    groups = opinion_map(result.matrix)  # the matrix is built on first use
    map_ms = (time.perf_counter() - start) * 1000
    n_positions = result.matrix.n_positions

    report("bench_consolidation", {
        "comments": (analysis.n_comments, "comments"),
        "stakeholders": (N_STAKEHOLDERS, "stakeholders"),
        "drafts": (len(drafts), "drafts"),
        "positions": (n_positions, "positions"),
        "clusters": (len(analysis.clusters), "clusters"),
        "contradictions": (len(analysis.contradictions), "pairs"),
        "analysis_time": (round(analysis.seconds, 3), "s"),
        "consolidation_view_median_warm": (round(view_ms, 1), "ms"),
        "consolidation_view_filtered_median_warm": (round(filtered_ms, 1), "ms"),
        "consolidation_view_queries": (len(queries), "queries"),
        "evaluation_cold": (round(cold_ms, 1), "ms"),
        "evaluation_warm_no_change": (round(warm_ms, 1), "ms"),
        "reevaluation_after_one_new_position_median": (round(reeval_ms, 1), "ms"),
        "reevaluation_queries": (len(eval_queries), "queries"),
        "verdict_page_first_load": (round(verdict_first_ms, 1), "ms"),
        "verdict_page_after_a_position_change_median": (round(verdict_cold_ms, 1), "ms"),
        "opinion_map": (round(map_ms, 1), "ms"),
        "opinion_groups_k": (groups.k if groups else 0, "groups"),
        "setup_time": (round(setup_s, 1), "s"),
    }, extra={"targets": {"consolidation_view_ms": 300, "reevaluation_ms": 100,
                          "verdict_page_after_a_position_change_ms": 300},
              "database": url.split(":", 1)[0], "runs": RUNS})
    return 0 if view_ms < 300 and reeval_ms < 100 else 1


if __name__ == "__main__":
    raise SystemExit(main())

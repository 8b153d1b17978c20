"""The coordinator's workbench at scale (issue 14).

Targets, with 2,000 comments by 300 stakeholders on PostgreSQL (the world of
:mod:`benchmarks.bench_consolidation`: stored analysis, 200 drafts, a position by everyone):

* the triage table's first page: median < 300 ms, and within 3× the floor of a trivial view
  on the same server (a signed-in stakeholder's profile page: session, user, navigation
  and a small form; the anonymous sign-in page is printed too);
* a bulk disposition of 500 comments (one transaction, one audit event per comment): < 2 s;
* the verdict page cold after a position change: < 300 ms (median).

Database: ``DATABASE_URL`` from the environment; for PostgreSQL a scratch database
``<name>_bench`` is created next to the named one and dropped at the end, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:54329/liaison_h14a \
        .venv/bin/python -m benchmarks bench_workbench

Prints ``name: value unit`` lines and writes ``benchmarks/results/bench_workbench.json``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import bench_consolidation as world

RUNS = 15
BULK = 500



def main() -> int:
    from benchmarks import report

    world._scratch_url = _scratch_url
    with tempfile.TemporaryDirectory(prefix="bench-workbench-") as tmp:
        url, admin, scratch = world._setup(Path(tmp))
        try:
            return _run(report, url)
        finally:
            if admin:
                from django.db import connections

                connections.close_all()
                world._pg(admin, f'DROP DATABASE IF EXISTS "{scratch}"')


def _scratch_url(url: str) -> tuple[str, str, str]:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    scratch = f"{parts.path.lstrip('/') or 'postgres'}_bench"
    return (urlunsplit(parts._replace(path="/" + scratch)),
            urlunsplit(parts._replace(path="/postgres")), scratch)


def _run(report, url: str) -> int:
    from django.db import connection
    from django.test import Client

    from liaison.consensus import services
    from liaison.consultations.models import Comment
    from liaison.registry.models import Membership, Role

    consultation, coordinator, newcomer, drafts, analysis = world._world()
    client = Client()
    client.force_login(coordinator)
    anonymous = Client()
    floor_page = "/accounts/login/"
    assert anonymous.get(floor_page).status_code == 200
    floor_ms = world.median_ms(lambda: anonymous.get(floor_page))

    Membership.objects.get_or_create(user=newcomer, liaison_org=consultation.liaison_org,
                                     role=Role.STAKEHOLDER)
    member = Client()  # a signed-in stakeholder's own profile: session, user, navigation
    member.force_login(newcomer)
    profile = "/accounts/profile/"
    assert member.get(profile).status_code == 200
    signed_in_floor_ms = world.median_ms(lambda: member.get(profile))

    triage = f"/consensus/{consultation.pk}/"
    assert client.get(triage).status_code == 200  # warm
    triage_ms = world.median_ms(lambda: client.get(triage))
    filtered_ms = world.median_ms(lambda: client.get(triage + "?status=none&type=te"))
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(triage)

    comments = list(Comment.objects.filter(consultation=consultation)
                    .order_by("number")[:BULK])
    bulk_times = []
    for _ in range(3):
        start = time.perf_counter()
        services.dispositions_set_bulk(actor=coordinator, comments=comments, kind="noted",
                                       reason="Kept for the next revision.")
        bulk_times.append((time.perf_counter() - start) * 1000)
        services.dispositions_undo_last_bulk(actor=coordinator, consultation=consultation)
    bulk_ms = statistics.median(bulk_times)
    dispositions_page = f"/consensus/{consultation.pk}/dispositions/"
    assert client.get(dispositions_page).status_code == 200
    dispositions_ms = world.median_ms(lambda: client.get(dispositions_page), runs=5)

    verdict = f"/consensus/{consultation.pk}/verdict/"
    assert client.get(verdict).status_code == 200
    cold = []
    for i, draft in enumerate(drafts[:RUNS]):
        services.position_state(actor=newcomer, draft=draft, value=1 if i % 2 else -1)
        start = time.perf_counter()
        assert client.get(verdict).status_code == 200
        cold.append((time.perf_counter() - start) * 1000)
    verdict_ms = statistics.median(cold)

    ratio = triage_ms / signed_in_floor_ms if signed_in_floor_ms else 0.0
    report("bench_workbench", {
        "comments": (analysis.n_comments, "comments"),
        "stakeholders": (world.N_STAKEHOLDERS, "stakeholders"),
        "trivial_view_floor_median": (round(floor_ms, 1), "ms"),
        "signed_in_trivial_view_floor_median": (round(signed_in_floor_ms, 1), "ms"),
        "triage_first_page_median": (round(triage_ms, 1), "ms"),
        "triage_first_page_over_signed_in_floor": (round(ratio, 2), "x"),
        "triage_first_page_over_anonymous_floor": (
            round(triage_ms / floor_ms if floor_ms else 0.0, 2), "x"),
        "triage_filtered_median": (round(filtered_ms, 1), "ms"),
        "triage_queries": (len(queries), "queries"),
        "bulk_disposition_500_median": (round(bulk_ms, 1), "ms"),
        "dispositions_page_median": (round(dispositions_ms, 1), "ms"),
        "verdict_cold_after_position_change_median": (round(verdict_ms, 1), "ms"),
    }, extra={"targets": {"triage_ms": 300, "triage_over_floor": 3, "bulk_500_ms": 2000,
                          "verdict_cold_ms": 300},
              "database": url.split(":", 1)[0], "runs": RUNS})
    ok = triage_ms < 300 and ratio <= 3 and bulk_ms < 2000 and verdict_ms < 300
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

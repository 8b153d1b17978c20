"""Positions read from the database into the matrix (issue 16): 200,000 positions (1,000
participants x 200 drafts), read cold by ``consensus.evaluation``: the database joins the rows
into one text value that numpy parses, beside the former way (one Python tuple and four ints
per position, then ``np.fromiter``) on the same rows.

Database as in ``bench_consolidation`` (``DATABASE_URL``; PostgreSQL uses a scratch database
next to the named one, dropped at the end; without it a throw-away SQLite file)::

    DATABASE_URL=postgres://postgres@127.0.0.1:54329/liaison \\
        .venv/bin/python -m benchmarks bench_positions_db
"""

from __future__ import annotations

import itertools
import os
import random
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.bench_consolidation import _pg, _setup

N_USERS = int(os.environ.get("BENCH_POSITIONS_USERS", "1000"))
N_DRAFTS = int(os.environ.get("BENCH_POSITIONS_DRAFTS", "200"))
RUNS = 5


def _world():
    """One consultation with ``N_DRAFTS`` drafts and a position by each of ``N_USERS`` users on
    every draft (bulk inserts: not what is measured)."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from liaison.consensus.models import Draft, Position
    from liaison.consultations.models import Consultation
    from liaison.consultations.states import State
    from liaison.projects.models import Project
    from liaison.registry.models import LiaisonOrganization

    rng = random.Random(0)
    org = LiaisonOrganization.objects.create(name="Bench Org", short_name="BO", slug="bench")
    project = Project.objects.create(liaison_org=org, reference="ISO/DIS 15836-2",
                                     reference_key="ISO/DIS 15836-2", title="Dublin Core",
                                     stage_code="40.20")
    now = timezone.now()
    consultation = Consultation.objects.create(
        liaison_org=org, project=project, title="Bench consultation", state=State.CLOSED,
        opens_at=now - dt.timedelta(days=30), deadline=now - dt.timedelta(days=1))
    user_model = get_user_model()
    user_model.objects.bulk_create([user_model(username=f"u{i:05d}", email=f"u{i}@example.org")
                                    for i in range(N_USERS)], batch_size=5000)
    users = list(user_model.objects.filter(username__startswith="u").order_by("username"))
    Draft.objects.bulk_create([Draft(consultation=consultation, number=j + 1, order=j + 1,
                                     mb="BO", clause="1", type="te", comment=f"Draft {j}.")
                               for j in range(N_DRAFTS)])
    drafts = list(Draft.objects.filter(consultation=consultation).order_by("number"))
    Position.objects.bulk_create([
        Position(consultation=consultation, draft=d, user=u, value=rng.choice((1, 2, 0, -1, -2)),
                 needs_review=rng.random() < 0.01, draft_version=1, stated_at=now)
        for d in drafts for u in users], batch_size=10000)
    return consultation


def _one_tuple_per_position(queryset):
    """The former read, kept here as the reference: ``fetchall`` then ``np.fromiter``."""
    import numpy as np
    from django.db import connection

    sql, params = queryset.order_by().values_list("user_id", "draft_id", "value",
                                                  "needs_review").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=4 * len(rows))
    return flat.reshape(-1, 4)


def _measure(fn) -> tuple[float, float, float]:
    """(median wall ms, median CPU ms, peak Python allocations MB) over ``RUNS`` runs."""
    walls, cpus = [], []
    for _ in range(RUNS):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(walls), statistics.median(cpus), peak


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-positions-db-") as tmp:
        url, admin, scratch = _setup(Path(tmp))
        try:
            return _run(url)
        finally:
            if admin:
                from django.db import connections

                connections.close_all()
                _pg(admin, f'DROP DATABASE IF EXISTS "{scratch}"')


def _run(url: str) -> int:
    import numpy as np

    from benchmarks import report
    from liaison.consensus.evaluation import _rows, evaluate_consultation, forget
    from liaison.consensus.models import Position

    consultation = _world()
    everything = Position.objects.filter(consultation=consultation)
    new, old = _rows(everything), _one_tuple_per_position(everything)
    assert new.shape == (N_USERS * N_DRAFTS, 4)
    assert np.array_equal(new[np.lexsort(new.T[::-1])], old[np.lexsort(old.T[::-1])])
    new_ms, new_cpu, new_mb = _measure(lambda: _rows(everything))
    old_ms, old_cpu, old_mb = _measure(lambda: _one_tuple_per_position(everything))

    def cold_matrix():
        forget()
        evaluate_consultation(consultation).matrix  # noqa: B018 (built on access)

    matrix_ms, matrix_cpu, matrix_mb = _measure(cold_matrix)
    report("bench_positions_db", {
        "database": (url.split(":", 1)[0], ""),
        "positions": (N_USERS * N_DRAFTS, ""),
        "read_one_text_value_ms": (new_ms, "ms"),
        "read_one_text_value_cpu_ms": (new_cpu, "ms"),
        "read_one_text_value_peak_python_mb": (new_mb, "MB"),
        "read_one_tuple_per_position_ms": (old_ms, "ms"),
        "read_one_tuple_per_position_cpu_ms": (old_cpu, "ms"),
        "read_one_tuple_per_position_peak_python_mb": (old_mb, "MB"),
        "speedup": (old_ms / new_ms, "x"),
        "cold_verdict_and_matrix_ms": (matrix_ms, "ms"),
        "cold_verdict_and_matrix_cpu_ms": (matrix_cpu, "ms"),
        "cold_verdict_and_matrix_peak_python_mb": (matrix_mb, "MB"),
    })
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

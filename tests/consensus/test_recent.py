"""A process keeps the figures of its most recently evaluated consultations only — bounded, so
a long-running server does not grow with every consultation it has ever shown."""

from __future__ import annotations

import threading

from liaison.consensus import evaluation, opinions
from liaison.consensus.recent import CONSULTATIONS_KEPT, Recent


def test_past_the_bound_the_least_recently_used_is_dropped():
    kept = Recent[int, str](size=3)
    for key in (1, 2, 3):
        kept[key] = f"figures of {key}"
    assert kept.get(1) == "figures of 1"  # 1 is now the most recent
    kept[4] = "figures of 4"
    assert len(kept) == 3
    assert 2 not in kept and kept.get(2) is None
    assert [kept.get(k) for k in (1, 3, 4)] == ["figures of 1", "figures of 3", "figures of 4"]


def test_writing_again_refreshes_and_pop_and_clear_forget():
    kept = Recent[int, int](size=2)
    kept[1], kept[2] = 10, 20
    kept[1] = 11
    kept[3] = 30
    assert (kept.get(1), kept.get(2), kept.get(3)) == (11, None, 30)
    assert kept.pop(1) == 11 and kept.pop(1) is None
    kept.clear()
    assert len(kept) == 0


def test_many_threads_never_exceed_the_bound():
    kept = Recent[int, int](size=8)

    def fill(start: int) -> None:
        for key in range(start, start + 500):
            kept[key] = key
            kept.get(key - 3)

    threads = [threading.Thread(target=fill, args=(i * 1000,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(kept) == 8


def test_the_consensus_caches_are_bounded():
    for cache in (evaluation._POSITIONS, evaluation._FIGURES, opinions._LAST):
        assert isinstance(cache, Recent) and cache.size == CONSULTATIONS_KEPT

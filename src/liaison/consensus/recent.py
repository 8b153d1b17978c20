"""What a process keeps in memory about the consultations it evaluated lately — bounded.

Rule: at most ``size`` consultations are kept; reading or writing one makes it the most
recent; past the bound the least recently used is dropped (recomputed from the database when it
is next needed, so dropping changes speed, never a result). Safe to share between threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

#: Consultations whose positions, figures and opinion map a process keeps.
CONSULTATIONS_KEPT = 32


class Recent[K, V]:
    """A least-recently-used mapping of at most ``size`` entries."""

    def __init__(self, size: int = CONSULTATIONS_KEPT) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            if key not in self._items:
                return default
            self._items.move_to_end(key)
            return self._items[key]

    def __setitem__(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def pop(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            return self._items.pop(key, default)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._items

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

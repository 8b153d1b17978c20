"""Opinion groups across the declared categories (Pol.is PCA + k-means, from the core), for
the opinion map. Computed only when enough participants took positions on enough drafts:
fewer would give groups that mean nothing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from liaison.consensus.recent import Recent
from liaison.core.consensus import PositionMatrix

#: At least this many participants and drafts before groups are looked for.
MIN_PARTICIPANTS = 7
MIN_STATEMENTS = 2


@dataclass(frozen=True)
class OpinionMap:
    """Each participant's 2-D projection and group (-1: not clustered), the groups' sizes
    and representative drafts (statement ids), and the silhouette of the chosen k."""

    participants: tuple[str, ...]
    coords: np.ndarray
    labels: np.ndarray
    k: int
    silhouette: float | None
    sizes: list[int]
    representative: list[list[tuple[str, str]]]


_LAST: Recent[object, tuple[PositionMatrix, OpinionMap | None]] = Recent()


def cached_opinion_map(key: object, matrix: PositionMatrix) -> OpinionMap | None:
    """:func:`opinion_map`, recomputed only when ``matrix`` is a new object (the evaluation
    keeps the same matrix object while no position changed)."""
    last = _LAST.get(key)
    if last is not None and last[0] is matrix:
        return last[1]
    result = opinion_map(matrix)
    _LAST[key] = (matrix, result)
    return result


def known_opinion_map(key: object, matrix: PositionMatrix) -> tuple[bool, OpinionMap | None]:
    """(True, the map) when it was computed for this very ``matrix``; (False, None) when it
    would have to be computed now (after a position changed) — the verdict page then loads it
    apart, so a position change never makes the verdict wait for the PCA and clustering."""
    last = _LAST.get(key)
    if last is not None and last[0] is matrix:
        return True, last[1]
    return False, None


def opinion_map(matrix: PositionMatrix) -> OpinionMap | None:
    """The map, or None when there are too few participants or drafts."""
    from liaison.core.opinion_groups import opinion_groups  # scikit-learn: import when used

    n, m = matrix.shape
    if n < MIN_PARTICIPANTS or m < MIN_STATEMENTS:
        return None
    result = opinion_groups(matrix)
    labels = result.clustering.labels
    k = result.clustering.k
    if k < 2 or not (labels >= 0).any():
        return None
    sizes = [int((labels == g).sum()) for g in range(k)]
    reps = [[(r.statement, r.repful_for) for r in group] for group in result.repness]
    return OpinionMap(participants=matrix.participants, coords=result.projection.coords,
                      labels=labels, k=k, silhouette=result.clustering.silhouette,
                      sizes=sizes, representative=reps)

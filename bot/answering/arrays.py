"""Per-paragraph reductions over sentence rows, shared by the signals and the answerer."""

from __future__ import annotations

import numpy as np


def unit_scaled(values: np.ndarray) -> np.ndarray:
    top = values.max() if len(values) else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def best_per_owner(values: np.ndarray, owner: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per owner (paragraph): the largest value among its rows and that row's position."""
    best = np.zeros(n)
    where = np.full(n, -1, dtype=np.int64)
    if len(values):
        order = np.lexsort((-np.arange(len(values)), values, owner))
        # sorted by (owner, value, earliest last): each owner's last row is its best
        owners = owner[order]
        last = np.r_[owners[1:] != owners[:-1], True]
        best[owners[last]] = values[order][last]
        where[owners[last]] = order[last]
    return best, where

"""A figure on a band or breakpoint that is either absolute ``points`` or a ``share``."""

from __future__ import annotations

import numpy as np

__all__ = ["one_of", "resolve"]


def one_of(points: float | None, share: float | None, where: str) -> None:
    """Exactly one of ``points`` and ``share`` must be given."""
    if (points is None) == (share is None):
        raise ValueError(f"{where} needs exactly one of 'points' and 'share'")


def resolve(
    points: np.ndarray, share: np.ndarray, use_share: np.ndarray, max_points: np.ndarray
) -> np.ndarray:
    """Per unit: ``share × max`` where a share is used, else ``min(points, max)``."""
    return np.where(use_share, share * max_points, np.minimum(points, max_points))

"""Helpers shared by the built-in rules."""

from __future__ import annotations

import numpy as np

from .._rounding import round_half_up
from ..plugin import RuleState

__all__ = ["published_total"]


def published_total(state: RuleState) -> np.ndarray:
    """The total as published: rounded half up to the scheme's precision."""
    return round_half_up(state.total, state.precision)

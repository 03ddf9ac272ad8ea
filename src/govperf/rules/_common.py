"""Helpers shared by the built-in rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_numpy
from .._rounding import round_half_up
from ..plugin import RuleState

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_numpy(globals())

__all__ = ["published_node", "published_total"]


def published_node(state: RuleState, node_id: str) -> np.ndarray:
    """A node's published points: the sum of its published leaves (rounded half up)."""
    if node_id in state.published_nodes:
        return np.asarray(state.published_nodes[node_id], dtype=float)
    return round_half_up(np.asarray(state.nodes[node_id], dtype=float), state.precision)


def published_total(state: RuleState) -> np.ndarray:
    """The total as published (:meth:`RuleState.published_total`): the published base
    plus the published bonus minus the published deductions, each rounded half up."""
    return state.published_total()

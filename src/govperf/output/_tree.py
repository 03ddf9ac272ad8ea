"""The shape of a scheme's tree as the outputs need it: tier names, leaves, group peers.

Outputs, reports and plots work at any depth (one tier to eight or more): they ask
the scheme for a node's depth and its tier's name (:meth:`govperf.Scheme.depth`,
:meth:`govperf.Scheme.tier_name`) and never test a node's class; these helpers add
the few questions the scheme model does not answer itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._labels import Lang
from ..scheme._model import Node, Scheme

if TYPE_CHECKING:
    from ..results._results import Results

__all__ = ["group_names", "leaf_tier_name", "leaves_under", "peers", "within_groups"]


def leaves_under(scheme: Scheme, node_id: str | None) -> list[Node]:
    """The leaves under a node (the node itself when it is a leaf); all leaves for ``None``.

    :class:`KeyError` names an unknown node id.
    """
    if node_id is None:
        return list(scheme.leaves)
    top = scheme.node(node_id)
    out: list[Node] = []
    stack = [top]
    while stack:
        node = stack.pop()
        if node.is_leaf:
            out.append(node)
        stack.extend(reversed(node.children))
    return out


def leaf_tier_name(scheme: Scheme, lang: Lang = "zh") -> str:
    """The name of the leaves' tier, the last one (二级指标 / sub-indicator in Xicheng).

    Every leaf sits on the last tier (validation sees to it), so the reports can say
    "the weakest 二级指标" of any scheme in its own words.
    """
    return scheme.tier_name(scheme.n_tiers - 1, lang)


def within_groups(scheme: Scheme) -> bool:
    """Whether units are compared within their group (groups declared and ``within_groups``)."""
    return bool(scheme.groups) and scheme.scoring.within_groups


def group_names(scheme: Scheme, lang: Lang = "zh") -> dict[str, str]:
    """The display name of every declared group, by id (English where given, in ``"en"``)."""
    return {g.id: (g.name_en if lang == "en" and g.name_en else g.name) for g in scheme.groups}


def peers(results: Results, unit: int) -> np.ndarray:
    """Which units the unit at position ``unit`` is compared with, as a boolean mask.

    Its own group (itself included) when :func:`within_groups`; otherwise every unit.
    """
    groups = results.data.units.groups
    if not within_groups(results.scheme):
        return np.ones(len(groups), dtype=bool)
    own = groups[unit]
    return np.array([g == own for g in groups], dtype=bool)

"""The shape of a scheme's tree as the outputs need it: depths, tier names, leaves, groups.

Outputs, reports and plots work at any depth (one tier to eight or more): they ask
these helpers for a node's depth, the name of its tier in Chinese or English, the
leaves, and whether units are compared within their group, and never test a node's
class.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from .._labels import Lang, label

__all__ = [
    "depth",
    "group_names",
    "is_leaf",
    "leaf_tier_name",
    "leaves",
    "leaves_under",
    "peers",
    "tier_name",
    "within_groups",
]


def depth(scheme: Any, node_id: str) -> int:
    """The depth of a node: 0 for the top tier, 1 for its children, and so on."""
    if hasattr(scheme, "depth"):
        return int(scheme.depth(node_id))
    return len(scheme.path(node_id)) - 1


def tier_name(scheme: Any, level: int, lang: Lang = "zh") -> str:
    """The scheme's name of the tier at depth ``level``, in Chinese or English."""
    if hasattr(scheme, "tier_name"):
        return str(scheme.tier_name(level, lang))
    if level < 3:
        return label(f"tier.{level}", lang)
    return label("tier.n", lang, n=level + 1)


def is_leaf(node: Any) -> bool:
    """Whether a node has no children (a leaf carries an evaluator)."""
    return not node.children


def leaves(scheme: Any) -> tuple[Any, ...]:
    """The leaves of the tree, in tree order."""
    return tuple(node for node in scheme.iter_nodes() if is_leaf(node))


def _walk(node: Any) -> Iterator[Any]:
    if is_leaf(node):
        yield node
        return
    for child in node.children:
        yield from _walk(child)


def leaves_under(scheme: Any, node_id: str | None) -> list[Any]:
    """The leaves under a node (the node itself when it is a leaf); all leaves for ``None``.

    :class:`KeyError` names an unknown node id.
    """
    if node_id is None:
        return list(leaves(scheme))
    return list(_walk(scheme.node(node_id)))


def leaf_tier_name(scheme: Any, lang: Lang = "zh") -> str:
    """The tier name of the leaves when they all sit on one tier, else 末级指标 / leaf indicator.

    In Xicheng every leaf is a 二级指标 (sub-indicator), so the reports say 二级指标
    where they speak of leaves.
    """
    depths = {depth(scheme, leaf.id) for leaf in leaves(scheme)}
    if len(depths) == 1:
        return tier_name(scheme, depths.pop(), lang)
    return label("tier.leaf", lang)


def within_groups(scheme: Any) -> bool:
    """Whether units are compared within their group (groups declared and ``within_groups``)."""
    groups = getattr(scheme, "groups", ())
    return bool(groups) and bool(getattr(scheme.scoring, "within_groups", False))


def group_names(scheme: Any, lang: Lang = "zh") -> dict[str, str]:
    """The display name of every declared group, by id."""
    return {
        g.id: (g.name_en if lang == "en" and g.name_en else g.name)
        for g in getattr(scheme, "groups", ())
    }


def peers(results: Any, unit: int) -> np.ndarray:
    """Which units the unit at position ``unit`` is compared with, as a boolean mask.

    Its own group (itself included) when :func:`within_groups`; otherwise every unit.
    """
    groups = results.data.units.groups
    if not within_groups(results.scheme):
        return np.ones(len(groups), dtype=bool)
    own = groups[unit]
    return np.array([g == own for g in groups], dtype=bool)

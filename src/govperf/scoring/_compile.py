"""Compile a validated scheme once: leaf maxima, tree arrays and resolved plugins."""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from attrs import field, frozen

from .._plugins import evaluators as evaluator_registry
from .._plugins import rules as rule_registry
from ..exceptions import PluginError, Problem, SchemeError
from ..scheme._model import Level, Node, Scheme
from ..scheme._sums import COMBINE_CODES, SumPlan, sum_plan
from ..scheme._validate import plugin_params

if TYPE_CHECKING:
    pass


@frozen(kw_only=True)
class _Leaf:
    sub: Node
    plugin: Any
    params: Any
    node: int
    """The leaf's position in node order."""
    parent: int
    """The parent's position in node order (``-1`` for a top-tier leaf)."""
    pooled: bool
    """Whether the parent is a pool (the leaf's maximum comes from each unit's split)."""


@frozen(kw_only=True)
class _RuleStep:
    id: str
    kind: str
    plugin: Any
    params: Any
    stage: str
    index: int


@frozen(kw_only=True, eq=False)
class CompiledScheme:
    """A scheme turned into arrays and resolved plugins; reuse it across scorings.

    Nodes are numbered in :meth:`Scheme.iter_nodes` order (depth first, parents
    before children), at any depth: ``node_parent`` (``-1`` for the top tier),
    ``node_depth`` (0 = top tier) and ``node_max`` (each node's points, NaN for the
    children of a pool) are indexed by that number; ``leaf_nodes`` gives the node
    number of each leaf, in leaf order.
    """

    scheme: Scheme
    leaves: tuple[_Leaf, ...]
    leaf_max: np.ndarray
    node_ids: tuple[str, ...]
    node_parent: np.ndarray
    node_depth: np.ndarray
    node_max: np.ndarray
    leaf_nodes: np.ndarray
    pools: tuple[int, ...]
    """Node numbers of the pooled nodes."""
    sum_plan: SumPlan
    rules: tuple[_RuleStep, ...]
    node_index: Mapping[str, int]
    """Node id to node number."""
    group_ids: tuple[str, ...] = ()
    """The scheme's unit groups (分类考核), in declared order; empty without groups."""
    group_max: np.ndarray = field(factory=lambda: np.zeros((0, 0)))
    """Each group's points of every node, shape (groups, nodes)."""
    within_groups: bool = False
    """Rank, apply grade quotas and take medians within each group (the scheme has
    groups and sets ``scoring.within_groups``)."""
    node_combine: np.ndarray = field(factory=lambda: np.zeros(0, dtype=np.int8))
    """Each node's ``combine`` as a code of ``COMBINE_CODES`` in ``govperf.scheme._sums``
    (0, a plain sum, for leaves and by default)."""

    @property
    def combined(self) -> bool:
        """True when some branch combines its children by min, max or mean, not a sum."""
        return bool(self.node_combine.any())

    def group_codes(self, groups: Sequence[str | None] | np.ndarray) -> np.ndarray:
        """Each unit's group as a row of :attr:`group_max`, ``-1`` where undeclared."""
        if not self.group_ids:  # no groups declared: every unit is -1, without a loop
            return np.full(len(groups), -1, dtype=np.int64)
        pos = {g: i for i, g in enumerate(self.group_ids)}
        return np.array([pos.get(g, -1) if g is not None else -1 for g in groups], dtype=np.int64)

    def node_max_for(self, codes: np.ndarray) -> np.ndarray:
        """Each unit's points of every node from its group, shape (units, nodes).

        Without groups every unit has the scheme's points: a zero-copy broadcast.
        Children of a pool are NaN here (their maxima come from each unit's split).
        """
        if not self.group_ids:
            return np.broadcast_to(self.node_max, (len(codes), len(self.node_ids)))
        return self.group_max[np.maximum(codes, 0)]

    @property
    def leaf_ids(self) -> tuple[str, ...]:
        """Leaf (sub-indicator) ids in tree order."""
        return tuple(leaf.sub.id for leaf in self.leaves)

    @property
    def top_nodes(self) -> np.ndarray:
        """Node numbers of the top tier."""
        return np.flatnonzero(self.node_parent < 0)

    @property
    def n_tiers(self) -> int:
        """The depth of the deepest node plus one."""
        return int(self.node_depth.max()) + 1 if len(self.node_depth) else 0


_CACHE: dict[int, tuple[weakref.ref[Scheme], CompiledScheme]] = {}


def _walk(scheme: Scheme) -> list[tuple[Any, int, int, tuple[str | int, ...]]]:
    """``(node, parent position, depth, file path)`` for every node, in tree order.

    File paths use the keys of the scheme's file form: ``levels``, ``indicators``,
    ``sub_indicators`` in the 3-tier form, ``nodes`` and ``children`` otherwise.
    """
    out: list[tuple[Any, int, int, tuple[str | int, ...]]] = []
    levels_form = all(type(node) is Level for node in scheme.children)
    keys = ("levels", "indicators", "sub_indicators") if levels_form else ("nodes",)

    def visit(nodes: tuple[Any, ...], parent: int, depth: int, path: tuple[str | int, ...]) -> None:
        key = keys[depth] if depth < len(keys) else "children"
        for i, node in enumerate(nodes):
            here = (*path, key, i)
            out.append((node, parent, depth, here))
            visit(tuple(node.children), len(out) - 1, depth + 1, here)

    visit(scheme.children, -1, 0, ())
    return out


def compile_scheme(scheme: Scheme) -> CompiledScheme:
    """Resolve plugins and build the arrays of ``scheme`` (cached per scheme object).

    Raises :class:`SchemeError` if a sub-indicator has no evaluator, a plugin is
    missing, or parameters do not fit the plugin.
    """
    cached = _CACHE.get(id(scheme))
    if cached is not None and cached[0]() is scheme:
        return cached[1]
    problems: list[Problem] = []

    def problem(path: tuple[str | int, ...], message: str, code: str) -> None:
        problems.append(Problem(message=message, path=path, file=f"scheme {scheme.id}", code=code))

    walked = _walk(scheme)
    parents = np.array([p for _n, p, _d, _path in walked], dtype=np.int64)
    depths = np.array([d for _n, _p, d, _path in walked], dtype=np.int64)
    node_max = np.array(
        [math.nan if n.points is None else float(n.points) for n, _p, _d, _path in walked]
    )
    pooled = [bool(n.pooled) for n, _p, _d, _path in walked]
    group_ids = tuple(g.id for g in scheme.groups)
    group_max = np.array(
        [
            [math.nan if (p := n.points_for(g)) is None else float(p) for n, *_rest in walked]
            for g in group_ids
        ]
    ).reshape(len(group_ids), len(walked))
    group_max.flags.writeable = False
    leaves: list[_Leaf] = []
    leaf_nodes: list[int] = []
    for k, (node, parent, _depth, path) in enumerate(walked):
        if node.children:
            continue
        leaf_nodes.append(k)
        if node.evaluator is None:
            problem(
                path,
                f"sub-indicator {node.name} [{node.id}] has no evaluator; name one to score it",
                "no-evaluator",
            )
            continue
        plugin, params = _resolve(
            evaluator_registry,
            node.evaluator.kind,
            node.evaluator.params,
            (*path, "evaluator"),
            problem,
        )
        leaves.append(
            _Leaf(
                sub=node,
                plugin=plugin,
                params=params,
                node=k,
                parent=parent,
                pooled=parent >= 0 and pooled[parent],
            )
        )
    steps: list[_RuleStep] = []
    grades: set[str] = set()
    for ri, rule in enumerate(scheme.rules):
        plugin, params = _resolve(rule_registry, rule.kind, rule.params, ("rules", ri), problem)
        if plugin is None:
            continue
        steps.append(
            _RuleStep(
                id=rule.id,
                kind=rule.kind,
                plugin=plugin,
                params=params,
                stage=plugin.stage,
                index=ri,
            )
        )
        if plugin.grades:
            grades.update(plugin.grade_names(params))
    for step in steps:
        cap = step.plugin.grade_cap(step.params)
        if cap is not None and cap not in grades:
            problem(
                ("rules", step.index, "params", "grade_cap"),
                f"grade_cap {cap!r} is not a grade of any grade rule in this scheme",
                "unknown-grade",
            )
    if problems:
        raise SchemeError(problems, f"scheme {scheme.id}")
    leaf_pos = np.array(leaf_nodes, dtype=np.int64)
    combine = np.array(
        [COMBINE_CODES[getattr(n, "combine", "sum")] for n, _p, _d, _path in walked],
        dtype=np.int8,
    )
    for arr in (parents, depths, node_max, leaf_pos, combine):
        arr.flags.writeable = False
    leaf_max = node_max[leaf_pos]
    leaf_max.flags.writeable = False
    compiled = CompiledScheme(
        scheme=scheme,
        leaves=tuple(leaves),
        leaf_max=leaf_max,
        node_ids=tuple(n.id for n, _p, _d, _path in walked),
        node_parent=parents,
        node_depth=depths,
        node_max=node_max,
        leaf_nodes=leaf_pos,
        pools=tuple(k for k, p in enumerate(pooled) if p),
        sum_plan=sum_plan(parents, depths),
        rules=tuple(steps),
        node_index={n.id: k for k, (n, _p, _d, _path) in enumerate(walked)},
        group_ids=group_ids,
        group_max=group_max,
        within_groups=bool(group_ids) and scheme.scoring.within_groups,
        node_combine=combine,
    )
    key = id(scheme)
    cache = _CACHE  # held by the callback: module globals may be gone at interpreter exit

    def forget(_ref: weakref.ref[Scheme]) -> None:
        cache.pop(key, None)

    _CACHE[key] = (weakref.ref(scheme, forget), compiled)
    return compiled


def _resolve(
    registry: Any, kind: str, raw: Mapping[str, Any], path: tuple[str | int, ...], problem: Any
) -> tuple[Any, Any]:
    try:
        plugin = registry.get(kind)
    except PluginError as exc:
        problem((*path, "kind"), str(exc), "unknown-plugin")
        return None, None
    params, found = plugin_params(plugin, dict(raw))
    for rel, message, code in found:
        problem((*path, "params", *rel), message, code)
    return (None, None) if found else (plugin, params)

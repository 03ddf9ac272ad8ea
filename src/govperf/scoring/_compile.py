"""Compile a validated scheme once: leaf maxima, tree arrays and resolved plugins."""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from attrs import frozen

from .._plugins import evaluators as evaluator_registry
from .._plugins import rules as rule_registry
from ..exceptions import PluginError, Problem, SchemeError
from ..scheme._model import Scheme, SubIndicator
from ..scheme._validate import plugin_params

if TYPE_CHECKING:
    pass


@frozen(kw_only=True)
class _Leaf:
    sub: SubIndicator
    plugin: Any
    params: Any
    indicator: int
    pooled: bool


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
    """A scheme turned into arrays and resolved plugins; reuse it across scorings."""

    scheme: Scheme
    leaves: tuple[_Leaf, ...]
    leaf_max: np.ndarray
    leaf_indicator: np.ndarray
    indicator_level: np.ndarray
    indicator_points: np.ndarray
    level_points: np.ndarray
    rules: tuple[_RuleStep, ...]

    @property
    def leaf_ids(self) -> tuple[str, ...]:
        """Sub-indicator ids in tree order."""
        return tuple(leaf.sub.id for leaf in self.leaves)


_CACHE: dict[int, tuple[weakref.ref[Scheme], CompiledScheme]] = {}


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

    leaves: list[_Leaf] = []
    leaf_max: list[float] = []
    leaf_ind: list[int] = []
    ind_level: list[int] = []
    ind_points: list[float] = []
    ind_index = 0
    for li, level in enumerate(scheme.levels):
        for ii, ind in enumerate(level.indicators):
            ind_level.append(li)
            ind_points.append(ind.points)
            for si, sub in enumerate(ind.sub_indicators):
                path: tuple[str | int, ...] = ("levels", li, "indicators", ii, "sub_indicators", si)
                leaf_max.append(math.nan if sub.points is None else sub.points)
                leaf_ind.append(ind_index)
                if sub.evaluator is None:
                    problem(
                        path,
                        f"sub-indicator {sub.name} [{sub.id}] has no evaluator; "
                        "name one to score it",
                        "no-evaluator",
                    )
                    continue
                plugin, params = _resolve(
                    evaluator_registry,
                    sub.evaluator.kind,
                    sub.evaluator.params,
                    (*path, "evaluator"),
                    problem,
                )
                leaves.append(
                    _Leaf(
                        sub=sub,
                        plugin=plugin,
                        params=params,
                        indicator=ind_index,
                        pooled=ind.pooled,
                    )
                )
            ind_index += 1
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
                stage=getattr(plugin, "stage", "adjust"),
                index=ri,
            )
        )
        grades.update(b.grade for b in getattr(params, "bands", ()) if hasattr(b, "grade"))
    for step in steps:
        cap = getattr(step.params, "grade_cap", None)
        if cap is not None and cap not in grades:
            problem(
                ("rules", step.index, "params", "grade_cap"),
                f"grade_cap {cap!r} is not a grade of any grade rule in this scheme",
                "unknown-grade",
            )
    if problems:
        raise SchemeError(problems, f"scheme {scheme.id}")
    compiled = CompiledScheme(
        scheme=scheme,
        leaves=tuple(leaves),
        leaf_max=np.array(leaf_max),
        leaf_indicator=np.array(leaf_ind, dtype=np.int64),
        indicator_level=np.array(ind_level, dtype=np.int64),
        indicator_points=np.array(ind_points),
        level_points=np.array([lv.points for lv in scheme.levels]),
        rules=tuple(steps),
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
    return plugin, params

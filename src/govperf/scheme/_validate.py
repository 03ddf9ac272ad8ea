"""Cross-field checks of a scheme, run on its plain data so that every problem is found at once.

The checks read the document as loaded (dicts and lists) and tolerate values of the
wrong type, which the converter reports separately; this way a file with a typo in
one place and points that do not add up in another gets both reported in one run.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from .._plugins import Registry
from .._plugins import evaluators as evaluator_registry
from .._plugins import rules as rule_registry
from ..exceptions import PluginError, Problem
from ._convert import describe, structure_params
from ._yaml import Loaded, Path

__all__ = ["check_plain", "plugin_params"]

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
TOLERANCE = 1e-9


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # reported by the converter
        return None
    return number if math.isfinite(number) else None


def _items(container: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    value = container.get(key) if isinstance(container, dict) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _label(node: dict[str, Any], noun: str) -> str:
    name = node.get("name")
    return f"{noun} {name}" if isinstance(name, str) else noun


def _fmt(x: float) -> str:
    return f"{x:g}"


class _Checker:
    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.ids: dict[str, Path] = {}
        self.node_ids: set[str] = set()

    def add(self, path: Path, message: str, code: str, *, key: bool = False) -> None:
        self.problems.append(self.loaded.problem(path, message, code, key=key))

    def line_of(self, path: Path) -> str:
        pos = self.loaded.mark(path)
        return f" (line {pos[0]})" if pos and self.loaded.file else ""

    def check_id(self, node: dict[str, Any], path: Path) -> None:
        value = node.get("id")
        if not isinstance(value, str):
            return  # missing or wrong type: reported by the converter
        if not ID_PATTERN.fullmatch(value):
            self.add(
                (*path, "id"),
                f"id {value!r} must start with a letter and use only letters, digits, '_' and '-'",
                "bad-id",
            )
            return
        if value in self.ids:
            first = self.ids[value]
            pos = self.loaded.mark((*first, "id"))
            at = f" at line {pos[0]}" if pos else ""
            self.add((*path, "id"), f"duplicate id {value!r} (first used{at})", "duplicate-id")
        else:
            self.ids[value] = path

    def check_points(self, node: dict[str, Any], path: Path, noun: str) -> float | None:
        value = _num(node.get("points"))
        if value is not None and value <= 0:
            self.add(
                (*path, "points"), f"points must be positive, got {_fmt(value)}", "points-range"
            )
        return value

    def run(self, data: dict[str, Any]) -> None:
        version = data.get("schema_version")
        if "schema_version" not in data:
            self.add(
                ("schema_version",),
                "missing required key 'schema_version' (this release reads version 1)",
                "missing-key",
            )
        elif isinstance(version, int) and not isinstance(version, bool) and version != 1:
            self.add(
                ("schema_version",),
                f"schema_version {version} is not supported; this release reads version 1",
                "schema-version",
            )
        raw_markers = data.get("markers")
        markers: dict[str, Any] = raw_markers if isinstance(raw_markers, dict) else {}
        level_sum, level_all, level_parts = 0.0, True, []
        levels = data.get("levels")
        if "levels" not in data:
            self.add(
                (),
                "missing required key 'levels' (a scheme needs at least one level)",
                "missing-key",
            )
        elif isinstance(levels, list) and not levels:
            self.add(("levels",), "a scheme needs at least one level", "empty")
        for li, level in _items(data, "levels"):
            lpath: Path = ("levels", li)
            self.check_id(level, lpath)
            lpoints = self.check_points(level, lpath, "level")
            if lpoints is None:
                level_all = False
            else:
                level_sum += lpoints
                level_parts.append(self.part(level, lpath, li, lpoints))
            self.check_children(level, lpath, lpoints, "indicators", "level", markers)
        total = _num(data.get("total_points"))
        if total is not None and total <= 0:
            self.add(
                ("total_points",),
                f"total_points must be positive, got {_fmt(total)}",
                "points-range",
            )
        elif (
            total is not None
            and level_all
            and level_parts
            and not math.isclose(level_sum, total, abs_tol=TOLERANCE)
        ):
            self.add(
                ("total_points",),
                f"levels add up to {_fmt(level_sum)} but total_points "
                f"is {_fmt(total)}: {', '.join(level_parts)}",
                "points-sum",
            )
        self.node_ids = set(self.ids)
        for ri, rule in _items(data, "rules"):
            self.check_id(rule, ("rules", ri))
        self.check_scoring(data)

    def check_children(
        self,
        node: dict[str, Any],
        path: Path,
        points: float | None,
        key: str,
        noun: str,
        markers: dict[str, Any],
    ) -> None:
        children = node.get(key)
        if (isinstance(children, list) and not children) or key not in node:
            self.add(
                (*path, key) if key in node else path,
                f"{_label(node, noun)} needs at least one entry under {key!r}",
                "empty",
                key=key in node,
            )
            return
        pooled = node.get("pooled") is True
        child_sum, child_all, parts = 0.0, True, []
        for ci, child in _items(node, key):
            cpath: Path = (*path, key, ci)
            self.check_id(child, cpath)
            if key == "indicators":
                cpoints = self.check_points(child, cpath, "indicator")
                self.check_children(child, cpath, cpoints, "sub_indicators", "indicator", markers)
            else:
                cpoints = self.check_sub(child, cpath, pooled, markers)
            if cpoints is None:
                child_all = False
            else:
                child_sum += cpoints
                parts.append(self.part(child, cpath, ci, cpoints))
        if pooled or points is None or not child_all or not parts:
            return
        if not math.isclose(child_sum, points, abs_tol=TOLERANCE):
            children_noun = key.replace("_", "-")
            self.add(
                (*path, "points"),
                f"{children_noun} add up to {_fmt(child_sum)} but {_label(node, noun)} has "
                f"{_fmt(points)} points: {', '.join(parts)}",
                "points-sum",
            )

    def part(self, child: dict[str, Any], cpath: Path, index: int, points: float) -> str:
        """``id points (line N)`` for the list in a points-sum message."""
        ident = child.get("id") if isinstance(child.get("id"), str) else f"#{index}"
        return f"{ident} {_fmt(points)}{self.line_of((*cpath, 'points'))}"

    def check_sub(
        self, sub: dict[str, Any], path: Path, pooled: bool, markers: dict[str, Any]
    ) -> float | None:
        has_points = "points" in sub and sub["points"] is not None
        marker = sub.get("marker")
        if isinstance(marker, str) and marker not in markers:
            self.add(
                (*path, "marker"),
                f"marker {marker!r} is not explained under 'markers' "
                "(say what it means there, or that the source does not say)",
                "unknown-marker",
            )
        if pooled and has_points:
            self.add(
                (*path, "points"),
                "a sub-indicator of a pooled indicator has no points of "
                "its own: the split comes with each year's data (remove 'points' or set "
                "'pooled: false' on the indicator)",
                "pooled-points",
            )
            return None
        if not pooled and not has_points:
            self.add(
                path,
                f"{_label(sub, 'sub-indicator')} has no points (only sub-indicators "
                "of a pooled indicator may omit them)",
                "missing-key",
            )
            return None
        return None if pooled else self.check_points(sub, path, "sub-indicator")

    def check_scoring(self, data: dict[str, Any]) -> None:
        scoring = data.get("scoring")
        if not isinstance(scoring, dict):
            return
        precision = scoring.get("precision")
        if (
            isinstance(precision, int)
            and not isinstance(precision, bool)
            and not 0 <= precision <= 6
        ):
            self.add(
                ("scoring", "precision"),
                f"precision must be between 0 and 6 decimals, got {precision}",
                "range",
            )
        tie_break = scoring.get("tie_break")
        if isinstance(tie_break, list):
            for i, node_id in enumerate(tie_break):
                if isinstance(node_id, str) and node_id not in self.node_ids:
                    self.add(
                        ("scoring", "tie_break", i),
                        f"tie_break names {node_id!r}, which is not a node of this scheme",
                        "unknown-id",
                    )


def _plugin_problems(
    loaded: Loaded, spec: Any, path: Path, registry: Registry, out: list[Problem]
) -> tuple[Any, Any]:
    """Append the problems of one plugin spec; return the plugin and its parameters
    (both ``None`` where the spec has a problem)."""
    if not isinstance(spec, dict):
        return None, None
    kind = spec.get("kind")
    if not isinstance(kind, str):
        return None, None
    why = registry.check(kind)
    if why is not None:
        out.append(loaded.problem((*path, "kind"), why, "unknown-plugin"))
        return None, None
    try:
        plugin = registry.get(kind)
    except PluginError as exc:
        out.append(loaded.problem((*path, "kind"), str(exc), "plugin-load"))
        return None, None
    params, found = plugin_params(plugin, spec.get("params"))
    for rel, message, code in found:
        out.append(
            loaded.problem((*path, "params", *rel), message, code, key=code == "unknown-key")
        )
    return (None, None) if found else (plugin, params)


def plugin_params(plugin: Any, raw: Any) -> tuple[Any, list[tuple[Path, str, str]]]:
    """Structure ``raw`` into ``plugin.Params``; problems are relative to ``params``."""
    params_cls = plugin.Params
    if params_cls is None:
        if raw:
            return None, [
                ((), f"this plugin takes no parameters, got {describe(raw)}", "unknown-key")
            ]
        return None, []
    return structure_params(params_cls, raw)


def check_plain(loaded: Loaded, *, plugins: bool = True) -> list[Problem]:
    """Every cross-field problem in the loaded document (types are checked elsewhere)."""
    data = loaded.data
    if not isinstance(data, dict):
        return []
    checker = _Checker(loaded)
    checker.run(data)
    problems = checker.problems
    if plugins:
        for path, spec in _evaluator_specs(data):
            _plugin_problems(loaded, spec, path, evaluator_registry, problems)
        rule_plugins = [
            (ri, rule, *_plugin_problems(loaded, rule, ("rules", ri), rule_registry, problems))
            for ri, rule in _items(data, "rules")
        ]
        _grade_cap_problems(loaded, rule_plugins, problems)
        _rule_order_problems(loaded, rule_plugins, problems)
    return problems


_RulePlugin = tuple[int, dict[str, Any], Any, Any]
"""A rule entry: its index, its mapping, its plugin and its parameters (``None`` if bad)."""


def _rule_order_problems(loaded: Loaded, rules: list[_RulePlugin], out: list[Problem]) -> None:
    """A rule that sets totals (a ``zero_total`` veto) must come after the rules that
    change totals (bonus, deduction), as the plugins declare.

    Rules run in the declared order; a bonus or deduction declared after the veto
    would add to (or take from) the zeroed total.
    """
    for pos, (vi, _spec, plugin, params) in enumerate(rules):
        by = None if plugin is None else plugin.sets_total(params)
        if by is None:
            continue
        later = [
            f"rules[{ri}] {rule.get('id')!r} ({rule.get('kind')})"
            for ri, rule, other, _params in rules[pos + 1 :]
            if other is not None and other.changes_total
        ]
        if later:
            out.append(
                loaded.problem(
                    ("rules", vi, "params", by),
                    "this rule sets totals, so it must be declared after the rules that change "
                    f"totals (bonus, deduction), which run in the declared order: "
                    f"{', '.join(later)} would change the total it sets",
                    "rule-order",
                )
            )


def _grade_cap_problems(loaded: Loaded, rules: list[_RulePlugin], out: list[Problem]) -> None:
    """A rule's grade cap must be a grade of some grade rule (as when scoring)."""
    grades = {
        grade
        for _, _spec, plugin, params in rules
        if plugin is not None and plugin.grades
        for grade in plugin.grade_names(params)
    }
    for ri, _spec, plugin, params in rules:
        cap = None if plugin is None else plugin.grade_cap(params)
        if cap is not None and cap not in grades:
            out.append(
                loaded.problem(
                    ("rules", ri, "params", "grade_cap"),
                    f"grade_cap {cap!r} is not a grade of any grade rule in this scheme",
                    "unknown-grade",
                )
            )


def _evaluator_specs(data: dict[str, Any]) -> Iterator[tuple[Path, Any]]:
    for li, level in _items(data, "levels"):
        for ii, ind in _items(level, "indicators"):
            for si, sub in _items(ind, "sub_indicators"):
                if sub.get("evaluator") is not None:
                    yield (
                        ("levels", li, "indicators", ii, "sub_indicators", si, "evaluator"),
                        sub["evaluator"],
                    )

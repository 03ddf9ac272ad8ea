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

import attrs
from attrs import frozen

from .._plugins import Registry
from .._plugins import evaluators as evaluator_registry
from .._plugins import rules as rule_registry
from ..exceptions import PluginError, Problem
from ._convert import describe, structure_params
from ._yaml import Loaded, Path

__all__ = ["check_plain", "concerns", "plugin_params"]

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


_LEAF_FIELDS = ("marker", "content", "assessors", "evaluator")
_COMBINE = ("sum", "min", "max", "mean")
"""How a branch may combine its children's results (``Node.combine``), the default first."""
"""Keys that belong to leaves (what an assessor scores), never to a branch."""


@frozen
class _Form:
    """How one file form spells the tree: the keys and the nouns of its messages.

    The 3-tier form (``levels`` → ``indicators`` → ``sub_indicators``) keeps the
    English nouns of its keys; the generic form (``nodes`` → ``children``) names a
    node by its tier, as the scheme calls it (``一级指标 重点工作``).
    """

    top_key: str
    generic: bool
    tier_names: tuple[str, ...]

    def child_key(self, depth: int) -> str:
        if self.generic:
            return "children"
        return ("indicators", "sub_indicators", "children")[min(depth, 2)]

    def noun(self, depth: int) -> str:
        if not self.generic:
            return ("level", "indicator", "sub-indicator")[min(depth, 2)]
        return self.tier_names[depth] if depth < len(self.tier_names) else "node"

    def children_noun(self, depth: int) -> str:
        return "children" if self.generic else self.child_key(depth).replace("_", "-")

    @property
    def n_tiers(self) -> int | None:
        return len(self.tier_names) if self.tier_names or not self.generic else None


_LEVELS_FORM = _Form(top_key="levels", generic=False, tier_names=("", "", ""))


class _Checker:
    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.ids: dict[str, Path] = {}
        self.node_ids: set[str] = set()
        self.group_ids: dict[str, Path] = {}
        self.markers: dict[str, Any] = {}
        self.form = _LEVELS_FORM
        self.lenient = 0
        self.unsummed: set[str] = set()
        """Groups with a bad per-group value somewhere: their budgets are not checked."""
        """Above zero inside a misplaced pool, where missing points are not reported."""

    def add(self, path: Path, message: str, code: str, *, key: bool = False) -> None:
        self.problems.append(self.loaded.problem(path, message, code, key=key))

    def line_of(self, path: Path) -> str:
        pos = self.loaded.mark(path)
        if not pos or not self.loaded.file:
            return ""
        if not self.loaded.several_files:
            return f" (line {pos[0]})"
        return f" ({self.loaded.file_of(path)}:{pos[0]})"  # a variant and its parents

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

    def check_points(self, node: dict[str, Any], path: Path) -> float | None:
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
        self.markers = raw_markers if isinstance(raw_markers, dict) else {}
        self.check_groups(data)
        self.form = self.check_form(data)
        top = data.get(self.form.top_key)
        if isinstance(top, list) and not top:
            noun = "level" if self.form.top_key == "levels" else "node"
            self.add((self.form.top_key,), f"a scheme needs at least one {noun}", "empty")
        top_nodes = list(_items(data, self.form.top_key))
        if not self.check_depths(data, top_nodes):
            self.form = attrs.evolve(self.form, tier_names=())  # no depth checks below
        for i, node in top_nodes:
            self.check_node(node, (self.form.top_key, i), 0, pooled_parent=False)
        total = _num(data.get("total_points"))
        if total is not None and total <= 0:
            self.add(
                ("total_points",),
                f"total_points must be positive, got {_fmt(total)}",
                "points-range",
            )
        elif total is not None:
            parts: list[tuple[int, dict[str, Any], Path]] = [
                (i, node, (self.form.top_key, i)) for i, node in top_nodes
            ]
            whole = f"total_points is {_fmt(total)}"
            self.check_sum(parts, total, None, ("total_points",), whole, self.form.top_key, {})
        self.node_ids = set(self.ids)
        for ri, rule in _items(data, "rules"):
            self.check_id(rule, ("rules", ri))
        self.check_scoring(data)

    # -- the form, the tiers and the groups ---------------------------------------

    def check_form(self, data: dict[str, Any]) -> _Form:
        """Which form the file uses, with the problems of ``tiers``."""
        has_levels, has_nodes = "levels" in data, "nodes" in data
        if has_levels and has_nodes:
            self.add(
                ("levels",),
                "a scheme gives its tree either as 'tiers' and 'nodes' or in the 3-tier "
                "'levels' form, not both (this file is read in the 'nodes' form)",
                "both-forms",
                key=True,
            )
        if not has_levels and not has_nodes:
            self.add(
                (),
                "missing required key 'nodes' (a scheme needs its tree: 'tiers' and 'nodes', "
                "or the 3-tier 'levels' form)",
                "missing-key",
            )
        generic = not has_levels or has_nodes
        tiers = data.get("tiers")
        names: list[str] = []
        if isinstance(tiers, list):
            names = [
                t["name"] if isinstance(t, dict) and isinstance(t.get("name"), str) else "node"
                for t in tiers
            ]
            if not tiers:
                self.add(("tiers",), "a scheme needs at least one tier", "empty")
            elif not generic and len(tiers) != 3:
                self.add(
                    ("tiers",),
                    f"the 3-tier 'levels' form has 3 tiers, but 'tiers' lists {len(tiers)} "
                    "(write the tree as 'nodes' with 'children' for another depth)",
                    "tier-count",
                )
                names = []
        elif generic and "tiers" not in data and has_nodes:
            self.add(
                (),
                "missing required key 'tiers' (the 'nodes' form names one tier per depth, "
                "top first, e.g. [{name: 一级指标}, {name: 二级指标}])",
                "missing-key",
            )
        if not generic:
            return _LEVELS_FORM
        return _Form(top_key="nodes", generic=True, tier_names=tuple(names))

    def check_depths(self, data: dict[str, Any], top: list[tuple[int, dict[str, Any]]]) -> bool:
        """In the generic form, one problem when the whole tree is deeper or shallower
        than its tiers; ``False`` then (or when the tiers are unknown) so that the
        branches are not each reported again."""
        n = self.form.n_tiers
        if not self.form.generic:
            return True
        if not n:
            return False
        depths: set[int] = set()

        def leaf_depths(node: dict[str, Any], depth: int) -> None:
            children = list(_items(node, "children"))
            if not children:
                depths.add(depth)
            for _, child in children:
                leaf_depths(child, depth + 1)

        for _, node in top:
            leaf_depths(node, 0)
        if len(depths) == 1 and (deep := depths.pop() + 1) != n:
            names = " > ".join(self.form.tier_names)
            self.add(
                ("tiers",),
                f"'tiers' lists {n} {'tier' if n == 1 else 'tiers'} ({names}) but every branch "
                f"of the tree is {deep} deep: list one tier per depth",
                "tier-count",
            )
            return False
        return True

    def check_groups(self, data: dict[str, Any]) -> None:
        for gi, group in _items(data, "groups"):
            value = group.get("id")
            if not isinstance(value, str):
                continue
            path: Path = ("groups", gi, "id")
            if not ID_PATTERN.fullmatch(value):
                self.add(
                    path,
                    f"group id {value!r} must start with a letter and use only letters, "
                    "digits, '_' and '-'",
                    "bad-id",
                )
            elif value in self.group_ids:
                pos = self.loaded.mark(self.group_ids[value])
                at = f" at line {pos[0]}" if pos else ""
                self.add(path, f"duplicate group id {value!r} (first used{at})", "duplicate-id")
            else:
                self.group_ids[value] = path

    def check_points_by_group(self, node: dict[str, Any], path: Path) -> dict[str, float]:
        """The node's valid per-group points; undeclared groups are reported."""
        raw = node.get("points_by_group")
        if not isinstance(raw, dict):
            return {}
        found: dict[str, float] = {}
        for group, value in raw.items():
            gpath: Path = (*path, "points_by_group", group)
            if not isinstance(group, str):
                continue  # reported by the converter
            if group not in self.group_ids:
                declared = ", ".join(self.group_ids) or "none are"
                self.add(
                    gpath,
                    f"group {group!r} is not declared under 'groups' (declared: {declared})"
                    if self.group_ids
                    else f"group {group!r} is not declared: this scheme has no 'groups'",
                    "unknown-group",
                    key=True,
                )
                continue
            number = _num(value)
            if number is None or number <= 0:
                self.unsummed.add(group)  # its budgets would only repeat this problem
                if number is not None:
                    msg = f"points must be positive, got {_fmt(number)}"
                    self.add(gpath, msg, "points-range")
                continue
            found[group] = number
        return found

    # -- the tree -----------------------------------------------------------------

    def check_node(
        self, node: dict[str, Any], path: Path, depth: int, *, pooled_parent: bool
    ) -> tuple[float | None, dict[str, float]]:
        """Check one node and its subtree; return its points and per-group points."""
        form = self.form
        self.check_id(node, path)
        label = _label(node, form.noun(depth))
        key = form.child_key(depth)
        children = list(_items(node, key))
        raw_children = node.get(key)
        n = form.n_tiers
        is_last = n is not None and depth >= n - 1
        by_group = self.check_points_by_group(node, path)
        if is_last or (n is None and not children):
            if form.generic and key in node and raw_children not in (None, []) and is_last:
                last = form.tier_names[-1] if form.tier_names else "node"
                self.add(
                    (*path, key),
                    f"{label} is of the last tier ({last}) but has children: list one more "
                    "tier under 'tiers', or remove them",
                    "tier-depth",
                    key=True,
                )
            return self.check_leaf(node, path, depth, pooled_parent, by_group)
        if not children:
            if not form.generic or (key in node and isinstance(raw_children, list)):
                self.add(
                    (*path, key) if key in node else path,
                    f"{label} needs at least one entry under {key!r}",
                    "empty",
                    key=key in node,
                )
            else:
                assert n is not None
                last = form.tier_names[-1]
                self.add(
                    path,
                    f"{label} has no children, but only the last tier ({last}) has leaves: "
                    f"give it children down to {last}",
                    "tier-depth",
                )
            return self.check_points(node, path), by_group
        points = self.check_points(node, path)
        if form.generic:
            if ("points" not in node or node.get("points") is None) and not self.lenient:
                self.add(
                    (*path, "points") if "points" in node else path,
                    f"{label} has no points"
                    f"{' (points: null)' if 'points' in node else ''} "
                    "(the points of a branch are what its children share)",
                    "missing-key",
                )
            for leaf_key in _LEAF_FIELDS:
                if node.get(leaf_key) not in (None, [], ""):
                    self.add(
                        (*path, leaf_key),
                        f"{leaf_key!r} belongs to a leaf, but {label} has children "
                        "(give it to the leaves below)",
                        "leaf-field",
                        key=True,
                    )
        pooled = node.get("pooled") is True
        problem_pool = pooled and any(
            list(_items(child, form.child_key(depth + 1))) for _, child in children
        )
        if problem_pool:
            self.add(
                (*path, "pooled"),
                f"{label} is pooled, so its children must be leaves: the split of its points "
                "comes with each year's data, leaf by leaf",
                "pooled-depth",
            )
            self.lenient += 1  # the points below a misplaced pool are not reported again
        combine = node.get("combine", "sum")
        if combine in _COMBINE and combine != "sum" and pooled:
            self.add(
                (*path, "combine"),
                f"{label} is pooled, so its children's points add up to its own: "
                f"it cannot combine them by {combine} (remove 'combine' or 'pooled')",
                "combine-pooled",
                key=True,
            )
        parts: list[tuple[int, dict[str, Any], Path]] = [
            (ci, child, (*path, key, ci)) for ci, child in children
        ]
        sums = [
            self.check_node(child, cpath, depth + 1, pooled_parent=pooled)
            for _, child, cpath in parts
        ]
        if problem_pool:
            self.lenient -= 1
        if not pooled and points is not None and combine not in _COMBINE[1:]:
            # min/max/mean: each child is scaled to the node's points, so the
            # children's points need not add up to it (docs/scheme-format.md)
            self.check_sum(
                parts,
                points,
                by_group,
                (*path, "points"),
                f"{label} has {_fmt(points)} points",
                form.children_noun(depth),
                dict(zip([ci for ci, _, _ in parts], sums, strict=True)),
                label=label,
            )
        return points, by_group

    def check_leaf(
        self,
        node: dict[str, Any],
        path: Path,
        depth: int,
        pooled: bool,
        by_group: dict[str, float],
    ) -> tuple[float | None, dict[str, float]]:
        form = self.form
        label = _label(node, form.noun(depth))
        has_points = "points" in node and node["points"] is not None
        marker = node.get("marker")
        if isinstance(marker, str) and marker not in self.markers:
            self.add(
                (*path, "marker"),
                f"marker {marker!r} is not explained under 'markers' "
                "(say what it means there, or that the source does not say)",
                "unknown-marker",
            )
        if node.get("pooled") is True:
            self.add(
                (*path, "pooled"),
                f"{label} has no children to share its points: only a branch can be pooled",
                "pooled-leaf",
            )
        if node.get("combine", "sum") != "sum":
            self.add(
                (*path, "combine"),
                f"{label} has no children to combine: only a branch has 'combine'",
                "combine-leaf",
                key=True,
            )
        child, parent = (
            ("a child", "a pooled node")
            if form.generic
            else ("a sub-indicator", "a pooled indicator")
        )
        if pooled and has_points:
            on = "the parent" if form.generic else "the indicator"
            self.add(
                (*path, "points"),
                f"{child} of {parent} has no points of its own: the split comes with each "
                f"year's data (remove 'points' or set 'pooled: false' on {on})",
                "pooled-points",
            )
            return None, {}
        if pooled and by_group:
            self.add(
                (*path, "points_by_group"),
                f"{child} of {parent} has no points of its own, for any group: the split "
                "comes with each year's data (remove 'points_by_group')",
                "pooled-points",
                key=True,
            )
            return None, {}
        if not pooled and not has_points and not self.lenient:
            others = (
                "children of a pooled node"
                if form.generic
                else "sub-indicators of a pooled indicator"
            )
            self.add(
                (*path, "points") if "points" in node else path,
                f"{label} has no points{' (points: null)' if 'points' in node else ''} "
                f"(only {others} may omit them)",
                "missing-key",
            )
            return None, {}
        return (None, {}) if pooled else (self.check_points(node, path), by_group)

    def check_sum(
        self,
        parts: list[tuple[int, dict[str, Any], Path]],
        points: float,
        by_group: dict[str, float] | None,
        at: Path,
        whole: str,
        noun: str,
        sums: dict[int, tuple[float | None, dict[str, float]]],
        *,
        label: str = "",
    ) -> None:
        """Children's points add up to the parent's, for the default and for each group.

        ``by_group`` is ``None`` at the top, where every group shares ``total_points``.
        """
        if not sums:
            sums = {
                ci: (_num(child.get("points")), self.valid_by_group(child))
                for ci, child, _ in parts
            }
        if not parts or any(sums[ci][0] is None for ci, _, _ in parts):
            return
        total = sum(sums[ci][0] or 0.0 for ci, _, _ in parts)
        if not math.isclose(total, points, abs_tol=TOLERANCE):
            listed = ", ".join(
                self.part(child, (*cpath, "points"), ci, sums[ci][0] or 0.0)
                for ci, child, cpath in parts
            )
            self.add(
                at,
                f"{noun} add up to {_fmt(total)} but {whole}: {listed}",
                "points-sum",
            )
        parent_groups = by_group or {}
        groups = [
            g
            for g in self.group_ids
            if g not in self.unsummed
            and (g in parent_groups or any(g in sums[ci][1] for ci, _, _ in parts))
        ]
        for g in groups:
            want = parent_groups.get(g, points)
            got = sum(sums[ci][1].get(g, sums[ci][0] or 0.0) for ci, _, _ in parts)
            if math.isclose(got, want, abs_tol=TOLERANCE):
                continue
            listed = ", ".join(
                self.part(
                    child,
                    (*cpath, "points_by_group", g) if g in sums[ci][1] else (*cpath, "points"),
                    ci,
                    sums[ci][1].get(g, sums[ci][0] or 0.0),
                )
                for ci, child, cpath in parts
            )
            if by_group is None:
                place, whole_g = at, f"total_points is {_fmt(want)}"
            elif g in parent_groups:
                place = (*at[:-1], "points_by_group", g)
                whole_g = f"{label} has {_fmt(want)} points for it"
            else:
                place, whole_g = at, f"{label} has {_fmt(want)} points"
            self.add(
                place,
                f"for group {g!r}: {noun} add up to {_fmt(got)} but {whole_g}: {listed}",
                "points-sum",
            )

    def valid_by_group(self, node: dict[str, Any]) -> dict[str, float]:
        raw = node.get("points_by_group")
        if not isinstance(raw, dict):
            return {}
        return {
            g: v
            for g, value in raw.items()
            if g in self.group_ids and (v := _num(value)) is not None and v > 0
        }

    def part(self, child: dict[str, Any], ppath: Path, index: int, points: float) -> str:
        """``id points (line N)`` for the list in a points-sum message."""
        ident = child.get("id") if isinstance(child.get("id"), str) else f"#{index}"
        return f"{ident} {_fmt(points)}{self.line_of(ppath)}"

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
        if scoring.get("within_groups") is True and not self.group_ids:
            self.add(
                ("scoring", "within_groups"),
                "within_groups ranks units within their groups, but no groups are declared "
                "under 'groups'",
                "no-groups",
            )


_NODE_KEYS = frozenset({"nodes", "levels", "children", "indicators", "sub_indicators"})


def concerns(data: Any, path: Path) -> tuple[str | None, str | None]:
    """The ids of the node and of the rule that a problem at ``path`` is about.

    The node is the deepest node on the path (a budget problem at a branch's
    ``points`` concerns the branch); the rule is the rule the path is inside.
    """
    node: str | None = None
    rule: str | None = None
    item = data
    for i, key in enumerate(path):
        parent_key = path[i - 1] if i else None
        if isinstance(item, dict) and isinstance(key, str):
            item = item.get(key)
        elif isinstance(item, list) and isinstance(key, int) and 0 <= key < len(item):
            item = item[key]
        else:
            break
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(key, int) and isinstance(ident, str):
            if parent_key in _NODE_KEYS and rule is None:
                node = ident
            elif parent_key == "rules" and i == 1:
                rule = ident
    return node, rule


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
        _reference_problems(loaded, rule_plugins, checker, problems)
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


def _reference_problems(
    loaded: Loaded, rules: list[_RulePlugin], checker: _Checker, out: list[Problem]
) -> None:
    """Nodes and unit groups that a rule names must exist (units are checked against
    the data when scoring): a typo must never make a rule silently match nothing."""
    for ri, _spec, plugin, params in rules:
        if plugin is None:
            continue
        for ref in plugin.references(params):
            where = ("rules", ri, "params", *ref.param)
            if ref.kind == "node" and ref.id not in checker.node_ids:
                out.append(
                    loaded.problem(where, f"{ref.id!r} is not a node of this scheme", "unknown-id")
                )
            elif ref.kind == "group" and checker.group_ids and ref.id not in checker.group_ids:
                declared = ", ".join(sorted(checker.group_ids))
                out.append(
                    loaded.problem(
                        where,
                        f"{ref.id!r} is not a unit group of this scheme (declared: {declared})",
                        "unknown-group",
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
    """The ``evaluator`` of every leaf, in either form, with its path."""
    generic = "nodes" in data or "levels" not in data
    keys = ("children",) if generic else ("indicators", "sub_indicators")

    def walk(node: dict[str, Any], path: Path, depth: int) -> Iterator[tuple[Path, Any]]:
        key = keys[min(depth, len(keys) - 1)] if generic or depth < 2 else ""
        children = list(_items(node, key)) if key else []
        if not children and node.get("evaluator") is not None:
            yield (*path, "evaluator"), node["evaluator"]
        for ci, child in children:
            yield from walk(child, (*path, key, ci), depth + 1)

    top = "nodes" if generic else "levels"
    for i, node in _items(data, top):
        yield from walk(node, (top, i), 0)

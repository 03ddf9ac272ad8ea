"""The domain model: a scheme is a tree of nodes, one tier per depth, 1 to any number deep.

All classes are small, frozen attrs classes.  They hold what a scheme file says and
nothing else; derived figures (weights, paths, totals) are computed from them.  A
scheme built in Python is checked with :func:`govperf.validate_scheme` exactly as a
file is.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from attrs import field, frozen

from .._labels import label

__all__ = [
    "XICHENG_TIERS",
    "Assessor",
    "EvaluatorSpec",
    "Indicator",
    "Level",
    "Metadata",
    "Node",
    "RuleSpec",
    "Scheme",
    "Scoring",
    "SubIndicator",
    "Tier",
    "UnitGroup",
]

SCHEMA_VERSION = 1
"""The version of the scheme file format that this release reads and writes."""


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


def _dict(value: Any) -> dict[str, Any]:
    return dict(value)


def _fmt_points(points: float | None) -> str:
    if points is None:
        return "pooled"
    return f"{points:g}"


@frozen(kw_only=True)
class Assessor:
    """An office that scores a sub-indicator or a rule (考评主体).

    ``role`` keeps what the document says about how the office takes part, for
    example ``"委托第三方调查机构进行测评"`` (commissions a third-party survey).
    """

    name: str
    name_en: str | None = None
    role: str | None = None


@frozen(kw_only=True)
class EvaluatorSpec:
    """How a sub-indicator turns raw facts into points (考评细则): a plugin name and its parameters.

    ``kind`` names an evaluator registered under the ``govperf.evaluators`` entry-point
    group; ``params`` is structured into that evaluator's parameter class when the
    scheme is validated, so a wrong parameter is reported with its line.
    """

    kind: str
    params: Mapping[str, Any] = field(factory=dict, converter=_dict)
    note: str | None = None


@frozen(kw_only=True)
class RuleSpec:
    """A rule applied after the tree is summed: a bonus, deduction, veto, grade or exclusion.

    ``kind`` names a rule registered under the ``govperf.rules`` entry-point group.
    Rules are applied in the order the scheme declares them.
    """

    id: str
    name: str
    name_en: str | None = None
    kind: str
    content: str | None = None
    assessors: tuple[Assessor, ...] = field(default=(), converter=_tuple)
    params: Mapping[str, Any] = field(factory=dict, converter=_dict)
    note: str | None = None


@frozen
class Tier:
    """One tier of the tree (e.g. 一级指标): its name, Chinese first, and an English name.

    A scheme has one tier per depth, top first.  The names are the scheme's own: a
    province may call its four tiers 领域, 维度, 指标 and 子指标.
    """

    name: str
    name_en: str | None = None


XICHENG_TIERS = (
    Tier("评价层面", "level"),
    Tier("一级指标", "indicator"),
    Tier("二级指标", "sub-indicator"),
)
"""The tiers of the 3-tier ``levels:`` form (Xicheng 2013): the default when none are given."""


@frozen
class UnitGroup:
    """A class of units scored on its own point set and, if asked, ranked within itself (分类考核).

    For example 委办局 and 街道, or 综合部门 and 执法部门.  Each unit names its group
    in the year's ``units`` table; a node's ``points_by_group`` gives the
    points that differ for a group.
    """

    id: str
    name: str
    name_en: str | None = None
    note: str | None = None


@frozen(kw_only=True)
class Node:
    """A node of the indicator tree, at any tier: a branch with ``children`` or a leaf.

    Every node has an id, a name and its maximum ``points``; the children's points
    add up to their parent's.  A leaf (no children) is what an assessor scores: it
    carries ``content``, ``assessors``, an ``evaluator`` and a printed ``marker``,
    which are empty on branches.

    ``pooled`` marks a branch whose points are shared by its children (all leaves) in
    a split that the scheme does not fix: each unit's split comes with the year's
    data, and the children have no ``points`` of their own.

    ``points_by_group`` gives the points that differ for a unit group (分类考核),
    keyed by group id; a group not listed uses ``points``.

    ``combine`` says how a branch's result comes from its children: ``"sum"`` (the
    default: the children's points add up to the node's), or ``"min"``, ``"max"`` or
    ``"mean"``.  For the last three the node's ``points`` are its maximum, each
    child's result is first scaled to it (``result × node points / child points``),
    and the node takes the lowest, the highest, or the mean weighted by the
    children's points; the children's points then need not add up to the node's.

    :class:`Level`, :class:`Indicator` and :class:`SubIndicator` are the same node
    under the familiar names of the 3-tier form; a scheme of any other shape is made
    of plain nodes.
    """

    id: str
    name: str
    name_en: str | None = None
    points: float | None = None
    points_by_group: Mapping[str, float] = field(factory=dict, converter=_dict)
    pooled: bool = False
    combine: Literal["sum", "min", "max", "mean"] = "sum"
    marker: str | None = None
    content: str | None = None
    assessors: tuple[Assessor, ...] = field(default=(), converter=_tuple)
    evaluator: EvaluatorSpec | None = None
    note: str | None = None
    children: tuple[Node, ...] = field(default=(), converter=_tuple)

    @property
    def is_leaf(self) -> bool:
        """True for a node without children: the one an assessor scores."""
        return not self.children

    def points_for(self, group: str | None = None) -> float | None:
        """The node's points for units of ``group`` (its own ``points`` when not listed).

        ``None`` for a child of a pooled node, whose points come with each year's data.
        """
        if group is not None and group in self.points_by_group:
            return self.points_by_group[group]
        return self.points

    @property
    def indicators(self) -> tuple[Node, ...]:
        """The children, under the name the 3-tier form gives a level's children."""
        return self.children

    @property
    def sub_indicators(self) -> tuple[Node, ...]:
        """The children, under the name the 3-tier form gives an indicator's children."""
        return self.children


@frozen(kw_only=True)
class SubIndicator(Node):
    """A leaf of the 3-tier form (二级指标), scored by its assessors with its evaluator.

    ``points`` is ``None`` only when the parent indicator is pooled: the split of
    the parent's points among its sub-indicators then comes with each year's data.
    """

    id: str
    name: str
    name_en: str | None = None
    points: float | None = None
    points_by_group: Mapping[str, float] = field(factory=dict, converter=_dict)
    marker: str | None = None
    content: str | None = None
    assessors: tuple[Assessor, ...] = field(default=(), converter=_tuple)
    evaluator: EvaluatorSpec | None = None
    note: str | None = None
    pooled: bool = field(default=False, init=False, repr=False)
    combine: Literal["sum", "min", "max", "mean"] = field(default="sum", init=False, repr=False)
    children: tuple[()] = field(default=(), init=False, repr=False)


@frozen(kw_only=True)
class Indicator(Node):
    """The middle tier of the 3-tier form (一级指标), e.g. 职责任务 45 points.

    When ``pooled`` is true the indicator's points are shared by its sub-indicators
    in a split that the scheme does not fix; each unit's split comes with the data.
    """

    id: str
    name: str
    name_en: str | None = None
    points: float
    points_by_group: Mapping[str, float] = field(factory=dict, converter=_dict)
    pooled: bool = False
    combine: Literal["sum", "min", "max", "mean"] = "sum"
    note: str | None = None
    children: tuple[SubIndicator, ...] = field(default=(), converter=_tuple, alias="sub_indicators")
    marker: None = field(default=None, init=False, repr=False)
    content: None = field(default=None, init=False, repr=False)
    assessors: tuple[()] = field(default=(), init=False, repr=False)
    evaluator: None = field(default=None, init=False, repr=False)

    @property
    def sub_indicators(self) -> tuple[SubIndicator, ...]:
        """The sub-indicators (the same as ``children``)."""
        return self.children


@frozen(kw_only=True)
class Level(Node):
    """The top tier of the 3-tier form (评价层面), e.g. 履职效率 50 points."""

    id: str
    name: str
    name_en: str | None = None
    points: float
    points_by_group: Mapping[str, float] = field(factory=dict, converter=_dict)
    combine: Literal["sum", "min", "max", "mean"] = "sum"
    note: str | None = None
    children: tuple[Indicator, ...] = field(default=(), converter=_tuple, alias="indicators")
    pooled: bool = field(default=False, init=False, repr=False)
    marker: None = field(default=None, init=False, repr=False)
    content: None = field(default=None, init=False, repr=False)
    assessors: tuple[()] = field(default=(), init=False, repr=False)
    evaluator: None = field(default=None, init=False, repr=False)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The indicators (the same as ``children``)."""
        return self.children


@frozen(kw_only=True)
class Metadata:
    """Where a scheme comes from and whom it covers."""

    jurisdiction: str | None = None
    jurisdiction_en: str | None = None
    issuer: str | None = None
    document_number: str | None = None
    document_title: str | None = None
    issue_date: _dt.date | None = None
    publication_date: _dt.date | None = None
    scope: str | None = None
    period: str | None = None
    source: str | None = None
    notes: tuple[str, ...] = field(default=(), converter=_tuple)


@frozen(kw_only=True)
class Scoring:
    """Scheme-wide scoring settings.

    ``precision`` is the number of decimals of published figures (rounded half up);
    ``tie_break`` lists node ids (of any tier) whose points break ties in the
    ranking, in order; ``within_groups`` ranks units, applies grade quotas and takes
    medians within each unit group instead of over all units.
    """

    precision: int = 2
    tie_break: tuple[str, ...] = field(default=(), converter=_tuple)
    within_groups: bool = False


_Entry = tuple[Node, tuple[str, ...]]


@frozen(kw_only=True)
class Scheme:
    """A whole indicator system (指标体系) of one jurisdiction and period.

    The tree has one tier per entry of ``tiers``, top first, and its top-tier nodes
    are ``children`` (``levels`` to the constructor and in the 3-tier file form,
    ``nodes`` in the generic file form).  Every branch reaches the last tier.
    """

    id: str
    title: str
    title_en: str | None = None
    total_points: float
    schema_version: int = SCHEMA_VERSION
    metadata: Metadata = field(factory=Metadata)
    markers: Mapping[str, str] = field(factory=dict, converter=_dict)
    tiers: tuple[Tier, ...] = field(default=XICHENG_TIERS, converter=_tuple)
    groups: tuple[UnitGroup, ...] = field(default=(), converter=_tuple)
    scoring: Scoring = field(factory=Scoring)
    children: tuple[Node, ...] = field(default=(), converter=_tuple, alias="levels")
    rules: tuple[RuleSpec, ...] = field(default=(), converter=_tuple)
    _index: dict[str, _Entry] = field(init=False, repr=False, eq=False, alias="_index")

    def __attrs_post_init__(self) -> None:
        index: dict[str, _Entry] = {}
        stack: list[tuple[Node, tuple[str, ...]]] = [
            (node, (node.id,)) for node in reversed(self.children)
        ]
        while stack:
            node, ids = stack.pop()
            index.setdefault(node.id, (node, ids))
            stack.extend((child, (*ids, child.id)) for child in reversed(node.children))
        object.__setattr__(self, "_index", index)

    # -- navigation -------------------------------------------------------------

    @property
    def levels(self) -> tuple[Node, ...]:
        """The top-tier nodes (the same as ``children``), under the 3-tier form's name."""
        return self.children

    @property
    def n_tiers(self) -> int:
        """How many tiers the tree has (the length of ``tiers``)."""
        return len(self.tiers)

    @property
    def indicators(self) -> tuple[Node, ...]:
        """The nodes of the second tier, in tree order (the 3-tier form's indicators)."""
        return tuple(node for node in self.iter_nodes() if len(self._index[node.id][1]) == 2)

    @property
    def sub_indicators(self) -> tuple[Node, ...]:
        """All leaves, in tree order (the 3-tier form's sub-indicators)."""
        return tuple(self.iter_leaves())

    @property
    def leaves(self) -> tuple[Node, ...]:
        """All leaves, in tree order: the nodes an assessor scores."""
        return tuple(self.iter_leaves())

    def iter_leaves(self) -> Iterator[Node]:
        """Iterate over the leaves in tree order."""
        return (node for node in self.iter_nodes() if node.is_leaf)

    def iter_sub_indicators(self) -> Iterator[Node]:
        """Iterate over the leaves in tree order (the same as :meth:`iter_leaves`)."""
        return self.iter_leaves()

    def iter_nodes(self) -> Iterator[Node]:
        """Iterate over every node, depth first, parents before children."""
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._index

    def _entry(self, node_id: str) -> _Entry:
        try:
            return self._index[node_id]
        except KeyError:
            raise KeyError(f"scheme {self.id!r} has no node with id {node_id!r}") from None

    def node(self, node_id: str) -> Node:
        """Return the node with this id; :class:`KeyError` names the id if there is none."""
        return self._entry(node_id)[0]

    def path(self, node_id: str) -> tuple[Node, ...]:
        """The nodes from the top tier down to ``node_id`` (inclusive)."""
        return tuple(self._index[i][0] for i in self._entry(node_id)[1])

    def parent(self, node_id: str) -> Node | None:
        """The parent node, or ``None`` for a node of the top tier."""
        ids = self._entry(node_id)[1]
        return self._index[ids[-2]][0] if len(ids) > 1 else None

    def depth(self, node_id: str) -> int:
        """The node's depth: 0 for the top tier, ``n_tiers - 1`` for a leaf."""
        return len(self._entry(node_id)[1]) - 1

    def tier(self, node_id: str) -> Tier:
        """The tier of the node (e.g. ``Tier("一级指标", "indicator")``)."""
        depth = self.depth(node_id)
        if depth < len(self.tiers):
            return self.tiers[depth]
        # a tree deeper than its tiers (invalid, but still drawn)
        return Tier(label("scheme.tier_n", n=depth + 1), label("scheme.tier_n", "en", n=depth + 1))

    def tier_name(self, depth: int, lang: Literal["zh", "en"] = "zh") -> str:
        """The name of the tier at ``depth`` (0 = top), in Chinese or English.

        The English name falls back to the Chinese one when the scheme gives none.
        """
        if not 0 <= depth < len(self.tiers):
            return label("scheme.tier_n", lang, n=depth + 1)
        tier = self.tiers[depth]
        return tier.name_en or tier.name if lang == "en" else tier.name

    def group(self, group_id: str) -> UnitGroup:
        """Return the unit group with this id."""
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(f"scheme {self.id!r} has no unit group with id {group_id!r}")

    def rule(self, rule_id: str) -> RuleSpec:
        """Return the rule with this id."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"scheme {self.id!r} has no rule with id {rule_id!r}")

    # -- derived figures --------------------------------------------------------

    def weight(self, node_id: str, group: str | None = None) -> float | None:
        """The node's share of its parent's points (a top-tier node's share of the total).

        ``group`` gives the shares for units of that group.  ``None`` for a child of a
        pooled node, whose split is set by each year's data.
        """
        points = self.node(node_id).points_for(group)
        if points is None:
            return None
        parent = self.parent(node_id)
        whole = self.total_points if parent is None else parent.points_for(group)
        return points / whole if whole else None

    def global_weight(self, node_id: str, group: str | None = None) -> float | None:
        """The node's share of the scheme total (``None`` inside a pool)."""
        points = self.node(node_id).points_for(group)
        if points is None:
            return None
        return points / self.total_points if self.total_points else None

    def tree(self, lang: Literal["zh", "en"] = "zh") -> str:
        """A readable tree with points, one node per line, after a line naming the tiers.

        Points that differ for a unit group follow in brackets, e.g. ``50 (streets 40)``.
        """
        en = lang == "en"
        title = self.title_en if en and self.title_en else self.title
        lines = [f"{title} [{self.id}] {_fmt_points(self.total_points)}"]
        tiers = " > ".join(self.tier_name(d, lang) for d in range(len(self.tiers)))
        lines.append(f"{label('scheme.tiers', lang)}: {tiers}")
        if self.groups:
            groups = ", ".join(
                f"{g.id} {g.name_en or g.name if en else g.name}" for g in self.groups
            )
            lines.append(f"{label('scheme.groups', lang)}: {groups}")

        def walk(nodes: tuple[Node, ...], pad: str) -> None:
            for i, node in enumerate(nodes):
                last = i == len(nodes) - 1
                name = node.name_en or node.name if en else node.name
                pooled = " (pooled)" if node.pooled else ""
                by_group = "".join(
                    f" ({group} {_fmt_points(points)})"
                    for group, points in node.points_by_group.items()
                )
                lines.append(
                    f"{pad}{'└─' if last else '├─'} {name} [{node.id}] "
                    f"{_fmt_points(node.points)}{by_group}{pooled}"
                )
                walk(node.children, pad + ("   " if last else "│  "))

        walk(self.children, "")
        for rule in self.rules:
            name = rule.name_en or rule.name if en else rule.name
            lines.append(f"+ {rule.kind}: {name} [{rule.id}]")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.tree()

    def _repr_html_(self) -> str:
        """The tree as an HTML table with points, weights and assessors, for Jupyter."""
        from ._html import scheme_html

        return scheme_html(self)

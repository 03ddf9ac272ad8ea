"""The domain model: a scheme is a tree of levels, indicators and sub-indicators.

All classes are small, frozen attrs classes.  They hold what a scheme file says and
nothing else; derived figures (weights, paths, totals) are computed from them.  A
scheme built in Python is checked with :func:`govperf.validate_scheme` exactly as a
file is.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from typing import Any

from attrs import field, frozen

__all__ = [
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


@frozen(kw_only=True)
class SubIndicator:
    """A leaf of the tree (二级指标), scored by its assessors with its evaluator.

    ``points`` is ``None`` only when the parent indicator is pooled: the split of
    the parent's points among its sub-indicators then comes with each year's data.
    """

    id: str
    name: str
    name_en: str | None = None
    points: float | None = None
    marker: str | None = None
    content: str | None = None
    assessors: tuple[Assessor, ...] = field(default=(), converter=_tuple)
    evaluator: EvaluatorSpec | None = None
    note: str | None = None

    @property
    def children(self) -> tuple[()]:
        """Sub-indicators are leaves: always empty."""
        return ()


@frozen(kw_only=True)
class Indicator:
    """The second tier (一级指标), e.g. 职责任务 45 points.

    When ``pooled`` is true the indicator's points are shared by its sub-indicators
    in a split that the scheme does not fix; each unit's split comes with the data.
    """

    id: str
    name: str
    name_en: str | None = None
    points: float
    pooled: bool = False
    note: str | None = None
    sub_indicators: tuple[SubIndicator, ...] = field(default=(), converter=_tuple)

    @property
    def children(self) -> tuple[SubIndicator, ...]:
        """The sub-indicators, for generic tree walks."""
        return self.sub_indicators


@frozen(kw_only=True)
class Level:
    """The top of the tree (评价层面), e.g. 履职效率 50 points."""

    id: str
    name: str
    name_en: str | None = None
    points: float
    note: str | None = None
    indicators: tuple[Indicator, ...] = field(default=(), converter=_tuple)

    @property
    def children(self) -> tuple[Indicator, ...]:
        """The indicators, for generic tree walks."""
        return self.indicators


Node = Level | Indicator | SubIndicator
"""Any node of the tree."""


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
    ``tie_break`` lists node ids whose points break ties in the ranking, in order.
    """

    precision: int = 2
    tie_break: tuple[str, ...] = field(default=(), converter=_tuple)


@frozen(kw_only=True)
class Scheme:
    """A whole indicator system (指标体系) of one jurisdiction and period."""

    id: str
    title: str
    title_en: str | None = None
    total_points: float
    schema_version: int = SCHEMA_VERSION
    metadata: Metadata = field(factory=Metadata)
    markers: Mapping[str, str] = field(factory=dict, converter=_dict)
    scoring: Scoring = field(factory=Scoring)
    levels: tuple[Level, ...] = field(default=(), converter=_tuple)
    rules: tuple[RuleSpec, ...] = field(default=(), converter=_tuple)
    _index: dict[str, tuple[Node, tuple[str, ...]]] = field(
        init=False, repr=False, eq=False, alias="_index"
    )

    def __attrs_post_init__(self) -> None:
        index: dict[str, tuple[Node, tuple[str, ...]]] = {}
        for level in self.levels:
            index.setdefault(level.id, (level, (level.id,)))
            for ind in level.indicators:
                index.setdefault(ind.id, (ind, (level.id, ind.id)))
                for sub in ind.sub_indicators:
                    index.setdefault(sub.id, (sub, (level.id, ind.id, sub.id)))
        object.__setattr__(self, "_index", index)

    # -- navigation -------------------------------------------------------------

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """All indicators, level by level."""
        return tuple(ind for level in self.levels for ind in level.indicators)

    @property
    def sub_indicators(self) -> tuple[SubIndicator, ...]:
        """All sub-indicators (the leaves), in tree order."""
        return tuple(self.iter_sub_indicators())

    def iter_sub_indicators(self) -> Iterator[SubIndicator]:
        """Iterate over the leaves in tree order."""
        for level in self.levels:
            for ind in level.indicators:
                yield from ind.sub_indicators

    def iter_nodes(self) -> Iterator[Node]:
        """Iterate over every node, depth first, parents before children."""
        for level in self.levels:
            yield level
            for ind in level.indicators:
                yield ind
                yield from ind.sub_indicators

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._index

    def node(self, node_id: str) -> Node:
        """Return the node with this id; :class:`KeyError` names the id if there is none."""
        try:
            return self._index[node_id][0]
        except KeyError:
            raise KeyError(f"scheme {self.id!r} has no node with id {node_id!r}") from None

    def path(self, node_id: str) -> tuple[Node, ...]:
        """The nodes from the level down to ``node_id`` (inclusive)."""
        self.node(node_id)
        return tuple(self._index[i][0] for i in self._index[node_id][1])

    def parent(self, node_id: str) -> Level | Indicator | None:
        """The parent node, or ``None`` for a level."""
        self.node(node_id)
        ids = self._index[node_id][1]
        if len(ids) == 1:
            return None
        parent = self._index[ids[-2]][0]
        assert not isinstance(parent, SubIndicator)
        return parent

    def rule(self, rule_id: str) -> RuleSpec:
        """Return the rule with this id."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"scheme {self.id!r} has no rule with id {rule_id!r}")

    # -- derived figures --------------------------------------------------------

    def weight(self, node_id: str) -> float | None:
        """The node's share of its parent's points (a level's share of the total).

        ``None`` for a sub-indicator of a pooled indicator, whose split is set by each
        year's data.
        """
        node = self.node(node_id)
        if node.points is None:
            return None
        parent = self.parent(node_id)
        whole = self.total_points if parent is None else parent.points
        return node.points / whole if whole else None

    def global_weight(self, node_id: str) -> float | None:
        """The node's share of the scheme total (``None`` inside a pool)."""
        node = self.node(node_id)
        if node.points is None:
            return None
        return node.points / self.total_points if self.total_points else None

    def tree(self) -> str:
        """A readable tree with points, one node per line."""
        lines = [f"{self.title} [{self.id}] {_fmt_points(self.total_points)}"]
        for li, level in enumerate(self.levels):
            last_level = li == len(self.levels) - 1
            lines.append(
                f"{'└─' if last_level else '├─'} {level.name} [{level.id}] "
                f"{_fmt_points(level.points)}"
            )
            pad1 = "   " if last_level else "│  "
            for ii, ind in enumerate(level.indicators):
                last_ind = ii == len(level.indicators) - 1
                pooled = " (pooled)" if ind.pooled else ""
                lines.append(
                    f"{pad1}{'└─' if last_ind else '├─'} {ind.name} [{ind.id}] "
                    f"{_fmt_points(ind.points)}{pooled}"
                )
                pad2 = pad1 + ("   " if last_ind else "│  ")
                for si, sub in enumerate(ind.sub_indicators):
                    last_sub = si == len(ind.sub_indicators) - 1
                    lines.append(
                        f"{pad2}{'└─' if last_sub else '├─'} {sub.name} [{sub.id}] "
                        f"{_fmt_points(sub.points)}"
                    )
        for rule in self.rules:
            lines.append(f"+ {rule.kind}: {rule.name} [{rule.id}]")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.tree()

    def _repr_html_(self) -> str:
        """The tree as an HTML table with points, weights and assessors, for Jupyter."""
        from ._html import scheme_html

        return scheme_html(self)

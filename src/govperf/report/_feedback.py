"""The feedback report of one unit (反馈报告), as data: no I/O, no rendering.

A feedback report tells a unit where it stands so that it can rectify its weak points
(整改): its points at every node of the tree against the node's maximum and against
the median of all units, its rank, grade, bonus, deductions, veto events and award
eligibility, and its weakest sub-indicators.

Node figures are the **published** ones (:attr:`govperf.Results.published_points`:
leaves rounded half up, parents the sums of their published children), and medians
are taken over the published figures of the units compared, so that every figure,
share and difference a report prints follows from figures it prints.  The unit's
total, base, bonus and deductions are the published figures of
:meth:`govperf.Results.unit`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

import numpy as np
from attrs import field, frozen

from ..output._tree import leaf_tier_name, peers, within_groups
from ..results._notice import MissingNotice
from ..results._results import RuleTrail
from ..scheme._model import Node, Scheme

if TYPE_CHECKING:
    from ..results._results import Results

__all__ = [
    "Feedback",
    "MethodNote",
    "NodeFigure",
    "NodeKind",
    "SchemeInfo",
    "VetoEvent",
    "feedback",
]

NodeKind = Literal["level", "indicator", "sub_indicator"]
"""Where a node sits in a tree of any depth: ``"level"`` on the top tier,
``"sub_indicator"`` for a leaf (at any depth, the top tier of a one-tier scheme too)
and ``"indicator"`` for every inner node below the top.  In Xicheng's three tiers
these are 评价层面, 一级指标 and 二级指标; the scheme's own tier names are in
:attr:`NodeFigure.tier` and :attr:`SchemeInfo.tiers`."""

TOL = 1e-9
"""Points within this of the maximum count as full points."""

_DEFAULT_NOTE = re.compile(r"default|默认", re.IGNORECASE)


@frozen(kw_only=True)
class MethodNote:
    """What the scheme file says about one sub-indicator's scoring method.

    ``note`` is the evaluator's ``note`` in the scheme file, verbatim; ``default`` is
    true when that note says the method or its parameters are defaults (it mentions
    "default" or "默认"), so reports can say that these are not the document's.
    """

    sub_indicator: str
    name: str
    name_en: str | None
    evaluator: str
    note: str
    default: bool


@frozen(kw_only=True)
class SchemeInfo:
    """The scheme a report is about: what every report states at its head."""

    id: str
    title: str
    title_en: str | None
    document_number: str | None
    """The source document's number (文号), e.g. ``西政办发〔2013〕15号``."""
    precision: int
    """Decimals of published figures (rounded half up)."""
    total_points: float
    method_notes: tuple[MethodNote, ...]
    """The evaluator notes of the leaves that have one, in tree order."""
    tiers: tuple[str, ...] = ()
    """The scheme's tier names in Chinese, top tier first (评价层面, 一级指标, 二级指标)."""
    tiers_en: tuple[str, ...] = ()
    """The tier names in English (the scheme's ``name_en``, else govperf's default)."""
    leaf_tier: str = ""
    """The tier name of the leaves (末级指标 when leaves sit on several tiers)."""
    leaf_tier_en: str = ""
    """:attr:`leaf_tier` in English."""
    within_groups: bool = False
    """Whether units are compared within their group (``scoring.within_groups``)."""
    groups: Mapping[str, tuple[str, str | None]] = field(factory=dict)
    """Every declared unit group: id → (name, English name)."""

    def tier(self, level: int, lang: str = "zh") -> str:
        """The name of the tier at depth ``level`` in ``lang``."""
        return (self.tiers if lang == "zh" else self.tiers_en)[level]

    @classmethod
    def of(cls, scheme: Scheme) -> SchemeInfo:
        """Collect the report header of ``scheme``."""
        notes = tuple(
            MethodNote(
                sub_indicator=sub.id,
                name=sub.name,
                name_en=sub.name_en,
                evaluator=sub.evaluator.kind,
                note=sub.evaluator.note,
                default=bool(_DEFAULT_NOTE.search(sub.evaluator.note)),
            )
            for sub in scheme.iter_sub_indicators()
            if sub.evaluator is not None and sub.evaluator.note
        )
        return cls(
            id=scheme.id,
            title=scheme.title,
            title_en=scheme.title_en,
            document_number=scheme.metadata.document_number,
            precision=scheme.scoring.precision,
            total_points=scheme.total_points,
            method_notes=notes,
            tiers=tuple(scheme.tier_name(d, "zh") for d in range(scheme.n_tiers)),
            tiers_en=tuple(scheme.tier_name(d, "en") for d in range(scheme.n_tiers)),
            leaf_tier=leaf_tier_name(scheme, "zh"),
            leaf_tier_en=leaf_tier_name(scheme, "en"),
            within_groups=within_groups(scheme),
            groups={g.id: (g.name, g.name_en) for g in scheme.groups},
        )


@frozen(kw_only=True)
class NodeFigure:
    """One unit's published points on one node, against its maximum and the median of all units.

    ``points`` is NaN where the node does not apply to the unit (the ``redistribute``
    missing-data policy); ``median`` and ``median_share`` are taken over the units
    for which the node applies (NaN if none does).
    """

    id: str
    name: str
    name_en: str | None
    kind: NodeKind
    depth: int
    """0 for the top tier (a level in Xicheng), 1 for its children, and so on."""
    tier: str
    """The Chinese name of the node's tier (一级指标, …)."""
    tier_en: str
    """The English name of the node's tier."""
    leaf: bool
    """Whether the node is a leaf (it has an evaluator and no children)."""
    parent: str | None
    points: float
    max_points: float
    """The unit's maximum: inside a pool it is the unit's split, so it differs by unit."""
    median: float
    """The median of the points of the units compared with (all units, or the unit's
    own group when the scheme compares within groups)."""
    median_share: float
    """The median of those units' shares of their maximum on this node."""
    pooled: bool = False
    """A child of a pool (its maximum comes from the year's data)."""
    missing: str | None = None
    """The missing-data policy that filled this (unit, sub-indicator) pair, if any."""
    assessors: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        """Points as a share of the maximum (NaN when the maximum is 0 or not applicable)."""
        if not self.max_points or math.isnan(self.points):
            return math.nan
        return self.points / self.max_points

    @property
    def gap(self) -> float:
        """How far the unit is below the median (median − points; negative above it)."""
        return self.median - self.points

    @property
    def full(self) -> bool:
        """Whether the unit has full points on this node."""
        return not math.isnan(self.points) and self.points >= self.max_points - TOL


@frozen(kw_only=True)
class VetoEvent:
    """One veto event (一票否决) of a unit, and the effect of its rule."""

    rule: str
    rule_name: str
    trigger: str
    """The trigger id (or the free text of an open trigger)."""
    name: str
    """The trigger's Chinese name (the trigger text when it is not listed)."""
    name_en: str | None
    note: str | None
    effect: str
    """The rule's effects, comma-separated: ``exclude_from_awards``,
    ``exclude_from_ranking``, ``zero_total``, ``cap_grade``."""


@frozen(kw_only=True)
class Feedback:
    """The feedback report (反馈报告) of one unit, as data; see :func:`feedback`."""

    unit: str
    name: str
    group: str | None
    scheme: SchemeInfo
    total: float
    base: float
    bonus: float
    deductions: float
    rank: int | None
    """``None`` when the unit is kept out of the ranking."""
    ranked_units: int
    """How many units are ranked (in the unit's group when the scheme compares within
    groups)."""
    n_units: int
    grade: str | None
    award_eligible: bool
    vetoes: tuple[VetoEvent, ...]
    rules: tuple[RuleTrail, ...]
    """What every rule did to the unit (bonus, deduction, veto, exclusion, grade)."""
    nodes: tuple[NodeFigure, ...]
    """Every node, depth first (parents before their children), at any depth."""
    weakest: tuple[NodeFigure, ...]
    """The weakest leaves (薄弱环节), weakest first."""
    missing_policy: str
    has_grades: bool = False
    """Whether the scheme grades units (so that a missing grade can be told apart)."""
    compared_units: int = 0
    """How many units the medians are taken over: all units, or the unit's group
    when the scheme compares within groups (:attr:`SchemeInfo.within_groups`)."""
    missing_notice: MissingNotice | None = None
    """What the missing-data policy changed in this year's figures (``None``: nothing);
    every report prints it, since medians and ranks depend on every unit."""

    def node(self, node_id: str) -> NodeFigure:
        """The figure of one node; :class:`KeyError` if the scheme has no such node."""
        for fig in self.nodes:
            if fig.id == node_id:
                return fig
        raise KeyError(f"no node {node_id!r} in this feedback")


# -- computation --------------------------------------------------------------------


@frozen(kw_only=True)
class _Prepared:
    """Figures shared by every unit's feedback: per-node arrays and medians (built once)."""

    results: Results
    info: SchemeInfo
    ids: tuple[str, ...]
    kinds: tuple[NodeKind, ...]
    points: tuple[np.ndarray, ...]
    maxima: tuple[np.ndarray, ...]
    medians: tuple[np.ndarray, ...]
    """Each unit's comparison median of each node (:meth:`govperf.Results.group_median`)."""
    median_shares: tuple[np.ndarray, ...]
    """The same, of shares of the maximum."""
    has_grades: bool
    index: Mapping[str, int] = field(factory=dict)


def _kind(scheme: Scheme, node: Node, node_id: str) -> NodeKind:
    if node.is_leaf:
        return "sub_indicator"
    return "level" if scheme.depth(node_id) == 0 else "indicator"


def prepare(results: Results) -> _Prepared:
    """Per-node points, maxima and comparison medians, for many feedback reports."""
    scheme = results.scheme
    nodes = list(scheme.iter_nodes())
    ids = [node.id for node in nodes]
    return _Prepared(
        results=results,
        info=SchemeInfo.of(scheme),
        ids=tuple(ids),
        kinds=tuple(_kind(scheme, node, node.id) for node in nodes),
        points=tuple(np.asarray(results.published_points[:, k]) for k in range(len(ids))),
        maxima=tuple(np.asarray(results.max_points(i), dtype=float) for i in ids),
        medians=tuple(results.group_median(i, published=True) for i in ids),
        median_shares=tuple(results.group_median(i, share=True, published=True) for i in ids),
        has_grades=has_grade_rule(results),
        index={node_id: k for k, node_id in enumerate(ids)},
    )


def has_grade_rule(results: Results) -> bool:
    """Whether the scheme grades units: a rule that declares it grades, or any grade given."""
    if any(step.plugin.grades for step in results.compiled.rules):
        return True
    return any(g is not None for g in results.grade)


def _weakest(nodes: tuple[NodeFigure, ...], count: int) -> tuple[NodeFigure, ...]:
    candidates = [
        (k, fig)
        for k, fig in enumerate(nodes)
        if fig.leaf and not math.isnan(fig.share) and not fig.full
    ]
    # lowest share first; equal shares (to 9 decimals): the larger gap below the median
    # first; then tree order
    candidates.sort(
        key=lambda kf: (
            round(kf[1].share, 9),
            -(kf[1].gap if not math.isnan(kf[1].gap) else -math.inf),
            kf[0],
        )
    )
    return tuple(fig for _, fig in candidates[:count])


def build_feedback(prep: _Prepared, unit: str, weakest: int) -> Feedback:
    """The feedback of one unit from prepared figures (see :func:`feedback`)."""
    if weakest < 0:
        raise ValueError(f"weakest must be at least 0, got {weakest}")
    results = prep.results
    scheme = results.scheme
    explanation = results.explain(unit)  # raises KeyError for an unknown unit
    u = results.units.index(unit)
    result = explanation.result
    filled = {sid: results.policy.kind for uid, sid in results.filled if uid == unit}
    info = prep.info
    compared = peers(results, u)
    ranked = int(np.count_nonzero(~np.isnan(np.asarray(results.rank, dtype=float)[compared])))
    nodes: list[NodeFigure] = []
    for k, node_id in enumerate(prep.ids):
        node = scheme.node(node_id)
        kind = prep.kinds[k]
        level = scheme.depth(node_id)
        parent = scheme.parent(node_id)
        pooled = node.is_leaf and parent is not None and parent.pooled
        assessors = tuple(a.name for a in node.assessors)
        nodes.append(
            NodeFigure(
                id=node_id,
                name=node.name,
                name_en=node.name_en,
                kind=kind,
                depth=level,
                tier=info.tier(level, "zh"),
                tier_en=info.tier(level, "en"),
                leaf=kind == "sub_indicator",
                parent=None if parent is None else parent.id,
                points=float(prep.points[k][u]),
                max_points=float(prep.maxima[k][u]),
                median=float(prep.medians[k][u]),
                median_share=float(prep.median_shares[k][u]),
                pooled=bool(pooled),
                missing=filled.get(node_id),
                assessors=assessors,
            )
        )
    vetoes: list[VetoEvent] = []
    for trail in explanation.rules:
        for cause in trail.veto_causes:
            vetoes.append(
                VetoEvent(
                    rule=trail.id,
                    rule_name=trail.name,
                    trigger=cause.trigger,
                    name=cause.name,
                    name_en=cause.name_en,
                    note=cause.note,
                    effect=cause.effect or "",
                )
            )
    figures = tuple(nodes)
    return Feedback(
        unit=unit,
        name=result.name,
        group=result.group,
        scheme=prep.info,
        total=result.total,
        base=result.base,
        bonus=result.bonus,
        deductions=result.deductions,
        rank=result.rank,
        ranked_units=ranked,
        n_units=len(results),
        grade=result.grade,
        award_eligible=result.award_eligible,
        vetoes=tuple(vetoes),
        rules=explanation.rules,
        nodes=figures,
        weakest=_weakest(figures, weakest),
        missing_policy=results.policy.kind,
        has_grades=prep.has_grades,
        compared_units=int(compared.sum()),
        missing_notice=results.missing_notice(),
    )


def feedback(results: Results, unit: str, *, weakest: int = 3) -> Feedback:
    """The feedback report of ``unit``, as data (pure: no I/O).

    For every node of the tree, at any depth: the unit's exact points, its maximum
    (the unit's own split inside a pool), the median of all units' points and of
    their shares (of the unit's own group's when the scheme declares groups and
    ``scoring.within_groups``; the rank is then within the group too).  Plus the published
    total, base, bonus and deductions, the rank among the ranked units, the grade,
    award eligibility, veto events with their effect, what every rule did, and the
    ``weakest`` weakest leaves (薄弱环节, for 整改): lowest share of the
    maximum first, equal shares broken by the larger gap below the median, leaving
    out leaves where the unit has full points (so there may be fewer).

    Raises :class:`KeyError` for an unknown unit and :class:`ValueError` for a
    negative ``weakest``.
    """
    return build_feedback(prepare(results), unit, weakest)

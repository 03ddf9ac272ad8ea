"""The feedback report of one unit (反馈报告), as data: no I/O, no rendering.

A feedback report tells a unit where it stands so that it can rectify its weak points
(整改): its points at every node of the tree against the node's maximum and against
the median of all units, its rank, grade, bonus, deductions, veto events and award
eligibility, and its weakest sub-indicators.

Node figures are kept **exact** here, so that shares and medians are not distorted by
rounding; the renderers publish them rounded half up to the scheme's precision.  The
unit's total, base, bonus and deductions are the published figures of
:meth:`govperf.Results.unit`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

import numpy as np
from attrs import field, frozen

from ..results._results import RuleTrail
from ..scheme._model import Scheme

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
"""Which tier of the tree a node is on: 评价层面, 一级指标 or 二级指标."""

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
    """The evaluator notes of the sub-indicators that have one, in tree order."""

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
        )


@frozen(kw_only=True)
class NodeFigure:
    """One unit's exact points on one node, against its maximum and the median of all units.

    ``points`` is NaN where the node does not apply to the unit (the ``redistribute``
    missing-data policy); ``median`` and ``median_share`` are taken over the units
    for which the node applies (NaN if none does).
    """

    id: str
    name: str
    name_en: str | None
    kind: NodeKind
    depth: int
    """0 for a level, 1 for an indicator, 2 for a sub-indicator."""
    parent: str | None
    points: float
    max_points: float
    """The unit's maximum: inside a pool it is the unit's split, so it differs by unit."""
    median: float
    """The median of all units' points on this node."""
    median_share: float
    """The median of all units' shares of their maximum on this node."""
    pooled: bool = False
    """A sub-indicator of a pooled indicator (its maximum comes from the year's data)."""
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
    """The rule's effect: ``exclude_from_awards``, ``zero_total`` or ``cap_grade``."""


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
    """How many units are ranked."""
    n_units: int
    grade: str | None
    award_eligible: bool
    vetoes: tuple[VetoEvent, ...]
    rules: tuple[RuleTrail, ...]
    """What every rule did to the unit (bonus, deduction, veto, exclusion, grade)."""
    nodes: tuple[NodeFigure, ...]
    """Every node, depth first (level, its indicators, their sub-indicators)."""
    weakest: tuple[NodeFigure, ...]
    """The weakest sub-indicators (薄弱环节), weakest first."""
    missing_policy: str
    has_grades: bool = False
    """Whether the scheme grades units (so that a missing grade can be told apart)."""

    def node(self, node_id: str) -> NodeFigure:
        """The figure of one node; :class:`KeyError` if the scheme has no such node."""
        for fig in self.nodes:
            if fig.id == node_id:
                return fig
        raise KeyError(f"no node {node_id!r} in this feedback")


# -- computation --------------------------------------------------------------------


def _nan_median(values: np.ndarray) -> float:
    finite = values[~np.isnan(values)]
    return float(np.median(finite)) if len(finite) else math.nan


@frozen(kw_only=True)
class _Prepared:
    """Figures shared by every unit's feedback: per-node arrays and medians (built once)."""

    results: Results
    info: SchemeInfo
    ids: tuple[str, ...]
    kinds: tuple[NodeKind, ...]
    points: tuple[np.ndarray, ...]
    maxima: tuple[np.ndarray, ...]
    medians: tuple[float, ...]
    median_shares: tuple[float, ...]
    ranked_units: int
    has_grades: bool
    index: Mapping[str, int] = field(factory=dict)


def _shares(points: np.ndarray, maxima: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(maxima > 0, points / np.where(maxima > 0, maxima, 1.0), np.nan)


def prepare(results: Results) -> _Prepared:
    """Per-node points, maxima and medians of all units, for many feedback reports."""
    scheme = results.scheme
    ids: list[str] = []
    kinds: list[NodeKind] = []
    for level in scheme.levels:
        ids.append(level.id)
        kinds.append("level")
        for ind in level.indicators:
            ids.append(ind.id)
            kinds.append("indicator")
            for sub in ind.sub_indicators:
                ids.append(sub.id)
                kinds.append("sub_indicator")
    points = tuple(np.asarray(results.points(i), dtype=float) for i in ids)
    maxima = tuple(np.asarray(results.max_points(i), dtype=float) for i in ids)
    return _Prepared(
        results=results,
        info=SchemeInfo.of(scheme),
        ids=tuple(ids),
        kinds=tuple(kinds),
        points=points,
        maxima=maxima,
        medians=tuple(_nan_median(p) for p in points),
        median_shares=tuple(
            _nan_median(_shares(p, m)) for p, m in zip(points, maxima, strict=True)
        ),
        ranked_units=int(np.count_nonzero(~np.isnan(results.rank))),
        has_grades=has_grade_rule(results),
        index={node_id: k for k, node_id in enumerate(ids)},
    )


def has_grade_rule(results: Results) -> bool:
    """Whether the scheme grades units: a ``classify`` rule, or any grade given."""
    if any(step.stage == "classify" for step in results.compiled.rules):
        return True
    return any(g is not None for g in results.grade)


def _weakest(nodes: tuple[NodeFigure, ...], count: int) -> tuple[NodeFigure, ...]:
    candidates = [
        (k, fig)
        for k, fig in enumerate(nodes)
        if fig.kind == "sub_indicator" and not math.isnan(fig.share) and not fig.full
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
    nodes: list[NodeFigure] = []
    for k, node_id in enumerate(prep.ids):
        node = scheme.node(node_id)
        kind = prep.kinds[k]
        parent = scheme.parent(node_id)
        pooled = kind == "sub_indicator" and parent is not None and getattr(parent, "pooled", False)
        assessors = tuple(a.name for a in getattr(node, "assessors", ()))
        nodes.append(
            NodeFigure(
                id=node_id,
                name=node.name,
                name_en=node.name_en,
                kind=kind,
                depth=("level", "indicator", "sub_indicator").index(kind),
                parent=None if parent is None else parent.id,
                points=float(prep.points[k][u]),
                max_points=float(prep.maxima[k][u]),
                median=prep.medians[k],
                median_share=prep.median_shares[k],
                pooled=bool(pooled),
                missing=filled.get(node_id),
                assessors=assessors,
            )
        )
    vetoes: list[VetoEvent] = []
    for trail in explanation.rules:
        if trail.kind != "veto":
            continue
        for event in trail.data.get("events", ()):
            vetoes.append(
                VetoEvent(
                    rule=trail.id,
                    rule_name=trail.name,
                    trigger=str(event.get("trigger")),
                    name=str(event.get("name") or event.get("trigger")),
                    name_en=event.get("name_en"),
                    note=event.get("note"),
                    effect=str(trail.data.get("effect", "")),
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
        ranked_units=prep.ranked_units,
        n_units=len(results),
        grade=result.grade,
        award_eligible=result.award_eligible,
        vetoes=tuple(vetoes),
        rules=explanation.rules,
        nodes=figures,
        weakest=_weakest(figures, weakest),
        missing_policy=results.policy.kind,
        has_grades=prep.has_grades,
    )


def feedback(results: Results, unit: str, *, weakest: int = 3) -> Feedback:
    """The feedback report of ``unit``, as data (pure: no I/O).

    For every node: the unit's exact points, its maximum (the unit's own split inside
    a pool), the median of all units' points and of their shares.  Plus the published
    total, base, bonus and deductions, the rank among the ranked units, the grade,
    award eligibility, veto events with their effect, what every rule did, and the
    ``weakest`` weakest sub-indicators (薄弱环节, for 整改): lowest share of the
    maximum first, equal shares broken by the larger gap below the median, leaving
    out sub-indicators where the unit has full points (so there may be fewer).

    Raises :class:`KeyError` for an unknown unit and :class:`ValueError` for a
    negative ``weakest``.
    """
    return build_feedback(prepare(results), unit, weakest)

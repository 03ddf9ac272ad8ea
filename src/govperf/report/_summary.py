"""The summary report for the leading group (领导小组), as data: no I/O, no rendering.

The leading group approves the results before they are fed back to the units; it
needs the ranking, how the grades fall, which units may not be commended this year and
why, which units are outside the ranking, and how every indicator is spread across
the units (where all units are strong, where many are weak).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
from attrs import field, frozen

from ..results._results import RuleTrail, UnitResult
from ._feedback import TOL, NodeKind, SchemeInfo, has_grade_rule

if TYPE_CHECKING:
    from ..results._results import Results

__all__ = ["Distribution", "Summary", "UnitReasons", "summary"]


@frozen(kw_only=True)
class Distribution:
    """How one node's exact points are spread across the units.

    Statistics are taken over the ``n`` units for which the node applies (all units
    unless the ``redistribute`` missing-data policy left some out); quartiles are
    numpy's default (linear) percentiles.  ``full_share`` is the share of those units
    at full points.  Inside a pool the maximum differs by unit: ``max_points_low`` and
    ``max_points_high`` give its range (equal elsewhere), so points are not comparable
    across units: the ``share_*`` statistics are those of the units' shares of their
    own maximum (taken for every node; the reports print them for pooled nodes).
    """

    id: str
    name: str
    name_en: str | None
    kind: NodeKind
    depth: int
    tier: str
    """The Chinese name of the node's tier."""
    tier_en: str
    """The English name of the node's tier."""
    max_points_low: float
    max_points_high: float
    n: int
    min: float
    q1: float
    median: float
    mean: float
    q3: float
    max: float
    full_share: float
    pooled: bool = False
    """A child of a pool: its maximum is each unit's split."""
    share_min: float = math.nan
    share_q1: float = math.nan
    share_median: float = math.nan
    share_mean: float = math.nan
    share_q3: float = math.nan
    share_max: float = math.nan


@frozen(kw_only=True)
class UnitReasons:
    """A unit and the rules that took something from it (awards or its place in the ranking)."""

    unit: str
    name: str
    reasons: tuple[RuleTrail, ...]
    """What each responsible rule did to the unit (its explanation, in both languages)."""


@frozen(kw_only=True)
class Summary:
    """The summary report for the leading group, as data; see :func:`summary`."""

    scheme: SchemeInfo
    n_units: int
    ranking: tuple[UnitResult, ...]
    """Every unit's published figures: ranked units by rank, then the others by total."""
    levels: tuple[tuple[str, str, str | None], ...]
    """``(id, name, name_en)`` of each top-tier node, for the columns of the ranking."""
    grade_counts: Mapping[str, int] | None
    """Graded units per grade, best grade first (units without a grade, 不定等次, are
    not counted; shares are of the graded units); ``None`` when the scheme has no grade
    rule."""
    excluded_from_awards: tuple[UnitReasons, ...]
    """Units that may not be commended this year (评先评优), with the rules that said so."""
    outside_ranking: tuple[UnitReasons, ...]
    """Units scored but not ranked, with the rules that kept them out."""
    distribution: tuple[Distribution, ...]
    """Every node of the tree, depth first (parents before their children)."""
    missing_policy: str
    filled: tuple[tuple[str, str], ...]
    """``(unit, sub-indicator)`` pairs without data that the missing-data policy filled."""
    results: Results = field(eq=False, repr=False)
    """The results summarised (for plots)."""


def _grade_counts(results: Results) -> dict[str, int] | None:
    if not has_grade_rule(results):
        return None
    order: list[str] = []
    for step in results.compiled.rules:
        for grade in step.plugin.grade_names(step.params) if step.plugin.grades else ():
            if grade not in order:
                order.append(grade)
    given = [str(g) for g in results.grade if g is not None]
    for grade in given:
        if grade not in order:
            order.append(grade)
    counts = dict.fromkeys(order, 0)
    for grade in given:
        counts[grade] += 1
    return counts


def _reasons(results: Results, flag: str) -> tuple[UnitReasons, ...]:
    """Units whose ``flag`` (``award_eligible`` or ``ranked``) ends false, and why."""
    final = np.asarray(getattr(results.state, flag), dtype=bool)
    out: list[UnitReasons] = []
    for u in np.flatnonzero(~final):
        uid = results.units[int(u)]
        responsible = [
            results.compiled.rules[k].id
            for k, before, after in results.history
            if getattr(before, flag)[u] and not getattr(after, flag)[u]
        ]
        trails = results.explain(uid).rules
        reasons = tuple(t for t in trails if t.id in responsible)
        out.append(UnitReasons(unit=uid, name=results.data.units.names[int(u)], reasons=reasons))
    return tuple(out)


def _distribution(results: Results) -> tuple[Distribution, ...]:
    scheme = results.scheme
    out: list[Distribution] = []
    for k, node in enumerate(scheme.iter_nodes()):
        depth = scheme.depth(node.id)
        kind: NodeKind = "sub_indicator" if node.is_leaf else "level" if depth == 0 else "indicator"
        points = np.asarray(results.published_points[:, k], dtype=float)  # as printed
        maxima = np.asarray(results.max_points(node.id), dtype=float)
        ok = ~np.isnan(points)
        values = points[ok]
        tops = maxima[ok] if ok.any() else maxima
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = np.where(tops > 0, values / np.where(tops > 0, tops, 1.0), np.nan)
        shares = shares[~np.isnan(shares)]
        share_stats: dict[str, float] = {}
        if len(shares):
            s_q1, s_median, s_q3 = (float(q) for q in np.percentile(shares, [25, 50, 75]))
            share_stats = {
                "share_min": float(shares.min()),
                "share_q1": s_q1,
                "share_median": s_median,
                "share_mean": float(shares.mean()),
                "share_q3": s_q3,
                "share_max": float(shares.max()),
            }
        parent = scheme.parent(node.id)
        if len(values):
            q1, median, q3 = (float(q) for q in np.percentile(values, [25, 50, 75]))
            stats = {
                "min": float(values.min()),
                "q1": q1,
                "median": median,
                "mean": float(values.mean()),
                "q3": q3,
                "max": float(values.max()),
                "full_share": float(np.mean(values >= maxima[ok] - TOL)),
            }
        else:
            stats = dict.fromkeys(
                ("min", "q1", "median", "mean", "q3", "max", "full_share"), math.nan
            )
        out.append(
            Distribution(
                id=node.id,
                name=node.name,
                name_en=node.name_en,
                kind=kind,
                depth=depth,
                tier=scheme.tier_name(depth, "zh"),
                tier_en=scheme.tier_name(depth, "en"),
                max_points_low=float(np.nanmin(tops)) if len(tops) else math.nan,
                max_points_high=float(np.nanmax(tops)) if len(tops) else math.nan,
                n=len(values),
                pooled=bool(node.is_leaf and parent is not None and parent.pooled),
                **stats,
                **share_stats,
            )
        )
    return tuple(out)


def summary(results: Results) -> Summary:
    """The summary report for the leading group (领导小组), as data (pure: no I/O).

    Holds the ranking (published figures), the number of units per grade (``None``
    when the scheme has no grade rule), the units excluded from awards and the units
    outside the ranking, each with the rules responsible (their explanations from
    :meth:`govperf.Results.explain`), and the distribution of every node's points
    across the units (min, quartiles, median, mean, max, share at full points).
    """
    scheme = results.scheme
    return Summary(
        scheme=SchemeInfo.of(scheme),
        n_units=len(results),
        ranking=tuple(results.ranking()),
        levels=tuple((lv.id, lv.name, lv.name_en) for lv in scheme.levels),
        grade_counts=_grade_counts(results),
        excluded_from_awards=_reasons(results, "award_eligible"),
        outside_ranking=_reasons(results, "ranked"),
        distribution=_distribution(results),
        missing_policy=results.policy.kind,
        filled=results.filled,
        results=results,
    )

"""Uncertainty analysis: how every unit's rank, grade and award move under perturbed points.

:func:`uncertainty` draws ``samples`` point sets (:mod:`govperf.robustness.sampling`),
optionally a scoring choice for each (:class:`Alternative`: another evaluator
parameter, rater combination, rule, or missing-data policy; each distinct choice is
scored once, never once per set), scores all sets in chunks through the batch engine
(:class:`govperf.scoring.BatchScorer`) and reports per unit:

- the rank distribution: median and 5–95 % interval (quantiles with linear
  interpolation, numpy's default and R's type 7, as COINr reports them);
- the probability of each grade, and of staying eligible for awards (评先评优);
- the margin to the next grade boundary or quota cut-off, at the declared points: how
  many published points the unit needs to move up a grade (``margin_up``) and how
  many it can lose before it moves down (``margin_down``).

The same seed gives the same results, whatever the chunk size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from attrs import frozen

from .._labels import check_lang, label
from ..data._data import EvaluationData
from ..scheme._model import Scheme
from ..scoring._compile import CompiledScheme
from ..scoring._outcomes import BatchScorer, Rounding
from ._engine import Alternative, Engine, chunks, default_chunk, progress_bar, take
from ._stats import _award_counts, _grade_counts, _quantiles
from .sampling import Dirichlet, Range

if TYPE_CHECKING:
    import pandas

__all__ = ["Alternative", "Uncertainty", "margins", "uncertainty"]


@frozen(kw_only=True)
class Uncertainty:
    """Per-unit rank, grade and award statistics over the sampled point sets."""

    units: tuple[str, ...]
    """Unit ids, in the data's order."""
    names: tuple[str, ...]
    """Unit names."""
    grades: tuple[str, ...]
    """The grades, best first (empty: the scheme has no grades)."""
    samples: int
    """The number of point sets."""
    seed: int | None
    """The seed of the random generator (``None``: fresh entropy, not reproducible)."""
    nominal_total: np.ndarray
    """Published totals at the declared points."""
    nominal_rank: np.ndarray
    """Ranks at the declared points (NaN: outside the ranking)."""
    nominal_grade: tuple[str | None, ...]
    """Grades at the declared points."""
    ranks: Any
    """Every set's ranks, shape (samples, units), int32; 0 outside the ranking.  A
    lazy dask array when the analysis ran on dask (compute it, or a slice, as needed)."""
    rank_median: np.ndarray
    """Median rank."""
    rank_low: np.ndarray
    """5 % quantile of the rank (the best end of the interval)."""
    rank_high: np.ndarray
    """95 % quantile of the rank (the worst end)."""
    grade_probability: np.ndarray
    """Shape (units, grades): the share of sets giving the unit each grade."""
    award_probability: np.ndarray
    """The share of sets in which the unit stays eligible for awards."""
    margin_up: np.ndarray
    """Published points needed to reach the next grade up (NaN: best grade, or no grades)."""
    margin_down: np.ndarray
    """Published points the unit may lose before it drops a grade (NaN: lowest grade)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data (lists, floats, ``None`` for NaN), for JSON."""

        def plain(a: np.ndarray) -> list[Any]:
            return [None if v != v else float(v) for v in np.asarray(a, dtype=float).tolist()]

        return {
            "samples": self.samples,
            "seed": self.seed,
            "grades": list(self.grades),
            "units": [
                {
                    "unit": u,
                    "name": self.names[i],
                    "nominal_total": float(self.nominal_total[i]),
                    "nominal_rank": plain(self.nominal_rank[i : i + 1])[0],
                    "nominal_grade": self.nominal_grade[i],
                    "rank_median": plain(self.rank_median[i : i + 1])[0],
                    "rank_p05": plain(self.rank_low[i : i + 1])[0],
                    "rank_p95": plain(self.rank_high[i : i + 1])[0],
                    "grade_probability": {
                        g: float(self.grade_probability[i, j]) for j, g in enumerate(self.grades)
                    },
                    "award_probability": float(self.award_probability[i]),
                    "margin_up": plain(self.margin_up[i : i + 1])[0],
                    "margin_down": plain(self.margin_down[i : i + 1])[0],
                }
                for i, u in enumerate(self.units)
            ],
        }

    def columns(self, lang: str = "zh") -> list[str]:
        """The headers of :meth:`rows`, in ``lang``."""
        lg = check_lang(lang)
        return [
            label("col.unit", lg),
            label("col.name", lg),
            label("robust.col.nominal_total", lg),
            label("robust.col.nominal_rank", lg),
            label("robust.col.nominal_grade", lg),
            label("robust.col.rank_median", lg),
            label("robust.col.rank_p05", lg),
            label("robust.col.rank_p95", lg),
            *(label("robust.col.p_grade", lg, grade=g) for g in self.grades),
            label("robust.col.p_award", lg),
            label("robust.col.margin_up", lg),
            label("robust.col.margin_down", lg),
        ]

    def rows(self) -> list[list[Any]]:
        """One row per unit (values as in :meth:`columns`), in the data's order."""

        def num(v: float) -> float | None:
            return None if v != v else float(v)

        return [
            [
                u,
                self.names[i],
                float(self.nominal_total[i]),
                num(self.nominal_rank[i]),
                self.nominal_grade[i],
                num(self.rank_median[i]),
                num(self.rank_low[i]),
                num(self.rank_high[i]),
                *(float(p) for p in self.grade_probability[i]),
                float(self.award_probability[i]),
                num(self.margin_up[i]),
                num(self.margin_down[i]),
            ]
            for i, u in enumerate(self.units)
        ]

    def to_frame(self, lang: str = "zh") -> pandas.DataFrame:
        """The table as a pandas DataFrame (pandas is an optional dependency)."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=self.columns(lang))


def margins(scorer: BatchScorer) -> tuple[np.ndarray, np.ndarray]:
    """Per unit, at the declared points: published points needed to reach the next grade
    up, and published points it may lose before it drops a grade (NaN where there is
    no such grade, or the scheme has no ``grade`` rule).

    The boundary of a grade is its band's ``min`` and, where a ``max_share`` quota
    is full, the published total of the last unit that keeps the grade (to move up,
    a unit must at least reach it, and then wins by the rule's tie order); a unit
    in a full quota may lose points down to the best total of the units moved out of
    the grade.  A ``min_share`` quota's cut-off is the best total within the bottom
    share.
    """
    n = scorer.n_units
    up = np.full(n, np.nan)
    down = np.full(n, np.nan)
    step = scorer._grade_step
    if step is None:
        return up, down
    params = step.params
    res = scorer.results
    pub = np.asarray(res.published_total, dtype=float)
    grades = list(scorer.grades)
    idx = np.array([grades.index(g) if g is not None else -1 for g in res.grade])
    from ..rules.grade import _band_index

    band = _band_index(params, pub)
    quotas = {q.grade: q for q in params.quotas}
    last = len(grades) - 1
    for i in range(len(grades)):
        mine = np.flatnonzero(idx == i)
        if not len(mine):
            continue
        if i > 0:  # to reach grade i - 1
            need = -np.inf
            above = params.bands[i - 1]
            if above.min is not None:
                need = above.min
            quota = quotas.get(above.grade)
            holders = pub[idx == i - 1]
            if quota is not None and not quota.bottom and len(holders):
                demoted = np.any((band == i - 1) & (idx == i))
                if demoted or np.count_nonzero(idx == i - 1) >= quota.allowed(
                    int(np.count_nonzero(idx >= 0))
                ):
                    need = max(need, float(holders.min()))
            if np.isfinite(need):
                up[mine] = np.maximum(need - pub[mine], 0.0)
        if i < last:  # to stay in grade i
            floor = -np.inf
            own = params.bands[i]
            if own.min is not None:
                floor = own.min
            quota = quotas.get(own.grade)
            if quota is not None and not quota.bottom:
                out = pub[(band <= i) & (idx > i)]
                if len(out):
                    floor = max(floor, float(out.max()))
            bottom = quotas.get(grades[last]) if i == last - 1 else None
            if bottom is not None:
                lowest = pub[idx == last]
                if len(lowest):
                    floor = max(floor, float(lowest.max()))
            if np.isfinite(floor):
                down[mine] = pub[mine] - floor
    return np.round(up, scorer.precision), np.round(down, scorer.precision)


def uncertainty(
    scheme: Scheme | CompiledScheme,
    data: EvaluationData | Mapping[str, Any],
    perturbations: Sequence[Range | Dirichlet] = (),
    *,
    samples: int = 1000,
    seed: int | None = None,
    alternatives: Sequence[Alternative] = (),
    missing: str = "error",
    chunk_size: int | None = None,
    rounding: Rounding = "total",
    progress: bool | None = None,
    scheduler: Any = None,
) -> Uncertainty:
    """Score ``samples`` perturbed point sets and summarise every unit's outcomes.

    ``perturbations`` (:class:`~govperf.robustness.Range`,
    :class:`~govperf.robustness.Dirichlet`) say which points vary; ``alternatives``
    (:class:`Alternative`) are scoring choices, one drawn uniformly per set.  ``seed``
    makes the draws reproducible (a ``numpy.random.Generator``).  Sets are scored
    ``chunk_size`` at a time (default: about a million set × unit cells), which bounds
    the working memory; the kept ranks take ``samples × units × 4`` bytes.
    ``rounding="total"`` publishes each exact total instead of each leaf (faster; see
    :class:`~govperf.scoring.BatchScorer`).  ``progress`` shows a tqdm bar (default:
    when stderr is a terminal and tqdm is installed).

    ``scheduler`` runs the chunks on dask (the optional extra ``dask``): a
    ``distributed.Client``, or a scheduler name (``"threads"``, ``"processes"``,
    ``"sync"``).  The chunks' ranks then stay a dask array on the workers and only
    the summaries come back; every number equals the in-memory path's.
    """
    if samples < 1:
        raise ValueError(f"samples must be at least 1, got {samples}")
    engine = Engine(scheme, data, perturbations, alternatives, missing=missing, rounding=rounding)
    rng = np.random.default_rng(seed)
    draws, choice = engine.draw(rng, samples)
    n = engine.n_units
    size = chunk_size or default_chunk(n)
    if scheduler is not None:
        from ._dask import evaluate_on_dask

        lazy, q, grades, awards = evaluate_on_dask(engine, draws, choice, size, scheduler)
        return _summary(engine, lazy, grades, awards, samples, seed, q)
    ranks = np.zeros((samples, n), dtype=np.int32)
    grade_counts = np.zeros((n, len(engine.grades) + 1), dtype=np.int64)
    award_counts = np.zeros(n, dtype=np.int64)
    with progress_bar(samples, progress, label("robust.progress")) as update:
        for part in chunks(samples, size):
            rank, grade, award = engine.evaluate(take(draws, part), choice[part])
            ranks[part] = rank
            grade_counts += _grade_counts(grade, len(engine.grades))
            award_counts += _award_counts(award, part.stop - part.start)
            update(part.stop - part.start)
    return _summary(engine, ranks, grade_counts, award_counts, samples, seed)


def _summary(
    engine: Engine,
    ranks: np.ndarray,
    grade_counts: np.ndarray,
    award_counts: np.ndarray,
    samples: int,
    seed: int | None,
    q: np.ndarray | None = None,
) -> Uncertainty:
    res = engine.nominal.results
    if q is None:
        q = _quantiles(ranks)
    up, down = margins(engine.nominal)
    units = res.data.units
    return Uncertainty(
        units=tuple(units.ids),
        names=tuple(units.names),
        grades=engine.grades,
        samples=samples,
        seed=seed,
        nominal_total=np.asarray(res.published_total, dtype=float),
        nominal_rank=np.asarray(res.rank, dtype=float),
        nominal_grade=tuple(None if g is None else str(g) for g in res.grade),
        ranks=ranks,
        rank_low=q[0],
        rank_median=q[1],
        rank_high=q[2],
        grade_probability=grade_counts[:, : len(engine.grades)] / samples,
        award_probability=award_counts / samples,
        margin_up=up,
        margin_down=down,
    )

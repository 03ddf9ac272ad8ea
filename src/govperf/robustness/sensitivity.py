"""Sensitivity analysis: which perturbations move the ranking most.

- :func:`sensitivity`: variance-based (Sobol) indices of every perturbation (and of
  the scoring choice, when there are alternatives) on every unit's rank.  Two
  independent samples ``A`` and ``B`` of ``samples`` sets each are drawn; for each
  factor ``i`` the sets ``AB_i`` take factor ``i`` from ``B`` and the rest from ``A``
  (Saltelli's scheme: ``samples × (factors + 2)`` sets in all).  The estimators:

  - first order (Saltelli et al. 2010): ``S_i = mean(y_B (y_ABi − y_A)) / V``;
  - total order (Jansen 1999): ``ST_i = mean((y_A − y_ABi)²) / (2 V)``;

  with ``V`` the variance of ``y_A`` and ``y_B`` together.  Each unit gets its own
  indices; the summary indices of the whole ranking weight the units by the variance
  of their ranks (``Σ_u V_u S_iu / Σ_u V_u``, the generalised indices of a vector
  output, Gamboa et al. 2014), so units whose rank never moves count for nothing.
  A factor may be a group of inputs (a Dirichlet split): it is then varied as one.
- :func:`one_at_a_time`: the ranks as one node's points sweep a grid, its siblings
  absorbing the difference.
- :func:`remove_one`: the ranking without a node (its points redistributed to its
  siblings pro rata), for every node or chosen ones.

Sets are scored in chunks through the batch engine; the sums behind the estimators
are accumulated chunk by chunk, so memory stays bounded by the chunk size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from attrs import frozen

from .._labels import Lang, check_lang, label
from ..data._data import EvaluationData
from ..scheme._model import Scheme
from ..scoring._compile import CompiledScheme
from ..scoring._outcomes import Rounding
from ._engine import Alternative, Engine, chunks, default_chunk, progress_bar, take
from .sampling import Dirichlet, Draws, PointSampler, Range

if TYPE_CHECKING:
    import pandas

__all__ = [
    "OneAtATime",
    "RemoveOne",
    "Sensitivity",
    "SobolSums",
    "one_at_a_time",
    "remove_one",
    "sensitivity",
    "sobol_indices",
]


class SobolSums:
    """Running sums of the Saltelli / Jansen estimators, chunk by chunk.

    :meth:`add` takes the outputs of one chunk: ``y_a`` and ``y_b`` of shape
    (sets, outputs), ``y_ab`` of shape (factors, sets, outputs).
    """

    def __init__(self, n_factors: int, n_outputs: int) -> None:
        self.count = 0
        self._sum = np.zeros(n_outputs)
        self._sq = np.zeros(n_outputs)
        self._first = np.zeros((n_factors, n_outputs))
        self._total = np.zeros((n_factors, n_outputs))

    def add(self, y_a: np.ndarray, y_b: np.ndarray, y_ab: np.ndarray) -> None:
        """Accumulate one chunk."""
        self.count += len(y_a)
        self._sum += y_a.sum(axis=0) + y_b.sum(axis=0)
        self._sq += (y_a**2).sum(axis=0) + (y_b**2).sum(axis=0)
        for i in range(len(y_ab)):
            diff = y_ab[i] - y_a
            self._first[i] += (y_b * diff).sum(axis=0)
            self._total[i] += (diff**2).sum(axis=0)

    def variance(self) -> np.ndarray:
        """The variance of every output over ``A`` and ``B`` together."""
        n = 2 * max(self.count, 1)
        mean = self._sum / n
        return np.maximum(self._sq / n - mean**2, 0.0)

    def indices(self) -> tuple[np.ndarray, np.ndarray]:
        """First- and total-order indices, each (factors, outputs); NaN where V is 0."""
        var = self.variance()
        n = max(self.count, 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            live = var > 1e-12
            first = np.where(live, self._first / n / np.where(live, var, 1.0), np.nan)
            total = np.where(live, self._total / (2 * n) / np.where(live, var, 1.0), np.nan)
        return first, total

    def pooled(self) -> tuple[np.ndarray, np.ndarray]:
        """Indices of all outputs together, weighted by their variance, each (factors,)."""
        var = self.variance()
        whole = float(var.sum())
        n = max(self.count, 1)
        if whole <= 1e-12:
            nan = np.full(len(self._first), np.nan)
            return nan, nan.copy()
        return self._first.sum(axis=1) / n / whole, self._total.sum(axis=1) / (2 * n) / whole


def sobol_indices(
    y_a: np.ndarray, y_b: np.ndarray, y_ab: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """First- and total-order Sobol indices from Saltelli's samples.

    ``y_a``, ``y_b``: the model's outputs on samples ``A`` and ``B``, shape (N,) or
    (N, outputs); ``y_ab``: on ``AB_i`` (``A`` with column ``i`` from ``B``), shape
    (factors, N) or (factors, N, outputs).  Returns ``(S, ST)``, each (factors,) or
    (factors, outputs).
    """
    a = np.asarray(y_a, dtype=float)
    one = a.ndim == 1
    a = a.reshape(len(a), -1)
    b = np.asarray(y_b, dtype=float).reshape(a.shape)
    ab = np.asarray(y_ab, dtype=float).reshape(-1, *a.shape)
    sums = SobolSums(len(ab), a.shape[1])
    sums.add(a, b, ab)
    first, total = sums.indices()
    return (first[:, 0], total[:, 0]) if one else (first, total)


def _factor_names(engine: Engine) -> list[tuple[str, str]]:
    """Each factor's label (zh, en)."""
    scheme = engine.compiled.scheme
    out = []
    for p in engine.sampler.perturbations:
        pair = []
        for lang in ("zh", "en"):
            lg: Lang = "zh" if lang == "zh" else "en"
            if isinstance(p, Range):
                node = scheme.node(p.node)
                name = node.name if lg == "zh" else (node.name_en or node.name)
                pair.append(label("robust.factor.range", lg, node=name, low=p.low, high=p.high))
            elif p.node is None:
                pair.append(label("robust.factor.top", lg))
            else:
                node = scheme.node(p.node)
                name = node.name if lg == "zh" else (node.name_en or node.name)
                pair.append(label("robust.factor.dirichlet", lg, node=name))
        out.append((pair[0], pair[1]))
    if len(engine.scorers) > 1:
        out.append((label("robust.factor.choice", "zh"), label("robust.factor.choice", "en")))
    return out


@frozen(kw_only=True)
class Sensitivity:
    """Sobol indices of every factor on the ranking (and on each unit's rank)."""

    factors: tuple[tuple[str, str], ...]
    """Each factor's label, (Chinese, English)."""
    samples: int
    """``N``: the base sample size (``N × (factors + 2)`` sets were scored)."""
    seed: int | None
    """The seed of the random generator."""
    units: tuple[str, ...]
    """Unit ids."""
    first_order: np.ndarray
    """(factors,): first-order indices of the whole ranking."""
    total_order: np.ndarray
    """(factors,): total-order indices of the whole ranking."""
    unit_first_order: np.ndarray
    """(factors, units): first-order indices of each unit's rank (NaN: never moves)."""
    unit_total_order: np.ndarray
    """(factors, units): total-order indices of each unit's rank."""

    def columns(self, lang: str = "zh") -> list[str]:
        """The headers of :meth:`rows`."""
        lg = check_lang(lang)
        return [label(f"robust.col.{k}", lg) for k in ("factor", "first_order", "total_order")]

    def rows(self, lang: str = "zh") -> list[list[Any]]:
        """One row per factor: its label and its two indices."""
        i = 0 if check_lang(lang) == "zh" else 1
        return [
            [f[i], float(s), float(t)]
            for f, s, t in zip(self.factors, self.first_order, self.total_order, strict=True)
        ]

    def to_dict(self) -> dict[str, Any]:
        """Plain data (English keys), for JSON."""
        return {
            "samples": self.samples,
            "seed": self.seed,
            "factors": [
                {
                    "factor": f[1],
                    "factor_zh": f[0],
                    "first_order": float(s),
                    "total_order": float(t),
                }
                for f, s, t in zip(self.factors, self.first_order, self.total_order, strict=True)
            ],
        }

    def to_frame(self, lang: str = "zh") -> pandas.DataFrame:
        """The table as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.rows(lang), columns=self.columns(lang))


def _mixed(
    a: tuple[Draws, np.ndarray], b: tuple[Draws, np.ndarray], i: int, d: int
) -> tuple[Draws, np.ndarray]:
    """``A`` with factor ``i`` taken from ``B`` (factor ``d - 1`` may be the choice)."""
    draws = list(a[0])
    choice = a[1]
    if i < len(draws):
        draws[i] = b[0][i]
    else:
        choice = b[1]
    return draws, choice


def sensitivity(
    scheme: Scheme | CompiledScheme,
    data: EvaluationData | Mapping[str, Any],
    perturbations: Sequence[Range | Dirichlet],
    *,
    samples: int = 512,
    seed: int | None = None,
    alternatives: Sequence[Alternative] = (),
    missing: str = "error",
    chunk_size: int | None = None,
    rounding: Rounding = "total",
    progress: bool | None = None,
) -> Sensitivity:
    """First- and total-order Sobol indices of every perturbation on the ranks.

    Scores ``samples × (factors + 2)`` point sets (see the module's description);
    the arguments are those of :func:`~govperf.robustness.uncertainty`.
    """
    if samples < 2:
        raise ValueError(f"samples must be at least 2, got {samples}")
    engine = Engine(scheme, data, perturbations, alternatives, missing=missing, rounding=rounding)
    names = _factor_names(engine)
    d = len(names)
    if not d:
        raise ValueError("sensitivity needs at least one perturbation or two alternatives")
    rng = np.random.default_rng(seed)
    a = engine.draw(rng, samples)
    b = engine.draw(rng, samples)
    n = engine.n_units
    size = max(1, (chunk_size or default_chunk(n)) // (d + 2))
    sums = SobolSums(d, n)

    def ranks(draws: Draws, choice: np.ndarray) -> np.ndarray:
        return engine.evaluate(draws, choice)[0].astype(float)

    with progress_bar(samples * (d + 2), progress, label("robust.progress")) as update:
        for part in chunks(samples, size):
            pa = (take(a[0], part), a[1][part])
            pb = (take(b[0], part), b[1][part])
            y_a, y_b = ranks(*pa), ranks(*pb)
            y_ab = np.stack([ranks(*_mixed(pa, pb, i, d)) for i in range(d)])
            sums.add(y_a, y_b, y_ab)
            update((part.stop - part.start) * (d + 2))
    first, total = sums.pooled()
    unit_first, unit_total = sums.indices()
    return Sensitivity(
        factors=tuple(names),
        samples=samples,
        seed=seed,
        units=tuple(engine.nominal.results.data.units.ids),
        first_order=first,
        total_order=total,
        unit_first_order=unit_first,
        unit_total_order=unit_total,
    )


@frozen(kw_only=True)
class OneAtATime:
    """Every unit's rank as one node's points sweep a grid."""

    node: str
    """The node varied."""
    values: np.ndarray
    """Its points at each step."""
    units: tuple[str, ...]
    """Unit ids."""
    ranks: np.ndarray
    """(steps, units): ranks at each step (NaN outside the ranking)."""
    totals: np.ndarray
    """(steps, units): published totals at each step."""

    def to_frame(self, lang: str = "zh") -> pandas.DataFrame:
        """Ranks as a DataFrame: one row per step (indexed by the node's points), one
        column per unit."""
        import pandas as pd

        frame = pd.DataFrame(self.ranks, columns=list(self.units))
        frame.index = pd.Index(self.values, name=label("robust.col.points", check_lang(lang)))
        return frame


def one_at_a_time(
    scheme: Scheme | CompiledScheme,
    data: EvaluationData | Mapping[str, Any],
    node: str,
    values: Sequence[float] | np.ndarray | None = None,
    *,
    steps: int = 11,
    missing: str = "error",
    rounding: Rounding = "total",
) -> OneAtATime:
    """Ranks with ``node`` worth each of ``values`` points (default: ``steps`` values from
    half to one and a half times its declared points, within its parent's budget), its
    siblings absorbing the difference pro rata."""
    engine = Engine(scheme, data, (), missing=missing, rounding=rounding)
    compiled = engine.compiled
    declared = compiled.scheme.node(node).points or 0.0
    if values is None:
        parent = int(compiled.node_parent[compiled.node_index[node]])
        budget = compiled.scheme.total_points if parent < 0 else compiled.node_max[parent]
        values = np.linspace(0.5 * declared, min(1.5 * declared, float(budget)), steps)
    grid = np.asarray(values, dtype=float)
    sampler = PointSampler(compiled, [Range(node, float(grid.min()), float(grid.max()))])
    factors = sampler.factors([grid])
    out = engine.nominal.outcome(factors, rounding=rounding)
    return OneAtATime(
        node=node,
        values=grid,
        units=tuple(engine.nominal.results.data.units.ids),
        ranks=out.rank,
        totals=out.published,
    )


@frozen(kw_only=True)
class RemoveOne:
    """The ranking without each node (its points given to its siblings pro rata)."""

    nodes: tuple[str, ...]
    """The nodes removed, one at a time."""
    names: tuple[str, ...]
    """Their names."""
    units: tuple[str, ...]
    """Unit ids."""
    nominal_rank: np.ndarray
    """Ranks with every node."""
    ranks: np.ndarray
    """(nodes, units): ranks without each node."""

    @property
    def mean_shift(self) -> np.ndarray:
        """Mean absolute rank change over the ranked units, per node removed."""
        return np.nanmean(np.abs(self.ranks - self.nominal_rank), axis=1)

    @property
    def max_shift(self) -> np.ndarray:
        """Largest absolute rank change of any unit, per node removed."""
        return np.nanmax(np.abs(self.ranks - self.nominal_rank), axis=1)

    def columns(self, lang: str = "zh") -> list[str]:
        """The headers of :meth:`rows`."""
        lg = check_lang(lang)
        return [
            label(f"robust.col.{k}", lg) for k in ("node_id", "node", "mean_shift", "max_shift")
        ]

    def rows(self) -> list[list[Any]]:
        """One row per node removed."""
        return [
            [n, self.names[i], float(self.mean_shift[i]), float(self.max_shift[i])]
            for i, n in enumerate(self.nodes)
        ]

    def to_frame(self, lang: str = "zh") -> pandas.DataFrame:
        """The table as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=self.columns(lang))


def remove_one(
    scheme: Scheme | CompiledScheme,
    data: EvaluationData | Mapping[str, Any],
    nodes: Sequence[str] | None = None,
    *,
    missing: str = "error",
    rounding: Rounding = "total",
) -> RemoveOne:
    """The ranking without each of ``nodes`` (default: every node that has a sibling and
    is not the child of a pool), its points redistributed to its siblings pro rata."""
    engine = Engine(scheme, data, (), missing=missing, rounding=rounding)
    compiled = engine.compiled
    parent = np.asarray(compiled.node_parent)
    if nodes is None:
        nodes = [
            node
            for i, node in enumerate(compiled.node_ids)
            if int(parent[i]) not in compiled.pools and np.count_nonzero(parent == parent[i]) > 1
        ]
    n = engine.n_units
    ranks = np.full((len(nodes), n), np.nan)
    if nodes:
        factors = np.vstack(
            [
                PointSampler(compiled, [Range(node, 0.0, 0.0)]).factors([np.zeros(1)])
                for node in nodes
            ]
        )
        ranks = engine.nominal.outcome(factors, rounding=rounding).rank
    return RemoveOne(
        nodes=tuple(nodes),
        names=tuple(compiled.scheme.node(n).name for n in nodes),
        units=tuple(engine.nominal.results.data.units.ids),
        nominal_rank=np.asarray(engine.nominal.results.rank, dtype=float),
        ranks=ranks,
    )

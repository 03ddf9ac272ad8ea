"""Indicator diagnostics: which nodes separate the units, which are redundant or always full.

For every node of the tree, over the units of one scoring (:class:`~govperf.Results`):

- the spread of its points: mean, standard deviation (of the population, ``ddof=0``),
  minimum, maximum and coefficient of variation;
- the share of units at full points (within 1e-9 of the unit's maximum of the node);
- its mean Pearson correlation with its siblings, and its correlation with the base
  total (NaN where a node or the total does not vary);
- its *effective weight*, its contribution to the variance of the base total,
  ``cov(node, base) / var(base)``, against its *nominal weight*, its points over the
  total points.  The effective weights of one tier add up to 1; a node whose effective
  weight is far below its nominal weight hardly moves the ranking (everybody scores
  alike on it), one far above drives it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from attrs import frozen

from .._labels import check_lang, label
from ..results._results import Results

if TYPE_CHECKING:
    import pandas

__all__ = ["Diagnostics", "diagnostics"]


@frozen(kw_only=True)
class Diagnostics:
    """Per-node statistics over the units (arrays in :attr:`node_ids` order)."""

    node_ids: tuple[str, ...]
    """Every node, in tree order (parents first)."""
    names: tuple[str, ...]
    """Node names."""
    names_en: tuple[str | None, ...]
    """English node names, where the scheme gives them."""
    depth: np.ndarray
    """Each node's tier (0 = top)."""
    mean: np.ndarray
    """Mean points."""
    std: np.ndarray
    """Standard deviation of the points (population, ``ddof=0``)."""
    min: np.ndarray
    """Least points of any unit."""
    max: np.ndarray
    """Most points of any unit."""
    cv: np.ndarray
    """Coefficient of variation, ``std / mean`` (NaN when the mean is 0)."""
    full_share: np.ndarray
    """Share of units at the node's full points."""
    corr_siblings: np.ndarray
    """Mean correlation with the node's siblings (NaN: no varying sibling)."""
    corr_total: np.ndarray
    """Correlation with the base total."""
    nominal_weight: np.ndarray
    """Points over the scheme's total points (mean over units for pooled children)."""
    effective_weight: np.ndarray
    """``cov(node, base) / var(base)``: the node's share of the variance of the base."""
    correlation: np.ndarray
    """(nodes × nodes) Pearson correlations of the nodes' points over the units."""

    def columns(self, lang: str = "zh") -> list[str]:
        """The headers of :meth:`rows`."""
        lg = check_lang(lang)
        keys = [
            "node_id",
            "node",
            "tier",
            "mean",
            "std",
            "min",
            "max",
            "cv",
            "full_share",
            "corr_siblings",
            "corr_total",
            "nominal_weight",
            "effective_weight",
        ]
        return [label(f"robust.col.{k}", lg) for k in keys]

    def rows(self, lang: str = "zh") -> list[list[Any]]:
        """One row per node, in tree order; NaN as ``None``."""
        lg = check_lang(lang)

        def num(v: float) -> float | None:
            return None if v != v else float(v)

        out = []
        for i, node in enumerate(self.node_ids):
            name = self.names[i] if lg == "zh" else (self.names_en[i] or self.names[i])
            out.append(
                [
                    node,
                    name,
                    int(self.depth[i]),
                    *(
                        num(a[i])
                        for a in (
                            self.mean,
                            self.std,
                            self.min,
                            self.max,
                            self.cv,
                            self.full_share,
                            self.corr_siblings,
                            self.corr_total,
                            self.nominal_weight,
                            self.effective_weight,
                        )
                    ),
                ]
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain data: one mapping per node (English keys), for JSON."""
        keys = self.columns("en")
        return {"nodes": [dict(zip(keys, row, strict=True)) for row in self.rows("en")]}

    def to_frame(self, lang: str = "zh") -> pandas.DataFrame:
        """The table as a pandas DataFrame (pandas is an optional dependency)."""
        import pandas as pd

        return pd.DataFrame(self.rows(lang), columns=self.columns(lang))


def _corr(x: np.ndarray) -> np.ndarray:
    """Pearson correlations of the columns of ``x``; NaN where a column is constant."""
    centred = x - x.mean(axis=0)
    sd = np.sqrt((centred**2).mean(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(sd > 1e-12, centred / np.where(sd > 1e-12, sd, 1.0), np.nan)
        out: np.ndarray = (z.T @ z) / len(x)
    out[np.isnan(out)] = np.nan
    return np.clip(out, -1.0, 1.0)


def diagnostics(results: Results) -> Diagnostics:
    """Diagnostics of every node of ``results``' scheme over its units.

    Units whose node points are missing (a missing-data policy that leaves them
    empty) are left out of that node's statistics.
    """
    compiled = results.compiled
    scheme = compiled.scheme
    points = np.asarray(results.node_points, dtype=float)
    top = np.asarray(results.node_max, dtype=float)
    base = np.asarray(results.base, dtype=float)
    n_units, n_nodes = points.shape
    rows = ~np.isnan(points).any(axis=1) & ~np.isnan(base)
    pts = points[rows]
    b = base[rows]
    nodes = [scheme.node(i) for i in compiled.node_ids]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = pts.mean(axis=0) if len(pts) else np.full(n_nodes, np.nan)
        std = pts.std(axis=0) if len(pts) else np.full(n_nodes, np.nan)
        cv = np.where(mean != 0, std / mean, np.nan)
        full = (pts >= top[rows] - 1e-9).mean(axis=0) if len(pts) else np.full(n_nodes, np.nan)
        corr = (
            _corr(np.column_stack([pts, b]))
            if len(pts) > 1
            else np.full((n_nodes + 1, n_nodes + 1), np.nan)
        )
        centred_b = b - b.mean() if len(b) else b
        var_b = float((centred_b**2).mean()) if len(b) else float("nan")
        cov = ((pts - mean) * centred_b[:, None]).mean(axis=0) if len(pts) else mean
        effective = cov / var_b if var_b > 1e-12 else np.full(n_nodes, np.nan)
    parent = np.asarray(compiled.node_parent)
    siblings = np.full(n_nodes, np.nan)
    for i in range(n_nodes):
        sib = [j for j in np.flatnonzero(parent == parent[i]).tolist() if j != i]
        values = corr[i, sib] if sib else np.array([])
        values = values[~np.isnan(values)]
        if len(values):
            siblings[i] = float(values.mean())
    nominal = top.mean(axis=0) / float(scheme.total_points) if n_units else np.full(n_nodes, np.nan)
    return Diagnostics(
        node_ids=tuple(compiled.node_ids),
        names=tuple(n.name for n in nodes),
        names_en=tuple(n.name_en for n in nodes),
        depth=np.asarray(compiled.node_depth),
        mean=mean,
        std=std,
        min=pts.min(axis=0) if len(pts) else np.full(n_nodes, np.nan),
        max=pts.max(axis=0) if len(pts) else np.full(n_nodes, np.nan),
        cv=cv,
        full_share=full,
        corr_siblings=siblings,
        corr_total=corr[:n_nodes, n_nodes],
        nominal_weight=nominal,
        effective_weight=effective,
        correlation=corr[:n_nodes, :n_nodes],
    )

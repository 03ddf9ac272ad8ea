"""Plots of the robustness analyses (matplotlib, an optional dependency, imported lazily).

- :func:`rank_intervals`: every unit's 5–95 % rank interval, its median and its rank
  at the declared points, best units on top;
- :func:`sensitivity_bars`: first- and total-order indices of every factor;
- :func:`correlation_heatmap`: the correlations of the nodes of one tier.

Chinese labels need a CJK font, found as for :mod:`govperf.plot` (one warning when
none is installed).  Each function returns a ``matplotlib.figure.Figure`` drawn
on its own canvas (no pyplot state), so it works in scripts, servers and notebooks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

from .._labels import check_lang, label

if TYPE_CHECKING:
    import matplotlib.figure

    from .diagnostics import Diagnostics
    from .sensitivity import Sensitivity
    from .uncertainty import Uncertainty

__all__ = ["correlation_heatmap", "rank_intervals", "sensitivity_bars"]


def rank_intervals(
    result: Uncertainty, *, lang: Literal["zh", "en"] = "zh", top: int | None = None
) -> matplotlib.figure.Figure:
    """Each unit's rank interval (5–95 %), median and declared rank, best first.

    ``top`` limits the plot to the best ``top`` units by declared rank.
    """
    from ..plot import _apply_family, _new_axes, _text_style

    lg = check_lang(lang)
    order = np.argsort(np.nan_to_num(result.nominal_rank, nan=np.inf), kind="stable")
    if top is not None:
        order = order[:top]
    names = [result.names[i] for i in order]
    texts = [*names, label("robust.plot.rank_title", lg)]
    with _text_style(texts) as families:
        fig, ax = _new_axes(None, (8.0, max(2.8, 0.28 * len(order) + 1.4)))
        y = np.arange(len(order))
        low, high = result.rank_low[order], result.rank_high[order]
        ax.hlines(y, low, high, color="#4e79a7", linewidth=3, alpha=0.7, label="5–95 %")
        ax.plot(
            result.rank_median[order],
            y,
            "o",
            color="#4e79a7",
            markersize=4,
            label=label("robust.plot.median", lg),
        )
        ax.plot(
            result.nominal_rank[order],
            y,
            "|",
            color="#e15759",
            markersize=10,
            markeredgewidth=2,
            label=label("robust.plot.nominal", lg),
        )
        ax.set_yticks(y, names, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(label("robust.plot.rank_axis", lg))
        ax.set_title(label("robust.plot.rank_title", lg))
        ax.legend(loc="lower right", fontsize=8)
        ax.grid(axis="x", alpha=0.3)
        _apply_family(ax, families)
        return fig


def sensitivity_bars(
    result: Sensitivity, *, lang: Literal["zh", "en"] = "zh"
) -> matplotlib.figure.Figure:
    """First- and total-order indices of every factor, side by side."""
    from ..plot import _apply_family, _new_axes, _text_style

    lg = check_lang(lang)
    names = [f[0] if lg == "zh" else f[1] for f in result.factors]
    first_name = label("robust.col.first_order", lg)
    total_name = label("robust.col.total_order", lg)
    with _text_style([*names, first_name, total_name]) as families:
        fig, ax = _new_axes(None, (8.0, max(2.6, 0.5 * len(names) + 1.4)))
        y = np.arange(len(names))
        ax.barh(y - 0.2, np.nan_to_num(result.first_order), 0.4, label=first_name, color="#4e79a7")
        ax.barh(y + 0.2, np.nan_to_num(result.total_order), 0.4, label=total_name, color="#f28e2b")
        ax.set_yticks(y, names, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 1.05)
        ax.set_xlabel(label("robust.plot.sens_axis", lg))
        ax.set_title(label("robust.plot.sens_title", lg))
        ax.legend(loc="lower right", fontsize=8)
        _apply_family(ax, families)
        return fig


def correlation_heatmap(
    result: Diagnostics, *, depth: int | None = None, lang: Literal["zh", "en"] = "zh"
) -> matplotlib.figure.Figure:
    """The correlations of the nodes of tier ``depth`` (default: the leaves)."""
    from ..plot import _apply_family, _new_axes, _text_style

    lg = check_lang(lang)
    if depth is None:
        depth = int(result.depth.max())
    pick = np.flatnonzero(result.depth == depth)
    names = [
        result.names[i] if lg == "zh" else (result.names_en[i] or result.names[i]) for i in pick
    ]
    corr = result.correlation[np.ix_(pick, pick)]
    with _text_style([*names, label("robust.plot.corr_title", lg)]) as families:
        size = max(4.0, 0.45 * len(pick) + 2.5)
        fig, ax = _new_axes(None, (size + 1.2, size))
        image = ax.imshow(np.nan_to_num(corr), vmin=-1, vmax=1, cmap="RdBu_r")
        ax.set_xticks(np.arange(len(pick)), names, rotation=60, ha="right", fontsize=7)
        ax.set_yticks(np.arange(len(pick)), names, fontsize=7)
        for i in range(len(pick)):
            for j in range(len(pick)):
                if corr[i, j] == corr[i, j]:
                    ax.text(j, i, f"{corr[i, j]:.1f}", ha="center", va="center", fontsize=6)
        fig.colorbar(image, ax=ax, shrink=0.8)
        ax.set_title(label("robust.plot.corr_title", lg))
        _apply_family(ax, families)
        return fig

"""Plots of scoring results with matplotlib (the optional extra ``govperf[plot]``).

- :func:`ranking`: every unit's points as a horizontal bar, best rank at the top,
  stacked by level, the bonus as its own segment, vetoed units marked;
- :func:`profile`: one unit's share of the maximum on every sub-indicator against
  the median share of all units;
- :func:`distribution`: box plots of every sub-indicator's share across units.

matplotlib is imported when a function is called, never by ``import govperf``.  The
functions build a :class:`matplotlib.figure.Figure` with an Agg canvas directly,
without pyplot: they never open a window and never change the pyplot backend.  They
return the figure; save it with ``fig.savefig("ranking.png")``.

Chinese labels need a CJK font.  The first installed font of :data:`CJK_FONTS` is
used (found through :mod:`matplotlib.font_manager`).  When none is installed the
plot is still drawn, and one :class:`UserWarning` says that Chinese characters may
not show and how to install a font; matplotlib's own per-character "Glyph … missing
from font" warnings are then silenced for the rest of the session, since they say
the same thing hundreds of times.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ._labels import Lang, check_lang, label
from ._rounding import round_half_up
from .output._tree import leaf_tier_name, leaves_under, within_groups

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .results._results import Results

__all__ = ["CJK_FONTS", "distribution", "profile", "ranking"]

CJK_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
)
"""Fonts with Chinese glyphs, in order of preference; the first installed one is used."""

NO_CJK_FONT_MESSAGE = (
    "govperf.plot: no CJK font found ({fonts}); Chinese characters may show as empty "
    "boxes. Install one, e.g. `apt-get install fonts-noto-cjk` (Debian/Ubuntu) or "
    "`dnf install google-noto-sans-cjk-fonts` (Fedora), then clear matplotlib's font "
    "cache (~/.cache/matplotlib)."
)

_GLYPH_WARNING = r"(?s)Glyph \d+.*missing from"
_LEVEL_COLOURS = ("#4e79a7", "#59a14f", "#76b7b2", "#9c755f", "#b07aa1", "#ff9da7")
_BONUS_COLOUR = "#edc948"
_VETO_COLOUR = "#b22222"


def _t(key: str, lang: Lang, **values: object) -> str:
    return label(f"plot.{key}", lang, **values)


def _check_lang(lang: str) -> Lang:
    return check_lang(lang)


# -- fonts ------------------------------------------------------------------------------


def _find_cjk_font() -> str | None:
    """The first of :data:`CJK_FONTS` that matplotlib's font manager knows, or ``None``."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _needs_cjk(texts: Iterable[str]) -> bool:
    return any(ord(ch) >= 0x2E80 for text in texts for ch in text)


@contextlib.contextmanager
def _text_style(
    texts: Iterable[str], stacklevel: int = 4, *, warn: bool = True
) -> Iterator[list[str]]:
    """Choose the fonts for ``texts`` and yield the font family list to draw them with.

    Warns once when the texts hold CJK characters and no CJK font is installed (unless
    ``warn`` is false: an SVG with its text kept as text needs no font here); inside
    the block, matplotlib's per-glyph warnings are silenced.
    """
    import matplotlib

    family = _find_cjk_font()
    # a generic family after the CJK font: matplotlib falls back to it for glyphs the
    # CJK font lacks, and resolves it without logging every absent font of the list
    families = [family, "sans-serif"] if family else ["sans-serif"]
    if warn and family is None and _needs_cjk(texts):
        warnings.warn(
            NO_CJK_FONT_MESSAGE.format(fonts=", ".join(CJK_FONTS[:5]) + ", …"),
            UserWarning,
            stacklevel=stacklevel,
        )
        # one warning is enough: matplotlib would repeat it for every character drawn
        warnings.filterwarnings("ignore", message=_GLYPH_WARNING, category=UserWarning)
    rc: Any = {"axes.unicode_minus": False, "font.family": families}
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_GLYPH_WARNING, category=UserWarning)
        yield families


def _apply_family(ax: Axes, families: list[str]) -> None:
    """Give every text of ``ax`` (titles, tick labels, legend) the chosen fonts."""
    from matplotlib.text import Text

    for text in ax.findobj(Text):
        text.set_fontfamily(families)


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if ax is None:
        fig = Figure(figsize=size, layout="constrained")
        FigureCanvasAgg(fig)
        return fig, fig.add_subplot()
    root: Any = ax.figure
    while root is not None and not isinstance(root, Figure):
        root = root.figure  # a SubFigure: its parent
    if root is None:
        raise ValueError("ax must belong to a figure")
    return root, ax


# -- data helpers -------------------------------------------------------------------------


def _label(name: str, name_en: str | None, lang: Lang) -> str:
    return name_en if lang == "en" and name_en else name


def _shares(results: Results, sub_id: str) -> np.ndarray:
    points = np.asarray(results.points(sub_id), dtype=float)
    maxima = np.asarray(results.max_points(sub_id), dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(maxima > 0, points / np.where(maxima > 0, maxima, 1.0), np.nan)


def _subs_under(results: Results, node_id: str | None) -> list[Any]:
    return leaves_under(results.scheme, node_id)  # KeyError names an unknown id


def _pub(value: float, precision: int) -> str:
    return f"{float(round_half_up(value, precision)) + 0.0:.{precision}f}"


# -- ranking ------------------------------------------------------------------------------


def _ranking_texts(results: Results, lang: Lang) -> list[str]:
    rows = results.ranking()
    return [r.name for r in rows] + [lv.name for lv in results.scheme.levels]


def _draw_ranking(results: Results, lang: Lang, ax: Axes | None, families: list[str]) -> Figure:
    rows = results.ranking()
    n = len(rows)
    position = results.data.units.index()
    order = np.array([position[r.unit] for r in rows], dtype=np.int64)
    own = ax is None
    fig, ax = _new_axes(ax, (8.5, max(3.2, 0.42 * n + 2.2)))
    y = np.arange(n)
    left = np.zeros(n)
    levels = results.scheme.levels  # the top tier
    for k, level in enumerate(levels):
        width = np.nan_to_num(np.asarray(results.points(level.id), dtype=float)[order])
        ax.barh(
            y,
            width,
            left=left,
            height=0.7,
            color=_LEVEL_COLOURS[k % len(_LEVEL_COLOURS)],
            label=_label(level.name, level.name_en, lang),
        )
        left = left + width
    state = results.state
    bonus = np.asarray(state.bonus[order], dtype=float)
    ax.barh(
        y,
        bonus,
        left=left,
        height=0.7,
        color=_BONUS_COLOUR,
        hatch="//",
        edgecolor=["#8a6d1a" if b > 0 else "none" for b in bonus],
        label=_t("bonus", lang),
    )
    end = left + bonus
    deductions = np.asarray(state.deductions[order], dtype=float)
    if (deductions > 0).any():
        ax.barh(
            y,
            deductions,
            left=end - deductions,
            height=0.7,
            fill=False,
            hatch="xx",
            edgecolor=_VETO_COLOUR,
            label=_t("deductions", lang),
        )
    vetoed = np.asarray(state.vetoed[order], dtype=bool)
    labels = []
    for r, is_vetoed in zip(rows, vetoed, strict=True):
        text = f"{r.rank}. {r.name}" if r.rank is not None else f"– {r.name}"
        labels.append(text + (label("vetoed_mark", lang) if is_vetoed else ""))
    ax.set_yticks(y, labels)
    for tick, is_vetoed in zip(ax.get_yticklabels(), vetoed, strict=True):
        if is_vetoed:
            tick.set_color(_VETO_COLOUR)
    ax.invert_yaxis()
    precision = results.precision
    for i, r in enumerate(rows):
        ax.text(
            float(max(end[i], left[i])) + 0.5,
            float(y[i]),
            _pub(r.total, precision),
            va="center",
            fontsize=8,
        )
    top = float(np.nanmax(end)) if n else 0.0
    ax.set_xlim(0, max(top, float(results.scheme.total_points)) * 1.1)
    ax.set_xlabel(_t("points", lang))
    ax.set_title(_t("ranking", lang))
    if own:  # below the plot, outside it: constrained layout makes room
        fig.legend(loc="outside lower center", ncols=min(len(levels) + 2, 4), fontsize=8)
    else:
        ax.legend(loc="best", fontsize=8)
    _apply_family(ax, families)
    return fig


def ranking(
    results: Results, *, lang: Literal["zh", "en"] = "zh", ax: Axes | None = None
) -> Figure:
    """Every unit's points as a horizontal bar, best rank at the top.

    Each bar is stacked by level (exact points), the bonus follows as its own hatched
    segment, deductions are outlined at the bar's end, the published total is printed
    after it, and vetoed units are marked in red.  Unranked units come last.  Draws
    on ``ax`` when given and returns its figure.
    """
    lang = _check_lang(lang)
    with _text_style(_ranking_texts(results, lang)) as families:
        return _draw_ranking(results, lang, ax, families)


# -- profile ------------------------------------------------------------------------------


def profile(results: Results, unit: str, *, lang: Literal["zh", "en"] = "zh") -> Figure:
    """One unit's share of the maximum on every sub-indicator, against the median share.

    One horizontal bar per leaf (red where the unit is below the median of all
    units, blue otherwise) and a black marker at the median share.  When the scheme
    declares groups and ``scoring.within_groups``, the median is that of the unit's
    own group.  A
    sub-indicator without data for the unit (``redistribute``) is labelled so.
    """
    lang = _check_lang(lang)
    u = results.units.index(unit) if unit in results.units else -1
    if u < 0:
        raise KeyError(f"no unit {unit!r} in these results")
    name = results.data.units.names[u]
    subs = list(results.scheme.leaves)
    labels = [_label(s.name, s.name_en, lang) for s in subs]
    leaf = leaf_tier_name(results.scheme, lang)
    with _text_style([name, *labels, leaf]) as families:
        fig, ax = _new_axes(None, (8.5, max(2.8, 0.38 * len(subs) + 1.6)))
        shares = [_shares(results, s.id) for s in subs]
        mine = np.array([float(s[u]) for s in shares]) * 100.0
        medians = np.array([results.group_median(s.id, share=True)[u] for s in subs]) * 100.0
        y = np.arange(len(subs))
        below = np.nan_to_num(mine) < np.nan_to_num(medians) - 1e-9
        ax.barh(
            y,
            np.nan_to_num(mine),
            height=0.65,
            color=np.where(below, "#e15759", "#4e79a7").tolist(),
        )
        ax.scatter(
            medians,
            y,
            marker="|",
            s=260,
            linewidths=2.5,
            color="black",
            zorder=3,
            label=label("median_group" if within_groups(results.scheme) else "median_all", lang),
        )
        ticks = [
            label + (_t("no_data", lang) if math.isnan(value) else "")
            for label, value in zip(labels, mine, strict=True)
        ]
        ax.set_yticks(y, ticks)
        ax.invert_yaxis()
        ax.set_xlim(0, 105)
        ax.set_xlabel(_t("share", lang))
        ax.set_title(_t("profile", lang, name=name, leaf=leaf))
        ax.legend(loc="lower right", fontsize=8, framealpha=0.9)
        _apply_family(ax, families)
        return fig


# -- distribution --------------------------------------------------------------------------


def _draw_distribution(
    results: Results, node_id: str | None, lang: Lang, families: list[str]
) -> Figure:
    import inspect

    subs = _subs_under(results, node_id)
    labels = [_label(s.name, s.name_en, lang) for s in subs]
    fig, ax = _new_axes(None, (8.5, max(2.8, 0.38 * len(subs) + 1.6)))
    data = []
    for s in subs:
        shares = _shares(results, s.id) * 100.0
        data.append(shares[~np.isnan(shares)])
    positions = np.arange(len(subs))
    # matplotlib 3.10 replaced vert=False by orientation="horizontal"
    horizontal: dict[str, Any] = (
        {"orientation": "horizontal"}
        if "orientation" in inspect.signature(ax.boxplot).parameters
        else {"vert": False}
    )
    ax.boxplot(data, positions=positions, widths=0.6, patch_artist=True, **horizontal)
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.set_xlim(-2, 105)
    ax.set_xlabel(_t("share", lang))
    ax.set_title(_t("distribution", lang, leaf=leaf_tier_name(results.scheme, lang)))
    for box in ax.patches:
        box.set_facecolor("#a0cbe8")
    _apply_family(ax, families)
    return fig


def distribution(
    results: Results, node_id: str | None = None, *, lang: Literal["zh", "en"] = "zh"
) -> Figure:
    """Box plots of each sub-indicator's share of the maximum across units.

    ``node_id`` limits the plot to the sub-indicators under a level or an indicator
    (or one sub-indicator); by default every sub-indicator is drawn, in tree order.
    Shares rather than points make sub-indicators of different maxima (and pooled
    ones, whose maximum differs by unit) comparable.
    """
    lang = _check_lang(lang)
    labels = [_label(s.name, s.name_en, lang) for s in _subs_under(results, node_id)]
    with _text_style(labels) as families:
        return _draw_distribution(results, node_id, lang, families)


# -- for the reports -------------------------------------------------------------------------


SVG_FONT_FAMILY = ", ".join(f"'{name}'" for name in CJK_FONTS) + ", 'DejaVu Sans', sans-serif"
"""The font-family list written into the SVG of the reports' charts: :data:`CJK_FONTS`
first, so that a reader's own CJK font draws the Chinese."""

_SVG_FAMILY = re.compile(r"font-family: [^;\"]*")
_SVG_FONT = re.compile(r"font: ([0-9.]+px) [^;\"]*")  # matplotlib before 3.8


def svg_bytes(fig: Figure) -> bytes:
    """``fig`` as SVG with its text kept as text (``svg.fonttype: none``).

    Every text names :data:`SVG_FONT_FAMILY`, so the reader's CJK fonts render it
    (the layout was measured with the font used here, or matplotlib's default).  The
    output is reproducible: no date, fixed ids.
    """
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "govperf"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue().decode("utf-8")
    text = _SVG_FAMILY.sub("font-family: " + SVG_FONT_FAMILY, text)
    return _SVG_FONT.sub(lambda m: f"font: {m.group(1)} {SVG_FONT_FAMILY}", text).encode("utf-8")


def _summary_svgs(results: Results, *, lang: Lang) -> dict[str, bytes]:
    """The ranking and distribution plots as SVG bytes, text kept as text, no font warning."""
    texts: Sequence[str] = _ranking_texts(results, lang) + [
        _label(s.name, s.name_en, lang) for s in results.scheme.leaves
    ]
    with _text_style(texts, stacklevel=5, warn=False) as families:
        return {
            "ranking": svg_bytes(_draw_ranking(results, lang, None, families)),
            "distribution": svg_bytes(_draw_distribution(results, None, lang, families)),
        }

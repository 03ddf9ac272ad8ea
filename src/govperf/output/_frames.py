"""Results as tables: the wide (one row per unit) and tidy (one row per unit and node) forms.

The tables are first built as plain Python columns (no pandas), so that the CSV and
JSON writers of :mod:`govperf._export` and the HTML display work without the pandas
extra; :func:`results_frame` wraps them in a :class:`pandas.DataFrame`, importing
pandas only when it is called.

Published figures (``published=True``) are rounded half up to the scheme's
``scoring.precision`` with :func:`govperf._rounding.round_half_up`, exactly as
:meth:`govperf.Results.unit` publishes them; ``published=False`` gives the exact
figures the engine computed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .._labels import Lang, check_lang, label
from .._plugins import rules as rule_registry
from ..scheme._model import Scheme

if TYPE_CHECKING:
    import pandas as pd

    from ..results._results import Results

__all__ = [
    "FIXED_HEADERS",
    "Kind",
    "Lang",
    "TableData",
    "node_labels",
    "pandas_error",
    "ranking_order",
    "results_frame",
    "tidy_table",
    "veto_text",
    "vetoes_of",
    "wide_table",
]

Kind = Literal["wide", "tidy"]
"""Shape of a results table: one row per unit, or one row per (unit, node)."""

_FIXED_KEYS = (
    *("unit", "name", "group", "base", "bonus", "deductions", "total", "rank", "grade"),
    *("award_eligible", "vetoes", "unit_name", "node", "node_name", "level", "points"),
    *("max_points", "share"),
)

FIXED_HEADERS: Mapping[str, Mapping[str, str]] = {
    lang: {key: label(f"col.{key}", lang) for key in _FIXED_KEYS} for lang in ("zh", "en")
}
"""Column headers of the fixed (non-node) columns, by language and English key
(the ``col.`` labels of :mod:`govperf._labels`)."""

_WIDE_TAIL = ("base", "bonus", "deductions", "total", "rank", "grade", "award_eligible", "vetoes")

TableData = tuple[str | None, list[str], dict[str, list[Any]]]
"""A table as plain columns: the index name (``None``: no index), the index values and
the named columns."""


def _check_lang(lang: str) -> None:
    check_lang(lang)


def pandas_error(feature: str) -> ImportError:
    """The error raised when ``feature`` needs pandas and it is not installed."""
    return ImportError(
        f"{feature} needs pandas, an optional dependency of govperf: pip install govperf[pandas]"
    )


def node_labels(scheme: Scheme, lang: Lang = "zh") -> dict[str, str]:
    """A unique column label for every node, in tree order.

    Chinese names in ``"zh"``, ids in ``"en"``.  A label that two nodes share (the
    indicator and the sub-indicator both named 领导考评 in Xicheng) or that equals a
    fixed header (总分, 名次, …) gets the node id appended: ``"领导考评 [leadership]"``.
    """
    _check_lang(lang)
    raw = {node.id: (node.name if lang == "zh" else node.id) for node in scheme.iter_nodes()}
    counts: dict[str, int] = {}
    for text in raw.values():
        counts[text] = counts.get(text, 0) + 1
    reserved = set(FIXED_HEADERS[lang].values())
    return {
        nid: (f"{text} [{nid}]" if counts[text] > 1 or text in reserved else text)
        for nid, text in raw.items()
    }


def ranking_order(results: Results) -> np.ndarray:
    """Unit positions in the order of :meth:`govperf.Results.ranking`.

    Ranked units by rank, then units outside the ranking; ties by total (highest
    first), then by unit id.  Vectorised, so the first rows of a large result are
    cheap.
    """
    st = results.state
    rank = np.asarray(st.rank, dtype=float)
    unranked = np.isnan(rank)
    ids = np.array(results.units, dtype=str)
    return np.lexsort(
        (ids, -np.asarray(st.total, dtype=float), np.where(unranked, 0.0, rank), unranked)
    )


def vetoes_of(results: Results) -> list[tuple[str, ...]]:
    """The veto triggers of every unit (ids, as in :attr:`govperf.UnitResult.vetoes`)."""
    vetoed = np.asarray(results.state.vetoed, dtype=bool)
    out: list[tuple[str, ...]] = [() for _ in range(len(results))]
    for u in np.flatnonzero(vetoed):
        out[int(u)] = results._vetoes(int(u))
    return out


def _trigger_names(scheme: Scheme, lang: Lang) -> dict[str, str]:
    names: dict[str, str] = {}
    for rule in scheme.rules:
        vetoes = rule.kind in rule_registry and rule_registry.get(rule.kind).vetoes
        listed = [rule.params.get(k) for k in ("triggers", "conditions")] if vetoes else []
        triggers = [t for group in listed if isinstance(group, (list, tuple)) for t in group]
        for trig in triggers:
            if isinstance(trig, Mapping) and "id" in trig:
                tid = str(trig["id"])
                if lang == "zh" and trig.get("name"):
                    names.setdefault(tid, str(trig["name"]))
    return names


def veto_text(scheme: Scheme, triggers: tuple[str, ...], lang: Lang = "zh") -> str:
    """The veto triggers of one unit as one cell of text.

    In ``"zh"`` each trigger the scheme names is shown by its Chinese name and the
    triggers are joined with 、; in ``"en"`` the trigger ids are joined with ``"; "``.
    No veto gives an empty string.
    """
    if lang == "zh":
        names = _trigger_names(scheme, lang)
        return "、".join(names.get(t, t) for t in triggers)
    return "; ".join(triggers)


def _nan_to_none(values: np.ndarray) -> list[float | None]:
    return [None if math.isnan(v) else float(v) for v in values.tolist()]


def node_points(results: Results, published: bool = True) -> dict[str, np.ndarray]:
    """Points of every node for every unit, keyed by node id in tree order.

    Published (:attr:`govperf.Results.published_points`: leaves rounded half up,
    parents the sums of their published children) or exact.
    """
    if published:
        table = results.published_points
        return {nid: table[:, k].copy() for k, nid in enumerate(results.node_ids)}
    return {
        node.id: np.asarray(results.points(node.id), dtype=float).copy()
        for node in results.scheme.iter_nodes()
    }


def unit_figures(results: Results, key: str, published: bool = True) -> np.ndarray:
    """``total``, ``base``, ``bonus`` or ``deductions`` of every unit, published or exact.

    Published figures add up: total = base + bonus − deductions to the cent.
    """
    source = results if published else results.state
    out: np.ndarray = np.array(
        getattr(source, f"published_{key}" if published else key), dtype=float
    )
    return out


def wide_table(results: Results, *, lang: Lang = "zh", published: bool = True) -> TableData:
    """The wide table as plain columns: one row per unit, in input order.

    Columns: unit name, group, the points of every node in tree order (labelled by
    :func:`node_labels`), then base, bonus, deductions, total, rank, grade, award
    eligibility and vetoes (:func:`veto_text`).  Missing figures are ``None``.
    """
    _check_lang(lang)
    h = FIXED_HEADERS[lang]
    units = results.data.units
    st = results.state
    cols: dict[str, list[Any]] = {h["name"]: list(units.names), h["group"]: list(units.groups)}
    labels = node_labels(results.scheme, lang)
    for nid, values in node_points(results, published).items():
        cols[labels[nid]] = _nan_to_none(values)
    for key in ("base", "bonus", "deductions", "total"):
        cols[h[key]] = _nan_to_none(unit_figures(results, key, published))
    cols[h["rank"]] = [None if math.isnan(r) else int(r) for r in np.asarray(st.rank).tolist()]
    cols[h["grade"]] = [None if g is None else str(g) for g in st.grade]
    cols[h["award_eligible"]] = [bool(a) for a in st.award_eligible]
    cols[h["vetoes"]] = [veto_text(results.scheme, v, lang) for v in vetoes_of(results)]
    return h["unit"], list(units.ids), cols


def tidy_table(results: Results, *, lang: Lang = "zh", published: bool = True) -> TableData:
    """The tidy table as plain columns: one row per (unit, node), units in input order.

    Columns: unit, unit name, node id, node name (``name_en`` in ``"en"`` where the
    scheme gives one), the scheme's name of the node's tier, points, maximum points (per unit
    for a pooled sub-indicator) and share = points / maximum (``None`` for a zero
    maximum or missing points).  There is no index (``None``).
    """
    _check_lang(lang)
    h = FIXED_HEADERS[lang]
    units = results.data.units
    sch = results.scheme
    points = node_points(results, published)
    nodes = [sch.node(nid) for nid in points]
    maxima = {nid: np.asarray(results.max_points(nid), dtype=float) for nid in points}
    tiers = [sch.tier_name(sch.depth(node.id), lang) for node in nodes]
    keys = ("unit", "unit_name", "node", "node_name", "level", "points", "max_points", "share")
    cols: dict[str, list[Any]] = {h[k]: [] for k in keys}
    for u, (uid, uname) in enumerate(zip(units.ids, units.names, strict=True)):
        for node, tier in zip(nodes, tiers, strict=True):
            pts = float(points[node.id][u])
            top = float(maxima[node.id][u])
            cols[h["unit"]].append(uid)
            cols[h["unit_name"]].append(uname)
            cols[h["node"]].append(node.id)
            cols[h["node_name"]].append(node.name if lang == "zh" else (node.name_en or node.name))
            cols[h["level"]].append(tier)
            cols[h["points"]].append(None if math.isnan(pts) else pts)
            cols[h["max_points"]].append(None if math.isnan(top) else top)
            share = pts / top if top and not (math.isnan(pts) or math.isnan(top)) else None
            cols[h["share"]].append(share)
    return None, [], cols


def results_frame(
    results: Results, kind: Kind = "wide", *, lang: Lang = "zh", published: bool = True
) -> pd.DataFrame:
    """:meth:`govperf.Results.to_frame`: the wide or tidy table as a pandas DataFrame."""
    if kind not in ("wide", "tidy"):
        raise ValueError(f"kind must be 'wide' or 'tidy', got {kind!r}")
    try:
        import pandas
    except ImportError as exc:
        raise pandas_error("Results.to_frame") from exc
    if kind == "tidy":
        _, _, cols = tidy_table(results, lang=lang, published=published)
        frame: pd.DataFrame = pandas.DataFrame(cols)
        for key in ("points", "max_points", "share"):
            col = FIXED_HEADERS[lang][key]
            frame[col] = frame[col].astype(float)
        return frame
    index_name, index, cols = wide_table(results, lang=lang, published=published)
    wide: pd.DataFrame = pandas.DataFrame(cols, index=pandas.Index(index, name=index_name))
    h = FIXED_HEADERS[lang]
    numeric = [c for c in wide.columns if c not in {h["name"], h["group"], h["rank"]}]
    numeric = [c for c in numeric if c not in {h["grade"], h["award_eligible"], h["vetoes"]}]
    for col in numeric:
        wide[col] = wide[col].astype(float)
    wide[h["rank"]] = wide[h["rank"]].astype("Int64")
    wide[h["award_eligible"]] = wide[h["award_eligible"]].astype(bool)
    return wide

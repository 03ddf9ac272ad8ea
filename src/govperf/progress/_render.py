"""The progress report for the performance office, as HTML, Markdown or a terminal table.

One document: how progress is judged (the period, the pro-rata path, the thresholds),
every unit's status with its projected points (预测), and the tasks that need attention
grouped by responsible assessor.  Every projected figure is labelled 预测 (projection):
it is where the year would end at the current pace, not a result.  Built from the same
document model as the feedback reports, so HTML and Markdown say the same thing.
"""

from __future__ import annotations

import math
from typing import Literal

from .._labels import Lang, check_lang, label
from .._rounding import round_half_up
from ..output._text import format_table
from ..report._render import _Document, _Heading, _Items, _Para, _render, _Table
from ._view import TASK_COLUMNS, ProgressView, TaskProgress

__all__ = ["progress_table", "render_progress"]

Format = Literal["html", "markdown"]


def _t(key: str, lang: Lang, **values: object) -> str:
    return label(f"progress.{key}", lang, **values)


def _num(value: float | None, digits: int = 2) -> str:
    if value is None or math.isnan(value):
        return "—"
    return f"{float(round_half_up(value, digits)) + 0.0:.{digits}f}"


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{float(round_half_up(value * 100, 1)) + 0.0:.1f}%"


def _period(view: ProgressView, lang: Lang) -> str:
    return _t(f"period_{view.period}", lang)


def _title(view: ProgressView, lang: Lang) -> str:
    year = f"{view.year}" if view.year is not None else ""
    return _t("title", lang, year=year, period=_period(view, lang)).strip()


def _points(
    view: ProgressView, unit_points: dict[str, float | None], maxima: dict[str, float]
) -> list[str]:
    return [f"{_num(unit_points.get(nid))} / {_num(maxima.get(nid))}" for nid in view.node_names]


def _task_row(t: TaskProgress, lang: Lang) -> tuple[str, ...]:
    return (
        f"{t.unit_name}({t.unit})" if lang == "zh" else f"{t.unit_name} ({t.unit})",
        t.task + (f" {t.name}" if t.name else ""),
        _t(f"direction_{t.direction}", lang),
        _num(t.target),
        _num(t.expected),
        _num(t.value),
        _num(t.self_value),
        _pct(t.shortfall),
        _t(f"status_{t.status}", lang),
        _num(t.projected),
        t.deadline.isoformat() if t.deadline else "—",
    )


def _document(view: ProgressView, lang: Lang) -> _Document:
    th = view.thresholds
    blocks: list[object] = [
        _Para(_t("projection_note", lang)),
        _Items(
            (
                _t("item_scheme", lang, title=view.scheme_title),
                *((_t("item_book", lang, title=view.title),) if view.title else ()),
                _t("item_period", lang, period=_period(view, lang), share=_pct(view.share_of_year)),
                _t("item_method", lang),
                _t("item_thresholds", lang, at_risk=_pct(th.at_risk), behind=_pct(th.behind)),
            )
        ),
        _Heading(2, _t("units_heading", lang)),
    ]
    heads = [
        _t("col_unit", lang),
        _t("col_status", lang),
        *(_t(f"col_{s}", lang) for s in ("on_track", "at_risk", "behind", "no_report")),
        *(_t("col_projected_points", lang, node=name) for name in view.node_names.values()),
    ]
    rows = [
        (
            f"{u.name}({u.unit})" if lang == "zh" else f"{u.name} ({u.unit})",
            _t(f"status_{u.status}", lang),
            *(str(u.counts[s]) for s in ("on_track", "at_risk", "behind", "no_report")),
            *_points(view, dict(u.projected_points), dict(u.max_points)),
        )
        for u in view.units
    ]
    numeric = frozenset(range(2, len(heads)))
    blocks.append(_Table(tuple(heads), tuple(rows), numeric))
    blocks.append(_Heading(2, _t("attention_heading", lang)))
    groups = view.by_assessor(lang)
    if not groups:
        blocks.append(_Para(_t("all_on_track", lang)))
    task_heads = tuple(_t(f"col_{k}", lang) for k in TASK_COLUMNS)
    for assessor, tasks in groups.items():
        blocks.append(_Heading(3, _t("assessor_heading", lang, assessor=assessor, n=len(tasks))))
        blocks.append(
            _Table(
                task_heads,
                tuple(_task_row(t, lang) for t in tasks),
                frozenset({3, 4, 5, 6, 7, 9}),
            )
        )
    return _Document(title=_title(view, lang), lang=lang, blocks=tuple(blocks))  # type: ignore[arg-type]


def render_progress(view: ProgressView, format: Format = "html", lang: str = "zh") -> str:
    """The progress report: one self-contained HTML page or one Markdown document."""
    return _render(_document(view, check_lang(lang)), format)


def progress_table(view: ProgressView, lang: str = "zh") -> str:
    """The terminal table of ``govperf progress``: one row per unit, projections marked."""
    code = check_lang(lang)
    heads = [
        _t("col_unit", code),
        _t("col_status", code),
        *(_t(f"col_{s}", code) for s in ("on_track", "at_risk", "behind", "no_report")),
        *(_t("col_projected_points", code, node=name) for name in view.node_names.values()),
    ]
    rows = [heads] + [
        [
            u.unit,
            _t(f"status_{u.status}", code),
            *(str(u.counts[s]) for s in ("on_track", "at_risk", "behind", "no_report")),
            *_points(view, dict(u.projected_points), dict(u.max_points)),
        ]
        for u in view.units
    ]
    right = [False, False, *([True] * (len(heads) - 2))]
    lines = [_title(view, code), _t("projection_note", code), ""]
    lines += format_table(rows, right)
    return "\n".join(lines)

"""A section of the summary report on how robust the ranking is.

:func:`report_section` turns an :class:`~govperf.robustness.Uncertainty` (and
optionally a :class:`~govperf.robustness.Sensitivity`) into a
:class:`govperf.report.Section`, which :func:`govperf.report.render_summary` places
before its notes::

    section = report_section(u, s)
    html = render_summary(summary(results), sections=[section])
"""

from __future__ import annotations

import numpy as np

from .._labels import check_lang, label
from ..report._render import Section
from .sensitivity import Sensitivity
from .uncertainty import Uncertainty

__all__ = ["report_section"]


def report_section(
    result: Uncertainty,
    sensitivity: Sensitivity | None = None,
    *,
    lang: str = "zh",
    top: int | None = None,
    width: int = 2,
    factors: tuple[str, ...] = (),
) -> Section:
    """The rank intervals (and grade and award probabilities) as a report section.

    Units are listed by their declared rank (``top``: only the best ``top``); a
    paragraph counts the units whose 5–95 % interval spans at most ``width`` places
    and names the widest; with ``sensitivity``, another names the perturbation with
    the largest total-order index.  ``factors`` describes the perturbations in words
    (printed as given).
    """
    lg = check_lang(lang)
    paragraphs = [
        label("robust.report.intro", lg, samples=result.samples, seed=result.seed),
    ]
    if factors:
        sep = label("list_sep", lg)
        paragraphs.append(label("robust.report.perturbed", lg, what=sep.join(factors)))
    spans = result.rank_high - result.rank_low
    live = ~np.isnan(spans)
    if live.any():
        widest = int(np.nanargmax(spans))
        paragraphs.append(
            label(
                "robust.report.stable",
                lg,
                n=int(np.count_nonzero(spans[live] <= width)),
                total=int(np.count_nonzero(live)),
                width=width,
                widest=result.names[widest],
                low=f"{result.rank_low[widest]:g}",
                high=f"{result.rank_high[widest]:g}",
            )
        )
    if sensitivity is not None and len(sensitivity.factors):
        best = int(np.nanargmax(np.nan_to_num(sensitivity.total_order, nan=-1.0)))
        name = sensitivity.factors[best][0 if lg == "zh" else 1]
        paragraphs.append(
            label("robust.report.drivers", lg, factor=name, total=sensitivity.total_order[best])
        )
    header = [
        label("col.name", lg),
        label("robust.col.nominal_rank", lg),
        label("robust.col.rank_median", lg),
        label("robust.report.col_interval", lg),
        *(label("robust.col.p_grade", lg, grade=g) for g in result.grades),
        label("robust.col.p_award", lg),
    ]
    order = np.argsort(np.nan_to_num(result.nominal_rank, nan=np.inf), kind="stable")
    if top is not None:
        order = order[:top]

    def rank(v: float) -> str:
        return "-" if v != v else f"{v:g}"

    rows = []
    for i in order.tolist():
        rows.append(
            (
                result.names[i],
                rank(result.nominal_rank[i]),
                rank(result.rank_median[i]),
                f"{rank(result.rank_low[i])}–{rank(result.rank_high[i])}",
                *(f"{p:.0%}" for p in result.grade_probability[i]),
                f"{result.award_probability[i]:.0%}",
            )
        )
    return Section(
        title=label("robust.report.title", lg),
        paragraphs=tuple(paragraphs),
        header=tuple(header),
        rows=tuple(rows),
        numeric=frozenset(range(1, len(header))),
    )

"""The ``rate`` evaluator: a ratio of two counts (resolved / received) as a rate, then points.

The data gives the raw counts, ``numerator`` (办结件数, resolved) and ``denominator``
(受理件数, received), one row per unit; govperf computes the rate and maps it
linearly::

    rate = numerator / denominator
    share = clip((rate − zero_at) / (full_at − zero_at), 0, 1)
    points = share × max points

With ``full_at`` below ``zero_at`` a lower rate is better (a complaint rate).  A
denominator of 0 is decided by ``zero_denominator``: ``error`` (the default) reports
the row, ``full`` gives full points (nothing was received, so nothing was left
undone), ``zero`` gives none; a numerator above 0 over a denominator of 0 is always
an error.  With ``counts`` (the default) both are whole numbers of at least 0, and a
rate above ``max_rate`` (1: more resolved than received) is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import numpy as np
from attrs import field, frozen

from .._checks import non_negative, positive_or_none
from ..exceptions import Message
from ..plugin import BaseEvaluator, ColumnKind, Records
from ._common import number_problems, shown

__all__ = ["Rate", "RateParams"]


@frozen(kw_only=True)
class RateParams:
    """Parameters of ``rate``."""

    zero_at: float = field(default=0.0, validator=non_negative)
    """The rate that gets no points (and below it, when higher is better)."""
    full_at: float = field(default=1.0, validator=non_negative)
    """The rate that gets full points (and beyond it); below ``zero_at``: lower is better."""
    zero_denominator: Literal["error", "full", "zero"] = "error"
    """What a denominator of 0 (with a numerator of 0) gives: an error, full points or none."""
    counts: bool = True
    """Numerator and denominator are counts: whole numbers of at least 0."""
    max_rate: float | None = field(default=1.0, validator=positive_or_none)
    """Highest plausible rate (1: no more resolved than received); absent: no limit."""

    def __attrs_post_init__(self) -> None:
        if self.zero_at == self.full_at:
            raise ValueError("zero_at and full_at must differ")


def _rate(records: Records) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    num = records.per_unit("numerator")
    den = records.per_unit("denominator")
    with np.errstate(invalid="ignore", divide="ignore"):
        return num, den, np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _share(params: RateParams, rate: np.ndarray) -> np.ndarray:
    return np.clip((rate - params.zero_at) / (params.full_at - params.zero_at), 0.0, 1.0)


class Rate(BaseEvaluator):
    """Resolved over received (or any two counts) as a rate, mapped to points."""

    Params: ClassVar[type[RateParams]] = RateParams
    columns: ClassVar[Mapping[str, ColumnKind]] = {"numerator": "number", "denominator": "number"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    one_row_per_unit: ClassVar[bool] = True
    formula: ClassVar[Mapping[str, str]] = {
        "en": "rate = numerator / denominator; points = max × clip((rate − zero_at)/(full_at − "
        "zero_at), 0, 1)",
        "zh": "比率 = 分子 ÷ 分母;得分 = 满分 × (比率 − zero_at)/(full_at − zero_at),限定在0至1",
    }

    @staticmethod
    def check(
        params: RateParams, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str | Message]]:
        """Counts present (whole, not negative), denominators of 0 as declared, rates
        not above ``max_rate``."""
        num = np.asarray(records.columns["numerator"], dtype=float)
        den = np.asarray(records.columns["denominator"], dtype=float)
        out = number_problems(num, "numerator", 0.0) + number_problems(den, "denominator", 0.0)
        if params.counts:
            for name, v in (("numerator", num), ("denominator", den)):
                frac = ~np.isnan(v) & (v != np.floor(v))
                out += [
                    (int(r), f"{name} {shown(v[r])} is not a whole number (a count)")
                    for r in np.flatnonzero(frac)
                ]
        zero = den == 0
        out += [
            (int(r), f"numerator {shown(num[r])} over a denominator of 0")
            for r in np.flatnonzero(zero & (num > 0))
        ]
        if params.zero_denominator == "error":
            out += [
                (int(r), "denominator 0: no rate (declare zero_denominator: full or zero)")
                for r in np.flatnonzero(zero & (num == 0))
            ]
        if params.max_rate is not None:
            with np.errstate(invalid="ignore", divide="ignore"):
                rate = num / np.where(den > 0, den, np.nan)
            out += [
                (
                    int(r),
                    f"rate {shown(num[r])}/{shown(den[r])} = {shown(rate[r])} is above "
                    f"{shown(params.max_rate)} (numerator above the denominator?)",
                )
                for r in np.flatnonzero(rate > params.max_rate + 1e-12)
            ]
        return out

    @staticmethod
    def score(params: RateParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """The rate's share times the points; a denominator of 0 as declared."""
        _, den, rate = _rate(records)
        share = _share(params, rate)
        if params.zero_denominator != "error":
            share = np.where(den == 0, 1.0 if params.zero_denominator == "full" else 0.0, share)
        return share * max_points

    @staticmethod
    def explain(
        params: RateParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """The counts, the rate and its share."""
        num, den, rate = _rate(records)
        share = float(np.asarray(Rate.score(params, records, np.ones(records.n_units)))[unit])
        return {
            "numerator": float(num[unit]),
            "denominator": float(den[unit]),
            "rate": None if np.isnan(rate[unit]) else float(rate[unit]),
            "share": share,
        }

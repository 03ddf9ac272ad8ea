"""The ``rank`` evaluator: points by a unit's rank among all units on a value.

Units are ranked on ``value`` (``direction: higher`` is better by default); ties
share the best rank (1, 2, 2, 4).  ``mapping: linear`` gives rank 1 full points and
the last rank ``last_share`` of them, linear in between; ``mapping: steps`` gives the
``share`` of the first step whose ``up_to`` rank is reached.  Only units with a
value take part.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import numpy as np
from attrs import field, frozen

from .._checks import fraction
from ..plugin import BaseEvaluator, ColumnKind, Records
from ._common import number_problems

__all__ = ["Rank", "RankParams", "RankStep", "competition_rank"]


@frozen(kw_only=True)
class RankStep:
    """Ranks up to ``up_to`` (inclusive) get ``share`` of the points."""

    up_to: int
    share: float = field(validator=fraction)


@frozen(kw_only=True)
class RankParams:
    """Parameters of ``rank``."""

    direction: Literal["higher", "lower"] = "higher"
    mapping: Literal["linear", "steps"] = "linear"
    last_share: float = field(default=0.0, validator=fraction)
    steps: tuple[RankStep, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.mapping == "steps" and not self.steps:
            raise ValueError("mapping 'steps' needs 'steps'")
        ups = [s.up_to for s in self.steps]
        if ups != sorted(set(ups)) or any(u < 1 for u in ups):
            raise ValueError("steps must be listed by increasing 'up_to' of at least 1")


def competition_rank(values: np.ndarray, higher: bool = True) -> np.ndarray:
    """Standard competition ranks (1, 2, 2, 4) of finite values; NaN stays NaN."""
    ranks = np.full(values.shape, np.nan)
    ok = ~np.isnan(values)
    v = values[ok] if higher else -values[ok]
    if v.size == 0:
        return ranks
    order = np.argsort(-v, kind="stable")
    sorted_v = -np.sort(-v)
    first = np.searchsorted(-sorted_v, -sorted_v, side="left")
    r = np.empty(v.size)
    r[order] = first + 1
    ranks[ok] = r
    return ranks


def _shares(params: RankParams, ranks: np.ndarray) -> np.ndarray:
    n = np.count_nonzero(~np.isnan(ranks))
    if params.mapping == "linear":
        if n <= 1:
            return np.where(np.isnan(ranks), np.nan, 1.0)
        return 1.0 - (ranks - 1) / (n - 1) * (1.0 - params.last_share)
    ups = np.array([s.up_to for s in params.steps])
    shares = np.concatenate(([s.share for s in params.steps], [0.0]))
    idx = np.searchsorted(ups, np.nan_to_num(ranks), side="left")
    return np.where(np.isnan(ranks), np.nan, shares[idx])


class Rank(BaseEvaluator):
    """Points by rank among units."""

    Params: ClassVar[type[RankParams]] = RankParams
    columns: ClassVar[Mapping[str, ColumnKind]] = {"value": "number"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    one_row_per_unit: ClassVar[bool] = True
    formula: ClassVar[Mapping[str, str]] = {
        "en": "rank units on the value (ties share the best rank); linear: share = 1 − (rank − "
        "1)/(n − 1) × (1 − last_share); steps: share of the first step reached; "
        "points = share × max",
        "zh": "按数值排名(并列取最好名次);线性:比例 = 1 − (名次 − 1)/(单位数 − 1) × "
        "(1 − last_share);分档:所达档次比例;得分 = 比例 × 满分",
    }

    @staticmethod
    def check(
        params: RankParams, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str]]:
        """Values must be present."""
        return number_problems(records.columns["value"].astype(float), "value")

    @staticmethod
    def score(params: RankParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """Share by rank times the points."""
        ranks = competition_rank(records.per_unit("value"), params.direction == "higher")
        return _shares(params, ranks) * max_points

    @staticmethod
    def explain(
        params: RankParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """The value, the rank and how many units were ranked."""
        values = records.per_unit("value")
        ranks = competition_rank(values, params.direction == "higher")
        return {
            "value": float(values[unit]),
            "rank": float(ranks[unit]),
            "ranked": int(np.count_nonzero(~np.isnan(ranks))),
        }

"""The ``rank`` evaluator: points by a unit's rank among all units on a value.

Units are ranked on ``value`` (``direction: higher`` is better by default); ties
share the best rank (1, 2, 2, 4).  ``mapping: linear`` gives rank 1 full points and
the last rank ``last_share`` of them, linear in between; ``mapping: steps`` gives the
``share`` of the first step whose ``up_to`` rank is reached, and ranks after the last
step's ``up_to`` get ``beyond_last`` (0 unless given).  Only units with a value take
part: a unit without data is not ranked and does not push others down (its points come
from the missing-data policy).  Under ``scoring.within_groups`` each unit group is
ranked on its own (``within_groups`` overrides).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import numpy as np
from attrs import field, frozen

from .._checks import fraction
from ..exceptions import Message
from ..plugin import BaseEvaluator, ColumnKind, Records
from ._common import number_problems
from ._relative import InputRange, input_problems, population

__all__ = ["Rank", "RankParams", "RankStep", "competition_rank"]


@frozen(kw_only=True)
class RankStep:
    """Ranks up to ``up_to`` (inclusive) get ``share`` of the points."""

    up_to: int
    """The last rank of the step (inclusive)."""
    share: float = field(validator=fraction)
    """Share of the points for ranks up to ``up_to`` (after the previous step's)."""


@frozen(kw_only=True)
class RankParams:
    """Parameters of ``rank``."""

    direction: Literal["higher", "lower"] = "higher"
    """Whether a higher or a lower value ranks first."""
    mapping: Literal["linear", "steps"] = "linear"
    """``linear`` from full points at rank 1 to ``last_share`` at the last rank, or ``steps``."""
    last_share: float = field(default=0.0, validator=fraction)
    """Share of the points of the last rank with ``mapping: linear``."""
    steps: tuple[RankStep, ...] = ()
    """With ``mapping: steps``: by increasing ``up_to``, the share of each range of ranks."""
    beyond_last: float = field(default=0.0, validator=fraction)
    """With ``mapping: steps``: share of the points for ranks after the last step."""
    within_groups: bool | None = None
    """Rank within each unit group; absent: as ``scoring.within_groups`` says."""
    input_range: InputRange | None = None
    """Values allowed in the data; a value outside is an error naming its row."""

    def __attrs_post_init__(self) -> None:
        if self.mapping == "steps" and not self.steps:
            raise ValueError("mapping 'steps' needs 'steps'")
        if self.mapping == "linear" and (self.steps or self.beyond_last):
            raise ValueError("'steps' and 'beyond_last' are only used with mapping 'steps'")
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


def _ranks(params: RankParams, records: Records) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values, ranks within each population and each unit's number of ranked units."""
    values = records.per_unit("value")
    codes = population(records, params.within_groups)
    ranks = np.full(values.shape, np.nan)
    ranked = np.zeros(values.shape, dtype=np.int64)
    for code in np.unique(codes):
        members = codes == code
        ranks[members] = competition_rank(values[members], params.direction == "higher")
        ranked[members] = np.count_nonzero(~np.isnan(values[members]))
    return values, ranks, ranked


def _shares(params: RankParams, ranks: np.ndarray, ranked: np.ndarray) -> np.ndarray:
    if params.mapping == "linear":
        with np.errstate(invalid="ignore", divide="ignore"):
            linear = 1.0 - (ranks - 1) / (ranked - 1) * (1.0 - params.last_share)
        return np.where(np.isnan(ranks), np.nan, np.where(ranked <= 1, 1.0, linear))
    ups = np.array([s.up_to for s in params.steps])
    shares = np.concatenate(([s.share for s in params.steps], [params.beyond_last]))
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
        "1)/(n − 1) × (1 − last_share); steps: share of the first step reached "
        "(beyond_last after the last step); points = share × max",
        "zh": "按数值排名(并列取最好名次);线性:比例 = 1 − (名次 − 1)/(单位数 − 1) × "
        "(1 − last_share);分档:所达档次比例(最后一档之后为 beyond_last);得分 = 比例 × 满分",
    }

    @staticmethod
    def check(
        params: RankParams, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str | Message]]:
        """Values must be present and inside the input range."""
        values = np.asarray(records.columns["value"], dtype=float)
        return number_problems(values, "value") + input_problems(values, params.input_range)

    @staticmethod
    def score(params: RankParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """Share by rank times the points."""
        _, ranks, ranked = _ranks(params, records)
        return _shares(params, ranks, ranked) * max_points

    @staticmethod
    def explain(
        params: RankParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """The value, the rank and how many units were ranked."""
        values, ranks, ranked = _ranks(params, records)
        return {
            "value": float(values[unit]),
            "rank": float(ranks[unit]),
            "ranked": int(ranked[unit]),
        }

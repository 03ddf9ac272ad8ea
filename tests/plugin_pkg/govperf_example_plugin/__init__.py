"""An example govperf plugin distribution: one evaluator and one rule.

Registered in this distribution's ``pyproject.toml``::

    [project.entry-points."govperf.evaluators"]
    ratio = "govperf_example_plugin:Ratio"

    [project.entry-points."govperf.rules"]
    penalty_flag = "govperf_example_plugin:PenaltyFlag"
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
from attrs import evolve, field, frozen

from govperf.plugin import (
    BaseEvaluator,
    BaseRule,
    ColumnKind,
    Note,
    Records,
    RuleState,
    positive,
)

__all__ = ["PenaltyFlag", "PenaltyFlagParams", "Ratio", "RatioParams"]


def _floor_in_range(_instance: object, attribute: Any, value: float) -> None:
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{attribute.name} must be at least 0 and below 1, got {value!r}")


# -- the evaluator -----------------------------------------------------------------


@frozen(kw_only=True)
class RatioParams:
    """Parameters of ``ratio``."""

    floor: float = field(default=0.0, validator=_floor_in_range)
    """A ratio at or below ``floor`` scores 0; from there points rise linearly to 1."""


def _share(params: RatioParams, numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = numerator / denominator
    share = np.clip((ratio - params.floor) / (1.0 - params.floor), 0.0, 1.0)
    return np.asarray(share, dtype=float)


class Ratio(BaseEvaluator):
    """Points in proportion to ``numerator / denominator`` (e.g. cases closed on time)."""

    Params: ClassVar[type[RatioParams]] = RatioParams
    columns: ClassVar[Mapping[str, ColumnKind]] = {"numerator": "number", "denominator": "number"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {"note": "text"}
    one_row_per_unit: ClassVar[bool] = True
    formula: ClassVar[Mapping[str, str]] = {
        "en": "points = max × clip((numerator / denominator − floor) / (1 − floor), 0, 1)",
        "zh": "得分 = 满分 × clip((分子 ÷ 分母 − floor) ÷ (1 − floor), 0, 1)",
    }

    @staticmethod
    def check(
        params: RatioParams, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str]]:
        """The numerator must be at least 0 and the denominator positive."""
        num = records.columns["numerator"]
        den = records.columns["denominator"]
        out: list[tuple[int, str]] = []
        for r in np.flatnonzero(np.isnan(num) | (num < 0)):
            out.append((int(r), f"numerator {float(num[r]):g} must be a number of at least 0"))
        for r in np.flatnonzero(np.isnan(den) | (den <= 0)):
            out.append((int(r), f"denominator {float(den[r]):g} must be a positive number"))
        return out

    @staticmethod
    def score(params: RatioParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """``max × share`` per unit (NaN for units without a row: the engine ignores it)."""
        share = _share(params, records.per_unit("numerator"), records.per_unit("denominator"))
        return np.asarray(share * max_points, dtype=float)

    @staticmethod
    def explain(
        params: RatioParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """The ratio and the share of the points it earns."""
        num = records.per_unit("numerator")[unit : unit + 1]
        den = records.per_unit("denominator")[unit : unit + 1]
        return {
            "ratio": float(num[0] / den[0]),
            "share": float(_share(params, num, den)[0]),
            "floor": params.floor,
        }


# -- the rule ----------------------------------------------------------------------


@frozen(kw_only=True)
class PenaltyFlagParams:
    """Parameters of ``penalty_flag``."""

    points: float = field(validator=positive)
    """Points taken off the total of a flagged unit (once, however many flags)."""


class PenaltyFlag(BaseRule):
    """Units with at least one flag lose a fixed number of points."""

    Params: ClassVar[type[PenaltyFlagParams]] = PenaltyFlagParams
    columns: ClassVar[Mapping[str, ColumnKind]] = {"reason": "text"}
    changes_total: ClassVar[bool] = True

    @staticmethod
    def check(params: PenaltyFlagParams, events: Records) -> list[tuple[int, str]]:
        """Every flag must give a reason."""
        reasons = events.columns["reason"]
        return [
            (r, "a flag needs a reason")
            for r in range(events.n_rows)
            if not isinstance(reasons[r], str) or not reasons[r].strip()
        ]

    @staticmethod
    def apply(params: PenaltyFlagParams, state: RuleState, events: Records) -> RuleState:
        """Deduct ``points`` from every flagged unit."""
        penalty = np.where(events.present, params.points, 0.0)
        return evolve(state, deductions=state.deductions + penalty, total=state.total - penalty)

    @staticmethod
    def explain(
        params: PenaltyFlagParams,
        before: RuleState,
        after: RuleState,
        events: Records,
        unit: int,
    ) -> Note | None:
        """The reasons and the points taken off."""
        rows = events.rows_of(unit)
        if len(rows) == 0:
            return None
        reasons = [str(events.columns["reason"][r]) for r in rows]
        return Note(
            zh=f"被标记 {len(reasons)} 次({'、'.join(reasons)}),扣 {params.points:g} 分",
            en=f"flagged {len(reasons)} time(s) ({'; '.join(reasons)}); "
            f"{params.points:g} points off",
            data={"reasons": reasons, "points": params.points},
        )

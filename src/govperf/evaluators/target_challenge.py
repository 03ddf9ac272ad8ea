"""The ``target_challenge`` evaluator: task-book tasks against target and challenge values.

Each task of a unit's task book (任务书) has a ``weight``, a ``direction`` (``higher``
or ``lower`` is better), a ``target`` (目标值), a ``challenge`` value (挑战值) and the
``actual`` result.  A task's share of its points is:

- at or beyond the challenge value: 1;
- between target and challenge: linear from ``at_target`` to 1;
- exactly at target: ``at_target``;
- short of target: 0 with ``below_target: zero``; with ``below_target:
  proportional``, ``at_target × actual / target`` (``target / actual`` when lower is
  better), never below 0.

``points = max × Σ weight × share / Σ weight`` over the unit's tasks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from attrs import field, frozen

from .._checks import fraction
from .._lazy import lazy_numpy
from ..exceptions import Message
from ..plugin import BaseEvaluator, ColumnKind, Records
from ._common import duplicate_rows, number_problems
from ._relative import InputRange, input_problems

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_numpy(globals())

__all__ = ["TargetChallenge", "TargetChallengeParams"]


@frozen(kw_only=True)
class TargetChallengeParams:
    """Parameters of ``target_challenge``."""

    at_target: float = field(default=0.8, validator=fraction)
    """Share of a task's points for meeting the target exactly."""
    below_target: Literal["zero", "proportional"] = "zero"
    """Short of target: no points, or ``at_target`` × actual / target (target / actual
    when lower is better)."""
    input_range: InputRange | None = None
    """Values allowed for ``target``, ``challenge`` and ``actual``; outside is an error."""


def _shares(params: TargetChallengeParams, records: Records) -> np.ndarray:
    cols = records.columns
    lower = cols["direction"].astype(str) == "lower"
    sign = np.where(lower, -1.0, 1.0)
    target = cols["target"].astype(float)
    challenge = cols["challenge"].astype(float)
    actual = cols["actual"].astype(float)
    t, c, a = sign * target, sign * challenge, sign * actual
    with np.errstate(invalid="ignore", divide="ignore"):
        span = c - t
        between = params.at_target + (1 - params.at_target) * np.where(
            span > 0, (a - t) / np.where(span > 0, span, 1.0), 1.0
        )
        share = np.where(a >= c, 1.0, np.where(a >= t, between, 0.0))
        if params.below_target == "proportional":
            ratio = np.where(lower, target / actual, actual / target)
            ratio = np.where(np.isfinite(ratio), ratio, 0.0)
            share = np.where(a < t, np.clip(params.at_target * ratio, 0.0, params.at_target), share)
    return np.clip(share, 0.0, 1.0)


DIRECTIONS: tuple[tuple[str, str], ...] = (
    ("higher", "higher"),
    ("lower", "lower"),
    ("正向", "higher"),
    ("负向", "lower"),
    ("逆向", "lower"),
)
"""How data may give a task's direction: the words and the direction each means."""


class TargetChallenge(BaseEvaluator):
    """Task completion against target and challenge values (重点任务完成效率)."""

    Params: ClassVar[type[TargetChallengeParams]] = TargetChallengeParams
    columns: ClassVar[Mapping[str, ColumnKind]] = {
        "task": "text",
        "weight": "number",
        "direction": "text",
        "target": "number",
        "challenge": "number",
        "actual": "number",
    }
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    one_row_per_unit: ClassVar[bool] = False
    formula: ClassVar[Mapping[str, str]] = {
        "en": "task share: 1 at or beyond challenge; at_target + (1 − at_target) × (actual − "
        "target)/(challenge − target) between; below target 0 (or proportional); "
        "points = max × Σ weight × share / Σ weight",
        "zh": "单项得分率:达到挑战值为1;目标值与挑战值之间线性从 at_target 到1;未达目标值为0"
        "(或按比例);得分 = 满分 × Σ(权重 × 得分率) ÷ Σ权重",
    }

    @staticmethod
    def vocabulary(params: TargetChallengeParams) -> Mapping[str, Sequence[tuple[str, str]]]:
        """A direction as ``higher``/``lower`` or in Chinese: 正向 (higher is better),
        负向 or 逆向 (lower is better)."""
        return {"direction": list(DIRECTIONS)}

    @staticmethod
    def check(
        params: TargetChallengeParams, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str | Message]]:
        """Complete numbers, a valid direction, challenge beyond target, positive weights."""
        cols = records.columns
        out: list[tuple[int, str | Message]] = []
        for name in ("target", "challenge", "actual"):
            out += number_problems(cols[name].astype(float), name)
            out += input_problems(cols[name].astype(float), params.input_range, name)
        weight = cols["weight"].astype(float)
        out += number_problems(weight, "weight")
        out += [
            (int(r), f"weight {weight[r]:g} must be positive")
            for r in np.flatnonzero(~np.isnan(weight) & (weight <= 0))
        ]
        direction = cols["direction"].astype(str)
        bad = ~np.isin(direction, ["higher", "lower"])
        out += [
            (int(r), f"direction {cols['direction'][r]!r} must be 'higher' or 'lower'")
            for r in np.flatnonzero(bad)
        ]
        lower = direction == "lower"
        target = cols["target"].astype(float)
        challenge = cols["challenge"].astype(float)
        wrong = ~bad & np.where(lower, challenge > target, challenge < target)
        out += [
            (
                int(r),
                f"challenge {challenge[r]:g} is not beyond target {target[r]:g} "
                f"({direction[r]} is better)",
            )
            for r in np.flatnonzero(wrong)
        ]
        if params.below_target == "proportional":
            zero = ~lower & (target <= 0)
            out += [
                (int(r), "below_target 'proportional' needs a positive target")
                for r in np.flatnonzero(zero)
            ]
        out += duplicate_rows(records, cols["task"], "task")
        return out

    @staticmethod
    def score(
        params: TargetChallengeParams, records: Records, max_points: np.ndarray
    ) -> np.ndarray:
        """Weighted task shares times the points."""
        weight = records.columns["weight"].astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return records.sum(weight * _shares(params, records)) / records.sum(weight) * max_points

    @staticmethod
    def explain(
        params: TargetChallengeParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """Each task with its share."""
        shares = _shares(params, records)
        cols = records.columns
        tasks = [
            {
                "task": str(cols["task"][r]),
                "weight": float(cols["weight"][r]),
                "direction": str(cols["direction"][r]),
                "target": float(cols["target"][r]),
                "challenge": float(cols["challenge"][r]),
                "actual": float(cols["actual"][r]),
                "share": float(shares[r]),
            }
            for r in records.rows_of(unit)
        ]
        return {"tasks": tasks, "at_target": params.at_target, "below_target": params.below_target}

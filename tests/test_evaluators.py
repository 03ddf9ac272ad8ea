"""Each built-in evaluator's formula at its boundaries, on one-sub-indicator schemes."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import pytest

import govperf


def scheme(evaluator: str, points: float = 10) -> govperf.Scheme:
    """A scheme of one level / indicator / sub-indicator ``s`` worth ``points``."""
    text = f"""\
schema_version: 1
id: t
title: 测试
total_points: {points}
levels:
  - id: l
    name: 层面
    points: {points}
    indicators:
      - id: i
        name: 指标
        points: {points}
        sub_indicators:
          - id: s
            name: 二级指标
            points: {points}
            evaluator:
{textwrap.indent(textwrap.dedent(evaluator), " " * 14)}"""
    return govperf.loads_scheme(text)


def run(
    evaluator: str, rows: list[dict[str, Any]], units: list[str], points: float = 10
) -> list[float]:
    """Exact points of ``s`` per unit."""
    data = {"units": units, "records": {"s": rows}}
    return [float(x) for x in govperf.score(scheme(evaluator, points), data).points("s")]


def values(vals: list[float]) -> tuple[list[dict[str, Any]], list[str]]:
    units = [f"u{i}" for i in range(len(vals))]
    return [{"unit": u, "value": v} for u, v in zip(units, vals, strict=True)], units


def data_error(
    evaluator: str, rows: list[dict[str, Any]], units: list[str], points: float = 10
) -> list[str]:
    with pytest.raises(govperf.DataError) as info:
        run(evaluator, rows, units, points)
    return [p.text("en") for p in info.value.problems]


# -- direct ------------------------------------------------------------------------


def test_direct_without_scale() -> None:
    rows, units = values([0, 7.5, 10])
    assert run("kind: direct", rows, units) == [0.0, 7.5, 10.0]  # points = value


def test_direct_with_scale() -> None:
    rows, units = values([0, 85, 100])
    # points = value / 100 × 10
    assert run("kind: direct\nparams: {scale: 100}", rows, units) == pytest.approx([0.0, 8.5, 10.0])


def test_direct_above_max_and_below_zero() -> None:
    rows, units = values([10.5, -1, 10])
    msgs = data_error("kind: direct", rows, units)
    with pytest.raises(govperf.DataError) as info:
        run("kind: direct", rows, units)
    assert sorted(p.message for p in info.value.problems) == [
        "二级指标 [s],单位 u0(u0):value 10.5 高于最大值 10",
        "二级指标 [s],单位 u1(u1):value -1 低于 0",
    ]
    assert len(msgs) == 2
    assert any("unit u0" in m and "10.5 is above the maximum 10" in m for m in msgs)
    assert any("unit u1" in m and "below 0" in m for m in msgs)


def test_direct_scale_bound() -> None:
    rows, units = values([101, 100])
    (msg,) = data_error("kind: direct\nparams: {scale: 100}", rows, units)
    assert "unit u0" in msg
    assert "101 is above the maximum 100" in msg


def test_direct_above_max_message_shows_the_value_as_given() -> None:
    # rounded to 6 digits it read "value 10 is above the maximum 10"
    rows, units = values([10.0000001])
    (msg,) = data_error("kind: direct", rows, units)
    assert msg.endswith("value 10.0000001 is above the maximum 10")


# -- raters ------------------------------------------------------------------------


def _ratings(scores: dict[str, list[float]]) -> tuple[list[dict[str, Any]], list[str]]:
    rows = [
        {"unit": u, "rater": f"r{i}", "score": s}
        for u, ss in scores.items()
        for i, s in enumerate(ss)
    ]
    return rows, list(scores)


def test_raters_mean() -> None:
    rows, units = _ratings({"a": [80, 90, 70], "b": [100]})
    # a: (80 + 90 + 70) / 3 = 80 → 80 / 100 × 10 = 8; b: 100 → 10
    assert run("kind: raters\nparams: {combine: mean}", rows, units) == pytest.approx([8.0, 10.0])


def test_raters_median_odd_and_even() -> None:
    rows, units = _ratings({"a": [70, 90, 80], "b": [100, 60, 90, 70], "c": [55]})
    # a: median of 70, 80, 90 = 80 → 8; b: (70 + 90) / 2 = 80 → 8; c: 55 → 5.5
    assert run("kind: raters\nparams: {combine: median}", rows, units) == pytest.approx(
        [8.0, 8.0, 5.5]
    )


def test_raters_trimmed_mean() -> None:
    rows, units = _ratings({"a": [10, 80, 90, 100], "b": [50, 60, 70]})
    # a: drop 10 and 100 → (80 + 90) / 2 = 85 → 8.5; b: drop 50, 70 → 60 → 6
    ev = "kind: raters\nparams: {combine: trimmed_mean, trim: 1}"
    assert run(ev, rows, units) == pytest.approx([8.5, 6.0])


def test_raters_too_few() -> None:
    rows, units = _ratings({"a": [80, 90], "b": [50, 60, 70]})
    (msg,) = data_error("kind: raters\nparams: {combine: trimmed_mean, trim: 1}", rows, units)
    assert "unit a" in msg
    assert "2 rater(s)" in msg
    assert "at least 3" in msg  # 2 × trim + 1


# -- survey ------------------------------------------------------------------------

CATEGORIES = """\
  categories:
    - {id: sat, weight: 1}
    - {id: fair, weight: 0.6}
    - {id: dis, weight: 0}
    - {id: unk, abstain: true}
"""


def _answers(counts: dict[str, dict[str, int]]) -> tuple[list[dict[str, Any]], list[str]]:
    rows = [
        {"unit": u, "category": c, "count": n} for u, cs in counts.items() for c, n in cs.items()
    ]
    return rows, list(counts)


def test_survey_abstentions_excluded() -> None:
    rows, units = _answers({"a": {"sat": 6, "dis": 4, "unk": 90}, "b": {"sat": 5, "fair": 5}})
    # a: 6 × 1 / (6 + 4) = 0.6 (the 90 abstentions are left out) → 6
    # b: (5 + 5 × 0.6) / 10 = 0.8 → 8
    ev = "kind: survey\nparams:\n" + CATEGORIES
    assert run(ev, rows, units) == pytest.approx([6.0, 8.0])


def test_survey_linear_zero_at_full_at() -> None:
    rows, units = _answers(
        {
            "a": {"sat": 6, "dis": 4},
            "b": {"sat": 4, "dis": 6},
            "c": {"sat": 9, "dis": 1},
            "d": {"sat": 19, "dis": 1},
            "e": {"sat": 1, "dis": 1},
        }
    )
    # share = clip((index − 0.5) / (0.9 − 0.5), 0, 1)
    # a 0.6 → 0.25 → 2.5; b 0.4 → 0; c 0.9 → 1 → 10; d 0.95 → 10; e 0.5 → 0
    ev = "kind: survey\nparams:\n" + CATEGORIES + "  zero_at: 0.5\n  full_at: 0.9\n"
    assert run(ev, rows, units) == pytest.approx([2.5, 0.0, 10.0, 10.0, 0.0])


def test_survey_bands_inclusive() -> None:
    rows, units = _answers(
        {
            "a": {"sat": 8, "dis": 2},
            "b": {"sat": 6, "dis": 4},
            "c": {"sat": 59, "dis": 41},
            "d": {"sat": 79, "dis": 21},
        }
    )
    ev = (
        "kind: survey\nparams:\n"
        + CATEGORIES
        + "  mapping: bands\n  bands:\n    - {min: 0.6, share: 0.5}\n"
        "    - {min: 0.8, share: 1}\n"
    )
    # a 0.8 → reaches 0.8 (inclusive) → 10; b 0.6 → 0.5 × 10 = 5;
    # c 0.59 → no band → 0; d 0.79 → 5
    assert run(ev, rows, units) == pytest.approx([10.0, 5.0, 0.0, 5.0])


def test_survey_only_abstentions_is_error() -> None:
    rows, units = _answers({"a": {"unk": 3}})
    (msg,) = data_error("kind: survey\nparams:\n" + CATEGORIES, rows, units)
    assert "unit a" in msg
    assert "no answers" in msg


def test_survey_infinite_count_is_refused() -> None:
    # it became "the evaluator survey gave nan points"
    rows, units = _answers({"a": {"sat": 8}, "b": {"fair": 4}})
    rows[1]["count"] = float("inf")
    ev = "kind: survey\nparams:\n" + CATEGORIES
    (msg,) = data_error(ev, rows, units)
    assert "count inf is not a finite number" in msg
    data = {"units": units, "records": {"s": rows}}
    assert [p.text("en") for p in govperf.check_data(scheme(ev), data)] == [msg]


# -- target_challenge ---------------------------------------------------------------


def _tasks(
    spec: Sequence[tuple[str, float, float, float]],
) -> tuple[list[dict[str, Any]], list[str]]:
    units = [f"u{i}" for i in range(len(spec))]
    rows = [
        {
            "unit": u,
            "task": "t",
            "weight": 1,
            "direction": d,
            "target": t,
            "challenge": c,
            "actual": a,
        }
        for u, (d, t, c, a) in zip(units, spec, strict=True)
    ]
    return rows, units


HIGHER: list[tuple[str, float, float, float]] = [("higher", 10, 20, a) for a in (10, 20, 25, 15, 9)]
LOWER: list[tuple[str, float, float, float]] = [("lower", 10, 5, a) for a in (10, 5, 4, 7.5, 12)]


def test_target_challenge_zero() -> None:
    rows, units = _tasks(HIGHER + LOWER)
    # higher 10→20: at target 0.8 → 8; challenge 1 → 10; beyond → 10;
    #   15: 0.8 + 0.2 × 5/10 = 0.9 → 9; 9 (short) → 0
    # lower 10→5: 10 → 8; 5 → 10; 4 → 10; 7.5: 0.8 + 0.2 × 2.5/5 = 0.9 → 9; 12 → 0
    ev = "kind: target_challenge\nparams: {at_target: 0.8, below_target: zero}"
    assert run(ev, rows, units) == pytest.approx([8, 10, 10, 9, 0, 8, 10, 10, 9, 0])


def test_target_challenge_proportional() -> None:
    rows, units = _tasks([("higher", 10, 20, 9), ("lower", 10, 5, 12), ("higher", 10, 20, 0)])
    # higher: 0.8 × 9/10 = 0.72 → 7.2; lower: 0.8 × 10/12 → 6.666…; 0 → 0
    ev = "kind: target_challenge\nparams: {at_target: 0.8, below_target: proportional}"
    assert run(ev, rows, units) == pytest.approx([7.2, 80 / 12, 0.0])


def test_target_challenge_weights() -> None:
    rows = [
        {
            "unit": "a",
            "task": "t1",
            "weight": 1,
            "direction": "higher",
            "target": 10,
            "challenge": 20,
            "actual": 20,
        },
        {
            "unit": "a",
            "task": "t2",
            "weight": 3,
            "direction": "higher",
            "target": 10,
            "challenge": 20,
            "actual": 5,
        },
    ]
    # (1 × 1 + 3 × 0) / 4 = 0.25 → 2.5
    assert run("kind: target_challenge", rows, ["a"]) == pytest.approx([2.5])


def test_target_challenge_challenge_not_beyond_target() -> None:
    rows, units = _tasks([("higher", 10, 5, 7)])
    (msg,) = data_error("kind: target_challenge", rows, units)
    assert "challenge 5 is not beyond target 10" in msg


# -- bands -------------------------------------------------------------------------

BANDS = """\
kind: bands
params:
  bands:
    - {min: 90, points: 12}
    - {min: 80, max: 90, share: 0.6}
    - {min: 60, min_inclusive: false, max: 80, points: 3}
"""


def test_bands_boundaries() -> None:
    rows, units = values([90, 89.99, 80, 79.9, 60.5, 100])
    # 90 → [90, +∞): 12 capped at 10; 89.99 and 80 → [80, 90): 0.6 × 10 = 6;
    # 79.9 and 60.5 → (60, 80): 3; 100 → 10
    assert run(BANDS, rows, units) == pytest.approx([10, 6, 6, 3, 3, 10])


def test_bands_max_inclusive() -> None:
    ev = """\
kind: bands
params:
  bands:
    - {min: 0, max: 60, max_inclusive: true, points: 1}
    - {min: 60, min_inclusive: false, points: 2}
"""
    rows, units = values([60, 60.01, 0])
    assert run(ev, rows, units) == [1.0, 2.0, 1.0]  # 60 is in [0, 60]


def test_bands_value_in_no_band() -> None:
    rows, units = values([60, 70])
    (msg,) = data_error(BANDS, rows, units)  # 60 is excluded by (60, 80)
    assert "unit u0" in msg
    assert "value 60 is in no band" in msg


def test_bands_value_in_no_band_message_shows_the_value_as_given() -> None:
    # rounded to 6 digits it read "value 4 is in no band ([0, 4])"
    ev = "kind: bands\nparams: {bands: [{min: 0, max: 4, max_inclusive: true, share: 1}]}"
    rows, units = values([4.0000001])
    (msg,) = data_error(ev, rows, units, points=4)
    assert msg.endswith("value 4.0000001 is in no band ([0, 4])")


# -- piecewise ---------------------------------------------------------------------


def test_piecewise_rate_example() -> None:
    ev = """\
kind: piecewise
params:
  breakpoints:
    - {value: 88, points: 0}
    - {value: 90, points: 2}
"""
    rows, units = values([90, 89, 88, 95, 80, 89.5])
    # ≥ 90 full 2; −1 per point below; held at the ends
    assert run(ev, rows, units, points=2) == pytest.approx([2, 1, 0, 2, 0, 1.5])


def test_piecewise_share() -> None:
    ev = """\
kind: piecewise
params:
  breakpoints:
    - {value: 0, share: 0}
    - {value: 50, share: 0.5}
    - {value: 100, share: 1}
"""
    rows, units = values([25, 75])
    assert run(ev, rows, units) == pytest.approx([2.5, 7.5])  # 0.25 × 10, 0.75 × 10


# -- deduction ---------------------------------------------------------------------


def test_deduction_caps_floor_and_no_rows() -> None:
    ev = """\
kind: deduction
params:
  types:
    late: {points: 1, cap: 3}
    error: {points: 2}
"""
    rows = [
        {"unit": "a", "type": "late", "count": 5},
        {"unit": "a", "type": "error", "count": 1},
        {"unit": "b", "type": "error", "count": 6},
        {"unit": "d", "type": "late", "count": 2},
    ]
    # a: min(5 × 1, 3) + 2 = 5 → 5; b: 12 → floored at 0; c: no rows → 10; d: 2 → 8
    assert run(ev, rows, ["a", "b", "c", "d"]) == pytest.approx([5, 0, 10, 8])


# -- rank --------------------------------------------------------------------------


def test_rank_linear_with_ties() -> None:
    rows, units = values([90, 80, 80, 70])
    # ranks 1, 2, 2, 4 of n = 4; share = 1 − (rank − 1)/3 × (1 − 0.2)
    # rank 2: 1 − 0.8/3 → 10 × (1 − 0.8/3) = 7.333…; rank 4: 0.2 → 2
    ev = "kind: rank\nparams: {mapping: linear, last_share: 0.2}"
    assert run(ev, rows, units) == pytest.approx([10, 10 - 8 / 3, 10 - 8 / 3, 2])


def test_rank_steps_lower_is_better() -> None:
    ev = """\
kind: rank
params:
  direction: lower
  mapping: steps
  steps:
    - {up_to: 1, share: 1}
    - {up_to: 3, share: 0.5}
"""
    rows, units = values([70, 80, 80, 90])
    # lower is better: ranks 1, 2, 2, 4 → 10, 5, 5, 0 (rank 4 is past every step)
    assert run(ev, rows, units) == pytest.approx([10, 5, 5, 0])


# -- scheme errors ------------------------------------------------------------------

PARAMS_PATH = ("levels", 0, "indicators", 0, "sub_indicators", 0, "evaluator", "params")


@pytest.mark.parametrize(
    ("evaluator", "message"),
    [
        ("kind: raters\nparams: {combine: trimmed_mean}", "needs 'trim'"),
        ("kind: raters\nparams: {combine: mean, trim: 1}", "only used with"),
        (
            "kind: bands\nparams:\n  bands:\n"
            "    - {min: 0, max: 60, max_inclusive: true, points: 1}\n"
            "    - {min: 60, points: 2}",
            "overlap",
        ),
        (
            "kind: survey\nparams:\n" + CATEGORIES + "  zero_at: 0.9\n  full_at: 0.5\n",
            "zero_at must be below full_at",
        ),
        (
            "kind: piecewise\nparams:\n  breakpoints:\n    - {value: 2, points: 0}"
            "\n    - {value: 1, points: 1}",
            "increase strictly",
        ),
        ("kind: rank\nparams: {mapping: steps}", "needs 'steps'"),
    ],
)
def test_bad_params_scheme_error(evaluator: str, message: str) -> None:
    with pytest.raises(govperf.SchemeError) as info:
        scheme(evaluator)
    (problem,) = info.value.problems
    assert message in problem.message
    assert tuple(problem.path[: len(PARAMS_PATH)]) == PARAMS_PATH

"""The rate, population-relative (min_max, efficacy_coefficient, z_score), goalposts
evaluators and every value-taking evaluator's input range, at their boundaries."""

from __future__ import annotations

import math
import textwrap
from typing import Any

import pytest

import govperf

GROUPS = """\
groups:
  - {id: a, name: 委办局}
  - {id: b, name: 街道}
scoring: {within_groups: WITHIN}
"""


def scheme(evaluator: str, groups: bool | None = None) -> govperf.Scheme:
    """One leaf ``s`` of 10 points; with ``groups`` two unit groups, compared within
    them when ``groups`` is true."""
    head = "" if groups is None else GROUPS.replace("WITHIN", str(groups).lower())
    text = f"""\
schema_version: 1
id: t
title: 测试
total_points: 10
{head}tiers: [{{name: 指标}}]
nodes:
  - id: s
    name: 指标
    points: 10
    evaluator:
{textwrap.indent(textwrap.dedent(evaluator), " " * 6)}"""
    return govperf.loads_scheme(text)


def units(n: int, groups: str | None = None) -> list[dict[str, Any]]:
    return [
        {"id": f"u{i}", "name": f"u{i}", **({"group": groups[i]} if groups else {})}
        for i in range(n)
    ]


def run(
    evaluator: str,
    vals: list[float | None],
    *,
    groups: str | None = None,
    within: bool | None = None,
    missing: str = "error",
) -> list[float]:
    """Points of ``s`` per unit; ``None`` leaves a unit without a row."""
    rows = [{"unit": f"u{i}", "value": v} for i, v in enumerate(vals) if v is not None]
    data = {"units": units(len(vals), groups), "records": {"s": rows}}
    sch = scheme(evaluator, within if groups else None)
    return [float(x) for x in govperf.score(sch, data, missing=missing).points("s")]


def rate(evaluator: str, counts: list[tuple[float, float]]) -> list[float]:
    rows = [{"unit": f"u{i}", "numerator": n, "denominator": d} for i, (n, d) in enumerate(counts)]
    data = {"units": units(len(counts)), "records": {"s": rows}}
    return [float(x) for x in govperf.score(scheme(evaluator), data).points("s")]


def problems(evaluator: str, rows: list[dict[str, Any]], n: int) -> list[govperf.Problem]:
    data = {"units": units(n), "records": {"s": rows}}
    with pytest.raises(govperf.DataError) as info:
        govperf.score(scheme(evaluator), data)
    return list(info.value.problems)


def scheme_error(evaluator: str) -> str:
    with pytest.raises(govperf.SchemeError) as info:
        scheme(evaluator)
    (problem,) = info.value.problems
    return problem.message


# -- rate ------------------------------------------------------------------------------


def test_rate_is_resolved_over_received() -> None:
    # 45/50 = 0.9 → 9; 50/50 → 10; 0/8 → 0
    assert rate("kind: rate", [(45, 50), (50, 50), (0, 8)]) == pytest.approx([9, 10, 0])


def test_rate_between_zero_at_and_full_at() -> None:
    ev = "kind: rate\nparams: {zero_at: 0.6, full_at: 0.95}"
    # 0.6 → 0; 0.95 → 10; 0.8 → (0.8 − 0.6)/0.35 × 10 = 5.714…; 0.5 → 0 (below zero_at)
    got = rate(ev, [(60, 100), (95, 100), (80, 100), (50, 100)])
    assert got == pytest.approx([0, 10, 20 / 3.5, 0])


def test_rate_lower_is_better() -> None:
    ev = "kind: rate\nparams: {zero_at: 0.1, full_at: 0.0}"
    # complaint rate: 0 → 10, 0.05 → 5, 0.1 and above → 0
    assert rate(ev, [(0, 40), (2, 40), (4, 40), (8, 40)]) == pytest.approx([10, 5, 0, 0])


def test_rate_zero_denominator() -> None:
    (p,) = problems("kind: rate", [{"unit": "u0", "numerator": 0, "denominator": 0}], 1)
    assert p.message.endswith("denominator 0: no rate (declare zero_denominator: full or zero)")
    assert (p.unit, p.row) == ("u0", 0)
    counts = [(0.0, 0.0), (3.0, 4.0)]
    full = "kind: rate\nparams: {zero_denominator: full}"
    zero = "kind: rate\nparams: {zero_denominator: zero}"
    assert rate(full, counts) == pytest.approx([10, 7.5])
    assert rate(zero, counts) == pytest.approx([0, 7.5])
    # something resolved out of nothing received is never a rate
    (p,) = problems(full, [{"unit": "u0", "numerator": 2, "denominator": 0}], 1)
    assert p.message.endswith("numerator 2 over a denominator of 0")


def test_rate_counts_and_max_rate() -> None:
    rows = [
        {"unit": "u0", "numerator": 12, "denominator": 10},
        {"unit": "u1", "numerator": 2.5, "denominator": 10},
        {"unit": "u2", "numerator": -1, "denominator": 10},
    ]
    found = sorted(
        (p.row, p.text("en").split("): ", 1)[1]) for p in problems("kind: rate", rows, 3)
    )
    assert found == [
        (0, "rate 12/10 = 1.2 is above 1 (numerator above the denominator?)"),
        (1, "numerator 2.5 is not a whole number (a count)"),
        (2, "numerator -1 is below 0"),
    ]
    # amounts, and a rate that may pass 1 (spent against plan), capped at full_at
    ev = "kind: rate\nparams: {counts: false, max_rate: null, full_at: 1}"
    assert rate(ev, [(2.5, 10), (12, 10)]) == pytest.approx([2.5, 10])


def test_rate_bad_params() -> None:
    assert "zero_at and full_at must differ" in scheme_error(
        "kind: rate\nparams: {zero_at: 0.5, full_at: 0.5}"
    )


# -- min_max ---------------------------------------------------------------------------


def test_min_max_higher_and_lower() -> None:
    # min 60, max 100: 60 → 0, 80 → 5, 100 → 10
    assert run("kind: min_max", [60, 80, 100]) == pytest.approx([0, 5, 10])
    assert run("kind: min_max\nparams: {direction: lower}", [60, 80, 100]) == pytest.approx(
        [10, 5, 0]
    )


def test_min_max_floor() -> None:
    # floor 0.6: 60 → 6, 90 → 6 + 4 × 0.75 = 9, 100 → 10
    ev = "kind: min_max\nparams: {floor: 0.6}"
    assert run(ev, [60, 90, 100]) == pytest.approx([6, 9, 10])


def test_min_max_all_equal_and_a_single_unit() -> None:
    assert run("kind: min_max", [7, 7]) == [10, 10]
    assert run("kind: min_max\nparams: {all_equal: worst, floor: 0.5}", [7, 7]) == [5, 5]
    assert run("kind: min_max", [3]) == [10]


def test_min_max_a_unit_without_data_does_not_shift_the_others() -> None:
    # u1 has no data: min 60 and max 100 come from u0 and u2 only; the policy scores u1
    assert run("kind: min_max", [60, None, 100, 80], missing="zero") == pytest.approx([0, 0, 10, 5])


def test_min_max_within_groups() -> None:
    vals: list[float | None] = [60, 100, 80, 10, 20, 30]
    groups = "aaabbb"
    # within groups: a: 60/100 → 0, 10, 5; b: 10/30 → 0, 5, 10
    assert run("kind: min_max", vals, groups=groups, within=True) == pytest.approx(
        [0, 10, 5, 0, 5, 10]
    )
    # all units together (scheme not within groups): min 10, max 100
    assert run("kind: min_max", vals, groups=groups, within=False) == pytest.approx(
        [50 / 9, 10, 70 / 9, 0, 10 / 9, 20 / 9]
    )
    # the parameter overrides the scheme, both ways
    ev_all = "kind: min_max\nparams: {within_groups: false}"
    assert run(ev_all, vals, groups=groups, within=True) == pytest.approx(
        [50 / 9, 10, 70 / 9, 0, 10 / 9, 20 / 9]
    )
    ev_groups = "kind: min_max\nparams: {within_groups: true}"
    assert run(ev_groups, vals, groups=groups, within=False) == pytest.approx([0, 10, 5, 0, 5, 10])


# -- efficacy_coefficient (功效系数法) ---------------------------------------------------


def test_efficacy_coefficient_60_plus_40() -> None:
    # score = 60 + 40 × (x − 60)/(100 − 60); points = score / 100 × 10
    # 60 → 60 → 6; 70 → 70 → 7; 100 → 100 → 10
    assert run("kind: efficacy_coefficient", [60, 70, 100]) == pytest.approx([6, 7, 10])


def test_efficacy_coefficient_base_range_out_of_and_direction() -> None:
    ev = "kind: efficacy_coefficient\nparams: {base: 50, range: 30, out_of: 80, direction: lower}"
    # lower is better: 2 → best → (50 + 30)/80 × 10 = 10; 6 → worst → 50/80 × 10 = 6.25;
    # 3 → t = (6 − 3)/4 = 0.75 → (50 + 22.5)/80 × 10 = 9.0625
    assert run(ev, [2, 6, 3]) == pytest.approx([10, 6.25, 9.0625])


def test_efficacy_coefficient_all_equal() -> None:
    assert run("kind: efficacy_coefficient", [5, 5]) == [10, 10]
    assert run("kind: efficacy_coefficient\nparams: {all_equal: worst}", [5, 5]) == [6, 6]


def test_efficacy_coefficient_bad_params() -> None:
    msg = scheme_error("kind: efficacy_coefficient\nparams: {base: 70, range: 40}")
    assert "base 70 + range 40 is above out_of 100" in msg
    assert "ranges" in scheme_error("kind: efficacy_coefficient\nparams: {ranges: 40}")


# -- z_score ---------------------------------------------------------------------------


def test_z_score_rescaled() -> None:
    ev = "kind: z_score\nparams: {center: 80, spread: 10}"
    # 70, 80, 90: mean 80, population sd √(200/3) = 8.165; z = ∓1.2247
    # score 80 ∓ 12.247 → points 6.775, 8, 9.225
    sd = math.sqrt(200 / 3)
    expected = [(80 - 100 / sd) / 10, 8, (80 + 100 / sd) / 10]
    assert run(ev, [70, 80, 90]) == pytest.approx(expected)
    lower = "kind: z_score\nparams: {center: 80, spread: 10, direction: lower}"
    assert run(lower, [70, 80, 90]) == pytest.approx(expected[::-1])


def test_z_score_is_clipped_and_equal_values_score_the_center() -> None:
    ev = "kind: z_score\nparams: {center: 90, spread: 20}"
    # 0, 0, 0, 10: mean 2.5, sd √18.75 = 4.330; z(10) = 1.732 → 90 + 34.6 → clipped to 100
    # z(0) = −0.577 → 90 − 11.55 = 78.45
    z0 = -2.5 / math.sqrt(18.75)
    assert run(ev, [0, 0, 0, 10]) == pytest.approx([(90 + 20 * z0) / 10] * 3 + [10])
    assert run(ev, [4, 4]) == [9, 9]


def test_z_score_needs_center_and_spread() -> None:
    assert "center" in scheme_error("kind: z_score\nparams: {spread: 10}")
    assert "center 120 is above out_of 100" in scheme_error(
        "kind: z_score\nparams: {center: 120, spread: 10}"
    )


# -- goalposts -------------------------------------------------------------------------


def test_goalposts() -> None:
    ev = "kind: goalposts\nparams: {lower: 20, upper: 80}"
    # 20 → 0; 50 → 5; 80 → 10; beyond the goalposts: held at them
    assert run(ev, [20, 50, 80, 10, 95]) == pytest.approx([0, 5, 10, 0, 10])
    low = "kind: goalposts\nparams: {lower: 20, upper: 80, direction: lower}"
    assert run(low, [20, 50, 80]) == pytest.approx([10, 5, 0])
    # fixed goalposts: one unit alone scores the same
    assert run(ev, [50]) == pytest.approx([5])
    assert "lower 80 must be below upper 20" in scheme_error(
        "kind: goalposts\nparams: {lower: 80, upper: 20}"
    )


# -- rank: within groups, beyond the last step -------------------------------------------


def test_rank_beyond_the_last_step() -> None:
    steps = "steps: [{up_to: 1, share: 1}, {up_to: 2, share: 0.5}]"
    ev = f"kind: rank\nparams: {{mapping: steps, {steps}}}"
    # ranks 1, 2, 3, 4: 10, 5, then past the last step 0
    assert run(ev, [4, 3, 2, 1]) == pytest.approx([10, 5, 0, 0])
    ev = f"kind: rank\nparams: {{mapping: steps, {steps}, beyond_last: 0.2}}"
    assert run(ev, [4, 3, 2, 1]) == pytest.approx([10, 5, 2, 2])
    assert "only used with mapping 'steps'" in scheme_error(
        "kind: rank\nparams: {beyond_last: 0.2}"
    )


def test_rank_within_groups() -> None:
    ev = "kind: rank\nparams: {mapping: linear}"
    vals: list[float | None] = [9, 8, 7, 3, 2]
    # within groups: a ranks 1, 2, 3 of 3 → 10, 5, 0; b ranks 1, 2 of 2 → 10, 0
    assert run(ev, vals, groups="aaabb", within=True) == pytest.approx([10, 5, 0, 10, 0])
    # together: ranks 1 … 5 of 5 → 10, 7.5, 5, 2.5, 0
    assert run(ev, vals, groups="aaabb", within=False) == pytest.approx([10, 7.5, 5, 2.5, 0])


def test_rank_a_unit_without_data_is_not_ranked() -> None:
    # u1 has no value: u0, u2, u3 rank 1, 2, 3 of 3; u1 gets the policy's 0
    got = run("kind: rank", [9, None, 5, 1], missing="zero")
    assert got == pytest.approx([10, 0, 5, 0])


# -- input ranges ------------------------------------------------------------------------

RANGE = "input_range: {min: 0, max: 100, unit: '%'}"


@pytest.mark.parametrize(
    "evaluator",
    [
        f"kind: direct\nparams: {{scale: 200, {RANGE}}}",
        f"kind: bands\nparams: {{bands: [{{min: 0, share: 1}}], {RANGE}}}",
        "kind: piecewise\nparams: {breakpoints: [{value: 0, share: 0}, {value: 100, share: 1}], "
        f"{RANGE}}}",
        f"kind: rank\nparams: {{{RANGE}}}",
        f"kind: min_max\nparams: {{{RANGE}}}",
        f"kind: efficacy_coefficient\nparams: {{{RANGE}}}",
        f"kind: z_score\nparams: {{center: 80, spread: 10, {RANGE}}}",
        f"kind: goalposts\nparams: {{lower: 0, upper: 100, {RANGE}}}",
    ],
    ids=lambda e: e.split("\n")[0].removeprefix("kind: "),
)
def test_a_value_outside_the_input_range_is_an_error(evaluator: str) -> None:
    rows = [{"unit": "u0", "value": 96.5}, {"unit": "u1", "value": 105}]
    assert run(evaluator, [96.5, 100, 0]) is not None  # inside: scores
    (p,) = problems(evaluator, rows, 2)
    assert p.text("en") == (
        "指标 [s], unit u1 (u1): value 105 % is outside the declared input range [0, 100] %; "
        "is it on another scale?"
    )
    assert (p.unit, p.row, p.node, p.code) == ("u1", 1, "s", "out-of-range")


def test_a_fraction_where_per_cent_is_declared_names_its_row() -> None:
    ev = "kind: min_max\nparams: {input_range: {min: 0, max: 1}}"
    (p,) = problems(ev, [{"unit": "u0", "value": 0.965}, {"unit": "u1", "value": 96.5}], 2)
    assert "value 96.5 is outside the declared input range [0, 1]" in p.message
    assert p.row == 1


def test_target_challenge_input_range_covers_every_value() -> None:
    ev = "kind: target_challenge\nparams: {input_range: {min: 0, max: 100}}"
    row = {
        "unit": "u0",
        "task": "t",
        "weight": 1,
        "direction": "higher",
        "target": 90,
        "challenge": 110,
        "actual": 0.95,
    }
    (p,) = problems(ev, [row], 1)
    assert "challenge 110 is outside the declared input range [0, 100]" in p.message


def test_input_range_params() -> None:
    assert "needs 'min', 'max' or both" in scheme_error(
        "kind: min_max\nparams: {input_range: {unit: '%'}}"
    )
    assert "min 100 must be below its max 0" in scheme_error(
        "kind: min_max\nparams: {input_range: {min: 100, max: 0}}"
    )


# -- explanations ---------------------------------------------------------------------


def test_explanations_give_the_figures_compared() -> None:
    data = {
        "units": units(3),
        "records": {"s": [{"unit": f"u{i}", "value": v} for i, v in enumerate([60, 70, 100])]},
    }
    results = govperf.score(scheme("kind: efficacy_coefficient"), data)
    leaf = results.explain("u1").to_dict()
    text = repr(leaf)
    for figure in ("'worst': 60.0", "'best': 100.0", "'compared': 3", "'score': 70.0"):
        assert figure in text


def test_an_out_of_range_value_read_from_csv_names_the_file_row_and_unit(tmp_path: Any) -> None:
    (tmp_path / "units.csv").write_text("unit,name\nu0,甲\nu1,乙\n", encoding="utf-8")
    (tmp_path / "区信访办.csv").write_text(
        "unit,sub_indicator,value\nu0,s,96.5\nu1,s,105\n", encoding="utf-8"
    )
    sch = scheme("kind: min_max\nparams: {input_range: {min: 0, max: 100, unit: '%'}}")
    data = govperf.read_data(sch, tmp_path)
    with pytest.raises(govperf.DataError) as info:
        govperf.score(sch, data)
    (p,) = info.value.problems
    assert p.render("en").endswith(
        "区信访办.csv:3: s: 指标 [s], unit u1 (乙): value 105 % is outside the declared input "
        "range [0, 100] %; is it on another scale?"
    )

"""Half-up rounding (四舍五入) of published figures."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govperf._rounding import round_half_up


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (80.125, 80.13),  # binary 80.125 is exact: a true half, rounded up
        (2.675, 2.68),  # stored as 2.67499999…; still 2.68 as printed
        (-2.675, -2.68),  # halves go away from zero
        (1.005, 1.01),  # stored as 1.00499999…
        (0.125, 0.13),
        (2.665, 2.67),
        (2.6749, 2.67),
        (-0.004, -0.0),
        (0.0, 0.0),
    ],
)
def test_two_decimals(value: float, expected: float) -> None:
    assert float(round_half_up(value, 2)) == expected


def test_precision_zero_and_three() -> None:
    assert float(round_half_up(2.5, 0)) == 3.0  # banker's rounding would give 2
    assert float(round_half_up(-2.5, 0)) == -3.0
    assert float(round_half_up(89.4999, 0)) == 89.0
    assert float(round_half_up(1.0005, 3)) == 1.001
    assert float(round_half_up(80.1245, 3)) == 80.125


def test_arrays_and_nan() -> None:
    out = round_half_up(np.array([80.125, math.nan, -2.675]), 2)
    assert out[0] == 80.13
    assert math.isnan(out[1])
    assert out[2] == -2.68
    assert math.isnan(float(round_half_up(math.nan)))


@given(st.integers(min_value=-10_000_000, max_value=10_000_000), st.integers(0, 2))
def test_matches_decimal(thousandths: int, precision: int) -> None:
    x = thousandths / 1000  # at most 3 decimals
    quantum = Decimal(1).scaleb(-precision)
    expected = float(Decimal(str(x)).quantize(quantum, rounding=ROUND_HALF_UP))
    assert float(round_half_up(x, precision)) == expected


@pytest.mark.parametrize("precision", [0, 1, 2, 3, 4])
def test_half_up_units_are_the_rounded_figures_in_whole_units(precision: int) -> None:
    from govperf._rounding import half_up_units

    values = np.array([80.125, 2.675, -2.675, 1.005, -0.004, 0.0, -0.0, 45.0, math.nan, 0.5])
    expected = np.rint(round_half_up(values, precision) * 10.0**precision)
    got = half_up_units(values, precision)
    np.testing.assert_array_equal(got, expected)
    assert np.signbit(got).tolist() == np.signbit(expected).tolist()
    assert half_up_units(values[:2], 2).tolist() == [8013.0, 268.0]
    scratch = np.empty(2)
    assert half_up_units(np.array([0.125, 1.0]), 2, out=scratch) is scratch
    assert scratch.tolist() == [13.0, 100.0]
    assert float(half_up_units(2.675, 2)) == 268.0

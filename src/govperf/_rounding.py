"""Rounding of published figures: half up (四舍五入), to a given number of decimals.

Values are kept exact inside govperf; this is applied only where a figure is
published (results tables, reports, rankings and grades).  Binary floating point
cannot hold 2.675 exactly (it is 2.67499999…), so the value is first rounded to 9
significant decimals past the target precision, which removes representation error,
and then halves are rounded away from zero: 80.125 → 80.13, 2.675 → 2.68,
−2.675 → −2.68.

:func:`half_up_units` gives the same figures as whole units of ``10 ** -precision``
(cents at 2 decimals), the form in which published figures are added exactly.  Both
work in one scratch array, in place, so a million values cost a handful of passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_numpy

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_numpy(globals())


__all__ = ["half_up_units", "round_half_up"]


def half_up_units(
    values: np.ndarray | float, precision: int = 2, *, out: np.ndarray | None = None
) -> np.ndarray:
    """``values`` rounded half up to ``precision`` decimals, as whole units of
    ``10 ** -precision`` held in floats (exact integers, so sums of them are exact).

    Equal, bit for bit, to ``rint(round_half_up(values, precision) * 10 ** precision)``
    for every value below 10¹³ units; NaN stays NaN.  ``out`` (a float array of the
    same shape, which may be ``values`` itself) receives the result.
    """
    x = np.asarray(values, dtype=float)
    if x.ndim == 0:
        scalar: np.ndarray = half_up_units(x.reshape(1), precision)[0]
        return scalar
    digits = 9 - precision  # the representation-error rounding, as np.round does it
    if not 0 <= digits <= 22:
        wide: np.ndarray = np.rint(np.asarray(round_half_up(x, precision)) * 10.0**precision)
        return wide
    scale, fine = 10.0**precision, 10.0**digits
    buf: np.ndarray = np.multiply(x, scale, out=out)
    if digits:
        buf *= fine
        np.rint(buf, out=buf)
        buf /= fine
    else:
        np.rint(buf, out=buf)
    if buf.size and float(buf.min()) > 0.0:  # no sign to keep (NaN compares false)
        buf += 0.5
        np.floor(buf, out=buf)
        return buf
    sign = buf.copy()
    np.abs(buf, out=buf)
    buf += 0.5
    np.floor(buf, out=buf)
    np.copysign(buf, sign, out=buf)
    return buf


def round_half_up(values: np.ndarray | float, precision: int = 2) -> np.ndarray:
    """Round half away from zero to ``precision`` decimals; NaN stays NaN."""
    scale = 10.0**precision
    digits = 9 - precision
    if 0 <= digits <= 22:
        out = half_up_units(values, precision)
        return out / scale if out.ndim == 0 else np.divide(out, scale, out=out)
    scaled = np.asarray(np.round(np.asarray(values, dtype=float) * scale, digits))
    # sign(scaled) * floor(|scaled| + 0.5) / scale, one array for all steps
    res = np.abs(scaled, out=np.empty_like(scaled))
    res += 0.5
    np.floor(res, out=res)
    np.copysign(res, scaled, out=res)
    res /= scale
    return res if res.ndim else res[()]

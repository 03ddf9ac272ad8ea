"""Rounding of published figures: half up (四舍五入), to a given number of decimals.

Values are kept exact inside govperf; this is applied only where a figure is
published (results tables, reports, rankings and grades).  Binary floating point
cannot hold 2.675 exactly (it is 2.67499999…), so the value is first rounded to 9
significant decimals past the target precision, which removes representation error,
and then halves are rounded away from zero: 80.125 → 80.13, 2.675 → 2.68,
−2.675 → −2.68.
"""

from __future__ import annotations

import numpy as np

__all__ = ["round_half_up"]


def round_half_up(values: np.ndarray | float, precision: int = 2) -> np.ndarray:
    """Round half away from zero to ``precision`` decimals; NaN stays NaN."""
    scale = 10.0**precision
    scaled = np.asarray(np.round(np.asarray(values, dtype=float) * scale, 9 - precision))
    # in place: sign(scaled) * floor(|scaled| + 0.5) / scale, one array for all steps
    out = np.abs(scaled, out=np.empty_like(scaled))
    out += 0.5
    np.floor(out, out=out)
    np.copysign(out, scaled, out=out)
    out /= scale
    return out if out.ndim else out[()]

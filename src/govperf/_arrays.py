"""Small vectorised helpers shared by the engine and the built-in plugins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_numpy

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_numpy(globals())


__all__ = ["category_codes"]


def category_codes(values: np.ndarray, known: list[str]) -> np.ndarray:
    """Position of each value in ``known``, or -1 where it is not there."""
    if len(known) <= 32:  # a few vectorised comparisons beat sorting the column
        codes = np.full(len(values), -1, dtype=np.int64)
        for i, name in enumerate(known):
            codes[values == name] = i
        return codes
    lookup = {name: i for i, name in enumerate(known)}
    uniques, inverse = np.unique(values.astype(str), return_inverse=True)
    mapped = np.array([lookup.get(u, -1) for u in uniques], dtype=np.int64)
    return mapped[inverse] if len(uniques) else np.zeros(0, dtype=np.int64)

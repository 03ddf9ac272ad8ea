"""The uncertainty analysis on dask (an optional extra: ``pip install 'govperf[dask]'``).

The random inputs are drawn up front, as in memory, so each chunk of sets is a task
whose result does not depend on where it runs: the chunks' ranks form a dask array
(sets × units, one block per chunk) that stays on the workers, and the rank
quantiles are computed block by block of units after rechunking.  Grade and award
counts are summed over the chunks.  The numbers are exactly those of the in-memory
path.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._engine import Engine, chunks, take
from ._stats import _award_counts, _grade_counts, _quantiles
from .sampling import Draws

__all__ = ["evaluate_on_dask"]


def _chunk(engine: Engine, draws: Draws, choice: np.ndarray) -> tuple[np.ndarray, ...]:
    rank, grade, award = engine.evaluate(draws, choice)
    return (
        np.ascontiguousarray(rank, dtype=np.int32),
        _grade_counts(grade, len(engine.grades)),
        _award_counts(award, len(choice)),
    )


def _block_quantiles(block: np.ndarray) -> np.ndarray:
    return _quantiles(np.asarray(block))


def evaluate_on_dask(
    engine: Engine, draws: Draws, choice: np.ndarray, size: int, scheduler: Any
) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    """Ranks (a dask array), the rank quantiles (3, units), grade and award counts."""
    import importlib

    try:  # typed as Any: dask's own annotations are partial
        dask: Any = importlib.import_module("dask")
        da: Any = importlib.import_module("dask.array")
    except ImportError as exc:  # pragma: no cover - the message is the point
        raise ImportError(
            "running on dask needs the optional dependency dask: pip install 'govperf[dask]'"
        ) from exc
    n = engine.n_units
    shared = dask.delayed(engine, traverse=False)
    blocks = []
    grade_parts = []
    award_parts = []
    for part in chunks(len(choice), size):
        task = dask.delayed(_chunk, nout=3)(shared, take(draws, part), choice[part])
        rows = part.stop - part.start
        blocks.append(da.from_delayed(task[0], shape=(rows, n), dtype=np.int32))
        grade_parts.append(task[1])
        award_parts.append(task[2])
    ranks = da.concatenate(blocks, axis=0)
    unit_block = max(1, 4_000_000 // max(len(choice), 1))
    by_units = ranks.rechunk((len(choice), unit_block))
    quantiles = by_units.map_blocks(
        _block_quantiles,
        dtype=float,
        chunks=((3,), by_units.chunks[1]),
    )
    grade_total = dask.delayed(sum)(grade_parts)
    award_total = dask.delayed(sum)(award_parts)
    q, grade_counts, award_counts = dask.compute(
        quantiles, grade_total, award_total, scheduler=scheduler
    )
    return ranks, np.asarray(q), np.asarray(grade_counts), np.asarray(award_counts)

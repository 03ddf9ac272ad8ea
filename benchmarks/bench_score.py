"""Benchmark govperf.score on synthetic data with the structure of the Xicheng scheme.

    python benchmarks/bench_score.py                  # 10_000, 100_000 and 1_000_000 units
    python benchmarks/bench_score.py 10000 100000     # chosen sizes

The scheme is the bundled ``xicheng_2013`` with every sub-indicator scored by
``direct`` with ``scale: 1``: the records hold each unit's *share* of the points in
``[0, 1]`` and ``points = share × max``, so the tree total is a weighted sum of 16
shares.  The 45-point ``duties`` pool keeps its per-unit split (``splits`` table,
two rows per unit).  Records are dense tables (no ``unit`` column: one row per unit,
in unit order).  The two rules (bonus, veto) run with no events.

For each size it prints, excluding data generation (the scheme is compiled once with
:func:`govperf.compile_scheme` and the :class:`~govperf.EvaluationData` is built
once):

- ``govperf``: :func:`govperf.score`, best of N;
- ``floor``: a bare numpy weighted sum over the same ``(n_units, 16)`` share array;
- ``pandas``: what an analyst would write: melt to tidy, merge the weights (and the
  per-unit splits of the pool), group by unit and sum, rank;
- the ratios govperf/floor and pandas/govperf;
- the tracemalloc peak of one govperf scoring against the size of the share array.
"""

from __future__ import annotations

import gc
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

import govperf

SIZES = (10_000, 100_000, 1_000_000)
POOL = ("key_tasks", "main_duties")
POOL_POINTS = 45.0


def bench_scheme() -> govperf.Scheme:
    """The bundled Xicheng scheme with every evaluator replaced by ``direct``, scale 1."""
    raw = govperf.scheme_to_dict(govperf.load_scheme("xicheng_2013"))
    raw["id"] = "xicheng_2013_direct"
    for level in raw["levels"]:
        for ind in level["indicators"]:
            for sub in ind["sub_indicators"]:
                sub["evaluator"] = {"kind": "direct", "params": {"scale": 1}}
    return govperf.scheme_from_dict(raw, "bench scheme")


def make_data(compiled: govperf.CompiledScheme, n: int, seed: int = 0) -> dict[str, Any]:
    """Shares, per-unit maxima and the govperf input for ``n`` units."""
    rng = np.random.default_rng(seed)
    leaf_ids = compiled.leaf_ids
    shares = rng.uniform(0.0, 1.0, size=(n, len(leaf_ids)))
    maxima = np.broadcast_to(compiled.leaf_max, shares.shape).copy()
    first = rng.integers(25, 36, size=n).astype(float)  # key_tasks gets 25 … 35 points
    cols = [leaf_ids.index(s) for s in POOL]
    maxima[:, cols[0]] = first
    maxima[:, cols[1]] = POOL_POINTS - first
    ids = np.array([f"u{i:07d}" for i in range(n)], dtype=object)
    units = govperf.Units(ids=ids, names=ids, groups=(None,) * n)
    # one contiguous column per sub-indicator, as read from a file (the same bytes as
    # the (n, 16) array of the floor, laid out by column)
    records = {
        sid: govperf.Table(columns={"value": np.ascontiguousarray(shares[:, j])})
        for j, sid in enumerate(leaf_ids)
    }
    # dense splits: one column per pooled sub-indicator, one row per unit in order
    splits = govperf.Table(columns={POOL[0]: first, POOL[1]: POOL_POINTS - first})
    data = govperf.EvaluationData(units=units, records=records, splits=splits)
    return {"shares": shares, "maxima": maxima, "first": first, "ids": ids, "data": data}


def floor(shares: np.ndarray, maxima: np.ndarray) -> np.ndarray:
    """The least possible work: one weighted sum per unit."""
    return np.asarray(np.einsum("ij,ij->i", shares, maxima))


def pandas_version(
    compiled: govperf.CompiledScheme, ids: np.ndarray, shares: np.ndarray, first: np.ndarray
) -> Any:
    """What an analyst would write with pandas."""
    import pandas as pd

    wide = pd.DataFrame(shares, columns=list(compiled.leaf_ids))
    wide.insert(0, "unit", ids)
    tidy = wide.melt(id_vars="unit", var_name="sub_indicator", value_name="share")
    weights = pd.DataFrame({"sub_indicator": compiled.leaf_ids, "weight": compiled.leaf_max})
    splits = pd.DataFrame(
        {
            "unit": np.repeat(ids, 2),
            "sub_indicator": np.tile(np.array(POOL, dtype=object), len(ids)),
            "split": np.column_stack([first, POOL_POINTS - first]).ravel(),
        }
    )
    tidy = tidy.merge(weights, on="sub_indicator", how="left")
    tidy = tidy.merge(splits, on=["unit", "sub_indicator"], how="left")
    tidy["points"] = tidy["share"] * tidy["weight"].fillna(tidy["split"])
    total = tidy.groupby("unit", sort=False)["points"].sum()
    rank = total.round(2).rank(method="min", ascending=False)
    return pd.DataFrame({"total": total, "rank": rank})


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    out: Any = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def peak_memory(fn: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str]) -> None:
    sizes = [int(a.replace("_", "")) for a in argv] or list(SIZES)
    compiled = govperf.compile_scheme(bench_scheme())
    print(f"govperf {govperf.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}")
    header = (
        f"{'units':>10} {'govperf s':>10} {'floor s':>9} {'pandas s':>9} "
        f"{'gp/floor':>9} {'pd/gp':>7} {'peak MB':>8} {'input MB':>9} {'peak/in':>8}"
    )
    print(header)
    for n in sizes:
        d = make_data(compiled, n)
        repeat = 5 if n <= 100_000 else 3
        data, shares, maxima = d["data"], d["shares"], d["maxima"]
        t_gp, results = best_of(partial(govperf.score, compiled, data), repeat)
        t_floor, expected = best_of(partial(floor, shares, maxima), repeat)
        t_pd, frame = best_of(
            partial(pandas_version, compiled, d["ids"], shares, d["first"]), repeat
        )
        np.testing.assert_allclose(results.total, expected, rtol=1e-9)
        np.testing.assert_allclose(frame["total"].to_numpy(), expected, rtol=1e-9)
        peak = peak_memory(partial(govperf.score, compiled, data))
        size = shares.nbytes
        print(
            f"{n:>10,} {t_gp:>10.3f} {t_floor:>9.4f} {t_pd:>9.3f} {t_gp / t_floor:>9.0f} "
            f"{t_pd / t_gp:>7.2f} {peak / 1e6:>8.1f} {size / 1e6:>9.1f} {peak / size:>8.2f}",
            flush=True,
        )
        del d, data, shares, maxima, results, frame


if __name__ == "__main__":
    main(sys.argv[1:])

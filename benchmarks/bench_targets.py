"""The performance targets of govperf, each a ratio measured side by side in one run.

    python benchmarks/bench_targets.py            # every target
    python benchmarks/bench_targets.py score batch memory   # chosen targets

Targets (issue 7): ``score`` (1M units) ≤ 1.5× a plain numpy pipeline doing the same
work; ``frames`` (govperf from a tidy DataFrame) at least as fast as pandas by hand;
``csv`` (``read_data`` from CSV files) within 3× of ``pandas.read_csv`` plus the same
groupby; ``batch`` 10,000 point sets × 1,000 units under 1 s; ``memory`` peak ≤ 2×
the input arrays; ``import`` ``import govperf`` ≤ 1.3× ``import numpy`` and
``govperf validate xicheng_2013`` ≤ 1.5× ``import numpy`` as whole processes.

Every figure is the median of several runs (the count is printed), govperf and its
reference timed alternately in the same process, the data built beforehand.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import govperf

POOL = ("key_tasks", "main_duties")
POOL_POINTS = 45.0
BONUS_CAP = 5.0
VETO_SHARE = 0.02


def bench_scheme() -> govperf.Scheme:
    """The bundled Xicheng scheme with every evaluator ``direct`` with scale 1."""
    raw = govperf.scheme_to_dict(govperf.load_scheme("xicheng_2013"))
    raw["id"] = "xicheng_2013_direct"
    for level in raw["levels"]:
        for ind in level["indicators"]:
            for sub in ind["sub_indicators"]:
                sub["evaluator"] = {"kind": "direct", "params": {"scale": 1}}
    return govperf.scheme_from_dict(raw, "bench scheme")


CPU: dict[str, float] = {}
"""CPU seconds (this process and its children) of the last :func:`medians`, by key."""


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def medians(fns: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Median wall seconds of each function, the functions run alternately.

    The median CPU seconds go to :data:`CPU`: on a shared machine under load the wall
    clock counts time spent waiting for a core, the CPU time does not.
    """
    times: dict[str, list[float]] = {k: [] for k in fns}
    cpu: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for key, fn in fns.items():
            gc.collect()
            start, start_cpu = time.perf_counter(), _cpu()
            fn()
            times[key].append(time.perf_counter() - start)
            cpu[key].append(_cpu() - start_cpu)
    CPU.clear()
    CPU.update({k: statistics.median(v) for k, v in cpu.items()})
    return {k: statistics.median(v) for k, v in times.items()}


def cpu_ratio(mine: str, theirs: str) -> str:
    """``CPU a s / b s = r`` for the last :func:`medians`."""
    return f"CPU {CPU[mine]:.3f} s / {CPU[theirs]:.3f} s = {CPU[mine] / CPU[theirs]:.2f}"


def verdict(ratio: float, limit: float) -> str:
    return "ok" if ratio <= limit else "MISSED"


# -- data -----------------------------------------------------------------------------


def xicheng_arrays(compiled: govperf.CompiledScheme, n: int, seed: int = 0) -> dict[str, Any]:
    """Shares, maxima, bonus items (two per unit) and vetoes (2 % of units) as arrays."""
    rng = np.random.default_rng(seed)
    leaf_ids = compiled.leaf_ids
    shares = [rng.uniform(0.0, 1.0, size=n) for _ in leaf_ids]
    first = rng.integers(25, 36, size=n).astype(float)  # key_tasks gets 25 … 35 points
    maxima = [np.float64(m) for m in compiled.leaf_max]
    maxima[leaf_ids.index(POOL[0])] = first  # type: ignore[call-overload]
    maxima[leaf_ids.index(POOL[1])] = POOL_POINTS - first  # type: ignore[call-overload]
    bonus_unit = np.repeat(np.arange(n, dtype=np.int64), 2)
    bonus_points = np.round(rng.uniform(0.5, 4.0, size=2 * n), 1)
    bonus_item = np.empty(2 * n, dtype=object)
    # two distinct items per unit: an exact repeat of a row is refused, not counted twice
    bonus_item[0::2] = "创新项目一"
    bonus_item[1::2] = "创新项目二"
    veto_unit = np.sort(rng.choice(n, size=int(n * VETO_SHARE), replace=False)).astype(np.int64)
    veto_trigger = np.empty(len(veto_unit), dtype=object)
    veto_trigger[:] = "integrity_violation"
    ids = np.array([f"u{i:07d}" for i in range(n)], dtype=object)
    return {
        "n": n,
        "ids": ids,
        "shares": shares,
        "maxima": maxima,
        "first": first,
        "bonus_unit": bonus_unit,
        "bonus_points": bonus_points,
        "bonus_item": bonus_item,
        "veto_unit": veto_unit,
        "veto_trigger": veto_trigger,
    }


def xicheng_data(compiled: govperf.CompiledScheme, a: dict[str, Any]) -> govperf.EvaluationData:
    """The govperf input: dense records and splits, events with unit positions."""
    n = a["n"]
    units = govperf.Units(ids=a["ids"], names=a["ids"], groups=(None,) * n)
    records = {
        sid: govperf.Table(columns={"value": a["shares"][j]})
        for j, sid in enumerate(compiled.leaf_ids)
    }
    splits = govperf.Table(columns={POOL[0]: a["first"], POOL[1]: POOL_POINTS - a["first"]})
    events = {
        "innovation_bonus": govperf.Table(
            columns={"item": a["bonus_item"], "points": a["bonus_points"]},
            positions=a["bonus_unit"],
        ),
        "accountability_veto": govperf.Table(
            columns={"trigger": a["veto_trigger"]}, positions=a["veto_unit"]
        ),
    }
    return govperf.EvaluationData(units=units, records=records, splits=splits, events=events)


def numpy_pipeline(a: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The same work in plain numpy: weighted sum, capped bonus, half-up cents, rank.

    Ranks follow the published figures, as govperf's do: each leaf rounded half up to
    cents, the base the sum of those cents, the total the published base plus the
    published bonus.
    """
    n = a["n"]
    base = np.zeros(n)
    cents = np.zeros(n)
    for share, top in zip(a["shares"], a["maxima"], strict=True):
        points = share * top
        base += points
        cents += np.floor(points * 100.0 + 0.5)
    bonus = np.minimum(np.bincount(a["bonus_unit"], weights=a["bonus_points"], minlength=n), 5)
    total = base + bonus
    eligible = np.bincount(a["veto_unit"], minlength=n) == 0
    cents += np.floor(bonus * 100.0 + 0.5)
    codes = (cents - cents.min()).astype(np.int64)
    counts = np.bincount(codes)
    rank = (n - np.cumsum(counts))[codes] + 1
    return total, rank, eligible


# -- targets --------------------------------------------------------------------------


def target_score(n: int = 1_000_000) -> None:
    compiled = govperf.compile_scheme(bench_scheme())
    a = xicheng_arrays(compiled, n)
    data = xicheng_data(compiled, a)
    results = govperf.score(compiled, data)
    total, rank, eligible = numpy_pipeline(a)
    np.testing.assert_allclose(results.total, total, rtol=1e-12)
    np.testing.assert_array_equal(results.state.rank, rank)
    np.testing.assert_array_equal(results.state.award_eligible, eligible)
    t = medians(
        {"govperf": lambda: govperf.score(compiled, data), "numpy": lambda: numpy_pipeline(a)}, 7
    )
    ratio = t["govperf"] / t["numpy"]
    print(
        f"score  {n:,} units, Xicheng structure, 2 bonus items/unit, 2 % vetoed, rank "
        f"(median of 7): govperf {t['govperf']:.3f} s, numpy {t['numpy']:.3f} s, "
        f"ratio {ratio:.2f} (target ≤ 1.5: {verdict(ratio, 1.5)}); "
        f"{cpu_ratio('govperf', 'numpy')}"
    )


def target_memory(n: int = 1_000_000) -> None:
    compiled = govperf.compile_scheme(bench_scheme())
    a = xicheng_arrays(compiled, n)
    data = xicheng_data(compiled, a)
    inputs = sum(t.nbytes for t in a["shares"]) + a["first"].nbytes * 2
    inputs += a["bonus_unit"].nbytes + a["bonus_points"].nbytes + a["bonus_item"].nbytes
    inputs += a["veto_unit"].nbytes + a["veto_trigger"].nbytes
    govperf.score(compiled, data)
    gc.collect()
    tracemalloc.start()
    try:
        results = govperf.score(compiled, data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del results
    ratio = peak / inputs
    print(
        f"memory {n:,} units: peak {peak / 1e6:.0f} MB while scoring, input arrays "
        f"{inputs / 1e6:.0f} MB, ratio {ratio:.2f} (target ≤ 2: {verdict(ratio, 2.0)})"
    )


def random_sets(scheme: govperf.Scheme, compiled: govperf.CompiledScheme, k: int) -> np.ndarray:
    """``k`` point sets that keep every budget: each indicator's points spread at random."""
    rng = np.random.default_rng(1)
    sets = np.full((k, len(compiled.leaf_ids)), np.nan)
    for ind in scheme.indicators:
        if not ind.pooled and ind.points is not None:
            cols = [compiled.leaf_ids.index(s.id) for s in ind.sub_indicators]
            sets[:, cols] = rng.dirichlet(np.ones(len(cols)), size=k) * ind.points
    return sets


def tidy_frames(compiled: govperf.CompiledScheme, a: dict[str, Any]) -> dict[str, Any]:
    """The same data as tidy DataFrames with text unit ids (the file layout)."""
    import pandas as pd

    n, ids = a["n"], a["ids"]
    leaf_ids = compiled.leaf_ids
    records = pd.DataFrame(
        {
            "unit": np.tile(ids, len(leaf_ids)),
            "sub_indicator": np.repeat(np.array(leaf_ids, dtype=object), n),
            "value": np.concatenate(a["shares"]),
        }
    )
    splits = pd.DataFrame(
        {
            "unit": np.concatenate([ids, ids]),
            "sub_indicator": np.repeat(np.array(POOL, dtype=object), n),
            "points": np.concatenate([a["first"], POOL_POINTS - a["first"]]),
        }
    )
    n_bonus, n_veto = len(a["bonus_unit"]), len(a["veto_unit"])
    events = pd.DataFrame(
        {
            "unit": np.concatenate([ids[a["bonus_unit"]], ids[a["veto_unit"]]]),
            "rule": ["innovation_bonus"] * n_bonus + ["accountability_veto"] * n_veto,
            "item": np.concatenate([a["bonus_item"], np.full(n_veto, None, dtype=object)]),
            "points": np.concatenate([a["bonus_points"], np.full(n_veto, np.nan)]),
            "trigger": np.concatenate([np.full(n_bonus, None, dtype=object), a["veto_trigger"]]),
        }
    )
    units = pd.DataFrame({"unit": ids, "name": ids})
    return {"units": units, "records": records, "splits": splits, "events": events}


def pandas_by_hand(compiled: govperf.CompiledScheme, f: dict[str, Any]) -> Any:
    """The same work on the same frames with pandas: ids factorised once by a hash table."""
    import pandas as pd

    units, records, splits, events = f["units"], f["records"], f["splits"], f["events"]
    index = pd.Index(units["unit"])
    n = len(index)
    leaf_ids = list(compiled.leaf_ids)
    pos = index.get_indexer(records["unit"])
    leaf = pd.Index(leaf_ids).get_indexer(records["sub_indicator"])
    split = np.zeros((n, len(leaf_ids)))
    split[
        index.get_indexer(splits["unit"]), pd.Index(leaf_ids).get_indexer(splits["sub_indicator"])
    ] = splits["points"].to_numpy()
    top = np.where(np.isnan(compiled.leaf_max[leaf]), split[pos, leaf], compiled.leaf_max[leaf])
    points = records["value"].to_numpy() * top
    base = np.bincount(pos, weights=points, minlength=n)
    # published figures, as govperf ranks them: each leaf half up to cents, summed
    cents = np.bincount(pos, weights=np.floor(points * 100.0 + 0.5), minlength=n)
    rule = events["rule"].to_numpy()
    bonus = events[rule == "innovation_bonus"]
    claimed = np.bincount(
        index.get_indexer(bonus["unit"]), weights=bonus["points"].to_numpy(), minlength=n
    )
    capped = np.minimum(claimed, BONUS_CAP)
    total = base + capped
    vetoed = np.bincount(
        index.get_indexer(events.loc[rule == "accountability_veto", "unit"]), minlength=n
    )
    published = (cents + np.floor(capped * 100.0 + 0.5)) / 100.0
    rank = pd.Series(published).rank(method="min", ascending=False).to_numpy()
    return pd.DataFrame({"total": total, "rank": rank, "eligible": vetoed == 0}, index=index)


def target_frames(n: int = 100_000) -> None:
    compiled = govperf.compile_scheme(bench_scheme())
    a = xicheng_arrays(compiled, n)
    f = tidy_frames(compiled, a)

    def via_govperf() -> govperf.Results:
        return govperf.score(compiled, govperf.data_from_frames(**f))

    mine, theirs = via_govperf(), pandas_by_hand(compiled, f)
    np.testing.assert_allclose(mine.total, theirs["total"].to_numpy(), rtol=1e-12)
    np.testing.assert_array_equal(mine.state.rank, theirs["rank"].to_numpy())
    t = medians({"govperf": via_govperf, "pandas": lambda: pandas_by_hand(compiled, f)}, 5)
    ratio = t["govperf"] / t["pandas"]
    rows = sum(len(v) for v in f.values())
    print(
        f"frames {n:,} units, {rows:,} tidy rows with text ids (median of 5): "
        f"data_from_frames + score {t['govperf']:.3f} s, pandas by hand {t['pandas']:.3f} s, "
        f"ratio {ratio:.2f} (target ≤ 1: {verdict(ratio, 1.0)}); "
        f"{cpu_ratio('govperf', 'pandas')}"
    )


def target_csv(n: int = 100_000) -> None:
    import pandas as pd

    compiled = govperf.compile_scheme(bench_scheme())
    a = xicheng_arrays(compiled, n)
    f = tidy_frames(compiled, a)
    events = f["events"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        f["units"].to_csv(folder / "units.csv", index=False)
        f["records"].to_csv(folder / "records.csv", index=False)
        f["splits"].to_csv(folder / "splits.csv", index=False)
        bonus = events[events["rule"] == "innovation_bonus"]
        bonus[["unit", "rule", "item", "points"]].to_csv(folder / "bonus.csv", index=False)
        veto = events[events["rule"] == "accountability_veto"]
        veto[["unit", "rule", "trigger"]].to_csv(folder / "veto.csv", index=False)
        size = sum(p.stat().st_size for p in folder.iterdir())

        def via_govperf() -> govperf.Results:
            return govperf.score(compiled, govperf.read_data(compiled, folder))

        def via_pandas() -> Any:
            read = {p.stem: pd.read_csv(p) for p in sorted(folder.iterdir())}
            frames = {
                "units": read["units"],
                "records": read["records"],
                "splits": read["splits"],
                "events": pd.concat([read["bonus"], read["veto"]], ignore_index=True),
            }
            return pandas_by_hand(compiled, frames)

        mine, theirs = via_govperf(), via_pandas()
        np.testing.assert_allclose(mine.total, theirs["total"].to_numpy(), rtol=1e-9)
        t = medians({"govperf": via_govperf, "pandas": via_pandas}, 5)
    ratio = t["govperf"] / t["pandas"]
    print(
        f"csv    {n:,} units, {size / 1e6:.0f} MB of CSV files (median of 5): read_data + "
        f"score {t['govperf']:.3f} s, pandas.read_csv + the same groupby {t['pandas']:.3f} s, "
        f"ratio {ratio:.2f} (target ≤ 3: {verdict(ratio, 3.0)})"
    )


def target_batch(k: int = 10_000, n: int = 1_000) -> None:
    scheme = bench_scheme()
    compiled = govperf.compile_scheme(scheme)
    data = xicheng_data(compiled, xicheng_arrays(compiled, n))
    sets = random_sets(scheme, compiled, k)
    totals = govperf.score_batch(compiled, data, sets)
    assert totals.shape == (k, n)
    t = medians({"batch": lambda: govperf.score_batch(compiled, data, sets)}, 5)["batch"]
    print(
        f"batch  {k:,} point sets × {n:,} units (median of 5): {t:.3f} s "
        f"(target < 1 s: {verdict(t, 1.0)})"
    )


def target_import(repeat: int = 9) -> None:
    """Whole processes, with byte code cached as an installed package has it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as cache:
        env["PYTHONPYCACHEPREFIX"] = cache
        src = str(Path(govperf.__file__).parent.parent)
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
        commands = {
            "numpy": [sys.executable, "-c", "import numpy"],
            "govperf": [sys.executable, "-c", "import govperf"],
            "first use": [sys.executable, "-c", "import govperf; govperf.Scheme"],
            "validate": [sys.executable, "-m", "govperf", "validate", "xicheng_2013"],
        }

        def run(cmd: list[str]) -> Callable[[], None]:
            return lambda: subprocess.run(cmd, env=env, check=True, capture_output=True)

        for cmd in commands.values():  # write the byte code once
            run(cmd)()
        t = medians({k: run(c) for k, c in commands.items()}, repeat)
    base = t["numpy"]
    print(
        f"import (median of {repeat} processes): import numpy {base:.3f} s; "
        f"import govperf {t['govperf']:.3f} s, ratio {t['govperf'] / base:.2f} "
        f"(target ≤ 1.3: {verdict(t['govperf'] / base, 1.3)}); import govperf and touch "
        f"govperf.Scheme {t['first use']:.3f} s, ratio {t['first use'] / base:.2f}; "
        f"govperf validate xicheng_2013 {t['validate']:.3f} s, ratio "
        f"{t['validate'] / base:.2f} (target ≤ 1.5: {verdict(t['validate'] / base, 1.5)}); "
        f"import govperf {cpu_ratio('govperf', 'numpy')}; "
        f"validate {cpu_ratio('validate', 'numpy')}"
    )


TARGETS: dict[str, Callable[[], None]] = {
    "score": target_score,
    "memory": target_memory,
    "batch": target_batch,
    "frames": target_frames,
    "csv": target_csv,
    "import": target_import,
}


def main(argv: list[str]) -> None:
    import pandas as pd

    print(
        f"govperf {govperf.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    for name in argv or list(TARGETS):
        TARGETS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])

"""Robustness analysis at scale, against a loop of ``score`` calls, measured in one run.

    python benchmarks/bench_robustness.py               # both cases
    python benchmarks/bench_robustness.py small         # 10,000 sets × 1,000 units
    python benchmarks/bench_robustness.py large         # 1,000 sets × 100,000 units

Each case runs :func:`govperf.robustness.uncertainty` on the Xicheng structure (every
evaluator ``direct`` with scale 1, the 45-point pool split per unit, two bonus items per
unit, 2 % of units vetoed, as in ``bench_targets.py``) with an illustrative grade rule
(优秀 ≥ 60 with at most 20 %, 良好 ≥ 50, 合格 ≥ 40, 不合格: a benchmark device, not
the Xicheng document), perturbing the split of 行政效能, 服务效果 and of the three
indicators of 行政效能 by Dirichlet draws (concentration 100): 13 of the 16
sub-indicators move in every set.  It reports the median time of 3 runs, and the
tracemalloc peak of one run beside the memory the result keeps (the ranks, sets ×
units × 4 bytes) and the chunk (a million set × unit cells, 8 MB per array).

The baseline is the same computation as a loop of ``govperf.score`` calls, one per set,
over a slice of the sets (the re-pointed schemes are built beforehand and not timed):
its time per set times the number of sets, against the batch's.  The batch and the
loop must agree on every rank and grade of the slice (checked with
``rounding="leaves"``, which publishes every leaf as a single scoring does).
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from bench_targets import bench_scheme, xicheng_arrays, xicheng_data

import govperf
from govperf import robustness as rb
from govperf.scoring import BatchScorer

NODES = ("effectiveness", "service", "lawful_admin", "diligence_integrity", "efficient_admin")
GRADE = {
    "id": "grade",
    "kind": "grade",
    "name": "等次(基准测试用)",
    "params": {
        "bands": [
            {"grade": "优秀", "min": 60},
            {"grade": "良好", "min": 50},
            {"grade": "合格", "min": 40},
            {"grade": "不合格"},
        ],
        "quotas": [{"grade": "优秀", "max_share": 0.2}],
    },
}


def graded_scheme() -> govperf.Scheme:
    raw = govperf.scheme_to_dict(bench_scheme())
    raw["rules"] = [*raw.get("rules", []), GRADE]
    return govperf.scheme_from_dict(raw, "bench scheme")


def repointed(scheme: govperf.Scheme, compiled: Any, points: np.ndarray) -> govperf.Scheme:
    """The scheme with every node's points from one row of ``node_points``."""
    raw = govperf.scheme_to_dict(scheme)
    at = compiled.node_index

    def walk(nodes: list[dict[str, Any]], key: str) -> None:
        for node in nodes:
            if node.get("points") is not None:
                node["points"] = float(points[at[node["id"]]])
            for child in ("indicators", "sub_indicators"):
                if child in node:
                    walk(node[child], child)

    walk(raw["levels"], "levels")
    return govperf.scheme_from_dict(raw, "re-pointed")


def case(name: str, k: int, n: int, loop_sets: int) -> None:
    scheme = graded_scheme()
    compiled = govperf.compile_scheme(scheme)
    data = xicheng_data(compiled, xicheng_arrays(compiled, n))
    vary: list[rb.Perturbation] = [rb.Dirichlet(node, 100.0) for node in NODES]
    kept = k * n * 4

    def batch(rounding: str = "total") -> rb.Uncertainty:
        return rb.uncertainty(
            compiled, data, vary, samples=k, seed=1, rounding=rounding, progress=False
        )

    # the loop over a slice, and the batch's answers for that slice
    sampler = rb.PointSampler(compiled, vary)
    draws = sampler.draw(np.random.default_rng(1), k)
    points = sampler.node_points(draws)
    schemes = [
        govperf.compile_scheme(repointed(scheme, compiled, points[i])) for i in range(loop_sets)
    ]
    exact = batch("leaves")
    gc.collect()
    start, cpu0 = time.perf_counter(), time.process_time()
    loop_ranks, loop_grades = [], []
    for s in schemes:
        res = govperf.score(s, data)
        loop_ranks.append(res.rank)
        loop_grades.append(res.grade)
    per_set = (time.perf_counter() - start) / loop_sets
    per_set_cpu = (time.process_time() - cpu0) / loop_sets
    np.testing.assert_array_equal(exact.ranks[:loop_sets], np.array(loop_ranks, dtype=np.int32))
    scorer = BatchScorer(compiled, data)
    out = scorer.outcome(sampler.factors([d[:loop_sets] for d in draws]), rounding="leaves")
    names = np.array(scorer.grades, dtype=object)
    np.testing.assert_array_equal(names[out.grade], np.array(loop_grades, dtype=object))

    times: dict[str, list[float]] = {"total": [], "leaves": []}
    cpu: dict[str, list[float]] = {"total": [], "leaves": []}
    for _ in range(3):
        for rounding in times:
            gc.collect()
            start, cpu0 = time.perf_counter(), time.process_time()
            batch(rounding)
            times[rounding].append(time.perf_counter() - start)
            cpu[rounding].append(time.process_time() - cpu0)
    t = {r: statistics.median(v) for r, v in times.items()}
    c = {r: statistics.median(v) for r, v in cpu.items()}
    gc.collect()
    tracemalloc.start()
    batch()
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    loop_total = per_set * k
    chunk = 1_000_000 * 8
    print(
        f"{name}: {k:,} sets × {n:,} units, uncertainty (median of 3): "
        f"{t['total']:.3f} s wall / {c['total']:.3f} s CPU (rounding='total'), "
        f"{t['leaves']:.3f} s / {c['leaves']:.3f} s CPU (rounding='leaves'); "
        f"loop of score: {per_set * 1e3:.1f} ms ({per_set_cpu * 1e3:.1f} ms CPU) per set "
        f"over {loop_sets} sets, {loop_total:.1f} s for all; "
        f"ratio {loop_total / t['total']:.0f}× wall, {per_set_cpu * k / c['total']:.0f}× CPU "
        f"({loop_total / t['leaves']:.0f}× wall with 'leaves'); "
        f"peak memory {peak / 1e6:.0f} MB = kept ranks {kept / 1e6:.0f} MB + "
        f"{(peak - kept) / 1e6:.0f} MB working ({(peak - kept) / chunk:.1f}× one "
        f"{chunk / 1e6:.0f} MB chunk array)"
    )
    sys.stdout.flush()


def main(argv: list[str]) -> None:
    chosen = argv or ["small", "large"]
    if "small" in chosen:
        case("small", 10_000, 1_000, loop_sets=40)
    if "large" in chosen:
        case("large", 1_000, 100_000, loop_sets=4)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Time and peak memory of reading the largest inputs the default limits allow.

    python benchmarks/bench_limits.py              # every case (a few minutes)
    python benchmarks/bench_limits.py clean bad    # chosen cases

Each case runs in a fresh process (so that one case's memory does not count in the
next) and prints the wall time and the peak resident memory of that process
(``ru_maxrss``), with the resident memory of a process that only imported govperf and
read the scheme, for reference.  Cases (data files of 64 MiB less a little, within the
row limit of 1,048,576 rows; the scheme is tests/data/years/demo.yaml):

``clean``
    one CSV file of 1,048,576 clean rows (``unit,sub_indicator,value,remark``) with a
    34-character remark: the by-column reader.
``bad``
    the same file whose last row has a value that is not a number: the row-by-row
    reader reads every row and reports one problem.
``all-bad``
    the same file where every value is not a number: 1,048,576 problems.
``over``
    the same rows and one more: refused at the row over the limit.
``field``
    one cell of 64 MiB less a little (over the cell limit): refused at its row.
``scheme``
    a scheme file of 4 MiB less a little (one long list of aliases-free values):
    refused by the value limit of the YAML loader.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCHEME = ROOT / "tests" / "data" / "years" / "demo.yaml"
ROWS = 1_048_576
REMARK = "备注" * 3 + "x" * 28  # 34 characters, 40 bytes in UTF-8

_CHILD = r"""
import json, resource, sys, time
import govperf
from pathlib import Path
scheme = govperf.load_scheme(sys.argv[1])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
outcome = "read"
problems = 0
kind = sys.argv[3]
try:
    if kind == "scheme":
        govperf.load_scheme(sys.argv[2])
    else:
        govperf.read_data(scheme, sys.argv[2])
except govperf.GovperfError as exc:
    problems = len(exc.problems)
    outcome = exc.problems[0].code + ": " + str(exc.problems[0])[:90]
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_kib": peak, "base_kib": base,
                  "problems": problems, "outcome": outcome}))
"""


def _csv(folder: Path, rows: int, bad: str) -> Path:
    folder.mkdir()
    units = 1000
    (folder / "units.csv").write_text(
        "unit,name\n" + "".join(f"u{i:04},单位{i}\n" for i in range(units)), encoding="utf-8"
    )
    with (folder / "v.csv").open("w", encoding="utf-8") as f:
        f.write("unit,sub_indicator,value,remark\n")
        for i in range(rows):
            value = "x" if bad == "all" or (bad == "last" and i == rows - 1) else f"{i % 101}"
            f.write(f"u{i % units:04},d1,{value},{REMARK}\n")
    return folder


def _where(case: str, tmp: Path) -> tuple[Path, str]:
    return (tmp / "big.yaml", "scheme") if case == "scheme" else (tmp / case, "data")


def build(case: str, tmp: Path) -> tuple[Path, str]:
    """The input of ``case`` and what the child reads it as."""
    if case == "clean":
        return _csv(tmp / case, ROWS, ""), "data"
    if case == "bad":
        return _csv(tmp / case, ROWS, "last"), "data"
    if case == "all-bad":
        return _csv(tmp / case, ROWS, "all"), "data"
    if case == "over":
        return _csv(tmp / case, ROWS + 1, ""), "data"
    if case == "field":
        folder = tmp / case
        folder.mkdir()
        (folder / "units.csv").write_text("unit,name\na,甲\n", encoding="utf-8")
        with (folder / "v.csv").open("w", encoding="utf-8") as f:
            f.write('unit,sub_indicator,value,remark\na,d1,5,"')
            f.write("x" * (64 * 2**20 - 100))
            f.write('"\n')
        return folder, "data"
    if case == "scheme":
        path = tmp / "big.yaml"
        with path.open("w", encoding="utf-8") as f:
            f.write("schema_version: 1\nid: big\ntitle: 大\ntotal_points: 1\nnotes:\n")
            line = "  - 说明文字说明文字\n"
            f.write(line * ((4 * 2**20 - 200) // len(line.encode())))
        return path, "scheme"
    raise SystemExit(f"unknown case {case!r}")


def run(case: str, tmp: Path) -> dict[str, Any]:
    # built in a process of its own: the peak memory of a process started from a large
    # one would count the large one's
    subprocess.run([sys.executable, __file__, "--build", case, str(tmp)], check=True)
    source, kind = _where(case, tmp)
    size = sum(p.stat().st_size for p in ([source] if source.is_file() else source.iterdir()))
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(SCHEME), str(source), kind],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out)
    result["bytes"] = size
    return result


CASES = ("clean", "bad", "all-bad", "over", "field", "scheme")


def main(argv: list[str]) -> None:
    cases = argv or list(CASES)
    print(f"Python {sys.version.split()[0]}")
    print("| case | input | time | peak RSS | RSS before reading | problems | outcome |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as name:
        for case in cases:
            r = run(case, Path(name))
            print(
                f"| `{case}` | {r['bytes'] / 2**20:.1f} MiB | {r['seconds']:.1f} s "
                f"| {r['peak_kib'] / 1024:.0f} MiB | {r['base_kib'] / 1024:.0f} MiB "
                f"| {r['problems']:,} | {r['outcome']} |",
                flush=True,
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build(sys.argv[2], Path(sys.argv[3]))
    else:
        main(sys.argv[1:])

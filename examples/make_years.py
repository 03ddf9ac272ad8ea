"""Write the fictional second sample year ``examples/years/`` (deterministic).

The year after ``examples/xicheng_2013`` under a changed scheme, to show rectification
and comparing years across scheme versions.  Everything is invented:

- ``xicheng_2014.yaml``: a variant that ``extends: xicheng_2013`` and changes it
  (fictional): 信息公开 (disclosure) removed, 信访办理 (petitions) re-weighted 2 → 4,
  预算执行 (budget) 2 → 1, and a new 数据开放 (open_data, 1 point);
- ``2014/``: the same 40 fictional units' data for that variant: the 2013 files with
  every directly scored value moved a little (seeded), disclosure rows dropped,
  petitions and budget on their new maxima, and a file for open_data.

    python examples/make_years.py            # rewrites examples/years/
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
SOURCE = HERE / "xicheng_2013"
OUT = HERE / "years"
REMARK = "样例数据(虚构)"

VARIANT = """\
# A fictional next-year variant of the bundled scheme (样例,虚构): not a real scheme.
extends: xicheng_2013
id: xicheng_2014_demo
title: 西城区政府工作部门绩效管理指标体系(2014年示例,虚构)
remove: [disclosure]
override:
  petitions: {points: 4}
  budget: {points: 1}
add:
  - under: efficient_admin
    after: budget
    node:
      id: open_data
      name: 数据开放
      name_en: Open data
      points: 1
      evaluator: {kind: direct, note: "govperf 默认设置(样例)。/ govperf default (sample)."}
      assessors: [{name: 区政府信息办, name_en: District government information office}]
"""


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    import govperf

    rng = np.random.default_rng(2014)
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "2014").mkdir(parents=True)
    (OUT / "xicheng_2014.yaml").write_text(VARIANT, encoding="utf-8")
    before = govperf.load_scheme("xicheng_2013")
    after = govperf.load_scheme(OUT / "xicheng_2014.yaml")
    for path in sorted(SOURCE.glob("*.csv")):
        fields, rows = _rows(path)
        if "sub_indicator" in fields and "value" in fields and path.name != "splits.csv":
            kept = []
            for row in rows:
                sub = row["sub_indicator"]
                if sub == "disclosure":
                    continue
                value = float(row["value"])
                top = before.node(sub).points
                if top is None:  # pooled (主要职责履行效率): its maximum is the unit's split
                    kept.append(row)
                    continue
                share = min(1.0, max(0.0, value / top + rng.uniform(-0.06, 0.08)))
                new_top = after.node(sub).points
                row["value"] = f"{round(share * new_top, 2):g}"
                kept.append(row)
            rows = kept
        _write(OUT / "2014" / path.name, fields, rows)
    _, units = _rows(SOURCE / "units.csv")
    open_data = [
        {
            "unit": u["unit"],
            "unit_name": u["name"],
            "sub_indicator": "open_data",
            "value": f"{round(rng.uniform(0.6, 1.0), 2):g}",
            "remark": REMARK,
        }
        for u in units
    ]
    _write(
        OUT / "2014" / "区政府信息办-数据开放.csv",
        ["unit", "unit_name", "sub_indicator", "value", "remark"],
        open_data,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write the fictional sample files of the year around the score (deterministic).

``examples/xicheng_2013_year/`` holds what a district performance office has during
the year before the year-end evaluation of ``examples/xicheng_2013/``:

- ``taskbook.yaml``: January's task book (任务书) for the 40 fictional units: each unit's
  split of 职责任务 and its three tasks with baseline, target and challenge values,
  responsible assessor and deadline (no actual values yet);
- ``progress.csv``: quarterly progress values (Q1 to Q3) and the July self-assessment
  (H1) of every task.

Every name and figure is invented; the targets and splits are those of
``examples/xicheng_2013/`` (its task file and ``splits.csv``), whose year-end actual
values the progress approaches at a pace that differs by unit.

    python examples/make_xicheng_2013_year.py      # rewrites examples/xicheng_2013_year/
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).parent
SOURCE = HERE / "xicheng_2013"
OUT = HERE / "xicheng_2013_year"
REMARK = "样例数据(虚构)"
TASK_NAMES = {
    "T1": "年度重点工作推进(虚构)",
    "T2": "办理时限压缩(虚构)",
    "T3": "为民办实事项目(虚构)",
}
PACES = (1.05, 1.0, 0.97, 0.92, 0.85, 1.02, 0.7, 1.0)
"""The share of the pro-rata path each unit keeps, by unit number (fictional)."""


def _read(name: str) -> list[dict[str, str]]:
    with (SOURCE / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _num(x: float) -> str:
    return f"{round(x, 1):g}"


def main() -> None:
    tasks = _read("区政府督查室-任务书.csv")
    splits = _read("splits.csv")
    names = {r["unit"]: r["unit_name"] for r in tasks}
    units = list(dict.fromkeys(r["unit"] for r in tasks))
    lines = [
        "# 2013年度绩效管理任务书(样例数据,虚构):每个单位的分值分配与任务",
        "# Fictional sample task book; written by examples/make_xicheng_2013_year.py.",
        "year: 2013",
        "title: 2013年度政府工作部门绩效管理任务书(样例,虚构)",
        "units:",
    ]
    progress = [["单位编号", "单位名称", "任务编号", "期间", "完成值", "备注"]]
    for n, uid in enumerate(units):
        mine = {r["sub_indicator"]: r["points"] for r in splits if r["unit"] == uid}
        lines += [
            f"  {uid}:",
            f"    name: {names[uid]}",
            f"    splits: {{key_tasks: {_num(float(mine['key_tasks']))}, "
            f"main_duties: {_num(float(mine['main_duties']))}}}",
            "    tasks:",
        ]
        pace = PACES[n % len(PACES)]
        for r in (r for r in tasks if r["unit"] == uid):
            target, challenge = float(r["target"]), float(r["challenge"])
            actual = float(r["actual"])
            baseline = target - 2 * (challenge - target)
            lines += [
                f"      - id: {r['task']}",
                "        node: key_tasks",
                f"        name: {TASK_NAMES[r['task']]}",
                f"        weight: {r['weight']}",
                f"        direction: {'正向' if r['direction'] == 'higher' else '负向'}",
                f"        baseline: {_num(baseline)}",
                f"        target: {_num(target)}",
                f"        challenge: {_num(challenge)}",
                "        assessor: 区政府督查室",
                "        deadline: 2013-12-31",
            ]
            for period, share in (("Q1", 0.25), ("Q2", 0.5), ("Q3", 0.75)):
                # the task's pace: its own pro-rata path to the year-end actual, kept at
                # the unit's pace share (the last unit of each eight lags most)
                kept = pace if period != "Q1" else min(1.0, pace + 0.05)
                value = baseline + share * kept * (actual - baseline)
                progress.append([uid, names[uid], r["task"], period, _num(value), REMARK])
                if period == "Q2":  # the July self-assessment reads a little better
                    own = baseline + share * min(1.1, kept + 0.04) * (actual - baseline)
                    progress.append([uid, names[uid], r["task"], "H1", _num(own), REMARK])
    OUT.mkdir(exist_ok=True)
    (OUT / "taskbook.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (OUT / "progress.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(progress)


if __name__ == "__main__":
    main()

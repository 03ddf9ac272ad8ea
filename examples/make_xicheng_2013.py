"""Write the fictional sample year ``examples/xicheng_2013/`` (deterministic).

The data is invented: 40 fictional departments, one file per assessor (考评主体) as a
district performance office would receive them, for the bundled ``xicheng_2013``
scheme.  It includes a per-unit split of the pooled 职责任务 (45 points), bonus items
above the cumulative cap of 5, one veto, and two units with identical data (a tie).

    python examples/make_xicheng_2013.py            # rewrites examples/xicheng_2013/
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).parent / "xicheng_2013"
REMARK = "样例数据(虚构)"

UNITS = [
    "区产业促进局",
    "区城市更新委",
    "区文旅融合局",
    "区数字政务局",
    "区营商服务局",
    "区生态环境委",
    "区社区治理办",
    "区公共安全委",
    "区住房保障局",
    "区交通协调办",
    "区教育发展委",
    "区健康促进委",
    "区养老服务局",
    "区就业促进局",
    "区市场秩序局",
    "区资产管理委",
    "区统计分析局",
    "区规划协调办",
    "区水务管理局",
    "区园林绿化局",
    "区应急协调局",
    "区档案服务局",
    "区体育发展局",
    "区民族宗教办",
    "区侨务服务办",
    "区退役军人局",
    "区信息服务办",
    "区金融服务局",
    "区商务促进局",
    "区科技服务委",
    "区街区更新办",
    "区历史文化办",
    "区物业指导局",
    "区垃圾分类办",
    "区河湖管理办",
    "区人才服务局",
    "区志愿服务办",
    "区法律援助局",
    "区调解服务办",
    "区审批协调局",
]
TIE = ("u07", "u08")  # identical data in every file: a tie in the ranking
VETOED = "u13"
LEADERS = [f"L{i}" for i in range(1, 6)]
STREETS = [f"街道{i:02d}" for i in range(1, 16)]
SURVEY = ("satisfied", "fairly_satisfied", "dissatisfied", "unknown")


def write(name: str, header: list[str], rows: list[list[object]]) -> None:
    with (OUT / name).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def main() -> None:
    rng = np.random.default_rng(2013)
    OUT.mkdir(exist_ok=True)
    ids = [f"u{i:02d}" for i in range(1, len(UNITS) + 1)]
    names = dict(zip(ids, UNITS, strict=True))

    def twin(uid: str) -> str:
        # the second unit of the tie copies the first one's draws
        return TIE[0] if uid == TIE[1] else uid

    write(
        "units.csv",
        ["unit", "name", "group", "remark"],
        [[u, names[u], "委办局", REMARK] for u in ids],
    )

    split = {u: float(rng.choice([25.0, 30.0, 35.0])) for u in ids}
    split[TIE[1]] = split[TIE[0]]
    write(
        "splits.csv",
        ["unit", "unit_name", "sub_indicator", "points", "remark"],
        [
            row
            for u in ids
            for row in (
                [u, names[u], "key_tasks", split[u], REMARK],
                [u, names[u], "main_duties", 45.0 - split[u], REMARK],
            )
        ],
    )

    # 区政府督查室 / 区政府绩效办: the task book (任务书), three tasks per unit
    tasks: dict[str, list[list[object]]] = {}
    for u in ids:
        rows = []
        for k in range(1, 4):
            higher = k != 2
            target = float(rng.integers(60, 90))
            step = float(rng.integers(5, 10))
            challenge = target + step if higher else target - step
            actual = round(float(target + rng.uniform(-0.5, 1.2) * step * (1 if higher else -1)), 1)
            rows.append(
                [
                    u,
                    names[u],
                    "key_tasks",
                    f"T{k}",
                    [2, 1, 1][k - 1],
                    "higher" if higher else "lower",
                    target,
                    challenge,
                    actual,
                    REMARK,
                ]
            )
        tasks[u] = rows
    write(
        "区政府督查室-任务书.csv",
        [
            "unit",
            "unit_name",
            "sub_indicator",
            "task",
            "weight",
            "direction",
            "target",
            "challenge",
            "actual",
            "remark",
        ],
        [[u, names[u], *r[2:]] for u in ids for r in tasks[twin(u)]],
    )

    def direct(sub_ids: list[str], maxima: list[float]) -> list[list[object]]:
        draws = {u: [round(float(m * rng.uniform(0.7, 1.0)), 2) for m in maxima] for u in ids}
        return [
            [u, names[u], sid, draws[twin(u)][k], REMARK]
            for u in ids
            for k, sid in enumerate(sub_ids)
        ]

    head = ["unit", "unit_name", "sub_indicator", "value", "remark"]
    # main_duties is scored within each unit's share of the pool
    rows = []
    for u in ids:
        share = 45.0 - split[u]
        rows.append(
            [u, names[u], "main_duties", round(float(share * rng.uniform(0.75, 1.0)), 2), REMARK]
        )
    rows[ids.index(TIE[1])][3] = rows[ids.index(TIE[0])][3]
    write("区编办.csv", head, rows)
    write("区政府法制办.csv", head, direct(["rule_of_law"], [2.0]))
    write("区信访办.csv", head, direct(["petitions"], [2.0]))
    write("区政府办公室.csv", head, direct(["disclosure", "info_adoption"], [2.0, 2.0]))
    write("区监察局.csv", head, direct(["integrity", "capacity"], [2.0, 2.0]))
    write("区人力社保局.csv", head, direct(["civil_service"], [4.0]))
    write("区政府信息办.csv", head, direct(["informatization"], [2.0]))
    write("区财政局.csv", head, direct(["budget"], [2.0]))
    write("区外联办.csv", head, direct(["central_units"], [5.0]))

    def raters(sub_id: str, who: list[str], low: int) -> list[list[object]]:
        draws = {u: [int(rng.integers(low, 100)) for _ in who] for u in ids}
        return [
            [u, names[u], sub_id, r, draws[twin(u)][k], REMARK]
            for u in ids
            for k, r in enumerate(who)
        ]

    rhead = ["unit", "unit_name", "sub_indicator", "rater", "score", "remark"]
    write("区政府领导-领导考评.csv", rhead, raters("leadership_rating", LEADERS, 75))
    write("区社会办-服务基层.csv", rhead, raters("grassroots", STREETS, 70))

    def survey(sub_id: str) -> list[list[object]]:
        draws = {}
        for u in ids:
            n = int(rng.integers(80, 120))
            p = rng.dirichlet([12, 5, 1, 2])
            draws[u] = list(rng.multinomial(n, p))
        return [
            [u, names[u], sub_id, c, int(draws[twin(u)][k]), REMARK]
            for u in ids
            for k, c in enumerate(SURVEY)
        ]

    shead = ["unit", "unit_name", "sub_indicator", "category", "count", "remark"]
    write("区监察局-千家评政府.csv", shead, survey("thousand_families"))
    write("区行政服务中心-行政服务对象测评.csv", shead, survey("service_users"))

    write(
        "区政府绩效办-创新创优.csv",
        ["unit", "unit_name", "rule", "item", "points", "remark"],
        [
            ["u03", names["u03"], "innovation_bonus", "“一网通办”改革(虚构)", 3, REMARK],
            ["u03", names["u03"], "innovation_bonus", "历史遗留问题化解(虚构)", 2.5, REMARK],
            ["u03", names["u03"], "innovation_bonus", "跨部门协同机制(虚构)", 1, REMARK],
            ["u11", names["u11"], "innovation_bonus", "学区治理创新(虚构)", 2, REMARK],
            ["u21", names["u21"], "innovation_bonus", "应急演练数字化(虚构)", 1.5, REMARK],
        ],
    )
    write(
        "区监察局-行政问责.csv",
        ["unit", "unit_name", "rule", "trigger", "note", "remark"],
        [
            [
                VETOED,
                names[VETOED],
                "accountability_veto",
                "work_safety_accident",
                "虚构事例:辖区施工安全责任事故",
                REMARK,
            ],
        ],
    )
    print(f"wrote {len(list(OUT.glob('*.csv')))} files to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()

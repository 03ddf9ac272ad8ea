"""The task book (任务书): reading YAML/CSV/xlsx, checking it, and scoring through it.

Hand-computed (``target_challenge``, at_target 0.8, below target 0):

- unit a, key_tasks split 30: T1 (weight 2, higher, target 60, challenge 70, actual 65)
  has share 0.8 + 0.2 × (65 − 60)/(70 − 60) = 0.9; T2 (weight 1, lower, target 10,
  challenge 8, actual 7) is beyond its challenge: 1.  Points 30 × (2 × 0.9 + 1)/3 = 28.
- unit b, key_tasks split 25: T1 actual 55 is below target: 0; T2 actual 10 is exactly
  at target: 0.8.  Points 25 × (0 + 0.8)/2 = 10.

Totals: a = 28 + main_duties 12 + other 50 = 90; b = 10 + 18 + 40 = 68.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import govperf
from govperf.cli import _main as cli
from govperf.io import read_data, read_units
from govperf.taskbook import (
    Task,
    TaskBook,
    check_taskbook,
    read_taskbook,
    task_nodes,
    taskbook_data,
    write_taskbook_template,
)

SCHEME = govperf.loads_scheme("""\
schema_version: 1
id: t
title: 任务书测试
total_points: 100
tiers: [{name: 一级指标}, {name: 二级指标}]
nodes:
  - id: duties
    name: 职责任务
    points: 45
    pooled: true
    children:
      - id: key_tasks
        name: 重点任务
        evaluator: {kind: target_challenge, params: {at_target: 0.8}}
        assessors: [{name: 区政府督查室}, {name: 区政府绩效办}]
      - {id: main_duties, name: 主要职责, evaluator: {kind: direct}, assessors: [{name: 区编办}]}
  - id: rest
    name: 其他
    points: 55
    children:
      - {id: other, name: 其他工作, points: 55, evaluator: {kind: direct}}
""")

YAML = """\
year: 2014
title: 2014年度任务书(虚构)
units:
  a:
    name: 甲局
    splits: {key_tasks: 30, main_duties: 15}
    tasks:
      - {id: T1, node: key_tasks, name: 新增就业, weight: 2, direction: 正向, target: 60,
         challenge: 70, actual: 65, assessor: 区政府督查室, deadline: 2014-12-31}
      - {id: T2, node: key_tasks, weight: 1, direction: 负向, target: 10, challenge: 8,
         actual: 7}
  b:
    splits: {key_tasks: 25, main_duties: 20}
    tasks:
      - {id: T1, node: key_tasks, weight: 1, direction: higher, target: 60, challenge: 70,
         actual: 55}
      - {id: T2, node: key_tasks, weight: 1, direction: lower, target: 10, challenge: 8,
         actual: 10}
"""

CSV = """\
单位编号,单位名称,指标编号,任务编号,任务名称,权重,方向,目标值,挑战值,实际值,考评主体,完成时限,分配分值
a,甲局,key_tasks,T1,新增就业,2,正向,60,70,65,区政府督查室,2014-12-31,
a,甲局,key_tasks,T2,,1,负向,10,8,7,,,
b,乙局,key_tasks,T1,,1,正向,60,70,55,,,
b,乙局,key_tasks,T2,,1,负向,10,8,10,,,
a,甲局,key_tasks,,,,,,,,,,30
a,甲局,main_duties,,,,,,,,,,15
b,乙局,key_tasks,,,,,,,,,,25
b,乙局,main_duties,,,,,,,,,,20
"""

DATA = {
    "units": [{"id": "a", "name": "甲局"}, {"id": "b", "name": "乙局"}],
    "records": {
        "main_duties": [{"unit": "a", "value": 12}, {"unit": "b", "value": 18}],
        "other": [{"unit": "a", "value": 50}, {"unit": "b", "value": 40}],
    },
}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(*paths: Path) -> list[govperf.Problem]:
    with pytest.raises(govperf.DataError) as info:
        read_taskbook(*paths)
    return list(info.value.problems)


def test_yaml_task_book_is_typed(tmp_path: Path) -> None:
    book = read_taskbook(write(tmp_path, "tb.yaml", YAML))
    assert (book.year, book.title, book.units) == (2014, "2014年度任务书(虚构)", ("a", "b"))
    first = book.tasks[0]
    assert first == Task(
        unit="a",
        node="key_tasks",
        id="T1",
        name="新增就业",
        weight=2.0,
        direction="higher",
        target=60.0,
        challenge=70.0,
        actual=65.0,
        assessor="区政府督查室",
        deadline=dt.date(2014, 12, 31),
    )
    assert book.tasks[1].direction == "lower"
    assert book.split("b", "main_duties") == 20
    assert first.origin == f"{tmp_path / 'tb.yaml'}:8"


def test_scores_through_target_challenge_to_hand_computed_points(tmp_path: Path) -> None:
    book = read_taskbook(write(tmp_path, "tb.yaml", YAML))
    data = taskbook_data(SCHEME, book, govperf.EvaluationData.from_dict(DATA))
    results = govperf.score(SCHEME, data)
    assert results.points("key_tasks").tolist() == pytest.approx([28.0, 10.0])
    assert results.total.tolist() == pytest.approx([90.0, 68.0])


def test_csv_and_xlsx_read_to_the_same_book(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from_yaml = read_taskbook(write(tmp_path, "tb.yaml", YAML))
    from_csv = read_taskbook(write(tmp_path, "tb.csv", CSV))
    book = openpyxl.Workbook()
    sheet = book.active
    for line in CSV.splitlines():
        sheet.append([None if c == "" else c for c in line.split(",")])
    book.save(tmp_path / "tb.xlsx")
    from_xlsx = read_taskbook(tmp_path / "tb.xlsx")
    assert from_csv.tasks == from_yaml.tasks
    assert from_csv.splits == from_yaml.splits
    assert from_xlsx.tasks == from_yaml.tasks
    assert from_xlsx.splits == from_yaml.splits


def test_csv_errors_are_located_at_row_and_cell(tmp_path: Path) -> None:
    text = CSV.replace(
        "b,乙局,key_tasks,T1,,1,正向,60,70,55", "b,乙局,key_tasks,T1,,1,向上,60,50,55"
    )
    text = text.replace("单位名称,", "单位名字,")
    found = problems(write(tmp_path, "tb.csv", text))
    where = {(p.line, p.column, p.code) for p in found}
    assert (1, 2, "unknown-column") in where
    assert (4, 7, "invalid") in where  # 方向 向上
    header = next(p for p in found if p.code == "unknown-column")
    assert "'单位名称'" in header.message  # did you mean


def test_yaml_errors_are_located_at_line_and_column(tmp_path: Path) -> None:
    text = YAML.replace(
        "challenge: 70,\n         actual: 55", "challenge: 50,\n         actual: 55"
    )
    text = text.replace("weight: 1, direction: 负向", "weigth: 1, direction: 负向")
    path = write(tmp_path, "tb.yaml", text)
    found = {p.code: p for p in problems(path)}
    bad = found["invalid"]
    lines = text.splitlines()
    line = lines.index("         actual: 55}")  # 0-based index of the next line = this line
    assert (bad.file, bad.line) == (str(path), line)
    assert bad.column == lines[line - 1].index("challenge: 50") + len("challenge: ") + 1
    assert bad.path == ("units", "b", "tasks", 0, "challenge")
    assert "低于目标值" in bad.message
    key = found["unknown-key"]
    assert "'weight'" in key.message
    assert key.path == ("units", "a", "tasks", 1, "weigth")


def test_check_against_the_scheme(tmp_path: Path) -> None:
    text = (
        YAML.replace("assessor: 区政府督查室", "assessor: 区政府督察室")
        .replace(
            "splits: {key_tasks: 25, main_duties: 20}", "splits: {key_tasks: 25, main_duty: 20}"
        )
        .replace("  b:\n", "  bb:\n")
        + "  c:\n    splits: {key_tasks: 30, main_duties: 10}\n"
        + "    tasks:\n"
        + "      - {id: X, node: main_duties, direction: 正向, target: 1, challenge: 2}\n"
    )
    book = read_taskbook(write(tmp_path, "tb.yaml", text))
    found = check_taskbook(SCHEME, book, ["a", "b", "c"])
    by_code: dict[str, list[govperf.Problem]] = {}
    for p in found:
        by_code.setdefault(p.code, []).append(p)
    assert "'区政府督查室'" in by_code["unknown-assessor"][0].message
    assert "'b'" in by_code["unknown-unit"][0].message
    assert by_code["not-a-task-node"][0].unit == "c"
    assert "'main_duties'" in by_code["invalid-split"][0].message
    sums = by_code["split-sum"][0]
    assert (sums.unit, sums.node) == ("c", "duties")
    assert "40" in sums.message
    assert "45" in sums.message
    missing = {p.unit for p in by_code["missing-split"]}
    assert missing == {"b"}
    assert {p.unit for p in by_code["missing-task"]} == {"b", "c"}


def test_a_task_book_that_fits_has_no_problems(tmp_path: Path) -> None:
    book = read_taskbook(write(tmp_path, "tb.yaml", YAML))
    assert check_taskbook(SCHEME, book) == []
    assert task_nodes(SCHEME) == ("key_tasks",)


def test_figures_come_from_one_place(tmp_path: Path) -> None:
    book = read_taskbook(write(tmp_path, "tb.yaml", YAML))
    twice = {**DATA, "splits": [{"unit": "a", "sub_indicator": "key_tasks", "points": 30}]}
    with pytest.raises(govperf.DataError) as info:
        taskbook_data(SCHEME, book, govperf.EvaluationData.from_dict(twice))
    assert [p.code for p in info.value.problems] == ["conflict"]


def test_a_task_without_actual_cannot_be_scored(tmp_path: Path) -> None:
    book = read_taskbook(write(tmp_path, "tb.yaml", YAML.replace("actual: 7}", "note: 无}")))
    with pytest.raises(govperf.DataError) as info:
        taskbook_data(SCHEME, book, govperf.EvaluationData.from_dict(DATA))
    (problem,) = info.value.problems
    assert (problem.code, problem.unit, problem.line) == ("missing-actual", "a", 10)


def test_template_reads_back_once_filled(tmp_path: Path) -> None:
    units = govperf.Units(ids=["a", "b"], names=["甲局", "乙局"], groups=[None, None])
    path = tmp_path / "blank.csv"
    write_taskbook_template(SCHEME, units, path, year=2014)
    with pytest.raises(FileExistsError):
        write_taskbook_template(SCHEME, units, path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("单位编号,单位名称,指标编号")
    assert len(lines) == 1 + 2 * 3  # per unit: two split rows, one task row
    rows = list(csv.reader(lines))
    head = rows[0]
    for row in rows[1:]:
        if row[head.index("任务编号")] == "T1":
            row[head.index("目标值")], row[head.index("挑战值")] = "60", "70"
        else:
            row[head.index("分配分值")] = "30" if row[2] == "key_tasks" else "15"
    filled = [",".join(row) for row in rows]
    path.write_text("\n".join(filled) + "\n", encoding="utf-8")
    book = read_taskbook(path)
    assert check_taskbook(SCHEME, book, units) == []
    assert book.tasks[0].deadline == dt.date(2014, 12, 31)
    assert book.tasks[0].assessor == "区政府督查室"


def test_cli_taskbook_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scheme = write(tmp_path, "s.yaml", govperf.dump_scheme(SCHEME))
    good = write(tmp_path, "tb.yaml", YAML)
    assert cli.main(["taskbook", "check", str(scheme), str(good)]) == 0
    assert "2 个单位,4 项任务,4 项分值分配" in capsys.readouterr().out
    bad = write(tmp_path, "bad.yaml", YAML.replace("key_tasks: 30", "key_tasks: 31"))
    assert cli.main(["taskbook", "check", str(scheme), str(bad), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "adds up to 46" in err
    assert cli.main(["taskbook", "check", str(scheme), str(bad), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["count"] == 1
    assert doc["problems"][0]["code"] == "split-sum"
    assert cli.main(["taskbook", "check", str(scheme), str(good), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["tasks"] == 4


def test_cli_score_with_the_example_task_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = Path(__file__).parent.parent / "examples" / "xicheng_2013"
    folder = tmp_path / "year"
    shutil.copytree(example, folder)
    tasks = folder / "区政府督查室-任务书.csv"
    splits = folder / "splits.csv"
    tasks.rename(tmp_path / tasks.name)
    splits.rename(tmp_path / splits.name)
    files = ["--taskbook", str(tmp_path / tasks.name), "--taskbook", str(tmp_path / splits.name)]
    assert cli.main(["check", "xicheng_2013", str(folder)]) == 1  # no tasks, no splits
    capsys.readouterr()
    assert cli.main(["check", "xicheng_2013", str(folder), *files]) == 0
    capsys.readouterr()
    assert cli.main(["score", "xicheng_2013", str(folder), "--format", "csv", *files]) == 0
    with_book = capsys.readouterr().out
    assert cli.main(["score", "xicheng_2013", str(example), "--format", "csv"]) == 0
    assert with_book == capsys.readouterr().out
    scheme = govperf.load_scheme("xicheng_2013")
    book = read_taskbook(tmp_path / tasks.name, tmp_path / splits.name)
    assert check_taskbook(scheme, book, read_units(folder / "units.csv")) == []
    merged = taskbook_data(scheme, book, read_data(scheme, folder))
    direct = read_data(scheme, example)
    assert np.array_equal(govperf.score(scheme, merged).total, govperf.score(scheme, direct).total)


def test_book_from_python() -> None:
    book = TaskBook(
        tasks=[Task(unit="a", node="key_tasks", id="T1", direction="higher", target=1, challenge=2)]
    )
    assert book.units == ("a",)
    assert len(book) == 1
    assert book.tasks_of("a", "key_tasks")[0].weight == 1.0

"""govperf check: stdout, --format text|json|csv, compact unit and row lists, splits located.

The data is the repository's sample year (examples/xicheng_2013, 40 units u01–u40) copied
into ``tmp_path`` and changed, or a small folder written here for SMALL_SCHEME.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from govperf import cli
from govperf.cli._year import compact_rows, compact_units
from govperf.exceptions import Problem
from samples import SMALL_SCHEME

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xicheng_2013"

pytestmark = pytest.mark.skipif(not SAMPLE.is_dir(), reason="needs the repository's examples/")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


ORDER = {f"u{i:02d}": i for i in range(1, 41)}


def test_compact_units_runs_in_the_units_table_order() -> None:
    units = ["u09", "u01", "u02", "u03", "u04", "u05"]
    assert compact_units(units, ORDER) == "u01–u05、u09"
    assert compact_units(units, ORDER, lang="en") == "u01–u05, u09"
    assert compact_units(["u01", "u02", "u07", "u08"], ORDER, lang="en") == "u01, u02, u07, u08"
    every_other = [f"u{i:02d}" for i in range(1, 41, 2)]  # 20 runs of one
    assert compact_units(every_other, ORDER, lang="en") == (
        "u01, u03, u05, u07, u09, u11, u13, u15 … (20 units)"
    )
    assert compact_units(every_other, ORDER) == (
        "u01、u03、u05、u07、u09、u11、u13、u15 …(共 20 个单位)"
    )
    # up to three units, with their names; units not in the table last, as given
    assert compact_units(["b", "a"], {"a": 0, "b": 1}, {"a": "甲"}) == "b、a (甲)"
    assert compact_units(["x9", "u03", "u02", "u01", "u04"], ORDER, lang="en") == "u01–u04, x9"


def test_compact_rows_by_file() -> None:
    found = [Problem(message="m", file="v.csv", line=n) for n in (4, 2, 3, 9)] + [
        Problem(message="m", file="b.xlsx[区财政局]", line=3),
        Problem(message="m", file="x"),
    ]
    assert compact_rows(found) == "v.csv:2–4, 9; b.xlsx[区财政局]:3"


def _small_year(tmp_path: Path) -> tuple[Path, Path]:
    scheme = tmp_path / "small.yaml"
    scheme.write_text(
        SMALL_SCHEME.replace(
            "{id: tasks, name: 重点任务, points: 4, evaluator: {kind: direct}}",
            "{id: tasks, name: 重点任务, points: 4, evaluator: {kind: direct}, "
            "assessors: [{name: 区监察局}]}",
        ),
        encoding="utf-8",
    )
    year = tmp_path / "year"
    year.mkdir()
    (year / "units.csv").write_text("unit,name\na,甲\nb,乙\nc,丙\n", encoding="utf-8")
    (year / "v.csv").write_text(
        "unit,sub_indicator,value\na,tasks,4\nb,tasks,\nc,tasks,\n", encoding="utf-8"
    )
    (year / "s.csv").write_text(
        "unit,sub_indicator,category,count\na,survey,satisfied,8\nb,survey,fair,4\n"
        "c,survey,fair,=1+1\n",
        encoding="utf-8",
    )
    (year / "说明.csv").write_text("只是说明\n", encoding="utf-8")
    return scheme, year


def test_check_text_keeps_the_rows_of_empty_template_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    scheme, year = _small_year(tmp_path)
    status, out, err = run(capsys, "check", str(scheme), str(year), "--lang", "en")
    assert (status, err) == (1, "")
    assert out.splitlines() == [
        "missing data: 2 (unit, sub-indicator) pairs, by assessor",
        "  区监察局",
        "    重点任务 [tasks]: 2 unit(s): b (乙), c (丙); template rows left empty: v.csv:3–4",
        "1 other problem",
        "  s.csv:4: count: 满意度 [survey]: '=1+1' is not a number",
        "skipped as notes: 说明.csv",
    ]


def test_check_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    scheme, year = _small_year(tmp_path)
    status, out, _ = run(capsys, "check", str(scheme), str(year), "--format", "json")
    assert status == 1
    doc = json.loads(out)
    assert {k: doc[k] for k in ("data", "complete", "missing", "other", "ignored")} == {
        "data": str(year),
        "complete": False,
        "missing": 2,
        "other": 1,
        "ignored": ["说明.csv"],
    }
    first = doc["problems"][0]
    assert {k: first[k] for k in ("file", "line", "code", "unit", "node", "text")} == {
        "file": "s.csv",
        "line": 4,
        "code": "not-a-number",
        "unit": "c",
        "node": "survey",
        "text": "s.csv:4: count: 满意度 [survey]: '=1+1' is not a number",
    }
    assert "assessors" not in first  # only missing pairs name the assessors to chase
    missing = [p for p in doc["problems"] if p["code"] == "missing"]
    assert [(p["file"], p["line"], p["unit"], p["assessors"]) for p in missing] == [
        ("v.csv", 3, "b", ["区监察局"]),
        ("v.csv", 4, "c", ["区监察局"]),
    ]


def test_check_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    scheme, year = _small_year(tmp_path)
    status, out, _ = run(capsys, "check", str(scheme), str(year), "--format", "csv")
    assert status == 1
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "文件",
        "行",
        "列",
        "位置",
        "代码",
        "单位",
        "指标",
        "规则",
        "考评主体",
        "问题",
    ]
    assert [r[:9] for r in rows[1:]] == [
        ["s.csv", "4", "", "count", "not-a-number", "c", "survey", "", ""],
        ["v.csv", "3", "", "", "missing", "b", "tasks", "", "区监察局"],
        ["v.csv", "4", "", "", "missing", "c", "tasks", "", "区监察局"],
    ]
    assert rows[1][9] == "满意度 [survey]: '=1+1' is not a number"
    status, out, _ = run(capsys, "check", str(scheme), str(year), "--format=csv", "--lang", "en")
    assert next(csv.reader(io.StringIO(out)))[:3] == ["file", "line", "column"]


def test_check_csv_writes_formula_like_cells_as_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    scheme, year = _small_year(tmp_path)
    (year / "units.csv").write_text("unit,name\na,甲\nb,乙\nc,丙\n=x,戊\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", str(scheme), str(year), "--format", "csv", "--lang", "en")
    units = [r[5] for r in csv.reader(io.StringIO(out))]
    assert "'=x" in units
    assert "=x" not in units


def test_check_complete_names_the_notes_it_skipped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "year"
    shutil.copytree(SAMPLE, data)
    (data / "#旧版-区财政局.csv").write_text("whatever\n", encoding="utf-8")
    (data / "备注.csv").write_text("whatever\n", encoding="utf-8")
    status, out, _ = run(
        capsys, "check", "xicheng_2013", str(data), "--ignore", "备注", "--lang", "en"
    )
    assert status == 0
    assert out.splitlines() == [
        f"{data}: complete, every value in range; ready to score",
        "skipped as notes: #旧版-区财政局.csv, 备注.csv",
    ]
    status, out, _ = run(capsys, "score", "xicheng_2013", str(data), "--ignore", "备注")
    assert status == 0


def test_a_split_that_does_not_add_up_names_its_file_and_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "year"
    shutil.copytree(SAMPLE, data)
    splits = data / "splits.csv"
    lines = splits.read_text(encoding="utf-8").splitlines()
    assert lines[2] == "u01,区产业促进局,main_duties,15.0,样例数据(虚构)"
    lines[2] = "u01,区产业促进局,main_duties,14.5,样例数据(虚构)"
    splits.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, _ = run(capsys, "check", "xicheng_2013", str(data), "--lang", "en")
    assert status == 1
    assert out.splitlines()[:2] == [
        "1 other problem",
        "  splits.csv:2: unit u01 (区产业促进局): the split of 职责任务 [duties] adds up to "
        "44.5 (key_tasks 30, main_duties 14.5), the indicator has 45 (with splits.csv:3)",
    ]

"""read_data: folders of CSV files, workbooks and JSON, cells, headers and origins.

Scheme: tests/data/years/demo.yaml (d1 direct scale 100 → 2 points, b1 bands 2 points,
r1 raters mean scale 100 → 2 points, s1 survey 4 points, bonus capped at 1).

demo_ok, hand-computed:
  a: d1 "95%" → 95 / 100 × 2 = 1.9; b1 92 → band [90, 100] share 1 → 2;
     r1 mean(80, 90) = 85 → 1.7; s1 (8 × 1 + 2 × 0.6) / (8 + 2) = 0.92 → 3.68;
     base 1.9 + 2 + 1.7 + 3.68 = 9.28, bonus 0.5 → 9.78.
  b: d1 " 80 " → 1.6; b1 "75%" → band [60, 90) share 0.5 → 1; r1 mean(60, 70) = 65 → 1.3;
     s1 (5 + 5 × 0.6) / 10 = 0.8 → 3.2; base 1.6 + 1 + 1.3 + 3.2 = 7.1.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import govperf
import govperf.io
from govperf.io._tables import parse_number
from samples import YEARS


def _problems(scheme: govperf.Scheme, source: Path, lang: str = "en") -> list[str]:
    """The problem lines, in English unless ``lang`` says otherwise."""
    with pytest.raises(govperf.DataError) as info:
        govperf.read_data(scheme, source)
    return [p.render(lang) for p in info.value.problems]


def _raised(scheme: govperf.Scheme, source: Path) -> tuple[govperf.Problem, ...]:
    with pytest.raises(govperf.DataError) as info:
        govperf.read_data(scheme, source)
    return info.value.problems


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


UNITS = "unit,name\na,甲局\nb,乙委\n"


def test_folder_reads_and_scores(demo: govperf.Scheme) -> None:
    data = govperf.read_data(demo, YEARS / "demo_ok")
    assert data.units.ids == ("a", "b")
    assert data.units.names == ("甲局", "乙委")
    r = govperf.score(demo, data)
    assert r.unit("a").points["d1"] == 1.9  # "95%" read as 95
    assert r.unit("b").points["b1"] == 1.0  # "75%" read as 75
    assert r.unit("a").points["s1"] == 3.68
    assert r.unit("a").total == 9.78
    assert r.unit("b").total == 7.1


def test_origins_are_file_and_line(demo: govperf.Scheme) -> None:
    data = govperf.read_data(demo, YEARS / "demo_ok")
    # 甲办-value.csv: header line 1, d1 on lines 2-3, a blank line 4, b1 on lines 5-6
    assert data.records["d1"].origin == ("甲办-value.csv:2", "甲办-value.csv:3")
    assert data.records["b1"].origin == ("甲办-value.csv:5", "甲办-value.csv:6")
    assert data.events["bonus"].origin == ("甲办-bonus.csv:2",)


def test_gb18030_csv_with_chinese_headers(demo: govperf.Scheme) -> None:
    raw = (YEARS / "demo_ok" / "乙办-survey.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is GB18030
    data = govperf.read_data(demo, YEARS / "demo_ok")
    s1 = data.records["s1"]
    assert s1.unit is not None
    assert list(s1.unit) == ["a", "a", "a", "b", "b", "b"]
    assert list(s1.columns["category"]) == ["satisfied", "fair", "unknown"] * 2
    assert list(s1.columns["count"]) == [8.0, 2.0, 5.0, 5.0, 5.0, 0.0]
    assert set(s1.columns) == {"category", "count"}  # 单位名称 and 备注 are informational


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1.5", 1.5),
        (" 2 ", 2.0),
        ("95%", 95.0),
        ("95 %", 95.0),
        ("１２．５", 12.5),  # full-width digits
        ("-3e2", -300.0),
        (7, 7.0),
        (0.25, 0.25),
        ("", None),
        (None, None),
    ],
)
def test_numbers(cell: object, value: float | None) -> None:
    assert parse_number(cell) == (value, None)


@pytest.mark.parametrize(
    "cell", ["NaN", "nan", "inf", "-Infinity", "1_000", "1,000", "两分", "%", True, float("nan")]
)
def test_not_numbers(cell: object) -> None:
    value, why = parse_number(cell)
    assert value is None
    assert why is not None


def test_cell_and_row_errors(demo: govperf.Scheme, tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "y",
        {
            "units.csv": UNITS,
            "v.csv": "unit,sub_indicator,value,rater\n"
            "a,d1,inf,\n"  # line 2: not a number
            "b,d1,50,L1\n"  # line 3: a column d1 does not read
            "a,x9,1,\n"  # line 4: unknown sub-indicator
            ",d1,1,\n"  # line 5: no unit
            "a,,1,\n",  # line 6: no sub-indicator
            "t.csv": "unit,sub_indicator,task,weight,direction,target,challenge,actual\n",
            "r.csv": "unit,sub_indicator,rater,score\na,r1,L1,\n",  # line 2: score empty
            "e.csv": "unit,rule,item,points\na,nope,x,1\nb,bonus,,\n",
        },
    )
    assert _problems(demo, folder) == [
        "e.csv:2: rule: unknown rule 'nope' (known: bonus)",
        "e.csv:3: rule 创新创优 [bonus]: the row gives none of the rule's columns "
        "(item, points, tier, note)",
        "r.csv:2: 领导考评 [r1]: empty cell in score (the row's other values are filled)",
        "t.csv:1: unknown columns 'task', 'weight', 'direction', 'target', 'challenge', "
        "'actual' in a records table (allowed: unit, sub_indicator, value, rater, score, "
        "category, count, unit_name, sub_indicator_name, rule_name, assessor, remark; "
        "Chinese headers: see the input format reference)",
        "v.csv:2: value: 依法行政 [d1]: 'inf' is not a number",
        "v.csv:3: 依法行政 [d1] does not read the column rater (its columns: value); "
        "leave it empty or move the value",
        "v.csv:4: sub_indicator: unknown sub-indicator 'x9' (known: d1, b1, r1, s1)",
        "v.csv:5: unit: the unit cell is empty",
        "v.csv:6: sub_indicator: the sub_indicator cell is empty",
    ]


def test_number_overflowing_to_infinity_is_refused(small: govperf.Scheme, tmp_path: Path) -> None:
    # "1e400" overflowed to inf and was accepted, while "inf" is refused
    folder = _write(
        tmp_path / "y",
        {
            "units.csv": "unit,name\na,甲\nb,乙\n",
            "v.csv": "unit,sub_indicator,value\na,tasks,4\nb,tasks,3\n",
            "s.csv": "unit,sub_indicator,category,count\na,survey,satisfied,8\n"
            "b,survey,fair,1e400\n",
        },
    )
    assert _problems(small, folder) == [
        "s.csv:3: count: 满意度 [survey]: '1e400' is not a finite number"
    ]
    assert govperf.check_data(small, folder) != []


def test_units_table_problems(demo: govperf.Scheme, tmp_path: Path) -> None:
    dup = _write(
        tmp_path / "dup", {"units.csv": "单位编号,单位名称,分组\na,甲局,委\nb,,\na,甲局2,\n"}
    )
    assert _problems(demo, dup) == [
        "units.csv:3: empty name",
        "units.csv:4: unit 'a' is listed twice: here and at units.csv:2",
    ]
    none = _write(tmp_path / "none", {"v.csv": "unit,sub_indicator,value\n"})
    assert [p.split(": ", 1)[1][:15] for p in _problems(demo, none)] == ["no units table:"]
    two = _write(tmp_path / "two", {"units.csv": UNITS, "other.json": '{"units": ["c"]}'})
    assert [p.render("en") for p in _raised(demo, two)] == [
        "units.csv: this units table differs from other.json (every copy must list the same "
        "units): units missing here c; units only here a, b; units with another name or "
        "group -"
    ]


def test_table_kinds_and_headers(demo: govperf.Scheme, tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "k",
        {
            "units.csv": "unit, name ,unit\na,甲局,a\n",  # line 1: unit twice
            "both.csv": "unit,sub_indicator,rule\n",
            "what.csv": "unit,value\na,1\n",
            "stray.csv": "unit,sub_indicator,value,\na,d1,1,oops\n",
        },
    )
    assert _problems(demo, folder) == [
        "both.csv:1: the table has both a sub_indicator and a rule column; put records and "
        "events in separate tables",
        "stray.csv:2: a value in column 4, which has no header",
        "units.csv:1: two columns stand for 'unit' (header 'unit' repeats it)",
        "what.csv:1: cannot tell what the table holds: records need a sub_indicator (二级指标) "
        "column, events a rule (规则) column; the units and splits tables are found by name "
        "(units.csv, splits.csv or sheets so named)",
    ]


def test_xlsx_workbook(demo: govperf.Scheme, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "units"
    ws.append(["unit", "name"])
    ws.append([101, "甲局"])  # an id typed as a number reads as "101"
    ws.append(["b", "乙委"])
    wb.create_sheet("empty")  # a sheet with nothing in it is ignored
    v = wb.create_sheet("甲办")
    v.append(["单位编号", "二级指标", "分值"])
    v.append([101, "d1", 0.95])
    v["C2"].number_format = "0%"  # Excel shows 95%: read as 95, like the text "95%"
    v.append(["b", "d1", "80"])
    v.append([None, None, None])
    v.append(["b", "d1", 10])  # row 5: b twice
    book = tmp_path / "year.xlsx"
    wb.save(book)
    before = (book.read_bytes(), book.stat().st_mtime_ns)
    data = govperf.read_data(demo, book)
    assert data.units.ids == ("101", "b")
    d1 = data.records["d1"]
    assert d1.unit is not None
    assert list(d1.unit) == ["101", "b", "b"]
    assert list(d1.columns["value"]) == [95.0, 80.0, 10.0]
    assert d1.origin == ("year.xlsx[甲办]:2", "year.xlsx[甲办]:3", "year.xlsx[甲办]:5")
    problems = [p.render("en") for p in govperf.check_data(demo, book)]
    assert (
        "year.xlsx[甲办]:5: d1: records of 依法行政 [d1]: unit b (乙委) has more than one "
        "row (first at year.xlsx[甲办]:3)" in problems
    )
    assert (book.read_bytes(), book.stat().st_mtime_ns) == before


def test_json_round_trip_with_origins(demo: govperf.Scheme, tmp_path: Path) -> None:
    data = govperf.read_data(demo, YEARS / "demo_ok")
    path = tmp_path / "2013.json"
    path.write_text(json.dumps(data.to_dict(), ensure_ascii=False), encoding="utf-8")
    again = govperf.read_data(demo, path)
    assert again.to_dict() == data.to_dict()
    assert again.records["r1"].origin == tuple(f"2013.json:records.r1[{i}]" for i in range(4))
    assert govperf.score(demo, again).unit("a").total == 9.78  # as from the CSV folder


def test_json_problems(demo: govperf.Scheme, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "units": [{"id": "a", "name": "甲局"}, "b"],
                "records": {"d1": [{"unit": "a", "value": "NaN"}, {"unit": "c", "value": 1}]},
                "extra": 1,
            }
        ),
        encoding="utf-8",
    )
    assert _problems(demo, path) == [
        "bad.json: extra: unknown key (known: units, records, splits, events)",
        "bad.json: records.d1[0].value: 依法行政 [d1]: 'NaN' is not a number",
        "bad.json: records.d1[1].unit: unknown unit 'c' (not in the units table)",
    ]
    broken = tmp_path / "broken.json"
    broken.write_text('{"units": [\n', encoding="utf-8")
    [problem] = govperf.check_data(demo, broken)
    assert (problem.file, problem.line, problem.code) == ("broken.json", 2, "json")


def test_unknown_english_header_lists_allowed(demo: govperf.Scheme, tmp_path: Path) -> None:
    folder = _write(tmp_path / "h", {"units.csv": "unit,name,colour\na,甲局,red\n"})
    assert _problems(demo, folder) == [
        "units.csv:1: unknown column 'colour' in a units table (allowed: unit, name, group, "
        "unit_name, sub_indicator_name, rule_name, assessor, remark; Chinese headers: see "
        "the input format reference)"
    ]


def test_read_units_alone(tmp_path: Path) -> None:
    from openpyxl import Workbook

    csv_file = tmp_path / "部门.csv"
    csv_file.write_text("单位编号,单位名称,分组\na,甲局,委\nb,乙委,\n", encoding="utf-8")
    units = govperf.io.read_units(csv_file)
    assert (units.ids, units.names, units.groups) == (("a", "b"), ("甲局", "乙委"), ("委", None))
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "部门"  # the only sheet in use: read whatever its name
    ws.append(["unit", "name"])
    ws.append(["c", "丙办"])
    wb.save(tmp_path / "u.xlsx")
    assert govperf.io.read_units(tmp_path / "u.xlsx").ids == ("c",)
    (tmp_path / "u.json").write_text('{"units": ["d"], "records": {}}', encoding="utf-8")
    assert govperf.io.read_units(tmp_path / "u.json").names == ("d",)
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,name\na,甲局\na,甲局\n", encoding="utf-8")
    with pytest.raises(govperf.DataError, match=r"bad\.csv:3: 单位 'a' 重复列出:此处和 bad\.csv:2"):
        govperf.io.read_units(bad)
    with pytest.raises(govperf.DataError) as info:
        govperf.io.read_units(bad)
    assert info.value.problems[0].render("en") == (
        "bad.csv:3: unit 'a' is listed twice: here and at bad.csv:2"
    )


def _row_by_row(scheme: govperf.Scheme, source: Path) -> govperf.EvaluationData:
    """The reference reader, row by row (what the fast path must agree with)."""
    from govperf.io import _read

    ctx = _read._Context(govperf.compile_scheme(scheme))
    result = _read.ReadResult(label=str(source))
    data = _read._build(ctx, _read._collect(ctx, source, result), result)
    assert not result.problems
    assert data is not None
    return data


def _same(a: govperf.EvaluationData, b: govperf.EvaluationData) -> None:
    assert a.to_dict() == b.to_dict()
    for kind in ("records", "events"):
        ta, tb = getattr(a, kind), getattr(b, kind)
        assert list(ta) == list(tb)
        for key in ta:
            assert list(ta[key].columns) == list(tb[key].columns)
            assert list(ta[key].origin) == list(tb[key].origin)
            assert ta[key].positions.tolist() == tb[key].positions.tolist()


def test_clean_csv_files_are_read_by_column_exactly_as_row_by_row(xicheng: govperf.Scheme) -> None:
    from govperf.io._read import _Context, _read_clean_csv

    folder = Path(__file__).parent.parent / "examples" / "xicheng_2013"
    fast = _read_clean_csv(_Context(govperf.compile_scheme(xicheng)), folder)
    assert fast is not None  # the sample year is clean: the fast path reads it
    _same(fast, _row_by_row(xicheng, folder))
    origin = govperf.read_data(xicheng, folder).splits.origin  # type: ignore[union-attr]
    assert origin is not None
    assert (origin[0], origin[-1]) == ("splits.csv:2", f"splits.csv:{len(origin) + 1}")


def test_a_file_that_is_not_clean_is_read_row_by_row(demo: govperf.Scheme, tmp_path: Path) -> None:
    from govperf.io._read import _Context, _read_clean_csv

    clean = _write(tmp_path / "clean", {"units.csv": UNITS, "v.csv": VALUES})
    ctx = _Context(govperf.compile_scheme(demo))
    fast = _read_clean_csv(ctx, clean)
    assert fast is not None
    _same(fast, _row_by_row(demo, clean))
    # "95%", a blank line and a padded cell: the row reader gives the same data
    messy = _write(
        tmp_path / "messy",
        {"units.csv": UNITS, "v.csv": VALUES.replace("95", "95%").replace(",80", ", 80 ") + "\n"},
    )
    assert _read_clean_csv(ctx, messy) is None
    np.testing.assert_array_equal(
        govperf.read_data(demo, messy).records["d1"].columns["value"],
        fast.records["d1"].columns["value"],
    )


VALUES = "unit,sub_indicator,value\na,d1,95\nb,d1,80\na,b1,92\nb,b1,75\n"

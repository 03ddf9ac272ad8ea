"""Workbooks of every kind (.xlsx, .xls, WPS .et), note sheets and govperf's own results.

Scheme: tests/data/years/demo.yaml.  tests/data/years/demo_xls/demo.xls holds the data
of demo_ok as one Excel 97–2003 workbook (written with xlwt 1.3, see the README beside
it), plus a note sheet 说明 and a draft sheet #草稿; hand-computed as in
test_io_read.py: a total 9.78 (d1 95 → 1.9), b total 7.1.

Every .xlsx test runs twice: through python-calamine (when installed) and through
openpyxl; the data read (and every problem) must be the same.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import govperf
import govperf.io._workbook as workbook
from samples import YEARS

XLS = YEARS / "demo_xls" / "demo.xls"

calamine = pytest.mark.skipif(not workbook.has_calamine(), reason="python-calamine not installed")


@pytest.fixture(params=["calamine", "openpyxl"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Read .xlsx through calamine, then through openpyxl."""
    if request.param == "calamine" and not workbook.has_calamine():
        pytest.skip("python-calamine not installed")
    if request.param == "openpyxl":
        monkeypatch.setattr(workbook, "has_calamine", lambda: False)
    return str(request.param)


def _problems(scheme: govperf.Scheme, source: Path, lang: str = "en", **kw: object) -> list[str]:
    """The problems of reading ``source``, rendered in ``lang`` (English by default)."""
    with pytest.raises(govperf.DataError) as info:
        govperf.read_data(scheme, source, **kw)  # type: ignore[arg-type]
    return [p.render(lang) for p in info.value.problems]


@calamine
def test_xls_workbook_reads_and_scores(demo: govperf.Scheme) -> None:
    data = govperf.read_data(demo, XLS)
    assert data.units.ids == ("a", "b")
    assert data.records["d1"].origin == ("demo.xls[甲办-value]:2", "demo.xls[甲办-value]:3")
    r = govperf.score(demo, data)
    assert r.unit("a").points["d1"] == 1.9
    assert r.unit("b").points["b1"] == 1.0  # "75%" typed as text
    assert r.unit("a").total == 9.78
    assert r.unit("b").total == 7.1


@calamine
def test_wps_et_file_in_a_folder(demo: govperf.Scheme, tmp_path: Path) -> None:
    shutil.copy(XLS, tmp_path / "全年数据.et")  # WPS saves .et in the Excel 97–2003 format
    data = govperf.read_data(demo, tmp_path)
    assert govperf.score(demo, data).unit("a").total == 9.78
    assert data.events["bonus"].origin == ("全年数据.et[甲办-bonus]:2",)


def test_xls_without_calamine_says_save_as_xlsx(
    demo: govperf.Scheme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "has_calamine", lambda: False)
    shutil.copy(XLS, tmp_path / "a.xls")
    shutil.copy(XLS, tmp_path / "b.et")
    assert _problems(demo, tmp_path) == [
        "a.xls: reading .xls files needs python-calamine: pip install 'govperf[excel]'; or "
        "open it in Excel or WPS and save it as .xlsx (文件 → 另存为 → Excel 工作簿 .xlsx)",
        "b.et: reading .et files needs python-calamine: pip install 'govperf[excel]'; or "
        "open it in Excel or WPS and save it as .xlsx (文件 → 另存为 → Excel 工作簿 .xlsx)",
    ]
    assert _problems(demo, tmp_path, lang="zh")[0] == (
        "a.xls: 读取 .xls 文件需要 python-calamine(pip install 'govperf[excel]');或在 Excel / "
        "WPS 中打开它,另存为 .xlsx(文件 → 另存为 → Excel 工作簿)"
    )


@calamine
def test_a_broken_xls_is_named(demo: govperf.Scheme, tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text("unit,name\na,甲局\n", encoding="utf-8")
    (tmp_path / "x.xls").write_bytes(b"not a workbook at all")
    [problem] = _problems(demo, tmp_path)
    assert problem.startswith("x.xls: not a readable .xls workbook: ")
    assert problem.endswith("; open it in Excel or WPS and save it as .xlsx (另存为 .xlsx)")


def _filled_book(path: Path, percent: bool = False) -> Path:
    """A workbook of every kind of cell: ids typed as numbers, dates, blanks, text."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "说明"
    ws.append(["填表说明"])
    units = wb.create_sheet("units")
    for row in (["unit", "name", "group"], [101, "甲局", None], ["b", "乙委", None]):
        units.append(row)
    v = wb.create_sheet("甲办-value")
    v.append(["unit", "unit_name", "sub_indicator", "sub_indicator_name", "value", "remark"])
    v.append([101, "甲局", "d1", "依法行政", 0.95 if percent else 95, dt.datetime(2025, 3, 1)])
    v.append(["b", "乙委", "d1", "依法行政", " 80 ", None])
    v.append([None, None, None, None, None, None])
    v.append([101, "甲局", "b1", "按时办结率", 92.0, "  "])
    v.append(["b", "乙委", "b1", "按时办结率", "75%", "复核后"])
    if percent:
        v["E2"].number_format = "0%"
    r = wb.create_sheet("丙办-raters")
    r.append(["unit", "sub_indicator", "rater", "score"])
    for row in (
        [101, "r1", "L1", 80],
        [101, "r1", "L2", 90],
        ["b", "r1", 1, 60],
        ["b", "r1", 2, 70],
    ):
        r.append(row)
    s = wb.create_sheet("乙办-survey")
    s.append(["单位编号", "二级指标", "类别", "人数"])
    for u, counts in ((101, (8, 2, 5)), ("b", (5, 5, 0))):
        for cat, k in zip(("satisfied", "fair", "unknown"), counts, strict=True):
            s.append([u, "s1", cat, k])
    wb.create_sheet("#草稿").append(["whatever", "goes"])
    wb.save(path)
    return path


@pytest.mark.parametrize("percent", [False, True])
def test_xlsx_reads_the_same_through_either_reader(
    demo: govperf.Scheme, tmp_path: Path, engine: str, percent: bool
) -> None:
    book = _filled_book(tmp_path / "year.xlsx", percent=percent)
    data = govperf.read_data(demo, book)
    assert data.units.ids == ("101", "b")
    assert list(data.records["d1"].columns["value"]) == [95.0, 80.0]  # 0.95 shown as 95%
    assert list(data.records["r1"].columns["rater"]) == ["L1", "L2", "1", "2"]
    assert data.records["b1"].origin == ("year.xlsx[甲办-value]:5", "year.xlsx[甲办-value]:6")
    r = govperf.score(demo, data)
    assert r.unit("101").total == 9.28  # no bonus file: 9.78 - 0.5
    assert r.unit("b").total == 7.1


def test_a_percent_styled_workbook_is_read_by_openpyxl(tmp_path: Path) -> None:
    plain = _filled_book(tmp_path / "plain.xlsx")
    styled = _filled_book(tmp_path / "styled.xlsx", percent=True)
    assert not workbook._percent_styles(plain)
    assert workbook._percent_styles(styled)


def test_problems_are_worded_the_same_through_either_reader(
    demo: govperf.Scheme, tmp_path: Path, engine: str
) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "units"
    for row in (["unit", "name"], ["a", "甲局"], ["a", "乙委"]):
        ws.append(row)
    v = wb.create_sheet("v")
    rows: tuple[list[object], ...] = (
        ["unit", "sub_indicator", "value", "x"],
        ["a", "d1", True, None],
        ["z", "d9", 3, 4],
    )
    for values in rows:
        v.append(values)
    wb.save(tmp_path / "bad.xlsx")
    assert _problems(demo, tmp_path / "bad.xlsx") == [
        "bad.xlsx[units]:3: unit 'a' is listed twice: here and at bad.xlsx[units]:2",
        "bad.xlsx[v]:1: unknown column 'x' in a records table (allowed: unit, sub_indicator, "
        "value, rater, score, category, count, unit_name, sub_indicator_name, rule_name, "
        "assessor, remark; Chinese headers: see the input format reference)",
        "bad.xlsx[v]:2: value: 依法行政 [d1]: True is not a number",
        "bad.xlsx[v]:3: sub_indicator: unknown sub-indicator 'd9'; did you mean d1? "
        "(known: d1, b1, r1, s1)",
    ]


# -- note sheets and files -----------------------------------------------------------------


def test_note_sheets_and_files_are_skipped(demo: govperf.Scheme, tmp_path: Path) -> None:
    shutil.copytree(YEARS / "demo_ok", tmp_path / "d")
    folder = tmp_path / "d"
    (folder / "说明.csv").write_text("这里写填表要求\n", encoding="utf-8")
    (folder / "#旧数据.csv").write_text("unit,sub_indicator,value\na,d1,1\n", encoding="utf-8")
    (folder / "备注-二月.csv").write_text("随便写\n", encoding="utf-8")
    assert _problems(demo, folder) == [
        "备注-二月.csv:1: cannot tell what the table holds: records need a sub_indicator "
        "(二级指标) column, events a rule (规则) column; the units and splits tables are "
        "found by name (units.csv, splits.csv or sheets so named)"
    ]
    data = govperf.read_data(demo, folder, ignore=["备注*"])
    assert govperf.score(demo, data).unit("a").total == 9.78


def test_note_names() -> None:
    assert workbook.is_note("说明")
    assert workbook.is_note(" 汇总 ")
    assert workbook.is_note("#draft")
    assert workbook.is_note("＃草稿")  # a full-width number sign too
    assert not workbook.is_note("说明书-value")
    assert workbook.is_note("Notes", ["notes"])
    assert workbook.is_note("备注-二月", ["备注*"])
    assert not workbook.is_note("units", ["备注*"])


def test_check_lists_the_notes_it_skipped(demo: govperf.Scheme, engine: str) -> None:
    from govperf.io._read import check_read
    from govperf.scoring._compile import compile_scheme

    if engine == "openpyxl":
        pytest.skip("an .xls file is read through calamine only")
    problems, result = check_read(compile_scheme(demo), XLS)
    assert problems == []
    assert result.ignored == ["demo.xls[说明]", "demo.xls[#草稿]"]


# -- govperf's own results -------------------------------------------------------------------


def _results_in(folder: Path, demo: govperf.Scheme, *names: str) -> Path:
    shutil.copytree(YEARS / "demo_ok", folder)
    results = govperf.score(demo, govperf.read_data(demo, folder))
    for name in names:
        if name.endswith(".xlsx"):
            results.to_excel(folder / name)
        elif name.endswith(".csv"):
            results.to_csv(folder / name, lang="en" if "en" in name else "zh")
        else:
            results.to_json(folder / name)
    return folder


def test_results_workbook_csv_and_json_are_refused(
    demo: govperf.Scheme, tmp_path: Path, engine: str
) -> None:
    folder = _results_in(tmp_path / "d", demo, "results.xlsx", "结果.csv", "en.csv", "r.json")
    assert _problems(demo, folder) == [
        "en.csv:1: these are govperf's own results (written by govperf score -o), not a data "
        "file; move the file out of the data folder",
        "r.json: these are govperf's own results (written by govperf score -o), not a data "
        "file; move the file out of the data folder",
        "results.xlsx: this is govperf's own results workbook (written by govperf score -o), "
        "not a data file; move it out of the data folder",
        "结果.csv:1: these are govperf's own results (written by govperf score -o), not a data "
        "file; move the file out of the data folder",
    ]


def test_results_workbook_is_known_by_its_marker_and_by_its_sheets(
    demo: govperf.Scheme, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    folder = _results_in(tmp_path / "d", demo, "results.xlsx")
    book = folder / "results.xlsx"
    assert workbook._has_marker(book)
    wb = load_workbook(book)
    wb.custom_doc_props.props.clear()  # type: ignore[attr-defined]  # re-saved by a program that drops the marker
    wb.save(book)
    assert not workbook._has_marker(book)
    assert workbook.results_workbook(book, wb.sheetnames)
    assert not workbook.results_workbook(book, ["units", "排名"])
    [problem] = _problems(demo, folder, lang="zh")
    assert problem == (
        "results.xlsx: 这是 govperf 自己的结果工作簿(govperf score -o 写出),不是数据文件;"
        "请把它移出数据文件夹"
    )


@calamine
def test_limits_hold_for_xls_files(demo: govperf.Scheme) -> None:
    from govperf import Limits

    assert _problems(demo, XLS, limits=Limits(rows=3)) == [
        "demo.xls[甲办-value]:5: the sheet has more than the limit of 3 data rows; reading "
        "stopped here (raise the limit with Limits(rows=…) or --limit rows=…)"
    ]
    [problem] = _problems(demo, XLS, limits=Limits(field_chars=3))
    assert problem.startswith("demo.xls[说明]:1: cell A1 is longer than the limit of 3 characters")


# -- near misses -------------------------------------------------------------------------------


def test_near_misses_get_did_you_mean(demo: govperf.Scheme, tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "unit.csv").write_text("unit,name\na,甲局\nb,乙委\n", encoding="utf-8")
    (folder / "split.csv").write_text("unit,points\na,1\n", encoding="utf-8")
    (folder / "v.csv").write_text(
        "unit,sub_indicator,valeu,remrak\na,d1,1,\nA,d1,2,\n", encoding="utf-8"
    )
    assert _problems(demo, folder)[1:4] == [
        "split.csv:1: cannot tell what the table holds: records need a sub_indicator (二级指标) "
        "column, events a rule (规则) column; the units and splits tables are found by name "
        "(units.csv, splits.csv or sheets so named); did you mean splits?",
        "unit.csv:1: cannot tell what the table holds: records need a sub_indicator (二级指标) "
        "column, events a rule (规则) column; the units and splits tables are found by name "
        "(units.csv, splits.csv or sheets so named); it has unit and name columns: if it "
        "lists the units, name it units (units.csv or a sheet named units)",
        "v.csv:1: unknown columns 'valeu', 'remrak' in a records table; did you mean value, "
        "remark? (allowed: unit, sub_indicator, value, rater, score, category, count, "
        "unit_name, sub_indicator_name, rule_name, assessor, remark; Chinese headers: see the "
        "input format reference)",
    ]


def test_unknown_units_get_the_nearest_id_or_the_id_of_their_name(
    demo: govperf.Scheme, tmp_path: Path
) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "units.csv").write_text("unit,name\nu01,甲局\nu02,乙委\n", encoding="utf-8")
    (folder / "v.csv").write_text(
        "unit,sub_indicator,value\nu1,d1,1\n乙委,d1,2\nzz,d1,3\n", encoding="utf-8"
    )
    assert [p for p in _problems(demo, folder) if "unit:" in p] == [
        "v.csv:2: unit: unknown unit 'u1' (not in the units table); did you mean u01?",
        "v.csv:3: unit: unknown unit '乙委' (not in the units table); that is the name of "
        "unit u02: give its id, u02",
        "v.csv:4: unit: unknown unit 'zz' (not in the units table)",
    ]
    assert [p for p in _problems(demo, folder, lang="zh") if "unit:" in p][:2] == [
        "v.csv:2: unit: 无法识别的单位 'u1'(不在单位名单中);是否要找:u01?",
        "v.csv:3: unit: 无法识别的单位 '乙委'(不在单位名单中);"
        "这是单位 u02 的名称,请填写单位编号 u02",
    ]


def test_returned_copies_that_agree_on_their_units_sheet_read_together(
    demo: govperf.Scheme, tmp_path: Path, engine: str
) -> None:
    from openpyxl import Workbook

    def copy(path: Path, units: list[list[object]], rows: list[list[object]]) -> None:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "units"
        header: list[object] = ["unit", "name"]
        for row in [header, *units]:
            ws.append(row)
        v = wb.create_sheet("甲办-value")
        columns: list[object] = ["unit", "sub_indicator", "value"]
        for row in [columns, *rows]:
            v.append(row)
        wb.save(path)

    folder = tmp_path / "back"
    folder.mkdir()
    units: list[list[object]] = [["a", "甲局"], ["b", "乙委"]]
    copy(folder / "a-甲办.xlsx", units, [["a", "d1", 95], ["b", "d1", 80]])
    copy(folder / "b-乙办.xlsx", units[::-1], [["a", "b1", 92], ["b", "b1", 75]])
    data = govperf.read_data(demo, folder)
    assert data.units.ids == ("a", "b")  # the first copy's order
    assert list(data.records["b1"].columns["value"]) == [92.0, 75.0]
    copy(folder / "b-乙办.xlsx", [["a", "甲局"], ["b", "乙委会"], ["c", "丙"]], [])
    assert _problems(demo, folder) == [
        "b-乙办.xlsx[units]: this units table differs from a-甲办.xlsx[units] (every copy "
        "must list the same units): units missing here -; units only here c; units with "
        "another name or group b"
    ]

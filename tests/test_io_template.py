"""write_template: each assessor's files, filled in by a test, read back and scored.

Xicheng 2013, units a 甲局 and b 乙委, hand-computed:
  splits a 35/10, b 30/15.
  key_tasks (target_challenge, 0.8 at target): a t1 higher 10→12, actual 12: share 1 → 35;
      b t1 higher 10→20, actual 15: 0.8 + 0.2 × 5/10 = 0.9 → 30 × 0.9 = 27.
  main_duties (direct, up to the split): a 10, b 12.
  leadership_rating (raters, mean, scale 100): a mean(80, 90) = 85 → 4.25; b 100 → 5.
  ten direct sub-indicators at full points: 2 × 8 + 4 + 5 = 25; b's rule_of_law 1 → 24.
  grassroots (raters): a 100 → 5; b 90 → 4.5.
  both surveys 8 满意, 2 基本满意, 0 不满意, 5 不了解: (8 + 1.2) / 10 = 0.92 → 9.2 each.
  a: base 35 + 10 + 4.25 + 25 + 5 + 9.2 + 9.2 = 97.65; bonus 3 → total 100.65.
  b: base 27 + 12 + 5 + 24 + 4.5 + 18.4 = 90.9; vetoed: not award-eligible, score kept.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import govperf
from govperf.io._template import _file_name

UNITS = [("a", "甲局"), ("b", "乙委")]
FULL = {
    "rule_of_law": 2,
    "petitions": 2,
    "disclosure": 2,
    "integrity": 2,
    "capacity": 2,
    "civil_service": 4,
    "informatization": 2,
    "info_adoption": 2,
    "budget": 2,
    "central_units": 5,
}
Row = dict[str, str]


def _fill(name: str, rows: list[Row]) -> list[Row]:
    """What each assessor writes into its template (``name`` is the file or sheet)."""
    out: list[Row] = []
    for row in rows:
        unit, sub = row.get("unit", ""), row.get("sub_indicator", "")
        new = dict(row)
        if name == "splits":
            new["points"] = {
                ("a", "key_tasks"): "35",
                ("a", "main_duties"): "10",
                ("b", "key_tasks"): "30",
                ("b", "main_duties"): "15",
            }[unit, sub]
        elif name == "区政府督查室-target_challenge":  # 区政府绩效办's copy stays empty
            challenge, actual = ("12", "12") if unit == "a" else ("20", "15")
            new.update(task="t1", weight="1", direction="higher", target="10")
            new.update(challenge=challenge, actual=actual)
        elif sub == "main_duties":
            new["value"] = "10" if unit == "a" else "12"
        elif sub in FULL and name != "区审计局-value":  # 区财政局 scores budget
            new["value"] = "1" if (unit, sub) == ("b", "rule_of_law") else str(FULL[sub])
        elif sub == "leadership_rating":
            new.update(rater="L1", score="80" if unit == "a" else "100")
            if unit == "a":
                out.append(new)
                new = {**row, "rater": "L2", "score": "90"}
        elif sub == "grassroots":
            new.update(rater="S1", score="100" if unit == "a" else "90")
        elif sub in ("thousand_families", "service_users"):
            counts = {"satisfied": "8", "fairly_satisfied": "2", "dissatisfied": "0"}
            new["count"] = counts.get(row["category"], "5")
        out.append(new)
    if name == "区政府绩效办-innovation_bonus":
        out.append({"unit": "a", "rule": "innovation_bonus", "item": "x", "points": "3"})
    if name == "区监察局-accountability_veto":
        out.append({"unit": "b", "rule": "accountability_veto", "trigger": "work_safety_accident"})
    return out


def _fill_csv(folder: Path, fill: Callable[[str, list[Row]], list[Row]]) -> None:
    for path in sorted(folder.glob("*.csv")):
        if path.name == "units.csv":
            continue
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            shown = next(reader)
            header = _columns(shown)  # the Chinese headers as column names
            rows = [dict(zip(header, r, strict=True)) for r in reader]
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(shown)
            writer.writerows([row.get(h, "") for h in header] for row in fill(path.stem, rows))


def _columns(shown: list[str]) -> list[str]:
    """A template's Chinese headers as the column names they stand for."""
    from govperf.io._tables import ALIASES

    return [ALIASES.get(h, h) for h in shown]


def _check_scores(r: govperf.Results) -> None:
    a, b = r.unit("a"), r.unit("b")
    assert a.points["key_tasks"] == 35.0
    assert b.points["key_tasks"] == 27.0
    assert a.points["leadership_rating"] == 4.25
    assert a.base == 97.65
    assert a.total == 100.65
    assert b.base == 90.9
    assert b.total == 90.9
    assert b.award_eligible is False
    assert a.award_eligible is True


def test_csv_template_files(xicheng: govperf.Scheme, tmp_path: Path) -> None:
    paths = govperf.write_template(xicheng, tmp_path, units=UNITS)
    assert [p.name for p in paths] == [
        "units.csv",
        "splits.csv",
        "区政府督查室-target_challenge.csv",
        "区政府绩效办-target_challenge.csv",
        "区编办-value.csv",
        "区政府领导-raters.csv",
        "区政府法制办-value.csv",
        "区信访办-value.csv",
        "区政府办公室-value.csv",
        "区监察局-value.csv",
        "区人力社保局-value.csv",
        "区政府信息办-value.csv",
        "区财政局-value.csv",
        "区审计局-value.csv",
        "区外联办-value.csv",
        "区社会办-raters.csv",
        "区监察局-survey.csv",
        "区行政服务中心-survey.csv",
        "区政府绩效办-innovation_bonus.csv",
        "区监察局-accountability_veto.csv",
    ]
    assert all(p.parent == tmp_path for p in paths)
    lines = (tmp_path / "区监察局-value.csv").read_text(encoding="utf-8-sig").splitlines()
    # 区监察局 scores integrity and capacity: 2 sub-indicators × 2 units = 4 rows
    assert lines == [
        "单位编号,单位名称,二级指标,二级指标名称,分值,备注",
        "a,甲局,integrity,廉政建设,,",
        "b,乙委,integrity,廉政建设,,",
        "a,甲局,capacity,政务能力建设,,",
        "b,乙委,capacity,政务能力建设,,",
    ]
    survey = (tmp_path / "区监察局-survey.csv").read_text(encoding="utf-8-sig").splitlines()
    # 4 answer categories × 2 units, the category's Chinese name as the remark
    assert len(survey) == 1 + 4 * 2
    assert survey[1] == "a,甲局,thousand_families,“千家评政府”,satisfied,,满意"
    assert survey[0] == "单位编号,单位名称,二级指标,二级指标名称,类别,人数,备注"
    units = (tmp_path / "units.csv").read_bytes()
    assert units.startswith("\ufeff单位编号,单位名称,分组".encode())
    bonus = (tmp_path / "区政府绩效办-innovation_bonus.csv").read_bytes().decode("utf-8-sig")
    assert bonus == "单位编号,单位名称,规则,规则名称,事项,加分,说明,备注\r\n"
    splits = (tmp_path / "splits.csv").read_text(encoding="utf-8-sig").splitlines()
    assert splits[0] == "单位编号,单位名称,二级指标,二级指标名称,分配分值,备注"


def test_csv_template_in_english(xicheng: govperf.Scheme, tmp_path: Path) -> None:
    govperf.write_template(xicheng, tmp_path, units=UNITS, lang="en")
    lines = (tmp_path / "区监察局-value.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "unit,unit_name,sub_indicator,sub_indicator_name,value,remark"
    assert (tmp_path / "units.csv").read_bytes().startswith(b"\xef\xbb\xbfunit,name,group")
    bonus = (tmp_path / "区政府绩效办-innovation_bonus.csv").read_bytes().decode("utf-8-sig")
    assert bonus == "unit,unit_name,rule,rule_name,item,points,note,remark\r\n"


def test_filled_csv_template_scores(xicheng: govperf.Scheme, tmp_path: Path) -> None:
    govperf.write_template(xicheng, tmp_path, units=UNITS)
    _fill_csv(tmp_path, _fill)
    assert govperf.check_data(xicheng, tmp_path) == []
    _check_scores(govperf.score(xicheng, govperf.read_data(xicheng, tmp_path)))


def test_filled_xlsx_template_scores(xicheng: govperf.Scheme, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    [book] = govperf.write_template(xicheng, tmp_path / "2013.xlsx", units=UNITS, format="xlsx")
    assert book == tmp_path / "2013.xlsx"
    wb = load_workbook(book)
    assert wb.sheetnames[:3] == ["units", "splits", "区政府督查室-target_challenge"]
    assert all(len(n) <= 31 for n in wb.sheetnames)
    assert len(set(wb.sheetnames)) == len(wb.sheetnames) == 20
    for ws in wb.worksheets:
        if ws.title == "units":
            continue
        values = list(ws.iter_rows(values_only=True))
        header = _columns([str(h) for h in values[0]])
        rows = [
            {h: "" if v is None else str(v) for h, v in zip(header, r, strict=True)}
            for r in values[1:]
        ]
        ws.delete_rows(2, ws.max_row)
        for row in _fill(ws.title, rows):
            ws.append([row.get(h) or None for h in header])
    wb.save(book)
    _check_scores(govperf.score(xicheng, govperf.read_data(xicheng, book)))


def test_xlsx_into_folder_and_long_sheet_names(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    long_name = "区" * 40
    scheme = govperf.loads_scheme(
        f"""
schema_version: 1
id: long
title: 长名称
total_points: 2
levels:
  - id: l
    name: 层面
    points: 2
    indicators:
      - id: i
        name: 指标
        points: 2
        sub_indicators:
          - {{id: x, name: 甲, points: 1, assessors: [{{name: {long_name}}}],
              evaluator: {{kind: direct}}}}
          - {{id: y, name: 乙, points: 1, assessors: [{{name: {long_name}}}],
              evaluator: {{kind: raters}}}}
""",
        "long.yaml",
    )
    [book] = govperf.write_template(scheme, tmp_path, format="xlsx")
    assert book == tmp_path / f"{long_name}.xlsx"  # the assessor's workbook
    names = load_workbook(book).sheetnames
    # both "区…区-value" and "区…区-raters" are cut to 31 characters; the second gets ~2
    assert names == ["units", "区" * 31, "区" * 29 + "~2"]
    with pytest.raises(govperf.DataError) as info:  # headers only: no unit listed yet
        govperf.read_data(scheme, book)
    assert [str(p) for p in info.value.problems] == [
        f"{long_name}.xlsx[units]:1: 单位名单没有任何行(请列出每个参评单位)"
    ]


def test_never_overwrites(xicheng: govperf.Scheme, tmp_path: Path) -> None:
    (tmp_path / "区信访办-value.csv").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match=r"区信访办-value\.csv"):
        govperf.write_template(xicheng, tmp_path)
    assert (tmp_path / "区信访办-value.csv").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["区信访办-value.csv"]  # nothing written
    paths = govperf.write_template(xicheng, tmp_path, overwrite=True)
    assert len(paths) == 20
    assert (tmp_path / "区信访办-value.csv").read_text(encoding="utf-8-sig").startswith("单位编号,")


def test_units_sources(xicheng: govperf.Scheme, tmp_path: Path) -> None:
    data = govperf.EvaluationData(units=[{"id": "a", "name": "甲局", "group": "委"}])
    govperf.write_template(xicheng, tmp_path / "from_data", units=data)
    units = (tmp_path / "from_data" / "units.csv").read_text(encoding="utf-8-sig")
    assert units.splitlines() == ["单位编号,单位名称,分组", "a,甲局,委"]
    govperf.write_template(xicheng, tmp_path / "none")
    assert (tmp_path / "none" / "区信访办-value.csv").read_bytes().decode("utf-8-sig") == (
        "单位编号,单位名称,二级指标,二级指标名称,分值,备注\r\n"
    )
    with pytest.raises(ValueError, match="format"):
        govperf.write_template(xicheng, tmp_path / "x", format="ods")  # type: ignore[arg-type]


def test_every_chinese_template_header_reads_back_as_its_column() -> None:
    from govperf._labels import LABELS
    from govperf.io._tables import ALIASES

    headers = {k: v for k, v in LABELS.items() if k.startswith("template.col.")}
    assert len(headers) == 32
    for zh, column in headers.values():
        assert ALIASES[zh] == column, zh


TWO = """
schema_version: 1
id: two
title: 两个考评主体
total_points: 15
levels:
  - id: l
    name: 层面
    points: 15
    indicators:
      - id: i
        name: 指标
        points: 15
        sub_indicators:
          - {id: x, name: 甲项, points: 10, assessors: [{name: 甲办}], evaluator: {kind: direct}}
          - {id: y, name: 乙项, points: 5, assessors: [{name: 乙办}], evaluator: {kind: direct}}
"""


def _fill_books(books: list[Path], values: dict[tuple[str, str], float]) -> None:
    """Each assessor fills the value cells of its own workbook and sends it back."""
    from openpyxl import load_workbook

    for book in books:
        wb = load_workbook(book)
        for ws in wb.worksheets[1:]:
            header = _columns([str(c.value) for c in ws[1]])
            unit, sub, value = (header.index(c) + 1 for c in ("unit", "sub_indicator", "value"))
            for r in range(2, ws.max_row + 1):
                key = (str(ws.cell(r, unit).value), str(ws.cell(r, sub).value))
                ws.cell(r, value).value = values[key]
        wb.save(book)


def test_one_workbook_per_assessor_scores_as_one_workbook(tmp_path: Path) -> None:
    """x (10 points, 甲办) and y (5 points, 乙办), both direct: a 8 + 4.5 = 12.5,
    b 10 + 3 = 13; the returned copies score as the same data in one workbook."""
    from openpyxl import load_workbook

    scheme = govperf.loads_scheme(TWO, "two.yaml")
    values = {("a", "x"): 8, ("b", "x"): 10, ("a", "y"): 4.5, ("b", "y"): 3}
    books = govperf.write_template(scheme, tmp_path / "blank", units=UNITS, format="xlsx")
    assert books == [tmp_path / "blank" / "甲办.xlsx", tmp_path / "blank" / "乙办.xlsx"]
    assert [load_workbook(b).sheetnames for b in books] == [
        ["units", "甲办-value"],
        ["units", "乙办-value"],
    ]
    header = [c.value for c in load_workbook(books[1])["乙办-value"][1]]
    assert header == ["单位编号", "单位名称", "二级指标", "二级指标名称", "分值", "备注"]
    _fill_books(books, values)
    folder = tmp_path / "blank"
    assert govperf.check_data(scheme, folder) == []  # no duplicate-units problem
    r = govperf.score(scheme, govperf.read_data(scheme, folder))
    assert (r.unit("a").total, r.unit("b").total) == (12.5, 13.0)
    assert (r.unit("a").points["y"], r.unit("b").points["x"]) == (4.5, 10.0)
    [one] = govperf.write_template(scheme, tmp_path / "one.xlsx", units=UNITS, format="xlsx")
    assert load_workbook(one).sheetnames == ["units", "甲办-value", "乙办-value"]
    _fill_books([one], values)
    single = govperf.score(scheme, govperf.read_data(scheme, one))
    for unit in ("a", "b"):
        assert r.unit(unit).total == single.unit(unit).total
        assert r.unit(unit).points == single.unit(unit).points


def test_workbook_names_are_safe_on_windows(tmp_path: Path) -> None:
    names = ["CON", "甲:办|", "乙办. ", "con"]
    subs = "\n".join(
        f"          - {{id: s{k}, name: 项{k}, points: 1,"
        f" assessors: [{{name: {json.dumps(name)}}}], evaluator: {{kind: direct}}}}"
        for k, name in enumerate(names)
    )
    scheme = govperf.loads_scheme(
        f"""
schema_version: 1
id: odd
title: 名称
total_points: 4
levels:
  - id: l
    name: 层面
    points: 4
    indicators:
      - id: i
        name: 指标
        points: 4
        sub_indicators:
{subs}
""",
        "odd.yaml",
    )
    books = govperf.write_template(scheme, tmp_path, format="xlsx")
    assert [b.name for b in books] == ["CON_.xlsx", "甲_办_.xlsx", "乙办.xlsx", "con_~2.xlsx"]
    with pytest.raises(FileExistsError, match=r"乙办\.xlsx"):
        govperf.write_template(scheme, tmp_path, format="xlsx")
    assert len(govperf.write_template(scheme, tmp_path, format="xlsx", overwrite=True)) == 4
    # a scheme refuses control characters in names; the file names escape them anyway
    assert _file_name("甲\t办\x7f") == "甲_办_"
    assert _file_name("nul.txt") == "nul.txt_"
    assert _file_name(" . ") == "_"

"""Results.to_csv, to_json and to_excel, on :data:`samples.OUTPUT_SCHEME`
(figures computed by hand in its docstring) and on the Xicheng scheme."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import govperf
from samples import output_data, score_output, xicheng_data

JSON_KEYS = [
    *("unit", "name", "total", "base", "bonus", "deductions", "rank", "grade"),
    *("award_eligible", "vetoes", "points"),
]


# -- JSON ------------------------------------------------------------------------------


def test_json_keys_order_and_values(output_results: govperf.Results, tmp_path: Path) -> None:
    text = output_results.to_json()
    rows = json.loads(text)
    assert [row["unit"] for row in rows] == ["b", "a"]  # sorted by rank: 18.11, 17.22
    assert all(list(row) == JSON_KEYS for row in rows)
    b, a = rows
    assert b == {
        "unit": "b",
        "name": "区乙委",
        "total": 18.11,  # 18.105 half up
        "base": 18.11,
        "bonus": 0.0,
        "deductions": 0.0,
        "rank": 1,
        "grade": "优秀",
        "award_eligible": False,
        "vetoes": ["accident"],
        "points": {
            "eff": 11.1,  # 3.5 + 4 + 3.6
            "duties": 7.5,
            "tasks": 3.5,
            "main": 4.0,
            "lead": 3.6,
            "lead_rating": 3.6,
            "svc": 7.01,  # 7.005 half up
            "law_ind": 7.01,
            "law": 7.01,
        },
    }
    assert (a["total"], a["bonus"], a["rank"], a["grade"]) == (17.22, 0.34, 2, "合格")
    assert a["points"]["duties"] == 7.13  # 7.125 half up
    assert "区甲局" in text  # ensure_ascii=False
    # the same figures as UnitResult (which also carries the group)
    for row in rows:
        expected = output_results.unit(row["unit"]).to_dict()
        del expected["group"]
        assert row == expected


def test_json_to_file(output_results: govperf.Results, tmp_path: Path) -> None:
    path = tmp_path / "结果.json"
    text = output_results.to_json(path)
    assert path.read_text(encoding="utf-8") == text + "\n"
    assert "\\u" not in text


def test_json_null_for_missing_points() -> None:
    data = output_data()
    data["records"]["law"] = data["records"]["law"][:1]
    rows = json.loads(score_output(data, missing="redistribute").to_json())
    b = next(row for row in rows if row["unit"] == "b")
    assert b["points"]["law"] is None
    assert b["points"]["eff"] == 18.5  # (3.5 + 4 + 3.6) × 20 / 12


def test_json_and_csv_need_no_pandas(
    output_results: govperf.Results, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    assert json.loads(output_results.to_json())[0]["unit"] == "b"
    output_results.to_csv(tmp_path / "r.csv")
    assert (tmp_path / "r.csv").exists()


def test_import_govperf_stays_light() -> None:
    code = (
        "import sys, govperf; "
        "print(sorted(m for m in ('pandas', 'openpyxl', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_xicheng_json(xicheng: govperf.Scheme) -> None:
    rows = json.loads(govperf.score(xicheng, xicheng_data()).to_json())
    assert [(r["unit"], r["rank"], r["total"]) for r in rows] == [
        ("a", 1, 102.53),  # 102.525 half up
        ("b", 2, 92.65),
        ("c", 2, 92.65),
        ("d", 4, 85.9),
    ]
    assert rows[1]["vetoes"] == ["work_safety_accident"]
    assert rows[1]["award_eligible"] is False
    assert len(rows[0]["points"]) == 3 + 9 + 16
    assert rows[0]["points"]["leadership_rating"] == 4.13  # 82.5 / 100 × 5 = 4.125


# -- CSV -------------------------------------------------------------------------------


def test_csv_wide_has_bom_and_chinese(output_results: govperf.Results, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    output_results.to_csv(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:4] == ["单位", "单位名称", "分组", "履职效率"]
    assert rows[0][-8:] == [
        "基础分",
        "加分",
        "扣分",
        "总分",
        "名次",
        "等次",
        "评先评优资格",
        "一票否决",
    ]
    a = dict(zip(rows[0], rows[1], strict=True))
    assert (a["单位"], a["单位名称"], a["职责任务"], a["总分"], a["名次"]) == (
        "a",
        "区甲局",
        "7.13",
        "17.22",
        "2",
    )
    b = dict(zip(rows[0], rows[2], strict=True))
    assert (b["法治建设"], b["一票否决"], b["评先评优资格"]) == (
        "7.01",
        "安全生产责任事故",
        "否",  # vetoed: not eligible for awards
    )
    assert a["评先评优资格"] == "是"
    assert a["一票否决"] == ""


def test_csv_tidy_en_reads_back_with_pandas(
    output_results: govperf.Results, tmp_path: Path
) -> None:
    import pandas as pd

    path = tmp_path / "tidy.csv"
    output_results.to_csv(path, kind="tidy", lang="en")
    df = pd.read_csv(path, encoding="utf-8-sig")
    assert list(df.columns) == [
        *("unit", "unit_name", "node", "node_name", "level"),
        *("points", "max_points", "share"),
    ]
    assert len(df) == 18  # 2 units × 9 nodes
    row = df[(df["unit"] == "a") & (df["node"] == "duties")].iloc[0]
    assert (row["unit_name"], row["points"], row["max_points"]) == ("区甲局", 7.13, 8.0)
    assert row["share"] == pytest.approx(7.13 / 8)


def test_csv_bad_kind(output_results: govperf.Results, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="kind must be"):
        output_results.to_csv(tmp_path / "x.csv", kind="long")  # type: ignore[arg-type]
    assert not (tmp_path / "x.csv").exists()


# -- Excel -----------------------------------------------------------------------------


def _rows(ws: Any) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))


def _table(ws: Any) -> list[tuple[Any, ...]]:
    """The rows below a sheet's title row."""
    return list(ws.iter_rows(min_row=2, values_only=True))


def test_excel_sheets_and_ranking(output_results: govperf.Results, tmp_path: Path) -> None:
    path = tmp_path / "结果.xlsx"
    output_results.to_excel(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["排名", "履职效率", "服务效果", "规则", "区乙委", "区甲局"]
    ws = wb["排名"]
    assert ws["A1"].value == "输出测试:排名"  # the title row: the scheme's title and the sheet
    rows = _table(ws)
    assert rows[0] == (
        *("名次", "单位", "单位名称", "分组", "总分", "基础分", "加分", "扣分"),
        *("等次", "评先评优资格", "一票否决"),
    )
    assert rows[1] == (1, "b", "区乙委", "局", 18.11, 18.11, 0, 0, "优秀", "否", "安全生产责任事故")
    assert rows[2] == (2, "a", "区甲局", "委办", 17.22, 16.88, 0.34, 0, "合格", "是", None)
    assert ws["E3"].data_type == "n"  # numbers, not text
    assert ws["E3"].number_format == "0.00"
    assert ws.freeze_panes == "A3"
    # 单位名称: header 4 CJK characters = 8 wide, + 2 padding
    assert ws.column_dimensions["C"].width == 10


def test_excel_level_sheet(output_results: govperf.Results, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    output_results.to_excel(path)
    ws = openpyxl.load_workbook(path)["履职效率"]
    rows = _table(ws)
    assert rows[0] == (
        *("单位", "单位名称", "履职效率", "职责任务"),
        *("重点任务完成效率", "重点任务完成效率 本单位满分"),
        *("主要职责履行效率", "主要职责履行效率 本单位满分"),
        *("领导考评 [lead]", "领导考评 [lead_rating]"),
    )
    # second header row: maximum points; pooled sub-indicators differ by unit
    assert rows[1] == (None, "满分", 12, 8, "按单位", None, "按单位", None, 4, 4)
    # b first (rank 1): tasks 3.5 of its split 4, main 4 of 4
    assert rows[2] == ("b", "区乙委", 11.1, 7.5, 3.5, 4, 4, 4, 3.6, 3.6)
    assert rows[3] == ("a", "区甲局", 10.38, 7.13, 4.13, 5, 3, 3, 3.25, 3.25)
    assert ws.freeze_panes == "C4"


def test_excel_rules_sheet(output_results: govperf.Results, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    output_results.to_excel(path)
    rows = _table(openpyxl.load_workbook(path)["规则"])
    assert rows[0] == ("单位", "单位名称", "规则编号", "规则名称", "类型", "说明")
    by_rule = {(r[0], r[2]): r for r in rows[1:] if r[2]}
    assert by_rule["b", "veto"][3:5] == ("行政问责", "veto")
    assert "安全生产责任事故" in by_rule["b", "veto"][5]
    assert by_rule["a", "bonus"][3] == "创新创优"
    assert "0.335" in by_rule["a", "bonus"][5]  # the bonus note names the claimed points
    assert ("缺失数据处理", "error:缺少数据即报错,不评分") in [r[:2] for r in rows]
    assert rows[-1][0] == "无"  # no pair was filled


def test_excel_rules_sheet_lists_filled_pairs(tmp_path: Path) -> None:
    data = output_data()
    data["records"]["law"] = data["records"]["law"][:1]
    path = tmp_path / "r.xlsx"
    score_output(data, missing="zero").to_excel(path, lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:4] == ["Ranking", "eff", "svc", "Rules"]
    rows = _rows(wb["Rules"])
    assert ("missing-data policy", "zero: a pair without data scores 0") in [r[:2] for r in rows]
    assert rows[-1] == ("b", "区乙委", "law", "法治建设", 0, None)


def test_excel_unit_sheet(output_results: govperf.Results, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    output_results.to_excel(path)
    ws = openpyxl.load_workbook(path)["区甲局"]
    rows = _rows(ws)
    assert rows[0][0] == "区甲局(a)得分说明"
    summary = {r[0]: r[1] for r in rows[1:9]}
    assert summary == {
        "总分": 17.22,
        "基础分": 16.88,
        "加分": 0.34,
        "扣分": 0,
        "名次": 2,
        "等次": "合格",
        "评先评优资格": "是",
        "一票否决": None,
    }
    header = rows.index(
        ("二级指标编号", "二级指标", "得分", "满分", "评分方法", "输入摘要", "公式")
    )
    subs = {r[0]: r for r in rows[header + 1 : header + 5]}
    assert subs["tasks"][:5] == ("tasks", "重点任务完成效率", 4.13, 5, "direct")
    assert subs["tasks"][5] == "value=4.125"
    lead = subs["lead_rating"]
    assert lead[2:4] == (3.25, 4)  # 81.125 / 100 × 4 = 3.245
    assert lead[5] == "rater=L1, score=81; rater=L2, score=81.25"
    assert lead[6].startswith("得分 = 评分汇总值")
    rules_at = rows.index(("规则", "说明", None, None, None, None, None))
    notes = {r[0]: r[1] for r in rows[rules_at + 1 :]}
    assert list(notes) == ["创新创优 [bonus]", "等次 [grade]"]
    assert notes["创新创优 [bonus]"] == "加分项 1 项,申报合计 0.335 分,计入 0.335 分"
    assert notes["等次 [grade]"] == "总分 17.22 达到“合格”档,最终等次“合格”"
    assert ws.freeze_panes == "A2"


def test_excel_unit_sheet_names_fall_back_to_ids(tmp_path: Path) -> None:
    data = output_data()
    # a name longer than 31 characters, and a name that clashes with a level sheet
    data["units"][0]["name"] = "北京市西城区人民政府" + "某" * 20 + "办公室"  # 33 characters
    data["units"][1]["name"] = "履职效率"
    path = tmp_path / "r.xlsx"
    score_output(data).to_excel(path)
    names = openpyxl.load_workbook(path).sheetnames
    assert names == ["排名", "履职效率", "服务效果", "规则", "b", "a"]
    assert all(len(n) <= 31 for n in names)


def test_excel_xicheng(xicheng: govperf.Scheme, tmp_path: Path) -> None:
    path = tmp_path / "西城.xlsx"
    govperf.score(xicheng, xicheng_data()).to_excel(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        *("排名", "履职效率", "行政效能", "服务效果", "规则"),
        *("单位a", "单位b", "单位c", "单位d"),
    ]
    ranking = _table(wb["排名"])
    assert [r[:3] + r[4:5] for r in ranking[1:]] == [
        (1, "a", "单位a", 102.53),
        (2, "b", "单位b", 92.65),
        (2, "c", "单位c", 92.65),
        (4, "d", "单位d", 85.9),
    ]
    level = _table(wb["服务效果"])
    assert level[0][2:5] == ("服务效果", "服务中央", "服务中央在京单位与驻京部队工作效果")
    assert level[1][2:4] == (30, 5)
    # both surveys: (8 × 1 + 2 × 0.6) / 10 = 0.92 → 9.2; 服务效果 5 + 5 + 9.2 + 9.2 = 28.4
    assert level[2][2] == 28.4


def test_excel_without_openpyxl(
    output_results: govperf.Results, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=r"pip install govperf\[excel\]"):
        output_results.to_excel(tmp_path / "r.xlsx")
    assert not (tmp_path / "r.xlsx").exists()


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    _soffice() is None,
    reason="LibreOffice (soffice) is not installed; Debian: apt-get install libreoffice-calc-nogui",
)
def test_excel_opens_in_libreoffice(output_results: govperf.Results, tmp_path: Path) -> None:
    soffice = _soffice()
    assert soffice is not None
    src = tmp_path / "r.xlsx"
    output_results.to_excel(src)
    profile = (tmp_path / "lo-profile").as_uri()
    env = {**os.environ, "HOME": str(tmp_path)}
    for target in ("pdf", "csv:Text - txt - csv (StarCalc):44,34,76,1"):
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(tmp_path),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env=env,
        )
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    # the CSV is the first sheet (排名), as LibreOffice reads it; 76 = UTF-8
    with open(tmp_path / "r.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["名次", "单位", "单位名称"]
    assert rows[1][:6] == ["1", "b", "区乙委", "局", "18.11", "18.11"]

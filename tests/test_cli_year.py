"""The annual-evaluation subcommands on the bundled sample year (examples/xicheng_2013).

Figures checked here are properties of the sample that the generator builds on purpose:
u03 claims 3 + 2.5 + 1 = 6.5 bonus points (capped at 5), u13 is vetoed (award
eligibility lost, score kept), and u07/u08 have identical data (a tie).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from govperf import cli
from samples import SMALL_SCHEME

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xicheng_2013"

pytestmark = pytest.mark.skipif(not SAMPLE.is_dir(), reason="needs the repository's examples/")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_score_table_ranks_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "score", "xicheng_2013", str(SAMPLE))
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "名次", "单位", "单位名称", "总分", "基础分", "加分", "扣分", "等次", "评先评优资格",
    ]  # fmt: skip
    assert len(lines) == 1 + 40
    rows = {line.split()[1]: line.split() for line in lines[1:]}
    assert rows["u03"][5] == "5.00"  # 6.5 claimed, cumulative cap 5
    assert rows["u07"][0] == rows["u08"][0]  # identical data share a rank
    assert rows["u07"][3] == rows["u08"][3]
    assert rows["u13"][-1] == "否(一票否决)"


def test_score_table_aligns_chinese_names(capsys: pytest.CaptureFixture[str]) -> None:
    from govperf.output._text import display_width

    _, out, _ = run(capsys, "score", "xicheng_2013", str(SAMPLE))
    lines = out.splitlines()
    # the total column ends at the same display column on every line
    ends = set()
    for line in lines[1:]:
        total = line.split()[3]
        ends.add(display_width(line[: line.index(total) + len(total)]))
    assert len(ends) == 1


def test_score_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "score", "xicheng_2013", str(SAMPLE), "--format", "json")
    assert status == 0
    rows = json.loads(out)
    assert len(rows) == 40
    keys = {"unit", "name", "total", "base", "bonus", "deductions", "rank", "grade"}
    keys |= {"award_eligible", "vetoes", "points"}
    assert set(rows[0]) == keys
    by_unit = {r["unit"]: r for r in rows}
    assert by_unit["u03"]["bonus"] == 5.0
    assert by_unit["u13"]["award_eligible"] is False
    assert by_unit["u13"]["vetoes"]  # the trigger is listed
    assert by_unit["u07"]["rank"] == by_unit["u08"]["rank"]
    assert len(by_unit["u01"]["points"]) == 3 + 9 + 16


def test_score_xlsx_needs_an_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "score", "xicheng_2013", str(SAMPLE), "--format", "xlsx")
    assert (status, out) == (1, "")
    assert err == "govperf: 错误:--format xlsx 须写入文件:请加 -o 文件名.xlsx\n"
    status, _, err = run(
        capsys, "score", "xicheng_2013", str(SAMPLE), "--format", "xlsx", "--lang", "en"
    )
    assert err == "govperf: error: --format xlsx needs an output file: add -o NAME.xlsx\n"
    target = tmp_path / "r.xlsx"
    status, _out, _ = run(
        capsys, "score", "xicheng_2013", str(SAMPLE), "--format", "xlsx", "-o", str(target)
    )
    assert status == 0
    assert target.stat().st_size > 0
    csv_path = tmp_path / "r.csv"
    status, _, _ = run(
        capsys, "score", "xicheng_2013", str(SAMPLE), "--format", "csv", "-o", str(csv_path)
    )
    assert status == 0
    assert "区文旅融合局" in csv_path.read_text(encoding="utf-8-sig")


def test_score_output_suffix_chooses_the_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without --format, -o x.xlsx writes a workbook, x.csv the wide table, x.json JSON."""
    target = tmp_path / "r.xlsx"
    status, out, _ = run(capsys, "score", "xicheng_2013", str(SAMPLE), "-o", str(target))
    assert status == 0
    assert out.strip() == f"已写入 {target}"
    assert target.read_bytes()[:2] == b"PK"  # a zip archive, not the text table
    csv_path = tmp_path / "r.CSV"
    status, _, _ = run(capsys, "score", "xicheng_2013", str(SAMPLE), "-o", str(csv_path))
    assert status == 0
    assert csv_path.read_text(encoding="utf-8-sig").count("\n") == 1 + 40
    json_path = tmp_path / "r.json"
    status, _, _ = run(capsys, "score", "xicheng_2013", str(SAMPLE), "-o", str(json_path))
    assert status == 0
    assert len(json.loads(json_path.read_text(encoding="utf-8"))) == 40
    txt = tmp_path / "r.txt"
    status, _, _ = run(capsys, "score", "xicheng_2013", str(SAMPLE), "-o", str(txt))
    assert status == 0
    assert txt.read_text(encoding="utf-8").split()[0] == "名次"


def test_explain_a_unit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "70")  # explain wraps to the terminal's width
    status, out, _ = run(capsys, "explain", "xicheng_2013", str(SAMPLE), "u13")
    assert status == 0
    assert out.startswith(
        "区养老服务局(u13)得分说明\n"
        "总分 82.21 = 基础分 82.21 + 加分 0 − 扣分 0。\n"
        "排名第 17 名,未评定等次,不具备评先评优资格。\n"
    )
    assert out.endswith(
        "- 行政问责 [accountability_veto]:一票否决(安全生产责任事故):不列入年度\n"
        "  评先评优范围,得分不变\n"
    )
    status, out, _ = run(capsys, "explain", "xicheng_2013", str(SAMPLE), "u13", "--lang", "en")
    assert out.startswith("Score of 区养老服务局 (u13)\nTotal 82.21 = base 82.21 + bonus 0")
    status, out, _ = run(capsys, "explain", "xicheng_2013", str(SAMPLE), "u03", "--json")
    trail = json.loads(out)
    assert trail["result"]["bonus"] == 5.0
    assert [r["id"] for r in trail["rules"]] == ["innovation_bonus"]


def test_explain_unknown_unit(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "explain", "xicheng_2013", str(SAMPLE), "u99")
    assert status == 1
    assert err == f"govperf: 错误:{SAMPLE} 中没有单位 u99;是否要找:u39、u29、u19?\n"
    status, _, err = run(capsys, "explain", "xicheng_2013", str(SAMPLE), "u99", "--lang", "en")
    assert err == f"govperf: error: no unit u99 in {SAMPLE}; did you mean u39, u29, u19?\n"


def test_explain_a_unit_by_its_name(capsys: pytest.CaptureFixture[str]) -> None:
    by_id = run(capsys, "explain", "xicheng_2013", str(SAMPLE), "u03")
    assert run(capsys, "explain", "xicheng_2013", str(SAMPLE), "区文旅融合局") == by_id
    assert by_id[0] == 0


def test_check_complete_sample(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "check", "xicheng_2013", str(SAMPLE))
    assert (status, out) == (0, f"{SAMPLE}:数据齐全,所有数值都在范围内,可以评分\n")
    status, out, _ = run(capsys, "check", "xicheng_2013", str(SAMPLE), "--lang", "en")
    assert (status, out) == (0, f"{SAMPLE}: complete, every value in range; ready to score\n")


def test_check_groups_missing_data_by_assessor(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "year"
    shutil.copytree(SAMPLE, data)
    (data / "区信访办.csv").unlink()  # one assessor has not submitted
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    status, out, err = run(capsys, "check", "xicheng_2013", str(data))
    assert (status, err) == (1, "")  # the report goes to stdout
    assert out == (
        "缺少数据:共 40 个(单位,二级指标)项,按考评主体列出\n  区信访办\n"
        "    信访办理 [petitions]:40 个单位:u01–u40\n"
    )
    status, out, _ = run(capsys, "check", "xicheng_2013", str(data), "--lang", "en")
    assert out == (
        "missing data: 40 (unit, sub-indicator) pairs, by assessor\n"
        "  District petitions office\n"
        "    Handling of petitions [petitions]: 40 unit(s): u01–u40\n"
    )
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before  # inputs untouched
    # scoring refuses the same data unless a policy is chosen explicitly, and says how
    status, _, err = run(capsys, "score", "xicheng_2013", str(data), "--lang", "en")
    assert status == 1
    assert "no data for unit u01" in err
    assert err.splitlines()[-1] == (
        f"hint: govperf check xicheng_2013 {data} lists the missing data by assessor; to "
        "score anyway, add --missing zero (0 points) or --missing redistribute (the points "
        "shared within the parent)"
    )
    _, _, err = run(capsys, "score", "xicheng_2013", str(data))
    assert err.splitlines()[-1] == (
        f"提示:govperf check xicheng_2013 {data} 按考评主体列出缺少的数据;确需评分时,"
        "加 --missing zero(计 0 分)或 --missing redistribute(在上级指标内重新分配分值)"
    )
    status, _out, _ = run(capsys, "score", "xicheng_2013", str(data), "--missing", "zero")
    assert status == 0


def test_check_groups_template_rows_left_empty_by_assessor(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # rows not submitted (code "missing", at the template row, no path) were listed one
    # by one as "other problems", not in the by-assessor view an office chases with
    scheme_file = tmp_path / "small.yaml"
    scheme_file.write_text(
        SMALL_SCHEME.replace(
            "{id: tasks, name: 重点任务, points: 4, evaluator: {kind: direct}}",
            "{id: tasks, name: 重点任务, points: 4, evaluator: {kind: direct}, "
            "assessors: [{name: 区监察局}]}",
        ),
        encoding="utf-8",
    )
    year = tmp_path / "year"
    year.mkdir()
    (year / "units.csv").write_text("unit,name\na,甲\nb,乙\n", encoding="utf-8")
    (year / "v.csv").write_text("unit,sub_indicator,value\na,tasks,4\nb,tasks,\n", encoding="utf-8")
    (year / "s.csv").write_text(
        "unit,sub_indicator,category,count\na,survey,satisfied,8\nb,survey,fair,4\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "check", str(scheme_file), str(year))
    assert status == 1
    assert out.splitlines() == [  # the file and row of the empty template row are kept
        "缺少数据:共 1 个(单位,二级指标)项,按考评主体列出",
        "  区监察局",
        "    重点任务 [tasks]:1 个单位:b (乙);模板行为空:v.csv:3",
    ]
    status, out, _ = run(capsys, "check", str(scheme_file), str(year), "--lang", "en")
    assert out.splitlines() == [
        "missing data: 1 (unit, sub-indicator) pairs, by assessor",
        "  区监察局",
        "    重点任务 [tasks]: 1 unit(s): b (乙); template rows left empty: v.csv:3",
    ]


def test_template_writes_files_for_every_assessor(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_dir = tmp_path / "blank"
    status, _out, _ = run(
        capsys,
        "template",
        "xicheng_2013",
        "-o",
        str(out_dir),
        "--units",
        str(SAMPLE / "units.csv"),
    )
    assert status == 0
    names = {p.name for p in out_dir.iterdir()}
    assert "units.csv" in names
    assert any(n.startswith("区信访办") for n in names)
    # a second run refuses to overwrite
    status, _, err = run(capsys, "template", "xicheng_2013", "-o", str(out_dir))
    assert status == 1
    assert err.startswith(f"govperf: 错误:{out_dir / 'units.csv'} 等 ")
    assert err.endswith(" 个文件已存在;如需替换,请加 --force\n")
    # the advice names the flag, not the Python argument a command-line user cannot pass
    assert "如需替换,请加 --force" in err
    assert "overwrite=True" not in err


def test_report_writes_html(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_dir = tmp_path / "reports"
    status, _out, _ = run(
        capsys, "report", "xicheng_2013", str(SAMPLE), "-o", str(out_dir), "--no-plots"
    )
    assert status == 0
    files = {p.name for p in out_dir.iterdir()}
    assert "index.html" in files
    assert len([f for f in files if f.endswith(".html")]) >= 40 + 1


GROUPED = """\
schema_version: 1
id: grouped_cli
title: 分类考核示例
total_points: 10
groups:
  - {id: bureau, name: 委办局, name_en: bureaus}
  - {id: street, name: 街道}
scoring: {within_groups: true}
tiers: [{name: 考核板块}, {name: 考核项目}]
nodes:
  - id: work
    name: 重点工作
    points: 10
    children:
      - {id: tasks, name: 年度重点任务, points: 10, evaluator: {kind: direct}}
"""


def test_score_table_names_the_group_of_each_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Ranked within groups, each group has its rank 1: the table says whose rank it is."""
    (tmp_path / "s.yaml").write_text(GROUPED, encoding="utf-8")
    year = tmp_path / "year"
    year.mkdir()
    (year / "units.csv").write_text(
        "unit,name,group\nb1,甲局,bureau\nb2,乙委,bureau\ns1,甲街道,street\ns2,乙街道,street\n",
        encoding="utf-8",
    )
    (year / "r.csv").write_text(
        "unit,sub_indicator,value\nb1,tasks,8\nb2,tasks,9\ns1,tasks,7\ns2,tasks,6\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "score", str(tmp_path / "s.yaml"), str(year))
    assert status == 0
    rows = [line.split() for line in out.splitlines()]
    assert rows[0][:5] == ["名次", "单位", "单位名称", "分组", "总分"]
    # b2 9 and s1 7 lead their groups; b1 8 and s2 6 are second
    got = sorted((r[1], r[0], r[3], r[4]) for r in rows[1:])
    assert got == [
        ("b1", "2", "委办局", "8.00"),
        ("b2", "1", "委办局", "9.00"),
        ("s1", "1", "街道", "7.00"),
        ("s2", "2", "街道", "6.00"),
    ]
    _, out, _ = run(capsys, "score", str(tmp_path / "s.yaml"), str(year), "--lang", "en")
    lines = out.splitlines()
    assert lines[0].split()[3] == "group"
    assert {line.split()[3] for line in lines[1:]} == {"bureaus", "街道"}  # name_en, else name

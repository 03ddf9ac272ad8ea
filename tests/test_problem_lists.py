"""Problem lists: capped when printed, complete as data (``--format json``), one shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govperf
from govperf import cli
from govperf.exceptions import DataError, Problem, problems_to_dict


def _many(tmp_path: Path, n: int = 150) -> Path:
    """A units table whose ``n`` names each contain a zero-width space: n problems."""
    (tmp_path / "units.csv").write_text(
        "unit,name\n" + "".join(f"u{i:03},x\u200b\n" for i in range(n)), encoding="utf-8"
    )
    return tmp_path


def test_a_problem_as_data() -> None:
    problem = Problem(
        message="bad",
        file="v.csv",
        line=3,
        path=("records", 0, "value"),
        code="not-a-number",
        unit="a",
        node="d1",
    )
    assert problem.to_dict() == {
        "file": "v.csv",
        "line": 3,
        "column": None,
        "path": ["records", 0, "value"],
        "where": "records[0].value",
        "code": "not-a-number",
        "message": "bad",
        "row": None,
        "unit": "a",
        "node": "d1",
        "rule": None,
        "text": "v.csv:3: records[0].value: bad",
    }
    doc = problems_to_dict([Problem(message="b", file="z"), problem])
    assert doc["count"] == 2
    assert [p["file"] for p in doc["problems"]] == ["v.csv", "z"]  # sorted by file and line
    assert json.loads(json.dumps(doc)) == doc


def test_the_cap_in_both_languages() -> None:
    error = DataError([Problem(message=f"p{i}", file="f", line=i + 1) for i in range(5)], "f")
    assert error.render(limit=2).splitlines() == ["f 中有 5 个问题", "f:1: p0", "f:2: p1",
                                                   "……以及另外 3 个问题"]  # fmt: skip
    assert error.render(limit=2, lang="en").splitlines()[::3] == ["5 problems in f", "… and 3 more"]
    assert error.render(limit=5) == error.render()  # nothing left to count
    assert len(error.render().splitlines()) == 6


def test_score_errors_as_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from samples import YEARS

    folder = _many(tmp_path)
    assert cli.main(["score", str(YEARS / "demo.yaml"), str(folder), "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    doc = json.loads(out)
    assert doc["count"] == 150 == len(doc["problems"])  # the full list, not the first 100
    first = doc["problems"][0]
    assert (first["file"], first["line"], first["code"], first["where"]) == (
        "units.csv",
        2,
        "identifier",
        "name",
    )
    assert first["text"] == (
        "units.csv:2: name: 单位名称不符合规则:contains the invisible character U+200B "
        "(zero width space)"
    )


def test_score_errors_as_text_are_capped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from samples import YEARS

    folder = _many(tmp_path)
    assert cli.main(["score", str(YEARS / "demo.yaml"), str(folder), "--lang", "en"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 102
    assert lines[-1] == "… and 50 more"


def test_validate_as_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from samples import YEARS

    text = (YEARS / "demo.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("points: 2", "points: 两分", 1), encoding="utf-8")
    args = ["validate", str(YEARS / "demo.yaml"), str(bad), "--format", "json"]
    assert cli.main(args) == 1
    out, err = capsys.readouterr()
    assert err == ""
    doc = json.loads(out)
    assert doc["count"] >= 1
    assert {p["file"] for p in doc["problems"]} == {str(bad)}
    located = [p for p in doc["problems"] if p["line"] == 18]
    assert located[0]["where"] == "levels[0].indicators[0].sub_indicators[0].points"
    assert cli.main(["validate", str(YEARS / "demo.yaml"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"count": 0, "problems": []}


def test_check_prints_at_most_100_other_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from samples import YEARS

    (tmp_path / "units.csv").write_text("unit,name\na,甲局\n", encoding="utf-8")
    rows = "".join(f"a,d1,x{i}\n" for i in range(130))  # 130 cells that are not numbers
    (tmp_path / "v.csv").write_text("unit,sub_indicator,value\n" + rows, encoding="utf-8")
    assert cli.main(["check", str(YEARS / "demo.yaml"), str(tmp_path)]) == 1
    err = capsys.readouterr().out  # check prints its report to stdout
    assert "  ……以及另外 30 个问题" in err.splitlines()
    problems = govperf.check_data(govperf.load_scheme(YEARS / "demo.yaml"), tmp_path)
    assert len([p for p in problems if p.code == "not-a-number"]) == 130

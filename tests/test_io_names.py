"""Chinese names next to ids in data files: categories, directions, rules, veto triggers.

A name is resolved to its id once, when the files are read (CSV fast path, CSV row by
row, workbooks and JSON alike); an unknown word gets the nearest words as "did you
mean", and a name that two ids share is refused.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import govperf
from samples import YEARS

SCHEME = """\
schema_version: 1
id: names_demo
title: 名称测试
total_points: 10
levels:
  - id: work
    name: 履职
    points: 10
    indicators:
      - id: main
        name: 主要
        points: 10
        sub_indicators:
          - id: s1
            name: 满意度
            points: 4
            evaluator:
              kind: survey
              params:
                categories:
                  - {id: satisfied, name: 满意, weight: 1}
                  - {id: fair, name: 基本满意, weight: 0.5}
          - id: t1
            name: 重点任务
            points: 6
            evaluator: {kind: target_challenge}
rules:
  - id: bonus
    kind: bonus
    name: 创新创优
    params: {cap: 1}
  - id: veto
    kind: veto
    name: 一票否决
    params:
      effect: exclude_from_awards
      triggers:
        - {id: safety, name: 安全生产事故}
        - {id: petition, name: 群体性事件}
"""

UNITS = "unit,name\na,甲局\nb,乙委\n"
SURVEY_IDS = "unit,sub_indicator,category,count\na,s1,satisfied,8\na,s1,fair,2\nb,s1,satisfied,5\n"
SURVEY_NAMES = "unit,sub_indicator,category,count\na,s1,满意,8\na,s1,基本满意,2\nb,s1,满意,5\n"
TASKS_IDS = (
    "unit,sub_indicator,task,weight,direction,target,challenge,actual\n"
    "a,t1,x,1,higher,100,120,110\nb,t1,y,1,lower,10,8,12\n"
)
TASKS_NAMES = TASKS_IDS.replace("higher", "正向").replace("lower", "负向")
EVENTS_IDS = "unit,rule,item,points,trigger\na,bonus,x,0.5,\nb,veto,,,safety\n"
EVENTS_NAMES = "unit,rule,item,points,trigger\na,创新创优,x,0.5,\nb,一票否决,,,安全生产事故\n"


@pytest.fixture(scope="module")
def scheme() -> govperf.Scheme:
    return govperf.loads_scheme(SCHEME, "names.yaml")


def _folder(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file, text in {"units.csv": UNITS, **files}.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def _summary(results: govperf.Results) -> list[tuple[str, float, float, bool]]:
    return [(r.unit, r.total, r.bonus, r.award_eligible) for r in results.ranking()]


def test_names_read_as_ids(scheme: govperf.Scheme, tmp_path: Path) -> None:
    by_id = _folder(tmp_path, "ids", {"s.csv": SURVEY_IDS, "t.csv": TASKS_IDS, "e.csv": EVENTS_IDS})
    by_name = _folder(
        tmp_path, "names", {"s.csv": SURVEY_NAMES, "t.csv": TASKS_NAMES, "e.csv": EVENTS_NAMES}
    )
    expected = govperf.score(scheme, govperf.read_data(scheme, by_id))
    results = govperf.score(scheme, govperf.read_data(scheme, by_name))
    # a: survey (8 + 0.5 × 2) / 10 = 0.9 of 4 = 3.6; task halfway from target to
    # challenge 0.9 of 6 = 5.4; bonus 0.5 -> 9.5.  b: survey 4; lower task missed: 0;
    # vetoed by its trigger (no award)
    assert (
        _summary(results)
        == _summary(expected)
        == [
            ("a", 9.5, 0.5, True),
            ("b", 4.0, 0.0, False),
        ]
    )
    data = govperf.read_data(scheme, by_name)
    assert list(data.records["s1"].columns["category"]) == ["satisfied", "fair", "satisfied"]
    assert list(data.records["t1"].columns["direction"]) == ["higher", "lower"]
    assert set(data.events) == {"bonus", "veto"}
    assert list(data.events["veto"].columns["trigger"]) == ["safety"]


def test_names_in_a_workbook_and_in_json(scheme: govperf.Scheme, tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "units"
    for row in UNITS.splitlines():
        sheet.append(row.split(","))
    for title, text in (("s", SURVEY_NAMES), ("t", TASKS_NAMES)):
        ws = book.create_sheet(title)
        for line in text.splitlines():
            ws.append([float(c) if c.isdigit() else c for c in line.split(",")])
    path = tmp_path / "year.xlsx"
    book.save(path)
    data = govperf.read_data(scheme, path)
    assert list(data.records["s1"].columns["category"]) == ["satisfied", "fair", "satisfied"]
    doc = {
        "units": [{"id": "a", "name": "甲局"}, {"id": "b", "name": "乙委"}],
        "records": {"s1": [{"unit": "a", "category": "基本满意", "count": 3}]},
        "events": {"创新创优": [{"unit": "a", "item": "x", "points": 1}]},
    }
    (tmp_path / "year.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    data = govperf.read_data(scheme, tmp_path / "year.json")
    assert list(data.records["s1"].columns["category"]) == ["fair"]


def _problems(scheme: govperf.Scheme, folder: Path) -> govperf.DataError:
    with pytest.raises(govperf.DataError) as info:
        govperf.read_data(scheme, folder)
    return info.value


def test_a_near_miss_gets_did_you_mean(scheme: govperf.Scheme, tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        "typo",
        {
            "s.csv": SURVEY_NAMES.replace("a,s1,满意,8", "a,s1,很满意,8"),
            "t.csv": TASKS_NAMES.replace("负向", "反向"),
            "e.csv": EVENTS_NAMES.replace("创新创优", "创新创忧"),
        },
    )
    error = _problems(scheme, folder)
    assert [(p.file, p.line, p.code) for p in error.problems] == [
        ("e.csv", 2, "unknown-rule"),
        ("s.csv", 2, "unknown-value"),
        ("t.csv", 3, "unknown-value"),
    ]
    assert [p.render() for p in error.problems] == [
        "e.csv:2: rule: 无法识别的规则 '创新创忧';是否要找:创新创优?(可用:bonus、veto)",
        "s.csv:2: category: 满意度 [s1]:无法识别的类别 '很满意';是否要找:满意、基本满意?"
        "(可用:satisfied、fair)",
        "t.csv:3: direction: 重点任务 [t1]:无法识别的方向 '反向';是否要找:逆向、负向、正向?"
        "(可用:higher、lower)",
    ]
    assert [p.render("en") for p in error.problems] == [
        "e.csv:2: rule: unknown rule '创新创忧'; did you mean 创新创优? (known: bonus, veto)",
        "s.csv:2: category: 满意度 [s1]: unknown category '很满意'; did you mean 满意, 基本满意? "
        "(known: satisfied, fair)",
        "t.csv:3: direction: 重点任务 [t1]: unknown direction '反向'; "
        "did you mean 逆向, 负向, 正向? (known: higher, lower)",
    ]


def test_a_name_two_ids_share_is_refused(tmp_path: Path) -> None:
    shared = govperf.loads_scheme(
        SCHEME.replace("{id: fair, name: 基本满意", "{id: fair, name: 满意"), "shared.yaml"
    )
    folder = _folder(tmp_path, "shared", {"s.csv": SURVEY_NAMES.replace("基本满意", "fair")})
    error = _problems(shared, folder)
    assert {p.code for p in error.problems} == {"ambiguous-name"}
    assert error.problems[0].render() == (
        "s.csv:2: category: 满意度 [s1]:类别 '满意' 是多个编号共用的名称(satisfied、fair);"
        "请改填编号"
    )
    assert error.problems[0].render("en") == (
        "s.csv:2: category: 满意度 [s1]: category '满意' names several ids "
        "(satisfied, fair); give the id"
    )


def test_an_id_wins_over_a_name_equal_to_it(tmp_path: Path) -> None:
    odd = govperf.loads_scheme(
        SCHEME.replace("{id: fair, name: 基本满意", "{id: fair, name: satisfied"), "odd.yaml"
    )
    folder = _folder(tmp_path, "odd", {"s.csv": SURVEY_IDS})
    data = govperf.read_data(odd, folder)
    assert list(data.records["s1"].columns["category"]) == ["satisfied", "fair", "satisfied"]


def test_the_sample_survey_by_names(demo: govperf.Scheme, tmp_path: Path) -> None:
    folder = tmp_path / "year"
    shutil.copytree(YEARS / "demo_ok", folder)
    for path in folder.glob("*-survey.csv"):
        text = path.read_text(encoding="gb18030")
        text = text.replace(",satisfied,", ",满意,").replace(",fair,", ",基本满意,")
        path.write_text(text, encoding="gb18030")
    by_name = govperf.score(demo, govperf.read_data(demo, folder))
    by_id = govperf.score(demo, govperf.read_data(demo, YEARS / "demo_ok"))
    assert by_name.total.tolist() == by_id.total.tolist()

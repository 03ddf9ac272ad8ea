"""Appeals and re-review: amendments, re-scoring, the diff and the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from pathlib import Path

import pytest

import govperf
from govperf.appeals import (
    INDIRECT,
    AppealSet,
    appeals_from_dict,
    audit_steps,
    read_appeals,
    rescore,
)
from govperf.audit import AuditError, append, read_log, verify
from govperf.cli import main

SCHEME = """\
schema_version: 1
id: t
title: 测试
total_points: 100
scoring:
  precision: 2
tiers: [{name: 指标}]
nodes:
  - {id: s1, name: 甲, points: 60, evaluator: {kind: direct}}
  - {id: s2, name: 乙, points: 40, evaluator: {kind: direct}}
rules:
  - id: v
    kind: veto
    name: 一票否决
    params:
      effects: [exclude_from_awards]
      triggers: [{id: acc, name: 安全生产责任事故}]
  - id: g
    kind: grade
    name: 等次
    params:
      bands: [{grade: 优秀, min: 90}, {grade: 合格, min: 60}, {grade: 不合格}]
"""

POINTS = {"a": (55.0, 30.0), "b": (50.0, 38.0), "c": (40.0, 20.0), "d": (30.0, 25.0)}
"""Totals a 85, b 88, c 60, d 55: ranks b 1, a 2, c 3, d 4; c vetoed."""

APPEALS = """\
appeals:
  - id: A1
    unit: a
    node: s1
    reason: 甲项漏计一项完成任务
    filed_by: 甲局
    filed: 2014-01-20
    review:
      reviewer: 区政府绩效办
      decided: 2014-02-10
      decision: 支持
      amendments:
        - {action: set, table: s1, column: value, value: 60}
  - id: A2
    unit: c
    node: v
    reason: 事故责任不在本单位
    review:
      reviewer: 领导小组
      decision: upheld
      amendments:
        - {action: remove, table: v}
  - id: A3
    unit: d
    node: s2
    reason: 乙项评分偏低
    review: {reviewer: 区政府绩效办, decision: 驳回, note: 评分有据}
  - id: A4
    unit: b
    node: s2
    reason: 待复核
"""


def data() -> govperf.EvaluationData:
    return govperf.EvaluationData.from_dict(
        {
            "units": list(POINTS),
            "records": {
                "s1": [{"unit": u, "value": p[0]} for u, p in POINTS.items()],
                "s2": [{"unit": u, "value": p[1]} for u, p in POINTS.items()],
            },
            "events": {"v": [{"unit": "c", "trigger": "acc"}]},
        }
    )


def appeals(text: str = APPEALS, tmp: Path | None = None) -> AppealSet:
    import yaml

    if tmp is None:
        return appeals_from_dict(yaml.safe_load(text), "appeals.yaml")
    path = tmp / "appeals.yaml"
    path.write_text(text, encoding="utf-8")
    return read_appeals(path)


def test_the_diff_names_what_changed_and_why(tmp_path: Path) -> None:
    scheme = govperf.loads_scheme(SCHEME)
    done = rescore(scheme, data(), appeals(tmp=tmp_path))
    diff = done.diff
    assert [c.unit for c in diff.changes] == ["a", "b", "c"]  # d's appeal was rejected
    a = diff.unit("a")
    # a: s1 55 -> 60, total 85 -> 90, first place and 优秀
    assert a.total == (85.0, 90.0)
    assert a.rank == (2, 1)
    assert a.grade == ("合格", "优秀")
    assert [(n.node, n.before, n.after) for n in a.nodes] == [("s1", 55.0, 60.0)]
    assert a.causes == ("A1#1",)
    assert a.fields == ("total", "rank", "grade")
    b = diff.unit("b")  # overtaken: its own figures did not change
    assert (b.total, b.rank, b.nodes, b.causes) == ((88.0, 88.0), (1, 2), (), (INDIRECT,))
    c = diff.unit("c")  # the veto removed: c may be commended again
    assert c.award_eligible == (False, True)
    assert c.vetoes == (("acc",), ())
    assert c.causes == ("A2#1",)
    assert c.fields == ("award_eligible", "vetoes")
    with pytest.raises(KeyError):
        diff.unit("d")
    assert done.pending == ("A4",)
    applied = {x.ref: x for x in done.applied}
    assert applied["A1#1"].before == ({"unit": "a", "value": 55.0},)
    assert applied["A1#1"].after == ({"unit": "a", "value": 60},)
    assert applied["A2#1"].before == ({"unit": "c", "trigger": "acc"},)
    assert applied["A2#1"].after == ()


def test_nothing_given_is_changed() -> None:
    scheme = govperf.loads_scheme(SCHEME)
    given = data()
    before = json.dumps(given.to_dict(), sort_keys=True)
    original = govperf.score(scheme, given)
    done = rescore(scheme, given, appeals(), original=original)
    assert done.original is original
    assert original.unit("a").total == 85.0
    assert original.unit("c").award_eligible is False
    assert json.dumps(given.to_dict(), sort_keys=True) == before
    assert done.results.unit("a").total == 90.0


def test_an_added_event_row() -> None:
    text = """\
appeals:
  - id: B1
    unit: b
    node: v
    reason: 复核发现乙委应一票否决
    review:
      reviewer: 领导小组
      decision: upheld
      amendments:
        - {action: add, table: v, row: {trigger: acc}}
"""
    done = rescore(govperf.loads_scheme(SCHEME), data(), appeals(text))
    assert [c.unit for c in done.diff.changes] == ["b"]
    assert done.diff.unit("b").award_eligible == (True, False)
    assert done.applied[0].after == ({"unit": "b", "trigger": "acc"},)


def test_no_decided_appeal_no_change_on_the_sample_year() -> None:
    scheme = govperf.load_scheme("xicheng_2013")
    year = govperf.read_data(scheme, Path(__file__).parent.parent / "examples" / "xicheng_2013")
    pending = appeals_from_dict(
        {"appeals": [{"id": "P", "unit": "u03", "node": "x", "reason": "r"}]}
    )
    with pytest.raises(govperf.DataError, match="'x' 不是方案 'xicheng_2013' 的指标或规则"):
        rescore(scheme, year, pending)
    pending = appeals_from_dict(
        {"appeals": [{"id": "P", "unit": "u03", "node": "petitions", "reason": "r"}]}
    )
    done = rescore(scheme, year, pending)
    assert len(done.diff) == 0
    assert done.diff.to_text("en") == "No unit's result changed."


def test_file_problems_are_located(tmp_path: Path) -> None:
    text = """\
appeals:
  - id: A1
    unit: a
    node: s1
    reasn: 拼错
    review:
      reviewer: 绩效办
      decision: maybe
      amendments:
        - {action: set, table: s1, value: 1}
        - {action: drop, table: s1}
  - id: A1
    unit: b
    node: s1
    reason: 重号
"""
    with pytest.raises(govperf.DataError) as info:
        appeals(text, tmp_path)
    lines = info.value.render(lang="en").splitlines()
    file = tmp_path / "appeals.yaml"
    assert lines == [
        f"6 problems in {file}",
        f"{file}:2:5: appeals[0]: an appeal needs 'reason'",
        f"{file}:5:5: appeals[0].reasn: unknown key 'reasn' (known: filed, filed_by, id, "
        "node, reason, review, unit)",
        f"{file}:8:17: appeals[0].review.decision: unknown decision 'maybe' (upheld 支持, "
        "partly_upheld 部分支持, rejected 驳回)",
        f"{file}:10:11: appeals[0].review.amendments[0]: a 'set' amendment needs 'column' "
        "(the column to change)",
        f"{file}:11:20: appeals[0].review.amendments[1].action: unknown action 'drop' (set, "
        "remove or add)",
        f"{file}:12:9: appeals[1].id: appeal 'A1' is also appeals[0]",
    ]
    assert info.value.render().splitlines()[:2] == [  # Chinese first
        f"{file} 中有 6 个问题",
        f"{file}:2:5: appeals[0]: 申诉缺少 'reason'",
    ]


def test_problems_against_the_data_are_located(tmp_path: Path) -> None:
    text = """\
appeals:
  - id: A1
    unit: zz
    node: s1
    reason: 无此单位
  - id: A2
    unit: a
    node: s1
    reason: 多处问题
    review:
      reviewer: 绩效办
      decision: upheld
      amendments:
        - {action: set, table: s9, column: value, value: 1}
        - {action: set, table: s1, column: valu, value: 1}
        - {action: remove, table: v}
        - {action: set, table: s1, unit: yy, column: value, value: 1}
"""
    with pytest.raises(govperf.DataError) as info:
        rescore(govperf.loads_scheme(SCHEME), data(), appeals(text, tmp_path))
    file = tmp_path / "appeals.yaml"
    assert info.value.render(lang="en").splitlines() == [
        f"5 problems in {file}",
        f"{file}:3:11: appeals[0].unit: 'zz' is not a unit of the data",
        f"{file}:14:32: appeals[1].review.amendments[0].table: 's9' is not a sub-indicator, "
        "a rule or 'splits' of scheme 't'",
        f"{file}:15:44: appeals[1].review.amendments[1].column: s1 has no column 'valu' "
        "(columns: value)",
        f"{file}:16:11: appeals[1].review.amendments[2]: no row of v / a in the data",
        f"{file}:17:42: appeals[1].review.amendments[3].unit: 'yy' is not a unit of the data",
    ]


def test_the_csv_form_reads_as_the_yaml_form(tmp_path: Path) -> None:
    csv_text = (
        "编号,单位编号,指标,申诉理由,申诉单位,申诉日期,复核人,复核结论,复核日期,复核意见,处理,数据表,匹配,列,新值\n"
        "A1,a,s1,甲项漏计一项完成任务,甲局,2014-01-20,区政府绩效办,支持,2014-02-10,,set,s1,,value,60\n"
        "A2,c,v,事故责任不在本单位,,,领导小组,upheld,,,remove,v,trigger=acc,,\n"
        "A3,d,s2,乙项评分偏低,,,区政府绩效办,驳回,,评分有据,,,,,\n"
        "A4,b,s2,待复核,,,,,,,,,,,\n"
    )
    path = tmp_path / "appeals.csv"
    path.write_text(csv_text, encoding="utf-8")
    from_csv = read_appeals(path)
    from_yaml = appeals()
    strip = [a.to_dict() | {"review": a.review and a.review.to_dict()} for a in from_csv.appeals]
    want = [a.to_dict() | {"review": a.review and a.review.to_dict()} for a in from_yaml.appeals]
    want[1]["review"]["amendments"][0]["match"] = {"trigger": "acc"}
    assert strip == want
    bad = tmp_path / "bad.csv"
    bad.write_text("编号,单位编号,指标,申诉理由,处理\nA1,a,s1,r,erase\n", encoding="utf-8")
    with pytest.raises(govperf.DataError) as info:
        read_appeals(bad)
    assert info.value.render(lang="en").splitlines() == [
        f"4 problems in {bad}",
        f"{bad}:2:1: appeals[0].review: a review needs 'reviewer'",
        f"{bad}:2:1: appeals[0].review: a review needs 'decision'",
        f"{bad}:2:5: appeals[0].review.amendments[0]: an amendment needs 'table'",
        f"{bad}:2:5: appeals[0].review.amendments[0].action: unknown action 'erase' "
        "(set, remove or add)",
    ]


def clock() -> dt.datetime:
    return dt.datetime(2014, 2, 10, 9, 30, tzinfo=dt.timezone.utc)


def test_audit_steps_of_a_round(tmp_path: Path) -> None:
    scheme = govperf.loads_scheme(SCHEME)
    done = rescore(scheme, data(), appeals())
    steps = audit_steps(done, ())
    assert [(s.action, s.subject.get("appeal")) for s in steps] == [
        ("appeal.filed", "A1"),
        ("review.decided", "A1"),
        ("appeal.filed", "A2"),
        ("review.decided", "A2"),
        ("appeal.filed", "A3"),
        ("review.decided", "A3"),
        ("appeal.filed", "A4"),
        ("rescored", None),
    ]
    decided = steps[1]
    assert decided.subject["decision"] == "upheld"
    assert decided.before[0]["rows"] == [{"unit": "a", "value": 55.0}]
    assert decided.after == [{"ref": "A1#1", "rows": [{"unit": "a", "value": 60}]}]
    last = steps[-1]
    assert last.subject["appeals"] == ["A1", "A2", "A3"]
    assert last.subject["changed"] == ["a", "b", "c"]
    assert last.before["a"] == {"total": 85.0, "rank": 2, "grade": "合格", "award_eligible": True}
    assert last.after["a"] == {"total": 90.0, "rank": 1, "grade": "优秀", "award_eligible": True}
    log = tmp_path / "audit.jsonl"
    append(log, steps, user="区政府绩效办", clock=clock)
    # a second run records only the new re-scoring
    again = audit_steps(done, read_log(log))
    assert [s.action for s in again] == ["rescored"]
    # an appeal rewritten after it was filed is refused
    changed = appeals(APPEALS.replace("甲项漏计一项完成任务", "另一个理由"))
    with pytest.raises(AuditError, match="appeal A1 was filed in entry 1"):
        audit_steps(rescore(scheme, data(), changed), read_log(log))


def write_year(folder: Path) -> None:
    folder.mkdir()
    (folder / "units.csv").write_text("unit,name\na,甲局\nb,乙委\nc,丙局\nd,丁局\n", "utf-8")
    for k, sub in enumerate(("s1", "s2")):
        rows = "".join(f"{u},{sub},{p[k]:g}\n" for u, p in POINTS.items())
        (folder / f"{sub}.csv").write_text("unit,sub_indicator,value\n" + rows, "utf-8")
    (folder / "v.csv").write_text("unit,rule,trigger\nc,v,acc\n", "utf-8")


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_cli_apply_writes_new_results_and_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "t.yaml").write_text(SCHEME, encoding="utf-8")
    year = tmp_path / "year"
    write_year(year)
    (tmp_path / "appeals.yaml").write_text(APPEALS, encoding="utf-8")
    inputs = digest_tree(year) | {"appeals": digest_tree(tmp_path)["appeals.yaml"]}
    args = [str(tmp_path / "t.yaml"), str(year), str(tmp_path / "appeals.yaml")]
    log = tmp_path / "audit.jsonl"
    out = tmp_path / "new.json"
    monkeypatch.delenv("GOVPERF_USER", raising=False)
    assert main(["appeal", "apply", *args, "--log", str(log), "-o", str(out)]) == 1
    assert "--user" in capsys.readouterr().err
    monkeypatch.setenv("GOVPERF_USER", "区政府绩效办")
    code = main(
        [
            "appeal",
            "apply",
            *args,
            "--log",
            str(log),
            "-o",
            str(out),
            "--diff",
            str(tmp_path / "diff.csv"),
            "--lang",
            "en",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "appeals still waiting for re-review: A4" in captured.err
    assert "85.00 → 90.00" in captured.out
    entries = read_log(log)
    assert len(entries) == 8
    assert entries[0].user == "区政府绩效办"
    assert verify(log, head=entries[-1].hash) is None
    assert f"head: {entries[-1].hash}" in captured.out
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["appeals"]["head"] == entries[-1].hash
    assert doc["appeals"]["entries"] == 8
    restored = govperf.results_from_dict(doc)
    assert restored.unit("a").total == 90.0
    assert restored.unit("a").grade == "优秀"
    diff_csv = (tmp_path / "diff.csv").read_text(encoding="utf-8-sig").splitlines()
    assert diff_csv[0] == "unit,name,total,rank,grade,award_eligible,nodes changed,because of"
    assert diff_csv[1] == "a,甲局,85.00 → 90.00,2 → 1,合格 → 优秀,yes,甲 55.00 → 60.00,A1#1"
    # the results file is the one the log records; a changed figure is caught
    assert main(["audit", "verify", str(log), "--results", str(out), "--lang", "en"]) == 0
    assert f"{out}: matches entry 8 of the log" in capsys.readouterr().out
    doc["units"][0]["total"] = 99.0
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["audit", "verify", str(log), "--results", str(forged), "--lang", "en"]) == 1
    assert "figures are not those entry 8 records" in capsys.readouterr().err
    # inputs only read
    assert digest_tree(year) | {"appeals": digest_tree(tmp_path)["appeals.yaml"]} == inputs
    # an existing output is refused before anything is logged
    assert main(["appeal", "apply", *args, "--log", str(log), "-o", str(out)]) == 1
    assert len(read_log(log)) == 8
    capsys.readouterr()
    # a tampered log is refused and left alone
    lines = log.read_text(encoding="utf-8").splitlines()
    log.write_text("\n".join([lines[0], *lines[2:]]) + "\n", encoding="utf-8")
    tampered = log.read_bytes()
    code = main(["appeal", "apply", *args, "--log", str(log), "-o", str(out), "--force"])
    assert code == 1
    assert "an entry before it was deleted" in capsys.readouterr().err
    assert log.read_bytes() == tampered


def test_cli_check_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.yaml").write_text(SCHEME, encoding="utf-8")
    year = tmp_path / "year"
    write_year(year)
    (tmp_path / "appeals.yaml").write_text(APPEALS, encoding="utf-8")
    before = digest_tree(tmp_path)
    args = [str(tmp_path / "t.yaml"), str(year), str(tmp_path / "appeals.yaml")]
    assert main(["appeal", "check", *args]) == 0
    out = capsys.readouterr().out
    assert "间接(其他单位的变化)" in out
    assert digest_tree(tmp_path) == before


def test_a_pair_left_out_under_redistribute_logs_as_null() -> None:
    scheme = govperf.loads_scheme(SCHEME)
    plain = data().to_dict()
    plain["records"]["s2"] = [r for r in plain["records"]["s2"] if r["unit"] != "d"]
    year = govperf.EvaluationData.from_dict(plain)
    done = rescore(scheme, year, appeals(), missing="redistribute")
    assert math.isnan(done.results.unit("d").points["s2"])
    steps = audit_steps(done, ())  # canonical JSON refuses NaN: missing figures are null
    assert steps[-1].action == "rescored"
    json.dumps(done.diff.to_dict(), allow_nan=False)

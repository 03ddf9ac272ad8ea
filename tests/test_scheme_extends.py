"""Scheme variants: ``extends:`` a bundled scheme or a file, with override/remove/add.

Hand-computed points of the worked variant (Xicheng 2013 re-weighted): 依法行政 loses
政务公开 (2) and keeps 法治建设 2 + 信访办理 2 = 4; 高效行政 gains those 2 points as
预算执行 4 (信息化建设 2 + 政务信息采用 2 + 预算执行 4 = 8); 行政效能 stays 4 + 8 + 8 = 20
and the total 100.  信访办理's weight in 依法行政 is 2 / 4 = 50 %.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import govperf
from govperf.cli import _main as cli

VARIANT = """\
extends: xicheng_2013
id: demo_2014
title: 示例区2014年绩效管理指标体系(虚构)
remove: [disclosure]
override:
  lawful_admin: {points: 4}
  efficient_admin: {points: 8}
  budget: {points: 4}
  innovation_bonus: {params: {cap: 3}}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[govperf.Problem]:
    with pytest.raises(govperf.SchemeError) as info:
        govperf.load_scheme(path)
    return list(info.value.problems)


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


def test_variant_points_weights_and_rules(tmp_path: Path) -> None:
    scheme = govperf.load_scheme(write(tmp_path, "demo.yaml", VARIANT))
    assert scheme.id == "demo_2014"
    assert scheme.title == "示例区2014年绩效管理指标体系(虚构)"
    assert [n.id for n in scheme.node("lawful_admin").children] == ["rule_of_law", "petitions"]
    assert scheme.node("lawful_admin").points == 4
    assert scheme.node("efficient_admin").points == 8
    assert scheme.node("budget").points == 4
    assert scheme.node("effectiveness").points == 20
    assert scheme.total_points == 100
    assert scheme.weight("petitions") == pytest.approx(0.5)
    assert scheme.weight("budget") == pytest.approx(0.5)
    assert len(scheme.sub_indicators) == 15
    bonus = next(r for r in scheme.rules if r.id == "innovation_bonus")
    assert bonus.params == {"cap": 3}
    # inherited unchanged: the pool and its evaluators
    assert scheme.node("duties").pooled
    evaluator = scheme.node("key_tasks").evaluator
    assert evaluator is not None
    assert evaluator.kind == "target_challenge"


def test_error_in_the_variant_points_at_the_variant(tmp_path: Path) -> None:
    text = VARIANT.replace("budget: {points: 4}", "budget: {points: 四分}")
    path = write(tmp_path, "demo.yaml", text)
    found = [p for p in problems_of(path) if p.path[-1:] == ("points",) and p.file == str(path)]
    assert found, problems_of(path)
    assert found[0].line == line_of(text, "budget:")
    assert found[0].column == text.splitlines()[found[0].line - 1].index("四分") + 1


def test_a_removal_that_breaks_a_budget_is_located_at_the_removal(tmp_path: Path) -> None:
    text = "extends: xicheng_2013\nremove:\n  - disclosure\n"
    path = write(tmp_path, "v.yaml", text)
    (problem,) = problems_of(path)
    assert problem.file == str(path)
    assert (problem.line, problem.column) == (3, 5)
    assert problem.code == "points-sum"
    assert "add up to 4" in problem.message
    assert "6 points" in problem.message


def test_inherited_content_is_located_in_the_parent(tmp_path: Path) -> None:
    parent = govperf.bundled_scheme_text("xicheng_2013").replace(
        "      cap: 5\n", "      cap: 5\n      capp: 1\n"
    )
    parent_path = write(tmp_path, "base/district.yaml", parent)
    child = write(tmp_path, "year/v.yaml", "extends: ../base/district.yaml\nid: v\n")
    (problem,) = problems_of(child)
    assert problem.file == str(parent_path)
    assert problem.line == line_of(parent, "capp")


def test_chained_variants(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VARIANT)
    path = write(
        tmp_path, "b.yaml", "extends: a.yaml\nid: b\noverride:\n  petitions: {name: 信访}\n"
    )
    scheme = govperf.load_scheme(path)
    assert (scheme.id, scheme.node("petitions").name) == ("b", "信访")
    assert scheme.node("lawful_admin").points == 4


def test_a_cycle_of_extends_is_an_error(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "extends: b.yaml\nid: a\n")
    b = write(tmp_path, "b.yaml", "id: b\nextends: a.yaml\n")
    (problem,) = problems_of(a)
    assert problem.code == "extends-cycle"
    assert (problem.file, problem.line) == (str(b), 2)
    assert "a.yaml → " in problem.message


def test_unknown_ids_get_a_suggestion(tmp_path: Path) -> None:
    text = "extends: xicheng_2013\noverride:\n  petition: {points: 3}\nremove: [budgte]\n"
    found = problems_of(write(tmp_path, "v.yaml", text))
    by_line = {p.line: p for p in found if p.code == "unknown-id"}
    assert "'petitions'" in by_line[3].message
    assert "'budget'" in by_line[4].message


def test_add_a_node_after_a_sibling(tmp_path: Path) -> None:
    text = """\
extends: xicheng_2013
remove: [disclosure]
override:
  lawful_admin: {points: 4}
  efficient_admin: {points: 8}
add:
  - under: efficient_admin
    after: informatization
    node:
      id: open_data
      name: 数据开放(虚构)
      points: 2
      evaluator: {kind: direct}
      assessors: [{name: 区政府信息办}]
"""
    scheme = govperf.load_scheme(write(tmp_path, "v.yaml", text))
    ids = [n.id for n in scheme.node("efficient_admin").children]
    assert ids == ["informatization", "open_data", "info_adoption", "budget"]
    assert scheme.weight("open_data") == pytest.approx(0.25)


def test_add_an_existing_id_says_use_override(tmp_path: Path) -> None:
    text = "extends: xicheng_2013\nadd:\n  - under: lawful_admin\n    node: {id: petitions}\n"
    (problem,) = problems_of(write(tmp_path, "v.yaml", text))
    assert problem.code == "duplicate-id"
    assert "override" in problem.message


def test_variant_keys_need_extends(tmp_path: Path) -> None:
    text = govperf.bundled_scheme_text("xicheng_2013") + "remove: [disclosure]\n"
    (problem,) = problems_of(write(tmp_path, "v.yaml", text))
    assert problem.path == ("remove",)
    assert "extends" in problem.message


def test_a_missing_parent_is_located_at_extends(tmp_path: Path) -> None:
    path = write(tmp_path, "v.yaml", "id: v\nextends: nowhere.yaml\n")
    (problem,) = problems_of(path)
    assert (problem.file, problem.line, problem.column) == (str(path), 2, 10)


def test_cli_validate_and_show_a_variant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "demo.yaml", VARIANT)
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "有效(3 个评价层面、9 个一级指标、15 个二级指标,总分 100)" in out
    assert cli.main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "demo_2014" in out
    assert "disclosure" not in out
    assert govperf.validate_scheme(path) == []


def test_variant_problems_speak_both_languages(tmp_path: Path) -> None:
    path = write(tmp_path, "v.yaml", "extends: xicheng_2013\noverride:\n  petition: {points: 3}\n")
    (problem,) = problems_of(path)
    assert problem.text("zh") == "方案中没有编号为 'petition' 的指标或规则;是否指 'petitions'?"
    assert problem.text("en") == (
        "no node or rule with the id 'petition' in the scheme; did you mean 'petitions'?"
    )

"""``govperf diff A B``: what changed between two schemes, matched by id.

The variant of the bundled scheme (test_scheme_extends.VARIANT) removes 政务公开 (2),
sets 依法行政 6 → 4, 高效行政 6 → 8 and 预算执行 2 → 4, and lowers the bonus cap 5 → 3.
Weights: 依法行政 6/20 = 30 % → 4/20 = 20 %; 预算执行 2/6 = 33.3 % → 4/8 = 50 %.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govperf
from govperf.cli import _main as cli
from govperf.report import render_diff
from test_scheme_extends import VARIANT


@pytest.fixture
def variant(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(VARIANT, encoding="utf-8")
    return path


def test_changes_are_found_by_id(variant: Path) -> None:
    diff = govperf.scheme_diff(govperf.load_scheme("xicheng_2013"), govperf.load_scheme(variant))
    assert [c.node for c in diff.of_kind("points")] == ["lawful_admin", "efficient_admin", "budget"]
    lawful = diff.of_kind("points")[0]
    assert lawful.points == (6.0, 4.0)
    assert lawful.weight == pytest.approx((0.3, 0.2))
    budget = diff.of_kind("points")[2]
    assert budget.weight == pytest.approx((2 / 6, 0.5))
    (removed,) = diff.of_kind("removed")
    assert (removed.node, removed.points, removed.parent) == (
        "disclosure",
        (2.0, None),
        ("lawful_admin", None),
    )
    assert diff.of_kind("added") == ()
    (rule,) = diff.rules
    assert (rule.rule, rule.kind, rule.changed) == ("innovation_bonus", "changed", ("cap",))
    assert (rule.before, rule.after) == ("bonus(cap=5)", "bonus(cap=3)")
    assert {f.fact for f in diff.facts} == {"id", "title"}


def test_same_scheme_has_no_changes() -> None:
    scheme = govperf.load_scheme("xicheng_2013")
    diff = govperf.scheme_diff(scheme, scheme)
    assert diff.empty
    assert "两个方案没有差别" in render_diff(diff)


def test_moves_renames_methods_and_assessors(tmp_path: Path) -> None:
    text = """\
extends: xicheng_2013
total_points: 100.5
override:
  petitions: {name: 信访工作, assessors: [{name: 区信访办}, {name: 区政府办公室}]}
  leadership: {points: 5.5}
  efficiency: {points: 50.5}
  key_tasks: {evaluator: {kind: target_challenge, params: {at_target: 0.7}}}
add:
  - under: leadership
    node: {id: extra, name: 新增考评(虚构), points: 0.5, evaluator: {kind: direct}}
"""
    path = tmp_path / "v.yaml"
    path.write_text(text, encoding="utf-8")
    diff = govperf.scheme_diff(govperf.load_scheme("xicheng_2013"), govperf.load_scheme(path))
    kinds = {c.node: c.kinds for c in diff.nodes}
    assert kinds["petitions"] == ("renamed", "assessors")
    assert kinds["key_tasks"] == ("evaluator",)
    assert kinds["extra"] == ("added",)
    text_out = render_diff(diff)
    assert "[petitions] 更名:信访办理 → 信访工作" in text_out
    assert "考评主体:区信访办 → 区信访办、区政府办公室" in text_out
    assert (
        "target_challenge(at_target=0.8, below_target=zero) → target_challenge(at_target=0.7)"
        in text_out
    )
    assert "新增考评(虚构) [extra]" in text_out
    facts = {f.fact: (f.before, f.after) for f in diff.facts}
    assert facts["total_points"] == ("100", "100.5")


def test_render_for_a_leading_group(variant: Path) -> None:
    diff = govperf.scheme_diff(govperf.load_scheme("xicheng_2013"), govperf.load_scheme(variant))
    md = render_diff(diff, "markdown")
    assert "| 依法行政 \\[lawful\\_admin\\] | 6 | 4 | -2 | 30% | 20% |" in md
    assert "## 删除指标" in md
    page = render_diff(diff, "html", "en")
    assert "<h2>Points changed</h2>" in page
    assert "bonus(cap=5) → bonus(cap=3)" in page


def test_cli_diff(variant: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["diff", "xicheng_2013", str(variant)]) == 0
    out = capsys.readouterr().out
    assert "分值调整 3 项,新增指标 0 项,删除指标 1 项,其他调整 0 处,规则变化 1 项。" in out
    assert cli.main(["diff", "xicheng_2013", str(variant), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["nodes"][0]["node"] == "lawful_admin"
    target = tmp_path / "changes.html"
    assert cli.main(["diff", "xicheng_2013", str(variant), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

"""Trees of any depth and unit groups, model side: the shared example schemes under
``data/schemes`` (1, 2 and 5 tiers, and 2 tiers with groups), navigation, round trips in
both file forms, the JSON Schema, and the text and HTML views.  Figures by hand."""

from __future__ import annotations

from typing import Any

import attrs
import jsonschema
import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

import govperf
from govperf import Level, Node, Scheme, Tier, UnitGroup
from govperf.cli import main
from govperf.scheme import XICHENG_TIERS
from helpers import jsonable
from samples import SCHEMES
from strategies import tree_schemes

EXAMPLES = sorted(p.name for p in SCHEMES.glob("*.yaml"))


def load(name: str) -> Scheme:
    return govperf.load_scheme(SCHEMES / name)


def test_the_examples_are_there() -> None:
    assert EXAMPLES == ["five_tier.yaml", "one_tier.yaml", "two_tier.yaml", "two_tier_groups.yaml"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_validate(name: str) -> None:
    assert govperf.validate_scheme(SCHEMES / name) == []


# -- navigation -----------------------------------------------------------------------


def test_one_tier() -> None:
    scheme = load("one_tier.yaml")
    assert scheme.n_tiers == 1
    assert scheme.tiers == (Tier("指标", "indicator"),)
    assert [n.id for n in scheme.children] == ["key_work", "lawful", "satisfaction"]
    # every node is a leaf of the top tier
    assert scheme.leaves == scheme.children == scheme.levels
    assert all(n.is_leaf and type(n) is Node for n in scheme.children)
    assert scheme.indicators == ()  # there is no second tier
    assert scheme.depth("lawful") == 0
    assert scheme.parent("lawful") is None
    assert scheme.weight("key_work") == 0.6  # 60 of 100
    assert scheme.node("key_work").assessors[0].name == "区政府督查室"


def test_two_tier() -> None:
    scheme = load("two_tier.yaml")
    assert scheme.n_tiers == 2
    assert [scheme.tier_name(d) for d in range(2)] == ["一级指标", "二级指标"]
    assert [scheme.tier_name(d, "en") for d in range(2)] == ["indicator", "sub-indicator"]
    # 重点工作 70, 依法行政 5, 廉政建设 5, 群众满意度 15, 创新创优 5
    assert [(n.name, n.points) for n in scheme.children] == [
        ("重点工作", 70),
        ("依法行政", 5),
        ("廉政建设", 5),
        ("群众满意度", 15),
        ("创新创优", 5),
    ]
    assert [n.id for n in scheme.leaves] == [
        *("tasks", "projects", "law", "clean", "survey", "hotline", "innovation_items"),
    ]
    assert scheme.sub_indicators == scheme.leaves
    assert [n.id for n in scheme.iter_nodes()][:4] == ["key_work", "tasks", "projects", "lawful"]
    assert scheme.tier("survey") == Tier("二级指标", "sub-indicator")
    assert scheme.parent("survey") == scheme.node("satisfaction")
    # 调查 10 of 群众满意度 15, and 10 of the total 100
    assert scheme.weight("survey") == pytest.approx(2 / 3)
    assert scheme.global_weight("survey") == 0.1
    assert scheme.groups == ()
    assert scheme.node("key_work").points_by_group == {}


def test_five_tier() -> None:
    scheme = load("five_tier.yaml")
    assert scheme.n_tiers == 5
    assert [t.name for t in scheme.tiers] == ["领域", "维度", "指标", "子指标", "评分项"]
    assert scheme.tier_name(4, "en") == "scoring item"
    # 3 + 5 + 6 + 9 + 11 nodes, tier by tier
    depths = [scheme.depth(n.id) for n in scheme.iter_nodes()]
    assert [depths.count(d) for d in range(5)] == [3, 5, 6, 9, 11]
    assert len(scheme.leaves) == 11
    assert {scheme.depth(n.id) for n in scheme.leaves} == {4}
    assert [n.id for n in scheme.path("gdp_rank")] == [
        *("economy", "quality", "growth", "gdp_growth", "gdp_rank"),
    ]
    assert scheme.depth("gdp_growth") == 3
    assert scheme.tier("gdp_growth").name == "子指标"
    # 位次 4 of 增速 10; 4 of the total 100
    assert scheme.weight("gdp_rank") == 0.4
    assert scheme.global_weight("gdp_rank") == 0.04
    # the pool sits at depth 3: its two leaves have no points, and no weight
    pool = scheme.node("revenue_quality")
    assert pool.pooled
    assert pool.points == 10
    assert [(c.id, c.points) for c in pool.children] == [("tax_share", None), ("nontax", None)]
    assert scheme.weight("tax_share") is None
    assert scheme.scoring.tie_break == ("welfare", "new_jobs")
    # the second tier, in tree order
    assert [n.id for n in scheme.indicators] == [
        *("quality", "innovation", "jobs", "education", "lawful"),
    ]


def test_groups() -> None:
    scheme = load("two_tier_groups.yaml")
    assert scheme.groups == (
        UnitGroup("departments", "区政府工作部门", "District departments"),
        UnitGroup("streets", "街道", "Streets"),
    )
    assert scheme.group("streets").name == "街道"
    assert scheme.scoring.within_groups is True
    key_work = scheme.node("key_work")
    assert key_work.points_by_group == {"streets": 60}
    assert key_work.points_for("streets") == 60
    assert key_work.points_for("departments") == 70  # not listed: its own points
    assert key_work.points_for() == 70
    # 年度重点任务: 50 of 70 for departments, 40 of 60 for streets
    assert scheme.weight("tasks") == pytest.approx(50 / 70)
    assert scheme.weight("tasks", group="streets") == pytest.approx(40 / 60)
    assert scheme.global_weight("survey", group="streets") == 0.3
    assert scheme.weight("projects", group="streets") == pytest.approx(20 / 60)
    with pytest.raises(KeyError, match="no unit group with id 'towns'"):
        scheme.group("towns")


def test_xicheng_default_tiers(xicheng: Scheme) -> None:
    assert xicheng.tiers == XICHENG_TIERS
    assert [t.name for t in xicheng.tiers] == ["评价层面", "一级指标", "二级指标"]
    assert [t.name_en for t in xicheng.tiers] == ["level", "indicator", "sub-indicator"]
    assert xicheng.n_tiers == 3
    assert xicheng.depth("petitions") == 2
    assert xicheng.tier("service").name == "评价层面"
    # the familiar classes are nodes
    level = xicheng.levels[0]
    assert isinstance(level, Level)
    assert isinstance(level, Node)
    assert level.children == level.indicators
    assert not level.pooled
    assert level.assessors == ()
    assert level.evaluator is None
    assert xicheng.node("duties").pooled
    assert xicheng.node("petitions").is_leaf
    assert xicheng.node("petitions").children == ()


def test_tier_names_beyond_the_tiers() -> None:
    scheme = load("two_tier.yaml")
    assert scheme.tier_name(2) == "第3层"
    assert scheme.tier_name(2, "en") == "tier 3"
    nameless = attrs.evolve(scheme, tiers=(Tier("一级"), Tier("二级")))
    assert nameless.tier_name(1, "en") == "二级"  # no English name: the Chinese one


def test_eight_tiers_built_in_python() -> None:
    """A chain of eight tiers: the leaf at depth 7 carries the whole 100 points."""
    node = Node(id="t7", name="第八级", points=100, evaluator=govperf.EvaluatorSpec(kind="direct"))
    for depth in range(6, -1, -1):
        node = Node(id=f"t{depth}", name=f"第{depth + 1}级", points=100, children=[node])
    tiers = [Tier(f"第{d + 1}级") for d in range(8)]
    scheme = Scheme(id="deep", title="八级", total_points=100, tiers=tiers, levels=[node])
    assert govperf.validate_scheme(scheme) == []
    assert scheme.n_tiers == 8
    assert scheme.depth("t7") == 7
    assert [n.id for n in scheme.leaves] == ["t7"]
    assert [n.id for n in scheme.path("t7")] == [f"t{d}" for d in range(8)]
    assert scheme.weight("t5") == 1.0
    again = govperf.loads_scheme(govperf.dump_scheme(scheme))
    assert again == scheme
    assert again.tree().splitlines()[1] == "层级: " + " > ".join(f"第{d + 1}级" for d in range(8))
    # one tier short: a single problem at 'tiers'
    (problem,) = govperf.validate_scheme(attrs.evolve(scheme, tiers=tiers[:7]))
    assert problem.path == ("tiers",)
    assert problem.message.startswith("'tiers' lists 7 tiers (第1级 > ")
    assert problem.message.endswith(
        "but every branch of the tree is 8 deep: list one tier per depth"
    )


def test_a_generic_scheme_built_without_tiers_is_told_to_name_them() -> None:
    """The tiers default to Xicheng's three; a 2-tier tree of plain nodes must name its own."""
    leaf = Node(id="b", name="乙", points=5, evaluator=govperf.EvaluatorSpec(kind="direct"))
    scheme = Scheme(
        id="x",
        title="方案",
        total_points=5,
        levels=[Node(id="a", name="甲", points=5, children=[leaf])],
    )
    assert scheme.tiers == XICHENG_TIERS
    (problem,) = govperf.validate_scheme(scheme)
    assert problem.code == "tier-count"
    assert problem.message == (
        "'tiers' lists 3 tiers (评价层面 > 一级指标 > 二级指标) but every branch of the tree "
        "is 2 deep: list one tier per depth"
    )


# -- round trips ------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_round_trip_exactly(name: str) -> None:
    """The files are written as govperf writes them: plain data, dump and load all agree."""
    scheme = load(name)
    plain = yaml.safe_load((SCHEMES / name).read_text(encoding="utf-8"))
    assert govperf.scheme_to_dict(scheme) == plain
    assert govperf.scheme_from_dict(plain) == scheme
    text = govperf.dump_scheme(scheme)
    assert govperf.loads_scheme(text) == scheme
    assert yaml.safe_load(text) == plain
    # the generic form stays generic: the tiers, then the nodes
    keys = list(yaml.safe_load(text))
    assert "levels" not in keys
    assert keys.index("tiers") < keys.index("nodes")


def test_xicheng_round_trips_in_the_levels_form(xicheng: Scheme) -> None:
    data = govperf.scheme_to_dict(xicheng)
    assert "levels" in data
    assert "nodes" not in data
    assert "tiers" not in data  # the default tiers are not written
    plain = yaml.safe_load(govperf.bundled_scheme_text("xicheng_2013"))
    assert plain.pop("scoring") == {"precision": 2}  # the default, which is not written
    assert data == plain
    assert govperf.loads_scheme(govperf.dump_scheme(xicheng)) == xicheng


def test_renamed_tiers_of_the_levels_form_are_written(xicheng: Scheme) -> None:
    tiers = (Tier("层面"), Tier("指标"), Tier("子指标", "item"))
    renamed = attrs.evolve(xicheng, tiers=tiers)
    data = govperf.scheme_to_dict(renamed)
    assert data["tiers"] == [
        {"name": "层面"},
        {"name": "指标"},
        {"name": "子指标", "name_en": "item"},
    ]
    assert "levels" in data
    again = govperf.loads_scheme(govperf.dump_scheme(renamed))
    assert again == renamed
    assert isinstance(again.levels[0], Level)
    assert again.tier_name(2, "en") == "item"


def test_the_same_tree_in_both_forms() -> None:
    """A 3-tier tree written as nodes loads to plain nodes and is written back as nodes."""
    xicheng_form = """\
schema_version: 1
id: t
title: 三级
total_points: 4
levels:
  - id: a
    name: 甲
    points: 4
    indicators:
      - id: b
        name: 乙
        points: 4
        sub_indicators:
          - id: c
            name: 丙
            points: 4
"""
    generic_form = """\
schema_version: 1
id: t
title: 三级
total_points: 4
tiers:
  - name: 评价层面
    name_en: level
  - name: 一级指标
    name_en: indicator
  - name: 二级指标
    name_en: sub-indicator
nodes:
  - id: a
    name: 甲
    points: 4
    children:
      - id: b
        name: 乙
        points: 4
        children:
          - id: c
            name: 丙
            points: 4
"""
    three = govperf.loads_scheme(xicheng_form)
    generic = govperf.loads_scheme(generic_form)
    assert type(three.node("b")) is govperf.Indicator
    assert type(generic.node("b")) is Node
    assert three.tiers == generic.tiers
    assert [n.id for n in three.iter_nodes()] == [n.id for n in generic.iter_nodes()]
    assert three.tree() == generic.tree()
    assert "levels" in govperf.scheme_to_dict(three)
    assert "nodes" in govperf.scheme_to_dict(generic)
    assert yaml.safe_load(govperf.dump_scheme(generic)) == yaml.safe_load(generic_form)
    assert yaml.safe_load(govperf.dump_scheme(three)) == yaml.safe_load(xicheng_form)


# -- JSON Schema --------------------------------------------------------------------------


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        govperf.scheme_json_schema(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


@pytest.mark.parametrize("name", EXAMPLES)
def test_json_schema_accepts_the_examples(name: str) -> None:
    plain = jsonable(yaml.safe_load((SCHEMES / name).read_text(encoding="utf-8")))
    assert [e.message for e in _validator().iter_errors(plain)] == []


def test_json_schema_rejects_a_broken_generic_tree() -> None:
    plain = jsonable(yaml.safe_load((SCHEMES / "five_tier.yaml").read_text(encoding="utf-8")))
    leaf = plain["nodes"][0]["children"][0]["children"][0]["children"][0]["children"][0]
    assert leaf["id"] == "gdp_target"
    leaf["points"] = "六"  # depth 4
    leaf["weight"] = 1
    errors = sorted(e.message for e in _validator().iter_errors(plain))
    assert len(errors) == 2
    no_tiers = {k: v for k, v in plain.items() if k != "tiers"}
    assert list(_validator().iter_errors(no_tiers))
    both = {**plain, "levels": []}
    assert list(_validator().iter_errors(both))


def test_json_schema_checks_group_points() -> None:
    plain = jsonable(yaml.safe_load((SCHEMES / "two_tier_groups.yaml").read_text(encoding="utf-8")))
    plain["nodes"][0]["points_by_group"]["streets"] = -1
    assert len(list(_validator().iter_errors(plain))) == 1
    plain["nodes"][0]["points_by_group"]["streets"] = "六十"
    assert len(list(_validator().iter_errors(plain))) == 1


# -- text, HTML and the command line -----------------------------------------------------


def test_tree_text_two_tier() -> None:
    assert load("two_tier.yaml").tree().splitlines()[:6] == [
        "示例区政府部门绩效考核指标(两级) [two_tier] 100",
        "层级: 一级指标 > 二级指标",
        "├─ 重点工作 [key_work] 70",
        "│  ├─ 年度重点任务 [tasks] 50",
        "│  └─ 为民办实事项目 [projects] 20",
        "├─ 依法行政 [lawful] 5",
    ]
    assert load("two_tier.yaml").tree("en").splitlines()[1:3] == [
        "tiers: indicator > sub-indicator",
        "├─ Key work [key_work] 70",
    ]


def test_tree_text_groups_and_pools() -> None:
    lines = load("two_tier_groups.yaml").tree().splitlines()
    assert lines[2] == "分组: departments 区政府工作部门, streets 街道"
    assert lines[3] == "├─ 重点工作 [key_work] 70 (streets 60)"
    assert "│  ├─ 年度重点任务 [tasks] 50 (streets 40)" in lines
    five = load("five_tier.yaml").tree().splitlines()
    assert "│  │     └─ 收入质量 [revenue_quality] 10 (pooled)" in five
    assert "│  │        ├─ 税收收入占比 [tax_share] pooled" in five


def test_html_names_the_tiers_at_any_depth() -> None:
    from helpers import parse_html

    rows = parse_html(load("five_tier.yaml")._repr_html_()).rows
    by_id = {r[1]: r for r in rows[1:]}
    assert [by_id[i][0] for i in ("economy", "quality", "growth", "gdp_growth", "gdp_target")] == [
        *("领域", "维度", "指标", "子指标", "评分项"),
    ]
    # 增速达到预期目标 6 of 10 = 60.0 %
    assert by_id["gdp_target"][2:5] == ["增速达到预期目标", "6", "60.0%"]
    assert by_id["tax_share"][3:5] == ["随年度数据", "随年度数据"]


def test_html_has_a_points_column_per_group() -> None:
    from helpers import parse_html

    rows = parse_html(load("two_tier_groups.yaml")._repr_html_()).rows
    assert rows[0] == [
        *("层级", "编号", "名称", "分值", "分值(区政府工作部门)", "分值(街道)", "权重", "考评主体"),
    ]
    by_id = {r[1]: r for r in rows[1:]}
    assert by_id["tasks"][3:7] == ["50", "50", "40", "71.4%"]
    assert by_id["law"][3:7] == ["10", "10", "10", "100.0%"]


def test_show_and_validate_at_any_depth(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(SCHEMES / "five_tier.yaml")]) == 0
    out = capsys.readouterr().out
    assert "领域 > 维度 > 指标 > 子指标 > 评分项" in out
    assert any(line.startswith("        增速达到预期目标 ") for line in out.splitlines())
    assert "共享分值:评分项之间的分配不由方案确定,随每年的数据提供。" in out
    files = [str(SCHEMES / "five_tier.yaml"), str(SCHEMES / "one_tier.yaml")]
    assert main(["validate", *files]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"{SCHEMES / 'five_tier.yaml'}:有效(3 个领域、5 个维度、6 个指标、9 个子指标、"
        "11 个评分项,总分 100)",
        f"{SCHEMES / 'one_tier.yaml'}:有效(3 个指标,总分 100)",
    ]
    assert main(["validate", *files, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"{SCHEMES / 'five_tier.yaml'}: valid (3 domains, 5 dimensions, 6 indicators, "
        "9 sub-indicators, 11 scoring items, 100 points)",
        f"{SCHEMES / 'one_tier.yaml'}: valid (3 indicators, 100 points)",
    ]


def _problems(text: str) -> list[tuple[tuple[str | int, ...], str, int | None]]:
    with pytest.raises(govperf.SchemeError) as info:
        govperf.loads_scheme(text, "g.yaml")
    return [(p.path, p.code, p.line) for p in info.value.problems]


def test_a_pool_has_points_per_group_but_its_leaves_have_none() -> None:
    text = (SCHEMES / "two_tier_groups.yaml").read_text(encoding="utf-8")
    pooled = text.replace("    points: 70\n", "    points: 70\n    pooled: true\n")
    pooled = pooled.replace("        points: 50\n", "").replace("        points: 20\n", "", 1)
    # 年度重点任务 keeps its points for streets, which a pool's leaf may not have
    assert _problems(pooled) == [
        (("nodes", 0, "children", 0, "points_by_group"), "pooled-points", 31),
    ]
    fixed = pooled.replace("        points_by_group:\n          streets: 40\n", "")
    scheme = govperf.loads_scheme(fixed)
    assert scheme.node("key_work").points_for("streets") == 60  # the pool's size for streets
    assert scheme.node("tasks").points_for("streets") is None


def test_group_points_must_be_positive_numbers() -> None:
    text = (SCHEMES / "two_tier_groups.yaml").read_text(encoding="utf-8")
    assert _problems(text.replace("streets: 60", "streets: 0")) == [
        (("nodes", 0, "points_by_group", "streets"), "points-range", 26),
    ]
    assert _problems(text.replace("streets: 60", "streets: 六十")) == [
        (("nodes", 0, "points_by_group", "streets"), "type", 26),
    ]


def test_html_in_english() -> None:
    from govperf.scheme._html import scheme_html
    from helpers import parse_html

    rows = parse_html(scheme_html(load("two_tier_groups.yaml"), "en")).rows
    assert rows[0] == [
        *("tier", "id", "name", "points", "points (District departments)", "points (Streets)"),
        *("weight", "assessors"),
    ]
    by_id = {r[1]: r for r in rows[1:]}
    assert by_id["key_work"][:3] == ["indicator", "key_work", "重点工作"]  # no English name
    assert by_id["tasks"][0] == "sub-indicator"


# -- properties over generated trees of 1 to 8 tiers -------------------------------------


@given(tree_schemes())
def test_generated_trees_are_valid_and_round_trip(scheme: Scheme) -> None:
    assert govperf.validate_scheme(scheme) == []
    plain = govperf.scheme_to_dict(scheme)
    assert "nodes" in plain
    assert "tiers" in plain
    assert govperf.scheme_from_dict(plain) == scheme
    assert govperf.loads_scheme(govperf.dump_scheme(scheme)) == scheme
    assert list(_validator().iter_errors(jsonable(plain))) == []
    # every leaf is on the last tier; parents come before their children
    assert {scheme.depth(leaf.id) for leaf in scheme.leaves} == {scheme.n_tiers - 1}
    seen: set[str] = set()
    for node in scheme.iter_nodes():
        parent = scheme.parent(node.id)
        assert parent is None or parent.id in seen
        seen.add(node.id)


@given(tree_schemes(), st.data())
def test_a_changed_leaf_is_reported_at_its_parent(scheme: Scheme, data: st.DataObject) -> None:
    """Add half a point to one scored leaf: exactly its parent's budget (or the total) breaks."""
    scored = [leaf for leaf in scheme.leaves if leaf.points is not None]
    assume(scored)  # not every leaf in a pool
    leaf = data.draw(st.sampled_from(scored))
    plain = govperf.scheme_to_dict(scheme)
    item: Any = plain
    for key in _plain_path(scheme, leaf.id):
        item = item[key]
    item["points"] = leaf.points + 0.5 if leaf.points is not None else 0
    problems = govperf.validate_scheme(plain)
    parent = scheme.parent(leaf.id)
    expected = ("total_points",) if parent is None else (*_plain_path(scheme, parent.id), "points")
    # the default budget breaks; so may a group's that takes the leaf's default points
    assert [p.path for p in problems if not p.message.startswith("for group")] == [expected]
    assert {(p.path, p.code) for p in problems} == {(expected, "points-sum")}


def _plain_path(scheme: Scheme, node_id: str) -> tuple[str | int, ...]:
    """The path of a node in the generic file form: nodes[i].children[j]…"""
    path: list[str | int] = []
    siblings = scheme.children
    for node in scheme.path(node_id):
        path += ["nodes" if not path else "children", siblings.index(node)]
        siblings = node.children
    return tuple(path)


def test_problems_name_the_node_or_rule_they_concern() -> None:
    """Besides the path, a problem carries the id of its node (or rule), for programs."""
    text = (SCHEMES / "five_tier.yaml").read_text(encoding="utf-8")
    broken = text.replace("points: 6\n", "points: 7\n").replace(
        "name: 目标完成率", "nmae: 目标完成率"
    )
    broken += "rules:\n  - {id: bonus, kind: bonus, name: 加分, params: {cap: 0}}\n"
    with pytest.raises(govperf.SchemeError) as info:
        govperf.loads_scheme(broken, "five.yaml")
    assert [(p.code, p.node, p.rule) for p in info.value.problems] == [
        ("points-sum", "gdp_growth", None),
        ("missing-key", "new_jobs_rate", None),
        ("unknown-key", "new_jobs_rate", None),
        ("invalid", None, "bonus"),
    ]


def test_show_has_a_points_column_per_group(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(SCHEMES / "two_tier_groups.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    head = next(line for line in lines if line.startswith("指标"))
    assert head.split() == [
        "指标",
        "编号",
        "分值",
        "分值(区政府工作部门)",
        "分值(街道)",
        "权重",
        "考评主体",
    ]
    # 年度重点任务: 50 by default and for departments, 40 for streets; weight 50 of 70
    assert next(line for line in lines if "tasks" in line).split() == [
        *("年度重点任务", "tasks", "50", "50", "40", "71.4%"),
    ]

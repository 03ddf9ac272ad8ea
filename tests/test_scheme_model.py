"""The model, checked against the bundled Xicheng 2013 scheme (figures computed by hand)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from govperf import Indicator, Level, Scheme, SubIndicator

ALL_IDS = [
    "efficiency",
    "duties",
    "key_tasks",
    "main_duties",
    "leadership",
    "leadership_rating",
    "effectiveness",
    "lawful_admin",
    "rule_of_law",
    "petitions",
    "disclosure",
    "diligence_integrity",
    "integrity",
    "capacity",
    "civil_service",
    "efficient_admin",
    "informatization",
    "info_adoption",
    "budget",
    "service",
    "serve_central",
    "central_units",
    "serve_grassroots",
    "grassroots",
    "public_rating",
    "thousand_families",
    "admin_service",
    "service_users",
]


def test_counts_and_total(xicheng: Scheme) -> None:
    assert xicheng.id == "xicheng_2013"
    assert xicheng.schema_version == 1
    assert len(xicheng.levels) == 3
    assert len(xicheng.indicators) == 9
    assert len(xicheng.sub_indicators) == 16
    assert xicheng.total_points == 100
    assert [level.points for level in xicheng.levels] == [50, 20, 30]
    assert [level.name for level in xicheng.levels] == ["履职效率", "行政效能", "服务效果"]


def test_indicator_points(xicheng: Scheme) -> None:
    assert [i.points for i in xicheng.indicators] == [45, 5, 6, 8, 6, 5, 5, 10, 10]
    # 服务效果 30 is implied by its indicators, 5 + 5 + 10 + 10
    service = xicheng.node("service")
    assert isinstance(service, Level)
    assert service.name == "服务效果"
    assert service.points == 30
    assert sum(i.points for i in service.indicators) == 30


def test_pooled_duties(xicheng: Scheme) -> None:
    duties = xicheng.node("duties")
    assert isinstance(duties, Indicator)
    assert duties.name == "职责任务"
    assert duties.points == 45
    assert duties.pooled is True
    assert [s.id for s in duties.sub_indicators] == ["key_tasks", "main_duties"]
    assert [s.points for s in duties.sub_indicators] == [None, None]
    # every other indicator is not pooled and its sub-indicators carry points
    others = [i for i in xicheng.indicators if i.id != "duties"]
    assert not any(i.pooled for i in others)
    assert all(s.points is not None for i in others for s in i.sub_indicators)
    # the 14 sub-indicators with points hold 100 - 45 = 55
    assert sum(s.points for s in xicheng.sub_indicators if s.points is not None) == 55


def test_sub_indicators(xicheng: Scheme) -> None:
    petitions = xicheng.node("petitions")
    assert isinstance(petitions, SubIndicator)
    assert petitions.name == "信访办理"
    assert petitions.points == 2
    assert petitions.children == ()
    assert all(s.marker == "△" for s in xicheng.sub_indicators)
    assert "△" in xicheng.markers
    budget = xicheng.node("budget")
    assert isinstance(budget, SubIndicator)
    assert [a.name for a in budget.assessors] == ["区财政局", "区审计局"]
    thousand = xicheng.node("thousand_families")
    assert isinstance(thousand, SubIndicator)
    assert thousand.assessors[0].role == "委托第三方调查机构进行测评"


def test_rules(xicheng: Scheme) -> None:
    assert [r.kind for r in xicheng.rules] == ["bonus", "veto"]
    bonus = xicheng.rule("innovation_bonus")
    assert bonus.params == {"cap": 5}
    veto = xicheng.rule("accountability_veto")
    assert veto.params["effect"] == "exclude_from_awards"
    assert veto.params["open_triggers"] is True
    assert len(veto.params["triggers"]) == 4
    with pytest.raises(KeyError, match="no_such_rule"):
        xicheng.rule("no_such_rule")


def test_metadata(xicheng: Scheme) -> None:
    assert xicheng.metadata.document_number == "西政办发〔2013〕15号"
    assert xicheng.metadata.issue_date == dt.date(2013, 6, 21)
    assert xicheng.metadata.publication_date == dt.date(2013, 6, 25)
    assert xicheng.scoring.precision == 2


@pytest.mark.parametrize(
    ("node_id", "weight"),
    [
        ("lawful_admin", 6 / 20),
        ("efficiency", 50 / 100),
        ("duties", 45 / 50),
        ("leadership_rating", 5 / 5),
        ("budget", 2 / 6),
        ("civil_service", 4 / 8),
        ("public_rating", 10 / 30),
    ],
)
def test_weight(xicheng: Scheme, node_id: str, weight: float) -> None:
    assert xicheng.weight(node_id) == pytest.approx(weight, rel=1e-12)


@pytest.mark.parametrize(
    ("node_id", "weight"),
    [("civil_service", 0.04), ("service", 0.30), ("duties", 0.45), ("petitions", 0.02)],
)
def test_global_weight(xicheng: Scheme, node_id: str, weight: float) -> None:
    assert xicheng.global_weight(node_id) == pytest.approx(weight, rel=1e-12)


@pytest.mark.parametrize("node_id", ["key_tasks", "main_duties"])
def test_pooled_weights_are_none(xicheng: Scheme, node_id: str) -> None:
    assert xicheng.weight(node_id) is None
    assert xicheng.global_weight(node_id) is None


def test_weights_of_siblings_add_to_one(xicheng: Scheme) -> None:
    for level in xicheng.levels:
        total = sum(xicheng.weight(i.id) or 0 for i in level.indicators)
        assert total == pytest.approx(1)


def test_path_and_parent(xicheng: Scheme) -> None:
    assert [n.id for n in xicheng.path("petitions")] == [
        "effectiveness",
        "lawful_admin",
        "petitions",
    ]
    assert [n.id for n in xicheng.path("duties")] == ["efficiency", "duties"]
    assert [n.id for n in xicheng.path("service")] == ["service"]
    parent = xicheng.parent("petitions")
    assert parent is not None
    assert parent.id == "lawful_admin"
    grandparent = xicheng.parent("lawful_admin")
    assert grandparent is not None
    assert grandparent.id == "effectiveness"
    assert xicheng.parent("service") is None


@pytest.mark.parametrize("method", ["node", "path", "parent", "weight", "global_weight"])
def test_unknown_id_keyerror_names_it(xicheng: Scheme, method: str) -> None:
    with pytest.raises(KeyError, match="'no_such_node'") as info:
        getattr(xicheng, method)("no_such_node")
    assert "xicheng_2013" in str(info.value)


def test_contains(xicheng: Scheme) -> None:
    assert "duties" in xicheng
    assert "service_users" in xicheng
    assert "innovation_bonus" not in xicheng  # rules are not nodes
    assert 5 not in xicheng


def test_iter_nodes_order(xicheng: Scheme) -> None:
    assert [n.id for n in xicheng.iter_nodes()] == ALL_IDS
    leaves = [n.id for n in xicheng.iter_nodes() if isinstance(n, SubIndicator)]
    assert leaves == [s.id for s in xicheng.sub_indicators]
    assert leaves == [s.id for s in xicheng.iter_sub_indicators()]


def test_str_is_the_tree(xicheng: Scheme) -> None:
    lines = str(xicheng).splitlines()
    assert (
        lines[0] == "“十二五”期间西城区政府工作部门绩效管理指标体系(2013年试行) [xicheng_2013] 100"
    )
    assert lines[1] == "层级: 评价层面 > 一级指标 > 二级指标"
    assert lines[2] == "├─ 履职效率 [efficiency] 50"
    assert lines[3] == "│  ├─ 职责任务 [duties] 45 (pooled)"
    assert lines[4] == "│  │  ├─ 重点任务完成效率 [key_tasks] pooled"
    assert lines[5] == "│  │  └─ 主要职责履行效率 [main_duties] pooled"
    assert "│  ├─ 依法行政 [lawful_admin] 6" in lines
    assert "│  │  ├─ 信访办理 [petitions] 2" in lines
    assert "└─ 服务效果 [service] 30" in lines
    assert "      └─ 行政服务对象测评 [service_users] 10" in lines
    assert lines[-2:] == [
        "+ bonus: 创新创优 [innovation_bonus]",
        "+ veto: 行政问责 [accountability_veto]",
    ]
    # title + tiers + 28 nodes + 2 rules
    assert len(lines) == 1 + 1 + 28 + 2
    assert str(xicheng) == xicheng.tree()


def test_frozen(xicheng: Scheme) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        xicheng.id = "other"  # type: ignore[misc]


def test_equality_ignores_index_and_evolve_rebuilds_it(xicheng: Scheme) -> None:
    renamed = attrs.evolve(xicheng, levels=xicheng.levels[:1], total_points=50)
    assert renamed != xicheng
    assert "service" not in renamed
    assert "duties" in renamed
    assert attrs.evolve(xicheng) == xicheng


def test_built_in_python() -> None:
    sub = SubIndicator(id="s", name="子", points=3)
    ind = Indicator(id="i", name="指标", points=3, sub_indicators=[sub])
    level = Level(id="l", name="层面", points=3, indicators=[ind])
    scheme = Scheme(id="x", title="方案", total_points=6, levels=[level])
    assert scheme.levels == (level,)  # lists become tuples
    assert scheme.weight("l") == 0.5
    assert scheme.global_weight("s") == 0.5
    assert scheme.weight("s") == 1.0
    assert [n.id for n in scheme.path("s")] == ["l", "i", "s"]

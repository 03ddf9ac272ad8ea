"""The public plugin API: base classes, in-process registration, validators, capabilities.

Plugins here are registered in this process with ``govperf.plugin.register_*`` and
removed again after each test; the scheme is two direct sub-indicators (s1 60, s2 40).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import openpyxl
import pytest
from attrs import evolve, field, frozen

import govperf
import govperf.plugin as gp
from govperf.report import feedback, render_feedback
from samples import two_leaves


def scheme(rules: str, evaluator: str = "direct") -> govperf.Scheme:
    return govperf.loads_scheme(two_leaves(rules, evaluator=evaluator), "t.yaml")


def data(events: Mapping[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """Units a (50 + 30 = 80), b (40 + 20 = 60) and c (60 + 40 = 100)."""
    return {
        "units": [{"id": "a", "name": "甲街道"}, {"id": "b", "name": "乙街道"}, "c"],
        "records": {
            "s1": [
                {"unit": "a", "value": 50},
                {"unit": "b", "value": 40},
                {"unit": "c", "value": 60},
            ],
            "s2": [
                {"unit": "a", "value": 30},
                {"unit": "b", "value": 20},
                {"unit": "c", "value": 40},
            ],
        },
        "events": dict(events or {}),
    }


@pytest.fixture
def registered() -> Iterator[list[tuple[str, str]]]:
    """Names a test registers, as ``(group, name)``; removed afterwards."""
    names: list[tuple[str, str]] = []
    yield names
    for group, name in names:
        (gp.unregister_evaluator if group == "evaluator" else gp.unregister_rule)(name)


def add_rule(registered: list[tuple[str, str]], name: str, cls: type[Any]) -> None:
    gp.register_rule(name, cls)
    registered.append(("rule", name))


def add_evaluator(registered: list[tuple[str, str]], name: str, cls: type[Any]) -> None:
    gp.register_evaluator(name, cls)
    registered.append(("evaluator", name))


# -- a third-party veto, registered in this process ---------------------------------


class Flag(gp.BaseRule):
    """通报: a unit with a flag is vetoed and may not be commended; totals stay."""

    columns: ClassVar[Mapping[str, gp.ColumnKind]] = {"reason": "text"}
    vetoes: ClassVar[bool] = True
    excludes: ClassVar[bool] = True

    @staticmethod
    def apply(params: None, state: gp.RuleState, events: gp.Records) -> gp.RuleState:
        hit = events.present
        return evolve(state, vetoed=state.vetoed | hit, award_eligible=state.award_eligible & ~hit)

    @staticmethod
    def explain(
        params: None, before: gp.RuleState, after: gp.RuleState, events: gp.Records, unit: int
    ) -> gp.Note | None:
        if not after.vetoed[unit] or before.vetoed[unit]:
            return None
        return gp.Note(zh="被通报,不得评先评优", en="flagged: no awards")

    @staticmethod
    def veto_causes(params: None, events: gp.Records, unit: int) -> tuple[gp.VetoCause, ...]:
        return tuple(
            gp.VetoCause(trigger="flag", name=f"通报({events.columns['reason'][r]})")
            for r in events.rows_of(unit)
        )


FLAG_RULE = "  - {id: f, kind: test_flag, name: 通报}"
FLAG_EVENTS = {"f": [{"unit": "b", "reason": "迟报"}]}


def test_third_party_veto_in_results(registered: list[tuple[str, str]]) -> None:
    add_rule(registered, "test_flag", Flag)
    results = govperf.score(scheme(FLAG_RULE), data(FLAG_EVENTS))
    b = results.unit("b")
    assert b.vetoes == ("flag",)
    assert (b.total, b.award_eligible, b.rank) == (60.0, False, 3)
    assert results.unit("a").vetoes == ()
    assert list(results.award_eligible) == [True, False, True]
    (trail,) = results.explain("b").rules
    assert trail.vetoes is True
    assert [c.name for c in trail.veto_causes] == ["通报(迟报)"]
    assert results.explain("a").rules == ()
    (rule,) = results.explain("b").to_dict()["rules"]
    assert (rule["vetoes"], rule["veto_causes"]) == (
        True,
        [{"trigger": "flag", "name": "通报(迟报)", "name_en": None, "note": None, "effect": None}],
    )


def test_third_party_veto_in_workbook_and_frame(
    registered: list[tuple[str, str]], tmp_path: Path
) -> None:
    add_rule(registered, "test_flag", Flag)
    results = govperf.score(scheme(FLAG_RULE), data(FLAG_EVENTS))
    frame = results.to_frame()
    assert list(frame["一票否决"]) == ["", "flag", ""]  # units a, b, c
    path = tmp_path / "results.xlsx"
    results.to_excel(path)
    rows = list(openpyxl.load_workbook(path)["排名"].iter_rows(min_row=2, values_only=True))
    col = rows[0].index("一票否决")
    assert [(r[1], r[col]) for r in rows[1:]] == [("c", None), ("a", None), ("b", "flag")]


def test_third_party_veto_in_feedback_report(registered: list[tuple[str, str]]) -> None:
    add_rule(registered, "test_flag", Flag)
    results = govperf.score(scheme(FLAG_RULE), data(FLAG_EVENTS))
    fb = feedback(results, "b")
    (event,) = fb.vetoes
    assert (event.rule, event.rule_name, event.trigger, event.name) == (
        "f",
        "通报",
        "flag",
        "通报(迟报)",
    )
    text = render_feedback(fb, format="markdown")
    veto_section = text.split("## 一票否决", 1)[1].split("\n## ", 1)[0]
    assert "通报(迟报)" in veto_section
    assert "被通报,不得评先评优" in veto_section
    assert feedback(results, "a").vetoes == ()


class BareVeto(gp.BaseRule):
    """A veto with no causes of its own: every unit with an event is vetoed."""

    columns: ClassVar[Mapping[str, gp.ColumnKind]] = {"reason": "text"}
    vetoes: ClassVar[bool] = True

    @staticmethod
    def apply(params: None, state: gp.RuleState, events: gp.Records) -> gp.RuleState:
        return evolve(state, vetoed=state.vetoed | events.present)


def test_a_veto_without_causes_is_shown_by_its_rule(registered: list[tuple[str, str]]) -> None:
    add_rule(registered, "test_bare", BareVeto)
    sch = scheme("  - {id: bare, kind: test_bare, name: 否决}")
    results = govperf.score(sch, data({"bare": [{"unit": "a", "reason": "x"}]}))
    assert results.unit("a").vetoes == ("bare",)
    assert results.unit("a").award_eligible is True  # this veto does not touch awards
    # no explain of its own: the trail and the report still show the veto, by rule name
    (trail,) = results.explain("a").rules
    assert (trail.zh, trail.en, trail.vetoes) == ("一票否决(否决)", "vetoed (bare)", True)
    (event,) = feedback(results, "a").vetoes
    assert (event.trigger, event.name, event.rule) == ("bare", "否决", "bare")
    assert results.explain("b").rules == ()


class NotAVeto(gp.BaseRule):
    """Sets ``vetoed`` without declaring ``vetoes``: results list no veto causes."""

    @staticmethod
    def apply(params: None, state: gp.RuleState, events: gp.Records) -> gp.RuleState:
        return evolve(state, vetoed=np.ones(state.n_units, dtype=bool))


def test_only_declared_vetoes_are_vetoes(registered: list[tuple[str, str]]) -> None:
    add_rule(registered, "test_not_veto", NotAVeto)
    results = govperf.score(scheme("  - {id: n, kind: test_not_veto, name: 其他}"), data())
    assert [results.unit(u).vetoes for u in "abc"] == [(), (), ()]


# -- capabilities the validator and the engine use ----------------------------------


@frozen(kw_only=True)
class ResetParams:
    to: float = field(validator=gp.non_negative)


class Reset(gp.BaseRule):
    """Sets every total to ``to``: must run after the rules that change totals."""

    Params: ClassVar[type[ResetParams]] = ResetParams

    @staticmethod
    def apply(params: ResetParams, state: gp.RuleState, events: gp.Records) -> gp.RuleState:
        return evolve(state, total=np.full(state.n_units, params.to))

    @staticmethod
    def sets_total(params: ResetParams) -> str | None:
        return "to"


def test_a_rule_that_sets_totals_goes_after_bonus(registered: list[tuple[str, str]]) -> None:
    add_rule(registered, "test_reset", Reset)
    rules = (
        "  - {id: r, kind: test_reset, name: 重置, params: {to: 1}}\n"
        "  - {id: b, kind: bonus, name: 加分, params: {cap: 5}}"
    )
    with pytest.raises(govperf.SchemeError) as info:
        scheme(rules)
    (problem,) = info.value.problems
    assert problem.code == "rule-order"
    assert problem.path == ("rules", 0, "params", "to")
    assert (problem.file, problem.line) == ("t.yaml", 23)  # the `to: 1` of rules[0]
    assert "rules[1] 'b' (bonus) would change the total it sets" in problem.message
    # declared after the bonus it is fine: every total becomes 1
    sch = scheme(
        "  - {id: b, kind: bonus, name: 加分, params: {cap: 5}}\n"
        "  - {id: r, kind: test_reset, name: 重置, params: {to: 1}}"
    )
    assert list(govperf.score(sch, data()).total) == [1.0, 1.0, 1.0]


def test_validator_message_at_its_line(registered: list[tuple[str, str]]) -> None:
    add_rule(registered, "test_reset", Reset)
    with pytest.raises(govperf.SchemeError) as info:
        scheme("  - {id: r, kind: test_reset, name: 重置, params: {to: -2}}")
    assert str(info.value).splitlines()[1] == (
        "t.yaml:23:54: rules[0].params.to: to must not be negative, got -2"
    )


class Stars(gp.BaseRule):
    """Grades every unit ★ (a third-party grade rule, run after the ranking)."""

    stage: ClassVar[gp.Stage] = "classify"
    grades: ClassVar[bool] = True

    @staticmethod
    def apply(params: None, state: gp.RuleState, events: gp.Records) -> gp.RuleState:
        return evolve(state, grade=np.array(["★"] * state.n_units, dtype=object))

    @staticmethod
    def grade_names(params: None) -> tuple[str, ...]:
        return ("★",)


def test_grade_cap_checked_against_declared_grade_names(
    registered: list[tuple[str, str]],
) -> None:
    add_rule(registered, "test_stars", Stars)
    veto = (
        "  - {id: v, kind: veto, name: 否决, params: {effect: cap_grade, grade_cap: %s, "
        "triggers: [{id: acc, name: 事故}]}}\n"
        "  - {id: g, kind: test_stars, name: 星级}"
    )
    with pytest.raises(govperf.SchemeError, match="grade_cap '优秀' is not a grade"):
        scheme(veto % "优秀")
    results = govperf.score(scheme(veto % "★"), data())
    assert list(results.grade) == ["★", "★", "★"]


# -- base classes and the old protocol ----------------------------------------------


class OldStyle:
    """An evaluator of govperf 0.x: no base class, no optional_columns, no check."""

    columns: ClassVar[Mapping[str, str]] = {"value": "number"}
    one_row_per_unit: ClassVar[bool] = True
    formula: ClassVar[Mapping[str, str]] = {"en": "points = value / 2", "zh": "得分 = 数值 ÷ 2"}

    @staticmethod
    def score(params: None, records: gp.Records, max_points: np.ndarray) -> np.ndarray:
        return records.per_unit("value") / 2


def test_old_protocol_class_gets_the_defaults(registered: list[tuple[str, str]]) -> None:
    add_evaluator(registered, "test_old", OldStyle)
    results = govperf.score(scheme("  []", evaluator="test_old"), data())
    assert list(results.points("s1")) == [25.0, 20.0, 30.0]
    assert list(results.total) == [55.0, 40.0, 70.0]
    trail = results.explain("a").sub_indicators[0]
    assert (trail.details, trail.formula["zh"]) == ({}, "得分 = 数值 ÷ 2")
    plugin: Any = govperf._plugins.evaluators.get("test_old")
    assert type(plugin).__mro__[1:] == (OldStyle, gp.BaseEvaluator, object)  # adapted
    assert (plugin.optional_columns, plugin.rows_optional, plugin.Params) == ({}, False, None)


def test_base_class_defaults() -> None:
    records = gp.Records(unit=np.array([0]), columns={}, n_units=1)
    state_free = gp.BaseRule()
    assert (state_free.stage, state_free.columns, state_free.Params) == ("adjust", {}, None)
    assert (state_free.vetoes, state_free.grades) == (False, False)
    assert (state_free.changes_total, state_free.excludes) == (False, False)
    assert state_free.check(None, records) == []
    assert state_free.grade_names(None) == ()
    assert (state_free.grade_cap(None), state_free.sets_total(None)) == (None, None)
    evaluator = gp.BaseEvaluator()
    assert evaluator.check(None, records, np.ones(1)) == []
    assert evaluator.template_rows(None) == ()
    assert (evaluator.one_row_per_unit, evaluator.rows_optional) == (False, False)


def test_default_veto_causes_read_the_trigger_column() -> None:
    events = gp.Records(
        unit=np.array([0, 1, 0]),
        columns={
            "trigger": np.array(["acc", "x", "late"], dtype=object),
            "note": np.array(["夜间", None, ""], dtype=object),
        },
        n_units=2,
    )
    assert BareVeto().veto_causes(None, events, 0) == (
        gp.VetoCause(trigger="acc", name="acc", note="夜间"),
        gp.VetoCause(trigger="late", name="late", note=None),
    )


class NoScore:
    columns: ClassVar[Mapping[str, str]] = {"value": "number"}


class BadRule(gp.BaseRule):
    stage = "later"  # type: ignore[assignment]
    vetoes = "yes"  # type: ignore[assignment]
    columns: ClassVar[Mapping[str, Any]] = {"x": "date"}


def test_what_a_plugin_lacks_is_a_plugin_error() -> None:
    with pytest.raises(govperf.PluginError) as info:
        gp.register_evaluator("test_no_score", NoScore)
    assert str(info.value) == (
        f"the evaluator 'test_no_score' ({__name__}:NoScore) does not fit "
        "govperf.plugin.BaseEvaluator: it lacks score(params, records, max_points)"
    )
    assert "test_no_score" not in gp.evaluator_names()
    with pytest.raises(govperf.PluginError) as info:
        gp.register_rule("test_bad", BadRule)
    assert str(info.value) == (
        f"the rule 'test_bad' ({__name__}:BadRule) does not fit govperf.plugin.BaseRule: "
        "it lacks apply(params, state, events); "
        "columns must map column names to 'number' or 'text', got {'x': 'date'}; "
        "stage must be 'adjust' or 'classify', got 'later'; "
        "vetoes must be True or False, got 'yes'"
    )
    with pytest.raises(govperf.PluginError, match=r"is not a class: make it a subclass"):
        gp.register_rule("test_obj", object())  # type: ignore[arg-type]


def test_duplicate_names_are_errors_naming_both(registered: list[tuple[str, str]]) -> None:
    with pytest.raises(govperf.PluginError) as info:
        gp.register_rule("veto", Flag)
    message = str(info.value)
    assert message.startswith(
        "rule 'veto' is already registered (govperf (govperf.rules.veto:Veto))"
    )
    assert message.endswith(f"cannot register {__name__}:Flag under the same name")
    add_rule(registered, "test_flag", Flag)
    with pytest.raises(govperf.PluginError) as info:
        gp.register_rule("test_flag", BareVeto)
    assert str(info.value) == (
        f"rule 'test_flag' is already registered ({__name__}:Flag, registered in this process); "
        f"cannot register {__name__}:BareVeto under the same name"
    )
    assert "test_flag" in gp.rule_names()


def test_validators_are_public() -> None:
    @frozen(kw_only=True)
    class P:
        share: float = field(validator=gp.fraction)
        label: str = field(default="x", validator=gp.non_empty_text)
        cap: float | None = field(default=None, validator=gp.positive_or_none)

    assert P(share=0.5).share == 0.5
    with pytest.raises(ValueError, match=r"share must be between 0 and 1, got 1\.5"):
        P(share=1.5)
    with pytest.raises(ValueError, match="label must not be empty"):
        P(share=0, label=" ")
    with pytest.raises(ValueError, match="cap must be positive, got 0"):
        P(share=0, cap=0)

"""The JSON Schema describes every evaluator's and rule's parameters, from their Params
classes: a misspelt or out-of-range parameter fails in the editor as at validation."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import numpy as np
import pytest
import yaml
from attrs import field, frozen

import govperf
import govperf.plugin as gp
from govperf.scheme._jsonschema import scheme_json_schema

SCHEMES = Path(__file__).parent / "data" / "schemes"


def _leaves(error: jsonschema.ValidationError) -> list[str]:
    """The innermost messages of an error (an ``anyOf`` of a value or null reports
    its branches' errors; the null branch's is left out)."""
    if not error.context:
        return [error.message]
    return [
        message
        for sub in error.context
        if not (sub.validator == "type" and sub.validator_value == "null")
        for message in _leaves(sub)
    ]


def errors(doc: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(scheme_json_schema())
    return sorted(m for e in validator.iter_errors(doc) for m in _leaves(e))


def leaf_errors(kind: str, params: dict[str, Any]) -> list[str]:
    """Errors of a one-leaf scheme whose leaf has this evaluator."""
    return errors(
        {
            "schema_version": 1,
            "id": "t",
            "title": "测试",
            "total_points": 10,
            "tiers": [{"name": "指标"}],
            "nodes": [
                {
                    "id": "a",
                    "name": "甲",
                    "points": 10,
                    "evaluator": {"kind": kind, "params": params},
                }
            ],
        }
    )


def messages_of(path: Path) -> list[str]:
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    return errors(data)


def test_a_misspelt_parameter_of_a_built_in_evaluator_is_rejected() -> None:
    assert leaf_errors("rank", {"direction": "lower"}) == []
    assert leaf_errors("rank", {"direciton": "lower"}) == [
        "Additional properties are not allowed ('direciton' was unexpected)"
    ]


def test_a_parameter_of_another_kind_is_rejected() -> None:
    # 'scale' belongs to direct and raters, not to rank
    assert leaf_errors("direct", {"scale": 100}) == []
    assert leaf_errors("rank", {"scale": 100}) == [
        "Additional properties are not allowed ('scale' was unexpected)"
    ]


def test_values_follow_the_types_and_validators() -> None:
    assert leaf_errors("rank", {"last_share": 1.5}) == ["1.5 is greater than the maximum of 1"]
    assert leaf_errors("rank", {"direction": "up"}) == ["'up' is not one of ['higher', 'lower']"]
    assert leaf_errors("direct", {"scale": 0}) == ["0 is less than or equal to the minimum of 0"]
    assert leaf_errors("direct", {"scale": None}) == []  # optional: null stays allowed
    assert leaf_errors("raters", {"trim": "one"}) == ["'one' is not of type 'integer'"]


def test_required_parameters_and_nested_classes() -> None:
    assert leaf_errors("bands", {}) == ["'bands' is a required property"]
    assert leaf_errors("bands", {"bands": [{"min": 90, "share": 1}]}) == []
    assert leaf_errors("bands", {"bands": [{"min": 90, "shares": 1}]}) == [
        "Additional properties are not allowed ('shares' was unexpected)"
    ]
    assert leaf_errors("deduction", {"types": {"late": {"points": -1}}}) == [
        "-1 is less than or equal to the minimum of 0"
    ]


def test_an_unknown_kind_is_rejected() -> None:
    (message,) = leaf_errors("rnak", {})
    assert message.startswith("'rnak' is not one of ['bands', ")


def test_every_built_in_is_described_from_its_params_class() -> None:
    schema = scheme_json_schema()
    defs = schema["$defs"]
    for spec, names in (
        ("EvaluatorSpec", gp.evaluator_names()),
        ("RuleSpec", gp.rule_names()),
    ):
        for branch in defs[spec]["allOf"]:
            name = branch["if"]["properties"]["kind"]["const"]
            assert name in names
            params = branch["then"]["properties"]["params"]
            assert "Not described" not in params.get("description", ""), (spec, name)
            assert "$ref" in params, (spec, name)
            ref = params["$ref"].removeprefix("#/$defs/")
            assert defs[ref]["additionalProperties"] is False


def test_rule_parameters_are_checked_too() -> None:
    data = json.loads(
        json.dumps(yaml.safe_load(govperf.bundled_scheme_text("xicheng_2013")), default=str)
    )
    bonus = next(r for r in data["rules"] if r["kind"] == "bonus")
    assert errors(data) == []
    bonus["params"]["capp"] = 5
    assert errors(data) == ["Additional properties are not allowed ('capp' was unexpected)"]


def test_descriptions_come_from_field_docstrings() -> None:
    defs = scheme_json_schema()["$defs"]
    assert defs["DirectParams"]["properties"]["scale"]["description"] == (
        "Score scale of the assessor (e.g. 100); absent: the value is the points."
    )


@pytest.mark.parametrize("path", sorted(SCHEMES.glob("*.yaml")), ids=lambda p: p.name)
def test_example_schemes_pass(path: Path) -> None:
    assert messages_of(path) == []


# -- a plugin's parameters -----------------------------------------------------------


@frozen(kw_only=True)
class Node:
    """A plugin class that shares its name with the model's Node."""

    weight: float = field(validator=gp.fraction)
    """How much the step counts."""


@frozen(kw_only=True)
class StarParams:
    """Parameters of the test plugin."""

    stars: int = 5
    """Most stars a unit can get."""
    steps: tuple[Node, ...] = ()


class Stars(gp.BaseEvaluator):
    """A plugin evaluator with parameters."""

    Params: ClassVar[type[StarParams]] = StarParams
    columns: ClassVar[dict[str, gp.ColumnKind]] = {"value": "number"}

    @staticmethod
    def score(params: StarParams, records: gp.Records, max_points: np.ndarray) -> np.ndarray:
        return np.asarray(records.per_unit("value") / params.stars * max_points)


class Plain(gp.BaseEvaluator):
    """A plugin evaluator without parameters."""

    @staticmethod
    def score(params: None, records: gp.Records, max_points: np.ndarray) -> np.ndarray:
        return np.zeros(records.n_units)


@frozen
class Odd:
    when: complex = 1j


class Strange(gp.BaseEvaluator):
    """A plugin whose parameters use a type JSON cannot describe."""

    Params: ClassVar[type[Odd]] = Odd

    @staticmethod
    def score(params: Odd, records: gp.Records, max_points: np.ndarray) -> np.ndarray:
        return np.zeros(records.n_units)


@pytest.fixture
def plugins() -> Iterator[None]:
    gp.register_evaluator("stars_test", Stars)
    gp.register_evaluator("plain_test", Plain)
    gp.register_evaluator("strange_test", Strange)
    try:
        yield
    finally:
        for name in ("stars_test", "plain_test", "strange_test"):
            gp.unregister_evaluator(name)


@pytest.mark.usefixtures("plugins")
def test_a_plugins_parameters_are_described() -> None:
    schema = scheme_json_schema()
    defs = schema["$defs"]
    assert defs["StarParams"]["properties"]["stars"] == {
        "description": "Most stars a unit can get.",
        "type": "integer",
        "default": 5,
    }
    # the plugin's Node does not replace the model's
    assert "children" in defs["Node"]["properties"]
    qualified = f"{__name__}.Node"
    assert defs[qualified]["properties"]["weight"]["maximum"] == 1
    assert leaf_errors("stars_test", {"stars": 3, "steps": [{"weight": 0.5}]}) == []
    assert leaf_errors("stars_test", {"star": 3}) == [
        "Additional properties are not allowed ('star' was unexpected)"
    ]
    assert leaf_errors("stars_test", {"steps": [{"weight": 2}]}) == [
        "2 is greater than the maximum of 1"
    ]


@pytest.mark.usefixtures("plugins")
def test_a_plugin_without_params_takes_none_and_an_odd_one_stays_free() -> None:
    assert leaf_errors("plain_test", {}) == []
    assert leaf_errors("plain_test", {"x": 1}) == ["{'x': 1} is expected to be empty"]
    spec = scheme_json_schema()["$defs"]["EvaluatorSpec"]
    strange = next(
        b["then"]["properties"]["params"]
        for b in spec["allOf"]
        if b["if"]["properties"]["kind"]["const"] == "strange_test"
    )
    assert strange["type"] == "object"
    assert strange["description"].startswith("Not described: no JSON Schema for the type")
    assert leaf_errors("strange_test", {"when": "anything"}) == []


def test_the_schema_is_not_changed_by_generation() -> None:
    first = scheme_json_schema()
    again = copy.deepcopy(first)
    assert scheme_json_schema() == again


def test_every_built_in_evaluator_parameter_has_a_description() -> None:
    """Editors show the description on hover; the built-in evaluators give one for every
    parameter, nested ones included."""
    defs = scheme_json_schema()["$defs"]
    seen: set[str] = set()
    undescribed: list[str] = []

    def walk(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        for key, prop in defs[name]["properties"].items():
            if "description" not in prop:
                undescribed.append(f"{name}.{key}")
            for ref in re.findall(r'#/\$defs/([^"]+)', json.dumps(prop)):
                walk(ref)

    built_in = {
        ep.name
        for ep in entry_points(group="govperf.evaluators")
        if ep.value.startswith("govperf.evaluators.")
    }
    for branch in defs["EvaluatorSpec"]["allOf"]:
        if branch["if"]["properties"]["kind"]["const"] in built_in:
            walk(branch["then"]["properties"]["params"]["$ref"].removeprefix("#/$defs/"))
    assert len(seen) >= 14
    assert undescribed == []

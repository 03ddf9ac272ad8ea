"""The JSON Schema generated from the model: well-formed, accepts the bundled scheme,
rejects what the loader rejects for shape and type reasons."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, Literal

import attrs
import jsonschema
import pytest
import yaml

import govperf
from govperf.scheme import _jsonschema
from govperf.scheme._jsonschema import _Generator, scheme_json_schema
from helpers import jsonable


def bundled_yaml() -> dict[str, Any]:
    text = govperf.bundled_scheme_text("xicheng_2013")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        scheme_json_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def errors(doc: Any) -> list[str]:
    return [error.message for error in validator().iter_errors(doc)]


def test_schema_is_valid_draft_2020_12() -> None:
    schema = scheme_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "govperf scheme file"
    assert "$id" not in schema


def test_exposed_lazily_on_the_package() -> None:
    assert govperf.scheme_json_schema is scheme_json_schema


def test_top_level_keys_and_required() -> None:
    schema = scheme_json_schema()
    assert list(schema["properties"]) == [
        "schema_version",
        "id",
        "title",
        "title_en",
        "total_points",
        "metadata",
        "markers",
        "tiers",
        "groups",
        "scoring",
        "nodes",
        "levels",
        "rules",
    ]
    assert schema["required"] == ["schema_version", "id", "title", "total_points"]
    # the tree in one of two forms: tiers + nodes, or the 3-tier levels
    assert schema["oneOf"] == [
        {"required": ["tiers", "nodes"], "not": {"required": ["levels"]}},
        {"required": ["levels"], "not": {"required": ["nodes"]}},
    ]
    assert schema["properties"]["nodes"]["items"] == {"$ref": "#/$defs/Node"}
    assert schema["properties"]["levels"]["items"] == {"$ref": "#/$defs/Level"}
    assert schema["properties"]["schema_version"]["const"] == 1
    assert schema["additionalProperties"] is False
    assert "_index" not in schema["properties"]
    assert "index" not in schema["properties"]


def test_defs_cover_every_nested_class() -> None:
    defs = scheme_json_schema()["$defs"]
    model = {cls.__name__ for cls in (govperf.Scheme, *_model_classes())} - {"Scheme"}
    # the model's classes, plus the plugins' parameter classes (tested below)
    assert sorted(model & set(defs)) == [
        "Assessor",
        "EvaluatorSpec",
        "Indicator",
        "Level",
        "Metadata",
        "Node",
        "RuleSpec",
        "Scoring",
        "SubIndicator",
        "Tier",
        "UnitGroup",
    ]
    for name, definition in defs.items():
        assert definition["additionalProperties"] is False, name
        assert definition["type"] == "object", name


def test_sub_indicator_definition() -> None:
    sub = scheme_json_schema()["$defs"]["SubIndicator"]
    assert list(sub["properties"]) == [
        "id",
        "name",
        "name_en",
        "points",
        "points_by_group",
        "marker",
        "content",
        "assessors",
        "evaluator",
        "note",
    ]
    assert sub["required"] == ["id", "name"]
    props = sub["properties"]
    assert props["name"]["type"] == "string"
    assert props["name_en"]["anyOf"] == [{"type": "string"}, {"type": "null"}]
    assert props["name_en"]["default"] is None
    assert props["assessors"]["type"] == "array"
    assert props["assessors"]["items"] == {"$ref": "#/$defs/Assessor"}
    assert props["assessors"]["default"] == []
    assert props["evaluator"]["anyOf"] == [{"$ref": "#/$defs/EvaluatorSpec"}, {"type": "null"}]


def test_scalar_types_follow_the_model() -> None:
    defs = scheme_json_schema()["$defs"]
    pooled = defs["Indicator"]["properties"]["pooled"]
    assert pooled["type"] == "boolean"
    assert pooled["default"] is False
    assert defs["Indicator"]["properties"]["points"]["type"] == "number"
    precision = defs["Scoring"]["properties"]["precision"]
    assert (precision["type"], precision["default"]) == ("integer", 2)
    issue_date = defs["Metadata"]["properties"]["issue_date"]
    assert issue_date["anyOf"] == [{"type": "string", "format": "date"}, {"type": "null"}]
    notes = defs["Metadata"]["properties"]["notes"]
    assert notes["items"] == {"type": "string"}
    markers = scheme_json_schema()["properties"]["markers"]
    assert markers == {
        "description": markers["description"],
        "type": "object",
        "additionalProperties": {"type": "string"},
        "default": {},
    }


def test_params_are_checked_by_kind() -> None:
    """``params`` itself is an object; each kind's parameters come in by ``if``/``then``."""
    defs = scheme_json_schema()["$defs"]
    for name in ("EvaluatorSpec", "RuleSpec"):
        params = defs[name]["properties"]["params"]
        assert params["type"] == "object"
        assert "additionalProperties" not in params
        kinds = defs[name]["properties"]["kind"]["enum"]
        assert [b["if"]["properties"]["kind"]["const"] for b in defs[name]["allOf"]] == kinds
    assert defs["EvaluatorSpec"]["properties"]["kind"]["enum"] == govperf.plugin.evaluator_names()
    assert defs["RuleSpec"]["properties"]["kind"]["enum"] == govperf.plugin.rule_names()


def test_a_new_dict_every_call() -> None:
    first = scheme_json_schema()
    first["properties"]["levels"]["minItems"] = 99
    first["$defs"]["Level"]["required"].append("bogus")
    second = scheme_json_schema()
    assert second["properties"]["levels"]["minItems"] == 1
    assert "bogus" not in second["$defs"]["Level"]["required"]


def test_bundled_scheme_validates_from_the_model() -> None:
    data = jsonable(govperf.scheme_to_dict(govperf.load_scheme("xicheng_2013")))
    assert data["metadata"]["issue_date"] == "2013-06-21"
    assert errors(data) == []


def test_bundled_yaml_file_validates() -> None:
    data = jsonable(bundled_yaml())
    assert errors(data) == []


def _sub(data: dict[str, Any]) -> dict[str, Any]:
    """The sub-indicator 信访办理 (levels[1].indicators[0].sub_indicators[1])."""
    sub = data["levels"][1]["indicators"][0]["sub_indicators"][1]
    assert sub["id"] == "petitions"
    assert isinstance(sub, dict)
    return sub


def _points_as_text(d: dict[str, Any]) -> None:
    _sub(d)["points"] = "2"


def _unknown_key(d: dict[str, Any]) -> None:
    _sub(d)["weighting"] = 2


def _no_schema_version(d: dict[str, Any]) -> None:
    del d["schema_version"]


def _schema_version_2(d: dict[str, Any]) -> None:
    d["schema_version"] = 2


def _pooled_as_text(d: dict[str, Any]) -> None:
    d["levels"][0]["indicators"][0]["pooled"] = "yes"


def _assessor_without_name(d: dict[str, Any]) -> None:
    del _sub(d)["assessors"][0]["name"]


def _no_levels(d: dict[str, Any]) -> None:
    d["levels"] = []


def _negative_points(d: dict[str, Any]) -> None:
    _sub(d)["points"] = -2


def _bad_id(d: dict[str, Any]) -> None:
    _sub(d)["id"] = "2petitions"


def _precision_as_float(d: dict[str, Any]) -> None:
    d["scoring"]["precision"] = 2.5


BREAKAGES = [
    _points_as_text,
    _unknown_key,
    _no_schema_version,
    _schema_version_2,
    _pooled_as_text,
    _assessor_without_name,
    _no_levels,
    _negative_points,
    _bad_id,
    _precision_as_float,
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__.strip("_"))
def test_schema_and_loader_both_reject(breakage: Any) -> None:
    data = jsonable(bundled_yaml())
    broken = copy.deepcopy(data)
    breakage(broken)
    assert errors(broken), "the JSON Schema accepted a broken scheme"
    assert govperf.validate_scheme(broken), "the loader accepted a broken scheme"


def test_bad_date_fails_the_format_check() -> None:
    data = jsonable(bundled_yaml())
    data["metadata"]["issue_date"] = "2013-13-45"
    assert len(errors(data)) == 1


def test_nulls_are_accepted() -> None:
    data = jsonable(bundled_yaml())
    _sub(data)["evaluator"] = None
    _sub(data)["name_en"] = None
    assert errors(data) == []


def test_pooled_sub_indicator_may_omit_points() -> None:
    data = jsonable(bundled_yaml())
    assert "points" not in data["levels"][0]["indicators"][0]["sub_indicators"][0]
    data["levels"][0]["indicators"][0]["sub_indicators"][1]["points"] = None
    assert errors(data) == []


# -- the generator on types the model does not use (yet) --------------------------


@attrs.frozen
class _Inner:
    flag: bool


@attrs.frozen
class _Sample:
    mode: Literal["mean", "trimmed_mean"]
    pair: tuple[int, str]
    items: list[_Inner]
    inner: _Inner | None = None
    when: dt.datetime | None = None
    counts: dict[str, int] = attrs.field(factory=dict)


def test_generator_handles_literal_fixed_tuple_list_and_nested_classes() -> None:
    gen = _Generator()
    schema = gen.object_schema(_Sample)
    props = schema["properties"]
    assert props["mode"] == {"enum": ["mean", "trimmed_mean"]}
    assert props["pair"] == {
        "type": "array",
        "prefixItems": [{"type": "integer"}, {"type": "string"}],
        "minItems": 2,
        "maxItems": 2,
    }
    assert props["items"] == {"type": "array", "items": {"$ref": "#/$defs/_Inner"}}
    assert props["inner"] == {
        "anyOf": [{"$ref": "#/$defs/_Inner"}, {"type": "null"}],
        "default": None,
    }
    assert props["when"]["anyOf"][0] == {"type": "string", "format": "date-time"}
    assert props["counts"] == {
        "type": "object",
        "additionalProperties": {"type": "integer"},
        "default": {},
    }
    assert schema["required"] == ["mode", "pair", "items"]
    assert gen.defs["_Inner"]["required"] == ["flag"]


def test_generator_refuses_unknown_types() -> None:
    with pytest.raises(TypeError, match="complex"):
        _Generator().type_schema(complex)
    with pytest.raises(TypeError, match="mapping keys must be text"):
        _Generator().type_schema(dict[int, str])


def test_field_extras_name_real_fields() -> None:
    """A renamed model field must not leave a stale override behind."""
    classes = {cls.__name__: cls for cls in (govperf.Scheme, *_model_classes())}
    for key in [*_jsonschema._FIELD_EXTRAS, *_jsonschema._DESCRIPTIONS]:
        cls_name, field_name = key.split(".")
        names = {a.name for a in attrs.fields(classes[cls_name])}
        assert field_name in names, key
    for cls_name, keys in _jsonschema._REQUIRED_EXTRAS.items():
        names = {a.name for a in attrs.fields(classes[cls_name])}
        assert set(keys) <= names, cls_name


def _model_classes() -> tuple[type, ...]:
    return (
        govperf.Node,
        govperf.Tier,
        govperf.UnitGroup,
        govperf.Level,
        govperf.Indicator,
        govperf.SubIndicator,
        govperf.Assessor,
        govperf.EvaluatorSpec,
        govperf.RuleSpec,
        govperf.Metadata,
        govperf.Scoring,
    )

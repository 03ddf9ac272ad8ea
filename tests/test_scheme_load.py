"""Loading and writing scheme files: broken files against their exact messages, round trips."""

from __future__ import annotations

import os
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import govperf
from govperf import Scheme, SchemeError
from samples import MINI
from strategies import Evaluation, evaluations, schemes

INVALID = Path(__file__).parent / "data" / "invalid"
INVALID_FILES = sorted(p.name for p in INVALID.glob("*.yaml"))


def test_invalid_files_are_there() -> None:
    assert len(INVALID_FILES) >= 27
    for name in INVALID_FILES:
        assert (INVALID / name).with_suffix(".expected").is_file(), name


@pytest.mark.parametrize("name", INVALID_FILES)
def test_invalid_file_message(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each broken file fails with exactly the message stored beside it."""
    monkeypatch.chdir(INVALID)
    expected = (INVALID / name).with_suffix(".expected").read_text(encoding="utf-8")
    with pytest.raises(SchemeError) as info:
        govperf.load_scheme(name)
    assert info.value.render(lang="en") + "\n" == expected
    assert str(info.value) == info.value.render() == info.value.render(lang="zh")
    # validate_scheme reports the same problems without raising
    assert tuple(govperf.validate_scheme(name)) == info.value.problems


def test_invalid_base_is_valid() -> None:
    """The files under data/invalid are each one change away from this valid scheme."""
    scheme = govperf.loads_scheme(MINI, "mini.yaml")
    assert scheme.total_points == 10
    assert [s.points for s in scheme.sub_indicators] == [4, 2, 4]


def _load_problems(name: str) -> tuple[govperf.Problem, ...]:
    with pytest.raises(SchemeError) as info:
        govperf.load_scheme(INVALID / name)
    return info.value.problems


def test_problem_fields() -> None:
    (problem,) = _load_problems("points_wrong_type.yaml")
    assert problem.file == str(INVALID / "points_wrong_type.yaml")
    assert problem.line == 23
    assert problem.column == 21
    assert problem.path == ("levels", 0, "indicators", 0, "sub_indicators", 1, "points")
    assert problem.code == "type"
    assert problem.message == "expected a number, got '两分'"


@pytest.mark.parametrize(
    ("name", "code", "line", "column", "path"),
    [
        ("yaml_syntax.yaml", "yaml-syntax", 27, 15, ()),
        (
            "duplicate_key.yaml",
            "duplicate-key",
            19,
            13,
            ("levels", 0, "indicators", 0, "sub_indicators", 0, "name"),
        ),
        # an unknown key is located at the key itself
        (
            "unknown_key_did_you_mean.yaml",
            "unknown-key",
            30,
            9,
            ("levels", 1, "indicators", 0, "notes"),
        ),
        (
            "missing_key.yaml",
            "missing-key",
            32,
            13,
            ("levels", 1, "indicators", 0, "sub_indicators", 0, "name"),
        ),
        (
            "nan_points.yaml",
            "type",
            23,
            21,
            ("levels", 0, "indicators", 0, "sub_indicators", 1, "points"),
        ),
        (
            "negative_points.yaml",
            "points-range",
            23,
            21,
            ("levels", 0, "indicators", 0, "sub_indicators", 1, "points"),
        ),
        (
            "duplicate_id_level_sub.yaml",
            "duplicate-id",
            32,
            17,
            ("levels", 1, "indicators", 0, "sub_indicators", 0, "id"),
        ),
        ("duplicate_id_rule_node.yaml", "duplicate-id", 36, 9, ("rules", 0, "id")),
        # a points-sum problem is located at the parent's points value
        (
            "points_sum_indicator.yaml",
            "points-sum",
            15,
            17,
            ("levels", 0, "indicators", 0, "points"),
        ),
        ("points_sum_level.yaml", "points-sum", 26, 13, ("levels", 1, "points")),
        ("points_sum_total.yaml", "points-sum", 5, 15, ("total_points",)),
        (
            "pooled_sub_with_points.yaml",
            "pooled-points",
            23,
            21,
            ("levels", 0, "indicators", 0, "sub_indicators", 1, "points"),
        ),
        ("bonus_cap_zero.yaml", "invalid", 40, 12, ("rules", 0, "params", "cap")),
        ("unknown_rule_kind.yaml", "unknown-plugin", 37, 11, ("rules", 0, "kind")),
        (
            "unknown_evaluator_kind.yaml",
            "unknown-plugin",
            36,
            21,
            ("levels", 1, "indicators", 0, "sub_indicators", 0, "evaluator", "kind"),
        ),
        ("bad_veto_effect.yaml", "type", 45, 15, ("rules", 1, "params", "effect")),
        (
            "unknown_marker.yaml",
            "unknown-marker",
            20,
            21,
            ("levels", 0, "indicators", 0, "sub_indicators", 0, "marker"),
        ),
        ("schema_version_2.yaml", "schema-version", 2, 17, ("schema_version",)),
        ("empty.yaml", "empty", 1, 1, ()),
    ],
)
def test_problem_location(
    name: str, code: str, line: int, column: int, path: tuple[str | int, ...]
) -> None:
    (problem,) = _load_problems(name)
    assert (problem.code, problem.line, problem.column, problem.path) == (code, line, column, path)


def test_unknown_plugin_names_kind_and_known_ones() -> None:
    from govperf._plugins import evaluators, rules

    (problem,) = _load_problems("unknown_rule_kind.yaml")
    assert "'reward'" in problem.message
    for name in rules.names():
        assert name in problem.message
    (problem,) = _load_problems("unknown_evaluator_kind.yaml")
    assert "'questionnaire'" in problem.message
    for name in evaluators.names():
        assert name in problem.message


def test_many_problems_all_reported_sorted_by_line() -> None:
    problems = _load_problems("many_problems.yaml")
    assert [p.code for p in problems] == [
        "schema-version",
        "points-sum",
        "unknown-key",
        "unknown-marker",
        "type",
        "points-sum",
        "duplicate-id",
        "invalid",
        "type",
    ]
    lines = [p.line for p in problems]
    assert lines == [2, 5, 11, 21, 24, 27, 33, 41, 46]
    assert all(p.file == str(INVALID / "many_problems.yaml") for p in problems)


# -- round trips ---------------------------------------------------------------------------


def test_dump_load_xicheng(xicheng: Scheme) -> None:
    text = govperf.dump_scheme(xicheng)
    assert "履职效率" in text
    assert "西政办发〔2013〕15号" in text
    assert "\\u" not in text
    assert govperf.loads_scheme(text) == xicheng
    assert govperf.validate_scheme(xicheng) == []


def test_dump_to_path(xicheng: Scheme, tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    text = govperf.dump_scheme(xicheng, target)
    assert target.read_text(encoding="utf-8") == text
    assert govperf.load_scheme(target) == xicheng
    assert govperf.load_scheme(str(target)) == xicheng


def test_dump_omits_defaults_and_keeps_order(xicheng: Scheme) -> None:
    data = govperf.scheme_to_dict(xicheng)
    assert list(data)[:4] == ["schema_version", "id", "title", "title_en"]
    assert data["total_points"] == 100
    assert isinstance(data["total_points"], int)  # 100, not 100.0
    duties = data["levels"][0]["indicators"][0]
    assert duties["pooled"] is True
    assert "points" not in duties["sub_indicators"][0]
    assert "pooled" not in data["levels"][0]["indicators"][1]  # default false omitted
    assert govperf.scheme_from_dict(data) == xicheng


@given(schemes())
def test_round_trip_property(scheme: Scheme) -> None:
    assert govperf.validate_scheme(scheme) == []
    text = govperf.dump_scheme(scheme)
    assert govperf.loads_scheme(text) == scheme
    assert govperf.scheme_from_dict(govperf.scheme_to_dict(scheme)) == scheme


@given(evaluations())
def test_round_trip_of_scored_schemes_at_any_depth(ev: Evaluation) -> None:
    # evaluators with parameters, rules, pools and tie-breaks, 1-4 tiers in both forms
    scheme = ev.scheme
    text = govperf.dump_scheme(scheme)
    again = govperf.loads_scheme(text)
    assert again == scheme
    assert govperf.dump_scheme(again) == text
    assert govperf.scheme_from_dict(govperf.scheme_to_dict(scheme)) == scheme


# -- reading files --------------------------------------------------------------------------


def test_bundled_schemes_list() -> None:
    assert "xicheng_2013" in govperf.bundled_schemes()


def test_bundled_name_loads_from_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # nothing called xicheng_2013 here
    scheme = govperf.load_scheme("xicheng_2013")
    text = govperf.bundled_scheme_text("xicheng_2013")
    assert scheme == govperf.loads_scheme(text)
    assert len(scheme.sub_indicators) == 16


def test_missing_name_lists_bundled() -> None:
    with pytest.raises(SchemeError) as info:
        govperf.load_scheme("xicheng_2031")
    bundled = ", ".join(govperf.bundled_schemes())
    assert info.value.render(lang="en") == (
        "1 problem in xicheng_2031\n"
        f"xicheng_2031: no such file and is not a bundled scheme (bundled: {bundled})"
    )
    assert info.value.problems[0].code == "not-found"


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(SchemeError) as info:
        govperf.load_scheme(path)
    assert info.value.render(lang="en") == f"1 problem in {path}\n{path}: no such file"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(SchemeError) as info:
        govperf.load_scheme(tmp_path)
    assert (
        info.value.render(lang="en")
        == f"1 problem in {tmp_path}\n{tmp_path}: is a directory, not a scheme file"
    )


def test_not_utf8_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(MINI.encode("gbk"))
    with pytest.raises(SchemeError) as info:
        govperf.load_scheme(path)
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert problem.code == "encoding"
    assert problem.line == 3  # 'title: 测试方案' is the first line that is not ASCII
    assert str(path) in str(info.value)
    assert "UTF-8" in problem.message
    # validate_scheme returns the same problem instead of raising
    assert govperf.validate_scheme(path) == [problem]


def test_bom_prefixed_utf8_loads(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.encode("utf-8"))
    assert govperf.load_scheme(path) == govperf.loads_scheme(MINI)


def test_crlf_line_endings_load(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(MINI.replace("\n", "\r\n").encode("utf-8"))
    assert govperf.load_scheme(path) == govperf.loads_scheme(MINI)


@pytest.mark.parametrize("name", ["valid", "many_problems.yaml"])
def test_loading_never_modifies_the_file(name: str, tmp_path: Path) -> None:
    path = tmp_path / "scheme.yaml"
    if name == "valid":
        path.write_text(MINI, encoding="utf-8")
    else:
        path.write_bytes((INVALID / name).read_bytes())
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    try:
        govperf.load_scheme(path)
    except SchemeError:
        assert name != "valid"
    govperf.validate_scheme(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scheme.yaml"]


def test_scheme_from_dict_errors_have_paths_and_no_lines() -> None:
    data = govperf.scheme_to_dict(govperf.loads_scheme(MINI))
    data["levels"][0]["points"] = "六"
    with pytest.raises(SchemeError) as info:
        govperf.scheme_from_dict(data, source="form")
    (problem,) = info.value.problems
    assert problem.path == ("levels", 0, "points")
    assert problem.line is None
    assert (
        info.value.render(lang="en")
        == "1 problem in form\nform: levels[0].points: expected a number, got '六'"
    )


def test_evolve_then_dump_keeps_changes(xicheng: Scheme) -> None:
    level = attrs.evolve(xicheng.levels[0], name="履职效率(改)")
    changed = attrs.evolve(xicheng, levels=(level, *xicheng.levels[1:]))
    assert govperf.loads_scheme(govperf.dump_scheme(changed)).levels[0].name == "履职效率(改)"

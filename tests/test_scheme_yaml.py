"""The position-keeping YAML layer, and hostile input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import govperf
from govperf import Problem, SchemeError
from govperf.scheme._yaml import MAX_DEPTH, MAX_NODES, dump_yaml, load_yaml
from samples import MINI


def _problems(text: str, name: str = "f.yaml") -> tuple[Problem, ...]:
    with pytest.raises(SchemeError) as info:
        govperf.loads_scheme(text, name)
    return info.value.problems


def test_positions_of_values_and_keys() -> None:
    loaded = load_yaml("a:\n  b: [1, 2]\n  c: x\n", "f")
    assert loaded.data == {"a": {"b": [1, 2], "c": "x"}}
    assert loaded.problems == []
    assert loaded.marks[("a", "b", 1)] == (2, 10)
    assert loaded.marks[("a", "c")] == (3, 6)
    assert loaded.key_marks[("a", "c")] == (3, 3)
    assert loaded.mark(("a", "c"), key=True) == (3, 3)
    assert loaded.mark(("a", "c", "missing")) == (3, 6)  # nearest recorded ancestor


def test_python_object_apply_is_never_run(tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    text = MINI.replace(
        "title: 测试方案", f'title: !!python/object/apply:os.system ["echo pwned > {target}"]'
    )
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemeError) as info:
        govperf.load_scheme(path)
    assert not target.exists()
    (problem,) = info.value.problems  # not also "title: expected text, got nothing"
    assert problem.code == "yaml-tag"
    assert (problem.line, problem.column) == (3, 8)
    assert problem.path == ("title",)
    assert "python/object/apply:os.system" in problem.message
    assert not target.exists()


def test_python_name_tag() -> None:
    (problem,) = _problems(MINI.replace("id: mini", "id: !!python/name:os.system"))
    assert problem.code == "yaml-tag"
    assert problem.line == 2
    assert problem.path == ("id",)


@pytest.mark.parametrize(
    "value", ["!!python/object:os.Popen {}", "!!set {a, b}", "!!binary aGk=", "!foo bar"]
)
def test_other_tags_rejected(value: str) -> None:
    (problem,) = _problems(MINI.replace("title: 测试方案", f"title: {value}"))
    assert problem.code == "yaml-tag"
    assert problem.line == 3


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    text = "\n".join(lines) + "\n"  # 9 ** 10 values when expanded
    start = time.perf_counter()
    with pytest.raises(SchemeError) as info:
        govperf.loads_scheme(text, "lol.yaml")
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0  # a generous safety bound
    (problem,) = info.value.problems
    assert problem.code == "too-large"
    assert str(MAX_NODES) in problem.message


def test_aliases_within_bounds_are_fine() -> None:
    loaded = load_yaml("a: &x [1, 2]\nb: *x\n", "f")
    assert loaded.data == {"a": [1, 2], "b": [1, 2]}
    assert loaded.problems == []


def test_deep_nesting_is_refused() -> None:
    text = "a: " + "[" * 1000 + "]" * 1000 + "\n"
    loaded = load_yaml(text, "f")
    assert loaded.data is None
    (problem,) = loaded.problems
    assert problem.code == "too-large"
    assert problem.message == (
        f"the document is nested more than {MAX_DEPTH} levels deep; refusing to load it"
    )
    # the root mapping is level 1, so the 100th '[' (column 103) is one level too deep
    assert (problem.line, problem.column) == (1, 103)


def test_nesting_up_to_the_limit_loads() -> None:
    depth = MAX_DEPTH - 1
    loaded = load_yaml("a: " + "[" * depth + "]" * depth + "\n", "f")
    assert loaded.problems == []


def test_recursive_alias() -> None:
    text = MINI.replace("markers:", "metadata:\n  notes: &a [*a]\nmarkers:")
    (problem,) = _problems(text)
    assert problem.code == "alias-cycle"
    assert problem.path == ("metadata", "notes", 0)
    assert problem.line == 6


def test_merge_keys_rejected() -> None:
    text = MINI.replace(
        "          - id: survey\n            name: 千家评政府\n",
        "          - <<: {id: survey}\n            name: 千家评政府\n",
    )
    problems = _problems(text)
    assert [p.code for p in problems] == ["yaml-merge", "missing-key"]
    assert problems[0].line == 31
    assert problems[0].column == 13
    assert problems[1].message == "missing required key 'id'"


def test_non_string_keys() -> None:
    problems = _problems(MINI + "1: one\n? [a, b]\n: two\nnull: three\n")
    assert [(p.code, p.line) for p in problems] == [
        ("yaml-key", 34),
        ("yaml-key", 35),
        ("yaml-key", 37),
    ]
    assert problems[0].message == "a mapping key must be text, got 1"
    assert problems[1].message == "a mapping key must be plain text"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("!!bool maybe", "not a valid value for the tag 'tag:yaml.org,2002:bool'"),
        ("!!int ''", "not a valid value for the tag 'tag:yaml.org,2002:int'"),
        ("!!timestamp soon", "not a valid value for the tag 'tag:yaml.org,2002:timestamp'"),
        ("2013-02-30", "day is out of range for month"),
    ],
)
def test_unreadable_values(value: str, reason: str) -> None:
    (problem,) = load_yaml(f"a: {value}\n", "f").problems
    assert problem.code == "yaml-value"
    assert problem.message.endswith(reason)
    assert (problem.line, problem.column) == (1, 4)


def test_unreadable_key() -> None:
    (problem,) = load_yaml("ok: 1\n2013-13-45: x\n", "f").problems
    assert problem.code == "yaml-key"
    assert problem.message == "cannot read the key '2013-13-45': month must be in 1..12"
    assert problem.line == 2


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            "a: [1\nb: 2\n",
            "expected ',' or ']', but got ':' "
            "(while parsing a flow sequence started at line 1, column 4)",
            2,
        ),
        (
            "a: 1\n---\nb: 2\n",
            "expected a single document in the stream, but found another document",
            2,
        ),
        ("a: *nothing\n", "found undefined alias 'nothing'", 1),
    ],
)
def test_syntax_errors(text: str, message: str, line: int) -> None:
    (problem,) = load_yaml(text, "f").problems
    assert problem.code == "yaml-syntax"
    assert problem.message == f"YAML syntax error: {message}"
    assert problem.line == line


def test_huge_integer_points() -> None:
    (problem,) = _problems(MINI.replace("total_points: 10", "total_points: 1" + "0" * 400))
    assert problem.code == "type"
    assert problem.path == ("total_points",)
    assert problem.message.startswith("expected a finite number, got 1000")


def test_dump_keeps_chinese_and_quotes_ambiguous_text() -> None:
    data = {"name": "履职效率", "a": "yes", "b": "2013-06-21", "c": "多行\n文本\n", "d": "# x"}
    text = dump_yaml(data)
    assert "履职效率" in text
    assert "\\u" not in text
    assert "c: |\n" in text
    assert load_yaml(text, "f").data == data

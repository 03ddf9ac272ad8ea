"""The label catalogue: every label in both languages, and no output spelling its own."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from govperf._labels import LABELS, check_lang, label, snake

SRC = Path(__file__).parent.parent / "src" / "govperf"

# the modules that print labels: all of them take their wording from the catalogue
OUTPUT_MODULES = (
    *sorted((SRC / "output").glob("*.py")),
    *sorted((SRC / "report").glob("*.py")),
    SRC / "plot.py",
    SRC / "io" / "_template.py",
    SRC / "cli" / "_main.py",
    SRC / "cli" / "_year.py",
    SRC / "results" / "_results.py",
    SRC / "scheme" / "_html.py",
)

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# not a label: the pattern that recognises a "this is a govperf default" note
ALLOWED = {"default|默认"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(LABELS))
def test_every_label_has_both_languages_with_the_same_placeholders(key: str) -> None:
    zh, en = LABELS[key]
    assert zh.strip()
    assert en.strip()
    assert _fields(zh) == _fields(en), key


def test_label_fills_placeholders_in_either_language() -> None:
    assert label("col.total") == "总分"
    assert label("col.total", "en") == "total"
    assert label("report.rank_of", "zh", rank=3, n=4) == "第 3 名(共 4 个排名单位)"
    assert label("report.rank_of", "en", rank=3, n=4) == "3 of 4 ranked units"
    assert label("report.all_full", leaf="子指标") == "各子指标均得满分。"


def test_unknown_key_and_language_are_refused() -> None:
    with pytest.raises(KeyError, match="no_such_label"):
        label("no_such_label")
    with pytest.raises(ValueError, match="lang must be 'zh' or 'en', got 'fr'"):
        label("col.total", "fr")
    with pytest.raises(ValueError, match="got 'ZH'"):
        check_lang("ZH")


def test_snake_turns_english_tier_names_into_column_names() -> None:
    assert snake("sub-indicator") == "sub_indicator"
    assert snake("Key Area") == "key_area"
    assert snake("—") == "node"


def _literals(path: Path) -> list[tuple[int, str]]:
    """String constants of a module, leaving out docstrings (string statements)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


@pytest.mark.parametrize("path", OUTPUT_MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_output_module_spells_a_chinese_label(path: Path) -> None:
    found = [
        f"{path.name}:{line}: {text!r}"
        for line, text in _literals(path)
        if CJK.search(text) and text not in ALLOWED
    ]
    assert found == []


def test_the_scan_finds_a_chinese_literal(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""文档。"""\nX = "总分"\n', encoding="utf-8")
    assert _literals(module) == [(2, "总分")]

"""The ``govperf`` command line, and the display-width helpers its tables rely on."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import jsonschema
import pytest
import yaml

import govperf
from govperf._labels import label
from govperf.cli import _main as cli
from govperf.output._text import char_width, display_width, pad
from helpers import jsonable

BUNDLED_TEXT = govperf.bundled_scheme_text("xicheng_2013")

Capsys = pytest.CaptureFixture[str]


def run(capsys: Capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def line_of(text: str, needle: str, after: str | None = None) -> int:
    """1-based line of the first ``needle`` in ``text`` (after the first ``after``, if given)."""
    start = text.index(after) if after is not None else 0
    return text.count("\n", 0, text.index(needle, start)) + 1


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONIOENCODING")}
    env.update(extra)
    return env


# -- _text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("abc", 3),
        ("信访办理", 8),  # four Wide characters
        ("信访办理 2", 10),
        ("ＡＢ", 4),  # Fullwidth Latin
        ("〔2013〕", 8),  # Wide brackets around four digits
        ("e\u0301", 1),  # e + combining acute accent
        ("a\u200bb", 2),  # zero-width space
        ("“千家评政府”", 12),  # Ambiguous quotes count one column each
        ("△", 1),
    ],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


def test_ambiguous_characters_can_count_two() -> None:
    assert display_width("“千家评政府”", ambiguous=2) == 14
    assert char_width("△", ambiguous=2) == 2
    assert char_width("a", ambiguous=2) == 1


def test_pad() -> None:
    assert pad("区财政局", 10) == "区财政局  "
    assert pad("区财政局", 10, "right") == "  区财政局"
    assert pad("ab", 4, "right") == "  ab"
    assert pad("区财政局", 6) == "区财政局"  # too wide: unchanged, never cut
    with pytest.raises(ValueError, match="align"):
        pad("x", 3, "centre")  # type: ignore[arg-type]


# -- validate -------------------------------------------------------------------------

VALID_LINE = ":有效(3 个评价层面、9 个一级指标、16 个二级指标,总分 100)"
VALID_LINE_EN = ": valid (3 levels, 9 indicators, 16 sub-indicators, 100 points)"


@pytest.fixture(autouse=True)
def _no_lang_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVPERF_LANG", raising=False)


def test_validate_bundled(capsys: Capsys) -> None:
    assert run(capsys, "validate", "xicheng_2013") == (0, f"xicheng_2013{VALID_LINE}\n", "")


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "en", "validate", "xicheng_2013"],
        ["validate", "xicheng_2013", "--lang", "en"],
        ["validate", "--lang=en", "xicheng_2013"],
    ],
)
def test_validate_in_english_before_or_after_the_command(capsys: Capsys, argv: list[str]) -> None:
    assert run(capsys, *argv) == (0, f"xicheng_2013{VALID_LINE_EN}\n", "")


@pytest.mark.parametrize(
    ("env", "argv", "line"),
    [
        ("en", [], VALID_LINE_EN),
        ("en_US.UTF-8", [], VALID_LINE_EN),
        ("zh_CN", [], VALID_LINE),
        ("en", ["--lang", "zh"], VALID_LINE),  # --lang wins over the environment
        ("zh", ["--lang", "en"], VALID_LINE_EN),
        ("", [], VALID_LINE),
    ],
)
def test_lang_from_the_environment(
    capsys: Capsys, monkeypatch: pytest.MonkeyPatch, env: str, argv: list[str], line: str
) -> None:
    monkeypatch.setenv("GOVPERF_LANG", env)
    assert run(capsys, "validate", "xicheng_2013", *argv) == (0, f"xicheng_2013{line}\n", "")


def test_unknown_lang_in_the_environment_is_refused(
    capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVPERF_LANG", "fr")
    assert run(capsys, "validate", "xicheng_2013") == (
        2,
        "",
        "govperf: 错误:环境变量 GOVPERF_LANG=fr 无法识别;应为 zh 或 en\n"
        "govperf: error: the environment variable GOVPERF_LANG=fr is not understood; "
        "use zh or en\n",
    )
    # an explicit --lang decides without the environment
    assert run(capsys, "--lang", "en", "validate", "xicheng_2013")[0] == 0


def test_validate_a_file(capsys: Capsys, tmp_path: Path) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(BUNDLED_TEXT, encoding="utf-8")
    assert run(capsys, "validate", str(path)) == (0, f"{path}{VALID_LINE}\n", "")


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "govperf", "validate", "xicheng_2013"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=tmp_path,
        env=subprocess_env(),
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"xicheng_2013{VALID_LINE}\n",
        "",
    )


def _changed_points() -> tuple[str, int, str]:
    # 公务员队伍建设 4 -> 5: 勤政廉政 (8 points) no longer adds up; reported at its points.
    start = BUNDLED_TEXT.index("id: civil_service")
    at = BUNDLED_TEXT.index("points: 4", start)
    text = BUNDLED_TEXT[:at] + "points: 5" + BUNDLED_TEXT[at + len("points: 4") :]
    line = line_of(text, "points: 8", after="id: diligence_integrity")
    return text, line, "9"


def _duplicated_id() -> tuple[str, int, str]:
    text = BUNDLED_TEXT.replace("id: capacity\n", "id: integrity\n")
    first = line_of(text, "- id: integrity\n")
    second = line_of(text, "- id: integrity\n", after="name: 廉政建设")
    assert second > first
    return text, second, f"duplicate id 'integrity' (first used at line {first})"


def _unknown_key() -> tuple[str, int, str]:
    at = BUNDLED_TEXT.index("\n", BUNDLED_TEXT.index("- id: petitions"))
    text = BUNDLED_TEXT[:at] + "\n            weighting: 2" + BUNDLED_TEXT[at:]
    return text, line_of(text, "weighting: 2"), "unknown key 'weighting'"


def _yaml_syntax_error() -> tuple[str, int, str]:
    at = BUNDLED_TEXT.index("\n", BUNDLED_TEXT.index("name: 法治建设"))
    text = BUNDLED_TEXT[:at] + "\n\tbad: tab" + BUNDLED_TEXT[at:]
    return text, line_of(text, "\tbad: tab"), "YAML syntax error"


BROKEN: dict[str, Callable[[], tuple[str, int, str]]] = {
    "changed-points": _changed_points,
    "duplicated-id": _duplicated_id,
    "unknown-key": _unknown_key,
    "yaml-syntax-error": _yaml_syntax_error,
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_validate_broken_scheme(capsys: Capsys, tmp_path: Path, case: str) -> None:
    text, line, fragment = BROKEN[case]()
    assert text != BUNDLED_TEXT
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    status, out, err = run(capsys, "validate", str(path), "--lang", "en")
    assert status == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == f"1 problem in {path}"
    assert len(lines) == 2
    assert lines[1].startswith(f"{path}:{line}:"), (lines[1], line)
    assert fragment in lines[1]
    assert "Traceback" not in err


def test_validate_several_reports_each_and_fails_if_any_fails(
    capsys: Capsys, tmp_path: Path
) -> None:
    text, line, _ = _unknown_key()
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    status, out, err = run(capsys, "validate", "xicheng_2013", str(broken))
    assert status == 1
    assert out == f"xicheng_2013{VALID_LINE}\n"
    assert f"{broken}:{line}:" in err


def test_validate_missing_file(capsys: Capsys, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    status, out, err = run(capsys, "validate", str(missing), "--lang", "en")
    assert (status, out) == (1, "")
    assert f"{missing}: no such file" in err
    assert "Traceback" not in err


# -- show ---------------------------------------------------------------------------------

SCHEME = govperf.load_scheme("xicheng_2013")
NODE_IDS = [node.id for node in SCHEME.iter_nodes()]


def _row(out: str, node_id: str) -> str:
    pattern = re.compile(rf"(?<=  ){re.escape(node_id)}(?=  )")
    rows = [line for line in out.splitlines() if pattern.search(line)]
    assert len(rows) == 1, (node_id, rows)
    return rows[0]


def _column_of(line: str, node_id: str) -> int:
    match = re.search(rf"(?<=  ){re.escape(node_id)}(?=  )", line)
    assert match is not None
    return display_width(line[: match.start()])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_show_aligns_columns(capsys: Capsys, lang: str) -> None:
    status, out, err = run(capsys, "show", "xicheng_2013", "--lang", lang)
    assert (status, err) == (0, "")
    assert len(NODE_IDS) == 3 + 9 + 16
    rows = [_row(out, node_id) for node_id in NODE_IDS]
    # The id column starts at the same terminal column in every row...
    assert {_column_of(row, node_id) for row, node_id in zip(rows, NODE_IDS, strict=True)} == {
        _column_of(rows[0], NODE_IDS[0])
    }
    # ...and the right-aligned weight column ends at the same column.
    ends = set()
    for row in rows:
        match = re.search(r"(\d+(\.\d)?%|-)(?=  |$)", row)
        assert match is not None, row
        ends.add(display_width(row[: match.end()]))
    assert len(ends) == 1


def test_show_content_zh(capsys: Capsys) -> None:
    status, out, _ = run(capsys, "show", "xicheng_2013")
    assert status == 0
    header = out.split("\n\n")[0]
    assert header.splitlines()[0] == SCHEME.title
    assert "西政办发〔2013〕15号" in header
    assert "北京市西城区" in header
    # levels at the margin, indicators indented once, sub-indicators twice
    assert _row(out, "efficiency").startswith("履职效率 ")
    assert _row(out, "lawful_admin").startswith("  依法行政 ")
    assert _row(out, "petitions").startswith("    信访办理 ")
    # points and weights (share of the parent)
    assert re.search(r"\b45\s+90%", _row(out, "duties"))
    assert re.search(r"\b2\s+33\.3%\s+区信访办$", _row(out, "petitions"))
    assert re.search(r"\b5\s+100%\s+区政府领导$", _row(out, "leadership_rating"))
    assert re.search(r"\b2\s+33\.3%\s+区财政局、区审计局$", _row(out, "budget"))
    assert re.search(r"\b30\s+30%$", _row(out, "service"))
    # the pool: the indicator is marked, its sub-indicators have shared points, no weight
    assert "共享" in _row(out, "duties").split("duties")[0]
    assert "共享" not in _row(out, "leadership").split("leadership")[0]
    assert re.search(r"key_tasks\s+共享\s+-\s+区政府督查室、区政府绩效办$", _row(out, "key_tasks"))
    # rules with kind and key parameters
    bonus = _row(out, "innovation_bonus")
    assert bonus.split() == ["创新创优", "innovation_bonus", "bonus", "cap=5"]
    veto = _row(out, "accountability_veto")
    assert re.search(r"accountability_veto\s+veto\s+effect=exclude_from_awards", veto)
    assert out.index("innovation_bonus") > out.index("service_users")


def test_show_content_en(capsys: Capsys) -> None:
    status, out, _ = run(capsys, "show", "xicheng_2013", "--lang", "en")
    assert status == 0
    assert out.splitlines()[0] == SCHEME.title_en
    assert "Xicheng District, Beijing" in out
    assert _row(out, "duties").startswith("  Duties and tasks (pooled) ")
    assert re.search(r"key_tasks\s+pooled\s+-\s+District government inspection", out)
    assert _row(out, "budget").endswith("District finance bureau, District audit bureau")


def test_show_gives_each_groups_points(capsys: Capsys) -> None:
    """With unit groups, one points column per group: points_by_group where given."""
    path = Path(__file__).parent / "data" / "schemes" / "two_tier_groups.yaml"
    status, out, _ = run(capsys, "show", str(path))
    assert status == 0
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.split()[:2] == ["指标", "编号"])
    assert lines[head].split()[2:5] == ["分值", "分值(区政府工作部门)", "分值(街道)"]
    rows = {line.split()[1]: line.split()[2:5] for line in lines[head + 1 : head + 9]}
    assert rows == {
        "key_work": ["70", "70", "60"],
        "tasks": ["50", "50", "40"],
        "projects": ["20", "20", "20"],
        "lawful": ["10", "10", "10"],
        "law": ["10", "10", "10"],
        "satisfaction": ["20", "20", "30"],
        "survey": ["20", "20", "30"],
    }
    _, out, _ = run(capsys, "show", str(path), "--lang", "en")
    assert "points (Streets)" in out


def test_show_invalid_scheme(capsys: Capsys, tmp_path: Path) -> None:
    text, line, _ = _duplicated_id()
    path = tmp_path / "dup.yaml"
    path.write_text(text, encoding="utf-8")
    status, out, err = run(capsys, "show", str(path))
    assert (status, out) == (1, "")
    assert f"{path}:{line}:" in err


def test_show_on_an_ascii_terminal(tmp_path: Path) -> None:
    """A terminal that cannot encode Chinese gets escapes, not a UnicodeEncodeError."""
    text, line, _ = _changed_points()
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    env = subprocess_env(PYTHONIOENCODING="ascii")
    for argv, expected in ((["show", "xicheng_2013"], 0), (["validate", str(broken)], 1)):
        result = subprocess.run(
            [sys.executable, "-m", "govperf", *argv],
            capture_output=True,
            check=False,
            cwd=tmp_path,
            env=env,
        )
        assert result.returncode == expected, result.stderr
        assert b"Traceback" not in result.stderr
        result.stdout.decode("ascii")
        result.stderr.decode("ascii")
    assert b"\\u" in result.stderr  # the Chinese indicator name, escaped
    assert f"{broken}:{line}:".encode() in result.stderr


# -- schema -----------------------------------------------------------------------------------


def test_schema_validates_the_bundled_scheme(capsys: Capsys) -> None:
    status, out, err = run(capsys, "schema")
    assert (status, err) == (0, "")
    schema = json.loads(out)
    assert schema == govperf.scheme_json_schema()
    assert "指标体系" in out  # ensure_ascii=False: Chinese written as is
    assert out.startswith('{\n  "$schema"')  # indented
    data = jsonable(yaml.safe_load(BUNDLED_TEXT))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    data["levels"][1]["indicators"][0]["sub_indicators"][1]["points"] = "2"
    with pytest.raises(jsonschema.ValidationError, match="'2' is not valid"):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_schema_to_file(capsys: Capsys, tmp_path: Path) -> None:
    target = tmp_path / "scheme.schema.json"
    assert run(capsys, "schema", "-o", str(target)) == (0, "", "")
    assert json.loads(target.read_text(encoding="utf-8")) == govperf.scheme_json_schema()


def test_schema_creates_parent_folders_and_refuses_an_existing_file(
    capsys: Capsys, tmp_path: Path
) -> None:
    target = tmp_path / "missing-dir" / "scheme.schema.json"
    assert run(capsys, "schema", "--output", str(target)) == (0, "", "")
    assert json.loads(target.read_text(encoding="utf-8")) == govperf.scheme_json_schema()
    target.write_text("earlier", encoding="utf-8")
    status, out, err = run(capsys, "schema", "--output", str(target))
    assert (status, out) == (1, "")
    assert err == f"govperf: 错误:{target} 已存在;如需替换,请加 --force\n"
    assert target.read_text(encoding="utf-8") == "earlier"
    assert run(capsys, "schema", "--output", str(target), "--force") == (0, "", "")
    assert json.loads(target.read_text(encoding="utf-8")) == govperf.scheme_json_schema()


def test_schema_refuses_an_extension_other_than_json(capsys: Capsys, tmp_path: Path) -> None:
    target = tmp_path / "scheme.yaml"
    status, out, err = run(capsys, "schema", "-o", str(target))
    assert (status, out) == (1, "")
    assert err == f"govperf: 错误:无法识别输出文件 {target} 的类型;schema 可写:.json\n"
    status, out, err = run(capsys, "--lang", "en", "schema", "-o", str(target))
    assert err == (
        f"govperf: error: cannot tell the format of {target} from its extension; "
        "schema writes .json\n"
    )
    assert not target.exists()


# -- the parser, errors and the command table ----------------------------------------------


def test_version(capsys: Capsys) -> None:
    assert run(capsys, "--version") == (0, f"govperf {version('govperf')}\n", "")


def test_usage_errors_exit_2(capsys: Capsys) -> None:
    status, out, err = run(capsys)
    assert (status, out) == (2, "")
    assert err == (
        "用法:govperf [-h] [--version] [--lang {zh,en}] COMMAND ...\n"
        "govperf: 错误:缺少必需的参数:COMMAND\n"
    )
    status, _, err = run(capsys, "frobnicate")
    assert status == 2
    assert "govperf: 错误:参数 COMMAND:无效的选择:'frobnicate'(可选:'validate', " in err
    status, _, err = run(capsys, "show", "xicheng_2013", "--lang", "fr")
    assert status == 2
    assert err.endswith("govperf show: 错误:参数 --lang:无效的选择:'fr'(可选:'zh', 'en')\n")
    status, _, err = run(capsys, "--lang", "en")
    assert status == 2
    assert err == (
        "usage: govperf [-h] [--version] [--lang {zh,en}] COMMAND ...\n"
        "govperf: error: the following arguments are required: COMMAND\n"
    )
    status, _, err = run(capsys, "score", "xicheng_2013", "data", "--frob")
    assert err.endswith("govperf: 错误:无法识别的参数:--frob\n")


def test_argparse_words_are_restored_after_a_run(capsys: Capsys) -> None:
    run(capsys, "--help")
    parser = argparse.ArgumentParser(prog="other")
    assert parser.format_usage() == "usage: other [-h]\n"
    assert "options:" in parser.format_help()


def test_help_lists_every_command(capsys: Capsys) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert out.startswith("用法:govperf ")
    assert "\n选项:\n" in out
    for command in cli.COMMANDS:
        assert command.name in out
        assert label(command.help) in out
    status, out, _ = run(capsys, "--help", "--lang", "en")
    assert out.startswith("usage: govperf ")
    for command in cli.COMMANDS:
        assert f"{command.name:12}  {label(command.help, 'en')}" in out


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.extend(_parsers(sub))
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_help_text_comes_from_the_catalogue(lang: str) -> None:
    """Each help text and description is the catalogue's text in the chosen language."""
    from govperf._labels import LABELS

    texts = {value[0 if lang == "zh" else 1].replace("%", "%%") for value in LABELS.values()} | {
        value[0 if lang == "zh" else 1] for value in LABELS.values()
    }
    parsers = _parsers(cli.build_parser("zh" if lang == "zh" else "en"))
    assert len(parsers) >= 1 + len(cli.COMMANDS)  # a command may nest its own
    for parser in parsers:
        assert parser.description is None or parser.description in texts, parser.prog
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                assert action.help is None  # the commands are listed with their own help
                continue
            assert action.help in texts, (parser.prog, action.option_strings, action.help)
            assert all(choice.help in texts for choice in getattr(action, "_choices_actions", []))


def test_help_wraps_chinese_by_display_width(
    capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    for argv in (["--help"], ["score", "--help"], ["report", "--help"]):
        status, out, _ = run(capsys, *argv)
        assert status == 0
        widths = [display_width(line) for line in out.splitlines() if not line.startswith("用法")]
        assert max(widths) <= 60, out


def _raise(exc: BaseException) -> Callable[[argparse.Namespace], int]:
    def runner(args: argparse.Namespace) -> int:
        raise exc

    return runner


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    pass


@pytest.mark.parametrize(
    ("exc", "status", "message"),
    [
        (
            govperf.PluginError("no evaluator named 'foo'"),
            1,
            "govperf: 错误:no evaluator named 'foo'\n",
        ),
        (
            govperf.SchemeError([govperf.Problem(message="bad", file="f.yaml", line=3)], "f.yaml"),
            1,
            "f.yaml 中有 1 个问题\nf.yaml:3: bad\n",
        ),
        (
            PermissionError(13, "Permission denied", "out.json"),
            1,
            "govperf: 错误:out.json: 没有访问权限\n",
        ),
        (KeyboardInterrupt(), 130, "govperf: 已中断\n"),
    ],
)
def test_added_commands_get_errors_reported(
    capsys: Capsys, monkeypatch: pytest.MonkeyPatch, exc: BaseException, status: int, message: str
) -> None:
    command = cli.Command("boom", "always fails", _no_arguments, _raise(exc))
    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, command])
    assert run(capsys, "boom") == (status, "", message)


def test_added_commands_get_errors_reported_in_english(
    capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = PermissionError(13, "Permission denied", "out.json")
    command = cli.Command("boom", "always fails", _no_arguments, _raise(error))
    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, command])
    assert run(capsys, "boom", "--lang", "en") == (
        1,
        "",
        "govperf: error: out.json: Permission denied\n",
    )


def test_added_command_runs(capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    def add(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("word")

    def echo(args: argparse.Namespace) -> int:
        print(args.word.upper())
        return 3

    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, cli.Command("echo", "echo", add, echo)])
    assert run(capsys, "echo", "hi") == (3, "HI\n", "")


def test_nothing_printed_on_import(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import govperf.cli, govperf.__main__, govperf.output._text"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=subprocess_env(),
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_validate_imports_neither_numpy_nor_package_metadata(tmp_path: Path) -> None:
    """``govperf validate`` of a scheme with built-in plugins starts without numpy and
    without reading package metadata (a speed target: at most 1.5 × ``import numpy``)."""
    code = (
        "import sys, runpy\n"
        "sys.argv = ['govperf', 'validate', 'xicheng_2013']\n"
        "try:\n"
        "    runpy.run_module('govperf', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "print(sorted(m for m in ('numpy', 'importlib.metadata') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=subprocess_env(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"
    assert result.stdout.startswith("xicheng_2013")


def test_version_is_read_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    from govperf.cli import main

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("govperf ")

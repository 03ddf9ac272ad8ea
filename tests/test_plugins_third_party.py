"""A third-party plugin distribution (tests/plugin_pkg) found through its entry points.

The distribution is not pip-installed: the test writes its ``*.dist-info`` metadata
(``METADATA`` and ``entry_points.txt``, exactly what an installer writes) next to a
copy of the package in a temporary directory and puts that directory on ``sys.path``,
where ``importlib.metadata`` finds it like any installed distribution.  This works in
any virtual environment, with or without pip.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import govperf
from govperf import _plugins

PLUGIN_PKG = Path(__file__).parent / "plugin_pkg"
PACKAGE = "govperf_example_plugin"

ENTRY_POINTS = """\
[govperf.evaluators]
ratio = govperf_example_plugin:Ratio

[govperf.rules]
penalty_flag = govperf_example_plugin:PenaltyFlag
"""

SCHEME = """\
schema_version: 1
id: ratio_demo
title: 比率示例
total_points: 10
levels:
  - id: work
    name: 履职效率
    points: 10
    indicators:
      - id: cases
        name: 案件办理
        points: 10
        sub_indicators:
          - id: on_time
            name: 按时办结率
            points: 6
            evaluator:
              kind: ratio
              params:
                floor: 0.5
          - id: closed
            name: 办结率
            points: 4
            evaluator:
              kind: ratio
rules:
  - id: flags
    kind: penalty_flag
    name: 通报批评
    params:
      points: 1.5
"""


def _write_dist(root: Path, name: str, entry_points: str) -> None:
    dist_info = root / f"{name.replace('-', '_')}-0.1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (dist_info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def _forget_plugins() -> None:
    govperf.plugin.refresh()  # the public call a notebook user makes after pip install
    for mod in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[mod]


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """tests/plugin_pkg made visible to importlib.metadata, as if installed."""
    site = tmp_path / "site"
    shutil.copytree(PLUGIN_PKG / PACKAGE, site / PACKAGE)
    _write_dist(site, "govperf-example-plugin", ENTRY_POINTS)
    monkeypatch.syspath_prepend(str(site))
    _forget_plugins()
    yield site
    monkeypatch.undo()
    _forget_plugins()


def test_entry_points_match_the_distribution() -> None:
    pyproject = (PLUGIN_PKG / "pyproject.toml").read_text(encoding="utf-8")
    assert 'ratio = "govperf_example_plugin:Ratio"' in pyproject
    assert 'penalty_flag = "govperf_example_plugin:PenaltyFlag"' in pyproject
    assert 'name = "govperf-example-plugin"' in pyproject


def test_names_resolve_lazily(installed: Path) -> None:
    assert "ratio" in _plugins.evaluators.names()
    assert "penalty_flag" in _plugins.rules.names()
    assert "govperf-example-plugin" in _plugins.evaluators.describe("ratio")
    assert PACKAGE not in sys.modules  # listing names imports nothing
    plugin = _plugins.evaluators.get("ratio")
    assert PACKAGE in sys.modules
    assert isinstance(plugin, govperf.plugin.BaseEvaluator)
    assert type(plugin).__name__ == "Ratio"


def test_scheme_naming_the_plugin_scores(installed: Path, tmp_path: Path) -> None:
    path = tmp_path / "ratio_demo.yaml"
    path.write_text(SCHEME, encoding="utf-8")
    scheme = govperf.load_scheme(path)
    data = {
        "units": ["a", "b", "c"],
        "records": {
            # on_time: floor 0.5, so share = clip((ratio − 0.5) / 0.5, 0, 1)
            "on_time": [
                {"unit": "a", "numerator": 9, "denominator": 10},  # 0.9 -> 0.8 -> 4.8
                {"unit": "b", "numerator": 3, "denominator": 4},  # 0.75 -> 0.5 -> 3.0
                {"unit": "c", "numerator": 2, "denominator": 5},  # 0.4 -> 0 -> 0
            ],
            # closed: floor 0, share = ratio
            "closed": [
                {"unit": "a", "numerator": 1, "denominator": 2},  # 2.0
                {"unit": "b", "numerator": 8, "denominator": 8},  # 4.0
                {"unit": "c", "numerator": 12, "denominator": 10},  # clipped to 1 -> 4.0
            ],
        },
        "events": {"flags": [{"unit": "b", "reason": "迟报"}, {"unit": "b", "reason": "漏报"}]},
    }
    results = govperf.score(scheme, data)
    assert list(results.points("on_time")) == pytest.approx([4.8, 3.0, 0.0])
    assert list(results.points("closed")) == pytest.approx([2.0, 4.0, 4.0])
    assert list(results.base) == pytest.approx([6.8, 7.0, 4.0])
    assert list(results.total) == pytest.approx([6.8, 5.5, 4.0])
    assert [r.unit for r in results.ranking()] == ["a", "b", "c"]
    assert results.unit("b").deductions == 1.5

    trail = results.explain("b")
    on_time = next(s for s in trail.sub_indicators if s.id == "on_time")
    assert on_time.evaluator == "ratio"
    assert on_time.details == {"ratio": 0.75, "share": 0.5, "floor": 0.5}
    assert [r.kind for r in trail.rules] == ["penalty_flag"]
    assert "迟报" in trail.rules[0].zh
    assert results.explain("a").rules == ()


def test_plugin_checks_the_data(installed: Path) -> None:
    scheme = govperf.loads_scheme(SCHEME, "ratio_demo.yaml")
    data = {
        "units": ["a"],
        "records": {
            "on_time": [{"unit": "a", "numerator": 1, "denominator": 0}],
            "closed": [{"unit": "a", "numerator": 1, "denominator": 1}],
        },
    }
    with pytest.raises(govperf.DataError, match="denominator 0 must be a positive number"):
        govperf.score(scheme, data)


def test_bad_params_are_reported_at_their_line(installed: Path) -> None:
    text = SCHEME.replace("floor: 0.5", "floor: 1.5")
    with pytest.raises(govperf.SchemeError) as info:
        govperf.loads_scheme(text, "ratio_demo.yaml")
    line = text.splitlines().index("                floor: 1.5") + 1
    assert f"ratio_demo.yaml:{line}:" in str(info.value)
    assert "floor" in str(info.value)


def test_uninstalled_kind_names_the_kind_and_line() -> None:
    _forget_plugins()
    assert "ratio" not in _plugins.evaluators.names()
    with pytest.raises(govperf.SchemeError) as info:
        govperf.loads_scheme(SCHEME, "ratio_demo.yaml")
    message = str(info.value)
    line = SCHEME.splitlines().index("              kind: ratio") + 1
    assert f"ratio_demo.yaml:{line}:" in message
    assert "no installed plugin provides the evaluator 'ratio'" in message
    assert "'penalty_flag'" in message


def test_two_distributions_claiming_one_name(installed: Path) -> None:
    _write_dist(
        installed,
        "govperf-rival-plugin",
        "[govperf.evaluators]\nratio = govperf_rival_plugin:Ratio\n",
    )
    _plugins.evaluators.refresh()
    with pytest.raises(govperf.SchemeError) as info:
        govperf.loads_scheme(SCHEME, "ratio_demo.yaml")
    message = str(info.value)
    assert "claimed by more than one plugin" in message
    assert "govperf-example-plugin (govperf_example_plugin:Ratio)" in message
    assert "govperf-rival-plugin (govperf_rival_plugin:Ratio)" in message
    with pytest.raises(govperf.PluginError, match="govperf-rival-plugin"):
        _plugins.evaluators.get("ratio")

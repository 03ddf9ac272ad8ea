"""The plugin registry, over entry points built here (nothing is installed)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from types import SimpleNamespace

import pytest

import govperf
from govperf import PluginError, PluginLoadError, _plugins
from govperf._plugins import Registry
from samples import MINI

GROUP = "govperf.test-plugins"


def make_ep(name: str, value: str, dist: str | None = "acme-plugins") -> EntryPoint:
    ep = EntryPoint(name=name, value=value, group=GROUP)
    if dist is not None:
        vars(ep).update(dist=SimpleNamespace(name=dist))  # what EntryPoint._for does
    return ep


@pytest.fixture
def eps(monkeypatch: pytest.MonkeyPatch) -> list[EntryPoint]:
    """The entry points the registry will see; edit the list in a test."""
    found: list[EntryPoint] = []

    def fake_entry_points(*, group: str) -> Iterator[EntryPoint]:
        assert group == GROUP
        return iter(found)

    monkeypatch.setattr(_plugins, "entry_points", fake_entry_points)
    return found


@pytest.fixture
def registry(eps: list[EntryPoint]) -> Registry:
    return Registry(GROUP, "widget")


def test_names_sorted_and_import_nothing(eps: list[EntryPoint], registry: Registry) -> None:
    eps += [
        make_ep("zeta", "govperf_test_never_imported_z:Z"),
        make_ep("alpha", "govperf_test_never_imported_a:A"),
    ]
    registry.register("mid", object())
    assert registry.names() == ["alpha", "mid", "zeta"]
    assert registry.check("alpha") is None
    assert "alpha" in registry
    assert "beta" not in registry
    assert 3 not in registry
    assert not any(m.startswith("govperf_test_never_imported") for m in sys.modules)


def test_get_loads_and_caches(eps: list[EntryPoint], registry: Registry) -> None:
    eps.append(make_ep("dumps", "json:dumps"))
    assert registry.get("dumps") is json.dumps
    eps.clear()  # cached: not read again
    assert registry.get("dumps") is json.dumps


def test_unknown_name_lists_known(eps: list[EntryPoint], registry: Registry) -> None:
    eps += [make_ep("b", "json:dumps"), make_ep("a", "json:loads")]
    message = "no installed plugin provides the widget 'nope' (known: a, b)"
    assert registry.check("nope") == message
    with pytest.raises(PluginError) as info:
        registry.get("nope")
    assert str(info.value) == message
    assert not isinstance(info.value, PluginLoadError)


def test_unknown_name_with_nothing_known(registry: Registry) -> None:
    assert registry.check("x") == "no installed plugin provides the widget 'x' (known: none)"


def test_duplicate_claims(eps: list[EntryPoint], registry: Registry) -> None:
    eps += [make_ep("dup", "json:dumps", "acme-plugins"), make_ep("dup", "json:loads", "other")]
    message = (
        "the widget 'dup' is claimed by more than one plugin: acme-plugins (json:dumps), "
        "other (json:loads); uninstall one of them"
    )
    assert registry.check("dup") == message
    with pytest.raises(PluginError) as info:
        registry.get("dup")
    assert str(info.value) == message


def test_same_distribution_seen_twice_is_one_claim(
    eps: list[EntryPoint], registry: Registry
) -> None:
    eps += [make_ep("once", "json:dumps"), make_ep("once", "json:dumps")]
    assert registry.check("once") is None
    assert registry.get("once") is json.dumps


def test_register_conflicts_with_entry_point(eps: list[EntryPoint], registry: Registry) -> None:
    eps.append(make_ep("taken", "json:dumps"))
    with pytest.raises(PluginError) as info:
        registry.register("taken", object())
    assert str(info.value) == (
        "widget 'taken' is already registered (acme-plugins (json:dumps)); "
        "cannot register an object of type builtins.object under the same name"
    )


def test_register_twice_and_unregister(registry: Registry) -> None:
    thing = object()
    registry.register("local", thing)
    assert registry.get("local") is thing
    with pytest.raises(PluginError, match="registered in this process"):
        registry.register("local", object())
    registry.unregister("local")
    assert "local" not in registry
    with pytest.raises(PluginError):
        registry.get("local")


def test_load_error_names_plugin_distribution_and_target(
    eps: list[EntryPoint], registry: Registry
) -> None:
    eps.append(make_ep("broken", "govperf_test_no_such_module.sub:Thing", "acme-plugins"))
    with pytest.raises(PluginLoadError) as info:
        registry.get("broken")
    message = str(info.value)
    assert message.startswith(
        "the widget 'broken' from distribution 'acme-plugins' "
        "(govperf_test_no_such_module.sub:Thing) failed to load: ModuleNotFoundError: "
    )
    assert isinstance(info.value, PluginError)
    assert isinstance(info.value.__cause__, ModuleNotFoundError)


def test_load_error_missing_attribute_unknown_dist(
    eps: list[EntryPoint], registry: Registry
) -> None:
    eps.append(make_ep("attr", "json:no_such_function", dist=None))
    with pytest.raises(PluginLoadError) as info:
        registry.get("attr")
    assert "'attr'" in str(info.value)
    assert "<unknown distribution>" in str(info.value)
    assert "(json:no_such_function)" in str(info.value)
    assert "AttributeError" in str(info.value)


def test_refresh_rereads_metadata(eps: list[EntryPoint], registry: Registry) -> None:
    eps.append(make_ep("first", "json:dumps"))
    assert registry.names() == ["first"]
    eps.append(make_ep("second", "json:loads"))
    assert registry.names() == ["first"]  # read once
    registry.refresh()
    assert registry.names() == ["first", "second"]


def test_describe(eps: list[EntryPoint], registry: Registry) -> None:
    eps.append(make_ep("x", "json:dumps"))
    assert registry.describe("x") == "acme-plugins (json:dumps)"
    assert registry.describe("y") == "nobody"


# -- the registries as a scheme file sees them ----------------------------------------------

RULE = "rules:\n  - id: extra\n    kind: {kind}\n    name: 加分\n"


def _rule_problem(
    monkeypatch: pytest.MonkeyPatch, kind: str, entry_points: dict[str, list[EntryPoint]]
) -> govperf.Problem:
    monkeypatch.setattr(_plugins.rules, "_eps", entry_points)
    monkeypatch.setattr(_plugins.rules, "_loaded", {})
    with pytest.raises(govperf.SchemeError) as info:
        govperf.loads_scheme(MINI + RULE.format(kind=kind), "s.yaml")
    (problem,) = info.value.problems
    assert problem.path == ("rules", 0, "kind")
    assert problem.line == 36  # MINI has 33 lines
    return problem


def test_scheme_naming_a_rule_claimed_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    two = [make_ep("twice", "json:dumps", "one"), make_ep("twice", "json:loads", "two")]
    problem = _rule_problem(monkeypatch, "twice", {"twice": two})
    assert problem.code == "unknown-plugin"
    assert "one (json:dumps), two (json:loads)" in problem.message


def test_scheme_naming_a_rule_that_fails_to_load(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = [make_ep("broken", "govperf_test_no_such_module:Rule", "acme-rules")]
    problem = _rule_problem(monkeypatch, "broken", {"broken": broken})
    assert problem.code == "plugin-load"
    assert "'broken'" in problem.message
    assert "'acme-rules'" in problem.message
    assert "govperf_test_no_such_module:Rule" in problem.message


class _OldRule:
    """A rule of govperf 0.x: no base class, only ``apply``."""

    @staticmethod
    def apply(params: object, state: object, events: object) -> object:
        return state


def test_entry_point_to_an_old_protocol_class_gets_the_defaults(eps: list[EntryPoint]) -> None:
    registry = Registry(GROUP, "rule", _plugins.as_rule)
    eps.append(make_ep("old", f"{__name__}:_OldRule"))
    eps.append(make_ep("func", "json:dumps"))
    rule = registry.get("old")
    assert type(rule).__mro__[1:] == (_OldRule, _plugins.BaseRule, object)
    assert (rule.stage, rule.vetoes, rule.optional_columns, rule.Params) == (
        "adjust",
        False,
        {},
        None,
    )
    with pytest.raises(PluginError) as info:
        registry.get("func")
    assert str(info.value) == (
        "the rule 'func' (an object of type builtins.function) is not a class: "
        "make it a subclass of govperf.plugin.BaseRule"
    )


# -- built-ins: reserved names, resolved without package metadata ---------------------------


def test_builtin_tables_match_govperfs_entry_points() -> None:
    from importlib.metadata import entry_points

    for group, table in (
        ("govperf.evaluators", _plugins.BUILTIN_EVALUATORS),
        ("govperf.rules", _plugins.BUILTIN_RULES),
    ):
        declared = {
            ep.name: ep.value
            for ep in entry_points(group=group)
            if ep.dist is not None and ep.dist.name == "govperf"
        }
        assert declared == dict(table)


def test_builtins_resolve_without_reading_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_metadata(*, group: str) -> Iterator[EntryPoint]:
        raise AssertionError("package metadata read for a built-in")

    monkeypatch.setattr(_plugins, "entry_points", no_metadata)
    registry = Registry("govperf.evaluators", "evaluator", None, _plugins.BUILTIN_EVALUATORS)
    from govperf.evaluators.direct import Direct

    assert registry.check("direct") is None
    assert "direct" in registry
    assert registry.get("direct") is Direct


def test_another_distribution_cannot_take_a_builtin_name(eps: list[EntryPoint]) -> None:
    eps += [
        make_ep("direct", "json:dumps", "rival"),  # a built-in's name: not used
        make_ep("direct", "govperf.evaluators.direct:Direct", "govperf"),  # govperf's own
        make_ep("extra", "json:loads", "rival"),
    ]
    registry = Registry(GROUP, "widget", None, {"direct": "govperf.evaluators.direct:Direct"})
    from govperf.evaluators.direct import Direct

    assert registry.get("direct") is Direct
    assert registry.names() == ["direct", "extra"]
    assert registry.describe("direct") == (
        "govperf (govperf.evaluators.direct:Direct), rival (json:dumps)"
    )
    with pytest.raises(PluginError, match="already registered"):
        registry.register("direct", object())


def test_a_builtin_that_fails_to_import_is_a_load_error() -> None:
    registry = Registry(GROUP, "widget", None, {"gone": "govperf_test_no_such_module:X"})
    with pytest.raises(PluginLoadError, match="'gone' from distribution 'govperf'"):
        registry.get("gone")

"""What an evaluator or rule plugin implements and receives, and how to register one.

An **evaluator** scores one sub-indicator for all units at once; a **rule** changes
the per-unit state after the tree is summed.  Both are classes derived from
:class:`BaseEvaluator` or :class:`BaseRule`, which carry every default, registered
under an entry point::

    [project.entry-points."govperf.evaluators"]
    my_method = "my_package.module:MyEvaluator"

or, in a running process (a notebook, a test), with :func:`register_evaluator` and
:func:`register_rule`.  Each declares an attrs ``Params`` class; the ``params:`` mapping
of the scheme file is structured into it (with file:line errors, using the validators
exported here), and the instance is passed back in.  A rule declares what it does
(:attr:`BaseRule.vetoes`, :attr:`BaseRule.grades`, :attr:`BaseRule.changes_total`,
:attr:`BaseRule.excludes`); results, exports and reports act on those declarations.
See "Writing an evaluator or rule plugin" in the docs.
"""

from __future__ import annotations

from typing import Any

from attrs import evolve

from ._checks import fraction, non_empty_text, non_negative, positive, positive_or_none
from ._plugins import (
    BaseEvaluator,
    BaseRule,
    ColumnKind,
    Note,
    Records,
    Reference,
    RuleState,
    Stage,
    VetoCause,
)
from ._plugins import evaluators as _evaluators
from ._plugins import rules as _rules

__all__ = [
    "BaseEvaluator",
    "BaseRule",
    "ColumnKind",
    "Evaluator",
    "Note",
    "Records",
    "Reference",
    "Rule",
    "RuleState",
    "Stage",
    "VetoCause",
    "evaluator_names",
    "evolve",
    "fraction",
    "non_empty_text",
    "non_negative",
    "positive",
    "positive_or_none",
    "refresh",
    "register_evaluator",
    "register_rule",
    "rule_names",
    "unregister_evaluator",
    "unregister_rule",
]

Evaluator = BaseEvaluator
"""The name of :class:`BaseEvaluator` in govperf 0.x, where it was a protocol."""

Rule = BaseRule
"""The name of :class:`BaseRule` in govperf 0.x, where it was a protocol."""


def register_evaluator(name: str, cls: type[Any]) -> None:
    """Make the evaluator class ``cls`` available as ``evaluator.kind: name`` in this process.

    Like an entry point, without installing a distribution (a notebook, a test).  A
    name already provided (by an installed distribution or an earlier call) is a
    :class:`~govperf.PluginError` naming both; so is a class that lacks what an
    evaluator needs (``score``).  A class not derived from :class:`BaseEvaluator`
    gets its defaults.
    """
    _evaluators.register(name, cls)


def register_rule(name: str, cls: type[Any]) -> None:
    """Make the rule class ``cls`` available as a rule ``kind: name`` in this process.

    Duplicates and classes that lack what a rule needs (``apply``) are a
    :class:`~govperf.PluginError`, as with :func:`register_evaluator`.
    """
    _rules.register(name, cls)


def unregister_evaluator(name: str) -> None:
    """Remove an evaluator added with :func:`register_evaluator` (entry points stay)."""
    _evaluators.unregister(name)


def unregister_rule(name: str) -> None:
    """Remove a rule added with :func:`register_rule` (entry points stay)."""
    _rules.unregister(name)


def evaluator_names() -> list[str]:
    """Every evaluator name available, sorted (imports no plugin)."""
    return _evaluators.names()


def rule_names() -> list[str]:
    """Every rule name available, sorted (imports no plugin)."""
    return _rules.names()


def refresh() -> None:
    """Read the installed plugins again (after ``pip install`` of a plugin in a running
    interpreter, such as a notebook); plugins already loaded stay loaded."""
    _evaluators.refresh()
    _rules.refresh()

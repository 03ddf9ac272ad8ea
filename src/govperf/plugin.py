"""What an evaluator or rule plugin implements, and what it receives.

An **evaluator** scores one sub-indicator for all units at once; a **rule** changes
the per-unit state after the tree is summed.  Both are plain objects (usually
classes with static methods) registered under an entry point::

    [project.entry-points."govperf.evaluators"]
    my_method = "my_package.module:MyEvaluator"

Each declares an attrs ``Params`` class; the ``params:`` mapping of the scheme file is
structured into it (with file:line errors), and the instance is passed back in.
See "Writing an evaluator or rule plugin" in the docs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal, Protocol

import numpy as np
from attrs import evolve, field, frozen

__all__ = [
    "ColumnKind",
    "Evaluator",
    "Note",
    "Records",
    "Rule",
    "RuleState",
    "evolve",
    "refresh",
]

ColumnKind = Literal["number", "text"]


@frozen(kw_only=True)
class Records:
    """One table of records bound to the units: what a plugin reads.

    ``unit`` gives each row's unit position (``0 … n_units - 1``); ``columns`` hold
    the values.  ``dense`` is true when there is exactly one row per unit in unit
    order, so ``columns[name]`` is already per unit.
    """

    unit: np.ndarray
    columns: Mapping[str, np.ndarray]
    n_units: int
    dense: bool = False

    @property
    def n_rows(self) -> int:
        """The number of rows."""
        return len(self.unit)

    def count(self) -> np.ndarray:
        """Rows per unit."""
        if self.dense:
            return np.ones(self.n_units, dtype=np.int64)
        return np.bincount(self.unit, minlength=self.n_units)

    @property
    def present(self) -> np.ndarray:
        """Units with at least one row."""
        if self.dense:
            return np.ones(self.n_units, dtype=bool)
        return self.count() > 0

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Per-unit sum of a per-row array."""
        if self.dense:
            return np.asarray(values, dtype=float)
        return np.bincount(self.unit, weights=values, minlength=self.n_units)

    def per_unit(self, name: str) -> np.ndarray:
        """A column spread to one value per unit (NaN where a unit has no row).

        Only for tables with at most one row per unit (the engine checks this for
        evaluators that declare ``one_row_per_unit``).
        """
        col = self.columns[name]
        if self.dense:
            return col
        out = np.full(self.n_units, np.nan)
        out[self.unit] = col
        return out

    def rows_of(self, unit: int) -> np.ndarray:
        """Row positions of one unit (for explanations)."""
        if self.dense:
            return np.array([unit])
        return np.flatnonzero(self.unit == unit)


@frozen(kw_only=True)
class Note:
    """What a rule did to one unit, in Chinese and English, with its figures."""

    zh: str
    en: str
    data: Mapping[str, Any] = field(factory=dict)


@frozen(kw_only=True)
class RuleState:
    """Per-unit arrays that rules read and replace (with :func:`attrs.evolve`).

    ``total = base + bonus - deductions`` unless a rule sets it otherwise (a veto
    with ``zero_total``).  ``grade`` and ``grade_cap`` are object arrays (``None``
    where unset); ``rank`` is NaN for units outside the ranking.  ``precision`` is the
    number of decimals of published figures.
    """

    base: np.ndarray
    bonus: np.ndarray
    deductions: np.ndarray
    total: np.ndarray
    award_eligible: np.ndarray
    ranked: np.ndarray
    vetoed: np.ndarray
    grade: np.ndarray
    grade_cap: np.ndarray
    rank: np.ndarray
    groups: np.ndarray
    unit_ids: np.ndarray
    total_points: float
    precision: int

    @property
    def n_units(self) -> int:
        """The number of units."""
        return len(self.base)

    def recompute_total(self) -> np.ndarray:
        """``base + bonus - deductions``."""
        return self.base + self.bonus - self.deductions


class Evaluator(Protocol):
    """A scoring method of sub-indicators: records in, points per unit out."""

    Params: ClassVar[type]
    """An attrs class for the ``params:`` of the scheme file."""
    columns: ClassVar[Mapping[str, ColumnKind]]
    """Required record columns besides ``unit``."""
    optional_columns: ClassVar[Mapping[str, ColumnKind]]
    """Columns that may be present."""
    one_row_per_unit: ClassVar[bool]
    """Whether each unit has at most one row."""
    formula: ClassVar[Mapping[str, str]]
    """The formula in words, keyed by language (``"zh"``, ``"en"``)."""

    def check(self, params: Any, records: Records, max_points: np.ndarray) -> list[tuple[int, str]]:
        """Rows whose values are out of range: ``(row, message)`` pairs."""
        ...

    def score(self, params: Any, records: Records, max_points: np.ndarray) -> np.ndarray:
        """Points per unit in ``[0, max_points]``; values of units without rows are ignored."""
        ...

    def explain(
        self, params: Any, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """Intermediate figures for one unit (a rater mean, a satisfaction index…)."""
        ...


class Rule(Protocol):
    """A rule applied after the tree is summed."""

    Params: ClassVar[type]
    stage: ClassVar[Literal["adjust", "classify"]]
    """``adjust`` rules run before ranking (bonus, deduction, veto, exclusion);
    ``classify`` rules run after it (grades)."""
    columns: ClassVar[Mapping[str, ColumnKind]]
    optional_columns: ClassVar[Mapping[str, ColumnKind]]

    def check(self, params: Any, events: Records) -> list[tuple[int, str]]:
        """Rows of the rule's events that are invalid: ``(row, message)`` pairs."""
        ...

    def apply(self, params: Any, state: RuleState, events: Records) -> RuleState:
        """Return the new state."""
        ...

    def explain(
        self, params: Any, before: RuleState, after: RuleState, events: Records, unit: int
    ) -> Note | None:
        """What the rule did to one unit, or ``None`` if nothing."""
        ...


def refresh() -> None:
    """Read the installed plugins again (after ``pip install`` of a plugin in a running
    interpreter, such as a notebook); plugins already loaded stay loaded."""
    from ._plugins import evaluators, rules

    evaluators.refresh()
    rules.refresh()

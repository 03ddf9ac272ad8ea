"""The plugin contract and its registries.

This module holds what :mod:`govperf.plugin` makes public (the data a plugin receives,
the base classes :class:`BaseEvaluator` and :class:`BaseRule` with their defaults and
capabilities) and the registries over ``importlib.metadata`` entry points.  It sits at
the bottom of govperf's layers so that the scheme validator, the engine and the
writers all see plugins through the same base classes.

Evaluators are found in the ``govperf.evaluators`` group and rules in
``govperf.rules``.  govperf registers its own built-ins through the same entry points
as any third-party package.  A registry keeps the :class:`EntryPoint` objects and
imports nothing until :meth:`Registry.get` is called for a name; a scheme file can
only name a plugin, never a module, so it cannot make govperf import arbitrary code.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs
from attrs import field, frozen

from ._lazy import lazy_numpy
from ._rounding import half_up_units
from .exceptions import Message, PluginError, PluginLoadError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    import numpy as np
else:
    np = lazy_numpy(globals())

__all__ = [
    "BaseEvaluator",
    "BaseRule",
    "ColumnKind",
    "Note",
    "Records",
    "Reference",
    "Registry",
    "RuleState",
    "Stage",
    "VetoCause",
    "as_evaluator",
    "as_rule",
    "evaluators",
    "rules",
]

ColumnKind = Literal["number", "text"]
Stage = Literal["adjust", "classify"]


@frozen(kw_only=True)
class Records:
    """One table of records bound to the units: what a plugin reads.

    ``unit`` gives each row's unit position (``0 … n_units - 1``); ``columns`` hold
    the values.  ``dense`` is true when there is exactly one row per unit in unit
    order, so ``columns[name]`` is already per unit.  ``groups`` is each unit's
    group (its position among the scheme's ``groups:``) when the scheme declares
    unit groups, else ``None``; ``within_groups`` is true when units are compared
    within their group (``scoring.within_groups``), as relative evaluators may do.
    """

    unit: np.ndarray
    columns: Mapping[str, np.ndarray]
    n_units: int
    dense: bool = False
    groups: np.ndarray | None = None
    within_groups: bool = False

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


def _cents(values: np.ndarray, precision: int) -> np.ndarray:
    """Figures rounded half up, as whole units of ``10 ** -precision`` (exact in floats)."""
    return half_up_units(values, precision)


@frozen(kw_only=True)
class RuleState:
    """Per-unit arrays that rules read and replace (with :func:`attrs.evolve`).

    ``total = base + bonus - deductions`` unless a rule sets it otherwise (a veto
    with ``zero_total``).  ``grade`` and ``grade_cap`` are object arrays (``None``
    where unset); ``rank`` is NaN for units outside the ranking.  ``precision`` is the
    number of decimals of published figures.  ``within_groups`` is true when units
    are compared within their unit group (the scheme declares groups and sets
    ``scoring.within_groups``): ranks are per group, and so are grade quotas.
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
    within_groups: bool = False
    nodes: Mapping[str, np.ndarray] = field(factory=dict)
    """Exact points of every node of the tree by id, one value per unit, before any
    rule (computed on first access); what a condition on a node's score reads."""
    published_nodes: Mapping[str, np.ndarray] = field(factory=dict)
    """Published points of every node by id (leaves rounded half up, parents the sums
    of their published children); empty where not given (the built-in rules then
    round :attr:`nodes` on their own)."""
    published_base: np.ndarray | None = None
    """The published base (the sum of the published top-tier nodes, whose leaves are
    rounded half up); ``None``: the base rounded half up."""

    @classmethod
    def start(
        cls,
        base: np.ndarray,
        groups: np.ndarray,
        unit_ids: np.ndarray,
        total_points: float,
        precision: int,
        within_groups: bool = False,
        **extra: Any,
    ) -> RuleState:
        """The state before any rule: the total is the base; no bonus, deductions,
        vetoes, grades or ranks; every unit award-eligible and ranked.

        ``base`` has one value per unit, or one row per point set (batched scoring);
        ``extra`` sets the optional fields (``nodes``, ``published_nodes``,
        ``published_base``).
        """
        n = base.shape[-1]
        return cls(
            base=base,
            bonus=np.zeros(n),
            deductions=np.zeros(n),
            total=base.copy(),
            award_eligible=np.ones(n, dtype=bool),
            ranked=np.ones(n, dtype=bool),
            vetoed=np.zeros(n, dtype=bool),
            grade=np.empty(n, dtype=object),  # all None
            grade_cap=np.empty(n, dtype=object),
            rank=np.full(n, np.nan),
            groups=groups,
            unit_ids=unit_ids,
            total_points=total_points,
            precision=precision,
            within_groups=within_groups,
            **extra,
        )

    @property
    def n_units(self) -> int:
        """The number of units."""
        return len(self.base)

    def recompute_total(self) -> np.ndarray:
        """``base + bonus - deductions``."""
        return self.base + self.bonus - self.deductions

    def published_total(self) -> np.ndarray:
        """The total as published: published base + published bonus − published deductions.

        Bonus and deductions are rounded half up to ``precision`` decimals, the base is
        :attr:`published_base`, and the three are added as whole cents, so the
        published total always equals the sum of the published parts.  Where a rule
        set the total otherwise (a veto with ``zero_total``), that total is rounded
        half up instead.  Ranks, ties, grades and quotas use this figure.
        """
        p = self.precision
        scale = 10.0**p
        base = self.base if self.published_base is None else self.published_base
        parts = _cents(base, p)
        if self.bonus.any():  # a part that is zero everywhere adds no cents
            parts += _cents(self.bonus, p)
        if self.deductions.any():
            parts -= _cents(self.deductions, p)
        recomputed = self.recompute_total()
        if np.array_equal(self.total, recomputed):  # no rule set the total otherwise
            parts /= scale
            return parts
        summed = np.abs(self.total - recomputed) <= 1e-9 * np.maximum(1.0, np.abs(self.total))
        out: np.ndarray = np.where(summed, parts, _cents(self.total, p)) / scale
        return out


@frozen(kw_only=True)
class VetoCause:
    """One cause of a unit's veto (一票否决), as results, workbooks and reports show it.

    ``trigger`` is the stable id (listed in ``UnitResult.vetoes``);
    ``name`` and ``name_en`` are what people read; ``note`` is the event's note.
    """

    trigger: str
    name: str
    name_en: str | None = None
    note: str | None = None
    effect: str | None = None
    """What the veto does (the built-in ``veto`` rule gives its ``effect``)."""


@frozen(kw_only=True)
class Reference:
    """Something a rule's parameters name: a unit, a unit group or a node of the tree.

    A reference that matches nothing is an error, never a silent no-op (a typo in an
    exclusion must not let a unit compete): ``govperf validate`` reports groups and
    nodes that the scheme does not declare, and ``govperf check``/``score`` report units
    that the data does not have.  ``param`` is the parameter's path below ``params``
    (``("units", 0)``), so the problem is located at the value.
    """

    kind: Literal["unit", "group", "node"]
    id: str
    param: tuple[str | int, ...]


def _row_text(events: Records, column: str, row: int) -> str | None:
    if column not in events.columns:
        return None
    value = events.columns[column][row]
    if value is None or value != value or str(value) == "":  # None, NaN or empty
        return None
    return str(value)


class BaseEvaluator:
    """The base class of evaluators: a scoring method of sub-indicators.

    An evaluator scores one sub-indicator for all units at once: records in, points
    per unit out.  Subclass it, set the class attributes that differ from the
    defaults below and implement :meth:`score` (usually as a ``@staticmethod``);
    register the class under the ``govperf.evaluators`` entry-point group or with
    :func:`govperf.plugin.register_evaluator`.  govperf creates one instance with no
    arguments and calls its methods.
    """

    Params: ClassVar[type | None] = None
    """An attrs class for the ``params:`` of the scheme file; ``None``: no parameters."""
    columns: ClassVar[Mapping[str, ColumnKind]] = {}
    """Required record columns besides ``unit``, each ``"number"`` or ``"text"``."""
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    """Columns that may be present (any other column is an error)."""
    one_row_per_unit: ClassVar[bool] = False
    """Whether each unit has at most one row (the engine reports duplicates)."""
    rows_optional: ClassVar[bool] = False
    """Whether a unit without rows still has data (no incidents: full points)."""
    formula: ClassVar[Mapping[str, str]] = {}
    """The formula in words, keyed by language (``"zh"``, ``"en"``)."""

    def check(
        self, params: Any, records: Records, max_points: np.ndarray
    ) -> Sequence[tuple[int, str | Message]]:
        """Rows whose values are out of range: ``(row, message)`` pairs (default: none)."""
        return []

    def score(self, params: Any, records: Records, max_points: np.ndarray) -> np.ndarray:
        """Points per unit in ``[0, max_points]``; values of units without rows are ignored.

        Every evaluator implements this; the base class has no scoring method.
        """
        raise NotImplementedError(f"{type(self).__qualname__} does not implement score()")

    def explain(
        self, params: Any, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """Intermediate figures for one unit (a rater mean, a satisfaction index…).

        Default: none.
        """
        return {}

    def vocabulary(self, params: Any) -> Mapping[str, Sequence[tuple[str, str]]]:
        """The words a text column may hold, as ``(text, id)`` pairs, by column.

        A survey's ``category`` may be given by its id or its printed name
        (``("satisfied", "satisfied"), ("满意", "satisfied")``).  The readers resolve a
        name to its id once, at reading time, and refuse an unknown text (with the
        nearest words as "did you mean") or a name shared by several ids, located at
        the cell.  A column not listed is read as it is.  Default: none.
        """
        return {}

    def template_rows(self, params: Any) -> tuple[Mapping[str, str | None], ...]:
        """The rows a blank data template prefills for each unit, as cells by column.

        A survey lists one row per answer category (``category`` and a ``remark``
        naming it) so that assessors only fill in the counts.  Default: none (one
        empty row per unit).
        """
        return ()


class BaseRule:
    """The base class of rules: changes to the per-unit state after the tree is summed.

    Subclass it, implement :meth:`apply`, and declare what the rule does with the
    capability attributes (:attr:`vetoes`, :attr:`grades`, :attr:`changes_total`,
    :attr:`excludes`): the engine, the exports and the reports act on those, never on
    a rule's name, so a third-party veto rule shows as a veto everywhere.
    """

    Params: ClassVar[type | None] = None
    """An attrs class for the ``params:`` of the scheme file; ``None``: no parameters."""
    columns: ClassVar[Mapping[str, ColumnKind]] = {}
    """Required columns of the rule's events besides ``unit``."""
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    """Event columns that may be present."""
    stage: ClassVar[Stage] = "adjust"
    """``adjust`` rules run before ranking (bonus, deduction, veto, exclusion);
    ``classify`` rules run after it (grades)."""

    vetoes: ClassVar[bool] = False
    """The rule vetoes units (一票否决): it sets ``RuleState.vetoed``, and results,
    workbooks and reports list the causes (:meth:`veto_causes`) of the units it vetoes."""
    grades: ClassVar[bool] = False
    """The rule assigns grades (等次); :meth:`grade_names` lists them."""
    changes_total: ClassVar[bool] = False
    """The rule adds to or takes from the total (bonus, deduction)."""
    excludes: ClassVar[bool] = False
    """The rule may keep units out of the ranking or of awards."""

    def check(self, params: Any, events: Records) -> Sequence[tuple[int, str | Message]]:
        """Rows of the rule's events that are invalid: ``(row, message)`` pairs.

        Default: none.
        """
        return []

    def apply(self, params: Any, state: RuleState, events: Records) -> RuleState:
        """Return the new state.

        Every rule implements this; the base class has no effect of its own.
        """
        raise NotImplementedError(f"{type(self).__qualname__} does not implement apply()")

    def explain(
        self, params: Any, before: RuleState, after: RuleState, events: Records, unit: int
    ) -> Note | None:
        """What the rule did to one unit, or ``None`` if nothing (the default)."""
        return None

    def veto_causes(self, params: Any, events: Records, unit: int) -> tuple[VetoCause, ...]:
        """Why a rule that :attr:`vetoes` vetoed one unit.

        Default: one cause per event row of the unit with a ``trigger`` column, named by
        it and carrying the row's ``note``; none without that column, and then the
        rule itself is shown as the cause.
        """
        causes = []
        for r in events.rows_of(unit):
            trigger = _row_text(events, "trigger", int(r))
            if trigger is not None:
                note = _row_text(events, "note", int(r))
                causes.append(VetoCause(trigger=trigger, name=trigger, note=note))
        return tuple(causes)

    def vocabulary(self, params: Any) -> Mapping[str, Sequence[tuple[str, str]]]:
        """The words an event column may hold, as ``(text, id)`` pairs, by column: a
        veto's ``trigger`` by its id or its name.  See
        :meth:`BaseEvaluator.vocabulary`.  Default: none."""
        return {}

    def template_columns(self, params: Any) -> tuple[str, ...]:
        """The event columns a blank data template offers, in order.

        Default: :attr:`columns` then :attr:`optional_columns`; a rule leaves out the
        columns its parameters make useless (the built-in bonus offers ``tier`` only
        when it declares tiers).
        """
        return (*self.columns, *self.optional_columns)

    def references(self, params: Any) -> tuple[Reference, ...]:
        """The units, unit groups and nodes the parameters name (default: none).

        Each must exist: the scheme validator checks groups and nodes, the engine
        checks units against the data (see :class:`Reference`).
        """
        return ()

    def condition_causes(self, params: Any, state: RuleState, unit: int) -> tuple[VetoCause, ...]:
        """Why a rule that :attr:`vetoes` vetoed one unit on its scores, not on event
        rows (the built-in veto's ``conditions``: a total below 80).

        ``state`` is the state the rule received.  Default: none.
        """
        return ()

    def grade_names(self, params: Any) -> tuple[str, ...]:
        """The grades a rule that :attr:`grades` can give, best first (default: none)."""
        return ()

    def grade_cap(self, params: Any) -> str | None:
        """The best grade this rule lets the units it hits keep, if it caps grades.

        The scheme must have a grade rule that gives that grade.  Default: ``None``.
        """
        return None

    def sets_total(self, params: Any) -> str | None:
        """The parameter that makes the rule set totals outright, or ``None`` (default).

        The built-in veto returns ``"effect"`` when ``effect: zero_total``.  Such a
        rule must be declared after every rule that :attr:`changes_total`, since rules
        run in the declared order; validation reports it at that parameter otherwise.
        """
        return None


# -- adapting what a registry loads -------------------------------------------------


def _describe(obj: Any) -> str:
    if isinstance(obj, type):
        return f"{obj.__module__}:{obj.__qualname__}"
    return f"an object of type {type(obj).__module__}.{type(obj).__qualname__}"


def _columns_problems(name: str, value: object) -> list[str]:
    if isinstance(value, Mapping) and all(
        isinstance(k, str) and v in ("number", "text") for k, v in value.items()
    ):
        return []
    return [f"{name} must map column names to 'number' or 'text', got {value!r}"]


def _common_problems(cls: type[BaseEvaluator] | type[BaseRule]) -> list[str]:
    out = []
    if cls.Params is not None and not attrs.has(cls.Params):
        out.append(f"Params must be an attrs class or None, got {cls.Params!r}")
    out += _columns_problems("columns", cls.columns)
    out += _columns_problems("optional_columns", cls.optional_columns)
    return out


def _flag_problems(flags: dict[str, object]) -> list[str]:
    return [
        f"{k} must be True or False, got {v!r}" for k, v in flags.items() if not isinstance(v, bool)
    ]


def _adapt(obj: Any, base: type[Any], what: str, name: str) -> type[Any]:
    """``obj`` as a subclass of ``base``: a class written against the protocol of
    govperf 0.x (without the base class) gets the base class's defaults."""
    if not isinstance(obj, type):
        raise PluginError(
            f"the {what} {name!r} ({_describe(obj)}) is not a class: make it a subclass of "
            f"govperf.plugin.{base.__name__}"
        )
    if issubclass(obj, base):
        return obj
    return type(obj.__name__, (obj, base), {"__module__": obj.__module__, "__doc__": obj.__doc__})


def _instance(
    cls: type[Any], base: type[Any], obj: Any, what: str, name: str, problems: list[str]
) -> Any:
    if problems:
        raise PluginError(
            f"the {what} {name!r} ({_describe(obj)}) does not fit govperf.plugin."
            f"{base.__name__}: {'; '.join(problems)}"
        )
    try:
        return cls()
    except Exception as exc:
        raise PluginError(
            f"the {what} {name!r} ({_describe(obj)}) cannot be created without arguments: "
            f"{type(exc).__name__}: {exc}"
        ) from exc


def as_evaluator(obj: Any, name: str) -> BaseEvaluator:
    """The evaluator ``obj`` (a class) ready to use, with the defaults of
    :class:`BaseEvaluator`; :class:`PluginError` says what it lacks."""
    cls: type[BaseEvaluator] = _adapt(obj, BaseEvaluator, "evaluator", name)
    problems = []
    if cls.score is BaseEvaluator.score:
        problems.append("it lacks score(params, records, max_points)")
    problems += _common_problems(cls)
    problems += _flag_problems(
        {"one_row_per_unit": cls.one_row_per_unit, "rows_optional": cls.rows_optional}
    )
    formula: object = cls.formula  # a plugin's declaration, checked rather than trusted
    if not isinstance(formula, Mapping):
        problems.append(f"formula must map languages to text, got {formula!r}")
    inst: BaseEvaluator = _instance(cls, BaseEvaluator, obj, "evaluator", name, problems)
    return inst


def as_rule(obj: Any, name: str) -> BaseRule:
    """The rule ``obj`` (a class) ready to use, with the defaults of :class:`BaseRule`;
    :class:`PluginError` says what it lacks."""
    cls: type[BaseRule] = _adapt(obj, BaseRule, "rule", name)
    problems = []
    if cls.apply is BaseRule.apply:
        problems.append("it lacks apply(params, state, events)")
    problems += _common_problems(cls)
    if cls.stage not in ("adjust", "classify"):
        problems.append(f"stage must be 'adjust' or 'classify', got {cls.stage!r}")
    problems += _flag_problems(
        {
            "vetoes": cls.vetoes,
            "grades": cls.grades,
            "changes_total": cls.changes_total,
            "excludes": cls.excludes,
        },
    )
    inst: BaseRule = _instance(cls, BaseRule, obj, "rule", name, problems)
    return inst


# -- registries ----------------------------------------------------------------------


def entry_points(*, group: str) -> Iterable[EntryPoint]:
    """The installed entry points of ``group`` (:mod:`importlib.metadata`, imported here
    on first use: reading metadata is the slow part of start-up)."""
    from importlib.metadata import entry_points as installed

    return installed(group=group)


def _dist_name(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return dist.name if dist is not None else "<unknown distribution>"


BUILTIN_EVALUATORS: Mapping[str, str] = {
    "direct": "govperf.evaluators.direct:Direct",
    "raters": "govperf.evaluators.raters:Raters",
    "survey": "govperf.evaluators.survey:Survey",
    "target_challenge": "govperf.evaluators.target_challenge:TargetChallenge",
    "bands": "govperf.evaluators.bands:Bands",
    "piecewise": "govperf.evaluators.piecewise:Piecewise",
    "deduction": "govperf.evaluators.deduction:Deduction",
    "rank": "govperf.evaluators.rank:Rank",
    "item_sum": "govperf.evaluators.item_sum:ItemSum",
    "rate": "govperf.evaluators.rate:Rate",
    "min_max": "govperf.evaluators.min_max:MinMax",
    "efficacy_coefficient": "govperf.evaluators.efficacy_coefficient:EfficacyCoefficient",
    "z_score": "govperf.evaluators.z_score:ZScore",
    "goalposts": "govperf.evaluators.goalposts:Goalposts",
}
"""The built-in evaluators and their targets, as govperf's own entry points declare them."""

BUILTIN_RULES: Mapping[str, str] = {
    "bonus": "govperf.rules.bonus:Bonus",
    "deduction": "govperf.rules.deduction:Deduction",
    "veto": "govperf.rules.veto:Veto",
    "grade": "govperf.rules.grade:Grade",
    "rating": "govperf.rules.rating:Rating",
    "exclude": "govperf.rules.exclude:Exclude",
    "adjustment_cap": "govperf.rules.adjustment_cap:AdjustmentCap",
}
"""The built-in rules and their targets, as govperf's own entry points declare them."""


class Registry:
    """Named plugins of one entry-point group, resolved lazily.

    ``names()`` reads only package metadata; ``get(name)`` imports the plugin on first
    use and caches it.  Objects registered with :meth:`register` (for example in a
    test or a notebook) take part exactly like entry points, including the duplicate
    check.

    ``builtins`` (name → ``module:object``) are govperf's own plugins.  Their names are
    reserved: they resolve without reading any package metadata (which costs tens of
    milliseconds at start-up), and an entry point of another distribution under such
    a name is never used.
    """

    def __init__(
        self,
        group: str,
        what: str,
        adapt: Callable[[Any, str], Any] | None = None,
        builtins: Mapping[str, str] | None = None,
    ) -> None:
        self.group = group
        self.what = what
        self._adapt = adapt
        self._builtins: Mapping[str, str] = dict(builtins or {})
        self._eps: dict[str, list[EntryPoint]] | None = None
        self._local: dict[str, Any] = {}
        self._local_origin: dict[str, str] = {}
        self._loaded: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _entry_points(self) -> dict[str, list[EntryPoint]]:
        if self._eps is None:
            found: dict[str, list[EntryPoint]] = {}
            seen: set[tuple[str, str, str]] = set()
            for ep in entry_points(group=self.group):
                key = (ep.name, _dist_name(ep), ep.value)
                if key in seen or self._builtins.get(ep.name) == ep.value:
                    continue  # the same distribution seen twice on sys.path; a built-in
                seen.add(key)
                found.setdefault(ep.name, []).append(ep)
            self._eps = found
        return self._eps

    def names(self) -> list[str]:
        """Every registered name, sorted; imports nothing."""
        return sorted(set(self._builtins) | set(self._entry_points()) | set(self._local))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (
            name in self._builtins or name in self._local or name in self._entry_points()
        )

    def register(self, name: str, plugin: Any) -> None:
        """Register an object under ``name`` in this process (no entry point needed).

        A name that is taken (by an entry point or an earlier registration) is a
        :class:`PluginError` naming both; a plugin that does not fit the base class is
        a :class:`PluginError` saying what it lacks.
        """
        if not isinstance(name, str) or not name:
            raise PluginError(f"a {self.what} name must be non-empty text, got {name!r}")
        if name in self:
            raise PluginError(
                f"{self.what} {name!r} is already registered ({self.describe(name)}); "
                f"cannot register {_describe(plugin)} under the same name"
            )
        self._local[name] = plugin if self._adapt is None else self._adapt(plugin, name)
        self._local_origin[name] = _describe(plugin)

    def unregister(self, name: str) -> None:
        """Remove a name added with :meth:`register`."""
        self._local.pop(name, None)
        self._local_origin.pop(name, None)
        self._loaded.pop(name, None)

    def describe(self, name: str) -> str:
        """Who provides ``name``: distributions and targets."""
        parts = [f"govperf ({self._builtins[name]})"] if name in self._builtins else []
        parts += [f"{_dist_name(ep)} ({ep.value})" for ep in self._entry_points().get(name, [])]
        if name in self._local:
            parts.append(f"{self._local_origin[name]}, registered in this process")
        return ", ".join(parts) or "nobody"

    def check(self, name: str) -> str | None:
        """Why ``name`` cannot be used (unknown or claimed twice), or ``None`` if it can.

        Imports nothing.
        """
        if name in self._builtins:
            return None  # reserved: the built-in, without reading package metadata
        eps = self._entry_points().get(name, [])
        claims = len(eps) + (name in self._local)
        if claims == 0:
            known = ", ".join(self.names()) or "none"
            return f"no installed plugin provides the {self.what} {name!r} (known: {known})"
        if claims > 1:
            return (
                f"the {self.what} {name!r} is claimed by more than one plugin: "
                f"{self.describe(name)}; uninstall one of them"
            )
        return None

    def get(self, name: str) -> Any:
        """Load and return the plugin called ``name``.

        Raises :class:`PluginError` when no plugin or more than one claims the name,
        and :class:`PluginLoadError` when importing it fails.
        """
        with self._lock:
            if name in self._loaded:
                return self._loaded[name]
            problem = self.check(name)
            if problem is not None:
                raise PluginError(problem)
            if name in self._builtins:
                obj = self._load_builtin(name)
            elif name in self._local:
                obj = self._local[name]
            else:
                (ep,) = self._entry_points()[name]
                try:
                    obj = ep.load()
                except Exception as exc:
                    raise PluginLoadError(
                        f"the {self.what} {name!r} from distribution {_dist_name(ep)!r} "
                        f"({ep.value}) failed to load: {type(exc).__name__}: {exc}"
                    ) from exc
            if self._adapt is not None and name not in self._local:
                obj = self._adapt(obj, name)
            self._loaded[name] = obj
            return obj

    def _load_builtin(self, name: str) -> Any:
        target = self._builtins[name]
        module, _, attr = target.partition(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except Exception as exc:
            raise PluginLoadError(
                f"the {self.what} {name!r} from distribution 'govperf' ({target}) failed "
                f"to load: {type(exc).__name__}: {exc}"
            ) from exc

    def refresh(self) -> None:
        """Forget what was read from package metadata (after installing a plugin)."""
        with self._lock:
            self._eps = None
            self._loaded = {k: v for k, v in self._loaded.items() if k in self._local}


evaluators = Registry("govperf.evaluators", "evaluator", as_evaluator, BUILTIN_EVALUATORS)
"""Scoring methods of sub-indicators, by name."""

rules = Registry("govperf.rules", "rule", as_rule, BUILTIN_RULES)
"""Bonus, deduction, veto, grade and exclusion rules, by name."""

"""Scoring results: exact figures per unit and node, published figures, and explanations.

Figures are kept exact (floats) inside; :meth:`Results.unit`, :meth:`Results.ranking`,
:meth:`Results.to_dict` and explanations publish them to the scheme's
``scoring.precision`` (default 2 decimals): leaves rounded half up, every parent the
sum of its published children, the total the published base + bonus − deductions
(see "Rounding and published figures" in the Scoring docs).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from attrs import asdict, field, frozen

from .._labels import LABELS, check_lang, label
from .._rounding import round_half_up
from ..data._data import EvaluationData
from ..output._text import format_table, wrap
from ..plugin import Note, Records, RuleState, VetoCause
from ..scheme._load import scheme_to_dict
from ..scheme._model import XICHENG_TIERS
from ..scheme._sums import published_base, published_sums

if TYPE_CHECKING:
    import pandas

    from ..scoring._compile import CompiledScheme
    from ..scoring._missing import MissingPolicy
    from ._notice import MissingNotice

__all__ = ["Explanation", "NodeTrail", "Results", "RuleTrail", "SubTrail", "UnitResult"]

RESULTS_FORMAT = 1


def _pub(value: float, precision: int) -> float:
    return float(round_half_up(value, precision))


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _shown(value: Any) -> str:
    """Plain data for the text trail: floats to 6 significant digits, no float noise."""

    def short(v: Any) -> Any:
        v = _plain(v)
        if isinstance(v, float):
            return float(f"{v:.6g}")
        if isinstance(v, dict):
            return {k: short(x) for k, x in v.items()}
        if isinstance(v, list):
            return [short(x) for x in v]
        return v

    return str(short(dict(value)))


@frozen(kw_only=True)
class UnitResult:
    """One unit's published figures: leaves rounded half up, parents the sums of their
    published children, ``total = base + bonus - deductions`` to the cent (unless a
    veto set the total to zero)."""

    unit: str
    name: str
    group: str | None
    total: float
    base: float
    bonus: float
    deductions: float
    rank: int | None
    grade: str | None
    award_eligible: bool
    vetoes: tuple[str, ...]
    points: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        """Plain data; the keys of the JSON output of ``govperf score``."""
        return {
            "unit": self.unit,
            "name": self.name,
            "group": self.group,
            "total": self.total,
            "base": self.base,
            "bonus": self.bonus,
            "deductions": self.deductions,
            "rank": self.rank,
            "grade": self.grade,
            "award_eligible": self.award_eligible,
            "vetoes": list(self.vetoes),
            "points": dict(self.points),
        }


@frozen(kw_only=True)
class SubTrail:
    """How one sub-indicator's points came about for one unit."""

    id: str
    name: str
    evaluator: str
    formula: Mapping[str, str]
    params: Mapping[str, Any]
    inputs: tuple[Mapping[str, Any], ...]
    details: Mapping[str, Any]
    max_points: float
    points: float
    missing: str | None = None
    """``None`` when data was present, else the policy that filled the pair."""
    name_en: str | None = None
    """The English name, where the scheme gives one."""


@frozen(kw_only=True)
class RuleTrail:
    """What one rule did to one unit."""

    id: str
    name: str
    kind: str
    zh: str
    en: str
    data: Mapping[str, Any] = field(factory=dict)
    name_en: str | None = None
    """The English name, where the scheme gives one."""
    vetoes: bool = False
    """Whether the rule is a veto rule (its plugin declares ``BaseRule.vetoes``)."""
    veto_causes: tuple[VetoCause, ...] = ()
    """Why the rule vetoed this unit (empty if it did not)."""


def _veto_note(causes: tuple[VetoCause, ...]) -> Note:
    """What a veto did, from its causes alone."""
    zh = "、".join(c.name for c in causes)
    en = ", ".join(c.name_en or c.trigger for c in causes)
    return Note(
        zh=label("explain.vetoed_by", "zh", causes=zh),
        en=label("explain.vetoed_by", "en", causes=en),
    )


@frozen(kw_only=True)
class NodeTrail:
    """One node of the tree in a unit's explanation: where it sits and what it got."""

    id: str
    name: str
    depth: int
    """0 for the top tier."""
    tier: str
    """The name of the node's tier (e.g. 一级指标), Chinese."""
    points: float
    """Published points (NaN where the unit has no data on the node)."""
    max_points: float
    """The unit's maximum of the node (from its group, or its split in a pool)."""
    is_leaf: bool
    tier_en: str
    """The tier's English name (the Chinese one where the scheme gives none)."""
    name_en: str | None = None


@frozen(kw_only=True)
class Explanation:
    """The structured trail of one unit's score: every input, formula and rule.

    ``tree`` lists every node of the scheme, at any depth, in tree order, with the
    unit's published points and maximum; ``sub_indicators`` details each leaf.
    """

    unit: str
    name: str
    scheme: str
    sub_indicators: tuple[SubTrail, ...]
    nodes: Mapping[str, float]
    rules: tuple[RuleTrail, ...]
    result: UnitResult
    missing_policy: str
    leaf_tier: tuple[str, str] | None = None
    """The scheme's tier name of the leaves, (Chinese, English), for :meth:`to_text`;
    ``None``: the three-tier default, 二级指标 / sub-indicator."""
    tree: tuple[NodeTrail, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-serialisable data."""
        return _plain(
            {
                "unit": self.unit,
                "name": self.name,
                "scheme": self.scheme,
                "missing_policy": self.missing_policy,
                "sub_indicators": [
                    {
                        "id": s.id,
                        "name": s.name,
                        "name_en": s.name_en,
                        "evaluator": s.evaluator,
                        "formula": s.formula,
                        "params": s.params,
                        "inputs": list(s.inputs),
                        "details": s.details,
                        "max_points": s.max_points,
                        "points": s.points,
                        "missing": s.missing,
                    }
                    for s in self.sub_indicators
                ],
                "nodes": dict(self.nodes),
                "tree": [
                    {
                        "id": t.id,
                        "name": t.name,
                        "name_en": t.name_en,
                        "depth": t.depth,
                        "tier": t.tier,
                        "tier_en": t.tier_en,
                        "points": t.points,
                        "max_points": t.max_points,
                        "is_leaf": t.is_leaf,
                    }
                    for t in self.tree
                ],
                "rules": [
                    {
                        "id": r.id,
                        "name": r.name,
                        "name_en": r.name_en,
                        "kind": r.kind,
                        "zh": r.zh,
                        "en": r.en,
                        "data": r.data,
                        "vetoes": r.vetoes,
                        "veto_causes": [asdict(c) for c in r.veto_causes],
                    }
                    for r in self.rules
                ],
                "result": self.result.to_dict(),
            }
        )

    def to_text(self, lang: str = "zh", width: int = 100) -> str:
        """A readable trail in Chinese (``"zh"``) or English (``"en"``): sentences for
        the total and the standing, a table of the tree, then each leaf with its method,
        parameters, data and intermediate figures as tables, and what each rule did.
        Text is wrapped to ``width`` terminal columns (a Chinese character takes two)."""
        zh = check_lang(lang) == "zh"
        r = self.result
        parts = label(
            "explain.sum",
            lang,
            base=f"{r.base:g}",
            bonus=f"{r.bonus:g}",
            deductions=f"{r.deductions:g}",
        )
        if r.vetoes and r.total == 0 and r.base + r.bonus - r.deductions > 0:
            # a veto with effect zero_total: the sum does not hold, say why
            headline = label("explain.total_zeroed", lang, total=f"{r.total:g}", parts=parts)
        else:
            headline = label("explain.total", lang, total=f"{r.total:g}", parts=parts)
        default = XICHENG_TIERS[-1]
        zh_leaf, en_leaf = self.leaf_tier or (default.name, default.name_en or default.name)
        leaf = zh_leaf if zh else en_leaf
        lines = [label("score_title", lang, name=self.name, unit=self.unit)]
        lines += wrap(label("explain.sentence", lang, text=headline), width)
        lines += wrap(_standing(r, lang), width)
        inner = [t for t in self.tree if not t.is_leaf]
        if inner:
            lines += ["", label("explain.nodes", lang)]
            heads = [label(f"explain.col_{k}", lang) for k in ("tier", "node", "id")]
            heads += [label(f"explain.col_{k}", lang) for k in ("points", "max", "share")]
            rows = [heads]
            for t in inner:
                name = t.name if zh or not t.name_en else f"{t.name_en} ({t.name})"
                share = t.points / t.max_points if t.max_points else math.nan
                rows.append(
                    [
                        t.tier if zh else t.tier_en,
                        "  " * t.depth + name,
                        t.id,
                        f"{t.points:g}",
                        f"{t.max_points:g}",
                        "-"
                        if math.isnan(share)
                        else f"{float(round_half_up(share * 100, 1)):.1f}%",
                    ]
                )
            lines += ["  " + x for x in format_table(rows, [False, False, False, True, True, True])]
        lines += ["", label("explain.leaves", lang, leaf=leaf)]
        for n, s in enumerate(self.sub_indicators, start=1):
            name = s.name if zh or not s.name_en else f"{s.name_en} ({s.name})"
            head = label(
                "explain.leaf",
                lang,
                n=n,
                name=name,
                id=s.id,
                points=f"{s.points:g}",
                max=f"{s.max_points:g}",
                evaluator=s.evaluator,
            )
            lines += wrap(head, width)
            formula = s.formula.get(lang) or s.formula.get("en", "")
            if formula:
                lines += _hanging(label("explain.formula_is", lang, formula=formula), width)
            if s.params:
                lines += _block(label("explain.params", lang), s.params, lang, width)
            if s.missing:
                policy = (
                    label(f"policy.{s.missing}", lang)
                    if f"policy.{s.missing}" in LABELS
                    else s.missing
                )
                lines += _hanging(label("explain.missing_is", lang, policy=policy), width)
                continue
            if s.inputs:
                lines += _block(label("explain.input", lang), list(s.inputs), lang, width)
            details = {k: v for k, v in s.details.items() if k not in s.params or s.params[k] != v}
            if details and not (len(s.inputs) == 1 and dict(s.inputs[0]) == details):
                lines += _block(label("explain.details", lang), details, lang, width)
        if self.rules:
            lines += ["", label("explain.rules", lang)]
            for rule in self.rules:
                name = rule.name if zh or not rule.name_en else f"{rule.name_en} ({rule.name})"
                text = f"{name} [{rule.id}]{label('colon', lang)}{rule.zh if zh else rule.en}"
                body = wrap(text, max(20, width - 2))
                lines += ["- " + body[0], *("  " + line for line in body[1:])]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text("zh")


def _standing(r: UnitResult, lang: str) -> str:
    """排名第 1 名,等次为优秀,具备评先评优资格。 (Ranked 1, grade 优秀, eligible for awards.)"""
    rank = label("not_ranked", lang) if r.rank is None else label("explain.rank", lang, rank=r.rank)
    grade = (
        label("explain.grade", lang, grade=r.grade) if r.grade else label("explain.no_grade", lang)
    )
    award = label("explain.award_yes" if r.award_eligible else "explain.award_no", lang)
    text = label("explain.standing_sentence", lang, rank=rank, grade=grade, award=award)
    return text[0].upper() + text[1:]


def _cell(value: Any, lang: str) -> str:
    """One value as the text trail shows it: floats to 6 significant digits."""
    value = _plain(value)
    if isinstance(value, bool):
        return label("yes" if value else "no", lang)
    if isinstance(value, float):
        return f"{value:.6g}"
    if value is None:
        return "-"
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return label("list_sep", lang).join(_cell(v, lang) for v in value)
    if isinstance(value, (dict, list)):
        return str(_plain_short(value))
    return " ".join(str(value).split())


def _plain_short(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.6g}")
    if isinstance(value, dict):
        return {k: _plain_short(x) for k, x in value.items()}
    if isinstance(value, list):
        return [_plain_short(x) for x in value]
    return value


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(rows: list[dict[str, Any]], lang: str, indent: str) -> list[str]:
    """Rows of plain data as an aligned table, numbers right-aligned."""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    numeric = [
        all(isinstance(row.get(k), (int, float)) and not isinstance(row.get(k), bool)
            for row in rows if row.get(k) is not None)
        for k in keys
    ]  # fmt: skip
    heads = [_column(k, lang) for k in keys]
    cells = [heads] + [[_cell(row.get(k), lang) for k in keys] for row in rows]
    return [indent + line for line in format_table(cells, numeric)]


def _column(name: str, lang: str) -> str:
    """A data column as a table heading: its template header in Chinese (类别, 人数)."""
    key = f"template.col.{name}"
    return label(key, lang) if lang == "zh" and key in LABELS else str(name)


def _hanging(text: str, width: int, indent: int = 3) -> list[str]:
    """``text`` wrapped to ``width``, every line indented by ``indent`` columns."""
    return [" " * indent + line for line in wrap(text, max(20, width - indent))]


def _block(title: str, value: Any, lang: str, width: int) -> list[str]:
    """A labelled piece of the trail: ``参数:combine = mean;scale = 100``, or a
    title line and tables for rows (records, categories, tasks)."""
    value = _plain(value)
    sep = label("clause_sep", lang)
    colon = label("colon", lang)
    if _is_rows(value) and len(value) == 1:
        value = value[0]  # one row reads as a sentence: 输入数据:分值 = 1.62
    if _is_rows(value):
        return ["   " + title + colon.rstrip(), *_table(value, lang, "     ")]
    if not isinstance(value, dict):
        return _hanging(title + colon + _cell(value, lang), width)
    simple = [f"{_column(k, lang)} = {_cell(v, lang)}" for k, v in value.items() if not _nested(v)]
    lines = _hanging(title + colon + sep.join(simple), width) if simple else []
    if not simple:
        lines = ["   " + title + colon.rstrip()]
    for k, v in value.items():
        if _is_rows(v):
            lines += [f"     {k}:", *_table(v, lang, "       ")]
        elif isinstance(v, dict) and v:
            pairs = sep.join(f"{_column(a, lang)} = {_cell(b, lang)}" for a, b in v.items())
            lines += _hanging(f"{k}{colon}{pairs}", width, 5)
    return lines


def _nested(value: Any) -> bool:
    return _is_rows(value) or isinstance(value, dict)


def _readonly(arr: np.ndarray) -> np.ndarray:
    arr = np.asarray(arr)
    arr.flags.writeable = False
    return arr


@frozen(kw_only=True, eq=False)
class Results:
    """Immutable results of :func:`govperf.score` for every unit.

    Arrays are exact and read-only, indexed like :attr:`units`.  Use :meth:`unit`,
    :meth:`ranking` and :meth:`to_dict` for published (rounded) figures and
    :meth:`explain` for the trail behind any number.
    """

    compiled: CompiledScheme
    data: EvaluationData
    policy: MissingPolicy
    leaf_points: np.ndarray
    leaf_max: tuple[np.ndarray, ...]
    present: np.ndarray
    tree: np.ndarray | None
    """Every node's points (units × nodes) when they are not plain sums (redistribution)."""
    state: RuleState
    history: tuple[tuple[int, RuleState, RuleState], ...]
    records: tuple[Records | None, ...]
    events: Mapping[str, Records]
    filled: tuple[tuple[str, str], ...]
    _cache: dict[str, Any] = field(init=False, factory=dict, repr=False, alias="_cache")

    @classmethod
    def _create(cls, **kwargs: Any) -> Results:
        for key in ("leaf_points", "present"):
            kwargs[key] = _readonly(kwargs[key])
        kwargs["leaf_max"] = tuple(_readonly(a) for a in kwargs["leaf_max"])
        if kwargs.get("tree") is not None:
            kwargs["tree"] = _readonly(kwargs["tree"])
        return cls(**kwargs)

    # -- basic figures ----------------------------------------------------------------

    def _nodes(self) -> np.ndarray:
        if self.tree is None:
            from ..scheme._sums import tree_sums

            object.__setattr__(self, "tree", _readonly(tree_sums(self.compiled, self.leaf_points)))
        assert self.tree is not None
        return self.tree

    def _cached(self, key: str, make: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def node_ids(self) -> tuple[str, ...]:
        """Every node id of the scheme, in :meth:`Scheme.iter_nodes` order (any depth)."""
        return self.compiled.node_ids

    @property
    def node_points(self) -> np.ndarray:
        """Exact points of every node, shape (units, nodes), columns in :attr:`node_ids` order.

        Inner nodes are the sums of their children (or, under the ``redistribute``
        policy, the re-weighted sums), or their min, max or mean for a branch that
        says ``combine``; leaf columns are the leaves' own points.
        Read-only; column-major, so that one node's column is a contiguous view.
        """
        return self._nodes()

    @property
    def published_points(self) -> np.ndarray:
        """Published points of every node, shape (units, nodes), :attr:`node_ids` order.

        Leaves are rounded half up to :attr:`precision`; every inner node, at any
        depth, is the sum of its children's published points, so published figures
        always add up.  Under the ``redistribute`` policy with pairs left out, inner
        nodes are re-weighted (not sums of their children) and each is rounded on
        its own, as is every node of a scheme with a branch that combines its
        children by min, max or mean.  Read-only.
        """

        def make() -> np.ndarray:
            redistributed = self.policy.kind == "redistribute" and not bool(self.present.all())
            tree = self._nodes() if redistributed or self.compiled.combined else None
            return _readonly(published_sums(self.compiled, self.leaf_points, self.precision, tree))

        result: np.ndarray = self._cached("published", make)
        return result

    @property
    def published_base(self) -> np.ndarray:
        """Published base per unit: the sum of its published top-tier nodes (read-only).

        Under the ``redistribute`` policy a top-tier node without data has no figure;
        the base is then the sum of the others' published contributions, scaled as
        the exact base is (the figure the rules and the published total use).
        """

        def make() -> np.ndarray:
            if self.state.published_base is not None:  # what the engine published
                return _readonly(np.array(self.state.published_base, dtype=float))
            return _readonly(
                published_base(
                    self.compiled, self.published_points, self.precision, self.state.base
                )
            )

        result: np.ndarray = self._cached("published_base", make)
        return result

    @property
    def published_bonus(self) -> np.ndarray:
        """Published bonus per unit: the exact bonus rounded half up (read-only)."""
        return _readonly(round_half_up(self.state.bonus, self.precision))

    @property
    def published_deductions(self) -> np.ndarray:
        """Published deductions per unit: the exact deductions rounded half up (read-only)."""
        return _readonly(round_half_up(self.state.deductions, self.precision))

    @property
    def published_total(self) -> np.ndarray:
        """Published totals: published base + bonus − deductions, to the cent (read-only).

        A veto that sets the total to zero publishes zero.  Ranks and grades follow
        these figures (:meth:`govperf.plugin.RuleState.published_total`).
        """
        return _readonly(np.asarray(self.state.published_total(), dtype=float))

    @property
    def node_max(self) -> np.ndarray:
        """Each unit's maximum points of every node, shape (units, nodes), read-only.

        A node's maximum differs by unit where its points differ by unit group, and
        for the children of a pool (from each unit's split).
        """

        def make() -> np.ndarray:
            codes = self.compiled.group_codes(self.data.units.groups)
            out = np.array(self.compiled.node_max_for(codes), order="F")
            if self.compiled.leaves:
                out[:, self.compiled.leaf_nodes] = np.column_stack(self.leaf_max)
            return _readonly(out)

        result: np.ndarray = self._cached("node_max", make)
        return result

    def _tier(self, depth: int) -> np.ndarray:
        def make() -> np.ndarray:
            cols = np.flatnonzero(self.compiled.node_depth == depth)
            return _readonly(np.asfortranarray(self._nodes()[:, cols]))

        result: np.ndarray = self._cached(f"tier{depth}", make)
        return result

    @property
    def indicator_points(self) -> np.ndarray:
        """Exact points of every second-tier node (indicator), shape (units, nodes), tree order."""
        return self._tier(1)

    @property
    def level_points(self) -> np.ndarray:
        """Exact points of every top-tier node (level), shape (units, nodes), tree order."""
        return self._tier(0)

    @property
    def scheme(self) -> Any:
        """The :class:`~govperf.Scheme` scored."""
        return self.compiled.scheme

    @property
    def units(self) -> tuple[str, ...]:
        """Unit ids, in input order."""
        return self.data.units.ids

    @property
    def precision(self) -> int:
        """Decimals of published figures."""
        return self.compiled.scheme.scoring.precision

    def __len__(self) -> int:
        return len(self.units)

    def __repr__(self) -> str:
        return (
            f"<Results of scheme {self.scheme.id!r}: {len(self)} units, "
            f"missing policy {self.policy.kind!r}>"
        )

    @property
    def total(self) -> np.ndarray:
        """Exact totals (base + bonus − deductions, after vetoes)."""
        return _readonly(self.state.total.copy())

    @property
    def base(self) -> np.ndarray:
        """Exact tree totals before rules."""
        return _readonly(self.state.base.copy())

    @property
    def rank(self) -> np.ndarray:
        """Ranks (NaN for units kept out of the ranking)."""
        return _readonly(self.state.rank.copy())

    @property
    def grade(self) -> np.ndarray:
        """Grades (``None`` where the scheme has no grade rule)."""
        return _readonly(self.state.grade.copy())

    @property
    def award_eligible(self) -> np.ndarray:
        """Whether each unit may be commended this year."""
        return _readonly(self.state.award_eligible.copy())

    def _node(self, node_id: str) -> int:
        try:
            return self.compiled.node_index[node_id]
        except KeyError:
            raise KeyError(f"scheme {self.scheme.id!r} has no node with id {node_id!r}") from None

    def points(self, node_id: str) -> np.ndarray:
        """Exact points of any node of the tree for every unit (a read-only view)."""
        return self._nodes()[:, self._node(node_id)]

    def max_points(self, node_id: str) -> np.ndarray:
        """Maximum points of any node per unit (read-only).

        They differ by unit inside a pool (each unit's split) and where the node's
        points differ by unit group.
        """
        return self.node_max[:, self._node(node_id)]

    def group_median(
        self, node_id: str | None = None, *, share: bool = False, published: bool = False
    ) -> np.ndarray:
        """Each unit's comparison median of one node's exact points (the total if ``None``).

        The median is taken over the units of the unit's own group when the scheme
        sets ``scoring.within_groups`` (units in different groups are scored on
        different points and compared within their group), else over all units.
        Units without data on the node (NaN) are left out of the median.  With
        ``share=True`` the median is of points ÷ maximum points, for comparing units
        whose maxima differ.  ``published=True`` takes the median of the published
        figures (:attr:`published_points`, :attr:`published_total`), as reports print
        them.  Shape (units,), read-only.
        """
        if published:
            values = (
                self.published_total
                if node_id is None
                else self.published_points[:, self._node(node_id)]
            )
        else:
            values = self.state.total if node_id is None else self.points(node_id)
        if share:
            top = (
                np.full(len(self), self.scheme.total_points)
                if node_id is None
                else self.max_points(node_id)
            )
            with np.errstate(invalid="ignore", divide="ignore"):
                values = np.where(top > 0, values / top, np.nan)
        out = np.full(len(self), np.nan)
        for members in self._comparison_sets():
            finite = values[members][~np.isnan(values[members])]
            if len(finite):
                out[members] = np.median(finite)
        return _readonly(out)

    def _comparison_sets(self) -> list[np.ndarray]:
        """The unit positions compared with each other: one set per group, or all units."""
        if self.compiled.within_groups:
            codes = self.compiled.group_codes(self.data.units.groups)
            return [np.flatnonzero(codes == g) for g in range(len(self.compiled.group_ids))]
        return [np.arange(len(self))]

    def _tier_order(self) -> np.ndarray:
        """Node positions tier by tier (top tier first), in tree order within a tier."""
        result: np.ndarray = self._cached(
            "tier_order", lambda: np.argsort(self.compiled.node_depth, kind="stable")
        )
        return result

    def _index(self, unit: str) -> int:
        try:
            return self.units.index(unit)
        except ValueError:
            raise KeyError(f"no unit {unit!r} in these results") from None

    def _veto_causes(
        self, k: int, before: RuleState, after: RuleState, u: int
    ) -> tuple[VetoCause, ...]:
        """Why rule ``k`` (a rule that vetoes) vetoed unit ``u``; empty if it did not."""
        step = self.compiled.rules[k]
        if not (step.plugin.vetoes and after.vetoed[u]):
            return ()
        rec = self.events.get(step.id)
        causes = () if rec is None else tuple(step.plugin.veto_causes(step.params, rec, u))
        causes += tuple(step.plugin.condition_causes(step.params, before, u))
        if causes:
            return tuple(causes)
        spec = self.scheme.rules[step.index]  # no causes of its own: the rule is the cause
        return (VetoCause(trigger=step.id, name=spec.name, name_en=spec.name_en),)

    def _vetoes(self, u: int) -> tuple[str, ...]:
        out: list[str] = []
        for k, before, after in self.history:
            if not before.vetoed[u]:
                out += [c.trigger for c in self._veto_causes(k, before, after, u)]
        return tuple(out)

    def unit(self, unit: str) -> UnitResult:
        """Published figures of one unit."""
        u = self._index(unit)
        st = self.state
        published = self.published_points[u, :]
        nodes = {self.node_ids[k]: float(published[k]) for k in self._tier_order()}
        rank = st.rank[u]
        return UnitResult(
            unit=unit,
            name=self.data.units.names[u],
            group=self.data.units.groups[u],
            total=float(self.published_total[u]),
            base=float(self.published_base[u]),
            bonus=float(self.published_bonus[u]),
            deductions=float(self.published_deductions[u]),
            rank=None if math.isnan(rank) else int(rank),
            grade=None if st.grade[u] is None else str(st.grade[u]),
            award_eligible=bool(st.award_eligible[u]),
            vetoes=self._vetoes(u),
            points=nodes,
        )

    def ranking(self) -> list[UnitResult]:
        """All units, ranked first by rank, then unranked units by total."""
        order = sorted(
            range(len(self)),
            key=lambda u: (
                math.isnan(self.state.rank[u]),
                self.state.rank[u] if not math.isnan(self.state.rank[u]) else 0.0,
                -self.state.total[u],
                self.units[u],
            ),
        )
        return [self.unit(self.units[u]) for u in order]

    def missing_notice(self) -> MissingNotice | None:
        """What the missing-data policy changed (``None`` if it filled no pair).

        Under ``zero``, ``redistribute`` or ``carry``, the pairs filled, the units, and
        for each sub-indicator its assessors and files; :meth:`govperf.MissingNotice.text`
        gives the sentence that the command line prints on stderr and that every
        report and the workbook carry.
        """
        from ._notice import missing_notice

        return missing_notice(self)

    # -- explanations ------------------------------------------------------------------

    def explain(self, unit: str) -> Explanation:
        """The trail behind one unit's figures: inputs, formulas, parameters, rules."""
        u = self._index(unit)
        subs = []
        filled = {sid for uid, sid in self.filled if uid == unit}
        for j, leaf in enumerate(self.compiled.leaves):
            rec = self.records[j]
            assert rec is not None
            rows = rec.rows_of(u) if rec.n_rows else np.zeros(0, dtype=np.int64)
            inputs = tuple(
                {name: _plain(col[r]) for name, col in rec.columns.items()} for r in rows
            )
            missing = self.policy.kind if leaf.sub.id in filled else None
            details: Mapping[str, Any] = {}
            if missing is None and len(rows):
                details = leaf.plugin.explain(leaf.params, rec, self.leaf_max[j], u)
            evaluator = leaf.sub.evaluator
            subs.append(
                SubTrail(
                    id=leaf.sub.id,
                    name=leaf.sub.name,
                    name_en=leaf.sub.name_en,
                    evaluator=evaluator.kind if evaluator else "",
                    formula=dict(leaf.plugin.formula),
                    params=dict(evaluator.params) if evaluator else {},
                    inputs=inputs,
                    details=_plain(details),
                    max_points=float(self.leaf_max[j][u]),
                    points=_pub(self.leaf_points[u, j], self.precision)
                    if not math.isnan(self.leaf_points[u, j])
                    else math.nan,
                    missing=missing,
                )
            )
        trails = []
        for k, before, after in self.history:
            step = self.compiled.rules[k]
            note: Note | None = step.plugin.explain(
                step.params, before, after, self.events[step.id], u
            )
            causes = self._veto_causes(k, before, after, u)
            if note is None and causes and not before.vetoed[u]:
                note = _veto_note(causes)  # a veto that does not explain itself still shows
            if note is not None:
                spec = self.scheme.rules[step.index]
                trails.append(
                    RuleTrail(
                        id=step.id,
                        name=spec.name,
                        name_en=spec.name_en,
                        kind=step.kind,
                        zh=note.zh,
                        en=note.en,
                        data=_plain(dict(note.data)),
                        vetoes=step.plugin.vetoes,
                        veto_causes=causes,
                    )
                )
        from ..output._tree import leaf_tier_name

        result = self.unit(unit)
        nodes = {k: v for k, v in result.points.items() if k not in self.compiled.leaf_ids}
        sch = self.scheme
        published = self.published_points[u, :]
        tree = tuple(
            NodeTrail(
                id=node.id,
                name=node.name,
                name_en=node.name_en,
                depth=int(self.compiled.node_depth[k]),
                tier=sch.tier_name(int(self.compiled.node_depth[k]), "zh"),
                tier_en=sch.tier_name(int(self.compiled.node_depth[k]), "en"),
                points=float(published[k]),
                max_points=float(self.node_max[u, k]),
                is_leaf=node.is_leaf,
            )
            for k, node in enumerate(sch.iter_nodes())
        )
        return Explanation(
            unit=unit,
            name=result.name,
            scheme=self.scheme.id,
            sub_indicators=tuple(subs),
            nodes=nodes,
            rules=tuple(trails),
            result=result,
            missing_policy=self.policy.kind,
            leaf_tier=(leaf_tier_name(self.scheme, "zh"), leaf_tier_name(self.scheme, "en")),
            tree=tree,
        )

    # -- serialisation -----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable results that :func:`~govperf.results_from_dict` loads back.

        Holds the published figures of every unit (``units``), plus the scheme, the
        input data and the missing-data policy, from which :func:`~govperf.results_from_dict` scores
        again and checks that it gets the same figures.
        """
        return {
            "format": RESULTS_FORMAT,
            "scheme": _plain(_json_dates(scheme_to_dict(self.scheme))),
            "missing_policy": {
                "kind": self.policy.kind,
                "values": _plain(dict(self.policy.values)),
            },
            "missing_filled": [list(p) for p in self.filled],
            "data": self.data.to_dict(),
            # NaN (a pair left out under "redistribute") as null: strict JSON, and what
            # from_dict compares against
            "units": [_plain(r.to_dict()) for r in self.ranking()],
        }

    # -- tables and files (pandas and openpyxl are imported only when used) ----------------

    def to_frame(
        self,
        kind: Literal["wide", "tidy"] = "wide",
        *,
        lang: Literal["zh", "en"] = "zh",
        published: bool = True,
    ) -> pandas.DataFrame:
        """The results as a pandas DataFrame (needs ``pip install govperf[pandas]``).

        ``"wide"``: one row per unit (index: unit id), with the unit name, group, the
        points of every node in tree order, then base, bonus, deductions, total, rank,
        grade, award eligibility and vetoes.  ``"tidy"``: one row per (unit, node) with
        its tier, points, maximum points and share.  Headers are Chinese in ``"zh"``
        (node columns by name, an id appended where two nodes share a name) and ids or
        English in ``"en"``.  ``published=True`` rounds half up to the scheme's
        precision, as :meth:`unit` does; ``False`` gives the exact figures.
        """
        from ..output._frames import results_frame

        return results_frame(self, kind, lang=lang, published=published)

    def to_csv(
        self,
        path: str | os.PathLike[str],
        kind: Literal["wide", "tidy"] = "wide",
        lang: Literal["zh", "en"] = "zh",
        *,
        overwrite: bool = False,
    ) -> None:
        """Write the :meth:`to_frame` table (published figures) as CSV, UTF-8 with a BOM.

        The byte-order mark makes Excel on Chinese Windows read the file as UTF-8
        instead of GBK, so the Chinese names are not garbled.  Text that looks like a
        formula gets a leading ``'``.  The file is written atomically; an existing
        one is refused (:class:`FileExistsError`) unless ``overwrite=True``.  Needs no
        pandas.
        """
        from ..output._export import write_csv

        write_csv(self, path, kind, lang, overwrite=overwrite)

    def to_json(
        self, path: str | os.PathLike[str] | None = None, *, overwrite: bool = False
    ) -> str:
        """The published figures as a JSON array sorted by rank (``govperf score --format json``).

        Each unit has exactly the keys ``unit``, ``name``, ``total``, ``base``,
        ``bonus``, ``deductions``, ``rank``, ``grade``, ``award_eligible``, ``vetoes``
        and ``points`` (every node id to its published points).  Chinese is kept as it
        is (``ensure_ascii=False``).  Written to ``path`` (UTF-8, atomically; an
        existing file only with ``overwrite=True``) when given; the text is returned
        either way.  Needs no pandas.
        """
        from ..output._export import results_json

        return results_json(self, path, overwrite=overwrite)

    def to_excel(
        self,
        path: str | os.PathLike[str],
        *,
        lang: Literal["zh", "en"] = "zh",
        overwrite: bool = False,
    ) -> None:
        """Write an Excel workbook (needs ``pip install govperf[excel]``).

        Sheets: the ranking (排名), one sheet per level, the rules met by each unit
        with the missing-data policy (规则), and one sheet per unit with its
        explanation.  Figures are numbers with the scheme's decimals.  Every sheet is
        laid out for print (title row, borders, A4 landscape fitted to the width,
        repeated header rows, the scheme's title and period in the page header).  The
        file is written atomically; an existing one is refused
        (:class:`FileExistsError`) unless ``overwrite=True``.
        """
        from ..output._export import write_excel

        write_excel(self, path, lang=lang, overwrite=overwrite)

    def _repr_html_(self) -> str:
        """The ranking as an HTML table (first 50 units), for Jupyter."""
        from ..output._html import results_html

        return results_html(self)


def _json_dates(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _json_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_dates(v) for v in value]
    return value

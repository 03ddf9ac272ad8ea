"""The ``survey`` evaluator: answer counts per category to a satisfaction index, then points.

Each answer category carries a weight in ``[0, 1]`` (满意 1, 基本满意 0.6, …);
categories marked ``abstain`` (不了解, 未作答) are left out of the denominator.
``index = Σ weight × count / Σ count`` over the non-abstaining categories.
``mapping: linear`` gives ``points = max × clip((index − zero_at) / (full_at −
zero_at), 0, 1)``; ``mapping: bands`` gives ``max × share`` of the highest band whose
``min`` the index reaches (inclusive).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from attrs import field, frozen

from .._checks import fraction, non_empty_text
from .._lazy import lazy_numpy
from ..exceptions import Message
from ..plugin import BaseEvaluator, ColumnKind, Records
from ._common import category_codes, duplicate_rows, number_problems

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_numpy(globals())

__all__ = ["Category", "IndexBand", "Survey", "SurveyParams"]


@frozen(kw_only=True)
class Category:
    """An answer category and its weight."""

    id: str = field(validator=non_empty_text)
    """The category as the data names it."""
    name: str | None = None
    """The category as printed, e.g. 基本满意."""
    weight: float = field(default=0.0, validator=fraction)
    """Weight of an answer in this category (0 to 1)."""
    abstain: bool = False
    """Answers left out of the denominator (不了解, 未作答)."""


@frozen(kw_only=True)
class IndexBand:
    """``share`` of the points for an index of at least ``min``."""

    min: float = field(validator=fraction)
    """Lowest index of the band (inclusive)."""
    share: float = field(validator=fraction)
    """Share of the points for an index in the band."""


@frozen(kw_only=True)
class SurveyParams:
    """Parameters of ``survey``."""

    categories: tuple[Category, ...]
    """The answer categories, each with its weight."""
    mapping: Literal["linear", "bands"] = "linear"
    """How the index becomes points: ``linear`` or ``bands``."""
    zero_at: float = field(default=0.0, validator=fraction)
    """``linear``: the index that gets no points."""
    full_at: float = field(default=1.0, validator=fraction)
    """``linear``: the index that gets full points."""
    bands: tuple[IndexBand, ...] = ()
    """``bands``: by increasing ``min``; the highest band reached counts."""

    def __attrs_post_init__(self) -> None:
        ids = [c.id for c in self.categories]
        if len(set(ids)) != len(ids):
            raise ValueError("category ids must be unique")
        if not any(not c.abstain for c in self.categories):
            raise ValueError("at least one category must not be an abstention")
        if self.zero_at >= self.full_at:
            raise ValueError("zero_at must be below full_at")
        if self.mapping == "bands" and not self.bands:
            raise ValueError("mapping 'bands' needs 'bands'")
        if self.mapping == "linear" and self.bands:
            raise ValueError("'bands' are only used with mapping 'bands'")
        mins = [b.min for b in self.bands]
        if mins != sorted(mins) or len(set(mins)) != len(mins):
            raise ValueError("bands must be listed by increasing 'min', without repeats")


def _index(params: SurveyParams, records: Records) -> tuple[np.ndarray, np.ndarray]:
    codes = category_codes(records.columns["category"], [c.id for c in params.categories])
    weights = np.array([c.weight for c in params.categories])
    counted = np.array([not c.abstain for c in params.categories])
    counts = np.asarray(records.columns["count"], dtype=float)
    valid = codes >= 0
    use = valid & counted[np.where(valid, codes, 0)]
    answers = records.sum(np.where(use, counts, 0.0))
    weighted = records.sum(np.where(use, counts * weights[np.where(valid, codes, 0)], 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return weighted / answers, answers


def _share(params: SurveyParams, index: np.ndarray) -> np.ndarray:
    if params.mapping == "linear":
        return np.clip((index - params.zero_at) / (params.full_at - params.zero_at), 0.0, 1.0)
    mins = np.array([b.min for b in params.bands])
    shares = np.concatenate(([0.0], [b.share for b in params.bands]))
    return shares[np.searchsorted(mins, index + 1e-12, side="right")]


class Survey(BaseEvaluator):
    """Satisfaction survey counts to points."""

    Params: ClassVar[type[SurveyParams]] = SurveyParams
    columns: ClassVar[Mapping[str, ColumnKind]] = {"category": "text", "count": "number"}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    one_row_per_unit: ClassVar[bool] = False
    formula: ClassVar[Mapping[str, str]] = {
        "en": "index = Σ weight × count / Σ count (abstentions excluded); linear: points = "
        "max × clip((index − zero_at)/(full_at − zero_at), 0, 1); bands: max × share of "
        "the highest band reached",
        "zh": "满意度指数 = Σ(类别权重 × 人数) ÷ 有效回答人数(不含弃答);线性:得分 = 满分 × "
        "(指数 − zero_at)/(full_at − zero_at),限定在0至1;分档:满分 × 所达最高档比例",
    }

    @staticmethod
    def check(
        params: SurveyParams, records: Records, max_points: np.ndarray
    ) -> list[tuple[int, str | Message]]:
        """Known categories, whole non-negative counts, some answers per unit."""
        cats = records.columns["category"]
        codes = category_codes(cats, [c.id for c in params.categories])
        known = ", ".join(c.id for c in params.categories)
        out: list[tuple[int, str | Message]] = [
            (int(r), f"unknown answer category {cats[r]!r} (known: {known})")
            for r in np.flatnonzero(codes < 0)
        ]
        counts = np.asarray(records.columns["count"], dtype=float)
        out += number_problems(counts, "count", 0.0)
        frac = ~np.isnan(counts) & (counts != np.floor(counts))
        out += [
            (int(r), f"count {counts[r]:g} is not a whole number") for r in np.flatnonzero(frac)
        ]
        out += duplicate_rows(records, cats, "category")
        _, answers = _index(params, records)
        empty = np.flatnonzero(records.present & (answers <= 0))
        for unit in empty:
            out.append(
                (
                    int(records.rows_of(int(unit))[0]),
                    "no answers outside the abstaining categories for this unit",
                )
            )
        return out

    @staticmethod
    def score(params: SurveyParams, records: Records, max_points: np.ndarray) -> np.ndarray:
        """Satisfaction index mapped to points."""
        index, _ = _index(params, records)
        return _share(params, index) * max_points

    @staticmethod
    def vocabulary(params: SurveyParams) -> Mapping[str, Sequence[tuple[str, str]]]:
        """A category by its id or its printed name (满意 for ``satisfied``)."""
        words = [(c.id, c.id) for c in params.categories]
        words += [(c.name, c.id) for c in params.categories if c.name]
        return {"category": words}

    @staticmethod
    def template_rows(params: SurveyParams) -> tuple[Mapping[str, str | None], ...]:
        """One row per answer category, named in the remark."""
        return tuple({"category": c.id, "remark": c.name} for c in params.categories)

    @staticmethod
    def explain(
        params: SurveyParams, records: Records, max_points: np.ndarray, unit: int
    ) -> Mapping[str, Any]:
        """Counts per category, the index and the share of points."""
        rows = records.rows_of(unit)
        counts = {
            str(records.columns["category"][r]): float(records.columns["count"][r]) for r in rows
        }
        index, answers = _index(params, records)
        return {
            "counts": counts,
            "answers": float(answers[unit]),
            "index": float(index[unit]),
            "share": float(_share(params, index[unit : unit + 1])[0]),
            "mapping": params.mapping,
        }

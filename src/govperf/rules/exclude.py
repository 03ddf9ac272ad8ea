"""The ``exclude`` rule: units that are scored but kept out of the ranking and/or awards.

Select units by id (``units``) or by group (``groups``); ``exclude_from`` says whether they
leave the ``ranking``, the ``awards``, or ``both``.  Their points are still computed
and published.  A unit id that is not in the data, or a group that the scheme does not
declare (or, without declared groups, that no unit belongs to), is an error: a typo
must never let a unit compete.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

import numpy as np
from attrs import evolve, frozen

from ..exceptions import Message
from ..plugin import BaseRule, ColumnKind, Note, Records, Reference, RuleState

__all__ = ["Exclude", "ExcludeParams"]


@frozen(kw_only=True)
class ExcludeParams:
    """Parameters of the ``exclude`` rule."""

    units: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    exclude_from: Literal["ranking", "awards", "both"] = "both"
    """What the selected units are kept out of."""

    def __attrs_post_init__(self) -> None:
        if not self.units and not self.groups:
            raise ValueError("name the excluded 'units' or 'groups'")


def _selected(params: ExcludeParams, state: RuleState) -> np.ndarray:
    has_group = np.array([g is not None for g in state.groups], dtype=bool)
    in_group = np.isin(state.groups.astype(str), list(params.groups)) & has_group
    return np.isin(state.unit_ids, list(params.units)) | in_group


class Exclude(BaseRule):
    """Keeps selected units out of the ranking and/or awards."""

    Params: ClassVar[type[ExcludeParams]] = ExcludeParams
    stage: ClassVar[Literal["adjust", "classify"]] = "adjust"
    columns: ClassVar[Mapping[str, ColumnKind]] = {}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    excludes: ClassVar[bool] = True

    @staticmethod
    def references(params: ExcludeParams) -> tuple[Reference, ...]:
        """The units and unit groups named: each must match."""
        return tuple(
            Reference(kind="unit", id=u, param=("units", i)) for i, u in enumerate(params.units)
        ) + tuple(
            Reference(kind="group", id=g, param=("groups", i)) for i, g in enumerate(params.groups)
        )

    @staticmethod
    def check(params: ExcludeParams, events: Records) -> list[tuple[int, str | Message]]:
        """This rule reads no events."""
        return [(r, "the exclude rule takes no event rows") for r in range(events.n_rows)]

    @staticmethod
    def apply(params: ExcludeParams, state: RuleState, events: Records) -> RuleState:
        """Clear ranking and/or award flags of the selected units."""
        sel = _selected(params, state)
        ranked = state.ranked & ~sel if params.exclude_from in ("ranking", "both") else state.ranked
        awards = (
            state.award_eligible & ~sel
            if params.exclude_from in ("awards", "both")
            else state.award_eligible
        )
        return evolve(state, ranked=ranked, award_eligible=awards)

    @staticmethod
    def explain(
        params: ExcludeParams, before: RuleState, after: RuleState, events: Records, unit: int
    ) -> Note | None:
        """Whether the unit was excluded."""
        if not _selected(params, before)[unit]:
            return None
        what = {
            "ranking": ("排名", "the ranking"),
            "awards": ("评先评优", "awards"),
            "both": ("排名和评先评优", "the ranking and awards"),
        }[params.exclude_from]
        return Note(
            zh=f"不参加{what[0]}(得分照常计算)",
            en=f"kept out of {what[1]} (still scored)",
            data={"exclude_from": params.exclude_from},
        )

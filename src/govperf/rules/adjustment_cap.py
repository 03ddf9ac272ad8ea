"""The ``adjustment_cap`` rule: a cap on the net adjustment (加减分合计), beside each rule's own.

Some schemes cap bonus minus deductions as a whole, e.g. "加减分相抵后不超过 ±15 分",
on top of the caps of each bonus and deduction rule.  This rule runs where it is
declared (after the bonus and deduction rules it caps): a unit's net adjustment
``bonus − deductions`` so far is kept within ``[−max_loss, +max_gain]``.  Above
``max_gain`` the excess comes off the bonus; below ``−max_loss`` the excess is given
back from the deductions.  The tree total (base) is never touched.  Declared before a
bonus or deduction rule, it would not cap that rule: validation reports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

import numpy as np
from attrs import evolve, field, frozen

from .._checks import positive_or_none
from ..exceptions import Message
from ..plugin import BaseRule, ColumnKind, Note, Records, RuleState

__all__ = ["AdjustmentCap", "AdjustmentCapParams"]


@frozen(kw_only=True)
class AdjustmentCapParams:
    """Parameters of the ``adjustment_cap`` rule."""

    max_gain: float | None = field(default=None, validator=positive_or_none)
    """Most a unit's bonus may exceed its deductions (15 for "+15 at most")."""
    max_loss: float | None = field(default=None, validator=positive_or_none)
    """Most a unit's deductions may exceed its bonus, as a positive number (15 for
    "−15 at most")."""

    def __attrs_post_init__(self) -> None:
        if self.max_gain is None and self.max_loss is None:
            raise ValueError("give 'max_gain', 'max_loss' or both")


def _net(state: RuleState) -> np.ndarray:
    return np.asarray(state.bonus - state.deductions, dtype=float)


class AdjustmentCap(BaseRule):
    """Keeps each unit's bonus minus deductions within the declared limits."""

    Params: ClassVar[type[AdjustmentCapParams]] = AdjustmentCapParams
    stage: ClassVar[Literal["adjust", "classify"]] = "adjust"
    columns: ClassVar[Mapping[str, ColumnKind]] = {}
    optional_columns: ClassVar[Mapping[str, ColumnKind]] = {}
    changes_total: ClassVar[bool] = True

    @staticmethod
    def sets_total(params: AdjustmentCapParams) -> str | None:
        """The cap sets the totals it limits, so it must come after every rule that
        changes totals (validation reports it at ``max_gain`` or ``max_loss``)."""
        return "max_gain" if params.max_gain is not None else "max_loss"

    @staticmethod
    def check(params: AdjustmentCapParams, events: Records) -> list[tuple[int, str | Message]]:
        """This rule reads no events."""
        return [(r, "the adjustment_cap rule takes no event rows") for r in range(events.n_rows)]

    @staticmethod
    def apply(params: AdjustmentCapParams, state: RuleState, events: Records) -> RuleState:
        """Take the excess off the bonus, or give it back from the deductions."""
        net = _net(state)
        over = np.zeros_like(net)
        under = np.zeros_like(net)
        if params.max_gain is not None:
            over = np.maximum(net - params.max_gain, 0.0)
        if params.max_loss is not None:
            under = np.maximum(-params.max_loss - net, 0.0)
        return evolve(
            state,
            bonus=state.bonus - over,
            deductions=state.deductions - under,
            total=state.total - over + under,
        )

    @staticmethod
    def explain(
        params: AdjustmentCapParams,
        before: RuleState,
        after: RuleState,
        events: Records,
        unit: int,
    ) -> Note | None:
        """The net adjustment and how much the cap took or gave back."""
        net = float(_net(before)[unit])
        capped = float(_net(after)[unit])
        if abs(net - capped) < 1e-12:
            return None
        if capped < net:
            zh = f"加减分合计 {net:+g} 分,超过上限 {params.max_gain:g} 分,计 {capped:+g} 分"
            en = f"net adjustment {net:+g} over the cap of +{params.max_gain:g}: {capped:+g}"
        else:
            zh = f"加减分合计 {net:+g} 分,超过扣分上限 {params.max_loss:g} 分,计 {capped:+g} 分"
            en = f"net adjustment {net:+g} below the cap of -{params.max_loss:g}: {capped:+g}"
        return Note(
            zh=zh,
            en=en,
            data={
                "net": net,
                "counted": capped,
                "max_gain": params.max_gain,
                "max_loss": params.max_loss,
            },
        )

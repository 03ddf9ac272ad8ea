"""The ``bonus`` rule (加分项): bonus items per unit with per-item and cumulative caps.

A unit's bonus is ``min(cap, Σ min(item_cap, item points))``.  By default the bonus
is added on top of the tree total (Xicheng: at most +5 on top of 100); with
``within_total: true`` the total after the bonus is capped at the scheme's
``total_points`` instead.
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from .._checks import positive, positive_or_none

__all__ = ["Bonus", "BonusParams"]


@frozen(kw_only=True)
class BonusParams:
    """Parameters of the ``bonus`` rule."""

    cap: float = field(validator=positive)
    """Cumulative cap per unit (Xicheng: 5)."""
    item_cap: float | None = field(default=None, validator=positive_or_none)
    """Cap on each single item, if any."""
    within_total: bool = False
    """Cap the total after the bonus at ``total_points`` instead of adding on top."""


class Bonus:
    """Adds capped bonus items to each unit's total."""

    Params: ClassVar[type[BonusParams]] = BonusParams

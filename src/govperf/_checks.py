"""Small attrs validators shared by evaluator and rule parameter classes.

Their messages are written for a scheme file's author; the loader reports them at
the parameter's own path and line.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = [
    "fraction",
    "fraction_or_none",
    "non_empty_text",
    "non_negative",
    "positive",
    "positive_or_none",
]


def positive(_inst: Any, attribute: Any, value: float) -> None:
    """The value must be greater than zero."""
    if not value > 0:
        raise ValueError(f"{attribute.alias} must be positive, got {value:g}")


def positive_or_none(_inst: Any, attribute: Any, value: float | None) -> None:
    """Absent, or greater than zero."""
    if value is not None:
        positive(_inst, attribute, value)


def non_negative(_inst: Any, attribute: Any, value: float) -> None:
    """The value must be zero or more."""
    if not value >= 0:
        raise ValueError(f"{attribute.alias} must not be negative, got {value:g}")


def fraction(_inst: Any, attribute: Any, value: float) -> None:
    """A share between 0 and 1 inclusive."""
    if not (0 <= value <= 1) or math.isnan(value):
        raise ValueError(f"{attribute.alias} must be between 0 and 1, got {value:g}")


def fraction_or_none(_inst: Any, attribute: Any, value: float | None) -> None:
    """Absent, or a share between 0 and 1 inclusive."""
    if value is not None:
        fraction(_inst, attribute, value)


def non_empty_text(_inst: Any, attribute: Any, value: str) -> None:
    """Text that is not blank."""
    if not value.strip():
        raise ValueError(f"{attribute.alias} must not be empty")

"""Appeals (申诉) and re-review (复核): amend a year's inputs, score again, diff, audit.

- :func:`read_appeals` reads an appeals file (YAML or CSV) into an :class:`AppealSet`,
  every problem located;
- :func:`rescore` applies the upheld appeals' amendments to a new copy of the data,
  scores it and compares (:class:`AppealDiff`); nothing given to it is changed;
- :func:`audit_steps` gives the steps a run adds to the audit log
  (:mod:`govperf.audit`).
"""

from __future__ import annotations

from ._apply import (
    INDIRECT,
    AppealDiff,
    Applied,
    NodeChange,
    Rescored,
    UnitChange,
    amend,
    diff_results,
    rescore,
)
from ._model import DECISIONS, Amendment, Appeal, AppealSet, Review
from ._read import appeals_from_dict, read_appeals
from ._record import audit_steps, check_results, figures_digest

__all__ = [
    "DECISIONS",
    "INDIRECT",
    "Amendment",
    "Appeal",
    "AppealDiff",
    "AppealSet",
    "Applied",
    "NodeChange",
    "Rescored",
    "Review",
    "UnitChange",
    "amend",
    "appeals_from_dict",
    "audit_steps",
    "check_results",
    "diff_results",
    "figures_digest",
    "read_appeals",
    "rescore",
]

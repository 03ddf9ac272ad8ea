"""How robust is a ranking, and what drives it: uncertainty, sensitivity, what-if, diagnostics.

Every analysis scores many point sets through the batch engine
(:class:`govperf.scoring.BatchScorer`): the data is bound and every evaluator runs once
per scoring choice, never once per set.

- ``sampling``: point sets around the declared scheme
  (:class:`Range`, :class:`Dirichlet`), every parent's budget kept;
- ``uncertainty``: rank intervals, grade and award
  probabilities, margins to the next grade (:func:`uncertainty`);
- ``sensitivity``: Sobol indices (:func:`sensitivity`), a
  one-at-a-time sweep (:func:`one_at_a_time`) and the ranking without each node
  (:func:`remove_one`);
- ``whatif``: rank and grade changes under an alternative
  scheme, rules or parameters (:func:`what_if`, :func:`compare`);
- ``diagnostics``: spread, full marks, correlations and
  effective weights of every node (:func:`diagnostics`);
- ``plots``: a rank-interval plot, sensitivity bars and a
  correlation heatmap (matplotlib, imported when called);
- ``report``: a section of the summary report (:func:`report_section`).
"""

from ._engine import Alternative
from .diagnostics import Diagnostics, diagnostics
from .report import report_section
from .sampling import Dirichlet, Perturbation, PointSampler, Range
from .sensitivity import (
    OneAtATime,
    RemoveOne,
    Sensitivity,
    SobolSums,
    one_at_a_time,
    remove_one,
    sensitivity,
    sobol_indices,
)
from .uncertainty import Uncertainty, margins, uncertainty
from .whatif import WhatIf, compare, what_if

__all__ = [
    "Alternative",
    "Diagnostics",
    "Dirichlet",
    "OneAtATime",
    "Perturbation",
    "PointSampler",
    "Range",
    "RemoveOne",
    "Sensitivity",
    "SobolSums",
    "Uncertainty",
    "WhatIf",
    "compare",
    "diagnostics",
    "margins",
    "one_at_a_time",
    "remove_one",
    "report_section",
    "sensitivity",
    "sobol_indices",
    "uncertainty",
    "what_if",
]

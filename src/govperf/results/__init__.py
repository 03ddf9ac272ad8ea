"""Results as data: every unit's points, rank, grade and rule trail, and their explanations.

Results are built by :mod:`govperf.scoring` and never call it back; their export
methods hand over to :mod:`govperf.output` lazily.
"""

from ._notice import MissingItem, MissingNotice
from ._results import Explanation, Results, RuleTrail, SubTrail, UnitResult

__all__ = [
    "Explanation",
    "MissingItem",
    "MissingNotice",
    "Results",
    "RuleTrail",
    "SubTrail",
    "UnitResult",
]

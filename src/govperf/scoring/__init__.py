"""The scoring stage: compile a scheme into arrays, bind data to unit positions, score.

``compile`` resolves plugins and builds the arrays once; ``bind`` turns tables into
unit positions; ``groups`` gives each unit its group's maxima; ``splits`` and
``missing`` fill each unit's maxima and gaps; ``tree`` re-weights the tree sums under
``redistribute``; ``rank`` ranks; ``score`` runs the whole pass; ``batch`` scores many point sets
at once.  No I/O and no
printing happen here, and this package never imports the readers or writers.
"""

from ._batch import score_batch
from ._compile import CompiledScheme, compile_scheme
from ._missing import MissingPolicy
from ._outcomes import BatchOutcome, BatchScorer
from ._restore import results_from_dict
from ._score import check_data, score

__all__ = [
    "BatchOutcome",
    "BatchScorer",
    "CompiledScheme",
    "MissingPolicy",
    "check_data",
    "compile_scheme",
    "results_from_dict",
    "score",
    "score_batch",
]

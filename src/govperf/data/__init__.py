"""A year's evaluation data as arrays: the units, each assessor's records, events and splits.

Readers in :mod:`govperf.io` build it from files, :meth:`EvaluationData.from_dict`
from plain data; :mod:`govperf.scoring` binds it to a compiled scheme.
"""

from ._data import EvaluationData, Table, Units

__all__ = ["EvaluationData", "Table", "Units"]

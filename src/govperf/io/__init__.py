"""Reading and writing one year's evaluation data: files, templates and DataFrames.

- :func:`read_data` reads a folder of CSV / Excel / JSON files, one workbook or one
  JSON file into :class:`~govperf.EvaluationData`, every row keeping its file and row;
- :func:`read_units` reads a units table alone (to prefill a template);
- :func:`write_template` writes each assessor's empty, prefilled files;
- :func:`data_from_frames` builds the same data from pandas DataFrames.

The file format is described in the input format reference (``docs/data-format.md``).
openpyxl and pandas are imported only when a workbook or a DataFrame is used.
"""

from __future__ import annotations

from ._frames import data_from_frames
from ._read import read_data, read_units
from ._template import UnitsSource, write_template

__all__ = ["UnitsSource", "data_from_frames", "read_data", "read_units", "write_template"]

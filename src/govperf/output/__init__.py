"""The output stage: tables, CSV, JSON, Excel and HTML from results, and terminal text.

Nothing here imports :mod:`govperf.results` at run time (types only), so results
can call into it lazily, as xarray's ``Dataset.to_netcdf`` calls its backends.
"""

from ._export import results_json, write_csv, write_excel

__all__ = ["results_json", "write_csv", "write_excel"]

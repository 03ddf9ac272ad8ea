"""The output stage: tables, CSV, JSON, Excel and HTML from results, and terminal text.

Nothing here imports :mod:`govperf.results` at run time (types only), so results
can call into it lazily, as xarray's ``Dataset.to_netcdf`` calls its backends.  The
writers are imported on first use, so the command line's terminal text
(``govperf.output._text``) does not load them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._export import results_json, write_csv, write_excel

__all__ = ["results_json", "write_csv", "write_excel"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import _export

        return getattr(_export, name)
    raise AttributeError(f"module 'govperf.output' has no attribute {name!r}")

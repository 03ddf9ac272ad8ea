"""The audit log of appeals and re-reviews: append-only, hash-chained, verified.

See :mod:`govperf.audit._log` for the format; :func:`append` records steps,
:func:`verify` finds the first broken entry, :func:`read_log` reads an intact log.
"""

from __future__ import annotations

from ._log import (
    GENESIS,
    AuditBreak,
    AuditError,
    Entry,
    Step,
    append,
    append_entries,
    canonical_json,
    chain,
    entry_hash,
    read_log,
    utc_now,
    verify,
)

__all__ = [
    "GENESIS",
    "AuditBreak",
    "AuditError",
    "Entry",
    "Step",
    "append",
    "append_entries",
    "canonical_json",
    "chain",
    "entry_hash",
    "read_log",
    "utc_now",
    "verify",
]

"""An append-only audit log (审计日志), hash-chained, one JSON object per line.

Every step of an appeal (申诉 filed, 复核 decided, results re-scored) is one
:class:`Entry`: who, when, what, the state before and after.  Each entry carries the
SHA-256 of the entry before it (``prev``; 64 zeros for the first) and its own
(``hash``, the SHA-256 of its canonical JSON without the ``hash`` key), so that
editing an entry, deleting one or changing their order breaks the chain, and
:func:`verify` names the first entry where it breaks and why.

Canonical JSON is :func:`json.dumps` with sorted keys, no spaces
(``separators=(",", ":")``), non-ASCII text kept as is, encoded as UTF-8.

A chain proves only that the file is the one its last hash names: whoever rewrites
the whole file can compute a new, consistent chain, and removing the last entries
leaves a shorter chain that is still consistent.  Record the head (the last entry's
hash, which :func:`append` returns and the command line prints; a re-scored results
file carries it too) somewhere else, in the minutes of the leading group for
instance, and verify against it (``head=``, ``--head``).

Writing: the whole new file is written to a temporary file beside the log and renamed
over it (:mod:`govperf.output._atomic`), after checking that the log verifies and
that the new text starts with the old text byte for byte.  A crash leaves the old
log or the new one, never a torn last line, which an append in place could leave; a
log holds a few entries per appeal round, so rewriting it costs nothing.  A lock
file beside the log (``LOG.lock``, created exclusively) keeps two writers from
interleaving.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from .._labels import label
from ..exceptions import GovperfError

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

GENESIS = "0" * 64
"""The ``prev`` of the first entry."""

FIELDS = ("seq", "time", "user", "action", "subject", "before", "after", "prev", "hash")
"""The keys of every entry, exactly."""

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The current time in UTC (the default clock)."""
    return dt.datetime.now(dt.timezone.utc)


def canonical_json(value: Any) -> bytes:
    """The canonical JSON of ``value``: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The SHA-256 (hex) of ``entry``'s canonical JSON, its ``hash`` key left out."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(canonical_json(body)).hexdigest()


@frozen(kw_only=True)
class Step:
    """What to record: an action, what it concerns, the state before and after.

    ``action`` is one of ``appeal.filed``, ``review.decided``, ``rescored`` for the
    appeal workflow (any dotted name is accepted); ``subject`` says what the entry is
    about (``{"appeal": "A1", "unit": "u03"}``); ``before`` and ``after`` are plain
    JSON data (``None`` where there is no before).
    """

    action: str
    subject: Mapping[str, Any]
    before: Any = None
    after: Any = None


@frozen(kw_only=True)
class Entry:
    """One line of the log: a :class:`Step` with its number, time, user and hashes."""

    seq: int
    """1 for the first entry, then one more per entry."""
    time: str
    """When it was recorded: ISO 8601 in UTC (``2014-02-10T09:30:00Z``)."""
    user: str
    action: str
    subject: Mapping[str, Any]
    before: Any
    after: Any
    prev: str
    """The ``hash`` of the entry before (64 zeros, :data:`govperf.audit.GENESIS`, for the
    first)."""
    hash: str

    def to_dict(self) -> dict[str, Any]:
        """The entry as the JSON object of its line."""
        return {
            "seq": self.seq,
            "time": self.time,
            "user": self.user,
            "action": self.action,
            "subject": dict(self.subject),
            "before": self.before,
            "after": self.after,
            "prev": self.prev,
            "hash": self.hash,
        }


@frozen(kw_only=True)
class AuditBreak:
    """Where a log's chain breaks: the line, the entry's ``seq`` as written, why.

    ``code`` is one of ``not-json``, ``fields``, ``edited``, ``deleted``, ``moved``,
    ``chain``, ``head`` (the log does not end at the expected head).
    """

    line: int
    seq: int | None
    code: str
    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        """The reason in Chinese (``"zh"``) or English."""
        return self.zh if lang == "zh" else self.en


class AuditError(GovperfError):
    """A log that cannot be read or appended to (broken chain, locked, not a log)."""


def _why(code: str, **values: object) -> tuple[str, str]:
    return label(f"audit.{code}", "zh", **values), label(f"audit.{code}", "en", **values)


def _break(line: int, seq: int | None, code: str, **values: object) -> AuditBreak:
    zh, en = _why(code, line=line, seq=seq, **values)
    return AuditBreak(line=line, seq=seq, code=code, zh=zh, en=en)


def _parse_lines(text: str) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            yield number, raw


def verify(path: str | os.PathLike[str], *, head: str | None = None) -> AuditBreak | None:
    """The first place where the log at ``path`` is broken, or ``None`` if it is intact.

    Checked for every line in order: it is one JSON object with exactly the keys of
    an :class:`Entry`; its ``hash`` is the hash of its content (else it was edited);
    its ``seq`` is one more than the entry before and its ``prev`` is that entry's
    hash (else an entry was deleted, or entries were moved: told apart by whether
    the missing number appears later in the file).  With ``head``, the last entry's
    hash must be ``head`` (entries removed from the end are caught only this way).
    An empty file is an intact log of no entries.
    """
    text = Path(path).read_text(encoding="utf-8")
    return _verify_text(text, head=head)


def _verify_text(text: str, *, head: str | None = None) -> AuditBreak | None:
    rows: list[tuple[int, dict[str, Any] | None]] = []
    for number, raw in _parse_lines(text):
        try:
            value = json.loads(raw)
        except ValueError:
            value = None
        rows.append((number, value if isinstance(value, dict) else None))
    seqs = [r.get("seq") for _, r in rows if r is not None]
    prev_hash = GENESIS
    expected = 1
    for k, (number, row) in enumerate(rows):
        if row is None:
            return _break(number, None, "not-json")
        seq = row.get("seq")
        if set(row) != set(FIELDS) or type(seq) is not int:
            return _break(number, seq if type(seq) is int else None, "fields")
        if not isinstance(row["hash"], str) or entry_hash(row) != row["hash"]:
            return _break(number, seq, "edited")
        if seq != expected or row["prev"] != prev_hash:
            code = "moved" if expected in seqs[k + 1 :] or seq < expected else "deleted"
            if seq == expected:  # right number, wrong predecessor
                code = "chain"
            return _break(number, seq, code, expected=expected)
        prev_hash = row["hash"]
        expected += 1
    if head is not None and prev_hash != head:
        line = rows[-1][0] if rows else 0
        return _break(line, expected - 1 if rows else None, "head", head=head, last=prev_hash)
    return None


def read_log(path: str | os.PathLike[str]) -> tuple[Entry, ...]:
    """The entries of an intact log (none if the file does not exist).

    Raises :class:`AuditError` naming the first broken entry when the log does not
    verify: nothing is read from, or appended to, a broken log.
    """
    target = Path(path)
    if not target.exists():
        return ()
    text = target.read_text(encoding="utf-8")
    broken = _verify_text(text)
    if broken is not None:
        raise AuditError(f"{target}: {broken.text('zh')} / {broken.text('en')}")
    return tuple(Entry(**json.loads(raw)) for _, raw in _parse_lines(text))


def _time(clock: Clock) -> str:
    now = clock()
    if now.tzinfo is None:
        raise ValueError("the clock must give an aware datetime (with a time zone)")
    return now.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def chain(
    entries: Sequence[Entry], steps: Sequence[Step], *, user: str, clock: Clock = utc_now
) -> tuple[Entry, ...]:
    """New entries for ``steps``, chained after ``entries`` (pure: nothing written)."""
    if not user.strip():
        raise ValueError("an audit entry needs a user (who records it)")
    prev = entries[-1].hash if entries else GENESIS
    seq = entries[-1].seq if entries else 0
    out: list[Entry] = []
    for step in steps:
        seq += 1
        body: dict[str, Any] = {
            "seq": seq,
            "time": _time(clock),
            "user": user,
            "action": step.action,
            "subject": json.loads(canonical_json(dict(step.subject))),
            "before": json.loads(canonical_json(step.before)),
            "after": json.loads(canonical_json(step.after)),
            "prev": prev,
        }
        body["hash"] = entry_hash(body)
        entry = Entry(**body)
        out.append(entry)
        prev = entry.hash
    return tuple(out)


def _line(entry: Entry) -> str:
    """One line of the file: the keys in :data:`FIELDS` order, for people reading it
    (the hash is of the canonical form, whatever the order in the file)."""
    return json.dumps(entry.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    lock = target.with_name(target.name + ".lock")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        zh, en = _why("locked", lock=lock)
        raise AuditError(f"{zh} / {en}") from None
    try:
        os.close(fd)
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()


def append(
    path: str | os.PathLike[str],
    steps: Sequence[Step],
    *,
    user: str,
    clock: Clock = utc_now,
) -> tuple[Entry, ...]:
    """Append ``steps`` to the log at ``path`` (created if missing); the new entries.

    The log must verify first (:class:`AuditError` otherwise).  The new file is the
    old text, byte for byte, followed by one line per new entry, written atomically
    (temporary file, then rename); the last new entry's ``hash`` is the log's new head.
    """
    target = Path(path)
    with _locked(target):
        new = chain(read_log(target), steps, user=user, clock=clock)
        _write(target, new)
    return new


def append_entries(path: str | os.PathLike[str], entries: Sequence[Entry]) -> None:
    """Append entries made beforehand with :func:`chain` (to know the new head first).

    They must follow the log's present last entry (its ``seq`` and ``hash``):
    :class:`AuditError` when another run appended in between.  Written as :func:`append`.
    """
    target = Path(path)
    with _locked(target):
        present = read_log(target)
        head = present[-1].hash if present else GENESIS
        seq = present[-1].seq if present else 0
        if entries and (entries[0].prev != head or entries[0].seq != seq + 1):
            zh, en = _why("moved_on", path=target)
            raise AuditError(f"{zh} / {en}")
        _write(target, entries)


def _write(target: Path, entries: Sequence[Entry]) -> None:
    """The old text byte for byte, then the new lines: to a temporary file, renamed."""
    from ..output._atomic import write_text

    old = target.read_text(encoding="utf-8") if target.exists() else ""
    if old and not old.endswith("\n"):
        old += "\n"
    write_text(target, old + "".join(_line(e) for e in entries), newline="\n", overwrite=True)

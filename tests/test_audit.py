"""The audit log: hash chain, append-only atomic writes, tampering detected three ways."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from govperf.audit import (
    GENESIS,
    AuditError,
    Step,
    append,
    canonical_json,
    entry_hash,
    read_log,
    verify,
)
from govperf.cli import main


def clock_from(*minutes: int) -> Iterator[dt.datetime]:
    for m in minutes:
        yield dt.datetime(2014, 2, 10, 9, m, tzinfo=dt.timezone.utc)


def three(path: Path) -> list[str]:
    """A log of three entries; its lines."""
    times = clock_from(0, 1, 2)
    steps = [
        Step(action="appeal.filed", subject={"appeal": "A1", "unit": "u03"}, after={"r": "漏计"}),
        Step(action="review.decided", subject={"appeal": "A1"}, after={"decision": "upheld"}),
        Step(action="rescored", subject={"units": ["u03"]}, before={"u03": 80}, after={"u03": 81}),
    ]
    append(path, steps[:1], user="区政府绩效办", clock=lambda: next(times))
    append(path, steps[1:], user="复核组", clock=lambda: next(times))
    return path.read_text(encoding="utf-8").splitlines()


def test_entries_are_chained_by_sha256(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    lines = three(log)
    rows = [json.loads(line) for line in lines]
    assert [r["seq"] for r in rows] == [1, 2, 3]
    assert rows[0]["prev"] == GENESIS
    assert rows[1]["prev"] == rows[0]["hash"]
    assert rows[2]["prev"] == rows[1]["hash"]
    assert rows[0]["time"] == "2014-02-10T09:00:00Z"
    assert rows[2]["time"] == "2014-02-10T09:02:00Z"
    assert rows[0]["user"] == "区政府绩效办"
    assert rows[1]["user"] == "复核组"
    # the hash is the SHA-256 of the canonical JSON without the hash key, by hand
    body = {k: v for k, v in rows[0].items() if k != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert rows[0]["hash"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert canonical_json(body) == text.encode("utf-8")
    assert entry_hash(rows[0]) == rows[0]["hash"]
    assert verify(log) is None
    assert verify(log, head=rows[2]["hash"]) is None
    assert [e.action for e in read_log(log)] == ["appeal.filed", "review.decided", "rescored"]


def test_append_keeps_the_old_bytes(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    times = clock_from(0, 1)
    append(log, [Step(action="a.b", subject={})], user="x", clock=lambda: next(times))
    before = log.read_bytes()
    append(log, [Step(action="a.c", subject={})], user="x", clock=lambda: next(times))
    assert log.read_bytes().startswith(before)
    assert not list(tmp_path.glob(".~*"))
    assert not list(tmp_path.glob("*.lock"))


def test_an_edited_entry_is_detected(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    lines = three(log)
    row = json.loads(lines[1])
    row["after"]["decision"] = "rejected"  # the decision changed after the fact
    lines[1] = json.dumps(row, ensure_ascii=False)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = verify(log)
    assert broken is not None
    assert (broken.line, broken.seq, broken.code) == (2, 2, "edited")
    assert broken.text("en") == (
        "line 2 (entry 2): its content does not match its hash; it was edited after it was written"
    )


def test_an_edited_and_rehashed_entry_breaks_the_next_link(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    lines = three(log)
    row = json.loads(lines[0])
    row["user"] = "someone else"
    row["hash"] = entry_hash(row)  # consistent on its own
    lines[0] = json.dumps(row, ensure_ascii=False)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = verify(log)
    assert broken is not None
    assert (broken.line, broken.seq, broken.code) == (2, 2, "chain")


def test_a_deleted_entry_is_detected(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    lines = three(log)
    log.write_text(lines[0] + "\n" + lines[2] + "\n", encoding="utf-8")
    broken = verify(log)
    assert broken is not None
    assert (broken.line, broken.seq, broken.code) == (2, 3, "deleted")
    assert "entry 2 belongs: an entry before it was deleted" in broken.text("en")
    assert broken.text("zh") == "第 2 行是第 3 条,应为第 2 条:其前的记录被删除"


def test_reordered_entries_are_detected(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    lines = three(log)
    log.write_text("\n".join([lines[0], lines[2], lines[1]]) + "\n", encoding="utf-8")
    broken = verify(log)
    assert broken is not None
    assert (broken.line, broken.seq, broken.code) == (2, 3, "moved")
    lines2 = [lines[1], lines[0], lines[2]]
    log.write_text("\n".join(lines2) + "\n", encoding="utf-8")
    broken = verify(log)
    assert broken is not None
    assert (broken.line, broken.seq, broken.code) == (1, 2, "moved")


def test_a_removed_last_entry_is_caught_by_the_head(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    lines = three(log)
    head = json.loads(lines[2])["hash"]
    log.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    assert verify(log) is None  # a shorter chain is still a chain
    broken = verify(log, head=head)
    assert broken is not None
    assert (broken.line, broken.code) == (2, "head")


def test_nothing_is_appended_to_a_broken_log(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    lines = three(log)
    log.write_text(lines[0] + "\n" + "not json\n", encoding="utf-8")
    before = log.read_bytes()
    with pytest.raises(AuditError, match="line 2 is not an audit entry"):
        append(log, [Step(action="x.y", subject={})], user="x")
    assert log.read_bytes() == before


def test_a_lock_file_refuses_a_second_writer(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    (tmp_path / "audit.jsonl.lock").write_text("", encoding="utf-8")
    with pytest.raises(AuditError, match=r"audit.jsonl.lock exists"):
        append(log, [Step(action="x.y", subject={})], user="x")
    assert not log.exists()


def test_a_naive_clock_and_an_empty_user_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="aware datetime"):
        append(tmp_path / "l", [Step(action="x.y", subject={})], user="x", clock=dt.datetime.now)
    with pytest.raises(ValueError, match="needs a user"):
        append(tmp_path / "l", [Step(action="x.y", subject={})], user=" ")


def test_cli_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "audit.jsonl"
    lines = three(log)
    head = json.loads(lines[2])["hash"]
    assert main(["audit", "verify", str(log), "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == f"{log}: intact, 3 entries, head {head}"
    assert main(["audit", "show", str(log)]) == 0
    out = capsys.readouterr().out
    assert "提交申诉" in out
    assert "复核决定" in out
    assert "重新计分" in out
    log.write_text("\n".join([lines[0], lines[2]]) + "\n", encoding="utf-8")
    assert main(["audit", "verify", str(log)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"{log}:已损坏:第 2 行是第 3 条,应为第 2 条:其前的记录被删除"
    assert main(["audit", "show", str(log)]) == 1
    assert "govperf: 错误:" in capsys.readouterr().err

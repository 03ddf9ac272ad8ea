"""The guarantees of docs/guarantees.md that span the whole tool: inputs are never
modified, and every output is written atomically.

* Inputs: the Xicheng example year (CSV files), the same year as one workbook and as
  one JSON file, and the scheme and a parameters file, are hashed (content, size,
  modification time and mode of every file, and the list of files) before and after
  every command that reads them; nothing may differ.
* Outputs: every writer of govperf (results as CSV, JSON, Excel and the terminal table,
  templates, reports, the JSON Schema, ``dump_scheme``) is crashed just before its
  rename (``os.replace`` raising, as a full disk or a kill would stop it), and, in a
  child process, killed outright with SIGKILL at that moment: the earlier file is left
  intact, byte for byte, and no half file takes its place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import govperf
from govperf import cli

ROOT = Path(__file__).parent.parent
YEAR = ROOT / "examples" / "xicheng_2013"


def _fingerprint(folder: Path) -> dict[str, tuple[str, int, int, int]]:
    """Every file under ``folder``: its SHA-256, size, modification time and mode."""
    out = {}
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        out[str(path.relative_to(folder))] = (digest, st.st_size, st.st_mtime_ns, st.st_mode)
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of inputs: the year as CSV files, a workbook and JSON, the scheme, params."""
    root = tmp_path_factory.mktemp("inputs")
    shutil.copytree(YEAR, root / "year")
    scheme = govperf.load_scheme("xicheng_2013")
    (root / "scheme.yaml").write_text(govperf.bundled_scheme_text("xicheng_2013"), "utf-8")
    data = govperf.read_data(scheme, root / "year")
    (root / "year.json").write_text(json.dumps(data.to_dict(), ensure_ascii=False), "utf-8")
    written = govperf.write_template(scheme, root / "book.xlsx", units=data, format="xlsx")
    assert written == [root / "book.xlsx"]
    (root / "params.yaml").write_text("innovation_bonus: {cap: 4}\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "{in}/scheme.yaml"],
        ["show", "{in}/scheme.yaml"],
        ["check", "{in}/scheme.yaml", "{in}/year"],
        ["check", "{in}/scheme.yaml", "{in}/book.xlsx"],
        ["check", "{in}/scheme.yaml", "{in}/year.json"],
        ["score", "{in}/scheme.yaml", "{in}/year", "--params", "{in}/params.yaml"],
        ["score", "{in}/scheme.yaml", "{in}/year.json", "-o", "{out}/r.json"],
        ["score", "{in}/scheme.yaml", "{in}/year", "-o", "{out}/r.csv"],
        ["explain", "{in}/scheme.yaml", "{in}/year", "u01"],
        ["report", "{in}/scheme.yaml", "{in}/year", "-o", "{out}/reports", "--no-plots"],
        ["template", "{in}/scheme.yaml", "--units", "{in}/year/units.csv", "-o", "{out}/t"],
    ],
)
def test_inputs_are_never_modified(
    argv: list[str], inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _fingerprint(inputs)
    args = [a.format(**{"in": inputs, "out": tmp_path}) for a in argv]
    status = cli.main(args)
    capsys.readouterr()
    assert status == (1 if "book.xlsx" in args[-1] else 0)  # an empty template: status 1
    assert _fingerprint(inputs) == before


def test_reading_through_the_api_modifies_nothing(inputs: Path) -> None:
    before = _fingerprint(inputs)
    scheme = govperf.load_scheme(inputs / "scheme.yaml")
    for source in ("year", "year.json", "book.xlsx"):
        govperf.check_data(scheme, inputs / source)
    results = govperf.score(scheme, govperf.read_data(scheme, inputs / "year"))
    govperf.with_params(scheme, inputs / "params.yaml")
    govperf.io.read_units(inputs / "year" / "units.csv")
    assert len(results.units) == 40
    assert _fingerprint(inputs) == before


# -- outputs are atomic ----------------------------------------------------------------


def _writers(tmp: Path) -> dict[str, tuple[Path, Callable[[], object]]]:
    """Each writer, with the path it writes (over an earlier file); small results
    (:data:`samples.OUTPUT_SCHEME`), so that a child process is quick to start."""
    from govperf.report import write_reports
    from samples import OUTPUT_SCHEME, YEARS, score_output

    results = score_output()
    scheme = results.scheme
    demo = str(YEARS / "demo.yaml")
    (tmp / "s.yaml").parent.mkdir(parents=True, exist_ok=True)
    return {
        "to_csv": (tmp / "r.csv", lambda: results.to_csv(tmp / "r.csv", overwrite=True)),
        "to_json": (tmp / "r.json", lambda: results.to_json(tmp / "r.json", overwrite=True)),
        "to_excel": (tmp / "r.xlsx", lambda: results.to_excel(tmp / "r.xlsx", overwrite=True)),
        "template": (
            tmp / "t.xlsx",
            lambda: govperf.write_template(scheme, tmp / "t.xlsx", format="xlsx", overwrite=True),
        ),
        "reports": (
            tmp / "reports" / "summary.html",
            lambda: write_reports(results, tmp / "reports", plots=False, overwrite=True),
        ),
        "dump_scheme": (
            tmp / "s.yaml",
            lambda: govperf.dump_scheme(govperf.loads_scheme(OUTPUT_SCHEME), tmp / "s.yaml"),
        ),
        "cli score": (
            tmp / "r.txt",
            lambda: cli.main(
                ["score", demo, str(YEARS / "demo_ok"), "-o", str(tmp / "r.txt"), "--force"]
            ),
        ),
        "cli schema": (
            tmp / "s.json",
            lambda: cli.main(["schema", "-o", str(tmp / "s.json"), "--force"]),
        ),
    }


WRITERS = list(_writers(Path("unused")))


@pytest.mark.parametrize("name", WRITERS)
def test_a_write_stopped_before_its_rename_leaves_the_earlier_file(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target, write = _writers(tmp_path)[name]
    write()  # the earlier file, complete
    capsys.readouterr()
    earlier = _fingerprint(tmp_path)

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    monkeypatch.setattr(os, "rename", crash)
    with contextlib.suppress(OSError):  # the library raises; the CLI reports and exits 1
        write()
    capsys.readouterr()
    monkeypatch.undo()
    assert target.exists()
    assert _fingerprint(tmp_path) == earlier  # the earlier file intact, nothing left over


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform")
@pytest.mark.parametrize("name", ["to_csv", "reports"])
def test_a_process_killed_mid_write_leaves_the_earlier_file(name: str, tmp_path: Path) -> None:
    """The child writes everything, then is killed where it would rename its work."""
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_guarantees import _writers
        target, write = _writers(Path({str(tmp_path)!r}))[{name!r}]
        write()
        print("earlier written", flush=True)
        sys.stdin.readline()

        def killed(src, dst):
            os.kill(os.getpid(), signal.SIGKILL)

        os.replace = os.rename = killed
        write()
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdin is not None
    while (line := proc.stdout.readline()) != "earlier written\n":  # the CLI says "已写入 …"
        assert line, "the child ended before writing"
    earlier = _fingerprint(tmp_path)
    proc.stdin.write("go\n")
    proc.stdin.close()
    proc.wait(timeout=120)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    after = _fingerprint(tmp_path)
    # what a killed writer leaves is its hidden temporary file or folder, never a half target
    left = {k: v for k, v in after.items() if k not in earlier}
    assert all(Path(k).parts[0].startswith(".~") for k in left), sorted(left)
    assert {k: v for k, v in after.items() if k in earlier} == earlier


def test_a_report_folder_is_put_back_when_the_new_one_cannot_take_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govperf.output._atomic import atomic_folder

    target = tmp_path / "reports"
    target.mkdir()
    (target / "a.html").write_text("earlier", encoding="utf-8")
    real = os.replace
    calls: list[object] = []

    def second_fails(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:  # the earlier folder is aside; the new one fails to move in
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", second_fails)
    with pytest.raises(OSError, match="No space"), atomic_folder(target, overwrite=True) as tmp:
        (tmp / "a.html").write_text("new", encoding="utf-8")
    monkeypatch.undo()
    assert (target / "a.html").read_text(encoding="utf-8") == "earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]

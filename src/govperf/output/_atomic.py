"""Writing output files so that a crash never leaves half a file: the one helper every writer uses.

Every file govperf writes (results as CSV, JSON or Excel, data templates, reports, the
JSON Schema) goes through this module:

- :func:`atomic_path` gives the writer a temporary file in the target's own folder;
  when the writer returns, the temporary file is flushed to disk and renamed over the
  target with :func:`os.replace`, which is atomic on POSIX and Windows.  If the writer
  raises (or the process is killed), the target is untouched: either the earlier good
  file or nothing, never a partial one; the temporary file is removed on an exception
  (a killed process can leave a hidden ``.~name.tmp`` file, never a half target).
- :func:`atomic_folder` does the same for a folder of reports: the files are written
  into a temporary sibling folder, which then takes the target's place.
- :func:`refuse_existing` is the one overwrite policy: an existing output is refused
  with :class:`FileExistsError` unless ``overwrite=True`` (``--force`` on the command
  line).  Parent folders are created.

The helpers take plain paths and know nothing of results, so the readers' stage
(templates) and the reports use them as the results' writers do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

__all__ = [
    "atomic_folder",
    "atomic_open",
    "atomic_path",
    "refuse_existing",
    "write_bytes",
    "write_text",
]

PathLike = str | os.PathLike[str]


def refuse_existing(paths: Iterable[PathLike], overwrite: bool) -> None:
    """Raise :class:`FileExistsError` naming every path in ``paths`` that exists.

    The error's ``filename`` lists them all (comma-separated).  Nothing is raised
    when ``overwrite`` is true.  A folder counts as existing only when it holds
    something (an empty folder is a fine place for new output).  The message advises
    ``overwrite=True``; the command line says ``--force`` instead.
    """
    if overwrite:
        return
    existing = [Path(p) for p in paths if _occupied(Path(p))]
    if not existing:
        return
    listed = ", ".join(str(p) for p in existing)
    if len(existing) == 1 and existing[0].is_dir():
        text = "is not empty; choose an empty folder or pass overwrite=True"
    else:
        many = "s" if len(existing) > 1 else ""
        text = f"not overwriting existing file{many} (pass overwrite=True to replace)"
    raise _Exists(errno.EEXIST, text, listed)


class _Exists(FileExistsError):
    """:class:`FileExistsError` whose text reads as a sentence: ``reports is not empty; …``."""

    def __str__(self) -> str:
        if str(self.strerror).startswith("is not empty"):
            return f"{self.filename} {self.strerror}"
        return f"{self.strerror}: {self.filename}"


def _occupied(path: Path) -> bool:
    if path.is_dir() and not path.is_symlink():
        return any(path.iterdir())
    return path.exists() or path.is_symlink()


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(path: PathLike, *, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it to ``path``.

    The caller writes the whole file to the yielded path (openpyxl's ``save``, for
    instance).  When the ``with`` block ends normally the file is synced and renamed
    over ``path`` (:func:`os.replace`); when it raises, the temporary file is removed
    and ``path`` is left as it was.  The parent folder is created.  An existing
    ``path`` is refused first unless ``overwrite`` (see :func:`refuse_existing`); a
    folder at ``path`` is refused always (:class:`IsADirectoryError`).
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(target))
    refuse_existing([target], overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".~{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:  # flush the writer's data to disk before the rename
            os.fsync(fh.fileno())
        _keep_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)


def _keep_mode(target: Path, tmp: Path) -> None:
    """Give the new file the permissions a plain ``open(path, "w")`` would have."""
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
    except OSError:  # pragma: no cover - a file system without permissions
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_open(
    path: PathLike,
    mode: str = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
    overwrite: bool = True,
) -> Iterator[IO[str]]:
    """Open a temporary text file beside ``path``; it becomes ``path`` when the block ends.

    As :func:`atomic_path`, for writers that write to an open file (``csv.writer``).
    ``mode`` is ``"w"`` (text); ``encoding`` and ``newline`` are those of :func:`open`.
    """
    if mode != "w":
        raise ValueError(f"atomic_open writes text files (mode 'w'), got {mode!r}")
    with (
        atomic_path(path, overwrite=overwrite) as tmp,
        open(tmp, "w", encoding=encoding, newline=newline) as fh,
    ):
        yield fh


def write_text(
    path: PathLike,
    text: str,
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
    overwrite: bool = True,
) -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_path`)."""
    with atomic_open(path, encoding=encoding, newline=newline, overwrite=overwrite) as fh:
        fh.write(text)


def write_bytes(path: PathLike, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_path`)."""
    with atomic_path(path, overwrite=overwrite) as tmp:
        tmp.write_bytes(data)


@contextlib.contextmanager
def atomic_folder(path: PathLike, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary sibling folder of ``path``; on success it becomes ``path``.

    The caller writes every file into the yielded folder.  When the block ends
    normally, whatever the earlier folder held that the new one does not (a user's
    own notes, say) is copied in, the earlier folder is moved aside, the new one is
    renamed to ``path`` and the earlier one deleted; when it raises, the temporary
    folder is deleted and ``path`` is as it was.  A folder that holds something is
    refused unless ``overwrite``; a file at ``path`` is refused always
    (:class:`NotADirectoryError`).  The parent folder is created.
    """
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(target))
    refuse_existing([target], overwrite)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".~{target.name}.", suffix=".tmp", dir=parent))
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp's folder is private; a report folder is not
        yield tmp
        if target.is_dir():
            for entry in target.iterdir():  # keep what this run does not replace
                dest = tmp / entry.name
                if dest.exists() or dest.is_symlink():
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.copytree(entry, dest, symlinks=True)
                else:
                    shutil.copy2(entry, dest, follow_symlinks=False)
            old = Path(tempfile.mkdtemp(prefix=f".~{target.name}.", suffix=".old", dir=parent))
            try:
                os.replace(target, old / target.name)
            except BaseException:
                shutil.rmtree(old, ignore_errors=True)
                raise
            try:
                os.replace(tmp, target)
            except BaseException:  # put the earlier folder back where it was
                with contextlib.suppress(OSError):
                    os.replace(old / target.name, target)
                    shutil.rmtree(old, ignore_errors=True)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync_dir(parent)

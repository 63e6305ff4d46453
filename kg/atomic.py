"""Writing outputs so that readers see either the old files or the new ones, never a mixture
of half-written files, and two writers never interleave."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from kg.errors import OutputError


@contextlib.contextmanager
def exclusive(folder: Path, name: str = ".lock") -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` for the duration, or fail at once if another
    process holds it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / name, "a")  # noqa: SIM115 - closed in finally
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror}); "
                          "choose a writable --out") from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"{folder}: another kg process is writing here; wait for it to "
                              "finish and run again") from None
        # Temporary files left by a writer that was killed: nobody else holds the lock, so
        # nobody is still writing them.
        for stale in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
        yield
    finally:
        handle.close()


def replace_files(outputs: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary sibling, flush it to disk, and only when all are written
    move each into place (``os.replace`` is atomic per file). On any error the temporary files are
    removed and the existing outputs are left as they were."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((Path(temp), target))
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for temp, target in staged:
            os.replace(temp, target)
        staged.clear()
        _sync_folders({target.parent for target in outputs})
    except OSError as exc:
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
        raise OutputError(f"{exc.filename or 'output'}: cannot write ({reason}); nothing was "
                          "replaced") from exc
    finally:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()


def _umask() -> int:
    """The process umask (read by setting and restoring it; there is no read-only call)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folders(folders: set[Path]) -> None:
    """Flush the folder entries, so the renames survive a crash."""
    for folder in folders:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def replace_folder(target: Path, files: Mapping[str, bytes], marker: str) -> None:
    """Write ``files`` (relative path → bytes) into a new sibling folder, then swap it in for
    ``target`` whole, so a reader never sees a half-written site. ``target`` must be new, empty,
    or an earlier output carrying the ``marker`` file: any other folder is refused, never deleted.
    """
    parent = target.parent
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a folder; choose another --out")
    if target.is_dir() and any(target.iterdir()) and not (target / marker).is_file():
        raise OutputError(f"{target}: the folder holds files this command did not write; choose a "
                          "new or empty folder for --out")
    with exclusive(parent, f".{target.name}.lock"):
        for stale in parent.glob(f".{target.name}.*.tmp"):
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
        try:
            for relative, data in {**files, marker: b""}.items():
                path = staging / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
            os.chmod(staging, 0o777 & ~_umask())
            old = None
            if target.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
                os.replace(target, old / "previous")
            try:
                os.replace(staging, target)
            except OSError:
                if old is not None:
                    os.replace(old / "previous", target)
                raise
            _sync_folders({parent})
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
            raise OutputError(f"{exc.filename or target}: cannot write ({reason}); the previous "
                              "output was left as it was") from exc

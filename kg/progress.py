"""Progress bars for long reads: loading, building a store from, or uploading a large graph file.

A file is read through :class:`ReadProgress`, which counts the bytes the consumer (pyoxigraph's
loader, an HTTP upload) has taken and redraws one line on standard error. The bar shows only when
it helps: standard error is a terminal and the file is large (``KG_PROGRESS=1`` forces it,
``KG_PROGRESS=0`` turns it off), so pipes, logs and tests stay clean.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

#: Files smaller than this load in about a second: no bar.
THRESHOLD = 32 * 1024 * 1024


def wanted(size: int) -> bool:
    """Whether a bar should be drawn for ``size`` bytes of work."""
    setting = os.environ.get("KG_PROGRESS")
    if setting is not None:
        return setting == "1"
    return size >= THRESHOLD and sys.stderr.isatty()


class ReadProgress:
    """A binary file opened for reading that draws a progress bar as it is consumed."""

    def __init__(self, path: Path, label: str) -> None:
        self.handle: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by __exit__/close
        self.total = max(1, os.fstat(self.handle.fileno()).st_size)
        self.label = label
        self.done = 0
        self.shown = wanted(self.total)
        self.started = time.monotonic()
        self.last = 0.0

    # -- file protocol -----------------------------------------------------------------------

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.done += len(data)
        self._draw()
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:
        count = self.handle.readinto(buffer)
        self.done += count or 0
        self._draw()
        return count or 0

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.handle.closed:
            self._draw(final=True)
            self.handle.close()

    def __len__(self) -> int:
        return self.total

    def __enter__(self) -> ReadProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    # -- drawing -----------------------------------------------------------------------------

    def _draw(self, final: bool = False) -> None:
        if not self.shown:
            return
        now = time.monotonic()
        if not final and now - self.last < 0.1:
            return
        self.last = now
        fraction = min(1.0, self.done / self.total)
        width = 30
        filled = int(width * fraction)
        elapsed = now - self.started
        rate = self.done / elapsed / 1e6 if elapsed > 0 else 0.0
        line = (f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%} "
                f"{self.done / 1e6:,.0f}/{self.total / 1e6:,.0f} MB {rate:,.0f} MB/s")
        sys.stderr.write(line + ("\n" if final else ""))
        sys.stderr.flush()


class Steps:
    """Announces the stages of a long job whose parts have no byte count to show (e.g. writing
    each export file): one line per stage on standard error, ``[2/5] writing kratom.graphml …``
    and then its time, under the same rule as the bars (a terminal and a large input, or
    ``KG_PROGRESS``)."""

    def __init__(self, size: int, total: int, label: str) -> None:
        self.shown = wanted(size)
        self.total = total
        self.label = label
        self.count = 0

    def __call__(self, what: str) -> _Stage:
        self.count += 1
        return _Stage(self, what)


class _Stage:
    def __init__(self, steps: Steps, what: str) -> None:
        self.steps = steps
        self.what = what
        self.started = 0.0

    def __enter__(self) -> None:
        self.started = time.monotonic()
        if self.steps.shown:
            sys.stderr.write(f"{self.steps.label} [{self.steps.count}/{self.steps.total}] "
                             f"{self.what} …")
            sys.stderr.flush()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.steps.shown:
            state = "failed" if kind else f"{time.monotonic() - self.started:.1f} s"
            sys.stderr.write(f" {state}\n")
            sys.stderr.flush()

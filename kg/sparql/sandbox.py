"""Runs a query where it can be stopped and cannot reach the network.

The work runs in a child process. Its network is cut off first, where the kernel allows (a new,
empty network namespace: the lexical guard in :mod:`kg.sparql.engine` already refuses SERVICE, FROM and
LOAD, so this is the second line of defence). The parent waits for the answer up to a deadline;
past it, the child is killed and the caller gets :class:`QueryTimeout` — never a cut-off answer.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Callable
from typing import Any

from kg.errors import KGError, QueryTimeout

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
_HEADER = struct.Struct("!Q")


def isolate_network() -> bool:
    """Move this process into a new network namespace with no interfaces but a downed loopback,
    so nothing it runs can open a connection. Returns False where the kernel does not allow it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    return any(libc.unshare(flags) == 0 for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET))


def run_isolated(work: Callable[[], Any], *, timeout: float) -> Any:
    """Return ``work()`` computed in a forked, network-isolated child; re-raise what it raised.

    ``work`` must return a picklable value. The child inherits the parent's memory (an opened
    store costs nothing to share), so the fork is cheap.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        code = 0
        try:
            isolate_network()
            try:
                payload = pickle.dumps(("ok", work()))
            except BaseException as exc:  # the parent re-raises it
                payload = pickle.dumps(("error", exc))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(_HEADER.pack(len(payload)))
                pipe.write(payload)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        data = _read_until(read_end, deadline=time.monotonic() + timeout)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped; "
                           "narrow it or raise --timeout") from None
    finally:
        os.close(read_end)
    os.waitpid(pid, 0)
    if len(data) < _HEADER.size:
        raise KGError("the query process ended without an answer (out of memory, or a query "
                      "nested too deeply?); simplify the query")
    status, value = pickle.loads(data[_HEADER.size:])
    if status == "error":
        raise value
    return value


def _read_until(fd: int, *, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            raise TimeoutError
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)

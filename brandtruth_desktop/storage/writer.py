"""The one thread every database write runs on.

SQLite allows one writer at a time; funnelling all writes through one thread turns lock
contention inside the app into an orderly queue, so "database is locked" can only come from
another process. Reads run on any thread with their own session (WAL lets them).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

THREAD_NAME_PREFIX = "db-writer"


class DatabaseWriter:
    """Runs write functions one at a time on a dedicated thread and hands back their results.

    `run` blocks the caller until the function has finished and re-raises its exception, so a
    write looks like a plain call. A write that calls another write runs it inline (it is
    already on the writer thread), which keeps nested repository calls from deadlocking.
    """

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(
            max_workers=1,
            thread_name_prefix=THREAD_NAME_PREFIX,
            initializer=self._remember_thread,
        )
        self._thread_id: int | None = None
        self._closed = False
        self._lock = threading.Lock()

    def _remember_thread(self) -> None:
        self._thread_id = threading.get_ident()

    def on_writer_thread(self) -> bool:
        """Whether the caller is the writer thread itself."""
        return self._thread_id == threading.get_ident()

    def run(self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Call `function(*args, **kwargs)` on the writer thread and return its result."""
        if self.on_writer_thread():
            return function(*args, **kwargs)
        with self._lock:
            # The lock only guards submit against a concurrent close().
            if self._closed:
                raise RuntimeError("The database writer is closed; the workspace was closed.")
            future = self._executor.submit(function, *args, **kwargs)
        return future.result()

    def close(self) -> None:
        """Finish the writes already queued, then stop and join the thread. Idempotent."""
        if self.on_writer_thread():
            raise RuntimeError("The database writer cannot close itself from a write.")
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=True)

    @property
    def closed(self) -> bool:
        """Whether `close()` has been called."""
        return self._closed

"""Running a function in a worker thread that the contact can stop waiting for.

Connect gives a function InvocationTimeLimitSeconds and then moves on; the function may keep
running. The simulator does the same: the call runs in a daemon thread, the contact waits at most
the time left, and a call that overruns is abandoned (its thread finishes in the background and
its result is dropped). Idle threads are kept for the next call, because starting a thread per
call would cost more than the rest of a simulated contact.
"""

from __future__ import annotations

import _thread
import queue
import threading
from collections.abc import Callable
from typing import Any

_MAX_IDLE = 8


class Call:
    """One call handed to a worker; ``wait`` returns ``True`` once it has finished."""

    __slots__ = ("_done", "args", "error", "function", "result")

    def __init__(self, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.function = function
        self.args = args
        self.result: Any = None
        self.error: BaseException | None = None
        self._done = _thread.allocate_lock()
        self._done.acquire()

    def wait(self, timeout: float) -> bool:
        if timeout <= 0:
            return self._done.acquire(blocking=False)
        return self._done.acquire(timeout=timeout)

    def _execute(self) -> None:
        try:
            self.result = self.function(*self.args)
        except BaseException as exc:  # the function's failure is the contact's Error branch
            self.error = exc


class _Worker(threading.Thread):
    def __init__(self, pool: WorkerPool) -> None:
        super().__init__(name="simulated-lambda", daemon=True)
        self.pool = pool
        self.calls: queue.SimpleQueue[Call] = queue.SimpleQueue()

    def run(self) -> None:
        while True:
            call = self.calls.get()
            call._execute()
            # Back to the idle list *before* the caller is woken, so that the next call reuses
            # this thread; never while the call runs, so no call queues behind a stuck one.
            keep = self.pool._offer(self)
            call._done.release()
            del call
            if not keep:
                return


class WorkerPool:
    """Daemon worker threads, reused between calls; a stuck one is simply not reused until free."""

    def __init__(self) -> None:
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def start(self, function: Callable[..., Any], *args: Any) -> Call:
        call = Call(function, args)
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        if worker is None:
            worker = _Worker(self)
            worker.start()
        worker.calls.put(call)
        return call

    def _offer(self, worker: _Worker) -> bool:
        """Take a free worker back; ``False`` (the thread ends) when enough are idle already."""
        with self._lock:
            if len(self._idle) >= _MAX_IDLE:
                return False
            self._idle.append(worker)
            return True


POOL = WorkerPool()

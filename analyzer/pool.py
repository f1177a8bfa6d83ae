"""Jobs shared by forked helper processes and the calling one, claimed one at a time.

Every process takes the next job when it has finished the one before, from a pipe that holds
the jobs' numbers (two bytes each, written before the fork: a read of two bytes takes one job,
atomically, and an empty pipe is its end). So the calling process never waits for more than
the jobs that helpers are running when the last one is taken, and nothing is committed to a
helper in advance (``concurrent.futures`` queues up to two more jobs per worker, which the
parent then waited for: 5-80 ms of a cold Django run), and no thread, queue or
``multiprocessing`` module is needed (18 ms of imports).

A helper sends each result back pickled, through a pipe of its own, as soon as the pipe takes
it (it never blocks on a full pipe while it has work); the calling process reads what has
arrived between its own jobs, and the rest at the end. A job whose result never arrives (a
helper killed, or failing on it) is run again by the calling process, so it raises there as
it would without helpers. Where ``os.fork`` does not exist, a ``ProcessPoolExecutor`` with
the spawn start method runs the jobs instead.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn, TypeVar

R = TypeVar("R")

# Numbers of jobs are two bytes each, and all of them are in the pipe before any is read:
# 4 KiB, one page, the least a pipe holds (Linux gives one page to a user past its pipe
# allowance, pipe(7); macOS starts at 16 KiB), so the write never blocks.
MAX_JOBS = 2048
_NUMBER = struct.Struct("<H")
_LENGTH = struct.Struct("<Q")  # of each pickled result a helper sends
# A read takes at most what a pipe holds, 64 KiB on Linux and macOS: a larger size only
# allocates more (a 1 MiB buffer per read left 0.7 MB more in the C heap of a cold Django
# run's parent).
_READ_SIZE = 1 << 16


def shared(
    function: Callable[..., R], jobs: Sequence[tuple[Any, ...]], helpers: int
) -> Iterator[tuple[int, R]]:
    """``(index, function(*jobs[index]))`` for every job, in no set order, run by this process
    and ``helpers`` forked ones. ``function`` must be a module-level function (picklable)
    when there is no fork; every result must pickle."""
    if len(jobs) > MAX_JOBS:
        raise ValueError(f"at most {MAX_JOBS} jobs, not {len(jobs)}")
    if not hasattr(os, "fork"):
        yield from _spawned(function, jobs, helpers)
        return
    helpers = min(helpers, len(jobs) - 1)  # a helper beyond the jobs would only fork
    numbers = _queue(len(jobs))
    helping: list[_Helper] = []
    done: set[int] = set()
    try:
        index = _claim(numbers)  # before the forks: this process always takes a share
        helping.extend(_Helper.fork(function, jobs, numbers) for _ in range(helpers))
        while index is not None:
            done.add(index)
            yield index, function(*jobs[index])
            for helper in helping:
                yield from helper.arrived(done)
            index = _claim(numbers)
        for helper in helping:
            yield from helper.finished(done)
        for index in range(len(jobs)):  # taken by a helper that never sent it back
            if index not in done:
                done.add(index)
                yield index, function(*jobs[index])
    finally:
        os.close(numbers)
        for helper in helping:
            helper.stop()


def _queue(count: int) -> int:
    """The read end of a pipe holding the numbers 0 .. count - 1; its write end closed."""
    read, write = os.pipe()
    try:
        data = b"".join(_NUMBER.pack(index) for index in range(count))
        while data:
            data = data[os.write(write, data) :]
    finally:
        os.close(write)
    return read


def _claim(numbers: int) -> int | None:
    """The next job's number, None when every job is taken."""
    data = os.read(numbers, _NUMBER.size)
    return _NUMBER.unpack(data)[0] if data else None


class _Helper:
    """A forked process running jobs, and what it has sent back so far."""

    __slots__ = ("pid", "received", "results")

    def __init__(self, pid: int, results: int) -> None:
        self.pid = pid  # 0 once reaped
        self.results = results  # the read end of its pipe; -1 once closed
        self.received = bytearray()

    @classmethod
    def fork(
        cls, function: Callable[..., R], jobs: Sequence[tuple[Any, ...]], numbers: int
    ) -> _Helper:
        """Start a helper that takes jobs from ``numbers`` until none is left."""
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:  # an interrupt before the helper's own work must not unwind the parent's code
                os.close(read)
                _work(function, jobs, numbers, write)
            finally:
                os._exit(1)
        os.close(write)
        os.set_blocking(read, False)
        return cls(pid, read)

    def arrived(self, done: set[int]) -> Iterator[tuple[int, Any]]:
        """The results the helper has sent so far (never waits)."""
        while self.results >= 0:
            try:
                data = os.read(self.results, _READ_SIZE)
            except BlockingIOError:
                break
            if not data:
                self._close()
            self.received += data
        yield from self._results(done)

    def finished(self, done: set[int]) -> Iterator[tuple[int, Any]]:
        """The rest of its results, once it has run out of jobs; the helper reaped."""
        if self.results >= 0:
            os.set_blocking(self.results, True)
            while data := os.read(self.results, _READ_SIZE):
                self.received += data
            self._close()
        yield from self._results(done)
        self._reap()

    def stop(self) -> None:
        """Kill the helper if it still runs (this process failed or was interrupted)."""
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()
        self._close()

    def _results(self, done: set[int]) -> Iterator[tuple[int, Any]]:
        received, start = self.received, 0
        while len(received) - start >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(received, start)
            end = start + _LENGTH.size + size
            if len(received) < end:
                break
            index, result = pickle.loads(memoryview(received)[start + _LENGTH.size : end])
            start = end
            done.add(index)
            yield index, result
        del received[:start]

    def _close(self) -> None:
        if self.results >= 0:
            os.close(self.results)
            self.results = -1

    def _reap(self) -> None:
        if self.pid:
            os.waitpid(self.pid, 0)
            self.pid = 0


def _work(
    function: Callable[..., Any], jobs: Sequence[tuple[Any, ...]], numbers: int, results: int
) -> NoReturn:
    """A helper's life: run jobs until none is left, send each result, exit without running
    anything the parent registered (``atexit``, buffered output, ``finally`` clauses)."""
    code = 1
    try:
        os.set_blocking(results, False)
        unsent = bytearray()
        while (index := _claim(numbers)) is not None:
            data = pickle.dumps((index, function(*jobs[index])), pickle.HIGHEST_PROTOCOL)
            unsent += _LENGTH.pack(len(data))
            unsent += data
            _send(results, unsent)
        os.set_blocking(results, True)
        _send(results, unsent)
        code = 0
    finally:
        os._exit(code)


def _send(results: int, unsent: bytearray) -> None:
    """Write what the pipe takes of ``unsent`` (all of it, once the pipe blocks)."""
    while unsent:
        try:
            written = os.write(results, unsent)
        except BlockingIOError:
            return
        del unsent[:written]


def _spawned(
    function: Callable[..., R], jobs: Sequence[tuple[Any, ...]], helpers: int
) -> Iterator[tuple[int, R]]:
    """Without fork: ``helpers + 1`` spawned processes run the jobs (this one waits)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if not jobs:
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(helpers + 1, mp_context=context) as pool:
        yield from enumerate(pool.map(function, *zip(*jobs, strict=True)))

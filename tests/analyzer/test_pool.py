"""The job pool (``analyzer.pool``): forked helpers and the calling process take jobs one at a
time, every result comes back once, and a job a helper never sends back is run again here.

Cost: each test forks one or two short-lived processes (well under a second in all); the
spawn fallback starts two interpreters, and one test a Python that parses 70 files (about
half a second each).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analyzer import pool
from analyzer.pool import MAX_JOBS, shared

PARENT = os.getpid()


def _in_helper() -> bool:
    return os.getpid() != PARENT


def _squared(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


@pytest.mark.parametrize("helpers", [0, 1, 2])
def test_every_job_runs_once_whoever_takes_it(helpers: int) -> None:
    jobs = [(number,) for number in range(40)]
    results = dict(shared(_squared, jobs, helpers))
    assert sorted(results) == list(range(40))
    assert {index: square for index, (square, _) in results.items()} == {
        n: n * n for n in range(40)
    }
    ran_here = sum(pid == PARENT for _, pid in results.values())
    assert ran_here >= 1  # the calling process takes jobs too


def test_big_results_come_back_whole() -> None:
    """Results far larger than a pipe's buffer: sent in pieces, read back in one."""

    def big(number: int) -> bytes:
        return bytes([number]) * 700_000

    results = dict(shared(big, [(number,) for number in range(6)], 1))
    assert results == {number: bytes([number]) * 700_000 for number in range(6)}


def test_a_job_a_helper_never_sends_back_is_run_here() -> None:
    """A helper that dies on a job (killed, or out of memory): the calling process runs the
    job itself, and the helper's other results still count."""

    def fragile(number: int) -> tuple[int, bool]:
        if _in_helper() and number % 3 == 0:
            os._exit(9)
        return number, _in_helper()

    results = dict(shared(fragile, [(number,) for number in range(30)], 2))
    assert {index: number for index, (number, _) in results.items()} == {n: n for n in range(30)}


def test_a_job_that_fails_in_a_helper_fails_here(tmp_path: Path) -> None:
    """A helper's exception is not lost: the job runs again here and raises here. This
    process holds its first job until the helper has failed on job 5, so the helper is
    the first to run it."""
    failed = tmp_path / "failed"

    def failing(number: int) -> int:
        if number == 5:
            if _in_helper():
                failed.touch()
            raise RuntimeError("job 5")
        for _ in range(1000 if number == 0 and not _in_helper() else 0):  # at most 10 s
            if failed.exists():
                break
            time.sleep(0.01)
        return number

    with pytest.raises(RuntimeError, match="job 5"):
        list(shared(failing, [(number,) for number in range(12)], 1))
    assert failed.exists()  # the helper ran job 5 first


def test_helpers_beyond_the_jobs_are_not_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    forks: list[int] = []
    fork = pool._Helper.fork

    def counted(*args: object) -> object:
        forks.append(1)
        return fork(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pool._Helper, "fork", counted)
    assert dict(shared(_squared, [(2,), (3,)], 8)).keys() == {0, 1}
    assert len(forks) == 1


def test_a_helper_holds_no_job_it_has_not_started(tmp_path: Path) -> None:
    """A helper stuck on its job: this process takes every other job (none is queued for the
    helper in advance), then lets the helper go."""
    release = tmp_path / "release"
    taken_here: list[int] = []

    def stuck(number: int) -> str:
        if _in_helper():
            for _ in range(1000):  # at most 10 s; then the job counts as held back
                if release.exists():
                    return "helper"
                time.sleep(0.01)
            return "held back"
        taken_here.append(number)
        if len(taken_here) >= 9:
            release.touch()
        return "here"

    results = dict(shared(stuck, [(number,) for number in range(10)], 1))
    assert sorted(results) == list(range(10))
    assert "held back" not in results.values()
    assert len(taken_here) >= 9


def test_too_many_jobs_are_refused() -> None:
    with pytest.raises(ValueError, match="at most"):
        list(shared(_squared, [(number,) for number in range(MAX_JOBS + 1)], 1))


def test_without_fork_spawned_processes_run_the_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where ``os.fork`` does not exist, a spawn pool gives the same results."""
    monkeypatch.delattr(pool.os, "fork")
    results = dict(shared(pow, [(number, 2) for number in range(8)], 1))
    assert results == {number: number**2 for number in range(8)}


def test_a_pooled_parse_imports_no_executor(tmp_path: Path) -> None:
    """A cold parse in a pool forks by itself: ``concurrent.futures`` and ``multiprocessing``
    (18 ms of imports) are not loaded."""
    for number in range(70):
        (tmp_path / f"m{number:02}.py").write_text(f"import m{(number + 1) % 70:02}\n")
    probe = (
        "import sys\n"
        "from analyzer.project import analyze\n"
        f"facts = analyze({str(tmp_path)!r}, jobs=2)\n"
        "assert len(facts.parsed) == 70, len(facts.parsed)\n"
        "print(sorted({'concurrent.futures', 'multiprocessing'} & set(sys.modules)))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_read_asks_no_more_than_a_pipe_holds() -> None:
    """A read of a helper's pipe returns at most what the pipe holds (64 KiB on Linux): a
    bigger read size only allocates more (1 MiB per read left 0.7 MB more of C heap in a
    cold Django run's parent)."""
    import fcntl

    read, write = os.pipe()
    try:
        held = fcntl.fcntl(read, fcntl.F_GETPIPE_SZ) if hasattr(fcntl, "F_GETPIPE_SZ") else 1 << 16
    finally:
        os.close(read)
        os.close(write)
    assert held >= pool._READ_SIZE

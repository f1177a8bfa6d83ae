"""Git history facts: churn and authors per file, and files that change together.

Everything comes from ONE streamed ``git log -z --numstat`` pass (plus three cheap calls:
``rev-parse``, the date of HEAD, ``ls-tree``), so a 30k-commit history costs one walk, never a
call per file. Parsing git's bytes (``parse_log``) and counting (``summarize``) are pure
functions of their input; only ``read_history`` runs git. See docs/adr/0011-git-history.md.
"""

from __future__ import annotations

import functools
import itertools
import os
import subprocess
import threading
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import field
from typing import IO

from archfit_values import frozen, mutable

_GIT_TIMEOUT_SECONDS = 300
_DAY_SECONDS = 86_400
_CHUNK_BYTES = 1 << 16
_MARK = b"\x1e"  # starts each commit header; a numstat record starts with a digit or "-"
_LOG_FORMAT = "--format=%x1e%H%x00%ct%x00%aN"
# A user's or repository's configuration must not change what is counted: a root commit
# without its diff, or ``log.follow`` turning the pathspec "." into a single-file walk.
_GIT_CONFIG = ("-c", "log.showRoot=true", "-c", "log.follow=false", "-c", "core.quotepath=off")


@frozen
class FileChurn:
    """How much one file changed in the window."""

    path: str  # relative to the analysed root, as named at HEAD (renames followed)
    commits: int  # commits in the window that changed it
    added: int  # lines added over those commits (binary files count 0)
    deleted: int
    authors: tuple[str, ...]  # distinct author names, sorted

    @property
    def lines_changed(self) -> int:
        """Lines added plus lines deleted."""
        return self.added + self.deleted


@frozen
class CoChange:
    """Two files that tend to change in the same commits (temporal coupling)."""

    first: str  # the file with fewer commits (ties: the smaller path)
    second: str
    together: int  # commits that changed both
    support: float  # together / History.commits
    confidence: float  # together / commits(first): how often second follows first


@frozen
class History:
    """What the git history of an analysed root says, over a window ending at HEAD."""

    commits: int  # non-merge commits in the window touching the root
    since_days: int
    until: str  # YYYY-MM-DD of HEAD's committer date ("" without commits)
    shallow: bool  # a shallow clone: history may be cut short
    authors: int  # distinct authors of those commits
    files: tuple[FileChurn, ...]  # sorted by path
    couplings: tuple[CoChange, ...]  # sorted by (-confidence, -together, first, second)


@frozen
class Change:
    """One file changed by a commit, as git's numstat names it (relative to the root)."""

    path: str
    added: int
    deleted: int
    renamed_from: str | None = None


@frozen
class Commit:
    """One commit of ``git log``: who, when, and which files with how many lines."""

    sha: str
    timestamp: int  # committer date, seconds since the epoch
    author: str
    changes: tuple[Change, ...]


@frozen
class _Limits:
    max_changeset: int
    min_together: int
    min_confidence: float


@frozen
class _Repository:
    shallow: bool
    head: str | None  # None: no commit yet
    boundary: frozenset[str]  # commits whose parents a shallow clone cut off


class _GitFailed(Exception):
    """git is missing, failed, or ran out of time."""


# --- running git ------------------------------------------------------------------------------


def read_history(
    root: str,
    since_days: int = 365,
    *,
    max_changeset: int = 50,
    min_together: int = 3,
    min_confidence: float = 0.5,
) -> History | None:
    """The git history of the files under ``root`` over ``since_days`` days up to HEAD's date.

    None when ``root`` is not inside a git work tree or git is missing or fails; a repository
    without commits gives ``History(commits=0, ...)``. The window ends at HEAD's committer
    date, not today, so a report on a given commit never changes. Merge commits are skipped;
    commits touching more than ``max_changeset`` files count for churn but not for coupling
    (a bulk reformat says nothing about design). Files no longer at HEAD are dropped (a
    deleted file cannot be a hotspot), as are the boundary commits of a shallow clone (their
    diff is the whole tree, not a change). A coupling needs ``min_together`` shared commits
    and ``min_confidence``.
    """
    limits = _Limits(max_changeset, min_together, min_confidence)
    try:
        return _read(root, since_days, limits)
    except _GitFailed:
        return None


def _read(root: str, since_days: int, limits: _Limits) -> History:
    repository = _repository(root)
    if repository.head is None:
        return History(0, since_days, "", repository.shallow, 0, (), ())
    newest, until = _head_date(root, repository.head)
    log = _stream(root, _log_arguments(repository.head, newest - since_days * _DAY_SECONDS))
    commits = (c for c in parse_log(log) if c.sha not in repository.boundary)
    present = _tracked(root, repository.head)
    return summarize(
        commits,
        present,
        since_days=since_days,
        until=until,
        shallow=repository.shallow,
        max_changeset=limits.max_changeset,
        min_together=limits.min_together,
        min_confidence=limits.min_confidence,
    )


def history_key(root: str) -> str:
    """What decides the history ``read_history`` reads at ``root``, without reading it: HEAD
    and the shallow boundary (a stored report is keyed on it, ADR-0020); "none" outside git."""
    try:
        repository = _repository(root)
    except _GitFailed:
        return "none"
    return f"{repository.head}:{','.join(sorted(repository.boundary))}"


def _repository(root: str) -> _Repository:
    """Whether ``root`` is in a work tree, and its HEAD; raises _GitFailed outside git."""
    # One call; --revs-only prints nothing (and succeeds) for an unborn HEAD: no commits yet.
    arguments = ("--is-inside-work-tree", "--is-shallow-repository", "--git-path", "shallow")
    output = _run(root, "rev-parse", *arguments, "--revs-only", "HEAD")
    lines = output.decode("utf-8", "surrogateescape").splitlines()
    inside, shallow, marker, head = [*lines, "", "", "", ""][:4]
    if inside != "true":
        raise _GitFailed("not inside a work tree")
    boundary = _boundary(os.path.join(root, marker)) if shallow == "true" else frozenset()
    return _Repository(shallow == "true", head or None, boundary)


def _boundary(path: str) -> frozenset[str]:
    """The commits listed in ``.git/shallow``: their parents were not fetched."""
    try:
        with open(path, encoding="ascii", errors="replace") as file:
            return frozenset(line.strip() for line in file if line.strip())
    except OSError:
        return frozenset()


def _head_date(root: str, head: str) -> tuple[int, str]:
    """HEAD's committer date: seconds since the epoch, and YYYY-MM-DD in the committer's zone."""
    output = _run(root, "log", "-1", "--no-show-signature", "--format=%ct %cI", head, "--")
    seconds, _, iso = output.decode("ascii", "replace").strip().partition(" ")
    if not seconds.isdigit():
        raise _GitFailed(f"no committer date for {head}")
    return int(seconds), iso[:10]


def _tracked(root: str, head: str) -> frozenset[str]:
    """The files under ``root`` at HEAD, relative to it (ls-tree answers for the cwd only)."""
    output = _run(root, "ls-tree", "-r", "-z", "--name-only", head)
    return frozenset(_path(name) for name in output.split(b"\0") if name)


def _log_arguments(head: str, since: int) -> list[str]:
    """One walk: newest first with children before parents, so renames resolve on the way."""
    # git reads "@0" as no date at all (and nothing matches): a window reaching back before
    # 1970 simply has no lower bound.
    window = [f"--since=@{since}"] if since > 0 else []
    return [
        "log", "-z", "--numstat", "-M", "--relative", "--no-merges", "--date-order",
        "--no-show-signature", "--no-ext-diff", "--no-textconv", "--no-color",
        "--encoding=UTF-8", _LOG_FORMAT, *window, head, "--", ".",
    ]  # fmt: skip


def _run(root: str, *arguments: str) -> bytes:
    """The output of a short git command run in ``root``; raises _GitFailed."""
    try:
        done = subprocess.run(
            ["git", *_GIT_CONFIG, *arguments],
            cwd=root,
            capture_output=True,
            timeout=_GIT_TIMEOUT_SECONDS,
        )
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        raise _GitFailed(str(exc)) from exc
    if done.returncode != 0:
        raise _GitFailed(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def _stream(root: str, arguments: Sequence[str]) -> Iterator[bytes]:
    """git's output in chunks as it comes; raises _GitFailed at the end if git failed."""
    try:
        process = subprocess.Popen(
            ["git", *_GIT_CONFIG, *arguments],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        raise _GitFailed(str(exc)) from exc
    with process:
        assert process.stdout is not None  # stdout=PIPE
        yield from _drain(process, process.stdout)


def _drain(process: subprocess.Popen[bytes], stdout: IO[bytes]) -> Iterator[bytes]:
    # A timer rather than communicate(timeout=...): the output is consumed while it streams.
    timer = threading.Timer(_GIT_TIMEOUT_SECONDS, process.kill)
    timer.daemon = True
    timer.start()
    try:
        yield from iter(functools.partial(stdout.read, _CHUNK_BYTES), b"")
    except BaseException:  # the reader stopped early or failed: do not leave git running
        process.kill()
        raise
    finally:
        timer.cancel()
    if process.wait() != 0:  # also a kill by the timer
        raise _GitFailed(f"git log exited with {process.returncode}")


# --- parsing git's output (pure) --------------------------------------------------------------


def parse_log(chunks: Iterable[bytes]) -> Iterator[Commit]:
    """Commits from ``git log -z --numstat --format=%x1e%H%x00%ct%x00%aN``, in git's order.

    ``chunks`` may split the output anywhere. A numstat record is ``added TAB deleted TAB
    path`` (``-`` for a binary file), or ``added TAB deleted TAB`` followed by the old and the
    new path as records of their own for a rename; -z means paths are never quoted, so spaces,
    tabs and non-ASCII names arrive as they are (decoded as the file system decodes them).
    """
    records = _records(chunks)
    header: tuple[str, int, str] | None = None
    changes: list[Change] = []
    for record in records:
        if record.startswith(_MARK):
            if header is not None:
                yield Commit(*header, tuple(changes))
            header, changes = _header(record[1:], records), []
        elif header is not None and record.strip(b"\n"):
            changes.append(_change(record.lstrip(b"\n"), records))
    if header is not None:
        yield Commit(*header, tuple(changes))


def _records(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The NUL-terminated records of -z output, joined across chunk boundaries."""
    pending = b""
    for chunk in chunks:
        *complete, pending = (pending + chunk).split(b"\0")
        yield from complete
    if pending:
        yield pending


def _header(sha: bytes, records: Iterator[bytes]) -> tuple[str, int, str]:
    seconds, author = next(records, b""), next(records, b"")
    return sha.decode("ascii", "replace"), _count(seconds), author.decode("utf-8", "replace")


def _change(record: bytes, records: Iterator[bytes]) -> Change:
    added, deleted, path = [*record.split(b"\t", 2), b"", b""][:3]
    if path:
        return Change(_path(path), _count(added), _count(deleted))
    old, new = next(records, b""), next(records, b"")
    return Change(_path(new), _count(added), _count(deleted), renamed_from=_path(old))


def _count(text: bytes) -> int:
    return int(text) if text.isdigit() else 0  # "-": a binary file has no lines


def _path(raw: bytes) -> str:
    # As os.walk names the same file, so history facts join discovery's paths.
    return raw.decode("utf-8", "surrogateescape")


# --- counting (pure) --------------------------------------------------------------------------


@mutable
class _Tally:
    """Running totals of one pass; mutable because nothing outside ``summarize`` sees it."""

    present: Collection[str]
    max_changeset: int
    commits: int = 0
    authors: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)  # older name -> name at HEAD
    touched: Counter[str] = field(default_factory=Counter)
    added: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    file_authors: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, commit: Commit) -> None:
        """Count one commit; commits must come newest first (children before parents)."""
        lines = self._resolve(commit.changes)
        self.commits += 1
        self.authors.add(commit.author)
        kept = sorted(name for name in lines if name in self.present)
        for name in kept:
            self.touched[name] += 1
            self.added[name] += lines[name][0]
            self.deleted[name] += lines[name][1]
            self.file_authors[name].add(commit.author)
        if len(lines) <= self.max_changeset:  # every file of the commit counts, kept or not
            self.pairs.update(itertools.combinations(kept, 2))

    def _resolve(self, changes: Iterable[Change]) -> dict[str, tuple[int, int]]:
        """Lines per file under its name at HEAD; a rename points older commits at it."""
        lines: dict[str, tuple[int, int]] = {}
        renames: list[tuple[str, str]] = []
        for change in changes:
            name = self.aliases.get(change.path, change.path)
            added, deleted = lines.get(name, (0, 0))
            lines[name] = (added + change.added, deleted + change.deleted)
            if change.renamed_from is not None:
                renames.append((change.renamed_from, name))
        # After the loop: in this commit the old name may already be another file (a swap).
        self.aliases.update(renames)
        return lines


def summarize(
    commits: Iterable[Commit],
    present: Collection[str],
    *,
    since_days: int = 365,
    until: str = "",
    shallow: bool = False,
    max_changeset: int = 50,
    min_together: int = 3,
    min_confidence: float = 0.5,
) -> History:
    """Count ``commits`` (newest first, as git gives them) into a History.

    Only files in ``present`` (the files at HEAD) are reported; the other arguments are
    ``read_history``'s, and ``until`` and ``shallow`` are copied into the result.
    """
    tally = _Tally(frozenset(present), max_changeset)
    for commit in commits:
        tally.add(commit)
    files = tuple(_churn(tally, path) for path in sorted(tally.touched))
    couplings = _couplings(tally, _Limits(max_changeset, min_together, min_confidence))
    return History(
        commits=tally.commits,
        since_days=since_days,
        until=until,
        shallow=shallow,
        authors=len(tally.authors),
        files=files,
        couplings=couplings,
    )


def _churn(tally: _Tally, path: str) -> FileChurn:
    authors = tuple(sorted(tally.file_authors[path]))
    return FileChurn(path, tally.touched[path], tally.added[path], tally.deleted[path], authors)


def _couplings(tally: _Tally, limits: _Limits) -> tuple[CoChange, ...]:
    found = (
        _co_change(tally, pair, together)
        for pair, together in tally.pairs.items()
        if together >= limits.min_together
    )
    kept = [c for c in found if c.confidence >= limits.min_confidence]
    return tuple(sorted(kept, key=lambda c: (-c.confidence, -c.together, c.first, c.second)))


def _co_change(tally: _Tally, pair: tuple[str, str], together: int) -> CoChange:
    first, second = sorted(pair, key=lambda path: (tally.touched[path], path))
    support = together / tally.commits
    return CoChange(first, second, together, support, together / tally.touched[first])

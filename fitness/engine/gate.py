"""What a CI gate or a pre-commit hook reports: findings in the changed files, or new since a ref.

The whole repository is always analysed (a contract needs the whole graph); these functions only
narrow what is reported, and the exit code follows what is left. (The per-file rules judge FILES
alone before this: ``Selection.files`` in the engine.)
"""

from __future__ import annotations

import os
import posixpath
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from analyzer.folders import CACHE_DIR
from analyzer.repository import git_toplevel
from fitness.adr.discovery import find_adr_files
from fitness.config import Config
from fitness.config.projects import Plan, ProjectRun, nested_for
from fitness.engine.check import RunOptions, check
from fitness.exceptions import UsageError
from fitness.results.findings import Finding, Result, summarize

if TYPE_CHECKING:  # the ADR model and parsers load only for a target with ADRs (ADR-0014)
    from fitness.adr.view import Target

_GIT_TIMEOUT_SECONDS = 300
_PYTHON_SUFFIXES = (".py", ".pyi")
_ANALYSED_SUFFIXES = frozenset(
    (".py", ".pyi", ".toml", ".cfg", ".ini", ".yaml", ".yml", ".md", ".rst", ".txt", ".json")
)


def with_findings(result: Result, findings: Iterable[Finding]) -> Result:
    """The result reporting only ``findings``, its summary recounted (``fixed`` kept)."""
    kept = tuple(findings)
    summary = summarize(result.summary.files, result.summary.modules, kept)
    return replace(result, findings=kept, summary=replace(summary, fixed=result.summary.fixed))


def strict(result: Result) -> Result:
    """The result under ``--strict-baseline``: a baseline holding findings that no longer
    occur fails the run (``Result.exit_code``), and the summary says why."""
    if result.baseline is None:
        return result
    return replace(result, baseline=replace(result.baseline, strict=True))


# --- FILES: what pre-commit passes -----------------------------------------------------------


def python_only(files: Sequence[str]) -> bool:
    """Whether every one of FILES is Python source (a run may then be narrowed to them);
    ``setup.py`` declares dependencies, which change verdicts anywhere."""
    return all(
        f.endswith(_PYTHON_SUFFIXES) and posixpath.basename(f.replace(os.sep, "/")) != "setup.py"
        for f in files
    )


def relative_files(root: str, files: Sequence[str]) -> frozenset[str]:
    """``files`` (relative to the working directory) as paths relative to ``root``."""
    base = os.path.abspath(root)
    return frozenset(os.path.relpath(os.path.abspath(f), base).replace(os.sep, "/") for f in files)


def touches(finding: Finding, files: frozenset[str]) -> bool:
    """A finding located in one of ``files``, or with an import in a chain made by one of them."""
    if finding.path in files:
        return True
    return any(link.path in files for chain in finding.chains for link in chain)


def narrow_to_files(result: Result, root: str, files: Sequence[str]) -> Result:
    """Only the findings that ``files`` are responsible for."""
    wanted = relative_files(root, files)
    return with_findings(result, (f for f in result.findings if touches(f, wanted)))


# --- --since REF -----------------------------------------------------------------------------


def only_new(findings: Iterable[Finding], before: Iterable[Finding]) -> list[Finding]:
    """Findings not among ``before`` (by fingerprint, counting repeated subjects)."""
    budget = Counter(f.identity for f in before)
    fresh = []
    for finding in findings:
        if budget[finding.identity] > 0:
            budget[finding.identity] -= 1
        else:
            fresh.append(finding)
    return fresh


def new_since(
    result: Result,
    root: str,
    ref: str,
    config: Config,
    options: RunOptions = RunOptions(),
) -> Result:
    """Only the findings of ``result`` that the tree at git ``ref`` did not have."""
    before = findings_at(root, ref, config, options)
    return with_findings(result, only_new(result.findings, before))


def findings_at(root: str, ref: str, config: Config, options: RunOptions) -> tuple[Finding, ...]:
    """Analyse the tree at ``ref`` in a temporary folder; the work tree is never touched."""
    import tempfile  # --since alone: with subprocess and shutil, 11 ms of every run's start

    top, prefix = git_location(root)
    with tempfile.TemporaryDirectory(prefix="archfit-since-") as folder:
        export_tree(top, ref, folder)
        old_root = os.path.join(folder, prefix)
        if not os.path.isdir(old_root):  # the analysed folder did not exist yet
            return ()
        _reuse_cache(root, old_root)
        # Written before the folder (and the cache copied into it) is removed.
        quiet = replace(options, progress=None, write_behind=False)
        return check(old_root, config, options=quiet).findings


def git_location(root: str) -> tuple[str, str]:
    """The repository's top folder and ``root``'s path inside it, found without running git."""
    top = git_toplevel(root)
    if top is None:
        raise UsageError(f"--since: not a git repository (in {root})")
    prefix = os.path.relpath(os.path.realpath(root), top).replace(os.sep, "/")
    return top, "" if prefix == "." else prefix + "/"


def export_tree(top: str, ref: str, folder: str) -> None:
    """Write the files at ``ref`` that an analysis reads into ``folder``, from git's objects.

    ``git archive`` would run the ``.gitattributes`` filter drivers configured in the target's
    ``.git/config``: a pull request could run any command. ``ls-tree`` and ``cat-file --batch``
    only read objects; the ``-c`` overrides in ``_git`` turn off what else a config can start.
    Only the files an analysis reads are written: on Django that skips two thirds of the members.
    """
    if ref.startswith("-"):
        raise UsageError(f"--since: {ref!r} looks like an option, not a git ref")
    commit = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    entries = _blobs(_git(top, "ls-tree", "-r", "-z", "--full-tree", commit.decode().strip()))
    names = [path for path, _ in entries]
    batch = "".join(f"{sha}\n" for _, sha in entries).encode()
    data = _git(top, "cat-file", "--batch", stdin=batch)
    for name, content in zip(names, _batch_contents(data), strict=True):
        _write_member(folder, name, content)


def _blobs(listing: bytes) -> list[tuple[str, str]]:
    """(path, object id) of the regular files an analysis reads; symlinks and submodules are
    left out, as ``git archive`` plus the "data" filter left them."""
    found = []
    for record in listing.split(b"\0"):
        head, _, raw_path = record.partition(b"\t")
        fields = head.split()
        if len(fields) == 3 and fields[0] in (b"100644", b"100755") and fields[1] == b"blob":
            path = os.fsdecode(raw_path)
            if _analysed(path):
                found.append((path, fields[2].decode()))
    return found


def _batch_contents(data: bytes) -> list[bytes]:
    """The bodies of ``cat-file --batch`` output: a header line, the bytes, a newline each."""
    bodies, offset = [], 0
    while offset < len(data):
        end = data.index(b"\n", offset)
        header = data[offset:end].split()
        if len(header) != 3:  # "<id> missing": a partial clone with fetching turned off
            raise UsageError(f"--since: git object {header[0].decode()} is missing")
        size = int(header[2])
        bodies.append(data[end + 1 : end + 1 + size])
        offset = end + 1 + size + 1
    return bodies


def _write_member(folder: str, name: str, content: bytes) -> None:
    """Write one file below ``folder``; a crafted tree's ``..`` or absolute path is skipped."""
    parts = name.split("/")
    if name.startswith("/") or any(p in ("", ".", "..", ".git") for p in parts):
        return
    path = os.path.join(folder, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(content)


def _analysed(name: str) -> bool:
    """Whether an analysis may read this file: text sources and configs, or a dotfile."""
    base = posixpath.basename(name)
    suffix = posixpath.splitext(base)[1].lower()
    return suffix in _ANALYSED_SUFFIXES or (base.startswith(".") and not suffix)


def _reuse_cache(root: str, old_root: str) -> None:
    """Copy the content cache: unchanged files have the same key, so they are not parsed again."""
    import shutil

    cache = os.path.join(root, CACHE_DIR)
    if os.path.isdir(cache) and not os.path.islink(cache):
        # Links are copied as links, which the cache then refuses (ADR-0008), never followed.
        shutil.copytree(cache, os.path.join(old_root, CACHE_DIR), symlinks=True, dirs_exist_ok=True)


# What a target's git config could otherwise make these read-only commands start: a file
# system monitor, hooks, a lazy fetch of missing objects (over a configured ssh command).
_SAFE_GIT = (
    "-c", "core.fsmonitor=false",
    "-c", "core.hooksPath=/dev/null",
    "-c", "protocol.allow=never",
    "-c", "core.sshCommand=false",
)  # fmt: skip


def _git(cwd: str, *args: str, stdin: bytes | None = None) -> bytes:
    import subprocess

    command = ["git", *_SAFE_GIT, *args]
    try:
        done = subprocess.run(
            command, cwd=cwd, input=stdin, capture_output=True, timeout=_GIT_TIMEOUT_SECONDS
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"--since needs git: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed"
        raise UsageError(f"--since: {message} (in {cwd})")
    return done.stdout


def gate_result(
    result: Result,
    root: str,
    files: Sequence[str],
    since: str | None,
    context: tuple[Config, RunOptions],
    strict_baseline: bool = False,
) -> Result:
    """Narrow the report to FILES and to what is new since a revision, as asked; with
    ``strict_baseline``, a baseline that could shrink fails the run too."""
    if strict_baseline:
        result = strict(result)
    if files:
        result = narrow_to_files(result, root, files)
        result = with_governing(result, root, files, context[0])
    if since:
        result = new_since(result, root, since, *context)
    return result


def judged_files(root: str, files: Sequence[str]) -> frozenset[str] | None:
    """FILES as paths relative to ``root``, or None (judge every file) when there are none."""
    return relative_files(root, files) if files else None


def target_of(config: Config, root: str) -> Target:
    """Where the code is, as the config says (to map files to modules)."""
    from fitness.adr.view import Target

    nested = nested_for(root, config.source_roots)
    return Target(root, config.source_roots, config.root_packages, config.exclude, nested)


def with_governing(result: Result, root: str, files: Sequence[str], config: Config) -> Result:
    """The result with the accepted decisions governing FILES (pre-commit shows them)."""
    found_paths = find_adr_files(root, config.adr_dirs)
    if not found_paths:
        return replace(result, governing=())
    from fitness.adr.load import read_adr
    from fitness.adr.view import governing_summaries

    adrs = tuple(read_adr(root, path) for path in found_paths)  # the folders walked once
    paths = sorted(relative_files(root, files))
    found = governing_summaries(adrs, target_of(config, root).layout(), paths, result.adrs)
    return replace(result, governing=found)


def placed(result: Result, plan: Plan, project: ProjectRun, config: Config) -> Result:
    """The result, told where its project sits in the repository and which files configured it;
    a run with no configuration anywhere says so."""
    where = os.path.relpath(project.root, plan.repository).replace(os.sep, "/")
    return replace(result, project="" if where == "." else where, configs=config.paths)

"""What a CI gate or a pre-commit hook reports: findings in the changed files, or new since a ref.

The whole repository is always analysed (a contract needs the whole graph); these functions only
narrow what is reported, and the exit code follows what is left. (The per-file rules judge FILES
alone before this: ``Selection.files`` in the engine.)
"""

from __future__ import annotations

import io
import os
import posixpath
import shutil
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from analyzer.cache import CACHE_DIR
from fitness import engine
from fitness.config import Config
from fitness.exceptions import UsageError
from fitness.findings import Finding, Result, summarize

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
    options: engine.RunOptions = engine.RunOptions(),
) -> Result:
    """Only the findings of ``result`` that the tree at git ``ref`` did not have."""
    before = findings_at(root, ref, config, options)
    return with_findings(result, only_new(result.findings, before))


def findings_at(
    root: str, ref: str, config: Config, options: engine.RunOptions
) -> tuple[Finding, ...]:
    """Analyse the tree at ``ref`` in a temporary folder; the work tree is never touched."""
    top, prefix = git_location(root)
    with tempfile.TemporaryDirectory(prefix="archfit-since-") as folder:
        export_tree(top, ref, folder)
        old_root = os.path.join(folder, prefix)
        if not os.path.isdir(old_root):  # the analysed folder did not exist yet
            return ()
        _reuse_cache(root, old_root)
        # Written before the folder (and the cache copied into it) is removed.
        quiet = replace(options, progress=None, write_behind=False)
        return engine.check(old_root, config, options=quiet).findings


def git_location(root: str) -> tuple[str, str]:
    """The repository's top folder and ``root``'s path inside it."""
    top = _git(root, "rev-parse", "--show-toplevel").decode().strip()
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    return top, prefix


def export_tree(top: str, ref: str, folder: str) -> None:
    """Extract the tree at ``ref`` into ``folder`` with ``git archive`` (read-only on the repo).

    Only the files an analysis reads are written (sources, configs, ADRs, packs, ignore
    files): on Django that skips two thirds of the members (locales, static files).
    """
    _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    data = _git(top, "archive", "--format=tar", ref)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        wanted = [m for m in archive.getmembers() if m.isfile() and _analysed(m.name)]
        archive.extractall(folder, members=wanted, filter="data")  # refuses unsafe members


def _analysed(name: str) -> bool:
    """Whether an analysis may read this file: text sources and configs, or a dotfile."""
    base = posixpath.basename(name)
    suffix = posixpath.splitext(base)[1].lower()
    return suffix in _ANALYSED_SUFFIXES or (base.startswith(".") and not suffix)


def _reuse_cache(root: str, old_root: str) -> None:
    """Copy the content cache: unchanged files have the same key, so they are not parsed again."""
    cache = os.path.join(root, CACHE_DIR)
    if os.path.isdir(cache):
        shutil.copytree(cache, os.path.join(old_root, CACHE_DIR), dirs_exist_ok=True)


def _git(cwd: str, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=_GIT_TIMEOUT_SECONDS
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"--since needs git: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed"
        raise UsageError(f"--since: {message} (in {cwd})")
    return done.stdout

"""The documents of ``metrics``, ``graph`` and ``report`` stored beside their values (ADR-0020,
"Stored documents"): a warm run with nothing changed writes the stored text, calling neither
the renderer nor the values' decoder, and every run writes the bytes a ``--no-cache`` run
writes, for every format, after a display option change, after an edit, to ``--output`` inside
the tree; the documents kept are bounded and trusted as every record is. Cost: about 85
in-process runs on a 4-file git repository, ~9 s."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fitness.cli import graph_cmd, stored
from fitness.engine import stored_run
from fitness.reporters import registry
from tests.cli.gitrepo import committed_shop

pytestmark = pytest.mark.stored_runs

# Every format of every command, with the display options that change its bytes.
SHOWN = [
    ("metrics", "--format", "table"),
    ("metrics", "--format", "json"),
    ("metrics", "--format", "csv"),
    ("metrics", "--format", "table", "--level", "function", "--sort", "complexity", "--top", "1"),
    ("metrics", "--format", "table", "--columns", "raw"),
    ("graph", "--format", "mermaid"),
    ("graph", "--format", "dot"),
    ("graph", "--format", "json"),
    ("graph", "--format", "dot", "--no-externals"),
    ("report", "--format", "md"),
    ("report", "--format", "html"),
    ("report", "--format", "json"),
]
REGISTRIES = {
    "metrics": registry.METRICS_FORMATS,
    "graph": registry.GRAPH_FORMATS,
    "report": registry.REPORT_FORMATS,
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed project whose runs warn (a ``.gitignore`` line git cannot use), with a
    module whose name and text are not ASCII (the document is stored as it is written)."""
    return committed_shop(tmp_path / "shop-repo", {
        "api": '"""API."""\n\nfrom shop import café, domain\n',
        "domain": '"""Domain."""\n\nimport json\n\nVALUE = 1\n',
        "café": '"""Café: crème brûlée."""\n\nPRICE = "5 €"\n',
    })  # fmt: skip


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The formats rendered (by any command), in order: every renderer of every registry
    counts its calls."""
    calls: list[str] = []
    for formats in REGISTRIES.values():
        for name, render in list(formats.items()):
            monkeypatch.setitem(formats, name, _counting(render, name, calls))  # type: ignore[arg-type]
    return calls


def _counting(render: Callable[..., str], name: str, calls: list[str]) -> Callable[..., str]:
    def counted(*args: Any) -> str:
        calls.append(name)
        return render(*args)

    return counted


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The kinds of the stored values decoded, in order."""
    calls: list[object] = []
    real = stored_run.reused

    def counting(record: Any, key: str, kind: Any) -> Any:
        calls.append(kind)
        return real(record, key, kind)

    monkeypatch.setattr(stored_run, "reused", counting)
    return calls


def _run(run_cli: Any, *args: str) -> tuple[int, str, str]:
    time.sleep(stored_run._RACY_NS / 1e9 + 0.02)  # a tree changed this instant is not indexed
    return run_cli(*args)  # type: ignore[no-any-return]


def _written(run_cli: Any, args: tuple[str, ...], output: Path, *more: str) -> tuple[bytes, str]:
    """The bytes a run writes to ``output`` and what it says on stderr."""
    code, out, err = _run(run_cli, *args, "--output", str(output), *more)
    assert code == 0, err
    assert out == ""
    return output.read_bytes(), err


def _documents(repo: Path, command: str) -> list[str]:
    return sorted(p.name for p in (repo / ".archfit_cache").glob(f"{command}-doc-*"))


@pytest.mark.parametrize("args", SHOWN, ids=" ".join)
def test_a_warm_run_writes_the_stored_document_byte_for_byte(
    args: tuple[str, ...],
    repo: Path,
    run_cli: Any,
    rendered: list[str],
    decoded: list[object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second run renders nothing and decodes no values; both write what a run
    without the cache writes, to a file inside the tree as to stdout, warnings included,
    in chunks of any size (a few characters here, to cross a non-ASCII one)."""
    monkeypatch.setattr(stored, "_CHUNK", 7)
    inside = repo / "shown.out"
    first, first_err = _written(run_cli, (*args, str(repo)), inside)
    assert rendered == [args[2]]
    again, again_err = _written(run_cli, (*args, str(repo)), inside)
    assert rendered == [args[2]], "the warm run rendered its document again"
    assert decoded == [], "the warm run decoded its stored values"
    cold, cold_err = _written(run_cli, (*args, str(repo)), repo.parent / "cold.out", "--no-cache")
    assert first == again == cold
    assert first_err == again_err == cold_err
    assert "pattern '[z-a]' skipped" in again_err
    assert _run(run_cli, *args, str(repo)) == run_cli(*args, str(repo), "--no-cache")
    assert len(_documents(repo, args[0])) == 1


def test_each_display_option_has_its_own_document(
    repo: Path, run_cli: Any, rendered: list[str], decoded: list[object]
) -> None:
    """Another format (or view) renders the stored values once, then is reused; the first
    one is still kept; every run equals a cold one."""
    json_args = ("graph", "--format", "json", str(repo))
    dot_args = ("graph", "--format", "dot", str(repo))
    bare = ("graph", "--format", "dot", "--no-externals", str(repo))
    warm = [_run(run_cli, *args) for args in (json_args, dot_args, dot_args, json_args, bare)]
    assert rendered == ["json", "dot", "dot"]  # the last one: --no-externals
    assert len(decoded) == 2  # the values, decoded for the second and third display only
    assert len(_documents(repo, "graph")) == 3
    cold = [run_cli(*args, "--no-cache") for args in (json_args, dot_args, bare)]
    assert warm == [cold[0], cold[1], cold[1], cold[0], cold[2]]


def test_an_edit_or_a_value_option_renders_again_and_equals_a_cold_run(
    repo: Path, run_cli: Any, rendered: list[str]
) -> None:
    args = ("metrics", "--format", "json", str(repo))
    before = _run(run_cli, *args)
    (repo / "shop" / "domain.py").write_text('"""Domain."""\n\nVALUE = 2\n\n\ndef f():\n    pass\n')
    after = _run(run_cli, *args)
    assert after != before
    assert after == run_cli(*args, "--no-cache")
    assert rendered == ["json", "json", "json"]
    graph = ("graph", "--format", "mermaid", str(repo))
    _run(run_cli, *graph)
    package = _run(run_cli, *graph, "--level", "package")
    assert package == run_cli(*graph, "--level", "package", "--no-cache")
    assert rendered[3:] == ["mermaid"] * 3  # --level changes the values: rendered again


def test_documents_are_bounded_and_dropped_when_their_values_change(
    repo: Path, run_cli: Any
) -> None:
    """At most ``KEPT_DOCUMENTS`` per command, the newest; a document older than its
    command's values record was rendered from values since replaced, and is dropped."""
    for top in range(1, stored.KEPT_DOCUMENTS + 3):
        _run(run_cli, "metrics", "--top", str(top), str(repo))
    assert len(_documents(repo, "metrics")) == stored.KEPT_DOCUMENTS
    newest = _documents(repo, "metrics")
    (repo / "shop" / "domain.py").write_text('"""Domain."""\n\nVALUE = 3\n')
    _run(run_cli, "metrics", "--format", "csv", str(repo))
    assert len(_documents(repo, "metrics")) == 1
    assert not set(newest) & set(_documents(repo, "metrics"))


def test_a_forged_or_linked_document_is_never_written(
    repo: Path, run_cli: Any, rendered: list[str]
) -> None:
    """A document whose MAC fails (edited, or written under another user's key) or that is a
    link is a miss: the values are rendered again and the record written anew."""
    args = ("report", "--format", "md", str(repo))
    cold = run_cli(*args, "--no-cache")
    _run(run_cli, *args)
    (name,) = _documents(repo, "report")
    record = repo / ".archfit_cache" / name
    record.write_bytes(record.read_bytes().replace(b"# ", b"# FORGED "))
    assert _run(run_cli, *args) == cold
    elsewhere = repo.parent / "planted.txt"
    elsewhere.write_bytes(record.read_bytes())  # a valid record, read only through a link
    record.unlink()
    os.symlink(elsewhere, record)
    assert _run(run_cli, *args) == cold
    assert not record.is_symlink()
    assert rendered.count("md") == 4  # cold, first, after the forgery, after the link


def test_the_renderers_warning_is_stored_with_the_document(
    repo: Path, run_cli: Any, rendered: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mermaid's edge limit warning comes from rendering, not from the values: a reused
    document says it again."""
    monkeypatch.setattr(graph_cmd, "MAX_EDGES", 1)
    args = ("graph", "--format", "mermaid", str(repo))
    first = _run(run_cli, *args)
    again = _run(run_cli, *args)
    assert "Mermaid (and GitHub) draw at most 1" in again[2]
    assert first == again == run_cli(*args, "--no-cache")
    assert rendered == ["mermaid", "mermaid"]  # the first run's and the cold one's

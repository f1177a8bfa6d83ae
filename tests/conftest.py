"""Shared helpers: run the CLI in-process and locate fixtures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from fitness.cli.main import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def _cache_key_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The content cache's per-user key (ADR-0008) in a folder of the test session's own,
    never the user's: runs in subprocesses inherit it through the environment."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture(autouse=True)
def _no_stored_runs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs share fixture folders and patch archfit's code in memory, which no
    stored run's key can see (ADR-0020): a test reuses stored runs (and stored rule hits,
    ``fitness.engine.parts``) only when marked ``stored_runs``. Runs in subprocesses load
    archfit afresh and use them as users do."""
    if request.node.get_closest_marker("stored_runs") is None:
        from fitness.engine import parts, stored_run

        monkeypatch.setattr(stored_run, "tree_key", lambda *args, **kwargs: None)
        # Nor stored rule hits (fitness.engine.parts): every part is computed, none kept.
        monkeypatch.setattr(parts, "read_parts", lambda *args, **kwargs: (None, None))
        monkeypatch.setattr(parts, "write_parts", lambda *args, **kwargs: None)


@pytest.fixture
def run_cli() -> Any:
    """Invoke ``archfit`` with arguments; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


def check_json(run_cli: Any, *args: str) -> tuple[int, dict[str, Any]]:
    """Run ``archfit check --format json`` and parse its document."""
    code, out, _ = run_cli("check", "--format", "json", *args)
    return code, json.loads(out)

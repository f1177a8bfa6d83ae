"""Shared helpers: run the CLI in-process and locate fixtures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from fitness.cli.main import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"


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

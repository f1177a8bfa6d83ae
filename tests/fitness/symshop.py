"""The symshop fixture (interfaces and allow-lists) copied to tmp_path, with a config of the
test's own and extra files, checked end to end."""

from __future__ import annotations

import json
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from fitness.cli.main import main
from tests.conftest import FIXTURES

SYMSHOP = FIXTURES / "symshop"
HEADER = '[tool.archfit]\nroot_packages = ["symshop"]\npacks = []\n'


@dataclass(frozen=True)
class Checked:
    """One ``archfit check --format json`` run: exit code, verdicts, contract findings."""

    code: int
    doc: dict[str, Any]

    @property
    def kept(self) -> dict[str, bool]:
        """Contract id -> kept."""
        return {c["id"]: c["kept"] for c in self.doc["contracts"]}

    def findings(self, contract: str) -> list[tuple[str, str, int]]:
        """(subject, path, line) of every finding of one contract, sorted."""
        return sorted(
            (f["subject"], f["path"], f["line"])
            for f in self.doc["findings"]
            if f["source"]["id"] == contract
        )

    def messages(self, contract: str) -> list[str]:
        """The messages of one contract's findings."""
        return [f["message"] for f in self.doc["findings"] if f["source"]["id"] == contract]

    def warnings(self, contract: str) -> list[str]:
        """The warnings of one contract's verdict."""
        return next(c["warnings"] for c in self.doc["contracts"] if c["id"] == contract)


def symshop(tmp_path: Path, contracts: str, files: dict[str, str] | None = None) -> Path:
    """The fixture under ``tmp_path`` with ``contracts`` (TOML tables) as its whole config."""
    root = tmp_path / "symshop"
    shutil.copytree(SYMSHOP, root)
    config = HEADER + textwrap.dedent(contracts)
    (root / "pyproject.toml").write_text(config, encoding="utf-8")
    for rel, text in (files or {}).items():
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def check(root: Path, *args: str) -> Checked:
    """``archfit check ROOT --format json --no-cache``, parsed."""
    result = CliRunner().invoke(
        main, ["check", str(root), "--format", "json", "--no-cache", *args], catch_exceptions=False
    )
    assert result.exit_code in (0, 1), result.stderr
    return Checked(result.exit_code, json.loads(result.stdout))

"""CBX008 middle-man: a class most of whose methods delegate to an attribute of self."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import found, make_repo

HEAD = "class OrderService:\n    def __init__(self, repo):\n        self._repo = repo\n\n"
DELEGATES = (
    "    def save(self, order):\n        return self._repo.save(order)\n\n"
    "    def get(self, key):\n        return self._repo.get(key)\n\n"
    "    def delete(self, key):\n        return self._repo.delete(key)\n\n"
)
OWN = "    def total(self, key):\n        return sum(self._repo.get(key).values())\n"


def _repo(root: Path, methods: str) -> Path:
    files = {"mmshop/__init__.py": "", "mmshop/service.py": HEAD + methods}
    return make_repo(root, files)


def test_three_of_four_delegating_is_reported(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, DELEGATES + OWN), "CBX008") == [
        ("CBX008", "mmshop.service.OrderService")
    ]


def test_two_of_four_delegating_is_fine(tmp_path: Path, run_cli: Any) -> None:
    methods = DELEGATES.replace("self._repo.delete(key)", "self._repo.delete(key.strip())")
    assert found(run_cli, _repo(tmp_path, methods + OWN), "CBX008") == []

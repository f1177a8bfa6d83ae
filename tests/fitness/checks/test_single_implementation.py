"""CBX005 single-implementation: an ABC or Protocol that only one class implements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import found, make_repo

PORTS = (
    "from abc import ABC, abstractmethod\nfrom typing import Protocol\n\n\n"
    "class Notifier(ABC):\n    @abstractmethod\n    def send(self, message): ...\n\n\n"
    "class Clock(Protocol):\n    def now(self): ...\n"
)


def _repo(root: Path, adapters: str) -> Path:
    files = {"sishop/__init__.py": "", "sishop/ports.py": PORTS, "sishop/adapters.py": adapters}
    return make_repo(root, files)


ONE_EACH = (
    "from sishop.ports import Clock, Notifier\n\n\nclass Email(Notifier):\n"
    "    def send(self, message):\n        return message\n\n\n"
    "class SystemClock(Clock):\n    def now(self):\n        return 0\n"
)
TWO_EACH = ONE_EACH + (
    "\n\nclass Sms(Notifier):\n    def send(self, message):\n        return message\n\n\n"
    "class FixedClock:\n    def now(self):\n        return 1\n"
)


def test_one_implementation_each_is_reported(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, ONE_EACH), "CBX005") == [
        ("CBX005", "sishop.ports.Notifier"),
        ("CBX005", "sishop.ports.Clock"),
    ]


def test_two_implementations_each_are_fine(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, TWO_EACH), "CBX005") == []

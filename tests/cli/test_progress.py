"""Progress goes to a terminal's stderr only, never to CI logs or pipes."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest

from fitness.cli import common


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.delenv("CI", raising=False)
    assert common.terminal_progress() is None


def test_no_progress_in_ci_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", _Tty())
    monkeypatch.setenv("CI", "true")
    assert common.terminal_progress() is None


def test_progress_line_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = _Tty()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.delenv("CI", raising=False)
    show: Any = common.terminal_progress()
    assert show is not None
    show(10, 883)  # too early: short runs stay quiet
    show(883, 883)
    line = "archfit: parsed 883/883 files"
    assert stream.getvalue() == f"\r{' ' * len(line)}\r"  # erased: nothing left on screen

"""The graph-level parts of earlier runs a run keeps beside its own (``fitness.engine.parts``):
newest first, within a count and within as many characters as the run's own parts, so that
a large tree's guarded parts (every witness, megabytes each) cannot grow the record without
bound."""

from __future__ import annotations

import pytest

from fitness.engine import parts


def test_older_parts_are_kept_newest_first_and_never_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts this run holds are not kept again; the others keep the order they were read in."""
    monkeypatch.setattr(parts, "_KEPT_GRAPH", 2)
    old = {"a": "1", "b": "2", "c": "3", "d": "4"}
    assert parts._older(old, {"b": "new"}) == {"a": "1", "c": "3"}


def test_older_parts_stop_at_the_run_s_own_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Within as many characters as this run's parts hold: the first that would pass them
    stops the keeping (the older ones behind it go too)."""
    monkeypatch.setattr(parts, "_KEPT_GRAPH_CHARS", 4)
    new = {"now": "x" * 10}
    old = {"a": "y" * 6, "b": "y" * 5, "c": "y"}
    assert parts._older(old, new) == {"a": "y" * 6}


def test_a_small_run_keeps_up_to_the_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run whose own parts are small still keeps ``_KEPT_GRAPH_CHARS`` of older ones."""
    monkeypatch.setattr(parts, "_KEPT_GRAPH_CHARS", 8)
    old = {"a": "y" * 4, "b": "y" * 4, "c": "y"}
    assert parts._older(old, {"now": "x"}) == {"a": "y" * 4, "b": "y" * 4}

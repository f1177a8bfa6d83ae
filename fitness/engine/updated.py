"""Graph-level parts that follow the change (ADR-0020, issue #18's own-imports row).

A part stored under its keys is reused only when every view it reads (or its narrower
views) is the same in every file. A check that can bring its hits up to date from those of
the run before (``Narrowing.updates``: the import cycles) keeps, beside the parts, one
record per rule and layout: its hits and its state (``Updates.state``), stamped with what
they were computed from, the digest of the layout, every path in order and every file's
content key (``Columns``). The next run whose stored columns carry that stamp knows which
files moved since (``columns.moved``), and asks the check for its hits and state from the
stored ones and the modules of those files; the check answers only when they are the ones a
computation gives (else it computes). Facts are a function of their content keys and the
layout, so the stamp names every input of the stored hits and state.
"""

from __future__ import annotations

from analyzer import codec
from archfit_values import frozen
from fitness.checks.base import Hit, State
from fitness.engine.reuse import decoded, digest

_HITS = tuple[Hit, ...]


@frozen
class Updated:
    """A rule's hits and state, as ``codec`` encoded each, for the facts of a stamp."""

    state: str
    part: str


def slot(rule: str, layout: str) -> str:
    """Where a rule's ``Updated`` record is kept among the graph-level parts."""
    return digest(rule, "updated", layout)


def stamp(files: str, keys: list[str] | tuple[str, ...]) -> str:
    """What a record was computed from: the layout and paths (``files``) and each file's
    content key, in the facts' order."""
    return digest(files, *keys)


def updated_text(stamped: str, state: State, hits: _HITS) -> str:
    """A record as the parts keep it: its stamp, a space, the record encoded."""
    return f"{stamped} {codec.dumps(Updated(codec.dumps(state), codec.dumps(hits)))}"


def stored_updated(text: str | None, stamped: str) -> tuple[_HITS, State] | None:
    """The hits and state of a kept record when its stamp is ``stamped``; None when there is
    none, it is another's, or it does not decode."""
    if text is None or not text.startswith(f"{stamped} "):
        return None
    record = decoded(text[len(stamped) + 1 :], Updated)
    hits = None if record is None else decoded(record.part, _HITS)
    state = None if record is None else decoded(record.state, State)
    return None if hits is None or state is None else (hits, state)


def carried_text(text: str | None, stamps: tuple[str, str], hits: _HITS) -> str | None:
    """A kept record stamped ``stamps[0]`` restamped ``stamps[1]`` with ``hits`` (its state
    written as it was read: decoded only when it is used); None when there is none or it is
    another's."""
    before, now = stamps
    if text is None or not text.startswith(f"{before} "):
        return None
    body = text[len(before) + 1 :]
    record = decoded(body, Updated)
    if record is None:
        return None
    part = codec.dumps(hits)
    if part == record.part:
        return f"{now} {body}"
    return f"{now} {codec.dumps(Updated(record.state, part))}"

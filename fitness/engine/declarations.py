"""The dependency rules' input that no file's facts hold: the stat index of the project's
tree without its modules' sources (ADR-0020, "Declarations"; split out of
``fitness.engine.parts``).

It covers every declaration, lock, dist-info and script those rules read from disk (a
module's imports are its "imports" view). An edit of a module in place leaves it unchanged;
a file added, removed or renamed changes its folder's entry.
"""

from __future__ import annotations

import os
import posixpath

from analyzer.facts import Layout
from analyzer.stat_index import StatIndex, lines_digest, tree_lines
from fitness.engine import stored_run

# What ``setup.py`` declares is read from its bytes even when it is a module's.
_READ_AS_DECLARATION = ("setup.py",)


def declarations_digest(layout: Layout, index: StatIndex | None) -> str | None:
    """The stat index of the layout's root, its modules' sources left out: the run's own
    ``index`` when it covers the folder, else walked now; None when it cannot be indexed."""
    root = os.path.abspath(layout.root)
    prefix = os.path.join(root, "")  # a layout's paths are relative, with "/"
    modules = {
        f"{prefix}{f.path}\0"
        for f in layout.files
        if f.module is not None and posixpath.basename(f.path) not in _READ_AS_DECLARATION
    }
    lines = index.under(root) if index else None
    if lines is None:
        lines = tree_lines(root, racy=stored_run.racy_stamp())
    if lines is None:
        return None
    # A line is "path NUL signature": its path and the NUL, looked up whole.
    return lines_digest([x for x in lines if x[: x.find("\0") + 1] not in modules])

"""Maintainability index equal to radon's ``mi_visit(code, multi=True)``."""

from __future__ import annotations

import math

from analyzer.metrics.model import RawCounts


def maintainability_index(volume: float, complexity: int, raw: RawCounts) -> float:
    """radon's MI from the Halstead volume, its total complexity and the raw counts.

    As radon's ``mi_parameters`` does: the size term is LLOC (not SLOC), and the comment
    share counts multi-line strings as comments, in percent of SLOC. Same operations in the
    same order, so the float is the same.
    """
    comment_lines = raw.comments + raw.multi
    comments = comment_lines / float(raw.sloc) * 100 if raw.sloc != 0 else 0
    return mi_compute(volume, complexity, raw.lloc, comments)


def mi_compute(volume: float, complexity: int, size: int, comments: float) -> float:
    """radon's ``mi_compute``: 100 for an empty module, else the bounded, normalised MI."""
    if volume <= 0 or size <= 0:
        return 100.0
    size_scale = math.log(size)
    volume_scale = math.log(volume)
    comments_scale = math.sqrt(2.46 * math.radians(comments))
    scaled = 171 - 5.2 * volume_scale - 0.23 * complexity - 16.2 * size_scale
    raw_index = scaled + 50 * math.sin(comments_scale)  # radon's left-to-right order
    return min(max(0.0, raw_index * 100 / 171.0), 100.0)

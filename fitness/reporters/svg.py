"""Inline SVG pictures for the HTML report: dependency diagram and matrix, main sequence.

Pure functions of report values returning SVG markup as text, every name from the repository
already escaped (so a template inserts them as they are). Nothing points outside the markup:
no ``url(``, arrowheads are polygons rather than markers. The same input gives the same bytes.
Each picture is a module of ``fitness.reporters.pictures``; this is their front.
"""

from __future__ import annotations

from fitness.reporters.pictures.chart import main_sequence_svg
from fitness.reporters.pictures.diagram import dependency_svg, diagram_note
from fitness.reporters.pictures.markup import common_root, short_labels, text_width
from fitness.reporters.pictures.matrix import matrix_svg

__all__ = [
    "common_root",
    "dependency_svg",
    "diagram_note",
    "main_sequence_svg",
    "matrix_svg",
    "short_labels",
    "text_width",
]

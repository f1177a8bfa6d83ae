"""``one-sentence``: a module whose purpose is not one sentence without "and".

What it does:
    Reads each module's docstring summary (its first paragraph) and reports a module with no
    docstring, a summary of more than ``max_sentences`` sentences, or a summary whose "and"
    joins two purposes: two actions each with its own object ("parse X and send Y"), or two
    unrelated things ("users and billing", "validation and HTML form handling"). What a
    careful reader lets pass passes: "settings and configuration", lists such as "a, b and
    c", "read and write the cache", "classes and functions for X", "X and related tools",
    and anything inside backticks, quotes or parentheses.

Why is this bad?
    The architecture guide asks of every module: can you describe it in one sentence without
    "and"? A module that needs two sentences, or an "and", does two things.

Example:
    ``\"\"\"Parse the order CSV and send the confirmation e-mails.\"\"\"``

Use instead:
    Split the module, or name its one purpose:
    ``\"\"\"Parse the order CSV into Order values.\"\"\"``.

Options:
    ``require_docstring`` (bool, default true): a module with code but no docstring is reported.
    ``max_sentences`` (int, default 1): sentences the summary may hold.
    ``forbid_and`` (bool, default true): report an "and" in the summary.
    ``skip_packages`` (bool, default false): do not judge ``__init__.py`` files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from analyzer.facts import Facts
from analyzer.outline import ModuleOutline
from fitness.checks.base import Hit, Param
from fitness.checks.files import outlined_modules
from fitness.checks.purposes import joins_purposes

_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|etc|vs|cf|approx|incl|no|Mr|Dr)\.", re.IGNORECASE)
_QUOTED = re.compile(r"``?[^`]*``?|\([^)]*\)|\[[^\]]*\]|\"[^\"]*\"|'[^']*'")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z])")


class OneSentenceCheck:
    """Flags modules whose docstring summary is missing, long, or joins purposes."""

    id = "one-sentence"
    scope = "file"  # its hits in a file come from that file's facts alone
    params_schema: Mapping[str, Param] = {
        "require_docstring": Param(bool, True, "report a module with code but no docstring"),
        "max_sentences": Param(int, 1, "sentences the docstring's summary may hold"),
        "forbid_and": Param(bool, True, 'report an "and" joining two phrases in the summary'),
        "skip_packages": Param(bool, False, "do not judge __init__.py files"),
    }

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """At most one hit per module, on its docstring's last line (where a suppression
        comment can follow the closing quotes), line 1 when there is none."""
        hits = []
        for module, parsed, shape in outlined_modules(facts):
            if params["skip_packages"] and parsed.source.is_package:
                continue
            problem = judge_docstring(shape, params)
            if problem:
                line = shape.docstring_line or 1
                hits.append(Hit(module, f"{module}: {problem}", parsed.source.path, line))
        return hits


def judge_docstring(shape: ModuleOutline, params: Mapping[str, Any]) -> str:
    """What is wrong with a module's docstring, or "" when nothing is."""
    if shape.docstring is None or not shape.docstring.strip():
        if shape.statements and params["require_docstring"]:
            return "no module docstring says what it is for"
        return ""
    text = summary(shape.docstring)
    plain = _QUOTED.sub("", _ABBREVIATIONS.sub("", text))
    sentences = len(_SENTENCE_END.findall(plain.strip())) + 1
    if sentences > int(params["max_sentences"]):
        return f"the docstring's summary is {sentences} sentences, not one: {_short(text)}"
    if params["forbid_and"] and joins_purposes(plain):
        return f'the docstring\'s summary joins purposes with "and": {_short(text)}'
    return ""


def summary(docstring: str) -> str:
    """The first paragraph, on one line."""
    paragraph = docstring.strip().split("\n\n", 1)[0]
    return " ".join(paragraph.split())


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."

"""reStructuredText ADRs: section titles, ``:Status:`` field lists, ``.. code:: fitness``."""

from __future__ import annotations

import re

from fitness.adr.markdown import Fence, Heading, MdDoc
from fitness.adr.model import Reference
from fitness.adr.text import FrontMatter

_ADORNMENT = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")
_DIRECTIVE = re.compile(r"^\.\.\s+(?:code-block|code|sourcecode)::\s*(\S*)\s*$")
_LITERAL = re.compile(r"``([^`\n]+)``")


def rst_document(text: str) -> MdDoc:
    """The RST file in the shape the shared field readers use (titles as headings)."""
    lines = text.split("\n")
    doc = MdDoc(lines, FrontMatter())
    hidden = _titles(doc) | _blocks(doc)
    doc.prose = [n for n in range(1, len(lines) + 1) if n not in hidden]
    return doc


def _titles(doc: MdDoc) -> set[int]:
    """Section titles: a line underlined (and maybe overlined) by one repeated character."""
    levels: list[str] = []
    hidden: set[int] = set()
    lines = doc.lines
    for i in range(1, len(lines)):
        under, title = lines[i], lines[i - 1].strip()
        if not _ADORNMENT.match(under) or not title or _ADORNMENT.match(lines[i - 1]):
            continue
        over = i >= 2 and lines[i - 2].strip() == under.strip()
        style = ("o" if over else "u") + under.strip()[0]
        if style not in levels:
            levels.append(style)
        doc.headings.append(Heading(levels.index(style) + 1, title, i))
        hidden |= {i, i + 1} | ({i - 1} if over else set())
    return hidden


def _blocks(doc: MdDoc) -> set[int]:
    """Directive bodies and ``::`` literal blocks are code; a ``fitness`` one is a Fence."""
    hidden: set[int] = set()
    lines = doc.lines
    for i, line in enumerate(lines):
        match = _DIRECTIVE.match(line.strip())
        if not match and not line.rstrip().endswith("::"):
            continue
        body = _indented_body(lines, i + 1)
        hidden |= {n + 1 for n in body}
        if match and match.group(1) == "fitness" and body:
            indent = len(lines[body[0]]) - len(lines[body[0]].lstrip())
            content = "\n".join(lines[n][indent:] for n in range(body[0], body[-1] + 1))
            doc.fences.append(Fence("fitness", content + "\n", body[0] + 1))
    return hidden


def _indented_body(lines: list[str], start: int) -> list[int]:
    """0-based indices of the indented block after a directive (options and blanks skipped)."""
    body: list[int] = []
    for n in range(start, len(lines)):
        if lines[n].strip() and not lines[n].startswith((" ", "\t")):
            break
        if lines[n].strip() and not lines[n].strip().startswith(":"):
            body.append(n)
    return body


def rst_references(doc: MdDoc) -> list[Reference]:
    """Every ````literal```` span in prose, with its line."""
    return [
        Reference(match.group(1).strip(), number)
        for number in doc.prose
        for match in _LITERAL.finditer(doc.line(number))
    ]

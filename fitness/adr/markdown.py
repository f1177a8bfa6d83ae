"""A Markdown ADR's structure from markdown-it-py: headings, sections, fences, prose lines."""

from __future__ import annotations

import functools
import re
from dataclasses import field
from typing import TYPE_CHECKING

from archfit_values import frozen, mutable
from fitness.adr.model import Criterion, Reference
from fitness.adr.text import FrontMatter, front_matter

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_CHECKBOX = re.compile(r"^\s*[-*+]\s+\[([ xX])\]\s*(.*)$")
_BACKTICKS = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


@frozen
class Heading:
    """A heading: level, plain text and 1-based line."""

    level: int
    text: str
    line: int


@frozen
class Fence:
    """A fenced code block: info string, content and the line its content starts on."""

    info: str
    content: str
    line: int


@mutable
class MdDoc:
    """An ADR's lines (1-based via ``line()``), front matter, headings, fences and prose."""

    lines: list[str]
    front: FrontMatter
    headings: list[Heading] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    prose: list[int] = field(default_factory=list)  # lines outside code, HTML and front matter

    def line(self, number: int) -> str:
        """The text of a 1-based line."""
        return self.lines[number - 1]

    def section(self, *names: str) -> tuple[Heading, list[int]] | None:
        """The first section whose heading is one of ``names`` (lowercase), and its prose."""
        for i, heading in enumerate(self.headings):
            if heading.text.lower().rstrip(":") in names:
                end = next(
                    (h.line for h in self.headings[i + 1 :] if h.level <= heading.level),
                    len(self.lines) + 1,
                )
                return heading, [n for n in self.prose if heading.line < n < end]
        return None

    def header_zone(self) -> list[int]:
        """Prose lines before the first heading below the title: where metadata lives."""
        second = next((h.line for h in self.headings[1:]), len(self.lines) + 1)
        return [n for n in self.prose if n < second]


@functools.cache
def _parser() -> MarkdownIt:
    """markdown-it, imported (30 ms) when the first ADR is read: most runs have none."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def parse_markdown(text: str) -> MdDoc:
    """Tokenise with markdown-it; the front matter is read first and masked out."""
    lines = text.split("\n")
    front = front_matter(text)
    body = "\n" * front.end + "\n".join(lines[front.end :])
    tokens = _parser().parse(body)
    doc = MdDoc(lines, front)
    hidden: set[int] = set(range(1, front.end + 1))
    for i, token in enumerate(tokens):
        if token.map is None:
            continue
        first, last = token.map[0] + 1, token.map[1]
        if token.type == "heading_open":
            text_token = tokens[i + 1]
            doc.headings.append(Heading(int(token.tag[1]), text_token.content.strip(), first))
        elif token.type in ("fence", "code_block", "html_block"):
            hidden |= set(range(first, last + 1))
            if token.type == "fence":
                doc.fences.append(Fence(token.info.strip(), token.content, first + 1))
    doc.prose = [n for n in range(1, len(lines) + 1) if n not in hidden]
    return doc


def checkboxes(doc: MdDoc) -> list[Criterion]:
    """Every ``- [ ]`` / ``- [x]`` item with its state and the section it sits in."""
    found = []
    for number in doc.prose:
        match = _CHECKBOX.match(doc.line(number))
        if match and match.group(2).strip():
            section = next((h.text for h in reversed(doc.headings) if h.line < number), "")
            found.append(Criterion(match.group(2).strip(), match.group(1) != " ", number, section))
    return found


def backticked(doc: MdDoc) -> list[Reference]:
    """Every single-backticked span in prose, with its line."""
    return [
        Reference(match.group(1).strip(), number)
        for number in doc.prose
        for match in _BACKTICKS.finditer(doc.line(number))
    ]

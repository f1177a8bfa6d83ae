"""Shared reading of an ADR's text: BOM, line endings, front matter, field lines, links."""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any

from archfit_values import mutable
from fitness.adr.model import AdrIssue, AdrLink
from fitness.yaml_lines import LinePath, YamlSyntaxError, load_with_lines


def clean_text(text: str) -> str:
    """Drop a BOM and turn Windows and old-Mac line endings into ``\\n``."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@mutable
class FrontMatter:
    """A ``---`` YAML block at the top of a Markdown file: its data and 1-based lines."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[LinePath, int] = field(default_factory=dict)
    end: int = 0  # the number of lines the block takes (0 when there is none)
    issues: list[AdrIssue] = field(default_factory=list)

    def line(self, *path: str | int) -> int:
        """The line of a key or item, in the file's numbering."""
        return self.lines.get(tuple(path), 1)


def front_matter(text: str) -> FrontMatter:
    """Read a leading ``---`` block with SafeLoader; a broken one is an issue, not a crash."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return FrontMatter()
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return FrontMatter()
    try:
        data, found = load_with_lines("\n".join(lines[1:end]))
    except YamlSyntaxError as exc:
        return FrontMatter(end=end + 1, issues=[AdrIssue(exc.line + 1, f"front matter: {exc}")])
    if not isinstance(data, dict):
        return FrontMatter(end=end + 1)
    shifted = {path: line + 1 for path, line in found.items()}
    return FrontMatter({str(k).lower(): v for k, v in data.items()}, _lower(shifted), end + 1)


def _lower(lines: dict[LinePath, int]) -> dict[LinePath, int]:
    return {
        tuple(p.lower() if isinstance(p, str) and i == 0 else p for i, p in enumerate(path)): n
        for path, n in lines.items()
    }


def field_pattern(keys: str) -> re.Pattern[str]:
    """A field line: ``Status: X``, ``* Status: X``, ``**Status:** X``, ``**Status**: X``,
    ``**Status** X``, ``:Status: X`` (RST); ``keys`` is a regex alternation."""
    bullet = r"^\s*(?:[-*+]\s+)?"
    return re.compile(
        rf"{bullet}(?:(?:\*\*|__)?(?P<k1>{keys})\s*:\s*(?:\*\*|__)?"
        rf"|(?:\*\*|__)(?P<k2>{keys})(?:\*\*|__)\s*:?"
        rf"|:(?P<k3>{keys}):)\s*(?P<value>.*?)\s*$",
        re.IGNORECASE,
    )


def table_value(line: str, key: str) -> str | None:
    """The value beside ``key`` in a Markdown table row ``| Status | Accepted |``."""
    cells = [c.strip().strip("*_ ") for c in line.strip().strip("|").split("|")]
    if len(cells) >= 2 and cells[0].lower() == key:
        return cells[1]
    return None


_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)[^)]*\)")
_NUMBER_REF = re.compile(r"\bADR[-_ #]?(\d+)\b|\[(\d+)\]|^\s*(\d+)\b", re.IGNORECASE)
_LINK_WORDS = (
    ("superseded-by", r"supers?[ce]{1,2}ded\s*(?:-|_)?\s*by"),
    ("amended-by", r"amended\s*(?:-|_)?\s*by"),
    ("refined-by", r"refined\s*(?:-|_)?\s*by"),
    ("supersedes", r"supersedes|supercedes|replaces"),
    ("amends", r"amends"),
    ("refines", r"refines"),
)
# Inside a status ("Accepted (supersedes [ADR-0012](...))") only the unambiguous words count:
# "replaces" is ordinary prose there.
_REMARK_WORDS = re.compile(
    r"\b(?:(?P<superseded_by>supers?[ce]{1,2}ded[-_ ]?by)|(?P<amended_by>amended[-_ ]?by)"
    r"|(?P<refined_by>refined[-_ ]?by)|(?P<supersedes>supersedes|supercedes)"
    r"|(?P<amends>amends)|(?P<refines>refines))\b",
    re.IGNORECASE,
)


_RELATION_LABEL = re.compile(
    r"^(?:related|links?|relations?)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*", re.IGNORECASE
)


def link_targets(text: str) -> list[str]:
    """Every ADR a text points at: Markdown link targets, else ADR numbers."""
    targets = [url for _, url in _MD_LINK.findall(text)]
    if targets:
        return targets
    return [m.group(0).strip("[] ") for m in _NUMBER_REF.finditer(text)]


def links_in(text: str, line: int) -> list[AdrLink]:
    """Links in a relation line that starts with its word, maybe after a ``Related:`` label:
    ``Superseded by [ADR-0009](0009-x.md)``, ``Supersedes: ADR-0003``, ``- Refines [1. X](x.md)``,
    ``- **Related:** Refines [ADR-0002](0002-x.md)``."""
    stripped = re.sub(r"^[\s*_:>-]+", "", text)
    stripped = _RELATION_LABEL.sub("", stripped)
    for kind, words in _LINK_WORDS:
        match = re.match(rf"(?:\*\*|__)?(?:{words})(?:\*\*|__)?\s*:?\s*(.*)$", stripped, re.I)
        if match:
            return [AdrLink(kind, target, line) for target in link_targets(match.group(1))]
    return []


def status_links(text: str, line: int) -> list[AdrLink]:
    """Links anywhere in a status text, remarks included: ``Accepted (supersedes
    [ADR-0012](0012-x.md))``, ``Deprecated; superseded by ADR-7``. Each link word owns the
    text up to the next one."""
    masked = _MD_LINK.sub(lambda m: " " * len(m.group(0)), text)  # words in links are names
    found = list(_REMARK_WORDS.finditer(masked))
    links = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        kind = str(match.lastgroup).replace("_", "-")
        segment = text[match.end() : end].lstrip(" *_:")
        links += [AdrLink(kind, target, line) for target in link_targets(segment)]
    return links


def unmark(text: str) -> str:
    """Inline Markdown removed: links become their text, emphasis and code marks go."""
    text = _MD_LINK.sub(r"\1", text)
    return re.sub(r"[*_`]+", "", text).strip()

"""Templates are not decisions: files named like templates, and files whose title is still a
template's placeholder (MADR's ``{short title of solved problem and solution}``, the guide's
``ADR-XXX: [Title]``, the seed issue template's ``[vX.X] How to [problem]?``).

Text only: the caller reads the file.
"""

from __future__ import annotations

import os
import re

_TEMPLATE_WORD = re.compile(r"(?:^|[-_.])templates?(?:[-_.]|$)", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?:adr[-_ ]?)?(\d+)[-_ .]", re.IGNORECASE)
_ENDS_TEMPLATE = re.compile(r"[-_]templates?$", re.IGNORECASE)
_CURLY = re.compile(r"\{[^{}]*\}")
_BRACKETED = re.compile(r"\[([^\[\]]*)\](?!\()")  # [text] that is not a Markdown link
_PLACEHOLDER_WORDS = re.compile(
    r"\b(?:title|short|problem|solution|decision|name|description|summary|todo|tbd)\b"
    r"|^v?X(?:\.X)+$|^\.\.\.$",
    re.IGNORECASE,
)
_ADR_XXX = re.compile(r"\bADR[-_ #]?(?:X{2,}|N{2,}|#{2,}|\?{2,})(?![A-Za-z0-9])", re.IGNORECASE)
_ADR_TOOLS = re.compile(r"^(?:NUMBER\.?\s*)?TITLE$")  # adr-tools' template: "# NUMBER. TITLE"
_FRONT_TITLE = re.compile(r"""^title\s*:\s*["']?(.*?)["']?\s*$""")
_RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")


def template_name(name: str) -> str:
    """Why a file name says "template" (``template.md``, ``adr-template.md``,
    ``adr-template-minimal.md``, ``madr-template.md``, ``0000-template.md``), or "".

    A numbered file (``0005-use-a-template-engine.md``) is named for its decision; only its
    title can show it is a template. ``0000-*`` files are read the same way: MADR's own
    ``0000-use-markdown-any-decision-records.md`` is a real decision.
    """
    stem = os.path.splitext(name)[0]
    numbered = _NUMBERED.match(stem)
    if numbered and int(numbered.group(1)) != 0:
        return ""
    if _TEMPLATE_WORD.search(stem) or _ENDS_TEMPLATE.search(stem):
        return "named like a template"
    return ""


def placeholder_title(title: str) -> bool:
    """Whether a title is still a template's placeholder: ``{...}``, ``[short title ...]``,
    ``ADR-XXX``, ``[vX.X] How to [problem]?``. ``[v1.2] How to X?`` is a real title."""
    text = title.strip().strip("*_`").strip()
    if not text or _CURLY.search(text) or _ADR_XXX.search(text) or _ADR_TOOLS.match(text):
        return bool(text)
    return any(_PLACEHOLDER_WORDS.search(inner.strip()) for inner in _BRACKETED.findall(text))


def title_of(text: str, rst: bool = False) -> str:
    """The title as written: front matter ``title:``, else the first ``# `` heading (the
    first underlined line in reStructuredText)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    body = _after_front_matter(lines)
    front = lines[: len(lines) - len(body)]
    for line in front:
        match = _FRONT_TITLE.match(line)
        if match and match.group(1).strip():
            return match.group(1).strip()
    if rst:
        return _rst_title(body)
    return next((line[2:].strip() for line in body if line.startswith("# ")), "")


def _after_front_matter(lines: list[str]) -> list[str]:
    if not lines or lines[0].strip() != "---":
        return lines
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    return lines if end is None else lines[end + 1 :]


def _rst_title(lines: list[str]) -> str:
    for index in range(1, len(lines)):
        title = lines[index - 1].strip()
        if title and _RST_UNDERLINE.match(lines[index]) and not _RST_UNDERLINE.match(title):
            return title
    return ""


def skip_reason(name: str, text: str) -> str:
    """Why a file in an ADR folder is a template rather than a decision, or "" for an ADR."""
    by_name = template_name(name)
    if by_name:
        return by_name
    title = title_of(text, rst=name.lower().endswith(".rst"))
    return f"its title is a placeholder: {title}" if placeholder_title(title) else ""

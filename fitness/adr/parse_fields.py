"""Metadata every Markdown and RST format shares: status, date, links, review, options."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from fitness.adr.markdown import MdDoc
from fitness.adr.model import AdrLink, Option
from fitness.adr.status import read_date
from fitness.adr.text import field_pattern, links_in, status_links, table_value, unmark

STATUS = field_pattern("status")
DATE = field_pattern("date|last[- ]updated|decision[- ]date")
DECIDERS = field_pattern("deciders|decision[- ]makers|authors?")
CHOSE = field_pattern("chose|chosen|chosen option|decision")
REVIEW = field_pattern("review[- _]by|review[- _]date|next review|revisit[- _]by")
MIGRATION = field_pattern("migration path|migration")
RATING = field_pattern("complexity|learning value|production readiness")
_OPTION = re.compile(r"^option\s*(\d+)\s*[:.\-\u2013\u2014]\s*(.+)$", re.IGNORECASE)
_RELATION_FIELD = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?"
    r"(?:supersedes|supers?[ce]{1,2}ded[-_ ]by|amends|amended[-_ ]by|refines|refined[-_ ]by)"
    r"(?:\*\*|__)?\s*:",
    re.IGNORECASE,
)
_CHOSEN_OPTION = re.compile(r'^chosen option:?\s*"?([^",]+)"?', re.IGNORECASE)


def first_field(doc: MdDoc, pattern: re.Pattern[str], lines: Iterable[int]) -> tuple[str, int]:
    """The value and line of the first field line matching ``pattern`` among ``lines``."""
    for number in lines:
        match = pattern.match(doc.line(number))
        if match and match.group("value").strip():
            return match.group("value").strip(), number
    return "", 0


def front_text(doc: MdDoc, *keys: str) -> tuple[str, int]:
    """A front matter value as text (dates as ISO), and its line."""
    for key in keys:
        value = doc.front.data.get(key)
        if value not in (None, ""):
            return _text(value), doc.front.line(key)
    return "", 0


def _text(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value).strip()


def status_of(doc: MdDoc) -> tuple[str, int]:
    """Front matter, a header field, a ``Status`` section, a table row, any field line."""
    found = front_text(doc, "status")
    if not found[0]:
        found = first_field(doc, STATUS, doc.header_zone())
    if not found[0]:
        found = _section_first(doc, "status")
    if not found[0]:
        found = _table(doc, "status")
    if not found[0]:
        found = first_field(doc, STATUS, doc.prose)
    return found


def _section_first(doc: MdDoc, *names: str) -> tuple[str, int]:
    section = doc.section(*names)
    if section is None:
        return "", 0
    for number in section[1]:
        text = doc.line(number).strip()
        if text:
            return re.sub(r"^[-*+]\s+", "", text), number
    return "", 0


def _table(doc: MdDoc, key: str) -> tuple[str, int]:
    for number in doc.prose:
        value = table_value(doc.line(number), key)
        if value:
            return value, number
    return "", 0


def date_of(doc: MdDoc, status_raw: str, status_line: int) -> tuple[str, int]:
    """Front matter ``date``, a ``Date:`` line, a table row, else a date in the status."""
    found = front_text(doc, "date", "last-updated", "last_updated")
    if not found[0]:
        found = first_field(doc, DATE, doc.prose)
    if not found[0]:
        found = _table(doc, "date")
    if not found[0] and read_date(status_raw):
        found = (str(read_date(status_raw)), status_line)
    return (unmark(found[0]), found[1]) if found[0] else found


def deciders_of(doc: MdDoc) -> tuple[str, ...]:
    """Who decided: front matter ``deciders`` or a ``Deciders:`` line."""
    text = front_text(doc, "deciders", "decision-makers", "authors")[0]
    text = text or first_field(doc, DECIDERS, doc.header_zone())[0]
    return tuple(d.strip() for d in unmark(text).split(",") if d.strip())


_FRONT_LINKS = {
    "supersedes": "supersedes",
    "superseded-by": "superseded-by",
    "superseded_by": "superseded-by",
    "supersededby": "superseded-by",
    "amends": "amends",
    "amended-by": "amended-by",
    "amended_by": "amended-by",
    "refines": "refines",
    "refined-by": "refined-by",
    "refined_by": "refined-by",
}


def links_of(doc: MdDoc, status_raw: str, status_line: int) -> list[AdrLink]:
    """Supersession, amendment and refinement links where the formats put them: the status
    (its remarks too), front matter, relation lines (``Supersedes: ADR-3``) and the MADR 2
    ``Links`` list (MADR 3's ``More Information`` list too). Other prose is not read: a line
    there that does not start with a link word is just words."""
    links = status_links(status_raw, status_line) + _front_links(doc)
    section = doc.section("status")
    for number in section[1] if section else []:
        links += status_links(doc.line(number), number)
    listed = _section_lines(doc, "links", "related decisions", "more information")
    lines = set(doc.header_zone()) | set(listed)
    lines |= {n for n in doc.prose if _RELATION_FIELD.match(doc.line(n))}
    for number in sorted(lines - {status_line}):
        links += links_in(doc.line(number), number)
    return sorted(set(links))


def _front_links(doc: MdDoc) -> list[AdrLink]:
    links = []
    for key, kind in _FRONT_LINKS.items():
        value = doc.front.data.get(key)
        for item in value if isinstance(value, list) else [value] if value else []:
            links.append(AdrLink(kind, str(item), doc.front.line(key)))
    return links


def _section_lines(doc: MdDoc, *names: str) -> list[int]:
    section = doc.section(*names)
    return section[1] if section else []


def review_of(doc: MdDoc) -> tuple[str, int]:
    """The review date as written: front matter, a ``Review Date`` section, a field line."""
    found = front_text(doc, "review-by", "review_by", "review-date", "review_date", "review")
    if not found[0]:
        found = _section_first(doc, "review date", "review", "review-by", "revisit")
    if not found[0]:
        found = first_field(doc, REVIEW, doc.prose)
    return found


def chosen_of(doc: MdDoc) -> tuple[str, int]:
    """``**Chose:** Option 1 - Name`` (issue template) or MADR's ``Chosen option: "X"``."""
    for number in doc.prose:
        match = _CHOSEN_OPTION.match(unmark(doc.line(number)))
        if match:
            return match.group(1).strip(), number
    value, line = first_field(doc, CHOSE, doc.prose)
    return (unmark(value), line) if value.lower().startswith("option") else ("", 0)


def options_of(doc: MdDoc) -> list[Option]:
    """``### Option N: Name`` headings with their ratings, else MADR's considered options."""
    options = []
    for index, heading in enumerate(doc.headings):
        match = _OPTION.match(unmark(heading.text))
        if match and "[" not in match.group(2):
            end = doc.headings[index + 1].line if index + 1 < len(doc.headings) else 10**9
            ratings = _ratings(doc, heading.line, end)
            options.append(
                Option(match.group(2).strip(), heading.line, int(match.group(1)), ratings)
            )
    return options or _considered(doc)


def _ratings(doc: MdDoc, start: int, end: int) -> tuple[tuple[str, str], ...]:
    found = []
    for number in (n for n in doc.prose if start < n < end):
        match = RATING.match(doc.line(number))
        if match:
            key = next(k for k in ("k1", "k2", "k3") if match.group(k))
            found.append((match.group(key).title(), unmark(match.group("value"))))
    return tuple(found)


def _considered(doc: MdDoc) -> list[Option]:
    section = doc.section("considered options", "options considered", "alternatives considered")
    if section is None:
        return []
    items = [n for n in section[1] if re.match(r"^\s*[-*+]\s+\S", doc.line(n))]
    return [Option(unmark(re.sub(r"^\s*[-*+]\s+", "", doc.line(n))), n) for n in items]


def migration_of(doc: MdDoc) -> str:
    """The ``**Migration Path:**`` text (the field's value and the prose under it)."""
    match = next(((n, m) for n in doc.prose if (m := MIGRATION.match(doc.line(n)))), None)
    if match is None:
        return _section_text(doc, "migration path", "migration")
    line, value = match[0], match[1].group("value")
    text = [value.strip()]
    for number in (n for n in doc.prose if n > line):
        current = doc.line(number).strip()
        if current.startswith(("#", "**")) or (not current and any(text[1:])):
            break
        text.append(current)
    return " ".join(t for t in text if t).strip()


def _section_text(doc: MdDoc, *names: str) -> str:
    section = doc.section(*names)
    if section is None:
        return ""
    return " ".join(doc.line(n).strip() for n in section[1] if doc.line(n).strip())

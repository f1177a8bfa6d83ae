"""Status words, ADR numbers and ids, and review dates: the vocabulary every format shares."""

from __future__ import annotations

import calendar
import datetime
import re

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "accepted": (
        "accepted",
        "accept",
        "adopted",
        "approved",
        "decided",
        "agreed",
        "implemented",
        "implementing",
        "completed",
        "complete",
        "done",
        "active",
        "valid",
        "in effect",
    ),
    "proposed": (
        "proposed",
        "proposal",
        "draft",
        "pending",
        "open",
        "in review",
        "under review",
        "rfc",
        "wip",
    ),
    "superseded": ("superseded", "superceded", "superseeded", "replaced"),
    "deprecated": ("deprecated", "archived", "obsolete", "retired"),
    "rejected": ("rejected", "declined", "withdrawn", "abandoned"),
}
_WORDS = {word: status for status, words in _SYNONYMS.items() for word in words}
_FIRST = re.compile(r"[a-z]+(?:\s+(?:review|effect))?")


def normalize_status(raw: str) -> str:
    """The normalised status of a raw status text; the first status word decides."""
    text = re.sub(r"[*_`\[\]#>~\"']", " ", raw.lower()).strip()
    match = _FIRST.search(text)
    if match is None:
        return "unknown"
    phrase = match.group(0)
    if phrase in _WORDS:
        return _WORDS[phrase]
    return _WORDS.get(phrase.split()[0], "unknown")


_FILE_NUMBER = re.compile(r"^(?:adr[-_ ]?)?(\d+)(?=[-_ .]|$)", re.IGNORECASE)
_LOG4BRAINS = re.compile(r"^(\d{8})-[\w.-]+$")


def file_number(stem: str) -> tuple[int | None, str, str]:
    """(number, number as written, slug id) from a file stem; log4brains stems are ids."""
    match = _LOG4BRAINS.match(stem)
    if match and _is_date(match.group(1)):
        return None, "", stem
    match = _FILE_NUMBER.match(stem)
    if match is None:
        return None, "", ""
    return int(match.group(1)), match.group(1), ""


def _is_date(digits: str) -> bool:
    try:
        datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return 1990 <= int(digits[:4]) <= 2100


_TITLE_NUMBER = (
    re.compile(r"^ADR[-_ #]?(\d+)\s*[:.\-\u2013\u2014]?\s*(.*)$", re.IGNORECASE),
    re.compile(r"^(\d+)[.:]\s+(.*)$"),
)


def split_title(title: str) -> tuple[int | None, str]:
    """``ADR-007: Use X`` / ``3. Use X`` -> (7, "Use X"); other titles have no number."""
    for pattern in _TITLE_NUMBER:
        match = pattern.match(title.strip())
        if match:
            return int(match.group(1)), match.group(2).strip() or title.strip()
    return None, title.strip()


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_ISO = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{4})\b")


def read_date(text: str) -> datetime.date | None:
    """A date archfit can read (``YYYY-MM-DD``, ``YYYY-MM``, ``Month YYYY``); a month is its
    last day. Prose such as "after 3 months" is None."""
    match = _ISO.search(text)
    if match:
        return _safe_date(int(match.group(1)), int(match.group(2)), match.group(3))
    for match in _MONTH_YEAR.finditer(text):
        month = _MONTHS.get(match.group(1).lower())
        if month:
            return _safe_date(int(match.group(2)), month, None)
    return None


def _safe_date(year: int, month: int, day: str | None) -> datetime.date | None:
    try:
        if day is None:
            return datetime.date(year, month, calendar.monthrange(year, month)[1])
        return datetime.date(year, month, int(day))
    except ValueError:
        return None


def adr_id(number_text: str, slug: str, stem: str) -> str:
    """``ADR-`` plus the number as written in the file name, else the log4brains slug."""
    if number_text:
        return f"ADR-{number_text}"
    return slug or stem

"""Read every ADR of a repository; an unreadable or undecodable file is an ADR006 issue."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from analyzer.bounded import MAX_TEXT_BYTES, read_bounded_text
from analyzer.repository import repository_boundary
from fitness.adr.discovery import find_adr_files
from fitness.adr.model import Adr, AdrIssue
from fitness.adr.parse import parse_adr
from fitness.adr.status import adr_id, file_number


def load_adrs(root: str, adr_dirs: Sequence[str] | None = None) -> tuple[Adr, ...]:
    """Every ADR under ``root``, sorted by path; never raises on a bad file."""
    return tuple(read_adr(root, path) for path in find_adr_files(root, adr_dirs))


def read_adr(root: str, path: str) -> Adr:
    """One ADR file parsed; a file that cannot be read or parsed still yields an Adr."""
    try:
        full = str(Path(root) / path)
        text = read_bounded_text(full, MAX_TEXT_BYTES, repository_boundary(root))
    except OSError as exc:
        return _broken(path, f"cannot read the ADR: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        return _broken(path, f"cannot read the ADR: {exc}")
    try:
        return parse_adr(path, text)
    except (ValueError, RecursionError) as exc:  # a parser limit, never a crash
        return _broken(path, f"cannot parse the ADR: {exc}")


def _broken(path: str, message: str) -> Adr:
    stem = PurePosixPath(path).stem
    number, number_text, slug = file_number(stem)
    return Adr(
        path,
        "unknown",
        adr_id(number_text, slug, stem),
        stem,
        number,
        number_text,
        issues=(AdrIssue(1, message),),
    )

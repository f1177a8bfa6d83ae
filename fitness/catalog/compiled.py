"""archfit's bundled rule files, read ahead of time: ``compiled.json`` beside them.

Every computed run reads the bundled packs and built-in rules (seven YAML files). Parsing
them, and importing PyYAML to do it, cost a run 25 to 30 ms, a tenth of an edit run on
Django. ``compiled.json`` holds what ``fitness.yaml_lines.load_with_lines`` gives for each of
them (the value and the line of every key and item), with the SHA-256 of the text it was read
from. A rule file is taken from it only while its text still has that digest: an edited rule
file is read as YAML again, so the data can never be stale, only slower. A test rebuilds the
file and compares; ``python -c "from fitness.catalog.compiled import main; main()"`` writes it
again.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from analyzer.bounded import MAX_TEXT_BYTES, read_bounded_text
from fitness.yaml_lines import LinePath, load_with_lines

COMPILED_FILE = "compiled.json"
Read = tuple[Any, dict[LinePath, int]]  # a document's value and its lines


@functools.cache
def bundled_pack_dir() -> Path:
    """``fitness/catalog/packs`` in an installed wheel, else ``rules/`` beside the source tree.

    Found once per process: where archfit is installed does not move while it runs, and a
    computed run asks 20 times (each a ``resolve``, 0.6 ms of an edit run on Django)."""
    here = Path(__file__).resolve().parent
    installed = here / "packs"
    return installed if installed.is_dir() else here.parent.parent / "rules"


def compiled_read(folder: Path, name: str, text: str) -> Read | None:
    """The stored read of ``name`` (relative to the bundled ``folder``, ``/``-separated)
    when ``text`` is still what it was read from; None otherwise. Each read is a value of its
    own, as the YAML reader gives (the stored one is kept for the process)."""
    entry = _entries(str(folder)).get(name)
    if entry is None or entry[0] != _digest(text):
        return None
    return copy.deepcopy(entry[1]), {tuple(path): line for path, line in entry[2]}


@functools.cache
def _entries(folder: str) -> dict[str, list[Any]]:
    """``compiled.json`` of ``folder``: name -> [digest, value, [[path, line], ...]]; empty
    when it is missing or unreadable (every file is then read as YAML)."""
    try:
        entries = json.loads(read_bounded_text(str(Path(folder) / COMPILED_FILE), MAX_TEXT_BYTES))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def rule_files(folder: Path) -> list[str]:
    """The bundled rule files: the packs and the built-in rules, relative to ``folder``."""
    found = [*folder.glob("*.yaml"), *(folder / "builtin").glob("*.yaml")]
    return sorted(path.relative_to(folder).as_posix() for path in found)


def compiled_text(folder: Path) -> str:
    """What ``compiled.json`` should hold for the rule files of ``folder``; ValueError when
    one of them holds a value JSON does not give back as it is (a date, say)."""
    entries: dict[str, list[Any]] = {}
    for name in rule_files(folder):
        text = read_bounded_text(str(folder / name), MAX_TEXT_BYTES)
        value, lines = load_with_lines(text)
        stored = [[list(path), line] for path, line in sorted(lines.items(), key=repr)]
        entry = [_digest(text), value, stored]
        try:
            kept = repr(json.loads(json.dumps(entry))) == repr(entry)
        except TypeError:  # a value JSON has no type for
            kept = False
        if not kept:
            raise ValueError(f"{name}: a value JSON cannot store as it is")
        entries[name] = entry
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def main() -> None:
    """Write ``compiled.json`` beside the bundled rule files of this source tree."""
    folder = bundled_pack_dir()
    (folder / COMPILED_FILE).write_text(compiled_text(folder), encoding="utf-8")

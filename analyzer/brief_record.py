"""The briefs of a project's files in one record (ADR-0020, the edit path).

A warm run after an edit needs a brief of every unchanged file (``analyzer.deferred``). Read
from the facts database, that was a row of the ``files`` table and one of ``briefs`` per file,
each MAC'd and decoded on its own (27 ms on Django's 884 files). This record holds, for every
file of the last run, what finding its brief takes: its stat signature, its content key,
its module and package flag, and its brief (empty when it holds nothing but the file: no
problem, blind spot, suppression comment or missing import, as most files). It is one file,
``.archfit_cache/briefs.json``, sealed with one MAC over archfit's version, the facts' shape
and the module index every brief's missing imports were found against: a record of another
index, version, user or tree is not read, and a file whose signature, module or package
flag is not the recorded one is looked up in the database as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from analyzer.records import read_json_record, write_json_record

BRIEFS_FILE = "briefs.json"
# path -> [stat signature, content key, module or None, is package, brief text or ""]
Entry = list[object]


def read_briefs(folder: str, stamp: str) -> dict[str, Entry]:
    """The record in the cache ``folder`` sealed with ``stamp`` (archfit's version, the facts'
    shape, the module index); none when there is none, or it is not archfit's own."""
    return cast("dict[str, Entry]", read_json_record(folder, BRIEFS_FILE, stamp))


def entry(record: Mapping[str, Entry], path: str) -> tuple[str, str, str | None, bool, str] | None:
    """The recorded entry of ``path``, when it has the shape ``write_briefs`` gives it."""
    found = record.get(path)
    if type(found) is not list or len(found) != 5:
        return None
    signature, key, module, package, brief = found
    if type(signature) is not str or type(key) is not str or type(brief) is not str:
        return None
    if (module is not None and type(module) is not str) or type(package) is not bool:
        return None
    return signature, key, module, package, brief


def write_briefs(folder: str, stamp: str, record: Mapping[str, Entry]) -> None:
    """Keep ``record`` in the cache ``folder`` (when it is archfit's own), sealed with
    ``stamp``; never fatal."""
    write_json_record(folder, BRIEFS_FILE, stamp, record)

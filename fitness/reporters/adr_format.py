"""``archfit adr list/show/explain``: pure functions of ADR value objects (table or JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from fitness.reporters.json_format import SCHEMA_VERSION, adr_data
from fitness.results.findings import AdrDetail, AdrSummary

_LIST_HEADERS = ("number", "title", "status", "date", "rules", "violations")
_TITLE_WIDTH = 60


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _short(text: str, width: int = _TITLE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _number(adr: AdrSummary) -> str:
    return adr.id if adr.number is None else str(adr.number)


def _folder(adr: AdrSummary) -> str:
    return adr.path.rsplit("/", 1)[0] if "/" in adr.path else "."


def list_table(adrs: Sequence[AdrSummary], skipped: Sequence[tuple[str, str]] = ()) -> str:
    """The ADR index as an aligned table (``no ADRs found`` when there are none), with a
    ``folder`` column when the ADRs sit in several folders (numbers repeat across them), and
    the skipped templates when given (``--verbose``)."""
    text = _table(adrs) if adrs else "no ADRs found\n"
    if skipped:
        text += f"\nskipped, not decisions ({len(skipped)}):\n"
        text += "".join(f"  {path}  ({reason})\n" for path, reason in skipped)
    return text


def _table(adrs: Sequence[AdrSummary]) -> str:
    folders = len({_folder(a) for a in adrs}) > 1
    headers = (("folder",) if folders else ()) + _LIST_HEADERS
    rows = [headers] + [
        ((_folder(a),) if folders else ())
        + (_number(a), _short(a.title), a.status, a.date, str(a.rules), str(a.violations))
        for a in adrs
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(headers))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def list_json(adrs: Sequence[AdrSummary], skipped: Sequence[tuple[str, str]] | None = None) -> str:
    """``{"schema_version": 1, "adrs": [...]}`` with the keys of ``check --format json``, and
    ``skipped`` templates (path, reason) when asked for (``--verbose``)."""
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "adrs": [adr_data(a) for a in adrs]}
    if skipped is not None:
        data["skipped"] = [{"path": path, "reason": reason} for path, reason in skipped]
    return _dump(data)


def _detail_data(detail: AdrDetail) -> dict[str, Any]:
    return adr_data(detail.summary) | {
        "format": detail.format,
        "fields": {label: value for label, value in detail.fields},
        "declared_rules": [{"line": line, "rule": text} for line, text in detail.rules],
        "drift": [
            {
                "code": f.code,
                "name": f.name,
                "severity": f.severity.value,
                "message": f.message,
                "path": f.path,
                "line": f.line,
            }
            for f in detail.findings
        ],
    }


def show_json(detail: AdrDetail) -> str:
    """One ADR as parsed, with its drift findings, as JSON."""
    return _dump({"schema_version": SCHEMA_VERSION, "adr": _detail_data(detail)})


def show_table(detail: AdrDetail) -> str:
    """One ADR as parsed: its fields, its declared rules and its drift, for a person."""
    adr = detail.summary
    lines = [f"{adr.id}: {adr.title}", f"  path:    {adr.path}", f"  format:  {detail.format}"]
    lines += [f"  {label + ':':<8} {value}" for label, value in detail.fields if value]
    lines += ["", f"Rules ({len(detail.rules)})"]
    lines += [f"  line {line}: {text}" for line, text in detail.rules] or ["  none"]
    lines += ["", f"Drift ({len(detail.findings)})"]
    lines += [
        f"  {f.path}:{f.line} {f.code} {f.name} [{f.severity.value}] {f.detail or f.message}"
        for f in detail.findings
    ] or ["  none"]
    return "\n".join(lines) + "\n"


def explain_text(path: str, details: Sequence[AdrDetail]) -> str:
    """The decisions governing ``path``, accepted first, each with why it governs it."""
    if not details:
        return f"no active decision governs {path}\n"
    lines = [f"Decisions governing {path}:"]
    for detail in details:
        adr = detail.summary
        lines.append(f"  {adr.id} [{adr.status}] {adr.title} ({adr.path})")
        lines += [f"      {reason}" for reason in detail.reasons]
    return "\n".join(lines) + "\n"


def explain_json(path: str, details: Sequence[AdrDetail]) -> str:
    """The decisions governing ``path`` as JSON, each with its reasons."""
    items = [adr_data(d.summary) | {"reasons": list(d.reasons)} for d in details]
    return _dump({"schema_version": SCHEMA_VERSION, "path": path, "adrs": items})

"""Turn configuration documents into a Config, reporting every problem at once."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from analyzer.bounded import is_inside
from analyzer.discovery import pattern_error
from analyzer.graph import GraphOptions
from analyzer.repository import repository_boundary
from fitness import catalog
from fitness.config.model import DEFAULT_BASELINE, Config, RuleOverride
from fitness.config.sources import Document
from fitness.contracts.base import ContractSpec, FieldKind, FieldSpec
from fitness.contracts.registry import CONTRACT_TYPES, fields_of
from fitness.exceptions import ConfigError, ConfigIssue
from fitness.findings import Source

SEVERITIES = ("off", "error", "warning", "info")
_LIST_KEYS = ("source_roots", "root_packages", "exclude", "packs", "adr_dirs")
_BOOL_KEYS = (
    "include_external_packages",
    "exclude_type_checking_imports",
    "include_dynamic_imports",
)
TOP_KEYS = (*_LIST_KEYS, *_BOOL_KEYS, "baseline", "rules", "budgets", "contracts")
_CONTRACT_META = ("id", "name", "type")


@dataclass
class _Issues:
    """Collects problems with their file and line."""

    doc: Document
    found: list[ConfigIssue] = field(default_factory=list)

    def add(self, path: tuple[str | int, ...], message: str) -> None:
        self.found.append(ConfigIssue(self.doc.path, self.doc.line_of(*path), message))


def build_config(documents: list[Document], root: str = ".") -> Config:
    """Validate every document; raise ConfigError listing all problems, else return the Config.

    Rule packs are loaded first (from ``root``), so rule overrides can name pack rules.
    """
    packs, issues = _load_packs(documents, root)
    known = catalog.Catalog(packs)
    values: dict[str, Any] = {"paths": tuple(d.path for d in documents), "loaded_packs": packs}
    contracts: list[ContractSpec] = []
    warnings: list[str] = []
    for doc in documents:
        collector = _Issues(doc)
        if doc.kind == "archfit":
            _archfit(doc, collector, values, contracts, known)
            _paths_inside(doc, collector, root)
        else:
            _importlinter(doc, collector, values, contracts, warnings)
        issues += collector.found
    issues += _duplicate_ids(contracts)
    if issues:
        raise ConfigError(issues)
    return Config(contracts=tuple(contracts), warnings=tuple(warnings), **values)


def _load_packs(
    documents: list[Document], root: str
) -> tuple[tuple[catalog.Pack, ...], list[ConfigIssue]]:
    """The packs the archfit document lists (every bundled pack when it lists none)."""
    listed = next((d.data.get("packs") for d in documents if d.kind == "archfit"), None)
    if listed is not None and not _is_string_list(listed):
        listed = None  # reported with its line by _archfit
    try:
        return catalog.load_packs(listed, root), []
    except ConfigError as exc:
        return (), list(exc.issues)


def _is_string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _archfit(
    doc: Document,
    issues: _Issues,
    values: dict[str, Any],
    contracts: list[ContractSpec],
    known: catalog.Catalog,
) -> None:
    data = doc.data
    for key in sorted(set(data) - set(TOP_KEYS)):
        issues.add((key,), f"unknown key {key!r}; valid keys: {', '.join(TOP_KEYS)}")
    for key in _LIST_KEYS:
        if key in data and (items := _string_list(data[key], (key,), issues)) is not None:
            values[key] = tuple(items)
    _check_patterns(values.get("exclude", ()), issues)
    for key in _BOOL_KEYS:
        if key in data:
            if isinstance(data[key], bool):
                values[key] = data[key]
            else:
                issues.add((key,), f"{key} must be true or false, not {data[key]!r}")
    values["baseline"] = _text(data.get("baseline", DEFAULT_BASELINE), ("baseline",), issues)
    values["rules"] = _rules(data.get("rules", {}), issues, known)
    values["budgets"] = _budgets(data.get("budgets", {}), issues)
    options = GraphOptions(
        exclude_type_checking=values.get("exclude_type_checking_imports", False),
        include_dynamic=values.get("include_dynamic_imports", True),
        include_external=values.get("include_external_packages", True),
    )
    raw = data.get("contracts", [])
    if not isinstance(raw, list):
        issues.add(
            ("contracts",), "contracts must be a list of tables ([[tool.archfit.contracts]])"
        )
        return
    for index, item in enumerate(raw):
        spec = _contract(item, index, issues, "config", options, strict=True)
        if spec is not None:
            contracts.append(spec)


def _paths_inside(doc: Document, issues: _Issues, root: str) -> None:
    """ADR folders and the baseline must resolve inside the repository: a pull request must not
    make archfit read ``/`` or write a baseline elsewhere (``--baseline`` on the command line
    may name any path)."""
    boundary = repository_boundary(root)
    folders = doc.data.get("adr_dirs")
    for index, folder in enumerate(folders if isinstance(folders, list) else []):
        if isinstance(folder, str) and not is_inside(os.path.join(root, folder), boundary):
            message = f"adr_dirs entry {folder!r} is outside the repository {boundary}"
            issues.add(("adr_dirs", index), message)
    baseline = doc.data.get("baseline")
    if isinstance(baseline, str) and not is_inside(os.path.join(root, baseline), boundary):
        issues.add(("baseline",), f"baseline {baseline!r} is outside the repository {boundary}")


def _check_patterns(patterns: tuple[str, ...], issues: _Issues) -> None:
    """Every ``exclude`` pattern must compile: one that cannot would silently exclude nothing."""
    for index, pattern in enumerate(patterns):
        if (problem := pattern_error(pattern)) is not None:
            issues.add(("exclude", index), f"invalid exclude pattern {pattern!r}: {problem}")


def _importlinter(
    doc: Document,
    issues: _Issues,
    values: dict[str, Any],
    contracts: list[ContractSpec],
    warnings: list[str],
) -> None:
    session = doc.data["session"]
    _session_roots(session, issues, values)
    options = GraphOptions(
        exclude_type_checking=_truthy(session.get("exclude_type_checking_imports")),
        include_dynamic=False,  # lint-imports cannot see them; its verdicts must be matched
        include_external=_truthy(session.get("include_external_packages")),
    )
    custom = _custom_types(session.get("contract_types", []))
    raw = doc.data["contracts"]
    if not isinstance(raw, list):
        issues.add(("contracts",), "contracts must be a list of tables")
        return
    for index, item in enumerate(raw):
        kind = item.get("type") if isinstance(item, dict) else None
        if isinstance(kind, str) and _is_custom(kind, custom):
            warnings.append(
                f"{doc.path}:{doc.line_of('contracts', index)}: skipped contract "
                f"{item.get('id') or item.get('name')!r} of custom type {kind!r} "
                "(running it would mean importing its code)"
            )
            continue
        spec = _contract(item, index, issues, "importlinter", options, strict=False)
        if spec is not None:
            contracts.append(spec)


def _session_roots(session: dict[str, Any], issues: _Issues, values: dict[str, Any]) -> None:
    """import-linter's ``root_package`` or ``root_packages``, unless archfit's config names some."""
    key = "root_packages" if "root_packages" in session else "root_package"
    if key not in session:
        issues.add(("session",), "import-linter configuration names no root_package(s)")
        return
    roots = _to_list(session[key], strict=False)
    if isinstance(roots, _Bad) or not roots:
        issues.add(("session", key), f"{key} must name packages, not {session[key]!r}")
    elif "root_packages" not in values:
        values["root_packages"] = tuple(roots)


def _custom_types(raw: Any) -> set[str]:
    entries = [raw] if isinstance(raw, str) else list(raw or [])
    return {str(e).split(":", 1)[0].strip() for e in entries if ":" in str(e)}


def _is_custom(kind: str, custom: set[str]) -> bool:
    """A type registered in ``contract_types``, or a dotted path to a contract class."""
    return kind in custom or (kind not in CONTRACT_TYPES and "." in kind)


def _truthy(value: Any) -> bool:
    """An import-linter session flag: only ``True``/``true`` (TOML booleans included) is on."""
    return str(value) in ("True", "true")


def _contract(
    raw: Any, index: int, issues: _Issues, kind: str, options: GraphOptions, *, strict: bool
) -> ContractSpec | None:
    path = ("contracts", index)
    if not isinstance(raw, dict):
        issues.add(path, f"contract {index + 1} must be a table of options")
        return None
    before = len(issues.found)
    _check_name_and_id(raw, path, issues)
    if not _known_type(raw, path, issues):
        return None
    name, contract_type = str(raw.get("name")), str(raw["type"])
    parsed = _options(raw, path, fields_of(contract_type), issues, strict)
    if len(issues.found) > before:
        return None
    contract_id = str(raw.get("id") or _slug(name))
    source = Source(kind, contract_id, issues.doc.path, issues.doc.line_of(*path))
    lines = {key: issues.doc.line_of(*path, key) for key in raw}
    fix = parsed.pop("how_to_fix", None) or parsed.pop("broken_contract_guidance", None) or ""
    parsed.pop("broken_contract_guidance", None)
    return ContractSpec(contract_id, name, contract_type, parsed, source, lines, fix, options)


def _check_name_and_id(raw: dict[str, Any], path: tuple[str | int, ...], issues: _Issues) -> None:
    """Every contract needs a name; an id, when given, must be usable as one."""
    name = raw.get("name")
    if "name" not in raw:
        issues.add(path, "contract is missing required key 'name'")
    elif not isinstance(name, str) or not name.strip():
        issues.add((*path, "name"), f"name must be a non-empty string, not {name!r}")
    contract_id = raw.get("id")
    if contract_id is not None and (not isinstance(contract_id, str) or not contract_id.strip()):
        issues.add((*path, "id"), f"id must be a non-empty string, not {contract_id!r}")


def _known_type(raw: dict[str, Any], path: tuple[str | int, ...], issues: _Issues) -> bool:
    """Whether the contract names a type archfit knows; if not, say which types it does."""
    valid = ", ".join(CONTRACT_TYPES)
    if "type" not in raw:
        issues.add(path, f"contract is missing required key 'type'; valid types: {valid}")
        return False
    contract_type = raw["type"]
    if isinstance(contract_type, str) and contract_type in CONTRACT_TYPES:
        return True
    issues.add((*path, "type"), f"unknown contract type {contract_type!r}; valid types: {valid}")
    return False


def _options(
    raw: dict[str, Any],
    path: tuple[str | int, ...],
    fields: dict[str, FieldSpec],
    issues: _Issues,
    strict: bool,
) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _CONTRACT_META:
            continue
        spec = fields.get(key)
        if spec is None:
            if strict:
                issues.add(
                    (*path, key),
                    f"unknown option {key!r} for a {raw['type']} contract; "
                    f"valid options: {', '.join(sorted(fields))}",
                )
            continue
        converted = _convert(value, spec.kind, strict)
        if isinstance(converted, _Bad):
            issues.add((*path, key), f"{key} must be {_expected(spec.kind)}, not {value!r}")
        else:
            parsed[key] = converted
    for key, spec in sorted(fields.items()):
        if spec.required and key not in raw:
            issues.add(path, f"{raw['type']} contract is missing required key {key!r}")
    return parsed


def _expected(kind: FieldKind) -> str:
    """What a field holds, as a phrase: ``a boolean``, ``an integer``, ``one of none, ...``."""
    text = kind.value
    if text.startswith("one of"):
        return text
    return ("an " if text[0] in "aeiou" else "a ") + text


class _Bad:
    """A value that does not fit its field."""


def _convert(value: Any, kind: FieldKind, strict: bool) -> Any:
    converter = _CONVERTERS[kind]
    return converter(value, strict)


def _to_list(value: Any, strict: bool) -> Any:
    if isinstance(value, str) and not strict:
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return _Bad()


def _to_text(value: Any, strict: bool) -> Any:
    if isinstance(value, list) and not strict:
        value = "\n".join(str(v) for v in value)
    return value if isinstance(value, str) else _Bad()


def _to_bool(value: Any, strict: bool) -> Any:
    if isinstance(value, bool):
        return value
    if not strict and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"  # import-linter's BooleanField: anything else is an error
    return _Bad()


def _to_int(value: Any, strict: bool) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if not strict and isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return _Bad()


def _to_alert(value: Any, strict: bool) -> Any:
    return value if value in ("none", "warn", "error") else _Bad()


_CONVERTERS: dict[FieldKind, Callable[[Any, bool], Any]] = {
    FieldKind.MODULES: _to_list,
    FieldKind.STRINGS: _to_list,
    FieldKind.TEXT: _to_text,
    FieldKind.BOOL: _to_bool,
    FieldKind.INT: _to_int,
    FieldKind.ALERT: _to_alert,
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "contract"


def _string_list(value: Any, path: tuple[str, ...], issues: _Issues) -> list[str] | None:
    result = _to_list(value, strict=True)
    if isinstance(result, _Bad):
        issues.add(path, f"{path[-1]} must be a list of strings, not {value!r}")
        return None
    return list(result)


def _text(value: Any, path: tuple[str, ...], issues: _Issues) -> str:
    if isinstance(value, str) and value:
        return value
    issues.add(path, f"{path[-1]} must be a non-empty string, not {value!r}")
    return DEFAULT_BASELINE


def _rules(raw: Any, issues: _Issues, known: catalog.Catalog) -> dict[str, RuleOverride]:
    if not isinstance(raw, dict):
        issues.add(("rules",), "rules must be a table of rule code or name = setting")
        return {}
    overrides = {}
    for key, value in raw.items():
        line = issues.doc.line_of("rules", key)
        if known.rule(key) is None:
            issues.add(("rules", key), f"unknown rule {key!r} (see `archfit rules`)")
        elif isinstance(value, str) and value in SEVERITIES:
            overrides[key] = RuleOverride(value, {}, line)
        elif isinstance(value, dict) and value.get("severity", "error") in SEVERITIES:
            params = {k: v for k, v in value.items() if k != "severity"}
            overrides[key] = RuleOverride(value.get("severity"), params, line)
            _override_params(key, params, issues, known)
        else:
            issues.add(
                ("rules", key),
                f"rule {key!r}: expected one of {', '.join(SEVERITIES)} "
                f"or a table with severity and parameters, not {value!r}",
            )
    return overrides


def _override_params(
    key: str, params: dict[str, Any], issues: _Issues, known: catalog.Catalog
) -> None:
    """A parameter the rule's check does not declare, or of the wrong type."""
    doc = known.rule(key)
    if doc is None or not doc.check:
        return
    for name, message in catalog.check_problems(doc, params):
        issues.add(("rules", key, name), f"rule {key!r}: {message}")


def _budgets(raw: Any, issues: _Issues) -> dict[str, dict[str, int]]:
    if not isinstance(raw, dict):
        issues.add(("budgets",), "budgets must be a table of package = { metric = number }")
        return {}
    budgets = {}
    for package, limits in raw.items():
        ok = isinstance(limits, dict) and all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in limits.values()
        )
        if ok:
            budgets[package] = dict(limits)
        else:
            issues.add(
                ("budgets", package),
                f"budget for {package!r} must map metrics to non-negative integers, not {limits!r}",
            )
    return budgets


def _duplicate_ids(contracts: list[ContractSpec]) -> list[ConfigIssue]:
    seen: dict[str, ContractSpec] = {}
    found = []
    for spec in contracts:
        if spec.id in seen:
            first = seen[spec.id].source
            same_file = first.path == spec.source.path
            where = f"line {first.line}" if same_file else f"{first.path}:{first.line}"
            found.append(
                ConfigIssue(
                    spec.source.path,
                    spec.source.line,
                    f"duplicate contract id {spec.id!r} (first at {where})",
                )
            )
        else:
            seen[spec.id] = spec
    return found

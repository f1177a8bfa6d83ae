"""Turn configuration documents into a Config, reporting every problem at once."""

from __future__ import annotations

import os
import re
from dataclasses import field
from typing import TYPE_CHECKING, Any

from analyzer.bounded import is_inside
from analyzer.discovery import pattern_error
from analyzer.graph import GraphOptions
from analyzer.repository import repository_boundary
from analyzer.roles import Role, role_named
from archfit_values import mutable
from fitness import catalog
from fitness.catalog.selection import did_you_mean
from fitness.checks.base import param_schema
from fitness.checks.registry import CHECKS
from fitness.config.model import BLIND_SPOT_MODES, DEFAULT_BASELINE, Config, RuleOverride
from fitness.config.sources import Document
from fitness.contracts import options as contract_options
from fitness.contracts.base import ContractSpec
from fitness.contracts.options import ARCHFIT, IMPORTLINTER, Dialect
from fitness.contracts.registry import CONTRACT_TYPES
from fitness.exceptions import ConfigError, ConfigIssue
from fitness.results.findings import Source

if TYPE_CHECKING:
    from fitness.config.tach_model import TachConfig

SEVERITIES = ("off", "error", "warning", "info")
_NO_CONTRACTS = (
    "import-linter configuration has no contracts (lint-imports refuses it): add an "
    "[importlinter:contract:ID] section or a [[tool.importlinter.contracts]] table"
)
_LIST_KEYS = ("source_roots", "root_packages", "exclude", "packs", "adr_dirs")
_BOOL_KEYS = (
    "include_external_packages",
    "exclude_type_checking_imports",
    "include_dynamic_imports",
    "include_framework_edges",
)
TOP_KEYS = (
    *_LIST_KEYS,
    *_BOOL_KEYS,
    "baseline",
    "blind_spots",
    "rules",
    "budgets",
    "contracts",
    "roles",
)


@mutable
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
        if doc.kind.startswith("tach"):
            continue  # read together below: domain files refine the main one
        if doc.kind == "archfit":
            _archfit(doc, collector, values, contracts, known)
            _paths_inside(doc, collector, root)
        else:
            _importlinter(doc, collector, values, contracts, warnings)
        issues += collector.found
    tach_docs = [d for d in documents if d.kind.startswith("tach")]
    issues += _tach(tach_docs, values, contracts, warnings, known)
    issues += _duplicate_ids(contracts)
    if issues:
        raise ConfigError(issues)
    return Config(contracts=tuple(contracts), warnings=tuple(warnings), **values)


def _tach(
    documents: list[Document],
    values: dict[str, Any],
    contracts: list[ContractSpec],
    warnings: list[str],
    known: catalog.Catalog,
) -> list[ConfigIssue]:
    """tach's configuration (docs/adr/0017): its contracts, its source roots and excludes
    unless archfit's own configuration names them, and its ``[external]`` table as the
    dependency rules' ``ignore`` and ``mapping``."""
    if not documents:
        return []
    # Loaded for a tach configuration only: most runs have none (2 to 3 ms of imports).
    from fitness.config.tach_build import read_tach_config
    from fitness.config.tach_contracts import declaration_issues, mapping_notes, tach_contracts

    try:
        config = read_tach_config(documents)
    except ConfigError as exc:
        return list(exc.issues)
    if issues := declaration_issues(config):
        return issues
    values.setdefault("source_roots", config.source_roots)
    values.setdefault("exclude", config.exclude)
    warnings.extend([*config.notes, *mapping_notes(config)])
    built = tach_contracts(config)
    if issues := [i for i in built if isinstance(i, ConfigIssue)]:
        return issues
    contracts.extend(i for i in built if isinstance(i, ContractSpec))
    values["rules"] = _external(config, values.get("rules", {}), known)
    return []


def _external(
    config: TachConfig, rules: dict[str, RuleOverride], known: catalog.Catalog
) -> dict[str, RuleOverride]:
    """tach's ``[external] exclude`` joins every dependency rule's ``ignore``, its ``rename``
    (``module:distribution``) its ``mapping``; what archfit's own config sets comes first."""
    if not config.external_exclude and not config.external_rename:
        return rules
    merged = dict(rules)
    for doc in known.rules:
        schema = param_schema(CHECKS[doc.check]) if doc.check in CHECKS else {}
        if "ignore" not in schema or "mapping" not in schema:
            continue
        own = merged.get(doc.code) or RuleOverride()
        params = dict(own.params)
        params["ignore"] = [*config.external_exclude, *params.get("ignore", [])]
        params["mapping"] = {**config.external_rename, **params.get("mapping", {})}
        merged[doc.code] = RuleOverride(own.severity, params, own.line)
    return merged


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
        import difflib  # on a mistake only: a run that has none never loads it

        close = difflib.get_close_matches(str(key), TOP_KEYS, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        issues.add((key,), f"unknown key {key!r}{hint}; valid keys: {', '.join(TOP_KEYS)}")
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
    if "blind_spots" in data:
        values["blind_spots"] = _blind_spots(data["blind_spots"], issues)
    values["rules"] = _rules(data.get("rules", {}), issues, known)
    values["budgets"] = _budgets(data.get("budgets", {}), issues)
    values["roles"] = _role_globs(data.get("roles", {}), issues)
    options = GraphOptions(
        exclude_type_checking=values.get("exclude_type_checking_imports", False),
        include_dynamic=values.get("include_dynamic_imports", True),
        include_external=values.get("include_external_packages", True),
        include_framework=values.get("include_framework_edges", False),
    )
    raw = data.get("contracts", [])
    if not isinstance(raw, list):
        issues.add(
            ("contracts",), "contracts must be a list of tables ([[tool.archfit.contracts]])"
        )
        return
    for index, item in enumerate(raw):
        spec = _contract(item, index, issues, "config", options, ARCHFIT)
        if spec is not None:
            contracts.append(spec)


def _paths_inside(doc: Document, issues: _Issues, root: str) -> None:
    """Source roots, ADR folders and the baseline must resolve inside the repository: a pull
    request must not make archfit read ``/`` or write a baseline elsewhere (``--baseline`` on
    the command line may name any path)."""
    boundary = repository_boundary(root)
    roots = doc.data.get("source_roots")
    for index, folder in enumerate(roots if isinstance(roots, list) else []):
        if isinstance(folder, str) and not is_inside(os.path.join(root, folder), boundary):
            message = f"source_roots entry {folder!r} is outside the repository {boundary}"
            issues.add(("source_roots", index), message)
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
    if not raw:
        issues.add(("session",), _NO_CONTRACTS)
    for index, item in enumerate(raw):
        kind = item.get("type") if isinstance(item, dict) else None
        if isinstance(kind, str) and _is_custom(kind, custom):
            warnings.append(
                f"{doc.path}:{doc.line_of('contracts', index)}: skipped contract "
                f"{item.get('id') or item.get('name')!r} of custom type {kind!r} "
                "(running it would mean importing its code)"
            )
            continue
        spec = _contract(item, index, issues, "importlinter", options, IMPORTLINTER)
        if spec is not None:
            contracts.append(spec)


def _session_roots(session: dict[str, Any], issues: _Issues, values: dict[str, Any]) -> None:
    """import-linter's ``root_package`` or ``root_packages``, unless archfit's config names some."""
    key = "root_packages" if "root_packages" in session else "root_package"
    if key not in session:
        issues.add(("session",), "import-linter configuration names no root_package(s)")
        return
    roots = contract_options.to_list(session[key], IMPORTLINTER)
    if contract_options.is_bad(roots) or not roots:
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
    raw: Any, index: int, issues: _Issues, kind: str, options: GraphOptions, dialect: Dialect
) -> ContractSpec | None:
    path = ("contracts", index)
    if not isinstance(raw, dict):
        issues.add(path, f"contract {index + 1} must be a table of options")
        return None
    before = len(issues.found)
    _check_name_and_id(raw, path, issues, dialect)
    if not _known_type(raw, path, issues, dialect):
        return None
    name, contract_type = str(raw.get("name")), str(raw["type"])
    parsed, problems = contract_options.validate_options(contract_type, raw, dialect)
    for problem in problems:
        issues.add((*path, problem.key) if problem.key in raw else path, problem.message)
    if len(issues.found) > before:
        return None
    contract_id = str(raw.get("id") or _slug(name))
    source = Source(kind, contract_id, issues.doc.path, issues.doc.line_of(*path))
    lines = {key: issues.doc.line_of(*path, key) for key in raw}
    fix = parsed.pop("how_to_fix", None) or parsed.pop("broken_contract_guidance", None) or ""
    parsed.pop("broken_contract_guidance", None)
    return ContractSpec(contract_id, name, contract_type, parsed, source, lines, fix, options)


def _check_name_and_id(
    raw: dict[str, Any], path: tuple[str | int, ...], issues: _Issues, dialect: Dialect
) -> None:
    """Every contract needs a name; an id, when given, must be usable as one (lint-imports
    refuses a colon in one: ``--contract FILE:ID`` splits there)."""
    name = raw.get("name")
    if "name" not in raw:
        issues.add(path, "contract is missing required key 'name'")
    elif not isinstance(name, str) or not name.strip():
        issues.add((*path, "name"), f"name must be a non-empty string, not {name!r}")
    contract_id = raw.get("id")
    if contract_id is not None and (not isinstance(contract_id, str) or not contract_id.strip()):
        issues.add((*path, "id"), f"id must be a non-empty string, not {contract_id!r}")
    elif dialect.importlinter_only and ":" in str(contract_id or ""):
        issues.add((*path, "id"), f"contract id {contract_id!r} may not contain a colon")


def _known_type(
    raw: dict[str, Any], path: tuple[str | int, ...], issues: _Issues, dialect: Dialect
) -> bool:
    """Whether the contract names a type the dialect knows; if not, say which types it does."""
    if "type" not in raw:
        valid = ", ".join(contract_options.known_types(dialect))
        issues.add(path, f"contract is missing required key 'type'; valid types: {valid}")
        return False
    problem = contract_options.type_problem(raw["type"], dialect)
    if problem is not None:
        issues.add((*path, "type"), problem.message)
    return problem is None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "contract"


def _string_list(value: Any, path: tuple[str, ...], issues: _Issues) -> list[str] | None:
    result = contract_options.to_list(value, ARCHFIT)
    if contract_options.is_bad(result):
        issues.add(path, f"{path[-1]} must be a list of strings, not {value!r}")
        return None
    return list(result)


def _text(value: Any, path: tuple[str, ...], issues: _Issues) -> str:
    if isinstance(value, str) and value:
        return value
    issues.add(path, f"{path[-1]} must be a non-empty string, not {value!r}")
    return DEFAULT_BASELINE


def _blind_spots(value: Any, issues: _Issues) -> str:
    """``list`` (the default) or ``error``; anything else names the closest mode."""
    if value in BLIND_SPOT_MODES:
        return str(value)
    import difflib  # on a mistake only: a run that has none never loads it

    close = difflib.get_close_matches(str(value), BLIND_SPOT_MODES, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    modes = " or ".join(BLIND_SPOT_MODES)
    issues.add(("blind_spots",), f"blind_spots must be {modes}, not {value!r}{hint}")
    return BLIND_SPOT_MODES[0]


def _rules(raw: Any, issues: _Issues, known: catalog.Catalog) -> dict[str, RuleOverride]:
    if not isinstance(raw, dict):
        issues.add(("rules",), "rules must be a table of rule code or name = setting")
        return {}
    overrides = {}
    for key, value in raw.items():
        line = issues.doc.line_of("rules", key)
        if known.rule(key) is None:
            hint = did_you_mean(str(key).upper(), [d.code for d in known.rules], key, known)
            issues.add(("rules", key), f"unknown rule {key!r}{hint} (see `archfit rules`)")
        elif isinstance(value, str) and value in SEVERITIES:
            overrides[key] = RuleOverride(value, {}, line)
        elif isinstance(value, dict) and value.get("severity", "error") in SEVERITIES:
            params = {k: v for k, v in value.items() if k not in ("severity", "roles")}
            roles = _rule_roles(key, value, issues, known)
            overrides[key] = RuleOverride(value.get("severity"), params, line, roles)
            _override_params(key, params, issues, known)
        else:
            issues.add(
                ("rules", key),
                f"rule {key!r}: expected one of {', '.join(SEVERITIES)} "
                f"or a table with severity and parameters, not {value!r}",
            )
    return overrides


def _rule_roles(
    key: str, value: dict[str, Any], issues: _Issues, known: catalog.Catalog
) -> tuple[Role, ...] | None:
    """``{ roles = [...] }``: the file roles the rule judges instead of its own; only a rule
    that judges files by role (a pack rule, INP001-INP003) takes it."""
    if "roles" not in value:
        return None
    doc = known.rule(key)
    if doc is not None and not doc.roles:
        issues.add(("rules", key, "roles"), f"rule {key!r} judges no files by role: no roles")
        return None
    roles, problems = catalog.parse_roles(value["roles"])
    for problem in problems:
        issues.add(("rules", key, "roles"), f"rule {key!r}: roles: {problem}")
    return None if problems else roles


def _role_globs(raw: Any, issues: _Issues) -> tuple[tuple[str, Role], ...]:
    """``[tool.archfit.roles]``: ``role = ["glob", ...]``, every role name known."""
    if not isinstance(raw, dict):
        issues.add(("roles",), 'roles must be a table of role = ["glob", ...]')
        return ()
    found: list[tuple[str, Role]] = []
    for name, globs in raw.items():
        role = role_named(str(name))
        if role is None:
            issues.add(("roles", name), catalog.unknown_role(str(name)))
        elif (patterns := _string_list(globs, ("roles", name), issues)) is not None:
            found += [(pattern, role) for pattern in patterns]
    return tuple(found)


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

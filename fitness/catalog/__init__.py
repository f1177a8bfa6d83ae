"""Every rule archfit knows, from its own codes (INP, CON, ADR) to the rule packs' (YAML data).

A check or a contract never spells a code; it asks this module. Codes are never reused once
retired. Bundled packs live in ``rules/`` in a source checkout and in ``fitness/catalog/packs/``
inside the wheel (hatchling force-include); both are found from this file's location, never by
import.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from analyzer.bounded import MAX_TEXT_BYTES, is_inside, read_bounded_text
from analyzer.repository import repository_boundary
from analyzer.roles import Role, role_named
from fitness.catalog.docs import CONTRACT_CODES as CONTRACT_CODES
from fitness.catalog.docs import INPUT_CODES as INPUT_CODES
from fitness.catalog.docs import RULES as RULES
from fitness.catalog.docs import RuleDoc as RuleDoc
from fitness.checks.base import Param, param_problems, param_schema
from fitness.checks.registry import CHECKS
from fitness.exceptions import ConfigError, ConfigIssue
from fitness.results.findings import RuleInfo, Severity
from fitness.yaml_lines import YamlSyntaxError, load_with_lines

UNUSED_SUPPRESSION_CODE = "INP004"
# What the graph cannot see, as a finding when blind spots fail the gate.
BLIND_SPOT_CODE = "INP005"
# A rule an ADR declares reports its violations as ADR001 (decision-violated), whatever its type.
DECISION_CODE = "ADR001"
_PACK_KEYS = ("pack", "description", "source", "rules")
_RULE_KEYS = (
    "code",
    "name",
    "check",
    "severity",
    "params",
    "principle",
    "what",
    "why",
    "example",
    "how_to_fix",
    "carries",
    "roles",
)
# A pack rule that does not say which file roles it judges judges library code.
DEFAULT_ROLES = (Role.LIBRARY,)
_REQUIRED_RULE_KEYS = ("code", "name", "check", "severity", "why", "how_to_fix")


@dataclass(frozen=True)
class Pack:
    """A rule pack: declarative rules, each bound to a check implementation."""

    name: str
    description: str
    source: str
    path: str
    rules: tuple[RuleDoc, ...]


def bundled_pack_dir() -> Path:
    """``fitness/catalog/packs`` in an installed wheel, else ``rules/`` beside the source tree."""
    here = Path(__file__).resolve().parent
    installed = here / "packs"
    return installed if installed.is_dir() else here.parent.parent / "rules"


def bundled_pack_names() -> tuple[str, ...]:
    """The names of the packs archfit ships, sorted."""
    return tuple(sorted(p.stem for p in bundled_pack_dir().glob("*.yaml")))


def load_packs(entries: Sequence[str] | None, root: str) -> tuple[Pack, ...]:
    """The packs a config lists (bundled names or paths from ``root``); all bundled by default."""
    names = bundled_pack_names() if entries is None else tuple(entries)
    packs, issues = [], []
    boundary = repository_boundary(root)
    for entry in names:
        path = _pack_path(entry, root)
        bundled = path.is_relative_to(bundled_pack_dir())
        if not bundled and not is_inside(str(path), boundary):  # a pack is read, never fetched
            issues.append(ConfigIssue(entry, 0, f"rule pack outside the repository {boundary}"))
            continue
        try:
            packs.append(
                load_pack(path, entry if path.is_relative_to(bundled_pack_dir()) else str(path))
            )
        except ConfigError as exc:
            issues += exc.issues
    issues += _duplicates(packs)
    if issues:
        raise ConfigError(issues)
    return tuple(packs)


def _duplicates(packs: Sequence[Pack]) -> list[ConfigIssue]:
    """A code or name that a built-in rule or an earlier pack rule already uses."""
    seen: dict[str, RuleDoc] = {}
    for doc in RULES:
        seen[doc.code], seen[doc.name] = doc, doc
    issues = []
    for doc in (r for p in packs for r in p.rules):
        for key in (doc.code, doc.name):
            first = seen.setdefault(key, doc)
            if first is not doc:
                where = f"{first.path}:{first.line}" if first.path else "archfit's built-in rules"
                issues.append(
                    ConfigIssue(doc.path, doc.line, f"duplicate rule {key!r} (first in {where})")
                )
    return issues


def params_of(doc: RuleDoc) -> list[tuple[str, Any, str]]:
    """(name, default, meaning) of a pack rule's parameters: the pack's value, else the check's."""
    check = CHECKS.get(doc.check)
    schema = param_schema(check) if check is not None else {}
    names = sorted({*schema, *doc.params})
    return [
        (n, doc.params.get(n, schema[n].default if n in schema else None), _meaning(schema, n))
        for n in names
    ]


def _meaning(schema: Mapping[str, Param], name: str) -> str:
    spec = schema.get(name)
    return f"{spec.doc} ({spec.type_name})" if spec else ""


def check_problems(doc: RuleDoc, params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(param key or "check", message) when the rule's check is unknown or a param is bad."""
    check = CHECKS.get(doc.check)
    if check is None:
        return [("check", f"unknown check {doc.check!r} (known: {', '.join(sorted(CHECKS))})")]
    return param_problems(check, params)


def _pack_path(entry: str, root: str) -> Path:
    if entry.endswith((".yaml", ".yml")) or "/" in entry:
        return Path(root) / entry
    return bundled_pack_dir() / f"{entry}.yaml"


def load_pack(path: Path, display: str) -> Pack:
    """Read and validate one pack file; every problem is a ConfigIssue with its line."""
    try:
        data, lines = load_with_lines(read_bounded_text(str(path), MAX_TEXT_BYTES))
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot read rule pack: {getattr(exc, 'strerror', None) or exc}"
        raise ConfigError([ConfigIssue(display, 0, message)]) from exc
    except YamlSyntaxError as exc:
        raise ConfigError([ConfigIssue(display, exc.line, f"invalid YAML: {exc.message}")]) from exc
    issues: list[ConfigIssue] = []
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ConfigError([ConfigIssue(display, 1, "a rule pack needs `pack` and a `rules` list")])
    for key in sorted(set(data) - set(_PACK_KEYS)):
        issues.append(ConfigIssue(display, lines.get((key,), 1), f"unknown pack key {key!r}"))
    name = str(data.get("pack") or path.stem)
    rules = [
        _pack_rule(item, i, name, display, lines, issues) for i, item in enumerate(data["rules"])
    ]
    if issues:
        raise ConfigError(issues)
    found = tuple(r for r in rules if r is not None)
    return Pack(name, str(data.get("description", "")), str(data.get("source", "")), display, found)


def _pack_rule(
    item: Any,
    index: int,
    pack: str,
    display: str,
    lines: Mapping[tuple[str | int, ...], int],
    issues: list[ConfigIssue],
) -> RuleDoc | None:
    line = lines.get(("rules", index), 1)
    if not isinstance(item, dict):
        issues.append(ConfigIssue(display, line, "each rule must be a mapping"))
        return None
    missing = [k for k in _REQUIRED_RULE_KEYS if not item.get(k)]
    unknown = sorted(set(item) - set(_RULE_KEYS))
    bad_severity = item.get("severity") not in {s.value for s in Severity}
    for key in missing:
        issues.append(ConfigIssue(display, line, f"rule {index + 1} is missing {key!r}"))
    for key in unknown:
        issues.append(
            ConfigIssue(
                display, lines.get(("rules", index, key), line), f"unknown rule key {key!r}"
            )
        )
    if bad_severity and "severity" not in missing:
        issues.append(
            ConfigIssue(
                display,
                lines.get(("rules", index, "severity"), line),
                f"severity must be error, warning or info, not {item['severity']!r}",
            )
        )
    if missing or unknown or bad_severity:
        return None
    return _checked_rule(item, index, pack, display, lines, issues)


def _checked_rule(
    item: Mapping[str, Any],
    index: int,
    pack: str,
    display: str,
    lines: Mapping[tuple[str | int, ...], int],
    issues: list[ConfigIssue],
) -> RuleDoc | None:
    """The rule, after checking that its check exists and takes its params."""
    line = lines.get(("rules", index), 1)
    if not isinstance(item.get("params") or {}, dict):
        where = lines.get(("rules", index, "params"), line)
        issues.append(ConfigIssue(display, where, "params must be a mapping of name: value"))
        return None
    roles = _roles(item.get("roles"), lines.get(("rules", index, "roles"), line), display, issues)
    if roles is None:
        return None
    doc = replace(_rule_doc(item, pack, display, line), roles=roles)
    for key, message in check_problems(doc, doc.params):
        path: tuple[str | int, ...] = ("rules", index, "params", key)
        if key == "check":
            path = ("rules", index, "check")
        issues.append(ConfigIssue(display, lines.get(path, line), f"rule {doc.code}: {message}"))
    return doc


def _roles(
    value: Any, line: int, display: str, issues: list[ConfigIssue]
) -> tuple[Role, ...] | None:
    """A rule's ``roles`` (``[library]`` when absent); None, with an issue, when bad."""
    if value is None:
        return DEFAULT_ROLES
    found, problems = parse_roles(value)
    issues += [ConfigIssue(display, line, f"roles: {problem}") for problem in problems]
    return None if problems else found


def parse_roles(value: Any) -> tuple[tuple[Role, ...], list[str]]:
    """A list of role names as roles, and what is wrong with it (an unknown name gets a
    did-you-mean); shared by the packs and the configuration."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return (), [f"must be a list of role names ({ROLE_NAMES}), not {value!r}"]
    problems = [unknown_role(name) for name in value if role_named(name) is None]
    return tuple(r for r in map(role_named, value) if r is not None), problems


ROLE_NAMES = ", ".join(role.value for role in Role)


def unknown_role(name: str) -> str:
    """``unknown role 'test' (did you mean tests?)``, with the roles there are."""
    close = difflib.get_close_matches(name, [role.value for role in Role], n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown role {name!r}{hint}; roles: {ROLE_NAMES}"


def _rule_doc(item: Mapping[str, Any], pack: str, display: str, line: int) -> RuleDoc:
    return RuleDoc(
        code=str(item["code"]),
        name=str(item["name"]),
        severity=Severity(item["severity"]),
        what=str(item.get("what", "")),
        why=str(item["why"]),
        example=str(item.get("example", "")),
        how_to_fix=str(item["how_to_fix"]),
        check=str(item["check"]),
        params=dict(item.get("params") or {}),
        principle=str(item.get("principle", "")),
        pack=pack,
        path=display,
        line=line,
        carries=tuple(str(code) for code in item.get("carries") or ()),
    )


@dataclass(frozen=True)
class Catalog:
    """Built-in rules plus the loaded packs' rules, by code and by name."""

    packs: tuple[Pack, ...] = ()

    @property
    def rules(self) -> tuple[RuleDoc, ...]:
        """Every rule, sorted by code."""
        return tuple(
            sorted((*RULES, *(r for p in self.packs for r in p.rules)), key=lambda r: r.code)
        )

    def rule(self, code_or_name: str) -> RuleDoc | None:
        """The rule with this code or name."""
        for doc in self.rules:
            if code_or_name.upper() == doc.code or code_or_name == doc.name:
                return doc
        return None

    def pack_rules(self) -> tuple[RuleDoc, ...]:
        """The rules that run a check, in pack order."""
        return tuple(r for p in self.packs for r in p.rules)


BUILTIN = Catalog()


def rule(code_or_name: str) -> RuleDoc | None:  # archfit: ignore[CBX004] the built-ins' entry point
    """A built-in rule (INP, CON, ADR) by code or name."""
    return BUILTIN.rule(code_or_name)


def rule_infos(codes: Sequence[str], rules: Catalog = BUILTIN) -> tuple[RuleInfo, ...]:
    """The docs of these rules, sorted by code, for reporters (which never import the catalog)."""
    docs = (rules.rule(code) for code in sorted(set(codes)))
    return tuple(
        RuleInfo(d.code, d.name, d.severity, d.what, d.why, d.example, d.how_to_fix)
        for d in docs
        if d is not None
    )

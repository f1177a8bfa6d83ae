"""Every rule archfit knows: its own codes (INP, CON, ADR) and the rule packs' (YAML data).

A check or a contract never spells a code; it asks this module. Codes are never reused once
retired. Bundled packs live in ``rules/`` in a source checkout and in ``fitness/packs/`` inside
the wheel (hatchling force-include); both are found from this file's location, never by import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer.bounded import MAX_TEXT_BYTES, is_inside, read_bounded_text
from analyzer.repository import repository_boundary
from fitness.checks.base import Param, param_problems, param_schema
from fitness.checks.registry import CHECKS
from fitness.exceptions import ConfigError, ConfigIssue
from fitness.findings import RuleInfo, Severity
from fitness.yaml_lines import YamlSyntaxError, load_with_lines


@dataclass(frozen=True)
class RuleDoc:
    """A rule's identity and its documentation under fixed headings."""

    code: str
    name: str
    severity: Severity
    what: str
    why: str
    example: str
    how_to_fix: str
    check: str = ""  # the check implementation a pack rule runs ("" for built-in codes)
    params: Mapping[str, Any] = field(default_factory=dict)
    principle: str = ""
    pack: str = ""
    path: str = ""  # the pack file that declares it
    line: int = 0


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_CONTRACT_WHY = (
    "An import contract is a decision about dependency direction written down where a machine "
    "can check it; once broken, the structure it protects erodes one import at a time."
)

RULES: tuple[RuleDoc, ...] = (
    RuleDoc(
        "INP001",
        "parse-error",
        _E,
        "A file of the target is not valid Python.",
        "Nothing in it can be analysed, so every verdict that depends on it is blind.",
        "def f(:\n    pass",
        "Fix the syntax error, or exclude the file in `exclude`.",
    ),
    RuleDoc(
        "INP002",
        "undecodable-file",
        _E,
        "A file's bytes do not decode in its declared encoding.",
        "Python itself would refuse to import it.",
        "b'\\xff\\xfe' in a UTF-8 file",
        "Re-save the file as UTF-8, or declare its encoding in a PEP 263 cookie.",
    ),
    RuleDoc(
        "INP003",
        "unreadable-file",
        _E,
        "A file of the target cannot be read.",
        "Permissions or a broken symlink hide code from every check.",
        "a symlink loop, or a file without read permission",
        "Fix the file's permissions or link, or exclude it.",
    ),
    RuleDoc(
        "INP004",
        "unused-suppression",
        _W,
        "An `# archfit: ignore[CODE]` comment that suppresses nothing.",
        "Stale suppressions hide future findings on that line.",
        "x = 1  # archfit: ignore[CBX001]",
        "Delete the comment.",
    ),
    RuleDoc(
        "CON001",
        "layers",
        _E,
        "A lower layer imports a higher one, directly or through a chain of imports.",
        _CONTRACT_WHY,
        "chat.domain.model -> chat.api.views (domain is below api)",
        "Invert the dependency (pass the higher-level object in, or define an interface in "
        "the lower layer), or move the code to the layer it belongs to.",
    ),
    RuleDoc(
        "CON002",
        "forbidden",
        _E,
        "A source module imports a forbidden module.",
        _CONTRACT_WHY,
        "chat.domain -> redis",
        "Route the dependency through an allowed module, or remove it.",
    ),
    RuleDoc(
        "CON003",
        "independence",
        _E,
        "Two modules that must be independent import each other.",
        _CONTRACT_WHY,
        "chat.billing -> chat.messaging",
        "Move the shared code to a lower module both may import.",
    ),
    RuleDoc(
        "CON004",
        "acyclic-siblings",
        _E,
        "The children of a package import each other in a cycle.",
        _CONTRACT_WHY,
        "chat.a -> chat.b -> chat.a",
        "Cut one of the nominated imports.",
    ),
    RuleDoc(
        "CON005",
        "protected",
        _E,
        "A module outside the allowed importers imports a protected module.",
        _CONTRACT_WHY,
        "chat.api -> chat.persistence.models",
        "Go through one of the allowed importers.",
    ),
    RuleDoc(
        "CON006",
        "acyclic",
        _E,
        "Modules inside a scope import each other in a cycle.",
        "Cycles make modules impossible to understand, test or extract one at a time.",
        "chat.a -> chat.b -> chat.a",
        "Cut one of the listed imports.",
    ),
    RuleDoc(
        "CON007",
        "external",
        _E,
        "A scope imports a third-party package it must not, or never imports one it must.",
        "Third-party packages are the most expensive dependencies to replace.",
        "chat.domain -> requests",
        "Move the use behind an allowed module, or change the list.",
    ),
    RuleDoc(
        "CON008",
        "migration",
        _E,
        "A migration's remaining usages of the old module went up.",
        "A migration only finishes if it never goes backwards.",
        "12 usages of redis last time, 13 now",
        "Use the new module in the new code.",
    ),
    RuleDoc(
        "ADR001",
        "decision-violated",
        _E,
        "Code breaks a rule declared in an accepted ADR.",
        "The decision record says one thing and the code another.",
        "see CON001..CON008",
        "Follow the decision, or supersede the ADR.",
    ),
    RuleDoc(
        "ADR008",
        "migration-regressed",
        _E,
        "A migration an ADR declares (`migrate: old -> new`) has more remaining usages of the "
        "old module than the baseline records.",
        "The ADR decided to leave the old module; every new usage moves the decision backwards.",
        "migrate: redis -> kafka in chat.broadcast; 12 usages recorded, 13 now",
        "Use the new module in the new code; `archfit baseline` records a lower count.",
    ),
    RuleDoc(
        "ADR002",
        "stale-reference",
        _W,
        "An active ADR names (in backticks) a module of the target's root packages, or a path "
        "whose first part exists at the root, that no longer exists.",
        "A decision that talks about code which is gone no longer says what the code does.",
        "`chat.broadcast.redis_bus` in ADR-0003, after the module was renamed",
        "Update the ADR (or supersede it); unbacktick names that are only planned.",
    ),
    RuleDoc(
        "ADR003",
        "broken-supersession",
        _W,
        "A supersedes / superseded-by / amends link matches no ADR or is one-sided, or an ADR "
        "is superseded with no successor.",
        "Readers follow these links to find the decision in force; a dead end hides it.",
        "ADR-0004 says `Superseded by ADR-0009`, but ADR-0009 does not say `Supersedes: ADR-0004`",
        "Fix the link, and write both sides: `Superseded by ADR-N` and `Supersedes: ADR-M`.",
    ),
    RuleDoc(
        "ADR004",
        "review-overdue",
        _W,
        "An active ADR's review date (YYYY-MM-DD, YYYY-MM, Month YYYY, `review-by:`) has passed.",
        "A decision nobody revisits outlives the context it was made in.",
        "## Review Date\n\n2025-01-31",
        "Review the decision, then move the date or supersede the ADR.",
    ),
    RuleDoc(
        "ADR005",
        "unverified-decision",
        _I,
        "An accepted ADR declares nothing archfit can check (no contract, budget or enforced-by).",
        "A decision no machine checks drifts silently.",
        "an accepted ADR without a ```fitness block",
        "Add a ```fitness block (`forbid: a -> b`, `layers: a > b`, `enforced-by: contract-id`).",
    ),
    RuleDoc(
        "ADR006",
        "invalid-adr",
        _E,
        "An ADR or its fitness block cannot be read: no title, broken YAML, an unknown or "
        "malformed rule, a module a rule names that does not exist, or a title number that "
        "disagrees with the file name.",
        "A decision archfit cannot read is a decision it cannot check.",
        "```fitness\nforbid chat.domain redis\n```",
        "Fix the line the finding names (`archfit adr show N` shows how archfit read the ADR).",
    ),
    RuleDoc(
        "ADR007",
        "missing-enforcer",
        _W,
        "`enforced-by` names a contract id that neither archfit's config nor import-linter's has.",
        "The ADR claims a guard that no longer runs.",
        "enforced-by: importlinter:domain-pure, after the contract was renamed",
        "Point `enforced-by` at an existing contract id, or declare the rule in the ADR.",
    ),
    RuleDoc(
        "ADR009",
        "duplicate-number",
        _W,
        "Two ADRs in one directory share a number.",
        "Links by number (`ADR-0007`) become ambiguous.",
        "0007-use-kafka.md and 0007-use-redis.md",
        "Renumber the later one (`archfit adr new` picks the next free number).",
    ),
)

# Each contract type reports with its own CON code.
CONTRACT_CODES: Mapping[str, str] = {
    "layers": "CON001",
    "forbidden": "CON002",
    "independence": "CON003",
    "acyclic_siblings": "CON004",
    "protected": "CON005",
    "acyclic": "CON006",
    "external": "CON007",
    "migration": "CON008",
}
INPUT_CODES: Mapping[str, str] = {
    "parse-error": "INP001",
    "undecodable-file": "INP002",
    "unreadable-file": "INP003",
}
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
)
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
    """``fitness/packs`` in an installed wheel, else ``rules/`` beside the source tree."""
    installed = Path(__file__).resolve().parent / "packs"
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "rules"


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
    doc = _rule_doc(item, pack, display, line)
    for key, message in check_problems(doc, doc.params):
        path: tuple[str | int, ...] = ("rules", index, "params", key)
        if key == "check":
            path = ("rules", index, "check")
        issues.append(ConfigIssue(display, lines.get(path, line), f"rule {doc.code}: {message}"))
    return doc


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

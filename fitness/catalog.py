"""The one table of rule codes archfit's own machinery reports (INP, CON, ADR).

Pack rules (UNX, CBX, ARC, OBS, and a team's own) come from ``rules/*.yaml``; a check or a
contract never spells a code, it asks this module. Codes are never reused once retired.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fitness.findings import Severity


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


def _rule(
    code: str, name: str, severity: Severity, what: str, why: str, example: str, fix: str
) -> RuleDoc:
    return RuleDoc(code, name, severity, what, why, example, fix)


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_CONTRACT_WHY = (
    "An import contract is a decision about dependency direction written down where a machine "
    "can check it; once broken, the structure it protects erodes one import at a time."
)

RULES: tuple[RuleDoc, ...] = (
    _rule(
        "INP001",
        "parse-error",
        _E,
        "A file of the target is not valid Python.",
        "Nothing in it can be analysed, so every verdict that depends on it is blind.",
        "def f(:\n    pass",
        "Fix the syntax error, or exclude the file in `exclude`.",
    ),
    _rule(
        "INP002",
        "undecodable-file",
        _E,
        "A file's bytes do not decode in its declared encoding.",
        "Python itself would refuse to import it.",
        "b'\\xff\\xfe' in a UTF-8 file",
        "Re-save the file as UTF-8, or declare its encoding in a PEP 263 cookie.",
    ),
    _rule(
        "INP003",
        "unreadable-file",
        _E,
        "A file of the target cannot be read.",
        "Permissions or a broken symlink hide code from every check.",
        "a symlink loop, or a file without read permission",
        "Fix the file's permissions or link, or exclude it.",
    ),
    _rule(
        "INP004",
        "unused-suppression",
        _W,
        "An `# archfit: ignore[CODE]` comment that suppresses nothing.",
        "Stale suppressions hide future findings on that line.",
        "x = 1  # archfit: ignore[CBX001]",
        "Delete the comment.",
    ),
    _rule(
        "CON001",
        "layers",
        _E,
        "A lower layer imports a higher one, directly or through a chain of imports.",
        _CONTRACT_WHY,
        "chat.domain.model -> chat.api.views (domain is below api)",
        "Invert the dependency (pass the higher-level object in, or define an interface in "
        "the lower layer), or move the code to the layer it belongs to.",
    ),
    _rule(
        "CON002",
        "forbidden",
        _E,
        "A source module imports a forbidden module.",
        _CONTRACT_WHY,
        "chat.domain -> redis",
        "Route the dependency through an allowed module, or remove it.",
    ),
    _rule(
        "CON003",
        "independence",
        _E,
        "Two modules that must be independent import each other.",
        _CONTRACT_WHY,
        "chat.billing -> chat.messaging",
        "Move the shared code to a lower module both may import.",
    ),
    _rule(
        "CON004",
        "acyclic-siblings",
        _E,
        "The children of a package import each other in a cycle.",
        _CONTRACT_WHY,
        "chat.a -> chat.b -> chat.a",
        "Cut one of the nominated imports.",
    ),
    _rule(
        "CON005",
        "protected",
        _E,
        "A module outside the allowed importers imports a protected module.",
        _CONTRACT_WHY,
        "chat.api -> chat.persistence.models",
        "Go through one of the allowed importers.",
    ),
    _rule(
        "CON006",
        "acyclic",
        _E,
        "Modules inside a scope import each other in a cycle.",
        "Cycles make modules impossible to understand, test or extract one at a time.",
        "chat.a -> chat.b -> chat.a",
        "Cut one of the listed imports.",
    ),
    _rule(
        "CON007",
        "external",
        _E,
        "A scope imports a third-party package it must not, or never imports one it must.",
        "Third-party packages are the most expensive dependencies to replace.",
        "chat.domain -> requests",
        "Move the use behind an allowed module, or change the list.",
    ),
    _rule(
        "CON008",
        "migration",
        _E,
        "A migration's remaining usages of the old module went up.",
        "A migration only finishes if it never goes backwards.",
        "12 usages of redis last time, 13 now",
        "Use the new module in the new code.",
    ),
    _rule(
        "ADR001",
        "decision-violated",
        _E,
        "Code breaks a rule declared in an accepted ADR.",
        "The decision record says one thing and the code another.",
        "see CON001..CON008",
        "Follow the decision, or supersede the ADR.",
    ),
)

_BY_CODE: Mapping[str, RuleDoc] = {r.code: r for r in RULES}
_BY_NAME: Mapping[str, RuleDoc] = {r.name: r for r in RULES}

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


def rule(code_or_name: str) -> RuleDoc | None:
    """The rule with this code or name, if archfit knows it."""
    return _BY_CODE.get(code_or_name.upper()) or _BY_NAME.get(code_or_name)


def all_rules() -> tuple[RuleDoc, ...]:
    """Every rule, sorted by code."""
    return tuple(sorted(RULES, key=lambda r: r.code))

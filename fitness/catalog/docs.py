"""The built-in rules (INP, CON, ADR) and their docs under fixed headings, and which code each
contract type and input problem reports with. ``fitness.catalog`` adds the packs' rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fitness.results.findings import Severity


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
    # Codes whose baseline entries count for this rule: a rule that took over part of another
    # (ARC006 the deferred cycles ARC001 used to report) leaves no baseline red on upgrade.
    carries: tuple[str, ...] = ()


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
        "INP005",
        "blind-spot",
        _E,
        "Something the import graph cannot see (a file outside any package, a folder without "
        "`__init__.py`, a dynamic import of a computed name, a relative import beyond the top "
        "package, a missing internal module, a module found twice), reported as a finding "
        'when `blind_spots = "error"` or `--fail-on-blind-spots` asks the gate to fail on it.',
        "Every contract verdict rests on the imports archfit saw; an import it cannot see can "
        "break a contract while the check stays green.",
        "importlib.import_module(f'chat.plugins.{name}')  # which module? the graph cannot say",
        "Make the import visible (a literal import, an `__init__.py`, a `source_roots` entry), "
        "exclude the file, or silence the line with `# archfit: ignore[INP005] reason`.",
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
        "CON009",
        "private-modules",
        _E,
        "A module outside a private module's parent package imports it: `pkg.foo._bar` (and "
        "everything below it) may only be imported from within `pkg.foo`.",
        _CONTRACT_WHY,
        "chat.api.views -> chat.store._sql (chat.store._sql is private to chat.store)",
        "Import the public module of the parent package that re-exports what you need, or move "
        "the importer inside the parent package.",
    ),
    RuleDoc(
        "CON010",
        "interface",
        _E,
        "A module outside a module with a public interface imports a member the interface does "
        "not expose (`expose` patterns, or the literal `__all__` with `from_all`), or the "
        "`__all__` an interface reads is missing or not a literal.",
        "An interface is the part of a module its users may couple to; every import past it "
        "ties them to an implementation detail that can no longer change freely.",
        "from billing.models import Invoice  # billing exposes only create_invoice",
        "Import the member from the module's interface, or expose it (add it to `expose` or "
        "to `__all__`) if it is meant to be public.",
    ),
    RuleDoc(
        "CON011",
        "allowed",
        _E,
        "A module imports an analysed module its allow-list does not name (nor a utility); "
        "an import of a deprecated dependency is a warning.",
        _CONTRACT_WHY,
        "billing.api -> payments.gateway (billing may import only core)",
        "Depend on a module the allow-list names, or add the dependency to it if it is intended.",
    ),
    RuleDoc(
        "ADR001",
        "decision-violated",
        _E,
        "Code breaks a rule declared in an accepted ADR.",
        "The decision record says one thing and the code another.",
        "see CON001..CON011",
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
    "private_modules": "CON009",
    "interface": "CON010",
    "allowed": "CON011",
}
INPUT_CODES: Mapping[str, str] = {
    "parse-error": "INP001",
    "undecodable-file": "INP002",
    "unreadable-file": "INP003",
}

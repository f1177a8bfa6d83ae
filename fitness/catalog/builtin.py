"""archfit's own rules (INP, CON, ADR), read once from ``rules/builtin/*.yaml``.

One file per family of codes (docs/adr/0019): its ``family`` letters, and its rules under the
packs' headings, plus the role a rule plays where the code must find it: ``contract_type``
(the contract type a CON rule reports) and ``problem`` (the input problem an INP rule
reports). Everything else looks a built-in code up by its rule's name (``code_of``).
The folder sits beside the packs but is no pack: packs are the ``*.yaml`` files of
``rules/`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from archfit_values import frozen
from fitness.catalog.compiled import bundled_pack_dir
from fitness.catalog.docs import BUILTIN, RuleDoc, load_rules
from fitness.exceptions import ConfigError, ConfigIssue


@frozen
class Builtins:
    """The built-in rules, sorted by code, and each file's family by its stem."""

    rules: tuple[RuleDoc, ...]
    families: Mapping[str, str]


def builtin_dir() -> Path:
    """``builtin/`` beside the bundled packs (in the wheel too: it ships ``rules/`` whole)."""
    return bundled_pack_dir() / "builtin"


def load_builtins(folder: Path | None = None) -> Builtins:
    """Every ``*.yaml`` of ``folder`` (the bundled one by default); a ConfigError lists every
    problem: a bad rule, a code outside its file's family, a code or name used twice."""
    rules: list[RuleDoc] = []
    families: dict[str, str] = {}
    issues: list[ConfigIssue] = []
    for path in sorted((folder or builtin_dir()).glob("*.yaml")):
        try:
            read = load_rules(path, str(path), BUILTIN, pack="")
        except ConfigError as exc:
            issues += exc.issues
            continue
        family = str(read.header.get("family", ""))
        if not _is_family(family):
            issues.append(ConfigIssue(str(path), 1, f"family must be 3 capitals, not {family!r}"))
        families[path.stem] = family
        issues += _outside(read.rules, family)
        rules += read.rules
    issues += _twice(rules)
    if issues:
        raise ConfigError(issues)
    return Builtins(tuple(sorted(rules, key=lambda r: r.code)), families)


# The built-in rules are checked at every start: these two tests are what ``[A-Z]{3}`` and
# ``<family>\d{3}`` would match in full, without compiling four patterns a run (``\d`` is
# a character of Unicode's Nd category, as ``str.isdecimal`` tests).
def _is_family(family: str) -> bool:
    """Three capital letters, A to Z."""
    return len(family) == 3 and all("A" <= letter <= "Z" for letter in family)


def _outside(rules: tuple[RuleDoc, ...], family: str) -> list[ConfigIssue]:
    """Rules whose code is not the family's letters and three digits."""
    return [
        ConfigIssue(r.path, r.line, f"{r.code!r} is not a {family} code (three digits after)")
        for r in rules
        if not _in_family(r.code, family)
    ]


def _in_family(code: str, family: str) -> bool:
    """Whether ``code`` is ``family`` and three decimal digits."""
    digits = code[len(family) :]
    return code.startswith(family) and len(digits) == 3 and digits.isdecimal()


def _twice(rules: list[RuleDoc]) -> list[ConfigIssue]:
    """A code, name, contract type or input problem that two built-in rules share."""
    seen: dict[tuple[str, str], RuleDoc] = {}
    issues = []
    for doc in rules:
        keys = [
            ("code", doc.code),
            ("name", doc.name),
            ("contract_type", doc.contract_type),
            ("problem", doc.problem),
        ]
        for key in (k for k in keys if k[1]):  # most rules play no role
            first = seen.setdefault(key, doc)
            if first is not doc:
                message = f"{key[0]} {key[1]!r} is used twice (first in {first.path}:{first.line})"
                issues.append(ConfigIssue(doc.path, doc.line, message))
    return issues


LOADED = load_builtins()
RULES = LOADED.rules
# Each contract type reports with its own CON code; each input problem with its INP code.
CONTRACT_CODES: Mapping[str, str] = {d.contract_type: d.code for d in RULES if d.contract_type}
INPUT_CODES: Mapping[str, str] = {d.problem: d.code for d in RULES if d.problem}
_BY_NAME = {doc.name: doc.code for doc in RULES}


def code_of(name: str) -> str:
    """The code of the built-in rule named ``name`` (a KeyError names the known ones)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(
            f"no built-in rule {name!r} (known: {', '.join(sorted(_BY_NAME))})"
        ) from None


def family(stem: str) -> str:
    """The code letters of the built-in rules in ``rules/builtin/<stem>.yaml``."""
    return LOADED.families[stem]

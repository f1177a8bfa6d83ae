"""Every rule archfit knows, from its own codes (INP, CON, ADR) to the rule packs', all YAML data.

Nothing outside this package spells a code or a family of codes; it asks this module, by rule
name (``code_of``), role (``CONTRACT_CODES``, ``INPUT_CODES``, ``DECISION_CODE``...) or family
(``CONTRACT_FAMILY``...). Codes are never reused once retired. Bundled packs and the built-in
rules (``builtin/``) live in ``rules/`` in a source checkout and in ``fitness/catalog/packs/``
inside the wheel (hatchling force-include); both are found from this package's location, never
by import (docs/adr/0019-rule-docs-as-data.md).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from analyzer.bounded import is_inside
from analyzer.repository import repository_boundary
from archfit_values import frozen
from fitness.catalog.builtin import CONTRACT_CODES as CONTRACT_CODES
from fitness.catalog.builtin import INPUT_CODES as INPUT_CODES
from fitness.catalog.builtin import RULES as RULES
from fitness.catalog.builtin import code_of as code_of
from fitness.catalog.builtin import family
from fitness.catalog.compiled import bundled_pack_dir as bundled_pack_dir
from fitness.catalog.docs import PACK, load_rules
from fitness.catalog.docs import RuleDoc as RuleDoc
from fitness.catalog.docs import check_problems as check_problems
from fitness.catalog.docs import parse_roles as parse_roles
from fitness.catalog.docs import unknown_role as unknown_role
from fitness.checks.base import Param, param_schema
from fitness.checks.registry import CHECKS
from fitness.exceptions import ConfigError, ConfigIssue
from fitness.results.findings import RuleInfo

# The codes the engine, the gate and the ADR judge report with, looked up by rule name.
UNUSED_SUPPRESSION_CODE = code_of("unused-suppression")
# What the graph cannot see, as a finding when blind spots fail the gate.
BLIND_SPOT_CODE = code_of("blind-spot")
# A rule an ADR declares reports its violations as ADR001 (decision-violated), whatever its type.
DECISION_CODE = code_of("decision-violated")
# A migration an ADR declares that went backwards (a config's reports with its CON code).
MIGRATION_REGRESSED_CODE = code_of("migration-regressed")
# The letters of each built-in family (rules/builtin/<file>.yaml): selections and report
# sections take these, never a spelled prefix.
INPUT_FAMILY = family("input")
CONTRACT_FAMILY = family("contracts")
ADR_FAMILY = family("adr")


@frozen
class Pack:
    """A rule pack: declarative rules, each bound to a check implementation."""

    name: str
    description: str
    source: str
    path: str
    rules: tuple[RuleDoc, ...]


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
                where = f"{first.path}:{first.line}" if first.pack else "archfit's built-in rules"
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


def _pack_path(entry: str, root: str) -> Path:
    if entry.endswith((".yaml", ".yml")) or "/" in entry:
        return Path(root) / entry
    return bundled_pack_dir() / f"{entry}.yaml"


def load_pack(path: Path, display: str) -> Pack:
    """Read and validate one pack file; every problem is a ConfigIssue with its line."""
    read = load_rules(path, display, PACK)
    header = read.header
    name, about = str(header.get("pack") or path.stem), str(header.get("description", ""))
    return Pack(name, about, str(header.get("source", "")), display, read.rules)


@frozen
class Catalog:
    """Built-in rules plus the loaded packs' rules, by code and by name."""

    packs: tuple[Pack, ...] = ()

    # Both are made once per catalog, kept beside its fields (a ``cached_property`` writes
    # the instance's ``__dict__``, which neither compares, hashes nor encodes): a computed
    # run looks rules up for what it reports and configures, 54 lookups and 59 sorts of the
    # 53 rules on Django's edit run.
    @functools.cached_property
    def rules(self) -> tuple[RuleDoc, ...]:
        """Every rule, sorted by code."""
        return tuple(
            sorted((*RULES, *(r for p in self.packs for r in p.rules)), key=lambda r: r.code)
        )

    @functools.cached_property
    def _lookup(self) -> tuple[dict[str, tuple[int, RuleDoc]], dict[str, tuple[int, RuleDoc]]]:
        """The first rule (in ``rules``' order, with its place) of each code, of each name."""
        codes: dict[str, tuple[int, RuleDoc]] = {}
        names: dict[str, tuple[int, RuleDoc]] = {}
        for place, doc in enumerate(self.rules):
            codes.setdefault(doc.code, (place, doc))
            names.setdefault(doc.name, (place, doc))
        return codes, names

    def rule(self, code_or_name: str) -> RuleDoc | None:
        """The rule with this code or name: the first in ``rules`` whose code is it upper-cased
        or whose name is it."""
        codes, names = self._lookup
        found = [hit for hit in (codes.get(code_or_name.upper()), names.get(code_or_name)) if hit]
        return min(found, key=lambda hit: hit[0])[1] if found else None

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

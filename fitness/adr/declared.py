"""Declared decisions -> ContractSpecs for the shared contract engine, plus the two rules
that are measures rather than import contracts (``max-complexity``, ``budget``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from analyzer.facts import Facts
from analyzer.graph import GraphOptions
from archfit_values import frozen
from fitness.adr.model import Adr, AdrIssue, Rule
from fitness.adr.parse_fitness import CONTRACT_SHORTHANDS, MEASURE_KEYS
from fitness.contracts.base import ContractSpec, Violation, is_in_package
from fitness.contracts.options import ADR, type_problem, validate_options
from fitness.results.findings import Source

CONTRACT_KEYS = (*CONTRACT_SHORTHANDS, "contract")  # "contract": one of a block's ``contracts:``
CHECKABLE_KEYS = (*CONTRACT_KEYS, *MEASURE_KEYS, "enforced-by")
_NAMES = r"([\w.]+(?:\s*,\s*[\w.]+)*)"


class RuleError(Exception):
    """A rule whose value cannot be read (ADR006): each problem at the line of its option
    (0: the rule's own line)."""

    def __init__(self, message: str, line: int = 0, *more: tuple[int, str]) -> None:
        super().__init__(message)
        self.problems = ((line, message), *more)


@frozen
class DeclaredContract:
    """A contract an ADR declares, with the ADR and rule it comes from."""

    adr: Adr
    rule: Rule
    spec: ContractSpec


def rule_text(rule: Rule) -> str:
    """A rule as one line: ``forbid: a -> b``, or a contract's id or name."""
    if rule.key == "contract" and isinstance(rule.value, dict):
        return f"contract {rule.value.get('id') or rule.value.get('name') or '?'}"
    return f"{rule.key}: {rule.value}"


def declared_contracts(
    adrs: Sequence[Adr], roots: Sequence[str], options: GraphOptions
) -> tuple[list[DeclaredContract], list[tuple[Adr, AdrIssue]]]:
    """Every contract the active ADRs declare, and the rules that could not be read."""
    found, issues = [], []
    for adr in (a for a in adrs if a.active):
        for rule in (r for r in adr.rules if r.key in CONTRACT_KEYS):
            try:
                spec = _spec(adr, rule, tuple(roots), options)
            except RuleError as exc:
                issues += [
                    (adr, AdrIssue(line or rule.line, f"{rule_text(rule)}: {message}"))
                    for line, message in exc.problems
                ]
                continue
            found.append(DeclaredContract(adr, rule, spec))
    return found, issues


def _spec(adr: Adr, rule: Rule, roots: tuple[str, ...], options: GraphOptions) -> ContractSpec:
    kind, values = _shorthand(rule, roots) if rule.key != "contract" else _full(rule)
    if rule.key != "contract":  # a shorthand meets the same rules (no module in two layers, ...)
        _, problems = validate_options(kind, values, ADR)
        if problems:
            raise RuleError(problems[0].message, rule.line)
    source = Source("adr", adr.id, adr.path, rule.line)
    given = rule.value if isinstance(rule.value, dict) else {}
    contract_id = str(given.get("id") or f"{adr.id}:{rule_text(rule)}")
    name = str(given.get("name") or f"{adr.id} {rule_text(rule)}")
    lines = {key: line for key, line in rule.lines} or {key: rule.line for key in values}
    guidance = values.pop("how_to_fix", "") or values.pop("broken_contract_guidance", "")
    values.pop("broken_contract_guidance", None)
    fix = str(guidance or f"Follow {adr.id}, or supersede it.")
    restated = not (given.get("id") or given.get("name"))
    return ContractSpec(contract_id, name, kind, values, source, lines, fix, options, restated)


def _shorthand(rule: Rule, roots: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    text = str(rule.value).strip()
    if rule.key == "layers":
        layers = [part.strip() for part in text.split(">") if part.strip()]
        if len(layers) < 2:
            raise RuleError("write at least two layers: `layers: a > b`")
        return "layers", {"layers": layers}
    if rule.key == "forbid":
        match = re.fullmatch(rf"{_NAMES}\s*->\s*{_NAMES}", text)
        if not match:
            raise RuleError("write `forbid: source -> forbidden`")
        sources, forbidden = _names(match[1]), _names(match[2])
        return "forbidden", {"source_modules": sources, "forbidden_modules": forbidden}
    if rule.key == "interface":
        return "interface", _interface(text)
    if rule.key in ("forbid-dep", "require-dep"):
        key = "forbidden" if rule.key == "forbid-dep" else "required"
        if not re.fullmatch(_NAMES, text):
            raise RuleError(f"write `{rule.key}: package[, package]`")
        return "external", {"source_modules": list(roots), key: _names(text)}
    return _migration(text, roots)


def _interface(text: str) -> dict[str, Any]:
    """``billing exposes Invoice, create_.*``: exact names or regular expressions; ``__all__``
    exposes the names of the module's literal ``__all__``."""
    match = re.fullmatch(rf"{_NAMES}\s+exposes\s+(\S.*)", text)
    if not match:
        raise RuleError("write `interface: module exposes name[, name]` (or `exposes __all__`)")
    names = _names(match[2])
    values: dict[str, Any] = {"modules": _names(match[1])}
    values["expose"] = [n for n in names if n != "__all__"]
    if "__all__" in names:
        values["from_all"] = True
    return values


def _migration(text: str, roots: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    match = re.fullmatch(rf"{_NAMES}\s*->\s*{_NAMES}(?:\s+in\s+{_NAMES})?", text)
    if not match:
        raise RuleError("write `migrate: old -> new in scope`")
    scope = _names(match[3]) if match[3] else list(roots)
    return "migration", {"from": _names(match[1]), "to": _names(match[2]), "source_modules": scope}


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _full(rule: Rule) -> tuple[str, dict[str, Any]]:
    """A full contract mapping, checked by the validator config files go through."""
    raw = rule.value if isinstance(rule.value, dict) else {}
    problem = type_problem(raw.get("type"), ADR)
    if problem is not None:
        raise RuleError(problem.message, _line(rule, "type"))
    values, problems = validate_options(str(raw["type"]), raw, ADR)
    if problems:
        (line, message), *more = [(_line(rule, p.key), p.message) for p in problems]
        raise RuleError(message, line, *more)
    return str(raw["type"]), values


def _line(rule: Rule, key: str) -> int:
    """The line ``key`` was written on, else the rule's."""
    return dict(rule.lines).get(key, rule.line)


@frozen
class MetricBreach:
    """A ``max-complexity`` or ``budget`` rule broken, as a contract-like violation."""

    adr: Adr
    rule: Rule
    violation: Violation


def metric_breaches(
    adrs: Sequence[Adr], facts: Facts
) -> tuple[list[MetricBreach], list[tuple[Adr, AdrIssue]]]:
    """Check every active ``max-complexity`` and ``budget`` rule against the facts."""
    breaches, issues = [], []
    for adr in (a for a in adrs if a.active):
        for rule in (r for r in adr.rules if r.key in MEASURE_KEYS):
            try:
                found = (
                    _max_complexity(rule, facts)
                    if rule.key == "max-complexity"
                    else (_budget(rule, facts))
                )
            except RuleError as exc:
                issues.append((adr, AdrIssue(rule.line, f"{rule_text(rule)}: {exc}")))
                continue
            breaches += [MetricBreach(adr, rule, v) for v in found]
    return breaches, issues


def _max_complexity(rule: Rule, facts: Facts) -> list[Violation]:
    match = re.fullmatch(rf"(\d+)(?:\s+in\s+{_NAMES})?", str(rule.value).strip())
    if not match:
        raise RuleError("write `max-complexity: N in package`")
    limit, scopes = int(match[1]), _names(match[2] or "")
    found = []
    for parsed in facts.parsed:
        module = parsed.source.module
        if module is None or parsed.metrics is None or not _in(module, scopes):
            continue
        for function in parsed.metrics.functions:
            if function.complexity > limit:
                found.append(
                    Violation(
                        subject=f"{module}.{function.qualname}",
                        message=f"{module}.{function.qualname} has cyclomatic complexity "
                        f"{function.complexity}, above {limit}",
                        target=f"{module}.{function.qualname}",
                        path=parsed.source.path,
                        line=function.line,
                    )
                )
    return found


def _in(module: str, scopes: Sequence[str]) -> bool:
    return not scopes or any(is_in_package(module, scope) for scope in scopes)


def _budget(rule: Rule, facts: Facts) -> list[Violation]:
    match = re.fullmatch(r"([\w.]+)\s+(complexity|sloc)\s+(\d+)", str(rule.value).strip())
    if not match:
        raise RuleError("write `budget: package complexity N` (or `sloc N`)")
    package, metric, limit = match[1], match[2], int(match[3])
    spent = 0
    for parsed in facts.parsed:
        module = parsed.source.module
        if module and parsed.metrics and is_in_package(module, package):
            metrics = parsed.metrics
            spent += metrics.complexity if metric == "complexity" else metrics.raw.sloc
    if spent <= limit:
        return []
    message = f"{package} spends {metric} {spent}, above its budget of {limit}"
    return [Violation(subject=package, message=message, target=f"{package}:{metric}")]

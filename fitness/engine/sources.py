"""What the dependency rules read, through the stored parts.

What the dependency rules read and the declarations they could not read statically (blind
spots), through the stored parts (ADR-0020); split out of ``fitness.engine.check``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from analyzer.facts import BlindSpot, Facts
from fitness import catalog
from fitness.checks.base import Check, Narrowing
from fitness.checks.dependencies import declaration_sources
from fitness.checks.registry import CHECKS
from fitness.config import Config
from fitness.engine.graph_parts import SourcesPart
from fitness.engine.params import rule_params
from fitness.engine.parts import Parts, rule_digest


def dependency_sources(
    facts: Facts, rules: catalog.Catalog, config: Config, parts: Parts | None = None
) -> tuple[tuple[str, ...], tuple[BlindSpot, ...]]:
    """What the dependency rules read, with the first enabled one's params (issue 16), and
    the declarations they could not read statically (blind spots); a stored part when
    ``parts`` hold it."""
    for doc in rules.pack_rules():
        override = config.rules.get(doc.code) or config.rules.get(doc.name)
        check_impl = CHECKS.get(doc.check)
        if check_impl is None or (override is not None and override.severity == "off"):
            continue
        if getattr(check_impl, "reads_declarations", False):
            params = rule_params(check_impl, doc, config)
            if parts is None:
                return declaration_sources(facts, params)
            rule = rule_digest(doc.code, check_impl, params)
            compute = functools.partial(_sources_part, facts, params)
            part = parts.sources(rule, compute, _narrowed(check_impl, facts, params))
            return part.sources, part.spots
    return (), ()


def _narrowed(
    check_impl: Check, facts: Facts, params: Mapping[str, Any]
) -> tuple[Sequence[str], Callable[[], bool]] | None:
    """The narrower views of a dependency rule (``Narrowing``) and whether they hold."""
    narrowing = getattr(check_impl, "narrowed", None)
    if not isinstance(narrowing, Narrowing):
        return None
    return narrowing.reads, functools.partial(narrowing.holds, facts, params)


def _sources_part(facts: Facts, params: Mapping[str, Any]) -> SourcesPart:
    return SourcesPart(*declaration_sources(facts, params))

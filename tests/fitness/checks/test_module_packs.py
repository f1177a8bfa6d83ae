"""The bundled packs, read from their YAML: every rule loaded as written, its check registered;
the unix-philosophy and observability packs' rules documented in full, their checks' docstrings
under ruff's headings.

Expectations come from the YAML, so a rule added by the recipe (YAML only, reusing a check under
a new code and name) passes here unchanged; codes, names and default severities are compared
with the rule table in tests/fitness/test_rule_docs.py.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest
import yaml

from fitness import catalog
from fitness.checks.registry import CHECKS
from tests.conftest import REPO

MODULE_PACKS = ("unix-philosophy", "observability")
HEADINGS = ("What it does:", "Why is this bad?", "Example:", "Use instead:", "Options:")


def _written(name: str) -> list[dict[str, Any]]:
    """The pack's rules as its YAML file writes them."""
    text = (catalog.bundled_pack_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    rules: list[dict[str, Any]] = yaml.safe_load(text)["rules"]
    return rules


def _loaded(name: str) -> catalog.Pack:
    [pack] = catalog.load_packs([name], str(REPO))
    return pack


@pytest.mark.parametrize("name", catalog.bundled_pack_names())
def test_pack_loads_every_rule_as_written(name: str) -> None:
    written = _written(name)
    loaded = _loaded(name).rules
    as_written = [(r["code"], r["name"], r["check"], r["severity"]) for r in written]
    assert [(r.code, r.name, r.check, r.severity.value) for r in loaded] == as_written
    assert [dict(r.params) for r in loaded] == [r.get("params") or {} for r in written]


@pytest.mark.parametrize("name", catalog.bundled_pack_names())
def test_each_check_a_pack_names_is_registered_under_a_bundled_rules_name(name: str) -> None:
    """A check's id is the name of the bundled rule that first used it; other rules reuse it."""
    names = {r.name for pack in catalog.load_packs(None, str(REPO)) for r in pack.rules}
    for rule in _loaded(name).rules:
        assert rule.check in CHECKS and rule.check in names, rule.code


@pytest.mark.parametrize("name", MODULE_PACKS)
def test_module_pack_rules_are_documented(name: str) -> None:
    for rule in _loaded(name).rules:
        assert rule.what and rule.why and rule.how_to_fix and rule.principle, rule.code
        assert "fix" in rule.example.lower(), rule.code  # a violation and its fix


@pytest.mark.parametrize("check", sorted({r["check"] for n in MODULE_PACKS for r in _written(n)}))
def test_check_docstrings_use_ruffs_headings(check: str) -> None:
    doc = sys.modules[type(CHECKS[check]).__module__].__doc__ or ""
    assert all(heading in doc for heading in HEADINGS)

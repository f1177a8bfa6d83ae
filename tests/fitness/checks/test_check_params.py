"""Each check's defaults are written once, in its ``params_schema``; the engine resolves them.

A check reads ``params[key]``: every declared parameter is there (``resolved_params``). The
syntax-tree test fails on a default written a second time in a check's code, in any of the
forms below, so a default cannot drift from the one ``archfit explain`` shows.
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from fitness.catalog import RuleDoc
from fitness.checks.base import param_schema, resolved_params, settings_read
from fitness.checks.registry import CHECKS
from fitness.config import Config
from fitness.config.model import RuleOverride
from fitness.engine.params import rule_params
from fitness.results.findings import Severity
from tests.conftest import REPO

CHECKS_DIR = REPO / "fitness" / "checks"
# The names of every declared parameter: ``.get("threshold", 10)`` on any mapping is one.
DECLARED = frozenset(key for check in CHECKS.values() for key in param_schema(check))
_LITERALS = (ast.Constant, ast.List, ast.Tuple, ast.Dict, ast.Set)


def _params_names(tree: ast.AST) -> set[str]:
    """``params`` and every name bound to it (``p = params``, ``p = dict(params)``)."""
    names = {"params"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _is_params(node.value, names):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _is_params(node: ast.AST, names: set[str]) -> bool:
    """The params mapping itself, a copy of it (``dict(params)``, ``{**params}``) or one of its
    values (``params["x"]``)."""
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        return node.func.id in {"dict", "MappingProxyType"} and _is_params(node.args[0], names)
    if isinstance(node, ast.Dict):
        return any(
            k is None and _is_params(v, names) for k, v in zip(node.keys, node.values, strict=True)
        )
    if isinstance(node, ast.Subscript):
        return _is_params(node.value, names)
    return False


def _is_get(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and (node.func.attr in {"get", "setdefault"})
    )


def defaults_written(source: str) -> list[tuple[int, str]]:
    """(line, form) for each default a check's code writes beside its schema."""
    tree = ast.parse(source)
    names = _params_names(tree)
    found = []
    for node in ast.walk(tree):
        if _is_get(node):
            assert isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            key = node.args[0] if node.args else None
            declared = isinstance(key, ast.Constant) and key.value in DECLARED
            if _is_params(node.func.value, names):
                found.append((node.lineno, "params.get (read params[key])"))
            elif declared and len(node.args) > 1:
                found.append((node.lineno, ".get(<declared parameter>, <default>)"))
        elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            first, *rest = node.values
            if _is_params(first, names) and any(isinstance(v, _LITERALS) for v in rest):
                found.append((node.lineno, "params[...] or <literal>"))
    return found


@pytest.mark.parametrize(
    "source",
    [
        'def run(params):\n    return params.get("max_sloc", 600)',
        'def run(params):\n    return params.get("max_sloc")',
        'def run(params):\n    return dict(params).get("anything", 1)',
        'def run(params):\n    p = params\n    return p.get("x", 1)',
        'def run(params):\n    return {**params}.get("x", 1)',
        'def run(params):\n    return params.setdefault("x", 1)',
        'def run(options):\n    return options.get("threshold", 10)',
        'def run(params):\n    return params["mapping"] or {}',
        'def run(params):\n    return params.get("ignore") or []',
    ],
)
def test_the_walker_finds_each_form_of_a_second_default(source: str) -> None:
    assert defaults_written(source), source


def test_the_walker_accepts_reading_declared_params_and_other_mappings() -> None:
    source = """\
        def run(params, paths):
            limit = int(params["max_sloc"])
            return paths.get("a", ""), {}.get(limit, 0), params["ignore"]
    """
    assert defaults_written(textwrap.dedent(source)) == []


@pytest.mark.parametrize("path", sorted(CHECKS_DIR.glob("*.py")), ids=lambda p: p.name)
def test_no_check_writes_a_default_twice(path: Path) -> None:
    found = defaults_written(path.read_text(encoding="utf-8"))
    assert found == [], [f"{path.name}:{line}: {form}" for line, form in found]


def test_every_setting_a_check_reads_is_a_configuration_field() -> None:
    known = {f.name for f in fields(Config)}
    read = {s: c.id for c in CHECKS.values() for s in settings_read(c)}
    assert read, "package-budget declares that it reads [tool.archfit.budgets]"
    assert set(read) <= known, {s: c for s, c in read.items() if s not in known}


def test_resolved_params_hold_every_declared_parameter() -> None:
    check = CHECKS["module-size"]
    assert resolved_params(check, {}) == {"max_sloc": param_schema(check)["max_sloc"].default}
    assert resolved_params(check, {"max_sloc": 5}) == {"max_sloc": 5}


def _budget_rule(params: dict[str, object]) -> RuleDoc:
    """A team's rule reusing package-budget."""
    return RuleDoc(
        code="TEAM001",
        name="team-budget",
        severity=Severity.ERROR,
        what="",
        why="w",
        example="",
        how_to_fix="h",
        check="package-budget",
        params=params,
    )


def test_a_setting_is_the_start_and_a_rules_table_merges_over_it() -> None:
    check = CHECKS["package-budget"]
    config = Config(budgets={"a": {"sloc": 1}, "b": {"sloc": 2}})
    assert rule_params(check, _budget_rule({}), config) == {"budgets": config.budgets}
    pack = _budget_rule({"budgets": {"b": {"sloc": 3}}})
    assert rule_params(check, pack, config)["budgets"] == {"a": {"sloc": 1}, "b": {"sloc": 3}}
    override = Config(
        budgets={"a": {"sloc": 1}},
        rules={"team-budget": RuleOverride(params={"budgets": {"c": {"complexity": 4}}})},
    )
    merged = rule_params(check, pack, override)["budgets"]
    assert merged == {"a": {"sloc": 1}, "c": {"complexity": 4}}
    assert rule_params(check, _budget_rule({}), Config())["budgets"] == {}


# ``name`` (type, default VALUE) in a docstring's Options section; VALUE a literal or prose.
_STATED = re.compile(r"``(\w+)`` \([^)]*?default ([^)]*)\)")
_LITERAL = re.compile(r"(true|false|-?[0-9]+(?:\.[0-9]+)?)(?![\w.])")


@pytest.mark.parametrize("check_id", sorted(CHECKS))
def test_the_defaults_a_docstring_states_are_the_declared_ones(check_id: str) -> None:
    """The Options section may say a default for a reader; it must be the schema's."""
    check = CHECKS[check_id]
    doc = sys.modules[type(check).__module__].__doc__ or ""
    options = " ".join(doc.partition("Options:")[2].split())
    schema = param_schema(check)
    for name, stated in _STATED.findall(options):
        assert name in schema, f"{check_id}: the docstring names an undeclared {name!r}"
        literal = _LITERAL.match(stated)
        if literal:  # prose ("from [tool.archfit.budgets]") describes, never restates
            assert yaml.safe_load(literal[1]) == schema[name].default, (check_id, name)

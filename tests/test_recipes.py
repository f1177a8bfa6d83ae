"""CONTRIBUTING's recipes, proven: a rule that reuses a check is YAML only; a reporter is a
module and one registry entry.

Each test makes the change the recipe names in a temporary copy, touches nothing else, and
asserts what a user sees: the rule fires, is listed, explained and documented in SARIF; the
format is offered by ``--help`` and renders a run.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from fitness import catalog
from fitness.reporters.base import RenderOptions
from fitness.reporters.check_run import RUN_FORMATS, run_format
from fitness.reporters.registry import CHECK_FORMATS
from fitness.results.findings import CheckRun, Result
from tests.conftest import FIXTURES, REPO, check_json
from tests.fitness.test_findings_and_reporters import _result

# A target that makes rules of every bundled pack fire: an import cycle, an undeclared and an
# unused dependency, a branchy function over the package's budget, a print, no docstrings.
SHOP = {
    "recipeshop/__init__.py": "",
    "recipeshop/a.py": "import yaml\nimport recipeshop.b\n\n\ndef grade(x):\n"
    + '    print("grading", x)\n'
    + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(1, 11))
    + "    return recipeshop.b.VALUE + len(yaml.__name__)\n",
    "recipeshop/b.py": """\
        import recipeshop.a

        VALUE = 1


        def use():
            return recipeshop.a.grade(1)
    """,
}
PYPROJECT = """\
    [project]
    name = "recipeshop"
    version = "1"
    dependencies = ["requests"]

    [tool.archfit]
    root_packages = ["recipeshop"]
    packs = ["{pack}"]

    [tool.archfit.budgets]
    recipeshop = {{ complexity = 1 }}
"""


def _shop(root: Path, pack: str) -> Path:
    for path, text in {**SHOP, "pyproject.toml": PYPROJECT.format(pack=pack)}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _new_rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    """A team's rule reusing ``rule``'s check and params under a new code and name, with
    docs of its own."""
    code = f"{rule['code'][:-3]}9{rule['code'][-2:]}"  # UNX001 -> UNX901, ARC010 -> ARC910
    return {
        "code": code,
        "name": f"team-{rule['name']}",
        "check": rule["check"],
        "severity": rule["severity"],
        "params": rule.get("params") or {},
        "what": f"What {code} checks, in the team's words.",
        "why": f"Why the team wants {code}.",
        "example": f"An example of {code}, and its fix.",
        "how_to_fix": f"How to fix {code}.",
    }


def _add_rules(packs: Path, pack: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The recipe: one new entry per rule of ``rules/<pack>.yaml``, each reusing that rule's
    check (so every check the pack uses); returns (original, new) entries."""
    path = packs / f"{pack}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    originals = list(data["rules"])
    added = [_new_rule(rule) for rule in originals]
    data["rules"] = originals + added
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return list(zip(originals, added, strict=True))


def _hits(sarif: Mapping[str, Any], rule: Mapping[str, Any]) -> list[tuple[str, str, int]]:
    """(message, file, line) of each SARIF result of ``rule`` (its name, which SARIF's
    message starts with, left out)."""
    return sorted(
        (
            r["message"]["text"].removeprefix(f"{rule['name']}: "),
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for run in sarif["runs"]
        for r in run["results"]
        if r["ruleId"] == rule["code"]
    )


@pytest.mark.parametrize("pack", catalog.bundled_pack_names())
def test_a_rule_reusing_a_check_is_yaml_only(
    pack: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Any
) -> None:
    packs = tmp_path / "packs"
    shutil.copytree(catalog.bundled_pack_dir(), packs)
    pairs = _add_rules(packs, pack)
    # No Python: the packs, their docs, and compiled.json (the files read ahead of time; the
    # edited pack no longer has its digest there, so it is read as YAML).
    assert all(p.suffix in {".yaml", ".md", ".json"} for p in packs.rglob("*") if p.is_file())
    monkeypatch.setattr(catalog, "bundled_pack_dir", lambda: packs)
    target = _shop(tmp_path / "shop", pack)
    _, out, _ = run_cli("check", str(target), "--no-cache", "--format", "sarif")
    sarif = json.loads(out)
    for original, new in pairs:  # the same check, the same params: the same places
        assert _hits(sarif, new) == _hits(sarif, original), new["code"]
    fired = [new for _, new in pairs if _hits(sarif, new)]
    assert fired, f"no rule of {pack} fires on the shop"
    _assert_documented(sarif, fired)
    _assert_listed_and_explained(run_cli, pack, [new for _, new in pairs])


def _assert_documented(sarif: Mapping[str, Any], fired: list[dict[str, Any]]) -> None:
    """Each new rule that fired has its docs in SARIF's rule metadata."""
    rules = {r["id"]: r for run in sarif["runs"] for r in run["tool"]["driver"]["rules"]}
    for new in fired:
        meta = rules[new["code"]]
        assert meta["name"] == new["name"]
        assert meta["shortDescription"]["text"] == new["what"]
        assert new["why"] in meta["help"]["text"] and new["how_to_fix"] in meta["help"]["text"]


def _assert_listed_and_explained(run_cli: Any, pack: str, added: list[dict[str, Any]]) -> None:
    """``archfit rules`` lists each new rule; ``archfit explain CODE`` shows its docs."""
    status, listing, _ = run_cli("rules")
    assert status == 0
    for new in added:
        [line] = [line for line in listing.splitlines() if line.startswith(f"{new['code']} ")]
        assert new["name"] in line and new["severity"] in line and pack in line
        status, text, _ = run_cli("explain", new["code"])
        assert status == 0 and text.startswith(f"{new['code']} {new['name']}")
        for key in ("what", "why", "example", "how_to_fix"):
            assert new[key] in text
        for name, value in new["params"].items():
            assert f"- {name} = {value!r}: " in text


# The recipe's reporter: a module of its own (it imports only the findings and the base).
COUNT_FORMAT = '''\
"""``--format count``: each code with its number of findings, one a line."""

from __future__ import annotations

from collections import Counter

from fitness.reporters.base import RenderOptions
from fitness.results.findings import Result


def render(result: Result, options: RenderOptions = RenderOptions()) -> str:
    """``CODE N`` per code, sorted by code."""
    counts = Counter(f.code for f in result.findings)
    return "".join(f"{code} {n}\\n" for code, n in sorted(counts.items()))
'''
REGISTRY = "fitness/reporters/registry.py"
TABLE = "CHECK_FORMATS: Mapping[str, Renderer] = {\n"
IMPORTS = "from fitness.reporters.base import RenderOptions\n"


def _source_copy(root: Path) -> Path:
    """archfit's source (its packages and bundled packs), as a contributor's checkout."""
    for folder in ("analyzer", "fitness", "rules"):
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(REPO / folder, root / folder, ignore=ignore)
    return root


def _changed(copy: Path) -> set[str]:
    """The files of the copy that are new or differ from the repository's."""
    changed = set()
    for path in copy.rglob("*"):
        relative = path.relative_to(copy).as_posix()
        if path.is_file() and "__pycache__" not in path.parts:
            original = REPO / relative
            if not original.is_file() or original.read_bytes() != path.read_bytes():
                changed.add(relative)
    return changed


def _archfit(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``archfit ARGS`` run from the copy's source, never the repository's."""
    return subprocess.run(
        [sys.executable, "-c", "from fitness.cli.main import run; run()", *args],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_reporter_is_a_module_and_one_registry_entry(tmp_path: Path, run_cli: Any) -> None:
    copy = _source_copy(tmp_path / "archfit")
    (copy / "fitness" / "reporters" / "count.py").write_text(COUNT_FORMAT, encoding="utf-8")
    registry = (copy / REGISTRY).read_text(encoding="utf-8")
    assert TABLE in registry and IMPORTS in registry
    registry = registry.replace(IMPORTS, IMPORTS + "from fitness.reporters import count\n")
    registry = registry.replace(TABLE, TABLE + '    "count": count.render,\n')
    (copy / REGISTRY).write_text(registry, encoding="utf-8")
    assert _changed(copy) == {"fitness/reporters/count.py", REGISTRY}
    helped = _archfit(copy, "check", "--help")
    assert helped.returncode == 0 and "count" in helped.stdout.split("--format", 1)[1]
    target = str(FIXTURES / "cycleshop")
    ran = _archfit(copy, "check", "--no-cache", "--format", "count", target)
    assert ran.returncode in (0, 1), ran.stderr
    _, doc = check_json(run_cli, target, "--no-cache")
    counts = Counter(f["code"] for f in doc["findings"])
    assert counts and ran.stdout == "".join(f"{c} {n}\n" for c, n in sorted(counts.items()))


def _paths(result: Result, options: RenderOptions = RenderOptions()) -> str:
    return "".join(f"{finding.path}\n" for finding in result.findings)


def test_a_format_without_a_run_renderer_renders_each_project_in_turn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new format needs no ``RUN_FORMATS`` entry: one project renders as the format alone
    does; several, one after another, with repository-relative paths."""
    monkeypatch.setitem(CHECK_FORMATS, "paths", _paths)  # type: ignore[arg-type]
    alone = _result()
    assert run_format("paths")(CheckRun((alone,), (1,))) == _paths(alone)
    chat, shop = (dataclasses.replace(_result(), project=p) for p in ("chat", "shop"))
    text = run_format("paths")(CheckRun((chat, shop), (1, 1)))
    assert text == "".join(
        f"{p}/{line}" for p in ("chat", "shop") for line in _paths(alone).splitlines(True)
    )
    assert run_format("json") is RUN_FORMATS["json"]

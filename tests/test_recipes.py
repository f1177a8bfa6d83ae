"""CONTRIBUTING's recipes, proven: a rule that reuses a check is YAML only; a reporter is a
module and one registry entry.

Each test makes the change the recipe names in a temporary copy, touches nothing else, and
asserts what a user sees: the rule fires, is listed, explained and documented in SARIF; the
format is offered by ``--help`` and renders a run.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from fitness import catalog

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
    assert all(p.suffix in {".yaml", ".md"} for p in packs.rglob("*"))  # no Python touched
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

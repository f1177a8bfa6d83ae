"""One validator for contract options: a value archfit's config rejects (exit 2, file and line)
is an ADR006 finding at the option's line when an ADR's fitness block gives it; and the scope
fields each contract type declares drive ``archfit adr explain``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.config.conftest import assert_config_error, assert_issue, check, line_of
from tests.fitness.adr.test_drift import FENCE, accepted, adr_findings, repo, run

# case -> (contract as YAML lines, the same in TOML, the option's key, a fragment of the error)
BAD = {
    "negative-depth": (
        "type: acyclic_siblings\n    ancestors: [drifty]\n    depth: -1",
        'type = "acyclic_siblings"\nancestors = ["drifty"]\ndepth = -1',
        "depth",
        "depth must be an integer, not -1",
    ),
    "bogus-alerting": (
        "type: independence\n    modules: [drifty.core]\n"
        "    unmatched_ignore_imports_alerting: bogus",
        'type = "independence"\nmodules = ["drifty.core"]\n'
        'unmatched_ignore_imports_alerting = "bogus"',
        "unmatched_ignore_imports_alerting",
        "one of none, warn, error, not 'bogus'",
    ),
    "misspelled-option": (
        "type: layers\n    containers: [drifty]\n    layers: [core, util]\n    exhaustiv: true",
        'type = "layers"\ncontainers = ["drifty"]\nlayers = ["core", "util"]\nexhaustiv = true',
        "exhaustiv",
        "did you mean 'exhaustive'?",
    ),
    "module-in-two-layers": (
        "type: layers\n    containers: [drifty]\n    layers: [core, core]",
        'type = "layers"\ncontainers = ["drifty"]\nlayers = ["core", "core"]',
        "layers",
        "modules cannot be in more than one layer",
    ),
    "exhaustive-without-containers": (
        "type: layers\n    layers: [drifty.core, drifty.util]\n    exhaustive: true",
        'type = "layers"\nlayers = ["drifty.core", "drifty.util"]\nexhaustive = true',
        "exhaustive",
        "exhaustive needs containers",
    ),
    "private-package": (
        "type: private_modules\n    packages_with_private_modules: [drifty._impl]",
        'type = "private_modules"\npackages_with_private_modules = ["drifty._impl"]',
        "packages_with_private_modules",
        "packages cannot be private",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_archfit_config_rejects_the_value_at_its_line(case: str, tmp_path: Path) -> None:
    _, toml, key, fragment = BAD[case]
    text = f'name = "C"\n{toml}\n'
    root = repo(tmp_path, {}, "[[tool.archfit.contracts]]\n" + text)
    config = (root / "pyproject.toml").read_text()
    run_ = check(root)
    assert_config_error(run_)
    assert_issue(run_, "pyproject.toml", line_of(config, f"{key} ="), fragment)


@pytest.mark.parametrize("case", sorted(BAD))
def test_adr_block_gives_adr006_at_the_options_line(case: str, tmp_path: Path) -> None:
    yaml, _, key, fragment = BAD[case]
    body = FENCE.format(f"contracts:\n  - name: C\n    {yaml}")
    text = accepted("ADR-0001: A", body)
    result = run(repo(tmp_path, {"0001-a.md": text}))
    invalid = adr_findings(result, "ADR006")
    assert [(f.path, f.line) for f in invalid] == [
        ("docs/adr/0001-a.md", line_of(text, f"    {key}:"))
    ]
    assert fragment in invalid[0].message
    assert not [c for c in result.contracts if c.source.kind == "adr"]  # no verdict, no pass


def test_every_bad_option_of_a_contract_is_reported_at_its_own_line(tmp_path: Path) -> None:
    block = (
        "contracts:\n  - name: C\n    type: acyclic_siblings\n    ancestors: [drifty]\n"
        "    depth: -1\n    unmatched_ignore_imports_alerting: bogus\n    skip_descendant: x"
    )
    text = accepted("ADR-0001: A", FENCE.format(block))
    invalid = adr_findings(run(repo(tmp_path, {"0001-a.md": text})), "ADR006")
    lines = [line_of(text, key) for key in ("depth:", "alerting:", "skip_descendant:")]
    assert sorted(f.line for f in invalid) == sorted(lines)
    assert any("did you mean 'skip_descendants'?" in f.message for f in invalid)


def test_shorthand_layers_meet_the_same_rules(tmp_path: Path) -> None:
    text = accepted("ADR-0001: A", FENCE.format("layers: drifty.core > drifty.core"))
    invalid = adr_findings(run(repo(tmp_path, {"0001-a.md": text})), "ADR006")
    assert len(invalid) == 1 and "more than one layer" in invalid[0].message


def test_adr_explain_sees_a_protected_contract(tmp_path: Path, run_cli: Any) -> None:
    """``protected_modules`` is the protected type's scope field: its modules are governed."""
    block = (
        "contracts:\n  - name: Core is protected\n    type: protected\n"
        "    protected_modules: [drifty.core]\n    allowed_importers: [drifty]"
    )
    root = repo(tmp_path, {"0001-a.md": accepted("ADR-0001: A", FENCE.format(block))})
    code, out, _ = run_cli("adr", "explain", str(root / "drifty" / "core.py"), str(root))
    assert code == 0
    assert "ADR-0001 [accepted]" in out
    assert "rule `contract Core is protected`" in out
    code, out, _ = run_cli("adr", "explain", str(root / "drifty" / "__init__.py"), str(root))
    assert "ADR-0001" not in out  # allowed_importers are not what the decision governs

"""tach's configuration read as-is (ADR-0017): a key tach 0.35.3 refuses is a config error
with file, line and a did-you-mean (exit 2), and tach refuses it too; a key tach accepts but
that changes nothing ``tach check`` reports is named in a warning."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from fitness.cli.main import main

HEAD = """source_roots = ["src"]

[[modules]]
path = "billing"
depends_on = ["core"]

[[modules]]
path = "core"
depends_on = []
"""
FILES = {
    "src/billing/__init__.py": "import core\n",
    "src/core/__init__.py": "",
}

# (text put before HEAD when it is a top-level key, else after it; line; words expected)
REFUSED = {
    "top-level typo": ('source_root = ["src"]\n', 1, "'source_root' (did you mean source_roots?)"),
    "module key typo": (
        '[[modules]]\npath = "x"\ndepend_on = []\n',
        13,
        "'depend_on' (did you mean depends_on?)",
    ),
    "dependency table": (
        '[[modules]]\npath = "x"\ndepends_on = [{ path = "core", deprecate = true }]\n',
        13,
        "'deprecate' (did you mean deprecated?)",
    ),
    "interface typo": ('[[interfaces]]\nexposes = ["api"]\n', 11, "'exposes'"),
    "interface without expose": ('[[interfaces]]\nfrom = ["core"]\n', 11, "missing required key"),
    "layer table": ('layers = [{ name = "a", closd = true }]\n', 1, "'closd'"),
    "root_module value": (
        'root_module = "dependencies_only"\n',
        1,
        "did you mean dependenciesonly",
    ),
    "boolean as text": ('exact = "yes"\n', 1, "exact must be true or false"),
    "removed key": ("use_regex_matching = true\n", 1, "'use_regex_matching'"),
    "rule setting": ('[rules]\nunused_ignore_directives = "warning"\n', 12, "did you mean warn"),
}


def _project(tmp_path: Path, extra: str) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    top = not extra.startswith("[")
    (tmp_path / "tach.toml").write_text(extra + HEAD if top else HEAD + "\n" + extra)
    return tmp_path


def _archfit(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", str(root), "--no-cache", *args])
    return result.exit_code, result.stdout, result.stderr


def _tach_refuses(root: Path) -> bool:
    command = [sys.executable, "-m", "tach", "check"]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)
    return done.returncode != 0 and "Failed to parse project config" in done.stdout + done.stderr


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_key_tach_refuses_is_a_config_error_with_its_line(tmp_path: Path, case: str) -> None:
    extra, line, words = REFUSED[case]
    root = _project(tmp_path, extra)
    code, _, err = _archfit(root)
    assert code == 2
    assert f"tach.toml:{line}: " in err and words in err, err
    assert _tach_refuses(root), "the oracle must refuse it too"


def test_keys_without_effect_are_named_as_ignored(tmp_path: Path) -> None:
    extra = (
        '[cache]\nfile_dependencies = ["requirements.txt"]\n'
        '[rules]\nsome_future_rule = "off"\n'
        '[[modules]]\npath = "x"\ndepends_on_external = ["requests"]\n'
    )
    root = _project(tmp_path, extra)
    (root / "src/x").mkdir()
    (root / "src/x/__init__.py").write_text("")
    code, out, _ = _archfit(root, "--format", "json")
    warnings = json.loads(out)["warnings"]
    assert code == 0  # billing -> core is declared; x has no depends_on: nothing to judge
    assert any(w.startswith("tach.toml:11: cache ignored") for w in warnings), warnings
    assert any(w.startswith("tach.toml:14: rules.some_future_rule ignored") for w in warnings)
    assert any("depends_on_external ignored" in w for w in warnings), warnings


def test_contract_ids_say_where_each_came_from(tmp_path: Path) -> None:
    root = _project(tmp_path, '[[interfaces]]\nexpose = ["api"]\nfrom = ["core"]\n')
    (root / "src/core/api.py").write_text("")
    code, out, _ = _archfit(root, "--format", "json")
    contracts = {c["id"]: c for c in json.loads(out)["contracts"]}
    assert set(contracts) >= {"tach:module:billing", "tach:module:core", "tach:interface:1"}
    assert contracts["tach:module:billing"]["source"] == {
        "id": "tach:module:billing",
        "kind": "tach",
        "line": 3,
        "path": "tach.toml",
    }
    assert code == 0


def test_a_dependency_its_visibility_does_not_admit_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path, '[[modules]]\npath = "x"\ndepends_on = []\nvisibility = ["x"]\n')
    text = (root / "tach.toml").read_text().replace('depends_on = ["core"]', 'depends_on = ["x"]')
    (root / "tach.toml").write_text(text)
    (root / "src/x").mkdir()
    (root / "src/x/__init__.py").write_text("")
    code, _, err = _archfit(root)
    assert code == 2 and "tach.toml:3: tach module 'billing' cannot depend on 'x'" in err, err
    done = subprocess.run([sys.executable, "-m", "tach", "check"], cwd=root, capture_output=True)
    assert done.returncode != 0


def test_declared_cycles_are_refused_with_forbid_circular_dependencies(tmp_path: Path) -> None:
    root = _project(tmp_path, "")
    text = (root / "tach.toml").read_text()
    text = "forbid_circular_dependencies = true\n" + text.replace(
        "depends_on = []", 'depends_on = ["billing"]'
    )
    (root / "tach.toml").write_text(text)
    code, _, err = _archfit(root)
    assert code == 2
    assert "circular dependency for tach module 'billing'" in err
    assert "circular dependency for tach module 'core'" in err
    done = subprocess.run(
        [sys.executable, "-m", "tach", "check"], cwd=root, capture_output=True, text=True
    )
    assert done.returncode != 0 and "Circular dependency" in done.stdout + done.stderr


def _mentions(root: Path, name: str) -> list[str]:
    code, out, _ = _archfit(root, "--format", "json")
    assert code in (0, 1)
    return [f["message"] for f in json.loads(out)["findings"] if name in f["message"]]


def test_external_exclude_and_rename_reach_the_dependency_rules(tmp_path: Path) -> None:
    root = _project(tmp_path, "")
    (root / "src/core/__init__.py").write_text("import fancymod\nimport othermod\n")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "shop"\nversion = "1"\ndependencies = ["fancy-dist"]\n'
    )
    assert _mentions(root, "fancymod") and _mentions(root, "othermod"), "both undeclared"
    text = (root / "tach.toml").read_text()
    (root / "tach.toml").write_text(
        text + '\n[external]\nrename = ["fancymod:fancy-dist"]\nexclude = ["othermod"]\n'
    )
    assert _mentions(root, "fancymod") == []
    assert _mentions(root, "othermod") == []


@pytest.mark.parametrize("mode", ["forbid", "dependenciesonly"])
def test_root_module_modes_refuse_root_where_tach_does(tmp_path: Path, mode: str) -> None:
    root = _project(tmp_path, "")
    text = (
        (root / "tach.toml").read_text().replace('depends_on = ["core"]', 'depends_on = ["<root>"]')
    )
    (root / "tach.toml").write_text(f'root_module = "{mode}"\n' + text)
    code, _, err = _archfit(root)
    assert code == 2 and f"tach.toml:4: root_module = '{mode}'" in err, err
    done = subprocess.run(
        [sys.executable, "-m", "tach", "check"], cwd=root, capture_output=True, text=True
    )
    assert done.returncode != 0 and "root module" in (done.stdout + done.stderr).lower()


def test_settings_read_but_not_judged_are_named(tmp_path: Path) -> None:
    extra = '[plugins.django]\nsettings_module = "site.settings"\n'
    root = _project(tmp_path, "include_string_imports = true\n" + "")
    (root / "tach.toml").write_text((root / "tach.toml").read_text() + "\n" + extra)
    code, out, _ = _archfit(root, "--format", "json")
    warnings = json.loads(out)["warnings"]
    assert code == 0
    assert any("plugins.django not judged" in w for w in warnings), warnings
    assert any("include_string_imports is not judged" in w for w in warnings), warnings


def test_invalid_toml_in_a_domain_file_names_its_line(tmp_path: Path) -> None:
    root = _project(tmp_path, "")
    (root / "src/core/tach.domain.toml").write_text('[root]\ndepends_on = ["a"\n\nlayer = 3\n')
    code, _, err = _archfit(root)
    assert code == 2 and "src/core/tach.domain.toml:" in err and "invalid TOML" in err, err


def test_a_key_tach_refuses_in_a_domain_file_is_refused_there(tmp_path: Path) -> None:
    root = _project(tmp_path, "")
    (root / "src/core/tach.domain.toml").write_text("[root]\ndepend_on = []\n")
    code, _, err = _archfit(root)
    assert code == 2, err
    assert "src/core/tach.domain.toml:2: unknown key 'depend_on' (did you mean depends_on?)" in err
    done = subprocess.run(
        [sys.executable, "-m", "tach", "check"], cwd=root, capture_output=True, text=True
    )
    assert done.returncode != 0 and "depend_on" in done.stdout + done.stderr


def test_an_expose_that_is_no_regular_expression_is_a_config_error(tmp_path: Path) -> None:
    root = _project(tmp_path, '[[interfaces]]\nexpose = ["api("]\nfrom = ["core"]\n')
    code, _, err = _archfit(root)
    assert code == 2 and "tach.toml:11: tach:interface:1: 'api(' is not a valid regex" in err, err


def test_config_option_takes_a_tach_toml(tmp_path: Path) -> None:
    root = _project(tmp_path, "")
    (root / "src/core/__init__.py").write_text("import billing\n")
    code, out, _ = _archfit(root, "--config", str(root / "tach.toml"), "--format", "json")
    broken = [c["id"] for c in json.loads(out)["contracts"] if not c["kept"]]
    assert code == 1 and broken == ["tach:module:core"]

"""The bundled rule files, read ahead of time (``fitness.catalog.compiled``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fitness.catalog import compiled
from fitness.catalog.compiled import (
    COMPILED_FILE,
    bundled_pack_dir,
    compiled_read,
    compiled_text,
    rule_files,
)
from fitness.yaml_lines import load_with_lines
from tests.conftest import FIXTURES


def test_compiled_json_is_current() -> None:
    """``compiled.json`` is what the rule files give now (regenerate it as rules/README.md
    says after editing one)."""
    folder = bundled_pack_dir()
    assert (folder / COMPILED_FILE).read_text(encoding="utf-8") == compiled_text(folder)


def test_every_bundled_file_reads_as_its_yaml() -> None:
    """Each pack and built-in rule file comes from ``compiled.json`` with the value and lines
    the YAML reader gives."""
    folder = bundled_pack_dir()
    names = rule_files(folder)
    assert "architecture.yaml" in names and "builtin/contracts.yaml" in names
    for name in names:
        text = (folder / name).read_text(encoding="utf-8")
        assert compiled_read(folder, name, text) == load_with_lines(text), name
    text = (folder / "architecture.yaml").read_text(encoding="utf-8")
    first = compiled_read(folder, "architecture.yaml", text)
    assert first is not None
    first[0]["rules"].clear()  # a reader that changes its value changes no later read
    assert compiled_read(folder, "architecture.yaml", text) == load_with_lines(text)


def test_a_changed_rule_file_is_read_as_yaml(tmp_path: Path) -> None:
    """Only text with the digest it was compiled from is taken from ``compiled.json``; a
    missing or broken ``compiled.json`` is no file at all."""
    folder = bundled_pack_dir()
    text = (folder / "architecture.yaml").read_text(encoding="utf-8")
    assert compiled_read(folder, "architecture.yaml", text + "\n# edited\n") is None
    assert compiled_read(folder, "nowhere.yaml", text) is None
    shutil.copy(folder / "architecture.yaml", tmp_path / "architecture.yaml")
    (tmp_path / COMPILED_FILE).write_text("{not json", encoding="utf-8")
    compiled._entries.cache_clear()
    try:
        assert compiled_read(tmp_path, "architecture.yaml", text) is None
    finally:
        compiled._entries.cache_clear()


def test_a_value_json_cannot_keep_is_refused(tmp_path: Path) -> None:
    """A rule file holding a date (YAML reads ``2024-01-01`` as one) cannot be compiled."""
    (tmp_path / "dated.yaml").write_text("pack: dated\nsince: 2024-01-01\nrules: []\n")
    with pytest.raises(ValueError, match=r"dated\.yaml"):
        compiled_text(tmp_path)


def test_a_check_run_with_a_toml_config_never_imports_yaml(tmp_path: Path) -> None:
    """The point of it: a computed run over a project configured in ``pyproject.toml`` (every
    bundled pack, a contract) leaves PyYAML unloaded."""
    shutil.copytree(FIXTURES / "cycleshop" / "cycleshop", tmp_path / "cycleshop")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.archfit]\nroot_packages = ["cycleshop"]\n\n[[tool.archfit.contracts]]\n'
        'name = "flat"\ntype = "independence"\nmodules = ["cycleshop.orders"]\n'
    )
    code = (
        "import sys; from fitness.cli.main import main\n"
        "try:\n    main(['check', '--no-cache', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        "print('yaml' in sys.modules)"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert "independence" in ran.stdout  # the configuration was read: its contract ran
    assert ran.stdout.strip().splitlines()[-1] == "False"

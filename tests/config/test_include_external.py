"""``include_external_packages`` in archfit's own config works as import-linter's option."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CONFIG = """include_external_packages: {flag}
contracts:
  - name: no requests
    type: forbidden
    source_modules: [extpkg]
    forbidden_modules: [requests]
"""


def _target(tmp_path: Path, flag: str) -> str:
    (tmp_path / "extpkg").mkdir()
    (tmp_path / "extpkg" / "__init__.py").write_text("")
    (tmp_path / "extpkg" / "a.py").write_text("import requests\n")
    (tmp_path / "archfit.yaml").write_text(CONFIG.format(flag=flag))
    return str(tmp_path)


def test_external_forbidden_module_is_checked_by_default(tmp_path: Path, run_cli: Any) -> None:
    code, out, _ = run_cli("check", _target(tmp_path, "true"))
    assert code == 1 and "extpkg.a -> requests" in out


def test_without_externals_an_external_forbidden_module_is_a_config_error(
    tmp_path: Path, run_cli: Any
) -> None:
    code, _, err = run_cli("check", _target(tmp_path, "false"))
    assert code == 2
    assert "archfit.yaml:6:" in err and "include_external_packages" in err

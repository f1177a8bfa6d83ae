"""UNX007 module-size: source lines over a threshold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import found, make_repo


def _repo(root: Path, lines: int) -> Path:
    text = '"""Big."""\n' + "".join(f"X{i} = {i}\n" for i in range(lines))
    return make_repo(root, {"msshop/__init__.py": '"""Shop."""\n', "msshop/big.py": text})


def test_a_module_over_600_sloc_is_reported(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, 601), "UNX007") == [("UNX007", "msshop.big")]


def test_600_sloc_is_fine(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, 599), "UNX007") == []  # + the docstring line


def test_the_threshold_is_a_param_and_a_bad_one_is_a_config_error(
    tmp_path: Path, run_cli: Any
) -> None:
    config = "[tool.archfit.rules]\nmodule-size = { max_sloc = 100 }\n"
    root = _repo(tmp_path, 101)
    (root / "pyproject.toml").write_text(
        '[tool.archfit]\nroot_packages = ["msshop"]\n' + config, encoding="utf-8"
    )
    assert found(run_cli, root, "UNX007") == [("UNX007", "msshop.big")]
    (root / "pyproject.toml").write_text(
        '[tool.archfit]\nroot_packages = ["msshop"]\n'
        '[tool.archfit.rules]\nUNX007 = { max_sloc = "big" }\n',
        encoding="utf-8",
    )
    code, _, err = run_cli("check", str(root), "--no-cache")
    assert code == 2 and "max_sloc" in err

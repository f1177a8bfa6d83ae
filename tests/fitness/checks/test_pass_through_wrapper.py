"""CBX004 pass-through-wrapper: a body that only forwards its own arguments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import found, make_repo


def _repo(root: Path, body: str) -> Path:
    files = {
        "ptshop/__init__.py": "",
        "ptshop/store.py": "def load_user(user_id, fresh=False):\n    return {}\n",
        "ptshop/api.py": f"from ptshop import store\n\n\ndef fetch_user(user_id, fresh):\n{body}",
    }
    return make_repo(root, files)


def test_a_pure_forwarder_is_reported(tmp_path: Path, run_cli: Any) -> None:
    body = '    """Fetch."""\n    return store.load_user(user_id, fresh=fresh)\n'
    assert found(run_cli, _repo(tmp_path, body), "CBX004") == [("CBX004", "ptshop.api.fetch_user")]


def test_a_wrapper_that_changes_an_argument_is_not(tmp_path: Path, run_cli: Any) -> None:
    body = '    """Fetch."""\n    return store.load_user(int(user_id), fresh=fresh)\n'
    assert found(run_cli, _repo(tmp_path, body), "CBX004") == []


def test_dropping_an_argument_is_not_a_pass_through(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, "    return store.load_user(user_id)\n"), "CBX004") == []

"""``--since REF`` on a repository from an unknown pull request (issue #13): reading the old
tree runs nothing the target's git config names, and a ref that looks like an option is
refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.gitrepo import commit, edit, fixture_repo, git
from tests.conftest import check_json


def test_since_runs_no_filter_driver_of_the_targets_config(tmp_path: Path, run_cli: Any) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    marker = tmp_path / "filter-ran"
    git(repo, "config", "filter.evil.smudge", f"touch {marker}; cat")
    git(repo, "config", "filter.evil.textconv", f"touch {marker}; cat")
    edit(repo, ".gitattributes", "*.py filter=evil diff=evil\n")
    commit(repo, "attributes")
    edit(repo, "src/chatapp/persistence/extra.py", '"""Reaches up."""\nimport chatapp.api.views\n')
    commit(repo, "a layering violation")
    code, doc = check_json(run_cli, "--since", "HEAD~1", str(repo))
    assert code == 1
    assert [f["subject"] for f in doc["findings"]] == ["chatapp.persistence -> chatapp.api"]
    assert not marker.exists()


def test_since_refuses_a_ref_that_looks_like_an_option(tmp_path: Path, run_cli: Any) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    code, _, err = run_cli("check", "--since", "--output=/tmp/x", str(repo))
    assert code == 2 and "looks like an option" in err
    assert "Traceback" not in err

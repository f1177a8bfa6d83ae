"""Issue 19: no false greens. Unknown codes refuse, a filter is never a fix, the summary word
agrees with the exit code, and ``--contract`` checks one contract. Each case is a temporary
git repo built from fixtures/chatapp (2 broken contracts: CON001 layering, CON002 domain-pure).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.cli.gitrepo import configure, edit, fixture_repo, git, summary
from tests.conftest import FIXTURES, REPO

REPO_PY = "src/chatapp/persistence/repo.py"
VIEWS_PY = "src/chatapp/api/views.py"
BRANCHY = '"""Branches."""\n\n\ndef pick(a):\n    if a:\n        return 1\n    return 2\n'
TEAM_PACK = """pack: team
description: Our own rules.
rules:
  - code: TEAM001
    name: team-cyclomatic
    check: max-cyclomatic
    severity: error
    params:
      threshold: 1
    why: Our functions stay flat.
    how_to_fix: Split the function.
"""


def agrees(code: int, out: str) -> bool:
    """The summary word says what the exit code says."""
    word = summary(out).split(":")[0].split(" ")[0]
    return word == ("PASSED" if code == 0 else "FAILED")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return fixture_repo(tmp_path, "chatapp")


@pytest.fixture
def baselined(repo: Path, run_cli: Any) -> Path:
    """The fixture with both contract violations in its baseline (2 entries)."""
    code, out, _ = run_cli("baseline", str(repo))
    assert code == 0 and "2 findings" in out
    return repo


# --- unknown codes refuse, with the closest match -------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [
        ("--select", "CNO", "did you mean CON?"),
        ("--select", "CON001,CBX0O1", "did you mean CBX001?"),
        ("--ignore", "XYZ999", "unknown code 'XYZ999'"),
        ("--select", "max-cyclomatc", "did you mean max-cyclomatic?"),
    ],
)
def test_an_unknown_code_is_exit_2_with_the_closest_match(
    repo: Path, run_cli: Any, option: str, value: str, hint: str
) -> None:
    code, out, err = run_cli("check", option, value, str(repo))
    assert code == 2
    assert f"archfit: error: {option}: unknown code" in err and hint in err
    assert "PASSED" not in out


@pytest.mark.parametrize(
    ("value", "word"),
    [("CON", "FAILED"), ("c", "FAILED"), ("CON00", "FAILED"), ("CBX", "PASSED")],
)
def test_known_codes_and_prefixes_in_any_case_are_accepted(
    repo: Path, run_cli: Any, value: str, word: str
) -> None:
    code, out, _ = run_cli("check", "--select", value, str(repo))
    assert (code, summary(out).split(":")[0]) == (1 if word == "FAILED" else 0, word)


def test_a_rule_name_selects_its_code(repo: Path, run_cli: Any) -> None:
    edit(repo, VIEWS_PY, BRANCHY)
    configure(repo, "\n[tool.archfit.rules]\nmax-cyclomatic = { threshold = 1 }\n")
    code, out, _ = run_cli("check", "--select", "max-cyclomatic", str(repo))
    assert code == 1
    assert "CBX001" in out and "CON00" not in out
    code, out, _ = run_cli("check", "--ignore", "layers,forbidden", str(repo))
    assert code == 1 and "CBX001" in out and "BROKEN" not in out


def test_team_pack_codes_and_names_are_known(repo: Path, run_cli: Any) -> None:
    edit(repo, "rules/team.yaml", TEAM_PACK)
    edit(repo, VIEWS_PY, BRANCHY)
    configure(repo, 'packs = ["complexity-budget", "rules/team.yaml"]\n')
    for value in ("TEAM001", "team", "team-cyclomatic"):
        code, out, _ = run_cli("check", "--select", value, str(repo))
        assert code == 1 and "TEAM001" in out, value
    code, _, err = run_cli("check", "--select", "TAEM001", str(repo))
    assert code == 2 and "did you mean TEAM001?" in err


def test_an_unknown_rule_override_is_exit_2_with_file_line_and_closest_match(
    repo: Path, run_cli: Any
) -> None:
    configure(repo, '\n[tool.archfit.rules]\nmax-cyclomatc = "off"\nCNO001 = "off"\n')
    code, out, err = run_cli("check", str(repo))
    assert code == 2 and out == ""
    assert "pyproject.toml:10: unknown rule 'max-cyclomatc' (did you mean max-cyclomatic?)" in err
    assert "pyproject.toml:11: unknown rule 'CNO001' (did you mean CON001?)" in err


def test_explain_names_the_closest_rule(run_cli: Any) -> None:
    # "CON01" is as close to CON011 (allowed) as to CON001: a typo with one closest rule.
    code, _, err = run_cli("explain", "CON0001")
    assert code == 2 and "did you mean CON001?" in err


# --- a filter is not a fix ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "known"),
    [
        (("--select", "CBX001"), 0),
        (("--select", "CON001"), 1),
        (("--ignore", "CON"), 0),
        (("--contract", "layering"), 1),
    ],
)
@pytest.mark.parametrize("strict", [False, True])
def test_filtering_out_baselined_codes_fixes_nothing(
    baselined: Path, run_cli: Any, options: tuple[str, str], known: int, strict: bool
) -> None:
    flags = ["--strict-baseline"] if strict else []
    code, out, _ = run_cli("check", *options, *flags, str(baselined))
    assert code == 0, out
    assert summary(out).startswith("PASSED:")
    assert summary(out).endswith(f"0 new, {known} baselined, 0 fixed")
    assert "Fixed since the baseline" not in out


def test_a_rule_turned_off_fixes_nothing(baselined: Path, run_cli: Any) -> None:
    configure(baselined, '\n[tool.archfit.rules]\nforbidden = "off"\n')
    for flags in ([], ["--strict-baseline"]):
        code, out, _ = run_cli("check", *flags, str(baselined))
        assert code == 0
        assert summary(out).startswith("PASSED:")
        assert summary(out).endswith("0 new, 1 baselined, 0 fixed")


def test_a_files_run_fixes_nothing_in_other_files(repo: Path, run_cli: Any) -> None:
    edit(repo, VIEWS_PY, BRANCHY)
    configure(repo, "\n[tool.archfit.rules]\nmax-cyclomatic = { threshold = 1 }\n")
    code, out, _ = run_cli("baseline", str(repo))
    assert code == 0 and "3 findings" in out  # 2 contracts + CBX001 in views.py
    other = str(repo / "src/chatapp/domain/model.py")
    for flags in ([], ["--strict-baseline"]):
        code, out, _ = run_cli("check", *flags, str(repo), other)
        assert code == 0, out
        assert summary(out).startswith("PASSED:") and "0 fixed" in summary(out)


def test_adr_check_judges_only_adr_entries(baselined: Path, run_cli: Any) -> None:
    edit(
        baselined,
        "docs/adr/0001-layers.md",
        "# 1. Layers\n\n## Status\n\nAccepted\n\n## Decision\n\nLayers.\n",
    )
    code, out, _ = run_cli("adr", "check", str(baselined))
    assert code == 0, out
    assert "Fixed since the baseline" not in out and "CON00" not in out
    assert summary(out).startswith("PASSED:") and summary(out).endswith("0 fixed")


def test_a_real_fix_in_the_selection_still_fails_strict_and_says_why(
    baselined: Path, run_cli: Any
) -> None:
    edit(baselined, REPO_PY, '"""Storing."""\nfrom chatapp.domain.model import Message\n')
    code, out, _ = run_cli("check", "--select", "CON002", str(baselined))
    assert code == 0 and summary(out).endswith("0 new, 0 baselined, 1 fixed")
    code, out, _ = run_cli("check", "--select", "CON002", "--strict-baseline", str(baselined))
    assert code == 1
    assert summary(out).startswith(
        "FAILED (--strict-baseline: 1 baselined finding no longer occurs; run `archfit baseline`):"
    )
    code, out, _ = run_cli("check", "--select", "CON001", "--strict-baseline", str(baselined))
    assert code == 0 and summary(out).startswith("PASSED:")


def test_a_contract_with_only_baselined_violations_says_so(baselined: Path, run_cli: Any) -> None:
    code, out, _ = run_cli("check", str(baselined))
    assert code == 0
    assert (
        "BROKEN (baselined, 1 known) API above domain above persistence [layers: layering]" in out
    )
    assert "contracts 1 kept / 2 broken (2 baselined)" in summary(out)
    edit(baselined, "src/chatapp/persistence/extra.py", '"""Up."""\nimport chatapp.api.views\n')
    code, out, _ = run_cli("check", str(baselined))
    assert code == 1
    assert "BROKEN API above domain above persistence [layers: layering] 2 violations" in out


@pytest.mark.parametrize("value", ["UNX002", "CBX", "CON002"])
def test_a_contract_whose_code_is_not_selected_is_neither_printed_nor_counted(
    repo: Path, run_cli: Any, value: str
) -> None:
    code, out, _ = run_cli("check", "--select", value, str(repo))
    assert "[layers: layering]" not in out and "[independence: broadcast-alone]" not in out
    shown = 1 if value == "CON002" else 0
    assert f"contracts 0 kept / {shown} broken" in summary(out)
    assert code == shown and agrees(code, out)


# --- --contract ID --------------------------------------------------------------------------


def test_contract_checks_only_the_named_contracts(repo: Path, run_cli: Any) -> None:
    code, out, _ = run_cli("check", "--contract", "broadcast-alone", str(repo))
    assert code == 0 and "KEPT   Broadcast and API are independent" in out
    assert "BROKEN" not in out and "contracts 1 kept / 0 broken" in summary(out)
    code, out, _ = run_cli(
        "check", "--contract", "broadcast-alone", "--contract", "layering", str(repo)
    )
    assert code == 1 and "contracts 1 kept / 1 broken" in summary(out)
    assert "domain-pure" not in out


def test_an_unknown_contract_id_is_exit_2_with_the_closest_match(repo: Path, run_cli: Any) -> None:
    code, out, err = run_cli("check", "--contract", "layerng", str(repo))
    assert code == 2 and out == ""
    assert "--contract: unknown contract 'layerng' (did you mean layering?)" in err


# --- the summary word always agrees with the exit code ---------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--strict-baseline",),
        ("--select", "CON002", "--strict-baseline"),
        ("--select", "CBX", "--strict-baseline"),
        ("--no-baseline",),
        ("--contract", "domain-pure", "--strict-baseline"),
    ],
)
def test_the_summary_word_agrees_with_the_exit_code(
    baselined: Path, run_cli: Any, args: tuple[str, ...]
) -> None:
    edit(baselined, REPO_PY, '"""Storing."""\nfrom chatapp.domain.model import Message\n')
    code, out, _ = run_cli("check", *args, str(baselined))
    assert agrees(code, out), (args, code, summary(out))


# --- the hook sees what changes verdicts ------------------------------------------------------

HOOKED = (
    "src/pkg/mod.py",
    "stubs/mod.pyi",
    "pyproject.toml",
    "sub/project/pyproject.toml",
    "archfit.yaml",
    ".archfit.yaml",
    ".importlinter",
    "setup.cfg",
    "setup.py",
    ".archfit-baseline.json",
    "docs/adr/0001-layers.md",
    "decisions/0002-kafka.rst",
    "rules/team.yaml",
    "requirements.txt",
    "requirements-dev.txt",
    "uv.lock",
    "poetry.lock",
)
NOT_HOOKED = ("README.md", "docs/index.md", "notes.txt", "pkg/data.pyc", "mypyproject.toml")


def _hook() -> dict[str, Any]:
    import yaml

    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hook, dict)
    return hook


def test_the_hook_runs_on_configs_adrs_packs_and_dependency_files() -> None:
    hook = _hook()
    assert "types" not in hook  # pre-commit ANDs types with files: python only would win
    pattern = re.compile(hook["files"])  # pre-commit matches with re.search
    assert [p for p in HOOKED if not pattern.search(p)] == []
    assert [p for p in NOT_HOOKED if pattern.search(p)] == []
    assert hook["pass_filenames"] is True and hook["entry"] == "archfit check"


def test_a_files_run_with_a_config_among_files_judges_the_whole_tree(
    repo: Path, run_cli: Any
) -> None:
    model = str(repo / "src/chatapp/domain/model.py")
    code, out, _ = run_cli("check", str(repo), model)
    assert code == 0 and "chatapp.domain -> redis" not in out  # narrowed to model.py
    assert "[forbidden: domain-pure] (no violation in the files checked)" in out
    assert "0 violations" not in out
    code, out, _ = run_cli("check", str(repo), model, str(repo / "pyproject.toml"))
    assert code == 1 and summary(out).startswith("FAILED:")
    assert "chatapp.domain -> redis" in out and "chatapp.persistence -> chatapp.domain" in out
    code, out, _ = run_cli("check", str(repo), str(repo / "setup.py"))
    assert code == 1 and "chatapp.domain -> redis" in out


def test_as_pre_commit_calls_it_a_staged_config_judges_the_whole_tree(
    repo: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)  # pre-commit runs `archfit check FILES...` at the repo's top
    code, out, _ = run_cli("check", "src/chatapp/domain/model.py")
    assert code == 0 and summary(out).startswith("PASSED:")
    code, out, _ = run_cli("check", "src/chatapp/domain/model.py", "pyproject.toml")
    assert code == 1 and "chatapp.domain -> redis" in out


def test_in_a_monorepo_a_contract_of_any_project_is_known(tmp_path: Path, run_cli: Any) -> None:
    mono = tmp_path / "mono"
    no_cache = shutil.ignore_patterns(".archfit_cache")
    shutil.copytree(FIXTURES / "chatapp", mono / "one", ignore=no_cache)
    shutil.copytree(FIXTURES / "chatapp", mono / "two", ignore=no_cache)
    text = (mono / "two/pyproject.toml").read_text(encoding="utf-8")
    edit(mono, "two/pyproject.toml", text.replace('id = "layering"', 'id = "two-layering"'))
    git(mono, "init", "-q", "-b", "main")
    code, out, _ = run_cli("check", "--contract", "two-layering", str(mono))
    assert code == 1 and "[layers: two-layering]" in out and "[layers: layering]" not in out
    assert summary(out) == "FAILED: 2 projects, 1 failed (two)"
    code, _, err = run_cli("check", "--contract", "two-layerin", str(mono))
    assert code == 2 and "(did you mean two-layering?)" in err

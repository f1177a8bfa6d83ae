"""Each rule judges the file roles its pack entry lists; the config widens or narrows them per
rule and moves files between roles with ``[tool.archfit.roles]`` (issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from analyzer.roles import Role
from fitness import catalog
from fitness.config import Config
from fitness.config.model import RuleOverride
from fitness.engine.roles import judged_roles
from tests.conftest import check_json
from tests.fitness.checks.repo import found, make_repo

DENSE = "".join(
    f"def f{i}(a, b, c):\n"
    + "".join(
        f"    if a * {j} + b ** {j} > c - {j} and a % {j + 1} or b // {j + 1}:\n"
        f"        c = a * b + c / {j + 1} - a ** 2\n"
        for j in range(8)
    )
    + "    return a + b * c\n"
    for i in range(12)
)
# A dense module in each role: CBX002 (maintainability) and CBX001 (cyclomatic) both fire on it.
DENSE_EVERYWHERE = {
    "mishop/__init__.py": "",
    "mishop/dense.py": DENSE,
    "mishop/tests/__init__.py": "",
    "mishop/tests/test_dense.py": DENSE,
    "mishop/docs/__init__.py": "",
    "mishop/docs/tutorial.py": DENSE,
}


def _subjects(run_cli: Any, root: Path, code: str) -> list[str]:
    return sorted(subject.split(".f")[0] for _, subject in found(run_cli, root, code))


def test_maintainability_judges_library_code_only(tmp_path: Path, run_cli: Any) -> None:
    """CBX002 fired on test files although tests are judged only by CBX005 (and CBX001)."""
    root = make_repo(tmp_path, DENSE_EVERYWHERE)
    assert _subjects(run_cli, root, "CBX002") == ["mishop.dense"]


def test_a_rule_is_widened_to_tests_in_the_config(tmp_path: Path, run_cli: Any) -> None:
    config = '[tool.archfit.rules]\nCBX002 = { roles = ["library", "tests"] }\n'
    root = make_repo(tmp_path, DENSE_EVERYWHERE, config)
    assert _subjects(run_cli, root, "CBX002") == ["mishop.dense", "mishop.tests.test_dense"]


def test_a_rule_is_narrowed_in_the_config_by_name(tmp_path: Path, run_cli: Any) -> None:
    config = '[tool.archfit.rules]\nmaintainability = { roles = ["docs"], threshold = 10 }\n'
    root = make_repo(tmp_path, DENSE_EVERYWHERE, config)
    assert _subjects(run_cli, root, "CBX002") == ["mishop.docs.tutorial"]


def test_include_tests_adds_the_tests_role_to_max_cyclomatic(tmp_path: Path, run_cli: Any) -> None:
    root = make_repo(tmp_path, DENSE_EVERYWHERE)
    assert set(_subjects(run_cli, root, "CBX001")) == {"mishop.dense"}
    make_repo(
        tmp_path, DENSE_EVERYWHERE, "[tool.archfit.rules]\nCBX001 = { include_tests = true }\n"
    )
    assert set(_subjects(run_cli, root, "CBX001")) == {"mishop.dense", "mishop.tests.test_dense"}


def test_configured_globs_give_files_their_role(tmp_path: Path, run_cli: Any) -> None:
    """``[tool.archfit.roles]`` comes before the table: a docs folder named as library code is
    judged, a library module named as an example is not."""
    config = '[tool.archfit.roles]\nlibrary = ["mishop/docs/*"]\nexamples = ["mishop/dense.py"]\n'
    root = make_repo(tmp_path, DENSE_EVERYWHERE, config)
    assert _subjects(run_cli, root, "CBX002") == ["mishop.docs.tutorial"]


def test_every_pack_rule_says_which_roles_it_judges() -> None:
    """The defaults of issue 15: architecture and module rules judge library code; the import
    rules tests too (against dev dependencies); OBS002 the programs under scripts/ too."""
    rules = catalog.Catalog(catalog.load_packs(None, "."))
    roles = {doc.code: set(doc.roles) for doc in rules.pack_rules()}
    both = {Role.LIBRARY, Role.TESTS}
    assert {code for code, judged in roles.items() if judged == both} == {"ARC004", "ARC007"}
    assert roles["OBS002"] == {Role.LIBRARY, Role.SCRIPTS}
    others = set(roles) - {"ARC004", "ARC007", "OBS002"}
    assert all(roles[code] == {Role.LIBRARY} for code in others)
    assert set(rules.rule("INP001").roles) == set(Role)  # type: ignore[union-attr]
    assert rules.rule("CON001").roles == ()  # type: ignore[union-attr]


def test_judged_roles_prefer_the_config_and_add_role_params() -> None:
    doc = catalog.Catalog(catalog.load_packs(None, ".")).rule("CBX001")
    assert doc is not None
    assert judged_roles(doc, Config()) == {Role.LIBRARY}
    tests = Config(rules={"CBX001": RuleOverride(params={"include_tests": True})})
    assert judged_roles(doc, tests) == {Role.LIBRARY, Role.TESTS}
    narrowed = Config(rules={"max-cyclomatic": RuleOverride(roles=(Role.EXAMPLES,))})
    assert judged_roles(doc, narrowed) == {Role.EXAMPLES}


@pytest.mark.parametrize(
    ("config", "line", "message"),
    [
        (
            '[tool.archfit.roles]\ntest = ["qa/*"]\n',
            4,
            "unknown role 'test' (did you mean tests?)",
        ),
        ('[tool.archfit.roles]\ntests = "qa/*"\n', 4, "tests must be a list of strings"),
        (
            '[tool.archfit.rules]\nCBX002 = { roles = ["library", "test"] }\n',
            4,
            "rule 'CBX002': roles: unknown role 'test' (did you mean tests?)",
        ),
        (
            '[tool.archfit.rules]\nCON001 = { roles = ["tests"] }\n',
            4,
            "rule 'CON001' judges no files by role",
        ),
        ("[tool.archfit]\nroles = 3\n", 3, "roles must be a table"),
    ],
)
def test_bad_roles_are_config_errors_with_line(
    tmp_path: Path, run_cli: Any, config: str, line: int, message: str
) -> None:
    make_repo(tmp_path, {"mishop/__init__.py": ""}, config.replace("[tool.archfit]\n", ""))
    code, _, err = run_cli("check", str(tmp_path), "--no-cache")
    assert code == 2
    assert f"pyproject.toml:{line}: " in err and message in err, err


def test_a_pack_rule_with_an_unknown_role_is_a_config_error(tmp_path: Path, run_cli: Any) -> None:
    pack = (
        "pack: team\nrules:\n  - code: TEAM001\n    name: team-cycles\n    check: import-cycle\n"
        "    severity: error\n    roles: [library, exampels]\n    why: w\n    how_to_fix: h\n"
    )
    (tmp_path / "team.yaml").write_text(pack, encoding="utf-8")
    make_repo(tmp_path, {"mishop/__init__.py": ""}, 'packs = ["./team.yaml"]\n')
    code, _, err = run_cli("check", str(tmp_path), "--no-cache")
    assert code == 2
    assert "team.yaml:7: roles: unknown role 'exampels' (did you mean examples?)" in err, err


DEPENDENCIES = {
    "shop/__init__.py": "import requests\n",
    "tests/test_shop.py": "import pytest\nimport shop\n",
    "docs_src/tutorial001.py": "import fastapi\n",
}


def _project(root: Path, pyproject: str) -> Path:
    for path, text in {**DEPENDENCIES, "pyproject.toml": pyproject}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def _dependency_findings(run_cli: Any, root: Path) -> tuple[list[tuple[str, str]], list[str]]:
    _, doc = check_json(run_cli, str(root), "--no-cache", "--select", "ARC004")
    findings = sorted((f["code"], f["subject"]) for f in doc["findings"])
    return findings, doc["projects"][0]["dependencies"]


def test_test_imports_are_skipped_without_dev_dependencies(tmp_path: Path, run_cli: Any) -> None:
    """ARC004 fired on ``pytest`` in tests (httpx) and on docs_src (fastapi): with no dev
    dependencies declared, test imports are not judged and the summary says so; docs are
    not judged unless asked."""
    root = _project(tmp_path, '[project]\nname = "shop"\ndependencies = ["requests"]\n')
    findings, sources = _dependency_findings(run_cli, root)
    assert findings == []
    assert "imports of tests, docs, examples and scripts in the project not judged" in sources[-1]
    _, out, _ = run_cli("check", str(root), "--no-cache", "--select", "ARC004")
    assert "(no dev dependencies declared)" in out


def test_test_imports_are_judged_against_declared_dev_dependencies(
    tmp_path: Path, run_cli: Any
) -> None:
    pyproject = (
        '[project]\nname = "shop"\ndependencies = ["requests"]\n'
        '[dependency-groups]\ndev = ["ruff"]\n'
    )
    root = _project(tmp_path, pyproject)
    findings, sources = _dependency_findings(run_cli, root)
    assert findings == [("ARC004", "tests/test_shop.py -> pytest")]
    assert not any("not judged" in source for source in sources)
    root = _project(tmp_path, pyproject.replace('["ruff"]', '["ruff", "pytest"]'))
    assert _dependency_findings(run_cli, root)[0] == []


def test_docs_imports_are_judged_when_asked(tmp_path: Path, run_cli: Any) -> None:
    pyproject = (
        '[project]\nname = "shop"\ndependencies = ["requests"]\n'
        '[dependency-groups]\ndev = ["pytest"]\n'
        '[tool.archfit.rules]\nARC004 = { roles = ["library", "tests", "docs"] }\n'
    )
    root = _project(tmp_path, pyproject)
    assert _dependency_findings(run_cli, root)[0] == [
        ("ARC004", "docs_src/tutorial001.py -> fastapi")
    ]


def test_the_yaml_config_says_the_same(tmp_path: Path, run_cli: Any) -> None:
    """archfit.yaml's ``roles`` and a rule's ``roles``, with their lines when bad."""
    make_repo(tmp_path, DENSE_EVERYWHERE)
    (tmp_path / "pyproject.toml").unlink()
    yaml = "root_packages: [mishop]\nroles:\n  library: [mishop/docs/*]\n"
    (tmp_path / "archfit.yaml").write_text(yaml, encoding="utf-8")
    assert _subjects(run_cli, tmp_path, "CBX002") == ["mishop.dense", "mishop.docs.tutorial"]
    yaml += "rules:\n  CBX002:\n    roles: [tests, benchmark]\n"
    (tmp_path / "archfit.yaml").write_text(yaml, encoding="utf-8")
    code, _, err = run_cli("check", str(tmp_path), "--no-cache")
    assert code == 2
    assert "archfit.yaml:6: rule 'CBX002': roles: unknown role 'benchmark'" in err, err
    assert "(did you mean benchmarks?)" in err


def test_a_baselined_finding_in_a_role_no_longer_judged_is_not_fixed(
    tmp_path: Path, run_cli: Any
) -> None:
    """A baseline an older archfit recorded with CBX002 on a test file: the entry is neither
    fixed nor new, so no --strict-baseline gate goes red on the upgrade."""
    config = '[tool.archfit.rules]\nCBX002 = { roles = ["library", "tests"] }\n'
    root = make_repo(tmp_path, DENSE_EVERYWHERE, config)
    assert run_cli("baseline", str(root), "--no-cache")[0] == 0
    recorded = (root / ".archfit-baseline.json").read_text()
    assert "mishop.tests.test_dense" in recorded
    make_repo(tmp_path, DENSE_EVERYWHERE)
    code, doc = check_json(run_cli, str(root), "--no-cache", "--strict-baseline")
    assert (doc["summary"]["fixed"], doc["summary"]["new"]) == (0, 0)
    assert code == 0


def test_explain_says_which_roles_a_rule_judges(run_cli: Any) -> None:
    assert "Judges: library, tests files\n" in run_cli("explain", "ARC004")[1]
    assert "Judges:" not in run_cli("explain", "CON001")[1]


def test_a_test_suites_own_packages_are_first_party(tmp_path: Path, run_cli: Any) -> None:
    """flask's ``tests/test_apps/blueprintapp`` imports itself as ``blueprintapp`` (its folder
    is on ``sys.path`` in the tests): no ARC004, as deptry counts it local; a library module
    importing the same name is still judged."""
    pyproject = (
        '[project]\nname = "shop"\ndependencies = ["requests"]\n'
        '[dependency-groups]\ndev = ["pytest"]\n[tool.archfit]\nroot_packages = ["shop"]\n'
    )
    root = _project(tmp_path, pyproject)
    app = root / "tests" / "test_apps" / "blueprintapp"
    app.mkdir(parents=True)
    (app / "__init__.py").write_text("from blueprintapp.views import page\n", encoding="utf-8")
    (app / "views.py").write_text("page = 1\n", encoding="utf-8")
    (root / "tests" / "test_blueprints.py").write_text("import blueprintapp\n", encoding="utf-8")
    assert _dependency_findings(run_cli, root)[0] == []
    (root / "shop" / "web.py").write_text("import blueprintapp\n", encoding="utf-8")
    assert _dependency_findings(run_cli, root)[0] == [("ARC004", "shop.web -> blueprintapp")]

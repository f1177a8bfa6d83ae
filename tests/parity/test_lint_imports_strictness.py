"""import-linter 2.17 parity on what lint-imports refuses, and on ``private_modules``.

Each case writes a tiny package and an ``.importlinter`` (or ``pyproject.toml``) in tmp_path and
runs both tools as a user would. Where lint-imports refuses the configuration (exit 1, no
contract checked), archfit must refuse it too: exit 2, with the file and line of the option at
fault. Where lint-imports gives verdicts, archfit's must be the same.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from fitness.contracts.options import IMPORTLINTER, known_types
from fitness.contracts.registry import fields_of
from tests.config.conftest import Run, assert_config_error, assert_issue, check, line_of
from tests.parity.archfit_report import run_archfit
from tests.parity.lint_imports import lint_imports_process, run_lint_imports

PACKAGE = {
    "ilstrict/__init__.py": "",
    "ilstrict/__main__.py": "from ilstrict import api\n",  # a dunder name is not private
    "ilstrict/api/__init__.py": "from ilstrict.store import _sql\n",  # illegal
    "ilstrict/api/views.py": "from ilstrict.store import public\n",
    "ilstrict/store/__init__.py": "",
    "ilstrict/store/public.py": "from ilstrict.store import _sql, _cache\n",  # legal: inside
    "ilstrict/store/_cache.py": "",
    "ilstrict/store/_sql/__init__.py": "",
    "ilstrict/store/_sql/engine.py": "from ilstrict.store._sql import _pool\n",  # legal
    "ilstrict/store/_sql/_pool.py": "",
    "ilstrict/web/__init__.py": "",
    "ilstrict/web/app.py": "import ilstrict.store._sql.engine\n",  # illegal: below a private one
    "ilstrict/web/pool.py": "from ilstrict.store._sql import _pool\n",  # illegal: innermost
}
SESSION = "[importlinter]\nroot_package = ilstrict\n\n"


def make_project(root: Path, config: str, name: str = ".importlinter") -> str:
    """The package plus one config file; returns the config text."""
    for path, text in PACKAGE.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    body = textwrap.dedent(config).lstrip("\n")
    (root / name).write_text(body, encoding="utf-8")
    return body


def refused_by_both(root: Path, name: str, mentioned: str) -> Run:
    """lint-imports refuses the config naming ``mentioned``; archfit exits 2. Returns archfit's."""
    theirs = lint_imports_process(root, root, root / name)
    output = theirs.stdout + theirs.stderr
    assert theirs.returncode == 1, output
    assert "Contracts:" not in output, output
    assert mentioned in output, output
    run = check(root)
    assert_config_error(run)
    return run


PRIVATE = """
[importlinter]
root_package = ilstrict

[importlinter:contract:all]
name = Every private module stays private
type = private_modules

[importlinter:contract:api]
name = Private modules of the api
type = private_modules
packages_with_private_modules = ilstrict.api

[importlinter:contract:store]
name = Store privacy with its exceptions
type = private_modules
packages_with_private_modules = ilstrict.store
ignore_imports =
    ilstrict.api -> ilstrict.store._sql
    ilstrict.web.app -> ilstrict.store._sql.engine
    ilstrict.web.pool -> ilstrict.store._sql._pool

[importlinter:contract:children]
name = Children by wildcard
type = private_modules
packages_with_private_modules = ilstrict.*
broken_contract_guidance = Import ilstrict.store.public instead.
"""


def test_private_modules_verdicts_and_illegal_imports_equal_lint_imports(tmp_path: Path) -> None:
    """Kept and broken alike; the same illegal imports, ``__main__`` and inner imports legal."""
    make_project(tmp_path, PRIVATE)
    theirs = run_lint_imports(tmp_path, tmp_path)
    ours = run_archfit(tmp_path)
    assert {name: c.kept for name, c in ours.items()} == theirs.verdicts(), theirs.output
    assert sorted(theirs.verdicts().values()) == [False, False, True, True]
    expected = {
        ("ilstrict.api", "ilstrict.store._sql"),
        ("ilstrict.web.app", "ilstrict.store._sql.engine"),
        ("ilstrict.web.pool", "ilstrict.store._sql._pool"),
    }
    for name in ("Every private module stays private", "Children by wildcard"):
        assert theirs.contracts[name].illegal_imports() == expected, theirs.output
        assert ours[name].pairs() == expected
        assert {f["code"] for f in ours[name].findings} == {"CON009"}


# case -> (config after the session, the text lint-imports' error names, archfit's fragments,
# the line archfit names)
REFUSED = {
    "misspelled-option": (
        "[importlinter:contract:a]\nname = A\ntype = layers\ncontainers = ilstrict\n"
        "layers =\n    web\n    store\nexhaustiv = true\n",
        "Did you mean 'exhaustive'?",
        ("unknown option 'exhaustiv'", "did you mean 'exhaustive'?"),
        "exhaustiv",
    ),
    "archfit-option": (
        "[importlinter:contract:a]\nname = A\ntype = independence\n"
        "modules =\n    ilstrict.web\n    ilstrict.api\nhow_to_fix = Ask the store team.\n",
        "how_to_fix",
        ("'how_to_fix' is an archfit option lint-imports refuses",),
        "how_to_fix",
    ),
    "archfit-type": (
        "[importlinter:contract:a]\nname = A\ntype = acyclic\nmodules = ilstrict\n",
        "acyclic",
        ("'acyclic' is an archfit contract type, not one of import-linter's",),
        "type = acyclic",
    ),
    "exhaustive-without-containers": (
        "[importlinter:contract:a]\nname = A\ntype = layers\n"
        "layers =\n    ilstrict.web\n    ilstrict.store\nexhaustive = true\n",
        "not supported for contracts without",
        ("exhaustive needs containers",),
        "exhaustive = true",
    ),
    "no-contracts": (
        "",
        "No contracts found",
        ("has no contracts",),
        "[importlinter]",
    ),
    "module-repeated-in-a-layer": (
        "[importlinter:contract:a]\nname = A\ntype = layers\ncontainers = ilstrict\n"
        "layers =\n    web | web\n    store\n",
        "Modules cannot be repeated in a layer",
        ("modules cannot be repeated in a layer",),
        "layers =",
    ),
    "modules-contain-each-other-in-a-layer": (
        "[importlinter:contract:a]\nname = A\ntype = layers\n"
        "layers =\n    ilstrict.web | ilstrict.web.app\n    ilstrict.store\n",
        "Modules cannot contain each other in a layer",
        ("modules cannot contain each other in a layer", "'ilstrict.web' contains"),
        "layers =",
    ),
    "module-in-two-layers": (
        "[importlinter:contract:a]\nname = A\ntype = layers\ncontainers = ilstrict\n"
        "layers =\n    web\n    api | store\n    store\n",
        "Modules cannot be in more than one layer",
        ("modules cannot be in more than one layer", "store"),
        "layers =",
    ),
    "layer-inside-another": (
        "[importlinter:contract:a]\nname = A\ntype = layers\n"
        "layers =\n    ilstrict.web\n    ilstrict.store\n    ilstrict.store._sql\n",
        "Layers cannot contain other layers",
        ("layers cannot contain other layers", "'ilstrict.store' contains"),
        "layers =",
    ),
    "missing-forbidden-module": (
        "[importlinter:contract:a]\nname = A\ntype = forbidden\n"
        "source_modules = ilstrict.web\nforbidden_modules = ilstrict.stor\n",
        "Module 'ilstrict.stor' does not exist.",
        ("'ilstrict.stor' does not exist",),
        "forbidden_modules",
    ),
    "private-package-listed": (
        "[importlinter:contract:a]\nname = A\ntype = private_modules\n"
        "packages_with_private_modules = ilstrict.store._sql\n",
        "Packages cannot be private",
        ("packages cannot be private", "'ilstrict.store._sql'"),
        "packages_with_private_modules",
    ),
    "wildcard-matches-a-private-package": (
        "[importlinter:contract:a]\nname = A\ntype = private_modules\n"
        "packages_with_private_modules = ilstrict.store.*\n",
        "matched packages that are private",
        ("'ilstrict.store.*'", "packages cannot be private", "'ilstrict.store._cache'"),
        "packages_with_private_modules",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_lint_imports_refuses_archfit_refuses_at_the_line(case: str, tmp_path: Path) -> None:
    """Each strictness of lint-imports 2.16 and 2.17 (its release notes): no verdict from either
    tool, never a pass."""
    contract, mentioned, fragments, needle = REFUSED[case]
    text = make_project(tmp_path, SESSION + contract)
    run = refused_by_both(tmp_path, ".importlinter", mentioned)
    assert_issue(run, ".importlinter", line_of(text, needle), *fragments)


TOML_CASES: dict[str, tuple[str, str, tuple[str, ...], str | int]] = {
    "misspelled-option": (
        'name = "A"\ntype = "forbidden"\nsource_modules = ["ilstrict.web"]\n'
        'forbidden_modules = ["ilstrict.store"]\nallow_indirect_import = true\n',
        "Did you mean 'allow_indirect_imports'?",
        ("did you mean 'allow_indirect_imports'?",),
        "allow_indirect_import =",
    ),
    "duplicate-id-in-a-file": (
        'id = "web"\nname = "A"\ntype = "independence"\nmodules = ["ilstrict.web"]\n\n'
        '[[tool.importlinter.contracts]]\nid = "web"\nname = "B"\ntype = "independence"\n'
        'modules = ["ilstrict.api"]\n',
        "More than one contract in pyproject.toml has the id 'web'",
        ("duplicate contract id 'web' (first at line 4)",),
        10,  # the second [[tool.importlinter.contracts]] (the first is on line 4)
    ),
    "colon-in-id": (
        'id = "web:store"\nname = "A"\ntype = "forbidden"\nsource_modules = ["ilstrict.web"]\n'
        'forbidden_modules = ["ilstrict.store"]\n',
        "may not contain a colon",
        ("may not contain a colon",),
        'id = "web:store"',
    ),
}


@pytest.mark.parametrize("case", sorted(TOML_CASES))
def test_tool_importlinter_refusals_name_their_line(case: str, tmp_path: Path) -> None:
    """The same strictness in ``[tool.importlinter]`` of pyproject.toml."""
    contract, mentioned, fragments, needle = TOML_CASES[case]
    config = '[tool.importlinter]\nroot_package = "ilstrict"\n\n'
    config += "[[tool.importlinter.contracts]]\n" + contract
    text = make_project(tmp_path, config, "pyproject.toml")
    run = refused_by_both(tmp_path, "pyproject.toml", mentioned)
    line = needle if isinstance(needle, int) else line_of(text, needle)
    assert_issue(run, "pyproject.toml", line, *fragments)


def test_misspelled_option_in_setup_cfg(tmp_path: Path) -> None:
    """setup.cfg is read like .importlinter: the same refusal, at the line in setup.cfg."""
    contract, mentioned, fragments, needle = REFUSED["misspelled-option"]
    text = make_project(
        tmp_path, "[metadata]\nname = ilstrict\n\n" + SESSION + contract, "setup.cfg"
    )
    run = refused_by_both(tmp_path, "setup.cfg", mentioned)
    assert_issue(run, "setup.cfg", line_of(text, needle), *fragments)


def _importlinter_types() -> dict[str, set[str]]:
    """import-linter's built-in types and the options each accepts (its own fields)."""
    from importlinter.application.use_cases import _get_built_in_contract_types
    from importlinter.domain import fields

    return {
        name: {n for n in dir(kind) if isinstance(getattr(kind, n), fields.Field)}
        for name, kind in _get_built_in_contract_types()
    }


def test_import_linter_types_and_options_are_exactly_lint_imports() -> None:
    """The schema archfit validates import-linter's files with is import-linter's own: a type or
    option a new release adds (or drops) fails here until archfit follows it."""
    theirs = _importlinter_types()
    assert sorted(known_types(IMPORTLINTER)) == sorted(theirs)
    for name, options in theirs.items():
        accepted = {key for key, spec in fields_of(name).items() if not spec.archfit_only}
        assert accepted == options, name

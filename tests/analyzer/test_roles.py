"""File roles from paths: the configured globs, Django's folders, then the pattern table."""

from __future__ import annotations

import fnmatch

import pytest

from analyzer.roles import FILES, Role, folder_role, role_named, role_of


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("src/shop/api.py", Role.LIBRARY),
        ("tests/test_api.py", Role.TESTS),
        ("src/shop/tests/unit/helpers.py", Role.TESTS),
        ("conftest.py", Role.TESTS),
        ("shop/api_test.py", Role.TESTS),
        ("docs/conf.py", Role.DOCS),
        ("docs_src/first_steps/tutorial001.py", Role.DOCS),
        ("examples/tutorial/flaskr/__init__.py", Role.EXAMPLES),
        ("scripts/release.py", Role.SCRIPTS),
        ("benchmarks/bench_x.py", Role.BENCHMARKS),
        ("shop/billing/migrations/0001_initial.py", Role.MIGRATIONS),
        ("shop/tests/migrations/0001_initial.py", Role.MIGRATIONS),  # Django's folders first
        ("setup.py", Role.SCRIPTS),
    ],
)
def test_the_table_gives_each_layout_its_role(path: str, role: Role) -> None:
    assert role_of(path) is role


def test_configured_globs_come_first() -> None:
    configured = [("tests/fixtures/**", Role.LIBRARY), ("tools/*.py", Role.SCRIPTS)]
    assert role_of("tests/fixtures/app/models.py", configured) is Role.LIBRARY
    assert role_of("tools/gen.py", configured) is Role.SCRIPTS
    assert role_of("tests/test_x.py", configured) is Role.TESTS


def test_a_folder_has_the_role_of_a_module_inside_it() -> None:
    assert folder_role("examples/app") is Role.EXAMPLES
    assert folder_role("src") is Role.LIBRARY


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("test/test_api.py", Role.TESTS),
        ("testing/helpers.py", Role.TESTS),
        ("django/test/client.py", Role.LIBRARY),  # shipped test helpers are library code
        ("numpy/testing/utils.py", Role.LIBRARY),
    ],
)
def test_test_and_testing_mark_tests_only_at_the_top(path: str, role: Role) -> None:
    assert role_of(path) is role


def test_a_role_is_found_by_its_name() -> None:
    assert role_named("docs") is Role.DOCS
    assert role_named("doc") is None


def test_the_outermost_folder_decides() -> None:
    """An example app's tests belong to the example (flask's examples/tutorial/tests/)."""
    assert role_of("examples/tutorial/tests/conftest.py") is Role.EXAMPLES
    assert role_of("tests/examples/app.py") is Role.TESTS
    assert role_of("docs/examples/tests/test_x.py") is Role.DOCS


@pytest.mark.parametrize(
    "name",
    [
        "conftest.py", "test_x.py", "test_.py", "x_test.py", "_test.py", "tests.py",
        "noxfile.py", "setup.py", "Test_x.py", "xtest.py", "test_x.pyc", "test_x.py\n",
        "setup.py.bak", "conftest.pyi", "a.py", "test_[x].py", "tests.py.py",
    ],
)  # fmt: skip
def test_file_names_get_the_role_of_their_first_matching_pattern(name: str) -> None:
    """One combined pattern decides what each pattern, tried in order, decided."""
    expected = next(
        (role for pattern, role in FILES if fnmatch.fnmatchcase(name, pattern)), Role.LIBRARY
    )
    assert role_of(name) is expected
    assert role_of(f"pkg/{name}") is expected

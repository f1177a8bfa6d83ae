"""Which package a module is private to, under import-linter 2.17's rules."""

from __future__ import annotations

import pytest

from fitness.contracts.private_modules import privacy_parent


@pytest.mark.parametrize(
    ("module", "parent"),
    [
        ("pkg.foo._bar", "pkg.foo"),  # private to its parent package
        ("pkg.foo._bar.baz", "pkg.foo"),  # below a private module: private to the same package
        ("pkg._a.b._c", "pkg._a.b"),  # the innermost private module has the strictest scope
        ("pkg.__main__", None),  # dunder names are not private
        ("pkg.__secret", "pkg"),  # a leading double underscore without a trailing one is private
        ("_top", None),  # a top-level module has no parent to be private to
        ("_top.child", None),  # ... nor is its child private to anything
        ("pkg.foo", None),
    ],
)
def test_privacy_parent(module: str, parent: str | None) -> None:
    assert privacy_parent(module) == parent

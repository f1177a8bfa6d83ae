"""Each analysed file's role (library, tests, examples, docs, scripts, benchmarks, migrations),
decided from its path alone by a table of patterns with a precedence (issue #15).

The first match wins, in this order: the configuration's globs (``[tool.archfit.roles]``),
Django's app conventions, then the path patterns below; a file that matches none is
``library``. A folder pattern matches a folder of that name at any depth (``tests/`` is
``tests/``, ``src/pkg/tests/`` and ``pkg/tests/unit/``; the outermost such folder decides:
``examples/app/tests/`` is an example's), except ``test/`` and ``testing/``,
which mark tests only at the top of the project: inside a package they are library code that
ships (``django/test/``, ``numpy/testing/``). Configured globs are ``fnmatch`` patterns on the
project-relative path, where ``*`` crosses folders (``qa/*`` is everything under ``qa/``).
"""

from __future__ import annotations

import enum
import fnmatch
import functools
import posixpath
import re
from collections.abc import Sequence


class Role(enum.StrEnum):
    """A file's role; only ``library`` code is the architecture."""

    LIBRARY = "library"
    TESTS = "tests"
    EXAMPLES = "examples"
    DOCS = "docs"
    SCRIPTS = "scripts"
    BENCHMARKS = "benchmarks"
    MIGRATIONS = "migrations"


# Django loads these by convention; migrations are generated code with a role of their own.
DJANGO_FOLDERS: tuple[tuple[str, Role], ...] = (("migrations", Role.MIGRATIONS),)
# Folder names, at any depth, and the role of everything below them.
FOLDERS: tuple[tuple[str, Role], ...] = (
    ("tests", Role.TESTS),
    ("docs", Role.DOCS),
    ("doc", Role.DOCS),
    ("docs_src", Role.DOCS),
    ("examples", Role.EXAMPLES),
    ("example", Role.EXAMPLES),
    ("scripts", Role.SCRIPTS),
    ("benchmarks", Role.BENCHMARKS),
    ("benchmark", Role.BENCHMARKS),
)
# Folder names that mark tests at the top of the project only.
TOP_FOLDERS: tuple[tuple[str, Role], ...] = (("test", Role.TESTS), ("testing", Role.TESTS))
_BY_FOLDER = dict(FOLDERS)
_AT_TOP = dict(TOP_FOLDERS)
# File name patterns (fnmatch), wherever the file is.
FILES: tuple[tuple[str, Role], ...] = (
    ("conftest.py", Role.TESTS),
    ("test_*.py", Role.TESTS),
    ("*_test.py", Role.TESTS),
    ("tests.py", Role.TESTS),
    ("noxfile.py", Role.SCRIPTS),
    ("setup.py", Role.SCRIPTS),
)


# FILES as one pattern (the first alternative that matches names the role): one match per
# path instead of one per pattern, which was half of ``role_of``'s time on Django.
_FILE_ROLES = re.compile(
    "|".join(f"(?P<r{i}>{fnmatch.translate(pattern)})" for i, (pattern, _) in enumerate(FILES))
)


def role_of(path: str, configured: Sequence[tuple[str, Role]] = ()) -> Role:
    """The role of ``path`` (relative, forward slashes): the configured globs first, then
    Django's folders, then the folder and file patterns; ``library`` otherwise."""
    return _role_of(path, tuple(configured))


@functools.lru_cache(maxsize=1 << 15)  # asked for every file by the engine and several checks
def _role_of(path: str, configured: tuple[tuple[str, Role], ...]) -> Role:
    for pattern, role in configured:
        if fnmatch.fnmatchcase(path, pattern):
            return role
    *folders, name = path.split("/")
    for folder, role in DJANGO_FOLDERS:
        if folder in folders:
            return role
    # The outermost folder decides: an example app's tests are part of the example.
    for depth, folder in enumerate(folders):
        found = _BY_FOLDER.get(folder) or (_AT_TOP.get(folder) if depth == 0 else None)
        if found is not None:
            return found
    matched = _FILE_ROLES.match(name)
    return Role.LIBRARY if matched is None else FILES[int(str(matched.lastgroup)[1:])][1]


def role_named(name: str) -> Role | None:
    """The role called ``name`` (``"tests"``), or None when there is no such role."""
    return next((role for role in Role if role.value == name), None)


def folder_role(folder: str) -> Role:
    """The role of the files a folder holds, from its path alone (``examples/app`` ->
    ``examples``): what ``role_of`` gives a plain module inside it."""
    return role_of(posixpath.join(folder, "module.py"))

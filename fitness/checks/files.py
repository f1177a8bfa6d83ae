"""The parsed files the module checks read, whatever their role (``fitness.engine.roles``
keeps the findings in the roles a rule judges).
"""

from __future__ import annotations

from collections.abc import Iterator

from analyzer.facts import Facts, ParsedFile
from analyzer.outline import ModuleOutline
from analyzer.roles import Role, role_of

_SCRIPT_DIRS = frozenset({"scripts", "bin", "examples", "docs", "tools", "benchmarks"})


def is_test(path: str) -> bool:
    """A test file by the role table (``analyzer.roles``): under ``tests/``, ``test_*.py``,
    ``*_test.py``, ``conftest.py``... (``django/test/`` is library code); cached by
    ``role_of``."""
    return role_of(path) is Role.TESTS


def is_script(parsed: ParsedFile) -> bool:
    """A program rather than a library module: outside any package, ``__main__.py``, a
    ``__main__`` guard, or under ``scripts/``, ``bin/``, ``examples/``, ``docs/``, ``tools/``."""
    *folders, name = parsed.source.path.split("/")
    if parsed.source.module is None or name == "__main__.py":
        return True
    if parsed.outline is not None and parsed.outline.main_guard_line:
        return True
    return any(part in _SCRIPT_DIRS for part in folders)


def outlined_modules(facts: Facts) -> Iterator[tuple[str, ParsedFile, ModuleOutline]]:
    """Every analysed module, whatever its role, with its outline (parsed by ``ast``)."""
    for parsed in facts.parsed:
        module, shape = parsed.source.module, parsed.outline
        if module is not None and shape is not None:
            yield module, parsed, shape


def is_private(part: str) -> bool:
    """``_name`` but not ``__dunder__``."""
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))

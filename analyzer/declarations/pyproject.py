"""``pyproject.toml``: PEP 621 ``[project]``, PEP 735 ``[dependency-groups]``, Poetry, PDM, uv.

PEP 621: a ``[project]`` table declares its runtime dependencies (none when the key is
absent or the list empty), unless ``dependencies`` is ``dynamic``: then setup.py, setup.cfg or
the files of ``[tool.setuptools.dynamic]`` declare them. Dependency groups, Poetry groups and
``dev-dependencies``, PDM's and uv's dev tables are dev-only (kind ``group``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from analyzer.declarations.model import (
    Declarations,
    Requirement,
    line_of,
    normalize,
    requirement_name,
)

Table = Mapping[str, Any]


def is_distribution(data: Table) -> bool:
    """Whether this pyproject holds packaging metadata (``[project]`` or ``[tool.poetry]``)."""
    return "project" in data or "poetry" in _tool(data)


def name_of(data: Table) -> str:
    """The distribution's name, "" when it has none."""
    name = data.get("project", {}).get("name") or _tool(data).get("poetry", {}).get("name")
    return str(name) if isinstance(name, str) else ""


def dynamic_files(data: Table) -> list[str]:
    """``[tool.setuptools.dynamic] dependencies = {file = [...]}``: requirements files."""
    spec = _tool(data).get("setuptools", {}).get("dynamic", {}).get("dependencies", {})
    files = spec.get("file", []) if isinstance(spec, dict) else []
    return [files] if isinstance(files, str) else [str(f) for f in files]


def read(data: Table, text: str, path: str) -> Declarations:
    """Every declaration of one parsed pyproject; ``path`` is its path for findings."""
    found = Declarations()
    project = data.get("project")
    if isinstance(project, dict) and "dependencies" not in (project.get("dynamic") or []):
        found.runtime = True
        found.sources.append(f"{path} [project]")
    if isinstance(project, dict):
        found.requirements += _pep621(project, text, path)
    if isinstance(data.get("dependency-groups"), dict):
        found.sources.append(f"{path} [dependency-groups]")
        found.requirements += _groups(data["dependency-groups"], text, path)
    found.add(_poetry(_tool(data).get("poetry"), text, path))
    found.add(_dev_tables(_tool(data), text, path))
    return found


def _tool(data: Table) -> Table:
    tool = data.get("tool", {})
    return tool if isinstance(tool, dict) else {}


def _pep621(project: Table, text: str, path: str) -> list[Requirement]:
    found = _specs(project.get("dependencies"), "", "required", text, path)
    for extra, specs in _items(project.get("optional-dependencies")):
        found += _specs(specs, extra, "optional", text, path)
    return found


def _groups(groups: Table, text: str, path: str) -> list[Requirement]:
    """PEP 735 groups, ``{include-group = "x"}`` expanded (a cycle stops the expansion)."""
    found: list[Requirement] = []
    for group in groups:
        for spec in _expand(groups, group, ()):
            found += _specs([spec], group, "group", text, path)
    return found


def _expand(groups: Table, group: str, seen: tuple[str, ...]) -> Iterator[str]:
    for entry in groups.get(group) or []:
        if isinstance(entry, str):
            yield entry
        elif isinstance(entry, dict) and entry.get("include-group") not in (*seen, group, None):
            yield from _expand(groups, str(entry["include-group"]), (*seen, group))


def _specs(specs: Any, group: str, kind: str, text: str, path: str) -> list[Requirement]:
    found = []
    for spec in specs if isinstance(specs, list) else []:
        name = requirement_name(spec) if isinstance(spec, str) else None
        if name:
            found.append(Requirement(normalize(name), group, kind, path, line_of(text, name)))
    return found


def _items(value: Any) -> list[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, dict) else []


def _poetry(poetry: Any, text: str, path: str) -> Declarations:
    found = Declarations()
    if not isinstance(poetry, dict):
        return found
    extras = {normalize(d): e for e, names in _items(poetry.get("extras")) for d in names or []}
    found.runtime = True
    found.sources.append(f"{path} [tool.poetry]")
    for name, spec in _items(poetry.get("dependencies")):
        if name.lower() != "python":
            optional = isinstance(spec, dict) and bool(spec.get("optional", False))
            kind, group = (
                ("optional", extras.get(normalize(name), "")) if optional else ("required", "")
            )
            found.requirements.append(
                Requirement(normalize(name), group, kind, path, line_of(text, name))
            )
    groups = [("dev", name) for name, _ in _items(poetry.get("dev-dependencies"))]
    for group, table in _items(poetry.get("group")):
        groups += [(group, name) for name, _ in _items(table.get("dependencies"))]
    for group, name in groups:
        found.requirements.append(
            Requirement(normalize(name), group, "group", path, line_of(text, name))
        )
    return found


def _dev_tables(tool: Table, text: str, path: str) -> Declarations:
    """``[tool.pdm.dev-dependencies]`` (groups of specs) and ``[tool.uv] dev-dependencies``."""
    found = Declarations()
    pdm = tool.get("pdm", {}).get("dev-dependencies") if isinstance(tool.get("pdm"), dict) else None
    for group, specs in _items(pdm):
        found.requirements += _specs(specs, group, "group", text, path)
    if pdm is not None:
        found.sources.append(f"{path} [tool.pdm.dev-dependencies]")
    uv = tool.get("uv", {}).get("dev-dependencies") if isinstance(tool.get("uv"), dict) else None
    if uv is not None:
        found.sources.append(f"{path} [tool.uv] dev-dependencies")
        found.requirements += _specs(uv, "dev", "group", text, path)
    return found

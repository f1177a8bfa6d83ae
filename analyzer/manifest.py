"""What the target declares about its third-party dependencies, read from its own files only.

Declared requirements come from ``pyproject.toml`` (``[project.dependencies]``,
``[project.optional-dependencies]``, PEP 735 ``[dependency-groups]``, Poetry's
``[tool.poetry.dependencies]`` and groups), else from a ``*.dist-info/METADATA`` at the root
(an unpacked wheel). Import names of distributions come from ``*.dist-info`` folders the target
holds (``top_level.txt``, else ``RECORD``); which distribution installs which comes from the
target's lock file (``uv.lock``, ``poetry.lock``). Never from the environment archfit runs in.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analyzer.bounded import MAX_SOURCE_BYTES, MAX_TEXT_BYTES, read_bounded_text, too_deep
from analyzer.repository import repository_boundary

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def normalize(name: str) -> str:
    """PEP 503 normalised distribution name: ``PyYAML`` -> ``pyyaml``, ``a_b.c`` -> ``a-b-c``."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True, order=True)
class Requirement:
    """One declared distribution; ``group`` is "" (required), an extra's or a group's name."""

    name: str  # normalised
    group: str
    kind: str  # "required" | "optional" (an extra) | "group" (PEP 735, Poetry group: dev-only)
    path: str  # relative to the root
    line: int


@dataclass(frozen=True)
class Manifest:
    """Declared requirements, import names from metadata, and install relations from a lock."""

    requirements: tuple[Requirement, ...] = ()
    import_names: tuple[tuple[str, str], ...] = ()  # (top-level import name, distribution)
    installs: tuple[tuple[str, str], ...] = ()  # (distribution, a distribution it requires)
    found: bool = False  # whether any declaration was read at all


def read_manifest(root: str) -> Manifest:
    """The target's declarations; ``found`` is False when it declares nothing readable."""
    base = Path(root)
    requirements = _from_pyproject(base) or _from_metadata(base)
    return Manifest(
        requirements=tuple(sorted(set(requirements or ()))),
        import_names=tuple(sorted(set(_import_names(base)))),
        installs=tuple(sorted(set(_lock_relations(base)))),
        found=requirements is not None,
    )


def _from_pyproject(base: Path) -> list[Requirement] | None:
    path = base / "pyproject.toml"
    try:
        text = read_bounded_text(str(path), MAX_TEXT_BYTES, repository_boundary(str(base)))
        data = _toml(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    found = list(_pep621(data, text)) + list(_poetry(data, text))
    declared = "dependencies" in data.get("project", {}) or "poetry" in data.get("tool", {})
    return found if found or declared or "dependency-groups" in data else None


def _pep621(data: Mapping[str, Any], text: str) -> Iterator[Requirement]:
    project = data.get("project", {})
    groups = [("", "required", project.get("dependencies"))]
    groups += [(k, "optional", v) for k, v in _table(project.get("optional-dependencies"))]
    groups += [(k, "group", v) for k, v in _table(data.get("dependency-groups"))]
    for group, kind, specs in groups:
        for spec in specs or []:  # {include-group = "..."} entries add nothing new
            yield from _requirement(spec, group, kind, text)


def _table(value: Any) -> list[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, dict) else []


def _poetry(data: Mapping[str, Any], text: str) -> Iterator[Requirement]:
    poetry = data.get("tool", {}).get("poetry", {})
    for name, spec in _table(poetry.get("dependencies")):
        if name.lower() != "python":
            optional = isinstance(spec, dict) and spec.get("optional", False)
            kind = "optional" if optional else "required"
            yield Requirement(normalize(name), "", kind, "pyproject.toml", _line(text, name))
    groups = [("dev", name) for name, _ in _table(poetry.get("dev-dependencies"))]
    for group, table in _table(poetry.get("group")):
        groups += [(group, name) for name, _ in _table(table.get("dependencies"))]
    for group, name in groups:
        yield Requirement(normalize(name), group, "group", "pyproject.toml", _line(text, name))


def _requirement(spec: Any, group: str, kind: str, text: str) -> Iterator[Requirement]:
    match = _NAME.match(spec) if isinstance(spec, str) else None
    if match:
        name = match.group(1)
        yield Requirement(normalize(name), group, kind, "pyproject.toml", _line(text, name))


def _line(text: str, name: str) -> int:
    """The first line that names the distribution in quotes or as a key (1 if none)."""
    pattern = re.compile(rf"""(["']|^\s*){re.escape(name)}\b""", re.IGNORECASE | re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _from_metadata(base: Path) -> list[Requirement] | None:
    """``Requires-Dist`` of the root's ``*.dist-info/METADATA`` (an unpacked wheel)."""
    for folder in sorted(base.glob("*.dist-info")):
        try:
            text = (folder / "METADATA").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        display = f"{folder.name}/METADATA"
        from email.parser import HeaderParser  # 6 ms; only unpacked wheels have METADATA

        headers = HeaderParser().parsestr(text)
        found = []
        for spec in headers.get_all("Requires-Dist") or []:
            extra = _EXTRA.search(spec)
            kind, group = ("optional", extra.group(1)) if extra else ("required", "")
            name = _NAME.match(spec)
            if name:
                line = _line(text, f"Requires-Dist: {name.group(1)}")
                found.append(Requirement(normalize(name.group(1)), group, kind, display, line))
        return found
    return None


def _import_names(base: Path) -> Iterator[tuple[str, str]]:
    """(import name, distribution) from dist-info folders at the root or one level down."""
    for folder in sorted([*base.glob("*.dist-info"), *base.glob("*/*.dist-info")]):
        dist = normalize(folder.name[: -len(".dist-info")].rsplit("-", 1)[0])
        for name in _top_levels(folder):
            yield name, dist


def _top_levels(folder: Path) -> set[str]:
    try:
        top = (folder / "top_level.txt").read_text(encoding="utf-8")
        return {line.strip() for line in top.splitlines() if line.strip()}
    except (OSError, UnicodeDecodeError):
        pass
    try:
        record = (folder / "RECORD").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    names = set()
    for row in record.splitlines():
        first = row.split(",", 1)[0].split("/", 1)[0]
        if first and not first.endswith((".dist-info", ".data")) and first != "..":
            names.add(first.removesuffix(".py"))
    return names


def _toml(text: str) -> dict[str, Any]:
    """tomllib's value; nesting deep enough to exhaust its recursion is a decode error."""
    if too_deep(text) is not None:
        raise tomllib.TOMLDecodeError("brackets nested too deep")
    return tomllib.loads(text)


def _lock_relations(base: Path) -> Iterator[tuple[str, str]]:
    """(distribution, requirement) pairs from ``uv.lock`` or ``poetry.lock``."""
    for name in ("uv.lock", "poetry.lock"):
        try:
            path = str(base / name)  # lock files grow with the tree: the source limit
            data = _toml(read_bounded_text(path, MAX_SOURCE_BYTES, repository_boundary(str(base))))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        for package in data.get("package", []) or []:
            parent = normalize(str(package.get("name", "")))
            deps = package.get("dependencies", []) or []
            names = deps if isinstance(deps, dict) else [d.get("name", "") for d in deps]
            yield from ((parent, normalize(str(child))) for child in names if child)

"""A distribution's own importable packages, read from its build backend's configuration.

Read statically (``tomllib``, ``configparser``, ``ast``), never by running a build: setuptools
(``packages``, ``packages.find`` in ``pyproject.toml`` or ``setup.cfg``; in ``setup.py`` a
literal ``packages=`` or ``find_packages(...)`` with literal arguments), hatch (``packages``,
``only-include``), poetry (``packages``), flit (``module``), pdm (``package-dir``), maturin
(``python-source``, ``module-name``); else the ``src/`` layout or the project's name. The answer
is what ``archfit init`` names as root packages (docs/adr/0015: the distribution).
"""

from __future__ import annotations

import ast
import configparser
import fnmatch
import os
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from analyzer.bounded import read_repository_text
from analyzer.declarations.setuptools import setup_keywords
from archfit_values import frozen

_NAME_CHARS = re.compile(r"[-_.]+")


@frozen
class Packages:
    """Where a distribution's packages live and which they are, and who said so."""

    source_root: str  # relative to the distribution's folder, "" for the folder itself
    names: tuple[str, ...]
    origin: str  # the table the answer came from, for the comment ``init`` writes


def declared_packages(folder: str) -> Packages | None:
    """The packages the distribution at ``folder`` ships, or None when nothing says."""
    project = _pyproject(folder)
    readers: tuple[Callable[[str, Mapping[str, Any]], Packages | None], ...] = (
        _setuptools,
        _setup_cfg,
        _setup_py,
        _hatch,
        _poetry,
        _flit,
        _pdm,
        _maturin,
        _by_name,
    )
    for read in readers:
        found = read(folder, project)
        if found is not None and found.names:
            return found
    return None


def _pyproject(folder: str) -> Mapping[str, Any]:
    import tomllib  # on first use: a run that reads no TOML never loads it (7 ms)

    try:
        return tomllib.loads(read_repository_text(os.path.join(folder, "pyproject.toml")))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):
        return {}


def _table(data: Mapping[str, Any], *path: str) -> Mapping[str, Any]:
    for key in path:
        value = data.get(key)
        if not isinstance(value, dict):
            return {}
        data = value
    return data


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _tops(names: Iterable[str]) -> tuple[str, ...]:
    """``["flask", "flask.json"]`` -> ``("flask",)``: the top-level names, sorted."""
    return tuple(sorted({n.split(".")[0] for n in names if n and n.split(".")[0].isidentifier()}))


def _setuptools(folder: str, project: Mapping[str, Any]) -> Packages | None:
    table = _table(project, "tool", "setuptools")
    if isinstance(table.get("packages"), list):
        where = _table(table, "package-dir").get("", "")
        return Packages(str(where), _tops(_strings(table["packages"])), "[tool.setuptools]")
    find = _table(table, "packages", "find")
    if not find:
        return None
    where = (_strings(find.get("where")) or [""])[0].strip("./")
    found = _found_packages(
        folder, where, _strings(find.get("include")), _strings(find.get("exclude"))
    )
    return Packages(where, found, "[tool.setuptools.packages.find]")


def _found_packages(
    folder: str, where: str, include: list[str], exclude: list[str]
) -> tuple[str, ...]:
    """setuptools' ``find``: the folders under ``where`` with an ``__init__.py`` whose dotted
    names match ``include`` (default every name) and not ``exclude``."""
    base = os.path.join(folder, where)
    try:
        children = sorted(os.listdir(base))
    except OSError:
        return ()
    names = [
        name
        for name in children
        if name.isidentifier() and os.path.isfile(os.path.join(base, name, "__init__.py"))
    ]
    wanted = [n for n in names if not include or any(fnmatch.fnmatchcase(n, p) for p in include)]
    return _tops(n for n in wanted if not any(fnmatch.fnmatchcase(n, p) for p in exclude))


def _setup_cfg(folder: str, project: Mapping[str, Any]) -> Packages | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(os.path.join(folder, "setup.cfg"), encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return None
    if not parser.has_section("options"):
        return None
    options = parser["options"]
    where = options.get("package_dir", "").strip().removeprefix("=").strip()
    packages = options.get("packages", "").strip()
    if packages.startswith("find"):
        find = (
            parser["options.packages.find"] if parser.has_section("options.packages.find") else {}
        )
        where = find.get("where", where).strip() or where
        include = find.get("include", "").split()
        exclude = find.get("exclude", "").split()
        return Packages(where, _found_packages(folder, where, include, exclude), "setup.cfg")
    return Packages(where, _tops(packages.split()), "setup.cfg") if packages else None


def _setup_py(folder: str, project: Mapping[str, Any]) -> Packages | None:
    """``setup(packages=[...])``, or ``find_packages(where, include=..., exclude=...)`` /
    ``find_namespace_packages`` with literal arguments; None for anything computed."""
    try:
        keywords = setup_keywords(read_repository_text(os.path.join(folder, "setup.py")))
    except (OSError, UnicodeDecodeError):
        return None
    where = _literal(keywords.get("package_dir"))
    root = str(where.get("", "")) if isinstance(where, dict) else ""
    value = keywords.get("packages")
    if isinstance(value, ast.Call) and getattr(value.func, "id", "").startswith("find"):
        args = {k.arg: _literal(k.value) for k in value.keywords if k.arg}
        base = _literal(value.args[0]) if value.args else args.get("where", root)
        base = str(base or "").strip("./")
        include, exclude = _strings(args.get("include")), _strings(args.get("exclude"))
        return Packages(base, _found_packages(folder, base, include, exclude), "setup.py")
    listed = _literal(value)
    return Packages(root, _tops(_strings(list(listed))), "setup.py") if listed else None


def _literal(node: ast.expr | None) -> Any:
    """The literal value of ``node``; None when there is none or it is computed."""
    try:
        return ast.literal_eval(node) if node is not None else None
    except (ValueError, TypeError, SyntaxError, RecursionError):
        return None


def _hatch(folder: str, project: Mapping[str, Any]) -> Packages | None:
    wheel = _table(project, "tool", "hatch", "build", "targets", "wheel")
    paths = _strings(wheel.get("packages")) or _strings(wheel.get("only-include"))
    paths = [p.strip("/") for p in paths if not p.endswith(".py")]
    if not paths:
        return None
    roots = {os.path.dirname(p) for p in paths}
    if len(roots) != 1:
        return None  # packages from several folders: discovery finds them better
    names = _tops(os.path.basename(p) for p in paths)
    return Packages(roots.pop(), names, "[tool.hatch.build.targets.wheel]")


def _poetry(folder: str, project: Mapping[str, Any]) -> Packages | None:
    entries = _table(project, "tool", "poetry").get("packages")
    if not isinstance(entries, list):
        return None
    items = [e for e in entries if isinstance(e, dict) and isinstance(e.get("include"), str)]
    roots = {str(e.get("from", "")) for e in items}
    if len(roots) != 1:
        return None
    names = _tops(str(e["include"]).replace("/", ".") for e in items)
    return Packages(roots.pop(), names, "[tool.poetry] packages")


def _flit(folder: str, project: Mapping[str, Any]) -> Packages | None:
    name = _table(project, "tool", "flit", "module").get("name")
    if not isinstance(name, str):
        return None
    where = "src" if os.path.isdir(os.path.join(folder, "src", name.split(".")[0])) else ""
    return Packages(where, _tops([name]), "[tool.flit.module]")


def _pdm(folder: str, project: Mapping[str, Any]) -> Packages | None:
    build = _table(project, "tool", "pdm", "build")
    includes = [i for i in _strings(build.get("includes")) if not i.endswith(".py")]
    where = str(build.get("package-dir", "")).strip("./")
    if includes:
        return Packages(
            where, _tops(os.path.basename(i.strip("/")) for i in includes), "[tool.pdm.build]"
        )
    return None


def _maturin(folder: str, project: Mapping[str, Any]) -> Packages | None:
    table = _table(project, "tool", "maturin")
    name = table.get("module-name")
    if not isinstance(name, str):
        return None
    return Packages(
        str(table.get("python-source", "")).strip("./"), _tops([name]), "[tool.maturin]"
    )


def _by_name(folder: str, project: Mapping[str, Any]) -> Packages | None:
    """The project's name as a package (``my-lib`` -> ``my_lib``), in ``src/`` or at the top."""
    name = _table(project, "project").get("name") or _table(project, "tool", "poetry").get("name")
    if not isinstance(name, str):
        return None
    package = _NAME_CHARS.sub("_", name).lower()
    for where in ("src", ""):
        if os.path.isdir(os.path.join(folder, where, package)):
            return Packages(where, (package,), "the project's name")
    return None

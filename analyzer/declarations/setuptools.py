"""``setup.cfg`` (``install_requires``, ``extras_require``) and the literals of ``setup.py``.

``setup.py`` is parsed with ``ast``, never run: a keyword of ``setup(...)`` counts when its value
is a literal (a list, tuple or dict of strings) or a name bound once at module level to one.
Anything else (a comprehension, a function call, a file read) is a blind spot, never a guess.
"""

from __future__ import annotations

import ast
import configparser

from analyzer.declarations.model import (
    Declarations,
    Requirement,
    line_of,
    normalize,
    requirement_name,
)

_KEYWORDS = ("install_requires", "extras_require")


def read_setup_cfg(text: str, path: str) -> Declarations:
    """``[options] install_requires`` and ``[options.extras_require]``; "" when unreadable."""
    parser = configparser.ConfigParser(interpolation=None)
    found = Declarations()
    try:
        parser.read_string(text)
    except configparser.Error as error:
        found.blind_spots.append(f"{path}: not readable ({error.__class__.__name__})")
        return found
    if parser.has_option("options", "install_requires"):
        found.runtime = True
        found.sources.append(f"{path} install_requires")
        specs = _lines(parser.get("options", "install_requires"))
        found.requirements += _requirements(specs, "", "required", text, path)
    if parser.has_section("options.extras_require"):
        for extra, value in parser.items("options.extras_require"):
            found.requirements += _requirements(_lines(value), extra, "optional", text, path)
    return found


def setup_cfg_name(text: str) -> str:
    """``[metadata] name``, "" when absent."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return ""
    return parser.get("metadata", "name", fallback="")


def _lines(value: str) -> list[str]:
    return [line.split("#", 1)[0].strip() for line in value.splitlines() if line.strip()]


def _requirements(
    specs: list[str], group: str, kind: str, text: str, path: str
) -> list[Requirement]:
    found = []
    for spec in specs:
        name = requirement_name(spec)
        if name:
            found.append(Requirement(normalize(name), group, kind, path, line_of(text, name)))
    return found


def read_setup_py(text: str, path: str) -> Declarations:
    """The literal ``install_requires`` / ``extras_require`` of the ``setup(...)`` call."""
    found = Declarations()
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        found.blind_spots.append(f"{path}: not parseable")
        return found
    call = _setup_call(tree)
    if call is None:
        return found
    bound = _module_bindings(tree)
    for keyword in call.keywords:
        if keyword.arg in _KEYWORDS:
            _read_keyword(found, keyword.arg, keyword.value, bound, text, path)
    if not any(k.arg == "install_requires" for k in call.keywords):
        found.runtime = True  # setup() without install_requires declares no dependency
        found.sources.append(f"{path} setup()")
    return found


def _read_keyword(
    found: Declarations, key: str, node: ast.expr, bound: dict[str, ast.expr], text: str, path: str
) -> None:
    if isinstance(node, ast.Name) and node.id in bound:
        node = bound[node.id]
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError):
        found.blind_spots.append(f"{path}:{node.lineno} {key} is not a literal")
        return
    if key == "install_requires" and isinstance(value, (list, tuple)):
        found.runtime = True
        found.sources.append(f"{path} install_requires")
        found.requirements += _requirements([str(v) for v in value], "", "required", text, path)
    elif key == "extras_require" and isinstance(value, dict):
        for extra, specs in value.items():
            specs = [specs] if isinstance(specs, str) else list(specs)
            found.requirements += _requirements(
                [str(s) for s in specs], str(extra), "optional", text, path
            )
    else:
        found.blind_spots.append(f"{path}:{node.lineno} {key} is not a list")


def _setup_call(tree: ast.Module) -> ast.Call | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "setup":
                return node
    return None


def _module_bindings(tree: ast.Module) -> dict[str, ast.expr]:
    """Names assigned exactly once at module level, to their value."""
    counts: dict[str, int] = {}
    values: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                counts[target.id] = counts.get(target.id, 0) + 1
                values[target.id] = node.value
    return {name: value for name, value in values.items() if counts[name] == 1}


def setup_py_name(text: str) -> str:
    """The literal ``name=`` of ``setup(...)``, "" when absent or not a literal."""
    try:
        call = _setup_call(ast.parse(text))
    except (SyntaxError, ValueError):
        return ""
    for keyword in call.keywords if call else []:
        if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    return ""


def setup_keywords(text: str) -> dict[str, ast.expr]:
    """The keywords of the ``setup(...)`` call of a ``setup.py`` text, by name (none when it
    does not parse or calls no ``setup``); a bare name bound once at module level is resolved."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return {}
    call = _setup_call(tree)
    bound = _module_bindings(tree)
    found = {}
    for keyword in call.keywords if call else []:
        value = keyword.value
        if isinstance(value, ast.Name) and value.id in bound:
            value = bound[value.id]
        if keyword.arg:
            found[keyword.arg] = value
    return found

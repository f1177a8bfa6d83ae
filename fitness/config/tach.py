"""tach's configuration files read as-is (tach 0.35.3): ``tach.toml``, else ``[tool.tach]`` in
``pyproject.toml``, plus every ``tach.domain.toml`` under the source roots
(``fitness.config.tach_build`` validates and builds the configuration from them, only when
there is one: most runs find none).

A key tach refuses is a config error with its file, line and a did-you-mean (tach itself only
reports a TOML error); a key tach accepts but that changes nothing ``tach check`` reports is
named in a note. See docs/adr/0017-tach-config.md.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from analyzer.bounded import is_inside
from analyzer.repository import repository_boundary
from fitness.config.locate import toml_lines
from fitness.config.sources import Document, discovered, read_text, toml_error_line
from fitness.exceptions import ConfigError, ConfigIssue

if TYPE_CHECKING:
    from fitness.config.tach_schema import KeyPath

TACH_TOML = "tach.toml"
DOMAIN_TOML = "tach.domain.toml"
_PRUNED = frozenset({"__pycache__", "node_modules", "venv", ".venv"})


def tach_documents(root: str) -> list[Document]:
    """The tach configuration of ``root``: ``tach.toml`` (or ``[tool.tach]``) and its domains.

    tach reads ``[tool.tach]`` only when there is no ``tach.toml``, and only when the text
    ``tool.tach`` occurs in ``pyproject.toml`` (its own test, ``get_pyproject_config_path``).
    """
    main = discovered(root, TACH_TOML)  # a FIFO or device named tach.toml: a config error
    doc = _toml_document(main, TACH_TOML, "tach", ()) if main else _pyproject_tach(root)
    if doc is None:
        return []
    return [doc, *_domain_documents(root, doc)]


def read_tach_file(path: str, root: str) -> list[Document]:
    """A ``tach.toml`` named with ``--config``, and the domain files under ``root``."""
    doc = _toml_document(path, path, "tach", ())
    return [] if doc is None else [doc, *_domain_documents(root, doc)]


def _pyproject_tach(root: str) -> Document | None:
    path = os.path.join(root, "pyproject.toml")
    if not os.path.isfile(path) or "tool.tach" not in read_text(path, "pyproject.toml"):
        return None
    return _toml_document(path, "pyproject.toml", "tach", ("tool", "tach"))


def _toml_document(path: str, display: str, kind: str, prefix: KeyPath) -> Document | None:
    """The table at ``prefix`` of a TOML file, with the line of every key (None if absent).

    The table is held under the key "" (``data[""]``, lines ``("", *path)``): a domain file's
    document also carries the module it governs (``data["module"]``) beside it.
    """
    import tomllib  # on first use: a run that reads no TOML never loads it (7 ms)

    text = read_text(path, display)
    try:
        data: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        issue = ConfigIssue(display, toml_error_line(exc, text), f"invalid TOML: {exc}")
        raise ConfigError([issue]) from exc
    lines = toml_lines(text)
    for part in prefix:
        data = data.get(part) if isinstance(data, dict) else None
    if data is None:
        return None
    size = len(prefix)
    own = {p[size:]: n for p, n in lines.items() if p[:size] == prefix and p[size:]}
    return Document(display, kind, {"": data}, {("",): 1, **{("", *p): n for p, n in own.items()}})


def _domain_documents(root: str, main: Document) -> list[Document]:
    """Every ``tach.domain.toml`` under the source roots, with the module path it governs."""
    data = main.data[""] if isinstance(main.data[""], dict) else {}
    roots = data.get("source_roots", ["."])
    found: list[Document] = []
    boundary = repository_boundary(root)
    for index, source_root in enumerate(roots if isinstance(roots, list) else ["."]):
        base = os.path.normpath(os.path.join(root, str(source_root)))
        if not is_inside(base, boundary):  # never walk "/" or "../": only the repository
            message = f"source_roots entry {source_root!r} is outside the repository {boundary}"
            raise ConfigError(
                [ConfigIssue(main.path, main.line_of("", "source_roots", index), message)]
            )
        for folder, names, files in os.walk(base):
            names[:] = sorted(n for n in names if not n.startswith(".") and n not in _PRUNED)
            if DOMAIN_TOML in files and folder != base:
                _inside(os.path.join(folder, DOMAIN_TOML), root, boundary)
                found.append(_domain(root, base, folder))
    return found


def _inside(path: str, root: str, boundary: str) -> None:
    """A config error unless ``path`` (a symlinked domain file too) lies in the repository."""
    if not is_inside(path, boundary):
        display = os.path.relpath(path, root).replace(os.sep, "/")
        message = f"not read: outside the repository {boundary} (symlink or '..')"
        raise ConfigError([ConfigIssue(display, 0, message)])


def _domain(root: str, base: str, folder: str) -> Document:
    display = os.path.relpath(os.path.join(folder, DOMAIN_TOML), root).replace(os.sep, "/")
    doc = _toml_document(os.path.join(folder, DOMAIN_TOML), display, "tach-domain", ())
    assert doc is not None  # the empty prefix always finds the whole file
    doc.data["module"] = os.path.relpath(folder, base).replace(os.sep, ".")
    return doc

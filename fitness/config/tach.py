"""tach's configuration read as-is (tach 0.35.3): ``tach.toml``, else ``[tool.tach]`` in
``pyproject.toml``, plus every ``tach.domain.toml`` under the source roots.

A key tach refuses is a config error with its file, line and a did-you-mean (tach itself only
reports a TOML error); a key tach accepts but that changes nothing ``tach check`` reports is
named in a note. See docs/adr/0017-tach-config.md.
"""

from __future__ import annotations

import os
from typing import Any

from analyzer.bounded import is_inside
from analyzer.repository import repository_boundary
from fitness.config.locate import toml_lines
from fitness.config.sources import Document, discovered, read_text, toml_error_line
from fitness.config.tach_model import (
    TACH_DEFAULT_EXCLUDE,
    TachConfig,
    TachDependency,
    TachInterface,
    TachLayer,
    TachModule,
    Where,
)
from fitness.config.tach_schema import DOMAIN, PROJECT, KeyPath, Walk
from fitness.exceptions import ConfigError, ConfigIssue

TACH_TOML = "tach.toml"
DOMAIN_TOML = "tach.domain.toml"
_DOMAIN_ROOT = "<domain_root>"  # tach's name for a domain's own module in its file
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


def read_tach_config(documents: list[Document]) -> TachConfig:
    """The validated tach configuration; ConfigError lists every key tach would refuse."""
    issues: list[ConfigIssue] = []
    notes: list[str] = []
    for doc in documents:
        walk = Walk([], [])
        (PROJECT if doc.kind == "tach" else DOMAIN)(doc.data[""], ("",), walk)
        issues += [ConfigIssue(doc.path, doc.line_of(*p), _strip(m)) for p, m in walk.errors]
        notes += [f"{doc.path}:{doc.line_of(*p)}: {_strip(m)}" for p, m in walk.notes]
    if issues:
        raise ConfigError(issues)
    return _build(documents, tuple(notes))


def _strip(message: str) -> str:
    """Messages name keys from the document's top (``modules[0].path``, not ``.modules[0]``)."""
    return message.lstrip(".")


def _build(documents: list[Document], notes: tuple[str, ...]) -> TachConfig:
    main, domains = documents[0], documents[1:]
    data: dict[str, Any] = main.data[""]
    modules = [*_modules(main, data.get("modules", []), "")]
    interfaces = [*_interfaces(main, data.get("interfaces", []), "")]
    for domain in domains:
        modules += _domain_modules(domain)
        interfaces += _interfaces(
            domain, domain.data[""].get("interfaces", []), domain.data["module"]
        )
    external = data.get("external", {})
    rename = [str(r).split(":", 1) for r in external.get("rename", [])]
    return TachConfig(
        files=tuple(d.path for d in documents),
        source_roots=tuple(data.get("source_roots", ["."])),
        exclude=tuple(data.get("exclude", TACH_DEFAULT_EXCLUDE)),
        exact=data.get("exact", False),
        ignore_type_checking_imports=data.get("ignore_type_checking_imports", True),
        include_string_imports=data.get("include_string_imports", False),
        forbid_circular_dependencies=data.get("forbid_circular_dependencies", False),
        layers_explicit_depends_on=data.get("layers_explicit_depends_on", False),
        respect_gitignore=data.get("respect_gitignore", True),
        root_module=data.get("root_module", "ignore"),
        rules={str(k): str(v) for k, v in data.get("rules", {}).items()},
        external_exclude=tuple(external.get("exclude", ())),
        external_rename={p[0]: p[1] for p in rename if len(p) == 2},
        modules=tuple(modules),
        interfaces=tuple(interfaces),
        layers=tuple(_layer(entry) for entry in data.get("layers", [])),
        notes=notes,
    )


def _resolve(path: str, domain: str) -> str:
    """A path as a domain file writes it: relative to the domain, ``//`` from the source
    root, ``<domain_root>`` for the domain itself (tach's ``Resolvable``)."""
    if not domain:
        return path
    if path.startswith("//"):
        return path[2:]
    return domain if path == _DOMAIN_ROOT else f"{domain}.{path}"


def _modules(doc: Document, entries: list[dict[str, Any]], domain: str) -> list[TachModule]:
    """Each ``[[modules]]`` entry, one module per ``path`` (``paths`` declares several)."""
    found = []
    for index, entry in enumerate(entries):
        where = Where(doc.path, doc.line_of("", "modules", index))
        paths = entry["paths"] if "paths" in entry else [entry["path"]]
        for path in paths:
            name = f"{domain}.{path}" if domain else str(path)
            found.append(_module(entry, name, where, domain))
    return found


def _domain_modules(doc: Document) -> list[TachModule]:
    domain = str(doc.data["module"])
    data = doc.data[""]
    found = []
    if "root" in data:
        found.append(
            _module(data["root"], domain, Where(doc.path, doc.line_of("", "root")), domain)
        )
    return found + _modules(doc, data.get("modules", []), domain)


def _module(entry: dict[str, Any], path: str, where: Where, domain: str) -> TachModule:
    depends_on = entry.get("depends_on")
    visibility = entry.get("visibility")
    return TachModule(
        path=path,
        where=where,
        depends_on=None if depends_on is None else _dependencies(depends_on, domain),
        cannot_depend_on=_dependencies(entry.get("cannot_depend_on", []), domain),
        layer=entry.get("layer"),
        visibility=None if visibility is None else tuple(_resolve(v, domain) for v in visibility),
        utility=entry.get("utility", False),
        unchecked=entry.get("unchecked", False),
    )


def _dependencies(entries: list[Any], domain: str) -> tuple[TachDependency, ...]:
    found = []
    for entry in entries:
        if isinstance(entry, str):
            found.append(TachDependency(_resolve(entry, domain)))
        else:
            found.append(
                TachDependency(_resolve(entry["path"], domain), entry.get("deprecated", False))
            )
    return tuple(found)


def _interfaces(doc: Document, entries: list[dict[str, Any]], domain: str) -> list[TachInterface]:
    found = []
    for index, entry in enumerate(entries):
        sources = entry.get("from")
        if domain and sources is not None:
            sources = [domain if s == _DOMAIN_ROOT else f"{domain}.{s}" for s in sources]
        visibility = entry.get("visibility")
        found.append(
            TachInterface(
                expose=tuple(entry["expose"]),
                where=Where(doc.path, doc.line_of("", "interfaces", index)),
                from_modules=None if sources is None else tuple(sources),
                visibility=None
                if visibility is None
                else tuple(_resolve(v, domain) for v in visibility),
                exclusive=entry.get("exclusive", False),
                data_types=entry.get("data_types", "all"),
            )
        )
    return found


def _layer(entry: Any) -> TachLayer:
    if isinstance(entry, str):
        return TachLayer(entry)
    return TachLayer(str(entry["name"]), bool(entry.get("closed", False)))

"""tach's configuration validated and built from the documents ``fitness.config.tach`` reads.

A key tach refuses is a config error with its file, line and a did-you-mean; a key tach
accepts but that changes nothing ``tach check`` reports is named in a note. Imported only
when there is a tach configuration. See docs/adr/0017-tach-config.md.
"""

from __future__ import annotations

from typing import Any

from fitness.config.sources import Document
from fitness.config.tach_model import (
    TACH_DEFAULT_EXCLUDE,
    TachConfig,
    TachDependency,
    TachInterface,
    TachLayer,
    TachModule,
    Where,
)
from fitness.config.tach_schema import DOMAIN, PROJECT, Walk
from fitness.exceptions import ConfigError, ConfigIssue

_DOMAIN_ROOT = "<domain_root>"  # tach's name for a domain's own module in its file


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

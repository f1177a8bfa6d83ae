"""tach's configuration as archfit contracts, keeping tach's semantics (ADR-0017).

Each tach module with ``depends_on`` becomes an ``allowed`` contract (``tach:module:NAME``);
its ``cannot_depend_on`` a direct ``forbidden`` one (``tach:cannot-depend-on:NAME``); its
layer two direct ``forbidden`` ones (``tach:layer:NAME`` for higher layers,
``tach:closed-layer:NAME`` for layers behind a closed one); each ``[[interfaces]]`` entry an
``interface`` contract (``tach:interface:N``). Every one judges direct imports only, leaves
``TYPE_CHECKING`` imports out unless ``ignore_type_checking_imports = false``, and judges
function-local imports unless ``[rules] local_imports = "off"``: as ``tach check`` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from analyzer.graph import GraphOptions
from fitness.config.tach_model import (
    ROOT_MODULE,
    TachConfig,
    TachInterface,
    TachModule,
    Where,
)
from fitness.contracts import options as contract_options
from fitness.contracts.base import ContractSpec
from fitness.contracts.options import ARCHFIT
from fitness.exceptions import ConfigIssue
from fitness.results.findings import Source

SOURCE_KIND = "tach"


def declaration_issues(config: TachConfig) -> list[ConfigIssue]:
    """What ``tach check`` refuses before judging any import: a dependency the dependency's
    ``visibility`` does not admit, and (with ``forbid_circular_dependencies``) a cycle among
    the declared dependencies."""
    issues = [*_visibility_issues(config), *_root_issues(config)]
    if config.forbid_circular_dependencies:
        issues += _cycle_issues(config)
    return issues


def _root_issues(config: TachConfig) -> Iterator[ConfigIssue]:
    """``forbid`` refuses ``<root>`` anywhere in the modules; ``dependenciesonly`` refuses it
    as a dependency (tach's "root module violation")."""
    if config.root_module not in ("forbid", "dependenciesonly"):
        return
    for module in config.modules:
        listed = [d.path for d in (*(module.depends_on or ()), *module.cannot_depend_on)]
        named = ROOT_MODULE in listed or (
            config.root_module == "forbid" and module.path == ROOT_MODULE
        )
        if named:
            yield ConfigIssue(
                module.where.path,
                module.where.line,
                f"root_module = {config.root_module!r}: {ROOT_MODULE!r} may not be named here",
            )


def _visibility_issues(config: TachConfig) -> Iterator[ConfigIssue]:
    modules = {m.path: m for m in config.modules}
    for module in config.modules:
        for dependency in module.depends_on or ():
            target = modules.get(dependency.path)
            if target is None or target.visibility is None:
                continue
            if not any(_matches(module.path, pattern) for pattern in target.visibility):
                yield ConfigIssue(
                    module.where.path,
                    module.where.line,
                    f"tach module {module.path!r} cannot depend on {target.path!r}: "
                    f"{target.path!r} is visible only to {list(target.visibility)}",
                )


def _matches(name: str, pattern: str) -> bool:
    """A module path against a tach visibility entry (exact, or a glob with ``*``)."""
    import fnmatch  # only configs that declare visibility need it

    return name == pattern or fnmatch.fnmatchcase(name, pattern)


def _cycle_issues(config: TachConfig) -> list[ConfigIssue]:
    """Every module on a cycle of declared ``depends_on`` (tach names each one)."""
    graph = {m.path: [d.path for d in m.depends_on or ()] for m in config.modules}
    where = {m.path: m.where for m in config.modules}
    return [
        ConfigIssue(
            where[name].path, where[name].line, f"circular dependency for tach module {name!r}"
        )
        for name in sorted(graph)
        if _on_cycle(name, graph)
    ]


def _on_cycle(start: str, graph: dict[str, list[str]]) -> bool:
    seen: set[str] = set()
    stack = list(graph.get(start, ()))
    while stack:
        name = stack.pop()
        if name == start:
            return True
        if name not in seen:
            seen.add(name)
            stack.extend(graph.get(name, ()))
    return False


def mapping_notes(config: TachConfig) -> list[str]:
    """Settings archfit reads but does not judge as ``tach check`` does (README, "Switching
    from tach"), each named with the file it came from."""
    where = config.files[0]
    notes = []
    if config.include_string_imports:
        notes.append(f"{where}: include_string_imports is not judged (archfit reads statements)")
    if config.respect_gitignore is False:
        notes.append(f"{where}: respect_gitignore = false: archfit still skips ignored files")
    for interface in config.interfaces:
        if interface.data_types != "all":
            notes.append(
                f"{interface.where.path}:{interface.where.line}: data_types = "
                f"{interface.data_types!r} is not judged (signatures are not checked)"
            )
    return notes


def tach_contracts(config: TachConfig) -> list[ContractSpec | ConfigIssue]:
    """The contracts a tach configuration declares, in the order tach checks them, or the
    issue that keeps one from being built."""
    options = GraphOptions(
        exclude_type_checking=config.ignore_type_checking_imports,
        include_dynamic=False,  # tach reads import statements only
        include_external=False,
        honour_tach_ignore=True,
        top_level_only=config.rule("local_imports") == "off",
    )
    raws = [*_module_contracts(config), *_interface_contracts(config)]
    return [_spec(raw, options) for raw in raws]


def _units(config: TachConfig) -> list[str]:
    return sorted({m.path for m in config.modules if m.path != ROOT_MODULE})


def _module_contracts(config: TachConfig) -> Iterator[dict[str, Any]]:
    units = _units(config)
    if config.root_module != "ignore":
        yield _allowed(config, _root(config), units)
    for module in config.modules:
        if module.path == ROOT_MODULE or module.unchecked:
            continue
        if module.depends_on is not None:
            yield _allowed(config, module, units)
        forbidden = [d.path for d in module.cannot_depend_on]
        if forbidden:
            yield _forbidden(module, "cannot-depend-on", forbidden, "cannot_depend_on")
        yield from _layer_contracts(config, module)


def _allowed(config: TachConfig, module: TachModule, units: list[str]) -> dict[str, Any]:
    declared = module.depends_on or ()
    if config.root_module == "ignore":  # tach ignores <root> then, declared or not
        declared = tuple(d for d in declared if d.path != ROOT_MODULE)
    free = _layer_free(config, module)
    return {
        "id": f"tach:module:{module.path}",
        "name": f"tach module {module.path} depends only on what it declares",
        "type": "allowed",
        "source_modules": [module.path],
        "allowed_modules": sorted({*(d.path for d in declared if not d.deprecated), *free}),
        "deprecated_modules": sorted({d.path for d in declared if d.deprecated}),
        "utilities": sorted({m.path for m in config.modules if m.utility}),
        "units": units,
        "exact": config.exact,
        "exclude_type_checking_imports": config.ignore_type_checking_imports,
        **({} if config.root_module == "ignore" else {"rest": ROOT_MODULE}),
        "_where": module.where,
    }


def _root(config: TachConfig) -> TachModule:
    """The ``<root>`` module: its ``[[modules]]`` entry, else one that may depend on nothing
    (what tach assumes in the ``allow``, ``dependenciesonly`` and ``forbid`` modes)."""
    for module in config.modules:
        if module.path == ROOT_MODULE:
            return module if module.depends_on is not None else replace(module, depends_on=())
    return TachModule(ROOT_MODULE, Where(config.files[0], 1), depends_on=())


def _layer_free(config: TachConfig, module: TachModule) -> set[str]:
    """Modules of other layers the allow-list leaves to the layer contracts: a higher layer
    (a layer violation, declared or not), and a lower one unless ``layers_explicit_depends_on``
    asks for declarations (a closed layer in between is the closed-layer contract's)."""
    mine = _layer_index(config, module)
    if mine is None:
        return set()
    free = set()
    for other in config.modules:
        theirs = _layer_index(config, other)
        if theirs is None or theirs == mine:
            continue
        if (
            theirs < mine
            or not config.layers_explicit_depends_on
            or _behind_closed(config, mine, theirs)
        ):
            free.add(other.path)
    return free


def _behind_closed(config: TachConfig, mine: int, theirs: int) -> bool:
    """Whether a closed layer lies strictly between layer ``mine`` and the lower ``theirs``."""
    return any(config.layers[i].closed for i in range(mine + 1, theirs))


def _layer_index(config: TachConfig, module: TachModule) -> int | None:
    names = [layer.name for layer in config.layers]
    return names.index(module.layer) if module.layer in names else None


def _layer_contracts(config: TachConfig, module: TachModule) -> Iterator[dict[str, Any]]:
    """A module may not import a higher layer, nor reach past a closed layer below it."""
    mine = _layer_index(config, module)
    if mine is None:
        return
    indexed = [(m, _layer_index(config, m)) for m in config.modules]
    higher = sorted({m.path for m, i in indexed if i is not None and i < mine})
    if higher:
        yield _forbidden(module, "layer", higher, "layer")
    beyond = sorted(
        {
            m.path
            for m, i in indexed
            if i is not None and i > mine and _behind_closed(config, mine, i)
        }
    )
    if beyond:
        yield _forbidden(module, "closed-layer", beyond, "layer")


def _forbidden(module: TachModule, kind: str, targets: list[str], key: str) -> dict[str, Any]:
    return {
        "id": f"tach:{kind}:{module.path}",
        "name": f"tach module {module.path}: {kind.replace('-', ' ')} ({key})",
        "type": "forbidden",
        "source_modules": [module.path],
        "forbidden_modules": targets,
        "allow_indirect_imports": True,  # tach judges direct imports only
        "_where": module.where,
    }


def _interface_contracts(config: TachConfig) -> Iterator[dict[str, Any]]:
    units = _units(config)
    for index, interface in enumerate(config.interfaces):
        yield _interface(config, index, interface, units)


def _interface(
    config: TachConfig, index: int, interface: TachInterface, units: list[str]
) -> dict[str, Any]:
    modules = list(interface.from_modules) if interface.from_modules is not None else units
    raw: dict[str, Any] = {
        "id": f"tach:interface:{index + 1}",
        "name": f"tach interface {index + 1} of {', '.join(modules) or 'no module'}",
        "type": "interface",
        "modules": modules,
        "expose": list(interface.expose),
        "exclusive": interface.exclusive,
        "units": units,
        "exclude_type_checking_imports": config.ignore_type_checking_imports,
        "_where": interface.where,
    }
    if interface.visibility is not None:
        raw["visibility"] = list(interface.visibility)
    return raw


def _spec(raw: dict[str, Any], options: GraphOptions) -> ContractSpec | ConfigIssue:
    """A contract from its options, converted as every contract's are; a value no contract
    could take (an ``expose`` that is no regular expression) is an issue at its entry."""
    where = raw.pop("_where")
    kind = str(raw["type"])
    parsed, problems = contract_options.validate_options(kind, raw, ARCHFIT)
    if problems:
        listed = "; ".join(p.message for p in problems)
        return ConfigIssue(where.path, where.line, f"{raw['id']}: {listed}")
    source = Source(SOURCE_KIND, str(raw["id"]), where.path, where.line)
    lines = {key: where.line for key in raw}
    return ContractSpec(str(raw["id"]), str(raw["name"]), kind, parsed, source, lines, "", options)

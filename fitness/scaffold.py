"""``archfit init``: a starting configuration inferred from today's code, green on its first run.

Root packages are the distribution's own importable packages, read from its build backend's
configuration (``analyzer.packaging``), else the library folders discovery finds (never tests,
docs, examples or scripts: ``analyzer.roles``). A ``layers`` contract per root package orders its
top-level children by today's imports, then is checked by the contract engine itself on exactly
the imports it will be judged by, and layers that the code runs up are merged (``:``) until it
is kept. A package that an existing import-linter contract already governs gets no contract of
ours (it must never bless a cycle a team forbids). A baseline records whatever the new config
still finds, so the next ``archfit check`` exits 0 and fails only on what gets worse.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import tomlkit
import yaml

from analyzer.bounded import read_repository_text, write_inside
from analyzer.cycles import adjacency, cycles
from analyzer.discovery import discover
from analyzer.facts import ImportEdge, Layout
from analyzer.packaging import declared_packages
from analyzer.repository import repository_boundary
from analyzer.roles import Role, folder_role
from analyzer.workspace import distributions
from archfit_values import frozen
from fitness.config import Config, load_config
from fitness.config.model import DEFAULT_BASELINE
from fitness.config.sources import ARCHFIT_YAML_NAMES, Document
from fitness.config.validate import build_config
from fitness.contracts import sync
from fitness.contracts.registry import CONTRACT_TYPES
from fitness.engine.check import RunOptions, check, gather
from fitness.engine.contract_findings import contract_findings
from fitness.exceptions import UsageError
from fitness.gating import baseline

PYPROJECT = "pyproject.toml"


@frozen
class InitReport:
    """What ``init`` wrote, for the CLI to print."""

    config_path: str  # relative to PATH, as the baseline's
    baseline_path: str
    settings: Mapping[str, Any]
    baselined: int


@frozen
class WorkspaceReport:
    """What ``init`` wrote for each distribution, and the ones it left to their own config."""

    written: tuple[InitReport, ...]
    kept: tuple[str, ...] = ()  # "services/chat/pyproject.toml": already configures archfit


def children_graph(root_package: str, edges: Iterable[ImportEdge]) -> dict[str, set[str]]:
    """Top-level children of ``root_package`` and which import which (internal edges only)."""
    prefix = f"{root_package}."
    pairs = []
    for edge in edges:
        if edge.external or not edge.importer.startswith(prefix):
            continue
        if edge.imported.startswith(prefix):
            importer = edge.importer[len(prefix) :].split(".")[0]
            imported = edge.imported[len(prefix) :].split(".")[0]
            pairs.append((importer, imported))
    return adjacency((a, b) for a, b in pairs if a != b)


def infer_layers(children: Sequence[str], graph: Mapping[str, Iterable[str]]) -> list[str]:
    """Layers from the top: each child at its longest import path above a child importing none.

    Children of one level never import each other (an import puts the importer a level
    higher), so they are independent siblings (``|``); a cycle is one layer joined with ``:``.
    """
    group = {child: child for child in children}
    for cycle in cycles(graph):
        group |= {member: " : ".join(cycle) for member in cycle}
    below: dict[str, set[str]] = {g: set() for g in group.values()}
    for importer, imported in ((a, b) for a, bs in graph.items() for b in bs):
        if group.get(importer) and group.get(imported) and group[importer] != group[imported]:
            below[group[importer]].add(group[imported])
    levels: dict[int, list[str]] = {}
    for name, level in _heights(below).items():
        levels.setdefault(level, []).append(name)
    return [_layer(levels[level]) for level in sorted(levels, reverse=True)]


def _layer(groups: list[str]) -> str:
    """Independent groups joined with ``|``; a layer may not mix ``|`` and ``:``, so with a
    cycle among them the whole layer is joined with ``:``."""
    if any(":" in g for g in groups) and len(groups) > 1:
        return " : ".join(sorted(m.strip() for g in groups for m in g.split(":")))
    return " | ".join(sorted(groups))


def _heights(below: Mapping[str, set[str]]) -> dict[str, int]:
    """The longest path down to a node importing nothing, in an acyclic graph (sinks first)."""
    height: dict[str, int] = {}
    while len(height) < len(below):
        ready = [n for n, bs in below.items() if n not in height and bs <= height.keys()]
        if not ready:  # unreachable for a condensed graph; never loop forever on a bug
            raise ValueError("layer inference met a cycle")
        for node in ready:
            height[node] = 1 + max((height[b] for b in below[node]), default=-1)
    return height


def layers_contract(
    root_package: str, modules: Sequence[str], edges: Iterable[ImportEdge]
) -> dict[str, Any] | None:
    """A ``layers`` contract over the root package's children, or None with fewer than two."""
    prefix = f"{root_package}."
    children = sorted({m[len(prefix) :].split(".")[0] for m in modules if m.startswith(prefix)})
    if len(children) < 2:
        return None
    return {
        "id": f"{root_package}-layers",
        "name": f"{root_package} stays layered as its imports were at archfit init",
        "type": "layers",
        "containers": [root_package],
        "layers": infer_layers(children, children_graph(root_package, edges)),
    }


def infer_settings(
    facts: Any,
    roots: Roots,
    root: str = ".",
    governed: frozenset[str] = frozenset(),
    extras: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The starting ``[tool.archfit]`` keys for the gathered facts: the root packages (and
    their source roots), and a kept ``layers`` contract for each package nobody governs yet;
    with ``extras`` (``allow-list``, ``interfaces``) also those contracts, as today's code is."""
    settings: dict[str, Any] = {"root_packages": list(roots.names)}
    if roots.source_roots:
        settings["source_roots"] = list(roots.source_roots)
    settings["baseline"] = DEFAULT_BASELINE
    candidates = [layers_contract(r, facts.modules, facts.edges) for r in roots.names]
    kept = [
        fitted(c, facts, settings, root)
        for c in candidates
        if c is not None and c["containers"][0] not in governed
    ]
    found = [c for c in kept if c is not None]
    found += symbol_contracts(facts, [r for r in roots.names if r not in governed], extras)
    found = kept_today(found, facts, settings, root)
    if found:
        settings["contracts"] = found
    return settings


def symbol_contracts(
    facts: Any, packages: Sequence[str], extras: frozenset[str]
) -> list[dict[str, Any]]:
    """``allowed`` and ``interface`` contracts written from today's imports (``tach sync``)."""
    found: list[dict[str, Any]] = []
    modules = {f.module: f for f in facts.layout.files if f.module}
    for package in packages:
        if "allow-list" in extras:
            found += sync.allow_lists(package, facts.modules, facts.edges)
        if "interfaces" in extras:
            subpackages = [m for m, f in modules.items() if f.is_package]
            found += sync.interfaces(package, subpackages, facts.edges)
    return found


def kept_today(
    contracts: list[dict[str, Any]], facts: Any, settings: Mapping[str, Any], root: str
) -> list[dict[str, Any]]:
    """The contracts the engine finds kept on today's code (all of them, by construction; a
    broken one is dropped rather than written red)."""
    data = {k: v for k, v in settings.items() if k != "contracts"} | {"contracts": contracts}
    config = build_config([Document(PYPROJECT, "archfit", data)], root)
    verdicts, _ = contract_findings(facts, config.contracts)
    kept = {v.id for v in verdicts if v.kept}
    return [c for c in contracts if c["id"] in kept]


def fitted(
    contract: dict[str, Any], facts: Any, settings: Mapping[str, Any], root: str
) -> dict[str, Any] | None:
    """The contract with the layers today's code runs up merged into one (``:``), checked by
    the contract engine on the imports it will be judged by, until it is kept; None when
    fewer than two layers remain (it would say nothing)."""
    layers = list(contract["layers"])
    for _ in range(len(layers) + 1):
        if len(layers) < 2:
            return None
        candidate = {**contract, "layers": layers}
        broken = _violations(candidate, facts, settings, root)
        if not broken:
            return candidate
        layers = _merged(layers, contract["containers"][0], broken)
    return None


def _violations(
    contract: Mapping[str, Any], facts: Any, settings: Mapping[str, Any], root: str
) -> list[tuple[str, str]]:
    """(importer, imported) of every violation the engine finds for ``contract``."""
    data = {k: v for k, v in settings.items() if k != "contracts"} | {"contracts": [contract]}
    config = build_config([Document(PYPROJECT, "archfit", data)], root)
    _, findings = contract_findings(facts, config.contracts)
    return [_pair(f.subject) for f in findings]


def _pair(subject: str) -> tuple[str, str]:
    importer, _, imported = subject.partition(" -> ")
    return importer.strip(), imported.strip()


def _merged(layers: list[str], package: str, broken: list[tuple[str, str]]) -> list[str]:
    """The layers with the span between the first violation's two layers merged into one
    layer of non-independent siblings (``:``)."""
    where = {tail.strip(): i for i, layer in enumerate(layers) for tail in _tails(layer)}
    prefix = f"{package}."
    importer, imported = broken[0]
    low = where.get(importer.removeprefix(prefix).split(".")[0], len(layers) - 1)
    high = where.get(imported.removeprefix(prefix).split(".")[0], 0)
    first, last = min(low, high), max(low, high)
    tails = sorted(t for layer in layers[first : last + 1] for t in _tails(layer))
    return [*layers[:first], " : ".join(tails), *layers[last + 1 :]]


def _tails(layer: str) -> list[str]:
    return [t.strip() for t in layer.replace("|", ":").split(":")]


def existing_config(root: str) -> str | None:
    """The archfit configuration file ``root`` already has, if any."""
    pyproject = os.path.join(root, PYPROJECT)
    if os.path.isfile(pyproject):
        document = tomlkit.parse(read_repository_text(pyproject))
        if "archfit" in document.get("tool", {}):
            return PYPROJECT
    return next((n for n in ARCHFIT_YAML_NAMES if os.path.isfile(os.path.join(root, n))), None)


def _origin(roots: Roots) -> tuple[str, ...]:
    return (
        f"Written by `archfit init`: root packages from {roots.origin}.",
        "Each layers contract orders today's imports and is kept by them;",
        "what the code already breaks is in the baseline, not here.",
    )


def write_settings(root: str, settings: Mapping[str, Any], origin: Sequence[str] = ()) -> str:
    """Into ``pyproject.toml`` when there is one (comments and layout kept), else archfit.yaml;
    ``origin`` becomes a comment saying where the settings came from."""
    pyproject = os.path.join(root, PYPROJECT)
    boundary = repository_boundary(root)  # never written through a symlink out of it
    if not os.path.isfile(pyproject):
        text = "".join(f"# {line}\n" for line in origin)
        text += yaml.safe_dump(dict(settings), sort_keys=False)
        write_inside(os.path.join(root, "archfit.yaml"), text, boundary)
        return "archfit.yaml"
    document = tomlkit.parse(read_repository_text(pyproject))
    tool = document.setdefault("tool", tomlkit.table(is_super_table=True))
    tool["archfit"] = _toml_table(settings, origin)
    write_inside(pyproject, tomlkit.dumps(document), boundary)
    return PYPROJECT


def _toml_table(settings: Mapping[str, Any], origin: Sequence[str] = ()) -> Any:
    table = tomlkit.table()
    for line in origin:
        table.add(tomlkit.comment(line))
    for key, value in settings.items():
        if key != "contracts":
            table[key] = value
    contracts = tomlkit.aot()
    for contract in settings.get("contracts", []):
        item = tomlkit.table()
        for key, value in contract.items():
            item[key] = _multiline(value) if key in ("layers", "expose") else value
        contracts.append(item)
    if contracts:
        table["contracts"] = contracts
    return table


def _multiline(values: Sequence[str]) -> Any:
    array = tomlkit.array()
    array.extend(values)
    return array.multiline(True)


@frozen
class Roots:
    """The root packages ``init`` names, where they live and who said so."""

    names: tuple[str, ...]
    source_roots: tuple[str, ...] = ()
    origin: str = "discovery"


def distribution_roots(root: str, layout: Layout) -> Roots:
    """The distribution's own packages (its build backend's configuration), else the library
    packages discovery found: never tests, docs, examples, scripts or benchmarks."""
    declared = declared_packages(root)
    # Only what the tree holds: a configuration may name what a build generates, or
    # thousands of names that are not there (init would write them all).
    present = set(layout.modules) | set(layout.namespace_packages)
    names = tuple(n for n in declared.names if n in present) if declared is not None else ()
    if declared is not None and names:
        sources = (declared.source_root,) if declared.source_root else ()
        return Roots(names, sources, declared.origin)
    tops = sorted(
        {f.module.split(".")[0] for f in layout.files if f.module and _library(f.path, f.module)}
    )
    return Roots(tuple(tops))


def _library(path: str, module: str) -> bool:
    """Whether the folder of the file's top package is library code (by its path's role):
    ``tests/unit/test_x.py`` of module ``tests.unit.test_x`` is in ``tests``."""
    parts = path.split("/")
    depth = module.count(".") + 1 + (parts[-1] == "__init__.py")
    return folder_role("/".join(parts[: len(parts) - depth + 1])) is Role.LIBRARY


def governed_packages(existing: Config) -> frozenset[str]:
    """Root packages an existing contract (import-linter's) already governs: the top names in
    the options its type declares as scope (``scope_fields``); left to it."""
    names: set[str] = set()
    for spec in existing.contracts:
        for field in CONTRACT_TYPES[spec.type].scope_fields:
            value = spec.options.get(field)
            items = value if isinstance(value, list) else [value]
            names.update(str(v).split(".")[0].strip("( ") for v in items if isinstance(v, str))
    return frozenset(names)


def init(
    root: str,
    force: bool = False,
    options: RunOptions = RunOptions(),
    extras: frozenset[str] = frozenset(),
) -> InitReport:
    """Infer and write a configuration and its baseline; refuse to overwrite one without force."""
    found = existing_config(root)
    if found and not force:
        raise UsageError(f"{found} already configures archfit (use --force to replace it)")
    governed = governed_packages(load_config(root))
    roots = distribution_roots(root, discover(root))
    named = Config(source_roots=roots.source_roots or None, root_packages=roots.names or None)
    facts = gather(root, named, options)
    settings = infer_settings(facts, roots, root, governed, extras)
    written = write_settings(root, settings, _origin(roots))
    config = load_config(root)
    result = check(root, config, options=options)
    target = os.path.join(root, config.baseline)
    recorded = baseline.record(result, None)
    baseline.write(target, recorded)
    count = sum(e.count for e in recorded.entries)
    return InitReport(written, config.baseline, settings, count)


def init_all(
    path: str,
    force: bool = False,
    options: RunOptions = RunOptions(),
    extras: frozenset[str] = frozenset(),
) -> WorkspaceReport:
    """``init`` for every distribution at and below PATH (a workspace's members, each service
    of a monorepo), nested ones first so that each parent's discovery leaves them out
    (docs/adr/0015, rule 4): each becomes a project that ``archfit check PATH`` runs, with its
    own baseline. Without one, PATH itself. Distributions already configured are left alone
    unless ``force``; when every one is, that is the usage error ``init`` always gave."""
    folders = distributions(path, load_config(path).exclude) or ("",)
    found = {f: existing_config(os.path.join(path, f)) for f in folders}
    kept = tuple(posixpath.join(f, c) for f, c in found.items() if c and not force)
    if len(kept) == len(folders):
        raise UsageError(f"{kept[0]} already configures archfit (use --force to replace it)")
    written = []
    for folder in (f for f in folders if force or not found[f]):
        report = init(os.path.join(path, folder) if folder else path, force, options, extras)
        written.append(_relative(report, folder))
    return WorkspaceReport(tuple(written), kept)


def _relative(report: InitReport, folder: str) -> InitReport:
    config = posixpath.join(folder, report.config_path)
    return replace(
        report, config_path=config, baseline_path=posixpath.join(folder, report.baseline_path)
    )

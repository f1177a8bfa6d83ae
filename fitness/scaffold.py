"""``archfit init``: a starting configuration inferred from today's code, green on its first run.

Root packages come from discovery; a ``layers`` contract per root package orders its top-level
children by today's imports (importers above what they import, an import cycle merged into one
layer with ``:``); a baseline records whatever the new config still finds, so the next
``archfit check`` exits 0 and fails only on what gets worse.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import tomlkit
import yaml

from analyzer.bounded import write_inside
from analyzer.cycles import adjacency, cycles
from analyzer.facts import ImportEdge
from analyzer.repository import repository_boundary
from fitness import baseline, engine
from fitness.config import Config, load_config
from fitness.config.model import DEFAULT_BASELINE
from fitness.config.sources import ARCHFIT_YAML_NAMES
from fitness.exceptions import UsageError

PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class InitReport:
    """What ``init`` wrote, for the CLI to print."""

    config_path: str
    baseline_path: str
    settings: Mapping[str, Any]
    baselined: int


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


def infer_settings(facts: Any) -> dict[str, Any]:
    """The starting ``[tool.archfit]`` keys for the gathered facts."""
    roots = list(facts.layout.root_packages)
    contracts = [layers_contract(r, facts.modules, facts.edges) for r in roots]
    settings: dict[str, Any] = {"root_packages": roots, "baseline": DEFAULT_BASELINE}
    found = [c for c in contracts if c is not None]
    if found:
        settings["contracts"] = found
    return settings


def existing_config(root: str) -> str | None:
    """The archfit configuration file ``root`` already has, if any."""
    pyproject = os.path.join(root, PYPROJECT)
    if os.path.isfile(pyproject):
        document = tomlkit.parse(_read(pyproject))
        if "archfit" in document.get("tool", {}):
            return PYPROJECT
    return next((n for n in ARCHFIT_YAML_NAMES if os.path.isfile(os.path.join(root, n))), None)


def write_settings(root: str, settings: Mapping[str, Any]) -> str:
    """Into ``pyproject.toml`` when there is one (comments and layout kept), else archfit.yaml."""
    pyproject = os.path.join(root, PYPROJECT)
    boundary = repository_boundary(root)  # never written through a symlink out of it
    if not os.path.isfile(pyproject):
        text = yaml.safe_dump(dict(settings), sort_keys=False)
        write_inside(os.path.join(root, "archfit.yaml"), text, boundary)
        return "archfit.yaml"
    document = tomlkit.parse(_read(pyproject))
    tool = document.setdefault("tool", tomlkit.table(is_super_table=True))
    tool["archfit"] = _toml_table(settings)
    write_inside(pyproject, tomlkit.dumps(document), boundary)
    return PYPROJECT


def _toml_table(settings: Mapping[str, Any]) -> Any:
    table = tomlkit.table()
    for key, value in settings.items():
        if key != "contracts":
            table[key] = value
    contracts = tomlkit.aot()
    for contract in settings.get("contracts", []):
        item = tomlkit.table()
        for key, value in contract.items():
            item[key] = _multiline(value) if key == "layers" else value
        contracts.append(item)
    if contracts:
        table["contracts"] = contracts
    return table


def _multiline(values: Sequence[str]) -> Any:
    array = tomlkit.array()
    array.extend(values)
    return array.multiline(True)


def _read(path: str) -> str:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def init(
    root: str, force: bool = False, options: engine.RunOptions = engine.RunOptions()
) -> InitReport:
    """Infer and write a configuration and its baseline; refuse to overwrite one without force."""
    found = existing_config(root)
    if found and not force:
        raise UsageError(f"{found} already configures archfit (use --force to replace it)")
    facts = engine.gather(root, Config(), options)
    settings = infer_settings(facts)
    written = write_settings(root, settings)
    config = load_config(root)
    result = engine.check(root, config, options=options)
    target = os.path.join(root, config.baseline)
    recorded = baseline.record(result, None)
    baseline.write(target, recorded)
    count = sum(e.count for e in recorded.entries)
    return InitReport(written, config.baseline, settings, count)

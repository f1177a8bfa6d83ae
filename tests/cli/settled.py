"""Helpers for tests of stored runs and parts: a warm ``check`` past the racy window, a tree
every run judges, counters of the graph rules and contracts computed, and the removal of an
import a random edit sequence added."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from fitness.engine import stored_run


def settled_check(run_cli: Any, root: Path, *args: str) -> str:
    """``check --format json`` of ``root`` once past the racy window (``stored_run._RACY_NS``):
    the declarations of a tree changed this instant are never indexed, so the dependency
    rules would be computed and a test of reuse would see them run."""
    time.sleep(stored_run._RACY_NS / 1e9 + 0.02)
    code, out, err = run_cli("check", "--format", "json", str(root), *args)
    assert code in (0, 1), err
    return out


def judged_tree(root: Path, files: dict[str, str], monkeypatch: Any) -> Path:
    """``files`` written at ``root``, with the stored run out of the way, so that every run
    of the test judges (and may reuse parts)."""
    from tests.analyzer.trees import write_tree

    monkeypatch.setattr(stored_run, "tree_key", lambda *args, **kwargs: None)
    return write_tree(root, files)


def counted_graph_rules(monkeypatch: Any) -> list[str]:
    """The id of each graph-level rule computed from now on (``parts.run_graph``), or
    brought up to date from the run before (the import cycles, ``import_cycle.updated``; the
    couplings, each rule's ``Narrowing.updates``)."""
    from fitness.checks import import_cycle, main_sequence_distance, stable_dependencies
    from fitness.engine import parts

    seen: list[str] = []
    graph = parts.run_graph

    def counted(check_impl: Any, facts: Any, params: Any) -> Any:
        seen.append(check_impl.id)
        return graph(check_impl, facts, params)

    def updating(rule: str, update: Callable[..., Any]) -> Callable[..., Any]:
        def updated(*args: Any) -> Any:
            seen.append(rule)
            return update(*args)

        return updated

    monkeypatch.setattr(parts, "run_graph", counted)
    rule = import_cycle.ImportCycleCheck.id
    monkeypatch.setattr(import_cycle, "updated", updating(rule, import_cycle.updated))
    for check in (
        main_sequence_distance.MainSequenceDistanceCheck,
        stable_dependencies.StableDependenciesCheck,
    ):  # their updates share ``coupling_view.coupling_updates``: each rule's is wrapped
        updates = check.narrowed.updates
        assert updates is not None
        wrapped = replace(updates, update=updating(check.id, updates.update))
        monkeypatch.setattr(check, "narrowed", replace(check.narrowed, updates=wrapped))
    return seen


def answered_updates(monkeypatch: Any, module: Any) -> list[bool]:
    """Whether each call of ``module.updated`` from now on answered (True) or left the rule
    to be computed (None: False)."""
    seen: list[bool] = []
    real = module.updated

    def counted(*args: Any) -> Any:
        found = real(*args)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(module, "updated", counted)
    return seen


def counted_contracts(monkeypatch: Any) -> list[int]:
    """The places of the contracts computed from now on (``findings_by_contract``'s
    ``only``)."""
    from fitness.engine import stored_contracts

    seen: list[int] = []
    real = stored_contracts.findings_by_contract

    def counted(facts: Any, specs: Any, only: Any = None) -> Any:
        seen.extend(range(len(specs)) if only is None else only)
        return real(facts, specs, only)

    monkeypatch.setattr(stored_contracts, "findings_by_contract", counted)
    return seen


def removed_import(
    rng: random.Random,
    root: Path,
    added: dict[str, list[str]],
    where: tuple[Callable[[str], str], float],
) -> str | None:
    """With chance ``where[1]``, one of the import lines a random edit sequence ``added``
    (module -> lines) removed from its module's file (``where[0]``: the module's path): what
    it did, for a failure's message; None when nothing was removed (no random number is
    drawn when nothing was added, so a seed gives the sequence it always gave)."""
    file_of, chance = where
    removable = [(module, line) for module, lines in added.items() for line in lines]
    if not removable or rng.random() >= chance:
        return None
    module, line = rng.choice(removable)
    added[module].remove(line)
    path = root / file_of(module)
    path.write_text(path.read_text().replace(line, "", 1))
    return f"removed {line.strip()!r} from {module}"

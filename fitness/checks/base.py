"""What a check receives and returns.

A check never spells a code: the pack rule supplies it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from analyzer.facts import Facts, ImportEdge, ParsedFile
from archfit_values import frozen
from fitness.results.findings import Chain


@frozen
class Hit:
    """One place a check fires; the engine turns it into a Finding with the rule's code."""

    subject: str
    message: str
    path: str
    line: int
    column: int = 1
    target: str = ""
    chains: tuple[Chain, ...] = ()


# A pair's imports today: ``edges_of(path, importer, imported)`` (``Narrowing.relink``);
# None when the file at ``path`` is as it was when the hits were stored.
EdgesOf = Callable[[str, str, str], Sequence[ImportEdge] | None]


@frozen
class Lookups:
    """How a check's hits read the names modules bind, lookup by lookup (``Narrowing.lookups``).

    ``made(facts)``, asked after ``run`` on the same facts: every lookup it made, by the path
    of the file looked into, (module, name) -> what it found (a name, or None: compared for
    equality alone). ``finds(parsed, name)``: what that lookup finds in the file today."""

    made: Callable[[Facts], Mapping[str, Mapping[tuple[str, str], str | None]]]
    finds: Callable[[ParsedFile, str], str | None]


# What a check keeps beside its hits to bring them up to date (``Updates``): tuples of
# names (the import cycles: the components of each graph they read).
State = tuple[tuple[tuple[str, ...], ...], ...]


@frozen
class Updates:
    """How a check's hits follow a change of some files (``Narrowing.updates``).

    ``state(facts, params)``, asked after ``run`` on the same facts: what ``update`` needs
    besides the hits. ``update(hits, state, facts, params, moved)``: the hits and state of
    ``facts`` from those of facts that differ from them only in the files of the modules
    ``moved`` (the layout the same); None when they must be computed. It must return what
    ``run`` and ``state`` would."""

    state: Callable[[Facts, Mapping[str, Any]], State]
    update: Callable[
        [Sequence[Hit], State, Facts, Mapping[str, Any], frozenset[str]],
        tuple[list[Hit], State] | None,
    ]


@frozen
class Narrowing:
    """Narrower inputs than a check's ``inputs``, that its hits follow from whenever
    ``holds(facts, params)`` was true of the facts they were computed from (an optional
    ``narrowed`` attribute of a whole-target check). ``holds`` must follow from the check's
    params, the layout and the narrower views alone: the engine stores hits under the
    narrower key only when it held, and reuses them under that key without asking again.

    ``witnessed``: the hits also follow from the ``internal`` view (every field of every
    internal edge) of the files their chains' links start in (``Link.path``), and from
    nothing else of the other files: the engine stores those files' digests beside the hits
    and reuses them only while those are unchanged too."""

    reads: tuple[str, ...]
    holds: Callable[[Facts, Mapping[str, Any]], bool]
    witnessed: bool = False
    # With ``witnessed``: the stored hits brought up to date when only the imports of
    # pairs they report changed, ``relink(hits, params, edges_of)`` (``edges_of(path,
    # importer, imported)``: that pair's imports today, in ``edge_order``); it must return
    # what ``run`` would. None: such hits are computed again.
    relink: Callable[[Sequence[Hit], Mapping[str, Any], EdgesOf], list[Hit]] | None = None
    # The hits also follow from the answers of the lookups ``lookups.made`` lists into the
    # names modules bind, and from nothing else of those names: the engine stores the lookups
    # beside the hits and reuses them while every lookup into a file that changed finds what
    # it found then (``fitness.engine.guarded_lookups``).
    lookups: Lookups | None = None
    # The hits also follow from the hits and ``Updates.state`` of the run before and the
    # modules whose files changed since (``fitness.engine.updated``): the engine keeps the
    # state beside the hits and asks ``update`` before it computes them again.
    updates: Updates | None = None


def always(facts: Facts, params: Mapping[str, Any]) -> bool:
    """A ``Narrowing.holds`` for a check whose narrower inputs always suffice."""
    return True


class Check(Protocol):
    """A kind of check; its id is the name of the bundled rule that first used it.

    A check may say ``scope = "file"``: what it reports in a file follows from that file's
    facts (and the layout) alone. When the hook narrows a run to FILES, such a check judges
    those files only (``judges_files_alone``); every other check sees the whole target.

    A whole-target check may also say what of each file's facts its hits follow from
    (besides the layout), ``inputs(params) -> tuple[str, ...] | None``: names of views in
    ``fitness.engine.columns.VIEWS`` ("imports", "outline", "structure", "metrics", ...,
    "edges" for the import graph, "internal" for its edges between the project's own
    modules alone, "internal_pairs" for which of them each module imports, with the first
    line and the kinds: ``fitness.engine.internal_edges``). Its stored hits are then reused
    while those views are unchanged in every file; a check that does not say is computed
    every run. A check whose hits follow from views of ``fitness.checks.view_values.VALUED``
    and the edges alone runs on them (``run_views``, a ``ViewCheck``): the engine then gives
    it the stored view values and never decodes an unchanged file's facts.
    """

    id: str

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """Judge the facts with these parameters: every one the check declares, resolved
        (``resolved_params``), so a check reads ``params[key]`` and never writes a default."""
        ...


@frozen
class Param:
    """One parameter a check declares: its type(s), default and meaning (``archfit explain``).

    ``setting`` names the configuration setting the parameter starts from instead of its
    default (``"budgets"``: ``[tool.archfit.budgets]``); a rule's own table is merged over it.
    """

    kind: type | tuple[type, ...]
    default: Any
    doc: str
    setting: str = ""

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` fits (a bool is never a number; an int is a float)."""
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        if isinstance(value, bool):
            return bool in kinds
        if float in kinds and isinstance(value, int):
            return True
        return isinstance(value, kinds)

    @property
    def type_name(self) -> str:
        """The type(s) as a reader says them."""
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        names: dict[type, str] = {
            int: "integer",
            float: "number",
            bool: "true/false",
            str: "string",
            list: "list",
            dict: "table",
        }
        return " or ".join(names.get(k, k.__name__) for k in kinds)


def param_schema(check: Check) -> Mapping[str, Param]:
    """The parameters a check declares (``params_schema``); empty when it declares none."""
    schema: Mapping[str, Param] = getattr(check, "params_schema", {})
    return schema


def param_problems(check: Check, params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, message) for every unknown or ill-typed parameter, against the declared schema."""
    schema = param_schema(check)
    if not schema:
        return []
    problems = []
    for key, value in params.items():
        spec = schema.get(key)
        if spec is None:
            known = ", ".join(sorted(schema))
            problems.append((key, f"unknown parameter {key!r} for check {check.id!r} ({known})"))
        elif not spec.accepts(value):
            problems.append((key, f"parameter {key!r} must be {spec.type_name}, not {value!r}"))
    return problems


def judges_files_alone(check: Check) -> bool:
    """Whether the check declares ``scope = "file"``; a check that does not judges the whole
    target, whatever FILES say (the safe default for a third-party check)."""
    return getattr(check, "scope", "project") == "file"


def settings_read(check: Check) -> tuple[str, ...]:
    """The configuration settings the check's parameters start from (``Param.setting``)."""
    return tuple(sorted({p.setting for p in param_schema(check).values() if p.setting}))


def resolved_params(
    check: Check, params: Mapping[str, Any], settings: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """What the check runs with: each declared parameter from the rule's ``params``, else
    from the configuration setting it reads (in ``settings``), else its default; a rule's
    table is merged over its setting's (a pack's budget over ``[tool.archfit.budgets]``)."""
    resolved = dict(params)
    for key, spec in param_schema(check).items():
        start = settings[spec.setting] if settings and spec.setting in settings else spec.default
        if key not in resolved:
            resolved[key] = start
        elif isinstance(start, Mapping) and isinstance(resolved[key], Mapping):
            resolved[key] = {**start, **resolved[key]}
    return resolved

"""Which decisions govern a file, from what an ADR ``affects``, the modules it references and
the scopes of its rules (the caller says which module each file is)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from archfit_values import frozen
from fitness.adr.declared import rule_text
from fitness.adr.model import Adr, Rule
from fitness.contracts.registry import CONTRACT_TYPES

_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_MODULE = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
_RANK = {"accepted": 0, "proposed": 1, "unknown": 2}
_SCOPED_KEYS = (
    "layers",
    "forbid",
    "interface",
    "migrate",
    "max-complexity",
    "budget",
    "contract",
)


@frozen
class Scope:
    """One thing an ADR governs: a module (and everything under it) or a path glob."""

    module: str = ""
    glob: str = ""
    why: str = ""  # ``affects``, ``references`` or ``rule``, with the text and its line


@frozen
class Governing:
    """An active ADR that governs a file, and why."""

    adr: Adr
    reasons: tuple[str, ...]


def affected(value: Any) -> list[str]:
    """An ``affects`` value (``a.b, src/a/**`` or a list) as its items."""
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def scopes(adr: Adr, roots: Sequence[str]) -> list[Scope]:
    """Everything ``adr`` governs, from its ``affects``, references and rules."""
    found = []
    for rule in adr.rules:
        if rule.key == "affects":
            found += [_item(i, f"affects `{i}` (line {rule.line})") for i in affected(rule.value)]
        elif rule.key in _SCOPED_KEYS:
            why = f"rule `{rule_text(rule)}` (line {rule.line})"
            found += [Scope(module=m, why=why) for m in _rule_modules(rule, roots)]
    return found + _reference_scopes(adr, roots)


def _reference_scopes(adr: Adr, roots: Sequence[str]) -> list[Scope]:
    """Backticked modules and paths more specific than a whole root package or top folder
    (naming ``fitness`` in prose does not make an ADR govern every file)."""
    found: dict[str, Scope] = {}
    for ref in adr.references:
        text = ref.text.strip().rstrip("/")
        why = f"references `{text}` (line {ref.line})"
        if _MODULE.match(text) and "." in text and text.split(".")[0] in roots:
            found.setdefault(text, Scope(module=text, why=why))
        elif "/" in text:
            found.setdefault(text, Scope(glob=text, why=why))
    return list(found.values())


def _item(item: str, why: str) -> Scope:
    if _MODULE.match(item) and not item.endswith(".py"):
        return Scope(module=item, why=why)
    return Scope(glob=item, why=why)


def _rule_modules(rule: Rule, roots: Sequence[str]) -> list[str]:
    """Dotted names of the target's root packages that a rule's text or mapping mentions."""
    text = " ".join(_strings(rule.value))
    if rule.key == "forbid":  # ``a -> b``: the code governed is the importer
        text = text.split("->")[0]
    elif rule.key == "interface":  # ``billing exposes Invoice``: the module with the interface
        text = text.split(" exposes ")[0]
    elif rule.key == "migrate":  # ``redis -> kafka in chat.broadcast``
        text = text.rsplit(" in ", 1)[1] if " in " in text else ""
    elif rule.key == "contract" and isinstance(rule.value, Mapping):
        fields = scope_fields(rule.value.get("type"))
        text = " ".join(_strings({k: v for k, v in rule.value.items() if k in fields}))
    names = _DOTTED.findall(text)
    return list(dict.fromkeys(n for n in names if n.split(".")[0] in roots))


def scope_fields(type_name: Any) -> tuple[str, ...]:
    """The options of a contract type that name the code it governs (none for unknown types)."""
    kind = CONTRACT_TYPES.get(type_name) if isinstance(type_name, str) else None
    return kind.scope_fields if kind is not None else ()


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def covers(scope: Scope, path: str, module: str | None) -> bool:
    """Whether ``scope`` governs the file at ``path`` (module ``module``, if any)."""
    if scope.glob:
        return _glob_matches(scope.glob, path)
    if not module:
        return False
    if module == scope.module or module.startswith(scope.module + "."):
        return True
    # `pkg.mod.Thing` names something inside the module pkg.mod (not a package's __init__).
    return scope.module.startswith(module + ".") and not path.endswith("__init__.py")


def _glob_matches(glob: str, path: str) -> bool:
    plain = glob.rstrip("/")
    if path == plain or path.startswith(plain + "/"):
        return True
    import pathspec  # 14 ms; only an ADR that names a glob needs it

    return pathspec.GitIgnoreSpec.from_lines([glob]).match_file(path)


def governing(
    adrs: Iterable[Adr], path: str, module: str | None, roots: Sequence[str]
) -> list[Governing]:
    """The active ADRs governing one file: accepted first, then proposed, then unknown."""
    found = []
    for adr in (a for a in adrs if a.active):
        reasons = [s.why for s in scopes(adr, roots) if covers(s, path, module)]
        if reasons:
            found.append(Governing(adr, tuple(dict.fromkeys(reasons))))
    return sorted(found, key=lambda g: (_RANK.get(g.adr.status, 3), g.adr.path))


def governing_files(
    adrs: Sequence[Adr], files: Mapping[str, str | None], roots: Sequence[str]
) -> list[Adr]:
    """The accepted ADRs governing any of ``files`` (path -> module), sorted by path."""
    found: dict[str, Adr] = {}
    for path, module in files.items():
        for item in governing(adrs, path, module, roots):
            if item.adr.binding:
                found[item.adr.path] = item.adr
    return [found[p] for p in sorted(found)]

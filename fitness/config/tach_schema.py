"""tach 0.35.3's configuration schema, key by key, and the one walk that checks a table against it.

Read from tach's own parser (``tach.extension.parse_project_config``): tables it declares with
``deny_unknown_fields`` refuse an unknown key, the others (``[rules]``, ``[external]``,
``[cache]``, ``[plugins]``, a ``[[modules]]`` entry with ``paths``) accept one and ignore it.
archfit refuses what tach refuses, with the key's line and a did-you-mean, and names what tach
accepts but never reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from archfit_values import mutable

KeyPath = tuple[str | int, ...]
ROOT_MODULE_MODES = ("allow", "forbid", "ignore", "dependenciesonly")
RULE_SETTINGS = ("error", "warn", "off")
DATA_TYPES = ("all", "primitive")


@mutable
class Walk:
    """What checking a document found: refusals (tach would refuse them too) and notes."""

    errors: list[tuple[KeyPath, str]]
    notes: list[tuple[KeyPath, str]]

    def error(self, path: KeyPath, message: str) -> None:
        """A value tach 0.35.3 refuses."""
        self.errors.append((path, message))

    def note(self, path: KeyPath, message: str) -> None:
        """A key tach accepts that changes nothing archfit judges."""
        self.notes.append((path, message))


Checker = Callable[[Any, KeyPath, Walk], None]


def did_you_mean(key: str, known: tuple[str, ...]) -> str:
    """`` (did you mean X?)`` for the closest known key, or ""."""
    import difflib  # on a mistake only: a run that has none never loads it

    close = difflib.get_close_matches(key, known, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def boolean(value: Any, path: KeyPath, walk: Walk) -> None:
    """true or false (tach refuses strings such as "yes")."""
    if not isinstance(value, bool):
        walk.error(path, f"{path[-1]} must be true or false, not {value!r}")


def text(value: Any, path: KeyPath, walk: Walk) -> None:
    """A string."""
    if not isinstance(value, str):
        walk.error(path, f"{path[-1]} must be a string, not {value!r}")


def strings(value: Any, path: KeyPath, walk: Walk) -> None:
    """A list of strings (a lone string is refused, as tach refuses it)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        walk.error(path, f"{path[-1]} must be a list of strings, not {value!r}")


def one_of(choices: tuple[str, ...]) -> Checker:
    """One of ``choices``, exactly as tach spells them."""

    def check(value: Any, path: KeyPath, walk: Walk) -> None:
        if value not in choices:
            hint = did_you_mean(str(value), choices)
            walk.error(path, f"{path[-1]} must be one of {', '.join(choices)}, not {value!r}{hint}")

    return check


def gitignore_mode(value: Any, path: KeyPath, walk: Walk) -> None:
    """``respect_gitignore``: true, false or "if_git_repo"."""
    if not isinstance(value, bool) and value != "if_git_repo":
        walk.error(path, f"respect_gitignore must be true, false or 'if_git_repo', not {value!r}")


def ignored(reason: str) -> Checker:
    """A key tach reads for another command than ``tach check``: accepted, named as ignored."""

    def check(value: Any, path: KeyPath, walk: Walk) -> None:
        walk.note(path, f"{_dotted(path)} ignored: {reason}")

    return check


def noted(check: Checker, reason: str) -> Checker:
    """A key archfit reads and validates as tach does but does not judge: named in a note."""

    def both(value: Any, path: KeyPath, walk: Walk) -> None:
        check(value, path, walk)
        walk.note(path, f"{_dotted(path)} not judged: {reason}")

    return both


def table(schema: Mapping[str, Checker], strict: bool, required: tuple[str, ...] = ()) -> Checker:
    """A table whose keys follow ``schema``; ``strict`` tables refuse keys it does not name."""

    def check(value: Any, path: KeyPath, walk: Walk) -> None:
        if not isinstance(value, dict):
            walk.error(path, f"{_dotted(path) or 'the configuration'} must be a table")
            return
        for key in required:
            if key not in value:
                walk.error(path, f"{_dotted(path)} is missing required key {key!r}")
        known = tuple(schema)
        for key, item in value.items():
            if key in schema:
                schema[key](item, (*path, key), walk)
            elif strict:
                hint = did_you_mean(key, known)
                message = f"unknown key {key!r}{hint}; tach 0.35.3 accepts: {', '.join(known)}"
                walk.error((*path, key), message)
            else:
                walk.note(
                    (*path, key), f"{_dotted((*path, key))} ignored: tach 0.35.3 never reads it"
                )

    return check


def array_of(item: Checker, what: str) -> Checker:
    """A list whose every entry passes ``item``."""

    def check(value: Any, path: KeyPath, walk: Walk) -> None:
        if not isinstance(value, list):
            walk.error(path, f"{path[-1]} must be a list of {what}, not {value!r}")
            return
        for index, entry in enumerate(value):
            item(entry, (*path, index), walk)

    return check


def string_or(table_check: Checker) -> Checker:
    """A string, or a table (``depends_on = ["a", {path = "b", deprecated = true}]``)."""

    def check(value: Any, path: KeyPath, walk: Walk) -> None:
        if not isinstance(value, str):
            table_check(value, path, walk)

    return check


def _dotted(path: KeyPath) -> str:
    """``("modules", 2, "depends_on")`` -> ``modules[2].depends_on``, as a reader finds it."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


DEPENDENCY = string_or(table({"path": text, "deprecated": boolean}, True, ("path",)))
DEPENDENCIES = array_of(DEPENDENCY, "module paths or {path, deprecated} tables")
_CHECK_EXTERNAL = "read by `tach check-external` only (archfit: the dependency rules)"
_MODULE_KEYS: dict[str, Checker] = {
    "depends_on": DEPENDENCIES,
    "cannot_depend_on": DEPENDENCIES,
    "depends_on_external": ignored(_CHECK_EXTERNAL),
    "cannot_depend_on_external": ignored(_CHECK_EXTERNAL),
    "layer": text,
    "visibility": strings,
    "utility": boolean,
    "strict": ignored("deprecated since tach 0.15 (declare an [[interfaces]] entry instead)"),
    "unchecked": boolean,
}
MODULE = table({"path": text, **_MODULE_KEYS}, True, ("path",))
# ``paths = [...]`` declares several modules at once; tach's bulk form ignores unknown keys.
BULK_MODULE = table({"paths": strings, **_MODULE_KEYS}, False, ("paths",))
DOMAIN_ROOT = table(_MODULE_KEYS, True)


def module_entry(value: Any, path: KeyPath, walk: Walk) -> None:
    """A ``[[modules]]`` entry: one ``path``, or several ``paths`` (the bulk form)."""
    if isinstance(value, dict) and "paths" in value:
        BULK_MODULE(value, path, walk)
    else:
        MODULE(value, path, walk)


MODULES = array_of(module_entry, "tables")
INTERFACE_KEYS: dict[str, Checker] = {
    "expose": strings,
    "from": strings,
    "visibility": strings,
    "data_types": one_of(DATA_TYPES),
    "exclusive": boolean,
}
INTERFACES = array_of(table(INTERFACE_KEYS, True, ("expose",)), "tables")
LAYER = string_or(table({"name": text, "closed": boolean}, True, ("name",)))
_RULES = table(
    {
        "unused_ignore_directives": one_of(RULE_SETTINGS),
        "require_ignore_directive_reasons": one_of(RULE_SETTINGS),
        "unused_external_dependencies": one_of(RULE_SETTINGS),
        "local_imports": one_of(RULE_SETTINGS),
    },
    False,
)
_NO_VERDICT = "changes nothing `tach check` reports"
PROJECT = table(
    {
        "modules": MODULES,
        "interfaces": INTERFACES,
        "layers": array_of(LAYER, "layer names or {name, closed} tables"),
        "cache": ignored(f"caching {_NO_VERDICT}"),
        "external": table({"exclude": strings, "rename": strings}, False),
        "map": ignored(f"read by `tach map` only; {_NO_VERDICT}"),
        "exclude": strings,
        "source_roots": strings,
        "exact": boolean,
        "ignore_type_checking_imports": boolean,
        "include_string_imports": boolean,
        "forbid_circular_dependencies": boolean,
        "layers_explicit_depends_on": boolean,
        "respect_gitignore": gitignore_mode,
        "root_module": one_of(ROOT_MODULE_MODES),
        "rules": _RULES,
        "plugins": table(
            {
                "django": noted(
                    table({"settings_module": text}, False),
                    "Django's string references are not read from tach's plugin "
                    "(archfit's own option: include_framework_edges)",
                )
            },
            False,
        ),
    },
    True,
)
DOMAIN = table({"root": DOMAIN_ROOT, "modules": MODULES, "interfaces": INTERFACES}, True)

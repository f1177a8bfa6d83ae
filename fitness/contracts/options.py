"""The one validator of contract options, wherever a contract is written: archfit's config,
import-linter's config or an ADR's fitness block. Each caller turns the problems into its own
kind of report (a config error, an ADR006 finding), always at the option's line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from archfit_values import frozen
from fitness.contracts.base import ContractType, FieldKind, FieldSpec, OptionProblem
from fitness.contracts.registry import CONTRACT_TYPES, fields_of

META_KEYS = ("id", "name", "type")


@frozen
class Dialect:
    """Where a contract is written: how its values look and which types and options exist."""

    text_values: bool = False  # INI hands every value over as text ("true", "3", "a")
    single_string_lists: bool = False  # a list option may be one string
    importlinter_only: bool = False  # only what lint-imports itself accepts


ARCHFIT = Dialect()
IMPORTLINTER = Dialect(text_values=True, single_string_lists=True, importlinter_only=True)
ADR = Dialect(single_string_lists=True)


def type_problem(value: Any, dialect: Dialect) -> OptionProblem | None:
    """Why ``value`` names no contract type this dialect knows, or None."""
    known = known_types(dialect)
    if isinstance(value, str) and value in known:
        return None
    message = f"unknown contract type {value!r}{did_you_mean(value, known)}"
    if isinstance(value, str) and value in CONTRACT_TYPES:
        message = f"{value!r} is an archfit contract type, not one of import-linter's"
    return OptionProblem("type", f"{message}; valid types: {', '.join(known)}")


def known_types(dialect: Dialect) -> list[str]:
    """The contract type names valid in ``dialect``, in registry order."""
    return [name for name, kind in CONTRACT_TYPES.items() if _offered(kind, dialect)]


def _offered(kind: ContractType, dialect: Dialect) -> bool:
    return kind.importlinter or not dialect.importlinter_only


def validate_options(
    type_name: str, raw: Mapping[str, Any], dialect: Dialect
) -> tuple[dict[str, Any], list[OptionProblem]]:
    """The options of a contract of a known type, converted, and every problem with them.

    Unknown options get a did-you-mean; the type's own cross-option rules run once every
    option is valid on its own.
    """
    fields = _fields(type_name, dialect)
    problems = [_unknown(key, type_name, fields) for key in raw if _is_unknown(key, fields)]
    converted = {k: _convert(v, fields[k].kind, dialect) for k, v in raw.items() if k in fields}
    problems += [_bad_value(k, raw[k], fields[k]) for k, v in converted.items() if is_bad(v)]
    problems += [
        OptionProblem("", f"{type_name} contract is missing required key {key!r}")
        for key, spec in sorted(fields.items())
        if spec.required and key not in raw
    ]
    parsed = {key: value for key, value in converted.items() if not is_bad(value)}
    if not problems:
        problems = CONTRACT_TYPES[type_name].validate(parsed)
    return parsed, problems


def _bad_value(key: str, value: Any, spec: FieldSpec) -> OptionProblem:
    return OptionProblem(key, f"{key} must be {expected(spec.kind)}, not {value!r}")


def _fields(type_name: str, dialect: Dialect) -> dict[str, FieldSpec]:
    fields = fields_of(type_name)
    if dialect.importlinter_only:
        return {k: f for k, f in fields.items() if not f.archfit_only}
    return fields


def _is_unknown(key: str, fields: Mapping[str, FieldSpec]) -> bool:
    return key not in META_KEYS and key not in fields


def _unknown(key: str, type_name: str, fields: Mapping[str, FieldSpec]) -> OptionProblem:
    """An option no field declares: the closest valid one, then every valid one."""
    valid = sorted(fields)
    if key in fields_of(type_name):  # known to archfit, so the dialect is import-linter's
        return OptionProblem(
            key,
            f"{key!r} is an archfit option lint-imports refuses; valid options: {', '.join(valid)}",
        )
    return OptionProblem(
        key,
        f"unknown option {key!r} for a {type_name} contract{did_you_mean(key, valid)}; "
        f"valid options: {', '.join(valid)}",
    )


def did_you_mean(given: Any, valid: list[str]) -> str:
    """``; did you mean 'x'?`` for the closest valid name, or ""."""
    import difflib  # on a mistake only: a run that has none never loads it

    matches = difflib.get_close_matches(str(given), valid, n=1) if given is not None else []
    return f"; did you mean {matches[0]!r}?" if matches else ""


def expected(kind: FieldKind) -> str:
    """What a field holds, as a phrase: ``a boolean``, ``an integer``, ``one of none, ...``."""
    text = kind.value
    if text.startswith("one of"):
        return text
    return ("an " if text[0] in "aeiou" else "a ") + text


class _Bad:
    """A value that does not fit its field."""


def _convert(value: Any, kind: FieldKind, dialect: Dialect) -> Any:
    return _CONVERTERS[kind](value, dialect)


def to_list(value: Any, dialect: Dialect) -> Any:
    """A list of non-empty, stripped strings (``_Bad()`` if it is not one)."""
    if isinstance(value, str) and dialect.single_string_lists:
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return _Bad()


def is_bad(value: Any) -> bool:
    """Whether a converter refused its value."""
    return isinstance(value, _Bad)


def _to_text(value: Any, dialect: Dialect) -> Any:
    if isinstance(value, list) and dialect.text_values:
        value = "\n".join(str(v) for v in value)
    return value if isinstance(value, str) else _Bad()


def _to_bool(value: Any, dialect: Dialect) -> Any:
    if isinstance(value, bool):
        return value
    if dialect.text_values and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"  # import-linter's BooleanField: anything else is an error
    return _Bad()


def _to_int(value: Any, dialect: Dialect) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if dialect.text_values and isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return _Bad()


def _to_alert(value: Any, dialect: Dialect) -> Any:
    return value if value in ("none", "warn", "error") else _Bad()


_CONVERTERS: dict[FieldKind, Callable[[Any, Dialect], Any]] = {
    FieldKind.MODULES: to_list,
    FieldKind.STRINGS: to_list,
    FieldKind.TEXT: _to_text,
    FieldKind.BOOL: _to_bool,
    FieldKind.INT: _to_int,
    FieldKind.ALERT: _to_alert,
}

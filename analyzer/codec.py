"""Frozen dataclasses to JSON and back, for the content cache.

JSON, not pickle: a cache file inside a target repository is input like any other, and
unpickling it could run code. Each dataclass is a list of its field values in field order;
decoding rebuilds and type-checks every value from the class's own annotations, so a value
that does not fit raises ``ValueError`` and the cache entry is ignored.

A warm run decodes ~40 values per file, so the checks are planned once, not per value
(ADR-0012): a dataclass's decoder reads the JSON types of a list's items in one C-level pass
(``tuple(map(type, items))``) and looks that tuple up in the plans it has accepted so far. A
plan names the fields that need more than the exact JSON type (a nested dataclass, a tuple,
an enum, an int for a float); every other field's type was just checked by the lookup. A
tuple of types that no plan holds yet is checked field by field against the annotations,
and either becomes a plan or raises.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import json
import operator
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from analyzer.field_types import field_hints

T = TypeVar("T")
Decoder = Callable[[Any], Any]
# A decoding plan: (field index, converter) for the fields whose JSON value is not kept as is.
Plan = tuple[tuple[int, Decoder], ...]
_NONE = type(None)
_EXACT = (str, bool, int)  # JSON gives exactly these types for them (bool is not an int here)


def dumps(value: Any) -> str:  # archfit: ignore[CBX004] the entry point; its encoder made once
    """Encode a dataclass (nested dataclasses, tuples, enums, scalars) as compact JSON."""
    return _ENCODER.encode(value)


def loads(text: str | bytes, cls: type[T], without: frozenset[str] = frozenset()) -> T:
    """Decode JSON written by ``dumps`` into ``cls``; ValueError when it does not fit.

    The fields named in ``without`` (each one that may be None) are left None, never decoded:
    a command that never reads them does not pay for building them.
    """
    data = _json(text)
    if without and type(data) is list:
        for index in _optional_indexes(typing.cast(typing.Hashable, cls), without):
            if index < len(data):
                data[index] = None
    decoder: Decoder = _decoder(typing.cast(typing.Hashable, cls))
    result: T = decoder(data)
    return result


def fields_of(text: str | bytes, cls: type) -> list[Any]:
    """The JSON of a ``cls`` written by ``dumps``, its fields left as JSON: the list's length
    and each field's JSON type checked as ``loads`` checks them (ValueError), nothing built.
    ``take`` builds one field of it, so a reader pays only for the fields it reads."""
    data = _json(text)
    _layout(typing.cast(typing.Hashable, cls)).plan(data)
    return typing.cast(list[Any], data)


def take(data: list[Any], cls: type, name: str) -> Any:
    """Field ``name`` of ``fields_of``'s list, built and checked as ``loads`` builds it
    (ValueError when it does not fit), and taken out of the list (None left in its place:
    its JSON is not held beside the value)."""
    layout = _layout(typing.cast(typing.Hashable, cls))
    index = layout.index[name]
    value, data[index] = data[index], None
    try:
        convert = _converter(layout.hints[index], value.__class__)
        return value if convert is None else convert(value)
    except ValueError as exc:
        raise ValueError(f"{cls.__name__}, field {index + 1}: {exc}") from None


def index_of(cls: type, name: str) -> int:
    """The position of field ``name`` in the JSON list of a ``cls``."""
    return _layout(typing.cast(typing.Hashable, cls)).index[name]


def rows_final(rows: Any, cls: type) -> bool:
    """Whether ``rows`` (JSON: a ``tuple[cls, ...]``) are values of ``cls`` that building can
    no longer refuse: each row's length and JSON types checked as ``loads`` checks them
    (ValueError when one does not fit), and none needing more than its JSON type (a nested
    value, an enum, a float written as an int): then they may be built later, or never."""
    layout = _layout(typing.cast(typing.Hashable, cls))
    if _list(rows) and set(map(type, rows)) != {list}:
        raise ValueError(f"{cls.__name__}: expected lists")
    # Each row's item types, in C (no Python call per row: 180,000 rows on the monorepo);
    # then one plan per distinct tuple of them, looked up or checked as ``loads`` would.
    return not any(map(layout.planned, set(map(tuple, map(_TYPES, rows)))))


_TYPES = functools.partial(map, type)  # a list's item types, lazily (``tuple`` takes them)


def build_rows(rows: list[Any], cls: type[T]) -> tuple[T, ...]:
    """The values of ``cls`` of rows ``rows_final`` accepted (as ``loads`` builds them)."""
    return tuple(map(_decoder(typing.cast(typing.Hashable, cls)), rows))


def _json(text: str | bytes) -> Any:
    """``json.loads``, its errors as ValueError."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"not JSON: {exc}") from exc
    except RecursionError:
        # The C decoder counts its nesting against the interpreter's recursion limit, so
        # depth is bounded there; deeper than any dataclass's shape fails the type checks.
        raise ValueError("JSON nested too deeply") from None


@functools.cache
def _optional_indexes(cls: Any, names: frozenset[str]) -> tuple[int, ...]:
    """The positions of the fields ``names`` in ``cls``; TypeError for a name that is not a
    field that may be None (leaving it out would not decode)."""
    hints = field_hints(cls)
    fields = [f.name for f in dataclasses.fields(cls)]
    for name in names:
        if name not in fields or _NONE not in typing.get_args(hints[name]):
            raise TypeError(f"{cls.__name__}.{name} is not a field that may be None")
    return tuple(sorted(fields.index(name) for name in names))


def shape(cls: type) -> str:
    """A fingerprint of a dataclass's structure (field names and types, recursively).

    Part of the cache's version stamp: adding a field to ParsedFile invalidates old entries
    without anyone remembering to bump a number. An enum is described with its values: a new
    kind (``explicit-lazy``, a blind spot) means old entries were read by a parser that could
    not produce it, so they must be read again.
    """
    return hashlib.sha256(_describe(cls).encode("utf-8")).hexdigest()[:16]


def _describe(hint: Any) -> str:
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = field_hints(hint)
        fields = ",".join(f"{f.name}:{_describe(hints[f.name])}" for f in dataclasses.fields(hint))
        return f"{hint.__name__}({fields})"
    if _is_enum(hint):
        return f"{hint.__name__}{{{','.join(str(m.value) for m in hint)}}}"
    args = typing.get_args(hint)
    if args:
        return f"{typing.get_origin(hint)}[{','.join(_describe(a) for a in args)}]"
    return getattr(hint, "__name__", repr(hint))


def _as_json(value: Any) -> Any:
    """What the C encoder cannot write itself: a dataclass as its field values, an enum as
    its value (a ``StrEnum`` is a str, and never gets here)."""
    if isinstance(value, enum.Enum):
        return value.value
    return _field_getter(value.__class__)(value)


@functools.cache
def _field_getter(cls: Any) -> Callable[[Any], Any]:
    """A dataclass's field values as one JSON array: a tuple from ``attrgetter``, in C (one
    field: a tuple of one)."""
    if not (dataclasses.is_dataclass(cls) and isinstance(cls, type)):
        raise TypeError(f"cannot encode {cls.__name__}")
    names = tuple(f.name for f in dataclasses.fields(cls))
    if len(names) < 2:  # attrgetter gives a bare value for one name, and takes none
        return lambda value: tuple(getattr(value, name) for name in names)
    return operator.attrgetter(*names)


# Frozen values hold no cycle, so the encoder keeps no table of the containers it is inside
# (``check_circular``: an id per list, dict and dataclass; 8.3 -> 7.0 ms for the 1,242
# findings of a Django run). One made ahead: ``json.dumps`` makes one per call.
_ENCODER = json.JSONEncoder(
    default=_as_json,
    separators=(",", ":"),
    ensure_ascii=False,
    check_circular=False,
)


@functools.cache
def _decoder(hint: Any) -> Decoder:
    """A decoding function for one type annotation, built once per type."""
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    if origin is tuple:
        return _tuple_decoder(typing.get_args(hint))
    if origin is dict or origin is typing.get_origin(typing.Mapping[str, int]):
        return _dict_decoder(typing.get_args(hint))
    if origin in (types.UnionType, typing.Union):
        for option in typing.get_args(hint):
            _decoder(option)  # TypeError now for an option no JSON value could fit
    elif not (hint in (*_EXACT, float, _NONE) or _is_enum(hint)):
        raise TypeError(f"cannot decode {hint!r}")
    return functools.partial(_by_kind, hint)


def _by_kind(hint: Any, value: Any) -> Any:
    """Decode a scalar, an enum or a union by the JSON type of ``value``."""
    convert = _converter(hint, value.__class__)
    return value if convert is None else convert(value)


@functools.cache
def _layout(cls: Any) -> _Layout:
    return _Layout(cls)


class _Layout:
    """A dataclass as the codec decodes it: its fields' annotations, their positions, and
    the plans accepted so far (ADR-0012), shared by the whole decoder and ``take``."""

    def __init__(self, cls: Any) -> None:
        hints = field_hints(cls)
        names = [f.name for f in dataclasses.fields(cls)]
        self.cls, self.hints = cls, tuple(hints[name] for name in names)
        self.index = {name: index for index, name in enumerate(names)}
        for hint in self.hints:
            _decoder(hint)  # TypeError now for a field no JSON could fill, not at the first value
        self.plans: dict[tuple[type, ...], Plan] = {}

    def plan(self, value: Any) -> Plan:
        """The plan of a list of field values; ValueError when it cannot be this class."""
        if type(value) is not list:
            raise ValueError(f"{self.cls.__name__}: expected a list, not {type(value).__name__}")
        return self.planned(tuple(map(type, value)))

    def planned(self, kinds: tuple[type, ...]) -> Plan:
        """The plan of a list whose items have these types; ValueError when it cannot be
        this class."""
        plan = self.plans.get(kinds)
        if plan is None:
            plan = self.plans[kinds] = _plan(self.cls.__name__, self.hints, kinds)
        return plan


def _dataclass_decoder(cls: Any) -> Decoder:
    layout = _layout(cls)
    plans, slow = layout.plans, layout.plan
    names = _plain_names(cls)
    if names is None:
        return lambda value: cls(*_converted(plans, slow, value))
    new = object.__new__

    def decode(value: Any) -> Any:
        # The plan lookup inlined (the common case): a decode per value, ~30,000 on Django.
        plan = plans.get(tuple(map(type, value))) if type(value) is list else None
        for index, convert in slow(value) if plan is None else plan:
            value[index] = convert(value[index])
        instance = new(cls)  # filled as its __init__ would (``_plain_names``), in one update
        instance.__dict__.update(zip(names, value, strict=False))  # the plan checked len
        return instance

    return decode


def _converted(plans: dict[tuple[type, ...], Plan], slow: Callable[[Any], Plan], value: Any) -> Any:
    plan = plans.get(tuple(map(type, value))) if type(value) is list else None
    for index, convert in slow(value) if plan is None else plan:
        value[index] = convert(value[index])
    return value


def _plain_names(cls: Any) -> tuple[str, ...] | None:
    """The field names of a plain dataclass (no ``__post_init__``, no ``__slots__``, every
    field in ``__init__``), else None.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (15% of
    decoding Django's facts). A plain one is filled in one dict update instead: all its
    ``__init__`` would do with every field given.
    """
    fields = dataclasses.fields(cls)
    plain = all(f.init for f in fields) and not hasattr(cls, "__post_init__")
    if not plain or "__slots__" in vars(cls):
        return None
    return tuple(f.name for f in fields)


def _plan(name: str, hints: tuple[Any, ...], kinds: tuple[type, ...]) -> Plan:
    """The converters a list with these item types needs; ValueError if one cannot fit."""
    if len(kinds) != len(hints):
        raise ValueError(f"{name}: expected {len(hints)} fields, not {len(kinds)}")
    steps = []
    for index, (hint, kind) in enumerate(zip(hints, kinds, strict=True)):
        try:
            convert = _converter(hint, kind)
        except ValueError as exc:
            raise ValueError(f"{name}, field {index + 1}: {exc}") from None
        if convert is not None:
            steps.append((index, convert))
    return tuple(steps)


@functools.cache
def _converter(hint: Any, kind: Any) -> Decoder | None:
    """How a JSON value of type ``kind`` becomes a ``hint``: None when it already is one;
    ValueError when it cannot be one."""
    if hint in _EXACT or hint is _NONE:
        _exact(hint, kind)
        return None
    if hint is float:
        return _float(kind)
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        return _union_converter(typing.get_args(hint), kind)
    if _is_enum(hint):
        return _enum_converter(hint, kind)
    mapping = typing.get_origin(hint) in (dict, typing.get_origin(typing.Mapping))
    expected = dict if mapping else list
    if kind is not expected:
        raise ValueError(f"expected a {expected.__name__}, not {kind.__name__}")
    return _decoder(hint)


def _exact(hint: type, kind: type) -> None:
    if kind is not hint:
        raise ValueError(f"expected {hint.__name__}, not {kind.__name__}")


def _float(kind: type) -> Decoder | None:
    if kind is float:
        return None
    if kind is int:
        return float
    raise ValueError(f"expected float, not {kind.__name__}")


def _union_converter(options: tuple[Any, ...], kind: type) -> Decoder | None:
    if kind is _NONE and _NONE in options:
        return None
    fitting = [o for o in options if o is not _NONE and _fits(o, kind)]
    if not fitting:
        raise ValueError(f"no option of {options} fits {kind.__name__}")
    if len(fitting) == 1:
        return _converter(fitting[0], kind)
    return functools.partial(_first_fit, tuple(_decoder(o) for o in fitting))


def _fits(hint: Any, kind: type) -> bool:
    try:
        _converter(hint, kind)
    except ValueError:
        return False
    return True


def _first_fit(decoders: tuple[Decoder, ...], value: Any) -> Any:
    """Options of one union that take the same JSON type: the first that decodes wins."""
    for attempt in decoders:
        try:
            return attempt(value)
        except ValueError:
            continue
    raise ValueError(f"no option fits {value!r}")


def _is_enum(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, enum.Enum)


def _enum_converter(hint: type[enum.Enum], kind: type) -> Decoder:
    if kind not in {type(member.value) for member in hint}:
        raise ValueError(f"expected a {hint.__name__} value, not {kind.__name__}")
    return _members(hint).__getitem__  # a dict lookup in C, not the enum's call in Python


class _Members(dict[Any, enum.Enum]):
    """An enum's members by value; a value it does not have is a ValueError, as calling
    the enum raises."""

    def __missing__(self, value: Any) -> enum.Enum:
        raise ValueError(f"{value!r} is not a value of {self.name}")

    name = ""


@functools.cache
def _members(hint: type[enum.Enum]) -> _Members:
    members = _Members({member.value: member for member in hint})
    members.name = hint.__name__
    return members


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        if args[0] in _EXACT:
            return functools.partial(_exact_items, args[0])
        return functools.partial(_items, item)
    if all(a in _EXACT for a in args):
        return functools.partial(_exact_row, args)
    decoders = [_decoder(a) for a in args]

    def decode(value: Any) -> tuple[Any, ...]:
        if len(_list(value)) != len(decoders):
            raise ValueError(f"expected {len(decoders)} items, not {len(value)}")
        return tuple(d(v) for d, v in zip(decoders, value, strict=True))

    return decode


def _items(item: Decoder, value: Any) -> tuple[Any, ...]:
    """``tuple[X, ...]``: each item decoded."""
    if type(value) is not list:
        raise ValueError(f"expected a list, not {type(value).__name__}")
    return tuple(map(item, value))


def _exact_items(kind: type, value: Any) -> tuple[Any, ...]:
    """``tuple[str, ...]`` and the like: every item's type checked in one C-level pass."""
    if _list(value) and set(map(type, value)) != {kind}:
        raise ValueError(f"expected only {kind.__name__} items")
    return tuple(value)


def _exact_row(kinds: tuple[type, ...], value: Any) -> tuple[Any, ...]:
    """``tuple[str, str]`` and the like: the item types compared in one C-level pass."""
    if tuple(map(type, _list(value))) != kinds:
        raise ValueError(f"expected items of types {kinds}")
    return tuple(value)


def _dict_decoder(args: tuple[Any, ...]) -> Decoder:
    key, item = _decoder(args[0]), _decoder(args[1])
    if args[0] is str:  # JSON keys are strings: one C-level pass checks them all
        exact = args[1] if args[1] in _EXACT else None
        return functools.partial(_str_keyed, item, exact)

    def decode(value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError(f"expected a mapping, not {type(value).__name__}")
        return {key(k): item(v) for k, v in value.items()}

    return decode


def _str_keyed(item: Decoder, exact: type | None, value: Any) -> dict[str, Any]:
    """``dict[str, X]``: the keys' types checked in one pass, each value decoded; when X is
    one JSON gives exactly (``exact``: str, bool, int), the values' types are checked in one
    pass too, and the mapping is taken as it is (the parts record's 2,400 digests: 1.5 ms)."""
    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping, not {type(value).__name__}")
    if value and set(map(type, value)) != {str}:
        raise ValueError("expected only str keys")
    if exact is not None and set(map(type, value.values())) <= {exact}:
        return dict(value)
    return {k: item(v) for k, v in value.items()}


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise ValueError(f"expected a list, not {type(value).__name__}")
    return value

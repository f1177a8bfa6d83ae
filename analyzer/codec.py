"""Frozen dataclasses to JSON and back, for the content cache.

JSON, not pickle: a cache file inside a target repository is input like any other, and
unpickling it could run code. Each dataclass is a list of its field values in field order;
decoding rebuilds and type-checks every value from the class's own annotations, so a value
that does not fit raises ``ValueError`` and the cache entry is ignored.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import json
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
Decoder = Callable[[Any], Any]


def dumps(value: Any) -> str:
    """Encode a dataclass (nested dataclasses, tuples, enums, scalars) as compact JSON."""
    return json.dumps(_encode(value), separators=(",", ":"), ensure_ascii=False)


def loads(text: str | bytes, cls: type[T]) -> T:
    """Decode JSON written by ``dumps`` into ``cls``; ValueError when it does not fit."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"not JSON: {exc}") from exc
    decoder: Decoder = _decoder(typing.cast(typing.Hashable, cls))
    result: T = decoder(data)
    return result


def shape(cls: type) -> str:
    """A fingerprint of a dataclass's structure (field names and types, recursively).

    Part of the cache's version stamp: adding a field to ParsedFile invalidates old entries
    without anyone remembering to bump a number.
    """
    return hashlib.sha256(_describe(cls).encode("utf-8")).hexdigest()[:16]


def _describe(hint: Any) -> str:
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = typing.get_type_hints(hint)
        fields = ",".join(f"{f.name}:{_describe(hints[f.name])}" for f in dataclasses.fields(hint))
        return f"{hint.__name__}({fields})"
    args = typing.get_args(hint)
    if args:
        return f"{typing.get_origin(hint)}[{','.join(_describe(a) for a in args)}]"
    return getattr(hint, "__name__", repr(hint))


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_encode(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


@functools.cache
def _decoder(hint: Any) -> Decoder:
    """A decoding function for one type annotation, built once per type."""
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    if origin in (types.UnionType, typing.Union):
        return _union_decoder(typing.get_args(hint))
    if origin is tuple:
        return _tuple_decoder(typing.get_args(hint))
    if origin is dict or origin is typing.get_origin(typing.Mapping[str, int]):
        return _dict_decoder(typing.get_args(hint))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return lambda value: hint(value)
    if hint in (int, str, float, bool):
        return _scalar_decoder(hint)
    raise TypeError(f"cannot decode {hint!r}")


def _dataclass_decoder(cls: Any) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = list(dataclasses.fields(cls))
    # str and bool fields are checked inline: a warm run decodes ~40k values per 1k files, and
    # a function call per scalar doubled the decoding time.
    plain = [hints[f.name] if hints[f.name] in (str, bool) else None for f in fields]
    decoders = [_decoder(hints[f.name]) for f in fields]
    count = len(fields)

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != count:
            raise ValueError(f"{cls.__name__}: expected {count} fields")
        args = []
        for kind, decoder, item in zip(plain, decoders, value, strict=True):
            if kind is None:
                args.append(decoder(item))
            elif type(item) is kind:
                args.append(item)
            else:
                raise ValueError(f"{cls.__name__}: expected {kind.__name__}, not {item!r}")
        return cls(*args)

    return decode


def _union_decoder(options: tuple[Any, ...]) -> Decoder:
    decoders = [_decoder(o) for o in options if o is not type(None)]
    nullable = type(None) in options

    def decode(value: Any) -> Any:
        if value is None and nullable:
            return None
        for attempt in decoders:
            try:
                return attempt(value)
            except (ValueError, TypeError):
                continue
        raise ValueError(f"no option of {options} fits {value!r}")

    return decode


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        return lambda value: tuple(item(v) for v in _list(value))
    decoders = [_decoder(a) for a in args]
    return lambda value: tuple(d(v) for d, v in zip(decoders, _list(value), strict=True))


def _dict_decoder(args: tuple[Any, ...]) -> Decoder:
    key, item = _decoder(args[0]), _decoder(args[1])

    def decode(value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError(f"expected a mapping, not {type(value).__name__}")
        return {key(k): item(v) for k, v in value.items()}

    return decode


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list, not {type(value).__name__}")
    return value


def _scalar_decoder(kind: type) -> Decoder:
    def decode(value: Any) -> Any:
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if type(value) is not kind:
            raise ValueError(f"expected {kind.__name__}, not {type(value).__name__}")
        return value

    return decode

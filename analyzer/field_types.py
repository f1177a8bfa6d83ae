"""The field types of a dataclass, as ``typing.get_type_hints`` gives them, for less.

The codec (``analyzer.codec``) reads them to describe the facts' shape and to decode values.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import types
import typing
from typing import Any


@functools.cache
def field_hints(cls: Any) -> dict[str, Any]:
    """The type of each field of the dataclass ``cls``, as ``typing.get_type_hints`` gives
    it.

    Every annotation of archfit's values is a string (``from __future__ import
    annotations``), which ``get_type_hints`` compiles anew for each field of each class
    (about 2 ms of every run that opens the cache, for the types ``shape`` describes and the
    decoders read). The same few texts (``str``, ``tuple[str, ...]``) recur across classes:
    each is compiled once here and evaluated where ``get_type_hints`` evaluates it (the
    module of the class that declares it, that class's namespace). A value it would still
    have to resolve (a quoted name inside, ``Annotated``), or an annotation that fails, is
    left to ``get_type_hints`` itself.
    """
    names = [f.name for f in dataclasses.fields(cls)]
    try:
        found = _annotations(cls)
        hints = {name: found[name] for name in names}
    except Exception:  # get_type_hints raises the error a user would see
        hints = {}
    if len(hints) == len(names) and all(map(_resolved, hints.values())):
        return hints
    every = typing.get_type_hints(cls)
    return {name: every[name] for name in names}


def _annotations(cls: Any) -> dict[str, Any]:
    """The annotations of ``cls`` and its bases (the nearest wins), each string evaluated."""
    found: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        # Read as 3.11's get_type_hints reads them, its scopes in its order: the module's
        # names first, then the class's (it swaps them so), then the builtins.
        own = base.__dict__.get("__annotations__", {})  # noqa: RUF063
        if own:
            scope = dict(vars(base)), sys.modules[base.__module__].__dict__
            for name, hint in own.items():
                value = eval(_annotation_code(hint), *scope) if isinstance(hint, str) else hint
                found[name] = types.NoneType if value is None else value
    return found


@functools.cache
def _annotation_code(text: str) -> types.CodeType:
    return compile(text, "<annotation>", "eval")


def _resolved(hint: Any) -> bool:
    """Whether ``hint`` is what ``get_type_hints`` would give: no text left in it to
    resolve, no ``Annotated`` to strip."""
    if isinstance(hint, (str, typing.ForwardRef)) or typing.get_origin(hint) is typing.Annotated:
        return False
    return all(map(_resolved, typing.get_args(hint)))

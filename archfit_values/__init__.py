"""``@frozen``: archfit's frozen dataclasses, declared without compiling five methods each.

``@dataclass(frozen=True)`` compiles ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` (four more with ``order=True``) from source text for
every class, on every start: 68 ms of the 180 ms a computed run on Python 3.11 spent
importing archfit (ADR-0021). A ``@frozen`` class is a dataclass all the same (``fields``,
``replace``, ``asdict``, ``is_dataclass`` and the codec read it as one); only ``__init__`` is
still compiled, from shorter text, and the other methods are shared functions over an
``operator.attrgetter`` of the fields, which compare, hash and order exactly as the
generated ones do.
"""

from __future__ import annotations

import abc
import copy
import dataclasses
import functools
import operator
import types
import typing
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T", bound=type)
Key = Callable[[Any], tuple[Any, ...]]

_ORDER = (
    ("__lt__", operator.lt),
    ("__le__", operator.le),
    ("__gt__", operator.gt),
    ("__ge__", operator.ge),
)


@typing.overload
def frozen(cls: T, /) -> T: ...
@typing.overload
def frozen(*, order: bool = False) -> Callable[[T], T]: ...


@typing.dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: T | None = None, /, *, order: bool = False) -> T | Callable[[T], T]:
    """Make ``cls`` a frozen dataclass (``order=True``: ordered by its compared fields, as
    ``dataclass(order=True)``). Methods the class body defines are kept, as dataclass
    keeps them."""

    def make(cls: T) -> T:
        return _made(cls, frozen=True, eq=True, order=order)

    return make if cls is None else make(cls)


@typing.overload
def mutable(cls: T, /) -> T: ...
@typing.overload
def mutable(*, eq: bool = True) -> Callable[[T], T]: ...


@typing.dataclass_transform(field_specifiers=(dataclasses.field,))
def mutable(cls: T | None = None, /, *, eq: bool = True) -> T | Callable[[T], T]:
    """Make ``cls`` a plain dataclass, as ``@dataclass`` (``eq=False``: compared and hashed
    by identity): the state a walk or a builder fills in, not a value."""

    def make(cls: T) -> T:
        return _made(cls, frozen=False, eq=eq, order=False)

    return make if cls is None else make(cls)


def _made(cls: T, frozen: bool, eq: bool, order: bool) -> T:
    """``cls`` as ``dataclass(frozen=frozen, eq=eq, order=order)`` makes it."""
    if _plain_fields(cls):
        cls.__dataclass_params__ = _declared(frozen, eq, order)  # type: ignore[attr-defined]
    else:
        dataclasses.dataclass(cls, init=False, repr=False, eq=False)  # in place: no slots
        _declare(cls.__dataclass_params__, frozen, eq, order)  # type: ignore[attr-defined]
    fields = dataclasses.fields(cls)
    _add(cls, "__init__", _first_init(cls, fields, frozen))
    _add(cls, "__repr__", _repr(tuple(f.name for f in fields if f.repr)))
    compared = _key(tuple(f.name for f in fields if f.compare))
    if eq:
        _add(cls, "__eq__", _eq(compared))
    if eq and cls.__dict__.get("__hash__") is None:  # None: the body defined __eq__ alone
        hashed = _hash(_key(tuple(f.name for f in fields if _hashed(f)))) if frozen else None
        cls.__hash__ = hashed  # type: ignore[assignment]  # a mutable value cannot be hashed
    if frozen:
        cls.__setattr__ = _frozen_setattr  # type: ignore[assignment]
        cls.__delattr__ = _frozen_delattr  # type: ignore[assignment]
    for name, compare in _ORDER if order else ():
        _add(cls, name, _ordered(name, compare, compared))
    return cls


# Annotation text that ``dataclasses`` reads as no field, or as a marker (``_is_type``).
_SPECIAL_TYPES = ("ClassVar", "InitVar", "KW_ONLY")
_FIELDS = "__dataclass_fields__"


def _plain_fields(cls: type) -> bool:
    """Declare ``cls``'s fields as ``dataclass(cls, init=False, repr=False, eq=False)`` does,
    when it has a docstring, no dataclass base and only annotations written as text that
    name no ``ClassVar``, ``InitVar`` or ``KW_ONLY``; False (nothing done) otherwise.

    That is every archfit value: ``dataclasses`` then tests each annotation three times
    against those markers with a regular expression and a module lookup, and finds none
    (callgrind, a class of five fields: 265 k instructions to decorate it before, 123 k
    after, with ``_declared``; an edit run on Django makes 123 classes). What it gives
    is given the same way here: a ``Field`` per annotation from ``dataclasses.field``, a
    default left on the class (a ``Field``'s default put there, or the ``Field`` taken
    away), ``__match_args__``; ``_made`` sets ``__dataclass_params__``."""
    # Its own annotations, as text (nothing evaluated); a class without them in its
    # namespace (no field, or annotations Python evaluates later) is left to dataclasses.
    annotations = cls.__dict__.get("__annotations__")  # noqa: RUF063
    if not isinstance(annotations, dict) or not _plain(cls, annotations):
        return False
    fields = {name: _field(cls, name, annotation) for name, annotation in annotations.items()}
    for field in fields.values():
        if isinstance(getattr(cls, field.name, None), dataclasses.Field):
            if field.default is dataclasses.MISSING:
                delattr(cls, field.name)
            else:
                setattr(cls, field.name, field.default)
    setattr(cls, _FIELDS, fields)
    if "__match_args__" not in cls.__dict__:
        matched = tuple(f.name for f in fields.values() if f.init and not f.kw_only)
        setattr(cls, "__match_args__", matched)  # noqa: B010  # mypy types no __match_args__ on a type
    abc.update_abstractmethods(cls)
    return True


def _plain(cls: type, annotations: dict[str, Any]) -> bool:
    """Whether ``_plain_fields`` gives what ``dataclasses`` would (see there)."""
    if not cls.__doc__ or any(hasattr(base, _FIELDS) for base in cls.__mro__[1:]):
        return False
    for annotation in annotations.values():
        if not isinstance(annotation, str) or any(m in annotation for m in _SPECIAL_TYPES):
            return False
    return not any(
        isinstance(value, dataclasses.Field) and name not in annotations
        for name, value in cls.__dict__.items()
    )


def _field(cls: type, name: str, annotation: str) -> dataclasses.Field[Any]:
    """The field ``dataclasses`` makes of an annotation (``_get_field``): its ``Field``, or
    one holding the class attribute as its default; a mutable default refused as there."""
    default: Any = getattr(cls, name, dataclasses.MISSING)
    if isinstance(default, dataclasses.Field):
        field = default
    else:
        if isinstance(default, types.MemberDescriptorType):  # a slot: no default
            default = dataclasses.MISSING
        field = dataclasses.field(default=default)
    field.name, field.type = name, annotation
    field._field_type = dataclasses._FIELD  # type: ignore[attr-defined]
    if field.kw_only is dataclasses.MISSING:
        field.kw_only = False
    if field.default.__class__.__hash__ is None:  # a list, a dict, a set: shared by instances
        raise ValueError(
            f"mutable default {type(field.default)} for field {name} is not allowed: use "
            "default_factory"
        )
    return field


@functools.cache
def _declared(frozen: bool, eq: bool, order: bool) -> Any:
    """The ``__dataclass_params__`` of a class ``dataclass(frozen=frozen, eq=eq,
    order=order)`` makes (``_declare``), one shared by all such classes: nothing changes it
    once made (its class and arguments differ between Python versions: copied from one)."""
    slots = getattr(type(_PARAMS), "__slots__", None)
    if slots is None:
        made = copy.copy(_PARAMS)
    else:
        made = object.__new__(type(_PARAMS))
        for name in slots:
            setattr(made, name, getattr(_PARAMS, name))
    _declare(made, frozen, eq, order)
    return made


@dataclasses.dataclass(init=False, repr=False, eq=False)
class _Template:
    """The class ``_declared`` copies the parameters of."""


_PARAMS = _Template.__dataclass_params__  # type: ignore[attr-defined]


def _declare(params: Any, frozen: bool, eq: bool, order: bool) -> None:
    """Record in a class's ``__dataclass_params__`` what the class now is (dataclass read its
    arguments, not its methods), so a dataclass inheriting from it sees what it would from
    ``dataclass(frozen=frozen)``."""
    params.init = params.repr = True
    params.eq, params.frozen, params.order = eq, frozen, order


def _add(cls: type, name: str, method: Callable[..., Any]) -> None:
    """Set ``method`` on ``cls`` unless its body defines one (dataclass does the same)."""
    if name not in cls.__dict__:
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)


def _hashed(field: dataclasses.Field[Any]) -> bool:
    """Whether a field goes into the hash: ``hash=`` when given, else ``compare=``."""
    return field.compare if field.hash is None else bool(field.hash)


def _key(names: tuple[str, ...]) -> Key:
    """The tuple of ``names``' values of an instance, which the generated methods build."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        one = operator.attrgetter(names[0])
        return lambda instance: (one(instance),)
    return lambda instance: ()


class _Factory:
    """The default of a parameter whose field has a ``default_factory``."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


# Instances a class makes through the generic ``__init__`` before its own is compiled: most
# classes make a few in a run (a rule's settings, a run's result), and compiling one costs
# about 0.2 ms, 12 ms for the 58 an edit run makes; a class made in bulk (a finding, a
# function's metrics) gets a compiled one, five times as fast per instance, after these (32
# generic instances cost about what one compile does).
_COMPILE_AFTER = 32


def _first_init(
    cls: type, fields: Sequence[dataclasses.Field[Any]], frozen: bool
) -> Callable[..., None]:
    """An ``__init__`` that fills the first instances of the class through ``_Filler`` and
    then compiles the real one and hands over to it: most value classes are instantiated a
    few times in a run, if at all (the codec fills decoded ones without ``__init__``)."""
    filler = _Filler(cls, fields, frozen)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if filler.made < _COMPILE_AFTER:
            filler.made += 1
            filler.fill(self, args, kwargs)
            return
        init = _init(cls, fields, frozen)
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)

    return __init__


class _Filler:
    """What the compiled ``__init__`` does, done field by field: the same parameters (the
    fields in ``__init__``, in order, positional or by name), defaults, factories, errors
    (TypeError) and ``__post_init__``."""

    def __init__(self, cls: type, fields: Sequence[dataclasses.Field[Any]], frozen: bool) -> None:
        self.made = 0
        self._fields = fields
        self._names = [f.name for f in fields if f.init]
        self._set = object.__setattr__ if frozen else setattr
        self._post = hasattr(cls, "__post_init__")

    def fill(self, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Set every field of ``instance`` from the arguments, as ``__init__`` would."""
        given = self._given(args, kwargs)
        for field in self._fields:
            if field.name in given:
                value = given[field.name]
            elif field.default_factory is not dataclasses.MISSING:
                value = field.default_factory()
            elif not field.init:
                continue  # its class attribute holds its default (if any), as with dataclass
            elif field.default is not dataclasses.MISSING:
                value = field.default
            else:
                raise TypeError(f"__init__() missing required argument: {field.name!r}")
            self._set(instance, field.name, value)
        if self._post:
            instance.__post_init__()

    def _given(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """The arguments by field name; TypeError for one ``__init__`` would not take."""
        if len(args) > len(self._names):
            raise TypeError(f"__init__() takes {len(self._names) + 1} positional arguments")
        given = dict(zip(self._names, args, strict=False))
        for name, value in kwargs.items():
            if name not in self._names or name in given:
                raise TypeError(f"__init__() got an unexpected or repeated argument {name!r}")
            given[name] = value
        return given


def _init(cls: type, fields: Sequence[dataclasses.Field[Any]], frozen: bool) -> Callable[..., None]:
    """``__init__`` compiled from the fields, as dataclass would write it (a frozen class's
    fields set through ``object.__setattr__``, which keeps 3.11's compact instance values:
    writing ``self.__dict__`` instead was no faster on a cold run and held 1.6 MB more on
    Django; a factory called per instance)."""
    names: dict[str, Any] = {"_FACTORY": _FACTORY, "_set": object.__setattr__}
    params: list[str] = []
    body: list[str] = []
    for field in fields:
        given = _init_parameter(field, names, params)
        if given is not None:
            body.append(
                f"  _set(self, {field.name!r}, {given})"
                if frozen
                else f"  self.{field.name} = {given}"
            )
    if hasattr(cls, "__post_init__"):
        body.append("  self.__post_init__()")
    text = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["  pass"])
    exec(text, names)  # archfit's own field names, not the target's: nothing read is run
    init: Callable[..., None] = names["__init__"]
    return init


def _init_parameter(
    field: dataclasses.Field[Any], names: dict[str, Any], params: list[str]
) -> str | None:
    """Add ``field``'s parameter (if it is one) and its default to ``params`` and ``names``;
    return the expression that gives the field its value (None for a field outside
    ``__init__`` with a plain default: the class attribute holds it, as with dataclass)."""
    name, factory = field.name, field.default_factory
    if factory is not dataclasses.MISSING:
        names[f"_factory_{name}"] = factory
    elif field.default is not dataclasses.MISSING:
        names[f"_default_{name}"] = field.default
    if not field.init:
        return f"_factory_{name}()" if factory is not dataclasses.MISSING else None
    if factory is not dataclasses.MISSING:
        params.append(f"{name}=_FACTORY")
        return f"_factory_{name}() if {name} is _FACTORY else {name}"
    has_default = field.default is not dataclasses.MISSING
    params.append(f"{name}=_default_{name}" if has_default else name)
    return name


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    """``Class(field=value, ...)``, as dataclass writes it."""

    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _eq(key: Key) -> Callable[[Any, Any], Any]:
    """Equal when of the same class with equal compared fields, as dataclass compares."""

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _hash(key: Key) -> Callable[[Any], int]:
    """The hash of the hashed fields' tuple, as dataclass hashes."""

    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _ordered(name: str, compare: Callable[[Any, Any], bool], key: Key) -> Callable[..., Any]:
    """One of the four comparisons ``order=True`` adds: the compared fields' tuples."""

    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compare(key(self), key(other))
        return NotImplemented

    method.__name__ = name
    return method


def _frozen_setattr(self: Any, name: str, new: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

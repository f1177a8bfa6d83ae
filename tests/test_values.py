"""``@frozen`` classes behave as ``@dataclass(frozen=True)`` ones: each shape below is declared
both ways and every behaviour archfit relies on is compared (ADR-0021)."""

from __future__ import annotations

import ast
import dataclasses
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest

from archfit_values import frozen, mutable

REPO = Path(__file__).resolve().parents[2]


def _shapes(decorate: Callable[..., Any], ordered: Callable[..., Any]) -> dict[str, type]:
    """The same class bodies under ``decorate`` (and ``ordered`` for ``order=True``)."""

    @decorate
    class Empty:
        pass

    @decorate
    class One:
        name: str

    @decorate
    class Defaults:
        name: str
        count: int = 0
        tags: tuple[str, ...] = ()
        seen: list[str] = dataclasses.field(default_factory=list)
        note: str = dataclasses.field(default="", compare=False)
        cached: dict[str, int] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @decorate
    class NotInInit:
        name: str
        made: list[int] = dataclasses.field(default_factory=lambda: [1], init=False)
        hidden: int = dataclasses.field(default=3, init=False, repr=False)

    @decorate
    class Posted:
        name: str

        def __post_init__(self) -> None:
            object.__setattr__(self, "name", self.name.upper())

    @decorate
    class OwnRepr:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    @ordered
    class Ordered:
        path: str
        line: int = 0
        note: str = dataclasses.field(default="", compare=False)

    return {c.__name__: c for c in (Empty, One, Defaults, NotInInit, Posted, OwnRepr, Ordered)}


def _module_level(prefix: str, shapes: dict[str, type]) -> dict[str, type]:
    """Each shape named ``prefix + name`` in this module (pickle finds a class by its name)."""
    for name, cls in shapes.items():
        cls.__name__ = cls.__qualname__ = prefix + name
        globals()[prefix + name] = cls
    return shapes


OURS = _module_level("Ours", _shapes(frozen, frozen(order=True)))
THEIRS = _module_level(
    "Theirs",
    _shapes(dataclasses.dataclass(frozen=True), dataclasses.dataclass(frozen=True, order=True)),
)

ARGUMENTS: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {
    "Empty": [((), {})],
    "One": [(("a",), {}), ((), {"name": "b"})],
    "Defaults": [
        (("a",), {}),
        (("a", 2, ("x",)), {"seen": ["s"], "note": "n"}),
        (("a",), {"note": "other", "cached": {"k": 1}}),
        (("b", 1), {}),
    ],
    "NotInInit": [(("a",), {}), (("b",), {})],
    "Posted": [(("a",), {})],
    "OwnRepr": [(("a",), {})],
    "Ordered": [(("a", 2), {}), (("a", 1), {"note": "z"}), (("b",), {}), (("a", 2), {"note": "y"})],
}


def _pairs(name: str) -> list[tuple[Any, Any]]:
    """Instances of the shape ``name`` made both ways with the same arguments."""
    return [(OURS[name](*a, **k), THEIRS[name](*a, **k)) for a, k in ARGUMENTS[name]]


def _renamed(text: str) -> str:
    return text.removeprefix("Ours").removeprefix("Theirs")


def _hash(instance: Any) -> int | str:
    """The instance's hash, or the error hashing it raised (a list field cannot be hashed)."""
    try:
        return hash(instance)
    except TypeError as exc:
        return str(exc)


@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_a_frozen_class_builds_shows_and_reads_as_a_frozen_dataclass(name: str) -> None:
    for ours, theirs in _pairs(name):
        assert _renamed(repr(ours)) == _renamed(repr(theirs))
        assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
        assert vars(ours) == vars(theirs)  # the same instance dict, whoever wrote it
        assert dataclasses.astuple(ours) == dataclasses.astuple(theirs)
        assert [f.name for f in dataclasses.fields(ours)] == [
            f.name for f in dataclasses.fields(theirs)
        ]
        assert ours.__match_args__ == theirs.__match_args__
        assert dataclasses.is_dataclass(ours)


@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_a_frozen_class_compares_hashes_and_orders_as_a_frozen_dataclass(name: str) -> None:
    pairs = _pairs(name)
    for left_ours, left_theirs in pairs:
        assert _hash(left_ours) == _hash(left_theirs)
        for right_ours, right_theirs in pairs:
            assert (left_ours == right_ours) == (left_theirs == right_theirs)
            assert (left_ours != right_ours) == (left_theirs != right_theirs)
            if name == "Ordered":
                for op in ("__lt__", "__le__", "__gt__", "__ge__"):
                    mine = getattr(left_ours, op)(right_ours)
                    assert mine == getattr(left_theirs, op)(right_theirs)
        assert left_ours != left_theirs  # another class: never equal, as dataclass has it
        assert left_ours.__eq__(object()) is NotImplemented


@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_a_frozen_class_refuses_changes_and_survives_copies(name: str) -> None:
    for ours, _ in _pairs(name):
        with pytest.raises(dataclasses.FrozenInstanceError):
            ours.name = "changed"
        with pytest.raises(dataclasses.FrozenInstanceError):
            del ours.name
        assert pickle.loads(pickle.dumps(ours)) == ours
        assert dataclasses.replace(ours) == ours


def test_a_frozen_class_refuses_what_dataclass_refuses() -> None:
    with pytest.raises(TypeError):
        OURS["One"]()  # a required field missing
    with pytest.raises(TypeError):
        OURS["NotInInit"]("a", [2])  # a field outside __init__
    with pytest.raises(TypeError):
        OURS["Ordered"]("a") < OURS["One"]("a")  # noqa: B015 - orders only its own class


def test_a_frozen_class_with_slots_of_its_own_is_filled_through_them() -> None:
    @frozen
    class Slotted:
        __slots__ = ("count", "name")
        name: str
        count: int

    slotted = Slotted("a", 2)
    assert (slotted.name, slotted.count) == ("a", 2) and not hasattr(slotted, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        slotted.count = 3


def test_each_instance_gets_its_own_factory_value() -> None:
    first, second = OURS["Defaults"]("a"), OURS["Defaults"]("a")
    assert first.seen == [] and first.seen is not second.seen


def test_a_dataclass_may_inherit_from_a_frozen_class() -> None:
    @dataclasses.dataclass(frozen=True)
    class Child(OURS["One"]):  # type: ignore[misc]
        extra: int = 0

    child = Child("a", 1)
    assert repr(child).endswith("Child(name='a', extra=1)")
    with pytest.raises(dataclasses.FrozenInstanceError):
        child.extra = 2
    assert dataclasses.fields(child)[1].name == "extra"


@mutable
class Walk:
    seen: list[str] = dataclasses.field(default_factory=list)
    count: int = 0


@dataclasses.dataclass
class TheirWalk:
    seen: list[str] = dataclasses.field(default_factory=list)
    count: int = 0


@mutable(eq=False)
class Identity:
    name: str = ""


def test_a_mutable_class_behaves_as_a_plain_dataclass() -> None:
    walk, theirs = Walk(), TheirWalk()
    walk.count += 1
    walk.seen.append("a")
    theirs.count += 1
    theirs.seen.append("a")
    assert repr(walk) == repr(theirs).replace("TheirWalk", "Walk")
    assert walk == Walk(["a"], 1) and walk != Walk()
    assert Walk.__hash__ is None and TheirWalk.__hash__ is None  # unhashable, as dataclass
    assert dataclasses.replace(walk, count=2).count == 2
    assert Walk().seen is not Walk().seen
    assert Identity("a") != Identity("a") and hash(Identity("a"))  # compared by identity


def _decorator_calls(path: Path) -> list[str]:
    """Where ``path`` applies ``dataclass`` as a decorator (bare or called)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        for decorator in getattr(node, "decorator_list", []):
            called = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name == "dataclass":
                found.append(f"{path.relative_to(REPO)}:{decorator.lineno}")
    return found


def test_every_dataclass_of_archfit_is_declared_with_frozen_or_mutable() -> None:
    """A ``@dataclass`` in archfit compiles three to ten methods on every start (ADR-0021);
    the import floor of each run is what this keeps."""
    paths = sorted([*REPO.glob("analyzer/**/*.py"), *REPO.glob("fitness/**/*.py")])
    assert [where for path in paths for where in _decorator_calls(path)] == []


@pytest.mark.parametrize("compile_after", [0, 1000])
@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_the_generic_and_the_compiled_init_fill_alike(
    name: str, compile_after: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A class's first instances are filled by the generic ``__init__``, the later ones by
    the compiled one (``_COMPILE_AFTER``): fresh classes made under each give what dataclass
    gives, field for field, and refuse the same calls."""
    import archfit_values

    monkeypatch.setattr(archfit_values, "_COMPILE_AFTER", compile_after)
    ours = _shapes(frozen, frozen(order=True))[name]
    for args, kwargs in ARGUMENTS[name] * 2:  # with 0: the compiled one from the first
        made, theirs = ours(*args, **kwargs), THEIRS[name](*args, **kwargs)
        shown, expected = repr(made).partition("(")[2], repr(theirs).partition("(")[2]
        assert vars(made) == vars(theirs) and shown == expected
    for args, kwargs in [(("a", "b", "c", "d", "e", "f", "g"), {}), ((), {"nope": 1})]:
        with pytest.raises(TypeError):
            ours(*args, **kwargs)
    if ARGUMENTS[name][0][0]:  # a field given twice, positionally and by name
        first = ARGUMENTS[name][0][0][0]
        field = dataclasses.fields(ours)[0].name
        with pytest.raises(TypeError):
            ours(first, **{field: first})


def test_a_class_made_in_bulk_gets_its_compiled_init(monkeypatch: pytest.MonkeyPatch) -> None:
    import archfit_values

    monkeypatch.setattr(archfit_values, "_COMPILE_AFTER", 2)
    ours = _shapes(frozen, frozen(order=True))["Defaults"]
    generic = ours.__init__
    made = [ours("a", index) for index in range(4)]
    assert ours.__init__ is not generic and ours.__init__.__qualname__.endswith("__init__")
    assert [m.count for m in made] == [0, 1, 2, 3] and made[0].seen is not made[1].seen


# How ``dataclasses`` describes a class: each field's every attribute, the parameters, the
# match arguments, the docstring and the class attributes of the fields' names.
_DESCRIBE = """
import dataclasses, importlib, json, pkgutil, sys
import archfit_values

def shown(value):
    if value is dataclasses.MISSING:
        return "MISSING"
    return getattr(value, "__qualname__", None) or f"{type(value).__name__}:{value!r}"

def described(cls):
    fields = [
        [f.name, f.type, shown(f.default), shown(f.default_factory), f.init, f.repr, f.hash,
         f.compare, dict(f.metadata), f.kw_only, str(f._field_type)]
        for f in cls.__dataclass_fields__.values()
    ]
    params = cls.__dataclass_params__
    kept = {n: shown(cls.__dict__[n]) for n in cls.__dataclass_fields__ if n in cls.__dict__}
    slots = [s for s in type(params).__slots__]
    return [fields, {s: getattr(params, s) for s in slots}, list(cls.__match_args__),
            cls.__doc__, kept, sorted(getattr(cls, "__abstractmethods__", ()))]

if sys.argv[1] == "dataclasses":
    archfit_values._plain = lambda cls, annotations: False
out = {}
for top in ("archfit_values", "analyzer", "fitness"):
    package = importlib.import_module(top)
    for name in [top] + [m.name for m in pkgutil.walk_packages(package.__path__, top + ".")]:
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, type) and value.__module__ == name and (
                "__dataclass_fields__" in value.__dict__
            ):
                out[f"{name}.{value.__qualname__}"] = described(value)
print(json.dumps(out, sort_keys=True))
"""


def _described_classes(path: str) -> dict[str, Any]:
    """Every dataclass archfit's modules define, as ``_DESCRIBE`` shows it, declared the way
    ``path`` says (``plain``: as archfit declares them; ``dataclasses``: through it alone)."""
    import json
    import subprocess
    import sys

    ran = subprocess.run(
        [sys.executable, "-c", _DESCRIBE, path], capture_output=True, text=True, check=True
    )
    described: dict[str, Any] = json.loads(ran.stdout)
    return described


def test_archfit_classes_are_declared_as_dataclasses_declares_them() -> None:
    """``_plain_fields`` (the fields of a documented class without markers) gives every class
    of archfit the fields, defaults, parameters and match arguments ``dataclasses`` gives."""
    ours, theirs = _described_classes("plain"), _described_classes("dataclasses")
    assert len(ours) > 150 and ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_a_documented_class_takes_the_plain_path_and_a_marked_one_dataclasses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import archfit_values

    taken: list[bool] = []
    plain_fields = archfit_values._plain_fields
    monkeypatch.setattr(
        archfit_values, "_plain_fields", lambda cls: taken.append(plain_fields(cls)) or taken[-1]
    )

    @frozen
    class Documented:
        """A value."""

        name: str
        seen: list[str] = dataclasses.field(default_factory=list, compare=False)

    @frozen
    class Marked:
        """A value with a class variable, which is no field."""

        shared: ClassVar[int] = 1
        name: str = ""

    assert taken == [True, False]
    assert not hasattr(Documented, "seen") and Documented.__match_args__ == ("name", "seen")
    assert Documented("a") == Documented("a", ["b"]) and [
        f.name for f in dataclasses.fields(Marked)
    ] == ["name"]

"""The field types of a dataclass as get_type_hints gives them (analyzer.field_types)."""

from __future__ import annotations

import dataclasses
import importlib
import typing
from typing import Annotated

import pytest

from analyzer.field_types import field_hints
from tests.conftest import REPO


def _archfit_dataclasses() -> list[type]:
    """Every dataclass archfit's own modules define (each module imported)."""
    found = []
    for package in ("archfit_values", "analyzer", "fitness"):
        for path in sorted((REPO / package).rglob("*.py")):
            name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
            module = importlib.import_module(name)
            found += [
                value
                for value in vars(module).values()
                if isinstance(value, type)
                and dataclasses.is_dataclass(value)
                and value.__module__ == name
            ]
    return found


def test_field_hints_are_get_type_hints_for_every_archfit_value() -> None:
    classes = _archfit_dataclasses()
    assert len(classes) > 150  # every package was read
    for cls in classes:
        every = typing.get_type_hints(cls)
        expected = {f.name: every[f.name] for f in dataclasses.fields(cls)}
        assert field_hints(cls) == expected, cls


Kind = int  # a module name a class attribute below shadows


@dataclasses.dataclass(frozen=True)
class _Shadowing:
    Kind: type = float  # get_type_hints looks the module's names up before the class's
    count: Kind = 0
    later: list[_Quoted] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class _Quoted:
    inner: tuple["_Shadowing", ...] = ()  # noqa: UP037  # a quoted name inside the text
    held: Annotated[int, "a note"] = 0


def test_field_hints_read_the_scopes_as_get_type_hints_and_leave_the_rest_to_it() -> None:
    assert field_hints(_Shadowing) == typing.get_type_hints(_Shadowing)
    assert field_hints(_Shadowing)["count"] is int
    assert field_hints(_Quoted) == typing.get_type_hints(_Quoted)
    assert field_hints(_Quoted)["inner"] == tuple[_Shadowing, ...]
    assert field_hints(_Quoted)["held"] is int


def test_a_field_hint_that_cannot_be_resolved_raises_as_get_type_hints_does() -> None:
    @dataclasses.dataclass
    class Broken:
        missing: NoSuchName  # type: ignore[name-defined]  # noqa: F821

    with pytest.raises(NameError, match="NoSuchName"):
        typing.get_type_hints(Broken)
    with pytest.raises(NameError, match="NoSuchName"):
        field_hints(Broken)

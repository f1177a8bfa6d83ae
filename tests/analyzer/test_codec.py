"""The cache codec: the JSON it writes, and every way a cache entry can fail to fit.

Decoding plans its checks once per tuple of JSON item types (ADR-0012); these tests make sure
a plan never lets through what the annotations forbid, however the values come in.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from typing import Any

import pytest

from analyzer import codec
from analyzer.facts import ImportKind, ParsedFile
from analyzer.project import analyze
from tests.conftest import FIXTURES


class Colour(enum.StrEnum):
    """A str enum, as the facts' kinds are."""

    RED = "red"
    BLUE = "blue"


class Level(enum.Enum):
    """A plain enum with int values."""

    LOW = 1
    HIGH = 2


@dataclasses.dataclass(frozen=True, order=True)
class Leaf:
    """Scalars of every kind."""

    name: str
    count: int
    ratio: float
    flag: bool = False


@dataclasses.dataclass(frozen=True)
class Tree:
    """Nested dataclasses, tuples, optionals, enums and a mapping."""

    leaf: Leaf
    leaves: tuple[Leaf, ...] = ()
    names: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    colour: Colour = Colour.RED
    level: Level = Level.LOW
    maybe: Leaf | None = None
    label: str | None = None
    either: int | str = 0
    table: dict[str, int] = dataclasses.field(default_factory=dict)


SAMPLE = Tree(
    leaf=Leaf("a", 1, 0.5, True),
    leaves=(Leaf("b", 2, 1.0), Leaf("c\u00e9", -3, float("inf"))),
    names=("x", "y"),
    pairs=(("k", "v"),),
    colour=Colour.BLUE,
    level=Level.HIGH,
    maybe=Leaf("d", 4, 2.5),
    label="l",
    either="text",
    table={"one": 1},
)


def _reference(value: Any) -> Any:
    """The encoder as it was before ADR-0012: a dataclass is the list of its field values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_reference(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_reference(v) for v in value]
    if isinstance(value, dict):
        return {k: _reference(v) for k, v in value.items()}
    return value


def _fixture_files() -> list[ParsedFile]:
    return [p for name in ("importkinds", "metricsmix", "badinput") for p in _parsed(name)]


def _parsed(name: str) -> tuple[ParsedFile, ...]:
    return analyze(str(FIXTURES / name), jobs=1).parsed


def test_round_trip_of_every_kind_of_value() -> None:
    assert codec.loads(codec.dumps(SAMPLE), Tree) == SAMPLE
    assert codec.loads(codec.dumps(Tree(Leaf("z", 0, 0.0))), Tree) == Tree(Leaf("z", 0, 0.0))


def test_the_json_is_what_the_generic_encoder_wrote() -> None:
    """Same bytes as before: caches written by older runs stay valid."""
    for value in [SAMPLE, *_fixture_files()]:
        expected = json.dumps(_reference(value), separators=(",", ":"), ensure_ascii=False)
        assert codec.dumps(value) == expected


def test_real_facts_round_trip() -> None:
    for parsed in _fixture_files():
        assert codec.loads(codec.dumps(parsed), ParsedFile) == parsed


def test_decoded_values_behave_like_constructed_ones() -> None:
    """Built without ``__init__``: still frozen, equal, hashable and ordered."""
    leaf = codec.loads(codec.dumps(Leaf("a", 1, 0.5)), Leaf)
    assert leaf == Leaf("a", 1, 0.5) and hash(leaf) == hash(Leaf("a", 1, 0.5))
    assert leaf < Leaf("b", 0, 0.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        leaf.name = "b"  # type: ignore[misc]


def test_an_int_is_a_float_where_a_float_is_declared() -> None:
    assert codec.loads('["a",1,2,false]', Leaf) == Leaf("a", 1, 2.0)
    assert isinstance(codec.loads('["a",1,2,false]', Leaf).ratio, float)


# Each entry: what the JSON says, and why it must not decode into a Leaf or a Tree.
BAD_LEAVES = [
    ("not json", "not JSON at all"),
    ('{"name": "a"}', "an object for a dataclass"),
    ('["a",1,0.5]', "a field missing"),
    ('["a",1,0.5,false,1]', "a field too many"),
    ("[1,1,0.5,false]", "an int for a str"),
    ('["a","1",0.5,false]', "a str for an int"),
    ('["a",true,0.5,false]', "a bool for an int"),
    ('["a",1.5,0.5,false]', "a float for an int"),
    ('["a",1,"0.5",false]', "a str for a float"),
    ('["a",1,true,false]', "a bool for a float"),
    ('["a",1,0.5,1]', "an int for a bool"),
    ('["a",1,0.5,null]', "null for a bool"),
    ("null", "null for a dataclass"),
]
GOOD_TREE = json.loads(codec.dumps(SAMPLE))
BAD_TREES = [
    ({0: ["a", 1, 0.5]}, "a nested dataclass with a field missing"),
    ({1: [["b", 2, 1.0, False], ["c", "3", 1.0, False]]}, "a bad item in a tuple"),
    ({1: {"b": 1}}, "an object for a tuple"),
    ({2: ["x", 1]}, "an int in a tuple of str"),
    ({2: "xy"}, "a str for a tuple"),
    ({3: [["k"]]}, "a pair with one item"),
    ({3: [["k", "v", "w"]]}, "a pair with three items"),
    ({3: [["k", 1]]}, "an int in a pair of str"),
    ({4: "green"}, "a value the enum does not have"),
    ({4: 1}, "an int for a str enum"),
    ({5: "1"}, "a str for an int enum"),
    ({5: 3}, "an int the enum does not have"),
    ({6: "d"}, "a str for an optional dataclass"),
    ({7: 1}, "an int for an optional str"),
    ({8: None}, "null for a union without None"),
    ({8: 1.5}, "a float for int | str"),
    ({9: ["one", 1]}, "a list for a mapping"),
    ({9: {"one": "1"}}, "a bad value in a mapping"),
    ({9: {"one": 1, "two": True}}, "a bool among the ints of a mapping (checked in one pass)"),
    ({9: {"one": 1, "two": 2.0}}, "a float among the ints of a mapping"),
    ({9: {"one": None}}, "null for a mapping's int"),
]


@pytest.mark.parametrize(("text", "why"), BAD_LEAVES)
def test_a_leaf_that_does_not_fit_is_refused(text: str, why: str) -> None:
    with pytest.raises(ValueError):
        codec.loads(text, Leaf)


@pytest.mark.parametrize(("changes", "why"), BAD_TREES)
def test_a_tree_that_does_not_fit_is_refused(changes: dict[int, Any], why: str) -> None:
    """Refused after a good tree was decoded (and its plan remembered), and before."""
    data = json.loads(json.dumps(GOOD_TREE))
    for index, value in changes.items():
        data[index] = value
    codec.loads(json.dumps(GOOD_TREE), Tree)
    with pytest.raises(ValueError):
        codec.loads(json.dumps(data), Tree)


def test_a_parsed_file_that_does_not_fit_is_refused() -> None:
    """Damage deep inside real facts: a function's complexity as a string."""
    parsed = next(p for p in _parsed("metricsmix") if p.metrics and p.metrics.functions)
    data = json.loads(codec.dumps(parsed))
    data[6][1][0][3] = "7"  # measures.functions[0].complexity
    with pytest.raises(ValueError):
        codec.loads(json.dumps(data), ParsedFile)


def test_an_annotation_no_json_fits_is_a_type_error() -> None:
    @dataclasses.dataclass(frozen=True)
    class Odd:
        items: set[str]

    with pytest.raises(TypeError):
        codec.loads("[[]]", Odd)


def _holder(*values: str) -> type:
    """A dataclass ``Holder(kind: Kind)`` whose enum ``Kind`` has exactly ``values``."""
    kind = enum.StrEnum("Kind", {v.upper().replace("-", "_"): v for v in values})  # type: ignore[misc]
    return dataclasses.make_dataclass("Holder", [("kind", kind)], frozen=True)


def test_a_new_enum_value_changes_the_shape_so_old_cache_entries_are_misses() -> None:
    # ParsedFiles cached before ``explicit-lazy`` existed came from a parser that dropped those
    # imports: the entry would decode fine and be wrong, so the stamp must change.
    before = _holder("import", "lazy")
    assert codec.shape(before) == codec.shape(_holder("import", "lazy"))
    assert codec.shape(before) != codec.shape(_holder("import", "lazy", "explicit-lazy"))
    described = codec._describe(ParsedFile)  # what the cache's schema stamp hashes
    assert "explicit-lazy" in described and "sys-modules-write" in described
    assert "explicit-lazy" in codec._describe(ImportKind)


# ``fields_of`` and ``take``: a value decoded one field at a time (a deferred file's facts).


def _taken(text: str, cls: type) -> dict[str, Any]:
    data = codec.fields_of(text, cls)
    return {f.name: codec.take(data, cls, f.name) for f in dataclasses.fields(cls)}


def test_fields_taken_one_by_one_are_the_whole_decode() -> None:
    assert _taken(codec.dumps(SAMPLE), Tree) == {
        f.name: getattr(SAMPLE, f.name) for f in dataclasses.fields(Tree)
    }
    for parsed in _fixture_files():
        fields = _taken(codec.dumps(parsed), ParsedFile)
        assert ParsedFile(**fields) == parsed


def test_a_field_taken_is_built_alone_and_not_kept_as_json() -> None:
    data = codec.fields_of(codec.dumps(SAMPLE), Tree)
    assert codec.take(data, Tree, "maybe") == Leaf("d", 4, 2.5)
    assert data[6] is None  # its JSON is let go
    assert data[1] == [["b", 2, 1.0, False], ["c\u00e9", -3, float("inf"), False]]  # unbuilt


@pytest.mark.parametrize(("text", "why"), BAD_LEAVES)
def test_fields_of_refuses_what_loads_refuses_at_the_top_level(text: str, why: str) -> None:
    """The list and each field's JSON type are checked before any field is taken."""
    with pytest.raises(ValueError):
        codec.fields_of(text, Leaf)


@pytest.mark.parametrize(("changes", "why"), BAD_TREES)
def test_a_field_that_does_not_fit_is_refused_when_taken(changes: dict[int, Any], why: str) -> None:
    """Every damage ``loads`` refuses, refused by ``fields_of`` or by taking that field;
    the other fields still decode."""
    data = json.loads(json.dumps(GOOD_TREE))
    for index, value in changes.items():
        data[index] = value
    (index,) = changes
    name = dataclasses.fields(Tree)[index].name
    try:
        fields = codec.fields_of(json.dumps(data), Tree)
    except ValueError:
        return  # its JSON type is wrong: refused before any field is built
    with pytest.raises(ValueError, match=f"Tree, field {index + 1}"):
        codec.take(fields, Tree, name)
    others = [f.name for f in dataclasses.fields(Tree) if f.name != name]
    assert [codec.take(fields, Tree, other) for other in others] == [
        getattr(SAMPLE, other) for other in others
    ]


def test_a_parsed_file_field_that_does_not_fit_is_refused_when_taken() -> None:
    parsed = next(p for p in _parsed("metricsmix") if p.metrics and p.metrics.functions)
    data = json.loads(codec.dumps(parsed))
    data[6][1][0][3] = "7"  # measures.functions[0].complexity
    fields = codec.fields_of(json.dumps(data), ParsedFile)  # a list, as metrics always is
    assert codec.take(fields, ParsedFile, "imports") == parsed.imports
    with pytest.raises(ValueError):
        codec.take(fields, ParsedFile, "metrics")


def test_rows_are_final_when_building_them_cannot_fail() -> None:
    """Rows of exact JSON types may be built later; an int for a float still needs its
    conversion, so those rows are built now; a row that does not fit is refused."""
    assert codec.rows_final([["a", 1, 0.5, False], ["b", 2, 1.5, True]], Leaf)
    assert not codec.rows_final([["a", 1, 0.5, False], ["b", 2, 1, True]], Leaf)
    assert codec.build_rows([["a", 1, 0.5, False]], Leaf) == (Leaf("a", 1, 0.5),)
    for bad in ([["a", 1, 0.5]], [["a", "1", 0.5, False]], "rows", [None]):
        with pytest.raises(ValueError):
            codec.rows_final(bad, Leaf)

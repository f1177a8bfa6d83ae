"""``jsontext.dumps`` writes exactly what ``json.dumps(indent=2, sort_keys=True)`` writes."""

from __future__ import annotations

import enum
import json
import random
from typing import Any

import pytest

from fitness.reporters import jsontext


class Kind(enum.StrEnum):
    """A str enum, as findings carry."""

    IMPORT = "import"


class Number(enum.IntEnum):
    """An int enum."""

    ONE = 1


def _expected(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


SAMPLES: list[Any] = [
    {},
    [],
    "",
    None,
    True,
    0,
    -1.5,
    float("nan"),
    float("inf"),
    -float("inf"),
    1e300,
    {"b": [], "a": {}, "c": [[], [{}]]},
    {"text": 'quote " backslash \\ tab \t newline \n nul \0 é 漢 \u2028'},
    {"z": 1, "a": [1, 2.0, "x", None, False, {"k": "v"}]},
    (1, ("nested", "tuple")),
    {"kind": Kind.IMPORT, "n": Number.ONE},
    [[[[["deep"]]]]],
]


@pytest.mark.parametrize("value", SAMPLES, ids=range(len(SAMPLES)))
def test_the_same_text_as_json_dumps(value: Any) -> None:
    assert jsontext.dumps(value) == _expected(value)


def test_random_documents() -> None:
    generator = random.Random(7)
    for _ in range(200):
        value = _random_value(generator, 4)
        assert jsontext.dumps(value) == _expected(value)


def _random_value(generator: random.Random, depth: int) -> Any:
    pick = generator.randrange(8 if depth else 5)
    if pick == 0:
        return generator.choice([None, True, False])
    if pick == 1:
        return generator.randrange(-(10**12), 10**12)
    if pick == 2:
        return generator.uniform(-1e6, 1e6)
    if pick in (3, 4):
        return "".join(generator.choice('ab"\\\n\té\u00ff ') for _ in range(generator.randrange(6)))
    if pick == 5:
        return [_random_value(generator, depth - 1) for _ in range(generator.randrange(4))]
    keys = {f"k{generator.randrange(10)}" for _ in range(generator.randrange(4))}
    return {key: _random_value(generator, depth - 1) for key in keys}


def test_what_json_cannot_write_is_refused_alike() -> None:
    for value in ({1, 2}, {"a": object()}):
        with pytest.raises(TypeError):
            json.dumps(value)
        with pytest.raises(TypeError):
            jsontext.dumps(value)

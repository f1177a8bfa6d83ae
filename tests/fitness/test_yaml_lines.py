"""The one YAML reader shared by configs, rule packs and ADR fitness blocks."""

from __future__ import annotations

import pytest

from fitness.adr.parse_fitness import parse_block
from fitness.yaml_lines import YamlSyntaxError, load_with_lines


def test_values_keep_their_lines_and_merge_keys_apply() -> None:
    data, lines = load_with_lines("base: &b\n  x: 1\nuse:\n  <<: *b\n  y: two\n")
    assert data == {"base": {"x": 1}, "use": {"x": 1, "y": "two"}}
    assert lines[("use", "y")] == 5 and lines[("base", "x")] == 2


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: 1\nb: [1, 2\n", 2, "flow sequence"),  # unclosed: where the construct starts
        ("a: 1\n[x, y]: 2\n", 2, "plain value"),
        ("a: !!python/name:os.system\n", 1, "constructor"),
    ],
)
def test_errors_name_a_line(text: str, line: int, words: str) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_with_lines(text)
    assert caught.value.line == line
    assert words in caught.value.message


def test_a_bad_key_in_an_adr_fitness_block_is_an_issue_not_a_crash() -> None:
    rules, issues = parse_block("- name: x\n  type: forbidden\n  [a, b]: 1\n", first_line=10)
    assert rules == []
    assert [(i.line, i.message) for i in issues] == [(12, "a key must be a plain value")]

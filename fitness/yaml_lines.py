"""YAML read with PyYAML's SafeLoader node tree, so every key and item keeps its line."""

from __future__ import annotations

from typing import Any

import yaml

LinePath = tuple[str | int, ...]
# libyaml's parser when PyYAML was built with it (10x faster); same safe constructors.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlSyntaxError(Exception):
    """A YAML document that does not parse; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_with_lines(text: str) -> tuple[Any, dict[LinePath, int]]:
    """The document's value and the line of every mapping key and sequence item."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlSyntaxError(mark.line + 1 if mark else 0, str(exc.problem)) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(0, str(exc)) from exc
    lines: dict[LinePath, int] = {}
    if node is None:
        return None, lines
    return node_value(node, (), lines), lines


def node_value(node: yaml.Node, path: LinePath, lines: dict[LinePath, int]) -> Any:
    """Construct a plain value from a composed node, recording the line of each part."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            result[key] = node_value(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [node_value(item, (*path, i), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    """Resolve a scalar as SafeLoader does (bools, numbers, dates, nulls, strings)."""
    if node.tag == "tag:yaml.org,2002:str":  # most scalars: no loader needed
        return node.value
    loader = _LOADER("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()

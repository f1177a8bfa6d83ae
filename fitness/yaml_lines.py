"""YAML read with PyYAML's safe node tree, so every key and item keeps its line.

The one reader for configs, rule packs and ADRs: libyaml's parser when PyYAML has it, merge
keys applied as SafeLoader does, plain keys only, and errors placed on a line a person can find.
PyYAML is imported on the first read (15 ms): a run whose configuration is TOML and whose
bundled rules come precompiled (``fitness.catalog.compiled``) never loads it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from analyzer.bounded import MAX_TEXT_NESTING, too_deep

if TYPE_CHECKING:
    import yaml

LinePath = tuple[str | int, ...]
# Values a document may expand to through aliases, and how deep it may nest (README: Limits
# and safety); configs, packs and ADR front matter hold hundreds of values, not thousands.
MAX_YAML_NODES = 100_000
MAX_YAML_DEPTH = MAX_TEXT_NESTING


@functools.cache
def _loader() -> Any:
    """libyaml's parser when PyYAML was built with it (10x faster); same safe constructors."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlSyntaxError(Exception):
    """A YAML document that does not parse; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def compose(text: str) -> yaml.Node | None:
    """The document's node tree; YamlSyntaxError with a line when it does not parse, nests
    too deep, or expands (through aliases) to more nodes than the limit."""
    import yaml

    if (deep := too_deep(text)) is not None:
        raise YamlSyntaxError(deep, f"brackets nested over the limit of {MAX_TEXT_NESTING} deep")
    try:
        node = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        raise located(exc, text) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(0, str(exc)) from exc
    except RecursionError as exc:
        raise YamlSyntaxError(0, "nested too deeply to read") from exc
    if node is not None:
        _check_expansion(node)
    return node


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a tree whose aliases expand past MAX_YAML_NODES or MAX_YAML_DEPTH (a 284-byte
    "billion laughs" took 11 s and 2.4 GB to construct). Sizes are counted once per node, so
    the check is linear in the composed tree however often an anchor is reused."""
    sizes: dict[int, tuple[int, int]] = {}  # id -> (expanded nodes, depth)
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not children_done:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        parts = [sizes.get(id(c), (1, 1)) for c in children]  # a cycle counts as a leaf
        size = 1 + sum(p[0] for p in parts)
        depth = 1 + max((p[1] for p in parts), default=0)
        if size > MAX_YAML_NODES or depth > MAX_YAML_DEPTH:
            line = node.start_mark.line + 1
            message = f"aliases expand past the limit of {MAX_YAML_NODES} values"
            if depth > MAX_YAML_DEPTH:
                message = f"nested over the limit of {MAX_YAML_DEPTH} levels"
            raise YamlSyntaxError(line, message)
        sizes[id(node)] = (size, depth)


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def load_with_lines(text: str) -> tuple[Any, dict[LinePath, int]]:
    """The document's value and the line of every mapping key and sequence item."""
    node = compose(text)
    lines: dict[LinePath, int] = {}
    if node is None:
        return None, lines
    return node_value(node, (), lines), lines


def located(exc: yaml.MarkedYAMLError, text: str) -> YamlSyntaxError:
    """PyYAML's problem at its line, with the construct it interrupted and where that began.

    A problem found past the last line (an unclosed quote or bracket) is reported where the
    unfinished construct starts.
    """
    problem, context = exc.problem_mark, exc.context_mark
    last = max(len(text.splitlines()), 1)
    mark = context if context and (problem is None or problem.line >= last) else problem
    message = str(exc.problem)
    if exc.context and context:
        where = "" if context is mark else f" at line {context.line + 1}"
        message += f" ({exc.context}{where})"
    return YamlSyntaxError(min(mark.line + 1, last) if mark else 0, message)


def node_value(node: yaml.Node, path: LinePath, lines: dict[LinePath, int]) -> Any:
    """Construct a plain value from a composed node, recording the line of each part."""
    import yaml

    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in _merged(node):
            key = _key(key_node)
            result[key] = node_value(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [node_value(item, (*path, i), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


def _merged(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """The mapping's pairs with ``<<: *anchor`` merge keys applied, as SafeLoader does."""
    import yaml

    if not any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value):
        return list(node.value)
    loader = _loader()("")
    try:
        loader.flatten_mapping(node)
    except yaml.MarkedYAMLError as exc:
        raise YamlSyntaxError(node.start_mark.line + 1, str(exc.problem)) from exc
    finally:
        loader.dispose()
    return list(node.value)


def _key(node: yaml.Node) -> str:
    """A mapping key: only plain scalars name things."""
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise YamlSyntaxError(node.start_mark.line + 1, "a key must be a plain value")
    return str(node.value)


def _scalar(node: yaml.Node) -> Any:
    """Resolve a scalar as SafeLoader does (bools, numbers, dates, nulls, strings)."""
    import yaml

    if node.tag == "tag:yaml.org,2002:str":  # most scalars: no loader needed
        return node.value
    loader = _loader()("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:  # an unknown tag such as !!python/name
        raise YamlSyntaxError(node.start_mark.line + 1, str(exc.problem)) from exc
    finally:
        loader.dispose()

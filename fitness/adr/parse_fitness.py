"""The ``fitness`` block (or front matter key): shorthand lines or full contract mappings."""

from __future__ import annotations

import datetime
from typing import Any

import yaml

from fitness.adr.model import AdrIssue, Rule
from fitness.yaml_lines import LinePath, YamlSyntaxError, compose, node_value

# The one-line contract shorthands (``contracts:`` takes full specs) and the measures: an
# ADR rule of one of these kinds is checked (fitness.adr.declared); a new kind is added here.
CONTRACT_SHORTHANDS = ("layers", "forbid", "forbid-dep", "require-dep", "interface", "migrate")
MEASURE_KEYS = ("max-complexity", "budget")
SHORTHANDS = (*CONTRACT_SHORTHANDS, *MEASURE_KEYS, "enforced-by", "review-by", "affects")


def parse_block(text: str, first_line: int) -> tuple[list[Rule], list[AdrIssue]]:
    """Rules from a block's YAML text whose first line is ``first_line`` of the ADR file."""
    try:
        node = compose(text)
    except YamlSyntaxError as exc:
        line = first_line + max(exc.line - 1, 0)
        return [], [AdrIssue(line, f"fitness block is not valid YAML: {exc.message}")]
    return rules_from_node(node, first_line - 1)


def rules_from_node(node: yaml.Node | None, offset: int) -> tuple[list[Rule], list[AdrIssue]]:
    """Rules from a composed node; ``offset`` turns the node's 0-based lines into the file's."""
    if node is None:
        return [], []
    if isinstance(node, yaml.SequenceNode):
        return _contracts(node, offset)
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1 + offset
        return [], [AdrIssue(line, "a fitness block holds shorthand lines or a list of contracts")]
    rules: list[Rule] = []
    issues: list[AdrIssue] = []
    for key_node, value_node in node.value:
        key = str(key_node.value).strip().lower()
        line = key_node.start_mark.line + 1 + offset
        if key == "contracts" and isinstance(value_node, yaml.SequenceNode):
            found, problems = _contracts(value_node, offset)
            rules, issues = rules + found, issues + problems
        elif key not in SHORTHANDS:
            issues.append(AdrIssue(line, f"unknown fitness key {key!r}; valid: {_valid()}"))
        else:
            found, problems = _shorthand(key, value_node, offset)
            rules, issues = rules + found, issues + problems
    return rules, issues


def _valid() -> str:
    return ", ".join((*SHORTHANDS, "contracts"))


def _shorthand(key: str, node: yaml.Node, offset: int) -> tuple[list[Rule], list[AdrIssue]]:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    rules, issues = [], []
    for item in items:
        line = item.start_mark.line + 1 + offset
        if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
            issues.append(AdrIssue(line, f"{key}: needs a value on one line"))
            continue
        try:
            value = node_value(item, (), {})
        except YamlSyntaxError as exc:
            issues.append(AdrIssue(line, exc.message))
            continue
        text = value.isoformat() if isinstance(value, datetime.date) else str(item.value)
        rules.append(Rule(key, text.strip(), line))
    return rules, issues


def _contracts(node: yaml.SequenceNode, offset: int) -> tuple[list[Rule], list[AdrIssue]]:
    rules, issues = [], []
    for item in node.value:
        line = item.start_mark.line + 1 + offset
        if not isinstance(item, yaml.MappingNode):
            issues.append(AdrIssue(line, "each contract in a fitness block must be a mapping"))
            continue
        lines: dict[LinePath, int] = {}
        try:
            value: dict[str, Any] = node_value(item, (), lines)
        except YamlSyntaxError as exc:
            issues.append(AdrIssue(exc.line + offset, exc.message))
            continue
        option_lines = tuple(
            (str(path[0]), n + offset) for path, n in lines.items() if len(path) == 1
        )
        rules.append(Rule("contract", value, line, option_lines))
    return rules, issues


def front_matter_rules(value: Any, line: int) -> tuple[list[Rule], list[AdrIssue]]:
    """Rules from a front matter ``fitness:`` value: a block string, a mapping or a list."""
    if isinstance(value, str):
        return parse_block(value, line + 1)
    try:
        node = yaml.compose(yaml.safe_dump(value, sort_keys=False), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return [], [AdrIssue(line, "front matter `fitness:` cannot be read")]
    rules, issues = rules_from_node(node, 0)
    # Lines of a re-dumped value are not the file's: every rule points at the key.
    return [Rule(r.key, r.value, line, ()) for r in rules], [
        AdrIssue(line, i.message) for i in issues
    ]

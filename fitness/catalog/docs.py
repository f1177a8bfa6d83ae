"""Rule docs as data: the one reader of rule files, for the packs and for archfit's own rules.

Every rule, a pack's or a built-in one (INP, CON, ADR), is a mapping under the same fixed
headings (what, why, example, how_to_fix) in a YAML file under ``rules/``: the packs in
``rules/*.yaml``, the built-in rules in ``rules/builtin/*.yaml`` (docs/adr/0019). A
``Schema`` says which keys each kind of file takes; everything else is read the same way, and
every problem is a ConfigIssue with its file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from analyzer.bounded import MAX_TEXT_BYTES, read_bounded_text
from analyzer.roles import Role, role_named
from archfit_values import frozen
from fitness.catalog.compiled import bundled_pack_dir, compiled_read
from fitness.checks.base import param_problems
from fitness.checks.registry import CHECKS
from fitness.exceptions import ConfigError, ConfigIssue
from fitness.results.findings import Severity
from fitness.yaml_lines import YamlSyntaxError, load_with_lines

Lines = Mapping[tuple[str | int, ...], int]
_DOC_KEYS = ("what", "why", "example", "how_to_fix")


@frozen
class RuleDoc:
    """A rule's identity and its documentation under fixed headings."""

    code: str
    name: str
    severity: Severity
    what: str
    why: str
    example: str
    how_to_fix: str
    check: str = ""  # the check implementation a pack rule runs ("" for built-in codes)
    params: Mapping[str, Any] = field(default_factory=dict)
    principle: str = ""
    pack: str = ""  # "" for a built-in rule
    path: str = ""  # the file that declares it
    line: int = 0
    # Codes whose baseline entries count for this rule: a rule that took over part of another
    # (ARC006 the deferred cycles ARC001 used to report) leaves no baseline red on upgrade.
    carries: tuple[str, ...] = ()
    contract_type: str = ""  # a CON rule: the contract type whose violations it reports
    problem: str = ""  # an INP rule: the kind of input problem it reports
    # The file roles whose findings the rule reports (analyzer.roles; docs/adr/0018); () for
    # rules about the graph or the configuration (contracts, ADRs, blind spots): no role
    # narrows them.
    roles: tuple[Role, ...] = ()


@frozen
class Schema:
    """The keys a kind of rule file takes, at the top and in each rule; ``checked`` rules
    name a check whose params they must fit (packs), unchecked ones only document a code;
    ``roles`` are a rule's when it lists none."""

    file_keys: tuple[str, ...]
    rule_keys: tuple[str, ...]
    required: tuple[str, ...]
    checked: bool
    roles: tuple[Role, ...] = ()


PACK = Schema(
    file_keys=("pack", "description", "source", "rules"),
    rule_keys=(
        *("code", "name", "check", "severity", "params", "principle", *_DOC_KEYS, "carries"),
        "roles",
    ),
    required=("code", "name", "check", "severity", "why", "how_to_fix"),
    checked=True,
    roles=(Role.LIBRARY,),  # a pack rule that says nothing judges library code
)
BUILTIN = Schema(
    file_keys=("family", "description", "rules"),
    rule_keys=("code", "name", "severity", *_DOC_KEYS, "contract_type", "problem", "roles"),
    required=("code", "name", "severity", *_DOC_KEYS),
    checked=False,
)
ROLE_NAMES = ", ".join(role.value for role in Role)


@frozen
class RuleFile:
    """One rule file as read: its top-level values (but ``rules``) and its rules."""

    header: Mapping[str, Any]
    rules: tuple[RuleDoc, ...]


def load_rules(path: Path, display: str, schema: Schema, pack: str | None = None) -> RuleFile:
    """Read and validate one rule file; every problem is a ConfigIssue with its line.
    ``pack`` names the rules' pack (``""`` for built-in rules); when None, the file's ``pack``
    key does, else its stem."""
    data, lines = _read(path, display)
    issues: list[ConfigIssue] = []
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ConfigError([ConfigIssue(display, 1, "a rule pack needs `pack` and a `rules` list")])
    for key in sorted(set(data) - set(schema.file_keys)):
        issues.append(ConfigIssue(display, lines.get((key,), 1), f"unknown pack key {key!r}"))
    named = str(data.get("pack") or path.stem) if pack is None else pack
    place = (named, display, lines, issues)
    rules = [_rule(item, i, schema, place) for i, item in enumerate(data["rules"])]
    if issues:
        raise ConfigError(issues)
    header = {key: value for key, value in data.items() if key != "rules"}
    return RuleFile(header, tuple(r for r in rules if r is not None))


def _read(path: Path, display: str) -> tuple[Any, Lines]:
    try:
        text = read_bounded_text(str(path), MAX_TEXT_BYTES)
        return _bundled_read(path, text) or load_with_lines(text)
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot read rule pack: {getattr(exc, 'strerror', None) or exc}"
        raise ConfigError([ConfigIssue(display, 0, message)]) from exc
    except YamlSyntaxError as exc:
        raise ConfigError([ConfigIssue(display, exc.line, f"invalid YAML: {exc.message}")]) from exc


def _bundled_read(path: Path, text: str) -> tuple[Any, Lines] | None:
    """A bundled rule file's value and lines as ``compiled.json`` stored them, while its text
    is unchanged (``fitness.catalog.compiled``); None for any other file."""
    folder = bundled_pack_dir()
    try:
        name = path.relative_to(folder).as_posix()
    except ValueError:
        return None
    return compiled_read(folder, name, text)


_Place = tuple[str, str, Lines, list[ConfigIssue]]  # pack, display, lines, issues


def _rule(item: Any, index: int, schema: Schema, place: _Place) -> RuleDoc | None:
    """One rule, or None when a key is missing, unknown or ill-typed (issues say which)."""
    _, display, lines, issues = place
    line = lines.get(("rules", index), 1)
    if not isinstance(item, dict):
        issues.append(ConfigIssue(display, line, "each rule must be a mapping"))
        return None
    missing = [k for k in schema.required if not item.get(k)]
    unknown = sorted(set(item) - set(schema.rule_keys))
    bad_severity = item.get("severity") not in {s.value for s in Severity}
    for key in missing:
        issues.append(ConfigIssue(display, line, f"rule {index + 1} is missing {key!r}"))
    for key in unknown:
        where = lines.get(("rules", index, key), line)
        issues.append(ConfigIssue(display, where, f"unknown rule key {key!r}"))
    if bad_severity and "severity" not in missing:
        issues.append(
            ConfigIssue(
                display,
                lines.get(("rules", index, "severity"), line),
                f"severity must be error, warning or info, not {item['severity']!r}",
            )
        )
    roles = _roles(item, index, schema, place)
    if missing or unknown or bad_severity or roles is None:
        return None
    # The roles go into the one RuleDoc made (``dataclasses.replace`` of each cost a run
    # 0.3 ms over the 68 bundled rules).
    if not schema.checked:
        return _rule_doc(item, place, line, roles)
    return _checked_rule(item, index, place, roles)


def _roles(item: Any, index: int, schema: Schema, place: _Place) -> tuple[Role, ...] | None:
    """A rule's ``roles`` (the schema's when absent); None, with an issue, when bad."""
    _, display, lines, issues = place
    if "roles" not in item:
        return schema.roles
    found, problems = parse_roles(item["roles"])
    line = lines.get(("rules", index, "roles"), lines.get(("rules", index), 1))
    issues += [ConfigIssue(display, line, f"roles: {problem}") for problem in problems]
    return None if problems else found


def parse_roles(value: Any) -> tuple[tuple[Role, ...], list[str]]:
    """A list of role names as roles, and what is wrong with it (an unknown name gets a
    did-you-mean); shared by the rule files and the configuration."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return (), [f"must be a list of role names ({ROLE_NAMES}), not {value!r}"]
    problems = [unknown_role(name) for name in value if role_named(name) is None]
    return tuple(r for r in map(role_named, value) if r is not None), problems


def unknown_role(name: str) -> str:
    """``unknown role 'test' (did you mean tests?)``, with the roles there are."""
    import difflib  # on a mistake only: a run that has none never loads it

    close = difflib.get_close_matches(name, [role.value for role in Role], n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown role {name!r}{hint}; roles: {ROLE_NAMES}"


def _checked_rule(
    item: Mapping[str, Any], index: int, place: _Place, roles: tuple[Role, ...]
) -> RuleDoc | None:
    """The rule, after checking that its check exists and takes its params."""
    _, display, lines, issues = place
    line = lines.get(("rules", index), 1)
    if not isinstance(item.get("params") or {}, dict):
        where = lines.get(("rules", index, "params"), line)
        issues.append(ConfigIssue(display, where, "params must be a mapping of name: value"))
        return None
    doc = _rule_doc(item, place, line, roles)
    for key, message in check_problems(doc, doc.params):
        path: tuple[str | int, ...] = ("rules", index, "params", key)
        if key == "check":
            path = ("rules", index, "check")
        issues.append(ConfigIssue(display, lines.get(path, line), f"rule {doc.code}: {message}"))
    return doc


def check_problems(doc: RuleDoc, params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(param key or "check", message) when the rule's check is unknown or a param is bad."""
    check = CHECKS.get(doc.check)
    if check is None:
        return [("check", f"unknown check {doc.check!r} (known: {', '.join(sorted(CHECKS))})")]
    return param_problems(check, params)


def _rule_doc(
    item: Mapping[str, Any], place: _Place, line: int, roles: tuple[Role, ...]
) -> RuleDoc:
    pack, display, _, _ = place
    return RuleDoc(
        code=str(item["code"]),
        name=str(item["name"]),
        severity=Severity(item["severity"]),
        what=str(item.get("what", "")),
        why=str(item["why"]),
        example=str(item.get("example", "")),
        how_to_fix=str(item["how_to_fix"]),
        check=str(item.get("check", "")),
        params=dict(item.get("params") or {}),
        principle=str(item.get("principle", "")),
        pack=pack,
        path=display,
        line=line,
        carries=tuple(str(code) for code in item.get("carries") or ()),
        contract_type=str(item.get("contract_type", "")),
        problem=str(item.get("problem", "")),
        roles=roles,
    )

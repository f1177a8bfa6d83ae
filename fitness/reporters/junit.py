"""``--format junit``: JUnit XML, the test report GitLab, Jenkins and Azure Pipelines read.

One ``<testsuite>`` per rule family (the letters of its codes: ARC, CON, INP...), one
``<testcase>`` per contract (in CON) and per rule that ran, and each finding a ``<failure>``
of its test case, with its location (``path:line:column``) in the message. A contract's test
case holds the violations of that contract; a rule's, its findings that belong to no contract.
Baselined findings are left out unless ``RenderOptions.baselined`` asks for them, so a test
fails exactly where ``archfit check`` reports something new. Valid against the JUnit XML
shape those CI systems document (tests/fitness/junit.xsd).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import field

from archfit_values import mutable
from fitness.reporters.base import RenderOptions
from fitness.results.findings import ContractVerdict, Finding, Result, RuleInfo

_FAMILY = re.compile(r"[A-Za-z]+")
# XML 1.0 cannot hold these characters at all, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@mutable
class _Case:
    """One test case as it is being filled: its name and its failures."""

    name: str
    failures: list[Finding] = field(default_factory=list)


def render(result: Result, options: RenderOptions = RenderOptions()) -> str:
    """One project as ``<testsuites>`` with a suite per rule family."""
    return document([result], options)


def document(results: Sequence[Result], options: RenderOptions) -> str:
    """Every project's suites under one ``<testsuites>`` (a suite name starts with its
    project's root when there are several), as indented XML with a declaration."""
    root = ET.Element("testsuites", name="archfit")
    for result in results:
        root.extend(suites(result, options, result.project or "." if len(results) > 1 else ""))
    _count(root, root.findall("testsuite"))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def suites(result: Result, options: RenderOptions, project: str = "") -> list[ET.Element]:
    """A ``<testsuite>`` per family, in family order, test cases by name; ``project`` names
    the project in suite and class names when a run has several."""
    cases = _cases(result, [f for f in result.findings if f.new or options.baselined])
    elements = []
    for family in sorted(cases):
        name = f"{project}: archfit {family}" if project else f"archfit {family}"
        classname = ".".join(part for part in ("archfit", project, family) if part)
        suite = ET.Element("testsuite", name=name)
        for case in sorted(cases[family].values(), key=lambda c: c.name):
            suite.append(_testcase(case, classname))
        _count(suite, suite.findall("testcase"))
        elements.append(suite)
    return elements


def _cases(result: Result, findings: Iterable[Finding]) -> dict[str, dict[str, _Case]]:
    """family -> case key -> case: every contract, every rule that ran or fired."""
    cases: dict[str, dict[str, _Case]] = defaultdict(dict)
    homes = {verdict.id: family(verdict.type_code) for verdict in result.contracts}
    for verdict in result.contracts:
        cases[homes[verdict.id]][f"contract {verdict.id}"] = _Case(_contract_name(verdict))
    for rule in (*result.checked, *result.rules):
        cases[family(rule.code)].setdefault(rule.code, _Case(_rule_name(rule)))
    for finding in findings:
        if finding.contract in homes:
            cases[homes[finding.contract]][f"contract {finding.contract}"].failures.append(finding)
            continue
        fallback = _Case(f"{finding.code} {finding.name}")
        cases[family(finding.code)].setdefault(finding.code, fallback).failures.append(finding)
    return cases


def family(code: str) -> str:
    """A rule code's family: its letters (``ARC001`` -> ``ARC``)."""
    match = _FAMILY.match(code)
    return match.group(0).upper() if match else code


def _contract_name(verdict: ContractVerdict) -> str:
    """``contract ID: NAME``, the id left out when it only restates the name (an ADR's)."""
    if verdict.id_restates_name:
        return f"contract {verdict.name}"
    return f"contract {verdict.id}: {verdict.name}"


def _rule_name(rule: RuleInfo) -> str:
    return f"{rule.code} {rule.name}"


def _testcase(case: _Case, classname: str) -> ET.Element:
    element = ET.Element("testcase", name=_text(case.name), classname=classname, time="0")
    for finding in case.failures:
        failure = ET.SubElement(element, "failure", message=_text(_message(finding)))
        failure.set("type", finding.code)
        failure.text = _text(_details(finding))
    return element


def location(finding: Finding) -> str:
    """``path:line:column`` (what there is of it)."""
    parts = [finding.path or finding.source.path or "."]
    if finding.line > 0:
        parts += [str(finding.line), str(max(finding.column, 1))]
    return ":".join(parts)


def _message(finding: Finding) -> str:
    baselined = "" if finding.new else " (baselined)"
    return f"{location(finding)}: {finding.code} {finding.message}{baselined}"


def _details(finding: Finding) -> str:
    """The failure's body: where, what, at which severity, and how to fix it."""
    lines = [f"{location(finding)}: {finding.code} {finding.name} ({finding.severity})"]
    lines.append(finding.message)
    lines += ["; ".join(link.describe() for link in chain) for chain in finding.chains]
    if finding.how_to_fix:
        lines.append(f"how to fix: {finding.how_to_fix}")
    return "\n".join(lines)


def _text(value: str) -> str:
    return _NOT_XML.sub("?", value)


def _count(element: ET.Element, children: list[ET.Element]) -> None:
    """A suite's (or the document's) totals from its test cases (or suites)."""
    if element.tag == "testsuites":
        tests = sum(int(child.get("tests", "0")) for child in children)
        failures = sum(int(child.get("failures", "0")) for child in children)
    else:
        tests = len(children)
        failures = sum(1 for child in children if child.find("failure") is not None)
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    if element.tag == "testsuite":
        element.set("skipped", "0")
    element.set("time", "0")

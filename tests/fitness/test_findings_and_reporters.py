"""The findings model and the reporters, on a Result built by hand (no analysis involved)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from fitness.reporters import json_format, text
from fitness.reporters.base import RenderOptions
from fitness.results.findings import (
    BlindSpotSummary,
    ContractVerdict,
    Finding,
    Link,
    Result,
    RoleFiles,
    Severity,
    Source,
    summarize,
)

GOLDEN = Path(__file__).parent / "golden"
SOURCE = Source("config", "domain-pure", "pyproject.toml", 12)


def _finding(line: int = 3, **changes: object) -> Finding:
    base = Finding(
        code="CON002",
        name="forbidden",
        severity=Severity.ERROR,
        message="The domain is pure: chat.domain is not allowed to import redis: "
        "chat.domain.x -> chat.store -> redis",
        path="src/chat/domain/x.py",
        line=line,
        column=1,
        subject="chat.domain -> redis",
        source=SOURCE,
        chains=(
            (
                Link("chat.domain.x", "chat.store", "src/chat/domain/x.py", (line,)),
                Link("chat.store", "redis", "src/chat/store.py", (1,)),
            ),
        ),
        how_to_fix="Use the port in chat.domain.ports.",
        contract="domain-pure",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _result() -> Result:
    findings = (
        _finding(),
        Finding(
            "INP001",
            "parse-error",
            Severity.ERROR,
            "invalid syntax",
            "src/chat/bad.py",
            2,
            7,
            "src/chat/bad.py",
            Source("input", "parse-error"),
        ),
    )
    findings = tuple(sorted(findings, key=lambda f: f.sort_key))
    return Result(
        tool_version="0.0.test",
        root="/repo",
        summary=summarize(4, 3, findings),
        findings=findings,
        contracts=(
            ContractVerdict(
                "domain-pure",
                "The domain is pure",
                "forbidden",
                False,
                SOURCE,
                1,
                "Use the port in chat.domain.ports.",
                type_code="CON002",
            ),
        ),
        blind_spots=(BlindSpotSummary("file-outside-package", 1, ("setup.py",)),),
        roles=(
            RoleFiles("library", ("src/chat/__init__.py", "src/chat/bad.py", "src/chat/domain.py")),
            RoleFiles("scripts", ("setup.py",)),
        ),
    )


def test_fingerprint_ignores_lines_but_not_identity() -> None:
    assert _finding(line=3).fingerprint == _finding(line=40).fingerprint
    assert _finding().fingerprint != _finding(subject="chat.api -> redis").fingerprint
    assert _finding().fingerprint != _finding(target="other").fingerprint
    moved_source = dataclasses.replace(SOURCE, id="other-contract")
    assert _finding().fingerprint != _finding(source=moved_source).fingerprint


def test_exit_code_follows_new_errors_only() -> None:
    result = _result()
    assert result.exit_code == 1
    old = tuple(dataclasses.replace(f, new=False) for f in result.findings)
    assert dataclasses.replace(result, findings=old).exit_code == 0
    warnings = tuple(dataclasses.replace(f, severity=Severity.WARNING) for f in result.findings)
    assert dataclasses.replace(result, findings=warnings).exit_code == 0


def test_json_matches_the_golden_document() -> None:
    rendered = json_format.render(_result())
    assert rendered == (GOLDEN / "result.json").read_text()
    assert json_format.render(_result()) == rendered  # deterministic
    assert json.loads(rendered)["summary"]["errors"] == 2


def test_text_matches_the_golden_output_and_colours_only_when_asked() -> None:
    plain = text.render(_result())
    assert plain == (GOLDEN / "result.txt").read_text()
    coloured = text.render(_result(), RenderOptions(color=True))
    assert "\x1b[31m" in coloured and "\x1b[" not in plain

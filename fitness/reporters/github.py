"""``--format github``: one GitHub Actions workflow command per finding, nothing else.

``::error file=F,line=L,col=C,title=T::message``, escaped as GitHub's toolkit escapes them, so a
message with a newline or a path with a comma cannot break the command.
"""

from __future__ import annotations

from fitness.reporters.base import RenderOptions
from fitness.results.findings import Finding, Result, Severity

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A command's message: ``%``, CR and LF are percent-encoded (``%`` first)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as a message, plus ``:`` and ``,``, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: Result, options: RenderOptions = RenderOptions()) -> str:
    """One annotation line per finding; an empty string when there is none."""
    return "".join(annotation(f) + "\n" for f in result.findings)


def annotation(finding: Finding) -> str:
    """The workflow command for one finding; a baselined one is only a notice."""
    command = _COMMANDS[finding.severity] if finding.new else "notice"
    title = f"{finding.code} {finding.name}" + ("" if finding.new else " (baselined)")
    properties = []
    if finding.path:
        properties.append(f"file={escape_property(finding.path)}")
        if finding.line > 0:
            properties.append(f"line={finding.line}")
            properties.append(f"col={max(finding.column, 1)}")
    properties.append(f"title={escape_property(title)}")
    return f"::{command} {','.join(properties)}::{escape_data(finding.message)}"

"""The result model: findings, contract verdicts and the run summary.

Stdlib only.

Reporters import this module and nothing below it, so they stay pure functions of a Result.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import field

from archfit_values import frozen


class Severity(enum.StrEnum):
    """How much a finding matters; only errors fail ``archfit check``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@frozen(order=True)
class Source:
    """Who declared the rule a finding comes from: a config entry, a pack, an ADR, or input."""

    kind: str  # config | pack | adr | importlinter | input
    id: str
    path: str = ""
    line: int = 0


@frozen(order=True)
class Link:
    """One step of an import chain, with the lines of the importing file it comes from."""

    importer: str
    imported: str
    path: str
    lines: tuple[int, ...]

    def describe(self) -> str:
        """``a.b -> c.d (path:3, 7)``."""
        lines = ", ".join(str(n) for n in self.lines) or "?"
        return f"{self.importer} -> {self.imported} ({self.path}:{lines})"


Chain = tuple[Link, ...]


def chain_text(chain: Chain) -> str:
    """``a.b -> c.d -> e.f``: every module of a chain, as lint-imports prints it."""
    if not chain:
        return ""
    return " -> ".join([chain[0].importer, *(link.imported for link in chain)])


def escape_name(name: str) -> str:
    """A file name as one printable line: control characters (a newline in a name would end
    a table row or a Mermaid node) as ``\\n``-style escapes, and the bytes of a name that is
    not UTF-8 (held as lone surrogates) as ``\\xNN``."""
    if name.isprintable():
        return name
    return "".join(_escape_char(c) for c in name)


def _escape_char(char: str) -> str:
    if char.isprintable():
        return char
    if 0xDC80 <= ord(char) <= 0xDCFF:  # surrogateescape: the undecodable byte itself
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def no_workflow_commands(text: str) -> str:
    """``text`` with every line that a GitHub Actions log would run as a workflow command
    (one starting with ``::`` once trimmed) shown with a leading ``> ``."""
    if "::" not in text:
        return text
    lines = text.split("\n")
    return "\n".join("> " + ln if ln.strip().startswith("::") else ln for ln in lines)


def fingerprint_of(identity: tuple[str, ...]) -> str:
    """The stable fingerprint of a finding's identity (code, subject, source id, target)."""
    return hashlib.sha256("\x1f".join(identity).encode("utf-8")).hexdigest()[:20]


@frozen
class Finding:
    """One thing archfit judged, as data."""

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    subject: str
    source: Source
    target: str = ""  # where a rule can fire several times on one subject: what it points at
    chains: tuple[Chain, ...] = ()
    how_to_fix: str = ""
    new: bool = True
    contract: str = ""  # the id of the contract a violation breaks ("" for other findings)
    # The message without the name of the contract or ADR it belongs to, for a list grouped
    # under that name (a contract's violations, an ADR's drift); "" when it has no such owner.
    detail: str = ""

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """What the fingerprint hashes, in plain text: the baseline stores this."""
        return (self.code, self.subject, self.source.id, self.target)

    @property
    def fingerprint(self) -> str:
        """Stable across line moves: code, subject, declaring source id and target only."""
        return fingerprint_of(self.identity)

    @property
    def sort_key(self) -> tuple[str, int, str, str, str]:
        """Findings are reported sorted by path, line and code (then subject, for ties)."""
        return (self.path, self.line, self.code, self.subject, self.target)


@frozen
class ContractVerdict:
    """Whether one contract was kept, and how many violations it had."""

    id: str
    name: str
    type: str
    kept: bool
    source: Source
    violations: int = 0
    how_to_fix: str = ""
    warnings: tuple[str, ...] = ()
    remaining_usages: int | None = None  # a migration's remaining usages
    # The code its type reports with (CON...), whichever source declared it: JUnit files every
    # contract's test case under that code's family.
    type_code: str = ""
    # The id only restates the name (an ADR rule's ``ADR-0002:forbid: a -> b`` for the name
    # ``ADR-0002 forbid: a -> b``): text outputs show the name alone.
    id_restates_name: bool = False


@frozen
class RuleInfo:
    """A rule's documentation as reporters show it (SARIF's rules array, help text)."""

    code: str
    name: str
    severity: Severity
    what: str
    why: str
    example: str
    how_to_fix: str


@frozen(order=True)
class BaselineEntry:
    """One baselined subject: what ``Finding.fingerprint`` hashes, in plain text, and how often."""

    code: str
    subject: str
    source: str  # the declaring source's id
    target: str = ""
    count: int = 1

    @property
    def key(self) -> tuple[str, str, str, str]:
        """The identity a finding must share to match this entry."""
        return (self.code, self.subject, self.source, self.target)


@frozen
class BaselineReport:
    """How a run compares with its baseline: what was fixed and how the file would shrink."""

    path: str  # the baseline file, relative to the analysed root when inside it
    fixed: tuple[BaselineEntry, ...] = ()  # count: occurrences that no longer occur
    lowered: tuple[tuple[str, int, int], ...] = ()  # migration id, recorded count, count now
    strict: bool = False  # --strict-baseline: a fixed entry still in the file fails the run

    @property
    def stale(self) -> int:
        """Under ``strict``, how many occurrences the file holds that no longer occur."""
        return sum(e.count for e in self.fixed) if self.strict else 0


@frozen
class AdrSummary:
    """One ADR as the machine output lists it: status, how many rules, how many violations."""

    id: str
    title: str
    status: str
    path: str
    rules: int = 0
    violations: int = 0
    number: int | None = None
    date: str = ""


@frozen
class AdrDetail:
    """One ADR as ``archfit adr show`` / ``explain`` print it: its summary, the fields parsed
    (label, value), its rules (line, text), its drift findings, and why it governs a file."""

    summary: AdrSummary
    format: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    rules: tuple[tuple[int, str], ...] = ()
    findings: tuple[Finding, ...] = ()
    reasons: tuple[str, ...] = ()


@frozen
class BlindSpotSummary:
    """One kind of thing the graph could not see, counted, with a few examples."""

    kind: str
    count: int
    examples: tuple[str, ...]


@frozen
class Summary:
    """Counts for the run."""

    files: int
    modules: int
    errors: int
    warnings: int
    infos: int
    new: int
    baselined: int = 0
    fixed: int = 0


@frozen
class Suppressed:
    """A finding an ``# archfit: ignore[...]`` comment silenced, with the comment's reason."""

    finding: Finding
    reason: str
    line: int  # the comment's line


@frozen
class RoleFiles:
    """The analysed files of one role (``library``, ``tests``...: analyzer.roles)."""

    role: str
    paths: tuple[str, ...]


@frozen
class Result:
    """Everything a reporter may show; reporters take this and nothing else."""

    tool_version: str
    root: str
    summary: Summary
    findings: tuple[Finding, ...]
    contracts: tuple[ContractVerdict, ...] = ()
    blind_spots: tuple[BlindSpotSummary, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    adrs: tuple[AdrSummary, ...] = ()  # every ADR found, active or not, sorted by path
    rules: tuple[RuleInfo, ...] = ()  # the docs of every rule that fired, for SARIF and help
    baseline: BaselineReport | None = None  # None when no baseline file was used
    suppressed: tuple[Suppressed, ...] = ()  # silenced in the source, kept out of findings
    governing: tuple[AdrSummary, ...] | None = None  # accepted ADRs governing FILES, if given
    # Where the project sits (ADR-0015): its root relative to the repository root ("" when it is
    # the repository root), and the configuration files it read, relative to its own root.
    project: str = ""
    configs: tuple[str, ...] = ()
    # Every rule that ran, fired or not (JUnit's passing test cases); set by ``archfit check``.
    checked: tuple[RuleInfo, ...] = ()
    # What the dependency rules read (issue 16): each declaration source, relative to the
    # project root; empty when those rules are off, ("no declarations found",) when none was.
    dependencies: tuple[str, ...] = ()
    # The analysed files by role, in the role table's order (issue 15); empty roles left out.
    roles: tuple[RoleFiles, ...] = ()

    @property
    def exit_code(self) -> int:
        """0 when no new error-severity finding remains (and, under ``--strict-baseline``, the
        baseline holds nothing that no longer occurs), else 1 (the CLI decides to use it)."""
        failing = [f for f in self.findings if f.severity is Severity.ERROR and f.new]
        stale = self.baseline is not None and self.baseline.stale > 0
        return 1 if failing or stale else 0


def summarize(files: int, modules: int, findings: tuple[Finding, ...]) -> Summary:
    """Count findings by severity and novelty."""

    def count(severity: Severity) -> int:
        return sum(1 for f in findings if f.severity is severity)

    new = sum(1 for f in findings if f.new)
    return Summary(
        files,
        modules,
        count(Severity.ERROR),
        count(Severity.WARNING),
        count(Severity.INFO),
        new,
        baselined=len(findings) - new,
    )


@frozen
class CheckRun:
    """One ``archfit check``: the result of each project it judged, in order (ADR-0015), and
    the exit code the CLI computed for each (findings, and ``--strict-baseline``)."""

    results: tuple[Result, ...]
    exit_codes: tuple[int, ...]

    @property
    def exit_code(self) -> int:
        """The worst project's exit code."""
        return max(self.exit_codes, default=0)

"""A whole ``archfit check``: one project or several (ADR-0015), in every check format.

Each project renders as it always has; this module adds what a run over projects needs: the
configuration files named above the summary, one section per project in text, one JSON object
with a ``projects`` list, one SARIF run per project, and repository-relative paths wherever a
CI system resolves them (SARIF's ``%SRCROOT%``, GitHub annotations).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from fitness.reporters import json_format, text
from fitness.reporters.base import RenderOptions
from fitness.reporters.registry import CHECK_FORMATS
from fitness.results.findings import CheckRun, Finding, Link, Result, Suppressed

RunRenderer = Callable[[CheckRun, RenderOptions], str]


def render_text(run: CheckRun, options: RenderOptions = RenderOptions()) -> str:
    """One project as before, the configuration named above its summary; several as sections
    and a last line with the run's verdict."""
    if len(run.results) == 1:
        return _with_configuration(text.render(run.results[0], options), run.results[0])
    sections = [
        f"== project {_label(r)} ==\n" + _with_configuration(text.render(r, options), r)
        for r in run.results
    ]
    return "\n".join(sections) + "\n" + _run_summary(run, options)


def _with_configuration(rendered: str, result: Result) -> str:
    """``configuration: ...`` inserted just above the summary line (the last line)."""
    body, _, summary = rendered.rstrip("\n").rpartition("\n")
    line = f"configuration: {', '.join(_repo_paths(result)) or 'none found (defaults apply)'}"
    declared = f"dependencies: {', '.join(result.dependencies)}" if result.dependencies else ""
    return "\n".join(part for part in (body, line, declared, summary) if part) + "\n"


def _run_summary(run: CheckRun, options: RenderOptions) -> str:
    word = "FAILED" if run.exit_code else "PASSED"
    if options.exit_zero and run.exit_code:
        word += " (exit code 0: --exit-zero)"
    failed = [_label(r) for r, code in zip(run.results, run.exit_codes, strict=True) if code]
    detail = f"{len(failed)} failed ({', '.join(failed)})" if failed else "all passed"
    return f"{word}: {len(run.results)} projects, {detail}\n"


def _label(result: Result) -> str:
    return result.project or "."


def _repo_paths(result: Result) -> list[str]:
    return [posixpath.join(result.project, c) if result.project else c for c in result.configs]


def render_json(run: CheckRun, options: RenderOptions = RenderOptions()) -> str:
    """One object: each project's own keys merged (findings carry their project's ``root``),
    and a ``projects`` list with each project's root, configuration, summary and contracts."""
    parts = [json_format.to_data(r) for r in run.results]
    data = _merged(parts) if len(parts) > 1 else parts[0]
    for part, result in zip(parts, run.results, strict=True):
        for finding in part["findings"]:
            finding["root"] = _label(result)
    data["findings"] = [f for part in parts for f in part["findings"]]
    projects = zip(parts, run.results, run.exit_codes, strict=True)
    data["projects"] = [_project(p, r, c) for p, r, c in projects]
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The projects' documents as one: lists concatenated, summary counts added up."""
    data = dict(parts[0])
    for key in ("contracts", "adrs", "blind_spots", "warnings"):
        data[key] = [item for part in parts for item in part[key]]
    data["summary"] = {k: sum(p["summary"][k] for p in parts) for k in parts[0]["summary"]}
    roles = {role for part in parts for role in part["roles"]}
    data["roles"] = {role: sum(p["roles"].get(role, 0) for p in parts) for role in sorted(roles)}
    return data


def _project(part: Mapping[str, Any], result: Result, code: int) -> dict[str, Any]:
    return {
        "root": _label(result),
        "configs": _repo_paths(result),
        "dependencies": list(result.dependencies),
        "roles": part["roles"],
        "summary": part["summary"],
        "contracts": part["contracts"],
        "exit_code": code,
    }


def render_sarif(run: CheckRun, options: RenderOptions = RenderOptions()) -> str:
    """One SARIF run per project, every path relative to the repository root."""
    from fitness.reporters import sarif  # each CI format loads when it renders

    logs = [sarif.to_data(relocated(r)) for r in run.results]
    data = logs[0] | {"runs": [one for log in logs for one in log["runs"]]}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_github(run: CheckRun, options: RenderOptions = RenderOptions()) -> str:
    """Annotations whose ``file=`` is relative to the repository root, as GitHub needs."""
    from fitness.reporters import github

    return "".join(github.render(relocated(r), options) for r in run.results)


def render_gitlab(run: CheckRun, options: RenderOptions = RenderOptions()) -> str:
    """One Code Quality array for every project, paths relative to the repository root."""
    from fitness.reporters import gitlab

    return gitlab.dump(gitlab.issues([relocated(r) for r in run.results], options))


def render_junit(run: CheckRun, options: RenderOptions = RenderOptions()) -> str:
    """One ``<testsuites>`` holding each project's suites, paths relative to the repository
    root."""
    from fitness.reporters import junit

    return junit.document([relocated(r) for r in run.results], options)


def relocated(result: Result) -> Result:
    """The result with every path made relative to the repository root."""
    if not result.project:
        return result
    move = _mover(result.project)
    baseline = result.baseline
    if baseline is not None:
        baseline = replace(baseline, path=move(baseline.path))
    return replace(
        result,
        findings=tuple(_moved(f, move) for f in result.findings),
        suppressed=tuple(
            Suppressed(_moved(s.finding, move), s.reason, s.line) for s in result.suppressed
        ),
        baseline=baseline,
    )


def _mover(prefix: str) -> Callable[[str], str]:
    def move(path: str) -> str:
        return posixpath.join(prefix, path) if path and not posixpath.isabs(path) else path

    return move


def _moved(finding: Finding, move: Callable[[str], str]) -> Finding:
    chains = tuple(
        tuple(Link(k.importer, k.imported, move(k.path), k.lines) for k in chain)
        for chain in finding.chains
    )
    source = replace(finding.source, path=move(finding.source.path))
    return replace(finding, path=move(finding.path), chains=chains, source=source)


# The formats whose whole run is more than each project's output in turn: one document, or a
# section per project. Any other check format renders a run through ``run_format``.
RUN_FORMATS: Mapping[str, RunRenderer] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "gitlab": render_gitlab,
    "junit": render_junit,
}


def run_format(name: str) -> RunRenderer:
    """How format ``name`` renders a whole run: its ``RUN_FORMATS`` entry, else its
    ``CHECK_FORMATS`` renderer applied to each project in turn, paths made relative to the
    repository root (for the root project alone, exactly the format's own output)."""
    if name in RUN_FORMATS:
        return RUN_FORMATS[name]
    render = CHECK_FORMATS[name]

    def render_run(run: CheckRun, options: RenderOptions = RenderOptions()) -> str:
        return "".join(render(relocated(result), options) for result in run.results)

    return render_run

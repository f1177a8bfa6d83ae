"""``archfit report --format md``: the Codebase Analysis report as GitHub-flavoured Markdown.

Short verdicts first, detail after. Diagrams are Mermaid blocks GitHub renders (a flowchart
of the packages, a quadrant chart of the main sequence); everything else is tables. Text
from the repository is escaped for table cells (``|``, ``<``, ``>``, ``&``), so a title such
as ``<script>`` shows as written. Same report, same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from fitness.reporters import graph_mermaid
from fitness.results.findings import escape_name
from fitness.results.metrics import PackageRow
from fitness.results.report import (
    SECTIONS,
    Churn,
    Complexity,
    Coupling,
    Decisions,
    DeclaredLayers,
    InterfaceRow,
    PrincipleGroup,
    Question,
    Report,
    StackItem,
    Structure,
    Summary,
    plural,
)

Row = Sequence[object]
_ESCAPES = {"|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;", "\n": " "}
_UNSAFE_POINT = re.compile(r"[^A-Za-z0-9_.]")
_TITLES = dict(SECTIONS)


def render(report: Report) -> str:
    """The whole report, one section after another, ending in a newline."""
    parts = [
        f"# Codebase Analysis: {esc(report.project)}\n",
        f"_Written by archfit {esc(report.tool_version)}: read the summary first; "
        "every later section details one part of it._\n",
        " · ".join(f"[{title}](#{anchor})" for anchor, title in SECTIONS) + "\n",
        *_warnings(report.warnings),
        _summary(report.summary),
        _structure(report.structure),
        _coupling(report.coupling),
        _complexity(report.complexity),
        _principles(report.principles),
        _decisions(report.decisions),
        _stack(report.stack),
        _questions(report.questions),
    ]
    return "\n".join(parts).rstrip("\n") + "\n"


def esc(value: object) -> str:
    """Text safe inside a table cell and as Markdown prose."""
    return "".join(_ESCAPES.get(ch, ch) for ch in escape_name(str(value)))


def code(value: object) -> str:
    """A name in backticks (pipes still escaped: they would end a table cell)."""
    return "`" + escape_name(str(value)).replace("`", "'").replace("|", "\\|") + "`"


def table(headers: Sequence[str], rows: Iterable[Row], right: Iterable[int] = ()) -> str:
    """A Markdown table; ``right`` names the columns aligned right (numbers)."""
    numeric = set(right)
    rule = ["---:" if i in numeric else "---" for i in range(len(headers))]
    lines = [_row(headers), _row(rule), *(_row([str(c) for c in r]) for r in rows)]
    return "\n".join(lines) + "\n"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def heading(section: str) -> str:
    """A section heading with an explicit anchor, so links work in every renderer."""
    return f'<a id="{section}"></a>\n\n## {_TITLES[section]}\n'


def _warnings(warnings: Sequence[str]) -> list[str]:
    return [f"> **Warning:** {esc(w)}\n" for w in warnings]


# -- summary ---------------------------------------------------------------------------------


def _summary(summary: Summary) -> str:
    c = summary.counts
    counts = [
        ("files", c.files),
        ("modules", c.modules),
        ("packages", c.packages),
        ("functions", c.functions),
        ("lines of code", f"{c.sloc:,}"),
        ("findings", f"{c.errors} errors, {c.warnings} warnings, {c.infos} infos"),
        ("contracts", f"{c.contracts - c.broken_contracts} kept, {c.broken_contracts} broken"),
        ("import cycles", c.cycles),
        ("ADRs", c.adrs),
        ("blind spots", c.blind_spots),
    ]
    risks = [
        f"{i}. **{esc(r.title)}**: {esc(r.detail)} ([{_TITLES[r.section]}](#{r.section}))"
        for i, r in enumerate(summary.risks, 1)
    ]
    return "\n".join(
        [
            heading("summary"),
            f"> **Verdict:** {esc(summary.verdict)}\n",
            table(["", "count"], counts, right=[1]),
            "### Top risks\n",
            ("\n".join(risks) if risks else "None: nothing stands out.") + "\n",
        ]
    )


# -- structure -------------------------------------------------------------------------------


def _structure(structure: Structure) -> str:
    boxes = [
        (code(b.name), "" if b.layer is None else b.layer, b.modules, f"{b.sloc:,}", b.complexity)
        for b in sorted(structure.packages, key=lambda b: (-(b.layer or 0), b.name))
    ]
    return "\n".join(
        [
            heading("structure"),
            f"### Package map (depth {structure.depth})\n",
            "Layer 0 imports no other package; each layer above imports only layers below it "
            "(packages in a cycle share a layer).\n",
            table(["package", "layer", "modules", "SLOC", "complexity"], boxes, right=[1, 2, 3, 4]),
            "### Dependencies between packages\n",
            _diagram(structure),
            "### Declared layers and the layering the imports imply\n",
            _inferred(structure.inferred_layers),
            *(_declared(d) for d in structure.declared),
            "### Package interfaces and who uses them\n",
            _interfaces(structure.interfaces),
        ]
    )


def _interfaces(rows: Sequence[InterfaceRow]) -> str:
    """The most imported packages: what they expose, how much of it is used, what is taken."""
    if not rows:
        return "No package is imported from outside it.\n"
    cells = [
        (
            code(r.package),
            r.importers,
            f"{r.used} of {r.exposed} ({code(r.source) if r.source == '__all__' else r.source})",
            r.past,
            ", ".join(f"{code(m)} ({n})" for m, n in r.members),
        )
        for r in rows
    ]
    intro = (
        "Outside importers, tests aside; *past* counts imports of what the package does not "
        "expose (a submodule, a name missing from its interface).\n"
    )
    headers = ["package", "importers", "exposed names used", "past", "most imported"]
    return intro + "\n" + table(headers, cells, right=[1, 3])


def _diagram(structure: Structure) -> str:
    if not structure.diagram.edges:
        return "No package imports another.\n"
    legend = "Arrows point from importer to imported; red edges lie in an import cycle.\n"
    return legend + "\n```mermaid\n" + graph_mermaid.render(structure.diagram) + "```\n"


def _inferred(layers: Sequence[tuple[str, ...]]) -> str:
    if not layers:
        return "No packages.\n"
    lines = [
        f"- layer {i}: {', '.join(code(n) for n in names)}"
        for i, names in reversed(list(enumerate(layers)))
    ]
    return "Inferred from the imports, top layer first:\n\n" + "\n".join(lines) + "\n"


def _declared(declared: DeclaredLayers) -> str:
    state = "kept" if declared.kept else "**broken**"
    rows = [
        (
            i,
            ", ".join(code(n) for n in layer.names),
            "" if layer.inferred is None else layer.inferred,
        )
        for i, layer in enumerate(declared.layers, 1)
    ]
    inversions = "\n".join(f"- {esc(text)}" for text in declared.inversions)
    verdict = inversions or "None: every import between these layers points down."
    return "\n".join(
        [
            f"#### Contract {code(declared.contract)}: {esc(declared.name)} ({state})\n",
            table(["declared layer", "modules", "inferred layer"], rows, right=[0, 2]),
            "Imports that run up the declared layers:\n",
            verdict + "\n",
        ]
    )


# -- coupling --------------------------------------------------------------------------------


def _coupling(coupling: Coupling) -> str:
    rows = [_package_cells(p) for p in coupling.chart]
    hidden = len(coupling.packages) - len(coupling.chart)
    more = (
        f"{hidden} deeper packages are in the JSON report and `archfit metrics --level package`.\n"
    )
    return "\n".join(
        [
            heading("coupling"),
            "Ca: modules outside that import it; Ce: modules outside it imports; "
            "I = Ce / (Ca + Ce); A: abstract classes and Protocols over all classes; "
            "D = |A + I - 1|, the distance from the main sequence.\n",
            table(["package", "modules", "Ca", "Ce", "I", "A", "D"], rows, right=range(1, 7)),
            more if hidden > 0 else "",
            "### Main sequence\n",
            _quadrant(coupling.chart),
            "### Import cycles\n",
            _cycles(coupling),
        ]
    )


def _package_cells(p: PackageRow) -> Row:
    return (
        code(p.name),
        p.modules,
        p.ca,
        p.ce,
        f"{p.instability:.2f}",
        f"{p.abstractness:.2f}",
        f"{p.distance:.2f}",
    )


def _coordinate(value: float) -> str:
    """A chart coordinate in [0, 1] with three decimals; Mermaid 11's lexer rejects ``1.000``
    (and ``1.0``) but reads ``1``."""
    text = f"{min(max(value, 0.0), 1.0):.3f}"
    return "1" if text == "1.000" else text


def _quadrant(rows: Sequence[PackageRow]) -> str:
    """A Mermaid quadrant chart: x instability, y abstractness, the two bad corners named."""
    if not rows:
        return "No packages to plot.\n"
    points = [
        f"    {_point(p.name)}: [{_coordinate(p.instability)}, {_coordinate(p.abstractness)}]"
        for p in rows
    ]
    lines = [
        "quadrantChart",
        "    title Abstractness against instability",
        "    x-axis Stable --> Unstable",
        "    y-axis Concrete --> Abstract",
        "    quadrant-1 Zone of uselessness",
        "    quadrant-2 Abstract and stable",
        "    quadrant-3 Zone of pain",
        "    quadrant-4 Concrete and unstable",
        *points,
    ]
    note = "Packages near the diagonal from (0, 1) to (1, 0) balance stability and abstraction.\n"
    return note + "\n```mermaid\n" + "\n".join(lines) + "\n```\n"


def _point(name: str) -> str:
    return _UNSAFE_POINT.sub("_", name) or "_"


def _cycles(coupling: Coupling) -> str:
    parts = [
        f"- packages: {' <-> '.join(code(n) for n in cycle)}" for cycle in coupling.package_cycles
    ]
    rows = [
        (
            i,
            c.kind,
            len(c.modules),
            ", ".join(code(m) for m in c.modules[:6]) + (" ..." if len(c.modules) > 6 else ""),
            ", ".join(f"{code(a)} -> {code(b)}" for a, b in c.breakers),
        )
        for i, c in enumerate(coupling.cycles, 1)
    ]
    if not rows and not parts:
        return "None: the module graph is acyclic.\n"
    header = ["#", "kind", "modules", "members", "imports to cut"]
    body = table(header, rows, right=[0, 2]) if rows else ""
    return ("\n".join(parts) + "\n\n" if parts else "") + body


# -- complexity ------------------------------------------------------------------------------


def _complexity(complexity: Complexity) -> str:
    functions = [(code(f.name), f.line, f.complexity, f.cognitive) for f in complexity.functions]
    return "\n".join(
        [
            heading("complexity"),
            "### Most complex functions\n",
            table(["function", "line", "cyclomatic", "cognitive"], functions, right=[1, 2, 3]),
            *_test_functions(complexity),
            *_churn(complexity.churn),
            "### Complexity budget by package\n",
            _budget(complexity),
        ]
    )


def _test_functions(complexity: Complexity) -> list[str]:
    """Tests apart from the architecture: their most complex functions, when there are any."""
    rows = [(code(f.name), f.line, f.complexity, f.cognitive) for f in complexity.test_functions]
    if not rows:
        return []
    header = ["test function", "line", "cyclomatic", "cognitive"]
    return ["### Most complex test functions\n", table(header, rows, right=[1, 2, 3])]


def _churn(churn: Churn | None) -> list[str]:
    if churn is None:
        return ["### Hotspots\n", "No git history: the target is not in a git repository.\n"]
    window = (
        f"{plural(churn.commits, 'commit')} by {plural(churn.authors, 'author')} "
        f"in the {churn.since_days} days "
        f"up to {churn.until}; {plural(churn.files, 'file')} changed"
        + (" (shallow clone: history is cut short)" if churn.shallow else "")
        + ".\n"
    )
    spots = [
        (code(h.path), h.commits, h.lines_changed, h.authors, h.complexity, h.score)
        for h in churn.hotspots
    ]
    pairs = [
        (code(t.first), code(t.second), t.together, f"{t.support:.0%}", f"{t.confidence:.0%}")
        for t in churn.temporal
    ]
    return [
        "### Hotspots: churn x complexity\n",
        window,
        table(
            ["file", "commits", "lines changed", "authors", "complexity", "score"],
            spots,
            right=range(1, 6),
        )
        if spots
        else "No analysed file changed in the window.\n",
        *_test_hotspots(churn),
        "### Temporal coupling\n",
        "Files that change in the same commits; confidence: how often the second changes "
        "when the first does.\n",
        table(
            ["file", "changes with", "commits together", "support", "confidence"],
            pairs,
            right=[2, 3, 4],
        )
        if pairs
        else "No pair of files changes together often enough to show.\n",
    ]


def _test_hotspots(churn: Churn) -> list[str]:
    """Test files that change often and are complex: their own table, never the top of the
    hotspot list."""
    rows = [(code(h.path), h.commits, h.complexity, h.score) for h in churn.test_hotspots]
    if not rows:
        return []
    header = ["test file", "commits", "complexity", "score"]
    return ["### Test hotspots\n", table(header, rows, right=[1, 2, 3])]


def _budget(complexity: Complexity) -> str:
    rows = [
        (
            code(b.package),
            b.complexity,
            f"{b.share:.0%}",
            "" if b.budget is None else b.budget,
            "" if b.used is None else f"{b.used:.0%}",
        )
        for b in complexity.budget
    ]
    note = "Set budgets in `[tool.archfit.budgets]` to make growth a decision.\n"
    body = table(["package", "complexity", "share", "budget", "used"], rows, right=range(1, 5))
    return body + ("" if any(b.budget for b in complexity.budget) else "\n" + note)


# -- principles, decisions, stack, questions -------------------------------------------------


def _principles(groups: Sequence[PrincipleGroup]) -> str:
    parts = [heading("principles")]
    for group in groups:
        parts.append(f"### {esc(group.pack)}: {group.count} findings\n")
        parts.append(f"{esc(group.title)}\n" if group.title else "")
        rows = [
            (r.code, esc(r.name), r.severity, r.count, ", ".join(code(e) for e in r.examples))
            for r in group.rules
        ]
        parts.append(
            table(["code", "rule", "severity", "count", "e.g."], rows, right=[3])
            if rows
            else "No findings.\n"
        )
    if not groups:
        parts.append("No rule pack is enabled.\n")
    return "\n".join(parts)


def _decisions(decisions: Decisions) -> str:
    rows = [
        (
            code(a.id),
            esc(a.title),
            a.status,
            a.date,
            esc(a.review) + (" **overdue**" if a.overdue else ""),
            a.rules,
            a.violations,
        )
        for a in decisions.adrs
    ]
    index = table(
        ["ADR", "title", "status", "date", "review", "rules", "violations"], rows, right=[5, 6]
    )
    drift = [
        f"- {code(a.id)}: " + "; ".join(esc(d) for d in a.drift) for a in decisions.adrs if a.drift
    ]
    migrations = [
        (
            code(m.id),
            esc(m.name),
            m.remaining,
            "" if m.recorded is None else m.recorded,
            _progress(m.remaining, m.recorded),
        )
        for m in decisions.migrations
    ]
    return "\n".join(
        [
            heading("decisions"),
            "### ADR index\n",
            index if rows else "No ADRs found.\n",
            "### Drift\n",
            ("\n".join(drift) if drift else "None: every ADR matches the code.") + "\n",
            "### Migrations\n",
            table(
                ["migration", "name", "remaining", "baseline", "progress"], migrations, right=[2, 3]
            )
            if migrations
            else "No migration contract is declared.\n",
        ]
    )


def _progress(remaining: int, recorded: int | None) -> str:
    if remaining == 0:
        return "done"
    if recorded is None:
        return "no baseline yet"
    if remaining >= recorded:
        return "stuck" if remaining == recorded else f"regressed by {remaining - recorded}"
    return f"{recorded - remaining} fewer since the baseline"


def _stack(items: Sequence[StackItem]) -> str:
    rows = [
        (esc(i.category), esc(i.technology), code(i.package), i.modules, code(i.example))
        for i in items
    ]
    body = table(["category", "technology", "import", "modules", "e.g."], rows, right=[3])
    return "\n".join(
        [
            heading("stack"),
            body if rows else "No known framework, store, broker or SDK is imported.\n",
        ]
    )


def _questions(questions: Sequence[Question]) -> str:
    items = [
        f"{i}. **{esc(q.topic)}**: {esc(q.question)}  \n"
        f"   _{esc(q.evidence)}_ ([{_TITLES[q.section]}](#{q.section}))"
        for i, q in enumerate(questions, 1)
    ]
    body = "\n".join(items) if items else "None: the findings raise no question."
    return "\n".join([heading("questions"), body + "\n"])

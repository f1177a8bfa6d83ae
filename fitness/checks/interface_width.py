"""``interface-width``: a package whose interface is wider than its users need, or bypassed.

What it does:
    For each package with at least ``min_exposed`` exposed names (its literal ``__all__``, else
    the public names its ``__init__`` defines or re-exports from its submodules), reports it
    when more than ``max_unused_share`` of those names have no importer outside it, or when
    more than ``max_reaching`` import statements from outside reach past the interface into
    its submodules. A name counts as used when an outside module takes it (``from pkg import
    name``); a package some outside module imports whole (``import pkg``) is not judged for
    unused names, since attribute access is not followed; nor is a root package, whose users
    are the distribution's, outside the analysed code. Tests are not counted as users.

Why is this bad?
    A clean, stable interface is as small as its users need. Names nobody outside uses are
    surface to keep stable for no one; importers that go around the interface couple to the
    layout behind it, so it no longer protects anything.

Example:
    ``shop/billing/__init__.py`` exports eight names, of which outside modules import two, and
    ``shop.orders`` imports ``shop.billing.models.Invoice`` instead of ``shop.billing.Invoice``.

Use instead:
    Drop the unused names from ``__all__`` (keep them private to the package), and import
    through the package's interface.

Options:
    ``min_exposed`` (int, default 5), ``max_unused_share`` (number, default 0.5),
    ``max_reaching`` (int, default 0).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field
from typing import Any

from analyzer.facts import Facts, ImportKind
from archfit_values import mutable
from fitness.checks.base import Hit, Param
from fitness.checks.files import is_test
from fitness.checks.view_values import InterfaceView, Viewed, viewed_of

_EXAMPLES = 3  # reaching imports named in a message


@mutable
class _Use:
    """How the outside uses one package's interface."""

    used: set[str] = field(default_factory=set)
    whole: bool = False
    reaching: list[tuple[str, str, int]] = field(default_factory=list)  # importer, path, line


class InterfaceWidthCheck:
    """Flags packages with more interface than users, or users going around it."""

    id = "interface-width"
    params_schema: Mapping[str, Param] = {
        "min_exposed": Param(int, 5, "packages exposing fewer names are not judged"),
        "max_unused_share": Param(float, 0.5, "share of exposed names with no outside importer"),
        "max_reaching": Param(int, 0, "outside imports of its submodules allowed"),
    }

    def inputs(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """The views of each file's facts its hits follow from (``fitness.engine.parts``):
        what of each package's outline and imports makes its interface (``interface_view``)
        and the internal imports that take a name below a package their module is not in
        (``interface_edges``: an external import takes no package's name, a package's own
        modules are not its users)."""
        return ("interface", "interface_edges")

    def run(self, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        """One hit per package, at its ``__init__``."""
        return self.run_views(viewed_of(facts, self.inputs(params)), params)

    def run_views(self, viewed: Viewed, params: Mapping[str, Any]) -> list[Hit]:
        """``run`` on the ``interface`` view of every file and the edges."""
        exposed = _interfaces(viewed, int(params["min_exposed"]))
        uses = _uses(viewed, exposed)
        roots = set(viewed.layout.root_packages)
        hits = []
        for package, (names, path, line) in sorted(exposed.items()):
            use = uses.get(package, _Use())
            # A root package's interface is for the distribution's users, who are not in the
            # analysed code: its unused names are not judged (imports reaching past it are).
            use.whole = use.whole or package in roots
            message = _judge(package, names, use, params)
            if message:
                hits.append(Hit(package, message, path, line, target=package))
        return hits


def _interfaces(viewed: Viewed, minimum: int) -> dict[str, tuple[list[str], str, int]]:
    """Packages with at least ``minimum`` exposed names: names, path and the line to report."""
    found = {}
    views: tuple[InterfaceView | None, ...] = viewed.column("interface")
    for source, view in zip(viewed.sources, views, strict=True):
        if view is None or source.module is None or is_test(source.path):
            continue  # no package (a test package is no interface)
        if len(view.names) >= minimum:
            found[source.module] = (list(view.names), source.path, view.line)
    return found


def _uses(viewed: Viewed, exposed: Mapping[str, tuple[list[str], str, int]]) -> dict[str, _Use]:
    """For each judged package, the names outside modules take and the imports that reach in."""
    paths = {f.module: f.path for f in viewed.layout.files if f.module}
    tests = {module for module, path in paths.items() if is_test(path)}  # once per module
    above: dict[str, tuple[str, ...]] = {}  # once per imported name, not per import
    uses: dict[str, _Use] = {}
    for edge in viewed.edges:
        if edge.external or edge.kind is ImportKind.FRAMEWORK:
            continue
        if edge.importer in tests if edge.importer in paths else is_test(""):
            continue  # tests may reach in; an interface's users are the library's modules
        taken = edge.member or edge.imported
        packages = above.get(taken)
        if packages is None:
            packages = above[taken] = tuple(_ancestors(taken, exposed))
        for package in packages:
            if edge.importer == package or edge.importer.startswith(package + "."):
                continue
            use = uses.setdefault(package, _Use())
            rest = taken[len(package) + 1 :]
            first = rest.partition(".")[0]
            if not rest:
                use.whole = True
            elif first in exposed[package][0]:
                use.used.add(first)
            elif edge.imported != package:
                use.reaching.append((edge.importer, paths.get(edge.importer, ""), edge.line))
    return uses


def _ancestors(name: str, packages: Mapping[str, Any]) -> Iterable[str]:
    """``name`` and each package above it that is judged."""
    parts = name.split(".")
    for size in range(1, len(parts) + 1):
        prefix = ".".join(parts[:size])
        if prefix in packages:
            yield prefix


def _judge(package: str, names: list[str], use: _Use, params: Mapping[str, Any]) -> str:
    """What is wrong with the package's interface, or ""."""
    problems = []
    unused = [n for n in names if n not in use.used]
    share = float(params["max_unused_share"])
    if not use.whole and len(unused) > share * len(names):
        listed = ", ".join(unused[:8]) + (", ..." if len(unused) > 8 else "")
        problems.append(
            f"{len(unused)} of its {len(names)} exposed names have no importer outside it "
            f"({listed})"
        )
    if len(use.reaching) > int(params["max_reaching"]):
        examples = "; ".join(f"{i} ({p}:{n})" for i, p, n in sorted(use.reaching)[:_EXAMPLES])
        count = len(use.reaching)
        imports = f"{count} imports from outside reach" if count > 1 else "1 import reaches"
        if count == 1:
            imports = "1 import from outside reaches"
        problems.append(f"{imports} past its interface into its submodules ({examples})")
    return f"{package}'s interface: " + "; and ".join(problems) if problems else ""

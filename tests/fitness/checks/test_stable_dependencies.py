"""ARC003 stable-dependencies: a stable package must not import a less stable sibling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fitness.checks.repo import findings, found, make_repo


def _repo(root: Path, core_imports_reports: bool) -> Path:
    files = {
        "sdshop/__init__.py": "",
        "sdshop/core/__init__.py": "",
        "sdshop/core/orders.py": "",
        "sdshop/reports/__init__.py": "",
        "sdshop/reports/pdf.py": "import sdshop.ext.m\nimport sdshop.ext.n\nimport sdshop.ext.o\n",
        "sdshop/ext/__init__.py": "",
        "sdshop/ext/m.py": "",
        "sdshop/ext/n.py": "",
        "sdshop/ext/o.py": "",
        "sdshop/app/__init__.py": "",
        "sdshop/app/a.py": "import sdshop.core.orders\n",
        "sdshop/app/b.py": "import sdshop.core.orders\n",
        "sdshop/app/c.py": "import sdshop.core.orders\n",
    }
    if core_imports_reports:
        files["sdshop/core/orders.py"] = "import sdshop.reports.pdf\n"
    else:
        files["sdshop/reports/pdf.py"] += "import sdshop.core.orders\n"
    return make_repo(root, files)


def test_stable_core_importing_unstable_reports(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, True), "ARC003") == [
        ("ARC003", "sdshop.core -> sdshop.reports")
    ]


def test_unstable_reports_importing_stable_core(tmp_path: Path, run_cli: Any) -> None:
    assert found(run_cli, _repo(tmp_path, False), "ARC003") == []


def test_the_finding_sits_at_the_first_import_between_the_modules(
    tmp_path: Path, run_cli: Any
) -> None:
    root = _repo(tmp_path, True)
    orders = root / "sdshop/core/orders.py"
    orders.write_text("import os\nimport sdshop.reports.pdf\nimport sdshop.reports.pdf\n")
    [finding] = findings(run_cli, root, "ARC003")
    assert (finding["path"], finding["line"]) == ("sdshop/core/orders.py", 2)

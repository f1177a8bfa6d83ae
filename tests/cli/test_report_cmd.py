"""``archfit report``: every section in every format, git hotspots, escaping, determinism."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from fitness.reporters.registry import REPORT_FORMATS
from fitness.results.report import SECTIONS
from tests.cli.gitrepo import commit, edit, fixture_repo, git
from tests.cli.test_baseline import MIGRATION  # the same redis-to-kafka migration
from tests.conftest import FIXTURES

# A function of cyclomatic complexity 12: a hotspot when it changes often.
RULES = '''"""Pricing rules."""


def price(kind, amount, vip, coupon):
    """Too many branches on purpose."""
    total = amount
    if kind == "a":
        total += 1
    elif kind == "b":
        total += 2
    elif kind == "c":
        total += 3
    if vip and amount > 10:
        total -= 1
    if coupon or amount > 100:
        total -= 2
    for _ in range(3):
        if total < 0:
            total = 0
    while total > 1000 and vip:
        total -= 10
    return total  # revision {n}
'''

OVERDUE_ADR = """# ADR-0001: <script>alert(1)</script> keeps the domain pure

**Status**: Accepted
**Date**: 2025-01-10
**Review by**: 2025-06-01

## Decision

```fitness
forbid: chatapp.domain -> chatapp.api
```
"""


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """chatapp with a history: rules.py changed in 6 commits, each time with api/views.py."""
    repo = fixture_repo(tmp_path_factory.mktemp("report"), "chatapp")
    (repo / "pyproject.toml").write_text((repo / "pyproject.toml").read_text() + MIGRATION)
    edit(repo, "docs/adr/0001-pure-domain.md", OVERDUE_ADR)
    views = (repo / "src/chatapp/api/views.py").read_text()
    for n in range(6):
        edit(repo, "src/chatapp/domain/rules.py", RULES.format(n=n))
        edit(repo, "src/chatapp/api/views.py", views + f"# change {n}\n")
        commit(repo, f"pricing {n}")
    _run_archfit_baseline(repo)
    return repo


def _run_archfit_baseline(repo: Path) -> None:
    from click.testing import CliRunner

    from fitness.cli.main import main

    CliRunner().invoke(main, ["baseline", str(repo)], catch_exceptions=False)


def report(run_cli: Any, repo: Path, fmt: str, *extra: str) -> str:
    """The report's text; the command must exit 0 whatever it finds."""
    code, out, err = run_cli("report", "--format", fmt, "--today", "2026-11-23", *extra, str(repo))
    assert code == 0, err
    return out


def test_markdown_has_every_section_in_order(history_repo: Path, run_cli: Any) -> None:
    text = report(run_cli, history_repo, "md")
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [title for _, title in SECTIONS]
    assert "> **Verdict:** report0" not in text  # the project is the folder's name
    assert re.search(r"> \*\*Verdict:\*\* chatapp \(\d+ modules", text)


def test_hotspots_and_temporal_coupling_come_from_git(history_repo: Path, run_cli: Any) -> None:
    data = json.loads(report(run_cli, history_repo, "json"))
    churn = data["complexity"]["churn"]
    assert churn["commits"] == 7  # the fixture commit and six pricing commits
    top = churn["hotspots"][0]
    assert (top["path"], top["commits"], top["complexity"]) == (
        "src/chatapp/domain/rules.py",
        6,
        12,
    )
    assert top["score"] == 6 * 12
    pair = churn["temporal"][0]
    assert {pair["first"], pair["second"]} == {
        "src/chatapp/domain/rules.py",
        "src/chatapp/api/views.py",
    }
    assert (pair["together"], pair["confidence"]) == (6, 1.0)
    topics = [q["topic"] for q in data["questions"]]
    assert "hotspot" in topics and "temporal coupling" in topics


def test_decisions_show_overdue_reviews_and_stuck_migrations(
    history_repo: Path, run_cli: Any
) -> None:
    data = json.loads(report(run_cli, history_repo, "json"))
    adr = data["decisions"]["adrs"][0]
    assert (adr["id"], adr["overdue"], adr["review"]) == ("ADR-0001", True, "2025-06-01")
    migration = data["decisions"]["migrations"][0]
    assert (migration["id"], migration["remaining"], migration["recorded"]) == (
        "redis-to-kafka",
        2,
        2,
    )
    assert migration["stuck"] is True
    questions = " ".join(q["question"] for q in data["questions"])
    assert "was due for review on 2025-06-01" in questions
    assert "Migration redis-to-kafka still has 2 usages" in questions


def test_json_carries_every_section_and_the_schema_version(
    history_repo: Path, run_cli: Any
) -> None:
    data = json.loads(report(run_cli, history_repo, "json"))
    assert data["schema_version"] == 1 and data["tool"]["name"] == "archfit"
    for key in ("summary", "structure", "coupling", "complexity", "principles"):
        assert key in data
    assert {"decisions", "stack", "questions"} <= set(data)
    assert len(data["summary"]["risks"]) == 3
    assert data["stack"][0]["technology"] == "Redis"
    assert (data["structure"]["diagram"]["level"], data["structure"]["depth"]) == ("module", 2)


@pytest.mark.parametrize("fmt", sorted(REPORT_FORMATS))
def test_two_runs_give_identical_bytes(history_repo: Path, run_cli: Any, fmt: str) -> None:
    assert report(run_cli, history_repo, fmt) == report(run_cli, history_repo, fmt)


def test_an_adr_title_with_markup_is_escaped_in_markdown(history_repo: Path, run_cli: Any) -> None:
    text = report(run_cli, history_repo, "md")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_output_file_and_no_git_history(tmp_path: Path, run_cli: Any) -> None:
    target = tmp_path / "chatapp"
    shutil.copytree(FIXTURES / "chatapp", target, ignore=shutil.ignore_patterns(".archfit_cache"))
    out = tmp_path / "report.json"
    code, _, err = run_cli("report", "--format", "json", "-o", str(out), str(target))
    assert code == 0, err
    data = json.loads(out.read_text())
    assert data["complexity"]["churn"] is None
    md = report(run_cli, target, "md")
    assert "No git history: the target is not in a git repository." in md


def test_a_repository_without_commits_still_reports(tmp_path: Path, run_cli: Any) -> None:
    target = tmp_path / "chatapp"
    shutil.copytree(FIXTURES / "chatapp", target, ignore=shutil.ignore_patterns(".archfit_cache"))
    git(target, "init", "-q")
    data = json.loads(report(run_cli, target, "json"))
    assert data["complexity"]["churn"]["commits"] == 0
    assert data["complexity"]["churn"]["hotspots"] == []


def test_a_broken_config_is_exit_2_with_file_and_line(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.archfit]\nroot_packages = 3\n")
    code, _, err = run_cli("report", str(tmp_path))
    assert code == 2
    assert "pyproject.toml:2" in err


def test_the_report_on_archfit_itself_is_attached(run_cli: Any) -> None:
    """docs/codebase-analysis.md is what archfit writes on itself (sections, not bytes:
    the counts change with every commit)."""
    attached = Path(__file__).parents[2] / "docs" / "codebase-analysis.md"
    headings = [line[3:] for line in attached.read_text().splitlines() if line.startswith("## ")]
    assert headings == [title for _, title in SECTIONS]
    assert os.path.getsize(attached) > 5000


@pytest.mark.realcode
def test_the_django_report_has_every_section_and_mermaid_parses_its_diagrams(
    run_cli: Any, tmp_path: Path
) -> None:
    from tests.graph_checks import mermaid_parse
    from tests.realcode import TARGETS, django_root

    text = report(run_cli, django_root(), "md")
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [title for _, title in SECTIONS]
    blocks = re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
    assert [b.split("\n")[0] for b in blocks] == ["flowchart LR", "quadrantChart"]
    files = []
    for i, block in enumerate(blocks):
        files.append(tmp_path / f"block{i}.mmd")
        files[-1].write_text(block, encoding="utf-8")
    assert mermaid_parse(files, TARGETS / "mermaid") == []
    data = json.loads(report(run_cli, django_root(), "json"))
    assert data["structure"]["depth"] == 2
    assert {"django.db", "django.contrib", "django.utils"} <= {
        b["name"] for b in data["structure"]["packages"]
    }
    assert any(s["technology"].startswith("PostgreSQL") for s in data["stack"])


def test_the_html_report_of_a_real_repo_escapes_the_adr_title_and_loads_nothing(
    history_repo: Path, run_cli: Any
) -> None:
    from tests.fitness.test_report_html import test_nothing_is_loaded_from_the_network

    html = report(run_cli, history_repo, "html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    test_nothing_is_loaded_from_the_network(html)
    for anchor, title in SECTIONS:
        assert f'id="{anchor}"' in html and title in html
    assert "src/chatapp/domain/rules.py" in html  # the hotspot


def test_a_shallow_clone_still_reports_and_says_so(
    history_repo: Path, run_cli: Any, tmp_path: Path
) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{history_repo}", str(clone))
    data = json.loads(report(run_cli, clone, "json"))
    churn = data["complexity"]["churn"]
    assert churn["shallow"] is True and churn["commits"] == 1  # the boundary commit is left out
    assert "shallow clone" in report(run_cli, clone, "md")


def test_review_dates_are_judged_as_of_today_option(history_repo: Path, run_cli: Any) -> None:
    code, out, _ = run_cli("report", "--format", "json", "--today", "2025-05-01", str(history_repo))
    assert code == 0
    adr = json.loads(out)["decisions"]["adrs"][0]
    assert (adr["review"], adr["overdue"]) == ("2025-06-01", False)
    assert not any(d.startswith("ADR004") for d in adr["drift"])


@pytest.mark.realcode
def test_every_mermaid_block_of_every_fixture_report_parses(run_cli: Any, tmp_path: Path) -> None:
    """Mermaid's own parser on each block archfit writes, on every fixture; plus a chart whose
    points sit exactly on 1 (Mermaid 11 rejects ``1.000``)."""
    from fitness.reporters import report_md
    from fitness.results.metrics import PackageRow
    from tests.graph_checks import mermaid_parse
    from tests.realcode import TARGETS

    chart = report_md._quadrant([PackageRow("p.one", 1, 0, 1, 1.0, 0.9996, 0.0)])
    blocks = re.findall(r"```mermaid\n(.*?)```", chart, flags=re.S)
    for fixture in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        code, text, _ = run_cli("report", "--format", "md", "--no-cache", str(fixture))
        if code == 0:  # the fixtures of config errors stop before a report
            blocks += re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
    files = []
    for i, block in enumerate(blocks):
        files.append(tmp_path / f"block{i}.mmd")
        files[-1].write_text(block, encoding="utf-8")
    assert len(files) > 20
    assert mermaid_parse(files, TARGETS / "mermaid") == []


def test_tests_and_non_source_files_stay_out_of_the_architecture_tables(
    tmp_path: Path, run_cli: Any
) -> None:
    """A test file that changes as often as the code is a test hotspot, never the top hotspot;
    a changelog changing in every commit is in no temporal pair (issue #15)."""
    repo = tmp_path / "shop"
    edit(repo, "pyproject.toml", "[tool.archfit]\n")
    edit(repo, "shop/__init__.py", "")
    edit(repo, "tests/__init__.py", "")
    git(repo, "init", "-q", "-b", "main")
    for n in range(4):
        edit(repo, "shop/rules.py", RULES.format(n=n))
        edit(repo, "tests/test_rules.py", RULES.format(n=n).replace("def price", "def test_price"))
        edit(repo, "CHANGES.md", f"- change {n}\n")
        commit(repo, f"change {n}")
    data = json.loads(report(run_cli, repo, "json"))
    churn = data["complexity"]["churn"]
    assert [h["path"] for h in churn["hotspots"]] == ["shop/rules.py"]
    assert [h["path"] for h in churn["test_hotspots"]] == ["tests/test_rules.py"]
    paths = {p for pair in churn["temporal"] for p in (pair["first"], pair["second"])}
    assert paths == {"shop/rules.py", "tests/test_rules.py"}
    assert [f["module"] for f in data["complexity"]["functions"]] == ["shop.rules"]
    assert [f["name"] for f in data["complexity"]["test_functions"]] == [
        "tests.test_rules.test_price"
    ]
    text = report(run_cli, repo, "md")
    assert "### Test hotspots" in text and "### Most complex test functions" in text

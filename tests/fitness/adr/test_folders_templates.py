"""Every ADR folder a project declares (log4brains monorepos, ``.adr-dir``), ids per folder,
and templates sorted out from decisions by name or by a placeholder title."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fitness.adr.discovery import adr_files, discover_adr_dirs, find_adr_files
from fitness.adr.drift import adr_finding
from fitness.adr.judge import summarize_adrs
from fitness.adr.load import load_adrs
from fitness.adr.skip import placeholder_title, template_name
from fitness.adr.view import find_adr, owns
from fitness.exceptions import ConfigError
from tests.fitness.adr.test_drift import codes

LOG4BRAINS = """\
---
project:
  name: shop
  adrFolder: ./docs/adr

  packages:
    - name: core
      path: ./packages/core
      adrFolder: ./packages/core/docs/adr
    - name: web
      path: ./packages/web
      adrFolder: packages/web/docs/adr/
"""


def log4brains_adr(title: str, status: str = "accepted") -> str:
    return f"# {title}\n\n- Status: {status}\n- Date: 2021-02-03\n\n## Context\n\nX.\n"


def monorepo(root: Path) -> Path:
    """log4brains' own layout: a root ADR folder and one per package, the same slug in two."""
    root.mkdir(exist_ok=True)
    (root / ".log4brains.yml").write_text(LOG4BRAINS)
    for folder, names in {
        "docs/adr": ["20200101-use-log4brains.md", "20200102-use-markdown.md"],
        "packages/core/docs/adr": ["20200201-hexagonal-core.md", "20200101-use-log4brains.md"],
        "packages/web/docs/adr": ["20200301-use-nextjs.md", "README.md", "template.md"],
    }.items():
        (root / folder).mkdir(parents=True)
        for name in names:
            (root / folder / name).write_text(log4brains_adr(name[9:-3].replace("-", " ")))
    return root


def test_log4brains_monorepo_reads_every_package_folder(tmp_path: Path) -> None:
    root = monorepo(tmp_path)
    assert discover_adr_dirs(str(root)) == [
        "docs/adr",
        "packages/core/docs/adr",
        "packages/web/docs/adr",
    ]
    found = find_adr_files(str(root))
    assert len(found) == 5  # all but the README and the template
    assert "packages/web/docs/adr/20200301-use-nextjs.md" in found


def test_log4brains_folder_outside_the_repository_is_a_config_error(tmp_path: Path) -> None:
    """Never read (#13: config and ADR paths outside the repository are config errors)."""
    (tmp_path / ".log4brains.yml").write_text(
        "project:\n  adrFolder: ../elsewhere\n  packages:\n    - adrFolder: ./adr\n"
    )
    with pytest.raises(ConfigError, match=r"\.log4brains\.yml:1: ADR folder '\.\./elsewhere'"):
        discover_adr_dirs(str(tmp_path))


def test_numbers_repeat_across_folders_not_within(tmp_path: Path) -> None:
    """ADR009 is per folder: two packages may each have an ADR-0001."""
    accepted = "# {}\n\n## Status\n\nAccepted\n\n## Context\n\nX.\n"
    (tmp_path / "packages/core/docs/adr").mkdir(parents=True)
    (tmp_path / "packages/core/docs/adr/0001-a.md").write_text(accepted.format("A"))
    adrs = {"0001-a.md": accepted.format("A"), "0001-b.md": accepted.format("B")}
    config = 'adr_dirs = ["docs/adr", "packages/core/docs/adr"]\n'
    found = [(c, t) for c, _, t in codes(tmp_path, adrs, config) if c == "ADR009"]
    assert found == [("ADR009", "docs/adr/0001-b.md")]


def test_adr_list_shows_the_folder_when_there_are_several(tmp_path: Path, run_cli: Any) -> None:
    root = monorepo(tmp_path / "shop")
    (root / "shop").mkdir()
    (root / "shop" / "__init__.py").write_text('"""Shop."""\n')
    code, out, err = run_cli("adr", "list", str(root), "--no-cache")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["folder", "number"]
    rows = [line.split()[:2] for line in lines[1:]]
    assert ["packages/core/docs/adr", "20200101-use-log4brains"] in rows
    assert ["docs/adr", "20200101-use-log4brains"] in rows
    assert len(rows) == 5


MADR_TEMPLATE = """\
---
status: "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}"
date: {YYYY-MM-DD when the decision was last updated}
---

# {short title, representative of solved problem and found solution}

## Context and Problem Statement

{Describe the context and problem statement.}
"""
MADR_REAL = """\
---
status: accepted
date: 2024-01-02
---

# Use Postgres for orders

## Context and Problem Statement

Orders need a store.
"""
GUIDE_TEMPLATE = "# ADR-XXX: [Title]\n\n**Status**: Proposed\n\n## Decision\n\n[What?]\n"
ISSUE_TEMPLATE = (
    "---\nname: ADR\ntitle: '[vX.X] How to [problem]?'\nlabels: 'ADR'\n---\n\n"
    "## Problem Statement\n\n## Decision\n\n**Chose:** Option X - [Name]\n"
)


def madr_folder(root: Path) -> Path:
    """MADR's layout: the template files beside the real decisions (MADR's own 0000 one)."""
    folder = root / "docs" / "decisions"
    folder.mkdir(parents=True)
    (folder / "adr-template.md").write_text(MADR_TEMPLATE)
    (folder / "adr-template-minimal.md").write_text(MADR_TEMPLATE)
    (folder / "0000-use-markdown-any-decision-records.md").write_text(MADR_REAL)
    (folder / "0001-use-postgres.md").write_text(MADR_REAL)
    (folder / "0002-copied-template.md").write_text(MADR_TEMPLATE)  # numbered, not filled in
    (folder / "0003-guide.md").write_text(GUIDE_TEMPLATE)
    (folder / "0004-issue.md").write_text(ISSUE_TEMPLATE)
    return root


def test_templates_beside_real_adrs_are_skipped_and_said_why(tmp_path: Path) -> None:
    found = adr_files(str(madr_folder(tmp_path)))
    assert [p.rsplit("/", 1)[1] for p in found.files] == [
        "0000-use-markdown-any-decision-records.md",
        "0001-use-postgres.md",
    ]
    reasons = {p.rsplit("/", 1)[1]: r for p, r in found.skipped}
    assert reasons["adr-template.md"] == "named like a template"
    assert reasons["adr-template-minimal.md"] == "named like a template"
    assert reasons["0002-copied-template.md"].startswith("its title is a placeholder: {short")
    assert set(reasons) == {
        "adr-template.md",
        "adr-template-minimal.md",
        "0002-copied-template.md",
        "0003-guide.md",
        "0004-issue.md",
    }


def test_a_template_gets_no_adr005(tmp_path: Path) -> None:
    """The issue's case: MADR's template was an accepted ADR with nothing checkable."""
    found = codes(madr_folder(tmp_path), {}, 'adr_dirs = ["docs/decisions"]\n')
    subjects = {s for c, s, _ in found if c.startswith("ADR")}
    assert subjects == {"ADR-0000", "ADR-0001"}  # ADR005 (info) on the two real ones only


def test_adr_list_verbose_lists_the_skipped(tmp_path: Path, run_cli: Any) -> None:
    root = madr_folder(tmp_path)
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text('"""Pkg."""\n')
    code, out, _ = run_cli("adr", "list", str(root), "--verbose", "--no-cache")
    assert code == 0
    assert "skipped, not decisions (5):" in out
    assert "  docs/decisions/adr-template.md  (named like a template)" in out
    code, plain, _ = run_cli("adr", "list", str(root), "--no-cache")
    assert "skipped" not in plain and len(plain.splitlines()) == 3
    code, data, _ = run_cli("adr", "list", str(root), "--verbose", "--format", "json")
    skipped = json.loads(data)["skipped"]
    guide = {
        "path": "docs/decisions/0003-guide.md",
        "reason": "its title is a placeholder: ADR-XXX",
    }
    assert {**guide, "reason": guide["reason"] + ": [Title]"} in skipped


@pytest.mark.parametrize(
    ("name", "template"),
    [
        ("template.md", True),
        ("adr-template.md", True),
        ("madr_template.rst", True),
        ("0000-template.md", True),
        ("0000-use-markdown-any-decision-records.md", False),
        ("0005-use-a-template-engine.md", False),
        ("0001-record-decisions.md", False),
    ],
)
def test_template_names(name: str, template: bool) -> None:
    assert bool(template_name(name)) is template


@pytest.mark.parametrize(
    ("title", "placeholder"),
    [
        ("{short title of solved problem and solution}", True),
        ("[short title of solved problem and solution]", True),
        ("ADR-XXX: [Title]", True),
        ("[vX.X] How to [problem]?", True),
        ("NUMBER. TITLE", True),
        ("[v1.2] How to broadcast across servers?", False),
        ("Use [Redis](https://redis.io) for pub/sub", False),
        ("ADR-001: Use Redis PubSub", False),
        ("[WIP] Use Kafka", False),
    ],
)
def test_placeholder_titles(title: str, placeholder: bool) -> None:
    assert placeholder_title(title) is placeholder


def test_same_id_in_two_folders_told_apart_by_path(tmp_path: Path) -> None:
    """``adr show`` takes a path; a summary and ``owns`` go by file, not by the shared id."""
    for folder in ("docs/adr", "packages/core/docs/adr"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "0001-a.md").write_text("# A\n\n## Status\n\nAccepted\n")
    adrs = load_adrs(str(tmp_path), ["docs/adr", "packages/core/docs/adr"])
    core = find_adr(adrs, "packages/core/docs/adr/0001-a.md")
    assert core is not None and core.id == "ADR-0001" and core is adrs[1]
    finding = adr_finding("ADR001", core, 3, "broken")
    assert [owns(adr, finding) for adr in adrs] == [False, True]
    assert [s.violations for s in summarize_adrs(adrs, [finding])] == [0, 1]

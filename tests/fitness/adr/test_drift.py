"""The fixture repo's declared decisions, and each drift finding kind: fires, and does not."""

from __future__ import annotations

from pathlib import Path

from fitness.config import load_config
from fitness.engine.check import RunOptions, check
from fitness.results.findings import Finding, Result, Severity

ROOT = Path(__file__).resolve().parents[3]
NO_CACHE = RunOptions(use_cache=False, jobs=1)


def run(root: str | Path) -> Result:
    return check(str(root), load_config(str(root)), options=NO_CACHE)


def adr_findings(result: Result, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def test_fixture_repo_kept_broken_superseded_and_proposed() -> None:
    result = run(ROOT / "fixtures" / "adrdrift")
    violated = {f.subject: f for f in adr_findings(result, "ADR001")}
    assert set(violated) == {"ADR-0002", "ADR-0004"}  # 0001 kept, 0003 superseded
    broken = violated["ADR-0002"]
    assert broken.severity is Severity.ERROR
    assert (broken.path, broken.line) == ("decidr/domain.py", 3)
    assert broken.source.kind == "adr"
    assert (broken.source.path, broken.source.line) == ("docs/adr/0002-domain-without-store.md", 9)
    assert "decidr.domain -> decidr.store" in broken.message
    assert violated["ADR-0004"].severity is Severity.WARNING  # proposed
    summaries = {a.id: a for a in result.adrs}
    assert summaries["ADR-0003"].status == "superseded"
    assert (summaries["ADR-0003"].violations, summaries["ADR-0002"].violations) == (0, 1)
    assert summaries["ADR-0001"].rules == 1
    kept = {v.id: v.kept for v in result.contracts if v.source.kind == "adr"}
    assert kept["ADR-0001:layers: decidr.api > decidr.domain"] is True
    assert not any(v.source.id == "ADR-0003" for v in result.contracts)
    assert adr_findings(result, "ADR007") == [] and adr_findings(result, "ADR003") == []
    assert result.exit_code == 1


def repo(tmp_path: Path, adrs: dict[str, str], config: str = "") -> Path:
    """A one-package repo (``drifty``) with these ADRs under docs/adr."""
    (tmp_path / "drifty").mkdir()
    (tmp_path / "drifty" / "__init__.py").write_text('"""Drifty."""\n')
    (tmp_path / "drifty" / "core.py").write_text(
        '"""Core."""\n\n\ndef f(a: int) -> int:\n    if a:\n        return 1\n'
        "    if a > 2:\n        return 2\n    return 3\n"
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.archfit]\nroot_packages = ["drifty"]\npacks = []\n' + config
    )
    folder = tmp_path / "docs" / "adr"
    folder.mkdir(parents=True)
    for name, text in adrs.items():
        (folder / name).write_text(text)
    return tmp_path


def accepted(title: str, body: str = "", status: str = "Accepted") -> str:
    return f"# {title}\n\n**Status**: {status}\n**Date**: 2026-01-01\n\n## Decision\n\n{body}\n"


FENCE = "```fitness\n{}\n```\n"


def codes(tmp_path: Path, adrs: dict[str, str], config: str = "") -> list[tuple[str, str, str]]:
    result = run(repo(tmp_path, adrs, config))
    return sorted((f.code, f.subject, f.target) for f in result.findings)


def test_adr002_stale_module_and_path_but_not_prose(tmp_path: Path) -> None:
    body = (
        "We use `drifty.core`, `drifty.core.f`, `drifty/core.py`, `True`, `yaml.safe_load`, "
        "`drifty.gone` and `drifty/missing.py`.\n\n" + FENCE.format("enforced-by: x")
    )
    found = codes(tmp_path, {"0001-a.md": accepted("ADR-0001: A", body)})
    stale = [t for c, _, t in found if c == "ADR002"]
    assert stale == ["drifty.gone", "drifty/missing.py"]


def test_adr002_never_judges_paths_no_run_reads(tmp_path: Path) -> None:
    """A cache, git's own files, a virtualenv, build output: tools create and delete what lies
    there, and the stored run's key does not look there (ADR-0020); only `drifty/gone.py` is
    judged."""
    body = (
        "See `.archfit_cache/parts.json`, `.git/hooks/pre-commit`, `env/bin/tool`, "
        "`build/lib/x.py` and `drifty/gone.py`.\n\n" + FENCE.format("enforced-by: x")
    )
    for folder in (".archfit_cache", ".git/hooks", "env", "build/lib"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n")
    found = codes(tmp_path, {"0001-a.md": accepted("ADR-0001: A", body)})
    assert [t for c, _, t in found if c == "ADR002"] == ["drifty/gone.py"]


def test_adr003_broken_one_sided_and_no_successor(tmp_path: Path) -> None:
    adrs = {
        "0001-a.md": accepted("ADR-0001: A", status="Superseded by ADR-0002"),
        "0002-b.md": accepted("ADR-0002: B"),  # does not say Supersedes
        "0003-c.md": accepted("ADR-0003: C", status="Superseded"),  # no successor
        "0004-d.md": accepted("ADR-0004: D", "Supersedes: ADR-0042\n"),
    }
    found = [(s, t) for c, s, t in codes(tmp_path, adrs) if c == "ADR003"]
    assert found == [
        ("ADR-0001", "ADR-0002"),
        ("ADR-0003", "no-successor"),
        ("ADR-0004", "ADR-0042"),
    ]


def test_adr003_quiet_when_both_sides_link(tmp_path: Path) -> None:
    adrs = {
        "0001-a.md": accepted("ADR-0001: A", status="Superseded by [ADR-0002](0002-b.md)"),
        "0002-b.md": accepted("ADR-0002: B", "Supersedes: ADR-0001\n"),
    }
    assert not [c for c, _, _ in codes(tmp_path, adrs) if c == "ADR003"]


def test_adr004_review_date_passed_not_future_not_prose(tmp_path: Path) -> None:
    adrs = {
        "0001-a.md": accepted("ADR-0001: A", "## Review Date\n\n2001-05-01\n"),
        "0002-b.md": accepted("ADR-0002: B", "## Review Date\n\n2999-05-01\n"),
        "0003-c.md": accepted("ADR-0003: C", "## Review Date\n\nAfter 3 months in production\n"),
        "0004-d.md": accepted("ADR-0004: D", FENCE.format("review-by: 2002-01")),
    }
    found = [s for c, s, _ in codes(tmp_path, adrs) if c == "ADR004"]
    assert found == ["ADR-0001", "ADR-0004"]


def test_adr005_only_for_accepted_adrs_with_nothing_checkable(tmp_path: Path) -> None:
    adrs = {
        "0001-a.md": accepted("ADR-0001: A", FENCE.format("affects: drifty.core")),
        "0002-b.md": accepted("ADR-0002: B", FENCE.format("forbid-dep: kafka")),
        "0003-c.md": accepted("ADR-0003: C", status="Proposed"),
    }
    found = [(c, s) for c, s, _ in codes(tmp_path, adrs) if c == "ADR005"]
    assert found == [("ADR005", "ADR-0001")]


def test_adr006_malformed_block_unknown_key_missing_module_and_title_number(
    tmp_path: Path,
) -> None:
    adrs = {
        "0001-a.md": accepted("ADR-0001: A", FENCE.format("forbid: [unclosed")),
        "0002-b.md": accepted("ADR-0002: B", FENCE.format("frobnicate: x")),
        "0003-c.md": accepted("ADR-0003: C", FENCE.format("forbid: drifty.nope -> drifty.core")),
        "0005-e.md": accepted("ADR-0004: E", FENCE.format("forbid-dep: kafka")),
        "0006-f.md": accepted("ADR-0006: F", FENCE.format("forbid-dep: kafka")),
    }
    result = run(repo(tmp_path, adrs))
    invalid = {f.subject: f for f in adr_findings(result, "ADR006")}
    assert set(invalid) == {"ADR-0001", "ADR-0002", "ADR-0003", "ADR-0005"}
    assert invalid["ADR-0001"].line in (9, 10) and invalid["ADR-0002"].line == 9
    assert invalid["ADR-0003"].path == "docs/adr/0003-c.md"
    assert "0005-e.md" in invalid["ADR-0005"].message and "ADR 4" in invalid["ADR-0005"].message


def test_adr007_unknown_enforcer_only(tmp_path: Path) -> None:
    config = (
        '[[tool.archfit.contracts]]\nid = "core-pure"\nname = "Core"\ntype = "forbidden"\n'
        'source_modules = ["drifty.core"]\nforbidden_modules = ["kafka"]\n'
    )
    adrs = {
        "0001-a.md": accepted("ADR-0001: A", FENCE.format("enforced-by: core-pure")),
        "0002-b.md": accepted("ADR-0002: B", FENCE.format("enforced-by: importlinter:gone")),
    }
    found = [(s, t) for c, s, t in codes(tmp_path, adrs, config) if c == "ADR007"]
    assert found == [("ADR-0002", "importlinter:gone")]


def test_adr009_duplicate_numbers_per_directory(tmp_path: Path) -> None:
    adrs = {
        "0001-a.md": accepted("ADR-0001: A", FENCE.format("forbid-dep: kafka")),
        "0001-b.md": accepted("ADR-0001: B", FENCE.format("forbid-dep: kafka")),
        "0002-c.md": accepted("ADR-0002: C", FENCE.format("forbid-dep: kafka")),
    }
    found = [(s, t) for c, s, t in codes(tmp_path, adrs) if c == "ADR009"]
    assert found == [("ADR-0001", "docs/adr/0001-b.md")]


def test_max_complexity_and_budget_rules(tmp_path: Path) -> None:
    adrs = {
        "0001-a.md": accepted("ADR-0001: A", FENCE.format("max-complexity: 2 in drifty")),
        "0002-b.md": accepted("ADR-0002: B", FENCE.format("max-complexity: 3 in drifty")),
        "0003-c.md": accepted("ADR-0003: C", FENCE.format("budget: drifty complexity 2")),
        "0004-d.md": accepted("ADR-0004: D", FENCE.format("budget: drifty complexity 3")),
    }
    found = [s for c, s, _ in codes(tmp_path, adrs) if c == "ADR001"]
    assert found == ["ADR-0001", "ADR-0003"]


def test_a_broken_adr_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    root = repo(tmp_path, {"0001-a.md": accepted("ADR-0001: A", FENCE.format("forbid-dep: x"))})
    (root / "docs" / "adr" / "0002-bad.md").write_bytes(b"\xff\xfe\x00 not utf-8")
    (root / "docs" / "adr" / "0003-empty.md").write_text("")
    result = run(root)
    invalid = sorted(f.subject for f in adr_findings(result, "ADR006"))
    assert invalid == ["ADR-0002", "ADR-0003"]

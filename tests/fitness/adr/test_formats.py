"""One fixture ADR per format, plus the real-world messes, parsed to the right fields."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from fitness.adr.discovery import find_adr_files
from fitness.adr.load import read_adr
from fitness.adr.model import Adr
from fitness.adr.status import normalize_status

ROOT = Path(__file__).resolve().parents[3]
FORMATS = str(ROOT / "fixtures" / "adrformats")


def adr(name: str) -> Adr:
    return read_adr(FORMATS, name)


@pytest.mark.parametrize(
    ("name", "fmt", "adr_id", "number", "title", "status", "date"),
    [
        ("0001-nygard-style.md", "nygard", "ADR-0001", 1, "Record architecture decisions",
         "accepted", ""),
        ("0002-adr-tools-superseded.md", "adr-tools", "ADR-0002", 2, "Use PostgreSQL",
         "superseded", "2018-03-01"),
        ("0004-adr-tools-supersedes.md", "adr-tools", "ADR-0004", 4, "Use CockroachDB",
         "accepted", "2019-06-12"),
        ("0005-madr2.md", "madr2", "ADR-0005", 5, "Use Markdown Architectural Decision Records",
         "superseded", "2017-12-01"),
        ("0006-madr3.md", "madr3", "ADR-0006", 6, "Use MADR 4 for decisions", "accepted",
         "2022-09-12"),
        ("20201120-use-log4brains.md", "log4brains", "20201120-use-log4brains", None,
         "Use Log4brains to manage the ADRs", "accepted", "2020-11-20"),
        ("0007-guide.md", "guide", "ADR-0007", 7,
         "Use Redis PubSub for multi-server message broadcast", "accepted", "2025-11-28"),
        ("0008-issue-template.md", "issue", "ADR-0008", 8,
         "[v1.2] How to broadcast across servers?", "accepted", ""),
        ("0009-rst-decision.rst", "rst", "ADR-0009", 9, "Write in reST", "proposed",
         "2024-04-02"),
    ],
)  # fmt: skip
def test_each_format_parses_to_its_fields(
    name: str, fmt: str, adr_id: str, number: int | None, title: str, status: str, date: str
) -> None:
    parsed = adr(name)
    assert (parsed.format, parsed.id, parsed.number) == (fmt, adr_id, number)
    assert (parsed.title, parsed.status, parsed.date) == (title, status, date)
    assert parsed.issues == ()


def test_adr_tools_links_both_spellings_and_amends() -> None:
    old, new = adr("0002-adr-tools-superseded.md"), adr("0004-adr-tools-supersedes.md")
    assert {(link.kind, link.target) for link in old.links} == {
        ("superseded-by", "0004-adr-tools-supersedes.md"),
        ("amends", "0001-nygard-style.md"),
    }
    assert [(link.kind, link.target, link.line) for link in new.links] == [
        ("supersedes", "0002-adr-tools-superseded.md", 9)
    ]


def test_madr_links_deciders_and_chosen_option() -> None:
    madr2, madr3 = adr("0005-madr2.md"), adr("0006-madr3.md")
    assert [(link.kind, link.target) for link in madr2.links] == [
        ("superseded-by", "0006-madr3.md")
    ]
    assert madr2.deciders == ("Oliver", "Mona") == madr3.deciders
    assert [(link.kind, link.target, link.line) for link in madr3.links] == [
        ("supersedes", "0005-madr2.md", 5)
    ]
    assert madr3.chosen == "MADR 4"
    assert [o.name for o in madr2.options] == [
        "MADR 2.1.2",
        "Michael Nygard's template",
        "Formless",
    ]


def test_guide_template_review_date_deciders_and_options() -> None:
    guide = adr("0007-guide.md")
    assert guide.review_date == datetime.date(2026, 2, 28)
    assert guide.review_line == 31
    assert guide.deciders == ("Chat team",)
    assert [(o.number, o.name) for o in guide.options] == [
        (1, "Sticky sessions only"),
        (2, "Kafka for message bus"),
    ]


def test_issue_template_choice_options_migration_and_checkboxes() -> None:
    issue = adr("0008-issue-template.md")
    assert issue.status_raw == "" and issue.status == "accepted"
    assert issue.chosen == "Option 1 - Redis Pub/Sub"
    assert issue.options[0].ratings == (
        ("Complexity", "Low"),
        ("Learning Value", "Medium"),
        ("Production Readiness", "Medium"),
    )
    assert issue.migration_path == "Move to Kafka when we pass 10k messages per second."
    criteria = [(c.text.split(":")[0], c.checked, c.section) for c in issue.criteria]
    assert ("Functional requirement", True, "Acceptance Criteria") in criteria
    assert ("Performance target", False, "Acceptance Criteria") in criteria


def test_rst_field_list_and_fitness_directive() -> None:
    rst = adr("0009-rst-decision.rst")
    assert [(r.key, r.value, r.line) for r in rst.rules] == [("forbid-dep", "kafka", 21)]
    assert [r.text for r in rst.references] == ["decisions"]


def test_status_in_a_table_with_crlf_and_a_bom() -> None:
    messy = adr("0010-table-crlf-bom.md")
    assert (messy.id, messy.title, messy.status, messy.status_raw) == (
        "ADR-0010",
        "Messy status",
        "proposed",
        "DRAFT",
    )
    assert messy.date == "2023-05-06"


def test_mixed_case_status_with_a_trailing_date_and_no_status() -> None:
    dated = adr("0011-trailing-date.md")
    assert (dated.status, dated.date) == ("accepted", "2024-01-02")
    bare = adr("0012-no-status.md")
    assert (bare.status, bare.status_raw) == ("unknown", "")


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("Accepted (supersedes ADR-0004)", "accepted"),
        ("Accepted on 2024-01-02", "accepted"),
        ("Superseded by [ADR-0009](0009-x.md)", "superseded"),
        ("superceded by 3", "superseded"),
        ("In Review", "proposed"),
        ("WIP", "proposed"),
        ("in effect", "accepted"),
        ("Retired", "deprecated"),
        ("Withdrawn", "rejected"),
        ("[Proposed | Accepted]", "proposed"),
        ("something else", "unknown"),
    ],
)
def test_status_words_are_normalised(raw: str, status: str) -> None:
    assert normalize_status(raw) == status


def test_archfit_own_adrs_parse_cleanly() -> None:
    paths = find_adr_files(str(ROOT))
    assert len(paths) >= 8
    for path in paths:
        parsed = read_adr(str(ROOT), path)
        assert parsed.issues == (), path
        assert parsed.status == "accepted" and parsed.format == "guide", path
        assert parsed.number == parsed.title_number, path


def test_discovery_skips_readme_and_templates(tmp_path: Path) -> None:
    folder = tmp_path / "docs" / "architecture" / "Decisions"
    folder.mkdir(parents=True)
    for name in ("README.md", "index.md", "template.md", "0000-template.md", "0001-a.md"):
        (folder / name).write_text("# A\n")
    (tmp_path / "docs" / "notes.md").write_text("# not an ADR\n")
    assert find_adr_files(str(tmp_path)) == ["docs/architecture/Decisions/0001-a.md"]


def test_adr_dir_file_and_configured_dirs_win(tmp_path: Path) -> None:
    (tmp_path / "records" / "deep").mkdir(parents=True)
    (tmp_path / "records" / "deep" / "0001-x.md").write_text("# X\n")
    (tmp_path / ".adr-dir").write_text("records\n")
    assert find_adr_files(str(tmp_path)) == ["records/deep/0001-x.md"]
    assert find_adr_files(str(tmp_path), ["elsewhere"]) == []

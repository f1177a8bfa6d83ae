"""Supersession links in every place the formats put them: both sides agreeing give no
ADR003, a missing answer does, and so does a link to a file that does not exist."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from fitness.adr.load import load_adrs
from tests.fitness.adr.test_drift import codes

OLD, NEW = "0012-store-sessions-in-redis.md", "0031-store-sessions-in-postgres.md"


def in_status(title: str, relation: str, target: str, base: str = "Accepted") -> str:
    """Nygard: the link as a parenthesised remark in the status."""
    link = f" ({relation} [ADR](./{target}))" if relation else ""
    return f"# {title}\n\n## Status\n\n{base}{link}\n\n## Context\n\nWe store sessions.\n"


def in_links_list(title: str, relation: str, target: str, base: str = "accepted") -> str:
    """MADR 2: ``* Status:`` on top, the link in the ``## Links`` list at the end."""
    links = f"\n## Links\n\n* {relation} [{title}]({target})\n" if relation else ""
    return f"# {title}\n\n* Status: {base}\n* Date: 2020-01-01\n\n## Context\n\nX.\n{links}"


def in_front_matter(title: str, relation: str, target: str, base: str = "accepted") -> str:
    """MADR 3: ``supersedes:`` / ``superseded-by:`` keys beside ``status:``."""
    key = relation.lower().replace(" ", "-")
    link = f"{key}: {target}\n" if relation else ""
    return f"---\nstatus: {base}\n{link}---\n\n# {title}\n\n## Context\n\nX.\n"


def in_relation_line(title: str, relation: str, target: str, base: str = "Accepted") -> str:
    """A ``Supersedes:`` / ``Superseded-By:`` line anywhere in the body."""
    key = relation.title().replace(" ", "-")
    link = f"\n{key}: [{target}]({target})\n" if relation else ""
    return f"# {title}\n\n**Status**: {base}\n\n## Decision\n\nPostgres.\n{link}"


Writer = Callable[..., str]
PLACES = [in_status, in_links_list, in_front_matter, in_relation_line]


def adr003(tmp_path: Path, adrs: dict[str, str]) -> list[tuple[str, str]]:
    return [(subject, target) for c, subject, target in codes(tmp_path, adrs) if c == "ADR003"]


@pytest.mark.parametrize("write", PLACES, ids=lambda w: w.__name__)
def test_both_sides_linking_agree(tmp_path: Path, write: Writer) -> None:
    adrs = {
        OLD: write("Store sessions in Redis", "Superseded by", NEW, base="Superseded"),
        NEW: write("Store sessions in Postgres", "Supersedes", OLD),
    }
    assert adr003(tmp_path, adrs) == []
    loaded = {a.id: a for a in load_adrs(str(tmp_path), ["docs/adr"])}
    assert [link.kind for link in loaded["ADR-0031"].links] == ["supersedes"]
    assert [link.kind for link in loaded["ADR-0012"].links] == ["superseded-by"]


@pytest.mark.parametrize("write", PLACES, ids=lambda w: w.__name__)
def test_one_side_broken_still_found(tmp_path: Path, write: Writer) -> None:
    adrs = {
        OLD: write("Store sessions in Redis", "Superseded by", NEW, base="Superseded"),
        NEW: write("Store sessions in Postgres", "", ""),  # forgot to say Supersedes
    }
    assert adr003(tmp_path, adrs) == [("ADR-0012", "ADR-0031")]


@pytest.mark.parametrize("write", PLACES, ids=lambda w: w.__name__)
def test_successor_alone_answers_a_bare_superseded(tmp_path: Path, write: Writer) -> None:
    """The predecessor only says "Superseded"; the successor's link names it."""
    adrs = {
        OLD: write("Store sessions in Redis", "", "", base="Superseded"),
        NEW: write("Store sessions in Postgres", "Supersedes", OLD),
    }
    assert adr003(tmp_path, adrs) == []


@pytest.mark.parametrize("write", PLACES, ids=lambda w: w.__name__)
def test_link_to_a_missing_file_is_found(tmp_path: Path, write: Writer) -> None:
    adrs = {NEW: write("Store sessions in Postgres", "Supersedes", "0009-gone.md")}
    found = [(subject, target.removeprefix("./")) for subject, target in adr003(tmp_path, adrs)]
    assert found == [("ADR-0031", "0009-gone.md")]


def test_refines_and_amends_in_links_list_need_no_answer(tmp_path: Path) -> None:
    adrs = {
        OLD: in_links_list("Store sessions in Redis", "", ""),
        NEW: in_links_list("Store sessions in Postgres", "Refines", OLD)
        + f"* Amended by [X]({OLD})\n",
    }
    assert adr003(tmp_path, adrs) == []
    new = next(a for a in load_adrs(str(tmp_path), ["docs/adr"]) if a.id == "ADR-0031")
    assert sorted(link.kind for link in new.links) == ["amended-by", "refines"]


def test_prose_elsewhere_is_not_read(tmp_path: Path) -> None:
    """ "supersedes" in a Context paragraph is a word, not a link (the spec's rule)."""
    text = in_status("Store sessions in Postgres", "", "").replace(
        "We store sessions.", "This supersedes [the wiki page](https://example.org/x.md)."
    )
    assert adr003(tmp_path, {NEW: text}) == []


def in_more_information(title: str, relation: str, target: str, base: str = "accepted") -> str:
    """MADR 3: front matter status, the link in the ``## More Information`` list."""
    link = f"\n## More Information\n\n* {relation} [ADR]({target}): why.\n" if relation else ""
    return f"---\nstatus: {base}\n---\n\n# {title}\n\n## Context\n\nX.\n{link}"


def in_related_label(title: str, relation: str, target: str, base: str = "Accepted") -> str:
    """A ``- **Related:** Supersedes [...]`` header bullet."""
    link = f"- **Related:** {relation} [ADR]({target}) (the old store)\n" if relation else ""
    return f"# {title}\n\n- **Status:** {base}\n{link}\n## Context\n\nX.\n"


@pytest.mark.parametrize("write", [in_more_information, in_related_label], ids=lambda w: w.__name__)
def test_more_information_and_related_label(tmp_path: Path, write: Writer) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    agreeing = {
        OLD: write("Store sessions in Redis", "Superseded by", NEW, base="Superseded"),
        NEW: write("Store sessions in Postgres", "Supersedes", OLD),
    }
    assert adr003(tmp_path / "a", agreeing) == []
    broken = {**agreeing, NEW: write("Store sessions in Postgres", "", "")}
    assert adr003(tmp_path / "b", broken) == [("ADR-0012", "ADR-0031")]

"""analyzer.history: churn, authors and co-changes from one ``git log --numstat`` pass."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from analyzer import history
from analyzer.history import (
    Change,
    CoChange,
    Commit,
    FileChurn,
    History,
    parse_log,
    read_history,
    summarize,
)
from tests.cli.gitrepo import commit, edit, git

DAY = 86_400
BASE = 1_767_225_600  # 2026-01-01T00:00:00Z: dates are fixed, so the window is too


def _git_on(repo: Path, day: int, author: str, *args: str) -> None:
    """Run git as ``author`` with author and committer dates fixed to ``day``."""
    stamp = f"{BASE + day * DAY} +0000"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": f"{author}@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": "/nonexistent",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _commit(repo: Path, message: str, *, day: int = 0, author: str = "t") -> None:
    """Stage everything and commit as ``author``, authored and committed on ``day``."""
    git(repo, "add", "-A")
    _git_on(repo, day, author, "commit", "-q", "--allow-empty", "-m", message)


def _lines(count: int, tag: str = "x") -> str:
    return "".join(f"{tag}{i}\n" for i in range(count))


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    return repo


def _files(found: History | None) -> dict[str, FileChurn]:
    assert found is not None
    return {f.path: f for f in found.files}


# --- churn ------------------------------------------------------------------------------------


def test_churn_counts_commits_lines_and_authors(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    edit(repo, "a.py", _lines(3))
    edit(repo, "b.py", _lines(2))
    _commit(repo, "one", day=0, author="alice")
    edit(repo, "a.py", _lines(2) + "new\nnewer\n")  # x2 deleted, 2 added
    _commit(repo, "two", day=1, author="bob")
    edit(repo, "a.py", "only\n")  # 4 deleted, 1 added
    _commit(repo, "three", day=2, author="alice")

    found = read_history(str(repo))

    assert found is not None
    assert (found.commits, found.authors, found.until, found.shallow) == (3, 2, "2026-01-03", False)
    assert found.files == (
        FileChurn("a.py", 3, 3 + 2 + 1, 1 + 4, ("alice", "bob")),
        FileChurn("b.py", 1, 2, 0, ("alice",)),
    )
    assert found.files[0].lines_changed == 11


def test_binary_files_count_commits_but_no_lines(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "logo.png").write_bytes(b"\x89PNG\x00\x01")
    _commit(repo, "one")
    (repo / "logo.png").write_bytes(b"\x89PNG\x00\x02\x03")
    _commit(repo, "two", day=1)

    assert _files(read_history(str(repo)))["logo.png"] == FileChurn("logo.png", 2, 0, 0, ("t",))


def test_paths_with_spaces_and_non_ascii(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    edit(repo, "my dir/naïve café.py", _lines(2))
    edit(repo, "tab\there.py", _lines(1))
    _commit(repo, "one")

    assert set(_files(read_history(str(repo)))) == {"my dir/naïve café.py", "tab\there.py"}


def test_deleted_files_are_dropped_but_their_commits_count(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    edit(repo, "gone.py", _lines(2))
    edit(repo, "kept.py", _lines(2))
    _commit(repo, "one")
    (repo / "gone.py").unlink()
    _commit(repo, "two", day=1)

    found = read_history(str(repo))

    assert found is not None and found.commits == 2
    assert set(_files(found)) == {"kept.py"}


def test_merge_commits_are_skipped(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    edit(repo, "a.py", _lines(2))
    _commit(repo, "base")
    git(repo, "checkout", "-q", "-b", "side")
    edit(repo, "b.py", _lines(2))
    _commit(repo, "side", day=1)
    git(repo, "checkout", "-q", "main")
    edit(repo, "a.py", _lines(3))
    _commit(repo, "main", day=2)
    _git_on(repo, 3, "t", "merge", "-q", "--no-ff", "-m", "merge", "side")

    found = read_history(str(repo))

    assert found is not None and (found.commits, found.until) == (3, "2026-01-04")
    assert _files(found)["b.py"].commits == 1


def test_same_repository_gives_equal_history(tmp_path: Path) -> None:
    repo = _co_changing_repo(tmp_path)

    assert read_history(str(repo)) == read_history(str(repo))


# --- temporal coupling ------------------------------------------------------------------------


def _co_changing_repo(tmp_path: Path) -> Path:
    """core.py in 5 commits, partner.py in 4 of them, other.py alone in one more."""
    repo = _repo(tmp_path)
    for day in range(5):
        edit(repo, "core.py", _lines(day + 1))
        if day < 4:
            edit(repo, "partner.py", _lines(day + 1))
        _commit(repo, f"c{day}", day=day)
    edit(repo, "other.py", "1\n")
    _commit(repo, "other", day=5)
    return repo


def test_files_changed_together_give_a_co_change(tmp_path: Path) -> None:
    found = read_history(str(_co_changing_repo(tmp_path)))

    assert found is not None and found.commits == 6
    assert found.couplings == (CoChange("partner.py", "core.py", 4, 4 / 6, 1.0),)


def test_confidence_is_measured_from_the_file_with_fewer_commits(tmp_path: Path) -> None:
    repo = _co_changing_repo(tmp_path)
    for day in range(6, 9):  # partner.py now alone three times: 4 of its 7 commits with core
        edit(repo, "partner.py", _lines(day))
        _commit(repo, f"p{day}", day=day)

    found = read_history(str(repo), min_confidence=0.0)

    assert found is not None
    assert found.couplings == (CoChange("core.py", "partner.py", 4, 4 / 9, 4 / 5),)


@pytest.mark.parametrize(
    "options",
    [{"min_together": 5}, {"min_confidence": 1.01}, {"max_changeset": 1}],
    ids=["min_together", "min_confidence", "max_changeset"],
)
def test_thresholds_filter_co_changes(tmp_path: Path, options: dict[str, float]) -> None:
    repo = _co_changing_repo(tmp_path)

    found = read_history(str(repo), **options)  # type: ignore[arg-type]

    assert found is not None and found.couplings == ()
    assert _files(found)["core.py"].commits == 5  # churn still counts every commit


def test_a_bulk_commit_counts_for_churn_not_coupling(tmp_path: Path) -> None:
    repo = _co_changing_repo(tmp_path)
    for name in ("core.py", "partner.py", "x.py", "y.py"):
        edit(repo, name, "reformatted\n")
    _commit(repo, "bulk", day=6)

    found = read_history(str(repo), max_changeset=3)

    assert found is not None
    assert _files(found)["core.py"].commits == 6
    assert found.couplings == (CoChange("partner.py", "core.py", 4, 4 / 7, 4 / 5),)


# --- the window -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since_days", "expected"), [(401, 3), (300, 2), (299, 1), (0, 1), (100_000, 3)]
)
def test_window_is_anchored_at_head_date(tmp_path: Path, since_days: int, expected: int) -> None:
    repo = _repo(tmp_path)
    for day in (0, 100, 400):
        edit(repo, "a.py", _lines(day + 1))
        _commit(repo, f"day {day}", day=day)

    found = read_history(str(repo), since_days)

    assert found is not None
    assert (found.commits, found.since_days, found.until) == (expected, since_days, "2027-02-05")
    assert _files(found)["a.py"].commits == expected


# --- renames ----------------------------------------------------------------------------------


def test_renames_land_on_the_newest_name(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    edit(repo, "old.py", _lines(20))
    edit(repo, "pkg/mod.py", _lines(20, "m"))
    _commit(repo, "one")
    git(repo, "mv", "old.py", "mid.py")
    git(repo, "mv", "pkg", "lib")  # plain numstat would say {pkg => lib}/mod.py
    edit(repo, "mid.py", _lines(20) + "more\n")
    _commit(repo, "rename", day=1)
    git(repo, "mv", "mid.py", "new name.py")
    _commit(repo, "again", day=2)
    edit(repo, "new name.py", _lines(21) + "end\n")
    _commit(repo, "edit", day=3)

    files = _files(read_history(str(repo)))

    assert set(files) == {"new name.py", "lib/mod.py"}
    assert files["new name.py"] == FileChurn(
        "new name.py", 4, 20 + 1 + 0 + 2, 0 + 0 + 0 + 1, ("t",)
    )
    assert files["lib/mod.py"].commits == 2


# --- where the root is ------------------------------------------------------------------------


def test_a_subfolder_root_sees_only_its_files_relative_to_itself(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    edit(repo, "src/pkg/a.py", _lines(2))
    edit(repo, "docs/readme.md", _lines(2))
    _commit(repo, "one")
    edit(repo, "docs/readme.md", _lines(3))
    _commit(repo, "docs only", day=1)

    found = read_history(str(repo / "src"))

    assert found is not None
    assert (found.commits, found.until) == (1, "2026-01-02")  # the window still ends at HEAD
    assert found.files == (FileChurn("pkg/a.py", 1, 2, 0, ("t",)),)


def test_outside_git_gives_none(tmp_path: Path) -> None:
    assert read_history(str(tmp_path)) is None
    assert read_history(str(tmp_path / "missing")) is None


def test_inside_the_git_folder_gives_none(tmp_path: Path) -> None:
    repo = _repo(tmp_path)

    assert read_history(str(repo / ".git")) is None


def test_without_git_installed_gives_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))

    assert read_history(str(repo)) is None


def test_git_log_failing_gives_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _co_changing_repo(tmp_path)
    monkeypatch.setattr(history, "_log_arguments", lambda head, since: ["log", "--no-such"])

    assert read_history(str(repo)) is None


def test_a_repository_without_commits(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    edit(repo, "a.py", "x\n")

    assert read_history(str(repo), 30) == History(0, 30, "", False, 0, (), ())


def test_shallow_clone_reports_what_it_has(tmp_path: Path) -> None:
    repo = _co_changing_repo(tmp_path)

    one = tmp_path / "depth1"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(one))
    two = tmp_path / "depth2"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(two))

    # The boundary commit's diff is the whole tree, not a change: it is left out.
    assert read_history(str(one)) == History(0, 365, "2026-01-06", True, 0, (), ())
    found = read_history(str(two))
    assert found is not None and (found.shallow, found.commits) == (True, 1)
    assert found.files == (FileChurn("other.py", 1, 1, 0, ("t",)),)


def test_gitrepo_helpers_work_too(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    edit(repo, "a.py", "x\n")
    commit(repo, "plain")

    found = read_history(str(repo))

    assert found is not None and _files(found)["a.py"].authors == ("t",)


# --- parsing git's output (pure) --------------------------------------------------------------

_LOG = (
    b"\x1eaaa\x001700000100\x00Zo\xc3\xab\x00"  # a header ends in NUL; the diff starts with \n
    b"\n3\t1\tsrc/a b.py\x00"
    b"-\t-\tlogo.png\x00"
    b"2\t0\t\x00old/x.py\x00new/x.py\x00"  # a rename: its two paths are records of their own
    b"\x1ebbb\x001700000000\x00t\x00"  # a commit without changes under the root
    b"\x1eccc\x001600000000\x00t\x00"
    b"\n1\t2\ttab\there.py\x00"
)
_COMMITS = [
    Commit(
        "aaa",
        1700000100,
        "Zoë",
        (
            Change("src/a b.py", 3, 1),
            Change("logo.png", 0, 0),
            Change("new/x.py", 2, 0, renamed_from="old/x.py"),
        ),
    ),
    Commit("bbb", 1700000000, "t", ()),
    Commit("ccc", 1600000000, "t", (Change("tab\there.py", 1, 2),)),
]


def test_parse_log_reads_headers_numstat_binaries_and_renames() -> None:
    assert list(parse_log([_LOG])) == _COMMITS


@pytest.mark.parametrize("size", [1, 2, 3, 7, 16])
def test_parse_log_does_not_care_where_chunks_split(size: int) -> None:
    chunks = [_LOG[i : i + size] for i in range(0, len(_LOG), size)]

    assert list(parse_log(chunks)) == _COMMITS


def test_parse_log_of_nothing() -> None:
    assert list(parse_log([])) == []
    assert list(parse_log([b""])) == []


def test_parse_log_keeps_odd_bytes_as_the_file_system_does() -> None:
    (parsed,) = parse_log([b"\x1eddd\x00abc\x00\xff\x00\n1\t0\tbad\xffname.py\x00"])

    assert parsed.timestamp == 0 and parsed.author == "\ufffd"
    assert parsed.changes == (Change("bad\udcffname.py", 1, 0),)
    assert os.fsencode(parsed.changes[0].path) == b"bad\xffname.py"


# --- counting (pure) --------------------------------------------------------------------------


def test_summarize_follows_rename_chains_and_swaps() -> None:
    commits = [  # newest first, as git gives them
        Commit("3", 3, "a", (Change("c.py", 1, 0, renamed_from="b.py"),)),
        Commit("2", 2, "b", (Change("b.py", 1, 0, renamed_from="a.py"), Change("a.py", 5, 0))),
        Commit("1", 1, "c", (Change("a.py", 1, 1), Change("gone.py", 2, 2))),
    ]

    found = summarize(commits, {"c.py", "a.py"}, until="1970-01-01", min_together=1)

    # Commit 2 renamed a.py to b.py (now c.py) and created a new a.py: commit 1's a.py is c.py.
    assert found.files == (
        FileChurn("a.py", 1, 5, 0, ("b",)),
        FileChurn("c.py", 3, 3, 1, ("a", "b", "c")),
    )
    assert found.couplings == (CoChange("a.py", "c.py", 1, 1 / 3, 1.0),)
    assert (found.commits, found.authors, found.until) == (3, 3, "1970-01-01")


def test_summarize_orders_couplings_by_confidence_then_support() -> None:
    pair = (Change("a.py", 1, 0), Change("b.py", 1, 0))
    commits = [Commit(str(i), i, "t", pair) for i in range(3)]
    commits += [Commit("x", 9, "t", (Change("x.py", 1, 0), Change("y.py", 1, 0)))] * 4
    commits += [Commit("z", 9, "t", (Change("y.py", 1, 0),))]
    present = {"a.py", "b.py", "x.py", "y.py"}

    found = summarize(commits, present, min_together=3)

    assert [(c.first, c.second, c.together) for c in found.couplings] == [
        ("x.py", "y.py", 4),
        ("a.py", "b.py", 3),
    ]

"""The terminal output reads at a glance (issue #15): first lines fit 100 columns for paths up
to 60 characters, chains on continuation lines, baselined findings first and new ones last
(marked), ``--statistics``, ``--quiet`` and ``--exit-zero``."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path
from typing import Any

import hypothesis
from hypothesis import strategies

from fitness.reporters import text
from fitness.reporters.base import RenderOptions
from fitness.results.findings import (
    BaselineReport,
    ContractVerdict,
    Finding,
    Link,
    Result,
    Severity,
    Source,
    summarize,
)
from tests.cli.gitrepo import edit, fixture_repo

PATH = "src/" + "a" * 31 + "/orders/" + "b" * 5 + "_services.py"  # 60 characters
LONG = "shop.orders.domain.aggregates.order_lines_with_a_name_long_enough_to_wrap"


def _finding(code: str, line: int, new: bool, **extra: Any) -> Finding:
    return Finding(
        code,
        "max-cyclomatic",
        Severity.ERROR,
        f"{LONG}.price has cyclomatic complexity 14 (threshold 10): split the decision "
        "paths into functions of their own, or move the branching into a table",
        PATH,
        line,
        1,
        f"{LONG}.price{line}",
        Source("pack", "complexity-budget:CBX001"),
        new=new,
        **extra,
    )


def _result(*findings: Finding, baseline: bool = True) -> Result:
    ordered = tuple(sorted(findings, key=lambda f: f.sort_key))
    report = BaselineReport(".archfit-baseline.json") if baseline else None
    return Result("t", "/repo", summarize(1, 1, ordered), ordered, baseline=report)


def test_every_line_fits_100_columns_for_a_60_character_path() -> None:
    assert len(PATH) == 60
    chain = tuple(Link(f"{LONG}{i}", f"{LONG}{i + 1}", PATH, (i,)) for i in range(3))
    broken = dataclasses.replace(
        _finding("CON002", 7, True), contract="pure", subject=f"{LONG} -> redis", chains=(chain,)
    )
    verdict = ContractVerdict(
        "pure", "Pure domain", "forbidden", False, Source("config", "pure"), 1
    )
    result = dataclasses.replace(_result(_finding("CBX001", 3, True), broken), contracts=(verdict,))
    rendered = text.render(result)
    finding_lines = [line for line in rendered.splitlines() if not line.startswith("FAILED")]
    assert max(len(line) for line in finding_lines) <= 100, rendered
    assert f"\n{PATH}:3:1 CBX001" in rendered  # path:line:col CODE, then the message
    assert f"\n    {LONG}.price has" in rendered  # a name too long to share the line: the next
    # The chain on continuation lines, one link per line when the names are long.
    assert f"\n        {LONG}0 ->\n            {LONG}1 ->" in rendered


def test_baselined_first_new_last_and_marked() -> None:
    rendered = text.render(_result(_finding("CBX001", 3, True), _finding("CBX001", 9, False)))
    new_at = rendered.index(f"{PATH}:3:1")
    old_at = rendered.index(f"{PATH}:9:1")
    assert old_at < new_at  # what failed the hook is on the last screen
    assert "(new)" in rendered[new_at:] and "(baselined)" in rendered[old_at:new_at]


def test_statistics_count_per_code_instead_of_each_finding() -> None:
    result = _result(_finding("CBX001", 3, True), _finding("CBX001", 9, False))
    rendered = text.render(result, RenderOptions(statistics=True))
    assert "      2  CBX001  max-cyclomatic (1 new)" in rendered
    assert f"{PATH}:3:1" not in rendered


def test_quiet_shows_only_what_fails_the_gate() -> None:
    result = _result(_finding("CBX001", 3, True), _finding("CBX001", 9, False))
    rendered = text.render(result, RenderOptions(quiet=True))
    assert f"{PATH}:3:1" in rendered and f"{PATH}:9:1" not in rendered


def test_exit_zero_exits_0_and_the_summary_still_says_failed(tmp_path: Path, run_cli: Any) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    code, out, _ = run_cli("check", "--exit-zero", str(repo))
    summary = out.rstrip().rpartition("\n")[2]
    assert code == 0
    assert summary.startswith("FAILED (exit code 0: --exit-zero):")


def test_verbose_names_the_rule_and_how_to_fix(tmp_path: Path, run_cli: Any) -> None:
    repo = fixture_repo(tmp_path, "chatapp")
    edit(repo, "src/chatapp/api/loud.py", '"""Loud."""\nprint("x")\n')
    _, out, _ = run_cli("check", "--select", "OBS001", "--verbose", str(repo))
    assert "    rule: print-in-library (archfit explain OBS001)" in out


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(
    head=strategies.text(alphabet=" \t\nab-\xa0é", max_size=12)
    | strategies.lists(strategies.text("ab-é", min_size=1, max_size=9), max_size=3).map(" ".join),
    body=strategies.text(alphabet=" \t\nab-\xa0é", max_size=30)
    | strategies.lists(strategies.text("ab-é", min_size=1, max_size=9), max_size=9).map(" ".join),
    width=strategies.integers(min_value=1, max_value=40),
)
def test_wrapped_is_what_textwrap_gives(head: str, body: str, width: int) -> None:
    """``wrapped`` fills words joined by single spaces itself (most findings): whatever the
    text, the lines are textwrap's."""
    expected = textwrap.wrap(
        f"{head} {body}".rstrip(),
        width=width,
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    ) or [head]
    assert text.wrapped(head, body, "  ", width) == expected

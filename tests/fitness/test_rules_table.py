"""``docs/rules.md`` is ``archfit rules --markdown``: one row per code of the built-in rules and
the bundled packs, regenerated here and compared, so that the committed table cannot go stale."""

from __future__ import annotations

from typing import Any

from fitness import catalog
from fitness.catalog.table import markdown, summary
from fitness.results.findings import Severity
from tests.conftest import REPO

RULES_MD = REPO / "docs" / "rules.md"


def test_docs_rules_md_is_the_generated_table(run_cli: Any) -> None:
    status, out, _ = run_cli("rules", "--markdown")
    assert status == 0
    assert out == RULES_MD.read_text(encoding="utf-8"), (
        "docs/rules.md is stale: run `archfit rules --markdown > docs/rules.md`"
    )


def test_the_table_has_a_row_per_code_with_name_pack_severity_and_summary() -> None:
    rules = catalog.Catalog(catalog.load_packs(None, str(REPO))).rules
    lines = [line for line in markdown(rules).splitlines() if line.startswith("| `")]
    assert len(lines) == len(rules)
    for line, doc in zip(lines, rules, strict=True):
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        assert cells[:4] == [
            f"`{doc.code}`",
            f"`{doc.name}`",
            doc.pack or "built-in",
            doc.severity.value,
        ]
        assert cells[4] and " ".join(doc.what.split()).startswith(cells[4].replace("\\|", "|"))


def test_a_summary_is_the_first_sentence_on_one_line_and_pipes_are_escaped() -> None:
    assert summary("A call of `print`\n  in library code. Tests may print.") == (
        "A call of `print` in library code."
    )
    assert summary("Ends at the end.") == "Ends at the end."
    assert summary("requirements files. deptry's DEP001.") == "requirements files. deptry's DEP001."
    assert summary("no stop") == "no stop"
    doc = catalog.RuleDoc("ZZZ001", "zed", Severity.INFO, "D = |A + I - 1| is big.", "", "", "")
    assert markdown([doc]).endswith(
        "| `ZZZ001` | `zed` | built-in | info | D = \\|A + I - 1\\| is big. |\n"
    )

"""One name per concept (docs/glossary.md): the retired names never come back in code or docs."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "docs" / "glossary.md"
# Where a newcomer reads names: the code, its tests and benchmarks, and the docs.
CODE = ("archfit_values", "analyzer", "fitness", "tests", "benchmarks")
DOCS = ("README.md", "CONTRIBUTING.md", "docs", "rules")


def retired_names() -> list[str]:
    """The first column of the glossary's retired-names table."""
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("<!-- retired-names -->")[1].split("<!-- /retired-names -->")[0]
    return re.findall(r"^\| `([^`]+)` \|", table, re.MULTILINE)


def read_places() -> list[Path]:
    """Every Python file of the code and every Markdown or YAML file of the docs."""
    places = [p for top in CODE for p in (REPO / top).rglob("*.py")]
    for top in DOCS:
        path = REPO / top
        found = [path] if path.is_file() else [*path.rglob("*.md"), *path.rglob("*.yaml")]
        places += found
    return [p for p in places if p != GLOSSARY and p != Path(__file__).resolve()]


def test_the_glossary_lists_retired_names() -> None:
    assert "depgraph" in retired_names()


def test_no_retired_name_is_used() -> None:
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, retired_names())) + r")\b")
    found = [
        f"{path.relative_to(REPO)}:{number}: {match.group(1)}"
        for path in read_places()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if (match := pattern.search(line))
    ]
    assert found == []

"""The class index's alias lookups (``ClassIndex.lookups``, ``lookups_made``): every read of
the names modules bind, with what it found (misses and modules without names too), grouped
by the file looked into; and a part whose lookups cannot be written is kept under its full
key alone (``fitness.engine.guarded_lookups``)."""

from __future__ import annotations

from pathlib import Path

from analyzer.project import analyze
from fitness.checks.structures import ClassIndex, lookups_made
from fitness.engine.guarded_lookups import keep_looked_up
from tests.analyzer.trees import write_tree

_FILES = {
    "pkg/__init__.py": "from .base import Base\n",
    "pkg/base.py": "class Base:\n    pass\n",
    "pkg/impl.py": (
        "import json\nimport pkg as p\nfrom pkg import Base as B\n\n\n"
        "class A(B):\n    pass\n\n\nclass C(p.Base):\n    pass\n\n\n"
        "class D(Missing):\n    pass\n\n\nclass E(json.JSONEncoder):\n    pass\n"
    ),
}


def test_the_index_records_every_lookup_and_what_it_found(tmp_path: Path) -> None:
    """A renamed import and a module alias resolve through the package's re-export (one
    lookup into ``pkg``); a name the module does not bind is a miss (""); a module the
    index holds no names of (``json``) is None. Grouped by file, that last one is left out:
    no file holds ``json``."""
    facts = analyze(str(write_tree(tmp_path, _FILES)), root_packages=("pkg",))
    index = ClassIndex.build(facts)
    assert index.bases["pkg.impl.A"] == index.bases["pkg.impl.C"] == ("pkg.base.Base",)
    assert index.bases["pkg.impl.D"] == index.bases["pkg.impl.E"] == (None,)
    assert index.lookups == {
        ("pkg.impl", "B"): "pkg.Base",
        ("pkg", "Base"): "pkg.base.Base",
        ("pkg.impl", "p"): "pkg",
        ("pkg.impl", "Missing"): "",
        ("pkg.impl", "json"): "json",
        ("json", "JSONEncoder"): None,
    }
    assert lookups_made(facts) == {
        "pkg/impl.py": {
            ("pkg.impl", "B"): "pkg.Base",
            ("pkg.impl", "p"): "pkg",
            ("pkg.impl", "Missing"): "",
            ("pkg.impl", "json"): "json",
        },
        "pkg/__init__.py": {("pkg", "Base"): "pkg.base.Base"},
    }


def test_lookups_that_cannot_be_written_keep_the_part_under_its_full_key(tmp_path: Path) -> None:
    """A name holding a space (none does in Python code) would split wrongly: the part is
    kept under its full key, not the narrower one; written lookups keep it under the
    narrower key too (the full key, exact, is tried first by a later run)."""
    facts = analyze(str(write_tree(tmp_path, _FILES)), root_packages=("pkg",))
    spaced = {"pkg/impl.py": {("pkg.impl", "a b"): "pkg.base.Base"}}
    kept: dict[str, str] = {}
    keep_looked_up(kept, ("narrow", "full"), ((), spaced), facts)
    assert list(kept) == ["full"]
    kept.clear()
    keep_looked_up(kept, ("narrow", "full"), ((), lookups_made(facts)), facts)
    assert list(kept) == ["narrow", "full"]

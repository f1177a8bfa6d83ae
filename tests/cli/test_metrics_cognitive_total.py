"""A module's cognitive total equals complexipy's file total: a function's value already holds
its nested functions', so closures are not added again (complexipy's test_nested_func case)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from complexipy import code_complexity  # the oracle, never used by archfit itself

_NESTED = """\
def outer(x):
    def inner(y):
        if y:
            return 1
        return 0
    if x:
        return inner(x)
    return 0


class A:
    def m(self, a):
        for i in a:
            if i:
                print(i)

        class B:
            def n(self):
                if self:
                    return 1
        return B
"""


def test_module_cognitive_total_is_complexipys_file_total(tmp_path: Path, run_cli: Any) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "nested.py").write_text(_NESTED)
    code, out, _ = run_cli("metrics", "--format", "json", "--no-cache", str(tmp_path))
    assert code == 0
    [row] = [m for m in json.loads(out)["modules"] if m["name"] == "pkg.nested"]
    functions = {f["qualname"]: f["cognitive"] for f in row["functions"]}
    assert functions["outer.inner"] == 1  # still listed on its own
    assert row["cognitive"] == code_complexity(_NESTED).complexity == 7

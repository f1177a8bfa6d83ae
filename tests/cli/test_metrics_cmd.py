"""``archfit metrics``: formats, --level/--sort/--top, determinism and exit codes (0 or 2)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES

FIXTURE = str(FIXTURES / "couplingcount")


def _metrics(run_cli: Any, *args: str) -> str:
    code, out, err = run_cli("metrics", FIXTURE, "--no-cache", *args)
    assert code == 0, err
    return str(out)


def _names(table: str) -> list[str]:
    """The first column of a table's rows (between the rule and the blank line)."""
    body = table.split("\n", 2)[2].split("\n\n")[0]
    return [line.split()[0] for line in body.splitlines()]


def test_json_has_the_specs_shape_and_the_hand_counted_numbers(run_cli: Any) -> None:
    data = json.loads(_metrics(run_cli, "--format", "json"))
    assert {"schema_version", "modules", "packages", "cycles"} <= data.keys()
    modules = {m["name"]: m for m in data["modules"]}
    assert modules["cplcount.store.db"]["path"] == "cplcount/store/db.py"
    assert (modules["cplcount.store.db"]["fan_in"], modules["cplcount.store.db"]["fan_out"]) == (
        2,
        1,
    )
    core = {p["name"]: p for p in data["packages"]}["cplcount.core"]
    assert (core["ca"], core["ce"], core["instability"]) == (2, 1, 0.3333)
    assert data["cycles"] == [["cplcount.api.views", "cplcount.core.ports", "cplcount.store.db"]]


def test_every_format_is_byte_identical_across_runs_and_warm_cache(
    run_cli: Any, tmp_path: Path
) -> None:
    target = tmp_path / "couplingcount"
    shutil.copytree(FIXTURE, target)
    for output_format in ("table", "json", "csv"):
        runs = [run_cli("metrics", str(target), "--format", output_format) for _ in range(2)]
        runs.append(run_cli("metrics", str(target), "--format", output_format, "--no-cache"))
        assert len({out for _, out, _ in runs}) == 1, output_format
    assert (target / ".archfit_cache").is_dir()


def test_sort_and_top_pick_the_worst_rows(run_cli: Any) -> None:
    table = _metrics(run_cli, "--level", "package", "--sort", "instability", "--top", "2")
    assert _names(table) == ["cplcount.store.deep", "cplcount.store"]
    assert "2 of 5 packages shown, sorted by instability" in table
    table = _metrics(run_cli, "--sort", "fan-in", "--top", "3")
    assert _names(table) == ["cplcount.api.views", "cplcount.core.model", "cplcount.store.db"]


def test_levels_choose_the_rows(run_cli: Any) -> None:
    assert len(_names(_metrics(run_cli))) == 11
    assert _names(_metrics(run_cli, "--level", "package"))[0] == "cplcount"
    rows = list(csv.reader(io.StringIO(_metrics(run_cli, "--level", "package", "--format", "csv"))))
    assert [r[0] for r in rows] == [
        "name",
        "cplcount",
        "cplcount.api",
        "cplcount.core",
        "cplcount.store",
        "cplcount.store.deep",
    ]
    header = _metrics(run_cli, "--level", "function", "--format", "csv").splitlines()[0]
    assert header.startswith("module,qualname,line,complexity,cognitive,h1,h2,N1,N2,")


def test_json_sort_and_top_apply_to_the_chosen_level_only(run_cli: Any) -> None:
    data = json.loads(
        _metrics(run_cli, "--format", "json", "--level", "package", "--sort", "ce", "--top", "1")
    )
    assert [p["name"] for p in data["packages"]] == ["cplcount.api"]  # ce 2, first by name
    assert len(data["modules"]) == 11


def test_the_table_fits_a_100_column_terminal(run_cli: Any) -> None:
    views = [("module", "basic"), ("package", "basic"), ("function", "basic")]
    views += [("module", "raw"), ("module", "halstead"), ("function", "halstead")]
    for level, columns in views:
        lines = _metrics(run_cli, "--level", level, "--columns", columns).splitlines()
        assert max(len(line) for line in lines) <= 100, (level, columns)


def test_columns_show_radons_raw_and_halstead_numbers(run_cli: Any) -> None:
    """The table's raw and Halstead views, and sorting by their columns, agree with JSON."""
    data = json.loads(_metrics(run_cli, "--format", "json"))
    by_volume = sorted(data["modules"], key=lambda m: (-m["halstead"]["volume"], m["name"]))
    table = _metrics(run_cli, "--columns", "halstead", "--sort", "volume")
    assert table.splitlines()[0].split()[1:5] == ["h1", "h2", "N1", "N2"]
    assert _names(table) == [m["name"] for m in by_volume]
    raw = _metrics(run_cli, "--columns", "raw", "--sort", "loc", "--top", "1")
    biggest = max(data["modules"], key=lambda m: (m["raw"]["loc"], m["name"]))
    assert raw.splitlines()[2].split()[:2] == [biggest["name"], str(biggest["raw"]["loc"])]


def test_a_module_that_could_not_be_measured_has_its_code_and_no_numbers(run_cli: Any) -> None:
    """badinput's unparsable and undecodable modules: INP001/INP002, null/empty, never 0."""
    code, out, err = run_cli(
        "metrics", str(FIXTURES / "badinput"), "--no-cache", "--format", "json"
    )
    assert code == 0, err
    modules = {m["name"]: m for m in json.loads(out)["modules"]}
    broken = modules["badinput.syntax_error"]
    assert broken["problem"] == "INP001" and modules["badinput.undecodable"]["problem"] == "INP002"
    assert [broken[k] for k in ("sloc", "complexity", "maintainability", "raw", "halstead")] == [
        None
    ] * 5
    assert modules["badinput.good_crlf"]["problem"] is None
    assert modules["badinput.good_crlf"]["raw"]["sloc"] == modules["badinput.good_crlf"]["sloc"]
    code, out, _ = run_cli("metrics", str(FIXTURES / "badinput"), "--no-cache", "--format", "csv")
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["badinput.syntax_error"]["problem"] == "INP001"
    assert rows["badinput.syntax_error"]["sloc"] == rows["badinput.syntax_error"]["volume"] == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--sort", "bogus"), "'bogus' is not a module column"),
        (("--level", "package", "--sort", "fan_in"), "is not a package column"),
        (("--level", "class"), "Invalid value for '--level'"),
        (("--format", "xml"), "Invalid value for '--format'"),
        (("--top", "0"), "Invalid value for '--top'"),
        (("--sort", "volum"), "did you mean 'volume'"),
        (("--level", "package", "--columns", "raw"), "package rows have no raw columns"),
        (("--columns", "hal"), "Invalid value for '--columns'"),
    ],
)
def test_usage_errors_exit_2(run_cli: Any, args: tuple[str, ...], message: str) -> None:
    code, _, err = run_cli("metrics", FIXTURE, "--no-cache", *args)
    assert code == 2
    assert message in err


def test_a_missing_path_or_a_broken_config_exits_2(run_cli: Any, tmp_path: Path) -> None:
    assert run_cli("metrics", str(tmp_path / "nowhere"))[0] == 2
    (tmp_path / "pyproject.toml").write_text("[tool.archfit]\nroot_packages = 3\n")
    code, out, err = run_cli("metrics", str(tmp_path), "--no-cache")
    assert (code, out) == (2, "")
    assert "config error" in err and "pyproject.toml" in err


def test_nothing_to_measure_still_exits_0_with_a_warning(run_cli: Any, tmp_path: Path) -> None:
    code, out, err = run_cli("metrics", str(tmp_path), "--no-cache", "--format", "json")
    assert code == 0
    assert json.loads(out)["modules"] == []
    assert "warning: no Python files found" in err

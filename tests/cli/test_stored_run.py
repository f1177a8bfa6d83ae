"""The stored check run (ADR-0020): reused only while none of its inputs changed, and then
byte-identical to a run without the cache; any input changed, the run is computed again."""

from __future__ import annotations

import datetime
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from analyzer import stat_index
from analyzer.folders import CACHE_DIR
from fitness.cli import check_cmd
from fitness.engine import declarations, stored_run

pytestmark = pytest.mark.stored_runs

_CONFIG = """[tool.archfit]
root_packages = ["shop"]

[[tool.archfit.contracts]]
id = "layers"
name = "Domain below api"
type = "layers"
layers = ["shop.api", "shop.domain"]
"""


def _project(root: Path) -> Path:
    """A small project with a broken contract (exit 1) and a few pack findings."""
    (root / "shop").mkdir(parents=True)
    (root / "pyproject.toml").write_text(_CONFIG)
    (root / "shop" / "__init__.py").write_text("")
    (root / "shop" / "api.py").write_text("from shop import domain\n\n\ndef handler():\n    pass\n")
    (root / "shop" / "domain.py").write_text("import shop.api\n\nVALUE = 1\n")
    return root


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The roots of the runs computed (not reused), in order."""
    calls: list[str] = []
    real = check_cmd._computed

    def counting(analysis: check_cmd.Analysis, index: Any) -> Any:
        calls.append(analysis.path)
        return real(analysis, index)

    monkeypatch.setattr(check_cmd, "_computed", counting)
    return calls


def _settled() -> None:
    """Wait out the racy window (``stored_run._RACY_NS``): files written this instant are
    never indexed, as a coarse file system clock could hide their next change."""
    time.sleep(stored_run._RACY_NS / 1e9 + 0.02)


def _check(run_cli: Any, root: Path, *args: str) -> tuple[int, str]:
    _settled()
    code, out, _ = run_cli("check", "--format", "json", str(root), *args)
    return code, out


def test_a_run_with_nothing_changed_is_reused_and_identical_to_a_cold_run(
    run_cli: Any, tmp_path: Path, computed: list[str]
) -> None:
    root = _project(tmp_path / "p")
    first = _check(run_cli, root)
    assert (root / CACHE_DIR / stored_run.RUN_FILE).is_file()
    second = _check(run_cli, root)
    assert len(computed) == 1, "the second run must reuse the stored one"
    cold = _check(run_cli, root, "--no-cache")
    assert first == second == cold
    assert first[0] == 1
    # Every format renders from the stored values: text too, with no new computation.
    code, text, _ = run_cli("check", str(root))
    assert code == 1 and "Domain below api" in text and len(computed) == 2


def test_a_computed_run_walks_the_tree_once(
    run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run's stat index is its key's and the dependency rules' declarations index."""
    root = _project(tmp_path / "p")
    (root / "requirements.txt").write_text("requests==2.0\n")
    walked: list[str] = []
    real = stat_index.tree_lines

    def counting(base: str, *args: Any, **kwargs: Any) -> list[str] | None:
        walked.append(base)
        return real(base, *args, **kwargs)

    for module in (stored_run, declarations):
        monkeypatch.setattr(module, "tree_lines", counting)
    code, out = _check(run_cli, root)
    assert walked == [str(root)]
    assert (code, out) == _check(run_cli, root, "--no-cache")


def _edit(root: Path) -> None:
    (root / "shop" / "api.py").write_text("import shop.domain\n\nX = 2\n")


def _add(root: Path) -> None:
    (root / "shop" / "extra.py").write_text("import shop.api\n")


def _delete(root: Path) -> None:
    (root / "shop" / "api.py").unlink()


def _rename(root: Path) -> None:
    (root / "shop" / "api.py").rename(root / "shop" / "web.py")


def _new_folder(root: Path) -> None:
    (root / "shop" / "sub").mkdir()
    (root / "shop" / "sub" / "__init__.py").write_text("import shop.api\n")


def _config(root: Path) -> None:
    (root / "pyproject.toml").write_text(_CONFIG.replace("shop.domain", "shop.missing"))


def _adr(root: Path) -> None:
    (root / "docs" / "adr").mkdir(parents=True)
    (root / "docs" / "adr" / "0001-x.md").write_text("# ADR-0001: X\n\n**Status**: Accepted\n")


def _baseline(root: Path, run_cli: Any) -> None:
    run_cli("baseline", str(root))


def _dependencies(root: Path) -> None:
    (root / "requirements.txt").write_text("requests==2.0\n")


def _gitignore(root: Path) -> None:
    (root / ".gitignore").write_text("shop/api.py\n")


CHANGES: dict[str, Callable[[Path], None]] = {
    "edit": _edit,
    "add": _add,
    "delete": _delete,
    "rename": _rename,
    "new folder": _new_folder,
    "config": _config,
    "adr": _adr,
    "dependencies": _dependencies,
    "gitignore": _gitignore,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_each_changed_input_recomputes_as_a_cold_run_would(
    run_cli: Any, tmp_path: Path, computed: list[str], change: str
) -> None:
    root = _project(tmp_path / "p")
    _check(run_cli, root)
    _check(run_cli, root)
    assert len(computed) == 1
    CHANGES[change](root)
    warm = _check(run_cli, root)
    assert len(computed) == 2, f"a changed input ({change}) must recompute"
    assert warm == _check(run_cli, root, "--no-cache")


def test_a_new_baseline_recomputes(run_cli: Any, tmp_path: Path, computed: list[str]) -> None:
    root = _project(tmp_path / "p")
    _check(run_cli, root)
    _settled()
    _baseline(root, run_cli)
    code, out = _check(run_cli, root)
    assert len(computed) == 2 and code == 0
    assert (code, out) == _check(run_cli, root, "--no-cache")


@pytest.mark.parametrize(
    "args", [("--select", "CON"), ("--ignore", "CON"), ("--no-baseline",), ("shop/api.py",)]
)
def test_other_analysis_options_or_files_recompute(
    run_cli: Any, tmp_path: Path, computed: list[str], args: tuple[str, ...], monkeypatch: Any
) -> None:
    root = _project(tmp_path / "p")
    monkeypatch.chdir(root)
    run_cli("check", ".")
    _settled()
    run_cli("check", ".", *args)
    assert len(computed) == 2


def test_only_display_options_reuse(run_cli: Any, tmp_path: Path, computed: list[str]) -> None:
    root = _project(tmp_path / "p")
    for args in ((), ("-v",), ("--statistics",), ("--format", "sarif"), ("-q", "--exit-zero")):
        _settled()
        run_cli("check", str(root), *args)
    assert len(computed) == 1


def test_another_day_recomputes(
    run_cli: Any, tmp_path: Path, computed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """ADR review dates are judged against today: tomorrow's run is a new one."""
    root = _project(tmp_path / "p")
    _check(run_cli, root)

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls) -> Tomorrow:
            return cls(2999, 1, 1)

    monkeypatch.setattr(stored_run.datetime, "date", Tomorrow)
    _check(run_cli, root)
    assert len(computed) == 2


def test_archfit_changed_recomputes(
    run_cli: Any, tmp_path: Path, computed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "p")
    _check(run_cli, root)
    monkeypatch.setattr(stored_run, "own_code", lambda: "another archfit")
    _check(run_cli, root)
    assert len(computed) == 2


def test_a_config_outside_the_tree_is_an_input(
    run_cli: Any, tmp_path: Path, computed: list[str]
) -> None:
    root = _project(tmp_path / "p")
    outside = tmp_path / "outside.toml"
    outside.write_text(_CONFIG)
    first = _check(run_cli, root, "--config", str(outside))
    record = stored_run.stored(str(root))
    assert record is not None and str(outside) in record.extra
    assert _check(run_cli, root, "--config", str(outside)) == first
    assert len(computed) == 1
    outside.write_text(_CONFIG.replace("shop.domain", "shop.missing"))
    changed = _check(run_cli, root, "--config", str(outside))
    assert len(computed) == 2
    assert changed == _check(run_cli, root, "--config", str(outside), "--no-cache")


def test_a_config_created_above_the_root_is_an_input(
    run_cli: Any, tmp_path: Path, computed: list[str]
) -> None:
    """Outside git, a project above PATH owns it (ADR-0015): its creation is a change."""
    root = _project(tmp_path / "above" / "p")
    _check(run_cli, root)
    (tmp_path / "above" / "pyproject.toml").write_text(
        '[tool.archfit]\nexclude = ["p/shop/api.py"]\n'
    )
    warm = _check(run_cli, root)
    assert len(computed) == 2
    assert warm == _check(run_cli, root, "--no-cache")


def test_a_pack_in_the_tree_is_an_input(run_cli: Any, tmp_path: Path, computed: list[str]) -> None:
    root = _project(tmp_path / "p")
    (root / "rules").mkdir()
    pack = root / "rules" / "team.yaml"
    pack.write_text("pack: team\ndescription: d\nsource: s\nrules: []\n")
    config = _CONFIG.replace('["shop"]\n', '["shop"]\npacks = ["rules/team.yaml"]\n', 1)
    (root / "pyproject.toml").write_text(config)
    first = _check(run_cli, root)
    _check(run_cli, root)
    assert len(computed) == 1, first
    pack.write_text("pack: team\ndescription: changed\nsource: s\nrules: []\n")
    _check(run_cli, root)
    assert len(computed) == 2


def test_a_forged_record_is_never_reused(run_cli: Any, tmp_path: Path, computed: list[str]) -> None:
    """A record whose MAC fails (edited, or shipped by the repository) is recomputed."""
    root = _project(tmp_path / "p")
    first = _check(run_cli, root)
    path = root / CACHE_DIR / stored_run.RUN_FILE
    head, _, body = path.read_bytes().partition(b"\n")
    path.write_bytes(head + b"\n" + body.replace(b"Domain below api", b"Domain below xyz"))
    assert _check(run_cli, root) == first
    assert len(computed) == 2


def test_a_symlinked_cache_folder_is_never_read(
    run_cli: Any, tmp_path: Path, computed: list[str]
) -> None:
    root = _project(tmp_path / "p")
    _check(run_cli, root)
    elsewhere = tmp_path / "elsewhere"
    (root / CACHE_DIR).rename(elsewhere)
    os.symlink(elsewhere, root / CACHE_DIR)
    assert stored_run.stored(str(root)) is None


def test_a_linked_file_is_an_input_through_its_link(
    run_cli: Any, tmp_path: Path, computed: list[str]
) -> None:
    """A link is indexed with what it points at: the run is stored, and an edit of the
    target (here outside the tree, where the run refuses to read it) is a changed input."""
    root = _project(tmp_path / "p")
    target = tmp_path / "shared.py"
    target.write_text("VALUE = 1\n")
    os.symlink(target, root / "shop" / "shared.py")
    first = _check(run_cli, root)
    assert _check(run_cli, root) == first
    assert len(computed) == 1
    target.write_text("VALUE = 22\n")
    after = _check(run_cli, root)
    assert len(computed) == 2
    assert after == run_cli("check", "--format", "json", str(root), "--no-cache")[:2]


def test_files_where_the_index_does_not_look_are_never_stored(
    run_cli: Any, tmp_path: Path, computed: list[str]
) -> None:
    """A FILE inside a virtualenv: the run reads configurations on its way that the stat
    index never looks at, so the run is computed every time."""
    root = _project(tmp_path / "p")
    venv = root / "venv" / "src"
    venv.mkdir(parents=True)
    (root / "venv" / "pyvenv.cfg").write_text("home = /usr\n")
    (venv / "tool.py").write_text("x = 1\n")
    for _ in range(2):
        _settled()
        run_cli("check", "--format", "json", str(root), str(venv / "tool.py"))
    assert len(computed) == 2


def test_a_report_written_into_the_tree_is_not_an_input(
    run_cli: Any, tmp_path: Path, computed: list[str]
) -> None:
    root = _project(tmp_path / "p")
    report = root / "report.json"
    for _ in range(3):
        _settled()
        run_cli("check", "--format", "json", "-o", str(report), str(root))
    assert len(computed) == 1
    assert json.loads(report.read_text())["summary"]


def test_an_adr_folder_the_index_does_not_walk_is_never_stored(
    run_cli: Any, tmp_path: Path, computed: list[str]
) -> None:
    """ADRs kept in ``build/`` (no package there): the stat index does not walk it, so an
    edited ADR could not show in the key; the run is computed every time."""
    root = _project(tmp_path / "p")
    (root / "build" / "adr").mkdir(parents=True)
    config = (root / "pyproject.toml").read_text()
    config = config.replace(
        'root_packages = ["shop"]', 'root_packages = ["shop"]\nadr_dirs = ["build/adr"]'
    )
    (root / "pyproject.toml").write_text(config)
    for _ in range(2):
        _check(run_cli, root)
    assert len(computed) == 2


def test_a_monorepo_root_without_a_project_stores_its_run(
    run_cli: Any, tmp_path: Path, computed: list[str]
) -> None:
    """One project per package and none at the root: the root's cache folder is made for the
    stored run (no facts cache made it), and the next run reuses it."""
    root = tmp_path / "mono"
    for name in ("alpha", "beta"):
        _project(root / name)
        config = (root / name / "pyproject.toml").read_text().replace("shop", name)
        (root / name / "pyproject.toml").write_text(config)
        (root / name / "shop").rename(root / name / name)
    first = _check(run_cli, root)
    assert (root / CACHE_DIR / stored_run.RUN_FILE).is_file()
    assert (root / CACHE_DIR / ".gitignore").is_file()
    assert (root / "alpha" / CACHE_DIR).is_dir()  # a new folder in alpha: no input
    assert _check(run_cli, root) == first
    assert len(computed) == 1
    assert '"root": "alpha"' in first[1] and '"root": "beta"' in first[1]

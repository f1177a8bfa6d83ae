"""Framework strings come from the facts (issue 18): no reader reads a Python file again for
them, a warm run sees a settings change, and an edit that changes no reference reuses the
dependency rules' sources (the parts' ``strings`` view digests the references, not the bytes).
Cost: about ten in-process runs on a 12-file project, under 2 s in all."""

from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from analyzer import framework_strings
from fitness.checks import dependencies
from fitness.engine import stored_run
from tests.fitness.checks.test_string_uses import DJANGO_PROJECT

pytestmark = pytest.mark.stored_runs

_CONFIG = '\n[tool.archfit]\nroot_packages = ["site"]\ninclude_framework_edges = true\n'
_ARGS = ("check", "--format", "json", "--select", "ARC,UNX,CON")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Django project of the string-uses tests, framework edges on; the stored run is out
    of the way, so every run judges (and may reuse parts)."""
    monkeypatch.setattr(stored_run, "tree_key", lambda *args, **kwargs: None)
    for path, text in DJANGO_PROJECT.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(textwrap.dedent(text), encoding="utf-8")
    with (tmp_path / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(_CONFIG)
    return tmp_path


def _run(run_cli: Any, root: Path, *args: str) -> tuple[int, str]:
    # Past the racy window (ADR-0020): a tree changed this instant is never indexed, and
    # the dependency rules' sources are then computed whatever changed.
    time.sleep(stored_run._RACY_NS / 1e9 + 0.02)
    code, out, err = run_cli(*_ARGS, str(root), *args)
    assert code in (0, 1), err
    return code, out


def test_no_python_file_is_read_again_for_its_strings(
    site: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _run(run_cli, site, "--no-cache")
    read = framework_strings.read_repository_text

    def no_python(path: object, limit: int = 0) -> str:
        assert not str(path).endswith(".py"), f"{path} read again for its strings"
        return read(path, limit)

    monkeypatch.setattr(framework_strings, "read_repository_text", no_python)
    assert _run(run_cli, site, "--no-cache") == expected
    uses = json.loads(expected[1])["summary"]
    assert uses  # the document is a real one
    _, graph, _ = run_cli("graph", str(site), "--format", "json", "--no-cache")
    kinds = {(e["importer"], e["imported"]): e["kinds"] for e in json.loads(graph)["edges"]}
    assert kinds[("site.settings", "site.urls")] == ["framework"]  # ROOT_URLCONF, from facts


def test_a_settings_change_shows_in_a_warm_run_after_a_cold_one(site: Path, run_cli: Any) -> None:
    before = _run(run_cli, site)
    settings = site / "site" / "settings.py"
    settings.write_text(settings.read_text().replace('"django_extensions", ', ""))
    warm, cold = _run(run_cli, site), _run(run_cli, site, "--no-cache")
    assert warm == cold and warm != before
    assert "django-extensions" in warm[1] and "django-extensions" not in before[1]


def test_an_edit_naming_the_same_references_reuses_the_dependency_sources(
    site: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    string_uses = dependencies._string_uses

    def counted(*args: Any) -> Any:
        calls.append(1)
        return string_uses(*args)

    monkeypatch.setattr(dependencies, "_string_uses", counted)
    _run(run_cli, site)
    settings = site / "site" / "settings.py"
    settings.write_text(settings.read_text() + "# the same apps, a comment more\n")
    calls.clear()
    warm = _run(run_cli, site)
    assert calls == [] and warm == _run(run_cli, site, "--no-cache")
    settings.write_text(settings.read_text().replace('"site.billing"', '"site.billing", "x"'))
    calls.clear()
    _run(run_cli, site)
    assert calls  # a reference more: the sources are computed again

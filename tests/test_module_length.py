"""No module of archfit is over 500 lines (the house rule in CONTRIBUTING and issue 14).

Physical lines, as ``wc -l`` counts them: docstrings and comments are read too. A module that
grows past the limit is split by job, not trimmed of its documentation.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAX_LINES = 500
PACKAGES = ("archfit_values", "analyzer", "fitness")


def too_long(root: Path, packages: tuple[str, ...], limit: int = MAX_LINES) -> dict[str, int]:
    """Each Python module under ``packages`` of ``root`` with more than ``limit`` lines."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > limit:
                found[path.relative_to(root).as_posix()] = lines
    return found


def test_no_module_of_analyzer_or_fitness_is_over_500_lines() -> None:
    assert too_long(REPO, PACKAGES) == {}


def test_the_count_sees_a_module_one_line_over(tmp_path: Path) -> None:
    (tmp_path / "fitness" / "deep").mkdir(parents=True)
    (tmp_path / "fitness" / "deep" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (tmp_path / "fitness" / "short.py").write_text("x = 1\n" * MAX_LINES)
    (tmp_path / "analyzer").mkdir()
    assert too_long(tmp_path, PACKAGES) == {"fitness/deep/long.py": MAX_LINES + 1}

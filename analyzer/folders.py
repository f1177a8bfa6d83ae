"""Folder names with a fixed meaning: archfit's own cache, and the folders no run reads.

Kept apart from discovery and the cache, which import the facts' whole shape: a stored run is
shown (ADR-0020) knowing only these names.
"""

from __future__ import annotations

# archfit's cache folder, in the analysed root (ADR-0008).
CACHE_DIR = ".archfit_cache"

# Folders that never hold target code: VCS data, caches, build output, dependencies.
PRUNED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".eggs",
        ".venv",
        "__pycache__",
        "node_modules",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        CACHE_DIR,
        ".import_linter_cache",
        ".idea",
        ".vscode",
    }
)
# Build output and the usual virtualenv name: pruned unless the folder is a regular package
# (pip has ``operations/build/``, the stdlib has ``venv/``).
UNLESS_PACKAGE_DIRS = frozenset({"build", "dist", "venv"})

# Files no run opens (translations, images, fonts, web assets, compiled objects): the stat
# index (``analyzer.stat_index``) lists them by name, so adding, removing or renaming one is
# still a change, without a stat of each (Django holds 2,452 ``.po``/``.mo`` files).
UNREAD_SUFFIXES = (
    ".po", ".mo", ".pot",
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp", ".bmp",
    ".woff", ".woff2", ".ttf", ".eot", ".otf",
    ".css", ".js", ".map", ".scss",
    ".so", ".pyd", ".dll", ".dylib", ".pyc", ".o",
)  # fmt: skip

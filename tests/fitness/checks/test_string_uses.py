"""Distributions used only through strings count as used (ARC005): Django settings and URLs,
pytest plugins, Celery, and pyproject's scripts and entry points (issue 16)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from analyzer.framework_strings import python_references
from tests.conftest import check_json

SETTINGS = """\
    DJANGO_APPS = ["django.contrib.admin", "django.contrib.auth"]
    THIRD_PARTY = ("django_extensions",)
    INSTALLED_APPS = DJANGO_APPS + list(THIRD_PARTY) + ["billing"]
    INSTALLED_APPS += ["corsheaders"]
    MIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]
    ROOT_URLCONF = "site_urls"
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _found(run_cli: Any, root: Path) -> list[tuple[str, str]]:
    args = ("--no-cache", "--select", "ARC004,ARC005,ARC010")
    _, doc = check_json(run_cli, str(root), *args)
    return sorted((f["code"], f["subject"]) for f in doc["findings"])


def test_installed_apps_literals_concatenations_and_blind_spots(tmp_path: Path) -> None:
    concatenated = 'BASE = ["django.contrib.admin"]\nINSTALLED_APPS = BASE + ("billing",)\n'
    _write(tmp_path, {"settings.py": SETTINGS, "base_settings.py": concatenated})
    base = python_references(str(tmp_path), "base_settings.py")
    assert [r.module for r in base.references] == ["django.contrib.admin", "billing"]
    scan = python_references(str(tmp_path), "settings.py")
    assert [(r.module, r.via) for r in scan.references] == [
        ("corsheaders", "INSTALLED_APPS"),
        ("whitenoise.middleware.WhiteNoiseMiddleware", "MIDDLEWARE"),
        ("site_urls", "ROOT_URLCONF"),
    ]
    # list(THIRD_PARTY) is a call, not a literal: the whole value is a blind spot.
    assert scan.blind_spots == ("settings.py:3 INSTALLED_APPS is not a literal list",)


DJANGO_PROJECT = {
    "pyproject.toml": """\
        [project]
        name = "site"
        dependencies = ["django", "django-extensions", "whitenoise", "celery", "pytest-django",
                        "gunicorn", "rich", "pytest-randomly"]
        [project.scripts]
        site-admin = "rich.console:main"
        [tool.pytest.ini_options]
        addopts = "-p pytest_randomly -p no:cacheprovider"
    """,
    "site/__init__.py": "",
    "site/settings.py": """\
        INSTALLED_APPS = ["django.contrib.admin", "django_extensions", "site.billing"]
        MIDDLEWARE = ("whitenoise.middleware.WhiteNoiseMiddleware",)
        ROOT_URLCONF = "site.urls"
    """,
    "site/urls.py": (
        'from django.urls import include, path\nurls = [path("", include("site.billing.urls"))]\n'
    ),
    "site/billing/__init__.py": "",
    "site/billing/urls.py": "",
    "site/billing/models.py": (
        "from django.db import models\n"
        "class Invoice(models.Model):\n"
        '    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE)\n'
    ),
    "site/worker.py": 'from celery import Celery\napp = Celery("site", include=["site.billing"])\n',
    "conftest.py": 'pytest_plugins = ["pytest_django.plugin"]\n',
}


def test_a_django_project_uses_what_its_settings_name(tmp_path: Path, run_cli: Any) -> None:
    """django-extensions (INSTALLED_APPS), whitenoise (MIDDLEWARE), pytest-django
    (pytest_plugins), rich ([project.scripts]) and pytest-randomly (addopts -p) are used;
    gunicorn is a command; nothing is left unused."""
    _write(tmp_path, DJANGO_PROJECT)
    assert _found(run_cli, tmp_path) == []


def test_a_string_naming_an_undeclared_distribution_is_not_arc004(
    tmp_path: Path, run_cli: Any
) -> None:
    """Strings count as uses for ARC005 only: deptry and import-time checks never see them."""
    files = {**DJANGO_PROJECT, "site/settings.py": 'INSTALLED_APPS = ["debug_toolbar"]\n'}
    _write(tmp_path, files)
    assert _found(run_cli, tmp_path) == [("ARC005", "django-extensions"), ("ARC005", "whitenoise")]

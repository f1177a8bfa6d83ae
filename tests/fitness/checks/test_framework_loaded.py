"""UNX005 knows the modules a framework loads by name: Django's apps, models, admin,
migrations, management commands and template tags, and modules named in settings strings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analyzer.framework_loaded import by_convention, registering
from tests.fitness.checks.repo import found, make_repo

FUNCTION = "def handle():\n    return 1\n"
DJANGO_SHAPED = {
    "site/__init__.py": "",
    "site/settings.py": 'INSTALLED_APPS = ["site.shop"]\nROOT_URLCONF = "site.urls"\n',
    "site/urls.py": FUNCTION,
    "site/shop/__init__.py": "",
    "site/shop/apps.py": "class ShopConfig:\n    name = 'site.shop'\n",
    "site/shop/models.py": "class Order:\n    pass\n",
    "site/shop/admin.py": "from site.shop.models import Order\nregister(Order)\n"
    + FUNCTION.replace("handle", "action"),
    "site/shop/views.py": FUNCTION,
    "site/shop/orphan.py": FUNCTION,
    "site/shop/migrations/__init__.py": "",
    "site/shop/migrations/0001_initial.py": "class Migration:\n    pass\n",
    "site/shop/management/__init__.py": "",
    "site/shop/management/commands/__init__.py": "",
    "site/shop/management/commands/sync.py": "class Command:\n    pass\n",
    "site/shop/templatetags/__init__.py": "",
    "site/shop/templatetags/money.py": FUNCTION,
    "tests/test_views.py": "from site.shop import views\n",
}


def test_modules_django_loads_by_name_are_not_untested(tmp_path: Path, run_cli: Any) -> None:
    """Only the module nothing loads is reported; admin.py's registration is not a side
    effect to report (it is the convention)."""
    root = make_repo(tmp_path, DJANGO_SHAPED)
    assert found(run_cli, root, "UNX005") == [("UNX005", "site.shop.orphan")]


def test_without_the_conventions_they_would_be(tmp_path: Path, run_cli: Any) -> None:
    """The same files outside an app (no apps.py, no migrations, not installed) are judged."""
    left_out = ("/migrations", "apps.py", "settings.py", "/management", "templatetags")
    files = {
        path.replace("shop", "lib"): text.replace("shop", "lib")
        for path, text in DJANGO_SHAPED.items()
        if not any(part in path for part in left_out)
    }
    root = make_repo(tmp_path, files)
    assert sorted(found(run_cli, root, "UNX005")) == [
        ("UNX005", "site.lib.admin"),  # calls register() when imported
        ("UNX005", "site.lib.admin"),  # and no test reaches it
        ("UNX005", "site.lib.models"),
        ("UNX005", "site.lib.orphan"),
        ("UNX005", "site.urls"),
    ]


def test_an_app_is_a_package_with_apps_or_migrations_or_installed() -> None:
    """``f.migrations`` holds no numbered migration: a migrations framework (django.db), no
    app, so ``f.models`` is not loaded by convention."""
    modules = ["a.apps", "a.admin", "b.models", "b.migrations.0001_initial", "c.models"]
    modules += ["c", "c.admin", "d.models", "d.management.commands.sync", "e.models.orders"]
    modules += ["e.apps", "f.migrations.operations", "f.models.functions", "g.templatetags.money"]
    assert by_convention(modules, ["c"]) == {
        "a.apps",
        "a.admin",
        "b.models",
        "b.migrations.0001_initial",
        "c.models",
        "c.admin",
        "d.management.commands.sync",
        "e.apps",
        "e.models.orders",
        "g.templatetags.money",
    }
    assert registering(modules) == {"a.admin", "g.templatetags.money"}

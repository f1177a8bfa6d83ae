"""Modules a framework loads by name: nothing imports them, yet they run (issue 15).

Django imports, for every app in ``INSTALLED_APPS``, its ``apps``, ``models`` and ``admin``
modules (``AppConfig``, the app registry, admin autodiscovery), every migration, every
management command (``<app>.management.commands.<name>``) and every template tag library
(``<app>.templatetags.<name>``; commands and tag libraries at any depth, as Django's own).
A package is a Django app when it holds ``apps.py`` or a ``migrations`` package with a
numbered migration (``0001_initial.py``: ``django.db.migrations`` is no app), or a settings
module names it in ``INSTALLED_APPS``. Of these, ``admin`` modules and template tag libraries
exist to register things when imported (``admin.site.register``, ``register.filter``):
``registering`` names them. Modules named in
the strings ``analyzer.framework_strings`` reads (``ROOT_URLCONF``, ``include("app.urls")``,
``MIDDLEWARE``, ``pytest_plugins``, Celery's ``include=``) are loaded by name too. Read from
module names and the marked files only, never imported.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from analyzer.framework_strings import StringReference

# Modules of a Django app that Django imports itself.
APP_MODULES = ("apps", "models", "admin")
# Packages whose every module Django imports by name, at any depth.
LOADED_FOLDERS = ("management.commands", "templatetags")


def loaded_by_name(
    modules: Collection[str], references: Iterable[StringReference]
) -> frozenset[str]:
    """Every analysed module (of ``modules``) a framework loads by name: Django's app
    conventions and the modules named in framework strings (``references``: those the parse
    took from the files marked as holding such a string)."""
    named = _named_in_strings(references, modules)
    return by_convention(modules, named) | named


def by_convention(modules: Collection[str], installed: Iterable[str] = ()) -> frozenset[str]:
    """The modules Django's app conventions load, among ``modules``; ``installed`` names
    apps ``INSTALLED_APPS`` lists (a package with ``apps`` or ``migrations`` is one anyway)."""
    apps = django_apps(modules, installed)
    found = {f"{app}.{name}" for app in apps for name in APP_MODULES}
    found |= {m for m in modules if m.startswith(tuple(f"{a}.models." for a in apps))}
    found |= {m for m in modules if m.startswith(tuple(f"{a}.migrations." for a in apps))}
    found |= {m for m in modules if any(_inside(m, folder) for folder in LOADED_FOLDERS)}
    return frozenset(found & set(modules))


def django_apps(modules: Collection[str], installed: Iterable[str] = ()) -> set[str]:
    """The packages that are Django apps: ``apps.py``, numbered migrations, or installed."""
    apps = {m.removesuffix(".apps") for m in modules if m.endswith(".apps")}
    for module in modules:
        package, _, name = module.rpartition(".")
        if package.endswith(".migrations") and name[:1].isdigit():
            apps.add(package.removesuffix(".migrations"))
    return apps | {name for name in installed if name in modules}


def registering(modules: Collection[str]) -> frozenset[str]:
    """The modules Django loads to register things when imported: each app's ``admin`` and
    every template tag library; their import-time calls are the protocol."""
    admins = {f"{app}.admin" for app in django_apps(modules)}
    tags = {m for m in modules if _inside(m, "templatetags")}
    return frozenset((admins | tags) & set(modules))


def _inside(module: str, folder: str) -> bool:
    """``shop.management.commands.sync`` is inside ``management.commands``."""
    return f".{folder}." in f".{module}"


def _named_in_strings(
    references: Iterable[StringReference], modules: Collection[str]
) -> frozenset[str]:
    """The analysed modules the project names in framework strings (the longest match of a
    dotted path: ``shop.middleware.Timing`` names ``shop.middleware``)."""
    found: set[str] = set()
    for ref in references:
        found |= _longest(ref.module, modules)
    return frozenset(found)


def _longest(dotted: str, modules: Collection[str]) -> set[str]:
    parts = dotted.split(".")
    for size in range(len(parts), 0, -1):
        if (name := ".".join(parts[:size])) in modules:
            return {name}
    return set()

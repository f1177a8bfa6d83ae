"""archfit on real Django: grimp's edges and lint-imports' verdicts are the oracles.

The wheel is downloaded once into ``.targets/`` (git-ignored); the tests are skipped offline.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests import realcode
from tests.parity.archfit_report import ArchfitContract, run_archfit
from tests.parity.grimp_edges import archfit_edges, grimp_edges
from tests.parity.lint_imports import IMPORTLINTER_TYPES, LintImportsRun, run_lint_imports

pytestmark = pytest.mark.realcode


# One kept and one broken contract of each import-linter type (broken through an indirect
# chain where the type allows it), pinned to what lint-imports says on Django 5.2.8.
CONTRACTS = """
[importlinter]
root_package = django
include_external_packages = True

[importlinter:contract:layers-kept]
name = layers kept: redirects above auth
type = layers
layers =
    django.contrib.redirects
    django.contrib.auth

[importlinter:contract:layers-broken]
name = layers broken: auth above redirects, which reaches auth through admin
type = layers
layers =
    django.contrib.auth
    django.contrib.redirects

[importlinter:contract:layers-independent-siblings]
name = layers broken: test | shortcuts above db, test reaches shortcuts through auth views
type = layers
layers =
    django.test | django.shortcuts
    django.db

[importlinter:contract:layers-siblings]
name = layers kept: test : shortcuts above db
type = layers
layers =
    django.test : django.shortcuts
    django.db

[importlinter:contract:layers-containers]
name = layers broken: in flatpages and redirects, models import views
type = layers
containers =
    django.contrib.flatpages
    django.contrib.redirects
layers =
    admin
    (views)
    middleware
    models
    migrations

[importlinter:contract:forbidden-indirect]
name = forbidden broken: utils reaches contrib indirectly
type = forbidden
source_modules =
    django.utils
forbidden_modules =
    django.contrib

[importlinter:contract:forbidden-direct-only-kept]
name = forbidden kept: utils does not import contrib directly
type = forbidden
source_modules =
    django.utils
forbidden_modules =
    django.contrib
allow_indirect_imports = True

[importlinter:contract:forbidden-direct-only-broken]
name = forbidden broken: template imports db directly
type = forbidden
source_modules =
    django.template
forbidden_modules =
    django.db
allow_indirect_imports = True

[importlinter:contract:forbidden-kept]
name = forbidden kept: db does not reach test
type = forbidden
source_modules =
    django.db
forbidden_modules =
    django.test

[importlinter:contract:forbidden-external]
name = forbidden broken: utils reaches sqlparse through db, never redis
type = forbidden
source_modules =
    django.utils
forbidden_modules =
    sqlparse
    redis

[importlinter:contract:forbidden-external-kept]
name = forbidden kept: utils does not reach redis
type = forbidden
source_modules =
    django.utils
forbidden_modules =
    redis

[importlinter:contract:independence-kept]
name = independence kept: humanize, postgres, sitemaps, syndication
type = independence
modules =
    django.contrib.humanize
    django.contrib.postgres
    django.contrib.sitemaps
    django.contrib.syndication

[importlinter:contract:independence-broken]
name = independence broken: redirects reaches auth through admin
type = independence
modules =
    django.contrib.redirects
    django.contrib.auth

[importlinter:contract:acyclic-kept]
name = acyclic siblings kept: redirects, messages
type = acyclic_siblings
ancestors =
    django.contrib.redirects
    django.contrib.messages

[importlinter:contract:acyclic-broken]
name = acyclic siblings broken: sessions models and backends
type = acyclic_siblings
ancestors =
    django.contrib.sessions

[importlinter:contract:acyclic-ignored]
name = acyclic siblings kept: sessions, models' imports of backends ignored with **
type = acyclic_siblings
ancestors =
    django.contrib.sessions
ignore_imports =
    django.contrib.sessions.models -> django.contrib.sessions.backends.**

[importlinter:contract:protected-kept]
name = protected kept: only admin and auth import messages
type = protected
protected_modules =
    django.contrib.messages
allowed_importers =
    django.contrib.admin
    django.contrib.auth

[importlinter:contract:protected-broken]
name = protected broken: gis imports syndication
type = protected
protected_modules =
    django.contrib.syndication
allowed_importers =
    django.contrib.flatpages

[importlinter:contract:private-modules-kept]
name = private_modules kept: sqlite3's _functions is only imported inside the sqlite3 backend
type = private_modules
packages_with_private_modules =
    django.db

[importlinter:contract:private-modules-broken]
name = private_modules broken: nine modules outside django.utils import django.utils._os
type = private_modules
"""


@pytest.fixture(scope="module")
def django_root() -> Path:
    """Django's wheel, unzipped into .targets/django-wheel (downloaded once)."""
    return realcode.django_root()


def test_internal_edges_equal_grimps(django_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """archfit's own parse finds exactly the (importer, imported, line) edges grimp finds."""
    ours = archfit_edges(django_root, ["django"])
    theirs = grimp_edges(django_root, ["django"], monkeypatch)
    assert len(theirs) > 3000  # the oracle really read Django
    assert sorted(ours - theirs) == []
    assert sorted(theirs - ours) == []


@pytest.fixture(scope="module")
def reports(
    django_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[LintImportsRun, dict[str, ArchfitContract]]:
    """lint-imports and ``archfit check --config FILE PATH`` on Django, each run once."""
    folder = tmp_path_factory.mktemp("django-contracts")
    config = folder / ".importlinter"
    config.write_text(CONTRACTS, encoding="utf-8")
    return run_lint_imports(folder, django_root, config), run_archfit(django_root, config)


def test_verdicts_equal_lint_imports(
    reports: tuple[LintImportsRun, dict[str, ArchfitContract]],
) -> None:
    """Every contract of the configuration is KEPT or BROKEN alike."""
    theirs, ours = reports
    assert {name: c.kept for name, c in ours.items()} == theirs.verdicts(), theirs.output


def test_contracts_cover_every_type_kept_and_broken(
    reports: tuple[LintImportsRun, dict[str, ArchfitContract]],
) -> None:
    """The configuration still exercises what it was written for on this Django version."""
    theirs, ours = reports
    intended = {name: " kept" in name.partition(":")[0] for name in theirs.contracts}
    assert theirs.verdicts() == intended, theirs.output
    assert {(c.type, c.kept) for c in ours.values()} == set(
        itertools.product(IMPORTLINTER_TYPES, (True, False))
    )


def test_violations_name_what_lint_imports_names(
    reports: tuple[LintImportsRun, dict[str, ArchfitContract]],
) -> None:
    """Same violated pairs and illegal imports, same cuts, equally short forbidden chains.

    Among equally short chains grimp's pick depends on the order modules entered the graph,
    so the middle modules may differ; the pairs, cycle cuts and chain lengths may not.
    """
    theirs, ours = reports
    for name, contract in ours.items():
        report = theirs.contracts[name]
        if contract.type in ("protected", "private_modules"):
            assert contract.pairs() == report.illegal_imports(), report.details
        elif contract.type == "acyclic_siblings":
            assert contract.cycle_dependencies() == report.cycle_dependencies(), report.details
        else:
            assert contract.pairs() == report.pairs(), report.details
        if contract.type == "forbidden":
            lengths = report.shortest_chain_lengths()
            assert contract.shortest_chain_lengths() == lengths, report.details
            assert contract.kept == (not lengths)

"""Stack detection: the technology table, its detection on import edges, and its documentation."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from analyzer.facts import ImportEdge
from analyzer.facts import ImportKind as K
from analyzer.project import analyze
from analyzer.stack import CATEGORIES, TECHNOLOGIES, Detected, Technology, detect_stack
from tests.analyzer.trees import write_tree
from tests.conftest import REPO

# (category, technology, package, modules, example)
Row = tuple[str, str, str, int, str]

# The standard-library modules the table lists on purpose (docs/stack-detection.md says why).
STDLIB_LISTED = {"sqlite3", "dbm", "shelve", "logging"}


def ext(importer: str, imported: str, kind: K = K.IMPORT) -> ImportEdge:
    """An external edge, as analyzer.graph makes one."""
    return ImportEdge(importer, imported, 1, 1, kind, external=True)


def rows(found: tuple[Detected, ...]) -> list[Row]:
    """Detected rows as comparable tuples, in the order detect_stack gave them."""
    return [(d.category, d.technology, d.package, d.modules, d.example) for d in found]


# --- the table --------------------------------------------------------------------------------


def test_every_category_used_is_declared_and_every_declared_one_is_used() -> None:
    used = {t.category for t in TECHNOLOGIES}
    assert used == set(CATEGORIES)
    assert len(CATEGORIES) == len(set(CATEGORIES))


def test_the_guides_category_names_are_kept() -> None:
    guide = {"relational store", "document store", "key-value store", "time-series store"}
    guide |= {"graph store", "message queue", "event stream", "web framework", "tracing"}
    guide |= {"metrics", "logging"}
    assert guide <= set(CATEGORIES)


def test_an_import_name_belongs_to_exactly_one_technology() -> None:
    counts = Counter(p for t in TECHNOLOGIES for p in t.packages)
    assert [p for p, n in counts.items() if n > 1] == []


def test_technology_names_are_unique_and_nothing_is_empty() -> None:
    names = [t.name for t in TECHNOLOGIES]
    assert len(names) == len(set(names))
    assert all(t.name.strip() and t.packages for t in TECHNOLOGIES)
    assert all(p and p.isidentifier() for t in TECHNOLOGIES for p in t.packages)


def test_only_the_chosen_stdlib_modules_are_listed() -> None:
    listed = {p for t in TECHNOLOGIES for p in t.packages}
    assert listed & sys.stdlib_module_names == STDLIB_LISTED


def test_the_table_covers_the_usual_suspects() -> None:
    by_package = {p: t.category for t in TECHNOLOGIES for p in t.packages}
    assert by_package["psycopg2"] == by_package["MySQLdb"] == "relational store"
    assert by_package["confluent_kafka"] == "event stream"
    assert by_package["pika"] == "message queue"
    assert by_package["opensearchpy"] == "search engine"
    assert by_package["influxdb_client"] == "time-series store"
    assert by_package["sentry_sdk"] == "error tracking"
    assert len(TECHNOLOGIES) >= 100


# --- detection on hand-built edges -------------------------------------------------------------


def test_counts_distinct_importing_modules_and_names_the_first() -> None:
    edges = [ext("app.web", "redis"), ext("app.cache", "redis"), ext("app.web", "redis")]
    assert rows(detect_stack(edges)) == [("key-value store", "Redis", "redis", 2, "app.cache")]


def test_each_import_name_of_a_technology_is_its_own_row() -> None:
    edges = [ext("a", "psycopg2"), ext("b", "psycopg"), ext("c", "psycopg")]
    assert rows(detect_stack(edges)) == [
        ("relational store", "PostgreSQL (psycopg)", "psycopg", 2, "b"),
        ("relational store", "PostgreSQL (psycopg)", "psycopg2", 1, "a"),
    ]


def test_internal_and_unknown_imports_are_ignored() -> None:
    internal = ImportEdge("app.web", "flask", 1, 1, K.IMPORT, external=False)
    edges = [internal, ext("app.web", "attrs"), ext("app.web", "os")]
    assert detect_stack(edges) == ()


def test_every_import_kind_counts() -> None:
    edges = [ext("a", "celery", K.LAZY), ext("b", "celery", K.TYPE_ONLY), ext("c", "celery")]
    assert rows(detect_stack(edges)) == [("task queue", "Celery", "celery", 3, "a")]


def test_a_dotted_external_root_is_matched_on_its_head() -> None:
    # Below a namespace package the target shares, the external root keeps a dot (google.cloud).
    assert rows(detect_stack([ext("g.app", "google.cloud")])) == [
        ("cloud SDK", "Google (google.*)", "google", 1, "g.app")
    ]


def test_rows_follow_category_order_then_name() -> None:
    edges = [ext("m", p) for p in ("logging", "sentry_sdk", "flask", "django", "aiohttp")]
    edges += [ext("m", p) for p in ("sqlite3", "opentelemetry", "boto3")]
    assert [(d.category, d.technology) for d in detect_stack(edges)] == [
        ("web framework", "aiohttp (server and client)"),
        ("web framework", "Django"),
        ("web framework", "Flask"),
        ("relational store", "SQLite (sqlite3, stdlib)"),
        ("tracing", "OpenTelemetry"),
        ("logging", "logging (stdlib)"),
        ("error tracking", "Sentry"),
        ("cloud SDK", "AWS (boto3)"),
    ]


def test_nothing_imported_detects_nothing() -> None:
    assert detect_stack([]) == ()


# --- a tiny project, analysed end to end -------------------------------------------------------

SHOP = {
    "shop/__init__.py": "",
    "shop/web.py": "from flask import Flask\nimport logging\nfrom shop import db\n",
    "shop/db.py": "from sqlalchemy.orm import Session\nimport redis\n",
    "shop/tasks.py": "from celery import Celery\nimport redis.asyncio\n",
    "shop/tracing.py": "from opentelemetry import trace\nimport attrs\n",
    "shop/lazy.py": "def handler() -> None:\n    from opentelemetry.trace import get_tracer\n",
}


def test_a_project_is_analysed_into_its_stack(tmp_path: Path) -> None:
    facts = analyze(str(write_tree(tmp_path, SHOP)), jobs=1)
    assert rows(detect_stack(facts.edges)) == [
        ("web framework", "Flask", "flask", 1, "shop.web"),
        ("data access / ORM", "SQLAlchemy", "sqlalchemy", 1, "shop.db"),
        ("key-value store", "Redis", "redis", 2, "shop.db"),
        ("task queue", "Celery", "celery", 1, "shop.tasks"),
        ("tracing", "OpenTelemetry", "opentelemetry", 2, "shop.lazy"),
        ("logging", "logging (stdlib)", "logging", 1, "shop.web"),
    ]


# --- the documentation -------------------------------------------------------------------------


def test_the_doc_lists_every_category_technology_and_import_name() -> None:
    doc = (REPO / "docs" / "stack-detection.md").read_text(encoding="utf-8")
    assert [c for c in CATEGORIES if f"### {c}\n" not in doc] == []
    assert [t.name for t in TECHNOLOGIES if doc_row(t) not in doc] == []


def doc_row(tech: Technology) -> str:
    """The doc's table row for one technology: its name, then its import names in order."""
    return f"| {tech.name} | {', '.join(f'`{p}`' for p in tech.packages)} |"

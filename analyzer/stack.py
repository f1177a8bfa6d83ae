"""Known technologies (frameworks, stores, brokers, observability, cloud SDKs) a target imports.

A fact, never a judgment: the report's "Detected stack" section lists what is imported, in the
categories of the architecture guide (Database Selection; message queues and event streams;
metrics, logging and tracing). ``docs/stack-detection.md`` lists the table for readers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from analyzer.facts import ImportEdge
from archfit_values import frozen

_WEB = "web framework"
_API = "API / RPC"
_HTTP = "HTTP client"
_SQL = "relational store"
_ORM = "data access / ORM"
_DOC = "document store"
_KV = "key-value store"
_WIDE = "wide-column store"
_TS = "time-series store"
_GRAPH = "graph store"
_SEARCH = "search engine"
_VECTOR = "vector store"
_MQ = "message queue"
_STREAM = "event stream"
_TASK = "task queue"
_FLOW = "workflow engine"
_TRACE = "tracing"
_METRICS = "metrics"
_LOG = "logging"
_ERRORS = "error tracking"
_CLOUD = "cloud SDK"
_CONTAINER = "container platform"
_IAC = "infrastructure as code"

# Display order of the report: serving, then data, then messaging, then observability, then
# where it runs. The guide's own names are kept where it has one.
CATEGORIES: tuple[str, ...] = (
    *(_WEB, _API, _HTTP),
    *(_SQL, _ORM, _DOC, _KV, _WIDE, _TS, _GRAPH, _SEARCH, _VECTOR),
    *(_MQ, _STREAM, _TASK, _FLOW),
    *(_TRACE, _METRICS, _LOG, _ERRORS),
    *(_CLOUD, _CONTAINER, _IAC),
)


@frozen
class Technology:
    """One technology and the top-level import names that reveal it."""

    name: str
    category: str  # one of CATEGORIES
    packages: tuple[str, ...]  # top-level import names, not distribution names


@frozen
class Detected:
    """One import name of a known technology, with how many analysed modules import it."""

    category: str
    technology: str  # Technology.name
    package: str  # the top-level import name seen
    modules: int  # distinct importing modules
    example: str  # the alphabetically first importing module


# Stdlib modules appear only where the import alone names a technology: sqlite3, dbm/shelve
# and logging. urllib, http, queue and multiprocessing are left out: importing them says
# nothing about a server, a broker or an HTTP client (urllib.parse, in-process queues).
TECHNOLOGIES: tuple[Technology, ...] = (
    Technology("Django", _WEB, ("django",)),
    Technology("Flask", _WEB, ("flask",)),
    Technology("FastAPI", _WEB, ("fastapi",)),
    Technology("Starlette", _WEB, ("starlette",)),
    # Client and server share one import name; they cannot be told apart.
    Technology("aiohttp (server and client)", _WEB, ("aiohttp",)),
    Technology("Tornado", _WEB, ("tornado",)),
    Technology("Pyramid", _WEB, ("pyramid",)),
    Technology("Falcon", _WEB, ("falcon",)),
    Technology("Sanic", _WEB, ("sanic",)),
    Technology("Litestar", _WEB, ("litestar",)),
    Technology("Bottle", _WEB, ("bottle",)),
    Technology("Quart", _WEB, ("quart",)),
    Technology("CherryPy", _WEB, ("cherrypy",)),
    Technology("Robyn", _WEB, ("robyn",)),
    Technology("BlackSheep", _WEB, ("blacksheep",)),
    Technology("gRPC (grpcio)", _API, ("grpc",)),
    Technology("gRPC (grpclib)", _API, ("grpclib",)),
    Technology("GraphQL (Graphene)", _API, ("graphene",)),
    Technology("GraphQL (Strawberry)", _API, ("strawberry",)),
    Technology("GraphQL (Ariadne)", _API, ("ariadne",)),
    Technology("GraphQL (graphql-core)", _API, ("graphql",)),
    Technology("GraphQL client (gql)", _API, ("gql",)),
    Technology("Django REST framework", _API, ("rest_framework",)),
    Technology("Django Ninja", _API, ("ninja",)),
    Technology("Apache Thrift", _API, ("thrift",)),
    Technology("OpenAPI (Connexion)", _API, ("connexion",)),
    Technology("SOAP (Zeep)", _API, ("zeep",)),
    Technology("Requests", _HTTP, ("requests",)),
    Technology("HTTPX", _HTTP, ("httpx",)),
    Technology("urllib3", _HTTP, ("urllib3",)),
    Technology("httplib2", _HTTP, ("httplib2",)),
    Technology("PycURL", _HTTP, ("pycurl",)),
    Technology("PostgreSQL (psycopg)", _SQL, ("psycopg", "psycopg2", "psycopg_pool")),
    Technology("PostgreSQL (asyncpg)", _SQL, ("asyncpg",)),
    Technology("PostgreSQL (aiopg)", _SQL, ("aiopg",)),
    Technology("PostgreSQL (pg8000)", _SQL, ("pg8000",)),
    Technology("MySQL (PyMySQL)", _SQL, ("pymysql",)),
    Technology("MySQL (mysqlclient)", _SQL, ("MySQLdb",)),
    Technology("MySQL (mysql-connector)", _SQL, ("mysql",)),  # import mysql.connector
    Technology("MySQL (aiomysql)", _SQL, ("aiomysql",)),
    Technology("SQLite (sqlite3, stdlib)", _SQL, ("sqlite3",)),
    Technology("SQLite (aiosqlite)", _SQL, ("aiosqlite",)),
    Technology("Oracle (oracledb, cx_Oracle)", _SQL, ("oracledb", "cx_Oracle")),
    Technology("ODBC (pyodbc)", _SQL, ("pyodbc",)),
    Technology("SQL Server (pymssql)", _SQL, ("pymssql",)),
    Technology("Db2 (ibm_db)", _SQL, ("ibm_db",)),
    Technology("DuckDB", _SQL, ("duckdb",)),
    Technology("ClickHouse", _SQL, ("clickhouse_driver", "clickhouse_connect")),
    Technology("SQLAlchemy", _ORM, ("sqlalchemy", "flask_sqlalchemy")),
    Technology("SQLModel", _ORM, ("sqlmodel",)),
    Technology("Peewee", _ORM, ("peewee", "playhouse")),
    Technology("Tortoise ORM", _ORM, ("tortoise",)),
    Technology("Pony ORM", _ORM, ("pony",)),
    Technology("Piccolo", _ORM, ("piccolo",)),
    Technology("ormar", _ORM, ("ormar",)),
    Technology("databases (encode)", _ORM, ("databases",)),
    Technology("Alembic (migrations)", _ORM, ("alembic", "flask_migrate")),
    # bson and gridfs ship inside the pymongo distribution.
    Technology("MongoDB (PyMongo)", _DOC, ("pymongo", "bson", "gridfs")),
    Technology("MongoDB (Motor)", _DOC, ("motor",)),
    Technology("MongoDB (MongoEngine)", _DOC, ("mongoengine",)),
    Technology("MongoDB (Beanie)", _DOC, ("beanie",)),
    Technology("MongoDB (ODMantic)", _DOC, ("odmantic",)),
    Technology("CouchDB", _DOC, ("couchdb",)),
    Technology("Couchbase", _DOC, ("couchbase",)),
    Technology("RethinkDB", _DOC, ("rethinkdb",)),
    Technology("TinyDB", _DOC, ("tinydb",)),
    Technology("Redis", _KV, ("redis",)),
    Technology("Redis (aioredis)", _KV, ("aioredis",)),
    Technology("Valkey", _KV, ("valkey",)),
    Technology("Memcached (pymemcache)", _KV, ("pymemcache",)),
    Technology("Memcached (python-memcached)", _KV, ("memcache",)),
    Technology("Memcached (pylibmc)", _KV, ("pylibmc",)),
    # The guide names DynamoDB under both document and key-value; its core model is key-value.
    Technology("DynamoDB (PynamoDB)", _KV, ("pynamodb",)),
    Technology("etcd", _KV, ("etcd3", "etcd")),
    Technology("Consul", _KV, ("consul",)),
    Technology("LMDB", _KV, ("lmdb",)),
    Technology("LevelDB (plyvel)", _KV, ("plyvel",)),
    Technology("DiskCache", _KV, ("diskcache",)),
    Technology("dbm / shelve (stdlib)", _KV, ("dbm", "shelve")),
    Technology("Cassandra / ScyllaDB", _WIDE, ("cassandra",)),
    Technology("HBase (happybase)", _WIDE, ("happybase",)),
    Technology("InfluxDB 1.x (influxdb)", _TS, ("influxdb",)),
    Technology("InfluxDB 2.x (influxdb-client)", _TS, ("influxdb_client",)),
    Technology("InfluxDB 3 (influxdb3-python)", _TS, ("influxdb_client_3",)),
    Technology("QuestDB", _TS, ("questdb",)),
    Technology("Neo4j", _GRAPH, ("neo4j",)),
    Technology("Neo4j (py2neo)", _GRAPH, ("py2neo",)),
    Technology("Neo4j (neomodel)", _GRAPH, ("neomodel",)),
    Technology("Gremlin / TinkerPop", _GRAPH, ("gremlin_python",)),
    Technology("ArangoDB", _GRAPH, ("arango",)),
    Technology("Dgraph", _GRAPH, ("pydgraph",)),
    Technology("NebulaGraph", _GRAPH, ("nebula3",)),
    Technology("Elasticsearch", _SEARCH, ("elasticsearch", "elasticsearch_dsl")),
    Technology("OpenSearch", _SEARCH, ("opensearchpy", "opensearch_dsl")),
    Technology("Meilisearch", _SEARCH, ("meilisearch",)),
    Technology("Typesense", _SEARCH, ("typesense",)),
    Technology("Solr (pysolr)", _SEARCH, ("pysolr",)),
    Technology("Algolia", _SEARCH, ("algoliasearch",)),
    Technology("Whoosh", _SEARCH, ("whoosh",)),
    Technology("Tantivy", _SEARCH, ("tantivy",)),
    Technology("Pinecone", _VECTOR, ("pinecone",)),
    Technology("Qdrant", _VECTOR, ("qdrant_client",)),
    Technology("Weaviate", _VECTOR, ("weaviate",)),
    Technology("Chroma", _VECTOR, ("chromadb",)),
    Technology("Milvus", _VECTOR, ("pymilvus",)),
    Technology("pgvector", _VECTOR, ("pgvector",)),
    Technology("LanceDB", _VECTOR, ("lancedb",)),
    Technology("RabbitMQ (pika)", _MQ, ("pika",)),
    Technology("RabbitMQ (aio-pika)", _MQ, ("aio_pika",)),
    Technology("RabbitMQ (py-amqp)", _MQ, ("amqp",)),
    # Kombu fronts several brokers (AMQP, Redis, SQS); which one is configuration, not import.
    Technology("Kombu", _MQ, ("kombu",)),
    Technology("NATS", _MQ, ("nats",)),
    Technology("ZeroMQ", _MQ, ("zmq",)),
    Technology("STOMP (stomp.py)", _MQ, ("stomp",)),
    Technology("MQTT (paho-mqtt)", _MQ, ("paho",)),
    Technology("MQTT (aiomqtt)", _MQ, ("aiomqtt",)),
    Technology("Kafka (kafka-python)", _STREAM, ("kafka",)),
    Technology("Kafka (confluent-kafka)", _STREAM, ("confluent_kafka",)),
    Technology("Kafka (aiokafka)", _STREAM, ("aiokafka",)),
    Technology("Kafka (Faust)", _STREAM, ("faust",)),
    Technology("Kafka (Quix Streams)", _STREAM, ("quixstreams",)),
    Technology("Pulsar", _STREAM, ("pulsar",)),
    Technology("Celery", _TASK, ("celery",)),
    Technology("RQ", _TASK, ("rq",)),
    Technology("Dramatiq", _TASK, ("dramatiq",)),
    Technology("Huey", _TASK, ("huey",)),
    Technology("arq", _TASK, ("arq",)),
    Technology("Taskiq", _TASK, ("taskiq",)),
    Technology("Procrastinate", _TASK, ("procrastinate",)),
    Technology("SAQ", _TASK, ("saq",)),
    Technology("APScheduler", _TASK, ("apscheduler",)),
    Technology("Airflow", _FLOW, ("airflow",)),
    Technology("Prefect", _FLOW, ("prefect",)),
    Technology("Dagster", _FLOW, ("dagster",)),
    Technology("Temporal", _FLOW, ("temporalio",)),
    Technology("Luigi", _FLOW, ("luigi",)),
    Technology("OpenTelemetry", _TRACE, ("opentelemetry",)),
    Technology("OpenTracing", _TRACE, ("opentracing",)),
    Technology("OpenCensus", _TRACE, ("opencensus",)),
    Technology("Jaeger (jaeger-client)", _TRACE, ("jaeger_client",)),
    Technology("Zipkin (py_zipkin)", _TRACE, ("py_zipkin",)),
    Technology("Datadog APM (ddtrace)", _TRACE, ("ddtrace",)),
    Technology("Elastic APM", _TRACE, ("elasticapm",)),
    Technology("New Relic", _TRACE, ("newrelic",)),
    Technology("AWS X-Ray", _TRACE, ("aws_xray_sdk",)),
    Technology("Prometheus", _METRICS, ("prometheus_client",)),
    Technology("Prometheus (django-prometheus)", _METRICS, ("django_prometheus",)),
    Technology("StatsD", _METRICS, ("statsd",)),
    Technology("Datadog (DogStatsD, API)", _METRICS, ("datadog",)),
    Technology("logging (stdlib)", _LOG, ("logging",)),
    Technology("structlog", _LOG, ("structlog",)),
    Technology("Loguru", _LOG, ("loguru",)),
    Technology("python-json-logger", _LOG, ("pythonjsonlogger",)),
    Technology("Eliot", _LOG, ("eliot",)),
    Technology("Logbook", _LOG, ("logbook",)),
    Technology("CloudWatch Logs (watchtower)", _LOG, ("watchtower",)),
    Technology("Sentry", _ERRORS, ("sentry_sdk", "raven")),  # raven: the legacy client
    Technology("Rollbar", _ERRORS, ("rollbar",)),
    Technology("Bugsnag", _ERRORS, ("bugsnag",)),
    Technology("Airbrake", _ERRORS, ("pybrake",)),
    Technology("Honeybadger", _ERRORS, ("honeybadger",)),
    Technology("Raygun", _ERRORS, ("raygun4py",)),
    Technology("AWS (boto3)", _CLOUD, ("boto3", "botocore")),
    Technology("AWS (aioboto3)", _CLOUD, ("aioboto3", "aiobotocore")),
    # External imports are squashed to their top-level name, so google-cloud-*, google-auth
    # and protobuf all land on "google" and cannot be told apart.
    Technology("Google (google.*)", _CLOUD, ("google",)),
    Technology("Google APIs (google-api-python-client)", _CLOUD, ("googleapiclient",)),
    Technology("Firebase (firebase-admin)", _CLOUD, ("firebase_admin",)),
    Technology("Azure (azure.*)", _CLOUD, ("azure",)),
    Technology("Oracle Cloud (oci)", _CLOUD, ("oci",)),
    Technology("Kubernetes", _CONTAINER, ("kubernetes",)),
    Technology("Docker", _CONTAINER, ("docker",)),
    Technology("Pulumi", _IAC, ("pulumi",)),
    Technology("AWS CDK", _IAC, ("aws_cdk",)),
    Technology("CDK for Terraform", _IAC, ("cdktf",)),
)

_BY_PACKAGE: Mapping[str, Technology] = MappingProxyType(
    {package: tech for tech in TECHNOLOGIES for package in tech.packages}
)


def detect_stack(edges: Iterable[ImportEdge]) -> tuple[Detected, ...]:
    """Known technologies among the external import edges, by CATEGORIES, technology, package.

    Every import kind counts (a type-only or lazy import still names the technology); internal
    edges never do, even when a target package shares a technology's name.
    """
    importers: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        package = edge.imported.partition(".")[0]
        if edge.external and package in _BY_PACKAGE:
            importers[package].add(edge.importer)
    found = (_detected(package, modules) for package, modules in importers.items())
    return tuple(sorted(found, key=_display_order))


def _detected(package: str, importers: set[str]) -> Detected:
    tech = _BY_PACKAGE[package]
    return Detected(tech.category, tech.name, package, len(importers), min(importers))


def _display_order(row: Detected) -> tuple[int, str, str, str]:
    # Case-folded first so "aiohttp" sorts among "Django" and "Flask", not after them.
    return CATEGORIES.index(row.category), row.technology.casefold(), row.technology, row.package

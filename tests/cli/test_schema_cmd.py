"""``archfit schema``: every machine format's JSON Schema, shipped in the package."""

from __future__ import annotations

import json
from typing import Any

import jsonschema

NAMES = ["adr-list", "adr-show", "baseline", "check", "gitlab", "graph", "metrics", "report"]


def test_lists_every_schema_and_prints_each_as_a_valid_json_schema(run_cli: Any) -> None:
    code, out, _ = run_cli("schema")
    assert (code, out.split()) == (0, NAMES)
    for name in NAMES:
        code, out, _ = run_cli("schema", name)
        schema = json.loads(out)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert code == 0 and schema["$id"] == f"urn:archfit:schema:{name}"


def test_an_unknown_name_exits_2_with_a_did_you_mean(run_cli: Any) -> None:
    code, out, err = run_cli("schema", "metric")
    assert (code, out) == (2, "")
    assert "no schema named 'metric'" in err and "did you mean 'metrics'?" in err


def test_schema_versions_match_what_the_reporters_write(run_cli: Any) -> None:
    """A schema pins its document's ``schema_version``: bumping one without the other fails."""
    from fitness.reporters import json_format, metrics_json

    for name, version in (
        ("check", json_format.SCHEMA_VERSION),
        ("metrics", metrics_json.SCHEMA_VERSION),
    ):
        schema = json.loads(run_cli("schema", name)[1])
        assert schema["properties"]["schema_version"]["const"] == version

"""Validate archfit's machine outputs: JSON against the schemas it ships, JUnit against an XSD.

The JSON Schemas are the ones ``archfit schema NAME`` prints (fitness/schemas/); the XSD
(tests/fitness/junit.xsd) describes the JUnit XML that GitLab, Jenkins and Azure read, and is
checked with ``xmlschema`` (a dev dependency, pure Python).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import xmlschema

from fitness.cli.schema_cmd import schema_text

JUNIT_XSD = Path(__file__).parent / "fitness" / "junit.xsd"


@functools.cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_text(name))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(name: str, document: Any) -> list[str]:
    """Every way ``document`` breaks schema ``name``, as readable lines (none when valid)."""
    found = _validator(name).iter_errors(document)
    return [f"{name}: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


@functools.cache
def _junit() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(JUNIT_XSD))


def junit_errors(text: str) -> list[str]:
    """Every way the JUnit XML ``text`` breaks the XSD (none when valid)."""
    return [str(error.reason) for error in _junit().iter_errors(text)]

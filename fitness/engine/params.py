"""The parameters a pack rule's check runs with, from the pack, the config and the check.

One place, so the engine and the tests that run a check alone give it the same values.
"""

from __future__ import annotations

from typing import Any

from fitness import catalog
from fitness.checks.base import Check, resolved_params, settings_read
from fitness.config import Config


def rule_params(check_impl: Check, doc: catalog.RuleDoc, config: Config) -> dict[str, Any]:
    """The pack's params, the config's override over them, and for the rest the
    configuration settings the check declares it reads (``Param.setting``, a field of
    ``Config``), else the declared defaults."""
    override = config.rules.get(doc.code) or config.rules.get(doc.name)
    params = {**doc.params, **(override.params if override else {})}
    settings = {key: getattr(config, key) for key in settings_read(check_impl)}
    return resolved_params(check_impl, params, settings)

"""Checks by id: pack rules name one in ``check:``; the engine looks it up here."""

from __future__ import annotations

from collections.abc import Mapping

from fitness.checks.base import Check
from fitness.checks.import_cycle import ImportCycleCheck

CHECKS: Mapping[str, Check] = {check.id: check for check in (ImportCycleCheck(),)}

"""The checks for the kinds of dependency problem deptry names beyond missing and unused
(issue 16), registered as one group so the registry stays one table of small imports."""

from __future__ import annotations

from fitness.checks.base import Check
from fitness.checks.dev_dependency_in_library import DevDependencyInLibraryCheck
from fitness.checks.no_dependency_declarations import NoDependencyDeclarationsCheck
from fitness.checks.stdlib_declared import StdlibDeclaredCheck
from fitness.checks.transitive_dependency import TransitiveDependencyCheck

DEPENDENCY_CHECKS: tuple[Check, ...] = (
    TransitiveDependencyCheck(),
    DevDependencyInLibraryCheck(),
    StdlibDeclaredCheck(),
    NoDependencyDeclarationsCheck(),
)

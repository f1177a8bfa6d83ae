"""Checks by id: pack rules name one in ``check:``; the engine looks it up here."""

from __future__ import annotations

from collections.abc import Mapping

from fitness.checks.base import Check
from fitness.checks.dependency_checks import DEPENDENCY_CHECKS
from fitness.checks.entry_point_without_logging import EntryPointWithoutLoggingCheck
from fitness.checks.explicit_dependencies import ExplicitDependenciesCheck
from fitness.checks.import_cycle import ImportCycleCheck
from fitness.checks.inheritance_depth import InheritanceDepthCheck
from fitness.checks.interface_width import InterfaceWidthCheck
from fitness.checks.main_sequence_distance import MainSequenceDistanceCheck
from fitness.checks.maintainability import MaintainabilityCheck
from fitness.checks.max_cyclomatic import MaxCyclomaticCheck
from fitness.checks.middle_man import MiddleManCheck
from fitness.checks.minimal_dependencies import MinimalDependenciesCheck
from fitness.checks.module_size import ModuleSizeCheck
from fitness.checks.one_sentence import OneSentenceCheck
from fitness.checks.package_budget import PackageBudgetCheck
from fitness.checks.pass_through_wrapper import PassThroughWrapperCheck
from fitness.checks.print_in_library import PrintInLibraryCheck
from fitness.checks.private_access import PrivateAccessCheck
from fitness.checks.shallow_module import ShallowModuleCheck
from fitness.checks.single_implementation import SingleImplementationCheck
from fitness.checks.single_purpose import SinglePurposeCheck
from fitness.checks.stable_dependencies import StableDependenciesCheck
from fitness.checks.testable_in_isolation import TestableInIsolationCheck
from fitness.checks.undeclared_dependency import UndeclaredDependencyCheck
from fitness.checks.unused_dependency import UnusedDependencyCheck

# Unix philosophy and observability packs (issue 5).
_MODULE_CHECKS: tuple[Check, ...] = (
    SinglePurposeCheck(),
    OneSentenceCheck(),
    MinimalDependenciesCheck(),
    ExplicitDependenciesCheck(),
    TestableInIsolationCheck(),
    PrivateAccessCheck(),
    ModuleSizeCheck(),
    InterfaceWidthCheck(),
    PrintInLibraryCheck(),
    EntryPointWithoutLoggingCheck(),
)

# Complexity-budget and architecture packs (issue 5).
_BUDGET_CHECKS: tuple[Check, ...] = (
    MaxCyclomaticCheck(),
    MaintainabilityCheck(),
    PackageBudgetCheck(),
    PassThroughWrapperCheck(),
    SingleImplementationCheck(),
    ShallowModuleCheck(),
    InheritanceDepthCheck(),
    MiddleManCheck(),
    MainSequenceDistanceCheck(),
    StableDependenciesCheck(),
    UndeclaredDependencyCheck(),
    UnusedDependencyCheck(),
)


CHECKS: Mapping[str, Check] = {
    check.id: check
    for check in (ImportCycleCheck(), *_MODULE_CHECKS, *_BUDGET_CHECKS, *DEPENDENCY_CHECKS)
}

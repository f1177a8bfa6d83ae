"""Which files each rule judges, applied once to every finding of a run (issue 15).

A rule judges the file roles its pack entry lists (``roles``, ``[library]`` when absent; the
built-in INP001-INP003 judge every role), unless the configuration says otherwise for it
(``[tool.archfit.rules] CODE = { roles = [...] }``). A check may say that one of its
parameters adds a role (``role_params``: CBX001's ``include_tests = true`` adds ``tests``).
The checks see every analysed file; the engine keeps a finding only when the role of its file
is one its rule judges, so narrowing or widening a rule never needs the check to know. Rules
with no roles (contracts, ADRs, blind spots, unused suppressions) are never narrowed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from analyzer.facts import Facts
from analyzer.roles import Role, role_of
from archfit_values import frozen
from fitness import catalog
from fitness.checks.registry import CHECKS
from fitness.config import Config
from fitness.engine.params import rule_params
from fitness.results.findings import Finding, RoleFiles


@frozen
class RoleFilter:
    """Each rule's judged roles, by code (a path's role is cached by ``role_of`` itself)."""

    configured: tuple[tuple[str, Role], ...]
    judged: Mapping[str, frozenset[Role]]

    def role(self, path: str) -> Role:
        """The role of a project-relative path, the configured globs first."""
        return role_of(path, self.configured)

    def judges(self, code: str, path: str) -> bool:
        """Whether the rule with ``code`` judges the file at ``path`` (always, for a rule
        without roles)."""
        roles = self.judged.get(code)
        return roles is None or self.role(path) in roles

    def keeps(self, finding: Finding) -> bool:
        """Whether the finding's rule judges its file's role."""
        return self.judges(finding.code, finding.path)

    def kept(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings whose rules judge their files (each file's role looked up once)."""
        roles: dict[str, Role] = {}
        found = []
        for finding in findings:
            judged = self.judged.get(finding.code)
            if judged is not None:
                role = roles.get(finding.path)
                if role is None:
                    role = roles[finding.path] = self.role(finding.path)
                if role not in judged:
                    continue
            found.append(finding)
        return found


def role_filter(config: Config, rules: catalog.Catalog) -> RoleFilter:
    """The roles every rule of ``rules`` judges under ``config``."""
    judged = {doc.code: judged_roles(doc, config) for doc in rules.rules if doc.roles}
    return RoleFilter(config.roles, judged)


def judged_roles(doc: catalog.RuleDoc, config: Config) -> frozenset[Role]:
    """The rule's own roles, or the configuration's for it; plus the roles its check's
    ``role_params`` add when those parameters are true."""
    override = config.rules.get(doc.code) or config.rules.get(doc.name)
    roles = set(doc.roles if override is None or override.roles is None else override.roles)
    check_impl = CHECKS.get(doc.check)
    adds: Mapping[str, Role] = getattr(check_impl, "role_params", {})
    if check_impl is not None and adds:
        params = rule_params(check_impl, doc, config)
        roles |= {role for name, role in adds.items() if params.get(name) is True}
    return frozenset(roles)


def files_by_role(facts: Facts, configured: Sequence[tuple[str, Role]]) -> tuple[RoleFiles, ...]:
    """Every analysed file under its role, roles in the table's order (empty ones left out)."""
    grouped: dict[Role, list[str]] = defaultdict(list)
    for parsed in facts.parsed:
        grouped[role_of(parsed.source.path, configured)].append(parsed.source.path)
    return tuple(
        RoleFiles(role.value, tuple(sorted(grouped[role]))) for role in Role if grouped[role]
    )

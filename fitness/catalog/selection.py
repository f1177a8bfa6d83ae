"""What a run judges: the codes, contracts and files a command selected.

Every value a user types is checked against what archfit knows (the built-in codes, the loaded
packs' codes and names, the config's contract ids): an unknown one is an error naming the
closest known value, never a silently empty selection that passes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from analyzer.patterns import compiled_later
from archfit_values import frozen
from fitness import catalog
from fitness.exceptions import UsageError
from fitness.results.findings import Finding

# Compiled on first use (``analyzer.patterns``): read for a did-you-mean hint alone, never
# by a run whose selection names known codes.
_FAMILY = compiled_later(r"[A-Z]+")


@frozen
class Selection:
    """Which findings to report (codes or prefixes; select first, then ignore), which
    contracts to run (``--contract``; none named means every one), and which files the
    per-file rules look at (None: every file). Everything else judges the whole target."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    files: frozenset[str] | None = None
    contracts: tuple[str, ...] = ()

    def wants(self, code: str) -> bool:
        """Whether a finding with ``code`` is reported."""
        if self.select and not code.startswith(self.select):
            return False
        return not (self.ignore and code.startswith(self.ignore))

    def runs_contract(self, contract_id: str) -> bool:
        """Whether the contract with this id is checked (``--contract`` names it, or none)."""
        return not self.contracts or contract_id in self.contracts

    def keeps(self, finding: Finding) -> bool:
        """Whether a finding is reported: its code selected, and with ``--contract``, one of
        those contracts' violations (an unreadable file stays: every verdict depends on it)."""
        if not self.wants(finding.code):
            return False
        if not self.contracts or finding.source.kind == "input":
            return True
        return finding.contract in self.contracts


def resolve_codes(values: Iterable[str], rules: catalog.Catalog, option: str) -> tuple[str, ...]:
    """Codes and code prefixes as ``Selection`` matches them; a rule name becomes its code.

    A value that is no known code, prefix of one, or rule name raises UsageError with the
    closest known spelling (``--select: unknown code 'CNO' (did you mean CON?)``).
    """
    codes = [doc.code for doc in rules.rules]
    resolved = []
    for value in values:
        upper = value.upper()
        named = next((d for d in rules.rules if d.name.lower() == value.lower()), None)
        if any(code.startswith(upper) for code in codes):
            resolved.append(upper)
        elif named is not None:
            resolved.append(named.code)
        else:
            hint = did_you_mean(upper, [*families(codes), *codes], value, rules)
            raise UsageError(f"{option}: unknown code {value!r}{hint} (see `archfit rules`)")
    return tuple(resolved)


def families(codes: Iterable[str]) -> list[str]:
    """The letter prefixes of ``codes`` (CON, INP, CBX...), sorted."""
    return sorted({m.group() for code in codes if (m := _FAMILY().match(code))})


def did_you_mean(
    upper: str, codes: Sequence[str], value: str, rules: catalog.Catalog | None = None
) -> str:
    """`` (did you mean X?)`` for the closest code, prefix or rule name; else empty."""
    import difflib  # on a mistake only: a run that has none never loads it

    close = difflib.get_close_matches(upper, codes, n=1)
    if not close and rules is not None:
        close = difflib.get_close_matches(value.lower(), [d.name for d in rules.rules], n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def resolve_contracts(ids: Iterable[str], known: Sequence[str]) -> tuple[str, ...]:
    """Contract ids for ``--contract``; an id no config declares raises UsageError."""
    resolved = tuple(ids)
    for contract_id in resolved:
        if contract_id not in known:
            import difflib  # on a mistake only: a run that has none never loads it

            close = difflib.get_close_matches(contract_id, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            listed = ", ".join(sorted(known)) or "none"
            raise UsageError(f"--contract: unknown contract {contract_id!r}{hint}; known: {listed}")
    return resolved

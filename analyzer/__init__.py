# archfit: ignore[ARC002] the facts layer is concrete and stable by design (ADR-0001)
"""Facts about a target repository, no judgments: discovery, parsing, the import graph.

Nothing in this package imports ``fitness`` or ``click``, and nothing here ever imports or
executes target code.
"""

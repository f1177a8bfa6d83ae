"""Facts about a target repository, no judgments: discovery, parsing, the import graph.

Nothing in this package imports ``fitness`` or ``click``, and nothing here ever imports or
executes target code.
"""

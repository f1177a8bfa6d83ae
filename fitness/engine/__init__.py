"""The builders of each command's result: ``check``, ``metrics``, ``graph``, ``report``, and the
gate that narrows a check's findings to FILES or to what is new since a git ref.

Each turns analyzer facts and a configuration into a value of ``fitness.results``.
"""

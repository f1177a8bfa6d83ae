"""What archfit's commands produce, as values: findings (check), metrics, the graph, the report.

Reporters read only these. Everything here is stdlib-only, frozen and built elsewhere (the
builders live in ``fitness.engine``).
"""

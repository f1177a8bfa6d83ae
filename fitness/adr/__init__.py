"""ADRs: find them, parse every common format into one model, and check them for drift.

The package imports nothing itself: ``archfit check`` on a target without ADRs looks for ADR
files (``fitness.adr.discovery``) and loads the parsers only when it finds some (ADR-0014).
"""

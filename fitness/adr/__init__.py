"""Architecture decision records, read from every common format into one model, checked for drift.

The package imports nothing itself: ``archfit check`` on a target without ADRs looks for ADR
files (``fitness.adr.discovery``) and loads the parsers only when it finds some (ADR-0014).
"""

"""Reporters: pure functions of a Result, one file per format.

They import ``findings`` only.
"""

"""Measurements of the target's code, computed from the one tree the parser built."""

"""Parsing target files without executing them: ast on the hot path."""

from analyzer.parsing.parse import parse_file, parse_text

__all__ = ["parse_file", "parse_text"]

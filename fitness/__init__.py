"""Judgments and output: config, findings, contracts, the engine, reporters and the CLI."""

__version__ = "0.1.0"

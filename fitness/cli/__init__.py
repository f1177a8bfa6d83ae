"""The command line: the only place that chooses streams and exit codes, and imports click."""

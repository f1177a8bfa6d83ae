"""The command line, the one place that talks to the terminal (click, streams, exit codes)."""

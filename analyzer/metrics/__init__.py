"""Per-file and per-package measurements, computed from the one tree the parser built."""

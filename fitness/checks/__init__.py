"""Check implementations that pack rules bind to; one file per kind of check."""

"""archfit's configuration and import-linter's, read as-is, validated all at once."""

from __future__ import annotations

import os

from fitness.config.model import Config, RuleOverride
from fitness.config.sources import find_documents, read_file
from fitness.config.tach import TACH_TOML, read_tach_file, tach_documents
from fitness.config.validate import build_config

__all__ = ["Config", "RuleOverride", "load_config"]


def load_config(root: str, config_file: str | None = None) -> Config:
    """The configuration for the target at ``root``: the file given, else what the root holds."""
    if config_file:  # messages name it as the user wrote it
        if os.path.basename(config_file) == TACH_TOML:
            return build_config(read_tach_file(config_file, root), root)
        return build_config(read_file(config_file, config_file), root)
    return build_config(find_documents(root) + tach_documents(root), root)

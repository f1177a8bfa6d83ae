"""tach's configuration as archfit holds it: frozen values, module paths resolved, every entry
with the file and line it was written on (docs/adr/0017-tach-config.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field

from archfit_values import frozen

ROOT_MODULE = "<root>"  # tach's name for the code of the source roots outside every module
TACH_DEFAULT_EXCLUDE = ("**/tests", "**/docs", "**/*__pycache__", "**/*egg-info", "**/venv")


@frozen
class Where:
    """The file (relative to the project root) and line an entry was written on."""

    path: str
    line: int


@frozen
class TachDependency:
    """One entry of ``depends_on`` or ``cannot_depend_on``: a module path (or glob)."""

    path: str
    deprecated: bool = False


@frozen
class TachModule:
    """A ``[[modules]]`` entry (or a domain's ``[root]``); ``path`` may be a glob.

    ``depends_on`` None means "anything" (tach checks no dependency of the module); an empty
    tuple means "nothing".
    """

    path: str
    where: Where
    depends_on: tuple[TachDependency, ...] | None = None
    cannot_depend_on: tuple[TachDependency, ...] = ()
    layer: str | None = None
    visibility: tuple[str, ...] | None = None
    utility: bool = False
    unchecked: bool = False


@frozen
class TachInterface:
    """An ``[[interfaces]]`` entry; ``from_modules`` None means every module."""

    expose: tuple[str, ...]
    where: Where
    from_modules: tuple[str, ...] | None = None
    visibility: tuple[str, ...] | None = None
    exclusive: bool = False
    data_types: str = "all"


@frozen
class TachLayer:
    """One entry of ``layers``, highest first; a closed layer may not be skipped over."""

    name: str
    closed: bool = False


@frozen
class TachConfig:
    """Everything a tach configuration says that ``tach check`` judges by."""

    files: tuple[str, ...]  # tach.toml (or pyproject.toml) first, then each tach.domain.toml
    source_roots: tuple[str, ...] = (".",)
    exclude: tuple[str, ...] = TACH_DEFAULT_EXCLUDE
    exact: bool = False
    ignore_type_checking_imports: bool = True
    include_string_imports: bool = False
    forbid_circular_dependencies: bool = False
    layers_explicit_depends_on: bool = False
    respect_gitignore: bool | str = True
    root_module: str = "ignore"
    rules: Mapping[str, str] = field(default_factory=dict)
    external_exclude: tuple[str, ...] = ()
    external_rename: Mapping[str, str] = field(default_factory=dict)
    modules: tuple[TachModule, ...] = ()
    interfaces: tuple[TachInterface, ...] = ()
    layers: tuple[TachLayer, ...] = ()
    notes: tuple[str, ...] = ()  # keys accepted but ignored, each with its file and line

    def rule(self, name: str) -> str:
        """The setting of one of tach's ``[rules]``, with tach's defaults."""
        defaults = {"unused_ignore_directives": "warn", "local_imports": "error"}
        return self.rules.get(name, defaults.get(name, "off"))

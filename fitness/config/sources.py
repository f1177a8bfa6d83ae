"""Read configuration files into plain data plus the line of every key; syntax errors are issues."""

from __future__ import annotations

import configparser
import os
import re
from dataclasses import field
from typing import TYPE_CHECKING, Any

from analyzer.bounded import MAX_TEXT_BYTES, MAX_TEXT_NESTING, check_inside, read_bounded, too_deep
from analyzer.repository import repository_boundary
from archfit_values import mutable
from fitness.config.locate import Path, ini_lines, toml_lines
from fitness.exceptions import ConfigError, ConfigIssue
from fitness.yaml_lines import YamlSyntaxError, load_with_lines

if TYPE_CHECKING:
    import tomllib

_INI_IMPORTLINTER = re.compile(r"^\s*\[importlinter[:\]]", re.MULTILINE)
ARCHFIT_YAML_NAMES = ("archfit.yaml", ".archfit.yaml")
IMPORTLINTER_INI_NAMES = ("setup.cfg", ".importlinter")  # import-linter's own search order


@mutable
class Document:
    """One configuration source: archfit keys, or import-linter's session and contracts."""

    path: str
    kind: str  # "archfit" or "importlinter"
    data: dict[str, Any]
    lines: dict[Path, int] = field(default_factory=dict)
    line: int = 1  # where the section starts

    def line_of(self, *path: str | int) -> int:
        """The line of ``path`` or of its nearest located parent."""
        for cut in range(len(path), 0, -1):
            if path[:cut] in self.lines:
                return self.lines[path[:cut]]
        return self.line


def find_documents(root: str) -> list[Document]:
    """Every configuration archfit reads from the analysed root, archfit's first."""
    docs: list[Document] = []
    pyproject = discovered(root, "pyproject.toml")
    toml_docs = read_toml(pyproject, "pyproject.toml") if pyproject else []
    docs += [d for d in toml_docs if d.kind == "archfit"]
    if not docs:
        for name in ARCHFIT_YAML_NAMES:
            if path := discovered(root, name):
                docs.append(read_yaml(path, name))
                break
    docs += _importlinter_documents(root, toml_docs)
    return docs


def discovered(root: str, name: str) -> str | None:
    """The path of configuration file ``name`` in ``root``, when there is an entry of that
    name that is not a folder (a FIFO or a device is then refused by the reader, with a
    config error, never passed over); a config error when it leads outside the repository."""
    path = os.path.join(root, name)
    if not os.path.lexists(path) or os.path.isdir(path):
        return None
    try:
        check_inside(path, repository_boundary(root))
    except OSError as exc:
        raise ConfigError([ConfigIssue(name, 0, f"not read: {exc.strerror or exc}")]) from exc
    return path


def _importlinter_documents(root: str, toml_docs: list[Document]) -> list[Document]:
    for name in IMPORTLINTER_INI_NAMES:
        path = discovered(root, name)
        if path:
            found = read_ini(path, name)
            if found:
                return found
    return [d for d in toml_docs if d.kind == "importlinter"]


def read_file(path: str, display: str) -> list[Document]:
    """Read a file named with ``--config``: archfit's TOML/YAML or import-linter's INI/TOML."""
    if not os.path.isfile(path):
        raise ConfigError([ConfigIssue(display, 0, "configuration file not found")])
    lower = path.lower()
    if lower.endswith(".toml"):
        docs = read_toml(path, display)
    elif lower.endswith((".yaml", ".yml")):
        docs = [read_yaml(path, display)]
    else:
        docs = read_ini(path, display)
    if not docs:
        message = "no [tool.archfit], [tool.importlinter] or [importlinter] section"
        raise ConfigError([ConfigIssue(display, 1, message)])
    return docs


def read_text(path: str, display: str) -> str:
    """The file's text (UTF-8, a BOM allowed): a regular file under the size limit, its
    brackets nested within the limit the recursive parsers can take; undecodable bytes are
    reported with their line."""
    try:
        data = read_bounded(path, MAX_TEXT_BYTES)
    except OSError as exc:
        raise ConfigError([ConfigIssue(display, 0, f"cannot read: {exc.strerror or exc}")]) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError([ConfigIssue(display, line, f"not valid UTF-8: {exc}")]) from exc
    if (deep := too_deep(text)) is not None:
        message = f"brackets nested over the limit of {MAX_TEXT_NESTING} deep"
        raise ConfigError([ConfigIssue(display, deep, message)])
    return text


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: str, display: str) -> list[Document]:
    """``[tool.archfit]`` and ``[tool.importlinter]`` of a TOML file."""
    import tomllib  # on first use: a run that reads no TOML never loads it (7 ms)

    text = read_text(path, display)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        issue = ConfigIssue(display, toml_error_line(exc, text), f"invalid TOML: {exc}")
        raise ConfigError([issue]) from exc
    lines = toml_lines(text)
    tool = data.get("tool", {}) if isinstance(data.get("tool"), dict) else {}
    docs = []
    if "archfit" in tool:
        docs.append(_toml_section(display, "archfit", tool["archfit"], lines))
    if "importlinter" in tool:
        docs.append(_toml_importlinter(display, tool["importlinter"], lines))
    return docs


def toml_error_line(exc: tomllib.TOMLDecodeError, text: str) -> int:
    """tomllib's line; "at end of document" means a value left open, so where it began.

    An unterminated string or unclosed array starts at the last key; anything else unfinished
    is on the last non-blank line.
    """
    if match := _TOML_POSITION.search(str(exc)):
        return int(match.group(1))
    if "Unterminated" in str(exc) or "Unclosed" in str(exc):
        return max(toml_lines(text).values(), default=1)
    numbered = enumerate(text.splitlines(), start=1)
    return max((n for n, line in numbered if line.strip()), default=1)


def _sub_lines(lines: dict[Path, int], prefix: Path, new: Path = ()) -> dict[Path, int]:
    size = len(prefix)
    return {(*new, *p[size:]): n for p, n in lines.items() if p[:size] == prefix}


def _toml_section(display: str, kind: str, table: Any, lines: dict[Path, int]) -> Document:
    if not isinstance(table, dict):
        line = lines.get(("tool", kind), 1)
        raise ConfigError([ConfigIssue(display, line, f"[tool.{kind}] must be a table")])
    section = _sub_lines(lines, ("tool", kind))
    return Document(display, kind, dict(table), section, lines.get(("tool", kind), 1))


def _toml_importlinter(display: str, table: Any, lines: dict[Path, int]) -> Document:
    doc = _toml_section(display, "importlinter", table, lines)
    session = {k: v for k, v in doc.data.items() if k != "contracts"}
    contracts = doc.data.get("contracts", [])
    doc.data = {"session": session, "contracts": contracts}
    doc.lines = {
        **_sub_lines(lines, ("tool", "importlinter"), ("session",)),
        **_sub_lines(lines, ("tool", "importlinter", "contracts"), ("contracts",)),
    }
    return doc


def read_yaml(path: str, display: str) -> Document:
    """An archfit YAML file, read as a node tree so every key keeps its line."""
    text = read_text(path, display)
    try:
        data, lines = load_with_lines(text)
    except YamlSyntaxError as exc:
        raise ConfigError([ConfigIssue(display, exc.line, f"invalid YAML: {exc.message}")]) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError([ConfigIssue(display, 1, "the YAML document must be a mapping")])
    return Document(display, "archfit", data, lines, 1)


def read_ini(path: str, display: str) -> list[Document]:
    """import-linter's INI sections: ``[importlinter]`` and ``[importlinter:contract:ID]``."""
    text = read_text(path, display)
    if not _INI_IMPORTLINTER.search(text):
        return []  # a setup.cfg for other tools: its syntax is not archfit's business
    parser = configparser.ConfigParser()
    try:
        parser.read_string(text, source=display)
    except configparser.Error as exc:
        raise ConfigError(
            [ConfigIssue(display, _ini_error_line(exc), f"invalid INI: {_one_line(exc)}")]
        ) from exc
    if "importlinter" not in parser.sections():
        return []
    lines = ini_lines(text)
    try:
        return [_ini_document(parser, lines, display)]
    except configparser.InterpolationError as exc:
        line = lines.get((exc.section, exc.option), lines.get((exc.section,), 0))
        raise ConfigError([ConfigIssue(display, line, f"invalid INI: {_one_line(exc)}")]) from exc


def _ini_document(
    parser: configparser.ConfigParser, lines: dict[Path, int], display: str
) -> Document:
    """import-linter's session and contracts from a parsed INI file, with their lines."""
    contracts: list[dict[str, Any]] = []
    doc_lines: dict[Path, int] = {}
    for name in parser.sections():
        if name == "importlinter":
            prefix: Path = ("session",)
        elif name.startswith("importlinter:"):
            prefix = ("contracts", len(contracts))
            contracts.append({"id": name.split(":")[-1], **_ini_values(parser[name])})
        else:
            continue
        doc_lines[prefix] = lines.get((name,), 1)
        doc_lines.update(
            {(*prefix, p[1]): n for p, n in lines.items() if len(p) == 2 and p[0] == name}
        )
    data = {"session": _ini_values(parser["importlinter"]), "contracts": contracts}
    return Document(display, "importlinter", data, doc_lines, lines.get(("importlinter",), 1))


def _ini_values(section: configparser.SectionProxy) -> dict[str, Any]:
    """Multi-line values become lists, as import-linter reads them.

    A value written on the lines after its key (``root_packages =`` then ``    pkg``) is
    multi-line even when it holds one item: configparser keeps its leading newline.
    """
    values: dict[str, Any] = {}
    for key, value in section.items():
        values[key] = value.strip().split("\n") if "\n" in value else value
    return values


def _one_line(exc: Exception) -> str:
    """configparser's messages span lines; one issue is one line."""
    return " ".join(str(exc).split())


def _ini_error_line(exc: configparser.Error) -> int:
    """The line configparser blames (its exceptions carry it in different attributes)."""
    if lineno := getattr(exc, "lineno", None):
        return int(lineno)
    errors = getattr(exc, "errors", None)
    return int(errors[0][0]) if errors else 0

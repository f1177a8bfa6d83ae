"""Unit tests of the key-line finders: tomllib and configparser give values, not positions."""

from __future__ import annotations

import textwrap

from fitness.config.locate import ini_lines, toml_lines

ARCHFIT = "tool", "archfit"
CONTRACTS = (*ARCHFIT, "contracts")


def _toml(text: str) -> dict[tuple[str | int, ...], int]:
    return toml_lines(textwrap.dedent(text).lstrip("\n"))


def test_tables_and_keys() -> None:
    lines = _toml(
        """
        [tool.archfit]  # archfit's own table
        root_packages = ["x"]
        exclude = [
            "a",
            "b",
        ]
        baseline = "b.json"
        """
    )
    assert lines[ARCHFIT] == 1
    assert lines[(*ARCHFIT, "root_packages")] == 2
    assert lines[(*ARCHFIT, "exclude")] == 3
    assert lines[(*ARCHFIT, "baseline")] == 7
    assert ("tool",) not in lines


def test_array_of_tables_entries_get_their_index() -> None:
    lines = _toml(
        """
        [[tool.archfit.contracts]]
        id = "a"
        type = "layers"

        [[tool.archfit.contracts]]
        id = "b"

        type = "forbidden"
        [[tool.archfit.contracts]]
        name = "C"
        """
    )
    assert lines[(*CONTRACTS, 0)] == 1
    assert lines[(*CONTRACTS, 0, "type")] == 3
    assert lines[(*CONTRACTS, 1)] == 5
    assert lines[(*CONTRACTS, 1, "id")] == 6
    assert lines[(*CONTRACTS, 1, "type")] == 8
    assert lines[(*CONTRACTS, 2, "name")] == 10
    assert (*CONTRACTS, "type") not in lines


def test_sub_table_after_an_array_entry_belongs_to_that_entry() -> None:
    lines = _toml(
        """
        [[tool.archfit.contracts]]
        id = "a"
        [[tool.archfit.contracts]]
        id = "b"
        [tool.archfit.contracts.meta]
        owner = "me"
        [tool.archfit.rules]
        CON001 = "warning"
        """
    )
    assert lines[(*CONTRACTS, 1, "meta")] == 5
    assert lines[(*CONTRACTS, 1, "meta", "owner")] == 6
    assert lines[(*ARCHFIT, "rules")] == 7
    assert lines[(*ARCHFIT, "rules", "CON001")] == 8


def test_nested_arrays_of_tables_count_per_parent_entry() -> None:
    lines = _toml(
        """
        [[fruits]]
        name = "apple"
        [[fruits.varieties]]
        name = "red"
        [[fruits.varieties]]
        name = "green"
        [[fruits]]
        name = "banana"
        [[fruits.varieties]]
        name = "plantain"
        """
    )
    assert lines[("fruits", 0, "varieties", 0, "name")] == 4
    assert lines[("fruits", 0, "varieties", 1, "name")] == 6
    assert lines[("fruits", 1, "name")] == 8
    assert lines[("fruits", 1, "varieties", 0, "name")] == 10


def test_quoted_keys_keep_their_dots() -> None:
    lines = _toml(
        """
        [tool.archfit.budgets]
        "chat.domain" = { complexity = 400 }
        'chat.api'.sloc = 10
        [ tool . archfit . budgets . "chat.persistence" ]
        sloc = 5
        [tool.archfit.rules]
        max-cyclomatic.threshold = 15
        """
    )
    budgets = (*ARCHFIT, "budgets")
    assert lines[(*budgets, "chat.domain")] == 2
    assert lines[(*budgets, "chat.api", "sloc")] == 3
    assert lines[(*budgets, "chat.persistence")] == 4
    assert lines[(*budgets, "chat.persistence", "sloc")] == 5
    assert lines[(*ARCHFIT, "rules", "max-cyclomatic", "threshold")] == 7
    assert (*budgets, "chat") not in lines


def test_multiline_strings_hold_no_keys_or_headers() -> None:
    lines = _toml(
        '''
        [[tool.archfit.contracts]]
        how_to_fix = """
        [see.the.guide]
        layers = "not a key"
        """
        layers = ["a"]
        note = \'\'\'one line\'\'\'
        name = \'\'\'
        type = "text"
        \'\'\'
        type = "layers"
        '''
    )
    assert lines[(*CONTRACTS, 0, "layers")] == 6
    assert lines[(*CONTRACTS, 0, "note")] == 7
    assert lines[(*CONTRACTS, 0, "type")] == 11
    assert ("see", "the", "guide") not in lines


def test_first_occurrence_wins() -> None:
    lines = _toml('[tool.archfit]\nexclude = ["a"]\n[tool.archfit]\nexclude = ["b"]\n')
    assert lines[(*ARCHFIT, "exclude")] == 2


def test_ini_sections_and_keys() -> None:
    text = textwrap.dedent(
        """
        [metadata]
        name = x

        [importlinter]
        root_package = pkg
        [importlinter:contract:one]
        name = One
        Type: layers
        layers =
            pkg.a
            pkg.b
        # comment = no
        ; other = no
        ignore_imports = pkg.a -> pkg.b
        """
    ).lstrip("\n")
    lines = ini_lines(text)
    section = "importlinter:contract:one"
    assert lines[("metadata", "name")] == 2
    assert lines[("importlinter",)] == 4
    assert lines[("importlinter", "root_package")] == 5
    assert lines[(section,)] == 6
    assert lines[(section, "name")] == 7
    assert lines[(section, "type")] == 8
    assert lines[(section, "layers")] == 9
    assert lines[(section, "ignore_imports")] == 14
    keys = {path[1] for path in lines if len(path) == 2 and path[0] == section}
    assert keys == {"name", "type", "layers", "ignore_imports"}


def test_ini_keys_before_any_section_are_not_recorded() -> None:
    assert ini_lines("orphan = 1\n[s]\nk = v\n") == {("s",): 2, ("s", "k"): 3}

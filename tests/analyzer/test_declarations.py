"""Every declaration source, read statically, with the exact meaning of empty and missing."""

from __future__ import annotations

import textwrap
from pathlib import Path

from analyzer.manifest import ManifestOptions, Requirement, distribution_of, read_manifest


def _write(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _names(root: Path, folder: str = "", **options: tuple[str, ...]) -> set[tuple[str, str, str]]:
    manifest = read_manifest(str(root), folder, ManifestOptions(**options))  # type: ignore[arg-type]
    return {(r.name, r.group, r.kind) for r in manifest.requirements}


def test_empty_dependencies_declare_none(tmp_path: Path) -> None:
    """``dependencies = []`` (what uv init writes) is known to be empty, not unknown."""
    _write(tmp_path, {"pyproject.toml": '[project]\nname = "x"\ndependencies = []\n'})
    manifest = read_manifest(str(tmp_path))
    assert manifest.found and manifest.requirements == ()
    assert manifest.sources == ("pyproject.toml [project]",)


def test_pep621_extras_and_pep735_groups_with_include_group(tmp_path: Path) -> None:
    pyproject = """\
        [project]
        name = "x"
        dependencies = ["PyYAML>=6; python_version > '3.8'"]
        [project.optional-dependencies]
        images = ["Pillow[avif]"]
        [dependency-groups]
        test = ["pytest"]
        dev = [{include-group = "test"}, "ruff", {include-group = "dev"}]
    """
    _write(tmp_path, {"pyproject.toml": pyproject})
    assert _names(tmp_path) == {
        ("pyyaml", "", "required"),
        ("pillow", "images", "optional"),
        ("pytest", "test", "group"),
        ("pytest", "dev", "group"),
        ("ruff", "dev", "group"),
    }


def test_poetry_dependencies_groups_extras(tmp_path: Path) -> None:
    pyproject = """\
        [tool.poetry]
        name = "x"
        [tool.poetry.dependencies]
        python = "^3.11"
        requests = "^2"
        psycopg = { version = "^3", optional = true }
        [tool.poetry.extras]
        pg = ["psycopg"]
        [tool.poetry.dev-dependencies]
        black = "*"
        [tool.poetry.group.test.dependencies]
        pytest = "*"
    """
    _write(tmp_path, {"pyproject.toml": pyproject})
    assert _names(tmp_path) == {
        ("requests", "", "required"),
        ("psycopg", "pg", "optional"),
        ("black", "dev", "group"),
        ("pytest", "test", "group"),
    }
    assert read_manifest(str(tmp_path)).name == "x"


def test_pdm_and_uv_dev_tables(tmp_path: Path) -> None:
    pyproject = """\
        [project]
        name = "x"
        [tool.pdm.dev-dependencies]
        lint = ["ruff>=0.5"]
        [tool.uv]
        dev-dependencies = ["pytest"]
    """
    _write(tmp_path, {"pyproject.toml": pyproject})
    assert _names(tmp_path) == {("ruff", "lint", "group"), ("pytest", "dev", "group")}


def test_setup_cfg(tmp_path: Path) -> None:
    setup_cfg = """\
        [metadata]
        name = cfgdist
        [options]
        install_requires =
            requests>=2  # comment
            PyYAML
        [options.extras_require]
        test = pytest
    """
    _write(tmp_path, {"setup.cfg": setup_cfg})
    manifest = read_manifest(str(tmp_path))
    assert manifest.found and manifest.name == "cfgdist"
    assert {(r.name, r.line) for r in manifest.requirements} == {
        ("requests", 5),
        ("pyyaml", 6),
        ("pytest", 8),
    }


def test_setup_py_literals_and_a_name_bound_once(tmp_path: Path) -> None:
    setup_py = """\
        from setuptools import setup
        REQUIRES = ["requests", "click>=8"]
        setup(name="pydist", install_requires=REQUIRES, extras_require={"yaml": ["PyYAML"]})
    """
    _write(tmp_path, {"setup.py": setup_py})
    assert _names(tmp_path) == {
        ("requests", "", "required"),
        ("click", "", "required"),
        ("pyyaml", "yaml", "optional"),
    }


def test_setup_py_non_literal_list_is_a_blind_spot(tmp_path: Path) -> None:
    """A computed list is never guessed: the runtime declarations are unknown."""
    setup_py = """\
        from setuptools import setup
        setup(name="x", install_requires=open("reqs.txt").read().splitlines())
    """
    _write(tmp_path, {"setup.py": setup_py})
    manifest = read_manifest(str(tmp_path))
    assert not manifest.found and manifest.requirements == ()
    assert manifest.blind_spots == ("setup.py:2 install_requires is not a literal",)


def test_requirements_files_with_includes_markers_editables_and_urls(tmp_path: Path) -> None:
    files = {
        "requirements.txt": """\
            -r base.in
            -c constraints.txt
            --index-url https://example.invalid/simple
            requests[socks]>=2 ; python_version >= "3.8"  # why
            -e git+https://example.invalid/repo.git#egg=edit_me
            pkg @ https://example.invalid/pkg.zip
            https://example.invalid/other-1.0.tar.gz#egg=other
            long-name \\
                >=1.0
        """,
        "base.in": "PyYAML\n",
        "constraints.txt": "urllib3<3\n",
        "requirements-dev.txt": "pytest\n",
    }
    _write(tmp_path, files)
    manifest = read_manifest(str(tmp_path))
    assert manifest.found
    assert {(r.name, r.kind, r.path, r.line) for r in manifest.requirements} == {
        ("pyyaml", "required", "base.in", 1),
        ("requests", "required", "requirements.txt", 4),
        ("edit-me", "required", "requirements.txt", 5),
        ("pkg", "required", "requirements.txt", 6),
        ("other", "required", "requirements.txt", 7),
        ("long-name", "required", "requirements.txt", 8),
        ("pytest", "group", "requirements-dev.txt", 1),
    }


def test_requirements_txt_is_read_only_when_the_metadata_declares_nothing(tmp_path: Path) -> None:
    """deptry's order: [project] dependencies win over a pinned requirements.txt."""
    _write(tmp_path, {"pyproject.toml": '[project]\nname = "x"\ndependencies = ["a"]\n'})
    _write(tmp_path, {"requirements.txt": "b==1\n"})
    assert _names(tmp_path) == {("a", "", "required")}


def test_requirements_files_option_names_the_files_and_empty_is_none(tmp_path: Path) -> None:
    _write(tmp_path, {"requirements.txt": "a\n", "deps.in": "b\n"})
    assert _names(tmp_path, requirements_files=("deps.in",)) == {("b", "", "required")}
    manifest = read_manifest(str(tmp_path), "", ManifestOptions(requirements_files=()))
    assert not manifest.found and manifest.requirements == ()


def test_dynamic_dependencies_come_from_setuptools_files(tmp_path: Path) -> None:
    pyproject = """\
        [project]
        name = "x"
        dynamic = ["dependencies"]
        [tool.setuptools.dynamic]
        dependencies = { file = ["deps.txt"] }
    """
    _write(tmp_path, {"pyproject.toml": pyproject, "deps.txt": "attrs\n"})
    assert _names(tmp_path) == {("attrs", "", "required")}


def test_nothing_declared_is_not_found(tmp_path: Path) -> None:
    _write(tmp_path, {"pyproject.toml": "[tool.ruff]\nline-length = 99\n"})
    manifest = read_manifest(str(tmp_path))
    assert not manifest.found and manifest.sources == ()


def test_distribution_is_the_nearest_folder_with_metadata(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
        "packages/a/pyproject.toml": '[project]\nname = "a"\n',
        "packages/a/src/a/__init__.py": "",
        "tools/run.py": "",
    }
    _write(tmp_path, files)
    cache: dict[str, bool] = {}
    options = ManifestOptions()
    assert distribution_of("packages/a/src/a/__init__.py", cache, str(tmp_path), options) == (
        "packages/a"
    )
    assert distribution_of("tools/run.py", cache, str(tmp_path), options) == ""
    member = read_manifest(str(tmp_path), "packages/a")
    assert member.name == "a" and member.sources == ("packages/a/pyproject.toml [project]",)


def test_lock_files_give_install_relations(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["a"]\n',
        "uv.lock": '[[package]]\nname = "a"\ndependencies = [{ name = "b" }]\n',
        "pdm.lock": '[[package]]\nname = "c"\ndependencies = ["d>=1"]\n',
        "poetry.lock": '[[package]]\nname = "e"\n[package.dependencies]\nF_g = "*"\n',
    }
    _write(tmp_path, files)
    assert set(read_manifest(str(tmp_path)).installs) == {("a", "b"), ("c", "d"), ("e", "f-g")}


def test_requirement_is_sortable() -> None:
    assert Requirement("a", "", "required", "p", 1) < Requirement("b", "", "required", "p", 1)

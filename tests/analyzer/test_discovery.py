"""Discovery: source roots, root packages, namespace packages and excluded folders."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from analyzer.discovery import discover
from analyzer.facts import BlindSpotKind as B
from analyzer.facts import Layout
from analyzer.project import analyze
from fitness.config import load_config
from tests.analyzer.trees import blind_rows, write_tree
from tests.conftest import FIXTURES, REPO


def modules(layout: Layout) -> dict[str, str | None]:
    """Every discovered file and its module (None: outside the graph)."""
    return {f.path: f.module for f in layout.files}


def test_flat_layout() -> None:
    layout = discover(str(FIXTURES / "flatlayout"))
    assert (layout.source_roots, layout.root_packages) == (("",), ("flatlayoutpkg",))
    assert layout.namespace_packages == ()
    assert modules(layout) == {
        "docs/conf.py": None,
        "flatlayoutpkg/__init__.py": "flatlayoutpkg",
        "flatlayoutpkg/api.py": "flatlayoutpkg.api",
        "flatlayoutpkg/models/__init__.py": "flatlayoutpkg.models",
        "flatlayoutpkg/models/user.py": "flatlayoutpkg.models.user",
        "manage.py": None,
    }
    assert blind_rows(layout.blind_spots) == [
        (B.OUTSIDE_PACKAGE, "docs/conf.py", 1),
        (B.OUTSIDE_PACKAGE, "manage.py", 1),
    ]


def test_src_layout_with_a_namespace_package() -> None:
    layout = discover(str(FIXTURES / "srclayout"))
    assert layout.source_roots == ("src",)
    assert layout.root_packages == ("srclayoutns", "srclayoutpkg")
    assert layout.namespace_packages == ("srclayoutns",)
    assert modules(layout) == {
        "noxfile.py": None,
        "src/srclayoutns/plugin.py": "srclayoutns.plugin",
        "src/srclayoutns/sub/__init__.py": "srclayoutns.sub",
        "src/srclayoutpkg/__init__.py": "srclayoutpkg",
        "src/srclayoutpkg/core.py": "srclayoutpkg.core",
    }
    assert [f.is_package for f in layout.files] == [False, False, True, True, False]


def test_several_source_roots_discovered_or_configured_alike() -> None:
    found = discover(str(FIXTURES / "multiroot"))
    assert found.source_roots == ("libs/core", "services/billing/src")
    assert found.root_packages == ("multirootbilling", "multirootcore")
    configured = discover(str(FIXTURES / "multiroot"), ["services/billing/src/", "./libs/core"])
    assert configured == found


def test_namespace_portions_need_root_packages() -> None:
    layout = discover(str(FIXTURES / "nsportions"), root_packages=["nsportions"])
    assert layout.source_roots == ("portion_one", "portion_two")
    assert layout.root_packages == ("nsportions",)
    assert layout.namespace_packages == ("nsportions", "nsportions.beta", "nsportions.beta.deep")
    assert sorted(layout.modules) == [
        "nsportions.beta.deep.mod",
        "nsportions.beta.nsinner",
        "nsportions.nsalpha",
        "nsportions.nsalpha.uses",
    ]
    # Without the name, each portion's top-most regular package looks like a root of its own.
    unnamed = discover(str(FIXTURES / "nsportions"))
    assert unnamed.root_packages == ("nsalpha", "nsinner")


def test_folder_without_init_inside_a_package_is_a_namespace_subpackage() -> None:
    layout = discover(str(FIXTURES / "importkinds"))
    assert layout.root_packages == ("importkinds",)
    assert modules(layout)["importkinds/nopkg/stray.py"] == "importkinds.nopkg.stray"
    assert layout.namespace_packages == ("importkinds.nopkg",)
    assert not [s for s in layout.blind_spots if s.kind is B.NOT_A_PACKAGE]


def test_packages_below_a_folder_without_init_are_not_root_packages(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "hostpkg/__init__.py": "",
            "hostpkg/data/inner/__init__.py": "",  # data/ has no __init__.py
            "hostpkg/data/inner/mod.py": "",
            "hostpkg/assets/src/plugin/x.py": "",  # a src/ folder inside a package
        },
    )
    for layout in (discover(str(tmp_path)), discover(str(tmp_path), root_packages=["inner"])):
        assert "inner" not in layout.root_packages
        assert "plugin" not in layout.root_packages
    found = discover(str(tmp_path))
    assert found.root_packages == ("hostpkg",)
    # data/ is a namespace sub-package of hostpkg, so inner/ is hostpkg's too, not a root.
    assert modules(found)["hostpkg/data/inner/mod.py"] == "hostpkg.data.inner.mod"
    assert modules(found)["hostpkg/assets/src/plugin/x.py"] == "hostpkg.assets.src.plugin.x"


def test_pruned_and_ignored_folders(tmp_path: Path) -> None:
    files = {
        "keptpkg/__init__.py": "",
        "keptpkg/build/__init__.py": "",  # a package named build is code (pip has one)
        "keptpkg/build/steps.py": "",
        "keptpkg/dist/__init__.py": "",
        "build/lib/keptpkg/__init__.py": "",  # build output
        "dist/keptpkg/__init__.py": "",
        "keptpkg/venv/__init__.py": "",  # the stdlib has a package named venv
        "myenv/pyvenv.cfg": "home = /usr/bin\n",  # a virtualenv under any name
        "myenv/lib/python3.11/site-packages/envpkg/__init__.py": "",
        "toolcache/CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n",  # a cache
        "toolcache/cachedpkg/__init__.py": "",
        "venv/lib/python3.11/site-packages/envpkg/__init__.py": "",  # by its usual name
        ".venv/lib/python3.11/site-packages/envpkg/__init__.py": "",
        "node_modules/npmthing/tool.py": "",
        "keptpkg.egg-info/x.py": "",
        "keptpkg/__pycache__/junk.py": "",
        ".git/hooks/hook.py": "",
        ".gitignore": "generated/\n*.gen.py\n",
        "generated/genpkg/__init__.py": "",
        "keptpkg/table.gen.py": "",
        "keptpkg/sub/.gitignore": "local_only.py\n",
        "keptpkg/sub/__init__.py": "",
        "keptpkg/sub/local_only.py": "",
        "keptpkg/migrations/__init__.py": "",
        "keptpkg/migrations/m0001.py": "",
    }
    write_tree(tmp_path, files)
    layout = discover(str(tmp_path), exclude=["**/migrations/**"])
    assert layout.root_packages == ("keptpkg",)
    assert sorted(modules(layout)) == [
        "keptpkg/__init__.py",
        "keptpkg/build/__init__.py",
        "keptpkg/build/steps.py",
        "keptpkg/dist/__init__.py",
        "keptpkg/sub/__init__.py",
        "keptpkg/venv/__init__.py",
    ]


def test_gitignore_files_above_a_project_apply_as_git_applies_them(tmp_path: Path) -> None:
    """A project below git's top level: every ``.gitignore`` from the top level down to it
    ignores what it names there, matched against the path relative to its own folder
    (anchored patterns included); a line pathspec refuses is a warning naming the file."""
    project = "services/app"
    write_tree(
        tmp_path,
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            ".gitignore": "/services/app/app/gen/\n*.gen.py\nabc[z-a]\n",
            "services/.gitignore": "app/app/local.py\n",
            f"{project}/app/__init__.py": "",
            f"{project}/app/kept.py": "",
            f"{project}/app/local.py": "",
            f"{project}/app/table.gen.py": "",
            f"{project}/app/gen/__init__.py": "",
            f"{project}/app/gen/out.py": "",
            f"{project}/app/sub/gen/__init__.py": "",  # not anchored there: kept
        },
    )
    layout = discover(str(tmp_path / project))
    assert sorted(modules(layout)) == [
        "app/__init__.py",
        "app/kept.py",
        "app/sub/gen/__init__.py",
    ]
    assert any(w.startswith("../../.gitignore:3: pattern") for w in layout.warnings)
    assert sorted(modules(discover(str(tmp_path)))) == [  # at the top level, as before
        "services/app/app/__init__.py",
        "services/app/app/kept.py",
        "services/app/app/sub/gen/__init__.py",
    ]


def test_gitignore_files_above_a_folder_outside_git_do_not_apply(tmp_path: Path) -> None:
    """Outside a git repository no ``.gitignore`` above PATH is read: git reads none."""
    write_tree(tmp_path, {".gitignore": "app/\n", "app/__init__.py": "", "app/x.py": ""})
    layout = discover(str(tmp_path / "app"))
    assert sorted(modules(layout)) == ["__init__.py", "x.py"]


def test_module_naming_follows_grimp(tmp_path: Path) -> None:
    files = {
        "namedpkg/__init__.py": "",
        "namedpkg/a.b.py": "",  # extra dot: not a module
        "namedpkg/.hidden.py": "",
        "namedpkg/not-an-identifier/__init__.py": "",
        "namedpkg/not-an-identifier/x.py": "",
        "namedpkg/ok.py": "",
        "namedpkg/notes.txt": "",
    }
    layout = discover(str(write_tree(tmp_path, files)))
    assert sorted(layout.modules) == ["namedpkg", "namedpkg.ok"]


def test_the_same_root_package_in_two_places_is_a_duplicate(tmp_path: Path) -> None:
    write_tree(tmp_path, {"one/twicepkg/__init__.py": "", "two/twicepkg/__init__.py": ""})
    layout = discover(str(tmp_path), root_packages=["twicepkg"])
    assert layout.modules["twicepkg"].path == "one/twicepkg/__init__.py"
    assert blind_rows(layout.blind_spots) == [
        (B.DUPLICATE_MODULE, "two/twicepkg/__init__.py", 1),
    ]


def test_symlinked_folder_loops_end(tmp_path: Path) -> None:
    write_tree(tmp_path, {"looppkg/__init__.py": "", "looppkg/mod.py": "import looppkg\n"})
    os.symlink("..", tmp_path / "looppkg" / "up")  # a folder that contains itself
    os.symlink(tmp_path / "b", tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    layout = discover(str(tmp_path))
    assert sorted(layout.modules) == ["looppkg", "looppkg.mod"]


def test_an_empty_repo_is_empty(tmp_path: Path) -> None:
    facts = analyze(str(tmp_path))
    assert (facts.layout.files, facts.edges, facts.blind_spots) == ((), (), ())


@pytest.mark.parametrize("name", ["analyzer", "fitness", "rules", "tests", "utils"])
def test_archfits_own_check_never_reads_fixtures(name: str) -> None:
    config = load_config(str(REPO), None)
    assert "fixtures/**" in config.exclude
    layout = discover(str(REPO), config.source_roots, config.root_packages, config.exclude)
    assert not any(f.path.startswith("fixtures/") for f in layout.files)
    if name in layout.modules:  # archfit's own package, not the shadownames fixture's
        assert layout.modules[name].path == f"{name}/__init__.py"


def test_root_package_names_are_unique_across_fixtures() -> None:
    """Each fixture's packages (as discovered with no config) appear in no other fixture."""
    owners: dict[str, list[str]] = {}
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for package in discover(str(folder)).root_packages:
            owners.setdefault(package, []).append(folder.name)
    assert {name: where for name, where in owners.items() if len(where) > 1} == {}


def test_the_run_s_listings_give_the_walk_s_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Discovery reads the folders the stat index listed (one walk per run) and finds the
    same layout as its own walk: links, virtualenvs, ignored and nested folders included."""
    from analyzer import discovery
    from analyzer.stat_index import tree_lines

    root = tmp_path / "repo"
    write_tree(root, {
        "shop/__init__.py": "", "shop/api.py": "", "shop/sub/mod.py": "",
        ".gitignore": "shop/ignored/\n", "shop/ignored/x.py": "",
        "env/pyvenv.cfg": "", "env/lib/y.py": "", "tools/run.py": "",
        "other/pyproject.toml": "[tool.archfit]\n", "other/pkg/__init__.py": "",
    })  # fmt: skip
    os.symlink(root / "shop", root / "linked")
    os.symlink(root / "shop" / "api.py", root / "shop" / "alias.py")
    project = str(root / "other")
    nested = lambda dirpath, names: dirpath == project  # noqa: E731
    walked = discover(str(root), nested=nested)
    listings: dict[str, Sequence[os.DirEntry[str]]] = {}
    tree_lines(str(root), listings=listings)

    def no_listing(dirpath: str) -> tuple[list[str], list[str]]:
        raise AssertionError(f"{dirpath} listed again")

    monkeypatch.setattr(discovery, "_entries", no_listing)
    assert discover(str(root), nested=nested, listings=listings) == walked
    assert "shop/alias.py" in {f.path for f in walked.files}

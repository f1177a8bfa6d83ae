"""deptry's functional fixture projects, rewritten small: one per way of declaring
dependencies, as deptry's own ``tests/fixtures`` has them (pep_621, poetry, pdm, uv,
requirements_txt, setuptools_dynamic_dependencies, src_directory).

Every distribution named here is absent from archfit's dev environment, so deptry cannot read
its import names from what is installed: both tools learn them from archfit's shipped table
(deptry through ``--package-module-name-map``). Each case may list where archfit deliberately
differs, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CODE = """\
import arrow
import toolz
from bs4 import BeautifulSoup
import orjson
import humanize
"""


@dataclass(frozen=True)
class Case:
    """A project, the options both tools get, and archfit's deliberate differences."""

    name: str
    files: dict[str, str]
    deptry_args: tuple[str, ...] = ()
    archfit_rules: str = ""  # the same options in archfit's [tool.archfit.rules] syntax
    # (kind, name) that archfit adds or leaves out compared with deptry, each with a reason
    added: dict[tuple[str, str], str] = field(default_factory=dict)
    removed: dict[tuple[str, str], str] = field(default_factory=dict)


def _rules(**values: str) -> str:
    lines = [f"{rule} = {{ {value} }}" for rule, value in values.items()]
    return "\n[tool.archfit.rules]\n" + "\n".join(lines) + "\n"


_DEV = 'dev_extras = ["dev"]'
_DEV_RULES = _rules(
    **{
        "undeclared-dependency": _DEV,
        "dev-dependency-in-library": _DEV,
        "unused-dependency": _DEV,
    }
)

CASES = (
    Case(
        "pep_621",
        {
            "pyproject.toml": """\
                [project]
                name = "foo"
                dependencies = ["arrow", "toolz", "cachetools", "argparse", "beautifulsoup4"]
                [project.optional-dependencies]
                plot = ["tabulate"]
                dev = ["black", "humanize"]
                """
            + _DEV_RULES,
            "src/foo/__init__.py": "",
            "src/foo/main.py": CODE,
            "tests/test_main.py": "import black\nimport httpx\n",
        },
        ("--pep621-dev-dependency-groups", "dev"),
        added={
            ("missing", "httpx"): "deptry skips tests/; archfit judges test code against the "
            "declared dev dependencies (black is one, httpx is not)",
        },
        removed={
            ("unused", "argparse"): "deptry reports a standard-library name twice (DEP002 and "
            "DEP005); archfit once, as what it is (ARC009)",
        },
    ),
    Case(
        "poetry",
        {
            "pyproject.toml": """\
                [tool.poetry]
                name = "foo"
                [tool.poetry.dependencies]
                python = "^3.11"
                arrow = "^1"
                toolz = { version = "*", optional = true }
                beautifulsoup4 = "*"
                pendulum = "*"
                [tool.poetry.extras]
                fp = ["toolz"]
                [tool.poetry.group.dev.dependencies]
                black = "*"
                humanize = "*"
                """,
            "foo/__init__.py": "",
            "foo/main.py": CODE,
        },
    ),
    Case(
        "pdm",
        {
            "pyproject.toml": """\
                [project]
                name = "foo"
                dependencies = ["arrow", "toolz", "beautifulsoup4", "tabulate"]
                [tool.pdm.dev-dependencies]
                test = ["humanize", "black"]
                """,
            "foo/__init__.py": "",
            "foo/main.py": CODE,
        },
    ),
    Case(
        "uv",
        {
            "pyproject.toml": """\
                [project]
                name = "foo"
                dependencies = ["arrow", "toolz", "beautifulsoup4", "tabulate"]
                [tool.uv]
                dev-dependencies = ["humanize", "black"]
                """,
            "foo/__init__.py": "",
            "foo/main.py": CODE,
        },
    ),
    Case(
        "requirements_txt",
        {
            "pyproject.toml": "[tool.black]\nline-length = 99\n",
            "requirements.txt": "arrow==1.3\n-r requirements-2.txt\nbeautifulsoup4\ntabulate\n",
            "requirements-2.txt": "toolz  # fp helpers\n",
            "requirements-dev.txt": "humanize\nblack\n",
            "foo/__init__.py": "",
            "foo/main.py": CODE,
        },
    ),
    Case(
        "setuptools_dynamic_dependencies",
        {
            "pyproject.toml": """\
                [build-system]
                requires = ["setuptools"]
                build-backend = "setuptools.build_meta"
                [project]
                name = "foo"
                dynamic = ["dependencies"]
                [tool.setuptools.dynamic]
                dependencies = { file = ["requirements.txt", "cli-requirements.txt"] }
                """,
            "requirements.txt": "arrow\ntoolz\n",
            "cli-requirements.txt": "beautifulsoup4\ntabulate\n",
            "requirements-dev.txt": "humanize\n",
            "foo/__init__.py": "",
            "foo/main.py": CODE,
        },
        added={
            ("dev", "humanize"): "archfit reads requirements-dev.txt beside any metadata, "
            "deptry only when no metadata declares dependencies: the import is flagged by "
            "both, as a dev dependency in library code by archfit",
        },
        removed={("missing", "humanize"): "the same import, called missing by deptry"},
    ),
    Case(
        "src_directory",
        {
            "pyproject.toml": """\
                [project]
                name = "foo"
                dependencies = ["arrow", "toolz", "beautifulsoup4", "orjson", "humanize"]
                """,
            "src/foo/__init__.py": "",
            "src/foo/main.py": CODE + "import helpers\n",
            "src/helpers.py": "import tabulate\n",
        },
        # deptry finds first-party modules at the root only: a module alone in src/ must be
        # named to it; archfit knows it from the source root and needs no option.
        ("--known-first-party", "helpers"),
    ),
)

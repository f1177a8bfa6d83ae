"""Small tach projects, each exercising keys of tach 0.35.3's configuration; written into a
folder by the parity tests, judged by ``tach check`` and ``archfit check``."""

from __future__ import annotations

from pathlib import Path

Case = dict[str, str]


def write(root: Path, files: Case) -> Path:
    """Write ``files`` (path -> text) below ``root``; ``__init__.py`` files are added for
    every folder under ``src`` that holds Python code."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        folder = path.parent
        while name.startswith("src/") and folder != root / "src" and name.endswith(".py"):
            (folder / "__init__.py").touch(exist_ok=True)
            folder = folder.parent
    return root


DEPENDS_ON: Case = {
    "tach.toml": """source_roots = ["src"]
[[modules]]
path = "billing"
depends_on = ["core"]
[[modules]]
path = "orders"
depends_on = [{path = "billing", deprecated = true}]
[[modules]]
path = "core"
depends_on = []
[[interfaces]]
expose = ["api"]
from = ["billing"]
""",
    "src/billing/api.py": "def pay(): pass\n",
    "src/billing/impl.py": "def secret(): pass\nimport core\n",
    "src/orders/main.py": """from billing.impl import secret
from billing import api
import orders
import core
""",
    "src/core/x.py": """import orders  # tach-ignore
from billing.api import pay
# tach-ignore(legacy) pay
from billing.api import pay
""",
}

LAYERS: Case = {
    "tach.toml": """source_roots = ["src"]
layers = ["ui", {name = "svc", closed = true}, "data"]
[[modules]]
path = "ui"
layer = "ui"
depends_on = []
[[modules]]
path = "svc"
layer = "svc"
depends_on = ["other"]
cannot_depend_on = ["util"]
[[modules]]
path = "data"
layer = "data"
depends_on = ["svc"]
[[modules]]
path = "util"
utility = true
[[modules]]
path = "other"
depends_on = ["svc"]
visibility = ["data", "svc"]
""",
    "src/ui/a.py": "import data\nimport svc\nimport util\n",
    "src/svc/a.py": "import ui\nimport util\nimport other\n",
    "src/data/a.py": "import svc\n",
    "src/other/a.py": "import svc\nimport ui\n",
    "src/util/a.py": "X = 1\n",
}

IMPORT_KINDS: Case = {
    "tach.toml": """source_roots = ["src"]
[[modules]]
path = "app"
depends_on = []
[[modules]]
path = "lib"
depends_on = []
""",
    "src/app/a.py": """from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import lib
def f():
    import lib.deep
    return lib
try:
    import lib
except ImportError:
    pass
""",
    "src/lib/deep.py": "X = 1\n",
}

INTERFACES: Case = {
    "tach.toml": """source_roots = ["src"]
[[modules]]
path = "a"
depends_on = ["b", "c"]
[[modules]]
path = "b"
depends_on = ["c"]
[[modules]]
path = "c"
depends_on = []
[[interfaces]]
expose = ["api\\\\..*", "Public"]
[[interfaces]]
expose = ["internal"]
from = ["c"]
visibility = ["b"]
exclusive = true
""",
    "src/a/x.py": """from b.api import f
from b.impl import g
from c import Public, Hidden
from c import internal
""",
    "src/b/x.py": "from c import internal\nfrom c import Public\nfrom c.api import h\n",
    "src/b/api.py": "def f(): pass\n",
    "src/b/impl.py": "def g(): pass\n",
    "src/c/__init__.py": "Public = Hidden = internal = 1\n",
    "src/c/api.py": "def h(): pass\n",
}

NESTED: Case = {
    "tach.toml": """source_roots = ["src"]
exact = false
[[modules]]
paths = ["shop", "shop.cart"]
depends_on = []
[[modules]]
path = "pay"
depends_on = ["shop.cart"]
""",
    "src/shop/core.py": "import shop.cart.items\nimport pay\n",
    "src/shop/cart/items.py": "import shop.core\n",
    "src/pay/x.py": "import shop.cart\nimport shop.core\nimport shop\n",
}

DOMAINS: Case = {
    "tach.toml": """source_roots = ["src"]
[[modules]]
path = "api"
depends_on = ["shop"]
""",
    "src/shop/tach.domain.toml": """[root]
depends_on = ["cart", "//api"]
[[modules]]
path = "cart"
depends_on = []
[[modules]]
path = "stock"
depends_on = ["cart"]
[[interfaces]]
expose = ["service"]
from = ["<domain_root>"]
""",
    "src/shop/service.py": "import shop.stock.x\nimport shop.cart.x\nimport api\n",
    "src/shop/hidden.py": "X = 1\n",
    "src/shop/cart/x.py": "import shop.stock.x\n",
    "src/shop/stock/x.py": "import shop.cart.x\nimport api\n",
    "src/api/x.py": "from shop import service\nfrom shop import hidden\nimport shop.stock.x\n",
}

LAYERS_EXPLICIT: Case = {
    "tach.toml": """source_roots = ["src"]
layers = ["top", "bottom"]
layers_explicit_depends_on = true
[[modules]]
path = "a"
layer = "top"
depends_on = ["b"]
[[modules]]
path = "b"
layer = "bottom"
depends_on = []
[[modules]]
path = "c"
layer = "bottom"
depends_on = []
""",
    "src/a/x.py": "import b\nimport c\n",
    "src/b/x.py": "import c\nimport a\n",
    "src/c/x.py": "X = 1\n",
}

TYPE_CHECKING_JUDGED: Case = {
    "tach.toml": """source_roots = ["src"]
ignore_type_checking_imports = false
[[modules]]
path = "app"
depends_on = []
[[modules]]
path = "lib"
depends_on = []
""",
    "src/app/a.py": """from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import lib
def f():
    import lib.deep
    return lib
""",
    "src/lib/deep.py": "X = 1\n",
}

LOCAL_IMPORTS_OFF: Case = {
    "tach.toml": """source_roots = ["src"]
[rules]
local_imports = "off"
[[modules]]
path = "app"
depends_on = []
[[modules]]
path = "lib"
depends_on = []
""",
    "src/app/a.py": """import lib
try:
    import lib.deep
except ImportError:
    pass
class C:
    import lib
def f():
    import lib.deep
""",
    "src/lib/deep.py": "X = 1\n",
}

UNCHECKED_EXCLUDE: Case = {
    "tach.toml": """source_roots = ["src"]
exclude = ["**/generated"]
[[modules]]
path = "a"
depends_on = []
[[modules]]
path = "b"
unchecked = true
""",
    "src/a/x.py": "import b\n",
    "src/a/generated/x.py": "import b\n",
    "src/a/tests/test_x.py": "import b\n",
    "src/b/x.py": "import a\n",
}

PYPROJECT: Case = {
    "pyproject.toml": """[project]
name = "shop"
version = "1"

[tool.tach]
source_roots = ["src"]

[[tool.tach.modules]]
path = "shop.a"
depends_on = []

[[tool.tach.modules]]
path = "shop.b"
depends_on = [{ path = "shop.a", deprecated = true }]
""",
    "src/shop/a.py": "import shop.b\n",
    "src/shop/b.py": "from shop.a import x\n",
}

ROOT_ALLOW: Case = {
    "tach.toml": """source_roots = ["src"]
root_module = "allow"
[[modules]]
path = "<root>"
depends_on = ["a"]
[[modules]]
path = "a"
depends_on = []
[[modules]]
path = "b"
depends_on = ["<root>"]
""",
    "src/a/x.py": "import misc\n",
    "src/b/x.py": "import misc.y\nimport a\n",
    "src/misc/y.py": "import a\nimport b\n",
}

ROOT_DEPENDENCIES_ONLY: Case = {
    "tach.toml": """source_roots = ["src"]
root_module = "dependenciesonly"
[[modules]]
path = "a"
depends_on = []
[[modules]]
path = "b"
depends_on = ["a"]
""",
    "src/a/x.py": "import misc\n",
    "src/b/x.py": "import misc.y\nimport a\n",
    "src/misc/y.py": "import a\nimport b\n",
}

EXACT: Case = {
    "tach.toml": """source_roots = ["src"]
exact = true
[[modules]]
path = "a"
depends_on = ["b", "c", {path = "d", deprecated = true}]
[[modules]]
path = "b"
depends_on = ["a"]
[[modules]]
path = "c"
depends_on = []
[[modules]]
path = "d"
depends_on = []
""",
    "src/a/x.py": "import b\n",
    "src/b/x.py": "X = 1\n",
    "src/c/x.py": "X = 1\n",
    "src/d/x.py": "X = 1\n",
}

# Rewritten after tach's own example projects (python/tests/example in its repository; its
# sdist cannot be unpacked by pip without a Rust toolchain): the same keys and layouts.
EXAMPLE_VALID: Case = {
    "tach.toml": """exclude = ["**/tests", "**/docs", "**/*__pycache__", "**/*egg-info", "**/venv",
    "domain_four.py"]
exact = true
forbid_circular_dependencies = true
root_module = "allow"
[[modules]]
path = "domain_one"
depends_on = [{ path = "domain_two", deprecated = true }]
[[modules]]
path = "domain_three"
depends_on = []
[[modules]]
path = "domain_two"
depends_on = [{ path = "domain_three" }]
[[modules]]
path = "<root>"
depends_on = [{ path = "domain_one" }]
""",
    "domain_one/__init__.py": "from domain_two import x\n",
    "domain_two/__init__.py": "from domain_three import x\nfrom domain_four import ok\n",
    "domain_two/helper.py": "from . import other\n",
    "domain_two/other.py": "",
    "domain_three/__init__.py": "x = 3\n",
    "domain_four.py": "def ok(): ...\n",
    "leftover/__init__.py": "",
    "leftover/mod.py": """import typing as t
from domain_one import x
if t.TYPE_CHECKING:
    from domain_three import x as hidden
""",
}

EXAMPLE_DISTRIBUTED: Case = {
    "tach.toml": """[[modules]]
path = "project.top_level"
depends_on = ["project.module_two"]
""",
    "project/__init__.py": "",
    "project/module_one/__init__.py": "from project.module_two import two\n",
    "project/module_one/tach.domain.toml": '[root]\ndepends_on = ["//project.module_two"]\n',
    "project/module_two/__init__.py": "def two(): ...\n",
    "project/module_two/tach.domain.toml": "[root]\ndepends_on = []\n",
    "project/top_level.py": (
        "from project.module_one import one\nfrom project.module_two import two\n"
    ),
}

GLOBS: Case = {
    "tach.toml": """source_roots = ["src"]
[[modules]]
path = "libs.*"
depends_on = ["core"]
[[modules]]
path = "core"
depends_on = []
[[interfaces]]
expose = ["api"]
from = ["libs.*"]
""",
    "src/libs/one/__init__.py": "import libs.two\n",
    "src/libs/two/__init__.py": "import core\n",
    "src/libs/two/api.py": "",
    "src/libs/two/impl.py": "",
    "src/core/x.py": "import libs.two.api\nfrom libs.two import impl\n",
}

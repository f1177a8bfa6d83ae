"""The class index's parts stored beside the alias lookups they made (ADR-0020, issue #18's
own-imports row, ``fitness.engine.guarded_lookups``): ``single-implementation`` and
``inheritance-depth`` keep their hits when a module binds a name no lookup asked about (the
benchmark's ``from .x import y as _bench_edit_N``), without building any other file's
structure; a lookup that now finds something else, a class added or a base changed
recomputes them; and seeded sequences of edits to classes, bases, aliases and modules equal
a cold ``--no-cache`` run at each step.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from analyzer.facts import DeferredFile, Facts
from fitness.checks.base import Hit
from fitness.engine import guarded_lookups, parts, stored_run
from tests.analyzer.trees import write_tree
from tests.cli.settled import counted_graph_rules, judged_tree, settled_check

pytestmark = pytest.mark.stored_runs

_CLASS_RULES = {"single-implementation", "inheritance-depth"}
# Both rules at thresholds low enough that the small trees below report.
_CONFIG = """[tool.archfit]
root_packages = ["zoo"]

[tool.archfit.rules]
CBX005 = { max_implementations = 4 }
CBX007 = { max_depth = 2 }
"""
_HEAD = '"""{module}."""\n\nimport abc\nfrom typing import Protocol\n'
_ANIMAL = (
    "\n\nclass Animal(abc.ABC):\n    @abc.abstractmethod\n    def speak(self) -> None:\n"
    "        ...\n"
)


def _class(name: str, bases: str) -> str:
    return f"\n\nclass {name}({bases}):\n    def speak(self) -> None:\n        return None\n"


def _tree() -> dict[str, str]:
    """An ABC re-exported through two ``__init__`` modules (one renaming it), subclassed
    through a plain import, a module alias, a renamed class (``Puppy``, three deep) and the
    chain of re-exports (``Wolf``: ``zoo.kinds.Creature`` is ``zoo.Beast``, which is
    ``zoo.base.Animal``)."""
    return {
        "pyproject.toml": _CONFIG,
        "zoo/__init__.py": '"""Zoo."""\n\nfrom .base import Animal\n'
        + "from .base import Animal as Beast\n",
        "zoo/base.py": _HEAD.format(module="zoo.base") + _ANIMAL,
        "zoo/kinds/__init__.py": '"""Kinds."""\n\nfrom zoo import Beast as Creature\n',
        "zoo/kinds/dogs.py": _HEAD.format(module="zoo.kinds.dogs")
        + "from zoo import Animal\n"
        + _class("Dog", "Animal"),
        "zoo/kinds/cats.py": _HEAD.format(module="zoo.kinds.cats")
        + "import zoo.base as b\n"
        + _class("Cat", "b.Animal"),
        "zoo/farm.py": _HEAD.format(module="zoo.farm")
        + "from zoo.kinds import Creature\nfrom .kinds.dogs import Dog as Hound\n"
        + _class("Puppy", "Hound")
        + _class("Wolf", "Creature"),
    }


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tree above; the stored run out of the way, so every run judges (and may reuse
    parts)."""
    return judged_tree(tmp_path / "p", _tree(), monkeypatch)


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The id of each graph-level rule computed."""
    return counted_graph_rules(monkeypatch)


def _refuse(monkeypatch: pytest.MonkeyPatch) -> None:
    """The class rules fail if computed."""
    graph = parts.run_graph

    def refuse(check_impl: Any, facts: Facts, params: Mapping[str, Any]) -> list[Hit]:
        assert check_impl.id not in _CLASS_RULES, f"{check_impl.id} was recomputed"
        return graph(check_impl, facts, params)

    monkeypatch.setattr(parts, "run_graph", refuse)


def _append(root: Path, path: str, text: str) -> None:
    (root / path).write_text((root / path).read_text() + text)


def _replace(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text()
    assert old in text
    (root / path).write_text(text.replace(old, new))


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> list[DeferredFile]:
    """Every cached file a run reads as a ``DeferredFile`` (its ``built`` seam says what of
    it the run read)."""
    made: list[DeferredFile] = []
    real = DeferredFile.__init__

    def kept(self: DeferredFile, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(DeferredFile, "__init__", kept)
    return made


def test_a_name_no_lookup_asked_about_keeps_the_class_rules(
    run_cli: Any, root: Path, monkeypatch: pytest.MonkeyPatch, deferred: list[DeferredFile]
) -> None:
    """The benchmark's edit: ``zoo/kinds/__init__.py``, which the lookups read (``Creature``
    resolves through it), binds another module of its package under a new name. The class
    rules are reused (they fail if computed), no other file's structure is built, and the
    run equals a cold one; so does the next such edit, once the record holds the file's new
    content key."""
    first = settled_check(run_cli, root)
    assert "CBX005" in first and "CBX007" in first
    _refuse(monkeypatch)
    for count in range(2):
        deferred.clear()
        _append(root, "zoo/kinds/__init__.py", f"from . import cats as _bench_edit_{count}\n")
        warm = settled_check(run_cli, root)
        assert deferred and not [d for d in deferred if "structure" in d.built]
        assert warm == first == settled_check(run_cli, root, "--no-cache")


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        pytest.param(
            "zoo/__init__.py",
            "from .base import Animal as Beast\n",
            "from .kinds.dogs import Dog as Beast\n",
            id="a witnessed lookup finds another name",
        ),
        pytest.param(
            "zoo/kinds/__init__.py",
            "from zoo import Beast as Creature\n",
            "",
            id="a witnessed lookup finds none",
        ),
        pytest.param(
            "zoo/farm.py", "", "from .kinds.dogs import Wolf as Hound\n", id="a name bound again"
        ),
        pytest.param("zoo/farm.py", "", _class("Kitten", "Creature"), id="a class added"),
        pytest.param("zoo/farm.py", "Puppy(Hound)", "Puppy(Creature)", id="a base changed"),
    ],
)
def test_a_change_the_lookups_or_classes_see_recomputes_the_class_rules(
    run_cli: Any, root: Path, computed: list[str], path: str, old: str, new: str
) -> None:
    """A lookup the index made that now finds something else (another name, none, or the
    name bound again below the classes, to a target that sorts last: the index keeps that
    binding), a class added or a base changed: both rules are computed again, and the run
    equals a cold one (whose findings differ from the first run's)."""
    first = settled_check(run_cli, root)
    computed.clear()
    if old:
        _replace(root, path, old, new)
    else:
        _append(root, path, new)
    warm = settled_check(run_cli, root)
    assert set(computed) >= _CLASS_RULES
    assert warm == settled_check(run_cli, root, "--no-cache") != first


def test_a_lookup_that_missed_and_now_finds_recomputes_the_class_rules(
    run_cli: Any, root: Path, computed: list[str]
) -> None:
    """A base whose name the module did not bind (a witnessed miss), bound at the end of the
    module: the class becomes an implementation, the rules are computed again."""
    _append(root, "zoo/farm.py", _class("Fox", "Animal"))
    first = settled_check(run_cli, root)
    computed.clear()
    _append(root, "zoo/farm.py", "from zoo.base import Animal\n")
    warm = settled_check(run_cli, root)
    assert set(computed) >= _CLASS_RULES
    assert warm == settled_check(run_cli, root, "--no-cache") != first


# The random trees: modules of one package, each with names bound and classes.
_MODULES = ("zoo", "zoo.base", "zoo.kinds", "zoo.kinds.dogs", "zoo.kinds.cats", "zoo.farm")
_NAMES = ("Animal", "Pet", "Dog", "Cat", "Speaker", "Wolf", "Fox", "Hound", "Creature")


def _path(module: str, packages: set[str]) -> str:
    file = "__init__" if module in packages else module.rpartition(".")[2]
    folder = module if module in packages else module.rpartition(".")[0]
    return f"{folder.replace('.', '/')}/{file}.py"


# The tree the random edits start from: ``_tree``'s, a Protocol besides.
_START: Mapping[str, tuple[list[str], list[tuple[str, str, str]]]] = {
    "zoo": (["from .base import Animal\n", "from .base import Animal as Beast\n"], []),
    "zoo.base": ([], [("Animal", "abc.ABC", "abstract"), ("Speaker", "Protocol", "protocol")]),
    "zoo.kinds": (["from zoo import Beast as Creature\n"], []),
    "zoo.kinds.dogs": (["from zoo import Animal\n"], [("Dog", "Animal", "plain")]),
    "zoo.kinds.cats": (["import zoo.base as m\n"], [("Cat", "m.Animal", "plain")]),
    "zoo.farm": (
        ["from zoo.kinds import Creature\n", "from .kinds.dogs import Dog as Hound\n"],
        [("Puppy", "Hound", "plain"), ("Wolf", "Creature", "plain")],
    ),
}


class _Model:
    """A tree of modules, each import lines above its classes (name, bases, kind) and below
    them (where a line added moves no class)."""

    def __init__(self) -> None:
        self.packages = {"zoo", "zoo.kinds"}
        self.modules: dict[str, tuple[list[str], list[tuple[str, str, str]], list[str]]] = {
            module: ([], [], []) for module in _MODULES
        }
        for module, (lines, classes) in _START.items():
            self.modules[module][0].extend(lines)
            self.modules[module][1].extend(classes)

    def files(self) -> Iterator[tuple[str, str]]:
        """Each module's path and text."""
        for module, (lines, classes, tail) in self.modules.items():
            text = _HEAD.format(module=module) + "".join(lines)
            for name, bases, kind in classes:
                text += _class_text(name, bases, kind)
            yield _path(module, self.packages), text + "".join(tail)

    def write(self, root: Path) -> None:
        """Write the tree, removing the files of modules gone."""
        for old in root.rglob("*.py"):
            old.unlink()
        for path, text in self.files():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text)


def _class_text(name: str, bases: str, kind: str) -> str:
    if kind == "abstract":
        body = "    @abc.abstractmethod\n    def speak(self) -> None:\n        ...\n"
    elif kind == "protocol":
        body = "    def speak(self) -> None:\n        ...\n"
    else:
        body = "    def speak(self) -> None:\n        return None\n"
    return f"\n\nclass {name}({bases}):\n{body}"


def _binding(rng: random.Random, module: str, model: _Model) -> str:
    """An import line binding a name: a class re-exported (absolutely or relatively,
    renamed or not), or a module (``import zoo.x as m``, ``from zoo import kinds``)."""
    source = rng.choice([m for m in model.modules if m != module])
    name, alias = rng.choice(_NAMES), rng.choice(("", "", rng.choice(_NAMES), "m"))
    suffix = f" as {alias}" if alias else ""
    shape = rng.randrange(4)
    if shape == 0:
        return f"from {source} import {name}{suffix}\n"
    if shape == 1 and module.startswith(source + ".") and source in model.packages:
        return f"from . import {name}{suffix}\n"
    if shape == 2:
        return f"import {source} as {alias or 'm'}\n"
    parent, _, last = source.rpartition(".")
    return f"from {parent or 'zoo'} import {last or name}{suffix}\n"


def _bases(rng: random.Random) -> str:
    """One or two bases as written: a bound name, a module alias's attribute, ABC or none."""
    pool = [*_NAMES, "m.Animal", "m.Dog", "kinds.Dog", "Beast", "abc.ABC", "Protocol", "object"]
    return ", ".join(rng.sample(pool, rng.choice((1, 1, 2))))


def _random_edit(rng: random.Random, model: _Model) -> str:
    """One edit of the model: a name bound (one no base is written with, too), removed or
    renamed, a class added or removed, a class's bases changed, a module added or removed;
    returns what it did."""
    module = rng.choice(list(model.modules))
    head, classes, tail = model.modules[module]
    lines = rng.choice((head, tail))
    kinds = ("bind", "bind", "spare", "spare", "unbind", "rename", "class", "unclass", "bases")
    kind = rng.choice((*kinds, "module"))
    if kind == "unbind" and lines:
        return f"{module}: removed {lines.pop(rng.randrange(len(lines))).strip()!r}"
    if kind == "rename" and lines:
        at = rng.randrange(len(lines))
        line = lines[at].split(" as ")[0].rstrip("\n")
        lines[at] = f"{line} as {rng.choice(_NAMES)}\n" if "import" in line else lines[at]
        return f"{module}: renamed {lines[at].strip()!r}"
    if kind == "class":
        name = rng.choice(_NAMES)
        classes.append((name, _bases(rng), rng.choice(("abstract", "protocol", "plain", "plain"))))
        return f"{module}: class {classes[-1]}"
    if kind == "unclass" and classes:
        return f"{module}: removed class {classes.pop(rng.randrange(len(classes)))}"
    if kind == "bases" and classes:
        at = rng.randrange(len(classes))
        classes[at] = (classes[at][0], _bases(rng), classes[at][2])
        return f"{module}: bases {classes[at]}"
    if kind == "module":
        return _module_edit(rng, model)
    if kind == "spare":  # the benchmark's edit: a name no base is written with
        source = rng.choice([m for m in model.modules if m != module])
        tail.append(f"import {source} as _spare{rng.randrange(1000)}\n")
        return f"{module}: bound {tail[-1].strip()!r} below"
    lines.append(_binding(rng, module, model))
    return f"{module}: bound {lines[-1].strip()!r}"


def _module_edit(rng: random.Random, model: _Model) -> str:
    """A module added to a package, or one of the plain modules removed."""
    plain = [m for m in model.modules if m not in model.packages]
    if plain and rng.random() < 0.4:
        gone = rng.choice(plain)
        del model.modules[gone]
        return f"removed module {gone}"
    module = f"{rng.choice(sorted(model.packages))}.m{rng.randrange(1000)}"
    model.modules[module] = ([], [(rng.choice(_NAMES), _bases(rng), "plain")], [])
    return f"added module {module}"


@pytest.mark.parametrize("seed", [18, 2026, 7, 11, 5, 3])
def test_a_seeded_sequence_of_class_and_alias_edits_warm_equals_cold(
    run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Sixteen random edits of the names bound, the classes, their bases and the modules in
    turn; after each, the warm run (reusing whatever parts the lookups allow) equals a cold
    one, as JSON, as text and by exit code; some steps reuse the class rules' stored hits
    with a changed file looked into, and the findings change along the way."""
    monkeypatch.setattr(stored_run, "tree_key", lambda *args, **kwargs: None)
    rng, model = random.Random(seed), _Model()
    root = write_tree(tmp_path / "p", {"pyproject.toml": _CONFIG})
    model.write(root)
    settled_check(run_cli, root)
    reused = _count_answered(monkeypatch)
    outcomes = set()
    for step in range(16):
        done = _random_edit(rng, model)
        model.write(root)
        warm = settled_check(run_cli, root)
        assert warm == settled_check(run_cli, root, "--no-cache"), f"step {step}: {done}"
        text = run_cli("check", str(root))
        assert text == run_cli("check", "--no-cache", str(root)), f"step {step}: {done}"
        outcomes.add(warm)
    assert len(outcomes) > 3 and reused  # the edits changed the results, not just the files


def _count_answered(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each time a stored part's lookups into changed files all find the same thing."""
    answered: list[bool] = []
    real = guarded_lookups._same_answers

    def counted(*args: Any) -> bool:
        same = real(*args)
        if same:
            answered.append(same)
        return same

    monkeypatch.setattr(guarded_lookups, "_same_answers", counted)
    return answered

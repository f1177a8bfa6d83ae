"""Whether an "and" in a module's one-sentence summary joins two purposes, read as a careful
reader reads it.

Word lists, no grammar model:

- two actions, each with its own object ("parse the order CSV and send the e-mails",
  "read the settings file and send emails") join two purposes; two actions on one object
  ("read and write the cache", "generating and counting primes") are one;
- two things, each named by a phrase of its own ("Django validation and HTML form handling",
  "algebraic geometry and commutative algebra"), or a thing and an activity ("users and
  billing"), join two purposes;
- a list ("a, b and c"), a pair sharing its head ("unary and binary predicates"), a short pair
  ("settings and configuration"), the objects of one action ("tools for solving inequalities
  and systems of inequalities"), kinds of code ("classes and functions for X") and "X and
  related tools" are one purpose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from analyzer.patterns import compiled_later


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a literal)."""
    return frozenset(text.split())


# Operations a module performs (base forms; inflections are derived). "implements",
# "contains", "provides" and the like describe the module itself and are not here.
_ACTIONS = _words("""
read write parse send receive load save store fetch build create generate compute calculate
convert render format print validate check verify handle process run execute compile wrap
install download upload serialize deserialize encode decode encrypt decrypt sign hash sort
filter merge split copy move delete remove insert update register resolve find search query
match compare log report notify email mail display show draw plot produce arrange inspect
gather clean normalize normalise transform translate export import extract evaluate solve
simplify expand integrate differentiate manage schedule dispatch route cache connect open
close start stop configure initialize initialise apply emit track monitor measure analyze
analyse scan lint fix repair migrate sync publish subscribe stream train predict
authenticate authorize authorise bill charge lookup post
""")
_CONTENT = _words("""
contain provide implement define house have hold export offer include collect expose
""")
_DETERMINERS = _words(
    "the a an its their his her our your this that these those some all any each every "
    "various several many few both either"
)
_FUNCTION_WORDS = _DETERMINERS | _words(
    "for of to in on at by with from into onto over under between among about as via "
    "using than then also so thus which that who whose where when while and or nor but "
    "is are was were be been being can could should would may might must will shall "
    "not only it they them it's"
)
# "X and related tools", "and allied problems", "and vice versa", "and so on": the rest of
# X's family or a figure of speech, not a new purpose.
_FAMILY = _words(
    "related allied associated other others similar helper helpers supporting vice so more"
)
# Kinds of code: "classes and functions for X" names what the module holds, not purposes.
_CODE_WORDS = _words("""
    function functions class classes utility utilities util utils helper helpers tool tools
    routine routines object objects type types method methods algorithm algorithms module
    modules code support wrapper wrappers interface interfaces api apis constant constants
    procedures procedure callbacks hooks implementation implementations stuff things
    """)
_NOT_GERUNDS = _words("string thing ring king spring ceiling morning nothing something")
_ENDS = _FUNCTION_WORDS | frozenset(",;:.!?")
_LEADING = _words("then also to so thus finally and")
_word = compiled_later(r"[A-Za-z0-9][\w'/+-]*(?:\.[\w'/+-]+)*|[,;:.!?]")
_CLAUSE_BREAKS = frozenset(";:.!?")


def _forms(bases: Iterable[str]) -> frozenset[str]:
    """Base, -s, -es, -ies and -ing forms (with a dropped e or a doubled consonant)."""
    forms: set[str] = set()
    for verb in bases:
        forms |= {verb, verb + "s", verb + "es", verb + "ing", verb + verb[-1] + "ing"}
        if verb.endswith("e"):
            forms.add(verb[:-1] + "ing")
        if verb.endswith("y"):
            forms.add(verb[:-1] + "ies")
    return frozenset(forms)


ACTIONS = _forms(_ACTIONS)
CONTENT = _forms(_CONTENT)


def joins_purposes(text: str) -> bool:
    """Whether some "and" in ``text`` (quotes and parentheses already taken out) joins two
    purposes; ``and/or`` never does."""
    tokens = _word().findall(text)
    for index, token in enumerate(tokens):
        if token.lower() != "and":
            continue
        left, right = _clause(tokens, index)
        if _two_actions(left, right) or _two_things(left, right):
            return True
    return False


def _clause(tokens: Sequence[str], index: int) -> tuple[list[str], list[str]]:
    """The words of the clause left and right of the "and" at ``index`` (commas kept)."""
    start = index
    while start > 0 and tokens[start - 1] not in _CLAUSE_BREAKS:
        start -= 1
    end = index + 1
    while end < len(tokens) and tokens[end] not in _CLAUSE_BREAKS:
        end += 1
    return list(tokens[start:index]), list(tokens[index + 1 : end])


def _two_actions(left: list[str], right: list[str]) -> bool:
    """An action with its own object on each side: "parse X and send Y"."""
    words = [w for w in right if w != ","]
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    if len(words) < 2 or words[0].lower() not in ACTIONS or words[1].startswith("/"):
        return False
    verbs = [i for i, w in enumerate(left) if w.lower() in ACTIONS]
    return bool(verbs) and any(w != "," for w in left[verbs[-1] + 1 :])


def _two_things(left: list[str], right: list[str]) -> bool:
    """Two things with phrases of their own, or a thing and an activity, named side by side
    (not a list, not the objects of one action, not kinds of code, not X's family)."""
    if "," in left or not right or right[0].startswith("/") or right[0].lower() in _FAMILY:
        return False
    first, second = _phrase(reversed(left), True)[::-1], _phrase(_after_determiners(right))
    if not first or not second or _under_action(left, len(first)):
        return False
    if {w.lower() for w in first + second} & (_CODE_WORDS | _FAMILY):
        return False
    if len(first) >= 2 and len(second) >= 2:
        return first[-1].lower() != second[-1].lower()
    return len(first) == len(second) == 1 and _gerund(first[0]) != _gerund(second[0])


def _phrase(words: Iterable[str], backwards: bool = False) -> list[str]:
    """The words of a noun phrase, up to a function word, a verb or punctuation; an -ing
    word with no object after it is an activity ("billing", "billing import X"), not a verb."""
    found: list[str] = []
    listed = list(words)
    for index, word in enumerate(listed):
        after = "and" if backwards and index == 0 else _next(listed, index, backwards)
        if word.lower() in _FUNCTION_WORDS or not word[0].isalpha():
            break
        if _verb(word) and not (_gerund(word) and (not after or _ends(after))):
            break
        found.append(word)
    return found


def _ends(word: str) -> bool:
    """Whether a word after an -ing word ends its phrase: "billing." or "billing import"."""
    return word.lower() in _ENDS or _verb(word)


def _next(words: Sequence[str], index: int, backwards: bool) -> str:
    """The word after ``words[index]`` in reading order ("" at the end)."""
    if backwards:
        return words[index - 1] if index > 0 else ""
    return words[index + 1] if index + 1 < len(words) else ""


def _verb(word: str) -> bool:
    """An action, a word the module describes itself with, or a participle ("used for",
    "linked"): what follows it is its object, not a purpose of its own."""
    low = word.lower()
    participle = len(low) > 3 and low.endswith("ed") and not low.endswith("eed")
    return low in ACTIONS or low in CONTENT or participle


def _after_determiners(words: Sequence[str]) -> list[str]:
    index = 0
    while index < len(words) and words[index].lower() in _DETERMINERS:
        index += 1
    return list(words[index:])


def _under_action(left: Sequence[str], phrase_length: int) -> bool:
    """Whether the phrase before "and" is the object of an action ("solving X and Y")."""
    return any(_verb(w) and w.lower() not in CONTENT for w in left[: len(left) - phrase_length])


def _gerund(word: str) -> bool:
    """An activity named by an -ing word ("billing", "logging"), not "string" or "settings"."""
    low = word.lower()
    return len(low) > 5 and low.endswith("ing") and low not in _NOT_GERUNDS

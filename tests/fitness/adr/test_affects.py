"""Which decisions govern a file (``affects``, references, rule scopes), and ``adr new``'s
numbering, slugs and default template."""

from __future__ import annotations

from fitness.adr.affects import covers, governing, governing_files, scopes
from fitness.adr.model import Adr, Reference, Rule
from fitness.adr.parse import parse_adr
from fitness.adr.template import default_template, next_number, slugify

ROOTS = ("chat",)


def adr(path: str, status: str = "accepted", rules: tuple[Rule, ...] = (), refs: str = "") -> Adr:
    references = tuple(Reference(text, 5) for text in refs.split()) if refs else ()
    stem = path.rsplit("/", 1)[-1][:4]
    return Adr(
        path, "guide", f"ADR-{stem}", path, status=status, rules=rules, references=references
    )


def test_affects_modules_and_globs_from_a_fitness_line() -> None:
    decision = adr("docs/adr/0001-a.md", rules=(Rule("affects", "chat.broadcast, chat/api/**", 9),))
    found = scopes(decision, ROOTS)
    assert [(s.module, s.glob) for s in found] == [("chat.broadcast", ""), ("", "chat/api/**")]
    assert covers(found[0], "src/chat/broadcast/redis.py", "chat.broadcast.redis")
    assert not covers(found[0], "src/chat/broadcastx.py", "chat.broadcastx")
    assert covers(found[1], "chat/api/views.py", None)
    assert not covers(found[1], "chat/domain.py", "chat.domain")


def test_affects_from_front_matter_is_a_rule_with_its_line() -> None:
    text = "---\nstatus: accepted\naffects: [chat.jobs, 'scripts/*.py']\n---\n\n# Jobs\n"
    parsed = parse_adr("docs/adr/0003-jobs.md", text)
    (rule,) = [r for r in parsed.rules if r.key == "affects"]
    assert rule.line == 3
    reasons = governing([parsed], "scripts/run.py", None, ROOTS)[0].reasons
    assert reasons == ("affects `scripts/*.py` (line 3)",)


def test_references_govern_modules_and_paths_but_not_a_whole_root_package() -> None:
    decision = adr("docs/adr/0002-b.md", refs="chat chat.domain.Service chat/api/ True")
    found = scopes(decision, ROOTS)
    assert [(s.module, s.glob) for s in found] == [("chat.domain.Service", ""), ("", "chat/api")]
    assert covers(found[0], "chat/domain.py", "chat.domain")  # names a class in that module
    assert not covers(found[0], "chat/__init__.py", "chat")  # a package holds everything
    assert covers(found[1], "chat/api/views.py", "chat.api.views")


def test_rule_scopes_forbid_importer_migrate_scope_and_contract_fields() -> None:
    contract = {
        "type": "forbidden",
        "source_modules": ["chat.api"],
        "forbidden_modules": ["chat.db"],
    }
    rules = (
        Rule("forbid", "chat.domain -> chat.store", 7),
        Rule("migrate", "redis -> kafka in chat.broadcast", 8),
        Rule("layers", "chat.web > chat.core", 9),
        Rule("contract", contract, 10),
        Rule("forbid-dep", "kafka", 11),
    )
    modules = [s.module for s in scopes(adr("docs/adr/0004-c.md", rules=rules), ROOTS)]
    assert modules == ["chat.domain", "chat.broadcast", "chat.web", "chat.core", "chat.api"]


def test_governing_orders_accepted_then_proposed_and_skips_inactive() -> None:
    rule = (Rule("affects", "chat", 3),)
    adrs = [
        adr("docs/adr/0001-a.md", "proposed", rule),
        adr("docs/adr/0002-b.md", "superseded", rule),
        adr("docs/adr/0003-c.md", "accepted", rule),
        adr("docs/adr/0004-d.md", "rejected", rule),
        adr("docs/adr/0005-e.md", "accepted", (Rule("affects", "other/**", 3),)),
    ]
    found = governing(adrs, "chat/x.py", "chat.x", ROOTS)
    assert [(g.adr.id, g.adr.status) for g in found] == [
        ("ADR-0003", "accepted"),
        ("ADR-0001", "proposed"),
    ]
    files = {"chat/x.py": "chat.x", "other/y.py": None}
    assert [a.id for a in governing_files(adrs, files, ROOTS)] == ["ADR-0003", "ADR-0005"]


def test_new_adr_numbering_slug_and_default_template() -> None:
    adrs = [
        parse_adr("doc/adr/007-x.md", "# 7. X\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n"),
        parse_adr("doc/adr/012-y.md", "# Y\n\n## Status\n\nAccepted\n"),
        parse_adr("other/0099-z.md", "# ADR-0099: Z\n\n**Status**: Accepted\n"),
    ]
    assert next_number(adrs, "doc/adr") == "013"
    assert next_number([], "docs/adr") == "0001"
    assert slugify("  Use Redis (pub/sub) -- NOW!  ") == "use-redis-pub-sub-now"
    assert default_template(adrs) == "nygard"  # adr-tools and Nygard are both Nygard's template
    assert default_template([]) == "guide"

"""One ADR file -> the model: detect its format, then a function per format fills it in."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath

from fitness.adr import parse_fields as pf
from fitness.adr.markdown import MdDoc, backticked, checkboxes, parse_markdown
from fitness.adr.model import Adr, AdrIssue, Rule
from fitness.adr.parse_fitness import front_matter_rules, parse_block
from fitness.adr.parse_rst import rst_document, rst_references
from fitness.adr.status import adr_id, file_number, normalize_status, read_date, split_title
from fitness.adr.text import clean_text, unmark

FormatParser = Callable[[MdDoc, Adr], Adr]


def parse_adr(path: str, text: str) -> Adr:
    """Parse one ADR (``path`` relative to the root); a malformed one carries issues."""
    text = clean_text(text)
    if path.lower().endswith(".rst"):
        doc = rst_document(text)
        adr = parse_common(doc, _base(path, "rst"))
        return _finish(doc, replace(adr, references=tuple(rst_references(doc))))
    doc = parse_markdown(text)
    kind = detect_format(path, doc)
    return _finish(doc, FORMATS[kind](doc, parse_common(doc, _base(path, kind))))


def _base(path: str, kind: str) -> Adr:
    stem = PurePosixPath(path).stem
    number, number_text, slug = file_number(stem)
    return Adr(path, kind, adr_id(number_text, slug, stem), stem, number, number_text)


def detect_format(path: str, doc: MdDoc) -> str:
    """Which template an ADR follows (the first that fits, most specific first)."""
    front = doc.front.data
    text = "\n".join(doc.line(n) for n in doc.prose)
    if "title" in front and ("labels" in front or re.search(r"\*\*Chose:?\*\*", text)):
        return "issue"
    if re.search(r"\*\*Chose:?\*\*", text) or doc.section("problem statement"):
        return "issue"
    if "status" in front:
        return "madr3"
    if re.match(r"^\d{8}-", PurePosixPath(path).name):
        return "log4brains"
    heading = doc.headings[0].text if doc.headings else ""
    if re.match(r"ADR-[\dX]+:", heading) or re.search(r"^\*\*Status\*\*:?", text, re.M):
        return "guide"
    if re.search(r"^\s*[-*]\s+Status:", text, re.M | re.I):
        return "madr2"
    if re.match(r"^\d+\.\s", heading) and pf.first_field(doc, pf.DATE, doc.header_zone())[0]:
        return "adr-tools"
    return "nygard"


def parse_common(doc: MdDoc, adr: Adr) -> Adr:
    """What every format shares: title, status, date, links, review, options, rules."""
    heading = next((h for h in doc.headings if h.level == 1), None)
    title_number, title = split_title(unmark(heading.text)) if heading else (None, "")
    raw, status_line = pf.status_of(doc)
    date, date_line = pf.date_of(doc, raw, status_line)
    review, review_line = pf.review_of(doc)
    chosen, chosen_line = pf.chosen_of(doc)
    rules, issues = _rules(doc)
    issues += doc.front.issues
    return replace(
        _identity(adr, title, title_number, heading.line if heading else 1),
        status_raw=unmark(raw),
        status=normalize_status(raw) if raw else "unknown",
        status_line=status_line,
        date=date,
        date_line=date_line,
        deciders=pf.deciders_of(doc),
        links=tuple(pf.links_of(doc, raw, status_line)),
        review_text=unmark(review),
        review_date=read_date(review),
        review_line=review_line,
        chosen=chosen,
        chosen_line=chosen_line,
        options=tuple(pf.options_of(doc)),
        migration_path=pf.migration_of(doc),
        criteria=tuple(checkboxes(doc)),
        references=tuple(backticked(doc)),
        rules=tuple(rules),
        issues=tuple(issues),
    )


def _identity(adr: Adr, title: str, title_number: int | None, line: int) -> Adr:
    """The title; with no number in the file name, the title's number makes the id."""
    adr = replace(adr, title=title, title_number=title_number, title_line=line)
    if adr.number is None and title_number is not None and adr.format != "log4brains":
        adr = replace(adr, number=title_number, id=f"ADR-{title_number}")
    return adr


def _rules(doc: MdDoc) -> tuple[list[Rule], list[AdrIssue]]:
    rules: list[Rule] = []
    issues: list[AdrIssue] = []
    if "fitness" in doc.front.data:
        rules, issues = front_matter_rules(doc.front.data["fitness"], doc.front.line("fitness"))
    if "affects" in doc.front.data:  # what the decision governs (``archfit adr explain``)
        rules.append(Rule("affects", doc.front.data["affects"], doc.front.line("affects")))
    for fence in doc.fences:
        if fence.info.split()[:1] == ["fitness"]:
            found, problems = parse_block(fence.content, fence.line)
            rules, issues = rules + found, issues + problems
    return rules, issues


def _finish(doc: MdDoc, adr: Adr) -> Adr:
    """Rules may carry the review date; a chosen option with no status counts as accepted."""
    review = next((r for r in adr.rules if r.key == "review-by"), None)
    if review is not None:
        text = str(review.value)
        adr = replace(adr, review_text=text, review_date=read_date(text), review_line=review.line)
    if adr.status == "unknown" and not adr.status_raw and adr.chosen:
        adr = replace(adr, status="accepted", status_line=adr.chosen_line)
    if not adr.title:
        missing = AdrIssue(1, "no title: an ADR starts with a `# Title` heading")
        adr = replace(adr, title=PurePosixPath(adr.path).stem, issues=(missing, *adr.issues))
    return adr


def parse_nygard(doc: MdDoc, adr: Adr) -> Adr:
    """Nygard: ``# Title``, ``## Status`` / ``Context`` / ``Decision`` / ``Consequences``."""
    return adr


def parse_adr_tools(doc: MdDoc, adr: Adr) -> Adr:
    """adr-tools: ``# N. Title``, ``Date:``, ``## Status`` holding relation lines."""
    return adr


def parse_madr2(doc: MdDoc, adr: Adr) -> Adr:
    """MADR 2: ``* Status:``, ``* Deciders:``, ``* Date:`` bullets under the title."""
    return adr


def parse_madr3(doc: MdDoc, adr: Adr) -> Adr:
    """MADR 3/4: YAML front matter, ``## Decision Outcome`` (``Chosen option``), Confirmation."""
    return adr


def parse_log4brains(doc: MdDoc, adr: Adr) -> Adr:
    """log4brains: ``yyyymmdd-slug.md`` (the slug is the id), fields in the first bullet list."""
    return replace(adr, number=None, number_text="")


def parse_guide(doc: MdDoc, adr: Adr) -> Adr:
    """The guide's template: ``# ADR-XXX: Title``, ``**Status**:``, ``**Date**:``, Review Date."""
    return adr


def parse_issue(doc: MdDoc, adr: Adr) -> Adr:
    """The seed issue template: front matter ``title:``, options, ``**Chose:**``, checkboxes."""
    title = doc.front.data.get("title")
    if isinstance(title, str) and title.strip():
        number, text = split_title(title)
        adr = replace(adr, title=text, title_line=doc.front.line("title"))
        if number is not None and adr.title_number is None:
            adr = replace(adr, title_number=number)
    return adr


FORMATS: dict[str, FormatParser] = {
    "nygard": parse_nygard,
    "adr-tools": parse_adr_tools,
    "madr2": parse_madr2,
    "madr3": parse_madr3,
    "log4brains": parse_log4brains,
    "guide": parse_guide,
    "issue": parse_issue,
}

"""``archfit adr new``: the next number, the file name and a template to start from."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from analyzer.bounded import check_inside, write_inside
from analyzer.repository import repository_boundary
from fitness.adr.discovery import discover_adr_dirs
from fitness.adr.model import Adr

TEMPLATES = ("issue", "guide", "madr", "nygard")
DEFAULT_FOLDER = "docs/adr"
_DEFAULT_WIDTH = 4
# Which template each parsed format is written with (formats with no template are not counted).
_TEMPLATE_OF = {
    "issue": "issue",
    "guide": "guide",
    "madr2": "madr",
    "madr3": "madr",
    "nygard": "nygard",
    "adr-tools": "nygard",
}

_ISSUE = """\
---
name: Architecture Decision Record (ADR)
about: Document architectural decisions and design trade-offs
title: '{title}'
labels: 'ADR'
---

## Problem Statement
<!-- Clear description of the architectural challenge -->


## Context
- **Current implementation:**
- **Limitation:**
- **Scale/Performance requirement:**

## Constraints
- [ ] Learning value
- [ ] Production-readiness
- [ ] Performance
- [ ] Simplicity
- [ ] Cost

## Proposed Solutions

### Option 1: [Approach Name]

**Description:**

**Pros:**
-

**Cons:**
-

**Complexity:** Low / Medium / High
**Learning Value:** Low / Medium / High
**Production Readiness:** Low / Medium / High

## Decision

**Reasoning:**
1.

**Trade-offs Accepted:**
-

**Migration Path:**


## Acceptance Criteria
- [ ] Functional requirement:
- [ ] Tests passing:

## References
-
"""

_GUIDE = """\
# ADR-{number}: {title}

**Status**: Proposed
**Date**: {date}
**Deciders**: [Who was involved]
**Context**: [What problem are we solving?]

## Decision

[What did we decide? Be specific and concrete.]

## Alternatives Considered

### Option 1: [Name]
- **Pros**: [Benefits]
- **Cons**: [Drawbacks]
- **Why not chosen**: [Specific reason]

## Consequences

**Positive**:
- [Benefit]

**Negative**:
- [Tradeoff]

## Implementation Notes

- [Migration path if applicable]

## Success Metrics

- [How will we know this was the right decision?]

## Review Date

[When should we revisit this decision?]
"""

_MADR = """\
---
status: proposed
date: {date}
decision-makers: [list everyone involved in the decision]
---

# {title}

## Context and Problem Statement

[Describe the context and problem statement.]

## Considered Options

* [option 1]
* [option 2]

## Decision Outcome

Chosen option: "[option 1]", because [justification].

### Consequences

* Good, because [positive consequence]
* Bad, because [negative consequence]

### Confirmation

[How the implementation of this decision is confirmed: a review, a test, a fitness rule.]
"""

_NYGARD = """\
# {title}

## Status

Proposed

## Context

[The forces at play: technological, political, social and project local.]

## Decision

[The response to these forces: "We will ..."]

## Consequences

[What becomes easier or more difficult because of this change.]
"""

_TEXTS = {"issue": _ISSUE, "guide": _GUIDE, "madr": _MADR, "nygard": _NYGARD}


def slugify(title: str) -> str:
    """``Use Redis for pub/sub!`` -> ``use-redis-for-pub-sub``: lowercase, hyphenated."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug or "decision"


def default_template(adrs: Sequence[Adr]) -> str:
    """The template most existing ADRs were written with, else the guide's."""
    counts = Counter(_TEMPLATE_OF[a.format] for a in adrs if a.format in _TEMPLATE_OF)
    if not counts:
        return "guide"
    best = max(counts.values())
    return next(t for t in TEMPLATES if counts[t] == best)


def adr_folder(root: str, adrs: Sequence[Adr], adr_dirs: Sequence[str] | None) -> str:
    """Where a new ADR goes: the folder most ADRs are in, the configured or discovered
    ADR folder, else ``docs/adr``."""
    folders = Counter(a.folder for a in adrs if a.number is not None)
    if folders:
        return sorted(folders.items(), key=lambda item: (-item[1], item[0]))[0][0]
    found = list(adr_dirs) if adr_dirs else discover_adr_dirs(root)
    return found[0] if found else DEFAULT_FOLDER


def next_number(adrs: Sequence[Adr], folder: str) -> str:
    """The highest number in ``folder`` plus one, zero-padded like the existing file names."""
    numbered = [a for a in adrs if a.folder == folder and a.number is not None]
    highest = max((a.number or 0 for a in numbered), default=0)
    widths = [len(a.number_text) for a in numbered if a.number_text.isdigit()]
    width = max(widths) if widths else _DEFAULT_WIDTH
    return str(highest + 1).zfill(width)


def render(template: str, number: str, title: str, today: datetime.date) -> str:
    """A template filled in with the number, the title and today's date."""
    quoted = title.replace("'", "''") if template == "issue" else title
    return _TEXTS[template].format(number=number, title=quoted, date=today.isoformat())


def write_new_adr(
    root: str,
    adrs: Sequence[Adr],
    adr_dirs: Sequence[str] | None,
    title: str,
    template: str | None,
    today: datetime.date,
) -> str:
    """Write ``NNNN-slug.md`` into the ADR folder (created when missing); its relative path."""
    folder = adr_folder(root, adrs, adr_dirs)
    number = next_number(adrs, folder)
    chosen = template or default_template([a for a in adrs if a.folder == folder] or adrs)
    relative = (
        f"{folder}/{number}-{slugify(title)}.md" if folder else f"{number}-{slugify(title)}.md"
    )
    target = Path(root) / relative
    boundary = repository_boundary(root)
    check_inside(str(target.parent), boundary)  # before mkdir: no folder made through a link
    target.parent.mkdir(parents=True, exist_ok=True)
    text = render(chosen, number, title, today)
    write_inside(str(target), text, boundary, exclusive=True)  # never overwrite
    return relative

"""archfit's own reader of METADATA headers gives what ``email.parser`` gives (issue 18: the
parent no longer imports ``email`` for a wheel's ``Requires-Dist``): on every METADATA file of
the environment the tests run in, and on generated header blocks. Cost: about 0.5 s."""

from __future__ import annotations

import importlib.metadata
import sys
from email.parser import HeaderParser

from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.declarations import headers
from analyzer.declarations.headers import header_values

NAMES = ("Requires-Dist", "Name", "Version", "Provides-Extra", "Classifier", "Description")


def _email(text: str, name: str) -> list[str]:
    return list(HeaderParser().parsestr(text).get_all(name) or [])


def test_every_installed_metadata_file_reads_as_email_reads_it() -> None:
    texts = [d.read_text("METADATA") for d in importlib.metadata.distributions()]
    texts = [t for t in texts if t]
    assert len(texts) >= 20  # pytest, hypothesis, ruff, mypy, libcst, grimp, ...
    plain = [t for t in texts if headers._plain_values(t, "name") is not None]
    assert len(plain) >= len(texts) * 0.9  # the fast path is the common one
    for text in texts:
        for name in NAMES:
            assert header_values(text, name) == _email(text, name), name


_PIECES = st.sampled_from(
    ["Requires-Dist", "requires-dist", "Name", ":", " ", "\t", "\n", "\r", "\r\n", "From ",
     "x", "é", ";", "extra == 'a'", ">=1"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_generated_header_blocks_read_as_email_reads_them(text: str) -> None:
    for name in ("Requires-Dist", "Name"):
        assert header_values(text, name) == _email(text, name)


def test_a_plain_read_never_imports_email() -> None:
    text = "Metadata-Version: 2.1\nName: shop\nRequires-Dist: requests>=2\n\nA README: yes\n"
    saved = {k: v for k, v in sys.modules.items() if k == "email" or k.startswith("email.")}
    for module in saved:
        del sys.modules[module]
    try:
        assert header_values(text, "Requires-Dist") == ["requests>=2"]
        assert "email.parser" not in sys.modules
    finally:
        sys.modules.update(saved)

"""Bytes to text as the interpreter reads them, or a Problem saying where and why not."""

from __future__ import annotations

import pytest

from analyzer.decoding import decode_source
from analyzer.facts import Problem, ProblemKind

BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"", ""),
        (b"import a\n", "import a\n"),
        (BOM + b"import a\n", "import a\n"),
        (b"import a\r\nimport b\r\n", "import a\nimport b\n"),
        (b"import a\rimport b\r", "import a\nimport b\n"),
        (b"# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n", "# -*- coding: latin-1 -*-\nx = 'café'\n"),
        (
            b"#!/usr/bin/env python\n# coding=cp1252\nx = '\x80'\n",
            "#!/usr/bin/env python\n# coding=cp1252\nx = '€'\n",
        ),
        (BOM + b"# coding: utf-8\nx = 1\n", "# coding: utf-8\nx = 1\n"),
        (BOM + BOM + b"x = 1\n", "\ufeffx = 1\n"),  # only one BOM is a BOM: the parser refuses
        ("x = 'é'\n".encode(), "x = 'é'\n"),
    ],
)
def test_decodes_like_the_interpreter(data: bytes, text: str) -> None:
    assert decode_source("p.py", data) == text


@pytest.mark.parametrize(
    ("data", "message", "line", "column"),
    [
        (b"import os\nx = '\xff'\n", "cannot decode byte 0xff as utf-8", 2, 6),
        # On the cookie lines, tokenize only says "invalid or missing encoding declaration".
        (b"x = '\xe9'\n", "cannot decode byte 0xe9 as utf-8", 1, 6),
        (b"# comment\nx = '\xe9'\n", "cannot decode byte 0xe9 as utf-8", 2, 6),
        # After a BOM, offsets count from the first character, not from the BOM.
        (BOM + b"ab\ncd\xff\n", "cannot decode byte 0xff as utf-8", 2, 3),
        (BOM + b"x\xff\n", "cannot decode byte 0xff as utf-8", 1, 2),
        # Lone CRs end lines too.
        (b"a\rb\rcc\xff\r", "cannot decode byte 0xff as utf-8", 3, 3),
        (b"a\r\nb\xff", "cannot decode byte 0xff as utf-8", 2, 2),
        (b"# coding: klingon\nx = 1\n", "unknown encoding: klingon", 1, 1),
        (b"#!/usr/bin/python\n# coding: klingon\n", "unknown encoding: klingon", 2, 1),
        (BOM + b"# coding: latin-1\n", "encoding problem: utf-8", 1, 1),
        (b"# coding: ascii\nx = '\xc3\xa9'\n", "cannot decode byte 0xc3 as ascii", 2, 6),
    ],
)
def test_undecodable_bytes_are_located(data: bytes, message: str, line: int, column: int) -> None:
    assert decode_source("p.py", data) == Problem(
        "p.py", ProblemKind.UNDECODABLE, message, line, column
    )

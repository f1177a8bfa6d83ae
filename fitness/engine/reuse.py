"""Reusing a stored value: a part looked up under the digest of its inputs.

It is decoded when it is read (``analyzer.codec``, every value type-checked), and computed
when it is missing or does not decode (ADR-0020). Split out of ``fitness.engine.parts``.
"""

from __future__ import annotations

import hashlib
from base64 import urlsafe_b64encode
from collections.abc import Callable, Mapping
from typing import TypeVar

from analyzer import codec

T = TypeVar("T")


def split(joined: str | None, width: int) -> tuple[str, ...] | None:
    """Digests stored joined by spaces; None when there are none, or not ``width`` of them
    (then they are taken again)."""
    digests = None if joined is None else tuple(joined.split(" "))
    return digests if digests is not None and len(digests) == width else None


def reused_narrowed(
    old: Mapping[str, T],
    new: dict[str, T],
    keys: tuple[str | None, str],
    holds: Callable[[], bool],
    compute: Callable[[], T],
) -> T:
    """``reused`` under two keys (``fitness.checks.base.Narrowing``): the narrower one (None
    when there is none), then the full one. A part computed is kept under the narrower key
    when ``holds()`` (asked after it is computed) says it follows from the narrower inputs,
    else under the full one."""
    narrow, full = keys
    for key in (narrow, full):
        part = None if key is None else old.get(key)
        if key is not None and part is not None:
            new[key] = part
            return part
    part = compute()
    new[narrow if narrow is not None and holds() else full] = part
    return part


def reused_encoded_narrowed(
    old: Mapping[str, str],
    new: dict[str, str],
    keys: tuple[str | None, str],
    holds: Callable[[], bool],
    kind_and_compute: tuple[type[T], Callable[[], T]],
) -> T:
    """``reused_narrowed`` for parts kept encoded (as they were read, when they were)."""
    kind, compute = kind_and_compute
    narrow, full = keys
    for key in (narrow, full):
        found = reused_encoded(old, new, key, kind)
        if found is not None:
            return found
    part = compute()
    new[narrow if narrow is not None and holds() else full] = codec.dumps(part)
    return part


def reused_encoded(
    old: Mapping[str, str], new: dict[str, str], key: str | None, kind: type[T]
) -> T | None:
    """The part stored encoded under ``key`` in ``old``, kept in ``new`` as it was read; None
    when there is no key, no such part, or it does not decode."""
    text = None if key is None else old.get(key)
    part = None if text is None else decoded(text, kind)
    if key is not None and text is not None and part is not None:
        new[key] = text
    return part


def decoded(text: str, kind: type[T]) -> T | None:
    """``text`` decoded as a ``kind``; None when it is not one (the part is computed)."""
    try:
        return codec.loads(text, kind)
    except ValueError:
        return None


def decoded_each(texts: Mapping[str, str], kind: type[T]) -> dict[str, T]:
    """Each of ``texts`` decoded as a ``kind``, in one pass (one JSON document of them all:
    2,000 small documents decode 1.5 ms faster); when that fails, each alone, and those that
    do not decode are left out (their parts are then computed). The texts come from a sealed
    record, written by ``codec.dumps``: each is one JSON value."""
    joined = f"[{','.join(texts.values())}]"
    every = decoded(joined, tuple[kind, ...])  # type: ignore[valid-type]
    if every is not None and len(every) == len(texts):
        return dict(zip(texts, every, strict=True))
    found = {key: decoded(text, kind) for key, text in texts.items()}
    return {key: value for key, value in found.items() if value is not None}


def digest(*parts: str) -> str:
    """The digest of ``parts`` (a key of the stored values): 128 bits in 22 characters of
    URL-safe base64 (no space, which joins stored digests; 32 in hex: the parts record of
    Django, a file's view digests and the keys, 1.0 -> 0.8 MB to read and write each run)."""
    text = "\0".join(parts).encode("utf-8", "surrogateescape")
    return urlsafe_b64encode(hashlib.blake2b(text, digest_size=16).digest())[:22].decode()

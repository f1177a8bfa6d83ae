"""A sealed log (``analyzer.records.read_log``, ``append_log``): a record kept as its base and
its changes, each block sealed over the one before it; read back only whole, as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.records import Log, append_log, read_log, read_sealed, write_sealed

_NAME = "log.json"


@pytest.fixture
def folder(tmp_path: Path) -> str:
    (tmp_path / "cache").mkdir()
    return str(tmp_path / "cache")


def _log(folder: str, *texts: str, stamp: str = "s") -> Log:
    """A log of ``texts`` as ``append_log`` writes it, read back."""
    log = None
    for text in texts:
        append_log(folder, _NAME, stamp, log, text)
        log = read_log(folder, _NAME, stamp)
        assert log is not None
    assert log is not None
    return log


def test_a_log_reads_back_its_blocks_in_order(folder: str) -> None:
    log = _log(folder, '["base"]', '["one"]', '["two"]')
    assert log.texts == ('["base"]', '["one"]', '["two"]')
    assert read_log(folder, _NAME, "another stamp") is None


def test_a_base_alone_is_a_sealed_record(folder: str) -> None:
    """A log without changes is what ``write_sealed`` writes: either reads the other's."""
    _log(folder, '["base"]')
    assert read_sealed(folder, _NAME, "s", ask_git=False) == '["base"]'
    write_sealed(folder, _NAME, "s", '["sealed"]', ask_git=False)
    log = read_log(folder, _NAME, "s")
    assert log is not None and log.texts == ('["sealed"]',)


def _lines(folder: str) -> list[bytes]:
    return (Path(folder) / _NAME).read_bytes().split(b"\n")


def _write(folder: str, lines: list[bytes]) -> None:
    (Path(folder) / _NAME).write_bytes(b"\n".join(lines))


def test_a_changed_block_fails_the_whole_log(folder: str) -> None:
    _log(folder, '["base"]', '["one"]', '["two"]')
    lines = _lines(folder)
    for at in (1, 3, 5):
        _write(
            folder,
            [*lines[:at], lines[at].replace(b"o", b"0").replace(b"a", b"4"), *lines[at + 1 :]],
        )
        assert read_log(folder, _NAME, "s") is None, at
    _write(folder, lines)
    assert read_log(folder, _NAME, "s") is not None


def test_blocks_moved_or_taken_from_another_log_fail(folder: str, tmp_path: Path) -> None:
    _log(folder, '["base"]', '["one"]', '["two"]')
    lines = _lines(folder)
    _write(folder, [*lines[:2], *lines[4:6], *lines[2:4]])  # two changes swapped
    assert read_log(folder, _NAME, "s") is None
    _write(folder, [*lines[:2], *lines[4:6]])  # the first change dropped
    assert read_log(folder, _NAME, "s") is None
    (tmp_path / "other").mkdir()
    _log(str(tmp_path / "other"), '["other base"]', '["one"]')
    other = _lines(str(tmp_path / "other"))
    _write(folder, [*lines[:2], *other[2:4]])  # the same change, made to another base
    assert read_log(folder, _NAME, "s") is None


def test_a_cut_log_fails_and_its_last_whole_block_is_an_earlier_record(folder: str) -> None:
    """A log cut inside a block is not read; cut between blocks, it is the record as an
    earlier run wrote it (each block's MAC covers the blocks before it, none after)."""
    _log(folder, '["base"]', '["one"]', '["two"]')
    data = (Path(folder) / _NAME).read_bytes()
    for cut in (1, 5, len(data) - 3, len(data) - 1):
        (Path(folder) / _NAME).write_bytes(data[:cut])
        assert read_log(folder, _NAME, "s") is None, cut
    (Path(folder) / _NAME).write_bytes(b"\n".join(data.split(b"\n")[:4]))
    log = read_log(folder, _NAME, "s")
    assert log is not None and log.texts == ('["base"]', '["one"]')


def test_a_text_with_a_newline_is_not_kept(folder: str) -> None:
    log = _log(folder, '["base"]')
    append_log(folder, _NAME, "s", log, '["one\n"]')
    assert read_log(folder, _NAME, "s") == log


def test_a_linked_or_missing_folder_is_neither_read_nor_written(
    tmp_path: Path, folder: str
) -> None:
    log = _log(folder, '["base"]')
    link = tmp_path / "link"
    link.symlink_to(folder)
    assert read_log(str(link), _NAME, "s") is None
    append_log(str(link), _NAME, "s", log, '["one"]')
    append_log(str(tmp_path / "missing"), _NAME, "s", None, '["one"]')
    assert read_log(folder, _NAME, "s") == log
    assert not (tmp_path / "missing").exists()

"""The one safe file reader every input path goes through."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from penalties.errors import InvalidEventFileError
from penalties.io._source import is_regular_file, read_regular_file


def test_reads_a_regular_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"x" * 3_000_000)
    assert (
        read_regular_file(path, what="event file", error=InvalidEventFileError) == b"x" * 3_000_000
    )
    assert is_regular_file(path)


def test_refuses_a_symlink_to_dev_zero(tmp_path: Path) -> None:
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(InvalidEventFileError, match=r"not a regular file .a character device"):
        read_regular_file(link, what="event file", error=InvalidEventFileError)
    assert not is_regular_file(link)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            read_regular_file(fifo, what="event file", error=InvalidEventFileError)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "reading a FIFO blocked"
    assert len(outcome) == 1
    assert isinstance(outcome[0], InvalidEventFileError)
    assert "a FIFO or pipe" in str(outcome[0])


def test_refuses_a_directory_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidEventFileError, match="a directory"):
        read_regular_file(tmp_path, what="event file", error=InvalidEventFileError)
    with pytest.raises(InvalidEventFileError, match=r"cannot read the event file .*No such file"):
        read_regular_file(tmp_path / "nope", what="event file", error=InvalidEventFileError)


def test_refuses_more_than_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"y" * 101)
    assert len(read_regular_file(path, what="f", error=InvalidEventFileError, max_bytes=101)) == 101
    with pytest.raises(InvalidEventFileError, match="larger than 100 bytes"):
        read_regular_file(path, what="f", error=InvalidEventFileError, max_bytes=100)


def test_max_bytes_must_be_a_non_negative_int(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        read_regular_file(tmp_path, what="f", error=InvalidEventFileError, max_bytes=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="zero or more"):
        read_regular_file(tmp_path, what="f", error=InvalidEventFileError, max_bytes=-1)

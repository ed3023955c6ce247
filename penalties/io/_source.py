"""Reading one input file safely: regular files only, and never more than a stated size.

Every reader of the library (event files, policy files, platform payloads, the CLI) takes its
bytes through :func:`read_regular_file`, so a symlink to ``/dev/zero`` or a FIFO is refused at
once instead of being read without end, and an oversized file is refused before it is parsed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import PenaltiesError

__all__ = ["DEFAULT_MAX_BYTES", "is_regular_file", "read_regular_file"]

#: The most a reader takes in by default: 1 GiB, far above any real account export and far
#: below what would exhaust a worker's memory. Every reader takes ``max_bytes=`` to change it.
DEFAULT_MAX_BYTES = 1 << 30

_CHUNK = 1 << 20


def read_regular_file(
    path: str | os.PathLike[str],
    *,
    what: str,
    error: type[PenaltiesError],
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """The bytes of the regular file ``path`` (symlinks followed), at most ``max_bytes`` of them.

    ``what`` names the file in messages ("event file", "policy file"); ``error`` is the
    :class:`PenaltiesError` subclass raised, with the path as its first argument's prefix.
    Devices, FIFOs, sockets and directories are refused without being opened for a blocking
    read, so a FIFO with no writer cannot hang the caller.
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError(f"max_bytes must be an int, not {type(max_bytes).__name__}")
    if max_bytes < 0:
        raise ValueError(f"max_bytes must be zero or more, not {max_bytes}")
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise error(f"cannot read the {what} {name}: {reason}.") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise error(
                f"the {what} {name} is not a regular file ({_kind(mode)}); "
                "give the path of a file on disk, or copy the stream to a file first."
            )
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise error(
                    f"the {what} {name} is larger than {max_bytes:,} bytes; split it, or pass "
                    "a larger max_bytes= if this size is expected."
                )
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read the {what} {name}: {exc.strerror or exc}.") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    """A word for a non-regular file type, for messages."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO or pipe"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def is_regular_file(path: Path) -> bool:
    """Whether ``path`` (symlinks followed) exists and is a regular file."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False

"""How the command line prints: human tables and text (Rich), JSON or CSV, to any stream.

Human text is the default, in a terminal or not: styled Rich tables in a terminal, the same
tables without colour when piped. ``json`` and ``csv`` are for programs. Whatever the stream's
encoding, nothing is lost silently: JSON escapes what the encoding cannot hold, human text shows
it as ``?`` (and says so once on stderr), CSV refuses with one line rather than change data.
Rich comes with the ``cli`` extra.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum, StrEnum
from typing import IO, Any, TypeVar, cast

from penalties.errors import PenaltiesError

__all__ = ["Format", "Output", "OutputError", "stream_encoding"]

T = TypeVar("T")
_UNLIMITED = 10_000
_TRAILING = re.compile(r"[ \t]+\n")


class Format(StrEnum):
    """What a command prints: ``table`` (human text), ``json`` or ``csv``."""

    table = "table"
    json = "json"
    csv = "csv"


class OutputError(PenaltiesError):
    """The output cannot be written as asked (an encoding that cannot hold CSV data)."""


def stream_encoding(stream: object) -> str:
    """The codec name of ``stream`` (``utf-8`` when it does not say)."""
    name = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def _is_utf(encoding: str) -> bool:
    return encoding.startswith("utf")


class _Replacing(io.TextIOBase):
    """A text stream over ``target`` that writes what its encoding cannot hold as ``?`` and
    remembers that it did (Rich writes through it)."""

    def __init__(self, target: IO[str], encoding: str) -> None:
        super().__init__()
        self.target = target
        self._encoding = encoding
        self.replaced: set[str] = set()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return bool(getattr(self.target, "isatty", lambda: False)())

    def write(self, text: str) -> int:
        try:
            text.encode(self._encoding)
        except UnicodeEncodeError:
            safe = text.encode(self._encoding, "replace").decode(self._encoding)
            self.replaced.update(ch for ch, s in zip(text, safe, strict=False) if ch != s)
            text = safe
        if not self.isatty():  # Rich pads table lines to their width: not in a file
            text = _TRAILING.sub("\n", text)
        return self.target.write(text)

    def flush(self) -> None:
        self.target.flush()


class Output:
    """One command's output: ``format`` to ``stream``; ``lang`` for the words around data."""

    def __init__(self, format: Format, stream: IO[str], *, progress_stream: IO[str] | None = None):
        self.format = format
        self.stream = stream
        self.encoding = stream_encoding(stream)
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._progress_stream = progress_stream
        self._console: Any = None
        self._replacing: _Replacing | None = None

    # ------------------------------------------------------------------ human text

    @property
    def console(self) -> Any:
        """The Rich console for human text (made on first use)."""
        if self._console is None:
            from rich.console import Console

            self._replacing = _Replacing(self.stream, self.encoding)
            width = None if self.tty else _pipe_width()
            self._console = Console(
                file=cast(IO[str], self._replacing),
                force_terminal=self.tty,
                highlight=False,
                emoji=False,
                markup=False,
                width=width,
                soft_wrap=False,
            )
        return self._console

    def text(self, text: str = "", *, style: str | None = None) -> None:
        """A paragraph, as is (no markup; long lines are left to the terminal to wrap)."""
        from rich.text import Text

        self.console.print(Text(text, style=style or ""), soft_wrap=True)

    def heading(self, text: str) -> None:
        """A heading: a rule in a terminal, the text underlined when piped."""
        if self.tty:
            from rich.rule import Rule

            self.console.print(Rule(text, style="bold"))
        else:
            self.text(text)
            self.text("=" * self.console.measure(text).maximum)

    def table(self, title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        """A table of ``rows`` under ``columns``; ``(none)`` when there are none."""
        from rich import box
        from rich.table import Table

        cells = [["" if c is None else str(c) for c in row] for row in rows]
        widths: list[int] | None = None
        framed = self.tty
        if self.tty and cells:
            # Framed when the codes fit whole in a frame, else the plain layout of a pipe
            # (two spaces between columns); cells are wrapped here, never inside a code.
            total = self.console.width
            framed = fits(columns, cells, total, gap=3, edges=4)
            widths = column_widths(columns, cells, total, gap=3 if framed else 2,
                                   edges=4 if framed else 0)  # fmt: skip
            cells = [[wrap_cell(c, w) for c, w in zip(row, widths, strict=True)] for row in cells]
        table = Table(
            box=box.HEAVY_HEAD if framed else box.SIMPLE_HEAD,
            show_edge=framed,
            pad_edge=framed,
            collapse_padding=not framed,
        )
        for i, column in enumerate(columns):
            if widths is None:
                table.add_column(column, overflow="fold")
            else:  # wrapped here, at word and CJK boundaries, never inside a code
                table.add_column(column, width=widths[i], no_wrap=True, overflow="ignore")
        for row in cells:
            table.add_row(*row)
        self.text(title, style="bold")
        if widths is None:
            self.console.print(table)
        else:  # as wide as the widths: wider than a terminal too narrow for the columns
            gaps = (4 + 3 * (len(columns) - 1)) if framed else 2 * (len(columns) - 1)
            width = self.console.width
            self.console.width = max(width, sum(widths) + gaps)
            try:
                self.console.print(table, crop=False)
            finally:
                self.console.width = width
        if not cells:
            self.text("(none)")
        self.text()

    def progress(self, items: Sequence[T], description: str) -> Iterator[T]:
        """Iterate ``items``, with a transient progress bar on stderr when it is a terminal."""
        stream = self._progress_stream
        if stream is None or len(items) < 2 or not getattr(stream, "isatty", lambda: False)():
            yield from items
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(
            file=cast(IO[str], _Replacing(stream, stream_encoding(stream))), force_terminal=True
        )
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(description, total=len(items))
            for item in items:
                yield item
                bar.advance(task)

    def replaced(self) -> str:
        """The characters human text had to show as ``?`` ("" when none)."""
        return "".join(sorted(self._replacing.replaced)) if self._replacing else ""

    # ------------------------------------------------------------------ data

    def json(self, data: Any) -> None:
        """``data`` as indented JSON; non-ASCII kept where the encoding holds it, else escaped."""
        text = json.dumps(data, ensure_ascii=not _is_utf(self.encoding), indent=2)
        self.stream.write(text + "\n")

    def csv(self, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        """``rows`` as CSV with a header; refused (one line) where the encoding cannot hold it."""
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if c is None else _cell(c) for c in row])
        text = buffer.getvalue()
        try:
            text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            bad = text[exc.start : exc.end]
            raise OutputError(
                f"the output's encoding ({self.encoding}) cannot hold {bad!r} of the CSV; set "
                "PYTHONIOENCODING=utf-8, or use --format json (which escapes it)."
            ) from None
        self.stream.write(text)


# --------------------------------------------------------------------------- wrapping

# A run that must stay whole (a code, an id, a number, a word), one CJK character, or spaces.
_SEGMENT = re.compile(
    r"\s+|[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
    r"|[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+"
)
_NO_START = set("）)，、；：。！？」』》〉】,;:.!?")  # closing marks stay with what they close
_NO_END = set("（(「『《〈【")  # opening marks stay with what they open


def _segments(text: str) -> list[str]:
    """``text`` as segments a line may break between: spaces, single CJK characters and whole
    runs of other characters (codes such as ``ip_infringement`` or ``AE-2024-006``); a
    closing mark is kept with the segment before it, an opening one with the one after."""
    out: list[str] = []
    for seg in _SEGMENT.findall(text):
        if out and (seg[0] in _NO_START or out[-1][-1] in _NO_END) and not out[-1].isspace():
            out[-1] += seg
        else:
            out.append(seg)
    return out


def _width(text: str) -> int:
    from rich.cells import cell_len

    return int(cell_len(text))


def wrap_cell(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` terminal cells: lines break at spaces and between CJK
    characters, never inside a code or a word (one longer than the line is cut, alone)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for seg in _segments(paragraph):
            if seg.isspace():
                if line and _width(line) + _width(seg) <= width:
                    line += seg
                elif line:
                    lines.append(line.rstrip())
                    line = ""
                continue
            if line and _width(line) + _width(seg) > width:
                lines.append(line.rstrip())
                line = ""
            while _width(seg) > width:  # longer than the column (not from column_widths)
                cut = _fit(seg, width)
                lines.append(seg[:cut])
                seg = seg[cut:]
            line += seg
        lines.append(line.rstrip())
    return "\n".join(lines)


def _fit(text: str, width: int) -> int:
    """How many characters of ``text`` fit in ``width`` cells (at least one)."""
    n = 0
    while n < len(text) and _width(text[: n + 1]) <= width:
        n += 1
    return max(n, 1)


def _longest(text: str) -> int:
    return max((_width(s) for s in _segments(text) if not s.isspace()), default=0)


def _least(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Each column's narrowest width that keeps its heading and every code in it whole."""
    return [
        max(_width(columns[i]), *(_longest(r[i]) for r in rows), 1) for i in range(len(columns))
    ]


def fits(
    columns: Sequence[str], rows: Sequence[Sequence[str]], total: int, *, gap: int, edges: int
) -> bool:
    """Whether the table fits in ``total`` cells with every code whole."""
    return sum(_least(columns, rows)) + edges + gap * (len(columns) - 1) <= total


def column_widths(
    columns: Sequence[str], rows: Sequence[Sequence[str]], total: int, *, gap: int, edges: int
) -> list[int]:
    """Widths for a table's columns in ``total`` cells (``gap`` between columns, ``edges`` at
    the two sides): each at least its heading and its longest unbreakable segment, so no code
    is cut, then as much as it wants, the narrow ones first (water-filling). Where even the
    least widths do not fit, they are kept: the lines are wider than the terminal, which wraps
    them, rather than a code cut or a character dropped."""
    cells = [[*columns], *rows]
    natural = [max(_width(line) for r in cells for line in r[i].split("\n")) for i in
               range(len(columns))]  # fmt: skip
    least = _least(columns, rows)
    room = max(total - edges - gap * (len(columns) - 1), len(columns))
    if sum(natural) <= room:
        return natural
    if sum(least) >= room:  # a terminal too narrow for the codes: lines wider than it
        return least
    widths = list(least)
    spare = room - sum(least)
    open_ = [i for i in range(len(columns)) if natural[i] > least[i]]
    while open_:  # water-filling: a column that wants less than a fair share gets all it wants
        fair = spare // len(open_)
        small = [i for i in open_ if natural[i] - widths[i] <= fair]
        if not small:
            for i in open_:
                widths[i] += fair
            break
        for i in small:
            spare -= natural[i] - widths[i]
            widths[i] = natural[i]
            open_.remove(i)
    return widths


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _pipe_width() -> int:
    """The width when not in a terminal: no limit, so cells are never wrapped (a reader or a
    program takes lines as they come; ``$COLUMNS`` is ignored, test runners set it to 80)."""
    return _UNLIMITED

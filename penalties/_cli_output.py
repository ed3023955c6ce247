"""How the command line prints: Rich tables in a terminal, JSON when piped or asked, plain text
when asked (``--text``) or when Rich is not installed (it comes with the ``cli`` extra)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, Literal, TypeVar

__all__ = ["Mode", "Output", "choose_mode", "rich_available"]

Mode = Literal["json", "rich", "text"]
T = TypeVar("T")


def rich_available() -> bool:
    """Whether Rich can be imported (the ``cli`` extra)."""
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True


def choose_mode(*, json_flag: bool, text_flag: bool, tty: bool) -> Mode:
    """JSON when asked or when the output is not a terminal; else Rich (plain text without it)."""
    if json_flag:
        return "json"
    if text_flag:
        return "text"
    if not tty:
        return "json"
    return "rich" if rich_available() else "text"


class Output:
    """One command's output stream in one mode."""

    def __init__(self, mode: Mode, stream: IO[str], *, tty: bool) -> None:
        self.mode = mode
        self.stream = stream
        self.console: Any = None
        if mode == "rich":
            from rich.console import Console

            self.console = Console(file=stream, force_terminal=tty, highlight=False)

    def json(self, data: Any) -> None:
        """Print ``data`` as indented JSON (non-ASCII kept)."""
        print(json.dumps(data, ensure_ascii=False, indent=2), file=self.stream)

    def text(self, text: str = "", *, style: str | None = None) -> None:
        """Print a paragraph (markup in ``text`` is not interpreted)."""
        if self.console is not None:
            from rich.text import Text

            self.console.print(Text(text, style=style or ""))
        else:
            print(text, file=self.stream)

    def heading(self, text: str) -> None:
        """Print a heading: bold in a terminal, underlined in plain text."""
        if self.console is not None:
            from rich.rule import Rule

            self.console.print(Rule(text, style="bold"))
        else:
            print(f"{text}\n{'=' * _width(text)}", file=self.stream)

    def table(self, title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        """Print a table: a Rich table in a terminal, aligned columns in plain text."""
        cells = [["" if c is None else str(c) for c in row] for row in rows]
        if self.console is not None:
            from rich.table import Table

            table = Table(title=title, title_justify="left", show_lines=False)
            for column in columns:
                table.add_column(column, overflow="fold")
            for row in cells:
                table.add_row(*row)
            self.console.print(table)
            return
        print(title, file=self.stream)
        widths = [_width(c) for c in columns]
        for row in cells:
            widths = [max(w, _width(c)) for w, c in zip(widths, row, strict=True)]
        print(
            "  ".join(_pad(c, w) for c, w in zip(columns, widths, strict=True)).rstrip(),
            file=self.stream,
        )
        print("  ".join("-" * w for w in widths), file=self.stream)
        for row in cells:
            print(
                "  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip(),
                file=self.stream,
            )
        if not cells:
            print("(none)", file=self.stream)
        print(file=self.stream)

    def progress(self, items: Sequence[T], description: str) -> Iterator[T]:
        """Iterate ``items``, with a transient Rich progress bar in a terminal."""
        if self.console is None or len(items) < 2:
            yield from items
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=self.console,
            transient=True,
        ) as bar:
            task = bar.add_task(description, total=len(items))
            for item in items:
                yield item
                bar.advance(task)


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))

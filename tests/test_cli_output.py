"""penalties._cli_output: human tables in a terminal wrap between words and CJK characters,
never inside a code, and lose nothing, at any width."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest

from penalties._cli_output import Format, Output, column_widths, wrap_cell

COLUMNS = ["时间", "账本", "变动", "余额", "原因", "说明"]
ROWS = [
    ["2024-05-06 15:00", "知识产权禁限售违规", "-4", "6", "AE-2024-007",
     "AE-2024-007 失效（自处罚起 365 天内有效）；其计入 2 分，失效时减 4 分：ip_infringement 合并"],
    ["2024-01-15 09:30", "trade", "+2", "2", "AE-2024-001",
     "transaction_non_fulfilment (general): 2 of 4 counted (at most 6 points a day)"],
]  # fmt: skip
FRAME = set("┏┓┗┛┃━┳┻╇┡┩│─┼┴┬└┘├┤ \n")
CODE = re.compile(r"[A-Za-z0-9_\-:.()+]+")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _render(width: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    screen = _Terminal()
    Output(Format.table, screen).table("title", COLUMNS, ROWS)
    return re.sub(r"\x1b\[[0-9;]*m", "", screen.getvalue())


@pytest.mark.parametrize("width", [24, 40, 69, 70, 78, 79, 80, 100, 120, 200])
def test_a_terminal_table_keeps_every_code_whole_and_loses_nothing(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _render(width, monkeypatch)
    # Nothing lost or added: the same characters as the cells (spaces and the frame aside).
    shown = Counter(ch for ch in out if ch not in FRAME)
    given = Counter(ch for row in [["title"], COLUMNS, *ROWS] for c in row for ch in c if ch != " ")
    assert shown == given
    # Every code, id and word whole on one line.
    lines = out.split("\n")
    for row in ROWS:
        for cell in row:
            for code in CODE.findall(cell):
                assert any(code in line for line in lines), (width, code)
    framed = "┃" in out
    widest = max(len(line) + sum(1 for ch in line if ord(ch) > 0x2E80) for line in lines)
    # The least widths keeping codes whole: 10 ("2024-05-06"), 5 ("trade"), 4, 4 (headings),
    # 11 ("AE-2024-007"), 26 ("transaction_non_fulfilment"): 60, plus 10 between six columns
    # without a frame, 19 with one.
    if width >= 70:
        assert widest <= width, out
    else:  # too narrow for the codes: lines wider than the terminal, codes still whole
        assert widest == 70
    assert framed == (width >= 79), out


def test_cells_wrap_at_spaces_and_between_chinese_characters() -> None:
    text = "ip_infringement (general): 2 of 4"
    assert wrap_cell(text, 16) == "ip_infringement\n(general): 2 of\n4"
    # A closing mark stays with what it closes; Chinese breaks between characters.
    assert wrap_cell("知识产权侵权（一般）", 8) == "知识产权\n侵权（一\n般）"
    assert wrap_cell("其计入 2 分，失效", 13) == "其计入 2 分，\n失效"
    assert wrap_cell("其计入 2 分，失效", 12) == "其计入 2\n分，失效"  # "，" not alone
    assert wrap_cell("AE-2024-006 失效", 11) == "AE-2024-006\n失效"
    assert wrap_cell("a\nb c", 1) == "a\nb\nc"  # given line breaks are kept


def test_column_widths_give_narrow_columns_all_they_want_first() -> None:
    rows = [["2024-01-15 09:30", "trade", "a long reason that can wrap at any space in it"]]
    widths = column_widths(["at", "ledger", "reason"], rows, 60, gap=2, edges=0)
    assert widths[:2] == [16, 6]  # whole, the time and the ledger
    assert sum(widths) + 4 <= 60
    assert column_widths(["at"], [["x y"]], 80, gap=2, edges=0) == [3]  # room enough: natural

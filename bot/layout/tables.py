"""Text tables (pipe or tab rows) → one passage per data row, read with its column headers."""

from __future__ import annotations

import itertools
import re

from bot.layout.lines import Block, cells, squash
from bot.text import fold

_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def table_rows(block: list[str]) -> list[list[str]]:
    """A table's lines as rows of cells, the "|---|" rule under a pipe table's header dropped."""
    rows = []
    for line in block:
        if "|" in line:
            if _PIPE_SEPARATOR.match(line.strip()):
                continue
            parts = [c.strip() for c in line.strip().strip("|").split("|")]
        else:
            parts = cells(line)
            if re.match(r" *\t", line):
                parts = ["", *parts]  # "\t2003\t2018": the empty label cell of a header row
        rows.append(parts)
    return rows


def ruled_header(block: list[str]) -> int | None:
    """How many rows a pipe table's "|---|" rule puts above it (its header), if it has one."""
    rows = 0
    for line in block:
        if "|" in line and _PIPE_SEPARATOR.match(line.strip()):
            return rows or None
        rows += 1
    return None


def second_header(lines: list[str], start: int, i: int) -> bool:
    """Whether lines[i] heads a second pipe table right under the first one, lines[start:i]
    (blank lines between them are gone): a row over its own "|---|" rule, below a ruled
    table's data rows."""
    if i + 1 >= len(lines) or not _PIPE_SEPARATOR.match(lines[i + 1].strip()):
        return False  # (asked of every row: the rule first, the block only when one follows)
    ruled = ruled_header(lines[start:i])
    return ruled is not None and i - start > ruled + 1


_STT = {"stt", "tt", "so tt", "so thu tu"}
# The number an "STT" column gives a data row: "1", "2.", "1.1", "II"
_ROW_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.?")


def table_blocks(
    rows: list[list[str]], path: tuple[str, ...], ruled: int | None = None
) -> list[Block]:
    """Each data row as a passage read with its column headers:
    'Số thành viên THT — Đơn vị tính: người; Ước TH 2022: 50.000; KH 2023: 53.000'. `ruled` is
    the header a pipe table's rule marks, which outweighs guessing it from the cells (a row of
    names, places and "Trên 65,5" is data under a ruled header)."""
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header_rows = 0
    stt = [j for j, c in enumerate(rows[0]) if fold(c).strip(" .") in _STT]
    first = next((j for j in range(width) if j not in stt), 0)
    for i, r in enumerate(rows[:3] if ruled is None else ()):
        if i and stt and _ROW_NUMBER.fullmatch(r[stt[0]].strip()):
            break  # numbered under an "STT" header: a data row, whatever its cells hold
        # A row is data when half its cells past the label are figures (its STT and label
        # columns do not count: "1 | THT thành lập mới | THT | 2.208").
        filled = [c for j, c in enumerate(r) if c and j not in stt and j != first]
        numbers = [
            c
            for c in filled
            if _NUMBER_CELL.fullmatch(c)
            or _FIGURE_CELL.match(fold(c))
            or _QUALIFIED_NUMBER.fullmatch(fold(c).strip())
        ]
        if _years_header(r[first], filled, numbers):
            header_rows += 1  # "Chỉ tiêu | Đơn vị | 2001 | 2005": its figures are the columns'
            continue
        if not filled or len(numbers) * 2 >= len(filled) or (width >= 4 and len(filled) <= 1):
            break
        header_rows += 1
    if ruled is not None and ruled < len(rows):
        header_rows = ruled
        # A web page's two-row header ruled after its first row ("| Chỉ tiêu | ĐVT | Năm 2024
        # |  |", "|  |  | Kế hoạch | Thực hiện |": trafilatura's rowspan and colspan): a row
        # under the rule with no label and no figure still names columns
        while header_rows < len(rows) - 1 and _names_columns(rows[header_rows], stt):
            header_rows += 1
    if header_rows == len(rows):
        header_rows = 1 if len(rows) > 1 else 0
    headers = [""] * width
    for r in rows[:header_rows]:
        carried = ""
        for j, c in enumerate(r):
            carried = c or (carried if j else "")
            headers[j] = squash(f"{headers[j]} {c or carried}") if (c or carried) else headers[j]
    headers = [_dedupe_words(h) for h in headers]
    stt = [j for j, h in enumerate(headers) if fold(h).strip(" .") in _STT]
    label_col = next((j for j in range(width) if j not in stt), 0)
    # "Mục tiêu năm 2023 | Số lượng": a label column headed by what its rows are (not "Chỉ
    # tiêu", "Nội dung") speaks for every row, as a caption does
    corner = headers[label_col].strip() if header_rows else ""
    # ("Chỉ tiêu năm 2024 | Kế hoạch" too: its year is the rows', as "Chỉ tiêu (đến hết tháng
    # 9/2025) | Số liệu" gives its day)
    if re.search(r"\d{4}", corner) and (
        not _HEADER_WORD.match(fold(corner))
        or re.search(r"\bnam \d{4}\b|\b(den|tinh den|thoi diem)\b[^()]*\d{4}", fold(corner))
    ):
        path = (*path, corner)
    out: list[Block] = []
    group: tuple[str, ...] = ()
    for r in rows[header_rows:]:
        if r in rows[:header_rows]:
            continue  # the header repeated where the table continues on the next page
        label = r[label_col]
        values = [(headers[j], c) for j, c in enumerate(r) if j not in stt and j != label_col and c]
        if label and not values:
            group = (label,)  # "Hợp tác xã" heading row inside the table
            continue
        if not label and not values:
            continue
        if any(headers):
            text = f"{label} — " + "; ".join(f"{h}: {v}" if h else v for h, v in values)
        else:
            text = " | ".join(c for c in r if c)
        out.append(Block(text.strip(" —"), path + group))
    return out


_NUMBER_CELL = re.compile(r"[-–—x]|[\d.,%+()/\s~<>≥≤-]+")  # a figure, or "-" for none
# A figure with its unit, a rule's level: "30 triệu đồng/HTX", "Tối đa 50 triệu đồng/HTX"
# (and a change against a column's base: "tăng 4,9", "giảm 32,33", "vượt 5%", "không đổi")
_FIGURE_CELL = re.compile(
    r"(?:toi da |toi thieu |khong qua |khoang |tren )?[\d.,]+\s*"
    r"(?:%|trieu|ty|nghin|dong|htx|nguoi)\b"
    r"|(?:tang|giam|vuot|bang|dat) [\d.,]+\s*%?$|khong (thay )?doi$"
)
# A bare figure with its qualifier: "trên 370", "hơn 8.900", "tối thiểu 65", "từ 5 trở lên"
_QUALIFIED_NUMBER = re.compile(
    r"(?:tren|hon|khoang|gan|duoi|xap xi|toi thieu|toi da|it nhat|khong qua|tu)\s+[\d.,]+"
    r"(?:\s*%)?(?:\s+tro len)?"
)
# (a range of years too: "Chỉ tiêu | Đơn vị | 2013-2015 | 2016-2020")
_YEAR_CELL = re.compile(r"(19[4-9]\d|20\d\d)(\s*[-–]\s*(19[4-9]\d|20\d\d))?")
# A header cell: "Chỉ tiêu", "Nội dung", "Đơn vị tính", "ĐVT", "Năm" (at the start, so that a
# row label naming "Hà Nam" or "trong năm" does not pass for one).
_HEADER_WORD = re.compile(r"(chi tieu|tieu chi|noi dung|danh muc|hang muc|don vi|dvt|stt|tt|nam)\b")


def _names_columns(row: list[str], stt: list[int]) -> bool:
    """Whether a row with an empty label cell holds only words: column names, not data."""
    first = next((j for j in range(len(row)) if j not in stt), 0)
    filled = [c for j, c in enumerate(row) if c.strip() and j not in stt]
    return (
        not row[first].strip()
        and bool(filled)
        and not any(re.search(r"\d", c) and not _YEAR_CELL.fullmatch(c.strip()) for c in filled)
    )


def _years_header(label: str, filled: list[str], numbers: list[str]) -> bool:
    """Whether a row whose figures are all bare years names its columns ("Chỉ tiêu | Đơn vị
    | 2001 | 2005 | 2009") rather than states figures: a header word or an empty label beside
    them, or three years and more rising a few at a time (which figures hardly do)."""
    if not numbers or not all(_YEAR_CELL.fullmatch(c.strip()) for c in numbers):
        return False
    words = [fold(c).strip() for c in [label, *filled] if c not in numbers]
    if not label.strip() or any(_HEADER_WORD.match(w) for w in words):
        return True
    years = [int(c.strip()[:4]) for c in numbers]
    return len(years) >= 3 and all(0 < b - a <= 10 for a, b in itertools.pairwise(years))


def _dedupe_words(text: str) -> str:
    words = text.split()
    out = [w for i, w in enumerate(words) if i == 0 or w != words[i - 1]]
    return " ".join(out)

"""PDF copies read as paragraphs again: page numbers and running headers dropped, tables aligned
with spaces made tab rows, hard-wrapped lines re-joined."""

from __future__ import annotations

import re
from collections import Counter

from bot.layout.lines import (
    BULLET,
    END_PUNCT,
    SEPARATOR,
    cells,
    is_table_line,
    is_upper,
    section_marker,
    squash,
)

_PAGE_NUMBER = re.compile(r"^(?:[-–\s]*\d{1,3}[-–\s]*|trang\s+\d+(?:\s*/\s*\d+)?)$", re.I)


def _drop_running_lines(lines: list[str], running: str | None = None) -> list[str]:
    """Page numbers and running headers repeated on the pages of a PDF copy: a short line seen
    three times, or twice when it names the document itself (`running`, its number)."""
    counts = Counter(squash(x) for x in lines if x.strip())
    out = []
    for line in lines:
        flat = squash(line)
        if _PAGE_NUMBER.match(flat):
            continue
        repeated = counts[flat] >= 3 or (counts[flat] >= 2 and running and running in flat)
        if repeated and len(flat) < 100 and not BULLET.match(flat) and "|" not in flat:
            continue
        out.append(line)
    return out


# A table a PDF copy flattened to single spaces: "STT Chỉ tiêu ĐVT TH 2023 TH 2024 KH 2025" over
# "1 Số HTX thành lập mới HTX 31 35 36". Its header names the columns in words the template
# uses, so the figures at the end of each row can be given to them.
_FLAT_HEADER = re.compile(
    r"^(STT|TT)\s+(Chỉ tiêu|Nội dung|Tiêu chí|Danh mục)\s+(ĐVT|Đơn vị tính|Đơn vị)\s+(.+)$", re.I
)
_FLAT_COLUMN = re.compile(
    r"(?:(?:Ước\s+)?(?:TH|KH|Thực hiện|Kế hoạch|Ước TH|Ước thực hiện|Ước|Mục tiêu)\s+)?"
    r"(?:năm\s+)?(?:(?:6|9) tháng(?: đầu năm)?\s+)?(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?"
    r"|So sánh(?:\s*\(%\))?|Tăng, giảm(?:\s*\(%\))?|So với (?:năm )?(?:19|20)\d\d",
    re.I,
)
_FLAT_UNIT = (
    r"(?:LH HTX|HTX|THT|Tổ|Quỹ|QTDND|Người|Thành viên|Lao động|Sản phẩm|Lượt|%"
    r"|(?:Triệu|Tỷ|Tr\.?|Nghìn)\s*(?:đồng|đ)(?:/[^\s\d]+)*|Trđ(?:/[^\s\d]+)*)"
)
_FLAT_VALUE = r"(?:(?:tăng|giảm|gấp)\s+)?(?:\d[\d.,]*%?(?:\s+lần)?|-|x)"


def _flat_tables(lines: list[str]) -> list[str]:
    """Tables flattened to single spaces under a header of known column names → tab rows."""
    out = list(lines)
    row: re.Pattern[str] | None = None
    for i, line in enumerate(lines):
        flat = squash(line)
        if "\t" in line or "|" in line or len(cells(line)) > 1:
            row = None  # a table already: its cells are set apart
        elif head := _FLAT_HEADER.match(flat):
            names = _FLAT_COLUMN.findall(head.group(4))
            if names and squash(" ".join(names)) == squash(head.group(4)):
                out[i] = "\t".join([head.group(1), head.group(2), head.group(3), *names])
                row = re.compile(
                    rf"^(\d{{1,2}}(?:\.\d{{1,2}})*\.?)\s+(.+?)\s+({_FLAT_UNIT})\s+"
                    # (a row may leave its last cells empty: "1 Số HTX HTX 457")
                    rf"({_FLAT_VALUE}(?:\s+{_FLAT_VALUE}){{0,{len(names) - 1}}})$",
                    re.I,
                )
            else:
                row = None
        elif row is not None and (m := row.match(flat)):
            values = re.findall(_FLAT_VALUE, m.group(4), re.I)
            out[i] = "\t".join([m.group(1), m.group(2), m.group(3), *values])
        elif flat:
            row = None
    return out


def _space_tables(lines: list[str]) -> list[str]:
    """Rows aligned with runs of spaces (a table copied out of a PDF or typed in plain text) →
    pipe rows, when at least two such lines follow each other. The columns are read from the
    block's alignment, so an empty cell keeps its column and a header cell two spaces from
    the next ("STT  Chỉ tiêu") is still two cells."""
    wide = [len(cells(x)) >= 3 and "|" not in x and "\t" not in x for x in lines]
    # A cell's words wrapped onto a line of their own between two rows ("1    Số HTX thành lập
    # HTX    24" / "     mới" / "2    Tổng số THT …"): part of the row above
    wrapped = [
        0 < i < len(lines) - 1
        and wide[i - 1]
        and wide[i + 1]
        and re.match(r" {3,}\S", x) is not None
        and len(x.split()) <= 3
        and not re.search(r"\d", x)
        for i, x in enumerate(lines)
    ]
    # A row's label begun on a line of its own, its cells on the indented line under it ("3.
    # Số HTX hoạt động hiệu quả" / "   (xếp loại tốt, khá)    HTX    250    238"; "4    Doanh
    # thu bình quân của" / "     một HTX    Tr.đồng    1.760"): part of the row below
    heads = [
        0 < i < len(lines) - 1
        and wide[i - 1]
        and wide[i + 1]
        and re.match(r" {3,}\S", lines[i + 1]) is not None
        and not re.match(r"\s", x)
        and not re.search(r"\d", re.sub(r"^\d{1,3}\.?\s+", "", x))
        and len(x.split()) <= 12
        for i, x in enumerate(lines)
    ]
    wide = [w or c or h for w, c, h in zip(wide, wrapped, heads, strict=True)]
    table = [
        wide[i] and ((i > 0 and wide[i - 1]) or (i + 1 < len(lines) and wide[i + 1]))
        for i in range(len(lines))
    ]
    # A row next to such a block whose widest cell is only two spaces from the next
    # ("HTX phi nông nghiệp  HTX    78" under "HTX nông nghiệp      HTX    180") is one too.
    for i in [*range(1, len(lines)), *range(len(lines) - 2, -1, -1)]:
        near = table[i - 1] if i > 0 and table[i - 1] else i + 1 < len(lines) and table[i + 1]
        if near and not table[i] and "|" not in lines[i] and "\t" not in lines[i]:
            table[i] = len(_TWO_SPACED.split(lines[i].strip())) >= 3
    out: list[str | None] = list(lines)
    i = 0
    while i < len(lines):
        if not table[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and table[j]:
            j += 1
        above = -1  # the row a wrapped line's words belong to
        rows = aligned_cells(lines[i:j])
        for k, row in enumerate(rows):
            if k and heads[i + k - 1]:
                row = _merged(rows[k - 1], row)
                rows[k] = row
                out[i + k - 1] = None
            if heads[i + k] and k + 1 < len(rows):
                continue
            if wrapped[i + k] and above >= 0:
                rows[above] = _merged(rows[above], row)
                out[i + above] = "| " + " | ".join(rows[above]) + " |"
                out[i + k] = None
                continue
            above = k
            out[i + k] = "| " + " | ".join(row) + " |"
        i = j
    return [x for x in out if x is not None]


def _merged(upper: list[str], lower: list[str]) -> list[str]:
    """One row of two lines' cells, column by column."""
    return [f"{a} {b}".strip() for a, b in zip(upper, lower, strict=True)]


_TWO_SPACED = re.compile(r"\s{2,}")
_ALIGNED_CELL = re.compile(r"\S+(?: \S+)*")  # words one space apart: two or more end a cell


def aligned_cells(lines: list[str]) -> list[list[str]]:
    """The cells of space-aligned rows: a row with every column gives the columns' spans; a
    shorter row's cells go to the column they overlap most (numbers are right-aligned, labels
    left-aligned), so a missing value leaves its cell empty instead of shifting the rest."""
    parts = [[(m.start(), m.end(), m.group()) for m in _ALIGNED_CELL.finditer(x)] for x in lines]
    n = max(len(p) for p in parts)
    full = [p for p in parts if len(p) == n]
    spans = [(min(p[c][0] for p in full), max(p[c][1] for p in full)) for c in range(n)]
    rows = []
    for p in parts:
        if len(p) == n:
            rows.append([t for _, _, t in p])
            continue
        row = [""] * n
        for s, e, t in p:
            col = max(
                range(n),
                key=lambda c: (min(e, spans[c][1]) - max(s, spans[c][0]), -abs(s - spans[c][0])),
            )
            row[col] = f"{row[col]} {t}".strip()
        rows.append(row)
    return rows


def wrap_width(lines: list[str]) -> int | None:
    """The line width of hard-wrapped text (PDF copies), or None when lines are paragraphs.

    In wrapped text the lines that end mid-sentence are all close to one width and hardly any
    line is wider; with a paragraph per line, the lines ending mid-sentence are headings of
    any length and the paragraphs run far past them. Items ending with ';' or '.' do not
    count either way: a list of them can be wrapped or not."""
    long = [squash(x) for x in lines if len(squash(x)) >= 40 and not is_table_line(x)]
    open_ended = sorted(len(x) for x in long if not END_PUNCT.search(x))
    if len(open_ended) < 3:
        return None
    width = open_ended[(3 * len(open_ended)) // 4]
    near = [n for n in open_ended if n >= 0.85 * width]
    wider = [x for x in long if len(x) > 1.15 * width]
    if len(near) < 3 or len(near) < 0.4 * len(open_ended) or len(wider) > 0.1 * len(long):
        return None
    return width


def rejoin(lines: list[str], running: str | None = None) -> list[str]:
    """Hard-wrapped lines re-joined into paragraphs; table rows and items stay separate."""
    lines = _space_tables(_flat_tables(_drop_running_lines(lines, running)))
    width = wrap_width(lines)
    out: list[str] = []
    for raw in lines:
        if not raw.strip():
            out.append("")
            continue
        line = raw if is_table_line(raw) else squash(raw)
        prev = out[-1] if out else ""
        # A line in capitals under a sentence in mixed case ("QUYẾT ĐỊNH:" under the last
        # "Căn cứ…" or "Xét đề nghị…,") is a heading, not the sentence wrapping on.
        capitals = is_upper(line) and sum(c.isalpha() for c in line) >= 8 and not is_upper(prev)
        full = width is not None and len(prev) >= 0.9 * width
        # "… giai đoạn 2016" / "- 2018": a range cut at its dash, not a bullet
        range_cut = full and re.search(r"\d$", prev) and re.match(r"[-–]\s*\d", line)
        starts_block = not range_cut and bool(
            section_marker(line)
            or BULLET.match(line)
            or is_table_line(raw)
            or SEPARATOR.match(line)
            or capitals
        )
        if prev and not is_table_line(prev) and not starts_block:
            # A line starting in lower case continues the one before (Vietnamese paragraphs
            # and items start with a capital or a marker); a full-width line without a
            # sentence end in hard-wrapped text does too.
            continuation = (line[:1].islower() or line[:1] in "(,;") and not re.search(
                r"[.!?…]\s*$", prev
            )
            wrapped = width is not None and len(prev) >= 0.6 * width and not END_PUNCT.search(prev)
            if wrapped and section_marker(prev) and not full and not line[:1].islower():
                # "2. Hỗ trợ từ ngân sách tỉnh giai đoạn 2018 - 2020" then "Tổng kinh phí …":
                # a heading ends short of the width; the capital starts its text
                wrapped = False
            if full and prev.endswith(":") and (line[:1].isdigit() or line[:1].islower()):
                # "… khi nghỉ việc:" / "15 người, kinh phí …": the line broke after a colon
                wrapped = True
            heading = section_marker(prev) is not None and len(prev.split()) <= 14 and not wrapped
            if continuation and not heading or wrapped:
                out[-1] = f"{prev} {line}"
                continue
        out.append(line)
    return [x for x in out if x.strip()]

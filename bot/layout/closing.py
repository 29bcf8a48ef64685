"""The closing block of an administrative document: the signature (TM., KT., the signer's title
and name) and "Nơi nhận", up to an appendix that follows it."""

from __future__ import annotations

import re

from bot.layout.lines import cells, is_upper, squash
from bot.text import fold

_CLOSING_LEAD = re.compile(
    r"^(tm\.|t/m|kt\.|k/t|tl\.|t/l|tuq\.|q\.|thừa lệnh|thừa ủy quyền|thay mặt|nơi nhận|"
    r"\(?\[?đã ký\]?\)?|ký bởi)",
    re.I,
)
# A signer's title on its own line: CHỦ TỊCH, PHÓ GIÁM ĐỐC, TRƯỞNG PHÒNG, BỘ TRƯỞNG…
_ROLE_TITLE = re.compile(
    r"^(phó\s+)?(chủ tịch|tổng giám đốc|giám đốc|bí thư|chủ nhiệm|thủ tướng|chánh \w+|"
    r"trưởng \w+|\w+ trưởng)\b",
    re.I,
)
# (an annexed table after the signature counts too: "Biểu 01. Số lượng hợp tác xã theo lĩnh
# vực", "Biểu số 02", "Bảng 1", "Phụ biểu")
_APPENDIX = re.compile(r"^(phụ lục|phụ biểu|(biểu|bảng)(\s+số)?\s*0?\d+\b)", re.I)


# The document a decision issues or approves, attached after its signature: "KẾ HOẠCH" over
# "(Kèm theo Quyết định số …/QĐ-UBND ngày …)", "QUY ĐỊNH" over "(Ban hành kèm theo …)"
_ATTACHED = re.compile(r"^\(?\s*(ban hành )?kèm theo\b", re.I)


def _opens_annex(lines: list[str], k: int) -> bool:
    """Whether line k opens content after the closing block: an appendix or annexed table, or
    the title of an attached document that says, a few lines on, that it is attached."""
    line = squash(lines[k])
    if _APPENDIX.match(line):
        return True
    # (the attached document's name may run over a few lines between the two)
    return (
        is_upper(line)
        and len(line.split()) <= 6
        and any(_ATTACHED.match(squash(x)) for x in lines[k + 1 : k + 5])
    )


def _is_closing(cell: str) -> bool:
    """A line of the signature block or the "Nơi nhận" list's first line. A title counts only
    in capitals: "Chủ tịch UBND các huyện chịu trách nhiệm…" is body."""
    if _CLOSING_LEAD.match(cell):
        return True
    return bool(_ROLE_TITLE.match(cell)) and is_upper(cell) and len(cell.split()) <= 8


_SURNAMES = {
    fold(s)
    for s in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương "
        "Lương Lâm Mai Tô Hà Đào Cao Chu Tạ Đoàn Thái Triệu Lưu Quách Kiều Vương Châu Tăng La "
        "Giang Nông Lò Hứa Trịnh Âu Lại Khúc Thân Mạc Tống Phùng Nghiêm Lục Từ Diệp Tôn Văn "
        "Lã Ông Y Sầm Hầu Doãn Bế Đàm Khổng Mẫn Ninh Quan Thạch Danh Kim Sơn"
    ).split()
}


def closing_span(lines: list[str], start: int) -> tuple[int, int]:
    """Where the signature / "Nơi nhận" block starts and where it ends: at the end of the
    document, or at an appendix ("PHỤ LỤC") that follows it and is content again."""
    appendix = len(lines)
    lower_bound = start + (len(lines) - start) // 3
    for i in range(lower_bound, len(lines)):
        first = (cells(lines[i]) or [""])[0]
        if not first or not _is_closing(first):
            continue
        appendix = next((k for k in range(i + 1, len(lines)) if _opens_annex(lines, k)), len(lines))
        tail = [squash(x) for x in lines[i:appendix]]
        if all(len(x.split()) <= 25 for x in tail):
            while i - 1 >= start and _is_closing((cells(lines[i - 1]) or [""])[0]):
                i -= 1  # "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" above the line found
            return i, appendix
    return len(lines), len(lines)


def signer_of(closing: list[str]) -> str | None:
    """The signer's name in the closing block: the last cell of two to five capitalised words
    starting with a Vietnamese surname."""
    found = None
    for line in closing:
        for cell in cells(line):
            cell = cell.strip(" .;")
            words = cell.split()
            if not 2 <= len(words) <= 5 or _is_closing(cell) or cell.startswith(("-", "+", "•")):
                continue
            if any(ch.isdigit() for ch in cell) or ":" in cell or "(" in cell:
                continue
            if not all(w[:1].isupper() for w in words):
                continue
            if fold(words[0]) in _SURNAMES:
                found = " ".join(w if not w.isupper() else w.capitalize() for w in words)
    return found

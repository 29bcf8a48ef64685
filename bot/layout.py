"""Document layout: administrative header, section hierarchy, bullets and tables → passages.

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) share one layout: quốc hiệu and
tiêu ngữ, the issuing body, "Số: 185/KH-UBND", "<place>, ngày … tháng … năm …", the document
type and its trích yếu, a body numbered Phần/Chương/I./1./1.1./a), then the signer and
"Nơi nhận". This module reads that layout from plain text lines (as copied from Word or a PDF,
or converted by ``bot.formats``) and never drops a line with content for being short.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from bot import gazetteer
from bot.text import fold

# --- spacing ---------------------------------------------------------------------------------

_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_CELL_SPLIT = re.compile(r"\t+|\s{3,}")


def clean_spaces(line: str) -> str:
    """NBSP and other odd spaces become plain spaces; tabs are kept (they separate cells, and
    trailing ones are the empty cells of a table row)."""
    line = _ODD_SPACES.sub(" ", line).rstrip(" \r\n\f\v")
    return line if line.strip() else ""


def _squash(text: str) -> str:
    return " ".join(text.split())


def cells(line: str) -> list[str]:
    """A line split at tabs or runs of 3+ spaces, or a pipe row split at its pipes: a flattened
    two-column header or signature block, or a table row."""
    text = line.strip()
    if text.count("|") >= 2:
        return [c.strip() for c in text.strip("|").split("|") if c.strip()]
    return [c.strip() for c in _CELL_SPLIT.split(text) if c.strip()]


# --- the administrative header ----------------------------------------------------------------

DOC_TYPES = (
    "Kế hoạch",
    "Quyết định",
    "Báo cáo",
    "Chương trình",
    "Nghị quyết",
    "Đề án",
    "Thông báo",
    "Chỉ thị",
    "Tờ trình",
    "Hướng dẫn",
    "Kết luận",
    "Quy định",
    "Quy chế",
    "Nghị định",
    "Thông tư",
    "Luật",
    "Công văn",
)
_TYPE_BY_FOLD = {fold(t): t for t in DOC_TYPES}
# The type code in a document number: 185/KH-UBND, 08/2023/NQ-HĐND, 45/2021/NĐ-CP.
_TYPE_BY_CODE = {
    "kh": "Kế hoạch",
    "qd": "Quyết định",
    "bc": "Báo cáo",
    "ctr": "Chương trình",
    "nq": "Nghị quyết",
    "da": "Đề án",
    "tb": "Thông báo",
    "ct": "Chỉ thị",
    "ttr": "Tờ trình",
    "hd": "Hướng dẫn",
    "kl": "Kết luận",
    "nd": "Nghị định",
    "tt": "Thông tư",
    "qh": "Luật",
}
_QUOC_HIEU = re.compile(
    r"c[ộo]ng\s+h[òo]a\s+x[ãa]\s+h[ộo]i\s+ch[ủu]\s+ngh[ĩi]a\s+vi[ệe]t\s+nam", re.I
)
_DANG = re.compile(r"đảng\s+cộng\s+sản\s+việt\s+nam", re.I)
_TIEU_NGU = re.compile(r"độc\s+lập\s*[-–—]\s*tự\s+do\s*[-–—]\s*hạnh\s+phúc", re.I)
# "Số: 185/KH-UBND", also typed with spaces around '/' and '-': "Số: 77 / KH - UBND".
_NUMBER = re.compile(
    r"\bSố\s*:?\s*(\d[\dA-Za-z]*(?:\s*/\s*[\w.]+(?:\s*[-–]\s*[\w.]+)*)+)", re.I | re.UNICODE
)
_PLACE_DATE = re.compile(
    r"(?:^|\s)([^\s,\d][^,\d]{0,40}?)\s*,\s*ngày\s+(\d{1,2})\s*(?:tháng|/)\s*(\d{1,2})\s*"
    r"(?:năm|/)\s*(\d{4})",
    re.I,
)
_BLANK_NUMBER = re.compile(r"\bSố\s*:\s*[._…\s]*/\s*\w", re.I)  # "Số:      /QĐ-UBND", a draft
# The first words of an organisation's name: in a header, a line starting so is a body of its
# own, and the one above it is its governing body ("LIÊN MINH HTX VIỆT NAM" over "LIÊN MINH
# HỢP TÁC XÃ TỈNH YÊN BÁI", "UBND HUYỆN X" over "PHÒNG NÔNG NGHIỆP", Nghị định 30/2020/NĐ-CP);
# a line starting with "TỈNH …" continues the name above it.
_ORGANISATION = re.compile(
    r"^(uy ban|ubnd|hoi dong|hdnd|so |phong |ban |lien minh|van phong|cuc |chi cuc|tong cuc|"
    r"trung tam|bo |vien |truong |hoi |quy |tinh uy|thanh uy|huyen uy|dang uy|chinh phu|"
    r"thu tuong|quoc hoi|mat tran|doan |kho bac|ngan hang|thanh tra|bao hiem|cong ty|hop tac xa)"
)
_SEPARATOR = re.compile(r"^[\s\-–—_=*.~]{3,}$")
_CENTRAL = re.compile(
    r"^(chinh phu|thu tuong|quoc hoi|uy ban thuong vu quoc hoi|bo |ban chap hanh trung uong|"
    r"lien minh hop tac xa viet nam|ban chi dao trung uong|van phong chinh phu)"
)
_BODY_START = re.compile(
    r"^(căn cứ|thực hiện|nhằm|để |kính gửi|theo |phần|chương|điều\s+\d|mục\s+\d|[IVX]+[.)]\s)",
    re.I,
)
_TYPE_LINE_MAX_WORDS = 4


@dataclass
class DocHeader:
    """What the header of an administrative document says about it."""

    doc_type: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    place: str | None = None
    issued: date | None = None
    subject: str | None = None
    signer: str | None = None
    national: bool = False
    parent: str | None = None  # the governing body written above the issuer, if any

    @property
    def title(self) -> str | None:
        if not (self.doc_type or self.subject):
            return None
        subject = self.subject or ""
        if self.doc_type and subject:
            if len(subject) > 1 and subject[1].islower():
                subject = subject[0].lower() + subject[1:]
            return f"{self.doc_type} {subject}"
        return self.doc_type or subject


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _type_of_line(line: str) -> tuple[str, str] | None:
    """('Kế hoạch', rest) when the line is a document-type heading such as 'KẾ HOẠCH'."""
    text = _squash(line)
    if not _is_upper(text.split(":")[0]):
        return None
    folded = fold(text).rstrip(":")
    for key, name in _TYPE_BY_FOLD.items():
        if folded == key or folded.startswith(key + " "):
            rest = text[len(key) :].strip(" :")
            if len(rest.split()) > 20:
                return None
            return name, rest
    return None


def _type_from_number(number: str) -> str | None:
    parts = [fold(p) for p in number.split("/")[1:]]
    for part in parts:
        code = re.split(r"[-–]", part)[0]
        if code in _TYPE_BY_CODE:
            return _TYPE_BY_CODE[code]
    return "Công văn" if parts else None


def _tidy_number(raw: str) -> str:
    return re.sub(r"\s*([/–-])\s*", r"\1", raw).replace("–", "-").rstrip(".,;")


_ACRONYMS = {
    "ủy ban nhân dân": "UBND",
    "uỷ ban nhân dân": "UBND",
    "hội đồng nhân dân": "HĐND",
}


_UNIT = re.compile(
    r"^(.*\b(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|thị trấn|phường|(?<!tác )xã)\s+)(\S.*)$"
)


def _place_case(part: str) -> str:
    """'ubnd huyện gio linh' → 'ubnd huyện Gio Linh': the name after the last unit word."""
    if m := _UNIT.match(part):
        return m.group(1) + " ".join(w[:1].upper() + w[1:] for w in m.group(2).split())
    return part


def _pretty_issuer(parts: list[str]) -> str:
    """'ỦY BAN NHÂN DÂN' + 'TỈNH NGHỆ AN' → 'UBND tỉnh Nghệ An'."""
    text = " ".join(_place_case(_squash(p).lower()) for p in parts)
    for long, short in _ACRONYMS.items():
        text = text.replace(long, short)
    text = re.sub(r"\b(ubnd|hđnd)\b", lambda m: m.group(1).upper(), text)
    text = re.sub(r"\bhtx\b", "HTX", text)
    text = re.sub(r"\btp\.?\s*", "thành phố ", text)
    for prov in gazetteer.find_provinces(text):
        text = re.sub(re.escape(prov.name.lower()), prov.name, text)
    text = re.sub(r"\bviệt nam\b", "Việt Nam", text)
    return text[:1].upper() + text[1:]


_LAYOUT_MARK = re.compile(
    r"c[ộo]ng\s+h[òo]a\s+x[ãa]\s+h[ộo]i|độc\s+lập\s*[-–—]\s*tự\s+do|^số\s*:|^nơi nhận|"
    r"^(tm|kt|tl|tuq)\.\s|\(đã ký\)",
    re.I,
)


def is_layout_table(rows: list[list[str]]) -> bool:
    """Whether a table (rows of cell texts, a cell's lines joined by newlines) only lays out
    the header or the signature block side by side, as Word documents do: two columns at
    most, a few rows, and the words of such a block in it. A small table of figures is not."""
    width = max((len(r) for r in rows), default=0)
    if not rows or width > 2 or len(rows) > 4:
        return False
    return any(_LAYOUT_MARK.search(_squash(x)) for r in rows for c in r for x in c.split("\n"))


def is_administrative(lines: list[str]) -> bool:
    """Whether the first lines carry an administrative header (quốc hiệu or Số + type)."""
    head = [_squash(x) for x in lines[:30]]
    if any(_QUOC_HIEU.search(x) or _DANG.search(x) or _TIEU_NGU.search(x) for x in head):
        return True
    has_number = any(_NUMBER.search(x) for x in head)
    has_type = any(_type_of_line(c) for x in head for c in cells(x))
    return has_number and has_type


def parse_header(lines: list[str]) -> tuple[DocHeader, int]:
    """Read the header; returns it and the index of the first body line."""
    header = DocHeader()
    issuer_parts: list[str] = []
    type_at = None
    issuer_done = False  # the issuing body stands above "Số:" and "V/v" (Nghị định 30)
    for i, line in enumerate(lines[:45]):
        for cell in cells(line) or [line]:
            found = _type_of_line(cell)
            if found and not _NUMBER.search(cell):
                header.doc_type, rest = found
                header.subject = rest or None
                type_at = i
                break
        if type_at is not None:
            break
        flat = _squash(line)
        if m := _NUMBER.search(flat):
            header.doc_number = header.doc_number or _tidy_number(m.group(1))
        if m := _PLACE_DATE.search(_NUMBER.sub(" ", flat)):
            try:
                header.issued = header.issued or date(
                    int(m.group(4)), int(m.group(3)), int(m.group(2))
                )
            except ValueError:
                pass
            header.place = header.place or _squash(m.group(1))
        if re.match(r"^V/v\b", flat, re.I):
            header.subject = header.subject or re.sub(r"^V/v\.?\s*", "", flat, flags=re.I)
        for cell in cells(line) or [flat]:
            cell = _TIEU_NGU.sub("", _DANG.sub("", _QUOC_HIEU.sub("", cell))).strip(" -–_")
            cell = _NUMBER.sub("", cell)
            cell = _PLACE_DATE.sub("", cell).strip(" -–_,")
            if (
                not issuer_done
                and cell
                and _is_upper(cell)
                and not _SEPARATOR.match(cell)
                and not re.match(r"^(số|v/v|/)", cell, re.I)  # "/QĐ-UBND" of a blank number
                and len(cell.split()) <= 12
            ):
                issuer_parts.append(cell)
        if _NUMBER.search(flat) or _BLANK_NUMBER.search(flat) or re.match(r"^V/v\b", flat, re.I):
            issuer_done = True
    body_start = 0
    if type_at is not None:
        subject: list[str] = [header.subject] if header.subject else []
        body_start = _subject_end(lines, type_at + 1, subject, issuer_parts)
        if subject:
            joined = _squash(" ".join(subject))
            header.subject = _sentence_case(joined) if _is_upper(joined) else joined
    else:
        # No type line (a công văn): the body starts after the last header line recognised.
        for i, line in enumerate(lines[:25]):
            flat = _squash(line)
            if _NUMBER.search(flat) or _PLACE_DATE.search(flat) or re.match(r"^V/v\b", flat, re.I):
                body_start = i + 1
    if header.doc_type is None and header.doc_number:
        header.doc_type = _type_from_number(header.doc_number)
    if issuer_parts:
        bodies: list[list[str]] = []
        for part in issuer_parts:
            if not bodies or _ORGANISATION.match(fold(part)):
                bodies.append([part])
            else:
                bodies[-1].append(part)  # "TỈNH NGHỆ AN" under "ỦY BAN NHÂN DÂN"
        header.issuer = _pretty_issuer(bodies[-1])
        if len(bodies) > 1:
            header.parent = _pretty_issuer([p for b in bodies[:-1] for p in b])
        header.national = bool(_CENTRAL.match(fold(header.issuer))) or bool(
            header.parent
            and _CENTRAL.match(fold(header.parent))
            and not gazetteer.find_provinces(header.issuer)
        )
    return header, body_start


def _subject_end(lines: list[str], start: int, subject: list[str], issuer_parts: list[str]) -> int:
    """Read the trích yếu under the type line into `subject`; returns the first body line.

    The trích yếu is a few lines without a sentence end (Nghị định 30/2020/NĐ-CP); the body's
    first paragraph ends with one, often opens by naming the issuer, and in a PDF copy may be
    wrapped over several lines: a line is read together with the lines it wraps onto before
    deciding whether it is subject or body."""
    width = _wrap_width(lines)
    opener = fold(issuer_parts[0]) if issuer_parts and len(issuer_parts[0].split()) >= 2 else None
    units: list[list[int]] = []  # runs of wrapped lines, as indexes
    stop = start  # the first line not read as a candidate
    for j in range(start, min(start + 8, len(lines))):
        text = _squash(lines[j])
        stop = j
        if _SEPARATOR.match(text):
            stop = j + 1  # the rule drawn under the trích yếu
            break
        if (
            # "theo Quyết định số 46/QĐ-UBND …" in lower case continues the trích yếu above
            (_BODY_START.match(text) and not (units and text[:1].islower()))
            or _marker(text)
            or _BULLET.match(text)
            or _is_table_line(lines[j])
            or (_is_upper(text) and (subject or units))
            or len(text.split()) > 30
            or (opener and fold(text).startswith(opener))
        ):
            break
        prev = _squash(lines[units[-1][-1]]) if units else ""
        joins = bool(prev) and not _END_PUNCT.search(prev)
        joins = joins and (
            text[:1].islower()
            or text[:1] in "(,;"
            or (width is not None and len(prev) >= 0.85 * width)
        )
        if joins:
            units[-1].append(j)
        else:
            units.append([j])
        stop = j + 1
    for unit in units:
        if _SENTENCE_END.search(_squash(lines[unit[-1]])) or len(subject) + len(unit) > 4:
            return unit[0]  # a sentence: the body's first paragraph
        subject.extend(_squash(lines[k]) for k in unit)
    return stop


def _sentence_case(text: str) -> str:
    out = text.lower()
    for prov in gazetteer.find_provinces(out):
        out = re.sub(re.escape(prov.name.lower()), prov.name, out)
    out = re.sub(r"\b(htx|tht|kttt|ubnd|hđnd|ocop)\b", lambda m: m.group(1).upper(), out)
    return out[:1].upper() + out[1:]


# --- the closing block: signature and "Nơi nhận" ------------------------------------------------

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
_APPENDIX = re.compile(r"^phụ lục\b", re.I)


def _is_closing(cell: str) -> bool:
    """A line of the signature block or the "Nơi nhận" list's first line. A title counts only
    in capitals: "Chủ tịch UBND các huyện chịu trách nhiệm…" is body."""
    if _CLOSING_LEAD.match(cell):
        return True
    return bool(_ROLE_TITLE.match(cell)) and _is_upper(cell) and len(cell.split()) <= 8


_SURNAMES = {
    fold(s)
    for s in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương "
        "Lương Lâm Mai Tô Hà Đào Cao Chu Tạ Đoàn Thái Triệu Lưu Quách Kiều Vương Châu Tăng La "
        "Giang Nông Lò Hứa Trịnh Âu Lại Khúc Thân Mạc Tống Phùng Nghiêm Lục Từ Diệp Tôn Văn "
        "Lã Ông Y Sầm Hầu Doãn Bế Đàm Khổng Mẫn Ninh Quan Thạch Danh Kim Sơn"
    ).split()
}


def _closing_span(lines: list[str], start: int) -> tuple[int, int]:
    """Where the signature / "Nơi nhận" block starts and where it ends: at the end of the
    document, or at an appendix ("PHỤ LỤC") that follows it and is content again."""
    appendix = len(lines)
    lower_bound = start + (len(lines) - start) // 3
    for i in range(lower_bound, len(lines)):
        first = (cells(lines[i]) or [""])[0]
        if not first or not _is_closing(first):
            continue
        appendix = next(
            (k for k in range(i + 1, len(lines)) if _APPENDIX.match(_squash(lines[k]))),
            len(lines),
        )
        tail = [_squash(x) for x in lines[i:appendix]]
        if all(len(x.split()) <= 25 for x in tail):
            while i - 1 >= start and _is_closing((cells(lines[i - 1]) or [""])[0]):
                i -= 1  # "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" above the line found
            return i, appendix
    return len(lines), len(lines)


def _signer(closing: list[str]) -> str | None:
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


# --- the body: sections, bullets, tables -------------------------------------------------------

_MARKERS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(r"^(phần\s+(?:thứ\s+\w+|[IVXLC]+|\d+))\b[.:]?\s*(.*)$", re.I)),
    (0, re.compile(r"^(phụ lục(?:\s+(?:số\s+)?(?:[IVXLC]+|\d+))?)\b[.:]?\s*(.*)$", re.I)),
    (1, re.compile(r"^(chương\s+(?:[IVXLC]+|\d+))\b[.:]?\s*(.*)$", re.I)),
    (2, re.compile(r"^(mục\s+(?:[IVXLC]+|\d+))\b[.:]?\s*(.*)$", re.I)),
    (2, re.compile(r"^([A-HJ-UWYZĐ]\.)\s+(\S.*)$")),
    (3, re.compile(r"^([IVX]{1,5}[.)])\s*(\S.*)$")),
    (3, re.compile(r"^(điều\s+\d+[a-z]?)\s*[.:]\s*(.*)$", re.I)),
    (6, re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2}\.?)\s+(\S.*)$")),
    (5, re.compile(r"^(\d{1,2}\.\d{1,2}\.?)\s+(\S.*)$")),
    (4, re.compile(r"^(\d{1,2}[.)])\s+(\S.*)$")),
    (7, re.compile(r"^([a-zđ][).])\s+(\S.*)$")),
]
_BULLET = re.compile(r"^([-–+•*▪●○◦·]|\u2022)\s*")
_END_PUNCT = re.compile(r"[.;:!?…”\"]\s*$|\./\.\s*$")
_SENTENCE_END = re.compile(r"[.;:!?…][”\"]?\s*$")  # a closing quote alone ends no sentence
_PAGE_NUMBER = re.compile(r"^(?:[-–\s]*\d{1,3}[-–\s]*|trang\s+\d+(?:\s*/\s*\d+)?)$", re.I)
_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_GROUP_WORDS = 120  # bullets joined into one passage up to about this many words
_SHORT_BULLET = 30


@dataclass
class Block:
    """One passage of a document and the section path it sits under."""

    text: str
    section: tuple[str, ...] = ()


@dataclass
class _Heading:
    level: int
    label: str
    used: bool = False
    position: int = 0
    text: str = ""
    path: tuple[str, ...] = field(default_factory=tuple)
    item: bool = False  # a numbered item with content of its own, not a heading


def _marker(line: str) -> tuple[int, str, str] | None:
    for level, pattern in _MARKERS:
        if m := pattern.match(line):
            return level, m.group(1), m.group(2)
    return None


def _is_table_line(line: str) -> bool:
    """A pipe row, or a tab-separated row: two cells or more, or one cell followed by the
    empty cells of a group row ("Hợp tác xã\t\t\t" copied out of a Word table)."""
    if line.count("|") >= 2:
        return True
    return "\t" in line and (len(cells(line)) >= 2 or bool(re.search(r"\S\t", line)))


def _table_kind(line: str) -> str:
    return "pipe" if line.count("|") >= 2 else "tab"


def _drop_running_lines(lines: list[str], running: str | None = None) -> list[str]:
    """Page numbers and running headers repeated on the pages of a PDF copy: a short line seen
    three times, or twice when it names the document itself (`running`, its number)."""
    counts = Counter(_squash(x) for x in lines if x.strip())
    out = []
    for line in lines:
        flat = _squash(line)
        if _PAGE_NUMBER.match(flat):
            continue
        repeated = counts[flat] >= 3 or (counts[flat] >= 2 and running and running in flat)
        if repeated and len(flat) < 100 and not _BULLET.match(flat) and "|" not in flat:
            continue
        out.append(line)
    return out


def _space_tables(lines: list[str]) -> list[str]:
    """Rows aligned with runs of spaces (a table copied out of a PDF or typed in plain text) →
    pipe rows, when at least two such lines follow each other. The columns are read from the
    block's alignment, so an empty cell keeps its column and a header cell two spaces from
    the next ("STT  Chỉ tiêu") is still two cells."""
    wide = [len(cells(x)) >= 3 and "|" not in x and "\t" not in x for x in lines]
    table = [
        wide[i] and ((i > 0 and wide[i - 1]) or (i + 1 < len(lines) and wide[i + 1]))
        for i in range(len(lines))
    ]
    out = list(lines)
    i = 0
    while i < len(lines):
        if not table[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and table[j]:
            j += 1
        for k, row in enumerate(aligned_cells(lines[i:j])):
            out[i + k] = "| " + " | ".join(row) + " |"
        i = j
    return out


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


def _wrap_width(lines: list[str]) -> int | None:
    """The line width of hard-wrapped text (PDF copies), or None when lines are paragraphs.

    In wrapped text the lines that end mid-sentence are all close to one width and hardly any
    line is wider; with a paragraph per line, the lines ending mid-sentence are headings of
    any length and the paragraphs run far past them. Items ending with ';' or '.' do not
    count either way: a list of them can be wrapped or not."""
    long = [_squash(x) for x in lines if len(_squash(x)) >= 40 and not _is_table_line(x)]
    open_ended = sorted(len(x) for x in long if not _END_PUNCT.search(x))
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
    lines = _space_tables(_drop_running_lines(lines, running))
    width = _wrap_width(lines)
    out: list[str] = []
    for raw in lines:
        if not raw.strip():
            out.append("")
            continue
        line = raw if _is_table_line(raw) else _squash(raw)
        prev = out[-1] if out else ""
        # A line in capitals under a sentence in mixed case ("QUYẾT ĐỊNH:" under the last
        # "Căn cứ…" or "Xét đề nghị…,") is a heading, not the sentence wrapping on.
        capitals = _is_upper(line) and sum(c.isalpha() for c in line) >= 8 and not _is_upper(prev)
        starts_block = bool(
            _marker(line)
            or _BULLET.match(line)
            or _is_table_line(raw)
            or _SEPARATOR.match(line)
            or capitals
        )
        if prev and not _is_table_line(prev) and not starts_block:
            # A line starting in lower case continues the one before (Vietnamese paragraphs
            # and items start with a capital or a marker); a full-width line without a
            # sentence end in hard-wrapped text does too.
            continuation = (line[:1].islower() or line[:1] in "(,;") and not re.search(
                r"[.!?…]\s*$", prev
            )
            wrapped = width is not None and len(prev) >= 0.6 * width and not _END_PUNCT.search(prev)
            heading = _marker(prev) is not None and len(prev.split()) <= 14 and not wrapped
            if continuation and not heading or wrapped:
                out[-1] = f"{prev} {line}"
                continue
        out.append(line)
    return [x for x in out if x.strip()]


def _table_rows(block: list[str]) -> list[list[str]]:
    rows = []
    for line in block:
        if "|" in line:
            if _PIPE_SEPARATOR.match(line.strip()):
                continue
            parts = [c.strip() for c in line.strip().strip("|").split("|")]
        else:
            parts = cells(line)
        rows.append(parts)
    return rows


_STT = {"stt", "tt", "so tt", "so thu tu"}


def table_blocks(rows: list[list[str]], path: tuple[str, ...]) -> list[Block]:
    """Each data row as a passage read with its column headers:
    'Số thành viên THT — Đơn vị tính: người; Ước TH 2022: 50.000; KH 2023: 53.000'."""
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header_rows = 0
    stt = [j for j, c in enumerate(rows[0]) if fold(c).strip(" .") in _STT]
    first = next((j for j in range(width) if j not in stt), 0)
    for r in rows[:3]:
        # A row is data when half its cells past the label are figures (its STT and label
        # columns do not count: "1 | THT thành lập mới | THT | 2.208").
        filled = [c for j, c in enumerate(r) if c and j not in stt and j != first]
        numbers = [c for c in filled if _NUMBER_CELL.fullmatch(c)]
        if not filled or len(numbers) * 2 >= len(filled) or (width >= 4 and len(filled) <= 1):
            break
        header_rows += 1
    if header_rows == len(rows):
        header_rows = 1 if len(rows) > 1 else 0
    headers = [""] * width
    for r in rows[:header_rows]:
        carried = ""
        for j, c in enumerate(r):
            carried = c or (carried if j else "")
            headers[j] = _squash(f"{headers[j]} {c or carried}") if (c or carried) else headers[j]
    headers = [_dedupe_words(h) for h in headers]
    stt = [j for j, h in enumerate(headers) if fold(h).strip(" .") in _STT]
    label_col = next((j for j in range(width) if j not in stt), 0)
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


def _dedupe_words(text: str) -> str:
    words = text.split()
    out = [w for i, w in enumerate(words) if i == 0 or w != words[i - 1]]
    return " ".join(out)


def _heading_label(marker: str, rest: str) -> tuple[str, bool]:
    """The label shown in a section path, and whether the line is only a heading."""
    rest = rest.strip()
    if _is_upper(rest) and len(rest) > 3:
        rest = _sentence_case(rest)
    words = rest.split()
    pure = len(words) <= 14 and (not _END_PUNCT.search(rest) or rest.endswith(":"))
    if pure:
        label = f"{marker} {rest.rstrip(':').strip()}"
    else:
        head, colon, _ = rest.partition(":")
        label = f"{marker} {head.strip()}" if colon and len(head.split()) <= 8 else marker
    return _squash(label)[:80], pure


def structure(lines: list[str], running: str | None = None) -> list[Block]:
    """Body lines → passages with their section paths (headings become context).
    `running`: the document's number, to recognise running page headers that repeat it."""
    lines = rejoin([clean_spaces(x) for x in lines], running)
    stack: list[_Heading] = []
    items: list[Block | _Heading] = []
    group: list[str] = []
    group_path: tuple[str, ...] = ()
    caption: str | None = None

    def path() -> tuple[str, ...]:
        return tuple(h.label for h in stack)

    def emit(text: str, at: tuple[str, ...]) -> None:
        for h in stack:
            h.used = True
        items.append(Block(text, at))

    def flush_group() -> None:
        nonlocal group
        if group:
            emit(" ".join(group), group_path)
            group = []

    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_table_line(line):
            flush_group()
            block = []
            kind = _table_kind(line)  # a pipe table next to a tab table is two tables
            while i < len(lines) and _is_table_line(lines[i]) and _table_kind(lines[i]) == kind:
                block.append(lines[i])
                i += 1
            at = path() + ((caption,) if caption else ())
            for b in table_blocks(_table_rows(block), at):
                emit(b.text, b.section)
            caption = None
            continue
        i += 1
        caption = None
        if _SEPARATOR.match(line):
            continue
        found = _marker(line)
        if found:
            flush_group()
            level, marker, rest = found
            if not rest.strip() and level <= 2 and i < len(lines) and _is_upper(lines[i]):
                rest = lines[i]  # "Phần thứ nhất" / "TÌNH HÌNH …" on the next line
                line = f"{line} {rest}"
                i += 1
            label, pure = _heading_label(marker, rest)
            while stack and stack[-1].level >= level:
                stack.pop()
            if pure:
                heading = _Heading(level, label, text=line, path=path())
                items.append(heading)
                stack.append(heading)
            else:
                emit(line, path())
                stack.append(_Heading(level, label, used=True, item=True))
            continue
        bullet = _BULLET.match(line)
        words = len(line.split())
        if bullet and words <= _SHORT_BULLET:
            full = sum(len(g.split()) for g in group) > _GROUP_WORDS
            if group and (group_path != path() or full):
                flush_group()
            if not group:
                group_path = path()
            group.append(line)
            continue
        flush_group()
        if line.endswith(":") and words <= 25 and i < len(lines) and _BULLET.match(lines[i]):
            group, group_path = [line], path()  # "Mục tiêu cụ thể:" leads its bullets
            continue
        if (
            words <= 20
            and not _END_PUNCT.search(line)
            and i < len(lines)
            and _is_table_line(lines[i])
        ):
            caption = line  # "Bảng 1. Một số chỉ tiêu chủ yếu" names the table below
            continue
        while stack and stack[-1].item:
            stack.pop()  # a plain paragraph after "3. Sở Tài chính …" is not part of item 3
        emit(line, path())
    flush_group()
    out: list[Block] = []
    for item in items:
        if isinstance(item, _Heading):
            if not item.used:
                out.append(Block(item.text, item.path))  # a heading with nothing under it
        else:
            out.append(item)
    return out


@dataclass
class Layout:
    """An administrative document read from its lines."""

    header: DocHeader
    blocks: list[Block]


def read_administrative(lines: list[str]) -> Layout:
    """Header, body passages with section paths, signer; the closing block is left out."""
    lines = [clean_spaces(x) for x in lines]
    nonempty = [x for x in lines if x.strip()]
    header, start = parse_header(nonempty)
    end, appendix = _closing_span(nonempty, start)
    header.signer = _signer(nonempty[end:appendix])
    blocks = structure(nonempty[start:end], header.doc_number)
    blocks += structure(nonempty[appendix:], header.doc_number)
    if head := header_passage(nonempty[:start]):
        blocks.insert(0, Block(head))
    return Layout(header, blocks)


def header_passage(lines: list[str]) -> str:
    """The header in the document's own words (issuer, number, place and date, type and
    subject) without quốc hiệu, tiêu ngữ and rules: what "Kế hoạch 185/KH-UBND" is about."""
    parts: list[str] = []
    for line in lines:
        for cell in cells(line) or [line]:
            cell = _TIEU_NGU.sub("", _DANG.sub("", _QUOC_HIEU.sub("", cell))).strip(" -–_")
            if cell and not _SEPARATOR.match(cell):
                parts.append(_squash(cell))
    return " ".join(parts)

"""The administrative header (Nghị định 30/2020/NĐ-CP): quốc hiệu and tiêu ngữ, the issuing body
and its governing body, "Số: 185/KH-UBND", "<place>, ngày … tháng … năm …", the document type
and its trích yếu."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot import gazetteer
from bot.layout.lines import (
    BULLET,
    END_PUNCT,
    SENTENCE_END,
    SEPARATOR,
    cells,
    is_table_line,
    is_upper,
    section_marker,
    sentence_case,
    squash,
)
from bot.layout.rejoin import wrap_width
from bot.text import fold

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
QUOC_HIEU = re.compile(
    r"c[ộo]ng\s+h[òo]a\s+x[ãa]\s+h[ộo]i\s+ch[ủu]\s+ngh[ĩi]a\s+vi[ệe]t\s+nam", re.I
)
DANG = re.compile(r"đảng\s+cộng\s+sản\s+việt\s+nam", re.I)
TIEU_NGU = re.compile(r"độc\s+lập\s*[-–—]\s*tự\s+do\s*[-–—]\s*hạnh\s+phúc", re.I)
# "Số: 185/KH-UBND", also typed with spaces around '/' and '-': "Số: 77 / KH - UBND"; and the
# Party's numbers, where a dash joins the number to the type code and the issuer follows the
# slash: "Số 31-CTr/TU", "Số 20-NQ/TW" (Party documents print "Số" without a colon).
_NUMBER = re.compile(
    r"\bSố\s*:?\s*(\d[\dA-Za-z]*(?:(?:\s*/\s*[\w.]+(?:\s*[-–]\s*[\w.]+)*)+"
    r"|\s*[-–]\s*[A-Za-zĐđ]\w*\s*/\s*[\w.]+))",
    re.I | re.UNICODE,
)
_PARTY_CODE = re.compile(r"^\d+-(\w+)/")  # "31-CTr/TU" → CTr
_PLACE_DATE = re.compile(
    r"(?:^|\s)([^\s,\d][^,\d]{0,40}?)\s*,\s*ngày\s+(\d{1,2})\s*(?:tháng|/)\s*(\d{1,2})\s*"
    r"(?:năm|/)\s*(\d{4})",
    re.I,
)
_YEAR_WRAPPED = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm$", re.I)
_BLANK_NUMBER = re.compile(r"\bSố\s*:\s*[._…\s]*/\s*\w", re.I)  # "Số:      /QĐ-UBND", a draft
# The first words of an organisation's name: in a header, a line starting so is a body of its
# own, and the one above it is its governing body ("LIÊN MINH HTX VIỆT NAM" over "LIÊN MINH
# HỢP TÁC XÃ TỈNH YÊN BÁI", "UBND HUYỆN X" over "PHÒNG NÔNG NGHIỆP", Nghị định 30/2020/NĐ-CP);
# a line starting with "TỈNH …" continues the name above it.
_ORGANISATION = re.compile(
    r"^(uy ban|ubnd|hoi dong|hdnd|so |phong |ban |lien minh|van phong|cuc |chi cuc|tong cuc|"
    r"trung tam|bo |vu |vien |truong |hoi |quy |tinh uy|thanh uy|huyen uy|dang uy|chinh phu|"
    r"thu tuong|quoc hoi|mat tran|doan |kho bac|ngan hang|thanh tra|bao hiem|cong ty|hop tac xa)"
)
_CENTRAL = re.compile(
    r"^(chinh phu|thu tuong|quoc hoi|uy ban thuong vu quoc hoi|bo |ban chap hanh trung uong|"
    r"lien minh hop tac xa viet nam|ban chi dao trung uong|van phong chinh phu)"
)
_BODY_START = re.compile(
    r"^(căn cứ|thực hiện|nhằm|để |kính gửi|theo |phần|chương|điều\s+\d|mục\s+\d|[IVX]+[.)]\s)",
    re.I,
)


_TRICH_YEU_START = re.compile(r"^thực hiện\s", re.I)
_QUOC_HIEU_WORDS = "cong hoa xa hoi chu nghia viet nam"


def _quoc_hieu_part(cell: str, rest: str) -> tuple[bool, str]:
    """Whether a header cell is part of a quốc hiệu a narrow column wrapped ("CỘNG HÒA XÃ HỘI
    CHỦ NGHĨA VIỆT" over "NAM"), and what of it is still to come."""
    words = " ".join(fold(cell).split())
    if rest and words == rest:
        return True, ""
    if len(words.split()) >= 4 and _QUOC_HIEU_WORDS.startswith(words):
        return True, _QUOC_HIEU_WORDS[len(words) :].strip()
    return False, rest


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


def _type_of_line(line: str) -> tuple[str, str] | None:
    """('Kế hoạch', rest) when the line is a document-type heading such as 'KẾ HOẠCH'."""
    text = squash(line)
    if not is_upper(text.split(":")[0]):
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
    if m := _PARTY_CODE.match(number):
        return _TYPE_BY_CODE.get(fold(m.group(1)), "Công văn")
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
    text = " ".join(_place_case(squash(p).lower()) for p in parts)
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
    return any(_LAYOUT_MARK.search(squash(x)) for r in rows for c in r for x in c.split("\n"))


def _is_cell_end(line: str) -> bool:
    """'|' alone, or a cell's last line closed by one ('Số: 2949/KH-UBND |')."""
    text = line.strip()
    return text.endswith("|") and text.count("|") == 1


def join_wrapped_cells(lines: list[str]) -> list[str]:
    """The header of a page whose layout table was copied as text: each cell's words wrapped
    over several lines and the cell closed by a '|' ('Số:' / '19/2013/QĐ-UBND' / '|',
    'Bà Rịa - Vũng' / 'Tàu, ngày 17 tháng 4 năm 2013' / '|'). Each cell becomes one line, up
    to the type line; a second body stacked in a cell ('UBND TỈNH X' over 'SỞ …') keeps its
    own line. Without such cells, only a bare 'Số:' is joined to the number under it."""
    end = next(
        (i for i, x in enumerate(lines[:45]) if _type_of_line(squash(x)) and "|" not in x), 0
    )
    if not any(_is_cell_end(x) for x in lines[:end]):
        out: list[str] = []
        for x in lines:
            if out and re.fullmatch(r"Số\s*:?", out[-1].strip(), re.I) and x.strip()[:1].isdigit():
                out[-1] = f"{out[-1].strip()} {x.strip()}"
            else:
                out.append(x)
        return out
    joined: list[str] = []
    cell: list[str] = []
    for x in lines[:end]:
        text = x.strip().rstrip("|").strip()
        if SEPARATOR.match(text) or (
            cell and _ORGANISATION.match(fold(text)) and _ORGANISATION.match(fold(cell[0]))
        ):
            joined += [" ".join(cell)] if cell else []
            cell = []
        if text and SEPARATOR.match(text):
            joined.append(text)
        elif text:
            cell.append(text)
        if _is_cell_end(x) and cell:
            joined.append(" ".join(cell))
            cell = []
    return joined + ([" ".join(cell)] if cell else []) + lines[end:]


def is_administrative(lines: list[str]) -> bool:
    """Whether the first lines carry an administrative header (quốc hiệu or Số + type)."""
    head = [squash(x) for x in join_wrapped_cells(lines[:45])[:30]]
    if any(QUOC_HIEU.search(x) or DANG.search(x) or TIEU_NGU.search(x) for x in head):
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
    wrapped = ""  # the words of a wrapped quốc hiệu still to come on the next line
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
        flat = squash(line)
        if m := _NUMBER.search(flat):
            header.doc_number = header.doc_number or _tidy_number(m.group(1))
        dated = flat
        if _YEAR_WRAPPED.search(flat) and i + 1 < len(lines):
            # a narrow header column wraps the year onto a line of its own: "…, ngày 14
            # tháng 01 năm" / "2025"
            dated = f"{flat} {squash(lines[i + 1])[:4]}"
        if m := _PLACE_DATE.search(_NUMBER.sub(" ", dated)):
            try:
                header.issued = header.issued or date(
                    int(m.group(4)), int(m.group(3)), int(m.group(2))
                )
            except ValueError:
                pass
            header.place = header.place or squash(m.group(1))
        if re.match(r"^V/v\b", flat, re.I):
            header.subject = header.subject or re.sub(r"^V/v\.?\s*", "", flat, flags=re.I)
        # (a copy may mark the header's columns with " / ": "UBND TỈNH BẮC NINH / CỘNG HÒA …")
        # (not "Số: 77 / KH - UBND", a number typed with spaces)
        parts = [re.split(r"\s+/\s+", _NUMBER.sub(" ", c)) for c in cells(line) or [flat]]
        for cell in [part for split in parts for part in split]:
            quoc_hieu, wrapped = _quoc_hieu_part(cell, wrapped)
            if quoc_hieu:
                continue
            cell = TIEU_NGU.sub("", DANG.sub("", QUOC_HIEU.sub("", cell))).strip(" -–_")
            cell = _NUMBER.sub("", cell)
            cell = _PLACE_DATE.sub("", cell).strip(" -–_,")
            if (
                not issuer_done
                and cell
                and is_upper(cell)
                and not SEPARATOR.match(cell)
                # "/QĐ-UBND" of a blank number; "3311 /KH-UBND", a number the spaces after
                # "Số:" cut off its line (no issuing body's name starts with a digit)
                and not re.match(r"^(số|v/v|/|\d)", cell, re.I)
                and len(cell.split()) <= 12
            ):
                issuer_parts.append(cell)
        if _NUMBER.search(flat) or _BLANK_NUMBER.search(flat) or re.match(r"^V/v\b", flat, re.I):
            issuer_done = True
    body_start = 0
    if type_at is not None:
        subject: list[str] = [header.subject] if header.subject else []
        body_start = _subject_end(lines, type_at + 1, subject, issuer_parts)
        # The authority that enacts a decision or resolution, printed under the trích yếu
        # ("ỦY BAN NHÂN DÂN TỈNH …", "HỘI ĐỒNG NHÂN DÂN TỈNH … / KHÓA X, KỲ HỌP THỨ BA",
        # "TRƯỞNG BAN CHỈ ĐẠO …", Nghị định 30/2020), is header, not a passage of its own.
        while body_start < min(type_at + 12, len(lines)) and _is_authority(lines[body_start]):
            body_start += 1
        if subject:
            joined = squash(" ".join(subject))
            header.subject = sentence_case(joined) if is_upper(joined) else joined
    else:
        # No type line (a công văn): the body starts after the last header line recognised.
        for i, line in enumerate(lines[:25]):
            flat = squash(line)
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


_AUTHORITY = re.compile(
    r"^(chu tich|pho chu tich|truong ban|giam doc|bo truong|thu tuong|ban thuong vu|"
    r"ban chap hanh|khoa [ivxlc\d]+\b)"
)


def _is_authority(line: str) -> bool:
    """An upper-case line naming the enacting authority or the council's term and session."""
    text = squash(line)
    folded = fold(text)
    return (
        is_upper(text)
        and len(text.split()) <= 20
        and not section_marker(text)
        and bool(_ORGANISATION.match(folded) or _AUTHORITY.match(folded))
    )


def _subject_end(lines: list[str], start: int, subject: list[str], issuer_parts: list[str]) -> int:
    """Read the trích yếu under the type line into `subject`; returns the first body line.

    The trích yếu is a few lines without a sentence end (Nghị định 30/2020/NĐ-CP); the body's
    first paragraph ends with one, often opens by naming the issuer, and in a PDF copy may be
    wrapped over several lines: a line is read together with the lines it wraps onto before
    deciding whether it is subject or body."""
    width = wrap_width(lines)
    opener = fold(issuer_parts[0]) if issuer_parts and len(issuer_parts[0].split()) >= 2 else None
    units: list[list[int]] = []  # runs of wrapped lines, as indexes
    stop = start  # the first line not read as a candidate
    for j in range(start, min(start + 8, len(lines))):
        text = squash(lines[j])
        stop = j
        opens = not subject and not units and bool(_TRICH_YEU_START.match(text))
        above = squash(lines[units[-1][-1]]) if units else (subject[-1] if subject else "")
        # "NÂNG CAO CHẤT LƯỢNG HOẠT ĐỘNG HỢP TÁC XÃ" / "GIAI ĐOẠN 2014 - 2016, TẦM NHÌN ĐẾN
        # NĂM 2020": a trích yếu in capitals goes on in capitals; the enacting authority and
        # "QUYẾT ĐỊNH:" under it do not
        caps_on = (
            is_upper(text)
            and is_upper(above)
            and not END_PUNCT.search(above)
            and not text.endswith(":")
            and not _is_authority(lines[j])
            and not _type_of_line(text)
        )
        if SEPARATOR.match(text):
            stop = j + 1  # the rule drawn under the trích yếu
            break
        # "… giai đoạn 2016" / "- 2018": a range cut at its dash, not a bullet
        range_cut = j > start and bool(
            re.search(r"\b(?:19|20)\d\d$", squash(lines[j - 1]))
            and re.match(r"[-–]\s*(?:19|20)\d\d\b", text)
        )
        if not range_cut and (
            # "theo Quyết định số 46/QĐ-UBND …" in lower case continues the trích yếu above;
            # "Thực hiện Nghị quyết …" right under a bare type line is the trích yếu itself,
            # however long (a body opening so is a sentence, and ends one below)
            (_BODY_START.match(text) and not (units and text[:1].islower()) and not opens)
            or section_marker(text)
            or BULLET.match(text)
            or is_table_line(lines[j])
            or (is_upper(text) and (subject or units) and not caps_on)
            or (len(text.split()) > 30 and not opens)
            or (opener and fold(text).startswith(opener))
        ):
            break
        prev = squash(lines[units[-1][-1]]) if units else ""
        joins = bool(prev) and not END_PUNCT.search(prev)
        joins = joins and (
            range_cut
            or caps_on
            or text[:1].islower()
            or text[:1] in "(,;"
            or (width is not None and len(prev) >= 0.85 * width)
        )
        if joins:
            units[-1].append(j)
        else:
            units.append([j])
        stop = j + 1
    for unit in units:
        if SENTENCE_END.search(squash(lines[unit[-1]])) or len(subject) + len(unit) > 4:
            return unit[0]  # a sentence: the body's first paragraph
        subject.extend(squash(lines[k]) for k in unit)
    return stop


def header_passage(lines: list[str]) -> str:
    """The header in the document's own words (issuer, number, place and date, type and
    subject) without quốc hiệu, tiêu ngữ and rules: what "Kế hoạch 185/KH-UBND" is about."""
    parts: list[str] = []
    for line in lines:
        for cell in cells(line) or [line]:
            cell = TIEU_NGU.sub("", DANG.sub("", QUOC_HIEU.sub("", cell))).strip(" _")
            # rules and dashes go, but not the dash of a range cut at it ("2016" / "- 2018")
            cell = re.sub(r"^[-–_\s]+(?![-–_\s\d])|[-–_\s]+$", "", cell)
            if cell and not SEPARATOR.match(cell):
                parts.append(squash(cell))
    return " ".join(parts)

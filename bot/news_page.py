"""A news page copied from a website → `Article`: the site's furniture (menus, counters,
related links, bylines) left out, the headline, publisher, date and province found."""

from __future__ import annotations

import re

from bot import gazetteer
from bot.article_meta import (
    DATE_PATTERNS,
    NATIONAL_SCOPES,
    about_country,
    detect_province,
    field_date,
    field_province,
    parse_date,
)
from bot.corpus import SECTION_SEPARATOR, Article, CorpusError, Paragraph
from bot.layout.lines import cells, is_table_line, section_marker
from bot.layout.rejoin import rejoin, wrap_width
from bot.layout.tables import ruled_header, second_header, table_blocks, table_rows
from bot.text import fold

# Lines that are site furniture, never content. Matched on the folded line start.
_BOILERPLATE_PREFIXES = tuple(
    fold(p)
    for p in (
        "Thống kê truy cập",
        "Hôm nay:",
        "Đã truy cập",
        "Số người trực tuyến",
        "Số lượt xem",
        "Lượt xem",
        "Lượt truy cập",
        "Tổng lượt truy cập",
        "Khách trực tuyến",
        "Đang trực tuyến",
        "Đang online",
        "Liên kết web",
        "Website liên kết",
        "Các tin khác",
        "Tin khác",
        "Tin Nóng",
        "Tin tiêu điểm",
        "Tin liên quan",
        "Lịch công tác",
        "Tìm kiếm",
        "Chịu trách nhiệm",
        "Giấy phép",
        "Ghi rõ nguồn",
        "Copyright",
        "Bản quyền",
        "Điện thoại",
        "Fax",
        "Email",
        "Địa chỉ:",
        "Dịch vụ công",
        "CSDL",
        "Thăm dò",
        "Màu chữ",
        "Cỡ chữ",
        "In bài",
        "Chia sẻ",
        "Đính kèm",
        "Tải về",
        "Trang chủ",
        "Cổng thông tin điện tử",
    )
)
_END_MARKERS = tuple(
    fold(p)
    for p in ("Các tin khác", "Tin khác", "Tin liên quan", "Liên kết web", "Website liên kết")
)
_BOILERPLATE_EXACT = {fold(x) for x in ("ĐK", "null", "Bình luận", "Lượt xem")}
_SENTENCE_END = re.compile(r"""[.…:;!?"”)\]]\s*$|\.\s*/\s*\.?\s*$""")
_PUBLISHER_RE = re.compile(
    r"^(liên minh (hợp tác xã|htx)|cổng thông tin|ban tuyên giáo|phòng .*ban tuyên giáo|báo |"
    r"đài |sở |ủy ban nhân dân|ubnd)",
    re.IGNORECASE,
)
_TRAILING_BYLINE = re.compile(r"\s{4,}(\S.{0,60})$")
_WHITESPACE_RUN = re.compile(r"\s{4}")
_SOURCE_PREFIX = re.compile(r"^\((Cổng TTĐT|TTXVN|Chinhphu\.vn|[^()]{2,25})\)\s+")

_EDGE_SPACES = re.compile(r"^[^\S\t]+|[^\S\t]+$")
_HEAD = 80  # folding a line's head is enough to recognise every boilerplate marker


def _is_boilerplate(line: str, head: str) -> bool:
    """`head` is fold(line[:_HEAD]): folding whole lines three times was a hot spot at 10^5."""
    if re.fullmatch(r"[\d\s.:,/-]*", line) and "\t" not in line:
        return True  # a counter or a date alone; not a table's header of years ("\t2003\t2018")
    return head.strip() in _BOILERPLATE_EXACT or head.lstrip().startswith(_BOILERPLATE_PREFIXES)


def _is_body(line: str) -> bool:
    # Photo captions, bylines and section labels are short and lack a sentence end.
    words = len(line.split())
    return words >= 45 or (words >= 8 and bool(_SENTENCE_END.search(line)))


_ITEM = re.compile(r"^[-+•*–]\s*\S")
_CAPTION = re.compile(r"^(ảnh|anh|nguồn|nguon|video|clip|tin liên quan|xem thêm)\b", re.I)


def _is_item(line: str) -> bool:
    """A list item stating a figure ("- Số tổ hợp tác: 71.000 THT;"), however short."""
    return bool(_ITEM.match(line)) and bool(re.search(r"\d", line)) and len(line.split()) >= 3


# A fact box's line: "HTX đang hoạt động: 167", "Vốn điều lệ HTX: trên 140 tỷ đồng" (not a
# date or a time: "Cập nhật: 25/03/2020 10:05")
_STAT_LINE = re.compile(
    r"^[^\d:]{3,80}:\s*(?:khoảng|trên|gần|hơn|dưới|tối đa|tối thiểu|đạt)?\s*\d[\d.,]*"
    r"(?![\d.,]|\s*[/:h]\s*\d)(?:\s*(?:%|[^\W\d][\w /%]{0,30}))?[.;]?$",
    re.IGNORECASE,
)


def _is_stat_line(line: str) -> bool:
    """A short line stating one figure after its label, as a fact box lists them."""
    return bool(_STAT_LINE.match(line)) and not _CAPTION.match(line)


def _is_subheading(line: str) -> bool:
    """A news page's subheading between paragraphs ("So sánh với năm 2021"): a few words, no
    sentence end, not a caption or a source line."""
    words = len(line.split())
    return 2 <= words <= 12 and not _SENTENCE_END.search(line) and not _CAPTION.match(line)


def _is_numbered_heading(line: str) -> bool:
    """A numbered heading ("1. Tổ hợp tác và hợp tác xã giai đoạn 2011 - 2015"), as a
    document's section heading is told: its marker, up to 14 words, no sentence end."""
    found = section_marker(line)
    return bool(found) and len(found[2].split()) <= 14 and not _SENTENCE_END.search(line)


def _is_short_lead(line: str) -> bool:
    """A short line ending with ':' that a list follows ("Số liệu toàn quốc ước năm 2022:")."""
    return line.rstrip().endswith(":") and 2 <= len(line.split()) <= 15 and not _CAPTION.match(line)


def _lead_in(paragraph: str) -> str:
    """The sentence a paragraph ending with ':' leads a list with, else ''."""
    if not paragraph.rstrip().endswith(":"):
        return ""
    last = re.split(r"(?<=[.;!?])\s+", paragraph.rstrip(" :"))[-1]
    return last if len(last) <= 160 else last[:157].rsplit(" ", 1)[0] + "…"


def _is_row(line: str) -> bool:
    """A TAB or pipe row, or a row whose cells runs of spaces part, as copied from a PDF or a
    fixed-width box ("HTX đang hoạt động               520")."""
    return is_table_line(line) or len(cells(line)) >= 2


def _table_end(raw: list[str], start: int) -> int:
    """Where a text table of figures starting at `start` ends (`start` when none starts there):
    a run of TAB, pipe or space-aligned rows, two with two cells or more (a header and a row),
    a figure below the header, no row of site furniture ("Trang chủ | Tin tức", "Hôm nay: 120
    | Tổng: 4.567"). A single tabbed line is a paragraph with a stray tab, not a table."""
    kind = raw[start].count("|") >= 2
    end = start
    while end < len(raw) and _is_row(raw[end]) and (raw[end].count("|") >= 2) == kind:
        if kind and second_header(raw, start, end):
            break
        end += 1
    block = raw[start:end]
    if sum(len(cells(x)) >= 2 for x in block) < 2 or not any(
        re.search(r"\d", x) for x in block[1:]
    ):
        return start
    heads = [fold(c[:_HEAD]) for x in block for c in cells(x)[:1]]
    if any(h in _BOILERPLATE_EXACT or h.startswith(_BOILERPLATE_PREFIXES) for h in heads):
        return start
    return end


def _clean_body_line(line: str) -> str:
    line = line.rstrip()
    # A byline sits in the last ~65 characters: search only there (whole lines were a hot spot).
    if _WHITESPACE_RUN.search(line, max(0, len(line) - 66)):
        line = _TRAILING_BYLINE.sub("", line)  # "... kịp thời.        CTV Thanh Tâm"
    line = _SOURCE_PREFIX.sub("", line.strip())
    return " ".join(line.split())


def _sentence_case(line: str) -> str:
    """'CỔNG THÔNG TIN ... TỈNH BẠC LIÊU' → 'Cổng thông tin ... tỉnh Bạc Liêu'."""
    out = line.lower().capitalize().replace("liên minh hợp tác xã", "Liên minh Hợp tác xã")
    for prov in gazetteer.find_provinces(out):
        out = re.sub(re.escape(prov.name.lower()), prov.name, out)
    return out


# A web portal's or paper's own name, which old pages give as their <title> or print above the
# headline: "Cổng thông tin điện tử tỉnh Vĩnh Phúc - Tin kinh tế", "Cổng thông tin - Chuyên mục
# Tin bài tổng hợp"
_SITE_NAME = re.compile(r"(cong|trang) thong tin\b|trang tin dien tu\b|chuyen muc\b")


def is_site_name(line: str) -> bool:
    """Whether a page's title or a line above its headline is the site's name, not a headline."""
    return bool(_SITE_NAME.match(fold(line).strip(" |")))


def _not_headline(line: str, following: list[str]) -> bool:
    """Whether a line above a news page's headline is the site's section name ("KINH TẾ -
    CHÍNH SÁCH", "Văn hóa - Giải trí") or its dateline ("Thứ Sáu, 20/09/2024 - 08:15") rather
    than the headline: a dateline always; a short label when a longer line follows soon."""
    words = line.split()
    if is_site_name(line):
        return True
    if line.count("|") >= 2 and all(len(x.split()) <= 4 for x in line.split("|")):
        return True  # the site's menu: "BNEWS | Tin tức | Kinh tế | Địa phương"
    undated = DATE_PATTERNS[0].sub("", line)
    if parse_date(line) and len(re.findall(r"[^\W\d_]{2,}", undated)) <= 3:
        return True
    letters = [c for c in line if c.isalpha()]
    upper = bool(letters) and sum(c.isupper() for c in letters) >= 0.9 * len(letters)
    short_label = len(words) <= 5 and not _SENTENCE_END.search(line)
    longer_next = any(len(f.split()) >= 7 and not parse_date(f[:40]) for f in following)
    # ("HỎI ĐÁP PHÁP LUẬT - HỢP TÁC XÃ": a section's name of a few parts is a label too)
    sections = upper and " - " in line and len(words) <= 9
    return (upper and len(words) <= 6 or sections or short_label) and longer_next


def news_article(
    article_id: str, body_text: str, fields: dict[str, str], warnings: list[str]
) -> Article:
    """A news page's body (its `---` header already read into `fields`) → Article, without its
    digest; raises CorpusError when no paragraph of content is left."""
    # Spaces stripped, tabs kept: they split a table's cells (trailing ones are the empty
    # cells of a group row).
    raw = [_EDGE_SPACES.sub("", ln) for ln in body_text.split("\n")]
    if wrap_width(raw) is not None:
        # text copied from a PDF or a print view: its lines break mid-sentence, and a
        # sentence cut in two loses what its figures are (the first half names them)
        raw = rejoin(raw)  # table rows are kept as they are
    raw = [ln for ln in raw if ln.strip()]
    lines = [ln.strip() for ln in raw]

    title = fields.get("title", "")
    body_lines: list[str] = []
    sections: list[str] = []  # the subheading and lead-in each body line reads under (context)
    rows: list[str] = []  # a table row's section (heading › caption), as a document's rows have
    heading = lead = ""
    header_zone: list[str] = []
    publishers: list[str] = []
    title_head = fold(title[:_HEAD])
    ended = False  # after "Các tin khác" / "Liên kết web" only the footer (publisher) matters
    table_end = 0  # the lines before it were read as a table
    caption = ""  # the short line naming the table below it
    for i, line in enumerate(lines):
        if i < table_end:
            continue
        cleaned = re.sub(r"^null\s+", "", line)
        head = fold(cleaned[:_HEAD])
        boilerplate = _is_boilerplate(cleaned, head)
        if boilerplate and body_lines and head.startswith(_END_MARKERS):
            ended = True
        if title and not ended and not boilerplate and (end := _table_end(raw, i)) > i:
            # A table copied as TAB or pipe rows (a yearbook's "Chỉ tiêu | Đơn vị | 2001 | …")
            # is read row by row with its column headers, as in an administrative document.
            # (a short lead-in right above it names it too: "Số liệu tóm tắt (đến 30/6/2021):")
            named = lead if lines[i - 1].rstrip(" :") == lead and len(lead.split()) <= 12 else ""
            at = tuple(x for x in (heading, caption or named) if x)
            for block in table_blocks(table_rows(raw[i:end]), at, ruled_header(raw[i:end])):
                body_lines.append(block.text)
                sections.append("")
                rows.append(SECTION_SEPARATOR.join(block.section))
            table_end, lead, caption = end, "", ""
            continue
        if (
            title
            and not boilerplate
            and not ended
            and not _is_numbered_heading(cleaned)
            and _is_subheading(cleaned)
            and i + 1 < len(lines)
            and _table_end(raw, i + 1) > i + 1
        ):
            caption = cleaned  # "Biểu 22. Số hợp tác xã của tỉnh" names the table below it
            continue
        caption = ""
        if not title and not boilerplate and len(cleaned.split()) >= 4:
            if not body_lines and _not_headline(cleaned, lines[i + 1 : i + 16]):
                header_zone.append(cleaned)  # "KINH TẾ - CHÍNH SÁCH", "Thứ Sáu, 20/09/2024"
                continue
            title = cleaned
            title_head = head
            continue
        if title and head == title_head and fold(cleaned) == fold(title):
            continue  # the title repeated by the page template
        if (
            not boilerplate
            and not ended
            and body_lines
            and (_is_item(cleaned) or _is_stat_line(cleaned))
        ):
            # "- Số tổ hợp tác: 71.000 THT;": a short item of a list is content, read under
            # the sentence that leads the list ("Số liệu toàn quốc ước năm 2022:").
            body_lines.append(_clean_body_line(cleaned))
            sections.append(SECTION_SEPARATOR.join(x for x in (heading, lead) if x))
            rows.append("")
            continue
        if not boilerplate and not ended and _is_body(cleaned):
            body_lines.append(_clean_body_line(cleaned))
            sections.append(heading)
            rows.append("")
            lead = _lead_in(body_lines[-1])
            continue
        # A numbered heading ("1. Số hợp tác xã giai đoạn 2001 - 2009") heads what follows even
        # above the first paragraph, where other short lines are the page's header.
        numbered = bool(title) and _is_numbered_heading(cleaned)
        subheading = numbered or (bool(body_lines) and _is_subheading(cleaned))
        if not boilerplate and not ended and subheading:
            heading, lead = cleaned, ""  # "Mục tiêu đến năm 2025": what the next lines are about
        elif not boilerplate and not ended and body_lines and _is_short_lead(cleaned):
            lead = cleaned.rstrip(" :")  # "Số liệu toàn quốc ước năm 2022:" leads a list
        if not body_lines:
            header_zone.append(cleaned)
        if _PUBLISHER_RE.match(cleaned) and len(cleaned.split()) <= 14:
            publishers.append(_sentence_case(cleaned) if cleaned.isupper() else cleaned)
    # Prefer a publisher line that names its province over a bare "Liên minh HTX tỉnh".
    named = [p for p in publishers if gazetteer.find_provinces(p)]
    publisher = fields.get("publisher") or next(iter(named + publishers), None)
    if not body_lines:
        raise CorpusError("không có đoạn văn nội dung nào")

    article_date = field_date(fields, warnings)
    if article_date is None:
        for line in header_zone:
            if len(line) <= 60 and (article_date := parse_date(line)):
                break

    province = field_province(fields, warnings)
    if province is None:
        province = detect_province(title, body_lines)

    paragraphs = [
        Paragraph(article_id, i, t, section=row, context=section)
        for i, (t, section, row) in enumerate(zip(body_lines, sections, rows, strict=True), 1)
    ]
    national = fields.get("scope", "").lower() in NATIONAL_SCOPES or about_country(
        province, body_lines
    )
    return Article(
        id=article_id,
        title=title,
        date=article_date,
        publisher=publisher,
        province=province,
        paragraphs=paragraphs,
        digest="",
        warnings=warnings,
        source=fields.get("source"),
        national=national,
    )

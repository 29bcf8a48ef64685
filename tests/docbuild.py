"""Real .docx, .pdf and .html files built from a development document's text, laid out the
way such documents are published: the two-column header and the signature block as a
borderless Word table, indicator tables as real tables, a PDF with justified hard-wrapped body
text, ruled table cells and page numbers, an HTML page with site furniture around the text."""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD = FONT.with_name("DejaVuSans-Bold.ttf")

_RIGHT_COLUMN = re.compile(r"CỘNG HÒA|Độc lập|, ngày\s+\d")
_TYPE_LINE = re.compile(r"^\s*(KẾ HOẠCH|BÁO CÁO|QUYẾT ĐỊNH|NGHỊ QUYẾT|ĐỀ ÁN|CHƯƠNG TRÌNH)\s*$")
_CLOSING = re.compile(r"^(TM\.|KT\.|Nơi nhận)")
_RULE = re.compile(r"^-{3,}$")
# Where content starts again after the signature: "PHỤ LỤC", "Biểu 01.", the title of the
# plan a decision issues ("KẾ HOẠCH" over "(Ban hành kèm theo …)")
_ANNEX = re.compile(
    r"^(PHỤ LỤC|Phụ lục|PHỤ BIỂU|(Biểu|Bảng)(\s+số)?\s*\d+|KẾ HOẠCH|QUY ĐỊNH|ĐỀ ÁN|CHƯƠNG TRÌNH)\b"
)


@dataclass
class Document:
    """A development document cut along its layout."""

    left: list[str]  # issuing body, "Số: …"
    right: list[str]  # quốc hiệu, tiêu ngữ, place and date
    body: list[tuple[str, object]]  # ("p", text) or ("table", rows)
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận:" and its list
    signature: list[str] = field(default_factory=list)  # TM./KT., title, name
    # content after the closing block: an appendix, an annexed table, an attached plan
    annex: list[tuple[str, object]] = field(default_factory=list)


def _spaced(line: str, gap: int = 3) -> bool:
    """A row of a table aligned with runs of spaces: three cells or more."""
    cells = re.split(rf"\s{{{gap},}}", line.strip())
    return "|" not in line and "\t" not in line and len(cells) >= 3


def split(text: str) -> Document:
    raw = text.split("\n")
    lines = [x.strip() for x in raw]
    at = next(i for i, x in enumerate(lines) if _TYPE_LINE.match(x))
    left: list[str] = []
    right: list[str] = []
    for x in lines[:at]:
        if not x:
            continue
        column = right if _RIGHT_COLUMN.search(x) or (_RULE.match(x) and right) else left
        column.append(x)
    end = next(
        (i for i in range(at, len(lines)) if _CLOSING.match(lines[i])),
        len(lines),
    )
    resume = next((i for i in range(end, len(lines)) if _ANNEX.match(lines[i])), len(lines))
    body = _body(raw, lines, at, end)
    recipients: list[str] = []
    signature: list[str] = []
    target = signature
    for x in lines[end:resume]:
        if x.startswith("Nơi nhận"):
            target = recipients
        elif x.startswith(("TM.", "KT.")) and target is recipients and not signature:
            target = signature
        if x:
            target.append(x)
    return Document(left, right, body, recipients, signature, _body(raw, lines, resume, len(lines)))


def _body(raw: list[str], lines: list[str], start: int, end: int) -> list[tuple[str, object]]:
    """Paragraphs and tables (pipe, TAB or space-aligned) of lines[start:end]."""
    body: list[tuple[str, object]] = []
    i = start
    while i < end:
        if lines[i].startswith("|"):
            rows = []
            while i < end and lines[i].startswith("|"):
                if not re.fullmatch(r"\|[-| :]+\|", lines[i]):
                    rows.append([c.strip() for c in lines[i].strip("|").split("|")])
                i += 1
            body.append(("table", rows))
            continue
        if "\t" in raw[i].strip(" \r"):
            # a TAB table (as copied out of Word): a table in the built file too, its leading
            # empty cell ("\t2003\t2018") kept
            rows = []
            while i < end and "\t" in raw[i].strip(" \r"):
                rows.append([c.strip() for c in raw[i].strip(" \r").split("\t")])
                i += 1
            width = max(len(r) for r in rows)
            body.append(("table", [r + [""] * (width - len(r)) for r in rows]))
            continue
        if _spaced(raw[i]) and i + 1 < end and _spaced(raw[i + 1]):
            # a table aligned with spaces (typed, or copied out of a PDF): a table in the
            # built file, each row cut into the columns the alignment gives
            from bot.layout.rejoin import aligned_cells

            block = []
            # (a row whose label is two spaces from the next cell goes on with it, as the
            # reader takes it)
            while i < end and (_spaced(raw[i]) or (block and _spaced(raw[i], gap=2))):
                block.append(raw[i].rstrip())
                i += 1
            body.append(("table", aligned_cells(block)))
            continue
        if lines[i]:
            body.append(("p", lines[i]))
        i += 1
    return body


# --- .docx ---------------------------------------------------------------------------------


def docx_bytes(text: str, extra_table: list[list[str]] | None = None) -> bytes:
    from docx import Document as Word

    doc = split(text)
    word = Word()
    head = word.add_table(rows=2, cols=2)  # the default style has no borders
    issuer = [x for x in doc.left if not x.startswith("Số")]
    number = [x for x in doc.left if x.startswith("Số")]
    place = [x for x in doc.right if ", ngày" in x]
    nation = [x for x in doc.right if x not in place]
    for cell, lines in zip(
        [*head.rows[0].cells, *head.rows[1].cells], (issuer, nation, number, place), strict=True
    ):
        _fill(cell, lines)

    def put(items: list[tuple[str, object]]) -> None:
        for kind, value in items:
            if kind == "p":
                word.add_paragraph(value)
                continue
            table = word.add_table(rows=0, cols=len(value[0]))
            table.style = "Table Grid"
            for row in value:
                for cell, cell_text in zip(table.add_row().cells, row, strict=False):
                    cell.text = cell_text

    put(doc.body)
    if extra_table:
        word.add_paragraph("Bảng phụ. Kết quả hỗ trợ")
        table = word.add_table(rows=0, cols=len(extra_table[0]))
        table.style = "Table Grid"
        for row in extra_table:
            for cell, cell_text in zip(table.add_row().cells, row, strict=True):
                cell.text = cell_text
    if doc.recipients or doc.signature:
        closing = word.add_table(rows=1, cols=2)
        _fill(closing.rows[0].cells[0], doc.recipients)
        _fill(closing.rows[0].cells[1], doc.signature)
    put(doc.annex)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _fill(cell, lines: list[str]) -> None:
    cell.paragraphs[0].text = lines[0] if lines else ""
    for x in lines[1:]:
        cell.add_paragraph(x)


# --- .pdf ----------------------------------------------------------------------------------


def pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    class Paged(FPDF):
        def footer(self) -> None:  # a page number at the foot of every page
            self.set_y(-15)
            self.set_font("dejavu", size=9)
            self.cell(0, 8, str(self.page_no()), align="C")

    doc = split(text)
    pdf = Paged(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.add_font("dejavu", style="B", fname=str(BOLD))
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    pdf.set_font("dejavu", size=11)
    top = pdf.get_y()
    for x in doc.left:
        pdf.cell(75, 6, x, align="C", new_x="LEFT", new_y="NEXT")
    left_end = pdf.get_y()
    pdf.set_xy(90, top)
    for x in doc.right:
        pdf.cell(110, 6, x, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.l_margin, max(left_end, pdf.get_y()) + 6)

    def put(items: list[tuple[str, object]]) -> None:
        for kind, value in items:
            if kind == "p":
                centred = _TYPE_LINE.match(value)
                pdf.set_font("dejavu", style="B" if centred else "", size=11)
                pdf.multi_cell(0, 6, value, align="C" if centred else "J")
                pdf.ln(1)
                continue
            pdf.set_font("dejavu", size=9)
            with pdf.table(text_align="LEFT", line_height=5) as table:
                for row in value:
                    cells = table.row()
                    for cell_text in row:
                        cells.cell(cell_text)
            pdf.set_font("dejavu", size=11)
            pdf.ln(2)

    put(doc.body)
    if doc.recipients or doc.signature:  # "Nơi nhận" on the left, the signature on the right
        pdf.ln(4)
        if pdf.get_y() > pdf.h - 70:
            pdf.add_page()
        top = pdf.get_y()
        for x in doc.signature:
            pdf.set_x(110)
            pdf.cell(90, 6, x, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_xy(pdf.l_margin, top)
        pdf.set_font("dejavu", size=9)
        for x in doc.recipients:
            pdf.cell(80, 5, x, new_x="LMARGIN", new_y="NEXT")
    if doc.annex:  # an appendix or an attached plan starts on a page of its own
        pdf.add_page()
        pdf.set_font("dejavu", size=11)
        put(doc.annex)
    return bytes(pdf.output())


def image_only_pdf_bytes() -> bytes:
    """A 'scan': a page with drawn shapes and no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for i in range(12):
        pdf.rect(20, 20 + 12 * i, 170 - 9 * i, 6, style="F")
    return bytes(pdf.output())


# --- .html ---------------------------------------------------------------------------------


def html_bytes(text: str, site: str = "Cổng thông tin điện tử tỉnh") -> bytes:
    doc = split(text)
    esc = html.escape
    parts = [
        "<table class='doc-header'><tr>"
        f"<td>{'<br>'.join(map(esc, doc.left))}</td>"
        f"<td>{'<br>'.join(map(esc, doc.right))}</td></tr></table>"
    ]

    def put(items: list[tuple[str, object]]) -> None:
        for kind, value in items:
            if kind == "p":
                parts.append(f"<p>{esc(value)}</p>")
                continue
            head, *rows = value
            cells = "".join(f"<th>{esc(c)}</th>" for c in head)
            body = "".join(
                "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows
            )
            parts.append(f"<table class='data'><thead><tr>{cells}</tr></thead>{body}</table>")

    put(doc.body)
    if doc.recipients or doc.signature:
        parts.append(
            "<table class='doc-sign'><tr>"
            f"<td>{'<br>'.join(map(esc, doc.recipients))}</td>"
            f"<td>{'<br>'.join(map(esc, doc.signature))}</td></tr></table>"
        )
    put(doc.annex)
    article = "\n".join(parts)
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Văn bản chỉ đạo điều hành - {esc(site)}</title></head>
<body>
<div id="top">Thứ Hai, 10/3/2025 | <a href="/dang-nhap">Đăng nhập</a></div>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/van-ban">Văn bản</a></li><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li></ul></nav>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/van-ban">Văn bản chỉ đạo</a></div>
<main><article class="doc-content">
{article}
</article></main>
<aside><h3>Văn bản mới</h3><ul>
<li><a href="/vb/1">Thông báo lịch tiếp công dân tháng 3</a></li>
<li><a href="/vb/2">Kế hoạch tổ chức hội nghị xúc tiến đầu tư</a></li></ul>
<h3>Thống kê truy cập</h3><p>Hôm nay: 1.204</p></aside>
<footer><p>{esc(site)}. Chịu trách nhiệm: Chánh Văn phòng UBND tỉnh.</p>
<p>Điện thoại: 0212 3852 000. Email: vanphong@example.gov.vn</p></footer>
</body></html>"""
    return page.encode("utf-8")

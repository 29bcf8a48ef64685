"""File formats → plain text: .txt/.md as they are, .html (trafilatura), .pdf (pdfplumber),
.docx (python-docx). Tables come out as pipe rows, which ``bot.layout`` reads row by row."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus import CorpusError, decode

SUPPORTED = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
HINT = "hãy gửi tệp .txt, .md, .html, .pdf (có lớp chữ) hoặc .docx"


@dataclass
class Converted:
    """The text of a document and what its container said about it (title, date, site)."""

    text: str
    format: str  # txt, html, pdf, docx
    fields: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def kind_of(name: str, content_type: str | None = None) -> str:
    """The format of a file from its name, or from an HTTP content type."""
    suffix = Path(name).suffix.lower()
    if content_type:
        ct = content_type.split(";")[0].strip().lower()
        by_type = {
            "text/html": "html",
            "application/xhtml+xml": "html",
            "text/plain": "txt",
            "text/markdown": "txt",
            "application/pdf": "pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
            "application/msword": "doc",
        }
        if ct in by_type:
            return by_type[ct]
    return {
        ".txt": "txt",
        ".md": "txt",
        ".html": "html",
        ".htm": "html",
        ".pdf": "pdf",
        ".docx": "docx",
        ".doc": "doc",
    }.get(suffix, suffix.lstrip(".") or "unknown")


def convert(data: bytes, name: str, content_type: str | None = None) -> Converted:
    """Bytes of a document → its text; CorpusError (Vietnamese) says what to do instead."""
    kind = kind_of(name, content_type)
    if kind == "txt":
        return Converted(decode(data, name), "txt")
    if kind == "html":
        return _html(data)
    if kind == "pdf":
        return _pdf(data)
    if kind == "docx":
        return _docx(data)
    if kind == "doc":
        raise CorpusError(
            "tệp Word cũ (.doc) chưa đọc được: hãy mở bằng Word hoặc LibreOffice và lưu "
            "thành .docx hoặc PDF rồi gửi lại"
        )
    raise CorpusError(f"định dạng {Path(name).suffix or kind!r} chưa hỗ trợ; {HINT}")


def _html(data: bytes) -> Converted:
    import trafilatura

    try:
        html = data.decode("utf-8")
    except UnicodeDecodeError:
        html = data.decode("cp1258", errors="replace")
    doc = trafilatura.bare_extraction(
        html, include_tables=True, with_metadata=True, favor_recall=True
    )
    if doc is None or not (doc.text or "").strip():
        raise CorpusError("trang web không có nội dung bài viết đọc được")
    fields = {}
    if doc.title:
        fields["title"] = doc.title
    if doc.date:
        fields["date"] = doc.date
    if doc.sitename:
        fields["publisher"] = doc.sitename
    text = decode(doc.text.encode("utf-8"), "html")
    lines = text.split("\n")
    if lines and doc.title and lines[0].strip() == doc.title.strip():
        text = "\n".join(lines[1:])  # the headline is the title, not a passage
    return Converted(text, "html", fields)


def _pdf(data: bytes) -> Converted:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                tables = page.find_tables()
                boxes = [t.bbox for t in tables]

                def outside(obj, boxes=boxes) -> bool:
                    x0, top = obj.get("x0", 0), obj.get("top", 0)
                    return not any(b[0] <= x0 <= b[2] and b[1] <= top <= b[3] for b in boxes)

                text = page.filter(outside).extract_text() or ""
                rows = [_pipe_row(r) for t in tables for r in t.extract() if any(r)]
                # Tables go after the page's text: their place inside the page is lost, but
                # every row is kept with its header.
                pages.append("\n".join([text, *rows]))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise CorpusError(f"tệp PDF hỏng hoặc không đọc được ({type(exc).__name__})") from exc
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < 20:
        raise CorpusError(
            "PDF không có lớp chữ (bản scan): hãy gửi bản .docx hoặc PDF xuất từ Word, hoặc "
            "dán nội dung vào tệp .txt"
        )
    return Converted(decode(text.encode("utf-8"), "pdf"), "pdf")


def _pipe_row(cells: list[str | None]) -> str:
    return "| " + " | ".join(" ".join((c or "").split()) for c in cells) + " |"


def _docx(data: bytes) -> Converted:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise CorpusError("tệp .docx hỏng hoặc không phải Word") from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.extend(_docx_table(Table(child, document)))
    text = "\n".join(lines)
    if not text.strip():
        raise CorpusError("tệp .docx không có chữ")
    return Converted(decode(text.encode("utf-8"), "docx"), "docx")


def _docx_table(table) -> list[str]:
    """A data table as pipe rows; a layout table (the two-column header or signature block of
    an administrative document) as its cells' lines, column by column."""
    rows = []
    for row in table.rows:
        seen: list[object] = []
        cells = []
        for cell in row.cells:  # merged cells repeat: keep each once
            if any(cell._tc is s for s in seen):
                continue
            seen.append(cell._tc)
            cells.append(cell)
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    numeric = sum(bool(re.search(r"\d", c.text)) for r in rows for c in r)
    layout = width <= 2 and len(rows) <= 4 and numeric <= 2 * len(rows)
    if layout:
        out: list[str] = []
        for col in range(width):
            for r in rows:
                if col < len(r):
                    out.extend(p.text for p in r[col].paragraphs if p.text.strip())
        return out
    return [_pipe_row([c.text for c in r]) for r in rows]

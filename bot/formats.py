"""File formats → plain text: .txt/.md as they are, .html (trafilatura), .pdf (pdfplumber),
.docx (python-docx). Tables come out as pipe rows, which ``bot.layout`` reads row by row."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from bot.corpus import CorpusError
from bot.corpus_load import decode
from bot.layout.header import is_administrative, is_layout_table
from bot.layout.lines import BULLET
from bot.news_page import is_site_name

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


_HEADING_TAG = re.compile(r"<h([12])\b[^>]*>(.*?)</h\1\s*>", re.I | re.S)


def _headline(html: str) -> str | None:
    """The page's first h1 or h2 that reads as a headline (four words or more, no site name)."""
    for m in _HEADING_TAG.finditer(html):
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", m.group(2))).split())
        if len(text.split()) >= 4 and not is_site_name(text):
            return text
    return None


def _html(data: bytes) -> Converted:
    import trafilatura

    try:
        html = data.decode("utf-8")
    except UnicodeDecodeError:
        html = data.decode("cp1258", errors="replace")
    doc = trafilatura.bare_extraction(
        _unfold_layout_tables(html), include_tables=True, with_metadata=True, favor_recall=True
    )
    if doc is None or not (doc.text or "").strip():
        raise CorpusError("trang web không có nội dung bài viết đọc được")
    text = decode(doc.text.encode("utf-8"), "html")
    lines = text.split("\n")
    fields = {}
    if doc.sitename:
        fields["publisher"] = doc.sitename
    if is_administrative(lines):
        # The page's title and a date guessed from the page describe the page; the document's
        # own header says what it is and when it was issued.
        return Converted(text, "html", fields)
    if doc.title and not is_site_name(doc.title):
        fields["title"] = doc.title
    elif headline := _headline(html):
        fields["title"] = headline  # an old portal's <title> names the portal, its <h2> the news
        if doc.title and "publisher" not in fields:
            fields["publisher"] = doc.title.split(" - ")[0].strip()
    if doc.date:
        fields["date"] = doc.date
    if lines and fields.get("title") and lines[0].strip() == doc.title.strip():
        lines = lines[1:]  # the headline is the title, not a passage
    return Converted("\n".join(_with_lead_and_captions(html, lines)), "html", fields)


# Vietnamese news pages put the lead ("sapo": who, what, when) in its own block above the
# body and the facts of a photo ("Ông X phát biểu khai mạc hội nghị") in its caption;
# trafilatura keeps only the body.
_LEAD_CLASS = re.compile(
    r"(?:^|[\s_-])(sapo|lead|chapeau|summary|excerpt|tom-?tat)(?:$|[\s_-])", re.I
)


def _with_lead_and_captions(html: str, lines: list[str]) -> list[str]:
    """The body's lines with the page's lead first and each photo caption after the
    paragraph it follows, when trafilatura left them out."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return lines

    def flat(x: str) -> str:
        return " ".join(x.split())

    def item(x: str) -> str:
        return BULLET.sub("", flat(x))  # a list item's line without its marker

    have = {item(line) for line in lines}
    body = flat(" ".join(lines))
    out = list(lines)
    for el in root.xpath("//figcaption"):
        caption = flat(el.text_content())
        # (after the list when a list comes last: a caption between a lead-in and its items
        # would part them)
        before = el.xpath("preceding::*[self::p or self::li][1]")
        anchor = flat(before[0].text_content()) if before else ""
        if caption and caption not in body and anchor in have:
            at = next(i for i, x in enumerate(out) if item(x) == anchor)
            out.insert(at + 1, caption)
    for el in root.xpath("//div|//p|//h2|//section"):
        if _LEAD_CLASS.search(el.get("class") or ""):
            lead = flat(el.text_content())
            if len(lead) >= 40 and lead not in body:
                out.insert(0, lead)
            break
    return out


def _unfold_layout_tables(html: str) -> str:
    """A table laying out a document's header or signature block side by side is rewritten
    with one row per line: trafilatura joins the lines of a cell into one, which would glue
    "ỦY BAN NHÂN DÂN", "TỈNH X" and "Số: …" together. A table's caption goes above it."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    changed = False
    for table in list(root.iter("table")):
        for caption in table.xpath("./caption"):
            # "<caption>Hợp tác xã tỉnh X (tính đến 20/11/2023)</caption>": a line naming the
            # table above it, as in a text page, not a row of its header (trafilatura's way)
            named = etree.Element("p")
            named.text = " ".join(caption.text_content().split())
            table.addprevious(named)
            table.remove(caption)
            changed = True
        rows = [
            [_cell_lines(cell) for cell in tr.xpath("./td|./th")]
            for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        ]
        if not is_layout_table([["\n".join(c) for c in r] for r in rows]):
            continue
        unfolded = etree.Element("table")
        for row in rows:
            for k in range(max((len(c) for c in row), default=0)):
                tr = etree.SubElement(unfolded, "tr")
                for column in row:
                    etree.SubElement(tr, "td").text = column[k] if k < len(column) else ""
        unfolded.tail = table.tail
        table.getparent().replace(table, unfolded)
        changed = True
    return lxml_html.tostring(root, encoding="unicode") if changed else html


def _cell_lines(cell) -> list[str]:
    """The lines of a table cell: broken at <br> and at block elements."""
    for br in cell.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in cell.iter("p", "div", "li"):
        block.tail = "\n" + (block.tail or "")
    return [" ".join(x.split()) for x in cell.text_content().split("\n") if x.strip()]


def _pdf(data: bytes) -> Converted:
    import pdfplumber

    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                tables = page.find_tables()
                boxes = [t.bbox for t in tables]

                def outside(obj, boxes=boxes) -> bool:
                    x0, top = obj.get("x0", 0), obj.get("top", 0)
                    return not any(b[0] <= x0 <= b[2] and b[1] <= top <= b[3] for b in boxes)

                # Text lines and table rows in reading order: a table keeps its place under
                # its caption, and one continued on the next page stays before the signature.
                items = _pdf_lines(page.filter(outside))
                for table in tables:
                    rows = [_pipe_row(r) for r in table.extract() if any(r)]
                    items.append((table.bbox[1], "\n".join(rows)))
                items.sort(key=lambda item: item[0])
                pages.append("\n".join(text for _, text in items if text))
    except Exception as exc:  # pdfminer fails on broken files in many ways
        # (PdfminerException wrapping PSEOF, PDFSyntaxError, struct.error…): a broken file is
        # skipped with its name, never a crash of the whole reload.
        raise CorpusError(f"tệp PDF hỏng hoặc không đọc được ({type(exc).__name__})") from exc
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < 20:
        raise CorpusError(
            "PDF không có lớp chữ (bản scan): hãy gửi bản .docx hoặc PDF xuất từ Word, hoặc "
            "dán nội dung vào tệp .txt"
        )
    return Converted(decode(text.encode("utf-8"), "pdf"), "pdf")


def _pdf_lines(page) -> list[tuple[float, str]]:
    """The page's text lines with their vertical position. Words far apart on one line (the
    two columns of the header or of the signature block, wider than two letters' height)
    are separated by a tab, the way ``bot.layout`` reads flattened columns."""
    from pdfplumber.utils import cluster_objects

    out = []
    for line in cluster_objects(page.extract_words(), lambda w: round(w["top"]), 3):
        line.sort(key=lambda w: w["x0"])
        text = line[0]["text"]
        for a, b in zip(line, line[1:], strict=False):
            size = max(a["bottom"] - a["top"], 1.0)
            text += ("\t" if b["x0"] - a["x1"] > 2 * size else " ") + b["text"]
        out.append((min(w["top"] for w in line), text))
    return out


def _pipe_row(cells: list[str | None]) -> str:
    return "| " + " | ".join(" ".join((c or "").split()) for c in cells) + " |"


def _docx(data: bytes) -> Converted:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    try:
        document = Document(io.BytesIO(data))
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                lines.extend(_docx_table(Table(child, document)))
    except Exception as exc:  # a broken zip or XML fails in many ways
        # (BadZipFile, PackageNotFoundError, KeyError, lxml errors): skipped by name.
        raise CorpusError(f"tệp .docx hỏng hoặc không phải Word ({type(exc).__name__})") from exc
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
    if is_layout_table([[c.text for c in r] for r in rows]):
        out: list[str] = []
        for col in range(width):
            for r in rows:
                if col < len(r):
                    out.extend(p.text for p in r[col].paragraphs if p.text.strip())
        return out
    return [_pipe_row([c.text for c in r]) for r in rows]

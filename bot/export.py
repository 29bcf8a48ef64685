"""Records as files people open: CSV (UTF-8 with BOM, for Excel), XLSX and JSON, one row per
record, with Vietnamese column names, and the words that describe what a file holds."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.figures.record import KIND_LABELS, Record
from bot.text import fold

COLUMNS = (
    "tỉnh",
    "phạm vi",
    "loại",
    "kỳ",
    "chỉ tiêu",
    "mã chỉ tiêu",
    "hạn định",  # khoảng, trên, tối thiểu, ít nhất: part of what the text says
    "giá trị tối thiểu",
    "giá trị tối đa",
    "đơn vị",
    "tăng/giảm",
    "% kế hoạch",
    "văn bản",
    "đoạn",
    "câu",
)
# Column widths in the spreadsheet (characters); long texts wrap.
_WIDTHS = (14, 10, 14, 22, 36, 20, 10, 12, 12, 14, 10, 11, 60, 7, 90)
FORMATS = ("text", "json", "csv", "xlsx")
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
YES = "có"

# Article id → (title, document name such as "Kế hoạch 185/KH-UBND", or "").
Sources = Mapping[str, tuple[str, str]]


def source_name(article: str, sources: Sources) -> str:
    """'Title (Kế hoạch 185/KH-UBND)' for a document, the title for a news page, else the id."""
    title, document = sources.get(article, ("", ""))
    if not title:
        return document or article
    if document and fold(document) not in fold(title):
        return f"{title} ({document})"
    return title


def index_sources(articles: Mapping[str, Any], ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Sources from the search index's articles (bot.search.article.IndexedArticle by id)."""
    from bot.search.article import document_name

    out: dict[str, tuple[str, str]] = {}
    for aid in dict.fromkeys(ids):
        ia = articles.get(aid)
        if ia is not None:
            out[aid] = (ia.article.title, document_name(ia.article))
    return out


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def row(r: Record, sources: Sources) -> list[Any]:
    """One record's cells, in COLUMNS order."""
    return [
        r.province or "",
        "cả nước" if r.national else "tỉnh",
        KIND_LABELS.get(r.kind, r.kind),
        r.period(),
        r.indicator,
        r.indicator_id,
        r.qualifier or "",
        _number(r.value_min),
        _number(r.value_max),
        r.unit,
        YES if r.change else "",
        YES if r.progress else "",
        source_name(r.article, sources),
        r.paragraph,
        r.text,
    ]


def to_csv(records: Iterable[Record], sources: Sources) -> bytes:
    """UTF-8 with a BOM, so Excel shows the Vietnamese correctly; numbers with a '.' decimal."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(row(r, sources) for r in records)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(records: Iterable[Record], sources: Sources, title: str = "Số liệu") -> bytes:
    """One sheet: a bold, frozen header row with filters, set column widths, wrapped texts."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    book.properties.title = title[:250]
    book.properties.creator = "coopbot"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    n = 1
    for r in records:
        sheet.append([_cell(v) for v in row(r, sources)])
        n += 1
        for cell in sheet[n]:
            if cell.data_type == "f":  # a text starting with "=" is text, not a formula
                cell.data_type = "s"
    top = Alignment(vertical="top", wrap_text=True)
    for col in ("M", "O"):  # văn bản, câu
        for cell in sheet[col][1:]:
            cell.alignment = top
    for i, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{n}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(value: Any) -> Any:
    """No control characters in a spreadsheet cell (openpyxl refuses them)."""
    return _ILLEGAL.sub(" ", value) if isinstance(value, str) else value


def to_json(records: Iterable[Record]) -> list[dict]:
    return [r.to_json() for r in records]


# --- describing what a file or a chart holds --------------------------------------------------


def describe(records: Sequence[Record]) -> str:
    """'12 số liệu (Mục tiêu 10, Thực hiện 2) · Quảng Ninh, Hòa Bình · 2022–2023'."""
    kinds = Counter(KIND_LABELS.get(r.kind, r.kind) for r in records)
    parts = [f"{len(records)} số liệu (" + ", ".join(f"{k} {n}" for k, n in kinds.items()) + ")"]
    places = list(dict.fromkeys(("cả nước" if r.national else r.province) or "?" for r in records))
    if places:
        parts.append(_listing(places, 6))
    years = [y for r in records for y in (r.period_start, r.period_end) if y is not None]
    if years:
        lo, hi = min(years), max(years)
        parts.append(str(lo) if lo == hi else f"{lo}–{hi}")
    return " · ".join(parts)


def source_lines(records: Iterable[Record], sources: Sources) -> list[str]:
    """The documents the records come from, each once, in the order first cited."""
    return [source_name(a, sources) for a in dict.fromkeys(r.article for r in records)]


def caption(head: str, records: Sequence[Record], sources: Sources, limit: int = 1024) -> str:
    """Plain text of at most `limit` UTF-16 code units (Telegram's measure): what it holds,
    then the sources, as many as fit, the others counted."""
    lines = [head[: limit // 2], describe(records)[: limit // 4]]
    names = source_lines(records, sources)
    if names:
        lines.append("Nguồn:")
    for i, name in enumerate(names):
        entry = "• " + (name if len(name) <= 160 else name[:159].rstrip() + "…")
        left = len(names) - i - 1
        reserve = _u16(f"\n… và {left} văn bản khác") if left else 0
        if _u16("\n".join(lines)) + 1 + _u16(entry) + reserve > limit:
            lines.append(f"… và {len(names) - i} văn bản khác")
            break
        lines.append(entry)
    text = "\n".join(lines)
    while _u16(text) > limit:
        text = text[:-1]
    return text


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _listing(items: list[str], most: int) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" và {len(items) - most} nơi khác" if len(items) > most else "")


def file_stem(records: Sequence[Record], what: str = "so_lieu") -> str:
    """An ASCII file name stem: 'so_lieu_quang_ninh_hoa_binh_2022_2023'."""
    places = list(
        dict.fromkeys(("ca nuoc" if r.national else fold(r.province or "")) for r in records)
    )
    words = [what, *places[:3]]
    years = [y for r in records for y in (r.period_start, r.period_end) if y is not None]
    if years:
        words += sorted({str(min(years)), str(max(years))})
    stem = re.sub(r"[^a-z0-9]+", "_", "_".join(words).lower()).strip("_")
    return stem[:80] or what

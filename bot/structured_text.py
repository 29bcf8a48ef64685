"""An administrative document (header, sections, tables: bot.layout) or text converted from
HTML, PDF or DOCX → `Article` with numbered paragraphs under their section paths."""

from __future__ import annotations

import re

from bot import gazetteer
from bot.article_meta import (
    NATIONAL_SCOPES,
    about_country,
    detect_province,
    field_date,
    field_province,
)
from bot.corpus import SECTION_SEPARATOR, Article, CorpusError, Paragraph
from bot.layout import read_administrative
from bot.layout.header import DocHeader, is_administrative
from bot.layout.sections import structure
from bot.provinces import NEW_CITIES, OLD_CITIES
from bot.text import fold

# A place in an issuer's name: "UBND tỉnh …", "Sở … huyện …" ("hợp tác xã" is none).
_HAS_UNIT = re.compile(
    r"\b(tỉnh|thành phố|tp\.|huyện|quận|thị xã|thị trấn|phường|(?<!tác )xã)\b", re.I
)


def structured_article(
    article_id: str, lines: list[str], fields: dict[str, str], warnings: list[str]
) -> Article:
    """An administrative document (header, sections, tables) or converted clean text."""
    if is_administrative(lines):
        read = read_administrative(lines)
        header, blocks = read.header, read.blocks
    else:
        header = DocHeader()
        body = [ln for ln in lines if ln.strip()]
        if not fields.get("title") and body:
            fields = {**fields, "title": " ".join(body[0].split())}
            body = body[1:]
        blocks = structure(body)
    blocks = [b for b in blocks if b.text.strip()]
    if not blocks:
        raise CorpusError("không có đoạn văn nội dung nào")
    title = fields.get("title") or header.title or blocks[0].text[:120]
    national = (
        header.national
        or fields.get("scope", "").lower() in NATIONAL_SCOPES
        or (not is_administrative(lines) and about_country(None, [b.text for b in blocks]))
    )
    province = field_province(fields, warnings)
    if province is None and not national:
        for where in (header.issuer or "", header.parent or "", header.place or ""):
            if found := gazetteer.find_provinces(where):
                province = found[0].name
                break
        else:
            province = detect_province(title, [b.text for b in blocks])
        if province is None and (site := gazetteer.find_provinces(fields.get("publisher", ""))):
            province = site[0].name  # "Cổng thông tin điện tử tỉnh Vĩnh Phúc": the page's own
    paragraphs = [
        Paragraph(article_id, i, b.text, SECTION_SEPARATOR.join(b.section))
        for i, b in enumerate(blocks, start=1)
    ]
    issuer = _placed_issuer(header)
    return Article(
        id=article_id,
        title=title,
        date=field_date(fields, warnings) or header.issued,
        publisher=fields.get("publisher") or issuer,
        province=province,
        paragraphs=paragraphs,
        digest="",
        warnings=warnings,
        doc_type=fields.get("doc_type") or header.doc_type,
        doc_number=fields.get("doc_number") or header.doc_number,
        issuer=fields.get("issuer") or issuer,
        signer=fields.get("signer") or header.signer,
        source=fields.get("source"),
        national=national,
    )


def _placed_issuer(header: DocHeader) -> str | None:
    """The issuer with the province it belongs to when its own line names none: a header
    without the province line ("ỦY BAN NHÂN DÂN" over nothing, "Điện Biên, ngày …"), a
    department or steering committee under its province's UBND ("Sở Kế hoạch và Đầu tư" →
    "… tỉnh Sóc Trăng"), a Party committee ("Tỉnh ủy" → "Tỉnh ủy Sóc Trăng")."""
    issuer = header.issuer
    if not issuer or header.national or gazetteer.find_provinces(issuer):
        return issuer
    party = fold(issuer).lower() in ("tinh uy", "thanh uy")
    if _HAS_UNIT.search(issuer) and not party:
        return issuer
    for where in (header.parent, header.place):
        if where and (found := gazetteer.find_provinces(where)):
            name = found[0].name
            if party:
                return f"{issuer[:1].upper()}{issuer[1:].lower()} {name}"
            unit = (
                ""
                if name.startswith("TP.")
                else ("thành phố " if name in OLD_CITIES | NEW_CITIES else "tỉnh ")
            )
            return f"{issuer} {unit}{name}"
    return issuer

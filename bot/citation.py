"""How a source is cited: a document by its type, number, date and issuer, a news page by its
title, publisher and date; never by its file name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.corpus import Article
from bot.search.article import document_name
from bot.search.results import Hit


@dataclass(frozen=True)
class Source:
    """A document as people cite it; never its file name."""

    title: str
    document: str = ""  # "Kế hoạch 185/KH-UBND" for an administrative document
    reported: str = ""  # the plan or decision a news page reports on: "Kế hoạch 248/KH-UBND"
    issuer: str | None = None
    date: date | None = None
    publisher: str | None = None
    link: str | None = None  # http(s) address of the original, when known
    signer: str | None = None  # who signed an administrative document

    @property
    def short(self) -> str:
        """'Kế hoạch 185/KH-UBND', else the document a news page reports on, else its title."""
        return self.document or self.reported or clip(self.title, 70)

    def full(self) -> str:
        """'Kế hoạch 185/KH-UBND ngày 05/9/2022 của UBND thành phố Cần Thơ (title)', or
        'Title — publisher, dd/mm/yyyy (về Kế hoạch 248/KH-UBND)'."""
        when = day(self.date)
        if self.document:
            head = self.document + (f" ngày {when}" if when else "")
            head += f" của {self.issuer}" if self.issuer else ""
            return head + (f" ({self.title})" if self.title and self.title != self.document else "")
        head = self.title + (f" — {self.publisher}" if self.publisher else "")
        head += f", {when}" if when else ""
        return head + (f" (về {self.reported})" if self.reported else "")


def day(when: date | None) -> str | None:
    """A date as officials write it: 05/09/2022."""
    return when.strftime("%d/%m/%Y") if when else None


def clip(text: str, limit: int) -> str:
    """The text cut at a word boundary to at most `limit` characters, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:–-") + "…"


_TITLE_TYPES = (
    "Kế hoạch",
    "Quyết định",
    "Nghị quyết",
    "Chương trình",
    "Nghị định",
    "Thông tư",
    "Chỉ thị",
)


def source_of(article: Article, doc_refs: Iterable[Any] = ()) -> Source:
    """How an article is cited. A news page titled like the plan it reports on ("Kế hoạch phát
    triển … năm 2023") and citing exactly one document of that type is cited by it."""
    reported = ""
    kind = next((t for t in _TITLE_TYPES if article.title.startswith(t)), None)
    if kind and not article.doc_type:
        names = list(dict.fromkeys(d.name for d in doc_refs if d.kind == kind and d.number))
        reported = names[0] if len(names) == 1 else ""
    link = article.source if article.source and re.match(r"https?://", article.source) else None
    return Source(
        title=article.title,
        document=document_name(article) if article.doc_number else "",
        reported=reported,
        issuer=article.issuer,
        date=article.date,
        publisher=article.publisher,
        link=link,
        signer=article.signer,
    )


def hit_source(hit: Hit) -> Source:
    """A passage's source from what the hit carries (no reported document)."""
    link = hit.source if hit.source and re.match(r"https?://", hit.source) else None
    return Source(
        title=hit.title,
        document=hit.document if hit.document and re.search(r"\d", hit.document) else "",
        issuer=hit.issuer,
        date=hit.date,
        publisher=hit.publisher,
        link=link,
    )


def citation(hit: Hit, source: Source | None = None, full: bool = True) -> str:
    """How officials name a source: 'Kế hoạch 185/KH-UBND ngày 05/9/2022 của UBND thành phố
    Cần Thơ (title), II. Mục tiêu › a) Tổ hợp tác, đoạn 4' for a document; 'Title — publisher,
    dd/mm/yyyy, đoạn 3' for a news page; then the source link when known (`full`). Short
    (not `full`): without a document's title, a news title clipped. Never the file name."""
    src = source or hit_source(hit)
    if full:
        head = src.full()
    elif src.document:
        when = day(src.date)
        head = src.document + (f" ngày {when}" if when else "")
        head += f" của {src.issuer}" if src.issuer else ""
    else:
        when = day(src.date)
        head = clip(src.title, 90) + (f" — {src.publisher}" if src.publisher else "")
        head += f", {when}" if when else ""
    parts = [head]
    if hit.section:
        parts.append(clip(hit.section, 80) if not full else hit.section)
    parts.append(f"đoạn {hit.paragraph}")
    text = ", ".join(parts)
    return text + (f" — {src.link}" if full and src.link else "")


def paragraphs_text(pairs: list[tuple[str, int]]) -> str:
    """'đoạn 3, 5 (II. Mục tiêu)'."""
    numbers = ", ".join(str(p) for _, p in pairs)
    sections = list(dict.fromkeys(clip(s, 60) for s, _ in pairs if s))
    return f"đoạn {numbers}" + (f" ({'; '.join(sections[:2])})" if sections else "")

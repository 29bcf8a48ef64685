"""What the corpus is made of: an `Article` with numbered `Paragraph`s, a file `Skipped` and why.

Articles and paragraphs are stored in SQL (bot/db) and read back into these classes; reading
files into them is in bot.corpus_load."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple


class Paragraph(NamedTuple):
    article: str  # file stem
    number: int  # 1-based, after cleaning
    text: str
    section: str = ""  # "II. Mục tiêu › 2. Mục tiêu cụ thể › a) Tổ hợp tác"; empty in news
    # A news page's subheading and list lead-in ("Mục tiêu đến năm 2025 › Số liệu toàn quốc
    # ước năm 2022"): searched with the paragraph like a section, but neither shown in citations
    # nor read by the figures extractor, whose cues are the administrative sections.
    context: str = ""


@dataclass
class Article:
    id: str  # file name without extension
    title: str
    date: date | None
    publisher: str | None
    province: str | None  # canonical pre-2025 name as the article names it
    paragraphs: list[Paragraph]
    digest: str  # sha256 of the raw bytes: the reload cache key
    warnings: list[str] = field(default_factory=list)
    stat: tuple[int, int] | None = None  # (size, mtime_ns) of the file, to skip re-reading it
    doc_type: str | None = None  # "Kế hoạch", "Quyết định"… for administrative documents
    doc_number: str | None = None  # "185/KH-UBND"
    issuer: str | None = None  # "UBND thành phố Cần Thơ"
    signer: str | None = None
    source: str | None = None  # URL or original file name the text came from
    national: bool = False  # about the whole country, issued by a central body

    @cached_property
    def fingerprint(self) -> str:
        """Identity of the article's body, to spot the same article saved twice."""
        return hashlib.sha256("\n".join(p.text for p in self.paragraphs).encode()).hexdigest()

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str  # Vietnamese, shown to admins


class CorpusError(ValueError):
    """A file that cannot become an article; the message is the Vietnamese reason."""


SECTION_SEPARATOR = " › "

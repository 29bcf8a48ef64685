"""What search and reload hand to the presentation layers (CLI, console chat, Telegram), which
word them in Vietnamese: typed results, and an enum reason when nothing was found."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from bot import gazetteer
from bot.corpus import Skipped


@dataclass(frozen=True)
class Hit:
    article: str
    paragraph: int
    text: str
    score: float
    title: str
    date: date | None
    province: str | None
    publisher: str | None
    matched: tuple[str, ...]  # folded query terms found in the paragraph itself
    section: str = ""  # the section path the paragraph sits under
    document: str = ""  # "Kế hoạch 185/KH-UBND" for an administrative document
    issuer: str | None = None
    source: str | None = None  # URL or original file the text came from


class Reason(enum.Enum):
    """Why a search found nothing; the presentation layers say it in Vietnamese."""

    EMPTY_INDEX = "empty_index"
    NO_TERMS = "no_terms"
    NO_PROVINCE_DOCUMENTS = "no_province_documents"
    NO_MATCH = "no_match"
    LOW_COVERAGE = "low_coverage"


@dataclass
class SearchResult:
    terms: list[str]
    hits: list[Hit]
    answered: bool
    provinces: list[gazetteer.ProvinceQuery] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    reason: Reason | None = None  # when not answered
    national: bool = False  # searched the national documents only


@dataclass
class ReloadReport:
    articles: int
    paragraphs: int
    segmented: int  # articles (re)segmented in this build
    reused: int
    skipped: list[Skipped]
    warnings: list[str]
    cache_hits: int = 0  # texts (titles, paragraphs) whose segmentation came from the cache

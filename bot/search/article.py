"""What one article contributes to the index: its paragraphs' terms (underthesea, or cached
segmentations), the context every paragraph inherits (title, document number, province, year),
its years, and its figures and cited documents (extracted here, stored in SQL)."""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

from bot import gazetteer
from bot.corpus import Article
from bot.records import DocRef, Record, extract_doc_refs, extract_records
from bot.terms import segmentation_key, terms_from_spans, text_terms, years_in
from bot.text import fold

_FIGURE_RE = re.compile(
    r"(?<![\d/])\d+(?:[.,]\d+)*\s*(?:%|htx|tht|hợp tác xã|tổ hợp tác|thành viên|người|lượt|"
    r"lao động|triệu|tỷ|sản phẩm|liên hiệp)",
    re.IGNORECASE,
)


def count_figures(text: str) -> int:
    """Quantities with a unit in the text (35 HTX, 6-8%, 60.500 thành viên)."""
    return len(_FIGURE_RE.findall(text))


@dataclass
class IndexedArticle:
    article: Article
    # Per paragraph: own terms and their counts (underthesea output) as two tuples, ~3× smaller
    # than a Counter; emptied once the postings hold them.
    doc_terms: list[tuple[tuple[str, ...], tuple[int, ...]]]
    context_terms: list[str]
    years: set[int]  # article-level years: date, title, periods named in the title
    # Extracted with the terms (on the build's process pool) and written to SQL, their one
    # store, by the reload; in memory a cache of SQL, filled from it when an index is opened.
    # Never saved with the index (bot/search/store.py keeps only the article).
    records: list[Record] = field(default_factory=list)
    doc_refs: list[DocRef] = field(default_factory=list)


def _cached_terms(text: str, spans: dict) -> list[str]:
    """Terms of a title or paragraph from its cached segmentation, else segmented afresh."""
    key = segmentation_key(text)
    return terms_from_spans(text, spans[key]) if key in spans else text_terms(text)


def document_name(article: Article) -> str:
    """'Kế hoạch 185/KH-UBND' for an administrative document, else ''."""
    return " ".join(x for x in (article.doc_type, article.doc_number) if x)


def context_terms(article: Article, spans: dict | None = None) -> list[str]:
    """Terms every paragraph of the article inherits: title, document number, province (old and
    new name), year."""
    out = _cached_terms(article.title, spans or {})
    if article.doc_number:
        out.extend(_cached_terms(document_name(article), spans or {}))
    if article.province:
        prov = gazetteer.lookup(article.province)
        names = {article.province} | ({prov.current} if prov else set())
        for name in sorted(names):
            folded = fold(name).replace(".", "").split()
            out.extend(folded)
            out.append("_".join(folded))
    if article.year:
        out.append(str(article.year))
    return out


def _counted(terms: list[str]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    counts = Counter(map(sys.intern, terms))
    return tuple(counts), tuple(counts.values())


def article_years(article: Article) -> set[int]:
    return years_in(article.title) | ({article.year} if article.year else set())


def index_article(article: Article, spans: dict | None = None) -> IndexedArticle:
    """Segment one article (the slow step: underthesea), using cached spans where given."""
    spans = spans or {}
    sections: dict[str, list[str]] = {}
    terms = []
    for p in article.paragraphs:
        own = _cached_terms(p.text, spans)
        # A news page's subheading and list lead-in count like an administrative section.
        heading = p.section or p.context
        if heading:
            if heading not in sections:
                leaf = heading.rsplit(" › ", 1)[-1]
                sections[heading] = list(dict.fromkeys(_cached_terms(heading, spans))) + list(
                    dict.fromkeys(_cached_terms(leaf, spans))
                )
            # Section headings are context: each of their terms counts once, under the text's,
            # and the paragraph's own heading once more ("1. Mục đích" over "I. Mục đích, yêu
            # cầu" that its sibling "2. Yêu cầu" shares).
            own = own + sections[heading]
        terms.append(own)
    return IndexedArticle(
        article=article,
        # Interned: the same few thousand terms recur millions of times across a corpus.
        doc_terms=[_counted(t) for t in terms],
        context_terms=context_terms(article, spans),
        years=article_years(article),
        records=_records(article),
        doc_refs=extract_doc_refs(article),
    )


log = logging.getLogger(__name__)


def _records(article: Article) -> list[Record]:
    """The article's figures; a fault in a figure rule costs its figures, never its place in
    the index (the passages are still searched and cited), and says so."""
    try:
        return extract_records(article)
    except Exception as exc:  # noqa: BLE001 - any rule's fault, on any document
        log.warning("figures of %s not read: %r", article.id, exc)
        article.warnings.append(f"không đọc được số liệu của văn bản ({type(exc).__name__})")
        return []

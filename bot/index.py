"""The search index: segmented paragraphs ranked by rank-bm25, persisted in index/.

Each paragraph is indexed with its article's context (title, province, year), because a
paragraph listing "the targets for 2023" rarely repeats which province it is about.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from bot import gazetteer
from bot.corpus import Article, Paragraph, Skipped
from bot.records import DocRef, Record, extract_doc_refs, extract_records
from bot.terms import SYNONYMS, query_terms, text_terms, years_in
from bot.text import fold

FORMAT_VERSION = 4
INDEX_FILE = "index.pkl"


@dataclass
class IndexedArticle:
    article: Article
    paragraph_terms: list[list[str]]  # the expensive part: underthesea output, cached by digest
    context_terms: list[str]
    years: set[int]  # article-level years: date, title, periods named in the text
    records: list[Record] = field(default_factory=list)
    doc_refs: list[DocRef] = field(default_factory=list)


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


@dataclass
class SearchResult:
    terms: list[str]
    hits: list[Hit]
    answered: bool
    provinces: list[gazetteer.ProvinceQuery] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    reason: str | None = None  # Vietnamese, when not answered


@dataclass
class ReloadReport:
    articles: int
    paragraphs: int
    segmented: int  # articles (re)segmented in this build
    reused: int
    skipped: list[Skipped]
    warnings: list[str]


_FIGURE_RE = re.compile(
    r"(?<![\d/])\d+(?:[.,]\d+)*\s*(?:%|htx|tht|hợp tác xã|tổ hợp tác|thành viên|người|lượt|"
    r"lao động|triệu|tỷ|sản phẩm|liên hiệp)",
    re.IGNORECASE,
)
_FIGURE_INTENT = re.compile(
    r"\b(muc tieu|chi tieu|bao nhieu|so luong|so lieu|ket qua|dat duoc|ke hoach|cam ket|phan dau|"
    r"hien co|tinh den|doanh thu|thu nhap|ty le)\b"
)


def count_figures(text: str) -> int:
    """Quantities with a unit in the text (35 HTX, 6-8%, 60.500 thành viên)."""
    return len(_FIGURE_RE.findall(text))


def wants_figures(question: str) -> bool:
    """Whether the question asks for targets or results, so figure-rich paragraphs rank higher."""
    return bool(_FIGURE_INTENT.search(fold(question)))


def _name_terms(names: set[str]) -> set[str]:
    out: set[str] = set()
    for name in names:
        syllables = fold(name).replace(".", " ").split()
        out.update(syllables)
        out.add("_".join(syllables))
    return out


def context_terms(article: Article) -> list[str]:
    """Terms every paragraph of the article inherits: title, province (old and new name), year."""
    out = text_terms(article.title)
    if article.province:
        prov = gazetteer.lookup(article.province)
        names = {article.province} | ({prov.current} if prov else set())
        for name in names:
            folded = fold(name).replace(".", "").split()
            out.extend(folded)
            out.append("_".join(folded))
    if article.year:
        out.append(str(article.year))
    return out


def index_article(article: Article) -> IndexedArticle:
    """Segment one article (the slow step: underthesea)."""
    years = years_in(article.title) | ({article.year} if article.year else set())
    return IndexedArticle(
        article=article,
        paragraph_terms=[text_terms(p.text) for p in article.paragraphs],
        context_terms=context_terms(article),
        years=years,
        records=extract_records(article),
        doc_refs=extract_doc_refs(article),
    )


class SearchIndex:
    """Immutable once built: a reload builds a new one and swaps the reference."""

    def __init__(self, indexed: list[IndexedArticle]):
        self.articles: dict[str, IndexedArticle] = {ia.article.id: ia for ia in indexed}
        self.paragraphs: list[Paragraph] = []
        self.doc_article: list[str] = []
        docs: list[list[str]] = []
        self.own_terms: list[frozenset[str]] = []
        self.para_years: list[frozenset[int]] = []
        figures: list[bool] = []
        for ia in indexed:
            for p, terms in zip(ia.article.paragraphs, ia.paragraph_terms, strict=True):
                self.paragraphs.append(p)
                self.doc_article.append(ia.article.id)
                docs.append(terms + ia.context_terms)
                self.own_terms.append(frozenset(terms))
                self.para_years.append(frozenset(years_in(p.text)))
                figures.append(count_figures(p.text) >= 3)
        self.has_figures = np.asarray(figures, dtype=np.float64)
        self.bm25: BM25Okapi | None = BM25Okapi(docs) if docs else None
        if self.bm25 is not None:
            self.bm25.doc_len = np.asarray(self.bm25.doc_len)  # avoid a list→array copy per query
        postings: dict[str, list[int]] = defaultdict(list)
        for i, doc in enumerate(docs):
            for term in set(doc):
                postings[term].append(i)
        self.postings = {t: np.asarray(ids, dtype=np.int64) for t, ids in postings.items()}
        self.vocabulary = frozenset(self.postings)
        self.by_province: dict[str, list[int]] = defaultdict(list)
        for i, art in enumerate(self.doc_article):
            prov = self.articles[art].article.province
            if prov:
                self.by_province[prov].append(i)
        self.records_by_province: dict[str | None, list[Record]] = defaultdict(list)
        for ia in indexed:
            self.records_by_province[ia.article.province].extend(ia.records)
        self.doc_refs = [d for ia in indexed for d in ia.doc_refs]
        self.max_idf = max(self.bm25.idf.values()) if self.bm25 and self.bm25.idf else 1.0

    @property
    def article_list(self) -> list[Article]:
        return [ia.article for ia in self.articles.values()]

    def _idf(self, term: str) -> float:
        assert self.bm25 is not None
        return self.bm25.idf.get(term, self.max_idf)

    def search(self, question: str, top_k: int = 3, min_coverage: float = 0.6) -> SearchResult:
        """Rank paragraphs for a question; province and year named in it filter and boost."""
        provinces = gazetteer.resolve_query(question)
        years = sorted(y for y in years_in(question) if len(question) < 2000)
        terms, core = query_terms(question, self.vocabulary) if question.strip() else ([], [])
        result = SearchResult(
            terms=terms, hits=[], answered=False, provinces=provinces, years=years
        )
        if self.bm25 is None or not terms:
            result.reason = (
                "Câu hỏi không có từ khóa nào để tìm." if self.bm25 else "Kho dữ liệu trống."
            )
            return result

        if provinces:
            # The province becomes a filter; left in the query it would favour paragraphs that
            # merely repeat the name over the ones with the substance.
            names = {n for pq in provinces for n in (pq.said, *pq.provinces)}
            drop = _name_terms(names)
            terms = [t for t in terms if t not in drop] or terms
            core = [t for t in core if t not in drop] or core
            result.terms = terms
        candidates = self._candidates(terms)
        if provinces:
            allowed = {p for pq in provinces for p in pq.provinces}
            in_province = np.asarray(
                sorted(i for p in allowed for i in self.by_province.get(p, [])), dtype=np.int64
            )
            if in_province.size == 0:
                names = ", ".join(pq.said for pq in provinces)
                result.reason = f"Kho dữ liệu chưa có bài viết nào về {names}."
                return result
            candidates = np.intersect1d(candidates, in_province)
        if candidates.size == 0:
            result.reason = "Không tìm thấy đoạn văn nào khớp với câu hỏi."
            return result

        scores = np.asarray(self.bm25.get_batch_scores(terms, candidates.tolist()))
        if years:
            scores *= np.asarray([self._year_boost(int(i), years) for i in candidates])
        if wants_figures(question):
            scores *= 1.0 + 0.3 * self.has_figures[candidates]
        order = np.argsort(-scores, kind="stable")[:top_k]
        for rank, pos in enumerate(order):
            doc = int(candidates[pos])
            if scores[pos] <= 0:
                break
            hit = self._hit(doc, float(scores[pos]), terms)
            if rank == 0 and self._coverage(doc, core) < min_coverage:
                result.reason = "Không tìm thấy thông tin phù hợp trong kho dữ liệu."
                return result
            result.hits.append(hit)
        result.answered = bool(result.hits)
        if not result.answered:
            result.reason = "Không tìm thấy thông tin phù hợp trong kho dữ liệu."
        return result

    def _candidates(self, terms: list[str]) -> np.ndarray:
        lists = [self.postings[t] for t in terms if t in self.postings]
        if not lists:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(lists))

    def _year_boost(self, doc: int, years: list[int]) -> float:
        if any(y in self.para_years[doc] for y in years):
            return 1.5
        if any(y in self.articles[self.doc_article[doc]].years for y in years):
            return 1.25
        return 1.0

    def _coverage(self, doc: int, terms: list[str]) -> float:
        # Share of the question's information (idf mass) present in the best paragraph with its
        # context: "giá vàng hôm nay" shares only "giá" and "nay" with the corpus, so it is refused.
        assert self.bm25 is not None
        doc_terms = self.bm25.doc_freqs[doc]
        total = sum(self._idf(t) for t in terms)
        found = sum(
            self._idf(t)
            for t in terms
            if t in doc_terms or any(s in doc_terms for s in SYNONYMS.get(t, ()))
        )
        return found / total if total > 0 else 0.0

    def _hit(self, doc: int, score: float, terms: list[str]) -> Hit:
        p = self.paragraphs[doc]
        art = self.articles[p.article].article
        own = self.own_terms[doc]
        return Hit(
            article=p.article,
            paragraph=p.number,
            text=p.text,
            score=round(score, 4) if math.isfinite(score) else 0.0,
            title=art.title,
            date=art.date,
            province=art.province,
            publisher=art.publisher,
            matched=tuple(t for t in terms if t in own),
        )


def build(articles: list[Article], previous: SearchIndex | None = None) -> tuple[SearchIndex, int]:
    """Build an index, reusing segmentation of articles whose bytes did not change."""
    cache = {ia.article.digest: ia for ia in previous.articles.values()} if previous else {}
    indexed: list[IndexedArticle] = []
    segmented = 0
    for art in articles:
        hit = cache.get(art.digest)
        if hit is not None and hit.article.id == art.id:
            indexed.append(hit)
        else:
            indexed.append(index_article(art))
            segmented += 1
    return SearchIndex(indexed), segmented


def save(index: SearchIndex, index_dir: Path) -> None:
    """Persist atomically: write a temp file beside the target, fsync, then rename over it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=index_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((FORMAT_VERSION, index), fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, index_dir / INDEX_FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(index_dir: Path) -> SearchIndex | None:
    """The persisted index, or None when missing, stale or unreadable."""
    path = index_dir / INDEX_FILE
    try:
        with path.open("rb") as fh:
            version, index = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError, ImportError):
        return None
    return index if version == FORMAT_VERSION and isinstance(index, SearchIndex) else None

"""The search index: segmented paragraphs ranked by rank-bm25, persisted in index/.

Each paragraph is indexed with its article's context (title, province, year), because a
paragraph listing "the targets for 2023" rarely repeats which province it is about.

Layout: term postings in numpy arrays (CSR, sorted by term then paragraph). A question's
candidates come from the postings of its terms and the province filter; numpy pre-scores them
with BM25Okapi's own formula and idf to keep the best few dozen, and rank_bm25's
`BM25Okapi.get_batch_scores` scores those for the final ranking. The top results equal a
full `get_scores` over every paragraph (tests/test_scale.py proves it), at a fraction of the cost.
"""

from __future__ import annotations

import bisect
import enum
import gc
import itertools
import logging
import math
import os
import pickle
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import NamedTuple

import numpy as np
from rank_bm25 import BM25Okapi

from bot import gazetteer
from bot import progress as progress_mod
from bot.corpus import Article, Skipped
from bot.query import Query
from bot.records import (
    DocRef,
    Record,
    covers,
    document_lookup,
    extract_doc_refs,
    extract_records,
)
from bot.terms import (
    DOMAIN_TERMS,
    SYNONYMS,
    expansions,
    query_terms,
    segmentation_key,
    spans_batch,
    terms_from_spans,
    text_terms,
    years_in,
)
from bot.text import fold


def _format_version() -> str:
    """Changes whenever the code that shapes the persisted index changes, so a stale index is
    rebuilt instead of being misread after an upgrade."""
    import hashlib

    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("index.py", "corpus.py", "records.py", "terms.py", "text.py", "gazetteer.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


FORMAT_VERSION = _format_version()
log = logging.getLogger(__name__)
CURRENT = "CURRENT"
SEGMENT_CACHE = "segments.pkl"
K1, B, EPSILON = 1.5, 0.75, 0.25  # BM25Okapi's defaults
DOMAIN_COVERAGE = 0.7  # share of min_coverage enough for a question about cooperatives
NATIONAL_TERMS = frozenset(
    {"ca_nuoc", "ca", "nuoc", "toan_quoc", "toan", "quoc", "viet_nam", "viet", "quoc_gia"}
)
PRESELECT = 50  # candidates handed to rank_bm25 for the final scores
POOL_THRESHOLD = 400  # paragraphs to segment before a process pool pays for its start-up

_FIGURE_RE = re.compile(
    r"(?<![\d/])\d+(?:[.,]\d+)*\s*(?:%|htx|tht|hợp tác xã|tổ hợp tác|thành viên|người|lượt|"
    r"lao động|triệu|tỷ|sản phẩm|liên hiệp)",
    re.IGNORECASE,
)


def count_figures(text: str) -> int:
    """Quantities with a unit in the text (35 HTX, 6-8%, 60.500 thành viên)."""
    return len(_FIGURE_RE.findall(text))


def _name_terms(names: set[str]) -> set[str]:
    """Every term a province name can yield: syllables, the whole name, and the words the
    segmenter cuts it into ("Bà Rịa - Vũng Tàu" → ba_ria, vung_tau)."""
    out: set[str] = set()
    for name in names:
        syllables = fold(name).replace(".", " ").split()
        out.update(syllables)
        out.add("_".join(syllables))
        out.update(text_terms(name))
    return out


@dataclass
class IndexedArticle:
    article: Article
    # Per paragraph: own terms and their counts (underthesea output) as two tuples, ~3× smaller
    # than a Counter; emptied once the postings hold them.
    doc_terms: list[tuple[tuple[str, ...], tuple[int, ...]]]
    context_terms: list[str]
    years: set[int]  # article-level years: date, title, periods named in the title
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


def _article_years(article: Article) -> set[int]:
    return years_in(article.title) | ({article.year} if article.year else set())


def index_article(article: Article, spans: dict | None = None) -> IndexedArticle:
    """Segment one article (the slow step: underthesea), using cached spans where given."""
    spans = spans or {}
    sections: dict[str, list[str]] = {}
    terms = []
    for p in article.paragraphs:
        own = _cached_terms(p.text, spans)
        if p.section:
            if p.section not in sections:
                sections[p.section] = list(dict.fromkeys(_cached_terms(p.section, spans)))
            # Section headings are context: each of their terms counts once, under the text's.
            own = own + sections[p.section]
        terms.append(own)
    return IndexedArticle(
        article=article,
        # Interned: the same few thousand terms recur millions of times across a corpus.
        doc_terms=[_counted(t) for t in terms],
        context_terms=context_terms(article, spans),
        years=_article_years(article),
        records=extract_records(article),
        doc_refs=extract_doc_refs(article),
    )


def _release_memory() -> None:
    """Hand freed heap back to the OS (glibc keeps it otherwise): the term tuples of each
    encoded batch are large allocations that would stay counted in the process's RSS."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _libc():
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


_LIBC = _libc() if sys.platform.startswith("linux") else None


class _Part(NamedTuple):
    """A run of postings sorted by term, then doc, whose docs all follow earlier parts' docs.
    Terms are not stored per posting: `counts[t]` postings of term t come before those of t+1."""

    doc: np.ndarray  # int32
    tf: np.ndarray  # uint16 when every count fits, else int32
    counts: np.ndarray  # postings per term id (may be shorter than the final vocabulary)


def _sorted_part(term: np.ndarray, doc: np.ndarray, tf: np.ndarray, n_terms: int) -> _Part:
    order = np.argsort(term, kind="stable")  # doc order kept within each term
    return _Part(
        doc[order],
        _narrow(tf[order]),
        np.bincount(term, minlength=n_terms),
    )


def _narrow(tf: np.ndarray) -> np.ndarray:
    # Term counts above 65535 in one paragraph are pathological; uint16 halves the array.
    return tf.astype(np.uint16) if not tf.size or int(tf.max()) <= 0xFFFF else tf


@dataclass
class _Block:
    """New articles' paragraphs encoded against the vocabulary, in parts of ~10^6 postings."""

    articles: list[IndexedArticle]
    parts: list[_Part]
    doc_article: np.ndarray
    doc_len: np.ndarray
    figures: np.ndarray
    para_years: dict[int, list[int]]
    art_years: dict[int, list[int]]
    provinces: dict[str, list[int]]


PART_POSTINGS = 1 << 20


def _encode(
    added: Iterable[IndexedArticle], vocab: dict[str, int], first_doc: int, first_slot: int
) -> _Block:
    # `added` may be a stream from the process pool: each article's terms are encoded into
    # int32 arrays and dropped as it arrives, so Python term tuples for the whole corpus
    # (~50 bytes a posting) never coexist in memory.
    articles: list[IndexedArticle] = []
    parts: list[_Part] = []
    pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    pending_size = 0
    doc_article: list[int] = []
    doc_len: list[float] = []
    figures: list[float] = []
    para_years: dict[int, list[int]] = defaultdict(list)
    art_years: dict[int, list[int]] = defaultdict(list)
    provinces: dict[str, list[int]] = defaultdict(list)

    def flush() -> None:
        nonlocal pending, pending_size
        if pending:
            term, doc, tf = (np.concatenate(column) for column in zip(*pending, strict=True))
            parts.append(_sorted_part(term, doc, tf, len(vocab)))
        pending, pending_size = [], 0
        _release_memory()

    doc = first_doc
    for slot, ia in enumerate(added, start=first_slot):
        articles.append(ia)
        context = Counter(ia.context_terms)
        a_terms: list[int] = []
        a_tfs: list[int] = []
        a_docs: list[int] = []
        for p, (own_terms, own_counts) in zip(ia.article.paragraphs, ia.doc_terms, strict=True):
            counts = dict(zip(own_terms, own_counts, strict=True))
            for term, tf in context.items():
                counts[term] = counts.get(term, 0) + tf
            for term, tf in counts.items():
                tid = vocab.get(term)
                if tid is None:
                    tid = vocab[term] = len(vocab)
                a_terms.append(tid)
                a_tfs.append(tf)
            a_docs.extend([doc] * len(counts))
            doc_article.append(slot)
            doc_len.append(float(sum(counts.values())))
            figures.append(1.0 if count_figures(p.text) >= 3 else 0.0)
            for y in years_in(p.text):
                para_years[y].append(doc)
            for y in ia.years:
                art_years[y].append(doc)
            if ia.article.province:
                provinces[ia.article.province].append(doc)
            doc += 1
        pending.append(
            (
                np.asarray(a_terms, dtype=np.int32),
                np.asarray(a_docs, dtype=np.int32),
                np.asarray(a_tfs, dtype=np.int32),
            )
        )
        pending_size += len(a_terms)
        ia.doc_terms = []  # encoded: the postings hold them now
        if pending_size >= PART_POSTINGS:
            flush()
    flush()
    return _Block(
        articles=articles,
        parts=parts,
        doc_article=np.asarray(doc_article, dtype=np.int32),
        doc_len=np.asarray(doc_len),
        figures=np.asarray(figures),
        para_years=para_years,
        art_years=art_years,
        provinces=provinces,
    )


def _padded(counts: np.ndarray, n_terms: int) -> np.ndarray:
    """Per-term counts as int64, extended with zeros to terms added to the vocabulary since."""
    return np.pad(counts.astype(np.int64), (0, n_terms - len(counts)))


def _place(parts: list[_Part], n_terms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR postings (by term, then doc) from sorted parts in doc order: a counting merge that
    writes each part straight into its final slots and frees it, so memory peaks near the
    output size rather than at several copies of every posting.
    Returns (post_doc, post_tf, term_counts)."""

    counts = np.zeros(n_terms, dtype=np.int64)
    for part in parts:
        counts += _padded(part.counts, n_terms)
    fill = np.cumsum(counts) - counts  # next free slot of each term
    post_doc = np.empty(int(counts.sum()), dtype=np.int32)
    wide = any(part.tf.dtype != np.uint16 for part in parts)
    post_tf = np.empty(len(post_doc), dtype=np.int32 if wide else np.uint16)
    while parts:
        doc, tf, part_counts = parts.pop(0)
        part_counts = _padded(part_counts, n_terms)
        term = np.repeat(np.arange(n_terms, dtype=np.int32), part_counts)
        # slot = the term's next free slot + rank within the term in this part
        pos = np.arange(doc.size, dtype=np.int64)
        pos += (fill - (np.cumsum(part_counts) - part_counts))[term]
        post_doc[pos] = doc
        post_tf[pos] = tf
        fill += part_counts
        del doc, tf, term, pos
    return post_doc, post_tf, counts


def _insert(
    kept: _Part, parts: list[_Part], n_terms: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`_place` for a small change: the few new postings are inserted after each term's kept
    ones in one copying pass (np.insert), instead of re-placing every posting."""
    term = np.concatenate(
        [np.repeat(np.arange(len(p.counts), dtype=np.int32), p.counts) for p in parts]
        or [np.zeros(0, dtype=np.int32)]
    )
    order = np.argsort(term, kind="stable")  # parts are in doc order: docs stay sorted
    term = term[order]
    doc = np.concatenate([p.doc for p in parts] or [np.zeros(0, dtype=np.int32)])[order]
    tf = np.concatenate([p.tf for p in parts] or [np.zeros(0, dtype=np.uint16)])[order]
    kept_counts = _padded(kept.counts, n_terms)
    at = np.cumsum(kept_counts)[term]  # after the last kept posting of the same term
    wide = np.result_type(kept.tf, tf)
    post_doc = np.insert(kept.doc, at, doc)
    post_tf = np.insert(kept.tf.astype(wide, copy=False), at, tf.astype(wide, copy=False))
    return post_doc, post_tf, kept_counts + np.bincount(term, minlength=n_terms)


def _bm25_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """BM25Okapi._calc_idf, vectorised: the same values rank_bm25 computes, floor included."""
    idf = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
    present = df > 0
    average = float(idf[present].mean()) if present.any() else 0.0
    idf[present & (idf < 0)] = EPSILON * average
    idf[~present] = 0.0
    return idf


class SearchIndex:
    """Immutable once built: a reload derives a new one (`updated`) and swaps the reference.

    Postings are CSR arrays sorted by term, then paragraph. A reload removes the changed
    articles' paragraphs and merges the new ones in with vectorised numpy operations, so its
    cost grows with the size of the change, not of the corpus (no re-sort of every posting).
    """

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.articles: dict[str, IndexedArticle] = {}
        self.slots: list[str] = []  # doc_article codes → article id
        self.doc_article = np.zeros(0, dtype=np.int32)
        self.doc_len = np.zeros(0)
        self.has_figures = np.zeros(0)
        self.post_doc = np.zeros(0, dtype=np.int32)
        self.post_tf = np.zeros(0, dtype=np.uint16)
        self.term_counts = np.zeros(0, dtype=np.int64)
        self.para_years: dict[int, np.ndarray] = {}
        self.art_years: dict[int, np.ndarray] = {}
        self.by_province_arr: dict[str, np.ndarray] = {}
        self._derive()

    def _derive(self) -> None:
        """Everything computed from the stored state: cheap, redone after load and update."""
        self.n_docs = len(self.doc_len)
        self.term_ptr = np.concatenate([[0], np.cumsum(self.term_counts)]).astype(np.int64)
        self.avgdl = float(self.doc_len.mean()) if self.n_docs else 0.0
        # BM25's length normalisation per paragraph, k1·(1 − b + b·len/avgdl), reused by queries
        self.norm = K1 * (1 - B + B * self.doc_len / self.avgdl) if self.n_docs else self.doc_len
        counts = self.term_counts.astype(np.float64)
        self.idf = _bm25_idf(counts, self.n_docs) if self.n_docs else np.zeros(len(counts))
        self.max_idf = float(self.idf.max()) if self.idf.size else 1.0
        self.paragraphs = [p for aid in self.slots for p in self.articles[aid].article.paragraphs]
        self.records_by_province: dict[str | None, list[Record]] = defaultdict(list)
        for ia in self.articles.values():
            self.records_by_province[ia.article.province].extend(ia.records)
        self._records_in_year: dict[tuple[str, int], list[Record]] = {}
        self.doc_refs = [d for ia in self.articles.values() for d in ia.doc_refs]
        self.documents = document_lookup(self.doc_refs)
        # Each article's paragraphs are one run of doc ids, in slot order.
        self.article_docs: dict[str, tuple[int, int]] = {}
        self.by_doc_number: dict[str, list[str]] = defaultdict(list)
        national: list[np.ndarray] = []
        first = 0
        for aid in self.slots:
            art = self.articles[aid].article
            self.article_docs[aid] = (first, first + len(art.paragraphs))
            if art.doc_number and (head := re.match(r"\d+", art.doc_number)):
                self.by_doc_number[head.group(0)].append(aid)
            if art.national:
                national.append(np.arange(first, first + len(art.paragraphs)))
            first += len(art.paragraphs)
        self.national_docs = np.concatenate(national) if national else np.zeros(0, dtype=np.int64)

    def updated(self, removed: set[str], added: list[IndexedArticle]) -> SearchIndex:
        """A new index without the `removed` articles and with `added` appended."""
        new = SearchIndex.__new__(SearchIndex)
        new.vocabulary = dict(self.vocabulary)  # a copy: this snapshot keeps serving meanwhile
        gone = [i for i, aid in enumerate(self.slots) if aid in removed]
        keep_doc = ~np.isin(self.doc_article, np.asarray(gone, dtype=np.int32))
        renumber = np.cumsum(keep_doc) - 1  # old doc id → new doc id (for kept docs)
        n_keep = int(keep_doc.sum())

        # Articles: the kept ones in their order, then the added ones.
        kept_slots = [aid for aid in self.slots if aid not in removed]
        block = _encode(added, new.vocabulary, first_doc=n_keep, first_slot=len(kept_slots))
        new.slots = kept_slots + [ia.article.id for ia in block.articles]
        code = {aid: i for i, aid in enumerate(new.slots)}
        new.articles = {aid: self.articles[aid] for aid in kept_slots} | {
            ia.article.id: ia for ia in block.articles
        }
        old_to_new = np.asarray([code.get(aid, -1) for aid in self.slots], dtype=np.int32)

        # Postings: the kept ones (removed docs dropped, the rest renumbered; still sorted by
        # term) come first in doc order, then the new parts.
        n_terms = len(new.vocabulary)
        parts = block.parts
        if self.post_doc.size:
            keep_post = keep_doc[self.post_doc]
            # Counts per term without expanding every posting's term: only removed ones.
            dropped = np.searchsorted(self.term_ptr, np.flatnonzero(~keep_post), side="right") - 1
            kept = _Part(
                renumber.astype(np.int32)[self.post_doc[keep_post]],
                self.post_tf[keep_post],
                self.term_counts - np.bincount(dropped, minlength=len(self.term_counts)),
            )
            del keep_post
            if sum(p.doc.size for p in parts) * 8 < kept.doc.size:
                new.post_doc, new.post_tf, new.term_counts = _insert(kept, parts, n_terms)
            else:
                new.post_doc, new.post_tf, new.term_counts = _place([kept, *parts], n_terms)
        else:
            new.post_doc, new.post_tf, new.term_counts = _place(parts, n_terms)

        # Per-paragraph arrays and maps.
        new.doc_article = np.concatenate(
            [old_to_new[self.doc_article[keep_doc]], block.doc_article]
        ).astype(np.int32)
        new.doc_len = np.concatenate([self.doc_len[keep_doc], block.doc_len])
        new.has_figures = np.concatenate([self.has_figures[keep_doc], block.figures])

        def remap(old: dict, extra: dict) -> dict:
            out = {}
            for key in old.keys() | extra.keys():
                docs = old.get(key, np.zeros(0, dtype=np.int64))
                docs = renumber[docs[keep_doc[docs]]] if docs.size else docs
                merged = np.concatenate([docs, np.asarray(extra.get(key, []), dtype=np.int64)])
                if merged.size:
                    out[key] = merged.astype(np.int64)
            return out

        new.para_years = remap(self.para_years, block.para_years)
        new.art_years = remap(self.art_years, block.art_years)
        new.by_province_arr = remap(self.by_province_arr, block.provinces)
        new._derive()
        return new

    def doc_term_lists(self) -> list[list[str]]:
        """Every paragraph's terms with repeats, as rank_bm25 would be given them (bench/tests)."""
        words = [""] * len(self.vocabulary)
        for term, tid in self.vocabulary.items():
            words[tid] = term
        post_term = np.repeat(np.arange(len(self.term_counts)), self.term_counts)
        docs: list[list[str]] = [[] for _ in range(self.n_docs)]
        for d, t, tf in zip(
            self.post_doc.tolist(), post_term.tolist(), self.post_tf.tolist(), strict=True
        ):
            docs[d].extend([words[t]] * tf)
        return docs

    def province_records(self, provinces: Iterable[str], years: list[int]) -> list[Record]:
        """Records of these (old) provinces, only those whose period covers the year when one
        year is given (cached per province and year: a province holds 10^3–10^4 records)."""
        out: list[Record] = []
        for province in provinces:
            records = self.records_by_province.get(province, [])
            if len(years) == 1:
                key = (province, years[0])
                if key not in self._records_in_year:
                    self._records_in_year[key] = [r for r in records if covers(r, years[0])]
                records = self._records_in_year[key]
            out.extend(records)
        return out

    @property
    def article_list(self) -> list[Article]:
        return [ia.article for ia in self.articles.values()]

    # --- query ---------------------------------------------------------------------------

    def _postings(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        s, e = self.term_ptr[tid], self.term_ptr[tid + 1]
        return self.post_doc[s:e], self.post_tf[s:e]

    def _tid(self, term: str) -> int | None:
        tid = self.vocabulary.get(term)
        return tid if tid is not None and tid < len(self.idf) else None

    def _tf(self, tid: int, docs: np.ndarray) -> np.ndarray:
        pdocs, ptfs = self._postings(tid)
        pos = np.searchsorted(pdocs, docs)
        pos[pos >= len(pdocs)] = 0
        found = pdocs[pos] == docs if len(pdocs) else np.zeros(len(docs), dtype=bool)
        return np.where(found, ptfs[pos] if len(pdocs) else 0, 0).astype(np.float64)

    def bm25_view(self, terms: list[str], docs: np.ndarray) -> BM25Okapi:
        """A BM25Okapi holding just `docs` and the query terms, with the whole corpus's
        statistics (idf, average length): its get_batch_scores equal a full index's scores."""
        view = BM25Okapi.__new__(BM25Okapi)
        view.k1, view.b, view.epsilon = K1, B, EPSILON
        view.corpus_size, view.avgdl, view.tokenizer = self.n_docs, self.avgdl, None
        view.doc_len = self.doc_len[docs]
        view.idf = {}
        freqs: list[dict[str, float]] = [{} for _ in range(len(docs))]
        for term in terms:
            tid = self._tid(term)
            if tid is None:
                continue
            view.idf[term] = float(self.idf[tid])
            tf = self._tf(tid, docs)
            present = np.flatnonzero(tf)
            for i, value in zip(present.tolist(), tf[present].tolist(), strict=True):
                freqs[i][term] = value
        view.doc_freqs = freqs
        return view

    def search(self, query: Query, top_k: int = 3, min_coverage: float = 0.6) -> SearchResult:
        """Rank paragraphs for a question; the provinces, documents and scope it names filter,
        its years and wish for figures boost."""
        provinces, years = query.provinces, query.years
        terms, core = query_terms(query.text, self.vocabulary) if query.text.strip() else ([], [])
        # A multi-word term no paragraph has, made of words that paragraphs do have, is the
        # segmenter gluing words across a boundary ("Tây Ninh doanh thu"); its parts are in the
        # query on their own. An unknown word ("tỷ giá") stays: it says what the corpus lacks.
        terms = [t for t in terms if not self._glued(t)] or terms
        core = [t for t in core if not self._glued(t)] or core
        alternatives = expansions(query.text)
        result = SearchResult(
            terms=terms, hits=[], answered=False, provinces=provinces, years=years
        )
        if self.n_docs == 0 or not terms:
            result.reason = Reason.NO_TERMS if self.n_docs else Reason.EMPTY_INDEX
            return result
        allowed = None
        if provinces:
            # The province becomes a filter; left in the query it would favour paragraphs that
            # merely repeat the name over the ones with the substance.
            names = {n for pq in provinces for n in (pq.said, *pq.provinces)}
            drop = _name_terms(names)
            terms = [t for t in terms if t not in drop] or terms
            core = [t for t in core if t not in drop] or core
            result.terms = terms
            wanted = [
                self.by_province_arr[p]
                for pq in provinces
                for p in pq.provinces
                if p in self.by_province_arr
            ]
            if not wanted:
                result.reason = Reason.NO_PROVINCE_DOCUMENTS
                return result
            allowed = np.unique(np.concatenate(wanted))
        named = self._named_documents(query)
        if named.size:
            # A document named by its number is the one asked about.
            inside = named if allowed is None else np.intersect1d(allowed, named)
            allowed = inside if inside.size else named
        elif query.national and self.national_docs.size:
            allowed = self.national_docs
            result.national = True
            # The scope is now a filter, not something the passage must say or be ranked by.
            core = [t for t in core if t not in NATIONAL_TERMS] or core
            terms = [t for t in terms if t not in NATIONAL_TERMS] or terms
            result.terms = terms

        in_domain = any(t in DOMAIN_TERMS for t in terms)
        threshold = min_coverage * (DOMAIN_COVERAGE if in_domain else 1.0)
        boost = self._boosts(years, query.wants_figures)
        docs, scores = self.rank(terms, top_k, boost, allowed)
        if docs.size == 0:
            result.reason = Reason.NO_MATCH
            return result
        for position, (doc, score) in enumerate(zip(docs.tolist(), scores.tolist(), strict=True)):
            if score <= 0:
                break
            if position == 0 and self._coverage(doc, core, alternatives) < threshold:
                result.reason = Reason.LOW_COVERAGE
                return result
            result.hits.append(self._hit(doc, score, terms))
        result.answered = bool(result.hits)
        if not result.answered:
            result.reason = Reason.LOW_COVERAGE
        return result

    def _glued(self, term: str) -> bool:
        """Whether an unknown multi-word term splits into known words, one of them multi-word
        (a province name counts as known)."""
        if "_" not in term or term in self.vocabulary:
            return False
        parts = term.split("_")

        def known(words: list[str]) -> bool:
            joined = "_".join(words)
            return joined in self.vocabulary or gazetteer.lookup(" ".join(words)) is not None

        return any(
            known(parts[:i]) and known(parts[i:]) and (i > 1 or len(parts) - i > 1)
            for i in range(1, len(parts))
        )

    def _named_documents(self, query: Query) -> np.ndarray:
        """Paragraphs of the corpus documents the question names by number."""
        if not query.documents:
            return np.zeros(0, dtype=np.int64)
        spans = [
            self.article_docs[aid]
            for name in query.documents
            for aid in self.by_doc_number.get(name.number, ())
            if name.matches(
                self.articles[aid].article.doc_type, self.articles[aid].article.doc_number
            )
        ]
        if not spans:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate([np.arange(a, b) for a, b in spans]))

    def rank(
        self,
        terms: list[str],
        k: int,
        boost: np.ndarray | None = None,
        allowed: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k best paragraphs and their scores: rank_bm25 scores the pre-selected candidates
        (times the boosts); ties keep corpus order, as a full get_scores + stable sort would."""
        boost = np.ones(self.n_docs) if boost is None else boost
        candidates = self._preselect(terms, boost, allowed)
        if candidates.size == 0:
            return candidates, np.zeros(0)
        view = self.bm25_view(terms, candidates)
        scores = (
            np.asarray(view.get_batch_scores(terms, list(range(len(candidates)))))
            * boost[candidates]
        )
        order = np.lexsort((candidates, -scores))[:k]
        return candidates[order], scores[order]

    def _boosts(self, years: list[int], figures: bool) -> np.ndarray:
        boost = np.ones(self.n_docs)
        for y in years:  # paragraph naming the year > article about the year
            if y in self.art_years:
                boost[self.art_years[y]] = np.maximum(boost[self.art_years[y]], 1.25)
        for y in years:
            if y in self.para_years:
                boost[self.para_years[y]] = 1.5
        if figures:
            boost *= 1.0 + 0.3 * self.has_figures
        return boost

    def _preselect(
        self, terms: list[str], boost: np.ndarray, allowed: np.ndarray | None
    ) -> np.ndarray:
        """Paragraphs that share a term with the question (and pass the province filter); when
        there are many, the PRESELECT best by the same BM25 formula."""
        tids = [t for t in map(self._tid, dict.fromkeys(terms)) if t is not None]
        if allowed is not None and allowed.size * 8 < self.n_docs:
            # A province's paragraphs: look them up in each posting list instead of scoring
            # every paragraph and masking (the same expression, so the same floats).
            scores = np.zeros(allowed.size)
            norm = self.norm[allowed]
            for tid in tids:
                tf = self._tf(tid, allowed)
                scores += self.idf[tid] * tf * (K1 + 1) / (tf + norm)
            keep = scores > 0
            matched, scores = allowed[keep], scores[keep]
        else:
            scores = np.zeros(self.n_docs)
            for tid in tids:
                docs, tf = self._postings(tid)
                tf = tf.astype(np.float64)
                scores[docs] += self.idf[tid] * tf * (K1 + 1) / (tf + self.norm[docs])
            if allowed is not None:
                mask = np.zeros(self.n_docs, dtype=bool)
                mask[allowed] = True
                scores[~mask] = 0.0
            matched = np.flatnonzero(scores > 0)
            scores = scores[matched]
        if matched.size <= PRESELECT:
            return matched
        final = scores * boost[matched]
        # Everything at or above the PRESELECT-th score, ties and rounding included, so the
        # cut never changes which paragraphs rank_bm25 puts on top.
        threshold = np.partition(final, final.size - PRESELECT)[final.size - PRESELECT]
        return matched[final >= threshold * (1 - 1e-9)]

    def _has(self, doc: int, term: str) -> bool:
        tid = self._tid(term)
        return tid is not None and bool(self._tf(tid, np.asarray([doc]))[0] > 0)

    def _coverage(
        self, doc: int, terms: list[str], alternatives: dict[str, tuple[str, ...]] | None = None
    ) -> float:
        # Share of the question's information (idf mass) present in the best paragraph with its
        # context: "giá vàng hôm nay" shares only "giá" and "nay" with the corpus, so it is refused.
        # A term is present through a synonym or a paraphrase of the phrase it is part of.
        alternatives = alternatives or {}

        def idf(t: str) -> float:
            tid = self._tid(t)
            return float(self.idf[tid]) if tid is not None else self.max_idf

        total = sum(idf(t) for t in terms)
        found = sum(
            idf(t)
            for t in terms
            if self._has(doc, t)
            or any(self._has(doc, s) for s in (*SYNONYMS.get(t, ()), *alternatives.get(t, ())))
        )
        return found / total if total > 0 else 0.0

    def _hit(self, doc: int, score: float, terms: list[str]) -> Hit:
        p = self.paragraphs[doc]
        art = self.articles[p.article].article
        words = set(re.findall(r"[\w.,%/-]+", fold(p.text)))
        folded = " " + " ".join(fold(p.text).split()) + " "
        matched = tuple(
            t for t in terms if t in words or ("_" in t and f" {t.replace('_', ' ')} " in folded)
        )
        return Hit(
            article=p.article,
            paragraph=p.number,
            text=p.text,
            score=round(score, 4) if math.isfinite(score) else 0.0,
            title=art.title,
            date=art.date,
            province=art.province,
            publisher=art.publisher,
            matched=matched,
            section=p.section,
            document=document_name(art),
            issuer=art.issuer,
            source=art.source,
        )


# --- building -------------------------------------------------------------------------------


def _index_batch(job: tuple[list[Article], dict]) -> list[IndexedArticle]:
    """Worker entry point: terms, records and document references of some articles.
    The articles themselves are not sent back (`_rejoin` puts the caller's own objects in):
    a second copy of every paragraph's text would cost the caller ~1.5× the corpus size."""
    articles, spans = job
    out = [index_article(a, spans) for a in articles]
    for ia in out:
        ia.article = None  # type: ignore[assignment]
    return out


def _rejoin(
    chunks: list[list[Article]],
    batches: Iterable[list[IndexedArticle]],
    progress: progress_mod.Callback | None = None,
):
    meter = _index_meter(progress, chunks)
    docs = passages = 0
    for chunk, batch in zip(chunks, batches, strict=True):
        for article, ia in zip(chunk, batch, strict=True):
            ia.article = article
            yield ia
        docs += len(chunk)
        passages += sum(len(a.paragraphs) for a in chunk)
        meter(passages, docs)
    progress_mod.stage(progress, "merge")


def _index_meter(progress: progress_mod.Callback | None, chunks: list[list[Article]]):
    total = sum(len(a.paragraphs) for chunk in chunks for a in chunk)
    return progress_mod.Meter(progress, "index", total, sum(map(len, chunks)))


def _pool(jobs: int) -> ProcessPoolExecutor | None:
    workers = max(1, min(os.cpu_count() or 1, 8))
    if workers == 1 or jobs < POOL_THRESHOLD:
        return None
    # spawn, not fork: the bot reloads from a process that runs threads and an event loop.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_follow_parent,
        initargs=(os.getpid(),),
    )


def _follow_parent(parent: int) -> None:
    """Pool worker start-up: exit once the process that started us is gone. A bot killed
    mid-reload (SIGKILL, OOM) would otherwise leave its workers idle forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="follow-parent").start()


def _texts(article: Article) -> list[str]:
    """What gets segmented: the title, the document's name, every paragraph and section path."""
    sections = dict.fromkeys(p.section for p in article.paragraphs if p.section)
    named = [document_name(article)] if article.doc_number else []
    return [article.title, *named, *(p.text for p in article.paragraphs), *sections]


def _chunks(items: list, parts: int) -> list[list]:
    size = max(1, -(-len(items) // parts))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _segment(
    todo: list[Article],
    cache: dict,
    pool: ProcessPoolExecutor | None,
    progress: progress_mod.Callback | None = None,
) -> int:
    """Add the spans of every title and paragraph of `todo` missing from `cache`; returns the
    number of texts the cache already had. Progress is reported once per batch."""
    keys: dict[str, str] = {}
    ends: list[int] = []  # per article: how many keys exist once its texts are in
    n_texts = 0
    for a in todo:
        texts = _texts(a)
        n_texts += len(texts)
        for t in texts:
            keys[segmentation_key(t)] = t
        ends.append(len(keys))
    flags = [k not in cache for k in keys]
    missing = list(itertools.compress(keys, flags))
    texts = [keys[k] for k in missing]
    del keys  # 10^5 keys: not to be held while the index is encoded
    # An article is segmented once every missing text up to its last key is.
    missing_upto = list(itertools.accumulate(flags, initial=0))
    ready = [missing_upto[e] for e in ends]  # non-decreasing
    del flags, missing_upto, ends
    if pool is None:
        batches: Iterable[list] = map(spans_batch, _chunks(texts, max(1, -(-len(texts) // 256))))
    else:
        batches = pool.map(spans_batch, _chunks(texts, 8 * pool._max_workers))
    meter = progress_mod.Meter(progress, "segment", len(texts), len(todo))
    spans: list = []
    for batch in batches:
        spans.extend(batch)
        meter(len(spans), bisect.bisect_right(ready, len(spans)))
    cache.update(zip(missing, spans, strict=True))
    return n_texts - len(missing)


def build(
    articles: list[Article],
    previous: SearchIndex | None = None,
    cache: dict | None = None,
    progress: progress_mod.Callback | None = None,
) -> tuple[SearchIndex, int, int]:
    """Build an index, reusing work: unchanged articles from `previous`, and paragraph
    segmentations from `cache` (digit-masked text → token spans; updated in place).
    Large batches run on a process pool (segmentation, then terms and records).
    `progress` is called once per batch of each stage (see bot.progress).
    Returns (index, articles segmented, texts served from the cache)."""
    reuse = {ia.article.digest: ia for ia in previous.articles.values()} if previous else {}
    cache = {} if cache is None else cache
    todo = [a for a in articles if not (a.digest in reuse and reuse[a.digest].article.id == a.id)]
    base = previous if previous is not None else SearchIndex()
    wanted = {a.id for a in articles}
    redone = {a.id for a in todo}
    removed = {aid for aid in base.articles if aid not in wanted or aid in redone}
    hits = None
    pool = _pool(sum(len(a.paragraphs) for a in todo))
    if pool is not None:
        try:
            hits = _segment(todo, cache, pool, progress)
            chunks = _chunks(todo, max(8 * pool._max_workers, len(todo) // 100))
            jobs = (
                (chunk, {k: cache[k] for a in chunk for k in map(segmentation_key, _texts(a))})
                for chunk in chunks
            )
            # Consumed as it arrives: the index encodes each batch and drops its term lists.
            fresh = _rejoin(chunks, pool.map(_index_batch, jobs), progress)
            return base.updated(removed, fresh), len(todo), hits
        except BrokenProcessPool:  # no pool here (e.g. an unimportable __main__): go serial
            log.warning("process pool unavailable; indexing in this process", exc_info=True)
        finally:
            pool.shutdown(cancel_futures=True)
    serial_hits = _segment(todo, cache, None, progress)
    hits = serial_hits if hits is None else hits
    return base.updated(removed, _serial(todo, cache, progress)), len(todo), hits


def _serial(todo: list[Article], cache: dict, progress: progress_mod.Callback | None):
    """Index articles in this process, reporting in batches of about 1,000 paragraphs."""
    meter = _index_meter(progress, [todo])
    docs = passages = reported = 0
    for article in todo:
        yield index_article(article, cache)
        docs += 1
        passages += len(article.paragraphs)
        if passages - reported >= 1000 or docs == len(todo):
            reported = passages
            meter(passages, docs)
    progress_mod.stage(progress, "merge")


# --- persistence ----------------------------------------------------------------------------


_ARRAYS = ("doc_article", "doc_len", "has_figures", "post_doc", "post_tf", "term_counts")
_SHARDS = 64  # article metadata files; a reload rewrites only the shards it changed


def _shard(article_id: str) -> int:
    import hashlib

    return (
        int.from_bytes(hashlib.blake2b(article_id.encode(), digest_size=4).digest(), "big")
        % _SHARDS
    )


def _write(path: Path, write) -> None:
    with path.open("wb") as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())


class PendingGeneration:
    """A generation written and fsynced but not yet current: `switch()` makes it current (a
    rename, no new data to write) and removes the superseded ones; `discard()` removes it."""

    def __init__(self, index_dir: Path, gen: Path, pointer: Path):
        self.index_dir, self.gen, self.pointer = index_dir, gen, pointer
        self.name = gen.name

    def switch(self) -> None:
        os.replace(self.pointer, self.index_dir / CURRENT)
        for old in self.index_dir.glob("gen-*"):  # superseded generations (open mmaps stay valid)
            if old != self.gen:
                shutil.rmtree(old, ignore_errors=True)
        for stale in self.index_dir.glob(f".{CURRENT}.*.tmp"):
            stale.unlink(missing_ok=True)

    def discard(self) -> None:
        self.pointer.unlink(missing_ok=True)
        shutil.rmtree(self.gen, ignore_errors=True)


def save(index: SearchIndex, index_dir: Path) -> str:
    """Persist atomically: write a new generation folder, fsync, then switch CURRENT to it."""
    pending = prepare(index, index_dir)
    pending.switch()
    return pending.name


def prepare(index: SearchIndex, index_dir: Path) -> PendingGeneration:
    """Write a new generation folder and its CURRENT pointer, fsynced, without switching.
    Arrays are .npy files (memory-mapped on load); article metadata is sharded, and shards a
    reload did not touch are hard links to the previous generation's files."""
    index_dir.mkdir(parents=True, exist_ok=True)
    previous = index_file(index_dir)
    previous_sigs: dict[str, str] = {}
    if previous is not None:
        try:
            with (previous.parent / "shards.pkl").open("rb") as fh:
                previous_sigs = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError):
            previous_sigs = {}
    gen = Path(tempfile.mkdtemp(prefix="gen-", dir=index_dir))
    try:
        for name in _ARRAYS:
            _write(
                gen / f"{name}.npy",
                lambda fh, name=name: np.save(fh, np.asarray(getattr(index, name))),
            )
        shards: dict[int, dict[str, IndexedArticle]] = defaultdict(dict)
        for aid, ia in index.articles.items():
            shards[_shard(aid)][aid] = ia
        sigs: dict[str, str] = {}
        for number, members in shards.items():
            name = f"shard-{number:02d}.pkl"
            sigs[name] = repr(sorted((aid, ia.article.digest) for aid, ia in members.items()))
            if previous is not None and previous_sigs.get(name) == sigs[name]:
                try:
                    os.link(previous.parent / name, gen / name)
                    continue
                except OSError:
                    pass
            _write(
                gen / name,
                lambda fh, m=members: pickle.dump(m, fh, protocol=pickle.HIGHEST_PROTOCOL),
            )
        meta = {
            "version": FORMAT_VERSION,
            "vocabulary": index.vocabulary,
            "slots": index.slots,
            "para_years": index.para_years,
            "art_years": index.art_years,
            "by_province_arr": index.by_province_arr,
        }
        _write(
            gen / "shards.pkl", lambda fh: pickle.dump(sigs, fh, protocol=pickle.HIGHEST_PROTOCOL)
        )
        _write(
            gen / "index.pkl", lambda fh: pickle.dump(meta, fh, protocol=pickle.HIGHEST_PROTOCOL)
        )
        pointer = index_dir / f".{CURRENT}.{gen.name}.tmp"
        _write(pointer, lambda fh: fh.write(gen.name.encode("utf-8")))
    except BaseException:
        PendingGeneration(index_dir, gen, index_dir / f".{CURRENT}.{gen.name}.tmp").discard()
        raise
    return PendingGeneration(index_dir, gen, pointer)


def current_generation(index_dir: Path) -> str | None:
    """Name of the generation CURRENT points at."""
    path = index_file(index_dir)
    return path.parent.name if path else None


def index_file(index_dir: Path) -> Path | None:
    """The main file of the current generation, if any."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = index_dir / name / "index.pkl"
    return path if name.startswith("gen-") and path.is_file() else None


def load(index_dir: Path) -> SearchIndex | None:
    """The persisted index, or None when missing, stale or unreadable."""
    path = index_file(index_dir)
    if path is None:
        return None
    gen = path.parent
    gc_was_enabled = gc.isenabled()
    gc.disable()  # unpickling ~10^6 objects with the cyclic GC running is several times slower
    try:
        with path.open("rb") as fh:
            meta = pickle.load(fh)
        if not isinstance(meta, dict) or meta.get("version") != FORMAT_VERSION:
            return None
        index = SearchIndex.__new__(SearchIndex)
        for name in _ARRAYS:
            setattr(index, name, np.load(gen / f"{name}.npy", mmap_mode="r"))
        for key in ("vocabulary", "slots", "para_years", "art_years", "by_province_arr"):
            setattr(index, key, meta[key])
        articles: dict[str, IndexedArticle] = {}
        for shard in sorted(gen.glob("shard-*.pkl")):
            with shard.open("rb") as fh:
                articles.update(pickle.load(fh))
        index.articles = {aid: articles[aid] for aid in index.slots}
        index._derive()
    except (
        OSError,
        EOFError,
        KeyError,
        pickle.UnpicklingError,
        ValueError,
        AttributeError,
        ImportError,
    ):
        return None
    finally:
        # The objects just loaded live as long as the index: keep them out of the cyclic GC's
        # scans, or the first full collection after loading pauses for ~0.3 s at 10^5 paragraphs.
        gc.freeze()
        if gc_was_enabled:
            gc.enable()
    return index


def _cache_version() -> str:
    # Spans are only valid for the segmenter that produced them, in the packing that stores them.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"spans-2/underthesea-{version('underthesea')}"
    except PackageNotFoundError:
        return "spans-2"


def load_cache(index_dir: Path) -> dict:
    """The segmentation cache (digit-masked paragraph → packed token spans)."""
    try:
        with (index_dir / SEGMENT_CACHE).open("rb") as fh:
            stored = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError, ImportError):
        return {}
    if not isinstance(stored, dict) or stored.get("version") != _cache_version():
        return {}  # another format or segmenter: segment afresh
    spans = stored.get("spans")
    return spans if isinstance(spans, dict) else {}


def save_cache(cache: dict, index_dir: Path) -> None:
    """Persist the segmentation cache atomically."""
    index_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".segments-", dir=index_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(
                {"version": _cache_version(), "spans": cache}, fh, protocol=pickle.HIGHEST_PROTOCOL
            )
        os.replace(tmp, index_dir / SEGMENT_CACHE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)  # a full disk leaves no half-written cache behind
        raise

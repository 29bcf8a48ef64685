"""The search index: segmented paragraphs ranked by BM25 (bot/search/bm25.py).

Each paragraph is indexed with its article's context (title, province, year), because a
paragraph listing "the targets for 2023" rarely repeats which province it is about.
A question's provinces, the documents it names and its national scope filter the paragraphs;
its years and its wish for figures boost them.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from bot import gazetteer
from bot.corpus import Article
from bot.figures.docrefs import number_key
from bot.query import Query
from bot.records import DocRef, Record, covers, document_lookup
from bot.search import bm25, postings
from bot.search.article import IndexedArticle, document_name
from bot.search.province_records import Bulk, Loader, ProvinceRecords
from bot.search.results import Hit, Reason, SearchResult
from bot.terms import DOMAIN_TERMS, SYNONYMS, expansions, query_terms, text_terms
from bot.text import fold

CITED_FOLLOWING = 3  # paragraphs after a citation searched with it
HEADER_BOOST = 2.0  # a document's header, when the question only names the document
DOMAIN_COVERAGE = 0.7  # share of min_coverage enough for a question about cooperatives
NATIONAL_TERMS = frozenset(
    {"ca_nuoc", "ca", "nuoc", "toan_quoc", "toan", "quoc", "viet_nam", "viet", "quoc_gia"}
)


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


class SearchIndex:
    """Immutable once built: a reload derives a new one (`updated`) and swaps the reference.

    Postings are CSR arrays sorted by term, then paragraph (bot/search/postings.py). A reload
    removes the changed articles' paragraphs and merges the new ones in with vectorised numpy
    operations, so its cost grows with the size of the change, not of the corpus.
    """

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}  # term → id; ids are 0..n-1 in order of arrival
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

    def _derive(self, records: ProvinceRecords | None = None) -> None:
        """Everything computed from the stored state: cheap, redone after load and update
        (`records`: the updated index's, carried from the previous one)."""
        self.n_docs = len(self.doc_len)
        self.postings = postings.Postings.of(self.post_doc, self.post_tf, self.term_counts)
        self.term_ptr = self.postings.ptr
        self.avgdl = float(self.doc_len.mean()) if self.n_docs else 0.0
        # BM25's length normalisation per paragraph, reused by queries
        self.norm = bm25.length_norm(self.doc_len, self.avgdl) if self.n_docs else self.doc_len
        counts = self.term_counts.astype(np.float64)
        self.idf = bm25.idf(counts, self.n_docs) if self.n_docs else np.zeros(len(counts))
        self.max_idf = float(self.idf.max()) if self.idf.size else 1.0
        self.scorer = bm25.Scorer(self.postings, self.idf, self.norm, self.doc_len, self.avgdl)
        self.paragraphs = [p for aid in self.slots for p in self.articles[aid].article.paragraphs]
        self._derive_figures(records=records)
        # Each article's paragraphs are one run of doc ids, in slot order.
        self.article_docs: dict[str, tuple[int, int]] = {}
        self.by_doc_number: dict[str, list[str]] = defaultdict(list)
        national: list[np.ndarray] = []
        first = 0
        for aid in self.slots:
            art = self.articles[aid].article
            self.article_docs[aid] = (first, first + len(art.paragraphs))
            if art.doc_number and (key := number_key(art.doc_number)):
                self.by_doc_number[key].append(aid)
            if art.national:
                national.append(np.arange(first, first + len(art.paragraphs)))
            first += len(art.paragraphs)
        self.national_docs = np.concatenate(national) if national else np.zeros(0, dtype=np.int64)

    def _derive_figures(self, records: ProvinceRecords | None = None) -> None:
        """The lookups of the articles' records and cited documents. Those are a cache of the
        SQL store (bot/db), their one home, and are never saved with the index: the engine
        gives an index it opens its cited documents and a loader of its records
        (`attach_figures`), and a reload's changed articles bring the ones just extracted and
        committed to SQL with them."""
        self.records_by_province = (
            records if records is not None else ProvinceRecords(self.articles)
        )
        self._records_in_year: dict[tuple[str, int], list[Record]] = {}
        self.doc_refs = [d for ia in self.articles.values() for d in ia.doc_refs]
        self.documents = document_lookup(self.doc_refs)

    def attach_figures(
        self, loader: Loader, doc_refs: dict[str, list[DocRef]], bulk: Bulk | None = None
    ) -> None:
        """Give the articles their cited documents as read from SQL, and the index the
        readers of their records: all at once (`bulk`) on first use, else per province
        (before the index is served: it is not immutable until then)."""
        for aid, ia in self.articles.items():
            ia.doc_refs = doc_refs.get(aid, [])
        self._derive_figures(ProvinceRecords(self.articles, loader, bulk=bulk))

    def article_records(self, article_id: str) -> list[Record]:
        """One article's records."""
        return self.records_by_province.of_article(article_id)

    def updated(self, removed: set[str], added: Iterable[IndexedArticle]) -> SearchIndex:
        """A new index without the `removed` articles and with `added` appended (the kept
        articles bring the records read so far; see `ProvinceRecords.carried`)."""
        new = SearchIndex.__new__(SearchIndex)
        new.vocabulary = dict(self.vocabulary)  # a copy: this snapshot keeps serving meanwhile
        gone = [i for i, aid in enumerate(self.slots) if aid in removed]
        keep_doc = ~np.isin(self.doc_article, np.asarray(gone, dtype=np.int32))
        renumber = np.cumsum(keep_doc) - 1  # old doc id → new doc id (for kept docs)
        n_keep = int(keep_doc.sum())

        # Articles: the kept ones in their order, then the added ones.
        kept_slots = [aid for aid in self.slots if aid not in removed]
        block = postings.encode(added, new.vocabulary, first_doc=n_keep, first_slot=len(kept_slots))
        new.slots = kept_slots + [ia.article.id for ia in block.articles]
        code = {aid: i for i, aid in enumerate(new.slots)}
        new.articles = {aid: self.articles[aid] for aid in kept_slots} | {
            ia.article.id: ia for ia in block.articles
        }
        old_to_new = np.asarray([code.get(aid, -1) for aid in self.slots], dtype=np.int32)

        # Postings: the kept ones (removed docs dropped, the rest renumbered; still sorted by
        # term) come first in doc order, then the new parts.
        new.post_doc, new.post_tf, new.term_counts = postings.update(
            self.postings, self.term_counts, keep_doc, block.parts, len(new.vocabulary)
        )

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
        fresh = [ia.article.id for ia in block.articles]
        new._derive(self.records_by_province.carried(new.articles, fresh))
        return new

    def doc_term_lists(self) -> list[list[str]]:
        """Every paragraph's terms with repeats, as rank_bm25 would be given them (bench/tests)."""
        return postings.term_lists(self.postings, self.term_counts, self.vocabulary, self.n_docs)

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

    def _tid(self, term: str) -> int | None:
        tid = self.vocabulary.get(term)
        return tid if tid is not None and tid < len(self.idf) else None

    def _known(self, terms: list[str]) -> dict[str, int]:
        """The query terms the index has, with their ids, once each in query order."""
        return {t: tid for t in dict.fromkeys(terms) if (tid := self._tid(t)) is not None}

    def rank(
        self,
        terms: list[str],
        k: int,
        boost: np.ndarray | None = None,
        allowed: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k best paragraphs and their BM25 scores (times the boosts), among `allowed`."""
        boost = np.ones(self.n_docs) if boost is None else boost
        return self.scorer.rank(terms, self._known(terms), k, boost, allowed)

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
        named, heads = self._named_documents(query)
        held = bool(heads.size)
        if named.size:
            # A document named by its number is the one asked about.
            inside = named if allowed is None else np.intersect1d(allowed, named)
            allowed = inside if inside.size else named
        named_terms = terms
        if held:
            # A document the corpus holds is now the filter; its name left in the query would
            # rank the header that repeats it ("Số: 1125/BC-SKHĐT … BÁO CÁO") over the passages
            # that answer. Unless the name is all the question says. (A document the corpus
            # only cites keeps its name: the citing passage is found by it.)
            drop = {t for name in query.documents for t in text_terms(name.said)}
            if any(t not in drop for t in core):
                terms = [t for t in terms if t not in drop] or terms
                core = [t for t in core if t not in drop]
                result.terms = terms
                heads = heads[:0]
        # A question that only names the document is answered by its header: what it is, who
        # issued it and when.
        elif query.national and self.national_docs.size:
            allowed = self.national_docs
            result.national = True
            # The scope is now a filter, not something the passage must say or be ranked by.
            core = [t for t in core if t not in NATIONAL_TERMS] or core
            terms = [t for t in terms if t not in NATIONAL_TERMS] or terms
            result.terms = terms

        in_domain = any(t in DOMAIN_TERMS for t in terms)
        threshold = min_coverage * (DOMAIN_COVERAGE if in_domain else 1.0)
        if named.size:
            # A document the corpus holds or cites, named by its number, is what the question
            # is about, whatever else it says ("Báo cáo số 529 nội dung chính").
            threshold = 0.0
        boost = self._boosts(years, query.wants_figures)
        boost[heads] *= HEADER_BOOST
        docs, scores = self.rank(terms, top_k, boost, allowed)
        if terms is not named_terms and not (scores.size and scores[0] > 0):
            # Nothing in the named document says the rest: it is still what was asked for.
            terms = result.terms = named_terms
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

    def _named_documents(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        """Paragraphs of the corpus documents the question names by number, and the first
        paragraph (the header) of each when they are the documents themselves; none when they
        are the passages citing them."""
        none = np.zeros(0, dtype=np.int64)
        if not query.documents:
            return none, none
        spans = [
            self.article_docs[aid]
            for name in query.documents
            for aid in self.by_doc_number.get(name.number, ())
            if name.matches(
                self.articles[aid].article.doc_type, self.articles[aid].article.doc_number
            )
        ]
        heads = np.array(sorted({a for a, _ in spans}), dtype=np.int64)
        if not spans:
            spans = self._citing(query)
        if not spans:
            return none, none
        return np.unique(np.concatenate([np.arange(a, b) for a, b in spans])), heads

    def _citing(self, query: Query) -> list[tuple[int, int]]:
        """Where a document the corpus only cites is named, with the paragraphs that follow
        it in the same article (what a plan or decision sets is told after it is named)."""
        spans = []
        for name in query.documents:
            for ref in self.documents.get(name.number, ()):
                if not name.matches(ref.kind, ref.number) or ref.article not in self.article_docs:
                    continue
                first, end = self.article_docs[ref.article]
                at = first + ref.paragraph - 1
                spans.append((at, min(end, at + 1 + CITED_FOLLOWING)))
        return spans

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

    def _has(self, doc: int, term: str) -> bool:
        tid = self._tid(term)
        return tid is not None and bool(self.postings.tf_in(tid, np.asarray([doc]))[0] > 0)

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

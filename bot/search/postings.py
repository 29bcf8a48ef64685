"""Term postings as CSR numpy arrays, sorted by term then paragraph: encoding articles into
sorted parts, merging parts with a counting sort, updating the arrays for a changed corpus,
and looking up a term's postings.

`post_doc[ptr[t]:ptr[t + 1]]` are the paragraphs holding term id t, in order, and `post_tf`
the term's count in each; `counts[t]` is the number of postings of term t.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from bot.search.article import IndexedArticle, count_figures
from bot.terms import years_in

PART_POSTINGS = 1 << 20  # postings per encoded part


def _libc():
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


_LIBC = _libc() if sys.platform.startswith("linux") else None


def _release_memory() -> None:
    """Hand freed heap back to the OS (glibc keeps it otherwise): the term tuples of each
    encoded batch are large allocations that would stay counted in the process's RSS."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


@dataclass(frozen=True, eq=False)
class Postings:
    """Read access to the CSR arrays."""

    doc: np.ndarray  # int32
    tf: np.ndarray  # uint16 when every count fits, else int32
    ptr: np.ndarray  # int64, one more than the number of terms

    @classmethod
    def of(cls, doc: np.ndarray, tf: np.ndarray, counts: np.ndarray) -> Postings:
        return cls(doc, tf, pointers(counts))

    def term(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        """The paragraphs holding term `tid` and its count in each."""
        s, e = self.ptr[tid], self.ptr[tid + 1]
        return self.doc[s:e], self.tf[s:e]

    def tf_in(self, tid: int, docs: np.ndarray) -> np.ndarray:
        """The count of term `tid` in each of the (sorted) paragraphs `docs`, 0 when absent."""
        pdocs, ptfs = self.term(tid)
        pos = np.searchsorted(pdocs, docs)
        pos[pos >= len(pdocs)] = 0
        found = pdocs[pos] == docs if len(pdocs) else np.zeros(len(docs), dtype=bool)
        return np.where(found, ptfs[pos] if len(pdocs) else 0, 0).astype(np.float64)


def pointers(counts: np.ndarray) -> np.ndarray:
    """CSR row pointers from per-term posting counts."""
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


class Part(NamedTuple):
    """A run of postings sorted by term, then doc, whose docs all follow earlier parts' docs.
    Terms are not stored per posting: `counts[t]` postings of term t come before those of t+1."""

    doc: np.ndarray  # int32
    tf: np.ndarray  # uint16 when every count fits, else int32
    counts: np.ndarray  # postings per term id (may be shorter than the final vocabulary)


def _sorted_part(term: np.ndarray, doc: np.ndarray, tf: np.ndarray, n_terms: int) -> Part:
    order = np.argsort(term, kind="stable")  # doc order kept within each term
    return Part(
        doc[order],
        _narrow(tf[order]),
        np.bincount(term, minlength=n_terms),
    )


def _narrow(tf: np.ndarray) -> np.ndarray:
    # Term counts above 65535 in one paragraph are pathological; uint16 halves the array.
    return tf.astype(np.uint16) if not tf.size or int(tf.max()) <= 0xFFFF else tf


@dataclass
class Block:
    """New articles' paragraphs encoded against the vocabulary, in parts of ~10^6 postings."""

    articles: list[IndexedArticle]
    parts: list[Part]
    doc_article: np.ndarray
    doc_len: np.ndarray
    figures: np.ndarray
    para_years: dict[int, list[int]]
    art_years: dict[int, list[int]]
    provinces: dict[str, list[int]]


def encode(
    added: Iterable[IndexedArticle], vocab: dict[str, int], first_doc: int, first_slot: int
) -> Block:
    """Paragraphs of `added` as postings parts and per-paragraph arrays; new terms are added
    to `vocab` (ids in order of first appearance)."""
    # `added` may be a stream from the process pool: each article's terms are encoded into
    # int32 arrays and dropped as it arrives, so Python term tuples for the whole corpus
    # (~50 bytes a posting) never coexist in memory.
    articles: list[IndexedArticle] = []
    parts: list[Part] = []
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
            # A news item under "Mục tiêu đến năm 2025" is about 2025 though it never says so.
            for y in years_in(p.text) | years_in(p.context):
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
    return Block(
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


def place(parts: list[Part], n_terms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


def insert(
    kept: Part, parts: list[Part], n_terms: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`place` for a small change: the few new postings are inserted after each term's kept
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


def update(
    old: Postings,
    old_counts: np.ndarray,
    keep_doc: np.ndarray,
    parts: list[Part],
    n_terms: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The postings without the paragraphs `keep_doc` marks False (the others renumbered in
    order), followed by the new `parts`: kept postings stay sorted by term, so no posting is
    re-sorted. Returns (post_doc, post_tf, term_counts)."""
    if not old.doc.size:
        return place(parts, n_terms)
    renumber = np.cumsum(keep_doc) - 1  # old doc id → new doc id (for kept docs)
    keep_post = keep_doc[old.doc]
    # Counts per term without expanding every posting's term: only removed ones.
    dropped = np.searchsorted(old.ptr, np.flatnonzero(~keep_post), side="right") - 1
    kept = Part(
        renumber.astype(np.int32)[old.doc[keep_post]],
        old.tf[keep_post],
        old_counts - np.bincount(dropped, minlength=len(old_counts)),
    )
    del keep_post
    if sum(p.doc.size for p in parts) * 8 < kept.doc.size:
        return insert(kept, parts, n_terms)
    return place([kept, *parts], n_terms)


def term_lists(
    postings: Postings, counts: np.ndarray, vocabulary: dict[str, int], n_docs: int
) -> list[list[str]]:
    """Every paragraph's terms with repeats, as rank_bm25 would be given them (bench/tests)."""
    words = [""] * len(vocabulary)
    for term, tid in vocabulary.items():
        words[tid] = term
    post_term = np.repeat(np.arange(len(counts)), counts)
    docs: list[list[str]] = [[] for _ in range(n_docs)]
    for d, t, tf in zip(
        postings.doc.tolist(), post_term.tolist(), postings.tf.tolist(), strict=True
    ):
        docs[d].extend([words[t]] * tf)
    return docs

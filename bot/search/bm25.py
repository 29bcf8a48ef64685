"""BM25Okapi exactly as rank_bm25 computes it, over the postings arrays.

A question's candidates come from the postings of its terms (and a filter); numpy pre-scores
them with BM25Okapi's own formula and idf to keep the best PRESELECT, and rank_bm25's
`BM25Okapi.get_batch_scores` scores those for the final ranking. The top results equal a full
`get_scores` over every paragraph (tests/test_scale.py proves it), at a fraction of the cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi

from bot.search.postings import Postings

K1, B, EPSILON = 1.5, 0.75, 0.25  # BM25Okapi's defaults
PRESELECT = 50  # candidates handed to rank_bm25 for the final scores


def idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """BM25Okapi._calc_idf, vectorised: the same values rank_bm25 computes, floor included."""
    out = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
    present = df > 0
    average = float(out[present].mean()) if present.any() else 0.0
    out[present & (out < 0)] = EPSILON * average
    out[~present] = 0.0
    return out


def length_norm(doc_len: np.ndarray, avgdl: float) -> np.ndarray:
    """BM25's length normalisation per paragraph, k1·(1 − b + b·len/avgdl)."""
    return K1 * (1 - B + B * doc_len / avgdl)


@dataclass(frozen=True, eq=False)
class Scorer:
    """Corpus statistics and postings: everything BM25 needs to score paragraphs."""

    postings: Postings
    idf: np.ndarray  # per term id
    norm: np.ndarray  # length_norm per paragraph
    doc_len: np.ndarray
    avgdl: float

    @property
    def n_docs(self) -> int:
        return len(self.doc_len)

    def rank(
        self,
        terms: list[str],
        known: dict[str, int],
        k: int,
        boost: np.ndarray,
        allowed: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k best paragraphs for the query `terms` (`known`: those in the vocabulary, with
        their ids) and their scores: rank_bm25 scores the pre-selected candidates (times the
        boosts); ties keep corpus order, as a full get_scores + stable sort would."""
        candidates = self.preselect(list(known.values()), boost, allowed)
        if candidates.size == 0:
            return candidates, np.zeros(0)
        view = self.view(known, candidates)
        scores = (
            np.asarray(view.get_batch_scores(terms, list(range(len(candidates)))))
            * boost[candidates]
        )
        order = np.lexsort((candidates, -scores))[:k]
        return candidates[order], scores[order]

    def preselect(
        self, tids: list[int], boost: np.ndarray, allowed: np.ndarray | None
    ) -> np.ndarray:
        """Paragraphs that share a term with the question (and are `allowed`); when there are
        many, the PRESELECT best by the same BM25 formula."""
        if allowed is not None and allowed.size * 8 < self.n_docs:
            # A province's paragraphs: look them up in each posting list instead of scoring
            # every paragraph and masking (the same expression, so the same floats).
            scores = np.zeros(allowed.size)
            norm = self.norm[allowed]
            for tid in tids:
                tf = self.postings.tf_in(tid, allowed)
                scores += self.idf[tid] * tf * (K1 + 1) / (tf + norm)
            keep = scores > 0
            matched, scores = allowed[keep], scores[keep]
        else:
            scores = np.zeros(self.n_docs)
            for tid in tids:
                docs, tf = self.postings.term(tid)
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

    def view(self, known: dict[str, int], docs: np.ndarray) -> BM25Okapi:
        """A BM25Okapi holding just `docs` and the query terms, with the whole corpus's
        statistics (idf, average length): its get_batch_scores equal a full index's scores."""
        view = BM25Okapi.__new__(BM25Okapi)
        view.k1, view.b, view.epsilon = K1, B, EPSILON
        view.corpus_size, view.avgdl, view.tokenizer = self.n_docs, self.avgdl, None
        view.doc_len = self.doc_len[docs]
        view.idf = {}
        freqs: list[dict[str, float]] = [{} for _ in range(len(docs))]
        for term, tid in known.items():
            view.idf[term] = float(self.idf[tid])
            tf = self.postings.tf_in(tid, docs)
            present = np.flatnonzero(tf)
            for i, value in zip(present.tolist(), tf[present].tolist(), strict=True):
                freqs[i][term] = value
        view.doc_freqs = freqs
        return view

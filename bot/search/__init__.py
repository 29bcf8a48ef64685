"""Search: paragraphs ranked by BM25 over numpy postings, persisted in index/.

In data-flow order: article (what one article contributes: terms, context, records), build
(segmentation on a process pool, reuse of unchanged work), postings (CSR arrays: encoding,
merging, updating), index (SearchIndex: filters, boosts, coverage, hits), bm25 (the scoring,
equal to rank_bm25's), store (generations on disk, the segmentation cache), results (what the
presentation layers get).
"""

"""Candidate scoring must not change the ranking: equal top-10s with a full rank_bm25 pass."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from bench.synth import generate
from bot import index as index_mod
from bot.corpus import load_corpus
from bot.terms import query_terms
from tests.conftest import REPO, SEED_CORPUS

QUESTIONS = [json.loads(x)["query"] for x in (REPO / "tests" / "eval_questions.jsonl").open()]
QUESTIONS += [
    "hỗ trợ thành lập mới HTX",
    "ho tro thanh lap moi htx",
    "doanh thu bình quân",
    "thành viên",
    "HTX",
    "kinh tế tập thể",
    "Nghị định 193",
    "liên hiệp HTX",
    "OCOP 3 sao",
    "chuyển đổi số",
    "cán bộ quản lý trình độ cao đẳng đại học",
    "vốn điều lệ",
    "60.500 thành viên",
    "6-8%",
]


@pytest.fixture(scope="module")
def synthetic_index(tmp_path_factory: pytest.TempPathFactory) -> index_mod.SearchIndex:
    folder = tmp_path_factory.mktemp("synthetic")
    generate(SEED_CORPUS, folder, 3000, seed=7)
    articles, skipped = load_corpus(folder)
    assert not skipped and sum(len(a.paragraphs) for a in articles) >= 3000
    index, _, _ = index_mod.build(articles)
    return index


def _full_bm25(index: index_mod.SearchIndex) -> BM25Okapi:
    docs = []
    for ia in index.articles.values():
        context = Counter(ia.context_terms)
        docs.extend(list((own + context).elements()) for own in ia.doc_terms)
    return BM25Okapi(docs)


def test_candidate_ranking_equals_full_get_scores(synthetic_index: index_mod.SearchIndex):
    full = _full_bm25(synthetic_index)
    compared = 0
    for question in QUESTIONS:
        terms, _ = query_terms(question, synthetic_index.vocabulary)
        if not terms:
            continue
        scores = full.get_scores(terms)
        expected = [d for d in np.argsort(-scores, kind="stable")[:10] if scores[d] > 0]
        docs, got_scores = synthetic_index.rank(terms, 10)
        assert docs.tolist() == expected, question
        assert np.allclose(got_scores, scores[expected]), question
        compared += 1
    assert compared >= 50


def test_idf_and_lengths_match_rank_bm25(synthetic_index: index_mod.SearchIndex):
    full = _full_bm25(synthetic_index)
    assert synthetic_index.avgdl == pytest.approx(full.avgdl)
    for term, tid in list(synthetic_index.vocabulary.items())[::97]:
        assert synthetic_index.idf[tid] == pytest.approx(full.idf[term]), term


def test_reload_after_one_change_reuses_everything_else(tmp_path: Path):
    from bot.engine import Engine
    from tests.conftest import make_config

    folder = tmp_path / "corpus"
    generate(SEED_CORPUS, folder, 600, seed=3)
    engine = Engine(make_config(folder, tmp_path / "ix"))
    first = engine.reload()
    target = sorted(folder.iterdir())[5]
    target.write_text(target.read_text("utf-8").replace("HTX", "hợp tác xã", 1), "utf-8")
    second = engine.reload()
    assert (second.articles, second.segmented, second.reused) == (
        first.articles,
        1,
        first.articles - 1,
    )

"""Candidate scoring must not change the ranking: equal top-10s with a full rank_bm25 pass."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from bench.synth import generate
from bot.corpus_load import load_corpus
from bot.search.build import build
from bot.search.index import SearchIndex
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
def synthetic_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    folder = tmp_path_factory.mktemp("synthetic")
    generate(SEED_CORPUS, folder, 3000, seed=7)
    articles, skipped = load_corpus(folder)
    assert not skipped and sum(len(a.paragraphs) for a in articles) >= 3000
    index, _, _ = build(articles)
    return index


def _full_bm25(index: SearchIndex) -> BM25Okapi:
    return BM25Okapi(index.doc_term_lists())


def test_candidate_ranking_equals_full_get_scores(synthetic_index: SearchIndex):
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


def test_idf_and_lengths_match_rank_bm25(synthetic_index: SearchIndex):
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


def test_incremental_update_equals_a_fresh_build(tmp_path: Path):
    folder = tmp_path / "corpus"
    generate(SEED_CORPUS, folder, 800, seed=11)
    articles, _ = load_corpus(folder)
    first, _, _ = build(articles)
    # Remove three articles, change two, add one.
    gone = {articles[3].id, articles[10].id, articles[20].id}
    changed = [articles[5], articles[40]]
    for art in changed:
        path = folder / f"{art.id}.txt"
        parts = path.read_text("utf-8").split("\n\n")
        parts.insert(
            2, "Hợp tác xã thí điểm mô hình nuôi tôm càng xanh kết hợp trồng lúa đạt hiệu quả."
        )
        path.write_text("\n\n".join(parts), "utf-8")
    for aid in gone:
        (folder / f"{aid}.txt").unlink()
    (folder / "zz_new.txt").write_text(
        "Hợp tác xã dược liệu tỉnh Lào Cai năm 2025\nNgày: 02/03/2025\n"
        "Năm 2025 tỉnh Lào Cai phấn đấu thành lập mới 25 hợp tác xã trồng dược liệu quý.\n",
        "utf-8",
    )
    known = {a.id: a for a in first.article_list}
    articles2, _ = load_corpus(folder, known)
    updated, segmented, _ = build(articles2, first)
    assert segmented == 3
    order = {aid: i for i, aid in enumerate(updated.slots)}
    fresh, _, _ = build(sorted(articles2, key=lambda a: order[a.id]), None)
    assert updated.slots == fresh.slots and updated.n_docs == fresh.n_docs
    assert [sorted(d) for d in updated.doc_term_lists()] == [
        sorted(d) for d in fresh.doc_term_lists()
    ]
    assert updated.avgdl == pytest.approx(fresh.avgdl)
    full = BM25Okapi(updated.doc_term_lists())
    for question in QUESTIONS[:30] + ["dược liệu quý Lào Cai"]:
        terms, _ = query_terms(question, updated.vocabulary)
        scores = full.get_scores(terms)
        expected = [d for d in np.argsort(-scores, kind="stable")[:10] if scores[d] > 0]
        assert updated.rank(terms, 10)[0].tolist() == expected, question

"""The persisted index: JSON and .npy files read back equal, the segmentation cache, format."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from bot.corpus import load_corpus
from bot.search import store
from bot.search.build import build
from bot.search.index import SearchIndex
from tests.conftest import SEED_CORPUS


@pytest.fixture(scope="module")
def seed_index() -> SearchIndex:
    articles, _ = load_corpus(SEED_CORPUS)
    index, _, _ = build(articles)
    return index


def test_saved_index_loads_back_equal_without_pickled_arrays(seed_index, tmp_path: Path):
    store.save(seed_index, tmp_path)
    gen = store.index_file(tmp_path).parent
    pickled = {p.name for p in gen.iterdir() if p.suffix == ".pkl"}
    assert pickled and all(name.startswith("shard-") for name in pickled)
    for array in gen.glob("*.npy"):
        np.load(array, allow_pickle=False)  # plain arrays, no object dtype
    loaded = store.load(tmp_path)
    assert loaded is not None
    assert loaded.vocabulary == seed_index.vocabulary
    assert list(loaded.vocabulary) == list(seed_index.vocabulary)  # ids in the same order
    assert loaded.slots == seed_index.slots
    for name in ("doc_article", "doc_len", "has_figures", "post_doc", "post_tf", "term_counts"):
        got, want = getattr(loaded, name), getattr(seed_index, name)
        assert got.dtype == want.dtype and np.array_equal(got, want), name
    for name in ("para_years", "art_years", "by_province_arr"):
        got, want = getattr(loaded, name), getattr(seed_index, name)
        assert got.keys() == want.keys(), name
        assert all(np.array_equal(got[k], want[k]) for k in want), name
    assert [p.text for p in loaded.paragraphs] == [p.text for p in seed_index.paragraphs]


def test_segmentation_cache_round_trip(tmp_path: Path):
    cache = {"a" * 24: b"\x00\x00\x00\x00\x03\x00\x00\x00", "b" * 24: None, "c" * 24: b""}
    store.save_cache(cache, tmp_path)
    assert store.load_cache(tmp_path) == cache
    assert store.load_cache(tmp_path / "missing") == {}
    (tmp_path / store.SEGMENT_CACHE).write_bytes(b"not a zip")
    assert store.load_cache(tmp_path) == {}


def test_pickled_segmentation_cache_of_earlier_versions_is_read_once(tmp_path: Path):
    spans = {"d" * 24: b"\x01\x00\x00\x00\x02\x00\x00\x00"}
    legacy = tmp_path / "segments.pkl"
    legacy.write_bytes(pickle.dumps({"version": store._cache_version(), "spans": spans}))
    assert store.load_cache(tmp_path) == spans
    store.save_cache(spans, tmp_path)
    assert not legacy.exists() and store.load_cache(tmp_path) == spans

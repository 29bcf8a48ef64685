"""The persisted index: JSON and .npy files read back equal, the segmentation cache, format."""

from __future__ import annotations

import dataclasses
import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.corpus_load import load_corpus
from bot.search import store
from bot.search.build import build
from bot.search.index import SearchIndex
from tests.conftest import REPO, SEED_CORPUS


@pytest.fixture(scope="module")
def seed_index() -> SearchIndex:
    articles, _ = load_corpus(SEED_CORPUS)
    index, _, _ = build(articles)
    return index


def _articles(index: SearchIndex) -> dict:
    return {a.id: a for a in index.article_list}


def test_saved_index_loads_back_equal_without_pickle(seed_index, tmp_path: Path):
    store.save(seed_index, tmp_path)
    gen = store.index_file(tmp_path).parent
    assert all(p.suffix in (".npy", ".json") for p in gen.iterdir())
    for array in gen.glob("*.npy"):
        np.load(array, allow_pickle=False)  # plain arrays, no object dtype
    loaded = store.load(tmp_path, _articles(seed_index))
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
    assert not legacy.exists() and (tmp_path / store.SEGMENT_CACHE).is_file()
    assert store.load_cache(tmp_path) == spans


# --- format ---------------------------------------------------------------------------------


def _cli(*args: str, index: Path):
    from tests.test_cli import run

    return run(*args, index=index, corpus=SEED_CORPUS)


def _stored_format(index: Path) -> int:
    return json.loads(store.index_file(index).read_text(encoding="utf-8"))["stamp"]["format"]


def _set_stored_format(index: Path, value: int) -> None:
    path = store.index_file(index)
    params = json.loads(path.read_text(encoding="utf-8"))
    params["stamp"]["format"] = value
    path.write_text(json.dumps(params), encoding="utf-8")


def test_an_index_saved_by_one_process_is_loaded_by_the_next(tmp_path: Path):
    index = tmp_path / "ix"
    assert _cli("reload", index=index).returncode == 0
    generation = store.current_generation(index)
    out = _cli("ask", "--json", "Quảng Ninh mục tiêu 2023", index=index)
    assert out.returncode == 0 and json.loads(out.stdout)["answered"], out.stderr
    assert "Chỉ mục cũ" not in out.stderr
    assert store.current_generation(index) == generation  # loaded, not rebuilt


def test_another_format_is_rebuilt_and_the_cli_says_so_in_one_line(tmp_path: Path):
    index = tmp_path / "ix"
    assert _cli("reload", index=index).returncode == 0
    old = store.FORMAT - 1
    _set_stored_format(index, old)
    generation = store.current_generation(index)
    out = _cli("ask", "--json", "Quảng Ninh mục tiêu 2023", index=index)
    assert out.returncode == 0 and json.loads(out.stdout)["answered"], out.stderr
    assert out.stderr.splitlines() == [f"Chỉ mục cũ (định dạng {old}), đang dựng lại…"]
    assert store.current_generation(index) != generation
    assert _stored_format(index) == store.FORMAT

    _set_stored_format(index, old)
    out = _cli("reload", index=index)
    assert out.returncode == 0
    assert out.stderr.splitlines() == [f"Chỉ mục cũ (định dạng {old}), đang dựng lại…"]
    assert _stored_format(index) == store.FORMAT
    out = _cli("ask", "--json", "Quảng Ninh mục tiêu 2023", index=index)
    assert "Chỉ mục cũ" not in out.stderr


def test_the_stamp_does_not_depend_on_the_source_text(tmp_path: Path):
    # Editing a comment (here: in every module that shapes the index) must not force a rebuild.
    copy = tmp_path / "bot"
    shutil.copytree(REPO / "bot", copy, ignore=shutil.ignore_patterns("__pycache__"))
    for path in copy.rglob("*.py"):
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    code = (
        "import json; from bot.search import store; "
        "print(json.dumps([store.__file__, store._stamp()]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    where, stamp = json.loads(out.stdout)
    assert Path(where).is_relative_to(copy), where
    assert stamp == store._stamp()


def test_a_format_change_is_not_loaded(seed_index, tmp_path: Path, monkeypatch):
    store.save(seed_index, tmp_path)
    monkeypatch.setattr(store, "FORMAT", store.FORMAT + 1)
    assert store.stale(tmp_path) == store.Stale(store.FORMAT - 1, ("format",))
    assert store.load(tmp_path, _articles(seed_index)) is None
    store.save(seed_index, tmp_path)
    assert store.stale(tmp_path) is None
    assert store.load(tmp_path, _articles(seed_index)) is not None


def test_an_index_is_not_loaded_with_other_articles(seed_index, tmp_path: Path):
    store.save(seed_index, tmp_path)
    articles = _articles(seed_index)
    first = next(iter(articles))
    assert store.load(tmp_path, {k: v for k, v in articles.items() if k != first}) is None
    shorter = dataclasses.replace(articles[first], paragraphs=articles[first].paragraphs[:-1])
    assert store.load(tmp_path, articles | {first: shorter}) is None


def test_an_index_from_before_format_numbers_is_format_1(tmp_path: Path):
    gen = tmp_path / "gen-old"
    gen.mkdir()
    (gen / "index.pkl").write_bytes(pickle.dumps({"version": "0123456789abcdef"}))
    (tmp_path / "CURRENT").write_text("gen-old", encoding="utf-8")
    assert store.stale(tmp_path) == store.Stale(1, ("format",))
    assert store.load(tmp_path, {}) is None

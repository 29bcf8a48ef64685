"""Persistence of the search index in index/: generation folders switched atomically through
CURRENT, and the segmentation cache.

A generation holds only what ranking needs: `params.json` (what it was written with, sizes,
the keys of the paragraph lists), the numpy arrays as `.npy` files (postings, paragraph
lengths and articles, memory-mapped on load), `vocabulary.json` (terms by id) and `slots.json`
(article ids by slot). No pickle.

The articles, their paragraphs, records and cited documents are not here: SQL (bot/db) is
their one store, and the engine reads the articles from it while the generation loads
(`load_arrays`, then `with_articles`).
"""

from __future__ import annotations

import dataclasses
import gc
import json
import logging
import os
import pickle  # only to read the segmentation cache of earlier versions, once
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numpy.lib import format as npformat

from bot import gc_pause
from bot.corpus import Article
from bot.figures.catalogue import catalogue
from bot.search import postings
from bot.search.article import IndexedArticle, article_years
from bot.search.index import SearchIndex

FORMAT = 7
"""The stored index's format. Bump it with any change to what a stored index holds or means,
so that indexes written before are rebuilt instead of misread:
- the files and arrays written here;
- the terms a text yields (bot/terms.py, bot/text.py) or how paragraphs are encoded
  (bot/search/article.py, bot/search/postings.py);
- how files become articles and paragraphs (bot/corpus.py, bot/corpus_load.py,
  bot/news_page.py, bot/structured_text.py, bot/article_meta.py, bot/layout/, bot/formats.py)
  and provinces (bot/provinces.py, bot/province_names.py, bot/gazetteer.py);
- the figures and cited documents extracted (bot/figures/).
Question-time code (bot/query.py, ranking in bot/search/index.py and bm25.py, the paraphrases
in bot/paraphrases.txt) reads the index as it is and needs no bump. Format 1 was a hash of six
source files, which rebuilt the index whenever one of them changed, even in a comment; format 3
reads every document symbol as a cited document (dispatches "5529/BKHĐT-HTX", Party "70-KL/TW",
laws "17/2023/QH15", reports, projects). Format 4: the shards no longer hold records and cited
documents (SQL is their one store) nor the context terms the postings already encode. Format 5:
no shards; the articles and paragraphs are read from SQL, their one store (whose articles gain
their warnings and file stat). Format 6: a news page keeps its short list items and gives each
paragraph its subheading and list lead-in as search context (`Paragraph.context`, a column of
the paragraphs table). Format 7: a table with a header of bare years is read row by row, and
a page without an administrative header reads its TAB and pipe tables (rows with a section in
a news page) and numbered headings. What SQL holds is still versioned here: a bump rebuilds
the index, and a full build rewrites every article, paragraph, record and cited document in
SQL."""

log = logging.getLogger(__name__)


def _underthesea() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("underthesea")
    except PackageNotFoundError:
        return "unknown"


def _catalogue() -> str:
    """Digest of the indicator catalogue as parsed (not its text: comments do not count). It
    shapes the stored records: their indicator ids and labels."""
    import hashlib

    data = json.dumps([dataclasses.astuple(i) for i in catalogue().values()], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def _stamp() -> dict:
    """What a stored index must have been written with to be read as it is: this FORMAT, the
    segmenter's version (terms) and the indicator catalogue (records)."""
    return {"format": FORMAT, "underthesea": _underthesea(), "catalogue": _catalogue()}


class Stale(NamedTuple):
    """A persisted index that will be rebuilt rather than loaded, and why."""

    format: int  # the FORMAT it was written with (1: before FORMAT existed)
    changed: tuple[str, ...]  # what differs from this code's: format, underthesea, catalogue


def stale(index_dir: Path) -> Stale | None:
    """Why the persisted index cannot be loaded as it is; None when there is none (or none
    readable) or it is current."""
    gen = _generation(index_dir)
    if gen is None:
        return None
    try:
        stamp = _params(gen).get("stamp")
    except (OSError, ValueError):
        return Stale(1, ("format",)) if (gen / "index.pkl").is_file() else None
    stamp = stamp if isinstance(stamp, dict) else {}
    current = _stamp()
    changed = tuple(key for key, value in current.items() if stamp.get(key) != value)
    if not changed:
        return None
    found = stamp.get("format")
    return Stale(found if isinstance(found, int) else 1, changed)


CURRENT = "CURRENT"
PARAMS = "params.json"  # written last: a generation without it is incomplete or older
SEGMENT_CACHE = "segments.npz"
_LEGACY_SEGMENT_CACHE = "segments.pkl"  # read once, replaced by SEGMENT_CACHE

_ARRAYS = ("doc_article", "doc_len", "has_figures", "post_doc", "post_tf", "term_counts")
# Paragraph lists by key (year or province), each stored as its keys (in params.json), the
# lists concatenated (`<name>.docs.npy`) and their boundaries (`<name>.ptr.npy`).
_MAPS = {"para_years": "para_years", "art_years": "art_years", "by_province_arr": "provinces"}


def _write(path: Path, write) -> None:
    with path.open("wb") as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())


def _write_json(path: Path, value) -> None:
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    _write(path, lambda fh: fh.write(data))


def _write_array(path: Path, array: np.ndarray) -> None:
    _write(path, lambda fh: np.save(fh, np.asarray(array), allow_pickle=False))


def _read_json(path: Path):
    with path.open("rb") as fh:
        return json.load(fh)


def _words(vocabulary: dict[str, int]) -> list[str]:
    """The vocabulary as a list indexed by term id (ids are 0..n-1)."""
    words: list[str | None] = [None] * len(vocabulary)
    for term, tid in vocabulary.items():
        words[tid] = term
    if any(w is None for w in words):
        raise ValueError("term ids are not 0..n-1")
    return words  # type: ignore[return-value]


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


def prepared(index_dir: Path, name: str) -> PendingGeneration | None:
    """The generation `name` when it was prepared (written, fsynced, its pointer too) but never
    made current: a reload that committed its SQL and died before the rename."""
    gen, pointer = index_dir / name, index_dir / f".{CURRENT}.{name}.tmp"
    if not name.startswith("gen-") or not pointer.is_file() or not gen.is_dir():
        return None
    try:
        if _params(gen).get("stamp") != _stamp():
            return None
    except (OSError, ValueError):
        return None
    return PendingGeneration(index_dir, gen, pointer)


def save(index: SearchIndex, index_dir: Path) -> str:
    """Persist atomically: write a new generation folder, fsync, then switch CURRENT to it."""
    pending = prepare(index, index_dir)
    pending.switch()
    return pending.name


def prepare(index: SearchIndex, index_dir: Path) -> PendingGeneration:
    """Write a new generation folder and its CURRENT pointer, fsynced, without switching.
    Arrays are .npy files (memory-mapped on load), the vocabulary, article slots and the keys
    of the paragraph lists JSON."""
    index_dir.mkdir(parents=True, exist_ok=True)
    gen = Path(tempfile.mkdtemp(prefix="gen-", dir=index_dir))
    try:
        for name in _ARRAYS:
            _write_array(gen / f"{name}.npy", getattr(index, name))
        keys = {}
        for attribute, name in _MAPS.items():
            lists: dict = getattr(index, attribute)
            keys[name] = sorted(lists)
            lengths = [len(lists[k]) for k in keys[name]]
            empty = np.zeros(0, dtype=np.int64)
            docs = np.concatenate([empty, *(lists[k] for k in keys[name])]).astype(np.int64)
            _write_array(gen / f"{name}.docs.npy", docs)
            _write_array(gen / f"{name}.ptr.npy", postings.pointers(np.asarray(lengths)))
        _write_json(gen / "vocabulary.json", _words(index.vocabulary))
        _write_json(gen / "slots.json", index.slots)
        params = {
            "stamp": _stamp(),
            "paragraphs": index.n_docs,
            "terms": len(index.vocabulary),
            "articles": len(index.slots),
            "keys": keys,
        }
        _write_json(gen / PARAMS, params)
        pointer = index_dir / f".{CURRENT}.{gen.name}.tmp"
        _write(pointer, lambda fh: fh.write(gen.name.encode("utf-8")))
    except BaseException:
        PendingGeneration(index_dir, gen, index_dir / f".{CURRENT}.{gen.name}.tmp").discard()
        raise
    return PendingGeneration(index_dir, gen, pointer)


def _generation(index_dir: Path) -> Path | None:
    """The generation folder CURRENT points at, if any."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = index_dir / name
    return path if name.startswith("gen-") and path.is_dir() else None


def _params(gen: Path) -> dict:
    params = _read_json(gen / PARAMS)
    if not isinstance(params, dict):
        raise ValueError(f"{gen / PARAMS}: not an object")
    return params


def current_generation(index_dir: Path) -> str | None:
    """Name of the generation CURRENT points at."""
    path = index_file(index_dir)
    return path.parent.name if path else None


def index_file(index_dir: Path) -> Path | None:
    """The parameters file of the current generation, if any."""
    gen = _generation(index_dir)
    return gen / PARAMS if gen is not None and (gen / PARAMS).is_file() else None


def load(index_dir: Path, articles: Mapping[str, Article]) -> SearchIndex | None:
    """The persisted index with the given articles (as SQL holds them), or None when missing,
    stale, unreadable or not these articles' index."""
    index = load_arrays(index_dir)
    return with_articles(index, articles) if index is not None else None


def load_arrays(index_dir: Path) -> SearchIndex | None:
    """What the current generation holds (no article yet: see `with_articles`), or None when
    missing, stale or unreadable."""
    gen = _generation(index_dir)
    if gen is None:
        return None
    try:
        params = _params(gen)
        if params.get("stamp") != _stamp():
            log.info("index %s was written with %s; rebuilding", gen, params.get("stamp"))
            return None
        index = SearchIndex.__new__(SearchIndex)
        for name in _ARRAYS:
            setattr(index, name, np.load(gen / f"{name}.npy", mmap_mode="r"))
        for attribute, name in _MAPS.items():
            # In memory, not mapped: small (one entry per paragraph and year or province), and
            # indexed on every question.
            docs = np.load(gen / f"{name}.docs.npy")
            ptr = np.load(gen / f"{name}.ptr.npy").tolist()
            keys = params["keys"][name]
            lists = {key: docs[ptr[i] : ptr[i + 1]] for i, key in enumerate(keys)}
            setattr(index, attribute, lists)
        words = _read_json(gen / "vocabulary.json")
        index.vocabulary = {term: tid for tid, term in enumerate(words)}
        index.slots = _read_json(gen / "slots.json")
        if len(index.vocabulary) != params["terms"] or len(index.slots) != params["articles"]:
            return None
        if len(index.doc_len) != params["paragraphs"]:
            return None
    except (OSError, EOFError, KeyError, IndexError, TypeError, ValueError):
        return None
    return index


def with_articles(index: SearchIndex, articles: Mapping[str, Article]) -> SearchIndex | None:
    """The index `load_arrays` read, given its articles; None when they are not the ones it
    was built from (an article missing, or another number of paragraphs)."""
    try:
        chosen = [articles[aid] for aid in index.slots]
    except KeyError:
        return None
    counts = np.bincount(index.doc_article, minlength=len(chosen))
    if counts.tolist() != [len(a.paragraphs) for a in chosen]:
        return None
    with gc_pause.paused():  # ~10^5 objects built: several times slower with the GC running
        index.articles = {
            a.id: IndexedArticle(article=a, doc_terms=[], context_terms=[], years=article_years(a))
            for a in chosen
        }
        index._derive()
        # The objects just loaded live as long as the index: keep them out of the cyclic GC's
        # scans, or the first full collection after loading pauses for ~0.3 s at 10^5 paragraphs.
        gc.freeze()
    return index


def _cache_version() -> str:
    # Spans are only valid for the segmenter that produced them, in the packing that stores them.
    return f"spans-2/underthesea-{_underthesea()}"


def load_cache(index_dir: Path) -> dict:
    """The segmentation cache (digit-masked paragraph → packed token spans, or None when the
    segmenter changed the text). Stored as arrays in a .npz: the keys, each entry's length in
    bytes (-1 for None) and all spans one after another, read back entry by entry."""
    path = index_dir / SEGMENT_CACHE
    if not path.is_file():
        return _load_legacy_cache(index_dir)
    try:
        with zipfile.ZipFile(path) as zf:
            with zf.open("version.npy") as fh:
                if str(npformat.read_array(fh, allow_pickle=False)) != _cache_version():
                    return {}  # another format or segmenter: segment afresh
            with zf.open("keys.npy") as fh:
                keys = npformat.read_array(fh, allow_pickle=False).tolist()
            with zf.open("lengths.npy") as fh:
                lengths = npformat.read_array(fh, allow_pickle=False).tolist()
            with zf.open("spans.npy") as fh:
                npformat.read_magic(fh)
                npformat.read_array_header_2_0(fh)
                spans = [fh.read(n) if n >= 0 else None for n in lengths]
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return {}
    if len(keys) != len(spans) or any(
        s is not None and len(s) != n for s, n in zip(spans, lengths, strict=True)
    ):
        return {}  # truncated
    return dict(zip((k.decode() for k in keys), spans, strict=True))


def _load_legacy_cache(index_dir: Path) -> dict:
    """The pickled cache of earlier versions, so an upgrade does not re-segment the corpus;
    rewritten as SEGMENT_CACHE at once, so it is read only this time."""
    try:
        with (index_dir / _LEGACY_SEGMENT_CACHE).open("rb") as fh:
            stored = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError, ImportError):
        return {}
    if not isinstance(stored, dict) or stored.get("version") != _cache_version():
        return {}
    spans = stored.get("spans")
    if not isinstance(spans, dict):
        return {}
    try:
        save_cache(spans, index_dir)
    except OSError:
        log.warning("could not rewrite the segmentation cache in %s", index_dir, exc_info=True)
    return spans


def save_cache(cache: dict, index_dir: Path) -> None:
    """Persist the segmentation cache atomically; the spans are streamed into the file, not
    joined in memory first."""
    index_dir.mkdir(parents=True, exist_ok=True)
    keys = list(cache)
    lengths = np.fromiter(
        (-1 if cache[k] is None else len(cache[k]) for k in keys), dtype=np.int64, count=len(keys)
    )
    fd, tmp = tempfile.mkstemp(prefix=".segments-", dir=index_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            with zipfile.ZipFile(fh, "w") as zf:
                for name, array in (
                    ("version", np.array(_cache_version())),
                    ("keys", np.array(keys, dtype="S")),
                    ("lengths", lengths),
                ):
                    with zf.open(f"{name}.npy", "w") as out:
                        npformat.write_array(out, array, allow_pickle=False)
                with zf.open("spans.npy", "w", force_zip64=True) as out:
                    header = {
                        "descr": "|u1",
                        "fortran_order": False,
                        "shape": (int(lengths[lengths > 0].sum()),),
                    }
                    npformat.write_array_header_2_0(out, header)
                    for key in keys:
                        if cache[key]:
                            out.write(cache[key])
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, index_dir / SEGMENT_CACHE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    (index_dir / _LEGACY_SEGMENT_CACHE).unlink(missing_ok=True)

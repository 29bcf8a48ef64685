"""Persistence of the search index in index/: generation folders switched atomically through
CURRENT, arrays as .npy (memory-mapped on load), article metadata in shards, and the
segmentation cache."""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

from bot.search.article import IndexedArticle
from bot.search.index import SearchIndex


def _format_version() -> str:
    """Changes whenever the code that shapes the persisted index changes, so a stale index is
    rebuilt instead of being misread after an upgrade."""
    import hashlib

    bot = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted((bot / "search").glob("*.py")) + [
        bot / name for name in ("corpus.py", "records.py", "terms.py", "text.py", "gazetteer.py")
    ]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


FORMAT_VERSION = _format_version()
CURRENT = "CURRENT"
SEGMENT_CACHE = "segments.pkl"


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


def save(index: SearchIndex, index_dir: Path) -> str:
    """Persist atomically: write a new generation folder, fsync, then switch CURRENT to it.
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
        pointer.write_text(gen.name, encoding="utf-8")
        os.replace(pointer, index_dir / CURRENT)
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    for old in index_dir.glob("gen-*"):  # superseded generations (open mmaps stay valid)
        if old != gen:
            shutil.rmtree(old, ignore_errors=True)
    for stale in index_dir.glob(f".{CURRENT}.*.tmp"):
        stale.unlink(missing_ok=True)
    return gen.name


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
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(
            {"version": _cache_version(), "spans": cache}, fh, protocol=pickle.HIGHEST_PROTOCOL
        )
    os.replace(tmp, index_dir / SEGMENT_CACHE)

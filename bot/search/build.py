"""Building an index from articles: reuse unchanged articles and cached segmentations, segment
the rest on a process pool (in batches, encoded as they arrive), or in this process for small
changes."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from bot.corpus import Article
from bot.search.article import IndexedArticle, document_name, index_article
from bot.search.index import SearchIndex
from bot.terms import segmentation_key, spans_batch

log = logging.getLogger(__name__)
POOL_THRESHOLD = 400  # paragraphs to segment before a process pool pays for its start-up


def _index_batch(job: tuple[list[Article], dict]) -> list[IndexedArticle]:
    """Worker entry point: terms, records and document references of some articles.
    The articles themselves are not sent back (`_rejoin` puts the caller's own objects in):
    a second copy of every paragraph's text would cost the caller ~1.5× the corpus size."""
    articles, spans = job
    out = [index_article(a, spans) for a in articles]
    for ia in out:
        ia.article = None  # type: ignore[assignment]
    return out


def _rejoin(chunks: list[list[Article]], batches: Iterable[list[IndexedArticle]]):
    for chunk, batch in zip(chunks, batches, strict=True):
        for article, ia in zip(chunk, batch, strict=True):
            ia.article = article
            yield ia


def _pool(jobs: int) -> ProcessPoolExecutor | None:
    workers = max(1, min(os.cpu_count() or 1, 8))
    if workers == 1 or jobs < POOL_THRESHOLD:
        return None
    # spawn, not fork: the bot reloads from a process that runs threads and an event loop.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_follow_parent,
        initargs=(os.getpid(),),
    )


def _follow_parent(parent: int) -> None:
    """Pool worker start-up: exit once the process that started us is gone. A bot killed
    mid-reload (SIGKILL, OOM) would otherwise leave its workers idle forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="follow-parent").start()


def _texts(article: Article) -> list[str]:
    """What gets segmented: the title, the document's name, every paragraph and section path."""
    sections = dict.fromkeys(p.section for p in article.paragraphs if p.section)
    named = [document_name(article)] if article.doc_number else []
    return [article.title, *named, *(p.text for p in article.paragraphs), *sections]


def _chunks(items: list, parts: int) -> list[list]:
    size = max(1, -(-len(items) // parts))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _segment(todo: list[Article], cache: dict, pool: ProcessPoolExecutor | None) -> int:
    """Add the spans of every title and paragraph of `todo` missing from `cache`; returns the
    number of texts the cache already had."""
    keys = {segmentation_key(t): t for a in todo for t in _texts(a)}
    missing = [k for k in keys if k not in cache]
    texts = [keys[k] for k in missing]
    del keys  # 10^5 keys: not to be held while the index is encoded
    if pool is None:
        spans = spans_batch(texts)
    else:
        batches = pool.map(spans_batch, _chunks(texts, 8 * pool._max_workers))
        spans = [s for batch in batches for s in batch]
    cache.update(zip(missing, spans, strict=True))
    return sum(len(_texts(a)) for a in todo) - len(missing)


def build(
    articles: list[Article], previous: SearchIndex | None = None, cache: dict | None = None
) -> tuple[SearchIndex, int, int]:
    """Build an index, reusing work: unchanged articles from `previous`, and paragraph
    segmentations from `cache` (digit-masked text → token spans; updated in place).
    Large batches run on a process pool (segmentation, then terms and records).
    Returns (index, articles segmented, texts served from the cache)."""
    reuse = {ia.article.digest: ia for ia in previous.articles.values()} if previous else {}
    cache = {} if cache is None else cache
    todo = [a for a in articles if not (a.digest in reuse and reuse[a.digest].article.id == a.id)]
    base = previous if previous is not None else SearchIndex()
    wanted = {a.id for a in articles}
    redone = {a.id for a in todo}
    removed = {aid for aid in base.articles if aid not in wanted or aid in redone}
    hits = None
    pool = _pool(sum(len(a.paragraphs) for a in todo))
    if pool is not None:
        try:
            hits = _segment(todo, cache, pool)
            chunks = _chunks(todo, max(8 * pool._max_workers, len(todo) // 100))
            jobs = (
                (chunk, {k: cache[k] for a in chunk for k in map(segmentation_key, _texts(a))})
                for chunk in chunks
            )
            # Consumed as it arrives: the index encodes each batch and drops its term lists.
            fresh = _rejoin(chunks, pool.map(_index_batch, jobs))
            return base.updated(removed, fresh), len(todo), hits
        except BrokenProcessPool:  # no pool here (e.g. an unimportable __main__): go serial
            log.warning("process pool unavailable; indexing in this process", exc_info=True)
        finally:
            pool.shutdown(cancel_futures=True)
    serial_hits = _segment(todo, cache, None)
    hits = serial_hits if hits is None else hits
    return base.updated(removed, (index_article(a, cache) for a in todo)), len(todo), hits

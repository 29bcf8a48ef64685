"""Building an index from articles: reuse unchanged articles and cached segmentations, segment
the rest on a process pool (in batches, encoded as they arrive), or in this process for small
changes."""

from __future__ import annotations

import bisect
import itertools
import logging
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from bot import progress as progress_mod
from bot.corpus import Article
from bot.pool import process_pool
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


def _rejoin(
    chunks: list[list[Article]],
    batches: Iterable[list[IndexedArticle]],
    progress: progress_mod.Callback | None = None,
):
    meter = _index_meter(progress, chunks)
    docs = passages = 0
    for chunk, batch in zip(chunks, batches, strict=True):
        for article, ia in zip(chunk, batch, strict=True):
            ia.article = article
            yield ia
        docs += len(chunk)
        passages += sum(len(a.paragraphs) for a in chunk)
        meter(passages, docs)
    progress_mod.stage(progress, "merge")


def _index_meter(progress: progress_mod.Callback | None, chunks: list[list[Article]]):
    total = sum(len(a.paragraphs) for chunk in chunks for a in chunk)
    return progress_mod.Meter(progress, "index", total, sum(map(len, chunks)))


def _pool(jobs: int) -> ProcessPoolExecutor | None:
    return process_pool(jobs >= POOL_THRESHOLD)


def _texts(article: Article) -> list[str]:
    """What gets segmented: the title, the document's name, every paragraph and section path."""
    sections = dict.fromkeys(p.section for p in article.paragraphs if p.section)
    named = [document_name(article)] if article.doc_number else []
    return [article.title, *named, *(p.text for p in article.paragraphs), *sections]


def _chunks(items: list, parts: int) -> list[list]:
    size = max(1, -(-len(items) // parts))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _segment(
    todo: list[Article],
    cache: dict,
    pool: ProcessPoolExecutor | None,
    progress: progress_mod.Callback | None = None,
) -> int:
    """Add the spans of every title and paragraph of `todo` missing from `cache`; returns the
    number of texts the cache already had. Progress is reported once per batch."""
    keys: dict[str, str] = {}
    ends: list[int] = []  # per article: how many keys exist once its texts are in
    n_texts = 0
    for a in todo:
        texts = _texts(a)
        n_texts += len(texts)
        for t in texts:
            keys[segmentation_key(t)] = t
        ends.append(len(keys))
    flags = [k not in cache for k in keys]
    missing = list(itertools.compress(keys, flags))
    texts = [keys[k] for k in missing]
    del keys  # 10^5 keys: not to be held while the index is encoded
    # An article is segmented once every missing text up to its last key is.
    missing_upto = list(itertools.accumulate(flags, initial=0))
    ready = [missing_upto[e] for e in ends]  # non-decreasing
    del flags, missing_upto, ends
    if pool is None:
        batches: Iterable[list] = map(spans_batch, _chunks(texts, max(1, -(-len(texts) // 256))))
    else:
        batches = pool.map(spans_batch, _chunks(texts, 8 * pool._max_workers))
    meter = progress_mod.Meter(progress, "segment", len(texts), len(todo))
    spans: list = []
    for batch in batches:
        spans.extend(batch)
        meter(len(spans), bisect.bisect_right(ready, len(spans)))
    cache.update(zip(missing, spans, strict=True))
    return n_texts - len(missing)


def build(
    articles: list[Article],
    previous: SearchIndex | None = None,
    cache: dict | None = None,
    progress: progress_mod.Callback | None = None,
) -> tuple[SearchIndex, int, int]:
    """Build an index, reusing work: unchanged articles from `previous`, and paragraph
    segmentations from `cache` (digit-masked text → token spans; updated in place).
    Large batches run on a process pool (segmentation, then terms and records).
    `progress` is called once per batch of each stage (see bot.progress).
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
            hits = _segment(todo, cache, pool, progress)
            chunks = _chunks(todo, max(8 * pool._max_workers, len(todo) // 100))
            jobs = (
                (chunk, {k: cache[k] for a in chunk for k in map(segmentation_key, _texts(a))})
                for chunk in chunks
            )
            # Consumed as it arrives: the index encodes each batch and drops its term lists.
            fresh = _rejoin(chunks, pool.map(_index_batch, jobs), progress)
            return base.updated(removed, fresh), len(todo), hits
        except BrokenProcessPool:  # no pool here (e.g. an unimportable __main__): go serial
            log.warning("process pool unavailable; indexing in this process", exc_info=True)
        finally:
            pool.shutdown(cancel_futures=True)
    serial_hits = _segment(todo, cache, None, progress)
    hits = serial_hits if hits is None else hits
    return base.updated(removed, _serial(todo, cache, progress)), len(todo), hits


def _serial(todo: list[Article], cache: dict, progress: progress_mod.Callback | None):
    """Index articles in this process, reporting in batches of about 1,000 paragraphs."""
    meter = _index_meter(progress, [todo])
    docs = passages = reported = 0
    for article in todo:
        yield index_article(article, cache)
        docs += 1
        passages += len(article.paragraphs)
        if passages - reported >= 1000 or docs == len(todo):
            reported = passages
            meter(passages, docs)
    progress_mod.stage(progress, "merge")

"""Records by province: the index's in-memory cache of the records in SQL (their one store),
each province's read on first use, or given whole by a build."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping

from bot.records import Record
from bot.search.article import IndexedArticle

Loader = Callable[[str | None], dict[str, list[Record]]]
"""Reads one province's records (its articles', by article id) from the store."""
Bulk = Callable[[threading.Event | None], Mapping[str, list[Record]] | None]
"""Reads every article's records from the store at once (None: it could not, or the event
given was set meanwhile)."""


class ProvinceRecords(Mapping[str | None, list[Record]]):
    """Province → the records of its articles (None: articles about no province), in the
    articles' order, each article's in the order they were extracted.

    Without a loader, the articles' records are all in memory (a build extracted them). With
    one (an index opened from disk), a province's records are read when first asked for and
    kept, and each article's `records` set. Iterating the values or items reads every
    province not read yet; `load_all` does so ahead of time (the engine, in the background).
    Thread-safe: a province is read once, whoever asks first."""

    def __init__(
        self,
        articles: Mapping[str, IndexedArticle],
        loader: Loader | None = None,
        fresh: frozenset[str] = frozenset(),
        bulk: Bulk | None = None,
    ):
        self._articles = articles
        self._members: dict[str | None, list[str]] = {}
        for aid, ia in articles.items():
            self._members.setdefault(ia.article.province, []).append(aid)
        self._loader = loader
        # Articles whose records were just extracted (a reload's changed ones): never replaced
        # by a read, which may predate their commit.
        self._fresh = fresh
        # Read everything at once on first use (a third of the time of reading province by
        # province); the province reads are then only the fallback.
        self._bulk = bulk
        self._bulk_lock = threading.Lock()
        self._lists: dict[str | None, list[Record]] = {}
        self._locks: dict[str | None, threading.Lock] = {p: threading.Lock() for p in self._members}
        if loader is None:
            for province, aids in self._members.items():
                self._lists[province] = [r for aid in aids for r in articles[aid].records]

    def carried(
        self, articles: Mapping[str, IndexedArticle], fresh: Iterable[str]
    ) -> ProvinceRecords:
        """The records of an updated index's `articles` (the kept ones shared with this
        index's, the `fresh` ones just extracted): a province whose articles are all fresh or
        were read here is complete; the others are read on first use, through this loader
        until `rebind` gives the new generation's. Nothing is read now: a reload right after a
        start costs what a later one does."""
        fresh = frozenset(fresh)
        new = ProvinceRecords(articles, self._loader or _nothing, fresh)
        for province, aids in new._members.items():
            # A kept article is in the same province here: read here, or all of them fresh.
            if province in self._lists or all(aid in fresh for aid in aids):
                new._lists[province] = [r for aid in aids for r in articles[aid].records]
        return new

    def rebind(self, loader: Loader, bulk: Bulk | None = None) -> None:
        """Read the provinces not read yet with `bulk` and `loader` (an updated index's, once
        the tables they read are written for it; before the index is served)."""
        self._loader, self._bulk = loader, bulk

    def __getitem__(self, province: str | None) -> list[Record]:
        found = self._lists.get(province)
        if found is not None:
            return found
        if province not in self._members:
            raise KeyError(province)
        return self._load(province)

    def __contains__(self, province: object) -> bool:
        return province in self._members

    def __iter__(self) -> Iterator[str | None]:
        return iter(self._members)

    def __len__(self) -> int:
        return len(self._members)

    @property
    def complete(self) -> bool:
        """Whether every province's records are in memory."""
        return len(self._lists) == len(self._members)

    def _read_bulk(self, stop: threading.Event | None = None) -> None:
        """Every record at once, if that read is still to be tried; tried once, unless
        `stop` interrupted it."""
        with self._bulk_lock:  # whoever comes meanwhile waits for it: it reads theirs too
            if self._bulk is not None:
                got = self._bulk(stop)
                if got is not None:
                    self.fill(got)
                if got is not None or stop is None or not stop.is_set():
                    self._bulk = None  # read, or failed: a province at a time from now on

    def _load(self, province: str | None) -> list[Record]:
        if self._bulk is not None:
            self._read_bulk()
            found = self._lists.get(province)
            if found is not None:
                return found
        assert self._loader is not None
        with self._locks[province]:
            found = self._lists.get(province)
            if found is not None:  # read meanwhile by another thread
                return found
            return self._keep(province, self._loader(province))

    def fill(self, by_article: Mapping[str, list[Record]]) -> None:
        """Every article's records, read at once (before the index is served)."""
        for province in self._members:
            self._keep(province, by_article)

    def _keep(self, province: str | None, by_article: Mapping[str, list[Record]]) -> list[Record]:
        """A province's records as read (its fresh articles keep theirs), kept; its list."""
        aids = self._members[province]
        for aid in aids:
            if aid not in self._fresh:
                self._articles[aid].records = by_article.get(aid, [])
        records = [r for aid in aids for r in self._articles[aid].records]
        self._lists[province] = records
        return records

    def load_all(
        self, stop: threading.Event | None = None, idle: Callable[[], None] | None = None
    ) -> bool:
        """Read every province not read yet (until `stop` is set; each once `idle` returns);
        whether all are in memory."""
        if self._bulk is not None and not self.complete:
            if idle is not None:
                idle()
            if stop is not None and stop.is_set():
                return False
            self._read_bulk(stop)
        for province in self._members:
            if idle is not None and province not in self._lists:
                idle()
            if stop is not None and stop.is_set():
                return False
            if province not in self._lists:
                self._load(province)
        # Long-lived from now on: out of the cyclic GC's scans (see store.load).
        gc.freeze()
        return True

    def of_article(self, article_id: str) -> list[Record]:
        """One article's records (its province's read first if need be)."""
        ia = self._articles[article_id]
        self[ia.article.province]
        return ia.records


def _nothing(province: str | None) -> dict[str, list[Record]]:
    """The loader of an index whose records were all in memory: there is nothing to read."""
    return {}

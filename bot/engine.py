"""The running engine: owns the current index (opened by bot/startup.py), reloads it safely,
answers questions."""

from __future__ import annotations

import errno
import gc
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine as SAEngine

from bot import db, startup
from bot import progress as progress_mod
from bot.answer import Answer, compose, is_money
from bot.citation import source_of
from bot.config import Config
from bot.corpus_load import load_corpus
from bot.errors import (
    CoopbotError,
    CorpusEmpty,
    CorpusMissing,
    DatabaseSetAside,
    IndexDirIsFile,
    Notice,
    Problem,
    ReloadError,
    ReloadFailed,
    ShrinkRefused,
)
from bot.figures.questions import Figures, figures
from bot.messages import corpus_coverage
from bot.query import Query, parse
from bot.records import (
    Record,
    match_documents,
    select_records,
)
from bot.search import store
from bot.search.build import build
from bot.search.index import SearchIndex
from bot.search.results import ReloadReport
from bot.terms import DOMAIN_TERMS

log = logging.getLogger(__name__)


SHRINK_LIMIT = 0.5  # a reload may drop at most this share of the served articles
MONEY_CANDIDATES = 20  # passages a question about money re-ranks by their amounts


@dataclass
class Snapshot:
    """One consistent generation: an answer never mixes two of them."""

    index: SearchIndex
    generation: int


class Engine:
    def __init__(self, config: Config, notify: Callable[[Notice], None] | None = None):
        self.config = config
        self._snapshot: Snapshot | None = None
        self._reload_lock = threading.Lock()
        self._db: SAEngine | None = None
        self._coverage: tuple[Snapshot, str] | None = None
        # How the engine reports a repair it made (the CLI words it on stderr).
        self.notify = notify or (lambda notice: log.warning("%s", notice))
        self.set_asides = 0  # damaged SQLite files moved away
        self._warming: threading.Thread | None = None  # records read in the background
        self._stop = threading.Event()
        self._asking = 0  # questions being answered (the background read waits for none)
        self._asking_lock = threading.Lock()

    @property
    def db(self) -> SAEngine:
        if self._db is None:
            try:
                self._db = db.connect(self.config.db_url, self.config.db_timeout)
            except db.CorruptDatabase as exc:
                self._db = self._set_aside(exc.path)
        return self._db

    def _set_aside(self, path: Path) -> SAEngine:
        """Move a corrupt SQLite file away and start an empty one; the records are extracted
        again from the index's articles (the generation check in open() and reload() sees it
        is empty)."""
        if self._db is not None:
            self._db.dispose()
            self._db = None
        moved = db.set_aside(path)
        self.set_asides += 1
        self.notify(DatabaseSetAside(moved))
        return db.connect(self.config.db_url, self.config.db_timeout)

    def _recoverable(self, exc: BaseException) -> Path | None:
        """The SQLite file to set aside when `exc` says it is damaged."""
        path = db.sqlite_path(self.config.db_url)
        return path if path is not None and db.is_corruption(exc) else None

    def close(self) -> None:
        """Close the database connections (SQLite then folds its WAL back into the file)."""
        self._stop_warming()
        if self._db is not None:
            self._db.dispose()
            self._db = None

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            self.open()
        assert self._snapshot is not None
        return self._snapshot

    def _check_index_dir(self) -> None:
        """An index path that is (or sits under) a file is a configuration mistake."""
        path = self.config.index_dir
        while not path.exists() and path != path.parent:
            path = path.parent
        if not path.is_dir():
            raise IndexDirIsFile(path)

    def open(self) -> ReloadReport | None:
        """Serve the persisted index if there is one; otherwise build it from the corpus."""
        self._check_index_dir()
        persisted = startup.persisted(self)
        if persisted is not None:
            self._snapshot = Snapshot(persisted, 1)
            self._warm_up(persisted)
            return None
        return self.reload(_opened=True)

    def _warm_up(self, index: SearchIndex) -> None:
        """Read every province's records in the background: questions meanwhile read their
        provinces' on first use (one indexed query each)."""
        self._stop_warming()
        if index.records_by_province.complete:
            return
        self._warming = threading.Thread(
            target=index.records_by_province.load_all,
            args=(self._stop, self._idle),
            name="warm-records",
            daemon=True,
        )
        self._warming.start()

    def warmed(self, timeout: float | None = None) -> bool:
        """Wait until every province's records are read (the background read after `open`);
        whether they are."""
        thread = self._warming
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _idle(self) -> None:
        """Wait until no question is being answered: the background read takes the GIL for
        ~20 ms per province, which a question would feel (it reads its own provinces)."""
        while self._asking and not self._stop.wait(0.005):
            pass

    def _stop_warming(self) -> None:
        if self._warming is not None:
            self._stop.set()
            self._warming.join()
            self._warming = None
            self._stop = threading.Event()

    def _check_corpus(self, previous: SearchIndex | None) -> None:
        """Refuse to read a missing folder: it would empty the index (a typo, an unmounted disk)."""
        folder = self.config.corpus_dir
        if not folder.is_dir():
            raise CorpusMissing(folder, folder.exists(), keeping=previous is not None)

    def _check_shrink(
        self,
        previous: SearchIndex | None,
        articles: list,
        skipped: list,
        allow_shrink: bool,
    ) -> None:
        folder = self.config.corpus_dir
        if not articles:
            raise CorpusEmpty(folder, len(skipped), keeping=previous is not None)
        if previous is None or allow_shrink or not previous.articles:
            return
        kept = {a.id for a in articles}
        dropped = [aid for aid in previous.articles if aid not in kept]
        served = len(previous.articles)
        if len(dropped) > served * SHRINK_LIMIT:
            raise ShrinkRefused(folder, len(dropped), served, len(articles))

    def reload(
        self,
        allow_shrink: bool = False,
        progress: progress_mod.Callback | None = None,
        _opened: bool = False,
    ) -> ReloadReport:
        """Rebuild from the corpus, re-segmenting only changed articles, then swap atomically.
        `progress` is told each stage and, per batch, the documents and passages done.

        Refused (ReloadError, nothing changed) when the corpus folder is missing or has no
        article, or when it would drop more than half of the served articles and
        `allow_shrink` is false."""
        self._check_index_dir()
        progress = progress_mod.guarded(progress)
        with self._reload_lock:
            # The background read stops first: it would read tables this reload rewrites.
            self._stop_warming()
            try:
                for attempt in (1, 2):
                    try:
                        return self._reload(allow_shrink, progress, _opened)
                    except ReloadError:
                        raise
                    except Exception as exc:
                        # A damaged SQLite file is set aside and the reload tried once more.
                        path = self._recoverable(exc) if attempt == 1 else None
                        if path is None:
                            log.info("reload failed; keeping the previous index", exc_info=True)
                            raise self._failure(exc) from exc
                        self._db = self._set_aside(path)
                raise AssertionError("unreachable")
            finally:
                # The records the served index has not read yet (the new one's, or the
                # previous one's after a failure), in the background again.
                if self._snapshot is not None:
                    self._warm_up(self._snapshot.index)

    def _failure(self, exc: BaseException) -> ReloadFailed:
        served = self._snapshot is not None or store.index_file(self.config.index_dir) is not None
        cause = exc if isinstance(exc, CoopbotError) else None
        return ReloadFailed(*_reason(exc), keeping=served, cause=cause)

    def _reload(
        self, allow_shrink: bool, progress: progress_mod.Callback, opened: bool
    ) -> ReloadReport:
        progress_mod.stage(progress, "read")
        # `opened`: open() found nothing to load; it is not tried (nor reported) twice.
        persisted = None if opened or self._snapshot else startup.persisted(self)
        previous = self._snapshot.index if self._snapshot else persisted
        self._check_corpus(previous)
        known = {a.id: a for a in previous.article_list} if previous else None
        articles, skipped = load_corpus(self.config.corpus_dir, known)
        self._check_shrink(previous, articles, skipped, allow_shrink)
        cache = store.load_cache(self.config.index_dir)
        cached = len(cache)
        in_step = db.generation(self.db) == store.current_generation(self.config.index_dir)
        if previous is not None and not in_step:
            # Every record is written again below: the kept articles' are read (or extracted
            # again) first, as the tables no longer hold them for this index.
            previous.records_by_province.load_all()
        new_index, segmented, cache_hits = build(articles, previous, cache, progress)
        progress_mod.stage(progress, "save")

        # Records and index change together. The new generation is written and fsynced inside
        # the database transaction, and becomes current (a rename) only once the records are
        # committed: a failure before leaves both as they were. Killed between the commit and
        # the rename, the records name a generation CURRENT does not: open() brings them back
        # in line with the index, the previous generation.
        pending: list[store.PendingGeneration] = []

        def persist() -> str:
            pending.append(store.prepare(new_index, self.config.index_dir))
            return pending[0].name

        try:
            if previous is None or not in_step:
                # A full build extracted every record afresh: all of them are written.
                db.sync(
                    self.db,
                    new_index.article_list,
                    lambda a: (new_index.articles[a.id].records, new_index.articles[a.id].doc_refs),
                    before_commit=persist,
                    rewrite_all=previous is None,
                )
            else:
                changed = [
                    ia
                    for aid, ia in new_index.articles.items()
                    if previous.articles.get(aid) is not ia
                ]
                removed = [
                    aid
                    for aid, ia in previous.articles.items()
                    if new_index.articles.get(aid) is not ia
                ]
                rows = [(ia.article, ia.records, ia.doc_refs) for ia in changed]
                db.apply(self.db, removed, rows, before_commit=persist)
        except BaseException:
            for p in pending:
                p.discard()
            raise
        pending[0].switch()
        records = new_index.records_by_province
        if not records.complete:  # provinces not read before the reload: from the new tables
            reader, name = startup.corpus_reader(self), pending[0].name
            records.rebind(
                startup.records_loader(reader, new_index, name),
                startup.all_records(reader, name),
            )
        generation = self._snapshot.generation + 1 if self._snapshot else 1
        self._snapshot = Snapshot(new_index, generation)  # one reference swap
        if len(cache) != cached:
            try:  # only a cache: the reload has succeeded without it
                store.save_cache(cache, self.config.index_dir)
            except OSError as exc:
                log.warning("could not save the segmentation cache: %s", exc)
        _settle()
        warnings = [f"{a.id}: {w}" for a in articles for w in a.warnings]
        return ReloadReport(
            articles=len(articles),
            paragraphs=sum(len(a.paragraphs) for a in articles),
            segmented=segmented,
            reused=len(articles) - segmented,
            skipped=skipped,
            warnings=warnings,
            cache_hits=cache_hits,
        )

    def figures_for(self, question: str) -> tuple[Query, Figures | None]:
        """The figures a question asks for, from the current snapshot: the one route to a
        province's figures that `ask` and /muctieu share."""
        query = parse(question)
        return query, _figures(query, self.snapshot.index)

    def ask(self, question: str, top_k: int | None = None) -> Answer:
        """Answer one question from the current snapshot."""
        with self._asking_lock:
            self._asking += 1
        try:
            return self._ask(question, top_k)
        finally:
            with self._asking_lock:
                self._asking -= 1

    def _ask(self, question: str, top_k: int | None) -> Answer:
        snap = self.snapshot
        query = parse(question)
        index = snap.index
        k = top_k or self.config.top_k
        # A question about money looks further down for passages stating an amount.
        wider = max(k, MONEY_CANDIDATES) if query.wants_money else k
        result = index.search(query, wider, self.config.min_coverage)
        records: list[Record] = []
        figs = None
        # A comparison, ranking, series, progress or national question is answered from the
        # figures even when no single passage covers it, as long as it is about cooperatives
        # at all ("kết quả trận Việt Nam gặp Thái Lan" is not); a province's, when answered.
        about = result.answered or query.indicator or DOMAIN_TERMS.intersection(result.terms)
        if (query.mode != "list" and about) or (result.answered and result.provinces):
            figs = _figures(query, index)
            records = figs.records if figs else []
        elif result.answered and result.years:
            # A year alone: the figures of the articles the passages come from.
            arts = dict.fromkeys(h.article for h in result.hits[:k])
            pool = [r for a in arts for r in index.article_records(a)]
            records = select_records(pool, result.years, query)
        if query.wants_money:  # amounts in đồng first, in their order
            records.sort(key=lambda r: not is_money(r))
        documents = match_documents(index.documents, query) if result.answered else []
        answer = compose(question, result, records, documents, figs, query=query, top_k=k)
        used = {h.article for h in answer.passages} | {r.article for r in answer.records}
        used |= {d.article for d in answer.documents[:50]}
        answer.sources = {
            aid: source_of(index.articles[aid].article, index.articles[aid].doc_refs)
            for aid in used
            if aid in index.articles
        }
        if not answer.answered:
            answer.coverage = self.coverage()
        return answer

    def coverage(self) -> str:
        """What the served corpus holds (provinces, years, kinds of document), in one line."""
        snap = self.snapshot
        cached = self._coverage
        if cached is None or cached[0] is not snap:
            cached = (snap, corpus_coverage(snap.index.article_list))
            self._coverage = cached
        return cached[1]

    def log_question(self, question: str, answer: Answer, **who: int | str | None) -> int | None:
        """Record a question for /stats, with the provinces it names; its id, or None when
        the database failed (a database problem must not lose the answer)."""
        try:
            query = answer.parsed if answer.parsed is not None else parse(question)
            provinces = [pq.said for pq in query.provinces]
            return db.log_question(
                self.db,
                question,
                answer.answered,
                provinces=provinces,
                **who,  # type: ignore[arg-type]
            )
        except Exception:  # noqa: BLE001
            log.exception("could not log a question")
            return None


def _figures(query: Query, index: SearchIndex) -> Figures | None:
    """The figures a question asks for, from an index's records (the year's, cached)."""
    return figures(query, index.records_by_province, index.province_records)


_SHORT_WRITE = re.compile(r"\d+ requested and \d+ written")


def _reason(exc: BaseException) -> tuple[Problem, str]:
    """Why a reload failed, and its one line."""
    orig = getattr(exc, "orig", None) or exc
    full = isinstance(orig, OSError) and orig.errno in (errno.ENOSPC, errno.EDQUOT)
    # numpy reports a short write without errno ("3845 requested and 992 written"): the file
    # system took fewer bytes than asked, i.e. it is full; SQLite says "database or disk is full".
    short_write = isinstance(orig, OSError) and _SHORT_WRITE.search(str(orig)) is not None
    if full or short_write or "disk is full" in str(orig):
        return Problem.DISK_FULL, db.first_line(exc)
    if isinstance(orig, OSError) and orig.strerror:
        return Problem.OS, f"{orig.strerror}" + (f": {orig.filename}" if orig.filename else "")
    return Problem.OTHER, db.first_line(exc)


def _settle() -> None:
    """Exempt the index just built from the cyclic GC: its ~10^6 long-lived objects were
    scanned by every full collection (0.3–0.6 s at 10^5 paragraphs, felt by a question).
    Refcounting still frees an old index once no answer holds it."""
    gc.freeze()

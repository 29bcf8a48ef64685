"""The running engine: owns the current index, reloads it safely, answers questions."""

from __future__ import annotations

import gc
import logging
import threading
from dataclasses import dataclass

from sqlalchemy import Engine as SAEngine

from bot import db
from bot import index as index_mod
from bot import progress as progress_mod
from bot.answer import Answer, compose
from bot.config import Config
from bot.corpus import load_corpus
from bot.figures.questions import figures, mode_of
from bot.index import ReloadReport, SearchIndex
from bot.query import parse
from bot.records import Record, match_documents, select_records

log = logging.getLogger(__name__)


class ReloadError(RuntimeError):
    """A reload that failed; the previous index is still being served."""


@dataclass
class Snapshot:
    """One consistent generation: an answer never mixes two of them."""

    index: SearchIndex
    generation: int


class Engine:
    def __init__(self, config: Config):
        self.config = config
        self._snapshot: Snapshot | None = None
        self._reload_lock = threading.Lock()
        self._db: SAEngine | None = None

    @property
    def db(self) -> SAEngine:
        if self._db is None:
            self._db = db.connect(self.config.db_url, self.config.db_timeout)
        return self._db

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            self.open()
        assert self._snapshot is not None
        return self._snapshot

    def open(self) -> ReloadReport | None:
        """Serve the persisted index if there is one; otherwise build it from the corpus."""
        persisted = index_mod.load(self.config.index_dir)
        if persisted is not None:
            # The database may lag the index (a commit that failed after the file swap, or a
            # database replaced): compare generations, and catch up only if they differ.
            gen = index_mod.current_generation(self.config.index_dir)
            if db.generation(self.db) != gen:
                db.sync(self.db, _rows(persisted), before_commit=lambda: gen)
            self._snapshot = Snapshot(persisted, 1)
            return None
        return self.reload()

    def reload(self, progress: progress_mod.Callback | None = None) -> ReloadReport:
        """Rebuild from the corpus, re-segmenting only changed articles, then swap atomically.
        `progress` is told each stage and, per batch, the documents and passages done."""
        progress = progress_mod.guarded(progress)
        with self._reload_lock:
            progress_mod.stage(progress, "read")
            previous = (
                self._snapshot.index if self._snapshot else index_mod.load(self.config.index_dir)
            )
            try:
                known = {a.id: a for a in previous.article_list} if previous else None
                articles, skipped = load_corpus(self.config.corpus_dir, known)
                cache = index_mod.load_cache(self.config.index_dir)
                cached = len(cache)
                new_index, segmented, cache_hits = index_mod.build(
                    articles, previous, cache, progress
                )
                progress_mod.stage(progress, "save")

                # Records and index change together: the file swap happens inside the
                # database transaction, so a failure in either leaves both as they were.
                def persist() -> str:
                    return index_mod.save(new_index, self.config.index_dir)

                in_step = db.generation(self.db) == index_mod.current_generation(
                    self.config.index_dir
                )
                if previous is None or not in_step:
                    db.sync(self.db, _rows(new_index), before_commit=persist)
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
                if len(cache) != cached:
                    index_mod.save_cache(cache, self.config.index_dir)
            except Exception as exc:
                log.exception("reload failed; keeping the previous index")
                raise ReloadError(f"Nạp lại thất bại, vẫn dùng dữ liệu cũ: {exc}") from exc
            generation = self._snapshot.generation + 1 if self._snapshot else 1
            self._snapshot = Snapshot(new_index, generation)  # one reference swap
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

    def ask(self, question: str, top_k: int | None = None) -> Answer:
        """Answer one question from the current snapshot."""
        snap = self.snapshot
        query = parse(question)
        index = snap.index
        result = index.search(query, top_k or self.config.top_k, self.config.min_coverage)
        records: list[Record] = []
        if mode_of(query) != "list":
            # A comparison, ranking, series, progress or national question is answered from
            # the figures even when no single passage covers it.
            figs = figures(query, index.records_by_province)
            documents = match_documents(index.documents, query.text) if result.answered else []
            return compose(question, result, figs.records if figs else [], documents, figs)
        if result.answered and (result.provinces or result.years):
            if result.provinces:
                pool = index.province_records(query.province_names, result.years)
            else:  # a year alone: the figures of the articles the passages come from
                arts = dict.fromkeys(h.article for h in result.hits)
                pool = [r for a in arts for r in index.articles[a].records]
            records = select_records(pool, result.years, query.text)
        documents = match_documents(index.documents, query.text) if result.answered else []
        return compose(question, result, records, documents)

    def log_question(self, question: str, answer: Answer, **who: int | str | None) -> None:
        """Record a question for /stats; a database problem must not lose the answer."""
        try:
            db.log_question(self.db, question, answer.answered, **who)  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001
            log.exception("could not log a question")


def _settle() -> None:
    """Exempt the index just built from the cyclic GC: its ~10^6 long-lived objects were
    scanned by every full collection (0.3–0.6 s at 10^5 paragraphs, felt by a question).
    Refcounting still frees an old index once no answer holds it."""
    gc.freeze()


def _rows(index: SearchIndex):
    return [(ia.article, ia.records, ia.doc_refs) for ia in index.articles.values()]

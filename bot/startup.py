"""Opening the persisted index when the engine starts: the index files loaded while the
database is checked and the articles and cited documents read from it; the records left in
SQL, read a province at a time on first use (and all of them in the background once the engine
serves). Tables written for a generation a reload prepared but did not switch to: that
generation is made current. Tables that do not hold the index's articles (emptied, set aside,
older): rebuilt from the corpus."""

from __future__ import annotations

import logging
import sqlite3
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from bot import db, gc_pause
from bot.errors import DbProblem, TablesRebuilt
from bot.records import Record, extract_records
from bot.search import store
from bot.search.index import SearchIndex
from bot.search.province_records import Bulk, Loader

if TYPE_CHECKING:
    from bot.engine import Engine

log = logging.getLogger(__name__)


def persisted(engine: Engine) -> SearchIndex | None:
    """The persisted index with its articles and cited documents read from SQL (their one
    store) and its records to be read from SQL on first use; None when there is none to load:
    no index, another format, or tables that do not hold its articles (then the caller
    rebuilds from the corpus, told so in one line)."""
    config = engine.config
    rolled = False
    while (gen := store.current_generation(config.index_dir)) is not None:
        path = db.sqlite_path(config.db_url)
        reader = corpus_reader(engine)
        with gc_pause.paused():  # ~10^5 long-lived objects read: see store.with_articles
            with ThreadPoolExecutor(2, thread_name_prefix="open") as pool:
                # While the index files load, the database is opened and checked (PRAGMA
                # quick_check) and, from a SQLite file, the articles and cited documents read
                # on a connection of their own: SQLite does much of both outside the GIL.
                early = pool.submit(reader.corpus) if path is not None else None
                checked = pool.submit(lambda: db.generation(engine.db))
                index = store.load_arrays(config.index_dir)
                tables = _tables(engine, checked)
                corpus = _early(early, gen) if tables == gen else None
        if index is None:
            return None  # another format or unreadable: rebuilt, as the CLI says
        if tables == gen:
            articles, cited = corpus or _read(engine)
            index = store.with_articles(index, articles.by_id)
            if index is not None:
                # In memory, a cache of SQL, read once the index serves: all at once by the
                # first question that needs records or the engine's background read (~0.5 s
                # for ~2·10^5 records at 10^5 paragraphs), else a province at a time.
                loader = records_loader(reader, index, gen)
                index.attach_figures(loader, cited.doc_refs, all_records(reader, gen))
                return index
        elif not rolled and tables and (pending := store.prepared(config.index_dir, tables)):
            # A reload committed the tables and died before switching the index: its
            # generation is complete on disk; make it current, as the reload would have.
            pending.switch()
            rolled = True
            log.warning("index %s made current: the database was written for it", tables)
            continue
        if not engine.set_asides:  # a set-aside file has said it is being rebuilt
            engine.notify(TablesRebuilt())
        return None
    return None


def corpus_reader(engine: Engine) -> db.CorpusReader:
    """The engine's database read from any thread (straight from a SQLite file)."""
    path = db.sqlite_path(engine.config.db_url)
    return db.CorpusReader(lambda: engine.db, path, engine.config.db_timeout)


def _tables(engine: Engine, checked: Future) -> str | None:
    """The generation the tables were written for; a damaged SQLite file is set aside (its
    tables are then empty), another database error is one line."""
    try:
        return checked.result()
    except SQLAlchemyError as exc:
        if (path := engine._recoverable(exc)) is None:
            raise _unavailable(engine, exc) from exc
        engine._db = engine._set_aside(path)
        return db.generation(engine.db)


def _early(early: Future | None, gen: str) -> tuple[db.Articles, db.Cited] | None:
    """The articles and cited documents read early, when that read saw this generation."""
    if early is None:
        return None
    try:
        articles, cited = early.result()
    except (sqlite3.Error, OSError, ValueError):
        return None
    return (articles, cited) if articles.generation == cited.generation == gen else None


def all_records(reader: db.CorpusReader, gen: str) -> Bulk:
    """Reads every record for an index of generation `gen`: None when the tables are for
    another generation or unreadable (the provinces are then read one by one, see
    `records_loader`)."""

    def read(stop: threading.Event | None = None) -> dict[str, list[Record]] | None:
        try:
            got = reader.all_records(stop)
        except (SQLAlchemyError, sqlite3.Error, OSError, ValueError):
            return None
        return got.by_article if got is not None and got.generation == gen else None

    return read


def _unavailable(engine: Engine, exc: BaseException) -> db.DatabaseUnavailable:
    url = db.describe_url(engine.config.db_url)
    return db.DatabaseUnavailable(DbProblem.ERROR, url, db.first_line(exc))


def _read(engine: Engine) -> tuple[db.Articles, db.Cited]:
    """The articles and cited documents through SQLAlchemy (PostgreSQL, or a SQLite file the
    early read could not use)."""
    reader = db.CorpusReader(lambda: engine.db, None, engine.config.db_timeout)
    try:
        return reader.corpus()
    except SQLAlchemyError as exc:
        raise _unavailable(engine, exc) from exc


def records_loader(reader: db.CorpusReader, index: SearchIndex, gen: str) -> Loader:
    """Reads a province's records from SQL for an index of generation `gen`. Tables written
    for another generation since (another process's reload) or unreadable: the records are
    extracted again from the index's articles, as a reload would have written them."""
    said: list[str] = []

    def load(province: str | None) -> dict[str, list[Record]]:
        try:
            got = reader.province_records(province)
            if got.generation == gen:
                return got.by_article
            why = f"the tables are for {got.generation}, not {gen}"
        except (SQLAlchemyError, sqlite3.Error, OSError, ValueError) as exc:
            # ValueError: a damaged record pack (record_pack.DamagedPack) among them
            why = db.first_line(exc)
        if not said:
            said.append(why)
            log.warning("records not read from the database (%s): extracted again", why)
        return {
            aid: extract_records(ia.article)
            for aid, ia in index.articles.items()
            if ia.article.province == province
        }

    return load

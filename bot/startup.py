"""Opening the persisted index when the engine starts: the index files loaded while the
database is checked and the cited documents read; the records left in SQL, read a province at
a time on first use (and all of them in the background once the engine serves); tables that
lag the index brought back in line first."""

from __future__ import annotations

import gc
import logging
import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from bot import db
from bot.corpus import Article
from bot.records import DocRef, Record, extract_doc_refs, extract_records
from bot.search import store
from bot.search.index import SearchIndex
from bot.search.province_records import Loader

if TYPE_CHECKING:
    from bot.engine import Engine

log = logging.getLogger(__name__)


def persisted(engine: Engine) -> SearchIndex | None:
    """The persisted index with its cited documents read from SQL and its records to be read
    from SQL (their one store), or None when there is none to load."""
    config = engine.config
    gen = store.current_generation(config.index_dir)
    if gen is None:
        return None
    path = db.sqlite_path(config.db_url)
    reader = db.FigureReader(lambda: engine.db, path, config.db_timeout)
    enabled = gc.isenabled()
    gc.disable()  # ~10^6 long-lived objects built: see store.load
    try:
        with ThreadPoolExecutor(2, thread_name_prefix="open") as pool:
            # While the index files load, the database is opened and checked (PRAGMA
            # quick_check) and, from a SQLite file, the cited documents read on a connection
            # of their own: SQLite does much of both outside the GIL.
            early = pool.submit(reader.cited) if path is not None else None
            checked = pool.submit(lambda: db.generation(engine.db))
            index = store.load(config.index_dir)
            if index is None:
                return None
            cited = _in_step(gen, checked, early)
            if cited is None:  # the tables lag the index, or the file was set aside
                cited = _caught_up(engine, index, gen)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    # In memory, a cache of SQL: the records of a province are read when a question first
    # needs them (~2·10^5 records at 10^5 paragraphs would take ~1 s to read at start).
    index.attach_figures(records_loader(reader, index, gen), cited.doc_refs)
    return index


def records_loader(reader: db.FigureReader, index: SearchIndex, gen: str) -> Loader:
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
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
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


def _caught_up(engine: Engine, index: SearchIndex, gen: str) -> db.Cited:
    """The cited documents once the tables are in line with the index: the database may lag
    it (a commit that failed after the file swap, or a database replaced or set aside)."""
    reader = db.FigureReader(lambda: engine.db, None, engine.config.db_timeout)
    try:
        _catch_up(engine, index, gen)
        return reader.cited()
    except SQLAlchemyError as exc:
        if (path := engine._recoverable(exc)) is None:
            raise db.DatabaseUnavailable(
                f"lỗi cơ sở dữ liệu {db.describe_url(engine.config.db_url)}: {db.first_line(exc)}"
            ) from exc
        engine._db = engine._set_aside(path)
        _catch_up(engine, index, gen)
        return reader.cited()


def _catch_up(engine: Engine, index: SearchIndex, gen: str | None) -> None:
    """Bring the tables in line with the index's articles. The index holds no records: the
    articles the tables lack (or hold in another version) are extracted again."""
    if db.generation(engine.db) != gen:
        db.sync(engine.db, index.article_list, _extract, before_commit=lambda: gen)


def _in_step(gen: str, checked: Future, early: Future | None) -> db.Cited | None:
    """The cited documents read early, when the checked database's tables are this
    generation's and the early read saw the same; None otherwise."""
    try:
        in_step = checked.result() == gen
    except SQLAlchemyError:
        in_step = False  # met again, and handled, by _caught_up
    if not in_step or early is None:
        return None
    try:
        cited = early.result()
    except (sqlite3.Error, OSError):
        return None
    return cited if cited.generation == gen else None


def _extract(article: Article) -> tuple[list[Record], list[DocRef]]:
    """An article's records and cited documents, extracted from its paragraphs."""
    return extract_records(article), extract_doc_refs(article)

"""The corpus read back from SQL, its one store: the articles with their paragraphs and the
cited documents (all of them, when the engine opens an index) and the records (a province's at
a time, on first use), each read with the index generation the tables were written for."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import Engine as SAEngine
from sqlalchemy import text

from bot import gc_pause
from bot.corpus import Article, Paragraph
from bot.db.corpus import GENERATION
from bot.db.record_pack import RECORD_FIELDS, UNWRITTEN, unpack
from bot.records import DocRef, Record


class Cited(NamedTuple):
    """Every article's cited documents and the generation the tables were written for."""

    generation: str | None
    doc_refs: dict[str, list[DocRef]]


class Articles(NamedTuple):
    """Every article with its paragraphs, by id, and the generation the tables were written
    for."""

    generation: str | None
    by_id: dict[str, Article]


class Records(NamedTuple):
    """Some articles' records and the generation the tables were written for (the same before
    and after they were read: no reload committed meanwhile)."""

    generation: str | None
    by_article: dict[str, list[Record]]


Execute = Callable[..., Iterator[tuple]]


class CorpusReader:
    """Reads figures from SQL: straight from the SQLite file when there is one (plain sqlite3
    tuples, in a transaction of their own: usable from any thread, and about twice as fast as
    through SQLAlchemy), otherwise through the engine (PostgreSQL)."""

    def __init__(self, engine: Callable[[], SAEngine], path: Path | None, timeout: float = 10.0):
        self._engine = engine
        self._path = path
        self._timeout = timeout
        # The strings records repeat (province, kind, unit, indicator, section, the sentence
        # several figures share) are one object each, across every read: one object per row
        # and column would take ~100 MB more at 10^5 paragraphs.
        self._shared: dict = {}

    @contextmanager
    def _execute(self) -> Iterator[Execute]:
        if self._path is not None:
            if not self._path.is_file():  # never create an empty file by reading
                raise FileNotFoundError(2, "No such file", str(self._path))
            with closing(sqlite3.connect(self._path, timeout=self._timeout)) as conn:
                conn.execute("BEGIN")  # one snapshot: a reload committing meanwhile is not seen
                yield conn.execute
        else:
            with self._engine().connect() as conn, conn.begin():
                yield lambda sql, params=None: conn.execute(text(sql), params or {})

    def corpus(self) -> tuple[Articles, Cited]:
        """The articles and the cited documents (the engine's read at start)."""
        return self.articles(), self.cited()

    def cited(self) -> Cited:
        """Every article's cited documents, in the order they were extracted (their ids)."""
        refs: dict[str, list[DocRef]] = defaultdict(list)
        s = self._shared.setdefault
        with self._execute() as execute:
            gen = _generation(execute)
            for article, paragraph, kind, number, name in execute(
                f"SELECT {_REF_COLUMNS} FROM doc_refs ORDER BY id"
            ):
                article = s(article, article)
                refs[article].append(
                    DocRef(article, paragraph, s(kind, kind), s(number, number), s(name, name))
                )
        return Cited(gen, refs)

    def articles(self) -> Articles:
        """Every article as the reload that wrote it built it: its metadata, warnings, file
        stat and numbered paragraphs (with their sections)."""
        s = self._shared.setdefault
        paragraphs: dict[str, list[Paragraph]] = defaultdict(list)
        with self._execute() as execute:
            gen = _generation(execute)
            rows = execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles").fetchall()
            for article, number, sentence, section, context in execute(
                "SELECT article, number, text, section, context FROM paragraphs ORDER BY id"
            ):
                article = s(article, article)
                section = s(section, section)
                context = s(context, context)
                paragraphs[article].append(Paragraph(article, number, sentence, section, context))
        out: dict[str, Article] = {}
        for (aid, title, date, publisher, province, digest, doc_type, doc_number, issuer,
             signer, source, national, warnings, size, mtime) in rows:  # fmt: skip
            out[aid] = Article(
                id=s(aid, aid),
                title=title,
                date=_date(date),
                publisher=s(publisher, publisher),
                province=s(province, province),
                paragraphs=paragraphs.get(aid, []),
                digest=digest,
                warnings=json.loads(warnings) if warnings else [],
                stat=(size, mtime) if size is not None and mtime is not None else None,
                doc_type=s(doc_type, doc_type),
                doc_number=doc_number,
                issuer=s(issuer, issuer),
                signer=s(signer, signer),
                source=source,
                national=bool(national),
            )
        return Articles(gen, out)

    def province_records(self, province: str | None) -> Records:
        """The records of the articles about one province (None: about none), by article, in
        the order they were extracted: from the articles' packs (bot/db/record_pack.py), or
        from the `records` rows when a pack predates its column."""
        where = "province IS NULL" if province is None else "province = :province"
        return self._records(where, province)

    def all_records(self, stop: threading.Event | None = None) -> Records | None:
        """Every article's records (see `province_records`); None once `stop` is set (checked
        every few hundred articles: a reload waiting for this read waits ~10 ms, not 0.5 s)."""
        return self._records("TRUE", None, stop)

    def _records(
        self, where: str, province: str | None, stop: threading.Event | None = None
    ) -> Records | None:
        s = self._shared.setdefault
        records: dict[str, list[Record]] = {}
        unwritten = False
        with self._execute() as execute:  # one transaction: one generation throughout
            before = _generation(execute)
            packs = execute(
                f"SELECT id, records_pack FROM articles WHERE {where} ORDER BY id",
                {"province": province},
            )
            while batch := packs.fetchmany(PACK_BATCH):
                if stop is not None and stop.is_set():
                    return None
                with gc_pause.paused():  # ~10^4 tuples: no use scanning them for cycles
                    for aid, text in batch:
                        if text == UNWRITTEN:
                            unwritten = True
                        elif not unwritten:
                            aid = s(aid, aid)
                            records[aid] = unpack(aid, text, s)
            if unwritten:  # written before the packs: every record from its row
                rows = execute(
                    f"SELECT {_RECORD_COLUMNS} FROM records WHERE article IN "
                    f"(SELECT id FROM articles WHERE {where}) ORDER BY id",
                    {"province": province},
                ).fetchall()
                with gc_pause.paused():
                    records = self._from_rows(rows)
            after = _generation(execute)
        return Records(before if before == after else None, records)

    def _from_rows(self, rows: list[tuple]) -> dict[str, list[Record]]:
        """Records from their `records` rows (Plain SQL tuples: ORM objects cost ~20× more)."""
        records: dict[str, list[Record]] = defaultdict(list)
        s = self._shared.setdefault
        for (
            article,
            paragraph,
            prov,
            kind,
            period_start,
            period_end,
            period_note,
            subject,
            indicator,
            value_min,
            value_max,
            qualifier,
            unit,
            sentence,
            indicator_id,
            change,
            progress,
            national,
            section,
        ) in rows:
            article = s(article, article)
            records[article].append(
                Record(
                    article,
                    paragraph,
                    s(prov, prov),
                    s(kind, kind),
                    period_start,
                    period_end,
                    s(period_note, period_note),
                    s(subject, subject),
                    s(indicator, indicator),
                    value_min,
                    value_max,
                    s(qualifier, qualifier),
                    s(unit, unit),
                    s(sentence, sentence),
                    s(indicator_id, indicator_id),
                    bool(change),  # SQLite gives 0/1
                    bool(progress),
                    bool(national),
                    s(section, section),
                )
            )
        return records


PACK_BATCH = 500  # articles unpacked between two looks at `stop`


def _date(value: object) -> dt.date | None:
    """A date column: SQLite gives its ISO text, PostgreSQL a date."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _generation(execute: Execute) -> str | None:
    row = execute("SELECT value FROM meta WHERE key = :key", {"key": GENERATION}).fetchone()
    return row[0] if row else None


# The columns read, in the NamedTuples' order (checked at import).
assert DocRef._fields == ("article", "paragraph", "kind", "number", "name")
_ARTICLE_COLUMNS = (
    "id, title, date, publisher, province, digest, doc_type, doc_number, issuer, signer, "
    "source, national, warnings, stat_size, stat_mtime_ns"
)
_RECORD_COLUMNS = ", ".join(f'"{name}"' for name in RECORD_FIELDS)
_REF_COLUMNS = ", ".join(f'"{name}"' for name in DocRef._fields)

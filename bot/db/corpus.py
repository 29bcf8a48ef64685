"""The corpus in SQL, its one store: articles, paragraphs, records and cited documents written
by a reload in one transaction, with the index generation they match (read back by
bot/db/figures.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from itertools import islice

from sqlalchemy import Engine as SAEngine
from sqlalchemy import insert
from sqlmodel import Session, col, delete, select

from bot.corpus import Article
from bot.db.models import ArticleRow, DocRefRow, MetaRow, ParagraphRow, RecordRow
from bot.db.record_pack import pack
from bot.records import DocRef, Record

GENERATION = "index_generation"
INSERT_BATCH = 5000


def generation(engine: SAEngine) -> str | None:
    """The index generation the tables were last written for."""
    with Session(engine) as session:
        row = session.get(MetaRow, GENERATION)
        return row.value if row else None


def _set_generation(session: Session, value: str) -> None:
    row = session.get(MetaRow, GENERATION)
    if row is None:
        session.add(MetaRow(key=GENERATION, value=value))
    else:
        row.value = value


Rows = tuple[Article, list[Record], list[DocRef]]
Figures = Callable[[Article], tuple[list[Record], list[DocRef]]]


def sync(
    engine: SAEngine,
    articles: Iterable[Article],
    figures: Figures,
    before_commit: Callable[[], str | None] | None = None,
    rewrite_all: bool = False,
) -> int:
    """Make the tables match the corpus in one transaction; only changed articles are rewritten
    (every one with `rewrite_all`: a full build extracted every record afresh, and the
    extractor may have changed while the articles did not).

    `figures` gives an article's records and cited documents; it is called only for the
    articles rewritten. `before_commit` runs inside the transaction (the index file swap) and
    returns the index generation to record; a failure there rolls the database back too.
    Returns the number of articles rewritten.
    """
    wanted = {a.id: a for a in articles}
    with Session(engine) as session:
        have = dict(session.exec(select(ArticleRow.id, ArticleRow.digest)).all())
        stale = [
            aid
            for aid, dig in have.items()
            if rewrite_all or aid not in wanted or wanted[aid].digest != dig
        ]
        fresh = [aid for aid, a in wanted.items() if rewrite_all or have.get(aid) != a.digest]
        _write_changes(session, stale, [(wanted[aid], *figures(wanted[aid])) for aid in fresh])
        if before_commit is not None and (gen := before_commit()):
            _set_generation(session, gen)
        session.commit()
    return len(fresh)


def apply(
    engine: SAEngine,
    removed: Iterable[str],
    added: list[Rows],
    before_commit: Callable[[], str | None] | None = None,
) -> None:
    """Remove and add articles' rows in one transaction: a reload's change, nothing else."""
    with Session(engine) as session:
        _write_changes(session, list(removed), added)
        if before_commit is not None and (gen := before_commit()):
            _set_generation(session, gen)
        session.commit()


def _write_changes(session: Session, stale: list[str], rows: list[Rows]) -> None:
    if stale:
        for table in (ParagraphRow, RecordRow, DocRefRow):
            session.exec(delete(table).where(col(table.article).in_(stale)))
        session.exec(delete(ArticleRow).where(col(ArticleRow.id).in_(stale)))
    # Core executemany inserts: ORM objects cost ~100 µs each, far too much for 10^5 rows.
    # Generated and sent in batches: 10^5 row dicts at once cost ~150 MB during a full build.
    articles = (
        {
            "id": a.id,
            "title": a.title,
            "date": a.date,
            "publisher": a.publisher,
            "province": a.province,
            "digest": a.digest,
            "paragraph_count": len(a.paragraphs),
            "doc_type": a.doc_type,
            "doc_number": a.doc_number,
            "issuer": a.issuer,
            "signer": a.signer,
            "source": a.source,
            "national": a.national,
            "warnings": json.dumps(a.warnings, ensure_ascii=False),
            "stat_size": a.stat[0] if a.stat else None,
            "stat_mtime_ns": a.stat[1] if a.stat else None,
            "records_pack": pack(recs),
        }
        for a, recs, _ in rows
    )
    paragraphs = (
        {
            "article": a.id,
            "number": p.number,
            "text": p.text,
            "section": p.section,
            "context": p.context,
        }
        for a, _, _ in rows
        for p in a.paragraphs
    )
    records = (r.to_json() for _, recs, _ in rows for r in recs)
    refs = (d.to_json() for _, _, ds in rows for d in ds)
    for table, values in (
        (ArticleRow, articles),
        (ParagraphRow, paragraphs),
        (RecordRow, records),
        (DocRefRow, refs),
    ):
        while batch := list(islice(values, INSERT_BATCH)):
            # Core, not the ORM: its bulk path ran ~38,000 statements for 10^5 paragraphs.
            session.connection().execute(insert(table.__table__), batch)
    session.flush()

"""SQLModel storage: articles, paragraphs, records, document references and the question log.

SQLite in index/ by default; any SQLAlchemy URL works (tested against PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import Engine as SAEngine
from sqlalchemy import event
from sqlmodel import Field, Session, SQLModel, col, create_engine, delete, func, select

from bot.corpus import Article
from bot.records import DocRef, Record


class ArticleRow(SQLModel, table=True):
    __tablename__ = "articles"
    id: str = Field(primary_key=True)
    title: str
    date: dt.date | None = None
    publisher: str | None = None
    province: str | None = Field(default=None, index=True)
    digest: str
    paragraph_count: int = 0


class ParagraphRow(SQLModel, table=True):
    __tablename__ = "paragraphs"
    id: int | None = Field(default=None, primary_key=True)
    article: str = Field(index=True)
    number: int
    text: str


class RecordRow(SQLModel, table=True):
    __tablename__ = "records"
    id: int | None = Field(default=None, primary_key=True)
    article: str = Field(index=True)
    paragraph: int
    province: str | None = Field(default=None, index=True)
    kind: str
    period_start: int | None = None
    period_end: int | None = None
    period_note: str | None = None
    subject: str
    indicator: str
    value_min: float
    value_max: float
    qualifier: str | None = None
    unit: str
    text: str

    def to_record(self) -> Record:
        return Record(**{k: getattr(self, k) for k in Record._fields})


class DocRefRow(SQLModel, table=True):
    __tablename__ = "doc_refs"
    id: int | None = Field(default=None, primary_key=True)
    article: str = Field(index=True)
    paragraph: int
    kind: str
    number: str = Field(index=True)
    name: str

    def to_ref(self) -> DocRef:
        return DocRef(self.article, self.paragraph, self.kind, self.number, self.name)


class QuestionLog(SQLModel, table=True):
    __tablename__ = "questions"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC), index=True)
    user_id: int | None = Field(default=None, index=True)
    chat_id: int | None = None
    source: str = "cli"
    question: str
    answered: bool


def connect(url: str, timeout: float = 10.0) -> SAEngine:
    """An engine for the URL, creating the tables (and SQLite's folder) if needed."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": timeout, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # WAL: readers never wait for a reload's writes
            dbapi_conn.execute("PRAGMA journal_mode=WAL")
            dbapi_conn.execute("PRAGMA synchronous=NORMAL")
    else:
        engine = create_engine(url, pool_pre_ping=True)
    SQLModel.metadata.create_all(engine)
    return engine


def sync(
    engine: SAEngine,
    articles: Iterable[tuple[Article, list[Record], list[DocRef]]],
    before_commit: Callable[[], None] | None = None,
) -> int:
    """Make the tables match the corpus in one transaction; only changed articles are rewritten.

    `before_commit` runs inside the transaction (the index file swap), so a failure there
    rolls the database back too. Returns the number of articles rewritten.
    """
    wanted = {a.id: (a, recs, refs) for a, recs, refs in articles}
    with Session(engine) as session:
        have = dict(session.exec(select(ArticleRow.id, ArticleRow.digest)).all())
        stale = [
            aid
            for aid, digest in have.items()
            if aid not in wanted or wanted[aid][0].digest != digest
        ]
        fresh = [aid for aid, (a, _, _) in wanted.items() if have.get(aid) != a.digest]
        for table in (ParagraphRow, RecordRow, DocRefRow):
            if stale:
                session.exec(delete(table).where(col(table.article).in_(stale)))
        if stale:
            session.exec(delete(ArticleRow).where(col(ArticleRow.id).in_(stale)))
        for aid in fresh:
            a, recs, refs = wanted[aid]
            session.add(
                ArticleRow(
                    id=a.id,
                    title=a.title,
                    date=a.date,
                    publisher=a.publisher,
                    province=a.province,
                    digest=a.digest,
                    paragraph_count=len(a.paragraphs),
                )
            )
            session.add_all(
                ParagraphRow(article=a.id, number=p.number, text=p.text) for p in a.paragraphs
            )
            session.add_all(RecordRow(**r.to_json()) for r in recs)
            session.add_all(
                DocRefRow(
                    article=d.article,
                    paragraph=d.paragraph,
                    kind=d.kind,
                    number=d.number,
                    name=d.name,
                )
                for d in refs
            )
        session.flush()
        if before_commit is not None:
            before_commit()
        session.commit()
    return len(fresh)


def query_records(
    engine: SAEngine,
    provinces: Iterable[str] | None = None,
    year: int | None = None,
    kind: str | None = None,
) -> list[Record]:
    """Records filtered by old province names, a year inside the period, and kind."""
    stmt = select(RecordRow)
    if provinces is not None:
        stmt = stmt.where(col(RecordRow.province).in_(list(provinces)))
    if year is not None:
        stmt = stmt.where(col(RecordRow.period_start) <= year, col(RecordRow.period_end) >= year)
    if kind is not None:
        stmt = stmt.where(RecordRow.kind == kind)
    stmt = stmt.order_by(RecordRow.article, RecordRow.paragraph, RecordRow.id)
    with Session(engine) as session:
        return [row.to_record() for row in session.exec(stmt).all()]


def log_question(
    engine: SAEngine,
    question: str,
    answered: bool,
    user_id: int | None = None,
    chat_id: int | None = None,
    source: str = "cli",
) -> None:
    """Remember a question for /stats (the text is cut to 1,000 characters)."""
    with Session(engine) as session:
        session.add(
            QuestionLog(
                question=question[:1000],
                answered=answered,
                user_id=user_id,
                chat_id=chat_id,
                source=source,
            )
        )
        session.commit()


def question_stats(engine: SAEngine, recent_unanswered: int = 10) -> tuple[int, int, list[str]]:
    """(questions asked, unanswered, the latest unanswered questions)."""
    with Session(engine) as session:
        total = session.exec(select(func.count()).select_from(QuestionLog)).one()
        missed = session.exec(
            select(func.count()).select_from(QuestionLog).where(QuestionLog.answered == False)  # noqa: E712
        ).one()
        latest = session.exec(
            select(QuestionLog.question)
            .where(QuestionLog.answered == False)  # noqa: E712
            .order_by(col(QuestionLog.id).desc())
            .limit(recent_unanswered)
        ).all()
    return int(total), int(missed), list(latest)

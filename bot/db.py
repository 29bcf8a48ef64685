"""SQLModel storage: articles, paragraphs, records, document references and the question log.

SQLite in index/ by default; any SQLAlchemy URL works (tested against PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import closing
from itertools import islice
from pathlib import Path

from sqlalchemy import BigInteger, UniqueConstraint, event, insert, inspect, text
from sqlalchemy import Engine as SAEngine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
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
    doc_type: str | None = None
    doc_number: str | None = Field(default=None, index=True)
    issuer: str | None = None
    signer: str | None = None
    source: str | None = None
    national: bool = False


class ParagraphRow(SQLModel, table=True):
    __tablename__ = "paragraphs"
    id: int | None = Field(default=None, primary_key=True)
    article: str = Field(index=True)
    number: int
    text: str
    section: str = ""


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
    indicator_id: str = Field(default="other", index=True)
    change: bool = False
    progress: bool = False
    national: bool = False
    section: str = ""

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


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


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


class QuestionLog(SQLModel, table=True):
    __tablename__ = "questions"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC), index=True)
    user_id: int | None = Field(default=None, index=True, sa_type=BigInteger)
    chat_id: int | None = Field(default=None, sa_type=BigInteger)  # groups: -100…, 13 digits
    source: str = "cli"
    question: str
    answered: bool
    # The provinces the question named, as understood ("Phú Thọ|Bạc Liêu"), for /stats.
    provinces: str | None = None


def utcnow() -> dt.datetime:
    """Now, in UTC (SQLModel stores aware datetimes as UTC and returns them aware)."""
    return dt.datetime.now(dt.UTC)


class FeedbackRow(SQLModel, table=True):
    """A 👍 (+1) or 👎 (-1) on the answer to a logged question; one per voter and question
    (a second press changes the vote)."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("question_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(index=True)
    user_id: int = Field(sa_type=BigInteger)
    vote: int
    at: dt.datetime = Field(default_factory=utcnow, index=True)


class ContextRow(SQLModel, table=True):
    """The last question of one user in one chat, which a short follow-up builds on."""

    __tablename__ = "conversation_context"
    user_id: int = Field(sa_type=BigInteger, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, primary_key=True)
    question: str
    at: dt.datetime = Field(default_factory=utcnow, index=True)


class SubscriptionRow(SQLModel, table=True):
    """A user following a province (the unit as understood: "Phú Thọ" covers its parts)."""

    __tablename__ = "subscriptions"
    user_id: int = Field(sa_type=BigInteger, primary_key=True)
    unit: str = Field(primary_key=True, index=True)
    at: dt.datetime = Field(default_factory=utcnow)


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used, explained in one line (no password)."""


class CorruptDatabase(DatabaseUnavailable):
    """A SQLite file that is not a sound database; it can be set aside and rebuilt."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"cơ sở dữ liệu {path} bị hỏng: {reason}")
        self.path = path
        self.reason = reason


_CORRUPT = ("file is not a database", "malformed", "database disk image", "corrupt")
POSTGRES_HINT = "pip install 'coopbot[postgres]'"


def is_corruption(exc: BaseException) -> bool:
    """Whether a database error says the file itself is damaged."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(marker in text for marker in _CORRUPT)


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:/// URL (None for other databases and in-memory SQLite)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def check_sqlite_file(path: Path, timeout: float = 10.0) -> None:
    """Raise CorruptDatabase unless the file is a sound SQLite database (PRAGMA quick_check:
    about 0.2 s at 10^5 paragraphs). A missing or empty file is fine: it is created."""
    try:
        if path.stat().st_size == 0:
            return
    except FileNotFoundError:
        return
    try:
        with closing(sqlite3.connect(path, timeout=timeout)) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            raise CorruptDatabase(path, str(exc)) from exc
        raise DatabaseUnavailable(
            f"không mở được cơ sở dữ liệu {path}: {exc}{disk_note(path.parent)}"
        ) from exc
    if rows != [("ok",)]:
        raise CorruptDatabase(path, str(rows[0][0]) if rows else "quick_check không trả lời")


def set_aside(path: Path) -> Path:
    """Move a corrupt SQLite file (and its WAL) to <name>.corrupt-<timestamp>; return it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, target)
    for suffix in ("-wal", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    path.with_name(path.name + "-shm").unlink(missing_ok=True)  # derived from the WAL
    return target


def disk_note(folder: Path) -> str:
    """' (ổ đĩa đầy: …)' when the folder's file system is (nearly) out of space: SQLite then
    says only 'disk I/O error' (it cannot create its shared-memory file)."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    return f" (ổ đĩa đầy: còn {free // 1024} KB trống)" if free < LOW_SPACE else ""


LOW_SPACE = 1 << 20


def describe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001
        return "<URL không đọc được>"


def first_line(exc: BaseException) -> str:
    """A database error in one line: the driver's message, without SQL or links."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


def connect(url: str, timeout: float = 10.0) -> SAEngine:
    """An engine for the URL, creating the tables (and SQLite's folder) if needed.

    A damaged SQLite file raises CorruptDatabase; an unreachable server or a missing driver
    raises DatabaseUnavailable, each explained in one line."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        check_sqlite_file(path, timeout)
        engine = create_engine(url, connect_args={"timeout": timeout, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # WAL: readers never wait for a reload's writes
            dbapi_conn.execute("PRAGMA journal_mode=WAL")
            dbapi_conn.execute("PRAGMA synchronous=NORMAL")
    else:
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except ImportError as exc:
            driver = exc.name or str(exc)
            hint = POSTGRES_HINT if url.startswith("postgres") else f"pip install {driver}"
            raise DatabaseUnavailable(
                f"thiếu trình điều khiển cơ sở dữ liệu {driver} cho {describe_url(url)}; "
                f"cài bằng: {hint}"
            ) from exc
    try:
        SQLModel.metadata.create_all(engine)
    except DBAPIError as exc:
        engine.dispose()
        if path is not None and is_corruption(exc):
            raise CorruptDatabase(path, first_line(exc)) from exc
        raise DatabaseUnavailable(
            f"không kết nối được cơ sở dữ liệu {describe_url(url)}: {first_line(exc)}"
        ) from exc
    _add_missing_columns(engine)
    return engine


def _add_missing_columns(engine: SAEngine) -> None:
    """Columns added since a database was created are added to it; its articles are then
    marked stale (digest cleared) so the next sync rewrites them with the new fields."""
    inspector = inspect(engine)
    added = False
    with engine.begin() as conn:
        for table in SQLModel.metadata.sorted_tables:
            corpus_table = table.name in CORPUS_TABLES
            have = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in have:
                    continue
                kind = column.type.compile(dialect=engine.dialect)
                default = {
                    "section": " DEFAULT ''",
                    "indicator_id": " DEFAULT 'other'",
                    "national": " DEFAULT FALSE",
                    "change": " DEFAULT FALSE",
                    "progress": " DEFAULT FALSE",
                }.get(column.name, "")
                conn.execute(
                    text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}{default}')
                )
                added = added or corpus_table
        if added:
            conn.execute(text("UPDATE articles SET digest = ''"))


Rows = tuple[Article, list[Record], list[DocRef]]
# Tables rebuilt from the corpus: a column added to one of them means rewriting the articles.
CORPUS_TABLES = frozenset({"articles", "paragraphs", "records", "doc_refs"})


def sync(
    engine: SAEngine,
    articles: Iterable[Rows],
    before_commit: Callable[[], str | None] | None = None,
) -> int:
    """Make the tables match the corpus in one transaction; only changed articles are rewritten.

    `before_commit` runs inside the transaction (the index file swap) and returns the index
    generation to record; a failure there rolls the database back too.
    Returns the number of articles rewritten.
    """
    wanted = {a.id: (a, recs, refs) for a, recs, refs in articles}
    with Session(engine) as session:
        have = dict(session.exec(select(ArticleRow.id, ArticleRow.digest)).all())
        stale = [
            aid for aid, dig in have.items() if aid not in wanted or wanted[aid][0].digest != dig
        ]
        fresh = [aid for aid, (a, _, _) in wanted.items() if have.get(aid) != a.digest]
        _write_changes(session, stale, [wanted[aid] for aid in fresh])
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
        }
        for a, _, _ in rows
    )
    paragraphs = (
        {"article": a.id, "number": p.number, "text": p.text, "section": p.section}
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
            session.execute(insert(table), batch)
    session.flush()


def query_records(
    engine: SAEngine,
    provinces: Iterable[str] | None = None,
    year: int | None = None,
    kind: str | None = None,
    indicator: str | None = None,
) -> list[Record]:
    """Records filtered by old province names (None: every province and the national ones),
    a year inside the period, kind and catalogue indicator id."""
    stmt = select(RecordRow)
    if provinces is not None:
        stmt = stmt.where(col(RecordRow.province).in_(list(provinces)))
    if year is not None:
        stmt = stmt.where(col(RecordRow.period_start) <= year, col(RecordRow.period_end) >= year)
    if kind is not None:
        stmt = stmt.where(RecordRow.kind == kind)
    if indicator is not None:
        stmt = stmt.where(RecordRow.indicator_id == indicator)
    stmt = stmt.order_by(RecordRow.article, RecordRow.paragraph, RecordRow.id)
    with Session(engine) as session:
        return [row.to_record() for row in session.exec(stmt).all()]


def article_names(engine: SAEngine, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(title, document name such as 'Kế hoạch 185/KH-UBND' or '') of these articles."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    stmt = select(ArticleRow.id, ArticleRow.title, ArticleRow.doc_type, ArticleRow.doc_number)
    with Session(engine) as session:
        rows = session.exec(stmt.where(col(ArticleRow.id).in_(wanted))).all()
    return {
        aid: (title, " ".join(x for x in (doc_type, doc_number) if x))
        for aid, title, doc_type, doc_number in rows
    }


def log_question(
    engine: SAEngine,
    question: str,
    answered: bool,
    user_id: int | None = None,
    chat_id: int | None = None,
    source: str = "cli",
    provinces: Iterable[str] = (),
) -> int | None:
    """Remember a question for /stats (the text is cut to 1,000 characters); its id."""
    with Session(engine) as session:
        row = QuestionLog(
            question=question[:1000],
            answered=answered,
            user_id=user_id,
            chat_id=chat_id,
            source=source,
            provinces="|".join(provinces) or None,
        )
        session.add(row)
        session.commit()
        return row.id


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


class ArticleSummary(SQLModel):
    """What an admin sees change when a document is replaced (not a table)."""

    title: str
    province: str | None
    paragraphs: int
    records: int


def article_summary(engine: SAEngine, article_id: str) -> ArticleSummary | None:
    """Title, province, paragraph and record counts of a loaded article, or None."""
    with Session(engine) as session:
        row = session.get(ArticleRow, article_id)
        if row is None:
            return None
        records = session.exec(
            select(func.count()).select_from(RecordRow).where(RecordRow.article == article_id)
        ).one()
        return ArticleSummary(
            title=row.title,
            province=row.province,
            paragraphs=row.paragraph_count,
            records=int(records),
        )

"""The SQL tables (SQLModel): the corpus (articles, paragraphs, records, document references,
the index generation they match), and the question log, feedback, conversation context and
subscriptions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, UniqueConstraint
from sqlmodel import Field, SQLModel

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
    # What the reload said about the file (JSON list) and its size and mtime when read, which
    # let the next reload reuse the article without reading the file again.
    warnings: str = "[]"
    stat_size: int | None = Field(default=None, sa_type=BigInteger)
    stat_mtime_ns: int | None = Field(default=None, sa_type=BigInteger)
    # The article's records in the form the engine reads (bot/db/record_pack.py); the
    # `records` rows hold them for queries. "" in a row written before this column existed.
    records_pack: str = ""


class ParagraphRow(SQLModel, table=True):
    __tablename__ = "paragraphs"
    id: int | None = Field(default=None, primary_key=True)
    article: str = Field(index=True)
    number: int
    text: str
    section: str = ""
    context: str = ""  # a news page's subheading and list lead-in (Paragraph.context)


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


class ArticleSummary(SQLModel):
    """What an admin sees change when a document is replaced (not a table)."""

    title: str
    province: str | None
    paragraphs: int
    records: int


# Tables rebuilt from the corpus: a column added to one of them means rewriting the articles.
CORPUS_TABLES = frozenset({"articles", "paragraphs", "records", "doc_refs"})

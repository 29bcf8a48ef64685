"""SQL storage (SQLModel): the corpus's one store (articles, paragraphs, records, document
references) and the question log, context, feedback and subscriptions.

SQLite in index/ by default; any SQLAlchemy URL works (tested against PostgreSQL).
`models` holds the tables, `connection` opens (and repairs) the database, `corpus` writes a
reload's changes, `reading` reads articles, records and cited documents back, `queries`
answers the rest.
"""

from sqlmodel import Session  # re-exported: callers open sessions as db.Session

from bot.db.connection import (
    LOW_SPACE,
    POSTGRES_HINT,
    CorruptDatabase,
    DatabaseUnavailable,
    check_sqlite_file,
    connect,
    describe_url,
    first_line,
    is_corruption,
    low_space_kb,
    set_aside,
    sqlite_path,
)
from bot.db.corpus import (
    GENERATION,
    INSERT_BATCH,
    Figures,
    Rows,
    apply,
    generation,
    sync,
)
from bot.db.models import (
    CORPUS_TABLES,
    ArticleRow,
    ArticleSummary,
    ContextRow,
    DocRefRow,
    FeedbackRow,
    MetaRow,
    ParagraphRow,
    QuestionLog,
    RecordRow,
    SubscriptionRow,
    utcnow,
)
from bot.db.queries import (
    article_names,
    article_summary,
    log_question,
    query_records,
    question_stats,
)
from bot.db.reading import Articles, Cited, CorpusReader, Records

__all__ = [
    "CORPUS_TABLES",
    "GENERATION",
    "INSERT_BATCH",
    "LOW_SPACE",
    "POSTGRES_HINT",
    "ArticleRow",
    "ArticleSummary",
    "Articles",
    "Cited",
    "ContextRow",
    "CorruptDatabase",
    "DatabaseUnavailable",
    "DocRefRow",
    "FeedbackRow",
    "CorpusReader",
    "Figures",
    "MetaRow",
    "ParagraphRow",
    "QuestionLog",
    "RecordRow",
    "Records",
    "Session",
    "Rows",
    "SubscriptionRow",
    "apply",
    "article_names",
    "article_summary",
    "check_sqlite_file",
    "connect",
    "describe_url",
    "low_space_kb",
    "first_line",
    "generation",
    "is_corruption",
    "log_question",
    "query_records",
    "question_stats",
    "set_aside",
    "sqlite_path",
    "sync",
    "utcnow",
]

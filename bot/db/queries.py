"""Queries: records by province, year, kind and indicator; article names and summaries; the
question log."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine as SAEngine
from sqlmodel import Session, col, func, select

from bot.db.models import ArticleRow, ArticleSummary, QuestionLog, RecordRow
from bot.records import Record


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

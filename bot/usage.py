"""Feedback on answers (👍/👎) and the weekly usage report behind /stats: questions per day,
the unanswered and down-voted questions (what the corpus is missing), and the provinces asked
about that have no document."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Engine as SAEngine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot import subscriptions
from bot.db import FeedbackRow, QuestionLog, question_stats, utcnow
from bot.text import fold

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")  # days are Vietnamese days (no DST)
DAYS = 7
LISTED = 10  # questions and provinces listed per section


def vote(engine: SAEngine, question_id: int, user_id: int, value: int) -> None:
    """Record a 👍 (+1) or 👎 (-1) by `user_id` on a logged question; a new press replaces
    that user's earlier vote on it."""
    value = 1 if value > 0 else -1
    for attempt in (1, 2):
        with Session(engine) as session:
            row = session.exec(
                select(FeedbackRow).where(
                    FeedbackRow.question_id == question_id, FeedbackRow.user_id == user_id
                )
            ).first()
            if row is None:
                session.add(FeedbackRow(question_id=question_id, user_id=user_id, vote=value))
            else:
                row.vote, row.at = value, utcnow()
            try:
                session.commit()
                return
            except IntegrityError:  # a double press raced the first
                if attempt == 2:
                    raise


@dataclass
class Day:
    date: dt.date
    asked: int = 0
    unanswered: int = 0
    users: int = 0
    up: int = 0
    down: int = 0


@dataclass
class Usage:
    total: int  # questions ever logged
    missed: int  # of which unanswered
    days: list[Day] = field(default_factory=list)  # oldest first, every day of the week
    unanswered: list[tuple[str, int]] = field(default_factory=list)  # question, times asked
    downvoted: list[tuple[str, int]] = field(default_factory=list)  # question, 👎 count
    missing_provinces: list[tuple[str, int]] = field(default_factory=list)  # unit, questions


def _local(at: dt.datetime) -> dt.datetime:
    aware = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return aware.astimezone(VIETNAM)


def report(engine: SAEngine, corpus_provinces: set[str], now: dt.datetime | None = None) -> Usage:
    """The last DAYS days (today included, Vietnamese time) of questions and feedback."""
    now_local = _local(now or utcnow())
    first_day = now_local.date() - dt.timedelta(days=DAYS - 1)
    start_local = dt.datetime.combine(first_day, dt.time(), VIETNAM)
    start = start_local.astimezone(dt.UTC)
    total, missed, _ = question_stats(engine, 0)
    with Session(engine) as session:
        questions = session.exec(
            select(
                QuestionLog.id,
                QuestionLog.at,
                QuestionLog.user_id,
                QuestionLog.question,
                QuestionLog.answered,
                QuestionLog.provinces,
            ).where(col(QuestionLog.at) >= start)
        ).all()
        votes = session.exec(
            select(FeedbackRow.question_id, FeedbackRow.vote, FeedbackRow.at).where(
                col(FeedbackRow.at) >= start
            )
        ).all()
    dates = [first_day + dt.timedelta(days=i) for i in range(DAYS)]
    days = {date: Day(date) for date in dates}
    users: dict[dt.date, set[int]] = defaultdict(set)
    text_of: dict[int, str] = {}
    unanswered: Counter[str] = Counter()
    shown: dict[str, str] = {}
    asked_about: Counter[str] = Counter()
    for qid, at, user_id, question, answered, provinces in questions:
        day = days.get(_local(at).date())
        if day is None:
            continue
        day.asked += 1
        text_of[qid] = question
        if user_id is not None:
            users[day.date].add(user_id)
        if not answered:
            day.unanswered += 1
            key = " ".join(fold(question).split())
            unanswered[key] += 1
            shown.setdefault(key, question)
        for unit in (provinces or "").split("|"):
            if unit:
                asked_about[unit] += 1
    for date, who in users.items():
        days[date].users = len(who)
    downs: Counter[int] = Counter()
    for qid, value, at in votes:
        day = days.get(_local(at).date())
        if day is not None:
            if value > 0:
                day.up += 1
            else:
                day.down += 1
                downs[qid] += 1
    downvoted: Counter[str] = Counter()
    for qid, n in downs.items():
        question = text_of.get(qid)
        if question is None:  # asked before the week: still what this week's users missed
            with Session(engine) as session:
                row = session.get(QuestionLog, qid)
            question = row.question if row else None
        if question:
            key = " ".join(fold(question).split())
            downvoted[key] += n
            shown.setdefault(key, question)
    missing = [
        (unit, n)
        for unit, n in asked_about.most_common()
        if not set(subscriptions.covered(unit)) & corpus_provinces
    ]
    return Usage(
        total=total,
        missed=missed,
        days=list(days.values()),
        unanswered=[(shown[k], n) for k, n in unanswered.most_common(LISTED)],
        downvoted=[(shown[k], n) for k, n in downvoted.most_common(LISTED)],
        missing_provinces=missing[:LISTED],
    )

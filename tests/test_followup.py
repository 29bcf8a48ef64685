"""Follow-up questions (bot.followup), the per-user state tables behind them, feedback and
following a province (bot.usage, bot.subscriptions), without Telegram; on SQLite and, when it
is installed, a real PostgreSQL server (Telegram ids of groups need 64-bit columns)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import db, followup, subscriptions, usage
from bot.followup import FOLLOWUP_TTL, rewrite
from bot.telegram.state import Replies

QN = "Quảng Ninh mục tiêu 2023"
GROUP_CHAT = -1001234567890


@pytest.fixture
def state(tmp_path):
    """A fresh SQLite database with coopbot's tables (no corpus needed)."""
    eng = db.connect(f"sqlite:///{tmp_path / 'state.db'}")
    yield eng
    eng.dispose()


@pytest.mark.parametrize(
    ("message", "previous", "question", "understood"),
    [
        ("còn năm 2024 thì sao?", QN, "Quảng Ninh mục tiêu 2024", "Quảng Ninh · 2024"),
        ("2024", QN, "Quảng Ninh mục tiêu 2024", "Quảng Ninh · 2024"),
        ("còn Bạc Liêu?", QN, "Bạc Liêu mục tiêu 2023", "Bạc Liêu · 2023"),
        ("bac lieu", QN, "bac lieu mục tiêu 2023", "Bạc Liêu · 2023"),
        ("thế còn THT?", QN, "Quảng Ninh mục tiêu 2023 THT", "Quảng Ninh · 2023 · THT"),
        (
            "thế còn THT?",
            "Quảng Ninh thành lập mới HTX năm 2023",
            "Quảng Ninh thành lập mới THT năm 2023",
            "Quảng Ninh · 2023 · THT",
        ),
        (
            "vậy còn Quảng Trị năm 2024?",
            "Thái Bình có bao nhiêu HTX",
            "Quảng Trị có bao nhiêu HTX năm 2024",
            "Quảng Trị · 2024",
        ),
        (
            "còn Bạc Liêu?",
            "so sánh thành lập mới HTX Quảng Ninh và Hòa Bình",
            "so sánh thành lập mới HTX Bạc Liêu",
            "Bạc Liêu",
        ),
        ("còn 2021-2025?", "Bạc Liêu mục tiêu 2023", "Bạc Liêu mục tiêu 2021-2025", None),
        # Short forms and typos are read as the province they mean, in both questions.
        ("còn QN?", "Thái Bình mục tiêu 2022", "Quảng Ninh mục tiêu 2022", "Quảng Ninh · 2022"),
        ("còn năm 2024?", "quang nnih muc tieu 2023", "quang ninh muc tieu 2024", None),
        ("thế còn HTXNN?", QN, f"{QN} HTX nông nghiệp", "Quảng Ninh · 2023 · HTX nông nghiệp"),
        # A year inside a document's number is not the year asked about.
        (
            "còn năm 2024?",
            "Nghị định 45/2021/NĐ-CP quỹ hỗ trợ",
            "Nghị định 45/2021/NĐ-CP quỹ hỗ trợ năm 2024",
            "2024",
        ),
    ],
)
def test_a_followup_inherits_the_rest_of_the_previous_question(
    message: str, previous: str, question: str, understood: str | None
):
    found = rewrite(message, previous)
    assert found is not None and found.question == question
    assert understood is None or found.understood == understood


@pytest.mark.parametrize(
    "message",
    [
        "Quảng Ninh mục tiêu 2024",  # a question of its own
        "Quảng Ninh 2024",  # two kinds of slot and no "còn": asked as it is
        "HTX nông nghiệp",  # an indicator alone needs "còn"/"thế còn": a new question
        "còn Bạc Liêu thì sao, thành lập mới HTX đến 2025?",  # too long
        "Nghị định 45",
        "giá vàng hôm nay",
        "còn gì nữa không?",  # no slot at all
        QN,  # the same question again
    ],
)
def test_other_messages_are_not_followups(message: str):
    assert rewrite(message, QN) is None


def test_nothing_is_inherited_without_a_previous_question():
    assert rewrite("còn năm 2024?", None) is None


def test_context_is_per_user_and_chat_and_expires(state):
    eng = state
    t0 = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
    assert followup.understand(eng, 1, GROUP_CHAT, QN, t0).followup is None
    followup.understand(eng, 2, GROUP_CHAT, "Quảng Trị mục tiêu 2023", t0)
    later = t0 + dt.timedelta(minutes=10)
    mine = followup.understand(eng, 1, GROUP_CHAT, "còn năm 2024?", later)
    assert mine.question == "Quảng Ninh mục tiêu 2024"
    theirs = followup.understand(eng, 2, GROUP_CHAT, "còn năm 2024?", later)
    assert theirs.question == "Quảng Trị mục tiêu 2024"
    assert followup.understand(eng, 1, 1, "còn năm 2024?", later).followup is None  # other chat
    # The follow-up became the context: the next one builds on it.
    again = followup.understand(eng, 1, GROUP_CHAT, "còn Bạc Liêu?", later)
    assert again.question == "Bạc Liêu mục tiêu 2024"
    expired = later + FOLLOWUP_TTL + dt.timedelta(seconds=1)
    assert followup.understand(eng, 2, GROUP_CHAT, "còn Bạc Liêu?", expired).followup is None


def test_a_followed_unit_covers_its_merged_parts():
    assert subscriptions.covered("Phú Thọ") == ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình")
    assert subscriptions.covered("Hòa Bình") == ("Hòa Bình",)
    assert subscriptions.units_covering("Hòa Bình") == {"Hòa Bình", "Phú Thọ"}
    assert subscriptions.units_covering("Quảng Ninh") == {"Quảng Ninh"}
    assert subscriptions.units_covering("Thừa Thiên Huế") == {"Huế"}


def test_replies_are_bounded_per_chat_and_in_chats():
    replies = Replies(per_chat=2, chats=2)
    for question in (1, 2, 3):
        replies.keep(10, question, 100 + question)
    assert replies.get(10, 1) is None and replies.get(10, 3) == 103
    replies.keep(20, 1, 201)
    replies.keep(30, 1, 301)
    assert replies.get(10, 3) is None and replies.get(30, 1) == 301


def _state_tables_work(eng) -> None:
    """Context, feedback, subscriptions and the weekly report on one database."""
    now = dt.datetime(2025, 3, 7, 3, 0, tzinfo=dt.UTC)  # 10:00 in Vietnam
    followup.remember(eng, 7_000_000_001, GROUP_CHAT, QN, now)
    assert followup.recall(eng, 7_000_000_001, GROUP_CHAT, now) == QN
    asked = db.log_question(eng, QN, True, 7_000_000_001, GROUP_CHAT, "telegram", ["Quảng Ninh"])
    missed = db.log_question(
        eng, "Lạng Sơn mục tiêu", False, 5, GROUP_CHAT, "telegram", ["Lạng Sơn"]
    )
    assert asked is not None and missed is not None
    usage.vote(eng, asked, 7_000_000_001, 1)
    usage.vote(eng, asked, 7_000_000_001, -1)  # changes the vote
    usage.vote(eng, asked, 5, -1)
    report = usage.report(eng, {"Quảng Ninh"})
    today = report.days[-1]
    assert len(report.days) == usage.DAYS and today.date == dt.datetime.now(usage.VIETNAM).date()
    assert (today.asked, today.users, today.unanswered, today.up, today.down) == (2, 2, 1, 0, 2)
    assert report.downvoted == [(QN, 2)] and report.unanswered == [("Lạng Sơn mục tiêu", 1)]
    assert report.missing_provinces == [("Lạng Sơn", 1)]
    assert subscriptions.follow(eng, 7_000_000_001, "Phú Thọ") == "added"
    assert subscriptions.follow(eng, 7_000_000_001, "Phú Thọ") == "already"
    assert subscriptions.followed(eng, 7_000_000_001) == ["Phú Thọ"]
    assert subscriptions.unfollow(eng, 7_000_000_001, "Phú Thọ")
    assert not subscriptions.unfollow(eng, 7_000_000_001, "Phú Thọ")


def test_state_tables_on_sqlite(state):
    _state_tables_work(state)


def test_state_tables_on_a_real_postgresql_server(postgres_url: str):
    from sqlalchemy import create_engine, text

    server = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:  # a database of its own: other tests log questions too
        conn.execute(text("DROP DATABASE IF EXISTS coopbot_state"))
        conn.execute(text("CREATE DATABASE coopbot_state"))
    server.dispose()
    eng = db.connect(postgres_url.rsplit("/", 1)[0] + "/coopbot_state")
    try:
        _state_tables_work(eng)
    finally:
        eng.dispose()


def test_the_week_is_counted_in_vietnamese_days(state):
    eng = state
    late = dt.datetime.now(usage.VIETNAM).replace(hour=0, minute=30)  # just after midnight
    with db.Session(eng) as session:
        session.add(db.QuestionLog(question="a", answered=True, at=late.astimezone(dt.UTC)))
        session.add(
            db.QuestionLog(
                question="b", answered=True, at=late.astimezone(dt.UTC) - dt.timedelta(hours=1)
            )
        )
        session.add(db.QuestionLog(question="old", answered=False, at=late - dt.timedelta(days=8)))
        session.commit()
    report = usage.report(eng, set(), now=late + dt.timedelta(minutes=1))
    assert [d.asked for d in report.days[-2:]] == [1, 1]  # 23:30 yesterday, 00:30 today
    assert report.total == 3 and report.unanswered == []  # the old one is not this week's

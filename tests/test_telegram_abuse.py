"""Abuse through Telegram (issue 10, items 5-7): flooding, button-cache eviction, forged
buttons, look-alike mentions. The real Application through process_update, its Bot API calls
answered by the stand-in (tests/tgkit.py)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.engine import Engine
from bot.telegram import buttons
from tests.botapi_server import BOT_USERNAME, DEFAULT_GROUP_ID, FakeBotAPI
from tests.tgkit import (
    MEMBER,
    callback_answers,
    reply_to,
    running_bot,
    stays_quiet,
    wait_for_callback_answer,
)

ATTACKER = 666
QUESTION = "hỗ trợ phát triển hợp tác xã"  # 14 passages: two in the reply, four pages of three
FLOOD = "hỏi hơi nhanh"
EXPIRED = "hết hạn"


def more_button(api: FakeBotAPI, n: int) -> tuple[str, dict]:
    """The "Xem thêm" callback data of the n-th (0-based) message sent, and that message."""
    sent = api.successful_calls("sendMessage")[n].result
    return sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"], sent


async def test_600_presses_are_flood_limited_and_evict_no_one_elses_pages(
    tg: FakeBotAPI, engine: Engine
):
    limit = engine.config.flood_limit_per_minute
    tg.push_message(QUESTION, user_id=MEMBER)
    await reply_to(tg, 1)
    member_data, member_msg = more_button(tg, 0)
    tg.push_message(QUESTION, user_id=ATTACKER)
    await reply_to(tg, 2)
    attacker_data, attacker_msg = more_button(tg, 1)
    for _ in range(600):
        tg.push_callback_query(attacker_data, message=attacker_msg, user_id=ATTACKER)
    await wait_for_callback_answer(tg, FLOOD)
    await asyncio.sleep(0.5)
    sent = len(tg.successful_calls("sendMessage"))
    assert sent <= limit + 1  # two questions and at most limit - 1 pages for the attacker
    tg.push_callback_query(member_data, message=member_msg, user_id=MEMBER)
    page = await reply_to(tg, sent + 1)
    assert page["chat_id"] == MEMBER and page["visible"].startswith("3.")
    answers = callback_answers(tg)
    assert sum(FLOOD in t for t in answers) == 1  # the flood alert once, then silence
    assert not any(EXPIRED in t for t in answers)


def test_one_user_needs_hours_at_the_flood_limit_to_evict_another_users_buttons():
    """The callback cache is one LRU shared by every user; each admitted update sends at most
    one keyboard, so at the default flood limit evicting someone's answer takes hours."""
    from bot.config import Config

    minutes = buttons.CALLBACK_KEYBOARDS / Config.flood_limit_per_minute
    assert minutes >= 8 * 60  # as bot/telegram/buttons.py says: 500 minutes


async def test_the_button_cache_is_bounded_and_evicted_buttons_expire(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    keyboards = 5
    monkeypatch.setattr(buttons, "CALLBACK_KEYBOARDS", keyboards)
    async with running_bot(engine, flood_limit_per_minute=10_000) as api:
        api.push_message(QUESTION, user_id=MEMBER)
        await reply_to(api, 1)
        member_data, member_msg = more_button(api, 0)
        for n in range(keyboards):  # one after the other: their order is the cache's
            api.push_message(QUESTION, user_id=ATTACKER)
            await reply_to(api, n + 2)
        sent = len(api.successful_calls("sendMessage"))
        api.push_callback_query(member_data, message=member_msg, user_id=MEMBER)
        await wait_for_callback_answer(api, EXPIRED)  # the oldest keyboard went first
        data, msg = more_button(api, sent - 1)
        api.push_callback_query(data, message=msg, user_id=ATTACKER)
        assert (await reply_to(api, sent + 1))["visible"].startswith("3.")


async def test_forged_or_stale_callback_data_gets_the_expired_alert(
    tg: FakeBotAPI, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.WARNING)
    tg.push_message(QUESTION)
    await reply_to(tg, 1)
    data, msg = more_button(tg, 0)
    forged = [
        data[:-1] + ("0" if data[-1] != "0" else "1"),  # another button of that keyboard
        ("0" if data[0] != "0" else "1") + data[1:],  # another keyboard
        data[:32],
        data + "0",
        "more:1001:deadbeef:1",  # the format before arbitrary callback data
        "more:",
        "garbage",
        "ｍore:1:2:3",
    ]
    for item in forged:
        tg.push_callback_query(item, message=msg, check_buttons=False)
    await tg.wait_for_calls("answerCallbackQuery", len(forged))
    assert all(EXPIRED in t for t in callback_answers(tg)), callback_answers(tg)
    await stays_quiet(tg, 1)  # never an empty (or any) message
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [c for c in tg.calls if c.status != 200 and c.method != "getUpdates"]


async def test_group_mentions_must_name_the_bot_exactly(tg: FakeBotAPI):
    group = {"chat_id": DEFAULT_GROUP_ID, "chat_type": "supergroup"}
    tg.push_message(f"@{BOT_USERNAME}_fake quang ninh muc tieu 2023", **group)
    tg.push_message(f"hỏi x@{BOT_USERNAME} quang ninh muc tieu 2023", **group)
    tg.push_message(f"@{BOT_USERNAME}2 quang ninh muc tieu 2023", **group)
    await stays_quiet(tg, 0)
    mixed_case = "@" + "_".join(w.capitalize() for w in BOT_USERNAME.split("_"))
    tg.push_message(f"{mixed_case} quang ninh muc tieu 2023", **group)
    visible = (await reply_to(tg, 1))["visible"]
    assert "60.500" in visible
    tg.push_message(f"cho hỏi @{BOT_USERNAME}: nghị định 193", **group)
    assert "193/2013/NĐ-CP" in (await reply_to(tg, 2))["visible"]


async def test_flood_limit_covers_every_command_and_question(tg: FakeBotAPI, engine: Engine):
    limit = engine.config.flood_limit_per_minute
    for _ in range(limit + 3):
        tg.push_command("/nguon", user_id=ATTACKER)
    await tg.wait_for_calls("sendMessage", limit + 1)
    tg.push_command("/muctieu Phú Thọ 2022", user_id=ATTACKER)
    tg.push_command("/help", user_id=ATTACKER)
    tg.push_message("Nghị định 193", user_id=ATTACKER)
    await stays_quiet(tg, limit + 1)
    texts = [c.result["text"] for c in tg.successful_calls("sendMessage")]
    assert sum(FLOOD in t for t in texts) == 1
    assert sum("Kho dữ liệu" in t for t in texts) == limit
    tg.push_command("/nguon", user_id=MEMBER)  # another user is not limited
    assert "Kho dữ liệu" in (await reply_to(tg, limit + 2))["visible"]

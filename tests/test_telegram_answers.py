"""The answer's shape in Telegram (issue 15): a short first reply with the direct answer and at
most two trimmed passages, the rest behind "Xem thêm", "Số liệu" and "Nguồn"; citations
without file ids; money, typos and "không tìm thấy". The real Application through
process_update, its Bot API calls answered by the stand-in (tests/tgkit.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bot.engine import Engine
from bot.telegram.render import FIRST_MESSAGE_CHARS
from tests.botapi_server import FakeBotAPI
from tests.conftest import REPO
from tests.tgkit import MEMBER, callback_answers, reply_to, running_bot, stays_quiet

FILE_ID = re.compile(r"\b\d{3}_[0-9a-f]{16}\b|\bd\d\d_[a-z0-9_]+\b")


def buttons(message: dict) -> dict[str, str]:
    """Button text → callback data of a sent message."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


async def press(api: FakeBotAPI, sent: int, text: str, replies: int) -> dict:
    """Press the button `text` under the `sent`-th (1-based) message; the reply it brings."""
    message = api.successful_calls("sendMessage")[sent - 1].result
    api.push_callback_query(buttons(message)[text], message=message, user_id=MEMBER)
    return await reply_to(api, replies)


async def test_first_reply_is_short_and_the_rest_is_behind_buttons(tg: FakeBotAPI):
    tg.push_message("Quảng Ninh mục tiêu 2023", user_id=MEMBER)
    first = await reply_to(tg, 1)
    visible = first["visible"]
    assert len(visible) <= FIRST_MESSAGE_CHARS
    head = visible.split("\n")[0]
    assert head.startswith("📌 Quảng Ninh – mục tiêu 2023: số HTX thành lập mới 30–50 HTX")
    assert head.endswith("(Kế hoạch 248/KH-UBND)")
    assert re.findall(r"^\d+\. ", visible, re.M) == ["1. ", "2. "]  # two passages, no more
    assert "06/01/2023, đoạn 3" in visible and not FILE_ID.search(first["text"])
    assert list(buttons(first)) == ["Xem thêm ▶", "📊 Số liệu", "📚 Nguồn", "👍", "👎"]

    figures = (await press(tg, 1, "📊 Số liệu", 2))["visible"]
    assert figures.startswith("📊 Số liệu (16)")
    assert "Quảng Ninh – mục tiêu 2023 · Kế hoạch 248/KH-UBND" in figures
    assert "• số HTX thành lập mới: 30–50 HTX (đoạn 3)" in figures
    assert "• tổng số tổ hợp tác: khoảng 235 THT (đoạn 3)" in figures  # all of them, not 3
    assert not FILE_ID.search(figures)

    sources = (await press(tg, 1, "📚 Nguồn", 3))["visible"]
    assert sources.startswith("📚 Nguồn\n1. Kế hoạch phát triển kinh tế tập thể, hợp tác xã tỉnh")
    assert "Phòng Khoa giáo, Ban Tuyên giáo Tỉnh ủy, 06/01/2023 (về Kế hoạch 248/KH-UBND)" in (
        sources
    )
    assert "đoạn 1, 2, 3" in sources and not FILE_ID.search(sources)

    more = (await press(tg, 1, "Xem thêm ▶", 4))["visible"]
    assert more.startswith("3. ") and not FILE_ID.search(more)


async def test_comparison_reply_is_a_compact_list(tg: FakeBotAPI):
    tg.push_message("so sánh thành lập mới HTX Quảng Ninh và Hòa Bình")
    visible = (await reply_to(tg, 1))["visible"]
    assert visible.startswith(
        "📌 So sánh số HTX thành lập mới:\n• Quảng Ninh – mục tiêu 2023: 30–50 HTX\n"
        "• Hòa Bình – mục tiêu 2022: 35 HTX"
    )


async def test_abbreviations_and_typos_are_answered_with_a_question_back(tg: FakeBotAPI):
    for n, question in enumerate(("QN mục tiêu 2023", "quang nnih muc tieu 2023"), start=1):
        tg.push_message(question)
        visible = (await reply_to(tg, n))["visible"]
        assert visible.startswith("🤔 Ý bạn là Quảng Ninh?"), visible
        assert "Quảng Ninh – mục tiêu 2023: số HTX thành lập mới 30–50 HTX" in visible
    tg.push_message("HTXNN")
    visible = (await reply_to(tg, 3))["visible"]
    assert visible.startswith("🤔 Hiểu “HTXNN” là HTX nông nghiệp.")
    assert "Không tìm thấy" not in visible and "nông nghiệp" in visible.split("\n\n", 2)[2]
    tg.push_message("ĐN mục tiêu 2023")
    assert "Đà Nẵng, Đồng Nai hoặc Đắk Nông" in (await reply_to(tg, 4))["visible"]


async def test_highlighting_keeps_the_questions_diacritics(tg: FakeBotAPI):
    tg.push_message("hỗ trợ phát triển hợp tác xã")
    text = (await reply_to(tg, 1))["text"]
    assert "kinh tế hộ" in text and "<b>hộ" not in text  # "hỗ" asked, "hộ" is another word
    assert "<b>hỗ trợ" in text


async def test_money_question_says_when_the_corpus_has_no_amount(tg: FakeBotAPI):
    tg.push_message("hỗ trợ thành lập mới HTX bao nhiêu tiền")
    visible = (await reply_to(tg, 1))["visible"]
    assert visible.startswith("📌 Kho dữ liệu chưa có số tiền cụ thể cho câu hỏi này")
    assert "1. " in visible and "đoạn" in visible  # the closest policy passages follow


async def test_money_question_answers_with_the_amount(engine: Engine, corpus_dir: Path):
    shutil.copy2(REPO / "tests/devcorpus/docs/d05_hue_qd_hotrohtx.txt", corpus_dir / "hue.txt")
    engine.reload()
    async with running_bot(engine) as api:
        api.push_message("mức hỗ trợ thành lập HTX bao nhiêu tiền")
        visible = (await reply_to(api, 1))["visible"]
    head = visible.split("\n")[0]
    assert "hỗ trợ tối đa" in head and "triệu đồng" in head
    assert "Quyết định" in head and "hue" not in head.lower().split("(")[-1]


async def test_not_found_lists_what_the_corpus_covers(tg: FakeBotAPI):
    tg.push_message("giá vàng hôm nay")
    msg = await reply_to(tg, 1)
    assert "Không tìm thấy" in msg["visible"]
    assert "Kho dữ liệu có 5 tài liệu, về 5 tỉnh/thành (Bạc Liêu, Hòa Bình" in msg["visible"]
    assert "các năm 2021, 2022, 2023, 2024, 2025; gồm tin bài (5)" in msg["visible"]
    assert "reply_markup" not in msg or not buttons(msg)


async def test_stale_figures_and_sources_buttons_get_the_expired_alert(tg: FakeBotAPI):
    tg.push_message("Nghị định 193", user_id=MEMBER)
    first = await reply_to(tg, 1)
    assert "📊 Số liệu" not in buttons(first)  # no figures, no button
    sent = tg.successful_calls("sendMessage")[0].result
    for data in (f"figs:{MEMBER}:deadbeef", f"src:{MEMBER}:0badc0de", "src:1:2"):
        tg.push_callback_query(data, message=sent, user_id=MEMBER, check_buttons=False)
    await tg.wait_for_calls("answerCallbackQuery", 3)
    assert all("hết hạn" in t for t in callback_answers(tg))
    sources = buttons(first)["📚 Nguồn"]
    other = sources[:-1] + ("0" if sources[-1] != "0" else "1")  # no such button
    tg.push_callback_query(other, message=sent, user_id=MEMBER, check_buttons=False)
    await tg.wait_for_calls("answerCallbackQuery", 4)
    assert "hết hạn" in callback_answers(tg)[-1]
    await stays_quiet(tg, 1)

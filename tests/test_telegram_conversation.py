"""Issue 15, the conversation around an answer, end to end through the real Application and the
Bot API stand-in: follow-ups (per user and chat, across a restart), captions and edited
questions, inline mode, 👍/👎 feedback and /stats, following a province, and /help built from
the corpus being served."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

from sqlmodel import Session, select

from bot import db
from bot.engine import Engine
from tests.botapi_server import BOT_USERNAME, DEFAULT_GROUP_ID, FakeBotAPI
from tests.conftest import make_config
from tests.tgkit import (
    ADMIN,
    MEMBER,
    callback_answers,
    final_text,
    reply_to,
    running_bot,
    stays_quiet,
    wait_for_callback_answer,
)

GROUP = {"chat_id": DEFAULT_GROUP_ID, "chat_type": "supergroup"}
OTHER = 2002
QN_ID = "001_967a0c985fe0e2a8"


def first_line(msg: dict) -> str:
    return msg["visible"].split("\n", 1)[0]


def buttons(msg: dict) -> dict[str, str]:
    markup = msg.get("reply_markup") or {"inline_keyboard": []}
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


# --- follow-ups ------------------------------------------------------------------------------


async def test_followups_in_a_group_inherit_from_the_same_users_question(tg: FakeBotAPI):
    tg.push_command("/hoi Quảng Ninh mục tiêu 2023", user_id=MEMBER, **GROUP)
    assert "Quảng Ninh" in (await reply_to(tg, 1))["visible"]
    tg.push_message(f"@{BOT_USERNAME} quang tri muc tieu 2023", user_id=OTHER, **GROUP)
    assert "Quảng Trị" in (await reply_to(tg, 2))["visible"]
    # Both send the same follow-up; each gets their own province, never the other's.
    tg.push_command("/hoi còn năm 2024 thì sao?", user_id=MEMBER, **GROUP)
    mine = await reply_to(tg, 3)
    assert first_line(mine).startswith("↪️ Hiểu là: Quảng Ninh · 2024")
    assert "Quảng Ninh mục tiêu 2024" in first_line(mine)
    assert "Quảng Trị" not in mine["visible"]
    bot_reply = tg.successful_calls("sendMessage")[1].result
    tg.push_message("còn năm 2024?", reply_to_message=bot_reply, user_id=OTHER, **GROUP)
    theirs = await reply_to(tg, 4)
    assert first_line(theirs).startswith("↪️ Hiểu là: Quảng Trị · 2024")
    assert "Quảng Trị – mục tiêu 2024" in theirs["visible"]
    assert "Quảng Ninh" not in theirs["visible"]
    # The same user's context in another chat (their private chat) is another context.
    tg.push_message("còn năm 2024?", user_id=MEMBER)
    assert "Hiểu là" not in (await reply_to(tg, 5))["visible"]
    # A full question is asked as it is, and becomes the context.
    tg.push_command("/hoi thế còn THT?", user_id=MEMBER, **GROUP)
    assert first_line(await reply_to(tg, 6)).startswith("↪️ Hiểu là: Quảng Ninh · 2024 · THT")


async def test_context_survives_a_restart_and_expires(engine: Engine):
    async with running_bot(engine) as api:
        api.push_message("Quảng Ninh mục tiêu 2023")
        await reply_to(api, 1)
    async with running_bot(engine) as api:  # a new Application: nothing kept in memory
        api.push_message("còn Bạc Liêu?")
        msg = await reply_to(api, 1)
        assert first_line(msg).startswith("↪️ Hiểu là: Bạc Liêu · 2023")
        assert "Bạc Liêu" in msg["visible"].split("\n", 2)[2]
        with Session(engine.db) as session:  # 31 minutes later
            row = session.get(db.ContextRow, (MEMBER, MEMBER))
            row.at = row.at - dt.timedelta(minutes=31)
            session.add(row)
            session.commit()
        api.push_message("còn năm 2024?")
        assert "Hiểu là" not in (await reply_to(api, 2))["visible"]


# --- captions and edits ----------------------------------------------------------------------


async def test_captions_are_questions_and_admin_documents_still_upload(
    tg: FakeBotAPI, corpus_dir: Path
):
    tg.push_photo(caption="Nghị định 193")
    assert "193/2013/NĐ-CP" in (await reply_to(tg, 1))["visible"]
    tg.push_document("bang.pdf", b"%PDF-1.4", mime_type="application/pdf", caption="Nghị định 45")
    assert "45/2021" in (await reply_to(tg, 2))["visible"]  # a member's file is not ingested
    tg.push_photo(caption=f"@{BOT_USERNAME} thai binh co bao nhieu htx", **GROUP)
    assert "454 HTX" in (await reply_to(tg, 3))["visible"]
    tg.push_photo(caption="ảnh hội nghị", **GROUP)  # not for the bot
    tg.push_document("x.txt", b"x", caption="Nghị định 193", **GROUP)
    await stays_quiet(tg, 3)
    article = (
        "Hợp tác xã muối Bạc Liêu\nNgày: 02/03/2025\nNăm 2025 thành lập mới 5 hợp tác xã muối.\n"
    )
    tg.push_document("muoi.txt", article.encode(), caption="thêm bài này", user_id=ADMIN)
    assert "Đã lưu" in await final_text(tg, 4)
    assert list(corpus_dir.glob("muoi_*.txt"))


async def test_an_edited_question_edits_its_reply(tg: FakeBotAPI):
    question = tg.push_message("Nghị định 193")
    reply = await reply_to(tg, 1)
    assert "193/2013" in reply["visible"]
    sent = tg.successful_calls("sendMessage")[0].result
    tg.push_edited_message("Nghị định 45", message=question)
    [edit] = await tg.wait_for_calls("editMessageText", 1)
    assert edit.result["message_id"] == sent["message_id"]
    now = tg.current_text(sent)
    assert now != reply["visible"] and "Nghị định 45/2021/NĐ-CP" in now
    assert "👎" in buttons({"reply_markup": edit.params["reply_markup"]})
    await stays_quiet(tg, 1)  # edited, not sent again
    photo = tg.push_photo(caption="Nghị định 193")
    await reply_to(tg, 2)
    tg.push_edited_caption("thai binh co bao nhieu htx", message=photo)
    edits = await tg.wait_for_calls("editMessageText", 2)
    assert "454 HTX" in edits[1].result["text"]
    # An edited group message that is not for the bot stays unanswered.
    chatter = tg.push_message("họp lúc 9 giờ", **GROUP)
    tg.push_edited_message("họp lúc 10 giờ", message=chatter)
    await stays_quiet(tg, 2)
    assert len(tg.successful_calls("editMessageText")) == 2


# --- inline mode -----------------------------------------------------------------------------


async def test_inline_queries_offer_cited_figures_and_passages(engine: Engine):
    async with running_bot(engine, flood_limit_per_minute=2) as api:
        api.push_inline_query("quang ninh muc tieu 2023")
        [call] = await api.wait_for_calls("answerInlineQuery", 1, timeout=20)
        results = call.params["results"]
        assert 1 < len(results) <= 5
        first = results[0]
        assert first["title"].startswith("Quảng Ninh – Mục tiêu 2023")
        assert "06/01/2023" in first["description"] and QN_ID not in first["description"]
        text = first["input_message_content"]["message_text"]
        assert first["input_message_content"]["parse_mode"] == "HTML"
        assert "<b>Quảng Ninh – Mục tiêu 2023" in text and "📄" in text and QN_ID not in text
        assert any(r["id"].startswith("p") and "đoạn" in r["description"] for r in results)
        api.push_inline_query("")
        hint = (await api.wait_for_calls("answerInlineQuery", 2))[1].params
        assert len(hint["results"]) == 1 and "quang ninh muc tieu 2023" in json_text(hint)
        api.push_inline_query("giá vàng hôm nay")
        missing = (await api.wait_for_calls("answerInlineQuery", 3))[2].params
        assert missing["results"] == [] and missing["button"]["start_parameter"] == "help"
        for n in range(5):  # 2 a minute in chats, 6 inline: the 7th and 8th get nothing
            api.push_inline_query(f"Nghị định {193 + n}")
        calls = await api.wait_for_calls("answerInlineQuery", 8)
        flooded = [c.params for c in calls if "nhanh" in json_text(c.params)]
        assert len(flooded) == 2 and all(f["results"] == [] for f in flooded)


async def test_a_sent_inline_result_is_counted_once_not_every_keystroke(engine: Engine):
    async with running_bot(engine) as api:
        for typed in ("qu", "quang ninh", "quang ninh muc tieu 2023"):
            api.push_inline_query(typed)
        await api.wait_for_calls("answerInlineQuery", 3, timeout=20)
        api.push_chosen_inline_result("quang ninh muc tieu 2023")
        for _ in range(100):
            with Session(engine.db) as session:
                logged = session.exec(select(db.QuestionLog)).all()
            if logged:
                break
            await asyncio.sleep(0.05)
    assert [(q.question, q.source, q.answered) for q in logged] == [
        ("quang ninh muc tieu 2023", "inline", True)
    ]


def json_text(params: dict) -> str:
    import json

    return json.dumps(params, ensure_ascii=False)


# --- feedback and /stats -----------------------------------------------------------------------


async def test_feedback_is_stored_and_shown_in_stats(tg: FakeBotAPI, engine: Engine):
    tg.push_message("Quảng Ninh mục tiêu 2023")
    answer = await reply_to(tg, 1)
    votes = buttons(answer)
    assert {"👍", "👎"} <= set(votes) and all(len(d.encode()) <= 64 for d in votes.values())
    sent = tg.successful_calls("sendMessage")[0].result
    tg.push_callback_query(votes["👍"], message=sent, user_id=MEMBER)
    await wait_for_callback_answer(tg, "Cảm ơn")
    tg.push_callback_query(votes["👎"], message=sent, user_id=MEMBER)  # changes the vote
    tg.push_callback_query(votes["👎"], message=sent, user_id=OTHER)
    tg.push_callback_query("fb:1001:deadbeef:d", message=sent, check_buttons=False)
    await wait_for_callback_answer(tg, "hết hạn")
    await asyncio.sleep(0.3)
    assert sum("bổ sung dữ liệu" in t for t in callback_answers(tg)) == 2
    with Session(engine.db) as session:
        asked = session.exec(select(db.QuestionLog)).one()
        stored = session.exec(select(db.FeedbackRow.user_id, db.FeedbackRow.vote)).all()
    assert asked.question == "Quảng Ninh mục tiêu 2023" and asked.provinces == "Quảng Ninh"
    assert sorted(stored) == [(MEMBER, -1), (OTHER, -1)]
    tg.push_message("giá vàng hôm nay")
    await reply_to(tg, 2)
    tg.push_message("Lạng Sơn mục tiêu 2023", user_id=OTHER)
    await reply_to(tg, 3)
    tg.push_command("/stats", user_id=ADMIN)
    visible = (await reply_to(tg, 4))["visible"]
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m")
    assert f"• {today}: 3 · 2 · " in visible  # 3 questions, 2 people
    assert re.search(rf"• {today}: 3 · 2 · \d+ · 0 · 2", visible)  # 0 👍, 2 👎
    downvoted = visible.split("bị đánh giá 👎")[1].split("\n\n")[0]
    assert "Quảng Ninh mục tiêu 2023 (2 👎)" in downvoted
    assert "giá vàng hôm nay" in visible.split("chưa trả lời được trong tuần")[1]
    missing = visible.split("kho chưa có tài liệu")[1]
    assert "Lạng Sơn" in missing and "Quảng Ninh" not in missing


# --- following a province ----------------------------------------------------------------------

HOA_BINH_PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH
Số: 12/KH-UBND
Hòa Bình, ngày 15 tháng 01 năm 2024
KẾ HOẠCH
Phát triển kinh tế tập thể, hợp tác xã năm 2024
I. MỤC TIÊU
Năm 2024, tỉnh Hòa Bình phấn đấu thành lập mới 40 hợp tác xã và 15 tổ hợp tác.
"""


async def test_following_a_province_notifies_after_uploads_and_reloads(
    tg: FakeBotAPI, corpus_dir: Path
):
    tg.push_command("/theodoi phu tho", user_id=MEMBER)
    reply = (await reply_to(tg, 1))["visible"]
    assert "Đã theo dõi Phú Thọ (gồm cả Vĩnh Phúc và Hòa Bình)" in reply
    assert "1 tài liệu" in reply  # the Hòa Bình plan
    tg.push_command("/theodoi Quảng Ninh", user_id=OTHER, **GROUP)
    assert "chat riêng" in (await reply_to(tg, 2))["visible"]
    tg.push_command("/theodoi", user_id=MEMBER)
    assert "• Phú Thọ" in (await reply_to(tg, 3))["visible"]
    tg.push_document("ke_hoach_hb.txt", HOA_BINH_PLAN.encode(), user_id=ADMIN)
    assert "Đã lưu" in await final_text(tg, 4)
    notice = await reply_to(tg, 5)
    assert notice["chat_id"] == MEMBER
    text = notice["visible"]
    assert "Tài liệu mới về Hòa Bình" in text and "bạn theo dõi Phú Thọ" in text
    assert "Kế hoạch phát triển kinh tế tập thể, hợp tác xã năm 2024" in text
    assert "Kế hoạch 12/KH-UBND, ngày 15/01/2024, UBND tỉnh Hòa Bình" in text
    assert "Hỏi thử: Kế hoạch 12 hoặc Hòa Bình mục tiêu 2024" in text
    await stays_quiet(tg, 5)  # the Quảng Ninh follower hears nothing
    # A document replaced on disk and reloaded reaches the Quảng Ninh follower.
    qn = corpus_dir / f"{QN_ID}.txt"
    qn.write_text(qn.read_text(encoding="utf-8") + "\nĐoạn bổ sung về hợp tác xã.\n", "utf-8")
    tg.push_command("/botheodoi Phú Thọ", user_id=MEMBER)
    assert "Đã dừng theo dõi Phú Thọ" in (await reply_to(tg, 6))["visible"]
    tg.push_command("/reload", user_id=ADMIN)
    assert "Đã nạp 6 bài" in await final_text(tg, 7)
    update = await reply_to(tg, 8)
    assert (
        update["chat_id"] == OTHER and "Tài liệu được cập nhật về Quảng Ninh" in update["visible"]
    )
    await stays_quiet(tg, 8)


# --- /help ---------------------------------------------------------------------------------------


def help_examples(visible: str) -> list[str]:
    block = visible.split("ví dụ:\n", 1)[1].split("\n\n", 1)[0]
    return [line.removeprefix("• ") for line in block.splitlines()]


async def test_help_examples_are_answered_by_the_loaded_corpus(tg: FakeBotAPI):
    tg.push_command("/help")
    visible = (await reply_to(tg, 1))["visible"]
    examples = help_examples(visible)
    assert "Quảng Ninh mục tiêu 2023" in examples and "quang ninh muc tieu 2023" in examples
    assert (
        "/muctieu Hưng Yên 2022" in visible and "Phú Thọ sẽ gồm cả số liệu của Hòa Bình" in visible
    )
    for n, question in enumerate(examples, start=2):
        tg.push_message(question, user_id=3000 + n)  # a new user each: no follow-ups
        assert "Không tìm thấy" not in (await reply_to(tg, n))["visible"], question
    first, then = re.search(r"sau (.+?), gõ (.+?) —", visible).groups()
    tg.push_message(first, user_id=OTHER)
    await reply_to(tg, len(examples) + 2)
    tg.push_message(then, user_id=OTHER)
    assert "Hiểu là" in first_line(await reply_to(tg, len(examples) + 3))


OTHER_CORPUS = {
    "ca_mau.txt": "Kế hoạch phát triển hợp tác xã tỉnh Cà Mau năm 2025\nNgày: 01/02/2025\n"
    "Mục tiêu năm 2025: tỉnh Cà Mau thành lập mới 40 hợp tác xã nuôi tôm, 10 tổ hợp tác và "
    "thu hút 500 thành viên mới.\nTỉnh Cà Mau hiện có 300 hợp tác xã đang hoạt động.\n",
    "lang_son.txt": "Lạng Sơn tổng kết kinh tế tập thể năm 2024\nNgày: 10/01/2025\n"
    "Năm 2024, toàn tỉnh Lạng Sơn có 450 hợp tác xã, thành lập mới 35 hợp tác xã.\n"
    "Doanh thu bình quân của hợp tác xã đạt 2,1 tỷ đồng.\n",
    "chung.txt": "Hỗ trợ phát triển kinh tế tập thể\nNgày: 05/05/2024\n"
    "Nhà nước hỗ trợ đào tạo, bồi dưỡng cán bộ quản lý hợp tác xã theo Nghị định "
    "45/2021/NĐ-CP.\nCác địa phương ưu tiên hỗ trợ thành lập mới hợp tác xã nông nghiệp.\n",
}


async def test_help_follows_the_corpus_it_serves(tmp_path: Path):
    corpus = tmp_path / "khac"
    corpus.mkdir()
    for name, text in OTHER_CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    engine = Engine(make_config(corpus, tmp_path / "index"))
    engine.reload()
    async with running_bot(engine) as api:
        api.push_command("/start")
        visible = (await reply_to(api, 1))["visible"]
        examples = help_examples(visible)
        assert examples[:2] == ["Cà Mau mục tiêu 2025", "ca mau muc tieu 2025"]
        assert "Nghị định 45" in examples and "Quảng Ninh" not in visible
        assert "tài liệu về Cà Mau, Lạng Sơn, số liệu các năm 2024–2025" in visible
        assert "/muctieu Cà Mau 2025" in visible
        for n, question in enumerate(examples, start=2):
            api.push_message(question, user_id=3000 + n)
            assert "Không tìm thấy" not in (await reply_to(api, n))["visible"], question
    engine.close()

"""The real python-telegram-bot Application: end to end over HTTP against the Bot API stand-in
on 127.0.0.1 (tg_http), the other handlers through process_update (tg)."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import replace
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.search import store
from bot.telegram.app import build_application
from bot.telegram.safety import safe_file_name
from tests.botapi_server import BOT_USERNAME, DEFAULT_GROUP_ID, FakeBotAPI
from tests.tgkit import ADMIN, MEMBER, final_text, reply_to, stays_quiet


async def test_question_gets_figures_first_and_cited_passages(tg_http: FakeBotAPI):
    tg_http.push_message("quang ninh muc tieu 2023")
    msg = await reply_to(tg_http, 1)
    assert msg["parse_mode"] == "HTML"
    text, visible = msg["text"], msg["visible"]
    assert visible.index("Quảng Ninh – mục tiêu 2023:") < visible.index("Bên cạnh đó, Kế hoạch")
    assert "60.500 thành viên" in visible
    assert "Kế hoạch phát triển kinh tế tập thể, hợp tác xã tỉnh Quảng Ninh năm 2023" in visible
    assert "06/01/2023, đoạn 3" in visible
    assert "<b>mục tiêu</b>" in text  # matched words in bold, accents as in the corpus
    assert len(visible) <= 4096


async def test_more_button_pages_to_further_passages(tg_http: FakeBotAPI):
    tg_http.push_message("hỗ trợ phát triển hợp tác xã")
    first = await reply_to(tg_http, 1)
    button = first["reply_markup"]["inline_keyboard"][0][0]
    assert button["text"].startswith("Xem thêm")
    assert len(button["callback_data"].encode()) <= 64
    sent = tg_http.successful_calls("sendMessage")[0].result
    tg_http.push_callback_query(button["callback_data"], message=sent, user_id=MEMBER)
    second = await reply_to(tg_http, 2)
    assert second["visible"].startswith("3.")  # the first reply shows two passages
    assert "đoạn" in second["visible"]
    assert tg_http.successful_calls("answerCallbackQuery")


async def test_expired_more_button_is_answered_politely(tg: FakeBotAPI):
    tg.push_message("Nghị định 193")
    await reply_to(tg, 1)
    sent = tg.successful_calls("sendMessage")[0].result
    tg.push_callback_query("more:deadbeef:1", message=sent, check_buttons=False)
    calls = await tg.wait_for_calls("answerCallbackQuery", 1)
    assert "hết hạn" in calls[0].params.get("text", "")


async def test_help_and_start_show_examples_including_accent_free(tg: FakeBotAPI):
    tg.push_command("/help")
    msg = await reply_to(tg, 1)
    assert "quang ninh muc tieu 2023" in msg["visible"] and "/muctieu" in msg["visible"]
    assert "/reload" not in msg["visible"]  # admin commands only shown to admins
    tg.push_command("/start", user_id=ADMIN)
    assert "/reload" in (await reply_to(tg, 2))["visible"]


async def test_muctieu_lists_records_through_the_merger(tg: FakeBotAPI):
    tg.push_command("/muctieu Phú Thọ 2022")
    visible = (await reply_to(tg, 1))["visible"]
    assert "Hòa Bình" in visible and "35 HTX" in visible and "6–8%" in visible
    assert "000_5a0bd5d504af4083" not in visible  # cited by its title, never the file id
    tg.push_command("/muctieu")
    assert "Cách dùng" in (await reply_to(tg, 2))["visible"]


async def test_nguon_lists_articles_with_dates(tg: FakeBotAPI):
    tg.push_command("/nguon")
    visible = (await reply_to(tg, 1))["visible"]
    assert "5 bài viết" in visible and "06/01/2023" in visible and "không rõ ngày" in visible
    assert not re.search(r"\d{3}_[0-9a-f]{16}", visible)  # no file ids


async def test_groups_answer_only_hoi_mentions_and_replies(tg: FakeBotAPI):
    group = {"chat_id": DEFAULT_GROUP_ID, "chat_type": "supergroup"}
    tg.push_message("Quảng Ninh mục tiêu 2023", **group)
    await stays_quiet(tg, 0)
    tg.push_command(f"/hoi@{BOT_USERNAME} Nghị định 193", **group)
    first = await reply_to(tg, 1)
    assert "193/2013/NĐ-CP" in first["visible"]
    tg.push_message(f"@{BOT_USERNAME} quang ninh muc tieu 2023", **group)
    assert "60.500" in (await reply_to(tg, 2))["visible"]
    bot_msg = tg.successful_calls("sendMessage")[0].result
    tg.push_message(
        "còn Bạc Liêu thì sao, thành lập mới HTX đến 2025?", reply_to_message=bot_msg, **group
    )
    assert "Bạc Liêu" in (await reply_to(tg, 3))["visible"]
    tg.push_sticker(**group)
    await stays_quiet(tg, 3)


async def test_non_admins_are_refused_and_nothing_changes(
    tg: FakeBotAPI, engine: Engine, corpus_dir: Path
):
    generation = engine.snapshot.generation
    tg.push_command("/reload", user_id=MEMBER)
    assert "quản trị" in (await reply_to(tg, 1))["visible"]
    tg.push_document(
        "moi.txt",
        "Bài mới về hợp tác xã\nNội dung đủ dài để thành một đoạn văn bản.\n".encode(),
        user_id=MEMBER,
    )
    assert "quản trị" in (await reply_to(tg, 2))["visible"]
    tg.push_command("/stats", user_id=MEMBER)
    assert "quản trị" in (await reply_to(tg, 3))["visible"]
    assert not (corpus_dir / "moi.txt").exists()
    assert engine.snapshot.generation == generation


async def test_admin_reload_reports_counts_and_skipped_files(tg: FakeBotAPI, corpus_dir: Path):
    (corpus_dir / "hong.txt").write_bytes(b"\x00\x01binary")
    tg.push_command("/reload", user_id=ADMIN)
    visible = await final_text(tg, 1)
    assert "Đã nạp 5 bài" in visible and "Bỏ qua hong.txt" in visible


async def test_admin_upload_adds_article_and_it_is_answered(tg: FakeBotAPI, corpus_dir: Path):
    article = (
        "Hợp tác xã nuôi cua biển tỉnh Cà Mau năm 2025\nNgày: 01/02/2025\n"
        "Năm 2025, tỉnh Cà Mau phấn đấu thành lập mới 40 hợp tác xã nuôi cua biển "
        "với 900 thành viên.\n"
    )
    tg.push_document("../../etc/cua bien?.txt", article.encode(), user_id=ADMIN)
    visible = await final_text(tg, 1)
    [saved] = corpus_dir.glob("cua_bien_*.txt")  # the name stripped of folders, then slugged
    assert f"Đã lưu {saved.name}" in visible and "Đã nạp 6 bài" in visible
    assert saved.read_text(encoding="utf-8").endswith(article)  # under a metadata header
    assert "original: cua bien?.txt" in saved.read_text(encoding="utf-8")
    tg.push_message("ca mau nuoi cua bien", user_id=MEMBER)
    reply = await reply_to(tg, 2)
    assert "40 hợp tác xã nuôi cua biển" in reply["visible"]
    buttons = [b["text"] for row in reply["reply_markup"]["inline_keyboard"] for b in row]
    assert "📊 Số liệu" in buttons  # its figures (Mục tiêu 2025) are one press away


async def test_bad_uploads_are_refused_and_not_saved(tg: FakeBotAPI, corpus_dir: Path):
    before = sorted(p.name for p in corpus_dir.iterdir())
    tg.push_document("anh.jpg", b"\xff\xd8\xff", user_id=ADMIN, mime_type="image/jpeg")
    assert "chưa hỗ trợ" in (await final_text(tg, 1)) and ".docx" in (await final_text(tg, 1))
    tg.push_document("to.txt", b"x" * 60_000, user_id=ADMIN)
    assert "quá lớn" in (await final_text(tg, 2))
    tg.push_document("rong.txt", b"\x00\x00\x00", user_id=ADMIN)
    assert "nhị phân" in (await final_text(tg, 3))
    assert sorted(p.name for p in corpus_dir.iterdir()) == before


async def test_failed_reload_keeps_old_index_and_tells_admin(
    tg: FakeBotAPI, engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    def disk_full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "prepare", disk_full)
    generation = engine.snapshot.generation
    tg.push_command("/reload", user_id=ADMIN)
    visible = await final_text(tg, 1)
    assert "thất bại" in visible and "đĩa đầy" in visible
    assert engine.snapshot.generation == generation
    tg.push_message("Nghị định 193")
    assert "193/2013" in (await reply_to(tg, 2))["visible"]


@pytest.mark.parametrize(
    "text",
    [
        "<b>Quảng Ninh</b> & <script>alert(1)</script> mục tiêu 2023",
        "x" * 5000,
        "Quảng Ninh mục tiêu 2023 " * 200,
        "   ",
        "🤝🤝🤝",
        "a < b && c > d",
    ],
)
async def test_odd_messages_get_a_valid_reply(tg: FakeBotAPI, text: str):
    tg.push_message(text)
    msg = await reply_to(tg, 1)
    assert 0 < len(msg["visible"]) <= 4096  # the stand-in rejected nothing as bad HTML


async def test_stickers_and_photos_without_a_caption_get_a_hint(tg: FakeBotAPI):
    # Captions and edited questions are answered: tests/test_telegram_conversation.py.
    tg.push_sticker()
    assert "bằng chữ" in (await reply_to(tg, 1))["visible"]
    tg.push_photo()
    assert "bằng chữ" in (await reply_to(tg, 2))["visible"]
    tg.push_photo(chat_type="supergroup")
    await stays_quiet(tg, 2)


async def test_reply_arrives_despite_429_from_telegram(tg_http: FakeBotAPI):
    tg_http.fail_next("sendMessage", times=2, retry_after=1)
    tg_http.push_message("Thái Bình có bao nhiêu HTX")
    msg = await reply_to(tg_http, 1)
    assert "454 HTX" in msg["visible"]
    assert sum(1 for c in tg_http.calls if c.method == "sendMessage" and c.status == 429) == 2


async def test_stats_count_questions_and_unanswered_ones(tg: FakeBotAPI):
    tg.push_message("Nghị định 193")
    await reply_to(tg, 1)
    tg.push_message("giá vàng hôm nay")
    assert "Không tìm thấy" in (await reply_to(tg, 2))["visible"]
    tg.push_command("/stats", user_id=ADMIN)
    visible = (await reply_to(tg, 3))["visible"]
    assert (
        "Đã hỏi: 2" in visible
        and "Chưa trả lời được: 1" in visible
        and "giá vàng hôm nay" in visible
    )


async def test_flood_limit_answers_politely(tg: FakeBotAPI, engine: Engine):
    engine_limit = 3
    tg_bot_config = engine.config
    assert tg_bot_config.flood_limit_per_minute >= engine_limit
    for _ in range(tg_bot_config.flood_limit_per_minute + 3):
        tg.push_message("HTX", user_id=777)
    calls = await tg.wait_for_calls(
        "sendMessage", tg_bot_config.flood_limit_per_minute + 1, timeout=60
    )
    await asyncio.sleep(0.5)
    texts = [c.result["text"] for c in tg.successful_calls("sendMessage")]
    assert sum("hỏi hơi nhanh" in t for t in texts) == 1
    assert len(calls) >= tg_bot_config.flood_limit_per_minute


def test_upload_names_cannot_escape_the_corpus():
    assert safe_file_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_file_name("/abs/path/bài viết.txt") == "bài_viết.txt"
    assert safe_file_name("..\\..\\win.TXT") == "win.txt"
    assert safe_file_name("....txt") is None
    assert safe_file_name("evil.txt.exe") is None
    assert safe_file_name(None) is None


def test_missing_token_is_one_line_error(tmp_path, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["serve", "--index", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "TELEGRAM_BOT_TOKEN" in err


async def test_token_is_redacted_from_log_records(tg: FakeBotAPI):
    from bot.telegram.safety import TokenFilter

    record = logging.LogRecord(
        "httpx", logging.INFO, "", 0, "POST %s/sendMessage", (tg.base_url + tg.token,), None
    )
    TokenFilter(tg.token).filter(record)
    assert tg.token not in record.getMessage() and "<token>" in record.getMessage()


async def test_webhook_mode_accepts_only_updates_with_the_secret(engine: Engine):
    import socket

    import aiohttp

    from bot.telegram.app import webhook_options

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with FakeBotAPI() as api:
        cfg = replace(
            engine.config,
            api_base_url=api.base_url,
            mode="webhook",
            webhook_url=f"http://127.0.0.1:{port}",
            webhook_port=port,
            webhook_secret="s3cret-Token_1",
        )
        app, _ = build_application(cfg, engine, api.token)
        async with app:
            await app.start()
            await app.updater.start_webhook(**webhook_options(cfg, listen="127.0.0.1"))
            assert api.webhook == {
                "url": f"http://127.0.0.1:{port}/telegram",
                "secret_token": "s3cret-Token_1",
            }
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "text": "Nghị định 193",
                    "chat": {"id": MEMBER, "type": "private"},
                    "from": {"id": MEMBER, "is_bot": False, "first_name": "A"},
                },
            }
            url = f"http://127.0.0.1:{port}/telegram"
            async with aiohttp.ClientSession() as http:
                bad = await http.post(
                    url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
                )
                assert bad.status == 403
                good = await http.post(
                    url,
                    json=update | {"update_id": 2},
                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"},
                )
                assert good.status == 200
            calls = await api.wait_for_calls("sendMessage", 1, timeout=20)
            assert "193/2013/NĐ-CP" in calls[0].result["text"]
            await asyncio.sleep(0.3)
            assert len(api.successful_calls("sendMessage")) == 1  # the forged update was dropped
            await app.updater.stop()
            await app.stop()

"""The Bot API stand-in itself refuses what Telegram refuses, for raw HTTP and PTB's Bot."""

from __future__ import annotations

import asyncio
import datetime as dtm
import struct

import aiohttp
import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, RetryAfter

from tests.botapi_server import (
    BOT_USERNAME,
    DEFAULT_USER_ID,
    FakeBotAPI,
    HtmlParseError,
    parse_html,
)

CHAT = DEFAULT_USER_ID


@pytest.fixture
async def api():
    async with FakeBotAPI(max_long_poll=0.5) as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotAPI):
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as b:
        yield b


def png(width: int, height: int) -> bytes:
    """The start of a PNG, all the stand-in reads of one."""
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + struct.pack(">II", width, height) + bytes(30)


async def test_token_method_and_file_path_are_checked_over_http(api):
    api.push_document("x.txt", b"xyz")
    base = f"http://127.0.0.1:{api.port}"
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/bot1:wrong/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with http.post(f"{base}/bot{api.token}/sendPigeon") as resp:
            assert resp.status == 404
        async with http.post(f"{base}/bot{api.token}/getFile", data={"file_id": "nope"}) as resp:
            assert (await resp.json())["description"] == "Bad Request: invalid file_id"
        async with http.get(f"{base}/file/bot{api.token}/missing.txt") as resp:
            assert resp.status == 404
        async with http.get(f"{base}/file/bot1:bad/file_1") as resp:
            assert resp.status == 401
    assert [(c.method, c.status) for c in api.calls][:3] == [
        ("getMe", 401),
        ("sendPigeon", 404),
        ("getFile", 400),
    ]
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with Bot("42:other", base_url=api.base_url):
            pass  # initialize() calls getMe


async def test_get_me_and_html_messages(api, bot):
    me = await bot.get_me()
    assert (me.username, me.first_name, me.is_bot) == (BOT_USERNAME, "CoopBot", True)
    html = '<b>Hợp tác xã</b> &amp; <i>tổ</i> &lt;3 <a href="https://x.vn/a?b=1&amp;c=2">luật</a>'
    message = await bot.send_message(CHAT, html, parse_mode=ParseMode.HTML)
    assert message.text == "Hợp tác xã & tổ <3 luật"
    assert message.from_user.is_bot and message.chat_id == CHAT
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bold", 0, 10),
        ("italic", 13, 2),
        ("text_link", 19, 4),
    ]
    assert message.entities[2].url == "https://x.vn/a?b=1&c=2"
    [call] = api.successful_calls("sendMessage")
    assert call.params["text"] == html and call.params["parse_mode"] == "HTML"


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<script>alert(1)</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x <b", "Unclosed start tag at byte offset 2"),
        ('<a href="x>y', "Unclosed start tag at byte offset 0"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<i>a</i   ", "Unclosed end tag at byte offset 4"),
        ("Đà &nbsp; b", 'Unsupported HTML entity "&nbsp;" at byte offset 5'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        (
            "&#xD83D;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
        (
            "<a href>x</a>",
            'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0',
        ),
    ],
)
async def test_html_telegram_refuses_is_a_bad_request(api, bot, html, error):
    with pytest.raises(HtmlParseError) as info:
        parse_html(html)
    assert str(info.value) == error
    with pytest.raises(BadRequest, match="^Can't parse entities: "):
        await bot.send_message(CHAT, html, parse_mode=ParseMode.HTML)
    assert api.calls[-1].response == {
        "ok": False,
        "error_code": 400,
        "description": f"Bad Request: can't parse entities: {error}",
    }


def test_html_telegram_accepts():
    assert parse_html("AT&T &lt3 &#x41;&#66; a &gt; b") == ("AT&T <3 AB a > b", [])
    text, entities = parse_html(
        '<blockquote expandable>q</blockquote><span class="tg-spoiler">s</span>'
        "<code>c</code><B>b</B><a href='u'>l</a>"
    )
    assert text == "qscbl"
    assert [e["type"] for e in entities] == ["blockquote", "spoiler", "code", "bold", "text_link"]


async def test_message_length_counts_visible_utf16_text(api, bot):
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(CHAT, "a" * 4097)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(CHAT, "😀" * 2049)  # 4098 UTF-16 code units
    message = await bot.send_message(CHAT, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    assert len(message.text) == 4096
    message = await bot.send_message(CHAT, "&lt;" * 4096 + "\n ", parse_mode="HTML")
    assert message.text == "<" * 4096
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(CHAT, "<b> </b>\n", parse_mode="HTML")


async def test_callback_data_limit(api, bot):
    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Nguồn", callback_data=data)]])

    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(CHAT, "x", reply_markup=keyboard("a" * 65))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(CHAT, "x", reply_markup=keyboard("ư" * 33))  # 66 bytes
    message = await bot.send_message(CHAT, "x", reply_markup=keyboard("a" * 64))
    assert message.reply_markup.inline_keyboard[0][0].callback_data == "a" * 64


@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")  # int vs timedelta
async def test_fail_next_raises_retry_after_or_another_error(api, bot):
    api.fail_next("sendMessage", times=2, retry_after=7)
    for _ in range(2):
        with pytest.raises(RetryAfter) as info:
            await bot.send_message(CHAT, "x")
        assert info.value.retry_after in (7, dtm.timedelta(seconds=7))
    await bot.send_message(CHAT, "x")
    assert [c.status for c in api.calls if c.method == "sendMessage"] == [429, 429, 200]
    assert api.calls[1].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    api.fail_next("sendMessage", error_code=400, description="Bad Request: chat not found")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(CHAT, "x")


async def test_get_updates_honours_offset_limit_and_long_polling(api, bot):
    first = api.push_message("xin chào")
    second = api.push_command("/hoi@coopbot_test_bot câu hỏi", chat_type="supergroup")
    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first["update_id"], second["update_id"]]
    command = updates[1].message
    assert command.chat.type == "supergroup"
    assert command.parse_entities(["bot_command"]).popitem()[1] == "/hoi@coopbot_test_bot"
    again = await bot.get_updates(offset=first["update_id"] + 1, timeout=0)
    assert [u.update_id for u in again] == [second["update_id"]]
    assert await bot.get_updates(offset=second["update_id"] + 1, timeout=0) == ()
    api.push_message("a")
    last = api.push_message("b")
    assert len(await bot.get_updates(limit=1, timeout=0)) == 1
    await bot.get_updates(offset=last["update_id"] + 1, timeout=0)

    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=30) == ()  # capped at max_long_poll (0.5 s)
    assert 0.4 < loop.time() - started < 2
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await asyncio.sleep(0.05)
    started = loop.time()
    api.push_message("hello")
    assert [u.message.text for u in await poll] == ["hello"]
    assert loop.time() - started < 0.3


async def test_files_pushed_and_sent(api, bot):
    content = "Điều lệ hợp tác xã\n".encode() * 100
    document = Update.de_json(api.push_document("dieu_le.txt", content), bot).message.document
    assert (document.file_size, document.file_name) == (len(content), "dieu_le.txt")
    tg_file = await bot.get_file(document.file_id)
    assert tg_file.file_path.startswith(api.base_file_url)
    assert await tg_file.download_as_bytearray() == bytearray(content)

    csv = "tỉnh,chỉ tiêu\nCần Thơ,10\n".encode("utf-8-sig")
    sent = await bot.send_document(
        CHAT, csv, filename="so_lieu.csv", caption="<b>Số liệu</b> 1", parse_mode="HTML"
    )
    assert sent.document.file_name == "so_lieu.csv" and sent.document.mime_type == "text/csv"
    assert sent.caption == "Số liệu 1" and sent.caption_entities[0].type == "bold"
    assert api.file_content(sent.document.file_id) == csv
    for kwargs, error in (
        ({"document": b"", "filename": "rong.csv"}, "File must be non-empty"),
        ({"document": csv, "filename": "a.csv", "caption": "x" * 1025}, "caption is too long"),
        ({"document": csv, "caption": "<b>", "parse_mode": "HTML"}, "Can't parse entities"),
        ({"document": "no-such-file-id"}, "Wrong file identifier"),
    ):
        with pytest.raises(BadRequest, match=error):
            await bot.send_document(CHAT, **kwargs)

    image = png(960, 540)
    sent = await bot.send_photo(CHAT, image, caption="📈 Biểu đồ")
    assert (sent.photo[-1].width, sent.photo[-1].height) == (960, 540)
    assert api.file_content(sent.photo[-1].file_id) == image and sent.caption == "📈 Biểu đồ"
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(CHAT, b"GIF89a not a photo")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(CHAT, image, caption="đ" * 1025)
    assert len(api.successful_calls("sendDocument")) == len(api.successful_calls("sendPhoto")) == 1


async def test_callback_queries_are_answered_once(api, bot):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Thêm", callback_data="more:1")]])
    sent = await bot.send_message(CHAT, "trả lời", reply_markup=keyboard)
    query = Update.de_json(api.push_callback_query("more:1", message=sent.to_dict()), bot)
    assert query.callback_query.data == "more:1"
    assert query.callback_query.message.message_id == sent.message_id
    with pytest.raises(ValueError, match="not a button"):
        api.push_callback_query("forged", message=sent.to_dict())
    with pytest.raises(BadRequest, match="Message_too_long"):
        await bot.answer_callback_query(query.callback_query.id, "x" * 201)
    assert await bot.answer_callback_query(query.callback_query.id, "hết hạn", show_alert=True)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.callback_query.id)


async def test_inline_queries_are_answered_once_with_valid_results(api, bot):
    def article(result_id: str, title: str = "Quảng Ninh", text: str = "<b>30–50</b> HTX"):
        content = InputTextMessageContent(text, parse_mode=ParseMode.HTML)
        return InlineQueryResultArticle(result_id, title, content, description="Kế hoạch 248")

    query = Update.de_json(api.push_inline_query("quang ninh"), bot).inline_query
    assert query.query == "quang ninh" and query.from_user.id == DEFAULT_USER_ID
    for results, error in (
        ([article("a"), article("a")], "Result_id_invalid"),
        ([article("x" * 65)], "Result_id_invalid"),
        ([article("a", title=" ")], "Article_title_empty"),
        ([article("a", text="<b>x")], "Can't parse entities"),
        ([article("a", text="x" * 4097)], "Message is too long"),
        ([article(str(i)) for i in range(51)], "Results_too_much"),
    ):
        with pytest.raises(BadRequest, match=error):
            await bot.answer_inline_query(query.id, results)
    with pytest.raises(BadRequest, match="Start_param_invalid"):
        button = InlineQueryResultsButton("Mở bot", start_parameter="có dấu")
        await bot.answer_inline_query(query.id, [], button=button)
    assert await bot.answer_inline_query(query.id, [article("a"), article("b")], cache_time=60)
    sent = api.successful_calls("answerInlineQuery")[0].params
    assert [r["id"] for r in sent["results"]] == ["a", "b"] and sent["cache_time"] == 60
    with pytest.raises(BadRequest, match="Query is too old"):  # answered already
        await bot.answer_inline_query(query.id, [])


async def test_incoming_messages_carry_mentions_replies_and_edits(api, bot):
    photo = Update.de_json(api.push_photo(caption=f"@{BOT_USERNAME} Nghị định 193"), bot)
    [(entity, said)] = photo.message.parse_caption_entities().items()
    assert entity.type == "mention" and said == f"@{BOT_USERNAME}"
    document = api.push_document("a.txt", b"x", caption="câu hỏi")["message"]
    edited = Update.de_json(api.push_edited_caption("câu hỏi khác", message=document), bot)
    assert edited.edited_message.caption == "câu hỏi khác"
    assert edited.edited_message.document.file_name == "a.txt"
    question = api.push_message("câu hỏi")
    edited = Update.de_json(api.push_edited_message("câu khác", message=question), bot)
    assert edited.edited_message.text == "câu khác"
    reply = api.push_message("còn 2024?", reply_to_message=question)["message"]
    assert reply["reply_to_message"]["message_id"] == question["message"]["message_id"]
    assert Update.de_json(api.push_sticker(), bot).message.sticker.emoji == "👍"


async def test_replies_and_edits_of_the_bot(api, bot):
    pushed = api.push_message("câu hỏi")["message"]
    reply = await bot.send_message(CHAT, "đáp", reply_to_message_id=pushed["message_id"])
    assert reply.reply_to_message.text == "câu hỏi"
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(CHAT, "đáp", reply_to_message_id=12345)

    sent = await bot.send_message(CHAT, "⏳ <b>đang</b> nạp", parse_mode=ParseMode.HTML)
    edited = await bot.edit_message_text(
        "Đã nạp <i>5</i> bài", CHAT, sent.message_id, parse_mode="HTML"
    )
    assert edited.text == "Đã nạp 5 bài" and edited.edit_date is not None
    assert api.current_text(sent.to_dict()) == "Đã nạp 5 bài"
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Đã nạp <i>5</i> bài", CHAT, sent.message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.edit_message_text("<b>x", CHAT, sent.message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", CHAT, 99999)
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", CHAT, pushed["message_id"])


async def test_commands_chat_action_and_webhook(api, bot):
    assert await bot.set_my_commands([("hoi", "Đặt câu hỏi"), ("start", "Bắt đầu")])
    assert [c["command"] for c in api.commands] == ["hoi", "start"]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Hoi", "x")])
    assert await bot.send_chat_action(CHAT, "typing")
    with pytest.raises(BadRequest, match="Wrong parameter action"):
        await bot.send_chat_action(CHAT, "dancing")
    api.push_message("old")
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates(timeout=0) == ()
    assert await bot.set_webhook("https://bot.example/telegram", secret_token="s3cret_1")
    assert api.webhook == {"url": "https://bot.example/telegram", "secret_token": "s3cret_1"}


async def test_wait_for_calls_times_out_with_a_report(api, bot):
    await bot.send_message(CHAT, "một")
    with pytest.raises(TimeoutError) as info:
        await api.wait_for_calls("sendMessage", 2, timeout=0.1)
    assert "expected 2 successful sendMessage call(s)" in str(info.value)
    assert "'text': 'một'" in str(info.value)
    assert len(await api.wait_for_calls("sendMessage", 1)) == 1

"""The Bot API stand-in itself behaves like Telegram, for raw HTTP and python-telegram-bot."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, RetryAfter
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

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


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


def url(api: FakeBotAPI, method: str, token: str | None = None) -> str:
    return f"http://127.0.0.1:{api.port}/bot{token or api.token}/{method}"


# --- Raw HTTP ------------------------------------------------------------------------------


async def test_get_me_over_get_and_post(api, http):
    async with http.get(url(api, "getMe")) as resp:
        assert resp.status == 200
        body = await resp.json()
    assert body["ok"] is True
    me = body["result"]
    assert me["is_bot"] is True
    assert me["first_name"] == "CoopBot"
    assert me["username"] == BOT_USERNAME
    assert me["can_read_all_group_messages"] is False
    assert me["supports_inline_queries"] is True  # inline mode on, as @BotFather sets it
    async with http.post(url(api, "GETME")) as resp:  # method names are case-insensitive
        assert (await resp.json())["result"] == me


async def test_wrong_token_and_unknown_method(api, http):
    async with http.get(url(api, "getMe", token="1:wrong")) as resp:
        assert resp.status == 401
        assert await resp.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
    async with http.post(url(api, "sendPigeon")) as resp:
        assert resp.status == 404
        assert await resp.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert [(c.method, c.status) for c in api.calls] == [("getMe", 401), ("sendPigeon", 404)]


async def test_form_json_and_query_bodies_are_decoded(api, http):
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    form = {"chat_id": str(CHAT), "text": "hi", "reply_markup": json.dumps(markup)}
    async with http.post(url(api, "sendMessage"), data=form) as resp:
        message = (await resp.json())["result"]
    assert message["reply_markup"] == markup
    assert message["chat"] == {"id": CHAT, "type": "private", "first_name": "User"}
    assert message["from"]["username"] == BOT_USERNAME
    assert api.calls[-1].params == {"chat_id": CHAT, "text": "hi", "reply_markup": markup}

    async with http.post(url(api, "sendMessage"), json={"chat_id": CHAT, "text": "json"}) as resp:
        second = (await resp.json())["result"]
    assert second["text"] == "json"
    assert second["message_id"] == message["message_id"] + 1

    async with http.get(url(api, "sendMessage"), params={"chat_id": CHAT, "text": "q"}) as resp:
        assert (await resp.json())["result"]["text"] == "q"

    async with http.post(url(api, "sendMessage"), data={"text": "no chat"}) as resp:
        assert resp.status == 400
        assert (await resp.json())["description"] == "Bad Request: chat_id is empty"


async def test_file_download_checks_token_and_path(api, http):
    api.push_document("x.txt", b"xyz")
    async with http.get(url(api, "getFile"), params={"file_id": "nope"}) as resp:
        assert (await resp.json())["description"] == "Bad Request: invalid file_id"
    base = f"http://127.0.0.1:{api.port}/file/bot"
    async with http.get(f"{base}{api.token}/documents/missing.txt") as resp:
        assert resp.status == 404
    async with http.get(f"{base}1:bad/documents/file_1.txt") as resp:
        assert resp.status == 401


# --- python-telegram-bot against the stand-in ----------------------------------------------


async def test_bot_initializes_with_get_me(api, bot):
    me = await bot.get_me()
    assert me.username == BOT_USERNAME
    assert me.first_name == "CoopBot"
    assert me.can_join_groups is True
    assert bot.username == BOT_USERNAME


async def test_send_message_html_returns_visible_text(api, bot):
    html = '<b>Hợp tác xã</b> &amp; <i>tổ hợp tác</i> &lt;3 <a href="https://x.vn/a?b=1&amp;c=2">luật</a>'
    message = await bot.send_message(CHAT, html, parse_mode=ParseMode.HTML)
    assert message.text == "Hợp tác xã & tổ hợp tác <3 luật"
    assert message.chat_id == CHAT
    assert message.from_user.is_bot
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bold", 0, 10),
        ("italic", 13, 10),
        ("text_link", 27, 4),
    ]
    assert message.entities[2].url == "https://x.vn/a?b=1&c=2"
    assert message.parse_entity(message.entities[0]) == "Hợp tác xã"
    [call] = api.successful_calls("sendMessage")
    assert call.params["text"] == html and call.result["text"] == message.text


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<script>alert(1)</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("a &nbsp; b", 'Unsupported HTML entity "&nbsp;" at byte offset 2'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
async def test_bad_html_is_a_bad_request(api, bot, html, error):
    with pytest.raises(BadRequest, match="^Can't parse entities: "):
        await bot.send_message(CHAT, html, parse_mode=ParseMode.HTML)
    assert api.calls[-1].status == 400
    assert api.calls[-1].response == {
        "ok": False,
        "error_code": 400,
        "description": f"Bad Request: can't parse entities: {error}",
    }


async def test_message_length_counts_visible_utf16_text(api, bot):
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(CHAT, "a" * 4097)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(CHAT, "😀" * 2049)  # 4098 UTF-16 code units
    message = await bot.send_message(CHAT, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    assert len(message.text) == 4096
    message = await bot.send_message(CHAT, "&lt;" * 4096, parse_mode="HTML")
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
async def test_fail_next_raises_retry_after(api, bot):
    api.fail_next("sendMessage", times=2, retry_after=7)
    for _ in range(2):
        with pytest.raises(RetryAfter) as info:
            await bot.send_message(CHAT, "x")
        assert info.value.retry_after in (7, dtm.timedelta(seconds=7))
        assert "Retry in 7 seconds" in str(info.value)
    await bot.send_message(CHAT, "x")
    assert [c.status for c in api.calls if c.method == "sendMessage"] == [429, 429, 200]
    assert api.successful_calls("getMe") and api.calls[1].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }


async def test_get_updates_returns_pushed_updates_and_honours_offset(api, bot):
    first = api.push_message("xin chào", username="lan")
    second = api.push_command("/hoi@coopbot_test_bot câu hỏi", chat_type="group")
    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first["update_id"], second["update_id"]]
    assert updates[0].message.text == "xin chào"
    assert updates[0].effective_user.username == "lan"
    command = updates[1].message
    assert command.chat.type == "group"
    assert command.parse_entities(["bot_command"]).popitem()[1] == "/hoi@coopbot_test_bot"

    again = await bot.get_updates(offset=first["update_id"] + 1, timeout=0)
    assert [u.update_id for u in again] == [second["update_id"]]
    assert await bot.get_updates(offset=second["update_id"] + 1, timeout=0) == ()

    api.push_message("a")
    api.push_message("b")
    assert len(await bot.get_updates(limit=1, timeout=0)) == 1


async def test_long_poll_waits_for_an_update_or_the_capped_timeout(api, bot):
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=30) == ()  # capped at max_long_poll (0.5 s)
    assert 0.4 < loop.time() - started < 2

    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await asyncio.sleep(0.05)
    started = loop.time()
    api.push_message("hello")
    updates = await poll
    assert [u.message.text for u in updates] == ["hello"]
    assert loop.time() - started < 0.3


async def test_push_document_then_download(api, bot):
    content = "Điều lệ hợp tác xã\n".encode() * 100
    update = api.push_document("dieu_le.txt", content)
    document = Update.de_json(update, bot).message.document
    assert document.file_size == len(content)
    assert document.file_name == "dieu_le.txt"
    tg_file = await bot.get_file(document.file_id)
    assert tg_file.file_size == len(content)
    assert tg_file.file_path.startswith(api.base_file_url)
    assert await tg_file.download_as_bytearray() == bytearray(content)


def png(width: int, height: int) -> bytes:
    """A minimal, valid grey PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


async def test_send_document_keeps_the_bytes_and_checks_file_and_caption(api, bot):
    content = "tỉnh,chỉ tiêu\nCần Thơ,10\n".encode("utf-8-sig")
    sent = await bot.send_document(
        CHAT, content, filename="so_lieu.csv", caption="<b>Số liệu</b> 1", parse_mode="HTML"
    )
    assert sent.document.file_name == "so_lieu.csv" and sent.document.mime_type == "text/csv"
    assert sent.caption == "Số liệu 1" and sent.caption_entities[0].type == "bold"
    assert api.file_content(sent.document.file_id) == content
    tg_file = await bot.get_file(sent.document.file_id)
    assert await tg_file.download_as_bytearray() == bytearray(content)
    with pytest.raises(BadRequest, match="File must be non-empty"):
        await bot.send_document(CHAT, b"", filename="rong.csv")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(CHAT, content, filename="a.csv", caption="x" * 1025)
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_document(CHAT, content, filename="a.csv", caption="<b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(CHAT, "no-such-file-id")
    assert len(api.successful_calls("sendDocument")) == 1


async def test_send_photo_decodes_the_image_and_checks_its_dimensions(api, bot):
    image = png(960, 540)
    sent = await bot.send_photo(CHAT, image, caption="📈 Biểu đồ")
    largest = sent.photo[-1]
    assert (largest.width, largest.height) == (960, 540) and sent.caption == "📈 Biểu đồ"
    assert [p.width for p in sent.photo] == [90, 320, 800, 960]
    assert api.file_content(largest.file_id) == image
    broken = bytearray(image)
    broken[40] ^= 0xFF  # inside IDAT: its CRC no longer matches
    for bad in (b"GIF89a not a photo", bytes(broken), image[:-12]):
        with pytest.raises(BadRequest, match="Image_process_failed"):
            await bot.send_photo(CHAT, bad)
    with pytest.raises(BadRequest, match="Photo_invalid_dimensions"):
        await bot.send_photo(CHAT, png(2, 60))
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(CHAT, image, caption="đ" * 1025)
    assert len(api.successful_calls("sendPhoto")) == 1


async def test_callback_queries(api, bot):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Thêm", callback_data="more:1")]])
    sent = await bot.send_message(CHAT, "trả lời", reply_markup=keyboard)
    update = api.push_callback_query("more:1", message=sent.to_dict())
    query = Update.de_json(update, bot).callback_query
    assert query.data == "more:1"
    assert query.message.message_id == sent.message_id
    with pytest.raises(ValueError, match="not a button"):
        api.push_callback_query("forged", message=sent.to_dict())
    assert await bot.answer_callback_query(query.id, "hết hạn", show_alert=True) is True
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id)


async def test_inline_queries_are_answered_once_with_valid_results(api, bot):
    from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent

    def article(result_id: str, title: str = "Quảng Ninh", text: str = "<b>30–50</b> HTX"):
        content = InputTextMessageContent(text, parse_mode=ParseMode.HTML)
        return InlineQueryResultArticle(result_id, title, content, description="Kế hoạch 248")

    query = Update.de_json(api.push_inline_query("quang ninh"), bot).inline_query
    assert query.query == "quang ninh" and query.from_user.id == DEFAULT_USER_ID
    for results, error in (
        ([article("a"), article("a")], "Result_id_duplicate"),
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


async def test_captions_carry_mentions_like_texts(api, bot):
    photo = Update.de_json(api.push_photo(caption=f"@{BOT_USERNAME} Nghị định 193"), bot)
    [(entity, said)] = photo.message.parse_caption_entities().items()
    assert entity.type == "mention" and said == f"@{BOT_USERNAME}"
    document = api.push_document("a.txt", b"x", caption="câu hỏi")["message"]
    edited = Update.de_json(api.push_edited_caption("câu hỏi khác", message=document), bot)
    assert edited.edited_message.caption == "câu hỏi khác"
    assert edited.edited_message.document.file_name == "a.txt"


async def test_reply_to_unknown_message_is_refused(api, bot):
    pushed = api.push_message("câu hỏi")["message"]
    reply = await bot.send_message(CHAT, "đáp", reply_to_message_id=pushed["message_id"])
    assert reply.reply_to_message.text == "câu hỏi"
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(CHAT, "đáp", reply_to_message_id=12345)


async def test_edit_message_text_checks_like_telegram(api, bot):
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
    pushed = api.push_message("của người dùng")["message"]
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


async def test_wrong_token_is_invalid_token(api):
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with Bot("42:other", base_url=api.base_url):
            pass  # initialize() calls getMe


async def test_wait_for_calls_times_out_with_a_report(api, bot):
    await bot.send_message(CHAT, "một")
    with pytest.raises(TimeoutError) as info:
        await api.wait_for_calls("sendMessage", 2, timeout=0.1)
    assert "expected 2 successful sendMessage call(s)" in str(info.value)
    assert "text='một'" in str(info.value)
    assert len(await api.wait_for_calls("sendMessage", 1)) == 1


async def test_a_real_application_polls_and_answers(api):
    async def hoi(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(f"<b>Hỏi:</b> {' '.join(context.args)}", parse_mode="HTML")

    app = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("hoi", hoi))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=10)
        api.push_command("/hoi@coopbot_test_bot câu hỏi")
        calls = await api.wait_for_calls("sendMessage", 1, timeout=5)
        await app.updater.stop()
        await app.stop()
    assert calls[0].result["text"] == "Hỏi: câu hỏi"
    polls = [c.params.get("offset") for c in api.calls if c.method == "getUpdates"]
    assert polls[-1] == 2  # update 1 confirmed by the final getUpdates offset


# --- The HTML parser, checked against TDLib's own test vectors ------------------------------


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
        ("🏟 🏟&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
        (
            "🏟 🏟&lt;<i    aba>",
            'Expected equal sign in declaration of an attribute of the tag "i" at byte offset 13',
        ),
        ("🏟 🏟&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
        ('🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;</", "Unexpected end tag at byte offset 13"),
        ("🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"),
        ("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
        (
            "🏟 🏟&lt;<i>a</em   >",
            'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"',
        ),
        (
            "&#xDFDF;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
        ('<tg-emoji emoji-id="x">y</tg-emoji>', "Invalid custom emoji identifier specified"),
    ],
)
def test_parse_html_errors_match_tdlib(html, error):
    with pytest.raises(HtmlParseError) as info:
        parse_html(html)
    assert str(info.value) == error


def test_parse_html_results_match_tdlib():
    assert parse_html("🏟 🏟<i>🏟 &lt🏟</i>") == (
        "🏟 🏟🏟 <🏟",
        [{"type": "italic", "offset": 5, "length": 6}],
    )
    assert parse_html("🏟 🏟&lt;<i>a</    >") == (
        "🏟 🏟<a",
        [{"type": "italic", "offset": 6, "length": 1}],
    )
    text, entities = parse_html('<pre><code class="language-python">x = 1</code></pre>')
    assert (text, entities) == (
        "x = 1",
        [{"type": "pre", "offset": 0, "length": 5, "language": "python"}],
    )
    text, entities = parse_html(
        '<blockquote expandable>q</blockquote><span class="tg-spoiler">s</span>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>&#128077;&#x41;'
    )
    assert text == "qs👍👍A"
    assert [e["type"] for e in entities] == ["expandable_blockquote", "spoiler", "custom_emoji"]
    assert parse_html("AT&T &laquo;", strict_entities=False) == ("AT&T &laquo;", [])
    with pytest.raises(HtmlParseError):
        parse_html("&laquo;")

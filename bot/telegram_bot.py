"""Telegram front end: routes updates to the engine and formats replies. No search logic here."""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import re
import sys
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultsButton,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot import charts, db, export, followup, gazetteer, history, ingest, subscriptions, usage
from bot import examples as examples_mod
from bot import telegram_views as views
from bot.answer import Answer
from bot.config import Config
from bot.engine import Engine, ReloadError
from bot.messages import province_notes
from bot.progress import Progress
from bot.progress import describe as progress_line
from bot.query import parse
from bot.records import select_records
from bot.search.results import ReloadReport
from bot.telegram_format import (
    PASSAGES_ASKED,
    RECORDS_SHOWN,
    esc,
    fit,
    has_more,
    render_answer,
    render_change,
    render_figures,
    render_sources,
)
from bot.telegram_state import FloodGate, LastAnswers, Pager, Replies, Verdict

log = logging.getLogger(__name__)

ADMIN_HELP = (
    "\n\n<b>Quản trị</b>: /reload nạp lại kho dữ liệu, /stats thống kê câu hỏi, "
    "gửi tệp .txt, .md, .html, .pdf hoặc .docx trong chat riêng để thêm hoặc thay tài liệu "
    "(bản cũ luôn được giữ), /them &lt;địa chỉ http(s)&gt; thêm một trang web hoặc tệp, "
    "/hoantac [tên tệp] khôi phục bản trước của lần thay đổi gần nhất."
)
NOT_ADMIN = "Xin lỗi, lệnh này chỉ dành cho quản trị viên."
NON_TEXT = (
    "Mình chỉ đọc được câu hỏi bằng chữ. Ví dụ: <i>Quảng Ninh mục tiêu 2023</i>. "
    "Gõ /help để xem hướng dẫn."
)
FLOOD = "Bạn hỏi hơi nhanh 🙏 Vui lòng đợi một chút rồi hỏi tiếp."
EXPIRED = "Câu hỏi này đã hết hạn, bạn vui lòng hỏi lại."
ERROR = "Xin lỗi, đã có lỗi khi xử lý tin nhắn. Bạn thử lại sau nhé."
GROUP_UPLOAD = "📄 Để thêm bài viết vào kho, vui lòng gửi tệp cho bot trong chat riêng."
GROUP_THEM = "📄 Để thêm tài liệu từ địa chỉ web, vui lòng gửi /them cho bot trong chat riêng."
THEM_USAGE = (
    "Cách dùng: /them &lt;địa chỉ&gt;, ví dụ <i>/them https://example.gov.vn/ke-hoach.pdf</i> "
    "(trang web, .pdf, .docx hoặc .txt)"
)
RELOADING = "⏳ Đang nạp lại kho dữ liệu…"
EXAMPLE_COMPARISON = "so sánh thành lập mới HTX Quảng Ninh và Hòa Bình"
NO_ANSWER_TO_EXPORT = (
    "Chưa có câu trả lời nào để xuất. Bạn hãy hỏi trước, ví dụ <i>Quảng Ninh mục tiêu 2023</i>, "
    "rồi gõ /xuat (tệp Excel) hoặc /xuat csv."
)
NO_RECORDS_TO_EXPORT = (
    "Câu trả lời gần nhất không có số liệu nào để xuất. Bạn thử hỏi số liệu của một tỉnh, "
    "ví dụ <i>Quảng Ninh mục tiêu 2023</i>, rồi gõ /xuat."
)
XUAT_USAGE = "Cách dùng: /xuat (tệp Excel .xlsx) hoặc <i>/xuat csv</i>"
NO_ANSWER_TO_CHART = (
    f"Chưa có câu trả lời nào để vẽ biểu đồ. Bạn hãy hỏi trước, ví dụ <i>{EXAMPLE_COMPARISON}"
    "</i>, rồi gõ /bieudo."
)
NO_SERIES = (
    "Câu trả lời gần nhất không có số liệu của một chỉ tiêu ở nhiều tỉnh hoặc nhiều năm để vẽ "
    f"biểu đồ. Bạn thử hỏi, ví dụ <i>{EXAMPLE_COMPARISON}</i>."
)
SAFE_NAME = re.compile(r"[^\w.-]+", re.UNICODE)
MORE_DATA = re.compile(r"more:(\d{1,19}):([0-9a-f]{8}):([1-9]\d?)")
CHART_DATA = re.compile(r"chart:(\d{1,19}):([0-9a-f]{8})")
VIEW_DATA = re.compile(r"(figs|src):(\d{1,19}):([0-9a-f]{8})")  # "Số liệu", "Nguồn"
FEEDBACK_DATA = re.compile(r"fb:(\d{1,19}):([0-9a-f]{8}):([ud])")
HOI_COMMAND = re.compile(r"/hoi(?:@(\w+))?(?:\s+|$)", re.IGNORECASE)
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


@dataclass(frozen=True)
class Asked:
    """What a message asked: the full question, the follow-up it completed, its log id."""

    question: str
    followup: followup.FollowUp | None
    log_id: int | None


def file_url_for(api_base_url: str) -> str:
    """Telegram serves files from /file/bot<token>/… beside /bot<token>/…"""
    if api_base_url.endswith("/bot"):
        return api_base_url[: -len("bot")] + "file/bot"
    return api_base_url.rstrip("/") + "/file/bot"


def safe_file_name(name: str | None) -> str | None:
    """A plain corpus `.txt` file name (as /hoantac takes it), or None if unusable."""
    if not name:
        return None
    name = unicodedata.normalize("NFC", name).replace("\\", "/").split("/")[-1]
    stem, dot, ext = name.rpartition(".")
    if not dot or ext.lower() != "txt":
        return None
    stem = SAFE_NAME.sub("_", stem).strip("._")[:80]
    return f"{stem}.txt" if stem else None


class TokenFilter(logging.Filter):
    """Redacts the bot token from every log record (URLs in library logs carry it)."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        if self.token in record.getMessage():
            record.msg = record.getMessage().replace(self.token, "<token>")
            record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<token>")
        return True


def protect_logs(token: str) -> None:
    """Redact the token in every record the root handlers emit; quiet httpx's per-request URLs."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenFilter) and f.token == token for f in handler.filters):
            handler.addFilter(TokenFilter(token))
    logging.getLogger("httpx").setLevel(logging.WARNING)


class CoopBot:
    """Handlers and the little state they share: per-user pages and flood windows, the lock
    that serialises corpus changes and reloads."""

    def __init__(self, engine: Engine, config: Config):
        self.engine = engine
        self.config = config
        self.pager = Pager()
        self.votes = Pager()  # 👍/👎 buttons: the logged question's id, per user who asked
        self.last = LastAnswers()
        self.replies = Replies()  # question message → the bot's reply, for edited questions
        self.flood = FloodGate(config.flood_limit_per_minute)
        # Clients send an inline query per pause in typing: a wider window of its own.
        self.inline_flood = FloodGate(config.flood_limit_per_minute * 3)
        self.reload_lock = asyncio.Lock()
        self.app: Application | None = None
        self._examples: tuple[int, examples_mod.Examples] | None = None

    # --- routing helpers -------------------------------------------------------------------

    def is_admin(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.config.admin_ids

    async def admit(self, update: Update) -> bool:
        """The per-user flood limit, shared by every command, question and button: over it,
        one polite warning (a message, or the button's alert), then silence."""
        user = update.effective_user
        if user is None:
            return True
        verdict = self.flood.hit(user.id)
        if verdict is Verdict.WARN:
            if update.callback_query is not None:
                await update.callback_query.answer(FLOOD, show_alert=True)
            elif update.effective_message is not None:
                await update.effective_message.reply_text(FLOOD)
        return verdict is Verdict.OK

    def limited(self, handler: Handler) -> Handler:
        """`handler`, run only for updates within the sender's flood limit."""

        @functools.wraps(handler)
        async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            if await self.admit(update):
                await handler(update, context)

        return guarded

    def addressed_text(self, message: Message, bot_username: str, bot_id: int) -> str | None:
        """The question in a message, or None when a group message is not for the bot: in a
        group the bot must be mentioned (a mention entity naming exactly its username, any
        case, or a text mention of it), or the message must reply to one of the bot's.
        A photo's or document's caption is read the same way."""
        text = message.text if message.text is not None else message.caption or ""
        if message.chat.type == ChatType.PRIVATE:
            return text
        wanted = f"@{bot_username}".casefold()
        kinds = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
        found = (
            message.parse_entities(kinds)
            if message.text is not None
            else message.parse_caption_entities(kinds)
        )
        mentions = [
            entity
            for entity, said in found.items()
            if (entity.type == MessageEntity.MENTION and said.casefold() == wanted)
            or (
                entity.type == MessageEntity.TEXT_MENTION
                and entity.user is not None
                and entity.user.id == bot_id
            )
        ]
        if mentions:
            return _cut(text, mentions)
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
            return text
        return None

    # --- questions ---------------------------------------------------------------------------

    async def ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
        """Answer a question (a text, /hoi, a caption, an edited question); a follow-up is
        first completed from the user's previous question in that chat."""
        message = update.effective_message
        user = update.effective_user
        if message is None:
            return
        question = question.strip()
        if not question:
            text = await self.help_text(update, context)
            await message.reply_text(text, parse_mode=ParseMode.HTML)
            return
        try:
            await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
        except TelegramError:
            pass  # only a courtesy
        who = {"user_id": user.id if user else None, "chat_id": message.chat_id}
        # Logged before the reply goes out, so /stats right after an answer already counts it.
        answer, chartable, asked = await asyncio.to_thread(self._answer_and_log, question, who)
        question = asked.question
        markup = None
        if user is not None:
            self.last.keep(user.id, message.chat_id, question, answer.records)
            if answer.answered:
                key = self.pager.keep(user.id, answer)
                markup = _answer_buttons(user.id, key, answer, chartable)
        if answer.answered:  # the unanswered ones are in /stats already
            markup = self._with_feedback(markup, user.id if user else None, asked.log_id)
        text = views.with_understood(asked.followup, render_answer(answer, 0))
        await self._deliver(update, text, markup)

    def _answer_and_log(
        self, question: str, who: dict[str, int | None]
    ) -> tuple[Answer, bool, Asked]:
        """The answer, whether its figures make a chart, and what was asked (a follow-up is
        completed from the context, and the question becomes the new context)."""
        user_id, chat_id = who["user_id"], who["chat_id"]
        resolved = (
            followup.understand(self.engine.db, user_id, chat_id, question)
            if user_id is not None and chat_id is not None
            else followup.Resolved(question)
        )
        answer = self.engine.ask(resolved.question, PASSAGES_ASKED)
        log_id = self.engine.log_question(resolved.question, answer, source="telegram", **who)
        chartable = charts.pick_series(answer.records, RECORDS_SHOWN) is not None
        return answer, chartable, Asked(resolved.question, resolved.followup, log_id)

    def _with_feedback(
        self, markup: InlineKeyboardMarkup | None, owner: int | None, log_id: int | None
    ) -> InlineKeyboardMarkup | None:
        """`markup` with a 👍/👎 row for the logged question (≤ 33 bytes of callback data)."""
        if owner is None or log_id is None:
            return markup
        key = self.votes.keep(owner, log_id)
        row = [
            InlineKeyboardButton("👍", callback_data=f"fb:{owner}:{key}:u"),
            InlineKeyboardButton("👎", callback_data=f"fb:{owner}:{key}:d"),
        ]
        rows = list(markup.inline_keyboard) if markup is not None else []
        return InlineKeyboardMarkup([*rows, row])

    async def _deliver(
        self, update: Update, text: str, markup: InlineKeyboardMarkup | None
    ) -> None:
        """Reply to the question; an edited question's earlier reply is edited instead (sent
        anew when that fails, e.g. the reply was deleted)."""
        message = update.effective_message
        assert message is not None
        earlier = self.replies.get(message.chat_id, message.message_id)
        if update.edited_message is not None and earlier is not None:
            try:
                await message.get_bot().edit_message_text(
                    text,
                    chat_id=message.chat_id,
                    message_id=earlier,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                )
                return
            except BadRequest as exc:
                if "not modified" in str(exc).lower():
                    return
                log.info("could not edit the earlier reply, sending anew: %s", exc)
        sent = await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
        self.replies.keep(message.chat_id, message.message_id, sent.message_id)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        me = context.bot
        question = self.addressed_text(message, me.username, me.id)
        if question is not None and await self.admit(update):
            await self.ask(update, context, question)

    async def on_edit(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An edited question (a text, /hoi, a caption) is answered again, in the reply it
        got (see _deliver). An admin's uploaded document is not a question."""
        message = update.edited_message
        if message is None:
            return
        me = context.bot
        if message.document is not None and self.is_admin(update):
            return
        text = message.text or ""
        command = HOI_COMMAND.match(text)
        question: str | None
        if text.startswith("/"):
            if command is None or (command[1] and command[1].casefold() != me.username.casefold()):
                return  # an edited command other than /hoi is not run again
            question = text[command.end() :]
        else:
            question = self.addressed_text(message, me.username, me.id)
        if question is not None and await self.admit(update):
            await self.ask(update, context, question)

    async def on_non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo (or another message without text): its caption is a question like a text;
        without one, a hint in a private chat and silence in a group."""
        message = update.effective_message
        if message is not None and message.caption:
            me = context.bot
            question = self.addressed_text(message, me.username, me.id)
            if question is not None and await self.admit(update):
                await self.ask(update, context, question)
            return
        chat = update.effective_chat
        if (
            update.effective_message is not None
            and chat is not None
            and chat.type == ChatType.PRIVATE
            and await self.admit(update)
        ):
            await update.effective_message.reply_text(NON_TEXT, parse_mode=ParseMode.HTML)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A "Xem thêm" press. Anything but a page this bot still holds for that answer
        (forged, stale, evicted, past the last page, not ours) gets the short expired alert."""
        query = update.callback_query
        if query is None:
            return
        chart = CHART_DATA.fullmatch(query.data) if isinstance(query.data, str) else None
        if chart is not None:
            await self.on_chart_button(update, context, int(chart[1]), chart[2])
            return
        view = VIEW_DATA.fullmatch(query.data) if isinstance(query.data, str) else None
        kept = self.pager.get(int(view[2]), view[3]) if view else None
        if view is not None and kept is not None and query.message is not None:
            if view[1] == "figs" and not kept.records:
                await query.answer(EXPIRED, show_alert=True)
                return
            await query.answer()
            render = render_figures if view[1] == "figs" else render_sources
            await context.bot.send_message(
                query.message.chat.id, render(kept), parse_mode=ParseMode.HTML
            )
            return
        match = MORE_DATA.fullmatch(query.data) if isinstance(query.data, str) else None
        answer = self.pager.get(int(match[1]), match[2]) if match else None
        page = int(match[3]) if match else 0
        if match is None or answer is None or not has_more(answer, page - 1):
            await query.answer(EXPIRED, show_alert=True)
            return
        await query.answer()
        if query.message is not None:
            following = _more_button(int(match[1]), match[2], page + 1)
            await context.bot.send_message(
                query.message.chat.id,
                render_answer(answer, page),
                parse_mode=ParseMode.HTML,
                reply_markup=following if has_more(answer, page) else None,
            )

    async def on_chart_button(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, owner: int, key: str
    ) -> None:
        """A "📈 Biểu đồ" press: the chart of an answer this bot still holds, else the alert."""
        query = update.callback_query
        assert query is not None
        answer = self.pager.get(owner, key)
        series = charts.pick_series(answer.records, RECORDS_SHOWN) if answer else None
        if series is None or query.message is None:
            await query.answer(EXPIRED, show_alert=True)
            return
        await query.answer()
        await self.send_chart(context, query.message.chat.id, series)

    async def on_feedback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A 👍/👎 press: stored with the question (one vote per person and answer, a new press
        replaces it); a forged or expired button gets the short alert."""
        query = update.callback_query
        if query is None:
            return
        match = FEEDBACK_DATA.fullmatch(query.data) if isinstance(query.data, str) else None
        question_id = self.votes.get(int(match[1]), match[2]) if match else None
        if match is None or question_id is None or query.from_user is None:
            await query.answer(EXPIRED, show_alert=True)
            return
        up = match[3] == "u"
        try:
            await asyncio.to_thread(
                usage.vote, self.engine.db, question_id, query.from_user.id, 1 if up else -1
            )
        except Exception:  # noqa: BLE001 - the database must not break the button
            log.exception("could not store feedback")
            await query.answer(views.FEEDBACK_FAILED, show_alert=True)
            return
        await query.answer(views.FEEDBACK_UP if up else views.FEEDBACK_DOWN)

    async def on_inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`@bot câu hỏi` in any chat: the top figures and passages as articles to send, each
        with its citation; an empty query gets a hint; over the flood limit, nothing."""
        inline = update.inline_query
        if inline is None:
            return
        if self.inline_flood.hit(inline.from_user.id) is not Verdict.OK:
            button = InlineQueryResultsButton(views.INLINE_FLOOD, start_parameter="help")
            await inline.answer([], cache_time=0, is_personal=True, button=button)
            return
        question = " ".join(inline.query.split())
        if len(question) < 2:
            hint = views.inline_hint(await self.examples(), context.bot.username)
            await inline.answer([hint], cache_time=300)
            return
        answer = await asyncio.to_thread(self.engine.ask, question, views.INLINE_RESULTS)
        results = views.inline_results(answer)
        if not results:
            button = InlineQueryResultsButton(views.INLINE_NOT_FOUND, start_parameter="help")
            await inline.answer([], cache_time=60, button=button)
            return
        await inline.answer(results, cache_time=60)

    # --- figures as files and charts ---------------------------------------------------------

    def _sources(self, records: tuple | list) -> dict[str, tuple[str, str]]:
        index = self.engine.snapshot.index
        return export.index_sources(index.articles, (r.article for r in records))

    async def send_chart(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: int,
        series: charts.Series,
        reply_to: int | None = None,
    ) -> None:
        await _courtesy(context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO))
        png = await asyncio.to_thread(charts.render_png, series)
        caption = export.caption(
            charts.chart_head(series), series.records, self._sources(series.records)
        )
        await context.bot.send_photo(
            chat_id,
            png,
            caption=caption,
            filename=f"{export.file_stem(list(series.records), 'bieu_do')}.png",
            reply_to_message_id=reply_to,
        )

    async def bieudo(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/bieudo: a chart of the last answer's figures of one indicator."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        last = self.last.get(user.id, message.chat_id)
        if last is None:
            await message.reply_text(NO_ANSWER_TO_CHART, parse_mode=ParseMode.HTML)
            return
        series = charts.pick_series(last[1], RECORDS_SHOWN)
        if series is None:
            await message.reply_text(NO_SERIES, parse_mode=ParseMode.HTML)
            return
        await self.send_chart(context, message.chat_id, series, reply_to=message.message_id)

    async def xuat(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/xuat [csv]: the records behind the last answer as an .xlsx (or .csv) file."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        args = [a.lower() for a in context.args or []]
        if len(args) > 1 or (args and args[0] not in ("csv", "xlsx", "excel")):
            await message.reply_text(XUAT_USAGE, parse_mode=ParseMode.HTML)
            return
        fmt = "csv" if args == ["csv"] else "xlsx"
        last = self.last.get(user.id, message.chat_id)
        if last is None or not last[1]:
            text = NO_ANSWER_TO_EXPORT if last is None else NO_RECORDS_TO_EXPORT
            await message.reply_text(text, parse_mode=ParseMode.HTML)
            return
        question, records = last
        await _courtesy(context.bot.send_chat_action(message.chat_id, ChatAction.UPLOAD_DOCUMENT))
        sources = self._sources(records)
        writer = export.to_csv if fmt == "csv" else export.to_xlsx
        data = await asyncio.to_thread(writer, records, sources)
        head = f"📊 Số liệu của câu trả lời cho «{question[:200]}»"
        await message.reply_document(
            data,
            filename=f"{export.file_stem(records)}.{fmt}",
            caption=export.caption(head, records, sources),
        )

    # --- commands ----------------------------------------------------------------------------

    async def examples(self) -> examples_mod.Examples:
        """Example questions for the corpus being served, built once per generation."""
        generation = self.engine.snapshot.generation
        if self._examples is None or self._examples[0] != generation:
            built = await asyncio.to_thread(examples_mod.build, self.engine)
            self._examples = (generation, built)
        return self._examples[1]

    async def help_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
        examples = await self.examples()
        return views.help_text(examples, context.bot.username, self.is_admin(update), ADMIN_HELP)

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None:
            text = await self.help_text(update, context)
            await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)

    async def theodoi(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/theodoi <tỉnh>: be told of new documents about a province (a merged unit covers
        its old parts); /theodoi alone lists what the user follows."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        said = " ".join(context.args or []).strip()
        if not said:
            units = await asyncio.to_thread(subscriptions.followed, self.engine.db, user.id)
            await message.reply_text(views.followed_list(units), parse_mode=ParseMode.HTML)
            return
        units = gazetteer.resolve_query(said)
        if not units:
            await message.reply_text(views.unknown_province(said), parse_mode=ParseMode.HTML)
            return
        articles = self.engine.snapshot.index.article_list
        results = []
        for pq in units:
            outcome = await asyncio.to_thread(
                subscriptions.follow, self.engine.db, user.id, pq.said
            )
            documents = sum(1 for a in articles if a.province in pq.provinces)
            results.append((pq, outcome, documents))
        private = message.chat.type == ChatType.PRIVATE
        await message.reply_text(views.follow_reply(results, private), parse_mode=ParseMode.HTML)

    async def botheodoi(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/botheodoi <tỉnh>: stop following it."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        said = " ".join(context.args or []).strip()
        units = gazetteer.resolve_query(said) if said else []
        if not units:
            followed = await asyncio.to_thread(subscriptions.followed, self.engine.db, user.id)
            text = (views.unknown_province(said) + "\n\n" if said else "") + (
                views.followed_list(followed) if followed else views.UNFOLLOW_USAGE
            )
            await message.reply_text(text, parse_mode=ParseMode.HTML)
            return
        results = []
        for pq in units:
            stopped = await asyncio.to_thread(
                subscriptions.unfollow, self.engine.db, user.id, pq.said
            )
            results.append((pq.said, stopped))
        await message.reply_text(views.unfollow_reply(results), parse_mode=ParseMode.HTML)

    async def _notify(self, bot, changes: list) -> None:
        """Tell the followers of a province about documents a reload added or replaced."""
        try:
            by_user = await asyncio.to_thread(subscriptions.notices, self.engine.db, changes)
        except Exception:  # noqa: BLE001 - notifications must not break a reload
            log.exception("could not find the followers to notify")
            return
        for user_id, notices in by_user.items():
            try:
                await bot.send_message(
                    user_id, views.notice_text(notices), parse_mode=ParseMode.HTML
                )
            except TelegramError as exc:  # blocked, never started the bot…
                log.info("could not notify user %s: %s", user_id, exc)

    async def hoi(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        question = " ".join(context.args or [])
        if not question and update.effective_message is not None:
            await update.effective_message.reply_text(
                "Cách dùng: /hoi &lt;câu hỏi&gt;, ví dụ <i>/hoi Nghị định 193</i>",
                parse_mode=ParseMode.HTML,
            )
            return
        await self.ask(update, context, question)

    async def muctieu(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        args = list(context.args or [])
        year = int(args.pop()) if args and re.fullmatch(r"(19|20)\d\d", args[-1]) else None
        said = gazetteer.resolve_query(" ".join(args)) if args else []
        if not said:
            await message.reply_text(
                "Cách dùng: /muctieu &lt;tỉnh&gt; [năm], ví dụ <i>/muctieu Quảng Ninh 2023</i>",
                parse_mode=ParseMode.HTML,
            )
            return
        index = self.engine.snapshot.index
        provinces = [p for pq in said for p in pq.provinces]
        years = [year] if year else []
        records = select_records(
            index.province_records(provinces, years), years, parse(" ".join(args))
        )
        if update.effective_user is not None:
            asked = "/muctieu " + " ".join(context.args or [])
            self.last.keep(update.effective_user.id, message.chat_id, asked, records)
        names = ", ".join(pq.said for pq in said) + (f" năm {year}" if year else "")
        lines = [f"📊 <b>Số liệu {esc(names)}</b>"]
        lines += [f"ℹ️ {esc(n)}" for n in province_notes(said, {r.province for r in records})]
        if not records:
            lines.append("Chưa có số liệu phù hợp trong kho dữ liệu.")
        sources = export.index_sources(index.articles, (r.article for r in records))
        for r in records:
            title, number = sources.get(r.article, ("", ""))
            document = number or title  # the document's name, never the file's id
            where = ", ".join(x for x in (r.province, document, f"đoạn {r.paragraph}") if x)
            lines.append(f"• {esc(r.summary())} <i>({esc(where)})</i>")
        await message.reply_text(fit("\n".join(lines)), parse_mode=ParseMode.HTML)

    async def nguon(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is None:
            return
        articles = sorted(self.engine.snapshot.index.article_list, key=lambda a: a.id)
        lines = [f"📚 <b>Kho dữ liệu: {len(articles)} bài viết</b>"]
        for a in articles:
            when = a.date.strftime("%d/%m/%Y") if a.date else "không rõ ngày"
            name = " ".join(x for x in (a.doc_type, a.doc_number) if x)
            what = f"{esc(name)}: {esc(a.title)}" if name else esc(a.title)
            lines.append(f"• {what} — {esc(a.province or 'không rõ tỉnh')}, {when}")
        await update.effective_message.reply_text(fit("\n".join(lines)), parse_mode=ParseMode.HTML)

    # --- admin ------------------------------------------------------------------------------

    async def _refuse(self, update: Update) -> None:
        if update.effective_message is not None:
            await update.effective_message.reply_text(NOT_ADMIN)

    async def _show(self, status: Message, text: str) -> None:
        """Edit the status message to `text` (a progress step); failures only logged."""
        try:
            await status.edit_text(text, parse_mode=ParseMode.HTML)
        except TelegramError as exc:
            log.warning("could not edit the status message: %s", exc)

    async def _finish(self, status: Message, text: str) -> None:
        """Edit the status message into the final report; sent anew if it cannot be edited."""
        try:
            await status.edit_text(text, parse_mode=ParseMode.HTML)
        except TelegramError as exc:
            log.warning("could not edit the status message, sending the report: %s", exc)
            await status.get_bot().send_message(status.chat_id, text, parse_mode=ParseMode.HTML)

    async def _reload(self, status: Message, head: str = "") -> ReloadReport | None:
        """Reload (the caller holds reload_lock), editing `status` with the progress at most
        once every progress_interval seconds; a failure is told in it."""
        latest: list[Progress | None] = [None]
        before = self.engine.snapshot.index

        def note(progress: Progress) -> None:  # in the reload's thread: keep it cheap
            latest[0] = progress

        work = asyncio.ensure_future(asyncio.to_thread(self.engine.reload, progress=note))
        interval = max(self.config.progress_interval, 0.05)
        shown = ""
        while not (await asyncio.wait({work}, timeout=interval))[0]:
            if latest[0] is not None:
                text = f"{head}⏳ {esc(progress_line(latest[0]))}"
                if text != shown:
                    shown = text
                    await self._show(status, text)
        try:
            report = work.result()
        except ReloadError as exc:
            await self._finish(status, fit(f"{head}❌ {esc(str(exc))}"))
            return None
        changes = subscriptions.changed(before, self.engine.snapshot.index)
        if changes:  # followers are told in the background, after the admin's report
            notify = self._notify(status.get_bot(), changes)
            if self.app is not None:
                self.app.create_task(notify)
            else:
                asyncio.ensure_future(notify)
        return report

    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if not self.is_admin(update):
            await self._refuse(update)
            return
        if message is not None:
            status = await message.reply_text(RELOADING)
            async with self.reload_lock:
                report = await self._reload(status)
            if report is not None:
                await self._finish(status, format_report(report))

    async def stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self.is_admin(update):
            await self._refuse(update)
            return
        covered = {a.province for a in self.engine.snapshot.index.article_list if a.province}
        report = await asyncio.to_thread(usage.report, self.engine.db, covered)
        if update.effective_message is not None:
            await update.effective_message.reply_text(
                views.stats_text(report), parse_mode=ParseMode.HTML
            )

    async def _reload_after(
        self, status: Message, change: history.Change, understood: Callable[[int | None], str]
    ) -> None:
        """After a corpus change (the caller holds reload_lock): reload with progress in
        `status`, then tell what changed (passages, figures, title, province before → after)
        and `understood(figures)`, a line about the new document."""
        article = Path(change.file).stem
        before = await asyncio.to_thread(db.article_summary, self.engine.db, article)
        head = render_change(change, before, None, reloaded=False) + "\n"
        await self._show(status, head + RELOADING)
        report = await self._reload(status, head)
        if report is None:
            return
        after = await asyncio.to_thread(db.article_summary, self.engine.db, article)
        lines = [render_change(change, before, after)]
        if line := understood(after.records if after else None):
            lines.append(line)
        lines.append(format_report(report))
        await self._finish(status, fit("\n".join(lines)))

    async def _store(self, status: Message, store: Callable[[], ingest.Stored]) -> None:
        """Add or replace one document (bot.ingest.store keeps what it replaces), reload,
        and end `status` with what was understood and what changed."""
        async with self.reload_lock:
            try:
                stored = await asyncio.to_thread(store)
            except (OSError, ValueError) as exc:
                log.warning("corpus change failed: %s", exc)
                text = f"❌ Không thay đổi được kho dữ liệu: {esc(str(exc))}"
                await self._finish(status, fit(text))
                return
            added, change = stored.added, stored.change
            if change is None:  # unreadable or already there: nothing changed
                await self._finish(status, fit(esc(ingest.describe(added))))
                return

            def understood(figures: int | None) -> str:
                replaced = change.action == "replace"
                return "📄 " + esc(ingest.describe(added, figures, replaced=replaced))

            await self._reload_after(status, change, understood)

    async def _change_corpus(
        self, message: Message, change: Callable[[], history.Change | None], nothing: str
    ) -> None:
        """Apply a corpus change (which keeps what it replaces in corpus/.history), reload,
        and tell the admin what changed in one status message."""
        async with self.reload_lock:
            try:
                done = await asyncio.to_thread(change)
            except (OSError, history.HistoryError) as exc:
                log.warning("corpus change failed: %s", exc)
                text = f"❌ Không thay đổi được kho dữ liệu: {esc(str(exc))}"
                await message.reply_text(fit(text), parse_mode=ParseMode.HTML)
                return
            if done is None:
                await message.reply_text(nothing, parse_mode=ParseMode.HTML)
                return
            status = await message.reply_text(RELOADING)
            await self._reload_after(status, done, lambda _figures: "")

    async def on_document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.document is None:
            return
        doc = message.document
        name = ingest.clean_name(doc.file_name) or "tai_lieu"
        content_type = ingest.sent_type(name, doc.mime_type)
        problem = ingest.unsupported(name, content_type)
        if message.chat.type != ChatType.PRIVATE:
            # Never ingested from a group: a caption for the bot is a question; otherwise only
            # an admin's readable file gets a (public) pointer.
            me = context.bot
            asked = self.addressed_text(message, me.username, me.id) if message.caption else None
            if asked is not None:
                if await self.admit(update):
                    await self.ask(update, context, asked)
            elif self.is_admin(update) and problem is None and await self.admit(update):
                await message.reply_text(GROUP_UPLOAD)
            return
        if not await self.admit(update):
            return
        if not self.is_admin(update):
            if message.caption and message.caption.strip():  # a question about a document
                await self.ask(update, context, message.caption)
            else:
                await self._refuse(update)
            return
        if problem is not None:
            await message.reply_text(
                f"Không thêm {esc(name)}: {esc(problem)}.", parse_mode=ParseMode.HTML
            )
            return
        if doc.file_size is not None and doc.file_size > self.config.max_upload_bytes:
            limit = self.config.max_upload_bytes // 1000
            await message.reply_text(f"Tệp quá lớn (tối đa {limit} KB), không thêm vào kho.")
            return
        status = await message.reply_text(f"⏳ Đang đọc {esc(name)}…", parse_mode=ParseMode.HTML)
        data = bytes(await (await doc.get_file()).download_as_bytearray())
        if len(data) > self.config.max_upload_bytes:
            await self._finish(status, "Tệp quá lớn, không thêm vào kho.")
            return
        user_id = update.effective_user.id if update.effective_user else None
        corpus = self.config.corpus_dir
        await self._store(
            status,
            functools.partial(ingest.store, data, name, corpus, user_id, None, content_type),
        )

    async def them(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/them <URL>: fetch a page or file (http/https, size cap, allowed types) and add it."""
        message = update.effective_message
        if not self.is_admin(update):
            await self._refuse(update)
            return
        if message is None:
            return
        if message.chat.type != ChatType.PRIVATE:
            await message.reply_text(GROUP_THEM)
            return
        args = context.args or []
        if len(args) != 1:
            await message.reply_text(THEM_USAGE, parse_mode=ParseMode.HTML)
            return
        url = args[0]
        status = await message.reply_text(f"⏳ Đang tải {esc(url)}…", parse_mode=ParseMode.HTML)
        try:
            data, name, ctype = await asyncio.to_thread(
                ingest.fetch, url, self.config.max_upload_bytes
            )
        except ingest.FetchError as exc:
            await self._finish(status, fit(f"❌ Không thêm {esc(url)}: {esc(str(exc))}."))
            return
        user_id = update.effective_user.id if update.effective_user else None
        corpus = self.config.corpus_dir
        await self._store(
            status, functools.partial(ingest.store, data, name, corpus, user_id, url, ctype)
        )

    async def hoantac(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/hoantac [tên tệp]: put back the version before the last add/replace (of that file)."""
        message = update.effective_message
        if not self.is_admin(update):
            await self._refuse(update)
            return
        if message is None:
            return
        said = " ".join(context.args or []).strip()
        name = safe_file_name(said if said.lower().endswith(".txt") else f"{said}.txt")
        if said and name is None:
            await message.reply_text(
                "Cách dùng: /hoantac [tên tệp], ví dụ <i>/hoantac 001_bai_viet.txt</i>",
                parse_mode=ParseMode.HTML,
            )
            return
        user_id = update.effective_user.id if update.effective_user else None
        await self._change_corpus(
            message,
            functools.partial(
                history.undo, self.config.corpus_dir, user_id, name if said else None
            ),
            f"Không còn thay đổi nào{f' của {esc(name)}' if said else ''} để hoàn tác.",
        )

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_message is not None:
            try:
                await update.effective_message.reply_text(ERROR)
            except TelegramError:
                pass


def _more_button(owner: int, key: str, page: int) -> InlineKeyboardMarkup:
    """The "Xem thêm" button: page `page` of answer `key` kept for user `owner` (≤ 42 bytes)."""
    data = f"more:{owner}:{key}:{page}"
    return InlineKeyboardMarkup([[InlineKeyboardButton("Xem thêm ▶", callback_data=data)]])


def _answer_buttons(owner: int, key: str, answer: Answer, chart: bool) -> InlineKeyboardMarkup:
    """Under an answer: "Xem thêm ▶" (page 1) and "📈 Biểu đồ" when there is one, then
    "📊 Số liệu" (every figure) and "📚 Nguồn" (full citations); ≤ 34 bytes of data each."""
    row = []
    if has_more(answer, 0):
        row.append(InlineKeyboardButton("Xem thêm ▶", callback_data=f"more:{owner}:{key}:1"))
    if chart:
        row.append(InlineKeyboardButton("📈 Biểu đồ", callback_data=f"chart:{owner}:{key}"))
    views = [InlineKeyboardButton("📚 Nguồn", callback_data=f"src:{owner}:{key}")]
    if answer.records:
        views.insert(0, InlineKeyboardButton("📊 Số liệu", callback_data=f"figs:{owner}:{key}"))
    return InlineKeyboardMarkup([row, views] if row else [views])


async def _courtesy(call: Awaitable[object]) -> None:
    """A chat action: nice to have, never worth failing a reply for."""
    try:
        await call
    except TelegramError:
        pass


def _cut(text: str, entities: list[MessageEntity]) -> str:
    """`text` without the spans of `entities` (offsets in UTF-16 code units, as Telegram's)."""
    units = text.encode("utf-16-le")
    for entity in sorted(entities, key=lambda e: e.offset, reverse=True):
        start, end = entity.offset * 2, (entity.offset + entity.length) * 2
        units = units[:start] + " ".encode("utf-16-le") + units[end:]
    return units.decode("utf-16-le", errors="replace").strip()


def format_report(report: ReloadReport) -> str:
    lines = [
        f"🔄 Đã nạp {report.articles} bài, {report.paragraphs} đoạn "
        f"(phân tách mới {report.segmented}, dùng lại {report.reused})."
    ]
    lines += [f"⚠️ Bỏ qua {esc(s.file)}: {esc(s.reason)}" for s in report.skipped]
    lines += [f"⚠️ {esc(w)}" for w in report.warnings]
    return fit("\n".join(lines))


COMMANDS = [
    ("start", "Giới thiệu"),
    ("help", "Hướng dẫn và ví dụ"),
    ("muctieu", "Số liệu mục tiêu/kết quả của một tỉnh"),
    ("xuat", "Tệp Excel/CSV số liệu của câu trả lời gần nhất"),
    ("bieudo", "Biểu đồ số liệu của câu trả lời gần nhất"),
    ("nguon", "Các bài viết trong kho dữ liệu"),
    ("hoi", "Đặt câu hỏi (trong nhóm)"),
    ("theodoi", "Nhận tin khi có tài liệu mới về một tỉnh"),
    ("botheodoi", "Dừng theo dõi một tỉnh"),
]


def build_application(config: Config, engine: Engine, token: str) -> tuple[Application, CoopBot]:
    """The python-telegram-bot Application with every handler registered."""
    handlers = CoopBot(engine, config)

    async def post_init(app: Application) -> None:
        try:
            await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
        except TelegramError as exc:
            log.warning("could not set the command list: %s", exc)

    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(config.api_base_url)
        .base_file_url(file_url_for(config.api_base_url))
        .rate_limiter(AIORateLimiter(max_retries=5))
        .concurrent_updates(True)
        .post_init(post_init)
        .build()
    )
    handlers.app = app
    new = filters.UpdateType.MESSAGE
    limited = handlers.limited  # one flood limit per user for every command and button
    for names, callback in (
        (["start", "help"], handlers.start),
        ("hoi", handlers.hoi),
        ("muctieu", handlers.muctieu),
        ("nguon", handlers.nguon),
        ("xuat", handlers.xuat),
        ("bieudo", handlers.bieudo),
        ("reload", handlers.reload),
        ("stats", handlers.stats),
        ("hoantac", handlers.hoantac),
        ("them", handlers.them),
        ("theodoi", handlers.theodoi),
        ("botheodoi", handlers.botheodoi),
    ):
        app.add_handler(CommandHandler(names, limited(callback), filters=new))
    # Messages are limited inside their handlers, once they are known to be for the bot.
    app.add_handler(MessageHandler(new & filters.Document.ALL, handlers.on_document))
    app.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND, handlers.on_text))
    app.add_handler(
        MessageHandler(
            new & ~filters.TEXT & ~filters.Document.ALL & ~filters.StatusUpdate.ALL,
            handlers.on_non_text,
        )
    )
    app.add_handler(
        MessageHandler(
            filters.UpdateType.EDITED_MESSAGE & (filters.TEXT | filters.CAPTION),
            handlers.on_edit,
        )
    )
    app.add_handler(CallbackQueryHandler(limited(handlers.on_feedback), pattern=r"^fb:"))
    app.add_handler(CallbackQueryHandler(limited(handlers.on_button)))  # any data, even forged
    app.add_handler(InlineQueryHandler(handlers.on_inline))  # its own, wider flood window
    app.add_error_handler(handlers.on_error)
    return app, handlers


def webhook_options(config: Config, listen: str = "0.0.0.0") -> dict:
    """Arguments for run_webhook/start_webhook: Telegram posts to <webhook_url>/telegram and
    must echo the secret token in a header, or the update is refused."""
    return {
        "listen": listen,
        "port": config.webhook_port,
        "url_path": "telegram",
        "webhook_url": config.webhook_url.rstrip("/") + "/telegram",
        "secret_token": config.webhook_secret or None,
        "allowed_updates": Update.ALL_TYPES,
    }


class _StartupErrors(logging.Filter):
    """Until the bot has started, python-telegram-bot's own error records are held back:
    a failed start (token rejected, API unreachable) is reported by serve() in one line,
    not in tracebacks that may carry the token."""

    def __init__(self) -> None:
        super().__init__()
        self.starting = True

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            self.starting and record.name.startswith("telegram") and record.levelno >= logging.ERROR
        )


def _start_failure(exc: BaseException, config: Config, started: bool) -> str:
    """Why the bot could not start (or stopped), in one line (the caller redacts the token)."""
    from telegram.error import InvalidToken, NetworkError

    if started:
        return f"bot dừng vì lỗi ({type(exc).__name__}: {exc})"
    base = config.api_base_url
    if isinstance(exc, InvalidToken):
        hint = "" if base.endswith("/bot") else f" ({base} phải kết thúc bằng /bot)"
        return (
            f"Telegram từ chối token; kiểm tra TELEGRAM_BOT_TOKEN và TELEGRAM_API_BASE_URL{hint}."
        )
    if isinstance(exc, NetworkError):  # TimedOut too
        return f"không kết nối được Bot API {base}: {exc}"
    return f"không khởi động được bot ({type(exc).__name__}: {exc})"


def serve(config: Config) -> int:
    """`coopbot serve`: polling by default, webhook when configured. Stops cleanly on SIGTERM.
    A start that fails (token rejected, API unreachable) is one redacted line and exit 1."""
    from bot.cli import SERVE_LOG_FORMAT, setup_logging

    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        print(
            "coopbot: TELEGRAM_BOT_TOKEN is not set; export the token from @BotFather.",
            file=sys.stderr,
        )
        return 1
    if config.mode == "webhook" and not config.webhook_url:
        print("coopbot: webhook mode needs COOPBOT_WEBHOOK_URL.", file=sys.stderr)
        return 1
    setup_logging(logging.INFO, SERVE_LOG_FORMAT)
    protect_logs(token)
    starting = _StartupErrors()
    for handler in logging.getLogger().handlers:
        handler.addFilter(starting)
    engine = Engine(config)
    engine.open()
    app, _ = build_application(config, engine, token)
    post_init = app.post_init

    async def started(application: Application) -> None:
        if post_init is not None:
            await post_init(application)
        starting.starting = False
        log.info(
            "serving %d articles (%s mode) as @%s",
            len(engine.snapshot.index.articles),
            config.mode,
            application.bot.username,
        )

    app.post_init = started
    try:
        if config.mode == "webhook":
            app.run_webhook(**webhook_options(config))
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback with the token
        message = _start_failure(exc, config, started=not starting.starting)
        for form in (token, quote(token, safe="")):
            message = message.replace(form, "<token>")
        print(f"coopbot: {message}", file=sys.stderr)
        return 1
    finally:
        engine.close()
    return 0

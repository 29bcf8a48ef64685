"""Telegram front end: routes updates to the engine and formats replies. No search logic here."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
import sys
import time
import unicodedata
from collections import OrderedDict, defaultdict, deque
from pathlib import Path
from urllib.parse import quote

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import db, gazetteer
from bot.answer import Answer, province_notes
from bot.config import Config
from bot.corpus import CorpusError, parse_article
from bot.engine import Engine, ReloadError
from bot.index import ReloadReport
from bot.records import select_records
from bot.telegram_format import PAGE_SIZE, esc, fit, has_more, render_answer

log = logging.getLogger(__name__)

HELP = (
    "🤝 <b>coopbot</b> trả lời câu hỏi về kinh tế tập thể, hợp tác xã (HTX), tổ hợp tác (THT) "
    "từ các bài viết chính sách và tin tức, luôn kèm nguồn trích dẫn.\n\n"
    "<b>Cứ gõ câu hỏi</b>, có dấu hay không dấu đều được, ví dụ:\n"
    "• Quảng Ninh mục tiêu 2023\n"
    "• quang ninh muc tieu 2023\n"
    "• hỗ trợ thành lập mới HTX\n"
    "• Nghị định 193\n"
    "• thai binh co bao nhieu htx\n\n"
    "<b>Lệnh</b>\n"
    "/muctieu &lt;tỉnh&gt; [năm] — số liệu mục tiêu và kết quả, ví dụ /muctieu Phú Thọ 2022\n"
    "/nguon — các bài viết trong kho dữ liệu\n"
    "/hoi &lt;câu hỏi&gt; — hỏi trong nhóm\n"
    "/help — hướng dẫn này\n\n"
    "Tỉnh đã sáp nhập từ 7/2025 vẫn tìm được: hỏi về Phú Thọ sẽ gồm cả số liệu của Hòa Bình."
)
ADMIN_HELP = (
    "\n\n<b>Quản trị</b>: /reload nạp lại kho dữ liệu, /stats thống kê câu hỏi, "
    "gửi tệp .txt để thêm bài viết."
)
NOT_ADMIN = "Xin lỗi, lệnh này chỉ dành cho quản trị viên."
NON_TEXT = (
    "Mình chỉ đọc được câu hỏi bằng chữ. Ví dụ: <i>Quảng Ninh mục tiêu 2023</i>. "
    "Gõ /help để xem hướng dẫn."
)
FLOOD = "Bạn hỏi hơi nhanh 🙏 Vui lòng đợi một chút rồi hỏi tiếp."
EXPIRED = "Câu hỏi này đã hết hạn, bạn vui lòng hỏi lại."
ERROR = "Xin lỗi, đã có lỗi khi xử lý tin nhắn. Bạn thử lại sau nhé."
SAFE_NAME = re.compile(r"[^\w.-]+", re.UNICODE)
MAX_PAGES_KEPT = 500


def file_url_for(api_base_url: str) -> str:
    """Telegram serves files from /file/bot<token>/… beside /bot<token>/…"""
    if api_base_url.endswith("/bot"):
        return api_base_url[: -len("bot")] + "file/bot"
    return api_base_url.rstrip("/") + "/file/bot"


def safe_file_name(name: str | None) -> str | None:
    """A plain file name inside corpus/ for an uploaded document, or None if unusable."""
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
    """Handlers and the little state they share: answer pages, flood windows, the reload lock."""

    def __init__(self, engine: Engine, config: Config):
        self.engine = engine
        self.config = config
        self.pages: OrderedDict[str, object] = OrderedDict()
        self.recent: dict[int, deque[float]] = defaultdict(deque)
        self.warned: dict[int, float] = {}
        self.reload_lock = asyncio.Lock()

    # --- routing helpers -------------------------------------------------------------------

    def is_admin(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.config.admin_ids

    def flooded(self, user_id: int) -> bool:
        now = time.monotonic()
        window = self.recent[user_id]
        while window and now - window[0] > 60:
            window.popleft()
        window.append(now)
        return len(window) > self.config.flood_limit_per_minute

    def addressed_text(self, message: Message, bot_username: str, bot_id: int) -> str | None:
        """The question in a message, or None when a group message is not for the bot."""
        text = message.text or ""
        if message.chat.type == ChatType.PRIVATE:
            return text
        mention = f"@{bot_username}".lower()
        replied = message.reply_to_message
        if mention in text.lower():
            return re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE).strip()
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
            return text
        return None

    # --- questions ---------------------------------------------------------------------------

    async def ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
        message = update.effective_message
        user = update.effective_user
        if message is None:
            return
        if user is not None and self.flooded(user.id):
            if time.monotonic() - self.warned.get(user.id, -1e9) > 60:
                self.warned[user.id] = time.monotonic()
                await message.reply_text(FLOOD)
            return
        question = question.strip()
        if not question:
            await message.reply_text(HELP, parse_mode=ParseMode.HTML)
            return
        try:
            await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
        except TelegramError:
            pass  # only a courtesy
        who = {"user_id": user.id if user else None, "chat_id": message.chat_id}
        # Logged before the reply goes out, so /stats right after an answer already counts it.
        answer = await asyncio.to_thread(self._answer_and_log, question, who)
        await message.reply_text(
            render_answer(answer, 0), parse_mode=ParseMode.HTML, reply_markup=self._more(answer, 0)
        )

    def _answer_and_log(self, question: str, who: dict[str, int | None]) -> Answer:
        answer = self.engine.ask(question, PAGE_SIZE * 5)
        self.engine.log_question(question, answer, source="telegram", **who)
        return answer

    def _more(self, answer, page: int) -> InlineKeyboardMarkup | None:
        if not has_more(answer, page):
            return None
        key = secrets.token_hex(4)
        self.pages[key] = answer
        while len(self.pages) > MAX_PAGES_KEPT:
            self.pages.popitem(last=False)
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton("Xem thêm ▶", callback_data=f"more:{key}:{page + 1}")]]
        )

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        me = context.bot
        question = self.addressed_text(message, me.username, me.id)
        if question is not None:
            await self.ask(update, context, question)

    async def on_non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if (
            update.effective_message is not None
            and chat is not None
            and chat.type == ChatType.PRIVATE
        ):
            await update.effective_message.reply_text(NON_TEXT, parse_mode=ParseMode.HTML)

    async def on_more(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        match = re.fullmatch(r"more:([0-9a-f]{8}):(\d{1,2})", query.data or "")
        answer = self.pages.get(match.group(1)) if match else None
        if answer is None or match is None:
            await query.answer(EXPIRED, show_alert=True)
            return
        await query.answer()
        page = int(match.group(2))
        if query.message is not None:
            await context.bot.send_message(
                query.message.chat.id,
                render_answer(answer, page),  # type: ignore[arg-type]
                parse_mode=ParseMode.HTML,
                reply_markup=self._more(answer, page),
            )

    # --- commands ----------------------------------------------------------------------------

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = HELP + (ADMIN_HELP if self.is_admin(update) else "")
        if update.effective_message is not None:
            await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)

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
        records = select_records(index.province_records(provinces, years), years, " ".join(args))
        names = ", ".join(pq.said for pq in said) + (f" năm {year}" if year else "")
        lines = [f"📊 <b>Số liệu {esc(names)}</b>"]
        lines += [f"ℹ️ {esc(n)}" for n in province_notes(said, {r.province for r in records})]
        if not records:
            lines.append("Chưa có số liệu phù hợp trong kho dữ liệu.")
        for r in records:
            where = f"{r.province or ''}, đoạn {r.paragraph}, {r.article}"
            lines.append(f"• {esc(r.summary())} <i>({esc(where)})</i>")
        await message.reply_text(fit("\n".join(lines)), parse_mode=ParseMode.HTML)

    async def nguon(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is None:
            return
        articles = sorted(self.engine.snapshot.index.article_list, key=lambda a: a.id)
        lines = [f"📚 <b>Kho dữ liệu: {len(articles)} bài viết</b>"]
        for a in articles:
            when = a.date.strftime("%d/%m/%Y") if a.date else "không rõ ngày"
            lines.append(
                f"• {esc(a.title)} — {esc(a.province or 'không rõ tỉnh')}, {when} [{esc(a.id)}]"
            )
        await update.effective_message.reply_text(fit("\n".join(lines)), parse_mode=ParseMode.HTML)

    # --- admin ------------------------------------------------------------------------------

    async def _refuse(self, update: Update) -> None:
        if update.effective_message is not None:
            await update.effective_message.reply_text(NOT_ADMIN)

    async def _reload_and_report(self, message: Message, prefix: str = "") -> bool:
        async with self.reload_lock:
            try:
                report = await asyncio.to_thread(self.engine.reload)
            except ReloadError as exc:
                await message.reply_text(f"{prefix}❌ {esc(str(exc))}", parse_mode=ParseMode.HTML)
                return False
        await message.reply_text(prefix + format_report(report), parse_mode=ParseMode.HTML)
        return True

    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self.is_admin(update):
            await self._refuse(update)
            return
        if update.effective_message is not None:
            await self._reload_and_report(update.effective_message)

    async def stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self.is_admin(update):
            await self._refuse(update)
            return
        total, missed, latest = await asyncio.to_thread(db.question_stats, self.engine.db)
        lines = [f"📈 <b>Thống kê</b>\nĐã hỏi: {total} câu\nChưa trả lời được: {missed} câu"]
        if latest:
            lines.append("Câu hỏi chưa trả lời gần đây:")
            lines.extend(f"• {esc(q[:200])}" for q in latest)
        if update.effective_message is not None:
            await update.effective_message.reply_text(
                fit("\n".join(lines)), parse_mode=ParseMode.HTML
            )

    async def on_document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.document is None:
            return
        if not self.is_admin(update):
            if message.chat.type == ChatType.PRIVATE:
                await self._refuse(update)
            return
        doc = message.document
        name = safe_file_name(doc.file_name)
        if name is None:
            await message.reply_text("Chỉ nhận tệp văn bản .txt (UTF-8).")
            return
        if doc.file_size is not None and doc.file_size > self.config.max_upload_bytes:
            limit = self.config.max_upload_bytes // 1000
            await message.reply_text(f"Tệp quá lớn (tối đa {limit} KB), không thêm vào kho.")
            return
        data = bytes(await (await doc.get_file()).download_as_bytearray())
        if len(data) > self.config.max_upload_bytes:
            await message.reply_text("Tệp quá lớn, không thêm vào kho.")
            return
        try:
            parse_article(Path(name).stem, data)
        except CorpusError as exc:
            await message.reply_text(
                f"Không thêm {esc(name)}: {esc(str(exc))}.", parse_mode=ParseMode.HTML
            )
            return
        target = write_upload(self.config.corpus_dir, name, data)
        await self._reload_and_report(message, prefix=f"✅ Đã lưu {esc(target.name)}.\n")

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_message is not None:
            try:
                await update.effective_message.reply_text(ERROR)
            except TelegramError:
                pass


def write_upload(corpus_dir: Path, name: str, data: bytes) -> Path:
    """Write atomically inside corpus_dir; never outside it, never a half-written article."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    target = (corpus_dir / name).resolve()
    if target.parent != corpus_dir.resolve():
        raise ValueError("upload name escapes the corpus folder")
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target


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
    ("nguon", "Các bài viết trong kho dữ liệu"),
    ("hoi", "Đặt câu hỏi (trong nhóm)"),
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
    new = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler(["start", "help"], handlers.start, filters=new))
    app.add_handler(CommandHandler("hoi", handlers.hoi, filters=new))
    app.add_handler(CommandHandler("muctieu", handlers.muctieu, filters=new))
    app.add_handler(CommandHandler("nguon", handlers.nguon, filters=new))
    app.add_handler(CommandHandler("reload", handlers.reload, filters=new))
    app.add_handler(CommandHandler("stats", handlers.stats, filters=new))
    app.add_handler(MessageHandler(new & filters.Document.ALL, handlers.on_document))
    app.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND, handlers.on_text))
    app.add_handler(
        MessageHandler(
            new & ~filters.TEXT & ~filters.Document.ALL & ~filters.StatusUpdate.ALL,
            handlers.on_non_text,
        )
    )
    app.add_handler(CallbackQueryHandler(handlers.on_more, pattern=r"^more:"))
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

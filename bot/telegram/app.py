"""The Telegram bot put together: every handler registered on one python-telegram-bot
Application (`build_application`), and `coopbot serve` (`serve`), polling or webhook."""

from __future__ import annotations

import logging
import os
import sys

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import Config
from bot.engine import Engine
from bot.telegram import buttons
from bot.telegram.admin import Admin
from bot.telegram.buttons import Buttons, Chart, More, View, Vote
from bot.telegram.commands import Commands
from bot.telegram.questions import Questions
from bot.telegram.safety import StartupErrors, protect_logs, redact

log = logging.getLogger(__name__)

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


class CoopBot(Questions, Buttons, Commands, Admin):
    """Every handler, sharing one state (see bot.telegram.routing.Routing)."""


def file_url_for(api_base_url: str) -> str:
    """Telegram serves files from /file/bot<token>/… beside /bot<token>/…"""
    if api_base_url.endswith("/bot"):
        return api_base_url[: -len("bot")] + "file/bot"
    return api_base_url.rstrip("/") + "/file/bot"


def build_application(
    config: Config, engine: Engine, token: str, request: BaseRequest | None = None
) -> tuple[Application, CoopBot]:
    """The python-telegram-bot Application with every handler registered; `request` replaces
    the HTTP client (tests answer the Bot API in-process, as python-telegram-bot's do)."""
    handlers = CoopBot(engine, config)

    async def post_init(app: Application) -> None:
        try:
            await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
        except TelegramError as exc:
            log.warning("could not set the command list: %s", exc)

    builder = ApplicationBuilder()
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = (
        builder.token(token)
        .base_url(config.api_base_url)
        .base_file_url(file_url_for(config.api_base_url))
        .rate_limiter(AIORateLimiter(max_retries=5))
        .concurrent_updates(True)
        .arbitrary_callback_data(buttons.CALLBACK_KEYBOARDS)
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
    for kind, callback in (
        (More, handlers.on_more),
        (View, handlers.on_view),
        (Chart, handlers.on_chart_button),
        (Vote, handlers.on_feedback),
    ):
        app.add_handler(CallbackQueryHandler(limited(callback), pattern=kind))
    # InvalidCallbackData (evicted, from before a restart, forged) and anything else.
    app.add_handler(CallbackQueryHandler(limited(handlers.on_expired)))
    app.add_handler(InlineQueryHandler(handlers.on_inline))  # its own, wider flood window
    app.add_handler(ChosenInlineResultHandler(handlers.on_chosen_inline))
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


def warn_if_stale(config: Config) -> None:
    """A persisted index that will be rebuilt before the bot answers: a WARNING, since the
    bot is silent meanwhile (a full build takes minutes at 100k paragraphs)."""
    from bot.search import store

    found = store.stale(config.index_dir)
    if found is not None:
        log.warning(
            "the index in %s is stale (format %s; changed: %s): rebuilding it before serving",
            config.index_dir,
            found.format,
            ", ".join(found.changed),
        )


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
    starting = StartupErrors()
    starting.install()
    warn_if_stale(config)
    from bot.messages import notice_message

    engine = Engine(config, notify=lambda notice: log.warning("%s", notice_message(notice)))
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
        print(f"coopbot: {redact(message, token)}", file=sys.stderr)
        return 1
    finally:
        engine.close()
    return 0

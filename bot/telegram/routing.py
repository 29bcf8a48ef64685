"""What every handler shares: the engine, the per-user state, the flood limit, who may use
admin commands, and whether a group message is addressed to the bot."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot import examples as examples_mod
from bot.config import Config
from bot.engine import Engine
from bot.telegram import views
from bot.telegram.state import FloodGate, LastAnswers, Replies, Verdict

if TYPE_CHECKING:
    from bot import charts

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


class Routing:
    """The state the handlers share: per-user last answers, replies and flood windows, the lock
    that serialises corpus changes and reloads, the example questions of the corpus served."""

    def __init__(self, engine: Engine, config: Config):
        self.engine = engine
        self.config = config
        self.last = LastAnswers()
        self.replies = Replies()  # question message → the bot's reply, for edited questions
        self.flood = FloodGate(config.flood_limit_per_minute)
        # Clients send an inline query per pause in typing: a wider window of its own.
        self.inline_flood = FloodGate(config.flood_limit_per_minute * 3)
        self.reload_lock = asyncio.Lock()
        self.app: Application | None = None
        self._examples: tuple[int, examples_mod.Examples] | None = None

    # Handlers of one group call these of another (CoopBot combines them all).
    async def ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
        raise NotImplementedError

    async def send_chart(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: int,
        series: charts.Series,
        reply_to: int | None = None,
    ) -> None:
        raise NotImplementedError

    def is_admin(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.config.admin_ids

    async def refuse(self, update: Update) -> None:
        if update.effective_message is not None:
            await update.effective_message.reply_text(views.NOT_ADMIN)

    async def admit(self, update: Update) -> bool:
        """The per-user flood limit, shared by every command, question and button: over it,
        one polite warning (a message, or the button's alert), then silence."""
        user = update.effective_user
        if user is None:
            return True
        verdict = self.flood.hit(user.id)
        if verdict is Verdict.WARN:
            if update.callback_query is not None:
                await update.callback_query.answer(views.FLOOD, show_alert=True)
            elif update.effective_message is not None:
                await update.effective_message.reply_text(views.FLOOD)
        return verdict is Verdict.OK

    def limited(self, handler: Handler) -> Handler:
        """`handler`, run only for updates within the sender's flood limit."""

        @functools.wraps(handler)
        async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            if await self.admit(update):
                await handler(update, context)

        return guarded

    async def examples(self) -> examples_mod.Examples:
        """Example questions for the corpus being served, built once per generation."""
        generation = self.engine.snapshot.generation
        if self._examples is None or self._examples[0] != generation:
            built = await asyncio.to_thread(examples_mod.build, self.engine)
            self._examples = (generation, built)
        return self._examples[1]


def admin_only(group_reply: str | None = None):
    """A handler (a method) run only for an admin with a message; others are told it is for
    admins. With `group_reply`, a group gets that pointer to the private chat instead."""

    def wrap(handler):
        @functools.wraps(handler)
        async def guarded(
            self: Routing, update: Update, context: ContextTypes.DEFAULT_TYPE
        ) -> None:
            message = update.effective_message
            if not self.is_admin(update):
                await self.refuse(update)
            elif message is None:
                return
            elif group_reply is not None and message.chat.type != ChatType.PRIVATE:
                await message.reply_text(group_reply)
            else:
                await handler(self, update, context)

        return guarded

    return wrap


def addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question in a message, or None when a group message is not for the bot: in a
    group the bot must be mentioned (a mention entity naming exactly its username, any case,
    or a text mention of it), or the message must reply to one of the bot's. A photo's or
    document's caption is read the same way."""
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


def _cut(text: str, entities: list[MessageEntity]) -> str:
    """`text` without the spans of `entities` (offsets in UTF-16 code units, as Telegram's)."""
    units = text.encode("utf-16-le")
    for entity in sorted(entities, key=lambda e: e.offset, reverse=True):
        start, end = entity.offset * 2, (entity.offset + entity.length) * 2
        units = units[:start] + " ".encode("utf-16-le") + units[end:]
    return units.decode("utf-16-le", errors="replace").strip()


async def courtesy(call: Awaitable[object]) -> None:
    """A chat action: nice to have, never worth failing a reply for."""
    try:
        await call
    except TelegramError:
        pass

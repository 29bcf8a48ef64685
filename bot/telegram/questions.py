"""Questions: texts, /hoi, captions, edited questions and inline queries are routed to the
engine (a follow-up completed from the user's previous question first) and answered."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, InlineQueryResultsButton, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot import charts, followup
from bot.answer import Answer
from bot.telegram import views
from bot.telegram.buttons import answer_buttons, with_feedback
from bot.telegram.render import PASSAGES_ASKED, RECORDS_SHOWN, render_answer
from bot.telegram.routing import Routing, addressed_text
from bot.telegram.state import Verdict

log = logging.getLogger(__name__)

HOI_COMMAND = re.compile(r"/hoi(?:@(\w+))?(?:\s+|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Asked:
    """What a message asked: the full question, the follow-up it completed, its log id."""

    question: str
    followup: followup.FollowUp | None
    log_id: int | None


class Questions(Routing):
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
                markup = answer_buttons(answer, chartable)
                if asked.log_id is not None:  # the unanswered ones are in /stats already
                    markup = with_feedback(markup, asked.log_id)
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
        question = addressed_text(message, context.bot.username, context.bot.id)
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
            question = addressed_text(message, me.username, me.id)
        if question is not None and await self.admit(update):
            await self.ask(update, context, question)

    async def on_non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo (or another message without text): its caption is a question like a text;
        without one, a hint in a private chat and silence in a group."""
        message = update.effective_message
        if message is None:
            return
        if message.caption:
            question = addressed_text(message, context.bot.username, context.bot.id)
            if question is not None and await self.admit(update):
                await self.ask(update, context, question)
        elif message.chat.type == ChatType.PRIVATE and await self.admit(update):
            await message.reply_text(views.NON_TEXT, parse_mode=ParseMode.HTML)

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

    async def on_chosen_inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An inline result the user sent: its question goes to /stats like a chat question.
        The keystrokes typed before it (each an inline query) do not, or /stats would list
        every prefix of every question. Telegram sends these only with inline feedback on
        (BotFather /setinlinefeedback)."""
        chosen = update.chosen_inline_result
        if chosen is None or len(chosen.query.split()) == 0:
            return
        question = " ".join(chosen.query.split())
        answer = await asyncio.to_thread(self.engine.ask, question, views.INLINE_RESULTS)
        await asyncio.to_thread(
            self.engine.log_question, question, answer, source="inline", user_id=chosen.from_user.id
        )

    async def help_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
        examples = await self.examples()
        admin = self.is_admin(update)
        return views.help_text(examples, context.bot.username, admin, views.ADMIN_HELP)

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None:
            text = await self.help_text(update, context)
            await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)

    async def hoi(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        question = " ".join(context.args or [])
        if not question and update.effective_message is not None:
            await update.effective_message.reply_text(views.HOI_USAGE, parse_mode=ParseMode.HTML)
            return
        await self.ask(update, context, question)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_message is not None:
            try:
                await update.effective_message.reply_text(views.ERROR)
            except TelegramError:
                pass

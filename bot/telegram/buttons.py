"""The buttons under an answer: "Xem thêm ▶" (further passages), "📈 Biểu đồ", "📊 Số liệu",
"📚 Nguồn" and 👍/👎. Their callback data are objects (python-telegram-bot's
arbitrary_callback_data): the answer itself, kept in the bot's CallbackDataCache. A press of
anything the cache no longer holds (evicted, from before a restart, forged) arrives as
InvalidCallbackData and gets the short "hết hạn" alert.

The cache is one LRU of CALLBACK_KEYBOARDS keyboards shared by every user. Each update the
bot handles sends at most one keyboard (an answer, a page, an edited answer), and every
question, command and button goes through the per-user flood limit (20 a minute by default),
so one user adds at most 20 keyboards a minute: pushing out another user's answer, however
old, takes them CALLBACK_KEYBOARDS / 20 = 500 minutes (over 8 hours) of pressing at the limit,
and any press of that answer's buttons makes it the most recent again. 10,000 answers is the
memory the per-user pages held before (1,000 users × 10 answers)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot import charts, usage
from bot.answer import Answer
from bot.telegram import views
from bot.telegram.render import (
    RECORDS_SHOWN,
    has_more,
    render_answer,
    render_figures,
    render_sources,
)
from bot.telegram.routing import Routing

log = logging.getLogger(__name__)

CALLBACK_KEYBOARDS = 10_000  # keyboards (one per answer or page sent) the cache holds


@dataclass(frozen=True, eq=False)
class More:
    """ "Xem thêm ▶": page `page` (≥ 1) of `answer`."""

    answer: Answer
    page: int


@dataclass(frozen=True, eq=False)
class View:
    """ "📊 Số liệu" (kind "figs": every figure) or "📚 Nguồn" (kind "src": full citations)."""

    answer: Answer
    kind: str


@dataclass(frozen=True, eq=False)
class Chart:
    """ "📈 Biểu đồ": the chart of the answer's figures."""

    answer: Answer


@dataclass(frozen=True)
class Vote:
    """👍 (up) or 👎 on the logged question `question_id`."""

    question_id: int
    up: bool


def more_button(answer: Answer, page: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("Xem thêm ▶", callback_data=More(answer, page))]]
    )


def answer_buttons(answer: Answer, chart: bool) -> InlineKeyboardMarkup:
    """Under an answer: "Xem thêm ▶" (page 1) and "📈 Biểu đồ" when there is one, then
    "📊 Số liệu" (when it has figures) and "📚 Nguồn"."""
    row = []
    if has_more(answer, 0):
        row.append(InlineKeyboardButton("Xem thêm ▶", callback_data=More(answer, 1)))
    if chart:
        row.append(InlineKeyboardButton("📈 Biểu đồ", callback_data=Chart(answer)))
    views_row = [InlineKeyboardButton("📚 Nguồn", callback_data=View(answer, "src"))]
    if answer.records:
        views_row.insert(0, InlineKeyboardButton("📊 Số liệu", callback_data=View(answer, "figs")))
    return InlineKeyboardMarkup([row, views_row] if row else [views_row])


def with_feedback(markup: InlineKeyboardMarkup | None, question_id: int) -> InlineKeyboardMarkup:
    """`markup` with a 👍/👎 row for the logged question."""
    row = [
        InlineKeyboardButton("👍", callback_data=Vote(question_id, True)),
        InlineKeyboardButton("👎", callback_data=Vote(question_id, False)),
    ]
    rows = list(markup.inline_keyboard) if markup is not None else []
    return InlineKeyboardMarkup([*rows, row])


class Buttons(Routing):
    async def on_more(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """ "Xem thêm ▶": the next passages, with a button for the page after when there is one."""
        query = update.callback_query
        assert query is not None and isinstance(query.data, More)
        answer, page = query.data.answer, query.data.page
        if query.message is None or not has_more(answer, page - 1):
            await query.answer(views.EXPIRED, show_alert=True)
            return
        await query.answer()
        await context.bot.send_message(
            query.message.chat.id,
            render_answer(answer, page),
            parse_mode=ParseMode.HTML,
            reply_markup=more_button(answer, page + 1) if has_more(answer, page) else None,
        )

    async def on_view(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """ "📊 Số liệu" or "📚 Nguồn": a message of their own."""
        query = update.callback_query
        assert query is not None and isinstance(query.data, View)
        answer, kind = query.data.answer, query.data.kind
        if query.message is None or (kind == "figs" and not answer.records):
            await query.answer(views.EXPIRED, show_alert=True)
            return
        await query.answer()
        text = render_figures(answer) if kind == "figs" else render_sources(answer)
        await context.bot.send_message(query.message.chat.id, text, parse_mode=ParseMode.HTML)

    async def on_chart_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """ "📈 Biểu đồ": the chart of the answer's figures."""
        query = update.callback_query
        assert query is not None and isinstance(query.data, Chart)
        series = charts.pick_series(query.data.answer.records, RECORDS_SHOWN)
        if series is None or query.message is None:
            await query.answer(views.EXPIRED, show_alert=True)
            return
        await query.answer()
        await self.send_chart(context, query.message.chat.id, series)

    async def on_feedback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A 👍/👎 press: stored with the question (one vote per person and answer, a new press
        replaces it)."""
        query = update.callback_query
        assert query is not None and isinstance(query.data, Vote)
        vote = query.data
        try:
            await asyncio.to_thread(
                usage.vote,
                self.engine.db,
                vote.question_id,
                query.from_user.id,
                1 if vote.up else -1,
            )
        except Exception:  # noqa: BLE001 - the database must not break the button
            log.exception("could not store feedback")
            await query.answer(views.FEEDBACK_FAILED, show_alert=True)
            return
        await query.answer(views.FEEDBACK_UP if vote.up else views.FEEDBACK_DOWN)

    async def on_expired(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button whose data the cache no longer holds (InvalidCallbackData: evicted, from
        before a restart, forged) or that is not one of ours: the short alert, nothing else."""
        if update.callback_query is not None:
            await update.callback_query.answer(views.EXPIRED, show_alert=True)

"""The buttons under an answer: "Xem thêm ▶" (further passages), "📈 Biểu đồ", "📊 Số liệu",
"📚 Nguồn" and 👍/👎. A press of anything this bot no longer holds gets the short alert."""

from __future__ import annotations

import asyncio
import logging
import re

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

MORE_DATA = re.compile(r"more:(\d{1,19}):([0-9a-f]{8}):([1-9]\d?)")
CHART_DATA = re.compile(r"chart:(\d{1,19}):([0-9a-f]{8})")
VIEW_DATA = re.compile(r"(figs|src):(\d{1,19}):([0-9a-f]{8})")  # "Số liệu", "Nguồn"
FEEDBACK_DATA = re.compile(r"fb:(\d{1,19}):([0-9a-f]{8}):([ud])")


def more_button(owner: int, key: str, page: int) -> InlineKeyboardMarkup:
    """The "Xem thêm" button: page `page` of answer `key` kept for user `owner` (≤ 42 bytes)."""
    data = f"more:{owner}:{key}:{page}"
    return InlineKeyboardMarkup([[InlineKeyboardButton("Xem thêm ▶", callback_data=data)]])


def answer_buttons(owner: int, key: str, answer: Answer, chart: bool) -> InlineKeyboardMarkup:
    """Under an answer: "Xem thêm ▶" (page 1) and "📈 Biểu đồ" when there is one, then
    "📊 Số liệu" (every figure) and "📚 Nguồn" (full citations); ≤ 34 bytes of data each."""
    row = []
    if has_more(answer, 0):
        row.append(InlineKeyboardButton("Xem thêm ▶", callback_data=f"more:{owner}:{key}:1"))
    if chart:
        row.append(InlineKeyboardButton("📈 Biểu đồ", callback_data=f"chart:{owner}:{key}"))
    views_row = [InlineKeyboardButton("📚 Nguồn", callback_data=f"src:{owner}:{key}")]
    if answer.records:
        views_row.insert(0, InlineKeyboardButton("📊 Số liệu", callback_data=f"figs:{owner}:{key}"))
    return InlineKeyboardMarkup([row, views_row] if row else [views_row])


def with_feedback(
    markup: InlineKeyboardMarkup | None, owner: int, key: str
) -> InlineKeyboardMarkup:
    """`markup` with a 👍/👎 row for the logged question (≤ 33 bytes of callback data)."""
    row = [
        InlineKeyboardButton("👍", callback_data=f"fb:{owner}:{key}:u"),
        InlineKeyboardButton("👎", callback_data=f"fb:{owner}:{key}:d"),
    ]
    rows = list(markup.inline_keyboard) if markup is not None else []
    return InlineKeyboardMarkup([*rows, row])


class Buttons(Routing):
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
                await query.answer(views.EXPIRED, show_alert=True)
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
            await query.answer(views.EXPIRED, show_alert=True)
            return
        await query.answer()
        if query.message is not None:
            following = more_button(int(match[1]), match[2], page + 1)
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
            await query.answer(views.EXPIRED, show_alert=True)
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
            await query.answer(views.EXPIRED, show_alert=True)
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

"""Commands about figures and the corpus: /muctieu, /nguon, /xuat, /bieudo, /theodoi and
/botheodoi."""

from __future__ import annotations

import asyncio
import re

from telegram import Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.ext import ContextTypes

from bot import charts, export, gazetteer, subscriptions
from bot.messages import province_notes
from bot.summary import total_lines
from bot.telegram import views
from bot.telegram.render import RECORDS_SHOWN, render_articles, render_province_figures
from bot.telegram.routing import Routing, courtesy

YEAR = re.compile(r"(19|20)\d\d")


class Commands(Routing):
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
        await courtesy(context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO))
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
            await message.reply_text(views.NO_ANSWER_TO_CHART, parse_mode=ParseMode.HTML)
            return
        series = charts.pick_series(last[1], RECORDS_SHOWN)
        if series is None:
            await message.reply_text(views.NO_SERIES, parse_mode=ParseMode.HTML)
            return
        await self.send_chart(context, message.chat_id, series, reply_to=message.message_id)

    async def xuat(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/xuat [csv]: the records behind the last answer as an .xlsx (or .csv) file."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        args = [a.lower() for a in context.args or []]
        if len(args) > 1 or (args and args[0] not in ("csv", "xlsx", "excel")):
            await message.reply_text(views.XUAT_USAGE, parse_mode=ParseMode.HTML)
            return
        fmt = "csv" if args == ["csv"] else "xlsx"
        last = self.last.get(user.id, message.chat_id)
        if last is None or not last[1]:
            text = views.NO_ANSWER_TO_EXPORT if last is None else views.NO_RECORDS_TO_EXPORT
            await message.reply_text(text, parse_mode=ParseMode.HTML)
            return
        question, records = last
        await courtesy(context.bot.send_chat_action(message.chat_id, ChatAction.UPLOAD_DOCUMENT))
        sources = self._sources(records)
        writer = export.to_csv if fmt == "csv" else export.to_xlsx
        data = await asyncio.to_thread(writer, records, sources)
        head = f"📊 Số liệu của câu trả lời cho «{question[:200]}»"
        await message.reply_document(
            data,
            filename=f"{export.file_stem(records)}.{fmt}",
            caption=export.caption(head, records, sources),
        )

    async def muctieu(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/muctieu <tỉnh> [năm]: the figures of a province (through the merger)."""
        message = update.effective_message
        if message is None:
            return
        args = list(context.args or [])
        year = int(args.pop()) if args and YEAR.fullmatch(args[-1]) else None
        said = gazetteer.resolve_query(" ".join(args)) if args else []
        if not said:
            await message.reply_text(views.MUCTIEU_USAGE, parse_mode=ParseMode.HTML)
            return
        _, figs = self.engine.figures_for(" ".join(args) + (f" {year}" if year else ""))
        records = figs.records if figs else []
        if update.effective_user is not None:
            asked = "/muctieu " + " ".join(context.args or [])
            self.last.keep(update.effective_user.id, message.chat_id, asked, records)
        names = ", ".join(pq.said for pq in said) + (f" năm {year}" if year else "")
        notes = province_notes(said, {r.province for r in records}) + total_lines(figs)
        text = render_province_figures(names, notes, records, self._sources(records))
        await message.reply_text(text, parse_mode=ParseMode.HTML)

    async def nguon(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is None:
            return
        articles = sorted(self.engine.snapshot.index.article_list, key=lambda a: a.id)
        await update.effective_message.reply_text(
            render_articles(articles), parse_mode=ParseMode.HTML
        )

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

"""Admin commands and uploads: /reload, /stats, documents sent in a private chat, /them <URL>
and /hoantac. A corpus change and the reload after it run under one lock, and one status
message shows the progress, then what changed."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from pathlib import Path

from telegram import Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import db, history, ingest, subscriptions, usage
from bot.errors import ReloadError
from bot.messages import error_message
from bot.progress import Progress
from bot.progress import describe as progress_line
from bot.search.results import ReloadReport
from bot.telegram import views
from bot.telegram.render import fit, render_change, render_report
from bot.telegram.routing import Routing, addressed_text, admin_only
from bot.telegram.safety import Upload, safe_file_name, too_large

log = logging.getLogger(__name__)


class Admin(Routing):
    @admin_only()
    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        status = await update.effective_message.reply_text(views.RELOADING)
        async with self.reload_lock:
            report = await self._reload(status)
        if report is not None:
            await self._finish(status, render_report(report))

    @admin_only()
    async def stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        covered = {a.province for a in self.engine.snapshot.index.article_list if a.province}
        report = await asyncio.to_thread(usage.report, self.engine.db, covered)
        await update.effective_message.reply_text(
            views.stats_text(report), parse_mode=ParseMode.HTML
        )

    async def on_document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An admin's document in a private chat is added to the corpus (or replaces the
        file of that name). Anywhere else a caption for the bot is a question."""
        message = update.effective_message
        if message is None or message.document is None:
            return
        doc = message.document
        upload = Upload(doc.file_name, doc.mime_type)
        if message.chat.type != ChatType.PRIVATE:
            # Never ingested from a group: a caption for the bot is a question; otherwise only
            # an admin's readable file gets a (public) pointer.
            me = context.bot
            asked = addressed_text(message, me.username, me.id) if message.caption else None
            if asked is not None:
                if await self.admit(update):
                    await self.ask(update, context, asked)
            elif self.is_admin(update) and upload.problem is None and await self.admit(update):
                await message.reply_text(views.GROUP_UPLOAD)
            return
        if not await self.admit(update):
            return
        if not self.is_admin(update):
            if message.caption and message.caption.strip():  # a question about a document
                await self.ask(update, context, message.caption)
            else:
                await self.refuse(update)
            return
        if upload.problem is not None:
            text = views.not_added(upload.name, upload.problem)
            await message.reply_text(text, parse_mode=ParseMode.HTML)
            return
        limit = self.config.max_upload_bytes
        if too_large(doc.file_size, limit):
            await message.reply_text(views.too_large(limit))
            return
        status = await message.reply_text(views.reading(upload.name), parse_mode=ParseMode.HTML)
        data = bytes(await (await doc.get_file()).download_as_bytearray())
        if too_large(len(data), limit):
            await self._finish(status, views.TOO_LARGE)
            return
        store = functools.partial(
            ingest.store,
            data,
            upload.name,
            self.config.corpus_dir,
            update.effective_user.id if update.effective_user else None,
            None,
            upload.content_type,
        )
        await self._store(status, store)

    @admin_only(group_reply=views.GROUP_THEM)
    async def them(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/them <URL>: fetch a page or file (http/https, size cap, allowed types) and add it."""
        message = update.effective_message
        assert message is not None
        args = context.args or []
        if len(args) != 1:
            await message.reply_text(views.THEM_USAGE, parse_mode=ParseMode.HTML)
            return
        url = args[0]
        status = await message.reply_text(views.fetching(url), parse_mode=ParseMode.HTML)
        try:
            data, name, ctype = await asyncio.to_thread(
                ingest.fetch, url, self.config.max_upload_bytes
            )
        except ingest.FetchError as exc:
            await self._finish(status, views.fetch_failed(url, str(exc)))
            return
        user_id = update.effective_user.id if update.effective_user else None
        corpus = self.config.corpus_dir
        await self._store(
            status, functools.partial(ingest.store, data, name, corpus, user_id, url, ctype)
        )

    @admin_only()
    async def hoantac(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/hoantac [tên tệp]: put back the version before the last add/replace (of that file)."""
        message = update.effective_message
        assert message is not None
        said = " ".join(context.args or []).strip()
        name = safe_file_name(said if said.lower().endswith(".txt") else f"{said}.txt")
        if said and name is None:
            await message.reply_text(views.HOANTAC_USAGE, parse_mode=ParseMode.HTML)
            return
        user_id = update.effective_user.id if update.effective_user else None
        await self._change_corpus(
            message,
            functools.partial(
                history.undo, self.config.corpus_dir, user_id, name if said else None
            ),
            views.nothing_to_undo(name if said else None),
        )

    # --- corpus changes and the reload after them --------------------------------------------

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
                text = views.progress_status(head, progress_line(latest[0]))
                if text != shown:
                    shown = text
                    await self._show(status, text)
        try:
            report = work.result()
        except ReloadError as exc:
            await self._finish(status, views.reload_failed(head, error_message(exc)))
            return None
        changes = subscriptions.changed(before, self.engine.snapshot.index)
        if changes:  # followers are told in the background, after the admin's report
            notify = self._notify(status.get_bot(), changes)
            if self.app is not None:
                self.app.create_task(notify)
            else:
                asyncio.ensure_future(notify)
        return report

    async def _reload_after(
        self, status: Message, change: history.Change, understood: Callable[[int | None], str]
    ) -> None:
        """After a corpus change (the caller holds reload_lock): reload with progress in
        `status`, then tell what changed (passages, figures, title, province before → after)
        and `understood(figures)`, a line about the new document."""
        article = Path(change.file).stem
        before = await asyncio.to_thread(db.article_summary, self.engine.db, article)
        head = render_change(change, before, None, reloaded=False) + "\n"
        await self._show(status, head + views.RELOADING)
        report = await self._reload(status, head)
        if report is None:
            return
        after = await asyncio.to_thread(db.article_summary, self.engine.db, article)
        lines = [render_change(change, before, after)]
        if line := understood(after.records if after else None):
            lines.append(line)
        lines.append(render_report(report))
        await self._finish(status, fit("\n".join(lines)))

    async def _store(self, status: Message, store: Callable[[], ingest.Stored]) -> None:
        """Add or replace one document (bot.ingest.store keeps what it replaces), reload,
        and end `status` with what was understood and what changed."""
        async with self.reload_lock:
            try:
                stored = await asyncio.to_thread(store)
            except (OSError, ValueError) as exc:
                log.warning("corpus change failed: %s", exc)
                await self._finish(status, views.change_failed(str(exc)))
                return
            added, change = stored.added, stored.change
            if change is None:  # unreadable or already there: nothing changed
                await self._finish(status, fit(views.described(ingest.describe(added))))
                return

            def understood(figures: int | None) -> str:
                replaced = change.action == "replace"
                return views.described(ingest.describe(added, figures, replaced=replaced), "📄 ")

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
                await message.reply_text(views.change_failed(str(exc)), parse_mode=ParseMode.HTML)
                return
            if done is None:
                await message.reply_text(nothing, parse_mode=ParseMode.HTML)
                return
            status = await message.reply_text(views.RELOADING)
            await self._reload_after(status, done, lambda _figures: "")

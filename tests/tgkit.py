"""Running the real Application against the Bot API stand-in (in-process through a recording
BaseRequest, or over HTTP on 127.0.0.1), and waiting for its replies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from telegram import Update
from telegram.request import BaseRequest

from bot.engine import Engine
from bot.telegram.app import build_application
from tests.botapi_server import FakeBotAPI

ADMIN = 4242
MEMBER = 1001


class RecordingRequest(BaseRequest):
    """python-telegram-bot's own test pattern (tests/auxil/networking.py's OfflineRequest): a
    ``BaseRequest`` that sends nothing over the network. Every call is recorded and answered
    in-process by the stand-in, with the same checks as over HTTP."""

    def __init__(self, api: FakeBotAPI):
        self.api = api

    @property
    def read_timeout(self) -> float:
        return 5.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url, method, request_data=None, *args, **kwargs):
        return await self.api.answer(url, request_data)


@asynccontextmanager
async def running_bot(engine: Engine, http: bool = False, **overrides) -> AsyncIterator[FakeBotAPI]:
    """The real Application with every handler; `overrides` change its Config (e.g. the flood
    limit). By default updates go to ``Application.process_update`` and the Bot API calls to
    a RecordingRequest; with `http`, the bot polls the stand-in on 127.0.0.1 end to end."""
    async with FakeBotAPI() as api:
        cfg = replace(
            engine.config,
            api_base_url=api.base_url,
            admin_ids=frozenset({ADMIN}),
            max_upload_bytes=50_000,
            **overrides,
        )
        engine.config = cfg
        request = None if http else RecordingRequest(api)
        app, _ = build_application(cfg, engine, api.token, request)
        await app.initialize()
        await app.start()
        if http:
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
        else:
            tasks: set[asyncio.Task] = set()

            def process(data: dict) -> None:
                update = Update.de_json(data, app.bot)
                app.bot.insert_callback_data(update)  # as ExtBot.get_updates does
                task = asyncio.ensure_future(app.process_update(update))
                tasks.add(task)
                task.add_done_callback(tasks.discard)

            api.on_update = process
        try:
            yield api
        finally:
            if http:
                await app.updater.stop()
            else:
                api.on_update = None
                await asyncio.gather(*tasks, return_exceptions=True)
            await app.stop()
            await app.shutdown()


async def reply_to(api: FakeBotAPI, n: int) -> dict:
    """The n-th (1-based) successful sendMessage, waiting for it."""
    calls = await api.wait_for_calls("sendMessage", n, timeout=20)
    return calls[n - 1].params | {"visible": calls[n - 1].result["text"]}


async def final_text(api: FakeBotAPI, n: int, timeout: float = 30) -> str:
    """The n-th (1-based) message the bot sent, once done: a status message ("⏳ …") is
    edited as work goes on, until it holds the report."""
    calls = await api.wait_for_calls("sendMessage", n, timeout=timeout)
    message = calls[n - 1].result
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while "⏳" in (text := api.current_text(message)):
        if loop.time() > deadline:
            raise TimeoutError(f"message {n} is still a status: {text!r}")
        await asyncio.sleep(0.05)
    return text


def edits_of(api: FakeBotAPI, message: dict) -> list:
    """The successful editMessageText calls on one message the bot sent, in order."""
    return [
        c
        for c in api.successful_calls("editMessageText")
        if c.result["message_id"] == message["message_id"]
        and c.result["chat"]["id"] == message["chat"]["id"]
    ]


async def stays_quiet(api: FakeBotAPI, before: int) -> None:
    await asyncio.sleep(0.8)
    assert len(api.successful_calls("sendMessage")) == before


def callback_answers(api: FakeBotAPI) -> list[str]:
    """The texts of every answerCallbackQuery ("" when answered without a text)."""
    return [c.params.get("text") or "" for c in api.successful_calls("answerCallbackQuery")]


async def wait_for_callback_answer(api: FakeBotAPI, fragment: str, timeout: float = 20) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not any(fragment in t for t in callback_answers(api)):
        if loop.time() > deadline:
            seen = callback_answers(api)
            raise TimeoutError(f"no callback answer containing {fragment!r}: {seen}")
        await asyncio.sleep(0.05)

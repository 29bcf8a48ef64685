"""Per-user state of the Telegram front end: the flood limit, each user's last answer (for
/xuat and /bieudo), and which reply answered which question (for edits). The buttons' data
live in python-telegram-bot's CallbackDataCache (see bot.telegram.buttons).

All are bounded; the flood limit is per user, so one user, however fast, only uses up their
own window.
"""

from __future__ import annotations

import enum
import time
from collections import OrderedDict, deque
from typing import Any

ANSWER_USERS = 1000  # users whose last answers are kept (least recently active dropped first)
FLOOD_WINDOW = 60.0  # seconds


class Verdict(enum.Enum):
    OK = "ok"  # handle the update
    WARN = "warn"  # over the limit: tell the user once
    QUIET = "quiet"  # over the limit and already told: ignore


class FloodGate:
    """At most `per_minute` updates per user in any 60 seconds; attempts over the limit count
    too, so a user who keeps hammering stays limited. One warning per window."""

    def __init__(self, per_minute: int, max_users: int = 10_000):
        self.per_minute = per_minute
        self.max_users = max_users
        self.recent: dict[int, deque[float]] = {}
        self.warned: dict[int, float] = {}

    def hit(self, user_id: int, now: float | None = None) -> Verdict:
        now = time.monotonic() if now is None else now
        window = self.recent.setdefault(user_id, deque())
        while window and now - window[0] > FLOOD_WINDOW:
            window.popleft()
        window.append(now)
        if len(self.recent) > self.max_users:
            self._forget_idle(now)
        if len(window) <= self.per_minute:
            return Verdict.OK
        if now - self.warned.get(user_id, -1e18) > FLOOD_WINDOW:
            self.warned[user_id] = now
            return Verdict.WARN
        return Verdict.QUIET

    def _forget_idle(self, now: float) -> None:
        for uid in [u for u, w in self.recent.items() if not w or now - w[-1] > FLOOD_WINDOW]:
            del self.recent[uid]
            self.warned.pop(uid, None)


class LastAnswers:
    """The records behind each user's last answer in each chat, for /xuat and /bieudo.
    Bounded: the least recently answered (user, chat) pairs are dropped first."""

    def __init__(self, size: int = ANSWER_USERS * 2):
        self.size = size
        self._by_who: OrderedDict[tuple[int, int], tuple[str, tuple[Any, ...]]] = OrderedDict()

    def keep(self, user_id: int, chat_id: int, question: str, records: list[Any]) -> None:
        key = (user_id, chat_id)
        self._by_who.pop(key, None)
        self._by_who[key] = (question, tuple(records))
        while len(self._by_who) > self.size:
            self._by_who.popitem(last=False)

    def get(self, user_id: int, chat_id: int) -> tuple[str, tuple[Any, ...]] | None:
        """(question, records) of the last answer, or None if there was none."""
        return self._by_who.get((user_id, chat_id))


REPLIES_PER_CHAT = 200  # questions per chat whose reply an edit can still update
REPLY_CHATS = 2000  # chats kept (least recently active dropped first)


class Replies:
    """Which bot message answered which question, per chat, so an edited question updates
    its answer. Bounded per chat and in chats."""

    def __init__(self, per_chat: int = REPLIES_PER_CHAT, chats: int = REPLY_CHATS):
        self.per_chat = per_chat
        self.chats = chats
        self._by_chat: OrderedDict[int, OrderedDict[int, int]] = OrderedDict()

    def keep(self, chat_id: int, question_id: int, reply_id: int) -> None:
        replies = self._by_chat.pop(chat_id, None) or OrderedDict()
        self._by_chat[chat_id] = replies
        replies.pop(question_id, None)
        replies[question_id] = reply_id
        while len(replies) > self.per_chat:
            replies.popitem(last=False)
        while len(self._by_chat) > self.chats:
            self._by_chat.popitem(last=False)

    def get(self, chat_id: int, question_id: int) -> int | None:
        replies = self._by_chat.get(chat_id)
        return replies.get(question_id) if replies is not None else None

"""A lean stand-in for Telegram's Bot API server: only the methods coopbot calls (getMe,
getUpdates, deleteWebhook, setWebhook, setMyCommands, sendMessage, editMessageText,
sendDocument, sendPhoto, answerCallbackQuery, answerInlineQuery, sendChatAction, getFile, file
downloads; any other method is 404), over HTTP on 127.0.0.1 or in-process through ``answer``
(tests/tgkit.py's RecordingRequest), with the same checks either way, as Telegram makes them:

* the token (401); ``parse_mode=HTML`` (``parse_html``: Telegram's tags only, closed in order,
  only &lt; &gt; &amp; &quot; and numeric references); the visible text, trimmed, 1..4096
  UTF-16 code units (a caption 0..1024); ``callback_data`` of 1..64 bytes;
* callback and inline queries answered once; inline results: at most 50 articles, unique ids,
  a title, a message text checked like a message's;
* editMessageText: an unknown message, a user's message, "message is not modified";
* sendDocument/sendPhoto: a non-empty upload (a photo: a PNG); ``file_content`` has the bytes;
* 429 "Too Many Requests" with ``retry_after`` (or any other error) on demand: ``fail_next``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import struct
import time
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from aiohttp import web

J = dict[str, Any]  # a JSON object
DEFAULT_TOKEN = "123456789:AAHfakeTokenForTests_0123456789abcdef"
DEFAULT_USER_ID = 1001
DEFAULT_GROUP_ID = -1001234567890
BOT_USERNAME = "coopbot_test_bot"
_METHODS = frozenset(
    "getMe getUpdates deleteWebhook setWebhook setMyCommands sendMessage editMessageText "
    "sendDocument sendPhoto answerCallbackQuery answerInlineQuery sendChatAction getFile".split()
)
_CHAT_ACTIONS = {"typing", "upload_photo", "upload_document"}  # those coopbot sends
_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


# --- Telegram's HTML parse mode -------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's offsets and length limits."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class HtmlParseError(ValueError):
    """Telegram refuses the HTML; the message is Telegram's (after "can't parse entities: ")."""


_ENTITY_TYPES = dict(  # Telegram's HTML tags and the entities they make
    pair.split(":")
    for pair in (
        "b:bold strong:bold i:italic em:italic u:underline ins:underline s:strikethrough "
        "strike:strikethrough del:strikethrough tg-spoiler:spoiler span:spoiler a:text_link "
        "code:code pre:pre blockquote:blockquote tg-emoji:custom_emoji"
    ).split()
)
# '<', '/' for an end tag, the name, the attributes (a quoted value may hold '>'), '>'
_TAG_RE = re.compile(r"""<(/?)([^\s>]*)((?:[^>"']|"[^"]*"|'[^']*')*)(>?)""")
_ATTR_RE = re.compile(r"""\s*([^\s=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[A-Za-z0-9.-]+))?\s*""")
_REF_RE = re.compile(r"&(#[xX][0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+)(;?)")
_NAMED_REFS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _unescape(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with its character references decoded."""

    def decode(m: re.Match) -> str:
        name = m[1]
        if name[0] == "#":
            code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
            if 0xD800 <= code <= 0xDFFF:
                raise HtmlParseError(
                    "Text contains invalid Unicode characters after decoding HTML entities, "
                    "check for unmatched surrogate code units"
                )
            return chr(code) if 0 < code < 0x10FFFF else m[0]
        if name in _NAMED_REFS:
            return _NAMED_REFS[name]
        if m[2]:  # an entity Telegram does not know, e.g. &nbsp;: an escaping slip
            at = len(text[: start + m.start()].encode())
            raise HtmlParseError(f'Unsupported HTML entity "{m[0]}" at byte offset {at}')
        return m[0]  # a lone '&', as in "AT&T"

    return _REF_RE.sub(decode, text[start:end])


def parse_html(text: str) -> tuple[str, list[J]]:
    """Telegram HTML to (visible text, Bot API entities); HtmlParseError with Telegram's message
    (byte offsets in UTF-8) for what Telegram refuses."""
    out: list[str] = []
    entities: list[J] = []
    open_tags: list[tuple[str, str, int, int]] = []  # name, href, UTF-16 offset, len(out)
    u16 = pos = 0
    for m in _TAG_RE.finditer(text):
        out.append(_unescape(text, pos, m.start()))
        u16 += utf16_len(out[-1])
        pos, at = m.end(), len(text[: m.start()].encode())
        is_end, tag, attrs, closed = m[1], m[2].lower(), m[3], m[4]
        if is_end:
            if not open_tags:
                raise HtmlParseError(f"Unexpected end tag at byte offset {at}")
            if not closed or attrs.strip():
                raise HtmlParseError(f"Unclosed end tag at byte offset {at}")
            start_tag, href, offset, index = open_tags.pop()
            if tag and tag != start_tag:
                raise HtmlParseError(
                    f'Unmatched end tag at byte offset {at}, expected "</{start_tag}>", '
                    f'found "</{tag}>"'
                )
            if u16 > offset:
                kind = _ENTITY_TYPES[start_tag]
                entity = {"type": kind, "offset": offset, "length": u16 - offset}
                if start_tag == "a":
                    entity["url"] = href or "".join(out[index:])
                entities.append(entity)
            continue
        if not closed and not attrs:  # the name ran to the end of the text
            raise HtmlParseError(f"Unclosed start tag at byte offset {at}")
        if tag not in _ENTITY_TYPES:
            raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {at}')
        if not closed:
            raise HtmlParseError(f"Unclosed start tag at byte offset {at}")
        values = {}
        for attr in _ATTR_RE.finditer(attrs):
            if attr[2] is None and (tag, attr[1]) != ("blockquote", "expandable"):
                raise HtmlParseError(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                    f"at byte offset {at}"
                )
            values[attr[1]] = _unescape((attr[2] or "").strip("\"'"), 0, None)
        if tag == "span" and values.get("class") != "tg-spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
        open_tags.append((tag, values.get("href", "") if tag == "a" else "", u16, len(out)))
    out.append(_unescape(text, pos, None))
    if open_tags:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{open_tags[-1][0]}"')
    return "".join(out), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _trim(text: str, entities: list[J]) -> tuple[str, list[J]]:
    """Telegram drops a message's leading and trailing whitespace; entities follow the text."""
    stripped = text.strip(" \t\r\n\v\f")
    lead = utf16_len(text[: len(text) - len(text.lstrip(" \t\r\n\v\f"))])
    total, kept = utf16_len(stripped), []
    for e in entities:
        start, end = max(e["offset"] - lead, 0), min(e["offset"] + e["length"] - lead, total)
        if end > start:
            kept.append(e | {"offset": start, "length": end - start})
    return stripped, kept


# --- Calls, files, errors --------------------------------------------------------------------


@dataclass
class Call:
    """One request the server answered."""

    method: str
    params: J
    status: int
    response: Any = None  # the JSON answer (for file downloads, the file's size)
    at: float = field(default_factory=time.monotonic)  # when it was answered

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def result(self) -> Any:
        """The ``result`` of a successful answer, else None."""
        return self.response.get("result") if isinstance(self.response, dict) else None


Upload = namedtuple("Upload", "filename content_type content")  # a file part of a request


class _ApiError(Exception):
    def __init__(self, status: int, description: str, **parameters: Any):
        super().__init__(description)
        self.status = status
        self.payload = {"ok": False, "error_code": status, "description": description}
        self.payload |= {"parameters": parameters} if parameters else {}


def _bad(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


# Parameters that are not strings arrive JSON-encoded in form fields (as PTB sends them).
_JSON_PARAMS = frozenset(
    "chat_id message_id offset limit timeout cache_time reply_markup reply_parameters results "
    "button commands allowed_updates drop_pending_updates show_alert".split()
)


def _decode(key: str, value: Any) -> Any:
    if isinstance(value, str) and key in _JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            pass
    return value


def _mentions(text: str) -> list[J]:
    """The ``mention`` entities Telegram adds to an incoming message's text or caption."""
    return [
        {"type": "mention", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m[0])}
        for m in re.finditer(r"(?<![\w@])@[A-Za-z0-9_]{3,32}(?![\w@])", text)
    ]


def _captioned(fields: J, caption: str | None) -> J:
    """An incoming message's fields with ``caption`` and its mentions."""
    fields = {k: v for k, v in fields.items() if k not in ("caption", "caption_entities")}
    if caption is not None:
        fields["caption"] = caption
        fields |= {"caption_entities": found} if (found := _mentions(caption)) else {}
    return fields


def _no_reply(message: J) -> J:
    """A replied-to message as Telegram nests it: without its own reply_to_message."""
    return {k: v for k, v in message.items() if k != "reply_to_message"}


# --- The server ------------------------------------------------------------------------------


class FakeBotAPI:
    """Telegram's Bot API server, faked on 127.0.0.1 for tests. See the module docstring."""

    def __init__(self, token: str = DEFAULT_TOKEN, *, max_long_poll: float = 1.0) -> None:
        self.token, self.max_long_poll, self.port = token, max_long_poll, 0
        self.bot_user = {"id": int(token.split(":")[0]), "is_bot": True, "first_name": "CoopBot"}
        self.bot_user |= {"username": BOT_USERNAME, "supports_inline_queries": True}
        self.calls: list[Call] = []
        self.commands: list[J] = []  # the last setMyCommands
        self.webhook: J = {}  # the last setWebhook: url, secret_token
        self.on_update: Callable[[J], None] | None = None  # set: updates go in-process
        self._updates: list[J] = []  # not yet confirmed by an offset
        self._ids = itertools.count(1)  # update, message, query and file ids
        self._messages: dict[tuple[int, int], J] = {}  # by (chat id, message id)
        self._files: dict[str, bytes] = {}  # by file_id, which is also the file_path
        self._open_queries: set[str] = set()  # callback and inline queries not yet answered
        self._failures: dict[str, list[_ApiError]] = {}
        self._wakeup, self._call_recorded = asyncio.Event(), asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None

    async def __aenter__(self) -> FakeBotAPI:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._closing = True
        self._wakeup.set()
        await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)`` / ``Bot(base_url=...)``."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # --- fault injection and inspection ------------------------------------------------------

    def fail_next(
        self, method: str, times: int = 1, retry_after: int = 1, *, error_code=429, description=""
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error instead: by default 429
        "Too Many Requests: retry after N" with parameters.retry_after (PTB's RetryAfter)."""
        if error_code == 429:
            text = description or f"Too Many Requests: retry after {retry_after}"
            error = _ApiError(429, text, retry_after=retry_after)
        else:
            error = _ApiError(error_code, description or "Error")
        self._failures.setdefault(method, []).extend([error] * times)

    def current_text(self, message: J) -> str:
        """The text of a message now, after any edits (``message``: a Call's result)."""
        return self._known(message)["text"]

    def file_content(self, file_id: str) -> bytes:
        """The bytes of a file a user pushed or the bot sent."""
        return self._files[file_id]

    def successful_calls(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and c.ok]

    async def wait_for_calls(self, method: str, count: int, timeout: float = 10.0) -> list[Call]:
        """Wait until at least ``count`` successful calls of ``method`` were answered."""
        try:
            async with asyncio.timeout(timeout):
                while len(done := self.successful_calls(method)) < count:
                    self._call_recorded.clear()
                    await self._call_recorded.wait()
            return done
        except TimeoutError:
            shown = [f"{c.method} -> {c.status} {c.params}"[:300] for c in self.calls]
            shown = [line for line in shown if not line.startswith("getUpdates")]
            raise TimeoutError(
                f"expected {count} successful {method} call(s) within {timeout}s, got "
                f"{len(self.successful_calls(method))}. Calls:\n  " + "\n  ".join(shown)
            ) from None

    # --- driving: updates the "users" send ---------------------------------------------------
    # Every push_* returns the update and takes the sender as keywords: user_id, chat_type
    # ("private" or "supergroup") and chat_id (default: the user's chat or the default group).

    def push_update(self, update: J) -> J:
        update = {"update_id": next(self._ids), **update}
        if message := update.get("message") or update.get("edited_message"):
            self._remember(message)
        if query := update.get("callback_query") or update.get("inline_query"):
            self._open_queries.add(query["id"])
        if self.on_update is not None:  # in-process: handed to the Application directly
            self.on_update(update)
        else:
            self._updates.append(update)
            self._wakeup.set()
        return update

    def push_message(self, text: str, *, reply_to_message: J | None = None, **sender: Any) -> J:
        """A user sends a text message, with the entities Telegram adds: a command at its start
        (e.g. "/hoi@coopbot_test_bot câu hỏi"), "@username" mentions. ``reply_to_message``: a
        message (or its update) it replies to."""
        fields: J = {"text": text}
        found = _mentions(text)
        if text.startswith("/"):
            length = utf16_len(text.split(maxsplit=1)[0])
            found.insert(0, {"type": "bot_command", "offset": 0, "length": length})
        if found:
            fields["entities"] = found
        if reply_to_message is not None:
            fields["reply_to_message"] = _no_reply(self._known(reply_to_message))
        return self._push_message(fields, **sender)

    push_command = push_message

    def push_edited_message(self, text: str, *, message: J) -> J:
        """The sender of ``message`` (a message or the update holding it) edits its text."""
        edited = {k: v for k, v in self._known(message).items() if k != "entities"}
        return self.push_update({"edited_message": edited | {"text": text, "edit_date": 1}})

    def push_edited_caption(self, caption: str, *, message: J) -> J:
        """The sender of ``message`` (a photo or document) edits its caption."""
        edited = _captioned(self._known(message), caption) | {"edit_date": 1}
        return self.push_update({"edited_message": edited})

    def push_sticker(self, emoji: str = "👍", **sender: Any) -> J:
        sticker = self._stored(b"RIFF-webp") | {"type": "regular", "width": 512, "height": 512}
        sticker |= {"is_animated": False, "is_video": False, "emoji": emoji}
        return self._push_message({"sticker": sticker}, **sender)

    def push_photo(self, *, caption: str | None = None, **sender: Any) -> J:
        photo = self._stored(b"\xff\xd8\xff-jpeg") | {"width": 1280, "height": 960}
        return self._push_message(_captioned({"photo": [photo]}, caption), **sender)

    def push_document(
        self, file_name: str, content: bytes, *, mime_type: str = "text/plain", **sender: Any
    ) -> J:
        """A user sends a file; getFile and the file URL then serve ``content``."""
        document = self._stored(content) | {"file_name": file_name, "mime_type": mime_type}
        fields = _captioned({"document": document}, sender.pop("caption", None))
        return self._push_message(fields, **sender)

    def push_inline_query(self, query: str, *, user_id: int = DEFAULT_USER_ID) -> J:
        """A user types "@bot ``query``"; the bot must answerInlineQuery it once."""
        inline = {"id": f"iq{next(self._ids)}", "from": self._user(user_id), "query": query}
        return self.push_update({"inline_query": inline | {"offset": "", "chat_type": "sender"}})

    def push_chosen_inline_result(
        self, query: str, result_id: str = "r0", *, user_id: int = DEFAULT_USER_ID
    ) -> J:
        """The user sends one of the inline results (with inline feedback on)."""
        chosen = {"result_id": result_id, "from": self._user(user_id), "query": query}
        return self.push_update({"chosen_inline_result": chosen})

    def push_callback_query(
        self, data: str, *, message: J, user_id: int = DEFAULT_USER_ID, check_buttons: bool = True
    ) -> J:
        """A user presses a button of ``message``, one the bot sent (a Call's result). With
        ``check_buttons``, ``data`` must be one of its buttons' callback_data."""
        current = self._known(message)
        rows = (current.get("reply_markup") or {}).get("inline_keyboard", [])
        datas = [button.get("callback_data") for row in rows for button in row]
        if check_buttons and data not in datas:
            raise ValueError(f"{data!r} is not a button of that message (buttons: {datas})")
        query = {"id": f"cq{next(self._ids)}", "from": self._user(user_id), "message": current}
        return self.push_update({"callback_query": query | {"chat_instance": "1", "data": data}})

    @staticmethod
    def _user(user_id: int) -> J:
        return {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": "vi"}

    def _push_message(
        self, fields: J, user_id: int = DEFAULT_USER_ID, chat_type: str = "private", chat_id=0
    ) -> J:
        if chat_type == "private":
            chat = {"id": chat_id or user_id, "type": "private", "first_name": "Test"}
        else:
            chat = {"id": chat_id or DEFAULT_GROUP_ID, "type": chat_type, "title": "Test group"}
        message = {"message_id": next(self._ids), "from": self._user(user_id), "chat": chat}
        return self.push_update({"message": message | {"date": int(time.time())} | fields})

    def _remember(self, message: J) -> None:
        self._messages[(message["chat"]["id"], message["message_id"])] = message

    def _known(self, ref: J) -> J:
        """The stored message for a message dict, or for the update that carried one."""
        if "update_id" in ref:
            ref = ref.get("message") or ref["edited_message"]
        found = self._messages.get((ref["chat"]["id"], ref["message_id"]))
        if found is None:
            raise ValueError(f"no message known for {ref!r}")
        return found

    def _stored(self, content: bytes) -> J:
        """The fields of a file kept for getFile, downloads and ``file_content``."""
        self._files[file_id := f"file_{next(self._ids)}"] = bytes(content)
        return self._stored_fields(file_id)

    def _stored_fields(self, file_id: str) -> J:
        size = len(self._files[file_id])
        return {"file_id": file_id, "file_unique_id": file_id, "file_size": size}

    # --- transport: HTTP, or in-process -------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        params: J = {}
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                mime = value.content_type or "application/octet-stream"
                params[key] = Upload(value.filename, mime, value.file.read())
            else:
                params[key] = _decode(key, value)
        token, method = request.match_info["token"], request.match_info["method"]
        status, payload = await self.dispatch(token, method, params)
        return web.json_response(payload, status=status)

    async def _handle_file(self, request: web.Request) -> web.Response:
        status, body = self._download(request.match_info["token"], request.match_info["file_path"])
        return web.Response(status=status, body=body)

    def _download(self, token: str, file_path: str) -> tuple[int, bytes]:
        content = self._files.get(file_path, b"")
        status = 401 if token != self.token else 200 if file_path in self._files else 404
        self.calls.append(Call("file", {"file_path": file_path}, status, len(content)))
        return status, content if status == 200 else b""

    async def answer(self, url: str, request_data: Any) -> tuple[int, bytes]:
        """A request python-telegram-bot's ``BaseRequest.do_request`` would send to ``url``,
        answered in-process with the same checks (``request_data``: its RequestData)."""
        path = unquote(url.split("://", 1)[-1].split("/", 1)[-1])
        if path.startswith("file/bot"):
            return self._download(*path.removeprefix("file/bot").split("/", 1))
        params: J = {}
        if request_data is not None:
            params = {k: _decode(k, v) for k, v in request_data.json_parameters.items()}
            for key, (name, content, mime) in request_data.multipart_data.items():
                data = content if isinstance(content, bytes) else content.read()
                params[key] = Upload(name or key, mime or "application/octet-stream", data)
        status, payload = await self.dispatch(*path.removeprefix("bot").split("/", 1), params)
        return status, json.dumps(payload).encode()

    async def dispatch(self, token: str, method: str, params: J) -> tuple[int, J]:
        """One Bot API call: (HTTP status, JSON answer), recorded in ``calls``."""
        try:
            if token != self.token:
                raise _ApiError(401, "Unauthorized")
            if method not in _METHODS:
                raise _ApiError(404, "Not Found")
            if self._failures.get(method):
                raise self._failures[method].pop(0)
            handler = getattr(self, "_" + re.sub("([A-Z])", r"_\1", method).lower())
            status, payload = 200, {"ok": True, "result": await handler(params)}
        except _ApiError as exc:
            status, payload = exc.status, exc.payload
        self.calls.append(Call(method, params, status, payload))
        self._call_recorded.set()
        return status, payload

    # --- checks shared by methods ------------------------------------------------------------

    @staticmethod
    def _formatted(params: J, field: str = "text") -> J:
        """A message's text (or a caption) and its entities, checked as Telegram checks them:
        a text is 1..4096 UTF-16 code units, a caption 0..1024."""
        text, entities = str(params.get(field) or ""), []
        if params.get("parse_mode") == "HTML":
            try:
                text, entities = parse_html(text)
            except HtmlParseError as exc:
                raise _bad(f"can't parse entities: {exc}") from None
        elif params.get("parse_mode"):
            raise _bad("can't parse entities: the stand-in knows HTML only")
        text, entities = _trim(text, entities)
        if field == "caption" and utf16_len(text) > 1024:
            raise _bad("message caption is too long")
        if field == "text" and not text:
            raise _bad("message text is empty")
        if field == "text" and utf16_len(text) > 4096:
            raise _bad("message is too long")
        key = "entities" if field == "text" else "caption_entities"
        return ({field: text} if text else {}) | ({key: entities} if entities else {})

    @staticmethod
    def _keyboard(params: J) -> J:
        """{"reply_markup": the inline keyboard}, checked, or {} if there is none."""
        markup = params.get("reply_markup") or {}
        for button in itertools.chain(*markup.get("inline_keyboard", [])):
            data = button.get("callback_data")  # the only kind of button coopbot sends
            if not isinstance(data, str) or not 1 <= len(data.encode()) <= 64:
                raise _bad("BUTTON_DATA_INVALID")
        return {"reply_markup": markup} if any(markup.get("inline_keyboard", [])) else {}

    def _chat(self, params: J) -> J:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise _bad("chat not found")
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "Test"}
        return {"id": chat_id, "type": "supergroup", "title": "Test group"}

    def _bot_message(self, params: J, fields: J) -> J:
        """The message the bot sends: checks the chat, the replied message, the keyboard."""
        chat, reply = self._chat(params), params.get("reply_parameters") or {}
        if "message_id" in reply:
            target = self._messages.get((reply.get("chat_id", chat["id"]), reply["message_id"]))
            if target is None and not reply.get("allow_sending_without_reply"):
                raise _bad("message to be replied not found")
            fields |= {"reply_to_message": _no_reply(target)} if target else {}
        bot = {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")}
        message = {"message_id": next(self._ids), "from": bot, "chat": chat, "date": 0}
        message |= fields | self._keyboard(params)
        self._remember(message)
        return message

    @staticmethod
    def _upload(params: J, field: str) -> Upload:
        upload = params.get(field)
        if not isinstance(upload, Upload):  # coopbot always uploads its files
            raise _bad("wrong file identifier/HTTP URL specified")
        if not upload.content:
            raise _bad("file must be non-empty")
        return upload

    # --- methods -----------------------------------------------------------------------------

    async def _get_me(self, params: J) -> J:
        return dict(self.bot_user)

    async def _delete_webhook(self, params: J) -> bool:
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        self.webhook = {}
        return True

    async def _set_webhook(self, params: J) -> bool:
        if not params.get("url"):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token")}
        return True

    async def _set_my_commands(self, params: J) -> bool:
        self.commands = params.get("commands") or []
        if not all(re.fullmatch(r"[a-z0-9_]{1,32}", c.get("command", "")) for c in self.commands):
            raise _bad("BOT_COMMAND_INVALID")
        return True

    async def _send_message(self, params: J) -> J:
        return self._bot_message(params, self._formatted(params))

    async def _edit_message_text(self, params: J) -> J:
        message = self._messages.get((params.get("chat_id"), params.get("message_id")))
        if message is None:
            raise _bad("message to edit not found")
        if not message["from"]["is_bot"]:
            raise _bad("message can't be edited")
        new = self._formatted(params) | self._keyboard(params)  # no keyboard: the keyboard goes
        kept = {k: v for k, v in message.items() if k not in ("entities", "reply_markup")}
        if kept | new == message:
            raise _ApiError(400, _NOT_MODIFIED)
        self._remember(edited := kept | new | {"edit_date": int(time.time())})
        return edited

    async def _send_document(self, params: J) -> J:
        upload, caption = self._upload(params, "document"), self._formatted(params, "caption")
        document = self._stored(upload.content)
        document |= {"file_name": upload.filename, "mime_type": upload.content_type}
        return self._bot_message(params, caption | {"document": document})

    async def _send_photo(self, params: J) -> J:
        upload, caption = self._upload(params, "photo"), self._formatted(params, "caption")
        if not upload.content.startswith(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"):
            raise _bad("IMAGE_PROCESS_FAILED")  # coopbot's charts are PNGs
        width, height = struct.unpack(">II", upload.content[16:24])
        photo = self._stored(upload.content) | {"width": width, "height": height}
        return self._bot_message(params, caption | {"photo": [photo]})

    def _close_query(self, params: J, key: str) -> None:
        if params.get(key) not in self._open_queries:
            raise _bad(_QUERY_INVALID)
        self._open_queries.discard(params[key])

    async def _answer_callback_query(self, params: J) -> bool:
        if len(params.get("text") or "") > 200:
            raise _bad("MESSAGE_TOO_LONG")
        self._close_query(params, "callback_query_id")
        return True

    async def _answer_inline_query(self, params: J) -> bool:
        results = params.get("results") or []
        ids = [result.get("id") for result in results]
        if len(results) > 50:
            raise _bad("RESULTS_TOO_MUCH")
        if not all(1 <= len(str(i).encode()) <= 64 for i in ids) or len(set(ids)) < len(ids):
            raise _bad("RESULT_ID_INVALID")
        for result in results:
            if result.get("type") != "article":  # the only kind coopbot sends
                raise _bad("RESULT_TYPE_INVALID")
            if not str(result.get("title") or "").strip():
                raise _bad("ARTICLE_TITLE_EMPTY")
            content = result.get("input_message_content") or {}
            self._formatted(content | {"text": content.get("message_text")})
            self._keyboard(result)
        start = (params.get("button") or {}).get("start_parameter")
        if start is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", start):
            raise _bad("START_PARAM_INVALID")
        self._close_query(params, "inline_query_id")
        return True

    async def _send_chat_action(self, params: J) -> bool:
        self._chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    async def _get_file(self, params: J) -> J:
        if (content := self._files.get(file_id := params.get("file_id"))) is None:
            raise _bad("invalid file_id")
        if len(content) > 20 * 1024 * 1024:
            raise _bad("file is too big")
        return self._stored_fields(file_id) | {"file_path": file_id}

    async def _get_updates(self, params: J) -> list[J]:
        if (offset := params.get("offset")) is not None:  # confirms the updates before it
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        wait = min(float(params.get("timeout") or 0), self.max_long_poll)
        if not self._updates and not self._closing and wait > 0:
            self._wakeup.clear()
            try:
                await asyncio.wait_for(self._wakeup.wait(), wait)
            except TimeoutError:
                pass
        return self._updates[: params.get("limit") or 100]

"""A lean stand-in for Telegram's Bot API server, for tests: only the methods coopbot calls.

``FakeBotAPI`` answers them over HTTP on 127.0.0.1 (the end-to-end tests: the real
``Application`` polling it, or ``coopbot serve`` in a subprocess) or in-process through
``answer`` (tests/tgkit.py's RecordingRequest, python-telegram-bot's own offline pattern):
the same checks either way. Methods: getMe, getUpdates, deleteWebhook, setWebhook,
setMyCommands, sendMessage, editMessageText, sendDocument, sendPhoto, answerCallbackQuery,
answerInlineQuery, sendChatAction, getFile and file downloads (others answer 404). Checked as
Telegram checks them:

* the token (401) and the method name, case-insensitively (404);
* ``parse_mode=HTML`` with TDLib's parser (same tags, attributes, entity references and error
  texts; an unknown named entity such as ``&nbsp;`` is refused, where Telegram would show it
  raw), then the visible text: surrounding whitespace trimmed, 1..4096 UTF-16 code units;
  a caption 0..1024;
* inline keyboards (``callback_data`` 1..64 bytes; coopbot sends no other kind of button);
* answerInlineQuery: an open inline query, at most 50 article results with unique ids, a
  title and a message text checked like a message's, a valid ``start_parameter`` button;
* editMessageText: unknown message, a user's message, "message is not modified";
* sendDocument/sendPhoto: a multipart upload, never empty, size caps; a photo must be a
  well-formed PNG (coopbot's charts) with sane dimensions. The bytes sent: ``file_content``;
* 429 "Too Many Requests" with ``retry_after`` (or any other error) on demand: ``fail_next``;
* getUpdates: ``offset`` confirms, ``limit``, long polling capped at ``max_long_poll``,
  ``allowed_updates``; callback queries answered once; chat actions coopbot uses.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import mimetypes
import re
import struct
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from aiohttp import web

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_USERNAME",
    "DEFAULT_GROUP_ID",
    "DEFAULT_TOKEN",
    "DEFAULT_USER_ID",
    "Call",
    "FakeBotAPI",
    "HtmlParseError",
    "parse_html",
    "utf16_len",
]

_LOG = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456789:AAHfakeTokenForTests_0123456789abcdef"
DEFAULT_USER_ID = 1001
DEFAULT_GROUP_ID = -1001234567890
BOT_FIRST_NAME = "CoopBot"
BOT_USERNAME = "coopbot_test_bot"

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_UPLOAD_DOCUMENT = 50 * 1024 * 1024
MAX_UPLOAD_PHOTO = 10 * 1024 * 1024
PHOTO_SIDES = (90, 320, 800, 1280, 2560)  # the PhotoSizes Telegram makes of a photo
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_RESULTS = 50
_INLINE_TYPES = frozenset({"article"})  # the only kind coopbot sends
MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024

_DEFAULT_CHAT_IDS = {
    "group": -4001234567,
    "supergroup": DEFAULT_GROUP_ID,
    "channel": -1009876543210,
}
_UPDATE_TYPES_OFF_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}
_CHAT_ACTIONS = {"typing", "upload_photo", "upload_document"}  # those coopbot sends
_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


# --------------------------------------------------------------------------------------------
# Text measurement and Telegram's HTML parse mode (a port of TDLib's parse_html)
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's offsets and length limits."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; the message is TDLib's (without the API prefix)."""


_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SPACE = frozenset(b" \t\r\n\v\f\x00")  # TDLib's is_space() is true for NUL (end of string)
_NAMED_REFS = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_NAMED_REF_RE = re.compile(rb"&[A-Za-z][A-Za-z0-9]*;")
_SIMPLE_ENTITIES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_ENTITY_PRIORITY = {
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
    "code": 20,
    "pre": 11,
    "text_link": 49,
    "blockquote": 0,
    "expandable_blockquote": 0,
}


def _is_digit(c: int) -> bool:
    return 0x30 <= c <= 0x39


def _is_alpha(c: int) -> bool:
    return 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A


def _is_hex(c: int) -> bool:
    return _is_digit(c) or 0x41 <= c <= 0x46 or 0x61 <= c <= 0x66


def _decode_reference(b: bytes, pos: int) -> tuple[int, int]:
    """TDLib's decode_html_entity: (code point, position after it), or (0, pos) if none.

    Knows &lt; &gt; &amp; &quot; and numeric references; the ';' is optional.
    """

    def at(i: int) -> int:
        return b[i] if i < len(b) else 0

    end = pos + 1
    code = 0
    if at(pos + 1) == 0x23:  # '#'
        end += 1
        if at(pos + 2) == 0x78:  # 'x'
            end += 1
            while _is_hex(at(end)):
                code = code * 16 + int(chr(at(end)), 16)
                end += 1
        else:
            while _is_digit(at(end)):
                code = code * 10 + at(end) - 0x30
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while _is_alpha(at(end)):
            end += 1
        name = _NAMED_REFS.get(b[pos + 1 : end])
        if name is None:
            return 0, pos
        code = ord(name)
    return code, end + 1 if at(end) == 0x3B else end


def parse_html(text: str, *, strict_entities: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (visible text, Bot API entity dicts), as TDLib does.

    Raises HtmlParseError with TDLib's message and UTF-8 byte offsets. With strict_entities,
    an unknown named reference such as ``&nbsp;`` is an error instead of literal text.
    """
    b = text.encode("utf-8", "surrogatepass")
    size = len(b)

    def at(i: int) -> int:
        return b[i] if i < size else 0

    out = bytearray()
    entities: list[dict[str, Any]] = []
    nested: list[tuple[str, str, int, int]] = []  # tag, argument, utf16 offset, out position
    u16 = 0
    decoded_surrogate = False
    i = 0
    while i < size:
        c = b[i]
        if c == 0x26:  # '&'
            code, after = _decode_reference(b, i)
            if code:
                u16 += 2 if code > 0xFFFF else 1
                decoded_surrogate |= 0xD800 <= code <= 0xDFFF
                out += chr(code).encode("utf-8", "surrogatepass")
                i = after
                continue
            if strict_entities and (m := _NAMED_REF_RE.match(b, i)):
                name = m.group().decode("ascii")
                raise HtmlParseError(f'Unsupported HTML entity "{name}" at byte offset {i}')
        if c != 0x3C:  # not '<'
            if c & 0xC0 != 0x80:  # first byte of a character
                u16 += 2 if c >= 0xF0 else 1
            out.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != 0x2F:  # start tag
            while at(i) not in _SPACE and at(i) != 0x3E:
                i += 1
            if at(i) == 0:
                raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
            tag = b[begin + 1 : i].decode("utf-8", "replace").lower()
            if tag not in _HTML_TAGS:
                raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = ""
            while at(i) != 0x3E:
                while at(i) != 0 and at(i) in _SPACE:
                    i += 1
                if at(i) == 0x3E:
                    break
                attr_begin = i
                while at(i) not in _SPACE and at(i) not in (0x3D, 0x3E):
                    i += 1
                attr = b[attr_begin:i].decode("utf-8", "replace")
                if not attr:
                    raise HtmlParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                    )
                while at(i) != 0 and at(i) in _SPACE:
                    i += 1
                if at(i) != 0x3D:  # an attribute without a value
                    if at(i) == 0:
                        raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                    if tag == "blockquote" and attr == "expandable":
                        argument = "1"
                        continue
                    raise HtmlParseError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {begin}'
                    )
                i += 1
                while at(i) != 0 and at(i) in _SPACE:
                    i += 1
                if at(i) == 0:
                    raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if at(i) not in (0x22, 0x27):  # a name token
                    token_begin = i
                    while _is_digit(at(i)) or _is_alpha(at(i)) or at(i) in (0x2E, 0x2D):
                        i += 1
                    value = b[token_begin:i].decode("ascii").lower()
                    if at(i) not in _SPACE and at(i) != 0x3E:
                        raise HtmlParseError(
                            f"Unexpected end of name token at byte offset {token_begin}"
                        )
                else:  # a quoted string, references decoded
                    quote = at(i)
                    i += 1
                    raw = bytearray()
                    while at(i) != quote and at(i) != 0:
                        if at(i) == 0x26:
                            code, after = _decode_reference(b, i)
                            if code:
                                raw += chr(code).encode("utf-8", "surrogatepass")
                                i = after
                                continue
                        raw.append(at(i))
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = raw.decode("utf-8", "replace")
                if at(i) == 0:
                    raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
                if tag == "a" and attr == "href":
                    argument = value
                elif tag == "code" and attr == "class" and value.startswith("language-"):
                    argument = value[9:]
                elif tag == "span" and attr == "class" and value.startswith("tg-"):
                    argument = value[3:]
                elif tag == "tg-emoji" and attr == "emoji-id":
                    argument = value
                elif tag == "blockquote" and attr == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise HtmlParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
                )
            nested.append((tag, argument, u16, len(out)))
            i += 1  # past '>'
            continue

        # an end tag
        if not nested:
            raise HtmlParseError(f"Unexpected end tag at byte offset {begin}")
        while at(i) not in _SPACE and at(i) != 0x3E:
            i += 1
        end_tag = b[begin + 2 : i].decode("utf-8", "replace").lower()
        while at(i) != 0 and at(i) in _SPACE:
            i += 1
        if at(i) != 0x3E:
            raise HtmlParseError(f"Unclosed end tag at byte offset {begin}")
        tag, argument, offset, out_pos = nested[-1]
        if end_tag and end_tag != tag:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", '
                f'found "</{end_tag}>"'
            )
        if u16 > offset:
            _add_entity(entities, tag, argument, offset, u16 - offset, out[out_pos:])
        nested.pop()
        i += 1  # past '>'

    if nested:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{nested[-1][0]}"')
    if decoded_surrogate:
        raise HtmlParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # a language only counts on <pre><code>
    entities.sort(key=lambda e: (e["offset"], -e["length"], _ENTITY_PRIORITY.get(e["type"], 50)))
    return out.decode("utf-8", "replace"), entities


def _add_entity(
    entities: list[dict[str, Any]],
    tag: str,
    argument: str,
    offset: int,
    length: int,
    inner: bytes | bytearray,
) -> None:
    entity: dict[str, Any] = {"offset": offset, "length": length}
    last = entities[-1] if entities else None
    same_span = last is not None and last["offset"] == offset and last["length"] == length
    if tag in _SIMPLE_ENTITIES:
        entities.append({"type": _SIMPLE_ENTITIES[tag], **entity})
    elif tag == "tg-emoji":
        if not argument.isdigit() or not 0 < int(argument) < 2**63:
            raise HtmlParseError("Invalid custom emoji identifier specified")
        entities.append({"type": "custom_emoji", **entity, "custom_emoji_id": argument})
    elif tag == "a":
        url = argument or bytes(inner).decode("utf-8", "replace")
        if url:
            entities.append({"type": "text_link", **entity, "url": url})
    elif tag == "pre":
        if same_span and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", **entity})
    elif tag == "code":
        if same_span and last["type"] == "pre" and argument:
            last["language"] = argument
        else:
            entities.append(
                {"type": "code", **entity, **({"language": argument} if argument else {})}
            )
    elif tag == "blockquote":
        kind = "expandable_blockquote" if argument else "blockquote"
        entities.append({"type": kind, **entity})


def _trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram drops leading and trailing whitespace of a message; entities follow the text."""
    stripped = text.strip(" \t\r\n\v\f")
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip(" \t\r\n\v\f"))])
    total = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


# --------------------------------------------------------------------------------------------
# Images: what Telegram's photo processing needs to know of a PNG
# --------------------------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_IMAGE_FAILED = "IMAGE_PROCESS_FAILED"


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a well-formed PNG; anything else is Telegram's IMAGE_PROCESS_FAILED.
    A PNG must have IHDR first, IDAT, IEND last and every chunk's CRC right."""
    if data.startswith(_PNG_SIGNATURE):
        return _png_size(data)
    raise _bad(_IMAGE_FAILED)  # coopbot sends PNG charts only


def _png_size(data: bytes) -> tuple[int, int]:
    pos, chunks, size = len(_PNG_SIGNATURE), [], (0, 0)
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        crc = data[pos + 8 + length : pos + 12 + length]
        if len(body) != length or len(crc) != 4:
            raise _bad(_IMAGE_FAILED)
        if zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            raise _bad(_IMAGE_FAILED)
        if kind == b"IHDR":
            if chunks or length != 13:
                raise _bad(_IMAGE_FAILED)
            size = struct.unpack(">II", body[:8])
        chunks.append(kind)
        pos += 12 + length
        if kind == b"IEND":
            break
    if not chunks or chunks[0] != b"IHDR" or chunks[-1] != b"IEND" or b"IDAT" not in chunks:
        raise _bad(_IMAGE_FAILED)
    if 0 in size:
        raise _bad(_IMAGE_FAILED)
    return size


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass
class Call:
    """One HTTP request the server answered."""

    method: str
    params: dict[str, Any]
    status: int
    response: Any = None  # the JSON answer (or, for file downloads, the file's size)
    at: float = 0.0  # time.monotonic() when it was answered

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def result(self) -> Any:
        """The ``result`` of a successful answer, else None."""
        if isinstance(self.response, dict):
            return self.response.get("result")
        return None

    def describe(self) -> str:
        shown = {k: v for k, v in self.params.items() if k != "text"}
        text = self.params.get("text")
        tail = f" text={text!r:.120}" if text is not None else ""
        return f"{self.method} -> {self.status} {shown}{tail}"


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes

    def describe(self) -> dict[str, Any]:
        """The file's fields as they appear in a message."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }


@dataclass
class Upload:
    """A file part of a multipart request."""

    name: str  # the form field
    filename: str
    content_type: str
    content: bytes

    def __repr__(self) -> str:
        return f"Upload({self.filename!r}, {len(self.content)} bytes)"


class _ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


# --------------------------------------------------------------------------------------------
# Request parameters: Telegram accepts query string, urlencoded, multipart and JSON bodies;
# nested objects arrive JSON-encoded in form fields.
# --------------------------------------------------------------------------------------------

_JSON_FIELDS = frozenset({"allowed_updates", "commands", "scope", "results", "button"})
_JSON_SUFFIXES = ("_markup", "entities", "_parameters")
_INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "reply_to_message_id",
        "max_connections",
        "cache_time",
    }
)
_BOOL_PREFIXES = ("disable_", "allow_", "protect_", "show_", "drop_", "is_")
_INT_RE = re.compile(r"-?\d+")
_NUMBER_RE = re.compile(r"-?\d+(\.\d+)?")


def _coerce(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in _JSON_FIELDS or key.endswith(_JSON_SUFFIXES):
        try:
            return json.loads(value)
        except ValueError:
            return value  # left as is; validation reports it like Telegram would
    if key in _INT_FIELDS and _INT_RE.fullmatch(value):
        return int(value)
    if key == "timeout" and _NUMBER_RE.fullmatch(value):
        return float(value)
    if key.startswith(_BOOL_PREFIXES) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT_RE.fullmatch(value):
        return int(value)
    return None


def _as_float(value: Any, default: float) -> float:
    if value is None or isinstance(value, bool):
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{3,32}(?![\w@])")


def _with_mentions(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entities`` plus a ``mention`` entity for each @username outside them, as Telegram
    adds to incoming messages (a username runs to the last [A-Za-z0-9_] character)."""
    taken = [(e["offset"], e["offset"] + e["length"]) for e in entities]
    found = []
    for m in _MENTION_RE.finditer(text):
        start = utf16_len(text[: m.start()])
        end = start + utf16_len(m.group())
        if not any(s < end and start < e for s, e in taken):
            found.append({"type": "mention", "offset": start, "length": end - start})
    return sorted([*entities, *found], key=lambda e: e["offset"])


def _add_caption(fields: dict[str, Any], caption: str | None) -> None:
    """A media message's caption with the mention entities Telegram adds to it."""
    if caption is None:
        return
    fields["caption"] = caption
    if entities := _with_mentions(caption, []):
        fields["caption_entities"] = entities


def _strip_reply(message: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in message.items() if k != "reply_to_message"}


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


class FakeBotAPI:
    """Telegram's Bot API server, faked on 127.0.0.1 for tests. See the module docstring."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        max_long_poll: float = 1.0,
    ) -> None:
        self.token = token
        self.max_long_poll = max_long_poll
        bot_id = _as_int(token.split(":", 1)[0])
        self.bot_user: dict[str, Any] = {
            "id": bot_id if bot_id and bot_id > 0 else 7000000001,
            "is_bot": True,
            "first_name": BOT_FIRST_NAME,
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.calls: list[Call] = []
        self.on_update: Callable[[dict[str, Any]], None] | None = None

        self._updates: list[dict[str, Any]] = []  # not yet confirmed by an offset
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._open_queries: set[str] = set()
        self._open_inline_queries: set[str] = set()
        self._inline_ids = itertools.count(1)
        self.commands: list[dict[str, str]] = []  # the last setMyCommands
        self._failures: dict[str, list[tuple[int, str | None, int]]] = {}
        self._allowed_updates: set[str] | None = None
        self._wakeup = asyncio.Event()
        self._call_recorded = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

        self._handlers = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "deleteWebhook": self._delete_webhook,
                "setWebhook": self._set_webhook,
                "setMyCommands": self._set_my_commands,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "sendDocument": self._send_document,
                "sendPhoto": self._send_photo,
                "answerCallbackQuery": self._answer_callback_query,
                "answerInlineQuery": self._answer_inline_query,
                "sendChatAction": self._send_chat_action,
                "getFile": self._get_file,
            }.items()
        }

    # ----- lifecycle -------------------------------------------------------------------------

    async def start(self) -> FakeBotAPI:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{file_path:.+}", self._handle_file)
        self._closing = False
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        self._closing = True
        self._wake_pollers()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)`` / ``Bot(base_url=...)``."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)`` / ``Bot(base_file_url=...)``."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ----- fault injection and inspection ----------------------------------------------------

    def fail_next(
        self,
        method: str,
        times: int = 1,
        retry_after: int = 1,
        *,
        error_code: int = 429,
        description: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error instead of running it.

        By default HTTP 429 "Too Many Requests: retry after N" with parameters.retry_after,
        which python-telegram-bot raises as RetryAfter. Other codes (e.g. 400, 403, 502) take
        ``description`` (default: the code's usual Telegram text).
        """
        canonical = self._canonical(method)
        if canonical is None:
            raise ValueError(f"FakeBotAPI does not implement {method!r}")
        queue = self._failures.setdefault(canonical, [])
        queue.extend([(error_code, description, retry_after)] * times)

    def current_text(self, message: dict[str, Any]) -> str:
        """The visible text of a message now, after any edits (``message``: a Call's result)."""
        return self._known(message)["text"]

    def successful_calls(self, method: str) -> list[Call]:
        canonical = self._canonical(method) or method
        return [c for c in self.calls if c.method == canonical and c.ok]

    async def wait_for_calls(self, method: str, count: int, timeout: float = 10.0) -> list[Call]:
        """Wait until at least ``count`` successful calls of ``method`` were answered."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            done = self.successful_calls(method)
            if len(done) >= count:
                return done
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._timeout_report(method, count, len(done), timeout))
            self._call_recorded.clear()
            try:
                await asyncio.wait_for(self._call_recorded.wait(), remaining)
            except TimeoutError:
                pass

    def _timeout_report(self, method: str, count: int, got: int, timeout: float) -> str:
        polls = sum(1 for c in self.calls if c.method == "getUpdates")
        shown = [f"  {c.describe()}" for c in self.calls if c.method != "getUpdates"]
        lines = [
            f"expected {count} successful {method} call(s) within {timeout}s, got {got}.",
            f"Recorded calls ({polls} getUpdates not shown, "
            f"{len(self._updates)} update(s) still unconfirmed):",
            *(shown or ["  (none)"]),
        ]
        return "\n".join(lines)

    # ----- driving: updates the "users" send -------------------------------------------------
    # Every push_* takes the sender as keywords: user_id, chat_type ("private", "group",
    # "supergroup"), chat_id (default: the user's private chat or the default group), username,
    # first_name.

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update (an update_id is assigned if missing) and return it."""
        if "update_id" in update:
            floor = update["update_id"] + 1
            current = next(self._update_ids)
            self._update_ids = itertools.count(max(floor, current))
        else:
            update = {"update_id": next(self._update_ids), **update}
        for key in ("message", "edited_message"):
            if isinstance(update.get(key), dict):
                self._remember(update[key])
        query = update.get("callback_query")
        if isinstance(query, dict):
            self._open_queries.add(str(query.get("id")))
            if isinstance(query.get("message"), dict):
                self._remember(query["message"])
        if self.on_update is not None:  # in-process: handed to the Application directly
            self.on_update(update)
        else:
            self._updates.append(update)
            self._wake_pollers()
        return update

    def push_message(
        self,
        text: str,
        *,
        entities: list[dict[str, Any]] | None = None,
        reply_to_message: dict[str, Any] | None = None,
        **sender: Any,
    ) -> dict[str, Any]:
        """A user sends a text message. Like Telegram's server, "@username" mentions in it get
        ``mention`` entities (besides ``entities`` given). ``reply_to_message``: a message (or
        the update holding it) it replies to."""
        entities = _with_mentions(text, entities or [])
        fields: dict[str, Any] = {"text": text}
        if entities:
            fields["entities"] = entities
        message = self._user_message(fields, **sender)
        if reply_to_message is not None:
            message["reply_to_message"] = _strip_reply(self._known(reply_to_message))
        return self.push_update({"message": message})

    def push_command(
        self,
        command_text: str,
        *,
        entities: list[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """A user sends a command, e.g. "/hoi@coopbot_test_bot câu hỏi" (bot_command entity)."""
        if not command_text.startswith("/"):
            raise ValueError("a command starts with '/'")
        command = command_text.split(maxsplit=1)[0]
        bot_command = {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
        return self.push_message(command_text, entities=[bot_command, *(entities or [])], **kwargs)

    def push_edited_message(self, text: str, *, message: dict[str, Any]) -> dict[str, Any]:
        """The sender of ``message`` (a message or the update holding it) edits it."""
        original = self._known(message)
        edited = {k: v for k, v in original.items() if k not in ("text", "entities", "edit_date")}
        edited["text"] = text
        edited["edit_date"] = int(time.time())
        return self.push_update({"edited_message": edited})

    def push_sticker(self, emoji: str = "👍", **sender: Any) -> dict[str, Any]:
        """A user sends a sticker."""
        stored = self._store_file(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "stickers", "sticker.webp")
        sticker = {
            **stored.describe(),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self.push_update({"message": self._user_message({"sticker": sticker}, **sender)})

    def push_photo(self, *, caption: str | None = None, **sender: Any) -> dict[str, Any]:
        """A user sends a photo; "@username" mentions in its caption get ``caption_entities``."""
        stored = self._store_file(b"\xff\xd8\xff\xe0fake-jpeg\xff\xd9", "photos", "photo.jpg")
        fields: dict[str, Any] = {"photo": [{**stored.describe(), "width": 1280, "height": 960}]}
        _add_caption(fields, caption)
        return self.push_update({"message": self._user_message(fields, **sender)})

    def push_document(
        self,
        file_name: str,
        content: bytes,
        *,
        mime_type: str = "text/plain",
        caption: str | None = None,
        **sender: Any,
    ) -> dict[str, Any]:
        """A user sends a file (with a caption, mentions detected); getFile and the file URL
        then serve ``content``."""
        stored = self._store_file(content, "documents", file_name)
        document = {**stored.describe(), "file_name": file_name, "mime_type": mime_type}
        fields: dict[str, Any] = {"document": document}
        _add_caption(fields, caption)
        return self.push_update({"message": self._user_message(fields, **sender)})

    def push_edited_caption(self, caption: str, *, message: dict[str, Any]) -> dict[str, Any]:
        """The sender of ``message`` (a photo or document) edits its caption."""
        original = self._known(message)
        edited = {
            k: v
            for k, v in original.items()
            if k not in ("caption", "caption_entities", "edit_date")
        }
        _add_caption(edited, caption)
        edited["edit_date"] = int(time.time())
        return self.push_update({"edited_message": edited})

    def push_inline_query(
        self,
        query: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        offset: str = "",
        chat_type: str = "sender",
    ) -> dict[str, Any]:
        """A user types "@bot ``query``" in a chat; the bot must answerInlineQuery it once."""
        if len(query) > 256:
            raise ValueError("Telegram cuts inline queries at 256 characters")
        inline = {
            "id": str(next(self._inline_ids) * 1000033 + 777),
            "from": self._user(user_id, None, "Test"),
            "query": query,
            "offset": offset,
            "chat_type": chat_type,
        }
        self._open_inline_queries.add(inline["id"])
        return self.push_update({"inline_query": inline})

    def push_callback_query(
        self,
        data: str,
        *,
        message: dict[str, Any],
        user_id: int = DEFAULT_USER_ID,
        check_buttons: bool = True,
    ) -> dict[str, Any]:
        """A user presses an inline button of ``message``, a message the bot sent (a Call's
        result). The update carries the message as the server knows it. With ``check_buttons``,
        ``data`` must be the callback_data of one of its buttons, as only those can be pressed.
        """
        current = self._known(message)
        if check_buttons:
            markup = current.get("reply_markup") or {}
            datas = [
                b.get("callback_data") for row in markup.get("inline_keyboard", []) for b in row
            ]
            if data not in datas:
                raise ValueError(f"{data!r} is not a button of that message (buttons: {datas})")
        query = {
            "id": str(next(self._query_ids) * 1000003 + 424242),
            "from": self._user(user_id, None, "Test"),
            "message": current,
            "chat_instance": str(-abs(current["chat"]["id"]) * 7 - 1),
            "data": data,
        }
        return self.push_update({"callback_query": query})

    # ----- internals: users, chats, messages, files -----------------------------------------

    def _user(self, user_id: int, username: str | None, first_name: str) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        user["language_code"] = "vi"
        return user

    def _chat_for(self, chat_id: int, chat_type: str, user: dict[str, Any]) -> dict[str, Any]:
        if chat_type == "private":
            chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            if "username" in user:
                chat["username"] = user["username"]
        else:
            chat = {"id": chat_id, "type": chat_type, "title": f"Test {chat_type}"}
        self._chats[chat_id] = chat
        return chat

    def _chat(self, chat_id: int) -> dict[str, Any]:
        known = self._chats.get(chat_id)
        if known is not None:
            return known
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "User"}
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return {"id": chat_id, "type": kind, "title": f"Test {kind}"}

    def _user_message(
        self,
        fields: dict[str, Any],
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_type: str = "private",
        chat_id: int | None = None,
        username: str | None = None,
        first_name: str = "Test",
    ) -> dict[str, Any]:
        if chat_id is None:
            chat_id = user_id if chat_type == "private" else _DEFAULT_CHAT_IDS[chat_type]
        user = self._user(user_id, username, first_name)
        return {
            "message_id": next(self._message_ids),
            "from": user,
            "chat": self._chat_for(chat_id, chat_type, user),
            "date": int(time.time()),
            **fields,
        }

    def _remember(self, message: dict[str, Any]) -> None:
        chat = message.get("chat") or {}
        if "id" in chat and "message_id" in message:
            self._messages[(chat["id"], message["message_id"])] = message
            self._chats.setdefault(chat["id"], chat)

    def _known(self, ref: dict[str, Any]) -> dict[str, Any]:
        """The stored message for a message dict, or for the update that carried one."""
        for key in ("message", "edited_message"):
            if isinstance(ref.get(key), dict) and "update_id" in ref:
                ref = ref[key]
        chat = ref.get("chat") if isinstance(ref, dict) else None
        found = self._messages.get((chat["id"], ref.get("message_id"))) if chat else None
        if found is None:
            raise ValueError(f"no message known for {ref!r}")
        return found

    def _store_file(self, content: bytes, folder: str, file_name: str) -> _StoredFile:
        n = next(self._file_ids)
        ext = file_name.rsplit(".", 1)[-1] if "." in file_name else ""
        ext = re.sub(r"[^A-Za-z0-9]", "", ext)[:8]
        path = f"{folder}/file_{n}" + (f".{ext}" if ext else "")
        stored = _StoredFile(
            file_id=f"BQACAgIAAxkBAAIF{n:06d}{folder[:3]}fake",
            file_unique_id=f"AgAD{n:06d}",
            file_path=path,
            content=bytes(content),
        )
        self._files[stored.file_id] = stored
        self._files_by_path[path] = stored
        return stored

    def _wake_pollers(self) -> None:
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    def _canonical(self, method: str) -> str | None:
        entry = self._handlers.get(method.lower())
        return entry[0] if entry else None

    # ----- HTTP ------------------------------------------------------------------------------

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.body_exists:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError as exc:
                    raise _bad("can't parse JSON encoded request body") from exc
                if isinstance(body, dict):
                    params.update(body)
            elif request.content_type in (
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            ):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, str):
                        params[key] = value
                    elif isinstance(value, web.FileField):
                        params[key] = Upload(
                            key,
                            value.filename or key,
                            value.content_type or "application/octet-stream",
                            value.file.read(),
                        )
        return {key: _coerce(key, value) for key, value in params.items()}

    def _record(self, method: str, params: dict[str, Any], status: int, response: Any) -> None:
        call = Call(method, params, status, response, time.monotonic())
        self.calls.append(call)
        _LOG.debug("FakeBotAPI %s", call.describe())
        self._call_recorded.set()

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            params = await self._read_params(request)
        except _ApiError as exc:
            self._record(method, {}, exc.status, exc.payload())
            return web.json_response(exc.payload(), status=exc.status)
        status, payload = await self.dispatch(request.match_info["token"], method, params)
        return web.json_response(payload, status=status)

    async def dispatch(
        self, token: str, method: str, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        """One Bot API call, over HTTP or in-process (see ``answer``): (status, JSON answer)."""
        if token != self.token:
            error = _ApiError(401, "Unauthorized")
            self._record(method, params, 401, error.payload())
            return 401, error.payload()
        entry = self._handlers.get(method.lower())
        if entry is None:
            _LOG.warning("FakeBotAPI: method %s is not implemented (answering 404)", method)
            error = _ApiError(404, "Not Found")
            self._record(method, params, 404, error.payload())
            return 404, error.payload()
        canonical, handler = entry
        try:
            injected = self._failures.get(canonical)
            if injected:
                raise self._injected_error(*injected.pop(0))
            payload: dict[str, Any] = {"ok": True, "result": await handler(params)}
            status = 200
        except _ApiError as exc:
            payload, status = exc.payload(), exc.status
        self._record(canonical, params, status, payload)
        return status, payload

    async def answer(self, url: str, request_data: Any) -> tuple[int, bytes]:
        """A request python-telegram-bot's ``BaseRequest.do_request`` would send to ``url``,
        answered in-process with the same checks (``request_data``: its RequestData)."""
        path = unquote(url.split("://", 1)[-1].split("/", 1)[-1])
        if path.startswith("file/bot"):
            token, _, file_path = path.removeprefix("file/bot").partition("/")
            stored = self._files_by_path.get(file_path) if token == self.token else None
            self._record("file", {"file_path": file_path}, 200 if stored else 404, None)
            if stored is None:
                return 404, json.dumps(_ApiError(404, "Not Found").payload()).encode()
            return 200, stored.content
        token, _, method = path.removeprefix("bot").partition("/")
        params: dict[str, Any] = {}
        if request_data is not None:
            params.update(request_data.json_parameters)
            for key, (name, content, mime) in request_data.multipart_data.items():
                data = content if isinstance(content, bytes) else content.read()
                params[key] = Upload(key, name or key, mime or "application/octet-stream", data)
        params = {key: _coerce(key, value) for key, value in params.items()}
        status, payload = await self.dispatch(token, method, params)
        return status, json.dumps(payload).encode()

    @staticmethod
    def _injected_error(code: int, description: str | None, retry_after: int) -> _ApiError:
        if code == 429:
            return _ApiError(
                429,
                description or f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )
        defaults = {
            400: "Bad Request",
            401: "Unauthorized",
            403: "Forbidden: bot was blocked by the user",
            404: "Not Found",
            409: _CONFLICT,
            500: "Internal Server Error",
            502: "Bad Gateway",
        }
        return _ApiError(code, description or defaults.get(code, "Error"))

    async def _handle_file(self, request: web.Request) -> web.Response:
        file_path = request.match_info["file_path"]
        params = {"file_path": file_path}
        if request.match_info["token"] != self.token:
            error = _ApiError(401, "Unauthorized")
            self._record("file", params, 401, error.payload())
            return web.json_response(error.payload(), status=401)
        stored = self._files_by_path.get(file_path)
        if stored is None:
            error = _ApiError(404, "Not Found")
            self._record("file", params, 404, error.payload())
            return web.json_response(error.payload(), status=404)
        self._record("file", params, 200, len(stored.content))
        return web.Response(body=stored.content, content_type="application/octet-stream")

    # ----- validation shared by methods ------------------------------------------------------

    def _formatted(
        self, params: dict[str, Any], field: str = "text"
    ) -> tuple[str, list[dict[str, Any]]]:
        """A message's visible text (or a caption) and its entities, checked as Telegram
        checks them: a text is 1..4096 UTF-16 code units, a caption 0..1024."""
        text = params.get(field)
        text = "" if text is None else str(text)
        entities = params.get("entities" if field == "text" else f"{field}_entities")
        parse_mode = str(params.get("parse_mode") or "")
        if entities not in (None, "", []):
            if not isinstance(entities, list):
                raise _bad("can't parse entities JSON object")
            entities = [dict(e) for e in entities]
        elif parse_mode.lower() == "html":
            try:
                text, entities = parse_html(text)
            except HtmlParseError as exc:
                raise _bad(f"can't parse entities: {exc}") from None
        elif parse_mode.lower() in ("markdown", "markdownv2"):
            raise _bad(f"can't parse entities: FakeBotAPI does not implement {parse_mode}")
        elif parse_mode:
            raise _bad("unsupported parse_mode")
        else:
            entities = []
        text, entities = _trim(text, entities)
        if field != "text":
            if utf16_len(text) > MAX_CAPTION_LENGTH:
                raise _bad("message caption is too long")
            return text, entities
        if not text:
            raise _bad("message text is empty")
        if utf16_len(text) > MAX_MESSAGE_LENGTH:
            raise _bad("message is too long")
        return text, entities

    @staticmethod
    def _inline_keyboard(params: dict[str, Any]) -> dict[str, Any] | None:
        """Validate reply_markup; return it if it is an inline keyboard to echo back."""
        markup = params.get("reply_markup")
        if markup in (None, ""):
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return None  # a reply keyboard, ReplyKeyboardRemove or ForceReply
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise _bad(
                        'can\'t parse inline keyboard button: Field "text" must be of type String'
                    )
                if "callback_data" not in button:  # the only kind of button coopbot sends
                    raise _bad(
                        "can't parse inline keyboard button: Text buttons are unallowed in the "
                        "inline keyboard"
                    )
                data = button["callback_data"]
                size = len(data.encode("utf-8")) if isinstance(data, str) else 0
                if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                    raise _bad("BUTTON_DATA_INVALID")
        return markup if any(rows) else None

    @staticmethod
    def _chat_id(params: dict[str, Any]) -> int:
        raw = params.get("chat_id")
        if raw in (None, ""):
            raise _bad("chat_id is empty")
        chat_id = _as_int(raw)
        if chat_id is None:
            raise _bad("chat not found")
        return chat_id

    def _reply_target(self, params: dict[str, Any], chat_id: int) -> dict[str, Any] | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            message_id = _as_int(reply.get("message_id"))
            target_chat = _as_int(reply.get("chat_id", chat_id))
            allow = bool(reply.get("allow_sending_without_reply"))
        else:
            message_id = _as_int(params.get("reply_to_message_id"))
            target_chat = chat_id
            allow = bool(params.get("allow_sending_without_reply"))
        if message_id is None:
            return None
        target = self._messages.get((target_chat, message_id))
        if target is None and not allow:
            raise _bad("message to be replied not found")
        return _strip_reply(target) if target else None

    def _bot_message(self, chat_id: int, fields: dict[str, Any]) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "from": {key: self.bot_user[key] for key in ("id", "is_bot", "first_name", "username")},
            "chat": self._chat(chat_id),
            "date": int(time.time()),
            **fields,
        }
        self._remember(message)
        return message

    # ----- methods ---------------------------------------------------------------------------

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return dict(self.bot_user)

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        self.webhook = {}
        return True

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = params.get("url")
        if not isinstance(url, str) or not url:
            raise _bad("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        token = params.get("secret_token")
        if token is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(token)):
            raise _bad("Bad Request: secret token contains unallowed characters")
        self.webhook = {"url": url, "secret_token": token}
        return True

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad("too many commands")
        for command in commands:
            name = command.get("command") if isinstance(command, dict) else None
            if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise _bad("BOT_COMMAND_INVALID")
        self.commands = [
            {"command": c["command"], "description": c.get("description", "")} for c in commands
        ]
        return True

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        text, entities = self._formatted(params)
        markup = self._inline_keyboard(params)
        fields: dict[str, Any] = {}
        reply_to = self._reply_target(params, chat_id)
        if reply_to is not None:
            fields["reply_to_message"] = reply_to
        fields["text"] = text
        if entities:
            fields["entities"] = entities
        if markup is not None:
            fields["reply_markup"] = markup
        return self._bot_message(chat_id, fields)

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        message_id = _as_int(params.get("message_id"))
        if message_id is None:
            raise _bad("message identifier is not specified")
        message = self._messages.get((chat_id, message_id))
        if message is None:
            raise _bad("message to edit not found")
        if not (message.get("from") or {}).get("is_bot"):
            raise _bad("message can't be edited")
        text, entities = self._formatted(params)
        markup = self._inline_keyboard(params)
        if (
            message.get("text") == text
            and message.get("entities", []) == entities
            and message.get("reply_markup") == markup
        ):
            raise _ApiError(400, _NOT_MODIFIED)
        edited = {k: v for k, v in message.items() if k not in ("text", "entities", "reply_markup")}
        edited["text"] = text
        if entities:
            edited["entities"] = entities
        if markup is not None:  # an edit without reply_markup drops the keyboard
            edited["reply_markup"] = markup
        edited["edit_date"] = int(time.time())
        self._remember(edited)
        return edited

    def _input_file(self, params: dict[str, Any], field: str, limit: int) -> Upload:
        """The file of a send method: an upload (directly or through attach://)."""
        value = params.get(field)
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(value.removeprefix("attach://"))
        if value is None or value == "":
            raise _bad(f"there is no {field} in the request")
        if isinstance(value, Upload):
            if not value.content:
                raise _bad("file must be non-empty")
            if len(value.content) > limit:
                raise _ApiError(413, "Request Entity Too Large")
            return value
        raise _bad("wrong file identifier/HTTP URL specified")  # coopbot always uploads

    def _media_message(self, params: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
        """A sent file's message: the caption and its entities, buttons, the replied message."""
        chat_id = self._chat_id(params)
        caption, entities = self._formatted(params, "caption")
        markup = self._inline_keyboard(params)
        reply_to = self._reply_target(params, chat_id)
        if reply_to is not None:
            fields["reply_to_message"] = reply_to
        if caption:
            fields["caption"] = caption
        if entities:
            fields["caption_entities"] = entities
        if markup is not None:
            fields["reply_markup"] = markup
        return self._bot_message(chat_id, fields)

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        self._chat_id(params)
        upload = self._input_file(params, "document", MAX_UPLOAD_DOCUMENT)
        self._formatted(params, "caption")  # every check before anything is stored
        self._inline_keyboard(params)
        stored = self._store_file(upload.content, "documents", upload.filename)
        mime = upload.content_type
        if mime == "application/octet-stream":
            mime = mimetypes.guess_type(upload.filename)[0] or mime
        document = {**stored.describe(), "file_name": upload.filename, "mime_type": mime}
        return self._media_message(params, {"document": document})

    async def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        self._chat_id(params)
        upload = self._input_file(params, "photo", MAX_UPLOAD_PHOTO)
        width, height = image_size(upload.content)
        if width + height > 10_000 or max(width, height) > 20 * min(width, height):
            raise _bad("PHOTO_INVALID_DIMENSIONS")
        self._formatted(params, "caption")
        self._inline_keyboard(params)
        sizes = []
        longest = max(width, height)
        for side in PHOTO_SIDES:
            scale = min(1.0, side / longest)
            w, h = max(1, round(width * scale)), max(1, round(height * scale))
            stored = self._store_file(upload.content, "photos", "photo.png")
            sizes.append({**stored.describe(), "width": w, "height": h})
            if scale == 1.0:
                break
        return self._media_message(params, {"photo": sizes})

    def file_content(self, file_id: str) -> bytes:
        """The bytes of a file a user pushed or the bot sent (sendDocument, sendPhoto)."""
        return self._files[file_id].content

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_queries:
            raise _bad(_QUERY_INVALID)
        text = params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        return True

    async def _answer_inline_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("inline_query_id") or "")
        if query_id not in self._open_inline_queries:
            raise _bad(_QUERY_INVALID)
        results = params.get("results")
        if not isinstance(results, list):
            raise _bad("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise _bad("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            if not isinstance(result, dict) or result.get("type") not in _INLINE_TYPES:
                raise _bad("RESULT_TYPE_INVALID")
            result_id = result.get("id")
            if not isinstance(result_id, str) or not 1 <= len(result_id.encode()) <= 64:
                raise _bad("RESULT_ID_INVALID")
            if result_id in seen:
                raise _bad("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            if result["type"] == "article":
                if not str(result.get("title") or "").strip():
                    raise _bad("ARTICLE_TITLE_EMPTY")
                content = result.get("input_message_content")
                if not isinstance(content, dict) or "message_text" not in content:
                    raise _bad("MESSAGE_EMPTY")
                self._formatted({**content, "text": content["message_text"]})
            self._inline_keyboard(result)
        button = params.get("button")
        if button not in (None, ""):
            if not isinstance(button, dict) or not str(button.get("text") or "").strip():
                raise _bad("can't parse inline query results button JSON object")
            start = button.get("start_parameter")
            if "web_app" not in button and not (
                isinstance(start, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", start)
            ):
                raise _bad("START_PARAM_INVALID")
        if len(str(params.get("next_offset") or "").encode()) > 64:
            raise _bad("NEXT_OFFSET_INVALID")
        cache_time = params.get("cache_time")
        if cache_time is not None and (_as_int(cache_time) is None or _as_int(cache_time) < 0):
            raise _bad("cache_time is invalid")
        self._open_inline_queries.discard(query_id)
        return True

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._chat_id(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    async def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise _bad("invalid file_id")
        if len(stored.content) > MAX_DOWNLOAD_SIZE:
            raise _bad("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = _as_int(params.get("offset"))
        if offset is not None:
            if offset < 0:
                del self._updates[: max(0, len(self._updates) + offset)]
            else:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
        limit = _as_int(params.get("limit")) or 100
        limit = min(max(limit, 1), 100)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = set(allowed) or None

        loop = asyncio.get_running_loop()
        wait = min(max(_as_float(params.get("timeout"), 0.0), 0.0), self.max_long_poll)
        deadline = loop.time() + wait
        while True:
            batch = self._deliverable(limit)
            remaining = deadline - loop.time()
            if batch or self._closing or remaining <= 0:
                return batch
            wakeup = self._wakeup
            try:
                await asyncio.wait_for(wakeup.wait(), remaining)
            except TimeoutError:
                pass

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        def allowed(update: dict[str, Any]) -> bool:
            kinds = set(update) - {"update_id"}
            if self._allowed_updates is None:
                return not kinds <= _UPDATE_TYPES_OFF_BY_DEFAULT
            return bool(kinds & self._allowed_updates)

        self._updates = [u for u in self._updates if allowed(u)]  # others are never delivered
        return self._updates[:limit]

"""What keeps the bot safe to run: the token never reaches a log line or an error message,
python-telegram-bot's start-up tracebacks are held back, and uploaded files are checked
(name, type, size) before anything is read or stored."""

from __future__ import annotations

import logging
import re
import unicodedata
from urllib.parse import quote

from bot import ingest

SAFE_NAME = re.compile(r"[^\w.-]+", re.UNICODE)


class TokenFilter(logging.Filter):
    """Redacts the bot token from every log record (URLs in library logs carry it)."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        if self.token in record.getMessage():
            record.msg = record.getMessage().replace(self.token, "<token>")
            record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<token>")
        return True


def protect_logs(token: str) -> None:
    """Redact the token in every record the root handlers emit (once per handler, however
    often this is called); quiet httpx's per-request URLs."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenFilter) and f.token == token for f in handler.filters):
            handler.addFilter(TokenFilter(token))
    logging.getLogger("httpx").setLevel(logging.WARNING)


def redact(text: str, token: str) -> str:
    """`text` without the token, as written or URL-quoted."""
    for form in (token, quote(token, safe="")):
        if form:
            text = text.replace(form, "<token>")
    return text


class StartupErrors(logging.Filter):
    """Until the bot has started, python-telegram-bot's own error records are held back:
    a failed start (token rejected, API unreachable) is reported by serve() in one line,
    not in tracebacks that may carry the token."""

    def __init__(self) -> None:
        super().__init__()
        self.starting = True

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            self.starting and record.name.startswith("telegram") and record.levelno >= logging.ERROR
        )

    def install(self) -> None:
        for handler in logging.getLogger().handlers:
            handler.addFilter(self)


def safe_file_name(name: str | None) -> str | None:
    """A plain corpus `.txt` file name (as /hoantac takes it), or None if unusable."""
    if not name:
        return None
    name = unicodedata.normalize("NFC", name).replace("\\", "/").split("/")[-1]
    stem, dot, ext = name.rpartition(".")
    if not dot or ext.lower() != "txt":
        return None
    stem = SAFE_NAME.sub("_", stem).strip("._")[:80]
    return f"{stem}.txt" if stem else None


class Upload:
    """An uploaded document as the bot sees it before downloading it: a clean name, the type
    it was sent as, and why it cannot be added (None when it can)."""

    def __init__(self, file_name: str | None, mime_type: str | None):
        self.name = ingest.clean_name(file_name) or "tai_lieu"
        self.content_type = ingest.sent_type(self.name, mime_type)
        self.problem = ingest.unsupported(self.name, self.content_type)


def too_large(size: int | None, limit: int) -> bool:
    """Whether a declared or downloaded size is over the upload limit (unknown is not)."""
    return size is not None and size > limit

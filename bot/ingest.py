"""Adding documents: a file or URL → a normalised text file in corpus/ with a metadata header.

The header records where the text came from (source, original file name, sha256 of the bytes)
and what was understood (document type, number, issuer, province, date, signer), so an admin
can read and correct it; the corpus loader lets the header override its own reading.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from bot import history
from bot.article_meta import format_header, parse_header
from bot.corpus import Article, CorpusError
from bot.corpus_load import TEXT_SUFFIXES, corpus_files, parse_article
from bot.formats import Converted, convert, kind_of
from bot.text import fold

MAX_REDIRECTS = 5
FETCH_TIMEOUT = 20.0
ALLOWED_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/msword",
}


class FetchError(CorpusError):
    """A URL that could not be fetched; the message is the Vietnamese reason."""


@dataclass
class Added:
    """One input and what became of it."""

    input: str
    file: Path | None = None
    article: Article | None = None
    duplicate_of: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    content: str | None = None  # the normalised text with its header, as written to `file`


def fetch(url: str, max_bytes: int) -> tuple[bytes, str, str | None]:
    """GET an http(s) URL with a timeout, a redirect limit, a size cap and a content-type
    allow-list; returns (bytes, file name, content type)."""
    import httpx

    try:
        parsed = urlparse(url)
    except ValueError as exc:
        raise FetchError(f"địa chỉ không hợp lệ: {url!r}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise FetchError(f"chỉ nhận địa chỉ http:// hoặc https://, không phải {url!r}")
    try:
        with httpx.Client(
            follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=FETCH_TIMEOUT
        ) as client:
            with client.stream("GET", url, headers={"User-Agent": "coopbot"}) as response:
                if response.status_code != 200:
                    raise FetchError(f"máy chủ trả lời {response.status_code} cho {url}")
                ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype not in ALLOWED_TYPES:
                    raise FetchError(f"loại nội dung {ctype or 'không rõ'!r} không được nhận")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"tài liệu quá lớn ({int(declared):,} byte)")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"tài liệu quá lớn (trên {max_bytes:,} byte)")
                    chunks.append(chunk)
                final = str(response.url)
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"chuyển hướng quá {MAX_REDIRECTS} lần") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"không tải được {url}: {type(exc).__name__}") from exc
    except httpx.InvalidURL as exc:
        raise FetchError(f"địa chỉ không hợp lệ: {url!r}") from exc
    name = unquote(Path(urlparse(final).path).name) or "trang"
    if "." not in name:
        name += ".html" if "html" in ctype else ""
    return b"".join(chunks), name, ctype


def slug(text: str, limit: int = 50) -> str:
    """An ASCII file-name stem: 'Kế hoạch 185/KH-UBND' → 'ke_hoach_185_kh_ubnd'."""
    out = re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")
    return out[:limit].rstrip("_") or "tai_lieu"


def _known_digests(corpus_dir: Path) -> dict[str, str]:
    """sha256 of the original bytes (from headers) and of the files → file name."""
    known: dict[str, str] = {}
    for path in corpus_files(corpus_dir):
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        known[hashlib.sha256(raw).hexdigest()] = path.name
        head = raw[:4000].decode("utf-8", errors="ignore")
        if head.startswith("---") and (m := re.search(r"^sha256:\s*([0-9a-f]{64})", head, re.M)):
            known[m.group(1)] = path.name
    return known


def _header(article: Article, converted: Converted, original: str, source: str, digest: str):
    fields = {
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "doc_type": article.doc_type,
        "doc_number": article.doc_number,
        "issuer": article.issuer,
        "province": article.province,
        "publisher": article.publisher,
        "signer": article.signer,
        "scope": "national" if article.national else None,
        "source": source,
        "original": original,
        "sha256": digest,
        "format": converted.format,
    }
    return format_header(fields, "added by coopbot add; edit a value to correct it")


def prepare(
    data: bytes,
    name: str,
    corpus_dir: Path,
    source: str | None = None,
    content_type: str | None = None,
) -> Added:
    """Convert one document into the text add_bytes would write (in `.content`, with `.file`
    the path it would take) without writing anything; duplicates and errors are set instead."""
    result = Added(input=source or name)
    digest = hashlib.sha256(data).hexdigest()
    if digest in (known := _known_digests(corpus_dir)):
        result.duplicate_of = known[digest]
        return result
    try:
        converted = convert(data, name, content_type)
        body = converted.text
        if converted.fields or converted.format != "txt":
            # What the page itself said (title, date, site) goes in first as a header.
            fields = {"format": converted.format, **converted.fields}
            body = format_header(fields) + converted.text
        article = parse_article("new", body.encode("utf-8"))
    except CorpusError as exc:
        result.error = str(exc)
        return result
    text = body.split("\n---\n", 1)[1] if body.startswith("---\n") else body
    stem = slug(article.doc_number or Path(name).stem or article.title) + f"_{digest[:8]}"
    result.content = _header(article, converted, name, source or name, digest) + text.rstrip()
    result.content += "\n"
    result.file = corpus_dir / f"{stem}.txt"
    result.article = parse_article(stem, result.content.encode("utf-8"))
    result.warnings = result.article.warnings
    return result


def add_bytes(
    data: bytes,
    name: str,
    corpus_dir: Path,
    source: str | None = None,
    content_type: str | None = None,
) -> Added:
    """Convert one document and write it into corpus_dir (atomically); duplicates are refused."""
    result = prepare(data, name, corpus_dir, source, content_type)
    if result.content is None or result.file is None:
        return result
    corpus_dir.mkdir(parents=True, exist_ok=True)
    target = result.file
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    tmp.write_text(result.content, encoding="utf-8")
    os.replace(tmp, target)
    return result


def add_inputs(inputs: list[str], corpus_dir: Path, max_bytes: int) -> list[Added]:
    """`coopbot add PATH|URL…`: each input converted into corpus_dir; errors named, not fatal."""
    out = []
    for item in inputs:
        try:
            if re.match(r"^[a-z][a-z0-9+.-]*://", item, re.I):
                data, name, ctype = fetch(item, max_bytes)
                out.append(add_bytes(data, name, corpus_dir, source=item, content_type=ctype))
                continue
            path = Path(item)
            if not path.is_file():
                out.append(Added(item, error="không tìm thấy tệp"))
                continue
            if path.stat().st_size > max_bytes:
                out.append(Added(item, error=f"tệp quá lớn (tối đa {max_bytes:,} byte)"))
                continue
            out.append(add_bytes(path.read_bytes(), path.name, corpus_dir, source=path.name))
        except CorpusError as exc:
            out.append(Added(item, error=str(exc)))
        except OSError as exc:
            out.append(Added(item, error=f"không đọc được: {exc.strerror}"))
    return out


def describe(added: Added, records: int | None = None, replaced: bool = False) -> str:
    """One line for the admin: what was understood from the document."""
    if added.error:
        return f"Không thêm {added.input}: {added.error}."
    if added.duplicate_of:
        return f"Bỏ qua {added.input}: đã có trong kho ({added.duplicate_of})."
    a = added.article
    assert a is not None and added.file is not None
    parts = [x for x in (a.doc_type, a.doc_number) if x]
    what = " ".join(parts) or a.title
    bits = [what]
    if a.date:
        bits.append(f"ngày {a.date.strftime('%d/%m/%Y')}")
    if a.issuer:
        bits.append(a.issuer)
    bits.append("cả nước" if a.national else (a.province or "không rõ tỉnh"))
    bits.append(f"{len(a.paragraphs)} đoạn")
    if records is not None:
        bits.append(f"{records} số liệu")
    line = f"Đã {'thay' if replaced else 'thêm'} {added.file.name}: " + ", ".join(bits)
    if added.warnings:
        line += "; cảnh báo: " + "; ".join(added.warnings)
    return line + "."


# --- uploads (Telegram files and /them URLs) ---------------------------------------------------

READABLE = frozenset({"txt", "html", "pdf", "docx"})


@dataclass
class Stored:
    """An uploaded document and the corpus change it made (None: nothing was written)."""

    added: Added
    change: history.Change | None = None


def clean_name(name: str | None) -> str | None:
    """A sent file's name as a plain name: NFC, no folders, no control or format characters."""
    if not name:
        return None
    name = unicodedata.normalize("NFC", name).replace("\\", "/").split("/")[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C")).strip()
    return name[:120] or None


def sent_type(name: str, content_type: str | None) -> str | None:
    """The content type to go by for a sent file: none when its name has an extension (the
    name the admin gave it says more than a client's MIME guess)."""
    return None if Path(name).suffix else content_type


def unsupported(name: str, content_type: str | None = None) -> str | None:
    """bot.formats' Vietnamese message for a file it cannot read (a legacy .doc, another
    format), or None when it can; known before a single byte is downloaded."""
    if kind_of(name, content_type) in READABLE:
        return None
    try:
        convert(b"", name, content_type)  # refuses by kind before reading anything
    except CorpusError as exc:
        return str(exc)
    return None


def replaced_file(corpus_dir: Path, name: str, source: str | None = None) -> str | None:
    """The corpus file an incoming document replaces, if any: a text file of that very name
    (a corpus file sent back edited); else, for a URL, the newest file whose header has the same
    `source:`, and for a file, the newest whose header has the same `original:` name (a new
    version of the same document)."""
    if (
        Path(name).suffix.lower() in TEXT_SUFFIXES
        and not name.startswith(".")
        and (corpus_dir / name).is_file()
    ):
        return name
    url = source if source and _is_url(source) else None
    wanted = name.casefold()
    found: list[tuple[int, str]] = []
    for path in corpus_files(corpus_dir):
        try:
            with open(path, "rb") as f:
                head = f.read(4000).decode("utf-8", errors="ignore")
            mtime = path.stat().st_mtime_ns
        except OSError:
            continue
        if not head.startswith("---"):
            continue
        fields, _, _ = parse_header(head)
        if (url and fields.get("source") == url) or (
            not url and fields.get("original", "").casefold() == wanted
        ):
            found.append((mtime, path.name))
    return max(found)[1] if found else None


def store(
    data: bytes,
    name: str,
    corpus_dir: Path,
    user_id: int | None,
    source: str | None = None,
    content_type: str | None = None,
) -> Stored:
    """Add one uploaded document the way add_bytes does (conversion, metadata header, duplicate
    detection), or replace the document it is a new version of (see replaced_file): a
    replacement keeps the replaced file's name, so its citations and /hoantac name stay, and
    bot.history keeps the old bytes and logs the change."""
    added = prepare(data, name, corpus_dir, source, content_type)
    if added.content is None or added.file is None:
        return Stored(added)
    target = replaced_file(corpus_dir, name, source) or added.file.name
    content = added.content.encode("utf-8")
    change = history.save(corpus_dir, target, content, user_id)
    added.file = corpus_dir / target
    added.article = parse_article(added.file.stem, content)
    if change is None:  # the very same bytes are there already
        added.duplicate_of = target
    return Stored(added, change)


def _is_url(text: str) -> bool:
    return re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I) is not None

"""A corpus folder → Articles: files listed, read and decoded, each parsed as an administrative
document, converted text or a news page; bad and duplicate files skipped and named."""

from __future__ import annotations

import hashlib
import logging
import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from bot.article_meta import format_header, parse_header
from bot.corpus import Article, CorpusError, Skipped
from bot.layout.header import is_administrative
from bot.news_page import news_article
from bot.pool import process_pool
from bot.structured_text import structured_article
from bot.text import normalize

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 2_000_000
CLEAN_FORMATS = {"html", "pdf", "docx"}  # converted text: no site furniture left to filter
TEXT_SUFFIXES = (".txt", ".md")
DOCUMENT_SUFFIXES = (".html", ".htm", ".pdf", ".docx", ".doc")  # converted by bot.formats


def decode(raw: bytes, name: str) -> str:
    """Bytes → NFC text; raises CorpusError for empty, binary or non-UTF-8 files."""
    if not raw.strip():
        raise CorpusError("tệp rỗng")
    if b"\x00" in raw[:8192]:
        raise CorpusError("tệp nhị phân, không phải văn bản")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"không phải UTF-8 (byte lỗi ở vị trí {exc.start})") from exc
    text = normalize(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise CorpusError("tệp rỗng")
    return text


def parse_article(article_id: str, raw: bytes) -> Article:
    """Parse one article file; raises CorpusError when nothing usable is in it."""
    text = decode(raw, article_id)
    fields, body_text, warnings = parse_header(text)
    raw_lines = body_text.split("\n")
    if is_administrative(raw_lines) or fields.get("format") in CLEAN_FORMATS:
        article = structured_article(article_id, raw_lines, fields, warnings)
    else:
        article = news_article(article_id, body_text, fields, warnings)
    article.digest = hashlib.sha256(raw).hexdigest()
    return article


def corpus_files(corpus_dir: Path, suffixes: tuple[str, ...] = TEXT_SUFFIXES) -> list[Path]:
    """The article files of a corpus folder, in name order (hidden and temp files ignored)."""
    if not corpus_dir.is_dir():
        return []
    with os.scandir(corpus_dir) as entries:  # DirEntry caches the file type: no stat per file
        names = sorted(
            e.name
            for e in entries
            if e.is_file()
            and e.name.lower().endswith(suffixes)
            and not e.name.startswith((".", "~"))
        )
    return [corpus_dir / name for name in names]


def parse_file(path: Path, raw: bytes) -> Article:
    """A corpus file of any supported format → Article (PDF, DOCX and HTML converted first)."""
    if path.suffix.lower() in TEXT_SUFFIXES:
        return parse_article(path.stem, raw)
    from bot.formats import convert  # formats builds on this module's decode()

    converted = convert(raw, path.name)
    fields = {"format": converted.format, "source": path.name, **converted.fields}
    article = parse_article(path.stem, (format_header(fields) + converted.text).encode())
    article.digest = hashlib.sha256(raw).hexdigest()
    return article


def load_corpus(
    corpus_dir: Path, known: dict[str, Article] | None = None
) -> tuple[list[Article], list[Skipped]]:
    """Parse every article in the folder; bad files are skipped and named, never fatal.
    Articles in `known` whose file size and mtime are unchanged are reused without reading."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    # Articles by a quick hash of the body, then by fingerprint (to drop duplicate articles):
    # sha256 runs only when two quick hashes are equal, not on every unchanged article at each
    # reload (Python caches a string's hash in the string).
    alike: dict[int, list[tuple[Article, str]]] = {}
    known = known or {}
    names: dict[str, str] = {}  # article id (file stem) → file
    # In file order: a file skipped at once, or (file, its size and mtime, the article reused).
    entries: list[Skipped | tuple[Path, tuple[int, int], Article | None]] = []
    for path in corpus_files(corpus_dir, TEXT_SUFFIXES + DOCUMENT_SUFFIXES):
        if path.stem in names:
            entries.append(Skipped(path.name, f"trùng tên với {names[path.stem]}, hãy đổi tên"))
            continue
        names[path.stem] = path.name
        try:
            st = path.stat()
        except FileNotFoundError:
            entries.append(Skipped(path.name, VANISHED))
            continue
        stat = (st.st_size, st.st_mtime_ns)
        previous = known.get(path.stem)
        entries.append((path, stat, previous if previous and previous.stat == stat else None))
    parsed = iter(_parse_all([e[0] for e in entries if isinstance(e, tuple) and e[2] is None]))
    for entry in entries:
        if isinstance(entry, Skipped):
            skipped.append(entry)
            continue
        path, stat, article = entry
        if article is None:
            got = next(parsed)
            if isinstance(got, Skipped):
                skipped.append(got)
                continue
            article = got
            article.stat = stat
        similar = alike.setdefault(hash(tuple(p.text for p in article.paragraphs)), [])
        first = next((f for a, f in similar if a.fingerprint == article.fingerprint), None)
        if first is not None:
            skipped.append(Skipped(path.name, f"trùng nội dung với {first}"))
            continue
        similar.append((article, path.name))
        articles.append(article)
    return articles, skipped


VANISHED = "tệp đã bị xóa trong lúc nạp"
PARSE_POOL_FILES = 2000  # files to parse before a process pool pays for its start-up


def _parse_all(paths: list[Path]) -> list[Article | Skipped]:
    """The files parsed, in order: on a process pool when there are many (a full build at
    10^5 paragraphs parses ~13,000 files: ~20 s in one process)."""
    pool = process_pool(len(paths) >= PARSE_POOL_FILES)
    if pool is not None:
        try:
            with pool:
                return list(pool.map(_parse_one, paths, chunksize=64))
        except BrokenProcessPool:  # no pool here (e.g. an unimportable __main__): go serial
            log.warning("process pool unavailable; parsing in this process", exc_info=True)
    return [_parse_one(path) for path in paths]


def _parse_one(path: Path) -> Article | Skipped:
    """One file → its Article, or why it is skipped."""
    try:
        return parse_file(path, read_bytes(path))
    except FileNotFoundError:
        return Skipped(path.name, VANISHED)
    except CorpusError as exc:
        return Skipped(path.name, str(exc))


def read_bytes(path: Path) -> bytes:
    """Read a corpus file, refusing oversize files and files that vanish mid-reload."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CorpusError(f"tệp quá lớn ({size:,} byte, tối đa {MAX_FILE_BYTES:,})")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise CorpusError(VANISHED) from exc
    except OSError as exc:
        raise CorpusError(f"không đọc được tệp: {exc.strerror}") from exc

"""Corpus loading: raw article files → cleaned Article objects with numbered paragraphs."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from bot import gazetteer
from bot.layout import read_administrative
from bot.layout.header import DocHeader, is_administrative
from bot.layout.sections import structure
from bot.text import fold, normalize

MAX_FILE_BYTES = 2_000_000


class Paragraph(NamedTuple):
    article: str  # file stem
    number: int  # 1-based, after cleaning
    text: str
    section: str = ""  # "II. Mục tiêu › 2. Mục tiêu cụ thể › a) Tổ hợp tác"; empty in news


@dataclass
class Article:
    id: str  # file name without extension
    title: str
    date: date | None
    publisher: str | None
    province: str | None  # canonical pre-2025 name as the article names it
    paragraphs: list[Paragraph]
    digest: str  # sha256 of the raw bytes: the reload cache key
    warnings: list[str] = field(default_factory=list)
    stat: tuple[int, int] | None = None  # (size, mtime_ns) of the file, to skip re-reading it
    doc_type: str | None = None  # "Kế hoạch", "Quyết định"… for administrative documents
    doc_number: str | None = None  # "185/KH-UBND"
    issuer: str | None = None  # "UBND thành phố Cần Thơ"
    signer: str | None = None
    source: str | None = None  # URL or original file name the text came from
    national: bool = False  # about the whole country, issued by a central body

    @cached_property
    def fingerprint(self) -> str:
        """Identity of the article's body, to spot the same article saved twice."""
        return hashlib.sha256("\n".join(p.text for p in self.paragraphs).encode()).hexdigest()

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str  # Vietnamese, shown to admins


class CorpusError(ValueError):
    """A file that cannot become an article; the message is the Vietnamese reason."""


# Lines that are site furniture, never content. Matched on the folded line start.
_BOILERPLATE_PREFIXES = tuple(
    fold(p)
    for p in (
        "Thống kê truy cập",
        "Hôm nay:",
        "Đã truy cập",
        "Số người trực tuyến",
        "Số lượt xem",
        "Liên kết web",
        "Website liên kết",
        "Các tin khác",
        "Tin khác",
        "Tin Nóng",
        "Tin tiêu điểm",
        "Tin liên quan",
        "Lịch công tác",
        "Tìm kiếm",
        "Chịu trách nhiệm",
        "Giấy phép",
        "Ghi rõ nguồn",
        "Copyright",
        "Bản quyền",
        "Điện thoại",
        "Fax",
        "Email",
        "Địa chỉ:",
        "Dịch vụ công",
        "CSDL",
        "Thăm dò",
        "Màu chữ",
        "Cỡ chữ",
        "In bài",
        "Chia sẻ",
        "Đính kèm",
        "Tải về",
        "Trang chủ",
        "Cổng thông tin điện tử",
    )
)
_END_MARKERS = tuple(
    fold(p)
    for p in ("Các tin khác", "Tin khác", "Tin liên quan", "Liên kết web", "Website liên kết")
)
_BOILERPLATE_EXACT = {fold(x) for x in ("ĐK", "null", "Bình luận", "Lượt xem")}
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)"),  # 06/01/2023, 5-4-2024
    re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),  # ISO in headers
)
_SENTENCE_END = re.compile(r"""[.…:;!?"”)\]]\s*$|\.\s*/\s*\.?\s*$""")
_PUBLISHER_RE = re.compile(
    r"^(liên minh (hợp tác xã|htx)|cổng thông tin|ban tuyên giáo|phòng .*ban tuyên giáo|báo |"
    r"đài |sở |ủy ban nhân dân|ubnd)",
    re.IGNORECASE,
)
_TRAILING_BYLINE = re.compile(r"\s{4,}(\S.{0,60})$")
_WHITESPACE_RUN = re.compile(r"\s{4}")
_SOURCE_PREFIX = re.compile(r"^\((Cổng TTĐT|TTXVN|Chinhphu\.vn|[^()]{2,25})\)\s+")
_HEADER_FIELDS = {
    "title",
    "date",
    "province",
    "publisher",
    "doc_type",
    "doc_number",
    "issuer",
    "signer",
    "source",
    "scope",
    "format",
    "original",
    "sha256",
}
SECTION_SEPARATOR = " › "


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


def parse_header(text: str) -> tuple[dict[str, str], str, list[str]]:
    """Split an optional `---` key: value header from the body; returns (fields, body, warnings)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, []
    for end in range(1, min(len(lines), 30)):
        if lines[end].strip() == "---":
            break
    else:
        return {}, text, ["tiêu đề siêu dữ liệu '---' không được đóng, bỏ qua"]
    fields: dict[str, str] = {}
    warnings: list[str] = []
    for line in lines[1:end]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or key not in _HEADER_FIELDS:
            warnings.append(f"dòng siêu dữ liệu không hiểu: {line.strip()[:60]!r}")
            continue
        fields[key] = value.strip()
    return fields, "\n".join(lines[end + 1 :]), warnings


def parse_date(text: str) -> date | None:
    """First valid date in the text, in any of the formats seen in the corpus."""
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            a, b, c = (int(g) for g in m.groups())
            y, mo, d = (a, b, c) if a > 31 else (c, b, a)
            try:
                return date(y, mo, d)
            except ValueError:
                continue
    return None


_HEAD = 80  # folding a line's head is enough to recognise every boilerplate marker


def _is_boilerplate(line: str, head: str) -> bool:
    """`head` is fold(line[:_HEAD]): folding whole lines three times was a hot spot at 10^5."""
    if re.fullmatch(r"[\d\s.:,/-]*", line):
        return True
    return head.strip() in _BOILERPLATE_EXACT or head.lstrip().startswith(_BOILERPLATE_PREFIXES)


def _is_body(line: str) -> bool:
    # Photo captions, bylines and section labels are short and lack a sentence end.
    words = len(line.split())
    return words >= 45 or (words >= 8 and bool(_SENTENCE_END.search(line)))


def _clean_body_line(line: str) -> str:
    line = line.rstrip()
    # A byline sits in the last ~65 characters: search only there (whole lines were a hot spot).
    if _WHITESPACE_RUN.search(line, max(0, len(line) - 66)):
        line = _TRAILING_BYLINE.sub("", line)  # "... kịp thời.        CTV Thanh Tâm"
    line = _SOURCE_PREFIX.sub("", line.strip())
    return " ".join(line.split())


def _sentence_case(line: str) -> str:
    """'CỔNG THÔNG TIN ... TỈNH BẠC LIÊU' → 'Cổng thông tin ... tỉnh Bạc Liêu'."""
    out = line.lower().capitalize().replace("liên minh hợp tác xã", "Liên minh Hợp tác xã")
    for prov in gazetteer.find_provinces(out):
        out = re.sub(re.escape(prov.name.lower()), prov.name, out)
    return out


def _detect_province(title: str, body: list[str]) -> str | None:
    in_title = gazetteer.find_provinces(title)
    if in_title:
        return in_title[0].name
    counts: Counter[str] = Counter()
    for text in body:
        counts.update(p.name for p in gazetteer.find_provinces(text))
    return counts.most_common(1)[0][0] if counts else None


def _not_headline(line: str, following: list[str]) -> bool:
    """Whether a line above a news page's headline is the site's section name ("KINH TẾ -
    CHÍNH SÁCH", "Văn hóa - Giải trí") or its dateline ("Thứ Sáu, 20/09/2024 - 08:15") rather
    than the headline: a dateline always; a short label when a longer line follows soon."""
    words = line.split()
    undated = _DATE_PATTERNS[0].sub("", line)
    if parse_date(line) and len(re.findall(r"[^\W\d_]{2,}", undated)) <= 3:
        return True
    letters = [c for c in line if c.isalpha()]
    upper = bool(letters) and sum(c.isupper() for c in letters) >= 0.9 * len(letters)
    short_label = len(words) <= 5 and not _SENTENCE_END.search(line)
    longer_next = any(len(f.split()) >= 7 and not parse_date(f[:40]) for f in following)
    return (upper and len(words) <= 6 or short_label) and longer_next


def parse_article(article_id: str, raw: bytes) -> Article:
    """Parse one article file; raises CorpusError when nothing usable is in it."""
    text = decode(raw, article_id)
    fields, body_text, warnings = parse_header(text)
    raw_lines = body_text.split("\n")
    if is_administrative(raw_lines) or fields.get("format") in CLEAN_FORMATS:
        article = _structured_article(article_id, raw_lines, fields, warnings)
        article.digest = hashlib.sha256(raw).hexdigest()
        return article
    lines = [ln.strip() for ln in body_text.split("\n")]
    lines = [ln for ln in lines if ln]

    title = fields.get("title", "")
    body_lines: list[str] = []
    header_zone: list[str] = []
    publishers: list[str] = []
    title_head = fold(title[:_HEAD])
    ended = False  # after "Các tin khác" / "Liên kết web" only the footer (publisher) matters
    for i, line in enumerate(lines):
        cleaned = re.sub(r"^null\s+", "", line)
        head = fold(cleaned[:_HEAD])
        boilerplate = _is_boilerplate(cleaned, head)
        if boilerplate and body_lines and head.startswith(_END_MARKERS):
            ended = True
        if not title and not boilerplate and len(cleaned.split()) >= 4:
            if not body_lines and _not_headline(cleaned, lines[i + 1 : i + 16]):
                header_zone.append(cleaned)  # "KINH TẾ - CHÍNH SÁCH", "Thứ Sáu, 20/09/2024"
                continue
            title = cleaned
            title_head = head
            continue
        if title and head == title_head and fold(cleaned) == fold(title):
            continue  # the title repeated by the page template
        if not boilerplate and not ended and _is_body(cleaned):
            body_lines.append(_clean_body_line(cleaned))
            continue
        if not body_lines:
            header_zone.append(cleaned)
        if _PUBLISHER_RE.match(cleaned) and len(cleaned.split()) <= 14:
            publishers.append(_sentence_case(cleaned) if cleaned.isupper() else cleaned)
    # Prefer a publisher line that names its province over a bare "Liên minh HTX tỉnh".
    named = [p for p in publishers if gazetteer.find_provinces(p)]
    publisher = fields.get("publisher") or next(iter(named + publishers), None)
    if not body_lines:
        raise CorpusError("không có đoạn văn nội dung nào")

    article_date = _field_date(fields, warnings)
    if article_date is None:
        for line in header_zone:
            if len(line) <= 60 and (article_date := parse_date(line)):
                break

    province = _field_province(fields, warnings)
    if province is None:
        province = _detect_province(title, body_lines)

    paragraphs = [Paragraph(article_id, i, t) for i, t in enumerate(body_lines, start=1)]
    national = fields.get("scope", "").lower() in NATIONAL_SCOPES or _about_country(
        province, body_lines
    )
    return Article(
        id=article_id,
        title=title,
        date=article_date,
        publisher=publisher,
        province=province,
        paragraphs=paragraphs,
        digest=hashlib.sha256(raw).hexdigest(),
        warnings=warnings,
        source=fields.get("source"),
        national=national,
    )


CLEAN_FORMATS = {"html", "pdf", "docx"}  # converted text: no site furniture left to filter
NATIONAL_SCOPES = {"national", "cả nước", "toàn quốc", "ca nuoc", "toan quoc"}


_COUNTRY = re.compile(r"\b(ca nuoc|toan quoc)\b")


def _about_country(province: str | None, texts: list[str]) -> bool:
    """A news page about the whole country: "cả nước"/"toàn quốc" said more often than its
    most named province."""
    folded = [fold(t) for t in texts]
    country = sum(len(_COUNTRY.findall(t)) for t in folded)
    if country < 2:
        return False
    if province is None:
        return True
    named = sum(len(gazetteer.find_provinces(t)) for t in texts)
    return country > named


def _field_date(fields: dict[str, str], warnings: list[str]) -> date | None:
    if "date" not in fields:
        return None
    found = parse_date(fields["date"])
    if found is None:
        warnings.append(f"ngày trong siêu dữ liệu không hợp lệ: {fields['date']!r}")
    return found


def _field_province(fields: dict[str, str], warnings: list[str]) -> str | None:
    if "province" not in fields:
        return None
    found = gazetteer.lookup(fields["province"])
    if found is None:
        warnings.append(f"tỉnh trong siêu dữ liệu không rõ: {fields['province']!r}")
        return None
    return found.name


def _structured_article(
    article_id: str, lines: list[str], fields: dict[str, str], warnings: list[str]
) -> Article:
    """An administrative document (header, sections, tables) or converted clean text."""
    if is_administrative(lines):
        read = read_administrative(lines)
        header, blocks = read.header, read.blocks
    else:
        header = DocHeader()
        body = [ln for ln in lines if ln.strip()]
        if not fields.get("title") and body:
            fields = {**fields, "title": " ".join(body[0].split())}
            body = body[1:]
        blocks = structure(body)
    blocks = [b for b in blocks if b.text.strip()]
    if not blocks:
        raise CorpusError("không có đoạn văn nội dung nào")
    title = fields.get("title") or header.title or blocks[0].text[:120]
    national = (
        header.national
        or fields.get("scope", "").lower() in NATIONAL_SCOPES
        or (not is_administrative(lines) and _about_country(None, [b.text for b in blocks]))
    )
    province = _field_province(fields, warnings)
    if province is None and not national:
        for where in (header.issuer or "", header.parent or "", header.place or ""):
            if found := gazetteer.find_provinces(where):
                province = found[0].name
                break
        else:
            province = _detect_province(title, [b.text for b in blocks])
    paragraphs = [
        Paragraph(article_id, i, b.text, SECTION_SEPARATOR.join(b.section))
        for i, b in enumerate(blocks, start=1)
    ]
    return Article(
        id=article_id,
        title=title,
        date=_field_date(fields, warnings) or header.issued,
        publisher=fields.get("publisher") or header.issuer,
        province=province,
        paragraphs=paragraphs,
        digest="",
        warnings=warnings,
        doc_type=fields.get("doc_type") or header.doc_type,
        doc_number=fields.get("doc_number") or header.doc_number,
        issuer=fields.get("issuer") or header.issuer,
        signer=fields.get("signer") or header.signer,
        source=fields.get("source"),
        national=national,
    )


TEXT_SUFFIXES = (".txt", ".md")
DOCUMENT_SUFFIXES = (".html", ".htm", ".pdf", ".docx", ".doc")  # converted by bot.formats


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


def format_header(fields: dict[str, object], comment: str | None = None) -> str:
    """A `---` metadata header as parse_header reads it: one `key: value` line per non-empty
    value (kept on one line), an optional `#` comment first."""
    lines = ["---", *([f"# {comment}"] if comment else [])]
    lines += [f"{k}: {' '.join(str(v).split())}" for k, v in fields.items() if v]
    return "\n".join([*lines, "---", ""])


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
    seen: dict[str, str] = {}  # body fingerprint → first file, to drop duplicate articles
    known = known or {}
    names: dict[str, str] = {}  # article id (file stem) → file
    for path in corpus_files(corpus_dir, TEXT_SUFFIXES + DOCUMENT_SUFFIXES):
        if path.stem in names:
            skipped.append(Skipped(path.name, f"trùng tên với {names[path.stem]}, hãy đổi tên"))
            continue
        names[path.stem] = path.name
        try:
            st = path.stat()
            stat = (st.st_size, st.st_mtime_ns)
            previous = known.get(path.stem)
            if previous is not None and previous.stat == stat:
                article = previous
            else:
                article = parse_file(path, read_bytes(path))
                article.stat = stat
        except FileNotFoundError:
            skipped.append(Skipped(path.name, "tệp đã bị xóa trong lúc nạp"))
            continue
        except CorpusError as exc:
            skipped.append(Skipped(path.name, str(exc)))
            continue
        fingerprint = article.fingerprint
        if fingerprint in seen:
            skipped.append(Skipped(path.name, f"trùng nội dung với {seen[fingerprint]}"))
            continue
        seen[fingerprint] = path.name
        articles.append(article)
    return articles, skipped


def read_bytes(path: Path) -> bytes:
    """Read a corpus file, refusing oversize files and files that vanish mid-reload."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CorpusError(f"tệp quá lớn ({size:,} byte, tối đa {MAX_FILE_BYTES:,})")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise CorpusError("tệp đã bị xóa trong lúc nạp") from exc
    except OSError as exc:
        raise CorpusError(f"không đọc được tệp: {exc.strerror}") from exc

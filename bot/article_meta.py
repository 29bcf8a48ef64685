"""An article's metadata: the `---` header of a corpus file (written and read), dates, and the
province and scope an article is about, from its header or else from its text."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from bot import gazetteer
from bot.text import fold

DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)"),  # 06/01/2023, 5-4-2024
    re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),  # ISO in headers
)

# Any other key in a `---` header is reported, so that a misspelt one is not silently lost.
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
NATIONAL_SCOPES = {"national", "cả nước", "toàn quốc", "ca nuoc", "toan quoc"}


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
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            a, b, c = (int(g) for g in m.groups())
            y, mo, d = (a, b, c) if a > 31 else (c, b, a)
            try:
                return date(y, mo, d)
            except ValueError:
                continue
    return None


def format_header(fields: dict[str, object], comment: str | None = None) -> str:
    """A `---` metadata header as parse_header reads it: one `key: value` line per non-empty
    value (kept on one line), an optional `#` comment first."""
    lines = ["---", *([f"# {comment}"] if comment else [])]
    lines += [f"{k}: {' '.join(str(v).split())}" for k, v in fields.items() if v]
    return "\n".join([*lines, "---", ""])


def field_date(fields: dict[str, str], warnings: list[str]) -> date | None:
    """The header's date, if any; a date that cannot be read is a warning, not an error."""
    if "date" not in fields:
        return None
    found = parse_date(fields["date"])
    if found is None:
        warnings.append(f"ngày trong siêu dữ liệu không hợp lệ: {fields['date']!r}")
    return found


def field_province(fields: dict[str, str], warnings: list[str]) -> str | None:
    """The header's province as its canonical pre-2025 name; an unknown one is a warning."""
    if "province" not in fields:
        return None
    found = gazetteer.lookup(fields["province"])
    if found is None:
        warnings.append(f"tỉnh trong siêu dữ liệu không rõ: {fields['province']!r}")
        return None
    return found.name


def detect_province(title: str, body: list[str]) -> str | None:
    """The province the title names, else the one the body names most."""
    in_title = gazetteer.find_provinces(title)
    if in_title:
        return in_title[0].name
    counts: Counter[str] = Counter()
    for text in body:
        counts.update(p.name for p in gazetteer.find_provinces(text))
    return counts.most_common(1)[0][0] if counts else None


_COUNTRY = re.compile(r"\b(ca nuoc|toan quoc)\b")


def about_country(province: str | None, texts: list[str]) -> bool:
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

"""Structured figures: every target/actual quantity and every cited legal document in an article."""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import NamedTuple

from bot.corpus import Article, Paragraph
from bot.terms import years_in
from bot.text import fold

# Surface unit (folded, longest first) → canonical unit.
_UNITS: list[tuple[str, str]] = sorted(
    [
        ("%", "%"),
        ("lien hiep htx", "liên hiệp HTX"),
        ("lien hiep hop tac xa", "liên hiệp HTX"),
        ("lhhtx", "liên hiệp HTX"),
        ("htx", "HTX"),
        ("hop tac xa", "HTX"),
        ("to hop tac", "THT"),
        ("tht", "THT"),
        ("thanh vien", "thành viên"),
        ("lao dong", "người"),
        ("nguoi", "người"),
        ("luot", "lượt"),
        ("trieu dong", "triệu đồng"),
        ("ty dong", "tỷ đồng"),
        ("san pham", "sản phẩm"),
        ("doanh nghiep", "doanh nghiệp"),
    ],
    key=lambda u: -len(u[0]),
)
_NUM = r"\d+(?:[.,]\d+)*"
# A number or range, not part of a date, a document number or a decimal fragment.
_QUANTITY_RE = re.compile(rf"(?<![\d/.,-])({_NUM})(?:\s*[-–]\s*({_NUM}))?(?![\d/]|[.,]\d)")
_QUALIFIERS = ("toi thieu", "it nhat", "khoang", "tren", "hon", "gan", "toi da", "duoi")
_TARGET_CUES = (
    "muc tieu",
    "phan dau",
    "chi tieu",
    "ke hoach",
    "cam ket",
    "den nam",
    "de ra",
    "dinh huong",
)
_ACTUAL_CUES = (
    "tinh den",
    "hien co",
    "toan tinh co",
    "thang dau nam",
    "uoc thuc hien",
    "nang tong so",
    "den nay",
    "ket qua",
    "da thanh lap",
    "nam qua",
)
_TARGET_TITLE = re.compile(r"\b(ke hoach|muc tieu|chuong trinh|cam ket|chi tieu|de an)\b")
_PERIOD_NOTES = {
    "6 thang dau nam": "6 tháng đầu năm",
    "sau thang dau nam": "6 tháng đầu năm",
    "6 thang cuoi nam": "6 tháng cuối năm",
    "sau thang cuoi nam": "6 tháng cuối năm",
    "9 thang dau nam": "9 tháng đầu năm",
    "quy i ": "quý I",
}
# Years that are not the period of a figure: a comparison base, a law's year, a date of issue.
_NOT_PERIOD_YEAR = re.compile(r"(so voi|luat (htx|hop tac xa)|ngay \d{1,2}/\d{1,2}/?)\s*(nam\s*)?$")

# Indicator rules: folded keyword → indicator. The keyword nearest before the number wins,
# within its clause first, then within its sentence ("thành lập mới 100 HTX, 100 THT").
_INDICATORS: dict[str, str] = {
    "thanh lap moi": "thành lập mới {unit}",
    "doanh thu": "doanh thu bình quân/HTX",
    "loi nhuan": "lợi nhuận bình quân/HTX",
    "lai binh quan": "lợi nhuận bình quân/HTX",
    "thu nhap": "thu nhập bình quân thành viên/người lao động",
    "von dieu le": "vốn điều lệ",
    "cao dang": "cán bộ quản lý trình độ cao đẳng, đại học",
    "dai hoc": "cán bộ quản lý trình độ cao đẳng, đại học",
    "trung cap": "cán bộ quản lý trình độ sơ, trung cấp",
    "loai kha": "tỷ lệ HTX khá, tốt",
    "loai tot": "tỷ lệ HTX khá, tốt",
    "kha, tot": "tỷ lệ HTX khá, tốt",
    "cong nghe cao": "HTX ứng dụng công nghệ cao",
    "dao tao": "đào tạo, bồi dưỡng cán bộ quản lý HTX",
    "boi duong": "đào tạo, bồi dưỡng cán bộ quản lý HTX",
    "ocop": "{unit} OCOP",
    "chuoi gia tri": "HTX liên kết chuỗi giá trị",
    "lien ket voi doanh nghiep": "HTX liên kết với doanh nghiệp",
    "cung co": "củng cố HTX",
    "dung theo quy dinh": "HTX hoạt động đúng Luật HTX",
    "theo luat": "HTX hoạt động theo Luật HTX",
    "hieu qua": "HTX hoạt động có hiệu quả",
    "kieu moi": "HTX kiểu mới",
    "dien hinh": "HTX điển hình tiên tiến",
    "thu hut": "thu hút thành viên mới",
    "ho ca the": "hộ cá thể, cá nhân, tổ chức là thành viên HTX, THT",
    "quy mo": "tỷ lệ HTX quy mô nhỏ trở lên",
    "lao dong lam viec": "lao động làm việc thường xuyên",
    "tong so": "tổng số {unit}",
}
_COUNTABLE = {"HTX", "THT", "liên hiệp HTX"}


class Record(NamedTuple):
    """One figure. A NamedTuple: the index holds ~10^5 of them and loads them on every start,
    and tuples unpickle several times faster than dataclass instances."""

    article: str
    paragraph: int
    province: str | None
    kind: str  # "target" | "actual"
    period_start: int | None
    period_end: int | None
    period_note: str | None
    subject: str
    indicator: str
    value_min: float
    value_max: float
    qualifier: str | None
    unit: str
    text: str  # the sentence it comes from

    @property
    def keywords(self) -> frozenset[str]:
        """Folded words of indicator and unit, to rank records against a question."""
        return _keywords(self.indicator, self.unit)

    def to_json(self) -> dict:
        return self._asdict()

    def period(self) -> str:
        if self.period_start is None:
            return ""
        span = (
            str(self.period_start)
            if self.period_start == self.period_end
            else f"{self.period_start}–{self.period_end}"
        )
        return f"{self.period_note} {span}" if self.period_note else span

    def value(self) -> str:
        lo, hi = format_number(self.value_min), format_number(self.value_max)
        number = lo if lo == hi else f"{lo}–{hi}"
        unit = self.unit if self.unit == "%" else f" {self.unit}"
        return f"{self.qualifier + ' ' if self.qualifier else ''}{number}{unit}"

    def summary(self) -> str:
        """'Mục tiêu 2023 · thành lập mới HTX: 30–50 HTX'."""
        label = "Mục tiêu" if self.kind == "target" else "Thực hiện"
        return f"{label} {self.period()} · {self.indicator}: {self.value()}".replace("  ", " ")

    def cite(self) -> str:
        return f"{self.article}, đoạn {self.paragraph}"


class DocRef(NamedTuple):
    article: str
    paragraph: int
    kind: str  # "Nghị định", "Quyết định", ...
    number: str  # "193/2013/NĐ-CP", or "" for a law named by year
    name: str  # display name: "Nghị định 193/2013/NĐ-CP", "Luật Hợp tác xã 2012"

    def to_json(self) -> dict:
        return self._asdict()


@lru_cache(maxsize=4096)
def _keywords(indicator: str, unit: str) -> frozenset[str]:
    # Shared per (indicator, unit): records repeat a few hundred of them, and one object each
    # keeps memory and the pickled index small.
    return frozenset(re.findall(r"\w+", fold(f"{indicator} {unit}")))


def format_number(x: float) -> str:
    """Vietnamese style: 60.500, 1,3."""
    if x == int(x):
        return f"{int(x):,}".replace(",", ".")
    return f"{x:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")


def parse_number(raw: str) -> float:
    """Vietnamese number: 60.500 → 60500, 1,3 → 1.3, 02 → 2, 465.889 → 465889."""
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        return float(raw.replace(".", ""))
    if re.fullmatch(r"\d{1,3}(,\d{3})+", raw) and not re.fullmatch(r"\d+,\d{1,2}", raw):
        return float(raw.replace(",", ""))
    return float(raw.replace(".", "").replace(",", ".")) if "," in raw else float(raw)


_WINDOW = 60  # characters around a quantity that its unit, qualifier and "bình quân" lie in


def _unit_after(folded_tail: str) -> str | None:
    tail = folded_tail.lstrip()
    if tail.startswith("%"):
        return "%"
    for surface, unit in _UNITS:
        if tail.startswith(surface) and (
            len(tail) == len(surface) or not tail[len(surface)].isalnum()
        ):
            return unit
    return None


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The full sentence (between full stops) around `pos`."""
    start = text.rfind(". ", 0, pos)
    end = text.find(". ", pos)
    return (start + 2 if start != -1 else 0), (end + 1 if end != -1 else len(text))


def _clause(folded: str, start: int, end: int) -> str:
    """The clause around a quantity: from the previous separator to the next one."""
    left = max(folded.rfind(c, 0, start) for c in ";,.(:")
    left = left + 1 if left != -1 else 0
    rights = [i for i in (folded.find(c, end) for c in ";,.()") if i != -1]
    return folded[left : min(rights) if rights else len(folded)]


def _qualifier(folded_before: str) -> str | None:
    words = folded_before.split()[-2:]
    tail = " ".join(words)
    for q in _QUALIFIERS:
        if tail.endswith(q):
            return {
                "toi thieu": "tối thiểu",
                "it nhat": "ít nhất",
                "khoang": "khoảng",
                "tren": "trên",
                "hon": "hơn",
                "gan": "gần",
                "toi da": "tối đa",
                "duoi": "dưới",
            }[q]
    return None


def _kind(folded_before: str, default: str) -> str:
    last_t = max(folded_before.rfind(c) for c in _TARGET_CUES)
    last_a = max(folded_before.rfind(c) for c in _ACTUAL_CUES)
    if last_t == last_a == -1:
        return default
    return "target" if last_t > last_a else "actual"


_YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_YEAR_RANGE_RE = re.compile(r"(?<!\d)(20\d\d)\s*[-–]\s*(20\d\d)(?!\d)")


def _paragraph_years(folded: str) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """(position, year) of the years a paragraph names as periods, and its first year range."""
    years = [
        (m.start(), int(m.group(1)))
        for m in _YEAR_RE.finditer(folded)
        if not _NOT_PERIOD_YEAR.search(folded[max(0, m.start() - 25) : m.start()])
    ]
    rng = _YEAR_RANGE_RE.search(folded)
    return years, (int(rng.group(1)), int(rng.group(2))) if rng else None


def _period(
    years: tuple[list[tuple[int, int]], tuple[int, int] | None],
    pos: int,
    title_years: set[int],
    fallback: int | None,
):
    """(start, end) years for a quantity at `pos`: the paragraph's own year before it, widened to
    the programme period named in the title (2021–2025) when that year is its end."""
    found, rng = years
    if rng:
        return rng
    before = [y for p, y in found if p < pos] or [y for _, y in found]
    if before:
        year = before[0]
        span = sorted(title_years)
        if len(span) > 1 and span[0] <= year <= span[-1]:
            return span[0], span[-1]
        return year, year
    span = sorted(title_years)
    if span:
        return span[0], span[-1]
    return fallback, fallback


def _nearest_rule(folded: str, lo: int, hi: int) -> str | None:
    best, best_pos = None, -1
    for keyword, template in _INDICATORS.items():
        pos = folded.rfind(keyword, lo, hi)
        if pos > best_pos:
            best, best_pos = template, pos
    return best


_THT = re.compile(r"\b(to hop tac|tht)\b")
_HTX = re.compile(r"\b(hop tac xa|htx)\b")


def _rule_earlier_in_sentence(folded: str, sent_start: int, start: int) -> str | None:
    """A keyword earlier in the sentence, in the same ";"-separated item and outside any
    parenthesis closed before the figure: in "235 THT (thành lập mới 15 - 20 THT); 700 HTX",
    the "thành lập mới" belongs to the THT, not to the 700 HTX that follows."""
    lo = max(sent_start, folded.rfind(";", sent_start, start) + 1)
    closed = folded.rfind(")", lo, start)
    if closed != -1 and folded.rfind("(", closed, start) == -1:
        lo = closed + 1
    return _nearest_rule(folded, lo, start)


def _indicator(folded: str, sent_start: int, start: int, end: int, unit: str) -> str:
    clause_lo = max(folded.rfind(c, 0, start) for c in ";,.(:") + 1
    clause_hi = min([i for i in (folded.find(c, end) for c in ";,.()") if i != -1] or [len(folded)])
    template = (
        _nearest_rule(folded, clause_lo, start)
        or _nearest_rule(folded, end, clause_hi)
        or _rule_earlier_in_sentence(folded, sent_start, start)
    )
    after = folded[end : end + 40]
    if unit == "thành viên" and re.match(r"\s*thanh vien (to hop tac|tht)", after):
        return "số thành viên THT"
    if template and "{unit}" in template and unit not in _COUNTABLE | {"sản phẩm"}:
        template = None if "thanh lap moi" in template or "thành lập mới" in template else template
        if template is None and unit in {"người", "thành viên"}:
            return f"{'lao động' if unit == 'người' else 'thành viên'} của HTX thành lập mới"
    if template:
        return template.format(unit=unit)
    if unit == "thành viên":
        clause = folded[clause_lo:clause_hi]
        if _THT.search(clause):  # "thành viên THT" right after the figure returned above
            return "số thành viên THT"
        return "số thành viên HTX" if _HTX.search(clause) else "số thành viên"
    if unit in _COUNTABLE and re.match(r"\s*\w+( \w+)? thanh vien", after):
        return f"số {unit} thành viên"
    if unit in _COUNTABLE | {"doanh nghiệp", "sản phẩm"}:
        return f"số {unit}"
    return "số người" if unit == "người" else unit


def _subject(clause: str) -> str:
    if "lien hiep" in clause:
        return "liên hiệp HTX"
    if "to hop tac" in clause or "tht" in clause.split():
        return "THT"
    return "HTX"


def extract_records(article: Article) -> list[Record]:
    """Every quantity-with-unit in the article, classified as target or actual."""
    title_folded = fold(article.title)
    default_kind = "target" if _TARGET_TITLE.search(title_folded) else "actual"
    title_years = years_in(article.title)
    out: list[Record] = []
    for p in article.paragraphs:
        out.extend(_paragraph_records(article, p, default_kind, title_years))
    return out


def _paragraph_records(
    article: Article, p: Paragraph, default_kind: str, title_years: set[int]
) -> list[Record]:
    text = p.text
    folded = fold(text)  # same length as text for Vietnamese (one char per char)
    if len(folded) != len(text):
        folded = fold(text)[: len(text)].ljust(len(text))
    note = next((v for k, v in _PERIOD_NOTES.items() if k in folded), None)
    records = []
    sentences: dict[tuple[int, int], str] = {}  # one string per sentence, shared by its records
    years = _paragraph_years(folded)
    for m in _QUANTITY_RE.finditer(text):
        # Windows, not whole-paragraph slices: every quantity used to copy the paragraph twice.
        after = folded[m.end() : m.end() + _WINDOW]
        unit = _unit_after(after)
        if unit is None:
            continue
        before = folded[: m.start()]
        near = before[-_WINDOW:]
        if re.search(r"binh quan( cua)?\s*$", near) and parse_number(m.group(1)) == 1:
            continue  # "doanh thu bình quân 01 HTX": per cooperative, not a count
        lo = parse_number(m.group(1))
        hi = parse_number(m.group(2)) if m.group(2) else lo
        if hi < lo:
            lo, hi = hi, lo
        clause = _clause(folded, m.start(), m.end())
        s, e = _sentence_bounds(text, m.start())
        unit_end = m.end() + len(after) - len(after.lstrip())
        start, end = _period(years, m.start(), title_years, article.year)
        records.append(
            Record(
                article=article.id,
                paragraph=p.number,
                province=article.province,
                kind=_kind(before, default_kind),
                period_start=start,
                period_end=end,
                period_note=note,
                subject=unit if unit in _COUNTABLE else _subject(clause),
                # Interned: ~10^2 distinct names over ~10^5 records, shared once pickled.
                indicator=sys.intern(_indicator(folded, s, m.start(), unit_end, unit)),
                value_min=lo,
                value_max=hi,
                qualifier=_qualifier(near),
                unit=unit,
                text=sentences.setdefault((s, e), text[s:e].strip()),
            )
        )
    return records


# --- legal and planning documents ---------------------------------------------------------

_DOC_TYPES = {
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "KH": "Kế hoạch",
    "NQ": "Nghị quyết",
    "CTr": "Chương trình",
    "TT": "Thông tư",
    "CT": "Chỉ thị",
    "QH": "Luật",
}
_DOC_RE = re.compile(
    r"(?<![\w/])(\d{1,4})(?:/(\d{4}))?([/-]?)\s?((NĐ|QĐ|KH|NQ|CTr|TT|CT)[-/][A-ZĐa-z]+(?:/[A-Z]+)?)"
)
_LAW_RE = re.compile(r"Luật (?:HTX|Hợp tác xã)(?: năm (\d{4}))?", re.IGNORECASE)


def extract_doc_refs(article: Article) -> list[DocRef]:
    """Legal and planning documents cited, with the paragraph citing them."""
    out: list[DocRef] = []
    for p in article.paragraphs:
        seen: set[str] = set()
        for m in _DOC_RE.finditer(p.text):
            head, year, sep, code, kind_code = m.groups()
            # 45/2021NĐ-CP (slash missing in the source) → 45/2021/NĐ-CP; 20-NQ/TW keeps its dash.
            number = f"{head}/{year}/{code}" if year else f"{head}{sep or '/'}{code}"
            kind = _DOC_TYPES[kind_code]
            if number not in seen:
                seen.add(number)
                out.append(DocRef(article.id, p.number, kind, number, f"{kind} {number}"))
        for m in _LAW_RE.finditer(p.text):
            name = f"Luật Hợp tác xã {m.group(1)}" if m.group(1) else "Luật Hợp tác xã"
            if name not in seen:
                seen.add(name)
                out.append(DocRef(article.id, p.number, "Luật", m.group(1) or "", name))
    return out


# --- choosing what to show for a question ------------------------------------------------

_TARGET_Q = re.compile(r"\b(muc tieu|chi tieu|ke hoach|phan dau|cam ket|dinh huong)\b")
_ACTUAL_Q = re.compile(r"\b(ket qua|dat duoc|hien co|tinh den|thuc hien|thuc te|hien nay)\b")


def question_kind(question: str) -> str | None:
    """'target', 'actual' or None (both) from the question's wording."""
    folded = fold(question)
    t, a = bool(_TARGET_Q.search(folded)), bool(_ACTUAL_Q.search(folded))
    return "target" if t and not a else "actual" if a and not t else None


def select_records(
    records: list[Record], years: list[int], question: str, limit: int | None = None
) -> list[Record]:
    """Records for the question's years and kind, those sharing its words first."""
    kind = question_kind(question)
    chosen = [
        r
        for r in records
        if (not years or any(covers(r, y) for y in years)) and (kind is None or r.kind == kind)
    ]
    if kind is not None and not chosen:  # "mục tiêu" asked where only results exist: show those
        chosen = [r for r in records if not years or any(covers(r, y) for y in years)]
    words = {w for w in re.findall(r"\w+", fold(question)) if len(w) > 1 and not w.isdigit()}
    words -= {"muc", "tieu", "chi", "ke", "hoach", "nam", "tinh", "bao", "nhieu", "co", "cua"}

    counted = counted_unit(question)
    shared: dict[tuple[str, str], int] = {}  # a province has 10^3–10^4 records, ~10^2 kinds

    def fewer_shared(r: Record) -> int:
        key = (r.indicator, r.unit)
        if key not in shared:
            score = len(words & _keywords(*key))
            if counted is not None and r.unit == counted:  # "bao nhiêu HTX": counts of HTX
                score += 2 + r.indicator.startswith(("số", "tổng số"))
            shared[key] = -score
        return shared[key]

    ranked = sorted(chosen, key=fewer_shared)  # stable: document order within ties
    return ranked[:limit] if limit else ranked


_COUNT_Q = re.compile(r"\b(?:bao nhieu|so luong|tong so|so)\s+(?:cac\s+)?(\w+(?:\s\w+){0,3})")
_COUNTED = (  # folded words after "bao nhiêu" → the unit being counted; longest first
    ("lien hiep", "liên hiệp HTX"),
    ("hop tac xa", "HTX"),
    ("htx", "HTX"),
    ("to hop tac", "THT"),
    ("tht", "THT"),
    ("thanh vien", "thành viên"),
    ("lao dong", "người"),
    ("nguoi", "người"),
)


def counted_unit(question: str) -> str | None:
    """The unit a "how many" question counts: "có bao nhiêu HTX" → "HTX"."""
    m = _COUNT_Q.search(fold(question))
    if m is None:
        return None
    return next((unit for words, unit in _COUNTED if m.group(1).startswith(words)), None)


def covers(r: Record, year: int) -> bool:
    """Whether the record's period includes the year."""
    return r.period_start is not None and r.period_start <= year <= (r.period_end or r.period_start)


_DOC_Q = re.compile(
    r"\b(nghi dinh|nd|quyet dinh|qd|ke hoach|kh|nghi quyet|nq|chuong trinh|ctr|thong tu|chi thi)"
    r"\s*(?:so\s*)?(\d{1,4})"
)


def document_lookup(refs: list[DocRef]) -> dict[str, list[DocRef]]:
    """Refs by the leading number of the document ("193") and by "luat" for laws."""
    table: dict[str, list[DocRef]] = {}
    for ref in refs:
        key = "luat" if ref.kind == "Luật" else _leading_number(ref.number)
        if key:
            table.setdefault(key, []).append(ref)
    return table


@lru_cache(maxsize=8192)
def _leading_number(number: str) -> str:
    head = re.match(r"\d+", number)  # cached: every reload re-reads ~10^4 citations
    return head.group(0) if head else ""


@lru_cache(maxsize=8192)
def _folded_number(number: str) -> str:
    return fold(number)  # the same few document numbers are cited thousands of times


def match_documents(lookup: dict[str, list[DocRef]], question: str) -> list[DocRef]:
    """Citing paragraphs of the documents a question names ("Nghị định 193", "332/QĐ-UBND")."""
    folded = fold(question)
    named = {m.group(2) for m in _DOC_Q.finditer(folded)}  # "nghị định 193" → 193
    numbers = {fold(n) for n in re.findall(r"\d{1,4}[/-][\w/-]+", question)}
    heads = named | {n.split("/")[0].split("-")[0] for n in numbers}
    out = []
    for head in sorted(heads):
        for ref in lookup.get(head, []):
            number = _folded_number(ref.number)
            if head in named or any(number.startswith(n) or n.startswith(number) for n in numbers):
                out.append(ref)
    if re.search(r"\bluat (htx|hop tac xa)\b", folded):
        out += lookup.get("luat", [])
    return out

"""A user's question, parsed once: provinces (through the 2025 merger), scope, years, the
documents it names, whether it asks for figures; everything downstream takes a Query."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot import gazetteer
from bot.figures import asked
from bot.figures.docrefs import number_key
from bot.terms import years_in
from bot.text import fold, has_diacritics, normalize

MAX_QUESTION_CHARS = 500  # longer messages are searched on their first 500 characters

_DOC_TYPE_WORDS = {
    "ke hoach": "Kế hoạch",
    "kh": "Kế hoạch",
    "quyet dinh": "Quyết định",
    "qd": "Quyết định",
    "bao cao": "Báo cáo",
    "bc": "Báo cáo",
    "nghi quyet": "Nghị quyết",
    "nq": "Nghị quyết",
    "chuong trinh": "Chương trình",
    "ctr": "Chương trình",
    "de an": "Đề án",
    "cong van": "Công văn",
    "nghi dinh": "Nghị định",
    "nd": "Nghị định",
    "thong tu": "Thông tư",
    "chi thi": "Chỉ thị",
    "thong bao": "Thông báo",
    "ket luan": "Kết luận",
    "kl": "Kết luận",
    "luat": "Luật",
    "to trinh": "Tờ trình",
}
_NAMED_DOC = re.compile(
    # "Chương trình hành động số 29", "Kế hoạch của UBND tỉnh Điện Biên số 3149": up to six
    # words (an issuer's name) between the type and its number when "số" says a number follows.
    r"\b(" + "|".join(sorted(_DOC_TYPE_WORDS, key=len, reverse=True)) + r")"
    r"(?:(?:\s+[a-z]+){1,6}\s+so\s*|\s*(?:so\s*)?)"
    r"(\d{1,5})(?![\d.,%])((?:-[a-z][\w.]*)?(?:\s*/\s*[\w.-]+)*)(?:\s+nam\s+((?:19|20)\d\d)\b)?"
)
# A full number without its type: "185/KH-UBND", "45/2021/NĐ-CP", "5529/BKHĐT-HTX", and the
# Party's dash form "70-KL/TW".
_FULL_NUMBER = re.compile(
    r"(?<![\w/])(\d{1,5})((?:\s*/\s*\d{4})?\s*/\s*[a-z][\w.-]*(?:/[\w.-]+)*|-[a-z]+/[a-z]\w*)"
)
_SIGNER = re.compile(r"\b(ai ky|nguoi ky|ky boi|ai da ky|ai la nguoi ky|ky ten)\b")
_LAW_NAMED = re.compile(r"\bluat (htx|hop tac xa)\b")
_LAW_YEAR = re.compile(r"\bluat\b[^\d]{0,40}(19|20)\d\d")
_NATIONAL = re.compile(r"\b(ca nuoc|toan quoc|viet nam|trung uong|quoc gia)\b")
_FIGURE_INTENT = re.compile(
    r"\b(muc tieu|chi tieu|bao nhieu|so luong|so lieu|ket qua|dat duoc|ke hoach|cam ket|phan dau|"
    r"hien co|tinh den|doanh thu|thu nhap|t[yi] le|may)\b"
)
# Questions about money: amounts of support, funding, spending.
_MONEY_INTENT = re.compile(
    r"\b(bao nhieu tien|ho tro bao nhieu|duoc ho tro toi da|muc ho tro|muc chi|kinh phi|"
    r"so tien|bao nhieu dong|trieu dong|ty dong|ngan sach|von ho tro|muc vay)\b"
)
# Domain abbreviations the index does not know as such (HTX, THT, LMHTX, KTTT… it does):
# the question is searched with the words the documents use, and says so.
DOMAIN_ABBREVIATIONS: dict[str, str] = {
    "htxnn": "HTX nông nghiệp",
    "htxdvnn": "HTX dịch vụ nông nghiệp",
    "dvnn": "dịch vụ nông nghiệp",
    "qtdnd": "quỹ tín dụng nhân dân",
}
# A type code typed onto its number, "KH9526", "QĐ2335": read as "KH 9526" (the question's
# terms would otherwise hold one unknown word and nothing to search).
_GLUED_CODE = re.compile(
    r"(?<!\w)(KH|QĐ|QD|NQ|CTr|CTR|BC|ĐA|TB|NĐ|ND|TT|CT|KL)(\d{2,5})(?!\w)", re.I
)
_DOMAIN_ABBR = re.compile(
    r"(?<!\w)(" + "|".join(sorted(DOMAIN_ABBREVIATIONS, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DocName:
    """A document the question names: 'Kế hoạch 185', '185/KH-UBND', 'Nghị định 45/2021'."""

    number: str  # the leading number, "185"
    doc_type: str | None = None  # "Kế hoạch" when the question says so
    suffix: str = ""  # folded rest of a full number, "/kh-ubnd", "-kl/tw"
    year: str = ""  # "Nghị định số 107 năm 2017": a number carrying a year must carry this one
    said: str = field(default="", compare=False)  # as the question wrote it, "Kế hoạch số 143"

    def matches(self, doc_type: str | None, doc_number: str | None) -> bool:
        """Whether a document with this type and number is the one named. People drop the
        year ("19/NQ-HĐND" for 19/2021/NQ-HĐND) and swap dashes and slashes ("20/NQ-TW"), so
        the symbol is compared by its letters, the year only when both carry one."""
        if not doc_number:
            return False
        head, year, symbol = _number_parts(doc_number)
        if number_key(head) != number_key(self.number):  # "Quyết định 2" is 02/QĐ-UBND
            return False
        _, said_year, said_symbol = _symbol_parts(self.number + self.suffix)
        wanted_year = said_year or self.year
        if wanted_year and year and wanted_year != year:
            return False
        if said_symbol:
            return symbol.startswith(said_symbol)
        return self.doc_type is None or self.doc_type == doc_type


@lru_cache(maxsize=16384)
def _number_parts(doc_number: str) -> tuple[str, str, str]:
    """_symbol_parts of a document number as written (cached: a document such as Nghị định
    193 is cited thousands of times, and every citation is compared with the question's)."""
    return _symbol_parts(fold(doc_number).replace(" ", ""))


@lru_cache(maxsize=16384)
def _symbol_parts(folded: str) -> tuple[str, str, str]:
    """'19/2021/nq-hdnd' → ('19', '2021', 'nqhdnd'); '20-nq/tw' → ('20', '', 'nqtw')."""
    m = re.match(r"(\d+)", folded)
    if not m:
        return "", "", ""
    rest = folded[m.end() :]
    year = re.search(r"(?:^|[/-])((?:19|20)\d\d)(?=[/-]|$)", rest)
    if year:
        rest = rest[: year.start(1)] + rest[year.end(1) :]
    return m.group(1), year.group(1) if year else "", re.sub(r"[^a-z0-9]", "", rest)


@dataclass
class Query:
    """One question, parsed once."""

    text: str  # NFC, cut to MAX_QUESTION_CHARS
    folded: str
    provinces: list[gazetteer.ProvinceQuery] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # years asked about (not inside doc names)
    national: bool = False  # "cả nước", "toàn quốc": the whole country, no province named
    documents: list[DocName] = field(default_factory=list)
    wants_figures: bool = False
    wants_money: bool = False  # "bao nhiêu tiền", "mức hỗ trợ", "kinh phí": amounts first
    # What it asks of the figures (bot/figures/asked.py): target/actual, the unit a "how many"
    # counts, the catalogue indicator, list|compare|rank|series|progress|national, fewest first.
    kind: str | None = None
    counted: str | None = None
    indicator: str | None = None
    mode: str = "list"
    lowest_first: bool = False
    names_law: bool = False  # "Luật HTX", "luật hợp tác xã"
    asks_signer: bool = False  # "ai ký", "người ký": the signer of the document found
    # What was read differently from how it was typed ("Ý bạn là Quảng Ninh?"), said to the
    # user; `text` is the question as read.
    guesses: list[str] = field(default_factory=list)

    @property
    def province_names(self) -> set[str]:
        """Every old province the question covers (a merged unit covers all its parts)."""
        return {p for pq in self.provinces for p in pq.provinces}


def parse(question: str) -> Query:
    """Parse a question once; later stages never re-read the raw text."""
    text, guessed = tolerate(normalize(question)[:MAX_QUESTION_CHARS])
    folded = fold(text)
    documents: list[DocName] = []
    spans: list[tuple[int, int]] = []
    for m in _NAMED_DOC.finditer(folded):
        # "Nghị định số 107 năm 2017" names 107/2017; its year is not asked about.
        suffix = re.sub(r"\s+", "", m.group(3) or "")
        said = text[m.start() : m.end()]
        kind = _DOC_TYPE_WORDS[m.group(1)]
        documents.append(DocName(number_key(m.group(2)), kind, suffix, m.group(4) or "", said))
        spans.append(m.span())
    for m in _FULL_NUMBER.finditer(folded):
        if any(a <= m.start() < b for a, b in spans):
            continue
        said = text[m.start() : m.end()]
        documents.append(
            DocName(number_key(m.group(1)), None, re.sub(r"\s+", "", m.group(2)), "", said)
        )
        spans.append(m.span())
    # A year inside a document's name ("45/2021/NĐ-CP", "Luật Hợp tác xã 2023") is not a year
    # the question asks about.
    masked = list(text)
    for a, b in spans:
        masked[a:b] = " " * (b - a)
    for m in _LAW_YEAR.finditer(folded):
        masked[m.start() : m.end()] = " " * (m.end() - m.start())
    rest = "".join(masked)
    provinces = gazetteer.resolve_query(text)
    query = Query(
        text=text,
        folded=folded,
        provinces=provinces,
        years=sorted(years_in(rest)),
        national=not provinces and bool(_NATIONAL.search(folded)),
        documents=list(dict.fromkeys(documents)),
        wants_figures=bool(_FIGURE_INTENT.search(folded)),
        wants_money=bool(_MONEY_INTENT.search(folded)),
        guesses=guessed,
    )
    query.kind = asked.question_kind(text)
    query.counted = asked.counted_unit(text)
    query.indicator = asked.indicator_of(query)
    query.mode = asked.mode_of(query)
    query.lowest_first = asked.lowest_first(folded)
    query.names_law = bool(_LAW_NAMED.search(folded))
    query.asks_signer = bool(_SIGNER.search(folded))
    return query


def tolerate(text: str) -> tuple[str, list[str]]:
    """The question as read: province short forms and typos ("QN", "quang nnih") replaced by
    the province they surely mean, domain abbreviations ("HTXNN") by their words; and a note
    for each, in Vietnamese. A short form that may mean several provinces ("ĐN") is only
    asked back."""
    notes: list[str] = []
    edits: list[tuple[int, int, str]] = []
    for g in gazetteer.guesses(text):
        if len(g.provinces) == 1:
            edits.append((g.start, g.end, g.provinces[0]))
            notes.append(f"Ý bạn là {g.provinces[0]}? (hiểu “{g.said}” là {g.provinces[0]})")
        else:
            names = ", ".join(g.provinces[:-1]) + " hoặc " + g.provinces[-1]
            notes.append(f"“{g.said}” có thể là {names}; bạn ghi rõ tên tỉnh giúp mình nhé.")
    for m in _DOMAIN_ABBR.finditer(text):
        if any(a < m.end() and m.start() < b for a, b, _ in edits):
            continue
        words = DOMAIN_ABBREVIATIONS[m.group(1).lower()]
        edits.append((m.start(), m.end(), words))
        notes.append(f"Hiểu “{m.group(1)}” là {words}.")
    for m in _GLUED_CODE.finditer(text):
        edits.append((m.start(), m.end(), f"{m.group(1)} {m.group(2)}"))
    # Written the way the rest of the question is: an accent-free question stays accent-free
    # (its terms are built differently).
    plain = not has_diacritics(text)
    for start, end, words in sorted(edits, reverse=True):
        text = text[:start] + (fold(words) if plain else words) + text[end:]
    return text, list(dict.fromkeys(notes))

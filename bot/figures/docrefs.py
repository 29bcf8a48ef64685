"""Legal and planning documents cited in the corpus ("Nghị định 193/2013/NĐ-CP", "Luật Hợp tác
xã 2012"), and the ones a question names."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from bot.corpus import Article
from bot.text import fold

if TYPE_CHECKING:
    from bot.query import Query


class DocRef(NamedTuple):
    article: str
    paragraph: int
    kind: str  # "Nghị định", "Quyết định", ...
    number: str  # "193/2013/NĐ-CP", or "" for a law named by year
    name: str  # display name: "Nghị định 193/2013/NĐ-CP", "Luật Hợp tác xã 2012"

    def to_json(self) -> dict:
        return self._asdict()


_DOC_TYPES = {
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "KH": "Kế hoạch",
    "NQ": "Nghị quyết",
    "CTr": "Chương trình",
    "TT": "Thông tư",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "BC": "Báo cáo",
    "ĐA": "Đề án",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "TTr": "Tờ trình",
    "QH": "Luật",
    "CV": "Công văn",
}
# A document's number and symbol (Nghị định 30/2020 on document formatting): "193/2013/NĐ-CP",
# "185/KH-UBND", the Party's "70-KL/TW", a law's "17/2023/QH15", and a dispatch's number with
# only its issuer's symbol, "5529/BKHĐT-HTX" (a công văn has no type code).
_DOC_RE = re.compile(
    r"(?<![\w/])(\d{1,5})(?:/(\d{4}))?([/-]?)\s?"
    r"((CTr|TTr|[A-ZĐ]{2,6})(?:\d{1,2})?(?:[-/][A-ZĐ][A-ZĐa-z]*\d*)*)(?![\w/])"
)
_NOT_SYMBOLS = frozenset({"HTX", "THT", "TH", "KTTT", "LH", "LHHTX", "OCOP", "TP"})


_LAW_RE = re.compile(r"Luật (?:HTX|Hợp tác xã)(?: năm (\d{4}))?", re.IGNORECASE)


def extract_doc_refs(article: Article) -> list[DocRef]:
    """Legal and planning documents cited, with the paragraph citing them."""
    out: list[DocRef] = []
    for p in article.paragraphs:
        seen: set[str] = set()
        for m in _DOC_RE.finditer(p.text):
            head, year, sep, code, kind_code = m.groups()
            # A unit after a figure ("50/HTX", "20 triệu đồng/THT") is not a symbol; a symbol
            # has a type and an issuer ("KH-UBND", "BKHĐT-HTX") or is a law's ("QH15").
            if code.split("-")[0] in _NOT_SYMBOLS or (
                "-" not in code and "/" not in code and kind_code != "QH"
            ):
                continue
            if kind_code not in _DOC_TYPES:
                kind_code = "CV"
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


def document_lookup(refs: list[DocRef]) -> dict[str, list[DocRef]]:
    """Refs by the leading number of the document ("193") and by "luat" for laws."""
    table: dict[str, list[DocRef]] = {}
    for ref in refs:
        key = "luat" if ref.kind == "Luật" else number_key(ref.number)
        if key:
            table.setdefault(key, []).append(ref)
    return table


@lru_cache(maxsize=8192)
def number_key(number: str) -> str:
    """A document's number as it is looked up: its leading digits without their zeros
    ("02/QĐ-UBND" and "Quyết định 2" are number 2); "" when it has none. Cached: every reload
    re-reads ~10^4 citations."""
    head = re.match(r"\d+", number)
    return (head.group(0).lstrip("0") or "0") if head else ""


@lru_cache(maxsize=8192)
def _folded_number(number: str) -> str:
    return fold(number)  # the same few document numbers are cited thousands of times


def match_documents(lookup: dict[str, list[DocRef]], query: Query) -> list[DocRef]:
    """Citing paragraphs of the documents a question names ("Nghị định 193", "332/QĐ-UBND",
    "Luật HTX")."""
    out = [
        ref
        for name in query.documents
        for ref in lookup.get(name.number, [])
        if name.matches(ref.kind, ref.number)
    ]
    if query.names_law:
        out += lookup.get("luat", [])
    return list(dict.fromkeys(out))

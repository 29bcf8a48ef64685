"""Whose figure it is: the whole country, a province, or one named cooperative."""

from __future__ import annotations

import re

from bot import gazetteer
from bot.corpus import Article
from bot.provinces import NEW_CITIES, OLD_CITIES
from bot.text import fold

# a "thành phố" there is the province itself (Huế was Thừa Thiên Huế until 2025)
CITY_PROVINCES = NEW_CITIES | OLD_CITIES | {"Thừa Thiên Huế"}
# The body below a province that issued a document: "UBND huyện Châu Thành", "Phòng Kinh tế
# thị xã Đông Hòa", "Huyện ủy Tam Nông" (not "Liên minh hợp tác xã tỉnh …": "xã" is no commune
# there)
_LOCAL_BODY = re.compile(
    r"\b(huyện|thị xã|quận|thành phố|(?<!tác )(?<!hòa )xã|phường)\s+(?!ủy\b)(\w.*)$"
    r"|^(huyện) ủy\s+(\w.*)$",
    re.I,
)

_COUNTRY = re.compile(r"\b(ca nuoc|toan quoc)\b")
_COUNTRY_COMPARED = re.compile(r"\b(so voi|cua|chiem|trong|voi)\s*(tong so \S+ )?$")


def local_issuer(issuer: str | None) -> str | None:
    """The district, town or city within a province that issued a document ("huyện Châu
    Thành"), or None for a province's, a centrally-run city's or the country's bodies."""
    m = _LOCAL_BODY.search(issuer or "")
    if m is None:
        return None
    unit, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    name = name.split("/")[0].strip()
    if (
        unit.lower() == "thành phố"
        and (city := gazetteer.lookup(name))
        and city.name in CITY_PROVINCES
    ):
        return None
    return f"{unit.lower()} {name}"


def scope_of(
    article: Article, folded: str, text: str, sent_lo: int, start: int, s_end: int
) -> tuple[bool, str | None]:
    """(national, province) of a figure: "cả nước có 29.378 HTX" is the country's, even in a
    province's document ("so với cả nước", "của cả nước" only compare); in a national document
    a sentence naming a province ("Tại tỉnh Long An, …") is that province's."""
    before = folded[sent_lo:start]
    said = [
        m for m in _COUNTRY.finditer(before) if not _COUNTRY_COMPARED.search(before, 0, m.start())
    ]
    if said:
        return True, None
    if article.national:
        sentence = text[sent_lo : s_end if s_end != -1 else len(text)]
        named = gazetteer.find_provinces(sentence)
        if named:
            return False, named[0].name
        return True, None
    return False, article.province


_COOP_NOUN = re.compile(
    r"(?<![\w])(HTX|Hợp tác xã|hợp tác xã|Tổ hợp tác|tổ hợp tác|THT|Liên hiệp HTX|liên hiệp HTX)\s+"
)
# Words between the noun and a name ("HTX dịch vụ - sản xuất nông nghiệp Thạnh Phong") that
# show it is not a name: places, plurals, verbs ("HTX trên địa bàn tỉnh Bến Tre").
_NOT_NAME_GAP = re.compile(
    r"(?<!\w)(trên|tại|của|ở|thuộc|trong|tỉnh|thành phố|tp|huyện|thị xã|quận|xã|phường|địa bàn|"
    r"toàn|các|năm|theo|và|với|là|có|đã|đang|được|mới|khu vực|vùng|cấp|như)(?!\w)"
)
_PLURAL_BEFORE = re.compile(
    r"(\d|\b(cac|nhung|so|tong so|luat|lien minh|so ke hoach|quy|chi cuc|ban|phong|hoi"
    r"|mo hinh))\s*$"
)
# A sentence about many again: "Toàn tỉnh có 12 HTX", "các HTX", "bình quân".
# Words about many cooperatives; not "các thành viên" of the one named, nor its "bình quân 6
# tấn/hộ" (an average over its households)
_MANY = r"(htx|hop tac xa|to hop tac|tht|lien hiep|to chuc)"
_AGGREGATE = re.compile(
    rf"\b((cac|nhung|moi) {_MANY}|toan (tinh|thanh pho|huyen|quoc)|ca nuoc|tong so"
    rf"|binh quan( cua)?( cac| moi| mot| 01| 1)? {_MANY}|tren dia ban)\b"
)


def named_cooperatives(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each single cooperative named in a paragraph: the noun, up to six
    lower-case words, then at least two capitalised ones ("HTX bưởi da xanh Giồng Trôm")."""
    found = []
    for m in _COOP_NOUN.finditer(text):
        if _PLURAL_BEFORE.search(fold(text[max(0, m.start() - 20) : m.start()])):
            continue
        words = re.findall(r"[\w-]+|[^\w\s]", text[m.end() : m.end() + 90])
        gap: list[str] = []
        name: list[str] = []
        for w in words:
            if w[0].isupper() and w[0].isalpha():
                name.append(w)
            elif name or not (w.isalpha() or w == "-") or len(gap) >= 8:
                break
            else:
                gap.append(w)
        if len(name) < 2 or " ".join(name) in ("Việt Nam",):
            continue
        if _NOT_NAME_GAP.search(" ".join(gap).lower()):
            continue
        full = " ".join([m.group(1), *gap, *name]).replace(" - ", "-").replace("-", " - ")
        end = text.find(name[-1], m.end()) + len(name[-1])
        found.append((m.start(), end, full))
    return found


def named_at(named: list[tuple[int, int, str]], folded: str, pos: int) -> str | None:
    """The cooperative a figure at `pos` is about: one named before it in the paragraph, with
    no sentence since then about many ("các HTX", "toàn tỉnh", "bình quân")."""
    before = [n for n in named if n[1] <= pos]
    if not before:
        return None
    start, end, name = before[-1]
    return None if _AGGREGATE.search(folded, end, pos) else name


# The country's economic regions: a figure of one is neither the country's nor a province's.
_REGION = re.compile(
    r"\b(trung du,? (va )?mien nui phia bac|dong bang song hong"
    r"|bac trung bo va duyen hai mien trung|bac trung bo|duyen hai nam trung bo"
    r"|duyen hai mien trung|tay nguyen|dong nam bo|dong bang song cuu long"
    r"|(?<=vung )(dong bac|tay bac)|^(dong bac|tay bac)$)\b"
)


def region_of(folded: str, text: str, sent_lo: int, start: int) -> str | None:
    """The region a sentence speaks of before a figure ("Tây Nguyên có ít HTX nhất với 1.983
    HTX", "mức tăng cao nhất thuộc về Tây Nguyên, với 7,1%"), in the text's own words."""
    found = list(_REGION.finditer(folded, sent_lo, start))
    return text[found[-1].start() : found[-1].end()] if found else None

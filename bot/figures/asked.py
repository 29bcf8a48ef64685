"""What a question asks of the figures, read from its words once, for `bot.query.parse`:
the kind (target or actual), the unit a "how many" counts, the indicator it names, and the
mode (a list, a comparison, a ranking, a time series, progress against plan, the country)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.figures import catalogue as cat
from bot.text import fold

if TYPE_CHECKING:
    from bot.query import Query

_TARGET_Q = re.compile(r"\b(muc tieu|chi tieu|ke hoach|phan dau|cam ket|dinh huong)\b")
_ACTUAL_Q = re.compile(r"\b(ket qua|dat duoc|hien co|tinh den|thuc hien|thuc te|hien nay)\b")


_COMPARE = re.compile(r"\b(so sanh|doi chieu|khac nhau|chenh lech)\b")
_RANK = re.compile(r"\b((nhieu|cao|lon|it|thap)( \w+){0,3} nhat|xep hang|dung dau|dan dau)\b")
_LOWEST = re.compile(r"\b(it|thap)( \w+){0,3} nhat\b")
_ABBREVIATIONS = (
    (re.compile(r"\b(lh htx|lhhtx)\b"), "lien hiep hop tac xa"),
    (re.compile(r"\bhtx\b"), "hop tac xa"),
    (re.compile(r"\btht\b"), "to hop tac"),
)
_PROGRESS = re.compile(
    r"(% ke hoach|phan tram ke hoach|tien do|hoan thanh ke hoach|dat bao nhieu %)"
)
_SERIES = re.compile(r"\b(qua cac nam|tung nam|theo nam|cac nam|dien bien|xu huong)\b")
_WHICH_PROVINCE = re.compile(r"\b(tinh nao|dia phuong nao|tinh thanh nao|noi nao)\b")


def question_kind(question: str) -> str | None:
    """'target', 'actual' or None (both) from the question's wording."""
    folded = fold(question)
    t, a = bool(_TARGET_Q.search(folded)), bool(_ACTUAL_Q.search(folded))
    return "target" if t and not a else "actual" if a and not t else None


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


def lowest_first(folded: str) -> bool:
    """A ranking of the fewest first: "ít … nhất", "thấp nhất"."""
    return bool(_LOWEST.search(folded))


def mode_of(query: Query) -> str:
    """What the question asks of the figures."""
    f = query.folded
    if _PROGRESS.search(f):
        return "progress"
    if _RANK.search(f) and (_WHICH_PROVINCE.search(f) or not query.provinces):
        return "rank"
    if _COMPARE.search(f) or len(query.provinces) > 1:
        return "compare"
    if _SERIES.search(f) and query.provinces:
        return "series"
    if query.national:
        return "national"
    return "list"


def indicator_of(query: Query) -> str | None:
    """The catalogue indicator the question names: the longest phrase it contains, for the
    subject it names (THT, liên hiệp); a bare "bao nhiêu HTX" asks for the total."""
    f = f" {query.folded} "
    for pattern, words in _ABBREVIATIONS:
        f = pattern.sub(words, f)
    best: tuple[int, str] | None = None
    for ind in cat.catalogue().values():
        for phrase in ind.phrases:
            if f" {phrase} " in f or (len(phrase) > 8 and phrase in f):
                if best is None or len(phrase) > best[0]:
                    best = (len(phrase), ind.id)
    subject = "THT" if re.search(r"\b(to hop tac|tht)\b", f) else None
    subject = subject or ("LH HTX" if re.search(r"\blien hiep\b", f) else None)
    if best is None or best[1] == "htx.total":
        if re.search(r"\b(bao nhieu|so luong|tong so|so)\b", f):
            return {"THT": "tht.total", "LH HTX": "lhhtx.total"}.get(subject or "", "htx.total")
        return None
    return cat.for_subject(best[1], subject) if subject else best[1]

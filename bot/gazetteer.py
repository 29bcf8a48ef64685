"""Gazetteer: the provinces a text or a question names, before and after the July 2025 merger.

What the rest of coopbot asks about provinces, in one place: `find_provinces` in a passage,
`mentions`, `resolve_query` and `guesses` in a question, `lookup` and `members` of a name. A
question may name a post-2025 unit or an old province: each becomes a `ProvinceQuery` of the
old provinces to search, with a note on the merger. The data is in `bot.provinces`; spellings
are found by `bot.province_names` and misspellings by `bot.province_typos`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.province_names import lookup, scan, scan_spans, unique
from bot.province_typos import is_syllable, letters_of, typo_of
from bot.provinces import BY_NAME, MERGERS, NEW_CITIES, OLD_CITIES, Province
from bot.text import normalize


@dataclass(frozen=True)
class ProvinceQuery:
    """A province a question names, as the old provinces to search."""

    said: str  # the name as the user meant it, canonical
    # Old canonical names whose articles should be searched; for a post-2025 unit, the one it
    # is named after (or renamed from) first.
    provinces: tuple[str, ...]
    note: str | None  # Vietnamese explanation when the merger mapping was used


def _is_namesake(province: Province) -> bool:
    """True for the old province whose name the post-2025 unit carries."""
    return MERGERS[province.current][0] == province.name


def _unit(name: str, city: bool) -> str:
    if name == "TP. Hồ Chí Minh":
        return "Thành phố Hồ Chí Minh"
    return f"{'thành phố' if city else 'tỉnh'} {name}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join_vi(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


# --- Public API -------------------------------------------------------------------------------


def find_provinces(text: str) -> list[Province]:
    """Every old province mentioned in free text, unique, in order of first mention.

    Meant for corpus paragraphs: names that are also ordinary words ("hòa bình") count only
    when capitalised or preceded by "tỉnh"/"thành phố"/"TP".
    """
    return unique(scan(text, strict=True))


def mentions(text: str) -> list[str]:
    """The words of a question that name a province, as written, with a leading "tỉnh",
    "thành phố" or "TP": "Sài Gòn", "TP HCM", "thành phố Hồ Chí Minh", "br-vt". The province a
    question names is a filter, so these words are not what a passage should be ranked by."""
    text = normalize(text)
    return [text[start:end] for _, start, end in scan_spans(text, strict=False)]


def members(current_name: str) -> list[Province]:
    """The old provinces merged into a post-2025 unit (any alias of it); [] if not such a unit."""
    province = lookup(current_name)
    if province is None or not _is_namesake(province):
        return []
    return [BY_NAME[n] for n in MERGERS[province.current]]


def resolve_query(text: str) -> list[ProvinceQuery]:
    """Provinces named in a user question, expanded or explained through the 2025 merger.

    A post-2025 unit that absorbed others ("Phú Thọ") searches all its old members; an old
    province merged away ("Hòa Bình") searches itself, with a note naming its new unit.
    Names are matched in any case, since users often type everything in lowercase.
    """
    queries: dict[str, ProvinceQuery] = {}
    for province in unique(scan(text, strict=False)):
        olds = MERGERS[province.current]
        new_unit = _unit(province.current, province.current in NEW_CITIES)
        if not _is_namesake(province):
            old_unit = _unit(province.name, province.name in OLD_CITIES)
            query = ProvinceQuery(
                said=province.name,
                provinces=(province.name,),
                note=_sentence(f"{old_unit} đã sáp nhập vào {new_unit} từ 7/2025."),
            )
        elif len(olds) > 1:
            absorbed = [_unit(n, n in OLD_CITIES) for n in olds[1:]]
            query = ProvinceQuery(
                said=province.current,
                provinces=olds,
                note=f"Từ 7/2025, {_join_vi(absorbed)} đã sáp nhập vào {new_unit}.",
            )
        elif province.name != province.current:  # renamed, not merged: Thừa Thiên Huế → Huế
            old_unit = _unit(province.name, province.name in OLD_CITIES)
            query = ProvinceQuery(
                said=province.current,
                provinces=olds,
                note=_sentence(f"{old_unit} nay là {new_unit}."),
            )
        else:
            query = ProvinceQuery(said=province.current, provinces=olds, note=None)
        queries.setdefault(query.said, query)
    return list(queries.values())


# --- Guesses: abbreviations and typos ---------------------------------------------------------

# Short forms people type for a province (lower case, as written: "ĐN" needs its "Đ", since
# "DN" is "doanh nghiệp"). One province: resolved, with a question back ("Ý bạn là …?");
# several: only the question back. "HCM", "BRVT" and the like are plain aliases above.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "qn": ("Quảng Ninh",),
    "hn": ("Hà Nội",),
    "hp": ("Hải Phòng",),
    "tth": ("Thừa Thiên Huế",),
    "đn": ("Đà Nẵng", "Đồng Nai", "Đắk Nông"),
}
assert all(n in BY_NAME for names in ABBREVIATIONS.values() for n in names)

TYPO_MIN_LETTERS = 5  # shorter words are too easily one edit away from a name


@dataclass(frozen=True)
class Guess:
    """A province the question probably means but does not spell: "QN", "quang nnih"."""

    start: int  # span in the NFC-normalised question
    end: int
    said: str  # as written
    provinces: tuple[str, ...]  # old canonical names; one when resolved
    how: str  # "abbreviation" | "typo"


_GUESS_WORD = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"[\s\-\u2010-\u2015]+")


def guesses(text: str) -> list[Guess]:
    """Provinces a question names by a short form ("QN", "ĐN") or with a typo ("quang nnih",
    one edit away from exactly one name, in groups of at least TYPO_MIN_LETTERS letters),
    outside the names it spells right. In order, never overlapping."""
    text = normalize(text)
    taken = [(s, e) for _, s, e in scan_spans(text, strict=False)]
    words = [
        m
        for m in _GUESS_WORD.finditer(text)
        if not any(s < m.end() and m.start() < e for s, e in taken)
    ]
    found: list[Guess] = []
    for m in words:
        names = ABBREVIATIONS.get(m.group().lower())
        if names:
            found.append(Guess(m.start(), m.end(), m.group(), names, "abbreviation"))
    used = [(g.start, g.end) for g in found]
    # Longer word groups first: "quang nnih" before "nnih".
    for n in (4, 3, 2, 1):
        for i in range(len(words) - n + 1):
            group = words[i : i + n]
            start, end = group[0].start(), group[-1].end()
            if any(
                not _GAP.fullmatch(text[a.end() : b.start()])
                for a, b in zip(group, group[1:], strict=False)
            ):
                continue
            if any(s < end and start < e for s, e in used):
                continue
            if len(letters_of(text[start:end])) < TYPO_MIN_LETTERS:
                continue
            if all(is_syllable(w.group()) for w in group):
                continue  # real words, however close to a name
            province = typo_of(text[start:end])
            if province is not None:
                found.append(Guess(start, end, text[start:end], (province.name,), "typo"))
                used.append((start, end))
    return sorted(found, key=lambda g: g.start)

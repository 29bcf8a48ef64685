"""Gazetteer of Vietnam's provinces before and after the July 2025 merger.

Before 1 July 2025 Vietnam had 63 provinces and centrally-run cities; Resolution
202/2025/QH15 merged them into 34 units. The corpus talks about the old provinces, users may
ask about either, so every old province records the post-2025 unit it now belongs to.

Matching works on accent-folded text (see ``bot.text.fold``) so "quang ninh", "QUẢNG NINH"
and "Quảng Ninh" are the same name, but diacritics that *are* written must agree with the
name: "Huệ" is not "Huế" (a written mark may be missing, never different).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.text import fold, normalize

# --- Data -------------------------------------------------------------------------------------

# Post-2025 unit -> old (pre-2025) provinces merged into it. The first member is the one whose
# name the new unit kept ("Huế" is the renamed Thừa Thiên Huế).
MERGERS: dict[str, tuple[str, ...]] = {
    # Unchanged.
    "Hà Nội": ("Hà Nội",),
    "Huế": ("Thừa Thiên Huế",),
    "Lai Châu": ("Lai Châu",),
    "Điện Biên": ("Điện Biên",),
    "Sơn La": ("Sơn La",),
    "Lạng Sơn": ("Lạng Sơn",),
    "Quảng Ninh": ("Quảng Ninh",),
    "Thanh Hóa": ("Thanh Hóa",),
    "Nghệ An": ("Nghệ An",),
    "Hà Tĩnh": ("Hà Tĩnh",),
    "Cao Bằng": ("Cao Bằng",),
    # Merged.
    "Tuyên Quang": ("Tuyên Quang", "Hà Giang"),
    "Lào Cai": ("Lào Cai", "Yên Bái"),
    "Thái Nguyên": ("Thái Nguyên", "Bắc Kạn"),
    "Phú Thọ": ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"),
    "Bắc Ninh": ("Bắc Ninh", "Bắc Giang"),
    "Hưng Yên": ("Hưng Yên", "Thái Bình"),
    "Hải Phòng": ("Hải Phòng", "Hải Dương"),
    "Ninh Bình": ("Ninh Bình", "Hà Nam", "Nam Định"),
    "Quảng Trị": ("Quảng Trị", "Quảng Bình"),
    "Đà Nẵng": ("Đà Nẵng", "Quảng Nam"),
    "Quảng Ngãi": ("Quảng Ngãi", "Kon Tum"),
    "Gia Lai": ("Gia Lai", "Bình Định"),
    "Khánh Hòa": ("Khánh Hòa", "Ninh Thuận"),
    "Lâm Đồng": ("Lâm Đồng", "Đắk Nông", "Bình Thuận"),
    "Đắk Lắk": ("Đắk Lắk", "Phú Yên"),
    "TP. Hồ Chí Minh": ("TP. Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"),
    "Đồng Nai": ("Đồng Nai", "Bình Phước"),
    "Tây Ninh": ("Tây Ninh", "Long An"),
    "Cần Thơ": ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    "Vĩnh Long": ("Vĩnh Long", "Bến Tre", "Trà Vinh"),
    "Đồng Tháp": ("Đồng Tháp", "Tiền Giang"),
    "Cà Mau": ("Cà Mau", "Bạc Liêu"),
    "An Giang": ("An Giang", "Kiên Giang"),
}

# Extra spellings per old province, on top of its canonical name. Case, diacritics, extra
# spaces and "-", "–", "." between syllables are tolerated anyway; list real variants only.
ALIASES: dict[str, tuple[str, ...]] = {
    "TP. Hồ Chí Minh": (
        "TP.HCM",
        "TPHCM",
        "TP HCM",
        "HCM",
        "HCMC",
        "Hồ Chí Minh",
        "Thành phố Hồ Chí Minh",
        "Sài Gòn",
        "Saigon",
    ),
    "Bà Rịa - Vũng Tàu": ("BR-VT", "BRVT", "Bà Rịa Vũng Tàu", "Bà Rịa–Vũng Tàu", "Vũng Tàu"),
    "Thừa Thiên Huế": ("Thừa Thiên - Huế", "TT-Huế", "Huế"),
    "Đắk Lắk": ("Đắc Lắc", "Dak Lak", "Daklak", "ĐắkLắk"),
    "Đắk Nông": ("Đắc Nông", "Dak Nong"),
    "Kon Tum": ("Kontum",),
    "Bắc Kạn": ("Bắc Cạn",),
    "Hà Nội": ("Hanoi",),
    "Đà Nẵng": ("Danang",),
}

# Phrases that look like a province but are not one. A match here consumes the text, so the
# province inside it is not reported ("Thái Bình Dương" is the Pacific, not Thái Bình).
NOT_PROVINCES: tuple[str, ...] = (
    "Thái Bình Dương",
    "Nguyễn Huệ",
    "Chủ tịch Hồ Chí Minh",
    "tư tưởng Hồ Chí Minh",
    "đạo đức Hồ Chí Minh",
    "phong cách Hồ Chí Minh",
    "tấm gương Hồ Chí Minh",
    "đồng chí Hồ Chí Minh",
    "Bác Hồ Chí Minh",
    "Cộng sản Hồ Chí Minh",
    "quốc gia Hồ Chí Minh",
)

# Province names that are also ordinary words ("hòa bình" = peace, "cao bằng" = as tall as).
# In running text (find_provinces) they count only when capitalised or after "tỉnh"/"TP".
COMMON_WORD_NAMES: frozenset[str] = frozenset(
    {"Hòa Bình", "Thái Bình", "Bình Định", "Hải Dương", "Cao Bằng"}
)

_OLD_CITIES = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "TP. Hồ Chí Minh"})
_NEW_CITIES = frozenset({"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "TP. Hồ Chí Minh"})

# Administrative words that may precede a name, and the same as a regex over folded text.
_PREFIXES = ("tỉnh", "thành phố", "thủ đô", "tp", "t.p")
_PREFIX_RE = r"tinh|thanh\s+pho|thu\s+do|t\.?p"


@dataclass(frozen=True)
class Province:
    name: str  # canonical pre-2025 name, e.g. "Hòa Bình", "TP. Hồ Chí Minh", "Thừa Thiên Huế"
    current: str  # the post-July-2025 unit it belongs to, e.g. "Phú Thọ", "Huế"
    aliases: tuple[str, ...]  # every accepted spelling, canonical name first


@dataclass(frozen=True)
class ProvinceQuery:
    said: str  # the name as the user meant it, canonical
    # Old canonical names whose articles should be searched; for a post-2025 unit, the one it
    # is named after (or renamed from) first.
    provinces: tuple[str, ...]
    note: str | None  # Vietnamese explanation when the merger mapping was used


# --- Folding helpers --------------------------------------------------------------------------

# Separators tolerated between the syllables of a name.
_SEP_SPLIT_RE = re.compile(r"[\s\-\u2010-\u2015.]+")
_SEP = r"(?:\s*[\-\u2010-\u2015]\s*|\s+|\.)"


def _build_fold_table() -> dict[int, str]:
    """Char-for-char fold (same as bot.text.fold) so offsets in folded text match the input."""
    table: dict[int, str] = {}
    ranges = [range(0x41, 0x5B), range(0xC0, 0x250), range(0x1E00, 0x1F00)]
    for r in ranges:
        for code in r:
            folded = fold(chr(code))
            if len(folded) == 1 and folded != chr(code):
                table[code] = folded
    table[0xD0] = table[0xF0] = "d"  # Icelandic eth, a common mis-encoding of "Đ"/"đ"
    return table


_FOLD_TABLE = _build_fold_table()


def _fold_same_length(text: str) -> str:
    return text.translate(_FOLD_TABLE)


def _syllables(text: str) -> list[str]:
    return [s for s in _SEP_SPLIT_RE.split(text) if s]


def _key(text: str) -> str:
    """Folded syllables joined by single spaces: "Bà Rịa–Vũng Tàu" -> "ba ria vung tau"."""
    return " ".join(_syllables(fold(normalize(text))))


@lru_cache(maxsize=4096)
def _char_sig(ch: str) -> tuple[str, frozenset[str]]:
    """(base letter, set of diacritics) of one character; đ counts as d plus a stroke."""
    if ch in "đĐðÐ":
        return "d", frozenset({"\u0335"})
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0].lower(), frozenset(decomposed[1:])


def _compatible(written: list[str], alias: tuple[str, ...]) -> bool:
    """True when the written syllables are the alias with some diacritics possibly omitted."""
    if len(written) != len(alias):
        return False
    for w_syl, a_syl in zip(written, alias, strict=True):
        if len(w_syl) != len(a_syl):
            return False
        for w, a in zip(w_syl, a_syl, strict=True):
            if w == a:
                continue
            w_base, w_marks = _char_sig(w)
            a_base, a_marks = _char_sig(a)
            if w_base != a_base or not w_marks <= a_marks:
                return False
    return True


# --- Tables built from the data ---------------------------------------------------------------


def _build_provinces() -> tuple[Province, ...]:
    provinces = []
    for current, olds in MERGERS.items():
        for name in olds:
            spellings = [name, *ALIASES.get(name, ())]
            aliases = tuple(dict.fromkeys(normalize(s) for s in spellings))
            provinces.append(Province(name=name, current=current, aliases=aliases))
    return tuple(provinces)


OLD_PROVINCES: tuple[Province, ...] = _build_provinces()
NEW_PROVINCES: tuple[str, ...] = tuple(MERGERS)

assert len(OLD_PROVINCES) == 63, len(OLD_PROVINCES)
assert len(NEW_PROVINCES) == 34, len(NEW_PROVINCES)
assert len({p.name for p in OLD_PROVINCES}) == 63
assert set(ALIASES) <= {p.name for p in OLD_PROVINCES}
assert COMMON_WORD_NAMES <= {p.name for p in OLD_PROVINCES}

_BY_NAME: dict[str, Province] = {p.name: p for p in OLD_PROVINCES}
# Every post-2025 name is an alias of the old province it is named after (see members()).
assert all(
    _key(new) in {_key(a) for a in _BY_NAME[olds[0]].aliases} for new, olds in MERGERS.items()
)

# Folded key -> [(province or None for NOT_PROVINCES, written alias as lowercase syllables)].
_TABLE: dict[str, list[tuple[Province | None, tuple[str, ...]]]] = {}


def _add_entry(province: Province | None, spelling: str) -> None:
    key = _key(spelling)
    entries = _TABLE.setdefault(key, [])
    if any(p is not province for p, _ in entries):
        raise AssertionError(f"alias {spelling!r} is ambiguous")
    entries.append((province, tuple(_syllables(normalize(spelling).lower()))))


for _p in OLD_PROVINCES:
    for _alias in _p.aliases:
        _add_entry(_p, _alias)
for _phrase in NOT_PROVINCES:
    _add_entry(None, _phrase)


def _trie_regex(keys: list[str]) -> str:
    """A regex matching any of the keys (spaces = separators); longer keys are tried first."""
    trie: dict[str, dict] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [
            (_SEP if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


_SCAN_RE = re.compile(
    r"\b(?:(?P<pre>"
    + _PREFIX_RE
    + r")(?:\.\s*|\s+))?(?P<name>"
    + _trie_regex(sorted(_TABLE))
    + r")\b"
)
_WORD_RE = re.compile(r"[^\W_]+")
_PREFIX_SYLLABLES = [tuple(_syllables(normalize(p).lower())) for p in _PREFIXES]


def _has_prefix(written: str | None) -> bool:
    if written is None:
        return False
    syllables = _syllables(written.lower())
    return any(_compatible(syllables, p) for p in _PREFIX_SYLLABLES)


def _accept(
    entries: list[tuple[Province | None, tuple[str, ...]]],
    written: list[str],
    prefixed: bool,
    strict: bool,
) -> tuple[bool, Province | None]:
    """(matched, province) for a written name; matched with None means a NOT_PROVINCES phrase."""
    lowered = [s.lower() for s in written]
    for province, alias in entries:
        if not _compatible(lowered, alias):
            continue
        if (
            strict
            and province is not None
            and province.name in COMMON_WORD_NAMES
            and not prefixed
            and not all(s[:1].isupper() for s in written)
        ):
            continue
        return True, province
    return False, None


def _scan_spans(text: str, strict: bool) -> list[tuple[Province, int, int]]:
    """(province, start, end) of every province mentioned in the NFC-normalised text, in order,
    with repeats; the span includes a leading "tỉnh"/"thành phố"/"TP"."""
    text = normalize(text)
    folded = _fold_same_length(text)
    found: list[tuple[Province, int, int]] = []
    pos = 0
    while True:
        m = _SCAN_RE.search(folded, pos)
        if m is None:
            return found
        start = m.start("name")
        prefixed = _has_prefix(text[m.start("pre") : m.end("pre")] if m.group("pre") else None)
        # The longest alias at this position first; if its diacritics disagree with what is
        # written, fall back to shorter aliases that are a prefix of it.
        words = list(_WORD_RE.finditer(m.group("name")))
        pos = start + 1
        for n in range(len(words), 0, -1):
            entries = _TABLE.get(" ".join(w.group() for w in words[:n]))
            if entries is None:
                continue
            end = start + words[n - 1].end()
            matched, province = _accept(entries, _syllables(text[start:end]), prefixed, strict)
            if matched:
                if province is not None:
                    found.append((province, m.start() if prefixed else start, end))
                pos = end
                break


def _scan(text: str, strict: bool) -> list[Province]:
    """Provinces mentioned in text, in order, with repeats."""
    return [province for province, _, _ in _scan_spans(text, strict)]


def _unique(provinces: list[Province]) -> list[Province]:
    return list(dict.fromkeys(provinces))


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


def lookup(name: str) -> Province | None:
    """The old province named by any alias (any case, with or without diacritics), or None.

    A leading "tỉnh" / "thành phố" / "TP" is ignored.
    """
    written = _syllables(normalize(name).lower())
    candidates = [written]
    for prefix in _PREFIX_SYLLABLES:
        if len(written) > len(prefix) and _compatible(written[: len(prefix)], prefix):
            candidates.append(written[len(prefix) :])
            break
    for syllables in candidates:
        entries = _TABLE.get(" ".join(fold(s) for s in syllables))
        if entries:
            matched, province = _accept(entries, syllables, prefixed=True, strict=False)
            if matched and province is not None:
                return province
    return None


def find_provinces(text: str) -> list[Province]:
    """Every old province mentioned in free text, unique, in order of first mention.

    Meant for corpus paragraphs: names that are also ordinary words ("hòa bình") count only
    when capitalised or preceded by "tỉnh"/"thành phố"/"TP".
    """
    return _unique(_scan(text, strict=True))


def mentions(text: str) -> list[str]:
    """The words of a question that name a province, as written, with a leading "tỉnh",
    "thành phố" or "TP": "Sài Gòn", "TP HCM", "thành phố Hồ Chí Minh", "br-vt". The province a
    question names is a filter, so these words are not what a passage should be ranked by."""
    text = normalize(text)
    return [text[start:end] for _, start, end in _scan_spans(text, strict=False)]


def members(current_name: str) -> list[Province]:
    """The old provinces merged into a post-2025 unit (any alias of it); [] if not such a unit."""
    province = lookup(current_name)
    if province is None or not _is_namesake(province):
        return []
    return [_BY_NAME[n] for n in MERGERS[province.current]]


def resolve_query(text: str) -> list[ProvinceQuery]:
    """Provinces named in a user question, expanded or explained through the 2025 merger.

    A post-2025 unit that absorbed others ("Phú Thọ") searches all its old members; an old
    province merged away ("Hòa Bình") searches itself, with a note naming its new unit.
    Names are matched in any case, since users often type everything in lowercase.
    """
    queries: dict[str, ProvinceQuery] = {}
    for province in _unique(_scan(text, strict=False)):
        olds = MERGERS[province.current]
        new_unit = _unit(province.current, province.current in _NEW_CITIES)
        if not _is_namesake(province):
            old_unit = _unit(province.name, province.name in _OLD_CITIES)
            query = ProvinceQuery(
                said=province.name,
                provinces=(province.name,),
                note=_sentence(f"{old_unit} đã sáp nhập vào {new_unit} từ 7/2025."),
            )
        elif len(olds) > 1:
            absorbed = [_unit(n, n in _OLD_CITIES) for n in olds[1:]]
            query = ProvinceQuery(
                said=province.current,
                provinces=olds,
                note=f"Từ 7/2025, {_join_vi(absorbed)} đã sáp nhập vào {new_unit}.",
            )
        elif province.name != province.current:  # renamed, not merged: Thừa Thiên Huế → Huế
            old_unit = _unit(province.name, province.name in _OLD_CITIES)
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
assert all(n in _BY_NAME for names in ABBREVIATIONS.values() for n in names)

TYPO_MIN_LETTERS = 5  # shorter words are too easily one edit away from a name


@dataclass(frozen=True)
class Guess:
    """A province the question probably means but does not spell: "QN", "quang nnih"."""

    start: int  # span in the NFC-normalised question
    end: int
    said: str  # as written
    provinces: tuple[str, ...]  # old canonical names; one when resolved
    how: str  # "abbreviation" | "typo"


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text))


def _fuzzy_keys() -> dict[tuple[str, int], list[tuple[str, Province]]]:
    """Letters-only folded aliases by (first letter, length)."""
    out: dict[tuple[str, int], list[tuple[str, Province]]] = {}
    for p in OLD_PROVINCES:
        for alias in dict.fromkeys(_letters(a) for a in p.aliases):
            if alias:
                out.setdefault((alias[0], len(alias)), []).append((alias, p))
    return out


_FUZZY = _fuzzy_keys()
_GUESS_WORD = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"[\s\-\u2010-\u2015]+")


# A Vietnamese syllable, accent-folded: initial consonant, vowel group, final consonant. A typo
# almost always leaves a word that is none ("nnih", "nimh"); a group of real words ("lao
# động", "cao đẳng", "đa dạng") is never taken for a misspelt province.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:uye|uya|uyu|oai|oay|oeo|uay|uoi|uou|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|"
    r"ua|ue|ui|uo|uu|uy|ye|[aeiouy])"
    r"(?:ng|nh|ch|[cmnpt])?"
)


def _is_syllable(word: str) -> bool:
    return _SYLLABLE.fullmatch(fold(word)) is not None


def _same(w: str, a: str) -> bool:
    """A written letter agrees with a name's letter: the same, or with marks left out."""
    if w == a:
        return True
    w_base, w_marks = _char_sig(w)
    a_base, a_marks = _char_sig(a)
    return w_base == a_base and w_marks <= a_marks


def _edits(a: str, b: str, limit: int = 1) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap neighbours) with
    `_same` as equality, or limit + 1 once it is over `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if _same(a[i - 1], b[j - 1]) else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and _same(a[i - 1], b[j - 2]) and _same(a[i - 2], b[j - 1]):
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def _marked(text: str) -> str:
    """Lower-case letters with their diacritics, nothing else."""
    return "".join(ch for ch in text.lower() if ch.isalpha())


def _typo_of(written: str) -> Province | None:
    """The one province a word group is a single edit away from (same first letter; written
    diacritics must agree), if there is exactly one."""
    letters = _letters(written)
    marked = _marked(written)
    found = {
        p.name: p
        for n in (len(letters) - 1, len(letters), len(letters) + 1)
        for alias, p in _FUZZY.get((letters[0], n), ())
        if _edits(letters, alias) == 1
        and any(_edits(marked, _marked(a)) == 1 for a in p.aliases if _letters(a) == alias)
    }
    return next(iter(found.values())) if len(found) == 1 else None


def guesses(text: str) -> list[Guess]:
    """Provinces a question names by a short form ("QN", "ĐN") or with a typo ("quang nnih",
    one edit away from exactly one name, in groups of at least TYPO_MIN_LETTERS letters),
    outside the names it spells right. In order, never overlapping."""
    text = normalize(text)
    taken = [(s, e) for _, s, e in _scan_spans(text, strict=False)]
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
            if len(_letters(text[start:end])) < TYPO_MIN_LETTERS:
                continue
            if all(_is_syllable(w.group()) for w in group):
                continue  # real words, however close to a name
            province = _typo_of(text[start:end])
            if province is not None:
                found.append(Guess(start, end, text[start:end], (province.name,), "typo"))
                used.append((start, end))
    return sorted(found, key=lambda g: g.start)

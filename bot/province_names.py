"""Province names found in text: every accepted spelling in one table, scanned in one regex.

Matching works on accent-folded text (see ``bot.text.fold``) so "quang ninh", "QUẢNG NINH"
and "Quảng Ninh" are the same name, but diacritics that *are* written must agree with the
name: "Huệ" is not "Huế" (a written mark may be missing, never different).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.provinces import (
    BY_NAME,
    COMMON_WORD_NAMES,
    MERGERS,
    NOT_PROVINCES,
    OLD_PROVINCES,
    Province,
)
from bot.text import fold, normalize

# Administrative words that may precede a name, and the same as a regex over folded text.
_PREFIXES = ("tỉnh", "thành phố", "thủ đô", "tp", "t.p")
_PREFIX_RE = r"tinh|thanh\s+pho|thu\s+do|t\.?p"

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


def split_syllables(text: str) -> list[str]:
    """A name's syllables, split at spaces, dashes and dots."""
    return [s for s in _SEP_SPLIT_RE.split(text) if s]


def name_key(text: str) -> str:
    """Folded syllables joined by single spaces: "Bà Rịa–Vũng Tàu" -> "ba ria vung tau"."""
    return " ".join(split_syllables(fold(normalize(text))))


@lru_cache(maxsize=4096)
def char_sig(ch: str) -> tuple[str, frozenset[str]]:
    """(base letter, set of diacritics) of one character; đ counts as d plus a stroke."""
    if ch in "đĐðÐ":
        return "d", frozenset({"\u0335"})
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0].lower(), frozenset(decomposed[1:])


def compatible(written: list[str], alias: tuple[str, ...]) -> bool:
    """True when the written syllables are the alias with some diacritics possibly omitted."""
    if len(written) != len(alias):
        return False
    for w_syl, a_syl in zip(written, alias, strict=True):
        if len(w_syl) != len(a_syl):
            return False
        for w, a in zip(w_syl, a_syl, strict=True):
            if w == a:
                continue
            w_base, w_marks = char_sig(w)
            a_base, a_marks = char_sig(a)
            if w_base != a_base or not w_marks <= a_marks:
                return False
    return True


# Every post-2025 name is an alias of the old province it is named after (see gazetteer.members).
assert all(
    name_key(new) in {name_key(a) for a in BY_NAME[olds[0]].aliases}
    for new, olds in MERGERS.items()
)

# Folded key -> [(province or None for NOT_PROVINCES, written alias as lowercase syllables)].
ALIAS_TABLE: dict[str, list[tuple[Province | None, tuple[str, ...]]]] = {}


def _add_entry(province: Province | None, spelling: str) -> None:
    key = name_key(spelling)
    entries = ALIAS_TABLE.setdefault(key, [])
    if any(p is not province for p, _ in entries):
        raise AssertionError(f"alias {spelling!r} is ambiguous")
    entries.append((province, tuple(split_syllables(normalize(spelling).lower()))))


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
    + _trie_regex(sorted(ALIAS_TABLE))
    + r")\b"
)
_WORD_RE = re.compile(r"[^\W_]+")
PREFIX_SYLLABLES = [tuple(split_syllables(normalize(p).lower())) for p in _PREFIXES]


def _has_prefix(written: str | None) -> bool:
    if written is None:
        return False
    syllables = split_syllables(written.lower())
    return any(compatible(syllables, p) for p in PREFIX_SYLLABLES)


def accept(
    entries: list[tuple[Province | None, tuple[str, ...]]],
    written: list[str],
    prefixed: bool,
    strict: bool,
) -> tuple[bool, Province | None]:
    """(matched, province) for a written name; matched with None means a NOT_PROVINCES phrase."""
    lowered = [s.lower() for s in written]
    for province, alias in entries:
        if not compatible(lowered, alias):
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


def scan_spans(text: str, strict: bool) -> list[tuple[Province, int, int]]:
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
            entries = ALIAS_TABLE.get(" ".join(w.group() for w in words[:n]))
            if entries is None:
                continue
            end = start + words[n - 1].end()
            matched, province = accept(entries, split_syllables(text[start:end]), prefixed, strict)
            if matched:
                if province is not None:
                    found.append((province, m.start() if prefixed else start, end))
                pos = end
                break


def scan(text: str, strict: bool) -> list[Province]:
    """Provinces mentioned in text, in order, with repeats."""
    return [province for province, _, _ in scan_spans(text, strict)]


def unique(provinces: list[Province]) -> list[Province]:
    """The provinces without repeats, in order of first mention."""
    return list(dict.fromkeys(provinces))


def lookup(name: str) -> Province | None:
    """The old province named by any alias (any case, with or without diacritics), or None.

    A leading "tỉnh" / "thành phố" / "TP" is ignored.
    """
    written = split_syllables(normalize(name).lower())
    candidates = [written]
    for prefix in PREFIX_SYLLABLES:
        if len(written) > len(prefix) and compatible(written[: len(prefix)], prefix):
            candidates.append(written[len(prefix) :])
            break
    for syllables in candidates:
        entries = ALIAS_TABLE.get(" ".join(fold(s) for s in syllables))
        if entries:
            matched, province = accept(entries, syllables, prefixed=True, strict=False)
            if matched and province is not None:
                return province
    return None

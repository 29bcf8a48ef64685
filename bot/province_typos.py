"""A misspelt province name ("quang nnih") matched to the one province it is a single edit from."""

from __future__ import annotations

import re

from bot.province_names import char_sig
from bot.provinces import OLD_PROVINCES, Province
from bot.text import fold


def letters_of(text: str) -> str:
    """The folded letters a-z of a text, nothing else: "Quảng Ninh" → "quangninh"."""
    return re.sub(r"[^a-z]", "", fold(text))


def _fuzzy_keys() -> dict[tuple[str, int], list[tuple[str, Province]]]:
    """Letters-only folded aliases by (first letter, length)."""
    out: dict[tuple[str, int], list[tuple[str, Province]]] = {}
    for p in OLD_PROVINCES:
        for alias in dict.fromkeys(letters_of(a) for a in p.aliases):
            if alias:
                out.setdefault((alias[0], len(alias)), []).append((alias, p))
    return out


_FUZZY = _fuzzy_keys()


# A Vietnamese syllable, accent-folded: initial consonant, vowel group, final consonant. A typo
# almost always leaves a word that is none ("nnih", "nimh"); a group of real words ("lao
# động", "cao đẳng", "đa dạng") is never taken for a misspelt province.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:uye|uya|uyu|oai|oay|oeo|uay|uoi|uou|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|"
    r"ua|ue|ui|uo|uu|uy|ye|[aeiouy])"
    r"(?:ng|nh|ch|[cmnpt])?"
)


def is_syllable(word: str) -> bool:
    """Whether a word is a well-formed Vietnamese syllable once folded."""
    return _SYLLABLE.fullmatch(fold(word)) is not None


def _same(w: str, a: str) -> bool:
    """A written letter agrees with a name's letter: the same, or with marks left out."""
    if w == a:
        return True
    w_base, w_marks = char_sig(w)
    a_base, a_marks = char_sig(a)
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


def typo_of(written: str) -> Province | None:
    """The one province a word group is a single edit away from (same first letter; written
    diacritics must agree), if there is exactly one."""
    letters = letters_of(written)
    marked = _marked(written)
    found = {
        p.name: p
        for n in (len(letters) - 1, len(letters), len(letters) + 1)
        for alias, p in _FUZZY.get((letters[0], n), ())
        if _edits(letters, alias) == 1
        and any(_edits(marked, _marked(a)) == 1 for a in p.aliases if letters_of(a) == alias)
    }
    return next(iter(found.values())) if len(found) == 1 else None

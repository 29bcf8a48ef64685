"""Domain paraphrases (bot/paraphrases.txt) as query expansion: a question saying "lập thêm"
also searches "thành lập mới", and a paragraph saying that covers that part of the question."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bot.text import fold, has_diacritics, normalize

LEXICON_FILE = Path(__file__).with_name("paraphrases.txt")


@lru_cache(maxsize=1)
def groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(document phrasing, user phrasings) pairs, lower case with their diacritics."""
    out = []
    for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:  # "cuối năm = hết năm": documents say both, each stands for the other
            same = [_clean(p) for p in line.split("=") if p.strip()]
            out.extend((p, tuple(q for q in same if q != p)) for p in same)
            continue
        head, sep, tail = line.partition(":")
        if not sep:
            continue
        variants = tuple(_clean(v) for v in tail.split("|") if v.strip())
        out.append((_clean(head), variants))
    return tuple(out)


def _clean(phrase: str) -> str:
    return " ".join(normalize(phrase).lower().split())


_NOT_WORD = re.compile(r"[^\w\s,]")


def _words(text: str) -> str:
    return " " + " ".join(_NOT_WORD.sub(" ", text).split()) + " "


def phrasings(question: str) -> list[tuple[str, str]]:
    """(user phrasing found in the question, the document phrasing it stands for). A phrasing
    counts as whole words, with its diacritics when the question has them ("tiền" is not
    "tiến"), folded when the question was typed without."""
    accented = has_diacritics(question)
    text = _words(normalize(question).lower() if accented else fold(question))
    found: list[tuple[str, str]] = []
    for canonical, variants in groups():
        if _words(canonical if accented else fold(canonical)) in text:
            continue  # already said the way documents say it
        for variant in sorted(variants, key=len, reverse=True):
            if not accented and " " not in variant:
                continue  # one folded syllable is ambiguous: "moi" is "mỗi" and "mới"
            if _words(variant if accented else fold(variant)) in text:
                found.append((variant, canonical))
                break
    return found

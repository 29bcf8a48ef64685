"""Vietnamese text → BM25 terms: underthesea word segmentation plus accent-folded forms.

Every term is accent-folded (đ→d, lowercase) so questions typed without diacritics match.
A paragraph yields its folded syllables, its folded multi-syllable words joined by "_",
canonical abbreviation tokens (htx, tht, kttt, ...), document numbers and figures.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable
from functools import lru_cache

from underthesea import word_tokenize

from bot import gazetteer
from bot.lexicon import phrasings
from bot.text import fold, has_diacritics, normalize

# Folded phrase → canonical abbreviation token. Both a phrase and its abbreviation yield the
# token, so "hợp tác xã" finds "HTX" and the other way round.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "htx": ("hop tac xa",),
    "tht": ("to hop tac",),
    "lhhtx": ("lien hiep hop tac xa", "lien hiep htx", "lh htx", "lhhtx"),
    "lmhtx": ("lien minh hop tac xa", "lien minh htx", "lmhtx"),
    "kttt": ("kinh te tap the",),
    "ubnd": ("uy ban nhan dan",),
    "nd": ("nghi dinh", "nd-cp"),
    "qd": ("quyet dinh",),
    "kh": ("ke hoach",),
    "nq": ("nghi quyet",),
    "ctr": ("chuong trinh",),
    "ocop": ("moi xa mot san pham", "mot xa mot san pham"),
}
_PHRASES: list[tuple[tuple[str, ...], str]] = sorted(
    ((tuple(p.split()), abbr) for abbr, ps in ABBREVIATIONS.items() for p in ps),
    key=lambda item: -len(item[0]),
)

# Legal document numbers: 193/2013/NĐ-CP, 45/2021NĐ-CP, 332/QĐ-UBND, 20-NQ/TW, 559/CTr-LMHTX.
DOC_NUMBER_RE = re.compile(
    r"(?<![\w/])(\d{1,4}(?:/\d{4})?[/-]?\s?(?:[A-ZĐa-zđ]{1,6}(?:-[A-ZĐa-zđ]{1,8})*)(?:/[A-ZĐ]{1,6})?)(?![\w])"
)
_DOC_NUMBER_STRICT = re.compile(r"\d{1,4}(/\d{4})?/?[-]?[A-Za-zĐđ]")
_TOKEN_SPLIT = re.compile(r"[/\-–]")
_WORDLIKE = re.compile(r"\w", re.UNICODE)
YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20[0-9]\d)(?!\d)")

# Question words and glue that only add noise to a query (folded syllables).
QUERY_STOPWORDS = frozenset(
    "bao nhieu gi nao la cua va ve cho toi hoi nhung cac co duoc nhu khong ai dau sao voi "
    "tai tren trong the thi ma hay xin vui long giup biet muon cai nay kia a o tinh "
    # question and phrasing words that carry no subject ("mấy", "sẽ", "đã", "rồi", "nhỉ")
    "may se da roi chua nhi vay oi nhe bao gio khi luc ra cu hien nay lam".split()
)


def segment(text: str) -> list[str]:
    """underthesea word segmentation of NFC text; multi-syllable words keep their spaces."""
    try:
        return word_tokenize(text)
    except Exception:  # noqa: BLE001 - a segmenter hiccup must not lose the paragraph
        return text.split()


@lru_cache(maxsize=1 << 18)
def _word_terms(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(terms, plain syllables) of one segmented word. Cached: a corpus of 10^7 words has
    only ~10^5 distinct ones, and this was the hot spot of indexing."""
    folded = fold(word)
    if not _WORDLIKE.search(folded):
        return (), ()
    out: list[str] = []
    syllables = folded.split()
    if len(syllables) > 1:
        out.append("_".join(syllables))
    for syl in syllables:
        if _TOKEN_SPLIT.search(syl) or "." in syl or "," in syl:
            out.append(syl)  # "6-8", "60.500", "nd-cp" stay whole ...
            plain = syl.replace(".", "") if re.fullmatch(r"\d{1,3}(\.\d{3})+", syl) else None
            if plain:
                out.append(plain)  # ... and 60.500 is also 60500
            if _TOKEN_SPLIT.search(syl):
                out.extend(p for p in _TOKEN_SPLIT.split(syl) if _WORDLIKE.search(p))
        else:
            out.append(syl.strip(".,;:!?()\"'“”"))
    terms = tuple(sys.intern(t) for t in out if t)
    return terms, tuple(t for t in terms if "_" not in t)


_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _abbr in _PHRASES:  # longest first within each list, as in _PHRASES
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _abbr))


def _abbreviation_terms(syllables: list[str]) -> list[str]:
    out = []
    for i, syl in enumerate(syllables):
        for phrase, abbr in _PHRASES_BY_FIRST.get(syl, ()):
            if tuple(syllables[i : i + len(phrase)]) == phrase:
                out.append(abbr)
                break
    return out


def doc_numbers(text: str) -> list[str]:
    """Folded legal document numbers found in the text (193/2013/nd-cp, 332/qd-ubnd)."""
    found = []
    for m in DOC_NUMBER_RE.finditer(text):
        # "113/2024 quy định": a word after a space is not a symbol (symbols are capitals).
        if " " in m.group(1) and m.group(1).split(" ", 1)[1][:1].islower():
            continue
        raw = m.group(1).replace(" ", "")
        if _DOC_NUMBER_STRICT.match(raw) and ("/" in raw or "-" in raw):
            found.append(fold(raw))
    return found


def terms_from_words(words: Iterable[str], text: str) -> list[str]:
    """Terms for a text already segmented into `words`."""
    out: list[str] = []
    syllables: list[str] = []
    for w in words:
        terms, plain = _word_terms(w)
        out.extend(terms)
        syllables.extend(plain)
    out.extend(_abbreviation_terms(syllables))
    for number in doc_numbers(text):
        out.append(number)
        head = number.split("/")[0].split("-")[0]
        out.append(head)  # "nghị định 193" finds 193/2013/NĐ-CP
    return out


def text_terms(text: str) -> list[str]:
    """Terms of one paragraph or question (NFC-normalised, segmented, folded)."""
    text = normalize(text)
    return terms_from_words(segment(text), text)


def _is_stopword(term: str) -> bool:
    return all(part in QUERY_STOPWORDS for part in term.split("_"))


def query_terms(
    question: str, vocabulary: frozenset[str] | set[str]
) -> tuple[list[str], list[str]]:
    """(search terms, core terms) of a question, without stopwords ("bao nhiêu", "tỉnh nào").

    Core terms measure whether the corpus covers the question at all. Search terms add the
    index's multi-syllable words spelled by adjacent syllables when the question has no
    diacritics, since underthesea cannot segment accent-free text usefully.
    """
    terms = [t for t in text_terms(question) if not _is_stopword(t)]
    accented = has_diacritics(question)
    core = [t for t in terms if accented or "_" not in t]
    if not accented:
        plain = [w.strip(".,;:!?()\"'“”") for w in fold(normalize(question)).split()]
        for n in (2, 3, 4):
            for i in range(len(plain) - n + 1):
                gram = "_".join(plain[i : i + n])
                if gram in vocabulary and not _is_stopword(gram):
                    terms.append(gram)
    terms = [t for t in terms if not _is_stopword(t)]
    expanded = [t for _, canonical in phrasings(question) for t in _phrase_terms(canonical)]
    # A repeated term would be counted twice by BM25.
    terms = list(dict.fromkeys(terms + synonyms(terms) + expanded))
    core = list(dict.fromkeys(core))
    # A province the question names is a filter: the words it is written with ("Sài Gòn",
    # "thành phố Hồ Chí Minh", "BR-VT") neither rank passages nor count as information the
    # passage must hold. Unless they are the whole question.
    drop = _mention_terms(tuple(gazetteer.mentions(question)))
    if drop:
        terms = [t for t in terms if t not in drop] or terms
        core = [t for t in core if t not in drop] or core
    return terms, core


_NAME_SPLIT = re.compile(r"[\s.\-\u2010-\u2015]+")


@lru_cache(maxsize=4096)
def _mention_terms(names: tuple[str, ...]) -> frozenset[str]:
    """Every term the written province names can yield: their terms, and each run of their
    folded syllables ("thanh pho ho chi minh" → thanh_pho, ho_chi_minh, …)."""
    out: set[str] = set()
    for name in names:
        syllables = [s for s in _NAME_SPLIT.split(fold(name)) if s]
        for n in range(1, len(syllables) + 1):
            out.update("_".join(syllables[i : i + n]) for i in range(len(syllables) - n + 1))
        out.update(text_terms(name))
    return frozenset(out)


@lru_cache(maxsize=4096)
def _phrase_terms(phrase: str) -> tuple[str, ...]:
    return tuple(t for t in text_terms(phrase) if not _is_stopword(t))


def expansions(question: str) -> dict[str, tuple[str, ...]]:
    """Question term → terms of the document phrasing its user phrasing stands for
    (bot/paraphrases.txt): searched too, and a paragraph with any of them covers the term."""
    out: dict[str, tuple[str, ...]] = {}
    for variant, canonical in phrasings(question):
        alternatives = _phrase_terms(canonical)
        for term in _phrase_terms(variant):
            out[term] = tuple(dict.fromkeys((*out.get(term, ()), *alternatives)))
    # "hợp tác xã" in a question is covered by a paragraph that writes "HTX": each word of an
    # abbreviated phrase stands for the abbreviation's token.
    folded = f" {' '.join(fold(normalize(question)).split())} "
    for phrase, abbr in _PHRASES:
        if f" {' '.join(phrase)} " in folded:
            for term in ("_".join(phrase), *phrase):
                out[term] = tuple(dict.fromkeys((*out.get(term, ()), abbr)))
    return out


# Terms that place a question in the cooperative economy: a question with one of them is
# about the corpus's subject, so its best passage is shown on weaker word overlap.
DOMAIN_TERMS = frozenset(
    {*ABBREVIATIONS}
    | {
        "hop_tac_xa",
        "to_hop_tac",
        "kinh_te_tap_the",
        "lien_hiep",
        "lien_minh",
        "thanh_vien",
        "xa_vien",
        "doanh_thu",
        "loi_nhuan",
        "thu_nhap",
        "von_dieu_le",
        "giai_the",
        "thanh_lap",
        "ho_tro",
    }
)


# Words officials use interchangeably; applied to questions only.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "chi_tieu": ("muc_tieu",),
    "muc_tieu": ("chi_tieu", "phan_dau"),
    "loi_nhuan": ("lai",),
    "lai": ("loi_nhuan",),
}


def synonyms(terms: list[str]) -> list[str]:
    """Synonym terms for the given terms (not already among them)."""
    return [syn for t in terms for syn in SYNONYMS.get(t, ()) if syn not in terms]


def years_in(text: str) -> set[int]:
    """Four-digit years mentioned in the text, with ranges like 2021 - 2025 expanded."""
    years = {int(y) for y in YEAR_RE.findall(text)}
    for a, b in re.findall(r"(?<!\d)(20\d\d)\s*[-–]\s*(20\d\d)(?!\d)", text):
        lo, hi = int(a), int(b)
        if 0 < hi - lo <= 10:
            years.update(range(lo, hi + 1))
    return years


# --- cached segmentation ------------------------------------------------------------------
# Figures do not move word boundaries, so paragraphs that differ only in their digits
# ("thành lập mới 35 HTX" / "thành lập mới 40 HTX") share one segmentation: the cache key is
# the text with every digit masked, the value the token spans, valid for any such paragraph.

_DIGIT = re.compile(r"\d")


def segmentation_key(text: str) -> str:
    """Cache key of a paragraph's segmentation: its text with digits masked, hashed."""
    import hashlib

    return hashlib.blake2b(_DIGIT.sub("0", text).encode(), digest_size=12).hexdigest()


Spans = bytes  # token (start, end) offsets as packed uint32 pairs: ~8 bytes a token


def token_spans(text: str) -> Spans | None:
    """underthesea's words as (start, end) spans of the digit-masked text, packed, or None when
    the segmenter changed characters and the tokens cannot be located."""
    masked = _DIGIT.sub("0", text)
    # Packed, not tuples: a real corpus caches ~10^7 tokens, ~100 bytes each as tuples of ints.
    spans = array("I")
    pos = 0
    for token in segment(masked):
        start = masked.find(token, pos)
        if start < 0 or masked[pos:start].strip():
            return None
        spans.extend((start, start + len(token)))
        pos = start + len(token)
    return spans.tobytes()


def terms_from_spans(text: str, spans: Spans | None) -> list[str]:
    """Terms of a paragraph from cached spans (or a fresh segmentation when there are none)."""
    if spans is None:
        return terms_from_words(segment(text), text)
    offsets = array("I", spans)
    return terms_from_words(
        [text[offsets[i] : offsets[i + 1]] for i in range(0, len(offsets), 2)], text
    )


def spans_batch(texts: list[str]) -> list[Spans | None]:
    """Worker entry point for the process pool."""
    return [token_spans(t) for t in texts]

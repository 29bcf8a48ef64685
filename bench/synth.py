"""A realistic synthetic corpus grown from the seed articles, reproducibly (fixed seed).

Each synthetic article takes a seed article, moves it to another province and year, varies every
figure, reorders its paragraphs and borrows a paragraph from another seed, then is written in
one of the raw formats the loader meets in the wild (dates in several formats, site boilerplate).

Those paragraphs repeat: they differ from their seed only in names and figures, and the
segmentation cache masks digits, so nearly every one is segmented once for the whole corpus.
With `unique=True` every paragraph is instead recombined from the seed corpus's sentences, in
random number and order up to the length of the paragraph it replaces, and no two paragraphs
are the same once digits are masked: every paragraph has to be segmented.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from bot.corpus import Article
from bot.corpus_load import load_corpus
from bot.provinces import OLD_PROVINCES
from bot.terms import segmentation_key

_NUMBER = re.compile(r"(?<![\d/.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\d/])")
_FOOTERS = [
    "Thống kê truy cập\nHôm nay: {n}\nĐã truy cập: {m}",
    "Các tin khác",
    "Liên kết web\nĐiện thoại: 0291.3824832 - Fax: 0291.3824832",
    "Copyright 2013 vca.org.vn",
]
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")
_DATE_FORMATS = [
    "{d:02d}/{mo:02d}/{y} 16:01",
    "17:37, Thứ Sáu, {d}-{mo}-{y}",
    "Thứ sáu, {d:02d}/{mo:02d}/{y}, 15:09",
    "Ngày: {d:02d}/{mo:02d}/{y}",
]


def _vary_numbers(text: str, rng: random.Random, year: int, seed_years: set[int]) -> str:
    def repl(m: re.Match[str]) -> str:
        whole = m.group(1)
        value = int(whole.replace(".", ""))
        if value in seed_years:
            return str(year + (value - max(seed_years)))
        if 1990 <= value <= 2030:
            return whole
        new = max(1, round(value * rng.uniform(0.5, 1.8)))
        if text[m.end() : m.end() + 1] == "%" and value <= 100:
            new = min(new, 100)
        out = f"{new:,}".replace(",", ".") if "." in whole else str(new)
        return out + (f",{rng.randint(1, 9)}" if m.group(2) else "")

    return _NUMBER.sub(repl, text)


def _years(article: Article) -> set[int]:
    return {int(y) for y in re.findall(r"\b(20[12]\d)\b", article.title)} | (
        {article.date.year} if article.date else set()
    )


def _unique_paragraph(
    rng: random.Random, sentences: list[tuple[Article, str]], length: int, local, seen: set[str]
) -> str:
    """Seed sentences (each localised like its own article) in random number and order, to the
    length nearest `length` characters, unlike every paragraph in `seen` after digit masking."""
    for _ in range(1000):
        parts: list[str] = []
        size = -1
        while size < length:
            article, sentence = rng.choice(sentences)
            if parts and size + 1 + len(sentence) - length > length - size:
                break  # stopping short is nearer the length than adding this sentence
            parts.append(local(sentence, article))
            size += 1 + len(parts[-1])
        text = " ".join(parts)
        key = segmentation_key(text)
        if key not in seen:
            seen.add(key)
            return text
    raise RuntimeError("no unique paragraph in 1000 draws")


def generate(
    seed_dir: Path, out_dir: Path, paragraphs: int, seed: int = 20261122, unique: bool = False
) -> int:
    """Write synthetic articles into out_dir until `paragraphs` paragraphs; returns articles.
    With `unique`, no two paragraphs share a segmentation (see the module docstring)."""
    rng = random.Random(seed)
    seeds, _ = load_corpus(seed_dir)
    sentences = [
        (a, s) for a in seeds for p in a.paragraphs for s in _SENTENCE_END.split(p.text) if s
    ]
    seen: set[str] = set()
    provinces = [p.name for p in OLD_PROVINCES]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = count = 0
    while written < paragraphs:
        src = rng.choice(seeds)
        province = rng.choice(provinces)
        year = rng.randint(2018, 2026)

        def local(text: str, src=src, province=province, year=year) -> str:
            if src.province:
                text = re.sub(re.escape(src.province), province, text)
            return _vary_numbers(text, rng, year, _years(src) or {2022})

        if unique:
            body = [
                _unique_paragraph(rng, sentences, len(p.text), local, seen)
                for p in (*src.paragraphs, rng.choice(rng.choice(seeds).paragraphs))
            ]
        else:
            body = [local(p.text) for p in src.paragraphs]
            other = rng.choice(seeds)
            body.insert(
                rng.randrange(len(body) + 1), local(rng.choice(other.paragraphs).text, other)
            )
        rng.shuffle(body)
        body = body[: max(1, min(len(body), paragraphs - written))]
        title = local(src.title)
        if province not in title:
            title = f"{title} tỉnh {province}"
        when = rng.choice(_DATE_FORMATS).format(d=rng.randint(1, 28), mo=rng.randint(1, 12), y=year)
        footer = rng.choice(_FOOTERS).format(n=rng.randint(10, 999), m=rng.randint(10**5, 10**7))
        text = f"{title}\n\n{when}\n\n" + "\n\n".join(body) + f"\n\n{footer}\n"
        (out_dir / f"syn_{count:06d}.txt").write_text(text, encoding="utf-8")
        written += len(body)
        count += 1
    return count

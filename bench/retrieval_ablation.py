"""Retrieval ablation: which tokens should BM25 see? Plain rank_bm25.BM25Okapi over the same
passages as bench/retrieval.py (seed articles + tests/devcorpus documents), one index per
configuration, top 10 per labelled question, scored with bot.evaluate.score.

    .venv/bin/python -m bench.retrieval_ablation          # print the table, update RESULTS.md
    .venv/bin/python -m bench.retrieval_ablation --no-write

Channels compared: accented lowercase syllables; syllables + syllable bigrams; underthesea
words (bot.terms.segment, a multi-syllable word is one token "hợp_tác_xã"); words + the
syllables of multi-syllable words (the scheme coopbot indexes). Each with and without the
accent-folded channel (every token also added folded, as "~token"), with and without the
article title and section path as context tokens of every passage, with and without the
paraphrase expansion of the question (bot.lexicon.phrasings: the document phrasing's tokens are
appended to the question's). Then BM25's k1 and b for the channel set the dev part favours.

The configurations are chosen on the dev part only; the test part is reported, never used to
choose. There is no province filter, year boost or coverage refusal here, so the off-topic
questions (an empty "relevant" list) would be misses for every configuration: they are left
out of the ablation rows (coopbot's refusals of them are counted on the reference row).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from bench.retrieval import build_corpus, coopbot, questions
from bot.corpus import Article
from bot.corpus_load import load_corpus
from bot.evaluate import EvalReport, Item, Passage, engine_asker, score
from bot.lexicon import phrasings
from bot.terms import segment
from bot.text import fold, normalize

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Retrieval ablation"
TOP = 10
K1S = (0.9, 1.2, 1.5, 2.0)
BS = (0.5, 0.75, 0.9)

_SYLLABLE = re.compile(r"[^\W_]+")

UNITS = {
    "syl": "syllables",
    "syl+bi": "syllables + bigrams",
    "word": "underthesea words",
    "word+syl": "words + their syllables",
}


@dataclass(frozen=True)
class Setup:
    unit: str  # a key of UNITS
    folded: bool = False  # folded tokens added alongside
    context: bool = False  # title and section tokens added to every passage
    paraphrase: bool = False  # question expanded with bot.lexicon.phrasings
    k1: float = 1.5  # rank_bm25's defaults
    b: float = 0.75

    @property
    def channels(self) -> tuple[str, bool, bool, bool]:
        return (self.unit, self.folded, self.context, self.paraphrase)

    def channel_name(self) -> str:
        parts = [UNITS[self.unit]]
        parts += [label for on, label in ((self.folded, "folded"), (self.context, "context"),
                                          (self.paraphrase, "paraphrases")) if on]  # fmt: skip
        return " + ".join(parts)

    def bm25_name(self) -> str:
        return f"k1={self.k1}, b={self.b}"


# --- tokens (segmentations cached: underthesea is the slow part) ------------------------------


@cache
def _syllables(text: str) -> tuple[str, ...]:
    return tuple(_SYLLABLE.findall(normalize(text).lower()))


@cache
def _words(text: str) -> tuple[tuple[str, ...], ...]:
    """underthesea's words, each as its lowercase syllables; a token without a space
    ("193/2013/NĐ-CP", "6-8%") is split like the syllable channel splits it."""
    out: list[tuple[str, ...]] = []
    for word in segment(normalize(text)):
        syllables = tuple(_SYLLABLE.findall(word.lower()))
        if len(word.split()) > 1 and len(syllables) > 1:
            out.append(syllables)
        else:
            out.extend((s,) for s in syllables)
    return tuple(out)


def tokens(text: str, unit: str, folded: bool) -> list[str]:
    if unit == "syl":
        out = list(_syllables(text))
    elif unit == "syl+bi":
        syl = _syllables(text)
        out = [*syl, *(f"{a}_{b}" for a, b in zip(syl, syl[1:], strict=False))]
    elif unit == "word":
        out = ["_".join(w) for w in _words(text)]
    elif unit == "word+syl":
        out = []
        for w in _words(text):
            out.append("_".join(w))
            if len(w) > 1:
                out.extend(w)
    else:
        raise ValueError(unit)
    if folded:
        out += ["~" + fold(t) for t in out]
    return out


def query_tokens(question: str, setup: Setup) -> list[str]:
    out = tokens(question, setup.unit, setup.folded)
    if setup.paraphrase:
        for _, canonical in phrasings(question):
            out += [t for t in tokens(canonical, setup.unit, setup.folded) if t not in out]
    return out


# --- one configuration ----------------------------------------------------------------------


@dataclass
class Passages:
    keys: list[Passage]  # (article, paragraph, text)
    contexts: list[str]  # title and section path


def passages(articles: list[Article]) -> Passages:
    keys, contexts = [], []
    for a in articles:
        for p in a.paragraphs:
            keys.append((a.id, p.number, p.text))
            contexts.append(f"{a.title}\n{p.section}")
    return Passages(keys, contexts)


def asker(ps: Passages, setup: Setup) -> Callable[[str], tuple[bool, list[Passage]]]:
    docs = []
    for (_, _, text), context in zip(ps.keys, ps.contexts, strict=True):
        toks = tokens(text, setup.unit, setup.folded)
        if setup.context:
            toks += tokens(context, setup.unit, setup.folded)
        docs.append(toks)
    bm25 = BM25Okapi(docs, k1=setup.k1, b=setup.b)

    def ask(question: str) -> tuple[bool, list[Passage]]:
        scores = bm25.get_scores(query_tokens(question, setup))
        order = np.argsort(-scores, kind="stable")[:TOP]
        return True, [ps.keys[i] for i in order]

    return ask


# --- the ablation -----------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    dev: EvalReport
    test: EvalReport
    note: str = ""


def _key(row: Row) -> tuple[float, float]:
    return (row.dev.recall_at(3), row.dev.mrr)


def run(
    ps: Passages, dev: list[Item], test: list[Item]
) -> tuple[list[Row], list[Row], Setup, Setup]:
    """(channel rows at default k1/b, k1/b rows of the best channel set, that channel set,
    the chosen setup)."""

    def row(setup: Setup, name: Callable[[Setup], str]) -> Row:
        ask = asker(ps, setup)
        return Row(name(setup), score(dev, ask), score(test, ask))

    grid = [
        Setup(unit, folded, context, paraphrase)
        for unit in UNITS
        for folded in (False, True)
        for context in (False, True)
        for paraphrase in (False, True)
    ]
    channel_rows = [row(s, Setup.channel_name) for s in grid]
    # Best on dev R@3, then dev MRR; the earlier (simpler) setup wins a tie.
    best = grid[max(range(len(grid)), key=lambda i: (_key(channel_rows[i]), -i))]
    sweep = [replace(best, k1=k1, b=b) for k1 in K1S for b in BS]
    sweep_rows = [row(s, Setup.bm25_name) for s in sweep]
    chosen = sweep[max(range(len(sweep)), key=lambda i: (_key(sweep_rows[i]), -i))]
    return channel_rows, sweep_rows, best, chosen


def table(rows: list[Row], mark: set[str]) -> list[str]:
    lines = [
        "| configuration | dev R@3 | dev MRR | test R@3 | test MRR |",
        "| --- |" + " ---: |" * 4,
    ]
    for r in rows:
        name = f"**{r.name}** (best on dev)" if r.name in mark else r.name
        lines.append(
            f"| {name}{r.note} | {r.dev.recall_at(3):.3f} | {r.dev.mrr:.3f} | "
            f"{r.test.recall_at(3):.3f} | {r.test.mrr:.3f} |"
        )
    return lines


def write_results(section: str, path: Path = RESULTS) -> None:
    """Replace (or append) the "Retrieval ablation" section of RESULTS.md, keeping the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find(HEADING + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        nxt = text.find("\n## ", start + len(HEADING))
        text = text[:start] + section + (text[nxt + 1 :] if nxt >= 0 else "")
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    all_dev, all_test = questions("dev"), questions("test")
    dev = [i for i in all_dev if i.relevant]
    test = [i for i in all_test if i.relevant]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(Path(tmp))
        articles, _ = load_corpus(corpus)
        ps = passages(articles)
        channel_rows, sweep_rows, best, chosen = run(ps, dev, test)
        ask = engine_asker(coopbot(corpus, Path(tmp) / "index"), TOP)
        ours = Row("coopbot engine (bench.retrieval's scoring, same questions)",
                   score(dev, ask), score(test, ask))  # fmt: skip
        refusals = {
            part: score([i for i in items if not i.relevant], ask)
            for part, items in (("dev", all_dev), ("test", all_test))
        }
    off = ", ".join(
        f"{part} {sum(1 for o in r.outcomes if o.rank == 1)}/{len(r.outcomes)}"
        for part, r in refusals.items()
    )
    lines = [
        HEADING,
        "",
        "Plain `rank_bm25.BM25Okapi` over every passage of the `bench/retrieval.py` corpus "
        f"({len(ps.keys)} passages), top {TOP}, **without coopbot's province filter, year "
        "boost, stopwords, abbreviation/document-number tokens or coverage refusal**. Questions: "
        f"the labelled dev ({len(dev)}) and test ({len(test)}) parts of `tests/devcorpus`, "
        f"without the off-topic ones (coopbot refuses them: {off}). Channel sets at rank_bm25's "
        "defaults (k1=1.5, b=0.75), chosen on dev R@3 then dev MRR; the test part is reported "
        "only. `python -m bench.retrieval_ablation`.",
        "",
        *table(channel_rows, {best.channel_name()}),
        "",
        f"BM25's k1 and b for the best channel set on dev ({best.channel_name()}); last row: "
        "coopbot's own engine (word + syllable + folded terms, context, abbreviation and "
        "document-number tokens, paraphrases, province filter, boosts) for reference. One dev "
        f"question is {1 / len(dev):.3f} of R@3, one test question {1 / len(test):.3f}.",
        "",
        *table([*sweep_rows, ours], {chosen.bm25_name()}),
        "",
    ]
    section = "\n".join(lines)
    print(section)
    print(f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    if not args.no_write:
        write_results(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())

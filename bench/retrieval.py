"""Retrieval on documents the rules were not written for: the development corpus in
tests/devcorpus (administrative plans, reports, decisions, PDF copies, news pages, national
documents) next to the seed articles, scored on its dev and test question files, with SQLite
FTS5 over the same passages as the baseline, and the documents' metadata checked.

    .venv/bin/python -m bench.retrieval              # dev and test parts, coopbot and FTS5
    .venv/bin/python -m bench.retrieval --part dev   # the dev part only (what tuning may read)
    .venv/bin/python -m bench.retrieval --misses     # also list the questions missed at 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from bot.config import load_config
from bot.corpus import Article
from bot.corpus_load import load_corpus
from bot.engine import Engine
from bot.evaluate import EvalReport, Item, Passage, engine_asker, load_items, score
from bot.text import fold

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "devcorpus"
SEEDS = ROOT / "corpus"
# The documents retrieval is measured on: the first set, and set E (documents named by number).
DOC_FOLDERS = (DEV / "docs", DEV / "docs_names_dev")


def build_corpus(target: Path) -> Path:
    """Seeds and development documents in one folder."""
    corpus = target / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for folder in (SEEDS, *DOC_FOLDERS):
        for path in folder.iterdir():
            if path.is_file() and not path.name.startswith("."):
                shutil.copy2(path, corpus / path.name)
    return corpus


def coopbot(corpus: Path, index: Path) -> Engine:
    """coopbot's engine over a corpus folder, built into an index folder."""
    engine = Engine(load_config().with_paths(corpus, index))
    for s in engine.reload().skipped:
        print(f"skipped {s.file}: {s.reason}", file=sys.stderr)
    return engine


def questions(part: str) -> list[Item]:
    """The items of every question file of a part ('dev' or 'test')."""
    items: list[Item] = []
    for path in sorted(DEV.glob(f"questions_{part}_*.jsonl")):
        items.extend(load_items(path))
    return items


def fts5_asker(articles: list[Article]):
    """SQLite FTS5 (unicode61, diacritics removed) over the same passages: the baseline."""
    con = sqlite3.connect(":memory:")
    con.execute(
        "CREATE VIRTUAL TABLE p USING fts5(art, par UNINDEXED, title, body, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    con.executemany(
        "INSERT INTO p(art, par, title, body) VALUES (?, ?, ?, ?)",
        (
            (a.id, p.number, f"{a.title} {a.province or ''}", p.text)
            for a in articles
            for p in a.paragraphs
        ),
    )

    def ask(query: str) -> tuple[bool, list[Passage]]:
        words = [w for w in fold(query).replace("/", " ").replace("-", " ").split() if w.isalnum()]
        match = " OR ".join(f'"{w}"' for w in words) or '""'
        rows = con.execute(
            "SELECT art, par, body FROM p WHERE p MATCH ? ORDER BY rank LIMIT 10", (match,)
        ).fetchall()
        return bool(rows), [(a, int(n), t) for a, n, t in rows]

    return ask


def metadata_check(articles: dict[str, Article]) -> tuple[int, int, list[str]]:
    """Type, number, date and province of every administrative document against the labels."""
    right = total = 0
    wrong: list[str] = []
    for path in sorted(DEV.glob("meta_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            gold = json.loads(line)
            art = articles.get(Path(gold["file"]).stem)
            if gold.get("kind") != "admin":
                continue
            got = {
                "doc_type": art.doc_type if art else None,
                "doc_number": art.doc_number if art else None,
                "issued": art.date.isoformat() if art and art.date else None,
                "province": art.province if art else None,
            }
            for key, value in got.items():
                total += 1
                if (gold.get(key) or None) == value:
                    right += 1
                else:
                    wrong.append(f"{gold['file']} {key}: {value!r} ≠ {gold.get(key)!r}")
    return right, total, wrong


def line(name: str, report: EvalReport) -> str:
    return (
        f"| {name} | {len(report.outcomes)} | {report.recall_at(1):.3f} | "
        f"{report.recall_at(3):.3f} | {report.mrr:.3f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--part",
        choices=("dev", "test", "both"),
        default="both",
        help="which question files to score; tuning reads the dev part only",
    )
    parser.add_argument("--misses", action="store_true", help="list the dev part's misses")
    parser.add_argument(
        "--test-misses", action="store_true", help="also the test part's (not for tuning)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(Path(tmp))
        engine = coopbot(corpus, Path(tmp) / "index")
        articles, _ = load_corpus(corpus)
        ours, fts = engine_asker(engine), fts5_asker(articles)
        print("| set | questions | R@1 | R@3 | MRR |")
        print("| --- | --- | --- | --- | --- |")
        results = {}
        parts = ("dev", "test") if args.part == "both" else (args.part,)
        for part in parts:
            items = questions(part)
            results[part] = score(items, ours)
            print(line(f"coopbot {part}", results[part]))
            print(line(f"FTS5 {part}", score(items, fts)))
        print()
        for part, rep in results.items():
            print(
                f"{part} part by tag (coopbot): "
                + ", ".join(
                    f"{t} {r.recall_at(3):.2f}/{r.mrr:.2f} (n={len(r.outcomes)})"
                    for t, r in rep.by_tag().items()
                )
            )
        if "dev" in results:
            for path in sorted(DEV.glob("questions_dev_*.jsonl")):
                print(line(f"coopbot {path.stem}", score(load_items(path), ours)))
        for part, rep in results.items():
            named = [o for o in rep.outcomes if "doc_number" in o.tags]
            first_doc = sum(o.top_article in o.relevant_articles for o in named)
            first = sum(o.rank == 1 for o in named)
            print(
                f"document-number questions ({part}, {len(named)}): the named document first "
                f"{first_doc}/{len(named)}, the labelled passage first {first}/{len(named)}"
            )
        right, total, wrong = metadata_check({a.id: a for a in articles})
        print(f"\nmetadata of administrative documents: {right}/{total} fields right")
        for w in wrong:
            print(f"  {w}")
        if args.misses:
            for part, rep in results.items():
                if part == "test" and not args.test_misses:
                    continue
                for o in rep.outcomes:
                    if o.rank is None or o.rank > 3:
                        print(f"[{part}] miss (rank {o.rank}): {o.query}\n      top: {o.top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

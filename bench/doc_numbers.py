"""Document-number questions generated from the development documents: for every administrative
document its name in several written forms, and for every document it cites the citation,
asked against all the development documents (test documents are distractors, never asked
about). Prints how often the named (or citing) document's passage comes first.

    python -m bench.doc_numbers [--misses]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from bot.engine import Engine
from bot.figures.docrefs import extract_doc_refs
from bot.text import fold
from tests.conftest import REPO, make_config

DEV = REPO / "tests" / "devcorpus"
TEST_DOCS = ("d05", "d06", "d07", "d08", "d13", "d14", "d15", "d16")


def forms(doc_type: str, number: str, province: str | None) -> list[str]:
    """How officials write a document's name: full, short, accent-free, with filler words."""
    head = number.split("/")[0].split("-")[0]
    where = f" {province}" if province else ""
    return [
        f"{doc_type} {number}",
        f"{doc_type} số {head}{where}",
        fold(f"{doc_type} so {head}{where}"),
        f"{number} có gì đáng chú ý",
        f"{doc_type} {head}{where} tóm tắt nội dung chính",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for folder in ("docs", "docs_figures_dev", "docs_figures_dev3", "docs_figures_dev4"):
            for f in (DEV / folder).glob("*.*"):
                shutil.copy(f, corpus / f.name)
        engine = Engine(make_config(corpus, Path(tmp) / "index"))
        engine.reload()
        index = engine.snapshot.index
        articles = [ia.article for ia in index.articles.values()]
        asked: list[tuple[str, set[str]]] = []
        cited = [r for rs in index.documents.values() for r in rs]
        for a in articles:
            if a.id.startswith(TEST_DOCS):
                continue
            if a.doc_number and a.doc_type:
                asked += [(q, {a.id}) for q in forms(a.doc_type, a.doc_number, a.province)]
            for ref in extract_doc_refs(a):
                if not ref.number or ref.kind == "Luật":
                    continue
                citing = {r.article for r in cited if r.number == ref.number}
                own = {b.id for b in articles if b.doc_number == ref.number}
                asked.append((f"{ref.kind} {ref.number}", own or citing))
        misses = []
        for question, wanted in asked:
            answer = engine.ask(question)
            top = answer.passages[0].article if answer.passages else None
            if top not in wanted:
                misses.append((question, top, sorted(wanted)))
        print(f"named document first: {len(asked) - len(misses)}/{len(asked)}")
        if args.misses:
            for m in misses:
                print(m)
    return 0


if __name__ == "__main__":
    sys.exit(main())

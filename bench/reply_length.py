"""Length of the first Telegram reply over the labelled questions.

Renders, for every question of tests/eval_questions.jsonl and tests/devcorpus/questions_*.jsonl,
the first message the bot sends (`render_answer(answer, 0)` of `engine.ask(question, n)` with
the bot's n, as CoopBot.ask does; the script also runs on older code) on the corpus
bench/retrieval.py uses (seeds + development documents), and prints the median and maximum of
its visible length (the text Telegram shows, tags and entities resolved) and of its HTML.

    .venv/bin/python -m bench.reply_length              # median / max
    .venv/bin/python -m bench.reply_length --longest 5  # also the five longest replies
"""

from __future__ import annotations

import argparse
import html
import re
import statistics
import sys
import tempfile
from pathlib import Path

from bench.retrieval import DEV, ROOT, build_corpus, coopbot
from bot.evaluate import load_items
from bot.telegram import render as telegram_format
from bot.telegram.render import PAGE_SIZE, render_answer

_TAG = re.compile(r"<[^>]*>")


def visible(markup: str) -> str:
    """The text Telegram shows for an HTML message."""
    return html.unescape(_TAG.sub("", markup))


def labelled_questions() -> list[str]:
    paths = [ROOT / "tests" / "eval_questions.jsonl", *sorted(DEV.glob("questions_*.jsonl"))]
    return [item.query for path in paths for item in load_items(path)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--longest", type=int, default=0, help="list the N longest replies")
    args = parser.parse_args(argv)
    questions = labelled_questions()
    asked = getattr(telegram_format, "PASSAGES_ASKED", PAGE_SIZE * 5)
    with tempfile.TemporaryDirectory() as tmp:
        engine = coopbot(build_corpus(Path(tmp)), Path(tmp) / "index")
        lengths = []
        for q in questions:
            markup = render_answer(engine.ask(q, asked), 0)
            lengths.append((len(visible(markup)), len(markup), q))
        engine.close()
    shown = [v for v, _, _ in lengths]
    source = [h for _, h, _ in lengths]
    print(f"questions: {len(lengths)}")
    print(
        f"first reply, visible characters: median {statistics.median(shown):.0f}, max {max(shown)}"
    )
    print(
        f"first reply, HTML characters: median {statistics.median(source):.0f}, max {max(source)}"
    )
    for v, h, q in sorted(lengths, reverse=True)[: args.longest]:
        print(f"  {v:5d} visible / {h:5d} html: {q}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

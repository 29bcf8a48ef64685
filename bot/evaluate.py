"""Retrieval evaluation: R@1, R@3 and MRR over a labelled JSONL question file.

Each line: {"query": "...", "relevant": [["001_...", 3], ["d09_cantho_kh185", "snippet"]],
"tags": [...]} — a passage counts as a hit when it is in the listed article and is the listed
paragraph number or contains the listed snippet (case, accents and spacing as written; a
snippet copied from a table row matches when each of its cells is in the passage). An empty
"relevant" list marks a question that must be refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine import Engine

Passage = tuple[str, int, str]  # article, paragraph, text
Asker = Callable[[str], tuple[bool, list[Passage]]]


@dataclass
class Item:
    query: str
    relevant: list[tuple[str, int | str]]
    tags: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    query: str
    rank: int | None  # 1-based rank of the first relevant passage; refusals count as rank 1
    answered: bool
    tags: list[str] = field(default_factory=list)
    top: str = ""  # the first passage returned, to read a miss
    top_article: str = ""  # its document: "the named document first" is judged on it
    relevant_articles: tuple[str, ...] = ()


@dataclass
class EvalReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def recall_at(self, k: int) -> float:
        n = len(self.outcomes)
        return sum(1 for o in self.outcomes if o.rank is not None and o.rank <= k) / n if n else 0.0

    @property
    def mrr(self) -> float:
        n = len(self.outcomes)
        return sum(1 / o.rank for o in self.outcomes if o.rank) / n if n else 0.0

    def by_tag(self) -> dict[str, EvalReport]:
        tags: dict[str, EvalReport] = {}
        for o in self.outcomes:
            for t in o.tags:
                tags.setdefault(t, EvalReport()).outcomes.append(o)
        return dict(sorted(tags.items()))

    def to_json(self) -> dict:
        return {
            "questions": len(self.outcomes),
            "r@1": round(self.recall_at(1), 4),
            "r@3": round(self.recall_at(3), 4),
            "mrr": round(self.mrr, 4),
            "misses": [o.query for o in self.outcomes if o.rank is None or o.rank > 3],
            "tags": {
                t: {"n": len(r.outcomes), "r@3": round(r.recall_at(3), 4), "mrr": round(r.mrr, 4)}
                for t, r in self.by_tag().items()
            },
        }


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").lower().split())


def matches(label: int | str, paragraph: int, text: str) -> bool:
    """Whether a passage is the labelled one: its number, or it contains the snippet."""
    if isinstance(label, int):
        return label == paragraph
    body = _norm(text)
    if _norm(label) in body:
        return True
    cells = [c for c in (_norm(x) for x in re.split(r"[|\t]", label)) if c]
    return len(cells) > 1 and all(c in body for c in cells)


def load_items(path: Path) -> list[Item]:
    """The labelled questions of a JSONL file; a bad line is an error naming it."""
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            relevant = [(str(a), p if isinstance(p, str) else int(p)) for a, p in raw["relevant"]]
            items.append(Item(str(raw["query"]), relevant, list(raw.get("tags", []))))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: bad line ({exc})") from exc
    return items


def score(items: Iterable[Item], ask: Asker) -> EvalReport:
    """Ask every labelled question through `ask` and score where the first relevant passage
    lands; works for coopbot and for a baseline alike."""
    report = EvalReport()
    for item in items:
        answered, passages = ask(item.query)
        top = passages[0][2][:120] if passages else ""
        top_article = passages[0][0] if passages else ""
        if not item.relevant:
            rank = None if answered else 1
        else:
            rank = next(
                (
                    i
                    for i, (art, par, text) in enumerate(passages, 1)
                    if any(art == a and matches(lab, par, text) for a, lab in item.relevant)
                ),
                None,
            )
        report.outcomes.append(
            Outcome(
                item.query,
                rank,
                answered,
                item.tags,
                top,
                top_article,
                tuple(dict.fromkeys(a for a, _ in item.relevant)),
            )
        )
    return report


def engine_asker(engine: Engine, top_k: int = 10) -> Asker:
    def ask(query: str) -> tuple[bool, list[Passage]]:
        answer = engine.ask(query, top_k)
        return answer.answered, [(h.article, h.paragraph, h.text) for h in answer.passages]

    return ask


def evaluate(engine: Engine, path: Path, top_k: int = 10) -> EvalReport:
    """Ask every labelled question of a file and score the answers."""
    return score(load_items(path), engine_asker(engine, top_k))


def format_report(report: EvalReport, tags: bool = True) -> str:
    data = report.to_json()
    lines = [
        f"questions: {data['questions']}",
        f"R@1: {data['r@1']:.3f}",
        f"R@3: {data['r@3']:.3f}",
        f"MRR: {data['mrr']:.3f}",
    ]
    if tags:
        for tag, t in data["tags"].items():
            lines.append(f"  {tag:16} n={t['n']:3}  R@3 {t['r@3']:.3f}  MRR {t['mrr']:.3f}")
    lines.extend(f"miss: {q}" for q in data["misses"])
    return "\n".join(lines)

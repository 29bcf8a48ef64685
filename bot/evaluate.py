"""Retrieval evaluation: R@1, R@3 and MRR over a labelled JSONL question file.

Each line: {"query": "...", "relevant": [["001_...", 3], ...]} — any listed (article, paragraph)
counts as a hit; or {"query": "...", "relevant": []} for a question that must be refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine import Engine


@dataclass
class Outcome:
    query: str
    rank: int | None  # 1-based rank of the first relevant passage; refusals count as rank 1
    answered: bool


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

    def to_json(self) -> dict:
        return {
            "questions": len(self.outcomes),
            "r@1": round(self.recall_at(1), 4),
            "r@3": round(self.recall_at(3), 4),
            "mrr": round(self.mrr, 4),
            "misses": [o.query for o in self.outcomes if o.rank is None or o.rank > 3],
        }


def evaluate(engine: Engine, path: Path, top_k: int = 10) -> EvalReport:
    """Ask every labelled question and score where the first relevant paragraph lands."""
    report = EvalReport()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            relevant = {(str(a), int(p)) for a, p in item["relevant"]}
            query = item["query"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: bad line ({exc})") from exc
        answer = engine.ask(query, top_k)
        if not relevant:
            report.outcomes.append(Outcome(query, None if answer.answered else 1, answer.answered))
            continue
        rank = next(
            (i for i, h in enumerate(answer.passages, 1) if (h.article, h.paragraph) in relevant),
            None,
        )
        report.outcomes.append(Outcome(query, rank, answer.answered))
    return report


def format_report(report: EvalReport) -> str:
    data = report.to_json()
    lines = [
        f"questions: {data['questions']}",
        f"R@1: {data['r@1']:.3f}",
        f"R@3: {data['r@3']:.3f}",
        f"MRR: {data['mrr']:.3f}",
    ]
    lines.extend(f"miss: {q}" for q in data["misses"])
    return "\n".join(lines)

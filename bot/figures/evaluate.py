"""Figures against a hand-labelled gold file: precision, recall, and accuracy per field.

Gold lines (tests/devcorpus/gold_records_*.jsonl): {"article", "snippet", "scope", "kind",
"period", "indicator", "subject", "value_min", "value_max", "qualifier", "unit", "change",
"progress"}; money in đồng, people as "người". A record is right when its value, kind, period,
indicator and subject all agree with the gold line it is paired with.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus import Article
from bot.evaluate import matches
from bot.figures.numbers import normalised
from bot.figures.record import Record

FIELDS = ("kind", "period", "indicator", "subject", "scope", "change", "progress")
DECISIVE = ("kind", "period", "indicator", "subject")


@dataclass
class FigureReport:
    gold: int = 0
    extracted: int = 0
    right: int = 0
    paired: int = 0  # gold lines with a record of the same value in the same passage
    field_right: Counter = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 0.0

    def to_json(self) -> dict:
        return {
            "gold": self.gold,
            "extracted": self.extracted,
            "right": self.right,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "value_found": self.paired,
            "fields": {f: round(self.field_right[f] / self.paired, 4) for f in FIELDS}
            if self.paired
            else {},
        }


def period_label(r: Record) -> str | None:
    """A record's period in the gold notation: 2023, 2021-2025, 2022-06-30, 2022-H1."""
    if r.period_start is None:
        return None
    note = r.period_note or ""
    if m := re.match(r"đến (\d{1,2})/(\d{1,2})/(\d{4})", note):
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    if m := re.match(r"tháng (\d{1,2})/(\d{4})", note):
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    if m := re.match(r"(\d{1,2}) tháng đầu", note):
        if m.group(1) != "6":  # the months so far: labelled by the last of them
            return f"{r.period_start}-{int(m.group(1)):02d}"
    if m := re.match(r"quý (I|II|III|IV)/", note):
        return f"{r.period_start}-{3 * ('I', 'II', 'III', 'IV').index(m.group(1)) + 3:02d}"
    if note.startswith("6 tháng đầu"):
        return f"{r.period_start}-H1"
    if note.startswith("6 tháng cuối"):
        return f"{r.period_start}-H2"
    if r.period_start == r.period_end:
        return str(r.period_start)
    return f"{r.period_start}-{r.period_end}"


def _period_agrees(gold: str | None, r: Record, article: Article) -> bool:
    got = period_label(r)
    if gold == got:
        return True
    if gold is None:
        # A current figure with no period stated is dated by its document.
        return got == (str(article.year) if article.year else None)
    if got and min(len(gold), len(got)) == 7 and gold[:7] == got[:7]:
        return True  # a month either way: "2021-10" and "2021-10-31"
    return False


def _fields(g: dict, r: Record, article: Article) -> dict[str, bool]:
    scope_national = (g.get("scope") or "").lower() in ("cả nước", "ca nuoc")
    return {
        "kind": g["kind"] == r.kind,
        "period": _period_agrees(g.get("period"), r, article),
        "indicator": g["indicator"] == r.indicator_id,
        "subject": g.get("subject") in (None, r.subject),
        "scope": scope_national == r.national,
        "change": bool(g.get("change")) == r.change,
        "progress": bool(g.get("progress")) == r.progress,
    }


def _value(g: dict) -> tuple[float, float, str]:
    return (*normalised(float(g["value_min"]), float(g["value_max"]), g["unit"]),)


def _same_value(r: Record, want: tuple[float, float, str]) -> bool:
    lo, hi, unit = r.normalised()
    return (lo, hi) == want[:2] and unit == want[2]


def _in_passage(snippet: str, text: str) -> bool:
    """The snippet's passage: it contains the snippet, or every word of a table line's
    snippet (its cells are rendered with their headers)."""
    if matches(snippet, -1, text):
        return True
    words = set(re.findall(r"\w+", text.lower()))
    return all(w in words for w in re.findall(r"\w+", snippet.lower()))


def score(
    gold_path: Path, articles: dict[str, Article], records: dict[str, list[Record]]
) -> FigureReport:
    """Pair each gold line with a record of the same value in the passage its snippet is in
    (or, failing that, anywhere in the document), then count what agrees."""
    gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    report = FigureReport(gold=len(gold))
    docs = {g["article"] for g in gold}
    used: set[int] = set()
    for g in gold:
        article = articles.get(g["article"])
        pool = records.get(g["article"], [])
        by_value = [r for r in pool if id(r) not in used and _same_value(r, _value(g))]
        exact = [r for r in by_value if matches(g["snippet"], -1, r.text)]
        in_passage = exact or [r for r in by_value if _in_passage(g["snippet"], r.text)]
        candidates = in_passage or by_value
        if not candidates or article is None:
            report.missed.append(f"{g['article']}: {g['snippet']} ({g['value_min']} {g['unit']})")
            continue
        best = max(candidates, key=lambda r: sum(_fields(g, r, article).values()))
        used.add(id(best))
        report.paired += 1
        agree = _fields(g, best, article)
        report.field_right.update(f for f, ok in agree.items() if ok)
        if all(agree[f] for f in DECISIVE):
            report.right += 1
        else:
            bad = ", ".join(
                f"{f}: {_shown(best, f, article)} ≠ {g.get(f)}" for f in DECISIVE if not agree[f]
            )
            report.wrong.append(f"{g['article']}: {g['snippet']} → {bad}")
    report.extracted = sum(len(records.get(d, [])) for d in docs)
    return report


def _shown(r: Record, name: str, article: Article) -> object:
    if name == "period":
        return period_label(r)
    if name == "indicator":
        return r.indicator_id
    return getattr(r, name)


def format_report(report: FigureReport, details: bool = False) -> str:
    data = report.to_json()
    lines = [
        f"gold {data['gold']}, extracted {data['extracted']}, right {data['right']}",
        f"precision {data['precision']:.3f}  recall {data['recall']:.3f}  "
        f"(value found for {data['value_found']})",
        "fields (of the value-matched): "
        + ", ".join(f"{k} {v:.2f}" for k, v in data.get("fields", {}).items()),
    ]
    if details:
        lines += [f"  wrong: {w}" for w in report.wrong]
        lines += [f"  missed: {m}" for m in report.missed]
    return "\n".join(lines)


__all__ = ["FigureReport", "format_report", "normalised", "period_label", "score"]

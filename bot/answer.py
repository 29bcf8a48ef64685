"""The answer shared by the CLI, the console chat and Telegram: passages, figures, cited
documents and notes composed from a search result and the figures asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.citation import Source, hit_source
from bot.messages import merger_notes, reason_message
from bot.search.results import Hit, SearchResult

MONEY_BOOST = 1.25  # passages stating an amount, for questions about money
AMOUNT_FLOOR = 0.5  # an amount passage this relevant (of the best) is put first
# An amount of money ("30 triệu đồng", "114,641 tỷ đồng", "1.500.000 đ", "2 tỷ VNĐ"), or support
# given as a share of a cost or of another amount ("hỗ trợ 100% chi phí", "hỗ trợ bằng 50% mức").
AMOUNT = re.compile(
    r"\d[\d.,]*\s*(?:nghìn|ngàn|triệu|trđ|tỷ|tỉ)?\s*(?:đồng|đ\b|vnđ|vnd)"
    r"|hỗ trợ[^.;:]{0,40}?\d+(?:[.,]\d+)?\s*%",
    re.IGNORECASE,
)


@dataclass
class Answer:
    """One question's answer, before any rendering; `message` and `notes` already in Vietnamese."""

    query: str
    answered: bool
    passages: list[Hit]
    records: list[Any] = field(default_factory=list)  # bot.records.RecordView, figures first
    documents: list[Any] = field(default_factory=list)  # bot.records.DocRef the question names
    notes: list[str] = field(default_factory=list)  # e.g. the 2025 province merger
    message: str | None = None  # why nothing was found, in Vietnamese
    figures: Any = None  # bot.figures.questions.Figures for comparison/ranking/series/…
    guesses: list[str] = field(default_factory=list)  # "Ý bạn là Quảng Ninh?"
    searched: str = ""  # the question as read (abbreviations and typos resolved)
    sources: dict[str, Source] = field(default_factory=dict)  # by article id
    coverage: str | None = None  # what the corpus holds, when nothing was found
    wants_money: bool = False
    no_amount: bool = False  # a question about money the corpus has no amount for
    parsed: Any = field(default=None, repr=False)  # the bot.query.Query, when composed from one

    def source(self, article: str, hit: Hit | None = None) -> Source | None:
        """An article's source as composed, else as the hit carries it."""
        found = self.sources.get(article)
        return found or (hit_source(hit) if hit is not None else None)

    def to_json(self) -> dict[str, Any]:
        """The `coopbot ask --json` contract."""
        from bot.summary import short_answer  # bot.summary reads Answer: imported when used

        return {
            "query": self.query,
            "answered": self.answered,
            "passages": [
                {
                    "article": h.article,
                    "paragraph": h.paragraph,
                    "text": h.text,
                    "score": h.score,
                    "title": h.title,
                    "date": h.date.isoformat() if h.date else None,
                    "province": h.province,
                    "publisher": h.publisher,
                    "section": h.section,
                    "document": h.document or None,
                    "issuer": h.issuer,
                    "source": h.source,
                }
                for h in self.passages
            ],
            "records": [r.to_json() for r in self.records],
            "documents": [d.to_json() for d in self.documents],
            "notes": self.notes,
            "message": self.message,
            "guesses": self.guesses,
            "summary": short_answer(self),
        }


def compose(
    question: str,
    result: SearchResult,
    records: list[Any] | None = None,
    documents: list[Any] | None = None,
    figures: Any = None,
    query: Any = None,
    top_k: int | None = None,
) -> Answer:
    """Combine ranked passages and matching figures into one answer. With the parsed `query`:
    its guesses, and for a question about money, passages stating an amount first (the best
    `top_k` kept) and a note when the corpus has none."""
    records = records or []
    hits = result.hits
    money = bool(query is not None and query.wants_money)
    if money:
        hits = favour_amounts(hits)
    hits = hits[:top_k] if top_k else hits
    notes = merger_notes(result, records)
    if figures is not None and figures.mode == "rank" and records:
        notes.append(
            f"Xếp hạng trong {figures.covered} tỉnh/thành có số liệu này trong kho dữ liệu, "
            "không phải toàn quốc."
        )
    if figures is not None and figures.mode == "national" and not records:
        notes.append("Kho dữ liệu chưa có số liệu toàn quốc phù hợp; không dùng số của một tỉnh.")
    answered = result.answered or bool(records)
    no_amount = (
        money
        and answered
        and not any(AMOUNT.search(h.text) for h in hits[:3])
        and not any(is_money(r) for r in records)
    )
    return Answer(
        query=question,
        answered=answered,
        passages=hits,
        records=records,
        documents=documents or [],
        notes=notes,
        message=None if answered else reason_message(result),
        figures=figures,
        guesses=list(query.guesses) if query is not None else [],
        searched=query.text if query is not None else question,
        wants_money=money,
        no_amount=no_amount,
        parsed=query,
    )


def is_money(record: Any) -> bool:
    """Whether a figure is an amount of money (its unit is in đồng)."""
    return "đồng" in record.unit


# An amount given as support or funding in the same sentence: what a money question asks for.
_SUPPORT_AMOUNT = re.compile(
    r"(hỗ trợ|kinh phí|chi phí|ngân sách|tối đa|không quá|mức chi)[^.;]{0,80}?"
    r"\d[\d.,]*\s*(triệu|tỷ|nghìn|ngàn)?\s*(đồng|VNĐ|đ\b)",
    re.IGNORECASE,
)


def favour_amounts(hits: list[Hit]) -> list[Hit]:
    """Passages stating an amount of money ("tối đa 30 triệu đồng") a little higher, and the
    best of them first when none would be among the first three though one is at least half
    as relevant as the best passage and states it as support or funding ("hỗ trợ tối đa 30
    triệu đồng", not a revenue): a question about money is answered with the amount."""

    def score(h: Hit) -> float:
        return h.score * (MONEY_BOOST if AMOUNT.search(h.text) else 1.0)

    ranked = sorted(hits, key=score, reverse=True)  # stable: ties keep the search's order
    if ranked and not any(AMOUNT.search(h.text) for h in ranked[:3]):
        best = next((h for h in ranked if _SUPPORT_AMOUNT.search(h.text)), None)
        if best is not None and best.score >= AMOUNT_FLOOR * ranked[0].score:
            ranked.remove(best)
            ranked.insert(0, best)
    return ranked

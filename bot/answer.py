"""The answer object shared by the CLI, the console chat and Telegram, and its plain-text form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.index import Hit, Reason, SearchResult

RECORDS_SHOWN = 12
DOCUMENTS_SHOWN = 8  # citing paragraphs listed; a much-cited decree has thousands
NOT_FOUND = "Không tìm thấy thông tin phù hợp trong kho dữ liệu."


@dataclass
class Answer:
    query: str
    answered: bool
    passages: list[Hit]
    records: list[Any] = field(default_factory=list)  # bot.records.RecordView, figures first
    documents: list[Any] = field(default_factory=list)  # bot.records.DocRef the question names
    notes: list[str] = field(default_factory=list)  # e.g. the 2025 province merger
    message: str | None = None  # why nothing was found, in Vietnamese
    figures: Any = None  # bot.figures.questions.Figures for comparison/ranking/series/…

    def to_json(self) -> dict[str, Any]:
        """The `coopbot ask --json` contract."""
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
        }


def compose(
    question: str,
    result: SearchResult,
    records: list[Any] | None = None,
    documents: list[Any] | None = None,
    figures: Any = None,
) -> Answer:
    """Combine ranked passages and matching figures into one answer."""
    records = records or []
    notes = merger_notes(result, records)
    if figures is not None and figures.mode == "rank" and records:
        notes.append(
            f"Xếp hạng trong {figures.covered} tỉnh/thành có số liệu này trong kho dữ liệu, "
            "không phải toàn quốc."
        )
    if figures is not None and figures.mode == "national" and not records:
        notes.append("Kho dữ liệu chưa có số liệu toàn quốc phù hợp; không dùng số của một tỉnh.")
    answered = result.answered or bool(records)
    return Answer(
        query=question,
        answered=answered,
        passages=result.hits,
        records=records,
        documents=documents or [],
        notes=notes,
        message=None if answered else reason_message(result),
        figures=figures,
    )


def reason_message(result: SearchResult) -> str:
    """Why nothing was found, said to the user."""
    if result.reason is Reason.EMPTY_INDEX:
        return "Kho dữ liệu trống."
    if result.reason is Reason.NO_TERMS:
        return "Câu hỏi không có từ khóa nào để tìm."
    if result.reason is Reason.NO_PROVINCE_DOCUMENTS:
        names = ", ".join(pq.said for pq in result.provinces)
        return f"Kho dữ liệu chưa có bài viết nào về {names}."
    if result.reason is Reason.NO_MATCH:
        return "Không tìm thấy đoạn văn nào khớp với câu hỏi."
    return NOT_FOUND


def province_notes(provinces: list[Any], found: set[str | None]) -> list[str]:
    """Say when results come from provinces merged into the one asked about, or when the
    province asked about no longer exists as such (July 2025 merger)."""
    notes: list[str] = []
    for pq in provinces:
        # The first province is the one the unit is named after, or renamed from (Thừa Thiên
        # Huế is now Huế): not merged into it.
        others = [p for p in pq.provinces[1:] if p in found]
        if others:
            olds = " và ".join(f"tỉnh {p}" for p in others)
            notes.append(
                f"{pq.said} hiện gồm cả {olds} (sáp nhập từ 7/2025); "
                f"kết quả dưới đây lấy từ bài viết về {olds}."
            )
        elif pq.note and len(pq.provinces) == 1:
            notes.append(pq.note)
    return notes


def merger_notes(result: SearchResult, records: list[Any]) -> list[str]:
    """Merger notes for an answer's passages and figures."""
    found = {h.province for h in result.hits} | {r.province for r in records}
    return province_notes(result.provinces, found)


def citation(hit: Hit) -> str:
    """How officials name a source: 'Kế hoạch 185/KH-UBND ngày 05/9/2022 của UBND thành phố
    Cần Thơ, II. Mục tiêu › a) Tổ hợp tác' for a document; 'Title — publisher, dd/mm/yyyy'
    for a news page; then the paragraph number and the source link when known."""
    when = hit.date.strftime("%d/%m/%Y") if hit.date else None
    if hit.document:
        head = hit.document + (f" ngày {when}" if when else "")
        if hit.issuer:
            head += f" của {hit.issuer}"
        head += f" ({hit.title})" if hit.title and hit.title != hit.document else ""
        parts = [head]
    else:
        parts = [hit.title + (f" — {hit.publisher}" if hit.publisher else "")]
        if when:
            parts.append(when)
    if hit.section:
        parts.append(hit.section)
    parts.append(f"đoạn {hit.paragraph}")
    text = ", ".join(parts) + f" [{hit.article}]"
    return text + (f" — {hit.source}" if hit.source else "")


def render_text(answer: Answer) -> str:
    """Plain-text rendering for the terminal: figures, then passages with citations."""
    lines: list[str] = []
    lines.extend(f"ℹ️ {n}" for n in answer.notes)
    if not answer.answered:
        lines.append(f"❌ {answer.message or NOT_FOUND}")
        return "\n".join(lines)
    if answer.records:
        lines.append("📊 Số liệu:")
        for r in answer.records[:RECORDS_SHOWN]:
            lines.append(f"  • {r.summary()} ({r.cite()})")
        if len(answer.records) > RECORDS_SHOWN:
            lines.append(f"  … và {len(answer.records) - RECORDS_SHOWN} số liệu khác")
        lines.append("")
    if answer.documents:
        lines.append("📚 Văn bản được nhắc đến:")
        for d in answer.documents[:DOCUMENTS_SHOWN]:
            lines.append(f"  • {d.name}: {d.article}, đoạn {d.paragraph}")
        if len(answer.documents) > DOCUMENTS_SHOWN:
            lines.append(f"  … và {len(answer.documents) - DOCUMENTS_SHOWN} đoạn khác")
        lines.append("")
    for i, hit in enumerate(answer.passages, start=1):
        lines.append(f"{i}. {hit.text}")
        lines.append(f"   📄 {citation(hit)}")
        lines.append("")
    return "\n".join(lines).rstrip()

"""An answer as plain text, for the terminal (`coopbot ask`, the console chat)."""

from __future__ import annotations

from bot.answer import Answer
from bot.citation import citation
from bot.messages import NOT_FOUND
from bot.summary import document_mentions, figure_groups, figure_text, short_answer

RECORDS_SHOWN = 12
DOCUMENTS_SHOWN = 8  # citing paragraphs listed; a much-cited decree has thousands


def render_text(answer: Answer) -> str:
    """Plain-text rendering for the terminal: the short answer, the figures by province and
    period, then every passage with its full citation."""
    lines: list[str] = []
    lines.extend(f"🤔 {g}" for g in answer.guesses)
    if not answer.answered:
        lines.extend(f"ℹ️ {n}" for n in answer.notes)
        lines.append(f"❌ {answer.message or NOT_FOUND}")
        if answer.coverage:
            lines.append(f"📚 {answer.coverage}")
        return "\n".join(lines)
    lines.extend(f"➡️ {line}" for line in short_answer(answer))
    lines.extend(f"ℹ️ {n}" for n in answer.notes)
    lines.append("")
    if answer.records:
        lines.append("📊 Số liệu:")
        shown = 0
        for head, records in figure_groups(answer):
            if shown >= RECORDS_SHOWN:
                break
            lines.append(f"  {head}")
            for r in records[: RECORDS_SHOWN - shown]:
                lines.append(f"    • {figure_text(r)} (đoạn {r.paragraph})")
                shown += 1
        if len(answer.records) > shown:
            lines.append(f"  … và {len(answer.records) - shown} số liệu khác")
        lines.append("")
    if answer.documents:
        lines.append("📚 Văn bản được nhắc đến:")
        mentions = document_mentions(answer)
        lines.extend(f"  • {m}" for m in mentions[:DOCUMENTS_SHOWN])
        if len(mentions) > DOCUMENTS_SHOWN:
            lines.append(f"  … và {len(mentions) - DOCUMENTS_SHOWN} đoạn khác")
        lines.append("")
    for i, hit in enumerate(answer.passages, start=1):
        lines.append(f"{i}. {hit.text}")
        lines.append(f"   📄 {citation(hit, answer.source(hit.article, hit))}")
        lines.append("")
    return "\n".join(lines).rstrip()

"""Answer → Telegram HTML: figures first, passages with citations, never over 4096 characters."""

from __future__ import annotations

import html
import re

from bot.answer import DOCUMENTS_SHOWN, NOT_FOUND, Answer, citation
from bot.db import ArticleSummary
from bot.history import Change
from bot.search.results import Hit
from bot.text import fold

TELEGRAM_LIMIT = 4096
PAGE_SIZE = 3
RECORDS_SHOWN = 10
_WORD = re.compile(r"[\w][\w.,%/-]*[\w%]|\w", re.UNICODE)


def esc(text: str) -> str:
    """Escape user or corpus text for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def highlight(text: str, matched: tuple[str, ...] | list[str]) -> str:
    """Escape `text` and bold the words whose folded form was matched by the question."""
    wanted = {m for m in matched if "_" not in m and len(m) > 1 or m.isdigit()}
    wanted |= {part for m in matched if "_" in m for part in m.split("_")}
    out, last = [], 0
    for m in _WORD.finditer(text):
        word = m.group(0)
        out.append(esc(text[last : m.start()]))
        out.append(f"<b>{esc(word)}</b>" if fold(word) in wanted else esc(word))
        last = m.end()
    out.append(esc(text[last:]))
    return "".join(out).replace("</b> <b>", " ")


def _trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def passage_block(number: int, hit: Hit, max_chars: int) -> str:
    body = highlight(_trim(hit.text, max_chars), hit.matched)
    return f"<b>{number}.</b> {body}\n📄 <i>{esc(citation(hit))}</i>"


def render_answer(answer: Answer, page: int = 0) -> str:
    """HTML for one page of an answer (page 0 has the figures and the notes)."""
    parts: list[str] = []
    if page == 0:
        parts.extend(f"ℹ️ {esc(n)}" for n in answer.notes)
        if not answer.answered:
            parts.append(f"🔎 {esc(answer.message or NOT_FOUND)}")
            parts.append(
                "Bạn thử hỏi cách khác, ví dụ: <i>Quảng Ninh mục tiêu 2023</i> hoặc /help."
            )
            return fit("\n\n".join(parts))
        if answer.records:
            lines = ["📊 <b>Số liệu</b>"]
            for r in answer.records[:RECORDS_SHOWN]:
                lines.append(f"• {esc(r.summary())} <i>(đoạn {r.paragraph}, {esc(r.article)})</i>")
            if len(answer.records) > RECORDS_SHOWN:
                lines.append(f"… và {len(answer.records) - RECORDS_SHOWN} số liệu khác (/muctieu)")
            parts.append("\n".join(lines))
        if answer.documents:
            lines = ["📚 <b>Văn bản được nhắc đến</b>"]
            lines += [
                f"• {esc(d.name)}: {esc(d.article)}, đoạn {d.paragraph}"
                for d in answer.documents[:DOCUMENTS_SHOWN]
            ]
            if len(answer.documents) > DOCUMENTS_SHOWN:
                lines.append(f"… và {len(answer.documents) - DOCUMENTS_SHOWN} đoạn khác")
            parts.append("\n".join(lines))
    hits = answer.passages[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    head = "\n\n".join(parts)
    budget = TELEGRAM_LIMIT - len(head) - 200
    per_hit = max(200, budget // max(1, len(hits))) - 120
    blocks = [passage_block(page * PAGE_SIZE + i + 1, h, per_hit) for i, h in enumerate(hits)]
    return fit("\n\n".join([p for p in [head, *blocks] if p]))


def fit(text: str) -> str:
    """Guarantee the 4096-character limit without cutting inside a tag or an entity."""
    if len(text) <= TELEGRAM_LIMIT:
        return text
    cut = text[: TELEGRAM_LIMIT - 20]
    cut = cut[: cut.rfind("\n")] if "\n" in cut[TELEGRAM_LIMIT // 2 :] else cut
    # Drop a dangling partial tag/entity, then close whatever is still open.
    cut = re.sub(r"<[^>]*$|&[#\w]*$", "", cut)
    open_tags = []
    for m in re.finditer(r"<(/?)(b|i)>", cut):
        if m.group(1):
            if open_tags and open_tags[-1] == m.group(2):
                open_tags.pop()
        else:
            open_tags.append(m.group(2))
    closing = "".join(f"</{t}>" for t in reversed(open_tags))
    return cut + "…" + closing


def has_more(answer: Answer, page: int) -> bool:
    return len(answer.passages) > (page + 1) * PAGE_SIZE


def render_change(
    change: Change,
    before: ArticleSummary | None,
    after: ArticleSummary | None,
    reloaded: bool = True,
) -> str:
    """What a corpus change did, for the admin: the document's passages, figures, title and
    province before → after (a summary is None when that version is not loaded)."""
    name = esc(change.file)
    if change.action == "add":
        lines = [f"✅ Đã lưu {name} — bài mới."]
    elif change.action == "replace":
        lines = [f"✅ Đã lưu {name} — tệp này THAY THẾ bài viết đã có (bản cũ được giữ lại)."]
    elif change.sha256_after is None:
        lines = [f"↩️ Đã gỡ bài {name} (tệp vẫn được giữ trong lịch sử)."]
    else:
        lines = [f"↩️ Đã khôi phục {name} về bản trước (bản vừa thay được giữ trong lịch sử)."]
    if reloaded:
        if after is None and change.sha256_after is not None:
            lines.append("⚠️ Bản mới không được nạp (xem lý do bên dưới).")
        old, new = before or _NONE, after or _NONE
        lines += [
            f"• Đoạn văn: {old.paragraphs} → {new.paragraphs}",
            f"• Số liệu: {old.records} → {new.records}",
            f"• Tiêu đề: {_title(before)} → {_title(after)}",
            f"• Tỉnh: {_province(before)} → {_province(after)}",
        ]
    if change.action == "add":
        lines.append("Gõ /hoantac để gỡ bài này.")
    elif change.action == "replace":
        lines.append("Gõ /hoantac để khôi phục bản trước.")
    return "\n".join(lines)


# A version that is not loaded (or no file at all).
_NONE = ArticleSummary(title="", province=None, paragraphs=0, records=0)


def _title(summary: ArticleSummary | None) -> str:
    return esc(summary.title) if summary else "—"


def _province(summary: ArticleSummary | None) -> str:
    if summary is None:
        return "—"
    return esc(summary.province) if summary.province else "không rõ"

"""Answer → Telegram HTML. The first message is short (under FIRST_MESSAGE_CHARS): the direct
answer, the notes and at most two trimmed passages; further passages, every figure and the
full sources are pages of their own, behind buttons. Also /muctieu's figures, /nguon's list,
a reload's report and a corpus change. Never over 4096 characters."""

from __future__ import annotations

import html
import re
import unicodedata

from bot.answer import Answer
from bot.citation import citation, paragraphs_text
from bot.db import ArticleSummary
from bot.history import Change
from bot.messages import NOT_FOUND
from bot.search.results import Hit, ReloadReport
from bot.summary import (
    cited_sources,
    document_mentions,
    figure_groups,
    focus,
    sentences,
    short_answer,
    term_weight,
    value_text,
)
from bot.terms import ABBREVIATIONS
from bot.text import fold

TELEGRAM_LIMIT = 4096
FIRST_MESSAGE_CHARS = 1200  # visible characters of the first reply
FIRST_PASSAGES = 2  # passages in the first reply
PASSAGE_CHARS = 320  # a passage's text in the first reply, at most
PAGE_SIZE = 3  # passages per "Xem thêm" page
PASSAGES_ASKED = FIRST_PASSAGES + PAGE_SIZE * 4  # the first reply and four pages
RECORDS_SHOWN = 10
_WORD = re.compile(r"[\w][\w.,%/-]*[\w%]|\w", re.UNICODE)
_TAG = re.compile(r"<[^>]*>")


def esc(text: str) -> str:
    """Escape user or corpus text for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def visible_length(markup: str) -> int:
    """Characters Telegram shows for an HTML text."""
    return len(html.unescape(_TAG.sub("", markup)))


def _marks(ch: str) -> tuple[str, frozenset[str]]:
    if ch in "đĐ":
        return "d", frozenset({"\u0335"})
    decomposed = unicodedata.normalize("NFD", ch.lower())
    return decomposed[0], frozenset(decomposed[1:])


def _agrees(word: str, written: str) -> bool:
    """A passage word is the question's word: its letters, every diacritic the question wrote
    on them ("hỗ" is not "hộ", "tiền" not "tiến"; "ho" is either)."""
    if len(word) != len(written):
        return False
    for w, q in zip(word.lower(), written.lower(), strict=True):
        w_base, w_marks = _marks(w)
        q_base, q_marks = _marks(q)
        if w_base != q_base or not q_marks <= w_marks:
            return False
    return True


def _written_forms(question: str) -> dict[str, set[str]]:
    """The question's words written with diacritics, by folded form."""
    forms: dict[str, set[str]] = {}
    for word in _WORD.findall(unicodedata.normalize("NFC", question)):
        for part in re.split(r"[/-]", word):
            if part and fold(part) != part.lower():
                forms.setdefault(fold(part), set()).add(part.lower())
    return forms


def highlight(text: str, matched: tuple[str, ...] | list[str], question: str = "") -> str:
    """Escape `text` and bold the words the question matched: the same folded form, and the
    same diacritics where the question wrote them."""
    wanted = {m for m in matched if "_" not in m and len(m) > 1 or m.isdigit()}
    wanted |= {part for m in matched if "_" in m for part in m.split("_")}
    if question:  # not the words of a synonym or paraphrase the question never said
        said = set(re.findall(r"\w+", fold(question)))
        wanted = {w for w in wanted if w in said or w in ABBREVIATIONS}
    forms = _written_forms(question)
    out, last = [], 0
    for m in _WORD.finditer(text):
        word = m.group(0)
        folded = fold(word)
        bold = folded in wanted and (
            folded not in forms or any(_agrees(word, f) for f in forms[folded])
        )
        out.append(esc(text[last : m.start()]))
        out.append(f"<b>{esc(word)}</b>" if bold else esc(word))
        last = m.end()
    out.append(esc(text[last:]))
    return "".join(out).replace("</b> <b>", " ")


def _trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def excerpt(hit: Hit, limit: int, terms: tuple[str, ...] = ()) -> str:
    """At most `limit` characters of a passage around its sentence richest in `terms` (the
    matched ones by default), "…" where text is left out."""
    if len(hit.text) <= limit:
        return hit.text
    parts = sentences(hit.text)
    if len(parts) < 2:
        return _trim(hit.text, limit)
    terms = terms or hit.matched
    best = max(range(len(parts)), key=lambda i: term_weight(parts[i], terms))
    lo = hi = best
    size = len(parts[best])
    while hi + 1 < len(parts) and size + 1 + len(parts[hi + 1]) <= limit - 2:
        hi += 1
        size += 1 + len(parts[hi])
    while lo > 0 and size + 1 + len(parts[lo - 1]) <= limit - 2:
        lo -= 1
        size += 1 + len(parts[lo])
    body = _trim(" ".join(parts[lo : hi + 1]), limit - (2 if lo else 0))
    if lo > 0:
        body = "…" + body
    if hi + 1 < len(parts) and not body.endswith("…"):
        body += " …"
    return body


def passage_block(
    number: int, hit: Hit, max_chars: int, answer: Answer | None = None, short: bool = False
) -> str:
    question = (answer.searched or answer.query) if answer is not None else ""
    source = answer.source(hit.article, hit) if answer is not None else None
    terms = focus(answer, hit) if answer is not None else hit.matched
    text = excerpt(hit, max_chars, terms) if short else _trim(hit.text, max_chars)
    body = highlight(text, hit.matched, question)
    return f"<b>{number}.</b> {body}\n📄 <i>{esc(citation(hit, source, full=not short))}</i>"


def _short_block(answer: Answer) -> str:
    lines = short_answer(answer)
    out = []
    for i, line in enumerate(lines):
        head, sep, rest = line.partition(": ")
        row = line.startswith(("•", "…")) or re.match(r"\d+\. ", line)
        if sep and len(head) <= 90 and not row:
            out.append(f"<b>{esc(head)}:</b> {esc(rest)}")
        elif line.endswith(":"):
            out.append(f"<b>{esc(line)}</b>")
        else:
            out.append(esc(line))
        if i == 0:
            out[0] = "📌 " + out[0]
    return "\n".join(out)


def _first_message(answer: Answer) -> str:
    parts = [f"🤔 {esc(g)}" for g in answer.guesses]
    if not answer.answered:
        parts.append(f"🔎 {esc(answer.message or NOT_FOUND)}")
        if answer.coverage:
            parts.append(f"📚 {esc(answer.coverage)}")
        parts.append("Bạn thử hỏi cách khác, ví dụ: <i>Quảng Ninh mục tiêu 2023</i> hoặc /help.")
        return fit("\n\n".join(parts))
    parts.append(_short_block(answer))
    parts.extend(f"ℹ️ {esc(n)}" for n in answer.notes)
    names = list(dict.fromkeys(d.name for d in answer.documents))
    if names:
        count = len(answer.documents)
        parts.append(
            f"📚 {esc(', '.join(names[:2]))}{' …' if names[2:] else ''}: được nhắc đến ở "
            f"{count} đoạn (bấm «Nguồn»)."
        )
    head = "\n\n".join(parts)
    room = FIRST_MESSAGE_CHARS - 20 - visible_length(head)
    hits = answer.passages[:FIRST_PASSAGES]
    blocks: list[str] = []
    while hits:
        cites = [len(citation(h, answer.source(h.article, h), full=False)) for h in hits]
        each = min(PASSAGE_CHARS, room // len(hits) - max(cites) - 12)
        if each >= 100:
            blocks = [passage_block(i + 1, h, each, answer, short=True) for i, h in enumerate(hits)]
            break
        hits = hits[:-1]
    return fit("\n\n".join([head, *blocks]))


def render_answer(answer: Answer, page: int = 0) -> str:
    """HTML for one page of an answer: page 0 is the first reply (the short answer, notes and
    two trimmed passages); page n ≥ 1 holds the next PAGE_SIZE passages in full."""
    if page == 0:
        return _first_message(answer)
    first = FIRST_PASSAGES + (page - 1) * PAGE_SIZE
    hits = answer.passages[first : first + PAGE_SIZE]
    per_hit = max(200, (TELEGRAM_LIMIT - 200) // max(1, len(hits))) - 200
    blocks = [passage_block(first + i + 1, h, per_hit, answer) for i, h in enumerate(hits)]
    return fit("\n\n".join(blocks))


def render_figures(answer: Answer) -> str:
    """Every figure of an answer, grouped by province, kind, period and document."""
    lines = [f"📊 <b>Số liệu</b> ({len(answer.records)})"]
    shown = 0
    for head, records in figure_groups(answer):
        block = [f"\n<b>{esc(head)}</b>"]
        block += [
            f"• {esc(r.indicator)}: {esc(value_text(r))} (đoạn {r.paragraph})" for r in records
        ]
        if len("\n".join(lines + block)) > TELEGRAM_LIMIT - 200:
            break
        lines += block
        shown += len(records)
    if shown < len(answer.records):
        lines.append(f"\n… và {len(answer.records) - shown} số liệu khác (gõ /xuat để tải đủ).")
    return fit("\n".join(lines))


def render_sources(answer: Answer) -> str:
    """The documents an answer comes from, each with its full citation, the paragraphs used
    and its link; then the documents the question names, where they are cited."""
    lines = ["📚 <b>Nguồn</b>"]
    for i, (src, pairs) in enumerate(cited_sources(answer), 1):
        entry = f"{i}. {esc(src.full())} — {esc(paragraphs_text(pairs))}"
        if src.link:
            entry += f"\n🔗 {esc(src.link)}"
        if len("\n".join([*lines, entry])) > TELEGRAM_LIMIT - 600:
            lines.append("…")
            break
        lines.append(entry)
    mentions = document_mentions(answer)
    if mentions:
        lines.append("\n<b>Văn bản được nhắc đến</b>")
        for j, m in enumerate(mentions):
            if len("\n".join(lines)) > TELEGRAM_LIMIT - 200:
                lines.append(f"… và {len(mentions) - j} đoạn khác")
                break
            lines.append(f"• {esc(m)}")
    return fit("\n".join(lines))


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
    """Whether passages follow page `page` (0 is the first reply)."""
    return len(answer.passages) > FIRST_PASSAGES + page * PAGE_SIZE


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


def render_report(report: ReloadReport) -> str:
    """A reload's counts, then every skipped file and warning."""
    lines = [
        f"🔄 Đã nạp {report.articles} bài, {report.paragraphs} đoạn "
        f"(phân tách mới {report.segmented}, dùng lại {report.reused})."
    ]
    lines += [f"⚠️ Bỏ qua {esc(s.file)}: {esc(s.reason)}" for s in report.skipped]
    lines += [f"⚠️ {esc(w)}" for w in report.warnings]
    return fit("\n".join(lines))


def render_province_figures(
    names: str, notes: list[str], records: list, sources: dict[str, tuple[str, str]]
) -> str:
    """/muctieu: the figures of a province (and year), each with its province, document
    (its number, else its title; never the file's id) and paragraph."""
    lines = [f"📊 <b>Số liệu {esc(names)}</b>"]
    lines += [f"ℹ️ {esc(n)}" for n in notes]
    if not records:
        lines.append("Chưa có số liệu phù hợp trong kho dữ liệu.")
    for r in records:
        title, number = sources.get(r.article, ("", ""))
        document = number or title
        where = ", ".join(x for x in (r.province, document, f"đoạn {r.paragraph}") if x)
        lines.append(f"• {esc(r.summary())} <i>({esc(where)})</i>")
    return fit("\n".join(lines))


def render_articles(articles: list) -> str:
    """/nguon: every article of the corpus with its document name, province and date."""
    lines = [f"📚 <b>Kho dữ liệu: {len(articles)} bài viết</b>"]
    for a in articles:
        when = a.date.strftime("%d/%m/%Y") if a.date else "không rõ ngày"
        name = " ".join(x for x in (a.doc_type, a.doc_number) if x)
        what = f"{esc(name)}: {esc(a.title)}" if name else esc(a.title)
        lines.append(f"• {what} — {esc(a.province or 'không rõ tỉnh')}, {when}")
    return fit("\n".join(lines))

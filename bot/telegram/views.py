"""Telegram HTML for the conversation features: the bot's fixed messages and usage lines,
/help and /start built from the corpus, the "understood as" line of a follow-up, inline
results, /stats, /theodoi and its notifications, the admin's status lines. Formatting only:
what to say comes from bot.examples, bot.followup, bot.usage and bot.subscriptions."""

from __future__ import annotations

import html
from typing import Any

from telegram import InlineQueryResultArticle, InputTextMessageContent
from telegram.constants import ParseMode

from bot import examples as examples_mod
from bot.citation import citation
from bot.examples import Examples
from bot.followup import FOLLOWUP_TTL, FollowUp
from bot.subscriptions import MAX_PER_USER, Notice
from bot.summary import place_of
from bot.telegram.render import esc, fit
from bot.usage import DAYS, Usage

INLINE_RESULTS = 5
INLINE_TITLE = 90
INLINE_TEXT = 900
LISTED_PROVINCES = 8

FEEDBACK_UP = "Cảm ơn bạn đã đánh giá 👍"
FEEDBACK_DOWN = "Cảm ơn bạn! Câu hỏi này được ghi lại để quản trị viên bổ sung dữ liệu còn thiếu."
FEEDBACK_FAILED = "Xin lỗi, chưa lưu được đánh giá. Bạn thử lại sau nhé."
INLINE_FLOOD = "Bạn hỏi hơi nhanh, đợi một chút rồi gõ tiếp"
INLINE_NOT_FOUND = "Không tìm thấy — mở bot để hỏi cách khác"
FOLLOW_USAGE = (
    "Cách dùng: /theodoi &lt;tỉnh&gt;, ví dụ <i>/theodoi Quảng Ninh</i>: bot nhắn cho bạn khi "
    "có tài liệu mới về tỉnh đó (tỉnh đã sáp nhập gồm cả các tỉnh cũ). /botheodoi &lt;tỉnh&gt; "
    "để dừng."
)
UNFOLLOW_USAGE = "Cách dùng: /botheodoi &lt;tỉnh&gt;, ví dụ <i>/botheodoi Quảng Ninh</i>."
ADMIN_HELP = (
    "\n\n<b>Quản trị</b>: /reload nạp lại kho dữ liệu, /stats thống kê câu hỏi, "
    "gửi tệp .txt, .md, .html, .pdf hoặc .docx trong chat riêng để thêm hoặc thay tài liệu "
    "(bản cũ luôn được giữ), /them &lt;địa chỉ http(s)&gt; thêm một trang web hoặc tệp, "
    "/hoantac [tên tệp] khôi phục bản trước của lần thay đổi gần nhất."
)
NOT_ADMIN = "Xin lỗi, lệnh này chỉ dành cho quản trị viên."
NON_TEXT = (
    "Mình chỉ đọc được câu hỏi bằng chữ. Ví dụ: <i>Quảng Ninh mục tiêu 2023</i>. "
    "Gõ /help để xem hướng dẫn."
)
FLOOD = "Bạn hỏi hơi nhanh 🙏 Vui lòng đợi một chút rồi hỏi tiếp."
EXPIRED = "Câu hỏi này đã hết hạn, bạn vui lòng hỏi lại."
ERROR = "Xin lỗi, đã có lỗi khi xử lý tin nhắn. Bạn thử lại sau nhé."
GROUP_UPLOAD = "📄 Để thêm bài viết vào kho, vui lòng gửi tệp cho bot trong chat riêng."
GROUP_THEM = "📄 Để thêm tài liệu từ địa chỉ web, vui lòng gửi /them cho bot trong chat riêng."
THEM_USAGE = (
    "Cách dùng: /them &lt;địa chỉ&gt;, ví dụ <i>/them https://example.gov.vn/ke-hoach.pdf</i> "
    "(trang web, .pdf, .docx hoặc .txt)"
)
HOI_USAGE = "Cách dùng: /hoi &lt;câu hỏi&gt;, ví dụ <i>/hoi Nghị định 193</i>"
MUCTIEU_USAGE = "Cách dùng: /muctieu &lt;tỉnh&gt; [năm], ví dụ <i>/muctieu Quảng Ninh 2023</i>"
HOANTAC_USAGE = "Cách dùng: /hoantac [tên tệp], ví dụ <i>/hoantac 001_bai_viet.txt</i>"
RELOADING = "⏳ Đang nạp lại kho dữ liệu…"
TOO_LARGE = "Tệp quá lớn, không thêm vào kho."
EXAMPLE_COMPARISON = "so sánh thành lập mới HTX Quảng Ninh và Hòa Bình"
NO_ANSWER_TO_EXPORT = (
    "Chưa có câu trả lời nào để xuất. Bạn hãy hỏi trước, ví dụ <i>Quảng Ninh mục tiêu 2023</i>, "
    "rồi gõ /xuat (tệp Excel) hoặc /xuat csv."
)
NO_RECORDS_TO_EXPORT = (
    "Câu trả lời gần nhất không có số liệu nào để xuất. Bạn thử hỏi số liệu của một tỉnh, "
    "ví dụ <i>Quảng Ninh mục tiêu 2023</i>, rồi gõ /xuat."
)
XUAT_USAGE = "Cách dùng: /xuat (tệp Excel .xlsx) hoặc <i>/xuat csv</i>"
NO_ANSWER_TO_CHART = (
    f"Chưa có câu trả lời nào để vẽ biểu đồ. Bạn hãy hỏi trước, ví dụ <i>{EXAMPLE_COMPARISON}"
    "</i>, rồi gõ /bieudo."
)
NO_SERIES = (
    "Câu trả lời gần nhất không có số liệu của một chỉ tiêu ở nhiều tỉnh hoặc nhiều năm để vẽ "
    f"biểu đồ. Bạn thử hỏi, ví dụ <i>{EXAMPLE_COMPARISON}</i>."
)


def _i(text: str) -> str:
    return f"<i>{esc(text)}</i>"


def _list_vi(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


# --- /help and /start ---------------------------------------------------------------------


def help_text(ex: Examples, username: str | None, admin: bool, admin_help: str) -> str:
    """The help, its examples taken from the loaded corpus (each one answered by it)."""
    lines = [
        "🤝 <b>coopbot</b> trả lời câu hỏi về kinh tế tập thể, hợp tác xã (HTX), tổ hợp tác "
        "(THT) từ các văn bản chính sách và tin tức trong kho dữ liệu, luôn kèm nguồn trích dẫn."
    ]
    if ex.provinces:
        shown = ex.provinces[:LISTED_PROVINCES]
        more = len(ex.provinces) - len(shown)
        where = ", ".join(shown) + (f" và {more} tỉnh/thành khác" if more > 0 else "")
        line = f"Kho dữ liệu có tài liệu về {esc(where)}"
        if ex.years:
            span = f"{ex.years[0]}" if len(ex.years) == 1 else f"{ex.years[0]}–{ex.years[-1]}"
            line += f", số liệu các năm {span}"
        if ex.document_types:
            line += f"; văn bản: {esc(', '.join(ex.document_types[:6]))}"
        lines.append(line + ".")
    if ex.empty:
        lines.append("\nKho dữ liệu chưa có tài liệu nào trả lời được câu hỏi.")
    else:
        lines.append("\n<b>Cứ gõ câu hỏi</b>, có dấu hay không dấu đều được, ví dụ:")
        shown: list[str] = []
        for i, q in enumerate(ex.questions):
            shown.append(q)
            if i < len(ex.accent_free):
                shown.append(ex.accent_free[i])
        lines += [f"• {esc(q)}" for q in dict.fromkeys(shown)]
    if ex.followups:
        first, then = ex.followups[0]
        minutes = int(FOLLOWUP_TTL.total_seconds() // 60)
        lines.append(
            f"\n<b>Hỏi tiếp</b> ngắn gọn trong {minutes} phút: sau {_i(first)}, gõ {_i(then)} "
            "— bot hiểu theo câu hỏi trước của chính bạn."
        )
    muctieu = ex.muctieu or "/muctieu Quảng Ninh 2023"
    lines += [
        "\n<b>Lệnh</b>",
        f"/muctieu &lt;tỉnh&gt; [năm] — số liệu mục tiêu và kết quả, ví dụ {esc(muctieu)}",
        "/xuat — gửi số liệu của câu trả lời gần nhất thành tệp Excel (/xuat csv: tệp CSV)",
        "/bieudo — biểu đồ số liệu của câu trả lời gần nhất (một chỉ tiêu ở nhiều tỉnh hoặc "
        "nhiều năm)",
        "/nguon — các bài viết trong kho dữ liệu",
        "/hoi &lt;câu hỏi&gt; — hỏi trong nhóm",
        "/theodoi &lt;tỉnh&gt; — nhận tin khi có tài liệu mới về tỉnh (/botheodoi để dừng)",
        "/help — hướng dẫn này",
    ]
    if username:
        example = ex.questions[0] if ex.questions else "câu hỏi"
        lines.append(
            f"\nTrong bất kỳ cuộc trò chuyện nào, gõ <i>@{esc(username)} {esc(example)}</i> "
            "để chèn một số liệu kèm nguồn."
        )
    lines.append("Dưới mỗi câu trả lời, bấm 👍 hoặc 👎 để góp ý.")
    if ex.merged:
        unit, part = ex.merged
        lines.append(
            f"Tỉnh đã sáp nhập từ 7/2025 vẫn tìm được: hỏi về {esc(unit)} sẽ gồm cả số liệu "
            f"của {esc(part)}."
        )
    return fit("\n".join(lines) + (admin_help if admin else ""))


# --- follow-ups ----------------------------------------------------------------------------


def with_understood(followup: FollowUp | None, text: str) -> str:
    """An answer's HTML, after a first line saying how a follow-up was understood."""
    if followup is None:
        return text
    head = f"↪️ Hiểu là: <b>{esc(followup.understood)}</b> ({_i(followup.question)})"
    return fit(f"{head}\n\n{text}")


# --- inline mode ---------------------------------------------------------------------------


def _trim(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def _cited(answer: Any, article: str, paragraph: int, hit: Any = None) -> tuple[str, str]:
    """(the citation as officials write it, an HTML link to the original or "")."""
    src = answer.source(article, hit)
    if src is None:
        return "", ""
    if hit is not None:
        text = citation(hit, src, full=False)
    else:
        text = f"{src.full()}, đoạn {paragraph}"
    link = f' — <a href="{html.escape(src.link, quote=True)}">nguồn</a>' if src.link else ""
    return text, link


def _article(result_id: str, title: str, description: str, body: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=result_id,
        title=_trim(title, INLINE_TITLE) or "coopbot",
        description=_trim(description, 200),
        input_message_content=InputTextMessageContent(fit(body), parse_mode=ParseMode.HTML),
    )


def inline_results(answer: Any) -> list[InlineQueryResultArticle]:
    """The top answers as inline results: figures first (title: the place and the figure),
    then passages (title: the passage's start); description: the citation; the message sent:
    the figure or passage with its citation (never a file name)."""
    out: list[InlineQueryResultArticle] = []
    if not answer.answered:
        return out
    for i, r in enumerate(answer.records[:3]):
        source, link = _cited(answer, r.article, r.paragraph)
        if not source:
            continue
        head = f"{place_of(r)} – {r.summary()}"
        body = f"📊 <b>{esc(head)}</b>\n{_i(_trim(r.text, INLINE_TEXT))}\n📄 {esc(source)}{link}"
        out.append(_article(f"r{i}", head, source, body))
    for i, hit in enumerate(answer.passages):
        if len(out) >= INLINE_RESULTS:
            break
        source, link = _cited(answer, hit.article, hit.paragraph, hit)
        if not source:
            continue
        body = f"{esc(_trim(hit.text, INLINE_TEXT))}\n📄 <i>{esc(source)}</i>{link}"
        out.append(_article(f"p{i}", hit.text, source, body))
    return out[:INLINE_RESULTS]


def inline_hint(ex: Examples, username: str | None) -> InlineQueryResultArticle:
    """The result shown for an empty inline query: how to ask, with examples that work."""
    examples = list(dict.fromkeys([*ex.questions[:1], *ex.accent_free[:1], *ex.questions[1:3]]))
    examples = examples or ["Quảng Ninh mục tiêu 2023"]
    bot = f"@{username}" if username else "bot"
    body = (
        f"🤝 Hỏi coopbot về kinh tế tập thể, hợp tác xã: gõ <i>{esc(bot)} câu hỏi</i> trong "
        "bất kỳ cuộc trò chuyện nào, ví dụ:\n" + "\n".join(f"• {esc(q)}" for q in examples)
    )
    return _article(
        "hint",
        f"Gõ câu hỏi sau {bot}",
        "Ví dụ: " + "; ".join(examples),
        body,
    )


# --- /stats ----------------------------------------------------------------------------------


def stats_text(report: Usage) -> str:
    lines = [
        f"📈 <b>Thống kê</b>\nĐã hỏi: {report.total} câu\nChưa trả lời được: {report.missed} câu",
        f"\n<b>{DAYS} ngày qua</b> (giờ Việt Nam): câu hỏi · người hỏi · chưa trả lời · 👍 · 👎",
    ]
    for day in report.days:
        lines.append(
            f"• {day.date.strftime('%d/%m')}: {day.asked} · {day.users} · {day.unanswered} · "
            f"{day.up} · {day.down}"
        )

    def section(title: str, items: list[tuple[str, int]], unit: str) -> None:
        if items:
            lines.append(f"\n<b>{title}</b>")
            lines.extend(f"• {esc(q[:200])} ({n} {unit})" for q, n in items)

    section("Câu hỏi chưa trả lời được trong tuần", report.unanswered, "lần")
    section("Câu trả lời bị đánh giá 👎 trong tuần", report.downvoted, "👎")
    section("Tỉnh được hỏi nhưng kho chưa có tài liệu", report.missing_provinces, "câu hỏi")
    if not (report.unanswered or report.downvoted or report.missing_provinces):
        lines.append("\nTuần này chưa có câu hỏi nào bị bỏ ngỏ.")
    return fit("\n".join(lines))


# --- following provinces -----------------------------------------------------------------------


def followed_list(units: list[str]) -> str:
    if not units:
        return "Bạn chưa theo dõi tỉnh nào.\n" + FOLLOW_USAGE
    lines = ["🔔 <b>Bạn đang theo dõi</b>"]
    lines += [f"• {esc(u)}" for u in units]
    lines.append("Gõ /botheodoi &lt;tỉnh&gt; để dừng.")
    return "\n".join(lines)


def follow_reply(results: list[tuple[Any, str, int]], private: bool) -> str:
    """After /theodoi: (ProvinceQuery, outcome, documents about it now) per unit."""
    lines = []
    for pq, outcome, documents in results:
        name = esc(pq.said)
        if outcome == "full":
            lines.append(f"⚠️ Bạn đã theo dõi {MAX_PER_USER} tỉnh, không thêm {name} được.")
            continue
        others = list(pq.provinces[1:])
        parts = f" (gồm cả {esc(_list_vi(others))})" if others else ""
        head = "Bạn đã theo dõi" if outcome == "already" else "🔔 Đã theo dõi"
        lines.append(
            f"{head} <b>{name}</b>{parts}. Kho hiện có {documents} tài liệu về tỉnh này; "
            "bot sẽ nhắn bạn khi có tài liệu mới hoặc được cập nhật."
        )
    if not private:
        lines.append("Tin báo được gửi trong chat riêng với bot (hãy mở bot và bấm Start).")
    names = " ".join(pq.said for pq, outcome, _ in results if outcome != "full")
    if names:
        lines.append(f"Gõ <i>/botheodoi {esc(names)}</i> để dừng.")
    return "\n".join(lines)


def unfollow_reply(results: list[tuple[str, bool]]) -> str:
    lines = []
    for unit, stopped in results:
        if stopped:
            lines.append(f"🔕 Đã dừng theo dõi <b>{esc(unit)}</b>.")
        else:
            lines.append(f"Bạn không theo dõi {esc(unit)}.")
    return "\n".join(lines)


def unknown_province(said: str) -> str:
    return f"Không nhận ra tên tỉnh/thành trong «{esc(said[:100])}». " + FOLLOW_USAGE


def notice_text(notices: list[Notice]) -> str:
    """The message to one subscriber: each new or replaced document about what they follow,
    with how to ask about it."""
    lines = []
    for n in notices:
        a = n.article.article
        what = "Tài liệu mới" if n.action == "add" else "Tài liệu được cập nhật"
        where = esc(a.province or n.unit)
        lines.append(f"🔔 <b>{what} về {where}</b> (bạn theo dõi {esc(n.unit)})")
        lines.append(f"📄 {esc(a.title)}")
        facts = []
        if a.doc_type or a.doc_number:
            facts.append(" ".join(x for x in (a.doc_type, a.doc_number) if x))
        if a.date:
            facts.append(f"ngày {a.date.strftime('%d/%m/%Y')}")
        if a.issuer:
            facts.append(a.issuer)
        if facts:
            lines.append(esc(", ".join(facts)))
        asks = examples_mod.about_article(n.article, a.province or n.unit)
        lines.append("Hỏi thử: " + " hoặc ".join(_i(q) for q in asks))
        lines.append("")
    units = " ".join(dict.fromkeys(n.unit for n in notices))
    lines.append(f"Gõ <i>/botheodoi {esc(units)}</i> để dừng nhận tin.")
    return fit("\n".join(lines))


# --- the admin's status lines ---------------------------------------------------------------


def reading(name: str) -> str:
    return f"⏳ Đang đọc {esc(name)}…"


def fetching(url: str) -> str:
    return f"⏳ Đang tải {esc(url)}…"


def not_added(what: str, why: str) -> str:
    return fit(f"Không thêm {esc(what)}: {esc(why)}.")


def fetch_failed(url: str, why: str) -> str:
    return fit(f"❌ Không thêm {esc(url)}: {esc(why)}.")


def too_large(limit_bytes: int) -> str:
    return f"Tệp quá lớn (tối đa {limit_bytes // 1000} KB), không thêm vào kho."


def change_failed(why: str) -> str:
    return fit(f"❌ Không thay đổi được kho dữ liệu: {esc(why)}")


def nothing_to_undo(name: str | None) -> str:
    return f"Không còn thay đổi nào{f' của {esc(name)}' if name else ''} để hoàn tác."


def progress_status(head: str, line: str) -> str:
    return f"{head}⏳ {esc(line)}"


def reload_failed(head: str, why: str) -> str:
    return fit(f"{head}❌ {esc(why)}")


def described(text: str, prefix: str = "") -> str:
    """An ingest description (plain text) as a status line."""
    return prefix + esc(text)

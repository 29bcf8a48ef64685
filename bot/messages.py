"""What an answer tells the user besides its passages and figures, in Vietnamese: why nothing
was found, the 2025 province merger behind a result, what the corpus covers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from bot.corpus import Article
from bot.search.results import Reason, SearchResult

NOT_FOUND = "Không tìm thấy thông tin phù hợp trong kho dữ liệu."
NO_AMOUNT = (
    "Kho dữ liệu chưa có số tiền cụ thể cho câu hỏi này; dưới đây là các đoạn chính sách gần nhất."
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


def corpus_coverage(articles: Iterable[Article]) -> str:
    """One or two lines on what the corpus holds: provinces, years, kinds of document."""
    from bot.terms import years_in

    articles = list(articles)
    if not articles:
        return "Kho dữ liệu chưa có tài liệu nào."
    provinces = Counter(a.province for a in articles if a.province and not a.national)
    national = sum(1 for a in articles if a.national)
    years = sorted(
        {y for a in articles for y in ({a.year} if a.year else set()) | years_in(a.title)}
    )
    kinds = Counter(a.doc_type or "tin bài" for a in articles)
    names = [p for p, _ in sorted(provinces.items(), key=lambda kv: (-kv[1], kv[0]))]
    shown = ", ".join(names[:8]) + (f" và {len(names) - 8} tỉnh/thành khác" if names[8:] else "")
    where = f"{len(names)} tỉnh/thành ({shown})" if names else ""
    if national:
        where = f"{where} và cả nước" if where else "cả nước"
    when = ""
    if years:
        when = ", ".join(map(str, years)) if len(years) <= 5 else f"{years[0]}–{years[-1]}"
    kind_text = ", ".join(f"{k} ({n})" for k, n in kinds.most_common(6))
    parts = [f"Kho dữ liệu có {len(articles)} tài liệu"]
    if where:
        parts.append(f"về {where}")
    if when:
        parts.append(f"các năm {when}")
    return ", ".join(parts) + f"; gồm {kind_text}."


def error_message(exc: BaseException) -> str:
    """A failure the engine or the database reported (bot/errors.py), said to the user."""
    from bot import errors as e

    keeping = " Vẫn dùng dữ liệu cũ." if getattr(exc, "keeping", False) else ""
    check = "kiểm tra COOPBOT_CORPUS_DIR hoặc --corpus."
    if isinstance(exc, e.IndexDirIsFile):
        return (
            f"Thư mục chỉ mục {exc.path} là một tệp, không phải thư mục; "
            "kiểm tra COOPBOT_INDEX_DIR hoặc --index."
        )
    if isinstance(exc, e.CorpusMissing):
        head = (
            f"{exc.folder} là một tệp, không phải thư mục kho dữ liệu"
            if exc.is_file
            else f"Không tìm thấy thư mục kho dữ liệu {exc.folder}"
        )
        return f"{head}; {check}{keeping}"
    if isinstance(exc, e.CorpusEmpty):
        bad = f" (bỏ qua {exc.skipped} tệp không đọc được)" if exc.skipped else ""
        return (
            f"Thư mục kho dữ liệu {exc.folder} không có bài viết nào đọc được (.txt){bad}; "
            f"{check}{keeping}"
        )
    if isinstance(exc, e.ShrinkRefused):
        return (
            f"Từ chối nạp lại: sẽ bỏ {exc.dropped}/{exc.served} bài đang phục vụ "
            f"(kho {exc.folder} chỉ còn {exc.remaining} bài); vẫn dùng dữ liệu cũ. "
            "Nếu đúng là muốn bỏ, chạy: coopbot reload --allow-shrink"
        )
    if isinstance(exc, e.ReloadFailed):
        head = "Nạp lại thất bại, vẫn dùng dữ liệu cũ" if exc.keeping else "Nạp dữ liệu thất bại"
        why = "ổ đĩa đầy (hết chỗ trống)" if exc.problem is e.Problem.DISK_FULL else exc.detail
        if exc.cause is not None and exc.problem is not e.Problem.DISK_FULL:
            why = error_message(exc.cause)
        return f"{head}: {why}"
    if isinstance(exc, e.DatabaseUnavailable):
        return _database_message(exc)
    return str(exc)


def _database_message(exc: Any) -> str:
    from bot.errors import DbProblem

    if exc.problem is DbProblem.CORRUPT:
        return f"cơ sở dữ liệu {exc.where} bị hỏng: {exc.detail}"
    if exc.problem is DbProblem.MISSING_DRIVER:
        return (
            f"thiếu trình điều khiển cơ sở dữ liệu {exc.detail} cho {exc.where}; "
            f"cài bằng: {exc.hint}"
        )
    if exc.problem is DbProblem.CANNOT_CONNECT:
        return f"không kết nối được cơ sở dữ liệu {exc.where}: {exc.detail}"
    if exc.problem is DbProblem.CANNOT_OPEN:
        # SQLite says only "disk I/O error" when it cannot create its shared-memory file.
        full = f" (ổ đĩa đầy: còn {exc.free_kb} KB trống)" if exc.free_kb is not None else ""
        return f"không mở được cơ sở dữ liệu {exc.where}: {exc.detail}{full}"
    return f"lỗi cơ sở dữ liệu {exc.where}: {exc.detail}"


def notice_message(notice: Any) -> str:
    """A repair the engine made while starting or reloading (bot/errors.Notice), said to the
    admin."""
    from bot.errors import DatabaseSetAside

    if isinstance(notice, DatabaseSetAside):
        return f"Cơ sở dữ liệu hỏng, đã chuyển sang {notice.moved} và dựng lại."
    return "Cơ sở dữ liệu không khớp chỉ mục hiện tại, đang dựng lại từ kho dữ liệu…"

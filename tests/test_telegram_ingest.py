"""Adding documents from Telegram (issue 12, items 5 and 6), end to end: the real Application
against the Bot API stand-in, and for /them a web server on 127.0.0.1 (never the internet).
Uploads of every readable format go through bot.ingest (conversion, metadata header, duplicate
detection) and bot.history (a new version of a document keeps the old one); reloads report
progress by editing one status message."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import pytest
from aiohttp import web

from bot.engine import Engine
from tests.botapi_server import DEFAULT_GROUP_ID, FakeBotAPI
from tests.conftest import REPO
from tests.test_robustness import _synthetic_articles
from tests.test_telegram_uploads import history_log, kept_versions
from tests.tgkit import ADMIN, MEMBER, edits_of, final_text, running_bot

DOCS = REPO / "tests" / "devcorpus" / "docs"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
META = {
    m["file"]: m
    for part in ("a", "b")
    for line in (REPO / "tests" / "devcorpus" / f"meta_{part}.jsonl").read_text().splitlines()
    if line.strip() and (m := json.loads(line))
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_of(text: str) -> bytes:
    """A real .docx with one paragraph per line (python-docx)."""
    from docx import Document

    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_of(text: str | None) -> bytes:
    """A real PDF (fpdf2, DejaVu Sans) with a text layer; None: a 'scan' with no text at all."""
    if not FONT.is_file():
        pytest.skip(f"no Unicode font at {FONT} (Debian's fonts-dejavu-core) to build PDFs")
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if text is None:
        pdf.set_fill_color(90, 90, 90)
        for row in range(40):  # grey bands where a scanner would have put the page's image
            pdf.rect(20, 20 + row * 6, 170, 3, style="F")
    else:
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.set_font("DejaVu", size=10)
        for line in text.splitlines():
            pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def understood(file: str) -> list[str]:
    """What the reply must say of a development-corpus document: type and number, date,
    issuer, province (from its hand-made labels)."""
    m = META[file]
    issued = date.fromisoformat(m["issued"]).strftime("%d/%m/%Y")
    said = [f"ngày {issued}", m["province"]]
    if m["doc_number"]:
        said += [f"{m['doc_type']} {m['doc_number']}", m["issuer"]]
    return said


def corpus_names(corpus: Path) -> list[str]:
    return sorted(p.name for p in corpus.iterdir())


# --- uploads ---------------------------------------------------------------------------------


async def test_admin_uploads_every_format_and_hears_what_was_understood(
    tg: FakeBotAPI, corpus_dir: Path
):
    uploads = [
        ("Kế hoạch 185 <Cần Thơ> & HTX.docx", docx_of((DOCS / "d09_cantho_kh185.txt").read_text())),
        ("kh143.pdf", pdf_of((DOCS / "d12_tayninh_kh143.txt").read_text())),
        ("lang son.md", (DOCS / "d02_langson_kh2023.txt").read_bytes()),
        ("tien giang.htm", (DOCS / "d14_tiengiang_tongket2024.html").read_bytes()),
    ]
    sources = ["d09_cantho_kh185.txt", "d12_tayninh_kh143.txt", "d02_langson_kh2023.txt"]
    sources.append("d14_tiengiang_tongket2024.html")
    for n, ((name, data), source) in enumerate(zip(uploads, sources, strict=True), start=1):
        tg.push_document(name, data, user_id=ADMIN, mime_type="application/octet-stream")
        text = await final_text(tg, n)
        assert "bài mới" in text and f"Đã nạp {5 + n} bài" in text, text
        for fact in understood(source):
            assert fact in text, (fact, text)
        assert "Đã thêm " in text and " đoạn, " in text and " số liệu" in text
        # One status message per upload, edited as the work goes: never a second message.
        status = tg.successful_calls("sendMessage")[n - 1]
        assert status.params["text"].startswith("⏳ Đang đọc")
        assert len(tg.successful_calls("sendMessage")) == n
        assert len(edits_of(tg, status.result)) >= 2  # reloading…, then the report
    added = set(corpus_names(corpus_dir)) - set(corpus_names(REPO / "corpus")) - {".history"}
    headers = {name: (corpus_dir / name).read_text(encoding="utf-8") for name in added}
    assert len(headers) == 4
    assert any("original: Kế hoạch 185 <Cần Thơ> & HTX.docx" in h for h in headers.values())
    assert sum("format: pdf" in h for h in headers.values()) == 1
    tg.push_message("kế hoạch 143/KH-UBND", user_id=MEMBER)  # found in the PDF's text
    answer = await final_text(tg, 5)
    assert "Tây Ninh" in answer and "143/KH-UBND" in answer


async def test_a_new_version_of_a_file_replaces_it_and_hoantac_restores_it(
    tg: FakeBotAPI, corpus_dir: Path
):
    text = (DOCS / "d09_cantho_kh185.txt").read_text()
    v1 = docx_of(text)
    v2 = docx_of(text.replace("có 300 hợp tác xã", "có 312 hợp tác xã").split("Phần thứ hai")[0])
    tg.push_document("kh185.docx", v1, user_id=ADMIN, mime_type=DOCX)
    assert "bài mới" in await final_text(tg, 1)
    [first] = set(corpus_names(corpus_dir)) - set(corpus_names(REPO / "corpus")) - {".history"}
    stored_v1 = (corpus_dir / first).read_bytes()

    tg.push_document("KH185.docx", v2, user_id=ADMIN, mime_type=DOCX)  # same name, any case
    reply = await final_text(tg, 2)
    assert "THAY THẾ" in reply and f"Đã thay {first}" in reply and "Đã nạp 6 bài" in reply
    assert "• Đoạn văn: 20 → " in reply and "• Tỉnh: Cần Thơ → Cần Thơ" in reply
    assert "/hoantac" in reply
    assert first in corpus_names(corpus_dir)  # the document keeps its file name and citations
    assert "312 hợp tác xã" in (corpus_dir / first).read_text(encoding="utf-8")
    [kept] = kept_versions(corpus_dir)
    assert kept.read_bytes() == stored_v1
    assert [e["action"] for e in history_log(corpus_dir)] == ["add", "replace"]

    tg.push_document("kh185 (1).docx", v2, user_id=ADMIN, mime_type=DOCX)  # same bytes again
    reply = await final_text(tg, 3)
    assert "Bỏ qua" in reply and f"đã có trong kho ({first})" in reply
    assert "Đã nạp" not in reply

    tg.push_command("/hoantac", user_id=ADMIN)
    reply = await final_text(tg, 4)
    assert "Đã khôi phục" in reply and "Đoạn văn: " in reply and "→ 20" in reply
    assert (corpus_dir / first).read_bytes() == stored_v1
    tg.push_message("cần thơ có bao nhiêu hợp tác xã", user_id=MEMBER)
    assert "300 hợp tác xã" in await final_text(tg, 5)


async def test_unreadable_uploads_get_the_formats_message_and_change_nothing(
    tg: FakeBotAPI, corpus_dir: Path, engine: Engine
):
    before, generation = corpus_names(corpus_dir), engine.snapshot.generation
    tg.push_document("bao_cao.doc", b"\xd0\xcf\x11\xe0legacy", user_id=ADMIN, mime_type="")
    reply = await final_text(tg, 1)
    assert "(.doc)" in reply and ".docx" in reply and "LibreOffice" in reply
    tg.push_document("bang.xlsx", b"PK\x03\x04sheet", user_id=ADMIN)  # sent as text/plain
    reply = await final_text(tg, 2)
    assert "'.xlsx'" in reply and "chưa hỗ trợ" in reply and ".pdf (có lớp chữ)" in reply
    assert not any(c.method == "getFile" for c in tg.calls)  # refused before downloading
    tg.push_document("ban_scan.pdf", pdf_of(None), user_id=ADMIN, mime_type="application/pdf")
    reply = await final_text(tg, 3)
    assert "không có lớp chữ" in reply and ".docx" in reply
    group = {"chat_id": DEFAULT_GROUP_ID, "chat_type": "supergroup"}
    tg.push_document("bao_cao.doc", b"\xd0\xcf\x11\xe0", user_id=ADMIN, **group)
    tg.push_document("kh.docx", docx_of("Kế hoạch"), user_id=ADMIN, mime_type=DOCX, **group)
    pointer = await final_text(tg, 4)  # only the readable file gets the pointer
    assert "chat riêng" in pointer
    assert tg.successful_calls("sendMessage")[3].params["chat_id"] == DEFAULT_GROUP_ID
    assert corpus_names(corpus_dir) == before and engine.snapshot.generation == generation


# --- /them URL --------------------------------------------------------------------------------


@asynccontextmanager
async def web_server(
    routes: dict[str, tuple[str, bytes]],
) -> AsyncIterator[tuple[str, list[str]]]:
    """A web server on 127.0.0.1: `routes` maps a path to (content type, body) and may change
    while it runs; /vong redirects to itself, /chuyen to /tin/thanh-hoa, /lon-dong streams
    60 kB without a Content-Length. Yields the base URL and the paths requested."""
    hits: list[str] = []

    async def serve(request: web.Request) -> web.StreamResponse:
        hits.append(request.path)
        if request.path == "/vong":
            raise web.HTTPFound("/vong")
        if request.path == "/chuyen":
            raise web.HTTPFound("/tin/thanh-hoa")
        if request.path == "/lon-dong":
            response = web.StreamResponse(headers={"Content-Type": "text/html"})
            response.enable_chunked_encoding()
            await response.prepare(request)
            for _ in range(60):
                await response.write(b"<p>" + b"x" * 1000 + b"</p>")
            await response.write_eof()
            return response
        if request.path not in routes:
            raise web.HTTPNotFound()
        ctype, body = routes[request.path]
        return web.Response(body=body, headers={"Content-Type": ctype})

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", serve)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}", hits
    finally:
        await runner.cleanup()


async def test_them_adds_pages_and_pdfs_from_a_web_server(tg: FakeBotAPI, corpus_dir: Path):
    page = (DOCS / "d07_thanhhoa_tin_tongket_htxnn.html").read_bytes()
    routes = {
        "/tin/thanh-hoa": ("text/html; charset=utf-8", page),
        "/vanban/kh143.pdf": (
            "application/pdf",
            pdf_of((DOCS / "d12_tayninh_kh143.txt").read_text()),
        ),
        "/lon.html": ("text/html", b"<p>" + b"x" * 60_000 + b"</p>"),
        "/anh.png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    }
    async with web_server(routes) as (base, hits):
        said: list[str] = []

        async def them(arg: str, user: int = ADMIN, **where) -> str:
            tg.push_command(f"/them {arg}".strip(), user_id=user, **where)
            said.append(await final_text(tg, len(said) + 1))
            return said[-1]

        assert "quản trị" in await them(f"{base}/tin/thanh-hoa", user=MEMBER)
        group = {"chat_id": DEFAULT_GROUP_ID, "chat_type": "supergroup"}
        assert "chat riêng" in await them(f"{base}/tin/thanh-hoa", **group)
        assert hits == []  # neither fetched
        assert "Cách dùng" in await them("")
        assert "chỉ nhận địa chỉ http" in await them("file:///etc/passwd")

        reply = await them(f"{base}/chuyen")  # one redirect is followed
        assert "bài mới" in reply and "Đã nạp 6 bài" in reply
        for fact in understood("d07_thanhhoa_tin_tongket_htxnn.html"):
            assert fact in reply
        [saved] = corpus_dir.glob("thanh_hoa_*.txt")
        assert f"source: {base}/chuyen" in saved.read_text(encoding="utf-8")

        reply = await them(f"{base}/vanban/kh143.pdf")
        assert "Kế hoạch 143/KH-UBND" in reply and "Tây Ninh" in reply and "Đã nạp 7 bài" in reply

        assert "chuyển hướng quá 5 lần" in await them(f"{base}/vong")
        assert "quá lớn" in await them(f"{base}/lon.html")
        assert "quá lớn" in await them(f"{base}/lon-dong")  # no Content-Length: counted
        assert "'image/png' không được nhận" in await them(f"{base}/anh.png")
        assert "máy chủ trả lời 404" in await them(f"{base}/khong-co")
        assert "đã có trong kho" in await them(f"{base}/chuyen")  # the same page again

        # The page changed: the same URL replaces its document, keeping the old one.
        routes["/tin/thanh-hoa"] = ("text/html", page.replace("5 năm".encode(), b"5 nam"))
        reply = await them(f"{base}/chuyen")
        assert "THAY THẾ" in reply and f"Đã thay {saved.name}" in reply
        assert len(kept_versions(corpus_dir)) == 1
        assert hits.count("/vong") == 6  # the first request and 5 redirects, then refused


# --- progress --------------------------------------------------------------------------------


async def test_reload_edits_one_status_message_as_it_goes(engine: Engine, corpus_dir: Path):
    for doc in DOCS.glob("*.txt"):
        shutil.copy(doc, corpus_dir)
    # 945 paragraphs in all, segmented on the pool for longer than one progress interval even
    # on an idle machine (with 625 the stage once ended within 0.3 s and showed no step).
    _synthetic_articles(corpus_dir, 80)
    async with running_bot(engine, progress_interval=0.3) as tg:
        tg.push_command("/reload", user_id=ADMIN)
        report = await final_text(tg, 1, timeout=120)
        [status] = tg.successful_calls("sendMessage")
        edits = edits_of(tg, status.result)
    assert status.params["text"] == "⏳ Đang nạp lại kho dữ liệu…"
    assert report.startswith("🔄 Đã nạp 99 bài") and edits[-1].result["text"] == report
    steps = [e.result["text"] for e in edits[:-1]]
    assert any(s.startswith("⏳ Phân tách từ: ") and " tài liệu" in s for s in steps), steps
    assert len(steps) >= 2 and all(s.startswith("⏳ ") for s in steps)
    times = [status.at] + [e.at for e in edits[:-1]]
    assert all(b - a >= 0.29 for a, b in zip(times, times[1:], strict=False)), times


async def test_a_status_message_that_cannot_be_edited_still_gets_its_report(
    tg: FakeBotAPI, corpus_dir: Path
):
    (corpus_dir / "hong.txt").write_bytes(b"\x00binary")
    tg.fail_next("editMessageText", 5, error_code=400, description="message to edit not found")
    tg.push_command("/reload", user_id=ADMIN)
    report = await final_text(tg, 2)  # sent anew once the edit is refused
    assert "Đã nạp 5 bài" in report and "Bỏ qua hong.txt" in report
    assert tg.successful_calls("sendMessage")[0].params["text"].startswith("⏳")

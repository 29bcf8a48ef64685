"""Uploads never lose a document (issue 10, item 3): replaced versions are kept in
corpus/.history with a log, the admin sees what changes, /hoantac restores, groups never ingest."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from bot.corpus_load import parse_article
from bot.engine import Engine
from bot.records import extract_records
from tests.botapi_server import DEFAULT_GROUP_ID, FakeBotAPI
from tests.tgkit import ADMIN, MEMBER, final_text, reply_to, stays_quiet

QUANG_NINH = "001_967a0c985fe0e2a8.txt"
SHORT = (
    "Tin ngắn về hợp tác xã\n"
    "Các hợp tác xã tiếp tục phát triển ổn định, nhiều mô hình mới được nhân rộng.\n"
).encode()
NEW = (
    "Hợp tác xã nuôi cua biển tỉnh Cà Mau năm 2025\nNgày: 01/02/2025\n"
    "Năm 2025, tỉnh Cà Mau phấn đấu thành lập mới 40 hợp tác xã nuôi cua biển.\n"
).encode()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shape(name: str, data: bytes) -> tuple[str, str, int, int]:
    """(title, province, passages, figures) of a file, computed without the bot."""
    article = parse_article(Path(name).stem, data)
    province = article.province or "không rõ"
    return article.title, province, len(article.paragraphs), len(extract_records(article))


def history_log(corpus: Path) -> list[dict]:
    return [
        json.loads(line) for line in (corpus / ".history" / "log.jsonl").read_text().splitlines()
    ]


def kept_versions(corpus: Path) -> list[Path]:
    return sorted(p for p in (corpus / ".history").iterdir() if p.name != "log.jsonl")


async def test_replacing_upload_keeps_the_old_version_and_says_what_changes(
    tg: FakeBotAPI, corpus_dir: Path
):
    old = (corpus_dir / QUANG_NINH).read_bytes()
    title, province, passages, figures = shape(QUANG_NINH, old)
    new_title, new_province, new_passages, new_figures = shape(QUANG_NINH, SHORT)
    assert (passages, figures, province) == (9, 16, "Quảng Ninh") and new_figures == 0
    tg.push_document(QUANG_NINH, SHORT, user_id=ADMIN)  # a corpus file sent back edited
    visible = await final_text(tg, 1)
    assert "THAY THẾ" in visible
    assert f"Đoạn văn: {passages} → {new_passages}" in visible
    assert f"Số liệu: {figures} → {new_figures}" in visible
    assert f"Tiêu đề: {title} → {new_title}" in visible
    assert f"Tỉnh: {province} → {new_province}" in visible
    assert "/hoantac" in visible
    assert "Đã nạp 5 bài" in visible and "trùng" not in visible  # .history is not loaded
    stored = (corpus_dir / QUANG_NINH).read_bytes()  # same name, now with a metadata header
    assert stored.startswith(b"---\n") and stored.endswith(SHORT)
    assert f"sha256: {sha(SHORT)}".encode() in stored
    [kept] = kept_versions(corpus_dir)
    assert kept.read_bytes() == old
    assert QUANG_NINH in kept.name and f"u{ADMIN}" in kept.name
    assert re.search(r"\d{8}T\d{6}", kept.name)
    [entry] = history_log(corpus_dir)
    assert entry["user_id"] == ADMIN and entry["action"] == "replace"
    assert entry["file"] == QUANG_NINH and entry["saved_as"] == kept.name
    assert (entry["sha256_before"], entry["sha256_after"]) == (sha(old), sha(stored))
    assert entry["time"].startswith("20")


async def test_hoantac_restores_the_exact_previous_bytes(tg: FakeBotAPI, corpus_dir: Path):
    old = (corpus_dir / QUANG_NINH).read_bytes()
    tg.push_document(QUANG_NINH, SHORT, user_id=ADMIN)
    await final_text(tg, 1)
    short = (corpus_dir / QUANG_NINH).read_bytes()
    tg.push_document("cua_bien.txt", NEW, user_id=ADMIN)
    assert "bài mới" in await final_text(tg, 2)
    [added] = corpus_dir.glob("cua_bien_*.txt")
    tg.push_command("/hoantac", user_id=MEMBER)
    assert "quản trị" in await final_text(tg, 3)
    tg.push_command(f"/hoantac {Path(QUANG_NINH).stem}", user_id=ADMIN)  # by name, not the last
    visible = await final_text(tg, 4)
    assert "Đã khôi phục" in visible and "Đoạn văn: 1 → 9" in visible
    assert (corpus_dir / QUANG_NINH).read_bytes() == old
    assert added.exists()
    tg.push_message("quang ninh muc tieu 2023", user_id=MEMBER)
    assert "60.500" in await final_text(tg, 5)
    tg.push_command("/hoantac", user_id=ADMIN)  # the last change left: the added article
    visible = await final_text(tg, 6)
    assert added.name in visible and "Đã nạp 5 bài" in visible
    assert not added.exists()
    new_bytes = [p.read_bytes() for p in kept_versions(corpus_dir) if p.name.endswith(added.name)]
    assert new_bytes and new_bytes[0].endswith(NEW)  # removed, not lost
    tg.push_command("/hoantac", user_id=ADMIN)
    assert "Không còn thay đổi" in await final_text(tg, 7)
    log = history_log(corpus_dir)
    assert [e["action"] for e in log] == ["replace", "add", "undo", "undo"]
    assert log[2]["undoes"] == log[0]["id"] and log[3]["undoes"] == log[1]["id"]
    assert (log[2]["sha256_before"], log[2]["sha256_after"]) == (sha(short), sha(old))
    assert (log[3]["sha256_before"], log[3]["sha256_after"]) == (sha(new_bytes[0]), None)
    assert all(e["user_id"] == ADMIN for e in log)


async def test_documents_shared_in_groups_are_never_ingested(
    tg: FakeBotAPI, corpus_dir: Path, engine: Engine
):
    group = {"chat_id": DEFAULT_GROUP_ID, "chat_type": "supergroup"}
    generation = engine.snapshot.generation
    before = sorted(p.name for p in corpus_dir.iterdir())
    tg.push_document("cua_bien.txt", NEW, user_id=MEMBER, **group)
    tg.push_document("anh.jpg", b"\xff\xd8\xff", user_id=ADMIN, mime_type="image/jpeg", **group)
    tg.push_document("anh.jpg", b"\xff\xd8\xff", user_id=MEMBER, mime_type="image/jpeg", **group)
    await stays_quiet(tg, 0)  # no public reply to non-admins or to non-text files
    tg.push_document("cua_bien.txt", NEW, user_id=ADMIN, **group)
    msg = await reply_to(tg, 1)
    assert msg["chat_id"] == DEFAULT_GROUP_ID and "chat riêng" in msg["visible"]
    await stays_quiet(tg, 1)
    assert sorted(p.name for p in corpus_dir.iterdir()) == before
    assert engine.snapshot.generation == generation
    assert not any(c.method == "getFile" for c in tg.calls)  # not even downloaded

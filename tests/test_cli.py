"""The command-line contract other tools depend on, run as real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

QUESTIONS = REPO / "tests" / "eval_questions.jsonl"


def run(*args: str, index: Path, stdin: str | None = None, corpus: Path | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COOPBOT_", "TELEGRAM_"))}
    env["COOPBOT_INDEX_DIR"] = str(index)
    if corpus:
        env["COOPBOT_CORPUS_DIR"] = str(corpus)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )


def test_ask_json_follows_the_contract(tmp_path: Path):
    out = run("ask", "--json", "--top", "2", "Quảng Ninh mục tiêu 2023", index=tmp_path / "ix")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["query"] == "Quảng Ninh mục tiêu 2023" and data["answered"] is True
    assert isinstance(data["records"], list)
    assert len(data["passages"]) == 2
    first = data["passages"][0]
    assert {"article", "paragraph", "text", "score", "title", "date", "province"} <= set(first)
    assert first["article"] == "001_967a0c985fe0e2a8" and first["paragraph"] == 3
    assert first["date"] == "2023-01-06" and first["province"] == "Quảng Ninh"
    assert data["passages"][0]["score"] >= data["passages"][1]["score"]
    assert (tmp_path / "ix" / "CURRENT").is_file()  # built on first ask


def test_ask_stdin_answers_one_json_object_per_line(tmp_path: Path):
    lines = "Nghị định 193\n\ngiá vàng hôm nay\nquang ninh muc tieu 2023\n"
    out = run("ask", "--json", "-", index=tmp_path / "ix", stdin=lines)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert [r["query"] for r in rows] == [
        "Nghị định 193",
        "giá vàng hôm nay",
        "quang ninh muc tieu 2023",
    ]
    assert [r["answered"] for r in rows] == [True, False, True]
    assert rows[1]["passages"] == []


def test_plain_ask_renders_citations(tmp_path: Path):
    out = run("ask", "hỗ", "trợ", "thành", "lập", "mới", "HTX", index=tmp_path / "ix")
    assert out.returncode == 0, out.stderr
    assert "đoạn " in out.stdout and "📄" in out.stdout


def test_reload_prints_counts_and_names_skipped_files(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in (REPO / "corpus").iterdir():
        (corpus / f.name).write_bytes(f.read_bytes())
    (corpus / "hong.txt").write_bytes(b"\x00\x01\x02binary")
    out = run("reload", "--corpus", str(corpus), index=tmp_path / "ix")
    assert out.returncode == 0, out.stderr
    assert "Đã nạp 5 bài" in out.stdout
    assert "Bỏ qua hong.txt" in out.stdout
    again = run("reload", "--corpus", str(corpus), index=tmp_path / "ix")
    assert "phân tách mới 0, dùng lại 5" in again.stdout


def test_eval_holds_recall_at_3_on_the_labelled_questions(tmp_path: Path):
    rows = [json.loads(x) for x in QUESTIONS.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(rows) >= 30
    tags = {t for r in rows for t in r.get("tags", [])}
    assert {"accent_free", "abbreviation", "doc_number", "merged_province", "off_topic"} <= tags
    out = run("eval", "--json", str(QUESTIONS), index=tmp_path / "ix")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["questions"] == len(rows)
    assert report["r@3"] >= 0.9, report
    assert report["mrr"] >= 0.8, report


def test_missing_corpus_folder_is_a_clear_error_not_a_traceback(tmp_path: Path):
    out = run("ask", "HTX", index=tmp_path / "ix", corpus=tmp_path / "nowhere")
    assert "Traceback" not in out.stderr
    assert out.returncode == 0
    assert "Kho dữ liệu trống" in out.stdout or "không" in out.stdout.lower()


def test_records_command_matches_accent_free_and_merged_provinces(tmp_path: Path):
    out = run(
        "records",
        "--province",
        "phu tho",
        "--year",
        "2022",
        "--kind",
        "target",
        "--json",
        index=tmp_path / "ix",
    )
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert rows and {r["province"] for r in rows} == {"Hòa Bình"}
    keys = {
        "article",
        "paragraph",
        "province",
        "period_start",
        "period_end",
        "kind",
        "indicator",
        "value_min",
        "value_max",
        "unit",
        "text",
    }
    assert all(keys <= set(r) for r in rows)
    assert "Hòa Bình" in out.stderr  # says the figures come from the merged province
    assert any(r["value_min"] == 6 and r["value_max"] == 8 and r["unit"] == "%" for r in rows)
    text = run("records", "--province", "Quảng Ninh", index=tmp_path / "ix")
    assert "60.500 thành viên" in text.stdout
    bad = run("records", "--province", "Atlantis", index=tmp_path / "ix")
    assert bad.returncode == 2 and "Atlantis" in bad.stderr and "Traceback" not in bad.stderr


def test_console_chat_answers_until_the_user_leaves(tmp_path: Path):
    out = run(
        "chat", index=tmp_path / "ix", stdin="Nghị định 193\n\ngiá vàng hôm nay\nthoát\nHTX\n"
    )
    assert out.returncode == 0, out.stderr
    assert "193/2013/NĐ-CP" in out.stdout and "đoạn 4" in out.stdout
    assert "Không tìm thấy" in out.stdout
    assert out.stdout.count("Bạn: ") == 4  # stopped at "thoát", never read "HTX"

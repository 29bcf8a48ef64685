"""The command-line contract other tools depend on, run as real subprocesses."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

QUESTIONS = REPO / "tests" / "eval_questions.jsonl"


def run(
    *args: str,
    index: Path,
    stdin: str | None = None,
    corpus: Path | None = None,
    env: dict[str, str] | None = None,
):
    extra = env or {}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COOPBOT_", "TELEGRAM_"))}
    env["COOPBOT_INDEX_DIR"] = str(index)
    if corpus:
        env["COOPBOT_CORPUS_DIR"] = str(corpus)
    env |= extra
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
    lines = "Nghị định 193\n\ngiá vàng hôm nay\n   \nquang ninh muc tieu 2023\n"
    out = run("ask", "--json", "-", index=tmp_path / "ix", stdin=lines)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert [r["query"] for r in rows] == [
        "Nghị định 193",
        "",
        "giá vàng hôm nay",
        "",
        "quang ninh muc tieu 2023",
    ]  # blank lines too: the n-th answer is always the n-th question's
    assert [r["answered"] for r in rows] == [True, False, False, False, True]
    assert rows[1]["passages"] == [] and "trống" in rows[1]["message"]
    assert rows[2]["passages"] == []


def test_ask_stdin_replaces_invalid_utf8_and_keeps_lines_paired(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COOPBOT_", "TELEGRAM_"))}
    env["COOPBOT_INDEX_DIR"] = str(tmp_path / "ix")
    stdin = (
        "Nghị định 193".encode()
        + b" \xff\xfe\xc3\n"  # invalid bytes, a cut sequence
        + b"\n"
        + b"\x80\x81\r\n"  # nothing but invalid bytes, CRLF
        + b"quang ninh muc tieu 2023"  # last line without a newline
    )
    out = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode("utf-8")  # strict: the output is valid UTF-8
    rows = [json.loads(x) for x in text.splitlines()]
    assert len(rows) == 4
    assert rows[0]["query"].startswith("Nghị định 193") and "\ufffd" in rows[0]["query"]
    assert rows[0]["answered"] is True
    assert rows[1]["query"] == "" and rows[1]["answered"] is False
    assert rows[2]["query"] == "\ufffd\ufffd" and rows[2]["answered"] is False
    assert rows[3]["query"] == "quang ninh muc tieu 2023" and rows[3]["answered"] is True


def test_top_must_be_between_1_and_50(tmp_path: Path):
    for bad in ("0", "-1", "-31", "1000", "ba"):
        out = run("ask", "--top", bad, "Quảng Ninh mục tiêu 2023", index=tmp_path / "ix")
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
        assert "--top" in out.stderr and "từ 1 đến 50" in out.stderr, out.stderr
        assert out.stdout == ""
    out = run("ask", "--json", "--top", "50", "hợp tác xã", index=tmp_path / "ix")
    assert out.returncode == 0 and len(json.loads(out.stdout)["passages"]) > 3


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
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines() == [
        f"coopbot: Không tìm thấy thư mục kho dữ liệu {tmp_path / 'nowhere'}; "
        "kiểm tra COOPBOT_CORPUS_DIR hoặc --corpus."
    ]


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


# --- one-line errors ---------------------------------------------------------------------------


def one_line(out: subprocess.CompletedProcess) -> str:
    assert out.returncode == 1, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("coopbot: ")
    return lines[0]


CONFIG_ERRORS = {
    "not utf-8": (b"[search]\ntop_k = 3  # caf\xe9\n", ["UTF-8"]),
    "not toml": (b"[search\n", ["config.toml"]),
    "paths = 3": (b"paths = 3\n", ["paths"]),
    "corpus_dir = 3": (b"[paths]\ncorpus_dir = 3\n", ["paths.corpus_dir"]),
    "top_k = -5": (b"[search]\ntop_k = -5\n", ["search.top_k", "-5", "1", "50"]),
    "top_k = 2.5": (b"[search]\ntop_k = 2.5\n", ["search.top_k"]),
    "min_coverage = 7": (b"[search]\nmin_coverage = 7\n", ["search.min_coverage", "7"]),
    "port": (b"[telegram]\nwebhook_port = 70000\n", ["telegram.webhook_port", "65535"]),
    "flood": (b"[telegram]\nflood_limit_per_minute = 0\n", ["telegram.flood_limit_per_minute"]),
    "upload": (b"[telegram]\nmax_upload_bytes = 0\n", ["telegram.max_upload_bytes"]),
    "mode": (b'[telegram]\nmode = "push"\n', ["telegram.mode", "polling", "webhook"]),
}


@pytest.mark.parametrize("case", list(CONFIG_ERRORS))
def test_bad_config_is_one_line(tmp_path: Path, case: str):
    content, words = CONFIG_ERRORS[case]
    config = tmp_path / "config.toml"
    config.write_bytes(content)
    out = run("ask", "HTX", index=tmp_path / "ix", env={"COOPBOT_CONFIG": str(config)})
    line = one_line(out)
    assert all(w in line for w in words), line
    assert not (tmp_path / "ix").exists()  # refused before touching anything


ENV_ERRORS = {
    "COOPBOT_DATABASE_URL=notaurl": ({"COOPBOT_DATABASE_URL": "notaurl"}, "COOPBOT_DATABASE_URL"),
    "COOPBOT_WEBHOOK_PORT=abc": ({"COOPBOT_WEBHOOK_PORT": "abc"}, "COOPBOT_WEBHOOK_PORT"),
    "COOPBOT_ADMIN_IDS=bob": ({"COOPBOT_ADMIN_IDS": "bob"}, "COOPBOT_ADMIN_IDS"),
}


@pytest.mark.parametrize("case", list(ENV_ERRORS))
def test_bad_environment_is_one_line(tmp_path: Path, case: str):
    env, word = ENV_ERRORS[case]
    line = one_line(run("ask", "HTX", index=tmp_path / "ix", env=env))
    assert word in line


def test_index_path_that_is_a_file_is_one_line(tmp_path: Path):
    index = tmp_path / "index"
    index.write_text("not a folder", encoding="utf-8")
    for command in (["ask", "HTX"], ["reload"]):
        line = one_line(run(*command, index=index))
        assert str(index) in line and "là một tệp" in line
    assert index.read_text(encoding="utf-8") == "not a folder"


def test_plain_postgresql_url_uses_the_installed_driver(tmp_path: Path, postgres_url: str):
    url = postgres_url.replace("postgresql+psycopg2://", "postgresql://")
    out = run(
        "ask", "--json", "Nghị định 193", index=tmp_path / "ix", env={"COOPBOT_DATABASE_URL": url}
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["answered"]
    out = run(
        "records",
        "--province",
        "Quảng Ninh",
        "--json",
        index=tmp_path / "ix",
        env={"COOPBOT_DATABASE_URL": url},
    )
    assert out.returncode == 0 and len(json.loads(out.stdout)) == 16, out.stderr


def test_unreachable_database_is_one_line_without_the_password(tmp_path: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://coop:hunter2@127.0.0.1:{port}/coop"
    line = one_line(run("ask", "HTX", index=tmp_path / "ix", env={"COOPBOT_DATABASE_URL": url}))
    assert "không kết nối được cơ sở dữ liệu" in line and f"127.0.0.1:{port}" in line
    assert "hunter2" not in line and "psycopg'" not in line


def test_missing_postgres_driver_says_what_to_install(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COOPBOT_", "TELEGRAM_"))}
    env |= {
        "COOPBOT_INDEX_DIR": str(tmp_path / "ix"),
        "COOPBOT_DATABASE_URL": "postgresql://coop@127.0.0.1:5/coop",
    }
    hide_driver = "import sys; sys.modules['psycopg2'] = None; from bot.cli import main; "
    out = subprocess.run(
        [sys.executable, "-c", hide_driver + "sys.exit(main(sys.argv[1:]))", "ask", "HTX"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )
    line = one_line(out)
    assert "psycopg2" in line and "pip install 'coopbot[postgres]'" in line


# --- serve ---------------------------------------------------------------------------------


async def test_serve_logs_with_timestamps_and_levels(tmp_path: Path):
    import asyncio
    import re
    import signal

    from tests.botapi_server import FakeBotAPI

    async with FakeBotAPI() as api:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("COOPBOT_", "TELEGRAM_"))}
        env |= {
            "COOPBOT_INDEX_DIR": str(tmp_path / "ix"),
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "serve",
            env=env,
            cwd=REPO,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        seen: list[str] = []
        try:
            async with asyncio.timeout(60):
                while not any("serving" in line for line in seen):
                    raw = await proc.stderr.readline()
                    assert raw, f"serve ended early: {seen}"
                    seen.append(raw.decode().rstrip("\n"))
                api.push_message("Nghị định 193")
                await api.wait_for_calls("sendMessage", 1, timeout=30)
        finally:
            proc.send_signal(signal.SIGTERM)
            rest = await asyncio.wait_for(proc.communicate(), timeout=30)
    assert proc.returncode == 0
    lines = seen + rest[1].decode().splitlines()
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} "
    assert any(
        re.fullmatch(stamp + r"INFO bot\.telegram\.app: serving 5 articles .*", x) for x in lines
    ), lines
    assert all(re.match(stamp + r"(DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+: ", x) for x in lines), (
        lines
    )
    assert api.token not in "\n".join(lines)


def test_console_chat_completes_a_follow_up_from_the_previous_question(tmp_path: Path):
    out = run("chat", index=tmp_path / "ix", stdin="Quảng Ninh mục tiêu 2023\ncòn Bạc Liêu?\n")
    assert out.returncode == 0, out.stderr
    assert "Hiểu là: Bạc Liêu" in out.stdout
    second = out.stdout.split("Hiểu là:")[1]
    assert "Bạc Liêu" in second and "Quảng Ninh –" not in second

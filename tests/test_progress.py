"""Progress on long work (issue 12, item 6): the build reports once per batch, the command line
shows tqdm on a terminal and plain throttled lines otherwise."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import numpy as np
import pytest

from bot.corpus_load import load_corpus
from bot.progress import ConsoleProgress, Progress, describe
from bot.search import build as build_mod
from tests.conftest import REPO
from tests.test_robustness import _synthetic_articles


def _events_by_stage(events: list[Progress]) -> dict[str, list[Progress]]:
    out: dict[str, list[Progress]] = {}
    for e in events:
        out.setdefault(e.stage, []).append(e)
    return out


def _check_counted(events: list[Progress], docs: int) -> None:
    assert events, "no progress reported"
    dones = [e.done for e in events]
    assert dones == sorted(dones) and dones[-1] == events[-1].total > 0
    docs_done = [e.docs_done for e in events]
    assert docs_done == sorted(docs_done) and docs_done[-1] == docs
    assert all(e.docs_total == docs for e in events)


def test_build_reports_once_per_batch_serial_and_on_the_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    workers = max(1, min(os.cpu_count() or 1, 8))
    if workers == 1:
        pytest.skip("one CPU: the build never uses a process pool here")
    _synthetic_articles(tmp_path, 60)  # 480 paragraphs: above POOL_THRESHOLD
    articles, _ = load_corpus(tmp_path)
    # Texts equal but for their digits are segmented once (the titles here).
    texts = len({build_mod.segmentation_key(t) for a in articles for t in build_mod._texts(a)})

    pooled: list[Progress] = []
    on_pool, segmented, _ = build_mod.build(articles, None, {}, pooled.append)
    assert segmented == 60
    stages = _events_by_stage(pooled)
    assert list(stages) == ["segment", "index", "merge"]
    # One report per batch handed to the pool, never one per text or article.
    assert len(stages["segment"]) == len(build_mod._chunks(list(range(texts)), 8 * workers))
    batches = build_mod._chunks(articles, max(8 * workers, len(articles) // 100))
    assert len(stages["index"]) == len(batches)
    _check_counted(stages["segment"], 60)
    _check_counted(stages["index"], 60)
    assert stages["segment"][-1].total == texts
    assert stages["index"][-1].total == 480
    assert 0 < stages["segment"][0].docs_done < 60  # documents finish batch by batch

    monkeypatch.setattr(build_mod, "POOL_THRESHOLD", 10**9)  # the same build, in this process
    serial: list[Progress] = []
    in_process, _, _ = build_mod.build(articles, None, {}, serial.append)
    stages = _events_by_stage(serial)
    assert len(stages["segment"]) == -(-texts // 256)  # batches of at most 256 texts
    assert len(stages["index"]) == 1  # every 1,000 paragraphs, and at the end
    _check_counted(stages["segment"], 60)
    _check_counted(stages["index"], 60)
    # Reporting progress does not change what is built.
    assert np.array_equal(on_pool.post_doc, in_process.post_doc)
    assert np.array_equal(on_pool.post_tf, in_process.post_tf)
    assert on_pool.vocabulary == in_process.vocabulary


def test_engine_reload_reports_its_stages(engine, corpus_dir: Path):
    (corpus_dir / "moi.txt").write_text(
        "Hợp tác xã rau sạch Lâm Đồng\nNăm 2024, tỉnh Lâm Đồng có 30 hợp tác xã rau sạch.\n",
        encoding="utf-8",
    )
    events: list[Progress] = []
    report = engine.reload(progress=events.append)
    assert [e.stage for e in events if not e.counted] == ["read", "merge", "save"]
    index_events = [e for e in events if e.stage == "index"]
    assert index_events[-1].docs_done == report.segmented == 1


def test_a_failing_display_never_fails_the_reload(engine, caplog: pytest.LogCaptureFixture):
    def broken(_p: Progress) -> None:
        raise BrokenPipeError("display gone")

    assert engine.reload(progress=broken).articles == 5
    assert "progress display failed" in caplog.text


def test_progress_line_says_counts_rate_and_time_left():
    p = Progress("segment", 1200, 4000, 12, 40, 2.0)
    assert describe(p) == (
        "Phân tách từ: 1.200/4.000 đoạn (30%), 12/40 tài liệu, 600 đoạn/giây, còn khoảng 5 giây"
    )
    assert describe(Progress("index", 90_000, 100_000, 900, 1000, 60.0)).endswith(
        "1.500 đoạn/giây, còn khoảng 7 giây"
    )
    assert "còn khoảng 2 phút 13 giây" in describe(Progress("segment", 100, 1000, 1, 9, 14.8))
    assert describe(Progress("save")) == "Lưu chỉ mục…"


def test_plain_lines_are_throttled_when_output_is_not_a_terminal():
    out = io.StringIO()
    show = ConsoleProgress(out, interval=0.3, tty=False)
    start = time.monotonic()
    n = 0
    while time.monotonic() - start < 1.0:
        n += 1
        show(Progress("segment", n, 10_000, 0, 10, time.monotonic() - start))
        time.sleep(0.01)
    lines = out.getvalue().splitlines()
    assert n > 30 and 2 <= len(lines) <= 4  # at most one line per 0.3 s
    assert all(line.startswith("Phân tách từ: ") for line in lines)
    assert "\r" not in out.getvalue()

    every = io.StringIO()
    show = ConsoleProgress(every, interval=0, tty=False)
    for stage in ("read", "save"):
        show(Progress(stage))
    assert every.getvalue() == "Đọc kho dữ liệu…\nLưu chỉ mục…\n"


def _run_on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run coopbot with stdout and stderr on a 100×30 pseudo-terminal; (exit code, output)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", *args], stdout=slave, stderr=slave, env=env, cwd=REPO
    )
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=300), out.decode("utf-8", errors="replace")


def _env(corpus: Path, index: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COOPBOT_", "TELEGRAM_"))}
    return env | {"COOPBOT_CORPUS_DIR": str(corpus), "COOPBOT_INDEX_DIR": str(index), **extra}


def test_reload_on_a_terminal_shows_tqdm_bars(corpus_dir: Path, tmp_path: Path):
    code, out = _run_on_a_terminal(["reload"], _env(corpus_dir, tmp_path / "ix"))
    assert code == 0, out
    assert "Phân tách từ:" in out and "Lập chỉ mục:" in out
    assert "%|" in out and "đoạn/s" in out and "tài liệu" in out  # tqdm's bar, rate, postfix
    assert "\r" in out
    assert out.rstrip().endswith("(phân tách mới 5, dùng lại 0).")


def test_add_prints_progress_lines_when_output_is_a_log(corpus_dir: Path, tmp_path: Path):
    page = REPO / "tests" / "devcorpus" / "docs" / "d07_thanhhoa_tin_tongket_htxnn.html"
    out = subprocess.run(
        [sys.executable, "-m", "bot", "add", str(page)],
        capture_output=True,
        text=True,
        env=_env(corpus_dir, tmp_path / "ix", COOPBOT_PROGRESS_INTERVAL="0"),
        cwd=REPO,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "\r" not in out.stdout
    assert lines[0] == "Đọc kho dữ liệu…"
    assert any(line.startswith("Phân tách từ: ") and "/6 tài liệu" in line for line in lines)
    assert any(line.startswith("Lập chỉ mục: ") for line in lines)
    assert lines[-2].startswith("Đã nạp 6 bài")
    assert lines[-1].startswith("Đã thêm ") and "Thanh Hóa" in lines[-1]

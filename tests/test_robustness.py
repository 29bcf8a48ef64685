"""Bad input, faults and reload safety."""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import corpus_load
from bot.answer_text import render_text
from bot.engine import Engine, ReloadError
from bot.messages import error_message
from bot.telegram.render import render_answer
from tests.botapi_server import parse_html, utf16_len
from tests.conftest import REPO

# --- any message renders as valid Telegram HTML -------------------------------------------

odd_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(categories=["So", "Sk", "Cf", "Mn", "Zs"]), max_size=80),
    st.text(alphabet="\u200b\u200c\u200d\ufeff\u2060 \t\n\r\x00\x07\x1b", max_size=50),
    st.text(alphabet="!?.,;:<>&\"'/\\()[]{}#@%*-_=+~`|", min_size=1, max_size=80),
    st.text(alphabet="0123456789.,/-% ", min_size=1, max_size=60),
    st.sampled_from(["Quảng Ninh mục tiêu 2023", "Nghị định 193", "hỗ trợ thành lập mới HTX"]).map(
        lambda q: unicodedata.normalize("NFD", q)
    ),
    st.builds(
        lambda s, n: (s * n)[:10_000],
        st.sampled_from(["HTX ", "<b>", "&amp;", "🤝"]),
        st.integers(1, 5000),
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(question=odd_text)
def test_any_message_renders_to_valid_telegram_html(seed_engine: Engine, question: str):
    answer = seed_engine.ask(question, 15)
    for page in (0, 1):
        html = render_answer(answer, page) if page == 0 or answer.passages[3:] else None
        if html is None:
            continue
        visible, _ = parse_html(html)  # raises on anything Telegram would reject
        assert 1 <= utf16_len(visible.strip()) <= 4096
        assert len(html) <= 4096
    assert render_text(answer)


def test_huge_passages_are_trimmed_to_the_telegram_limit(engine: Engine, corpus_dir: Path):
    long_par = " ".join(["Hợp tác xã nông nghiệp <b>&amp; phát triển</b> bền vững."] * 400)
    (corpus_dir / "dai.txt").write_text(
        f"Bài rất dài về hợp tác xã\n{long_par}\n{long_par}\n", "utf-8"
    )
    engine.reload()
    answer = engine.ask("hợp tác xã nông nghiệp phát triển bền vững", 15)
    html = render_answer(answer)
    visible, _ = parse_html(html)
    assert len(html) <= 4096 and "…" in visible


# --- corpus faults ------------------------------------------------------------------------


def test_corpus_faults_are_skipped_or_warned_by_name(
    corpus_dir: Path, config, monkeypatch: pytest.MonkeyPatch
):
    good = (corpus_dir / "001_967a0c985fe0e2a8.txt").read_bytes()
    (corpus_dir / "binary.txt").write_bytes(os.urandom(2048) + b"\x00")
    (corpus_dir / "latin1.txt").write_bytes(
        "Hợp tác xã café".encode().replace(b"\xc3\xa9", b"\xe9")
    )
    (corpus_dir / "cp1258.txt").write_bytes(
        "Hợp tác xã".encode("cp1258", errors="replace") + b"\xd2\xde"
    )
    (corpus_dir / "empty.txt").write_bytes(b"")
    (corpus_dir / "huge.txt").write_bytes(b"a" * 5_000_000)
    (corpus_dir / "copy_of_001.txt").write_bytes(good.replace(b"\n", b"\r\n"))  # same article
    (corpus_dir / "bad_date.txt").write_bytes(
        "---\ndate: 31/02/2023\n---\nTiêu đề bài về hợp tác xã\n".encode()
        + "Năm 2023 tỉnh Lào Cai có 120 hợp tác xã hoạt động hiệu quả.\n".encode()
    )
    real_files = corpus_load.corpus_files
    monkeypatch.setattr(  # a file listed, then deleted by an admin before it is read
        corpus_load, "corpus_files", lambda d, *kinds: [*real_files(d, *kinds), d / "vanished.txt"]
    )
    engine = Engine(config)
    report = engine.reload()
    reasons = {s.file: s.reason for s in report.skipped}
    assert set(reasons) == {
        "binary.txt",
        "latin1.txt",
        "cp1258.txt",
        "empty.txt",
        "huge.txt",
        "copy_of_001.txt",
        "vanished.txt",
    }
    assert "UTF-8" in reasons["latin1.txt"] and "quá lớn" in reasons["huge.txt"]
    assert "trùng nội dung" in reasons["copy_of_001.txt"] and "xóa" in reasons["vanished.txt"]
    assert report.articles == 6
    assert any("bad_date" in w and "31/02/2023" in w for w in report.warnings)
    assert engine.ask("Lào Cai có bao nhiêu hợp tác xã").answered


# --- reload faults ------------------------------------------------------------------------


_SYLLABLES = (
    "Tân Phú Hòa An Bình Long Thạnh Mỹ Đông Tây Nam Bắc Hưng Lợi Thuận Phước Lộc Thọ Khánh Vĩnh"
).split()


def _synthetic_articles(folder: Path, count: int) -> None:
    """Articles whose paragraphs differ in words, not only digits (the cache cannot help)."""
    for i in range(count):
        paras = []
        for j in range(8):
            n = i * 8 + j  # spelled in base-20 syllables: every paragraph's words are its own
            name = " ".join(_SYLLABLES[(n // 20**k) % 20] for k in range(3))
            paras.append(
                f"Năm 2020, hợp tác xã {name} ở xã {_SYLLABLES[(i + j) % 20]} phát triển "
                "chuỗi giá trị "
                f"lúa gạo hữu cơ cùng tổ hợp tác {name} với nhiều thành viên và doanh thu ổn định."
            )
        text = "\n".join(paras)
        (folder / f"syn_{i:04d}.txt").write_text(
            f"Bài tổng hợp số {i} về hợp tác xã\n{text}\n", "utf-8"
        )


def _cli(*args: str, corpus: Path, index: Path, **kw) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COOPBOT_", "TELEGRAM_"))}
    env |= {"COOPBOT_CORPUS_DIR": str(corpus), "COOPBOT_INDEX_DIR": str(index)}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # reparented zombies may wait for a reaper; they hold no memory


def test_sigkill_during_reload_leaves_the_last_good_index(corpus_dir: Path, tmp_path: Path):
    from bot.search.store import index_file, load_arrays

    index = tmp_path / "index"
    assert _cli("reload", corpus=corpus_dir, index=index).wait(timeout=300) == 0
    good_file = index_file(index)
    good = good_file.read_bytes()
    _synthetic_articles(corpus_dir, 800)
    killed_mid_run = 0
    workers: set[int] = set()
    for delay in (0.5, 1.5, 2.5, 3.5):  # wherever the kill lands, nothing is torn
        proc = _cli("reload", corpus=corpus_dir, index=index)
        time.sleep(delay)
        if proc.poll() is None:
            killed_mid_run += 1
            workers |= _children(proc.pid)
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=120)
        current = index_file(index)
        assert current is not None and load_arrays(index) is not None
        if current == good_file:
            assert current.read_bytes() == good  # the old generation, untouched
    assert killed_mid_run >= 3
    assert workers, "no kill landed while the process pool was running"
    deadline = time.monotonic() + 15
    while (orphans := {w for w in workers if _alive(w)}) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not orphans, f"pool workers outlived the killed reload: {orphans}"
    ask = _cli("ask", "--json", "-", corpus=corpus_dir, index=index, stdin=subprocess.PIPE)
    out, err = ask.communicate("Quảng Ninh mục tiêu 2023\n", timeout=300)
    first = json.loads(out.splitlines()[0])
    assert first["answered"] and first["passages"][0]["article"].startswith("001"), err
    records = _cli("records", "--province", "Quảng Ninh", "--json", corpus=corpus_dir, index=index)
    assert len(json.loads(records.communicate(timeout=300)[0])) == 16


def test_locked_database_fails_the_reload_and_keeps_serving(config, corpus_dir: Path):
    engine = Engine(replace(config, db_timeout=0.3))
    engine.reload()
    generation = engine.snapshot.generation
    (corpus_dir / "001_967a0c985fe0e2a8.txt").unlink()
    lock = sqlite3.connect(config.index_dir / "coopbot.db")
    lock.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ReloadError) as failed:
            engine.reload()
        assert "locked" in error_message(failed.value)
        assert engine.snapshot.generation == generation
        assert engine.ask("Quảng Ninh mục tiêu 2023").passages[0].article.startswith("001")
    finally:
        lock.rollback()
        lock.close()
    fresh = Engine(config)
    assert fresh.open() is None  # the persisted index is still the last good one
    assert fresh.ask("Quảng Ninh mục tiêu 2023").passages[0].article.startswith("001")
    engine.reload()
    assert not any(
        h.article.startswith("001") for h in engine.ask("Quảng Ninh mục tiêu 2023").passages
    )


def test_failed_index_write_leaves_no_temporary_files(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    import numpy as np

    def broken_save(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "save", broken_save)  # every generation writes its arrays
    with pytest.raises(ReloadError):
        engine.reload()
    from bot.search.store import index_file

    gens = [p.name for p in engine.config.index_dir.iterdir() if p.name.startswith("gen-")]
    assert gens == [index_file(engine.config.index_dir).parent.name]  # the failed one is gone
    assert not list(engine.config.index_dir.glob(".CURRENT*"))


# --- concurrency --------------------------------------------------------------------------


def test_questions_during_reloads_never_mix_generations(engine: Engine, corpus_dir: Path):
    path = corpus_dir / "001_967a0c985fe0e2a8.txt"
    original = path.read_text(encoding="utf-8")
    errors: list[BaseException] = []
    answers = []
    stop = threading.Event()

    def reloader():
        try:
            for i in range(6):
                text = (
                    original
                    if i % 2
                    else original.replace("60.500 thành viên", "61.500 thành viên")
                )
                path.write_text(text, encoding="utf-8")
                engine.reload()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            stop.set()

    def asker():
        try:
            while not stop.is_set():
                answers.append(engine.ask("quang ninh muc tieu 2023 thành viên", 3))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=reloader)] + [
        threading.Thread(target=asker) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    assert len(answers) > 10
    for a in answers:
        members = {
            r.value_min for r in a.records if r.unit == "thành viên" and r.value_min > 10_000
        }
        text = " ".join(h.text for h in a.passages)
        assert len(members) == 1
        assert ("61.500" in text) == (61500.0 in members)


# --- security -----------------------------------------------------------------------------


async def test_token_never_appears_in_logs(engine: Engine, caplog: pytest.LogCaptureFixture):
    from bot.telegram.app import build_application
    from bot.telegram.safety import protect_logs
    from tests.botapi_server import FakeBotAPI

    caplog.set_level(logging.DEBUG)
    async with FakeBotAPI() as api:
        protect_logs(api.token)
        cfg = replace(engine.config, api_base_url=api.base_url)
        app, _ = build_application(cfg, engine, api.token)
        async with app:
            await app.start()
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            api.fail_next("sendMessage", 1, retry_after=1)
            api.push_message("Nghị định 193")
            await api.wait_for_calls("sendMessage", 1, timeout=20)
            await app.updater.stop()
            await app.stop()
    assert caplog.records  # PTB and httpx did log, at DEBUG
    assert api.token not in caplog.text
    assert all(api.token not in (r.exc_text or "") for r in caplog.records)

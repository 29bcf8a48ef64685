"""Fault injection against the real CLI: each fault ends in one clear line on stderr, a non-zero
exit, and the previous good index and records still serving. Nothing is lost.

SIGKILL in the middle of a reload is proven by
tests/test_robustness.py::test_sigkill_during_reload_leaves_the_last_good_index.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.botapi_server import FakeBotAPI
from tests.conftest import REPO
from tests.tgkit import final_text

TOKEN = "987654321:abcSECRETtokenNeverPrinted"
QUESTION = "Quảng Ninh mục tiêu 2023"
TOP = ("001_967a0c985fe0e2a8", 3)  # the passage that answers QUESTION
QN_RECORDS = 16  # Quảng Ninh's records in the seed corpus


def env_for(corpus: Path, index: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COOPBOT_", "TELEGRAM_"))}
    env |= {"COOPBOT_CORPUS_DIR": str(corpus), "COOPBOT_INDEX_DIR": str(index)}
    return env | extra


def coopbot(*args: str, corpus: Path, index: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=env_for(corpus, index, **extra),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def one_line_error(out: subprocess.CompletedProcess) -> str:
    """The single stderr line of a failed command (asserting there is exactly one)."""
    assert out.returncode != 0, out.stdout
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


def assert_still_serving(corpus: Path, index: Path) -> dict:
    """The last good state: the same best passage and every Quảng Ninh record."""
    ask = coopbot("ask", "--json", QUESTION, corpus=corpus, index=index)
    assert ask.returncode == 0 and ask.stderr == "", ask.stderr
    answer = json.loads(ask.stdout)
    assert answer["answered"]
    assert (answer["passages"][0]["article"], answer["passages"][0]["paragraph"]) == TOP
    records = coopbot("records", "--province", "Quảng Ninh", "--json", corpus=corpus, index=index)
    assert records.returncode == 0, records.stderr
    assert len(json.loads(records.stdout)) == QN_RECORDS
    return answer


@pytest.fixture(scope="module")
def good_state(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus and its index, built once by `coopbot reload`."""
    base = tmp_path_factory.mktemp("good")
    corpus, index = base / "corpus", base / "index"
    shutil.copytree(REPO / "corpus", corpus)
    out = coopbot("reload", corpus=corpus, index=index)
    assert out.returncode == 0, out.stderr
    return corpus, index


@pytest.fixture
def state(good_state: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the good corpus and index that a test may break."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(good_state[0], corpus)
    shutil.copytree(good_state[1], index)
    return corpus, index


# --- data loss: the corpus folder ------------------------------------------------------------


def test_missing_corpus_folder_is_refused_and_the_index_kept(state, tmp_path: Path):
    corpus, index = state
    typo = tmp_path / "corpus_typo"
    line = one_line_error(coopbot("reload", corpus=typo, index=index))
    assert "Không tìm thấy thư mục kho dữ liệu" in line and str(typo) in line
    assert_still_serving(corpus, index)


def test_empty_corpus_folder_is_refused_and_the_index_kept(state, tmp_path: Path):
    corpus, index = state
    empty = tmp_path / "unmounted"
    empty.mkdir()
    (empty / "README").write_text("not an article", encoding="utf-8")
    line = one_line_error(coopbot("reload", corpus=empty, index=index))
    assert "không có bài viết nào" in line and str(empty) in line
    assert_still_serving(corpus, index)


DROPPED = ["000_5a0bd5d504af4083", "001_967a0c985fe0e2a8", "003_65152a113eaa7aa3"]


def test_reload_dropping_most_articles_needs_allow_shrink(state):
    corpus, index = state
    for name in DROPPED:
        (corpus / f"{name}.txt").unlink()
    line = one_line_error(coopbot("reload", corpus=corpus, index=index))
    assert "3/5" in line and "coopbot reload --allow-shrink" in line
    assert_still_serving(corpus, index)
    out = coopbot("reload", "--allow-shrink", corpus=corpus, index=index)
    assert out.returncode == 0 and "Đã nạp 2 bài" in out.stdout, out.stderr


def test_engine_reload_refuses_a_shrink_and_telegram_reports_it(state):
    """Engine.reload(allow_shrink=False) is what /reload calls: the admin reads the refusal."""
    from dataclasses import replace

    from bot.engine import Engine, ReloadError
    from bot.errors import ShrinkRefused
    from bot.messages import error_message
    from bot.telegram.app import build_application
    from tests.conftest import make_config

    corpus, index = state
    engine = Engine(make_config(corpus, index))
    engine.open()
    generation = engine.snapshot.generation
    (corpus / f"{DROPPED[0]}.txt").unlink()
    (corpus / f"{DROPPED[2]}.txt").unlink()
    assert engine.reload().articles == 3  # two of five is not most of them
    (corpus / "004_4249c30208b2b188.txt").unlink()
    (corpus / "002_d3a1b7d9424f1bef.txt").unlink()
    with pytest.raises(ReloadError) as refused:
        engine.reload()  # would keep one article of three
    assert isinstance(refused.value, ShrinkRefused) and refused.value.keeping
    assert (refused.value.dropped, refused.value.served) == (2, 3)
    assert "allow-shrink" in error_message(refused.value)
    assert engine.snapshot.generation == generation + 1
    assert engine.ask(QUESTION).passages[0].article == TOP[0]

    async def admin_reloads() -> str:
        async with FakeBotAPI() as api:
            cfg = replace(engine.config, api_base_url=api.base_url, admin_ids=frozenset({42}))
            engine.config = cfg
            app, _ = build_application(cfg, engine, api.token)
            async with app:
                await app.start()
                await app.updater.start_polling(poll_interval=0.0, timeout=1)
                api.push_command("/reload", user_id=42)
                text = await final_text(api, 1, timeout=20)
                await app.updater.stop()
                await app.stop()
            return text

    reply = asyncio.run(admin_reloads())
    assert "Từ chối nạp lại" in reply and "2/3" in reply
    assert engine.ask(QUESTION).passages[0].article == TOP[0]
    assert engine.reload(allow_shrink=True).articles == 1
    engine.close()


# --- corrupt database ------------------------------------------------------------------------


def _garbage(db: Path) -> None:
    db.write_bytes(os.urandom(db.stat().st_size))


def _truncate(db: Path) -> None:
    with db.open("r+b") as fh:
        fh.truncate(db.stat().st_size // 2)


@pytest.mark.parametrize("damage", [_garbage, _truncate], ids=["garbage", "truncated"])
def test_corrupt_database_is_set_aside_and_rebuilt(state, damage):
    corpus, index = state
    db = index / "coopbot.db"
    assert not list(index.glob("coopbot.db-*")), "the good state left a WAL behind"
    damage(db)
    ask = coopbot("ask", "--json", QUESTION, corpus=corpus, index=index)
    assert ask.returncode == 0, ask.stderr
    assert "Traceback" not in ask.stderr
    lines = ask.stderr.strip().splitlines()
    assert len(lines) == 1 and "Cơ sở dữ liệu hỏng, đã chuyển sang" in lines[0], ask.stderr
    # The WAL, when opening the damaged file made one, goes with it as "<moved>-wal".
    found = list(index.glob("coopbot.db.corrupt-*"))
    moved = [p for p in found if not p.name.endswith(("-wal", "-journal"))]
    assert len(moved) == 1 and str(moved[0]) in lines[0]
    assert all(p.name.startswith(moved[0].name) for p in found), found
    answer = json.loads(ask.stdout)
    assert (answer["passages"][0]["article"], answer["passages"][0]["paragraph"]) == TOP
    assert_still_serving(corpus, index)  # rebuilt records, and no second report


# --- full disk -------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 1 MB tmpfs: a real file system that runs out of space."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    out = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {out.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path, leave: int) -> Path:
    """Fill the file system holding `folder`, then free `leave` bytes."""
    filler = folder / "filler"
    with filler.open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    size = filler.stat().st_size
    with filler.open("r+b") as fh:
        fh.truncate(max(0, size - leave))
    return filler


# Free space left on the tmpfs, chosen so that the reload runs out of it at each stage it writes.
STAGES = {
    "opening the database": 8,
    "writing the arrays": 48,
    "writing the metadata": 100,
    "committing the records": 160,
}


@pytest.mark.parametrize("free_kb", list(STAGES.values()), ids=list(STAGES))
def test_full_disk_during_reload_keeps_the_last_good_index(state, small_disk: Path, free_kb):
    corpus, good_index = state
    index = small_disk / "index"
    shutil.copytree(good_index, index)
    filler = _fill(small_disk, leave=free_kb * 1024)
    article = corpus / "001_967a0c985fe0e2a8.txt"
    text = article.read_text(encoding="utf-8")
    assert "60.500 thành viên" in text
    article.write_text(text.replace("60.500 thành viên", "61.500 thành viên"), encoding="utf-8")
    line = one_line_error(coopbot("reload", corpus=corpus, index=index))
    assert "đĩa đầy" in line and "vẫn dùng dữ liệu cũ" in line
    assert len(list(index.glob("gen-*"))) == 1 and not list(index.glob(".*"))
    filler.unlink()  # the admin frees space: the old generation is intact and served
    answer = assert_still_serving(corpus, index)
    assert "60.500" in answer["passages"][0]["text"]  # the old figure, not the one half-loaded
    if free_kb == STAGES["committing the records"]:  # and a reload now goes through
        assert coopbot("reload", corpus=corpus, index=index).returncode == 0
        new = coopbot("ask", "--json", QUESTION, corpus=corpus, index=index)
        assert "61.500" in json.loads(new.stdout)["passages"][0]["text"]


def test_database_commit_failing_after_the_index_write_keeps_the_old_generation(
    state, monkeypatch: pytest.MonkeyPatch
):
    """The window between writing the new index and committing the records: a commit refused
    (disk full, I/O error) must leave the previous generation current, not the new one."""
    from sqlalchemy.orm import Session

    from bot.engine import Engine
    from bot.errors import Problem, ReloadFailed
    from bot.messages import error_message
    from bot.search.store import current_generation
    from tests.conftest import make_config

    corpus, index = state
    engine = Engine(make_config(corpus, index))
    engine.open()
    before = current_generation(index)
    article = corpus / "001_967a0c985fe0e2a8.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("60.500 thành viên", "61.500 thành viên"), encoding="utf-8")
    real_commit = Session.commit

    def refused(session):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Session, "commit", refused)
    with pytest.raises(ReloadFailed) as failed:
        engine.reload()
    assert failed.value.problem is Problem.DISK_FULL and failed.value.keeping
    said = error_message(failed.value)
    assert said.startswith("Nạp lại thất bại, vẫn dùng dữ liệu cũ: ổ đĩa đầy")
    monkeypatch.setattr(Session, "commit", real_commit)
    assert current_generation(index) == before
    assert sorted(p.name for p in index.glob("gen-*")) == [before]
    assert not list(index.glob(".CURRENT*"))
    engine.close()
    assert "60.500" in assert_still_serving(corpus, index)["passages"][0]["text"]


# --- rejected token, unreachable API ---------------------------------------------------------


async def _serve(corpus: Path, index: Path, base_url: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "serve",
        env=env_for(corpus, index, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=base_url),
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("case", ["401", "404 without /bot", "unreachable"])
async def test_rejected_token_is_one_redacted_line(state, case: str):
    corpus, index = state
    async with FakeBotAPI() as api:  # its token is not TOKEN: getMe answers 401
        base = {
            "401": api.base_url,
            "404 without /bot": f"http://127.0.0.1:{api.port}/",
            "unreachable": f"http://127.0.0.1:{_closed_port()}/bot",
        }[case]
        code, out, err = await _serve(corpus, index, base)
        if case == "401":  # the request reached the stand-in, which refused the token
            assert [(c.method, c.status) for c in api.calls] == [("getMe", 401)]
    assert code != 0
    assert "Traceback" not in err and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for secret in (TOKEN, TOKEN.split(":")[1], "abcSECRET"):
        assert secret not in err and secret not in out
    if case == "unreachable":
        assert "không kết nối được" in lines[0]
    else:
        assert "từ chối token" in lines[0]
    if case == "404 without /bot":
        assert "/bot" in lines[0]
    if case == "401":
        await asyncio.to_thread(assert_still_serving, corpus, index)


def test_a_fault_in_a_figure_rule_costs_that_documents_figures_not_its_passages(monkeypatch):
    from bot.corpus_load import parse_article
    from bot.search import article as indexing

    text = (
        "Kinh tế tập thể tỉnh Hà Nam\nThứ Tư, 12/08/2020 - 09:45\n\n"
        "Năm 2020, kinh tế tập thể của tỉnh tiếp tục phát triển; toàn tỉnh có 120 HTX.\n"
    )
    doc = parse_article("x", text.encode())

    def broken_rule(_article):
        raise IndexError("a rule's bug")

    monkeypatch.setattr(indexing, "extract_records", broken_rule)
    indexed = indexing.index_article(doc)
    assert indexed.records == [] and indexed.doc_terms  # still searched and cited
    assert any("số liệu" in w for w in doc.warnings)  # and the reload report says so

"""Shared fixtures: real corpus copies, real index folders, one engine per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import Config, load_config
from bot.engine import Engine

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"


def make_config(corpus: Path, index: Path, **overrides) -> Config:
    """A Config for test folders, built the same way the CLI builds one."""
    from dataclasses import replace

    base = load_config(REPO / "config.toml", env={})
    return replace(base, corpus_dir=corpus, index_dir=index, **overrides)


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled corpus that a test may modify."""
    dest = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, dest)
    return dest


@pytest.fixture
def config(corpus_dir: Path, tmp_path: Path) -> Config:
    return make_config(corpus_dir, tmp_path / "index")


@pytest.fixture
def engine(config: Config) -> Engine:
    eng = Engine(config)
    eng.reload()
    return eng


@pytest.fixture
async def tg(engine: Engine):
    """The real Application, updates through process_update, its Bot API calls answered by the
    stand-in in-process (see tests/tgkit.py)."""
    from tests.tgkit import running_bot

    async with running_bot(engine) as api:
        yield api


@pytest.fixture
async def tg_http(engine: Engine):
    """The real Application polling the Bot API stand-in over HTTP on 127.0.0.1: end to end."""
    from tests.tgkit import running_bot

    async with running_bot(engine, http=True) as api:
        yield api


@pytest.fixture(scope="session")
def seed_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Read-only engine over the bundled corpus, built once per test session."""
    index = tmp_path_factory.mktemp("seed-index")
    eng = Engine(make_config(SEED_CORPUS, index))
    eng.reload()
    return eng


def _find_pg_bin(name: str) -> str | None:
    import glob

    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory):
    """A real PostgreSQL server on 127.0.0.1 for this session, or a skip saying why not."""
    import os
    import pwd
    import socket
    import subprocess

    initdb, pg_ctl = _find_pg_bin("initdb"), _find_pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed")
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        pytest.skip("psycopg2 not installed")
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and no 'postgres' user to run the server as")
        prefix = ["runuser", "-u", "postgres", "--"]
    import tempfile

    # Not under pytest's tmp folder: that one is private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="coopbot-pg-"))
    base.chmod(0o755)
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if prefix:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = lambda *cmd: subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)  # noqa: E731
    out = run(
        initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"
    )
    if out.returncode != 0:
        pytest.skip(f"initdb failed: {out.stderr.strip()[:200]}")
    opts = f"-p {port} -h 127.0.0.1 -k {sock} -c fsync=off"
    out = run(pg_ctl, "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w", "start")
    if out.returncode != 0:
        pytest.skip(f"PostgreSQL did not start: {out.stderr.strip()[:200]}")
    try:
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(pg_ctl, "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)

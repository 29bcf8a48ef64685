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


@pytest.fixture(scope="session")
def seed_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Read-only engine over the bundled corpus, built once per test session."""
    index = tmp_path_factory.mktemp("seed-index")
    eng = Engine(make_config(SEED_CORPUS, index))
    eng.reload()
    return eng

"""Opening the database: engines for SQLite (a file in index/, checked and set aside when
damaged) or any SQLAlchemy URL, tables created and columns added, errors in one line."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine as SAEngine
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel, create_engine

from bot.db.models import CORPUS_TABLES
from bot.errors import CorruptDatabase, DatabaseUnavailable, DbProblem

_CORRUPT = ("file is not a database", "malformed", "database disk image", "corrupt")
POSTGRES_HINT = "pip install 'coopbot[postgres]'"


def is_corruption(exc: BaseException) -> bool:
    """Whether a database error says the file itself is damaged."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(marker in text for marker in _CORRUPT)


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:/// URL (None for other databases and in-memory SQLite)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def check_sqlite_file(path: Path, timeout: float = 10.0) -> None:
    """Raise CorruptDatabase unless the file is a sound SQLite database (PRAGMA quick_check:
    about 0.2 s at 10^5 paragraphs). A missing or empty file is fine: it is created."""
    try:
        if path.stat().st_size == 0:
            return
    except FileNotFoundError:
        return
    try:
        with closing(sqlite3.connect(path, timeout=timeout)) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            raise CorruptDatabase(path, str(exc)) from exc
        raise DatabaseUnavailable(
            DbProblem.CANNOT_OPEN, str(path), str(exc), free_kb=low_space_kb(path.parent)
        ) from exc
    if rows != [("ok",)]:
        raise CorruptDatabase(path, str(rows[0][0]) if rows else "quick_check gave no answer")


def set_aside(path: Path) -> Path:
    """Move a corrupt SQLite file (and its WAL) to <name>.corrupt-<timestamp>; return it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, target)
    for suffix in ("-wal", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    path.with_name(path.name + "-shm").unlink(missing_ok=True)  # derived from the WAL
    return target


def low_space_kb(folder: Path) -> int | None:
    """The free KB of the folder's file system when it is (nearly) out of space: SQLite then
    says only 'disk I/O error' (it cannot create its shared-memory file)."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return None
    return free // 1024 if free < LOW_SPACE else None


LOW_SPACE = 1 << 20


def describe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001
        return "<unreadable URL>"


def first_line(exc: BaseException) -> str:
    """A database error in one line: the driver's message, without SQL or links."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


def connect(url: str, timeout: float = 10.0) -> SAEngine:
    """An engine for the URL, creating the tables (and SQLite's folder) if needed.

    A damaged SQLite file raises CorruptDatabase; an unreachable server or a missing driver
    raises DatabaseUnavailable, each explained in one line."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        check_sqlite_file(path, timeout)
        engine = create_engine(url, connect_args={"timeout": timeout, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # WAL: readers never wait for a reload's writes
            dbapi_conn.execute("PRAGMA journal_mode=WAL")
            dbapi_conn.execute("PRAGMA synchronous=NORMAL")
    else:
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except ImportError as exc:
            driver = exc.name or str(exc)
            hint = POSTGRES_HINT if url.startswith("postgres") else f"pip install {driver}"
            raise DatabaseUnavailable(
                DbProblem.MISSING_DRIVER, describe_url(url), driver, hint=hint
            ) from exc
    try:
        SQLModel.metadata.create_all(engine)
    except DBAPIError as exc:
        engine.dispose()
        if path is not None and is_corruption(exc):
            raise CorruptDatabase(path, first_line(exc)) from exc
        raise DatabaseUnavailable(
            DbProblem.CANNOT_CONNECT, describe_url(url), first_line(exc)
        ) from exc
    _add_missing_columns(engine)
    return engine


def _add_missing_columns(engine: SAEngine) -> None:
    """Columns added since a database was created are added to it; its articles are then
    marked stale (digest cleared) so the next sync rewrites them with the new fields."""
    inspector = inspect(engine)
    added = False
    with engine.begin() as conn:
        for table in SQLModel.metadata.sorted_tables:
            corpus_table = table.name in CORPUS_TABLES
            have = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in have:
                    continue
                kind = column.type.compile(dialect=engine.dialect)
                default = {
                    "section": " DEFAULT ''",
                    "context": " DEFAULT ''",
                    "indicator_id": " DEFAULT 'other'",
                    "national": " DEFAULT FALSE",
                    "change": " DEFAULT FALSE",
                    "progress": " DEFAULT FALSE",
                    "warnings": " DEFAULT '[]'",
                    "records_pack": " DEFAULT ''",
                }.get(column.name, "")
                conn.execute(
                    text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}{default}')
                )
                added = added or corpus_table
        if added:
            conn.execute(text("UPDATE articles SET digest = ''"))

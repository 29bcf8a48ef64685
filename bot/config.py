"""Configuration: config.toml, overridden by environment variables, loaded once."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_API_BASE = "https://api.telegram.org/bot"


class ConfigError(ValueError):
    """A configuration problem, explained in one line."""


@dataclass(frozen=True)
class Config:
    corpus_dir: Path
    index_dir: Path
    database_url: str  # empty: SQLite file in index_dir
    top_k: int = 3
    min_coverage: float = 0.6
    api_base_url: str = DEFAULT_API_BASE
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    mode: str = "polling"
    webhook_url: str = ""
    webhook_port: int = 8443
    webhook_secret: str = ""
    max_upload_bytes: int = 2_000_000
    flood_limit_per_minute: int = 20
    db_timeout: float = 10.0  # seconds to wait for a locked database before a reload fails
    progress_interval: float = 2.0  # seconds between progress lines / status message edits

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.index_dir / 'coopbot.db'}"

    def with_paths(self, corpus_dir: str | Path | None, index_dir: str | Path | None) -> Config:
        """A copy with command-line path overrides applied."""
        from dataclasses import replace

        return replace(
            self,
            corpus_dir=Path(corpus_dir) if corpus_dir else self.corpus_dir,
            index_dir=Path(index_dir) if index_dir else self.index_dir,
        )


def _admin_ids(raw: object, key: str) -> frozenset[int]:
    items = raw.replace(",", " ").split() if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple):
        raise ConfigError(
            f"{key} phải là danh sách id người dùng Telegram (số), không phải {raw!r}"
        )
    try:
        return frozenset(_integer(x, key) for x in items)
    except ConfigError as exc:
        raise ConfigError(f"{key} phải là id người dùng Telegram (số): {raw!r}") from exc


def _integer(value: object, key: str, low: int | None = None, high: int | None = None) -> int:
    """An int from TOML or from an environment string, within [low, high]."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        number = int(value.strip())
    if number is None:
        raise ConfigError(f"{key} phải là số nguyên, không phải {value!r}")
    _check_range(number, key, low, high)
    return number


def _number(value: object, key: str, low: float, high: float) -> float:
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or number != number:  # NaN
        raise ConfigError(f"{key} phải là một số, không phải {value!r}")
    _check_range(number, key, low, high)
    return number


def _check_range(number: float, key: str, low: float | None, high: float | None) -> None:
    if low is not None and high is not None and not low <= number <= high:
        raise ConfigError(f"{key} phải từ {low} đến {high}, không phải {number}")
    if low is not None and number < low:
        raise ConfigError(f"{key} phải ít nhất là {low}, không phải {number}")


def _text(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{key} phải là chuỗi ký tự, không phải {value!r}")
    return value


def _table(data: dict, name: str) -> dict:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"'{name}' phải là bảng [{name}] trong config.toml, không phải {table!r}")
    return table


def _hide_password(url: str) -> str:
    return re.sub(r"(://[^/:@]*:)[^/@]*@", r"\1***@", url)


def database_url(raw: str, key: str) -> str:
    """A checked SQLAlchemy URL; plain postgresql:// gets the driver coopbot installs."""
    if not raw:
        return ""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(raw)
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(
            f"{key} không phải URL cơ sở dữ liệu hợp lệ: {_hide_password(raw)!r} "
            "(ví dụ sqlite:////duong/dan/coopbot.db hoặc postgresql://user@host/db)"
        ) from exc
    if url.drivername in ("postgresql", "postgres"):
        # SQLAlchemy 2.1 picks psycopg (3) for a bare postgresql://; coopbot uses psycopg2.
        url = url.set(drivername=f"postgresql+{POSTGRES_DRIVER}")
    return url.render_as_string(hide_password=False)


POSTGRES_DRIVER = "psycopg2"
MODES = ("polling", "webhook")


def find_config_file() -> Path | None:
    """COOPBOT_CONFIG, else ./config.toml, else the repository's config.toml."""
    if env := os.environ.get("COOPBOT_CONFIG"):
        return Path(env)
    for candidate in (
        Path.cwd() / "config.toml",
        Path(__file__).resolve().parent.parent / "config.toml",
    ):
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Read config.toml (relative paths resolve against its folder), apply env overrides and
    check every value: a problem is a ConfigError naming the key, before anything runs."""
    env = dict(os.environ) if env is None else env
    path = path or find_config_file()
    data: dict = {}
    base = Path.cwd()
    if path is not None:
        try:
            data = tomllib.loads(path.read_bytes().decode("utf-8"))
        except OSError as exc:
            raise ConfigError(f"không đọc được tệp cấu hình {path}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"tệp cấu hình {path} không phải UTF-8 (byte lỗi ở vị trí {exc.start})"
            ) from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"tệp cấu hình {path} sai cú pháp TOML: {exc}") from exc
        base = path.resolve().parent
    paths, db, search, tg, progress = (
        _table(data, k) for k in ("paths", "database", "search", "telegram", "progress")
    )

    def pick(env_name: str | None, table: dict, section: str, key: str, default):
        """(value, name to report): the environment wins over the file."""
        if env_name and env.get(env_name):
            return env[env_name], env_name
        return table.get(key, default), f"{section}.{key}"

    def folder(env_name: str, key: str, default: str) -> Path:
        value, name = pick(env_name, paths, "paths", key, default)
        p = Path(_text(value, name)).expanduser()
        return p if p.is_absolute() else base / p

    def integer(env_name: str | None, table, section, key, default, low, high=None) -> int:
        value, name = pick(env_name, table, section, key, default)
        return _integer(value, name, low, high)

    def text(env_name: str | None, table: dict, section: str, key: str, default: str) -> str:
        return _text(*pick(env_name, table, section, key, default))

    mode = text("COOPBOT_MODE", tg, "telegram", "mode", "polling")
    if mode not in MODES:
        name = "COOPBOT_MODE" if env.get("COOPBOT_MODE") else "telegram.mode"
        raise ConfigError(f"{name} phải là polling hoặc webhook, không phải {mode!r}")
    db_raw, db_name = pick("COOPBOT_DATABASE_URL", db, "database", "url", "")
    admin_raw, admin_name = pick("COOPBOT_ADMIN_IDS", tg, "telegram", "admin_ids", [])
    coverage, coverage_name = pick(None, search, "search", "min_coverage", 0.6)
    return Config(
        corpus_dir=folder("COOPBOT_CORPUS_DIR", "corpus_dir", "corpus"),
        index_dir=folder("COOPBOT_INDEX_DIR", "index_dir", "index"),
        database_url=database_url(_text(db_raw, db_name), db_name),
        top_k=integer(None, search, "search", "top_k", 3, 1, 50),
        min_coverage=_number(coverage, coverage_name, 0.0, 1.0),
        api_base_url=text(
            "TELEGRAM_API_BASE_URL", tg, "telegram", "api_base_url", DEFAULT_API_BASE
        ),
        admin_ids=_admin_ids(admin_raw, admin_name),
        mode=mode,
        webhook_url=text("COOPBOT_WEBHOOK_URL", tg, "telegram", "webhook_url", ""),
        webhook_port=integer(
            "COOPBOT_WEBHOOK_PORT", tg, "telegram", "webhook_port", 8443, 1, 65535
        ),
        webhook_secret=env.get("COOPBOT_WEBHOOK_SECRET", ""),
        max_upload_bytes=integer(None, tg, "telegram", "max_upload_bytes", 2_000_000, 1),
        flood_limit_per_minute=integer(None, tg, "telegram", "flood_limit_per_minute", 20, 1),
        progress_interval=_number(
            *pick("COOPBOT_PROGRESS_INTERVAL", progress, "progress", "interval", 2.0), 0.0, 3600.0
        ),
    )

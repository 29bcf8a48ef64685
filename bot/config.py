"""Configuration: config.toml, overridden by environment variables, loaded once."""

from __future__ import annotations

import os
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


def _admin_ids(raw: object) -> frozenset[int]:
    items = raw.replace(",", " ").split() if isinstance(raw, str) else list(raw or [])
    try:
        return frozenset(int(x) for x in items)
    except ValueError as exc:
        raise ConfigError(f"admin ids must be Telegram user ids (numbers): {raw!r}") from exc


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
    """Read config.toml (relative paths resolve against its folder) and apply env overrides."""
    env = dict(os.environ) if env is None else env
    path = path or find_config_file()
    data: dict = {}
    base = Path.cwd()
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from exc
        base = path.resolve().parent
    paths, db, search, tg, progress = (
        data.get(k, {}) for k in ("paths", "database", "search", "telegram", "progress")
    )

    def resolve(value: str) -> Path:
        p = Path(value).expanduser()
        return p if p.is_absolute() else base / p

    try:
        return Config(
            corpus_dir=resolve(env.get("COOPBOT_CORPUS_DIR") or paths.get("corpus_dir", "corpus")),
            index_dir=resolve(env.get("COOPBOT_INDEX_DIR") or paths.get("index_dir", "index")),
            database_url=env.get("COOPBOT_DATABASE_URL") or db.get("url", ""),
            top_k=int(search.get("top_k", 3)),
            min_coverage=float(search.get("min_coverage", 0.6)),
            api_base_url=env.get("TELEGRAM_API_BASE_URL")
            or tg.get("api_base_url", DEFAULT_API_BASE),
            admin_ids=_admin_ids(env.get("COOPBOT_ADMIN_IDS") or tg.get("admin_ids", [])),
            mode=env.get("COOPBOT_MODE") or tg.get("mode", "polling"),
            webhook_url=env.get("COOPBOT_WEBHOOK_URL") or tg.get("webhook_url", ""),
            webhook_port=int(env.get("COOPBOT_WEBHOOK_PORT") or tg.get("webhook_port", 8443)),
            webhook_secret=env.get("COOPBOT_WEBHOOK_SECRET", ""),
            max_upload_bytes=int(tg.get("max_upload_bytes", 2_000_000)),
            flood_limit_per_minute=int(tg.get("flood_limit_per_minute", 20)),
            progress_interval=float(
                env.get("COOPBOT_PROGRESS_INTERVAL") or progress.get("interval", 2.0)
            ),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bad value in configuration: {exc}") from exc

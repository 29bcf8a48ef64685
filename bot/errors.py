"""What can go wrong that a person must be told about, as typed errors and notices: the
engine and the database layer raise them with the facts, and the presentation layers (CLI,
console chat, Telegram) word them in Vietnamese with `bot.messages.error_message` and
`notice_message`. `str()` of each is a one-line English account, for logs."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class CoopbotError(Exception):
    """A failure explained to the user; nothing was lost."""


class ReloadError(CoopbotError):
    """A reload that failed or was refused. `keeping`: the previous index is still served."""

    keeping: bool = False


class IndexDirIsFile(ReloadError):
    def __init__(self, path: Path):
        super().__init__(f"index path {path} is a file, not a folder")
        self.path = path


class CorpusMissing(ReloadError):
    def __init__(self, folder: Path, is_file: bool, keeping: bool):
        super().__init__(f"corpus folder {folder} {'is a file' if is_file else 'not found'}")
        self.folder, self.is_file, self.keeping = folder, is_file, keeping


class CorpusEmpty(ReloadError):
    def __init__(self, folder: Path, skipped: int, keeping: bool):
        super().__init__(f"corpus folder {folder} has no readable article ({skipped} skipped)")
        self.folder, self.skipped, self.keeping = folder, skipped, keeping


class ShrinkRefused(ReloadError):
    """The reload would drop more than the allowed share of the served articles."""

    keeping = True

    def __init__(self, folder: Path, dropped: int, served: int, remaining: int):
        super().__init__(f"reload refused: it would drop {dropped}/{served} served articles")
        self.folder, self.dropped, self.served, self.remaining = folder, dropped, served, remaining


class Problem(enum.Enum):
    """Why a reload failed."""

    DISK_FULL = "disk full"
    OS = "file system error"
    OTHER = "error"


class ReloadFailed(ReloadError):
    """`cause`: the error of ours that made it fail (the database could not be opened…)."""

    def __init__(
        self, problem: Problem, detail: str, keeping: bool, cause: CoopbotError | None = None
    ):
        super().__init__(f"reload failed ({problem.value}): {detail}")
        self.problem, self.detail, self.keeping, self.cause = problem, detail, keeping, cause


class DbProblem(enum.Enum):
    """Why the database cannot be used."""

    MISSING_DRIVER = "missing driver"
    CANNOT_CONNECT = "cannot connect"
    CANNOT_OPEN = "cannot open"
    ERROR = "database error"
    CORRUPT = "corrupt"


class DatabaseUnavailable(CoopbotError):
    """The database cannot be used. `where`: the URL without its password, or the file."""

    def __init__(
        self,
        problem: DbProblem,
        where: str,
        detail: str,
        hint: str = "",
        free_kb: int | None = None,
    ):
        super().__init__(f"{problem.value}: {where}: {detail}")
        self.problem, self.where, self.detail, self.hint = problem, where, detail, hint
        self.free_kb = free_kb  # the disk's free space, when nearly full


class CorruptDatabase(DatabaseUnavailable):
    """A SQLite file that is not a sound database; it can be set aside and rebuilt."""

    def __init__(self, path: Path, reason: str):
        super().__init__(DbProblem.CORRUPT, str(path), reason)
        self.path, self.reason = path, reason


@dataclass(frozen=True)
class DatabaseSetAside:
    """Notice: a damaged SQLite file was moved to `moved` and is being rebuilt."""

    moved: Path


@dataclass(frozen=True)
class TablesRebuilt:
    """Notice: the tables did not hold the index's articles; the index is rebuilt."""


Notice = DatabaseSetAside | TablesRebuilt

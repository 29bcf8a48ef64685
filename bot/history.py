"""Corpus changes made through the bot never lose a document.

Before a file in corpus/ is replaced or removed, its bytes are copied to corpus/.history/ under
`<UTC time>_u<user id>_<name>`, and every change is one JSON line in corpus/.history/log.jsonl:
`{"id", "time", "user_id", "action" (add | replace | undo), "file", "sha256_before",
"sha256_after", "saved_as", "undoes"}`. `undo` walks that log back like a stack. The corpus
loader reads only the files directly inside corpus/ and skips dot-names, so none of this is
ever loaded as an article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

HISTORY_DIR = ".history"
LOG_NAME = "log.jsonl"


class HistoryError(RuntimeError):
    """An undo that cannot be done safely; the message is Vietnamese, for the admin."""


@dataclass(frozen=True)
class Change:
    id: str
    time: str  # ISO 8601, UTC
    user_id: int | None
    action: str  # "add", "replace" or "undo"
    file: str  # plain file name inside corpus/
    sha256_before: str | None  # None: the file did not exist
    sha256_after: str | None  # None: the file no longer exists
    saved_as: str | None = None  # the previous version's copy in .history/, if there was one
    undoes: str | None = None  # for "undo": the id of the change undone


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _inside(corpus_dir: Path, name: str) -> Path:
    target = (corpus_dir / name).resolve()
    if target.parent != corpus_dir.resolve() or name.startswith("."):
        raise ValueError(f"not a plain file name inside the corpus folder: {name!r}")
    return target


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _keep(corpus_dir: Path, name: str, data: bytes, stamp: str, user_id: int | None) -> str:
    """Copy a version about to be replaced or removed into .history/; its new name."""
    folder = corpus_dir / HISTORY_DIR
    folder.mkdir(exist_ok=True)
    base = f"{stamp}_u{user_id if user_id is not None else 'none'}_{name}"
    kept, n = base, 1
    while (folder / kept).exists():
        n += 1
        kept = f"{base}.{n}"
    _write_atomically(folder / kept, data)
    return kept


def _record(corpus_dir: Path, change: Change) -> None:
    folder = corpus_dir / HISTORY_DIR
    folder.mkdir(exist_ok=True)
    with open(folder / LOG_NAME, "a", encoding="utf-8") as f:
        f.write(json.dumps(asdict(change), ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())


def _now() -> tuple[str, str]:
    """(ISO time for the log, compact stamp for file names), both UTC."""
    now = dt.datetime.now(dt.UTC)
    return now.isoformat(timespec="microseconds"), now.strftime("%Y%m%dT%H%M%S.%fZ")


def save(corpus_dir: Path, name: str, data: bytes, user_id: int | None) -> Change | None:
    """Write `data` as corpus/<name>, keeping any previous version; None if nothing changes."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    target = _inside(corpus_dir, name)
    old = target.read_bytes() if target.is_file() else None
    if old == data:
        return None
    when, stamp = _now()
    saved_as = _keep(corpus_dir, target.name, old, stamp, user_id) if old is not None else None
    _write_atomically(target, data)
    change = Change(
        id=secrets.token_hex(6),
        time=when,
        user_id=user_id,
        action="add" if old is None else "replace",
        file=target.name,
        sha256_before=sha256(old) if old is not None else None,
        sha256_after=sha256(data),
        saved_as=saved_as,
    )
    _record(corpus_dir, change)
    return change


def changes(corpus_dir: Path) -> list[Change]:
    """Every change logged, oldest first (a damaged line is skipped, not fatal)."""
    path = corpus_dir / HISTORY_DIR / LOG_NAME
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            out.append(Change(**json.loads(line)))
        except (ValueError, TypeError):
            continue
    return out


def last_undoable(corpus_dir: Path, name: str | None = None) -> Change | None:
    """The latest add/replace (of `name`, if given) that no undo has reversed yet."""
    logged = changes(corpus_dir)
    undone = {c.undoes for c in logged if c.action == "undo"}
    for change in reversed(logged):
        if change.action in ("add", "replace") and change.id not in undone:
            if name is None or change.file == name:
                return change
    return None


def undo(corpus_dir: Path, user_id: int | None, name: str | None = None) -> Change | None:
    """Put back the version before the last change (of `name`): the replaced bytes, or no file
    for an added one. The current version is kept in .history/ first. None: nothing to undo."""
    target_change = last_undoable(corpus_dir, name)
    if target_change is None:
        return None
    target = _inside(corpus_dir, target_change.file)
    restored: bytes | None = None
    if target_change.saved_as is not None:
        copy = corpus_dir / HISTORY_DIR / target_change.saved_as
        try:
            restored = copy.read_bytes()
        except OSError as exc:
            raise HistoryError(f"không đọc được bản lưu {target_change.saved_as}") from exc
        if sha256(restored) != target_change.sha256_before:
            raise HistoryError(f"bản lưu {target_change.saved_as} đã bị sửa, không khôi phục")
    current = target.read_bytes() if target.is_file() else None
    when, stamp = _now()
    saved_as = (
        _keep(corpus_dir, target.name, current, stamp, user_id) if current is not None else None
    )
    if restored is None:
        target.unlink(missing_ok=True)
    else:
        _write_atomically(target, restored)
    change = Change(
        id=secrets.token_hex(6),
        time=when,
        user_id=user_id,
        action="undo",
        file=target.name,
        sha256_before=sha256(current) if current is not None else None,
        sha256_after=sha256(restored) if restored is not None else None,
        saved_as=saved_as,
        undoes=target_change.id,
    )
    _record(corpus_dir, change)
    return change

"""An article's records as one JSON text in its `articles` row: the form the engine reads
them back in. The `records` rows hold the same records for SQL queries (`coopbot records
--indicator`); both are written in one transaction. Read from the pack, a province's records
cost about a third of reading their rows: ~10^3 values per article instead of 19 per record,
each repeated string once."""

from __future__ import annotations

import json
from collections.abc import Callable

from bot.records import Record

# Record fields that are strings (stored once per article, referred to by position).
_STRINGS = frozenset(
    {
        "province",
        "kind",
        "period_note",
        "subject",
        "indicator",
        "qualifier",
        "unit",
        "text",
        "indicator_id",
        "section",
    }
)
# Record's fields in order: unpack below and the `records` rows (bot/db/reading.py) read
# them by position (checked at import).
RECORD_FIELDS = (
    "article",
    "paragraph",
    "province",
    "kind",
    "period_start",
    "period_end",
    "period_note",
    "subject",
    "indicator",
    "value_min",
    "value_max",
    "qualifier",
    "unit",
    "text",
    "indicator_id",
    "change",
    "progress",
    "national",
    "section",
)
assert Record._fields == RECORD_FIELDS, "the records are read by position"
_FIELDS = RECORD_FIELDS[1:]  # the article is the row's
_STRING_AT = tuple(i for i, name in enumerate(_FIELDS) if name in _STRINGS)
_BOOL_AT = tuple(i for i, name in enumerate(_FIELDS) if name in ("change", "progress", "national"))

UNWRITTEN = ""  # a row written before packs existed: its records are read from their rows


def pack(records: list[Record]) -> str:
    """One article's records as JSON: [strings, rows], each string field a position in
    strings, each boolean 0/1."""
    strings: dict[str | None, int] = {}
    rows = []
    for record in records:
        row: list = list(record[1:])
        for i in _STRING_AT:
            row[i] = strings.setdefault(row[i], len(strings))
        for i in _BOOL_AT:
            row[i] = int(row[i])
        rows.append(row)
    return json.dumps([list(strings), rows], ensure_ascii=False, separators=(",", ":"))


_BOOLS = (False, True)
_new = tuple.__new__


class DamagedPack(ValueError):
    """A pack that is not what `pack` writes (edited by hand, damaged)."""


def unpack(article: str, text: str, shared: Callable[[str, str], str]) -> list[Record]:
    """The records of `pack`, their strings made one object each through `shared` (a dict's
    setdefault kept across reads: ~100 MB less at 10^5 paragraphs). Raises DamagedPack."""
    try:
        return _unpack(article, text, shared)
    except (ValueError, TypeError, LookupError) as exc:
        raise DamagedPack(f"records of {article}: {exc}") from exc


def _unpack(article: str, text: str, shared: Callable[[str, str], str]) -> list[Record]:
    strings, rows = json.loads(text)
    s = [x if x is None else shared(x, x) for x in strings]
    b = _BOOLS
    # tuple.__new__ skips the NamedTuple's Python-level __new__ (a third of the time).
    return [
        _new(
            Record,
            (
                article,
                pa,
                s[pr],
                s[k],
                ps,
                pe,
                s[pn],
                s[su],
                s[ind],
                lo,
                hi,
                s[q],
                s[u],
                s[tx],
                s[ii],
                b[ch],
                b[pg],
                b[na],
                s[se],
            ),
        )  # fmt: skip
        for (pa, pr, k, ps, pe, pn, su, ind, lo, hi, q, u, tx, ii, ch, pg, na, se) in rows
    ]

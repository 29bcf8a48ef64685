"""The body of a document → passages under their section paths (Phần, Chương, I., 1., 1.1., a)),
short bullets grouped, tables read row by row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.layout.lines import (
    BULLET,
    END_PUNCT,
    SEPARATOR,
    Block,
    clean_spaces,
    is_table_line,
    is_upper,
    section_marker,
    sentence_case,
    squash,
)
from bot.layout.rejoin import rejoin
from bot.layout.tables import ruled_header, second_header, table_blocks, table_rows

_GROUP_WORDS = 120  # bullets joined into one passage up to about this many words
_SHORT_BULLET = 30


@dataclass
class _Heading:
    level: int
    label: str
    used: bool = False
    position: int = 0
    text: str = ""
    path: tuple[str, ...] = field(default_factory=tuple)
    item: bool = False  # a numbered item with content of its own, not a heading


def _table_kind(line: str) -> str:
    return "pipe" if line.count("|") >= 2 else "tab"


def _heading_label(marker: str, rest: str) -> tuple[str, bool]:
    """The label shown in a section path, and whether the line is only a heading."""
    rest = rest.strip()
    if is_upper(rest) and len(rest) > 3:
        rest = sentence_case(rest)
    # (a dash between years is no word: "… GIAI ĐOẠN 2011 - 2015" is a heading's length)
    words = [w for w in rest.split() if any(c.isalnum() for c in w)]
    pure = len(words) <= 14 and (not END_PUNCT.search(rest) or rest.endswith(":"))
    if pure:
        label = f"{marker} {rest.rstrip(':').strip()}"
    else:
        head, colon, _ = rest.partition(":")
        label = f"{marker} {head.strip()}" if colon and len(head.split()) <= 8 else marker
    return squash(label)[:120], pure  # (room for "… giai đoạn 2011 - 2015")


def structure(lines: list[str], running: str | None = None) -> list[Block]:
    """Body lines → passages with their section paths (headings become context).
    `running`: the document's number, to recognise running page headers that repeat it."""
    lines = rejoin([clean_spaces(x) for x in lines], running)
    stack: list[_Heading] = []
    items: list[Block | _Heading] = []
    group: list[str] = []
    group_path: tuple[str, ...] = ()
    caption: str | None = None

    def path() -> tuple[str, ...]:
        return tuple(h.label for h in stack)

    def emit(text: str, at: tuple[str, ...]) -> None:
        for h in stack:
            h.used = True
        items.append(Block(text, at))

    def flush_group() -> None:
        nonlocal group
        if group:
            emit(" ".join(group), group_path)
            group = []

    i = 0
    while i < len(lines):
        line = lines[i]
        if is_table_line(line):
            flush_group()
            block = []
            start = i
            kind = _table_kind(line)  # a pipe table next to a tab table is two tables
            while i < len(lines) and is_table_line(lines[i]) and _table_kind(lines[i]) == kind:
                if second_header(lines, start, i):
                    break
                block.append(lines[i])
                i += 1
            at = path() + ((caption,) if caption else ())
            for b in table_blocks(table_rows(block), at, ruled_header(block)):
                emit(b.text, b.section)
            caption = None
            continue
        i += 1
        caption = None
        if SEPARATOR.match(line):
            continue
        found = section_marker(line)
        if found:
            flush_group()
            level, marker, rest = found
            # (an appendix's title may run on into "(Kèm theo Kế hoạch … 2021-2025)": which
            # document it belongs to, not what it is about, and its range dates nothing)
            title = (
                re.split(r"\s*\((?=kèm theo|ban hành kèm)", lines[i], maxsplit=1, flags=re.I)[0]
                if i < len(lines)
                else ""
            )
            remainder = ""
            if not rest.strip() and level <= 2 and title and is_upper(title):
                rest = title  # "Phần thứ nhất" / "TÌNH HÌNH …" on the next line
                line = f"{line} {title}"
                remainder = lines[i][len(title) :].strip()
                i += 1
            label, pure = _heading_label(marker, rest)
            while stack and stack[-1].level >= level:
                stack.pop()
            if pure:
                heading = _Heading(level, label, text=line, path=path())
                items.append(heading)
                stack.append(heading)
                if remainder:
                    emit(remainder, path())  # "(Kèm theo Nghị quyết số …)": still searched
            else:
                emit(line, path())
                stack.append(_Heading(level, label, used=True, item=True))
            continue
        bullet = BULLET.match(line)
        words = len(line.split())
        if bullet and words <= _SHORT_BULLET:
            full = sum(len(g.split()) for g in group) > _GROUP_WORDS
            if group and (group_path != path() or full):
                flush_group()
            if not group:
                group_path = path()
            group.append(line)
            continue
        flush_group()
        if line.endswith(":") and words <= 25 and i < len(lines) and BULLET.match(lines[i]):
            group, group_path = [line], path()  # "Mục tiêu cụ thể:" leads its bullets
            continue
        if (
            words <= 20
            and not END_PUNCT.search(line)
            and i < len(lines)
            and is_table_line(lines[i])
        ):
            caption = line  # "Bảng 1. Một số chỉ tiêu chủ yếu" names the table below
            continue
        while stack and stack[-1].item:
            stack.pop()  # a plain paragraph after "3. Sở Tài chính …" is not part of item 3
        emit(line, path())
    flush_group()
    out: list[Block] = []
    for item in items:
        if isinstance(item, _Heading):
            if not item.used:
                out.append(Block(item.text, item.path))  # a heading with nothing under it
        else:
            out.append(item)
    return out

"""Lines of an administrative document and what they are: odd spaces, cells, section markers,
bullets, sentence ends, table rows; and `Block`, the passage the lines become."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import gazetteer

_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_CELL_SPLIT = re.compile(r"\t+|\s{3,}")


def clean_spaces(line: str) -> str:
    """NBSP and other odd spaces become plain spaces; tabs are kept (they separate cells, and
    trailing ones are the empty cells of a table row)."""
    line = _ODD_SPACES.sub(" ", line).rstrip(" \r\n\f\v")
    return line if line.strip() else ""


def squash(text: str) -> str:
    """Runs of whitespace, tabs included, as one space."""
    return " ".join(text.split())


def cells(line: str) -> list[str]:
    """A line split at tabs or runs of 3+ spaces, or a pipe row split at its pipes: a flattened
    two-column header or signature block, or a table row."""
    text = line.strip()
    if text.count("|") >= 2:
        return [c.strip() for c in text.strip("|").split("|") if c.strip()]
    return [c.strip() for c in _CELL_SPLIT.split(text) if c.strip()]


def is_upper(text: str) -> bool:
    """Whether the text is written in capitals (80% of its letters, so that "V/v" or a stray
    lower-case letter in a heading does not count against it)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def sentence_case(text: str) -> str:
    """A heading in capitals as a sentence, province names and abbreviations kept as written."""
    out = text.lower()
    for prov in gazetteer.find_provinces(out):
        out = re.sub(re.escape(prov.name.lower()), prov.name, out)
    out = re.sub(r"\b(htx|tht|kttt|ubnd|hđnd|ocop)\b", lambda m: m.group(1).upper(), out)
    return out[:1].upper() + out[1:]


SEPARATOR = re.compile(r"^[\s\-–—_=*.~]{3,}$")
# Section markers by depth, 0 the outermost; more specific patterns before the ones they would
# also match ("1.1." before "1.").
_MARKERS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(r"^(phần\s+(?:thứ\s+\w+|[IVXLC]+|\d+))\b[.:]?\s*(.*)$", re.I)),
    (0, re.compile(r"^(phụ lục(?:\s+(?:số\s+)?(?:[IVXLC]+|\d+))?)\b[.:]?\s*(.*)$", re.I)),
    (1, re.compile(r"^(chương\s+(?:[IVXLC]+|\d+))\b[.:]?\s*(.*)$", re.I)),
    (2, re.compile(r"^(mục\s+(?:[IVXLC]+|\d+))\b[.:]?\s*(.*)$", re.I)),
    (2, re.compile(r"^([A-HJ-UWYZĐ]\.)\s+(\S.*)$")),
    (3, re.compile(r"^([IVX]{1,5}[.)])\s*(\S.*)$")),
    (3, re.compile(r"^(điều\s+\d+[a-z]?)\s*[.:]\s*(.*)$", re.I)),
    (6, re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2}\.?)\s+(\S.*)$")),
    (5, re.compile(r"^(\d{1,2}\.\d{1,2}\.?)\s+(\S.*)$")),
    (4, re.compile(r"^(\d{1,2}[.)])\s+(\S.*)$")),
    (7, re.compile(r"^([a-zđ][).])\s+(\S.*)$")),
]
BULLET = re.compile(r"^([-–+•*▪●○◦·]|\u2022)\s*")
END_PUNCT = re.compile(r"[.;:!?…”\"]\s*$|\./\.\s*$")
SENTENCE_END = re.compile(r"[.;:!?…][”\"]?\s*$")  # a closing quote alone ends no sentence


@dataclass
class Block:
    """One passage of a document and the section path it sits under."""

    text: str
    section: tuple[str, ...] = ()


def section_marker(line: str) -> tuple[int, str, str] | None:
    """(depth, marker, rest) when the line opens a numbered section or item: "II.", "1.2.", "a)"."""
    for level, pattern in _MARKERS:
        if m := pattern.match(line):
            return level, m.group(1), m.group(2)
    return None


def is_table_line(line: str) -> bool:
    """A pipe row, or a tab-separated row: two cells or more, or one cell followed by the
    empty cells of a group row ("Hợp tác xã\t\t\t" copied out of a Word table)."""
    if line.count("|") >= 2:
        return True
    return "\t" in line and (len(cells(line)) >= 2 or bool(re.search(r"\S\t", line)))

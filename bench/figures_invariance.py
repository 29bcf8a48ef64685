"""Figures that must not change when a development document is rewritten without changing
what it says: abbreviations spelled out, leading zeros, bullet marks, headings in sentence
case, lines hard-wrapped like a PDF copy, pipe tables as TAB tables, the document as .docx or
.pdf, synonyms of the indicator and kind words, dates in words. No gold is needed, so it
finds rules fitted to one way of writing on every development document at once.

    .venv/bin/python -m bench.figures_invariance             # every rewrite
    .venv/bin/python -m bench.figures_invariance wrap pdf -d # these, listing what changed

A record is kept when one with the same value, unit, kind, period, indicator and subject
comes out of the rewritten document. The test documents are never read.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bot.corpus_load import load_corpus
from bot.figures.evaluate import period_label
from bot.figures.extract import extract_records
from tests import docbuild

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "devcorpus"
# The test part of the first development set (d05–d08, d13–d16) is never read for tuning.
_TEST_DOCS = re.compile(r"^d(0[5-8]|1[3-6])_")
# Blind sets not yet scored are left out too: reading them here would unblind them.
_BLIND = {"docs_figures_dev8"}


def _sub(pattern: str, repl: str) -> Callable[[str], str]:
    return lambda text: re.sub(pattern, repl, text)


def _wrap(text: str, width: int = 75) -> str:
    """Lines cut at `width` like a PDF copy; table rows and column-aligned lines are kept."""
    out: list[str] = []
    for line in text.split("\n"):
        table_row = line.startswith("|") or " | " in line  # "1 | Thiết kế … | 100%" too
        keep = table_row or "\t" in line or "   " in line or len(line) < width + 5
        out.extend([line] if keep else textwrap.wrap(line, width))
    return "\n".join(out)


def _heading_case(text: str) -> str:
    def sentence_case(m: re.Match[str]) -> str:
        marker, rest = m.group(1), m.group(2).strip()
        if not rest.isupper():
            return m.group(0)
        if marker.upper().startswith("PHẦN"):
            marker = marker[0] + marker[1:].lower()
        return f"{marker} {rest[:1]}{rest[1:].lower()}"

    return re.sub(r"(?m)^(PHẦN THỨ [^\s:]+:?|[IVX]+\.|[A-Z]\.)\s*([^\n]+)$", sentence_case, text)


def _tab_tables(text: str) -> str:
    out = []
    for line in text.split("\n"):
        if not line.startswith("|"):
            out.append(line)
        elif not re.fullmatch(r"\|[-| :]+\|?", line.strip()):
            out.append("\t".join(c.strip() for c in line.strip().strip("|").split("|")))
    return "\n".join(out)


REWRITES: dict[str, Callable[[str], str] | str] = {
    "abbrev": _sub(r"\bhợp tác xã\b", "HTX"),
    "tht_spelled": _sub(r"\bTHT\b", "tổ hợp tác"),
    "zeros_drop": _sub(r"(?<![\d.,/])0(\d)(?![\d.,/])", r"\1"),
    "zeros_add": _sub(r"(?<![\d.,/])([1-9])( (?:HTX|THT|hợp tác xã|tổ hợp tác))", r"0\1\2"),
    "bullet_plus": _sub(r"(?m)^- ", "+ "),
    "bullet_dot": _sub(r"(?m)^- ", "• "),
    "heading_case": _heading_case,
    "wrap": _wrap,
    "tab_tables": _tab_tables,
    "docx": "docx",
    "pdf": "pdf",
    "new_them": _sub(r"thành lập mới", "thành lập thêm"),
    "new_phattrien": _sub(r"thành lập mới", "phát triển mới"),
    "dissolved": _sub(r"giải thể(?! dứt)", "giải thể, chấm dứt hoạt động"),
    "revenue": _sub(r"[Dd]oanh thu bình quân", "doanh thu trung bình"),
    "profit": _sub(r"[Ll]ãi bình quân", "lợi nhuận bình quân"),
    "target_cue": _sub(r"[Pp]hấn đấu", "đặt mục tiêu"),
    "estimate_cue": _sub(r"\b[Uu]ớc thực hiện\b", "ước tính"),
    "to_date_cue": _sub(r"\b[Tt]ính đến\b", "lũy kế đến"),
    "date_zero": _sub(r"\b(\d{1,2})/([1-9])/(20\d\d)\b", r"\1/0\2/\3"),
    "date_words": _sub(r"\bngày (\d{1,2})/(\d{1,2})/(20\d\d)\b", r"ngày \1 tháng \2 năm \3"),
    "half_words": _sub(r"\b6 tháng đầu năm\b", "sáu tháng đầu năm"),
    "range_dash": _sub(r"\b(20\d\d) - (20\d\d)\b", r"\1-\2"),
    "thousands": _sub(r"\b(\d{1,3})\.(\d{3})\b(?![.,]\d)", r"\1\2"),
    "effective": _sub(r"hoạt động hiệu quả", "hoạt động có hiệu quả"),
    "about": _sub(r"\bkhoảng (\d)", r"xấp xỉ \1"),
}


def _documents() -> list[Path]:
    folders = [DEV / "docs", *sorted(DEV.glob("docs_figures_dev*"))]
    return [
        p
        for f in folders
        if f.name not in _BLIND
        for p in sorted(f.iterdir())
        if p.suffix in (".txt", ".html") and not _TEST_DOCS.match(p.name)
    ]


def _records(folder: Path) -> dict[str, Counter]:
    articles, _ = load_corpus(folder)
    out = {}
    for a in articles:
        keys = Counter()
        for r in extract_records(a):
            lo, hi, unit = r.normalised()
            keys[(lo, hi, unit, r.kind, period_label(r), r.indicator_id, r.subject)] += 1
        out[a.id] = keys
    return out


def _write(rewrite: Callable[[str], str] | str, source: Path, folder: Path) -> None:
    text = source.read_text(encoding="utf-8")
    if rewrite in ("docx", "pdf"):
        if source.suffix != ".txt" or not any(map(docbuild._TYPE_LINE.match, text.split("\n"))):
            return  # docbuild lays out administrative documents (header, type line) only
        build = docbuild.docx_bytes if rewrite == "docx" else docbuild.pdf_bytes
        (folder / f"{source.stem}.{rewrite}").write_bytes(build(text))
    else:
        (folder / source.name).write_text(rewrite(text), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rewrites", nargs="*", help=f"some of: {', '.join(REWRITES)}")
    parser.add_argument("-d", "--details", action="store_true", help="list what changed")
    args = parser.parse_args()
    docs = _documents()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "as_written").mkdir()
        for p in docs:
            shutil.copy2(p, root / "as_written" / p.name)
        base = _records(root / "as_written")
        total = sum(sum(c.values()) for c in base.values())
        print(f"{len(docs)} development documents, {total} records")
        print("| rewrite | documents | records kept | changed or new |")
        print("|---|---:|---:|---:|")
        for name in args.rewrites or REWRITES:
            folder = root / name
            folder.mkdir()
            for p in docs:
                _write(REWRITES[name], p, folder)
            got = _records(folder)
            kept = total = extra = 0
            for aid, c in got.items():
                b = base[aid]
                same = sum((b & c).values())
                kept, total = kept + same, total + sum(b.values())
                extra += sum(c.values()) - same
                if args.details:
                    for k in b - c:
                        print(f"  {name} {aid} lost {k}")
                    for k in c - b:
                        print(f"  {name} {aid} new  {k}")
            share = kept / total if total else 0.0
            print(f"| {name} | {len(got)} | {kept}/{total} = {share:.3f} | {extra} |")


if __name__ == "__main__":
    main()

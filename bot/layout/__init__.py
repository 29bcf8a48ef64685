"""Document layout: administrative header, section hierarchy, bullets and tables → passages.

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) share one layout: quốc hiệu and
tiêu ngữ, the issuing body, "Số: 185/KH-UBND", "<place>, ngày … tháng … năm …", the document
type and its trích yếu, a body numbered Phần/Chương/I./1./1.1./a), then the signer and
"Nơi nhận". This package reads that layout from plain text lines (as copied from Word or a PDF,
or converted by ``bot.formats``) and never drops a line with content for being short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.layout.closing import closing_span, signer_of
from bot.layout.header import DocHeader, header_passage, join_wrapped_cells, parse_header
from bot.layout.lines import Block, clean_spaces
from bot.layout.sections import structure

ENACTING = re.compile(r"^(QUYẾT ĐỊNH|QUYẾT NGHỊ)\s*:?$")


@dataclass
class Layout:
    """An administrative document read from its lines."""

    header: DocHeader
    blocks: list[Block]


def read_administrative(lines: list[str]) -> Layout:
    """Header, body passages with section paths, signer; the closing block is left out."""
    lines = [clean_spaces(x) for x in lines]
    nonempty = join_wrapped_cells([x for x in lines if x.strip()])
    header, start = parse_header(nonempty)
    end, appendix = closing_span(nonempty, start)
    header.signer = signer_of(nonempty[end:appendix])
    # The enacting formula ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:") between the legal bases and Điều 1
    # says nothing of its own; as a passage it would outrank the articles for the type's name.
    body = [x for x in nonempty[start:end] if not ENACTING.match(x.strip())]
    blocks = structure(body, header.doc_number)
    blocks += structure(nonempty[appendix:], header.doc_number)
    if head := header_passage(nonempty[:start]):
        blocks.insert(0, Block(head))
    return Layout(header, blocks)

"""Compatibility names for bot.figures (extraction, records, cited documents, selection)."""

from bot.figures.asked import counted_unit, question_kind
from bot.figures.docrefs import DocRef, document_lookup, extract_doc_refs, match_documents
from bot.figures.extract import extract_records
from bot.figures.numbers import format_number, parse_number
from bot.figures.record import Record
from bot.figures.select import covers, select_records

__all__ = [
    "DocRef",
    "Record",
    "counted_unit",
    "covers",
    "document_lookup",
    "extract_doc_refs",
    "extract_records",
    "format_number",
    "match_documents",
    "parse_number",
    "question_kind",
    "select_records",
]

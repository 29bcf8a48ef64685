"""Metadata of every administrative document in the development corpus against its labels
(tests/devcorpus/meta_*.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.corpus_load import parse_file
from tests.conftest import REPO

DEV = REPO / "tests" / "devcorpus"


def gold_metadata(kind: str = "admin") -> list[dict]:
    out = []
    for path in sorted(DEV.glob("meta_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and (gold := json.loads(line)).get("kind") == kind:
                out.append(gold)
    return out


def metadata_mismatches(article, gold: dict) -> list[str]:
    """Type, number, date and province always; issuer (any case) and signer when labelled."""
    got = {
        "doc_type": article.doc_type,
        "doc_number": article.doc_number,
        "issued": article.date.isoformat() if article.date else None,
        "province": article.province,
        "issuer": article.issuer,
        "signer": article.signer,
    }
    wrong = []
    for key, value in got.items():
        want = gold.get(key) or None
        if key in ("issuer", "signer") and want is None:
            continue
        same = (value or "").casefold() == want.casefold() if key == "issuer" and want else None
        if not (same or value == want):
            wrong.append(f"{key}: got {value!r}, labelled {want!r}")
    return wrong


ADMIN = gold_metadata()


def test_the_development_corpus_has_administrative_documents_labelled():
    assert len(ADMIN) >= 10


@pytest.mark.parametrize("gold", ADMIN, ids=[Path(g["file"]).stem for g in ADMIN])
def test_administrative_metadata_matches_the_labels(gold: dict):
    # Set E's documents (issue 12) have a folder of their own.
    path = next(p for f in ("docs", "docs_names_dev") if (p := DEV / f / gold["file"]).exists())
    article = parse_file(path, path.read_bytes())
    assert not article.national
    assert metadata_mismatches(article, gold) == []

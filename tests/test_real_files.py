"""Real .docx, .pdf and .html files made from development documents (tests/docbuild.py) read
like the .txt they came from: the same metadata, and the same labelled dev questions find
their passage in the top 3, whether the file is loaded from the corpus folder (parse_file) or
added with `coopbot add`. Files the bot cannot read get a clear Vietnamese message."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from bot import cli
from bot.corpus import CorpusError
from bot.corpus_load import load_corpus, parse_file
from bot.engine import Engine
from bot.evaluate import Item, load_items, matches
from tests import docbuild
from tests.conftest import SEED_CORPUS, make_config
from tests.test_documents import DEV

DOCS = ["d04_nghean_bc2023", "d09_cantho_kh185", "d13_lamdong_qd2335"]
FORMATS = ["docx", "pdf", "html"]
# A two-column table of figures, small like a layout table: its rows must stay rows.
SMALL_TABLE = [
    ["Chỉ tiêu", "Năm 2023"],
    ["Hợp tác xã được hỗ trợ vốn", "27"],
    ["Lượt tập huấn", "940"],
]


def needs_font(kind: str) -> None:
    if kind == "pdf" and not (docbuild.FONT.exists() and docbuild.BOLD.exists()):
        pytest.skip(f"no Unicode font for the PDF at {docbuild.FONT} (Debian: fonts-dejavu-core)")


def build(stem: str, kind: str) -> bytes:
    text = (DEV / "docs" / f"{stem}.txt").read_text(encoding="utf-8")
    if kind == "docx":
        return docbuild.docx_bytes(text, extra_table=SMALL_TABLE if stem == DOCS[0] else None)
    return {"pdf": docbuild.pdf_bytes, "html": docbuild.html_bytes}[kind](text)


def metadata(article) -> dict:
    return {
        "title": article.title,
        "date": article.date,
        "province": article.province,
        "doc_type": article.doc_type,
        "doc_number": article.doc_number,
        "issuer": article.issuer,
        "signer": article.signer,
        "national": article.national,
    }


def dev_questions(stem: str) -> list[Item]:
    items = [i for p in sorted(DEV.glob("questions_dev_*.jsonl")) for i in load_items(p)]
    return [i for i in items if any(a == stem for a, _ in i.relevant)]


def in_top3(engine: Engine, item: Item, ids: dict[str, str]) -> bool:
    """Whether the labelled passage is among the first three; `ids` maps the article ids of
    the corpus (an added file's name) back to the development document's."""
    answer = engine.ask(item.query, 10)
    return any(
        ids.get(h.article, h.article) == a and matches(label, h.paragraph, h.text)
        for h in answer.passages[:3]
        for a, label in item.relevant
    )


def dev_corpus(target: Path, without: list[str]) -> Path:
    """Seed articles and development documents, less the documents replaced in a test."""
    shutil.copytree(SEED_CORPUS, target)
    for path in (DEV / "docs").iterdir():
        if path.stem not in without:
            shutil.copy2(path, target / path.name)
    return target


@pytest.fixture(scope="module")
def txt_results(tmp_path_factory) -> dict:
    """The .txt documents: their metadata and which dev questions they answer in the top 3."""
    tmp = tmp_path_factory.mktemp("txt")
    engine = Engine(make_config(dev_corpus(tmp / "corpus", []), tmp / "index"))
    engine.reload()
    out = {}
    for stem in DOCS:
        path = DEV / "docs" / f"{stem}.txt"
        hits = [in_top3(engine, item, {}) for item in dev_questions(stem)]
        out[stem] = (metadata(parse_file(path, path.read_bytes())), hits)
    return out


def test_the_txt_versions_answer_most_of_their_dev_questions(txt_results: dict):
    hits = [h for _, found in txt_results.values() for h in found]
    assert len(hits) >= 5 and sum(hits) >= len(hits) - 1


@pytest.mark.parametrize("kind", FORMATS)
def test_real_files_read_like_their_txt_from_the_corpus_folder(kind, txt_results, tmp_path):
    needs_font(kind)
    corpus = dev_corpus(tmp_path / "corpus", DOCS)
    for stem in DOCS:
        (corpus / f"{stem}.{kind}").write_bytes(build(stem, kind))
    for stem in DOCS:
        path = corpus / f"{stem}.{kind}"
        article = parse_file(path, path.read_bytes())
        assert metadata(article) == txt_results[stem][0], stem
        for item in dev_questions(stem):  # the labelled passage exists in the converted file
            assert any(
                matches(label, p.number, p.text)
                for p in article.paragraphs
                for a, label in item.relevant
                if a == stem
            ), (stem, item.query)
    engine = Engine(make_config(corpus, tmp_path / "index"))
    report = engine.reload()
    assert report.skipped == []
    for stem in DOCS:
        got = [in_top3(engine, item, {}) for item in dev_questions(stem)]
        assert got == txt_results[stem][1], stem


@pytest.mark.parametrize("kind", FORMATS)
def test_real_files_added_with_coopbot_add_read_like_their_txt(kind, txt_results, tmp_path, capsys):
    needs_font(kind)
    corpus = dev_corpus(tmp_path / "corpus", DOCS)
    inputs = []
    for stem in DOCS:
        inputs.append(tmp_path / f"{stem}.{kind}")
        inputs[-1].write_bytes(build(stem, kind))
    index = tmp_path / "index"
    code = cli.main(["add", *map(str, inputs), "--corpus", str(corpus), "--index", str(index)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Đã thêm" in out and "529/BC-UBND" in out and "185/KH-UBND" in out
    ids: dict[str, str] = {}  # added file → development document
    for path in corpus.glob("*.txt"):
        if m := re.search(r"^original: (\S+)$", path.read_text(encoding="utf-8"), re.M):
            ids[path.stem] = Path(m.group(1)).stem
    assert sorted(ids.values()) == DOCS
    articles, skipped = load_corpus(corpus)
    assert skipped == []
    added = {ids[a.id]: a for a in articles if a.id in ids}
    for stem in DOCS:
        want = {**txt_results[stem][0]}
        assert metadata(added[stem]) == want, stem
        assert added[stem].source == f"{stem}.{kind}"
    engine = Engine(make_config(corpus, index))
    engine.open()
    for stem in DOCS:
        got = [in_top3(engine, item, ids) for item in dev_questions(stem)]
        assert got == txt_results[stem][1], stem


def test_a_small_table_of_figures_in_a_docx_keeps_its_rows():
    article = parse_file(Path("bc.docx"), build(DOCS[0], "docx"))
    texts = [p.text for p in article.paragraphs]
    assert "Hợp tác xã được hỗ trợ vốn — Năm 2023: 27" in texts
    assert "Lượt tập huấn — Năm 2023: 940" in texts


def test_a_docx_table_of_named_rows_under_an_unmarked_header_reads_each_row_with_it():
    # Word marks no header row; rows of names and places beside one figure look like more
    # header lines unless the "STT" column's numbers say they are data.
    from docx import Document

    word = Document()
    word.add_paragraph("Danh sách hợp tác xã được hỗ trợ kinh phí năm 2025 như sau:")
    table = word.add_table(rows=0, cols=4)
    for row in (
        ["STT", "Tên hợp tác xã", "Xã", "Kinh phí hỗ trợ (triệu đồng)"],
        ["1", "HTX Chè Tân Cương Xanh", "xã Phúc Xuân", "Trên 40"],
        ["2", "HTX Rau an toàn Đồng Hỷ", "xã Hóa Thượng", "35,5"],
    ):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    word.save(buffer)
    article = parse_file(Path("ds.docx"), buffer.getvalue())
    rows = [p.text for p in article.paragraphs if "—" in p.text]
    assert len(rows) == 2, rows
    assert "Kinh phí hỗ trợ (triệu đồng): 35,5" in rows[1]
    assert "HTX Rau an toàn Đồng Hỷ" in rows[1]


def test_the_signature_block_of_real_files_is_not_a_passage():
    for kind in FORMATS:
        needs_font(kind)
        article = parse_file(Path(f"kh.{kind}"), build(DOCS[1], kind))
        assert article.signer == "Nguyễn Ngọc Hè"
        for p in article.paragraphs:
            assert not re.search(r"Nơi nhận|PHÓ CHỦ TỊCH|Lưu: VT|Nguyễn Ngọc Hè", p.text), (
                kind,
                p.text,
            )


# --- what cannot be read -------------------------------------------------------------------

LEGACY_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # an OLE2 (Word 97) header


def test_doc_and_scanned_pdf_get_clear_vietnamese_messages(tmp_path, capsys):
    scan = docbuild.image_only_pdf_bytes()
    with pytest.raises(CorpusError, match=r"\.doc.*\.docx"):
        parse_file(Path("cu.doc"), LEGACY_DOC)
    with pytest.raises(CorpusError, match="không có lớp chữ"):
        parse_file(Path("scan.pdf"), scan)
    (tmp_path / "cu.doc").write_bytes(LEGACY_DOC)
    (tmp_path / "scan.pdf").write_bytes(scan)
    corpus = tmp_path / "corpus"
    code = cli.main(
        ["add", str(tmp_path / "cu.doc"), str(tmp_path / "scan.pdf"), "--corpus", str(corpus)]
        + ["--index", str(tmp_path / "index")]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert re.search(r"Không thêm \S*cu\.doc: tệp Word cũ \(\.doc\).*\.docx", out), out
    assert re.search(r"Không thêm \S*scan\.pdf: PDF không có lớp chữ \(bản scan\)", out), out
    assert not corpus.exists() or not list(corpus.iterdir())


def test_corrupt_files_are_skipped_by_name_and_the_rest_still_loads(tmp_path):
    needs_font("pdf")
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    good_pdf = build(DOCS[1], "pdf")
    good_docx = build(DOCS[2], "docx")
    (corpus / "kh185.pdf").write_bytes(good_pdf)
    (corpus / "qd2335.docx").write_bytes(good_docx)
    (corpus / "hong_a.pdf").write_bytes(good_pdf[: len(good_pdf) // 3])  # cut off mid-file
    (corpus / "hong_b.docx").write_bytes(good_docx[:2000])  # a broken zip
    (corpus / "cu.doc").write_bytes(LEGACY_DOC)
    articles, skipped = load_corpus(corpus)
    reasons = {s.file: s.reason for s in skipped}
    assert set(reasons) == {"hong_a.pdf", "hong_b.docx", "cu.doc"}, reasons
    assert "PDF" in reasons["hong_a.pdf"] and "docx" in reasons["hong_b.docx"]
    assert ".docx" in reasons["cu.doc"]
    ids = {a.id for a in articles}
    assert {"kh185", "qd2335"} <= ids
    assert len(articles) == len(list(SEED_CORPUS.glob("*.txt"))) + 2

"""Questions that name a document by its number and symbol, in the forms officials write them:
full symbols, short forms, accent-free, the Party's dash numbers, dispatches (công văn) whose
symbol names only the issuer, and "số 107 năm 2017"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.corpus import Article, Paragraph
from bot.engine import Engine
from bot.figures.docrefs import extract_doc_refs
from bot.query import DocName, parse
from tests.conftest import REPO, make_config

DEV_DOCS = REPO / "tests" / "devcorpus" / "docs"


@pytest.mark.parametrize(
    ("question", "number", "doc_type", "suffix", "year"),
    [
        ("Nghị quyết 20-NQ/TW nói gì về hợp tác xã", "20", "Nghị quyết", "-nq/tw", ""),
        ("Kết luận 70-KL/TW", "70", "Kết luận", "-kl/tw", ""),
        ("70-KL/TW của Bộ Chính trị", "70", None, "-kl/tw", ""),
        ("Luật số 17/2023/QH15", "17", "Luật", "/2023/qh15", ""),
        ("Nghị định số 107 năm 2017 sửa đổi gì", "107", "Nghị định", "", "2017"),
        ("Công văn 5529/BKHĐT-HTX", "5529", "Công văn", "/bkhdt-htx", ""),
        ("ke hoach so 143 tay ninh", "143", "Kế hoạch", "", ""),
    ],
)
def test_document_names_are_read_in_every_written_form(question, number, doc_type, suffix, year):
    query = parse(question)
    assert [(d.number, d.doc_type, d.suffix, d.year) for d in query.documents] == [
        (number, doc_type, suffix, year)
    ]
    assert query.years == []  # a year inside a document's name is not asked about


def test_a_named_year_must_be_the_year_a_number_carries():
    named = parse("Nghị định số 107 năm 2017").documents[0]
    assert named.matches("Nghị định", "107/2017/NĐ-CP")
    assert not named.matches("Nghị định", "107/2018/NĐ-CP")
    # A plan's number carries no year: "Kế hoạch 185 năm 2023" is still KH 185/KH-UBND.
    assert parse("Kế hoạch 185 năm 2023").documents[0].matches("Kế hoạch", "185/KH-UBND")
    assert DocName("20", "Nghị quyết", "-nq/tw").matches("Nghị quyết", "20-NQ/TW")


def test_every_document_symbol_is_a_citation_but_units_are_not():
    text = (
        "Căn cứ Công văn số 5529/BKHĐT-HTX ngày 08/8/2022, Kết luận số 70-KL/TW, Luật Hợp tác "
        "xã số 17/2023/QH15 và Tờ trình số 120/TTr-SNN-STC; mức hỗ trợ 20 triệu đồng/HTX, "
        "bình quân 50/THT, năm 2023 HTX-THT phát triển."
    )
    article = Article("x", "t", None, None, None, [Paragraph("x", 1, text)], "0")
    refs = {(r.kind, r.number) for r in extract_doc_refs(article) if r.number}
    assert refs == {
        ("Công văn", "5529/BKHĐT-HTX"),
        ("Kết luận", "70-KL/TW"),
        ("Luật", "17/2023/QH15"),
        ("Tờ trình", "120/TTr-SNN-STC"),
    }


@pytest.fixture(scope="module")
def dev_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    corpus = tmp_path_factory.mktemp("named-docs")
    for stem in (
        "d02_langson_kh2023",
        "d03_ninhbinh_dean2021_2025",
        "d09_cantho_kh185",
        "d12_tayninh_kh143",
    ):
        shutil.copy(DEV_DOCS / f"{stem}.txt", corpus / f"{stem}.txt")
    engine = Engine(make_config(corpus, tmp_path_factory.mktemp("named-index")))
    engine.reload()
    return engine


@pytest.mark.parametrize(
    ("question", "article", "says"),
    [
        ("Công văn 5529/BKHĐT-HTX", "d02_langson_kh2023", "5529/BKHĐT-HTX"),
        ("Kết luận 70-KL/TW", "d03_ninhbinh_dean2021_2025", "70-KL/TW"),
        ("cong van so 4476/BKHDT-HTX", "d12_tayninh_kh143", "4476/BKHĐT-HTX"),
        ("Nghị định số 77 năm 2019 về tổ hợp tác", "d03_ninhbinh_dean2021_2025", "77/2019"),
    ],
)
def test_a_cited_document_is_found_where_it_is_cited(dev_engine, question, article, says):
    answer = dev_engine.ask(question)
    assert answer.answered
    assert answer.passages[0].article == article
    assert says in answer.passages[0].text


def test_a_document_named_by_number_comes_first_with_its_answer(dev_engine: Engine):
    answer = dev_engine.ask("KH số 180/KH-UBND Lạng Sơn: số THT đến cuối 2023")
    assert answer.passages[0].article == "d02_langson_kh2023"
    assert "250 THT" in answer.passages[0].text


def test_an_unknown_number_filters_nothing(dev_engine: Engine, tmp_path: Path):
    # No document is numbered 9999 and none cites it: the question is searched as it is.
    answer = dev_engine.ask("Kế hoạch 9999 thành lập mới HTX Tây Ninh")
    assert answer.answered and answer.passages[0].article == "d12_tayninh_kh143"


@pytest.mark.parametrize(
    ("question", "doc_type", "doc_number", "same"),
    [
        ("Nghị quyết 19/NQ-HĐND Đắk Lắk", "Nghị quyết", "19/2021/NQ-HĐND", True),  # year dropped
        ("Nghị quyết 20/NQ-TW", "Nghị quyết", "20-NQ/TW", True),  # slash for the dash
        ("Nghị định 45/2021", "Nghị định", "45/2021/NĐ-CP", True),
        ("Nghị định 45/2020/NĐ-CP", "Nghị định", "45/2021/NĐ-CP", False),
        ("185/QĐ-UBND", "Kế hoạch", "185/KH-UBND", False),
        ("Quyết định 185", "Kế hoạch", "185/KH-UBND", False),
        ("Quyết định số 2/QĐ-UBND", "Quyết định", "02/QĐ-UBND", True),  # leading zero
        ("Kế hoạch 07", "Kế hoạch", "7/KH-UBND", True),
        ("Kế hoạch 70", "Kế hoạch", "7/KH-UBND", False),
    ],
)
def test_symbols_are_compared_the_way_people_misremember_them(question, doc_type, doc_number, same):
    assert parse(question).documents[0].matches(doc_type, doc_number) is same


def test_a_paragraphs_own_heading_outranks_the_heading_it_shares(dev_engine: Engine):
    # "I. MỤC ĐÍCH, YÊU CẦU › 1. Mục đích" and "… › 2. Yêu cầu" both inherit "mục đích";
    # the paragraph under "1. Mục đích" is the one that says what the purpose is.
    answer = dev_engine.ask("Đề án số 16 Ninh Bình mục đích là gì")
    assert answer.passages[0].section.endswith("1. Mục đích")
    answer = dev_engine.ask("Đề án 16 Ninh Bình có những yêu cầu gì")
    assert answer.passages[0].section.endswith("2. Yêu cầu")


def test_who_signed_is_answered_from_the_signature(dev_engine: Engine):
    from bot.summary import short_answer

    lines = short_answer(dev_engine.ask("Kế hoạch 185 của Cần Thơ do ai ký?"))
    assert lines == [
        "Kế hoạch 185/KH-UBND ngày 05/09/2022 của UBND thành phố Cần Thơ do Nguyễn Ngọc Hè ký."
    ]
    # A document signed without a name ("(Đã ký)") is not given one.
    lines = short_answer(dev_engine.ask("Ai ký Kế hoạch 180/KH-UBND của Lạng Sơn?"))
    assert " ký." not in lines[0]


def test_a_number_with_a_leading_zero_is_the_same_document(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (DEV_DOCS / "d12_tayninh_kh143.txt").read_text(encoding="utf-8")
    (corpus / "kh03.txt").write_text(text.replace("143/KH-UBND", "03/KH-UBND"), encoding="utf-8")
    shutil.copy(DEV_DOCS / "d09_cantho_kh185.txt", corpus)
    engine = Engine(make_config(corpus, tmp_path / "index"))
    engine.reload()
    for question in ("Kế hoạch số 3 thành lập mới hợp tác xã", "KH 03/KH-UBND thành lập mới HTX"):
        assert engine.ask(question).passages[0].article == "kh03", question


def test_a_named_document_is_answered_whatever_else_the_question_says(dev_engine: Engine):
    # "tóm tắt giúp tôi", "đáng chú ý" are in no passage: the question would be refused for low
    # coverage, but the document it names is in the corpus. The wrong type names nothing.
    for question in (
        "Kế hoạch số 180 Lạng Sơn tóm tắt giúp tôi",
        "KH 180/KH-UBND có gì đáng chú ý",
    ):
        answer = dev_engine.ask(question)
        assert answer.answered and answer.passages[0].article == "d02_langson_kh2023", question
    assert not dev_engine.ask("Báo cáo số 180 tóm tắt").answered


def test_a_few_words_may_come_between_a_type_and_its_number_when_so_says_one_follows():
    [named] = parse("Chương trình hành động số 29 của Tỉnh ủy").documents
    assert (named.number, named.doc_type) == ("29", "Chương trình")
    assert parse("Kế hoạch năm 2023 có bao nhiêu HTX").documents == []  # no "số": no number


NAMES_DEV = REPO / "tests" / "devcorpus" / "docs_names_dev"


@pytest.fixture(scope="module")
def names_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Set E: three Điện Biên plans, a Sóc Trăng report citing the province's Party programme
    and the programme itself, a Lai Châu resolution."""
    corpus = tmp_path_factory.mktemp("names-dev")
    for stem in (
        "n01_dienbien_kh2708",
        "n02_dienbien_kh3149_dean",
        "n03_dienbien_kh3311_htxnn",
        "n07_soctrang_bc_skhdt2023",
        "n09_laichau_nq07_2021",
        "n10_soctrang_ctr31_tu",
    ):
        shutil.copy(NAMES_DEV / f"{stem}.txt", corpus / f"{stem}.txt")
    engine = Engine(make_config(corpus, tmp_path_factory.mktemp("names-index")))
    engine.reload()
    return engine


def test_a_type_code_typed_onto_its_number_is_searched_apart(names_engine: Engine):
    assert parse("QĐ2335 Lâm Đồng").text == "QĐ 2335 Lâm Đồng"
    assert parse("HTX2024 doanh thu").text == "HTX2024 doanh thu"
    # "KH3311" alone: one unknown word, yet the plan it names is in the corpus.
    answer = names_engine.ask("KH3311")
    assert answer.answered and answer.passages[0].article == "n03_dienbien_kh3311_htxnn"


def test_an_issuer_may_stand_between_a_type_and_its_number():
    [named] = parse("Kế hoạch của UBND tỉnh Điện Biên số 3149 đánh giá đề án").documents
    assert (named.number, named.doc_type) == ("3149", "Kế hoạch")


def test_the_number_not_the_province_picks_one_of_a_provinces_plans(names_engine: Engine):
    for question, article in (
        ("Kế hoạch 3149 Điện Biên tổ hợp tác", "n02_dienbien_kh3149_dean"),
        ("KH 2708 Điện Biên tổ hợp tác", "n01_dienbien_kh2708"),
        ("KH3311 điện biên thành viên", "n03_dienbien_kh3311_htxnn"),
    ):
        assert names_engine.ask(question).passages[0].article == article, question


def test_a_party_programme_comes_before_the_report_that_cites_it(names_engine: Engine):
    answer = names_engine.ask("CTr 31 tỉnh ủy sóc trăng kiện toàn ban chỉ đạo")
    assert answer.passages[0].article == "n10_soctrang_ctr31_tu"
    assert "Kiện toàn Ban Chỉ đạo" in answer.passages[0].text
    # The report's own number finds the report; the plan it only cites, the citing passage.
    answer = names_engine.ask("Kế hoạch 128/KH-UBND Sóc Trăng")
    assert answer.passages[0].article == "n07_soctrang_bc_skhdt2023"
    assert "128/KH-UBND" in answer.passages[0].text


def test_the_documents_name_does_not_rank_its_header_over_the_answer(names_engine: Engine):
    answer = names_engine.ask("Nghị quyết 07/2021/NQ-HĐND Lai Châu đối tượng áp dụng")
    assert answer.passages[0].text.startswith("Hợp tác xã, tổ hợp tác, doanh nghiệp")
    # A question that is only the name gets the header: what the document is.
    for question in ("Nghị quyết 7/2021/NQ-HĐND", "NQ 07 Lai Châu"):
        answer = names_engine.ask(question)
        assert answer.answered, question
        assert "Số 07/2021/NQ-HĐND" in answer.passages[0].text, question
    # Nothing in the document says the rest: the document is still what was asked for.
    answer = names_engine.ask("Báo cáo 1125 có mấy phần")
    assert answer.answered and answer.passages[0].article == "n07_soctrang_bc_skhdt2023"

"""Answers people can use (issue 15): a short direct answer first, citations without file ids,
questions about money, province abbreviations and typos, highlighting that respects diacritics,
and what the corpus covers when nothing is found."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest

from bot.answer_text import render_text
from bot.citation import citation, source_of
from bot.corpus_load import load_corpus
from bot.engine import Engine
from bot.gazetteer import guesses
from bot.messages import NO_AMOUNT
from bot.query import parse
from bot.search.results import Hit
from bot.summary import short_answer
from bot.telegram.render import (
    FIRST_MESSAGE_CHARS,
    highlight,
    render_answer,
    render_figures,
    render_sources,
    visible_length,
)
from tests.conftest import REPO, SEED_CORPUS, make_config

DEV_DOCS = REPO / "tests" / "devcorpus" / "docs"
FILE_ID = re.compile(r"\b\d{3}_[0-9a-f]{16}\b|\bd\d\d_[a-z0-9_]+\b")


@pytest.fixture(scope="module")
def wide_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The seeds plus administrative documents with sections, issuers and support amounts
    (Huế's support decision, Cần Thơ's plan 185, two national documents)."""
    root = tmp_path_factory.mktemp("wide")
    corpus = root / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    for name in ("d05_hue_qd_hotrohtx", "d09_cantho_kh185", "d08_toanquoc_kttt2022"):
        shutil.copy2(DEV_DOCS / f"{name}.txt", corpus / f"{name}.txt")
    engine = Engine(make_config(corpus, root / "index"))
    engine.reload()
    return engine


# --- the short answer ---------------------------------------------------------------------


def test_short_answer_states_the_figures_by_province_period_and_document(seed_engine: Engine):
    answer = seed_engine.ask("Quảng Ninh mục tiêu 2023", 14)
    lines = short_answer(answer)
    assert 1 <= len(lines) <= 3
    assert lines[0].startswith("Quảng Ninh – mục tiêu 2023: số HTX thành lập mới 30–50 HTX")
    assert lines[0].endswith("(Kế hoạch 248/KH-UBND)")  # the plan the news page reports on
    text = render_text(answer)
    assert text.startswith("➡️ Quảng Ninh – mục tiêu 2023:")  # the CLI leads with it too


def test_short_answer_of_a_province_asked_how_many_names_its_total(seed_engine: Engine):
    first = short_answer(seed_engine.ask("Thái Bình có bao nhiêu HTX", 14))[0]
    assert first.startswith("Thái Bình – thực hiện đến 30/6/2022: tổng số HTX 454 HTX")
    # A province and a year alone ask for its figures; through the merger, said by old name.
    first = short_answer(seed_engine.ask("Phú Thọ 2022", 14))[0]
    assert first.startswith("Hòa Bình – mục tiêu 2022: số HTX thành lập mới 35 HTX")
    # A question about something else in that province is answered from the passage.
    who = "ai chu tri hoi nghi kinh te tap the thai binh 6 thang cuoi nam 2022"
    [line] = short_answer(seed_engine.ask(who, 14))
    assert line.startswith("Sáng ngày 26/8/2022, Ban Chỉ đạo") and line.endswith("đoạn 1)")


def test_comparison_and_ranking_answer_with_a_compact_list(seed_engine: Engine):
    compare = short_answer(seed_engine.ask("so sánh thành lập mới HTX Quảng Ninh và Hòa Bình", 14))
    assert compare[0] == "So sánh số HTX thành lập mới:"
    assert "• Quảng Ninh – mục tiêu 2023: 30–50 HTX" in compare
    assert "• Hòa Bình – mục tiêu 2022: 35 HTX" in compare
    rank = short_answer(seed_engine.ask("tỉnh nào thành lập mới nhiều HTX nhất", 14))
    assert rank[0].startswith("Xếp hạng số HTX thành lập mới (cao nhất trước")
    assert rank[1].startswith("1. ") and rank[2].startswith("2. ")


def test_national_answer_lists_the_countrys_figures(wide_engine: Engine):
    lines = short_answer(wide_engine.ask("cả nước có bao nhiêu HTX", 14))
    assert lines[0] == "Cả nước – tổng số HTX:"
    assert any("29.378 HTX" in line for line in lines[1:])


def test_without_figures_the_short_answer_is_the_best_sentence(seed_engine: Engine):
    [line] = short_answer(seed_engine.ask("Nghị định 193", 14))
    assert "Nghị định số 193/2013/NĐ-CP" in line  # not the passage's first sentence
    assert line.startswith("Tổ chức triển khai thực hiện chính sách hỗ trợ")
    assert line.endswith("đoạn 4)")


def test_first_reply_stays_under_the_budget(wide_engine: Engine):
    for question in (
        "Quảng Ninh mục tiêu 2023",
        "hỗ trợ phát triển hợp tác xã",
        "Cần Thơ mục tiêu 2023",
        "Thái Bình có bao nhiêu HTX",
        "Nghị định 193",
    ):
        html = render_answer(wide_engine.ask(question, 14), 0)
        assert visible_length(html) <= FIRST_MESSAGE_CHARS, question


# --- citations ----------------------------------------------------------------------------


def test_citation_names_type_number_issuer_date_section_and_link():
    hit = Hit(
        article="d09_cantho_kh185",
        paragraph=4,
        text="…",
        score=1.0,
        title="Kế hoạch phát triển kinh tế tập thể trên địa bàn thành phố Cần Thơ năm 2023",
        date=date(2022, 9, 5),
        province="Cần Thơ",
        publisher="UBND thành phố Cần Thơ",
        matched=(),
        section="II. Mục tiêu › a) Tổ hợp tác",
        document="Kế hoạch 185/KH-UBND",
        issuer="UBND thành phố Cần Thơ",
        source="https://cantho.gov.vn/kh185.pdf",
    )
    full = citation(hit)
    assert full == (
        "Kế hoạch 185/KH-UBND ngày 05/09/2022 của UBND thành phố Cần Thơ (Kế hoạch phát triển "
        "kinh tế tập thể trên địa bàn thành phố Cần Thơ năm 2023), II. Mục tiêu › a) Tổ hợp "
        "tác, đoạn 4 — https://cantho.gov.vn/kh185.pdf"
    )
    short = citation(hit, full=False)
    assert short.startswith("Kế hoạch 185/KH-UBND ngày 05/09/2022 của UBND thành phố Cần Thơ, II.")
    assert "https://" not in short and "d09" not in full + short
    local = Hit(**{**hit.__dict__, "source": "d09_cantho_kh185.html"})
    assert "d09" not in citation(local)  # an original file name is not a link


def test_a_news_page_is_cited_by_the_plan_it_reports_on(seed_engine: Engine):
    ia = seed_engine.snapshot.index.articles["001_967a0c985fe0e2a8"]
    source = source_of(ia.article, ia.doc_refs)
    assert source.reported == "Kế hoạch 248/KH-UBND" and source.short == "Kế hoạch 248/KH-UBND"
    other = seed_engine.snapshot.index.articles["003_65152a113eaa7aa3"]  # cites a decision only
    assert source_of(other.article, other.doc_refs).reported == ""


@pytest.mark.parametrize(
    "question",
    [
        "Quảng Ninh mục tiêu 2023",
        "Nghị định 193",
        "Phú Thọ 2022",
        "Cần Thơ mục tiêu 2023",
        "so sánh thành lập mới HTX Quảng Ninh và Hòa Bình",
    ],
)
def test_nothing_users_read_shows_a_file_id(wide_engine: Engine, question: str):
    answer = wide_engine.ask(question, 14)
    for text in (
        render_text(answer),
        render_answer(answer, 0),
        render_answer(answer, 1),
        render_figures(answer),
        render_sources(answer),
    ):
        assert not FILE_ID.search(text), FILE_ID.search(text)
    assert "đoạn" in render_sources(answer)
    assert answer.to_json()["passages"] == [] or answer.to_json()["passages"][0]["article"]


def test_sources_page_gives_full_citations_with_sections(wide_engine: Engine):
    answer = wide_engine.ask("Cần Thơ thành lập mới tổ hợp tác 2023", 14)
    text = render_sources(answer)
    assert "Kế hoạch 185/KH-UBND ngày 05/09/2022 của UBND thành phố Cần Thơ" in text
    assert re.search(r"đoạn \d+(, \d+)* \(", text)  # paragraphs and their section


# --- money --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "money"),
    [
        ("hỗ trợ thành lập mới HTX bao nhiêu tiền", True),
        ("HTX được hỗ trợ bao nhiêu", True),
        ("mức hỗ trợ thành lập HTX", True),
        ("kinh phí hỗ trợ HTX", True),
        ("muc ho tro htx", True),
        ("Quảng Ninh mục tiêu 2023", False),
        ("Thái Bình có bao nhiêu HTX", False),
    ],
)
def test_money_questions_are_recognised(question: str, money: bool):
    assert parse(question).wants_money is money


def test_money_question_puts_the_amount_first(wide_engine: Engine):
    question = "hỗ trợ thành lập mới HTX bao nhiêu tiền"
    answer = wide_engine.ask(question, 3)

    def first_amount(hits: list[Hit]) -> int:
        return next(i for i, h in enumerate(hits) if "triệu đồng" in h.text)

    searched = wide_engine.snapshot.index.search(parse(question), 20).hits
    assert first_amount(searched) >= 3  # the words alone rank "tối đa 30 triệu đồng" lower
    assert first_amount(answer.passages) < 3
    [line] = short_answer(wide_engine.ask("Huế hỗ trợ thành lập HTX bao nhiêu tiền", 14))
    assert line.startswith("Thừa Thiên Huế – định mức: mức hỗ trợ tối đa 30 triệu đồng")
    [line] = short_answer(wide_engine.ask("Huế mức hỗ trợ thành lập mới HTX", 14))
    assert "hỗ trợ tối đa 30 triệu đồng" in line  # from the best passage, which states it


def test_money_question_without_an_amount_says_so(seed_engine: Engine):
    answer = seed_engine.ask("hỗ trợ thành lập mới HTX bao nhiêu tiền", 14)
    assert answer.answered and answer.no_amount and answer.passages
    assert short_answer(answer) == [NO_AMOUNT]
    assert not seed_engine.ask("hỗ trợ thành lập mới HTX", 14).no_amount


@pytest.mark.parametrize(
    ("question", "article", "paragraph"),
    [
        ("Nghị định 45/2021 quỹ hỗ trợ", "004_4249c30208b2b188", 4),
        ("Nghị định 45/2021/NĐ-CP quỹ hỗ trợ phát triển hợp tác xã", "004_4249c30208b2b188", 4),
        ("luật hợp tác xã 2023", None, None),
        ("Luật Hợp tác xã năm 2012", None, None),
    ],
)
def test_a_year_inside_a_document_name_is_not_a_year_filter(
    seed_engine: Engine, question: str, article: str | None, paragraph: int | None
):
    answer = seed_engine.ask(question, 14)
    assert answer.answered and answer.records == []  # no year's targets listed first
    if article:
        assert (answer.passages[0].article, answer.passages[0].paragraph) == (article, paragraph)
    # The same words with a year that is asked about do list that year's figures.
    asked = seed_engine.ask("hợp tác xã 2023", 14)
    assert asked.records and all(r.period_start <= 2023 <= r.period_end for r in asked.records)


# --- tolerance ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "province", "read"),
    [
        ("QN mục tiêu 2023", "Quảng Ninh", "Quảng Ninh mục tiêu 2023"),
        ("qn muc tieu 2023", "Quảng Ninh", "quang ninh muc tieu 2023"),
        ("quang nnih muc tieu 2023", "Quảng Ninh", "quang ninh muc tieu 2023"),
        ("Quảng Nimh mục tiêu 2023", "Quảng Ninh", "Quảng Ninh mục tiêu 2023"),
        ("thai binhh co bao nhieu htx", "Thái Bình", "thai binh co bao nhieu htx"),
        ("HN thành lập mới HTX", "Hà Nội", "Hà Nội thành lập mới HTX"),
    ],
)
def test_province_abbreviations_and_typos_are_read_with_a_question_back(
    question: str, province: str, read: str
):
    query = parse(question)
    assert [pq.said for pq in query.provinces] == [province]
    assert query.text == read
    assert query.guesses and query.guesses[0].startswith(f"Ý bạn là {province}?")


def test_ambiguous_abbreviation_is_only_asked_back():
    query = parse("ĐN mục tiêu 2023")
    assert query.provinces == []
    assert "Đà Nẵng, Đồng Nai hoặc Đắk Nông" in query.guesses[0]
    assert parse("DN mục tiêu 2023").guesses == []  # DN is "doanh nghiệp"


@pytest.mark.parametrize(
    "text",
    [
        "thu nhập của người lao động",  # "lao động" is one edit from "Lâm Đồng"
        "cán bộ có trình độ cao đẳng",  # "cao đẳng" / "Cao Bằng"
        "đa dạng hóa sản phẩm",  # "đa dạng" / "Đà Nẵng"
        "Quảng Ninh mục tiêu 2023",
        "Nguyễn Huệ",
    ],
)
def test_real_words_are_never_taken_for_a_misspelt_province(text: str):
    assert guesses(text) == []


def test_no_paragraph_of_the_corpus_is_read_as_a_guess():
    articles = load_corpus(SEED_CORPUS)[0] + load_corpus(DEV_DOCS)[0]
    paragraphs = [p.text for a in articles for p in a.paragraphs]
    assert len(paragraphs) > 250
    assert [g for text in paragraphs for g in guesses(text) if g.how == "typo"] == []


def test_guessed_questions_are_answered(seed_engine: Engine):
    for question in ("QN mục tiêu 2023", "quang nnih muc tieu 2023"):
        answer = seed_engine.ask(question, 14)
        assert answer.answered and answer.guesses
        assert short_answer(answer)[0].startswith("Quảng Ninh – mục tiêu 2023")
    answer = seed_engine.ask("HTXNN", 14)
    assert answer.answered and answer.guesses == ["Hiểu “HTXNN” là HTX nông nghiệp."]
    assert any("nông nghiệp" in h.text for h in answer.passages[:3])


def test_highlight_respects_the_diacritics_the_question_wrote():
    text = "Hỗ trợ kinh tế hộ, khen thưởng điển hình tiên tiến; cấp tiền hỗ trợ."
    bold = re.findall(r"<b>(.*?)</b>", highlight(text, ("ho_tro", "tien"), "hỗ trợ bao nhiêu tiền"))
    assert bold == ["Hỗ trợ", "tiền hỗ trợ"]
    plain = re.findall(
        r"<b>(.*?)</b>", highlight(text, ("ho_tro", "tien"), "ho tro bao nhieu tien")
    )
    assert "hộ" in plain and "tiên tiến" in plain  # typed without marks: either word
    # Words of a paraphrase the question never said are not bold.
    assert "<b>" not in highlight("mục tiêu năm 2023", ("muc_tieu",), "Nghị định 193")


# --- nothing found ------------------------------------------------------------------------


def test_not_found_says_what_the_corpus_covers(seed_engine: Engine, wide_engine: Engine):
    answer = seed_engine.ask("giá vàng hôm nay", 14)
    assert not answer.answered
    assert answer.coverage == (
        "Kho dữ liệu có 5 tài liệu, về 5 tỉnh/thành (Bạc Liêu, Hòa Bình, Quảng Ninh, Quảng Trị, "
        "Thái Bình), các năm 2021, 2022, 2023, 2024, 2025; gồm tin bài (5)."
    )
    assert answer.coverage in render_text(answer)
    wide = wide_engine.ask("giá vàng hôm nay", 14).coverage
    assert "8 tài liệu" in wide and "và cả nước" in wide
    assert "Kế hoạch (1)" in wide and "Quyết định (1)" in wide and "tin bài" in wide
    assert seed_engine.ask("Quảng Ninh mục tiêu 2023", 14).coverage is None


def test_json_keeps_the_file_ids(seed_engine: Engine):
    data = seed_engine.ask("QN mục tiêu 2023", 14).to_json()
    assert data["passages"][0]["article"] == "001_967a0c985fe0e2a8"
    assert data["records"][0]["article"] == "001_967a0c985fe0e2a8"
    assert data["guesses"] and data["summary"][0].startswith("Quảng Ninh – mục tiêu 2023")

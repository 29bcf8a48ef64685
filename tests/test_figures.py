"""Figures on documents the extractor was not written from, and questions about figures:
comparison, ranking, progress against plan, the whole country, a time series."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.corpus_load import load_corpus
from bot.engine import Engine
from bot.figures.evaluate import score
from bot.figures.extract import extract_records
from tests.conftest import REPO, SEED_CORPUS, make_config

DEV = REPO / "tests" / "devcorpus"


@pytest.fixture(scope="module")
def dev_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The seed articles and the development documents in one engine (built once)."""
    root = tmp_path_factory.mktemp("figures")
    corpus = root / "corpus"
    corpus.mkdir()
    for folder in (SEED_CORPUS, DEV / "docs"):
        for path in folder.iterdir():
            if path.is_file():
                shutil.copy2(path, corpus / path.name)
    engine = Engine(make_config(corpus, root / "index"))
    engine.reload()
    return engine


def _figures(gold: str, folder: Path):
    articles, _ = load_corpus(folder)
    return score(
        DEV / gold, {a.id: a for a in articles}, {a.id: extract_records(a) for a in articles}
    )


@pytest.mark.parametrize(
    ("gold", "folder", "precision", "recall"),
    [
        # Floors a little under today's figures (0.980/0.974, 0.936/0.931, 0.905/0.895,
        # 0.897/0.897, 0.961/0.946 and 0.902/0.918): a change that loses figures on a
        # development set fails here. The test set is only reported. (Dev 3 was 0.911/0.901:
        # "21 liên hiệp HTX được thành lập mới và 7 liên hiệp HTX giải thể" now reads as new
        # unions, where its gold keeps "other" for the previous sentence's "phi nông nghiệp".)
        ("gold_records_dev.jsonl", DEV / "docs", 0.98, 0.98),
        ("gold_records_figures_dev.jsonl", DEV / "docs_figures_dev", 0.94, 0.93),
        ("gold_records_figures_dev3.jsonl", DEV / "docs_figures_dev3", 0.92, 0.92),
        ("gold_records_figures_dev4.jsonl", DEV / "docs_figures_dev4", 0.91, 0.92),
        ("gold_records_figures_dev5.jsonl", DEV / "docs_figures_dev5", 0.95, 0.94),
        ("gold_records_figures_dev6.jsonl", DEV / "docs_figures_dev6", 0.91, 0.92),
        # dev 7 (0.793/0.793; 0.739/0.586 while p03's yearbook table of bare-year columns was
        # lost before extraction): left wrong are five of p02's periods (a range read as one
        # year) and one indicator of p01
        ("gold_records_figures_dev7.jsonl", DEV / "docs_figures_dev7", 0.93, 0.93),
        # dev 9 (0.797/0.784; blind 0.533/0.512, then tuned on in round 7)
        ("gold_records_figures_dev9.jsonl", DEV / "docs_figures_dev9", 0.84, 0.83),
        # dev 10-12 (0.806/0.783, 0.785/0.771, 0.598/0.590; blind 0.634/0.557, 0.624/0.578,
        # 0.515/0.507).
        ("gold_records_figures_dev10.jsonl", DEV / "docs_figures_dev10", 0.84, 0.82),
        ("gold_records_figures_dev11.jsonl", DEV / "docs_figures_dev11", 0.8, 0.8),
        ("gold_records_figures_dev12.jsonl", DEV / "docs_figures_dev12", 0.77, 0.78),
        # dev 13 (0.727/0.727; blind 0.652) and dev 14 (0.600/0.600; blind 0.482), round 8
        ("gold_records_figures_dev13.jsonl", DEV / "docs_figures_dev13", 0.84, 0.84),
        ("gold_records_figures_dev14.jsonl", DEV / "docs_figures_dev14", 0.66, 0.67),
        # dev 15 (0.72/0.71 after round 9; blind 0.529/0.529)
        ("gold_records_figures_dev15.jsonl", DEV / "docs_figures_dev15", 0.74, 0.72),
        # dev 16 (0.790/0.784 after round 10; blind 0.685/0.680)
        ("gold_records_figures_dev16.jsonl", DEV / "docs_figures_dev16", 0.91, 0.91),
        # dev 17 (0.609/0.600 after round 11; blind 0.541/0.533)
        ("gold_records_figures_dev17.jsonl", DEV / "docs_figures_dev17", 0.66, 0.65),
        # dev 18 (support policies, national texts; 0.667/0.613 after round 12; blind 0.628/0.573)
        ("gold_records_figures_dev18.jsonl", DEV / "docs_figures_dev18", 0.8, 0.74),
        # Round 13 (this session's six sets, each scored blind first; see their SOURCES files):
        # dev 19 support decisions (blind 0.541/0.482), dev 20 annual reports (0.653/0.603),
        # dev 21 news pages (0.716/0.652), dev 22 support policies (0.588/0.506, held out until
        # round 14), dev 23 reports and a plan decision (0.391/0.378), dev 24 news (0.452/0.469)
        ("gold_records_figures_dev19.jsonl", DEV / "docs_figures_dev19", 0.76, 0.74),
        ("gold_records_figures_dev20.jsonl", DEV / "docs_figures_dev20", 0.83, 0.82),
        ("gold_records_figures_dev21.jsonl", DEV / "docs_figures_dev21", 0.8, 0.79),
        ("gold_records_figures_dev22.jsonl", DEV / "docs_figures_dev22", 0.82, 0.83),
        ("gold_records_figures_dev23.jsonl", DEV / "docs_figures_dev23", 0.68, 0.68),
        ("gold_records_figures_dev24.jsonl", DEV / "docs_figures_dev24", 0.6, 0.63),
        # dev 25 annual plans (blind 0.702/0.697, 0.752/0.746 with the session's starting
        # code) and dev 26 national texts (blind 0.454/0.396; 0.515/0.450 before round 13)
        ("gold_records_figures_dev25.jsonl", DEV / "docs_figures_dev25", 0.85, 0.85),
        # (precision 0.62 -> 0.58 in round 20: t04's space-aligned table with a wrapped cell
        # is read now, and six of its figures, parts of the high-tech count, get an indicator
        # where gold keeps 'other'; no right record was lost)
        ("gold_records_figures_dev26.jsonl", DEV / "docs_figures_dev26", 0.58, 0.54),
        # Round 14 (six sets written blind, each scored before any detail was read, the same
        # with the session's starting code): dev 27 support (9 records only, 0.875/0.778),
        # dev 28 annual reports (0.609/0.609), dev 29 news pages (0.611/0.495), dev 30
        # national texts (0.567/0.562), dev 31 plan approvals (0.591/0.351), dev 32 farming
        # and sector reports (0.575/0.554). Dev 22 was opened this round (0.588/0.506 held out).
        ("gold_records_figures_dev27.jsonl", DEV / "docs_figures_dev27", 0.87, 0.77),
        ("gold_records_figures_dev28.jsonl", DEV / "docs_figures_dev28", 0.74, 0.74),
        ("gold_records_figures_dev29.jsonl", DEV / "docs_figures_dev29", 0.68, 0.65),
        ("gold_records_figures_dev30.jsonl", DEV / "docs_figures_dev30", 0.83, 0.82),
        ("gold_records_figures_dev31.jsonl", DEV / "docs_figures_dev31", 0.75, 0.75),
        ("gold_records_figures_dev32.jsonl", DEV / "docs_figures_dev32", 0.72, 0.71),
        # Round 15 (scored blind first; see their SOURCES files): dev 33 annual plans (blind
        # 0.528/0.585), dev 34 five-year plans (0.672/0.667; two of its documents report the
        # same plan as two of dev 33's), dev 35 progress reports (0.818/0.720, 25 records).
        # Dev 33's floor came down a record when an income of workers and members together
        # became the members' (its labeller has it the workers'; seven other sets the members')
        # (dev 33's precision floor 0.92 -> 0.90 in round 21: the value-chain phrases now
        # read a table row of model cooperatives' share with contracts, which gold keeps other)
        ("gold_records_figures_dev33.jsonl", DEV / "docs_figures_dev33", 0.9, 0.88),
        ("gold_records_figures_dev34.jsonl", DEV / "docs_figures_dev34", 0.92, 0.91),
        ("gold_records_figures_dev35.jsonl", DEV / "docs_figures_dev35", 0.92, 0.92),
        # round 20's blind sets: 36 scored 0.455 / 0.437 and 37 0.539 / 0.487 before any change
        ("gold_records_figures_dev36.jsonl", DEV / "docs_figures_dev36", 0.55, 0.53),
        ("gold_records_figures_dev37.jsonl", DEV / "docs_figures_dev37", 0.76, 0.73),
        # round 21's blind sets, sources nearly exhausted (4 documents each): 38 scored
        # 0.362 / 0.344 and 39 0.526 / 0.526 before any change
        ("gold_records_figures_dev38.jsonl", DEV / "docs_figures_dev38", 0.51, 0.49),
        ("gold_records_figures_dev39.jsonl", DEV / "docs_figures_dev39", 0.69, 0.69),
    ],
)
def test_figures_on_the_development_sets_hold(gold, folder, precision, recall):
    report = _figures(gold, folder)
    print(gold, report.to_json())
    assert report.precision >= precision and report.recall >= recall


def test_a_share_of_plan_and_a_half_year_are_read_as_written():
    articles, _ = load_corpus(DEV / "docs")
    tay_ninh = next(a for a in articles if a.id.startswith("d12"))
    records = extract_records(tay_ninh)
    share = next(r for r in records if r.value_min == 88.6 and " — " not in r.text)
    assert (share.progress, share.indicator_id, share.unit) == (True, "htx.total", "%")
    new = next(r for r in records if r.value_min == 12 and r.indicator_id == "htx.new")
    assert (new.kind, new.period_start) == ("actual", 2020)


def test_comparison_lists_each_province_asked(dev_engine: Engine):
    answer = dev_engine.ask("so sánh mục tiêu thành lập mới HTX năm 2023 của Cần Thơ và Quảng Ninh")
    assert answer.figures is not None and answer.figures.mode == "compare"
    assert {r.province for r in answer.records} == {"Cần Thơ", "Quảng Ninh"}
    assert all(r.indicator_id == "htx.new" and r.kind == "target" for r in answer.records)


def test_ranking_says_how_many_provinces_it_covers(dev_engine: Engine):
    answer = dev_engine.ask("tỉnh nào đặt mục tiêu thành lập mới nhiều HTX nhất năm 2023")
    figs = answer.figures
    assert figs is not None and figs.mode == "rank" and figs.covered >= 2
    values = [r.value_max for r in answer.records]
    assert values == sorted(values, reverse=True)
    assert all(r.period_start == r.period_end == 2023 for r in answer.records)
    assert any("không phải toàn quốc" in n for n in answer.notes)


def test_progress_question_gets_shares_of_plan(dev_engine: Engine):
    answer = dev_engine.ask("Tây Ninh năm 2020 đạt bao nhiêu % kế hoạch")
    assert answer.records and all(r.progress and r.unit == "%" for r in answer.records)
    assert {r.province for r in answer.records} == {"Tây Ninh"}


def test_national_question_gets_national_figures_only(dev_engine: Engine):
    answer = dev_engine.ask("cả nước năm 2022 có bao nhiêu hợp tác xã")
    assert answer.records and all(r.national for r in answer.records)
    assert any(r.value_min == 29378 and r.indicator_id == "htx.total" for r in answer.records)


def test_national_question_without_national_figures_says_so(seed_engine: Engine):
    answer = seed_engine.ask("cả nước năm 2022 có bao nhiêu hợp tác xã")
    assert not any(r.province for r in answer.records)
    assert any("toàn quốc" in n for n in answer.notes)


def test_time_series_orders_periods(dev_engine: Engine):
    answer = dev_engine.ask("Tây Ninh số HTX qua các năm")
    assert answer.figures is not None and answer.figures.mode == "series"
    keys = [(r.period_start, r.period_end) for r in answer.records]
    assert keys == sorted(keys) and answer.records


# --- the mistakes listed in the figures issue, on sentences written like the ones behind them ---

_PLAN_HEAD = """ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH THÁI BÌNH                Độc lập - Tự do - Hạnh phúc
Số: 120/KH-UBND               Thái Bình, ngày 20 tháng 7 năm 2022

KẾ HOẠCH
PHÁT TRIỂN KINH TẾ TẬP THỂ, HỢP TÁC XÃ NĂM 2023

Phần thứ nhất
ĐÁNH GIÁ TÌNH HÌNH KINH TẾ TẬP THỂ, HỢP TÁC XÃ NĂM 2022

"""


def _records(body: str, head: str = _PLAN_HEAD) -> list:
    from bot.corpus_load import parse_article

    return extract_records(parse_article("x", (head + body).encode()))


def _one(records, value: float):
    found = [r for r in records if r.value_min == value]
    assert len(found) == 1, found
    return found[0]


def test_a_dissolved_cooperative_is_not_a_new_one():
    r = _one(_records("Trong năm 2022, thành lập mới 8 HTX, giải thể 05 HTX yếu kém.\n"), 5)
    assert (r.indicator_id, r.kind, r.period_start) == ("htx.dissolved", "actual", 2022)


def test_a_count_to_date_is_an_actual_at_its_date():
    r = _one(_records("Tính đến ngày 30/6/2022, lũy kế đến 30/6/2022 là 206 THT.\n"), 206)
    assert (r.indicator_id, r.kind, r.period_note) == ("tht.total", "actual", "đến 30/6/2022")


def test_a_target_total_and_its_averages_keep_their_own_words():
    records = _records(
        "Phần thứ hai\nKẾ HOẠCH NĂM 2023\n"
        "Phấn đấu đến cuối năm 2023 nâng tổng số HTX lên 173 HTX, doanh thu bình quân của HTX "
        "khoảng 3,2 tỷ đồng/năm, thu nhập của thành viên khoảng 72 triệu đồng/người/năm.\n"
    )
    total, revenue, income = _one(records, 173), _one(records, 3.2), _one(records, 72)
    assert {r.kind for r in (total, revenue, income)} == {"target"}
    assert total.indicator_id == "htx.total"
    assert revenue.indicator_id == "htx.revenue_avg"
    assert income.indicator_id == "htx.member_income"


def test_a_report_that_raised_the_total_is_not_a_target():
    head = _PLAN_HEAD.replace("KẾ HOẠCH\nPHÁT TRIỂN", "BÁO CÁO\nTÌNH HÌNH").replace("KH-", "BC-")
    r = _one(_records("Năm 2021 số HTX toàn tỉnh được nâng lên 581 HTX.\n", head), 581)
    assert (r.kind, r.indicator_id) == ("actual", "htx.total")


def test_new_members_are_told_apart_from_all_members():
    records = _records("Các HTX thu hút 48.924 thành viên, trong đó 70 thành viên gia nhập mới.\n")
    assert _one(records, 48924).indicator_id == "htx.members"
    assert _one(records, 70).indicator_id == "htx.new_members"
    assert {r.period_start for r in records} == {2022}


def test_a_group_revenue_is_never_labelled_per_cooperative():
    records = _records(
        "Doanh thu bình quân của một THT khoảng 600 triệu đồng/năm.\n"
        "Doanh thu bình quân của liên hiệp HTX đạt 258 tỷ đồng/năm.\n"
    )
    assert _one(records, 600).indicator_id == "tht.revenue_avg"
    union = _one(records, 258)
    assert (union.indicator_id, union.subject) == ("other", "LH HTX")


def test_a_share_of_plan_qualifies_its_figure():
    records = _records("Ước cả năm 2022 thành lập mới 15 HTX, đạt 98% kế hoạch.\n")
    share = _one(records, 98)
    assert share.progress and share.unit == "%"
    assert (share.indicator_id, share.kind) == ("htx.new", "estimate")


def test_national_figures_and_targets_are_found_and_have_no_province():
    head = (
        "Toàn quốc: kinh tế tập thể năm 2022 tiếp tục phát triển\nThứ Hai, 06/03/2023 - 09:10\n\n"
    )
    records = _records(
        "Theo Bộ Kế hoạch và Đầu tư, đến hết năm 2022, cả nước có 29.378 HTX.\n\n"
        "Mục tiêu đến năm 2025, cả nước có 45.000 HTX; đến năm 2030 có 140.000 HTX.\n\n"
        "Tại tỉnh Long An, số HTX đã tăng lên 300 HTX.\n",
        head,
    )
    now, by2025, by2030 = _one(records, 29378), _one(records, 45000), _one(records, 140000)
    assert (now.kind, now.period_start, now.national, now.province) == (
        "actual",
        2022,
        True,
        None,
    )
    assert (by2025.kind, by2025.period_end) == ("target", 2025) and by2025.national
    assert (by2030.kind, by2030.period_end) == ("target", 2030) and by2030.national
    long_an = _one(records, 300)
    assert (long_an.national, long_an.province) == (False, "Long An")


def test_a_province_document_comparing_with_the_country_stays_provincial():
    records = _records("Toàn tỉnh có 620 HTX, chiếm 2% so với cả nước.\n")
    assert not _one(records, 620).national and _one(records, 620).province == "Thái Bình"


def test_a_named_cooperative_is_not_the_province():
    # Decision: one cooperative's figures are kept, as 'other' named after it, so a province
    # answer that asks for htx.members or htx.capital never adds them up with the province's.
    records = _records(
        "Tại huyện Thạnh Phú, HTX dịch vụ nông nghiệp Thạnh Phong có 149 thành viên, vốn điều "
        "lệ 500 triệu đồng. Đến nay HTX đã có 12 lao động.\n"
        "Toàn tỉnh hiện có 215 HTX với 41.000 thành viên.\n"
    )
    for value in (149, 500, 12):
        r = _one(records, value)
        assert r.indicator_id == "other" and "Thạnh Phong" in r.indicator, r
    assert _one(records, 215).indicator_id == "htx.total"
    assert _one(records, 41000).indicator_id == "htx.members"


def test_a_part_of_the_total_is_not_the_total():
    records = _records(
        "Toàn tỉnh có 353 HTX đang hoạt động, 19 HTX chưa chuyển đổi theo quy định; "
        "có 64 HTX được xếp loại tốt.\n"
        "Số HTX xếp loại khá trở lên chiếm 63% tổng số HTX đang hoạt động.\n"
    )
    assert _one(records, 353).indicator_id == "htx.active"
    assert _one(records, 19).indicator_id == "other"
    assert _one(records, 64).indicator_id == "other"
    assert _one(records, 63).indicator_id == "htx.effective"


def test_a_parenthesised_plan_does_not_make_the_next_figure_a_target():
    records = _records(
        "Toàn tỉnh có 112 tổ hợp tác, đạt 93% kế hoạch năm 2022 (kế hoạch 120 THT), trong đó "
        "có 10 THT thành lập mới trong năm.\n"
    )
    assert _one(records, 120).kind == "target"
    assert (_one(records, 10).kind, _one(records, 10).indicator_id) == ("actual", "tht.new")


# --- tables: kind, period and unit from the columns -------------------------------------------

_REPORT_HEAD = """LIÊN MINH HỢP TÁC XÃ TỈNH NAM ĐỊNH   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                     Độc lập - Tự do - Hạnh phúc
Số:     /BC-LMHTX                    Nam Định, ngày    tháng 8 năm 2019

BÁO CÁO
Sơ kết công tác 6 tháng đầu năm 2019

I. TÌNH HÌNH PHÁT TRIỂN HỢP TÁC XÃ
"""


def test_a_space_aligned_table_from_a_pdf_gives_one_record_per_cell():
    records = _records(
        "Bảng: Một số chỉ tiêu chủ yếu 6 tháng đầu năm 2019\n"
        "STT  Chỉ tiêu                          Đơn vị      6T/2019\n"
        "1    HTX thành lập mới                 HTX         31\n"
        "2    THT giải thể                      THT         12\n"
        "3    HTX đang hoạt động                HTX         402\n",
        _REPORT_HEAD,
    )
    new, dissolved, active = _one(records, 31), _one(records, 12), _one(records, 402)
    # "Một số chỉ tiêu chủ yếu" names indicators, not targets; the blank day still dates it.
    assert {r.kind for r in (new, dissolved, active)} == {"actual"}
    assert (new.indicator_id, new.period_note, new.period_start) == (
        "htx.new",
        "6 tháng đầu năm",
        2019,
    )
    assert (active.indicator_id, active.period_note) == ("htx.active", "đến 30/6/2019")
    assert dissolved.indicator_id == "other" and dissolved.subject == "THT"


def test_a_tab_table_takes_units_from_its_column_headers_and_support_paid_is_not_a_count():
    records = _records(
        "II. KẾT QUẢ HỖ TRỢ GIAI ĐOẠN 2016 - 2018\n"
        "STT\tNội dung hỗ trợ\tSố HTX/người được hỗ trợ\tKinh phí (triệu đồng)\n"
        "1\tHỗ trợ thành lập mới HTX\t71\t1.100\n"
        "2\tHỗ trợ cán bộ quản lý nghỉ việc\t15\t275\n",
        _REPORT_HEAD,
    )
    supported, money = _one(records, 71), _one(records, 1100)
    assert (supported.unit, money.unit) == ("HTX", "triệu đồng")
    assert _one(records, 15).unit == "người"
    # what was paid out and to whom: not the province's new cooperatives
    assert {supported.indicator_id, money.indicator_id} == {"other"}
    assert (supported.kind, supported.period_start, supported.period_end) == ("actual", 2016, 2018)


# --- refusing to guess: a kind or period the text does not give is not made up ------------------


def test_a_figure_with_no_time_in_its_text_is_not_emitted():
    # A draft with its date left blank, and no year anywhere.
    head = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH THÁI BÌNH                Độc lập - Tự do - Hạnh phúc\n"
        "Số:    /BC-UBND               Thái Bình, ngày    tháng    năm\n\n"
        "BÁO CÁO\nTình hình hợp tác xã\n\nI. KHÁI QUÁT\n"
    )
    records = _records("Toàn tỉnh có 120 HTX với 5.000 thành viên.\n", head)
    assert records == []
    # the same sentence with its year is a record
    dated = _records("Năm 2023, toàn tỉnh có 120 HTX với 5.000 thành viên.\n", head)
    assert _one(dated, 120).period_start == 2023 and _one(dated, 120).kind == "actual"


def test_a_plan_figure_of_its_own_year_without_a_cue_is_not_labelled():
    head = _PLAN_HEAD.replace(
        "Phần thứ nhất\nĐÁNH GIÁ TÌNH HÌNH KINH TẾ TẬP THỂ, HỢP TÁC XÃ NĂM 2022\n", ""
    )
    body = "I. HỢP TÁC XÃ NÔNG NGHIỆP\nNăm 2022, có 95 HTX nông nghiệp với 4.100 thành viên.\n"
    # A plan for 2023 written in 2022: the 2022 figure could be the result or the plan.
    assert _records(body, head) == []
    # With a cue it is labelled as the cue says; a year before the plan's is a result.
    cued = _records(body.replace("Năm 2022, có", "Năm 2022, đã có"), head)
    assert _one(cued, 95).kind == "actual"
    past = _records(body.replace("Năm 2022", "Năm 2021"), head)
    assert _one(past, 95).kind == "actual"


# --- periods: what a "hiện", a comparison's year and a plan's year do not date -----------------


def test_a_comparison_year_and_a_plan_year_do_not_date_the_figure():
    records = _records(
        "Trong năm 2022, doanh thu bình quân của mỗi HTX đạt hơn 3,2 tỷ đồng/năm, cao hơn năm "
        "2021 là 354 triệu đồng. Doanh thu 6 tháng đầu năm 2022 ước đạt 2.263 triệu đồng/HTX, "
        "bằng 52,7% kế hoạch năm 2022; lợi nhuận bình quân ước đạt 183 triệu đồng/HTX.\n"
    )
    assert _one(records, 354).period_start == 2022
    profit = _one(records, 183)
    assert (profit.period_start, profit.period_note, profit.kind) == (
        2022,
        "6 tháng đầu năm",
        "estimate",
    )


def test_now_is_the_time_of_the_part_of_the_text_it_is_in():
    records = _records(
        "I. KẾT QUẢ GIAI ĐOẠN 2016 - 2020\nToàn tỉnh hiện có 1.543 tổ hợp tác (THT).\n"
    )
    assert (_one(records, 1543).period_start, _one(records, 1543).period_end) == (2016, 2020)


# --- indicators: what is not the province's or the country's indicator ------------------------


def test_collective_organisations_sectors_and_support_paid_are_not_the_htx_indicators():
    records = _records(
        "Phần thứ hai\nKẾ HOẠCH NĂM 2023\n"
        "Đến năm 2025 phấn đấu thành lập mới 500 tổ chức kinh tế tập thể, gồm HTX, liên hiệp HTX "
        "và tổ hợp tác; thu hút khoảng 80.000 thành viên; 100% HTX hoạt động theo Luật.\n"
    )
    assert _one(records, 500).indicator_id == "other" and _one(records, 500).unit == "tổ chức"
    assert _one(records, 80000).indicator_id == "other"  # the organisations', not HTX members
    assert _one(records, 100).indicator_id != "other" or _one(records, 100).subject == "HTX"
    report = _records(
        "Năm 2022, HTX phi nông nghiệp có 84 HTX; thành lập mới 20 HTX, gồm 12 HTX nông nghiệp và "
        "8 HTX phi nông nghiệp. Tỉnh đã chi gần 1,1 tỷ đồng cho 17 HTX thành lập mới; hỗ trợ, "
        "tư vấn cho 9 THT phát triển lên thành HTX.\n"
    )
    assert {_one(report, v).indicator_id for v in (84, 8, 17, 9)} == {"other"}
    assert _one(report, 20).indicator_id == "htx.new"


# --- round 3: what a count's own words, its sector, its group and its clause say ---


def test_words_after_a_count_describe_a_part_not_the_total():
    records = _records(
        "Đến 30/6/2022 toàn tỉnh có 940 THT, trong đó 260 THT có đăng ký chứng thực; toàn tỉnh "
        "có 51 HTX thành lập trước năm 2013 và 112 HTX hoạt động trong các lĩnh vực.\n"
    )
    assert _one(records, 940).indicator_id == "tht.total"
    assert _one(records, 260).indicator_id == "other"
    assert _one(records, 51).indicator_id == "other"
    assert _one(records, 112).indicator_id == "htx.total"


def test_a_sector_framing_the_sentence_decides_the_count():
    records = _records(
        "Trong lĩnh vực nông, lâm, ngư nghiệp, toàn tỉnh có 412 HTX.\n\n"
        "Lĩnh vực công nghiệp - tiểu thủ công nghiệp, điện có 61 HTX.\n\n"
        "- Ngành thủy sản: có 18 HTX tham gia liên kết sản xuất.\n"
    )
    assert _one(records, 412).indicator_id == "htx.agri"
    assert _one(records, 61).indicator_id == "other"
    assert _one(records, 18).indicator_id == "other"


def test_a_group_s_money_and_people_are_not_all_cooperatives():
    records = _records(
        "Năm 2022, các HTX nông nghiệp thu hút 21.300 thành viên; doanh thu bình quân của HTX "
        "nông nghiệp đạt 900 triệu đồng/HTX. Các HTX thành lập mới có tổng vốn điều lệ 14 tỷ "
        "đồng. Bình quân mỗi HTX có khoảng 17 thành viên. Các HTX có 33.000 thành viên.\n"
    )
    for value in (21300, 900, 14, 17):
        assert _one(records, value).indicator_id == "other", value
    assert _one(records, 33000).indicator_id == "htx.members"


def test_a_table_row_reads_like_prose_and_a_sub_row_is_a_part_of_its_parent():
    records = _records(
        "Phần thứ hai\nKẾ HOẠCH NĂM 2023\n\n"
        "| STT | Chỉ tiêu | ĐVT | KH 2023 |\n"
        "|---|---|---|---|\n"
        "| 1 | HTX thành lập mới | HTX | 60 |\n"
        "|  | - HTX nông nghiệp | HTX | 32 |\n"
        "| 2 | Tổng số HTX | HTX | 920 |\n"
        "|  | - HTX nông, lâm nghiệp, thủy sản | HTX | 640 |\n"
        "| 3 | Doanh thu bình quân HTX nông nghiệp | Triệu đồng | 850 |\n"
    )
    assert _one(records, 60).indicator_id == "htx.new"
    assert _one(records, 32).indicator_id == "other"
    assert _one(records, 640).indicator_id == "htx.agri"
    assert _one(records, 850).indicator_id == "other"


def test_other_counted_things_are_records_with_their_own_unit():
    records = _records(
        "Năm 2022, 21/21 huyện đều có mô hình HTX; tỉnh triển khai 04 dự án liên kết trên "
        "3.200 ha; vốn điều lệ bình quân gấp 1,6 lần năm 2011.\n"
    )
    assert {(r.value_min, r.unit) for r in records} >= {
        (21, "huyện"),
        (4, "dự án"),
        (3200, "ha"),
        (1.6, "lần"),
    }
    assert all(r.indicator_id == "other" for r in records)
    assert _one(records, 1.6).period_start == 2022  # "năm 2011" is the base, not its year


def test_an_estimate_frame_is_not_undone_by_a_plain_existential():
    r = _one(_records("Ước đến ngày 31/12/2022, trên địa bàn tỉnh có tổng số 377 HTX.\n"), 377)
    assert (r.kind, r.indicator_id) == ("estimate", "htx.total")


def test_a_per_year_rate_is_of_the_year_and_a_status_at_its_date():
    records = _records(
        "Tính đến ngày 30/6/2022, toàn tỉnh có 301 HTX, trong đó 9 HTX đã giải thể; doanh thu "
        "bình quân đạt 1.300 triệu đồng/năm/HTX.\n"
    )
    assert _one(records, 9).period_note == "đến 30/6/2022"
    revenue = _one(records, 1300)
    assert (revenue.period_start, revenue.period_note) == (2022, None)


def test_a_total_counts_only_the_organisations_it_names():
    records = _records(
        "Hiện toàn tỉnh có 02 liên hiệp hợp tác xã với 09 hợp tác xã, 03 doanh nghiệp thành "
        "viên; tổng số hợp tác xã là 318 HTX.\n"
    )
    assert _one(records, 9).indicator_id == "lhhtx.member_htx"  # the union's member HTX
    assert _one(records, 3).indicator_id == "other"  # companies are no count of unions
    assert _one(records, 318).indicator_id == "htx.total"


def test_a_share_of_a_total_of_people_is_not_the_total():
    records = _records(
        "Mục tiêu năm 2023: tỷ lệ cán bộ quản lý có trình độ trung cấp đạt 40% và trình độ "
        "đại học đạt 15% trên tổng số cán bộ quản lý HTX.\n"
    )
    assert _one(records, 15).indicator_id != "htx.total"


# --- norms, regions and changes (issue 13, round 5), on sentences written for the tests ---

_DECISION_HEAD = """ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HẬU GIANG                Độc lập - Tự do - Hạnh phúc
Số:     /QĐ-UBND              Hậu Giang, ngày    tháng 3 năm 2022

QUYẾT ĐỊNH
Quy định mức hỗ trợ phát triển hợp tác xã trên địa bàn tỉnh Hậu Giang

QUYẾT ĐỊNH:

Điều 1. Đối tượng và mức hỗ trợ
"""


def test_a_decisions_support_levels_and_thresholds_are_norms_without_a_period():
    records = _records(
        "1. HTX phải có từ 15 thành viên trở lên và có phương án kinh doanh.\n"
        "2. HTX được hỗ trợ 70% chi phí xây dựng nhãn hiệu; mức hỗ trợ tối đa 40 triệu "
        "đồng/HTX.\n"
        "3. Xây dựng sản phẩm: hỗ trợ 08 triệu đồng/sản phẩm.\n"
        "4. Mỗi huyện được hỗ trợ không quá 4 mô hình.\n"
        "5. Ưu tiên HTX có hợp đồng tiêu thụ với giá trị tối thiểu 250 triệu đồng/năm.\n",
        _DECISION_HEAD,
    )
    for value, indicator in (
        (15, "htx.members"),
        (70, "support.amount"),
        (40, "support.amount"),
        (8, "support.amount"),
        (4, "other"),
        (250, "other"),
    ):
        r = _one(records, value)
        assert (r.kind, r.period_start, r.indicator_id) == ("norm", None, indicator), value
    assert _one(records, 40).qualifier == "tối đa"


def test_a_decisions_table_of_levels_gives_norms_with_their_own_units():
    records = _records(
        "Phụ lục mức hỗ trợ\n"
        "STT | Nội dung | Tỷ lệ hỗ trợ | Mức hỗ trợ\n"
        "1 | Tư vấn thành lập HTX | 100% | 12 triệu đồng/HTX\n"
        "2 | Thuê cửa hàng | - | 30 triệu đồng\n",
        _DECISION_HEAD,
    )
    levels = [r for r in records if r.text.startswith(("Tư vấn", "Thuê"))]
    assert {(r.value_min, r.unit) for r in levels} == {
        (100, "%"),
        (12, "triệu đồng"),
        (30, "triệu đồng"),
    }
    assert all(r.kind == "norm" and r.indicator_id == "support.amount" for r in levels)


def test_a_plans_budget_is_planned_and_not_a_support_level():
    records = _records(
        "Phần thứ hai\nKINH PHÍ THỰC HIỆN\n"
        "Tổng kinh phí năm 2023 là 450 triệu đồng từ ngân sách tỉnh.\n",
    )
    budget = _one(records, 450)
    assert (budget.kind, budget.indicator_id) == ("target", "other")


_SUMMARY_HEAD = "Hợp tác xã cả nước năm 2021: các vùng đều tăng\nThứ Ba, 12/04/2022 - 10:00\n\n"


def test_a_regions_figures_are_neither_the_countrys_nor_a_provinces():
    records = _records(
        "Tính đến 31/12/2021, cả nước có 27.500 HTX, tăng 4,2% so với cùng thời điểm năm 2020.\n\n"
        "Đồng bằng sông Cửu Long có 3.100 HTX, chiếm 11,3%.\n",
        _SUMMARY_HEAD,
    )
    total, growth = _one(records, 27500), _one(records, 4.2)
    assert total.national and (growth.indicator_id, growth.change) == ("htx.total", True)
    region, share = _one(records, 3100), _one(records, 11.3)
    assert (region.national, region.province, region.indicator_id) == (False, None, "htx.total")
    assert "Đồng bằng sông Cửu Long" in region.indicator
    assert (share.national, share.indicator_id) == (False, "other")


def test_an_estimate_of_last_year_carries_and_a_count_is_not_a_year():
    records = _records(
        "Theo báo cáo, ước năm 2021 cả nước có 27.500 hợp tác xã.\n\n"
        "Số hợp tác xã tăng 6% so với năm 2020, tương ứng thêm 2015 hợp tác xã.\n",
        _SUMMARY_HEAD,
    )
    assert all(r.kind == "estimate" and r.period_start == 2021 for r in records)
    assert _one(records, 2015).unit == "HTX"


def test_this_figure_keeps_the_indicator_and_a_ratio_to_another_is_other():
    records = _records(
        "Năm 2018, thu nhập bình quân của người lao động trong HTX là 40 triệu đồng/người/năm, "
        "bằng 45% thu nhập của lao động khu vực doanh nghiệp. Đến năm 2020, con số này tăng lên "
        "48 triệu đồng/người/năm.\n",
        _SUMMARY_HEAD,
    )
    assert _one(records, 40).indicator_id == "htx.worker_income"
    assert _one(records, 45).indicator_id == "other"
    later = _one(records, 48)
    assert (later.indicator_id, later.period_start) == ("htx.worker_income", 2020)


def test_a_range_from_year_to_year_and_times_of_cooperatives():
    records = _records(
        "Kết quả: từ năm 2017 đến năm 2021 có khoảng 60 lượt HTX được hỗ trợ xúc tiến thương mại.\n"
    )
    r = _one(records, 60)
    assert (r.period_start, r.period_end, r.subject) == (2017, 2021, "HTX")

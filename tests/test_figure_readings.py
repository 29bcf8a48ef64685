"""Readings of figures that hold on documents the rules were not written from (issue 13,
round 6): shares of plan, estimate lead-ins, rated parts, lists of counts, tables' progress
columns. Sentences are written like the provincial plans and reports they stand for."""

from __future__ import annotations

from pathlib import Path

from bot.corpus_load import parse_article, parse_file
from bot.figures.evaluate import period_label
from bot.figures.extract import extract_records

_HEAD = """ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc
Số: 77/KH-UBND                Hà Nam, ngày 15 tháng 10 năm 2019

KẾ HOẠCH
Triển khai Đề án phát triển kinh tế tập thể năm 2020

PHẦN THỨ NHẤT
KẾT QUẢ NĂM 2019

I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU

"""
_NEWS = "Kinh tế tập thể tỉnh Hà Nam\nThứ Tư, 12/08/2020 - 09:45\n\n"


def _records(body: str, head: str = _HEAD) -> list:
    return extract_records(parse_article("x", (head + body).encode()))


def _one(records, value: float):
    found = [r for r in records if r.value_min == value]
    assert len(found) == 1, found
    return found[0]


def test_a_share_of_a_target_does_not_make_the_next_item_a_target():
    records = _records(
        "b) Về hợp tác xã:\n- Toàn tỉnh có 198 HTX, bằng 97,5% mục tiêu Đề án;\n"
        "- Trong năm thành lập mới 25 HTX, vượt mục tiêu Đề án (đạt 125%).\n"
    )
    assert _one(records, 25).kind == "actual"
    share = _one(records, 125)
    assert (share.progress, share.indicator_id, share.kind) == (True, "htx.new", "actual")


def test_a_share_of_plan_alone_in_its_sentence_is_never_a_target():
    records = _records(
        "Ước cả năm 2019 toàn tỉnh có 200 HTX. Chỉ tiêu thành lập mới HTX đạt 104% kế hoạch "
        "năm 2019.\n",
        _NEWS,
    )
    share = _one(records, 104)
    assert share.progress and share.kind == "estimate"


def test_an_estimate_lead_in_frames_the_sections_under_it():
    records = _records(
        "Căn cứ số liệu dự ước cả năm 2019, các chỉ tiêu được thực hiện như sau:\n\n"
        "1. Về số lượng\n\n- Toàn tỉnh có 198 HTX; có 26 HTX thực hiện giải thể.\n"
    )
    assert _one(records, 198).kind == "estimate"
    assert _one(records, 26).kind == "estimate"


def test_lower_ratings_are_parts_and_their_shares_follow_them():
    records = _records(
        "Trong 171 HTX đang hoạt động, 62 HTX được đánh giá khá, giỏi (chiếm 36,3%), 93 HTX ở "
        "mức trung bình (54,3%), còn lại 16 HTX yếu kém (9,4%).\n",
        _NEWS,
    )
    assert _one(records, 171).indicator_id == "htx.active"
    assert _one(records, 62).indicator_id == "htx.effective"
    assert _one(records, 36.3).indicator_id == "htx.effective"
    for value in (93, 54.3, 16, 9.4):
        assert _one(records, value).indicator_id == "other", value


def test_a_share_of_the_economy_is_never_a_members_figure():
    records = _records(
        "Phần đóng góp của khu vực kinh tế tập thể (tính cả kinh tế của thành viên) vào GRDP "
        "của tỉnh là 1,64%, bằng 91% mục tiêu.\n"
    )
    assert _one(records, 1.64).indicator_id == "other"
    assert _one(records, 91).indicator_id == "other"


def test_the_words_after_a_list_of_counts_describe_each_count():
    records = _records(
        "Tính đến cuối năm 2024, trên địa bàn tỉnh có 70 tổ hợp tác, 02 liên hiệp hợp tác xã, "
        "206 HTX và 04 quỹ tín dụng nhân dân đang hoạt động.\n",
        _NEWS.replace("2020", "2025"),
    )
    assert _one(records, 206).indicator_id == "htx.active"
    assert _one(records, 70).indicator_id == "tht.total"
    assert _one(records, 2).indicator_id == "lhhtx.total"
    assert _one(records, 4).indicator_id == "qtdnd.total"  # no "active" indicator of its own


def test_farming_cooperatives_among_the_active_ones_are_farming_ones():
    records = _records(
        "Toàn tỉnh có 218 hợp tác xã, trong đó 206 hợp tác xã nông nghiệp đang hoạt động. "
        "Trong số hợp tác xã đang hoạt động năm 2018 có 121 hợp tác xã nông nghiệp.\n",
        _NEWS,
    )
    assert _one(records, 206).indicator_id == "htx.agri"
    assert _one(records, 121).indicator_id == "htx.agri"


def test_a_count_that_is_described_after_with_keeps_its_own_name():
    records = _records(
        "Đầu năm 2020, toàn tỉnh có 216 hợp tác xã đang hoạt động với gần 32.000 thành viên.\n",
        _NEWS,
    )
    assert _one(records, 216).indicator_id == "htx.active"


def test_from_now_to_a_year_runs_from_the_documents_year():
    records = _records(
        "2. Hỗ trợ từ ngân sách tỉnh giai đoạn từ nay đến năm 2020\n\n"
        "Tổng kinh phí hỗ trợ các hợp tác xã là hơn 27,7 tỷ đồng.\n",
        _HEAD.split("PHẦN THỨ NHẤT")[0] + "PHẦN THỨ HAI\nNHIỆM VỤ, GIẢI PHÁP\n\n",
    )
    r = _one(records, 27.7)
    assert (r.period_start, r.period_end) == (2019, 2020)


def test_a_progress_column_is_read_with_its_rows_unit():
    records = _records(
        "| STT | Chỉ tiêu | Đơn vị tính | Dự ước năm 2019 | So với mục tiêu Đề án (%) |\n"
        "| 1 | Doanh thu bình quân của 01 tổ hợp tác | triệu đồng | 119 | 90,1 |\n"
    )
    share = _one(records, 90.1)
    assert (share.indicator_id, share.progress, share.kind) == ("tht.revenue_avg", True, "estimate")


def test_an_item_that_is_only_a_count_shares_the_sentences_verb():
    records = _records(
        "Sau 3 năm, toàn tỉnh đã thành lập mới 415 tổ hợp tác, vượt 6% kế hoạch; gần 290 hợp "
        "tác xã, vượt 188% kế hoạch; 4 liên hiệp hợp tác xã.\n"
    )
    assert _one(records, 415).indicator_id == "tht.new"
    assert _one(records, 290).indicator_id == "htx.new"
    assert _one(records, 188).indicator_id == "htx.new"
    assert _one(records, 4).indicator_id == "lhhtx.new"


def test_cooperatives_a_figure_reaches_are_not_how_many_there_are():
    records = _records(
        "Năm 2019 hỗ trợ 25 sinh viên tốt nghiệp về làm việc tại 25 HTX; Quỹ cho 11 hợp tác xã "
        "vay.\n"
    )
    assert {r.indicator_id for r in records if r.unit == "HTX"} == {"other"}


def test_seasonal_work_is_not_the_cooperatives_workforce():
    records = _records("Các HTX tạo việc làm theo thời vụ cho 7.049 lao động trong năm 2019.\n")
    assert _one(records, 7049).indicator_id == "other"


def test_what_a_cited_decision_sets_for_a_year_is_a_target():
    records = _records(
        "Theo Quyết định số 1804/QĐ-TTg ngày 13/11/2020 của Thủ tướng Chính phủ, đến năm 2025 "
        "cả nước thành lập mới 10.000 tổ chức kinh tế tập thể.\n",
        "Khu vực hợp tác xã năm 2024\nThứ Sáu, 28/03/2025 - 10:00\n\n",
    )
    assert _one(records, 10000).kind == "target"


def test_what_farming_cooperatives_do_names_them_past_the_farming_words():
    records = _records(
        "Đến nay toàn tỉnh có 19 HTX nông nghiệp ứng dụng công nghệ cao vào sản xuất và 30 HTX "
        "thực hiện liên kết sản xuất, tiêu thụ nông sản.\n",
        _NEWS,
    )
    assert _one(records, 19).indicator_id == "htx.hightech"
    assert _one(records, 30).indicator_id == "htx.value_chain"


def test_the_parts_a_breakdown_lists_are_not_the_flow_they_break_down():
    records = _records(
        "Năm 2019 phấn đấu thành lập mới ít nhất 02 HTX thủy sản, gồm 01 HTX tại thị xã Đông "
        "Hòa, 01 HTX tại huyện Tuy An.\n"
    )
    assert [r.indicator_id for r in records if r.value_min == 1] == ["other", "other"]


def test_a_time_said_right_after_a_list_of_figures_dates_them():
    records = _records(
        "Mục tiêu đến năm 2030 cả nước có khoảng 45.000 HTX.\n\n"
        "So với mốc hơn 27.000 HTX và gần 6 triệu thành viên cuối năm 2021, cần tăng đáng kể cả "
        "về số lượng lẫn chất lượng.\n",
        "Hợp tác xã Việt Nam giai đoạn 2016 - 2021\n\n",
    )
    for value in (27000, 6_000_000):
        r = _one(records, value)
        assert (r.kind, r.period_start) == ("actual", 2021), value
    assert _one(records, 45000).kind == "target"


def test_a_comparisons_base_after_a_figure_does_not_date_it():
    records = _records("Cả nước có 21.212 HTX, tăng 1.120 HTX so với thời điểm cuối năm 2017.\n")
    assert _one(records, 1120).period_start == 2019


def test_models_and_firms_are_not_the_cooperatives_an_indicator_counts():
    records = _records("Năm 2019, các xã đều có ít nhất 01 mô hình HTX hoạt động hiệu quả.\n")
    assert _one(records, 1).indicator_id == "other"


def test_effective_cooperatives_said_briefly_are_still_effective_ones():
    records = _records("Phần thứ hai\nMỤC TIÊU NĂM 2020\n\n- HTX hiệu quả đạt từ 70% trở lên;\n")
    r = _one(records, 70)
    assert (r.indicator_id, r.kind) == ("htx.effective", "target")


def test_a_list_after_phat_trien_counts_new_organisations():
    records = _records(
        "Phần thứ hai\nMỤC TIÊU ĐẾN NĂM 2025\n\nPhát triển 150 HTX và 02 liên hiệp HTX.\n"
    )
    assert _one(records, 150).indicator_id == "htx.new"
    assert _one(records, 2).indicator_id == "lhhtx.new"


def test_an_estimate_lead_in_dates_its_stocks_and_outweighs_a_plain_cumulative():
    records = _records(
        "Số liệu dưới đây là số ước thực hiện đến ngày 31/12/2019:\n\n1. Hợp tác xã\n\n"
        "- Trong năm thành lập mới 35 HTX;\n- Lũy kế toàn tỉnh có 334 HTX.\n"
    )
    new, total = _one(records, 35), _one(records, 334)
    assert (new.kind, new.period_start, new.period_note) == ("estimate", 2019, None)
    assert (total.kind, total.period_note) == ("estimate", "đến 31/12/2019")


def test_a_farming_sector_said_before_a_count_makes_it_the_farming_ones():
    records = _records("Đến 31/12/2019, lĩnh vực nông nghiệp có 296 HTX.\n")
    assert _one(records, 296).indicator_id == "htx.agri"


def test_farming_and_the_rest_together_are_not_the_farming_ones():
    records = _records("Toàn tỉnh có 521 HTX nông nghiệp và phi nông nghiệp hoạt động thực chất.\n")
    assert _one(records, 521).indicator_id != "htx.agri"


def test_then_refers_to_the_year_just_named():
    records = _records(
        "Năm 2019 có 537 HTX đang hoạt động, nhiều hơn 178 HTX so với năm 2015 (khi đó có 359 "
        "HTX), tức tăng gần 50%.\n"
    )
    assert _one(records, 359).period_start == 2015
    grew = _one(records, 50)
    assert grew.change and grew.indicator_id == "htx.active"


def test_a_named_cooperatives_members_and_averages_stay_its_own():
    records = _records(
        "Tại huyện Hòa An, HTX Án Lại làm tinh bột dong riềng. Hiện nay HTX liên kết với hơn "
        "200 hộ, bao tiêu bình quân 6 tấn/hộ/năm; các thành viên và khoảng 20 lao động địa "
        "phương có thu nhập bình quân 4,5 triệu đồng/người/tháng.\n",
        _NEWS,
    )
    for value in (20, 4.5):
        r = _one(records, value)
        assert r.indicator_id == "other" and "Án Lại" in r.indicator, value


def test_land_and_places_outside_the_cooperative_sector_are_not_its_figures():
    records = _records(
        "Năm 2019 có 8 xã vùng đồng bào dân tộc thiểu số đạt chuẩn nông thôn mới. Các HTX liên "
        "kết sản xuất trên 300 ha lúa.\n"
    )
    assert not [r for r in records if r.value_min == 8]
    assert _one(records, 300).unit == "ha"


def test_a_share_of_houses_is_not_a_share_of_cooperatives():
    records = _records(
        "Năm 2019 đã xây dựng 5.222 nhà trong tổng số 6.628 nhà cần xóa, đạt 78,79%.\n"
    )
    assert _one(records, 78.79).indicator_id == "other"


def test_then_after_a_month_keeps_the_month():
    records = _records(
        "Theo Cục Kinh tế hợp tác (tháng 02/2017), khi đó cả nước có hơn 10.756 hợp tác xã "
        "nông nghiệp.\n",
        _NEWS,
    )
    assert _one(records, 10756).period_note == "tháng 2/2017"


def test_a_date_in_words_is_the_same_date_as_in_figures():
    # "ngày 30 tháng 6 năm 2023" is how the header writes dates, and bodies do too
    for said in ("30 tháng 6 năm 2019", "30/6/2019", "30/06/2019"):
        r = _one(_records(f"Tính đến ngày {said}, toàn tỉnh có 512 HTX đang hoạt động.\n"), 512)
        assert (r.period_note, r.period_start) == ("đến 30/6/2019", 2019), said
    month = _one(_records("Đến hết tháng 9 năm 2019, toàn tỉnh có 47 THT.\n"), 47)
    assert month.period_note == "tháng 9/2019"


def test_the_date_of_a_cited_document_in_words_is_not_a_figures_period():
    body = (
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 14 tháng 3 năm 2018 của UBND tỉnh, "
        "năm 2019 toàn tỉnh thành lập mới 21 HTX.\n"
    )
    r = _one(_records(body), 21)
    assert (r.period_start, r.indicator_id) == (2019, "htx.new")


def test_the_months_of_a_year_so_far_are_the_period_not_the_whole_year():
    from bot.figures.evaluate import period_label

    prose = _one(_records("- Chín tháng đầu năm 2019, toàn tỉnh thành lập mới 23 HTX.\n"), 23)
    assert (prose.period_note, period_label(prose)) == ("9 tháng đầu năm", "2019-09")
    table = (
        "| Chỉ tiêu | ĐVT | Thực hiện 10 tháng 2019 | Ước cả năm 2019 |\n"
        "|---|---|---|---|\n| HTX thành lập mới | HTX | 19 | 24 |\n"
    )
    records = _records(table)
    assert period_label(_one(records, 19)) == "2019-10"
    assert period_label(_one(records, 24)) == "2019"


def test_an_estimate_after_a_paragraphs_first_figure_does_not_frame_the_next():
    body = (
        "Tính đến tháng 9/2019, toàn tỉnh có 160 HTX. Tổng doanh thu ước đạt 50 tỷ đồng.\n\n"
        "Trong năm 2019, cả tỉnh thành lập mới 31 HTX.\n"
    )
    records = _records(body, _NEWS)
    assert _one(records, 50).kind == "estimate"
    assert _one(records, 31).kind == "actual"


def test_a_year_right_after_a_figure_is_its_own():
    body = "Lãi bình quân một HTX tăng từ 61 triệu đồng năm 2010 lên 212 triệu đồng năm 2018.\n"
    records = _records(body, _NEWS)
    assert (_one(records, 61).period_start, _one(records, 212).period_start) == (2010, 2018)


def test_new_cooperatives_said_other_ways_and_their_parts():
    records = _records(
        "Trong năm 2019 có 29 HTX mới ra đời; trong số HTX mới có 17 HTX nông nghiệp. "
        "Các HTX mới thành lập có 240 thành viên.\n",
        _NEWS,
    )
    assert _one(records, 29).indicator_id == "htx.new"
    assert _one(records, 17).indicator_id == "other"  # a part of the new ones
    assert _one(records, 240).indicator_id == "other"  # the new ones' members, not all


def test_a_count_from_a_floor_shares_the_lists_verb():
    body = "a) Thành lập mới 2 liên hiệp HTX và từ 40 HTX trở lên.\n"
    plan = _HEAD.replace("KẾT QUẢ NĂM 2019", "KẾ HOẠCH NĂM 2020").replace(
        "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "I. MỤC TIÊU CỤ THỂ"
    )
    r = _one(_records(body, plan), 40)
    assert (r.indicator_id, r.kind) == ("htx.new", "target")


def test_existing_cooperatives_in_a_target_and_named_programmes_are_no_cues():
    plan = _HEAD.replace("KẾT QUẢ NĂM 2019", "KẾ HOẠCH NĂM 2020").replace(
        "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "I. MỤC TIÊU CỤ THỂ"
    )
    body = "c) Củng cố các HTX hiện có, đưa tỷ lệ HTX yếu kém xuống dưới 8%.\n"
    r = _one(_records(body, plan), 8)
    assert r.kind == "target"
    news = _records(
        "Giai đoạn 2014 - 2017 có 312 lượt hợp tác xã tham gia các chương trình mục tiêu, "
        "với tổng kinh phí 41,2 tỷ đồng.\n",
        _NEWS,
    )
    assert _one(news, 312).subject == "HTX"
    assert _one(news, 41.2).kind == "actual"


def test_a_ratio_after_high_is_the_change_of_the_figure_before():
    r = _records("Năm 2018 có 1.905 HTX thành lập mới, cao gấp 2,1 lần so với năm 2010.\n", _NEWS)
    assert _one(r, 2.1).indicator_id == "htx.new"


def test_a_share_of_cooperatives_in_farming_is_the_farming_ones():
    records = _records(
        "Năm 2019, 61,2% số HTX hoạt động trong lĩnh vực nông, lâm nghiệp; 14,5% trong "
        "lĩnh vực vận tải.\n",
        _NEWS,
    )
    assert _one(records, 61.2).indicator_id == "htx.agri"
    assert _one(records, 14.5).indicator_id == "other"


def test_a_year_since_which_is_not_the_time_of_the_next_sentences():
    body = (
        "Năm 2019, HTX Tân Tiến bắt đầu hoạt động từ năm 2016 với 9 thành viên. "
        "Hiện HTX có 5 sản phẩm OCOP.\n"
    )
    records = _records(body, _NEWS)
    assert _one(records, 9).period_start == 2016
    assert _one(records, 5).period_start == 2020  # "Hiện": the page's date (12/08/2020)


def test_a_tab_table_headed_by_two_years_over_an_empty_cell_gives_each_year():
    text = (
        "Kinh tế hợp tác tỉnh Hà Nam qua hai mốc\n\n"
        "Bài viết tổng hợp số liệu của tỉnh về hợp tác xã qua hai mốc thời gian cách nhau "
        "mười năm, theo báo cáo của Liên minh Hợp tác xã tỉnh.\n\n"
        "Bảng: Một số chỉ tiêu\n"
        "\t2008\t2018\n"
        "Doanh thu bình quân 01 HTX (triệu đồng)\t410\t1.250\n"
        "Số HTX thành lập mới trong năm (HTX)\t-\t27\n"
    )
    records = extract_records(parse_article("x", text.encode()))
    old, new = _one(records, 410), _one(records, 1250)
    assert (old.period_start, new.period_start) == (2008, 2018)
    assert old.unit == "triệu đồng" and old.indicator_id == "htx.revenue_avg"
    assert (_one(records, 27).unit, _one(records, 27).indicator_id) == ("HTX", "htx.new")


def test_round_7_dev_10_readings():
    news = _records(
        "Năm 2019, tổng vốn hoạt động của các HTX đạt trên 412 tỉ đồng. Hiện toàn tỉnh có "
        "205 hợp tác xã, trong đó 31 HTX hiện đang ngừng hoạt động. Năm 2019 sẽ thành lập mới "
        "1.200 hợp tác xã nông nghiệp, nâng tổng số lên 21.300 hợp tác xã nông nghiệp.\n",
        _NEWS,
    )
    assert (_one(news, 412).unit, _one(news, 412).kind) == ("tỷ đồng", "actual")
    assert (_one(news, 205).kind, _one(news, 205).indicator_id) == ("actual", "htx.total")
    assert _one(news, 31).indicator_id == "other"  # suspended ones, not all
    assert _one(news, 21300).indicator_id == "htx.agri"
    report = _records(
        "2. Giải thể, ngừng hoạt động\n"
        "a) Năm 2019 có 9 HTX ở các huyện Kim Bảng, Lý Nhân ngừng hoạt động.\n"
        "b) Kế hoạch năm 2019 là thành lập 20 HTX và giải thể 7 HTX yếu kém.\n"
        "c) Số HTX theo huyện:\n+ Huyện Bình Lục: 18 HTX;\n+ Huyện Thanh Liêm: 12 HTX.\n"
    )
    assert _one(report, 9).indicator_id == "other"  # its own words, not the heading's
    assert _one(report, 7).indicator_id == "htx.dissolved"
    assert _one(report, 18).indicator_id == _one(report, 12).indicator_id == "other"


def test_round_7_dev_10_readings_second_batch():
    news = _records(
        "Toàn tỉnh hiện có 212 hợp tác xã nông nghiệp đang hoạt động.\n\n"
        "Năm 2019 toàn tỉnh có 301 HTX, liên hiệp HTX, quỹ tín dụng nhân dân đang hoạt động. "
        "Doanh thu bình quân của mỗi hợp tác xã khoảng 1,8 tỷ đồng/năm, lợi nhuận ước đạt 150 "
        "triệu đồng/năm.\n\n"
        "Theo kế hoạch của Bộ Nông nghiệp, năm 2019 sẽ thành lập mới 1.500 hợp tác xã.\n",
        _NEWS,
    )
    assert _one(news, 212).indicator_id == "htx.agri"  # the sentence's last words, with "."
    assert _one(news, 301).indicator_id == "htx.active"
    assert _one(news, 150).indicator_id == "htx.profit_avg"
    assert _one(news, 1500).kind == "target"  # planned for the page's own year, not estimated
    table = _records(
        "| STT | Chỉ tiêu | ĐVT | Thực hiện năm 2019 |\n|---|---|---|---|\n"
        "| 1 | Số HTX ngừng hoạt động | HTX | 11 |\n| 2 | Tổng số HTX | HTX | 240 |\n"
    )
    assert (_one(table, 11).indicator_id, _one(table, 240).indicator_id) == ("other", "htx.total")


def test_a_plan_budget_and_a_title_over_two_lines_in_capitals():
    text = (
        "ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM                           Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/ĐA-UBND                       Hà Nam, ngày 10 tháng 3 năm 2015\n\n"
        "ĐỀ ÁN\nPHÁT TRIỂN HỢP TÁC XÃ NÔNG NGHIỆP\nGIAI ĐOẠN 2015 - 2017\n\n"
        "I. MỤC TIÊU\nĐến năm 2017 thành lập mới 30 hợp tác xã.\n"
        "II. KINH PHÍ THỰC HIỆN\nTổng kinh phí thực hiện Đề án là 12,5 tỷ đồng.\n"
    )
    article = parse_article("x", text.encode())
    assert article.title.endswith("giai đoạn 2015 - 2017")
    money = _one(extract_records(article), 12.5)
    assert (money.kind, money.period_start, money.period_end) == ("target", 2015, 2017)


def test_round_7_dev_12_readings():
    report = _records(
        "- Trong hai tháng đầu năm 2019, toàn tỉnh thành lập mới 9 hợp tác xã.\n"
        "- Kết quả phân loại HTX năm 2019:\n- Loại khá: 12 HTX, chiếm 40%;\n"
        "- Thu nhập bình quân của người lao động trong HTX nông nghiệp đạt 41 triệu đồng/năm.\n"
        "- Năm 2019, ngành phải có tối thiểu 1.200 HTX (chiếm 10%) ứng dụng công nghệ cao vào "
        "sản xuất vào năm 2019.\n"
        "- Năm 2019 thành lập mới 11 liên hiệp HTX nông nghiệp và 1.400 HTX nông nghiệp, nâng "
        "tổng số lên 61 liên hiệp HTX và 16.900 HTX nông nghiệp.\n"
    )
    assert (_one(report, 9).period_note, _one(report, 9).indicator_id) == (
        "2 tháng đầu năm",
        "htx.new",
    )
    assert _one(report, 12).indicator_id == _one(report, 40).indicator_id == "other"
    assert _one(report, 41).subject == "người lao động"
    hightech = _one(report, 1200)
    assert (hightech.indicator_id, hightech.kind) == ("htx.hightech", "target")
    assert _one(report, 11).indicator_id == "other"  # a part of the new unions
    assert _one(report, 16900).indicator_id == "htx.agri"  # the total, not new ones


def test_a_table_reads_its_lead_in_and_its_sector_rows():
    report = _records(
        "- Cơ cấu HTX theo lĩnh vực (ước đến cuối năm 2019):\n"
        "Lĩnh vực\tSố HTX\tTỷ lệ (%)\n"
        "Nông, lâm nghiệp, thủy sản\t188\t71,2\n"
        "Vận tải\t14\t5,3\n"
    )
    farm, share, transport = _one(report, 188), _one(report, 71.2), _one(report, 14)
    assert (farm.kind, farm.period_start, farm.indicator_id) == ("estimate", 2019, "htx.agri")
    assert (share.indicator_id, share.subject, share.progress) == ("htx.agri", "HTX", False)
    assert transport.indicator_id == "other"


def test_a_news_pages_table_without_years_is_of_the_pages_date():
    text = (
        "Hợp tác xã tỉnh Hà Nam phát triển khá\nHà Nam, ngày 10/01/2019\n\n"
        "Những năm gần đây các hợp tác xã của tỉnh mở rộng quy mô, nâng chất lượng hoạt động "
        "và thu hút thêm nhiều thành viên tham gia sản xuất, kinh doanh.\n\n"
        "1. Bức tranh chung\n"
        "| Loại hình | Số lượng | Đơn vị |\n|---|---|---|\n"
        "| Hợp tác xã | 233 | HTX |\n| - HTX nông, lâm, thủy sản | 190 | HTX |\n"
        "| Liên hiệp HTX | 2 | liên hiệp |\n\n"
        "Trong đó, nông nghiệp: 174 HTX đã liên kết với doanh nghiệp.\n"
    )
    records = extract_records(parse_article("x", text.encode()))
    total = _one(records, 233)
    assert (total.period_start, total.indicator_id) == (2019, "htx.total")
    assert _one(records, 190).indicator_id == "htx.agri"


def test_round_7_dev_11_readings():
    report = _records(
        "b) Bình quân mỗi HTX có 2,8 tỷ đồng vốn điều lệ.\n"
        "c) Các HTX đã tạo việc làm cho 5.120 người.\n"
        "d) Toàn tỉnh có 640 HTX đang hoạt động hiệu quả.\n"
        "| STT | Chỉ tiêu | ĐVT | Năm 2019 |\n|---|---|---|---|\n"
        "| 1 | Vốn điều lệ bình quân/HTX | tỷ đồng | 2,9 |\n"
    )
    assert _one(report, 2.8).indicator_id == _one(report, 2.9).indicator_id == "other"
    assert _one(report, 5120).indicator_id == "htx.workers"
    assert _one(report, 640).indicator_id == "htx.effective"


def test_round_8_dev_13_readings():
    news = _records(
        "Tính bình quân, mỗi HTX có doanh thu 2,1 tỷ đồng và lợi nhuận 430 triệu đồng trong năm "
        "2019; người lao động trong THT có thu nhập 4,1 triệu đồng/tháng.\n\n"
        "Năm 2019, Liên minh đặt chỉ tiêu: hỗ trợ thành lập mới 10 - 15 HTX và 6 - 9 tổ hợp tác; "
        "kết nạp thêm 12 - 14 HTX, tổ hợp tác.\n\n"
        "Năm 2019, toàn tỉnh có 640 THT hoạt động trong lĩnh vực nông nghiệp, thu hút trên "
        "19.000 hộ thành viên; có 33 HTX vận tải, 05 quỹ tín dụng nhân dân và 21 HTX ở các "
        "lĩnh vực khác.\n",
        _NEWS,
    )
    assert _one(news, 2.1).indicator_id == "htx.revenue_avg"
    assert _one(news, 430).indicator_id == "htx.profit_avg"
    assert _one(news, 4.1).subject == "người lao động"
    assert _one(news, 6).indicator_id == "tht.new"  # the range did not cut the list
    assert _one(news, 12).indicator_id == "other"  # admitted to the Liên minh
    assert _one(news, 640).indicator_id == "other"  # the farming THT, a part
    assert (_one(news, 19000).indicator_id, _one(news, 19000).subject) == (
        "tht.members",
        "thành viên",
    )
    assert _one(news, 21).indicator_id == "other"
    assert _one(news, 5).indicator_id == "qtdnd.total"  # "the others" are the last one's


def test_shares_of_households_growth_rates_and_names_are_not_indicators():
    news = _records(
        "Năm 2019, các HTX thu hút trên 75% hộ sản xuất nông nghiệp; tốc độ tăng doanh thu "
        "bình quân hằng năm của HTX đạt 9%. Theo Đề án phát triển 15.000 HTX, tỉnh có 120 HTX "
        "hoạt động hiệu quả. HTX Tân Hưng được thành lập trên cơ sở hợp nhất 3 tổ hợp tác.\n",
        _NEWS,
    )
    assert _one(news, 75).indicator_id == _one(news, 9).indicator_id == "other"
    assert _one(news, 15000).indicator_id == _one(news, 3).indicator_id == "other"
    assert _one(news, 120).indicator_id == "htx.effective"


def test_round_8_dev_14_periods():
    news = _records(
        "Tổng kết Đề án 1958 về phát triển HTX, năm 2019 toàn tỉnh có 160 hợp tác xã dịch vụ.\n\n"
        "Năm 2004, toàn tỉnh mới có 52 HTX. Đến nay, con số này đã là 280 HTX.\n\n"
        "Về xếp loại, tỷ lệ HTX hoạt động khá chiếm trên 38%.\n\n"
        "Từ năm 2016 đến nay, toàn tỉnh đã giải thể 300 HTX.\n\n"
        "Một số chỉ tiêu chính về HTX (Tổng điều tra kinh tế năm 2018):\n"
        "Chỉ tiêu\tĐơn vị\tNăm 2018\nSố hợp tác xã\tHTX\t193\n",
        _NEWS,
    )
    assert _one(news, 160).period_start == 2019  # "Đề án 1958" is a name, not a year
    assert _one(news, 38).period_start == 2020  # the page (of 12/08/2020) came to the present
    dissolved = _one(news, 300)
    assert (dissolved.period_start, dissolved.period_end) == (2016, 2020)
    assert _one(news, 193).kind == "actual"  # "một số chỉ tiêu chính" plans nothing
    report = _records(
        "Bảng 1: Số lượng tổ chức kinh tế tập thể đến 18/8/2019\n"
        "| Chỉ tiêu | Đơn vị | Số lượng |\n|---|---|---|\n| Hợp tác xã | HTX | 1.353 |\n"
    )
    assert _one(report, 1353).period_note == "đến 18/8/2019"


def test_round_9_dev_15_readings():
    news = _records(
        "Năm 2019, các THT có tổng vốn điều lệ 1 tỷ 816 triệu đồng; tổng vốn điều lệ của các "
        "HTX đạt 241 tỷ 252 triệu đồng. Về cơ cấu, khu vực nông nghiệp có 405 HTX; khu vực phi "
        "nông nghiệp có 52 HTX. Liên minh tư vấn thành lập mới 16 tổ hợp tác. Các tổ mới có 224 "
        "tổ viên.\n\n"
        "Tính đến tháng 6/2020, toàn tỉnh có 428 HTX nông nghiệp. Tổng số HTX đang hoạt động "
        "hiện là 601 HTX.\n",
        _NEWS,
    )
    assert _one(news, 1.816).unit == "tỷ đồng"  # one amount in two parts
    assert (_one(news, 241.252).unit, _one(news, 241.252).indicator_id) == (
        "tỷ đồng",
        "htx.capital",
    )
    assert _one(news, 405).indicator_id == "htx.agri"
    assert _one(news, 52).indicator_id == "other"
    assert _one(news, 224).indicator_id == "other"  # the new groups' members
    assert _one(news, 601).period_note == "tháng 6/2020"  # "hiện" keeps the date just set
    table = _records(
        "Vùng\tThành lập mới 6 tháng đầu năm 2019 (HTX)\tGiải thể 6 tháng đầu năm 2019 (HTX)\n"
        "Đồng bằng sông Hồng\t88\t16\nTây Nguyên\t100\t27\n",
        _NEWS,
    )
    assert {r.indicator_id for r in table if r.value_min in (88, 100)} == {"htx.new"}
    assert {r.indicator_id for r in table if r.value_min in (16, 27)} == {"htx.dissolved"}


def test_a_city_or_districts_figure_in_a_province_is_not_the_provinces():
    news = _records(
        "Đến cuối năm 2019, TP Phủ Lý có 19 HTX. Huyện Kim Bảng đã thành lập mới 4 HTX. "
        "Các huyện, thị xã, thành phố đã hướng dẫn thành lập mới được 31 HTX.\n",
        _NEWS,
    )
    assert _one(news, 19).indicator_id == _one(news, 4).indicator_id == "other"
    assert _one(news, 31).indicator_id == "htx.new"  # all of them together
    city = _records(
        "Đến cuối năm 2019, thành phố có 150 HTX đang hoạt động.\n",
        "Kinh tế tập thể thành phố Cần Thơ\nThứ Tư, 12/08/2020 - 09:45\n\n",
    )
    assert _one(city, 150).indicator_id == "htx.active"  # Cần Thơ is a city: the province


def test_scaled_counts_are_exact_and_a_table_of_support_levels_is_read():
    news = _records("Năm 2019, các HTX nông nghiệp có hơn 4,1 triệu thành viên.\n", _NEWS)
    assert _one(news, 4_100_000).unit == "thành viên"  # not 4099999.9999999995
    text = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 19/2019/QĐ-UBND           Hà Nam, ngày 15 tháng 10 năm 2019\n\n"
        "QUYẾT ĐỊNH\nVề hỗ trợ hợp tác xã nông nghiệp\n\n"
        "Điều 1. Hỗ trợ các HTX nông nghiệp theo định mức tại Phụ lục kèm theo.\n\n"
        "PHỤ LỤC\nTỔNG HỢP ĐỊNH MỨC HỖ TRỢ\n"
        "Nội dung hỗ trợ\tĐịnh mức\tGhi chú\n"
        "Bổ sung vốn lưu động\t30 triệu đồng/HTX\t\n"
        "Mua sắm máy móc sản xuất\tTối đa 45 triệu đồng/HTX\tMột lần\n"
    )
    records = extract_records(parse_article("x", text.encode()))
    assert {(r.value_min, r.kind, r.indicator_id) for r in records if r.value_min in (30, 45)} == {
        (30, "norm", "support.amount"),
        (45, "norm", "support.amount"),
    }


def test_credit_funds_listed_with_cooperatives_and_ratios_of_a_named_measure():
    news = _records(
        "Toàn tỉnh hiện có 553 HTX và quỹ tín dụng nhân dân, trong đó 530 đơn vị đang hoạt "
        "động. Năm 2019, thu nhập của thành viên HTX tăng 1,5 lần so với năm 2015.\n",
        _NEWS,
    )
    assert _one(news, 553).indicator_id == "htx.total"  # "tín dụng" there is no sector
    ratio = _one(news, 1.5)
    assert (ratio.indicator_id, ratio.subject) == ("htx.member_income", "thành viên")


def test_round_10_dev_16_readings():
    news = _records(
        "Về cơ cấu năm 2019, nông nghiệp chiếm nhiều nhất với 83 HTX; thương mại 4 HTX. Toàn "
        "tỉnh có 18 HTX, tổ hợp tác ứng dụng công nghệ cao và 23 HTX đã ngưng hoạt động, đang "
        "chờ giải thể. Điện Biên có 196 HTX. Các THT hiện tạo việc làm cho hơn 4.200 lao động; "
        "các HTX tạo việc làm cho khoảng 8.200 người lao động. Tỉnh còn có 1 liên hiệp HTX gồm "
        "4 HTX thành viên.\n",
        _NEWS,
    )
    assert _one(news, 83).indicator_id == "htx.agri"
    assert _one(news, 18).indicator_id == "other"  # HTX and THT together
    assert _one(news, 23).indicator_id == "other"  # not dissolved yet
    assert _one(news, 196).indicator_id == "htx.total"  # "Điện Biên" is no "điện" sector
    assert _one(news, 4200).indicator_id == "other"  # THT workers: no indicator
    assert _one(news, 8200).indicator_id == "htx.workers"
    assert _one(news, 1).indicator_id == "lhhtx.total"


def test_round_11_dev_17_readings():
    text = (
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 66/KH-UBND\tHà Nam, ngày 08 tháng 07 năm 2015\n\n"
        "KẾ HOẠCH\nPHÁT TRIỂN KINH TẾ TẬP THỂ\nGIAI ĐOẠN 2016 - 2020\n\n"
        "Phần thứ nhất\nĐÁNH GIÁ TÌNH HÌNH PHÁT TRIỂN KINH TẾ TẬP THỂ GIAI ĐOẠN 2011 - 2015\n\n"
        "1. Kết quả\n"
        "- Doanh thu bình quân của một HTX khoảng 586 triệu đồng.\n"
        "- Từ đầu năm đến nay đã thành lập mới 15 HTX, đạt 100% chỉ tiêu phấn đấu của năm. "
        "Chia theo lĩnh vực:\n- Thương mại - dịch vụ: 6 HTX;\n"
    )
    records = extract_records(parse_article("x", text.encode()))
    revenue = _one(records, 586)  # a heading of 15 words with a range is still a heading
    assert (revenue.kind, revenue.period_start, revenue.period_end) == ("actual", 2011, 2015)
    assert _one(records, 6).kind == "actual"  # "chỉ tiêu phấn đấu" was measured against
    news = _records(
        "Theo Liên minh HTX tỉnh, năm 2019 có 155 HTX nông nghiệp với 2.947 thành viên; toàn "
        "tỉnh có 365 tổ hợp tác (THT) các loại.\n",
        _NEWS,
    )
    assert _one(news, 2947).unit == "thành viên"  # the Liên minh is the source, not the owner
    assert _one(news, 365).indicator_id == "tht.total"


def test_a_years_tasks_set_targets():
    news = _records(
        "Về nhiệm vụ năm 2020, tỉnh đặt yêu cầu xử lý giải thể ít nhất 30 - 40 HTX đã ngừng "
        "hoạt động nhiều năm.\n",
        _NEWS,
    )
    assert _one(news, 30).kind == "target"


def test_round_12_dev_18_readings():
    news = _records(
        "Năm 2019, số liên hiệp HTX ước đạt 103. Thu nhập bình quân của lao động thường xuyên "
        "trong HTX tăng 26,2%; vốn góp bình quân của HTX tăng 16%.\n",
        _NEWS,
    )
    unions = _one(news, 103)  # a count's label and its verb give its unit
    assert (unions.unit, unions.indicator_id, unions.kind) == (
        "liên hiệp HTX",
        "lhhtx.total",
        "estimate",
    )
    assert _one(news, 26.2).indicator_id == "htx.worker_income"
    assert _one(news, 16).indicator_id == "other"  # an average capital: no indicator


def test_a_page_that_tells_what_a_regulation_sets_gives_norms():
    page = _records(
        "Hỏi: Tổ hợp tác được xếp nhóm thế nào?\n"
        "Đáp: Theo khoản 2 Điều 6 của Nghị định, tổ hợp tác được xếp thành ba nhóm quy mô:\n"
        "a) Nhóm nhỏ: tổ hợp tác có dưới 10 thành viên;\n"
        "b) Nhóm vừa: tổ hợp tác có từ 10 đến 30 thành viên;\n"
        "c) Nhóm lớn: tổ hợp tác có trên 30 thành viên.\n"
        "Nghị định cũng quy định tổ hợp tác được hỗ trợ khi có ít nhất 20% thành viên là "
        "phụ nữ.\n"
        "Năm 2023, toàn tỉnh có 412 tổ hợp tác.\n",
        _NEWS.replace("2020", "2023"),  # (a page of 2023: a 2020 one could only plan for it)
    )
    bands = {(r.value_min, r.value_max): r.kind for r in page}
    assert [bands[b] for b in ((10, 10), (10, 30), (30, 30), (20, 20))] == ["norm"] * 4
    assert _one(page, 412).kind == "actual"  # what the province has is no rule


def test_a_resolutions_targets_stay_targets_and_its_conditions_are_norms():
    resolution = _records(
        "Điều 2. Thông qua Đề án phát triển kinh tế tập thể của tỉnh giai đoạn 2021 - 2025 với "
        "các mục tiêu chủ yếu sau:\n"
        "1. Mỗi năm thành lập mới từ 25 hợp tác xã trở lên, trong đó có ít nhất 15 hợp tác xã "
        "nông nghiệp.\n"
        "Điều 3. Đối tượng hỗ trợ\n"
        "1. Đối tượng: hợp tác xã có tối thiểu 07 thành viên.\n",
        _HEAD.split("KẾ HOẠCH")[0]
        + "NGHỊ QUYẾT\nVề Đề án phát triển kinh tế tập thể giai đoạn 2021 - 2025\n\n",
    )
    assert _one(resolution, 15).kind == "target"
    assert _one(resolution, 7).kind == "norm"


def test_a_page_about_the_farming_cooperatives_gives_their_figures_not_the_provinces():
    page = _records(
        "Toàn tỉnh hiện có 142 HTX đang hoạt động, thu hút 9.310 thành viên, vốn điều lệ bình "
        "quân 1,4 tỷ đồng; doanh thu bình quân đạt 1,9 tỷ đồng/HTX/năm.\n",
        "Hợp tác xã nông nghiệp tỉnh Hà Nam sau một năm nhìn lại\nThứ Tư, 12/08/2020 - 09:45\n\n",
    )
    assert _one(page, 142).indicator_id == "htx.agri"
    assert [_one(page, v).indicator_id for v in (9310, 1.9)] == ["other", "other"]
    assert "nông nghiệp" in _one(page, 9310).indicator
    economy = _records(
        "Toàn tỉnh hiện có 142 HTX đang hoạt động, thu hút 9.310 thành viên.\n",
        "Kinh tế tập thể và hợp tác xã nông nghiệp tỉnh Hà Nam\nThứ Tư, 12/08/2020 - 09:45\n\n",
    )
    assert _one(economy, 9310).indicator_id == "htx.members"  # not only the farming ones


def test_a_share_in_a_page_about_farming_cooperatives_is_a_part_unless_it_is_of_all_htx():
    page = _records(
        "Cả nước có 18.300 HTX nông nghiệp, chiếm 67% tổng số HTX. Các HTX nông nghiệp phần "
        "lớn làm dịch vụ tổng hợp (58%), tập trung nhiều ở vùng Tây Nguyên (12,5%).\n",
        "Hợp tác xã nông nghiệp cả nước năm 2021\nThứ Tư, 12/01/2022 - 09:45\n\n",
    )
    assert _one(page, 67).indicator_id == "htx.agri"
    assert [_one(page, v).indicator_id for v in (58, 12.5)] == ["other", "other"]


def test_a_news_pages_fact_box_is_read_and_its_visit_counter_is_not():
    page = _records(
        "Kinh tế tập thể của tỉnh tiếp tục phát triển ổn định trong năm qua, nhiều mô hình mới "
        "ra đời.\n\n"
        "Số liệu nổi bật năm 2020\n"
        "Hợp tác xã đang hoạt động: 236\n"
        "Tổ hợp tác: 1.105\n"
        "Doanh thu bình quân: 1,6 tỷ đồng/HTX\n\n"
        "Khách trực tuyến: 318\n"
        "Tổng lượt truy cập: 4520117\n",
        _NEWS,
    )
    assert (_one(page, 236).unit, _one(page, 236).indicator_id) == ("HTX", "htx.active")
    assert _one(page, 1105).unit == "THT"
    assert _one(page, 1.6).indicator_id == "htx.revenue_avg"
    assert not [r for r in page if r.value_min in (318, 4520117)]


def test_a_rows_bare_count_takes_what_its_label_counts_not_the_dong_of_hoat_dong():
    page = _records(
        "Kinh tế tập thể của tỉnh tiếp tục phát triển ổn định trong năm qua, nhiều mô hình mới "
        "ra đời.\n\n"
        "| Chỉ tiêu | Năm 2021 |\n"
        "|---|---|\n"
        "| HTX đang hoạt động | 312 |\n"
        "| Tổ hợp tác đang hoạt động | 845 |\n",
        _NEWS,
    )
    assert (_one(page, 312).unit, _one(page, 312).indicator_id) == ("HTX", "htx.active")
    assert _one(page, 845).unit == "THT"


def test_a_plans_table_of_counts_to_date_gives_results():
    plan = _records(
        "II. KẾ HOẠCH NĂM 2020\n"
        "Tiếp tục củng cố các HTX hiện có.\n\n"
        "PHỤ LỤC\n"
        "Số liệu kinh tế tập thể đến hết năm 2019\n"
        "| Chỉ tiêu | Đơn vị | Số lượng |\n"
        "|---|---|---|\n"
        "| Tổng số hợp tác xã | HTX | 231 |\n"
        "| Thành viên HTX | người | 12.406 |\n",
        _HEAD.split("PHẦN THỨ NHẤT")[0].replace("15 tháng 10", "20 tháng 12"),
    )
    assert (_one(plan, 231).kind, _one(plan, 231).period_start) == ("actual", 2019)
    assert _one(plan, 12406).kind == "actual"


def test_a_change_column_of_a_pdf_copied_table_gives_changes_and_keeps_the_rows():
    report = _records(
        "Bảng 2: Một số chỉ tiêu của khu vực HTX\n\n"
        "STT  Chỉ tiêu                          Đơn vị tính     Năm 2019   So với năm 2018 (%)\n"
        "1    HTX đang hoạt động                HTX                  215   tăng 3,2\n"
        "2    Lao động thường xuyên trong HTX   người              4.870   giảm 7,5\n"
        "3    Thành viên HTX                    người             18.030   không đổi\n",
    )
    active = [r for r in report if r.value_min == 215]
    assert [(r.indicator_id, r.change) for r in active] == [("htx.active", False)]
    change = _one(report, 3.2)
    assert (change.indicator_id, change.change, change.unit) == ("htx.active", True, "%")
    assert (change.period_start, change.period_end) == (2019, 2019)  # not the base year 2018
    assert _one(report, 7.5).change and _one(report, 4870).indicator_id == "htx.workers"
    assert _one(report, 18030).unit == "người"


def test_a_comparisons_base_in_parentheses_is_of_its_own_year_and_kind():
    report = _records(
        "Đến ngày 30/6/2021, toàn tỉnh có 318 HTX đang hoạt động, tăng 4% so với cùng kỳ năm "
        "2020 (306 HTX). Sáu tháng đầu năm 2021 thành lập mới 12 HTX, đạt 40% kế hoạch năm "
        "2021 (30 HTX), tăng 50% so với cùng kỳ năm 2020 (08 HTX).\n",
        _NEWS.replace("Thứ Tư, 12/08/2020", "Thứ Năm, 15/07/2021"),
    )
    assert (_one(report, 318).period_note or "").endswith("2021")
    base = _one(report, 306)
    assert (base.kind, base.period_start, base.period_note) == ("actual", 2020, "đến 30/6/2020")
    planned = _one(report, 30)
    assert (planned.kind, planned.period_start, planned.period_end) == ("target", 2021, 2021)
    assert (_one(report, 8).period_start, _one(report, 8).period_note) == (2020, "6 tháng đầu năm")
    growth = _one(report, 50)
    assert (growth.kind, growth.period_start, growth.change) == ("actual", 2021, True)


def test_a_level_said_of_a_half_year_is_at_its_end_and_a_flow_is_of_the_half():
    report = _records(
        "Sáu tháng đầu năm 2021, toàn tỉnh thành lập mới 07 HTX, nâng tổng số HTX lên 236 HTX "
        "với 9.402 thành viên; trong đó: + Nông nghiệp: 150 HTX; + Vận tải: 12 HTX.\n",
        _NEWS.replace("Thứ Tư, 12/08/2020", "Thứ Năm, 15/07/2021"),
    )
    assert _one(report, 7).period_note == "6 tháng đầu năm"
    assert {_one(report, v).period_note for v in (236, 9402, 150, 12)} == {"đến 30/6/2021"}


def test_a_ruled_tables_rows_of_names_and_places_are_data_under_its_header():
    decision = _records(
        "Điều 1. Hợp tác xã thuộc địa bàn vùng II được hỗ trợ trên 40 triệu đồng/HTX/năm.\n\n"
        "PHỤ LỤC\n"
        "| STT | Tên hợp tác xã | Địa bàn | Vùng | Mức hỗ trợ (triệu đồng/HTX/năm) |\n"
        "|---|---|---|---|---|\n"
        "| 1 | HTX Dịch vụ nông nghiệp Tân Sơn | huyện Kim Bảng | Vùng II | Trên 40 |\n"
        "| 2 | HTX Chăn nuôi Đồng Hóa | huyện Kim Bảng | Vùng II | 36,5 |\n",
        _HEAD.split("KẾ HOẠCH")[0] + "QUYẾT ĐỊNH\nVề việc hỗ trợ hợp tác xã năm 2019\n\n",
    )
    prose = [r for r in decision if r.value_min == 40 and "Điều 1" not in r.section]
    assert {(r.kind, r.indicator_id) for r in prose} == {("norm", "support.amount")}
    assert len([r for r in decision if r.value_min == 40]) == 2
    assert _one(decision, 36.5).kind == "norm"


def test_what_is_approved_is_planned_and_the_next_paragraph_is_not():
    page = _records(
        "Năm 2020, tỉnh phê duyệt hỗ trợ 14 hợp tác xã xây dựng kho lạnh với tổng kinh phí "
        "1,2 tỷ đồng.\n\n"
        "Năm 2020, toàn tỉnh có 302 HTX đang hoạt động.\n",
        _NEWS,
    )
    assert [_one(page, v).kind for v in (14, 1.2)] == ["target", "target"]
    assert _one(page, 302).kind == "actual"


def test_a_unions_members_are_its_member_cooperatives_not_the_provinces_members():
    page = _records(
        "Năm 2020, tỉnh có 2 liên hiệp HTX đang hoạt động, với 11 thành viên. Toàn tỉnh có 97 "
        "HTX và 1 liên hiệp HTX, với 5.120 thành viên.\n",
        _NEWS,
    )
    union = _one(page, 11)
    assert (union.indicator_id, union.subject) == ("lhhtx.member_htx", "LH HTX")
    assert _one(page, 5120).indicator_id == "htx.members"  # of them all, not of the union


def test_a_row_labels_day_dates_its_cells_at_that_day_of_the_columns_year():
    book = _records(
        "Chỉ tiêu\tĐơn vị\tNăm 2017\n"
        "Số liên hiệp HTX (31/12)\tLH HTX\t58\n"
        "Doanh thu bình quân 01 HTX\ttriệu đồng\t2.110\n",
        _NEWS.replace("Thứ Tư, 12/08/2020", "Thứ Hai, 10/09/2018"),
    )
    assert (_one(book, 58).period_start, _one(book, 58).period_note) == (2017, "đến 31/12/2017")
    assert _one(book, 2110).period_note is None


def test_the_cooperative_sector_named_whole_has_the_cooperatives_figures():
    page = _records(
        "Các hợp tác xã, liên hiệp hợp tác xã và quỹ tín dụng nhân dân trên địa bàn tỉnh có 52 "
        "ngàn thành viên, tạo việc làm thường xuyên cho 6 ngàn lao động; khoảng 900 người vừa "
        "là người lao động vừa là thành viên HTX.\n",
        _NEWS,
    )
    assert [_one(page, v).indicator_id for v in (52000, 6000)] == ["htx.members", "htx.workers"]
    assert _one(page, 900).indicator_id == "other"  # both at once: counted in each


def test_two_numbers_run_together_by_a_bad_copy_are_skipped_not_a_crash():
    page = _records(
        "Tổng vốn điều lệ đạt 39.754.762,672,05 triệu đồng. Toàn tỉnh có 118 HTX.\n"
        "| Chỉ tiêu | Năm 2020 |\n|---|---|\n| Vốn điều lệ (triệu đồng) | 1,2,3 |\n",
        _NEWS,
    )
    assert [r.value_min for r in page] == [118]


def test_an_appendix_on_the_present_state_gives_results_of_the_documents_year():
    plan = _records(
        "I. MỤC TIÊU\n"
        "Phấn đấu đến năm 2025 toàn tỉnh có 260 hợp tác xã.\n\n"
        "PHỤ LỤC\n"
        "HIỆN TRẠNG HỢP TÁC XÃ TẠI THỜI ĐIỂM XÂY DỰNG KẾ HOẠCH\n"
        "(Kèm theo Kế hoạch phát triển kinh tế tập thể giai đoạn 2021-2025)\n\n"
        "1. Số lượng\n"
        "Toàn tỉnh có 214 HTX đang hoạt động, thu hút 9.870 thành viên.\n",
        _HEAD.split("KẾ HOẠCH")[0].replace("2019", "2021")
        + "KẾ HOẠCH\nPhát triển kinh tế tập thể giai đoạn 2021-2025\n\n",
    )
    assert (_one(plan, 260).kind, _one(plan, 260).period_end) == ("target", 2025)
    now = _one(plan, 214)
    assert (now.kind, now.period_start, now.period_end) == ("actual", 2021, 2021)
    assert "Hiện trạng" in now.section and "2025" not in now.section


def test_a_bullets_year_is_its_own_or_its_lead_ins_not_its_siblings():
    plan = _records(
        "II. MỤC TIÊU\n"
        "- Mỗi năm thành lập mới 40 HTX;\n"
        "- Đến năm 2025 nâng tổng số lên 612 HTX;\n"
        "- Doanh thu bình quân đạt 2,4 tỷ đồng/HTX/năm.\n\n"
        "III. KẾT QUẢ\n"
        "- Kết quả đánh giá, xếp loại năm 2020:\n"
        "+ Loại tốt: 21% số HTX;\n"
        "+ Loại khá: 37%.\n",
        _HEAD.split("KẾ HOẠCH")[0].replace("2019", "2021")
        + "KẾ HOẠCH\nPhát triển kinh tế tập thể giai đoạn 2021-2025\n\n",
    )
    assert (_one(plan, 612).period_start, _one(plan, 612).period_end) == (2025, 2025)
    assert (_one(plan, 2.4).period_start, _one(plan, 2.4).period_end) == (2021, 2025)
    assert {(_one(plan, v).period_start, _one(plan, v).kind) for v in (21, 37)} == {
        (2020, "actual")
    }


def test_a_structure_column_is_the_share_of_what_its_own_header_names():
    book = _records(
        "Chỉ tiêu\tSố HTX\tCơ cấu HTX (%)\tSố lao động (người)\tCơ cấu lao động (%)\n"
        "Nông, lâm nghiệp và thủy sản\t88\t71,5\t905\t64,2\n",
        _NEWS,
    )
    assert _one(book, 64.2).subject == "người lao động"
    assert _one(book, 71.5).subject == "HTX"


def test_a_share_of_farming_cooperatives_doing_a_service_is_not_their_share_of_all():
    page = _records(
        "1. Hợp tác xã nông nghiệp\n"
        "Toàn tỉnh có 286 HTX nông nghiệp, chiếm 61% tổng số HTX. Tỷ lệ HTX làm từng loại "
        "dịch vụ: - Thủy lợi: 97%; - Làm đất: 64%.\n"
        "| Dịch vụ | Tỷ lệ HTX thực hiện (%) |\n|---|---|\n| Tiêu thụ sản phẩm | 38 |\n",
    )
    assert _one(page, 61).indicator_id == "htx.agri"
    assert [_one(page, v).indicator_id for v in (97, 64, 38)] == ["other", "other", "other"]


def test_the_members_of_these_organisations_are_all_the_collective_ones():
    page = _records(
        "Toàn tỉnh có 512 tổ chức kinh tế tập thể, gồm 301 HTX và 211 THT. Các tổ chức này "
        "thu hút 12.004 thành viên và 20.115 lao động.\n",
        _NEWS,
    )
    assert [_one(page, v).indicator_id for v in (12004, 20115)] == ["other", "other"]


def test_cooperatives_grouped_by_revenue_are_a_group_and_a_plans_review_table_is_of_its_year():
    plan = _records(
        "I. MỤC TIÊU\nPhấn đấu đến năm 2025 toàn tỉnh có 260 hợp tác xã.\n\n"
        "PHỤ LỤC\nTHỰC TRẠNG HỢP TÁC XÃ\n\n"
        "Có 9 HTX đạt doanh thu trên 5 tỷ đồng/năm, 40 HTX đạt từ 1-2 tỷ đồng/năm.\n"
        "| Chỉ tiêu | Đơn vị | Số lượng |\n|---|---|---|\n| Tổng số HTX | HTX | 214 |\n",
        _HEAD.split("KẾ HOẠCH")[0].replace("2019", "2021")
        + "KẾ HOẠCH\nPhát triển kinh tế tập thể giai đoạn 2021-2025\n\n",
    )
    assert [_one(plan, v).indicator_id for v in (9, 40)] == ["other", "other"]
    row = _one(plan, 214)
    assert (row.kind, row.period_start, row.period_end) == ("actual", 2021, 2021)


def test_the_time_a_plan_is_drafted_at_is_a_time_not_a_plan():
    plan = _records(
        "- Tại thời điểm xây dựng kế hoạch, toàn tỉnh có 188 hợp tác xã đang hoạt động.\n",
    )
    assert _one(plan, 188).kind == "actual"


def test_a_bullet_opening_with_a_cut_off_date_frames_the_bullets_after_it():
    report = _records(
        "I. KẾT QUẢ\n"
        "- Tính đến tháng 9/2019, toàn tỉnh có 402 HTX;\n"
        "- Tổng số thành viên đạt 21.070 thành viên;\n"
        "- Năm 2020 phấn đấu thành lập mới 30 HTX.\n",
    )
    assert _one(report, 21070).period_note == "tháng 9/2019"
    assert (_one(report, 30).kind, _one(report, 30).period_start) == ("target", 2020)


def test_a_tables_corner_header_speaks_for_its_rows():
    page = _records(
        "Tỉnh tiếp tục đẩy mạnh phát triển kinh tế tập thể trong năm tới, nhiều mô hình mới.\n\n"
        "| Mục tiêu năm 2021 | Số lượng |\n|---|---|\n"
        "| HTX thành lập mới | 64 |\n| Tổng số HTX | 720 |\n",
        _NEWS,
    )
    assert {(_one(page, v).kind, _one(page, v).period_start) for v in (64, 720)} == {
        ("target", 2021)
    }


def test_a_half_year_named_in_one_bullet_frames_its_sibling_bullets():
    report = _records(
        "I. KẾT QUẢ\n"
        "Hiệu quả hoạt động của HTX:\n"
        "+ Doanh thu bình quân 6 tháng đầu năm 2019 đạt 640 triệu đồng/HTX;\n"
        "+ Lợi nhuận bình quân khoảng 72 triệu đồng/HTX.\n",
    )
    assert _one(report, 72).period_note == "6 tháng đầu năm"


def test_a_paragraph_opening_with_a_term_frames_the_pages_targets_after_it():
    page = _records(
        "Trong nhiệm kỳ 2021 - 2026, Liên minh HTX tỉnh đặt mục tiêu thành lập mới 150 HTX.\n\n"
        "Tỷ lệ HTX hoạt động hiệu quả phấn đấu đạt 75%.\n",
        _NEWS.replace("Thứ Tư, 12/08/2020", "Thứ Năm, 15/07/2021"),
    )
    assert {(_one(page, v).period_start, _one(page, v).period_end) for v in (150, 75)} == {
        (2021, 2026)
    }


def test_cooperatives_doing_one_thing_with_a_count_are_a_part():
    page = _records(
        "Cả nước có 1.950 HTX ứng dụng công nghệ cao. Về nội dung ứng dụng, chủ yếu là công "
        "nghệ tưới tiết kiệm với 620 HTX; tiếp đến là công nghệ nhà màng với 410 HTX. Lĩnh vực "
        "nông nghiệp chiếm nhiều nhất với 1.200 HTX.\n",
        _NEWS,
    )
    assert _one(page, 1950).indicator_id == "htx.hightech"
    assert [_one(page, v).indicator_id for v in (620, 410)] == ["other", "other"]
    assert _one(page, 1200).indicator_id == "htx.agri"


def test_a_page_titled_with_what_a_decree_sets_gives_its_levels_as_norms():
    # A Q&A page whose title says its levels are a decree's: the items and the summary table
    # under it restate the rule, whatever the sentences themselves cite.
    records = _records(
        "Đáp:\nNgân sách nhà nước hỗ trợ các đối tượng như sau:\n\n"
        "1. Đối với hợp tác xã mới thành lập\n"
        "Được hỗ trợ 50% chi phí đào tạo nghề, mức hỗ trợ tối đa không quá 20 triệu đồng.\n\n"
        "Bảng tổng hợp các mức hỗ trợ\nNội dung\tTỷ lệ hỗ trợ\tMức tối đa\n"
        "Đào tạo nghề\t50%\t20 triệu đồng\n",
        "Hỏi đáp chính sách\nMức hỗ trợ hợp tác xã theo Nghị định 45/2021/NĐ-CP\n\n"
        "Thứ Hai, 12/04/2022, 08:10\n\n",
    )
    levels = [r for r in records if r.value_min in (50, 20)]
    assert len(levels) == 4, levels
    assert {(r.kind, r.period_start, r.indicator_id) for r in levels} == {
        ("norm", None, "support.amount")
    }


def test_a_span_up_to_the_present_dates_its_list_and_the_page_after_it():
    # "từ năm 2019 đến nay" on a 2023 page: the list's results are of the span, and what the
    # page says next, even in a sentence after "Đến nay", is of 2023, never of 2019.
    records = _records(
        "Kết quả triển khai chính sách từ năm 2019 đến nay:\n"
        "- Tỉnh đã hỗ trợ 42 HTX xây dựng nhà kho, sân phơi;\n"
        "- Quỹ hỗ trợ phát triển HTX cho 17 HTX vay vốn.\n\n"
        "Đến nay, toàn tỉnh có 318 HTX. Trong số đó, 276 HTX đang hoạt động.\n\n"
        "Tổng số thành viên HTX là 21.400 người.\n",
        _NEWS.replace("2020", "2023"),
    )
    assert {(r.period_start, r.period_end) for r in records if r.value_min in (42, 17)} == {
        (2019, 2023)
    }
    assert {(r.period_start, r.period_end) for r in records if r.value_min in (276, 21400)} == {
        (2023, 2023)
    }


def test_an_annexed_table_after_the_signature_is_read_and_dated_by_its_caption():
    # "Biểu 01" after "Nơi nhận" is content; its caption's "đến hết tháng 9/2021" dates the
    # cells, and a row of those who borrowed counts borrowers, not the province's HTX.
    body = (
        "I. TÌNH HÌNH CHUNG\n\nTrong 9 tháng đầu năm 2021, toàn tỉnh thành lập mới 21 HTX.\n\n"
        "II. KHÓ KHĂN, VƯỚNG MẮC\n\nNhiều HTX còn thiếu vốn, thiếu đất sản xuất.\n\n"
        "Công tác tiêu thụ sản phẩm còn phụ thuộc thương lái.\n\n"
        "III. KIẾN NGHỊ\n\nĐề nghị UBND tỉnh bổ sung vốn điều lệ cho Quỹ.\n\n"
        "Trên đây là báo cáo tình hình phát triển hợp tác xã 9 tháng đầu năm 2021./.\n\n"
        "Nơi nhận:\t\t\t\tKT. GIÁM ĐỐC\n- UBND tỉnh (b/c);\t\t\tPHÓ GIÁM ĐỐC\n- Lưu: VT.\n\n"
        "\t\t\t\t\tTrần Văn Bình\n\n"
        "Biểu 01. Số hợp tác xã theo ngành (đến hết tháng 9/2021)\n"
        "STT\tNgành\tSố lượng (HTX)\n1\tNông nghiệp\t312\n2\tVận tải\t14\n\tTổng cộng\t326\n\n"
        "Biểu 02. Vốn vay của HTX\nSTT\tNội dung\tSố HTX\tSố tiền (tỷ đồng)\n"
        "1\tVay Quỹ hỗ trợ phát triển HTX\t31\t8,4\n"
    )
    head = (
        "UBND TỈNH HÀ NAM\t\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "SỞ KẾ HOẠCH VÀ ĐẦU TƯ\t\t\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 412/BC-SKHĐT\t\t\tHà Nam, ngày 08 tháng 10 năm 2021\n\n"
        "BÁO CÁO\nTình hình phát triển hợp tác xã 9 tháng đầu năm 2021\n\n"
    )
    records = _records(body, head)
    total = _one(records, 326)
    assert (total.indicator_id, total.period_end, total.period_note) == (
        "htx.total",
        2021,
        "tháng 9/2021",
    )
    assert _one(records, 312).period_note == "tháng 9/2021"
    assert _one(records, 31).indicator_id == "other"


def test_a_plan_attached_after_a_decisions_signature_is_read():
    # A decision approving a plan, the plan attached after the signature block, its name over
    # two lines before "(Ban hành kèm theo …)": its targets are the document's content.
    text = (
        "ỦY BAN NHÂN DÂN\t\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HẢI DƯƠNG\t\t\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 2210/QĐ-UBND\t\t\tHải Dương, ngày 14 tháng 9 năm 2021\n\n"
        "QUYẾT ĐỊNH\nBan hành Kế hoạch phát triển hợp tác xã giai đoạn 2021 - 2025\n\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\nCăn cứ Luật Hợp tác xã ngày 20 tháng 11 năm 2012;\n\n"
        "QUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển hợp tác "
        "xã giai đoạn 2021 - 2025.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n\n"
        "\t\t\t\tKT. CHỦ TỊCH\n\t\t\t\tPHÓ CHỦ TỊCH\n\t\t\t\tLương Văn Cầu\n\n"
        "KẾ HOẠCH\nPhát triển hợp tác xã tỉnh Hải Dương\ngiai đoạn 2021 - 2025\n"
        "(Ban hành kèm theo Quyết định số 2210/QĐ-UBND ngày 14/9/2021)\n\n"
        "I. MỤC TIÊU\n\n- Thành lập mới 150 hợp tác xã;\n"
        "- Đến năm 2025 có 70% hợp tác xã hoạt động hiệu quả.\n\n"
        "II. NHIỆM VỤ\n\nCác sở, ngành tổ chức tuyên truyền Luật Hợp tác xã.\n"
    )
    article = parse_article("x", text.encode())
    records = extract_records(article)
    new = _one(records, 150)
    assert (new.kind, new.indicator_id) == ("target", "htx.new")
    assert _one(records, 70).kind == "target"


def test_a_paragraph_of_which_parts_keeps_the_time_of_the_total_before_it():
    # A new paragraph "Trong đó, …" gives the parts of the previous paragraph's total, at its
    # date, not at the year the report was written in.
    head = (
        "UBND TỈNH QUẢNG NGÃI\t\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "SỞ KẾ HOẠCH VÀ ĐẦU TƯ\t\t\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 57/BC-SKHĐT\t\t\tQuảng Ngãi, ngày 09 tháng 01 năm 2023\n\n"
        "BÁO CÁO\nTình hình hoạt động của hợp tác xã\n\n"
    )
    records = _records(
        "1. Số lượng hợp tác xã\n\nTính đến ngày 30/9/2022, toàn tỉnh có 412 HTX.\n\n"
        "Trong đó, có 265 HTX nông nghiệp, chiếm 64,3%.\n",
        head,
    )
    assert _one(records, 412).period_note == "đến 30/9/2022"
    farming = _one(records, 265)
    assert (farming.period_end, farming.period_note) == (2022, "đến 30/9/2022")


def test_now_in_a_report_on_last_year_is_that_year_not_the_date_it_was_signed():
    # "hiện có" in a report on 2023 signed in January 2024 is 2023; in a plan for 2024 written
    # in December 2023 it is still 2023, never the plan's year.
    def head(kind: str, title: str, date: str) -> str:
        return (
            "UBND TỈNH PHÚ THỌ\t\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "SỞ KẾ HOẠCH VÀ ĐẦU TƯ\t\t\tĐộc lập - Tự do - Hạnh phúc\n"
            f"Số: 21/{kind}-SKHĐT\t\t\tPhú Thọ, {date}\n\n{title}\n\n"
        )

    body = "I. SỐ LƯỢNG\n\n1. Hợp tác xã\n\n- Tổng số HTX hiện có là 1.072 HTX.\n"
    report = _records(
        body,
        head("BC", "BÁO CÁO\nKết quả phát triển hợp tác xã năm 2023", "ngày 12 tháng 01 năm 2024"),
    )
    assert _one(report, 1072).period_end == 2023
    plan = _records(
        body,
        head("KH", "KẾ HOẠCH\nPhát triển hợp tác xã năm 2024", "ngày 20 tháng 12 năm 2023"),
    )
    assert _one(plan, 1072).period_end == 2023


def test_all_the_managers_are_not_the_managers_of_a_qualification():
    # The managers in all are "other"; those with a qualification, said before or after the
    # count, are the catalogue's trained managers.
    records = _records(
        "Năm 2024, tổng số cán bộ quản lý HTX toàn tỉnh là 2.140 người; trong đó 610 cán bộ "
        "quản lý HTX có trình độ cao đẳng, đại học và 1.050 người đã qua đào tạo sơ cấp.\n",
        _NEWS.replace("2020", "2025"),
    )
    assert _one(records, 2140).indicator_id == "other"
    assert _one(records, 610).indicator_id == "htx.managers_trained"
    assert _one(records, 1050).indicator_id == "htx.managers_trained"


def test_a_qualification_after_an_aside_on_the_share_still_names_the_managers():
    # "(trên 38,2%)" or ", tương đương 21,5%," between the count and "có trình độ": the
    # count and its share are both of the managers with that qualification.
    records = _records(
        "Đội ngũ cán bộ quản lý HTX có khoảng 9.800 người. Hơn 3.740 người (trên 38,2%) có "
        "trình độ trung cấp; gần 2.100 người, tương đương 21,5%, có trình độ đại học.\n",
        _NEWS.replace("2020", "2025"),
    )
    assert _one(records, 9800).indicator_id == "other"
    for value in (3740, 38.2, 2100, 21.5):
        assert _one(records, value).indicator_id == "htx.managers_trained", value


def test_a_cut_off_bullet_dates_the_sibling_sentences_after_it():
    # "- Tính đến tháng 11/2023, …." ends its sentence; the next bullets, with no time of
    # their own, are at the same cut-off.
    records = _records(
        "1. Số lượng\n\n- Tính đến tháng 11/2023, toàn tỉnh có 742 HTX, tăng 5% so với năm "
        "2022. - Số tổ hợp tác còn 1.310 tổ, giảm 3% so với năm 2022. - Trong năm 2023 thành "
        "lập mới 61 HTX.\n",
        _HEAD.replace("2020", "2024").replace("2019", "2023"),
    )
    assert _one(records, 742).period_note == "tháng 11/2023"
    assert _one(records, 1310).period_note == "tháng 11/2023"
    new = _one(records, 61)
    assert (new.period_end, new.period_note) == (2023, None)


def test_a_plan_set_out_and_measured_against_does_not_make_the_next_sentence_a_plan():
    # "… mới đạt 81% kế hoạch đề ra." measures a result against the plan; the sentence after
    # it reports another result.
    records = _records(
        "Năm 2023, toàn tỉnh thành lập mới 34 HTX, mới đạt 81% kế hoạch đề ra. Các HTX sử "
        "dụng 4.820 lao động thường xuyên.\n",
        _NEWS.replace("2020", "2024"),
    )
    assert _one(records, 81).progress
    assert _one(records, 4820).kind == "actual"


def test_a_sibling_items_estimate_does_not_make_the_next_item_an_estimate():
    # "- … ước đạt …; - …": the estimate is the first item's own; the second item is a
    # result, while a clause after ";" in the same item keeps its item's estimate.
    records = _records(
        "c) Hiệu quả hoạt động\n- Doanh thu bình quân ước đạt 2,05 tỷ đồng/HTX; phần doanh "
        "thu từ thành viên chiếm trên 55%;\n- Lãi bình quân 210 triệu đồng/HTX;\n"
        "- Thu nhập bình quân của người lao động đạt 5,1 triệu đồng/người/tháng.\n",
        _HEAD.replace("2020", "2024").replace("2019", "2023"),
    )
    assert _one(records, 2.05).kind == "estimate"
    assert _one(records, 55).kind == "estimate"
    assert _one(records, 210).kind == "actual"
    assert _one(records, 5.1).kind == "actual"


def test_a_news_pages_fact_box_laid_out_with_spaces_is_read_as_a_table():
    # A fact box copied with its columns aligned by spaces, not tabs or pipes: its rows are
    # figures with their labels, as a tabbed table's are.
    records = _records(
        "Sáu tháng đầu năm 2021, toàn tỉnh thành lập mới 9 hợp tác xã, nâng tổng số lên 311 "
        "hợp tác xã đang hoạt động.\n\n"
        "Số liệu tóm tắt (đến 30/6/2021):\nChỉ tiêu                         Số lượng\n"
        "Hợp tác xã nông nghiệp           247\nThành viên HTX                   18.460\n"
        "Lao động                         4.125\n\nNguyễn Hà\n",
        _NEWS.replace("2020", "2021"),
    )
    members = _one(records, 18460)
    assert (members.indicator_id, members.period_note) == ("htx.members", "đến 30/6/2021")
    assert _one(records, 247).indicator_id == "htx.agri"
    assert _one(records, 4125).unit == "người"


def test_a_corner_header_naming_a_year_dates_a_plans_rows():
    # "Chỉ tiêu năm 2025 | Kế hoạch": the corner says whose year the planned cells are.
    records = _records(
        "Theo kế hoạch, năm 2025 tỉnh sẽ hỗ trợ thành lập mới 12 hợp tác xã.\n\n"
        "| Chỉ tiêu năm 2025 | Kế hoạch |\n|---|---|\n| Tổ hợp tác thành lập mới | 40 THT |\n"
        "| Tỷ lệ HTX có lãi | trên 85% |\n",
        _NEWS.replace("2020", "2025"),
    )
    new = _one(records, 40)
    assert (new.kind, new.period_end, new.indicator_id) == ("target", 2025, "tht.new")
    assert _one(records, 85).kind == "target"


def test_an_html_tables_caption_names_and_dates_its_rows():
    # A saved page's <caption> is a line above its table, not a header row: the rows are
    # read with their own column header and dated by the caption.
    from pathlib import Path

    from bot.corpus_load import parse_file

    page = """<html><head><title>Hậu Giang tổng kết kinh tế tập thể</title></head><body>
<article><h1>Hậu Giang tổng kết kinh tế tập thể năm 2024</h1>
<p>Ngày 15/01/2025, Ban Chỉ đạo phát triển kinh tế tập thể tỉnh Hậu Giang tổ chức hội nghị
tổng kết năm 2024 và triển khai nhiệm vụ năm 2025 với sự tham dự của các sở, ngành.</p>
<p>Đến nay toàn tỉnh có 268 hợp tác xã đang hoạt động, thu hút hơn 20 nghìn thành viên.</p>
<table><caption>Hợp tác xã theo lĩnh vực (tính đến 30/11/2024)</caption>
<tr><th>Lĩnh vực</th><th>Số HTX</th></tr>
<tr><td>HTX nông nghiệp</td><td>221</td></tr><tr><td>Tổng cộng</td><td>268</td></tr></table>
</article></body></html>"""
    article = parse_file(Path("tin.html"), page.encode())
    records = extract_records(article)
    farming = [r for r in records if r.value_min == 221]
    assert len(farming) == 1, records
    assert (farming[0].indicator_id, farming[0].period_note) == ("htx.agri", "đến 30/11/2024")


def test_a_wage_or_one_earners_income_is_the_workers():
    # One cooperative's "lương bình quân của một lao động" and "thu nhập bình quân của 01 lao
    # động": the workers' money, whatever indicator it is.
    records = _records(
        "Năm 2023, HTX Nông nghiệp Tân Phú có doanh thu 12 tỷ đồng; lương bình quân của một "
        "lao động đạt 9 triệu đồng/tháng. Thu nhập bình quân của 01 lao động thường xuyên "
        "trong HTX đạt 96 triệu đồng/năm.\n",
        _NEWS.replace("2020", "2024"),
    )
    assert _one(records, 9).subject == "người lao động"
    assert _one(records, 96).subject == "người lao động"


def test_an_abbreviation_defined_in_passing_does_not_part_a_name_from_its_sector():
    # "hợp tác xã (HTX) nông nghiệp" counts the farming ones; "2.150 tổ hợp tác (THT)" is
    # still a count of THT.
    records = _records(
        "Sau 5 năm, số hợp tác xã (HTX) nông nghiệp của tỉnh đã tăng gấp đôi, lên 164 HTX. "
        "Toàn tỉnh hiện có 2.150 tổ hợp tác (THT) đang hoạt động.\n",
        _NEWS.replace("2020", "2023"),
    )
    assert _one(records, 164).indicator_id == "htx.agri"
    assert _one(records, 2150).indicator_id == "tht.total"


def test_a_header_of_year_ranges_names_a_tables_columns():
    # "Chỉ tiêu | Đơn vị | 2021-2025 | 2026-2030" laid out with spaces: the ranges head the
    # columns, so each cell is a target of its range.
    records = _records(
        "IV. CHỈ TIÊU KẾ HOẠCH\n\n"
        "  Chỉ tiêu                         Đơn vị     2021-2025     2026-2030\n"
        "  HTX thành lập mới                HTX              120           150\n"
        "  Tổ hợp tác thành lập mới         THT              300           320\n\n"
        "V. TỔ CHỨC THỰC HIỆN\n\nCác sở, ngành triển khai thực hiện.\n",
        _HEAD.replace("KẾT QUẢ NĂM 2019", "MỤC TIÊU").replace("Đề án phát triển", "Kế hoạch"),
    )
    later = _one(records, 150)
    assert (later.indicator_id, later.period_start, later.period_end) == ("htx.new", 2026, 2030)
    assert _one(records, 300).indicator_id == "tht.new"


def test_a_share_of_communes_or_of_the_weak_ones_is_not_the_effective_share():
    # "85% HTX hoạt động hiệu quả" is; "HTX yếu kém dưới 3%" and "100% số xã … có HTX hoạt
    # động hiệu quả" are not.
    records = _records(
        "Đến năm 2030, phấn đấu 85% HTX hoạt động hiệu quả, tỷ lệ HTX yếu kém dưới 3%; 100% "
        "số xã đạt chuẩn nông thôn mới có HTX hoạt động hiệu quả.\n",
        _NEWS.replace("2020", "2023"),
    )
    assert _one(records, 85).indicator_id == "htx.effective"
    assert _one(records, 3).indicator_id == "other"
    assert _one(records, 100).indicator_id == "other"


def test_a_year_in_parentheses_right_after_a_figure_is_its_own():
    # "từ 12,5 triệu đồng/người (năm 2005) lên 48 triệu đồng/người (năm 2022)": each amount
    # at the year beside it, not at the first year the sentence names.
    records = _records(
        "Thu nhập bình quân của người lao động trong HTX tăng từ 12,5 triệu đồng/người (năm "
        "2005) lên 48 triệu đồng/người (năm 2022).\n",
        _NEWS.replace("2020", "2023"),
    )
    assert _one(records, 12.5).period_end == 2005
    assert _one(records, 48).period_end == 2022


def test_a_share_of_managers_with_its_qualification_after_it():
    # "… cán bộ quản lý HTX, trong đó 38% chưa qua đào tạo, 45% có trình độ trung cấp và 17%
    # tốt nghiệp đại học": the trained shares are the catalogue's, the untrained one is not.
    records = _records(
        "Năm 2023, toàn tỉnh có 2.900 cán bộ quản lý HTX, trong đó 38% chưa qua đào tạo, 45% có "
        "trình độ trung cấp và 17% tốt nghiệp đại học.\n",
        _NEWS.replace("2020", "2024"),
    )
    assert _one(records, 38).indicator_id == "other"
    assert _one(records, 45).indicator_id == "htx.managers_trained"
    assert _one(records, 17).indicator_id == "htx.managers_trained"


def test_what_was_recognised_is_a_result_after_a_paragraph_of_aims():
    # A page that set out the aim ("phấn đấu có 15 sản phẩm") then tells what was recognised:
    # those and what follows are results; "mục tiêu công nhận 30 sản phẩm" stays a target.
    records = _records(
        "Đầu năm 2021, tỉnh phấn đấu có 15 sản phẩm đạt chuẩn OCOP.\n\n"
        "Sau các vòng đánh giá, UBND tỉnh quyết định công nhận 27 sản phẩm OCOP mới.\n\n"
        "Chủ thể sở hữu các sản phẩm gồm 14 hợp tác xã và 9 hộ kinh doanh.\n\n"
        "Năm 2022, tỉnh đặt mục tiêu công nhận 30 sản phẩm OCOP.\n",
        _NEWS.replace("Thứ Tư, 12/08/2020", "Thứ Ba, 28/12/2021"),
    )
    assert _one(records, 15).kind == "target"
    assert _one(records, 27).kind == "actual"
    assert _one(records, 14).kind == "actual"
    assert _one(records, 30).kind == "target"


def test_a_range_whose_ends_both_carry_the_percent_sign_is_one_range():
    # "tăng 4% - 6%/năm": one aim from 4 to 6 percent, not a 4 % record and a stray 6 %
    records = _records(
        "- Doanh thu bình quân của HTX tăng từ 4% - 6%/năm; lãi bình quân tăng 3 % đến 4 %.\n"
    )
    revenue = _one(records, 4)
    assert (revenue.value_max, revenue.unit, revenue.indicator_id) == (6, "%", "htx.revenue_avg")
    assert _one(records, 3).value_max == 4
    assert not [r for r in records if r.value_min in (6, 4) and r.value_max == r.value_min]


_PLAN_2021_2025 = """ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH PHÚ YÊN                  Độc lập - Tự do - Hạnh phúc
Số: 140/KH-UBND               Phú Yên, ngày 20 tháng 8 năm 2021

KẾ HOẠCH
Phát triển kinh tế tập thể, hợp tác xã giai đoạn 2021 - 2025

I. MỤC TIÊU
1. Mục tiêu cụ thể đến năm 2025
- Thành lập mới 120 HTX và 150 THT;
- Doanh thu bình quân của HTX tăng từ 6 - 8%/năm;
- Tỷ lệ HTX hoạt động hiệu quả đạt 70%.
"""


def test_flows_and_yearly_rates_under_a_heading_to_the_plans_last_year_span_the_plan():
    # "Mục tiêu cụ thể đến năm 2025" in a 2021-2025 plan issued as it opens: the new HTX and
    # the yearly growth are over the plan's five years; the share of effective HTX is in 2025
    records = extract_records(parse_article("kh140", _PLAN_2021_2025.encode()))
    for value in (120, 150, 6):
        assert period_label(_one(records, value)) == "2021-2025", value
    assert period_label(_one(records, 70)) == "2025"


def test_a_mid_term_review_quoting_the_aims_to_the_last_year_keeps_that_year():
    # a review written in 2023 quotes the aims "đến năm 2025": not widened by its heading
    review = (
        _PLAN_2021_2025.replace("ngày 20 tháng 8 năm 2021", "ngày 12 tháng 7 năm 2023")
        .replace("KẾ HOẠCH\nPhát triển", "BÁO CÁO\nSơ kết giữa kỳ Kế hoạch phát triển")
        .replace("Số: 140/KH-UBND", "Số: 96/BC-UBND")
    )
    records = extract_records(parse_article("bc96", review.encode()))
    assert period_label(_one(records, 120)) == "2025"


def test_whose_figure_is_not_taken_from_the_next_clause_but_from_its_own_sentence():
    # "…4 - 5%/năm; của THT …": the THT are the next clause's; a clause naming no one
    # ("vốn góp đạt …") is of whom its sentence names ("các THT")
    records = _records(
        "- Doanh thu bình quân của HTX tăng 4 - 5%/năm; của THT tăng 2 - 3%/năm.\n"
        "- Toàn tỉnh có 1.020 THT, đất canh tác của các THT là 8.400 ha; vốn góp đạt "
        "trên 9,5 tỷ đồng.\n"
    )
    revenue = _one(records, 4)
    assert (revenue.indicator_id, revenue.subject) == ("htx.revenue_avg", "HTX")
    assert _one(records, 2).subject == "THT"
    assert _one(records, 9.5).subject == "THT"


def test_one_cooperatives_size_in_members_is_not_the_members_count():
    # "bình quân 35 thành viên/HTX", "số thành viên bình quân đạt 30", "quy mô trên 200 thành
    # viên": the size of one cooperative, not how many members there are in all
    records = _records(
        "- Toàn tỉnh có 410 HTX với 14.350 thành viên, bình quân 35 thành viên/HTX.\n"
        "- Số thành viên bình quân đạt 30 người.\n"
        "- Phấn đấu có 5 HTX có quy mô trên 200 thành viên.\n"
    )
    assert _one(records, 14350).indicator_id == "htx.members"
    for value in (35, 30, 200):
        assert _one(records, value).indicator_id == "other", value


def test_cells_under_a_caption_counting_cooperatives_count_them():
    # rows of sectors, columns of places, bare numbers: the caption says what they count;
    # "Lĩnh vực khác" is the rest's part, not all of them
    records = _records(
        "Bảng 2. Số hợp tác xã theo lĩnh vực (đến 31/12/2019)\n"
        "| Lĩnh vực | Vùng đồng bằng | Vùng núi |\n"
        "|---|---|---|\n"
        "| Nông nghiệp | 118 | 64 |\n"
        "| Thương mại - dịch vụ | 37 | 9 |\n"
        "| Lĩnh vực khác | 12 | 5 |\n"
    )
    assert (_one(records, 118).unit, _one(records, 118).indicator_id) == ("HTX", "htx.agri")
    assert (_one(records, 37).unit, _one(records, 37).indicator_id) == ("HTX", "other")
    assert (_one(records, 12).unit, _one(records, 12).indicator_id) == ("HTX", "other")


def test_a_half_year_column_gone_by_when_the_plan_was_written_is_a_result():
    # a plan of 12/8/2019 for 2020: its "6 tháng 2019" column tells what happened
    head = _HEAD.replace("ngày 15 tháng 10 năm 2019", "ngày 12 tháng 8 năm 2019")
    head = head.split("PHẦN THỨ NHẤT")[0]  # no section to say what the table tells
    records = _records(
        "Biểu 01. Một số chỉ tiêu\n"
        "| Chỉ tiêu | Đơn vị tính | 6 tháng 2019 | Kế hoạch 2020 |\n"
        "|---|---|---|---|\n"
        "| HTX thành lập mới | HTX | 13 | 30 |\n",
        head,
    )
    half = _one(records, 13)
    assert (half.kind, period_label(half)) == ("actual", "2019-H1")
    assert _one(records, 30).kind == "target"


def test_trained_managers_in_a_plans_aims_are_a_target_not_a_result():
    # "đã qua đào tạo" says whom the share counts, not that it has happened
    head = _HEAD.split("PHẦN THỨ NHẤT")[0]
    records = _records(
        "II. CHỈ TIÊU NĂM 2020\n"
        "1. Thành lập mới 25 HTX.\n"
        "2. Tỷ lệ cán bộ quản lý HTX đã qua đào tạo đạt khoảng 35%.\n",
        head,
    )
    share = _one(records, 35)
    assert (share.kind, share.indicator_id) == ("target", "htx.managers_trained")


def test_a_share_of_the_members_or_a_rate_paid_them_is_no_members_count():
    records = _records(
        "Năm 2019, các HTX chia lãi cho thành viên bình quân 1,2%/tháng. Có 30% thành viên "
        "HTX là phụ nữ. Số thành viên HTX tăng 6% so với năm 2018.\n",
        _NEWS,
    )
    assert _one(records, 1.2).indicator_id == "other"
    assert _one(records, 30).indicator_id == "other"
    grew = _one(records, 6)
    assert (grew.indicator_id, grew.change) == ("htx.members", True)


def test_a_growth_said_with_xap_xi_is_a_change():
    records = _records("Năm 2019, số thành viên HTX tăng xấp xỉ 7% so với năm 2018.\n", _NEWS)
    assert _one(records, 7).change


def test_a_news_page_on_a_plan_dates_its_flows_by_the_plans_range():
    # the page's frame "đến năm 2025" carried to the next paragraph: new HTX over the plan
    # the title names, issued as it opens; a year said in the sentence stays that year's
    page = (
        "Phú Yên phê duyệt kế hoạch phát triển kinh tế tập thể giai đoạn 2021 - 2025\n"
        "Thứ Năm, 16/09/2021 - 10:15\n\n"
        "Theo kế hoạch, đến năm 2025 toàn tỉnh có khoảng 260 THT.\n\n"
        "Cùng thời gian đó, dự kiến thành lập mới 150 HTX; lãi bình quân của HTX tăng "
        "khoảng 4%/năm.\n\n"
        "Riêng năm 2025, tỉnh dự kiến thành lập mới 40 HTX.\n"
    )
    records = extract_records(parse_article("tin", page.encode()))
    assert period_label(_one(records, 150)) == "2021-2025"
    assert period_label(_one(records, 4)) == "2021-2025"
    assert period_label(_one(records, 40)) == "2025"


def test_a_row_said_of_the_ranges_last_year_is_of_that_year():
    # "(đến năm 2025)" in the row's own label, under a column of the whole range
    records = _records(
        "| Chỉ tiêu | Đơn vị | Mục tiêu 2021 - 2025 |\n"
        "|---|---|---|\n"
        "| HTX thành lập mới | HTX | 120 |\n"
        "| Tỷ lệ HTX hoạt động hiệu quả (đến năm 2025) | % | 70 |\n",
        _HEAD.split("PHẦN THỨ NHẤT")[0],
    )
    assert period_label(_one(records, 120)) == "2021-2025"
    assert period_label(_one(records, 70)) == "2025"


def test_a_table_row_of_members_per_cooperative_is_no_members_count():
    records = _records(
        "| Chỉ tiêu | Đơn vị | Năm 2019 |\n"
        "|---|---|---|\n"
        "| Tổng số thành viên HTX | người | 9.800 |\n"
        "| Thành viên bình quân một HTX | thành viên | 28 |\n"
    )
    assert _one(records, 9800).indicator_id == "htx.members"
    assert _one(records, 28).indicator_id == "other"


def test_each_places_count_is_not_the_provinces():
    records = _records(
        "- Thành lập mới 45 HTX, bình quân mỗi huyện từ 3 - 4 HTX.\n"
        "- Mỗi xã, thị trấn có ít nhất 02 tổ hợp tác hoạt động ổn định.\n"
    )
    assert _one(records, 45).indicator_id == "htx.new"
    assert _one(records, 3).indicator_id == "other"
    assert _one(records, 2).indicator_id == "other"


def test_an_income_of_workers_and_members_together_is_the_members_income():
    records = _records(
        "- Thu nhập bình quân của người lao động và thành viên HTX đạt 46 triệu đồng/năm.\n"
        "- Thu nhập bình quân của người lao động trong HTX đạt 41 triệu đồng/năm.\n"
    )
    both = _one(records, 46)
    assert (both.indicator_id, both.subject) == ("htx.member_income", "thành viên")
    assert _one(records, 41).indicator_id == "htx.worker_income"


def test_rows_of_sectors_count_their_own_part_at_the_month_end_their_heading_names():
    records = _records(
        "2. Số HTX theo lĩnh vực đến cuối tháng 9/2019 như sau:\n"
        "| Lĩnh vực | Tổng số (HTX) | Đang hoạt động (HTX) |\n"
        "|---|---|---|\n"
        "| Nông nghiệp | 120 | 101 |\n"
        "| Vận tải | 14 | 12 |\n"
        "| Tổng cộng | 134 | 113 |\n"
    )
    assert {_one(records, v).indicator_id for v in (120, 101)} == {"htx.agri"}
    assert {_one(records, v).indicator_id for v in (14, 12)} == {"other"}
    assert (_one(records, 134).indicator_id, _one(records, 113).indicator_id) == (
        "htx.total",
        "htx.active",
    )
    assert {period_label(r) for r in records} == {"2019-09"}


def test_a_row_its_label_says_is_estimated_is_an_estimate():
    records = _records(
        "| Chỉ tiêu | Đơn vị | Năm 2019 |\n"
        "|---|---|---|\n"
        "| HTX thành lập mới | HTX | 26 |\n"
        "| Lãi bình quân một HTX (ước) | triệu đồng | 210 |\n"
    )
    assert _one(records, 26).kind == "actual"
    assert _one(records, 210).kind == "estimate"


def test_a_table_takes_the_cut_off_date_its_sections_prose_set():
    records = _records(
        "1. Số lượng hợp tác xã theo ngành\n"
        "Tính đến hết ngày 30/9/2019, toàn tỉnh có 212 HTX, tăng 6 HTX so với năm 2018.\n"
        "Chi tiết theo ngành như bảng sau:\n"
        "| Ngành | Số HTX |\n"
        "|---|---|\n"
        "| HTX nông nghiệp | 150 |\n"
        "| HTX vận tải | 19 |\n",
        _HEAD.split("PHẦN THỨ NHẤT")[0],
    )
    assert {period_label(_one(records, v)) for v in (212, 150, 19)} == {"2019-09-30"}


def test_a_paragraph_on_another_year_ends_the_cut_off_a_section_set():
    records = _records(
        "1. Số lượng hợp tác xã theo ngành\n"
        "Tính đến hết ngày 30/9/2019, toàn tỉnh có 212 HTX.\n"
        "Năm 2015, toàn tỉnh có 150 HTX; số HTX theo ngành năm đó như sau:\n"
        "| Ngành | Số HTX |\n"
        "|---|---|\n"
        "| HTX vận tải | 19 |\n",
        _HEAD.split("PHẦN THỨ NHẤT")[0],
    )
    assert period_label(_one(records, 19)) != "2019-09-30"


def test_a_plans_main_indicators_of_its_own_year_are_its_targets():
    head = _HEAD.replace("ngày 15 tháng 10 năm 2019", "ngày 20 tháng 02 năm 2020").split(
        "PHẦN THỨ NHẤT"
    )[0]
    records = _records(
        "II. CHỈ TIÊU CHỦ YẾU NĂM 2020\n1. Về số lượng\n- Thành lập mới 30 HTX trong năm 2020;\n",
        head,
    )
    assert _one(records, 30).kind == "target"
    # a plan for 2021 written late in 2020 reviews 2020 under the same words: no target
    head = _HEAD.replace("năm 2020", "năm 2021").replace("năm 2019", "năm 2020")
    head = head.split("PHẦN THỨ NHẤT")[0]
    records = _records(
        "I. MỘT SỐ CHỈ TIÊU CHỦ YẾU NĂM 2020\n- Thành lập mới 30 HTX trong năm 2020;\n", head
    )
    assert all(r.kind != "target" for r in records if r.value_min == 30)


def test_a_plans_column_of_a_month_gone_by_is_a_result():
    records = _records(
        "| Chỉ tiêu | ĐVT | Tháng 6/2019 | Mục tiêu 2020 |\n"
        "|---|---|---|---|\n"
        "| Tổng số HTX | HTX | 118 | 140 |\n",
        _HEAD.split("PHẦN THỨ NHẤT")[0],
    )
    assert (_one(records, 118).kind, period_label(_one(records, 118))) == ("actual", "2019-06")
    assert _one(records, 140).kind == "target"


def test_a_year_end_the_document_expects_is_an_estimate_in_its_list_and_table():
    records = _records(
        "1. Số lượng hợp tác xã\n"
        "Dự kiến đến ngày 31/12/2019, toàn tỉnh có 212 HTX, trong đó: - HTX nông nghiệp: "
        "150 HTX; - HTX phi nông nghiệp: 62 HTX.\n\n"
        "Bảng 1. Số lượng HTX dự kiến đến 31/12/2019\n"
        "Loại hình             ĐVT    Số lượng\n"
        "Tổng số HTX           HTX    212\n"
        "HTX nông nghiệp       HTX    150\n"
        "HTX phi nông nghiệp  HTX    62\n\n"
        "2. Hiệu quả hoạt động\n"
    )
    for value in (212, 150, 62):
        kinds = {r.kind for r in records if r.value_min == value}
        assert kinds == {"estimate"}, (value, kinds)
    # the table's last row, its label two spaces from the next cell, is still a row
    assert sum(r.value_min == 62 for r in records) == 2


_REPORT_2021 = """LIÊN MINH HỢP TÁC XÃ TỈNH YÊN BÁI      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 12/BC-LMHTX                          Yên Bái, ngày 20 tháng 12 năm 2021

BÁO CÁO
Kết quả năm 2021 và mục tiêu đến năm 2025

"""


def test_a_plain_year_column_beside_a_target_column_is_a_result_with_its_qualified_cells():
    records = _records(
        "II. MỤC TIÊU ĐẾN NĂM 2025\n"
        "Bảng chỉ tiêu\n"
        "Chỉ tiêu\tĐVT\tNăm 2021\tMục tiêu 2025\n"
        "Số hợp tác xã\tHTX\ttrên 410\t-\n"
        "Thành viên HTX\tngười\thơn 9.600\t-\n"
        "HTX hoạt động hiệu quả\t%\t-\ttối thiểu 70\n",
        _REPORT_2021,
    )
    assert (_one(records, 410).kind, _one(records, 410).indicator_id) == ("actual", "htx.total")
    assert _one(records, 9600).kind == "actual"
    assert _one(records, 70).kind == "target"


def test_a_column_of_growth_is_the_rows_change_in_the_rows_unit():
    records = _records(
        "Một số chỉ tiêu chủ yếu năm 2021 như sau:\n"
        "Chỉ tiêu\tĐơn vị tính\tTH năm 2021\tTăng so với năm 2020\n"
        "Doanh thu bình quân/HTX\ttriệu đồng\t1.850\t120\n"
        "Số HTX\tHTX\t305\t17\n",
        _REPORT_2021,
    )
    revenue, count = _one(records, 120), _one(records, 17)
    assert (revenue.change, revenue.unit, revenue.indicator_id) == (
        True,
        "triệu đồng",
        "htx.revenue_avg",
    )
    assert (count.change, count.unit, count.kind, period_label(count)) == (
        True,
        "HTX",
        "actual",
        "2021",
    )


def test_a_total_raised_to_a_bare_count_takes_the_totals_unit():
    records = _records(
        "II. MỤC TIÊU NĂM 2020\n"
        "- Thành lập mới 02 liên hiệp HTX, nâng tổng số liên hiệp HTX lên 09 với 61 HTX "
        "thành viên;\n"
    )
    raised = _one(records, 9)
    assert (raised.indicator_id, raised.unit, raised.kind) == (
        "lhhtx.total",
        "liên hiệp HTX",
        "target",
    )


def test_a_table_at_the_end_of_an_item_on_unions_is_about_what_its_rows_and_caption_name():
    records = _records(
        "II. MỤC TIÊU NĂM 2020\n"
        "a) Hợp tác xã\n- Thành lập mới 40 HTX.\n"
        "b) Liên hiệp hợp tác xã\n- Thành lập mới 01 liên hiệp HTX.\n"
        "Biểu 1. Chỉ tiêu chủ yếu phát triển hợp tác xã năm 2020\n"
        "Chỉ tiêu\tĐVT\tKế hoạch năm 2020\n"
        "Doanh thu bình quân 01 HTX\tTriệu đồng\t2.100\n"
        "Thu nhập bình quân của người lao động\tTriệu đồng/năm\t50\n"
    )
    revenue, income = _one(records, 2100), _one(records, 50)
    assert (revenue.indicator_id, revenue.subject) == ("htx.revenue_avg", "HTX")
    assert (income.indicator_id, income.subject) == ("htx.worker_income", "người lao động")


def test_money_of_the_credit_funds_is_theirs_and_money_of_both_is_the_cooperatives():
    records = _records(
        "2. Về quỹ tín dụng nhân dân\n"
        "Tổng dư nợ cho vay của các QTDND đạt 412 tỷ đồng, tăng 6,2% so với năm 2018.\n"
        "Giá trị sản xuất kinh doanh của HTX, QTDND năm 2019 đạt 960 tỷ đồng.\n"
        "Tổng nguồn vốn của các quỹ hỗ trợ phát triển HTX là 35 tỷ đồng.\n"
    )
    assert _one(records, 412).subject == "quỹ TDND"
    assert _one(records, 960).subject == "HTX"
    assert _one(records, 35).subject != "quỹ TDND"


def test_workers_named_after_members_in_one_clause_are_workers():
    # (of the farming ones: no catalogue indicator says whose they are)
    records = _records(
        "- Toàn tỉnh có 160 HTX nông nghiệp với 3.105 thành viên và 9.870 lao động.\n"
    )
    assert _one(records, 3105).subject == "thành viên"
    assert _one(records, 9870).subject == "người lao động"


def test_a_decisions_support_levels_with_words_between_and_its_conditions_are_norms():
    decision = _records(
        "Điều 3. Hỗ trợ đầu tư nhà kho, sân phơi\n"
        "Ngân sách tỉnh hỗ trợ một lần 60% chi phí xây dựng, nhưng không quá 400 triệu "
        "đồng/công trình.\n"
        "Điều 4. Hỗ trợ nguồn nhân lực\n"
        "Hỗ trợ tiền công cho lao động trẻ về làm việc có thời hạn tại hợp tác xã bằng 1,2 lần "
        "mức lương cơ sở.\n"
        "Điều 5. Điều kiện hỗ trợ\n"
        "Hợp tác xã có doanh thu từ 300 triệu đồng/năm trở lên.\n",
        _HEAD.split("KẾ HOẠCH")[0]
        + "QUYẾT ĐỊNH\nBan hành Quy định chính sách hỗ trợ hợp tác xã giai đoạn 2020 - 2025\n\n",
    )
    assert [_one(decision, v).kind for v in (60, 400, 1.2, 300)] == ["norm"] * 4
    assert _one(decision, 60).indicator_id == "support.amount"


def test_the_year_in_a_legal_documents_number_dates_nothing():
    page = _records(
        "Theo Nghị định số 45/2021/NĐ-CP, Quỹ hỗ trợ phát triển hợp tác xã cho vay với lãi "
        "suất không quá 7%/năm.\n\n"
        "Về đào tạo, ngân sách trung ương hỗ trợ 100% chi phí bồi dưỡng cán bộ hợp tác xã.\n\n"
        "Thực hiện Quyết định số 12/2019/QĐ-UBND, tỉnh đã hỗ trợ 27 hợp tác xã.\n",
        _NEWS.replace("12/08/2020", "12/08/2023"),
    )
    assert _one(page, 100).kind == "norm"
    assert (_one(page, 27).kind, _one(page, 27).period_start) == ("actual", 2023)


def test_a_plan_word_earlier_in_the_paragraph_does_not_make_a_past_years_figures_targets():
    page = _records(
        "Sáng 14/1, Liên minh HTX tỉnh tổng kết hoạt động năm 2022 và triển khai nhiệm vụ năm "
        "2023. Theo báo cáo, năm 2022 toàn tỉnh thành lập mới 31 HTX, giải thể 9 HTX. Năm "
        "2023, Liên minh phấn đấu thành lập mới 35 HTX.\n",
        _NEWS.replace("12/08/2020", "15/01/2023"),
    )
    assert [(_one(page, v).kind, _one(page, v).period_start) for v in (31, 9, 35)] == [
        ("actual", 2022),
        ("actual", 2022),
        ("target", 2023),
    ]


def test_members_after_a_raised_total_are_the_totals_not_the_new_cooperatives():
    page = _records(
        "Năm 2021, toàn tỉnh thành lập mới 14 HTX, nâng tổng số lên 203 HTX với 16.850 thành "
        "viên.\n",
        _NEWS.replace("12/08/2020", "20/01/2022"),
    )
    assert _one(page, 16850).indicator_id == "htx.members"
    assert _one(page, 14).indicator_id == "htx.new"


def test_members_counted_after_the_alliances_new_cooperatives_are_people():
    page = _records(
        "Năm 2023, Liên minh HTX tỉnh phấn đấu thành lập mới 22 HTX, phát triển mới 900 thành "
        "viên.\n\nLiên minh HTX tỉnh hiện có 86 thành viên.\n",
        _NEWS.replace("12/08/2020", "20/01/2023"),
    )
    assert _one(page, 900).unit == "thành viên"
    assert _one(page, 86).unit == "đơn vị"  # the alliance's own members are organisations


def test_a_rise_from_one_count_to_another_dates_each_and_names_both():
    page = _records(
        "Sau 8 năm, số HTX nông nghiệp của tỉnh tăng từ 412 HTX (năm 2012) lên 587 HTX.\n",
        _NEWS,
    )
    rose_from, rose_to = _one(page, 412), _one(page, 587)
    assert (rose_from.period_start, rose_from.indicator_id) == (2012, "htx.agri")
    assert (rose_to.period_start, rose_to.indicator_id) == (2020, "htx.agri")


def test_a_tables_short_form_of_million_dong_is_read_as_millions():
    table = _records(
        "Biểu 02. Một số chỉ tiêu\n"
        "| TT | Chỉ tiêu | ĐVT | TH 2019 |\n|---|---|---|---|\n"
        "| 1 | Doanh thu bình quân | Tr.đồng/HTX | 1.870 |\n"
        "| 2 | Thu nhập bình quân của người lao động | Trđ/người/năm | 47 |\n"
    )
    assert [(r.value_min, r.unit) for r in table] == [(1870, "triệu đồng"), (47, "triệu đồng")]


def test_a_column_comparing_an_estimate_with_the_plan_is_a_share_of_plan():
    table = _records(
        "Biểu 01. Kết quả thực hiện\n"
        "| TT | Chỉ tiêu | ĐVT | KH 2019 | Ước TH 2019 | So sánh ƯTH/KH (%) |\n"
        "|---|---|---|---|---|---|\n"
        "| 1 | Số HTX thành lập mới | HTX | 24 | 27 | 112,5 |\n"
    )
    share = _one(table, 112.5)
    assert (share.progress, share.kind, share.indicator_id) == (True, "estimate", "htx.new")


def test_a_decisions_planned_counts_and_budget_are_not_norms():
    decision = _records(
        "Điều 1. Giao chỉ tiêu năm 2020 cho các huyện: mỗi huyện thành lập mới từ 4 HTX trở "
        "lên.\n"
        "Điều 2. Ngân sách tỉnh hỗ trợ thực hiện Kế hoạch năm 2020 là 6 tỷ đồng.\n",
        _HEAD.split("KẾ HOẠCH")[0] + "QUYẾT ĐỊNH\nVề phát triển hợp tác xã năm 2020\n\n",
    )
    assert [_one(decision, v).kind for v in (4, 6)] == ["target", "target"]


def test_a_plan_of_the_figures_own_year_earlier_in_the_paragraph_still_plans_it():
    page = _records(
        "UBND tỉnh ban hành Kế hoạch số 51/KH-UBND về phát triển kinh tế tập thể năm 2021. "
        "Theo đó, năm 2021 thành lập mới 26 HTX.\n",
        _NEWS.replace("12/08/2020", "20/03/2022"),
    )
    assert (_one(page, 26).kind, _one(page, 26).period_start) == ("target", 2021)


def test_an_items_label_names_its_later_parts_too():
    report = _records(
        "c) Lợi nhuận bình quân: kế hoạch 240 triệu đồng/HTX; ước đạt 251 triệu đồng/HTX, "
        "bằng 104,6% kế hoạch.\n"
        "- Nông nghiệp: 12 HTX;\n+ Vận tải: 5 HTX.\n"
    )
    assert [_one(report, v).indicator_id for v in (240, 251, 104.6)] == ["htx.profit_avg"] * 3
    assert _one(report, 5).indicator_id != "htx.agri"  # its own bullet's label, not the one before


def test_the_kinds_of_a_mixed_whole_are_each_kinds_total():
    page = _records(
        "Toàn tỉnh có 986 tổ chức kinh tế tập thể, gồm: 331 HTX (trong đó 240 HTX nông "
        "nghiệp); 640 THT; 15 quỹ tín dụng nhân dân.\n"
    )
    assert [_one(page, v).indicator_id for v in (331, 240, 640, 15)] == [
        "htx.total",
        "htx.agri",
        "tht.total",
        "qtdnd.total",
    ]


def test_one_grade_of_a_rating_is_a_part_not_the_total():
    page = _records("Kết quả phân loại năm 2019: loại tốt 62 HTX, loại khá 118 HTX.\n")
    assert [(_one(page, v).indicator_id, _one(page, v).indicator) for v in (62, 118)] == [
        ("other", "loại tốt 62 HTX"),
        ("other", "loại khá 118 HTX"),
    ]


def test_an_average_said_after_its_total_is_the_average():
    page = _records(
        "Tổng doanh thu của các HTX đạt 980 tỷ đồng, bình quân 2,7 tỷ đồng/HTX. Tổng lợi "
        "nhuận đạt 61 tỷ đồng, bình quân mỗi HTX 170 triệu đồng.\n"
    )
    assert [_one(page, v).indicator_id for v in (980, 2.7, 170)] == [
        "other",
        "htx.revenue_avg",
        "htx.profit_avg",
    ]


def test_a_web_pages_two_row_table_header_and_its_direction_heading():
    from pathlib import Path

    from bot.corpus_load import parse_file

    html = (
        "<html><head><meta charset='utf-8'><title>Kinh tế tập thể năm 2019 khởi sắc</title>"
        "</head><body><article><h1>Kinh tế tập thể năm 2019 khởi sắc</h1>"
        "<p>Cập nhật: 09/01/2020</p>"
        "<p>Năm 2019, kinh tế tập thể của tỉnh có nhiều chuyển biến tích cực, các chỉ tiêu "
        "chủ yếu đều đạt và vượt kế hoạch đề ra như bảng dưới đây.</p>"
        "<table border='1'><tr><th rowspan='2'>Chỉ tiêu</th><th rowspan='2'>ĐVT</th>"
        "<th colspan='2'>Năm 2019</th></tr><tr><th>Kế hoạch</th><th>Thực hiện</th></tr>"
        "<tr><td>HTX thành lập mới</td><td>HTX</td><td>16</td><td>19</td></tr></table>"
        "<p><strong>2. Phương hướng năm 2020</strong></p>"
        "<p>- Thành lập mới 21 HTX;</p><p>- Tỷ lệ HTX khá, tốt đạt 65%.</p>"
        "</article></body></html>"
    )
    page = extract_records(parse_file(Path("tin.html"), html.encode()))
    assert [(_one(page, v).kind, _one(page, v).period_start) for v in (16, 19, 21, 65)] == [
        ("target", 2019),
        ("actual", 2019),
        ("target", 2020),
        ("target", 2020),
    ]


def test_a_ceiling_not_to_be_exceeded_is_a_norm():
    page = _records(
        "Theo Luật Hợp tác xã, vốn góp của một thành viên không được vượt quá 20% vốn điều lệ "
        "của hợp tác xã.\n\nThành viên góp vốn không vượt quá 30% vốn điều lệ.\n",
        _NEWS,
    )
    assert [(_one(page, v).kind, _one(page, v).qualifier) for v in (20, 30)] == [
        ("norm", "tối đa"),
        ("norm", "tối đa"),
    ]


def test_a_day_written_in_words_dates_nothing_as_its_figures_month():
    page = _records(
        "Thực hiện Quyết định số 45/QĐ-UBND ngày 8 tháng 12 năm 2019 của UBND tỉnh, đến nay "
        "đã hỗ trợ 42 HTX.\n"
    )
    assert _one(page, 42).period_note is None


def test_a_plans_passive_indicator_names_stay_targets():
    plan = _records(
        "II. MỤC TIÊU\n\nChỉ tiêu cụ thể:\n+ Số HTX được thành lập mới: 28 HTX;\n"
        "+ Số cán bộ quản lý HTX được đào tạo, bồi dưỡng: 420 người.\n",
        _HEAD.split("PHẦN THỨ NHẤT")[0],
    )
    assert [(_one(plan, v).kind, _one(plan, v).period_start) for v in (28, 420)] == [
        ("target", 2020),
        ("target", 2020),
    ]


def test_what_was_done_against_a_plan_and_set_up_is_a_result_of_new_ones():
    page = _records(
        "Năm 2019, kế hoạch thành lập mới 22 HTX nhưng chỉ thành lập được 17 HTX, 2 liên "
        "hiệp HTX.\n"
    )
    assert [(_one(page, v).kind, _one(page, v).indicator_id) for v in (22, 17, 2)] == [
        ("target", "htx.new"),
        ("actual", "htx.new"),
        ("actual", "lhhtx.new"),
    ]


def test_the_header_passage_names_no_year_for_the_body_to_take():
    head = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 81/BC-UBND                Hà Nam, ngày 15 tháng 12 năm 2019\n\n"
        "BÁO CÁO\nTình hình phát triển kinh tế tập thể năm 2019 và kế hoạch năm 2020\n\n"
    )
    report = _records("Toàn tỉnh có 367 HTX đang hoạt động.\n", head)
    assert all(r.kind != "target" for r in report)  # not the title's plan, 2020


def test_the_whole_year_after_months_so_far_is_the_year():
    report = _records(
        "Trong 9 tháng đầu năm, toàn tỉnh thành lập mới 13 HTX; dự kiến cả năm thành lập mới "
        "21 HTX.\n"
    )
    assert [_one(report, v).period_note for v in (13, 21)] == ["9 tháng đầu năm", None]


def test_a_rules_floors_and_levels_after_a_semicolon_keep_whose_and_what():
    page = _records(
        "Theo Nghị định, tổ hợp tác có tối thiểu 03 thành viên; hợp tác xã có tối thiểu 07 "
        "thành viên. Theo Quyết định, mức hỗ trợ tối đa 40 triệu đồng/HTX thành lập mới; 60 "
        "triệu đồng/liên hiệp HTX thành lập mới.\n"
    )
    assert [_one(page, v).indicator_id for v in (3, 7, 40, 60)] == [
        "tht.members",
        "htx.members",
        "support.amount",
        "support.amount",
    ]


def test_members_of_credit_funds_or_of_every_kind_together_are_no_htx_members():
    page = _records(
        "Trên địa bàn có 12 quỹ tín dụng nhân dân với 31.800 thành viên. Toàn tỉnh có 415 HTX "
        "và 960 THT, thu hút 52.300 thành viên. Các tổ chức kinh tế tập thể thu hút 60.100 "
        "thành viên. Riêng 240 tổ hợp tác có 8.300 thành viên; 415 HTX (kể cả các quỹ tín "
        "dụng nhân dân) với 44.000 thành viên.\n"
    )
    assert [_one(page, v).indicator_id for v in (31_800, 52_300, 60_100, 8_300, 44_000)] == [
        "other",
        "other",
        "other",
        "tht.members",
        "htx.members",
    ]


def test_workers_who_are_members_young_graduates_and_sizes_per_htx_are_no_totals():
    report = _records(
        "Tổng số lao động thường xuyên trong HTX là 9.400 người, trong đó lao động là thành "
        "viên 6.100 người. Mỗi HTX bình quân có 58 thành viên và 14 lao động. Năm qua đã đưa "
        "31 lao động trẻ tốt nghiệp cao đẳng, đại học về làm việc tại các HTX.\n"
    )
    assert [_one(report, v).indicator_id for v in (9_400, 6_100, 58, 14, 31)] == [
        "htx.workers",
        "other",
        "other",
        "other",
        "other",
    ]


def test_a_pair_compared_in_brackets_gives_the_base_year_to_the_second():
    report = _records(
        "Số HTX giải thể tăng so với năm 2018 (19 HTX so với 12 HTX). Số thành viên mới giảm "
        "so với cùng kỳ năm 2018 (640 thành viên so với 810 thành viên).\n"
    )
    assert [_one(report, v).period_start for v in (19, 12, 640, 810)] == [
        2019,
        2018,
        2019,
        2018,
    ]


def test_how_many_there_are_changing_by_a_percentage_is_the_totals_change():
    report = _records("Số lượng HTX tăng 7,5% so với năm 2018; số THT giảm 3% so với năm 2018.\n")
    assert [(_one(report, v).indicator_id, _one(report, v).change) for v in (7.5, 3)] == [
        ("htx.total", True),
        ("tht.total", True),
    ]


def test_what_the_words_between_so_htx_and_its_count_name_is_a_part():
    report = _records(
        "Tổng số HTX giải thể trong năm: 12 HTX; số HTX ngừng hoạt động: 64 HTX. Số HTX có "
        "lãi là 203 HTX; số HTX do nữ làm giám đốc là 37 HTX. Số HTX trên địa bàn tỉnh là "
        "388 HTX.\n"
    )
    got = [(_one(report, v).indicator_id, _one(report, v).indicator) for v in (12, 64, 203, 37)]
    assert got[0][0] == "htx.dissolved"
    assert [g[0] for g in got[1:]] == ["other", "other", "other"]
    assert got[1][1] == "số HTX ngừng hoạt động"
    assert _one(report, 388).indicator_id == "htx.total"


def test_a_share_said_after_the_plan_it_is_of_is_that_plans_progress():
    report = _records("Kết quả: có 17/20 HTX được thành lập mới theo kế hoạch năm 2019, đạt 85%.\n")
    share = _one(report, 85)
    assert (share.kind, share.progress, share.indicator_id) == ("actual", True, "htx.new")


def test_columns_headed_kh_and_uth_with_a_bare_year_are_that_years_plan_and_estimate():
    report = _records(
        "| STT | Chỉ tiêu | ĐVT | TH 2018 | ƯTH 2019 | KH 2020 |\n|---|---|---|---|---|---|\n"
        "| 1 | Số HTX thành lập mới | HTX | 14 | 19 | 23 |\n"
    )
    got = [(_one(report, v).kind, _one(report, v).period_start) for v in (14, 19, 23)]
    assert got == [("actual", 2018), ("estimate", 2019), ("target", 2020)]


def test_a_paragraph_opening_on_an_estimate_frames_its_later_sentences():
    report = _records(
        "II. TÌNH HÌNH PHÁT TRIỂN HỢP TÁC XÃ\n\nƯớc năm 2019, toàn tỉnh có khoảng 412 HTX. Các "
        "HTX thu hút 51.200 thành viên. Các HTX đang tạo việc làm cho 6.300 lao động.\n"
    )
    assert [_one(report, v).kind for v in (412, 51_200, 6_300)] == [
        "estimate",
        "estimate",
        "actual",
    ]


def test_qtdnd_written_short_counts_credit_funds():
    report = _records("Toàn tỉnh hiện có 14 QTDND với 21.500 thành viên.\n")
    assert _one(report, 14).indicator_id == "qtdnd.total"


def test_farming_cooperatives_labelled_before_their_count_are_the_farming_ones():
    report = _records(
        "Toàn tỉnh có 371 HTX, trong đó:\n- HTX nông nghiệp: 226 HTX;\n- HTX phi nông nghiệp: "
        "145 HTX.\nSố HTX nông nghiệp: 226 HTX.\n"
    )
    farming = [r for r in report if r.value_min == 226]
    assert [r.indicator_id for r in farming] == ["htx.agri", "htx.agri"]
    assert _one(report, 145).indicator_id == "other"


def test_amounts_listed_under_a_levels_heading_are_support_levels():
    text = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 21/2019/QĐ-UBND           Hà Nam, ngày 15 tháng 10 năm 2019\n\n"
        "QUYẾT ĐỊNH\nQuy định chính sách hỗ trợ hợp tác xã trên địa bàn tỉnh\n\n"
        "Điều 6. Hỗ trợ tham gia hội chợ, triển lãm\n1. Đối tượng: các HTX có sản phẩm "
        "đạt chuẩn.\n2. Mức hỗ trợ:\na) Hội chợ trong nước: 8 triệu đồng/HTX/lần;\n"
        "b) Hội chợ ở nước ngoài: 30 triệu đồng/HTX/lần.\n"
    )
    records = extract_records(parse_article("x", text.encode()))
    assert [(_one(records, v).kind, _one(records, v).indicator_id) for v in (8, 30)] == [
        ("norm", "support.amount"),
        ("norm", "support.amount"),
    ]


def test_a_wage_multiple_keeps_its_wage_and_a_one_off_support_is_no_level():
    text = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 22/2019/QĐ-UBND           Hà Nam, ngày 15 tháng 10 năm 2019\n\n"
        "QUYẾT ĐỊNH\nQuy định chính sách hỗ trợ hợp tác xã trên địa bàn tỉnh\n\n"
        "Điều 4. HTX được hỗ trợ 01 lần kinh phí xây dựng nhà kho. Người có trình độ cao "
        "đẳng về làm việc tại HTX được hỗ trợ bằng 1,0 lần mức lương cơ sở/người/tháng; "
        "trình độ đại học bằng 1,3 lần mức lương tối thiểu vùng.\n"
    )
    records = extract_records(parse_article("x", text.encode()))
    assert sorted((r.value_min, r.unit, r.subject) for r in records) == [
        (1.0, "lần mức lương cơ sở", "người lao động"),
        (1.3, "lần mức lương tối thiểu vùng", "người lao động"),
    ]


def test_a_cases_ceiling_and_a_level_said_with_voi_muc_are_support_levels():
    text = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 23/2019/QĐ-UBND           Hà Nam, ngày 15 tháng 10 năm 2019\n\n"
        "QUYẾT ĐỊNH\nQuy định chính sách hỗ trợ hợp tác xã giai đoạn 2020 - 2025\n\n"
        "Điều 5. Hỗ trợ 70% chi phí thuê gian hàng tại hội chợ trong tỉnh, tối đa 6 triệu "
        "đồng/gian hàng; hội chợ ngoài tỉnh tối đa 20 triệu đồng/gian hàng.\n"
        "Điều 6. Hỗ trợ tiền thuê mặt bằng cho HTX trong 03 năm đầu với mức 50% giá thuê.\n"
    )
    records = extract_records(parse_article("x", text.encode()))
    assert [(_one(records, v).kind, _one(records, v).indicator_id) for v in (6, 20, 50)] == [
        ("norm", "support.amount"),
        ("norm", "support.amount"),
        ("norm", "support.amount"),
    ]


def test_a_report_and_plan_titled_together_reports_its_year_under_headings_without_one():
    head = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 88/BC-UBND                Hà Nam, ngày 10 tháng 12 năm 2019\n\n"
        "BÁO CÁO\nTình hình thực hiện kế hoạch phát triển kinh tế tập thể năm 2019 và kế "
        "hoạch năm 2020\n\n"
    )
    report = _records(
        "1. Về số lượng\nĐến ngày 30/11/2019, toàn tỉnh có 297 HTX.\n2. Về hiệu quả\nLợi "
        "nhuận bình quân của HTX đạt 215 triệu đồng/HTX.\n",
        head,
    )
    assert [(_one(report, v).kind, period_label(_one(report, v))) for v in (297, 215)] == [
        ("actual", "2019-11-30"),
        ("actual", "2019"),
    ]


def test_a_wage_multiple_given_to_a_cooperative_is_the_cooperatives():
    text = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 24/2019/QĐ-UBND           Hà Nam, ngày 15 tháng 10 năm 2019\n\n"
        "QUYẾT ĐỊNH\nQuy định chính sách hỗ trợ hợp tác xã trên địa bàn tỉnh\n\n"
        "Điều 3. Hỗ trợ một lần bằng 25 lần mức lương cơ sở cho hợp tác xã thành lập mới tại "
        "xã đặc biệt khó khăn.\n"
    )
    records = extract_records(parse_article("x", text.encode()))
    assert (_one(records, 25).subject, _one(records, 25).kind) == ("HTX", "norm")


def test_a_level_per_union_or_per_group_is_the_unions_or_the_groups():
    text = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 25/2019/QĐ-UBND           Hà Nam, ngày 15 tháng 10 năm 2019\n\n"
        "QUYẾT ĐỊNH\nQuy định chính sách hỗ trợ hợp tác xã trên địa bàn tỉnh\n\n"
        "Điều 2. Mức hỗ trợ thành lập mới tối đa 25 triệu đồng/HTX; 45 triệu đồng/liên hiệp "
        "HTX.\n\n| STT | Nội dung | Mức hỗ trợ |\n|---|---|---|\n"
        "| 1 | Thành lập mới tổ hợp tác | 4 triệu đồng/THT |\n"
        "| 2 | Thành lập mới liên hiệp HTX | 35 triệu đồng/LH HTX |\n"
    )
    records = extract_records(parse_article("x", text.encode()))
    assert [_one(records, v).subject for v in (25, 45, 4, 35)] == ["HTX", "LH HTX", "THT", "LH HTX"]


def test_an_aim_by_a_year_in_a_decision_is_a_target_not_a_rule():
    text = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 1290/QĐ-UBND              Hà Nam, ngày 15 tháng 10 năm 2019\n\n"
        "QUYẾT ĐỊNH\nPhê duyệt Đề án phát triển hợp tác xã giai đoạn 2020 - 2025\n\n"
        "Điều 1. Phê duyệt Đề án với các nội dung chủ yếu sau:\n"
        "- Đến năm 2025, mỗi huyện có ít nhất 03 HTX nông nghiệp ứng dụng công nghệ cao.\n"
        "- HTX thành lập mới được hỗ trợ tối đa 30 triệu đồng/HTX.\n"
    )
    records = extract_records(parse_article("x", text.encode()))
    aim, level = _one(records, 3), _one(records, 30)
    assert (aim.kind, aim.period_start, aim.qualifier) == ("target", 2025, "ít nhất")
    assert (level.kind, level.indicator_id) == ("norm", "support.amount")


def test_a_growth_rate_said_as_toc_do_tang_is_a_change():
    plan = _records(
        "II. MỤC TIÊU\n- Tốc độ tăng doanh thu bình quân của HTX đạt 8%/năm;\n- Tăng trưởng "
        "của khu vực kinh tế tập thể bình quân khoảng 6,5%/năm;\n- Tỷ lệ HTX hoạt động hiệu "
        "quả đạt 60%.\n"
    )
    assert [_one(plan, v).change for v in (8, 6.5, 60)] == [True, True, False]


def test_a_rise_from_one_level_to_another_gives_two_levels_of_what_is_named():
    page = _records(
        "Số HTX xếp loại tốt, khá tăng từ 96 HTX năm 2017 lên 131 HTX năm 2019. Tỷ lệ HTX hoạt "
        "động hiệu quả tăng từ 41% năm 2017 lên 55% năm 2019. Số thành viên tăng từ 10% trở "
        "lên.\n",
        _NEWS,
    )
    got = [(_one(page, v).indicator_id, _one(page, v).change) for v in (96, 131, 41, 55)]
    assert got == [("htx.effective", False)] * 4
    assert _one(page, 10).change


def test_a_bare_count_after_a_trong_do_part_shares_the_sentences_verb():
    plan = _records(
        "II. MỤC TIÊU\nPhấn đấu đến ngày 31/12/2020 toàn tỉnh có 310 HTX, trong đó thành lập "
        "mới từ 18 đến 22 HTX; 520 THT.\n"
    )
    got = _one(plan, 520)
    assert (got.indicator_id, period_label(got)) == ("tht.total", "2020-12-31")


def test_new_members_named_a_little_before_their_count_are_new_members():
    report = _records(
        "Tổng số thành viên HTX đến ngày 31/12/2019 là 45.300 thành viên, trong đó thành viên "
        "mới gia nhập trong năm khoảng 1.200 thành viên. Trong năm kết nạp 500 thành viên "
        "mới; tổng số thành viên là 46.000 thành viên.\n"
    )
    got = [_one(report, v).indicator_id for v in (45_300, 1_200, 500, 46_000)]
    assert got == ["htx.members", "htx.new_members", "htx.new_members", "htx.members"]


def test_a_ceiling_column_under_a_lead_in_of_levels_holds_support_levels():
    text = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 26/2019/QĐ-UBND           Hà Nam, ngày 15 tháng 10 năm 2019\n\n"
        "QUYẾT ĐỊNH\nQuy định chính sách hỗ trợ hợp tác xã trên địa bàn tỉnh\n\n"
        "Điều 7. Chuyển đổi số trong hợp tác xã\nMức hỗ trợ cụ thể như sau:\n"
        "Nội dung\tTỷ lệ\tTối đa\nLàm trang thông tin điện tử\t60%\t15 triệu đồng/HTX\n"
        "Phần mềm kế toán\t50%\t12 triệu đồng/HTX\n"
    )
    records = extract_records(parse_article("x", text.encode()))
    assert [(_one(records, v).kind, _one(records, v).indicator_id) for v in (15, 12)] == [
        ("norm", "support.amount"),
        ("norm", "support.amount"),
    ]


def test_a_later_part_saying_only_when_names_what_the_part_before_did():
    page = _records(
        "Năm 2019, doanh thu bình quân của HTX đạt 1,4 tỷ đồng; năm 2020 phấn đấu đạt 1,6 tỷ "
        "đồng. Tỷ lệ HTX hoạt động hiệu quả năm 2019 đạt 52%; đến năm 2020 khoảng 58%.\n",
        _NEWS,
    )
    got = [(_one(page, v).indicator_id, _one(page, v).kind) for v in (1.6, 58)]
    assert got == [("htx.revenue_avg", "target"), ("htx.effective", "target")]


def test_a_past_years_result_after_next_years_aim_said_year_first_stays_a_result():
    page = _records(
        "Năm 2019, số thành viên mới đạt 1.150 thành viên; năm 2020 phấn đấu đạt 1.300 thành "
        "viên. Số HTX hoạt động hiệu quả năm 2019 đạt 87 HTX.\n",
        _NEWS,
    )
    assert [_one(page, v).kind for v in (1_150, 1_300, 87)] == ["actual", "target", "actual"]


_PLAN5 = """ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc
Số: 120/KH-UBND               Hà Nam, ngày 10 tháng 5 năm 2021

KẾ HOẠCH
Phát triển kinh tế tập thể giai đoạn 2021 - 2025

II. MỤC TIÊU CỤ THỂ ĐẾN NĂM 2025

"""


def test_a_share_followed_by_when_it_is_due_keeps_the_indicator_before_it():
    plan = _records(
        "- Số hợp tác xã hoạt động hiệu quả chiếm khoảng 65% vào cuối năm 2025.\n"
        "- Thu nhập bình quân của người lao động trong HTX tăng 6% trong giai đoạn 2021 - 2025.\n",
        _PLAN5,
    )
    assert [_one(plan, v).indicator_id for v in (65, 6)] == ["htx.effective", "htx.worker_income"]


def test_a_second_figure_of_the_same_measure_at_a_later_year_repeats_its_measure():
    plan = _records(
        "- Phấn đấu trên 3% số hộ sản xuất tham gia HTX nông nghiệp vào năm 2023 và 6% vào năm "
        "2025.\n- Lợi nhuận bình quân của HTX đạt 210 triệu đồng năm 2023, 260 triệu đồng năm "
        "2025.\n",
        _PLAN5,
    )
    households, later = _one(plan, 3), _one(plan, 6)
    assert later.indicator_id == households.indicator_id == "other"
    assert later.indicator == households.indicator
    assert period_label(later) == "2025"
    assert [_one(plan, v).indicator_id for v in (210, 260)] == ["htx.profit_avg"] * 2


def test_a_growth_rate_of_every_htxs_average_is_that_averages_change():
    plan = _records(
        "- Tốc độ tăng lợi nhuận bình quân của hợp tác xã đạt 8%/năm.\n"
        "- Tốc độ tăng doanh thu bình quân của HTX nông nghiệp đạt 9%/năm.\n",
        _PLAN5,
    )
    every, farming = _one(plan, 8), _one(plan, 9)
    assert (every.indicator_id, every.change) == ("htx.profit_avg", True)
    assert farming.indicator_id == "other"


def test_the_minutes_of_a_news_pages_clock_time_are_no_figure():
    # a page this short is read as one passage, its dateline glued to the text
    raw = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>HTX Hà Nam</title>'
        "</head><body><header><nav><a href='/'>Trang chủ</a></nav></header><main><article>"
        "<h1>Kinh tế tập thể Hà Nam năm 2019</h1>"
        '<div class="meta">Thứ Hai, 06/01/2020 - 16:30 | Thu Hà</div>'
        "<p>Năm 2019, toàn tỉnh thành lập mới 31 HTX.</p></article></main></body></html>"
    )
    page = extract_records(parse_file(Path("x.html"), raw.encode()))
    assert [r.value_min for r in page] == [31]


def test_a_paragraph_of_parts_after_an_estimated_total_is_estimated_too():
    report = _records(
        "Ước cả năm 2019, toàn tỉnh có 236 HTX đang hoạt động.\n"
        "Trong đó: HTX nông nghiệp 171 HTX; HTX vận tải 14 HTX.\n"
    )
    assert [_one(report, v).kind for v in (236, 171, 14)] == ["estimate"] * 3


def test_a_span_said_right_after_a_rate_is_its_period_over_a_year_said_earlier():
    plan = _records(
        "- Số HTX hoạt động hiệu quả đạt 70% vào năm 2025; lãi bình quân của HTX tăng 5%/năm "
        "trong giai đoạn 2021 - 2025.\n",
        _PLAN5,
    )
    assert [period_label(_one(plan, v)) for v in (70, 5)] == ["2025", "2021-2025"]


def test_a_plans_phasing_of_its_budget_is_planned_for_the_year_it_was_approved_in_too():
    text = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 901/QĐ-UBND               Hà Nam, ngày 05 tháng 6 năm 2021\n\n"
        "QUYẾT ĐỊNH\nPhê duyệt Đề án phát triển hợp tác xã giai đoạn 2021 - 2025\n\n"
        "Phân kỳ thực hiện: năm 2021: 6,2 tỷ đồng; năm 2022: 7 tỷ đồng.\n"
    )
    records = extract_records(parse_article("x", text.encode()))
    assert [(_one(records, v).kind, period_label(_one(records, v))) for v in (6.2, 7)] == [
        ("target", "2021"),
        ("target", "2022"),
    ]


_NATIONAL = """BỘ KẾ HOẠCH VÀ ĐẦU TƯ              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                     Độc lập - Tự do - Hạnh phúc
Số: 1520/BC-BKHĐT                    Hà Nội, ngày 08 tháng 3 năm 2019

BÁO CÁO
Tình hình phát triển kinh tế tập thể, hợp tác xã năm 2018

I. TÌNH HÌNH PHÁT TRIỂN NĂM 2018

"""


def test_a_national_tables_rows_of_regions_and_provinces_are_theirs_estimated_by_caption():
    report = _records(
        "Bảng 2. Số hợp tác xã theo vùng (ước năm 2018)\n"
        "| Vùng | Số HTX | Tỷ lệ (%) |\n| Cả nước | 22.456 | 100 |\n"
        "| Đông Nam Bộ | 1.104 | 4,9 |\n| Thành phố Hà Nội | 1.738 | 7,7 |\n",
        _NATIONAL,
    )
    whole, region, city = (_one(report, v) for v in (22_456, 1_104, 1_738))
    assert [r.kind for r in (whole, region, city)] == ["estimate"] * 3
    assert [r.national for r in (whole, region, city)] == [True, False, False]
    assert city.province == "Hà Nội"


def test_a_share_of_the_htx_doing_something_for_members_is_the_htxs():
    plan = _records("- Phấn đấu 90% HTX công khai tài chính cho thành viên hằng năm.\n", _PLAN5)
    assert _one(plan, 90).subject == "HTX"


def test_a_total_of_farming_htx_as_a_label_is_the_farming_count():
    report = _records("- Tổng số HTX nông nghiệp: 142 HTX; HTX phi nông nghiệp: 61 HTX.\n")
    assert [_one(report, v).indicator_id for v in (142, 61)] == ["htx.agri", "other"]


def test_the_most_htx_a_region_has_is_its_count_not_a_part():
    report = _records(
        "Đồng bằng sông Cửu Long có số HTX nhiều nhất với 2.580 HTX; Tây Nguyên có số HTX ít "
        "nhất với 1.020 HTX.\n",
        _NATIONAL,
    )
    assert [_one(report, v).indicator_id for v in (2_580, 1_020)] == ["htx.total"] * 2


def test_a_qualifier_is_a_whole_word_and_from_to_upwards_is_at_least():
    report = _records(
        "Quỹ đã giải ngân 3,8 tỷ đồng cho 12 HTX. Thành phố Quy Nhơn 45 HTX. Có từ 22 HTX trở "
        "lên đạt loại khá. Có gần 40 HTX mới.\n"
    )
    assert [_one(report, v).qualifier for v in (3.8, 45, 22, 40)] == [
        None,
        None,
        "tối thiểu",
        "gần",
    ]


_HALF_YEAR = """ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ NAM                   Độc lập - Tự do - Hạnh phúc
Số: 66/BC-UBND                Hà Nam, ngày 08 tháng 7 năm 2019

BÁO CÁO
Tình hình phát triển kinh tế tập thể 6 tháng đầu năm 2019

"""


def test_a_bare_six_months_in_a_first_half_report_is_the_first_half():
    report = _records(
        "Toàn tỉnh hiện có 120 HTX; thành lập mới 9 HTX trong 6 tháng. Năm 2019, lợi nhuận bình "
        "quân của HTX 6 tháng ước đạt 95 triệu đồng. Dự kiến 6 tháng cuối năm thành lập thêm 8 "
        "HTX.\n",
        _HALF_YEAR,
    )
    got = [(period_label(_one(report, v)), _one(report, v).period_note) for v in (9, 95, 8)]
    assert got == [
        ("2019-H1", "6 tháng đầu năm"),
        ("2019-H1", "6 tháng đầu năm"),
        ("2019-H2", "6 tháng cuối năm"),
    ]


def test_how_many_htx_are_in_chains_in_a_half_year_is_a_count_at_its_end():
    report = _records(
        "I. KẾT QUẢ 6 THÁNG ĐẦU NĂM 2019\nSố HTX tham gia liên kết chuỗi giá trị là 41 HTX; số "
        "HTX ứng dụng công nghệ cao là 12 HTX.\n",
        _HALF_YEAR,
    )
    assert [period_label(_one(report, v)) for v in (41, 12)] == ["2019-06-30"] * 2


def test_a_breakdown_by_sector_after_a_dated_total_is_at_its_date():
    joined = _records(
        "Tính đến ngày 30/9/2019, toàn tỉnh có 203 HTX và 350 THT.\n"
        "Chia theo lĩnh vực:\n+ Nông nghiệp: 150 HTX;\n+ Phi nông nghiệp: 53 HTX.\n"
    )
    apart = _records(
        "Tính đến ngày 30/9/2019, toàn tỉnh có 203 HTX và 350 THT.\n\n"
        "Phân theo lĩnh vực hoạt động:\n\n+ Nông nghiệp: 150 HTX;\n\n+ Phi nông nghiệp: 53 HTX.\n"
    )
    for report in (joined, apart):
        assert [period_label(_one(report, v)) for v in (203, 150, 53)] == ["2019-09-30"] * 3


def test_an_average_of_business_said_up_to_30_june_is_the_first_halfs():
    report = _records(
        "I. KẾT QUẢ 6 THÁNG ĐẦU NĂM 2019\nĐến 30/6/2019, toàn tỉnh có 212 HTX. Doanh thu bình "
        "quân của HTX ước đạt 1,1 tỷ đồng, lợi nhuận bình quân ước đạt 96 triệu đồng.\n",
        _HALF_YEAR,
    )
    assert [period_label(_one(report, v)) for v in (212, 1.1, 96)] == [
        "2019-06-30",
        "2019-H1",
        "2019-H1",
    ]


def test_a_sentence_opening_on_an_estimate_to_a_date_estimates_its_plain_counts():
    report = _records(
        "Ước đến 31/12/2019, lũy kế toàn tỉnh có 215 HTX, tăng 12 HTX so với năm 2018. Lũy kế "
        "đến 30/9/2019 có 209 HTX.\n"
    )
    assert [_one(report, v).kind for v in (215, 12, 209)] == ["estimate", "estimate", "actual"]


def test_the_plans_figure_in_brackets_after_a_result_is_a_target_of_its_measure():
    report = _records(
        "Năm 2019, có 140 HTX hoạt động có hiệu quả, đạt tỷ lệ 64,2% số HTX đang hoạt động, "
        "vượt chỉ tiêu kế hoạch đề ra (60%). Liên minh tư vấn thành lập mới 11 HTX, đạt 110% "
        "chỉ tiêu được giao (10 HTX).\n"
    )
    plan, given = _one(report, 60), _one(report, 10)
    assert (plan.kind, plan.indicator_id, plan.progress) == ("target", "htx.effective", False)
    assert (given.kind, given.indicator_id) == ("target", "htx.new")
    assert _one(report, 110).progress


def test_a_result_said_now_does_not_make_next_years_figures_results():
    page = _records(
        "Hiện có 35 HTX ứng dụng công nghệ cao.\n\nNăm 2020 thành lập mới 18 HTX; tỷ lệ HTX "
        "hoạt động hiệu quả đạt 65%.\n",
        _NEWS.replace("2020", "2019"),
    )
    assert [(_one(page, v).kind, period_label(_one(page, v))) for v in (18, 65)] == [
        ("target", "2020"),
        ("target", "2020"),
    ]


def test_htx_in_a_chain_of_links_are_the_value_chain_count():
    report = _records("Toàn tỉnh có 52 HTX tham gia chuỗi liên kết sản xuất, tiêu thụ nông sản.\n")
    assert _one(report, 52).indicator_id == "htx.value_chain"


def test_a_header_whose_narrow_column_wraps_number_and_year_gives_no_figure_and_its_date():
    head = (
        "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\n"
        "TỈNH SƠN LA                              NAM\n"
        "                          Độc lập - Tự do - Hạnh phúc\n"
        "Số: 218 /BC-UBND          Sơn La, ngày 09 tháng 07 năm\n"
        "                                        2021\n"
        "BÁO CÁO\nTình hình kinh tế tập thể 6 tháng đầu năm 2021\n\n"
    )
    article = parse_article("x", (head + "Toàn tỉnh có 640 HTX.\n").encode())
    assert str(article.date) == "2021-07-09"
    assert [r.value_min for r in extract_records(article)] == [640]


def test_a_base_given_in_an_aside_is_the_same_part_of_the_earlier_year():
    report = _records(
        "Sáu tháng đầu năm 2019, toàn tỉnh có 14 THT được thành lập mới (cùng kỳ năm 2018 là "
        "11 THT); giải thể 3 HTX.\n",
        _HALF_YEAR,
    )
    assert period_label(_one(report, 14)) == "2019-H1"
    assert period_label(_one(report, 11)) == "2018-H1"


def test_an_aside_with_its_own_years_figure_dates_nothing_after_it():
    report = _records(
        "Năm 2019, toàn tỉnh có 26 HTX thành lập mới (năm 2018: 19 HTX); 4 HTX giải thể; "
        "doanh thu bình quân (tính đến 30/9) đạt 2,1 tỷ đồng/HTX.\n"
    )
    assert [period_label(_one(report, v)) for v in (26, 19, 4)] == ["2019", "2018", "2019"]


def test_attendances_and_trainees_are_not_the_managers_trained():
    report = _records(
        "Liên minh HTX tỉnh mở 9 lớp bồi dưỡng cho 530 lượt cán bộ quản lý HTX; phối hợp "
        "tập huấn kỹ năng số cho 260 học viên. Sở Nông nghiệp đã đào tạo, bồi dưỡng cho 1.240 "
        "cán bộ quản lý HTX.\n"
    )
    assert (_one(report, 530).indicator_id, _one(report, 530).unit) == ("other", "lượt")
    assert (_one(report, 260).indicator_id, _one(report, 260).unit) == ("other", "người")
    assert _one(report, 1240).indicator_id == "htx.managers_trained"


def test_htx_recognised_as_doing_something_are_counted_for_what_they_do():
    report = _records(
        "Hiện có 41 HTX được công nhận ứng dụng công nghệ cao, chiếm 9% số HTX; 57 HTX đã "
        "được công nhận tham gia chuỗi giá trị.\n"
    )
    assert [_one(report, v).indicator_id for v in (41, 9)] == ["htx.hightech"] * 2
    assert _one(report, 57).indicator_id == "htx.value_chain"


def test_a_table_a_pdf_flattened_to_single_spaces_is_read_by_its_columns():
    report = _records(
        "PHỤ LỤC\nCác chỉ tiêu chủ yếu\nSTT Chỉ tiêu ĐVT TH 2018 TH 2019 KH 2020\n"
        "1 Số HTX thành lập mới HTX 17 22 25\n2 Tổng số THT THT 512 540 560\n"
    )
    assert [(r.kind, period_label(r)) for r in report if r.value_min in (17, 22, 25)] == [
        ("actual", "2018"),
        ("actual", "2019"),
        ("target", "2020"),
    ]
    assert _one(report, 560).indicator_id == "tht.total"


def test_a_space_aligned_tables_cell_wrapped_onto_its_own_line_keeps_the_rows_after_it():
    report = _records(
        "PHỤ LỤC\nSTT  Chỉ tiêu             ĐVT    Ước TH 2019   KH 2020\n"
        "1    Số HTX thành lập     HTX    21            24\n"
        "     mới\n"
        "2    Tổng số THT          THT    498           520\n"
    )
    assert _one(report, 24).indicator_id == "htx.new"
    assert (_one(report, 498).kind, _one(report, 520).kind) == ("estimate", "target")


def test_a_flattened_tables_rows_may_leave_their_last_cells_empty_or_say_a_change():
    report = _records(
        "Biểu 02. MỘT SỐ CHỈ TIÊU NĂM 2019\nSTT Chỉ tiêu ĐVT Năm 2019 So với năm 2016\n"
        "1 Tổng số HTX HTX 318\n2 Thành viên Người 24.600 tăng 12,4%\n"
    )
    assert (_one(report, 318).indicator_id, period_label(_one(report, 318))) == (
        "htx.total",
        "2019",
    )
    assert _one(report, 24600).indicator_id == "htx.members"
    assert _one(report, 12.4).change


def test_a_title_naming_a_year_and_the_span_it_ends_dates_untimed_figures_to_the_year():
    head = (
        "ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH PHÚ THỌ                  Độc lập - Tự do - Hạnh phúc\n"
        "Số: 41/BC-UBND                Phú Thọ, ngày 20 tháng 01 năm 2021\n\n"
        "BÁO CÁO\nKết quả phát triển kinh tế tập thể năm 2020 và giai đoạn 2016 - 2020\n\n"
    )
    report = _records(
        "1. Về hiệu quả\nDoanh thu bình quân mỗi HTX đạt 1,9 tỷ đồng/năm.\n\n"
        "2. Về số lượng\nGiai đoạn 2016 - 2020 thành lập mới 214 HTX.\n",
        head,
    )
    assert period_label(_one(report, 1.9)) == "2020"
    assert period_label(_one(report, 214)) == "2016-2020"


def test_what_a_support_scheme_pays_each_worker_is_a_support_level_of_the_workers():
    decision = _records(
        "Điều 2. Mức hỗ trợ\nMỗi lao động trẻ về làm việc tại HTX được hỗ trợ hằng tháng; "
        "mức chi trả 5,2 triệu đồng/người/tháng.\n",
        _HEAD.split("KẾ HOẠCH")[0] + "QUYẾT ĐỊNH\nVề hỗ trợ nhân lực trẻ cho hợp tác xã\n\n",
    )
    level = _one(decision, 5.2)
    assert (level.kind, level.indicator_id, level.subject) == (
        "norm",
        "support.amount",
        "người lao động",
    )


def test_money_of_a_counted_number_of_funds_is_the_credit_funds():
    report = _records(
        "Năm 2019, tổng nguồn vốn của 18 quỹ đạt 1.240 tỷ đồng, tăng 9,3% so với năm 2018.\n"
    )
    assert [_one(report, v).subject for v in (1240, 9.3)] == ["quỹ TDND", "quỹ TDND"]


def test_a_budgets_share_of_a_cost_in_a_decision_is_a_support_level():
    decision = _records(
        "Điều 2. Nội dung hỗ trợ\na) Ngân sách tỉnh bảo đảm 70% kinh phí tổ chức lớp bồi "
        "dưỡng cho cán bộ quản lý hợp tác xã;\n",
        _HEAD.split("KẾ HOẠCH")[0] + "QUYẾT ĐỊNH\nVề hỗ trợ đào tạo cho hợp tác xã\n\n",
    )
    share = _one(decision, 70)
    assert (share.kind, share.indicator_id) == ("norm", "support.amount")


_DISTRICT_HEAD = """UỶ BAN NHÂN DÂN
THỊ XÃ ĐÔNG HÒA
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 96/BC-UBND
Đông Hòa, ngày 08 tháng 12 năm 2023

BÁO CÁO
Kết quả phát triển kinh tế tập thể trên địa bàn thị xã năm 2023

Kính gửi: Sở Kế hoạch và Đầu tư tỉnh Phú Yên.

"""


def test_a_district_bodys_report_gives_the_districts_figures_not_the_provinces():
    body = (
        "1. Kết quả năm 2023\n"
        "Đến nay, trên địa bàn thị xã có 14 hợp tác xã và 9 tổ hợp tác, với 2.310 thành viên; "
        "trong năm thành lập mới 2 HTX. Cả nước có 31.000 HTX.\n"
    )
    district = _records(body, _DISTRICT_HEAD)
    for value in (14, 9, 2310, 2):
        record = _one(district, value)
        assert (record.indicator_id, record.province) == ("other", "Phú Yên"), record
    assert _one(district, 31000).indicator_id == "htx.total"  # the country's stays the country's
    # the same text from the province's committee gives the province's indicators
    province = _records(body, _DISTRICT_HEAD.replace("THỊ XÃ ĐÔNG HÒA", "TỈNH PHÚ YÊN"))
    assert _one(province, 14).indicator_id == "htx.total"
    assert _one(province, 2).indicator_id == "htx.new"


def test_only_bodies_below_a_province_issue_a_districts_figures():
    from bot.figures.scope import local_issuer

    assert local_issuer("UBND huyện Châu Thành") == "huyện Châu Thành"
    assert local_issuer("UBND thành phố Vĩnh Long") == "thành phố Vĩnh Long"  # a province's city
    for issuer in (
        "UBND thành phố Đà Nẵng",  # a centrally-run city is a province
        "Liên minh hợp tác xã tỉnh An Giang",  # "xã" in "hợp tác xã" is no commune
        "UBND cộng hòa xã Hội Chủ Nghĩa Việt tỉnh Yên Bái nam",  # a PDF copy's merged columns
        "Bộ kế hoạch và đầu tư / vụ hợp tác xã /",
    ):
        assert local_issuer(issuer) is None, issuer


def test_the_date_of_a_cited_document_written_with_dashes_frames_no_news_page():
    records = _records(
        "Sáng 14-3, Huyện ủy tổ chức hội nghị sơ kết 5 năm thực hiện Nghị quyết số 11-NQ/TU "
        "ngày 20-4-2018 của Ban Thường vụ Tỉnh ủy về phát triển kinh tế tập thể.\n\n"
        "Báo cáo cho biết toàn tỉnh có 250 HTX với 12.000 thành viên, thu hút hơn 20.000 lao "
        "động tham gia làm việc thường xuyên.\n",
        _NEWS,
    )
    for value in (250, 12000, 20000):
        assert _one(records, value).period_start != 2018


def test_money_on_a_page_about_a_credit_fund_is_the_funds():
    body = (
        "Ra đời năm 2015, Quỹ là một trong 5 quỹ đang hoạt động trên địa bàn tỉnh.\n\n"
        "Kết quả năm 2022, vốn huy động đạt 42,5 tỷ đồng, tăng 21% so với năm trước. Tổng "
        "nguồn vốn của Quỹ xấp xỉ 60 tỷ đồng; dư nợ cho vay đạt 51,2 tỷ đồng.\n"
    )
    fund = _records(
        body,
        "Quỹ Tín dụng nhân dân Hòa Tiến: vốn huy động tăng khá\nThứ Ba, 10/01/2023 - 08:20\n\n",
    )
    for value in (42.5, 60, 51.2):  # tỷ đồng
        assert _one(fund, value).subject == "quỹ TDND"
    coop = _records(
        body, "Hợp tác xã Hòa Tiến: vốn huy động tăng khá\nThứ Ba, 10/01/2023 - 08:20\n\n"
    )
    assert _one(coop, 42.5).subject == "HTX"


def test_a_tables_column_of_dates_dates_each_rows_figure():
    records = _records(
        "Một số chỉ tiêu về hợp tác xã, tổ hợp tác:\n"
        "| Chỉ tiêu | Đơn vị tính | Thời điểm | Giá trị |\n|---|---|---|---|\n"
        "| Tổng số hợp tác xã | HTX | 30/9/2019 | 212 |\n"
        "| Tổ hợp tác | THT | 31/12/2018 | 1.032 |\n"
    )
    assert period_label(_one(records, 212)) == "2019-09-30"
    assert period_label(_one(records, 1032)) == "2018-12-31"


def test_a_list_items_own_estimate_is_not_the_next_items():
    records = _records(
        "Quy mô khu vực hợp tác xã\n\n"
        "- Doanh thu bình quân của một HTX ước đạt khoảng 2,1 tỷ đồng trong năm 2020.\n\n"
        "- Bình quân mỗi huyện có 24 HTX đang hoạt động trên địa bàn.\n\n"
        "- Toàn tỉnh có 312 tổ hợp tác với hơn 4.000 thành viên tham gia.\n",
        _NEWS,
    )
    assert _one(records, 2.1).kind == "estimate"
    assert _one(records, 312).kind == "actual"


def test_a_cut_off_in_the_label_columns_header_dates_the_rows():
    records = _records(
        "Theo số liệu của Sở Tài chính, khu vực kinh tế tập thể của tỉnh tiếp tục phát triển "
        "ổn định trong những tháng đầu năm.\n\n"
        "| Chỉ tiêu (tính đến hết tháng 8/2020) | Số liệu |\n|---|---|\n"
        "| Hợp tác xã đang hoạt động | 312 |\n| Tổ hợp tác | 1.045 |\n",
        _NEWS,
    )
    assert period_label(_one(records, 312)) == "2020-08"
    assert period_label(_one(records, 1045)) == "2020-08"


def test_an_average_count_per_province_is_no_total():
    records = _records(
        "Cả nước hiện có khoảng 18.000 HTX nông nghiệp, bình quân mỗi tỉnh có 287 HTX nông "
        "nghiệp; vùng Đồng bằng sông Hồng có nhiều HTX nhất.\n",
        _NEWS,
    )
    assert _one(records, 287).indicator_id == "other"
    assert _one(records, 18000).indicator_id == "htx.agri"


def test_a_paragraph_with_no_figure_plans_nothing_the_page_then_reports():
    records = _records(
        "Sáng 20/12, Ban Chỉ đạo phát triển kinh tế tập thể tỉnh tổ chức hội nghị tổng kết "
        "công tác năm 2019, triển khai nhiệm vụ năm 2020. Đồng chí Phó Chủ tịch UBND tỉnh, "
        "Trưởng Ban Chỉ đạo chủ trì hội nghị.\n\n"
        "Toàn cảnh hội nghị tổng kết công tác kinh tế tập thể năm 2019.\n\n"
        "Theo ông Giám đốc Sở Kế hoạch và Đầu tư, năm 2019 toàn tỉnh đã thành lập thêm 31 "
        "HTX, vượt 3% kế hoạch đề ra.\n\n"
        "Đến hết năm 2019, toàn tỉnh có 402 HTX, 2 liên hiệp HTX và 958 tổ hợp tác.\n",
        "Kinh tế tập thể Hà Nam năm 2019\nThứ Sáu, 27/12/2019 - 15:42\n\n",
    )
    for value in (31, 402, 958):
        assert _one(records, value).kind == "actual"


def test_a_news_pages_subheading_frames_the_paragraphs_under_it():
    records = _records(
        "Hội nghị tổng kết công tác phát triển kinh tế tập thể của tỉnh diễn ra sáng nay với sự "
        "tham dự của đại diện các sở, ngành và các hợp tác xã tiêu biểu.\n\n"
        "Ước cả năm 2019\n\n"
        "Toàn tỉnh có thêm 23 hợp tác xã thành lập mới, nâng tổng số HTX trên địa bàn lên 245 "
        "HTX với hơn 31.000 thành viên.\n",
        _NEWS,
    )
    for value in (23, 245, 31000):
        assert _one(records, value).kind == "estimate"


def test_an_estimate_said_by_a_figures_own_verb_does_not_frame_the_next_paragraphs():
    records = _records(
        "Doanh thu trung bình của HTX trong 9 tháng ước khoảng 1,2 tỷ đồng/HTX, lãi trung bình "
        "85 triệu đồng/HTX.\n\n"
        "Thu nhập của người lao động trong HTX trung bình 4,1 triệu đồng/người/tháng, tăng 5% so "
        "với năm trước.\n\n"
        "Toàn tỉnh có 28 HTX ứng dụng công nghệ cao trong sản xuất nông nghiệp.\n",
        _NEWS,
    )
    assert _one(records, 1.2).kind == "estimate"
    for value in (4.1, 28):
        assert _one(records, value).kind == "actual"


def test_a_columns_ratio_of_two_years_is_the_first_columns_change():
    records = _records(
        "Biểu: Kết quả và kế hoạch\n"
        "| Chỉ tiêu | ĐVT | Năm 2018 | Năm 2019 | So sánh 2019/2018 (%) |\n|---|---|---|---|---|\n"
        "| Tổng số hợp tác xã | HTX | 180 | 196 | 108,9 |\n\n"
        "| Chỉ tiêu | ĐVT | Ước TH 2019 | KH 2020 | KH 2020/Ước TH 2019 (%) |\n"
        "|---|---|---|---|---|\n"
        "| Số thành viên HTX | Người | 21.500 | 23.000 | 107,0 |\n"
    )
    grew = _one(records, 108.9)
    assert (grew.change, grew.kind, period_label(grew)) == (True, "actual", "2019")
    planned = _one(records, 107.0)
    assert (planned.change, planned.kind, period_label(planned)) == (True, "target", "2020")


def test_a_same_period_column_is_that_years_same_months():
    head = _HEAD.replace("KẾT QUẢ NĂM 2019", "KẾT QUẢ 6 THÁNG ĐẦU NĂM 2019")
    records = _records(
        "Chỉ tiêu\tĐVT\tCùng kỳ 2018\tTH 6 tháng 2019\nHợp tác xã thành lập mới\tHTX\t9\t12\n",
        head,
    )
    assert period_label(_one(records, 9)) == "2018-H1"
    assert period_label(_one(records, 12)) == "2019-H1"


def test_a_signed_change_cell_is_a_change_in_its_columns_unit():
    records = _records(
        "| Chỉ tiêu | ĐVT | Năm 2018 | Năm 2019 | Tăng (+), giảm (-) | Tăng/giảm (%) |\n"
        "|---|---|---|---|---|---|\n"
        "| HTX giải thể | HTX | 8 | 5 | -3 | -37,5 |\n"
    )
    fewer = _one(records, 3)
    assert (fewer.change, fewer.unit, period_label(fewer)) == (True, "HTX", "2019")
    share = _one(records, 37.5)
    assert (share.change, share.unit) == (True, "%")


def test_the_cooperatives_a_union_gathers_are_its_members():
    records = _records(
        "Toàn tỉnh có 2 liên hiệp HTX, quy tụ 11 HTX thành viên, sử dụng 40 lao động.\n"
    )
    gathered = _one(records, 11)
    assert (gathered.indicator_id, gathered.subject) == ("lhhtx.member_htx", "LH HTX")


def test_an_income_followed_by_another_clause_is_still_its_earners():
    records = _records(
        "Thu nhập bình quân của lao động thường xuyên tại các HTX dịch vụ đạt 5 triệu "
        "đồng/tháng, tại các HTX vận tải đạt 7 triệu đồng/tháng.\n",
        _NEWS,
    )
    assert _one(records, 5).subject == "người lao động"


def test_cooperatives_linked_with_businesses_are_the_value_chain_count():
    records = _records(
        "Toàn tỉnh có 73 HTX tham gia liên kết chuỗi với doanh nghiệp; 41 HTX nông nghiệp liên "
        "kết với doanh nghiệp tiêu thụ sản phẩm.\n",
        _NEWS,
    )
    for value in (73, 41):
        assert _one(records, value).indicator_id == "htx.value_chain"


def test_a_section_headed_with_an_estimate_of_the_year_estimates_its_figures():
    head = _HEAD.replace("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "III. ƯỚC THỰC HIỆN CẢ NĂM 2019")
    records = _records(
        "- Tổng số HTX: 214 HTX, đạt 101% kế hoạch;\n- Doanh thu bình quân: 2,6 tỷ đồng/HTX/năm.\n",
        head,
    )
    for value in (214, 2.6):
        assert _one(records, value).kind == "estimate"


def test_an_expected_year_end_count_after_a_clause_about_the_plan_is_an_estimate():
    records = _records(
        "Năm 2019, tỉnh thành lập mới 21 HTX, vượt chỉ tiêu kế hoạch đề ra; dự kiến đến cuối "
        "năm toàn tỉnh có 233 HTX với hơn 20.000 thành viên.\n",
        "Kinh tế tập thể tỉnh Hà Nam\nThứ Năm, 26/12/2019 - 14:40\n\n",
    )
    assert _one(records, 233).kind == "estimate"


def test_a_day_in_a_columns_header_dates_its_counts():
    records = _records(
        "| Vùng | Số HTX (31/12/2018) | Thành lập mới |\n|---|---|---|\n"
        "| Tây Nguyên | 1.320 | 96 |\n",
        _HEAD,
    )
    assert period_label(_one(records, 1320)) == "2018-12-31"


def test_cooperatives_no_longer_operating_are_not_the_active_ones():
    records = _records(
        "Trong năm, tỉnh đã giải thể 23 HTX không còn hoạt động; hiện có 310 HTX đang hoạt động.\n",
        _NEWS,
    )
    assert _one(records, 23).indicator_id == "htx.dissolved"
    assert _one(records, 310).indicator_id == "htx.active"


def test_cooperatives_registered_in_the_period_are_the_new_ones():
    records = _records(
        "Sáu tháng đầu năm 2019, toàn tỉnh có 14 HTX đăng ký thành lập, bằng 47% kế hoạch năm.\n",
        _NEWS,
    )
    assert _one(records, 14).indicator_id == "htx.new"


def test_the_members_of_unions_written_lh_htx_are_their_member_cooperatives():
    records = _records("Đến nay, toàn tỉnh có 4 LH HTX với 19 HTX thành viên.\n")
    assert _one(records, 19).indicator_id == "lhhtx.member_htx"


def test_a_credit_fund_count_spelled_out_in_gold_meets_the_extracted_unit():
    from bot.figures.numbers import normalised

    assert normalised(17, 17, "quỹ tín dụng nhân dân") == normalised(17, 17, "quỹ TDND")
    assert normalised(17, 17, "QTDND") == normalised(17, 17, "quỹ TDND")


def test_a_results_heading_under_a_heading_of_estimates_is_estimated_too():
    head = _HEAD.replace("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "II. ƯỚC THỰC HIỆN NĂM 2019")
    records = _records(
        "1. Về kết quả hoạt động\nDoanh thu bình quân 2,8 tỷ đồng/HTX, lợi nhuận bình quân "
        "240 triệu đồng/HTX.\n",
        head,
    )
    for value in (2.8, 240):
        assert _one(records, value).kind == "estimate"


def test_a_yearly_average_after_a_flow_is_that_flow_per_year():
    records = _records(
        "Giai đoạn 2016-2020, toàn tỉnh thành lập mới 215 HTX (bình quân 43 HTX/năm).\n"
    )
    assert _one(records, 43).indicator_id == "htx.new"

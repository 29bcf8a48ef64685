"""bot.layout on small synthetic administrative texts: header fields, closing block, section
paths, bullets, text tables, PDF hard-wrapping, page furniture and odd spaces."""

from __future__ import annotations

import re
import textwrap
from datetime import date

import pytest

from bot import layout
from bot.corpus_load import parse_article
from bot.layout.rejoin import aligned_cells
from bot.layout.sections import structure
from bot.text import fold


def read(text: str) -> layout.Layout:
    return layout.read_administrative(textwrap.dedent(text).strip("\n").split("\n"))


def texts(lay: layout.Layout) -> list[str]:
    return [b.text for b in lay.blocks]


def block_with(lay: layout.Layout, word: str) -> layout.Block:
    found = [b for b in lay.blocks if word in b.text]
    assert found, f"{word!r} is in no passage: {texts(lay)}"
    return found[0]


# --- the header ---------------------------------------------------------------------------

PLAN = """\
    ỦY BAN NHÂN DÂN
    TỈNH QUẢNG TRỊ
    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    Độc lập - Tự do - Hạnh phúc
    Số: 77 / KH - UBND
    Quảng Trị, ngày 3 tháng 4 năm 2024
    KẾ HOẠCH
    Hỗ trợ hợp tác xã nuôi ong
    trên địa bàn tỉnh năm 2024
    Ủy ban nhân dân tỉnh ban hành Kế hoạch hỗ trợ các hợp tác xã nuôi ong như sau.
    I. MỤC TIÊU
    Nâng cao thu nhập cho thành viên hợp tác xã nuôi ong.
    II. GIẢI PHÁP
    Tăng cường tập huấn kỹ thuật chăm sóc đàn ong cho thành viên.
    TM. ỦY BAN NHÂN DÂN
    KT. CHỦ TỊCH
    PHÓ CHỦ TỊCH
    Trần Văn Quýt
    Nơi nhận:
    - Sở Tài chính;
    - Lưu: VT.
"""


def test_plan_header_type_number_issuer_place_date_and_multiline_subject():
    h = read(PLAN).header
    assert h.doc_type == "Kế hoạch"
    assert h.doc_number == "77/KH-UBND"  # spaces around '/' and '-' as typed in Word
    assert h.issuer == "UBND tỉnh Quảng Trị"  # from two lines
    assert (h.place, h.issued) == ("Quảng Trị", date(2024, 4, 3))
    assert h.title == "Kế hoạch hỗ trợ hợp tác xã nuôi ong trên địa bàn tỉnh năm 2024"
    assert not h.national


def test_first_body_sentence_is_not_taken_for_the_subject():
    lay = read(PLAN)
    assert "như sau" not in (lay.header.subject or "")
    opening = block_with(lay, "ban hành Kế hoạch hỗ trợ")
    assert opening.text.startswith("Ủy ban nhân dân tỉnh")


def test_signature_and_noi_nhan_are_not_passages_and_the_signer_is_found():
    lay = read(PLAN)
    assert lay.header.signer == "Trần Văn Quýt"
    joined = " ".join(texts(lay))
    for closing in ("CHỦ TỊCH", "Trần Văn Quýt", "Nơi nhận", "Lưu: VT", "Sở Tài chính"):
        assert closing not in joined
    assert "Tăng cường tập huấn kỹ thuật chăm sóc đàn ong" in joined


CONG_VAN = """\
    UBND HUYỆN GIO LINH      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    PHÒNG NÔNG NGHIỆP      Độc lập - Tự do - Hạnh phúc
    Số: 12/PNN-KT      Gio Linh, ngày 15 tháng 02 năm 2023
    V/v hướng dẫn thành lập hợp tác xã
    Kính gửi: Ủy ban nhân dân các xã, thị trấn
    Phòng Nông nghiệp hướng dẫn các xã việc thành lập hợp tác xã kiểu mới theo Luật.
    Các xã gửi báo cáo kết quả về Phòng Nông nghiệp trước ngày 30/3/2023.
    Đề nghị các xã quan tâm thực hiện./.
    TRƯỞNG PHÒNG
    Lê Thị Mận
"""


def test_cong_van_flattened_two_column_header_and_v_v_subject():
    lay = read(CONG_VAN)
    h = lay.header
    assert h.doc_type == "Công văn"
    assert h.doc_number == "12/PNN-KT"
    assert (h.place, h.issued) == ("Gio Linh", date(2023, 2, 15))
    assert h.subject == "hướng dẫn thành lập hợp tác xã"
    # The issuer is the block above "Số:", not the signer's title at the end; the line above
    # it is its governing body.
    assert fold(h.issuer or "") == fold("Phòng Nông nghiệp")
    assert fold(h.parent or "") == fold("UBND huyện Gio Linh")
    assert h.signer == "Lê Thị Mận"
    assert "TRƯỞNG PHÒNG" not in " ".join(texts(lay))
    block_with(lay, "trước ngày 30/3/2023")


def test_two_column_header_separated_by_tabs_on_one_line():
    lay = read(
        "HỘI ĐỒNG NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH KON TUM\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 08/2023/NQ-HĐND\tKon Tum, ngày 20 tháng 3 năm 2023\n"
        "NGHỊ QUYẾT\n"
        "Quy định mức hỗ trợ thành lập mới hợp tác xã\n"
        "Căn cứ Luật Hợp tác xã ngày 22 tháng 6 năm 2023;\n"
        "Điều 1. Hỗ trợ tối đa 30 triệu đồng cho mỗi hợp tác xã thành lập mới.\n"
    )
    h = lay.header
    assert (h.doc_type, h.doc_number) == ("Nghị quyết", "08/2023/NQ-HĐND")
    assert h.issuer == "HĐND tỉnh Kon Tum"
    assert (h.place, h.issued) == ("Kon Tum", date(2023, 3, 20))
    assert h.subject == "Quy định mức hỗ trợ thành lập mới hợp tác xã"


def test_central_issuer_makes_the_document_national():
    lay = read(
        """\
        BỘ KẾ HOẠCH VÀ ĐẦU TƯ
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Số: 5/BC-BKHĐT
        Hà Nội, ngày 10 tháng 1 năm 2024
        BÁO CÁO
        Tình hình kinh tế tập thể năm 2023
        Cả nước có 31.000 hợp tác xã, tăng 1.600 hợp tác xã so với năm 2022.
        BỘ TRƯỞNG
        Nguyễn Chí Dũng
        """
    )
    h = lay.header
    assert (h.doc_type, h.doc_number, h.issued) == ("Báo cáo", "5/BC-BKHĐT", date(2024, 1, 10))
    assert h.national
    assert h.subject == "Tình hình kinh tế tập thể năm 2023"
    assert h.signer == "Nguyễn Chí Dũng"
    block_with(lay, "Cả nước có 31.000 hợp tác xã")


def test_governing_body_above_the_issuer_is_kept_apart():
    text = """\
        LIÊN MINH HTX VIỆT NAM
        LIÊN MINH HỢP TÁC XÃ TỈNH PHÚ YÊN
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 21/BC-LMHTX
        Phú Yên, ngày 8 tháng 12 năm 2023
        BÁO CÁO
        Kết quả hoạt động năm 2023
        Liên minh kết nạp thêm 14 thành viên trong năm.
    """
    h = read(text).header
    assert fold(h.issuer or "") == fold("Liên minh Hợp tác xã tỉnh Phú Yên")
    assert fold(h.parent or "") == fold("Liên minh HTX Việt Nam")
    assert not h.national
    central = text.replace("LIÊN MINH HTX VIỆT NAM", "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN")
    central = central.replace("LIÊN MINH HỢP TÁC XÃ TỈNH PHÚ YÊN", "CỤC KINH TẾ HỢP TÁC")
    h = read(central.replace("Phú Yên, ngày", "Hà Nội, ngày")).header
    assert fold(h.issuer or "") == fold("Cục kinh tế hợp tác") and h.national


def test_provincial_document_through_parse_article_keeps_its_province():
    art = parse_article("qt", textwrap.dedent(PLAN).encode())
    assert (art.province, art.national, art.doc_number) == ("Quảng Trị", False, "77/KH-UBND")


# --- the body -------------------------------------------------------------------------------

SECTIONS = """\
    ỦY BAN NHÂN DÂN
    TỈNH SƠN LA
    Số: 41/KH-UBND
    Sơn La, ngày 2 tháng 3 năm 2022
    KẾ HOẠCH
    Phát triển hợp tác xã năm 2022
    Phần I
    ĐÁNH GIÁ
    I. KẾT QUẢ
    1. Hợp tác xã
    1.1. Số lượng
    Toàn tỉnh có 640 hợp tác xã đang hoạt động.
    a) Thành lập mới
    - Mận hậu.
    - Thành lập 45 hợp tác xã trồng mận.
    2. Tổ hợp tác
    Phần II
    QUY ĐỊNH HỖ TRỢ
    Chương I
    QUY ĐỊNH CHUNG
    Điều 1. Đối tượng áp dụng
    1. Hợp tác xã nông nghiệp thành lập từ năm 2022.
    2. Liên hiệp hợp tác xã có trụ sở trên địa bàn tỉnh.
"""


def test_section_paths_for_phan_roman_numbered_lettered_dieu_and_khoan():
    lay = read(SECTIONS)
    assert block_with(lay, "640 hợp tác xã").section == (
        "Phần I Đánh giá",
        "I. Kết quả",
        "1. Hợp tác xã",
        "1.1. Số lượng",
    )
    assert block_with(lay, "45 hợp tác xã trồng mận").section[-1] == "a) Thành lập mới"
    khoan = block_with(lay, "Liên hiệp hợp tác xã có trụ sở")
    assert khoan.section[0] == "Phần II Quy định hỗ trợ"
    assert khoan.section[1] == "Chương I Quy định chung"
    assert khoan.section[2].startswith("Điều 1") and "Đối tượng áp dụng" in khoan.section[2]


def test_a_heading_with_nothing_under_it_is_kept_as_a_passage():
    lay = read(SECTIONS)
    assert any(b.text == "2. Tổ hợp tác" for b in lay.blocks), texts(lay)


def test_short_bullets_are_content():
    lay = read(SECTIONS)
    assert any("Mận hậu" in t for t in texts(lay))  # a 2-word bullet line
    art = parse_article("sl", textwrap.dedent(SECTIONS).encode())
    assert any("Mận hậu" in p.text for p in art.paragraphs)


# --- tables --------------------------------------------------------------------------------

HEADER = """\
    ỦY BAN NHÂN DÂN
    TỈNH ĐIỆN BIÊN
    Số: 3/BC-UBND
    Điện Biên, ngày 9 tháng 1 năm 2024
    BÁO CÁO
    Chỉ tiêu kinh tế tập thể
    I. SỐ LIỆU
"""


@pytest.mark.parametrize(
    "table",
    [
        "| Chỉ tiêu | Đơn vị | TH 2023 | KH 2024 |\n"
        "|---|---|---|---|\n"
        "| Hợp tác xã | | | |\n"
        "| Thành lập mới | HTX | 31 | 40 |\n"
        "| Tổ hợp tác | | | |\n"
        "| Thành lập mới | THT | 12 | 15 |",
        "Chỉ tiêu | Đơn vị | TH 2023 | KH 2024\n"
        "Hợp tác xã | | |\n"
        "Thành lập mới | HTX | 31 | 40\n"
        "Tổ hợp tác | | |\n"
        "Thành lập mới | THT | 12 | 15",
        "Chỉ tiêu\tĐơn vị\tTH 2023\tKH 2024\n"
        "Hợp tác xã\t\t\t\n"  # a group row copied out of Word keeps its empty cells
        "Thành lập mới\tHTX\t31\t40\n"
        "Tổ hợp tác\t\t\t\n"
        "Thành lập mới\tTHT\t12\t15",
        "Chỉ tiêu          Đơn vị     TH 2023     KH 2024\n"
        "Thành lập mới HTX    HTX        31          40\n"
        "Thành lập mới THT    THT        12          15",
    ],
    ids=["markdown", "pipe", "tab", "spaces"],
)
def test_text_tables_give_one_passage_per_row_with_column_headers(table: str):
    lay = read(HEADER + textwrap.indent(table, "    ") + "\n    Số liệu do Sở Tài chính tổng hợp.")
    rows = [b for b in lay.blocks if "40" in b.text]
    assert len(rows) == 1, texts(lay)
    row = rows[0]
    assert "TH 2023: 31" in row.text and "KH 2024: 40" in row.text
    assert "Đơn vị: HTX" in row.text
    other = next(b for b in lay.blocks if "15" in b.text and b is not row)
    assert "KH 2024: 15" in other.text and "12" in other.text
    if "Tổ hợp tác" in table:  # group rows become context
        assert row.section[-1] == "Hợp tác xã" and other.section[-1] == "Tổ hợp tác"
    block_with(lay, "Số liệu do Sở Tài chính tổng hợp.")


def test_a_space_aligned_table_keeps_its_columns():
    # Copied out of a PDF: "STT  Chỉ tiêu" two spaces apart are two cells, and a row
    # without a value in one column leaves that cell empty instead of shifting the rest.
    table = (
        "    Bảng: Một số chỉ tiêu chủ yếu 6 tháng đầu năm 2018 (số liệu sơ bộ của các đơn vị)\n"
        "    STT  Chỉ tiêu                 Đơn vị      TH 2017      6T/2018\n"
        "    1    THT thành lập mới        THT         4.100        2.208\n"
        "    2    HTX giải thể             HTX                      509\n"
        "    3    HTX đang hoạt động       HTX         20.092       21.212\n"
    )
    lay = read(HEADER + table)
    new = block_with(lay, "THT thành lập mới")
    assert new.text == "THT thành lập mới — Đơn vị: THT; TH 2017: 4.100; 6T/2018: 2.208"
    assert block_with(lay, "HTX giải thể").text == "HTX giải thể — Đơn vị: HTX; 6T/2018: 509"
    assert "6 tháng đầu năm 2018" in new.section[-1]  # the caption is the table's context


def test_a_space_aligned_rows_label_begun_on_a_line_above_its_cells_joins_the_row():
    table = (
        "    STT  Chỉ tiêu                  Đơn vị      TH 2018      KH 2019\n"
        "    1    Số HTX đang hoạt động     HTX            120          126\n"
        "    2    Lợi nhuận bình quân của\n"
        "         một hợp tác xã            Tr.đồng        210          230\n"
        "    3    Số tổ hợp tác             THT            540          560\n"
    )
    lay = read(HEADER + table)
    profit = block_with(lay, "Lợi nhuận")
    assert profit.text == (
        "Lợi nhuận bình quân của một hợp tác xã — Đơn vị: Tr.đồng; TH 2018: 210; KH 2019: 230"
    )
    assert block_with(lay, "Số tổ hợp tác").text.endswith("KH 2019: 560")


def test_aligned_cells_follow_the_header_columns():
    rows = aligned_cells(
        [
            "Chỉ tiêu          Đơn vị     TH 2023     KH 2024",
            "Thành lập mới     HTX                    40",
        ]
    )
    assert rows[1] == ["Thành lập mới", "HTX", "", "40"]


def test_two_tables_of_different_kinds_next_to_each_other_stay_apart():
    lay = read(
        HEADER
        + "    | Chỉ tiêu | KH 2024 |\n    |---|---|\n    | Hợp tác xã mới | 40 |\n"
        + "    Chỉ tiêu\tĐơn vị\tTH 2023\n    Doanh thu bình quân\ttỷ đồng\t3,2\n"
    )
    revenue = block_with(lay, "Doanh thu bình quân")
    assert "TH 2023: 3,2" in revenue.text and "Đơn vị: tỷ đồng" in revenue.text
    assert not any("Chỉ tiêu —" in t for t in texts(lay)), texts(lay)


def test_two_ruled_pipe_tables_one_under_the_other_keep_their_own_headers():
    lay = read(
        HEADER
        + "    | Chỉ tiêu | Năm 2022 | Năm 2023 |\n    |---|---|---|\n"
        + "    | Hợp tác xã | 180 | 196 |\n\n"
        + "    | Chỉ tiêu | Ước TH 2023 | KH 2024 |\n    |---|---|---|\n"
        + "    | Thành viên | 21.500 | 23.000 |\n"
    )
    assert block_with(lay, "Thành viên").text == "Thành viên — Ước TH 2023: 21.500; KH 2024: 23.000"
    assert not any(t.startswith("Chỉ tiêu —") for t in texts(lay)), texts(lay)


def test_a_header_row_repeated_on_the_next_page_is_not_a_row():
    table = (
        "    | Chỉ tiêu | Đơn vị | KH 2024 |\n    | Hợp tác xã mới | HTX | 40 |\n    - 2 -\n"
        "    | Chỉ tiêu | Đơn vị | KH 2024 |\n    | Tổ hợp tác mới | THT | 15 |\n"
    )
    lay = read(HEADER + table)
    rows = [b.text for b in lay.blocks[1:]]
    assert rows == [
        "Hợp tác xã mới — Đơn vị: HTX; KH 2024: 40",
        "Tổ hợp tác mới — Đơn vị: THT; KH 2024: 15",
    ]


# A statistical yearbook copied to a plain .txt: no administrative header, numbered headings, a
# table captioned "Biểu …" whose header is bare years.
YEARBOOK = """\
CHI CỤC THỐNG KÊ TỈNH NINH BÌNH

NIÊN GIÁM THỐNG KÊ TỈNH NINH BÌNH 2011 - 2015
(Trích mục Kinh tế tập thể)

1. Tổ hợp tác và hợp tác xã giai đoạn 2011 - 2015
Trong giai đoạn này số tổ hợp tác của tỉnh tăng đều, số hợp tác xã gần như không đổi.

Biểu 7. Số tổ hợp tác, hợp tác xã
Chỉ tiêu\tĐơn vị tính\t2011\t2013\t2015
Số tổ hợp tác\tTHT\t512\t547\t590
Số hợp tác xã\tHTX\t301\t298\t305

2. Nguồn số liệu
Báo cáo thống kê của các huyện, thành phố.
"""


def test_a_headerless_yearbook_table_of_bare_years_is_read_row_by_row():
    from bot.figures.extract import extract_records

    art = parse_article("nb", YEARBOOK.encode())
    rows = {p.text: p for p in art.paragraphs if " — " in p.text}
    row = "Số tổ hợp tác — Đơn vị tính: THT; 2011: 512; 2013: 547; 2015: 590"
    assert set(rows) == {row, "Số hợp tác xã — Đơn vị tính: HTX; 2011: 301; 2013: 298; 2015: 305"}
    # The numbered heading and the caption say which table a row is of, as in a document.
    assert rows[row].section == (
        "1. Tổ hợp tác và hợp tác xã giai đoạn 2011 - 2015 › Biểu 7. Số tổ hợp tác, hợp tác xã"
    )
    prose = next(p for p in art.paragraphs if p.text.startswith("Trong giai đoạn này"))
    assert prose.context == "1. Tổ hợp tác và hợp tác xã giai đoạn 2011 - 2015"
    assert art.province == "Ninh Bình"
    # A bare year column with no cue is what the yearbook counted that year.
    got = {
        (r.indicator_id, r.kind, r.period_start, r.period_end, r.value_min)
        for r in extract_records(art)
        if " — " in r.text
    }
    assert got == {
        *(("tht.total", "actual", y, y, v) for y, v in ((2011, 512), (2013, 547), (2015, 590))),
        *(("htx.total", "actual", y, y, v) for y, v in ((2011, 301), (2013, 298), (2015, 305))),
    }


# A page copied from a website: a paragraph with a stray tab, a pipe table of "Năm …" columns
# between prose, and site furniture in pipe rows that is no table.
NEWS_WITH_TABLE = """\
Trang chủ | Tin tức | Liên hệ
Hậu Giang: kinh tế tập thể năm 2022 giữ đà tăng trưởng

Năm 2022, khu vực kinh tế tập thể của tỉnh tiếp tục phát triển ổn định, thêm mô hình mới.\t

| Chỉ tiêu | ĐVT | Năm 2020 | Năm 2021 |
| --- | --- | --- | --- |
| Hợp tác xã đang hoạt động | HTX | 214 | 236 |
| Thành viên hợp tác xã | người | 15.870 | 16.402 |

Trong năm, toàn tỉnh thành lập mới 19 hợp tác xã, phần lớn trong lĩnh vực nông nghiệp.
Trang chủ | Tin tức | Liên hệ
Hôm nay: 1.204 | Hôm qua: 1.310 | Tổng: 845.117
Bản quyền thuộc về Báo Hậu Giang
"""


def test_a_pipe_table_of_year_columns_in_a_news_page_is_read_row_by_row():
    from bot.figures.extract import extract_records

    art = parse_article("hg", NEWS_WITH_TABLE.encode())
    assert [p.text for p in art.paragraphs] == [
        "Năm 2022, khu vực kinh tế tập thể của tỉnh tiếp tục phát triển ổn định, thêm mô hình mới.",
        "Hợp tác xã đang hoạt động — ĐVT: HTX; Năm 2020: 214; Năm 2021: 236",
        "Thành viên hợp tác xã — ĐVT: người; Năm 2020: 15.870; Năm 2021: 16.402",
        "Trong năm, toàn tỉnh thành lập mới 19 hợp tác xã, phần lớn trong lĩnh vực nông nghiệp.",
    ]
    assert all(p.section == "" for p in art.paragraphs)  # no heading or caption to show
    records = extract_records(art)
    years = {(r.value_min, r.kind, r.period_start) for r in records}
    assert {(214, "actual", 2020), (236, "actual", 2021), (16402, "actual", 2021)} <= years
    # The table's columns are no frame for the page: "Trong năm" is still the page's 2022.
    assert (19, "actual", 2022) in years


@pytest.mark.parametrize(
    "table",
    [
        "Nội dung\tĐVT\t2019\t2021\t2023\n"
        "Hợp tác xã dược liệu\tHTX\t14\t22\t31\n"
        "Diện tích dược liệu\tha\t380\t455\t610",
        "| Nội dung | ĐVT | 2019 | 2021 | 2023 |\n"
        "|---|---|---|---|---|\n"
        "| Hợp tác xã dược liệu | HTX | 14 | 22 | 31 |\n"
        "| Diện tích dược liệu | ha | 380 | 455 | 610 |",
    ],
    ids=["tab", "pipe"],
)
def test_a_header_of_bare_years_under_an_administrative_header_names_the_columns(table: str):
    lay = read(HEADER + textwrap.indent(table, "    "))
    assert block_with(lay, "dược liệu — ").text == (
        "Hợp tác xã dược liệu — ĐVT: HTX; 2019: 14; 2021: 22; 2023: 31"
    )
    assert not any(t.startswith("Nội dung") for t in texts(lay)), texts(lay)


def test_a_first_row_of_figures_that_look_like_years_stays_a_row():
    # Without a header word or an empty label beside them, two years are no column header.
    lay = read(HEADER + "    Thành viên mới\tngười\t1950\t2030\n    Lao động\tngười\t812\t905\n")
    assert "Thành viên mới | người | 1950 | 2030" in texts(lay), texts(lay)


def test_appendix_after_the_signature_is_content():
    lay = read(
        """\
        ỦY BAN NHÂN DÂN
        TỈNH CAO BẰNG
        Số: 9/KH-UBND
        Cao Bằng, ngày 4 tháng 5 năm 2023
        KẾ HOẠCH
        Phát triển hợp tác xã chè
        I. MỤC TIÊU
        Phát triển vùng chè hữu cơ gắn với hợp tác xã.
        II. GIẢI PHÁP
        Hỗ trợ chứng nhận hữu cơ cho hợp tác xã./.
        KT. CHỦ TỊCH
        PHÓ CHỦ TỊCH
        Đàm Văn Lụa
        Nơi nhận:
        - Các sở;
        - Lưu: VT.
        PHỤ LỤC
        CHỈ TIÊU PHÁT TRIỂN HỢP TÁC XÃ CHÈ NĂM 2023
        | Chỉ tiêu | Đơn vị | KH 2023 |
        |---|---|---|
        | Diện tích chè hữu cơ của các hợp tác xã | ha | 150 |
        | Hợp tác xã chè đạt OCOP từ 3 sao trở lên | HTX | 12 |
        """
    )
    assert lay.header.signer == "Đàm Văn Lụa"
    assert "KH 2023: 150" in block_with(lay, "Diện tích chè hữu cơ").text
    assert not any(re.search(r"CHỦ TỊCH|Nơi nhận|Lưu: VT", t) for t in texts(lay)), texts(lay)


# --- PDF copies: hard wrapping, page numbers, running headers, odd spaces --------------------

PARAGRAPHS = [
    "Trong năm 2023, các hợp tác xã trên địa bàn tỉnh tiếp tục duy trì hoạt động ổn định, "
    "doanh thu bình quân đạt 2,1 tỷ đồng mỗi hợp tác xã, tăng 8% so với năm trước; thu nhập "
    "bình quân của người lao động đạt 5,2 triệu đồng mỗi tháng.",
    "- Công tác tuyên truyền được đẩy mạnh bằng nhiều hình thức phong phú như hội nghị, tập "
    "huấn, phát thanh, truyền hình và mạng xã hội, giúp cán bộ, nhân dân hiểu rõ hơn về bản "
    "chất của mô hình hợp tác xã kiểu mới.",
    "- Tuy nhiên, quy mô của phần lớn hợp tác xã còn nhỏ, vốn ít, trình độ cán bộ quản lý còn "
    "hạn chế, việc liên kết với doanh nghiệp để tiêu thụ sản phẩm chưa bền vững, nhiều hợp tác "
    "xã chưa xây dựng được thương hiệu riêng.",
    "Năm 2024, tỉnh phấn đấu thành lập mới 25 hợp tác xã, nâng tổng số hợp tác xã lên 380, "
    "trong đó ít nhất 40% hợp tác xã hoạt động hiệu quả và 12 hợp tác xã ứng dụng công nghệ "
    "cao trong sản xuất nông nghiệp.",
]


def wrapped_report(running: list[str]) -> str:
    """A report as copied out of a PDF: every paragraph wrapped at 70 characters, and the
    page furniture (`running`) inserted at a page break in the middle of a paragraph."""
    lines: list[str] = []
    for i, para in enumerate(PARAGRAPHS):
        wrapped = textwrap.wrap(para, 70)
        if i in (1, 3):  # page breaks fall inside paragraphs 2 and 4
            lines += wrapped[:1] + running + wrapped[1:]
        else:
            lines += wrapped
    head = "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\nSố: 15/BC-UBND\nHà Giang, ngày 10 tháng 01 năm 2024\n"
    head += "BÁO CÁO\nKết quả phát triển hợp tác xã năm 2023\nI. KẾT QUẢ\n"
    return head + "\n".join(lines)


def test_pdf_hard_wrapped_text_is_rejoined_into_its_paragraphs():
    lay = read(wrapped_report(["2", "Báo cáo số 15/BC-UBND ngày 10/01/2024"]))
    body = [b for b in lay.blocks if b.section]
    for para in PARAGRAPHS:
        assert any(para in b.text for b in body), (para, texts(lay))
    for b in body:
        assert re.search(r"[.;:]$", b.text), f"passage ends mid-sentence: {b.text!r}"


# Wrapped at ~70 characters: mostly short items that end their sentence, and two that wrap
# onto a line starting with a figure or a capital, which only the line width gives away.
WRAPPED_ITEMS = """\
- Toàn tỉnh có 412 hợp tác xã đang hoạt động, tăng 18 so với năm 2022.
- Thành lập mới 18 hợp tác xã, đạt 90% kế hoạch năm được giao.
- Giải thể 6 hợp tác xã ngừng hoạt động kéo dài nhiều năm liền.
- Doanh thu bình quân đạt 1,9 tỷ đồng/hợp tác xã/năm, tăng 5%.
- Để so sánh: đến tháng 10/2021, toàn tỉnh có 301 hợp tác xã nông
nghiệp, trong đó 150 hợp tác xã hoạt động hiệu quả, thu hút (trên
49%) số hộ nông dân tham gia.
- Có 35 hợp tác xã tham gia liên kết chuỗi giá trị nông sản an toàn.
- Thu nhập bình quân của thành viên đạt 4,6 triệu đồng/người/tháng.
- Có 12 hợp tác xã được hỗ trợ ứng dụng công nghệ cao trong sản xuất.
Để hoàn thành các chỉ tiêu nêu trên, Ủy ban nhân dân tỉnh đề ra sáu
giải pháp trọng tâm phát triển kinh tế tập thể, hợp tác xã năm mới,
HTX liên kết với doanh nghiệp tiêu thụ nông sản là ưu tiên hàng đầu.
"""


def test_wrapped_items_are_rejoined_when_most_lines_end_a_sentence():
    text = wrapped_report([]).split("I. KẾT QUẢ")[0] + "I. KẾT QUẢ\n" + WRAPPED_ITEMS
    lay = read(text)
    block_with(lay, "thu hút (trên 49%) số hộ")
    block_with(lay, "năm mới, HTX liên kết với doanh nghiệp")
    for b in lay.blocks[1:]:
        assert re.search(r"[.;:]$", b.text), f"passage ends mid-sentence: {b.text!r}"


def test_a_line_in_capitals_after_a_wrapped_sentence_is_not_its_continuation():
    preamble = textwrap.wrap(
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật Hợp tác "
        "xã ngày 22 tháng 6 năm 2023 và các văn bản hướng dẫn thi hành có liên quan;",
        70,
    ) + textwrap.wrap(
        "Xét đề nghị của Giám đốc Sở Nông nghiệp và Phát triển nông thôn tại Tờ trình số "
        "45/TTr-SNN ngày 2 tháng 3 năm 2024 về việc hỗ trợ hợp tác xã chăn nuôi,",
        70,
    )
    body = preamble + ["QUYẾT ĐỊNH:", "Điều 1. Hỗ trợ 12 hợp tác xã chăn nuôi."]
    assert "QUYẾT ĐỊNH:" in [b.text for b in structure(body)]
    lay = read(
        "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nSố: 88/QĐ-UBND\nLai Châu, ngày 9 tháng 3 năm 2024\n"
        "QUYẾT ĐỊNH\nVề việc hỗ trợ hợp tác xã chăn nuôi\n"
        + "\n".join(preamble)
        + "\nQUYẾT ĐỊNH:\nĐiều 1. Hỗ trợ 12 hợp tác xã chăn nuôi, mỗi hợp tác xã 50 triệu đồng.\n"
    )
    assert block_with(lay, "chăn nuôi,").text.endswith("chăn nuôi,")


@pytest.mark.parametrize(
    "furniture",
    [["3"], ["- 3 -"], ["Trang 3"], ["Báo cáo kết quả phát triển hợp tác xã năm 2023", "3"]],
)
def test_page_numbers_and_running_headers_are_dropped(furniture: list[str]):
    text = wrapped_report(furniture)
    if len(furniture) > 1:  # a running header repeated at the top of every page
        text = text.replace("\n- Tuy nhiên", "\n" + "\n".join(furniture) + "\n- Tuy nhiên")
    lay = read(text)
    for b in lay.blocks[1:]:
        assert not re.search(r"(^|\s)(- )?3( -)?$|Trang 3", b.text), b.text
        assert "Báo cáo kết quả phát triển hợp tác xã năm 2023" not in b.text
    for para in PARAGRAPHS:
        assert any(para in t for t in texts(lay)), para


def test_nbsp_and_odd_spaces_are_normalised():
    text = textwrap.dedent(PLAN).replace("Nâng cao thu nhập", "Nâng\u00a0cao\u2009thu\u202fnhập")
    text = text.replace("Số: 77 / KH - UBND", "Số:\u00a077/KH-UBND")
    lay = read(text)
    assert lay.header.doc_number == "77/KH-UBND"
    block = block_with(lay, "Nâng cao thu nhập cho thành viên")
    assert not re.search("[\u00a0\u2000-\u200a\u202f]", block.text)


def test_an_appendix_title_on_the_next_line_names_its_section_and_keeps_its_reference():
    blocks = structure(
        [
            "PHỤ LỤC",
            "HIỆN TRẠNG HỢP TÁC XÃ NĂM 2020 (Kèm theo Kế hoạch số 45/KH-UBND ngày 3/3/2021)",
            "1. Số lượng",
            "Toàn tỉnh có 214 HTX.",
        ]
    )
    texts = {b.text: b.section for b in blocks}
    assert texts["Toàn tỉnh có 214 HTX."][0] == "PHỤ LỤC Hiện trạng hợp tác xã năm 2020"
    assert any("Kèm theo Kế hoạch số 45/KH-UBND" in t for t in texts)  # still searched

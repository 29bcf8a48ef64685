"""Administrative headers as real copies lay them out (issue 12's development set E): Party
numbers printed without a colon, a number the spaces after "Số:" cut off its line, a trích yếu
opening with "thực hiện", the enacting authority under the trích yếu, the enacting formula,
and a web page's layout table copied one wrapped cell at a time."""

from __future__ import annotations

import textwrap

import pytest

from bot import layout
from bot.corpus_load import parse_article

# One line each in the documents, as their trích yếu or opening sentence.
PARTY_SUBJECT = (
    "thực hiện Nghị quyết số 20-NQ/TW ngày 16/6/2022 Hội nghị lần thứ năm Ban Chấp hành "
    "Trung ương Đảng khóa XIII về tiếp tục đổi mới, phát triển và nâng cao hiệu quả kinh tế "
    "tập thể trong giai đoạn mới"
)
PLAN_SUBJECT = (
    "Thực hiện Quyết định của Thủ tướng Chính phủ phê duyệt Đề án phát triển 15.000 HTX nông "
    "nghiệp hoạt động có hiệu quả đến năm 2020 trên địa bàn tỉnh Vĩnh Phúc"
)
BODY_OPENING = (
    "Thực hiện Công văn số 5529/BKHĐT-HTX ngày 08/8/2022 của Bộ Kế hoạch và Đầu tư, Ủy ban "
    "nhân dân tỉnh xây dựng Kế hoạch như sau:"
)


def read(text: str) -> layout.Layout:
    return layout.read_administrative(textwrap.dedent(text).strip("\n").split("\n"))


def test_a_party_number_printed_without_a_colon_is_the_documents_number():
    lay = read(
        f"""\
        ĐẢNG BỘ TỈNH SÓC TRĂNG          ĐẢNG CỘNG SẢN VIỆT NAM
        TỈNH ỦY
        *
        Số 31-CTr/TU                     Sóc Trăng, ngày 24 tháng 02 năm 2023

        CHƯƠNG TRÌNH
        {PARTY_SUBJECT}

        Ban Chấp hành Đảng bộ tỉnh xây dựng Chương trình như sau.
        1. Kiện toàn Ban Chỉ đạo kinh tế tập thể tỉnh.
        """
    )
    assert lay.header.doc_number == "31-CTr/TU"
    assert lay.header.doc_type == "Chương trình"
    assert lay.header.issued is not None and lay.header.issued.isoformat() == "2023-02-24"
    # The trích yếu opens with "thực hiện" and runs past 30 words: it is still the title.
    assert lay.header.title.startswith("Chương trình thực hiện Nghị quyết số 20-NQ/TW")
    assert lay.blocks[1].text.startswith("Ban Chấp hành Đảng bộ tỉnh")


def test_a_party_code_gives_the_type_when_no_type_line_does():
    lay = read(
        """\
        TỈNH ỦY LÀO CAI          ĐẢNG CỘNG SẢN VIỆT NAM
        Số: 10-NQ/TU             Lào Cai, ngày 26 tháng 8 năm 2021
        Ban Thường vụ Tỉnh ủy thống nhất các nội dung sau.
        """
    )
    assert (lay.header.doc_number, lay.header.doc_type) == ("10-NQ/TU", "Nghị quyết")


def test_a_number_the_spaces_cut_off_its_line_is_not_part_of_the_issuer():
    lay = read(
        """\
        ỦY BAN NHÂN DÂN
        TỈNH ĐIỆN BIÊN
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Số:   3311 /KH-UBND
        Điện Biên, ngày 12 tháng 11 năm 2018
        KẾ HOẠCH
        Phát triển hợp tác xã nông nghiệp đến năm 2020
        Căn cứ Quyết định số 461/QĐ-TTg ngày 27/4/2018 của Thủ tướng Chính phủ;
        """
    )
    assert lay.header.doc_number == "3311/KH-UBND"
    assert lay.header.issuer == "UBND tỉnh Điện Biên"


def test_a_trich_yeu_opening_with_thuc_hien_under_a_bare_type_line_is_the_title():
    lay = read(
        f"""\
        UBND TỈNH VĨNH PHÚC                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                             Vĩnh Phúc, ngày 29 tháng 11 năm 2018
        Số: 9526/KH-UBND

        KẾ HOẠCH
        {PLAN_SUBJECT}

        Căn cứ Quyết định 461/QĐ-TTg ngày 27/4/2018 của Thủ tướng Chính phủ;
        """
    )
    assert lay.header.title.startswith("Kế hoạch thực hiện Quyết định của Thủ tướng")
    # A body that opens with "Thực hiện …" is a sentence and stays the body.
    lay = read(
        f"""\
        ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 2949/KH-UBND                    Bình Thuận, ngày 07 tháng 9 năm 2022
        KẾ HOẠCH
        {BODY_OPENING}
        1. Số hợp tác xã: 204 HTX.
        """
    )
    assert lay.header.title == "Kế hoạch"
    assert lay.blocks[1].text.startswith("Thực hiện Công văn số 5529")


def test_the_enacting_authority_is_header_and_the_enacting_formula_no_passage():
    lay = read(
        """\
        HỘI ĐỒNG NHÂN DÂN TỈNH LAI CHÂU
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số 07/2021/NQ-HĐND                 Lai Châu, ngày 22 tháng 3 năm 2021
        NGHỊ QUYẾT
        Quy định chính sách về phát triển nông nghiệp hàng hóa tập trung
        HỘI ĐỒNG NHÂN DÂN TỈNH LAI CHÂU
        KHÓA XIV, KỲ HỌP THỨ MƯỜI SÁU
        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
        QUYẾT NGHỊ:
        Điều 1. Ban hành kèm theo Nghị quyết này Quy định chính sách.
        """
    )
    assert lay.header.doc_number == "07/2021/NQ-HĐND"
    texts = [b.text for b in lay.blocks]
    assert "KHÓA XIV, KỲ HỌP THỨ MƯỜI SÁU" in texts[0]  # the header passage
    assert texts[1].startswith("Căn cứ Luật Tổ chức")
    assert "QUYẾT NGHỊ:" not in texts
    assert any(t.startswith("Điều 1.") for t in texts)


WEB_TABLE_HEADER = """\
ỦY BAN NHÂN
DÂN
TỈNH BÀ RỊA – VŨNG TÀU
--------
|
CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số:
19/2013/QĐ-UBND
|
Bà Rịa - Vũng
Tàu, ngày 17 tháng 4 năm 2013
|
QUYẾT ĐỊNH
BAN HÀNH CHƯƠNG TRÌNH HỖ TRỢ PHÁT TRIỂN KINH TẾ TẬP THỂ
ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU
Căn cứ Luật Hợp tác xã ngày 26 tháng 11 năm 2003;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này chương trình hỗ trợ.
"""


def test_a_header_copied_from_a_web_layout_table_is_read_cell_by_cell():
    lay = read(WEB_TABLE_HEADER)
    assert lay.header.doc_number == "19/2013/QĐ-UBND"
    assert lay.header.issuer == "UBND tỉnh Bà Rịa – Vũng Tàu"
    assert lay.header.place == "Bà Rịa - Vũng Tàu"
    assert lay.header.issued is not None and lay.header.issued.isoformat() == "2013-04-17"


def test_a_bare_so_line_is_joined_to_the_number_under_it():
    lay = read(
        """\
        ỦY BAN NHÂN DÂN TỈNH HẬU GIANG
        Số:
        15/KH-UBND
        Hậu Giang, ngày 10 tháng 2 năm 2023
        KẾ HOẠCH
        Phát triển kinh tế tập thể năm 2023
        Căn cứ Luật Hợp tác xã năm 2012;
        """
    )
    assert lay.header.doc_number == "15/KH-UBND"
    assert lay.header.issuer == "UBND tỉnh Hậu Giang"


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        # No province line under the body's name: the place line says where it is.
        (
            "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "Số: 3149/KH-UBND | Điện Biên, ngày 28 tháng 10 năm 2019 |",
            "UBND tỉnh Điện Biên",
        ),
        # A department under its province's UBND.
        (
            "UBND TỈNH SÓC TRĂNG          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "SỞ KẾ HOẠCH VÀ ĐẦU TƯ        Độc lập - Tự do - Hạnh phúc\n"
            "Số: 1125/BC-SKHĐT            Sóc Trăng, ngày 10 tháng 5 năm 2023",
            "Sở kế hoạch và đầu tư tỉnh Sóc Trăng",
        ),
        # A Party committee is named after its province, without "tỉnh".
        (
            "ĐẢNG BỘ TỈNH SÓC TRĂNG          ĐẢNG CỘNG SẢN VIỆT NAM\nTỈNH ỦY\n"
            "Số 31-CTr/TU                     Sóc Trăng, ngày 24 tháng 02 năm 2023",
            "Tỉnh ủy Sóc Trăng",
        ),
        # A city's steering committee; a body that names its place is left as it is.
        (
            "UBND THÀNH PHỐ ĐÀ NẴNG\nBAN CHỈ ĐẠO PHÁT TRIỂN KINH TẾ TẬP THỂ\n"
            "Số: 02/QĐ-BCĐ        Đà Nẵng, ngày 24 tháng 01 năm 2022",
            "Ban chỉ đạo phát triển kinh tế tập thể thành phố Đà Nẵng",
        ),
        (
            "ỦY BAN NHÂN DÂN\nHUYỆN GIO LINH\nSố: 12/KH-UBND    Quảng Trị, ngày 2 tháng 3 năm 2023",
            "UBND huyện Gio Linh",
        ),
        # A narrow column wraps the quốc hiệu: its last words are no part of the issuer.
        (
            "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\n"
            "TỈNH HÀ GIANG                             NAM\n"
            "Số: 40/KH-UBND        Hà Giang, ngày 2 tháng 3 năm 2023",
            "UBND tỉnh Hà Giang",
        ),
        # A copy marking the header's columns with " / "; a ministry's department under it.
        (
            "BỘ KẾ HOẠCH VÀ ĐẦU TƯ / CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "VỤ HỢP TÁC XÃ / Độc lập - Tự do - Hạnh phúc\n"
            "Số:    /BC-HTX / Hà Nội, ngày 27 tháng 12 năm 2022",
            "Vụ hợp tác xã",
        ),
        (
            "UBND TỈNH LAI CHÂU / CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 15/KH-UBND / Lai Châu, ngày 2 tháng 3 năm 2023",
            "UBND tỉnh Lai Châu",
        ),
    ],
)
def test_an_issuer_is_given_the_province_its_header_places_it_in(header: str, issuer: str):
    text = f"{header}\nKẾ HOẠCH\nPhát triển hợp tác xã năm 2023\nCăn cứ Luật Hợp tác xã năm 2012;\n"
    article = parse_article("x", text.encode("utf-8"))
    assert article.issuer == issuer

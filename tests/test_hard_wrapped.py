"""Text copied out of a PDF or a print view breaks its lines mid-sentence. Read again, it
must give the figures the same text gives with a paragraph per line: a sentence cut in two
loses what its figures are, since the first half names them."""

from __future__ import annotations

import textwrap

from bot.corpus_load import parse_article
from bot.figures.evaluate import period_label
from bot.figures.extract import extract_records

# A news page with no administrative header, its paragraphs long enough to wrap.
_NEWS = """Hợp tác xã tỉnh Hà Giang tăng về số lượng và chất lượng trong năm 2023
Thứ Ba, 16/01/2024 - 10:15

(Kinh tế) - Theo báo cáo của Liên minh Hợp tác xã tỉnh, trong năm 2023 toàn tỉnh thành lập mới 47 hợp tác xã và 12 tổ hợp tác, nâng tổng số hợp tác xã trên địa bàn lên 812 hợp tác xã.

Doanh thu bình quân của một hợp tác xã ước đạt 1,2 tỷ đồng/năm; thu nhập bình quân của người lao động thường xuyên trong hợp tác xã khoảng 48 triệu đồng/người/năm.

Mục tiêu năm 2024

Năm 2024, tỉnh phấn đấu thành lập mới ít nhất 40 hợp tác xã, giải thể dứt điểm 15 hợp tác xã ngừng hoạt động lâu năm và nâng tỷ lệ hợp tác xã xếp loại tốt, khá lên 55%.
"""

# An administrative report copied from its PDF, lines broken at about 70 characters: a
# heading that ends short of the width is not joined to the text under it, and a line
# broken right after a colon goes on.
_REPORT_HEAD = """ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ GIANG                 Độc lập - Tự do - Hạnh phúc
Số: 31/BC-UBND                Hà Giang, ngày 20 tháng 01 năm 2024

BÁO CÁO
Kết quả hỗ trợ phát triển hợp tác xã năm 2023

"""
_REPORT_WRAPPED = """I. KẾT QUẢ HỖ TRỢ PHÁT TRIỂN HỢP TÁC XÃ
Trong năm 2023, các sở, ngành và Ủy ban nhân dân các huyện đã triển khai
các chính sách hỗ trợ hợp tác xã theo kế hoạch được giao đầu năm, kết
quả cụ thể như sau.
1. Hỗ trợ từ ngân sách tỉnh cho các hợp tác xã nông nghiệp
Tổng kinh phí hỗ trợ các hợp tác xã nông nghiệp trên địa bàn tỉnh trong
năm là 6,5 tỷ đồng, gồm các nội dung được nêu tại các điểm dưới đây.
a) Hỗ trợ đưa lao động trẻ có trình độ về làm việc tại hợp tác xã năm:
24 người, kinh phí khoảng 890 triệu đồng; số lao động này đều có trình
độ đại học trở lên và ký hợp đồng với hợp tác xã từ 12 tháng trở lên.
b) Hỗ trợ thành lập mới hợp tác xã: 47 hợp tác xã, mỗi hợp tác xã được
hỗ trợ 30 triệu đồng theo Nghị quyết của Hội đồng nhân dân tỉnh.
"""
# The same text with a paragraph per line.
_REPORT_WHOLE = """I. KẾT QUẢ HỖ TRỢ PHÁT TRIỂN HỢP TÁC XÃ
Trong năm 2023, các sở, ngành và Ủy ban nhân dân các huyện đã triển khai các chính sách hỗ trợ hợp tác xã theo kế hoạch được giao đầu năm, kết quả cụ thể như sau.
1. Hỗ trợ từ ngân sách tỉnh cho các hợp tác xã nông nghiệp
Tổng kinh phí hỗ trợ các hợp tác xã nông nghiệp trên địa bàn tỉnh trong năm là 6,5 tỷ đồng, gồm các nội dung được nêu tại các điểm dưới đây.
a) Hỗ trợ đưa lao động trẻ có trình độ về làm việc tại hợp tác xã năm: 24 người, kinh phí khoảng 890 triệu đồng; số lao động này đều có trình độ đại học trở lên và ký hợp đồng với hợp tác xã từ 12 tháng trở lên.
b) Hỗ trợ thành lập mới hợp tác xã: 47 hợp tác xã, mỗi hợp tác xã được hỗ trợ 30 triệu đồng theo Nghị quyết của Hội đồng nhân dân tỉnh.
"""


def _wrapped(text: str, width: int) -> str:
    return "\n".join(
        piece
        for line in text.split("\n")
        for piece in (textwrap.wrap(line, width) if len(line) > width else [line])
    )


def _figures(text: str) -> set[tuple]:
    records = extract_records(parse_article("x", text.encode()))
    return {(r.value_min, r.unit, r.kind, period_label(r), r.indicator_id) for r in records}


def test_a_hard_wrapped_news_page_gives_the_figures_of_its_paragraphs():
    whole = _figures(_NEWS)
    assert ("htx.new" in {f[4] for f in whole}) and len(whole) >= 6
    for width in (64, 75, 90):
        assert _figures(_wrapped(_NEWS, width)) == whole, width


def test_hard_wrapped_headings_and_colons_read_as_in_the_paragraphs():
    whole = parse_article("x", (_REPORT_HEAD + _REPORT_WHOLE).encode())
    wrapped = parse_article("x", (_REPORT_HEAD + _REPORT_WRAPPED).encode())
    assert [(p.section, p.text) for p in wrapped.paragraphs] == [
        (p.section, p.text) for p in whole.paragraphs
    ]
    assert _figures(_REPORT_HEAD + _REPORT_WRAPPED) == _figures(_REPORT_HEAD + _REPORT_WHOLE)


def test_a_title_wrapped_at_the_dash_of_its_range_keeps_the_range():
    # the trích yếu's "giai đoạn 2019" / "- 2021" is one range cut at its dash, not a bullet
    # that ends the title; the range then dates the body's results
    text = textwrap.dedent(
        """\
        UBND TỈNH HÀ GIANG                       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        SỞ KẾ HOẠCH VÀ ĐẦU TƯ                    Độc lập - Tự do - Hạnh phúc
        Số: 88/BC-SKHĐT                          Hà Giang, ngày 10 tháng 01 năm 2022

        BÁO CÁO
        Kết quả hỗ trợ các hợp tác xã theo chính sách khuyến khích của tỉnh giai đoạn 2019
        - 2021

        I. KẾT QUẢ
        1. Hỗ trợ thành lập mới: 42 HTX được hỗ trợ với tổng kinh phí khoảng 1,2 tỷ đồng.
        2. Hỗ trợ đào tạo: 130 người là cán bộ quản lý HTX được bồi dưỡng nghiệp vụ.
        """
    )
    article = parse_article("bc88", text.encode())
    assert article.title.endswith("giai đoạn 2019 - 2021")
    assert "giai đoạn 2019 - 2021" in article.paragraphs[0].text
    periods = {r.value_min: period_label(r) for r in extract_records(article)}
    assert periods[42] == "2019-2021"

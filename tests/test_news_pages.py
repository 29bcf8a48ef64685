"""News pages: the lead (sapo) above the body and photo captions carry facts trafilatura
leaves out; they are kept, in reading order, once."""

from __future__ import annotations

from bot.formats import convert

PAGE = """<html><head><title>Tỉnh X tổng kết đề án HTX</title></head><body>
<nav><a href="/">Trang chủ</a> <a href="/kt">Kinh tế</a></nav>
<article>
<h1>Tỉnh X tổng kết đề án hợp tác xã nông nghiệp</h1>
<div class="detail-sapo"><p><strong>Sáng 22/12, Sở Nông nghiệp tỉnh X tổ chức hội nghị tổng kết
đề án phát triển hợp tác xã nông nghiệp giai đoạn 2021-2025.</strong></p></div>
<div class="article-body">
<p>Dự hội nghị có lãnh đạo các sở, ngành và đại diện các hợp tác xã tiêu biểu trên địa bàn.</p>
<figure><img src="/a.jpg" alt="Hội nghị"><figcaption>Ông Nguyễn Văn A, Phó Giám đốc Sở,
phát biểu khai mạc hội nghị.</figcaption></figure>
<p>Trong 5 năm, tỉnh đã hỗ trợ thành lập mới 120 hợp tác xã nông nghiệp, vượt kế hoạch đề ra.</p>
<p>Tổng kinh phí thực hiện đề án là 114 tỷ đồng, với khoảng 984 lượt hợp tác xã được hỗ trợ.</p>
</div></article>
<footer>Bản quyền thuộc về Báo X. Liên hệ quảng cáo.</footer></body></html>"""


def test_the_lead_and_captions_of_a_news_page_are_kept_in_order():
    lines = [x for x in convert(PAGE.encode(), "tin.html").text.splitlines() if x.strip()]
    assert lines[0].startswith("Sáng 22/12, Sở Nông nghiệp tỉnh X")
    caption = next(i for i, x in enumerate(lines) if "phát biểu khai mạc" in x)
    assert "Dự hội nghị" in lines[caption - 1]
    assert sum("phát biểu khai mạc" in x for x in lines) == 1
    assert not any("Bản quyền" in x or "Trang chủ" in x for x in lines)

"""News pages: the lead (sapo) above the body and photo captions carry facts trafilatura
leaves out; they are kept, in reading order, once."""

from __future__ import annotations

from bot.corpus_load import parse_article, parse_file
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


def test_a_caption_after_a_list_stays_after_it_and_the_list_under_its_lead_in():
    page = PAGE.replace(
        "<p>Trong 5 năm",
        "<p>Các hợp tác xã mới thành lập trong năm phân bố như sau:</p><ul><li>huyện Y: 7 "
        "HTX;</li><li>huyện Z: 5 HTX.</li></ul><figure><img src='/b.jpg'><figcaption>Cánh "
        "đồng lúa của HTX Đông Hòa.</figcaption></figure><p>Trong 5 năm",
    )
    lines = [x for x in convert(page.encode(), "tin.html").text.splitlines() if x.strip()]
    lead = next(i for i, x in enumerate(lines) if "phân bố như sau" in x)
    assert "huyện Y: 7" in lines[lead + 1]
    caption = next(i for i, x in enumerate(lines) if "Cánh đồng lúa" in x)
    assert "huyện Z: 5" in lines[caption - 1]


NEWS_TEXT = """Cả nước năm 2022: kinh tế tập thể phục hồi

(Tin tổng hợp) - Chiều 7/4, Ban Chỉ đạo đổi mới, phát triển kinh tế tập thể, hợp tác xã họp
tổng kết năm 2022 và bàn nhiệm vụ năm 2023 với đại diện các bộ, ngành và địa phương.

Số liệu toàn quốc ước năm 2022:
- Số hợp tác xã: 29.378 HTX;
- Số tổ hợp tác: 71.000 THT;

Mục tiêu đến năm 2025

Kế hoạch giai đoạn 2021-2025 đặt mục tiêu cụ thể cho cả nước như sau:
- 35.000 hợp tác xã;
- Khoảng 134.000 tổ hợp tác.
"""


def test_short_list_items_are_kept_under_their_lead_in_and_subheading(tmp_path):
    from bot.corpus_load import load_corpus
    from bot.engine import Engine
    from tests.conftest import make_config

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tin.txt").write_text(NEWS_TEXT.replace("\n(", "\n\n(", 1), encoding="utf-8")
    (article,), _ = load_corpus(corpus)
    items = {p.text: p for p in article.paragraphs if p.text.startswith("-")}
    assert set(items) == {
        "- Số hợp tác xã: 29.378 HTX;",
        "- Số tổ hợp tác: 71.000 THT;",
        "- 35.000 hợp tác xã;",
        "- Khoảng 134.000 tổ hợp tác.",
    }
    assert items["- Số tổ hợp tác: 71.000 THT;"].context == "Số liệu toàn quốc ước năm 2022"
    target = items["- Khoảng 134.000 tổ hợp tác."]
    assert target.context.startswith("Mục tiêu đến năm 2025 › Kế hoạch giai đoạn 2021-2025")
    assert all(p.section == "" for p in article.paragraphs)  # citations show no news context
    import shutil

    from tests.conftest import REPO

    for stem in ("d02_langson_kh2023", "d09_cantho_kh185", "d12_tayninh_kh143"):
        shutil.copy(REPO / "tests/devcorpus/docs" / f"{stem}.txt", corpus)
    engine = Engine(make_config(corpus, tmp_path / "index"))
    engine.reload()
    # The item says neither "mục tiêu" nor 2025: its subheading and lead-in do.
    answer = engine.ask("đến 2025 bao nhiêu tổ hợp tác")
    assert answer.passages[0].text == "- Khoảng 134.000 tổ hợp tác."
    # SQL is the articles' one store: the context comes back from it after a restart.
    engine.close()
    again = Engine(engine.config)
    again.open()
    [back] = [a for a in again.snapshot.index.article_list if a.id == "tin"]
    assert back.paragraphs == article.paragraphs
    again.close()


def test_a_sites_menu_row_above_the_headline_is_not_the_title():
    text = (
        "BNEWS | Tin tức | Kinh tế | Địa phương\n\n"
        "Sóc Trăng dành 18 tỷ đồng hỗ trợ hợp tác xã năm 2025\n\n14:20' - 03/03/2025\n\n"
        "Năm 2025, tỉnh Sóc Trăng bố trí 18 tỷ đồng hỗ trợ các hợp tác xã nông nghiệp đổi "
        "mới, nâng cao năng lực sản xuất kinh doanh.\n"
    )
    article = parse_article("tin", text.encode())
    assert article.title.startswith("Sóc Trăng dành 18 tỷ đồng")


def test_a_sections_name_in_capitals_above_the_headline_is_not_the_title():
    text = (
        "HỎI ĐÁP CHÍNH SÁCH - KINH TẾ TẬP THỂ\n\n"
        "Mức hỗ trợ thành lập mới hợp tác xã theo Nghị định 45/2021/NĐ-CP\n\n"
        "05/06/2022 09:15 - Ban Biên tập\n\n"
        "Hỏi: Hợp tác xã mới thành lập được hỗ trợ những gì và mức hỗ trợ bao nhiêu theo quy "
        "định hiện hành của Chính phủ?\n"
    )
    article = parse_article("hoi_dap", text.encode())
    assert article.title.startswith("Mức hỗ trợ thành lập mới hợp tác xã")


def test_a_portals_name_is_no_headline_above_the_news_or_in_its_title_tag(tmp_path):
    text = (
        "SỞ KẾ HOẠCH VÀ ĐẦU TƯ\nCổng thông tin - Chuyên mục Tin bài tổng hợp\n"
        "Ngày đăng: 15/05/2008 09:30\n\n"
        "QUY MÔ HỢP TÁC XÃ CỦA TỈNH SAU MỘT NĂM THỰC HIỆN LUẬT\n\n"
        "Năm 2007, toàn tỉnh có khoảng 145 hợp tác xã, thu hút hơn 7.500 xã viên tham gia "
        "sản xuất, kinh doanh.\n"
    )
    assert parse_article("tin", text.encode()).title.startswith("QUY MÔ HỢP TÁC XÃ")
    page = (
        "<html><head><title>Cổng thông tin điện tử tỉnh Vĩnh Phúc - Tin kinh tế</title></head>"
        "<body><table><tr><td>CỔNG THÔNG TIN ĐIỆN TỬ TỈNH VĨNH PHÚC</td></tr></table>"
        "<div><h2>Quỹ tín dụng nhân dân trong tỉnh tăng trưởng khá</h2><div>20/11/2004</div>"
        "<p>Đến nay, toàn tỉnh có 32 quỹ tín dụng nhân dân đang hoạt động với 29.215 thành "
        "viên, tăng 6,1% so với cùng kỳ năm trước.</p>"
        "<p>Tổng nguồn vốn của 32 quỹ đạt 205.978 triệu đồng, tăng 20,1% so với cùng kỳ năm "
        "2003; dư nợ cho vay tăng khá so với đầu năm.</p></div></body></html>"
    )
    path = tmp_path / "vinhphuc.html"
    path.write_text(page, encoding="utf-8")
    article = parse_file(path, path.read_bytes())
    assert article.title == "Quỹ tín dụng nhân dân trong tỉnh tăng trưởng khá"
    assert article.province == "Vĩnh Phúc"  # the portal names the page's province


def test_two_ruled_pipe_tables_on_a_news_page_keep_their_own_headers():
    text = (
        "Hà Nam: kinh tế tập thể năm 2023 tiếp tục tăng trưởng\n\nThứ Hai, 08/01/2024 - 09:15\n\n"
        "Năm 2023, khu vực kinh tế tập thể của tỉnh tiếp tục phát triển ổn định, số hợp tác xã "
        "và thành viên đều tăng so với năm trước.\n\n"
        "| Chỉ tiêu | Năm 2022 | Năm 2023 |\n|---|---|---|\n| Hợp tác xã | 180 | 196 |\n\n"
        "| Chỉ tiêu | Ước TH 2023 | KH 2024 |\n|---|---|---|\n| Thành viên | 21.500 | 23.000 |\n"
    )
    passages = [p.text for p in parse_article("tin", text.encode()).paragraphs]
    assert "Thành viên — Ước TH 2023: 21.500; KH 2024: 23.000" in passages, passages

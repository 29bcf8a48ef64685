"""Loading the raw seed articles: clean paragraphs, metadata, bad files skipped."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from bot.article_meta import parse_date
from bot.corpus_load import load_corpus, parse_article
from tests.conftest import SEED_CORPUS

BOILERPLATE = [
    "Thống kê truy cập",
    "Hôm nay:",
    "Đã truy cập",
    "Copyright",
    "Liên kết web",
    "Điện thoại",
    "Fax",
    "Các tin khác",
    "Giấy phép số",
    "Ghi rõ nguồn",
    "Số lượt xem",
    "CTV Thanh Tâm",
    "Tiến Nhất",
    "Thanh Huyền",
    "Màu chữ",
    "Chịu trách nhiệm",
    "Website liên kết",
    "Tin Nóng",
]
# Photo captions: short lines between paragraphs that must not become passages.
CAPTIONS = [
    "Phó Chủ tịch Thường trực UBND tỉnh Hà Sỹ Đồng phát biểu tại hội nghị",
    "Các đơn vị, địa phương ký cam kết về các mục tiêu phát triển KTTT năm 2024",
    "Liên minh HTX tỉnh thực hiện nhiệm vụ tuyên truyền, hỗ trợ thành lập mới HTX",
    "Đồng chí Trần Văn Toản, Chủ tịch Liên minh Hợp tác xã tỉnh",
    "Trao Kỷ niệm chương của Liên minh HTX Việt Nam cho các cá nhân",
]


def seed_articles():
    articles, skipped = load_corpus(SEED_CORPUS)
    assert skipped == []
    return {a.id[:3]: a for a in articles}


def test_seed_articles_have_no_boilerplate_or_caption_passages():
    for art in seed_articles().values():
        for p in art.paragraphs:
            for junk in BOILERPLATE:
                assert junk not in p.text, (art.id, p.number, junk)
            assert p.text not in CAPTIONS
            assert p.text.strip() == p.text and "  " not in p.text


def test_seed_articles_get_titles_dates_and_provinces():
    arts = seed_articles()
    expected = {
        "000": (None, "Hòa Bình", "Kế hoạch phát triển Kinh tế tập thể"),
        "001": (date(2023, 1, 6), "Quảng Ninh", "Kế hoạch phát triển kinh tế tập thể"),
        "002": (date(2024, 4, 5), "Quảng Trị", "Ký cam kết về các mục tiêu"),
        "003": (date(2021, 8, 27), "Bạc Liêu", "Chương trình hỗ trợ phát triển KTTT"),
        "004": (date(2022, 8, 26), "Thái Bình", "Liên minh Hợp tác xã tỉnh Thái Bình"),
    }
    for key, (when, province, title_start) in expected.items():
        art = arts[key]
        assert art.date == when, key
        assert art.province == province, key
        assert art.title.startswith(title_start), (key, art.title)
        assert not art.title.startswith("null")


def test_paragraphs_are_numbered_from_one_and_keep_the_figures():
    arts = seed_articles()
    qn = arts["001"]
    assert [p.number for p in qn.paragraphs] == list(range(1, len(qn.paragraphs) + 1))
    targets = next(p for p in qn.paragraphs if "235 tổ hợp tác" in p.text)
    assert "60.500 thành viên" in targets.text
    # The byline glued to the end of a paragraph by the page layout is cut off.
    assert arts["000"].paragraphs[-1].text.endswith("kịp thời.")


def test_publisher_is_found_in_page_furniture():
    arts = seed_articles()
    assert arts["000"].publisher == "Liên minh Hợp tác xã tỉnh Hòa Bình"
    assert arts["002"].publisher == "Cổng thông tin điện tử tỉnh Quảng Trị"
    assert arts["003"].publisher and "Bạc Liêu" in arts["003"].publisher


def test_date_formats_seen_in_the_wild():
    assert parse_date("06/01/2023 16:01") == date(2023, 1, 6)
    assert parse_date("17:37, Thứ Sáu, 5-4-2024") == date(2024, 4, 5)
    assert parse_date("Thứ sáu, 27/08/2021, 15:09") == date(2021, 8, 27)
    assert parse_date("Ngày: 26/08/2022") == date(2022, 8, 26)
    assert parse_date("2024-04-05") == date(2024, 4, 5)
    assert parse_date("31/02/2023") is None
    assert parse_date("không có ngày") is None


def test_metadata_header_overrides_heuristics():
    raw = (
        "---\ntitle: Tiêu đề riêng\ndate: 2025-03-01\nprovince: hoa binh\npublisher: Báo X\n---\n"
        "Tỉnh Quảng Ninh có rất nhiều hợp tác xã hoạt động hiệu quả trong năm nay.\n"
    ).encode()
    art = parse_article("x", raw)
    assert (art.title, art.date, art.province, art.publisher) == (
        "Tiêu đề riêng",
        date(2025, 3, 1),
        "Hòa Bình",
        "Báo X",
    )
    assert art.warnings == []


def test_bad_header_date_warns_and_falls_back():
    raw = "---\ndate: 45/13/2020\n---\nMột tiêu đề bài viết khá dài\nNgày: 26/08/2022\n".encode()
    raw += "Tỉnh Thái Bình có 454 hợp tác xã với 465.889 thành viên đang hoạt động.\n".encode()
    art = parse_article("y", raw)
    assert art.date == date(2022, 8, 26)
    assert any("45/13/2020" in w for w in art.warnings)


def _write(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)


def test_bad_files_are_skipped_by_name_and_the_rest_still_load(corpus_dir: Path):
    _write(corpus_dir, "empty.txt", b"")
    _write(corpus_dir, "blank.txt", b"  \n\r\n ")
    _write(corpus_dir, "binary.txt", bytes(range(256)) * 4)
    _write(corpus_dir, "latin1.txt", "Coopérative été, café à Paris".encode("latin-1"))
    _write(corpus_dir, "nobody.txt", "Chỉ có tiêu đề thôi mà thôi\nThống kê truy cập\n".encode())
    articles, skipped = load_corpus(corpus_dir)
    assert len(articles) == 5
    reasons = {s.file: s.reason for s in skipped}
    assert set(reasons) == {"empty.txt", "blank.txt", "binary.txt", "latin1.txt", "nobody.txt"}
    assert reasons["empty.txt"] == "tệp rỗng"
    assert "nhị phân" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]


def test_bom_crlf_and_nfd_input_load_like_the_clean_file(corpus_dir: Path):
    clean = (corpus_dir / "001_967a0c985fe0e2a8.txt").read_text(encoding="utf-8")
    messy = "\ufeff" + unicodedata.normalize("NFD", clean).replace("\n", "\r\n")
    a = parse_article("a", clean.encode())
    b = parse_article("a", messy.encode("utf-8"))
    assert [p.text for p in a.paragraphs] == [p.text for p in b.paragraphs]
    assert (a.title, a.date, a.province) == (b.title, b.date, b.province)
    assert all(unicodedata.is_normalized("NFC", p.text) for p in b.paragraphs)


def test_a_corpus_parsed_on_a_process_pool_loads_as_in_one_process(corpus_dir: Path, monkeypatch):
    """Many files are parsed on a process pool: the same articles, in the same order, and the
    same files skipped for the same reasons (broken, duplicate name, duplicate body)."""
    import shutil

    from bot import corpus_load

    for i, path in enumerate(sorted(SEED_CORPUS.glob("*.txt"))):
        shutil.copy(path, corpus_dir / f"copy_{i}.txt")  # duplicate bodies
    (corpus_dir / "broken.txt").write_bytes(b"\x00\x01binary")
    (corpus_dir / "001_967a0c985fe0e2a8.md").write_text("trùng tên", encoding="utf-8")
    serial, serial_skipped = load_corpus(corpus_dir)
    monkeypatch.setattr(corpus_load, "PARSE_POOL_FILES", 1)
    pooled, pooled_skipped = load_corpus(corpus_dir)
    assert pooled == serial and len(pooled) == 5
    assert pooled_skipped == serial_skipped and len(serial_skipped) == 7
    assert {s.file for s in serial_skipped} >= {"broken.txt", "001_967a0c985fe0e2a8.md"}

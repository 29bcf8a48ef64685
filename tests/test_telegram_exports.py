"""/xuat and /bieudo (issue 13, item 5) through the real Application (process_update) and
the Bot API stand-in: the records behind a user's last answer as .xlsx/.csv, and charts as
photos."""

from __future__ import annotations

import asyncio
import csv
import io

import openpyxl
from PIL import Image

from bot import export
from bot.engine import Engine
from bot.figures.record import KIND_LABELS
from tests.botapi_server import FakeBotAPI, utf16_len
from tests.tgkit import MEMBER, callback_answers, reply_to, running_bot

COMPARISON = "so sánh mục tiêu thành lập mới HTX của Quảng Ninh và Hòa Bình"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def titles(engine: Engine, records) -> list[str]:
    index = engine.snapshot.index
    return list(dict.fromkeys(index.articles[r.article].article.title for r in records))


def check_rows(rows: list[list], records, engine: Engine) -> None:
    """Exported rows (after the header) are the records, in order, cell by cell."""
    assert len(rows) == len(records)
    index = engine.snapshot.index
    for row, r in zip(rows, records, strict=True):
        cells = dict(zip(export.COLUMNS, ["" if v is None else v for v in row], strict=True))
        assert cells["tỉnh"] == r.province and cells["loại"] == KIND_LABELS[r.kind]
        assert str(cells["kỳ"]) == r.period() and cells["mã chỉ tiêu"] == r.indicator_id
        assert float(cells["giá trị tối thiểu"]) == r.value_min
        assert float(cells["giá trị tối đa"]) == r.value_max
        assert cells["đơn vị"] == r.unit and int(cells["đoạn"]) == r.paragraph
        assert index.articles[r.article].article.title in cells["văn bản"]
        assert cells["câu"] == r.text


async def test_xuat_sends_the_last_answers_records_as_xlsx_then_csv(tg: FakeBotAPI, engine: Engine):
    tg.push_message(COMPARISON)
    await reply_to(tg, 1)
    records = engine.ask(COMPARISON, 15).records
    assert {r.province for r in records} == {"Quảng Ninh", "Hòa Bình"}

    tg.push_command("/xuat")
    sent = (await tg.wait_for_calls("sendDocument", 1, timeout=20))[0].result
    document = sent["document"]
    assert document["file_name"].endswith(".xlsx") and document["mime_type"] == XLSX_MIME
    assert "quang_ninh" in document["file_name"] and sent["chat"]["id"] == MEMBER
    book = openpyxl.load_workbook(io.BytesIO(tg.file_content(document["file_id"])))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert tuple(rows[0]) == export.COLUMNS and all(c.font.b for c in book.active[1])
    check_rows(rows[1:], records, engine)
    caption = sent["caption"]
    assert COMPARISON in caption and f"{len(records)} số liệu" in caption
    assert "Nguồn:" in caption and all(t in caption for t in titles(engine, records))
    assert utf16_len(caption) <= 1024

    tg.push_command("/xuat csv")
    sent = (await tg.wait_for_calls("sendDocument", 2, timeout=20))[1].result
    assert sent["document"]["file_name"].endswith(".csv")
    data = tg.file_content(sent["document"]["file_id"])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == export.COLUMNS
    check_rows(rows[1:], records, engine)


async def test_xuat_and_bieudo_without_figures_get_a_hint(tg: FakeBotAPI):
    tg.push_command("/xuat")
    assert "Chưa có câu trả lời" in (await reply_to(tg, 1))["visible"]
    tg.push_command("/bieudo")
    assert "Chưa có câu trả lời" in (await reply_to(tg, 2))["visible"]
    tg.push_message("Nghị định 193")  # passages, no figures
    await reply_to(tg, 3)
    tg.push_command("/xuat")
    assert "không có số liệu" in (await reply_to(tg, 4))["visible"]
    tg.push_command("/bieudo")
    assert "không có số liệu của một chỉ tiêu" in (await reply_to(tg, 5))["visible"]
    tg.push_command("/xuat pdf")
    assert "Cách dùng" in (await reply_to(tg, 6))["visible"]
    tg.push_message("Quảng Ninh mục tiêu 2023", user_id=MEMBER + 1)  # another user's answer
    await reply_to(tg, 7)
    tg.push_command("/xuat")
    assert "không có số liệu" in (await reply_to(tg, 8))["visible"]
    assert not tg.successful_calls("sendDocument") and not tg.successful_calls("sendPhoto")


async def test_chart_button_and_bieudo_send_a_png_with_its_sources(tg: FakeBotAPI, engine: Engine):
    tg.push_message("Quảng Ninh mục tiêu 2023")  # one province, one year: nothing to chart
    first = await reply_to(tg, 1)
    buttons = [
        b["text"] for row in first.get("reply_markup", {}).get("inline_keyboard", []) for b in row
    ]
    assert "📈 Biểu đồ" not in buttons

    tg.push_message(COMPARISON)
    answer = await reply_to(tg, 2)
    row = answer["reply_markup"]["inline_keyboard"][0]
    chart = next(b for b in row if b["text"] == "📈 Biểu đồ")
    assert row[0]["text"].startswith("Xem thêm")  # paging stays the first button
    message = tg.successful_calls("sendMessage")[1].result
    tg.push_callback_query(chart["callback_data"], message=message, user_id=MEMBER)
    photo = (await tg.wait_for_calls("sendPhoto", 1, timeout=30))[0].result
    data = tg.file_content(photo["photo"][-1]["file_id"])
    assert data.startswith(PNG_SIGNATURE) and 10_000 < len(data) < 1_000_000
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size[0] >= 600 and image.size[1] >= 400
    caption = photo["caption"]
    assert caption.startswith("📈 Số HTX thành lập mới: so sánh 2 địa phương")
    records = [r for r in engine.ask(COMPARISON, 15).records if r.indicator_id == "htx.new"]
    assert "Nguồn:" in caption and all(t in caption for t in titles(engine, records))

    tg.push_command("/bieudo")
    again = (await tg.wait_for_calls("sendPhoto", 2, timeout=30))[1].result
    assert again["caption"] == caption
    assert tg.file_content(again["photo"][-1]["file_id"]) == data  # drawn the same way

    tg.push_callback_query(f"chart:{MEMBER}:deadbeef", message=message, check_buttons=False)
    await asyncio.sleep(0.5)
    assert any("hết hạn" in t for t in callback_answers(tg))
    assert len(tg.successful_calls("sendPhoto")) == 2


async def test_exports_and_charts_share_the_flood_limit(engine: Engine):
    async with running_bot(engine, flood_limit_per_minute=3) as api:
        api.push_message(COMPARISON)
        await reply_to(api, 1)
        for _ in range(4):
            api.push_command("/xuat")
        api.push_command("/bieudo")
        await api.wait_for_calls("sendDocument", 2, timeout=20)
        await reply_to(api, 2)  # the one polite warning
        await asyncio.sleep(1.0)
        texts = [c.result["text"] for c in api.successful_calls("sendMessage")]
        assert sum("hỏi hơi nhanh" in t for t in texts) == 1 and len(texts) == 2
        assert len(api.successful_calls("sendDocument")) == 2
        assert not api.successful_calls("sendPhoto")

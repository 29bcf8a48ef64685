"""Records as files (issue 13, item 5): `coopbot records --format csv|xlsx|json`, parsed back
and checked against the database, and the captions that say what a file holds."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from bot import db, export, gazetteer
from bot.cli import main
from bot.engine import Engine
from bot.figures.record import KIND_LABELS, Record
from tests.conftest import REPO, SEED_CORPUS

BOM = b"\xef\xbb\xbf"


def records_cli(seed_engine: Engine, *args: str) -> list[str]:
    """Arguments running `coopbot records` on the seed engine's index and database."""
    return [
        "records",
        "--corpus",
        str(SEED_CORPUS),
        "--index",
        str(seed_engine.config.index_dir),
        *args,
    ]


def title_of(seed_engine: Engine, article: str) -> str:
    return seed_engine.snapshot.index.articles[article].article.title


def assert_row_is_record(row: list, record: Record, seed_engine: Engine) -> None:
    """One exported row says what the record says (cells as CSV text or XLSX values)."""
    cells = dict(zip(export.COLUMNS, ["" if v is None else v for v in row], strict=True))
    assert cells["tỉnh"] == (record.province or "")
    assert cells["phạm vi"] == ("cả nước" if record.national else "tỉnh")
    assert cells["loại"] == KIND_LABELS[record.kind]
    assert str(cells["kỳ"]) == record.period() and record.period()
    assert cells["chỉ tiêu"] == record.indicator
    assert cells["mã chỉ tiêu"] == record.indicator_id
    assert cells["hạn định"] == (record.qualifier or "")
    assert float(cells["giá trị tối thiểu"]) == record.value_min
    assert float(cells["giá trị tối đa"]) == record.value_max
    assert cells["đơn vị"] == record.unit
    assert cells["tăng/giảm"] == ("có" if record.change else "")
    assert cells["% kế hoạch"] == ("có" if record.progress else "")
    assert title_of(seed_engine, record.article) in cells["văn bản"]
    assert int(cells["đoạn"]) == record.paragraph
    assert cells["câu"] == record.text


def test_csv_for_one_indicator_covers_every_province(seed_engine: Engine, tmp_path: Path):
    out = tmp_path / "htx_new.csv"
    assert (
        main(records_cli(seed_engine, "--indicator", "htx.new", "--format", "csv", "-o", str(out)))
        == 0
    )
    data = out.read_bytes()
    assert data.startswith(BOM)  # Excel reads the Vietnamese as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == export.COLUMNS
    expected = db.query_records(seed_engine.db, indicator="htx.new")
    assert len(rows) - 1 == len(expected) >= 4
    for row, record in zip(rows[1:], expected, strict=True):
        assert_row_is_record(row, record, seed_engine)
    provinces = {r[0] for r in rows[1:]}
    assert {"Quảng Ninh", "Hòa Bình", "Bạc Liêu", "Thái Bình"} <= provinces
    assert {r[2] for r in rows[1:]} == {"Mục tiêu", "Thực hiện"}


def test_xlsx_for_a_merged_province_has_a_bold_header_and_widths(
    seed_engine: Engine, tmp_path: Path
):
    out = tmp_path / "phu_tho.xlsx"
    args = ["--province", "phu tho", "--year", "2022", "--format", "xlsx", "--output", str(out)]
    assert main(records_cli(seed_engine, *args)) == 0
    sheet = openpyxl.load_workbook(out).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert tuple(rows[0]) == export.COLUMNS
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["E"].width >= 30 and sheet.column_dimensions["O"].width >= 60
    provinces = {p for pq in gazetteer.resolve_query("phu tho") for p in pq.provinces}
    expected = db.query_records(seed_engine.db, provinces, 2022)
    assert len(rows) - 1 == len(expected) > 5
    for row, record in zip(rows[1:], expected, strict=True):
        assert_row_is_record(row, record, seed_engine)
    assert {r[0] for r in rows[1:]} == {"Hòa Bình"}
    assert any(r[7] == 6 and r[8] == 8 and r[9] == "%" for r in rows[1:])


def test_json_alias_equals_format_json_and_the_database(seed_engine: Engine, capsys):
    args = ["--indicator", "htx.new", "--kind", "target"]
    assert main(records_cli(seed_engine, *args, "--json")) == 0
    alias = json.loads(capsys.readouterr().out)
    assert main(records_cli(seed_engine, *args, "--format", "json")) == 0
    explicit = json.loads(capsys.readouterr().out)
    expected = db.query_records(seed_engine.db, kind="target", indicator="htx.new")
    assert alias == explicit == [r.to_json() for r in expected]
    assert len(alias) >= 3 and all(r["kind"] == "target" for r in alias)


def test_unknown_indicator_is_one_line_naming_close_ids(seed_engine: Engine, capsys):
    assert main(records_cli(seed_engine, "--indicator", "htx.nwe")) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "htx.nwe" in captured.err and "htx.new" in captured.err
    assert main(records_cli(seed_engine)) == 2  # neither a province nor an indicator
    assert "--indicator" in capsys.readouterr().err


def test_csv_to_stdout_is_the_same_bytes_as_the_file(seed_engine: Engine, tmp_path: Path):
    out = tmp_path / "a.csv"
    args = records_cli(seed_engine, "--province", "Quảng Ninh", "--format", "csv")
    assert main([*args, "--output", str(out)]) == 0
    piped = subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, cwd=REPO, timeout=120
    )
    assert piped.returncode == 0, piped.stderr.decode()
    assert piped.stdout == out.read_bytes() and piped.stdout.startswith(BOM)


def rec(**fields) -> Record:
    base = dict(
        article="a1",
        paragraph=1,
        province="Cần Thơ",
        kind="target",
        period_start=2023,
        period_end=2023,
        period_note=None,
        subject="HTX",
        indicator="số HTX thành lập mới",
        value_min=10.0,
        value_max=10.0,
        qualifier=None,
        unit="HTX",
        text="Thành lập mới 10 HTX.",
        indicator_id="htx.new",
    )
    return Record(**(base | fields))


def test_caption_fits_1024_and_counts_the_sources_left_out():
    records = [rec(article=f"a{i}", paragraph=i) for i in range(60)]
    sources = {f"a{i}": (f"Kế hoạch phát triển kinh tế tập thể số {i} " * 3, "") for i in range(60)}
    text = export.caption("📊 Số liệu của câu hỏi", records, sources)
    assert len(text) <= 1024
    assert text.startswith("📊 Số liệu của câu hỏi\n60 số liệu (Mục tiêu 60) · Cần Thơ · 2023")
    shown = text.count("\n• ")
    assert 3 <= shown < 60 and f"… và {60 - shown} văn bản khác" in text


def test_spreadsheet_keeps_formula_like_text_as_text():
    sneaky = rec(text='=HYPERLINK("http://x")\x07 thành lập mới 10 HTX', national=True)
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx([sneaky], {})))
    cell = book.active["O2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert book.active["B2"].value == "cả nước"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_empty_exports_still_have_the_header(fmt: str):
    data = export.to_csv([], {}) if fmt == "csv" else export.to_xlsx([], {})
    if fmt == "csv":
        assert data.decode("utf-8-sig").splitlines() == [",".join(export.COLUMNS)]
    else:
        rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
        assert rows == [export.COLUMNS]

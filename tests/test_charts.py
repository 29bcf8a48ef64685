"""Charts of one indicator (issue 13, item 5): which figures make a chart, and the PNG."""

from __future__ import annotations

import io

from PIL import Image

from bot import charts
from bot.figures.record import Record

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def rec(province="Cần Thơ", year=2023, kind="target", lo=10.0, hi=None, **fields) -> Record:
    base = dict(
        article="a1",
        paragraph=1,
        province=province,
        kind=kind,
        period_start=year,
        period_end=year,
        period_note=None,
        subject="HTX",
        indicator="tổng số HTX",
        value_min=lo,
        value_max=lo if hi is None else hi,
        qualifier=None,
        unit="HTX",
        text="…",
        indicator_id="htx.total",
    )
    return Record(**(base | fields))


def test_one_province_over_the_years_is_a_time_series_in_order():
    records = [
        rec(year=2025, lo=700, hi=750),
        rec(year=2021, kind="actual", lo=520),
        rec(year=2023, lo=640),
        rec(year=2022, kind="actual", lo=575),
        rec(year=2022, kind="estimate", lo=580),
        rec(year=2023, lo=640, article="a2"),  # the same figure in another article: drawn once
        rec(year=2023, lo=9, unit="%", indicator_id="htx.effective"),  # another indicator
    ]
    series = charts.pick_series(records)
    assert series is not None and series.by == "period"
    assert [(r.period_start, r.kind) for r in series.records] == [
        (2021, "actual"),
        (2022, "actual"),
        (2022, "estimate"),
        (2023, "target"),
        (2025, "target"),
    ]
    assert series.title == "Tổng số HTX: Cần Thơ qua các kỳ" and series.axis_label == "HTX"
    png = charts.render_png(series)
    assert png.startswith(PNG_SIGNATURE) and 10_000 < len(png) < 1_000_000
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert image.size[0] >= 800 and 500 <= image.size[1] <= 700


def test_provinces_are_ranked_and_nothing_else_makes_a_chart():
    ranked = charts.pick_series(
        [rec("Cần Thơ", lo=30, hi=50), rec("Đà Nẵng", lo=12), rec("An Giang", lo=70)]
    )
    assert ranked is not None and ranked.by == "province"
    assert [r.province for r in ranked.records] == ["An Giang", "Cần Thơ", "Đà Nẵng"]
    assert ranked.title == "Tổng số HTX: so sánh 3 địa phương"
    assert charts.value_label(ranked.records[1]) == "30–50"
    assert charts.pick_series([rec(), rec(lo=11, article="a2")]) is None  # one place, one year
    others = [rec("Cần Thơ", indicator_id="other"), rec("Đà Nẵng", indicator_id="other")]
    assert charts.pick_series(others) is None  # uncatalogued phrases are not compared
    change = rec("Huế", lo=10, unit="%", change=True)
    mixed = charts.pick_series([change, rec("Cần Thơ", lo=10, unit="%")])
    assert mixed is None  # a growth rate is not compared with a level


def test_national_figures_are_a_place_of_their_own():
    series = charts.pick_series([rec(None, lo=29378, national=True), rec("Cần Thơ", lo=30)])
    assert series is not None and [charts.place(r) for r in series.records] == [
        "Cả nước",
        "Cần Thơ",
    ]
    assert charts.render_png(series).startswith(PNG_SIGNATURE)

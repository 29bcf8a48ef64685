"""A merged (post-2025) province's figures added up from its old provinces, and only when
they can be: the same indicator, kind, period and unit in every part, counts not averages."""

from __future__ import annotations

from bot.figures.questions import figures, pool_from, totals
from bot.figures.record import Record
from bot.query import parse


def record(province: str, indicator_id: str, value: float, **kw) -> Record:
    fields = {
        "article": f"doc-{province}",
        "paragraph": 3,
        "province": province,
        "kind": "target",
        "period_start": 2023,
        "period_end": 2023,
        "period_note": None,
        "subject": "HTX",
        "indicator": indicator_id,
        "value_min": value,
        "value_max": value,
        "qualifier": None,
        "unit": "HTX",
        "text": "…",
        "indicator_id": indicator_id,
    }
    fields.update(kw)
    return Record(**fields)


PARTS = {
    "Phú Thọ": [
        record("Phú Thọ", "htx.new", 50),
        record("Phú Thọ", "htx.revenue_avg", 2.1, unit="tỷ đồng"),
    ],
    "Vĩnh Phúc": [
        record("Vĩnh Phúc", "htx.new", 40),
        record("Vĩnh Phúc", "htx.revenue_avg", 1.5, unit="tỷ đồng"),
    ],
    "Hòa Bình": [
        record("Hòa Bình", "htx.new", 30),
        record("Hòa Bình", "htx.new", 25, kind="actual", period_start=2022, period_end=2022),
    ],
}


def test_a_merged_province_adds_up_its_parts_counts():
    query = parse("Phú Thọ thành lập mới bao nhiêu HTX năm 2023")
    found = figures(query, PARTS)
    assert found is not None
    sums = {t.indicator_id: t for t in found.totals}
    new = sums["htx.new"]
    assert (new.value_min, new.value_max, new.missing) == (120, 120, ())
    assert [r.province for r in new.parts] == ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]
    assert "htx.revenue_avg" not in sums  # an average is not added up


def test_a_part_without_the_figure_is_named_and_nothing_is_summed():
    query = parse("Phú Thọ mục tiêu 2023")
    shown = [PARTS["Phú Thọ"][0]]
    partial = {k: v for k, v in PARTS.items() if k != "Vĩnh Phúc"}
    (total,) = totals(query, pool_from(partial), shown)
    assert total.missing == ("Vĩnh Phúc",)
    assert (total.value_min, total.value_max) == (0, 0)
    # One part alone is no sum (the merger note says whose figures are shown).
    assert totals(query, pool_from({"Phú Thọ": PARTS["Phú Thọ"]}), shown) == []


def test_other_kinds_periods_and_old_provinces_are_not_mixed():
    query = parse("Phú Thọ mục tiêu 2023")
    (total,) = totals(query, pool_from(PARTS), [PARTS["Phú Thọ"][0]])
    assert all(r.kind == "target" and r.period_start == 2023 for r in total.parts)
    # An old province asked by its own name (not merged away) gets no sum.
    assert totals(parse("Quảng Ninh mục tiêu 2023"), pool_from(PARTS), [PARTS["Phú Thọ"][0]]) == []


def test_a_national_question_about_something_else_is_refused(tmp_path):
    import shutil

    from bot.engine import Engine
    from tests.conftest import REPO, make_config

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(REPO / "tests/devcorpus/docs_figures_dev/f04_toanquoc_htx2024.txt", corpus)
    engine = Engine(make_config(corpus, tmp_path / "index"))
    engine.reload()
    # "Việt Nam" makes it national and "kết quả" a question about figures, but it is about
    # football: the national figures must not be offered as its answer.
    off = engine.ask("Kết quả trận Việt Nam gặp Thái Lan tối qua thế nào?")
    assert not off.answered and not off.records
    on = engine.ask("cả nước năm 2024 có bao nhiêu hợp tác xã")
    assert on.answered and any(r.national and r.value_min == 33557 for r in on.records)


def test_the_short_answer_adds_up_a_merged_province_and_names_its_parts():
    from bot.summary import total_lines

    query = parse("Phú Thọ thành lập mới bao nhiêu HTX năm 2023")
    assert total_lines(figures(query, PARTS)) == [
        "Phú Thọ (mới) – mục tiêu 2023: số HTX thành lập mới 120 HTX "
        "(cộng Phú Thọ 50 HTX + Vĩnh Phúc 40 HTX + Hòa Bình 30 HTX)"
    ]
    partial = {k: v for k, v in PARTS.items() if k != "Hòa Bình"}
    assert total_lines(figures(query, partial)) == [
        "Phú Thọ (mới) – mục tiêu 2023: số HTX thành lập mới: chưa cộng được, thiếu số liệu "
        "của Hòa Bình."
    ]


def test_a_comparison_of_provinces_leaves_out_national_figures_their_documents_quote():
    by_province = {
        "Cần Thơ": [
            record("Cần Thơ", "htx.new", 30),
            # a national target quoted in a Cần Thơ document: no province of its own
            record("Cần Thơ", "htx.new", 10000, national=True)._replace(province=None),
        ],
        "Quảng Ninh": [record("Quảng Ninh", "htx.new", 25)],
    }
    query = parse("so sánh mục tiêu thành lập mới HTX năm 2023 của Cần Thơ và Quảng Ninh")
    found = figures(query, by_province)
    assert found is not None and found.mode == "compare"
    assert sorted(r.value_max for r in found.records) == [25, 30]

"""Figures on documents the extractor was not written from, and questions about figures:
comparison, ranking, progress against plan, the whole country, a time series."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.corpus_load import load_corpus
from bot.engine import Engine
from bot.figures.evaluate import score
from bot.figures.extract import extract_records
from tests.conftest import REPO, SEED_CORPUS, make_config

DEV = REPO / "tests" / "devcorpus"


@pytest.fixture(scope="module")
def dev_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The seed articles and the development documents in one engine (built once)."""
    root = tmp_path_factory.mktemp("figures")
    corpus = root / "corpus"
    corpus.mkdir()
    for folder in (SEED_CORPUS, DEV / "docs"):
        for path in folder.iterdir():
            if path.is_file():
                shutil.copy2(path, corpus / path.name)
    engine = Engine(make_config(corpus, root / "index"))
    engine.reload()
    return engine


def _figures(gold: str, folder: Path):
    articles, _ = load_corpus(folder)
    return score(
        DEV / gold, {a.id: a for a in articles}, {a.id: extract_records(a) for a in articles}
    )


@pytest.mark.parametrize(
    ("gold", "folder", "precision", "recall"),
    [
        # Floors a little under today's figures (0.851/0.829 and 0.754/0.721): a change that
        # loses figures on either development set fails here. The test set is only reported.
        ("gold_records_dev.jsonl", DEV / "docs", 0.84, 0.82),
        ("gold_records_figures_dev.jsonl", DEV / "docs_figures_dev", 0.73, 0.70),
    ],
)
def test_figures_on_the_development_sets_hold(gold, folder, precision, recall):
    report = _figures(gold, folder)
    print(gold, report.to_json())
    assert report.precision >= precision and report.recall >= recall


def test_a_share_of_plan_and_a_half_year_are_read_as_written():
    articles, _ = load_corpus(DEV / "docs")
    tay_ninh = next(a for a in articles if a.id.startswith("d12"))
    records = extract_records(tay_ninh)
    share = next(r for r in records if r.value_min == 88.6 and " — " not in r.text)
    assert (share.progress, share.indicator_id, share.unit) == (True, "htx.total", "%")
    new = next(r for r in records if r.value_min == 12 and r.indicator_id == "htx.new")
    assert (new.kind, new.period_start) == ("actual", 2020)


def test_comparison_lists_each_province_asked(dev_engine: Engine):
    answer = dev_engine.ask("so sánh mục tiêu thành lập mới HTX năm 2023 của Cần Thơ và Quảng Ninh")
    assert answer.figures is not None and answer.figures.mode == "compare"
    assert {r.province for r in answer.records} == {"Cần Thơ", "Quảng Ninh"}
    assert all(r.indicator_id == "htx.new" and r.kind == "target" for r in answer.records)


def test_ranking_says_how_many_provinces_it_covers(dev_engine: Engine):
    answer = dev_engine.ask("tỉnh nào đặt mục tiêu thành lập mới nhiều HTX nhất năm 2023")
    figs = answer.figures
    assert figs is not None and figs.mode == "rank" and figs.covered >= 2
    values = [r.value_max for r in answer.records]
    assert values == sorted(values, reverse=True)
    assert all(r.period_start == r.period_end == 2023 for r in answer.records)
    assert any("không phải toàn quốc" in n for n in answer.notes)


def test_progress_question_gets_shares_of_plan(dev_engine: Engine):
    answer = dev_engine.ask("Tây Ninh năm 2020 đạt bao nhiêu % kế hoạch")
    assert answer.records and all(r.progress and r.unit == "%" for r in answer.records)
    assert {r.province for r in answer.records} == {"Tây Ninh"}


def test_national_question_gets_national_figures_only(dev_engine: Engine):
    answer = dev_engine.ask("cả nước năm 2022 có bao nhiêu hợp tác xã")
    assert answer.records and all(r.national for r in answer.records)
    assert any(r.value_min == 29378 and r.indicator_id == "htx.total" for r in answer.records)


def test_national_question_without_national_figures_says_so(seed_engine: Engine):
    answer = seed_engine.ask("cả nước năm 2022 có bao nhiêu hợp tác xã")
    assert not any(r.province for r in answer.records)
    assert any("toàn quốc" in n for n in answer.notes)


def test_time_series_orders_periods(dev_engine: Engine):
    answer = dev_engine.ask("Tây Ninh số HTX qua các năm")
    assert answer.figures is not None and answer.figures.mode == "series"
    keys = [(r.period_start, r.period_end) for r in answer.records]
    assert keys == sorted(keys) and answer.records

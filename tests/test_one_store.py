"""Records and cited documents live in SQL only: the index files hold none, the engine reads
them back from SQL when it starts, and a reload whose commit fails leaves the previous ones."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from bot import db
from bot.engine import Engine, ReloadError
from bot.errors import Notice, TablesRebuilt
from bot.messages import notice_message
from bot.search import store
from tests.conftest import make_config

QN = "001_967a0c985fe0e2a8"  # Quảng Ninh: "60.500 thành viên" in its targets for 2023
QUESTION = "Quảng Ninh mục tiêu 2023 thành viên"


def _members(engine: Engine) -> set[float]:
    records = engine.snapshot.index.province_records(["Quảng Ninh"], [2023])
    return {r.value_min for r in records if r.unit == "thành viên"}


def test_the_index_files_hold_only_what_ranking_needs(engine: Engine):
    """No pickle, no article, paragraph, record or cited document: arrays and JSON only."""
    assert engine.snapshot.index.records_by_province["Quảng Ninh"]  # there are some to leave out
    assert engine.snapshot.index.doc_refs
    gen = store.index_file(engine.config.index_dir).parent
    names = sorted(p.name for p in gen.iterdir())
    assert names and all(n.endswith((".npy", ".json")) for n in names), names
    for path in gen.glob("*.npy"):
        np.load(path, allow_pickle=False)
    sentence = next(p.text for p in engine.snapshot.index.paragraphs if len(p.text) > 60)
    for path in gen.iterdir():  # nor a paragraph's text, a title or a record, in any file
        data = path.read_bytes()
        assert b"Record" not in data and sentence[:40].encode() not in data, path.name
        assert engine.snapshot.index.article_list[0].title.encode() not in data, path.name


def test_records_come_back_from_sql_after_a_restart(engine: Engine):
    before = engine.snapshot.index.records_by_province
    refs = engine.snapshot.index.doc_refs
    assert 60500 in _members(engine)
    engine.close()
    # Change a figure in SQL only (its row and its article's pack, the form the engine
    # reads): a restarted engine serves what SQL holds, not a copy.
    with Session(db.connect(engine.config.db_url)) as session:
        session.exec(
            update(db.RecordRow).where(db.RecordRow.value_min == 60500).values(value_min=60501)
        )
        row = session.get(db.ArticleRow, QN)
        assert row is not None and "60500.0" in row.records_pack
        row.records_pack = row.records_pack.replace("60500.0", "60501.0")
        session.commit()
    again = Engine(engine.config)
    assert again.open() is None  # the persisted index, not a rebuild
    assert 60501 in _members(again) and 60500 not in _members(again)
    after = again.snapshot.index.records_by_province
    assert {p: len(rs) for p, rs in after.items()} == {p: len(rs) for p, rs in before.items()}
    assert again.snapshot.index.doc_refs == refs
    assert any(r.value_min == 60501 for r in again.ask(QUESTION).records)
    again.close()


def test_an_emptied_database_is_rebuilt_from_the_corpus_at_start(
    engine: Engine, capsys: pytest.CaptureFixture
):
    """The index holds no article: a database removed or replaced cannot be refilled from it,
    so the engine rebuilds from the corpus, says so in one line, and serves the same."""
    before = sorted(map(repr, db.query_records(engine.db)))
    refs = engine.snapshot.index.doc_refs
    articles = engine.snapshot.index.article_list
    answer = engine.ask(QUESTION).to_json()
    engine.close()
    path = db.sqlite_path(engine.config.db_url)
    assert path is not None
    path.unlink()
    said: list[Notice] = []
    again = Engine(engine.config, notify=said.append)
    assert again.open() is not None  # rebuilt
    assert said == [TablesRebuilt()]
    assert notice_message(said[0]) == (
        "Cơ sở dữ liệu không khớp chỉ mục hiện tại, đang dựng lại từ kho dữ liệu…"
    )
    assert sorted(map(repr, db.query_records(again.db))) == before
    assert sorted(again.snapshot.index.doc_refs) == sorted(refs)
    assert again.snapshot.index.article_list == articles
    assert again.ask(QUESTION).to_json() == answer
    again.close()
    third = Engine(engine.config, notify=said.append)
    assert third.open() is None and len(said) == 1  # in step again: loaded, nothing said
    assert third.snapshot.index.article_list == articles
    third.close()


def test_articles_come_back_from_sql_as_the_reload_built_them(engine: Engine):
    """Every field: metadata, warnings, file stat (a reload then reuses them unread),
    paragraphs with their sections."""
    built = engine.snapshot.index.article_list
    engine.close()
    again = Engine(engine.config)
    assert again.open() is None
    assert again.snapshot.index.article_list == built
    assert all(a.stat is not None for a in again.snapshot.index.article_list)
    assert again.reload().segmented == 0
    again.close()


def test_a_failed_commit_keeps_the_previous_index_and_records(
    engine: Engine, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    generation = store.current_generation(engine.config.index_dir)
    stored = db.query_records(engine.db)
    article = corpus_dir / f"{QN}.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("60.500 thành viên", "61.500 thành viên"), encoding="utf-8")

    def refused(session):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Session, "commit", refused)
    with pytest.raises(ReloadError):
        engine.reload()
    monkeypatch.undo()
    assert store.current_generation(engine.config.index_dir) == generation
    assert db.query_records(engine.db) == stored
    assert 60500 in _members(engine) and 61500 not in _members(engine)
    engine.close()
    restarted = Engine(engine.config)
    assert restarted.open() is None
    assert 60500 in _members(restarted) and 61500 not in _members(restarted)
    restarted.reload()  # and once the commit goes through, the new figure is served
    assert 61500 in _members(restarted) and 60500 not in _members(restarted)
    assert any(r.value_min == 61500 for r in db.query_records(restarted.db, ["Quảng Ninh"]))
    restarted.close()


def test_a_reload_rewrites_only_the_changed_articles_records(engine: Engine, corpus_dir: Path):
    def ids(article: str) -> list[int]:
        with Session(engine.db) as session:
            rows = session.exec(select(db.RecordRow.id).where(db.RecordRow.article == article))
            return sorted(rows.all())

    other = next(a for a in engine.snapshot.index.articles if a != QN and ids(a))
    kept, changed = ids(other), ids(QN)
    article = corpus_dir / f"{QN}.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("60.500 thành viên", "61.500 thành viên"), encoding="utf-8")
    assert engine.reload().segmented == 1
    assert ids(other) == kept  # untouched rows
    assert ids(QN) and not set(ids(QN)) & set(changed)  # rewritten
    assert 61500 in _members(engine)


def test_a_full_build_rewrites_every_record(engine: Engine, tmp_path: Path):
    """A rebuilt index (a format or catalogue change) extracted every record afresh: SQL gets
    them all, even for articles whose text did not change."""
    with Session(engine.db) as session:
        session.exec(update(db.RecordRow).values(indicator="stale"))
        session.commit()
    engine.close()
    for gen in engine.config.index_dir.glob("gen-*"):  # as a format change would
        (gen / store.PARAMS).write_text('{"stamp": {"format": 0}}', encoding="utf-8")
    again = Engine(make_config(engine.config.corpus_dir, engine.config.index_dir))
    assert again.open() is not None  # rebuilt
    assert not [r for r in db.query_records(again.db) if r.indicator == "stale"]
    assert 60500 in _members(again)
    again.close()


def test_records_come_back_from_postgresql_after_a_restart(
    postgres_url: str, corpus_dir: Path, tmp_path: Path
):
    """Without a SQLite file to read early, the engine reads the figures through SQLAlchemy."""
    config = make_config(corpus_dir, tmp_path / "pg-index", database_url=postgres_url)
    first = Engine(config)
    first.reload()
    assert first.db.dialect.name == "postgresql"
    records = first.snapshot.index.records_by_province
    refs = first.snapshot.index.doc_refs
    first.close()
    again = Engine(config)
    assert again.open() is None
    assert dict(again.snapshot.index.records_by_province) == dict(records)
    assert again.snapshot.index.doc_refs == refs
    assert all(
        type(r.change) is bool and type(r.national) is bool
        for rs in again.snapshot.index.records_by_province.values()
        for r in rs
    )
    assert 60500 in _members(again)
    again.close()


def test_figures_read_early_for_another_generation_are_not_served(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    """The early read (straight from the SQLite file) is used only when it saw the generation
    CURRENT names; otherwise the cited documents are read again once the tables are in line."""
    engine.close()
    seen: list[str | None] = []
    real = db.CorpusReader.cited

    def another_generation(self: db.CorpusReader) -> db.Cited:
        cited = real(self)
        seen.append(cited.generation)
        return db.Cited("gen-another", {}) if len(seen) == 1 else cited

    monkeypatch.setattr(db.CorpusReader, "cited", another_generation)
    again = Engine(engine.config)
    assert again.open() is None
    current = store.current_generation(engine.config.index_dir)
    assert seen == [current, current]  # early, then again
    assert 60500 in _members(again) and again.snapshot.index.doc_refs
    again.close()


def _lazy(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """A restarted engine that reads records only when a question needs them (no background
    read)."""
    engine.close()
    monkeypatch.setattr(Engine, "_warm_up", lambda self, index: None)
    again = Engine(engine.config)
    assert again.open() is None
    return again


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The reads of records from SQL: "all", or the province read."""
    asked: list[str | None] = []
    one, every = db.CorpusReader.province_records, db.CorpusReader.all_records

    def province(self: db.CorpusReader, province: str | None) -> db.Records:
        asked.append(province)
        return one(self, province)

    def all_of_them(self: db.CorpusReader, stop: threading.Event | None = None) -> db.Records:
        asked.append("all")
        return every(self, stop)

    monkeypatch.setattr(db.CorpusReader, "province_records", province)
    monkeypatch.setattr(db.CorpusReader, "all_records", all_of_them)
    return asked


def test_records_are_read_at_once_when_first_needed(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    """Start-up reads no record; the first question that needs some reads them all in one
    query, and nothing is read again."""
    asked = _counting(monkeypatch)
    again = _lazy(engine, monkeypatch)
    assert asked == [] and not again.snapshot.index.records_by_province.complete
    first = again.ask(QUESTION)
    assert asked == ["all"] and again.snapshot.index.records_by_province.complete
    assert again.ask("Phú Thọ 2022").records and asked == ["all"]
    assert again.ask(QUESTION).to_json() == first.to_json() and asked == ["all"]
    assert any(r.value_min == 60500 for r in first.records)
    again.close()


def test_records_are_read_per_province_when_the_read_of_all_fails(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    """The read of every record failing (a locked or damaged file), each question reads its
    provinces' records (once), nothing more."""
    asked = _counting(monkeypatch)

    def failing(self: db.CorpusReader, stop: threading.Event | None = None) -> db.Records:
        asked.append("all")
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(db.CorpusReader, "all_records", failing)
    again = _lazy(engine, monkeypatch)
    first = again.ask(QUESTION)
    assert asked == ["all", "Quảng Ninh"]
    assert again.ask(QUESTION).to_json() == first.to_json() and asked == ["all", "Quảng Ninh"]
    assert any(r.value_min == 60500 for r in first.records)
    again.close()


QUESTIONS = [
    QUESTION,
    "Phú Thọ 2022",  # a merged province: its three parts
    "so sánh mục tiêu thành lập mới HTX của Quảng Ninh và Hòa Bình",
    "tỉnh nào thành lập mới nhiều HTX nhất",  # every province
    "cả nước năm 2024 có bao nhiêu hợp tác xã",  # national records, every province
    "mục tiêu năm 2023",  # a year alone: the passages' articles
    "Nghị định 193",
]


def test_answers_are_the_same_whether_records_are_read_lazily_or_whole(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    whole = {q: engine.ask(q, 14).to_json() for q in QUESTIONS}
    again = _lazy(engine, monkeypatch)
    assert {q: again.ask(q, 14).to_json() for q in QUESTIONS} == whole
    assert again.snapshot.index.records_by_province.complete  # the ranking read them all
    again.close()


def test_tables_written_for_another_generation_are_not_read_as_this_ones(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    """Another process's reload committed since the index was opened: a province's records
    are extracted again from the served articles, not mixed in from the newer tables."""
    again = _lazy(engine, monkeypatch)
    with Session(again.db) as session:
        session.exec(
            update(db.RecordRow).where(db.RecordRow.value_min == 60500).values(value_min=60501)
        )
        session.exec(
            update(db.MetaRow).where(db.MetaRow.key == db.GENERATION).values(value="gen-other")
        )
        session.commit()
    assert 60500 in _members(again) and 60501 not in _members(again)
    assert "extracted again" in caplog.text
    again.close()


def test_the_background_read_fills_every_province_and_close_stops_it(engine: Engine):
    engine.close()
    again = Engine(engine.config)
    assert again.open() is None
    warming = again._warming
    assert warming is not None
    warming.join(timeout=60)
    assert again.snapshot.index.records_by_province.complete
    assert 60500 in _members(again)
    again.close()
    stopped = Engine(engine.config)
    stopped.open()
    stopped.close()  # at once: the background read stops between two provinces
    assert stopped._warming is None


def test_a_reload_that_died_after_its_commit_is_rolled_forward_at_start(
    engine: Engine, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    """Killed between the commit and the rename: SQL holds the new generation, whose files
    are complete on disk; the next start makes it current instead of rebuilding."""
    old = store.current_generation(engine.config.index_dir)
    article = corpus_dir / f"{QN}.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("60.500 thành viên", "61.500 thành viên"), encoding="utf-8")
    monkeypatch.setattr(store.PendingGeneration, "switch", lambda self: None)  # died here
    engine.reload()
    monkeypatch.undo()
    engine.close()
    assert store.current_generation(engine.config.index_dir) == old
    new = db.generation(engine.db)
    assert new != old and store.prepared(engine.config.index_dir, new) is not None
    engine.close()
    said: list[Notice] = []
    again = Engine(engine.config, notify=said.append)
    assert again.open() is None and said == []  # loaded, not rebuilt
    assert store.current_generation(engine.config.index_dir) == new
    assert sorted(p.name for p in engine.config.index_dir.glob("gen-*")) == [new]
    assert not list(engine.config.index_dir.glob(".CURRENT*"))
    assert 61500 in _members(again) and 60500 not in _members(again)
    again.close()


def test_an_older_database_is_not_served_with_a_newer_index(engine: Engine, corpus_dir: Path):
    """A database restored from before the last reload holds other articles than the index:
    rebuilt from the corpus (one line), never served mixed."""
    engine.close()
    path = db.sqlite_path(engine.config.db_url)
    assert path is not None
    saved = path.read_bytes()
    article = corpus_dir / f"{QN}.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("60.500 thành viên", "61.500 thành viên"), encoding="utf-8")
    engine.reload()
    engine.close()
    for side in path.parent.glob(path.name + "-*"):
        side.unlink()
    path.write_bytes(saved)  # the backup
    said: list[Notice] = []
    again = Engine(engine.config, notify=said.append)
    assert again.open() is not None and len(said) == 1
    assert "dựng lại" in notice_message(said[0])
    assert 61500 in _members(again) and 60500 not in _members(again)
    assert db.generation(again.db) == store.current_generation(engine.config.index_dir)
    again.close()


def test_a_database_set_aside_while_serving_is_rewritten_from_memory(engine: Engine):
    """A running engine keeps answering from its snapshot; the next reload sets the damaged
    file aside and writes every article, record and cited document from memory (no rebuild)."""
    answer = engine.ask(QUESTION).to_json()
    records = sorted(map(repr, db.query_records(engine.db)))
    engine.close()
    path = db.sqlite_path(engine.config.db_url)
    assert path is not None
    path.write_bytes(b"garbage" * 1000)
    assert engine.ask(QUESTION).to_json() == answer  # served from memory meanwhile
    said: list[Notice] = []
    engine.notify = said.append
    assert engine.reload().segmented == 0
    assert len(said) == 1 and "Cơ sở dữ liệu hỏng" in notice_message(said[0])
    assert sorted(map(repr, db.query_records(engine.db))) == records
    engine.close()
    again = Engine(engine.config)
    assert again.open() is None and again.ask(QUESTION).to_json() == answer
    again.close()


def test_the_background_read_waits_while_a_question_is_answered(engine: Engine):
    engine.close()
    again = Engine(engine.config)
    again._asking = 1  # as during a question
    assert again.open() is None
    warming = again._warming
    assert warming is not None
    warming.join(timeout=0.3)
    assert warming.is_alive() and not again.snapshot.index.records_by_province.complete
    again._asking = 0
    warming.join(timeout=60)
    assert again.snapshot.index.records_by_province.complete
    again.close()


def test_a_reload_right_after_a_start_reads_no_province_it_does_not_change(
    engine: Engine, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The reload carries the records read so far and reads none: the provinces not read yet
    come from the new tables on first use, and every answer is a fresh build's."""
    asked = _counting(monkeypatch)
    again = _lazy(engine, monkeypatch)
    article = corpus_dir / f"{QN}.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("60.500 thành viên", "61.500 thành viên"), encoding="utf-8")
    assert again.reload().segmented == 1
    assert asked == []  # nothing read before, during or after the reload
    records = again.snapshot.index.records_by_province
    assert 61500 in _members(again) and asked == []  # its only article: just extracted
    fresh = Engine(make_config(corpus_dir, tmp_path / "fresh"))
    fresh.reload()
    assert {q: again.ask(q, 14).to_json() for q in QUESTIONS} == {
        q: fresh.ask(q, 14).to_json() for q in QUESTIONS
    }
    assert asked and "Quảng Ninh" not in asked  # the others, read from the new tables
    assert records.complete
    assert {p: len(rs) for p, rs in records.items()} == {
        p: len(rs) for p, rs in fresh.snapshot.index.records_by_province.items()
    }
    again.close()
    fresh.close()


def test_a_reload_stops_the_background_read_and_starts_it_for_the_new_index(
    engine: Engine, corpus_dir: Path, caplog: pytest.LogCaptureFixture, monkeypatch
):
    """The previous index's background read never reads the tables the reload rewrites (it
    would find them written for another generation and extract everything again)."""
    gate = threading.Event()

    def paused(self: Engine) -> None:  # the background read waits at its first province
        while not gate.is_set() and not self._stop.wait(0.01):
            pass

    monkeypatch.setattr(Engine, "_idle", paused)
    engine.close()
    again = Engine(engine.config)
    assert again.open() is None
    first = again._warming
    assert first is not None and first.is_alive()
    article = corpus_dir / f"{QN}.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("60.500 thành viên", "61.500 thành viên"), encoding="utf-8")
    again.reload()
    assert not first.is_alive()  # stopped, not left to read the rewritten tables
    assert again._warming is not None and again._warming is not first
    gate.set()
    assert again.warmed(timeout=60) and again.snapshot.index.records_by_province.complete
    assert "extracted again" not in caplog.text
    assert 61500 in _members(again)
    again.close()


def test_records_read_back_from_packs_equal_the_extracted_ones(engine: Engine):
    """Every article's records, packed and read back, are the extracted ones, field for field
    and type for type (booleans stay booleans, absent strings None)."""
    index = engine.snapshot.index
    reader = db.CorpusReader(lambda: engine.db, db.sqlite_path(engine.config.db_url))
    for province in index.records_by_province:
        got = reader.province_records(province).by_article
        for aid, records in got.items():
            want = index.articles[aid].records
            assert records == want
            assert [tuple(map(type, r)) for r in records] == [tuple(map(type, r)) for r in want]
    assert sum(map(len, index.records_by_province.values())) > 30


def test_a_database_from_before_the_packs_is_read_from_the_record_rows(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    """Rows written before the pack column existed (its default, ""): the records come from
    their rows, the same records."""
    whole = {q: engine.ask(q, 14).to_json() for q in QUESTIONS}
    with Session(engine.db) as session:
        session.exec(update(db.ArticleRow).values(records_pack=""))
        session.commit()
    again = _lazy(engine, monkeypatch)
    assert {q: again.ask(q, 14).to_json() for q in QUESTIONS} == whole
    again.close()


def test_the_read_of_every_record_stops_when_asked(engine: Engine):
    """A reload stops the background read and waits for it: the read looks at its stop
    event between batches of articles, so the reload never waits for the whole read."""
    reader = db.CorpusReader(lambda: engine.db, db.sqlite_path(engine.config.db_url))
    stop = threading.Event()
    whole = reader.all_records(stop)
    assert whole is not None and sum(map(len, whole.by_article.values())) > 30
    stop.set()
    assert reader.all_records(stop) is None


def test_a_damaged_record_pack_is_extracted_again_not_a_crash(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    """A pack edited by hand or damaged (not JSON, or JSON of another shape): the questions
    are answered as before, the records extracted again from the article, and the log says
    so once."""
    whole = {q: engine.ask(q, 14).to_json() for q in QUESTIONS}
    with Session(engine.db) as session:
        row = session.get(db.ArticleRow, QN)
        assert row is not None
        row.records_pack = '[["x"], [[1, 0]]]'  # JSON, but not rows of a record
        other = session.exec(select(db.ArticleRow).where(db.ArticleRow.id != QN)).first()
        assert other is not None
        other.records_pack = "{not json"
        session.commit()
    again = _lazy(engine, monkeypatch)
    assert {q: again.ask(q, 14).to_json() for q in QUESTIONS} == whole
    assert caplog.text.count("extracted again") == 1
    again.close()


def test_a_database_created_before_the_pack_column_is_upgraded_and_read(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    """An older database without the `records_pack` column: opening it adds the column, and
    the records are read from their rows, the same answers."""
    whole = {q: engine.ask(q, 14).to_json() for q in QUESTIONS}
    engine.close()
    path = db.sqlite_path(engine.config.db_url)
    assert path is not None
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE articles DROP COLUMN records_pack")
    conn.commit()
    conn.close()
    again = _lazy(engine, monkeypatch)
    assert {q: again.ask(q, 14).to_json() for q in QUESTIONS} == whole
    columns = [r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(articles)")]
    assert "records_pack" in columns
    again.close()

"""Provinces both ways, generated from the gazetteer (issue 14 item 3).

One tiny article per pre-2025 province, naming only that province, in one real Engine. A
question naming the post-2025 unit (in every alias) or the old province (every alias), with
and without diacritics, must put a passage of that old province's article first; when the
province was absorbed or renamed, the answer's notes must name it (and never call a province
the new unit is named after "merged").

Members of one post-2025 unit report different years (2021, 2022, 2023 in merger order) and
the question asks for that year: a question about "Phú Thọ" covers all three articles, and the
year says which one should come first.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.provinces import MERGERS, OLD_PROVINCES, Province
from bot.text import fold
from tests.conftest import make_config

CITIES = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "TP. Hồ Chí Minh"})


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in fold(name)).strip("_")


def _unit(name: str) -> str:
    if name == "TP. Hồ Chí Minh":
        return "Thành phố Hồ Chí Minh"
    return f"{'thành phố' if name in CITIES else 'tỉnh'} {name}"


def _year(province: Province) -> int:
    return 2021 + MERGERS[province.current].index(province.name)


def _article(province: Province, number: int) -> str:
    unit, year = _unit(province.name), _year(province)
    return (
        f"Kinh tế tập thể {unit} năm {year}\n"
        f"Ngày: 15/01/{year + 1}\n"
        f"Năm {year}, {unit} có {100 + number} hợp tác xã đang hoạt động, "
        f"thu hút {5000 + 37 * number} thành viên tham gia.\n"
    )


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    root = tmp_path_factory.mktemp("merger")
    corpus = root / "corpus"
    corpus.mkdir()
    for n, province in enumerate(OLD_PROVINCES):
        text = _article(province, n)
        (corpus / f"{_slug(province.name)}.txt").write_text(text, encoding="utf-8")
    eng = Engine(make_config(corpus, root / "index"))
    report = eng.reload()
    assert report.articles == 63 and not report.skipped
    return eng


def _question(name: str, year: int) -> str:
    return f"{name} có bao nhiêu hợp tác xã năm {year}?"


def _namesake(current: str) -> Province:
    return next(p for p in OLD_PROVINCES if p.name == MERGERS[current][0])


def _questions(province: Province) -> list[str]:
    """The question asked with every alias of the post-2025 unit and of the old province, as
    written and without diacritics."""
    names = [*_namesake(province.current).aliases, *province.aliases]
    questions = [_question(name, _year(province)) for name in dict.fromkeys(names)]
    return list(dict.fromkeys([q for question in questions for q in (question, fold(question))]))


def test_articles_are_placed_in_their_old_province(engine: Engine):
    provinces = {a.id: a.province for a in engine.snapshot.index.article_list}
    assert provinces == {_slug(p.name): p.name for p in OLD_PROVINCES}


@pytest.mark.parametrize("province", OLD_PROVINCES, ids=lambda p: _slug(p.name))
def test_old_province_is_found_by_new_and_old_names(engine: Engine, province):
    article = _slug(province.name)
    # Absorbed by another unit (Hòa Bình → Phú Thọ), or renamed (Thừa Thiên Huế → Huế): either
    # way the name asked about is not the name the article uses, and the notes must say so.
    absorbed = MERGERS[province.current][0] != province.name
    renamed = not absorbed and province.name != province.current
    failures = []
    for question in _questions(province):
        answer = engine.ask(question)
        got = answer.passages[0].article if answer.passages else None
        if not answer.answered or got != article:
            failures.append(f"{question!r}: first passage from {got}, {answer.message or ''}")
            continue
        if (absorbed or renamed) and not any(province.name in n for n in answer.notes):
            failures.append(f"{question!r}: notes {answer.notes} do not name {province.name}")
        if not absorbed and any(f"tỉnh {province.name} (sáp nhập" in n for n in answer.notes):
            failures.append(f"{question!r}: notes {answer.notes} say it was merged")
    assert not failures, "\n".join(failures)

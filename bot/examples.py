"""Example questions that work on the loaded corpus, for /help, /start and notifications.

Built from what the corpus holds (the provinces with figures and their years, the documents
it names, the provinces merged in 2025) and kept only when the engine answers them, so the
help never shows an example that comes back "không tìm thấy".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bot import followup, gazetteer
from bot.text import fold

TOPIC_QUESTIONS = ("hỗ trợ thành lập mới HTX", "hỗ trợ phát triển hợp tác xã")
ACTIONS = {"target": "mục tiêu", "actual": "kết quả"}


@dataclass(frozen=True)
class Examples:
    questions: list[str] = field(default_factory=list)  # with diacritics, as officials write
    accent_free: list[str] = field(default_factory=list)  # the same kind, typed on a phone
    followups: list[tuple[str, str]] = field(default_factory=list)  # (first, follow-up)
    muctieu: str | None = None  # "/muctieu Phú Thọ 2022"
    merged: tuple[str, str] | None = None  # ("Phú Thọ", "Hòa Bình"): unit, old part in corpus
    provinces: list[str] = field(default_factory=list)  # provinces with articles
    years: list[int] = field(default_factory=list)  # years with figures
    document_types: list[str] = field(default_factory=list)  # "Kế hoạch", "Nghị định"…

    @property
    def empty(self) -> bool:
        return not self.questions


def _single_year(r: Any) -> int | None:
    return r.period_start if r.period_start and r.period_start == r.period_end else None


def _phrasings(province: str, year: int, kind: str) -> list[str]:
    """Ways to ask for a province's figures of a year, the plainest first."""
    return [
        f"{province} {ACTIONS[kind]} {year}",
        f"{province} năm {year}",
        f"{province} có bao nhiêu HTX năm {year}",
    ]


def _works(engine: Any, question: str, figures: bool) -> bool:
    answer = engine.ask(question)
    return answer.answered and (bool(answer.records) or not figures)


def build(engine: Any) -> Examples:
    """Examples for the engine's current corpus, each checked against the engine."""
    index = engine.snapshot.index
    articles = [ia.article for ia in index.articles.values()]
    if not articles:
        return Examples()
    records = [r for p, rs in index.records_by_province.items() if p for r in rs]
    by_place = Counter(
        (r.province, year, r.kind)
        for r in records
        if (year := _single_year(r)) and r.kind in ACTIONS and not r.national
    )
    ranked = [key for key, _ in by_place.most_common()]
    questions: list[str] = []
    accent_free: list[str] = []
    first: tuple[str, int, str] | None = None
    for province, year, kind in ranked[:6]:
        for q in _phrasings(province, year, kind):
            if _works(engine, q, figures=True) and _works(engine, fold(q), figures=True):
                first = (province, year, kind)
                questions.append(q)
                accent_free.append(fold(q))
                break
        if first:
            break
    # Another province: how many HTX it has, or its figures of a year; also accent-free.
    totals = Counter(r.province for r in records if r.indicator_id == "htx.total")
    others = [(p, None, "") for p, _ in totals.most_common(3)] + ranked[:6]
    for province, year, kind in others:
        if first and province == first[0]:
            continue
        tries = _phrasings(province, year, kind) if year else [f"{province} có bao nhiêu HTX"]
        q = next(
            (q for q in tries if _works(engine, q, True) and _works(engine, fold(q), True)), ""
        )
        if q:
            questions.append(q)
            accent_free.append(fold(q))
            break
    named = _named_document(index)
    if named and _works(engine, named, figures=False):
        questions.append(named)
    for q in TOPIC_QUESTIONS:
        if _works(engine, q, figures=False):
            questions.append(q)
            break
    followups = _followups(engine, questions[0], first, ranked) if first else []
    return Examples(
        questions=questions,
        accent_free=accent_free,
        followups=followups,
        muctieu=_muctieu(engine, ranked),
        merged=_merged(articles),
        provinces=sorted({a.province for a in articles if a.province}),
        years=sorted({y for r in records if (y := _single_year(r))}),
        document_types=sorted(
            {a.doc_type for a in articles if a.doc_type}
            | {d.kind for refs in index.documents.values() for d in refs if d.number}
        ),
    )


def _named_document(index: Any) -> str | None:
    """'Kế hoạch 248': a document of the corpus itself, else the most cited one."""
    own = [
        (a.doc_type, a.doc_number)
        for ia in index.articles.values()
        if (a := ia.article).doc_type and a.doc_number
    ]
    cited = sorted(
        ((len(refs), refs[0].kind, refs[0].number) for refs in index.documents.values()),
        key=lambda t: -t[0],
    )
    for kind, number in own + [(k, n) for _, k, n in cited]:
        lead = number.split("/")[0].split("-")[0].strip()
        if kind and lead.isdigit():
            return f"{kind} {lead}"
    return None


def _followups(engine: Any, question: str, first: tuple, ranked: list) -> list[tuple[str, str]]:
    """A follow-up on the first example: another year of that province, another province."""
    province, year, _ = first
    candidates = [f"còn năm {y} thì sao?" for p, y, _ in ranked if p == province and y != year]
    candidates += [f"còn {p}?" for p, y, _ in ranked if p != province and y == year]
    candidates += [f"còn {p} năm {y}?" for p, y, _ in ranked if p != province]
    out: list[tuple[str, str]] = []
    for said in dict.fromkeys(candidates):
        full = followup.rewrite(said, question)
        if full and _works(engine, full.question, figures=True):
            out.append((question, said))
            break
    return out


def _muctieu(engine: Any, ranked: list) -> str | None:
    """/muctieu of a unit that absorbed a province with figures (shows the merger), else of
    the province with the most figures."""
    index = engine.snapshot.index
    choices = []
    for province, year, _ in ranked:
        found = gazetteer.lookup(province)
        unit = found.current if found else province
        choices.append((unit == province, unit, year))
    for _, unit, year in sorted(choices, key=lambda c: c[0]):
        provinces = [p for pq in gazetteer.resolve_query(unit) for p in pq.provinces]
        if index.province_records(provinces, [year]):
            return f"/muctieu {unit} {year}"
    return None


def _merged(articles: list) -> tuple[str, str] | None:
    for a in sorted(articles, key=lambda a: a.id):
        found = gazetteer.lookup(a.province) if a.province else None
        if found and found.current != found.name and gazetteer.members(found.current):
            return found.current, found.name
    return None


def about_article(ia: Any, unit: str) -> list[str]:
    """How to ask about one document: its type and number, and its province's figures."""
    a = ia.article
    out = []
    if a.doc_type and a.doc_number:
        lead = a.doc_number.split("/")[0].split("-")[0].strip()
        if lead.isdigit():
            out.append(f"{a.doc_type} {lead}")
    years = Counter((y, r.kind) for r in ia.records if (y := _single_year(r)) and r.kind in ACTIONS)
    if years:
        (year, kind), _ = years.most_common(1)[0]
        out.append(f"{unit} {ACTIONS[kind]} {year}")
    elif a.date:
        out.append(f"{unit} {a.date.year}")
    else:
        out.append(f"{unit} hợp tác xã")
    return out

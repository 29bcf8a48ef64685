"""What an answer says, in pieces the plain-text and Telegram renderings share: the short answer
(figures grouped by province and period, or the best passage's most relevant sentence), figures
as text, figure groups, the sources and documents cited."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bot.answer import AMOUNT, is_money
from bot.citation import Source, clip, day
from bot.figures import catalogue
from bot.figures.record import KIND_LABELS, _keywords
from bot.messages import NO_AMOUNT, NOT_FOUND
from bot.search.results import Hit
from bot.text import fold

if TYPE_CHECKING:
    from bot.answer import Answer

SHORT_LINES = 3  # lines of the short answer of a list of figures
SHORT_FIGURES = 4  # figures in it
TABLE_ROWS = 5  # rows of the compact list of a comparison, ranking, series or national answer
_SENTENCE_END = re.compile(r"(?<!\bTP\.)(?<!\bTp\.)(?<=[.!?;])\s+")


def sentences(text: str) -> list[str]:
    """A passage's sentences ("TP. Cần Thơ" does not end one)."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def term_weight(sentence: str, matched: Iterable[str]) -> int:
    """How many of the question's matched terms a sentence holds."""
    words = re.findall(r"[\w.,%/-]+", fold(sentence))
    parts = [p for w in words if re.search(r"[/-]", w) for p in re.split(r"[/-]", w) if p]
    folded = " " + " ".join(words + parts) + " "
    return sum(1 for t in matched if f" {t.replace('_', ' ')} " in folded)


def focus(answer: Answer, hit: Hit) -> tuple[str, ...]:
    """The terms that make a sentence of a passage relevant: those the question matched, and
    the numbers of the documents it names ("193" of 193/2013/NĐ-CP)."""
    named = tuple(d.number for d in answer.parsed.documents) if answer.parsed else ()
    return (*named, *named, *hit.matched)  # a named document counts double


def best_sentence(hit: Hit, terms: tuple[str, ...], money: bool = False) -> str:
    """The sentence of a passage that holds most of `terms` (one with an amount first for a
    question about money); the first on a tie."""
    options = sentences(hit.text) or [hit.text]
    return max(
        options,
        key=lambda s: (money and bool(AMOUNT.search(s)), term_weight(s, terms)),
    )


def value_text(r: Any) -> str:
    """'30–50 HTX', 'tăng 10%' for a change, 'đạt 98% kế hoạch' for progress."""
    value = r.value()
    if r.change:
        verb = "giảm" if r.value_max < 0 else "tăng"
        return f"{verb} {value.replace('+', '', 1).replace('-', '', 1)}"
    return f"đạt {value}" if r.progress else value


def figure_text(r: Any) -> str:
    """'số HTX thành lập mới 30–50 HTX', 'thu nhập bình quân tăng 10%', '… đạt 98% kế hoạch'."""
    return f"{r.indicator} {value_text(r)}"


def place_of(r: Any) -> str:
    """Where a figure is about: its province, or "Cả nước"."""
    return "Cả nước" if r.national or not r.province else r.province


def when_of(r: Any) -> str:
    """'mục tiêu 2023', 'thực hiện 6 tháng đầu năm 2022', 'ước thực hiện 2024'."""
    label = KIND_LABELS.get(r.kind, r.kind).lower()
    return f"{label} {r.period()}".strip()


# Said first when the question names no indicator; then the catalogue's order.
_HEADLINE_FIRST = ("htx.new", "htx.total", "htx.members", "htx.revenue_avg", "htx.member_income")
_CATALOGUE_RANK: dict[str, int] = {}


def _catalogue_rank(indicator_id: str) -> int:
    if not _CATALOGUE_RANK:
        order = [*_HEADLINE_FIRST, *(k for k in catalogue.catalogue() if k not in _HEADLINE_FIRST)]
        _CATALOGUE_RANK.update({k: i for i, k in enumerate(order)})
    return _CATALOGUE_RANK.get(indicator_id, len(_CATALOGUE_RANK))


_HEADLINE_STOP = {"muc", "tieu", "chi", "ke", "hoach", "nam", "tinh", "bao", "nhieu", "co", "cua"}


def headline(answer: Answer) -> list[Any]:
    """The figures to say first: the indicator the question names, amounts for a question
    about money, figures sharing its words, then the catalogue's order (totals and new HTX
    before the rest)."""
    query = answer.parsed
    asked = answer.figures.indicator if answer.figures is not None else None
    if asked is None and query is not None:
        asked = query.indicator
    folded = query.folded if query is not None else fold(answer.query)
    words = {w for w in re.findall(r"\w+", folded) if len(w) > 1 and not w.isdigit()}
    words -= _HEADLINE_STOP
    if query is not None:  # "Cần Thơ" is a filter, not "cán bộ"
        words -= {
            w for pq in query.provinces for n in (pq.said, *pq.provinces) for w in fold(n).split()
        }

    def key(item: tuple[int, Any]) -> tuple:
        i, r = item
        return (
            answer.wants_money and not is_money(r),
            bool(asked) and r.indicator_id != asked,
            -len(words & _keywords(r.indicator, r.unit)),
            _catalogue_rank(r.indicator_id),
            i,
        )

    return [r for _, r in sorted(enumerate(answer.records), key=key)]


def short_answer(answer: Answer) -> list[str]:
    """One to three lines that answer the question: its figures grouped by province and
    period (a compact list for a comparison, ranking, series or the whole country), or the
    best passage's most relevant sentence; what is missing when nothing is found."""
    if not answer.answered:
        return [answer.message or NOT_FOUND]
    if answer.no_amount:
        return [NO_AMOUNT]
    # "Ai ký …": the signer of the document the best passage comes from.
    if answer.passages and answer.parsed is not None and answer.parsed.asks_signer:
        hit = answer.passages[0]
        src = answer.source(hit.article, hit)
        if src is not None and src.signer:
            when = f" ngày {day(src.date)}" if src.date else ""
            issuer = f" của {src.issuer}" if src.issuer else ""
            return [f"{src.short}{when}{issuer} do {src.signer} ký."]
    mode = answer.figures.mode if answer.figures is not None else "list"
    if answer.records and mode in ("compare", "rank", "series", "national"):
        return _table(answer, mode) + total_lines(answer.figures)
    # A province's figures answer a question about figures; the best passage answers the
    # others, and a question about money whose best passage states the amount.
    parsed = answer.parsed
    amount = bool(answer.passages) and AMOUNT.search(answer.passages[0].text) is not None
    if answer.records and _asks_figures(parsed) and not (answer.wants_money and amount):
        return _grouped(answer) + total_lines(answer.figures)
    if answer.passages:
        hit = answer.passages[0]
        if answer.wants_money:  # the best of the first three passages that states an amount
            hit = next((h for h in answer.passages[:3] if AMOUNT.search(h.text)), hit)
        src = answer.source(hit.article, hit)
        cited = f" ({src.short}, đoạn {hit.paragraph})" if src else ""
        sentence = (
            best_sentence(hit, focus(answer, hit), answer.wants_money)
            .strip()
            .lstrip("-–•+* ")
            .rstrip(";,:")
        )
        return [clip(sentence, 320) + cited]
    return [NOT_FOUND]


TOTAL_LINES = 2  # merged units' sums in the short answer


def total_lines(figs: Any) -> list[str]:
    """A merged province's figures added up from its old provinces: 'Phú Thọ (mới) – mục tiêu
    2023: số HTX thành lập mới 120 HTX (cộng Phú Thọ 50 HTX + Vĩnh Phúc 40 HTX + Hòa Bình
    30 HTX)', or which part lacks the figure, so a part is never read as the whole."""
    lines = []
    for t in (figs.totals if figs is not None else [])[:TOTAL_LINES]:
        head = f"{t.unit_name} (mới) – {when_of(t.first)}: {catalogue.label(t.indicator_id)}"
        if t.missing:
            lines.append(f"{head}: chưa cộng được, thiếu số liệu của {', '.join(t.missing)}.")
            continue
        qualifiers = {r.qualifier for r in t.parts}
        qualifier = qualifiers.pop() if len(qualifiers) == 1 else "khoảng"
        total = t.first._replace(value_min=t.value_min, value_max=t.value_max, qualifier=qualifier)
        parts = " + ".join(f"{r.province} {r.value()}" for r in t.parts)
        lines.append(f"{head} {value_text(total)} (cộng {parts})")
    return lines


def _asks_figures(query: Any) -> bool:
    """A question about figures ("mục tiêu", "bao nhiêu"…), or one that names only a province
    and a year ("Phú Thọ 2022")."""
    if query is None or query.wants_figures:
        return True
    named = {w for pq in query.provinces for n in (pq.said, *pq.provinces) for w in fold(n).split()}
    rest = [w for w in re.findall(r"[^\W\d_]+", query.folded) if w not in named]
    return not [w for w in rest if w not in {"tinh", "thanh", "pho", "tp", "nam"}]


def _grouped(answer: Answer) -> list[str]:
    groups: dict[tuple[str, str], list[Any]] = {}
    shown = 0
    records = headline(answer)
    if answer.wants_money:  # amounts only, when there are some
        records = [r for r in records if is_money(r)] or records
    for r in records:
        key = (place_of(r), when_of(r))
        if key not in groups and len(groups) >= SHORT_LINES:
            continue
        group = groups.setdefault(key, [])
        if len(group) < 3 and shown < SHORT_FIGURES:
            group.append(r)
            shown += 1
        if shown >= SHORT_FIGURES:
            break
    lines = []
    for (place, when), records in groups.items():
        src = answer.sources.get(records[0].article)
        cited = f" ({src.short})" if src else ""
        figures = "; ".join(figure_text(r) for r in records)
        lines.append(f"{place} – {when}: {figures}{cited}")
    return lines


def _table(answer: Answer, mode: str) -> list[str]:
    figs = answer.figures
    records = answer.records
    label = figs.label or records[0].indicator
    if mode == "rank":
        order = "thấp nhất" if figs.ascending else "cao nhất"
        head = f"Xếp hạng {label} ({order} trước, {len(records)} tỉnh/thành có số liệu):"
        rows = [
            f"{i}. {place_of(r)} – {when_of(r)}: {value_text(r)}"
            for i, r in enumerate(records[:TABLE_ROWS], 1)
        ]
    elif mode == "series":
        places = list(dict.fromkeys(place_of(r) for r in records))
        head = f"{', '.join(places)} – {label} qua các năm:"
        rows = [f"• {when_of(r)}: {value_text(r)}" for r in records[:TABLE_ROWS]]
    elif mode == "compare":
        head = f"So sánh {label}:"
        rows = [f"• {place_of(r)} – {when_of(r)}: {value_text(r)}" for r in records[:TABLE_ROWS]]
    else:
        head = f"Cả nước – {label}:" if figs.indicator else "Cả nước:"
        rows = [
            f"• {when_of(r)}: {value_text(r) if figs.indicator else figure_text(r)}"
            for r in records[:TABLE_ROWS]
        ]
    if len(records) > TABLE_ROWS:
        rows.append(f"… và {len(records) - TABLE_ROWS} số liệu khác")
    return [head, *rows]


def figure_groups(answer: Answer) -> list[tuple[str, list[Any]]]:
    """Every figure grouped by province, kind and period (then source), in answer order:
    ('Quảng Ninh – mục tiêu 2023 · Kế hoạch 248/KH-UBND', records)."""
    groups: dict[str, list[Any]] = {}
    for r in answer.records:
        src = answer.sources.get(r.article)
        head = f"{place_of(r)} – {when_of(r)}" + (f" · {src.short}" if src else "")
        groups.setdefault(head, []).append(r)
    return list(groups.items())


def cited_sources(answer: Answer) -> list[tuple[Source, list[tuple[str, int]]]]:
    """The documents behind an answer, in order of first use, with the (section, paragraph)
    pairs used from each."""
    used: dict[str, list[tuple[str, int]]] = {}
    hits = {(h.article, h.paragraph): h for h in answer.passages}
    for h in answer.passages:
        used.setdefault(h.article, []).append((h.section, h.paragraph))
    for r in answer.records:
        pair = (r.section, r.paragraph)
        if pair not in used.setdefault(r.article, []):
            used[r.article].append(pair)
    out = []
    for article, pairs in used.items():
        first = next((hits[(article, p)] for _, p in pairs if (article, p) in hits), None)
        src = answer.source(article, first)
        if src is not None:
            out.append((src, sorted(set(pairs), key=lambda x: x[1])))
    return out


def document_mentions(answer: Answer) -> list[str]:
    """'Nghị định 193/2013/NĐ-CP: Kế hoạch … tỉnh Hòa Bình, đoạn 4' for each citing paragraph."""
    out = []
    for d in answer.documents:
        src = answer.sources.get(d.article)
        where = src.short if src else "một tài liệu trong kho"
        out.append(f"{d.name}: {where}, đoạn {d.paragraph}")
    return out

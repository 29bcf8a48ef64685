"""The answer object shared by the CLI, the console chat and Telegram, and its plain-text form."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.corpus import Article
from bot.figures import catalogue
from bot.figures.record import KIND_LABELS, _keywords
from bot.search.article import document_name
from bot.search.results import Hit, Reason, SearchResult
from bot.text import fold

RECORDS_SHOWN = 12
DOCUMENTS_SHOWN = 8  # citing paragraphs listed; a much-cited decree has thousands
NOT_FOUND = "Không tìm thấy thông tin phù hợp trong kho dữ liệu."
NO_AMOUNT = (
    "Kho dữ liệu chưa có số tiền cụ thể cho câu hỏi này; dưới đây là các đoạn chính sách gần nhất."
)
SHORT_LINES = 3  # lines of the short answer of a list of figures
SHORT_FIGURES = 4  # figures in it
TABLE_ROWS = 5  # rows of the compact list of a comparison, ranking, series or national answer
MONEY_BOOST = 1.25  # passages stating an amount, for questions about money
# An amount of money ("30 triệu đồng", "114,641 tỷ đồng", "1.500.000 đ", "2 tỷ VNĐ"), or support
# given as a share of a cost or of another amount ("hỗ trợ 100% chi phí", "hỗ trợ bằng 50% mức").
AMOUNT = re.compile(
    r"\d[\d.,]*\s*(?:nghìn|ngàn|triệu|trđ|tỷ|tỉ)?\s*(?:đồng|đ\b|vnđ|vnd)"
    r"|hỗ trợ[^.;:]{0,40}?\d+(?:[.,]\d+)?\s*%",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Source:
    """A document as people cite it; never its file name."""

    title: str
    document: str = ""  # "Kế hoạch 185/KH-UBND" for an administrative document
    reported: str = ""  # the plan or decision a news page reports on: "Kế hoạch 248/KH-UBND"
    issuer: str | None = None
    date: date | None = None
    publisher: str | None = None
    link: str | None = None  # http(s) address of the original, when known

    @property
    def short(self) -> str:
        """'Kế hoạch 185/KH-UBND', else the document a news page reports on, else its title."""
        return self.document or self.reported or _clip(self.title, 70)

    def full(self) -> str:
        """'Kế hoạch 185/KH-UBND ngày 05/9/2022 của UBND thành phố Cần Thơ (title)', or
        'Title — publisher, dd/mm/yyyy (về Kế hoạch 248/KH-UBND)'."""
        when = _day(self.date)
        if self.document:
            head = self.document + (f" ngày {when}" if when else "")
            head += f" của {self.issuer}" if self.issuer else ""
            return head + (f" ({self.title})" if self.title and self.title != self.document else "")
        head = self.title + (f" — {self.publisher}" if self.publisher else "")
        head += f", {when}" if when else ""
        return head + (f" (về {self.reported})" if self.reported else "")


def _day(when: date | None) -> str | None:
    return when.strftime("%d/%m/%Y") if when else None


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:–-") + "…"


_TITLE_TYPES = (
    "Kế hoạch",
    "Quyết định",
    "Nghị quyết",
    "Chương trình",
    "Nghị định",
    "Thông tư",
    "Chỉ thị",
)


def source_of(article: Article, doc_refs: Iterable[Any] = ()) -> Source:
    """How an article is cited. A news page titled like the plan it reports on ("Kế hoạch phát
    triển … năm 2023") and citing exactly one document of that type is cited by it."""
    reported = ""
    kind = next((t for t in _TITLE_TYPES if article.title.startswith(t)), None)
    if kind and not article.doc_type:
        names = list(dict.fromkeys(d.name for d in doc_refs if d.kind == kind and d.number))
        reported = names[0] if len(names) == 1 else ""
    link = article.source if article.source and re.match(r"https?://", article.source) else None
    return Source(
        title=article.title,
        document=document_name(article) if article.doc_number else "",
        reported=reported,
        issuer=article.issuer,
        date=article.date,
        publisher=article.publisher,
        link=link,
    )


def hit_source(hit: Hit) -> Source:
    """A passage's source from what the hit carries (no reported document)."""
    link = hit.source if hit.source and re.match(r"https?://", hit.source) else None
    return Source(
        title=hit.title,
        document=hit.document if hit.document and re.search(r"\d", hit.document) else "",
        issuer=hit.issuer,
        date=hit.date,
        publisher=hit.publisher,
        link=link,
    )


@dataclass
class Answer:
    query: str
    answered: bool
    passages: list[Hit]
    records: list[Any] = field(default_factory=list)  # bot.records.RecordView, figures first
    documents: list[Any] = field(default_factory=list)  # bot.records.DocRef the question names
    notes: list[str] = field(default_factory=list)  # e.g. the 2025 province merger
    message: str | None = None  # why nothing was found, in Vietnamese
    figures: Any = None  # bot.figures.questions.Figures for comparison/ranking/series/…
    guesses: list[str] = field(default_factory=list)  # "Ý bạn là Quảng Ninh?"
    searched: str = ""  # the question as read (abbreviations and typos resolved)
    sources: dict[str, Source] = field(default_factory=dict)  # by article id
    coverage: str | None = None  # what the corpus holds, when nothing was found
    wants_money: bool = False
    no_amount: bool = False  # a question about money the corpus has no amount for
    parsed: Any = field(default=None, repr=False)  # the bot.query.Query, when composed from one

    def source(self, article: str, hit: Hit | None = None) -> Source | None:
        found = self.sources.get(article)
        return found or (hit_source(hit) if hit is not None else None)

    def to_json(self) -> dict[str, Any]:
        """The `coopbot ask --json` contract."""
        return {
            "query": self.query,
            "answered": self.answered,
            "passages": [
                {
                    "article": h.article,
                    "paragraph": h.paragraph,
                    "text": h.text,
                    "score": h.score,
                    "title": h.title,
                    "date": h.date.isoformat() if h.date else None,
                    "province": h.province,
                    "publisher": h.publisher,
                    "section": h.section,
                    "document": h.document or None,
                    "issuer": h.issuer,
                    "source": h.source,
                }
                for h in self.passages
            ],
            "records": [r.to_json() for r in self.records],
            "documents": [d.to_json() for d in self.documents],
            "notes": self.notes,
            "message": self.message,
            "guesses": self.guesses,
            "summary": short_answer(self),
        }


def compose(
    question: str,
    result: SearchResult,
    records: list[Any] | None = None,
    documents: list[Any] | None = None,
    figures: Any = None,
    query: Any = None,
    top_k: int | None = None,
) -> Answer:
    """Combine ranked passages and matching figures into one answer. With the parsed `query`:
    its guesses, and for a question about money, passages stating an amount first (the best
    `top_k` kept) and a note when the corpus has none."""
    records = records or []
    hits = result.hits
    money = bool(query is not None and query.wants_money)
    if money:
        hits = favour_amounts(hits)
    hits = hits[:top_k] if top_k else hits
    notes = merger_notes(result, records)
    if figures is not None and figures.mode == "rank" and records:
        notes.append(
            f"Xếp hạng trong {figures.covered} tỉnh/thành có số liệu này trong kho dữ liệu, "
            "không phải toàn quốc."
        )
    if figures is not None and figures.mode == "national" and not records:
        notes.append("Kho dữ liệu chưa có số liệu toàn quốc phù hợp; không dùng số của một tỉnh.")
    answered = result.answered or bool(records)
    no_amount = (
        money
        and answered
        and not any(AMOUNT.search(h.text) for h in hits[:3])
        and not any(is_money(r) for r in records)
    )
    return Answer(
        query=question,
        answered=answered,
        passages=hits,
        records=records,
        documents=documents or [],
        notes=notes,
        message=None if answered else reason_message(result),
        figures=figures,
        guesses=list(query.guesses) if query is not None else [],
        searched=query.text if query is not None else question,
        wants_money=money,
        no_amount=no_amount,
        parsed=query,
    )


def is_money(record: Any) -> bool:
    return "đồng" in record.unit


def favour_amounts(hits: list[Hit]) -> list[Hit]:
    """Passages stating an amount of money ("tối đa 30 triệu đồng") a little higher."""

    def score(h: Hit) -> float:
        return h.score * (MONEY_BOOST if AMOUNT.search(h.text) else 1.0)

    return sorted(hits, key=score, reverse=True)  # stable: ties keep the search's order


def reason_message(result: SearchResult) -> str:
    """Why nothing was found, said to the user."""
    if result.reason is Reason.EMPTY_INDEX:
        return "Kho dữ liệu trống."
    if result.reason is Reason.NO_TERMS:
        return "Câu hỏi không có từ khóa nào để tìm."
    if result.reason is Reason.NO_PROVINCE_DOCUMENTS:
        names = ", ".join(pq.said for pq in result.provinces)
        return f"Kho dữ liệu chưa có bài viết nào về {names}."
    if result.reason is Reason.NO_MATCH:
        return "Không tìm thấy đoạn văn nào khớp với câu hỏi."
    return NOT_FOUND


def province_notes(provinces: list[Any], found: set[str | None]) -> list[str]:
    """Say when results come from provinces merged into the one asked about, or when the
    province asked about no longer exists as such (July 2025 merger)."""
    notes: list[str] = []
    for pq in provinces:
        # The first province is the one the unit is named after, or renamed from (Thừa Thiên
        # Huế is now Huế): not merged into it.
        others = [p for p in pq.provinces[1:] if p in found]
        if others:
            olds = " và ".join(f"tỉnh {p}" for p in others)
            notes.append(
                f"{pq.said} hiện gồm cả {olds} (sáp nhập từ 7/2025); "
                f"kết quả dưới đây lấy từ bài viết về {olds}."
            )
        elif pq.note and len(pq.provinces) == 1:
            notes.append(pq.note)
    return notes


def merger_notes(result: SearchResult, records: list[Any]) -> list[str]:
    """Merger notes for an answer's passages and figures."""
    found = {h.province for h in result.hits} | {r.province for r in records}
    return province_notes(result.provinces, found)


def citation(hit: Hit, source: Source | None = None, full: bool = True) -> str:
    """How officials name a source: 'Kế hoạch 185/KH-UBND ngày 05/9/2022 của UBND thành phố
    Cần Thơ (title), II. Mục tiêu › a) Tổ hợp tác, đoạn 4' for a document; 'Title — publisher,
    dd/mm/yyyy, đoạn 3' for a news page; then the source link when known (`full`). Short
    (not `full`): without a document's title, a news title clipped. Never the file name."""
    src = source or hit_source(hit)
    if full:
        head = src.full()
    elif src.document:
        when = _day(src.date)
        head = src.document + (f" ngày {when}" if when else "")
        head += f" của {src.issuer}" if src.issuer else ""
    else:
        when = _day(src.date)
        head = _clip(src.title, 90) + (f" — {src.publisher}" if src.publisher else "")
        head += f", {when}" if when else ""
    parts = [head]
    if hit.section:
        parts.append(_clip(hit.section, 80) if not full else hit.section)
    parts.append(f"đoạn {hit.paragraph}")
    text = ", ".join(parts)
    return text + (f" — {src.link}" if full and src.link else "")


# --- the short answer -----------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<!\bTP\.)(?<!\bTp\.)(?<=[.!?;])\s+")


def sentences(text: str) -> list[str]:
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
    mode = answer.figures.mode if answer.figures is not None else "list"
    if answer.records and mode in ("compare", "rank", "series", "national"):
        return _table(answer, mode)
    # A province's figures answer a question about figures; the best passage answers the
    # others, and a question about money whose best passage states the amount.
    parsed = answer.parsed
    amount = bool(answer.passages) and AMOUNT.search(answer.passages[0].text) is not None
    if answer.records and _asks_figures(parsed) and not (answer.wants_money and amount):
        return _grouped(answer)
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
        return [_clip(sentence, 320) + cited]
    return [NOT_FOUND]


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


def paragraphs_text(pairs: list[tuple[str, int]]) -> str:
    """'đoạn 3, 5 (II. Mục tiêu)'."""
    numbers = ", ".join(str(p) for _, p in pairs)
    sections = list(dict.fromkeys(_clip(s, 60) for s, _ in pairs if s))
    return f"đoạn {numbers}" + (f" ({'; '.join(sections[:2])})" if sections else "")


def document_mentions(answer: Answer) -> list[str]:
    """'Nghị định 193/2013/NĐ-CP: Kế hoạch … tỉnh Hòa Bình, đoạn 4' for each citing paragraph."""
    out = []
    for d in answer.documents:
        src = answer.sources.get(d.article)
        where = src.short if src else "một tài liệu trong kho"
        out.append(f"{d.name}: {where}, đoạn {d.paragraph}")
    return out


# --- what the corpus covers -----------------------------------------------------------------


def corpus_coverage(articles: Iterable[Article]) -> str:
    """One or two lines on what the corpus holds: provinces, years, kinds of document."""
    from bot.terms import years_in

    articles = list(articles)
    if not articles:
        return "Kho dữ liệu chưa có tài liệu nào."
    provinces = Counter(a.province for a in articles if a.province and not a.national)
    national = sum(1 for a in articles if a.national)
    years = sorted(
        {y for a in articles for y in ({a.year} if a.year else set()) | years_in(a.title)}
    )
    kinds = Counter(a.doc_type or "tin bài" for a in articles)
    names = [p for p, _ in sorted(provinces.items(), key=lambda kv: (-kv[1], kv[0]))]
    shown = ", ".join(names[:8]) + (f" và {len(names) - 8} tỉnh/thành khác" if names[8:] else "")
    where = f"{len(names)} tỉnh/thành ({shown})" if names else ""
    if national:
        where = f"{where} và cả nước" if where else "cả nước"
    when = ""
    if years:
        when = ", ".join(map(str, years)) if len(years) <= 5 else f"{years[0]}–{years[-1]}"
    kind_text = ", ".join(f"{k} ({n})" for k, n in kinds.most_common(6))
    parts = [f"Kho dữ liệu có {len(articles)} tài liệu"]
    if where:
        parts.append(f"về {where}")
    if when:
        parts.append(f"các năm {when}")
    return ", ".join(parts) + f"; gồm {kind_text}."


def render_text(answer: Answer) -> str:
    """Plain-text rendering for the terminal: the short answer, the figures by province and
    period, then every passage with its full citation."""
    lines: list[str] = []
    lines.extend(f"🤔 {g}" for g in answer.guesses)
    if not answer.answered:
        lines.extend(f"ℹ️ {n}" for n in answer.notes)
        lines.append(f"❌ {answer.message or NOT_FOUND}")
        if answer.coverage:
            lines.append(f"📚 {answer.coverage}")
        return "\n".join(lines)
    lines.extend(f"➡️ {line}" for line in short_answer(answer))
    lines.extend(f"ℹ️ {n}" for n in answer.notes)
    lines.append("")
    if answer.records:
        lines.append("📊 Số liệu:")
        shown = 0
        for head, records in figure_groups(answer):
            if shown >= RECORDS_SHOWN:
                break
            lines.append(f"  {head}")
            for r in records[: RECORDS_SHOWN - shown]:
                lines.append(f"    • {figure_text(r)} (đoạn {r.paragraph})")
                shown += 1
        if len(answer.records) > shown:
            lines.append(f"  … và {len(answer.records) - shown} số liệu khác")
        lines.append("")
    if answer.documents:
        lines.append("📚 Văn bản được nhắc đến:")
        mentions = document_mentions(answer)
        lines.extend(f"  • {m}" for m in mentions[:DOCUMENTS_SHOWN])
        if len(mentions) > DOCUMENTS_SHOWN:
            lines.append(f"  … và {len(mentions) - DOCUMENTS_SHOWN} đoạn khác")
        lines.append("")
    for i, hit in enumerate(answer.passages, start=1):
        lines.append(f"{i}. {hit.text}")
        lines.append(f"   📄 {citation(hit, answer.source(hit.article, hit))}")
        lines.append("")
    return "\n".join(lines).rstrip()

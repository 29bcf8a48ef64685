"""Questions about figures: what they ask (a list, a comparison, a ranking, a time series,
progress against plan, the whole country) and the records that answer them.

One function, `figures(query, records_by_province)`, serves `ask`, `/muctieu` and
`coopbot records`: the caller passes the index's records by province.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from bot.figures import catalogue as cat
from bot.figures.record import Record
from bot.figures.select import covers, select_records
from bot.query import Query


@dataclass(frozen=True)
class Total:
    """One figure of a merged (post-2025) unit added up from its old provinces' figures for
    the same indicator, kind and period; `missing` names the parts without one, and then
    there is no sum (a part left out would pass for the whole)."""

    unit_name: str  # the merged unit as asked, "Phú Thọ"
    indicator_id: str
    kind: str
    parts: tuple[Record, ...]  # one per old province that has the figure, in merger order
    missing: tuple[str, ...]
    value_min: float
    value_max: float

    @property
    def first(self) -> Record:
        return self.parts[0]


@dataclass
class Figures:
    """The records answering a question about figures, and how to read them."""

    mode: str  # list | compare | rank | series | progress | national
    records: list[Record]
    indicator: str | None = None  # catalogue id the question asks about
    kind: str | None = None  # target | actual, when the question says
    covered: int = 0  # provinces with figures for the indicator and year (a ranking's reach)
    ascending: bool = False  # a ranking of the fewest first
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # merged unit → old ones
    totals: list[Total] = field(default_factory=list)  # merged units' figures added up

    @property
    def label(self) -> str:
        return cat.label(self.indicator) if self.indicator else ""


# The records of some (old) provinces, only those of the year when one is given: the index's
# cached `province_records` (a province holds 10^3-10^4 records; filtering them on every
# question cost tens of milliseconds at 100k paragraphs).
InYears = Callable[[Iterable[str], list[int]], list[Record]]


def pool_from(by_province: Mapping[str | None, list[Record]]) -> InYears:
    """Records by province as an `InYears` that does not filter (tests, small corpora)."""

    def pool(provinces: Iterable[str], years: list[int]) -> list[Record]:
        return [r for p in provinces for r in by_province.get(p, [])]

    return pool


def figures(
    query: Query, by_province: Mapping[str | None, list[Record]], in_years: InYears | None = None
) -> Figures | None:
    """The figures a question asks for, or None when it asks for none; a merged unit's
    figures are also added up from its parts (`totals`)."""
    in_years = in_years or pool_from(by_province)
    found = _figures(query, by_province, in_years)
    if found is not None and found.mode in ("list", "compare", "series"):
        found.totals = totals(query, in_years, found.records)
    return found


def _figures(
    query: Query, by_province: Mapping[str | None, list[Record]], in_years: InYears
) -> Figures | None:
    mode = query.mode
    if mode == "list" and not (query.provinces or query.years):
        return None
    indicator = query.indicator
    kind = query.kind
    if mode == "rank":
        return _ranking(query, by_province, indicator, kind)
    if mode == "national":
        pool = [r for rs in by_province.values() for r in rs if r.national]
        records = _matching(pool, query.years, indicator, kind) or select_records(
            pool, query.years, query
        )
        return Figures("national", records, indicator, kind)
    parts = {pq.said: pq.provinces for pq in query.provinces}
    provinces = [p for pq in query.provinces for p in pq.provinces]
    # A series spans the years; the other modes look at the years asked.
    pool = in_years(provinces, [] if query.mode == "series" else query.years)
    if mode == "progress":
        # "đạt bao nhiêu % kế hoạch" names no indicator: every share of plan of the year.
        named = None if indicator and indicator.endswith(".total") else indicator
        shares = [r for r in _matching(pool, query.years, named, None) if r.progress]
        shares = shares or [r for r in pool if r.progress and _in_years(r, query.years)]
        return Figures("progress", shares, indicator, kind, parts=parts)
    if mode == "series" and indicator:
        levels = [r for r in _matching(pool, [], indicator, kind) if _level(r) and not r.national]
        levels.sort(key=lambda r: (r.period_start or 0, r.period_end or 0, r.kind))
        return Figures(
            "series", _one_per(levels, ("province", "kind", "period")), indicator, kind, parts=parts
        )
    if mode == "compare" and indicator:
        # provinces compared by their own figures: a national one a province's document
        # quotes is not the province's
        levels = [
            r for r in _matching(pool, query.years, indicator, kind) if _level(r) and not r.national
        ]
        return Figures(
            "compare",
            _one_per(levels, ("province", "kind", "period")),
            indicator,
            kind,
            parts=parts,
        )
    records = select_records(pool, query.years, query)
    return Figures("list", records, indicator, kind, parts=parts)


def _in_years(r: Record, years: list[int]) -> bool:
    return not years or any(covers(r, y) for y in years)


def _level(r: Record) -> bool:
    return not r.change and not r.progress


def _matching(
    pool: list[Record], years: list[int], indicator: str | None, kind: str | None
) -> list[Record]:
    return [
        r
        for r in pool
        if (indicator is None or r.indicator_id == indicator)
        and _in_years(r, years)
        and (kind is None or r.kind == kind or (kind == "actual" and r.kind == "estimate"))
    ]


def _one_per(records: list[Record], keys: tuple[str, ...]) -> list[Record]:
    """The first record of each (province, kind, period): a figure said twice is shown once."""
    seen: set[tuple] = set()
    out = []
    for r in records:
        key = tuple(
            (r.period_start, r.period_end, r.period_note) if k == "period" else getattr(r, k)
            for k in keys
        )
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _ranking(
    query: Query,
    by_province: Mapping[str | None, list[Record]],
    indicator: str | None,
    kind: str | None,
) -> Figures:
    """One figure per province for the indicator and year, largest first (or fewest first
    for "ít nhất"); `covered` says how many provinces the corpus has it for."""
    ascending = query.lowest_first
    best: dict[str, Record] = {}
    for province, records in by_province.items():
        if province is None:
            continue
        for r in _matching(records, query.years, indicator, kind or "target"):
            if not _level(r) or r.national:
                continue
            if query.years and r.period_start != r.period_end:
                continue  # a 2021–2025 total is not comparable with one year's figures
            if province not in best or r.value_max > best[province].value_max:
                best[province] = r
    ranked = sorted(best.values(), key=lambda r: r.value_max, reverse=not ascending)
    return Figures(
        "rank", ranked, indicator, kind or "target", covered=len(best), ascending=ascending
    )


# Only counts of organisations and people add up across provinces; averages, shares and
# amounts (an average income, a support ceiling) do not.
_ADDITIVE = frozenset({"count", "people"})


def totals(query: Query, in_years: InYears, shown: list[Record]) -> list[Total]:
    """For each merged unit the question names, the figures shown for one of its parts added
    up over all its parts (same indicator, kind, period and unit)."""
    out: list[Total] = []
    keys = list(dict.fromkeys(_sum_key(r) for r in shown if _summable(r)))
    if not keys:
        return out
    wanted = set(keys)
    for pq in query.provinces:
        if len(pq.provinces) < 2:
            continue
        # Each part's records are read once, grouped by what they measure (a province holds
        # 10^3-10^4 of them; reading them once per figure shown cost a second at 100k).
        grouped: dict[str, dict[tuple, dict[tuple[float, float], Record]]] = {}
        for province in pq.provinces:
            by_key: dict[tuple, dict[tuple[float, float], Record]] = defaultdict(dict)
            for r in in_years([province], query.years):
                if (key := _sum_key(r)) in wanted and _summable(r):
                    by_key[key].setdefault((r.value_min, r.value_max), r)
            grouped[province] = by_key
        for key in keys:
            found: list[Record] = []
            missing: list[str] = []
            for province in pq.provinces:
                values = grouped[province].get(key, {})
                if len(values) == 1:
                    found.extend(values.values())
                else:  # none, or two different figures for the same thing: not added up
                    missing.append(province)
            # One part alone is no sum: the merger note already says whose figures they are.
            if len(found) < 2:
                continue
            out.append(
                Total(
                    pq.said,
                    key[0],
                    key[1],
                    tuple(found),
                    tuple(missing),
                    sum(r.value_min for r in found) if not missing else 0.0,
                    sum(r.value_max for r in found) if not missing else 0.0,
                )
            )
    return out


def _summable(r: Record) -> bool:
    ind = cat.catalogue().get(r.indicator_id)
    return (
        ind is not None
        and ind.unit in _ADDITIVE
        and r.unit != "%"
        and _level(r)
        and not r.national
        and r.period_start is not None
    )


def _sum_key(r: Record) -> tuple:
    return (r.indicator_id, r.kind, r.period_start, r.period_end, r.period_note, r.unit)

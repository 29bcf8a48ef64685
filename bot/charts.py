"""Charts of one indicator's figures: across provinces (a comparison or a ranking) or over the
periods of one province (a time series), as PNG bytes. matplotlib's object API on the Agg
canvas: no pyplot state, so charts can be drawn in worker threads."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from bot.figures.catalogue import OTHER
from bot.figures.numbers import format_number
from bot.figures.record import KIND_LABELS, Record

# Kinds look different in colour and in hatching (for print and colour-blind readers).
STYLE = {
    "target": ("#4C72B0", "//"),
    "actual": ("#DD8452", ""),
    "estimate": ("#55A868", ".."),
    "norm": ("#8172B3", "xx"),
}
NATIONAL = "Cả nước"
MAX_BARS = 40


@dataclass(frozen=True)
class Series:
    """One indicator in one unit, by province or by period: the records to draw."""

    indicator_id: str
    label: str
    unit: str
    change: bool
    progress: bool
    by: str  # "province" | "period"
    records: tuple[Record, ...]  # drawing order

    @property
    def title(self) -> str:
        what = self.label[:1].upper() + self.label[1:]
        if self.change:
            what += " (tăng/giảm)"
        if self.by == "province":
            places = len({place(r) for r in self.records})
            return f"{what}: so sánh {places} địa phương"
        return f"{what}: {place(self.records[0])} qua các kỳ"

    @property
    def axis_label(self) -> str:
        if self.progress:
            return "% kế hoạch"
        return f"tăng/giảm ({self.unit})" if self.change else self.unit


def place(r: Record) -> str:
    return NATIONAL if r.national and not r.province else r.province or "?"


def _key(r: Record) -> tuple:
    return (r.indicator_id, r.unit, r.change, r.progress)


def pick_series(records: Sequence[Record], shown: int = 10) -> Series | None:
    """The first indicator among the `shown` leading records whose figures (all of the
    answer's) span two or more provinces, or two or more periods of one province."""
    for first in records[:shown]:
        if first.indicator_id == OTHER:
            continue
        group = _dedupe([r for r in records if _key(r) == _key(first)])
        places = {place(r) for r in group}
        periods = {r.period() for r in group}
        if len(places) >= 2:
            by = "province"
            best: dict[str, float] = {}
            for r in group:
                best[place(r)] = max(best.get(place(r), r.value_max), r.value_max)
            ordered = sorted(group, key=lambda r: (-best[place(r)], place(r), _when(r)))
        elif len(periods) >= 2:
            by = "period"
            ordered = sorted(group, key=lambda r: (_when(r), r.kind))
        else:
            continue
        return Series(
            first.indicator_id,
            first.indicator,
            first.unit,
            first.change,
            first.progress,
            by,
            tuple(ordered[:MAX_BARS]),
        )
    return None


def _when(r: Record) -> tuple:
    return (r.period_start or 0, r.period_end or 0, r.period())


def _dedupe(group: list[Record]) -> list[Record]:
    """The same figure said twice (same place, period, kind, value) is drawn once."""
    seen: dict[tuple, Record] = {}
    for r in group:
        seen.setdefault((place(r), r.period(), r.kind, r.value_min, r.value_max), r)
    return list(seen.values())


def value_label(r: Record) -> str:
    lo, hi = format_number(r.value_min), format_number(r.value_max)
    number = lo if lo == hi else f"{lo}–{hi}"
    sign = "+" if r.change and r.value_min > 0 else ""
    unit = "%" if r.unit == "%" else ""
    return f"{r.qualifier + ' ' if r.qualifier else ''}{sign}{number}{unit}"


def render_png(series: Series, dpi: int = 110) -> bytes:
    """A bar per figure: solid up to the lower bound, lighter up to the upper bound of a range;
    colour and hatching by kind; the value written on each bar; Vietnamese title and axes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    records = series.records
    n = len(records)
    width = min(16.0, max(9.0, 0.75 * n + 4))
    fig = Figure(figsize=(width, 5.2), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)  # the Agg raster backend, whatever MPLBACKEND says
    ax = fig.add_subplot()
    xs, ticks = [], []
    x, previous = 0.0, None
    for r in records:
        group = place(r) if series.by == "province" else r.period()
        if previous is not None:
            x += 1.0 if group != previous else 0.8  # figures of one place side by side
        previous = group
        xs.append(x)
        if series.by == "province":
            ticks.append(f"{place(r)}\n{r.period()}")
        else:
            ticks.append(f"{r.period()}\n{KIND_LABELS.get(r.kind, r.kind)}")
    top = max([abs(r.value_max) for r in records] + [1e-9])
    for xi, r in zip(xs, records, strict=True):
        colour, hatch = STYLE.get(r.kind, ("#777777", ""))
        ax.bar(xi, r.value_min, 0.7, color=colour, hatch=hatch, edgecolor="white", linewidth=0)
        if r.value_max != r.value_min:
            ax.bar(
                xi,
                r.value_max - r.value_min,
                0.7,
                bottom=r.value_min,
                color=colour,
                alpha=0.4,
                hatch=hatch,
                edgecolor="white",
                linewidth=0,
            )
        up = r.value_max >= 0
        ax.annotate(
            value_label(r),
            (xi, r.value_max if up else r.value_min),
            xytext=(0, 3 if up else -3),
            textcoords="offset points",
            ha="center",
            va="bottom" if up else "top",
            fontsize=9,
        )
    ax.set_xticks(
        xs, ticks, fontsize=8, rotation=30 if n > 8 else 0, ha="right" if n > 8 else "center"
    )
    ax.set_ylim(min(0, min(r.value_min for r in records) * 1.15), top * 1.15)
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_ylabel(series.axis_label)
    ax.set_xlabel("Tỉnh/thành phố và kỳ" if series.by == "province" else "Kỳ")
    ax.set_title(series.title, fontsize=12, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    kinds = list(dict.fromkeys(r.kind for r in records))
    handles = [
        Patch(facecolor=STYLE[k][0], hatch=STYLE[k][1], edgecolor="white", label=KIND_LABELS[k])
        for k in kinds
        if k in STYLE
    ]
    if any(r.value_max != r.value_min for r in records):
        handles.append(Patch(facecolor="#999999", alpha=0.4, label="khoảng (tối thiểu–tối đa)"))
    ax.legend(  # beside the plot, never over a bar
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False
    )
    fig.text(
        0.01,
        0.005,
        "Nguồn: coopbot, từ các văn bản ghi trong chú thích",
        fontsize=7,
        color="#666666",
    )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def chart_head(series: Series) -> str:
    """The first line of a chart's caption."""
    return f"📈 {series.title} ({series.axis_label})"

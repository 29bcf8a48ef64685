"""Every figure in a document → a Record that says exactly what the text says.

Kind comes from the cue words before the figure in its clause ("phấn đấu", "ước", "tính đến"),
then the section it sits under ("Mục tiêu cụ thể", "Kết quả thực hiện năm 2022"), then how the
figure's year stands to the document's date; never from a guess about the whole document
alone. A table row ("Số thành viên — Đơn vị tính: người; Ước TH 2022: 50.000; KH 2023:
53.000") gives one record per numeric cell, its column saying kind and period.
"""

from __future__ import annotations

import re
import sys

from bot.corpus import Article, Paragraph
from bot.figures import catalogue as cat
from bot.figures.numbers import parse_number
from bot.figures.record import Record
from bot.text import fold

# Surface unit (folded, longest first) → canonical unit.
_UNITS: list[tuple[str, str]] = sorted(
    [
        ("%", "%"),
        ("lien hiep htx", "liên hiệp HTX"),
        ("lien hiep hop tac xa", "liên hiệp HTX"),
        ("lien hiep", "liên hiệp HTX"),
        ("lhhtx", "liên hiệp HTX"),
        ("lh htx", "liên hiệp HTX"),
        ("htx", "HTX"),
        ("hop tac xa", "HTX"),
        ("to hop tac", "THT"),
        ("tht", "THT"),
        ("quy tin dung nhan dan", "quỹ TDND"),
        ("quy tin dung", "quỹ TDND"),
        ("thanh vien", "thành viên"),
        ("xa vien", "thành viên"),
        ("lao dong", "người"),
        ("nguoi", "người"),
        ("can bo", "người"),
        ("luot", "lượt"),
        ("trieu dong", "triệu đồng"),
        ("trieu", "triệu đồng"),
        ("ty dong", "tỷ đồng"),
        ("ty", "tỷ đồng"),
        ("nghin dong", "nghìn đồng"),
        ("dong", "đồng"),
        ("san pham", "sản phẩm"),
        ("doanh nghiep", "doanh nghiệp"),
        ("mo hinh", "mô hình"),
    ],
    key=lambda u: -len(u[0]),
)
_COUNT_UNITS = {"HTX": "HTX", "THT": "THT", "liên hiệp HTX": "LH HTX", "quỹ TDND": "quỹ TDND"}
_MONEY = {"đồng", "nghìn đồng", "triệu đồng", "tỷ đồng"}
_PEOPLE = {"người", "thành viên", "lượt"}
_NUM = r"\d+(?:[.,]\d+)*"
# A number or range, not part of a date, a document number or a decimal fragment.
_QUANTITY_RE = re.compile(rf"(?<![\d/.,-])({_NUM})(?:\s*[-–]\s*({_NUM}))?(?![\d/]|[.,]\d)")
_QUALIFIERS = {
    "toi thieu": "tối thiểu",
    "it nhat": "ít nhất",
    "khoang": "khoảng",
    "tren": "trên",
    "hon": "hơn",
    "gan": "gần",
    "toi da": "tối đa",
    "khong qua": "tối đa",
    "duoi": "dưới",
}
# Cue words before a figure, matched with their diacritics ("đã", not "đa dạng"); the nearest
# one in the figure's clause decides its kind.
_CUES: list[tuple[str, str]] = [
    *((c, "target") for c in ("mục tiêu", "phấn đấu", "chỉ tiêu", "kế hoạch", "cam kết", "đề ra")),
    *((c, "target") for c in ("định hướng", "dự kiến", "sẽ ", "giao ", "nâng lên", "nâng tổng")),
    *((c, "estimate") for c in ("ước tính", "ước thực hiện", "ước đạt", "ước cả năm", "ước ")),
    *((c, "actual") for c in ("tính đến", "hiện có", "lũy kế", "đã ", "kết quả", "thực hiện")),
    *((c, "actual") for c in ("năm qua", "đến nay", "hiện nay", "được ", "có tổng số")),
    *((c, "norm") for c in ("hỗ trợ tối đa", "mức hỗ trợ", "hỗ trợ không quá", "không quá ")),
]
_SECTION_TARGET = re.compile(r"\b(mục tiêu|chỉ tiêu|kế hoạch (năm|phát triển|giai đoạn)|nhiệm vụ)")
_SECTION_ACTUAL = re.compile(r"\b(kết quả|tình hình|đánh giá|thực hiện|thực trạng)\b")
_PLAN_TYPES = {"Kế hoạch", "Chương trình", "Đề án", "Nghị quyết"}
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_RANGE = re.compile(r"(?<!\d)(20\d\d)\s*[-–]\s*(20\d\d)(?!\d)")
_DATE = re.compile(
    r"(tinh den|den|luy ke den|thoi diem|tai thoi diem)\s*(?:ngay\s*)?(\d{1,2})/(\d{1,2})/(20\d\d)"
)
_HALF = re.compile(r"(6|sau) thang (dau|cuoi) nam(?:\s*(20\d\d))?")
_NOT_PERIOD = re.compile(r"(so voi|luat (htx|hop tac xa)|ngay \d{1,2}/\d{1,2}/?)\s*(nam\s*)?$")
_CHANGE = re.compile(r"(tăng|giảm)( thêm| khoảng| bình quân| từ| hơn)?\s*$")
_PROGRESS_AFTER = re.compile(r"\s*(%\s*)?(so với |của )?(kế hoạch|chỉ tiêu|kh\b|mục tiêu)")
_ITEM_BREAK = re.compile(r"[;.:!?]\s|\s[-+•]\s")
_TABLE_ROW = re.compile(r"^(.{2,160}?) — (.+)$")


def extract_records(article: Article) -> list[Record]:
    """Every quantity-with-unit in the article, with kind, period, indicator and source."""
    out: list[Record] = []
    for p in article.paragraphs:
        row = _TABLE_ROW.match(p.text)
        if row and ": " in row.group(2):
            out.extend(_row_records(article, p, row.group(1), row.group(2)))
        else:
            out.extend(_prose_records(article, p))
    return out


# --- shared pieces ----------------------------------------------------------------------------


def _unit_after(folded_tail: str) -> str | None:
    tail = folded_tail.lstrip()
    if tail.startswith("%"):
        return "%"
    for surface, unit in _UNITS:
        if tail.startswith(surface) and (
            len(tail) == len(surface) or not tail[len(surface)].isalnum()
        ):
            if surface == "ty" and tail.startswith("ty le"):
                return None
            return unit
    return None


def _subject(unit: str, context: str) -> str:
    if unit in _COUNT_UNITS:
        return _COUNT_UNITS[unit]
    if re.search(r"\b(to hop tac|tht)\b", context):
        return "THT"
    if re.search(r"\blien hiep\b", context):
        return "LH HTX"
    return "HTX"


def _unit_kind(unit: str) -> str:
    if unit in _COUNT_UNITS or unit in {"sản phẩm", "doanh nghiệp", "mô hình"}:
        return "count"
    if unit in _PEOPLE:
        return "people"
    if unit in _MONEY:
        return "money"
    return "percent" if unit == "%" else "other"


def _indicator(
    folded: str, lo: int, start: int, end: int, hi: int, unit: str, subject: str, fallback_text: str
) -> tuple[str, str | None]:
    """(indicator id, phrase for 'other') of a figure at folded[start:end] in the item
    folded[lo:hi]: the catalogue phrase nearest before it, else right after it, else in the
    fallback text (section path, table group), else the subject's total."""
    kind = _unit_kind(unit)
    inds = list(cat.catalogue().values())
    if kind == "percent":
        candidates = inds
    elif kind == "count":
        # The subject's own indicators, and HTX concepts it has a twin of ("thành lập mới 100
        # HTX, 100 THT": the THT are new THT). Another subject's name is not a concept.
        candidates = [
            i
            for i in inds
            if i.unit == "count"
            and (
                i.subject == subject
                or unit in {"sản phẩm"}
                or (i.subject == "HTX" and cat.for_subject(i.id, subject) != i.id)
            )
        ]
    else:
        candidates = [i for i in inds if i.unit == kind]
    if kind == "people":
        return _people_indicator(folded, lo, start, end, subject)
    # After the figure only up to the next figure or parenthesis: "235 THT (thành lập mới từ
    # 15 - 20 THT)" — the words after belong to the 15 - 20.
    stop = re.search(r"[\d(]", folded[end:hi])
    after_hi = end + stop.start() if stop else hi
    found = cat.nearest(folded, lo, start, candidates) or cat.nearest(
        folded, end, after_hi, candidates, before=False
    )
    if found is None and fallback_text:
        found = cat.nearest(fallback_text, 0, len(fallback_text), candidates)
    if found is not None:
        chosen = found[0].id
        # "thành viên" is also the members of a new HTX, a THT's members, "HTX thành viên".
        if chosen == "htx.members" and subject == "THT":
            chosen = "tht.members"
        return cat.for_subject(chosen, subject), None
    totals = {
        "HTX": "htx.total",
        "THT": "tht.total",
        "LH HTX": "lhhtx.total",
        "quỹ TDND": "qtdnd.total",
    }
    if kind == "count" and subject in totals and unit in _COUNT_UNITS:
        return totals[subject], None
    if kind == "people" and unit == "thành viên":
        return ("tht.members" if subject == "THT" else "htx.members"), None
    # Named by its own words: what follows a percentage ("100% HTX hoạt động theo Luật"),
    # what precedes another figure ("tổng kinh phí … 114,641 tỷ đồng").
    after = folded[end:hi]
    if kind == "percent" and after.strip():
        a = end + len(after) - len(after.lstrip())
        return cat.OTHER, f"@{a}:{a + len(' '.join(after.split()[:6]))}"
    b = max(lo, start - 50)
    before = " ".join(folded[b:start].split()[-5:])
    a = folded.rfind(before, b, start) if before else start
    return cat.OTHER, f"@{a}:{a + len(before)}" if before else unit


def _people_indicator(
    folded: str, lo: int, start: int, end: int, subject: str
) -> tuple[str, str | None]:
    """Members, new members, workers or managers: the unit word itself says most ("15 thành
    viên", "20 lao động"); the words before refine it."""
    unit_word = folded[end - 1 : end + 12].strip()
    before = folded[lo:start]
    if re.search(r"\b(thu hut|ket nap|gia nhap moi|thanh vien moi|tang them)\b", before[-40:]):
        return "htx.new_members", None
    members = unit_word.startswith(("thanh vien", "xa vien"))
    workers = unit_word.startswith("lao dong")
    if re.search(r"\bthanh lap moi\b.{0,35}\bvoi\b.{0,35}$", before):
        # "thành lập mới 02 HTX với 20 lao động và 15 thành viên": the new HTX's people.
        return cat.OTHER, "thành viên của HTX thành lập mới" if members else (
            "lao động của HTX thành lập mới"
        )
    if members:
        return ("tht.members" if subject == "THT" else "htx.members"), None
    if workers:
        return "htx.workers", None
    if re.search(r"\b(can bo|quan ly|dao tao|boi duong|trinh do)\b", before[-60:]):
        return "htx.managers_trained", None
    candidates = [i for i in cat.catalogue().values() if i.unit == "people"]
    found = cat.nearest(folded, lo, start, candidates)
    if found:
        return cat.for_subject(found[0].id, subject), None
    return cat.OTHER, f"@{max(lo, start - 30)}:{start}"


def _phrase_text(text: str, phrase: str | None) -> str | None:
    """An 'other' figure's phrase, found on the folded text as "@start:end", in the text's own
    words (folding keeps positions)."""
    if phrase and (m := re.fullmatch(r"@(\d+):(\d+)", phrase)):
        return " ".join(text[int(m.group(1)) : int(m.group(2))].split()).strip(" ,;:(") or None
    return phrase


def _qualifier(folded_before: str) -> str | None:
    tail = " ".join(folded_before.split()[-2:])
    for q, label in _QUALIFIERS.items():
        if tail.endswith(q):
            return label
    return None


def _cue_kind(lower: str, lo: int, start: int) -> str | None:
    """The kind named by the cue nearest before the figure in lower[lo:start]."""
    best, best_pos = None, -1
    window = lower[lo:start]
    for cue, kind in _CUES:
        pos = window.rfind(cue)
        if pos < 0:
            continue
        if cue == "được " and re.search(
            r"(phấn đấu|mục tiêu|chỉ tiêu|dự kiến|ước|kế hoạch)\s*được\s$", window[: pos + 5]
        ):
            continue  # "phấn đấu được", "ước được": the earlier cue speaks
        if pos + len(cue) > best_pos:
            best, best_pos = kind, pos + len(cue)
    return best


def _section_kind(section: str) -> str | None:
    folded = section.lower()
    # The deepest heading that says it decides: "Kết quả năm 2022 › Mục tiêu 2023" is a target.
    t = [m.end() for m in _SECTION_TARGET.finditer(folded)]
    a = [m.end() for m in _SECTION_ACTUAL.finditer(folded)]
    if not t and not a:
        return None
    return "target" if max(t or [-1]) > max(a or [-1]) else "actual"


def _default_kind(article: Article, year: int | None, section: str) -> str:
    if (kind := _section_kind(section)) is not None:
        return kind
    if year is not None and article.date is not None:
        if year > article.date.year:
            return "target"
        if year < article.date.year:
            return "actual"
    plan = article.doc_type in _PLAN_TYPES or re.search(
        r"\b(ke hoach|muc tieu|chuong trinh|de an|chi tieu)\b", fold(article.title)
    )
    return "target" if plan else "actual"


def _years_in(text: str) -> list[tuple[int, int]]:
    """(position, year) of years that can be a figure's period."""
    return [
        (m.start(), int(m.group(1)))
        for m in _YEAR.finditer(text)
        if not _NOT_PERIOD.search(text[max(0, m.start() - 25) : m.start()])
    ]


def _period(
    folded: str, lo: int, start: int, context: str, article: Article
) -> tuple[int | None, int | None, str | None]:
    """(start year, end year, note) of a figure: a date or half-year in its sentence, a year
    or range before it, else the section's year, else the title's, else none."""
    sentence = folded[lo:start]
    if m := _DATE.search(sentence):
        d, mo, y = m.group(2), m.group(3), int(m.group(4))
        return y, y, f"đến {int(d)}/{int(mo)}/{y}"
    if m := _HALF.search(sentence):
        half = "6 tháng đầu năm" if m.group(2) == "dau" else "6 tháng cuối năm"
        year = int(m.group(3)) if m.group(3) else _last_year(sentence) or article.year
        return year, year, half
    if m := list(_RANGE.finditer(sentence)):
        last = m[-1]
        return int(last.group(1)), int(last.group(2)), None
    if year := _last_year(sentence):
        return year, year, None
    # The time frame set earlier in the paragraph carries over ("Tính đến 31/12/2023, … .
    # Doanh thu bình quân một HTX là 1,3 tỷ đồng").
    earlier = folded[:lo]
    if m := _DATE.search(earlier):
        y = int(m.group(4))
        return y, y, f"đến {int(m.group(2))}/{int(m.group(3))}/{y}"
    if (m := _HALF.search(earlier)) and m.group(3):
        year = int(m.group(3))
        return year, year, "6 tháng đầu năm" if m.group(2) == "dau" else "6 tháng cuối năm"
    if year := _last_year(earlier):
        return year, year, None
    after = folded[start : start + 60]
    if m := _RANGE.search(after):
        return int(m.group(1)), int(m.group(2)), None
    for text in (context, fold(article.title)):
        if m := list(_RANGE.finditer(text)):
            return int(m[-1].group(1)), int(m[-1].group(2)), None
        if year := _last_year(text):
            return year, year, None
    return None, None, None


_FLOWS = {"htx.new", "tht.new", "lhhtx.new", "htx.dissolved", "htx.new_members"}


def _widen_flow(
    ind_id: str, y0, y1, note, sentence: str, section: str, article: Article
) -> tuple[int | None, int | None, str | None]:
    """'Đến năm 2025 thành lập mới 100 HTX' in a 2021–2025 programme counts the new HTX of
    the whole period: a flow up to the programme's last year spans the programme."""
    if ind_id not in _FLOWS or y0 != y1 or y1 is None or not re.search(r"den nam", sentence):
        return y0, y1, note
    for text in (section, fold(article.title)):
        for m in _RANGE.finditer(text):
            if int(m.group(2)) == y1:
                return int(m.group(1)), y1, note
    return y0, y1, note


def _last_year(text: str) -> int | None:
    found = _years_in(text)
    return found[-1][1] if found else None


def _item_start(folded: str, pos: int) -> int:
    """Start of the clause-like item holding `pos`: after the last ';', sentence end or bullet."""
    starts = [m.end() for m in _ITEM_BREAK.finditer(folded, 0, pos)]
    return starts[-1] if starts else 0


def _item_end(folded: str, pos: int) -> int:
    m = _ITEM_BREAK.search(folded, pos)
    return m.start() if m else len(folded)


# --- prose ------------------------------------------------------------------------------------


def _prose_records(article: Article, p: Paragraph) -> list[Record]:
    text = p.text
    folded = fold(text)
    if len(folded) != len(text):
        folded = folded[: len(text)].ljust(len(text))
    lower = text.lower()
    section = fold(p.section)
    national = article.national or bool(re.search(r"\b(ca nuoc|toan quoc)\b", folded))
    out: list[Record] = []
    for m in _QUANTITY_RE.finditer(text):
        raw = m.group(1)
        if re.fullmatch(r"(19[5-9]\d|20\d\d)", raw) and not m.group(2):
            continue  # a year
        after = folded[m.end() : m.end() + 60]
        unit = _unit_after(after)
        if unit is None:
            continue
        before = folded[: m.start()]
        if (
            re.search(r"binh quan( cua)?( mot| 01| 1)?\s*$", before[-30:])
            and parse_number(raw) == 1
        ):
            continue  # "doanh thu bình quân 01 HTX": per cooperative, not a count
        lo_v = parse_number(raw)
        hi_v = parse_number(m.group(2)) if m.group(2) else lo_v
        if hi_v < lo_v:
            lo_v, hi_v = hi_v, lo_v
        item_lo, item_hi = _item_start(folded, m.start()), _item_end(folded, m.end())
        sent_lo = max(text.rfind(". ", 0, m.start()) + 2, 0) if ". " in text[: m.start()] else 0
        unit_end = m.end() + len(after) - len(after.lstrip()) + 1
        subject = _subject(unit, folded[item_lo:item_hi])
        ind_id, phrase = _indicator(
            folded, item_lo, m.start(), unit_end, item_hi, unit, subject, section
        )
        phrase = _phrase_text(text, phrase)
        y0, y1, note = _period(folded, sent_lo, m.start(), section, article)
        kind = (
            _cue_kind(lower, item_lo, m.start())
            or _cue_kind(lower, sent_lo, m.start())
            or _cue_kind(lower, 0, m.start())
            or _default_kind(article, y1, p.section)
        )
        progress = unit == "%" and bool(_PROGRESS_AFTER.match(lower[m.end() :]))
        y0, y1, note = _widen_flow(
            ind_id, y0, y1, note, folded[sent_lo : m.start()], section, article
        )
        if y0 is None and kind in ("actual", "estimate") and article.year:
            y0 = y1 = article.year  # "hiện có 454 HTX": as of the document's date
        s_end = text.find(". ", m.end())
        out.append(
            Record(
                article=article.id,
                paragraph=p.number,
                province=None if national and not article.province else article.province,
                kind="actual" if progress and kind == "target" else kind,
                period_start=y0,
                period_end=y1,
                period_note=note,
                subject=subject if _unit_kind(unit) != "people" else _people_subject(ind_id),
                indicator=sys.intern(cat.label(ind_id, phrase)),
                value_min=lo_v,
                value_max=hi_v,
                qualifier=_qualifier(before[-40:]),
                unit=unit,
                text=text[sent_lo : s_end + 1 if s_end != -1 else len(text)].strip(),
                indicator_id=ind_id,
                change=bool(_CHANGE.search(lower[max(0, m.start() - 25) : m.start()])),
                progress=progress,
                national=national,
                section=p.section,
            )
        )
    return out


def _people_subject(indicator_id: str) -> str:
    ind = cat.catalogue().get(indicator_id)
    return ind.subject if ind else "thành viên"


# --- table rows ---------------------------------------------------------------------------------

_COLUMN_KIND = [
    (re.compile(r"\b(ty le|so voi|% so)\b"), "progress"),
    (re.compile(r"\buoc\b"), "estimate"),
    (re.compile(r"\b(kh|ke hoach|muc tieu|chi tieu|du kien)\b"), "target"),
    (re.compile(r"\b(th|thuc hien|ket qua|dat|luy ke)\b"), "actual"),
]


def _row_records(article: Article, p: Paragraph, label: str, cells_text: str) -> list[Record]:
    pairs = [c.partition(": ") for c in cells_text.split("; ")]
    cells = [(h.strip(), v.strip()) for h, sep, v in pairs if sep]
    unit_cell = next((v for h, v in cells if re.search(r"\b(don vi|dvt)\b", fold(h))), "")
    unit = _unit_after(fold(unit_cell)) if unit_cell else None
    folded_label = fold(label)
    section = fold(p.section)
    out: list[Record] = []
    for header, value in cells:
        fh = fold(header)
        if re.search(r"\b(don vi|dvt|ghi chu)\b", fh):
            continue
        m = re.fullmatch(rf"({_NUM})(?:\s*[-–]\s*({_NUM}))?\s*(%?)", value.strip())
        if not m:
            continue
        cell_unit = "%" if m.group(3) else unit
        column = next((k for rx, k in _COLUMN_KIND if rx.search(fh)), None)
        if column == "progress":
            cell_unit = "%"
        if cell_unit is None:
            cell_unit = _unit_after(folded_label.split()[-1]) or "đơn vị"
        lo_v = parse_number(m.group(1))
        hi_v = parse_number(m.group(2)) if m.group(2) else lo_v
        subject = _subject(cell_unit, f"{folded_label} {section}")
        ind_id, phrase = _indicator(
            folded_label,
            0,
            len(folded_label),
            len(folded_label),
            len(folded_label),
            cell_unit,
            subject,
            section,
        )
        if ind_id == cat.OTHER:
            # The row's label names what is counted; table units are often plain "người", "%".
            found = cat.nearest(folded_label, 0, len(folded_label), list(cat.catalogue().values()))
            if found:
                ind_id, phrase = cat.for_subject(found[0].id, subject), None
            else:
                phrase = label
        y0, y1, note = _period(fh, 0, len(fh), section, article)
        kind = column if column not in (None, "progress") else _default_kind(article, y1, p.section)
        out.append(
            Record(
                article=article.id,
                paragraph=p.number,
                province=article.province,
                kind="actual" if column == "progress" else kind,
                period_start=y0,
                period_end=y1,
                period_note=note,
                subject=subject if _unit_kind(cell_unit) != "people" else _people_subject(ind_id),
                indicator=sys.intern(cat.label(ind_id, phrase)),
                value_min=min(lo_v, hi_v),
                value_max=max(lo_v, hi_v),
                qualifier=None,
                unit=cell_unit,
                text=p.text,
                indicator_id=ind_id,
                change=False,
                progress=column == "progress",
                national=article.national,
                section=p.section,
            )
        )
    return out

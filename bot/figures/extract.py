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
        ("to", "THT"),  # "hơn 800 tổ đang hoạt động"; not "tổ chức" (see _unit_after)
        ("quy", "quỹ TDND"),  # "24 quỹ,"; not "quý", "quy mô" (see _unit_after)
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
_QUANTITY_RE = re.compile(
    rf"(?<![\d/.,-])({_NUM})(?:\s*(?:[-–]|đến|tới)\s*({_NUM}))?(?![\d/]|[.,]\d)"
)
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
    *((c, "target") for c in ("định hướng", "dự kiến", "sẽ ", "nâng lên", "nâng tổng")),
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
    r"(tinh den|den|luy ke den|thoi diem|tai thoi diem)\s*(?:het\s*)?(?:ngay\s*)?"
    r"(\d{1,2})/(\d{1,2})/(20\d\d)"
)
_BY_YEAR = re.compile(r"\b(?:den|toi) (?:het |cuoi )?nam (20\d\d)(?!\s*[-–]\s*20)")
_QUARTER = re.compile(r"(den (?:het )?)?\bquy (iv|iii|ii|i)/(20\d\d)")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTH = re.compile(r"\bthang (\d{1,2})/(20\d\d)")
_HALF = re.compile(r"(6|sau) thang (dau|cuoi) nam(?:\s*(20\d\d))?")
_NOT_PERIOD = re.compile(
    r"(so voi( cung ky)?|cung ky|luat (htx|hop tac xa)|ngay \d{1,2}/\d{1,2}/?)\s*(nam\s*)?$"
)
_CHANGE = re.compile(
    r"(tăng|giảm)( thêm| khoảng| bình quân| từ| hơn| tối thiểu| ít nhất| trên| gần)*\s*$"
)
_PROGRESS_AFTER = re.compile(r"\s*(%\s*)?(so với |của )?(kế hoạch|chỉ tiêu|kh\b|mục tiêu)")
_ITEM_BREAK = re.compile(r"[;.!?]\s|\s[-+•]\s")
_TABLE_ROW = re.compile(r"^(.{2,160}?) — (.+)$")


def extract_records(article: Article) -> list[Record]:
    """Every quantity-with-unit in the article, with kind, period, indicator and source."""
    out: list[Record] = []
    lead = ""  # a paragraph leading into the next ones ("Mục tiêu đến năm 2025:")
    carried: int | None = None  # the year the text was last talking about, for news pages
    carried_kind: str | None = None  # and whether it was talking about targets or results
    for p in article.paragraphs:
        row = _TABLE_ROW.match(p.text)
        if row and ": " in row.group(2):
            out.extend(_row_records(article, p, row.group(1), row.group(2)))
        else:
            # Sections give administrative documents their context; news pages have none.
            context = ("", None, None) if p.section else (lead, carried, carried_kind)
            out.extend(_prose_records(article, p, *context))
        text = p.text.strip()
        if text.endswith(":"):
            lead = text
        elif not _BULLET_START.match(text):
            lead = ""
        # The year a page is reporting on: the last year it named on its own, not the end of
        # a plan's range ("ước đến cuối năm 2020 … trong 5 năm tới (2020 - 2025)").
        folded_text = _RANGE.sub(" ", fold(text))
        topical = [
            (pos, y)
            for pos, y in _years_in(folded_text)
            if not _CONTRAST.search(folded_text[max(0, pos - 45) : pos])
        ]
        if not p.section and topical:
            carried = topical[-1][1]
        if not p.section:
            carried_kind = _cue_kind(text.lower(), 0, len(text)) or carried_kind
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
            rest = tail[len(surface) :].lstrip()
            if surface == "to" and re.match(r"(chuc|dan|truong|cong|hop|tuc|quoc)\b", rest):
                return None
            if surface == "quy" and not re.match(r"([,.;)]|$|chiem|tin dung)", rest):
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


_SECTORS = (
    "trong trot",
    "chan nuoi",
    "giao thong",
    "thuy loi",
    "nganh nghe",
    "lang nghe",
    "phi nong nghiep",
    "nong nghiep",
    "cong nghiep",
    "tieu thu cong nghiep",
    "thu cong nghiep",
    "van tai",
    "thuong mai",
    "dich vu",
    "xay dung",
    "thuy san",
    "lam nghiep",
    "tin dung",
    "moi truong",
    "nuoc sach",
    "dien",
    "cho",
    "y te",
    "giao duc",
    "du lich",
    "khai thac",
    "che bien",
)
_SECTOR_RE = re.compile(r"\b(" + "|".join(_SECTORS) + r")\b")


def _indicator(
    folded: str,
    lo: int,
    start: int,
    unit_start: int,
    unit_end: int,
    hi: int,
    unit: str,
    subject: str,
    fallback_text: str,
) -> tuple[str, str | None]:
    """(indicator id, phrase for 'other') of a figure at folded[start:unit_end] in the item
    folded[lo:hi]: the catalogue phrase nearest before it, else from its unit on, else in the
    fallback text (section path), else the subject's total."""
    kind = _unit_kind(unit)
    if kind == "people":
        return _people_indicator(folded, lo, start, unit_start, subject)
    inds = list(cat.catalogue().values())
    if kind == "percent":
        candidates = inds
    elif kind == "count":
        # The subject's own indicators, HTX concepts ("thành lập mới 100 HTX, 100 THT": new
        # THT too), and "HTX thành viên" of a union. Another subject's name is not a concept.
        candidates = [
            i
            for i in inds
            if i.unit == "count"
            and (
                i.subject in (subject, "HTX")
                or unit in {"sản phẩm"}
                or (i.id == "lhhtx.member_htx" and subject == "HTX")
            )
            and not (i.id.endswith(".total") and i.subject != subject)
            and not (i.id == "htx.agri" and subject != "HTX")
            and (i.id == "htx.ocop") == (unit == "sản phẩm")  # OCOP counts products
        ]
    else:
        candidates = [i for i in inds if i.unit == kind]
    after_lo, after_hi = _after_window(folded, unit_end, hi)
    # Words right after the figure name it first ("878 HTX đang hoạt động", "339 HTX (trên
    # 54%) hoạt động có hiệu quả", "35% HTX đạt loại tốt, khá"), the unit alone not counting;
    # then the words before it in its item ("Thành lập mới 10 HTX", "thành lập mới 100 HTX,
    # 100 THT và 03 LH HTX").
    adjacent = cat.nearest(
        folded, unit_start, min(after_hi, unit_end + 30), candidates, False, min_end=unit_end + 1
    )
    if adjacent is not None and adjacent[1] > unit_end - unit_start + 12:
        adjacent = None
    if adjacent is not None and adjacent[1] > 0:
        ends = folded.find(
            next(p for p in adjacent[0].phrases if p in folded[unit_start:]), unit_start
        )
        tail = folded[ends : after_hi + 1] if ends >= 0 else ""
        if re.search(r"^[^,;.]*\d$", tail):
            adjacent = None  # "10 THT củng cố 30 HTX": words that lead into the next figure
    if kind == "percent" and adjacent is None and _names_something(folded[unit_end:after_hi]):
        # "60% tổng số HTX hoạt động từ loại khá trở lên": what follows is what is measured,
        # past a denominator ("tổng số HTX"); "HTX hiệu quả chiếm 63% tổng số HTX": a bare
        # denominator leaves it to the words before; "60% tổng doanh thu": nothing we know.
        measured = re.sub(
            r"^\s*(tong so|so) (hop tac xa|htx|to hop tac|tht)\b", "", folded[unit_end:after_hi]
        )
        skip = after_hi - unit_end - len(measured)
        # Past a denominator the words qualify it ("50% tổng số HTX không còn hoạt động");
        # the measure is then said before the figure ("giải thể dứt điểm"), if anywhere.
        found = cat.nearest(folded, lo, start, candidates) if skip else None
        found = found or cat.nearest(folded, unit_end + skip, after_hi, candidates, before=False)
        if found is None:
            a = unit_end + len(folded[unit_end:after_hi]) - len(folded[unit_end:after_hi].lstrip())
            return cat.OTHER, f"@{a}:{a + len(' '.join(folded[a:after_hi].split()[:6]))}"
        return found[0].id, None
    elif kind == "count" and re.search(r"\bphat trien\s*$", folded[lo:start]):
        found = (cat.catalogue()["htx.new"], 0)  # "Phát triển 150 HTX": 150 new ones
    else:
        described = folded[unit_end:after_hi].strip()
        before_lo = lo
        if kind == "count" and described and not _GLUE.match(described):
            # "353 HTX đang hoạt động …, 19 HTX chưa chuyển đổi": words after this figure
            # describe it; words before the previous figure were about that one.
            for prev in _QUANTITY_RE.finditer(folded, lo, start):
                if _unit_after(folded[prev.end() : prev.end() + 30]):
                    before_lo = prev.end()
        found = adjacent or cat.nearest(folded, before_lo, start, candidates)
        found = found or cat.nearest(folded, unit_start, after_hi, candidates, before=False)
    if kind == "count" and subject in ("HTX", "THT"):
        # "147 HTX nông nghiệp", "+ Vận tải: 43 HTX": a sector's share, not the total.
        window_hi = min(after_hi, unit_end + 45)
        farm = re.search(r"\bnong nghiep\b", folded[unit_end:window_hi])
        if farm and subject == "HTX" and (found is None or found[0].id.endswith(".total")):
            return "htx.agri", None  # "122 HTX hoạt động trong lĩnh vực nông nghiệp"
        sector = _SECTOR_RE.search(folded, unit_end, min(after_hi, unit_end + 25)) or (
            _SECTOR_RE.search(folded, lo, start) if re.search(r":\s*$", folded[lo:start]) else None
        )
        if sector and (found is None or found[0].id.endswith(".total")):
            if sector.group(1) == "nong nghiep" and subject == "HTX":
                return "htx.agri", None
            if sector.start() >= unit_end:
                return cat.OTHER, f"@{unit_start}:{sector.end()}"
            return cat.OTHER, f"@{lo}:{start}"
    if found is not None and kind == "count":
        twin = cat.for_subject(found[0].id, subject)
        if cat.catalogue()[twin].subject not in (subject, "LH HTX"):
            # "giải thể 01 LH HTX": an HTX concept the union has no indicator for.
            phrase_at = folded.rfind(found[0].phrases[0], lo, start)
            return cat.OTHER, f"@{phrase_at}:{unit_end}" if phrase_at >= 0 else unit
        return twin, None
    if found is None and fallback_text:
        found = cat.nearest(fallback_text, 0, len(fallback_text), candidates)
    if found is not None:
        return cat.for_subject(found[0].id, subject), None
    totals = {
        "HTX": "htx.total",
        "THT": "tht.total",
        "LH HTX": "lhhtx.total",
        "quỹ TDND": "qtdnd.total",
    }
    if kind == "count" and subject in totals and unit in _COUNT_UNITS:
        described = folded[unit_end:after_hi].strip()
        if (described and not _GLUE.match(described)) or _PART_OF.search(folded[lo:start]):
            # "51 HTX xếp loại trung bình", "10 HTX ngừng hoạt động", "gồm 40 hợp tác xã": a
            # part described by words we have no indicator for, not the total.
            return (
                cat.OTHER,
                f"@{unit_start}:{unit_start + len(described) + 1 + (unit_end - unit_start)}",
            )
        return totals[subject], None
    # Named by its own words: what follows a percentage ("100% HTX hoạt động theo Luật"),
    # what precedes another figure ("tổng kinh phí … 114,641 tỷ đồng").
    after = folded[unit_end:hi]
    if kind == "percent" and after.strip():
        a = unit_end + len(after) - len(after.lstrip())
        return cat.OTHER, f"@{a}:{a + len(' '.join(after.split()[:6]))}"
    b = max(lo, start - 50)
    before = " ".join(folded[b:start].split()[-5:])
    a = folded.rfind(before, b, start) if before else start
    return cat.OTHER, f"@{a}:{a + len(before)}" if before else unit


_GLUE = re.compile(
    r"^(\(|voi|va|hoac|trong|tren|tai|cua|o|nam|den|tang|giam|dat|chiem|so voi|bang|nang|"
    r"hien|con|cung|duoc|co|la|thanh vien|[,;.:)]|$)"
)
_PART_OF = re.compile(r"\b(gom|bao gom|trong so do)\s*$")


def _after_window(folded: str, unit_end: int, hi: int) -> tuple[int, int]:
    """Words after a figure that can name it: up to the next figure or parenthesis, a
    parenthesis right after the unit skipped ("235 THT (thành lập mới từ 15 - 20 THT)" gives
    the 15 - 20 their words)."""
    lo = unit_end
    lead = re.match(r"\s*\([^()]{0,40}\)", folded[lo:hi])
    if lead:
        lo += lead.end()
    stop = re.search(r"[\d(]", folded[lo:hi])
    return unit_end, lo + stop.start() if stop else hi


def _names_something(after: str) -> bool:
    """Whether a percentage is followed by what it measures, not by punctuation or a
    comparison ("60% tổng doanh thu" yes; "35%;", "98% kế hoạch", "10% so với" no)."""
    words = after.strip().split()
    return bool(words) and not re.match(r"(so|ke|kh|chi|muc|tro|tren|\W)", words[0])


def _people_indicator(
    folded: str, lo: int, start: int, unit_start: int, subject: str
) -> tuple[str, str | None]:
    """Members, new members, workers or managers: the unit word itself says most ("15 thành
    viên", "20 lao động"); the words before refine it."""
    unit_word = folded[unit_start : unit_start + 12]
    before = folded[lo:start]
    members = unit_word.startswith(("thanh vien", "xa vien"))
    if members and (
        re.search(r"\b(thu hut them|ket nap|gia nhap moi|thanh vien moi)\b", before[-40:])
        or re.match(r"thanh vien moi", unit_word + folded[unit_start + 12 : unit_start + 16])
    ):
        return "htx.new_members", None
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
        while pos > 0 and window[pos - 1].isalnum():
            pos = window.rfind(cue, 0, pos)  # a whole word: "ước" is not inside "nước"
        if pos < 0:
            continue
        if cue == "kế hoạch" and re.search(r"(%|so với|bằng|đạt|vượt)\s*(\S+\s*)?$", window[:pos]):
            continue  # "đạt 98% kế hoạch", "so với kế hoạch": a comparison, not a target
        if cue == "kế hoạch" and (
            re.search(r"\b(sở|bộ|ban|phòng|vụ|cục)\s*$", window[:pos])
            or window.startswith(" và đầu tư", pos + len(cue))
        ):
            continue  # "Sở Kế hoạch và Đầu tư", "Ban Kế hoạch và hỗ trợ": a body's name
        if cue == "được " and re.search(
            r"(phấn đấu|mục tiêu|chỉ tiêu|dự kiến|ước|kế hoạch)\s*được\s$", window[: pos + 5]
        ):
            continue  # "phấn đấu được", "ước được": the earlier cue speaks
        if pos + len(cue) > best_pos:
            best, best_pos = kind, pos + len(cue)
    return best


def _section_kind(section: str) -> str | None:
    """The deepest heading that says decides ("Kết quả năm 2022 › Mục tiêu 2023" is a
    target); within a heading its first cue does ("Kết quả thực hiện các chỉ tiêu")."""
    for heading in reversed(section.lower().split(" › ")):
        t = _SECTION_TARGET.search(heading)
        a = _SECTION_ACTUAL.search(heading)
        if t or a:
            if t and a:
                return "target" if t.start() < a.start() else "actual"
            return "target" if t else "actual"
    return None


def _default_kind(article: Article, year: int | None, section: str) -> str:
    if (kind := _section_kind(section)) is not None:
        return kind
    if year is not None and article.date is not None:
        if year > article.date.year:
            return "target"
        if year < article.date.year:
            return "actual"
    if article.doc_type is None and not article.paragraphs[0].section:
        # A news page reports what happened, unless it is the summary of a plan ("Kế hoạch
        # phát triển … năm 2023"); a headline's passing "đặt mục tiêu" covers a few lines.
        return "target" if _TITLE_PLAN.match(fold(article.title)) else "actual"
    plan = article.doc_type in _PLAN_TYPES or _TITLE_PLAN.search(fold(article.title))
    return "target" if plan else "actual"


_TITLE_PLAN = re.compile(r"\b(ke hoach|muc tieu|chuong trinh|de an|chi tieu)\b")


def _years_in(text: str) -> list[tuple[int, int]]:
    """(position, year) of years that can be a figure's period."""
    return [
        (m.start(), int(m.group(1)))
        for m in _YEAR.finditer(text)
        if not _NOT_PERIOD.search(text[max(0, m.start() - 25) : m.start()])
    ]


def _period(
    folded: str,
    lo: int,
    start: int,
    context: str,
    article: Article,
    lead: str = "",
    carried: int | None = None,
) -> tuple[int | None, int | None, str | None]:
    """(start year, end year, note) of a figure: a date or half-year in its sentence, a year
    or range before it, else the section's year, else the title's, else none."""
    sentence = folded[lo:start]
    if found := _nearest_period(sentence, article):
        return found
    # The time frame set earlier in the paragraph carries over ("Tính đến 31/12/2023, … .
    # Doanh thu bình quân một HTX là 1,3 tỷ đồng").
    earlier = _intro(folded, lo)
    if m := _DATE.search(earlier):
        return _date_period(m)
    if (m := _QUARTER.search(earlier)) and m.group(1):
        return _quarter_period(m)
    if (m := _HALF.search(earlier)) and m.group(3):
        return _half_period(m, int(m.group(3)))
    if year := _last_year(earlier):
        return year, year, None
    if lead:
        found = _period(lead, 0, len(lead), "", _NO_ARTICLE)
        if found[0] is not None:
            return found
    after = folded[start : start + 60]
    if m := _RANGE.search(after):
        return int(m.group(1)), int(m.group(2)), None
    if _last_year(context) is None and carried is not None:
        return carried, carried, None  # the year the page was last talking about
    for text in (context, fold(article.title)):
        if (m := _HALF.search(text)) and m.group(3):  # a half-year report's figures
            return _half_period(m, int(m.group(3)))
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
    the whole period: a flow up to the programme's last year spans the programme; new HTX
    "đến 30/6" are those of the first half-year, "đến 31/12" those of the year."""
    if ind_id in _FLOWS and note in (f"đến 30/6/{y1}", f"đến 31/12/{y1}"):
        return y0, y1, "6 tháng đầu năm" if note.startswith("đến 30/6") else None
    if ind_id not in _FLOWS or y0 != y1 or y1 is None or not re.search(r"den nam", sentence):
        return y0, y1, note
    for text in (section, fold(article.title)):
        for m in _RANGE.finditer(text):
            if int(m.group(2)) == y1:
                return int(m.group(1)), y1, note
    return y0, y1, note


_BULLET_START = re.compile(r"(^|\s)[-+•]\s")
_NO_ARTICLE = Article(
    id="", title="", date=None, publisher=None, province=None, paragraphs=[], digest=""
)


def _intro(folded: str, lo: int) -> str:
    """What a figure's sentence inherits from before it: the paragraph so far, but in a list
    only the lead-in before its first item ("Tại thời điểm 30/6/2022 … như sau: + 147 HTX"),
    never a sibling item's date."""
    first = _BULLET_START.search(folded, 0, lo)
    return folded[: first.start()] if first else folded[:lo]


Period = tuple[int, int, str | None]
_QUARTER_END = ((31, 3), (30, 6), (30, 9), (31, 12))  # day, month


def _date_period(m: re.Match[str]) -> Period:
    """ "tính đến 30/6/2022" (a _DATE match) → (2022, 2022, "đến 30/6/2022")."""
    y = int(m.group(4))
    return y, y, f"đến {int(m.group(2))}/{int(m.group(3))}/{y}"


def _quarter_period(m: re.Match[str]) -> Period:
    """ "đến hết quý II/2020" → the quarter's last day; "quý II/2020" → the quarter."""
    q, y = _ROMAN[m.group(2)], int(m.group(3))
    if m.group(1):
        day, month = _QUARTER_END[q - 1]
        return y, y, f"đến {day}/{month}/{y}"
    return y, y, f"quý {m.group(2).upper()}/{y}"


def _half_period(m: re.Match[str], year: int) -> Period:
    return year, year, "6 tháng đầu năm" if m.group(2) == "dau" else "6 tháng cuối năm"


def _nearest_period(text: str, article: Article) -> Period | None:
    """The period expression nearest the end of `text` (the words before a figure): in
    "Trong 6 tháng đầu năm 2024 … đạt 31,4% (kế hoạch năm 2024 là 35 HTX)" the 35 HTX are
    the year's. At the same place the more exact wins (a date over its year)."""
    found: list[tuple[int, int, tuple[int, int, str | None]]] = []
    for m in _DATE.finditer(text):
        found.append((m.end(), 6, _date_period(m)))
    for m in _QUARTER.finditer(text):
        found.append((m.end(), 5, _quarter_period(m)))
    for m in _MONTH.finditer(text):
        y = int(m.group(2))
        found.append((m.end(), 4, (y, y, f"tháng {int(m.group(1))}/{y}")))
    for m in _HALF.finditer(text):
        year = int(m.group(3)) if m.group(3) else _last_year(text[: m.start()]) or article.year
        if year is not None:
            found.append((m.end(), 3, _half_period(m, year)))
    for m in _BY_YEAR.finditer(text):  # "đến năm 2025": at 2025, even in "giai đoạn 2021-2025"
        y = int(m.group(1))
        found.append((m.end(), 2, (y, y, None)))
    for m in _RANGE.finditer(text):
        found.append((m.end(), 1, (int(m.group(1)), int(m.group(2)), None)))
    for pos, y in _years_in(text):
        found.append((pos + 4, 0, (y, y, None)))
    return max(found, key=lambda f: (f[0], f[1]))[2] if found else None


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


def _prose_records(
    article: Article,
    p: Paragraph,
    lead: str = "",
    carried: int | None = None,
    carried_kind: str | None = None,
) -> list[Record]:
    text = p.text
    folded = fold(text)
    if len(folded) != len(text):
        folded = folded[: len(text)].ljust(len(text))
    lower = text.lower()
    section = fold(p.section)
    national = article.national or bool(re.search(r"\b(ca nuoc|toan quoc)\b", folded))
    out: list[Record] = []
    last_in_item: dict[int, Record] = {}  # the figure a "đạt 98% kế hoạch" qualifies
    last_any: dict[int, Record] = {}  # the figure a "chiếm 67,6%" is the share of
    for m in _QUANTITY_RE.finditer(text):
        raw = m.group(1)
        if re.fullmatch(r"(19[5-9]\d|20\d\d)", raw) and not m.group(2):
            continue  # a year
        item_lo, item_hi = _item_start(folded, m.start()), _item_end(folded, m.end())
        found_unit = _unit_match(folded, m.end()) or _label_unit(folded, item_lo, m)
        if found_unit is None:
            continue
        unit, unit_start, unit_end = found_unit
        before = folded[: m.start()]
        if (
            re.search(r"binh quan( cua)?( mot| 01| 1)?\s*$", before[-30:])
            and parse_number(raw) == 1
        ):
            continue  # "doanh thu bình quân 01 HTX": per cooperative, not a count
        lo_v = parse_number(raw)
        hi_v = parse_number(m.group(2)) if m.group(2) else lo_v
        if (scale := _SCALE.match(folded, m.end())) and unit_start >= scale.end():
            lo_v, hi_v = lo_v * _SCALES[scale.group(1)], hi_v * _SCALES[scale.group(1)]
        sent_lo = max(text.rfind(". ", 0, m.start()) + 2, 0) if ". " in text[: m.start()] else 0
        progress = unit == "%" and bool(_PROGRESS_AFTER.match(lower[m.end() :]))
        share = unit == "%" and bool(
            re.search(r"chiếm( tỷ lệ)?( khoảng| trên| gần| hơn)?\s*$", lower[sent_lo : m.start()])
        )
        qualified = (
            last_in_item.get(item_lo) if progress else last_any.get(item_lo) if share else None
        )
        # Whose figure: the words up to it and its unit ("tổng số thành viên HTX là 18.778
        # người, còn các tổ hợp tác có 4.385 thành viên": the THT are not the first one's).
        subject = _subject(unit, folded[item_lo : unit_end + 16])
        if qualified is not None:
            # "204 HTX, đạt 100,5% kế hoạch": the share is of the figure before it.
            ind_id, phrase = qualified.indicator_id, None
            label, subject = qualified.indicator, qualified.subject
            kind, y0, y1, note = (
                qualified.kind,
                qualified.period_start,
                qualified.period_end,
                qualified.period_note,
            )
        else:
            ind_id, phrase = _indicator(
                folded, item_lo, m.start(), unit_start, unit_end, item_hi, unit, subject, section
            )
            label = cat.label(ind_id, _phrase_text(text, phrase))
            subject = _indicator_subject(ind_id, unit, subject)
            y0, y1, note = _period(
                folded, sent_lo, m.start(), section, article, fold(lead), carried
            )
            kind = _kind(
                lower, item_lo, sent_lo, m.start(), article, y1, p.section, lead, carried_kind
            )
            if kind == "norm":
                y0 = y1 = note = None  # a rule's amount holds while the rule does
            y0, y1, note = _widen_flow(
                ind_id, y0, y1, note, folded[sent_lo : m.start()], section, article
            )
            if (
                kind in ("actual", "estimate")
                and article.year
                and (
                    y0 is None
                    or (
                        re.search(r"\bhiện\b", lower[sent_lo : m.start()])
                        and not _nearest_period(folded[sent_lo : m.start()], article)
                    )
                )
            ):
                y0 = y1 = article.year  # "hiện có 454 HTX": as of the document's date
                note = None
        s_end = text.find(". ", m.end())
        record = Record(
            article=article.id,
            paragraph=p.number,
            province=None if national and not article.province else article.province,
            kind=kind,
            period_start=y0,
            period_end=y1,
            period_note=note,
            subject=subject,
            indicator=sys.intern(label),
            value_min=min(lo_v, hi_v),
            value_max=max(lo_v, hi_v),
            qualifier=_qualifier(before[-40:]),
            unit=unit,
            text=text[sent_lo : s_end + 1 if s_end != -1 else len(text)].strip(),
            indicator_id=ind_id,
            change=bool(_CHANGE.search(lower[max(0, m.start() - 25) : m.start()])),
            progress=progress,
            national=national,
            section=p.section,
        )
        if not progress and ind_id not in (cat.OTHER, "htx.agri"):
            last_in_item[item_lo] = record  # a breakdown ("gồm 05 HTX nông nghiệp") is not
        if not progress and not share:
            last_any[item_lo] = record
        out.append(record)
    return out


def _carried(kind: str | None, year: int | None, article: Article) -> str | None:
    """The kind the page was last talking about, while the figure's year does not say
    otherwise (a past year is a result whatever came before)."""
    if kind is None or (year is not None and article.date and year < article.date.year):
        return None
    return kind


_CONTRAST = re.compile(
    r"(trong khi|so voi|cung ky|hon|con|truoc do|nam truoc|(cao|thap) hon( muc)?[^.;]{0,30}"
    r"cua)( nam)?\s*$"
)
_NORMATIVE = {"Quyết định", "Nghị quyết", "Nghị định", "Thông tư", "Quy định", "Luật"}
_NORM_CUE = re.compile(r"(tối thiểu|tối đa|không quá|mức hỗ trợ)\s*(\S+\s*)?$")


def _kind(
    lower: str,
    item_lo: int,
    sent_lo: int,
    start: int,
    article: Article,
    year,
    section: str,
    lead: str = "",
    carried_kind: str | None = None,
) -> str:
    """The cue in the figure's item, then its sentence, then the paragraph leading into it,
    then its section, then the paragraph so far, then the year against the document's date.
    A threshold or amount in a decision or resolution is a norm."""
    if article.doc_type in _NORMATIVE and _NORM_CUE.search(lower[item_lo:start]):
        if not re.search(r"(mục tiêu|phấn đấu|kết quả|đã|đạt)", lower[item_lo:start]):
            return "norm"
    kind = (
        _cue_kind(lower, item_lo, start)
        or _cue_kind(lower, sent_lo, start)
        or (_cue_kind(lead.lower(), 0, len(lead)) if lead else None)
        or _section_kind(section)
        or _cue_kind(_intro(lower, sent_lo), 0, min(sent_lo, start))
        or _carried(carried_kind, year, article)
        or _default_kind(article, year, section)
    )
    issued = article.date.year if article.date else None
    if issued is not None and year is not None:
        if kind == "estimate" and year > issued:
            return "target"  # "ước khoảng 2.600 tỷ" in next year's plan: about, not estimated
        if kind == "target" and year <= issued and _cue_kind(lower, sent_lo, start) == "target":
            window = lower[sent_lo:start]
            if re.search(r"(dự kiến|sẽ|ước tính)[^.;]*$", window) and year == issued:
                return "estimate"  # "dự kiến đến hết năm 2022 có 303 HTX", written in 2022
    return kind


def _indicator_subject(ind_id: str, unit: str, subject: str) -> str:
    """Whose figure it is: the catalogue's subject for money and people ("thu nhập bình
    quân của người lao động"), the counted unit for counts."""
    ind = cat.catalogue().get(ind_id)
    if ind is None:
        return subject if _unit_kind(unit) != "people" else "thành viên"
    return ind.subject


_SCALE = re.compile(r"\s*(trieu|nghin|ngan) (?!dong)")
_SCALES = {"trieu": 1e6, "nghin": 1e3, "ngan": 1e3}


def _unit_match(folded: str, end: int) -> tuple[str, int, int] | None:
    """(unit, start, end) of the unit written right after a number ending at `end`; a scale
    word before a unit ("1,8 triệu thành viên") is part of the number (see _scale)."""
    scale = _SCALE.match(folded, end)
    if scale and _unit_after(folded[scale.end() : scale.end() + 40]) not in (None, "%"):
        end = scale.end()
    tail = folded[end : end + 60]
    unit = _unit_after(tail)
    if unit is None:
        return None
    start = end + len(tail) - len(tail.lstrip())
    surface = next((s for s, u in _UNITS if u == unit and folded.startswith(s, start)), "")
    return unit, start, start + max(len(surface), 1)


def _label_unit(folded: str, item_lo: int, m: re.Match[str]) -> tuple[str, int, int] | None:
    """ "Số HTX đang hoạt động: 184." — a bare number after a label takes the label's unit."""
    label = folded[item_lo : m.start()]
    if not re.search(r":\s*$", label) or re.match(r"\s*\w", folded[m.end() : m.end() + 2]):
        return None
    for surface, unit in _UNITS:
        if unit != "%" and re.search(rf"\b{re.escape(surface)}\b", label):
            return unit, m.end(), m.end()
    return None


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
        n = len(folded_label)
        ind_id, phrase = _indicator(folded_label, 0, n, n, n, n, cell_unit, subject, section)
        if ind_id == cat.OTHER:
            # The row's label names what is counted; table units are often plain "người", "%".
            found = cat.nearest(folded_label, 0, len(folded_label), list(cat.catalogue().values()))
            if found:
                ind_id, phrase = cat.for_subject(found[0].id, subject), None
            else:
                phrase = label
        y0, y1, note = _period(fh, 0, len(fh), section, article)
        if column == "progress":
            # A share of plan is of what was achieved: the row's estimate or result column.
            achieved = [k for h, _ in cells for rx, k in _COLUMN_KIND if rx.search(fold(h))]
            kind = "estimate" if "estimate" in achieved else "actual"
        else:
            kind = column or _default_kind(article, y1, p.section)
        out.append(
            Record(
                article=article.id,
                paragraph=p.number,
                province=article.province,
                kind=kind,
                period_start=y0,
                period_end=y1,
                period_note=note,
                subject=_indicator_subject(ind_id, cell_unit, subject),
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

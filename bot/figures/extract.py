"""Every figure in a document → a Record that says exactly what the text says.

Kind comes from the cue words before the figure in its clause ("phấn đấu", "ước", "tính đến"),
then the section it sits under ("Mục tiêu cụ thể", "Kết quả thực hiện năm 2022"), then how the
figure's year stands to the document's date; never from a guess about the whole document
alone. A table row ("Số thành viên — Đơn vị tính: người; Ước TH 2022: 50.000; KH 2023:
53.000") gives one record per numeric cell, its column saying kind and period.

This module walks paragraphs, sentences and table rows; the pieces live beside it: units and
subjects (units.py), periods (periods.py), kinds and their cues (kinds.py), and the choice
of an indicator (indicator.py).
"""

from __future__ import annotations

import re
import sys

from bot.corpus import Article, Paragraph
from bot.figures import catalogue as cat
from bot.figures.indicator import FARM_WORDS, indicator_of, phrase_text
from bot.figures.kinds import (
    CONTRAST,
    PLAN_IN_PARENS,
    cue_kind,
    kind_of,
    lead_kind,
    names_levels,
)
from bot.figures.numbers import parse_number
from bot.figures.parts import (
    SUB_ROW,
    farming_only,
    norm_indicator,
    not_the_indicator,
    of_the_farming_ones,
)
from bot.figures.people import managers_share, of_both_earners
from bot.figures.periods import (
    _DATE,
    BULLET_START,
    COUNTED_AFTER,
    RANGE,
    SINCE_NOW,
    _date_period,
    at_half_end,
    cut_off_in,
    doc_year,
    last_year,
    lead_frame,
    nearest_period,
    period_of,
    period_right_after,
    result_by_then,
    widen_flow,
    years_in,
)
from bot.figures.record import Record
from bot.figures.rows import row_records
from bot.figures.scope import (
    CITY_PROVINCES,
    local_issuer,
    named_at,
    named_cooperatives,
    region_of,
    scope_of,
)
from bot.figures.units import (
    COUNT_UNITS,
    QUANTITY_RE,
    SCALE,
    SCALES,
    credit_funds_only,
    indicator_subject,
    label_unit,
    qualifier_of,
    subject_of,
    unit_in_context,
    unit_kind,
    unit_match,
)
from bot.text import fold

_GROWTH_RATE = re.compile(
    r"(tốc độ tăng|tăng trưởng)[^.;:%\d]{0,70}\b(đạt|là|ở mức|giữ mức|khoảng|bình quân)"
    r"( khoảng| trên| từ| gần| hơn)?\s*$"
)
_CHANGE = re.compile(
    r"(tăng|giảm|gấp)"
    r"( thêm| khoảng| xấp xỉ| chừng| bình quân| từ| hơn| tối thiểu| ít nhất| trên| gần)*\s*$"
)
_GREW = re.compile(
    r"\d[^\d,;.]{0,25}(,| và)\s*(tức( là)? |tương ứng |hay )?(cao |lớn |nhiều )?(tăng|giảm|gấp)"
    r"( khoảng| hơn| trên| gần)?\s*$"
)
_THIS_FIGURE = re.compile(r"\b(con số|chỉ số|mức) này\b[^.;\d]{0,30}$")
_RATIO = re.compile(r"\s+(?!so\b|kế\b|kh\b|chỉ\b|mục\b|tổng\b|số\b)[^\W\d]")
_PROGRESS_AFTER = re.compile(r"\s*(%\s*)?(so với |của )?(kế hoạch|chỉ tiêu|kh\b|mục tiêu)")
# "vượt mục tiêu Đề án (đạt 125%)": the share of plan in a parenthesis after the plan's name
_PROGRESS_BEFORE = re.compile(
    r"(kế hoạch|chỉ tiêu|mục tiêu)[^.;,\d()]{0,25}\(\s*(đạt|bằng)?\s*$"
    # "có 25/30 HTX thành lập mới theo kế hoạch năm 2023, đạt 83,3%": a share of that plan
    r"|\b(theo|so với) (kế hoạch|chỉ tiêu|mục tiêu)( (năm|giai đoạn) [\d\s–-]+)?[^.;\d()]{0,20}"
    r",?\s*(đạt|bằng)( khoảng| gần| hơn| trên)?\s*$"
)
_PLACE_UNITS = frozenset({"ha", "xã", "huyện", "nhà", "km"})
_COOP_WORDS = re.compile(
    r"\b(htx|hop tac|tht|kinh te tap the|kttt|ocop|thanh vien|chuoi|lien ket|mo hinh)\b"
)
# A ';' part that says only when and how: "năm 2025 phấn đấu đạt", "đến năm 2030 khoảng"
_ONLY_WHEN = re.compile(
    r"\W*(?:(?:den |trong |vao )?nam (?:19|20)\d\d|den (?:het |cuoi )?nam (?:19|20)\d\d)\s*,?\s*"
    r"(?:(?:phan dau|du kien|ke hoach|uoc|muc tieu|se)\s+)?(?:(?:dat|la|len|tang len)\s+)?"
    r"(?:(?:khoang|tren|hon|gan|tu|toi thieu|it nhat)\s+)?"
)
# A figure's own unit and time, then "và" or a comma: the next figure repeats its measure
_AND_AGAIN = re.compile(
    r"\d\s*(%|[^\d.;]{0,20}?\bdong)(/nam)?[^.;\d]{0,80}?"
    r"\s*(\(?((vao|den|trong)\s+)?(nam|giai doan)\s+[\d\s-]+\)?)?"
    r"\s*(,|va)\s*(khoang |tren |hon |gan |dat |la )?$"
)
_WHEN_ONLY = re.compile(
    r"(/nam)?\s*(\(?((vao|den|trong)\s+)?(nam|giai doan)\s+(19|20)\d\d\b[\d\s-]*\)?)?\s*([,;.]|$)"
)
_ASIDES = re.compile(r"\([^()]*\)|,\s*(?:trong do|trong so do)\b[^;]*")
_PARTS_LISTED = re.compile(r"\b(gồm|trong đó|trong số đó)\b")
_BARE_ITEM = re.compile(r"\s*(gan|hon|tren|khoang|them)?\s*")
_BARE_NORM = re.compile(
    r"\s*(toi da|toi thieu|khong qua|tu)?\s*"
    # (or a case and its ceiling: "…, tối đa 15 triệu đồng/gian hàng; hội chợ ở nước ngoài
    # tối đa 50 triệu đồng/gian hàng")
    r"|[^\d;.:]{0,50}\b(toi da|khong qua|toi da khong qua)\s*"
)
_BARE_SHARE = re.compile(r"\d[^\d()]{1,40}\(\s*((trên|hơn|gần|khoảng|dưới)\s+)?$")
_ESTIMATED = re.compile(r"(?<!\w)(ước|dự báo)(?!\w)", re.IGNORECASE)
# (a dash between two numbers is a range, "10 - 15 HTX", not an item's mark)
_ITEM_BREAK = re.compile(r"[;.!?]\s|(?<!\d)\s[-+•]\s|\s[-+•]\s(?!\d)")
# A city, town or district named in a figure's sentence (its name capitalised), or "thành phố"
# as the subject of what it has, done or reached
_LOCAL_PLACE = re.compile(
    r"\b(?:TP\.?|[Tt]hành phố|[Tt]hị xã|[Hh]uyện|[Qq]uận)\s+(?:[A-ZĐÂĂÊÔƠƯ][^\W\d_]*\s?){1,3}"
    # (not "các huyện, thị xã, thành phố đã …": all of them)
    r"|(?<!xã, )(?<!huyện, )(?<! và )(?<!các )\b[Tt]hành phố (?:có|đã|đạt|còn)\b"
)
_COMPOUND_MONEY = re.compile(r"(?<![\d.,])\d{1,3}\s*t[yi]\s+(\d{1,3})\s*trieu\b")
_OPENING_ESTIMATE = re.compile(r"\W*(?:[^.;:\d]{0,90}?,\s*)?(?:ước|dự kiến|dự ước|dự báo)\b")
_NOW_SAID = re.compile(r"\b(den nay|hien nay|hien tai)\b")
_FRAME_RANGE = re.compile(
    r"\W*(?:[^,.;:]{0,40}\b)?(?:nhiem ky|giai doan)\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b"
)
_BASE_BEFORE = re.compile(
    r"(?P<what>cung ky|ke hoach|so voi)(?: nam)? (?P<year>(?:19|20)\d\d)\s*\(\s*$"
)
# and the base given in an aside: "9 HTX được thành lập mới (cùng kỳ năm 2023 là 7 HTX)"
_BASE_ASIDE = re.compile(
    r"\(\s*(?P<what>cung ky|so voi)(?: nam)? (?P<year>(?:19|20)\d\d)\s*(?:la|:)\s*$"
)
# "giảm so với năm 2022 (28 HTX so với 33 HTX)": the first figure is the year's own, the one
# after "so với" the base's
_COMPARED_NEXT = re.compile(r"\s*so voi\s+(?:nam\s+)?[\d.,]+")
_BASE_SECOND = re.compile(
    r"(?P<what>cung ky|so voi)(?: nam)? (?P<year>(?:19|20)\d\d)\s*\(\s*[\d.,]+[^()\d]{0,25}"
    r"\bso voi\s*$"
)
_TABLE_ROW = re.compile(r"^(.{2,160}?) — (.+)$")
# An item a lead-in lists by letter or number ("a) Quy mô thành viên siêu nhỏ: …;"), as a
# sentence, not a heading ("2. Kết quả"), so the lead-in still speaks for it
_LISTED_ITEM = re.compile(r"\s*([a-zđ]\)|\d{1,2}[.)])\s.*[;.,]$")


def extract_records(article: Article) -> list[Record]:
    """Every quantity-with-unit in the article, with kind, period, indicator and source."""
    out: list[Record] = []
    lead = ""  # a paragraph leading into the next ones ("Mục tiêu đến năm 2025:")
    carried: int | None = None  # the year the text was last talking about, for news pages
    carried_kind: str | None = None  # and whether it was talking about targets or results
    heading_year: int | None = None  # the year of a news page's last subheading
    parent = ""  # the last table row that is not a sub-row
    # the lead-in right above a table ("- Cơ cấu HTX theo lĩnh vực (ước đến cuối năm 2018):"),
    # which speaks for the rows under it as a list's lead-in does for its items
    table_lead = ""
    # An administrative document's lead-in with a cue ("Căn cứ số liệu dự ước cả năm 2019,
    # các chỉ tiêu được thực hiện như sau:") speaks for the kind of what its section and
    # the sections under it list: (its section, its text).
    section_lead = ("", "")
    # A cut-off date an administrative document's section has set in its prose ("Tính đến
    # hết ngày 31/12/2019 cả nước có 24.618 HTX … Số liệu chi tiết như bảng dưới đây:"),
    # which dates a table below that no column, lead-in or heading dates: (section, period)
    cut_off: tuple[str, tuple[int, int, str | None] | None] = ("", None)
    prev = prev_p = None
    parts_of: Record | None = None  # the total a breakdown's items ("Phân theo lĩnh vực:") part
    for p in article.paragraphs:
        if prev is not None and p.section != prev.section and prev.text.strip() != lead:
            lead = ""  # a new section ends the list a lead-in led ("Điều 3. Đối tượng …")
        subheading = p.context.split(" › ")[0] if not p.section else ""
        if subheading and subheading != (prev.context.split(" › ")[0] if prev else ""):
            # a news page's subheading the page reader kept aside ("Ước thực hiện năm 2020"):
            # a new frame, as a subheading read as a passage of its own is
            heading_year = last_year(fold(subheading))
            # (read as ending a sentence: "Số lượng tăng, vượt chỉ tiêu" leads into no figure
            # of the plan's)
            said = f"{subheading.lower()}."
            carried_kind = cue_kind(said, 0, len(said)) or carried_kind
        prev_p, prev = prev, p
        lead_section, lead_text = section_lead
        if p.section and lead_text and not _within(p.section, lead_section):
            section_lead = ("", "")
        row = _TABLE_ROW.match(p.text)
        if row and ": " not in row.group(2):
            row = None  # "X — Y" in prose: no cells read with their column headers
        # A news page's frame (its subheading's year, the year and kind it is talking about)
        # is set by its prose: a table row in it names its columns' years, not the page's.
        # (not the administrative header kept as the first passage: "… BÁO CÁO Tình hình …
        # năm 2023 và kế hoạch năm 2024" names the plan's year, not the year the text is of)
        framing = not p.section and row is None and not _is_header_passage(article, p)
        if p.section and cut_off[1] and not _within(p.section, cut_off[0]):
            cut_off = ("", None)
        if row:
            frame = cut_off[1] if p.section else None
            out.extend(
                row_records(article, p, row.group(1), row.group(2), parent, table_lead, frame)
            )
            if not SUB_ROW.match(fold(row.group(1))):
                parent = row.group(1)  # the row a "- HTX nông nghiệp" below is a part of
        else:
            # Sections give administrative documents their context; news pages have none.
            context = ("", None, None) if p.section else (lead, carried, carried_kind)
            kind_lead = section_lead[1] if p.section else ""
            if p.section and parts_of is not None and BULLET_START.match(p.text):
                # "Tính đến ngày 30/11/2024, toàn tỉnh có 289 HTX …" then "Phân theo lĩnh vực:"
                # and its items "+ Nông nghiệp: 221 HTX;": parts of that total, at its time
                context = (
                    "",
                    (parts_of.period_start, parts_of.period_end, parts_of.period_note),
                    None,
                )
            elif (
                p.section
                and (_OF_WHICH.match(fold(p.text)) or _BREAKDOWN_LEAD.match(fold(p.text)))
                and (before := _last_prose(out, prev_p))
            ):
                # "… đến hết ngày 31/12/2019 cả nước có 24.618 HTX." then a new paragraph
                # "Trong đó, HTX nông nghiệp có 15.495 HTX" or "Phân theo lĩnh vực: + Nông
                # nghiệp: 221 HTX; …": parts of that total, at its time
                context = ("", (before.period_start, before.period_end, before.period_note), None)
                if before.kind == "estimate":
                    # and estimated as it is ("Ước năm 2023, cả nước có 31.200 HTX." then
                    # "Trong đó: HTX nông nghiệp 19.300 HTX"), whatever the section's "Tình hình"
                    kind_lead = prev_p.text
            out.extend(_prose_records(article, p, *context, heading_year, kind_lead, lead))
        if row or not p.section:
            parts_of = None
        elif _BREAKDOWN_LEAD.match(fold(p.text)) and p.text.rstrip().endswith(":"):
            parts_of = _last_prose(out, prev_p)  # its items in the paragraphs below
        elif not BULLET_START.match(p.text):
            parts_of = None
        if p.section and p.text.rstrip().endswith(":") and lead_kind(p.text):
            section_lead = (p.section, p.text)
        text = p.text.strip()
        if framing and len(text.split()) <= 12 and not re.search(r"[.;!?]$", text):
            # a news page's subheading ("Sáu tháng đầu năm 2024: tiếp tục tăng trưởng")
            heading_year = last_year(fold(text))
            carried_kind = cue_kind(text.lower(), 0, len(text))  # a new subheading, a new frame
        if not row:
            table_lead = text if text.endswith(":") else ""
        if text.endswith(":"):
            lead = text
        elif not BULLET_START.match(text) and not _LISTED_ITEM.match(text) and not row:
            lead = ""
        # The year a page is reporting on: the last year it named on its own, not the end of
        # a plan's range ("ước đến cuối năm 2020 … trong 5 năm tới (2020 - 2025)").
        # Only what a paragraph says before its first figure sets the frame: a year after a
        # figure compares ("Lãi bình quân đạt 203,4 triệu; năm 2023 con số này là 200 triệu").
        whole = fold(text)
        first = _first_figure(whole)
        folded_text = RANGE.sub(" ", whole)[:first]
        if p.section and not row:
            said = cut_off_in(folded_text)
            if said or years_in(folded_text):
                cut_off = (p.section, said)  # (a paragraph opening on another year ends it)
        topical = [
            (pos, y)
            for pos, y in years_in(folded_text)
            if not CONTRAST.search(folded_text[max(0, pos - 45) : pos])
        ]
        dates = list(_DATE.finditer(folded_text))  # "đến hết ngày 31/12/2023 cả nước có …"
        if framing and dates and (not topical or dates[-1].end() >= topical[-1][0]):
            carried = _date_period(dates[-1])
        elif framing and topical:
            carried = topical[-1][1]
            if (since := SINCE_NOW.search(folded_text)) and since.end() > topical[-1][0]:
                # "Kết quả hỗ trợ từ năm 2020 đến nay:": a span run up to the present, which
                # the page then speaks of, not the year it started from
                carried = doc_year(article) or carried
        if framing and (span := _FRAME_RANGE.match(whole[:first])):
            # "Trong nhiệm kỳ 2020 - 2025, Liên minh đặt mục tiêu …", a subheading "Một số chỉ
            # tiêu nhiệm kỳ 2020 - 2025": the page now speaks of that term
            carried = (int(span.group(1)), int(span.group(2)), None)
        rest = whole[first:]
        if framing and (now := _NOW_SAID.search(rest)) and not years_in(rest[now.end() :]):
            # "Năm 2004, toàn tỉnh mới có 52 HTX … Đến nay, con số này đã là 280 HTX": the page
            # has come to the present, whatever year it started from
            carried = doc_year(article) or carried
        if framing:
            # like the year, only what a paragraph says before its first figure frames the
            # next ones: "… có 167 HTX. Tổng doanh thu ước đạt 64,2 tỷ" estimates one figure
            # (an approval speaks for its own sentence, not for the page after it)
            said = text.lower().replace("phê duyệt", "phê_duyệt")
            if not BULLET_START.match(text) or text.rstrip().endswith(":"):
                # (a list item's own verb, "- Doanh thu bình quân … ước đạt trên 1,6 tỷ đồng",
                # is its figure's, not the next items')
                cued = cue_kind(said, 0, first)
                if first == len(whole) and cued != "actual" and not text.rstrip().endswith(":"):
                    # a paragraph with no figure ("… tổng kết công tác năm 2024, triển khai
                    # nhiệm vụ năm 2025") plans or estimates nothing the page then reports
                    cued = None
                if cued == "estimate" and not _OPENING_ESTIMATE.match(said):
                    # "Doanh thu trung bình … ước khoảng 1,45 tỷ đồng/HTX": the figure's own
                    # verb; "Ước cả năm 2024, …", "Năm 2024, dự kiến …" estimate what follows
                    cued = None
                carried_kind = cued or carried_kind
    return _in_the_documents_frame(article, out)


def _in_the_documents_frame(article: Article, records: list[Record]) -> list[Record]:
    """What the document as a whole says of its figures: they are a district's (its issuer),
    a credit fund's or the farming cooperatives' (its title)."""
    district = local_issuer(article.issuer)
    funds = credit_funds_only(article.title)
    farming = farming_only(article.title)
    if not (district or funds or farming):
        return records
    out = []
    for r in records:
        if (
            district
            and r.indicator_id != cat.OTHER
            and not r.national
            and r.province == article.province
        ):
            # a district's report or plan: its counts are the district's, no province's
            # indicator (a sentence naming the country or another province keeps its scope)
            r = r._replace(
                indicator_id=cat.OTHER, indicator=sys.intern(f"{r.indicator} ({district})")
            )
        if (
            funds
            and r.subject == "HTX"
            and r.indicator_id in (cat.OTHER, "qtdnd.total")
            and not _ORG_WORD.search(fold(r.text))
        ):
            # a page about a credit fund: what no sentence gives anyone else ("Vốn huy động năm
            # 2020 đạt 18,6 tỷ đồng", "Quỹ có lãi trên 138 triệu đồng") is the funds'
            r = r._replace(subject="quỹ TDND")
        if farming and r.kind != "norm":
            ind_id, label = of_the_farming_ones(r.indicator_id, r.indicator, r.unit, r.text)
            r = r._replace(indicator_id=ind_id, indicator=label)
        out.append(r)
    return out


_DEFINED = re.compile(
    r"(?<![\d.,] )\b(hop tac xa|to hop tac|lien hiep hop tac xa)"
    r" (\((?:htx|tht|lh ?htx)\))(?= (?:phi )?nong nghiep|"
    r" (?:van tai|xay dung|thuong mai|dich vu|cong nghiep|tieu thu cong|thuy san|lam nghiep))"
)
_PEOPLE_COUNTS = frozenset({"htx.members", "tht.members", "htx.workers"})
_PER_YEAR_AVERAGE = re.compile(r"\b(binh quan|trung binh)( moi nam)?\s*(khoang |tren |gan )?$")
_YEARLY_FLOWS = frozenset({"htx.new", "tht.new", "lhhtx.new", "htx.dissolved"})
_CHANGED_SOMEHOW = re.compile(
    r"\b(tang|giam|so voi|so cung ky|thap hon|cao hon|nhieu hon|it hon)\b"
)
_ORG_WORD = re.compile(r"\b(htx|hop tac xa|tht|to hop tac|lien hiep)\b")
_PERCENT_RANGE = re.compile(r"(\d\s?)%(\s*(?:[-–]|đến)\s*\d+(?:,\d+)?\s?%)")
# A lead-in to the parts of a total the paragraph before it gave, listed in items below
_BREAKDOWN_LEAD = re.compile(
    r"\W*(?:phan theo|chia theo|theo|co cau theo) (?:linh vuc|nganh|loai hinh|dia ban|nganh nghe)"
    r"[^:.;\d]{0,40}:"
)
# A paragraph that opens with the parts of a total the one before it gave
_OF_WHICH = re.compile(r"\W*(trong do|trong so do|trong tong so [^,:]{0,40})\s*[,:]")


def _last_of_unit(out: list[Record], unit: str, p: Paragraph) -> list[Record]:
    """The paragraph's last record in `unit` so far, as a list of none or one."""
    return [r for r in out if r.unit == unit and r.paragraph == p.number][-1:]


def _last_prose(out: list[Record], p: Paragraph | None) -> Record | None:
    """The last record read from paragraph `p`, if it gave any."""
    if p is None or not out or out[-1].paragraph != p.number:
        return None
    return out[-1]


def _is_header_passage(article: Article, p: Paragraph) -> bool:
    """Whether a passage is the document's own header (its issuer, number and title)."""
    return (
        p.number == 1
        and bool(article.doc_type)
        and len(article.title) >= 12
        and fold(article.title)[:60] in fold(p.text)
    )


def _reported_year(article: Article) -> int | None:
    """The year an administrative document's title reports on, when it is the year before the
    one it was written in ("Báo cáo kết quả … năm 2019" of 15/01/2020): its "now"."""
    issued = doc_year(article)
    told = last_year(RANGE.sub(" ", fold(article.title)))
    return told if issued is not None and told == issued - 1 else None


def _still_planned(
    kind: str | None, carried: object, since: int | None, year: int | None, issued: int | None
) -> str | None:
    """The kind a page carries over to a figure: not a plan's for a year before the one the
    plan was about ("Mục tiêu đến năm 2030 …" then "So với mốc hơn 27.000 HTX cuối năm
    2021"), nor a result's for a year after the one the page was talking about."""
    planned = carried[1] if isinstance(carried, tuple) else carried
    if kind == "target" and isinstance(planned, int) and year is not None and year < planned:
        return None
    now = planned if isinstance(planned, int) else issued
    if kind == "actual" and now is not None and since is not None and since > now:
        return None  # "Hiện có 95 HTX …" in 2024, then "Năm 2025 thành lập mới 22 HTX": ahead
    return kind


def _clause_start(folded: str, item_lo: int, pos: int) -> int:
    """Where the clause holding `pos` starts: its item, or after a colon within it."""
    colon = folded.rfind(":", item_lo, pos)
    return colon + 1 if colon >= 0 else item_lo


def _within(section: str, outer: str) -> bool:
    """Whether a section path is `outer` or a section under it."""
    return section == outer or section.startswith(outer + " › ")


def sent_lo_of(text: str, pos: int) -> int:
    """Start of the sentence holding `pos`."""
    return text.rfind(". ", 0, pos) + 2 if ". " in text[:pos] else 0


def text_words(text: str, m: re.Match[str]) -> str:
    """The five words before a figure, as its own name."""
    return " ".join(text[max(0, m.start() - 50) : m.start()].split()[-5:]) or "số liệu khác"


def _first_figure(folded: str) -> int:
    """Where a paragraph's first quantity with a unit starts (its length if none)."""
    for m in QUANTITY_RE.finditer(folded):
        if not re.fullmatch(r"(19[5-9]\d|20\d\d)", m.group(1)) and unit_match(folded, m.end()):
            return m.start()
    return len(folded)


# An item that opens with its label: "c) Doanh thu bình quân:", "- Số HTX thành lập mới:"
_LABEL_OPENING = re.compile(r"\s*(?:[a-zđ]\)|\d{1,2}[.)]|[-+•])?\s*[^\W\d][^:;.\d]{2,60}:")


def _is_change(lower: str, item_lo: int, start: int, end: int, unit: str) -> bool:
    """Whether the figure at lower[start:end] is a change: "tăng 10%", not where a rise started
    ("tăng từ 210 HTX năm 2022 lên 265 HTX", a level); or a growth rate's level ("Tốc độ tăng
    doanh thu bình quân của HTX đạt 10%/năm")."""
    rose = _CHANGE.search(lower[max(0, start - 25) : start])
    if rose and not (
        rose.group().rstrip().endswith("từ")
        and re.match(r"[^.;]{0,40}(?<!trở )\b(lên|đến)\b", lower[end:])
    ):
        return True
    return unit == "%" and bool(_GROWTH_RATE.search(lower[item_lo:start]))


def _labelled_from(folded: str, sent_lo: int, item_lo: int, pos: int) -> int | None:
    """Where the label of a later ';' part's sentence or bullet starts, if it opens with one
    (the bullet holding the figure at `pos`: not the label of the bullet before)."""
    bullets = [b.end() for b in BULLET_START.finditer(folded, sent_lo, pos)]
    lo = bullets[-1] - 2 if bullets else sent_lo
    if item_lo <= lo or not (m := _LABEL_OPENING.match(folded, lo)) or m.end() > item_lo:
        return None
    if ":" in folded[item_lo:pos]:
        return None  # the part has a label of its own ("…: 15 HTX; số HTX ngừng hoạt động: 107")
    return lo


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
    heading_year: int | None = None,
    kind_lead: str = "",
    listing: str = "",
) -> list[Record]:
    """A paragraph's records; `lead` frames a news page's list (kind and period), `kind_lead`
    an administrative section's (kind only: its sections give the period); `listing` is the
    lead-in of the list the paragraph is an item of, whatever the document's type."""
    text = p.text
    if re.match(r"\s*Căn cứ\b", text):
        return []  # a legal basis cites documents ("Đề án phát triển 15.000 HTX"): their names
    folded = fold(text)
    if len(folded) != len(text):
        folded = folded[: len(text)].ljust(len(text))
    # "hợp tác xã (HTX) nông nghiệp" reads as "(HTX) hợp tác xã nông nghiệp": an abbreviation
    # defined in passing does not part a name from its sector (the same length, kept in place;
    # not "1.384 tổ hợp tác (THT)", where the name is the count's unit)
    folded = _DEFINED.sub(r"\2 \1", folded)
    lower = text.lower()
    for same in re.finditer(r"\bcũng có\b", lower):
        # "Phú Yên cũng có 206 HTX" folds like "củng cố" (consolidated): keep them apart
        folded = folded[: same.start() + 4] + "_" + folded[same.start() + 5 :]
    section = fold(p.section)
    named = named_cooperatives(text)
    out: list[Record] = []
    last_in_item: dict[int, Record] = {}  # the figure a "đạt 98% kế hoạch" qualifies
    # else an "other" one, when the item has nothing else ("vào GRDP là 1,64%, bằng 91% mục
    # tiêu" is the share's progress, not a guess of its own)
    last_other: dict[int, Record] = {}
    last_any: dict[int, Record] = {}  # the figure a "chiếm 67,6%" is the share of
    last_named: Record | None = None  # the paragraph's last figure of a named indicator
    # "1 tỷ 816 triệu đồng", "241 tỷ 252 triệu đồng": one amount written in two parts
    compound = {c.start(): c for c in _COMPOUND_MONEY.finditer(folded)}
    second_parts = {c.start(1) for c in compound.values()}
    # "tăng 2% - 3%/năm": one range whose ends both carry the unit; read without the first
    # "%" (a space in its place keeps every offset)
    ranged = _PERCENT_RANGE.sub(lambda r: f"{r.group(1)} {r.group(2)}", text)
    for m in QUANTITY_RE.finditer(ranged):
        if m.start() in second_parts:
            continue
        raw = m.group(1)
        if (
            re.fullmatch(r"(19[5-9]\d|20\d\d)", raw)
            and not m.group(2)
            and re.match(COUNTED_AFTER, fold(text[m.end() : m.end() + 20]))
        ):
            continue  # a year, not "thêm 2036 hợp tác xã"
        item_lo, item_hi = _item_start(folded, m.start()), _item_end(folded, m.end())
        found_unit = unit_match(folded, m.end()) or label_unit(folded, item_lo, m)
        if found_unit is None:
            continue
        unit, unit_start, unit_end = found_unit
        if unit in _PLACE_UNITS and not _COOP_WORDS.search(
            folded, _clause_start(folded, item_lo, m.start()), item_hi
        ):
            # "Đến năm 2030 … đạt 72.000 ha", "8 xã đạt chuẩn nông thôn mới": land and places
            # with no cooperative in their clause are the province's, not the sector's
            continue
        unit = unit_in_context(unit, folded[max(0, sent_lo_of(text, m.start())) : m.start()])
        before = folded[: m.start()]
        try:
            lo_v = parse_number(raw)
            hi_v = parse_number(m.group(2)) if m.group(2) else lo_v
        except ValueError:
            continue  # two numbers a bad copy ran together: skipped, not guessed
        if re.search(r"binh quan( cua)?( mot| 01| 1)?\s*$", before[-30:]) and lo_v == 1:
            continue  # "doanh thu bình quân 01 HTX": per cooperative, not a count
        if (parts := compound.get(m.start())) is not None and not m.group(2):
            lo_v = hi_v = round(lo_v + parse_number(parts.group(1)) / 1000, 6)
        if (scale := SCALE.match(folded, m.end())) and unit_start >= scale.end():
            # rounded: 4,1 × 10^6 is 4099999.9999999995 in floating point
            k = SCALES[scale.group(1)]
            lo_v, hi_v = round(lo_v * k, 6), round(hi_v * k, 6)
        sent_lo = max(text.rfind(". ", 0, m.start()) + 2, 0) if ". " in text[: m.start()] else 0
        # the plan's own figure, in brackets after the result measured against it
        # ("vượt chỉ tiêu kế hoạch đề ra (55%)"): no share of plan
        plans_own = bool(PLAN_IN_PARENS.search(lower, sent_lo, m.start()))
        progress = (
            unit == "%"
            and bool(
                _PROGRESS_AFTER.match(lower[m.end() :])
                or _PROGRESS_BEFORE.search(lower[sent_lo : m.start()])
            )
            and not plans_own
        )
        share = (
            unit == "%"
            and bool(
                re.search(
                    r"(chiếm( tỷ lệ)?|bằng|tương đương)( khoảng| trên| gần| hơn)?\s*$",
                    lower[sent_lo : m.start()],
                )
                # "16 HTX yếu kém (9,4%)": a bare share in a parenthesis right after a count
                or (_BARE_SHARE.search(lower[sent_lo : m.start()]) and not progress)
            )
        )
        # "29.378 HTX, tăng 5,4% so với …", "hơn 27.000 HTX, gấp 2,5 lần năm 2001 và tăng
        # khoảng 41%": the change of the figure just before it
        grew = unit in ("%", "lần") and bool(_GREW.search(lower[sent_lo : m.start()]))
        grows = _is_change(lower, item_lo, m.start(), m.end(), unit)
        qualified = (
            (
                last_in_item.get(item_lo)
                or (
                    None
                    if _PARTS_LISTED.search(lower[sent_lo : m.start()])
                    else last_other.get(item_lo)
                )
            )
            if progress
            else last_any.get(item_lo)
            if share or grew
            else None
        )
        # Whose figure: the words up to it and its unit ("tổng số thành viên HTX là 18.778
        # người, còn các tổ hợp tác có 4.385 thành viên": the THT are not the first one's).
        # (and what follows the unit up to the clause's end: "triệu đồng/THT/năm", not "%/năm;
        # của THT tăng 2 - 3%/năm", the next clause's)
        tail = re.split(r"[;,.]\s", folded[unit_end : unit_end + 16] + " ", maxsplit=1)[0]
        own = folded[item_lo:unit_end] + tail
        if not _ORG_WORD.search(own):
            # a clause naming no one is of whom its sentence names: "… diện tích canh tác của
            # các THT là 65.714 ha; vốn góp đạt trên 17,5 tỷ đồng"
            own = folded[sent_lo:unit_end] + tail
        subject = subject_of(unit, own)
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
            # "đã thành lập mới 415 tổ hợp tác, vượt 4% kế hoạch; gần 290 hợp tác xã, …; 4
            # liên hiệp": an item that is only a count shares the sentence's verb
            elliptical = (
                item_lo > sent_lo
                and unit_kind(unit) == "count"
                and _BARE_ITEM.fullmatch(folded, item_lo, m.start())
            )
            # (the items before it read without their parentheses: "235 THT (thành lập mới
            # từ 15 - 20 THT); 700 HTX" are 700 HTX in all)
            # (nor their "trong đó" parts: "có 350 HTX, trong đó thành lập mới 20 HTX; 450
            # THT" are 450 THT in all)
            read = _ASIDES.sub(lambda p: " " * len(p.group()), folded[:item_lo]) + folded[item_lo:]
            ind_id, phrase = indicator_of(
                *(read if elliptical else folded, sent_lo if elliptical else item_lo, m.start()),
                *(unit_start, unit_end, item_hi, unit, subject, section),
            )
            if (
                ind_id == cat.OTHER
                and (label_lo := _labelled_from(folded, sent_lo, item_lo, m.start())) is not None
            ):
                # "c) Doanh thu bình quân: kế hoạch 3,1 tỷ đồng/HTX; ước đạt 3,08 tỷ đồng/HTX":
                # the label before the colon names every part of its item, the later ones too
                # (read with the parts between blanked, so their figures do not speak)
                colon = folded.index(":", label_lo)
                blanked = folded[: colon + 1] + " " * (item_lo - colon - 1) + folded[item_lo:]
                named_id, named_phrase = indicator_of(
                    blanked,
                    label_lo,
                    m.start(),
                    unit_start,
                    unit_end,
                    item_hi,
                    unit,
                    subject,
                    section,
                )
                if named_id != cat.OTHER:
                    ind_id, phrase = named_id, named_phrase
            if part := not_the_indicator(
                folded, sent_lo, item_lo, m.start(), unit_end, item_hi, unit
            ):
                ind_id, phrase = cat.OTHER, part
            if unit == "%" and (
                managers := managers_share(folded, item_lo, sent_lo, m.start(), unit_end)
            ):
                ind_id, phrase = managers  # "40% có trình độ trung cấp", "44% chưa qua đào tạo"
            if (
                ind_id == "htx.agri"
                and unit == "%"
                and not FARM_WORDS.search(folded, item_lo, min(item_hi, unit_end + 60))
            ):
                # "- Tưới tiêu nước: 100%" under "Tỷ lệ HTX làm từng loại dịch vụ": a share of
                # the farming ones doing something, not theirs of all HTX
                ind_id, phrase = cat.OTHER, f"@{item_lo}:{unit_end}"
            ind_id = of_both_earners(ind_id, folded[item_lo : m.start()])
            label = cat.label(ind_id, phrase_text(text, phrase))
            subject = indicator_subject(
                ind_id, unit, subject, folded[sent_lo : unit_end + 8], folded[unit_end:]
            )
            if _THIS_FIGURE.search(lower[sent_lo : m.start()]) and (
                same := [r for r in out if r.unit == unit and not r.change]
            ):
                # "Năm 2017, thu nhập … là 44,6 triệu đồng/người/năm. Đến năm 2019, con số
                # này tăng lên 52,8 triệu đồng": the same indicator, at its own time
                ind_id, label, subject = same[-1].indicator_id, same[-1].indicator, same[-1].subject
            measured = unit_kind(unit) in ("money", "percent")
            if (same := _last_of_unit(out, unit, p)) and (
                # "Năm 2024, lãi bình quân của HTX đạt 320 triệu đồng; năm 2025 phấn đấu đạt
                # 350 triệu đồng": a later part saying only when names what the one before did
                (
                    ind_id == cat.OTHER
                    and measured
                    and item_lo > sent_lo
                    and _ONLY_WHEN.fullmatch(folded, item_lo, m.start())
                    and same[0].indicator_id != cat.OTHER
                )
                # "trên 2,5% số hộ … vào năm 2016 và 7,5% vào năm 2020": the same measure again,
                # at another time (not "60% và 80% HTX nông nghiệp …", which names its own)
                or (
                    measured
                    and _AND_AGAIN.search(folded, sent_lo, m.start())
                    and _WHEN_ONLY.match(folded, unit_end, item_hi)
                )
                # "đạt tỷ lệ 59,6% …, vượt chỉ tiêu kế hoạch đề ra (55%)": the plan for what
                # the result before it measured
                or plans_own
            ):
                # the figure before it in its unit names what this one measures
                ind_id, label, subject = same[0].indicator_id, same[0].indicator, same[0].subject
            if (name := named_at(named, folded, m.start())) is not None:
                # "HTX Thạnh Phong có 149 thành viên": one cooperative's figure, never the
                # province's; kept as "other", named.
                ind_id, label = cat.OTHER, sys.intern(f"{label} ({name})")
                if subject not in ("thành viên", "người lao động"):
                    subject = "THT" if re.match(r"(?i)(tổ hợp tác|tht)", name) else "HTX"
            y0, y1, note = period_of(
                folded,
                sent_lo,
                m.start(),
                section,
                article,
                fold(lead) or lead_frame(kind_lead),
                carried,
            )
            kind = kind_of(
                lower,
                item_lo,
                sent_lo,
                m.start(),
                article,
                y1,
                p.section,
                lead or kind_lead,
                _still_planned(carried_kind, carried, y0, y1, doc_year(article)),
                lower[m.end() : item_hi],
                listing,
            )
            if kind is None:
                continue  # nothing in the text says whether it is a target or a result
            if progress and kind == "target":
                # a share of plan achieved is a result, never a plan: "Chỉ tiêu thành lập mới
                # HTX đạt 104% kế hoạch" (an estimate when the paragraph so far says "ước")
                framing = f"{lead or kind_lead}\n{lower[: m.start()]}"
                kind = "estimate" if _ESTIMATED.search(framing) else "actual"
            if kind == "norm":
                y0 = y1 = note = None  # a rule's amount holds while the rule does
                # ("Mức hỗ trợ tối đa 30 triệu đồng/HTX …; 50 triệu đồng/liên hiệp HTX": a
                # bare amount after ';' is the sentence's level too)
                bare = _BARE_NORM.fullmatch(folded, item_lo, m.start())
                ind_id, phrase = norm_indicator(
                    ind_id, phrase, folded, sent_lo if bare else item_lo, m.start(), unit, subject
                )
                if (
                    ind_id == cat.OTHER
                    and unit_kind(unit) in ("money", "percent")
                    and names_levels(listing or lead or kind_lead, p.section)
                ):
                    ind_id, phrase = "support.amount", None  # an item under "Mức hỗ trợ:"
                label = cat.label(ind_id, phrase_text(text, phrase))
            y0, y1, note = result_by_then(kind, ind_id, y0, y1, note, article)
            yearly = bool(re.match(r"[^,;.]{0,12}/\s*nam\b", folded[unit_end:]))
            if note and yearly:
                note = None  # "600 triệu đồng/năm", "1.200 triệu đồng/năm/HTX": the year's rate
            y0, y1, note = widen_flow(
                ind_id,
                *(y0, y1, note),
                *(folded[sent_lo : m.start()], section, article),
                folded[m.end() : m.end() + 30],  # "6 HTX đã giải thể": a status at the date
                per_year=yearly and grows and unit == "%" and kind == "target",
            )
            y0, y1, note = at_half_end(ind_id, y0, y1, note)  # a level: at the half's end
            if (
                ind_id == cat.OTHER
                and note == "6 tháng đầu năm"
                and unit in COUNT_UNITS
                and last_named is not None
                and (last_named.period_note or "").startswith("đến 30/6")
            ):
                # "nâng tổng số HTX lên 236 HTX; trong đó: + Vận tải: 12 HTX": a part of a
                # level is a level too, at the same date
                y0, y1, note = (
                    last_named.period_start,
                    last_named.period_end,
                    last_named.period_note,
                )
            if (
                kind in ("actual", "estimate")
                and doc_year(article)
                and (
                    y0 is None
                    or (
                        re.search(r"\bhiện\b", lower[sent_lo : m.start()])
                        and not nearest_period(folded[sent_lo : m.start()], article)
                        # nor its own time said right after it ("…; thành lập mới 9 HTX trong
                        # 6 tháng")
                        and not period_right_after(folded, m.start(), article)
                        # a date the paragraph has set still holds ("tính đến tháng 6/2024 …
                        # . Tổng số HTX hiện là 601"), a year of what was done does not
                        # ("Trong năm 2025, … . Các HTX hiện có 88.200 thành viên")
                        and not (nearest_period(folded[: m.start()], article) or (0, 0, None))[2]
                    )
                )
            ):
                # "hiện có 454 HTX": now, as the part of the document it is in sees it (a
                # section reviewing 2016-2020, a news page's "Kết quả nổi bật năm 2023"),
                # else as of the document's date
                now = nearest_period(section, article) if p.section else None
                if now is None and p.section and (told := _reported_year(article)) is not None:
                    now = (told, told, None)  # "Báo cáo kết quả … năm 2019", of 15/01/2020
                if now is None and heading_year is not None and not p.section:
                    now = (heading_year, heading_year, None)
                y0, y1 = now[:2] if now else (doc_year(article), doc_year(article))
                note = None
        base = (
            None
            if kind == "norm" or _COMPARED_NEXT.match(folded, unit_end)
            else _BASE_BEFORE.search(folded, max(0, m.start() - 40), m.start())
            or _BASE_ASIDE.search(folded, max(0, m.start() - 40), m.start())
            or _BASE_SECOND.search(folded, max(0, m.start() - 70), m.start())
        )
        if base:
            # "tăng 6% so với cùng kỳ năm 2023 (576 HTX)", "đạt 70% kế hoạch năm 2024 (30
            # HTX)": the base the figure before was compared with, of its own year and kind
            year = int(base.group("year"))
            if base.group("what") == "ke hoach":
                kind, y0, y1, note = "target", year, year, None
            elif base.group("what") == "cung ky" and y0 is not None and y1 is not None:
                shift = year - y1  # the same part of the year it is compared with
                note = note.replace(str(y1), str(year)) if note else note
                y0, y1 = y0 + shift, year
            else:
                y0 = y1 = year
                note = None
        if y0 is None and kind != "norm":
            continue  # no time the text gives: a figure shown undated would read as current
        if ind_id == "support.amount" and kind != "norm":
            # a support level is a rule's; money planned or paid ("tổng kinh phí hỗ trợ") is not
            ind_id, label = cat.OTHER, label if label != cat.label(ind_id) else text_words(text, m)
        s_end = text.find(". ", m.end())
        national, province = scope_of(article, folded, text, sent_lo, m.start(), s_end)
        if qualified is not None and share and _RATIO.match(lower, unit_end):
            # "bằng 44,8% thu nhập của lao động khu vực doanh nghiệp": a ratio to something
            # else, not a share of the figure before it
            words = " ".join(text[unit_end:].split()[:6]).rstrip(".,;")
            ind_id, label = cat.OTHER, sys.intern(f"{qualified.indicator}, tỷ lệ so với {words}")
        if (
            ind_id != cat.OTHER
            and province
            and province not in CITY_PROVINCES
            and (place := _LOCAL_PLACE.search(text, sent_lo, m.start()))
        ):
            # "TP Vĩnh Long có 3 HTX được thành lập mới", "huyện Đăk Tô …", "thành phố có 19
            # HTX": a city's or district's figure in a province, not the province's indicator
            ind_id, label = cat.OTHER, sys.intern(f"{label} ({place.group().strip()})")
        if (
            unit == "%"
            and ind_id in _PEOPLE_COUNTS
            and not progress
            and not _CHANGED_SOMEHOW.search(folded, item_lo, item_hi)
        ):
            # "20% thành viên là phụ nữ", "chia lãi cho thành viên 1,5%/tháng": a share of the
            # members, or a rate paid them, is no members count (only its change or progress is)
            ind_id, label = cat.OTHER, text_words(text, m)
            if re.match(r"\s*(so |cac )?(htx|hop tac xa)\b", folded[unit_end:item_hi]):
                subject = "HTX"  # "100% HTX tổ chức đại hội thành viên": a share of the HTX
        if (
            ind_id == cat.OTHER
            and unit in ("HTX", "THT")
            and _PER_YEAR_AVERAGE.search(folded, max(sent_lo, m.start() - 25), m.start())
            and re.match(r"\s*/\s*nam\b", folded[unit_end : unit_end + 8])
            and (flows := [r for r in out if r.paragraph == p.number and r.unit == unit])
            and flows[-1].indicator_id in _YEARLY_FLOWS
        ):
            # "thành lập mới 310 HTX (bình quân 62 HTX/năm)": the same flow, per year
            ind_id, label = flows[-1].indicator_id, flows[-1].indicator
        if region := region_of(folded, text, sent_lo, m.start()):
            # a region's figure: "Tây Nguyên có … 1.983 HTX, chiếm 6,7%" (of the country's)
            national, province = False, None
            if share and qualified is not None:
                ind_id, label = cat.OTHER, f"tỷ trọng trong cả nước: {qualified.indicator}"
            label = sys.intern(f"{label} (vùng {region})")
        record = Record(
            article=article.id,
            paragraph=p.number,
            province=province,
            kind=kind,
            period_start=y0,
            period_end=y1,
            period_note=note,
            subject=subject,
            indicator=sys.intern(label),
            value_min=min(lo_v, hi_v),
            value_max=max(lo_v, hi_v),
            qualifier=qualifier_of(before[-40:], folded[m.end() : m.end() + 40]),
            unit=unit,
            text=text[sent_lo : s_end + 1 if s_end != -1 else len(text)].strip(),
            indicator_id=ind_id,
            change=grows,
            progress=progress,
            national=national,
            section=p.section,
        )
        if base:
            out.append(record)  # a comparison's base qualifies none of the figures after it
            continue
        if not progress and not share and ind_id not in (cat.OTHER, "htx.agri"):
            last_named = record  # (a part, farming or not, is of the figure before it)
        if not progress and ind_id not in (cat.OTHER, "htx.agri"):
            last_in_item[item_lo] = record  # a breakdown ("gồm 05 HTX nông nghiệp") is not
        elif not progress and item_lo not in last_in_item:
            last_other[item_lo] = record
        if not progress and not share:
            last_any[item_lo] = record
        out.append(record)
    return out

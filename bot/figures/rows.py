"""A table row's records: one per numeric cell ("Số thành viên — Đơn vị tính: người; Ước TH
2022: 50.000; KH 2023: 53.000"), its column saying kind and period, a decision's "Mức hỗ trợ"
or "Ngưỡng/Mức" column a rule's norm."""

from __future__ import annotations

import re
import sys
from dataclasses import replace

from bot import gazetteer
from bot.corpus import Article, Paragraph
from bot.figures import catalogue as cat
from bot.figures.indicator import FARM_WORDS
from bot.figures.kinds import (
    default_kind,
    expected_this_year,
    lead_kind,
    plan_of_year,
    sets_rules,
)
from bot.figures.numbers import parse_number
from bot.figures.parts import CRITERION, norm_indicator, row_indicator, sector_part
from bot.figures.people import of_both_earners
from bot.figures.periods import (
    DAY_MONTH_YEAR,
    HALF_FLOWS,
    at_half_end,
    day_period,
    doc_year,
    period_of,
    result_by_then,
)
from bot.figures.record import Record
from bot.figures.scope import region_of
from bot.figures.units import (
    NUM,
    SCALE,
    SCALES,
    indicator_subject,
    subject_of,
    unit_after,
    unit_kind,
    unit_match,
)
from bot.text import fold

# --- table rows ---------------------------------------------------------------------------------

_TARGET_COLUMN = re.compile(r"\b(kh|ke hoach|muc tieu|chi tieu|du kien)\b")
_PLAN_YEAR = re.compile(r"\b(kh|ke hoach|uth|u th)\s+(?=(?:19|20)\d\d\b)")
_COLUMN_KIND = [
    # (not a bare "Tỷ lệ (%)": a share of all, not of the plan)
    (
        # ("So sánh ƯTH/KH (%)", "TH/KH (%)": of the plan, not a plan's own column)
        re.compile(
            r"\b(t[yi] le (thuc hien|hoan thanh|dat)|so voi|% so|so (kh|ke hoach))\b"
            r"|\b(u?th|uoc th|thuc hien)\s*/\s*(kh|ke hoach)\b"
            r"|\bso sanh\b.*\b(kh|ke hoach|muc tieu|chi tieu)\b"
        ),
        "progress",
    ),
    (re.compile(r"\b(uoc|uth|u th)\b"), "estimate"),
    (_TARGET_COLUMN, "target"),
    (re.compile(r"\b(th|thuc hien|ket qua|dat|luy ke)\b"), "actual"),
]


def row_records(
    article: Article,
    p: Paragraph,
    label: str,
    cells_text: str,
    parent: str = "",
    lead: str = "",
    frame: tuple[int, int, str | None] | None = None,
) -> list[Record]:
    """A table row's records, one per figure cell; `lead` is the line leading into the table
    ("Cơ cấu HTX theo lĩnh vực (ước đến cuối năm 2018):"), for what the columns do not say,
    `frame` the cut-off date its section's prose set, for when nothing else dates it."""
    pairs = [c.partition(": ") for c in cells_text.split("; ")]
    cells = [(h.strip(), v.strip()) for h, sep, v in pairs if sep]
    unit_cell = next((v for h, v in cells if re.search(r"\b(don vi|dvt)\b", fold(h))), "")
    folded_label = fold(label)
    unit = unit_after(fold(unit_cell)) if unit_cell else None
    if unit is None and (paren := re.search(r"\(([^()]*)\)\s*$", folded_label)):
        unit = unit_after(paren.group(1).strip())  # "Lãi bình quân 01 HTX (triệu đồng)"
    section = fold(p.section)
    # the innermost heading, a table's caption ("Bảng 1. Số HTX theo vùng (ước năm 2023)")
    heading = p.section.rsplit(" › ", 1)[-1]
    caption, caption_lower = fold(heading), heading.lower()
    out: list[Record] = []
    # A national table's row of one region or province ("Tây Nguyên | 2.010") is its own, not
    # the country's
    national, province = article.national, article.province
    if national and region_of(folded_label, label, 0, len(label)):
        national, province = False, None
    elif national and (named := gazetteer.find_provinces(label)):
        national, province = False, named[0].name
    # "Chỉ tiêu | ĐVT | Thời điểm | Số liệu" over "HTX nông nghiệp | HTX | 30/6/2019 | 14.452":
    # the row's own date, for a figure whose column names no time
    row_date = next(
        (
            day_period(*d.groups())
            for h, v in cells
            if _TIME_COLUMN.search(fold(h)) and (d := DAY_MONTH_YEAR.fullmatch(fold(v).strip()))
        ),
        None,
    )
    for at, (header, value) in enumerate(cells):
        # "KH 2024", "ƯTH 2023": a column's plan or estimate of that year (not a plan's number)
        fh = _PLAN_YEAR.sub(r"\1 nam ", fold(header))
        if re.search(r"\b(don vi|dvt|ghi chu)\b", fh):
            continue
        value = _CELL_QUALIFIER.sub("", value.strip())  # "Tối đa 50 triệu đồng/HTX"
        # "So cùng kỳ (%): tăng 4,9", "So với năm 2016: giảm 26,24%": a change, not a level
        changed = _CHANGE_CELL.match(value)
        value = value[changed.end() :] if changed else value
        m = re.fullmatch(rf"({NUM})(?:\s*[-–]\s*({NUM}))?\s*(%?)(.*)", value.strip())
        if not m:
            continue
        own_unit, scale_by, after_unit = None, 1.0, ""
        if m.group(4).strip() and not m.group(3):
            # a cell with its own unit: "10 triệu đồng/sản phẩm", "500 triệu đồng"
            fv = fold(value.strip()).ljust(len(value.strip()))
            if (found := unit_match(fv, m.end(2) if m.group(2) else m.end(1))) is None:
                continue
            own_unit = found[0]
            after_unit = fv[found[2] :]  # "40 triệu đồng/LH HTX": whose level
            if (scale := SCALE.match(fv, m.end(1))) and found[1] >= scale.end():
                scale_by = SCALES[scale.group(1)]
        cell_unit = (
            "%" if m.group(3) or "(%)" in fh else own_unit or unit or _column_unit(fh, folded_label)
        )
        norm = sets_rules(article) and bool(_NORM_COLUMN.search(f"{fh} {folded_label}"))
        column = "norm" if norm else next((k for rx, k in _COLUMN_KIND if rx.search(fh)), None)
        # "Tăng so với năm 2021 | 239" beside "TH năm 2022 | 2.932" (triệu đồng): the row's
        # change, in the row's own unit (a "(%)" header or cell is read as before)
        grown = not changed and not cell_unit == "%" and bool(_GROWTH_COLUMN.match(fh))
        if changed and changed.group().strip() in "-+−–" and cell_unit != "%":
            # "Tăng (+), giảm (-) | +18" beside "Năm 2024 | 476" (HTX): in the row's own unit
            changed, grown = None, True
        # "So sánh 2022/2021 (%)", "KH 2025/Ước TH 2024 (%)": the first column named, as a
        # share of the second: that column's change
        ratio = None if column == "progress" else _YEAR_RATIO.search(fh)
        if ratio and not changed and not grown:
            changed = bool(cell_unit == "%" or "%" in value)
        if changed or grown:
            column = "progress"  # read like a share of plan: of the row, of what was achieved
        if column == "progress" and not grown:
            cell_unit = "%"
        changed = changed or grown
        if cell_unit is None:
            cell_unit = _label_unit(folded_label)
            if cell_unit == "đơn vị" and (counted := _CAPTION_COUNTS.search(caption)):
                # "Bảng 1. Số HTX theo lĩnh vực" over rows of sectors and columns of places:
                # each cell counts what the caption counts
                cell_unit = unit_after(counted.group(1)) or cell_unit
        try:
            lo_n = parse_number(m.group(1))
            hi_n = parse_number(m.group(2)) if m.group(2) else lo_n
        except ValueError:
            continue  # two numbers a bad copy ran together: skipped, not guessed
        lo_v, hi_v = round(lo_n * scale_by, 6), round(hi_n * scale_by, 6)
        # A share of plan ("So với mục tiêu (%)") is of the row's own figure: its indicator is
        # read with the row's unit ("Doanh thu bình quân của 01 tổ hợp tác | triệu đồng"), not
        # as a percentage of whatever the label names.
        row_unit = (
            own_unit or unit or _column_unit(fh, folded_label) if column == "progress" else None
        )
        if (
            (column is None or changed)
            and cell_unit == "%"
            and re.search(r"\bt[yi] (le|trong)\b|\bco cau\b|\bso\b", fh)
        ):
            # "Số HTX: 206; Tỷ lệ (%): 75,18": the row's share, read as the row's count is
            # ("Cơ cấu lao động (%)": of what its own header names)
            named = re.search(r"\b(?:co cau|t[yi] (?:le|trong))\s+([^()]+)", fh)
            own_named = unit_after(named.group(1).strip()) if named else None
            units = (_column_unit(fold(h), folded_label) for h, _ in cells)
            row_unit = (
                own_unit
                or (own_named if own_named not in (None, "%") else None)
                or unit
                or next((u for u in units if u not in (None, "%")), None)
            )
        subject = _row_subject(row_unit or cell_unit, folded_label, section)
        ind_id, phrase = row_indicator(label, row_unit or cell_unit, subject, section, parent)
        ind_id = of_both_earners(ind_id, folded_label)
        if ind_id == "htx.agri" and cell_unit == "%" and not FARM_WORDS.search(folded_label):
            ind_id, phrase = cat.OTHER, label  # "Tưới tiêu nước | 100": a share doing something
        if (
            column is None
            and not _sector_row(folded_label)
            and (named := _header_indicator(fh, folded_label, cell_unit, subject))
        ):
            # "Vùng | Thành lập mới 6 tháng đầu năm 2021 (HTX) | Giải thể … (HTX)": rows of
            # places, the columns name what is counted
            ind_id, phrase = named, None
        y0, y1, note = period_of(fh, 0, len(fh), section, article, fold(lead))
        if frame is not None and (
            y0 is None
            or period_of(fh, 0, len(fh), section, replace(article, title=""), fold(lead))[0] is None
        ):
            y0, y1, note = frame  # (over the title's year: "Kế hoạch … năm 2020" plans ahead)
        if row_date is not None and not re.search(r"\b(19|20)\d\d\b", fh):
            y0, y1, note = row_date
        if y1 is not None and y0 == y1 and (same := _SAME_PART.match(fh)):
            # "Cùng kỳ 2023" beside "TH 9 tháng 2024": the same months of that year
            year = int(same.group(1)) if same.group(1) else y1 - 1
            note = note.replace(str(y1), str(year)) if note else note
            y0 = y1 = year
        if y0 != y1 and re.search(rf"\bden (het |cuoi )?nam {y1}\b", folded_label):
            y0 = y1  # "HTX hoạt động có hiệu quả (đến năm 2025)" in a 2021-2025 column: by then
        if y0 is not None and y0 == y1 and (day := _DAY_OF_YEAR.search(folded_label)):
            # "Số hợp tác xã (31/12)" in a column of 2018: a count at that day of the year
            note = day_period(day.group(1), day.group(2), y1)[2]
        elif (
            y0 is not None
            and y0 == y1
            and (day := _DAY_IN_HEADER.search(fh))
            and int(day.group(3)) == y1
        ):
            # "Số HTX (31/12/2022)": the column's count at that day
            note = day_period(*day.groups())[2]
        if column == "norm":
            # "Mức hỗ trợ: 10 triệu đồng/sản phẩm", "Ngưỡng/Mức: 07" of "Thành viên tối thiểu"
            # (the table's caption too: "TỔNG HỢP ĐỊNH MỨC HỖ TRỢ" says whose levels they are)
            # (and the lead-in above the table: "Mức hỗ trợ cụ thể như sau:" over a "Tối đa" column)
            words = f"{folded_label} {fh} {section} {fold(lead)} "
            ind_id, phrase = norm_indicator(
                ind_id, phrase, words, 0, len(words), cell_unit, subject
            )
            if CRITERION.match(folded_label):
                ind_id = cat.OTHER  # "Giá trị hợp đồng liên kết tối thiểu": a condition's amount
            phrase = label if ind_id == cat.OTHER else None
            kind, y0, y1, note = "norm", None, None, None
        elif column == "progress":
            # A share of plan is of what was achieved: the nearest result or estimate column
            # before it with a figure ("TH đến 30/6/2024: 11; Tỷ lệ so với KH (%): 31,4"),
            # of its kind and period.
            before = cells[:at]
            if ratio:
                before = [(h, v) for h, v in before if ratio.group(1) in h] or before
            achieved = [
                (k, h)
                for h, v in before
                if re.match(r"\d", v)
                for k in [next((k for rx, k in _COLUMN_KIND if rx.search(fold(h))), None)]
                # (a ratio's first column may be a plan's: "KH 2025/Ước TH 2024 (%)")
                if k in ("actual", "estimate") or (ratio and k == "target")
            ]
            if changed and not achieved:
                # "Năm 2021: 193; So với năm 2016: không đổi": of the figure before it, not
                # of the year it is compared with
                achieved = [(None, h) for h, v in before if re.match(r"\d", v)][-1:]
            kind = achieved[-1][0] if achieved else "actual"
            if achieved:
                fa = _PLAN_YEAR.sub(r"\1 nam ", fold(achieved[-1][1]))  # "KH 2025" as above
                framing = fold(lead) if changed else ""  # read as the level's own cell is
                y0, y1, note = period_of(fa, 0, len(fa), section, article, framing)
                if y0 is None and frame is not None:
                    y0, y1, note = frame  # (as the level's own cell has it)
            if kind is None:  # a plain column: its kind as its own cell's would be read
                kind = (lead_kind(re.sub(r"[()]", " ", lead)) if lead else None) or default_kind(
                    article, y1, p.section
                )
        else:
            # (its parentheses read too: "(ước đến cuối năm 2018):" is what it says of them)
            kind = column or (lead_kind(re.sub(r"[()]", " ", lead)) if lead else None)
            if kind is None and y1 is not None and _beside_a_target(cells, at, y1, article):
                kind = "actual"  # "Năm 2021: trên 370; Mục tiêu 2025: -" in a report of 2021
            kind = kind or default_kind(article, y1, p.section, note)
            if not column and (
                expected_this_year(caption_lower, y1, article)
                or lead_kind(re.sub(r"[()]", " ", caption_lower)) == "estimate"
            ):
                # under "Bảng 1. Số lượng HTX dự kiến đến 31/12/2021", "Bảng 1. Số lượng HTX
                # theo vùng (ước năm 2023)"
                kind = "estimate"
            if kind == "actual" and _ESTIMATED_ROW.search(folded_label):
                kind = "estimate"  # "Doanh thu bình quân 01 HTX (ước) | Tỷ đồng | 1,58"
        if kind in ("actual", "estimate") and re.match(r"(ho tro|kinh phi|vay)\b", folded_label):
            # "Hỗ trợ thành lập mới HTX | 71 | 1.100", "Vay Quỹ hỗ trợ phát triển HTX | 26":
            # the HTX supported or lent to and the money, not the province's HTX.
            ind_id, phrase = cat.OTHER, f"{label} ({header})"
        if ind_id == "support.amount" and kind != "norm":
            ind_id, phrase = cat.OTHER, f"{label} ({header})"  # "Thành tiền: 200 triệu đồng"
        y0, y1, note = at_half_end(ind_id, y0, y1, note)
        y0, y1, note = result_by_then(kind, ind_id, y0, y1, note, article)
        if note and note.startswith("đến 30/6") and ind_id in HALF_FLOWS:
            # "TH đến 30/6/2024" of new HTX or of an average revenue: the half-year's
            y0, y1, note = y1, y1, "6 tháng đầu năm"
        if y0 is None and kind == "actual" and (issued := doc_year(article)) is not None:
            y0 = y1 = issued  # a result no column, heading or lead-in dates: as of the document
        if kind is None or (y0 is None and kind != "norm"):
            continue  # no column, heading or year says when or whether planned
        out.append(
            Record(
                article=article.id,
                paragraph=p.number,
                province=province,
                kind=kind,
                period_start=y0,
                period_end=y1,
                period_note=note,
                subject=indicator_subject(
                    ind_id, row_unit or cell_unit, subject, folded_label, after_unit
                ),
                indicator=sys.intern(cat.label(ind_id, phrase)),
                value_min=min(lo_v, hi_v),
                value_max=max(lo_v, hi_v),
                qualifier=None,
                unit=cell_unit,
                text=p.text,
                indicator_id=ind_id,
                change=bool(changed),
                progress=column == "progress" and not changed,
                national=national,
                section=p.section,
            )
        )
    return out


_DAY_IN_HEADER = re.compile(
    r"\((?:tai thoi diem |den |tinh den )?(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\)"
)
_SAME_PART = re.compile(r"\s*cung ky(?: nam)?(?: ((?:19|20)\d\d)\b|\s*$|\s*\()")
_YEAR_RATIO = re.compile(r"\b((?:19|20)\d\d)\s*/\s*(?:[a-z]+\s+){0,3}(?:19|20)\d\d\b")
# A column of the day each row's figure is at (not "Ngày thành lập": a named HTX's founding)
_TIME_COLUMN = re.compile(r"\b(thoi diem|thoi gian|tinh den|den ngay)\b")
# A rule's column or row in a decision's table: "Mức hỗ trợ", "Tỷ lệ hỗ trợ", "Ngưỡng/Mức",
# "Thành viên tối thiểu"
_NORM_COLUMN = re.compile(r"\b(muc ho tro|t[yi] le ho tro|nguong|dinh muc|toi thieu|toi da)\b")

_GROWTH_COLUMN = re.compile(r"(?:tang|giam|tang/giam|tang, giam)(?: them)? so (?:voi|cung ky)\b")
_ESTIMATED_ROW = re.compile(r"\((?:uoc|uoc tinh|uoc dat|uoc thuc hien)\b")
_DAY_OF_YEAR = re.compile(r"\((?:tai thoi diem |den )?(\d{1,2})/(\d{1,2})\)")
_CHANGE_CELL = re.compile(
    r"(?:tăng|giảm)\s+(?=\d)|[-+−–]\s?(?=\d)", re.IGNORECASE
)  # "giảm 69,2%", "-37,5"
_CELL_QUALIFIER = re.compile(
    r"^(?:tối đa|tối thiểu|không quá|khoảng|trên|dưới|gần|hơn)\s+(?=\d)", re.IGNORECASE
)


def _header_indicator(folded_header: str, folded_label: str, unit: str, subject: str) -> str | None:
    """The indicator a column header names when the row's label names none (a place)."""
    kinds = [i for i in cat.catalogue().values() if i.unit == unit_kind(unit)]
    if not kinds or cat.nearest(folded_label, 0, len(folded_label), list(cat.catalogue().values())):
        return None
    found = cat.nearest(folded_header, 0, len(folded_header), kinds)
    return cat.for_subject(found[0].id, subject) if found else None


def _beside_a_target(cells: list[tuple[str, str]], at: int, year: int, article: Article) -> bool:
    """Whether a plain column of a year gone by or the present stands beside a target column
    ("Năm 2021 | Mục tiêu 2025"): what was, set against what is aimed at, under whatever
    heading ("II. Mục tiêu đến năm 2025 › Bảng chỉ tiêu") the table sits."""
    issued = doc_year(article)
    if issued is None or year > issued or (year == issued and plan_of_year(article, year)):
        return False
    return any(j != at and _TARGET_COLUMN.search(fold(h)) for j, (h, _) in enumerate(cells))


_NAMES_SUBJECT = re.compile(r"\b(hop tac xa|htx|to hop tac|tht|lien hiep|qtdnd|quy tin dung)\b")
_CAPTION = re.compile(r"\W*(bang|bieu|phu luc)\b")


def _row_subject(unit: str, folded_label: str, section: str) -> str:
    """Whose a row's figure is: what its label names ("Doanh thu bình quân 01 HTX"), else
    its table's caption ("Biểu 1. Chỉ tiêu chủ yếu phát triển hợp tác xã năm 2023"), else
    the headings above (a caption at the end of "b) Liên hiệp hợp tác xã" is the plan's
    table, not the item's)."""
    caption = section.rsplit(" › ", 1)[-1]
    for words in (folded_label, caption if _CAPTION.match(caption) else ""):
        if _NAMES_SUBJECT.search(words):
            return subject_of(unit, words)
    return subject_of(unit, f"{folded_label} {section}")


def _sector_row(folded_label: str) -> bool:
    """A row of a sector ("Nông, lâm, ngư nghiệp", "Vận tải"): its own part of what the
    column counts, never all of it."""
    return sector_part(folded_label.strip(" -+•*")) is not None


def _column_unit(folded_header: str, folded_label: str) -> str | None:
    """The unit a column header gives: "Kinh phí (triệu đồng)", "Số HTX/người được hỗ trợ"
    (HTX, or people when the row is about people)."""
    if m := re.search(r"\(([^()]*)\)", folded_header):
        if found := unit_after(m.group(1).strip()):
            return found
    if m := re.match(r"(?:so|tong so)\s+(.+)", folded_header):
        options = [u for part in m.group(1).split("/") if (u := unit_after(part.strip()))]
        people = [u for u in options if u in ("người", "thành viên")]
        if people and re.search(r"\b(can bo|nguoi|lao dong|thanh vien)\b", folded_label):
            return people[0]
        return options[0] if options else None
    return None


_CAPTION_COUNTS = re.compile(
    r"^\W*(?:bang|bieu)\b[^›]{0,12}?\b(?:so|tong so|so luong) "
    r"(hop tac xa|htx|to hop tac|tht|lien hiep htx|quy tin dung nhan dan)\b"
)
_COUNTED_FIRST = re.compile(
    r"(?:tong )?(?:so )?(?:luong )?(hop tac xa|htx|to hop tac|tht|lien hiep hop tac xa"
    r"|lien hiep htx|quy tin dung nhan dan|thanh vien|xa vien|to vien|lao dong)\b"
)


def _label_unit(folded_label: str) -> str:
    """The unit of a bare cell from its row's label: the thing it counts, named first ("HTX
    đang hoạt động", "Tổng số tổ hợp tác"), else its last word ("Sản phẩm OCOP"); never the
    "động" of "hoạt động"."""
    if m := _COUNTED_FIRST.match(folded_label.strip()):
        return unit_after(m.group(1)) or "đơn vị"
    words = folded_label.split()
    if words[-2:] == ["hoat", "dong"]:
        return "đơn vị"
    return unit_after(words[-1]) or "đơn vị"

"""A figure's period: a year, a range, "đến năm 2030", a date ("đến 30/6/2022"), a quarter,
a month or a half-year, from its sentence, the paragraph so far, a list's lead-in, the section
or the title."""

from __future__ import annotations

import itertools
import re

from bot.corpus import Article
from bot.figures.units import QUANTITY_RE, unit_match
from bot.text import fold

# Not a count that looks like a year: "tương ứng thêm 2036 hợp tác xã"
COUNTED_AFTER = r"(?!\s*(hop tac xa|htx|tht|to hop tac|lien hiep|thanh vien|nguoi|lao dong)\b)"
# (not a legal document's number: "Nghị định 45/2021/NĐ-CP", "18/2022/QĐ-UBND")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)(?!/[^\W\d])" + COUNTED_AFTER)
# "2021 - 2025", "từ năm 2016 đến năm 2020"
RANGE = re.compile(
    r"(?<!\d)(20\d\d)(?:\s*[-–]\s*|(?<=tu nam \d{4}) den (?:het )?nam )(20\d\d)(?!\d)"
)
# Day, month and year as documents write them: "30/6/2022", "30/06/2022", "30-6-2022" and
# "30 tháng 6 năm 2022" (the header's way, used in the body too).
_D_M = r"(\d{1,2})(?:\s*[/.-]\s*|\s+thang\s+)(\d{1,2})"
_M_Y = r"(?:\s*[/.-]\s*|\s+nam\s+)(20\d\d)"
_DATE = re.compile(
    r"(tinh den|den|luy ke den|thoi diem|tai thoi diem)\s*(?:het\s*)?(?:ngay\s*)?" + _D_M + _M_Y
)
DAY_MONTH_YEAR = re.compile(_D_M + _M_Y)  # a date alone: a table cell's "30/6/2019"
_BY_YEAR = re.compile(
    r"(?<!tu nam \d{4} )\b(?:den|toi) (?:het |cuoi )?nam (20\d\d)(?!\s*[-–]\s*20)"
)
_QUARTER = re.compile(r"(den (?:het )?)?\bquy (iv|iii|ii|i)(?:\s*[/-]\s*|\s+nam\s+)(20\d\d)")
_NOW = re.compile(r"\b(?:luy ke |tinh )?den nay\b")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTH = re.compile(r"\bthang (\d{1,2})" + _M_Y)
_MONTH_TO = re.compile(r"\b(?:tinh den|den) (?:het |cuoi )?thang (\d{1,2})" + _M_Y)
# The months of a year so far, other than its half: "9 tháng đầu năm 2022", "Chín tháng đầu
# năm", "trong 10 tháng năm 2023" (a report's figures to the end of that month).
_MONTH_WORDS = {"hai": 2, "ba": 3, "bon": 4, "nam": 5, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
_MONTHS_SO_FAR = re.compile(
    r"\b(muoi mot|11|10|[2-57-9]|hai|ba|bon|nam|bay|tam|chin|muoi)\s*(?:thang|t)\s*(?:dau )?"
    r"(?=nam\b|/?\s*20\d\d)(?:nam)?\s*/?\s*(20\d\d)?"  # "10 tháng năm 2023", "TH 9T/2022"
)
_WHOLE_YEAR = re.compile(r"\bca nam(?:\s+(20\d\d))?\b(?!\s*(?:nay|qua)\b)")
_HALF = re.compile(r"(?:(?:6|sau) thang|nua) (dau|cuoi) nam(?:\s*(20\d\d))?")
# A half-year column or caption: "6T/2018", "6 tháng/2018", "6TĐN 2018".
_HALF_SHORT = re.compile(r"\b6\s*(?:t|th|thang|tdn)\s*[/ ]\s*(20\d\d)\b")
_NOT_PERIOD = re.compile(
    # "so với thời điểm cuối năm 2018", "cao hơn mức 33% tại thời điểm cuối năm 2023"
    r"(so voi( cung ky)?|so voi (?!ke hoach|chi tieu|muc tieu)[^.;\d]{0,30}"
    r"|(cao|thap|nhieu|it) hon\b[^.;]{0,40}|cung ky|luat (htx|hop tac xa)"
    r"|ngay \d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]?|ngay \d{1,2} thang \d{1,2}"
    # a comparison's base ("cao hơn năm 2022 là 354 triệu"), a plan a share is of ("bằng
    # 52,7% kế hoạch năm 2024; lợi nhuận … 183 triệu" is the half-year's)
    r"|(cao|thap|nhieu|it) hon|%\s*(so voi\s*)?(ke hoach|chi tieu|muc tieu)"
    r"|gap [\d,.]+ lan( so voi)?)\s*(nam\s*)?$"  # "gấp 8,2 lần năm 2002": the base
    # "Đề án 1958", "Quyết định số 1804": a document's number, not a year (not "Kế hoạch
    # năm 2024")
    r"|\b(de an|quyet dinh|nghi quyet|nghi dinh|ke hoach|chuong trinh|chi thi|thong bao"
    r"|cong van|qd|nq|kh)( so)?\s*$"
)


def years_in(text: str) -> list[tuple[int, int]]:
    """(position, year) of years that can be a figure's period."""
    return [
        (m.start(), int(m.group(1)))
        for m in _YEAR.finditer(text)
        if not _NOT_PERIOD.search(text[max(0, m.start() - 60) : m.start()])
    ]


def period_of(
    folded: str,
    lo: int,
    start: int,
    context: str,
    article: Article,
    lead: str = "",
    carried: int | tuple[int, int, str | None] | None = None,
) -> tuple[int | None, int | None, str | None]:
    """(start year, end year, note) of a figure: a date or half-year in its sentence, a year
    or range before it, else the section's year, else the title's, else none."""
    sentence = folded[lo:start]
    if items := list(BULLET_START.finditer(folded, lo, start)):
        # "- Đến năm 2025 nâng tổng số lên 2.498 HTX; - Doanh thu bình quân đạt 3,525 tỷ": a
        # bullet's time is its own or its lead-in's, not its siblings'
        bounds = [m.start() for m in items] + [start]
        # (and a bullet that opens with a cut-off date frames the ones after it: "- Tính đến
        # tháng 10/2022, toàn tỉnh có 770 HTX; - Tổng số thành viên đạt 34.350")
        leads = [  # "- Kết quả xếp loại năm 2022: + Loại tốt …": a bullet that leads sub-items
            folded[a:b]
            for a, b in itertools.pairwise(bounds[:-1])
            if folded[a:b].rstrip(" ;").endswith(":")
            or _CUT_OFF.match(folded, a, b)
            or _HALF.search(folded, a, b)  # "+ Doanh thu 6 tháng đầu năm …; + Lợi nhuận …"
        ]
        sentence = " ".join(
            [folded[lo : items[0].start()], *leads, folded[items[-1].start() : start]]
        )
    # "38 HTX thành lập mới (năm 2023: 31 HTX); 9 HTX giải thể": an aside that states a
    # figure of its own time gives that time to nothing after it
    sentence = _ASIDE.sub(lambda m: " " * len(m.group()) if _own_figure(m) else m.group(), sentence)
    if (said := period_right_after(folded, start, article)) is not None:
        # "tăng từ 74 triệu đồng năm 2003 lên 240,5 triệu đồng năm 2018", "6 - 7%/năm giai
        # đoạn 2022 - 2030", "15 THT trong 6 tháng": the time said right after a figure and
        # its unit is the figure's own, whatever came before
        return said
    if (then := _THEN.search(sentence)) and (named := _last_named(sentence[: then.start()])):
        # "so với năm 2020 (khi đó có 359 HTX)", "(tháng 02/2017), khi đó cả nước có …": the
        # time just named, even as a comparison's base
        return named
    # "tăng từ 980 HTX (năm 2013) lên 1.150 HTX": the year said with the figure it rose from
    # is that figure's, not the one it rose to
    sentence = _ROSE_FROM.sub(lambda m: m.group()[: m.start(1) - m.start()], sentence)
    if found := nearest_period(sentence, article):
        return found
    clause = re.match(r"(?:[^.;:]|\.(?=\d)){0,120}", folded[start:]).group()
    if (m := _BY_YEAR.search(clause)) and int(m.group(1)) > (doc_year(article) or 9999):
        # "phê duyệt Đề án phát triển 15.000 HTX … hoạt động có hiệu quả đến năm 2020"
        return int(m.group(1)), int(m.group(1)), None
    own = re.match(r"(?:[^,;.]|[.,](?=\d)){0,80}", folded[start:]).group()
    if (m := _AT_YEAR_END_AFTER.search(own)) and not _NOT_PERIOD.search(own[: m.start()]):
        # "So với mốc hơn 27.000 HTX và gần 6 triệu thành viên cuối năm 2021": the time a
        # figure (or the list it ends) is said at, right after it
        return int(m.group(1)), int(m.group(1)), None
    # The time frame set earlier in the paragraph carries over ("Tính đến 31/12/2023, … .
    # Doanh thu bình quân một HTX là 1,3 tỷ đồng").
    earlier = intro(folded, lo)
    if m := _DATE.search(earlier):
        return _date_period(m)
    if (m := _QUARTER.search(earlier)) and m.group(1):
        return _quarter_period(m)
    if (m := _HALF.search(earlier)) and m.group(2):
        return _half_period(m, int(m.group(2)))
    if (m := _MONTHS_SO_FAR.search(earlier)) and m.group(2):
        return _months_period(m, int(m.group(2)))
    if (m := list(_MONTH_TO.finditer(earlier))) and m[-1].end() > len(earlier) - 200:
        return _month_period(m[-1])  # "tính đến tháng 6/2024 …. Tổng số HTX … là 601 HTX"
    if (
        (said := list(_NOW.finditer(earlier)))
        and not years_in(earlier[said[-1].end() :])
        and (now := doc_year(article)) is not None
    ):
        # "Đến nay, toàn tỉnh có trên 500 HTX …. Doanh thu bình quân của một HTX đạt 1,7 tỷ
        # đồng/năm": as of the present the paragraph has come to ("Từ năm 2016 đến nay, …":
        # the span run up to it)
        since = [m for m in SINCE_NOW.finditer(earlier) if m.end() == said[-1].end()]
        return (_since_now(since[0], article) if since else None) or (now, now, None)
    ranges = list(RANGE.finditer(earlier))
    if (
        ranges
        and ranges[-1].end() >= len(earlier) - 200
        and not years_in(earlier[ranges[-1].end() :])
    ):
        # "giai đoạn 2002 - 2021 cả nước có … . Cùng giai đoạn, có 21 liên hiệp HTX …"
        return int(ranges[-1].group(1)), int(ranges[-1].group(2)), None
    if year := last_year(_SINCE.sub(" ", earlier)):
        # (not a "since": "HTX bắt đầu hoạt động từ năm 2020 … . HTX đã có 6 sản phẩm" is now)
        return year, year, None
    if lead:
        if (m := SINCE_NOW.search(lead)) and (span := _since_now(m, article)) is not None:
            return span  # "Kết quả hỗ trợ từ năm 2020 đến nay:", in 2024
        found = period_of(lead, 0, len(lead), "", _NO_ARTICLE)
        if found[0] is not None:
            return found
    after = folded[start : start + 60]
    if m := RANGE.search(after):
        return int(m.group(1)), int(m.group(2)), None
    if carried is not None and (
        last_year(context) is None
        # (a date within the section's year is the more exact: "Tính đến ngày 30/9/2019 …"
        # then "Phân theo lĩnh vực: …" under "Kết quả năm 2019")
        or (isinstance(carried, tuple) and carried[2] and carried[1] == last_year(context))
    ):
        # the year (or date) the page was last talking about
        return carried if isinstance(carried, tuple) else (carried, carried, None)
    title = fold(article.title)
    if not years_in(context):
        # above every heading of "Báo cáo tình hình … năm 2023 và kế hoạch năm 2024", or
        # under one that names no year ("2. Về doanh thu"): the year reported on, not the
        # plan's
        title = reported_part(title)
    for text in (context, title):
        if m := _DATE.search(text):  # "Bảng 1: Số lượng tổ chức … đến 18/8/2020"
            return _date_period(m)
        if (m := _HALF.search(text)) and m.group(2):  # a half-year report's figures
            return _half_period(m, int(m.group(2)))
        if (m := _MONTHS_SO_FAR.search(text)) and m.group(2):  # "Báo cáo 9 tháng đầu năm"
            return _months_period(m, int(m.group(2)))
        if m := _MONTH_TO.search(text):  # "Biểu 01. Số lượng HTX (đến hết tháng 6/2019)"
            return _month_period(m)
        if (m := _FROM_NOW.search(text)) and (span := _from_now(m, article)) is not None:
            return span  # "Hỗ trợ giai đoạn từ nay đến năm 2020" heading a plan's money
        if m := list(RANGE.finditer(text)):
            if (year := last_year(RANGE.sub(" ", text))) == int(m[-1].group(2)):
                # "Tình hình … năm 2021, kết quả giai đoạn 2015 - 2021": a figure that names
                # no time is of the year the span ends in, where the report stands
                return year, year, None
            return int(m[-1].group(1)), int(m[-1].group(2)), None
        if year := last_year(text):
            return year, year, None
    return None, None, None


_PLAN_PART = re.compile(
    r"(?:[,;]|\bva\b)\s*(?:(?:de ra|trien khai|xay dung)\s+)?"
    r"(?:phuong huong|ke hoach|nhiem vu|muc tieu)\b[^;]*?\bnam 20\d\d\b.*$"
)


def reported_part(title: str) -> str:
    """A folded title without the plan it adds after what it reports ("tình hình … năm 2023
    và kế hoạch năm 2024" → "tình hình … năm 2023"), when a year comes before that plan."""
    m = _PLAN_PART.search(title)
    return title[: m.start()] if m and years_in(title[: m.start()]) else title


# (or in parentheses: "lên 50 triệu đồng/người (năm 2021)")
_RIGHT_AFTER = re.compile(
    r"(?:/[a-z]+)*\s+(?:(?:trong |vao )?nam (20\d\d)\b(?!\s*[-–]\s*\d)|\(nam ((?:19|20)\d\d)\))"
)


_SPAN_RIGHT_AFTER = re.compile(
    r"(?:/[a-z]+)*\s+\(?(?:trong )?(?:ca )?(?:giai doan|thoi ky) (20\d\d)\s*[-–]\s*(20\d\d)\b"
)
_ROSE_FROM = re.compile(
    r"\btu [\d.,]+ [^\d();,.]{1,30}?(\s*\(nam (?:19|20)\d\d\)|\s+nam (?:19|20)\d\d)"
    r"(?=\s*(?:len|den|thanh)(?: (?:muc|con))?\s*$)"
)


def period_right_after(folded: str, start: int, article: Article) -> Period | None:
    """The year, span or half-year right after the figure at `start` and its unit ("74 triệu
    đồng năm 2003", "7%/năm giai đoạn 2022 - 2030", "15 THT trong 6 tháng")."""
    if (q := QUANTITY_RE.match(folded, start)) is None:
        return None
    found = unit_match(folded, q.end())
    if found is None or found[0] == "lần":
        return None  # "gấp 1,6 lần năm 2011": the base of a ratio
    if m := _RIGHT_AFTER.match(folded, found[2]):
        year = int(m.group(1) or m.group(2))
        return year, year, None
    if m := _SPAN_RIGHT_AFTER.match(folded, found[2]):
        return int(m.group(1)), int(m.group(2)), None
    if (m := _HALF_RIGHT_AFTER.match(folded, found[2])) and (
        half := _first_half(folded, m.start(1), folded[:start], article)
    ):
        return half
    return None


_HALF_RIGHT_AFTER = re.compile(r"\s+(?:trong |cua )?(6 thang)\b")
# "6 tháng" alone ("thành lập mới 15 THT trong 6 tháng", "Doanh thu … 6 tháng ước đạt"): the
# first half, in a document about it; not "6 tháng cuối năm", "6 tháng tới", "6 tháng còn lại"
_BARE_HALF = re.compile(r"\b6 thang\b(?! (?:dau|cuoi|toi|tiep|con lai|nua|sau|/))")


def _first_half(folded: str, at: int, before: str, article: Article) -> Period | None:
    """The first half-year a bare "6 tháng" at folded[at:] names: in a document whose title is
    about the first half, of the year said before it or the title's."""
    titled = _HALF.search(fold(article.title))
    if not _BARE_HALF.match(folded, at) or titled is None or titled.group(1) != "dau":
        return None
    year = last_year(before) or (int(titled.group(2)) if titled.group(2) else doc_year(article))
    return (year, year, "6 tháng đầu năm") if year else None


_SINCE = re.compile(r"\btu (?:nam )?(?:19|20)\d\d\b(?!\s*[-–]|\s*den)")

_FLOWS = {"htx.new", "tht.new", "lhhtx.new", "htx.dissolved", "htx.new_members"}
# What is counted over a half-year when said "đến 30/6": the flows and the averages of its
# business ("Doanh thu bình quân … ước đạt 1,42 tỷ đồng" after "Đến 30/6/2024, …")
HALF_FLOWS = {*_FLOWS, "htx.revenue_avg", "htx.profit_avg", "tht.revenue_avg", "tht.profit_avg"}


def widen_flow(
    ind_id: str,
    y0,
    y1,
    note,
    sentence: str,
    section: str,
    article: Article,
    after: str = "",
    per_year: bool = False,
) -> tuple[int | None, int | None, str | None]:
    """'Đến năm 2025 thành lập mới 100 HTX' in a 2021–2025 programme counts the new HTX of
    the whole period: a flow up to the programme's last year spans the programme, and so does
    a yearly rate ("tăng 4 - 5%/năm"), under a heading "Mục tiêu … đến năm 2025" too; new HTX
    "đến 30/6" are those of the first half-year, "đến 31/12" those of the year."""
    if (
        ind_id in HALF_FLOWS
        and note in (f"đến 30/6/{y1}", f"đến 31/12/{y1}")
        and not re.match(r"\W*(htx|hop tac xa|tht|to hop tac)?\s*da\b", after)
        # (an average's change against another year compares its level at the date: "Doanh
        # thu bình quân … đến quý II/2020 tăng 0,51 tỷ đồng so với năm 2011")
        and (ind_id in _FLOWS or not re.search(r"\bso voi\b", after))
    ):
        return y0, y1, "6 tháng đầu năm" if note.startswith("đến 30/6") else None
    if (ind_id not in _FLOWS and not per_year) or y0 != y1 or y1 is None:
        return y0, y1, note
    said = bool(re.search(r"den nam", sentence))
    if not said and re.search(rf"\bnam {y1}\b", sentence):
        return y0, y1, note  # "Năm 2025, thành lập mới 40 HTX": that year's own
    issued = doc_year(article)
    for text in (section, fold(article.title)):
        for m in RANGE.finditer(text):
            # (otherwise, a year the heading or the page's frame gave only in the programme
            # itself, issued as it opens, not in a mid-term review that quotes its aims)
            if int(m.group(2)) == y1 and (said or (issued and issued <= int(m.group(1)))):
                return int(m.group(1)), y1, note
    return y0, y1, note


# Levels (a count or amount at a moment), as opposed to flows over a period: in a half-year
# report the level is at 30/6 ("đến 30/6/2018"), the flow is of the half-year.
_STOCKS = {
    "htx.total",
    "htx.active",
    "htx.agri",
    "htx.members",
    "htx.workers",
    "htx.capital",
    "qtdnd.total",
    "lhhtx.total",
    "lhhtx.member_htx",
    "tht.total",
    "tht.members",
    # how many HTX are in chains, use high tech, are effective: a count at a moment too
    "htx.value_chain",
    "htx.hightech",
    "htx.effective",
}


def result_by_then(kind, ind_id: str, y0, y1, note, article: Article):
    """A result is not of a year after the document's: a "Thực trạng" section of a plan "đến
    năm 2020" written in 2019 speaks of 2019, and a level in the review part of a plan for
    2021-2025 written in 2021 is of 2021, not of the plan's range (a flow keeps its range)."""
    issued = doc_year(article)
    if kind != "actual" or not y0 or issued is None:
        return y0, y1, note
    if y0 > issued or (y1 and y1 > issued and y0 < y1 and ind_id not in _FLOWS):
        return issued, issued, None
    return y0, y1, note


def at_half_end(ind_id: str, y0, y1, note) -> tuple[int | None, int | None, str | None]:
    """A level said of a half-year ("6 tháng đầu năm 2018 … 21.212 HTX đang hoạt động") is
    the level at its end: 30/6 (31/12 for the second half)."""
    if ind_id in _STOCKS and y1 is not None and note in ("6 tháng đầu năm", "6 tháng cuối năm"):
        return y1, y1, f"đến {'30/6' if note == '6 tháng đầu năm' else '31/12'}/{y1}"
    return y0, y1, note


_HEADER_DATE = re.compile(r"ngày\s*(?:\d{1,2})?\s*tháng\s*(?:\d{1,2})?\s*năm\s*((?:19|20)\d\d)")


def doc_year(article: Article) -> int | None:
    """The year a document was written: its date, or the year of a header whose day was left
    blank ("Hà Nội, ngày    tháng 8 năm 2018")."""
    if article.year is not None:
        return article.year
    if article.doc_type and article.paragraphs:
        if m := _HEADER_DATE.search(article.paragraphs[0].text):
            return int(m.group(1))
    return None


BULLET_START = re.compile(r"(^|(?<!\d)\s)[-+•]\s")  # not the dash of "2002 - 2021"
_NO_ARTICLE = Article(
    id="", title="", date=None, publisher=None, province=None, paragraphs=[], digest=""
)


_ASIDE = re.compile(r"\([^()]*\d[^()]*\)")
_TIMES = re.compile(
    r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s*/\s*\d{1,2}"
    r"|\b(?:ngay|thang)\s+\d{1,2}\b|(?<!\d)(?:19|20)\d\d(?!\d)"
)


def _own_figure(aside: re.Match[str]) -> bool:
    """Whether a bracketed aside states a figure (a number that is no date or year)."""
    return any(c.isdigit() for c in _TIMES.sub(" ", aside.group()))


def intro(folded: str, lo: int) -> str:
    """What a figure's sentence inherits from before it: the paragraph so far, but in a list
    only the lead-in before its first item ("Tại thời điểm 30/6/2022 … như sau: + 147 HTX"),
    never a sibling item's date unless that item is a cut-off."""
    first = BULLET_START.search(folded, 0, lo)
    if first is None:
        return folded[:lo]
    # (but a sibling item that opens with a cut-off date frames the ones after it: "- Tính đến
    # tháng 12/2024, cả nước có 33.335 HTX …. - Số tổ hợp tác còn 63.650 tổ")
    bounds = [m.start() for m in BULLET_START.finditer(folded, first.start(), lo)] + [lo]
    cut_offs = [folded[a:b] for a, b in itertools.pairwise(bounds) if _CUT_OFF.match(folded, a, b)]
    return " ".join([folded[: first.start()], *cut_offs])


_CUT_OFF = re.compile(r"\W*(?:tinh den|luy ke den|den het|tai thoi diem|den ngay|den thang)\b")
Period = tuple[int, int, str | None]
_QUARTER_END = ((31, 3), (30, 6), (30, 9), (31, 12))  # day, month


def cut_off_in(folded: str) -> Period | None:
    """The last cut-off date `folded` names ("tính đến hết ngày 31/12/2019", "đến cuối tháng
    6/2017"), if any."""
    dates = [(m.end(), _date_period(m)) for m in _DATE.finditer(folded)]
    months = [(m.end(), _month_period(m)) for m in _MONTH_TO.finditer(folded)]
    return max(dates + months, key=lambda d: d[0])[1] if dates or months else None


def _date_period(m: re.Match[str]) -> Period:
    """ "tính đến 30/6/2022" (a _DATE match) → (2022, 2022, "đến 30/6/2022")."""
    return day_period(m.group(2), m.group(3), m.group(4))


def day_period(day: str | int, month: str | int, year: str | int) -> Period:
    """A count at a day: (2022, 2022, "đến 30/6/2022")."""
    y = int(year)
    return y, y, f"đến {int(day)}/{int(month)}/{y}"


def _month_period(m: re.Match[str]) -> Period:
    """ "tháng 10/2021", "tính đến tháng 6/2024" (its month and year groups) → (2021, 2021,
    "tháng 10/2021")."""
    y = int(m.group(2))
    return y, y, f"tháng {int(m.group(1))}/{y}"


def _quarter_period(m: re.Match[str]) -> Period:
    """ "đến hết quý II/2020" → the quarter's last day; "quý II/2020" → the quarter."""
    q, y = _ROMAN[m.group(2)], int(m.group(3))
    if m.group(1):
        day, month = _QUARTER_END[q - 1]
        return y, y, f"đến {day}/{month}/{y}"
    return y, y, f"quý {m.group(2).upper()}/{y}"


def _months_period(m: re.Match[str], year: int) -> Period:
    """ "9 tháng đầu năm 2022" → (2022, 2022, "9 tháng đầu năm")."""
    word = m.group(1)
    n = 11 if word == "muoi mot" else int(word) if word.isdigit() else _MONTH_WORDS[word]
    return year, year, f"{n} tháng đầu năm"


def _half_period(m: re.Match[str], year: int) -> Period:
    return year, year, "6 tháng đầu năm" if m.group(1) == "dau" else "6 tháng cuối năm"


def nearest_period(text: str, article: Article) -> Period | None:
    """The period expression nearest the end of `text` (the words before a figure): in
    "Trong 6 tháng đầu năm 2024 … đạt 31,4% (kế hoạch năm 2024 là 35 HTX)" the 35 HTX are
    the year's. At the same place the more exact wins (a date over its year)."""
    found: list[tuple[int, int, tuple[int, int, str | None]]] = []
    for m in _DATE.finditer(text):
        found.append((m.end(), 6, _date_period(m)))
    for m in _QUARTER.finditer(text):
        found.append((m.end(), 5, _quarter_period(m)))
    for m in _MONTH.finditer(text):
        if re.search(r"\bngay \d{1,2}\s*$", text[max(0, m.start() - 10) : m.start()]):
            continue  # "Quyết định … ngày 8 tháng 12 năm 2014": a day, as "ngày 8/12/2014" is
        found.append((m.end(), 4, _month_period(m)))
    for m in _HALF.finditer(text):
        year = int(m.group(2)) if m.group(2) else last_year(text[: m.start()]) or article.year
        if year is not None:
            found.append((m.end(), 3, _half_period(m, year)))
    for m in _BARE_HALF.finditer(text):
        if half := _first_half(text, m.start(), text[: m.start()], article):
            found.append((m.end(), 3, half))
    for m in _HALF_SHORT.finditer(text):
        y = int(m.group(1))
        found.append((m.end(), 3, (y, y, "6 tháng đầu năm")))
    for m in _MONTHS_SO_FAR.finditer(text):
        year = int(m.group(2)) if m.group(2) else last_year(text[: m.start()]) or article.year
        if year is not None:
            found.append((m.end(), 3, _months_period(m, year)))
    for m in _WHOLE_YEAR.finditer(text):
        # "Trong 9 tháng đầu năm … ; dự kiến cả năm thành lập mới 26 HTX": the whole year
        year = int(m.group(1)) if m.group(1) else last_year(text[: m.start()]) or article.year
        if year is not None:
            found.append((m.end(), 3, (year, year, None)))
    for m in _BY_YEAR.finditer(text):  # "đến năm 2025": at 2025, even in "giai đoạn 2021-2025"
        y = int(m.group(1))
        found.append((m.end(), 2, (y, y, None)))
    for m in RANGE.finditer(text):
        found.append((m.end(), 1, (int(m.group(1)), int(m.group(2)), None)))
    for m in SINCE_NOW.finditer(text):  # "Từ năm 2016 đến nay", written in 2020: 2016-2020
        if (span := _since_now(m, article)) is not None:
            found.append((m.end(), 3, span))
    for m in _FROM_NOW.finditer(text):  # "từ nay đến năm 2020", written in 2018: 2018-2020
        if (span := _from_now(m, article)) is not None:
            found.append((m.end(), 3, span))
    for pos, y in years_in(text):
        found.append((pos + 4, 0, (y, y, None)))
    if not found and (now := doc_year(article)) is not None and _NOW.search(text):
        # "Tính lũy kế đến nay, toàn tỉnh có 322 HTX": as written, when nothing else dates it
        return now, now, None
    return max(found, key=lambda f: (f[0], f[1]))[2] if found else None


_THEN = re.compile(r"\b(?:khi|luc|thoi diem|vao thoi diem) (?:do|ay)\b[^.;\d]{0,20}$")
_AT_YEAR_END_AFTER = re.compile(r"\b(?:vao |tai thoi diem )?(?:cuoi|het) nam (20\d\d)\b")
SINCE_NOW = re.compile(r"\btu (?:nam )?((?:19|20)\d\d) (?:den|toi) nay\b")
_FROM_NOW = re.compile(r"\btu nay (?:den|toi) (?:het |cuoi )?nam (20\d\d)\b")


def _since_now(m: re.Match[str], article: Article) -> tuple[int, int, None] | None:
    """ "từ năm 2016 đến nay": from that year to the document's (None when undated or not
    later)."""
    now, since = doc_year(article), int(m.group(1))
    return (since, now, None) if now is not None and now > since else None


def _from_now(m: re.Match[str], article: Article) -> tuple[int, int, None] | None:
    """ "từ nay đến năm 2020": from the document's year to that year (None when undated)."""
    now, end = doc_year(article), int(m.group(1))
    return (now, end, None) if now is not None and now < end else None


def _last_named(text: str) -> tuple[int, int, str | None] | None:
    """The last time `text` names, whatever it is named for: a month, else its year."""
    found = [(m.end(), 0, (int(m.group(1)),) * 2 + (None,)) for m in _YEAR.finditer(text)]
    for m in _MONTH.finditer(text):
        found.append((m.end(), 1, _month_period(m)))
    return max(found, key=lambda f: (f[0], f[1]))[2] if found else None


def lead_frame(lead: str) -> str:
    """The time an administrative section's lead-in sets for its list, as text period_of
    reads: its date or year-end ("số ước thực hiện đến ngày 31/12/2023:"), not any year it
    names ("79 HTX thành lập trước năm 2013 …. Kết quả:" is not of 2013)."""
    folded = fold(lead)
    found = _DATE.search(folded) or _BY_YEAR.search(folded)
    return found.group() if found else ""


def last_year(text: str) -> int | None:
    found = years_in(text)
    return found[-1][1] if found else None

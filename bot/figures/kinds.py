"""A figure's kind (target, actual, estimate, norm): the cue word nearest before it in its
clause, then its sentence, the paragraph leading into a list, the section heading, the
paragraph so far, the page's last kind, and last its year against the document's date."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.corpus import Article
from bot.figures.periods import BULLET_START, doc_year, intro, last_year, reported_part
from bot.text import fold

# Cue words before a figure, matched with their diacritics ("đã", not "đa dạng"); the nearest
# one in the figure's clause decides its kind.
_CUES: list[tuple[str, str]] = [
    *((c, "target") for c in ("mục tiêu", "phấn đấu", "chỉ tiêu", "kế hoạch", "cam kết", "đề ra")),
    # Not "nâng tổng số … lên": a report says it of what was done ("được nâng lên 581 HTX").
    *((c, "target") for c in ("định hướng", "dự kiến", "sẽ ", "phải có", "phải đạt")),
    *((c, "target") for c in ("đặt yêu cầu", "nhiệm vụ năm")),  # "Về nhiệm vụ năm 2024, …"
    ("phân kỳ", "target"),  # "Phân kỳ kinh phí: năm 2021: 18,5 tỷ đồng; …": a plan's phasing
    ("phê duyệt", "target"),  # "phê duyệt hỗ trợ 11 HTX …": approved, to be paid
    *((c, "estimate") for c in ("ước tính", "ước thực hiện", "ước đạt", "ước cả năm", "ước ")),
    *((c, "estimate") for c in ("dự báo",)),
    *((c, "actual") for c in ("tính đến", "hiện có", "lũy kế", "đã ", "kết quả", "thực hiện")),
    *((c, "actual") for c in ("năm qua", "đến nay", "hiện nay", "được ", "có tổng số")),
    ("hiện ", "actual"),  # "Hiện toàn tỉnh có 190 hợp tác xã"; not "hiện đại", "hiện hành"
    ("công nhận ", "actual"),  # "UBND tỉnh quyết định công nhận 39 sản phẩm OCOP mới"
    *((c, "norm") for c in ("hỗ trợ tối đa", "mức hỗ trợ", "hỗ trợ không quá", "không quá ")),
    *((c, "norm") for c in ("không được vượt quá", "không vượt quá", "không được quá")),
]
_WEAK = {"được ", "có tổng số"}  # passive and existential words, not a result's own cue
_SECTION_TARGET = re.compile(
    r"\b(mục tiêu|chỉ tiêu|kế hoạch (năm|phát triển|giai đoạn)|nhiệm vụ|kinh phí thực hiện"
    r"|phương hướng (năm|giai đoạn|đến))"  # not "Phương hướng thời gian tới" over an annex
)
# "Tổ chức thực hiện", "Kinh phí thực hiện" are what a plan will do, not results
_SECTION_ACTUAL = re.compile(
    r"\b(kết quả|tình hình|đánh giá|(?<!tổ chức )(?<!kinh phí )thực hiện|thực trạng|hiện trạng)\b"
)
# "III. ƯỚC THỰC HIỆN CẢ NĂM 2022", "Dự ước kết quả năm 2023": what is expected by the year's end
_SECTION_ESTIMATE = re.compile(
    r"\b(ước (thực hiện|tính|đạt|cả năm|năm|kết quả)|dự ước|dự kiến (kết quả|thực hiện))\b"
)
_NEUTRAL_INDICATORS = re.compile(
    r"(một số|các) chỉ tiêu( chủ yếu| chính| cơ bản)?|chỉ tiêu (chủ yếu|chính|cơ bản)"
)
_PLAN_TYPES = {"Kế hoạch", "Chương trình", "Đề án", "Nghị quyết"}


_CLOSED_PAREN = re.compile(r"\([^()]*\)")
# What a share of plan is measured against: a comparison, never a target cue of its own.
_MEASURED_AGAINST = frozenset({"kế hoạch", "mục tiêu", "chỉ tiêu"})
# A count and its noun right before a verb ("24 HTX mới thành lập và 20 HTX đã giải thể").
_COUNTED_BEFORE = re.compile(r"\d\s+(\w+\s+){1,3}$")
_PLAN_FIGURE = re.compile(r"\s*(năm \d{4}\s*)?(là|giao|đề ra|:)?\s*$")
_PLANNED_BEFORE = re.compile(r"(dự kiến|phấn đấu|sẽ|kế hoạch|mục tiêu|định hướng)\s*$")


_DRAFTING_TIME = re.compile(r"thời điểm (xây dựng|lập|ban hành|báo cáo) kế hoạch")


@lru_cache(maxsize=4096)
def cue_kind(lower: str, lo: int, start: int) -> str | None:
    """The kind named by the cue nearest before the figure in lower[lo:start]. Cached: the
    figures of one sentence ask it about the same window about twice each."""
    best, best_pos, best_cue, mood_pos = None, -1, "", -1
    # A parenthesis closed before the figure speaks for itself only: "(kế hoạch 120 THT),
    # trong đó có 10 THT thành lập mới" are not planned.
    window = _CLOSED_PAREN.sub(lambda m: " " * len(m.group()), lower[lo:start])
    # "Đến thời điểm xây dựng kế hoạch, toàn tỉnh có 206 THT": a time, not a plan
    window = _DRAFTING_TIME.sub(lambda m: m.group().replace("kế hoạch", "kế_hoạch"), window)
    for cue, kind in _CUES:
        pos = window.rfind(cue)
        while pos > 0 and window[pos - 1].isalnum():
            pos = window.rfind(cue, 0, pos)  # a whole word: "ước" is not inside "nước"
        if pos < 0:
            continue
        if (
            cue in _MEASURED_AGAINST
            and re.search(r"(%|so với|bằng|đạt|vượt)\s*(\S+\s*)?$", window[:pos])
            and not _PLAN_FIGURE.match(window, pos + len(cue))
        ):
            # "đạt 98% kế hoạch", "bằng 97,5% mục tiêu Đề án", "vượt chỉ tiêu": a result
            # measured against the plan, not a target; but "so với kế hoạch năm 2020 là 158
            # HTX" gives the plan's own figure.
            continue
        if cue == "đề ra" and re.search(
            r"(%|so với|bằng|đạt|vượt)\s*(\S+\s*)?(kế hoạch|mục tiêu|chỉ tiêu)( năm \d{4})?\s*$",
            window[:pos],
        ):
            continue  # "mới đạt 73,23% kế hoạch đề ra": the plan it was measured against
        if cue == "thực hiện" and re.search(r"(kinh phí( dự kiến)?|phân kỳ)\s$", window[:pos]):
            continue  # "Tổng kinh phí thực hiện Đề án": what carrying it out will cost
        if cue == "hiện " and (
            re.match(r"(đại|hành|thực|trạng|tượng)\b", window[pos + 5 :])
            or re.search(r"\b(thực|thể|xuất|phát|biểu)\s$", window[:pos])  # "thực hiện"
        ):
            continue
        if (
            cue in ("hiện có", "hiện ")
            and re.search(r"(htx|hợp tác xã|tổ hợp tác|tht)\s*$", window[:pos])
            and not re.search(r"\bsố (lượng )?(htx|hợp tác xã|tổ hợp tác|tht)\s*$", window[:pos])
        ):
            # "Củng cố các HTX hiện có, đưa tỷ lệ …": the existing ones, no result (but "Tổng
            # số HTX hiện có là 1.072 HTX" counts them)
            continue
        if cue == "mục tiêu" and re.search(r"chương trình\s*$", window[:pos]):
            continue  # "các chương trình mục tiêu" are programmes by name, not a plan's figure
        if cue == "đã " and _COUNTED_BEFORE.search(window[:pos]):
            continue  # "20 HTX đã giải thể": the status of the figure before, not a cue after
        if cue == "đã " and re.match(
            r"(qua |được )?(đào tạo|bồi dưỡng|tập huấn)", window[pos + 3 :]
        ):
            continue  # "tỷ lệ cán bộ HTX đã qua đào tạo đạt 20%": whom it counts, not when
        if cue == "kế hoạch" and (
            re.search(r"\b(sở|bộ|ban|phòng|vụ|cục)\s*$", window[:pos])
            or window.startswith(" và đầu tư", pos + len(cue))
        ):
            continue  # "Sở Kế hoạch và Đầu tư", "Ban Kế hoạch và hỗ trợ": a body's name
        if cue == "được " and re.search(
            r"(phấn đấu|mục tiêu|chỉ tiêu|dự kiến|ước|kế hoạch)\s*được\s$", window[: pos + 5]
        ):
            continue  # "phấn đấu được", "ước được": the earlier cue speaks
        if kind == "actual" and _PLANNED_BEFORE.search(window[:pos]):
            continue  # "dự kiến thực hiện 2-3 mô hình", "phấn đấu đã có": the plan speaks
        if pos + len(cue) > best_pos:
            best, best_pos, best_cue = kind, pos + len(cue), cue
        if kind != "actual":
            mood_pos = max(mood_pos, pos)  # an estimate or plan word in the window
    if (
        best == "actual"
        and best_cue in _WEAK
        and 0 <= mood_pos < best_pos - len(best_cue)
        # ("kế hoạch thành lập mới 25 HTX nhưng chỉ thành lập được 20 HTX": what was done)
        and not re.search(r"\b(nhưng|song|tuy nhiên)\b", window[mood_pos:best_pos])
    ):
        # "Ước đến ngày 31/12/2024, … có tổng số 1.177 HTX", "phấn đấu có 30% HTX được đánh
        # giá": a plain "có tổng số"/"được" does not undo the estimate or plan before it
        cut = lo + best_pos - len(best_cue)
        return cue_kind(lower[:cut], lo, cut) or best
    return best


# "Theo Quyết định số 1804/QĐ-TTg …, đến năm 2025 cả nước thành lập mới 10.000 tổ chức":
# what a cited decision, programme or plan sets for a year is its target
_CITED_PLAN = re.compile(
    r"\W*(?:theo|tại)\s+(?:quyết định|nghị quyết|chương trình|kế hoạch|đề án|chiến lược)\b"
    r"[^.;]*\bđến (?:hết |cuối )?năm 20\d\d\b"
)


def lead_kind(lead: str) -> str | None:
    """The kind a lead-in gives the list after it: an estimate anywhere in it ("Căn cứ số liệu
    dự ước cả năm 2019, các chỉ tiêu được thực hiện như sau:") makes the list's figures
    estimates, whatever plain result words follow; else its nearest cue."""
    # ("Một số chỉ tiêu chính về HTX (Tổng điều tra năm 2021):" names indicators, no plan)
    # Only the sentence that leads in speaks: "… đạt 100% chỉ tiêu phấn đấu của năm 2017.
    # Chia theo lĩnh vực:" leads a list of what was done.
    lead = re.split(r"(?<=[.!?])\s+(?=\S)", lead.strip())[-1]
    lower = _NEUTRAL_INDICATORS.sub(lambda m: " " * len(m.group()), lead.lower())
    kind = cue_kind(lower, 0, len(lower))
    if kind == "actual" and any(
        cue_kind(lower[: m.end() + 1], 0, m.end() + 1) == "estimate"
        for m in re.finditer(r"\bước\b", lower)
    ):
        return "estimate"
    return kind


def section_kind(section: str) -> str | None:
    """The deepest heading that says decides ("Kết quả năm 2022 › Mục tiêu 2023" is a
    target); within a heading its first cue does ("Kết quả thực hiện các chỉ tiêu"). Under a
    heading of estimates a result's heading is estimated too ("II. ƯỚC THỰC HIỆN NĂM 2022 ›
    3. Về kết quả hoạt động")."""
    kinds = [_heading_kind(h) for h in section.lower().split(" › ")]
    said = [k for k in kinds if k is not None]
    if not said:
        return None
    if said[-1] == "actual" and "estimate" in said:
        return "estimate"
    return said[-1]


def _heading_kind(heading: str) -> str | None:
    # "Một số chỉ tiêu chủ yếu" names indicators, not targets
    heading = _NEUTRAL_INDICATORS.sub(" ", heading)
    t = _SECTION_TARGET.search(heading)
    a = _SECTION_ACTUAL.search(heading)
    e = _SECTION_ESTIMATE.search(heading)
    if e and not any(c and c.start() < e.start() for c in (t, a)):
        return "estimate"  # (unless a plan's or a result's word comes first)
    if t and a:
        return "target" if t.start() < a.start() else "actual"
    return "target" if t else "actual" if a else None


def default_kind(
    article: Article, year: int | None, section: str, note: str | None = None
) -> str | None:
    """The kind of a figure no cue speaks for: its section heading, else its year against the
    document's, else what the document is. A report or a news page tells what happened; a
    plan also reviews the present, so a figure of its own year with nothing to say which is
    left without a kind (None: not emitted) rather than guessed."""
    issued = doc_year(article)
    if (kind := section_kind(section)) is not None:
        if kind == "target" and year is not None and issued is not None and year < issued:
            return (
                "actual"  # "KINH PHÍ HỖ TRỢ NĂM 2016 VÀ CHỈ TIÊU KẾ HOẠCH NĂM 2017": a past year's
            )
        return kind
    if (
        year is not None
        and _NEUTRAL_INDICATORS.search(section.lower())
        and plan_of_year(article, year)
    ):
        return "target"  # "II. Chỉ tiêu chủ yếu năm 2019" in a plan for 2019: what it sets
    if year is not None and issued is not None:
        if year > issued:
            return "target"
        if year < issued:
            return "actual"
        if note == "6 tháng đầu năm" and article.date and article.date.month > 6:
            return "actual"  # "6 tháng 2018" in a plan of August 2018: a half-year gone by
        if (cut := _CUT_OFF_NOTE.match(note or "")) and article.date:
            day, month = int(cut.group(1)), int(cut.group(2))
            if (month, day) <= (article.date.month, article.date.day):
                return "actual"  # "đến 30/9/2019" in a plan of October 2019: a count to date
        if (month_of := _MONTH_NOTE.match(note or "")) and article.date:
            if int(month_of.group(1)) < article.date.month:
                return "actual"  # a "Tháng 6/2019" column in a plan of September 2019
    if article.doc_type is None and not article.paragraphs[0].section:
        # A news page reports what happened, unless it is the summary of a plan ("Kế hoạch
        # phát triển … năm 2023"); a headline's passing "đặt mục tiêu" covers a few lines.
        return "target" if _TITLE_PLAN.match(fold(article.title)) else "actual"
    title = fold(article.title)
    reported = reported_part(title)
    if year is not None and reported != title and last_year(reported) == year:
        # "Báo cáo tình hình … năm 2023 và kế hoạch năm 2024" under a heading that says
        # neither: the year it reports on, its results
        return "actual"
    plan = article.doc_type in _PLAN_TYPES or _TITLE_PLAN.search(title)
    if plan and _TO_DATE.search(fold(section)):
        # "PHỤ LỤC › Một số chỉ tiêu … đến cuối năm 2015" in a plan for 2016: a count to date
        return "actual"
    return None if plan else "actual"


_OPENS_ESTIMATED = re.compile(
    r"\W*(?:[a-zđ]\)|\d{1,2}[.)])?\s*(?:dự )?ước(?: tính| thực hiện)?(?: đến| hết| cả)?"
    r"(?: năm| ngày| tháng| cuối| hết|(?= \d{1,2}/\d{1,2}/\d{4}))\b"  # "Ước đến 31/12/2024, …"
)
_CUT_OFF_NOTE = re.compile(r"đến (\d{1,2})/(\d{1,2})/\d{4}$")
_MONTH_NOTE = re.compile(r"tháng (\d{1,2})/\d{4}$")
_TO_DATE = re.compile(r"\b(tinh den|den (cuoi|het) nam \d{4}|den ngay|den nay)\b")
_TITLE_PLAN = re.compile(r"\b(ke hoach|muc tieu|chuong trinh|de an|chi tieu)\b")


def _carried(kind: str | None, year: int | None, article: Article) -> str | None:
    """The kind the page was last talking about, while the figure's year does not say
    otherwise (a past year is a result whatever came before)."""
    issued = doc_year(article)
    if kind == "estimate" and year is not None and issued and year == issued - 1:
        return kind  # "ước năm 2022 cả nước có …" in 2023, and the paragraphs continuing it
    if kind is None or (year is not None and issued and year < issued):
        return None
    return kind


CONTRAST = re.compile(
    r"(trong khi|so voi|cung ky|hon|con|truoc do|nam truoc|(cao|thap) hon( muc)?[^.;]{0,30}"
    r"cua)( nam)?\s*$"
)
NORMATIVE = {"Quyết định", "Nghị quyết", "Nghị định", "Thông tư", "Quy định", "Luật"}
_NORM_CUE = re.compile(
    r"(tối thiểu|tối đa|không quá|ít nhất|mức hỗ trợ|mức chi trả)\s*(\S+\s*)?$"
    # "Hỗ trợ chi phí thuê đất … trong thời gian 05 năm đầu với mức 100% tiền thuê đất"
    r"|\bhỗ trợ\b[^.;]*\b(với|theo) mức\s*$"
)
# A support level: "được hỗ trợ 100% chi phí", "hỗ trợ 05 triệu đồng/sản phẩm" (money or a
# share of a cost, not "hỗ trợ thành lập mới 20 HTX")
# (and a budget's share of a cost: "Ngân sách trung ương bảo đảm 100% kinh phí đi lại")
_SUPPORT_BEFORE = re.compile(
    r"\b(?:hỗ trợ|ngân sách[^.;:%\d]{0,30} bảo đảm)"
    r"( tối đa| không quá| bằng| trên| dưới| khoảng)?\s*$"
)
# (and with what or how often between: "hỗ trợ một lần 70% chi phí", "hỗ trợ tiền lương …
# bằng 1,0 lần"; words only, so that "hỗ trợ 15 HTX … 30 triệu" is not; and not a budget's
# total, "tổng kinh phí hỗ trợ thực hiện Đề án gần 95 tỷ đồng")
_SUPPORT_WORDS_BEFORE = re.compile(
    r"(?<!kinh phí )(?<!tổng )\bhỗ trợ(\s+(?!là\b|tổng\b|kinh phí\b|thực hiện\b|đạt\b|năm\b)"
    r"[^\W\d]+){1,6}\s*$"
)
_MONEY_OR_SHARE = re.compile(r"\s*(%|(nghìn |triệu |tỷ )?đồng|triệu\b|tỷ\b|lần\b)")
# A level set as a multiple of a statutory wage: "bằng 1,2 lần mức lương cơ sở"
_WAGE_MULTIPLE = re.compile(r"\s*lần (mức )?lương\b")
# An eligibility threshold: "có từ 07 thành viên trở lên", "doanh thu từ 500 triệu đồng/năm
# trở lên", "hoạt động từ 12 tháng trở lên"
_AT_LEAST = re.compile(r"\b(có|gồm) từ\s*$")
# (without "có", a floor of an amount or a time, not of cooperatives to be set up: "thành lập
# mới từ 3 HTX trở lên" is a plan's figure)
_FROM_BEFORE = re.compile(r"\btừ\s*$")
_COOPERATIVES_AFTER = re.compile(r"\s*(%|hợp tác xã|htx|tổ hợp tác|tht|liên hiệp|quỹ)", re.I)
_OR_MORE = re.compile(r"[^,;.]{0,25}\btrở lên\b")
# (nor an aim by a year: "Đến năm 2025, mỗi xã có ít nhất 01 HTX nông nghiệp …")
_NOT_NORM = re.compile(
    r"(mục tiêu|phấn đấu|kết quả|đã|đạt|tính đến|hiện có|\bđến (hết |cuối )?năm \d{4})"
)
# A band of a classification the rule sets: "Quy mô siêu nhỏ: hợp tác xã có dưới 50 thành
# viên", "có từ trên 300 đến 1.000 thành viên"
_BAND = re.compile(r"\b(có|gồm)\s+(từ\s+)?(trên\s+|dưới\s+)?$")
_CLASSES = re.compile(r"\b(quy mô|phân loại|loại|nhóm)\b")
# A text that tells what a regulation says, whatever its own type (a news or Q&A page on a
# Nghị định, a summary of the support policies): "Theo Điều 4 của Thông tư…", "Nghị định số
# 113/2024/NĐ-CP quy định…", "theo Nghị quyết 25/2021/NQ-HĐND"
_CITES_RULE = re.compile(
    r"\b(theo|căn cứ|tại)\s+(quy định (tại|của)\s+)?(điều \d+|khoản \d+|nghị định|thông tư|"
    r"luật|nghị quyết|quyết định)|\b(nghị định|thông tư|luật)\b[^.;]{0,80}\b(quy định|hướng dẫn)\b"
)
_RULE_TITLE = re.compile(r"\s*(nghị định|thông tư|luật|chính sách)\b")


def tells_a_rule(article: Article, window: str, lead: str) -> bool:
    """Whether a figure is told as what a regulation sets: a normative document's own text,
    or a sentence, lead-in or title of another text that cites one."""
    return sets_rules(article) or bool(
        _CITES_RULE.search(window) or _CITES_RULE.search(lead.lower())
    )


def sets_rules(article: Article) -> bool:
    """Whether a whole document tells rules: a normative one, or one whose title names a
    regulation or says what one sets."""
    return article.doc_type in NORMATIVE or _rule_title(article.title)


@lru_cache(maxsize=1024)
def _rule_title(title: str) -> bool:
    """A title that names a regulation or a policy, or says what one sets ("Mức hỗ trợ … theo
    Nghị định 98/2018/NĐ-CP"): asked once per document, not per figure."""
    lower = title.lower()
    return bool(_RULE_TITLE.match(lower) or _CITES_RULE.search(lower))


# (a heading of levels alone: "2. Mức hỗ trợ:", "Điều 8. Mức hỗ trợ"; not "Đối tượng và mức
# hỗ trợ", over conditions too)
_LEVELS_HEAD = re.compile(
    r"\W*(?:điều \d+\.?|\d{1,2}[.)]|[a-zđ]\)|[-+•])?\s*(mức hỗ trợ|định mức hỗ trợ|mức chi hỗ trợ)"
    r"\b[^.;\d]{0,30}:?\s*$"
)


def names_levels(lead: str, section: str) -> bool:
    """Whether a lead-in or the innermost heading announces support levels ("2. Mức hỗ
    trợ:"), so the amounts of its items are those levels."""
    heading = section.rsplit(" › ", 1)[-1].lower()
    return bool(_LEVELS_HEAD.fullmatch(lead.lower().strip()) or _LEVELS_HEAD.fullmatch(heading))


def is_norm(window: str, after: str, section: str = "", lead: str = "") -> bool:
    """Whether a figure of a decision or resolution is a rule's amount or threshold: a
    support level ("hỗ trợ tối đa 100 triệu đồng/HTX", "được hỗ trợ 50% chi phí", "Mức hỗ
    trợ: 10 triệu đồng"), a ceiling or floor ("tối thiểu 07 thành viên", "không quá 3 sản
    phẩm", "có từ 20 thành viên trở lên"). Not when the clause since its last colon says
    it is a target or a result ("phấn đấu tối thiểu 30 HTX", "đã hỗ trợ 1,1 tỷ đồng"), nor
    under a heading of targets or results."""
    clause = _CLOSED_PAREN.sub(" ", window[window.rfind(":") + 1 :])
    if _NOT_NORM.search(clause) or section_kind(section) is not None:
        return False
    if lead and _NOT_NORM.search(lead.lower()):
        return False  # "Thông qua Đề án … với các mục tiêu chủ yếu sau:" leads targets
    return bool(
        _NORM_CUE.search(window)
        or (
            _MONEY_OR_SHARE.match(after)
            and (
                _SUPPORT_BEFORE.search(window)
                or _SUPPORT_WORDS_BEFORE.search(window)
                # "2. Mức hỗ trợ: a) Hội chợ trong tỉnh: 5 triệu đồng/HTX/lần": the items of
                # a heading or lead-in of levels
                or names_levels(lead, section)
            )
        )
        or bool(_WAGE_MULTIPLE.match(after))
        or (_AT_LEAST.search(window) and _OR_MORE.match(after))
        or (
            _FROM_BEFORE.search(window)
            and _OR_MORE.match(after)
            and not _COOPERATIVES_AFTER.match(after)
        )
        or (_BAND.search(window) and bool(_CLASSES.search(f"{lead.lower()}\n{window}")))
    )


def kind_of(
    lower: str,
    item_lo: int,
    sent_lo: int,
    start: int,
    article: Article,
    year,
    section: str,
    lead: str = "",
    carried_kind: str | None = None,
    after: str = "",
    listing: str = "",
) -> str | None:
    """The cue in the figure's item, then its
    sentence, then the paragraph leading into it,
    then its section, then the paragraph so far, then the year against the document's date.
    A threshold or amount a rule sets is a norm (see tells_a_rule; `listing` is the lead-in
    of the list the figure is an item of). None when nothing says (see default_kind)."""
    listing = lead or listing
    if tells_a_rule(article, lower[sent_lo:start], listing) and is_norm(
        lower[item_lo:start], after, section, listing
    ):
        return "norm"
    if PLAN_IN_PARENS.search(lower, sent_lo, start):
        # "vượt chỉ tiêu kế hoạch đề ra (55%)", "đạt 126,7% chỉ tiêu được giao (15 HTX)": the
        # plan's own figure, given with the result measured against it
        return "target"
    opens_estimated = bool(_OPENS_ESTIMATED.match(lower, sent_lo))  # "Ước đến 31/12/2024, …"
    estimated = (bool(lead) and lead_kind(lead) == "estimate") or opens_estimated
    # A list item's sentence is its lead-in and itself, not its sibling items ("- Doanh thu
    # bình quân ước đạt 1,58 tỷ đồng/HTX; - Lợi nhuận bình quân 174 triệu đồng/HTX")
    items = list(BULLET_START.finditer(lower, sent_lo, item_lo + 3))  # (with its own mark)
    own = (
        _own_cue(lower, item_lo, start, estimated)
        or (items and _own_cue(lower, items[-1].start(), start, estimated))
        or _own_cue(lower, sent_lo, items[0].start() if items else start, estimated)
    )
    if (
        own == "actual"
        and "target" in ((lead_kind(lead) if lead else None), section_kind(section))
        and cue_kind(
            _WEAK_WORDS.sub(lambda m: " " * len(m.group()), lower[sent_lo:start]),
            0,
            start - sent_lo,
        )
        != "actual"
    ):
        # "II. MỤC TIÊU … + Số HTX được thành lập mới: 35 HTX": a passive "được" names the
        # plan's indicator, not a result
        own = None
    earlier = intro(lower, sent_lo)  # the paragraph so far
    kind = (
        own
        or (lead_kind(lead) if lead else None)
        or ("target" if _CITED_PLAN.match(lower, sent_lo, start) else None)
        # "Ước năm 2023, cả nước có khoảng 31.200 HTX. Các HTX thu hút …": a paragraph that
        # opens on an estimate frames its sentences, over the section's "Tình hình"
        # (not what is so now: "Các HTX đang tạo việc làm cho gần 9.000 lao động")
        or (
            "estimate"
            if (_OPENS_ESTIMATED.match(earlier) or opens_estimated)
            and not re.search(r"\bđang\b", lower[sent_lo:start])
            else None
        )
        or section_kind(section)
        # "… ước đạt 183 triệu đồng/HTX. Các HTX đang tạo việc làm cho 5.993 lao động": an
        # estimate's verb speaks for its own figure, not for the sentences after it
        or _unless_past(
            cue_kind(earlier.replace("ước đạt", "    đạt"), 0, min(sent_lo, start)),
            earlier,
            year,
            article,
        )
        or _carried(carried_kind, year, article)
        or default_kind(article, year, section)
    )
    issued = doc_year(article)
    if issued is not None and year is not None:
        if kind == "estimate" and year > issued:
            return "target"  # "ước khoảng 2.600 tỷ" in next year's plan: about, not estimated
        if kind == "target" and year <= issued and cue_kind(lower, sent_lo, start) == "target":
            # (a list's items after "Dự kiến đến ngày 31/12/2021, toàn tỉnh có 258 HTX, trong
            # đó: - HTX nông nghiệp: 180 HTX; - …" are its own, whatever ';' parts them)
            own = [lower[sent_lo:start]]
            if items:
                lead_in, item = lower[sent_lo : items[0].start()], lower[items[-1].start() : start]
                own.append(f"{lead_in} {item}")
            if any(expected_this_year(said, year, article) for said in own):
                return "estimate"  # "dự kiến đến hết năm 2022 có 303 HTX", written in 2022
    return kind


PLAN_IN_PARENS = re.compile(
    r"(kế hoạch|chỉ tiêu|mục tiêu)( năm \d{4})?( đề ra| được giao| giao| tỉnh giao)?\s*\(\s*"
    r"(là |khoảng |trên )?$"
)
_PLAN_FOR_YEAR = re.compile(
    r"(kế hoạch|nhiệm vụ|mục tiêu|chỉ tiêu|phương hướng|phấn đấu)[^.;\d]{0,40}?năm (?P<y>20\d\d)"
    # (or the year first: "…; năm 2020 phấn đấu đạt 1,6 tỷ đồng")
    r"|năm (?P<y2>20\d\d)\s*,?\s*(phấn đấu|kế hoạch|mục tiêu|dự kiến)"
)


def _unless_past(kind: str | None, earlier: str, year: int | None, article: Article) -> str | None:
    """A plan word earlier in the paragraph, unless it plans another year and the figure's own
    is gone by ("… tổng kết năm 2024, triển khai nhiệm vụ năm 2025. Theo báo cáo, năm 2024
    toàn tỉnh thành lập mới 25 HTX" in January 2025: results; but "Kế hoạch … năm 2022. Theo
    đó, năm 2022 thành lập mới 30 HTX", a year on, is still that plan's)."""
    issued = doc_year(article)
    if kind == "target" and year is not None and issued and year < issued:
        planned = [int(m.group("y") or m.group("y2")) for m in _PLAN_FOR_YEAR.finditer(earlier)]
        if planned and year not in planned:
            return None
    return kind


def expected_this_year(lower: str, year: int | None, article: Article) -> bool:
    """Whether words ending in `lower` expect a figure of the document's own year ("dự kiến
    đến hết năm 2022 có 303 HTX", written in 2022): an estimate of the year's result, unless
    the document is that year's plan or the words name a plan (not "sẽ thành lập mới", nor
    "theo kế hoạch … dự kiến": what is planned)."""
    # (the plan words of the cue's own clause: not "…, vượt chỉ tiêu kế hoạch đề ra; dự kiến
    # đến cuối năm toàn tỉnh có 142 HTX", where the plan was an earlier clause's measure)
    clause = lower[max(lower.rfind(";"), lower.rfind(". ")) + 1 :]
    return (
        bool(re.search(r"(dự kiến|ước tính)[^.;]*$", lower))
        and not re.search(r"(kế hoạch|mục tiêu|chỉ tiêu|phấn đấu)", clause)
        and year is not None
        and year == doc_year(article)
        and not plan_of_year(article, year)
    )


# Words that say a figure is a count so far, not that it was measured rather than estimated
_WEAK_WORDS = re.compile(r"(?<!\w)(" + "|".join(w.strip() for w in _WEAK) + r")(?!\w)")
_PLAIN_COUNT = re.compile(r"(?<!\w)(lũy kế|có tổng số|được)(?!\w)")


def _own_cue(lower: str, lo: int, start: int, estimated: bool) -> str | None:
    """The cue of a figure's own clause; under an estimate's lead-in ("Số liệu dưới đây là số
    ước thực hiện đến ngày 31/12/2023:") a plain "lũy kế" or "được" does not make a result."""
    kind = cue_kind(lower, lo, start)
    if kind == "actual" and estimated:
        # (the cue before the plain count, then: "Ước đến 31/12/2024, lũy kế toàn tỉnh có 318
        # HTX" is estimated)
        plain = _PLAIN_COUNT.sub(lambda m: " " * len(m.group()), lower[lo:start])
        return cue_kind(plain, 0, len(plain))
    return kind


def plan_of_year(article: Article, year: int) -> bool:
    """A plan for the year it was written in ("Kế hoạch … năm 2024", May 2024): its "dự
    kiến" are targets, not estimates."""
    title = fold(article.title)
    plan = article.doc_type in _PLAN_TYPES or _TITLE_PLAN.search(title)
    years = re.findall(r"(?<!\d)20\d\d(?!\d)", title)
    return bool(plan) and bool(years) and int(years[-1]) == year

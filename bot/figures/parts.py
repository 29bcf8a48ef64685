"""Parts, not totals: figures that are not the indicator the words near them name (what
collective economic organisations count together, what support was paid to, a sector's or
a group's share), and a table row's indicator read like prose."""

from __future__ import annotations

import re

from bot.figures import catalogue as cat
from bot.figures.indicator import (
    AVERAGED,
    FARM_WORDS,
    OF_ALL_THE_HTX,
    describes,
    indicator_of,
    phrase_text,
)
from bot.figures.sectors import FARM_AFTER, SECTOR_RE
from bot.figures.units import COUNT_UNITS, unit_kind
from bot.text import fold

_CLOSED = re.compile(r"\([^()]*\)")
_GROUP_NOUN = re.compile(
    r"\b(htx|hop tac xa|to hop tac|tht|khoi|khu vuc)\b(?!\s*(thanh vien|moi)\b)"
)
_GROUP_QUALIFIER = re.compile(
    r"(\s*,\s*(?:htx|hop tac xa|to hop tac|tht))?\s+(nong nghiep|nong, lam|nong lam|phi nong nghiep"
    r"|cong nghiep|thuong mai|dich vu|van tai|thanh lap|moi thanh lap|(trong|thuoc) (cac )?linh vuc"
    r"|lien hiep)\b"
)
# "Đề án phát triển 15.000 HTX", "trên cơ sở hợp nhất 4 tổ hợp tác": a programme's name, the
# groups merged into one
_PLAN_NAME = re.compile(
    r"\b(?:(?:de an|chuong trinh)(?: phat trien)?|ke hoach phat trien|hop nhat|sap nhap)"
    r"\s*(?:tu )?$"
)
# "kết nạp thêm 10 - 15 HTX": cooperatives admitted to the Liên minh, not founded
_ADMITTED = re.compile(r"\bket nap( them| moi)?( duoc)?\s*$")
# One rating's count, labelled before it: "- Loại khá: 15 HTX", "Xếp loại trung bình: 6 HTX"
_RATING_LABEL = re.compile(
    r"\b(?:xep )?loai (?:tot|kha|gioi|trung binh|yeu|kem|yeu kem)\s*:\s*(?:co\s*)?$"
)
# A district's or commune's part of the province's figure, named before it
_PLACE_PART = re.compile(
    r"^\W*(?:[-+•]\s*)?(huyen|thi xa|quan|xa|phuong)\s+[^:;,.\d]{2,30}:\s*(?:co\s*)?$"
)
_COUNT_OF = re.compile(r"\W*(?:tong )?so (?:luong )?(?:htx|hop tac xa|tht|to hop tac)\b(.*)")
# ("Các tổ chức này thu hút 15.434 thành viên" after "635 tổ chức kinh tế tập thể … gồm 413
# HTX, … và 219 THT": the same organisations)
_KTTT = re.compile(r"\bto chuc (kinh te tap the|ktt|nay)\b")
_SUPPORTED = re.compile(
    r"(\b(ho tro|tu van)\b[^.;]*\bcho|\b(dong|ty|trieu) cho"
    r"|^\W*(?:[a-zđ]\)\s*)?ho tro [^:;.]*:)\s*$"
)
_SECTOR_HAS = re.compile(
    r"\b(?:htx|hop tac xa|linh vuc|khu vuc)\s+(?:[\w-]+\s+){0,6}?"
    r"(phi nong nghiep|cong nghiep|dien|van tai"
    r"|thuong mai|dich vu|xay dung|thuy san|lam nghiep|tieu thu cong nghiep)\b[^.;:]{0,20}"
    r"\b(co|la)\s*$"
)


# An average of every HTX or THT, named after a growth rate's words ("tốc độ tăng doanh thu
# bình quân của HTX"), not of the farming ones' or the sector's
_AVERAGE_OF_ALL = re.compile(
    r"\b(doanh thu|loi nhuan|lai|thu nhap) binh quan (cua |mot |moi )*"
    r"(htx|hop tac xa|tht|to hop tac)\b(?! nong)[^\d]*$"
)


def not_the_indicator(
    folded: str, sent_lo: int, item_lo: int, start: int, unit_end: int, item_hi: int, unit: str
) -> str | None:
    """Figures that are not the province's or country's indicator the words near them name,
    as "@start:end" of their own words: what collective economic organisations together
    count ("thu hút khoảng 8 triệu thành viên" of "10.000 tổ chức kinh tế tập thể"), the
    cooperatives support was paid to ("gần 1,1 tỷ đồng cho 71 HTX thành lập mới", "hỗ trợ, tư
    vấn cho 47 THT", "27 HTX được hỗ trợ"), and a sector's part said before its figure ("HTX
    phi nông nghiệp có 8.456 HTX", "256 HTX phi nông nghiệp")."""
    before = folded[item_lo:start]
    own = folded[item_lo : min(item_hi, unit_end + 30)]
    if unit == "%" and (
        re.match(r"\s*(so |cac )?(ho\b(?! tro)|xa\b(?! vien)|thon\b)", folded[unit_end:item_hi])
        or (
            (rate := re.search(r"\btoc do tang\b[^.;\d]*$", before))
            and not _AVERAGE_OF_ALL.search(rate.group())
        )
        or re.search(r"\b(yeu kem|yeu|kem)\b[^,;.\d]{0,25}$", before)
    ):
        # "thu hút trên 80% hộ sản xuất nông nghiệp": a share of households; "tốc độ tăng
        # doanh thu … của HTX nông nghiệp đạt 11%": a growth rate of a part or of the sector
        # (of all the HTX's average, "tốc độ tăng doanh thu bình quân của HTX", it is that
        # average's change); neither is a level of an HTX indicator (nor
        # "100% số xã đạt chuẩn nông thôn mới có HTX …", a share of communes, nor "HTX yếu kém
        # còn dưới 2%", the weak ones, not the effective ones named before in the sentence)
        return f"@{item_lo}:{unit_end}"
    if unit in ("HTX", "THT") and re.match(
        r"\s*(?:\([^)]*\)\s*)?(co doanh thu|dat doanh thu"
        r"|dat (tu )?\d[\d.,]*\s*(-\s*\d[\d.,]*\s*)?(ty|trieu))",
        folded[unit_end:item_hi],
    ):
        return f"@{item_lo}:{unit_end}"  # "12 HTX có doanh thu trên 3 tỷ đồng/năm": a group
    clause = folded[max(item_lo, folded.rfind(";", item_lo, start) + 1) : start]
    if (
        unit in ("HTX", "THT")
        and re.search(r"\b(?:cong nghe|linh vuc|ky thuat|san pham|nganh)\b[^;]*\bvoi\s*$", clause)
        and not re.search(r"\b(co|toan (tinh|quoc)|ca nuoc|dat|nang|chiem)\b", clause)
        and not FARM_WORDS.search(clause)  # "nông nghiệp chiếm nhiều nhất với 83 HTX"
    ):
        # "kỹ thuật canh tác, bảo quản với 1.490 HTX", "tiếp đến là công nghệ tự động hóa với
        # 151 HTX": the cooperatives doing one thing, a part of those counted before
        return f"@{item_lo}:{unit_end}"
    if re.match(r"[^.;,]{0,12}\bvua la\b", folded[unit_end:item_hi]):
        return f"@{item_lo}:{unit_end}"  # "1.963 người vừa là người lao động vừa là thành viên"
    if unit in COUNT_UNITS and (named := _PLAN_NAME.search(before)):
        return f"@{item_lo + named.start()}:{unit_end}"  # "Đề án phát triển 15.000 HTX": a name
    if unit in ("HTX", "THT") and (admitted := _ADMITTED.search(before)):
        return f"@{item_lo + admitted.start()}:{unit_end}"  # new members of the Liên minh
    if rated := _RATING_LABEL.search(before):
        return f"@{item_lo + rated.start()}:{unit_end}"  # "- Loại khá: 15 HTX, chiếm 60%"
    if place := _PLACE_PART.match(before):
        return f"@{item_lo + place.start(1)}:{unit_end}"  # "+ Huyện Châu Thành: 20 HTX;"
    if unit not in COUNT_UNITS and (
        _KTTT.search(own)
        or (
            _KTTT.search(folded, sent_lo, item_lo)
            and not re.search(r"\b(htx|hop tac xa|to hop tac|tht)\b", own)
        )
    ):
        return f"@{item_lo}:{unit_end}"
    if unit not in COUNT_UNITS and unit != "%":
        # "Doanh thu bình quân của HTX nông nghiệp …", "Các HTX thành lập mới có tổng vốn điều
        # lệ … với 132 thành viên", "khối nông nghiệp … có 783 HTX với 11.750 thành viên",
        # "khu vực liên hiệp HTX tạo việc làm cho 39.750 lao động": a group's, not all HTX's
        said = _CLOSED.sub(lambda m: " " * len(m.group()), folded[sent_lo:start])
        nouns = list(_GROUP_NOUN.finditer(said))
        at = nouns[-1].start() if nouns else 0
        # "khu vực liên hiệp HTX tạo việc làm cho …" (not "1 liên hiệp HTX, với …": a count)
        # (nor "Các hợp tác xã, liên hiệp hợp tác xã và quỹ tín dụng nhân dân": the cooperative
        # sector as a whole, as its statistics name it)
        union = (
            said.endswith("lien hiep ", 0, at)
            and not re.search(r"\d\s*lien hiep $", said[:at])
            and not re.search(r"\b(htx|hop tac xa)\s*,\s*lien hiep $", said[:at])
        )
        qualified = nouns and (union or _GROUP_QUALIFIER.match(said, nouns[-1].end()))
        if qualified and "ho tro" not in said:
            return f"@{sent_lo + nouns[-1].start()}:{unit_end}"
    if unit in COUNT_UNITS or unit == "người":
        if _SUPPORTED.search(before) or re.match(r"\s*(duoc|da duoc) ho tro", folded[unit_end:]):
            return f"@{item_lo}:{unit_end}"
    if unit in COUNT_UNITS:
        if re.match(r"\s*phi nong nghiep", folded[unit_end:]) or _SECTOR_HAS.search(before[-80:]):
            return f"@{item_lo}:{unit_end + 20}"
    return None


# A table's sub-row: "- HTX nông nghiệp", "Trong đó: hợp tác xã nông nghiệp", "a) …"
SUB_ROW = re.compile(r"\s*(?:[-+•*]\s*|trong do\s*:?\s*|[a-zđ]\)\s*)")
_ROW_NOUN = re.compile(r"(lien hiep htx|lien hiep hop tac xa|htx|hop tac xa|to hop tac|tht)\b")
_FLOW_IDS = ("htx.new", "tht.new", "lhhtx.new", "htx.dissolved")


def sector_part(body: str) -> str | None:
    """The part a row naming a sector counts: the farming ones ("Nông, lâm nghiệp, thủy
    sản"), another sector's ("Vận tải": other), or None when it names no sector."""
    if FARM_AFTER.match(" " + body):
        return "htx.agri"
    return cat.OTHER if SECTOR_RE.match(body.strip()) else None


def row_indicator(
    label: str, unit: str, subject: str, section: str, parent: str = ""
) -> tuple[str, str | None]:
    """(indicator, phrase) of a table row's figure. A row whose label starts with what it
    counts reads as prose: "HTX nông nghiệp | 32" as "32 HTX nông nghiệp", "HTX nông nghiệp
    thành lập mới | 16" as a part of the farming ones; a sub-row of a flow ("HTX thành lập
    mới | 60" › "- HTX nông nghiệp | 32") is a part of it."""
    folded = fold(label)
    sub = SUB_ROW.match(folded)
    body_at = sub.end() if sub and sub.end() else 0
    body = folded[body_at:]
    noun = _ROW_NOUN.match(body)
    if noun and unit_kind(unit) == "count":
        text, own = "0 " + body, "0 " + label[body_at:]
        end = 2 + noun.end()
        ind_id, phrase = indicator_of(text, 0, 0, 2, end, len(text), unit, subject, section)
        if part := not_the_indicator(text, 0, 0, 0, end, len(text), unit):
            ind_id, phrase = cat.OTHER, part
        phrase = phrase_text(own, phrase) if ind_id == cat.OTHER else None
        phrase = label if phrase in (None, "0") else phrase
    else:
        n = len(folded)
        ind_id, phrase = indicator_of(folded, 0, n, n, n, n, unit, subject, section)
        if ind_id == cat.OTHER:
            # The row's label names what is counted; table units are often plain "người", "%".
            found = cat.nearest(folded, 0, n, list(cat.catalogue().values()))
            twin = cat.for_subject(found[0].id, subject) if found else None
            average = twin in OF_ALL_THE_HTX and AVERAGED.search(folded)
            if average:
                # "Vốn điều lệ bình quân/HTX", "Thành viên bình quân một HTX": an average, not
                # all the capital or all the members
                phrase = label
            elif twin and not (subject in ("THT", "LH HTX") and twin.startswith("htx.")):
                ind_id, phrase = twin, None
            else:
                phrase = label  # "THT giải thể": no THT indicator, never the HTX one
        if not_the_indicator(folded, 0, 0, n, n, n, unit):
            ind_id, phrase = cat.OTHER, label  # "Doanh thu bình quân HTX nông nghiệp"
        counted = _COUNT_OF.match(body)
        if ind_id.endswith(".total") and counted and describes(counted.group(1)):
            ind_id, phrase = cat.OTHER, label  # "Số HTX ngừng hoạt động": a part, not all
    if ind_id.endswith(".total") and subject == "HTX" and not noun:
        # "Nông, lâm nghiệp, thủy sản | 206" in a table of HTX by sector: the farming ones;
        # "Vận tải | 12": a sector's part (and "Lĩnh vực khác | 26": the rest's part)
        rest = re.match(r"(cac )?(linh vuc|nganh) khac\b|khac$", body.strip())
        if part := sector_part(body) or (cat.OTHER if rest else None):
            ind_id, phrase = part, None if part == "htx.agri" else label
    if sub and sub.end() and parent and ind_id not in _FLOW_IDS:
        p_id, _ = row_indicator(parent, unit, subject, section)
        if p_id in _FLOW_IDS:
            return cat.OTHER, f"{label.strip(' -+•*')} ({parent})"
    return ind_id, phrase


# What a rule's money or share is of, when not the support itself: "hợp đồng … với giá trị
# tối thiểu 300 triệu đồng/năm", "diện tích tối thiểu 20m2"
# What a condition is measured in, not a support level: "giá trị hợp đồng tối thiểu 300 triệu
# đồng", said at the end of a window or at the start of a table row's label
_CRITERION_WORDS = r"\b(gia tri|dien tich|doanh thu|von|quy mo)\b"
_NORM_OF_OTHER = re.compile(_CRITERION_WORDS + r"(\s*\S+){0,2}\s*$")
CRITERION = re.compile(r"\s*" + _CRITERION_WORDS)
_NORM_KEPT = ("support.amount", "htx.members", "tht.members", "lhhtx.member_htx")


def norm_indicator(
    ind_id: str, phrase: str | None, folded: str, item_lo: int, start: int, unit: str, subject: str
) -> tuple[str, str | None]:
    """The indicator of a rule's amount or threshold: a support level in money, a share of a
    cost or a multiple ("được hỗ trợ 100% chi phí", "hỗ trợ tối đa 20 triệu đồng/HTX", "Mức
    hỗ trợ: bằng 1,5 lần mức lương") is support.amount; a members' floor ("HTX có tối thiểu
    07 thành viên") the members; anything else a rule names ("không quá 3 sản phẩm", "giá
    trị tối thiểu 300 triệu đồng") is 'other', never a province's count or total."""
    window = folded[item_lo:start]
    kind = unit_kind(unit)
    if kind in ("money", "percent") or unit.startswith("lần"):
        # ("mức chi trả 6,24 triệu đồng/người/tháng": what a support scheme pays)
        if re.search(
            r"\b(ho tro|muc chi tra|ngan sach\b[^.;:%\d]{0,30} bao dam)\b", window
        ) and not (_NORM_OF_OTHER.search(window)):
            return "support.amount", None
    elif unit == "thành viên":
        # whose floor: the organisation named last before it ("tổ hợp tác có tối thiểu 05
        # thành viên; hợp tác xã có tối thiểu 07 thành viên")
        groups = [m.start() for m in re.finditer(r"\b(to hop tac|tht)\b", window)]
        coops = [m.start() for m in re.finditer(r"\b(hop tac xa|htx)\b", window)]
        tht = subject == "THT" or (groups and (not coops or groups[-1] > coops[-1]))
        return ("tht.members" if tht else "htx.members"), None
    if ind_id in _NORM_KEPT[2:] or (ind_id == cat.OTHER and phrase):
        return ind_id, phrase
    words = window.split()[-6:]
    a = folded.rfind(" ".join(words), item_lo, start) if words else start
    return cat.OTHER, f"@{a}:{start}" if words else unit


# A document about the farming cooperatives only ("Báo cáo tình hình hoạt động của các hợp tác
# xã nông nghiệp", "Long An có thêm 11 hợp tác xã nông nghiệp"): the cooperatives it counts are
# the farming ones, and the members, capital, workers, averages and ratings it gives are
# theirs, not the province's or the country's.
_FARMING_TITLE = re.compile(r"\b(hop tac xa|htx) nong nghiep\b")
_WHOLE_ECONOMY = re.compile(r"\b(kinh te tap the|kinh te hop tac|to hop tac|tht|phi nong nghiep)\b")
_FARM_COUNTS = {"htx.total", "htx.active"}
_FARM_THEIRS = {
    "htx.members",
    "htx.capital",
    "htx.workers",
    "htx.revenue_avg",
    "htx.profit_avg",
    "htx.member_income",
    "htx.worker_income",
    "htx.effective",
    "lhhtx.total",
}


def farming_only(title: str) -> bool:
    """Whether a document's title says it is about the farming cooperatives alone."""
    folded = fold(title)
    return bool(_FARMING_TITLE.search(folded)) and not _WHOLE_ECONOMY.search(folded)


def of_the_farming_ones(ind_id: str, label: str, unit: str, sentence: str) -> tuple[str, str]:
    """(indicator id, label) of a figure in a document about the farming cooperatives (its
    sentence says whether a share is of all cooperatives: "chiếm 70% tổng số HTX")."""
    of_all = re.search(r"\btong so (htx|hop tac xa)\b", fold(sentence))
    if unit == "%" and ind_id in (*_FARM_COUNTS, "htx.agri") and not of_all:
        return cat.OTHER, f"{label} (HTX nông nghiệp)"  # "Đồng bằng sông Hồng (31%)": a part
    if ind_id in _FARM_COUNTS:
        return "htx.agri", cat.label("htx.agri")
    if ind_id in _FARM_THEIRS:
        return cat.OTHER, f"{label} (HTX nông nghiệp)"
    return ind_id, label

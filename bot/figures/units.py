"""Units and counted things after a number: "35 HTX", "1,8 triệu thành viên", "3,2 tỷ đồng";
whose figure it is (its subject) and the qualifier before it (khoảng, trên, tối thiểu)."""

from __future__ import annotations

import re

from bot.figures import catalogue as cat
from bot.text import fold

# Surface unit (folded, longest first) → canonical unit.
UNITS: list[tuple[str, str]] = sorted(
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
        ("qtdnd", "quỹ TDND"),
        ("quy tdnd", "quỹ TDND"),
        ("to", "THT"),  # "hơn 800 tổ đang hoạt động"; not "tổ chức" (see unit_after)
        ("quy", "quỹ TDND"),  # "24 quỹ,"; not "quý", "quy mô" (see unit_after)
        ("thanh vien", "thành viên"),
        ("xa vien", "thành viên"),
        ("to vien", "thành viên"),
        ("lao dong", "người"),
        ("nguoi", "người"),
        ("can bo", "người"),
        ("hoc vien", "người"),
        ("luot", "lượt"),
        ("trieu dong", "triệu đồng"),
        ("trieu", "triệu đồng"),
        # a table's short forms: "Tr.đồng/HTX", "Trđ/người/năm", "tr. đ"
        ("tr.dong", "triệu đồng"),
        ("tr. dong", "triệu đồng"),
        ("tr dong", "triệu đồng"),
        ("tr.d", "triệu đồng"),
        ("tr. d", "triệu đồng"),
        ("trd", "triệu đồng"),
        ("ty dong", "tỷ đồng"),
        ("ty", "tỷ đồng"),
        ("ti dong", "tỷ đồng"),  # "tỉ", the other spelling
        ("ti", "tỷ đồng"),
        ("nghin dong", "nghìn đồng"),
        ("dong", "đồng"),
        ("san pham", "sản phẩm"),
        ("doanh nghiep", "doanh nghiệp"),
        ("mo hinh", "mô hình"),
        ("to chuc kinh te tap the", "tổ chức"),  # HTX, unions and THT together
        ("to chuc ktt", "tổ chức"),
        *(
            (surface, unit)
            for surface, unit in [
                # Other counted things (classifier nouns): a record with their own unit, never a
                # cooperative indicator ("06 giải pháp", "161 chủ thể", "33.046 ha", "gấp 1,6 lần").
                ("huyen", "huyện"),
                ("xa", "xã"),
                ("tinh", "tỉnh"),
                ("giai phap", "giải pháp"),
                ("nhom noi dung", "nhóm nội dung"),
                ("nhom", "nhóm"),
                ("chu the", "chủ thể"),
                ("co so", "cơ sở"),
                ("dot", "đợt"),
                ("lan", "lần"),
                # a wage multiple's unit is the wage it multiplies ("bằng 1,2 lần mức lương cơ
                # sở/người/tháng")
                ("lan muc luong co so", "lần mức lương cơ sở"),
                ("lan luong co so", "lần mức lương cơ sở"),
                ("lan muc luong toi thieu vung", "lần mức lương tối thiểu vùng"),
                ("lan muc luong toi thieu", "lần mức lương tối thiểu"),
                ("ha", "ha"),
                ("m2", "m2"),
                ("hecta", "ha"),
                ("ho", "hộ"),
                ("du an", "dự án"),
                ("viec lam", "người"),
                ("lop", "lớp"),
                ("hoi nghi", "hội nghị"),
                ("cuoc", "cuộc"),
                ("chuoi", "chuỗi"),
                ("tan", "tấn"),
                ("lang nghe", "làng nghề"),
                ("don vi", "đơn vị"),
                ("van ban", "văn bản"),
                ("chuong trinh", "chương trình"),
            ]
        ),
    ],
    key=lambda u: -len(u[0]),
)
COUNT_UNITS = {"HTX": "HTX", "THT": "THT", "liên hiệp HTX": "LH HTX", "quỹ TDND": "quỹ TDND"}
_MONEY = {"đồng", "nghìn đồng", "triệu đồng", "tỷ đồng"}
_PEOPLE = {"người", "thành viên", "lượt"}
NUM = r"\d+(?:[.,]\d+)*"
# A number or range, not part of a date, a clock time ("09:45"), a document number or a
# decimal fragment.
# "21/21 huyện", "92/220 xã": N of M, the number being N (see unit_match); "6/2022" is a date.
QUANTITY_RE = re.compile(
    rf"(?<![\d/.,-])(?<!\b\d:)(?<!\b\d\d:)({NUM})(?:\s*(?:[-–]|đến|tới)\s*({NUM}))?"
    # not a document's number, typed with a space before its symbol: "Số: 95 /BC-UBND"
    r"(?!\d|/(?!\d{1,4}\s+[^\W\d])|[.,]\d|\s+/\s*[^\W\d])"
)
_OF_TOTAL = re.compile(r"/(\d{1,4})(?=\s+[^\W\d])")
_QUALIFIERS = {
    "toi thieu": "tối thiểu",
    "it nhat": "ít nhất",
    "khoang": "khoảng",
    "tren": "trên",
    "hon": "hơn",
    "gan": "gần",
    "toi da": "tối đa",
    "khong qua": "tối đa",
    # "không (được) vượt quá 30%": a ceiling (not "đã vượt quá 5%")
    "khong vuot qua": "tối đa",
    "khong duoc vuot qua": "tối đa",
    "duoi": "dưới",
}


def unit_after(folded_tail: str) -> str | None:
    tail = folded_tail.lstrip()
    if tail.startswith("%"):
        return "%"
    for surface, unit in UNITS:
        if tail.startswith(surface) and (
            len(tail) == len(surface) or not tail[len(surface)].isalnum()
        ):
            if surface in ("ty", "ti") and re.match(r"t[yi] (le|trong)\b", tail):
                return None  # "tỷ lệ", "tỉ trọng": a ratio's name
            rest = tail[len(surface) :].lstrip()
            if surface == "to" and re.match(r"(chuc|dan|truong|cong|hop|tuc|quoc)\b", rest):
                return None
            if surface == "quy" and not re.match(r"([,.;)]|$|chiem|tin dung)", rest):
                return None
            if surface == "ho" and re.match(r"(tro|so|chi minh)\b", rest):
                return None  # "hỗ trợ", "hồ sơ", not households
            if surface == "lan" and re.match(r"thu\b", rest):
                return None  # "lần thứ": an ordinal
            if surface == "lan" and re.match(
                r"(kinh phi|chi phi|tien|duy nhat|sau khi|khi|de|cho|doi voi)\b", rest
            ):
                return None  # "hỗ trợ 01 lần kinh phí": how often, not how much
            return unit
    return None


def subject_of(unit: str, context: str) -> str:
    if unit in COUNT_UNITS:
        return COUNT_UNITS[unit]
    if re.search(r"\b(to hop tac|tht)\b", context):
        return "THT"
    if re.search(r"\blien hiep\b", context):
        return "LH HTX"
    if _CREDIT_FUNDS.search(context) and not re.search(r"\b(htx|hop tac xa)\b", context):
        # "Tổng dư nợ cho vay của các QTDND đạt 278 tỷ đồng" (not "của HTX, QTDND": both)
        return "quỹ TDND"
    return "HTX"


# The people's credit funds, not a support fund ("các quỹ hỗ trợ phát triển HTX")
_CREDIT_FUNDS = re.compile(r"\b(quy tin dung|qtdnd|cac quy|\d+ quy)\b(?! ho tro| phat trien)")


def credit_funds_only(title: str) -> bool:
    """Whether a document's title says it is about the people's credit funds alone ("Quỹ Tín
    dụng nhân dân Tân Cương: vốn huy động tăng mạnh"), not the cooperatives."""
    folded = fold(title)
    return bool(re.search(r"\b(quy tin dung|qtdnd)\b", folded)) and not re.search(
        r"\b(htx|hop tac xa|to hop tac|kinh te tap the)\b", folded
    )


def unit_kind(unit: str) -> str:
    if unit in COUNT_UNITS or unit in {"sản phẩm", "doanh nghiệp", "mô hình"}:
        return "count"
    if unit in _PEOPLE:
        return "people"
    if unit in _MONEY:
        return "money"
    return "percent" if unit == "%" else "other"


def qualifier_of(folded_before: str, folded_after: str = "") -> str | None:
    """The qualifier said right before a figure ("khoảng", "trên", "tối đa"), or around it
    ("từ 22 HTX trở lên": at least)."""
    tail = f" {' '.join(folded_before.split()[-4:])}"
    for q, label in _QUALIFIERS.items():
        if tail.endswith(f" {q}"):  # a word: not "giải ngân" (gan), "Quy Nhơn" (hon)
            return label
    if tail.endswith(" tu") and re.match(r"[^.;,\d]{0,25}\btro len\b", folded_after):
        return "tối thiểu"
    return None


_PER_ORGANISATION = re.compile(
    r"\s*/\s*(?:(lien hiep|lh ?htx|lhhtx)|(to hop tac|tht)|(htx|hop tac xa))\b"
)


_GIVEN_TO_HTX = re.compile(r"[^.;,]{0,20}?\bcho (?:cac |moi )?(htx|hop tac xa)\b")


def indicator_subject(
    ind_id: str, unit: str, subject: str, words: str = "", after: str = ""
) -> str:
    """Whose figure it is: the catalogue's subject for money and people ("thu nhập bình
    quân của người lao động"), the counted unit for counts; a level's, what its unit is per
    or who it is given to (`after`: the folded text right after the unit)."""
    ind = cat.catalogue().get(ind_id)
    # the clause the figure ends (not the next one: `words` may run a few characters past
    # the unit, into ", tại các HTX vận tải …")
    tail = after[:8]
    body = words[: len(words) - len(tail)] if tail and words.endswith(tail) else words
    clause = body[body.rfind(", ") + 1 :]
    wage = unit.startswith("lần mức lương")
    if wage and _GIVEN_TO_HTX.match(after):
        return "HTX"  # "bằng 30 lần mức lương cơ sở cho hợp tác xã thành lập mới"
    if ind_id == "support.amount" and (per := _PER_ORGANISATION.match(after)):
        # "40 triệu đồng/LH HTX", "5 triệu đồng/THT": the union's, the group's level
        return "LH HTX" if per.group(1) else "THT" if per.group(2) else "HTX"
    if wage or (ind_id == "support.amount" and re.match(r"\s*/\s*nguoi\b", after)):
        # a wage support is paid to the workers, as is a level "đồng/người/tháng"
        return "người lao động"
    if ind is None and unit == "lượt" and (m := re.search(r"\bluot (\w+( \w+)?)", words)):
        # "40 lượt HTX", "1.150 lượt cán bộ HTX": times of what the word after names
        if re.match(r"(htx|hop tac)\b", m.group(1)):  # the window may end inside "hợp tác xã"
            return "HTX"
        if re.match(r"(can bo|nguoi|lao dong)\b", m.group(1)):
            return "người lao động"
    if ind is None and unit_kind(unit) == "money" and (m := _INCOME_OF.search(clause)):
        # "Thu nhập bình quân của người lao động trong HTX nông nghiệp đạt 44 triệu đồng": an
        # income is its earners', whatever indicator it is
        earner = m.group(1) or m.group(2)
        return "thành viên" if earner in ("thanh vien", "xa vien") else "người lao động"
    if ind is None:
        # people not named members ("15 người", "39.750 lao động") are workers; a table row
        # "Thành viên của HTX thành lập mới | Người" names them
        if unit_kind(unit) != "people":
            return subject
        counted = re.findall(r"\d\s+(\w+(?: \w+)?)", clause)
        if unit == "người" and counted and re.match(r"(nguoi )?lao dong", counted[-1]):
            return "người lao động"  # "2.947 thành viên và 10.692 lao động": its own word
        named = unit == "người" and not re.search(r"\b(thanh|to|xa) vien\b", clause)
        return "người lao động" if named else "thành viên"
    return ind.subject


# (a wage too, and "của 01 lao động": one earner's)
_INCOME_OF = re.compile(
    r"\b(?:thu nhap|luong|tien luong|tien cong)\b(?:[^.;\d]|\b0?1\b){0,40}?"
    r"\b(thanh vien|xa vien|nguoi lao dong|lao dong|nguoi)\b"
    r"|\b(thanh vien|xa vien|nguoi lao dong|lao dong)\b[^.;,\d]{0,30}?\bco thu nhap\b"
)
SCALE = re.compile(r"\s*(trieu|nghin|ngan) (?!dong)")
SCALES = {"trieu": 1e6, "nghin": 1e3, "ngan": 1e3}


def unit_match(folded: str, end: int) -> tuple[str, int, int] | None:
    """(unit, start, end) of the unit written right after a number ending at `end`; a scale
    word before a unit ("1,8 triệu thành viên") is part of the number (see _scale)."""
    if of := _OF_TOTAL.match(folded, end):
        if re.fullmatch(r"(19|20)\d\d", of.group(1)):
            return None  # "tháng 6/2022"
        end = of.end()
    scale = SCALE.match(folded, end)
    if scale and unit_after(folded[scale.end() : scale.end() + 40]) not in (None, "%"):
        end = scale.end()
    tail = folded[end : end + 60]
    unit = unit_after(tail)
    if unit is None:
        return None
    start = end + len(tail) - len(tail.lstrip())
    surface = next((s for s, u in UNITS if u == unit and folded.startswith(s, start)), "")
    return unit, start, start + max(len(surface), 1)


_COUNTED_BEFORE = re.compile(r"\b(?:so|tong so|so luong) (htx|hop tac xa|tht|to hop tac)\b")


def unit_in_context(unit: str, item: str) -> str:
    """A unit as its clause means it: "Số lượng HTX … là 736 đơn vị" counts HTX; the members
    of the Liên minh HTX ("kết nạp được 34 đơn vị thành viên", "824 thành viên, gồm 794
    thành viên chính thức") are organisations, "đơn vị"."""
    if unit == "đơn vị" and (m := _COUNTED_BEFORE.search(item)):
        return unit_after(m.group(1)) or unit
    if (
        unit == "thành viên"
        and re.search(r"(?<!theo )\blien minh\b", item)  # not the source: "Theo Liên minh HTX …"
        and not re.search(r"\b(cac|cua|trong) (htx|hop tac xa|tht|to hop tac)\b", item)
        # ("Liên minh HTX tỉnh phấn đấu thành lập mới 20 HTX, phát triển mới 1.000 thành
        # viên": cooperatives counted since, whose members these are)
        and not re.search(r"\blien minh\b.*\d\s*(htx|hop tac xa)\b", item)
    ):
        return "đơn vị"
    return unit


def label_unit(folded: str, item_lo: int, m: re.Match[str]) -> tuple[str, int, int] | None:
    """ "Số HTX đang hoạt động: 184." — a bare number after a label takes the label's unit."""
    label = folded[item_lo : m.start()]
    # ("Số liên hiệp HTX ước đạt 103.", "Tổng số HTX là 240": a count's label and its verb)
    # ("nâng tổng số liên hiệp HTX lên 07 với 55 HTX thành viên": a total raised to a count)
    said = re.search(r":\s*$", label) or (
        re.match(
            r"\W*(?:[-+•]\s*)?(?:(?:nang|dua) )?(?:tong )?so (?:luong )?\w", label.split(",")[-1]
        )
        and re.search(r"\b(la|dat|uoc dat|uoc|khoang|len)\s*$", label)
    )
    if not said or (
        re.match(r"\s*\w", folded[m.end() : m.end() + 2])
        and not re.match(r"\s+(voi|va|gom|trong do)\b", folded[m.end() : m.end() + 10])
    ):
        return None
    # the counted thing named first ("Số HTX đang hoạt động": HTX, not the "đồng" of "hoạt động")
    found = [
        (f.start(), -len(surface), unit)
        for surface, unit in UNITS
        if unit != "%" and (f := re.search(rf"\b{re.escape(surface)}\b", label))
    ]
    return (min(found)[2], m.end(), m.end()) if found else None

"""Which people indicator a count of people is: members, new members, workers or managers,
from the unit word itself ("15 thành viên", "20 lao động") and the words before it."""

from __future__ import annotations

import re

from bot.figures import catalogue as cat

_ASIDE = re.compile(r"\([^()]*\)|,\s*(tuong duong|chiem)( khoang| tren| gan)?\s*[\d.,]+\s*%\s*,")
_QUALIFIED = re.compile(r"\b(dao tao|boi duong|trinh do|tap huan|tot nghiep)\b")
# A qualification right after a share: "40% có trình độ trung cấp", "16% tốt nghiệp đại học",
# or its absence: "44% chưa qua đào tạo"
_QUALIFIED_AFTER = re.compile(
    r"\s*(?:(chua (?:qua )?dao tao|chua co trinh do)|(?:co|da qua|duoc)\s+(?:trinh do|dao tao)"
    r"|tot nghiep)\b"
)


def managers_share(
    folded: str, item_lo: int, sent_lo: int, start: int, unit_end: int
) -> tuple[str, str | None] | None:
    """The indicator of a share of managers followed by its qualification ("… cán bộ quản lý
    …, 40% có trình độ trung cấp"): the trained managers', or none for the untrained."""
    after = _QUALIFIED_AFTER.match(folded, unit_end)
    if after is None:
        return None
    if after.group(1):
        return cat.OTHER, f"@{item_lo}:{after.end()}"
    return ("htx.managers_trained", None) if "can bo quan ly" in folded[sent_lo:start] else None


# One cooperative's size: "mỗi HTX có 15", "số thành viên bình quân đạt 22", "quy mô trên 100
# thành viên", "22 thành viên/HTX"
_EACH_ONE = re.compile(
    r"\b(binh quan|trung binh|moi) (mot |01 |1 )?(htx|hop tac xa|tht|to hop tac)\b[^.;,]{0,20}"
    # (past the size named first: "mỗi HTX có 166 thành viên và 22 lao động")
    r"(?:[\d.,]+\s*(?:thanh vien|xa vien|lao dong|nguoi)\s*(?:va|,)\s*)?$"
)
_AVERAGE_SIZE = re.compile(
    r"\b(thanh vien|xa vien|lao dong) (binh quan|trung binh)\b[^.;,\d]{0,25}$"
)
_SIZE_OF = re.compile(r"\bquy mo (tu |co )?(tren |duoi |it nhat |toi thieu )?$")
_PER_COOPERATIVE = re.compile(
    r"(thanh vien|xa vien|lao dong|nguoi)\s*/\s*(01 |1 |mot )?"
    r"(htx|hop tac xa|tht|to hop tac)\b"
)


def people_indicator(
    folded: str, lo: int, start: int, unit_start: int, subject: str
) -> tuple[str, str | None]:
    """Members, new members, workers or managers: the unit word itself says most ("15 thành
    viên", "20 lao động"); the words before refine it."""
    unit_word = folded[unit_start : unit_start + 12]
    before = folded[lo:start]
    if unit_word.startswith(("luot", "hoc vien")):
        # "tập huấn cho 420 lượt cán bộ HTX": attendances, not people (one may come twice);
        # "bồi dưỡng cho 700 học viên": a course's trainees, not the HTX's managers
        return cat.OTHER, f"@{max(lo, start - 30)}:{unit_start + 20}"
    if (
        _EACH_ONE.search(before)
        or _AVERAGE_SIZE.search(before)
        or _SIZE_OF.search(before)
        or _PER_COOPERATIVE.match(folded, unit_start, unit_start + 30)
    ):
        # "mỗi HTX có 15 thành viên", "Số thành viên bình quân đạt 22", "22 thành viên/HTX",
        # "HTX có quy mô trên 100 thành viên": one cooperative's size, not all there are
        return cat.OTHER, f"@{max(lo, start - 30)}:{unit_start + 10}"
    if re.search(r"\blao dong (la|dong thoi la) thanh vien\b[^\d.;]{0,25}$", before):
        # "trong đó lao động là thành viên 11.200 người": the template's workers who are
        # members, neither all the workers nor all the members
        return cat.OTHER, f"@{before.rindex('lao dong') + lo}:{start}"
    if re.match(r"lao dong tre\b", folded[unit_start : unit_start + 14]):
        # "đưa 25 lao động trẻ … về làm việc tại HTX": the young-graduates scheme's people,
        # not all the cooperatives' workers
        return cat.OTHER, f"@{unit_start}:{unit_start + 12}"
    if unit_word.startswith("viec lam"):
        return cat.OTHER, f"@{unit_start}:{unit_start + 20}"  # jobs created, not the workers
    if re.search(r"\bthoi vu\b", before[-40:] + folded[unit_start : unit_start + 30]):
        # "việc làm theo thời vụ cho 7.049 lao động": seasonal work, not the HTX's workers
        return cat.OTHER, f"@{max(lo, start - 30)}:{unit_start + 10}"
    members = unit_word.startswith(("thanh vien", "xa vien", "to vien"))
    if members and (
        # (in the figure's own words: since the last figure or clause end)
        re.search(
            r"\b(thu hut them|ket nap|gia nhap moi|thanh vien moi)\b",
            re.split(r"[;.]\s|\d", before[-60:])[-1],
        )
        or re.match(
            r"(thanh vien|xa vien) (moi|gia nhap moi|moi gia nhap|ket nap moi|duoc ket nap)\b",
            folded[unit_start : unit_start + 40],
        )
    ):
        return "htx.new_members", None
    workers = unit_word.startswith("lao dong")
    if re.search(r"\bthanh lap moi\b(?:(?!tong so|\bnang\b).){0,35}\bvoi\b.{0,35}$", before):
        # "thành lập mới 02 HTX với 20 lao động và 15 thành viên": the new HTX's people (not
        # after "nâng tổng số lên 285 HTX với 21.400 thành viên": the total's).
        return cat.OTHER, "thành viên của HTX thành lập mới" if members else (
            "lao động của HTX thành lập mới"
        )
    if members:
        return ("tht.members" if subject == "THT" else "htx.members"), None
    if workers or re.search(
        r"\btao viec lam (thuong xuyen )?cho( khoang| tren| hon| gan)?\s*$", before
    ):
        if subject == "THT":
            return cat.OTHER, f"@{max(lo, start - 30)}:{unit_start + 10}"  # no THT indicator
        return "htx.workers", None  # "tạo việc làm cho 6.940 người": the people they employ
    # (the qualification may follow: "hơn 45 nghìn cán bộ quản lý HTX có trình độ sơ cấp")
    # (past an aside on its share: "59.400 người (trên 46,6%) có trình độ …", "31.500 người,
    # tương đương 24,7%, có trình độ …")
    after = _ASIDE.sub(" ", folded[unit_start : unit_start + 80])[:45]
    if _QUALIFIED.search(before[-60:]) or re.search(
        r"^[^.;,(]*\bco\s+" + _QUALIFIED.pattern, after
    ):
        return "htx.managers_trained", None
    candidates = [i for i in cat.catalogue().values() if i.unit == "people"]
    found = cat.nearest(folded, lo, start, candidates)
    if found and found[0].id == "htx.managers_trained":
        # "Tổng số cán bộ quản lý HTX khoảng 3.368 người": all the managers, not those of a
        # qualification
        return cat.OTHER, f"@{max(lo, start - 30)}:{unit_start + 10}"
    if found:
        return cat.for_subject(found[0].id, subject), None
    return cat.OTHER, f"@{max(lo, start - 30)}:{start}"


# "Thu nhập bình quân người lao động, thành viên": every labeller has an income of both the
# members' (the catalogue's member income), whichever is named first
_BOTH_EARNERS = re.compile(
    r"\bthu nhap\b[^.;\d]{0,40}?\b(nguoi lao dong|lao dong)\b[^.;\d]{0,6}?(,|\bva\b)\s*"
    r"(cac )?(thanh vien|xa vien)\b"
)


def of_both_earners(ind_id: str, words: str) -> str:
    """The member income for an income said of workers and members together."""
    if ind_id == "htx.worker_income" and _BOTH_EARNERS.search(words):
        return "htx.member_income"
    return ind_id

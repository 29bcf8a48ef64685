"""Which catalogue indicator a figure is: the words right after it, then the nearest catalogue
phrase before it in its item, then the section path; a figure that matches nothing is kept as
`other` with its own phrase."""

from __future__ import annotations

import re

from bot.figures import catalogue as cat
from bot.figures.people import people_indicator
from bot.figures.sectors import FARM_AFTER, SECTOR_RE, sector_frame
from bot.figures.units import COUNT_UNITS, QUANTITY_RE, unit_after, unit_kind, unit_match

# A total counts the organisations themselves (or their share, %): "01 doanh nghiệp" said of
# a union is not the number of unions.
_TOTAL_UNITS = frozenset({"HTX", "THT", "liên hiệp HTX", "%", "quỹ TDND"})
# "01 liên hiệp hợp tác xã với 04 hợp tác xã": the HTX that belong to the union.
_UNION_WITH = re.compile(
    r"\b(?:lien hiep (?:hop tac xa|htx)|lh ?htx)\b[^;.]{0,30}\b(voi|gom|tap hop|quy tu)\s*$"
)


def indicator_of(
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
    folded[lo:hi]; a total is only ever a count of the organisations it names."""
    found, phrase = _indicator_of(
        folded, lo, start, unit_start, unit_end, hi, unit, subject, fallback_text
    )
    if unit in COUNT_UNITS and (each := _EACH_PLACE.search(folded, lo, start)):
        # "Mỗi huyện, thành phố có ít nhất 01 tổ hợp tác": each place's, not the province's
        return cat.OTHER, f"@{each.start()}:{unit_end}"
    if (
        found in ("htx.total", "htx.active", "htx.members", cat.OTHER)
        and unit in ("HTX", "thành viên", "đơn vị")
        and (union := _UNION_WITH.search(folded, max(lo, start - 60), start))
        and not re.search(
            r"\b(thanh lap( moi)?|htx( va|,)|hop tac xa( va|,))\s*\d*\s*$",
            folded[max(lo, start - 90) : union.start()],
        )
    ):
        # "3 liên hiệp HTX đang hoạt động với 18 HTX thành viên", "5 liên hiệp HTX với 36
        # thành viên": the unions' member cooperatives (not a new union's: "thành lập mới 1
        # liên hiệp HTX với 6 HTX thành viên"; nor of all: "105 HTX và 1 liên hiệp HTX, với
        # 7.244 thành viên")
        return "lhhtx.member_htx", None
    own_lo = _own_name_start(folded, lo, start)
    if (
        unit_kind(unit) == "money"
        and found in (cat.OTHER, "htx.revenue_avg", "tht.revenue_avg")
        and (named := _AVERAGE_NAMED.search(folded[own_lo:start]))
        and (_PER_COOPERATIVE.search(folded, lo, start) or _PER_UNIT.match(folded, start, hi))
    ):
        # "Doanh thu bình quân … khoảng 2 tỷ đồng/năm, lợi nhuận ước đạt 170 triệu đồng/năm":
        # the average the sentence is listing goes on to the profit; "mỗi HTX có doanh thu
        # 2,2 tỷ đồng, lợi nhuận 470 triệu đồng": per cooperative, averages
        return cat.for_subject(_average_of(named.group(1)), subject), None
    if (
        unit_kind(unit) == "money"
        and found == cat.OTHER
        and (average := _AVERAGE_AFTER_TOTAL.search(folded, lo, start))
        and (_PER_UNIT.match(folded, start, hi) or average.group(3))
    ):
        # "Tổng doanh thu của các HTX đạt 1.250 tỷ đồng, bình quân 3,1 tỷ đồng/HTX": the
        # total's average per cooperative
        return cat.for_subject(_average_of(average.group(1)), subject), None
    if (
        found == cat.OTHER
        and unit == "%"
        and (named := _COUNT_CHANGED.search(folded[own_lo:start]))
    ):
        # "Số lượng HTX tăng 12% so với năm 2022": the change of how many there are
        return ("tht.total" if named.group(1) in ("tht", "to hop tac") else "htx.total"), None
    if unit == "lần" and re.search(
        r"\b(tang|gap)( khoang| hon| tren| gan| tu)?\s*$", folded[lo:start]
    ):
        # "Thu nhập của thành viên HTX tăng 1,5 lần": the change of what its words name
        own = folded[own_lo:start]
        named = cat.nearest(own, 0, len(own), list(cat.catalogue().values()))
        if (
            named is not None
            and named[0].unit in ("money", "count", "people")
            and not (named[0].id == "htx.capital" and AVERAGED.search(own))  # no indicator of it
        ):
            return cat.for_subject(named[0].id, subject), None
    if found == "lhhtx.new" and (farm := FARM_AFTER.match(folded, unit_end, hi)):
        # "thành lập mới 14 liên hiệp HTX nông nghiệp": a part of the new unions, as "16 HTX
        # nông nghiệp" among the new HTX is
        return cat.OTHER, f"@{unit_start}:{farm.end()}"
    if (
        unit == "hộ"
        and re.match(r"\s*thanh vien\b", folded[unit_end:hi])
        and not re.search(r"\b(cho|tai|doi voi)\s*(gan |hon |tren |khoang )?$", folded[lo:start])
    ):
        # "thu hút trên 21.000 hộ thành viên": member households, the members
        tht = subject == "THT" or re.search(r"\b(to hop tac|tht)\b", folded[lo:start])
        return ("tht.members" if tht else "htx.members"), None
    if unit == "HTX" and (mixed := _WITH_THT.match(folded, unit_end, hi)):
        # "18 HTX, tổ hợp tác ứng dụng công nghệ cao", "166 hợp tác xã và tổ hợp tác là chủ
        # thể": cooperatives and groups counted together, no indicator's count
        return cat.OTHER, f"@{unit_start}:{mixed.end()}"
    if found == "htx.dissolved" and re.search(
        r"\b(cho|dang lam thu tuc|chuan bi|se) giai the\b", folded[unit_end:hi]
    ):
        # "23 HTX đã ngưng hoạt động và đang chờ giải thể": not dissolved yet
        return cat.OTHER, f"@{unit_start}:{min(hi, unit_end + 60)}"
    if found in ("htx.members", "tht.members") and (
        other_owner := _members_owner(folded, lo, start, unit_end)
    ):
        # "1.177 quỹ tín dụng nhân dân với 1,9 triệu thành viên", "630 HTX, 8 liên hiệp HTX
        # và 1.420 THT, thu hút 85 nghìn thành viên", "Các tổ chức kinh tế tập thể thu hút
        # 17.000 thành viên": the members of a fund, or of all the kinds together
        return cat.OTHER, other_owner
    if found in OF_ALL_THE_HTX and (owner := _owners(folded, lo, start)) is not None:
        # "thành lập mới 3 HTX với 21 thành viên", "Ba HTX mới có 21 thành viên, vốn điều lệ
        # 2,4 tỷ đồng": the members and capital of the new ones, not of all the HTX
        return cat.OTHER, f"@{owner}:{unit_end}"
    if found.endswith(".total") and unit not in _TOTAL_UNITS:
        return cat.OTHER, f"@{unit_start}:{unit_end}"
    if found.endswith(".total") and unit == "%" and not _ORGANISATIONS.search(folded, lo, unit_end):
        # "xây dựng 5.222 nhà trong tổng số 6.628 nhà cần xóa, đạt 78,79%": a share of
        # something that is not cooperatives, whatever "tổng số" says
        return cat.OTHER, f"@{max(lo, start - 40)}:{unit_end}"
    if unit_kind(unit) == "count" and unit not in COUNT_UNITS and found not in _ANY_COUNTED:
        # "ít nhất 01 mô hình HTX hoạt động hiệu quả", "30 doanh nghiệp liên kết": models and
        # firms are not the cooperatives an indicator counts
        b = max(lo, start - 30)
        return cat.OTHER, f"@{b}:{min(hi, unit_end + 30)}"
    if found != cat.OTHER and unit == "%" and (gdp := _GDP.search(folded, own_lo, unit_end + 12)):
        # "đóng góp (tính cả kinh tế của thành viên) vào GRDP của tỉnh là 1,64%": a share of
        # the economy, whatever the words before it name
        return cat.OTHER, f"@{gdp.start()}:{gdp.end()}"
    if (
        found in ("htx.total", "tht.total")
        and unit in COUNT_UNITS
        and (part := _NAMED_PART_BEFORE.search(folded[own_lo:start]))
        and not _NOT_A_PART.search(part.group("desc"))
        and not FARM_WORDS.match(part.group("desc"))  # "Số HTX nông nghiệp: 218 HTX"
        and describes(part.group("desc"))
    ):
        # "số HTX ngừng hoạt động: 107 HTX", "số HTX có lãi là 260 HTX", "số HTX do nữ làm
        # giám đốc là 48 HTX": the cooperatives the words name, a part, not all of them
        return cat.OTHER, f"@{own_lo + part.start()}:{own_lo + part.end('desc')}"
    if found in _WHOLE_COUNTS and unit_kind(unit) == "count":
        # "Số HTX xếp loại trung bình là 68 HTX", "93 HTX ở mức trung bình", "16 HTX yếu
        # kém": a rating's part of them, not all of them (nor all the active ones)
        after_lo, after_hi = _after_window(folded, unit_end, hi)
        spans = (
            (own_lo, start),
            (after_lo, _clause_end(folded, after_lo, after_hi)),
        )
        for a, b in spans:
            if rated := _RATED_PART.search(folded, a, b):
                return (
                    cat.OTHER,
                    f"@{unit_start}:{max(rated.end(), unit_end)}"
                    if a >= unit_end
                    else f"@{rated.start()}:{unit_end}",
                )
    return found, phrase


# A farming sector's name: "nông nghiệp", "nông, lâm, ngư nghiệp", "nông, lâm, thủy sản"
_FARM_NAME = (
    r"nong(?: nghiep|,? lam(?:,? ngu)?(?:,? diem)?,? nghiep|,? lam)(?:,? (?:va )?thuy san)?"
)
FARM_WORDS = re.compile(r"(?<!phi )\b" + _FARM_NAME + r"\b")


def _clause_after(folded: str, lo: int, start: int, marks: tuple[str, ...]) -> int:
    """Where the words right before `start` begin: after the last of `marks` in [lo, start)."""
    found = [folded.rfind(m, lo, start) + len(m) for m in marks if folded.rfind(m, lo, start) >= 0]
    return max([lo, *found])


# "- Nông nghiệp: 174 HTX", "Nông, lâm nghiệp, thủy sản: 206 HTX", "Tổng hợp tác xã nông
# nghiệp: 218 HTX": a list by sector
_FARM_LABEL = re.compile(
    r"\W*(?:[-+•]\s*)?(?:khu vuc |(?:(?:tong )?so (?:luong )?|tong )?(?:htx|hop tac xa) )?"
    + _FARM_NAME
    + r"\s*:\s*(?:co\s*)?$"
)
_FARM_BEFORE = re.compile(
    r"\b(?:linh vuc|nganh|khoi|khu vuc) nong(?: nghiep|,? lam)[^,;.\d]{0,30}\b(?:co|la)\s*$"
)
# The counts a list has gone through before a figure ("150 HTX và "), up to its head
_LISTED_BEFORE = re.compile(
    r"(?:(?:khoang |tren |gan |it nhat |toi thieu |tu )?[\d.,]+(?:\s*[-–]\s*[\d.,]+)?\s+"
    r"(?:hop tac xa|htx|to hop tac|tht"
    r"|lien hiep (?:htx|hop tac xa)|quy tin dung nhan dan)\s*(?:,|va)\s*)+$"
)
_ORGANISATIONS = re.compile(r"\b(htx|hop tac xa|to hop tac|tht|lien hiep|quy tin dung)\b")
# Indicators that count something other than organisations (OCOP products), or nothing yet.
_ANY_COUNTED = frozenset({"htx.ocop", cat.OTHER})
# Counts a lower rating splits: all the organisations, the active ones, the "khá, giỏi" ones
# a list went on from ("62 HTX khá, giỏi, 93 HTX ở mức trung bình").
_WHOLE_COUNTS = frozenset({"htx.total", "htx.active", "htx.effective", "tht.total"})
# A rating below "khá" names a part: "xếp loại trung bình", "ở mức trung bình", "yếu kém".
# "Số HTX <what they are> (là|:) N": the words between name a part of them
_NAMED_PART_BEFORE = re.compile(
    r"\bso (?:luong )?(?:cac )?(?:htx|hop tac xa|tht|to hop tac)\s+(?P<desc>[^\d:;.,()]{2,50}?)"
    r"\s*(?::|\bla\b|\bdat\b|\bco\b)?\s*$"
)
# where, when or how they are all counted, or how many more: still all of them
_NOT_A_PART = re.compile(
    r"\b(toan|ca nuoc|hien|luy ke|tinh den|den|tren dia ban|tinh|thanh pho|dang ky|ton tai"
    r"|nam|thuc te|tong cong|tang|giam(?! doc)|len|nang|du kien|uoc|ke hoach|phan dau"
    r"|muc tieu|dat|(lon|nhieu|cao|it|thap) nhat)\b"  # "có số HTX lớn nhất với 9.150 HTX"
)
_RATED_PART = re.compile(r"(\b((xep )?loai|muc)\s+)?\b(trung binh|yeu kem|yeu|kem)\b")


_GDP = re.compile(r"\b(?:vao |trong )?(?:tong san pham[^,;.]{0,20}|grdp|gdp)\b[^,;.\d]{0,20}")


_ORG_LIST = re.compile(
    r"(?:\s*(?:,|va)\s*(?:lien hiep (?:htx|hop tac xa)|lh htx|lhhtx|quy tin dung nhan dan"
    r"|qtdnd|quy tdnd|to hop tac|tht|htx|hop tac xa)\b)+"
)
_LIST_GLUE = re.compile(r"\s*(?:,|va)\s+")


def _list_tail(folded: str, unit_end: int, hi: int) -> tuple[int, int] | None:
    """The words after the last count of a list a count starts or continues ("70 tổ hợp
    tác, 02 liên hiệp HTX, 206 HTX và 04 quỹ tín dụng nhân dân đang hoạt động"), as an
    after-window; None when the count is not followed by another one."""
    pos, listed = unit_end, False
    while (glue := _LIST_GLUE.match(folded, pos, hi)) and (
        q := QUANTITY_RE.match(folded, glue.end(), hi)
    ):
        found = unit_match(folded, q.end())
        if found is None or unit_kind(found[0]) != "count":
            break
        pos, listed = found[2], True
    return _after_window(folded, pos, hi) if listed else None


def _own_name_start(folded: str, lo: int, start: int) -> int:
    """Where the words naming a figure begin: after the previous figure in its item, if any."""
    begin = lo
    for prev in QUANTITY_RE.finditer(folded, lo, start):
        begin = prev.end()
    return begin


def _indicator_of(
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
    kind = unit_kind(unit)
    if kind == "people":
        return people_indicator(folded, lo, start, unit_start, subject)
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
    if kind == "count" and (kinds := _ORG_LIST.match(folded, after_lo, after_hi)):
        # "373 HTX, liên hiệp HTX, quỹ tín dụng nhân dân đang hoạt động": one count of the
        # kinds it lists, named by the words after them
        after_lo = kinds.end()
    if (
        kind == "count"
        and (tail := _list_tail(folded, unit_end, hi)) is not None
        # (not "… 07 quỹ tín dụng nhân dân và 24 HTX ở các lĩnh vực khác": "the others" are
        # the last count's own words)
        and not re.search(r"\bkhac\b", folded[tail[0] : tail[1]])
    ):
        # "206 HTX và 04 quỹ tín dụng nhân dân đang hoạt động", "259 HTX và 18 Quỹ … đang
        # hoạt động": the words after a list of counts describe each of them
        after_lo, after_hi = tail
    clause_hi = _clause_end(folded, after_lo, after_hi)
    # A percentage of a denominator ("63% tổng số HTX đang hoạt động", "32% HTX nông nghiệp
    # sẽ liên kết"): the denominator does not name what is measured.
    denominator = (
        (_TOTAL_DENOMINATOR.match(folded, unit_end, after_hi) or None)
        if kind == "percent"
        else None
    )
    bare = _BARE_DENOMINATOR.match(folded, unit_end, after_hi) if kind == "percent" else None
    # Words right after the figure name it first ("878 HTX đang hoạt động", "339 HTX (trên
    # 54%) hoạt động có hiệu quả", "35% HTX đạt loại tốt, khá"), the unit alone not counting,
    # within its clause ("3,2 tỷ đồng/năm, thu nhập của thành viên …" is the next figure's);
    # then the words before it in its item ("Thành lập mới 10 HTX", "thành lập mới 100 HTX,
    # 100 THT và 03 LH HTX").
    # past the farming words of "19 HTX nông nghiệp ứng dụng công nghệ cao": what they do
    farm_words = FARM_AFTER.match(folded, after_lo, clause_hi) if kind == "count" else None
    adj_lo = farm_words.end() if farm_words else after_lo
    if kind == "count" and (attested := _ATTESTED.match(folded, adj_lo, clause_hi)):
        adj_lo = attested.end()  # "96 HTX được công nhận ứng dụng công nghệ cao": what they do
    adjacent = cat.nearest(
        folded, adj_lo, min(clause_hi, adj_lo + 30), candidates, False, min_end=unit_end + 1
    )
    if adjacent is not None and adjacent[1] > unit_end - unit_start + 12:
        adjacent = None
    if denominator or bare:
        adjacent = None
    if adjacent is not None and adjacent[1] > 0:
        ends = folded.find(
            next(p for p in adjacent[0].phrases if p in folded[unit_start:]), unit_start
        )
        tail = folded[ends : after_hi + 1] if ends >= 0 else ""
        next_year = _YEAR_NEXT.match(folded, after_hi)
        if (
            re.search(r"^[^,;.]*\d$", tail)
            and not re.search(r"\b(voi|va)\b", tail)
            and not next_year  # "… ứng dụng công nghệ cao vào sản xuất vào năm 2020"
        ):
            # "10 THT củng cố 30 HTX": words that lead into the next figure; not "216 HTX
            # đang hoạt động với gần 32.000 thành viên" nor "19 HTX … ứng dụng công nghệ cao
            # và 30 HTX liên kết", where "với" or "và" starts the next one
            adjacent = None
    counted = denominator or bare
    farming = (
        FARM_AFTER.match(folded, counted.end(), after_hi)
        if counted and re.search(r"\b(htx|hop tac xa)$", counted.group().rstrip())
        else None
    )
    if farming and not cat.nearest(folded, farming.end(), after_hi, candidates, before=False):
        # "58,9% số HTX hoạt động trong lĩnh vực nông, lâm nghiệp": the farming ones' share;
        # not "15% HTX nông nghiệp ứng dụng công nghệ cao", which names what they do
        return "htx.agri", None
    if kind == "percent" and bare and not denominator:
        # "32% HTX nông nghiệp sẽ liên kết theo chuỗi giá trị": the words past the counted
        # things are what is measured, else the words before ("HTX hiệu quả đạt 70%").
        found = cat.nearest(folded, bare.end(), clause_hi, candidates, before=False)
        found = found or cat.nearest(folded, lo, start, candidates)
        if found is None:
            return cat.OTHER, f"@{unit_start}:{clause_hi}"
        return found[0].id, None
    skip = denominator.end() - unit_end if denominator else 0
    if kind == "percent" and adjacent is None and _names_something(folded[unit_end:after_hi], skip):
        # "60% tổng số HTX hoạt động từ loại khá trở lên": what follows is what is measured,
        # past a denominator ("tổng số HTX"); "HTX hiệu quả chiếm 63% tổng số HTX": a bare
        # denominator leaves it to the words before; "60% tổng doanh thu": nothing we know.
        # Past a denominator the words qualify it ("50% tổng số HTX không còn hoạt động");
        # the measure is then said before the figure ("giải thể dứt điểm"), if anywhere.
        found = cat.nearest(folded, lo, start, candidates) if skip else None
        found = found or cat.nearest(folded, unit_end + skip, after_hi, candidates, before=False)
        if found is None:
            a = unit_end + len(folded[unit_end:after_hi]) - len(folded[unit_end:after_hi].lstrip())
            return cat.OTHER, f"@{a}:{a + len(' '.join(folded[a:after_hi].split()[:6]))}"
        return found[0].id, None
    elif kind == "count" and re.search(
        r"\b(phat trien|thanh lap)( moi| them)?\s*$", _LISTED_BEFORE.sub("", folded[lo:start])
    ):
        # "Phát triển 150 HTX": 150 new ones; so are the "02 liên hiệp HTX" of "phát triển
        # 150 HTX và 02 liên hiệp HTX"
        found = (cat.catalogue()["htx.new"], 0)
    else:
        described = folded[unit_end:after_hi].strip()
        before_lo = lo
        if kind == "count" and described and not _GLUE.match(described):
            # "353 HTX đang hoạt động …, 19 HTX chưa chuyển đổi": words after this figure
            # describe it; words before the previous figure were about that one.
            for prev in QUANTITY_RE.finditer(folded, lo, start):
                if unit_after(folded[prev.end() : prev.end() + 30]):
                    before_lo = prev.end()
                    # and past that figure's own words, up to the clause break between them
                    # ("… thành lập 23 HTX và giải thể 10 HTX yếu kém": what follows "và" is
                    # this one's verb)
                    comma = folded.rfind(", ", before_lo, start)
                    if (va := folded.rfind(" va ", before_lo, start)) > comma:
                        comma = va + 3
                    before_lo = comma + 1 if comma >= 0 else start
        found = adjacent or cat.nearest(folded, before_lo, start, candidates)
        if (
            kind == "count"
            and found is not None
            and not adjacent
            and _PARTS_AFTER_NAME.search(folded, start - found[1], start)
            # (not the kinds of a whole of several: "1.205 tổ chức kinh tế tập thể, gồm: 402
            # HTX; 780 THT" counts all the HTX there are)
            and not _MIXED_WHOLE.search(folded, start - found[1], start)
        ):
            # "thành lập ít nhất 02 HTX, gồm 01 HTX tại thị xã Đông Hòa, 01 HTX tại huyện
            # Tuy An": the parts a breakdown lists after the indicator's words and its figure
            return cat.OTHER, f"@{unit_start}:{clause_hi}"
        # the figure's own clause only ("5 HTX còn lại …, đang lập thủ tục giải thể")
        found = found or cat.nearest(folded, unit_start, clause_hi, candidates, before=False)
    if kind == "count" and subject in ("HTX", "THT"):
        # "147 HTX nông nghiệp", "122 HTX hoạt động trong lĩnh vực nông nghiệp", "Trong lĩnh
        # vực nông, lâm, ngư, diêm nghiệp, toàn tỉnh có 593 HTX": the farming ones; so are
        # "206 HTX nông nghiệp đang hoạt động" and, among the active ones, "121 HTX nông nghiệp"
        # "lĩnh vực nông nghiệp có 296 HTX": the farming ones, said before the count
        farm = FARM_AFTER.match(folded, after_lo, after_hi)  # past "(HTX)" after the unit
        # "nông nghiệp chiếm nhiều nhất với 83 HTX", "…; thương mại 4 HTX": the sector its
        # own words name (since the last semicolon or "và"; for other sectors, comma too: a
        # farming sector's name has commas), when they name no indicator
        farm_lo = _clause_after(folded, _own_name_start(folded, lo, start), start, (";", " va "))
        sector_lo = _clause_after(folded, farm_lo, start, (",",))
        own_names = cat.nearest(folded, farm_lo, start, candidates)
        farm_before = (
            _FARM_BEFORE.search(folded, lo, start)
            or _FARM_LABEL.match(folded, lo, start)
            or (None if own_names else FARM_WORDS.search(folded, farm_lo, start))
        )
        whole = (
            found is None
            or found[0].id.endswith(".total")
            or found[0].id == "htx.agri"
            or (found[0].id == "htx.active" and (farm or farm_before) is not None)
        )
        frame = sector_frame(folded, lo, start)
        if found is not None and found[0].id.endswith((".new", ".dissolved")):
            part = farm or re.match(
                r"\s*(phi nong nghiep|(cong|thuong mai|dich vu)\b)", folded[unit_end:]
            )
            if part:  # "thành lập mới được 16 HTX nông nghiệp": a part of the new ones
                return cat.OTHER, f"@{unit_start}:{part.end()}"
        if frame and frame.group(1) != "nong":
            return cat.OTHER, f"@{frame.start(1)}:{unit_end}"  # "Ngành lúa gạo: có 30 HTX …"
        if whole and subject == "THT" and farm:
            # "630 THT hoạt động trong lĩnh vực nông nghiệp": the farming ones, a part (no
            # indicator counts them)
            return cat.OTHER, f"@{unit_start}:{farm.end()}"
        if whole and subject == "HTX" and (farm or frame or farm_before):
            flows = list(_FLOW_BEFORE.finditer(folded, lo, start))
            # the total said after the last flow, its list included ("nâng tổng số lên 68 liên
            # hiệp HTX nông nghiệp và 17.300 HTX nông nghiệp")
            own_total = flows and re.search(r"\btong so\b", folded[flows[-1].end() : start])
            # ("thành lập mới 1.600 HTX nông nghiệp, nâng tổng số lên 22.500 HTX nông nghiệp":
            # the total its own words name is not a part of the new ones)
            if (_FLOW_BEFORE.search(folded, lo, start) and not own_total) or (
                farm and describes(folded[farm.end() : _clause_end(folded, farm.end(), after_hi)])
            ):
                # "thành lập mới 08 HTX, gồm 05 HTX nông nghiệp": a part of the new ones;
                # "13 HTX nông nghiệp yếu kém": a part of the farming ones
                return cat.OTHER, f"@{unit_start}:{(farm.end() if farm else unit_end) + 12}"
            return "htx.agri", None
        sector = (
            SECTOR_RE.search(folded, after_lo, min(after_hi, after_lo + 25))
            or (
                SECTOR_RE.search(folded, lo, start)
                if re.search(r":\s*$", folded[lo:start])
                else None
            )
            or (None if own_names else SECTOR_RE.search(folded, sector_lo, start))
        )
        if sector and whole:
            if sector.start() >= unit_end:
                return cat.OTHER, f"@{unit_start}:{sector.end()}"
            return cat.OTHER, f"@{lo}:{start}"
        if whole and describes(folded[after_lo:clause_hi]):
            # "26.074 THT có đăng ký chứng thực", "998 tổ hợp tác hoạt động theo Nghị định",
            # "79 HTX thành lập trước năm 2013", "5 HTX còn lại": a part the words after the
            # count describe, not the total (nor the farming ones) said before it
            return cat.OTHER, f"@{unit_start}:{clause_hi}"
    if (
        kind == "count"
        and subject in ("quỹ TDND", "LH HTX")
        and (found is None or found[0].id.endswith(".total"))
    ):
        words = folded[after_lo:clause_hi]
        sector = FARM_AFTER.match(words) or SECTOR_RE.match(words.strip())
        if describes(words) and not sector:  # "1 Quỹ tín dụng nhân dân đang tạm ngừng …"
            return cat.OTHER, f"@{unit_start}:{clause_hi}"
    if found is not None and kind == "count":
        twin = cat.for_subject(found[0].id, subject)
        if cat.catalogue()[twin].subject not in (subject, "LH HTX"):
            # "giải thể 01 LH HTX": an HTX concept the union has no indicator for.
            phrase_at = folded.rfind(found[0].phrases[0], lo, start)
            return cat.OTHER, f"@{phrase_at}:{unit_end}" if phrase_at >= 0 else unit
        return twin, None
    if (
        found is None
        and fallback_text
        and not (kind == "count" and describes(folded[after_lo:after_hi]))
    ):
        # (not "Có 9 HTX … ngừng hoạt động" under "Giải thể, ngừng hoạt động": its own
        # words say what it counts)
        found = cat.nearest(fallback_text, 0, len(fallback_text), candidates)
    if found is not None:
        twin = cat.for_subject(found[0].id, subject)
        if kind == "money" and subject in ("THT", "LH HTX") and twin.startswith("htx."):
            # "doanh thu bình quân của liên hiệp HTX đạt 258 tỷ đồng": the HTX indicator is not
            # the union's; never labelled per HTX.
            return cat.OTHER, f"{cat.label(twin)} ({subject})"
        if (
            kind in ("money", "percent")  # and its change: "Vốn góp bình quân của HTX tăng 16%"
            and twin == "htx.capital"
            and (
                _PER_UNIT.match(folded, start, hi)
                # "bình quân mỗi HTX có 3,24 tỷ đồng vốn điều lệ", "Vốn điều lệ bình quân/HTX"
                or AVERAGED.search(folded, _own_name_start(folded, lo, start), start)
            )
        ):
            # "bình quân 1,86 tỷ đồng/HTX": an average, not the capital of all of them
            return cat.OTHER, "vốn điều lệ bình quân/HTX"
        return twin, None
    totals = {
        "HTX": "htx.total",
        "THT": "tht.total",
        "LH HTX": "lhhtx.total",
        "quỹ TDND": "qtdnd.total",
    }
    if kind == "count" and subject in totals and unit in COUNT_UNITS:
        described = folded[unit_end:after_hi].strip()
        if _AT_PLACE.search(folded, lo, start):
            # "25 sinh viên về làm việc tại 25 HTX", "cho 11 hợp tác xã vay": the HTX a
            # figure reaches, not how many there are
            b = max(lo, start - 40)
            return cat.OTHER, f"@{b}:{unit_end}"
        if graded := _ONE_CLASS_BEFORE.search(folded, lo, start):
            return cat.OTHER, f"@{graded.start()}:{unit_end}"  # "loại tốt 95 HTX"
        if describes(described) or _PART_OF.search(folded[lo:start]):
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
    r"^(\(|[,;.:)]|$|(voi|va|hoac|trong|tren|tai|cua|o|nam|den|tang|giam|chiem|so voi|bang"
    r"|nang|hien|cung|nhung|la|thanh vien|con(?! lai)|co(?=\s*$)|dat(?! loai)|tro len|len"
    r"|gom|bao gom|trong do|cac loai)\b)"
)


def describes(words: str) -> bool:
    """Whether the words after a count describe a part of what is counted ("có đăng ký chứng
    thực", "thành lập trước năm", "còn lại", "đạt loại tốt"), not glue ("và", "trong", ",")
    nor a plain "hoạt động"."""
    # past where they are and "hiện đang": "ở các huyện Nam Sách, Tứ Kỳ ngừng hoạt động"
    words = re.sub(r"^(hien )?(dang )?(?=\w)", "", _PLACE_LEAD.sub("", words, 1).strip())
    words = words.rstrip(" .;:!?")  # "… đang hoạt động." at the end of the text
    if re.match(r"(o|trong|thuoc) (cac )?(linh vuc|nganh)\b.*\bkhac\b", words):
        return True  # "24 HTX ở các lĩnh vực khác": the rest, a part
    if not words or _GLUE.match(words) or words.startswith("-"):
        return False
    # "216 HTX đang hoạt động với gần 32.000 thành viên": what comes after "với", "và" is
    # about the next figure, not this one
    words = re.split(r"\s(?:voi|va|cung)\s", f"{words} ")[0].strip()
    if re.match(r"(dang |hien )?ton tai\b", words):
        return False  # "29.378 HTX đang tồn tại": all of them
    if re.match(r"(dang )?hoat dong (trong|tren|o|tai)\b", words):
        return False  # "106 HTX hoạt động trong các lĩnh vực": all of them
    return not re.fullmatch(r"(dang )?hoat dong( \w+)?", words) or bool(
        re.fullmatch(r"(dang )?hoat dong (theo|ngoai|kem|yeu|khong)\b.*", words)
    )


# Where counted things are, before what is said of them: "9 HTX ở các huyện Nam Sách, Tứ Kỳ
# ngừng hoạt động"
_PLACE_LEAD = re.compile(
    r"^\s*(?:o|tai) (?:cac |dia ban )?(?:huyen|thi xa|thanh pho|tp|xa|phuong|quan)\b[^.;]*?"
    r"(?= (?:ngung|tam|khong|chua|dang|da|hoat|giai)\b)"
)
_PARTS_AFTER_NAME = re.compile(r"\d[^\d]*\b(gom|bao gom|trong do|trong so do)\b")
_MIXED_WHOLE = re.compile(
    r"\d\s+(to chuc kinh te tap the|to chuc ktt|to chuc)\b[^\d]*\b(gom|bao gom)\b[^\d]*$"
)
# (and "bình quân mỗi tỉnh có 220 HTX", "Số HTX bình quân 1 tỉnh": an average per place)
_EACH_PLACE = re.compile(
    r"\b(?:moi|binh quan (?:1|01|mot)) "
    r"(tinh|huyen|xa|thi xa|thi tran|thanh pho|quan|phuong|thon|ap|ban|dia phuong)\b"
)
_AT_PLACE = re.compile(r"\b(tai|cho|doi voi)\s*$")
_PART_OF = re.compile(r"\b(gom|bao gom|trong so do)\s*$")
# One grade of a rating before its count: "loại tốt 95 HTX, loại khá 140 HTX" (each a part;
# "tốt, khá" together are the effective ones, a catalogue indicator found before this)
_ONE_CLASS_BEFORE = re.compile(r"\bloai (tot|kha|trung binh|yeu|kem)( (co|la|dat))?\s*:?\s*$")


_ATTESTED = re.compile(r"\s*(?:da )?duoc (?:cong nhan|chung nhan|xac nhan)(?: la| dat)?\b")


def _after_window(folded: str, unit_end: int, hi: int) -> tuple[int, int]:
    """Words after a figure that can name it, (start, end): up to the next figure or
    parenthesis, a parenthesis right after the unit skipped ("235 THT (thành lập mới từ 15 -
    20 THT)" gives the 15 - 20 their words; "339 HTX (trên 54%) hoạt động có hiệu quả")."""
    lo = unit_end
    lead = re.match(r"\s*\([^()]{0,40}\)", folded[lo:hi])
    if lead:
        lo += lead.end()
    stop = re.search(r"[\d(]", folded[lo:hi])
    return lo, lo + stop.start() if stop else hi


# A clause break after a figure: "3,2 tỷ đồng/năm, thu nhập …" (not "tốt, khá").
_CLAUSE_BREAK = re.compile(r"[;.]\s|,\s(?!(kha|tot|gioi)\b)")
# "63% tổng số HTX", "25% trên tổng số cán bộ quản lý HTX": what the share is taken of.
_TOTAL_DENOMINATOR = re.compile(
    r"\s*(tren |so voi |trong )?(tong so|so) (cac )?"
    r"(hop tac xa|htx|to hop tac|tht|can bo|thanh vien|lao dong|nguoi)\b"
)
_BARE_DENOMINATOR = re.compile(
    r"\s*(cac |so )?(hop tac xa|htx|to hop tac|tht)( nong nghiep)?\b(?!\s*(thanh vien|moi))"
)


# Said as an average: the capital of an average HTX is no indicator (only all the capital is)
AVERAGED = re.compile(r"\b(binh quan|trung binh)\b")


def _average_of(measure: str) -> str:
    """The average indicator of a folded measure word: "doanh thu", else profit ("lợi nhuận",
    "lãi")."""
    return "htx.revenue_avg" if measure == "doanh thu" else "htx.profit_avg"


_AVERAGE_AFTER_TOTAL = re.compile(
    r"\btong (doanh thu|loi nhuan|lai)\b(?:[^.;]|\.(?=\d))*\d[^.;\d]*,\s*(binh quan|trung binh)"
    r"( (?:cua )?(?:moi|mot|01) (?:htx|hop tac xa)( (?:dat|la|khoang))?)?\s*$"
)
_AVERAGE_NAMED = re.compile(
    r"(?:^|[,;]|\bco|\bdat|\bva)\W*(doanh thu|loi nhuan|lai)\b(?! suat)"
    r"(?![^.;\d]*\b(tong|sau thue)\b)[^,;\d]*$"
)
# An average per cooperative (not "tổng doanh thu … bình quân mỗi năm", a yearly total)
_PER_COOPERATIVE = re.compile(
    r"\b(doanh thu|thu nhap) (binh quan|trung binh)\b"
    r"|\b(binh quan|trung binh) (cua )?(moi |mot |01 |1 )?(htx|hop tac xa)\b"
    r"|\bmoi (htx|hop tac xa|tht|to hop tac)\b"
)
_WITH_THT = re.compile(r"\s*(?:,|va|hoac)\s*(?:to hop tac|tht)\b")
_YEAR_NEXT = re.compile(r"(19|20)\d\d\b(?!\s*(htx|hop tac xa|tht|to hop tac))")
# What all the cooperatives have in all (members, workers, capital): a new one's or one
# cooperative's on average is no such total
OF_ALL_THE_HTX = frozenset({"htx.members", "htx.capital", "htx.workers", "tht.members"})


def _owners(folded: str, lo: int, start: int) -> int | None:
    """Where the new (or dissolved) HTX a figure belongs to are named, if the count nearest
    before it in its item is theirs."""
    counts = [q for q in QUANTITY_RE.finditer(folded, lo, start) if unit_match(folded, q.end())]
    seg_lo = max(lo, counts[-1].start() - 30) if counts else lo
    found = _FLOW_BEFORE.search(folded, seg_lo, start)
    return found.start() if found else None


_COUNT_CHANGED = re.compile(
    r"(?:^|[,;:]\s*|\bva )\W*(?:tong )?so(?: luong)? (?:cac )?(htx|hop tac xa|tht|to hop tac)\s+"
    r"(?:da |cung )?(?:tang|giam)(?: khoang| hon| gan| tren)?\s*$"
)
# Who the members counted next belong to: the organisation named last before them
_MEMBER_OWNERS = re.compile(
    r"\b(?:(quy tin dung(?: nhan dan)?|qtdnd)"
    r"|(to chuc kinh te tap the|cac to chuc nay|khu vuc kinh te tap the(?!\W+(?:htx|hop tac xa))"
    r"|khu vuc nay)"
    r"|(to hop tac|tht)|lien hiep (?:hop tac xa|htx)|hop tac xa|htx)\b"
)
_SENTENCE_END = re.compile(r"[.;!?](?!\d)\s")
_WITH_HTX = re.compile(r"\b(htx|hop tac xa)\b[^.;]*(\b(va|ke ca|bao gom|gom)\b|,)[^.;]*$")
_HTX_COUNTED = re.compile(r"\d\s*(htx|hop tac xa)\b")
_PEOPLE_COUNTED = re.compile(r"\d\s*(thanh vien|xa vien|lao dong|nguoi)\b")


def _members_owner(folded: str, lo: int, start: int, unit_end: int) -> str | None:
    """The phrase of members that are not all the HTX's nor all the THT's: those of a credit
    fund, of the collective economy, or of a list of HTX and THT counted together."""
    ends = list(_SENTENCE_END.finditer(folded, lo, start))
    sent_lo = ends[-1].end() if ends else lo
    owners = list(_MEMBER_OWNERS.finditer(folded, sent_lo, start))
    if not owners:
        return None
    last = owners[-1]
    if last.group(1) and _WITH_HTX.search(folded, max(sent_lo, last.start() - 40), last.start()):
        # "194 hợp tác xã (kể cả các quỹ tín dụng nhân dân) với 90.523 thành viên", "322 HTX
        # và Quỹ tín dụng nhân dân …": funds counted among the HTX, the HTX's members
        return None
    if last.group(1) or last.group(2):
        return f"@{last.start()}:{unit_end}"
    if (
        last.group(3)
        and _HTX_COUNTED.search(folded, sent_lo, last.start())
        and not _PEOPLE_COUNTED.search(folded, sent_lo, last.start())
    ):
        return f"@{sent_lo}:{unit_end}"
    return None


_FLOW_BEFORE = re.compile(
    r"\b(thanh lap( moi| them)?|giai the|phat trien moi|(htx|hop tac xa|tht|to hop tac|to) moi)\b"
)
_PER_UNIT = re.compile(
    r"[\d.,]+\s*(nghin dong|trieu dong|t[yi] dong|trieu|t[yi]|dong)\s*/\s*(htx|hop tac xa)\b"
)


def _clause_end(folded: str, lo: int, hi: int) -> int:
    m = _CLAUSE_BREAK.search(folded, lo, hi)
    return m.start() if m else hi


_WHEN = re.compile(
    r"((vao|den|trong|tu|tai)\s+)?((thoi diem|cuoi|dau|het|ca)\s+)?"
    r"(nam|giai doan|thoi ky|hang nam|moi nam)( (19|20)\d\d\b.*)?"
)


def _names_something(after: str, skip: int = 0) -> bool:
    """Whether a percentage is followed by what it measures, not by punctuation or a
    comparison ("60% tổng doanh thu" yes; "35%;", "98% kế hoạch", "10% so với" no), past
    its denominator ("15% số HTX nông nghiệp ứng dụng công nghệ cao")."""
    if skip and after[skip:].strip() and not re.match(r"\s*[,;.:)]", after[skip:]):
        return True
    words = after.strip().split()
    if _WHEN.fullmatch(after.strip()):
        # "45% năm 2021", "60% vào năm 2025", "7%/năm giai đoạn 2022 - 2030" (the window may
        # end before the year): when, not what
        return False
    return bool(words) and not re.match(r"(so|ke|kh|chi|muc|tro|tren|\W)", words[0])


def phrase_text(text: str, phrase: str | None) -> str | None:
    """An 'other' figure's phrase, found on the folded text as "@start:end", in the text's own
    words (folding keeps positions)."""
    if phrase and (m := re.fullmatch(r"@(\d+):(\d+)", phrase)):
        return " ".join(text[int(m.group(1)) : int(m.group(2))].split()).strip(" ,;:(") or None
    return phrase

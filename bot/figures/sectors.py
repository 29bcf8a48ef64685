"""Sectors a count can be framed by or qualified with: "147 HTX nông nghiệp", "Trong lĩnh vực
nông, lâm, ngư nghiệp, …", "Ngành lúa gạo: có 30 HTX"."""

from __future__ import annotations

import re

SECTORS = (
    "trong trot",
    "trong cay",  # "5 HTX trồng cây ăn trái"
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
    "dien(?! bien| tich| ban)",  # electricity; not Điện Biên, diện tích, địa bàn
    "quan ly cho",  # market management ("chợ"); not "cho" (for): "tạo việc làm cho …"
    "kinh doanh cho",
    "y te",
    "giao duc",
    "du lich",
    "khai thac",
    "che bien",
)
SECTOR_RE = re.compile(r"\b(" + "|".join(SECTORS) + r")\b")


# "122 HTX hoạt động trong lĩnh vực nông nghiệp", "593 HTX nông, lâm, ngư nghiệp"
FARM_AFTER = re.compile(
    r"\s*(?:(?:dang )?hoat dong\s+)?(?:trong\s+)?(?:(?:cac )?linh vuc\s+)?"
    r"nong(?: nghiep|,? lam(?:,? ngu)?(?:,? diem)?,? nghiep| lam nghiep"
    r"|,? lam(?:,? ngu)?,? (?:va )?thuy san)\b"  # "522 HTX nông, lâm, thủy sản"
    r"(?:\s*-\s*(?:thuy san|lam nghiep|nong thon))?"
    # not "521 HTX nông nghiệp và phi nông nghiệp": farming and the rest are all of them
    r"(?!\s*(?:va|,|hoac)\s*phi nong nghiep)"
)
# A sentence framed by a sector: "Trong lĩnh vực nông, lâm, ngư nghiệp, …", "- Ngành lúa
# gạo: có 30 HTX …" (group 1: "nong" for farming, else the sector's first word).
_SECTOR_FRAME = re.compile(
    r"\W*(?:[\divx]+[.)]\s*)?(?:trong |doi voi |ve |rieng )?(?:cac )?"
    # ("khu vực" of a sector, not "khu vực HTX", "khu vực tổ hợp tác")
    r"(?:linh vuc|nganh|khoi|khu vuc(?! (?:htx|hop tac|to hop tac|tht|kinh te|lien hiep)))\s+"
    r"(?!nay\b)(\w+)[^,:;.]{0,50}?\s*[,:]"
)


def sector_frame(folded: str, lo: int, start: int) -> re.Match[str] | None:
    """The sector framing the item or sentence a figure at `start` is in ("- Lĩnh vực nông
    nghiệp: 180 HTX", "Lĩnh vực công nghiệp - tiểu thủ công nghiệp, điện có 83 HTX")."""
    dot = folded.rfind(". ", 0, start)
    sentence = max(dot + 2 if dot >= 0 else 0, folded.rfind("\n", 0, start) + 1)
    for begin in (lo, sentence):
        frame = _SECTOR_FRAME.match(folded, begin, start)
        if frame and not re.search(r"\d", folded[begin : frame.end()]):
            return frame
    return None

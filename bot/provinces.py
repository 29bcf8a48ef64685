"""Vietnam's provinces before and after the July 2025 merger, as data.

Before 1 July 2025 Vietnam had 63 provinces and centrally-run cities; Resolution
202/2025/QH15 merged them into 34 units. The corpus talks about the old provinces, users may
ask about either, so every old province records the post-2025 unit it now belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.text import normalize

# Post-2025 unit -> old (pre-2025) provinces merged into it. The first member is the one whose
# name the new unit kept ("Huế" is the renamed Thừa Thiên Huế).
MERGERS: dict[str, tuple[str, ...]] = {
    # Unchanged.
    "Hà Nội": ("Hà Nội",),
    "Huế": ("Thừa Thiên Huế",),
    "Lai Châu": ("Lai Châu",),
    "Điện Biên": ("Điện Biên",),
    "Sơn La": ("Sơn La",),
    "Lạng Sơn": ("Lạng Sơn",),
    "Quảng Ninh": ("Quảng Ninh",),
    "Thanh Hóa": ("Thanh Hóa",),
    "Nghệ An": ("Nghệ An",),
    "Hà Tĩnh": ("Hà Tĩnh",),
    "Cao Bằng": ("Cao Bằng",),
    # Merged.
    "Tuyên Quang": ("Tuyên Quang", "Hà Giang"),
    "Lào Cai": ("Lào Cai", "Yên Bái"),
    "Thái Nguyên": ("Thái Nguyên", "Bắc Kạn"),
    "Phú Thọ": ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"),
    "Bắc Ninh": ("Bắc Ninh", "Bắc Giang"),
    "Hưng Yên": ("Hưng Yên", "Thái Bình"),
    "Hải Phòng": ("Hải Phòng", "Hải Dương"),
    "Ninh Bình": ("Ninh Bình", "Hà Nam", "Nam Định"),
    "Quảng Trị": ("Quảng Trị", "Quảng Bình"),
    "Đà Nẵng": ("Đà Nẵng", "Quảng Nam"),
    "Quảng Ngãi": ("Quảng Ngãi", "Kon Tum"),
    "Gia Lai": ("Gia Lai", "Bình Định"),
    "Khánh Hòa": ("Khánh Hòa", "Ninh Thuận"),
    "Lâm Đồng": ("Lâm Đồng", "Đắk Nông", "Bình Thuận"),
    "Đắk Lắk": ("Đắk Lắk", "Phú Yên"),
    "TP. Hồ Chí Minh": ("TP. Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"),
    "Đồng Nai": ("Đồng Nai", "Bình Phước"),
    "Tây Ninh": ("Tây Ninh", "Long An"),
    "Cần Thơ": ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    "Vĩnh Long": ("Vĩnh Long", "Bến Tre", "Trà Vinh"),
    "Đồng Tháp": ("Đồng Tháp", "Tiền Giang"),
    "Cà Mau": ("Cà Mau", "Bạc Liêu"),
    "An Giang": ("An Giang", "Kiên Giang"),
}

# Extra spellings per old province, on top of its canonical name. Case, diacritics, extra
# spaces and "-", "–", "." between syllables are tolerated anyway; list real variants only.
ALIASES: dict[str, tuple[str, ...]] = {
    "TP. Hồ Chí Minh": (
        "TP.HCM",
        "TPHCM",
        "TP HCM",
        "HCM",
        "HCMC",
        "Hồ Chí Minh",
        "Thành phố Hồ Chí Minh",
        "Sài Gòn",
        "Saigon",
    ),
    "Bà Rịa - Vũng Tàu": ("BR-VT", "BRVT", "Bà Rịa Vũng Tàu", "Bà Rịa–Vũng Tàu", "Vũng Tàu"),
    "Thừa Thiên Huế": ("Thừa Thiên - Huế", "TT-Huế", "Huế"),
    "Đắk Lắk": ("Đắc Lắc", "Dak Lak", "Daklak", "ĐắkLắk"),
    "Đắk Nông": ("Đắc Nông", "Dak Nong"),
    "Kon Tum": ("Kontum",),
    "Bắc Kạn": ("Bắc Cạn",),
    "Hà Nội": ("Hanoi",),
    "Đà Nẵng": ("Danang",),
}

# Phrases that look like a province but are not one. A match here consumes the text, so the
# province inside it is not reported ("Thái Bình Dương" is the Pacific, not Thái Bình).
NOT_PROVINCES: tuple[str, ...] = (
    "Thái Bình Dương",
    "Nguyễn Huệ",
    "Chủ tịch Hồ Chí Minh",
    "tư tưởng Hồ Chí Minh",
    "đạo đức Hồ Chí Minh",
    "phong cách Hồ Chí Minh",
    "tấm gương Hồ Chí Minh",
    "đồng chí Hồ Chí Minh",
    "Bác Hồ Chí Minh",
    "Cộng sản Hồ Chí Minh",
    "quốc gia Hồ Chí Minh",
)

# Province names that are also ordinary words ("hòa bình" = peace, "cao bằng" = as tall as).
# In running text (find_provinces) they count only when capitalised or after "tỉnh"/"TP".
COMMON_WORD_NAMES: frozenset[str] = frozenset(
    {"Hòa Bình", "Thái Bình", "Bình Định", "Hải Dương", "Cao Bằng"}
)

OLD_CITIES = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "TP. Hồ Chí Minh"})
NEW_CITIES = frozenset({"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "TP. Hồ Chí Minh"})


@dataclass(frozen=True)
class Province:
    """An old (pre-2025) province and the post-2025 unit it belongs to."""

    name: str  # canonical pre-2025 name, e.g. "Hòa Bình", "TP. Hồ Chí Minh", "Thừa Thiên Huế"
    current: str  # the post-July-2025 unit it belongs to, e.g. "Phú Thọ", "Huế"
    aliases: tuple[str, ...]  # every accepted spelling, canonical name first


def _build_provinces() -> tuple[Province, ...]:
    provinces = []
    for current, olds in MERGERS.items():
        for name in olds:
            spellings = [name, *ALIASES.get(name, ())]
            aliases = tuple(dict.fromkeys(normalize(s) for s in spellings))
            provinces.append(Province(name=name, current=current, aliases=aliases))
    return tuple(provinces)


OLD_PROVINCES: tuple[Province, ...] = _build_provinces()
NEW_PROVINCES: tuple[str, ...] = tuple(MERGERS)

assert len(OLD_PROVINCES) == 63, len(OLD_PROVINCES)
assert len(NEW_PROVINCES) == 34, len(NEW_PROVINCES)
assert len({p.name for p in OLD_PROVINCES}) == 63
assert set(ALIASES) <= {p.name for p in OLD_PROVINCES}
assert COMMON_WORD_NAMES <= {p.name for p in OLD_PROVINCES}

BY_NAME: dict[str, Province] = {p.name: p for p in OLD_PROVINCES}

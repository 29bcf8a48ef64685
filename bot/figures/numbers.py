"""Vietnamese numbers and units: 60.500 = 60500, 1,3 = 1.3, 02 = 2; 3,2 tỷ = 3.2 × 10^9 đồng."""

from __future__ import annotations

import re

_MONEY_SCALE = {"đồng": 1.0, "nghìn đồng": 1e3, "triệu đồng": 1e6, "tỷ đồng": 1e9}
_PEOPLE = {"người", "thành viên", "lao động", "học viên"}


def parse_number(raw: str) -> float:
    """Vietnamese number: "." groups thousands, "," marks decimals: 60.500 → 60500,
    1,3 → 1.3, 3,525 → 3.525, 1.234,5 → 1234.5, 02 → 2."""
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        return float(raw.replace(".", ""))
    return float(raw.replace(".", "").replace(",", ".")) if "," in raw else float(raw)


def format_number(x: float) -> str:
    """Vietnamese style: 60.500, 1,3."""
    if x == int(x):
        return f"{int(x):,}".replace(",", ".")
    return f"{x:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")


_SAME_UNIT = {
    "liên hiệp HTX": "LH HTX",
    "LHHTX": "LH HTX",
    "quỹ tín dụng": "quỹ TDND",
    "quỹ tín dụng nhân dân": "quỹ TDND",
    "QTDND": "quỹ TDND",
    "quỹ": "quỹ TDND",
}


def normalised(value_min: float, value_max: float, unit: str) -> tuple[float, float, str]:
    """Values in base units for comparison: money in đồng, people as "người"."""
    unit = _SAME_UNIT.get(unit, unit)
    if unit in _MONEY_SCALE:
        k = _MONEY_SCALE[unit]
        return round(value_min * k, 2), round(value_max * k, 2), "đồng"
    if unit in _PEOPLE:
        return value_min, value_max, "người"
    return value_min, value_max, unit

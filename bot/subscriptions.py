"""Following a province: `/theodoi Quảng Ninh` until `/botheodoi Quảng Ninh`.

A subscription is a user and a unit as understood from what they typed (the gazetteer's
`said`): a post-2025 unit covers the provinces merged into it ("Phú Thọ" follows Phú Thọ,
Vĩnh Phúc and Hòa Bình), an old province only itself. After a reload, `notices` lists, per
subscriber, the documents added or replaced about a province they follow.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine as SAEngine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, select

from bot import gazetteer
from bot.db import SubscriptionRow

MAX_PER_USER = 20


@dataclass(frozen=True)
class Notice:
    unit: str  # what the user follows, "Phú Thọ"
    article: Any  # the IndexedArticle added or replaced (bot.search.article)
    action: str  # "add" or "replace"


def covered(unit: str) -> tuple[str, ...]:
    """The old provinces a followed unit covers."""
    return tuple(p for pq in gazetteer.resolve_query(unit) for p in pq.provinces)


def units_covering(province: str) -> set[str]:
    """Every unit whose followers want news of this old province: the province itself (as
    said) and the post-2025 unit it belongs to."""
    units = {pq.said for pq in gazetteer.resolve_query(province)}
    found = gazetteer.lookup(province)
    if found is not None:
        units.add(found.current)
    return {u for u in units if province in covered(u)}


def follow(engine: SAEngine, user_id: int, unit: str) -> str:
    """'added', 'already' or 'full' (MAX_PER_USER units followed already)."""
    with Session(engine) as session:
        if session.get(SubscriptionRow, (user_id, unit)) is not None:
            return "already"
        count = session.exec(
            select(func.count())
            .select_from(SubscriptionRow)
            .where(SubscriptionRow.user_id == user_id)
        ).one()
        if count >= MAX_PER_USER:
            return "full"
        session.add(SubscriptionRow(user_id=user_id, unit=unit))
        try:
            session.commit()
        except IntegrityError:  # the same command twice at once
            return "already"
    return "added"


def unfollow(engine: SAEngine, user_id: int, unit: str) -> bool:
    """Stop following `unit`; False when it was not followed."""
    with Session(engine) as session:
        result = session.exec(
            delete(SubscriptionRow).where(
                col(SubscriptionRow.user_id) == user_id, col(SubscriptionRow.unit) == unit
            )
        )
        session.commit()
        return bool(result.rowcount)


def followed(engine: SAEngine, user_id: int) -> list[str]:
    with Session(engine) as session:
        rows = session.exec(
            select(SubscriptionRow.unit)
            .where(SubscriptionRow.user_id == user_id)
            .order_by(SubscriptionRow.at)
        ).all()
    return list(rows)


def changed(before: Any | None, after: Any) -> list[tuple[Any, str]]:
    """Articles a reload added or replaced, (IndexedArticle, 'add' | 'replace'), in id order.
    `before` and `after` are SearchIndex generations; a changed digest is a replacement."""
    previous = before.articles if before is not None else {}
    out = []
    for aid in sorted(after.articles):
        ia = after.articles[aid]
        old = previous.get(aid)
        if old is None:
            out.append((ia, "add"))
        elif old.article.digest != ia.article.digest:
            out.append((ia, "replace"))
    return out


def notices(engine: SAEngine, changes: list[tuple[Any, str]]) -> dict[int, list[Notice]]:
    """What to tell each subscriber about these changes (documents without a province, or
    about the whole country, notify nobody)."""
    out: dict[int, list[Notice]] = defaultdict(list)
    wanted: dict[str, list[tuple[Any, str]]] = defaultdict(list)
    for ia, action in changes:
        province = ia.article.province
        if not province or ia.article.national:
            continue
        for unit in units_covering(province):
            wanted[unit].append((ia, action))
    if not wanted:
        return {}
    with Session(engine) as session:
        rows = session.exec(
            select(SubscriptionRow.user_id, SubscriptionRow.unit)
            .where(col(SubscriptionRow.unit).in_(list(wanted)))
            .order_by(SubscriptionRow.user_id, SubscriptionRow.unit)
        ).all()
    for user_id, unit in rows:
        seen = {n.article.article.id for n in out[user_id]}
        for ia, action in wanted[unit]:
            if ia.article.id not in seen:
                out[user_id].append(Notice(unit, ia, action))
                seen.add(ia.article.id)
    return dict(out)

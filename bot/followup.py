"""Short follow-up questions: "còn năm 2024 thì sao?", "còn Bạc Liêu?", "thế còn THT?".

A follow-up names only a year, a province or an indicator; the rest comes from the same user's
previous question in the same chat, asked less than FOLLOWUP_TTL ago. Detection is
conservative: a short message (at most MAX_WORDS words) made only of such slots and filler
("còn", "thế còn", "vậy", "năm", "thì sao", "?"), with a cue word ("còn", "thế", "vậy"), or only
a year or only provinces. Anything else is asked as it is.

`rewrite` is pure text work (no search); `understand` adds the context rows kept in the
database (table `conversation_context`, one row per user and chat), so a follow-up still works
after a restart and one user's context never answers another's.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from sqlalchemy import Engine as SAEngine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, col, delete

from bot import gazetteer
from bot.db import ContextRow, utcnow
from bot.query import parse, tolerate
from bot.text import fold, normalize

log = logging.getLogger(__name__)

FOLLOWUP_TTL = dt.timedelta(minutes=30)
MAX_WORDS = 8
MAX_CHARS = 80

# Words that only carry a follow-up ("còn … thì sao?"), folded. Cue words mark one outright.
_CUES = frozenset({"con", "the", "vay"})
_FILLER = frozenset(
    {
        *_CUES,
        "thi",
        "sao",
        "nao",
        "ra",
        "nhu",
        "nhi",
        "a",
        "nhe",
        "nua",
        "do",
        "nam",
        "o",
        "tai",
        "ve",
        "cua",
        "va",
        "voi",
        "cho",
        "tinh",
        "thanh",
        "pho",
        "tp",
        "hoi",
        "xem",
    }
)
_CONNECTOR_BEFORE = re.compile(r"(?:\s*,|\s+(?:và|với|hoặc|va|voi|hoac))\s*$", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d/.,])((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?(?![\d/.,%])")
# Who the figures are about, and what is measured (folded phrases, longest first).
_SUBJECTS = (
    "lien hiep hop tac xa",
    "quy tin dung nhan dan",
    "lien hiep htx",
    "lh htx",
    "to hop tac",
    "hop tac xa",
    "qtdnd",
    "htx",
    "tht",
)
_MEASURES = (
    "hop tac xa nong nghiep",
    "htx nong nghiep",
    "doanh thu binh quan",
    "thu nhap binh quan",
    "hoat dong hieu qua",
    "cong nghe cao",
    "chuoi gia tri",
    "thanh lap moi",
    "phat trien moi",
    "thanh vien moi",
    "lai binh quan",
    "von dieu le",
    "loi nhuan",
    "thanh vien",
    "lao dong",
    "doanh thu",
    "thu nhap",
    "giai the",
    "cung co",
    "ocop",
)


@dataclass(frozen=True)
class FollowUp:
    question: str  # the full question it stands for
    understood: str  # what was understood, "Quảng Ninh · 2024"
    previous: str  # the question it builds on


@dataclass(frozen=True)
class Resolved:
    question: str  # what to ask the engine
    followup: FollowUp | None = None


@dataclass(frozen=True)
class _Span:
    kind: str  # province | year | subject | measure
    start: int
    end: int
    text: str  # as written


def _aligned_fold(text: str) -> str:
    """fold(), one character for one, so positions in it are positions in `text`."""
    out = []
    for ch in text:
        folded = fold(ch)
        out.append(folded if len(folded) == 1 else ch.lower()[:1] or " ")
    return "".join(out)


def _phrases(folded: str, phrases: tuple[str, ...], kind: str, text: str) -> list[_Span]:
    spans: list[_Span] = []
    taken: list[tuple[int, int]] = []
    for phrase in phrases:  # longest first: "lien hiep htx" before "htx"
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            spans.append(_Span(kind, m.start(), m.end(), text[m.start() : m.end()]))
    return spans


def slots(text: str) -> list[_Span]:
    """The provinces, years, subjects and measures named in `text` (normalized), in order."""
    folded = _aligned_fold(text)
    spans: list[_Span] = []
    cursor = 0
    for said in gazetteer.mentions(text):
        at = text.find(said, cursor)
        if at < 0:
            continue
        spans.append(_Span("province", at, at + len(said), said))
        cursor = at + len(said)
    asked = set(parse(text).years)  # not a year inside a document's number or a law's name
    for m in _YEAR.finditer(text):
        if int(m.group(1)) in asked:
            spans.append(_Span("year", m.start(), m.end(), m.group(0)))

    def free(s: _Span) -> bool:
        return not any(o.start < s.end and s.start < o.end for o in spans)

    for kind, phrases in (("measure", _MEASURES), ("subject", _SUBJECTS)):
        spans.extend(s for s in _phrases(folded, phrases, kind, text) if free(s))
    return sorted(spans, key=lambda s: s.start)


def _is_followup(text: str, found: list[_Span]) -> bool:
    if not found or len(text) > MAX_CHARS or len(text.split()) > MAX_WORDS:
        return False
    rest = list(_aligned_fold(text))
    for s in found:
        rest[s.start : s.end] = " " * (s.end - s.start)
    words = re.findall(r"\w+", "".join(rest))
    if any(w not in _FILLER for w in words):
        return False
    cued = bool(words) and words[0] in _CUES
    # Without a cue, only a bare year or province: "HTX nông nghiệp" alone is a new question.
    return cued or {s.kind for s in found} in ({"year"}, {"province"})


def _join(kind: str, values: list[str]) -> str:
    if kind == "province":
        return " và ".join(values)
    return " ".join(values[:1]) if kind in ("subject", "measure") else " ".join(values)


def rewrite(message: str, previous: str | None) -> FollowUp | None:
    """The full question a follow-up stands for, or None when `message` is not one (or there
    is no previous question)."""
    if not previous:
        return None
    # Short forms and typos read as the province they mean ("còn QN?"), as questions are.
    text = " ".join(tolerate(normalize(message))[0].split())
    given = slots(text)
    if not _is_followup(text, given):
        return None
    before = " ".join(tolerate(normalize(previous))[0].split())
    had = slots(before)
    edits: list[tuple[int, int, str]] = []
    prefix, suffix = "", ""
    for kind in ("province", "year", "subject", "measure"):
        values = list(dict.fromkeys(s.text for s in given if s.kind == kind))
        if not values:
            continue
        value = _join(kind, values)
        old = [s for s in had if s.kind == kind]
        if old:
            edits.append((old[0].start, old[0].end, value))
            edits.extend((s.start, s.end, "") for s in old[1:])
        elif kind == "province":
            prefix = value + " "
        else:
            suffix += f" năm {value}" if kind == "year" else f" {value}"
    out = before
    for start, end, value in sorted(edits, reverse=True):
        head = out[:start]
        if not value:  # a dropped second province or year takes its "và" / "," with it
            head = _CONNECTOR_BEFORE.sub("", head)
        out = head + value + out[end:]
    question = " ".join((prefix + out + suffix).split())
    if fold(question) == fold(text):
        return None  # nothing inherited: the message was the whole question already
    return FollowUp(question, understood(question, given), previous)


def understood(question: str, given: list[_Span]) -> str:
    """'Quảng Ninh · 2024' (· THT when the follow-up named who or what is counted)."""
    query = parse(question)
    parts = [pq.said for pq in query.provinces]
    years = query.years
    if years:
        consecutive = years == list(range(years[0], years[-1] + 1))
        parts.append(
            f"{years[0]}–{years[-1]}"
            if consecutive and len(years) > 2
            else ", ".join(map(str, years))
        )
    parts += [s.text for s in given if s.kind in ("subject", "measure")]
    return " · ".join(dict.fromkeys(parts)) or question


# --- context rows ---------------------------------------------------------------------------


def recall(engine: SAEngine, user_id: int, chat_id: int, now: dt.datetime | None = None):
    """The user's last question in that chat, if asked within FOLLOWUP_TTL."""
    now = now or utcnow()
    with Session(engine) as session:
        row = session.get(ContextRow, (user_id, chat_id))
        if row is None or now - row.at > FOLLOWUP_TTL:
            return None
        return row.question


def remember(
    engine: SAEngine, user_id: int, chat_id: int, question: str, now: dt.datetime | None = None
) -> None:
    """Keep `question` as the user's context in that chat; rows past their time are dropped."""
    now = now or utcnow()
    question = question[:1000]
    for attempt in (1, 2):
        with Session(engine) as session:
            session.exec(delete(ContextRow).where(col(ContextRow.at) < now - FOLLOWUP_TTL))
            row = session.get(ContextRow, (user_id, chat_id))
            if row is None:
                session.add(ContextRow(user_id=user_id, chat_id=chat_id, question=question, at=now))
            else:
                row.question, row.at = question, now
            try:
                session.commit()
                return
            except IntegrityError:  # the same user's other message got there first
                if attempt == 2:
                    raise


def understand(
    engine: SAEngine, user_id: int, chat_id: int, text: str, now: dt.datetime | None = None
) -> Resolved:
    """The question to ask for `text` from this user in this chat, the follow-up it is, if
    any, and the new context; a database problem only costs the context."""
    try:
        followup = rewrite(text, recall(engine, user_id, chat_id, now))
        resolved = Resolved(followup.question if followup else text, followup)
        remember(engine, user_id, chat_id, resolved.question, now)
        return resolved
    except SQLAlchemyError:
        log.warning("conversation context unavailable", exc_info=True)
        return Resolved(text)

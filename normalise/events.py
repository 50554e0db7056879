"""Which meeting a text reports, and its type, status, date, venue, ordinal and participants.

The rules work per event word ("summit", "переговоры", "uchrashuv", ...): each is labelled by the
format cue nearest to it in its sentence (so "a meeting of the CIS Council" and "a meeting between
the presidents of Turkmenistan and Russia" in one sentence are told apart), its parties come from
the people and states around it, and a candidate is relevant only when it is the Central
Asia–Russia format or a Russia + one Central Asian state meeting. The main event is the first
candidate that the text reports on, not one it only mentions as a topic ("discussed the upcoming
summit"); what is known of that event is then gathered from every sentence about it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from normalise import lexicon as lx
from normalise.analysis import Doc, topic_context
from normalise.dates import DateMention, PartialDate
from normalise.entities import Mention
from normalise.records import Event, Participant
from normalise.registry import CENTRAL_ASIA

_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("summit", lx.SUMMIT),
    ("phone", lx.PHONE),
    ("consultations", lx.CONSULTATIONS),
    ("talks", lx.TALKS),
    ("meeting", lx.MEETING),
    ("visit", lx.VISIT),
    ("forum", lx.FORUM),
)
_BILATERAL_KINDS = {"phone", "consultations", "talks", "meeting", "visit"}


@dataclass
class Trigger:
    start: int
    end: int
    kind: str
    sentence: int
    label: str | None = None  # "ca_ru" or another format's name
    label_distance: int = 10**6
    sidelines: bool = False
    phrase_kinds: set[str] = field(default_factory=set)


@dataclass
class Candidate:
    kind: str  # ca_ru | bilateral
    trigger: Trigger
    countries: tuple[str, ...]
    event_type: str
    status: str
    topic: bool
    reference: bool = False
    ordinal: int | None = None
    persons: list[Mention] = field(default_factory=list)


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def find_triggers(doc: Doc) -> list[Trigger]:
    found: list[Trigger] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _TRIGGERS:
        for m in pattern.finditer(doc.lower):
            span = (m.start(), m.end())
            if any(span[0] < e and s < span[1] for s, e in taken):
                continue
            if lx.NEGATED_TRIGGER.search(doc.lower[max(0, span[0] - 5) : span[0]]):
                continue
            taken.append(span)
            found.append(Trigger(span[0], span[1], kind, doc.sentence_index(span[0])))
    found.sort(key=lambda t: t.start)
    return found


_PHRASE_GAP = re.compile(r"^[^,;:.!?()]{0,30}$")


def _attach(cue: tuple[int, int], ts: list[Trigger], text: str) -> Trigger:
    """The trigger a format cue qualifies: the one it overlaps, the one it directly precedes
    ("CIS summit", "«Орталық Азия – Ресей» форумы"), else the nearest one before it ("meeting
    of the CIS Council", "заседание Совета глав государств СНГ"), else the nearest after it."""
    start, end = cue
    for t in ts:
        if t.start < end and start < t.end:
            return t
    after = [t for t in ts if t.start >= end]
    if after:
        nxt = min(after, key=lambda t: t.start)
        if lx.PREMODIFIER_GAP.match(text[end : nxt.start]):
            return nxt
    before = [t for t in ts if t.end <= start and start - t.end <= 160]
    if before:
        return max(before, key=lambda t: t.end)
    return min(ts, key=lambda t: _distance((t.start, t.end), cue))


def _label_triggers(doc: Doc, triggers: list[Trigger]) -> list[tuple[int, int, str]]:
    """Give each trigger the format its cues name; return the other-format cue spans (foreign
    states right after them belong to them, not to a party). Every cue pattern runs once over
    the whole text; cues are then handed to the triggers of their sentence."""
    by_sentence: dict[int, list[Trigger]] = {}
    for t in triggers:
        t.phrase_kinds = {t.kind}
        by_sentence.setdefault(t.sentence, []).append(t)
    cues: dict[int, list[tuple[int, int, str]]] = {}
    other_spans: list[tuple[int, int, str]] = []

    def add(start: int, end: int, label: str) -> None:
        if label != "ca_ru":
            other_spans.append((start, end, label))
        cues.setdefault(doc.sentence_index(start), []).append((start, end, label))

    # Only sentences with an event word can label one: scan those, each once.
    for idx in by_sentence:
        s = doc.sentences[idx]
        for rx in (lx.CA_RUSSIA_FORMAT, lx.CA_RUSSIA_FORMAT_LOOSE):
            for m in rx.finditer(doc.lower, s.start, s.end):
                add(m.start(), m.end(), "ca_ru")
        for m in lx.OTHER_FORMATS_RX.finditer(doc.lower, s.start, s.end):
            add(m.start(), m.end(), lx.OTHER_FORMAT_GROUPS[str(m.lastgroup)])
    sidelines_all = [(m.start(), m.end()) for m in lx.SIDELINES.finditer(doc.lower)]
    for idx, ts in by_sentence.items():
        sentence_cues = cues.get(idx, [])
        if sentence_cues:
            s = doc.sentences[idx]
            sidelines = [(a, b) for a, b in sidelines_all if s.start <= a < s.end]
            for start, end, label in sentence_cues:
                t = _attach((start, end), ts, doc.lower)
                dist = _distance((t.start, t.end), (start, end))
                if dist < t.label_distance or (dist == t.label_distance and label != "ca_ru"):
                    t.label = label
                    t.label_distance = dist
                    t.sidelines = label != "ca_ru" and any(
                        0 <= t.start - se <= 40 or 0 <= start - se <= 30 for ss, se in sidelines
                    )
        # "заседании второго саммита «Россия – Центральная Азия»": one phrase, one format
        ordered = sorted(ts, key=lambda t: t.start)
        for a, b in itertools.pairwise(ordered):
            if _PHRASE_GAP.match(doc.lower[a.end : b.start]):
                kinds = a.phrase_kinds | b.phrase_kinds
                a.phrase_kinds = b.phrase_kinds = kinds
                if a.label is None and b.label is not None:
                    a.label, a.sidelines = b.label, b.sidelines
                elif b.label is None and a.label is not None:
                    b.label, b.sidelines = a.label, a.sidelines
    return other_spans


def labelled_triggers(doc: Doc) -> tuple[list[Trigger], list[tuple[int, int, str]]]:
    """The document's event words with their formats, computed once per document."""
    cached = doc.cache.get("triggers")
    if cached is None:
        triggers = find_triggers(doc)
        cached = (triggers, _label_triggers(doc, triggers))
        doc.cache["triggers"] = cached
    return cached  # type: ignore[return-value]


def _eligible_people(doc: Doc, idx: int) -> list[Mention]:
    out = []
    for m in doc.in_sentence(doc.people, idx):
        if doc.gazetteer.person(m.key).participant:
            out.append(m)
    return out


def _foreign_parties(doc: Doc, idx: int, other_spans: list[tuple[int, int, str]]) -> list[str]:
    s = doc.sentences[idx]
    low = doc.lower[s.start : s.end]
    out = []
    for m in lx.FOREIGN_STATES.finditer(low):
        pos = s.start + m.start()
        if topic_context(doc.lower, pos):
            continue
        if any(os <= pos <= oe + 40 for os, oe, _ in other_spans):
            continue
        out.append(m.group(0))
    return out


def _country_parties(doc: Doc, idx: int) -> set[str]:
    """States named in a sentence as actors; "в Таджикистане" (a place) counts only when the
    sentence is about a visit, where the place is the host."""
    out = set()
    s = doc.sentences[idx]
    visit = bool(lx.VISIT_WORDS.search(doc.lower[s.start : s.end]))
    for m in doc.in_sentence(doc.countries, idx):
        if doc.in_dateline(m.start) or topic_context(doc.lower, m.start):
            continue
        if (
            m.kind == "name"
            and lx.LOCATIVE.search(doc.lower[max(0, m.start - 6) : m.start])
            and not visit
        ):
            continue
        out.add(m.key)
    return out


def _visit_capital_party(doc: Doc, idx: int) -> set[str]:
    """ "his official visit to Moscow" makes Russia a party (a city as a destination)."""
    out = set()
    for m in doc.in_sentence(doc.cities, idx):
        if lx.VISIT_TO.search(doc.lower[max(0, m.start - 60) : m.start]):
            out.add(_city_country(doc, m.key))
    return out


def _city_country(doc: Doc, city_id: str) -> str:
    for c in doc.gazetteer.registry.cities:
        if c.city_id == city_id:
            return c.country
    return ""


def _city_name(doc: Doc, city_id: str) -> str:
    for c in doc.gazetteer.registry.cities:
        if c.city_id == city_id:
            return c.name_en
    return city_id


def _ordinal(doc: Doc, t: Trigger) -> int | None:
    before = doc.lower[max(0, t.start - 60) : t.start]
    tokens = [x for x in re.findall(r"[\w'-]+", before) if re.search(r"\w", x)][-7:]
    skipped = 0
    for tok in reversed(tokens):
        n = _ordinal_token(tok)
        if n is not None:
            return n
        if lx.ORDINAL_STOP.fullmatch(tok):
            return None
        if lx.ORDINAL_SKIP.fullmatch(tok):
            continue
        skipped += 1
        if skipped > 2:
            break
    after = re.findall(r"[\w'-]+", doc.lower[t.end : t.end + 30])[:2]
    for tok in after:
        n = lx.ordinal_after_noun(tok)
        if n is not None:
            return n
    return None


def _ordinal_token(tok: str) -> int | None:
    return lx.ordinal_of(tok)


def _status(doc: Doc, t: Trigger) -> str:
    s = doc.sentences[t.sentence]
    low = doc.lower[s.start : s.end]
    if lx.CANCELLED.search(low):
        return "cancelled"
    if lx.POSTPONED.search(low):
        return "postponed"
    best: tuple[int, str] | None = None
    for status, pattern in (("announced", lx.FUTURE), ("held", lx.HELD)):
        for m in pattern.finditer(low):
            span = (s.start + m.start(), s.start + m.end())
            d = _distance(span, (t.start, t.end))
            if best is None or d < best[0]:
                best = (d, status)
    if best:
        return best[1]
    for j in (t.sentence - 1,):
        if 0 <= j < len(doc.sentences):
            sj = doc.sentences[j]
            low_j = doc.lower[sj.start : sj.end]
            if any(p.search(low_j) for _, p in _TRIGGERS):
                continue
            fut, held = lx.FUTURE.search(low_j), lx.HELD.search(low_j)
            if fut and not held:
                return "announced"
            if held and not fut:
                return "held"
    return "held"


def _sentence_status(doc: Doc, idx: int, pos: int) -> str | None:
    s = doc.sentences[idx]
    low = doc.lower[s.start : s.end]
    best: tuple[int, str] | None = None
    for status, pattern in (("announced", lx.FUTURE), ("held", lx.HELD)):
        for m in pattern.finditer(low):
            d = abs(s.start + m.start() - pos)
            if best is None or d < best[0]:
                best = (d, status)
    return best[1] if best else None


def _event_type(doc: Doc, t: Trigger, kind: str, people: list[Mention]) -> str:
    s = doc.sentences[t.sentence]
    low = doc.lower[s.start : s.end]
    local = doc.lower[max(s.start, t.start - 90) : min(s.end, t.end + 90)]
    if kind == "bilateral":
        if t.kind == "phone" or lx.PHONE.search(local):
            return "phone_call"
        if t.kind == "consultations":
            return "consultations"
        return "bilateral_talks"
    if "summit" in t.phrase_kinds:
        return "summit"
    if lx.DEPUTIES.search(doc.lower[max(s.start, t.start - 150) : min(s.end, t.end + 150)]) or (
        t.kind == "consultations"
    ):
        return "consultations"
    if lx.AMBASSADORS.search(low):
        return "other"
    roles = {
        r.role
        for m in people
        for r in doc.gazetteer.person(m.key).roles_on(doc.anchor.to_date() if doc.anchor else None)
    }
    if "head_of_state" in roles:
        return "summit"
    if "foreign_minister" in roles or lx.FOREIGN_MINISTERS.search(local):
        return "ministerial_meeting"
    if lx.HEADS_OF_STATE.search(local) or lx.SUMMIT.search(local):
        return "summit"
    return "ministerial_meeting"


def _is_reference(doc: Doc, t: Trigger) -> bool:
    """A past meeting recalled in passing ("after the first summit last year")."""
    s = doc.sentences[t.sentence]
    return bool(lx.REFERENCE.search(doc.lower[s.start : t.start]))


def _is_topic(doc: Doc, t: Trigger) -> bool:
    """A meeting the text talks *about* (prepares, discusses, recalls) rather than reports."""
    s = doc.sentences[t.sentence]
    before = doc.lower[s.start : t.start]
    if lx.SETTING.search(before[-40:]):
        return False
    if lx.TOPIC_EVENT.search(before):
        return True
    return bool(lx.AGENDA_AFTER.search(doc.lower[t.end : t.end + 60]))


def find_candidates(doc: Doc) -> list[Candidate]:
    triggers, other_spans = labelled_triggers(doc)
    out: list[Candidate] = []
    for t in triggers:
        idx = t.sentence
        low_sentence = doc.lower[doc.sentences[idx].start : doc.sentences[idx].end]
        people = _eligible_people(doc, idx)
        person_states = {doc.gazetteer.person(m.key).country for m in people}
        if t.label == "ca_ru":
            out.append(_candidate(doc, t, "ca_ru", tuple(sorted(("RU", *CENTRAL_ASIA))), people))
            continue
        if t.label is not None and not t.sidelines:
            continue
        foreign = _foreign_parties(doc, idx, other_spans)
        if foreign:
            continue
        states = person_states | _country_parties(doc, idx) | _visit_capital_party(doc, idx)
        ca = [c for c in CENTRAL_ASIA if c in states]
        region = bool(lx.REGION_RX.search(low_sentence))
        if "RU" in states and len(ca) >= 4 and t.label is None:
            out.append(_candidate(doc, t, "ca_ru", tuple(sorted(("RU", *CENTRAL_ASIA))), people))
            continue
        if (
            region
            and lx.AMBASSADORS.search(low_sentence)
            and "RU" in person_states
            and t.label is None
        ):
            out.append(_candidate(doc, t, "ca_ru", tuple(sorted(("RU", *CENTRAL_ASIA))), people))
            continue
        if t.kind not in _BILATERAL_KINDS or lx.MULTILATERAL.search(low_sentence):
            continue
        person_ca = [c for c in CENTRAL_ASIA if c in person_states]
        if len(person_ca) > 1:
            continue
        if t.kind == "meeting" and not lx.BILATERAL_MARK.search(low_sentence):
            # "X and Y attended the meeting of ...": a meeting noun alone does not make two
            # attendees a bilateral meeting; "met with", "meeting between" do.
            continue
        if "RU" in person_states and len(person_ca) == 1:
            out.append(_candidate(doc, t, "bilateral", tuple(sorted(("RU", person_ca[0]))), people))
            continue
        if "RU" not in states and len(ca) == 1 and _russian_speaker_before(doc, idx):
            # "...", - said he at the start of the meeting with the Uzbek foreign minister:
            # "he" is the Russian official quoted just before.
            states = states | {"RU"}
        if "RU" in states and len(ca) == 1:
            out.append(_candidate(doc, t, "bilateral", tuple(sorted(("RU", ca[0]))), people))
    return out


def _russian_speaker_before(doc: Doc, idx: int) -> bool:
    for j in range(max(0, idx - 2), idx):
        for m in doc.in_sentence(doc.people, j):
            p = doc.gazetteer.person(m.key)
            if p.participant and p.country == "RU":
                return True
    return False


def _candidate(
    doc: Doc, t: Trigger, kind: str, countries: tuple[str, ...], people: list[Mention]
) -> Candidate:
    return Candidate(
        kind=kind,
        trigger=t,
        countries=countries,
        event_type=_event_type(doc, t, kind, people),
        status=_status(doc, t),
        topic=_is_topic(doc, t),
        reference=_is_reference(doc, t),
        ordinal=_ordinal(doc, t) if kind == "ca_ru" else None,
        persons=people,
    )


def _has_bilateral_mark(doc: Doc, c: Candidate) -> bool:
    s = doc.sentences[c.trigger.sentence]
    return bool(lx.BILATERAL_MARK.search(doc.lower[s.start : s.end]))


def drop_attendance_lists(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """When a text reports a Central Asia–Russia meeting, a sentence naming two of its
    participants ("Nurtleu and Lavrov took part") lists attendees; it is a bilateral meeting
    only when it says so ("talks with", "bilateral", "by telephone")."""
    if not any(c.kind == "ca_ru" and not c.topic and not c.reference for c in cands):
        return cands
    return [c for c in cands if c.kind != "bilateral" or _has_bilateral_mark(doc, c)]


def choose_main(doc: Doc, cands: list[Candidate]) -> Candidate | None:
    """The meeting the text reports: the first one it shows happening between named people of
    two of its states; failing that, the first one it mentions at all."""
    if not cands:
        return None
    for c in sorted(cands, key=lambda c: c.trigger.start):
        if c.topic:
            continue
        states = {doc.gazetteer.person(m.key).country for m in c.persons}
        if len(states & set(c.countries)) >= 2 and (
            c.kind == "ca_ru" or _has_bilateral_mark(doc, c)
        ):
            return c
    current = [c for c in cands if not c.reference]
    return min(current or cands, key=lambda c: c.trigger.start)


def _same_event(main: Candidate, c: Candidate) -> bool:
    if c.kind != main.kind or c.countries != main.countries:
        return False
    if main.kind == "ca_ru" and c.event_type != main.event_type:
        return False
    if main.ordinal and c.ordinal and main.ordinal != c.ordinal:
        return False
    # An unnumbered mention in another tense is likely another meeting of the series.
    return not (main.kind == "ca_ru" and main.ordinal and not c.ordinal and c.status != main.status)


# ---------------------------------------------------------------------------- resolution


def _complete_year(d: DateMention, doc: Doc, status: str, source: str) -> PartialDate | None:
    if d.is_range:
        return None
    if d.year is not None:
        return PartialDate(d.year, d.month, d.day, source, d.text)
    anchor = doc.anchor
    if anchor is None or anchor.year is None or d.month is None:
        return None
    year = anchor.year
    ref = anchor.to_date() or date(anchor.year, anchor.month or 12, 28)
    if d.day is not None:
        try:
            candidate = date(year, d.month, d.day)
        except ValueError:
            return None
        if status == "held" and candidate > ref + timedelta(days=2):
            year -= 1
        elif status == "announced" and candidate < ref - timedelta(days=2):
            year += 1
    return PartialDate(year, d.month, d.day, source, d.text)


def _relative_date(doc: Doc, idx: int, status: str) -> PartialDate | None:
    pub = doc.published or doc.anchor
    if pub is None:
        return None
    ref = pub.to_date()
    if ref is None:
        return None
    s = doc.sentences[idx]
    low = doc.lower[s.start : s.end]
    m = lx.TODAY.search(low)
    if m:
        return PartialDate(ref.year, ref.month, ref.day, "published", m.group(0))
    m = lx.YESTERDAY.search(low)
    if m:
        d = ref - timedelta(days=1)
        return PartialDate(d.year, d.month, d.day, "published", m.group(0))
    m = lx.TOMORROW.search(low)
    if m:
        d = ref + timedelta(days=1)
        return PartialDate(d.year, d.month, d.day, "published", m.group(0))
    m = lx.WEEKDAY_RX.search(low)
    if m:
        word = m.group(0)
        wd = lx.weekday_of(word)
        if wd is None:
            return None
        if status == "announced":
            delta = (wd - ref.weekday()) % 7
            d = ref + timedelta(days=delta)
        else:
            delta = (ref.weekday() - wd) % 7
            d = ref - timedelta(days=delta)
        return PartialDate(d.year, d.month, d.day, "published", word)
    return None


def _event_date(doc: Doc, main: Candidate, sentences: list[int]) -> PartialDate | None:
    t = main.trigger
    for idx in sentences:
        ds = [d for d in doc.dates_in(idx) if not doc.in_dateline(d.start)]
        if ds:
            anchor_pos = t.start if idx == t.sentence else doc.sentences[idx].start
            d = min(ds, key=lambda x: abs(x.start - anchor_pos))
            if d.is_range:
                return None
            # "On April 17 ... will take part": the tense of the date's own sentence decides
            # which year a date without one falls in.
            status = _sentence_status(doc, idx, d.start) or main.status
            return _complete_year(d, doc, status, "text")
        rel = _relative_date(doc, idx, main.status)
        if rel is not None:
            return rel
    if main.status == "held" and doc.dateline and doc.dateline.date:
        return _complete_year(doc.dateline.date, doc, main.status, "dateline")
    return None


def _venue(doc: Doc, main: Candidate, sentences: list[int]) -> tuple[str | None, str | None]:
    if main.event_type == "phone_call":
        return None, None
    for idx in sentences:
        s = doc.sentences[idx]
        if lx.VIRTUAL.search(doc.lower[s.start : s.end]):
            return None, None
    for idx in sentences:
        cities = [
            c
            for c in doc.in_sentence(doc.cities, idx)
            if not doc.in_dateline(c.start) and not _is_format_word(doc, c)
        ]
        if cities:
            pos = main.trigger.start if idx == main.trigger.sentence else cities[0].start
            c = min(cities, key=lambda x: abs(x.start - pos))
            return _city_name(doc, c.key), _city_country(doc, c.key)
        iso = _capital_named(doc, idx)
        if iso:
            cap = doc.gazetteer.registry.country(iso).capital
            return _city_name(doc, cap), iso
    # "Heads of state gathered in Astana. ... The summit opens ...": the scene is set just before.
    para = doc.sentences[main.trigger.sentence].paragraph
    for prev in range(main.trigger.sentence - 1, max(-1, main.trigger.sentence - 3), -1):
        ps = doc.sentences[prev]
        if ps.paragraph != para or any(
            p.search(doc.lower[ps.start : ps.end]) for _, p in _TRIGGERS
        ):
            break
        cities = [c for c in doc.in_sentence(doc.cities, prev) if not doc.in_dateline(c.start)]
        if len({c.key for c in cities}) == 1:
            return _city_name(doc, cities[0].key), _city_country(doc, cities[0].key)
    host = None
    for idx in sentences:
        s = doc.sentences[idx]
        for cm in doc.in_sentence(doc.countries, idx):
            before = doc.lower[max(s.start, cm.start - 4) : cm.start]
            if cm.key in main.countries and lx.LOCATIVE_OR_TO.search(before):
                host = cm.key
                break
        if host:
            break
    if main.status == "held" and doc.dateline and doc.dateline.city:
        iso = _city_country(doc, doc.dateline.city)
        if iso in main.countries and (host is None or host == iso):
            return _city_name(doc, doc.dateline.city), iso
    return None, host


def _is_format_word(doc: Doc, c: Mention) -> bool:
    """ "Astana format" names the Syria talks, not a venue."""
    return bool(lx.FORMAT_WORD_AFTER.match(doc.lower[c.end : c.end + 10]))


_CAPITAL_GAP = re.compile(r"^[\W_]*(?:(?:of|the)[\W_]+)*$")


def _capital_named(doc: Doc, idx: int) -> str | None:
    """The state whose capital a sentence names by that word ("the Kazakh capital", "capital of
    Kazakhstan", "столица Казахстана", "Қазақстан астанасы", "O'zbekiston poytaxti")."""
    s = doc.sentences[idx]
    states = doc.in_sentence(doc.countries, idx)
    for m in lx.CAPITAL.finditer(doc.lower, s.start, s.end):
        for c in states:
            gap = (
                doc.lower[c.end : m.start()] if c.end <= m.start() else doc.lower[m.end() : c.start]
            )
            if len(gap) <= 12 and _CAPITAL_GAP.match(gap):
                return c.key
    return None


_CLAUSE_BREAK = re.compile(r"[;:()\"«»“”]|,\s(?=[^,]*$)")


def _last_clause(before: str) -> str:
    """The words after the last clause break or "and" (titles never span them)."""
    clause = _CLAUSE_BREAK.split(before)[-1]
    ands = list(lx.AND.finditer(clause.lower()))
    return clause[ands[-1].end() :] if ands else clause


def _title_near(doc: Doc, m: Mention) -> str | None:
    """The title written next to a name ("Russian Foreign Minister Sergey Lavrov", "глава МИД
    Узбекистана Бахтиёр Саидов", "Sergey Lavrov, Minister of Foreign Affairs")."""
    s = doc.sentences[doc.sentence_index(m.start)]
    prev_end = max((p.end for p in doc.people if s.start <= p.end <= m.start), default=s.start)
    before = doc.text[prev_end : m.start]
    clause = _last_clause(before)
    first = lx.TITLE_WORDS.search(clause.lower())
    if first and len(clause) - first.start() <= 120:
        start = first.start()
        lead = re.search(r"([A-ZА-ЯЁ][\w-]*\s+)$", clause[:start])
        if lead and doc.gazetteer.find_countries(lead.group(1)):
            start = lead.start()
        title = clause[start:].strip(" ,–—-")
        return title or None
    after = doc.text[m.end : s.end]
    m2 = re.match(r"\s*,\s*([^,.;]{3,80})", after)
    if m2 and lx.TITLE_WORDS.search(m2.group(1).lower()):
        return m2.group(1).strip()
    return None


def _participants(
    doc: Doc, main: Candidate, sentences: list[int], day: date | None, excluded: set[int]
) -> tuple[Participant, ...]:
    seen: dict[str, Participant] = {}
    for m in doc.people:
        idx = doc.sentence_index(m.start)
        if idx in excluded:
            continue
        person = doc.gazetteer.person(m.key)
        if not person.participant or person.country not in main.countries:
            continue
        if m.key in seen:
            continue
        title = _title_near(doc, m)
        if title is None:
            roles = person.roles_on(day) or list(person.roles)
            title = roles[-1].title if roles else None
        seen[m.key] = Participant(
            person.country, person.name_en, title, person.person_id, doc.sentences[idx].text[:300]
        )
    named = {p.country for p in seen.values()}
    unnamed: list[Participant] = []
    scan = list(sentences)
    if main.kind == "ca_ru":
        scan += [i for i in range(len(doc.sentences)) if i not in excluded and i not in scan]
    for idx in scan:
        s = doc.sentences[idx]
        low = doc.lower[s.start : s.end]
        distinct = _enumerated(doc, idx, main.countries)
        role_noun = (
            lx.HEADS_OF_STATE.search(low)
            or lx.FOREIGN_MINISTERS.search(low)
            or lx.DEPUTIES.search(low)
            or lx.AMBASSADORS.search(low)
            or lx.PARTICIPATION.search(low)
        )
        if len(distinct) >= 3 and (role_noun or idx in sentences):
            for iso in distinct:
                if iso not in named and iso not in {p.country for p in unnamed}:
                    unnamed.append(Participant(iso, None, None, None, s.text[:300]))
    return tuple(seen.values()) + tuple(unnamed)


def _coreferent_sentences(
    doc: Doc, main: Candidate, cands: list[Candidate], taken: list[int]
) -> list[int]:
    """Later sentences that name the meeting only by its noun ("The meeting took place on ...",
    "Кездесу ... өтті"): no format of their own, no other states, no candidate of their own."""
    own = {c.trigger.sentence for c in cands}
    triggers, _ = labelled_triggers(doc)
    out = []
    for t in triggers:
        idx = t.sentence
        if idx <= main.trigger.sentence or idx in own or idx in taken or idx in out:
            continue
        if t.label is not None or t.kind not in ("meeting", "summit", "talks"):
            continue
        states = {m.key for m in doc.in_sentence(doc.countries, idx)} | {
            doc.gazetteer.person(m.key).country for m in doc.in_sentence(doc.people, idx)
        }
        if states - set(main.countries):
            continue
        if lx.BACK_REFERENCE.match(doc.lower[doc.sentences[idx].start : doc.sentences[idx].end]):
            out.append(idx)
    return out


def _enumerated(doc: Doc, idx: int, allowed: tuple[str, ...]) -> list[str]:
    """The longest run of states listed one after another ("Kazakhstan, Kyrgyzstan,
    Tajikistan and Uzbekistan"; "Qozog'iston Respublikasi, Qirg'iziston Respublikasi ...")."""
    mentions = [
        m
        for m in doc.in_sentence(doc.countries, idx)
        if not doc.in_dateline(m.start) and m.kind != "adjective"
    ]
    best: list[str] = []
    run: list[str] = []
    prev_end = None
    for m in mentions:
        if prev_end is not None and lx.LIST_GAP.match(doc.lower[prev_end : m.start]):
            run.append(m.key)
        else:
            run = [m.key]
        prev_end = m.end
        distinct = list(dict.fromkeys(run))
        if len(distinct) > len(best):
            best = distinct
    return [c for c in best if c in allowed]


def build_event(doc: Doc, cands: list[Candidate]) -> Event | None:
    cands = drop_attendance_lists(doc, cands)
    main = choose_main(doc, cands)
    if main is None:
        return None
    same = [c for c in cands if _same_event(main, c)]
    sentences = list(dict.fromkeys([main.trigger.sentence] + [c.trigger.sentence for c in same]))
    sentences += _coreferent_sentences(doc, main, cands, sentences)
    # sentences about other formats or with foreign parties do not lend their people
    triggers, other_spans = labelled_triggers(doc)
    excluded: set[int] = set()
    for t in triggers:
        if t.label not in (None, "ca_ru") and not t.sidelines:
            excluded.add(t.sentence)
    for idx in range(len(doc.sentences)):
        if _foreign_parties(doc, idx, other_spans):
            excluded.add(idx)
    excluded -= set(sentences)
    ordinal = main.ordinal or next((c.ordinal for c in same if c.ordinal), None)
    status = main.status
    when = _event_date(doc, main, sentences)
    city, host = _venue(doc, main, sentences)
    participants = _participants(doc, main, sentences, when.to_date() if when else None, excluded)
    s = doc.sentences[main.trigger.sentence]
    return Event(
        event_type=main.event_type,
        countries=main.countries,
        format="central_asia_russia" if main.kind == "ca_ru" else "bilateral",
        status=status,
        ordinal=ordinal,
        date=when,
        city=city,
        host_country=host,
        participants=participants,
        snippet=s.text[:500],
        role="announcement" if status == "announced" else "report",
        is_topic=main.topic,
    )

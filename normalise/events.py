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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from carta.core.dates import EARLIEST_FACT, DateMention, PartialDate
from carta.core.extraction import Event, Participant
from carta.core.registry import CENTRAL_ASIA, Person
from normalise import lexicon as lx
from normalise.analysis import Doc, topic_context
from normalise.entities import Mention
from normalise.morph import nominative_name, verb_tense, verb_tenses

_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("summit", lx.SUMMIT),
    ("phone", lx.PHONE),
    ("consultations", lx.CONSULTATIONS),
    ("talks", lx.TALKS),
    ("meeting", lx.MEETING),
    ("visit", lx.VISIT),
    ("reception", lx.RECEPTION),
    ("forum", lx.FORUM),
)
_BILATERAL_KINDS = {"phone", "consultations", "talks", "meeting", "visit", "reception"}
_MEETING_KINDS = {"phone", "consultations", "talks", "meeting", "reception"}


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
    cue_labels: set[str] = field(default_factory=set)


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
    status_found: str = "default"
    countries_found: str = "states"


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def find_triggers(doc: Doc) -> list[Trigger]:
    found: list[Trigger] = []
    # a parliament's name holds a meeting word ("Маҷлиси Олӣ", "Oliy Majlis"): not an event
    # and so does an event that is no meeting ("нишасти матбуотӣ", a press conference)
    # (a parliament is written with a capital: "Mejlisi" is the parliament, "12-nji mejlisi"
    # the commission's session)
    taken: list[tuple[int, int]] = [
        (m.start(), m.end())
        for m in lx.PARLIAMENT.finditer(doc.lower)
        if doc.text[m.start()].isupper()
    ] + [(m.start(), m.end()) for m in lx.NOT_MEETING.finditer(doc.lower)]
    for kind, pattern in _TRIGGERS:
        for m in pattern.finditer(doc.lower):
            span = (m.start(), m.end())
            if any(span[0] < e and s < span[1] for s, e in taken):
                continue
            if lx.NEGATED_TRIGGER.search(doc.lower[max(0, span[0] - 5) : span[0]]):
                continue
            if kind == "reception" and not _received_someone(doc, span[1]):
                continue  # "welcomed the decision", not "welcomed his counterpart"
            taken.append(span)
            found.append(Trigger(span[0], span[1], kind, doc.sentence_index(span[0])))
    found.sort(key=lambda t: t.start)
    return found


_PHRASE_GAP = re.compile(r"^[^,;:.!?()]{0,30}$")


_RECEIVED_PRONOUN = re.compile(
    r"\W*(?:you|him|her|them|его|её|их|уни|уларни|оны|оларды|аны|алар|ony|olary)\b"
)


_NAME_BEFORE = re.compile(
    r"(?<![\w'’-])[A-ZА-ЯЁ\u0400-\u042f][\w'’-]+\s+[A-ZА-ЯЁ\u0400-\u042f][\w'’-]+\s*$"
)
_RECEIVED_PRONOUN_BEFORE = re.compile(
    r"(?<!\w)(?:уни|уларни|оны|оларды|аны|аларды|ony|olary|uni|ularni|ӯро|онҳоро)\W*$"
)


def _received_someone(doc: Doc, end: int) -> bool:
    """A reception word names a meeting only when someone is received: a person, a title
    ("the Russian Foreign Minister", "министра") or a pronoun follows it closely."""
    window = doc.lower[end : end + 70]
    if _RECEIVED_PRONOUN.match(window):
        return True
    if any(end <= m.start < end + 70 for m in doc.people):
        return True
    first = lx.TITLE_WORDS.search(window)
    if bool(first and first.start() < 40) or bool(lx.COUNTERPART.search(window[:40])):
        return True
    if not lx.verb_final(doc.language):
        return False
    # "Saidov Rossiya elchisini qabul qildi", "Лавровты қабылдады": the one received stands
    # before the verb, in the accusative; the nearest name or title before it is the object
    s = doc.sentences[doc.sentence_index(end - 1)]
    start = next(
        (m.start() for m in lx.RECEPTION.finditer(doc.lower, s.start, end) if m.end() == end),
        end,
    )
    before = doc.lower[max(s.start, start - 60) : start]
    if _RECEIVED_PRONOUN_BEFORE.search(before):
        return True
    if any(start - 60 <= m.end <= start for m in doc.people):
        return True
    if _NAME_BEFORE.search(doc.text, max(s.start, start - 60), start):
        return True  # "Семён Григорьевро ба ҳузур пазируфт": a name the registry does not know
    return any(m.end() >= len(before) - 25 for m in lx.TITLE_WORDS.finditer(before))


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
        elif lx.FORMAT_TOPIC.search(doc.lower[max(0, start - 50) : start]):
            return  # "обсудили сотрудничество в формате «Центральная Азия – Россия»": a topic
        cues.setdefault(doc.sentence_index(start), []).append((start, end, label))

    # Only sentences with an event word can label one: scan those, each once.
    for idx in by_sentence:
        s = doc.sentences[idx]
        for rx in (lx.CA_RUSSIA_FORMAT, lx.CA_RUSSIA_FORMAT_LOOSE):
            for m in rx.finditer(doc.lower, s.start, s.end):
                add(m.start(), m.end(), "ca_ru")
        for m in lx.OTHER_FORMATS_RX.finditer(doc.lower, s.start, s.end):
            add(m.start(), m.end(), lx.OTHER_FORMAT_GROUPS[str(m.lastgroup)])
        for m in lx.FOREIGN_FORMAT.finditer(doc.lower, s.start, s.end):
            add(m.start(), m.end(), "foreign_central_asia")
    sidelines_all = [(m.start(), m.end()) for m in lx.SIDELINES.finditer(doc.lower)]
    for idx, ts in by_sentence.items():
        sentence_cues = cues.get(idx, [])
        if sentence_cues:
            s = doc.sentences[idx]
            sidelines = [(a, b) for a, b in sidelines_all if s.start <= a < s.end]
            for start, end, label in sentence_cues:
                t = _attach((start, end), ts, doc.lower)
                t.cue_labels.add(label)
                dist = _distance((t.start, t.end), (start, end))
                if dist < t.label_distance or (dist == t.label_distance and label != "ca_ru"):
                    t.label = label
                    t.label_distance = dist
                    t.sidelines = label != "ca_ru" and any(
                        _on_sidelines((ss, se), (start, end), t) for ss, se in sidelines
                    )
        for t in ts:
            if "ca_ru" in t.cue_labels and len(t.cue_labels) > 1 and _listed_formats(doc, idx):
                # "summits such as China–CA, EU–CA and CA–Russia": one of several formats
                t.label = "format_list"
        # "заседании второго саммита «Россия – Центральная Азия»": one phrase, one format
        ordered = sorted(ts, key=lambda t: t.start)
        for a, b in itertools.pairwise(ordered):
            gap = doc.lower[a.end : b.start]
            if _PHRASE_GAP.match(gap) and not lx.SETTING_AFTER.match(gap):
                # not across a postposition: "БРИКС саммиті аясында кездеседі" meets on the
                # summit's sidelines
                kinds = a.phrase_kinds | b.phrase_kinds
                a.phrase_kinds = b.phrase_kinds = kinds
                if a.label is None and b.label is not None:
                    a.label, a.sidelines = b.label, b.sidelines
                elif b.label is None and a.label is not None:
                    b.label, b.sidelines = a.label, a.sidelines
    return other_spans


def _on_sidelines(side: tuple[int, int], cue: tuple[int, int], t: Trigger) -> bool:
    """ "on the sidelines of the SCO summit, X met Y", "X met Y on the sidelines of the SCO
    summit", and the Turkic order "ШКУнун жыйынынын алкагында X менен жолукту" (the cue, then the
    postposition, then the meeting)."""
    ss, se = side
    cs, ce = cue
    if 0 <= t.start - se <= 40 or 0 <= cs - se <= 30:
        return True
    return ce <= ss and ss - ce <= 80 and se <= t.start and t.start - se <= 160


def _listed_formats(doc: Doc, idx: int) -> bool:
    """Three or more format names in one sentence, one after another: a list of formats."""
    s = doc.sentences[idx]
    n = sum(1 for _ in lx.CA_RUSSIA_FORMAT.finditer(doc.lower, s.start, s.end))
    n += sum(1 for _ in lx.FOREIGN_FORMAT.finditer(doc.lower, s.start, s.end))
    n += sum(1 for _ in lx.OTHER_FORMATS_RX.finditer(doc.lower, s.start, s.end))
    return n >= 3


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
    s = doc.sentences[idx]
    for m in doc.in_sentence(doc.cities, idx):
        if lx.VISIT_TO.search(doc.lower[max(0, m.start - 60) : m.start]):
            out.add(_city_country(doc, m.key))
        elif (
            lx.verb_final(doc.language)
            and _LOCATIVE_ENDING.search(m.text.lower())
            and lx.VISIT_WORDS.search(doc.lower, max(s.start, m.start - 50), min(s.end, m.end + 30))
        ):
            out.add(_city_country(doc, m.key))  # "tashrifi bilan Toshkentga keldi"
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


def _first_time(doc: Doc, t: Trigger) -> bool:
    s = doc.sentences[t.sentence]
    return bool(
        lx.FIRST_TIME.search(doc.lower, t.end, min(s.end, t.end + 25))
        or lx.FIRST_TIME.search(doc.lower, max(s.start, t.start - 25), t.start)
    )


def _ordinal(doc: Doc, t: Trigger) -> int | None:
    if _first_time(doc, t):
        return 1  # "met for the first time in the format", "впервые встретились"
    if lx.COMMISSION.search(doc.lower, t.end, t.end + 50):
        return None  # "the 23rd meeting of the intergovernmental commission": its count
    before = doc.lower[max(0, t.start - 60) : t.start]
    attached = _ATTACHED_NUMBER.search(before)
    if attached:
        return int(attached.group(1))  # "8-uchrashuvi", "8-кездесуі": a Turkic ordinal
    tokens = [x for x in re.findall(r"[\w'-]+", before) if re.search(r"\w", x)][-7:]
    skipped = 0
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        n = _ordinal_token(tok)
        if n is not None:
            # "o'n birinchi", "двадцать первая", "он бірінші": the tens before it count
            for width in (3, 2):
                if i - width + 1 >= 0:
                    wide = lx.ordinal_of(" ".join(tokens[i - width + 1 : i + 1]))
                    if wide is not None:
                        return wide
            return n
        if lx.ORDINAL_STOP.fullmatch(tok) or lx.NOT_SERIES.fullmatch(tok):
            return None  # "30th anniversary", "8th convocation": the number counts those
        if lx.ORDINAL_SKIP.fullmatch(tok) or lx.ROUND.fullmatch(tok):
            continue  # "the twelfth round of political consultations": the round is the phrase's
        skipped += 1
        if skipped > 2:
            break
    after = re.findall(r"[\w'-]+", doc.lower[t.end : t.end + 30])[:2]
    for tok in after:
        n = lx.ordinal_after_noun(tok)
        if n is not None:
            return n
    if len(after) == 2 and lx.ROUND.fullmatch(after[1]):
        # "maslahatlashuvlarning IV raundi", "консультаций, IV раунд": the round's number
        n = _ordinal_token(after[0]) or _attached_ordinal(after[0])
        if n is not None:
            return n
    three = re.findall(r"[\w'-]+", doc.lower[t.end : t.end + 40])[:3]
    if len(three) == 3 and lx.ROUND.fullmatch(three[2]):
        # "маслаҳатлашувларнинг ўн биринчи раунди": a compound ordinal before the round
        n = lx.ordinal_of(" ".join(three[:2]))
        if n is not None:
            return n
    return None


_ATTACHED_NUMBER = re.compile(r"(?<![\d.,])(\d{1,2})-$")


def _attached_ordinal(tok: str) -> int | None:
    m = re.fullmatch(r"(\d{1,2})-?", tok)
    return int(m.group(1)) if m else None


def _ordinal_token(tok: str) -> int | None:
    return lx.ordinal_of(tok)


def _cues(doc: Doc, idx: int) -> list[tuple[int, int, str, str]]:
    """(start, end, status) of the tense cues of a sentence: the language files' future and
    past words, and for Russian the tense of its verbs (pymorphy3), except the reporting verbs
    of a source ("сообщил", "заявил"), whose tense is the report's, not the meeting's."""
    key = f"cues:{idx}"
    cached = doc.cache.get(key)
    if cached is not None:
        return cached  # type: ignore[return-value]
    s = doc.sentences[idx]
    out: list[tuple[int, int, str, str]] = []
    # the text's own language first; all languages when it has no cue there (a language
    # guessed wrong between close kin, Kazakh and Kyrgyz, loses nothing)
    for language in dict.fromkeys((doc.language, None)):
        future, held = lx.tense_cues(language)
        for status, pattern in (("announced", future), ("held", held)):
            for m in pattern.finditer(doc.lower, s.start, s.end):
                out.append((m.start(), m.end(), status, "cue"))
        if out:
            break
    if doc.language == "ru":
        reported = [(m.start(), m.end()) for m in lx.REPORTED.finditer(doc.lower, s.start, s.end)]
        taken = [(a, b) for a, b, _, _ in out] + reported
        for pos, tense in verb_tenses(doc.lower[s.start : s.end], s.start):
            if any(a <= pos < b for a, b in taken):
                continue
            out.append((pos, pos + 1, "announced" if tense == "futr" else "held", "verb_tense"))
    doc.cache[key] = out
    return out


def _nearest_cue_found(doc: Doc, idx: int, span: tuple[int, int]) -> tuple[str, str] | None:
    best: tuple[int, str, str] | None = None
    for a, b, status, how in _cues(doc, idx):
        d = _distance((a, b), span)
        if best is None or d < best[0]:
            best = (d, status, how)
    return (best[1], best[2]) if best else None


def _nearest_cue(doc: Doc, idx: int, span: tuple[int, int]) -> str | None:
    found = _nearest_cue_found(doc, idx, span)
    return found[0] if found else None


def _status(doc: Doc, t: Trigger) -> tuple[str, str]:
    """(status, how it was found): a cancelling or postponing word, "ahead of", said at the
    meeting, the nearest tense cue (a word of the language files or a Russian verb's tense),
    the sentence before, or by default held."""
    s = doc.sentences[t.sentence]
    low = doc.lower[s.start : s.end]
    if lx.CANCELLED.search(low):
        return "cancelled", "cue"
    if lx.POSTPONED.search(low):
        return "postponed", "cue"
    if _ahead_of(doc, t):
        return "announced", "ahead_of"  # "ahead of the visit", "в преддверии визита"
    if _framing(doc, t):
        # "..., заявил Мишустин на встрече с Токаевым": said at the meeting, so it took place
        said = [m for m in lx.REPORTED.finditer(doc.lower, s.start, s.end) if _reported_past(m)]
        if said:
            return "held", "said_at"
    near = _nearest_cue_found(doc, t.sentence, (t.start, t.end))
    if near:
        return near
    for j in (t.sentence - 1,):
        if 0 <= j < len(doc.sentences):
            sj = doc.sentences[j]
            low_j = doc.lower[sj.start : sj.end]
            if any(p.search(low_j) for _, p in _TRIGGERS):
                continue
            statuses = {c for _, _, c, _ in _cues(doc, j)}
            if statuses == {"announced"}:
                return "announced", "sentence_before"
            if statuses == {"held"}:
                return "held", "sentence_before"
    return "held", "default"


def _is_headline(doc: Doc, idx: int) -> bool:
    """The text's first line when it is a title: a line of its own without a final full stop."""
    if idx != 0 or not doc.sentences:
        return False
    s = doc.sentences[0]
    rest = doc.text[s.end : s.end + 2]
    return rest.startswith("\n") and not s.text.rstrip().endswith((".", "!", "?", ":"))


def _ahead_of(doc: Doc, t: Trigger) -> bool:
    """ "ahead of the visit", "накануне визита": the event word follows within two words, none
    of them a verb ("накануне провёл переговоры" is "the day before held talks")."""
    s = doc.sentences[t.sentence]
    m = lx.AHEAD.search(doc.lower[max(s.start, t.start - 60) : t.start])
    if m is None:
        return False
    gap = m.group(0)
    words = re.findall(r"[а-яё]+", gap.lower())
    return not any(verb_tense(w) for w in words[1:])


def _reported_past(m: re.Match[str]) -> bool:
    """A reporting verb in the past: pymorphy3 for a Russian verb, the word list otherwise
    (the language files list past forms: said, сообщил, ma'lum qildi)."""
    word = m.group(0)
    if re.fullmatch(r"[а-яё]+", word):
        tense = verb_tense(word)
        return tense in (None, "past")
    return True


def _sentence_status(doc: Doc, idx: int, pos: int) -> str | None:
    return _nearest_cue(doc, idx, (pos, pos))


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
    return bool(
        lx.REFERENCE.search(doc.lower[s.start : t.start])
        or lx.REFERENCE_OPENING.match(doc.lower, s.start, t.start)
    )


def _is_topic(doc: Doc, t: Trigger) -> bool:
    """A meeting the text talks *about* (prepares, discusses, recalls) rather than reports."""
    s = doc.sentences[t.sentence]
    before = doc.lower[s.start : t.start]
    if lx.SETTING.search(before[-40:]) or _framing(doc, t):
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
        if t.kind == "meeting" and lx.WELCOME.search(low_sentence):
            continue  # "в аэропорту его встретил ...": a welcome on arrival, not a meeting
        if _denied_plan(doc, t):
            continue  # "a call with the president is not planned": no event
        if _tally(doc, t):
            continue  # "the leaders met four times last year": a count, no one meeting
        people = _eligible_people(doc, idx)
        person_states = {doc.gazetteer.person(m.key).country for m in people}
        if t.label == "ca_ru":
            out.append(
                _candidate(
                    doc, t, "ca_ru", tuple(sorted(("RU", *CENTRAL_ASIA))), people, "format_name"
                )
            )
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
            out.append(
                _candidate(
                    doc, t, "ca_ru", tuple(sorted(("RU", *CENTRAL_ASIA))), people, "states_listed"
                )
            )
            continue
        if region and t.label is None and not ca and _region_and_russia(doc, idx):
            # "consultations of the deputy foreign ministers of the Central Asian countries and
            # the Russian Federation": the format written out
            out.append(
                _candidate(
                    doc,
                    t,
                    "ca_ru",
                    tuple(sorted(("RU", *CENTRAL_ASIA))),
                    people,
                    "region_and_russia",
                )
            )
            continue
        if (
            region
            and "RU" in person_states
            and t.label is None
            and not ca
            and _region_group(doc, idx)
        ):
            # "Lavrov will take part in the meeting of Central Asian foreign ministers", "met
            # the ambassadors of the Central Asian countries": Russia meets the region's group
            out.append(
                _candidate(
                    doc, t, "ca_ru", tuple(sorted(("RU", *CENTRAL_ASIA))), people, "region_group"
                )
            )
            continue
        if t.kind not in _BILATERAL_KINDS or lx.MULTILATERAL.search(low_sentence):
            continue
        person_ca = [c for c in CENTRAL_ASIA if c in person_states]
        if len(person_ca) > 1:
            continue
        if (
            t.kind == "meeting"
            and not lx.BILATERAL_MARK.search(low_sentence)
            and not lx.MET.match(doc.lower, t.start)
            and not (
                (_pair_joined(doc, idx, people) or _states_joined(doc, t))
                and not lx.PARTICIPATION.search(low_sentence)
            )
            and not lx.COMMISSION.search(low_sentence)
        ):
            # "X and Y attended the meeting of ...": a meeting noun alone does not make two
            # attendees a bilateral meeting; "met with", "meeting between", "the meeting of
            # X and Y" ("Саидов ва Лавровнинг учрашуви") and a session of the two states'
            # intergovernmental commission do; "X and Y took part in it" lists attendees.
            continue
        if "RU" in person_states and len(person_ca) == 1:
            pair = tuple(sorted(("RU", person_ca[0])))
            out.append(_candidate(doc, t, "bilateral", pair, people, "officials"))
            continue
        how = "states"
        if "RU" not in states and len(ca) == 1 and _side_before(doc, idx, {"RU"}):
            # "...", - said he at the start of the meeting with the Uzbek foreign minister:
            # "he" is the Russian official quoted just before.
            states = states | {"RU"}
            how = "sentence_before"
        if "RU" in states and not ca and lx.BILATERAL_MARK.search(low_sentence):
            # "He also met the Chairman of the Russian State Duma": "he" is the Central Asian
            # official of the sentence before.
            before = _side_before(doc, idx, set(CENTRAL_ASIA))
            if len(before) == 1:
                ca = sorted(before)
                how = "sentence_before"
        if "RU" in states and len(ca) == 1:
            pair = tuple(sorted(("RU", ca[0])))
            out.append(_candidate(doc, t, "bilateral", pair, people, how))
    return out


def _tally(doc: Doc, t: Trigger) -> bool:
    s = doc.sentences[t.sentence]
    for m in lx.TALLY.finditer(doc.lower, max(s.start, t.start - 30), min(s.end, t.end + 25)):
        lo, hi = min(t.end, m.start()), max(t.start, m.end())
        if not re.search(r"[,;:]", doc.lower[lo:hi]):
            return True
    return False


def _denied_plan(doc: Doc, t: Trigger) -> bool:
    s = doc.sentences[t.sentence]
    for m in lx.NOT_PLANNED.finditer(doc.lower, s.start, s.end):
        lo, hi = min(t.end, m.start()), max(t.start, m.end())
        if not re.search(r"[,;:]", doc.lower[lo:hi]):
            return True
    return False


def _region_and_russia(doc: Doc, idx: int) -> bool:
    """ "кишварҳои Осиёи Марказӣ ва Федератсияи Россия", "the countries of Central Asia and
    Russia": the region and Russia joined by "and", as the two sides of one meeting."""
    s = doc.sentences[idx]
    russia = [c for c in doc.in_sentence(doc.countries, idx) if c.key == "RU"]
    for r in lx.REGION_RX.finditer(doc.lower, s.start, s.end):
        for c in russia:
            lo, hi = (r.end(), c.start) if r.end() <= c.start else (c.end, r.start())
            gap = doc.lower[lo:hi]
            if len(gap) <= 25 and lx.AND.search(gap) and not re.search(r"[,;:]", gap):
                return True
    return False


def _region_group(doc: Doc, idx: int) -> bool:
    """The region's officials as one party: "Central Asian foreign ministers", "послами
    центральноазиатских государств", "Markaziy Osiyo davlatlari elchilari"."""
    s = doc.sentences[idx]
    regions = [m.start() for m in lx.REGION_RX.finditer(doc.lower, s.start, s.end)]
    for g in lx.GROUP.finditer(doc.lower, s.start, s.end):
        if any(abs(r - g.start()) <= 80 for r in regions):
            return True
    return False


def _side_before(doc: Doc, idx: int, sides: set[str]) -> set[str]:
    """The states in `sides` of the participants named in the two sentences before (the
    subject a sentence leaves out)."""
    found: set[str] = set()
    para = doc.sentences[idx].paragraph
    for j in range(max(0, idx - 2), idx):
        if doc.sentences[j].paragraph != para and j != idx - 1:
            continue
        for m in doc.in_sentence(doc.people, j):
            p = doc.gazetteer.person(m.key)
            if p.participant and p.country in sides:
                found.add(p.country)
    return found


def _states_joined(doc: Doc, t: Trigger) -> bool:
    """ "Türkmenistanyň we Russiýanyň ... duşuşygy", "the meeting of Russia and Uzbekistan":
    Russia and one Central Asian state named as a pair just before or after the meeting noun."""
    s = doc.sentences[t.sentence]
    ms = sorted(doc.in_sentence(doc.countries, t.sentence), key=lambda m: m.start)
    for a, b in itertools.pairwise(ms):
        if {a.key, b.key} & {"RU"} and a.key != b.key and {a.key, b.key} & set(CENTRAL_ASIA):
            gap = re.sub(r"^[^\W\d_]*", "", doc.lower[a.end : b.start])  # the case ending
            if not lx.AND.fullmatch(gap.strip(" ,")):
                continue
            lo, hi = (b.end, t.start) if b.end <= t.start else (t.end, a.start)
            if 0 <= hi - lo <= 60 and not _CLAUSE_BREAK.search(doc.lower, lo, hi):
                return s.start <= lo
    return False


def _pair_joined(doc: Doc, idx: int, people: list[Mention]) -> bool:
    """Two participants of Russia and one Central Asian state named as a pair ("Саидов ва
    Лавров", "Putin and Tokayev"): the meeting noun beside them is theirs."""
    for a, b in itertools.pairwise(sorted(people, key=lambda m: m.start)):
        ca, cb = doc.gazetteer.person(a.key).country, doc.gazetteer.person(b.key).country
        if {ca, cb} & {"RU"} and ca != cb and (ca in CENTRAL_ASIA or cb in CENTRAL_ASIA):
            gap = doc.lower[a.end : b.start]
            if lx.AND.fullmatch(gap.strip(" ,")) or not gap.strip(" ,–-"):
                return True
            # "Президент РФ Владимир Путин и президент Таджикистана Эмомали Рахмон"
            words = re.findall(r"[^\W\d_]+", gap)
            if lx.AND.search(gap) and len(words) <= 5 and not re.search(r"[.;:!?]", gap):
                return True
    return False


def _candidate(
    doc: Doc,
    t: Trigger,
    kind: str,
    countries: tuple[str, ...],
    people: list[Mention],
    countries_found: str = "states",
) -> Candidate:
    status, how = _status(doc, t)
    return Candidate(
        countries_found=countries_found,
        kind=kind,
        trigger=t,
        countries=countries,
        event_type=_event_type(doc, t, kind, people),
        status=status,
        status_found=how,
        topic=_is_topic(doc, t),
        reference=_is_reference(doc, t),
        ordinal=_ordinal(doc, t) if kind == "ca_ru" or _numbered_round(doc, t) else None,
        persons=people,
    )


def _numbered_round(doc: Doc, t: Trigger) -> bool:
    """ "the 10th round of consultations", "maslahatlashuvlarning IV raundi": two states count
    their rounds of talks; a bilateral meeting's other numbers ("their first meeting", "the
    27th session of the commission") are not a series the warehouse tracks."""
    before = re.findall(r"[\w'-]+", doc.lower[max(0, t.start - 40) : t.start])[-3:]
    after = re.findall(r"[\w'-]+", doc.lower[t.end : t.end + 40])[:3]
    return any(lx.ROUND.fullmatch(w) for w in (*before, *after))


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
        if c.topic or c.reference or _sideline_of_earlier(doc, c, cands):
            continue
        states = {doc.gazetteer.person(m.key).country for m in c.persons}
        if len(states & set(c.countries)) >= 2 and (
            c.kind == "ca_ru" or _has_bilateral_mark(doc, c)
        ):
            return c
    current = [c for c in cands if not c.reference]
    # "during his visit to Samarkand he told journalists ...": a visit that only sets the
    # scene of remarks, with no counterpart named, yields to a meeting the text reports
    met = [c for c in current if not (c.trigger.kind == "visit" and _framing(doc, c.trigger))]
    return min(met or current or cands, key=lambda c: c.trigger.start)


def _sideline_of_earlier(doc: Doc, c: Candidate, cands: list[Candidate]) -> bool:
    """ "The sixth CA–Russia meeting will be held in Ashgabat ... On the sidelines of the event,
    Lavrov will hold talks with Meredov": talks on the margins of a meeting the text already
    named, with no format of their own, are that meeting's side event, not the text's subject."""
    if c.kind != "bilateral" or c.trigger.label is not None:
        return False
    s = doc.sentences[c.trigger.sentence]
    if not lx.SIDELINES.search(doc.lower, s.start, s.end):
        return False
    return any(
        o.kind == "ca_ru" and not o.topic and not o.reference and o.trigger.start < s.start
        for o in cands
    )


def _talks_of_visit(doc: Doc, visit: Candidate) -> Candidate | None:
    """ "The state visit began today. Official talks will be held tomorrow in the Akorda": the
    next sentences' talks, naming no state of their own, are the visit's, and give its status
    and day when they are said to be ahead."""
    triggers, other_spans = labelled_triggers(doc)
    for t in triggers:
        if t.sentence <= visit.trigger.sentence or t.sentence > visit.trigger.sentence + 2:
            continue
        if t.label is not None or t.kind not in ("talks", "meeting"):
            continue
        states = {m.key for m in doc.in_sentence(doc.countries, t.sentence)} | {
            doc.gazetteer.person(m.key).country for m in doc.in_sentence(doc.people, t.sentence)
        }
        if states - set(visit.countries) or _foreign_parties(doc, t.sentence, other_spans):
            continue
        c = _candidate(doc, t, visit.kind, visit.countries, [], "sentence_before")
        if c.status == "announced" and c.status_found == "cue" and not c.topic:
            return c
    return None


def _same_standing(main: Candidate, c: Candidate) -> bool:
    """A topic lends nothing to a reported meeting, nor does a meeting recalled ("Эске салсак,
    the first summit was held in Astana in 2022") to the one the text reports."""
    return (main.topic or not c.topic) and (main.reference or not c.reference)


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
    """The date with its year: written, or from the anchor (publication) date and the tense.
    A day range ("15–16 May") gives its first day; `as_quoted` keeps the range."""
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


def _relative_date(
    doc: Doc, idx: int, status: str, claimed: Callable[[int, int], bool] = lambda a, b: False
) -> PartialDate | None:
    """ "today", "yesterday", "the day before", a weekday: a day counted from the published
    date, unless the word is another event's ("ahead of the CIS council, which meets in the
    capital tomorrow")."""
    pub = doc.published or doc.anchor
    if pub is None:
        return None
    ref = pub.to_date()
    if ref is None:
        return None
    s = doc.sentences[idx]
    low = doc.lower[s.start : s.end]

    def free(m: re.Match[str]) -> bool:
        return not claimed(s.start + m.start(), s.start + m.end())

    for rx, days in ((lx.TODAY, 0), (lx.YESTERDAY, -1), (lx.TOMORROW, 1)):
        m = next((m for m in rx.finditer(low) if free(m)), None)
        if m:
            d = ref + timedelta(days=days)
            return PartialDate(d.year, d.month, d.day, "published", m.group(0))
    for m in lx.DAY_BEFORE.finditer(low):
        # "накануне провёл переговоры" (the day before), not "накануне визита" (on its eve)
        nxt = re.match(r"\W*([^\W\d_]+)", low[m.end() :])
        if nxt and (
            any(p.fullmatch(nxt.group(1)) for _, p in _TRIGGERS) or lx.VISIT.match(nxt.group(1))
        ):
            continue
        if not free(m):
            continue
        d = ref - timedelta(days=1)
        return PartialDate(d.year, d.month, d.day, "published", m.group(0))
    # a weekday claimed by another event or by the report is skipped only for a meeting ahead:
    # "Putin said on Monday during the talks" dates talks held, while "Ushakov told reporters
    # on Friday" about a summit in the autumn dates only his words
    m = next((m for m in lx.WEEKDAY_RX.finditer(low) if status != "announced" or free(m)), None)
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


def _belongs_elsewhere(doc: Doc, d: DateMention, main: Candidate, idx: int, ours: set[int]) -> bool:
    """A date written beside another event word of its sentence is that event's ("consultations
    on the plan adopted at the summit in Dushanbe on 9 October"), and a date of a visit that
    "began" is not the date of the talks held during it."""
    triggers, _ = labelled_triggers(doc)
    mine = main.trigger
    # "В ходе визита, 9 октября, ... проведут консультации": a framing event word ("during the
    # visit") does not claim the dates of its sentence
    # a framing word does, though, when it is a meeting of the same format as ours, recalled
    # with its own details ("консультации по плану, принятому по итогам саммита в Душанбе
    # 9 октября")
    # Nor does the summit on whose sidelines the meeting was held ("on the sidelines of the SCO
    # summit in Astana on 3 July"): the meeting is within its days.
    # "Tashrif dasturiga ko'ra, 8-may kuni ... uchrashuv": a visit does not claim the one day
    # of a meeting in its sentence (a visit holds its meetings; a range of days is the visit's)
    here = [
        t
        for t in triggers
        if t.sentence == idx
        and not t.sidelines
        and (not _framing(doc, t) or _rival_meeting(t, mine, ours))
        and not (
            t.kind == "visit"
            and mine.kind != "visit"
            and not d.is_range
            and (
                idx == mine.sentence or any(o.sentence == idx and o.start in ours for o in triggers)
            )
        )
    ]
    if here:
        nearest = min(here, key=lambda t: _distance((t.start, t.end), (d.start, d.end)))
        if nearest.start not in ours:
            d_main = (
                _distance((mine.start, mine.end), (d.start, d.end))
                if idx == mine.sentence
                else 10**6
            )
            if _distance((nearest.start, nearest.end), (d.start, d.end)) < d_main:
                return True
    s = doc.sentences[idx]
    low = doc.lower[s.start : s.end]
    if _REPORTED_ON.search(doc.lower, max(s.start, d.start - 25), d.start):
        return True  # "..., the ministry reported on 7 June": the report's day
    if idx == mine.sentence:
        # "at a briefing on 5 May", "the 4 October elections": a date beside an event that is
        # no meeting is that event's
        d_main = _distance((mine.start, mine.end), (d.start, d.end))
        for nm in lx.NOT_MEETING.finditer(doc.lower, s.start, s.end):
            lo, hi = min(nm.end(), d.end), max(nm.start(), d.start)
            between = any(lo <= m.start < hi for m in [*doc.people, *doc.countries])
            if _distance((nm.start(), nm.end()), (d.start, d.end)) < d_main and not (
                _CLAUSE_BREAK.search(doc.lower, lo, hi) or between
            ):
                return True
    elif any(
        _distance((nm.start(), nm.end()), (d.start, d.end)) < 25
        for nm in lx.NOT_MEETING.finditer(doc.lower, s.start, s.end)
    ):
        return True
    if mine.kind != "visit" and lx.BEGAN.search(low) and lx.VISIT.search(low):
        return True
    if d.is_range and mine.kind != "visit" and here:
        # "находящийся 26–28 мая с визитом, в понедельник провёл переговоры": the days of the
        # visit, not of the talks
        nearest = min(here, key=lambda t: _distance((t.start, t.end), (d.start, d.end)))
        if nearest.kind == "visit":
            return True
    return bool(lx.PREVIOUS.search(low[:60]) and idx != mine.sentence)


# "the ministry reported on 7 June", "Ushakov told reporters on Friday", "сообщил журналистам в
# пятницу": the day of the report (one word, its audience, may stand between)
_REPORTED_ON = re.compile(
    lx.source("status.reported") + r"(?:\s+[^\W\d_]+)?\s+(?:on\s+|в\s+|во\s+)?$"
)


def _rival_meeting(t: Trigger, mine: Trigger, ours: set[int]) -> bool:
    return (
        t.label is not None
        and t.label == mine.label
        and t.kind not in ("visit", mine.kind)
        and t.start not in ours
    )


def _event_date(
    doc: Doc,
    main: Candidate,
    same: list[Candidate],
    sentences: list[int],
    venue_country: str | None,
) -> PartialDate | None:
    t = main.trigger
    own = {c.trigger.sentence for c in [main, *same]}
    ours = _our_triggers(doc, [main, *same], [i for i in sentences if i not in own])
    for idx in sentences:
        ds = [
            d
            for d in doc.dates_in(idx)
            if not doc.in_dateline(d.start) and not _belongs_elsewhere(doc, d, main, idx, ours)
        ]
        if ds:
            anchor_pos = t.start if idx == t.sentence else doc.sentences[idx].start
            d = min(ds, key=lambda x: abs(x.start - anchor_pos))
            if d.is_range and _several_events(doc, idx):
                return None  # "9–10 October: the summit and the CIS council": whose day?
            # "On April 17 ... will take part": the tense of the date's own sentence decides
            # which year a date without one falls in.
            status = _sentence_status(doc, idx, d.start) or main.status
            return _complete_year(d, doc, status, "text")
        rel = _relative_date(
            doc,
            idx,
            main.status,
            lambda a, b, idx=idx: _belongs_elsewhere(  # type: ignore[misc]
                doc, DateMention(a, b, doc.text[a:b], None, None, None), main, idx, ours
            ),
        )
        if rel is not None:
            return rel
    return (
        _venue_line_date(doc, main)
        or _dateline_date(doc, main, same, venue_country)
        or _said_today(doc, main)
        or _under_way(doc, main, same)
    )


def _under_way(doc: Doc, main: Candidate, same: list[Candidate]) -> PartialDate | None:
    """ "Tokayev is taking part in the summit", "В Душанбе проходит саммит": a meeting the text
    reports as under way, and dates nowhere, is the published day's."""
    pub = doc.published
    day = pub.to_date() if pub else None
    if day is None or main.status != "held":
        return None
    for c in [main, *same]:
        s = doc.sentences[c.trigger.sentence]
        m = lx.IN_PROGRESS.search(doc.lower, s.start, s.end)
        if m is not None:
            return PartialDate(day.year, day.month, day.day, "published", m.group(0))
    return None


def _venue_line_date(doc: Doc, main: Candidate) -> PartialDate | None:
    """The day of the venue line under a title, for the meeting the title or lead reports."""
    vl = doc.venue_line
    if vl is None or vl.date is None or main.trigger.sentence > doc.sentence_index(vl.end) + 2:
        return None
    return _complete_year(vl.date, doc, main.status, "text")


def _said_today(doc: Doc, main: Candidate) -> PartialDate | None:
    """ "Today we discussed ...", said by a participant of a meeting the body dates nowhere
    else: the meeting is the published day's."""
    pub = doc.published or doc.anchor
    day = pub.to_date() if pub else None
    if day is None or main.status != "held":
        return None
    sides = set(main.countries)
    for idx, s in enumerate(doc.sentences):
        m = lx.TODAY.search(doc.lower, s.start, s.end)
        if m is None:
            continue
        # the speaker is named in the sentence, before it, or after the quote ("..., » X said")
        near = [
            p
            for j in range(max(0, idx - 1), min(len(doc.sentences), idx + 2))
            for p in doc.in_sentence(doc.people, j)
        ]
        if any(doc.gazetteer.person(p.key).country in sides for p in near):
            return PartialDate(day.year, day.month, day.day, "published", m.group(0))
    return None


def _framing(doc: Doc, t: Trigger) -> bool:
    """The event word sets the scene ("during the visit", "sammiti doirasida")."""
    s = doc.sentences[t.sentence]
    if lx.SETTING.search(doc.lower[max(s.start, t.start - 30) : t.start]):
        return True
    sides = list(lx.SIDELINES.finditer(doc.lower, max(s.start, t.start - 60), t.start))
    if sides and not _CLAUSE_BREAK.search(doc.lower, sides[-1].end(), t.start):
        return True  # "on the margins of the Antalya Diplomacy Forum"
    return lx.verb_final(doc.language) and bool(lx.SETTING_AFTER.match(doc.lower, t.end, s.end))


def _our_triggers(doc: Doc, cands: list[Candidate], referring: list[int]) -> set[int]:
    """Start offsets of the event words of the reported meeting: its candidates' words and the
    words they form one phrase with ("заседании второго саммита"), and the unlabelled event
    words of sentences that only refer back to it."""
    triggers, _ = labelled_triggers(doc)
    mine = {c.trigger.start for c in cands}
    mine |= {t.start for t in triggers if t.sentence in referring and t.label is None}
    for a, b in itertools.pairwise(sorted(triggers, key=lambda t: t.start)):
        gap = doc.lower[a.end : b.start]
        joined = a.sentence == b.sentence and _TIGHT_GAP.match(gap) and not lx.AND.search(gap)
        if joined and (a.start in mine or b.start in mine):
            mine |= {a.start, b.start}
    return mine


_TIGHT_GAP = re.compile(r"^[^,;:.!?()]{0,15}$")


def _several_events(doc: Doc, idx: int) -> bool:
    triggers, _ = labelled_triggers(doc)
    labels = {t.label for t in triggers if t.sentence == idx}
    return len(labels) > 1


def _titled_done(doc: Doc, c: Candidate, before: int) -> bool:
    return (
        c.trigger.end <= before
        and c.status == "held"
        and c.status_found not in ("default", "said_at", "sentence_before")
        and not _framing(doc, c.trigger)
    )


def _dateline_date(
    doc: Doc, main: Candidate, same: list[Candidate], venue_country: str | None
) -> PartialDate | None:
    """A wire item's dateline day, for a meeting its body gives no day: only when the item is
    filed where the meeting is (same country), or the meeting has no place (a call, a video
    link, a venue not named), and it is reported as the news of that day."""
    dl = doc.dateline
    if dl is None or dl.date is None:
        return None
    where = _city_country(doc, dl.city) if dl.city else None
    lead = main.trigger.sentence <= doc.sentence_index(dl.end) + 1
    # filed in Dushanbe about talks in Moscow: that day's news only when the title above the
    # dateline reports them done ("Лавров встретился ..."), not when a statement made at them
    # is the news ("..., Putin said at a meeting in Moscow")
    elsewhere = venue_country is not None and where is not None and where != venue_country
    if elsewhere and not any(_titled_done(doc, c, dl.start) for c in [main, *same]):
        return None
    if main.status == "held":
        return _complete_year(dl.date, doc, main.status, "dateline")
    if main.status == "announced" and lead:
        # "МОСКВА, 28 августа. Лавров и Мередов проведут в Москве переговоры": a same-day note
        return _complete_year(dl.date, doc, main.status, "dateline")
    return None


def _venue(
    doc: Doc, main: Candidate, sentences: list[int]
) -> tuple[str | None, str | None, str | None]:
    """(city, host country, how the city was found)."""
    if main.event_type == "phone_call":
        return None, None, None
    for idx in sentences:
        s = doc.sentences[idx]
        if lx.VIRTUAL.search(doc.lower[s.start : s.end]):
            return None, None, None
    for idx in sentences:
        cities = [
            c
            for c in doc.in_sentence(doc.cities, idx)
            if not doc.in_dateline(c.start)
            and not _is_format_word(doc, c)
            and _can_be_venue(doc, c)
        ]
        if cities:
            pos = main.trigger.start if idx == main.trigger.sentence else cities[0].start

            def apart(x: Mention, pos: int = pos) -> bool:
                # "X, who attended the ceremony in Khujand, was received in Dushanbe": a city
                # across a comma from the meeting word is another clause's
                lo, hi = (x.end, pos) if x.end <= pos else (pos, x.start)
                return bool(_CLAUSE_BREAK.search(doc.lower, lo, hi))

            c = min(cities, key=lambda x: (apart(x), abs(x.start - pos)))
            how = "residence" if c.kind == "residence" else "text"
            return _city_name(doc, c.key), _city_country(doc, c.key), how
        iso = _capital_named(doc, idx) or _our_capital(doc, idx, main)
        if iso:
            cap = doc.gazetteer.registry.country(iso).capital
            return _city_name(doc, cap), iso, "capital_named"
    framed = _framing_event_city(doc, main)
    if framed is not None:
        return _city_name(doc, framed), _city_country(doc, framed), "setting"
    vl = doc.venue_line
    if vl is not None and main.trigger.sentence <= doc.sentence_index(vl.end) + 2:
        return _city_name(doc, vl.city), _city_country(doc, vl.city), "venue_line"
    # "Heads of state gathered in Astana. ... The summit opens ...": the scene is set just before.
    para = doc.sentences[main.trigger.sentence].paragraph
    for prev in range(main.trigger.sentence - 1, max(-1, main.trigger.sentence - 3), -1):
        ps = doc.sentences[prev]
        if ps.paragraph != para or any(
            p.search(doc.lower[ps.start : ps.end]) for _, p in _TRIGGERS
        ):
            break
        cities = [
            c
            for c in doc.in_sentence(doc.cities, prev)
            if not doc.in_dateline(c.start)
            and _can_be_venue(doc, c)
            and (
                lx.LOCATIVE.search(doc.lower[max(0, c.start - 6) : c.start])
                or _LOCATIVE_ENDING.search(c.text.lower())
                or _in_word_after(doc, c)
            )
        ]
        if len({c.key for c in cities}) == 1:
            return _city_name(doc, cities[0].key), _city_country(doc, cities[0].key), "scene"
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
            return _city_name(doc, doc.dateline.city), iso, "dateline"
    return None, host, None


_LOCATIVE_ENDING = re.compile(
    "(?:"
    + "|".join(sorted(map(re.escape, lx.LEXICON.suffixes("morphology.place_endings")), key=len))
    + ")$"
)
_THE = re.compile(r"(?:\bthe\s+)?$")


def _in_word_after(doc: Doc, c: Mention) -> bool:
    """ "Ko'ksaroy qarorgohida", "Toshkent shahrida": the word after the name is in the
    locative."""
    m = lx.CITY_WORD.match(doc.lower, c.end)
    return bool(m and _LOCATIVE_ENDING.search(m.group(0)))


def _can_be_venue(doc: Doc, c: Mention) -> bool:
    """A residence ("the Kremlin") is a venue only as a place ("in the Kremlin", "в Кремле",
    "Kremlda"), and two capitals joined by "and" name two governments ("Moscow and Tashkent
    have established a dialogue"), not where anyone met."""
    if c.kind == "residence":
        before = doc.lower[max(0, c.start - 12) : c.start]
        bare = _THE.sub("", before)
        return bool(
            lx.LOCATIVE.search(bare)
            or _LOCATIVE_ENDING.search(c.text.lower())
            or _in_word_after(doc, c)
        )
    for other in doc.cities:
        if other is c or other.key == c.key:
            continue
        lo, hi = (other, c) if other.start < c.start else (c, other)
        gap = doc.lower[lo.end : hi.start]
        if 0 < len(gap) <= 6 and lx.AND.fullmatch(gap.strip()):
            return False
    return True


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


def _framing_event_city(doc: Doc, main: Candidate) -> str | None:
    """ "The CIS summit will be held in St Petersburg ... Within the summit, Putin and
    Berdimuhamedov will meet": a meeting framed by a summit the text placed earlier is in that
    summit's city."""
    triggers, _ = labelled_triggers(doc)
    t = main.trigger
    frames = [
        f
        for f in triggers
        if f.sentence == t.sentence and f.end <= t.start and f.kind in ("summit", "forum")
    ]
    if not frames or main.kind == "ca_ru":
        return None
    kinds = {f.kind for f in frames}
    for idx in range(t.sentence - 1, -1, -1):
        placed = [
            x
            for x in triggers
            if x.sentence == idx and (x.kind in kinds or x.label not in (None, "ca_ru"))
        ]
        if not placed:
            continue
        cities = [
            c
            for c in doc.in_sentence(doc.cities, idx)
            if not doc.in_dateline(c.start) and _can_be_venue(doc, c)
        ]
        if cities:
            return cities[0].key
    return None


def _our_capital(doc: Doc, idx: int, main: Candidate) -> str | None:
    """ "paýtagtymyzda" (in our capital), written by a ministry of the language's state, when
    that state is a party."""
    lang = lx.LEXICON.languages.get(doc.language or "")
    s = doc.sentences[idx]
    if lang is None or lang.state not in main.countries:
        return None
    return lang.state if lx.OUR_CAPITAL.search(doc.lower, s.start, s.end) else None


_CLAUSE_BREAK = re.compile(r"[;:()\"«»“”]|,\s(?=[^,]*$)")


def _last_clause(before: str) -> str:
    """The words after the last clause break or "and" (titles never span them)."""
    clause = _CLAUSE_BREAK.split(before)[-1]
    low = clause.lower()
    # ... except the envoy's "Extraordinary and Plenipotentiary"
    envoy = [(m.start(), m.end()) for m in lx.ENVOY.finditer(low)]
    ands = [
        m
        for m in lx.AND.finditer(low)
        if not any(a <= m.start() < b for a, b in envoy) and not _joins_body(clause, m)
    ]
    return clause[ands[-1].end() :] if ands else clause


def _joins_body(clause: str, m: re.Match[str]) -> bool:
    """ "министр экономики и коммерции": an "and" between two lower-case words of a body's
    name, with no title after it, is inside the title (people's names are capitalised)."""
    before = re.search(r"([^\W\d_]+)\W*$", clause[: m.start()])
    after = re.match(r"\W*([^\W\d_]+)", clause[m.end() :])
    if before is None or after is None:
        return False
    if lx.TITLE_WORDS.search(clause[m.end() :].lower()):
        return False
    if before.group(1).islower() and after.group(1).islower():
        return not lx.TITLE_WORDS.fullmatch(before.group(1).lower())
    # "Minister of Industry and New Technologies": the body a title serves, capitalised
    titles = list(lx.TITLE_WORDS.finditer(clause.lower(), 0, m.start()))
    return bool(titles) and bool(
        re.search(lx.source("party.body_of"), clause.lower()[titles[-1].end() : m.start()])
    )


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
    own = set(sentences)
    for m in doc.people:
        idx = doc.sentence_index(m.start)
        if idx in excluded:
            continue
        person = doc.gazetteer.person(m.key)
        if not person.participant or person.country not in main.countries:
            continue
        if main.event_type == "summit" and not _leads_state(person, day):
            continue  # a summit's participants are its leaders, not the ministers who speak
        if m.key in seen:
            continue
        title = _title_near(doc, m)
        title_found = "text" if title else None
        if title is None:
            roles = person.roles_on(day) or list(person.roles)
            title = roles[-1].title if roles else None
            title_found = "registry" if title else None
        seen[m.key] = Participant(
            person.country,
            _name_as_written(doc, m, person),
            title,
            person.person_id,
            doc.sentences[idx].text[:300],
            title_found,
            "text",
        )
    for idx in sentences:
        for p in _unregistered_people(doc, idx, main.countries):
            if p.name not in {q.name for q in seen.values()}:
                seen[f"?{p.name}"] = p
    for idx in sentences:
        # the office's holder on the meeting's day, else on the day the item was published
        on = day or (doc.anchor.to_date() if doc.anchor else None)
        for p in _titled_parties(doc, idx, main.countries, on, seen):
            seen[p.person_id or f"?{p.country}"] = p
    named = {p.country for p in seen.values()}
    unnamed: list[Participant] = []
    triggers, _ = labelled_triggers(doc)
    triggers_at = {t.sentence: t for t in reversed(triggers) if t.label in (None, "ca_ru")}
    scan = list(sentences)
    if main.kind == "ca_ru":
        scan += [i for i in range(len(doc.sentences)) if i not in excluded and i not in scan]
    for idx in scan:
        s = doc.sentences[idx]
        low = doc.lower[s.start : s.end]
        distinct = _enumerated(doc, idx, main.countries)
        role = (
            lx.HEADS_OF_STATE.search(low)
            or lx.HEADS_OF_GOVERNMENT.search(low)
            or lx.FOREIGN_MINISTERS.search(low)
            or lx.PARLIAMENT.search(low)
            or lx.DEPUTIES.search(low)
            or lx.AMBASSADORS.search(low)
            or lx.GROUP.search(low)
            or lx.PARTICIPATION.search(low)
        )
        listed = idx in own and (_listed_after(doc, idx, triggers_at) or _listed_first(doc, idx))
        if role is None and not listed:
            continue
        if len(distinct) >= 3:
            for iso in distinct:
                if iso not in named and iso not in {p.country for p in unnamed}:
                    unnamed.append(Participant(iso, None, None, None, s.text[:300]))
    covered = named | {p.country for p in unnamed}
    if main.kind == "ca_ru" and set(CENTRAL_ASIA) <= covered and "RU" not in covered:
        # "a summit between Russia and the five (Kazakhstan, ...)": the format's other side
        unnamed.append(Participant("RU", None, None, None, None))
    return tuple(seen.values()) + tuple(unnamed)


_TITLED_ROLES = {"head_of_state", "head_of_government", "foreign_minister"}


def _titled_parties(
    doc: Doc,
    idx: int,
    sides: tuple[str, ...],
    day: date | None,
    seen: dict[str, Participant],
) -> list[Participant]:
    """Officials named by their office only ("the Russian foreign minister", "Глава МИД
    России", "Rossiya Prezidenti", "his Kazakh counterpart"): the state and the title as
    written, and the person the registry says held the office that day, when it is one."""
    s = doc.sentences[idx]
    have = {p.country for p in seen.values()}
    named_at = [(m.start, m.end) for m in doc.in_sentence(doc.people, idx)]
    roles_here = {
        doc.gazetteer.person(m.key).country: [
            r.role for r in doc.gazetteer.person(m.key).roles_on(day)
        ]
        for m in doc.in_sentence(doc.people, idx)
    }
    offices = [
        (m.start(), m.end(), role)
        for role, rx in lx.OFFICES
        if role in _TITLED_ROLES
        for m in rx.finditer(doc.lower, s.start, s.end)
    ]
    offices += [
        (m.start(), m.end(), "counterpart")
        for m in lx.COUNTERPART.finditer(doc.lower, s.start, s.end)
    ]
    out: list[Participant] = []
    out_roles: dict[str, str] = {}
    used: set[int] = set()
    for start, end, role in sorted(offices):
        if any(
            (end <= a <= end + 40 and not re.search(r"[,;]", doc.lower[end:a]))
            or start - 3 <= b <= start
            for a, b in named_at
        ):
            continue  # the title of a person the text names (not one after a comma)
        last_word = doc.lower.rfind(" ", start, end) + 1 or start
        if lx.GROUP.match(doc.lower, last_word) or lx.GROUP.match(doc.lower, start):
            continue  # "министрлерінің", "the foreign ministers": a group, not one official
        unknown = _NAME.match(doc.text, end + 1) or _NAME.match(doc.text, end)
        if (
            unknown
            and unknown.start("name") - end < 3
            and not doc.gazetteer.find_countries(unknown.group("name"))
            and not lx.FOREIGN_STATES.match(unknown.group("name").lower())
        ):
            continue  # an official the registry does not know, named right after the title
        near = [
            c
            for c in doc.in_sentence(doc.countries, idx)
            if c.key in sides
            and (
                0 <= start - c.end <= 30
                or 0 <= c.start - end <= 30
                # "the Kyrgyz delegation was led by the First Deputy Minister"
                or (0 <= start - c.end <= 70 and lx.DELEGATION.match(doc.lower, c.end + 1))
            )
            and not _CLAUSE_BREAK.search(doc.lower, min(c.end, end), max(c.start, start))
            and c.start not in used  # "Президенти Тоҷикистон бо Президенти Русия"
        ]
        if not near:
            continue
        c = min(near, key=lambda c: min(abs(start - c.end), abs(c.start - end)))
        used.add(c.start)
        if c.key in have or c.key in {p.country for p in out}:
            continue
        if role == "counterpart":
            # "met his Kazakh counterpart": the office of the other side
            others = [r for iso, rs in roles_here.items() if iso != c.key for r in rs]
            others += [r for iso, r in out_roles.items() if iso != c.key]
            role = next((r for r in others if r in _TITLED_ROLES), "")
        out_roles[c.key] = role
        deputy = lx.DEPUTY.search(doc.lower, max(s.start, start - 25), min(s.end, end + 25))
        if deputy:
            role = ""  # "Bosh vazirining o'rinbosari", "Deputy Prime Minister": not the office
        holders = doc.gazetteer.registry.holders(c.key, role, day) if role and day else []
        person = holders[0] if len(holders) == 1 else None
        # a state named before its delegation is not part of the title
        named = [] if start - c.end > 30 or lx.DELEGATION.match(doc.lower, c.end + 1) else [c]
        lo = min(start, *(x.start for x in named), deputy.start() if deputy else start)
        hi = max(end, *(x.end for x in named), deputy.end() if deputy else end)
        title = doc.text[lo:hi].strip(" ,")
        out.append(
            Participant(
                c.key,
                None,
                title,
                person.person_id if person else None,
                s.text[:300],
                "text",
                "registry" if person else None,
            )
        )
    return out


def _listed_first(doc: Doc, idx: int) -> bool:
    """States listed as the sentence's subject ("Kazakhstan, Kyrgyzstan, ... and Russia
    reaffirmed ... during the meeting"): they are who met."""
    s = doc.sentences[idx]
    mentions = [m for m in doc.in_sentence(doc.countries, idx) if not doc.in_dateline(m.start)]
    if len(mentions) < 3:
        return False
    head = doc.lower[s.start : mentions[0].start]
    if doc.dateline is not None and doc.dateline.start >= s.start:
        head = doc.lower[max(s.start, doc.dateline.end) : mentions[0].start]
    return len(head.strip(" –—-,.")) <= 3 and all(
        lx.LIST_GAP.match(doc.lower[a.end : b.start]) for a, b in itertools.pairwise(mentions[:3])
    )


_LEADER_ROLES = {"head_of_state", "head_of_government", "national_leader", "speaker"}


def _leads_state(person: Person, day: date | None) -> bool:
    roles = person.roles_on(day) or list(person.roles)
    return any(r.role in _LEADER_ROLES for r in roles)


def _listed_after(doc: Doc, idx: int, triggers_at: dict[int, Trigger]) -> bool:
    """The states listed right after the event word are its parties ("a summit between Russia
    and the five Central Asian countries (Kazakhstan, ...)"), not partners named later in the
    sentence ("..., reaffirming its partnership with Kazakhstan, ...")."""
    t = triggers_at.get(idx)
    if t is None:
        return False
    mentions = [m for m in doc.in_sentence(doc.countries, idx) if m.start >= t.end]
    for a, b in itertools.pairwise(mentions):
        if lx.LIST_GAP.match(doc.lower[a.end : b.start]):
            return a.start - t.end <= 70
    return False


_YO = str.maketrans("ёЁ", "еЕ")


def _name_as_written(doc: Doc, m: Mention, person: Person) -> str:
    """The person's name in the text's own script and in the nominative: the registry alias the
    mention inflects ("Муратом Нуртлеу" -> "Мурат Нуртлеу"), else the mention put in the
    nominative (pymorphy3 for Russian), else the registry's English name."""
    words = m.text.translate(_YO).lower().split()
    best = None
    for alias in (person.name_en, person.name_ru or "", *person.aliases):
        aw = alias.translate(_YO).lower().split()
        if len(aw) != len(words) or not aw:
            continue
        if all(w.startswith(a[: max(3, len(a) - 2)]) for a, w in zip(aw, words, strict=True)):
            best = alias
            if all(a == w for a, w in zip(aw, words, strict=True)):
                break
    if best:
        return best
    if doc.language == "ru" and re.fullmatch(r"[А-ЯЁа-яё\s-]+", m.text):
        return nominative_name(m.text)
    return m.text if m.kind == "full" else person.name_en


_CAP = "[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҶҲӢӮÝŞÇÖÜŇÄŽ]"
# Two capitalised words, tried at every capitalised word (overlapping: "Думасының Төрағасы
# Вячеслав Володин" holds three pairs, and only the last follows the title).
_NAME = re.compile(r"(?<![\w'’-])(?=(?P<name>" + _CAP + r"[\w'’-]+\s+" + _CAP + r"[\w'’-]+))")


_NEXT_CAPITALISED = re.compile(r"[ \t]+" + _CAP)
_PREV_CAPITALISED = re.compile(_CAP + r"[\w'’-]*[ \t]+$")


def _unregistered_people(doc: Doc, idx: int, sides: tuple[str, ...]) -> list[Participant]:
    """People the registry does not know yet, with their state and title: a title that names
    its state ("Russian Deputy Prime Minister", "вице-премьер РФ", "Ресей Думасының Төрағасы")
    written right before a two-word name."""
    s = doc.sentences[idx]
    out: list[Participant] = []
    known = [(p.start, p.end) for p in doc.people]
    for nm in _NAME.finditer(doc.text, s.start, s.end):
        start, end = nm.start("name"), nm.end("name")
        if end > s.end or any(a < end and start < b for a, b in known):
            continue
        if _NEXT_CAPITALISED.match(doc.text, end) and _PREV_CAPITALISED.search(
            doc.text, max(s.start, start - 40), start
        ):
            continue  # "Economic Development Pavel Tolstov": the name ends a capitalised run
        nxt = _NAME.match(doc.text, end + 1)
        if (
            nxt
            and _NEXT_CAPITALISED.match(doc.text, end)
            and not doc.gazetteer.find_countries(nxt.group("name"))
            and not doc.gazetteer.find_cities(nxt.group("name"))
        ):
            continue  # "New Technologies Sherali Kabir": a body's words, then the name
        # the title is read from after the previous name on ("министрі Мұрат Нұртілеу бүгін
        # Ресейдің ... Елшісі Алексей Бородавкинді": the envoy's title starts after Nurtleu)
        floor = max((b for a, b in known if b <= start), default=s.start)
        if doc.gazetteer.find_countries(nm.group("name")) or doc.gazetteer.find_cities(
            nm.group("name")
        ):
            continue
        low_name = nm.group("name").lower()
        if (
            lx.REGION_RX.match(low_name)
            or lx.RUSSIA_RX.match(low_name)
            or lx.FOREIGN_STATES.match(low_name)
            or any(lx.TITLE_WORDS.fullmatch(w) for w in low_name.split())
        ):
            continue  # a region, a state or a title, not a person's name
        if lx.BODY_OF.search(doc.lower, max(s.start, start - 12), start):
            continue  # "Deputy Minister of Foreign Affairs": the body a title serves
        if any(a < end and start < b for a, b, _ in labelled_triggers(doc)[1]):
            continue  # "Көз карандысыз Мамлекеттердин Шериктештиги": a format's name (the CIS)
        before = doc.text[max(s.start, floor, start - 90) : start]
        clause = _last_clause(before).lower()
        titles = list(lx.TITLE_WORDS.finditer(clause))
        if not titles:
            continue
        gap_lo = start - len(clause) + titles[-1].end()
        if _title_gap(doc, gap_lo, start) > 25 and not _capitalised_body(doc, gap_lo, start):
            continue  # the title is written right before the name
        if lx.SPEAKERS.search(clause):
            continue  # a spokesperson or an aide reports the meeting, not a party to it
        title = titles[0]
        lead = max(0, title.start() - 30)
        in_lead = [
            c
            for c in doc.countries
            if start - len(clause) + lead <= c.start < start and c.key in sides
        ]
        in_clause = [
            c for c in doc.countries if start - len(clause) <= c.start < start and c.key in sides
        ]
        if any(_serving_in(doc, c) for c in in_clause):
            # "Ресейдің Қазақстандағы Елшісі", "Russiýa Federasiýasynyň Türkmenistandaky
            # ... ilçisi", "Russian Ambassador to Kazakhstan": the state where the official
            # serves is not theirs; theirs is named earlier in the title
            in_clause = [c for c in in_clause if not _serving_in(doc, c)]
        else:
            in_clause = in_lead
        states = {c.key for c in in_clause}
        if len(states) != 1:
            continue
        name = nm.group("name")
        name = nominative_name(name) if doc.language == "ru" else _strip_endings(name)
        title_text = doc.text[start - len(clause) + title.start() : start].strip(" ,")
        out.append(
            Participant(states.pop(), name, title_text or None, None, s.text[:300], "text", "text")
        )
    return out


_NAME_ENDINGS = sorted(
    (e for e in lx.LEXICON.suffixes("morphology.endings") if len(e) >= 2),
    key=len,
    reverse=True,
)


_BODY_OF_AT = re.compile(r"\s*(?:" + lx.source("party.body_of") + r")\s+")


def _capitalised_body(doc: Doc, lo: int, hi: int) -> bool:
    """ "Minister of Industry and New Technologies": after the title, the body it serves, each
    word capitalised but the joining ones; part of the title however long."""
    m = _BODY_OF_AT.match(doc.lower, lo, hi)
    if m is None:
        return False
    joins = lx.LEXICON.phrases("party.and") + lx.LEXICON.phrases("party.body_of")
    body = doc.text[m.end() : hi].split()
    return bool(body) and all(w[:1].isupper() or w.lower() in joins for w in body)


def _title_gap(doc: Doc, lo: int, hi: int) -> int:
    """Letters between a title and a name, not counting the states it names and where it
    serves ("Сафири Федератсияи Русия дар Ҷумҳурии Тоҷикистон Семён Григорьев")."""
    gap = list(doc.lower[lo:hi])
    for c in doc.countries:
        for i in range(max(lo, c.start), min(hi, c.end)):
            gap[i - lo] = " "
    rest = _GAP_WORDS.sub(" ", "".join(gap))
    return len(rest.strip())


_GAP_WORDS = re.compile(
    "|".join(lx.LEXICON.source(n) for n in ("place.generic", "place.locative", "place.to"))
)


def _serving_in(doc: Doc, c: Mention) -> bool:
    """The state named as where someone serves: "to Kazakhstan", "в Казахстане",
    "Қазақстандағы", "Kazakhstandagi"."""
    before = _GENERIC_TAIL.sub(" ", doc.lower[max(0, c.start - 30) : c.start])[-6:]
    ending = _LOCATIVE_ENDING_LONG.get(doc.language or "", _LOCATIVE_ENDING_ANY)
    return bool(lx.LOCATIVE_OR_TO.search(before) or ending.search(c.text.lower()))


def _ending_rx(languages: list[str] | None) -> re.Pattern[str]:
    """The place endings of two letters or more (one letter is part of many a state's name,
    "Russiýa") of the text's language: a Kazakh "-на" is no ending of "Кыргызстана"."""
    endings = [e for e in lx.LEXICON.suffixes("morphology.place_endings", languages) if len(e) > 1]
    if not endings:
        return re.compile(r"(?!)")
    return re.compile("(?:" + "|".join(sorted(map(re.escape, endings), key=len)) + ")$")


_LOCATIVE_ENDING_ANY = _ending_rx(None)
_LOCATIVE_ENDING_LONG = {code: _ending_rx([code]) for code in lx.LEXICON.languages}


# "дар Ҷумҳурии Тоҷикистон", "in the Republic of Kazakhstan": generic words before the name
_GENERIC_TAIL = re.compile(r"(?:\s*" + lx.source("place.generic") + r")+\s*$")


def _strip_endings(name: str) -> str:
    """ "Воло-динмен" -> "Воло-дин": a Turkic case ending off the last word of a name."""
    words = name.split()
    last = words[-1]
    for e in _NAME_ENDINGS:
        if last.lower().endswith(e) and len(last) - len(e) >= 3:
            words[-1] = last[: -len(e)]
            break
    return " ".join(words)


def _coreferent_sentences(
    doc: Doc, main: Candidate, cands: list[Candidate], taken: list[int]
) -> list[int]:
    """Later sentences that name the meeting only by its noun ("The meeting took place on ...",
    "Кездесу ... өтті"): no format of their own, no other states, no candidate of their own."""
    own = {c.trigger.sentence for c in cands}
    triggers, other_spans = labelled_triggers(doc)
    out = []

    def fits(idx: int) -> bool:
        s = doc.sentences[idx]
        low = doc.lower[s.start : s.end]
        if idx <= main.trigger.sentence or idx in own or idx in taken or idx in out:
            return False
        if lx.PREVIOUS.search(low[:60]):
            return False  # "Their last meeting took place on 25 June"
        states = {m.key for m in doc.in_sentence(doc.countries, idx)} | {
            doc.gazetteer.person(m.key).country for m in doc.in_sentence(doc.people, idx)
        }
        if main.ordinal and any(
            (n := _ordinal(doc, x)) is not None and n != main.ordinal
            for x in triggers
            if x.sentence == idx
        ):
            return False  # "the first summit was held in Astana, the second in Dushanbe"
        return not states - set(main.countries) and not _foreign_parties(doc, idx, other_spans)

    for t in triggers:
        idx = t.sentence
        if t.label is not None or t.kind not in ("meeting", "summit", "talks"):
            continue
        s = doc.sentences[idx]
        setting = lx.SETTING.search(doc.lower[max(s.start, t.start - 30) : t.start])
        # "Davlat rahbarlari o'rtasidagi muzokaralar Ostonada bo'ladi", "The leaders' talks
        # ...": the parties named only as a group, the meeting already reported
        group = lx.GROUP.search(
            doc.lower, max(s.start, t.start - 40), min(s.end, t.end + 40)
        ) and _predicate_follows(doc, t)
        if fits(idx) and (lx.BACK_REFERENCE.match(doc.lower[s.start : s.end]) or setting or group):
            # "The meeting took place ...", "Володин в ходе переговоров в Душанбе ..."
            out.append(idx)
    # "The Russian delegation was led by ..., the Tajik one by ...": a sentence right after
    # one of the meeting's (a headline's, a lead's) names who led each side
    near = sorted({i + k for i in [main.trigger.sentence, *taken] for k in (1, 2)})
    for idx in near:
        if idx < len(doc.sentences) and fits(idx):
            s = doc.sentences[idx]
            if lx.DELEGATION.search(doc.lower, s.start, s.end):
                out.append(idx)
    # "Мероприятие пройдет в Алматы", "The event will ...": the anaphoric noun opens it
    for idx in range(main.trigger.sentence + 1, len(doc.sentences)):
        s = doc.sentences[idx]
        if fits(idx) and lx.ANAPHORA_START.match(doc.lower[s.start : s.end]):
            out.append(idx)
    return sorted(out)


def _predicate_follows(doc: Doc, t: Trigger) -> bool:
    """The event word is what the clause is about: a tense cue follows it in the same clause
    ("muzokaralar Ostonada bo'lib o'tishi rejalashtirilgan", "talks will be held"), not a
    topic phrase ("мулоқотга келсак, Захарова ... таъкидлади")."""
    s = doc.sentences[t.sentence]
    clause_end = _CLAUSE_BREAK.search(doc.lower, t.end, s.end)
    end = min(clause_end.start() if clause_end else s.end, t.end + 60)
    return any(t.end <= a < end for a, _, _, _ in _cues(doc, t.sentence))


_CLAUSE_BREAK = re.compile(r"[,;:—–]")


def _coreferent_ordinal(doc: Doc, sentences: list[int], main: Candidate) -> int | None:
    """ "This is the third meeting of ...", "Это первый саммит": the ordinal of a sentence that
    refers back to the meeting."""
    if main.kind != "ca_ru":
        return None
    triggers, _ = labelled_triggers(doc)
    for t in triggers:
        if t.label is not None or t.kind != main.trigger.kind:
            continue
        if t.sentence in sentences and t.sentence != main.trigger.sentence:
            n = _ordinal(doc, t)
            if n is not None:
                return n
    return None


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
    same = [c for c in cands if _same_event(main, c) and _same_standing(main, c)]
    if main.trigger.kind == "visit":
        # The talks of a visit are the meeting ("arrived today ... talks will be held on
        # Tuesday"): they give its status and date.
        talks = next((c for c in same if c.trigger.kind in _MEETING_KINDS and not c.topic), None)
        if talks is None:
            talks = _talks_of_visit(doc, main)
        if talks is not None:
            main = talks
            same = [c for c in cands if _same_event(main, c) and _same_standing(main, c)]
    order = same
    if _is_headline(doc, main.trigger.sentence):
        # A headline's meeting is told by the body: its words of the same kind come first
        # ("Tokayev travels to Sochi for talks" over "Talks ... are scheduled for tomorrow").
        kinds = main.trigger.phrase_kinds
        order = sorted(same, key=lambda c: (c.trigger.kind not in kinds,))
        body = next((c for c in order if c.trigger.sentence != main.trigger.sentence), None)
        if body is not None and main.status_found in ("default", "sentence_before"):
            main = replace(main, status=body.status, status_found=body.status_found)
    sentences = list(dict.fromkeys([main.trigger.sentence] + [c.trigger.sentence for c in order]))
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
    ordinal_found = None
    ordinal = main.ordinal
    with_ordinal = next((c for c in same if c.ordinal), None)
    if ordinal is not None:
        ordinal_found = "first_time" if _first_time(doc, main.trigger) else "text"
    elif with_ordinal is not None:
        ordinal = with_ordinal.ordinal
        ordinal_found = "first_time" if _first_time(doc, with_ordinal.trigger) else "text"
    else:
        ordinal = _coreferent_ordinal(doc, sentences, main)
        ordinal_found = "back_reference" if ordinal is not None else None
    status = main.status
    city, host, city_found = _venue(doc, main, sentences)
    venue_country = host or (
        _city_country(doc, doc.gazetteer.registry.city_by_name(city).city_id)  # type: ignore[union-attr]
        if city and doc.gazetteer.registry.city_by_name(city)
        else None
    )
    when = _plausible_date(
        _event_date(
            doc, main, same, sentences, venue_country if main.event_type != "phone_call" else None
        ),
        status,
        doc.published,
    )
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
        found={
            "countries": main.countries_found,
            "status": main.status_found,
            "date": _date_found(when),
            "city": city_found,
            "ordinal": ordinal_found,
        },
    )


# An announcement is rarely made more than a year ahead; a report cannot come before the event
# (a day's grace for time zones and wire items filed overnight).
_ANNOUNCED_AHEAD = timedelta(days=400)
_REPORTED_GRACE = timedelta(days=1)


def _plausible_date(
    when: PartialDate | None, status: str, published: PartialDate | None
) -> PartialDate | None:
    """The date, unless no meeting could be on it: before 1991, held after the day it was
    reported, or announced more than about a year ahead. Such a date is a misreading (a year
    taken from another clause, a broken publication date); it is dropped, not moved."""
    if when is None or when.year is None:
        return when
    first = date(when.year, when.month or 1, when.day or 1)
    if first < EARLIEST_FACT:
        return None
    day = published.to_date() if published is not None else None
    if day is None:
        return when
    if status == "held" and first > day + _REPORTED_GRACE:
        return None
    if status == "announced" and first > day + _ANNOUNCED_AHEAD:
        return None
    return when


def _date_found(when: PartialDate | None) -> str | None:
    """How the date was found: written in the text, read from a relative word against the
    publication date, or taken from the wire item's dateline."""
    if when is None:
        return None
    if when.source == "published":
        return "relative"
    if when.source == "text" and not _WRITTEN_YEAR.search(when.as_quoted or ""):
        return "text_year_inferred"  # "on 9 October": the year is the publication's
    return when.source


_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")

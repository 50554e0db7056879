"""The extractor's cue patterns, compiled from the language files and the registry.

The words are data (`normalise/data/lang/<lang>.toml`, `normalise/data/foreign.toml`); what is
here is grammar: how the concepts combine into a format's name ("Central Asia + Russia", "Россия
– Центральная Азия"), an ordinal token or a topic context. Every pattern is matched against
`normalise.text.normalise_text(...).lower()`, so none needs IGNORECASE.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from carta.core.langdata import alternation, default_lexicon, is_expression
from carta.core.registry import default_registry

W = r"[^\W\d_]"  # a letter in any script
LEXICON = default_lexicon()


def concept(name: str) -> re.Pattern[str]:
    """One concept of the language files, in every language, as a compiled pattern."""
    return LEXICON.pattern(name)


def source(name: str) -> str:
    return LEXICON.source(name)


# ----------------------------------------------------------------- event nouns and verbs
SUMMIT = concept("event.summit")
PHONE = concept("event.phone")
CONSULTATIONS = concept("event.consultations")
TALKS = concept("event.talks")
MEETING = concept("event.meeting")
VISIT = concept("event.visit")
RECEPTION = concept("event.reception")
MET = concept("event.met")
DAY_BEFORE = concept("time.day_before")
ANAPHORA = concept("event.anaphora")
FORUM = concept("event.forum")
NEGATION = concept("event.negation")
VIRTUAL = concept("event.virtual")
WELCOME = concept("event.welcome")
COMMISSION = concept("event.commission")
NOT_MEETING = concept("event.not_meeting")
AMBASSADORS = concept("party.ambassadors")
GROUP = concept("party.group")
DEPUTIES = concept("party.deputies")
BILATERAL_MARK = concept("party.bilateral_mark")
HEADS_OF_STATE = concept("party.heads_of_state")
FOREIGN_MINISTERS = concept("party.foreign_ministers")
HEADS_OF_GOVERNMENT = concept("party.heads_of_government")
# The registry's offices, each with its words in every language: a title names an office.
OFFICES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (role, re.compile(alternation(phrases)))
    for role, phrases in LEXICON.table("party.office").items()
    if phrases
)
PARLIAMENT = concept("party.parliament")
SPEAKERS = concept("party.speakers")
DELEGATION = concept("party.delegation")
DEPUTY = concept("party.deputy")
ENVOY = concept("party.envoy")
PARTICIPATION = concept("party.participation")
MULTILATERAL = concept("party.multilateral")
TITLE_WORDS = concept("party.title_words")
BODY_OF = re.compile(r"(?:" + LEXICON.source("party.body_of") + r")\s+$")
COUNTERPART = concept("party.counterpart")

# ----------------------------------------------------------------- status
FUTURE = concept("status.future")


@functools.cache
def tense_cues(language: str | None) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(future, held) cues of one language, or of all when it is not known: a Kazakh ending
    must not read an Uzbek or Kyrgyz name as a future verb ("Акылбек")."""
    langs = [language] if language in LEXICON.languages else None
    held = LEXICON.source("status.held", langs) + "|" + LEXICON.source("status.in_progress", langs)
    return re.compile(LEXICON.source("status.future", langs)), re.compile(held)


# Going on now counts as held (a meeting under way has taken place as far as a record goes).
HELD = re.compile(LEXICON.source("status.held") + "|" + LEXICON.source("status.in_progress"))
IN_PROGRESS = concept("status.in_progress")
POSTPONED = concept("status.postponed")
OUR_CAPITAL = concept("place.our_capital")
NOT_PLANNED = concept("status.not_planned")
REPORTED = concept("status.reported")
CANCELLED = concept("status.cancelled")

# ----------------------------------------------------------------- regions and formats
REGION = source("format.region")
RUSSIA = source("format.russia")
_JOIN = r"(?:\s*" + source("format.join") + r"\s*|\s+)"
_FILL = r"(?:" + source("format.fill") + r"\s+){0,3}"
CA_RUSSIA_FORMAT = re.compile(
    r"(?:"
    + REGION
    + r"\W{0,3}"
    + _FILL
    + _JOIN
    + r"\W{0,3}"
    + _FILL
    + RUSSIA
    + r"|"
    + RUSSIA
    + r"\W{0,3}"
    + _FILL
    + _JOIN
    + r"\W{0,3}"
    + _FILL
    + REGION
    + r")"
)
# "Russia prepares a second summit with Central Asian countries": the format named around its noun.
CA_RUSSIA_FORMAT_LOOSE = re.compile(
    RUSSIA
    + r"\W+(?:"
    + W
    + r"+\W+){0,3}?"
    + alternation(["summit*", "саммит*", "meeting*", "встреч*", "sammit*"])
    + r"\W+"
    + source("format.with")
    + r"\W+(?:"
    + W
    + r"+\W+){0,3}?"
    + REGION
)
# "China–Central Asia", "АКШ-Борбор Азия", "Central Asia plus Japan": any state of foreign.toml
# joined to the region names a format that is not Central Asia–Russia.
FOREIGN = alternation(p for st in default_registry().foreign for p in st.names)
FOREIGN_FORMAT = re.compile(
    r"(?:"
    + REGION
    + r"\W{0,3}"
    + _FILL
    + _JOIN
    + r"\W{0,3}"
    + _FILL
    + FOREIGN
    + r"|"
    + FOREIGN
    + r"\W{0,3}"
    + _FILL
    + _JOIN
    + r"\W{0,3}"
    + _FILL
    + REGION
    + r")"
)
FORMAT_TOPIC = re.compile(source("format.topic_before") + r"\s+(?:[^\W\d_]+\s+){0,2}\W{0,2}$")
REGION_RX = re.compile(REGION)
RUSSIA_RX = re.compile(RUSSIA)

# Formats that look alike but are not Russia–Central Asia, each with a label for the record.
OTHER_FORMATS: Final[dict[str, re.Pattern[str]]] = {
    label: re.compile(alternation(phrases))
    for label, phrases in LEXICON.table("format.other").items()
    if phrases
}
# A bilateral meeting "on the sidelines of" a multilateral one is still a bilateral meeting.
SIDELINES = concept("format.sidelines")

# States that are neither Russia nor Central Asian (foreign.toml): their presence as a party
# makes a meeting another format.
FOREIGN_STATES = re.compile(
    alternation(p for st in default_registry().foreign for p in (*st.names, *st.people))
)
FOREIGN_ISO: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (st.iso2, re.compile(alternation(st.names))) for st in default_registry().foreign
)
# Words that make a state a topic ("the situation in Afghanistan"), not a party.
TOPIC_BEFORE = re.compile(source("party.topic_context") + r"\W+(?:\w+\W+){0,3}$")

# ----------------------------------------------------------------- ordinals
_ORDINAL_WORDS: Final[dict[int, re.Pattern[str]]] = {
    int(n): re.compile(alternation(phrases))
    for n, phrases in LEXICON.table("ordinal.words").items()
    if phrases
}
ORDINAL_SUFFIX = (
    "(?:"
    + "|".join(
        re.escape(s) for s in sorted(LEXICON.suffixes("ordinal.suffixes"), key=len, reverse=True)
    )
    + ")"
)
_ROMAN = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
    "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18,
    "xix": 19, "xx": 20,
}  # fmt: skip
_NUMERAL_ORDINAL = re.compile(r"(\d{1,2})-?" + ORDINAL_SUFFIX)


def ordinal_of(token: str) -> int | None:
    """The ordinal a token writes ("8th", "8-й", "viii", "восьмой", "sakkizinchi"), or None."""
    m = _NUMERAL_ORDINAL.fullmatch(token)
    if m:
        return int(m.group(1))
    if token in _ROMAN:
        return _ROMAN[token]
    for n, rx in _ORDINAL_WORDS.items():
        if rx.fullmatch(token):
            return n
    return None


# ----------------------------------------------------------------- relative time
TODAY = concept("time.today")
YESTERDAY = concept("time.yesterday")
TOMORROW = concept("time.tomorrow")
_WEEKDAYS: Final[dict[int, re.Pattern[str]]] = {
    int(n) - 1: re.compile(alternation(phrases))
    for n, phrases in LEXICON.table("time.weekdays").items()
    if phrases
}
WEEKDAY_RX = re.compile(
    alternation(p for phrases in LEXICON.table("time.weekdays").values() for p in phrases)
)


def weekday_of(word: str) -> int | None:
    """Monday = 0, as `date.weekday()`; None when `word` names no weekday."""
    for n, rx in _WEEKDAYS.items():
        if rx.match(word):
            return n
    return None


# ----------------------------------------------------------------- trade
TRADE = re.compile(
    alternation(
        LEXICON.phrases("trade.turnover")
        + LEXICON.phrases("trade.exports")
        + LEXICON.phrases("trade.imports")
    )
)
NOT_TRADE = concept("trade.not_trade")
TARGET = concept("trade.target")
OVER = concept("trade.over")
UNDER = concept("trade.under")
ABOUT = concept("trade.about")
GROWTH_UP = concept("trade.growth_up")
GROWTH_DOWN = concept("trade.growth_down")
LAST_YEAR = concept("time.last_year")
THIS_YEAR = concept("time.this_year")
SAME_PERIOD = concept("trade.same_period")
BEGINNING_OF_YEAR = concept("trade.since_year_start")


def _combined(patterns: dict[str, re.Pattern[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation for many labelled patterns: a single scan of the text finds them all."""
    names = {f"f{i}": label for i, label in enumerate(patterns)}
    body = "|".join(f"(?P<{group}>{patterns[label].pattern})" for group, label in names.items())
    return re.compile(body), names


OTHER_FORMATS_RX, OTHER_FORMAT_GROUPS = _combined(OTHER_FORMATS)


# ----------------------------------------------------------------- event context
def _alt(*names: str) -> str:
    return alternation(p for n in names for p in LEXICON.phrases(n))


TOPIC_EVENT = re.compile(source("status.topic_before") + r"[^.;!?]{0,90}$")
AGENDA_AFTER = re.compile(r"^\W{0,3}(?:\w+\W+){0,2}" + source("status.agenda_after"))
SETTING = re.compile(source("status.setting_before") + r"\s+(?:\w+\s+){0,1}$")
# Postpositions: the verb-final languages write "during" after the noun ("sammiti doirasida",
# "сапары барысында"), so the same words are looked for right after the event word there.
SETTING_AFTER = re.compile(
    r"\W{0,3}(?:[^\W\d_]+\s+){0,1}?" + _alt("status.setting_before", "format.sidelines")
)
REFERENCE = re.compile(source("status.reference_before") + r"[^.;!?]{0,60}$")
# "Ýatladyp geçsek, ... duşuşypdylar", "Напомним, ...": opening the sentence, it covers all of it
REFERENCE_OPENING = re.compile(r"\W*(?:" + source("status.reference_before") + r")")
# "met four times last year", "чор маротиба вохӯрданд": a count of meetings, not one of them
TALLY = re.compile(
    r"(?:\d+|"
    + alternation(p for ps in LEXICON.table("number.words").values() for p in ps)
    + r")\s*-?\s*(?:"
    + source("number.times")
    + r")(?![^\W\d_])"
)
NEGATED_TRIGGER = re.compile(source("event.negation") + r"\s+$")
VISIT_WORDS = re.compile(_alt("event.visit", "place.arrival"))
VISIT_TO = re.compile(
    _alt("event.visit", "place.arrival") + r"\s+(?:\w+\s+){0,3}" + source("place.to") + r"\s+$"
)
LOCATIVE = re.compile(source("place.locative") + r"\s+$")
CITY_WORD = re.compile(r"[»\"”]?\s+(?:[^\W\d_]+\s+)?" + source("place.city_word"))
LOCATIVE_OR_TO = re.compile(_alt("place.locative", "place.to") + r"\s+$")
CAPITAL = concept("place.capital")
FORMAT_WORD_AFTER = re.compile(r"\s*" + source("format.word"))
# "«Борбордук Азия – Россия» форматындагы экинчи саммит": the format's words and the
# meeting's ordinal may stand between a format name and its meeting noun.
_ANY_ORDINAL = (
    r"(?:"
    + alternation(p for ps in LEXICON.table("ordinal.words").values() for p in ps)
    + r"|\d{1,2}-?"
    + ORDINAL_SUFFIX
    + r"|[ivx]{1,5})"
)
PREMODIFIER_GAP = re.compile(
    r"^[\W_]*(?:" + source("format.premodifier") + r"[\W_]*)?(?:" + _ANY_ORDINAL + r"[\W_]*)?$"
)
BACK_REFERENCE = re.compile(r"\W*" + _alt("event.back_reference", "event.summit"))
ANAPHORA_START = re.compile(r"\W*" + source("event.anaphora"))
FIRST_TIME = concept("ordinal.first_time")
PREVIOUS = concept("status.previous")
AHEAD = re.compile(source("status.ahead") + r"\s+(?:\w+\s+){0,2}$")
BEGAN = concept("time.began")
_LIST_PUNCT = r"[\s,;:–—\-()«»\"']*"
LIST_GAP = re.compile(
    "^" + _LIST_PUNCT + "(?:" + source("party.list_join") + _LIST_PUNCT + "){0,3}$"
)
AND = concept("party.and")
ORDINAL_STOP = re.compile(source("ordinal.stop"))
NOT_SERIES = re.compile(source("ordinal.not_series"))
ROUND = re.compile(source("ordinal.round"))
ORDINAL_SKIP = re.compile(
    alternation(
        LEXICON.phrases("ordinal.skip")
        + [
            w
            for n in ("format.region", "format.russia")
            for p in LEXICON.phrases(n)
            if not is_expression(p)
            for w in p.split()
        ]
    )
)
_ORDINAL_AFTER_NOUN: Final[dict[int, re.Pattern[str]]] = {
    int(n): re.compile(alternation(ps))
    for n, ps in {
        k: [
            p
            for lang in LEXICON.languages.values()
            if lang.ordinal_after_noun
            for p in lang.table("ordinal.words")[k]
        ]
        for k in LEXICON.table("ordinal.words")
    }.items()
    if ps
}


def verb_final(language: str | None) -> bool:
    """The language puts the verb last, its object before it (the Turkic languages, Tajik)."""
    lang = LEXICON.languages.get(language or "")
    return bool(lang and lang.verb_final)


_NUMERAL_AFTER_NOUN = re.compile(
    r"(\d{1,2})-?"
    + "(?:"
    + "|".join(
        re.escape(s)
        for lang in LEXICON.languages.values()
        if lang.ordinal_after_noun
        for s in sorted(lang.values["ordinal.suffixes"], key=len, reverse=True)
    )
    + ")"
)


def ordinal_after_noun(token: str) -> int | None:
    """An ordinal of a language that writes it after its noun (Tajik нишасти ҳаштум, нишасти
    6-уми)."""
    m = _NUMERAL_AFTER_NOUN.fullmatch(token)
    if m:
        return int(m.group(1))
    for n, rx in _ORDINAL_AFTER_NOUN.items():
        if rx.fullmatch(token):
            return n
    return None

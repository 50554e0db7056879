"""Cue words in the seven languages, as regular expressions over normalised, lower-cased text.

Kept apart from the rules that use them so a missed wording is a one-line addition here. Every
pattern is matched against `normalise.text.normalise_text(...).lower()`: apostrophes are all
ASCII "'", so Uzbek "o‘" is written "o'" here.
"""

from __future__ import annotations

import re
from typing import Final

W = r"[^\W\d_]"  # a letter in any script
_F = re.IGNORECASE | re.UNICODE


def rx(*alternatives: str) -> re.Pattern[str]:
    """One pattern from alternatives, each anchored at word starts."""
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(alternatives) + r")", _F)


# ----------------------------------------------------------------- event nouns and verbs
SUMMIT = rx(
    r"summit\w*",
    r"саммит\w*",
    r"sammit\w*",
    r"встреч\w* (?:на высшем уровне|в верхах)",
    r"в верхах",
    r"high(?:est)?[- ]level meeting",
    r"meeting at the highest level",
    r"zirve\w*",
    r"heads of state meeting",
    r"олий даражадаги",
    r"мулоқоти сатҳи олӣ",
)
PHONE = rx(
    r"(?:tele)?phone (?:call|conversation|talk)\w*",
    r"telephone\w*",
    r"by (?:tele)?phone",
    r"телефонн\w* (?:разговор|бесед|переговор)\w*",
    r"по телефону",
    r"телефон\w* сөйлес\w*",
    r"telefon (?:orqali|arkaly)",
    r"telefon(?:da)? (?:suhbat|muloqot|söhbetdeşlik|gepleşik)\w*",
    r"гуфтугӯи телефонӣ",
    r"телефонӣ",
    r"телефон аркылуу",
    r"телефон арқылы",
)
CONSULTATIONS = rx(
    r"consultation\w*",
    r"консультаци\w*",
    r"maslahatlashuv\w*",
    r"maslahatlaşyk\w*",
    r"машварат\w*",
    r"кеңестер\w*",
)
TALKS = rx(
    r"talks",
    r"negotiation\w*",
    r"переговор\w*",
    r"muzokara\w*",
    r"gepleşik\w*",
    r"музокир\w*",
    r"келіссөз\w*",
    r"сүйлөшүү\w*",
    r"сөйлешүү\w*",
)
MEETING = rx(
    r"meeting\w*",
    r"\bmet\b",
    r"meets?",
    r"ministerial\w*",
    r"встреч\w*",
    r"встрет\w*",
    r"заседани\w*",
    r"совещани\w*",
    r"uchrash\w*",
    r"majlis\w*",
    r"мулоқот\w*",
    r"вохӯр\w*",
    r"ҷаласа\w*",
    r"кездес\w*",
    r"жолугуш\w*",
    r"duşuşyk\w*",
    r"duşuşdy\w*",
    r"duşuş\w*",
    r"учрашув\w*",
    r"учраш\w*",
    r"маҷлис\w*",
)
VISIT = rx(r"visit\w*", r"визит\w*", r"сафар\w*", r"tashrif\w*", r"sapar\w*", r"сапар\w*")
AMBASSADORS = rx(
    r"ambassadors",
    r"послам\w*",
    r"послов",
    r"elchilari\w*",
    r"elçiler\w*",
    r"сафирон\w*",
    r"елшілер\w*",
)
# The deputy-minister level of the Central Asia–Russia format ("consultations" in the corpus).
DEPUTIES = rx(
    r"deputy (?:foreign )?ministers\b",
    r"deputy ministers of foreign affairs",
    r"заместителей министр\w*",
    r"заместители министр\w*",
    r"замминистр\w* иностранных дел стран",
    r"заместителей глав мид",
    r"o'rinbosarlari\w*",
    r"муовинони\w*",
    r"орынбасарлары\w*",
    r"orunbasarlary\w*",
    r"vice[- ]ministers",
)
# Words that make a sentence about two states a bilateral meeting rather than a list of who
# attended a larger one: "talks with", "встреча с", "bo ҳамтои", "bilateral".
BILATERAL_MARK = rx(
    r"with\b",
    r"between\b",
    r"с\b",
    r"со\b",
    r"между\b",
    r"bilan\b",
    r"бо\b",
    r"bilen\b",
    r"менен\b",
    r"билан\b",
    r"\w+(?:мен|пен|бен)\b",
    r"bilateral\w*",
    r"двусторонн\w*",
    r"ikki tomonlama",
    r"екіжақты",
    r"дутарафа",
    r"коллег\w*",
    r"counterpart\w*",
    r"ҳамто\w*",
    r"hamkasb\w*",
    r"әріптес\w*",
    r"kärdeş\w*",
    r"телефон\w*",
    r"\w*phone\w*",
    r"tête-à-tête",
    r"one-on-one",
    r"\w+мен кездес\w*",
    r"\w+пен кездес\w*",
)
HEADS_OF_STATE = rx(
    r"heads? of state\w*",
    r"presidents",
    r"leaders",
    r"президент\w*",
    r"глав\w* государств\w*",
    r"лидер\w*",
    r"prezident\w*",
    r"davlat rahbar\w*",
    r"сарони давлат\w*",
    r"раисиҷумҳур\w*",
    r"мемлекет басшылар\w*",
    r"елдің басшылар\w*",
    r"басшылары",
    r"döwlet baştutan\w*",
    r"мамлакат раҳбар\w*",
)
FOREIGN_MINISTERS = rx(
    r"foreign ministers?",
    r"ministers? of foreign affairs",
    r"top diplomats?",
    r"fms\b",
    r"министр\w* иностранных дел",
    r"глав\w* мид",
    r"глав\w* внешнеполитическ\w* ведомств\w*",
    r"руководител\w* внешнеполитическ\w* ведомств\w*",
    r"tashqi ishlar vazir\w*",
    r"tashqi siyosat idoralari rahbarlari",
    r"вазир\w* корҳо\w* хориҷӣ",
    r"сыртқы істер министр\w*",
    r"daşary işler ministr\w*",
    r"тышкы иштер министр\w*",
    r"министерск\w*",
)

# ----------------------------------------------------------------- status
FUTURE = rx(
    r"will",
    r"to be held",
    r"is to\b",
    r"are to\b",
    r"shall",
    r"plans? to",
    r"planned",
    r"planning",
    r"upcoming",
    r"forthcoming",
    r"next (?:week|month|year)",
    r"scheduled",
    r"expected to",
    r"is set to",
    r"are set to",
    r"preparing",
    r"prepares",
    r"to take place",
    r"примет",
    r"примут",
    r"проведут",
    r"проведет",
    r"проведёт",
    r"состоится",
    r"состоятся",
    r"пройдет",
    r"пройдёт",
    r"пройдут",
    r"будет",
    r"будут",
    r"планиру\w*",
    r"запланирован\w*",
    r"предстоящ\w*",
    r"намечен\w*",
    r"ожида\w*",
    r"соберутся",
    r"встретятся",
    r"готовит\w*",
    r"подготовк\w*",
    r"назначен\w*",
    r"bo'lib o'tadi",
    r"o'tkaziladi",
    r"ishtirok etadi",
    r"rejalashtir\w*",
    r"мегардад",
    r"хоҳад",
    r"мешавад",
    r"өтеді",
    r"өтетін",
    r"жоспарлан\w*",
    r"өткізіледі",
    r"geçiriler",
    r"geçiriljek\w*",
    r"boljak\w*",
    r"bolar",
    r"ўтказилади",
    r"келіссөз жүргізеді",
    r"басталып жатыр",
    r"жүргізеді",
    r"working on holding",
    r"to hold\b",
    r"foreseeable future",
    r"to take part",
    r"to participate",
    r"to attend",
    r"to visit",
    r"to hold\b",
    r"to meet\b",
    r"to travel",
    r"is due to",
    r"are due to",
    r"в ближайшее время",
    r"в обозримом будущем",
    r"next\b",
)
HELD = rx(
    r"took place",
    r"was held",
    r"were held",
    r"has been held",
    r"have been held",
    r"held talks",
    r"(?<!be )(?<!being )held\b",
    r"during (?:a|the|his|her|their) (?:meeting|talks|visit|conversation)",
    r"в ходе (?:встречи|переговоров|беседы|визита)",
    r"по итогам (?:встречи|переговоров|беседы)",
    r"\bmet\b",
    r"discussed",
    r"attended",
    r"ended",
    r"concluded",
    r"took part",
    r"is taking place",
    r"are taking place",
    r"is under way",
    r"participated",
    r"состоял\w*",
    r"прошел",
    r"прошёл",
    r"прошла",
    r"прошли",
    r"прошло",
    r"провел\w*",
    r"провёл\w*",
    r"обсудил\w*",
    r"встретил\w*",
    r"принял\w* участие",
    r"проходит",
    r"проходящ\w*",
    r"завершил\w*",
    r"подписал\w*",
    r"принял\b",
    r"bo'lib o'tdi",
    r"o'tkazildi",
    r"uchrashdi",
    r"muhokama qilindi",
    r"баргузор шуд",
    r"гузаронид\w*",
    r"өтті",
    r"өткізілді",
    r"болды",
    r"geçirildi",
    r"boldy",
    r"duşuşdy",
    r"баҳо доданд",
    r"доданд",
    r"кард\b",
    r"карданд",
    r"ўтказилди",
    r"бўлиб ўтди",
    r"hosted",
    r"принял\w* участие",
)
POSTPONED = rx(r"postpone\w*", r"перенес\w*", r"отложен\w*", r"keyinga qoldiril\w*", r"мавқуф\w*")
CANCELLED = rx(r"cancel\w*", r"отмен\w*", r"bekor qilin\w*")

# ----------------------------------------------------------------- regions and formats
REGION = (
    r"(?:central asia\w*|центральн\w* ази\w*|центрально-азиатск\w*|средн\w* ази\w*|"
    r"markaziy osiyo\w*|марказий осиё\w*|орталық азия\w*|осиёи марказӣ\w*|осиёи миёна\w*|"
    r"merkezi aziýa\w*|борбордук азия\w*|\bца\b|\bc5\b|\bс5\b|\bsa5\b|\bса5\b|\bmo\b)"
)
RUSSIA = (
    r"(?:russia\w*|russian federation|росси\w*|\bрф\b|rossiya\w*|ресей\w*|русия\w*|"
    r"russiýa\w*|орусия\w*)"
)
_JOIN = r"(?:\s*(?:\+|plus|плюс|–|—|-|and|и|с|with|va|ва|мен|және|we|bilen|bilan|ва)\s*|\s+)"
_FILL = (
    r"(?:(?:the|five|of|countries|states|nations|стран\w*|государств\w*|пят\w*|mamlakatlari\w*|"
    r"davlatlari\w*|кишварҳо\w*|елдер\w*|ýurtlary\w*|döwletleri\w*|мемлекеттер\w*|and|и)\s+){0,3}"
)
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
    + r")",
    _F,
)
# "Russia prepares a second summit with Central Asian countries": the format named around its noun.
CA_RUSSIA_FORMAT_LOOSE = re.compile(
    RUSSIA + r"\W+(?:[^\W\d_]+\W+){0,3}?(?:summit\w*|саммит\w*|meeting\w*|встреч\w*|sammit\w*)"
    r"\W+(?:with|between|с|со|между|bilan)\W+(?:[^\W\d_]+\W+){0,3}?" + REGION,
    _F,
)
REGION_RX = re.compile(REGION, _F)
RUSSIA_RX = re.compile(r"(?<![^\W\d_])" + RUSSIA, _F)

# Formats that look alike but are not Russia–Central Asia, each with a label for the record.
OTHER_FORMATS: Final[dict[str, re.Pattern[str]]] = {
    "c5+1": rx(
        r"[cс]5\s*\+\s*1",
        r"central asia plus (?:the )?(?:united states|us)",
        r"us[- –]central asia",
        r"central asia[- –](?:us|united states)\b",
    ),
    "china_central_asia": rx(
        r"china[- ––]central asia",
        r"китай\s*[–-]\s*центральная азия",
        r"центральная азия\s*[–-]\s*китай",
        r"xitoy\w*",
        r"china\W+central asia",
    ),
    "eu_central_asia": rx(
        r"eu[- –]central asia",
        r"central asia\s*[–-]\s*eu\b",
        r"european union",
        r"евросоюз\w*",
        r"европейск\w* союз\w*",
        r"центральная азия\s*[–-]\s*(?:ес|европейский союз)\b",
        r"\bес\b\s*[–-]",
    ),
    "japan_central_asia": rx(r"central asia plus japan", r"japan\w*", r"япони\w*"),
    "korea_central_asia": rx(r"korea\w*", r"коре\w*"),
    "india_central_asia": rx(r"india[- –]central asia", r"индия\s*[–-]\s*центральная азия"),
    "gcc_central_asia": rx(r"gcc", r"gulf cooperation", r"gulf countries", r"персидского залива"),
    "cis": rx(
        r"\bcis\b",
        r"\bснг\b",
        r"commonwealth\b",
        r"содружеств\w* независим\w*",
        r"\bмдх\b",
        r"\bидм\b",
        r"\bмдҳ\b",
        r"mustaqil davlatlar hamdo'stligi\w*",
        r"\bsng\b",
        r"garaşsyz döwletler arkalaşygy",
        r"тмд\b",
    ),
    "sco": rx(
        r"\bsco\b",
        r"\bшос\b",
        r"shanghai cooperation",
        r"шанха\w*",
        r"\bshht\b",
        r"\bшҳт\b",
        r"\bшыұ\b",
    ),
    "csto": rx(
        r"\bcsto\b",
        r"\bодкб\b",
        r"collective security treaty",
        r"\bkxsht\b",
        r"договор\w* о коллективной безопасности",
    ),
    "eaeu": rx(
        r"\beaeu\b",
        r"eurasian economic union",
        r"\bеаэс\b",
        r"\byeoii\b",
        r"евразийск\w* экономическ\w*",
        r"евразийск\w* межправ\w*",
    ),
    "caspian": rx(
        r"caspian",
        r"прикаспийск\w*",
        r"каспийск\w* [«\"]?пят\w*",
        r"kaspiý\w*",
        r"каспи\w* саммит\w*",
    ),
    "central_asia_consultative": rx(
        r"consultative meeting\w*",
        r"консультативн\w* встреч\w*",
        r"maslahat uchrashuv\w*",
        r"консультативтік кездесу\w*",
    ),
    "turkic_states": rx(
        r"organi[sz]ation of turkic states",
        r"turkic council",
        r"\bots\b",
        r"тюркск\w* государств\w*",
        r"тюркск\w* совет\w*",
        r"turkiy davlatlar\w*",
        r"түркі мемлекеттер\w*",
    ),
    "brics": rx(r"brics", r"брикс"),
    "cica": rx(
        r"\bcica\b",
        r"\bсвмда\b",
        r"conference on interaction and confidence",
        r"совещани\w* по взаимодействию и мерам доверия",
        r"\bазиядағы өзара ықпалдастық\w*",
    ),
    "un": rx(
        r"un general assembly",
        r"генассамбле\w*",
        r"генеральн\w* ассамбле\w*",
        r"unga\b",
        r"united nations general",
    ),
    "astana_format": rx(r"astana format", r"астанинск\w* формат\w*"),
    "valdai": rx(r"valdai", r"валдай\w*"),
    "afghanistan_neighbours": rx(
        r"neighbo\w* countries of afghanistan",
        r"afghanistan's neighbo\w*",
        r"соседн\w* с афганистаном стран\w*",
        r"соседей афганистана",
    ),
    "inter_parliamentary": rx(r"inter-parliamentary forum", r"межпарламентск\w* форум\w*"),
}
# A bilateral meeting "on the sidelines of" a multilateral one is still a bilateral meeting.
SIDELINES = rx(
    r"on the sidelines",
    r"на полях",
    r"ҳошияи",
    r"chetida",
    r"doirasida",
    r"kenarynda",
    r"шеңберінде",
    r"в кулуарах",
    r"аясында",
    r"in the margins",
)

# States that are neither Russia nor Central Asian: their presence as a party makes a meeting
# another format. Written as word starts.
FOREIGN_STATES = rx(
    r"belarus\w*",
    r"белорус\w*",
    r"беларус\w*",
    r"iran\w*",
    r"иран\w*",
    r"turkey",
    r"türkiye",
    r"turkish",
    r"турци\w*",
    r"турецк\w*",
    r"туркия\w*",
    r"түркия\w*",
    r"turkiya\w*",
    r"azerbaijan\w*",
    r"азербайджан\w*",
    r"armenia\w*",
    r"армени\w*",
    r"china",
    r"chinese",
    r"китай\w*",
    r"китая",
    r"кнр",
    r"united states",
    r"u\.s\.",
    r"сша",
    r"америк\w*",
    r"amerika\w*",
    r"trump",
    r"трамп\w*",
    r"blinken",
    r"блинкен\w*",
    r"japan\w*",
    r"япони\w*",
    r"south korea\w*",
    r"korea\w*",
    r"республик\w* корея",
    r"india\b",
    r"indian",
    r"инди[яию]\b",
    r"european union",
    r"евросоюз\w*",
    r"german\w*",
    r"герман\w*",
    r"france",
    r"french",
    r"франци\w*",
    r"hungar\w*",
    r"венгр\w*",
    r"pakistan\w*",
    r"пакистан\w*",
    r"qatar\w*",
    r"катар\w*",
    r"saudi",
    r"саудовск\w*",
    r"ukrain\w*",
    r"украин\w*",
    r"mongolia\w*",
    r"монголи\w*",
    r"georgia\b",
    r"грузи\w*",
    r"moldova",
    r"молдов\w*",
    r"kallas",
    r"каллас\w*",
    r"wang yi",
    r"ван и\b",
    r"erdogan",
    r"erdoğan",
    r"эрдоган\w*",
    r"makei",
    r"макей\w*",
    r"lukashenko",
    r"лукашенко",
)
# Words that make a state a topic ("the situation in Afghanistan"), not a party.
TOPIC_BEFORE = re.compile(
    r"(?:situation|ситуаци\w*|положени\w*|vaziyat\w*|вазият\w*|conflict|конфликт\w*|crisis|"
    r"кризис\w*|war|войн\w*|aggression|агресси\w*|settlement|урегулирован\w*|sanction\w*|"
    r"санкци\w*|against|против|relations? with|отношени\w* с)\W+(?:\w+\W+){0,3}$",
    _F,
)

# ----------------------------------------------------------------- ordinals
ORDINAL_WORDS: Final[dict[str, int]] = {}
_ORD = {
    1: (
        "first",
        "inaugural",
        "перв",
        "birinchi",
        "якум",
        "нахустин",
        "бірінші",
        "биринчи",
        "ilkinji",
        "i",
        "1-й",
        "1st",
    ),
    2: ("second", "втор", "ikkinchi", "дуюм", "екінші", "экинчи", "ikinji", "ii", "2-й", "2nd"),
    3: ("third", "трет", "uchinchi", "сеюм", "үшінші", "үчүнчү", "üçünji", "iii", "3rd"),
    4: (
        "fourth",
        "четверт",
        "to'rtinchi",
        "чорум",
        "төртінші",
        "төртүнчү",
        "dördünji",
        "iv",
        "4th",
    ),
    5: ("fifth", "пят", "beshinchi", "панҷум", "бесінші", "бешинчи", "bäşinji", "v", "5th"),
    6: ("sixth", "шест", "oltinchi", "шашум", "алтыншы", "алтынчы", "altynjy", "vi", "6th"),
    7: ("seventh", "седьм", "yettinchi", "ҳафтум", "жетінші", "жетинчи", "ýedinji", "vii", "7th"),
    8: (
        "eighth",
        "восьм",
        "sakkizinchi",
        "ҳаштум",
        "сегізінші",
        "сегизинчи",
        "sekizinji",
        "viii",
        "8th",
    ),
    9: (
        "ninth",
        "девят",
        "to'qqizinchi",
        "нӯҳум",
        "тоғызыншы",
        "тогузунчу",
        "dokuzynjy",
        "ix",
        "9th",
    ),
    10: ("tenth", "десят", "o'ninchi", "даҳум", "оныншы", "онунчу", "onunjy", "x", "10th"),
    11: ("eleventh", "одиннадцат", "xi", "11th"),
    12: ("twelfth", "двенадцат", "xii", "12th"),
}
for _n, _words in _ORD.items():
    for _w in _words:
        ORDINAL_WORDS[_w] = _n
# "8th", "8-я", "8-й", "VIII", "восьмая", "sixth", "uchinchi" directly before the event noun,
# with at most two words between ("the sixth meeting", "второго саммита", "8th Central Asia").
ORDINAL_TOKEN = re.compile(
    r"(?<![\w])(?:(?P<num>\d{1,2})(?:-?(?:st|nd|rd|th|й|я|е|ая|ый|ой|го|ого|ему|inchi|nji|njy|"
    r"ші|шы|чи|чу|ум))|(?P<roman>[ivx]{1,4})|(?P<word>" + W + r"+))(?![\w])",
    _F,
)

# ----------------------------------------------------------------- relative time
TODAY = rx(
    r"today",
    r"сегодня",
    r"bugun",
    r"бугун",
    r"имрӯз",
    r"бүгін",
    r"бүгүн",
    r"şu gün",
    r"this morning",
    r"this afternoon",
    r"this evening",
    r"tonight",
)
YESTERDAY = rx(r"yesterday", r"вчера", r"kecha", r"дирӯз", r"кеше", r"кечээ", r"düýn")
TOMORROW = rx(r"tomorrow", r"завтра", r"ertaga", r"фардо", r"ертең", r"эртең", r"ertir")
WEEKDAYS: Final[dict[int, tuple[str, ...]]] = {
    0: ("monday", "понедельник"),
    1: ("tuesday", "вторник"),
    2: ("wednesday", "сред"),
    3: ("thursday", "четверг"),
    4: ("friday", "пятниц"),
    5: ("saturday", "суббот"),
    6: ("sunday", "воскресень"),
}
WEEKDAY_RX = rx(*(w + r"\w*" for ws in WEEKDAYS.values() for w in ws))

# ----------------------------------------------------------------- trade
TRADE = rx(
    r"trade\w*",
    r"turnover",
    r"товарооборот\w*",
    r"торгов\w*",
    r"торговл\w*",
    r"savdo\w*",
    r"tovar ayirboshlash\w*",
    r"товар айирбошла\w*",
    r"гардиши (?:мол|мол\w*|коло)\w*",
    r"тауар айналым\w*",
    r"сауда\w*",
    r"söwda\w*",
    r"haryt dolanyşyg\w*",
    r"соода\w*",
    r"товар жүгүртүү\w*",
    r"exports?",
    r"imports?",
    r"экспорт\w*",
    r"импорт\w*",
)
NOT_TRADE = rx(
    r"invest\w*",
    r"инвестиц\w*",
    r"сармоя\w*",
    r"sarmoya\w*",
    r"aid\b",
    r"assistance",
    r"помощ\w*",
    r"кумак\w*",
    r"grant\w*",
    r"грант\w*",
    r"funding",
    r"financ\w*",
    r"loan\w*",
    r"кредит\w*",
    r"remittanc\w*",
    r"перевод\w*",
    r"debt",
    r"долг\w*",
    r"budget",
    r"бюджет\w*",
    r"gdp",
    r"ввп",
    r"маҷмуи маҳсулот\w*",
)
TARGET = rx(
    r"to (?:bring|raise|increase|reach|boost)\b",
    r"bring(?:ing)?\b",
    r"reaching",
    r"target\w*",
    r"goal",
    r"aim\w*",
    r"довести",
    r"доведем",
    r"довест\w*",
    r"выход на",
    r"выйти на",
    r"цель\w*",
    r"задач\w*",
    r"планк\w*",
    r"ориентир\w*",
    r"до \$",
    r"by 20\d\d",
    r"к 20\d\d",
    r"yetkazish",
    r"etkazish",
    r"расонидан",
    r"жеткізу\w*",
    r"жеткир\w*",
    r"working on",
    r"potential",
    r"потенциал\w*",
    r"заветн\w*",
)
OVER = rx(
    r"over",
    r"more than",
    r"exceed\w*",
    r"surpass\w*",
    r"above",
    r"in excess of",
    r"превыси\w*",
    r"превыша\w*",
    r"превысит",
    r"более",
    r"свыше",
    r"больше",
    r"beş аз",
    r"зиёд аз",
    r"зиёда аз",
    r"ortiq",
    r"dan ortiq",
    r"астам",
    r"артық",
    r"gowrak",
    r"ашты",
    r"ашык",
    r"record high of over",
)
UNDER = rx(
    r"under",
    r"less than",
    r"below",
    r"almost",
    r"nearly",
    r"close to",
    r"approaching",
    r"менее",
    r"меньше",
    r"почти",
    r"около\s+(?=\d)",
    r"приближа\w*",
    r"qariyb",
    r"deyarli",
    r"қариб",
    r"кам аз",
    r"жуықтады",
    r"ýakyn",
)
ABOUT = rx(
    r"about",
    r"around",
    r"approximately",
    r"some\b",
    r"roughly",
    r"около",
    r"порядка",
    r"примерно",
    r"тақрибан",
    r"taxminan",
    r"шамамен",
    r"takmynan",
    r"болжол\w*",
    r"с чем-то",
    r"с лишним",
)
GROWTH_UP = rx(
    r"grew",
    r"grow\w*",
    r"increas\w*",
    r"rose",
    r"risen",
    r"up\b",
    r"higher",
    r"more compared",
    r"more than in",
    r"рост\w*",
    r"вырос\w*",
    r"увеличи\w*",
    r"прирост\w*",
    r"o'sdi",
    r"o'sish\w*",
    r"ortdi",
    r"афзоиш\w*",
    r"өсті",
    r"өсім\w*",
    r"artdy",
    r"ýokarlan\w*",
    r"% more",
    r"more\b",
    r"growth",
    r"увеличение",
)
GROWTH_DOWN = rx(
    r"decreas\w*",
    r"declin\w*",
    r"fell",
    r"fall\w*",
    r"dropped",
    r"down\b",
    r"lower",
    r"сократи\w*",
    r"снизи\w*",
    r"уменьши\w*",
    r"спад\w*",
    r"падени\w*",
    r"kamaydi",
    r"коҳиш\w*",
    r"азайды",
    r"azaldy",
)
LAST_YEAR = rx(
    r"last year",
    r"previous year",
    r"past year",
    r"прошл\w* год\w*",
    r"предыдущ\w* год\w*",
    r"o'tgan yil\w*",
    r"соли гузашта",
    r"өткен жыл\w*",
    r"былтыр\w*",
    r"geçen ýyl\w*",
    r"2024 год",
    r"минувш\w* год\w*",
)
THIS_YEAR = rx(
    r"this year",
    r"current year",
    r"этом году",
    r"текущ\w* год\w*",
    r"since the beginning of (?:this|the) year",
    r"с начала (?:этого |текущего )?года",
    r"joriy yil\w*",
    r"shu yil\w*",
    r"имсол",
    r"соли ҷорӣ",
    r"биыл",
    r"быйыл",
    r"şu ýyl\w*",
    r"year to date",
    r"year-to-date",
)
SAME_PERIOD = rx(
    r"same period",
    r"аналогичн\w* период\w*",
    r"shu davr\w*",
    r"ҳамин давр\w*",
    r"осы кезең\w*",
    r"compared to the same",
)
BEGINNING_OF_YEAR = rx(
    r"since the beginning of",
    r"с начала",
    r"yil boshidan",
    r"аз аввали",
    r"жыл басынан",
    r"ýylyň başyndan",
)


def _combined(patterns: dict[str, re.Pattern[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation for many labelled patterns: a single scan of the text finds them all."""
    names = {f"f{i}": label for i, label in enumerate(patterns)}
    body = "|".join(f"(?P<{group}>{patterns[label].pattern})" for group, label in names.items())
    return re.compile(body, _F), names


OTHER_FORMATS_RX, OTHER_FORMAT_GROUPS = _combined(OTHER_FORMATS)

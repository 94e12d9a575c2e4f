"""Who is quoted or cited: attributions of speech and information.

:func:`extract_attributions` finds the attributions in a text, following the coding manual
(``corpus/annotations/gold/CODING.md``, section 2 and "Which cues count"), one row each:

============= =================================================================
start, end    offsets of the attribution (speaker and cue) in the text
speaker       the speaker as written, with an adjacent title ("Kremlin spokesman
              Dmitry Peskov", "A senior U.S. official", "the Russian defence
              ministry"); an apposition after a comma is left out ("Michael
              Kofman, a specialist …" is ``Michael Kofman``) but still decides the
              group. A pronoun ("he said") or an elided subject ("and said") is
              replaced by the speaker it refers to, and ``resolved`` is True; a
              pronoun with nobody to refer to stays as written, with ``resolved``
              False, group ``unknown`` and ``anonymous`` True
speaker_group the affiliation: russian_official, ukrainian_official,
              western_official, news_agency, analyst, other (anyone else: the UN,
              China, separatist or Belarusian leaders, companies, witnesses) or
              unknown (an unnamed source whose affiliation the text does not give);
              see ``resources/actors.csv``
anonymous     True when the source is not named as a person or an organisation
              ("U.S. officials", "a senior Western diplomat", "sources in the
              ministry", "Russian state media"); "the Pentagon" is named
cue           the reporting verb or phrase as written: said, told, According to,
              citing, quoted … as saying, …
via           for "X quoted Y as saying", the channel X on Y's row; else empty
quote         the quotation marks' words given to this speaker
content       the words attributed: the reported clause or quotation the cue
              governs (used by :func:`credit_for`)
direct        True when any attributed word is in quotation marks (``quote`` is set,
              or ``content`` holds a quotation, as when an agency relays a quote)
resolved      True when ``speaker`` was resolved from a pronoun or elided subject
============= =================================================================

:func:`extract_attributions` treats its text as one passage and keeps one row per source
per paragraph (the first cue), as the gold passages are coded; :func:`attributions` runs it
over articles with ``each_occurrence=True``, one row per occurrence, as the manual asks for
whole articles. Line breaks separate paragraphs (the corpus separates them by a blank line). A
pronoun is resolved to the last speaker of its kind before it, in the paragraph or failing that
in the paragraphs before it: he or she to a named person (or a person named in the paragraph),
it to an organisation or country, they to an unnamed group of people ("officials"). A pronoun
with no referent is kept as written, unresolved, as an anonymous source of group ``unknown``: it
is never taken for a name.

Abbreviation periods ("U.S.", "Mr.", "Gen.", "T.S.") are masked before any pattern runs
(:func:`_mask`), so they end neither a sentence nor a speaker phrase.

Example:
    >>> rows = extract_attributions('"We will respond," Mr. Putin said, according to Reuters.')
    >>> rows[["speaker", "speaker_group", "anonymous", "cue", "direct"]].values.tolist()
    [['Mr. Putin', 'russian_official', False, 'said', True], ['Reuters', 'news_agency', False, 'according to', True]]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from troopwatch.corpus.text import abbreviations
from troopwatch.errors import ResourceError
from troopwatch.extract.screen import Screen
from troopwatch.files import read_user_file, shipped_text

if TYPE_CHECKING:
    from troopwatch.corpus.load import Corpus

ATTRIBUTION_COLUMNS = [
    "start",
    "end",
    "speaker",
    "speaker_group",
    "anonymous",
    "cue",
    "via",
    "quote",
    "content",
    "direct",
    "resolved",
]
SPEAKER_GROUPS = (
    "russian_official",
    "ukrainian_official",
    "western_official",
    "news_agency",
    "analyst",
    "other",
    "unknown",
)
NARRATIVE_VOICE = "outlet"

# --- masking abbreviations ----------------------------------------------------------------------
#
# Periods inside "U.S.", "Mr.", "Gen." or an initial ("John F. Kennedy") neither end a sentence nor a
# speaker phrase. They are replaced, before any pattern runs, by a letter-like character of the same
# length, so that offsets still index the text and every pattern treats "U.S." as one word.

_DOT = "\u1427"
_TITLES = "|".join(
    sorted((re.escape(a.capitalize()) for a in abbreviations() if "." not in a), key=lambda title: (-len(title), title))
)
_ABBREVIATION = re.compile(rf"\b(?:[A-Za-z]\.){{2,}}|\b(?:{_TITLES})\.|\b[A-Z]\.(?=\s+[A-Z][a-z])")


def _mask(text: str) -> str:
    """``text`` with abbreviation periods replaced by a letter of the same length.

    >>> _unmask(_mask("Mr. Putin met U.S. officials.")) == "Mr. Putin met U.S. officials."
    True
    >>> "." in _mask("Mr. Putin met U.S. officials")
    False
    """
    return _ABBREVIATION.sub(lambda match: match.group().replace(".", _DOT), text)


def _unmask(text: str) -> str:
    return text.replace(_DOT, ".")


# --- cues -----------------------------------------------------------------------------------------

_VERB_CUES = (
    r"said|says|say|told|tells|claimed|warned|warns|reported|tweeted|tweets|wrote|writes|"
    r"announced|announces|denied|denies|deny|urged|urges|stated|insisted|insists|"
    r"accused|accuses|informed|noted|confirmed|confirms|confirm|asserted|argued|argues|explained|"
    r"stressed|reiterated|maintained|maintains|declared|alleged|acknowledged|admitted|disclosed|revealed|"
    r"estimated|welcomed|welcomes|cautioned|predicted|dismissed|dismisses|rejected|rejects|"
    r"opined|remarked|emphasised|emphasized|underlined|replied|vowed|pledged|promised|described|"
    r"pointed\s+out|"
    r"(?:reports|claims|estimates|notes|added|adds|posted)(?=\s*(?:on\s+[A-Z]\w+\s*)?(?:that\b|[,.;:\"]|$))|"
    r"(?:estimate|warn|claim|report|insist|accuse|note)(?=\s+(?:that\b|there\b|[A-Z]|\d))|"
    r"(?:called|calls)\s+(?:for|on)|put\s+the\s+(?:figure|number|total|count)\s+at|"
    r"puts\s+the\s+(?:figure|number|total|count)\s+at|"
    r"expressed\s+(?:alarm|concern|hope|doubt)"
)
_VERB_CUE = re.compile(rf"\b(?:{_VERB_CUES})\b")
_NEGATED = re.compile(
    r"\b(?:not|n't|never|no\s+longer|declined\s+to|refused\s+to|failed\s+to|unable\s+to|"
    r"did\s+not|would\s+not|could\s+not)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_QUOTED_AS = re.compile(
    r"\b(?P<via>[A-Z][\w'-]*(?:\s+[\w'-]+){0,4}?)\s+(?P<cue>quoted|cited|quotes|cites)\s+"
    r"(?P<speaker>[^,;:\"]{1,80}?)(?:,\s+(?P<descriptor>[^;:\"]{1,100}?),)?"
    r"\s+as\s+(?:saying|stating|telling\s+\w+)\b"
)
_QUOTED_PASSIVE = re.compile(
    r"\s+(?:was|were|has\s+been|had\s+been|is)\s+(?P<cue>quoted|cited)"
    r"(?:\s+by\s+(?P<via>[^,;:\"]{1,60}?))?\s+as\s+(?:saying|stating)\b"
    r"(?:\s+by\s+(?P<via_after>[A-Z][^,;:\"]{0,40}?)(?=\s*(?:[,.;:\"]|$|\s+that\b)))?"
)
_SPEAKER_AFTER = r"(?P<speaker>[^,.;:\"()]{1,80}?)(?=\s*(?:[,.;:\"()]|$|\s+(?:that|but|and|as|which|who)\b))"
_ACCORDING_TO = re.compile(rf"\b(?P<cue>[Aa]ccording\s+to)\s+{_SPEAKER_AFTER}")
_CITING = re.compile(rf"\b(?P<cue>citing|quoting|[Pp]er)\s+{_SPEAKER_AFTER}")
_PASSIVE_BY = re.compile(
    rf"\b(?:was|were|been|is|are)\s+(?:\w+ly\s+)?(?P<cue>told|denied|announced|reported|"
    rf"confirmed|rejected|dismissed|welcomed|estimated|claimed|stated|disclosed|revealed)\s+by\s+"
    rf"{_SPEAKER_AFTER}"
)
_QUOTED_BY = re.compile(rf",\s+(?P<cue>quoted|cited)\s+by\s+{_SPEAKER_AFTER}")
_PROVIDER = re.compile(
    r"\b(?:images|imagery|photos|pictures|footage|data|figures)\s+(?:from|by|released\s+by|"
    r"provided\s+by)\s+(?P<speaker>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})\s+"
    r"(?P<cue>show|showed|shows|suggest|suggested|suggests|indicate|indicated|indicates|reveal|"
    r"revealed|reveals)\b"
)
_INVERTED = re.compile(rf"(?:[,.!?]['\"]|\"|,)\s+(?P<cue>said|says|added)\s+{_SPEAKER_AFTER}")
_INVERTED_AFTER_QUOTE = re.compile(
    rf"(?:[,.!?]['\"]|\")\s+(?P<cue>wrote|warned|insisted|claimed|asserted|"
    rf"argued|explained|noted|stressed|declared|tweeted)\s+{_SPEAKER_AFTER}"
)
_HEADLINE = re.compile(r"^(?P<speaker>[A-Z][^:\"\n]{1,60}?)\s*(?P<cue>:)\s*[\"']")

_TIME_WORDS = (
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|last\s+week|this\s+week|earlier|later|recently|also|"
    r"repeatedly|consistently|previously|always|however|still|has|have|had|was|is|will|would|"
    r"on\s+Twitter|on\s+Facebook|on\s+Telegram|in\s+a\s+statement|in\s+an\s+interview|today|yesterday"
)
_TRAILING_WORDS = re.compile(rf"(?:\s+(?:{_TIME_WORDS}|now|again|then|too|first|[a-z]+ly))+\s*$")
_LEADING_WORDS = re.compile(
    r"^(?:[Oo]n\s+\w+\s+\d+|In\s+a\s+statement|Meanwhile|However|Separately|[Ww]hat|As|"
    r"(?:an?\s+)?(?:claims?|allegations?|charges?|accusations?|assertions?|something)"
    r"\s+(?=[A-Z]|the\s)|"
    r"In\s+a\s+[\w\s]{1,30}?\s+on\s+\w+|Speaking\s+[\w\s]{1,40}?)\s*,?\s*"
)
_PARENTHETICALS = re.compile(
    r"^\s*(?:however|for instance|for example|meanwhile|in turn|too|though|in a statement|"
    r"(?:speaking|asking|requesting|declining|who|briefed|citing|quoting|quoted|cited|"
    r"according|[a-z]+ing|in\s+an?\s+(?:interview|statement|post|video|address))\b.*)\s*$",
    re.IGNORECASE,
)
_SEGMENT_BOUNDARY = re.compile(
    r"[,;:\"()]|(?<=[,.!?])'(?=\s)|\s-{1,2}\s|[.!?]['\"]?\s+(?=[A-Z\"'])|"
    r"\b(?:that|and|but|while|as|because|which|"
    r"who|when|whereas|though|although|after|before|since|until|once|if|unless)\b"
)
_NOT_A_VERB = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|these|those|of|despite|amid|after|with|such)|'s)\s+$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?][\"']?\s+(?=[A-Z\"'])")
_DETERMINERS = {
    "the",
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "some",
    "several",
    "many",
    "other",
    "another",
    "senior",
    "unnamed",
}
#: Documents that speak for their author: "the statement said", "the report said".
_DOCUMENTS = {
    "statement",
    "report",
    "document",
    "assessment",
    "update",
    "readout",
    "communique",
    "bulletin",
    "memo",
    "analysis",
    "study",
    "survey",
    "tally",
    "count",
    "poll",
    "estimate",
    "estimates",
}
_SOURCE_NOUNS = {
    "officials",
    "official",
    "analysts",
    "analyst",
    "experts",
    "expert",
    "diplomats",
    "diplomat",
    "sources",
    "source",
    "observers",
    "witnesses",
    "residents",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "statement",
    "ministry",
    "army",
    "military",
    "government",
    "alliance",
    "agency",
    "minister",
    "president",
    "commander",
    "embassy",
    "people",
    "media",
    "office",
    "intelligence",
    "officer",
    "officers",
    "aide",
    "aides",
    "professor",
    "researcher",
    "scholar",
    "newspaper",
    "service",
    "staff",
    "leader",
    "leaders",
    "chief",
    "secretary",
    "ambassador",
} | _DOCUMENTS
_NOT_NAMES = {
    "On",
    "In",
    "At",
    "After",
    "Before",
    "Since",
    "During",
    "Meanwhile",
    "However",
    "Yet",
    "But",
    "And",
    "Last",
    "Earlier",
    "Later",
    "Separately",
    "Still",
    "Also",
    "Starting",
    "From",
    "By",
    "Under",
    "Speaking",
    "When",
    "While",
    "As",
    "If",
    "The",
    "A",
    "An",
    "This",
    "That",
    "It",
    "They",
    "We",
    "I",
    "There",
}
_NOT_LAST = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "after",
    "before",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "Western",
    "Russian",
    "Ukrainian",
    "American",
    "British",
    "French",
    "German",
    "European",
    "Belarusian",
    "it",
    "they",
    "we",
    "I",
    "you",
    "which",
    "this",
    "It",
    "They",
    "We",
    "You",
    "This",
}
_PRONOUNS = {"he", "she", "He", "She", "it", "It", "they", "They"}
_PERSON_PRONOUNS = {"he", "she", "He", "She"}
_PERSON_NAME = re.compile(r"\b[A-Z][\w'-]*(?:\s+[A-Z][\w'-]+){1,4}")
_NOT_PERSON_HEADS = {
    "Russia",
    "Ukraine",
    "Moscow",
    "Kyiv",
    "Kremlin",
    "Washington",
    "France",
    "Britain",
    "Germany",
    "Nato",
    "NATO",
    "Interfax",
    "Reuters",
    "Tass",
    "TASS",
    "Analysts",
    "Officials",
    "States",
    "Nations",
    "Ministry",
    "Pentagon",
    "Telegraph",
    "Districts",
    "District",
    "Military",
    "Defense",
    "Defence",
    "Foreign",
    "Sea",
    "Strait",
    "Union",
    "Russian",
    "Ukrainian",
    "Western",
    "Secretary-General",
    "General",
    "Assembly",
    "Security",
    "Council",
    "House",
    "Department",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Crimea",
    "Donbas",
    "Belarus",
    "Europe",
    "West",
    "Staff",
    "Office",
    "Journal",
    "Post",
    "Times",
    "Agency",
    "Service",
    "Command",
    "Forces",
    "Army",
    "Navy",
    "Institute",
    "Team",
    "Corporation",
    "Technologies",
    "Brussels",
    "Geneva",
    "Paris",
    "Berlin",
}
_TITLE_WORDS = {
    "President",
    "Minister",
    "Secretary",
    "Spokesman",
    "Spokeswoman",
    "Chancellor",
    "General",
    "Colonel",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Defence",
    "Defense",
    "Foreign",
    "Prime",
    "Deputy",
    "Chief",
    "Head",
    "Director",
    "Commander",
    "Chairman",
    "Chairwoman",
    "Speaker",
    "Governor",
    "Ambassador",
    "Secretary-General",
    "Commissioner",
    "Chief of Staff",
}


_POSSESSIVE = re.compile(r"'s$")
_DEFINITE = re.compile(r"(?:the|The|[A-Z][\w.-]*'s)\s")
_OWNER = re.compile(r"\b([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)'s\s+[a-z]")
_ENDS_IN_PLACE = re.compile(r"\b(?:in|from|at|of)\s+(?:the\s+)?[A-Z][\w'-]*$")
_APPOSITION = re.compile(r",\s+((?:a|an|the|[A-Z][\w-]*'s)\s[^,.;:\"]{2,100}|[a-z][^,.;:\"]{2,100})")
_SPACES = re.compile(r"\s+")
_OPENING_NAME = re.compile(r"\s*((?:The\s+)?(?:[A-Z][\w'-]*\s+)*[A-Z][\w'-]*)\b")
_CLAUSE_BREAK = re.compile(r";|,?\s+(?:but|and|while|whereas|yet)\s+")
_CLOSED = re.compile(r"\s*(?:[,.;!?)]|$)")
_INTRODUCES = re.compile(r"\s*(?::|(?:\w+\s+){0,3}?that\b|(?:\w+\s+){0,3}?:)")
_AFTER_QUOTE = re.compile(r"(?:\"|[,.!?]')\s*,?\s*$")
_THAT = re.compile(r"\bthat\b")


@dataclass(frozen=True)
class _Attribution:
    start: int
    end: int
    speaker: str
    cue: str
    via: str = ""
    resolved: bool = False
    descriptor: str = ""  # an apposition or title after/before a comma: decides the group, not the speaker


# --- the actor table ----------------------------------------------------------------------


def load_actor_table(path: str | Path | None = None) -> pd.DataFrame:
    """The actor table (``alias, speaker_group, note``); the shipped one when ``path`` is None.

    >>> load_actor_table().query("alias == 'Konashenkov'").speaker_group.tolist()
    ['russian_official']
    """
    if path is None:
        return _shipped_actor_table()
    return _parse_actor_table(read_user_file(path, ResourceError, "actor table", "actors.csv"), str(path))


@lru_cache(maxsize=1)
def _shipped_actor_table() -> pd.DataFrame:
    return _parse_actor_table(shipped_text("extract", "actors.csv"), "extract/resources/actors.csv")


def _parse_actor_table(source: str, where: str) -> pd.DataFrame:
    rows = []
    lines = source.splitlines()
    if not lines or lines[0].split(",")[:2] != ["alias", "speaker_group"]:
        raise ResourceError(f"{where}: the first line must be 'alias,speaker_group,note'")
    for line_no, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        alias, group, *_ = [*line.split(",", 2), ""]
        if not alias.strip() or group not in SPEAKER_GROUPS:
            raise ResourceError(
                f"{where} line {line_no}: {line!r} needs an alias and a speaker_group, one of "
                f"{', '.join(SPEAKER_GROUPS)}"
            )
        rows.append((alias.strip(), group))
    return pd.DataFrame(rows, columns=["alias", "speaker_group"])


def _alias_patterns(actors: pd.DataFrame) -> list[tuple[re.Pattern[str], int, str]]:
    return [
        (re.compile(rf"(?<![\w]){re.escape(alias)}(?![\w])"), len(alias), group)
        for alias, group in actors[["alias", "speaker_group"]].itertuples(index=False)
    ]


@lru_cache(maxsize=1)
def _shipped_patterns() -> list[tuple[re.Pattern[str], int, str]]:
    return _alias_patterns(_shipped_actor_table())


# --- anonymity and groups -----------------------------------------------------------------------

#: Nouns that name an organisation: "the Russian embassy", "Zelensky's office" are named sources.
_ORGANISATION_NOUNS = {
    "ministry",
    "office",
    "government",
    "military",
    "army",
    "embassy",
    "agency",
    "service",
    "directorate",
    "council",
    "staff",
    "command",
    "team",
    "institute",
    "alliance",
    "bloc",
    "department",
    "administration",
    "parliament",
    "committee",
    "forces",
    "navy",
    "district",
    "mission",
    "guard",
    "corporation",
    "company",
    "cabinet",
    "presidency",
    "secretariat",
    "kremlin",
    "statement",
    "commission",
    "headquarters",
    "network",
    "broadcaster",
    "channel",
    "newspaper",
    "daily",
    "outlet",
    "website",
    "group",
    "organisation",
    "organization",
    "centre",
    "center",
    "university",
    "ministries",
    "governments",
} | _DOCUMENTS
#: Unnamed people whose kind gives no affiliation: without an affiliation they are ``unknown``.
_UNKNOWN_HEADS = {
    "source",
    "sources",
    "official",
    "officials",
    "people",
    "person",
    "insider",
    "insiders",
    "diplomat",
    "diplomats",
    "someone",
    "aide",
    "aides",
    "officer",
    "officers",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "he",
    "she",
    "minister",
    "ministers",
    "ambassador",
    "envoy",
    "commander",
    "general",
    "president",
    "chief",
    "head",
    "adviser",
    "advisor",
    "secretary",
    "representative",
    "negotiator",
    "negotiators",
    "lawmaker",
    "lawmakers",
    "legislator",
    "senator",
    "deputy",
    "intelligence",
    "administration",
    "authorities",
    "leader",
    "leaders",
}
#: Common nouns for people, capitalised or not ("Analysts said", "Witnesses said"): never a name.
_PEOPLE_NOUNS = {
    "analysts",
    "analyst",
    "experts",
    "expert",
    "observers",
    "witnesses",
    "witness",
    "residents",
    "resident",
    "locals",
    "villagers",
    "soldiers",
    "troops",
    "investigators",
    "researchers",
    "critics",
    "watchers",
    "media",
    "journalists",
    "reporters",
    "activists",
    "monitors",
    "leaders",
    "authorities",
}
#: Offices held by one person: "the Russian president" identifies its holder, "a spokesman" does not.
_OFFICES = {
    "minister",
    "president",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "secretary",
    "ambassador",
    "chief",
    "commander",
    "chancellor",
    "premier",
    "envoy",
    "head",
    "director",
    "secretary-general",
    "leader",
}
#: People whose place is their government's: "officials in Kyiv" are Ukrainian officials.
_GOVERNMENT_PEOPLE = {"official", "officials", "authorities", "leaders", "lawmakers", "ministers", "government"}
#: Every noun that can head a speaker phrase.
_SOURCE_WORDS = _SOURCE_NOUNS | _ORGANISATION_NOUNS | _PEOPLE_NOUNS | _UNKNOWN_HEADS
_POST_MODIFIER = re.compile(
    r"\s+(?:of|in|at|to|with|for|from|familiar|close|who|on|inside|within|briefed|speaking|"
    r"knowledgeable|based|involved)\b"
)
#: Places: in a post-modifier ("a source in Moscow") a place is a location, not an affiliation.
_PLACES = {
    "Moscow",
    "Kyiv",
    "Kiev",
    "Washington",
    "Russia",
    "Ukraine",
    "Britain",
    "France",
    "Germany",
    "Brussels",
    "London",
    "Paris",
    "Berlin",
    "Minsk",
    "Crimea",
    "Donbas",
    "Europe",
    "UK",
    "U.K.",
    "US",
    "U.S.",
    "United States",
    "Belarus",
    "Poland",
    "Warsaw",
    "Geneva",
}
_INSTITUTION_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(_ORGANISATION_NOUNS)) + r"|intelligence|leadership)\b", re.IGNORECASE
)


def _head_and_rest(name: str) -> tuple[str, str]:
    """The noun phrase before any post-modifier, and the post-modifier ('sources', 'in the army')."""
    parts = _POST_MODIFIER.split(name, maxsplit=1)
    if len(parts) < 2 or (
        parts[0].split()[-1:] and parts[0].split()[-1] in _TITLE_WORDS and name.split()[-1][:1].isupper()
    ):
        return name, ""  # "Secretary of State Antony Blinken" is Blinken
    return parts[0], name[len(parts[0]) :]


def is_anonymous(speaker: str) -> bool:
    """Whether ``speaker`` names no person or organisation.

    Its head is a common noun for people ("officials", "a senior U.S. official", "sources in the
    ministry", "Russian state media"), or it is an unresolved pronoun.

    >>> [is_anonymous(s) for s in ["U.S. officials", "the Pentagon", "Mr. Putin", "sources in the Russian army",
    ...                             "Zelensky's office", "Russian state media", "he"]]
    [True, False, False, True, False, True, True]
    """
    head_phrase, _ = _head_and_rest(speaker.split(",")[0])
    words = head_phrase.split()
    if not words:
        return True
    head = _POSSESSIVE.sub("", words[-1]).replace("TV", "television")
    if head in _PRONOUNS:
        return True
    if head == "intelligence" and len(words) > 1 and words[-2].lower() in ("defence", "defense", "military"):
        return False  # "Ukraine's defence intelligence" is an agency
    if head.lower() in _OFFICES and _DEFINITE.match(head_phrase):
        return False  # "Russia's defence minister", "the Kremlin spokesman": one identified office holder
    if head.lower() in _UNKNOWN_HEADS or head.lower() in _PEOPLE_NOUNS:
        return True
    if head[:1].isupper():
        return False
    return head.lower() not in _ORGANISATION_NOUNS


def speaker_group(speaker: str, actors: pd.DataFrame | None = None, descriptor: str = "") -> str:
    """The group of ``speaker``.

    The alias that ends last in it decides (the head of the phrase), the longest among those ending
    there; in a post-modifier only an institution counts ("sources in the Ukrainian military", not
    "a source in Moscow"). Then an apposition or title (``descriptor`` or the part after a comma)
    decides: an owner in it ("Russia's ambassador"), then its head. Failing all, a named source is
    ``other`` and an unnamed one ``unknown``, except unnamed residents, witnesses and the like, who
    are ``other``.

    >>> [speaker_group(s) for s in ["Russian news agency Interfax", "a British government source",
    ...                             "Ukraine's Foreign Minister Dmytro Kuleba", "Kremlin watchers", "a farmer",
    ...                             "A senior U.S. official", "sources", "a diplomatic source in Moscow"]]
    ['news_agency', 'western_official', 'ukrainian_official', 'analyst', 'other', 'western_official', 'unknown', 'unknown']
    """  # noqa: E501 (doctest output must match verbatim)
    if actors is None:
        return _shipped_group(speaker, descriptor)
    return _group(speaker, _alias_patterns(actors), descriptor)


@lru_cache(maxsize=65536)
def _shipped_group(speaker: str, descriptor: str) -> str:
    return _group(speaker, _shipped_patterns(), descriptor)


def _group(speaker: str, patterns: list[tuple[re.Pattern[str], int, str]], descriptor: str) -> str:
    name, _, apposition = speaker.partition(",")
    descriptor = descriptor or apposition
    head_phrase, rest = _head_and_rest(name)
    group = _head_group(head_phrase, patterns)
    head = head_phrase.split()[-1].lower() if head_phrase.split() else ""
    if (
        group == "unknown"
        and rest
        and (
            _INSTITUTION_WORD.search(rest)
            or head in _GOVERNMENT_PEOPLE
            or head in _ORGANISATION_NOUNS
            or _head_group(rest, patterns, places=False) != "unknown"
        )
    ):
        group = _head_group(rest, patterns)  # "officials in Washington", not "a diplomatic source in Moscow"
    owner = _OWNER.search(descriptor)
    for part in (owner.group(1) if owner else "", descriptor):
        if group == "unknown" and part:
            group = _head_group(part, patterns, places=False)
            group = _head_group(part, patterns) if group == "unknown" else group
    if group != "unknown":
        return group
    words = head_phrase.split()
    if not words or words[-1] in _PRONOUNS:
        return "unknown"
    head = words[-1].lower()
    return "unknown" if head in _UNKNOWN_HEADS or head in _ORGANISATION_NOUNS else "other"


def _head_group(phrase: str, patterns: list[tuple[re.Pattern[str], int, str]], places: bool = True) -> str:
    best: tuple[int, int, str] | None = None
    for pattern, length, group in patterns:
        for match in pattern.finditer(phrase):
            if not places and match.group() in _PLACES:
                continue
            if best is None or (match.end(), length) > best[:2]:
                best = (match.end(), length, group)
    return best[2] if best else "unknown"


# --- finding attributions -------------------------------------------------------------------

_TRAILING_MODIFIER = re.compile(r"\s+(?:briefed|speaking|who|which|knowledgeable|involved)\b.*$")
_CHANNEL_NOUN = re.compile(
    r"^(?:[Tt]he\s+)?(?:[A-Z][\w-]*'s\s+)?(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)\s+"
    r"(?:news\s+agency|"
    r"agency|news\s+site|newspaper|daily|television|TV|channel|broadcaster|website)$"
)


def _clean_speaker(text: str) -> str:
    """A speaker phrase without time words, parentheticals and post-modifiers.

    Participle post-modifiers go ("an official briefed on …" is "an official"), and so does a
    channel noun after a name ("Russia's RIA news agency" is "RIA").

    >>> [_clean_speaker(s) for s in ["Russia's RIA news agency", "A European official briefed on it", "Moscow has"]]
    ['RIA', 'A European official', 'Moscow']
    """
    speaker = _TRAILING_WORDS.sub("", " " + text.strip()).strip()
    speaker = _TRAILING_MODIFIER.sub("", _LEADING_WORDS.sub("", speaker).strip())
    channel = _CHANNEL_NOUN.match(speaker)
    return channel.group("name") if channel else speaker


def _is_apposition(segment: str) -> bool:
    """A noun phrase that can describe a name: 'defence minister', 'the spokeswoman', "Nato's secretary general"."""
    possessive_title = _OWNER.match(segment)
    words = segment.split()
    role = len(words) <= 5 and words[-1][:1].islower() and words[-1].lower() in _SOURCE_WORDS | _OFFICES
    return (
        bool(segment)
        and segment not in _PRONOUNS
        and (segment[:1].islower() or bool(possessive_title) or words[0] in ("The", "A", "An") or role)
    )


def _is_name(segment: str) -> bool:
    """Whether ``segment`` is a capitalised name ('Kyrylo Budanov', 'Colonel-General Alexander Zhuravlyov')."""
    words = segment.split()
    return bool(words) and all(word[:1].isupper() for word in words) and words[0] not in _NOT_NAMES


def _segment_before(text: str) -> tuple[int, str, str, int]:
    """The last segment of ``text`` after a clause boundary.

    Returns (start, cleaned segment, boundary, where the boundary starts).
    """
    boundary = next(reversed(list(_SEGMENT_BOUNDARY.finditer(text))), None)
    segment_start = boundary.end() if boundary else 0
    segment = _clean_speaker(text[segment_start:])
    start = segment_start + text[segment_start:].find(segment) if segment else len(text)
    return start, segment, boundary.group().strip() if boundary else "", boundary.start() if boundary else 0


def _speaker_before(paragraph: str, cue_start: int) -> tuple[int, str, str]:
    """The speaker phrase ending just before a cue.

    It runs back to a clause boundary, skipping adverbs and parentheticals ("Moscow, however, has
    denied", "An official, speaking on condition of anonymity, said"). An apposition after a name
    ("Sergey Shoygu, defence minister, said") or a title before it ("Ukraine's army chief, Valeriy
    Zaluzhnyi, said") is returned as the descriptor. Returns (start, speaker, descriptor); speaker
    may be empty.

    >>> text = "Ukraine's army chief, Valeriy Zaluzhnyi, said so."
    >>> _speaker_before(text, text.index("said"))
    (22, 'Valeriy Zaluzhnyi', "Ukraine's army chief")
    """
    position, skipped = cue_start, False
    for _ in range(5):
        text = paragraph[:position]
        start, segment, boundary, boundary_start = _segment_before(text)
        if boundary == "who" and segment:
            before = text[:boundary_start].rstrip()
            if before.endswith(","):  # "An official, who asked not to be named, told"
                position = len(before) - 1
                skipped = True
                continue
            start, segment, _, _ = _segment_before(before)  # "An official who asked not to be named said"
            return (start, segment, "") if segment else (cue_start, "", "")
        if boundary == "," and (not segment or _PARENTHETICALS.match(segment)):
            position, skipped = text.rfind(","), True
            continue
        if boundary == ")" and not segment and "(" in text:  # "The Ministry of External Affairs (MEA) said"
            position = text.rfind("(")
            continue
        break
    if not segment:
        return cue_start, "", ""
    if boundary == "and" and not _can_speak(segment):
        # "The United States and its allies have warned": one speaker
        first_start, first, first_boundary, _ = _segment_before(text[:boundary_start])
        if first and _can_speak(first) and first_boundary != "and":
            return first_start, f"{first} and {segment}", ""
    if boundary == "and" and segment[:1].isupper() and len(segment.split()) <= 2:
        # "Officials in Washington and London said": one speaker
        first_start, first, _, _ = _segment_before(text[:boundary_start])
        if first and _can_speak(first) and _ENDS_IN_PLACE.search(first):
            return first_start, f"{first} and {segment}", ""
    if skipped and boundary == "," and _is_apposition(segment):
        # "Sergey Shoygu, defence minister, said": the name stands before the apposition
        name_start, name, _, _ = _segment_before(text[: text.rfind(",", 0, start)])
        if name and _is_name(name.split()[-1]) and name.split()[-1][:1].isupper():
            return name_start, name, segment
    if _is_name(segment) and boundary in (",", '"'):
        # "the head of military intelligence, Kyrylo Budanov, said": the title before the name
        before = paragraph[:start].rstrip()
        if before.endswith(","):
            _, title, _, _ = _segment_before(before[:-1])
            if title and _is_apposition(title):
                return start, segment, title
    return start, segment, ""


_NOT_APPOSITION = re.compile(
    rf"(?:{_VERB_CUES}|that|who|which|and|but|as|while|when|where|adding|citing|"
    r"according|speaking|saying|calling|[a-z]+ing|[a-z]+ed)\b"
)


def _apposition_after(paragraph: str, end: int) -> str:
    """An apposition right after a speaker: ', a specialist at the CNA think tank,'."""
    match = _APPOSITION.match(paragraph, end)
    if not match or _NOT_APPOSITION.match(match.group(1)):
        return ""
    return match.group(1).strip()


#: Words that show a phrase is a clause, not a speaker ("the talks had been").
_CLAUSE_WORDS = {
    "had",
    "has",
    "have",
    "was",
    "were",
    "is",
    "are",
    "been",
    "be",
    "would",
    "will",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "did",
    "does",
    "do",
    "not",
    "if",
    "than",
    "there",
}


#: Nouns for someone who does something ("farmer", "shopkeeper", "resident", "economist").
_AGENT_NOUN = re.compile(
    r"(?<!ord)(?<!bord)(?<!numb)(?<!matt)(?<!lett)(?<!pap)"
    r"(?:er|or|ist|ian|ant|ent|man|woman|eer)s?$"
)


#: Reporting verbs that never stand inside a speaker phrase ("Russia's defence ministry denied reports").
_FINITE_CUES = {
    "said",
    "says",
    "told",
    "tells",
    "denied",
    "denies",
    "announced",
    "warned",
    "insisted",
    "claimed",
    "stated",
    "accused",
    "confirmed",
    "rejected",
    "dismissed",
}


def _can_speak(speaker: str) -> bool:
    """Whether a phrase can be a speaker.

    It can be a pronoun, or a name part (before any apposition) of at most twelve words that names
    someone or a kind of source ('the statement', 'officials'), starts with a capital or a
    determiner or ends in a name, and does not end in a preposition or an adjective ('... the
    Western reports' is no speaker).
    """
    if speaker in _PRONOUNS:
        return True
    head_phrase, _ = _head_and_rest(speaker)
    head = head_phrase.split()
    words = speaker.split()
    if (
        not head
        or len(words) > 12
        or words[-1] in _NOT_LAST
        or head[-1] in _NOT_LAST
        or any(word in _CLAUSE_WORDS or word in _FINITE_CUES for word in words)
    ):
        return False
    names_source = (
        any(word[:1].isupper() for word in head if word not in _NOT_NAMES)
        or head[-1].lower() in _SOURCE_WORDS
        or bool(_AGENT_NOUN.search(head[-1]))
    )
    starts_well = (
        head[0][:1].isupper()
        or head[0].lower() in _DETERMINERS
        or head[-1][:1].isupper()
        or head[-1].lower() in _SOURCE_WORDS
    )
    return names_source and starts_well


def _names_a_source(speaker: str) -> bool:
    """Whether a phrase after 'citing' or 'per' names a source: a name or a noun for one.

    >>> [_names_a_source(s) for s in ["unnamed officials", "the district's press service", "security concerns"]]
    [True, True, False]
    """
    head = _head_and_rest(speaker)[0].split()[-1]
    return head[:1].isupper() or head.lower() in _SOURCE_WORDS


def _cue_text(text: str) -> str:
    return _SPACES.sub(" ", text)


#: The patterns that find an attribution whole, after the quoted … as saying ones (see :func:`_pattern_candidates`).
_WHOLE_PATTERNS = (
    _ACCORDING_TO,
    _CITING,
    _QUOTED_BY,
    _PASSIVE_BY,
    _PROVIDER,
    _INVERTED,
    _INVERTED_AFTER_QUOTE,
    _HEADLINE,
)
#: Every pattern that finds a candidate attribution (see :func:`_candidates`), and their screen.
_CANDIDATE_PATTERNS = (_QUOTED_PASSIVE, _QUOTED_AS, *_WHOLE_PATTERNS, _VERB_CUE)
_CANDIDATE_SCREEN = Screen.of(_CANDIDATE_PATTERNS)


def _tried(paragraph: str) -> set[int]:
    """The ``id`` of each of :data:`_CANDIDATE_PATTERNS` that can match ``paragraph`` (ids: a pattern hashes slowly)."""
    return {id(_CANDIDATE_PATTERNS[i]) for i in _CANDIDATE_SCREEN.candidates(paragraph)}


def _finditer(pattern: re.Pattern[str], paragraph: str, tried: set[int]) -> Iterable[re.Match[str]]:
    """``pattern.finditer(paragraph)``, or nothing when the pattern is not ``tried`` (it cannot match)."""
    return pattern.finditer(paragraph) if id(pattern) in tried else ()


def _pattern_candidates(paragraph: str, tried: set[int]) -> tuple[list[_Attribution], list[tuple[int, int]]]:
    """Attributions found by whole patterns (those of them ``tried``, see :func:`_tried`).

    Quoted/cited … as saying, according to, citing, per, inverted cues ('," said X'), and a
    headline's 'X: "…"'.
    """
    found: list[_Attribution] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _finditer(_QUOTED_PASSIVE, paragraph, tried):
        start, speaker, descriptor = _speaker_before(paragraph, match.start())
        if not speaker or not _can_speak(speaker):
            continue
        via = _clean_speaker(match.group("via") or match.group("via_after") or "")
        cue = f"{match.group('cue')} as saying"
        found.append(_Attribution(start, match.end(), speaker, cue, via=via, descriptor=descriptor))
        if via:
            where = match.start("via") if match.group("via") else match.start("via_after")
            found.append(_Attribution(where, where + len(via), via, cue))
        taken.append((start, match.end()))
    for match in _finditer(_QUOTED_AS, paragraph, tried):
        if not free(match.start(), match.end()):
            continue
        cue = f"{match.group('cue')} … as saying"
        via_start, via = _speaker_before(paragraph, match.start("cue"))[:2]
        via = via if via and _can_speak(via) else _clean_speaker(match.group("via"))
        via_start = via_start if via_start < match.start("cue") else match.start("via")
        found.append(_Attribution(via_start, match.end("cue"), via, cue))
        found.append(
            _Attribution(
                match.start("speaker"),
                match.end(),
                _clean_speaker(match.group("speaker")),
                cue,
                via=via,
                descriptor=match.group("descriptor") or "",
            )
        )
        taken.append((via_start, match.end()))
    for pattern in _WHOLE_PATTERNS:
        for match in _finditer(pattern, paragraph, tried):
            speaker = _clean_speaker(match.group("speaker"))
            if pattern in (_ACCORDING_TO, _CITING, _QUOTED_BY):
                speaker = _PROVIDER_OF.sub("", speaker)  # "according to estimates by the Pentagon"
            if not free(match.start("cue"), match.end()) or not speaker or not _can_speak(speaker):
                continue
            if pattern in (_CITING, _QUOTED_BY, _PASSIVE_BY) and not _names_a_source(speaker):
                continue  # "citing security concerns" gives a reason, not a source
            if pattern is _HEADLINE and not (
                speaker.split()[-1][:1].isupper() or speaker.split()[-1].lower() in _SOURCE_NOUNS
            ):
                continue
            if speaker in _PRONOUNS and pattern not in (_INVERTED, _INVERTED_AFTER_QUOTE):
                continue
            descriptor = _apposition_after(paragraph, match.end())
            named = _NAME_AFTER.match(paragraph, match.end())
            if named and pattern in (_ACCORDING_TO, _CITING) and _is_name(named.group("name")):
                # "according to the Pentagon's press secretary, John Kirby,"
                speaker, descriptor = named.group("name"), speaker
                taken.append((match.start("cue"), named.end()))
            found.append(
                _Attribution(
                    match.start("cue") if pattern is not _HEADLINE else match.start(),
                    match.end(),
                    speaker,
                    _cue_text(match.group("cue")),
                    descriptor=descriptor,
                )
            )
            taken.append((match.start("cue"), match.end()))
    return found, taken


_PROVIDER_OF = re.compile(
    r"^(?:an?\s+|the\s+)?(?:latest\s+|new\s+|recent\s+)?(?:estimates?|figures|data|reports?|"
    r"assessments?|statements?|analysis|(?:satellite\s+)?(?:images|imagery|photos)|intelligence|"
    r"footage|videos?|photos|pictures)\s+(?:[a-z]+(?:ed|wn|st)\s+)?"
    r"(?:by|from|of)\s+(?=[A-Z]|the\s|an?\s)"
)
_NAME_AFTER = re.compile(r",\s+(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){1,3}),")
_COORDINATED = re.compile(
    r"(?:^|[,;:.]\s+|\"\s*|\b(?:while|but|whereas)\s+)"
    r"(?P<speaker>(?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})"
    r"\s+and\s+$"
)


def _candidates(paragraph: str) -> list[_Attribution]:
    """All attributions in a (masked) paragraph, in order.

    Patterns first, then reporting verbs with the speaker before them. Only the patterns whose
    needed words the paragraph holds are tried (see :mod:`troopwatch.extract.screen`).

    >>> [(a.speaker, a.cue) for a in _candidates("Moscow, however, has denied it, Interfax said.")]
    [('Moscow', 'denied'), ('Interfax', 'said')]
    """
    tried = _tried(paragraph)
    found, taken = _pattern_candidates(paragraph, tried)
    for match in _finditer(_VERB_CUE, paragraph, tried):
        before = paragraph[: match.start()]
        if (
            not all(match.end() <= s or match.start() >= e for s, e in taken)
            or _NOT_A_VERB.search(before)
            or _NEGATED.search(before)
            or _PASSIVE.search(before)
        ):
            continue
        start, speaker, descriptor = _speaker_before(paragraph, match.start())
        if speaker and not _can_speak(speaker):
            continue
        if speaker and not descriptor:
            descriptor = _apposition_after(paragraph, start + len(speaker))
        cue = _cue_text(match.group())
        partner = _COORDINATED.search(paragraph[:start]) if speaker else None
        if partner and _can_speak(partner.group("speaker")):
            if speaker.split()[-1][:1].islower() and len(partner.group("speaker").split()) == 1:
                # "U.S. and NATO officials said": one speaker sharing the head noun
                start, speaker = partner.start("speaker"), f"{partner.group('speaker')} and {speaker}"
            else:  # "Germany and France welcomed the move": two
                found.append(_Attribution(partner.start("speaker"), match.end(), partner.group("speaker"), cue))
        found.append(
            _Attribution(start if speaker else match.start(), match.end(), speaker, cue, descriptor=descriptor)
        )
    return sorted(found, key=lambda attribution: attribution.start)


def _is_person(speaker: str) -> bool:
    """A named individual: ends in a capitalised name that is no place, institution or plural."""
    words = speaker.split(",")[0].split()
    last = words[-1] if words else ""
    return (
        bool(last)
        and last[:1].isupper()
        and not last.isupper()
        and last not in _NOT_PERSON_HEADS
        and words[0].lower() not in _DETERMINERS
        and not is_anonymous(speaker)
    )


def _named_people(paragraph: str) -> list[tuple[int, str]]:
    """People named in a paragraph, as ``(end offset, name)``.

    The titles and nationality before the name are part of it.

    >>> _named_people("Ukrainian Foreign Minister Dmytro Kuleba was sceptical; Mr Putin was not.")
    [(40, 'Ukrainian Foreign Minister Dmytro Kuleba'), (64, 'Mr Putin')]
    """
    people = []
    for match in _PERSON_NAME.finditer(paragraph):
        words = match.group().split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        core = list(words)
        while core and (core[0] in _NOT_PERSON_HEADS or core[0].rstrip(_DOT) in _TITLE_WORDS):
            core = core[1:]
        titled = len(core) < len(words)
        if not core or (len(core) < 2 and not titled) or any(word in _NOT_PERSON_HEADS for word in core):
            continue
        name = " ".join(words)
        if _is_person(name):
            people.append((match.end(), name))
    return people


def _previous_subject(paragraph: str, position: int) -> str:
    """The name opening the sentence before the one holding ``position``.

    Only when ``position`` opens its sentence ("The ministry released a video. It said …").

    >>> _previous_subject("The Russian Defence Ministry released a video. It said so.", 47)
    'The Russian Defence Ministry'
    """
    starts = [0, *(match.end() for match in _SENTENCE_END.finditer(paragraph, 0, position + 1))]
    if len(starts) < 2 or paragraph[starts[-1] : position].strip():
        return ""
    return _sentence_subject(paragraph, starts[-1] - 1)


def _sentence_subject(paragraph: str, position: int) -> str:
    """The name that opens the sentence holding ``position`` ('NATO welcomed the move but said')."""
    starts = [match.end() for match in _SENTENCE_END.finditer(paragraph[:position])]
    sentence = paragraph[starts[-1] if starts else 0 : position]
    name = _OPENING_NAME.match(sentence)
    if not name:
        return ""
    words = name.group(1).split()
    return name.group(1) if words and (words[0] == "The" and len(words) > 1 or words[0] not in _NOT_NAMES) else ""


def _kind(speaker: str) -> str:
    """Which pronoun can stand for ``speaker``.

    'he' for a named person, 'they' for unnamed people ("officials"), 'it' for an organisation or a
    country, '' for none.

    >>> [_kind(s) for s in ["Dmitry Peskov", "Western officials", "the Kremlin", "he"]]
    ['he', 'they', 'it', '']
    """
    if _is_person(speaker):
        return "he"
    head_phrase = _head_and_rest(speaker.split(",")[0])[0].split()
    head = head_phrase[-1] if head_phrase else ""
    if not head or head in _PRONOUNS:
        return ""
    if head.lower() in _PEOPLE_NOUNS or head.lower() in _UNKNOWN_HEADS and head.endswith("s"):
        return "they"
    return "it" if head.lower() in _ORGANISATION_NOUNS or head[:1].isupper() else ""


def _resolve(attributions: list[_Attribution], previous: dict[str, str], paragraph: str) -> list[_Attribution]:
    """Replace pronouns by the last speaker of their kind before them.

    He or she by the last person named in the paragraph, or who spoke in an earlier one; it by the
    last organisation or country that spoke; they by the last unnamed group of people that spoke. A
    pronoun with no referent stays, with ``resolved`` False. An elided subject ("and said") is the
    last speaker in the sentence, else the sentence's subject. ``previous`` (kind to speaker)
    carries referents across paragraphs and is updated.
    """
    resolved: list[_Attribution] = []
    last_speaker: _Attribution | None = None
    people = _named_people(paragraph)
    for attribution in attributions:
        if attribution.speaker in _PRONOUNS:
            kind = attribution.speaker.lower().replace("she", "he")
            named = [name for end, name in people if end <= attribution.start] if kind == "he" else []
            spoke = [a.speaker for a in resolved if _kind(a.speaker) == kind]
            subject = _previous_subject(paragraph, attribution.start) if kind != "he" else ""
            referent = (
                subject
                if subject and _kind(subject) == kind
                else spoke[-1]
                if spoke and not named
                else named[-1]
                if named
                else previous.get(kind)
            )
            if referent:
                attribution = replace(attribution, speaker=referent, resolved=True, descriptor="")
        elif not attribution.speaker:
            same_sentence = last_speaker is not None and not _SENTENCE_END.search(
                paragraph[last_speaker.end : attribution.start]
            )
            if same_sentence and last_speaker is not None:  # same_sentence implies a last speaker
                attribution = replace(
                    attribution,
                    speaker=last_speaker.speaker,
                    resolved=True,
                    descriptor=last_speaker.descriptor,
                    via=last_speaker.via,
                )
            else:
                subject = _sentence_subject(paragraph, attribution.start)
                attribution = replace(attribution, speaker=subject, resolved=bool(subject))
        if not attribution.speaker:
            continue
        resolved.append(attribution)
        last_speaker = attribution
        kind = _kind(attribution.speaker)
        if kind:
            previous[kind] = attribution.speaker
    return resolved


_QUOTE = re.compile(r"\"(?P<words>[^\"]+)\"|(?<![\w])'(?P<single>[^']+\s[^']+)'(?![\w])")


def _sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans of a masked paragraph."""
    starts = [0, *(match.end() for match in _SENTENCE_END.finditer(paragraph))]
    return list(zip(starts, [*starts[1:], len(paragraph)], strict=True))


def _sentence_of(spans: list[tuple[int, int]], position: int) -> int:
    return next((i for i, (start, end) in enumerate(spans) if start <= position < end), len(spans) - 1)


def _is_channel(attribution: _Attribution) -> bool:
    """The X of 'X quoted Y as saying': the quotation is Y's."""
    return attribution.cue.endswith("as saying") and not attribution.via


def _quotes_for(paragraph: str, attributions: list[_Attribution]) -> dict[int, str]:
    """Give each quotation to the nearest attribution in the sentences it spans.

    A quotation that opens a sentence with no attribution continues the speaker of the sentence
    before.

    >>> text = '"We are ready," Peskov said. "The drills are over."'
    >>> _quotes_for(text, _candidates(text))
    {0: 'We are ready, … The drills are over.'}
    """
    owner: dict[int, str] = {}
    spans = _sentence_spans(paragraph)
    sentence = [_sentence_of(spans, attribution.start) for attribution in attributions]
    for quote in _QUOTE.finditer(paragraph):
        words = quote.group("words") or quote.group("single")
        first, last = _sentence_of(spans, quote.start()), _sentence_of(spans, max(quote.end() - 1, 0))
        near = [
            (
                abs(attribution.start - quote.end())
                if attribution.start >= quote.end()
                else abs(quote.start() - attribution.end),
                position,
            )
            for position, attribution in enumerate(attributions)
            if first <= sentence[position] <= last
            and not quote.start() <= attribution.start < quote.end()
            and not _is_channel(attribution)
        ]
        if not near and first > 0 and paragraph[spans[first][0] : quote.start()].strip() == "":
            near = [(0, position) for position in range(len(attributions)) if sentence[position] == first - 1][-1:]
        if near:
            position = min(near)[1]
            previous = owner.get(position)
            owner[position] = words.strip() if previous is None else f"{previous} … {words.strip()}"
    return owner


_LEADING_VENUE = re.compile(rf"^(?:\s+(?:{_TIME_WORDS}|to\s+reporters|in\s+[\w\s]{{1,30}}?(?=[,.;]|$)))+")


def _governs_before(before: str, after: str, cue: str) -> bool:
    """Whether a cue governs the words before it ('[…], X said') rather than after ('X said […]').

    >>> _governs_before("Russia massed troops, ", ", but", "said"), _governs_before("", ': "We are ready."', "said")
    (True, False)
    """
    if not _CLAUSE_BREAK.split(before)[-1].strip(" ,"):
        return False  # the cue opens its clause: "…; according to X, …", "…, but X said …"
    rest = _LEADING_VENUE.sub("", after)
    if _INTRODUCES.match(rest):
        return False  # 'X said: "…"', 'X told reporters that …'
    return bool(
        _CLOSED.match(rest)
        or _AFTER_QUOTE.search(before)
        or len(after.split()) < 2
        or cue in ("told", "tells")
        and not _THAT.search(after)
    )


def _contents(paragraph: str, attributions: list[_Attribution]) -> list[str]:
    """The words each attribution governs, within its sentence.

    The clause after the cue up to the next attribution ("X said [the drills were routine], but Y
    said [...]"), or, when the cue closes its clause ("[...], X said."), the text before it back to
    the previous attribution.

    >>> text = "Russia massed 100,000 troops, officials said, but Peskov said the drills were routine."
    >>> _contents(text, _candidates(text))
    ['Russia massed 100,000 troops', 'the drills were routine.']
    """
    spans = _sentence_spans(paragraph)
    sentence = [_sentence_of(spans, attribution.start) for attribution in attributions]
    contents: list[str] = []
    for i, attribution in enumerate(attributions):
        start, end = spans[sentence[i]]
        following = [
            a.start for j, a in enumerate(attributions) if sentence[j] == sentence[i] and a.start >= attribution.end
        ]
        preceding = [
            a.end for j, a in enumerate(attributions) if sentence[j] == sentence[i] and a.end <= attribution.start
        ]
        after = paragraph[attribution.end : min(following, default=end)]
        before = paragraph[max(preceding, default=start) : attribution.start]
        text = before if _governs_before(before, after, attribution.cue) else after
        if len(text.split()) < 2 and contents and sentence[i - 1] == sentence[i]:
            text = contents[-1]  # "Interfax reported, citing the ministry": the same words
        contents.append(text.strip(" ,;:"))
    return contents


def _same_source(first: str, second: str) -> bool:
    head = [_head_and_rest(s.split(",")[0])[0].split()[-1:] for s in (first, second)]
    return bool(head[0]) and head[0] == head[1] and (not is_anonymous(first) or first.lower() == second.lower())


def _paragraph_rows(
    paragraph: str,
    offset: int,
    previous: dict[str, str],
    actors: pd.DataFrame | None,
    each_occurrence: bool,
    known: dict[str, str],
) -> list[dict]:
    """The rows of one paragraph.

    ``previous`` holds the referents of pronouns (see :func:`_resolve`) and ``known`` maps
    organisation nouns to the group of the last organisation so headed ("Russia's defence ministry"
    … "the ministry said"); both are updated.
    """
    masked = _mask(paragraph.translate(_SAME_LENGTH_FORMS))
    candidates = _candidates(masked)
    if not candidates:
        return []  # no row, and nobody for a later pronoun to refer to
    found = _resolve(candidates, previous, masked)
    quotes = _quotes_for(masked, found)
    contents = _contents(masked, found)
    rows: list[dict] = []
    for position, attribution in enumerate(found):
        speaker, via = _unmask(attribution.speaker), _unmask(attribution.via)
        quote, content = _unmask(quotes.get(position, "")), _unmask(contents[position])
        unresolved = speaker in _PRONOUNS
        group = "unknown" if unresolved else speaker_group(speaker, actors, _unmask(attribution.descriptor))
        if group == "unknown" and via and not unresolved:
            group = _group_from_channel(speaker, via, actors)
        group = _same_organisation(speaker, group, known)
        row = {
            "start": offset + attribution.start,
            "end": offset + attribution.end,
            "speaker": speaker,
            "speaker_group": group,
            "anonymous": unresolved or is_anonymous(speaker),
            "cue": attribution.cue,
            "via": via,
            "quote": quote,
            "content": content,
            "direct": bool(quote) or bool(_QUOTE.search(content)),
            "resolved": attribution.resolved,
        }
        earlier = next((r for r in rows if _same_source(r["speaker"], speaker)), None)
        if earlier is not None and not each_occurrence:
            earlier["direct"] = earlier["direct"] or row["direct"]
            continue
        rows.append(row)
    return rows


#: Agencies whose unnamed institutions ("Interfax cited the ministry") are their own country's.
_NATIONAL_CHANNELS = {
    "Interfax": "russian_official",
    "TASS": "russian_official",
    "Tass": "russian_official",
    "RIA": "russian_official",
    "RIA Novosti": "russian_official",
    "Sputnik": "russian_official",
    "Zvezda": "russian_official",
    "Ukrinform": "ukrainian_official",
    "UNIAN": "ukrainian_official",
}


def _same_organisation(speaker: str, group: str, known: dict[str, str]) -> str:
    """An organisation named without its country takes the group of the last one with its head noun.

    As "the ministry" after "Russia's defence ministry"; a named one updates ``known``.

    >>> known = {}
    >>> _same_organisation("Russia's defence ministry", "russian_official", known), _same_organisation(
    ...     "the ministry", "unknown", known)
    ('russian_official', 'russian_official')
    """
    words = _head_and_rest(speaker.split(",")[0])[0].split()
    head = words[-1].lower() if words else ""
    if head not in _ORGANISATION_NOUNS:
        return group
    if group == "unknown":  # "the statement" is the last organisation's
        return known.get(head, known.get("", group) if head == "statement" else group)
    known[head] = known[""] = group
    return group


def _group_from_channel(speaker: str, via: str, actors: pd.DataFrame | None) -> str:
    """The group of an institution with no country named, relayed by a national agency.

    >>> _group_from_channel("the ministry", "Interfax", None)
    'russian_official'
    """
    if is_anonymous(speaker) and _head_and_rest(speaker)[0].split()[-1].lower() not in _ORGANISATION_NOUNS:
        return "unknown"
    channel = next((group for name, group in _NATIONAL_CHANNELS.items() if name in via.split()), None)
    return channel or "unknown"


_PARAGRAPH = re.compile(r"[^\n]+")
#: Curly quotes, dashes and odd spaces in their plain form, one character for one, so that raw text
#: (not passed through :func:`troopwatch.corpus.text.normalize_text`) keeps its offsets.
_SAME_LENGTH_FORMS = str.maketrans(
    {
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2039\u203a", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t", " "),
    }
)


def extract_attributions(text: str, actors: pd.DataFrame | None = None, each_occurrence: bool = False) -> pd.DataFrame:
    """The attributions of speech or information in ``text``.

    See the module doc for the columns: one row per source per paragraph, its first cue, or every
    occurrence with ``each_occurrence``.

    >>> extract_attributions("Putin claimed the talks went well and said he was hopeful.")[
    ...     ["speaker", "cue", "resolved"]].values.tolist()
    [['Putin', 'claimed', False]]
    >>> extract_attributions("Putin claimed the talks went well and said he was hopeful.", each_occurrence=True)[
    ...     ["speaker", "cue", "resolved"]].values.tolist()
    [['Putin', 'claimed', False], ['Putin', 'said', True]]
    """
    return pd.DataFrame(_attribution_records(text, actors, each_occurrence), columns=ATTRIBUTION_COLUMNS).astype(
        _ATTRIBUTION_DTYPES
    )


#: The dtypes :func:`extract_attributions` sets; the text columns are as pandas infers them.
_ATTRIBUTION_DTYPES = {"start": "int64", "end": "int64", "anonymous": "bool", "direct": "bool", "resolved": "bool"}


def _attribution_records(text: str, actors: pd.DataFrame | None, each_occurrence: bool) -> list[dict]:
    """The attributions of ``text`` as plain records with the :data:`ATTRIBUTION_COLUMNS`.

    >>> [(row["speaker"], row["cue"]) for row in _attribution_records("Peskov said so.", None, True)]
    [('Peskov', 'said')]
    """
    rows: list[dict] = []
    previous: dict[str, str] = {}
    known: dict[str, str] = {}
    for paragraph in _PARAGRAPH.finditer(text):
        rows.extend(_paragraph_rows(paragraph.group(), paragraph.start(), previous, actors, each_occurrence, known))
    return rows


#: The columns of :func:`attributions`.
CORPUS_ATTRIBUTION_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "outlet", *ATTRIBUTION_COLUMNS]
#: The dtypes of :func:`attributions` when an article has no attribution: ids as floats, the text columns as
#: objects. They were the dtypes of its empty piece when the table was put together article by article, and
#: ``analyse`` gives the same, so they stay.
_SILENT_ARTICLE_DTYPES = {
    "article_id": "str",
    "sentence_id": "float64",
    "paragraph_id": "float64",
    "outlet": "str",
    **_ATTRIBUTION_DTYPES,
    **dict.fromkeys(["speaker", "speaker_group", "cue", "via", "quote", "content"], "object"),
}


def attributions(corpus: Corpus, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    r""":func:`extract_attributions` over every article, each occurrence.

    Adds ``article_id``, ``sentence_id``, ``paragraph_id`` and ``outlet``; offsets index the
    article's clean text.

    >>> from troopwatch.corpus.load import corpus_from_texts
    >>> corpus = corpus_from_texts(["Peskov said so.\n\nHe said no."], outlet="X")
    >>> attributions(corpus)[["sentence_id", "speaker", "resolved"]].values.tolist()
    [[1, 'Peskov', False], [2, 'Peskov', True]]
    """
    if not len(corpus.articles):
        return pd.DataFrame(columns=CORPUS_ATTRIBUTION_COLUMNS)
    records, every_article = _corpus_attribution_records(corpus, actors)
    frame = pd.DataFrame(records, columns=CORPUS_ATTRIBUTION_COLUMNS)
    return frame.astype(_ATTRIBUTION_DTYPES if every_article else _SILENT_ARTICLE_DTYPES)


def _corpus_attribution_records(corpus: Corpus, actors: pd.DataFrame | None) -> tuple[list[dict], bool]:
    """The rows of :func:`attributions` as plain records, and whether every article has one.

    A row's sentence is the last of its article that starts at or before the row.
    """
    sentences = _sentence_starts(corpus.sentences)
    records: list[dict] = []
    every_article = True
    for article_id, outlet, text in zip(*_columns(corpus.articles, ["article_id", "outlet", "text"]), strict=True):
        found = _attribution_records(text, actors, each_occurrence=True)
        every_article = every_article and bool(found)
        starts, ids = sentences.get(article_id, ([], []))
        for row in found:
            sentence_id, paragraph_id = ids[bisect_right(starts, row["start"]) - 1]
            records.append(
                {"article_id": article_id, "sentence_id": sentence_id, "paragraph_id": paragraph_id, "outlet": outlet}
                | row
            )
    return records, every_article


def _columns(frame: pd.DataFrame, columns: Sequence[str]) -> list[list]:
    """The values of ``columns`` of ``frame``, a list each (far faster than iterating rows of Arrow-backed text)."""
    return [frame[column].tolist() for column in columns]


def _records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, column by column.

    >>> _records(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))
    [{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'y'}]
    """
    columns = frame.columns.tolist()
    return [dict(zip(columns, values, strict=True)) for values in zip(*_columns(frame, columns), strict=True)]


def _sentence_starts(sentences: pd.DataFrame) -> dict[str, tuple[list[int], list[tuple[int, int]]]]:
    """Per article, the starts of its sentences in order, and their ``(sentence_id, paragraph_id)``.

    >>> _sentence_starts(pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [2, 1], "paragraph_id": [1, 1],
    ...                                "start": [9, 0]}))
    {'a': ([0, 9], [(1, 1), (2, 1)])}
    """
    by_article: dict[str, list[tuple[int, int, int]]] = {}
    for article_id, start, sentence_id, paragraph_id in zip(
        *_columns(sentences, ["article_id", "start", "sentence_id", "paragraph_id"]), strict=True
    ):
        by_article.setdefault(article_id, []).append((start, sentence_id, paragraph_id))
    starts = {}
    for article_id, rows in by_article.items():
        rows.sort(key=lambda row: row[0])
        starts[article_id] = (
            [start for start, _, _ in rows],
            [(sentence, paragraph) for _, sentence, paragraph in rows],
        )
    return starts


#: Who supplied a figure, coarsely: the speaker group mapped to the notebook's categories.
SUPPLIER_OF_GROUP = {
    "russian_official": "Russian officials",
    "ukrainian_official": "Ukrainian officials",
    "western_official": "Western officials",
    "news_agency": "news agency",
    "analyst": "analysts",
    "other": "other or unknown source",
    "unknown": "other or unknown source",
    NARRATIVE_VOICE: "the outlet's own voice",
}


def credit_for(span: str, sentence_id: int, paragraph_id: int, found: pd.DataFrame) -> pd.Series | None:
    """The attribution that credits a piece of text.

    The speaker whose direct quote holds it, else the speaker in its sentence whose attributed
    clause (``content``) holds it, else the first speaker in its sentence; a news agency only when
    no other speaker qualifies.

    ``found`` is the :func:`attributions` frame of one article.

    >>> found = extract_attributions("Peskov said the drills were routine, but Western officials said "
    ...                              "Russia had massed 100,000 troops.").assign(sentence_id=1, paragraph_id=1)
    >>> credit_for("100,000 troops", 1, 1, found)["speaker"]
    'Western officials'
    """
    position = _credit(_records(found), span, sentence_id, paragraph_id)
    return None if position is None else found.iloc[position]


def _credit(rows: Sequence[Mapping], span: str, sentence_id: int, paragraph_id: int) -> int | None:
    """The position in ``rows`` (one article's attributions as records) of the one that credits ``span``.

    See :func:`credit_for`; None when no attribution does.

    >>> rows = [{"sentence_id": 1, "paragraph_id": 1, "quote": "", "content": "the drills end",
    ...          "speaker_group": "russian_official"},
    ...         {"sentence_id": 1, "paragraph_id": 1, "quote": "", "content": "10,000 troops massed",
    ...          "speaker_group": "western_official"}]
    >>> _credit(rows, "10,000 troops", 1, 1), _credit(rows, "tanks", 1, 1), _credit(rows, "tanks", 2, 1)
    (1, 0, None)
    """
    in_paragraph = [i for i, row in enumerate(rows) if row["paragraph_id"] == paragraph_id]
    quoting = [i for i in in_paragraph if rows[i]["quote"] and span in rows[i]["quote"]]
    if quoting:
        return _first_speaker(rows, quoting)
    in_sentence = [i for i in in_paragraph if rows[i]["sentence_id"] == sentence_id]
    if not in_sentence:
        return None
    holding = [i for i in in_sentence if rows[i].get("content") and span in rows[i]["content"]]
    return _first_speaker(rows, holding or in_sentence)


def _first_speaker(rows: Sequence[Mapping], positions: list[int]) -> int:
    """The first of ``positions`` whose speaker is no news agency, else the first."""
    return next((i for i in positions if rows[i]["speaker_group"] != "news_agency"), positions[0])


def quote_table(found: pd.DataFrame) -> pd.DataFrame:
    """Who each outlet quotes, one row per outlet.

    Attributions counted by ``speaker_group`` (every group, in the order of :data:`SPEAKER_GROUPS`),
    with ``n`` and the share of direct quotes (``direct_share``).

    >>> found = pd.DataFrame({"outlet": ["A", "A", "B"], "speaker_group": ["analyst", "unknown", "analyst"],
    ...                       "direct": [True, False, False]})
    >>> quote_table(found)[["analyst", "unknown", "n", "direct_share"]].reset_index().values.tolist()
    [['A', 1, 1, 2, 0.5], ['B', 1, 0, 1, 0.0]]
    """
    counts = pd.crosstab(found["outlet"], found["speaker_group"]).reindex(columns=list(SPEAKER_GROUPS), fill_value=0)
    counts.columns.name = None
    counts["n"] = counts.sum(axis=1)
    counts["direct_share"] = found.groupby("outlet")["direct"].mean()
    return counts.sort_index(key=lambda index: index.str.casefold())


def anonymity_table(found: pd.DataFrame) -> pd.DataFrame:
    """How much of each outlet's sourcing is anonymous.

    Per outlet the number of attributions (``n``), of anonymous ones (``n_anonymous``) and their
    share (``anonymous_share``).

    >>> found = pd.DataFrame({"outlet": ["A", "A", "b"], "anonymous": [True, False, False]})
    >>> anonymity_table(found).reset_index().values.tolist()
    [['A', 2, 1, 0.5], ['b', 1, 0, 0.0]]
    """
    flags = found["anonymous"].astype(bool)
    table = pd.DataFrame(
        {
            "n": flags.groupby(found["outlet"]).size(),
            "n_anonymous": flags.groupby(found["outlet"]).sum().astype("int64"),
        }
    )
    table["anonymous_share"] = table["n_anonymous"] / table["n"]
    table.index.name = "outlet"
    return table.sort_index(key=lambda index: index.str.casefold())

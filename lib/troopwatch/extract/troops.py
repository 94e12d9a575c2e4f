"""Reported troop numbers: find every mention of a number of military personnel.

:func:`extract_troop_mentions` reads one text and returns one row per mention:

========== ===============================================================
start, end character offsets of the mention; ``span == text[start:end]``
span       the words, from the qualifier (if any) through the unit noun
value      the number (float); NaN for ``range`` and ``vague`` mentions
low, high  the bounds the wording implies; NaN where the wording leaves it open
qualifier  exact, approximate, more_than, up_to, range or vague
unit_noun  the noun that makes it a count of people in uniform (lower case)
claim      buildup, withdrawal, exercise, projection or other
force      russian, ukrainian or other
========== ===============================================================

Bounds: ``exact`` sets low = high = value; ``approximate`` leaves both open
except *nearly* and *almost*, which set high; ``more_than`` (also *N-plus*) sets
low; ``up_to`` sets high; ``range`` sets both, and a range shares the scale
written on its second number (*30-40,000* is 30,000 to 40,000); ``vague`` sets
two and ten of its unit (*thousands of* and *several thousand*: 2,000 to
10,000; *dozens of*: 24 to 120). Of stacked qualifiers the one next to the
number decides (*no more than around 1,000* is approximate).

What is a mention (coding manual, ``corpus/annotations/gold/CODING.md``): a
number followed by a personnel noun (*troops*, *soldiers*, *servicemen*,
*personnel*, *men* …; modifiers like *Russian* may stand between); *an
N-strong force*, *a force (army) of N*, *troops numbering N*; and a number
whose noun is elided or stands before the verb, in a sentence about troops:
*forces number around 150,000*, *troop numbers have grown to 127,000*, *put the
number at 92,000*, *…, and 10,000 have already left*. Not mentions: vehicles,
ships, aircraft, units, years (*the 2021 troop build-up*), dates, ages,
distances, percentages, money, and casualties (*two soldiers were killed*).

Claim: a unit's size (*each of 800 to 1,000 soldiers*) or an army's total
(*Ukraine's military has 250,000 troops*) is ``other``; a modal, condition or
readiness in the figure's clause (*could*, *would need*, *if*, *on alert*,
*expected to*) is ``projection``; else the verb that governs the figure in its
clause decides (the verb after a subject figure, the verb before an object
figure; a place like *near the border* only when no verb does); an elided or
linked figure takes the claim of the figure before it. A build-up away from
Ukraine (*US troops to Poland*, *paratroopers to Kazakhstan*) is ``other``.

Force: a nationality in the span; a NATO country the troops are in or go to;
the nearest owner named before the figure in its clause, never a place (*near
Ukraine*) or a source (*Kyiv said*, *U.S. officials estimate*); the force of
the figure before; else ``russian``.

Example:
    >>> mentions = extract_troop_mentions("Russia has amassed close to 1.3 lakh troops at the border.")
    >>> mentions[["span", "value", "qualifier", "claim", "force"]].values.tolist()
    [['close to 1.3 lakh troops', 130000.0, 'approximate', 'buildup', 'russian']]
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from troopwatch.extract.sources import (
    NARRATIVE_VOICE,
    SUPPLIER_OF_GROUP,
    _columns,
    _corpus_attribution_records,
    _credit,
    _records,
)
from troopwatch.params import check_choices, check_number

if TYPE_CHECKING:
    from troopwatch.corpus.load import Corpus

MENTION_COLUMNS = ["start", "end", "span", "value", "low", "high", "qualifier", "unit_noun", "claim", "force"]
QUALIFIERS = ("exact", "approximate", "more_than", "up_to", "range", "vague")
CLAIMS = ("buildup", "withdrawal", "exercise", "projection", "other")
FORCES = ("russian", "ukrainian", "other")

# --- numbers --------------------------------------------------------------------------

_SMALL = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    word: 10 * number
    for number, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "lakh": 100_000,
    "lakhs": 100_000,
    "lac": 100_000,
    "million": 1_000_000,
    "mn": 1_000_000,
    "crore": 10_000_000,
    "crores": 10_000_000,
}
_FIRST_WORD = "|".join(sorted([*_SMALL, *_TENS], key=len, reverse=True))
_NUMBER_WORD = "|".join(
    sorted([*_SMALL, *_TENS, "hundred", "thousand", "million", "lakh", "crore"], key=len, reverse=True)
)
_SCALE_WORD = r"thousand|million|mn|lakhs?|lac|crores?"

_DIGITS = rf"""
    (?<![\w.,$€£])
    (?: \d{{1,3}}(?:,\d{{2,3}})+          # 10,000 and the Indian 1,00,000
      | \d{{1,3}}(?:\ \d{{3}})+(?!\d)     # 100 000
      | \d+ )
    (?: \.\d+ )?
    (?: \s?[kK]\b | \s+(?:{_SCALE_WORD})\b )?
    (?![\w%])
"""
_SPELLED = rf"""
    \b(?: (?:a|an)\s+(?:hundred|thousand|million|lakh|crore)\b | (?:{_FIRST_WORD})\b )
    (?: (?:\s+and\s+|\s+|-) (?:{_NUMBER_WORD})\b )*
"""
NUMBER = rf"(?:{_DIGITS}|{_SPELLED})"

# --- qualifiers -----------------------------------------------------------------------

_QUALIFIER_PHRASES = {
    "approximate": [
        "an estimated",
        "estimated",
        "about",
        "around",
        "some",
        "roughly",
        "approximately",
        "close to",
        "nearly",
        "almost",
        "an approximate",
        "approx.",
        "circa",
        "nearly some",
    ],
    "more_than": [
        "more than",
        "over",
        "above",
        "at least",
        "in excess of",
        "upwards of",
        "well over",
        "well above",
        "no fewer than",
        "no less than",
        "just over",
        "just above",
        "well in excess of",
    ],
    "up_to": [
        "up to",
        "as many as",
        "no more than",
        "at most",
        "fewer than",
        "less than",
        "under",
        "not more than",
        "a maximum of",
        "just under",
        "not more than",
    ],
}
_QUALIFIER_OF = {phrase: qualifier for qualifier, phrases in _QUALIFIER_PHRASES.items() for phrase in phrases}
_HIGH_BOUNDED_APPROXIMATIONS = ("nearly", "almost")
QUALIFIER = "|".join(
    re.escape(phrase).replace(r"\ ", r"\s+") for phrase in sorted(_QUALIFIER_OF, key=len, reverse=True)
)
_QUALIFIER_RE = re.compile(rf"\b(?:{QUALIFIER})(?=\s)", re.IGNORECASE)

#: A vague count's unit: low = 2 units, high = 10 units (CODING.md: dozens 24-120).
_VAGUE_UNITS = {
    "dozens": 12,
    "hundreds": 100,
    "thousands": 1_000,
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "several hundred": 100,
    "several thousand": 1_000,
    "a few hundred": 100,
    "a few thousand": 1_000,
}
VAGUE = (
    r"(?:(?:hundreds\s+of\s+thousands|tens\s+of\s+thousands|thousands|hundreds|dozens)(?:\s+of(?=\s))?"
    r"|(?:several|a\s+few)\s+(?:thousand|hundred)(?!\s+(?:and|thousand)\b))"
)

_RANGE = (
    rf"(?:between\s+{NUMBER}\s+and\s+{NUMBER})|(?:from\s+{NUMBER}\s+to\s+{NUMBER})"
    rf"|(?:{_DIGITS}\s*[-–]\s*{_DIGITS})|(?:{NUMBER}\s+to\s+{NUMBER})"
)
_COUNT = (
    rf"(?<!\w)(?P<qualifier>(?:(?:{QUALIFIER})\s+)+)?"
    rf"(?:(?P<range>{_RANGE})|(?P<vague>{VAGUE})|(?P<number>{NUMBER})(?:(?P<plus>\s?-\s?plus\b|\s+plus\b(?!\s+\d)|\+(?!\d))|(?P<odd>-odd\b))?)"
)
_COUNT_RE = re.compile(_COUNT, re.IGNORECASE | re.VERBOSE)
#: ``_COUNT_RE`` case-sensitive: its letters are lower case (``[kK]`` aside), so on lower-cased ASCII text it matches
#: where ``_COUNT_RE`` matches the text, several times faster (see :func:`_counts`).
_COUNT_RE_LOWER = re.compile(_COUNT, re.VERBOSE)
#: A cheap test that a text holds a number at all (most sentences of an article do not); see :func:`_may_hold_a_number`.
_ANY_NUMBER = re.compile(rf"\d|\b(?:{_NUMBER_WORD}|dozens|hundreds|thousands)\b", re.IGNORECASE)
_ANY_NUMBER_LOWER = re.compile(_ANY_NUMBER.pattern)
_NUMBER_RE = re.compile(NUMBER, re.IGNORECASE | re.VERBOSE)
_WRITTEN_DIGITS = re.compile(rf"([\d, ]*\d(?:\.\d+)?)\s*({_SCALE_WORD}|k)?")
_SEPARATORS = re.compile(r"[, ]")
_SCALE_AT_END = re.compile(rf"(?:{_SCALE_WORD}|k)\s*$", re.IGNORECASE)
_HAS_SCALE = re.compile(rf"{_SCALE_WORD}|k", re.IGNORECASE)
_BARE_HUNDREDS = re.compile(r"\d{1,3}")
_THOUSANDS_AT_END = re.compile(r"\d,\d{3}$")
_TRAILING_OF = re.compile(r" of$")
_WORD_SPLIT = re.compile(r"[\s-]+")

# --- what is counted ------------------------------------------------------------------

UNIT = (
    r"(?:troops|"
    r"troop(?=[\s-]+(?:deployment|build-?up|buildup|presence|contingent|force|surge|increase|reduction|withdrawal))|"
    r"soldiers?|servicem[ae]n|service\s?(?:wo)?m[ae]n|service\s?members?|personnel|"
    r"paratroopers?|marines?|forces|sailors|airmen|reservists|conscripts|fighters(?!\s+(?:jets|planes))|"
    r"peacekeepers|commandos|guardsmen|combat\s+troops|men(?!\s+and\s+women))"
)
_MODIFIER_WORDS = (
    "additional|extra|more|new|fresh|military|combat|combat-ready|ground|elite|active|active-duty|regular|reserve|"
    "foreign|enemy|armed|airborne|special|allied|own|other|western|american|russian|ukrainian|belarusian|"
    "british|french|german|polish|us|u\\.s\\.|nato|separatist|rebel|volunteer|militia|pro-russian|russian-backed|"
    "of\\s+(?:its|their|his|russia's|moscow's|kyiv's|ukraine's)"
)
_MODIFIER = rf"(?:(?:{_MODIFIER_WORDS})\b|(?-i:[A-Z][A-Za-z.'-]+))"
_GROUP_NOUNS = r"(?:force|army|military|armed\s+forces|contingent|deployment|build-?up|presence|garrison|grouping)"
#: Group nouns whose size is an army's total strength (claim ``other``).
_STANDING_ARMY = re.compile(r"army|military|armed\s+forces", re.IGNORECASE)
#: Units: not counted themselves, but "a 1,000-strong battalion" gives a unit's strength (claim ``other``).
_UNIT_NOUNS = r"(?:battalion|brigade|regiment|division|company|battle\s?group|unit|corps)"
_UNIT_STRENGTH = re.compile(_UNIT_NOUNS, re.IGNORECASE)

_UNIT_AFTER = re.compile(rf"(?P<modifiers>(?:\s+{_MODIFIER}){{0,3}})\s+(?P<unit>{UNIT})\b", re.IGNORECASE)
_STRONG_AFTER = re.compile(
    rf"[\s-]strong\b(?:\s+(?:[\w-]+\s+)?(?P<group>{_GROUP_NOUNS}|{_UNIT_NOUNS})\b)?", re.IGNORECASE
)
_LEAD_BEFORE = re.compile(
    rf"(?:\b(?P<group>{_GROUP_NOUNS})\s+of|\b(?P<unit>{UNIT}),?\s+(?:numbering|totall?ing|"
    rf"estimated\s+at|put\s+at))\s+$",
    re.IGNORECASE,
)
#: What may follow a count whose noun is elided or stands before it ("…, and 10,000 have left").
_BARE_FOLLOW = re.compile(
    r"\s*(?:[,.;:!?)\"'’”]|\s[—–]|$)|\s+(?:on|near|at|along|around|in|inside|into|to|toward|towards|by|from|and|or|"
    r"but|as|that|which|who|with|within|had|have|has|were|are|is|was|will|would|could|may|might|remain\w*|already|"
    r"still|now|more|also|stationed|deployed|massed|positioned|based|gathered|camped|concentrated|moved|sent|"
    r"withdrawn|returned|left|arrived|according|before|after|while|since|last|this|so\s+far)\b",
    re.IGNORECASE,
)
#: A sentence where an elided or predicate count can be a number of troops.
_TROOP_CONTEXT = re.compile(rf"\b(?:{UNIT}|troop|{_GROUP_NOUNS})\b", re.IGNORECASE)
_MIN_BARE = 100

_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
_YEAR_CONTEXT = re.compile(
    rf"(?:\b(?:in|by|since|of|until|from|during|after|before|through|throughout|early|"
    rf"late|mid|{_MONTHS})[\s-]*|'s\s+)$",
    re.IGNORECASE,
)
_YEAR_AFTER = re.compile(r"\s+troop\b(?!s)", re.IGNORECASE)
_NOT_A_COUNT_BEFORE = re.compile(
    rf"(?:\b(?:{_MONTHS})\.?,?\s+(?:on\s+|of\s+)?|\b(?:aged|ages|age|Rs\.?|INR|USD|EUR|No\.?|Article|"
    r"Resolution|page)\s+|[$€£]\s*|(?-i:[A-Z][\w-]*)\s+|"
    r"\b(?:population|country|nation|city|town|people|inhabitants|residents|capital)\s+of\s+)$",
    re.IGNORECASE,
)
_CASUALTY_AFTER = re.compile(
    r"\s*(?:(?:were|was|are|is|have|has|had|been|being|reportedly|also|all)\s+){0,3}(?:killed|wounded|injured|"
    r"died|dead|captured|missing|hurt|taken\s+prisoner|perished|executed|lost\s+their\s+lives)\b",
    re.IGNORECASE,
)
_CASUALTY_BEFORE = re.compile(
    r"(?<!were\s)(?<!was\s)(?<!been\s)(?<!are\s)(?<!is\s)\b(?:kill(?:ed|ing|s)?|"
    r"los(?:t|e|es|ing)|wound(?:ed|ing|s)?|injur(?:ed|ing|es|e)?|captur(?:ed|ing|es|e)|"
    r"deaths?\s+of|bodies\s+of|casualties\s+of)\b(?:[^,;:.]|[,.](?=\d)){0,60}$",
    re.IGNORECASE,
)
_PER_UNIT_AFTER = re.compile(r"\s+(?:each|apiece)\b", re.IGNORECASE)
_PER_UNIT_BEFORE = re.compile(
    r"(?:\b(?:each|every|apiece|per)\b[^,;.]{0,25}|\b(?:typical|average)\b[^,;]*|"
    r"\b(?:battalion|brigade|regiment|division|company|BTG|group)\s+(?:typically\s+|usually\s+|normally\s+)?"
    r"(?:has|have|numbers|comprises|consists\s+of))\s+$",
    re.IGNORECASE,
)

# --- claims and forces ----------------------------------------------------------------

_BORDER = (
    r"(?:(?:on|near|along|at|around|to|toward|towards|close\s+to|within\s+reach\s+of|from)\s+"
    r"(?:the\s+|its\s+|their\s+|Ukraine's\s+|Russia's\s+)?(?:\w+\s+){0,2}?(?:borders?|frontier|flank|doorstep)"
    r"|(?:near|around|surround\w*|ring\w*|encircl\w*)\s+Ukraine|(?:in|into|inside)\s+(?:occupied\s+|annexed\s+)?"
    r"(?:the\s+)?(?:Crimea|Belarus|Donbas|Donbass)|within\s+striking\s+distance)"
)
_CLAIM_CUES = {
    "withdrawal": r"withdr[ae]wn?|withdrawing|withdrawal|withdraws?|pull(?:ed|ing|s)?\s+(?:back|out)|"
    r"pull-?back|pullback|"
    r"(?:pull|bring|brought|sen[dt]|call)(?:ed|ing|s)?(?=(?:[^,;.]|[,.](?=\d)){0,40}"
    r"\b(?:from|away|home|back|out)\b(?!\s+(?:to|into)\s+(?:the\s+)?(?:border|frontier)))|"
    r"return(?:ed|ing|s)?|leaving|(?<!were\s)(?<!was\s)(?<!been\s)(?<!be\s)left(?!\s+behind)"
    r"(?!\s+(?:[\w'’]+\s+){1,3}(?:on\s+edge|guessing|wondering|reeling|in\s+limbo|in\s+the\s+dark|"
    r"uncertain|worried|nervous|exposed|vulnerable))|leave|"
    r"march(?:es|ed|ing)?\s+to\s+(?:their\s+)?permanent|"
    r"(?:head(?:ed|ing|s)?|flew|flown|fly(?:ing)?|way|went|gone|go(?:ing)?|sent|moved?|moving)\s+(?:back|home)|"
    r"back\s+to\s+(?:their\s+)?(?:permanent\s+|home\s+)?(?:bases?|barracks|garrisons?)|"
    r"home\s+(?:bases?|garrisons?|barracks)|out\s+of|drawdown|draw(?:ing|n)?\s+down|reduc(?:ed|ing|tion)",
    "exercise": r"drills?|exercises?|manoeuvres|maneuvers|war\s+games|training|took\s+part|taking\s+part|take\s+part|"
    r"taken\s+part|involved|combat-readiness|readiness\s+check|snap\s+(?:inspections?|checks?)|live-fire",
    "buildup": r"mass(?:ed|ing|es)?|amass(?:ed|ing|es)?|gather(?:ed|ing|s)?|deploy(?:ed|ing|s|ment)?|"
    r"station(?:ed|ing|s)?|position(?:ed|ing|s)?|concentrat(?:ed|ing|ion)|build-?up|buildup|"
    r"total(?:l)?ed|mov(?:ed|ing|es?)|sen[dt]|sending|reinforc\w*|bolster\w*|assembl\w*|camped|parked|arrayed|"
    r"keeps?|kept|(?:were|was|be|been|are)\s+left|arriv\w*|received|surround\w*|"
    r"ring(?:s|ed|ing)|encircl\w*|in\s+place|dug\s+in|grow(?:n|s|ing)?|grew|swell\w*|rose|risen|ris(?:es|ing)|"
    r"increas\w*|add(?:s|ed|ing)?(?!\s*(?:that|the|[,:.;]))|peak\w*|reach(?:ed|es)?|presence|box(?:ed|ing|es)",
    "place": _BORDER,
    "other": r"call(?:s|ed|ing)?\s+up|call-up|draft|conscription|recruit\w*|sign\s+up|under\s+arms|in\s+total|"
    r"authori[sz]ed|defend",
}
_CUE_RE = re.compile("|".join(rf"(?P<{claim}>\b(?:{cues})\b)" for claim, cues in _CLAIM_CUES.items()), re.IGNORECASE)
#: ``_CUE_RE`` with the letters of its cues in lower case, case-sensitive: on lower-cased ASCII text it finds the
#: same cues, several times faster. The cues' only capitals are letters to match (no ``\S``, no scoped flags).
_CUE_RE_LOWER = re.compile("|".join(rf"(?P<{claim}>\b(?:{cues.lower()})\b)" for claim, cues in _CLAIM_CUES.items()))
_MODAL = re.compile(
    r"\b(?:(?:could|would|might|(?-i:may)|will|can)(?!\s+not\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm|say|"
    r"determin|establish|immediately))|shall|won't|wouldn't|expect(?:s|ed)?\s+to|plans?\s+to|planned|planning|due\s+to|"
    r"poised\s+to|set\s+to|ready\s+to|intends?\s+to|if|unless|needs?|needed|require[sd]?|requiring|possible|"
    r"potential(?:ly)?|prepar\w+\s+to|to\s+be\s+(?:sent|deployed)|"
    r"(?<!began\s)(?<!begun\s)(?<!started\s)(?<!continued\s)(?<!continues\s)(?<!continue\s)"
    r"to\s+(?:expand|add|increase|boost|raise|send|deploy|move|bring|station))\b",
    re.IGNORECASE,
)
#: Readiness puts a figure in the future wherever it stands in the clause ("put 8,500 troops on alert").
_READINESS = re.compile(
    r"\bon\s+(?:heightened\s+|high\s+|higher\s+|full\s+)?(?:alert|standby)\b|"
    r"\bhigher\s+readiness\b",
    re.IGNORECASE,
)
_RELATIVE_AFTER = re.compile(r"\s*(?:who|which|that)\b", re.IGNORECASE)
_DRILL_PURPOSE = re.compile(
    r"\b(?:for|ahead\s+of|to|into|in|during)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:drills?|exercises?|manoeuvres|maneuvers|war\s+games)\b",
    re.IGNORECASE,
)
_ARMY_TOTAL_BEFORE = re.compile(
    r"\b(?:army|military|armed\s+forces)(?:\s*,[^,]{0,30},|\s*,)?\s+(?:which\s+)?(?:\w+ly\s+|now\s+|still\s+)?"
    r"(?:has|have|had|number|numbers|totals?|(?:has|have|had)\s+grown\s+to|grew\s+to|"
    r"(?:is|are)\s+authori[sz]ed\s+to\s+have)\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
#: Where a clause with a subject of its own begins: owners named before it are not the figure's.
_NEW_SUBJECT = re.compile(
    r"[;:—–]|\b(?:while|whereas|but|though|although|because|when|after|before)\b|"
    r"(?<!many\s)(?<!much\s)(?<!such\s)(?<!soon\s)(?<!same\s)\bas\b"
    r"(?!\s+(?:many|much|part|well|soon|of|a|an)\b)",
    re.IGNORECASE,
)
_PLACE_APPOSITION = re.compile(r",\s+(?-i:[A-Z][\w.'-]*)(?:\s+(?-i:[A-Z][\w.'-]*))?,")
_COORDINATED_BEFORE = re.compile(r"\b(?:and|or|but)\s+$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_BORDER_WORD = re.compile(r"\b(?:borders?|frontier)\b", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_REALIS_AFTER = re.compile(r"\s*(?:already|currently|now)\b", re.IGNORECASE)
_CLAUSE_BOUNDARY = re.compile(
    r"[;:()\[\]\"“”—–,]|\b(?:while|whereas|but|though|although|before|after|because|and\s+that|when|against|"
    r"despite|than|unlike|compared\s+with)\b|"
    r"(?<!many\s)(?<!much\s)(?<!such\s)(?<!soon\s)(?<!same\s)\bas\b(?!\s+(?:many|much|part|well|soon|of|a|an)\b)",
    re.IGNORECASE,
)
_LINKED_BEFORE = re.compile(
    r"\b(?:alongside|along\s+with|including|as\s+well\s+as|plus|besides|up\s+from|"
    r"down\s+from|another|a\s+further|and|compared\s+(?:with|to)|against|versus|vs\.?)"
    r"\s+(?:\w+\s+)?$|\b(?:a|the)\s+(?:figure|number|total|tally)\s+(?:that|which)\b[^,;.]{0,25}$",
    re.IGNORECASE,
)
_CUE_REACH = 90

_NATO_PLACES = (
    r"Poland|Romania|Germany|Lithuania|Latvia|Estonia|the\s+Baltics?|Baltic\s+states|Bulgaria|Hungary|"
    r"Slovakia|Czech\s+Republic|(?:Eastern\s+|eastern\s+|Central\s+)?Europe|Norway|Italy|Spain|France|"
    r"Britain|the\s+UK|Turkey|Greece|Denmark|the\s+Netherlands|Belgium|Alaska|the\s+United\s+States"
)
_ELSEWHERE_PLACES = (
    rf"{_NATO_PLACES}|Kazakhstan|Syria|Armenia|Azerbaijan|Nagorno-Karabakh|Tajikistan|Kyrgyzstan|"
    r"Libya|Mali|Afghanistan|Georgia|Moldova|Transnistria|Venezuela|Africa|the\s+Middle\s+East"
)
_PLACE_PREPOSITION = r"\b(?:to|in|into|across|at|throughout|for)\s+(?:(?:north|south|east|west)\w*\s+)?"
_NATO_DESTINATION = re.compile(rf"{_PLACE_PREPOSITION}(?:{_NATO_PLACES})\b")
_ELSEWHERE_DESTINATION = re.compile(rf"{_PLACE_PREPOSITION}(?:{_ELSEWHERE_PLACES})\b")
_UKRAINE_THEATRE = re.compile(r"\b(?:borders?|frontier|Ukrain\w*|Donbas\w*|Crimea|Belarus)\b", re.IGNORECASE)

_FORCE_CUES = {
    "russian": r"Russian?|Russia's|Moscow(?:'s)?|Kremlin|Putin|Shoigu|Shoygu|Soviet",
    "ukrainian": r"Ukrainian|Ukraine's|Ukraine|Kyiv(?:'s)?|Kiev|Zelensk(?:y|iy)",
    "other": r"(?:Russian|Moscow|Kremlin)-backed|pro-(?:Russian|Moscow)|separatists?|rebels?|"
    r"U\.S\.|US|USA|American|United\s+States|Pentagon|NATO|Nato|British|Britain|UK|French|France|German|"
    r"Germany|Polish|Poland|Belarusian|Belarus|Minsk|Romanian|Romania|Baltic(?!\s+Fleet)|"
    r"Western(?!\s+Military\s+District)|allied|alliance|"
    r"Washington|London|Paris|Berlin|Warsaw|Biden|Dutch|Netherlands|Canadian|Canada|Italian|Spanish|"
    r"Danish|Norwegian|Lithuanian|Latvian|Estonian|Czech|Slovak|Hungarian|Bulgarian|Turkish|Kazakh|"
    r"Lukashenko|European|EU|Royal|USS|HMS|foreign|multinational|allies",
}
#: "other" first, so that "Russian-backed separatists" are not Russia's.
_FORCE_RE = re.compile(
    "|".join(rf"(?P<{force}>\b(?:{_FORCE_CUES[force]})(?![\w]))" for force in ("other", "russian", "ukrainian"))
)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:near|in|into|to|toward|towards|around|on|along|at|from|against|inside|across|"
    r"of|by|according\s+to|invade|invading|invasion\s+of|surround\w*|ring\w*|leaving|"
    r"left)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_LOCATIVE_AFTER = re.compile(r"(?:'s)?\s+(?:\w+\s+)?(?:borders?|frontier|territory|soil|doorstep)\b", re.IGNORECASE)
_SPEAKER_AFTER = re.compile(
    r"^(?:'s|’s)?[\w.,'’ -]{0,45}?\b(?:said|says|say|told|tells|insist\w*|estimat\w*|believ\w*|warn\w*|claim\w*|"
    r"report\w*|cited|announc\w*|worr\w*|fear\w*|concern\w*|alarm\w*|voic\w*|accus\w*|urg\w*|suspect\w*|"
    r"put\s+the\s+(?:number|figure|total|estimate)|intelligence|officials?|"
    r"assessment|figures?|count|sources?|data)\b",
    re.IGNORECASE,
)
_MULTINATIONAL = re.compile(
    r"\s*from\s+(?:\d+|\w+)\s+(?:other\s+)?(?:countries|nations|member\s+states|allies)\b", re.IGNORECASE
)
_ANAPHORA = re.compile(r"\b(?:the\s+country|it|its|they|their)\b", re.IGNORECASE)


def parse_number(text: str) -> float:
    """The value of a number as written: digits, Indian grouping, scale words or words.

    >>> [parse_number(t) for t in ["10,000", "1,00,000", "1.3 lakh", "130k", "a hundred thousand",
    ...                            "twenty-five thousand", "one hundred and fifty thousand", "100 000"]]
    [10000.0, 100000.0, 130000.0, 130000.0, 100000.0, 25000.0, 150000.0, 100000.0]
    """
    words = text.strip().lower()
    match = _WRITTEN_DIGITS.fullmatch(words)
    if match:
        number = float(_SEPARATORS.sub("", match.group(1)))
        return number * _SCALES.get(match.group(2) or "", 1)
    total, current = 0, 0
    for word in _WORD_SPLIT.split(words):
        if word in ("a", "an"):
            current = current or 1
        elif word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
    return float(total + current)


def _range_bounds(first: str, second: str) -> tuple[float, float] | None:
    """The bounds of "first to second", carrying a scale the two share.

    "30-40,000" is 30,000 to 40,000 and "1.2 to 1.5 lakh" 120,000 to 150,000: a bare first
    number far below the second takes the second's thousands or scale word.

    >>> _range_bounds("30", "40,000"), _range_bounds("1.2", "1.5 lakh"), _range_bounds("800", "1,000")
    ((30000.0, 40000.0), (120000.0, 150000.0), (800.0, 1000.0))
    """
    low, high = parse_number(first), parse_number(second)
    scale = _SCALE_AT_END.search(second)
    if scale and low < high / _SCALES[scale.group().strip().lower()]:
        low *= _SCALES[scale.group().strip().lower()]
    elif _BARE_HUNDREDS.fullmatch(first.strip()) and _THOUSANDS_AT_END.search(second.strip()):
        while low * 1000 <= high:
            low *= 1000
    return (low, high) if low < high else None


def _bounds(count: re.Match[str], preceding: str = "", following: str = "") -> tuple[float, float, float, str] | None:
    """(value, low, high, qualifier) for a matched count, or None when it is no count.

    ``preceding`` and ``following`` are the text around the count, to tell years from counts.
    Of stacked qualifiers the one next to the number decides ("no more than around 1,000": about).

    >>> _bounds(_COUNT_RE.fullmatch("no more than around 1,000"))
    (1000.0, nan, nan, 'approximate')
    """
    if count.group("vague"):
        unit = _VAGUE_UNITS[_TRAILING_OF.sub("", _noun(count.group("vague")))]
        return math.nan, 2.0 * unit, 10.0 * unit, "vague"
    if count.group("range"):
        numbers = [match.group() for match in _NUMBER_RE.finditer(count.group("range"))]
        bounds = _range_bounds(*numbers) if len(numbers) == 2 else None
        return (math.nan, *bounds, "range") if bounds else None
    number = count.group("number")
    value = parse_number(number)
    if (
        _YEAR.fullmatch(number.strip())
        and not count.group("qualifier")
        and (_YEAR_CONTEXT.search(preceding) or _YEAR_AFTER.match(following))
    ):
        return None  # "In 2015 Ukrainian forces withdrew", "the 2021 troop build-up": years, not counts
    if value == 0 or ("." in number and not _HAS_SCALE.search(number)):
        return None  # "1.3 troops" is no count of people
    phrases = _QUALIFIER_RE.findall(count.group("qualifier") or "")
    phrase = _noun(phrases[-1]) if phrases else ""
    qualifier = (
        "more_than"
        if count.group("plus")
        else "approximate"
        if count.group("odd")
        else _QUALIFIER_OF.get(phrase, "exact")
    )
    if qualifier == "exact":
        return value, value, value, qualifier
    if qualifier == "more_than":
        return value, value, math.nan, qualifier
    if qualifier == "up_to":
        return value, math.nan, value, qualifier
    return value, math.nan, (value if phrase in _HIGH_BOUNDED_APPROXIMATIONS else math.nan), qualifier


def _is_casualty(text: str, start: int, end: int) -> bool:
    """Whether the count at ``text[start:end]`` counts people killed, wounded or captured.

    >>> _is_casualty("Two soldiers were killed.", 0, 12), _is_casualty("Russia massed 10 soldiers.", 14, 25)
    (True, False)
    """
    return bool(_CASUALTY_AFTER.match(text, end) or _CASUALTY_BEFORE.search(text[max(0, start - 80) : start]))


def _noun(words: str) -> str:
    """A unit noun as ``unit_noun`` holds it: lower case, single spaces.

    >>> _noun("Service  Members")
    'service members'
    """
    return _SPACES.sub(" ", words.lower())


def _shape(text: str, count: re.Match[str]) -> tuple[str, int, int, str] | None:
    """How a count is a number of troops: (kind, start, end, unit noun), or None when it is not.

    kind is ``unit`` (followed by a personnel noun), ``group`` (an *N-strong force*, *a force of N*),
    or ``bare`` (the noun is elided or stands before a verb: "…, and 10,000 have left").

    >>> text = "Russian forces number about 150,000."
    >>> _shape(text, _COUNT_RE.search(text, 22))
    ('bare', 22, 35, '')
    """
    start, end = count.span()
    unit = _UNIT_AFTER.match(text, end)
    if unit:
        return "unit", start, unit.end(), _noun(unit.group("unit"))
    strong = _STRONG_AFTER.match(text, end)
    if strong:
        group = strong.group("group")
        return ("group", start, strong.end(), _noun(group)) if group else ("bare", start, strong.end(), "")
    window = max(0, start - 40)
    lead = _LEAD_BEFORE.search(text[window:start])
    if lead and _BARE_FOLLOW.match(text, end):
        noun = lead.group("group") or lead.group("unit")
        return "group", window + lead.start(), end, _noun(noun)
    if _BARE_FOLLOW.match(text, end) and not _NOT_A_COUNT_BEFORE.search(text[max(0, start - 30) : start]):
        return "bare", start, end, ""
    return None


def _plausible_bare_count(count: re.Match[str], size: float) -> bool:
    """Whether a count with no noun after it can be a number of troops.

    It must be at least ``_MIN_BARE`` and not a year or a span of years ("from 2019 to 2021").

    >>> _plausible_bare_count(_COUNT_RE.fullmatch("from 2019 to 2021"), 2021), _plausible_bare_count(
    ...     _COUNT_RE.fullmatch("about 7,000"), 7000)
    (False, True)
    """
    numbers = _NUMBER_RE.findall(count.group("range") or count.group("number") or "")
    years = numbers and all(_YEAR.fullmatch(number.strip()) for number in numbers) and not count.group("qualifier")
    return size >= _MIN_BARE and not years


def _may_hold_a_number(text: str) -> bool:
    """Whether ``text`` holds a digit or a number word, as :data:`_ANY_NUMBER` finds them.

    On ASCII text the case-sensitive twin on the lower-cased text finds the same (its words are lower
    case, and lower-casing ASCII changes neither digits nor word boundaries), several times faster.

    >>> _may_hold_a_number("Some Two Thousand left."), _may_hold_a_number("Troops left."), _may_hold_a_number("TROIS 1")
    (True, False, True)
    """
    if text.isascii():
        return _ANY_NUMBER_LOWER.search(text.lower()) is not None
    return _ANY_NUMBER.search(text) is not None


def _counts(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_COUNT_RE.finditer(text)``.

    On ASCII text ``_COUNT_RE_LOWER`` finds them in the lower-cased text, and ``_COUNT_RE`` matches
    again at each, for the groups as written.

    >>> [count.group() for count in _counts("About 5,000 Troops and TWO thousand more")]
    ['About 5,000', 'TWO thousand']
    """
    if not text.isascii():
        yield from _COUNT_RE.finditer(text)
        return
    for found in _COUNT_RE_LOWER.finditer(text.lower()):
        count = _COUNT_RE.match(text, found.start())
        assert count is not None and count.end() == found.end()  # the same pattern, but for the case of letters
        yield count


def _find_counts(text: str) -> list[dict]:
    """Every number of troops in ``text``.

    As records with value, bounds, qualifier, unit noun and kind (see :func:`_shape`); casualties,
    years and counts of other things are left out.

    >>> [(m["span"], m["kind"]) for m in _find_counts("Of 100,000 troops, 2 were killed and 5,000 left.")]
    [('100,000 troops', 'unit'), ('5,000', 'bare')]
    """
    found: list[dict] = []
    troop_context: bool | None = None
    if not _may_hold_a_number(text):
        return found
    for count in _counts(text):
        shape = _shape(text, count)
        if shape is None:
            continue
        kind, start, end, unit = shape
        bounds = _bounds(count, text[max(0, start - 20) : start], text[count.end() : count.end() + 20])
        if bounds is None or _is_casualty(text, start, end):
            continue
        value, low, high, qualifier = bounds
        if unit == "forces" and value < _MIN_BARE:
            continue  # "the two forces clashed": armies, not a count of people
        if kind == "bare":
            troop_context = bool(_TROOP_CONTEXT.search(text)) if troop_context is None else troop_context
            if not troop_context or not _plausible_bare_count(count, value if value == value else high):
                continue
        found.append(
            {
                "start": start,
                "end": end,
                "span": text[start:end],
                "value": value,
                "low": low,
                "high": high,
                "qualifier": qualifier,
                "unit_noun": unit,
                "kind": kind,
            }
        )
    return found


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the mention's clause begins and ends (boundaries: punctuation, *while*, *but* …)."""
    cuts = [match.end() for match in _CLAUSE_BOUNDARY.finditer(text, 0, start)]
    boundary = _CLAUSE_BOUNDARY.search(text, end)
    # "based in Vilseck, Germany, will move"
    while boundary and (apposition := _PLACE_APPOSITION.match(text, boundary.start())):
        boundary = _CLAUSE_BOUNDARY.search(text, apposition.end())
    return (cuts[-1] if cuts else 0), (boundary.start() if boundary else len(text))


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The words of the mention's clause before and after it.

    >>> _clause("Russia says 10,000 troops left, but 5,000 remain.", 36, 41)
    (' ', ' remain.')
    """
    clause_start, clause_end = _clause_bounds(text, start, end)
    return text[clause_start:start], text[end:clause_end]


def _alternative(match: re.Match[str]) -> str:
    """The name of the group that matched; every alternative of ``_CUE_RE`` and ``_FORCE_RE`` is named."""
    name = match.lastgroup
    assert name is not None
    return name


def _cues(text: str) -> list[tuple[int, int, str]]:
    """(start, end, claim) of every claim cue in ``text``; places (``near the border``) as claim ``place``.

    >>> _cues("Troops massed near the border returned home.")
    [(7, 13, 'buildup'), (14, 29, 'place'), (30, 38, 'withdrawal')]
    """
    matches = _CUE_RE_LOWER.finditer(text.lower()) if text.isascii() else _CUE_RE.finditer(text)
    return [(match.start(), match.end(), _alternative(match)) for match in matches]


def _governing_claim(text: str, cues: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The claim of the verb that governs the mention within its clause.

    The verb after a mention that is a subject ("10,000 troops have returned"), else the one before
    ("Russia massed 10,000 …"). After a relative clause ("10,000 troops who had trained … were
    heading back") the main verb is the last one. A place ("near the border") decides only when no
    verb does.

    >>> text = "Russia denied that 10,000 troops near the border had returned to base."
    >>> _governing_claim(text, _cues(text), 19, 32)
    'withdrawal'
    """
    clause_start, clause_end = _clause_bounds(text, start, end)
    relative = bool(_RELATIVE_AFTER.match(text, end))
    as_subject = relative or not _verb_before(cues, clause_start, start)
    for kinds in ({"buildup", "withdrawal", "exercise", "other"}, {"place"}):
        before = [cue for cue in cues if clause_start <= cue[0] and cue[1] <= start and cue[2] in kinds]
        after = [cue for cue in cues if end <= cue[0] and cue[1] <= clause_end and cue[2] in kinds]
        main_after = after[-1:] if relative else after[:1]
        order = (before[-1:], main_after) if not as_subject or (relative and before) else (main_after, before[-1:])
        for cue in order:
            if cue:
                return "buildup" if cue[0][2] == "place" else cue[0][2]
    return None


def _verb_before(cues: list[tuple[int, int, str]], clause_start: int, start: int) -> bool:
    """Whether a verb cue stands before the mention in its clause (the mention is then its object).

    >>> _verb_before([(7, 13, "buildup")], 0, 14), _verb_before([(14, 28, "place")], 0, 29)
    (True, False)
    """
    return any(clause_start <= cue[0] and cue[1] <= start and cue[2] != "place" for cue in cues)


def _is_projection(text: str, cues: list[tuple[int, int, str]], start: int, end: int) -> bool:
    """Whether the figure is future or hypothetical.

    A modal or condition before it in its clause, a modal between it and its verb when it is the
    subject ("10,000 troops could be sent"), or readiness anywhere in the clause ("on alert"); not
    when the troops are *already* there.

    >>> text = "Between 1,000 and 1,500 U.S. troops could be sent to the Baltics."
    >>> _is_projection(text, _cues(text), 0, 35), _is_projection("Russia massed 10,000 troops.", [], 14, 27)
    (True, False)
    """
    clause_start, clause_end = _clause_bounds(text, start, end)
    if _REALIS_AFTER.match(text, end) and not _MODAL.search(text, end, clause_end):
        return False
    readiness = _READINESS.search(text, clause_start, clause_end)
    if _MODAL.search(text, clause_start, start) or (readiness and not _DIGIT.search(text, end, readiness.start())):
        return True
    verbs = [cue[0] for cue in cues if end <= cue[0] < clause_end]
    modal = _MODAL.search(text, end, clause_end)
    if modal is None or (_verb_before(cues, clause_start, start) and not _RELATIVE_AFTER.match(text, end)):
        return False
    coordinated = _COORDINATED_BEFORE.search(text[max(0, modal.start() - 6) : modal.start()])
    return bool(_RELATIVE_AFTER.match(text, end)) or not verbs or modal.start() < verbs[0] or bool(coordinated)


def _nearest_claim(cues: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The claim whose cue stands nearest the mention anywhere in the sentence, within ``_CUE_REACH``.

    >>> _nearest_claim([(0, 5, "exercise"), (40, 52, "place")], 30, 38)
    'buildup'
    """
    best = None
    for cue_start, cue_end, claim in cues:
        distance = start - cue_end if cue_end <= start else cue_start - end if cue_start >= end else None
        if distance is not None and distance <= _CUE_REACH and (best is None or distance < best[0]):
            best = (distance, "buildup" if claim == "place" else claim)
    return best[1] if best else None


def _is_size_of_unit_or_army(text: str, mention: dict) -> bool:
    """Whether the figure is one unit's strength or an army's total size.

    A unit: "each of 800 soldiers", "a 1,000-strong battalion"; an army: "Ukraine's military has
    250,000 troops", "a 1.1 million-strong military".

    >>> _is_size_of_unit_or_army("BTGs, each of 800 soldiers", {"start": 14, "end": 26, "unit_noun": "soldiers"})
    True
    """
    start, end, noun = mention["start"], mention["end"], mention["unit_noun"]
    return bool(
        _PER_UNIT_BEFORE.search(text[max(0, start - 60) : start])
        or _PER_UNIT_AFTER.match(text, end)
        or _STANDING_ARMY.fullmatch(noun)
        or _UNIT_STRENGTH.fullmatch(noun)
        or _ARMY_TOTAL_BEFORE.search(text[max(0, start - 80) : start])
    )


def _claim(text: str, mention: dict, previous: dict | None, cues: list[tuple[int, int, str]]) -> str:
    """What the sentence says the troops of ``mention`` are doing (CODING.md, claim).

    In order: a unit's size or an army's total strength is ``other``; a modal, condition or
    readiness in the clause makes ``projection``; else the verb that governs the figure; else, for
    an elided or linked figure, the claim of the figure before it; else the nearest cue in the
    sentence. Troops moved for drills are ``exercise``.

    >>> text = "Russia moved 7,000 troops to Crimea for exercises."
    >>> _claim(text, {"start": 13, "end": 25, "unit_noun": "troops", "kind": "unit"}, None, _cues(text))
    'exercise'
    """
    start, end = mention["start"], mention["end"]
    left, right = _clause(text, start, end)
    if _is_size_of_unit_or_army(text, mention):
        return "other"
    if _is_projection(text, cues, start, end):
        return "projection"
    claim = _governing_claim(text, cues, start, end)
    if claim is None and previous is not None and (mention["kind"] == "bare" or _linked(text, start)):
        return previous["claim"]
    if claim is None:  # "100,000 soldiers, backed by tanks, are in place along …": a verb of another clause
        claim = _nearest_claim(cues if mention["kind"] == "bare" else [c for c in cues if c[2] != "place"], start, end)
    claim = claim or "other"
    if claim == "buildup" and _DRILL_PURPOSE.search(left + " " + right):
        return "exercise"
    return claim


def _linked(text: str, start: int) -> bool:
    """Whether the mention is joined to the one before ("…, alongside an estimated 30,000 …").

    >>> _linked("10,000 Belarusian troops, alongside 30,000 Russian troops", 36)
    True
    """
    return bool(_LINKED_BEFORE.search(text[max(0, start - 30) : start]))


def _actors(text: str, offset: int = 0) -> list[tuple[int, str]]:
    """(end, force) of every actor named in ``text`` that owns troops.

    Not a place troops are at or go to ("near Ukraine"), not a source of a figure ("Kyiv said",
    "U.S. officials estimate").

    >>> _actors("Kyiv said Russia had moved troops near Ukraine")
    [(16, 'russian')]
    """
    actors = []
    for match in _FORCE_RE.finditer(text):
        place = _LOCATIVE_BEFORE.search(text[max(0, match.start() - 25) : match.start()]) or _LOCATIVE_AFTER.match(
            text, match.end()
        )
        if place or _SPEAKER_AFTER.match(text[match.end() :]):
            continue
        actors.append((offset + match.end(), _alternative(match)))
    return actors


def _force(text: str, mention: dict, previous: dict | None, claim: str) -> str:
    """Whose troops the mention counts.

    A nationality inside the span; a NATO country they are sent to or are in; the nearest owner
    named before them in their clause; for an elided or linked figure the force of the figure
    before; the nearest owner earlier in the sentence; the source itself when the figure refers back
    to it ("Ukraine says it has …") or is a Ukrainian source's own drill, plan or strength; else
    ``russian``, whose build-ups this project studies.

    >>> text = "Ukraine says it has 250,000 soldiers."
    >>> _force(text, {"start": 20, "end": 36, "span": "250,000 soldiers"}, None, "other")
    'ukrainian'
    """
    start, end = mention["start"], mention["end"]
    inside = _FORCE_RE.search(text[start:end])
    if inside:
        return _alternative(inside)
    left, right = _clause(text, start, end)
    sentence_start = max([0, *(match.end() for match in _NEW_SUBJECT.finditer(text, 0, start))])
    if _NATO_DESTINATION.search(left + " " + right) or _MULTINATIONAL.match(right):
        return "other"
    in_clause = _actors(left)
    if in_clause:
        return in_clause[-1][1]
    if previous is not None and (mention["kind"] == "bare" or _linked(text, start)):
        return previous["force"]
    earlier = _actors(text[sentence_start:start])
    if earlier:
        return earlier[-1][1]
    speakers = [_alternative(match) for match in _FORCE_RE.finditer(text[:start])]
    refers_back = bool(_ANAPHORA.search(left + mention["span"]))
    own_forces = speakers and speakers[-1] == "ukrainian" and claim in ("exercise", "projection", "other")
    if speakers and (refers_back or own_forces):
        return speakers[-1]
    return "russian"


def _localise(text: str, mention: dict) -> str:
    """A claim of build-up becomes ``other`` away from Ukraine's borders.

    That is, for deployments away from Ukraine (CODING.md §4: US troops arriving in Poland) and for
    other countries' troops not at Ukraine's borders.

    >>> _localise("Russia sent 3,000 troops to Kazakhstan.", {"start": 12, "end": 24, "span": "3,000 troops",
    ...                                                       "force": "russian"})
    'other'
    """
    left, right = _clause(text, mention["start"], mention["end"])
    clause = left + mention["span"] + right
    if _ELSEWHERE_DESTINATION.search(clause) and not _BORDER_WORD.search(clause):
        return "other"
    if mention["force"] == "other" and not _UKRAINE_THEATRE.search(clause):
        return "other"
    return "buildup"


def _mention_records(text: str) -> list[dict]:
    """The mentions of ``text`` as plain records with the :data:`MENTION_COLUMNS`.

    >>> [(m["span"], m["claim"]) for m in _mention_records("Russia sent 10,000 troops, and 2,000 have left.")]
    [('10,000 troops', 'buildup'), ('2,000', 'withdrawal')]
    """
    records, previous, cues = [], None, None
    for mention in _find_counts(text):
        cues = _cues(text) if cues is None else cues
        mention["claim"] = _claim(text, mention, previous, cues)
        mention["force"] = _force(text, mention, previous, mention["claim"])
        if mention["claim"] == "buildup":
            mention["claim"] = _localise(text, mention)
        previous = mention
        records.append({column: mention[column] for column in MENTION_COLUMNS})
    return records


def extract_troop_mentions(text: str) -> pd.DataFrame:
    """One row per mention of a number of military personnel in ``text`` (see the module doc).

    >>> extract_troop_mentions("Russia withdrew over 10,000 troops but kept 35,000 combat vehicles.")[
    ...     ["span", "value", "low", "high", "qualifier", "claim"]].values.tolist()
    [['over 10,000 troops', 10000.0, 10000.0, nan, 'more_than', 'withdrawal']]
    """
    return _mention_frame(_mention_records(text))


def _mention_frame(records: list[dict]) -> pd.DataFrame:
    """One DataFrame of :data:`MENTION_COLUMNS` from mention records, with the numeric columns typed.

    >>> _mention_frame([]).dtypes["value"]
    dtype('float64')
    """
    frame = pd.DataFrame(records, columns=MENTION_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64", "value": "float64", "low": "float64", "high": "float64"})


TROOP_MENTION_COLUMNS = [
    "article_id",
    "sentence_id",
    "outlet",
    "published",
    "sentence",
    *MENTION_COLUMNS,
    "attributed_to",
    "source_group",
    "supplied_by",
]


def troop_mentions(corpus: Corpus, found: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`extract_troop_mentions` over every sentence of ``corpus``.

    Adds ``article_id, sentence_id, outlet, published`` and the ``sentence``;
    ``start``/``end`` index the article's clean text. ``attributed_to`` is the
    speaker the sentence credits with the figure (empty for the outlet's own
    voice), ``source_group`` that speaker's group (``outlet`` when none) and
    ``supplied_by`` the coarse category used in notebook 01. ``found`` is
    :func:`~troopwatch.attributions` of ``corpus`` when the caller has it already;
    else it is worked out here.

    >>> from troopwatch.corpus.load import corpus_from_texts
    >>> corpus = corpus_from_texts(['"Over 10,000 troops will return," Interfax quoted the army as saying.'])
    >>> troop_mentions(corpus)[["span", "attributed_to", "supplied_by"]].values.tolist()
    [['Over 10,000 troops', 'the army', 'Russian officials']]
    """
    credits = _by_article(_records(found) if found is not None else _corpus_attribution_records(corpus, None)[0])
    ids, outlets, published = _columns(corpus.articles, ["article_id", "outlet", "published"])
    about = dict(zip(ids, zip(outlets, published, strict=True), strict=True))
    rows = [
        _mention_row(sentence, mention, about[sentence.article_id], credits.get(sentence.article_id, []))
        for sentence in map(_Sentence._make, zip(*_columns(corpus.sentences, _Sentence._fields), strict=True))
        for mention in _mention_records(sentence.text)
    ]
    frame = pd.DataFrame(rows, columns=TROOP_MENTION_COLUMNS)
    return frame.astype({"published": "datetime64[ns]", "value": "float64", "low": "float64", "high": "float64"})


class _Sentence(NamedTuple):
    """The fields of a row of ``corpus.sentences`` that :func:`troop_mentions` reads."""

    article_id: str
    sentence_id: int
    paragraph_id: int
    text: str
    start: int


def _mention_row(sentence: _Sentence, mention: dict, article: tuple[str, pd.Timestamp], credits: list[dict]) -> dict:
    """The row of :func:`troop_mentions` for ``mention`` in ``sentence``.

    ``article`` is the ``outlet`` and ``published`` of the sentence's article, ``credits`` the article's
    attributions (records of :func:`~troopwatch.attributions`).
    """
    credit = _credit(credits, mention["span"], sentence.sentence_id, sentence.paragraph_id)
    group = credits[credit]["speaker_group"] if credit is not None else NARRATIVE_VOICE
    outlet, published = article
    return {
        "article_id": sentence.article_id,
        "sentence_id": sentence.sentence_id,
        "outlet": outlet,
        "published": published,
        "sentence": sentence.text,
        **mention,
        "start": sentence.start + mention["start"],
        "end": sentence.start + mention["end"],
        "attributed_to": credits[credit]["speaker"] if credit is not None else "",
        "source_group": group,
        "supplied_by": SUPPLIER_OF_GROUP[group],
    }


def _by_article(records: list[dict]) -> dict[str, list[dict]]:
    """Records grouped by their ``article_id``, each group in the order of ``records``.

    >>> _by_article([{"article_id": "a", "n": 1}, {"article_id": "b", "n": 2}, {"article_id": "a", "n": 3}])["a"]
    [{'article_id': 'a', 'n': 1}, {'article_id': 'a', 'n': 3}]
    """
    groups: dict[str, list[dict]] = {}
    for record in records:
        groups.setdefault(record["article_id"], []).append(record)
    return groups


def select_mentions(mentions: pd.DataFrame, claims: object = None, min_value: object = 0) -> pd.DataFrame:
    """Keep mentions whose claim is in ``claims`` and whose figure is at least ``min_value``.

    ``claims`` None or [] means all; the figure is ``value``, or ``low`` for ranges and vague
    mentions.

    >>> mentions = extract_troop_mentions("Russia withdrew 10,000 troops and massed 100,000 soldiers.")
    >>> select_mentions(mentions, claims=["buildup"], min_value=50000).span.tolist()
    ['100,000 soldiers']
    """
    chosen = check_choices("claims", claims, CLAIMS)
    floor = check_number("min_value", min_value)
    figure = mentions["value"].fillna(mentions["low"])
    return mentions[mentions["claim"].isin(chosen) & (figure >= floor)].reset_index(drop=True)


def same_day_figures(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions published on a day that more than one outlet reported figures on.

    Columns: ``published, outlet, span, value, low, high, qualifier, claim, attributed_to``.
    """
    outlets_per_day = mentions.groupby("published")["outlet"].transform("nunique")
    shared = mentions[outlets_per_day > 1]
    columns = ["published", "outlet", "span", "value", "low", "high", "qualifier", "claim", "attributed_to"]
    ordered = shared.sort_values(
        ["published", "outlet", "start"], key=lambda c: c.str.casefold() if c.name == "outlet" else c
    )
    return ordered[columns].reset_index(drop=True)

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
except *nearly* and *almost*, which set high; ``more_than`` sets low;
``up_to`` sets high; ``range`` sets both; ``vague`` sets low to two of the unit
and high to the next power of ten (*thousands of* is 2,000 to 10,000).

Only counts of people in uniform are mentions: a number must be followed by a
unit noun such as *troops*, *soldiers*, *servicemen* or *personnel* (modifiers
like *Russian* or *additional* may stand between), or stand in a construction
such as *a 100,000-strong force* or *a force of 100,000*. Vehicles, ships,
aircraft, people killed, distances, years, dates and percentages are not.

Example:
    >>> mentions = extract_troop_mentions("Russia has amassed close to 1.3 lakh troops at the border.")
    >>> mentions[["span", "value", "qualifier", "claim", "force"]].values.tolist()
    [['close to 1.3 lakh troops', 130000.0, 'approximate', 'buildup', 'russian']]
"""

from __future__ import annotations

import math
import re

import pandas as pd

from troopwatch.params import check_choices, check_number
from troopwatch.sources import NARRATIVE_VOICE, SUPPLIER_OF_GROUP, attributions, credit_for

MENTION_COLUMNS = ["start", "end", "span", "value", "low", "high", "qualifier", "unit_noun", "claim", "force"]
QUALIFIERS = ("exact", "approximate", "more_than", "up_to", "range", "vague")
CLAIMS = ("buildup", "withdrawal", "exercise", "projection", "other")
FORCES = ("russian", "ukrainian", "other")

# --- numbers --------------------------------------------------------------------------

_SMALL = {word: number for number, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {word: 10 * number for number, word in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_SCALES = {"hundred": 100, "thousand": 1_000, "k": 1_000, "lakh": 100_000, "lakhs": 100_000,
           "lac": 100_000, "million": 1_000_000, "mn": 1_000_000, "crore": 10_000_000,
           "crores": 10_000_000}
_NUMBER_WORD = "|".join(sorted([*_SMALL, *_TENS, "hundred", "thousand", "million", "lakh", "crore"],
                               key=len, reverse=True))
_SCALE_WORD = r"thousand|million|mn|lakhs?|lac|crores?"

_DIGITS = rf"""
    (?<![\w.,])
    (?: \d{{1,3}}(?:,\d{{2,3}})+          # 10,000 and the Indian 1,00,000
      | \d{{1,3}}(?:\ \d{{3}})+(?!\d)     # 100 000
      | \d+ )
    (?: \.\d+ )?
    (?: \s?[kK]\b | \s+(?:{_SCALE_WORD})\b )?
"""
_SPELLED = rf"""
    \b(?: (?:a|an)\s+(?:hundred|thousand|million|lakh|crore)\b | (?:{_NUMBER_WORD})\b )
    (?: (?:\s+and\s+|\s+|-) (?:{_NUMBER_WORD})\b )*
"""
NUMBER = rf"(?:{_DIGITS}|{_SPELLED})"

# --- qualifiers -----------------------------------------------------------------------

_QUALIFIER_PHRASES = {
    "approximate": ["an estimated", "estimated", "about", "around", "some", "roughly", "approximately",
                    "close to", "nearly", "almost", "an approximate", "approx."],
    "more_than": ["more than", "over", "above", "at least", "in excess of", "upwards of", "well over",
                  "well above", "no fewer than", "no less than"],
    "up_to": ["up to", "as many as", "no more than", "at most", "fewer than", "less than", "under",
              "not more than", "a maximum of"],
}
_QUALIFIER_OF = {phrase: qualifier for qualifier, phrases in _QUALIFIER_PHRASES.items() for phrase in phrases}
_HIGH_BOUNDED_APPROXIMATIONS = ("nearly", "almost")
QUALIFIER = "|".join(re.escape(phrase).replace(r"\ ", r"\s+")
                     for phrase in sorted(_QUALIFIER_OF, key=len, reverse=True))

_VAGUE_UNITS = {"dozens": 12, "hundreds": 100, "thousands": 1_000, "tens of thousands": 10_000,
                "hundreds of thousands": 100_000}
VAGUE = r"(?:hundreds\s+of\s+thousands|tens\s+of\s+thousands|thousands|hundreds|dozens)\s+of"

# --- what is counted ------------------------------------------------------------------

UNIT = (r"(?:troops|troop(?=[\s-]+(?:deployment|build-?up|buildup|presence|contingent|force|surge|increase|reduction|withdrawal))|soldiers?|servicem[ae]n|service\s?(?:wo)?m[ae]n|service\s?members?|personnel|"
        r"paratroopers?|marines?|forces|sailors|airmen|reservists|conscripts|fighters(?!\s+(?:jets|planes))|"
        r"peacekeepers|commandos|guardsmen|combat\s+troops)")
_MODIFIER_WORDS = (
    "additional|extra|more|new|fresh|military|combat|combat-ready|ground|elite|active-duty|regular|reserve|"
    "foreign|enemy|armed|airborne|special|allied|own|other|western|american|russian|ukrainian|belarusian|"
    "british|french|german|polish|us|u\\.s\\.|nato|of\\s+(?:its|their|his|russia's|moscow's|kyiv's|ukraine's)")
_MODIFIER = rf"(?:(?:{_MODIFIER_WORDS})\b|(?-i:[A-Z][A-Za-z.'-]+))"
_GROUP_NOUNS = r"(?:force|army|contingent|deployment|build-?up|presence|garrison|grouping)"
_AFTER_BARE_NUMBER = (r"(?=\s*(?:[,.;:](?!\d)|[)\"']|$)|"
                      r"\s+(?:on|near|at|along|in|to|by|from|and|that|which|who|with|had|have|has|were|are|is|was)\b)")

_COUNT = rf"(?:(?P<qualifier>{QUALIFIER})\s+)?(?:(?P<range>(?:between\s+{NUMBER}\s+and\s+{NUMBER})|(?:from\s+{NUMBER}\s+to\s+{NUMBER})|(?:{_DIGITS}\s*-\s*{_DIGITS})|(?:{NUMBER}\s+to\s+{NUMBER}))|(?P<vague>{VAGUE})|(?P<number>{NUMBER}))"
_COUNT_UNNAMED = re.sub(r"\(\?P<\w+>", "(?:", _COUNT)
_MENTION = re.compile(
    rf"""
    (?: (?P<count>{_COUNT_UNNAMED})
        (?: -strong \s+ (?:[\w-]+\s+)? (?P<group>{_GROUP_NOUNS})
          | (?P<modifiers>(?:\s+{_MODIFIER}){{0,3}}) \s+ (?P<unit>{UNIT}) \b )
      | (?P<lead>\b{_GROUP_NOUNS}\s+of\s+) (?P<count2>{_COUNT_UNNAMED}) {_AFTER_BARE_NUMBER}
      | (?P<lead_unit>\b{UNIT},?\s+(?:numbering|totall?ing|estimated\s+at|put\s+at)\s+) (?P<count3>{_COUNT_UNNAMED}) {_AFTER_BARE_NUMBER}
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_NUMBER_RE = re.compile(NUMBER, re.IGNORECASE | re.VERBOSE)
_COUNT_RE = re.compile(_COUNT, re.IGNORECASE | re.VERBOSE)

_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
_YEAR_CONTEXT = re.compile(rf"\b(?:in|by|since|of|until|from|during|early|late|mid|{_MONTHS})[\s-]*$", re.IGNORECASE)

# --- claims and forces ----------------------------------------------------------------

_CLAIM_CUES = {
    "projection": r"could\s+(?:be\s+)?\w+|may\s+(?:be\s+)?\w+|might\s+\w+|expected\s+to|planning|plans?\s+to|"
                  r"planned|poised\s+to|set\s+to\s+(?:reach|rise|grow|deploy|send|swell)|would\s+(?:reach|rise|grow|be|send|deploy|put|move)|"
                  r"potential(?:ly)?|capable\s+of|able\s+to\s+(?:deploy|mass|send)|prepar\w+\s+to\s+send|to\s+send|"
                  r"will\s+(?:deploy|send|be\s+(?:deployed|sent)|reach|expand|move)|on\s+(?:heightened|high|higher)\s+alert|"
                  r"higher\s+readiness|possible\s+deployment",
    "withdrawal": r"withdr[ae]wn?|withdrawing|withdrawal|withdraws?|pull(?:ed|ing|s)?\s+(?:back|out)|pull-?back|pullback|"
                  r"return(?:ed|ing|s)?|leaving|left|leave|march(?:es|ed|ing)?\s+to\s+(?:their\s+)?permanent|"
                  r"head(?:ed|ing|s)?\s+(?:back|home)|sent\s+home|going\s+home|back\s+to\s+(?:their\s+)?(?:bases|barracks|garrisons)|"
                  r"drawdown|draw(?:ing|n)?\s+down|reduc(?:ed|ing|tion)",
    "exercise": r"drills?|exercises?|manoeuvres|maneuvers|war\s+games|training|took\s+part|taking\s+part|take\s+part|"
                r"involved|combat-readiness|readiness\s+check|snap\s+(?:inspections?|checks?)",
    "buildup": r"mass(?:ed|ing|es)?|amass(?:ed|ing|es)?|gather(?:ed|ing|s)?|deploy(?:ed|ing|s|ment)?|"
               r"station(?:ed|ing|s)?|position(?:ed|ing|s)?|concentrat(?:ed|ing|ion)|build-?up|buildup|"
               r"total(?:l)?ed|moved|sent\s+(?:to|into)|reinforc\w*|bolster\w*|assembl\w*|camped|arrayed|keeps|"
               r"arriv\w*|received|(?:on|near|along|at|around)\s+(?:the\s+|its\s+)?(?:\w+\s+)?(?:borders?|Ukraine|flank)",
}
_CLAIM_PATTERNS = {claim: re.compile(rf"\b(?:{cues})\b", re.IGNORECASE) for claim, cues in _CLAIM_CUES.items()}
_CUE_REACH = 90
_CLAIM_PRIORITY = ("projection", "withdrawal", "exercise", "buildup")

_FORCE_CUES = {
    "russian": r"Russian?|Russia's|Moscow(?:'s)?|Kremlin|Putin|Shoigu|Shoygu|Soviet",
    "ukrainian": r"Ukrainian|Ukraine's|Ukraine|Kyiv(?:'s)?|Kiev|Zelensk(?:y|iy)",
    "other": r"U\.S\.|US|American|United\s+States|Pentagon|NATO|Nato|British|Britain|UK|French|France|German|"
             r"Germany|Polish|Poland|Belarusian|Belarus|Minsk|Romanian|Romania|Baltic|Western|allied|alliance|"
             r"Washington|London|Paris|Berlin|Warsaw|Biden",
}
_CLAUSE_BOUNDARY = re.compile(r"[,;:()\"]|\b(?:which|that|who|while|as|but|after|before|when)\b")
_FORCE_PATTERNS = {force: re.compile(rf"\b(?:{cues})(?![\w])") for force, cues in _FORCE_CUES.items()}


def parse_number(text: str) -> float:
    """The value of a number as written: digits, Indian grouping, scale words or words.

    >>> [parse_number(t) for t in ["10,000", "1,00,000", "1.3 lakh", "130k", "a hundred thousand",
    ...                            "twenty-five thousand", "one hundred and fifty thousand", "100 000"]]
    [10000.0, 100000.0, 130000.0, 130000.0, 100000.0, 25000.0, 150000.0, 100000.0]
    """
    words = text.strip().lower()
    match = re.fullmatch(rf"([\d, ]*\d(?:\.\d+)?)\s*({_SCALE_WORD}|k)?", words)
    if match:
        number = float(re.sub(r"[, ]", "", match.group(1)))
        return number * _SCALES.get(match.group(2) or "", 1)
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words):
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


def _numbers_in(text: str) -> list[str]:
    return [match.group() for match in _NUMBER_RE.finditer(text)]


def _bounds(count: re.Match[str], preceding: str = "") -> tuple[float, float, float, str] | None:
    """(value, low, high, qualifier) for a matched count, or None when it is no count.

    ``preceding`` is the text before the count, to tell years from counts."""
    if count.group("vague"):
        unit = _VAGUE_UNITS[re.sub(r"\s+", " ", count.group("vague").lower())[:-3]]
        low = 2.0 * unit
        return math.nan, low, 10.0 ** math.ceil(math.log10(low)), "vague"
    if count.group("range"):
        numbers = _numbers_in(count.group("range"))
        if len(numbers) != 2:
            return None
        first, second = numbers
        low, high = parse_number(first), parse_number(second)
        scale = re.search(rf"(?:{_SCALE_WORD}|k)\s*$", second, re.IGNORECASE)
        if scale and low < high / _SCALES[scale.group().strip().lower()]:
            low *= _SCALES[scale.group().strip().lower()]  # "1.2 to 1.5 lakh": the scale applies to both
        if low >= high:
            return None
        return math.nan, low, high, "range"
    number = count.group("number")
    value = parse_number(number)
    if _YEAR.fullmatch(number.strip()) and not count.group("qualifier") and _YEAR_CONTEXT.search(preceding):
        return None  # "In 2015 Ukrainian forces withdrew": a year, not a count
    if value == 0 or ("." in number and not re.search(rf"{_SCALE_WORD}|k", number, re.IGNORECASE)):
        return None  # "1.3 troops" is no count of people
    phrase = re.sub(r"\s+", " ", (count.group("qualifier") or "").lower())
    qualifier = _QUALIFIER_OF.get(phrase, "exact")
    if qualifier == "exact":
        return value, value, value, qualifier
    if qualifier == "more_than":
        return value, value, math.nan, qualifier
    if qualifier == "up_to":
        return value, math.nan, value, qualifier
    return value, math.nan, (value if phrase in _HIGH_BOUNDED_APPROXIMATIONS else math.nan), qualifier


def _claim(text: str, start: int, end: int) -> str:
    """The claim whose cue stands nearest the mention, within ``_CUE_REACH`` characters;
    priority breaks ties."""
    best: tuple[int, int, str] | None = None
    for rank, claim in enumerate(_CLAIM_PRIORITY):
        for cue in _CLAIM_PATTERNS[claim].finditer(text):
            if start <= cue.start() < end and claim != "buildup":
                distance = 0
            elif cue.end() <= start:
                distance = start - cue.end()
            elif cue.start() >= end:
                distance = cue.start() - end
            else:
                continue
            if distance > _CUE_REACH:
                continue
            if best is None or (distance, rank) < best[:2]:
                best = (distance, rank, claim)
    return best[2] if best else "other"


def _force(text: str, span_start: int, span_end: int) -> str:
    """Whose troops: a nationality inside the span, else the nearest actor in the same clause
    before it, else ``russian`` (the build-ups this project studies are Russia's)."""
    inside = text[span_start:span_end]
    for force in FORCES:
        if _FORCE_PATTERNS[force].search(inside):
            return force
    clause = _CLAUSE_BOUNDARY.split(text[:span_start])[-1]
    nearest = max(((match.end(), force) for force in FORCES for match in _FORCE_PATTERNS[force].finditer(clause)),
                  default=None)
    return nearest[1] if nearest else "russian"


def extract_troop_mentions(text: str) -> pd.DataFrame:
    """One row per mention of a number of military personnel in ``text`` (see the module doc).

    >>> extract_troop_mentions("Russia withdrew over 10,000 troops but kept 35,000 combat vehicles.")[
    ...     ["span", "value", "low", "high", "qualifier", "claim"]].values.tolist()
    [['over 10,000 troops', 10000.0, 10000.0, nan, 'more_than', 'withdrawal']]
    """
    rows = []
    for match in _MENTION.finditer(text):
        count_group = next(name for name in ("count", "count2", "count3") if match.group(name))
        count = _COUNT_RE.fullmatch(match.group(count_group))
        bounds = _bounds(count, text[max(0, match.start(count_group) - 20):match.start(count_group)]) if count else None
        if bounds is None:
            continue
        value, low, high, qualifier = bounds
        if count_group == "count":
            start, end = match.start(), match.end()
            unit = match.group("unit") or match.group("group")
        else:
            start, end = match.start(count_group), match.end(count_group)
            lead = match.group("lead") or match.group("lead_unit")
            unit = re.match(rf"\b(?:{UNIT}|{_GROUP_NOUNS})", lead, re.IGNORECASE).group()
        rows.append({"start": start, "end": end, "span": text[start:end], "value": value, "low": low,
                     "high": high, "qualifier": qualifier, "unit_noun": re.sub(r"\s+", " ", unit.lower()),
                     "claim": _claim(text, start, end), "force": _force(text, start, end)})
    return pd.DataFrame(rows, columns=MENTION_COLUMNS).astype(
        {"start": "int64", "end": "int64", "value": "float64", "low": "float64", "high": "float64"})


TROOP_MENTION_COLUMNS = ["article_id", "sentence_id", "outlet", "published", "sentence", *MENTION_COLUMNS,
                         "attributed_to", "source_group", "supplied_by"]


def troop_mentions(corpus) -> pd.DataFrame:
    """:func:`extract_troop_mentions` over every sentence of ``corpus``.

    Adds ``article_id, sentence_id, outlet, published`` and the ``sentence``;
    ``start``/``end`` index the article's clean text. ``attributed_to`` is the
    speaker the sentence credits with the figure (empty for the outlet's own
    voice), ``source_group`` that speaker's group (``outlet`` when none) and
    ``supplied_by`` the coarse category used in notebook 01.

    >>> from troopwatch.corpus import corpus_from_texts
    >>> corpus = corpus_from_texts(['"Over 10,000 troops will return," Interfax quoted the army as saying.'])
    >>> troop_mentions(corpus)[["span", "attributed_to", "supplied_by"]].values.tolist()
    [['Over 10,000 troops', 'the army', 'Russian officials']]
    """
    rows = []
    found_by_article = dict(iter(attributions(corpus).groupby("article_id")))
    articles = corpus.articles.set_index("article_id")
    for sentence in corpus.sentences.itertuples():
        mentions = extract_troop_mentions(sentence.text)
        if mentions.empty:
            continue
        article = articles.loc[sentence.article_id]
        mine = found_by_article.get(sentence.article_id)
        for mention in mentions.to_dict("records"):
            credit = (credit_for(mention["span"], sentence.sentence_id, sentence.paragraph_id, mine)
                      if mine is not None else None)
            group = credit["speaker_group"] if credit is not None else NARRATIVE_VOICE
            rows.append({"article_id": sentence.article_id, "sentence_id": sentence.sentence_id,
                         "outlet": article["outlet"], "published": article["published"], "sentence": sentence.text,
                         **mention, "start": sentence.start + mention["start"], "end": sentence.start + mention["end"],
                         "attributed_to": credit["speaker"] if credit is not None else "",
                         "source_group": group, "supplied_by": SUPPLIER_OF_GROUP[group]})
    frame = pd.DataFrame(rows, columns=TROOP_MENTION_COLUMNS)
    return frame.astype({"published": "datetime64[ns]", "value": "float64", "low": "float64", "high": "float64"})


def select_mentions(mentions: pd.DataFrame, claims: object = None, min_value: object = 0) -> pd.DataFrame:
    """Keep mentions whose claim is in ``claims`` (None or [] for all) and whose figure is at
    least ``min_value``; the figure is ``value``, or ``low`` for ranges and vague mentions.

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
    return shared.sort_values(["published", "outlet", "start"], key=lambda c: c.str.casefold() if c.name == "outlet" else c)[
        columns].reset_index(drop=True)

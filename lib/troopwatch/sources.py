"""Who is quoted or cited: attributions of speech and information.

:func:`extract_attributions` finds every attribution in a text and returns one
row per attribution:

============= =================================================================
start, end    offsets of the attribution (speaker and cue) in the text
speaker       the speaker as written ("Igor Konashenkov", "a British government
              source", "the Russian defence ministry"); a pronoun ("he said") or
              an elided subject ("and said") is replaced by the speaker it
              refers to, and ``resolved`` is True
speaker_group russian_official, ukrainian_official, western_official,
              news_agency, analyst, anonymous, or unmapped (see
              ``resources/actors.csv``)
cue           the reporting verb or phrase: said, told, according to,
              quoted … as saying, …
via           for "X quoted Y as saying", the channel X; else empty
quote         the quoted words, when a direct quotation belongs to this speaker
direct        True when ``quote`` is set
resolved      True when ``speaker`` was resolved from a pronoun or elided subject
============= =================================================================

Blank lines separate paragraphs. A pronoun is resolved to the last named person
who spoke earlier in the same paragraph, or failing that in the paragraphs
before it (news paragraphs are often one sentence long).

Example:
    >>> rows = extract_attributions('"We will respond," Igor Konashenkov said, according to Reuters.')
    >>> rows[["speaker", "speaker_group", "cue", "direct"]].values.tolist()
    [['Igor Konashenkov', 'russian_official', 'said', True], ['Reuters', 'news_agency', 'according to', False]]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from troopwatch.errors import ResourceError
from troopwatch.files import read_user_file, shipped_text

ATTRIBUTION_COLUMNS = ["start", "end", "speaker", "speaker_group", "cue", "via", "quote", "direct", "resolved"]
SPEAKER_GROUPS = ("russian_official", "ukrainian_official", "western_official", "news_agency", "analyst",
                  "anonymous", "unmapped")
NARRATIVE_VOICE = "outlet"

_VERB_CUES = (r"said|says|say|told|tells|claimed|claims|warned|warns|reported|reports|tweeted|wrote|writes|"
              r"announced|announces|denied|denies|urged|urges|added|stated|insisted|insists|accused|accuses|"
              r"informed|noted|confirmed|confirms|asserted|argued|explained|stressed|reiterated|maintained|"
              r"called\s+(?:for|on)|calls\s+(?:for|on)|expressed\s+(?:alarm|concern|hope|doubt)")
_VERB_CUE = re.compile(rf"\b(?:{_VERB_CUES})\b")
_QUOTED_AS = re.compile(r"\b(?P<via>[A-Z][\w.'-]*(?:\s+[\w.'-]+){0,3}?)\s+(?P<cue>quoted|cited)\s+"
                        r"(?P<speaker>.{1,80}?)\s+as\s+saying\b")
_ACCORDING_TO = re.compile(r"\b[Aa]ccording\s+to\s+(?P<speaker>[^,.;:\"]{1,80}?)(?=\s*(?:[,.;:\"]|$|\s+(?:that|but|and)\b))")
_INVERTED = re.compile(rf",\"\s+(?P<cue>{_VERB_CUES})\s+(?P<speaker>[^,.;:\"]{{1,80}}?)(?=\s*[,.;:]|$)")

_TIME_WORDS = (r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|Monday|Tuesday|Wednesday|"
               r"Thursday|Friday|Saturday|Sunday|last\s+week|this\s+week|earlier|later|recently|also|"
               r"repeatedly|consistently|previously|always|however|still|has|have|had|was|is|will|would")
_TRAILING_WORDS = re.compile(rf"(?:\s+(?:{_TIME_WORDS}))+\s*$")
_PARENTHETICALS = re.compile(r"^\s*(?:however|for instance|for example|meanwhile|in turn|too|though|in a statement)\s*$",
                             re.IGNORECASE)
_SEGMENT_BOUNDARY = re.compile(r"[,;:\"()]|[.!?]['\"]?\s+(?=[A-Z\"'])|\b(?:that|and|but|while|as|because|which|who|when)\b")
_NOT_A_VERB = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|these|those|of|despite|amid|after|with)|'s)\s+$",
                         re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"']?\s+(?=[A-Z\"'])")
_DETERMINERS = {"the", "a", "an", "one", "two", "three", "some", "several", "many", "other", "another"}
_SOURCE_NOUNS = {"officials", "official", "analysts", "analyst", "experts", "expert", "diplomats", "sources",
                 "source", "observers", "witnesses", "residents", "spokesman", "spokeswoman", "spokesperson",
                 "statement", "ministry", "army", "military", "government", "alliance", "agency", "minister",
                 "president", "commander", "embassy"}
_NOT_NAMES = {"On", "In", "At", "After", "Before", "Since", "During", "Meanwhile", "However", "Yet", "But", "And",
              "Last", "Earlier", "Later", "Separately", "Still", "Also", "Starting", "From", "By", "Under"}
_NOT_LAST = {"the", "a", "an", "of", "to", "after", "before", "in", "on", "at", "for", "with", "by", "from",
             "Western", "Russian", "Ukrainian", "American", "British", "French", "German", "European", "Belarusian"}
_PRONOUNS = {"he", "she", "He", "She"}
_PERSON_NAME = re.compile(r"\b(?:(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][\w'-]+|[A-Z][a-z][\w'-]*(?:\s+[A-Z][\w'-]+){1,3})")
_NOT_PERSON_HEADS = {"Russia", "Ukraine", "Moscow", "Kyiv", "Kremlin", "Washington", "France", "Britain",
                     "Germany", "Nato", "Interfax", "Reuters", "Tass", "Analysts", "Officials", "States",
                     "Nations", "Ministry", "Pentagon", "Telegraph", "The", "A", "An", "In", "On", "Districts",
                     "District", "Military", "Defense", "Defence", "Foreign", "Sea", "Strait", "Union", "Kremlin",
                     "Russian", "Ukrainian", "Western", "Secretary-General", "General", "Assembly", "Security"}


@dataclass(frozen=True)
class _Attribution:
    start: int
    end: int
    speaker: str
    cue: str
    via: str = ""
    resolved: bool = False


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
    return _parse_actor_table(shipped_text("actors.csv"), "resources/actors.csv")


def _parse_actor_table(source: str, where: str) -> pd.DataFrame:
    rows = []
    lines = source.splitlines()
    if not lines or lines[0].split(",")[:2] != ["alias", "speaker_group"]:
        raise ResourceError(f"{where}: the first line must be 'alias,speaker_group,note'")
    for line_no, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        alias, group, *_ = [*line.split(",", 2), ""]
        if not alias.strip() or group not in SPEAKER_GROUPS[:-1]:
            raise ResourceError(f"{where} line {line_no}: {line!r} needs an alias and a speaker_group, one of "
                                f"{', '.join(SPEAKER_GROUPS[:-1])}")
        rows.append((alias.strip(), group))
    return pd.DataFrame(rows, columns=["alias", "speaker_group"])


def _alias_patterns(actors: pd.DataFrame) -> list[tuple[re.Pattern[str], int, str]]:
    return [(re.compile(rf"(?<![\w]){re.escape(alias)}(?![\w])"), len(alias), group)
            for alias, group in actors[["alias", "speaker_group"]].itertuples(index=False)]


@lru_cache(maxsize=1)
def _shipped_patterns() -> list[tuple[re.Pattern[str], int, str]]:
    return _alias_patterns(_shipped_actor_table())


def speaker_group(speaker: str, actors: pd.DataFrame | None = None) -> str:
    """The group of ``speaker``: the alias that ends last in it decides (the head of the phrase),
    the longest among those ending there; ``unmapped`` when no alias matches. In
    'Name, apposition' the name decides first, then an owner in the apposition
    ("Russia's ambassador in Washington"), then the apposition.

    >>> [speaker_group(s) for s in ["Russian news agency Interfax", "a British government source",
    ...                             "Ukraine's Foreign Minister Dmytro Kuleba", "Kremlin watchers", "a farmer"]]
    ['news_agency', 'anonymous', 'ukrainian_official', 'analyst', 'unmapped']
    """
    patterns = _shipped_patterns() if actors is None else _alias_patterns(actors)
    name, _, apposition = speaker.partition(",")
    owner = re.search(r"\b([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)'s\s+[a-z]", apposition)
    for part in (name, owner.group(1) if owner else "", apposition):
        group = _head_group(part, patterns)
        if group != "unmapped":
            return group
    return "unmapped"


def _head_group(phrase: str, patterns: list[tuple[re.Pattern[str], int, str]]) -> str:
    best: tuple[int, int, str] | None = None
    for pattern, length, group in patterns:
        for match in pattern.finditer(phrase):
            if best is None or (match.end(), length) > best[:2]:
                best = (match.end(), length, group)
    return best[2] if best else "unmapped"


# --- finding attributions -------------------------------------------------------------------

def _clean_speaker(text: str) -> str:
    speaker = _TRAILING_WORDS.sub("", " " + text.strip()).strip()
    return re.sub(r"^(?:[Oo]n\s+\w+\s+\d+|In\s+a\s+statement|Meanwhile|However|what)\s*,?\s*", "", speaker).strip()


def _is_apposition(segment: str) -> bool:
    """A noun phrase that can describe a name: 'defence minister', 'the spokeswoman', "Nato's secretary general"."""
    possessive_title = re.match(r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*'s\s+[a-z]", segment)
    return bool(segment) and segment not in _PRONOUNS and (segment[:1].islower() or bool(possessive_title))


def _names_someone(text: str) -> bool:
    """Whether ``text`` ends in a capitalised name (not a date or an adverbial such as 'On Monday')."""
    name = re.search(r"(?:^|[,;:.!?\"]\s*|\s)((?:[A-Z][\w.'-]*\s+)*[A-Z][\w.'-]*)\s*$", text)
    return bool(name) and name.group(1).split()[0] not in _NOT_NAMES


def _speaker_before(paragraph: str, cue_start: int) -> tuple[int, str]:
    """The speaker phrase ending just before a cue: back to a clause boundary, skipping adverbs
    and parentheticals ("Moscow, however, has denied") and joining appositions
    ("Sergey Shoygu, defence minister, said"). Returns (start, speaker); speaker may be empty."""
    position, kept, closed_by_comma = cue_start, [], False
    for _ in range(5):
        text = paragraph[:position]
        boundary = next(reversed(list(_SEGMENT_BOUNDARY.finditer(text))), None)
        segment_start = boundary.end() if boundary else 0
        segment = _clean_speaker(text[segment_start:])
        after_comma = boundary is not None and boundary.group() == ","
        if boundary is not None and boundary.group() == "who" and not kept:
            before = text[:boundary.start()].rstrip()
            if before.endswith(","):  # "An official, who asked not to be named, told": skip the clause
                position = len(before) - 1
                continue
            name = re.search(r"((?:[A-Z][\w.'-]*\s+)*[A-Z][\w.'-]*)\s*$", before)
            return (name.start(1), name.group(1)) if name else (segment_start, "")
        if after_comma and (not segment or _PARENTHETICALS.match(segment)):
            position, closed_by_comma = boundary.start(), True
            continue
        if segment:
            kept.insert(0, (segment_start + text[segment_start:].find(segment), segment))
        # "Sergey Shoygu, defence minister, said": an apposition stands between commas after a name
        if not (closed_by_comma and after_comma and _is_apposition(segment)
                and _names_someone(paragraph[:boundary.start()])):
            break
        position, closed_by_comma = boundary.start(), False
    if not kept:
        return cue_start, ""
    return kept[0][0], ", ".join(segment for _, segment in kept)


def _can_speak(speaker: str) -> bool:
    """Whether a phrase can be a speaker: a pronoun, or a name part (before any apposition) of at
    most ten words that names someone or a kind of source ('the statement', 'officials'), starts
    with a capital or a determiner or ends in a name, and does not end in a preposition or an
    adjective ('... the Western reports' is no speaker)."""
    if speaker in _PRONOUNS:
        return True
    head = speaker.split(",")[0].split()
    if not head or len(head) > 10 or head[-1] in _NOT_LAST:
        return False
    names_source = any(word[:1].isupper() for word in head) or head[-1].lower() in _SOURCE_NOUNS
    starts_well = head[0][:1].isupper() or head[0].lower() in _DETERMINERS or head[-1][:1].isupper()
    return names_source and starts_well


def _candidates(paragraph: str) -> list[_Attribution]:
    found: list[_Attribution] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _QUOTED_AS.finditer(paragraph):
        found.append(_Attribution(match.start(), match.end(), _clean_speaker(match.group("speaker")),
                                  f"{match.group('cue')} … as saying", via=match.group("via")))
        taken.append((match.start(), match.end()))
    for match in _ACCORDING_TO.finditer(paragraph):
        if free(match.start(), match.end()):
            found.append(_Attribution(match.start(), match.end(), _clean_speaker(match.group("speaker")),
                                      "according to"))
            taken.append((match.start(), match.end()))
    for match in _INVERTED.finditer(paragraph):
        if free(match.start("cue"), match.end()):
            found.append(_Attribution(match.start("cue"), match.end(), _clean_speaker(match.group("speaker")),
                                      re.sub(r"\s+", " ", match.group("cue"))))
            taken.append((match.start("cue"), match.end()))
    for match in _VERB_CUE.finditer(paragraph):
        if not free(match.start(), match.end()) or _NOT_A_VERB.search(paragraph[:match.start()]):
            continue
        start, speaker = _speaker_before(paragraph, match.start())
        if speaker and not _can_speak(speaker):
            continue
        found.append(_Attribution(start if speaker else match.start(), match.end(), speaker,
                                  re.sub(r"\s+", " ", match.group())))
    return sorted(found, key=lambda attribution: attribution.start)


def _is_person(speaker: str) -> bool:
    """A named individual: ends in a capitalised name that is no place, institution or plural."""
    words = speaker.split()
    last = words[-1] if words else ""
    return (bool(last) and last[:1].isupper() and not last.isupper() and last not in _NOT_PERSON_HEADS
            and words[0] not in _DETERMINERS and words[0].lower() not in _DETERMINERS)


def _named_people(paragraph: str) -> list[tuple[int, str]]:
    """People named in a paragraph, as ``(end offset, name)``: 'Mr Putin', 'Vladimir Putin'."""
    people = []
    for match in _PERSON_NAME.finditer(paragraph):
        name = match.group()
        if _is_person(name) and not any(word in _NOT_PERSON_HEADS for word in name.split()):
            people.append((match.end(), name))
    return people


def _sentence_subject(paragraph: str, position: int) -> str:
    """The name that opens the sentence holding ``position`` ('NATO welcomed the move but said')."""
    starts = [match.end() for match in _SENTENCE_END.finditer(paragraph[:position])]
    sentence = paragraph[starts[-1] if starts else 0:position]
    name = re.match(r"\s*((?:[A-Z][\w.'-]*\s+)*[A-Z][\w.'-]*)\b", sentence)
    return name.group(1) if name and name.group(1).split()[0] not in _NOT_NAMES else ""


def _resolve(attributions: list[_Attribution], previous_person: _Attribution | None,
             paragraph: str) -> tuple[list[_Attribution], _Attribution | None]:
    """Replace pronouns by the last person named before them in the paragraph, or failing that
    the last person who spoke in an earlier paragraph; replace an elided subject ("and said")
    by the last speaker."""
    resolved = []
    last_speaker = None
    people = _named_people(paragraph)
    for attribution in attributions:
        if attribution.speaker in _PRONOUNS:
            named = [name for end, name in people if end <= attribution.start]
            spoke = [a.speaker for a in resolved if _is_person(a.speaker)]
            here = (spoke[-1] if spoke and not named else named[-1] if named else None)
            referent = here or (previous_person.speaker if previous_person else None)
            if referent:
                attribution = _Attribution(attribution.start, attribution.end, referent, attribution.cue,
                                           attribution.via, resolved=True)
        elif not attribution.speaker:
            same_sentence = last_speaker is not None and not _SENTENCE_END.search(
                paragraph[last_speaker.end:attribution.start])
            subject = last_speaker.speaker if same_sentence else _sentence_subject(paragraph, attribution.start)
            attribution = _Attribution(attribution.start, attribution.end, subject, attribution.cue,
                                       attribution.via, resolved=bool(subject))
        if not attribution.speaker:
            continue
        resolved.append(attribution)
        last_speaker = attribution
        if _is_person(attribution.speaker):
            previous_person = attribution
    return resolved, previous_person


_QUOTE = re.compile(r"\"(?P<words>[^\"]+)\"|(?<![\w])'(?P<single>[^']+\s[^']+)'(?![\w])")


def _quotes_for(paragraph: str, attributions: list[_Attribution]) -> dict[int, str]:
    """Give each quotation to the attribution nearest it in the same or the next sentence."""
    owner: dict[int, str] = {}
    for quote in _QUOTE.finditer(paragraph):
        words = quote.group("words") or quote.group("single")
        best = None
        for position, attribution in enumerate(attributions):
            if attribution.start >= quote.end():
                distance = attribution.start - quote.end()
            elif attribution.end <= quote.start():
                distance = quote.start() - attribution.end
            else:
                continue
            between = paragraph[min(attribution.end, quote.end()):max(attribution.start, quote.start())]
            if re.search(r"[.!?]\s", between) or distance > 120:
                continue
            if best is None or distance < best[0]:
                best = (distance, position)
        if best is not None:
            previous = owner.get(best[1])
            owner[best[1]] = words.strip() if previous is None else f"{previous} … {words.strip()}"
    return owner


def extract_attributions(text: str, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every attribution of speech or information in ``text`` (see the module doc for the columns).

    >>> extract_attributions("Putin claimed the talks went well and said he was hopeful.")[
    ...     ["speaker", "cue", "resolved"]].values.tolist()
    [['Putin', 'claimed', False], ['Putin', 'said', True]]
    """
    rows = []
    previous_person = None
    offset = 0
    for paragraph in text.split("\n\n"):
        found, previous_person = _resolve(_candidates(paragraph), previous_person, paragraph)
        quotes = _quotes_for(paragraph, found)
        for position, attribution in enumerate(found):
            quote = quotes.get(position, "")
            rows.append({"start": offset + attribution.start, "end": offset + attribution.end,
                         "speaker": attribution.speaker, "speaker_group": speaker_group(attribution.speaker, actors),
                         "cue": attribution.cue, "via": attribution.via, "quote": quote, "direct": bool(quote),
                         "resolved": attribution.resolved})
        offset += len(paragraph) + 2
    return pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS).astype(
        {"start": "int64", "end": "int64", "direct": "bool", "resolved": "bool"})


def attributions(corpus, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`extract_attributions` over every article, with ``article_id``, ``sentence_id``,
    ``paragraph_id`` and ``outlet``; offsets index the article's clean text.

    >>> from troopwatch.corpus import corpus_from_texts
    >>> corpus = corpus_from_texts(["Peskov said so.\\n\\nHe said no."], outlet="X")
    >>> attributions(corpus)[["sentence_id", "speaker", "resolved"]].values.tolist()
    [[1, 'Peskov', False], [2, 'Peskov', True]]
    """
    frames = []
    for article in corpus.articles.itertuples():
        found = extract_attributions(article.text, actors)
        sentences = corpus.sentences[corpus.sentences["article_id"] == article.article_id]
        ids = sentences.set_index("start")[["sentence_id", "paragraph_id"]].sort_index()
        where = ids.index.searchsorted(found["start"].to_numpy(), side="right") - 1
        found.insert(0, "article_id", article.article_id)
        found.insert(1, "sentence_id", ids["sentence_id"].to_numpy()[where] if len(found) else [])
        found.insert(2, "paragraph_id", ids["paragraph_id"].to_numpy()[where] if len(found) else [])
        found.insert(3, "outlet", article.outlet)
        frames.append(found)
    columns = ["article_id", "sentence_id", "paragraph_id", "outlet", *ATTRIBUTION_COLUMNS]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


#: Who supplied a figure, coarsely: the speaker group mapped to the notebook's categories.
SUPPLIER_OF_GROUP = {
    "russian_official": "Russian officials",
    "ukrainian_official": "Ukrainian or Western officials",
    "western_official": "Ukrainian or Western officials",
    "news_agency": "news agency",
    "analyst": "analysts or anonymous sources",
    "anonymous": "analysts or anonymous sources",
    "unmapped": "unmapped speaker",
    NARRATIVE_VOICE: "the outlet's own voice",
}


def credit_for(span: str, sentence_id: int, paragraph_id: int, found: pd.DataFrame) -> pd.Series | None:
    """The attribution that credits a piece of text: the speaker whose direct quote holds it,
    else the first non-agency speaker in its sentence, else a news agency in its sentence.

    ``found`` is the :func:`attributions` frame of one article.
    """
    in_paragraph = found[found["paragraph_id"] == paragraph_id]
    quoting = in_paragraph[in_paragraph["quote"].map(lambda quote: bool(quote) and span in quote)]
    if len(quoting):
        return quoting.iloc[0]
    in_sentence = in_paragraph[in_paragraph["sentence_id"] == sentence_id]
    if not len(in_sentence):
        return None
    speakers = in_sentence[in_sentence["speaker_group"] != "news_agency"]
    return (speakers if len(speakers) else in_sentence).iloc[0]


def quote_table(found: pd.DataFrame) -> pd.DataFrame:
    """Who each outlet quotes: attributions counted by ``speaker_group``, with ``n`` and the share
    of direct quotes (``direct_share``), one row per outlet.

    >>> found = pd.DataFrame({"outlet": ["A", "A", "B"], "speaker_group": ["analyst", "anonymous", "analyst"],
    ...                       "direct": [True, False, False]})
    >>> quote_table(found).reset_index().values.tolist()
    [['A', 1, 1, 2, 0.5], ['B', 1, 0, 1, 0.0]]
    """
    counts = pd.crosstab(found["outlet"], found["speaker_group"])
    counts.columns.name = None
    counts["n"] = counts.sum(axis=1)
    counts["direct_share"] = found.groupby("outlet")["direct"].mean()
    return counts.sort_index(key=lambda index: index.str.casefold())

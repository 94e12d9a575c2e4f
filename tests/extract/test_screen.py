"""Screens, cheap tests and lower-case twins find what the patterns they stand for find.

A screen never leaves out a pattern that matches (what a pattern needs is in every text it matches); a
test or a twin that runs faster on ASCII text says the same as the pattern it replaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from troopwatch.extract.framing import load_codebook
from troopwatch.extract.screen import Screen, needs
from troopwatch.extract.sources import _CANDIDATE_PATTERNS, _CANDIDATE_SCREEN
from troopwatch.extract.troops import (
    _ANY_NUMBER,
    _CLAIM_CUES,
    _COUNT_RE,
    _CUE_RE,
    _counts,
    _cues,
    _may_hold_a_number,
)

ANNOTATIONS = Path(__file__).resolve().parents[2] / "corpus" / "annotations"
CODEBOOK = load_codebook()
TEST_CODEBOOK = load_codebook(Path(__file__).resolve().parents[1] / "data" / "snapshots" / "codebook.yaml")


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"\bdrills?\b", ("drill",)),
        (r"\b(?:said|told) (?:him|her)", ("said", "told")),
        (r"(?<!\bno )\bguarantees\b", ("guarantees",)),
        (r"\b[Pp]er\s+\w+", ("Per", "per")),
        (r"(?x) \b pull (?:s|ed|ing)? \s+ back", ("pull",)),
        (r"\bde-?escalat\w*", ("escalat",)),
        (r"\b(?:troops|forces)\b[^.;]{0,40}?\b(?P<cue>left|leaving)\b", ("forces", "troops")),
        (r"(?:drills?)+ ended", (" ended",)),
        (r"\b(\w{3,}) \1\b", (" ",)),
    ],
)
def test_needs_are_the_literals_every_match_contains(pattern: str, expected: tuple[str, ...]) -> None:
    assert needs(re.compile(pattern)) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"\d+",  # character classes only
        r"(?:said|)\b",  # an alternative that needs nothing
        r"(?:drills?)? ?",  # optional
        r"(?:drills?)*",  # may repeat no time
        r"(?i:said)",  # case-insensitive group
        r"(?i)said",  # case-insensitive pattern
    ],
)
def test_patterns_that_need_nothing_readable_are_always_tried(pattern: str) -> None:
    assert needs(re.compile(pattern)) is None
    assert Screen.of([re.compile(pattern)]).candidates("") == [0]


def test_a_screen_keeps_the_patterns_whose_needs_are_present_and_those_with_none() -> None:
    screen = Screen.of([re.compile(r"\bdraw(?:s|n)? down\b"), re.compile(r"\bdrawdown\b"), None, re.compile("down")])
    assert screen.candidates("a drawdown") == [1, 2, 3]  # "draw down" needs " down"
    assert screen.candidates("drew down") == [0, 2, 3]
    assert screen.candidates("nothing") == [2]


# --- soundness on texts made of the patterns' own words ----------------------------------------------

PIECES = sorted(
    {
        string
        for screen in (CODEBOOK.screen, TEST_CODEBOOK.screen)
        for needed in screen.pattern_needs
        if needed
        for string in needed
    }
    | {word for frame in CODEBOOK.frames for text in (*frame.examples, *frame.non_examples) for word in text.split()}
    | {" ", ", ", ". ", "-", "'s", "the ", "troops ", "not ", "no ", "could ", "but "}
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_no_codebook_pattern_that_matches_is_screened_out(text: str) -> None:
    lowered = text.lower()
    for codebook in (CODEBOOK, TEST_CODEBOOK):
        kept = set(codebook.screen.candidates(lowered))
        for position, (_, _, twin) in enumerate(codebook.cue_patterns):
            if twin is not None and twin.search(lowered):
                assert position in kept, (twin.pattern, lowered)


ATTRIBUTION_PIECES = sorted(
    {string for needed in _CANDIDATE_SCREEN.pattern_needs if needed for string in needed}
    | {
        "Peskov ",
        "Mr. Putin ",
        "the ministry ",
        "officials ",
        "Reuters",
        "he ",
        "was ",
        "by ",
        "as ",
        '"',
        "'",
        ", ",
        ". ",
        ": ",
        "We will ",
        "not ",
        "Satellite ",
        "show ",
        "the ",
        "the figure ",
        "at ",
        "on ",
    }
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ATTRIBUTION_PIECES), max_size=20).map("".join))
def test_no_attribution_pattern_that_matches_is_screened_out(text: str) -> None:
    kept = set(_CANDIDATE_SCREEN.candidates(text))
    for position, pattern in enumerate(_CANDIDATE_PATTERNS):
        if pattern.search(text):
            assert position in kept, (pattern.pattern, text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["One", "TWO", "thousand", "Dozens", "4", "٤", " ", "-", "of", "ſix", "K", "é", "a"]),
        max_size=8,
    ).map("".join)
)
def test_the_number_test_says_what_the_case_insensitive_pattern_says(text: str) -> None:
    assert _may_hold_a_number(text) == bool(_ANY_NUMBER.search(text))


def test_the_claim_cues_have_capitals_only_in_letters_to_match() -> None:
    """So that their lower-case twin (``_CUE_RE_LOWER``) means the same on lower-cased text."""
    for cues in _CLAIM_CUES.values():
        escape, flags, capital_range = r"\\[A-Z]", r"\(\?(?:[aiLmsux]+(?:-[imsx]+)?|-[imsx]+)[:)]", r"\[[^]]*[A-Z]-"
        assert not re.search(f"{escape}|{flags}|{capital_range}", cues), cues


CAPITALISED = sorted({word for cues in _CLAIM_CUES.values() for word in re.findall(r"[A-Z][A-Za-z']+", cues)})
CUE_PIECES = sorted(
    set(re.findall(r"[A-Za-z']+", " ".join(_CLAIM_CUES.values())))
    | {
        f"{before} {word}"
        for before in ("near", "in", "into", "along", "on the", "surrounding")
        for word in CAPITALISED
    }
    | {f"{word} border" for word in CAPITALISED}
    | {"RUSSIA", "Border", "troops", "the", "were", "Left", "home", "edge", "10,000", "that", ",", "."}
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CUE_PIECES), max_size=12).map(" ".join), st.sampled_from(["", "’", "é"]))
def test_the_cues_are_those_the_case_insensitive_pattern_finds(text: str, extra: str) -> None:
    text += extra  # ASCII or not
    assert _cues(text) == [(m.start(), m.end(), m.lastgroup) for m in _CUE_RE.finditer(text)]


def found_counts(matches: Iterable[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(match.span(), match.groupdict()) for match in matches]


COUNT_PIECES = (
    "About|ABOUT|more than|Up To|nearly|some|between|and|to|from|Thousands of|dozens|several hundred|10,000|1,00,000|"
    "1.3 lakh|130K|130k|2021|Twenty-Five|thousand|One Hundred|plus|-plus|-odd|+|troops|%|$|30-40,000| |, |é|’"
).split("|")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(COUNT_PIECES), max_size=12).map(" ".join))
def test_the_counts_are_those_the_case_insensitive_pattern_finds(text: str) -> None:
    assert found_counts(_counts(text)) == found_counts(_COUNT_RE.finditer(text))


def test_the_counts_and_cues_of_every_gold_sentence_are_those_the_case_insensitive_patterns_find() -> None:
    for folder in ("gold", "blind"):
        for text in pd.read_csv(ANNOTATIONS / folder / "troops.csv", dtype=str, keep_default_na=False)["text"]:
            assert found_counts(_counts(text)) == found_counts(_COUNT_RE.finditer(text)), text
            assert _cues(text) == [(m.start(), m.end(), m.lastgroup) for m in _CUE_RE.finditer(text)], text

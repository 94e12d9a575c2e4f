import pytest
from hypothesis import given
from hypothesis import strategies as st

from troopwatch.errors import ResourceError
from troopwatch.corpus.text import (INVISIBLE_CHARACTERS, abbreviations, count_words, normalize_text,
                             split_sentences, word_tokens)


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize("raw, expected", [
    ("troops\u00a0near\u202fthe\u2009border", "troops near the border"),
    ("\u201cdrills\u201d and \u2018exercises\u2019", "\"drills\" and 'exercises'"),
    ("Russia\u2019s", "Russia's"),
    ("2014\u20132015 \u2014 now \u2212 then", "2014-2015 - now - then"),
    ("line one\r\nline two\rline three", "line one\nline two\nline three"),
    ("zero\u200bwidth\ufeff soft\u00adhyphen", "zerowidth softhyphen"),
    ("\u00abguarantees\u00bb", '"guarantees"'),
])
def test_normalize_text_maps_variants_to_one_form(raw, expected):
    assert normalize_text(raw) == expected


def _visible(text: str) -> list[str]:
    return [char for char in text if not char.isspace()]


@given(st.text())
def test_normalize_text_keeps_every_visible_character(text):
    normalized = normalize_text(text)
    expected = [char for char in _visible(text) if char not in INVISIBLE_CHARACTERS]
    assert len(_visible(normalized)) == len(expected)
    assert normalize_text(normalized) == normalized


@pytest.mark.parametrize("text, expected", [
    ("Mr Putin met them. Then he left.", ["Mr Putin met them.", "Then he left."]),
    ("Mr. Putin met them. Then he left.", ["Mr. Putin met them.", "Then he left."]),
    ("U.S. officials said so. Russia denied it.", ["U.S. officials said so.", "Russia denied it."]),
    ("He told U.S. officials on Feb. 15 that troops left.",
     ["He told U.S. officials on Feb. 15 that troops left."]),
    ("Gen. Gerasimov said the drills ended. Troops left.",
     ["Gen. Gerasimov said the drills ended.", "Troops left."]),
    ("Russia has amassed close to 1.3 lakh troops. India watched.",
     ["Russia has amassed close to 1.3 lakh troops.", "India watched."]),
    ('"We will respond," he said. "Now."', ['"We will respond," he said.', '"Now."']),
])
def test_split_sentences_respects_abbreviations_and_numbers(text, expected):
    assert sentences(text) == expected


def test_split_sentences_offsets_index_the_text():
    text = "First one.  Second one? Third!"
    assert split_sentences(text) == [(0, 10), (12, 23), (24, 30)]


def test_abbreviation_list_is_lower_case_without_final_period():
    assert {"mr", "u.s", "feb", "gen"} <= abbreviations()
    assert all(entry == entry.lower() and not entry.endswith(".") for entry in abbreviations())


def test_bad_abbreviation_entry_names_the_line(monkeypatch):
    import troopwatch.corpus.text as text_module

    monkeypatch.setattr(text_module, "shipped_text", lambda stage, name: "# comment\nmr\nGen.\n")
    text_module.abbreviations.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"line 3: 'Gen\.' must be one lower-case abbreviation"):
            text_module.abbreviations()
    finally:
        monkeypatch.undo()
        text_module.abbreviations.cache_clear()


def test_word_tokens_keep_numbers_and_hyphenated_words_whole():
    assert word_tokens("Over 100,000 Russian troops, a 1.3-lakh force (re-)deployed") == [
        "Over", "100,000", "Russian", "troops", "a", "1.3-lakh", "force", "re", "deployed"]
    assert count_words("Russia's defence ministry") == 3
    assert word_tokens("the U.S. and the U.K.") == ["the", "U.S.", "and", "the", "U.K."]


@pytest.mark.parametrize("text, expected", [
    ("Related coverage\nRussia said troops were leaving.", ["Related coverage", "Russia said troops were leaving."]),
    ("Russia withdraws some troops from the border\nRussia's defence ministry said so.",
     ["Russia withdraws some troops from the border", "Russia's defence ministry said so."]),
    ("Russia said on Tuesday that its troops had completed drills and would hold talks with\n"
     "Ukraine on Friday, officials said.",
     ["Russia said on Tuesday that its troops had completed drills and would hold talks with\n"
      "Ukraine on Friday, officials said."]),
    ("Troops left\nthe border on Tuesday.", ["Troops left\nthe border on Tuesday."]),
    ("One paragraph\n\nAnother one", ["One paragraph", "Another one"]),
])
def test_a_line_without_final_punctuation_on_its_own_line_ends_a_sentence(text, expected):
    assert sentences(text) == expected


def test_join_lines_keeps_a_newline_only_after_a_line_that_stands_alone():
    from troopwatch.corpus.text import join_lines, stands_alone

    assert join_lines(["Related coverage", "Russia said so."]) == "Related coverage\nRussia said so."
    assert join_lines(["Troops left the", "Border on Tuesday."]) == "Troops left the Border on Tuesday."
    assert not stands_alone("Putin says", "Troops will leave.")
    assert stands_alone("Russia withdraws some troops", "Russia said.", width=80)

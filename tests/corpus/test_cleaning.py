from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from troopwatch.corpus.cleaning import clean_text, load_boilerplate_rules, rules_table
from troopwatch.errors import ResourceError
from troopwatch.corpus.text import normalize_text

RULES = load_boilerplate_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_removes_its_examples_and_keeps_its_counter_examples(rule):
    assert rule.examples, f"rule {rule.name} needs at least one example"
    for example in rule.examples:
        removed = clean_text(example, (rule,)).removed
        assert removed and removed[0][2] == rule.name, example
    for keep in rule.keeps:
        assert clean_text(keep, RULES).text == keep, keep


def test_dateline_prefix_is_cut_and_the_rest_of_the_line_kept():
    cleaned = clean_text(" date 2021-12-26 Russia has withdrawn over 10,000 troops.\n\nMore.")
    assert cleaned.text == "Russia has withdrawn over 10,000 troops.\n\nMore."
    assert cleaned.removed == [(1, "date 2021-12-26", "dateline_header")]


def test_dateline_then_caption_on_one_line_are_two_removals():
    cleaned = clean_text(" date 2021-04-22 Paratroopers take part in drills in Taganrog - Reuters\n\nRussia ordered.")
    assert cleaned.removed == [(1, "date 2021-04-22", "dateline_header"),
                               (1, "Paratroopers take part in drills in Taganrog - Reuters", "photo_caption_credit")]
    assert cleaned.text == "Russia ordered."


def test_paragraphs_are_blocks_of_lines_and_a_removed_line_ends_one():
    cleaned = clean_text("One a\nOne b\n\nTwo\nAlso Read: link\nThree\n")
    assert cleaned.text == "One a One b\n\nTwo\n\nThree"
    assert [cleaned.text[s:e] for s, e in cleaned.paragraphs] == ["One a One b", "Two", "Three"]


def test_seed_corpus_removals_are_exactly_the_boilerplate(seed_corpus):
    removed = seed_corpus.removed
    assert list(zip(removed.article_id.str[:3], removed.line_no, removed.rule)) == [
        ("000", 1, "dateline_header"),
        ("001", 1, "posted_on"),
        ("001", 19, "share_prompt"),
        ("001", 21, "share_prompt"),
        ("001", 24, "comment_form"),
        ("001", 26, "comment_form"),
        ("002", 1, "dateline_header"),
        ("002", 1, "photo_caption_credit"),
        ("002", 13, "photo_caption_via"),
        ("003", 7, "photo_caption_credit"),
        ("004", 7, "also_read"),
        ("004", 17, "also_read"),
    ]
    assert removed.text.iloc[4] == "Leave a Reply"


def _visible(text: str) -> Counter:
    return Counter(char for char in text if not char.isspace())


LINES = st.sampled_from([
    " date 2022-02-15 Troops left.", "Posted on", "Also Read: more", "Leave a Reply",
    "Caption of a rally - Reuters", "Shoigu watches drills via AP", "Do check out our TikTok:",
    "Over 100,000 troops massed.", "", "   ", "\u00a0",
])


@given(st.lists(st.one_of(LINES, st.text()), max_size=12).map("\n".join))
def test_no_text_is_lost_in_cleaning(raw):
    cleaned = clean_text(raw)
    kept_and_removed = _visible(cleaned.text) + sum((_visible(text) for _, text, _ in cleaned.removed), Counter())
    assert kept_and_removed == _visible(normalize_text(raw))


@given(st.text())
def test_paragraph_spans_index_the_clean_text(raw):
    cleaned = clean_text(raw)
    assert "\n\n".join(cleaned.text[s:e] for s, e in cleaned.paragraphs) == cleaned.text


def test_rules_table_explains_every_rule():
    table = rules_table()
    assert list(table.columns) == ["rule", "scope", "why"]
    assert table.rule.tolist() == [rule.name for rule in RULES]


@pytest.mark.parametrize("content, message", [
    ("- name: x\n  scope: line\n  pattern: '('\n  why: y\n", r"rule 1 \('x'\): pattern is not a valid regular expression"),
    ("- name: x\n  scope: word\n  pattern: a\n  why: y\n", r"rule 1 \('x'\): scope 'word' is not one of prefix, line"),
    ("- name: x\n  scope: line\n  pattern: a\n", r"rule 1 \('x'\): missing field\(s\) why"),
    ("- name: x\n  scope: line\n  pattern: a\n  why: y\n  colour: red\n", r"unknown field\(s\) colour"),
    ("- {name: x, scope: line, pattern: a, why: y}\n- {name: x, scope: line, pattern: b, why: z}\n",
     r"rule name 'x' is used twice"),
    ("name: x\n", r"must be a list of rules"),
    ("- [unclosed\n", r"not valid YAML"),
])
def test_bad_rules_file_names_the_rule_and_the_problem(tmp_path, content, message):
    path = tmp_path / "rules.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_boilerplate_rules(path)


def test_missing_rules_file_says_what_to_pass(tmp_path):
    with pytest.raises(ResourceError, match=r"rules.yaml: cannot be read \(No such file or directory\)"):
        load_boilerplate_rules(tmp_path / "rules.yaml")


def test_a_body_paragraph_ending_in_a_credit_keeps_its_troop_figure():
    raw = ("Russia has massed more than 100,000 troops near Ukraine's border - Reuters\n\n"
           "Moscow has moved tanks closer to the border, U.S. officials said - Reuters\n\n"
           "Russian paratroopers take part in drills in Taganrog - Reuters")
    cleaned = clean_text(raw)
    assert cleaned.text == ("Russia has massed more than 100,000 troops near Ukraine's border - Reuters\n\n"
                            "Moscow has moved tanks closer to the border, U.S. officials said - Reuters")
    assert cleaned.removed == [(5, "Russian paratroopers take part in drills in Taganrog - Reuters",
                                "photo_caption_credit")]


def test_credit_tags_mark_a_caption_but_never_take_a_figure():
    raw = ("Russian tanks are loaded onto a train in Crimea. Photo: Reuters\n"
           "Ukrainian servicemen patrol near Avdiivka (Reuters photo)\n"
           "A Russian tank fires during drills. REUTERS/Sergey Pivovarov\n"
           "About 10,000 troops returned to base in Crimea. Photo: Reuters\n")
    cleaned = clean_text(raw)
    assert cleaned.removed == [
        (1, "Russian tanks are loaded onto a train in Crimea. Photo: Reuters", "photo_credit_tag"),
        (2, "Ukrainian servicemen patrol near Avdiivka (Reuters photo)", "photo_credit_tag"),
        (3, "A Russian tank fires during drills. REUTERS/Sergey Pivovarov", "photo_credit_tag"),
    ]
    assert cleaned.text == "About 10,000 troops returned to base in Crimea. Photo: Reuters"


@pytest.mark.parametrize("raw, removed, text", [
    ("MOSCOW (Reuters) - Russia said some troops were returning to base.",
     [(1, "MOSCOW (Reuters) -", "wire_dateline")], "Russia said some troops were returning to base."),
    ("KYIV, Feb 15 (Reuters) - Ukraine said it had seen no pullback.",
     [(1, "KYIV, Feb 15 (Reuters) -", "wire_dateline")], "Ukraine said it had seen no pullback."),
    ("WASHINGTON (AP) \u2014 The Pentagon said troops remained.",
     [(1, "WASHINGTON (AP) -", "wire_dateline")], "The Pentagon said troops remained."),
    ("NEW DELHI: India asked its citizens to leave Ukraine.",
     [(1, "NEW DELHI:", "wire_dateline")], "India asked its citizens to leave Ukraine."),
    ("New Delhi, Feb 15 (PTI): India advised its students to leave.",
     [(1, "New Delhi, Feb 15 (PTI):", "wire_dateline_agency")], "India advised its students to leave."),
    (" date 2022-02-15 MOSCOW (Reuters) - Troops left.",
     [(1, "date 2022-02-15", "dateline_header"), (1, "MOSCOW (Reuters) -", "wire_dateline")], "Troops left."),
    ("By Jane Doe\nMOSCOW (Reuters) - Troops left.",
     [(1, "By Jane Doe", "byline"), (2, "MOSCOW (Reuters) -", "wire_dateline")], "Troops left."),
    ("By Jane Doe and John Roe, Reuters\n\nTroops left.",
     [(1, "By Jane Doe and John Roe, Reuters", "byline")], "Troops left."),
    ("By Tuesday, most of the troops had left.", [], "By Tuesday, most of the troops had left."),
    ("NATO: no sign of de-escalation on the ground", [], "NATO: no sign of de-escalation on the ground"),
])
def test_wire_datelines_and_bylines_are_removed_and_recorded(raw, removed, text):
    cleaned = clean_text(raw)
    assert cleaned.removed == removed
    assert cleaned.text == text


def test_a_heading_on_its_own_line_ends_a_sentence_and_wrapped_lines_do_not():
    from troopwatch.corpus.text import split_sentences

    raw = ("Related coverage\n"
           "Russia said on Tuesday that some of its troops were returning to their bases after\n"
           "drills near Ukraine, and Kyiv said it would believe it when it saw it.\n")
    cleaned = clean_text(raw)
    assert cleaned.text == ("Related coverage\n"
                            "Russia said on Tuesday that some of its troops were returning to their bases after "
                            "drills near Ukraine, and Kyiv said it would believe it when it saw it.")
    assert [cleaned.text[s:e] for s, e in split_sentences(cleaned.text)] == [
        "Related coverage",
        "Russia said on Tuesday that some of its troops were returning to their bases after drills near "
        "Ukraine, and Kyiv said it would believe it when it saw it."]


def test_seed_articles_have_no_wrapped_paragraphs_to_break(seed_corpus):
    assert not seed_corpus.articles.text.str.contains(r"[^\n]\n[^\n]").any()


@pytest.mark.parametrize("content, message", [
    ("- {name: x, scope: line, pattern: a, why: y, unless: '('}\n", r"rule 1 \('x'\): unless is not a valid"),
    ("- {name: x, scope: line, pattern: a, why: y, max_words: many}\n", r"rule 1 \('x'\): max_words must be"),
])
def test_bad_unless_or_max_words_names_the_rule(tmp_path, content, message):
    path = tmp_path / "rules.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_boilerplate_rules(path)

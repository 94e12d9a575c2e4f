import pandas as pd
import pytest

import troopwatch as tw
from troopwatch.errors import ResourceError
from troopwatch.evaluation import ATTRIBUTION_GOLD_COLUMNS, attribution_mismatches, attribution_scores, read_gold
from troopwatch.sources import ATTRIBUTION_COLUMNS, load_actor_table, speaker_group
from conftest import CORPUS, PROJECT


def attributions_of(text: str) -> list[list]:
    return tw.extract_attributions(text)[["speaker", "speaker_group", "cue", "direct"]].values.tolist()


@pytest.mark.parametrize("text, expected", [
    ("Russia's defence ministry said in a statement that troops were leaving.",
     [["Russia's defence ministry", "russian_official", "said", False]]),
    ('"Some units will join convoys," Russian Defense Ministry spokesman Igor Konashenkov said.',
     [["Russian Defense Ministry spokesman Igor Konashenkov", "russian_official", "said", True]]),
    ('"Drills were carried out as planned," said Igor Konashenkov, a spokesman for the ministry.',
     [["Igor Konashenkov", "russian_official", "said", True]]),
    ("According to a British government source, the withdrawal would have to be large.",
     [["a British government source", "anonymous", "according to", False]]),
    ('"More than 10,000 servicemen will march to their bases," Interfax quoted the army as saying.',
     [["the army", "russian_official", "quoted … as saying", True]]),
    ("Moscow, however, has consistently denied any such intention.",
     [["Moscow", "russian_official", "denied", False]]),
    ('"The troops have shown their capacity," Sergey Shoygu, defence minister, said in televised remarks.',
     [["Sergey Shoygu, defence minister", "russian_official", "said", True]]),
    ("The announcement gave cause for \"cautious optimism,\" according to Nato.",
     [["Nato", "western_official", "according to", True]]),
    ("Kremlin watchers said the call had worked.", [["Kremlin watchers", "analyst", "said", False]]),
    ("Russian news agency Interfax reported the move.", [["Russian news agency Interfax", "news_agency", "reported", False]]),
    ("Ukraine's Foreign Minister Dmytro Kuleba tweeted a reply.",
     [["Ukraine's Foreign Minister Dmytro Kuleba", "ukrainian_official", "tweeted", False]]),
    ("A local farmer said the tanks had gone.", [["A local farmer", "unmapped", "said", False]]),
])
def test_attributions_find_speaker_group_cue_and_quote(text, expected):
    assert attributions_of(text) == expected


def test_columns_and_offsets():
    text = 'Troops left. "We are done," Peskov said.'
    found = tw.extract_attributions(text)
    assert list(found.columns) == ATTRIBUTION_COLUMNS
    row = found.iloc[0]
    assert text[row.start:row.end] == "Peskov said"
    assert row.quote == "We are done,"


@pytest.mark.parametrize("speaker, group", [
    ("Zelensky", "ukrainian_official"), ("President Zelenskiy", "ukrainian_official"),
    ("Dymytro Kuleba", "ukrainian_official"), ("Sergei Shoigu", "russian_official"),
    ("Sergey Shoygu", "russian_official"), ("Maria Zakharova", "russian_official"),
    ("NATO", "western_official"), ("Nato", "western_official"), ("US officials", "western_official"),
    ("TASS", "news_agency"), ("RIA", "news_agency"), ("the Kremlin", "russian_official"),
    ("Kremlin watchers", "analyst"), ("a senior US official who asked not to be named", "anonymous"),
    ("us", "unmapped"),
])
def test_aliases_map_to_actor_groups_by_the_head_of_the_phrase(speaker, group):
    assert speaker_group(speaker) == group


def test_he_said_resolves_to_the_speaker_named_earlier_in_the_paragraph():
    text = 'Vladimir Putin spoke at length. Kremlin aides said little. "We want guarantees," he said.'
    found = tw.extract_attributions(text)
    assert found[["speaker", "resolved", "direct"]].values.tolist()[-1] == ["Vladimir Putin", True, True]


def test_pronoun_resolution_skips_agencies_and_institutions():
    text = "Peskov said talks would go on, Reuters reported. The Kremlin said so too. He also accused Washington."
    assert tw.extract_attributions(text).speaker.tolist() == ["Peskov", "Reuters", "The Kremlin", "Peskov"]


def test_an_elided_subject_is_the_last_speaker():
    found = tw.extract_attributions("Putin claimed the talks went well and said he was hopeful.")
    assert found[["speaker", "cue", "resolved"]].values.tolist() == [["Putin", "claimed", False], ["Putin", "said", True]]


def test_attributions_over_a_corpus_carry_sentence_ids(seed_corpus):
    found = tw.attributions(seed_corpus)
    texts = seed_corpus.articles.set_index("article_id")["text"]
    sentences = seed_corpus.sentences.set_index(["article_id", "sentence_id"])
    for row in found.itertuples():
        sentence = sentences.loc[(row.article_id, row.sentence_id)]
        assert sentence.start <= row.start < sentence.end
        assert row.cue.split(" ")[0] in texts[row.article_id][row.start:row.end].lower()


def test_gold_attributions_recall_and_precision(seed_corpus):
    gold = read_gold(CORPUS / "annotations" / "attributions.csv", ATTRIBUTION_GOLD_COLUMNS)
    found = tw.attributions(seed_corpus)
    scores = attribution_scores(found, gold).iloc[0]
    assert attribution_mismatches(found, gold).empty
    assert scores.recall >= 0.95 and scores.precision >= 0.9
    assert scores.group_f1 >= 0.95 and scores.direct_f1 >= 0.9


def test_bad_actor_table_names_the_line(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("alias,speaker_group,note\nPutin,russian,\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"actors.csv line 2: 'Putin,russian,' needs an alias and a speaker_group"):
        load_actor_table(path)


def test_an_edited_actor_table_changes_groups(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("alias,speaker_group,note\nfarmer,analyst,\n", encoding="utf-8")
    table = load_actor_table(path)
    assert tw.extract_attributions("A local farmer said so.", table).speaker_group.tolist() == ["analyst"]


def test_development_passages_are_all_found():
    from troopwatch.evaluation import attribution_passage_scores

    cases = read_gold(PROJECT / "tests" / "data" / "attributions_dev.csv",
                      ["case_id", "text", "speaker", "speaker_group", "cue", "direct"])
    assert cases["case_id"].nunique() == 40
    scores = attribution_passage_scores(cases).iloc[0]
    assert (scores.precision, scores.recall, scores.group_f1, scores.direct_f1) == (1.0, 1.0, 1.0, 1.0)


@pytest.mark.parametrize("text, speaker", [
    ("Dmitry Peskov dismissed the Western reports as propaganda and said Russia posed no threat.", "Dmitry Peskov"),
    ("NATO welcomed the move but said it had seen no sign of de-escalation.", "NATO"),
])
def test_an_elided_subject_after_and_or_but_is_the_sentence_subject(text, speaker):
    assert tw.extract_attributions(text)[["speaker", "cue", "resolved"]].values.tolist() == [[speaker, "said", True]]


def test_an_apposition_after_a_name_belongs_to_the_speaker():
    text = "Maria Zakharova, the foreign ministry spokeswoman, said the drills were over."
    assert tw.extract_attributions(text).speaker.tolist() == ["Maria Zakharova, the foreign ministry spokeswoman"]
    assert tw.extract_attributions("On Monday, the alliance said so.").speaker.tolist() == ["the alliance"]


def test_held_out_passages_meet_the_gold_bar():
    from troopwatch.evaluation import attribution_passage_scores

    cases = read_gold(PROJECT / "tests" / "data" / "attributions_heldout.csv",
                      ["case_id", "text", "speaker", "speaker_group", "cue", "direct"])
    scores = attribution_passage_scores(cases).iloc[0]
    assert scores.recall >= 0.95 and scores.precision >= 0.9

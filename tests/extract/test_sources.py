import pandas as pd
import pytest

import troopwatch as tw
from troopwatch.errors import ResourceError
from troopwatch.extract.sources import (ATTRIBUTION_COLUMNS, SPEAKER_GROUPS, SUPPLIER_OF_GROUP, NARRATIVE_VOICE,
                                anonymity_table, credit_for, is_anonymous, load_actor_table, quote_table,
                                speaker_group)

ROW = ["speaker", "speaker_group", "anonymous", "cue", "direct"]


def attributions_of(text: str) -> list[list]:
    return tw.extract_attributions(text)[ROW].values.tolist()


# --- the failures reported in the issue, one sentence each, with the rows CODING.md asks for ---

@pytest.mark.parametrize("text, expected", [
    # abbreviations inside the speaker phrase ("U.S.", "Mr.", "Gen.", "Lt.", "Dr.", "U.N.")
    ("Russia has massed about 100,000 troops near the border, according to U.S. intelligence.",
     [["U.S. intelligence", "western_official", True, "according to", False]]),
    ('"We see no pullback," said a senior U.S. official.',
     [["a senior U.S. official", "western_official", True, "said", True]]),
    ("Gen. Mark Milley told reporters that the force was the largest since the Cold War.",
     [["Gen. Mark Milley", "western_official", False, "told", False]]),
    ("Lt. Gen. Ben Hodges, a former commander of U.S. Army Europe, said Moscow was bluffing.",
     [["Lt. Gen. Ben Hodges", "western_official", False, "said", False]]),
    ('"This is a dangerous moment," U.N. chief Antonio Guterres said.',
     [["U.N. chief Antonio Guterres", "other", False, "said", True]]),
    # anonymity clauses
    ("A senior U.S. official, speaking on condition of anonymity, said Russia had added 7,000 troops.",
     [["A senior U.S. official", "western_official", True, "said", False]]),
    ("Russia is still building up, said the official, who spoke on condition of anonymity.",
     [["the official", "unknown", True, "said", False]]),
    ("Two officials, who requested anonymity, said the drills were a cover.",
     [["Two officials", "unknown", True, "said", False]]),
    ("A senior U.S. official who spoke on condition of anonymity said the build-up continued.",
     [["A senior U.S. official", "western_official", True, "said", False]]),
    # a quote before a speaker phrase holding a period
    ('"We do not want war," Mr. Putin said.', [["Mr. Putin", "russian_official", False, "said", True]]),
    ('"The troops are still there," U.S. Secretary of State Antony Blinken told CNN.',
     [["U.S. Secretary of State Antony Blinken", "western_official", False, "told", True]]),
    # groups by affiliation
    ("A professor of international politics told the newspaper that the drills were a signal.",
     [["A professor of international politics", "analyst", True, "told", False]]),
    ("Interfax cited the ministry as saying that 10,000 troops had returned.",
     [["Interfax", "news_agency", False, "cited … as saying", False],
      ["the ministry", "russian_official", False, "cited … as saying", False]]),
    # a pronoun with nobody to refer to stays unresolved
    ('"We are ready," he said.', [["he", "unknown", True, "said", True]]),
])
def test_issue_sentences_give_the_coded_rows(text, expected):
    assert attributions_of(text) == expected


def test_the_clause_holding_a_figure_decides_who_supplied_it():
    text = "Peskov said the drills were routine, but Western officials said Russia had massed 100,000 troops."
    found = tw.extract_attributions(text).assign(sentence_id=1, paragraph_id=1)
    assert found[ROW].values.tolist() == [["Peskov", "russian_official", False, "said", False],
                                          ["Western officials", "western_official", True, "said", False]]
    assert credit_for("100,000 troops", 1, 1, found)["speaker"] == "Western officials"
    assert credit_for("the drills were routine", 1, 1, found)["speaker"] == "Peskov"


@pytest.mark.parametrize("text, speaker", [
    ("The Kremlin said the drills were over, but Kirby told reporters that Russia had added 7,000 troops.", "Kirby"),
    ("Russia added 7,000 troops, Kirby told reporters, while the Kremlin said the drills were over.", "Kirby"),
    ("The Kremlin said the drills were over; according to U.S. officials, Russia had added 7,000 troops.",
     "U.S. officials"),
])
def test_credit_goes_to_the_speaker_whose_clause_holds_the_figure(text, speaker):
    found = tw.extract_attributions(text).assign(sentence_id=1, paragraph_id=1)
    assert credit_for("7,000 troops", 1, 1, found)["speaker"] == speaker


def test_a_figure_before_an_inverted_cue_belongs_to_that_speaker():
    text = "Russia had massed 100,000 troops, Western officials said, but Peskov said the drills were routine."
    found = tw.extract_attributions(text).assign(sentence_id=1, paragraph_id=1)
    assert credit_for("100,000 troops", 1, 1, found)["speaker"] == "Western officials"


def test_a_quoted_figure_belongs_to_the_quoted_speaker_not_the_agency():
    text = '"More than 10,000 servicemen will march to their bases," Interfax quoted the army as saying.'
    found = tw.extract_attributions(text).assign(sentence_id=1, paragraph_id=1)
    assert found[["speaker", "via", "quote"]].values.tolist() == [
        ["Interfax", "", ""], ["the army", "Interfax", "More than 10,000 servicemen will march to their bases,"]]
    assert credit_for("10,000 servicemen", 1, 1, found)["speaker"] == "the army"


def test_a_quote_spanning_sentences_goes_to_its_speaker():
    text = '"The situation remains tense. We are watching closely," Stoltenberg told a news conference.'
    row = tw.extract_attributions(text).iloc[0]
    assert (row.speaker, row.direct) == ("Stoltenberg", True)
    assert row.quote == "The situation remains tense. We are watching closely,"


def test_a_quote_continuing_in_the_next_sentence_stays_with_the_speaker():
    text = ('"The trains are moving," said Anna Petrova, a researcher at a Berlin think tank. '
            '"But the tents are still standing."')
    found = tw.extract_attributions(text)
    assert found[ROW].values.tolist() == [["Anna Petrova", "analyst", False, "said", True]]
    assert found.quote.iloc[0] == "The trains are moving, … But the tents are still standing."


# --- speakers, titles and appositions -------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Russia's defence ministry said in a statement that troops were leaving.",
     [["Russia's defence ministry", "russian_official", False, "said", False]]),
    ('"Some units will join convoys," Russian Defense Ministry spokesman Igor Konashenkov said.',
     [["Russian Defense Ministry spokesman Igor Konashenkov", "russian_official", False, "said", True]]),
    ('"Drills were carried out as planned," said Igor Konashenkov, a spokesman for the ministry.',
     [["Igor Konashenkov", "russian_official", False, "said", True]]),
    ("According to a British government source, the withdrawal would have to be large.",
     [["a British government source", "western_official", True, "According to", False]]),
    ("Moscow, however, has consistently denied any such intention.",
     [["Moscow", "russian_official", False, "denied", False]]),
    # CODING.md: a title after a comma is not part of the speaker, but it still gives the group
    ('"The troops have shown their capacity," Sergey Shoygu, defence minister, said in televised remarks.',
     [["Sergey Shoygu", "russian_official", False, "said", True]]),
    ("The separatist leader in Donetsk, Kirill Ivanov, claimed that Ukraine was preparing an assault.",
     [["Kirill Ivanov", "other", False, "claimed", False]]),
    ("Retired colonel Pavel Sokolov, a Moscow-based military expert, told RIA that the drills were planned.",
     [["Retired colonel Pavel Sokolov", "analyst", False, "told", False]]),
    ("The announcement gave cause for \"cautious optimism,\" according to Nato.",
     [["Nato", "western_official", False, "according to", True]]),
    ("Kremlin watchers said the call had worked.", [["Kremlin watchers", "analyst", True, "said", False]]),
    ("Russian news agency Interfax reported the move.",
     [["Russian news agency Interfax", "news_agency", False, "reported", False]]),
    ("Russia's RIA news agency reported the move.", [["RIA", "news_agency", False, "reported", False]]),
    ("Ukraine's Foreign Minister Dmytro Kuleba tweeted a reply.",
     [["Ukraine's Foreign Minister Dmytro Kuleba", "ukrainian_official", False, "tweeted", False]]),
    ("A local farmer said the tanks had gone.", [["A local farmer", "other", True, "said", False]]),
    ("Officials at the Pentagon said the build-up continued.",
     [["Officials at the Pentagon", "western_official", True, "said", False]]),
    ("A diplomatic source in Kyiv said the talks had stalled.",
     [["A diplomatic source in Kyiv", "unknown", True, "said", False]]),
    ("MOSCOW (Reuters) - Russia said on Tuesday some of its troops were returning to base.",
     [["Russia", "russian_official", False, "said", False]]),
    ("The Ministry of External Affairs (MEA) said in a statement that nationals should leave.",
     [["The Ministry of External Affairs", "unknown", False, "said", False]]),
    ("Officials in Washington and London said the intelligence pointed to an attack.",
     [["Officials in Washington and London", "western_official", True, "said", False]]),
    ("According to the Pentagon's press secretary, John Kirby, Russia has added troops.",
     [["John Kirby", "western_official", False, "According to", False]]),
    ("KYIV (Reuters) - Ukraine's foreign minister said Kyiv had prevented escalation.",
     [["Ukraine's foreign minister", "ukrainian_official", False, "said", False]]),
    ("The BBC's Moscow correspondent Steve Rosenberg said the Kremlin wanted calm.",
     [["The BBC's Moscow correspondent Steve Rosenberg", "news_agency", False, "said", False]]),
    ("Dmitry Peskov, Kremlin spokesman, said the troops would return.",
     [["Dmitry Peskov", "russian_official", False, "said", False]]),
    ("'We will not attack anyone,' Lavrov said.", [["Lavrov", "russian_official", False, "said", True]]),
    ("Peskov was quoted by the RIA news agency as saying that the drills were over.",
     [["Peskov", "russian_official", False, "quoted as saying", False],
      ["RIA", "news_agency", False, "quoted as saying", False]]),
    ("The United States and its allies have warned of severe sanctions.",
     [["The United States and its allies", "western_official", True, "warned", False]]),
    ("Moscow says the troops are there for drills, while Kyiv and Washington say they are poised to invade.",
     [["Moscow", "russian_official", False, "says", False], ["Kyiv", "ukrainian_official", False, "say", False],
      ["Washington", "western_official", False, "say", False]]),
    ("It is not clear how many troops have left, the report said.",
     [["the report", "unknown", False, "said", False]]),
    ("Russia is not going to attack anyone, the Russian ambassador to Washington insisted.",
     [["the Russian ambassador to Washington", "russian_official", False, "insisted", False]]),
    ("Tensions eased after Moscow announced that units were heading home.",
     [["Moscow", "russian_official", False, "announced", False]]),
    ("Russia's defence ministry denied reports that 15 servicemen had died.",
     [["Russia's defence ministry", "russian_official", False, "denied", False]]),
    ("There was no sign of a pull-back, according to satellite imagery analysed by Maxar.",
     [["Maxar", "other", False, "according to", False]]),
    ("Drills began on Thursday, the defence ministry in Minsk said.",
     [["the defence ministry in Minsk", "other", False, "said", False]]),
    ("About 2,000 troops left Crimea, according to footage broadcast by Russian state TV.",
     [["Russian state TV", "news_agency", True, "according to", False]]),
    ("Germany and France welcomed the move.",
     [["Germany", "western_official", False, "welcomed", False],
      ["France", "western_official", False, "welcomed", False]]),
])
def test_speakers_groups_and_anonymity(text, expected):
    assert attributions_of(text) == expected


# --- which cues count (CODING.md section 4) --------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Russia has about 130,000 troops near Ukraine, per the Pentagon.",
     [["the Pentagon", "western_official", False, "per", False]]),
    ("Ukraine put the figure at 127,000 troops.",
     [["Ukraine", "ukrainian_official", False, "put the figure at", False]]),
    ("Russia pulls back troops, Moscow says", [["Moscow", "russian_official", False, "says", False]]),
    ("Russia: 'We have no plans to invade'", [["Russia", "russian_official", False, ":", True]]),
    ("Satellite images from Maxar Technologies show new field hospitals near Belgorod.",
     [["Maxar Technologies", "other", False, "show", False]]),
    ("The Kyiv Independent, citing Ukraine's General Staff, reported that units had not moved.",
     [["The Kyiv Independent", "news_agency", False, "reported", False],
      ["Ukraine's General Staff", "ukrainian_official", False, "citing", False]]),
    ("The Kremlin welcomed the talks, while NATO urged Russia to pull back.",
     [["The Kremlin", "russian_official", False, "welcomed", False],
      ["NATO", "western_official", False, "urged", False]]),
    ("Moscow has accused Kyiv of massing troops, claims Ukraine denies.",
     [["Moscow", "russian_official", False, "accused", False], ["Ukraine", "ukrainian_official", False, "denies", False]]),
    ("Russia has 130,000 troops near Ukraine, according to estimates by the Pentagon.",
     [["the Pentagon", "western_official", False, "according to", False]]),
    ("Peskov, quoted by Interfax, said the drills were over.",
     [["Peskov", "russian_official", False, "said", False], ["Interfax", "news_agency", False, "quoted", False]]),
    ("The troops will stay until the drills end, PTI reported quoting officials.",
     [["PTI", "news_agency", False, "reported", False], ["officials", "unknown", True, "quoting", False]]),
    ("A NATO official, briefing reporters on condition of anonymity, said more troops had arrived.",
     [["A NATO official", "western_official", True, "said", False]]),
    ("The plan was denied by Moscow.", [["Moscow", "russian_official", False, "denied", False]]),
    ("U.S. officials estimate Russia has about 150,000 troops near the border.",
     [["U.S. officials", "western_official", True, "estimate", False]]),
    ("U.S. intelligence estimated that Russia could field 175,000 troops.",
     [["U.S. intelligence", "western_official", True, "estimated", False]]),
])
def test_communication_verbs_and_credited_providers_are_cues(text, expected):
    assert attributions_of(text) == expected


@pytest.mark.parametrize("text", [
    "U.S. officials believe Russia could invade within days.",          # a mental state
    "Ukraine fears a new offensive in the spring.",                     # a mental state
    "Shoigu ordered the units back to their bases.",                    # an order
    "Putin declined to say whether troops would leave.",                # a refusal
    "The ministry did not confirm the figure.",                         # a negated cue
    "Moscow's claims of a pullback were met with suspicion.",           # a claim written as a noun
    "Photo: Reuters/Maxim Shemetov",                                     # a photo credit
    "By Tom Balmforth and Pavel Polityuk",                              # a byline
    "An estimated 100,000 Russian troops had moved to the border.",    # an adjective, not a cue
    "Moscow has added as many as 7,000 troops near the border.",       # "added" without speech
    "Russia withdrew some units, citing the end of the drills.",       # citing a reason, not a source
    "The move was announced after talks in Moscow.",                    # a passive with no source
    "The withdrawal, announced on Tuesday, was welcomed in Europe.",   # a participle with no source
    "Soldiers were told to pack their equipment.",                      # a passive with no agent
])
def test_what_is_not_a_cue(text):
    assert attributions_of(text) == []


def test_one_row_per_source_per_passage_but_every_occurrence_in_articles():
    text = ('"Nobody is threatened by these drills," Peskov said, calling the reports "hysteria". '
            'He added that the exercises would go on.')
    assert attributions_of(text) == [["Peskov", "russian_official", False, "said", True]]
    every = tw.extract_attributions(text, each_occurrence=True)
    assert every[["speaker", "cue", "resolved"]].values.tolist() == [["Peskov", "said", False],
                                                                    ["Peskov", "added", True]]


def test_an_agency_relaying_a_quote_is_direct_too():
    text = 'Deputy Foreign Minister Sergei Ryabkov rejected the warnings as "fantasies", TASS reported.'
    assert attributions_of(text) == [["Deputy Foreign Minister Sergei Ryabkov", "russian_official", False, "rejected",
                                      True], ["TASS", "news_agency", False, "reported", True]]


# --- pronouns, elided subjects, organisations named again -------------------------------------------

def test_he_said_resolves_to_the_speaker_named_earlier_in_the_paragraph():
    text = 'Vladimir Putin spoke at length. Kremlin aides said little. "We want guarantees," he said.'
    found = tw.extract_attributions(text, each_occurrence=True)
    assert found[["speaker", "resolved", "direct"]].values.tolist()[-1] == ["Vladimir Putin", True, True]


def test_he_said_resolves_to_a_titled_name_in_an_earlier_sentence():
    text = ('Defence Minister Sergei Shoigu visited a training ground in Crimea on Friday. '
            '"The units did what was asked of them," he said.')
    assert tw.extract_attributions(text)[["speaker", "speaker_group", "anonymous", "resolved", "direct"]].values.tolist() \
        == [["Defence Minister Sergei Shoigu", "russian_official", False, True, True]]


def test_it_and_they_resolve_to_the_last_organisation_or_group_of_people():
    text = ("Russia's defence ministry said the drills were over.\n\nIt said 10,000 troops had left. "
            "Western officials said otherwise. They said no units had moved.")
    found = tw.extract_attributions(text, each_occurrence=True)
    assert found[["speaker", "speaker_group", "resolved"]].values.tolist()[1:] == [
        ["Russia's defence ministry", "russian_official", True], ["Western officials", "western_official", False],
        ["Western officials", "western_official", True]]


def test_a_pronoun_with_no_referent_stays_unresolved():
    assert tw.extract_attributions("It said the drills had ended.")[
        ["speaker", "speaker_group", "anonymous", "resolved"]].values.tolist() == [["It", "unknown", True, False]]


def test_pronoun_resolution_skips_agencies_and_institutions():
    text = "Peskov said talks would go on, Reuters reported. The Kremlin said so too. He also accused Washington."
    found = tw.extract_attributions(text, each_occurrence=True)
    assert found.speaker.tolist() == ["Peskov", "Reuters", "The Kremlin", "Peskov"]


def test_an_elided_subject_is_the_last_speaker():
    found = tw.extract_attributions("Putin claimed the talks went well and said he was hopeful.", each_occurrence=True)
    assert found[["speaker", "cue", "resolved"]].values.tolist() == [["Putin", "claimed", False], ["Putin", "said", True]]


@pytest.mark.parametrize("text, speaker", [
    ("Dmitry Peskov dismissed the Western reports as propaganda and said Russia posed no threat.", "Dmitry Peskov"),
    ("NATO welcomed the move but said it had seen no sign of de-escalation.", "NATO"),
])
def test_an_elided_subject_after_and_or_but_is_the_sentence_subject(text, speaker):
    found = tw.extract_attributions(text, each_occurrence=True)
    assert found[["speaker", "resolved"]].values.tolist()[-1] == [speaker, True]


def test_an_organisation_named_again_without_its_country_keeps_its_group():
    text = "Russia's defence ministry said the drills were over.\n\nThe ministry said 10,000 troops had left."
    assert tw.extract_attributions(text).speaker_group.tolist() == ["russian_official", "russian_official"]
    assert tw.extract_attributions("The ministry said 10,000 troops had left.").speaker_group.tolist() == ["unknown"]


def test_an_apposition_after_a_name_gives_the_group_not_the_speaker():
    text = "Maria Zakharova, the foreign ministry spokeswoman, said the drills were over."
    assert tw.extract_attributions(text).speaker.tolist() == ["Maria Zakharova"]
    assert tw.extract_attributions("On Monday, the alliance said so.").speaker.tolist() == ["the alliance"]


# --- groups, anonymity and the actor table ----------------------------------------------------------

@pytest.mark.parametrize("speaker, group", [
    ("Zelensky", "ukrainian_official"), ("President Zelenskiy", "ukrainian_official"),
    ("Dymytro Kuleba", "ukrainian_official"), ("Sergei Shoigu", "russian_official"),
    ("NATO", "western_official"), ("US officials", "western_official"), ("Hungary's Prime Minister", "western_official"),
    ("TASS", "news_agency"), ("The Wall Street Journal", "news_agency"), ("the Kremlin", "russian_official"),
    ("Kremlin watchers", "analyst"), ("The Institute for the Study of War", "analyst"),
    ("China's foreign ministry spokesman", "other"), ("U.N. Secretary-General Antonio Guterres", "other"),
    ("Belarusian President Alexander Lukashenko", "other"), ("Witnesses", "other"),
    ("a senior US official who asked not to be named", "western_official"),
    ("sources in Russia's defence ministry", "russian_official"), ("people familiar with the matter", "unknown"),
    ("us", "other"), ("sources", "unknown"),
])
def test_aliases_map_to_actor_groups_by_the_head_of_the_phrase(speaker, group):
    assert speaker_group(speaker) == group


@pytest.mark.parametrize("speaker, anonymous", [
    ("U.S. officials", True), ("the Pentagon", False), ("Two U.S. officials", True), ("Analysts", True),
    ("Residents of Dzhankoi", True), ("Sources in the Ukrainian military", True), ("Russian state media", True),
    ("Zelensky's office", False), ("The Russian embassy in Washington", False), ("spokesman John Kirby", False),
    ("Secretary of State Antony Blinken", False), ("Russia's defence minister", False), ("a Kremlin spokesman", True),
])
def test_anonymous_when_no_person_or_organisation_is_named(speaker, anonymous):
    assert is_anonymous(speaker) is anonymous


def test_every_group_in_the_actor_table_is_a_coding_group():
    assert set(load_actor_table().speaker_group) <= set(SPEAKER_GROUPS)
    assert SPEAKER_GROUPS == ("russian_official", "ukrainian_official", "western_official", "news_agency", "analyst",
                              "other", "unknown")
    assert set(SUPPLIER_OF_GROUP) == {*SPEAKER_GROUPS, NARRATIVE_VOICE}


def test_bad_actor_table_names_the_line(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("alias,speaker_group,note\nPutin,anonymous,\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"actors.csv line 2: 'Putin,anonymous,' needs an alias and a speaker_group"):
        load_actor_table(path)


def test_an_edited_actor_table_changes_groups(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("alias,speaker_group,note\nfarmer,analyst,\n", encoding="utf-8")
    table = load_actor_table(path)
    assert tw.extract_attributions("A local farmer said so.", table).speaker_group.tolist() == ["analyst"]


# --- frames over a corpus, and the outlet tables ------------------------------------------------------

def test_single_line_breaks_separate_paragraphs_and_offsets_hold():
    text = "Russia pulls back troops\nPeskov said the drills were over.\n\nPeskov said so again."
    found = tw.extract_attributions(text)
    assert [text[row.start:row.end] for row in found.itertuples()] == ["Peskov said", "Peskov said"]


def test_raw_text_with_curly_quotes_and_dashes_keeps_its_offsets():
    text = ("MOSCOW (AP) \u2014 Russia said Tuesday it was pulling back troops, but U.S. and NATO officials said "
            "they had seen no withdrawal.\n\u201cWe will believe it when we see it,\u201d Kuleba said.")
    found = tw.extract_attributions(text)
    assert found[ROW].values.tolist() == [["Russia", "russian_official", False, "said", False],
                                          ["U.S. and NATO officials", "western_official", True, "said", False],
                                          ["Kuleba", "ukrainian_official", False, "said", True]]
    assert text[found.start.iloc[2]:found.end.iloc[2]] == "Kuleba said"


def test_it_after_a_sentence_opened_by_an_organisation_is_that_organisation():
    text = ("Russia said the drills were over. The Russian Defence Ministry released a video of trains. "
            "It said 10,000 troops had left.")
    found = tw.extract_attributions(text)
    assert found[["speaker", "resolved"]].values.tolist() == [["Russia", False], ["The Russian Defence Ministry", True]]


def test_he_after_a_titled_name_with_a_nationality_is_that_person():
    text = 'Ukrainian Foreign Minister Dmytro Kuleba was sceptical. "We will see," he said.'
    assert tw.extract_attributions(text)[["speaker", "resolved"]].values.tolist() == [
        ["Ukrainian Foreign Minister Dmytro Kuleba", True]]


def test_columns_and_offsets():
    text = 'Troops left. "We are done," Peskov said.'
    found = tw.extract_attributions(text)
    assert list(found.columns) == ATTRIBUTION_COLUMNS
    row = found.iloc[0]
    assert text[row.start:row.end] == "Peskov said"
    assert row.quote == "We are done,"
    assert found.dtypes[["anonymous", "direct", "resolved"]].tolist() == [bool, bool, bool]


def test_attributions_over_a_corpus_carry_sentence_ids(seed_corpus):
    found = tw.attributions(seed_corpus)
    texts = seed_corpus.articles.set_index("article_id")["text"]
    sentences = seed_corpus.sentences.set_index(["article_id", "sentence_id"])
    for row in found.itertuples():
        sentence = sentences.loc[(row.article_id, row.sentence_id)]
        assert sentence.start <= row.start < sentence.end
        span = texts[row.article_id][row.start:row.end].lower()
        assert any(word.lower() in span for word in row.cue.split(" ") if word != "…")


def test_quote_table_counts_every_group_per_outlet():
    found = pd.DataFrame({"outlet": ["b", "A", "A"], "speaker_group": ["unknown", "analyst", "western_official"],
                          "direct": [False, True, False]})
    table = quote_table(found)
    assert list(table.columns) == [*SPEAKER_GROUPS, "n", "direct_share"]
    assert table.index.tolist() == ["A", "b"]
    assert table.loc["A", ["analyst", "western_official", "unknown", "n"]].tolist() == [1, 1, 0, 2]


def test_anonymity_table_per_outlet(seed_corpus):
    found = tw.attributions(seed_corpus)
    table = anonymity_table(found)
    assert list(table.columns) == ["n", "n_anonymous", "anonymous_share"]
    assert table["n"].sum() == len(found) and table["n_anonymous"].sum() == found["anonymous"].sum()
    assert ((table["anonymous_share"] >= 0) & (table["anonymous_share"] <= 1)).all()

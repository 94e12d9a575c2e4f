import numpy as np
import pandas as pd
import pytest
from nltk.sentiment.vader import SentimentIntensityAnalyzer

import troopwatch as tw
from troopwatch.errors import LexiconError
from troopwatch._setup.provision import shipped_vader_lexicon
from troopwatch.measure.sentiment import attach_groups, sentence_voices, sentiment_by, sentiment_units
from troopwatch.measure.vader import lexicon_sha256, read_lexicon_overrides

SENTENCES = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence_id": [1, 2, 1], "text": [
    "Russia says it is withdrawing some of its troops, a welcome sign.",
    "There has been no independent confirmation of the withdrawal.",
    "Russia could invade Ukraine at any time, the United States warned.",
]})


def test_compound_scores_equal_nltk_vader_exactly():
    scores = tw.sentiment(SENTENCES)
    reference = SentimentIntensityAnalyzer()
    for row in scores.itertuples():
        expected = reference.polarity_scores(row.text)
        assert (row.neg, row.neu, row.pos, row.compound) == (expected["neg"], expected["neu"], expected["pos"],
                                                             expected["compound"])
    assert scores.compound.tolist() == [0.4588, -0.2732, 0.1779]  # "united" is positive in the lexicon
    assert scores[["article_id", "sentence_id"]].equals(SENTENCES[["article_id", "sentence_id"]])


def test_the_lexicon_is_the_one_vadersentiment_ships_and_its_hash_is_recorded():
    import hashlib

    scores = tw.sentiment(SENTENCES)
    assert lexicon_sha256() == hashlib.sha256(shipped_vader_lexicon()).hexdigest()
    assert scores.attrs == {"method": "vader", "lexicon_sha256": lexicon_sha256(), "overrides": {}}


def test_the_lexicon_hash_is_of_the_file_nltk_loads_without_importing_nltk(tmp_path):
    import hashlib
    import json
    import os
    import subprocess
    import sys
    import zipfile

    own = tmp_path / "sentiment" / "vader_lexicon.zip"
    own.parent.mkdir()
    with zipfile.ZipFile(own, "w") as archive:
        archive.writestr("vader_lexicon/vader_lexicon.txt", "war\t-2.9\t0.5\t[-3, -3]")
    code = (
        "import json, sys, hashlib\n"
        "from troopwatch.measure.vader import lexicon_sha256\n"
        "ours, nltk_loaded = lexicon_sha256(), 'nltk' in sys.modules\n"
        "from nltk.sentiment.vader import SentimentIntensityAnalyzer\n"
        "theirs = hashlib.sha256(SentimentIntensityAnalyzer().lexicon_file.encode('utf-8')).hexdigest()\n"
        "print(json.dumps([ours, theirs, nltk_loaded]))"
    )
    for nltk_data in (os.environ.get("NLTK_DATA", ""), f"{tmp_path}{os.pathsep}{os.environ.get('NLTK_DATA', '')}"):
        result = subprocess.run([sys.executable, "-c", code], env={**os.environ, "NLTK_DATA": nltk_data},
                                capture_output=True, text=True, check=True)
        ours, theirs, nltk_loaded = json.loads(result.stdout)
        assert ours == theirs and not nltk_loaded
    assert ours == hashlib.sha256(b"war\t-2.9\t0.5\t[-3, -3]").hexdigest()  # the first folder on the path wins


def test_overrides_change_only_the_terms_they_name(tmp_path):
    path = tmp_path / "overrides.csv"
    path.write_text("term,valence\nwelcome,0\ninvade,-3.5\n", encoding="utf-8")
    plain, adjusted = tw.sentiment(SENTENCES), tw.sentiment(SENTENCES, lexicon_overrides=path)
    assert adjusted.attrs["overrides"] == {"welcome": 0.0, "invade": -3.5}
    assert adjusted.compound[1] == plain.compound[1]
    assert adjusted.compound[0] < plain.compound[0] and adjusted.compound[2] < plain.compound[2]
    reference = SentimentIntensityAnalyzer()
    reference.lexicon.update({"welcome": 0.0, "invade": -3.5})
    assert adjusted.compound.tolist() == [reference.polarity_scores(t)["compound"] for t in SENTENCES.text]
    assert tw.sentiment(SENTENCES).compound.tolist() == plain.compound.tolist()


@pytest.mark.parametrize("content, message", [
    ("word,score\ndrills,0\n", r"line 1: the header must be exactly 'term,valence'"),
    ("term,valence\ndrills,zero\n", r"line 2: valence 'zero' is not a number"),
    ("term,valence\ndrills,0\nexercises,9\n", r"line 3: valence 9 is outside \[-4, 4\]"),
    ("term,valence\nDrills,0\n", r"line 2: term 'Drills' must be one lower-case word"),
    ("term,valence\ndrills,0,1\n", r"line 2: 3 fields; write one term and one valence"),
    ("term,valence\ndrills,0\ndrills,1\n", r"line 3: term 'drills' is given twice"),
])
def test_a_bad_overrides_file_names_the_line(tmp_path, content, message):
    path = tmp_path / "overrides.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        read_lexicon_overrides(path)


def test_unknown_method_names_the_valid_ones():
    with pytest.raises(tw.ParameterError, match=r"method='bert' is not valid; choose one of 'vader', 'calibrated'"):
        tw.sentiment(SENTENCES, method="bert")


def test_group_intervals_resample_articles_and_need_two_of_them():
    scores = pd.DataFrame({"group": ["a"] * 6 + ["b"] * 3, "article_id": list("xxxyyy") + list("zzz"),
                           "compound": [0.5, 0.5, 0.5, -0.5, -0.5, -0.5, 0.2, 0.3, 0.4]})
    table = sentiment_by(scores)
    assert table[["group", "n", "n_articles", "mean_compound", "ci_low", "ci_high"]].values.tolist()[0] == \
        ["a", 6, 2, 0.0, -0.5, 0.5]
    assert table.iloc[1][["group", "n", "n_articles"]].tolist() == ["b", 3, 1]
    assert np.isnan(table.iloc[1][["ci_low", "ci_high"]].to_numpy(dtype=float)).all()
    assert table.equals(sentiment_by(scores))
    with pytest.raises(tw.ParameterError, match=r"scores lack the column\(s\) 'article_id'"):
        sentiment_by(scores.drop(columns="article_id"))


def test_article_score_is_the_mean_of_its_sentences(seed_corpus):
    scores = tw.sentiment(seed_corpus.sentences)
    articles = sentiment_units(scores, "article")
    fox = articles.set_index("article_id").loc["000_14b9d94f75be604a"]
    mine = scores[scores.article_id == "000_14b9d94f75be604a"].compound
    assert fox.compound == pytest.approx(mine.mean())
    assert fox.n_sentences == 12
    assert len(sentiment_units(scores, "paragraph")) == len(seed_corpus.paragraphs)


def test_voices_separate_quoted_speakers_from_the_narrative(seed_corpus):
    voices = sentence_voices(seed_corpus, tw.attributions(seed_corpus)).set_index(["article_id", "sentence_id"])
    assert voices.loc[("001_c6bde607be167a8a", 13), "speaker_group"] == "russian_official"  # Konashenkov
    assert voices.loc[("000_14b9d94f75be604a", 3), "speaker_group"] == "russian_official"  # quote before Interfax
    assert voices.loc[("000_14b9d94f75be604a", 1), "speaker_group"] == "outlet"
    assert set(voices.speaker_group) <= {"outlet", "russian_official", "ukrainian_official", "western_official",
                                          "news_agency", "analyst", "other", "unknown"}


def test_groups_by_frame_put_a_sentence_in_each_of_its_frames(seed_corpus):
    scores = tw.sentiment(seed_corpus.sentences)
    grouped = attach_groups(scores, seed_corpus, "frame")
    hits = tw.frame_scores(seed_corpus)
    assert len(grouped[grouped.group != "no frame"]) == len(hits.drop_duplicates(["article_id", "sentence_id", "frame"]))
    with pytest.raises(tw.ParameterError, match=r"group_by='frame' needs unit='sentence'"):
        attach_groups(sentiment_units(scores, "article"), seed_corpus, "frame", unit="article")


def test_calibrated_method_gives_compound_on_vaders_scale(seed_corpus):
    scores = tw.sentiment(seed_corpus.sentences.head(12), method="calibrated")
    assert scores.attrs["method"] == "calibrated"
    assert not scores.compound.equals(tw.sentiment(seed_corpus.sentences.head(12)).compound)
    pair = tw.sentiment(pd.DataFrame({"text": ["A welcome step towards peace and calm.",
                                               "A brutal, murderous and catastrophic assault."]}), method="calibrated")
    assert pair.compound[0] > 0 > pair.compound[1]

import csv
import hashlib

import pandas as pd
import pytest

import troopwatch as tw
from troopwatch.corpus.load import ARTICLE_COLUMNS, PARAGRAPH_COLUMNS, SENTENCE_COLUMNS
from conftest import CORPUS, METADATA_HEADER, PROJECT, metadata_row

SEEDS = PROJECT.parent / "shared" / "seeds"
PROVENANCE_FILE = SEEDS / "provenance.csv"


def provenance() -> list[dict[str, str]]:
    with (CORPUS / "metadata.csv").open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


# --- the seed corpus ---------------------------------------------------------

def test_seed_corpus_has_the_five_articles_with_outlets_and_dates_of_provenance(seed_corpus):
    articles = seed_corpus.articles
    assert list(articles.columns) == ARTICLE_COLUMNS
    expected = provenance()
    assert articles.article_id.tolist() == [row["file"][:-4] for row in expected]
    assert articles.outlet.tolist() == ["Fox News", "newscubby.com", "The Telegraph (via Yahoo News)",
                                        "Scroll.in", "Opoyi"]
    assert articles.published.dt.strftime("%Y-%m-%d").tolist() == [
        "2021-12-26", "2022-02-15", "2021-04-22", "2022-02-15", "2022-02-15"]
    assert articles.date_basis.tolist() == ["dateline", "inferred", "dateline", "inferred", "inferred"]
    assert articles.published.dtype == "datetime64[ns]"
    assert seed_corpus.rejects.empty


@pytest.mark.skipif(not PROVENANCE_FILE.exists(), reason="shared/seeds is not beside this checkout")
def test_metadata_and_articles_match_the_shared_seeds_byte_for_byte():
    with PROVENANCE_FILE.open(encoding="utf-8", newline="") as source:
        seeds = list(csv.DictReader(source))
    for seed, row in zip(seeds, provenance(), strict=True):
        assert {key: row[key] for key in seed} == seed
        assert row["article_id"] == seed["file"][:-4]
        assert (CORPUS / "articles" / seed["file"]).read_bytes() == (SEEDS / seed["file"]).read_bytes()


def test_articles_record_word_and_sentence_counts_and_the_file_hash(seed_corpus):
    articles = seed_corpus.articles.set_index("article_id")
    fox = articles.loc["000_14b9d94f75be604a"]
    assert fox.n_sentences == 12
    assert fox.n_words == 312  # whitespace-separated tokens holding a letter or digit
    assert fox.source_file == "articles/000_14b9d94f75be604a.txt"
    raw = (CORPUS / fox.source_file).read_bytes()
    assert fox.sha256 == hashlib.sha256(raw).hexdigest()
    assert fox.text.startswith("Russia has withdrawn over 10,000 troops from the Ukrainian border")
    counts = seed_corpus.sentences.groupby("article_id").size()
    assert counts.tolist() == articles.n_sentences.tolist()


def test_seed_004_non_breaking_spaces_are_normalised(seed_corpus):
    raw = (CORPUS / "articles" / "004_fee7a0d1622e9e4e.txt").read_text("utf-8")
    assert raw.count("\u00a0") == 16
    text = seed_corpus.articles.set_index("article_id").loc["004_fee7a0d1622e9e4e", "text"]
    assert "\u00a0" not in text
    assert "Meanwhile, United Nations Secretary-General Antonio Guterres" in text


def test_sentence_and_paragraph_offsets_index_the_clean_text(seed_corpus):
    texts = seed_corpus.articles.set_index("article_id")["text"]
    for frame, columns in ((seed_corpus.sentences, SENTENCE_COLUMNS), (seed_corpus.paragraphs, PARAGRAPH_COLUMNS)):
        assert list(frame.columns) == columns
        for row in frame.itertuples():
            assert texts[row.article_id][row.start:row.end] == row.text


def test_sentence_ids_count_from_one_within_each_article(seed_corpus):
    for _, group in seed_corpus.sentences.groupby("article_id"):
        assert group.sentence_id.tolist() == list(range(1, len(group) + 1))


def test_quoted_sentences_in_seed_001_are_split_where_the_text_says(seed_corpus):
    sentences = seed_corpus.sentences[seed_corpus.sentences.article_id.str.startswith("001")].text.tolist()
    assert sentences[3] == ("There has been no independent confirmation of the withdrawal, and the "
                            "announcement has been met with caution by international powers.")
    assert sentences[4] == "Over 100,000 Russian troops have gathered on the Ukrainian border."


# --- bad input: files go to rejects ------------------------------------------

def test_empty_file_is_rejected_with_a_reason(corpus_dir):
    path = corpus_dir({"a.txt": "", "b.txt": "Troops left."}, METADATA_HEADER + metadata_row("a.txt") + metadata_row("b.txt"))
    corpus = tw.load_corpus(path)
    assert corpus.articles.article_id.tolist() == ["b"]
    assert corpus.rejects.values.tolist() == [
        ["articles/a.txt", "empty file: it holds no text; fill it or delete it and its metadata row"]]


def test_file_of_only_boilerplate_is_rejected_and_its_lines_stay_visible(corpus_dir):
    path = corpus_dir({"a.txt": "Posted on\n\nLeave a Reply\n"}, METADATA_HEADER + metadata_row("a.txt"))
    corpus = tw.load_corpus(path)
    assert corpus.articles.empty
    assert corpus.rejects.values.tolist() == [
        ["articles/a.txt", "nothing left after cleaning: all 2 non-blank lines matched boilerplate "
                           "rules (see Corpus.removed)"]]
    assert corpus.removed.text.tolist() == ["Posted on", "Leave a Reply"]


def test_bytes_that_are_not_utf8_are_rejected_naming_the_byte(corpus_dir):
    path = corpus_dir({"a.txt": b"Troops \xe9 left."}, METADATA_HEADER + metadata_row("a.txt"))
    corpus = tw.load_corpus(path)
    assert corpus.rejects.values.tolist() == [
        ["articles/a.txt", "not UTF-8: byte 0xe9 at offset 7; re-save the file as UTF-8"]]


def test_metadata_row_whose_file_is_missing_is_rejected(corpus_dir):
    path = corpus_dir({"a.txt": "Troops left."}, METADATA_HEADER + metadata_row("a.txt") + metadata_row("gone.txt"))
    corpus = tw.load_corpus(path)
    assert corpus.articles.article_id.tolist() == ["a"]
    assert corpus.rejects.values.tolist() == [
        ["articles/gone.txt", "listed in metadata.csv line 3 but the file does not exist; "
                              "add the file or delete the row"]]


def test_article_file_with_no_metadata_row_is_rejected(corpus_dir):
    path = corpus_dir({"a.txt": "Troops left.", "b.txt": "Troops came.", "notes.md": "x"},
                      METADATA_HEADER + metadata_row("a.txt"))
    corpus = tw.load_corpus(path)
    assert corpus.rejects.values.tolist() == [
        ["articles/b.txt", "no row in metadata.csv; add a row with file=b.txt"],
        ["articles/notes.md", "not a .txt file; only articles/*.txt are read"]]


# --- bad input: metadata.csv problems raise CorpusError -------------------------

def test_duplicate_article_ids_raise_naming_both_lines(corpus_dir):
    path = corpus_dir({"a.txt": "Troops left."}, METADATA_HEADER + metadata_row("a.txt") + metadata_row("a.txt"))
    with pytest.raises(tw.CorpusError, match=r"metadata.csv line 3: article_id 'a' is already used on line 2; "
                                             r"every article needs its own file and row"):
        tw.load_corpus(path)


def test_unparseable_date_raises_naming_line_column_and_format(corpus_dir):
    path = corpus_dir({"a.txt": "Troops left."}, METADATA_HEADER + metadata_row("a.txt", published="15/02/2022"))
    with pytest.raises(tw.CorpusError, match=r"metadata.csv line 2, column published: '15/02/2022' is not a date; "
                                             r"write it as YYYY-MM-DD"):
        tw.load_corpus(path)


@pytest.mark.parametrize("value", ["2022-02-30", "2022-W07-2", "20220215", "2022-2-15"])
def test_impossible_or_non_iso_dates_raise(corpus_dir, value):
    path = corpus_dir({"a.txt": "Troops left."}, METADATA_HEADER + metadata_row("a.txt", published=value))
    with pytest.raises(tw.CorpusError, match=f"'{value}' is not a date"):
        tw.load_corpus(path)


def test_missing_required_column_raises_naming_it(corpus_dir):
    path = corpus_dir({"a.txt": "Troops left."},
                      "file,outlet,outlet_country,url,date_basis\na.txt,X,US,u,dateline\n")
    with pytest.raises(tw.CorpusError, match=r"metadata.csv is missing the required column\(s\) published; "
                                             r"its header must name file, outlet"):
        tw.load_corpus(path)


@pytest.mark.parametrize("row, message", [
    ("a.txt,X,US,u,2022-02-15,guessed\n", r"line 2, column date_basis: 'guessed' is not one of dateline, inferred, publisher"),
    ("a.txt,,US,u,2022-02-15,dateline\n", r"line 2: column outlet is empty; fill it in"),
    ("a.txt,X,US,u,2022-02-15\n", r"line 2: 5 fields, but the header has 6; quote values that contain commas"),
    ("sub/a.txt,X,US,u,2022-02-15,dateline\n", r"line 2: file 'sub/a.txt' must be a plain file name ending in .txt"),
])
def test_other_metadata_mistakes_raise_naming_the_line(corpus_dir, row, message):
    path = corpus_dir({"a.txt": "Troops left."}, METADATA_HEADER + row)
    with pytest.raises(tw.CorpusError, match=message):
        tw.load_corpus(path)


def test_article_id_that_differs_from_the_file_stem_raises(corpus_dir):
    path = corpus_dir({"a.txt": "Troops left."},
                      "article_id," + METADATA_HEADER + "b," + metadata_row("a.txt"))
    with pytest.raises(tw.CorpusError, match=r"article_id 'b' differs from the file name 'a.txt'"):
        tw.load_corpus(path)


def test_metadata_that_is_not_utf8_raises(corpus_dir):
    path = corpus_dir({"a.txt": "Troops left."}, "")
    (path / "metadata.csv").write_bytes(METADATA_HEADER.encode() + b"a.txt,Caf\xe9,US,u,2022-02-15,dateline\n")
    with pytest.raises(tw.CorpusError, match=r"metadata.csv line 2 is not UTF-8 \(byte 0xe9\); save the file as UTF-8"):
        tw.load_corpus(path)


def test_missing_corpus_parts_raise_with_what_to_do(tmp_path):
    with pytest.raises(tw.CorpusError, match="pass the folder that holds articles/ and metadata.csv"):
        tw.load_corpus(tmp_path / "nowhere")
    (tmp_path / "articles").mkdir()
    with pytest.raises(tw.CorpusError, match=r"metadata.csv not found; it needs one row per article file"):
        tw.load_corpus(tmp_path)


def test_extra_metadata_columns_are_kept(corpus_dir):
    path = corpus_dir({"a.txt": "Troops left."}, METADATA_HEADER.strip() + ",notes\n" + metadata_row("a.txt").strip() + ",checked\n")
    assert tw.load_corpus(path).articles.notes.tolist() == ["checked"]


# --- selection -----------------------------------------------------------------

def test_select_by_outlet_and_dates_filters_every_frame(seed_corpus):
    selected = seed_corpus.select(outlets=["scroll.in", "Opoyi"], start_date="2022-02-15", end_date="2022-02-15")
    assert selected.articles.outlet.tolist() == ["Scroll.in", "Opoyi"]
    for frame in (selected.paragraphs, selected.sentences, selected.removed):
        assert set(frame.article_id) <= set(selected.articles.article_id)
    assert len(selected.sentences) == selected.articles.n_sentences.sum()


@pytest.mark.parametrize("kwargs, message", [
    ({"outlets": ["Fox"]}, r"outlets: 'Fox' not in the corpus; choose from 'Fox News', 'Opoyi', 'Scroll.in', "),
    ({"start_date": "2022-03-01", "end_date": "2022-02-01"}, r"start_date='2022-03-01' is after end_date='2022-02-01'"),
    ({"start_date": "15 Feb"}, r"start_date='15 Feb' is not a date; write it as YYYY-MM-DD"),
    ({"start_date": "2023-01-01"}, r"no article matches .* the corpus runs from 2021-04-22 to 2022-02-15"),
])
def test_select_rejects_bad_parameters_naming_valid_values(seed_corpus, kwargs, message):
    with pytest.raises(tw.ParameterError, match=message):
        seed_corpus.select(**kwargs)


# --- corpora from strings --------------------------------------------------------

def test_corpus_from_texts_builds_the_same_frames_as_load_corpus(seed_corpus):
    rows = provenance()
    texts = {row["article_id"]: (CORPUS / "articles" / row["file"]).read_text("utf-8") for row in rows}
    in_memory = tw.corpus_from_texts(
        texts, **{key: {row["article_id"]: row[key] for row in rows}
                  for key in ("outlet", "outlet_country", "url", "published", "date_basis", "date_evidence")})
    for name in ("paragraphs", "sentences", "removed"):
        pd.testing.assert_frame_equal(getattr(in_memory, name), getattr(seed_corpus, name))
    columns = [column for column in ARTICLE_COLUMNS if column != "source_file"]
    pd.testing.assert_frame_equal(in_memory.articles[columns], seed_corpus.articles[columns])


def test_corpus_from_texts_broadcasts_metadata_and_numbers_plain_lists():
    corpus = tw.corpus_from_texts(["Troops left.", ""], outlet="X", published=["2022-02-15", None])
    assert corpus.articles.article_id.tolist() == ["text_1"]
    assert corpus.rejects.file.tolist() == ["<text_2>"]
    assert repr(corpus) == ("Corpus(1 article from 1 outlet, 2022-02-15 to 2022-02-15; 1 sentence; "
                            "0 removed lines; 1 rejects)")


@pytest.mark.parametrize("kwargs, message", [
    ({"outlets": "X"}, r"unknown metadata 'outlets'; use outlet, outlet_country"),
    ({"outlet": ["X"]}, r"outlet has 1 values for 2 texts"),
    ({"outlet": {"text_1": "X"}}, r"outlet has no value for 'text_2'"),
])
def test_corpus_from_texts_rejects_bad_metadata(kwargs, message):
    with pytest.raises(tw.ParameterError, match=message):
        tw.corpus_from_texts(["a", "b"], **kwargs)

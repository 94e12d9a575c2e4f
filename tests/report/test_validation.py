import pytest

import troopwatch as tw
from troopwatch.errors import CodebookError, CorpusError, LexiconError
from troopwatch.report.runner import read_parameter_set
from conftest import CORPUS, PROJECT


def test_valid_parameters_return_the_corpus_and_the_selection():
    full, selected = tw.validate_parameters(str(CORPUS), outlets=["Scroll.in"], start_date="2022-01-01",
                                            end_date="", unit="article", method="calibrated", group_by="outlet",
                                            claims=["buildup"], min_value=0, focus_terms=["withdrawal"],
                                            compare_by="period", codebook="", lexicon_overrides="", export_dir="")
    assert len(full.articles) == 5
    assert selected.articles.outlet.tolist() == ["Scroll.in"]


@pytest.mark.parametrize("parameters, error, message", [
    ({"outlets": ["Reuters"]}, tw.ParameterError, r"outlets: 'Reuters' not in the corpus; choose from 'Fox News'"),
    ({"outlets": 5}, tw.ParameterError, r'outlets=5 is not a list; write a list such as \["a", "b"\], or \[\] for all'),
    ({"claims": {"buildup": 1}}, tw.ParameterError, r"claims=\{'buildup': 1\} is not a list"),
    ({"dedupe": "yes"}, tw.ParameterError, r"dedupe: 'yes' is not true or false"),
    ({"start_date": "2022-02-16", "end_date": "2022-02-15"}, tw.ParameterError,
     r"start_date='2022-02-16' is after end_date='2022-02-15'"),
    ({"method": "bert"}, tw.ParameterError, r"method='bert' is not valid; choose one of 'vader', 'calibrated'"),
    ({"unit": "word"}, tw.ParameterError, r"unit='word' is not valid; choose one of 'sentence', 'paragraph', 'article'"),
    ({"group_by": "frame", "unit": "article"}, tw.ParameterError, r"group_by='frame' needs unit='sentence'"),
    ({"compare_by": "country"}, tw.ParameterError, r"compare_by='country' is not valid; choose one of 'outlet', 'period'"),
    ({"claims": ["retreat"]}, tw.ParameterError, r"claims: 'retreat' is not valid; choose from 'buildup'"),
    ({"min_value": "lots"}, tw.ParameterError, r"min_value='lots' is not a number"),
    ({"focus_terms": []}, tw.ParameterError, r"focus_terms=\[\] needs one or more non-empty words"),
    ({"codebook": "missing.yaml"}, CodebookError, r"codebook missing.yaml: cannot be read \(No such file or directory\)"),
    ({"lexicon_overrides": "missing.csv"}, LexiconError, r"lexicon overrides missing.csv: cannot be read"),
    ({"start_date": "2030-01-01"}, tw.ParameterError, r"no article matches .* the corpus runs from 2021-04-22 to 2022-02-15"),
    ({"colour": "red"}, tw.ParameterError, r"unknown parameter\(s\) colour; the parameters are corpus_dir, outlets"),
])
def test_each_bad_parameter_stops_with_a_message_naming_it(parameters, error, message):
    with pytest.raises(error, match=message):
        tw.validate_parameters(str(CORPUS), **parameters)


def test_a_missing_corpus_folder_is_named():
    with pytest.raises(CorpusError, match=r"corpus folder 'nowhere' not found"):
        tw.validate_parameters("nowhere")


def test_troopwatch_errors_render_as_one_line_in_a_notebook():
    error = tw.ParameterError("unit='word' is not valid")
    assert error._render_traceback_() == ["ParameterError: unit='word' is not valid"]


@pytest.mark.parametrize("path", sorted((PROJECT / "params").glob("*.yaml")), ids=lambda path: path.stem)
def test_every_shipped_parameter_set_is_valid(path):
    parameters = read_parameter_set(path)
    tw.validate_parameters(str(CORPUS), **parameters)


def test_a_parameter_set_must_be_a_mapping(tmp_path):
    path = tmp_path / "set.yaml"
    path.write_text("- outlets\n", encoding="utf-8")
    with pytest.raises(tw.ParameterError, match=r"set.yaml: must be a mapping of parameter: value"):
        read_parameter_set(path)

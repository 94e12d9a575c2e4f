"""Scoring against the independent gold sets, and the cluster bootstrap behind every interval."""

import hashlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import troopwatch.measure.evaluation as evaluation
from troopwatch.errors import ResourceError
from troopwatch.measure.uncertainty import cluster_bootstrap, interval_labels, ratio
from conftest import PROJECT

GOLD = PROJECT / "corpus" / "annotations" / "gold"
SHARED_GOLD = PROJECT.parent / "shared" / "gold"


# --- the gold files are the coders' own -------------------------------------------------------

@pytest.mark.parametrize("folder", [GOLD, GOLD.parent / "blind"])
def test_annotation_files_match_their_recorded_sha256(folder):
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="../shared/gold is not beside this checkout")
def test_gold_files_are_byte_identical_to_the_shared_gold():
    for name in ("troops.csv", "attributions.csv", "frames.csv", "CODING.md"):
        assert (GOLD / name).read_bytes() == (SHARED_GOLD / name).read_bytes(), name


def test_gold_sets_read_with_their_sizes_and_flags():
    troops = evaluation.read_gold_set("troops")
    assert (troops["case_id"].nunique(), (troops["qualifier"] != "").sum()) == (150, 134)
    sources = evaluation.read_gold_set("attributions")
    sources = sources[sources["speaker"] != ""]
    assert (len(sources), int(sources["anonymous"].sum()), int(sources["direct"].sum())) == (104, 23, 29)
    frames = evaluation.read_gold_set("frames")
    assert frames.drop(columns=["case_id", "text"]).sum().to_dict() == {
        "military_exercise": 21, "invasion_threat": 20, "de_escalation": 19, "scepticism": 22, "diplomacy": 26,
        "conflict": 27, "responsibility": 18}


def test_a_bad_flag_in_a_gold_file_names_its_line(tmp_path):
    (tmp_path / "frames.csv").write_text("case_id,text,conflict\nf1,A row.,1\nf2,Another.,yes\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"frames.csv line 3, column conflict: 'yes' is not 0 or 1"):
        evaluation.read_gold_set("frames", tmp_path)
    with pytest.raises(ResourceError, match=r"no gold set 'quotes'; choose one of 'troops', 'attributions', 'frames'"):
        evaluation.read_gold_set("quotes")


def test_disputed_cases_are_read_from_the_first_column_of_the_table(tmp_path):
    (tmp_path / "DISPUTED.md").write_text("| case | rule |\n|---|---|\n| t020 | claim |\n| a086 | order |\n")
    assert evaluation.disputed_cases(tmp_path) == ["t020", "a086"]


# --- matching rules ----------------------------------------------------------------------------

def fake_mentions(rows_by_text):
    def extract(text):
        return pd.DataFrame(rows_by_text.get(text, []), columns=["value", "low", "high", "qualifier", "claim", "force"])
    return extract


def troop_gold(rows):
    columns = ["case_id", "text", "span", "value", "low", "high", "qualifier", "claim", "force"]
    gold = pd.DataFrame(rows, columns=columns)
    gold[["value", "low", "high"]] = gold[["value", "low", "high"]].astype("float64")
    return gold


def test_troop_scores_match_by_value_and_qualifier_and_measure_the_rest_on_found_mentions(monkeypatch):
    nan = float("nan")
    gold = troop_gold([
        ("t1", "S1", "about 100,000 troops", 100000, nan, nan, "approximate", "buildup", "russian"),
        ("t1", "S1", "10,000 have left", 10000, 10000, 10000, "exact", "withdrawal", "russian"),
        ("t2", "S2", "tens of thousands of troops", nan, 20000, 100000, "vague", "buildup", "russian"),
        ("t3", "S3", "", nan, nan, nan, "", "", ""),
    ])
    monkeypatch.setattr(evaluation, "extract_troop_mentions", fake_mentions({
        "S1": [(100000, nan, nan, "approximate", "other", "russian")],           # found, wrong claim
        "S2": [(nan, 20000, 100000, "vague", "buildup", "ukrainian")],          # found by bounds, wrong force
        "S3": [(2021, 2021, 2021, "exact", "buildup", "russian")],              # spurious
    }))
    table = evaluation.evaluate_troops(gold).set_index("measure")
    assert table.loc[["(value, qualifier) precision", "(value, qualifier) recall"], ["n", "score"]].values.tolist() \
        == [[3, 2 / 3], [3, 2 / 3]]
    assert table.loc[["bounds exact", "claim accuracy", "force accuracy"], "score"].tolist() == [1.0, 0.5, 0.5]
    assert table.loc["claim accuracy", "n"] == 2


def test_speaker_heads_ignore_titles_appositions_and_post_modifiers():
    heads = [evaluation.gold_speaker_head(s) for s in (
        "Michael Kofman, a specialist", "Sources in the Ukrainian military", "a senior U.S. official", "a senior U",
        "The Pentagon", "Mr. Putin")]
    assert heads == ["kofman", "sources", "official", "u", "pentagon", "putin"]


# --- the cluster bootstrap -------------------------------------------------------------------

def test_the_interval_resamples_articles_not_sentences():
    # two articles of 50 identical sentences each: sentence resampling would give a narrow interval
    totals = np.array([[50.0, 50], [-50.0, 50]])
    assert cluster_bootstrap(totals, ratio(0, 1)) == (-1.0, 1.0)


def test_fewer_than_two_clusters_give_no_interval_and_say_so():
    assert np.isnan(cluster_bootstrap(np.array([[3.0, 4]]), ratio(0, 1))).all()
    labels = interval_labels(pd.DataFrame({"ci_low": [np.nan, -0.0049], "ci_high": [np.nan, 0.25]}))
    assert labels.tolist() == ["n too small", "[-0.00, 0.25]"]


def test_the_same_seed_gives_the_same_interval_and_another_seed_another():
    totals = np.array([[0.31, 2], [-0.47, 3], [1.18, 2], [0.05, 1], [-0.62, 2], [0.93, 4], [0.12, 1]])
    first = cluster_bootstrap(totals, ratio(0, 1), seed=3)
    assert first == cluster_bootstrap(totals, ratio(0, 1), seed=3)
    assert first != cluster_bootstrap(totals, ratio(0, 1), seed=4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(-1, 1), st.integers(1, 20)), min_size=2, max_size=12))
def test_an_interval_of_a_mean_lies_within_the_range_of_the_cluster_means(clusters):
    totals = np.array([(mean * size, size) for mean, size in clusters], dtype="float64")
    low, high = cluster_bootstrap(totals, ratio(0, 1), n_resamples=200)
    means = totals[:, 0] / totals[:, 1]
    assert means.min() - 1e-9 <= low <= high <= means.max() + 1e-9

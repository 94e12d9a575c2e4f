"""load_corpus gives exactly the frames it gave when the snapshots were written (tests/data/snapshots/README.md)."""

from pathlib import Path

import pandas as pd
import pytest

import troopwatch as tw
from corpus_snapshots import CASES, FRAMES, decode, encode, frames, from_texts, read_snapshot


def assert_same_frames(found: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame]) -> None:
    for name in FRAMES:
        pd.testing.assert_frame_equal(
            found[name], expected[name], check_exact=True, check_index_type=True, check_column_type=True, obj=name
        )


@pytest.mark.parametrize("case", list(CASES))
def test_load_corpus_gives_the_snapshot(case: str, tmp_path: Path):
    corpus = tw.load_corpus(CASES[case](tmp_path / "corpus"))
    assert_same_frames(frames(corpus), read_snapshot(case))


def test_corpus_from_texts_gives_the_snapshot():
    assert_same_frames(frames(from_texts()), read_snapshot("from_texts"))


def test_the_edge_snapshot_holds_reprints_removed_lines_and_every_kind_of_reject():
    edge = read_snapshot("edge")
    stories = edge["articles"].set_index("article_id")["story_id"]
    assert stories["b_reprint"] == stories["c_reprint_crlf"] == stories["a_wire"] == "a_wire"
    assert stories["d_copy"] == stories["e_copy"] == "d_copy"
    assert {"comment_form", "posted_on", "wire_dateline", "byline", "also_read"} <= set(edge["removed"]["rule"])
    reasons = edge["rejects"]["reason"].str.split(":| ", regex=True).str[0].tolist()
    assert sorted(set(reasons)) == ["empty", "listed", "no", "not", "nothing"]


def test_snapshots_round_trip_dtypes_values_and_missing_values():
    frame = pd.DataFrame(
        {
            "id": pd.Series(["a", None], dtype="str"),
            "n": [1, 2],
            "when": pd.to_datetime(["2022-02-15", None]).astype("datetime64[ns]"),
            "story": pd.Series(["a", None], dtype=object),
        }
    )
    pd.testing.assert_frame_equal(decode(encode(frame)), frame, check_exact=True, check_column_type=True)

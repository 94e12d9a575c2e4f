"""The corpora of the load_corpus snapshot test, and reading and writing their snapshots.

Run as a script to (re)write the snapshots of the cases named, or of all (see tests/data/snapshots/README.md):

    PYTHONPATH=lib python tests/corpus/corpus_snapshots.py [CASE ...]
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

import troopwatch as tw

PROJECT = Path(__file__).resolve().parents[2]
SEED_CORPUS = PROJECT / "corpus"
SNAPSHOTS = PROJECT / "tests" / "data" / "snapshots"
SYNTHETIC_INPUT = SNAPSHOTS / "synthetic_200.input.json.gz"
FRAMES = ("articles", "paragraphs", "sentences", "removed", "rejects")
HEADER = "file,article_id,outlet,outlet_country,url,published,date_basis,date_evidence,notes\n"

WIRE = (
    "Russia said on Tuesday that some of its troops deployed near Ukraine were returning to their bases after "
    "completing exercises, a move that could ease fears of an imminent invasion.\n\n"
    "The defence ministry did not say how many troops were being withdrawn. Western officials estimate that "
    "Russia has massed more than 130,000 troops near the border.\n\n"
    "Tanks were being loaded onto trains to return to their garrisons, the ministry said, as President "
    "Vladimir Putin prepared to meet German Chancellor Olaf Scholz in Moscow.\n"
)
OTHER = (
    "Ukraine's president called on Ukrainians to fly the national flag on Wednesday, a day some Western "
    "reports had named as a possible date for an attack. Mr. Zelensky said the country would not be "
    "intimidated.\n"
)

#: The edge corpus: reprints, exact copies, boilerplate, odd characters, and every kind of reject.
EDGE_FILES: dict[str, bytes | str] = {
    # three copies of one wire story, each with its own headline, byline and dateline
    "a_wire.txt": " date 2022-02-15 MOSCOW, Feb 15 (Reuters) - " + WIRE + "\nReporting by Reuters\n",
    "b_reprint.txt": "Russia pulls back some troops\n\nBy Staff Reporter\n\n" + WIRE + "\nShare this article\n"
    "Leave a Reply\nYour email address will not be published.\n",
    "c_reprint_crlf.txt": (
        "\ufeffMOSCOW (AP) - " + WIRE.replace("Tuesday", "Tuesday\u00a0") + "Posted on Feb 16"
    ).replace("\n", "\r\n"),
    # the same file saved twice
    "d_copy.txt": OTHER,
    "e_copy.txt": OTHER,
    # headings that stand alone, curly quotes, dashes, invisible characters, a caption with a troop figure
    "f_headings.txt": "Related coverage\nRussia said the \u201cdrills\u201d were over \u2013 for now.\n"
    "Also Read: Kremlin denies plans\n\nSoldiers at a base - Reuters\n"
    "Some 5,000 troops arrive by rail - Reuters\n\nKyiv\u200b urged calm.  Gen. Gerasimov did not.\n",
    "g_short.txt": "Troops left.",
    "h_no_words.txt": "***\n\n...\n",
    # rejects: empty, only boilerplate, not UTF-8, not .txt, no metadata row, a directory
    "i_empty.txt": " \n\t\n",
    "j_boilerplate.txt": "Posted on February 15, 2022\n\nLeave a Reply\nSign up for our newsletter updates\n",
    "k_latin1.txt": b"Troops \xe9 left the border.\n",
    "l_notes.md": "not an article",
    "m_unlisted.txt": "Troops came back.",
}
EDGE_ROWS = [
    "a_wire.txt,a_wire,Wire Service,UK,https://example.org/a,2022-02-15,dateline,,checked",
    "b_reprint.txt,,Kyiv Daily,UA,https://example.org/b,2022-02-16,publisher,,",
    "c_reprint_crlf.txt,,Herald Tribune,US,https://example.org/c,2022-02-15,inferred,from the URL,",
    "d_copy.txt,,Kyiv Daily,UA,https://example.org/d,2022-02-16,publisher,,",
    "e_copy.txt,,Kyiv Daily,UA,https://example.org/e,2022-02-16,publisher,,saved twice",
    "f_headings.txt,,Example News,US,https://example.org/f,2021-12-26,dateline,,",
    "g_short.txt,,Example News,US,https://example.org/g,2021-04-22,dateline,,",
    "h_no_words.txt,,Example News,US,https://example.org/h,2021-04-22,dateline,,",
    "i_empty.txt,,Example News,US,https://example.org/i,2022-02-15,dateline,,",
    "j_boilerplate.txt,,Example News,US,https://example.org/j,2022-02-15,dateline,,",
    "k_latin1.txt,,Example News,US,https://example.org/k,2022-02-15,dateline,,",
    'n_missing.txt,,Example News,US,"https://example.org/n,x",2022-02-15,dateline,,',
]


def write_corpus(folder: Path, files: dict[str, bytes | str], metadata: str) -> Path:
    """Write ``articles/`` and ``metadata.csv`` into ``folder``."""
    (folder / "articles").mkdir(parents=True)
    for name, content in files.items():
        (folder / "articles" / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    (folder / "metadata.csv").write_text(metadata, encoding="utf-8", newline="")
    return folder


def edge_corpus(folder: Path) -> Path:
    """The edge corpus, with a subdirectory in articles/ too."""
    write_corpus(folder, EDGE_FILES, HEADER + "\n".join(EDGE_ROWS) + "\n")
    (folder / "articles" / "o_folder.txt").mkdir()
    return folder


def all_rejected_corpus(folder: Path) -> Path:
    """A corpus none of whose files can be used: every frame is empty."""
    files = {"a.txt": "", "b.txt": "Leave a Reply\n"}
    rows = [f"{name},,Example News,US,https://example.org/{name},2022-02-15,dateline,," for name in files]
    return write_corpus(folder, files, HEADER + "\n".join(rows) + "\n")


def synthetic_corpus(folder: Path) -> Path:
    """The stored synthetic corpus of 200 articles."""
    stored = json.loads(gzip.decompress(SYNTHETIC_INPUT.read_bytes()))
    return write_corpus(folder, stored["articles"], stored["metadata.csv"])


def reprinted_corpus(folder: Path) -> Path:
    """350 articles and 4 rejects: the synthetic corpus, a reprint of the first 150 articles, bad files."""
    stored = json.loads(gzip.decompress(SYNTHETIC_INPUT.read_bytes()))
    rows = list(csv.DictReader(io.StringIO(stored["metadata.csv"])))
    files: dict[str, bytes | str] = dict(stored["articles"])
    for row in rows[:150]:
        reprint = {**row, "article_id": f"r{row['article_id']}", "file": f"r{row['file']}", "outlet": "Wire"}
        reprint["published"] = (
            date.fromisoformat(row["published"]) + timedelta(days=row["file"].count("1") - 1)
        ).isoformat()
        files[reprint["file"]] = "KYIV (Reuters) - " + files[row["file"]] + "\nLeave a Reply\n"
        rows.append(reprint)
    files.update({"x_empty.txt": "", "x_latin1.txt": b"\xe9", "x_unlisted.txt": "Troops left."})
    rows += [
        {**rows[0], "article_id": name[:-4], "file": name} for name in ("x_empty.txt", "x_latin1.txt", "x_gone.txt")
    ]
    table = io.StringIO()
    writer = csv.DictWriter(table, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return write_corpus(folder, files, table.getvalue())


#: Each case: a function that writes its corpus into an empty folder and returns the folder to load.
CASES: dict[str, Callable[[Path], Path]] = {
    "seed": lambda folder: SEED_CORPUS,
    "synthetic_200": synthetic_corpus,
    "edge": edge_corpus,
    "all_rejected": all_rejected_corpus,
    "reprinted_350": reprinted_corpus,
}


def from_texts() -> tw.Corpus:
    """A corpus from strings: missing dates (NaT), a reprint, and a text that is all boilerplate."""
    return tw.corpus_from_texts(
        {"x": WIRE, "y": "WASHINGTON (AP) - " + WIRE, "z": OTHER, "w": "Leave a Reply", "v": WIRE},
        outlet={"x": "A", "y": "B", "z": "A", "w": "C", "v": "C"},
        published={"x": None, "y": "2022-02-16", "z": "", "w": "2022-02-15", "v": None},
    )


# --- snapshots: every frame's index, columns, dtypes and values, as JSON ----------------------------


def _dtype_name(dtype: object) -> str:
    if isinstance(dtype, pd.StringDtype):
        return f"str[{dtype.storage}, {dtype.na_value}]"
    return str(dtype)


def _dtype(name: str) -> object:
    if name.startswith("str["):
        storage, na_value = name[4:-1].split(", ")
        return pd.StringDtype(storage, na_value=math.nan if na_value == "nan" else pd.NA)
    return name


def _value(value: object) -> object:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"no JSON form for {value!r} ({type(value).__name__})")


def encode(frame: pd.DataFrame) -> dict:
    """A frame as JSON-able data; only RangeIndex frames, the only kind a Corpus holds."""
    assert isinstance(frame.index, pd.RangeIndex), frame.index
    assert frame.attrs == {}
    return {
        "index": [frame.index.start, frame.index.stop, frame.index.step],
        "columns": frame.columns.tolist(),
        "columns_dtype": _dtype_name(frame.columns.dtype),
        "dtypes": [_dtype_name(dtype) for dtype in frame.dtypes],
        "data": [[_value(value) for value in frame[column].tolist()] for column in frame.columns],
    }


def decode(data: dict) -> pd.DataFrame:
    """The frame :func:`encode` was given."""
    index = pd.RangeIndex(*data["index"])
    columns = {}
    for name, dtype, values in zip(data["columns"], data["dtypes"], data["data"], strict=True):
        if dtype.startswith("datetime64"):
            values = pd.to_datetime(pd.Series(values, dtype=object)).astype(dtype).tolist()
        columns[name] = pd.Series(values, index=index, dtype=_dtype(dtype))
    frame = pd.DataFrame(columns, index=index)
    frame.columns = pd.Index(data["columns"], dtype=_dtype(data["columns_dtype"]))
    return frame


def snapshot_path(case: str) -> Path:
    return SNAPSHOTS / f"{case}.json.gz"


def frames(corpus: tw.Corpus) -> dict[str, pd.DataFrame]:
    return {name: getattr(corpus, name) for name in FRAMES}


def read_snapshot(case: str) -> dict[str, pd.DataFrame]:
    stored = json.loads(gzip.decompress(snapshot_path(case).read_bytes()))
    return {name: decode(stored[name]) for name in FRAMES}


def write_snapshot(case: str, corpus: tw.Corpus) -> None:
    text = json.dumps({name: encode(frame) for name, frame in frames(corpus).items()}, ensure_ascii=False, indent=0)
    snapshot_path(case).write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def write_synthetic_input() -> None:
    """Store the 200-article corpus of ``troopwatch.report.bench.synthetic_corpus`` (seed 0)."""
    import tempfile

    from troopwatch.report.bench import synthetic_corpus as generate

    with tempfile.TemporaryDirectory() as folder:
        generate(folder, 200, seed=0)
        root = Path(folder)
        stored = {
            "metadata.csv": (root / "metadata.csv").read_text("utf-8"),
            "articles": {path.name: path.read_text("utf-8") for path in sorted((root / "articles").iterdir())},
        }
    text = json.dumps(stored, ensure_ascii=False, indent=0, sort_keys=True)
    SYNTHETIC_INPUT.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def main(cases: list[str]) -> None:
    """Write the snapshots of ``cases`` (all when empty), and of :func:`from_texts` too then."""
    import tempfile

    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    if not SYNTHETIC_INPUT.exists():
        write_synthetic_input()
    for case in cases or CASES:
        make = CASES[case]
        with tempfile.TemporaryDirectory() as folder:
            write_snapshot(case, tw.load_corpus(make(Path(folder) / "corpus")))
            print(f"wrote {snapshot_path(case).relative_to(PROJECT)}", file=sys.stderr)
    if not cases:
        write_snapshot("from_texts", from_texts())
        print(f"wrote {snapshot_path('from_texts').relative_to(PROJECT)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])

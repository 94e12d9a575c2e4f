"""Shared fixtures: the seed corpus, and a factory for corpus folders with bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import troopwatch as tw

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _cache_of_its_own(tmp_path_factory: pytest.TempPathFactory):
    """The tests keep corpora and analyses in a folder of their own, not the project's data/cache."""
    if "TROOPWATCH_CACHE_DIR" in os.environ:
        yield
        return
    os.environ["TROOPWATCH_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    del os.environ["TROOPWATCH_CACHE_DIR"]
CORPUS = PROJECT / "corpus"
METADATA_HEADER = "file,outlet,outlet_country,url,published,date_basis\n"


@pytest.fixture(scope="session")
def seed_corpus() -> tw.Corpus:
    return tw.load_corpus(CORPUS)


@pytest.fixture
def corpus_dir(tmp_path: Path):
    """Write a corpus folder: ``corpus_dir(files={name: bytes|str}, metadata=csv_text)``."""

    def write(files: dict[str, bytes | str], metadata: str) -> Path:
        articles = tmp_path / "corpus" / "articles"
        articles.mkdir(parents=True)
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (articles / name).write_bytes(data)
        (tmp_path / "corpus" / "metadata.csv").write_text(metadata, encoding="utf-8")
        return tmp_path / "corpus"

    return write


def metadata_row(file: str, published: str = "2022-02-15", outlet: str = "Example News") -> str:
    return f"{file},{outlet},US,https://example.org/{file},{published},dateline\n"

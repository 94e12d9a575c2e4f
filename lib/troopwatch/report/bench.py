"""``make bench``: how long the workflow takes on this machine, each figure a ratio measured in one run.

Two parts; it asserts nothing about time:

* **reports**: a kernel that only starts and runs ``import troopwatch`` (the floor), then ``make
  report`` for one notebook, ``make reports`` and ``make -j2 batch`` on the seed corpus, each from an
  empty ``reports/`` (it replaces ``reports/``), beside its target and as a multiple of the floor.
  One untimed ``make reports`` first fills ``data/cache`` (the trained calibrated model, the kept
  corpus, the analysis, the accuracy tables), as the first run on any machine does; the figures
  are of the runs after it.
  ``BENCH_MAKE=0`` skips this part.
* **scale**: synthetic corpora (``BENCH_SIZES``, default ``1000,10000`` articles) generated under
  ``data/bench/`` by :func:`synthetic_corpus`, with planted troop figures, speakers and frame cues
  that must come back from :func:`~troopwatch.analyse`. Load plus all analyses with a cold cache
  (the corpus and the analysis kept in a new temporary folder) against bare NLTK VADER on the same
  sentences in one process; a second run (load and analyse) with the cache warm against the first;
  the peak memory of the process (and of its worker processes) at the largest size. This part
  runs in a process of its own, so the kernels of the first part do not count.

Example:
    >>> ratio(3.0, 2.0)
    '1.50'
    >>> planted_back(*_planted_example())
    []
"""

from __future__ import annotations

import csv
import gc
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

#: Wall-time targets in seconds (2 cores): one notebook, every notebook, every notebook × every set.
TARGETS = {"make report": 6.0, "make reports": 20.0, "make -j2 batch": 50.0}
#: Load plus all analyses, as a multiple of bare VADER on the same sentences.
TARGET_VS_VADER = 2.0
#: The second run (cache warm), as a share of the first.
TARGET_WARM = 0.1
DEFAULT_SIZES = (1000, 10000)

# --- synthetic corpora ---------------------------------------------------------------------------

OUTLETS = ("Daily Example", "Example Post", "Example Times", "The Example Herald", "Example News")
#: Speakers whose names the attribution extractor must return as written.
SPEAKERS = (
    "Pentagon spokesman John Kirby",
    "Secretary of State Antony Blinken",
    "Kremlin spokesman Dmitry Peskov",
    "Ukrainian President Volodymyr Zelensky",
    "NATO Secretary General Jens Stoltenberg",
)
#: A sentence for each planted frame, with the frame key it must score.
FRAME_SENTENCES = {
    "invasion_threat": "Western officials fear that an invasion could begin within weeks.",
    "diplomacy": "Diplomats from both sides will hold talks in Geneva next week.",
}
TROOP_TEMPLATES = (
    "Russia has massed some {n} troops near the Ukrainian border, {speaker} said.",
    "About {n} Russian troops are now stationed near Ukraine, {speaker} said on {weekday}.",
)
FILLERS = (
    "The weather in {town} was cold on {weekday}.",
    "Residents of {town} went about their daily lives.",
    "Shops in {town} stayed open through the weekend.",
    "Local newspapers in {town} covered the story at length.",
    "Trains between {town} and the capital ran on time.",
)
TOWNS = ("Kharkiv", "Voronezh", "Kursk", "Bryansk", "Chernihiv", "Belgorod")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


@dataclass(frozen=True)
class Planted:
    """What :func:`synthetic_corpus` put into each article, by ``article_id``."""

    troops: dict[str, int] = field(default_factory=dict)
    speakers: dict[str, str] = field(default_factory=dict)
    frames: dict[str, str] = field(default_factory=dict)


def synthetic_article(rng: random.Random) -> tuple[str, int, str, str]:
    """One article's text and its planted troop figure, speaker and frame."""
    troops = rng.randrange(10, 200) * 1000
    speaker = rng.choice(SPEAKERS)
    frame = rng.choice(sorted(FRAME_SENTENCES))
    town, weekday = rng.choice(TOWNS), rng.choice(WEEKDAYS)
    fillers = [rng.choice(FILLERS).format(town=town, weekday=weekday) for _ in range(rng.randrange(3, 7))]
    lead = rng.choice(TROOP_TEMPLATES).format(n=f"{troops:,}", speaker=speaker, weekday=weekday)
    paragraphs = [lead, " ".join(fillers[:2]), FRAME_SENTENCES[frame], " ".join(fillers[2:])]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph) + "\n", troops, speaker, frame


def synthetic_corpus(folder: str | Path, articles: int, seed: int = 0) -> Planted:
    """Write a corpus of ``articles`` templated articles (``articles/`` and ``metadata.csv``) into ``folder``.

    Deterministic for a ``seed``. Each article has one troop figure said by one speaker, one sentence
    with a frame cue, and filler sentences with no figure or cue; returns what was planted.

    >>> import tempfile
    >>> planted = synthetic_corpus(tempfile.mkdtemp(), 3, seed=1)
    >>> sorted(planted.troops) == sorted(planted.speakers) == sorted(planted.frames)
    True
    """
    root = Path(folder)
    (root / "articles").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    planted = Planted()
    rows = []
    first = date(2021, 3, 1)
    for number in range(articles):
        article_id = f"{number:06d}_synthetic"
        text, troops, speaker, frame = synthetic_article(rng)
        (root / "articles" / f"{article_id}.txt").write_text(text, encoding="utf-8")
        planted.troops[article_id], planted.speakers[article_id], planted.frames[article_id] = troops, speaker, frame
        rows.append(
            {
                "article_id": article_id,
                "file": f"{article_id}.txt",
                "outlet": OUTLETS[number % len(OUTLETS)],
                "outlet_country": "unknown",
                "url": f"https://example.org/{article_id}",
                "published": (first + timedelta(days=rng.randrange(350))).isoformat(),
                "date_basis": "publisher",
            }
        )
    with open(root / "metadata.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["file"])
        writer.writeheader()
        writer.writerows(rows)
    return planted


def planted_back(planted: Planted, troops: Any, attributions: Any, frame_hits: Any) -> list[str]:
    """The articles whose planted values did not come back (empty when all did).

    ``troops``, ``attributions`` and ``frame_hits`` are the tables of :class:`~troopwatch.Analysis`:
    each article's troop figures must be exactly the planted one, its speakers must include the
    planted speaker, and its frames the planted frame.
    """
    figures = troops.groupby("article_id")["value"].agg(lambda values: sorted(set(values))).to_dict()
    speakers = attributions.groupby("article_id")["speaker"].agg(set).to_dict()
    frames = frame_hits.groupby("article_id")["frame"].agg(set).to_dict()
    return sorted(
        article_id
        for article_id in planted.troops
        if figures.get(article_id) != [planted.troops[article_id]]
        or planted.speakers[article_id] not in speakers.get(article_id, set())
        or planted.frames[article_id] not in frames.get(article_id, set())
    )


def _planted_example() -> tuple[Planted, Any, Any, Any]:
    import pandas as pd

    planted = Planted({"a": 1000}, {"a": "X"}, {"a": "diplomacy"})
    return (
        planted,
        pd.DataFrame({"article_id": ["a"], "value": [1000.0]}),
        pd.DataFrame({"article_id": ["a"], "speaker": ["X"]}),
        pd.DataFrame({"article_id": ["a", "a"], "frame": ["diplomacy", "conflict"]}),
    )


# --- measuring -----------------------------------------------------------------------------------


def ratio(numerator: float, denominator: float) -> str:
    """``numerator / denominator`` with two decimals."""
    return f"{numerator / denominator:.2f}"


def timed(command: list[str], cwd: Path) -> float:
    """Wall seconds of ``command`` (its output is discarded; a failure raises with its stderr)."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - start


def kernel_start_seconds(repeats: int = 3) -> float:
    """Mean wall seconds for papermill to start the kernel and run ``import troopwatch`` (the floor)."""
    import nbformat
    import papermill

    from troopwatch.report.runner import KERNEL, KERNEL_ARGUMENTS, quiet_kernel_manager

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import troopwatch")])
    notebook.metadata["kernelspec"] = {"name": KERNEL, "display_name": KERNEL, "language": "python"}
    times = []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "start.ipynb"
        nbformat.write(notebook, source)
        for _ in range(repeats):
            start = time.perf_counter()
            papermill.execute_notebook(
                str(source),
                str(Path(folder) / "out.ipynb"),
                kernel_name=KERNEL,
                progress_bar=False,
                kernel_manager_class=quiet_kernel_manager(),
                extra_arguments=list(KERNEL_ARGUMENTS),
            )
            times.append(time.perf_counter() - start)
    return sum(times) / len(times)


def bench_reports(project: Path) -> None:
    """The floor, then each make target from an empty ``reports/``, beside its target and the floor."""
    floor = kernel_start_seconds()
    first = sorted((project / "notebooks").glob("[0-9][0-9]_*.ipynb"))[0].stem
    print(f"kernel start + import troopwatch (the floor): {floor:.1f} s")
    shutil.rmtree(project / "reports", ignore_errors=True)
    warm_up = timed(["make", "reports"], project)
    print(f"warm-up, make reports once (fills data/cache as any first run does): {warm_up:.1f} s, not a figure")
    for label, command in (
        ("make report", ["make", "report", f"NB={first}"]),
        ("make reports", ["make", "reports"]),
        ("make -j2 batch", ["make", "-j2", "batch"]),
    ):
        shutil.rmtree(project / "reports", ignore_errors=True)
        seconds = timed(command, project)
        target = TARGETS[label]
        print(
            f"{label:15s} {seconds:6.1f} s  target {target:4.0f} s  ratio {ratio(seconds, target)}  "
            f"= {seconds / floor:5.1f} × the floor",
            flush=True,
        )


def peak_memory_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child (the worker processes)."""
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, kilobytes on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 2**20
    return own, children


def bench_scale(project: Path, sizes: list[int], seed: int = 0) -> None:
    """Load plus analyses (cold, then warm) of each synthetic size against bare VADER; memory at the largest."""
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    import troopwatch as tw
    from troopwatch.analyse.run import analyse as _imports_the_analysis_stack  # noqa: F401 (not timed below)

    for size in sorted(sizes):
        folder = project / "data" / "bench" / f"{size}-seed{seed}"
        shutil.rmtree(folder, ignore_errors=True)
        planted = synthetic_corpus(folder, size, seed=seed)
        with tempfile.TemporaryDirectory() as cache_dir:
            start = time.perf_counter()
            corpus = tw.load_corpus(folder, cache_dir=cache_dir)
            analysis = tw.analyse(corpus, cache_dir=cache_dir, progress=False)
            cold = time.perf_counter() - start
            start = time.perf_counter()
            again = tw.analyse(tw.load_corpus(folder, cache_dir=cache_dir), cache_dir=cache_dir, progress=False)
            warm = time.perf_counter() - start
        missed = planted_back(planted, analysis.troop_mentions, analysis.attributions, analysis.frame_hits)
        texts, analysed_again = corpus.sentences["text"].tolist(), len(again.analysed)
        del corpus, analysis, again  # bare VADER runs with only its sentences in memory: a fair baseline
        gc.collect()
        start = time.perf_counter()
        vader = SentimentIntensityAnalyzer()
        for text in texts:
            vader.polarity_scores(text)
        bare = time.perf_counter() - start
        print(
            f"{size:6d} articles, {len(texts):6d} sentences: load + analyses {cold:6.1f} s, bare VADER {bare:5.1f} s, "
            f"ratio {ratio(cold, bare)} (target ≤ {TARGET_VS_VADER}); warm cache {warm:5.2f} s, "
            f"ratio {ratio(warm, cold)} (target ≤ {TARGET_WARM}); "
            f"planted values back: {size - len(missed)}/{size}, warm run analysed {analysed_again}"
        )
    own, children = peak_memory_mb()
    print(f"peak memory at {max(sizes)} articles: {own:.0f} MB this process, {children:.0f} MB largest worker")


def sizes_from_environment() -> list[int]:
    """``BENCH_SIZES`` (comma-separated article counts; empty skips the scale part), else 1,000 and 10,000."""
    value = os.environ.get("BENCH_SIZES")
    if value is None:
        return list(DEFAULT_SIZES)
    return [int(part) for part in value.replace(" ", "").split(",") if part]


def main() -> None:
    """Both parts from the current (project) directory; each figure printed beside its target."""
    project = Path.cwd()
    if "BENCH_CHILD" not in os.environ:
        print(f"machine: {sys.platform}, {os.cpu_count()} cores, python {sys.version.split()[0]}", flush=True)
    sizes = sizes_from_environment()
    if os.environ.get("BENCH_MAKE", "1") != "0":
        bench_reports(project)
        if sizes:  # in a fresh process, so that its peak memory is not the kernels' of the make targets
            subprocess.run(
                [sys.executable, "-m", "troopwatch.report.bench"],
                env={**os.environ, "BENCH_MAKE": "0", "BENCH_CHILD": "1"},
                check=True,
            )
        return
    if sizes:
        bench_scale(project, sizes)


if __name__ == "__main__":
    main()

"""``troopwatch import``: the command-line wrapper around :func:`~troopwatch.corpus.importing.import_articles`.

Usage::

    troopwatch import SOURCE... [--corpus corpus] [--map text=body,date=pubdate] [--metadata meta.csv]

It prints what it imported and every input it could not use with the reason,
and exits 1 when it imported nothing (unless every input was already in the
corpus: a re-run is not a failure), 2 on a bad option or metadata file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from troopwatch.corpus.importing import import_articles, only_already_imported
from troopwatch.errors import TroopwatchError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="troopwatch", description="Bring articles into a troopwatch corpus.")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser(
        "import",
        help="import saved pages, CSV/JSON Lines exports or .txt files",
        description="Import saved pages (.html), exports with one article per row (.csv, .jsonl) "
        "and .txt files with a metadata CSV into CORPUS/articles and CORPUS/metadata.csv.",
    )
    command.add_argument("sources", nargs="+", metavar="SOURCE", help="a file or a folder of files")
    command.add_argument("--corpus", default="corpus", help="the corpus folder (default: corpus)")
    command.add_argument("--map", dest="mapping", metavar="FIELD=COLUMN,…", help="export columns, e.g. text=body")
    command.add_argument("--metadata", help="the metadata CSV for .txt sources (columns of corpus/metadata.csv)")
    command.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help="progress bar")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``troopwatch import …``; returns the exit status."""
    options = _parser().parse_args(argv)
    try:
        result = import_articles(
            options.sources,
            options.corpus,
            metadata=options.metadata,
            mapping=options.mapping,
            progress=options.progress,
        )
    except (TroopwatchError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for row in result.imported.itertuples():
        print(f"imported {row.source} -> {options.corpus}/articles/{row.file} ({row.outlet}, {row.published})")
    for row in result.rejected.itertuples():
        print(f"skipped {row.source}: {row.reason}", file=sys.stderr)
    print(f"{len(result.imported)} imported, {len(result.rejected)} not imported", file=sys.stderr)
    if result.imported.empty and not only_already_imported(result.rejected):
        print("error: nothing imported; see the reasons above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

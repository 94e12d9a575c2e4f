r"""Reading and checking ``corpus/metadata.csv``.

metadata.csv has one row per article file. It is the analyst's own table, so a
mistake in it stops loading with a :class:`~troopwatch.errors.CorpusError` that
names the line and column and says how to fix it, rather than letting a wrong
date or a duplicate id flow silently into every result.

Columns (``REQUIRED_COLUMNS`` must be present; others are kept as they are):

=============== ==========================================================
file            the article's file name in ``articles/`` (``*.txt``)
article_id      optional; when given it must equal the file name without ``.txt``
outlet          the publishing outlet, as it should appear in tables and figures
outlet_country  the outlet's country (or ``unknown``)
url             where the article was published
published       publication date, ``YYYY-MM-DD``
date_basis      how the date is known: one of ``DATE_BASES``
date_evidence   optional; the evidence for an ``inferred`` date
=============== ==========================================================

Example:
    >>> import io
    >>> table = read_metadata(io.StringIO(
    ...     "file,outlet,outlet_country,url,published,date_basis\n"
    ...     "a.txt,Fox News,US,https://example.org/a,2021-12-26,dateline\n"), "metadata.csv")
    >>> table.loc[0, ["article_id", "published"]].tolist()
    ['a', Timestamp('2021-12-26 00:00:00')]
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

import pandas as pd

from troopwatch.errors import CorpusError
from troopwatch.params import is_iso_date

REQUIRED_COLUMNS = ("file", "outlet", "outlet_country", "url", "published", "date_basis")
OPTIONAL_COLUMNS = ("article_id", "date_evidence")
#: The allowed values of ``date_basis`` and what each means.
DATE_BASES = {
    "dateline": "the date is stated in the article file itself",
    "inferred": "worked out from the text; the reasoning is in date_evidence",
    "publisher": "taken from the publisher's page or feed",
}
_NOT_EMPTY = ("file", "outlet", "published", "date_basis")


def read_metadata(source: io.TextIOBase, name: str) -> pd.DataFrame:
    """Read metadata rows from an open text stream; ``name`` is used in messages.

    Returns one row per article with the columns of the file plus ``article_id``
    and ``metadata_line`` (the row's line number in the file); ``published`` is
    datetime64.
    """
    reader = csv.reader(source)
    header = next(reader, None)
    if not header:
        raise CorpusError(f"{name} is empty; its first line must name the columns {', '.join(REQUIRED_COLUMNS)}")
    header = [column.strip() for column in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise CorpusError(
            f"{name} is missing the required column(s) {', '.join(missing)}; "
            f"its header must name {', '.join(REQUIRED_COLUMNS)}"
        )
    repeated = sorted({column for column in header if header.count(column) > 1})
    if repeated:
        raise CorpusError(f"{name} names the column(s) {', '.join(repeated)} twice; keep one of each")
    rows: list[dict[str, object]] = []
    first_line: dict[str, int] = {}
    for fields in reader:
        line = reader.line_num
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            raise CorpusError(
                f"{name} line {line}: {len(fields)} fields, but the header has "
                f"{len(header)}; quote values that contain commas"
            )
        row = {column: value.strip() for column, value in zip(header, fields, strict=True)}
        _check_row(row, name, line)
        article_id = row.get("article_id") or PurePath(row["file"]).stem
        if article_id in first_line:
            raise CorpusError(
                f"{name} line {line}: article_id {article_id!r} is already used on line "
                f"{first_line[article_id]}; every article needs its own file and row"
            )
        first_line[article_id] = line
        rows.append({**row, "article_id": article_id, "metadata_line": line})
    columns = ["article_id", *[c for c in header if c != "article_id"], "metadata_line"]
    table = pd.DataFrame(rows, columns=columns)
    table["published"] = pd.to_datetime(table["published"], format="%Y-%m-%d").astype("datetime64[ns]")
    table["metadata_line"] = table["metadata_line"].astype("int64")
    return table


def _check_row(row: dict[str, str], name: str, line: int) -> None:
    where = f"{name} line {line}"
    for column in _NOT_EMPTY:
        if not row[column]:
            raise CorpusError(f"{where}: column {column} is empty; fill it in")
    file = PurePath(row["file"])
    if file.name != row["file"] or file.suffix != ".txt":
        raise CorpusError(
            f"{where}: file {row['file']!r} must be a plain file name ending in .txt, as it appears in articles/"
        )
    if row.get("article_id") and row["article_id"] != file.stem:
        raise CorpusError(
            f"{where}: article_id {row['article_id']!r} differs from the file name "
            f"{row['file']!r}; article_id is the file name without .txt ({file.stem!r})"
        )
    if not is_iso_date(row["published"]):
        raise CorpusError(
            f"{where}, column published: {row['published']!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-02-15"
        )
    if row["date_basis"] not in DATE_BASES:
        raise CorpusError(f"{where}, column date_basis: {row['date_basis']!r} is not one of {', '.join(DATE_BASES)}")

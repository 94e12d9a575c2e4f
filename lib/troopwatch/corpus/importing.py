r"""Bringing real corpora in: saved pages, CSV and JSON Lines exports, text files.

:func:`import_articles` turns each input into ``<corpus>/articles/<article_id>.txt``
plus one row of ``<corpus>/metadata.csv`` (the columns of the existing file), and
returns two DataFrames: the rows it imported and the inputs it could not use,
each with its reason. ``troopwatch import`` (:mod:`troopwatch.corpus.cli`) is a
thin wrapper around it.

Three ways in
-------------
* **Saved pages** (``.html``, ``.htm``): trafilatura extracts the main text
  (navigation, share buttons, cookie banners and footers dropped), title, date,
  site name and canonical URL, offline. ``date_basis`` is ``publisher``;
  ``date_evidence`` names the page field that carries the date trafilatura
  found (``JSON-LD datePublished``, ``meta article:published_time`` …; trafilatura
  itself does not say, so the field is found by comparing dates).
* **Exports** (``.csv``, ``.jsonl``, ``.ndjson``): one article per row. Column
  names are recognised through ``resources/import_aliases.csv`` (Media Cloud
  story lists, GDELT DOC/GKG exports, common scrapers); ``mapping`` (``--map``)
  names any other column, e.g. ``{"text": "body", "date": "pubdate"}``.
* **Text files** (``.txt``) with a metadata CSV in the format of
  ``corpus/metadata.csv`` (``metadata=``), as collected by hand.

The id is ``<published>_<first 16 hex digits of sha256(url, or text if no url)>``,
so the same input always gets the same id; an id already in the corpus is
never written again, and a second run adds nothing.

Example:
    >>> result = import_articles([], "no-such-corpus")
    >>> result.imported.columns.tolist()[:4], result.rejected.columns.tolist()
    (['article_id', 'file', 'outlet', 'outlet_country'], ['source', 'reason'])
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pandas as pd

from troopwatch.corpus.metadata import read_metadata
from troopwatch.errors import CorpusError, ParameterError
from troopwatch.files import shipped_text

#: Columns of ``ImportResult.imported`` (the first eight are written to metadata.csv).
IMPORTED_COLUMNS = [
    "article_id",
    "file",
    "outlet",
    "outlet_country",
    "url",
    "published",
    "date_basis",
    "date_evidence",
    "title",
    "source",
]
REJECTED_COLUMNS = ["source", "reason"]
METADATA_COLUMNS = IMPORTED_COLUMNS[:8]
#: The fields an export's columns are mapped to; ``date`` and ``country`` are accepted in ``mapping`` too.
FIELDS = ("text", "title", "url", "published", "outlet", "outlet_country")
_FIELD_SYNONYMS = {"date": "published", "country": "outlet_country", "source": "outlet", "media": "outlet"}
HTML_SUFFIXES = {".html", ".htm"}
EXPORT_SUFFIXES = {".csv", ".jsonl", ".ndjson"}
#: Page fields that carry a publication date, in the order they are named as evidence.
_META_DATE_FIELDS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
)
_ALREADY = "already in the corpus"
_GDELT_STAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})Z?)?$")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class ImportResult(NamedTuple):
    """What :func:`import_articles` did: ``imported`` (``IMPORTED_COLUMNS``) and ``rejected`` (``source, reason``)."""

    imported: pd.DataFrame
    rejected: pd.DataFrame


@dataclass
class _Article:
    source: str
    text: str
    published: str
    date_basis: str
    date_evidence: str
    url: str = ""
    title: str = ""
    outlet: str = "unknown"
    outlet_country: str = "unknown"
    article_id: str = field(init=False, default="")

    def __post_init__(self) -> None:
        key = self.url or self.text
        self.article_id = f"{self.published}_{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


class UnusableInput(Exception):  # noqa: N818 (a reason, not a failure: it becomes a row of ``rejected``)
    """An input that cannot be used; the message is the reason, listed in ``ImportResult.rejected``."""


def read_aliases(text: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """The alias table: for each field, its ``(column, date_basis)`` pairs in order of preference.

    >>> read_aliases()["published"][0]
    ('publish_date', 'publisher')
    """
    rows = csv.DictReader(io.StringIO(text if text is not None else shipped_text("corpus", "import_aliases.csv")))
    table: dict[str, list[tuple[str, str]]] = {name: [] for name in FIELDS}
    for row in rows:
        table[row["field"]].append((row["column"].strip().lower(), row["date_basis"] or "publisher"))
    return table


def parse_mapping(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """``"text=body,date=pubdate"`` (or a mapping) as ``{field: column}``, fields checked.

    >>> parse_mapping("text=body, date=pubdate")
    {'text': 'body', 'published': 'pubdate'}
    >>> parse_mapping("colour=red")
    Traceback (most recent call last):
    ...
    troopwatch.errors.ParameterError: --map: 'colour' is not a field; use text, title, url, published (or date), outlet, outlet_country (or country)
    """  # noqa: E501 (doctest output must match verbatim)
    if spec is None:
        return {}
    if isinstance(spec, str):
        pairs = []
        for part in filter(None, (piece.strip() for piece in spec.split(","))):
            name, sep, column = part.partition("=")
            if not sep or not column.strip():
                raise ParameterError(f"--map: {part!r} is not FIELD=COLUMN, e.g. text=body,date=pubdate")
            pairs.append((name.strip(), column.strip()))
    else:
        pairs = list(spec.items())
    mapping = {}
    for name, column in pairs:
        canonical = _FIELD_SYNONYMS.get(name.lower(), name.lower())
        if canonical not in FIELDS:
            raise ParameterError(
                f"--map: {name!r} is not a field; use text, title, url, published (or date), outlet, "
                "outlet_country (or country)"
            )
        mapping[canonical] = column
    return mapping


def import_articles(
    sources: Iterable[str | Path],
    corpus: str | Path = "corpus",
    *,
    metadata: str | Path | None = None,
    mapping: str | Mapping[str, str] | None = None,
    progress: bool | None = None,
) -> ImportResult:
    """Import ``sources`` (files or folders of them) into the corpus folder ``corpus``.

    ``metadata`` is the metadata CSV for ``.txt`` sources; ``mapping`` names
    export columns the alias table does not know (``{"text": "body"}`` or
    ``"text=body"``). ``progress`` shows a tqdm bar (default: on a terminal,
    from 50 inputs). Nothing in the corpus is overwritten. A bad ``mapping``
    or metadata file raises ParameterError or CorpusError before anything is
    written; every other problem is a row of ``rejected``.
    """
    fields = parse_mapping(mapping)
    aliases = read_aliases()
    meta_rows = _read_text_metadata(metadata)
    root = Path(corpus)
    existing = _existing_ids(root)
    rejected: list[tuple[str, str]] = []
    items: list[tuple[str, object]] = []
    for path in _expand(sources, rejected):
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            items.append(("html", path))
        elif suffix == ".txt":
            items.append(("txt", path))
        elif suffix in EXPORT_SUFFIXES:
            try:
                items += [("row", row) for row in _export_rows(path, fields, aliases)]
            except UnusableInput as problem:
                rejected.append((str(path), str(problem)))
        else:
            rejected.append(
                (str(path), f"unsupported file type {suffix or '(none)'!r}; use .html, .csv, .jsonl or .txt")
            )
    imported: list[dict[str, str]] = []
    seen: dict[str, str] = {}
    for kind, item in _progress(items, progress):
        source = str(item) if isinstance(item, Path) else str(item[0])  # type: ignore[index]
        try:
            if kind == "html":
                assert isinstance(item, Path)
                article = _from_html(item)
            elif kind == "txt":
                assert isinstance(item, Path)
                article = _from_txt(item, meta_rows, metadata)
            else:
                article = _from_row(item)  # type: ignore[arg-type]
        except UnusableInput as problem:
            rejected.append((source, str(problem)))
            continue
        if article.article_id in seen:
            rejected.append(
                (source, f"duplicate id {article.article_id}: the same article as {seen[article.article_id]}")
            )
        elif article.article_id in existing:
            rejected.append((source, f"{_ALREADY} as {article.article_id} (same date and url/text); nothing written"))
        else:
            seen[article.article_id] = source
            imported.append(_write(root, article))
    return ImportResult(
        imported=pd.DataFrame(imported, columns=IMPORTED_COLUMNS),
        rejected=pd.DataFrame(rejected, columns=REJECTED_COLUMNS),
    )


def only_already_imported(rejected: pd.DataFrame) -> bool:
    """True when every rejected input was rejected only because it is already in the corpus (a re-run)."""
    return bool(len(rejected)) and bool(rejected["reason"].str.startswith(_ALREADY).all())


# --- inputs ---------------------------------------------------------------------------------------


def _expand(sources: Iterable[str | Path], rejected: list[tuple[str, str]]) -> Iterator[Path]:
    for source in sources:
        path = Path(source)
        if path.is_dir():
            yield from sorted(child for child in path.rglob("*") if child.is_file())
        elif path.is_file():
            yield path
        else:
            rejected.append((str(path), "not found"))


def _progress(items: list[tuple[str, object]], show: bool | None) -> Iterable[tuple[str, object]]:
    if show is None:
        show = sys.stderr.isatty() and len(items) >= 50
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="importing", unit="article", file=sys.stderr)


def decode(raw: bytes, declared: str | None = None) -> str:
    r"""Bytes as text: a byte-order mark first, then the declared charset, then UTF-8.

    >>> decode("café".encode("latin-1"), declared="iso-8859-1")
    'café'
    >>> decode(b"caf\xe9")
    Traceback (most recent call last):
    ...
    troopwatch.corpus.importing.UnusableInput: not UTF-8 (no charset declared): byte 0xe9 at offset 3; re-save it as UTF-8 or declare its charset
    """  # noqa: E501 (doctest output must match verbatim)
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw.decode(codec)
    tried = "no charset declared"
    if declared:
        try:
            return raw.decode(declared)
        except LookupError:
            tried = f"unknown declared charset {declared!r}"
        except UnicodeDecodeError:
            tried = f"not {declared} as declared either"
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnusableInput(
            f"not UTF-8 ({tried}): byte {raw[error.start]:#04x} at offset {error.start}; "
            "re-save it as UTF-8 or declare its charset"
        ) from None


def _paragraphs(text: str) -> str:
    """One paragraph per line, blank lines between (the corpus's paragraph rule), plain newlines."""
    lines = (" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n\n".join(line for line in lines if line) + "\n"


def _iso_date(value: object) -> date | None:
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    stamp = _GDELT_STAMP.match(text)
    if stamp:
        try:
            return date(int(stamp[1]), int(stamp[2]), int(stamp[3]))
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace(" UTC", "")).date()
    except ValueError:
        return None


def _one_line(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _outlet_from_url(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or "unknown"


# --- saved pages ----------------------------------------------------------------------------------


def _from_html(path: Path) -> _Article:
    import trafilatura

    raw = path.read_bytes()
    declared = _CHARSET.search(raw[:4096])
    html = decode(raw, declared[1].decode("ascii") if declared else None)
    if not html.strip():
        raise UnusableInput("no text found: the page is empty")
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "max_date": date.today().isoformat(),
        },
    )
    text = getattr(document, "text", None) or ""
    title = _one_line(getattr(document, "title", None) or "")
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and title and _one_line(lines[0]) == title:
        lines = lines[1:]
    if not lines:
        raise UnusableInput("no text found: trafilatura found no main text in the page")
    published = getattr(document, "date", None)
    if not published:
        raise UnusableInput("no date: the page's metadata and URL carry no publication date; list it in a metadata CSV")
    url = _one_line(getattr(document, "url", None) or "")
    return _Article(
        source=str(path),
        text=_paragraphs("\n".join(lines)),
        published=str(published)[:10],
        date_basis="publisher",
        date_evidence=_date_evidence(html, str(published)[:10], url),
        url=url,
        title=title,
        outlet=_one_line(getattr(document, "sitename", None) or "") or _outlet_from_url(url),
    )


def _date_evidence(html: str, published: str, url: str) -> str:
    """The page field whose date is ``published`` (trafilatura's htmldate does not say which it used)."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html.encode("utf-8"))
    except Exception:  # noqa: BLE001 (an unparsable page still has trafilatura's date)
        return "page metadata (trafilatura)"
    found: list[tuple[str, str]] = []
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if name in _META_DATE_FIELDS and meta.get("content"):
            found.append((f"meta {name}", meta.get("content", "")))
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        found += [(f"JSON-LD {key}", value) for key, value in _json_dates(data)]
    for element in tree.xpath("//time[@datetime]"):
        found.append(("<time datetime>", element.get("datetime")))
    for name, value in found:
        if _iso_date(value) is not None and str(_iso_date(value)) == published:
            return f"{name} {_one_line(value)!r} (trafilatura)"
    if published.replace("-", "/") in url or published in url:
        return "the date in the page's URL (trafilatura/htmldate)"
    return "page metadata (trafilatura)"


def _json_dates(data: object) -> Iterator[tuple[str, str]]:
    if isinstance(data, list):
        for item in data:
            yield from _json_dates(item)
    elif isinstance(data, dict):
        for key in ("datePublished", "dateCreated", "uploadDate"):
            if isinstance(data.get(key), str):
                yield key, data[key]
        for value in data.values():
            if isinstance(value, dict | list):
                yield from _json_dates(value)


# --- exports --------------------------------------------------------------------------------------


def _export_rows(
    path: Path, mapping: dict[str, str], aliases: dict[str, list[tuple[str, str]]]
) -> Iterator[tuple[str, dict[str, str]]]:
    """``(source, record)`` per row, with the fields resolved; a file-level problem raises UnusableInput."""
    text = decode(path.read_bytes())
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = list(reader.fieldnames or [])
        rows: list[tuple[str, dict[str, object] | None]] = [
            (f"{path} row {number}", dict(row)) for number, row in enumerate(reader, start=1)
        ]
    else:
        rows = []
        header = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError:
                value = None
            rows.append((f"{path} line {number}", value if isinstance(value, dict) else None))
            for key in value if isinstance(value, dict) else ():
                if key not in header:
                    header.append(key)
    columns = _resolve_columns(header, mapping, aliases, path)
    for source, row in rows:
        if row is None:
            yield source, {"_problem": "not a JSON object on one line"}
            continue
        lowered = {str(key).strip().lower(): value for key, value in row.items()}
        record = {name: _cell(lowered.get(column.lower())) for name, (column, _) in columns.items()}
        record["_date_column"], record["_date_basis"] = columns["published"]
        record["_format"] = "CSV" if path.suffix.lower() == ".csv" else "JSON Lines"
        yield source, record


def _cell(value: object) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)


def _resolve_columns(
    header: list[str], mapping: dict[str, str], aliases: dict[str, list[tuple[str, str]]], path: Path
) -> dict[str, tuple[str, str]]:
    present = {column.strip().lower() for column in header}
    columns: dict[str, tuple[str, str]] = {}
    for name in FIELDS:
        if name in mapping:
            if mapping[name].lower() not in present:
                raise UnusableInput(
                    f"missing required column: --map {name}={mapping[name]}, but the file has no such column"
                )
            columns[name] = (mapping[name], "publisher")
            continue
        for column, basis in aliases[name]:
            if column in present:
                columns[name] = (column, basis)
                break
    for name in ("text", "published"):
        if name not in columns:
            known = ", ".join(column for column, _ in aliases[name])
            flag = "date" if name == "published" else name
            raise UnusableInput(
                f"missing required column: no {name} column (known names: {known}); name yours with --map {flag}=COLUMN"
            )
    return columns


def _from_row(item: tuple[str, dict[str, str]]) -> _Article:
    source, record = item
    if "_problem" in record:
        raise UnusableInput(record["_problem"])
    text = record.get("text", "").strip()
    if not text:
        raise UnusableInput("no text found: the text column is empty")
    value = record.get("published", "")
    published = _iso_date(value)
    if published is None:
        shown = f"{value!r} is not a date" if value.strip() else "is empty"
        raise UnusableInput(
            f"no date: column {record['_date_column']} {shown}; use YYYY-MM-DD, ISO 8601 or 20220215T103000Z"
        )
    url = _one_line(record.get("url", ""))
    evidence = f"{record['_format']} column {record['_date_column']}: {_one_line(value)}"
    if record["_date_basis"] == "inferred":
        evidence += " (when GDELT first saw the URL, not the publisher's date)"
    return _Article(
        source=source,
        text=_paragraphs(text),
        published=published.isoformat(),
        date_basis=record["_date_basis"],
        date_evidence=evidence,
        url=url,
        title=_one_line(record.get("title", "")),
        outlet=_one_line(record.get("outlet", "")) or _outlet_from_url(url),
        outlet_country=_one_line(record.get("outlet_country", "")) or "unknown",
    )


# --- text files with a metadata CSV ---------------------------------------------------------------


def _read_text_metadata(path: str | Path | None) -> dict[str, dict[str, object]]:
    if path is None:
        return {}
    text = Path(path).read_bytes().decode("utf-8-sig")
    table = read_metadata(io.StringIO(text, newline=""), str(path))
    return {str(row["file"]): row for row in table.to_dict("records")}


def _from_txt(path: Path, rows: dict[str, dict[str, object]], metadata: str | Path | None) -> _Article:
    if metadata is None:
        raise UnusableInput("a .txt file needs its metadata: pass --metadata meta.csv with a row for it")
    row = rows.get(path.name)
    if row is None:
        raise UnusableInput(f"no row in {metadata}; add a row with file={path.name}")
    text = decode(path.read_bytes())
    if not text.strip():
        raise UnusableInput("no text found: the file is empty")
    published = row["published"]
    assert isinstance(published, pd.Timestamp)
    return _Article(
        source=str(path),
        text=text if text.endswith("\n") else text + "\n",
        published=f"{published:%Y-%m-%d}",
        date_basis=str(row["date_basis"]),
        date_evidence=_one_line(row.get("date_evidence") or ""),
        url=_one_line(row["url"]),
        outlet=_one_line(row["outlet"]),
        outlet_country=_one_line(row["outlet_country"]) or "unknown",
    )


# --- the corpus -----------------------------------------------------------------------------------


def _existing_ids(root: Path) -> set[str]:
    ids = {path.stem for path in (root / "articles").glob("*.txt")}
    metadata = root / "metadata.csv"
    if metadata.is_file():
        try:
            text = metadata.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise CorpusError(f"{metadata} is not UTF-8; save it as UTF-8 before importing into it") from None
        for row in csv.DictReader(io.StringIO(text, newline="")):
            ids.add(row.get("article_id") or Path(row.get("file") or "").stem)
    return ids


def _write(root: Path, article: _Article) -> dict[str, str]:
    """Write the article file (never over an existing one) and append its metadata row."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    file = f"{article.article_id}.txt"
    with (root / "articles" / file).open("x", encoding="utf-8", newline="\n") as target:
        target.write(article.text)
    row = {
        "article_id": article.article_id,
        "file": file,
        "outlet": article.outlet or "unknown",
        "outlet_country": article.outlet_country or "unknown",
        "url": article.url,
        "published": article.published,
        "date_basis": article.date_basis,
        "date_evidence": article.date_evidence,
    }
    metadata = root / "metadata.csv"
    if metadata.is_file() and metadata.stat().st_size:
        with metadata.open(encoding="utf-8", newline="") as source:
            header = next(csv.reader(source))
        ending = metadata.read_bytes()[-1:]
    else:
        header, ending = METADATA_COLUMNS, b"\n"
        metadata.write_text(",".join(header) + "\n", encoding="utf-8")
    with metadata.open("a", encoding="utf-8", newline="") as target:
        if ending != b"\n":
            target.write("\n")
        csv.writer(target, lineterminator="\n").writerow([row.get(column.strip(), "") for column in header])
    return {**row, "title": article.title, "source": article.source}

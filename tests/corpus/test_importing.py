"""Importing real corpora: saved pages, Media Cloud / GDELT exports, text files, and syndicated copies."""

import csv
import hashlib
import json
import socket

import pandas as pd
import pytest

import troopwatch as tw
from troopwatch.corpus.cli import main
from troopwatch.corpus.importing import IMPORTED_COLUMNS, import_articles
from conftest import METADATA_HEADER
from test_stories import OTHER_STORY, WIRE

def page(paragraphs, *, title="Russia pulls back some troops", site="Kyiv Daily", canonical=None,
         json_ld_date=None, og_date=None, charset="utf-8", dateline=""):
    """A saved news page with the clutter real pages carry."""
    head = [f'<meta charset="{charset}">', f"<title>{title} | {site}</title>",
            f'<meta property="og:site_name" content="{site}">', f'<meta property="og:title" content="{title}">']
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    if og_date:
        head.append(f'<meta property="article:published_time" content="{og_date}">')
    if json_ld_date:
        head.append('<script type="application/ld+json">' + json.dumps(
            {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
             "datePublished": json_ld_date, "publisher": {"@type": "Organization", "name": site}}) + "</script>")
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head>{''.join(head)}</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience. Accept all cookies?</p>
<button>Accept</button><button>Manage settings</button></div>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/europe">Europe</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
<div class="byline">By Staff Reporter {dateline}</div>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a> <a href="#">Email</a></div>
<figure><img src="/tanks.jpg" alt="tanks"><figcaption>Russian tanks are loaded onto a train. Photo: Handout</figcaption></figure>
<div class="article-body">{body}</div>
<div class="related"><h3>Related stories</h3><ul><li><a href="/a">Five things to know</a></li></ul></div>
</article></main>
<footer><p>© 2022 {site}. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the importer tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kyiv.html").write_text(page(
        WIRE, canonical="https://kyiv.example/world/russia-pulls-back-troops", json_ld_date="2022-02-15T09:30:00+02:00",
        site="Kyiv Daily"), encoding="utf-8")
    (folder / "herald.htm").write_text(page(
        ["MOSCOW, Feb 15 (Reuters) - " + WIRE[0], *WIRE[1:3], "Reporting by Reuters; editing by a desk editor."],
        title="Kremlin says troops return to bases", site="Herald Tribune",
        canonical="https://herald.example/news/kremlin-troops", og_date="2022-02-15T11:00:00Z"), encoding="utf-8")
    (folder / "latin1.html").write_bytes(page(
        ["Le ministère russe de la Défense a annoncé mardi le retrait de certaines unités déployées près de "
         "l'Ukraine, après des exercices militaires, selon un communiqué publié à Moscou.",
         "Les Occidentaux restent prudents: plus de 130 000 soldats russes sont toujours massés à la frontière, "
         "selon les estimations américaines."],
        title="Retrait partiel", site="Le Quotidien", charset="iso-8859-1",
        canonical="https://quotidien.example/monde/retrait", og_date="2022-02-15T12:00:00+01:00").encode("latin-1"))
    (folder / "empty.html").write_bytes(b"")
    (folder / "undated.html").write_text(page(
        OTHER_STORY, title="Zelenskiy calls for unity", site="Undated Times",
        canonical="https://undated.example/zelenskiy"), encoding="utf-8")
    with (folder / "mediacloud.csv").open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(["stories_id", "media_id", "media_name", "media_url", "publish_date", "title", "url",
                         "language", "ap_syndicated", "text"])
        writer.writerow([2012345, 1, "The Daily Record", "https://record.example", "2022-02-15 14:02:11",
                         "Ukraine calls for national unity day", "https://record.example/unity", "en", False,
                         "\n".join(OTHER_STORY)])
        writer.writerow([2012346, 1, "The Daily Record", "https://record.example", "2022-02-16 08:00:00",
                         "Untitled", "https://record.example/empty", "en", False, ""])
        writer.writerow([2012347, 1, "The Daily Record", "https://record.example", "yesterday",
                         "Undated", "https://record.example/undated", "en", False, "Some text about troops."])
    with (folder / "gdelt.jsonl").open("w", encoding="utf-8") as target:
        target.write(json.dumps({"url": "https://wire.example/2022/02/15/russia-troops", "url_mobile": "",
                                 "title": "Russia says some troops return to base", "seendate": "20220215T103000Z",
                                 "socialimage": "", "domain": "wire.example", "language": "English",
                                 "sourcecountry": "United Kingdom", "content": "\n\n".join(WIRE)}) + "\n")
        target.write("{not json\n")
    (folder / "latin1.csv").write_bytes("url,title,text,date,source\nhttps://x.example/a,Caf\u00e9,Troops.,2022-02-15,X\n"
                                        .encode("latin-1"))
    (folder / "nodate.csv").write_text("url,title,body\nhttps://x.example/b,T,Troops left.\n", encoding="utf-8")
    return folder


def ids(url_or_text, published):
    return f"{published}_{hashlib.sha256(url_or_text.encode('utf-8')).hexdigest()[:16]}"


def test_imports_pages_and_exports_and_lists_every_reject(tmp_path, sources, offline):
    corpus = tmp_path / "corpus"
    result = import_articles([sources], corpus)
    imported = result.imported.set_index("source")
    assert list(result.imported.columns) == IMPORTED_COLUMNS

    kyiv = imported.loc[str(sources / "kyiv.html")]
    assert kyiv.article_id == ids("https://kyiv.example/world/russia-pulls-back-troops", "2022-02-15")
    assert (kyiv.outlet, kyiv.url, kyiv.date_basis) == (
        "Kyiv Daily", "https://kyiv.example/world/russia-pulls-back-troops", "publisher")
    assert kyiv.date_evidence.startswith("JSON-LD datePublished '2022-02-15T09:30:00+02:00'")
    assert kyiv.title == "Russia pulls back some troops"
    text = (corpus / "articles" / kyiv.file).read_text("utf-8")
    assert text == "\n\n".join(WIRE) + "\n"  # no menu, cookie banner, share buttons, caption, related links, footer

    herald = imported.loc[str(sources / "herald.htm")]
    assert (herald.outlet, str(herald.published)) == ("Herald Tribune", "2022-02-15")
    assert herald.date_evidence.startswith("meta article:published_time '2022-02-15T11:00:00Z'")
    assert (corpus / "articles" / herald.file).read_text("utf-8").startswith("MOSCOW, Feb 15 (Reuters) - Russia said")

    latin = imported.loc[str(sources / "latin1.html")]
    assert "Le ministère russe de la Défense" in (corpus / "articles" / latin.file).read_text("utf-8")
    assert latin.outlet == "Le Quotidien"

    record = imported.loc[f"{sources / 'mediacloud.csv'} row 1"]
    assert (record.outlet, record.published, record.date_basis) == ("The Daily Record", "2022-02-15", "publisher")
    assert record.date_evidence == "CSV column publish_date: 2022-02-15 14:02:11"
    assert record.article_id == ids("https://record.example/unity", "2022-02-15")
    assert (corpus / "articles" / record.file).read_text("utf-8") == "\n\n".join(OTHER_STORY) + "\n"

    gdelt = imported.loc[f"{sources / 'gdelt.jsonl'} line 1"]
    assert (gdelt.outlet, gdelt.outlet_country, gdelt.published) == ("wire.example", "United Kingdom", "2022-02-15")
    assert gdelt.date_basis == "inferred"
    assert gdelt.date_evidence.startswith("JSON Lines column seendate: 20220215T103000Z (when GDELT first saw")

    reasons = dict(zip(result.rejected.source, result.rejected.reason, strict=True))
    assert reasons == {
        str(sources / "empty.html"): "no text found: the page is empty",
        str(sources / "undated.html"): "no date: the page's metadata and URL carry no publication date; "
                                       "list it in a metadata CSV",
        f"{sources / 'mediacloud.csv'} row 2": "no text found: the text column is empty",
        f"{sources / 'mediacloud.csv'} row 3": "no date: column publish_date 'yesterday' is not a date; "
                                                "use YYYY-MM-DD, ISO 8601 or 20220215T103000Z",
        f"{sources / 'gdelt.jsonl'} line 2": "not a JSON object on one line",
        str(sources / "latin1.csv"): "not UTF-8 (no charset declared): byte 0xe9 at offset 50; "
                                     "re-save it as UTF-8 or declare its charset",
        str(sources / "nodate.csv"): "missing required column: no published column (known names: publish_date, "
                                     "date_publish, published, published_at, pubdate, publication_date, date, "
                                     "seendate); name yours with --map date=COLUMN",
    }

    loaded = tw.load_corpus(corpus)
    assert loaded.rejects.empty
    assert sorted(loaded.articles.article_id) == sorted(result.imported.article_id)
    # the wire story from Kyiv Daily, the Herald Tribune (other headline, dateline, credit line) and GDELT is one
    # story; the Ukrainian unity story the same day is another; the French report is its own
    stories = loaded.articles.set_index("article_id").story_id
    assert stories[kyiv.article_id] == stories[herald.article_id] == stories[gdelt.article_id]
    assert stories[record.article_id] == record.article_id != stories[kyiv.article_id]
    assert stories[latin.article_id] == latin.article_id
    assert loaded.articles.story_id.nunique() == 3
    assert stories[kyiv.article_id] == min(kyiv.article_id, herald.article_id, gdelt.article_id)


def test_a_second_run_adds_nothing(tmp_path, sources, offline):
    corpus = tmp_path / "corpus"
    first = import_articles([sources], corpus)
    files = sorted((corpus / "articles").iterdir())
    metadata = (corpus / "metadata.csv").read_bytes()
    second = import_articles([sources], corpus)
    assert second.imported.empty
    assert sorted((corpus / "articles").iterdir()) == files
    assert (corpus / "metadata.csv").read_bytes() == metadata
    already = second.rejected[second.rejected.reason.str.startswith("already in the corpus")]
    assert sorted(already.source) == sorted(first.imported.source)


def test_appends_to_an_existing_corpus_in_its_format(tmp_path, corpus_dir, offline):
    corpus = corpus_dir({"a.txt": "Troops left."},
                        "article_id," + METADATA_HEADER.strip() + ",date_evidence\n"
                        "a,a.txt,X,US,https://x.example/a,2022-02-15,dateline,\"the file's dateline, line 1\"\n")
    export = tmp_path / "export.csv"
    export.write_text("link,headline,article_text,pubdate,source\n"
                      "https://y.example/b,B,\"Troops came, it said.\",2022-02-14T23:10:00+03:00,Y News\n",
                      encoding="utf-8")
    result = import_articles([export], corpus)
    new_id = ids("https://y.example/b", "2022-02-14")
    assert result.imported.article_id.tolist() == [new_id]
    lines = (corpus / "metadata.csv").read_text("utf-8").splitlines()
    assert lines[-1] == (f"{new_id},{new_id}.txt,Y News,unknown,https://y.example/b,2022-02-14,publisher,"
                         "CSV column pubdate: 2022-02-14T23:10:00+03:00")
    assert tw.load_corpus(corpus).articles.article_id.tolist() == [new_id, "a"]


def test_map_names_columns_the_alias_table_does_not_know(tmp_path, offline):
    export = tmp_path / "scrape.jsonl"
    export.write_text(json.dumps({"story": "Troops massed near the border.", "when": "2021-04-22",
                                  "paper": "The Record"}) + "\n", encoding="utf-8")
    result = import_articles([export], tmp_path / "corpus", mapping="text=story,date=when,outlet=paper")
    row = result.imported.iloc[0]
    assert (row.outlet, row.published, row.url) == ("The Record", "2021-04-22", "")
    assert row.article_id == ids("Troops massed near the border.\n", "2021-04-22")  # no url: the text decides
    with pytest.raises(tw.ParameterError, match=r"--map: 'colour' is not a field"):
        import_articles([export], tmp_path / "corpus", mapping="colour=red")


def test_text_files_come_in_with_their_metadata_csv(tmp_path, offline):
    (tmp_path / "a.txt").write_text("date 2022-02-15 Russia said troops were leaving.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("Caf\u00e9 troops.".encode("latin-1"))
    (tmp_path / "c.txt").write_text("No row for me.", encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text(METADATA_HEADER + "a.txt,Fox News,US,https://fox.example/a,2022-02-15,dateline\n"
                    "b.txt,X,US,https://x.example/b,2022-02-15,dateline\n", encoding="utf-8")
    result = import_articles([tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"], tmp_path / "corpus",
                             metadata=meta)
    row = result.imported.iloc[0]
    assert (row.outlet, row.date_basis, row.article_id) == ("Fox News", "dateline",
                                                           ids("https://fox.example/a", "2022-02-15"))
    assert (tmp_path / "corpus" / "articles" / row.file).read_bytes() == (tmp_path / "a.txt").read_bytes()
    assert result.rejected.reason.tolist() == [
        "not UTF-8 (no charset declared): byte 0xe9 at offset 3; re-save it as UTF-8 or declare its charset",
        f"no row in {meta}; add a row with file=c.txt"]


def test_two_copies_in_one_run_are_imported_once(tmp_path, offline):
    export = tmp_path / "dupes.csv"
    export.write_text("url,text,date\nhttps://x.example/a,Troops left.,2022-02-15\n"
                      "https://x.example/a,Troops left!,2022-02-15T18:00:00\n", encoding="utf-8")
    result = import_articles([export], tmp_path / "corpus")
    assert len(result.imported) == 1
    assert result.rejected.reason.tolist() == [
        f"duplicate id {result.imported.article_id[0]}: the same article as {export} row 1"]


# --- the command --------------------------------------------------------------------------------

def test_cli_exits_non_zero_with_the_reason_when_nothing_is_imported(tmp_path, capsys, offline):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert main(["import", str(empty), "--corpus", str(tmp_path / "corpus")]) == 1
    err = capsys.readouterr().err
    assert f"skipped {empty}: no text found: the page is empty" in err
    assert "error: nothing imported" in err


def test_cli_imports_and_a_rerun_succeeds(tmp_path, sources, capsys, offline):
    corpus = tmp_path / "corpus"
    assert main(["import", str(sources / "kyiv.html"), "--corpus", str(corpus)]) == 0
    assert "imported" in capsys.readouterr().out
    assert main(["import", str(sources / "kyiv.html"), "--corpus", str(corpus)]) == 0
    assert "already in the corpus" in capsys.readouterr().err
    assert main(["import", str(sources / "kyiv.html"), "--map", "colour=red"]) == 2
    (corpus / "metadata.csv").write_bytes(b"file,outlet\nCaf\xe9.txt,X\n")
    assert main(["import", str(sources / "kyiv.html"), "--corpus", str(corpus)]) == 2
    assert "metadata.csv is not UTF-8; save it as UTF-8 before importing into it" in capsys.readouterr().err


def test_progress_bar_on_request(tmp_path, sources, capsys, offline):
    result = import_articles([sources / "kyiv.html"], tmp_path / "corpus", progress=True)
    assert isinstance(result.imported, pd.DataFrame)
    assert result.imported.published.tolist() == ["2022-02-15"]
    assert "importing: 100%" in capsys.readouterr().err

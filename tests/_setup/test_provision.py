"""`make data` fails closed: an unreachable index or an unlisted hash stops it with one clear line."""

import hashlib
import io
import sys
import tarfile
import textwrap

import pytest

from troopwatch.errors import ResourceError
from troopwatch._setup.provision import fetch_nyt_ratings, locked_release, main


def sdist_bytes() -> bytes:
    """A tiny stand-in for the vaderSentiment sdist with the ratings archive inside."""
    inner = io.BytesIO()
    with tarfile.open(fileobj=inner, mode="w:gz") as ratings:
        data = b"1\t0.5\t1.0\t[1]\n"
        info = tarfile.TarInfo("hutto_ICWSM_2014/ratings.txt")
        info.size = len(data)
        ratings.addfile(info, io.BytesIO(data))
    outer = io.BytesIO()
    with tarfile.open(fileobj=outer, mode="w:gz") as sdist:
        info = tarfile.TarInfo("vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz")
        info.size = len(inner.getvalue())
        sdist.addfile(info, io.BytesIO(inner.getvalue()))
    return outer.getvalue()


def fake_pip(tmp_path, archive: bytes | None, message: str = "") -> list[str]:
    """A `pip` that writes ``archive`` into the -d folder, or fails with ``message``."""
    (tmp_path / "archive.tar.gz").write_bytes(archive or b"")
    script = tmp_path / "fake_pip.py"
    script.write_text(textwrap.dedent(f"""
        import shutil, sys
        if {archive is None!r}:
            sys.stderr.write({message!r} + "\\n"); sys.exit(1)
        folder = sys.argv[sys.argv.index("-d") + 1]
        shutil.copy({str(tmp_path / "archive.tar.gz")!r}, folder + "/vaderSentiment-3.3.2.tar.gz")
    """))
    return [sys.executable, str(script)]


def lock(tmp_path, digest: str):
    path = tmp_path / "requirements.lock"
    path.write_text(f"six==1.16.0 \\\n    --hash=sha256:{'0' * 64}\nvadersentiment==3.3.2 \\\n"
                    f"    --hash=sha256:{digest}\n    # via troopwatch\n")
    return path


def test_the_locked_release_and_its_hashes_are_read_from_the_lock(tmp_path):
    assert locked_release(lock(tmp_path, "ab" * 32).read_text()) == ("vadersentiment==3.3.2", {"ab" * 32})
    with pytest.raises(ResourceError, match=r"requirements.lock pins no hashed vadersentiment; run `make lock`"):
        locked_release("six==1.16.0\n")


def test_an_archive_with_a_listed_hash_is_unpacked(tmp_path):
    archive = sdist_bytes()
    folder = fetch_nyt_ratings(tmp_path / "data", lock(tmp_path, hashlib.sha256(archive).hexdigest()),
                               pip=fake_pip(tmp_path, archive))
    assert (folder / "ratings.txt").read_bytes() == b"1\t0.5\t1.0\t[1]\n"
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["hutto_ICWSM_2014"]


def test_an_archive_whose_hash_the_lock_does_not_list_is_refused(tmp_path):
    pip = fake_pip(tmp_path, sdist_bytes())
    with pytest.raises(ResourceError, match=r"vaderSentiment-3.3.2.tar.gz has sha256 [0-9a-f]{64}, which "
                                            r"requirements.lock does not list for vadersentiment==3.3.2"):
        fetch_nyt_ratings(tmp_path / "data", lock(tmp_path, "ab" * 32), pip=pip)
    assert not (tmp_path / "data" / "hutto_ICWSM_2014").exists()


def test_an_unreachable_index_stops_with_one_line_that_says_what_to_do(tmp_path, capsys, monkeypatch):
    pip = fake_pip(tmp_path, None, "ERROR: No matching distribution found for vadersentiment==3.3.2")
    with pytest.raises(ResourceError, match=r"could not download vadersentiment==3.3.2 from the package index "
                                            r"\(ERROR: No matching distribution found for vadersentiment==3.3.2\); "
                                            r"check the network"):
        fetch_nyt_ratings(tmp_path / "data", lock(tmp_path, "ab" * 32), pip=pip)
    monkeypatch.setattr("troopwatch._setup.provision.fetch_nyt_ratings",
                        lambda *args: (_ for _ in ()).throw(ResourceError("could not download x")))
    assert main(["ratings", str(tmp_path / "data"), str(tmp_path / "requirements.lock")]) == 1
    assert capsys.readouterr().err == "make data: could not download x\n"

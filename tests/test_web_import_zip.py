"""A zip of notes through the upload form and the API: its notes files previewed and imported with their
folders, everything else skipped and named, and a hostile archive (paths out of the upload, links, encryption,
a zip bomb, too many members, not a zip at all) refused with one line before anything is written."""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from test_web import Page  # noqa: E402

from interview_coach.bank import open_bank  # noqa: E402
from interview_coach.bank.archives import unpack_notes  # noqa: E402
from interview_coach.config import Settings  # noqa: E402
from interview_coach.errors import CoachError  # noqa: E402
from interview_coach.web import create_app  # noqa: E402

RAG = b"# RAG\n\n#### Q: What is a vector database?\n\nA store that indexes embeddings for nearest-neighbour search.\n"
ML = b"# ML\n\n#### Q: What does early stopping do?\n\nIt stops training when validation loss stops improving.\n"
CSV = b"question,answer\nWhat is a learning rate?,The step size of gradient descent.\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _raw_zip(name: str, body: bytes, **attrs: int) -> bytes:
    """One member with its name and raw attributes (external_attr, flag_bits) exactly as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo(name)
        for attr, value in attrs.items():
            setattr(info, attr, value)
        archive.writestr(info, body)
    return buffer.getvalue()


def _encrypted(name: str, body: bytes) -> bytes:
    """A member marked encrypted (general-purpose flag bit 0, in its local and its central header)."""
    data = bytearray(_raw_zip(name, body))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 0x1
    return bytes(data)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'bank.db'}"
    open_bank(url).close()
    with TestClient(create_app(Settings(), url, tmp_path / "uploads")) as test_client:
        yield test_client


def test_a_zip_of_notes_is_previewed_then_imported_through_the_form(client: TestClient, tmp_path: Path) -> None:
    data = _zip({"notes/rag.md": RAG, "notes/ml/training.md": ML, "notes/lr.csv": CSV, "notes/diagram.png": b"\x89PNG",
                 "__MACOSX/notes/._rag.md": b"junk", "notes/.hidden.md": RAG})  # fmt: skip
    page = Page(client.post("/import", files=[("files", ("my notes.zip", data, "application/zip"))]).text)
    names = page.text(".preview")
    assert "rag.md" in names and "training.md" in names and "lr.csv" in names
    assert "What is a vector database?" in page.text(".first") and "What does early stopping do?" in page.text(".first")
    skipped = page.text(".error")
    assert "my notes.zip: skipped 3 files that are not notes" in skipped and "notes/diagram.png" in skipped
    assert client.get("/api/items").json() == []  # nothing stored yet
    action = [a["action"] for a in page.attrs("form") if a.get("action", "").startswith("/import/")][0]
    done = Page(client.post(action).text)
    assert done.text(".import-report").count("1 added") == 3  # per file
    questions = sorted(i["question"] for i in client.get("/api/items").json())
    assert questions == ["What does early stopping do?", "What is a learning rate?", "What is a vector database?"]
    staged = list((tmp_path / "uploads").rglob("*.md"))
    assert {p.relative_to(p.parents[3]).as_posix() for p in staged if "ml" in p.parts} == {
        "my notes/notes/ml/training.md"
    }  # the zip's folders kept, under a folder named after it


def test_the_api_takes_a_zip_beside_plain_files(client: TestClient) -> None:
    data = _zip({"rag.md": RAG})
    response = client.post(
        "/api/import/preview",
        files=[("files", ("rag.zip", data, "application/zip")), ("files", ("ml.md", ML, "text/markdown"))],
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert sorted(Path(f["path"]).name for f in body["files"]) == ["ml.md", "rag.md"] and body["problems"] == []
    committed = client.post(f"/api/import/{body['token']}/commit").json()
    assert committed["ok"] and len(client.get("/api/items").json()) == 2


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (_raw_zip("../../escape.md", RAG), "member '../../escape.md' would be written outside the upload"),
        (_raw_zip("/etc/cron.d/x.md", RAG), "member '/etc/cron.d/x.md' would be written outside the upload"),
        (_raw_zip("C:/notes/x.md", RAG), "would be written outside the upload"),
        (_raw_zip("notes/..\\..\\x.md", RAG), "would be written outside the upload"),
        (_raw_zip("link.md", b"/etc/passwd", external_attr=(stat.S_IFLNK | 0o777) << 16), "is a link"),
        (_encrypted("secret.md", RAG), "is encrypted"),
        (b"PK\x03\x04 not really a zip", "not a readable zip archive"),
        (_zip({"photo.png": b"\x89PNG"}), "the archive holds no .md, .markdown, .txt, .csv or .tsv notes files"),
    ],
)
def test_a_hostile_or_useless_zip_is_refused_with_one_line(client: TestClient, archive: bytes, message: str) -> None:
    response = client.post("/api/import/preview", files=[("files", ("bad.zip", archive, "application/zip"))])
    assert response.status_code == 400 and message in response.json()["error"], response.text
    assert response.json()["error"].startswith("bad.zip: ") and "\n" not in response.json()["error"]
    page = client.post("/import", files=[("files", ("bad.zip", archive, "application/zip"))])
    assert page.status_code == 400 and message in Page(page.text).text(".error")


def test_size_limits_count_unpacked_bytes(tmp_path: Path) -> None:
    bomb = _zip({"big.md": b"a" * 5_000_000})  # 5 MB of one letter packs into a few KB
    assert len(bomb) < 50_000
    with pytest.raises(CoachError, match="big.md is over the 1,000,000-byte limit per notes file"):
        unpack_notes("bomb.zip", bomb, max_bytes=1_000_000)
    many = _zip({f"n{i}.md": RAG for i in range(30)})
    with pytest.raises(CoachError, match="unpacks to over 1,000 bytes"):
        unpack_notes("many.zip", many, max_bytes=1_000_000, max_total=1_000)
    crowd = _zip({f"n{i}.md": b"x" for i in range(2_001)})
    with pytest.raises(CoachError, match="2,001 members is over the 2,000"):
        unpack_notes("crowd.zip", crowd, max_bytes=1_000)
    assert not list(tmp_path.iterdir())  # refused before anything is written

"""Team mode (`coach serve --team`) through the test client on real banks (SQLite files, and PostgreSQL when
COACH_TEST_POSTGRES_URL names a server): two users each see only their own data on every route the app has
(the routes are read off `app.routes`, so a route added later is checked too), a signed-out request gets nothing,
a POST without the CSRF token is refused, the sign-in limit holds across processes, and an old single-user bank
upgrades with its data owned by `admin`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from browser_support import coach_serve  # noqa: E402
from fastapi.routing import APIRoute  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import text  # noqa: E402
from starlette.routing import Mount, Route  # noqa: E402
from starlette.websockets import WebSocket  # noqa: E402

from interview_coach.accounts.users import add_to_group, add_user, set_password, share_bank  # noqa: E402
from interview_coach.bank import Bank, open_bank  # noqa: E402
from interview_coach.bank.importer import import_paths  # noqa: E402
from interview_coach.config import Settings  # noqa: E402
from interview_coach.web import create_app  # noqa: E402
from interview_coach.web.auth import PUBLIC, TeamOptions  # noqa: E402

# Each user's notes carry a word found nowhere else: the other user must never see it.
NOTES = {
    "alice": """# Alice's notes

## Regularization

#### Q: How does quokka regularization shrink the weights?

Quokka regularization adds the squared weights to the loss, so every weight shrinks smoothly toward zero.

#### Q: Why does dropout help a quokka classifier generalise?

Dropout zeroes random activations in training so the quokka units cannot co-adapt.
""",
    "bob": """# Bob's notes

## Regularization

#### Q: How does narwhal regularization make weights sparse?

Narwhal regularization adds the absolute weights to the loss, which drives many weights to exactly zero.

#### Q: When does early stopping regularize a narwhal model?

Stop training when the narwhal validation loss stops falling; it limits how far the weights move.
""",
}
MARK = {"alice": "quokka", "bob": "narwhal"}
PASSWORDS = {"alice": "alice-secret-1", "bob": "bob-secret-22", "admin": "admin-secret-333"}
SIGN_OUT = {"/logout", "/api/logout"}  # would end the session the other checks run in: checked on their own
UPLOAD = b"# Upload\n\n#### Q: What is a neutral upload?\n\nA file with no user's marker word in it.\n"


@dataclass
class Team:
    app: Any
    main: Bank
    root: Path
    clients: dict[str, TestClient] = field(default_factory=dict)
    ids: dict[str, dict[str, str]] = field(default_factory=dict)  # per user: item_id, attempt_id, token, bank_id

    def bank_of(self, name: str) -> Bank:
        return self.app.state.team.banks.get(int(self.ids[name]["bank_id"]))


def sign_in(app: Any, name: str, **client: Any) -> TestClient:
    browser = TestClient(app, **client)
    response = browser.post("/api/login", json={"name": name, "password": PASSWORDS[name]})
    assert response.status_code == 200, response.text
    browser.headers["X-CSRF-Token"] = response.json()["csrf"]
    return browser


def _postgres_url() -> str:
    url = os.environ.get("COACH_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("COACH_TEST_POSTGRES_URL not set (scripts/test-postgres.sh starts a throwaway cluster)")
    from sqlalchemy import MetaData, create_engine

    engine = create_engine("postgresql+psycopg://" + url.split("://", 1)[1])
    with engine.begin() as conn:  # a clean team: no member schemas, no rows left by other tests
        for (schema,) in conn.execute(text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'coach_bank_%'")):
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        tables = MetaData()
        tables.reflect(conn)
        for table in reversed(tables.sorted_tables):
            if table.name != "alembic_version":
                conn.execute(table.delete())
    engine.dispose()
    return url


def make_team(root: Path, url: str, options: TeamOptions | None = None) -> Team:
    main = open_bank(url)
    now = datetime.now(UTC)
    for name in ("alice", "bob"):
        add_user(main, name, PASSWORDS[name], now)
        (root / f"{name}.md").write_text(NOTES[name], encoding="utf-8")
    app = create_app(Settings(), url, root / "uploads", team=options or TeamOptions())
    team = Team(app, main, root)
    for name in ("alice", "bob"):
        browser = team.clients[name] = sign_in(app, name)
        bank_id = browser.get("/api/banks").json()["open"]
        team.ids[name] = {"bank_id": str(bank_id)}
        assert import_paths(team.bank_of(name), [str(root / f"{name}.md")]).ok
        item_id = browser.get("/api/items").json()[0]["id"]
        answer = {"item_id": item_id, "answer": "It adds a penalty on the weights to the loss."}
        attempt = browser.post("/api/practice/attempts", json=answer).json()["attempt_id"]
        browser.post(f"/api/practice/attempts/{attempt}/rating", json={"rating": 3}).raise_for_status()
        token = browser.post("/api/import/preview", files=[("files", ("up.md", UPLOAD))]).json()["token"]
        team.ids[name].update(item_id=item_id, attempt_id=str(attempt), token=token)
    return team


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def team(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    root = tmp_path_factory.mktemp(f"team-{request.param}")
    url = f"sqlite:///{root / 'team.db'}" if request.param == "sqlite" else _postgres_url()
    team = make_team(root, url)
    yield team
    for browser in team.clients.values():
        browser.close()
    team.app.state.team.banks.close()
    team.main.close()


# --- every route, read off the app ---------------------------------------------------------------------------------


def every_route(app: Any) -> list[tuple[str, Any]]:
    """(method, route) for every route the app serves, routers included; the only mount is the public /static."""
    import fastapi.routing

    # FastAPI ≥ 0.130 includes routers lazily (its iter_route_contexts flattens them); before, app.routes is flat.
    flatten = getattr(fastapi.routing, "iter_route_contexts", iter)
    found = []
    for route in flatten(app.routes):
        original = getattr(route, "original_route", route)
        if isinstance(original, Mount):
            assert route.path == "/static", f"{route.path}: a mounted app escapes the team guard"
            continue
        assert isinstance(original, Route | APIRoute), f"{route!r}: a kind of route this check does not know"
        found += [(method, route) for method in sorted((route.methods or set()) - {"HEAD"})]
    assert len(found) > 20
    return found


def request_for(method: str, route: Any, ids: dict[str, str]) -> dict[str, Any]:
    """A well-formed request for the route that names the objects in `ids` (another user's, in the checks)."""
    params = {name: ids.get(name, "1") for name in route.param_convertors}
    call: dict[str, Any] = {"method": method, "url": route.path_format.format(**params)}
    dependant = getattr(route, "dependant", None)
    if dependant is None:  # a plain Starlette route (the API docs)
        return call
    query = [q for q in dependant.query_params if q.field_info.is_required()]
    call["params"] = {q.name: _value(q.name, q.field_info.annotation, ids) for q in query}
    for body in dependant.body_params:
        kind = type(body.field_info).__name__
        if kind == "File":
            call["files"] = [(body.name, ("up.md", UPLOAD))]
        elif kind == "Form":
            call.setdefault("data", {})[body.name] = _value(body.name, body.field_info.annotation, ids)
        else:  # a JSON body model
            fields = body.field_info.annotation.model_fields
            call["json"] = {n: _value(n, f.annotation, ids) for n, f in fields.items() if n != "started"}
    return call


def _value(name: str, kind: Any, ids: dict[str, str]) -> Any:
    if name in ids:
        return ids[name]
    known = {"q": "regularization", "answer": "It adds a penalty on the weights to the loss.", "rating": 3}
    known |= {"question": "What does regularization do?", "reference": "It adds a penalty to the loss."}
    if name in known:
        return known[name]
    return 1 if kind is int else "1"


def _snapshot(bank: Bank) -> dict[str, int]:
    tables = ("documents", "items", "attempts", "cards", "reviews", "mock_sessions", "mock_answers")
    with bank.engine.connect() as conn:
        return {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0) for t in tables}


@pytest.mark.parametrize(("viewer", "owner"), [("bob", "alice"), ("alice", "bob")])
def test_no_route_shows_or_changes_another_users_data(team: Team, viewer: str, owner: str) -> None:
    before = _snapshot(team.bank_of(owner))
    browser = team.clients[viewer]
    checked = []
    for method, route in every_route(team.app):
        if route.path in SIGN_OUT or route.path in PUBLIC:
            continue
        call = request_for(method, route, team.ids[owner])  # aimed at the owner's items, attempts, uploads, bank
        response = browser.request(**call, follow_redirects=True)
        assert response.status_code < 500, f"{method} {route.path}: {response.status_code} {response.text[:300]}"
        assert MARK[owner] not in response.text.lower(), f"{method} {route.path} shows {owner}'s data to {viewer}"
        checked.append(route.path)
    assert _snapshot(team.bank_of(owner)) == before, f"{viewer} changed {owner}'s bank"
    assert {"/api/items/{item_id}", "/practice/rate", "/api/import/{token}/commit"} <= set(checked)


@pytest.mark.parametrize("name", ["alice", "bob"])
def test_each_user_sees_their_own_data(team: Team, name: str) -> None:
    """The check above could fail: the same routes do show the signed-in user's own notes."""
    browser, ids = team.clients[name], team.ids[name]
    for url in ("/", f"/items/{ids['item_id']}", "/api/items", f"/api/items/{ids['item_id']}", "/practice"):
        assert MARK[name] in browser.get(url).text.lower(), url
    for url in ("/search?q=regularization", "/api/search?q=regularization+weights", "/api/ask?q=regularization"):
        response = browser.get(url)
        assert MARK[name] in response.text.lower() and MARK["bob" if name == "alice" else "alice"] not in response.text


def test_each_bank_lives_apart(team: Team) -> None:
    """Member banks are their own PostgreSQL schemas (or SQLite files), each with the whole bank schema."""
    for name in ("alice", "bob"):
        bank = team.bank_of(name)
        with bank.engine.connect() as conn:
            items = conn.execute(text("SELECT question FROM items")).scalars().all()
            if conn.dialect.name == "postgresql":
                schema = conn.execute(text("SELECT current_schema()")).scalar()
                assert schema == f"coach_bank_{team.ids[name]['bank_id']}"
        assert items and all(MARK[name] in q for q in items)
    with team.main.engine.connect() as conn:  # the main bank holds the accounts, and none of their items
        assert conn.execute(text("SELECT count(*) FROM items")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM users")).scalar() >= 2


def test_signed_out_requests_get_nothing(team: Team) -> None:
    anonymous = TestClient(team.app)
    for method, route in every_route(team.app):
        if route.path in PUBLIC:
            continue
        response = anonymous.request(**request_for(method, route, team.ids["alice"]), follow_redirects=False)
        if route.path.startswith("/api/"):
            assert response.status_code == 401, f"{method} {route.path}: {response.status_code}"
        else:
            assert response.status_code == 303, f"{method} {route.path}: {response.status_code}"
            assert response.headers["location"].startswith("/login?next="), route.path
        assert "quokka" not in response.text and "narwhal" not in response.text
    forged = TestClient(team.app, cookies={"coach_session": "made-up-token"})
    assert forged.get("/api/items").status_code == 401


def test_a_signed_out_image_fetch_gets_401_not_a_sign_in_form(team: Team) -> None:
    # A favicon fetched beside the sign-in page must not get a sign-in form (and a login cookie) of its own: it
    # would race the visible form's token and the user's sign-in would fail as "expired".
    anonymous = TestClient(team.app)
    icon = anonymous.get("/favicon.ico", headers={"Sec-Fetch-Dest": "image"}, follow_redirects=False)
    assert icon.status_code == 401 and "set-cookie" not in icon.headers
    page = anonymous.get("/progress", headers={"Sec-Fetch-Dest": "document"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")


def test_a_post_without_the_csrf_token_is_refused(team: Team) -> None:
    cookies = dict(team.clients["alice"].cookies)
    no_token = TestClient(team.app, cookies=cookies)  # the session cookie, as a cross-site form would send it
    wrong = TestClient(team.app, cookies=cookies, headers={"X-CSRF-Token": "not-the-token"})
    before = _snapshot(team.bank_of("alice"))
    unsafe = [(m, r) for m, r in every_route(team.app) if m != "GET" and r.path not in PUBLIC]
    assert len(unsafe) >= 8
    for method, route in unsafe:
        for browser in (no_token, wrong):
            response = browser.request(**request_for(method, route, team.ids["alice"]), follow_redirects=False)
            assert response.status_code == 403, f"{method} {route.path}: {response.status_code} {response.text[:200]}"
    assert _snapshot(team.bank_of("alice")) == before
    # The form field works as well as the header (the pages' forms carry it).
    form = {"item_id": team.ids["alice"]["item_id"], "answer": "A penalty on the weights.", "csrf_token": ""}
    assert no_token.post("/practice/answer", data=form).status_code == 403
    form["csrf_token"] = team.clients["alice"].headers["X-CSRF-Token"]
    assert no_token.post("/practice/answer", data=form).status_code == 200
    no_token.close()
    wrong.close()


def test_pages_carry_the_token_and_the_user(team: Team) -> None:
    page = team.clients["alice"].get("/").text
    assert f'<meta name="csrf-token" content="{team.clients["alice"].headers["X-CSRF-Token"]}">' in page
    assert 'data-user="alice"' in page and "/static/team.js" in page


def test_bob_cannot_open_alices_bank(team: Team) -> None:
    response = team.clients["bob"].post(f"/api/banks/{team.ids['alice']['bank_id']}/open")
    assert response.status_code == 400
    assert team.clients["bob"].get("/api/banks").json()["open"] == int(team.ids["bob"]["bank_id"])


# --- sign-in, cookies, sign-up, the rate limit ------------------------------------------------------------------------


@pytest.fixture
def small_team(tmp_path: Path) -> Iterator[tuple[Any, Bank, str]]:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    main = open_bank(url)
    add_user(main, "alice", PASSWORDS["alice"], datetime.now(UTC))
    app = create_app(Settings(), url, tmp_path / "uploads", team=TeamOptions())
    yield app, main, url
    app.state.team.banks.close()
    main.close()


def test_the_session_cookie_is_httponly_lax_and_secure_over_https(small_team: tuple[Any, Bank, str]) -> None:
    app = small_team[0]
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        browser = TestClient(app, base_url=base)
        form = browser.get("/login")
        token = form.cookies["coach_login"]
        response = browser.post(
            "/login",
            data={"name": "alice", "password": PASSWORDS["alice"], "csrf_token": token, "next": "/progress"},
            follow_redirects=False,
        )
        assert response.status_code == 303 and response.headers["location"] == "/progress"
        cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("coach_session="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and ("Secure" in cookie) is secure
        assert browser.get("/progress").status_code == 200
        browser.post("/logout", data={"csrf_token": _csrf(browser)}).raise_for_status()
        assert browser.get("/api/items").status_code == 401  # signed out on the server, not only in the browser


def _csrf(browser: TestClient) -> str:
    page = browser.get("/").text
    return page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]


def test_sign_in_form_refuses_a_missing_token_and_an_offsite_next(small_team: tuple[Any, Bank, str]) -> None:
    browser = TestClient(small_team[0])
    form = {"name": "alice", "password": PASSWORDS["alice"], "csrf_token": "guess"}
    assert browser.post("/login", data=form).status_code == 403
    form |= {"csrf_token": browser.get("/login").cookies["coach_login"], "next": "//evil.example/"}
    response = browser.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_sign_up_is_off_unless_turned_on(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    closed = TestClient(create_app(Settings(), url, tmp_path / "up", team=TeamOptions()))
    assert closed.get("/signup").status_code == 404
    token = closed.get("/login").cookies["coach_login"]
    assert (
        closed.post("/signup", data={"name": "eve", "password": "eve-secret-1", "csrf_token": token}).status_code == 404
    )
    opened = TestClient(create_app(Settings(), url, tmp_path / "up", team=TeamOptions(signup=True)))
    token = opened.get("/signup").cookies["coach_login"]
    response = opened.post("/signup", data={"name": "eve", "password": "eve-secret-1", "csrf_token": token})
    assert response.status_code == 200 and 'data-user="eve"' in response.text
    assert opened.get("/api/items").json() == []  # a new account starts with an empty bank of its own


def test_sign_in_limit_per_account_and_address_holds_across_processes(small_team: tuple[Any, Bank, str]) -> None:
    from interview_coach.accounts.signin import FAILURE_LIMIT

    app, _main, url = small_team
    browser = TestClient(app, client=("198.51.100.7", 4000))
    wrong = {"name": "alice", "password": "not-her-password"}
    for _ in range(FAILURE_LIMIT):
        assert browser.post("/api/login", json=wrong).status_code == 401
    right = {"name": "alice", "password": PASSWORDS["alice"]}
    assert browser.post("/api/login", json=right).status_code == 429  # even the right password, for now
    # Another server process (a second app over the same bank) counts the same failures: they live in the bank.
    other_worker = create_app(Settings(), url, app.state.team.uploads, team=TeamOptions())
    assert TestClient(other_worker, client=("198.51.100.7", 4001)).post("/api/login", json=right).status_code == 429
    assert TestClient(other_worker, client=("203.0.113.9", 4000)).post("/api/login", json=right).status_code == 200
    other_worker.state.team.banks.close()


def test_a_route_added_later_is_guarded_too(small_team: tuple[Any, Bank, str]) -> None:
    from starlette.websockets import WebSocketDisconnect

    from interview_coach.web.deps import state

    app = small_team[0]

    @app.get("/api/later")
    def later() -> dict[str, str]:
        return {"seen": "yes"}

    @app.websocket("/ws/later")
    async def later_socket(websocket: WebSocket) -> None:
        coach = state(websocket)
        await websocket.accept()
        await websocket.send_text(coach.bank.url.rsplit("/", 1)[-1])
        await websocket.close()

    anonymous = TestClient(app)
    assert anonymous.get("/api/later").status_code == 401
    with pytest.raises(WebSocketDisconnect) as closed, anonymous.websocket_connect("/ws/later"):
        pass
    assert closed.value.code == 1008
    alice = sign_in(app, "alice")
    assert alice.get("/api/later").json() == {"seen": "yes"}
    with alice.websocket_connect("/ws/later") as socket:
        assert socket.receive_text() == "2.db"  # her own bank (bank 2), never the main one


def test_passwords_are_argon2id_hashes(small_team: tuple[Any, Bank, str]) -> None:
    from interview_coach.errors import CoachError

    main = small_team[1]
    with main.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users WHERE name = 'alice'")).scalar()
    assert str(stored).startswith("$argon2id$") and PASSWORDS["alice"] not in str(stored)
    with pytest.raises(CoachError, match="at least 8"):
        add_user(main, "carol", "short", datetime.now(UTC))
    with pytest.raises(CoachError, match="exists already"):
        add_user(main, "Alice", "another-password", datetime.now(UTC))


# --- sharing a bank read-only with a group ------------------------------------------------------------------------


def test_a_bank_shared_with_a_group_opens_read_only(tmp_path: Path) -> None:
    team = make_team(tmp_path, f"sqlite:///{tmp_path / 'team.db'}")
    add_to_group(team.main, "cohort", "bob")
    share_bank(team.main, "alice", "cohort")
    bob = team.clients["bob"]
    banks = bob.get("/api/banks").json()["banks"]
    shared = next(b for b in banks if b["owner"] == "alice")
    assert shared["read_only"] is True
    assert bob.post(f"/api/banks/{shared['id']}/open").json() == {"open": shared["id"], "read_only": True}
    assert "quokka" in bob.get("/api/items").text and "read-only bank" in bob.get("/").text
    found = bob.get("/api/search", params={"q": "regularization weights"}).json()  # the owner never searched
    assert "quokka" in str(found) and "narwhal" not in str(found)
    before = _snapshot(team.bank_of("alice"))
    answer = {"item_id": team.ids["alice"]["item_id"], "answer": "A penalty on the weights."}
    assert bob.post("/api/practice/attempts", json=answer).status_code in (400, 403)  # the database refuses
    assert bob.post(f"/api/import/{team.ids['alice']['token']}/commit").status_code in (400, 403)
    assert _snapshot(team.bank_of("alice")) == before
    share_bank(team.main, "alice", "cohort", shared=False)
    assert [b["owner"] for b in bob.get("/api/banks").json()["banks"]] == ["bob"]
    # His session still had her bank open: the share's end takes it away at once, back to his own.
    assert bob.get("/api/banks").json()["open"] == int(team.ids["bob"]["bank_id"])
    assert "quokka" not in bob.get("/api/items").text and "narwhal" in bob.get("/api/items").text
    share_bank(team.main, "alice", "cohort")
    assert bob.post(f"/api/banks/{shared['id']}/open").json()["read_only"] is True  # open again for the removal
    # Removing a user deletes their account, sessions and bank.
    from interview_coach.accounts.banks import drop_bank
    from interview_coach.accounts.users import remove_user

    alice_file = tmp_path / "team-banks" / f"{team.ids['alice']['bank_id']}.db"
    assert alice_file.exists()
    team.app.state.team.banks.close()  # (a running server keeps nothing of hers open: her sessions end first)
    for bank_id in remove_user(team.main, "alice"):
        drop_bank(team.main, bank_id)
    assert not alice_file.exists()
    assert team.clients["alice"].get("/api/items").status_code == 401
    assert "narwhal" in bob.get("/api/items").text  # bob had her bank open: he is back in his own
    team.app.state.team.banks.close()


# --- upgrading a single-user bank ----------------------------------------------------------------------------------


def test_an_old_single_user_bank_becomes_admins(tmp_path: Path) -> None:
    """A bank made at revision 0008 (before accounts), with notes and an answer in it, upgrades on opening: its
    data belongs to `admin` (who needs a password first), and a new user starts empty."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect

    from interview_coach.bank import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "0008")
    engine.dispose()
    assert "users" not in inspect(create_engine(url)).get_table_names()
    # What a single user had, written by this version's importer into the 0008 schema (0009 changes no old table).
    from sqlalchemy.orm import sessionmaker

    engine = create_engine(url)
    (tmp_path / "notes.md").write_text(NOTES["alice"], encoding="utf-8")
    assert import_paths(Bank(engine, sessionmaker(engine), url), [str(tmp_path / "notes.md")]).ok
    with engine.begin() as conn:
        old_items = sorted(conn.execute(text("SELECT id FROM items")).scalars())
        conn.execute(
            text(
                "INSERT INTO attempts (item_id, started_at, submitted_at, seconds, budget_seconds, answer, status) "
                "VALUES (:item, :t, :t, 3, 120, 'my old answer', 'graded')"
            ),
            {"item": old_items[0], "t": datetime.now(UTC)},
        )
    engine.dispose()
    bank = open_bank(url)
    assert bank.backup is not None and bank.backup.exists()  # backed up before the upgrade, as every upgrade is
    with bank.engine.connect() as conn:
        assert conn.execute(text("SELECT name, is_admin, password_hash FROM users")).all() == [("admin", True, None)]
        assert conn.execute(text("SELECT b.id, u.name FROM banks b JOIN users u ON u.id = b.owner_id")).all() == [
            (1, "admin")
        ]
    add_user(bank, "alice", PASSWORDS["alice"], datetime.now(UTC))
    app = create_app(Settings(), url, tmp_path / "up", team=TeamOptions())
    refused = TestClient(app).post("/api/login", json={"name": "admin", "password": ""})
    assert refused.status_code == 401  # no password yet: nobody can sign in as admin
    set_password(bank, "admin", PASSWORDS["admin"])
    admin = sign_in(app, "admin")
    assert sorted(i["id"] for i in admin.get("/api/items").json()) == old_items
    assert "quokka" in admin.get("/").text
    assert admin.get("/api/stats").json() != sign_in(app, "alice").get("/api/stats").json()
    alice = sign_in(app, "alice")
    assert alice.get("/api/items").json() == []
    set_password(bank, "alice", "a-new-password")  # a reset signs her out everywhere
    assert alice.get("/api/items").status_code == 401
    app.state.team.banks.close()
    bank.close()


def test_single_user_mode_has_no_sign_in(tmp_path: Path) -> None:
    app = create_app(Settings(), f"sqlite:///{tmp_path / 'bank.db'}", tmp_path / "up")
    browser = TestClient(app)
    assert browser.get("/api/items").json() == []
    assert browser.get("/login").status_code == 404
    assert "csrf-token" not in browser.get("/").text
    page = browser.get("/practice")
    assert page.status_code == 200


# --- the CLI -------------------------------------------------------------------------------------------------------


def test_users_commands(runner: Any, coach_home: Path) -> None:
    from interview_coach.cli import cli

    added = runner.invoke(cli, ["users", "add", "alice", "--json"], input="alice-secret-1\nalice-secret-1\n")
    assert added.exit_code == 0, added.output
    again = runner.invoke(cli, ["users", "add", "alice"], input="alice-secret-1\nalice-secret-1\n")
    assert again.exit_code == 1 and "exists already" in again.output
    short = runner.invoke(cli, ["users", "add", "bob"], input="short\nshort\n")
    assert short.exit_code == 1 and "at least 8 characters" in short.output and "Traceback" not in short.output
    listed = runner.invoke(cli, ["users", "list", "--json"])
    assert [(u["name"], u["has_password"]) for u in __import__("json").loads(listed.output)] == [
        ("admin", False),
        ("alice", True),
    ]
    assert (
        runner.invoke(cli, ["users", "password", "admin"], input="admin-secret-333\nadmin-secret-333\n").exit_code == 0
    )
    assert runner.invoke(cli, ["users", "group", "cohort", "alice"]).exit_code == 0
    shared = runner.invoke(cli, ["users", "share", "admin", "cohort"])
    assert shared.exit_code == 0 and "shared read-only with cohort" in shared.output
    missing = runner.invoke(cli, ["users", "share", "nobody", "cohort"])
    assert missing.exit_code == 1 and "no user 'nobody'" in missing.output
    assert runner.invoke(cli, ["users", "remove", "admin", "--yes"]).exit_code == 1  # owns the main bank
    removed = runner.invoke(cli, ["users", "remove", "alice", "--yes"])
    assert removed.exit_code == 0 and "Removed alice" in removed.output
    assert "alice" not in runner.invoke(cli, ["users", "list"]).output
    for command in ("add", "password", "list", "group", "share", "remove"):
        assert "Example:" in runner.invoke(cli, ["users", command, "--help"]).output


def test_coach_serve_team_with_two_workers(runner: Any, coach_home: Path, tmp_path: Path) -> None:
    """`coach serve --team --workers 2` end to end: separate processes serve one team; a session made through one
    connection works on fresh connections (whichever worker takes them), and a signed-out request gets 401."""

    import httpx

    from interview_coach.cli import cli

    url = f"sqlite:///{tmp_path / 'team.db'}"
    assert runner.invoke(cli, ["--db", url, "users", "add", "alice"], input="alice-secret-1\n" * 2).exit_code == 0
    with coach_serve(["--db", url, "serve", "--team", "--workers", "2"], ready=401) as base:
        signed = httpx.post(f"{base}/api/login", json={"name": "alice", "password": "alice-secret-1"})
        assert signed.status_code == 200
        cookies = {"coach_session": signed.cookies["coach_session"]}
        for _ in range(12):  # a new connection each time, so the kernel hands them to either worker
            assert httpx.get(f"{base}/api/items", cookies=cookies, headers={"Connection": "close"}).json() == []
        assert httpx.get(f"{base}/api/items").status_code == 401


def test_fuzzing_the_api_signed_in_makes_no_server_error(tmp_path: Path) -> None:
    """The OpenAPI fuzzing of test_web_fuzz, in team mode with a signed-in user (the team routes included)."""
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings

    team = make_team(tmp_path, f"sqlite:///{tmp_path / 'team.db'}")
    alice = team.clients["alice"]
    auth = {"headers": {"X-CSRF-Token": alice.headers["X-CSRF-Token"]}, "cookies": dict(alice.cookies)}
    schema = schemathesis.openapi.from_asgi("/openapi.json", team.app, **auth)
    operations = [r.ok() for r in schema.get_all_operations()]
    operations = [op for op in operations if op.path != "/api/logout"]
    assert {"/api/login", "/api/banks", "/api/banks/{bank_id}/open"} <= {op.path for op in operations}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def no_server_error(case: Any) -> None:
            response = case.call(**auth)
            assert response.status_code < 500, f"{case.method} {case.path}: {response.status_code} {response.text}"

        no_server_error()
    assert alice.get("/api/items").status_code == 200  # still signed in: the fuzzing did not end the session
    team.app.state.team.banks.close()

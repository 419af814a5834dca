"""Team admin pages through the test client and an HTML parser (real SQLite team bank): an admin adds an account,
sets a password, puts users in a group and shares a bank read-only with it, through the same core functions as
`coach users …`; the effect is real (the new user signs in, the group member opens the shared bank read-only);
forms without the session's CSRF token get 403, and so does every non-admin. One run in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from browser_support import ARTIFACTS, launched_chromium, serving  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from test_web import Page  # noqa: E402

from interview_coach.accounts.users import add_user, list_groups, list_users, set_password  # noqa: E402
from interview_coach.bank import open_bank  # noqa: E402
from interview_coach.config import Settings  # noqa: E402
from interview_coach.web import create_app  # noqa: E402
from interview_coach.web.auth import TeamOptions  # noqa: E402

PASSWORDS = {"admin": "admin-secret-333", "alice": "alice-secret-1", "carol": "carol-secret-4444"}


def _client(app: Any, name: str, password: str | None = None) -> TestClient:
    browser = TestClient(app)
    response = browser.post("/api/login", json={"name": name, "password": password or PASSWORDS[name]})
    assert response.status_code == 200, response.text
    browser.headers["X-CSRF-Token"] = response.json()["csrf"]
    return browser


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Any]:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    main = open_bank(url)
    set_password(main, "admin", PASSWORDS["admin"])  # the upgraded single-user bank's owner
    add_user(main, "alice", PASSWORDS["alice"], datetime.now(UTC))
    app = create_app(Settings(), url, tmp_path / "uploads", team=TeamOptions())
    yield app, main
    app.state.team.banks.close()
    main.close()


def _form(page: Page, action: str) -> dict[str, str]:
    """The hidden fields of the page's form posting to `action` (its CSRF token)."""
    forms = page.attrs("form", action=action)
    assert forms, f"no form posts to {action}"
    return {a["name"]: a["value"] for a in page.attrs("input", type="hidden") if a.get("name") == "csrf_token"}


def test_an_admin_manages_accounts_groups_and_shares_from_the_page(team: Any) -> None:
    app, main = team
    admin = _client(app, "admin")
    page = Page(admin.get("/").text)
    assert [a for a in page.attrs("a") if a.get("href") == "/admin"], "admins get an Admin link"
    page = Page(admin.get("/admin").text)
    assert page.text("h1") == "Team admin"
    assert {row["data-user"] for row in page.attrs("tr") if "data-user" in row} == {"admin", "alice"}
    assert "Sign-up is off" in page.text(".signup")
    hidden = _form(page, "/admin/users")
    plain = TestClient(app, cookies=dict(admin.cookies))  # a browser form: the token only as the hidden field

    added = plain.post("/admin/users", data={**hidden, "name": "Carol", "password": PASSWORDS["carol"]})
    assert added.status_code == 200 and "Added carol." in Page(added.text).text(".notice")
    assert "carol" in {u.name for u in list_users(main)}
    _client(app, "carol")  # she can sign in with that password

    short = plain.post("/admin/users", data={**hidden, "name": "dave", "password": "short"})
    assert short.status_code == 400 and "8 characters" in Page(short.text).text(".error")
    twice = plain.post("/admin/users", data={**hidden, "name": "alice", "password": "another-pass-1"})
    assert twice.status_code == 400 and "exists already" in Page(twice.text).text(".error")

    reset = plain.post("/admin/password", data={**hidden, "name": "carol", "password": "carol-new-pass-5"})
    assert reset.status_code == 200 and "Password set for carol" in Page(reset.text).text(".notice")
    _client(app, "carol", "carol-new-pass-5")

    grouped = plain.post("/admin/groups", data={**hidden, "group": "cohort-7", "name": "carol"})
    assert grouped.status_code == 200
    shared = plain.post("/admin/shares", data={**hidden, "owner": "alice", "group": "cohort-7"})
    page = Page(shared.text)
    assert "alice's bank is shared read-only with cohort-7." in page.text(".notice")
    assert page.text(".members") == "carol" and page.text(".shared") == "alice"
    assert [(g.name, g.members, g.shared) for g in list_groups(main)] == [("cohort-7", ["carol"], ["alice"])]
    carol = _client(app, "carol", "carol-new-pass-5")
    readable = carol.get("/api/banks").json()["banks"]
    assert [(b["owner"], b["read_only"]) for b in readable] == [("carol", False), ("alice", True)]

    stopped = plain.post("/admin/shares", data={**hidden, "owner": "alice", "group": "cohort-7", "stop": "true"})
    assert "no longer shared" in Page(stopped.text).text(".notice") and Page(stopped.text).text(".shared") == "none"
    assert len(carol.get("/api/banks").json()["banks"]) == 1


def test_admin_forms_need_the_csrf_token(team: Any) -> None:
    app, main = team
    admin = _client(app, "admin")
    forged = TestClient(app, cookies=dict(admin.cookies))  # the session cookie alone, as a cross-site form sends it
    for action, data in [
        ("/admin/users", {"name": "mallory", "password": "mallory-pass-1"}),
        ("/admin/password", {"name": "alice", "password": "taken-over-1"}),
        ("/admin/groups", {"group": "g", "name": "alice"}),
        ("/admin/shares", {"owner": "admin", "group": "g"}),
    ]:
        assert forged.post(action, data={**data, "csrf_token": "wrong"}).status_code == 403, action
    assert "mallory" not in {u.name for u in list_users(main)} and not list_groups(main)
    _client(app, "alice")  # her password is unchanged


def test_a_member_gets_403_from_every_admin_route(team: Any) -> None:
    app, main = team
    alice = _client(app, "alice")
    assert not [a for a in Page(alice.get("/").text).attrs("a") if a.get("href") == "/admin"]
    page = alice.get("/admin")
    assert page.status_code == 403 and "only a team admin" in Page(page.text).text("main")
    for action, data in [
        ("/admin/users", {"name": "mallory", "password": "mallory-pass-1"}),
        ("/admin/password", {"name": "admin", "password": "taken-over-1"}),
        ("/admin/groups", {"group": "g", "name": "alice"}),
        ("/admin/shares", {"owner": "admin", "group": "g"}),
    ]:
        assert alice.post(action, data=data).status_code == 403, action  # with her valid CSRF token
    assert {u.name for u in list_users(main)} == {"admin", "alice"} and not list_groups(main)
    _client(app, "admin")


def test_an_admin_adds_an_account_in_chromium(team: Any) -> None:
    app, _ = team
    with serving(app) as server, launched_chromium() as chromium:
        page = chromium.new_context(viewport={"width": 1100, "height": 1000}).new_page()
        page.goto(f"{server}/admin")
        page.get_by_label("User name").fill("admin")
        page.get_by_label("Password").fill(PASSWORDS["admin"])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_selector("h1:has-text('Team admin')")
        form = page.locator("form.add-user")
        form.get_by_label("Name").fill("carol")
        form.get_by_label("Password").fill(PASSWORDS["carol"])
        form.get_by_role("button", name="Add").click()
        page.wait_for_selector(".notice")
        assert page.locator(".notice").inner_text() == "Added carol."
        assert page.locator('tr[data-user="carol"]').count() == 1
        share = page.locator("form.add-to-group")
        share.get_by_label("Group").fill("cohort-7")
        share.get_by_label("User").select_option("carol")
        share.get_by_role("button", name="Add to group").click()
        page.wait_for_selector('tr[data-group="cohort-7"]')
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "team-admin.png"), full_page=True)
        assert page.locator('tr[data-group="cohort-7"] .members').inner_text() == "carol"

"""Team mode in real headless Chromium (Debian's, through Playwright's executable_path; no browser download): a
signed-out visit lands on the sign-in page, two users sign in through the form in separate browser contexts and
each sees only their own notes, a practice answer goes through (the pages' script adds the CSRF token to the
form), and signing out ends the session. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from browser_support import ARTIFACTS, chromium_path, launched_chromium, serving  # noqa: E402

from interview_coach.accounts.users import add_user, own_bank  # noqa: E402
from interview_coach.bank import open_bank  # noqa: E402
from interview_coach.bank.importer import import_paths  # noqa: E402
from interview_coach.config import Settings  # noqa: E402
from interview_coach.web import create_app  # noqa: E402
from interview_coach.web.auth import TeamOptions  # noqa: E402

PASSWORDS = {"alice": "alice-secret-1", "bob": "bob-secret-22"}
NOTES = {
    "alice": "# A\n\n#### Q: How does quokka regularization shrink the weights?\n\n"
    "Quokka regularization adds the squared weights to the loss, so every weight shrinks toward zero.\n",
    "bob": "# B\n\n#### Q: How does narwhal regularization make weights sparse?\n\n"
    "Narwhal regularization adds the absolute weights to the loss, driving many weights to exactly zero.\n",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chromium_path()
    root = tmp_path_factory.mktemp("teamui")
    url = f"sqlite:///{root / 'team.db'}"
    main = open_bank(url)
    app = create_app(Settings(), url, root / "uploads", team=TeamOptions())
    for name in ("alice", "bob"):
        user = add_user(main, name, PASSWORDS[name], datetime.now(UTC))
        (root / f"{name}.md").write_text(NOTES[name], encoding="utf-8")
        with main.session() as session:
            bank_id = own_bank(session, user.id)
        assert import_paths(app.state.team.banks.get(bank_id), [str(root / f"{name}.md")]).ok
    with serving(app) as address:
        yield address
    main.close()


@pytest.fixture(scope="module")
def chromium(server: str) -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


def _sign_in(chromium: Any, server: str, name: str) -> Any:
    page = chromium.new_context(viewport={"width": 1100, "height": 900}).new_page()
    page.goto(f"{server}/")
    assert page.url.startswith(f"{server}/login?next=")  # signed out: nothing but the sign-in form
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORDS[name])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(f'[data-user="{name}"]')
    return page


def test_two_users_each_see_only_their_own_notes(server: str, chromium: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    stranger = chromium.new_context().new_page()
    stranger.goto(f"{server}/api/items")
    assert "sign in first" in stranger.content() and "quokka" not in stranger.content()
    wrong = stranger
    wrong.goto(f"{server}/login")
    wrong.get_by_label("User name").fill("alice")
    wrong.get_by_label("Password").fill("not-her-password")
    wrong.get_by_role("button", name="Sign in").click()
    assert "wrong user name or password" in wrong.locator(".error").inner_text()
    wrong.screenshot(path=str(ARTIFACTS / "team-login.png"), full_page=True)

    alice, bob = _sign_in(chromium, server, "alice"), _sign_in(chromium, server, "bob")
    assert "quokka" in alice.locator("main").inner_text() and "narwhal" not in alice.content()
    assert "narwhal" in bob.locator("main").inner_text() and "quokka" not in bob.content()
    alice.screenshot(path=str(ARTIFACTS / "team-library-alice.png"), full_page=True)
    bob.screenshot(path=str(ARTIFACTS / "team-library-bob.png"), full_page=True)

    # A form post goes through: team.js added the session's CSRF token to it.
    alice.get_by_role("link", name="How does quokka regularization shrink the weights?").click()
    alice.get_by_role("link", name="Practise this question").click()
    alice.locator("#answer").fill("It adds the squared weights to the loss, so the weights shrink toward zero.")
    alice.get_by_role("button", name="Submit answer").click()
    alice.wait_for_selector("#score")
    assert "/100" in alice.locator("#score").inner_text()
    alice.screenshot(path=str(ARTIFACTS / "team-feedback-alice.png"), full_page=True)
    bob.goto(f"{server}/progress")
    assert "quokka" not in bob.content()

    bob.get_by_role("button", name="Sign out").click()
    bob.wait_for_url(f"{server}/login")
    bob.goto(f"{server}/")
    assert bob.url.startswith(f"{server}/login") and "narwhal" not in bob.content()
    alice.goto(f"{server}/")
    assert "quokka" in alice.locator("main").inner_text()  # her session is her own
